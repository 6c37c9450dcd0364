use shared::locale::Locale;

use super::Messages;

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
};
