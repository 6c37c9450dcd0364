use shared::locale::Locale;

use super::{AccountTexts, Messages, ProductTexts, SearchTexts};

pub const MESSAGES: Messages = Messages {
    skip_to_content: "Skip to content",
    brand_tagline: "The open marketplace",
    language_label: "Language",
    nav_shop: "Shop",
    nav_seller: "Sell on Bazaar",
    nav_admin: "Operator",
    main_navigation: "Main navigation",

    home_title: "Buy from independent sellers, safely",
    home_subtitle: "Thousands of shops, one checkout. Your payment waits in escrow until you confirm the parcel arrived.",
    trust_escrow_title: "Escrow on every order",
    trust_escrow_body: "The seller is paid only after you confirm receipt.",
    trust_tracking_title: "One tracking view",
    trust_tracking_body: "Every carrier's updates in one plain language.",
    trust_disputes_title: "Fair disputes",
    trust_disputes_body: "If something goes wrong, a neutral operator decides.",

    products_heading: "New arrivals",
    departments: "Departments",
    all_departments: "All",
    product_count: |n| {
        format!("{} {}", Locale::En.format_count(n), if n == 1 { "product" } else { "products" })
    },
    in_stock: "In stock",
    out_of_stock: "Out of stock",
    sold_by: |shop| format!("Sold by {shop}"),
    rating: |stars| format!("Rated {stars} out of 5"),
    no_rating: "No ratings yet",
    loading_products: "Loading products…",
    load_failed: "We couldn't load the products.",
    retry: "Try again",
    no_products: "No products yet. Check back soon.",
    pagination_label: "Pages",
    page_status: |page, pages| format!("Page {page} of {pages}"),
    previous_page: "Previous",
    next_page: "Next",

    not_found_title: "Page not found",
    not_found_body: "The page you asked for does not exist or has moved.",
    back_to_shop: "Back to the shop",

    seller_title: "Seller console",
    seller_intro: "Run your shop from one tab: listings, orders, escrow and payouts, performance.",
    admin_title: "Operator console",
    admin_intro: "Verify sellers, arbitrate disputes and watch the health of the marketplace.",
    console_sections: ["Overview", "Listings", "Orders", "Money"],
    admin_sections: ["Overview", "Sellers", "Disputes", "Carriers"],
    console_sign_in_needed: "Sign in with a seller account to see your shop.",

    footer_note: "Bazaar is open-source. Payments are held in escrow until delivery is confirmed.",
    account: AccountTexts {
        sign_in: "Sign in",
        sign_up: "Create account",
        sign_out: "Sign out",
        sign_in_title: "Sign in to Bazaar",
        sign_up_title: "Create your Bazaar account",
        email: "Email",
        password: "Password",
        password_hint: "At least 12 characters. A short sentence is easy to remember and hard to guess.",
        display_name: "Your name",
        shop_name: "Shop name",
        account_type: "I want to",
        role_shopper: "Shop",
        role_seller: "Sell",
        have_account: "Already have an account?",
        no_account: "New to Bazaar?",
        working: "One moment…",
        problem: |code| match code {
            "password_too_short" => "Use at least 12 characters.",
            "password_too_long" => "Use at most 128 characters.",
            "password_too_common" => "This password is too common. Choose another.",
            "email_invalid" => "Enter an email address like name@example.com.",
            "email_taken" => "An account with this email already exists. Sign in instead?",
            "name_invalid" => "Use 2 to 60 characters.",
            "role_not_allowed" => "Choose shop or sell.",
            _ => "Please check this field.",
        },
        bad_credentials: "That email and password do not match an account.",
        rate_limited: |seconds| format!("Too many attempts. Try again in {seconds} seconds."),
        notice_seller_only: "The seller console is for seller accounts.",
        notice_operator_only: "The operator console is for Bazaar operators.",
        signed_in_as: |name| format!("Signed in as {name}"),
        your_shop: "Your shop",
        tokens_title: "API tokens",
        tokens_intro: "Tokens let your scripts and partners call the Bazaar API. Each one carries only the scopes you tick.",
        token_name: "What is it for?",
        scopes: "Scopes",
        create_token: "Create token",
        token_secret_once: "Copy this token now. It is shown only once:",
        no_tokens: "No tokens yet.",
        revoke: "Revoke",
        revoked: "Revoked",
        last_used: "Last used",
        never: "never",
        audit_title: "Audit log",
        audit_columns: ["Time", "Action", "Who", "About", "IP"],
    },
    product: ProductTexts {
        breadcrumb: "Category path",
        details: "Details",
        description: "Description",
        seller: "Seller",
        ships_from: |region| format!("Ships from {region}"),
        units_left: |n| format!("In stock: {n} left"),
        attribute: |key| match key {
            "material" => Some("Material"),
            "colour" => Some("Colour"),
            "size" => Some("Size"),
            _ => None,
        },
        not_found: "This product does not exist or is no longer listed.",
    },
    search: SearchTexts {
        label: "Search products",
        placeholder: "Search lamps, mugs, jackets…",
        submit: "Search",
        deliver_to: "Deliver to",
        results_for: |q| format!("Results for “{q}”"),
        result_count: |n, more| {
            if more {
                format!("{n}+ results")
            } else if n == "1" {
                "1 result".into()
            } else {
                format!("{n} results")
            }
        },
        no_results: |q| format!("No listings match “{q}”."),
        no_results_hint: "Try fewer or shorter words, or remove a filter.",
        filters: "Filters",
        show_filters: "Filters and sorting",
        clear_filters: "Clear filters",
        sort_label: "Sort by",
        sorts: ["Best match", "Price: low to high", "Price: high to low", "Fastest delivery", "Top rated"],
        category: "Category",
        price: "Price",
        min_price: "Min",
        max_price: "Max",
        currency: "Currency",
        apply: "Apply",
        delivery: "Delivery time",
        within_days: |n| format!("Within {n} days"),
        any: "Any",
        shop_rating: "Shop rating",
        stars_and_up: |stars| format!("{stars} ★ & up"),
        in_stock_only: "In stock only",
        arrives: |from, to| {
            if from == to {
                format!("Arrives in {to} days")
            } else {
                format!("Arrives in {from}–{to} days")
            }
        },
        free_delivery: "Free delivery",
        delivery_cost: |cost| format!("Delivery {cost}"),
        no_delivery_to: |region| format!("Does not deliver to {region}"),
        delivery_to: |region| format!("Delivery to {region}"),
        service_levels: ["Economy", "Standard", "Express"],
        warranty: |months| format!("{months}-month seller warranty"),
        no_warranty: "Statutory guarantee only",
        handling: |days| {
            if days == 1 {
                "Ships within 1 business day".into()
            } else {
                format!("Ships within {days} business days")
            }
        },
        choose_option: "Choose an option",
        sku: "SKU",
        gallery_label: "Product images",
        show_image: |n| format!("Show image {n}"),
        why_ranked: "Why this ranks here",
        why_ranked_intro: "Operators only. Each factor is scored 0–100 and weighted; the total orders best-match results.",
        factors: [
            "Text relevance",
            "Shop rating",
            "In stock",
            "Delivery speed",
            "Few returns and disputes",
            "Conversion",
        ],
        factor: "Factor",
        score: "Score",
        weight: "Weight",
        total_score: "Total",
    },
};
