//! UI texts in every language Bazaar speaks.
//!
//! Each language is one `const Messages` in its own file. Because `Messages` is a plain struct, a missing text in
//! any language is a compile error, not a blank on the page. Texts that take values (counts, names) are functions,
//! so each language can order words and choose plural forms its own way.
//!
//! We chose this over a translation crate (leptos_i18n, leptos-fluent) because the texts are few, the completeness
//! check comes for free from the type system, and it adds nothing to the wasm bundle; see ARCHITECTURE.md.

mod analytics;
mod en;
mod es;
mod ko;
pub mod offline;
mod onboarding;
mod pt;
mod pwa;
mod ru;

pub use analytics::AnalyticsTexts;
pub use onboarding::OnboardingTexts;
pub use pwa::PwaTexts;
use shared::locale::Locale;

/// Every text of the UI, for one language.
pub struct Messages {
    pub skip_to_content: &'static str,
    pub brand_tagline: &'static str,
    pub language_label: &'static str,
    pub nav_shop: &'static str,
    pub nav_seller: &'static str,
    pub nav_admin: &'static str,
    pub main_navigation: &'static str,

    pub home_title: &'static str,
    pub home_subtitle: &'static str,
    pub trust_escrow_title: &'static str,
    pub trust_escrow_body: &'static str,
    pub trust_tracking_title: &'static str,
    pub trust_tracking_body: &'static str,
    pub trust_disputes_title: &'static str,
    pub trust_disputes_body: &'static str,

    pub products_heading: &'static str,
    pub departments: &'static str,
    pub all_departments: &'static str,
    pub product_count: fn(u64) -> String,
    pub in_stock: &'static str,
    pub out_of_stock: &'static str,
    pub sold_by: fn(&str) -> String,
    pub rating: fn(&str) -> String,
    pub no_rating: &'static str,
    pub loading_products: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub no_products: &'static str,
    pub pagination_label: &'static str,
    pub page_status: fn(u32, u64) -> String,
    pub previous_page: &'static str,
    pub next_page: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_to_shop: &'static str,

