use shared::locale::Locale;

use super::{
    AccountTexts, ImportTexts, ListingTexts, LogisticsTexts, Messages, ProductTexts, ScorecardTexts,
    SearchTexts, SellerOrderTexts, ShopTexts, StatementTexts,
};

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
    console_sections: ["Overview", "Listings", "Orders", "Analytics", "Money"],
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
            "Shop performance (shipping on time, few defects)",
        ],
        factor: "Factor",
        score: "Score",
        weight: "Weight",
        total_score: "Total",
    },
    shop: ShopTexts {
        cart: "Cart",
        cart_items: |n| if n == 1 { "Cart, 1 item".into() } else { format!("Cart, {n} items") },
        cart_title: "Your cart",
        cart_empty: "Your cart is empty.",
        continue_shopping: "Continue shopping",
        add_to_cart: "Add to cart",
        added_to_cart: "Added to your cart.",
        view_cart: "View cart",
        quantity: "Quantity",
        remove: "Remove",
        only_left: |n| format!("Only {n} left — lower the quantity"),
        sold_by: |shop| format!("From {shop}"),
        delivery: "Delivery",
        items: "Items",
        discount: "Discounts",
        shipping: "Shipping",
        order_total: "Order total",
        to_pay: "To pay",
        sign_in_to_buy: "Sign in to check out. Your cart comes with you.",
        shopper_only: "Buying needs a shopper account. Sign in as a shopper to use the cart.",
        go_to_checkout: "Go to checkout",
        checkout_title: "Checkout",
        address: "Delivery address",
        full_name: "Full name",
        address_line1: "Street and number",
        address_line2: "Apartment, floor (optional)",
        city: "City",
        postcode: "Postcode",
        region: "Country or region",
        payment: "Payment",
        card_number: "Card number",
        card_expiry: "Expiry (MM/YY)",
        card_expiry_hint: "As printed on the card, e.g. 12/29",
        card_cvc: "Security code (CVC)",
        test_cards_title: "Test cards (no real money moves)",
        test_cards: [
            "4242 4242 4242 4242 — paid",
            "4000 0000 0000 0002 — declined",
            "4000 0000 0000 9995 — insufficient funds",
            "4000 0000 0000 3220 — your bank asks you to confirm",
            "Any future expiry date and any 3-digit code",
        ],
        pay: |amount| format!("Pay {amount}"),
        paying: "Paying…",
        retrying: "The connection dropped. Trying again with the same payment — you will not be charged twice.",
        confirming_payment: "Confirming your payment with your bank…",
        connection_lost: "No connection. Nothing was charged; check your connection and pay again.",
        escrow_note: "Bazaar holds your payment until you confirm the parcel arrived. The seller is paid only then.",
        required: "Required",
        challenge_title: "Confirm with your bank",
        challenge_body: |amount| format!("Your bank asks you to confirm a payment of {amount} to Bazaar."),
        approve: "Confirm payment",
        decline: "Cancel payment",
        decline_message: |code| match code {
            "card_declined" => "Your card was declined. Nothing was charged; try another card.",
            "insufficient_funds" => {
                "Your card was declined for insufficient funds. Nothing was charged; try another card."
            }
            "expired_card" => "Your card has expired. Nothing was charged; try another card.",
            "challenge_failed" => "Your bank did not confirm the payment. Nothing was charged.",
            "invalid_token" => "We could not read your card details. Nothing was charged; enter them again.",
            _ => "The payment did not go through. Nothing was charged.",
        },
        card_problem: |code| match code {
            "invalid_number" => "That card number is not valid.",
            "not_a_test_card" => "This is a test shop: use one of the test cards below.",
            "invalid_expiry" => "Enter the expiry as MM/YY.",
            "expired_card" => "This card has expired.",
            "invalid_cvc" => "Enter the 3 or 4 digits on the back of the card.",
            _ => "Check the card details.",
        },
        price_changed: "A price changed since you looked. Check the new total, then pay again.",
        orders_title: "My orders",
        orders_empty: "You have no orders yet.",
        order_placed: |n| {
            if n == 1 {
                "Thank you! Your order is placed.".into()
            } else {
                format!("Thank you! {n} orders are placed, one per shop.")
            }
        },
        order_from: |shop| format!("Order from {shop}"),
        order_number: |id| format!("Order {id}"),
        placed_on: |date| format!("Placed on {date}"),
        states: [
            "Awaiting payment",
            "Payment failed",
            "Paid",
            "Shipped",
            "Delivered",
            "Completed",
            "Cancelled",
        ],
        escrow_status: |state, release| match (state, release) {
            ("pending_payment", _) => "We are confirming your payment.".into(),
            ("payment_failed", _) => "The payment did not go through. Nothing was charged.".into(),
            ("paid" | "shipped", _) => "Bazaar holds your payment until you confirm receipt.".into(),
            ("delivered", Some(date)) => format!(
                "Bazaar holds your payment until you confirm receipt; it is released automatically on {date}."
            ),
            ("delivered", None) => "Bazaar holds your payment until you confirm receipt.".into(),
            ("completed", _) => "The payment was released to the seller.".into(),
            _ => "Cancelled. Everything you paid was refunded.".into(),
        },
        confirm_receipt: "Confirm receipt",
        confirm_receipt_hint: "Only confirm once the parcel is in your hands: the seller is paid at once.",
        cancel_order: "Cancel order",
        cancel_reason: "Reason (the shopper sees it)",
        paid_with: |brand, last4| format!("Paid with {brand} ending {last4}"),
        split: |net, commission| format!("The seller receives {net}; Bazaar's commission is {commission}."),
        ship_to: "Ship to",
        tracking_number: "Tracking number",
        mark_shipped: "Mark as shipped",
        back_to_orders: "All orders",
        date: |year, month, day| {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            format!("{day} {} {year}", MONTHS[(month as usize).clamp(1, 12) - 1])
        },
        money_title: "Money",
        held: "Held in escrow",
        held_hint: "Paid by shoppers; yours when they confirm receipt or the release date passes.",
        available: "Available",
        paid_out: "Paid out",
        commission: "Commission",
        pay_out: |amount| format!("Pay out {amount}"),
        payout_done: |amount| format!("{amount} is on its way to your bank."),
        payout_minimum: |amount| format!("Payouts start at {amount}."),
        orders_to_ship: "Orders to ship",
        nothing_to_ship: "Nothing to ship right now.",
        shop_orders: "Orders",
        tracking_title: "Tracking",
        tracking_statuses: [
            "Label created",
            "Picked up",
            "In transit",
            "At a sorting center",
            "In customs",
            "Out for delivery",
            "Delivery attempt failed",
            "Ready for pickup",
            "Delivered",
            "On its way back",
            "Returned to the seller",
            "Needs attention",
            "Lost",
        ],
        carrier_said: |raw| format!("Carrier: {raw}"),
    },
    imports: ImportTexts {
        open: "Import from CSV",
        title: "Import listings",
        intro: "Add many listings at once from a spreadsheet saved as CSV. They arrive as drafts: add pictures, then publish.",
        choose_file: "Choose a CSV file",
        columns_hint: "One row per variant; rows with the same listing handle make one listing. Columns:",
        template: "Download a template",
        pick: "Choose file…",
        reading: "Reading the file…",
        file_refused: |reason| format!("This file cannot be imported: {reason}."),
        preview: "Preview",
        counts: |rows, ready, problems| {
            format!("{rows} rows: {ready} listings ready, {problems} rows with problems.")
        },
        preview_columns: ["Handle", "Title", "Variants", "Lowest price", "Stock"],
        problems: "Rows with problems (their listings are left out)",
        at: |line, column| format!("Line {line}, {column}:"),
        row_problems: [
            "needs a value.",
            "is not a price (write 12.50).",
            "is not a whole number.",
            "names no category (use a category slug such as lighting).",
            "another row of this listing has a problem.",
        ],
        start: |n| {
            if n == 1 {
                "Import 1 listing as a draft".into()
            } else {
                format!("Import {n} listings as drafts")
            }
        },
        progress_label: "Import progress",
        progress: |done, total| format!("{done} of {total} listings imported"),
        recent: "Recent imports",
        none: "No imports yet.",
        download_problems: |n| {
            if n == 1 {
                "Download the row with a problem".into()
            } else {
                format!("Download the {n} rows with problems")
            }
        },
        see_drafts: "See the drafts",
    },
    seller_orders: SellerOrderTexts {
        title: "Orders",
        intro: "Every order of your shop by where it stands. Ship paid orders before their clock runs out.",
        tabs: ["To ship", "Shipped", "Delivered", "Completed", "Cancelled"],
        sort_by: "Sort by",
        sorts: ["Newest first", "Oldest first", "Ship-by deadline first", "Largest total first"],
        empty: "No orders here.",
        placed: |date, items| {
            if items == 1 {
                format!("Placed {date} · 1 item")
            } else {
                format!("Placed {date} · {items} items")
            }
        },
        ship_within: |duration| format!("Ship within {duration}"),
        overdue_by: |duration| format!("Overdue by {duration}"),
        ship: "Ship",
        packing_slip: "Packing slip",
        back: "All orders",
        slip_columns: ["Item", "SKU", "Quantity", "Packed"],
        slip_note: "Thank you for your order. Questions? Write to the shop from your order page on Bazaar.",
    },
    listings: ListingTexts {
        title: "Listings",
        intro: "Everything your shop sells. Drafts stay private until you publish them; change prices and stock right in the table.",
        new_listing: "New listing",
        show: "Show",
        all: "All listings",
        statuses: ["Draft", "On sale", "Off sale"],
        sort_by: "Sort by",
        sorts: ["Recently changed", "Title", "Price: low to high", "Price: high to low", "Least stock first"],
        columns: ["Listing", "Status", "Price and stock per variant", "Actions"],
        empty: "No listings here yet.",
        save_changes: |n| if n == 1 { "Save 1 change".into() } else { format!("Save {n} changes") },
        changes_saved: |n| {
            if n == 1 { "1 variant updated.".into() } else { format!("{n} variants updated.") }
        },
        publish: "Publish",
        unpublish: "Take off sale",
        edit: "Edit",
        back: "All listings",
        edit_title: "Edit listing",
        category: "Category",
        choose_category: "Choose a category",
        field_title: "Title",
        description: "Description",
        attributes: "Attributes",
        attribute_names: ["Material", "Colour", "Size", "Capacity", "Pattern"],
        warranty: "Warranty (months)",
        variants: "Variants",
        sku: "SKU",
        price_in: |currency| format!("Price ({currency})"),
        stock: "Stock",
        add_variant: "Add a variant",
        remove_variant: "Remove",
        pictures: "Pictures",
        save_first: "Save the draft first, then add pictures.",
        add_picture: "Add pictures",
        uploading: |name, percent| format!("Uploading {name}: {percent} %"),
        preview: "Preview",
        preview_hint: "Your card as shoppers see it in search.",
        save_draft: "Save draft",
        save: "Save",
        saved: "Saved.",
        now_on_sale: "Published: the listing is on sale.",
        now_off_sale: "Taken off sale. Publish it again whenever you like.",
        ready: "Ready to publish.",
        missing: "Before you can publish:",
        problem: |problem| {
            use shared::listing::ListingProblem as P;
            match problem {
                P::Required => "Required to publish.".into(),
                P::TooShort { min } => format!("At least {min} characters."),
                P::TooLong { max } => format!("At most {max} characters."),
                P::OutOfRange { min, max } => format!("Between {min} and {max}."),
                P::TooMany { max } => format!("At most {max}."),
                P::InvalidSku => "Letters, digits, - _ and . only.".into(),
                P::DuplicateSku => "Another variant has this SKU.".into(),
                P::UnknownAttribute => "An attribute is unknown, repeated or too long.".into(),
                P::DuplicateOptions => "Another variant has the same options.".into(),
                P::NoImage => "Add at least one picture.".into(),
                P::ShopNotVerified => "Your shop must be verified first.".into(),
            }
        },
        not_a_price: "Write a price like 12.50.",
        total_stock: |n| format!("{n} in stock"),
    },
    logistics: LogisticsTexts {
        arrives_between: |from, to| format!("Arrives between {from} and {to}"),
        delivered_on: |day| format!("Delivered on {day}"),
        short_date: |month, day| {
            const MONTHS: [&str; 12] =
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            format!("{day} {}", MONTHS[(month.clamp(1, 12) - 1) as usize])
        },
        arrives_dates: |from, to| {
            if from == to { format!("Arrives {to}") } else { format!("Arrives {from} – {to}") }
        },
        late: "Late",
        late_hint: "The promised delivery window has passed. The carrier is still on it; the money stays in escrow.",
        ship_by: |date| format!("Ship by {date}"),
        choose_carrier: "Choose a carrier",
        choose_carrier_hint: "Ranked by price, speed, capacity left today and each carrier's record.",
        no_carriers: "No carrier of the network serves this lane. Ship with your own carrier below.",
        transit_days: |min, max| {
            if min == max {
                format!("{max} days in transit")
            } else {
                format!("{min}–{max} days in transit")
            }
        },
        partner_score: |score| format!("Partner score {score}"),
        reasons: ["Recommended", "Cheapest", "Fastest", "Most reliable", "Leaves tomorrow", "Full today"],
        ship_with: |carrier| format!("Ship with {carrier}"),
        own_carrier: "I ship with my own carrier",
        print_label: "Print label",
        label_title: "Shipping label",
        label_from: "From",
        label_to: "To",
        label_items: |n| if n == 1 { "1 item".into() } else { format!("{n} items") },
        print: "Print",
        shipments_title: "Shipments",
        shipments_columns: [
            "Order",
            "Carrier",
            "Tracking number",
            "Status",
            "Deliver by",
            "Service standards",
        ],
        no_shipments: "No shipments yet.",
        breach_names: ["Shipped late", "No carrier scan", "Delivered late"],
        sla_title: "Service standards",
        sla_rules: |days, hours| {
            format!(
                "Ship within {days} business days; the carrier must scan the parcel within {hours} hours of the label."
            )
        },
        sla_counts: |late, unscanned| {
            format!("Last 30 days: {late} shipped late, {unscanned} not scanned in time.")
        },
        carriers_title: "Carriers",
        carriers_columns: [
            "Carrier",
            "Partner score",
            "On time",
            "Exceptions",
            "Complete scans",
            "Late deliveries",
            "Booked today",
        ],
        provisional: "new",
    },
    onboarding: &super::onboarding::EN,
    scorecard: ScorecardTexts {
        title: "Performance",
        intro: |days| {
            format!("Measured from your orders of the last {days} days. Each chart shows the last 90 days.")
        },
        metrics: [
            "Order defect rate",
            "Late shipment rate",
            "Cancellation rate",
            "Valid tracking rate",
            "In-stock rate",
            "Average handling time",
            "Rating",
        ],
        statuses: ["Meets target", "At risk", "Misses target", "No data yet"],
        advice: [
            "Contact shoppers who report a problem before they open a dispute, and pack parcels to survive the trip.",
            "Keep descriptions and photos accurate and pack parcels well: that keeps defects rare.",
            "Ship overdue orders first, and set a handling time you can keep every day.",
            "You ship on time. Keep shipping within your handling time.",
            "Keep stock counts accurate so you never sell what you do not have.",
            "Ship with a carrier of the network and hand the parcel over the day you print the label.",
            "Restock listings that ran out, or pause them until stock arrives.",
            "Pack and hand parcels over sooner, before the carrier's daily pickup.",
            "Ask happy shoppers for a review and answer unhappy ones quickly.",
            "No reviews yet. Reviews will appear here once shoppers rate their orders.",
        ],
        target_below: |limit| format!("Target: below {limit}"),
        target_at_most: |limit| format!("Target: at most {limit}"),
        target_above: |limit| format!("Target: above {limit}"),
        target_at_least: |limit| format!("Target: at least {limit}"),
        duration: |minutes| {
            let (days, hours) = (minutes / 1_440, minutes % 1_440 / 60);
            match (days, hours) {
                (0, 0) => format!("{minutes} min"),
                (0, _) => format!("{hours} h"),
                (_, 0) => format!("{days} d"),
                _ => format!("{days} d {hours} h"),
            }
        },
        orders_counted: |n| if n == 1 { "from 1 order".into() } else { format!("from {n} orders") },
        listings_counted: |n| if n == 1 { "1 listing".into() } else { format!("{n} listings") },
        reviews_counted: |n| if n == 1 { "from 1 review".into() } else { format!("from {n} reviews") },
        shop_rating_so_far: "shop rating so far",
        no_value: "—",
        no_history: "Measured today; no history is kept for this yet.",
        chart_title: |measure| format!("{measure}, last 90 days"),
        chart_desc: |first, last, target| format!("Trend over 90 days: from {first} to {last}. {target}."),
        days_ago_90: "90 days ago",
        today: "today",
        performance_score: |score| format!("Performance score {score}/100"),
        performance_hint: "The order measures below in one number: 50 means every measure sits right at its limit, 100 is a perfect record. A better score ranks your listings higher in search.",
    },
    analytics: &super::analytics::EN,
    statement: StatementTexts {
        title: "Statement",
        intro: "Every movement of your money in the period, newest first. Days are UTC.",
        from: "From",
        to: "To",
        show: "Show",
        totals: "Totals for the period",
        total_names: ["Held in escrow", "Released to you", "Commission", "Refunds", "Paid out"],
        columns: ["Date", "What", "Order", "Amount", "Available after"],
        kinds: [
            "Sale held in escrow",
            "Released to you",
            "Commission",
            "Refund",
            "Payout",
            "Payout returned",
        ],
        entry_count: |n| {
            if n == 1 { "1 entry in the period".into() } else { format!("{n} entries in the period") }
        },
        empty: "No money moved in this period.",
        download: "Download CSV",
        order: |id| format!("Order {id}"),
    },
};