    pub seller_title: &'static str,
    pub seller_intro: &'static str,
    pub admin_title: &'static str,
    pub admin_intro: &'static str,
    /// Overview, listings, orders, analytics, money (`SELLER_SECTION_LINKS` order).
    pub console_sections: [&'static str; 5],
    pub admin_sections: [&'static str; 4],
    pub console_sign_in_needed: &'static str,

    pub footer_note: &'static str,

    pub account: AccountTexts,
    pub product: ProductTexts,
    pub search: SearchTexts,
    pub shop: ShopTexts,
    pub logistics: LogisticsTexts,
    pub onboarding: &'static onboarding::OnboardingTexts,
    pub listings: ListingTexts,
    pub seller_orders: SellerOrderTexts,
    pub imports: ImportTexts,
    pub scorecard: ScorecardTexts,
    pub statement: StatementTexts,
    pub analytics: &'static analytics::AnalyticsTexts,
    pub pwa: &'static pwa::PwaTexts,
}

/// Texts of the seller's money statement (`shared::statement`).
pub struct StatementTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub show: &'static str,
    pub totals: &'static str,
    /// Held in escrow, released to you, commission, refunds, paid out.
    pub total_names: [&'static str; 5],
    /// Date, what, order, amount, available after.
    pub columns: [&'static str; 5],
    /// One per `shared::statement::StatementKind`, in `StatementKind::ALL` order.
    pub kinds: [&'static str; 6],
    /// "{n} entries in the period".
    pub entry_count: fn(u64) -> String,
    pub empty: &'static str,
    pub download: &'static str,
    /// The accessible name of an order link: "Order {id}".
    pub order: fn(&str) -> String,
}

/// Texts of the seller's order queue and packing slip.
pub struct SellerOrderTexts {
    pub title: &'static str,
    pub intro: &'static str,
    /// To ship, shipped, delivered, completed, cancelled.
    pub tabs: [&'static str; 5],
    pub sort_by: &'static str,
    /// Newest, oldest, handling clock first, largest total first (`shared::commerce::OrderSort::ALL`).
    pub sorts: [&'static str; 4],
    pub empty: &'static str,
    /// "Placed {date} · {n} items".
    pub placed: fn(&str, u32) -> String,
    /// "Ship within {duration}".
    pub ship_within: fn(&str) -> String,
    /// "Overdue by {duration}".
    pub overdue_by: fn(&str) -> String,
    pub ship: &'static str,
    pub packing_slip: &'static str,
    pub back: &'static str,
    /// Item, SKU, quantity, packed.
    pub slip_columns: [&'static str; 4],
    pub slip_note: &'static str,
}

/// Texts of the bulk import of listings from CSV.
pub struct ImportTexts {
    pub open: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub choose_file: &'static str,
    pub columns_hint: &'static str,
    pub template: &'static str,
    pub pick: &'static str,
    pub reading: &'static str,
    /// "This file cannot be imported: {reason}".
    pub file_refused: fn(&str) -> String,
    pub preview: &'static str,
    /// "{rows} rows: {ready} listings ready, {problems} rows with problems".
    pub counts: fn(u32, u32, u32) -> String,
    /// Handle, title, variants, lowest price, stock.
    pub preview_columns: [&'static str; 5],
    pub problems: &'static str,
    /// "Line {line}, {column}:".
    pub at: fn(u32, &str) -> String,
    /// Missing value, not a price, not a whole number, unknown category, left out with its listing.
    pub row_problems: [&'static str; 5],
    /// "Import {n} listings as drafts".
    pub start: fn(u32) -> String,
    pub progress_label: &'static str,
    /// "{done} of {total} listings imported".
    pub progress: fn(u32, u32) -> String,
    pub recent: &'static str,
    pub none: &'static str,
    /// "Download the {n} rows with problems".
    pub download_problems: fn(u32) -> String,
    pub see_drafts: &'static str,
}

/// Texts of the seller's listings: the table with its bulk price and stock editor, and the listing editor.
pub struct ListingTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub new_listing: &'static str,
    pub show: &'static str,
    pub all: &'static str,
    /// Draft, on sale, off sale.
    pub statuses: [&'static str; 3],
    pub sort_by: &'static str,
    /// Recently changed, title, price low to high, price high to low, least stock first.
    pub sorts: [&'static str; 5],
    /// Listing, status, variants (price and stock), actions.
    pub columns: [&'static str; 4],
    pub empty: &'static str,
    /// "Save {n} price and stock changes".
    pub save_changes: fn(usize) -> String,
    /// "{n} variants updated".
    pub changes_saved: fn(u32) -> String,
    pub publish: &'static str,
    pub unpublish: &'static str,
    pub edit: &'static str,
    pub back: &'static str,
    pub edit_title: &'static str,
    pub category: &'static str,
    pub choose_category: &'static str,
    pub field_title: &'static str,
    pub description: &'static str,
    pub attributes: &'static str,
    /// material, colour, size, capacity, pattern (shared::listing::ATTRIBUTE_NAMES).
    pub attribute_names: [&'static str; 5],
    pub warranty: &'static str,
    pub variants: &'static str,
    pub sku: &'static str,
    /// "Price ({currency})".
    pub price_in: fn(&str) -> String,
    pub stock: &'static str,
    pub add_variant: &'static str,
    pub remove_variant: &'static str,
    pub pictures: &'static str,
    pub save_first: &'static str,
    pub add_picture: &'static str,
    /// "Uploading {name}: {percent} %".
    pub uploading: fn(&str, u32) -> String,
    pub preview: &'static str,
    pub preview_hint: &'static str,
    pub save_draft: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub now_on_sale: &'static str,
    pub now_off_sale: &'static str,
    pub ready: &'static str,
    pub missing: &'static str,
    /// A field's problem in words (the field's label is shown beside it).
    pub problem: fn(&shared::listing::ListingProblem) -> String,
    pub not_a_price: &'static str,
    pub total_stock: fn(u64) -> String,
}

/// Texts of the seller's performance scorecard (`shared::scorecard`).
pub struct ScorecardTexts {
    pub title: &'static str,
    /// "Measured from your orders of the last {days} days; each chart shows the last 90."
    pub intro: fn(u16) -> String,
    /// Names of the measures, in `MetricKind::ALL` order.
    pub metrics: [&'static str; 7],
    /// Meets, at risk, fails, no data: in `Status::ALL` order.
    pub statuses: [&'static str; 4],
    /// What the seller can do, in `Advice::ALL` order.
    pub advice: [&'static str; 10],
    /// "Target: below {limit}", "at most", "above", "at least".
    pub target_below: fn(&str) -> String,
    pub target_at_most: fn(&str) -> String,
    pub target_above: fn(&str) -> String,
    pub target_at_least: fn(&str) -> String,
    /// A handling time given in minutes: "1 d 4 h", "5 h".
    pub duration: fn(u32) -> String,
    /// "from {n} orders" (the rates and handling time).
    pub orders_counted: fn(u32) -> String,
    /// "{n} listings".
    pub listings_counted: fn(u32) -> String,
    /// "from {n} reviews".
    pub reviews_counted: fn(u32) -> String,
    /// Under a rating taken from the shop's record while there are no reviews.
    pub shop_rating_so_far: &'static str,
    pub no_value: &'static str,
    pub no_history: &'static str,
    /// The chart's accessible title: "{measure}, last 90 days".
    pub chart_title: fn(&str) -> String,
    /// The chart's description: first value, latest value, target.
    pub chart_desc: fn(&str, &str, &str) -> String,
    pub days_ago_90: &'static str,
    pub today: &'static str,
    /// "Performance score {n}/100", and what it does.
    pub performance_score: fn(u32) -> String,
    pub performance_hint: &'static str,
}

/// Texts of the carrier network: delivery promises, the seller's ship flow and label, shipments and SLA, carriers.
pub struct LogisticsTexts {
    /// "Arrives between {from} and {to}".
    pub arrives_between: fn(&str, &str) -> String,
    /// "Delivered on 26 November 2026".
    pub delivered_on: fn(&str) -> String,
    /// A short date for delivery windows on cards: "28 Nov" (month 1–12, day).
    pub short_date: fn(u32, u32) -> String,
    /// "Arrives {from} – {to}" (short dates; one date when they are the same day).
    pub arrives_dates: fn(&str, &str) -> String,
    pub late: &'static str,
    pub late_hint: &'static str,
    /// "Ship by {date}" (the seller's handling deadline).
    pub ship_by: fn(&str) -> String,
    pub choose_carrier: &'static str,
    pub choose_carrier_hint: &'static str,
    pub no_carriers: &'static str,
    /// Transit "{min}–{max} days".
    pub transit_days: fn(u16, u16) -> String,
    pub partner_score: fn(u8) -> String,
    /// recommended, cheapest, fastest, most reliable, after today's pickup, full today.
    pub reasons: [&'static str; 6],
    pub ship_with: fn(&str) -> String,
    pub own_carrier: &'static str,
    pub print_label: &'static str,
    pub label_title: &'static str,
    pub label_from: &'static str,
    pub label_to: &'static str,
    pub label_items: fn(u32) -> String,
    pub print: &'static str,
    pub shipments_title: &'static str,
    /// Order, carrier, tracking number, status, deliver by, SLA.
    pub shipments_columns: [&'static str; 6],
    pub no_shipments: &'static str,
    /// late shipment, no tracking scan, late delivery.
    pub breach_names: [&'static str; 3],
    pub sla_title: &'static str,
    pub sla_rules: fn(u16, u16) -> String,
    pub sla_counts: fn(u32, u32) -> String,
    pub carriers_title: &'static str,
    /// Carrier, partner score, on time, exceptions, complete scans, late deliveries, booked today.
    pub carriers_columns: [&'static str; 7],
    pub provisional: &'static str,
}

/// Texts of the cart, checkout, orders and the seller's money.
pub struct ShopTexts {
    pub cart: &'static str,
    pub cart_items: fn(u32) -> String,
    pub cart_title: &'static str,
    pub cart_empty: &'static str,
    pub continue_shopping: &'static str,
    pub add_to_cart: &'static str,
    pub added_to_cart: &'static str,
    pub view_cart: &'static str,
    pub quantity: &'static str,
    pub remove: &'static str,
    pub only_left: fn(u32) -> String,
    pub sold_by: fn(&str) -> String,
    pub delivery: &'static str,
    pub items: &'static str,
    pub discount: &'static str,
    pub shipping: &'static str,
    pub order_total: &'static str,
    pub to_pay: &'static str,
    pub sign_in_to_buy: &'static str,
    pub shopper_only: &'static str,
    pub go_to_checkout: &'static str,
    pub checkout_title: &'static str,
    pub address: &'static str,
    pub full_name: &'static str,
    pub address_line1: &'static str,
    pub address_line2: &'static str,
    pub city: &'static str,
    pub postcode: &'static str,
    pub region: &'static str,
    pub payment: &'static str,
    pub card_number: &'static str,
    pub card_expiry: &'static str,
    pub card_expiry_hint: &'static str,
    pub card_cvc: &'static str,
    pub test_cards_title: &'static str,
    pub test_cards: [&'static str; 5],
    pub pay: fn(&str) -> String,
    pub paying: &'static str,
    pub retrying: &'static str,
    pub confirming_payment: &'static str,
    pub connection_lost: &'static str,
    pub escrow_note: &'static str,
    pub required: &'static str,
    pub challenge_title: &'static str,
    pub challenge_body: fn(&str) -> String,
    pub approve: &'static str,
    pub decline: &'static str,
    pub decline_message: fn(&str) -> &'static str,
    pub card_problem: fn(&str) -> &'static str,
    pub price_changed: &'static str,
    pub orders_title: &'static str,
    pub orders_empty: &'static str,
    pub order_placed: fn(usize) -> String,
    pub order_from: fn(&str) -> String,
    pub order_number: fn(&str) -> String,
    pub placed_on: fn(&str) -> String,
    pub states: [&'static str; 7],
    pub escrow_status: fn(&str, Option<&str>) -> String,
    pub confirm_receipt: &'static str,
    pub confirm_receipt_hint: &'static str,
    pub cancel_order: &'static str,
    pub cancel_reason: &'static str,
    pub paid_with: fn(&str, &str) -> String,
    pub split: fn(&str, &str) -> String,
    pub ship_to: &'static str,
    pub tracking_number: &'static str,
    pub mark_shipped: &'static str,
    pub back_to_orders: &'static str,
    pub date: fn(i64, u32, u32) -> String,
    pub money_title: &'static str,
    pub held: &'static str,
    pub held_hint: &'static str,
    pub available: &'static str,
    pub paid_out: &'static str,
    pub commission: &'static str,
    pub pay_out: fn(&str) -> String,
    pub payout_done: fn(&str) -> String,
    pub payout_minimum: fn(&str) -> String,
    pub orders_to_ship: &'static str,
    pub nothing_to_ship: &'static str,
    pub shop_orders: &'static str,
    pub tracking_title: &'static str,
    /// In the order of `shared::tracking::TrackingStatus::ALL`.
    pub tracking_statuses: [&'static str; 13],
    pub carrier_said: fn(&str) -> String,
}

/// Texts of search, filters, sorting, delivery and the ranking explanation.
pub struct SearchTexts {
    pub label: &'static str,
    pub placeholder: &'static str,
    pub submit: &'static str,
    pub deliver_to: &'static str,
    pub results_for: fn(&str) -> String,
    /// The count, and whether it is a lower bound ("10,000+").
    pub result_count: fn(&str, bool) -> String,
    pub no_results: fn(&str) -> String,
    pub no_results_hint: &'static str,
    pub filters: &'static str,
    pub show_filters: &'static str,
    pub clear_filters: &'static str,
    pub sort_label: &'static str,
    /// Names of the sort orders, in `SearchSort::ALL` order.
    pub sorts: [&'static str; 5],
    pub category: &'static str,
    pub price: &'static str,
    pub min_price: &'static str,
    pub max_price: &'static str,
    pub currency: &'static str,
    pub apply: &'static str,
    pub delivery: &'static str,
    pub within_days: fn(&str) -> String,
    pub any: &'static str,
    pub shop_rating: &'static str,
    pub stars_and_up: fn(&str) -> String,
    pub in_stock_only: &'static str,
    pub arrives: fn(u16, u16) -> String,
    pub free_delivery: &'static str,
    pub delivery_cost: fn(&str) -> String,
    pub no_delivery_to: fn(&str) -> String,
    pub delivery_to: fn(&str) -> String,
    /// Economy, standard, express.
    pub service_levels: [&'static str; 3],
    pub warranty: fn(u16) -> String,
    pub no_warranty: &'static str,
    pub handling: fn(u16) -> String,
    pub choose_option: &'static str,
    pub sku: &'static str,
    pub gallery_label: &'static str,
    pub show_image: fn(usize) -> String,
    pub why_ranked: &'static str,
    pub why_ranked_intro: &'static str,
    /// Relevance, seller rating, in stock, delivery speed, reliability, conversion, the shop's performance.
    pub factors: [&'static str; 7],
    pub factor: &'static str,
    pub score: &'static str,
    pub weight: &'static str,
    pub total_score: &'static str,
}

/// Texts of the product page.
pub struct ProductTexts {
    pub breadcrumb: &'static str,
    pub details: &'static str,
    pub description: &'static str,
    pub seller: &'static str,
    /// Region codes stay codes (US, KR): they are short and unambiguous in every language.
    pub ships_from: fn(&str) -> String,
    pub units_left: fn(u32) -> String,
    /// Translated name of an attribute key; unknown keys are shown as they are.
    pub attribute: fn(&str) -> Option<&'static str>,
    pub not_found: &'static str,
}

/// Texts of sign-up, sign-in, the session and API tokens.
pub struct AccountTexts {
    pub sign_in: &'static str,
    pub sign_up: &'static str,
    pub sign_out: &'static str,
    pub sign_in_title: &'static str,
    pub sign_up_title: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub password_hint: &'static str,
    pub display_name: &'static str,
    pub shop_name: &'static str,
    pub account_type: &'static str,
    pub role_shopper: &'static str,
    pub role_seller: &'static str,
    pub have_account: &'static str,
    pub no_account: &'static str,
    pub working: &'static str,
    /// Sentence for a credential problem code from `shared::auth` or the server.
    pub problem: fn(&str) -> &'static str,
    pub bad_credentials: &'static str,
    pub rate_limited: fn(u64) -> String,
    pub notice_seller_only: &'static str,
    pub notice_operator_only: &'static str,
    pub signed_in_as: fn(&str) -> String,
    pub your_shop: &'static str,
    pub tokens_title: &'static str,
    pub tokens_intro: &'static str,
    pub token_name: &'static str,
    pub scopes: &'static str,
    pub create_token: &'static str,
    pub token_secret_once: &'static str,
    pub no_tokens: &'static str,
    pub revoke: &'static str,
    pub revoked: &'static str,
    pub last_used: &'static str,
    pub never: &'static str,
    pub audit_title: &'static str,
    pub audit_columns: [&'static str; 5],
}

/// The texts for `locale`.
pub fn messages(locale: Locale) -> &'static Messages {
    match locale {
        Locale::En => &en::MESSAGES,
        Locale::Ru => &ru::MESSAGES,
        Locale::Pt => &pt::MESSAGES,
        Locale::Es => &es::MESSAGES,
        Locale::Ko => &ko::MESSAGES,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_own_texts() {
        // A copy-pasted English file would pass the compiler; this catches it.
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            let m = messages(locale);
            assert_ne!(m.home_title, en::MESSAGES.home_title, "{locale:?} home_title is English");
            assert_ne!(m.products_heading, en::MESSAGES.products_heading, "{locale:?} products_heading");
            assert_ne!((m.page_status)(2, 9), (en::MESSAGES.page_status)(2, 9), "{locale:?} page_status");
        }
    }

    #[test]
    fn every_credential_problem_is_translated_everywhere() {
        for locale in Locale::ALL {
            let problem = messages(locale).account.problem;
            let fallback = problem("something_else");
            for code in shared::auth::PROBLEM_CODES {
                assert_ne!(problem(code), fallback, "{locale:?} lacks {code}");
            }
        }
    }

    #[test]
    fn the_demo_attributes_are_named_in_every_language() {
        for locale in Locale::ALL {
            for key in ["material", "colour", "size"] {
                assert!((messages(locale).product.attribute)(key).is_some(), "{locale:?} lacks {key}");
            }
        }
    }

    #[test]
    fn russian_counts_use_the_three_plural_forms() {
        let count = ru::MESSAGES.product_count;
        assert_eq!(count(1), "1 товар");
        assert_eq!(count(3), "3 товара");
        assert_eq!(count(5), "5 товаров");
        assert_eq!(count(11), "11 товаров");
        assert_eq!(count(21), "21 товар");
        assert_eq!(count(1_000), "1\u{a0}000 товаров");
    }

    #[test]
    fn counts_are_grouped_per_language() {
        assert_eq!((en::MESSAGES.product_count)(2_000), "2,000 products");
        assert_eq!((en::MESSAGES.product_count)(1), "1 product");
        assert_eq!((ko::MESSAGES.product_count)(2_000), "상품 2,000개");
    }
}
