//! A small catalog whose every search outcome can be worked out by hand, and a large one for paging.
//!
//! Shops ship to Germany (DE) at known speeds: a German shop delivers in handling + 1 day (express, 1 day
//! transit), the US shop in 2 + 5 days, the Korean shop not at all (no lane). Ratings and stock are chosen so
//! each filter keeps a different subset.

use server::db::Database;
use server::db::catalog::{self, LaneRow, NewCategory, NewProduct, NewSeller, NewVariant, OutcomeCounters};
use shared::ids::{CategoryId, ProductId, SellerId, VariantId};

/// 2026-03-01T00:00:00Z; fixture rows are created one second apart from here.
const BASE_MS: u64 = 1_772_323_200_000;

/// A shop of the fixture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shop {
    /// DE, EUR, 4.8 stars, 1 handling day → delivers to DE in 2 days.
    DeGood,
    /// DE, EUR, 2.5 stars, 1 handling day → 2 days.
    DePoor,
    /// DE, EUR, 4.8 stars, 10 handling days → 11 days.
    DeSlow,
    /// US, USD, 4.5 stars, 2 handling days → 7 days to DE.
    Us,
    /// KR, KRW, unrated; no lane to DE.
    Kr,
}

impl Shop {
    pub const ALL: [Shop; 5] = [Shop::DeGood, Shop::DePoor, Shop::DeSlow, Shop::Us, Shop::Kr];

    fn index(self) -> u8 {
        Self::ALL.iter().position(|s| *s == self).unwrap_or_default() as u8 + 1
    }

    pub fn id(self) -> String {
        SellerId::from_parts(BASE_MS, [self.index(); 10]).to_string()
    }

    /// (slug, region, currency, rating ×100, handling days)
    fn profile(self) -> (&'static str, &'static str, &'static str, Option<i64>, i64) {
        match self {
            Shop::DeGood => ("de-good", "DE", "EUR", Some(480), 1),
            Shop::DePoor => ("de-poor", "DE", "EUR", Some(250), 1),
            Shop::DeSlow => ("de-slow", "DE", "EUR", Some(480), 10),
            Shop::Us => ("us", "US", "USD", Some(450), 2),
            Shop::Kr => ("kr", "KR", "KRW", None, 1),
        }
    }

    pub fn currency(self) -> &'static str {
        self.profile().2
    }

    fn row(self) -> NewSeller {
        let (slug, region, currency, rating_x100, handling_days) = self.profile();
        NewSeller {
            id: self.id(),
            name: format!("Shop {slug}"),
            slug: slug.into(),
            region: region.into(),
            currency: currency.into(),
            rating_x100,
            handling_days,
            created_at_ms: BASE_MS as i64,
        }
    }
}

/// (slug, parent slug): two departments with two leaves each.
const CATEGORIES: [(&str, Option<&str>); 6] = [
    ("home", None),
    ("lighting", Some("home")),
    ("kitchen", Some("home")),
    ("fashion", None),
    ("shoes", Some("fashion")),
    ("accessories", Some("fashion")),
];

pub fn category_id(slug: &str) -> String {
    let n = CATEGORIES.iter().position(|(s, _)| *s == slug).expect("fixture category") as u8 + 1;
    CategoryId::from_parts(BASE_MS, [n; 10]).to_string()
}

/// The department a leaf belongs to.
pub fn department_of(leaf: &str) -> &'static str {
    CATEGORIES.iter().find(|(slug, _)| *slug == leaf).and_then(|(_, parent)| *parent).expect("a fixture leaf")
}

/// A listing of the fixture.
#[derive(Debug, Clone)]
pub struct Listing {
    pub key: &'static str,
    pub shop: Shop,
    pub category: &'static str,
    pub title: &'static str,
    pub attributes: &'static str,
    pub description: &'static str,
    /// (price in minor units, stock) per variant.
    pub variants: Vec<(i64, i64)>,
    pub warranty_months: i64,
}

/// Every listing of the small catalog. "lamp" is in a title (brass-lamp), an attribute (reading-light), a
/// description (side-table) and the start of a word (lampshade); "lam" also starts "lambswool". The four
/// "Quill Lantern" listings have the same words and price and differ only in stock, shop rating and speed.
pub fn listings() -> Vec<Listing> {
    let listing = |key, shop, category, title, attributes, description, variants: &[(i64, i64)]| Listing {
        key,
        shop,
        category,
        title,
        attributes,
        description,
        variants: variants.to_vec(),
        warranty_months: 0,
    };
    let lantern = |key, shop, stock| {
        listing(
            key,
            shop,
            "lighting",
            "Quill Lantern",
            r#"{"material":"tin"}"#,
            "Lights a quiet path.",
            &[(2_999, stock)],
        )
    };
    vec![
        Listing {
            warranty_months: 24,
            ..listing(
                "brass-lamp",
                Shop::DeGood,
                "lighting",
                "Brass Desk Lamp",
                r#"{"material":"brass","colour":"gold"}"#,
                "A warm light for reading.",
                &[(4_999, 5), (5_999, 2)],
            )
        },
        listing(
            "reading-light",
            Shop::Us,
            "lighting",
            "Reading Light",
            r#"{"material":"steel","kind":"floor lamp"}"#,
            "Tall and slim.",
            &[(8_999, 3)],
        ),
        listing(
            "side-table",
            Shop::DePoor,
            "kitchen",
            "Oak Side Table",
            r#"{"material":"oak"}"#,
            "Holds a lamp and a stack of books.",
            &[(12_999, 0)],
        ),
        listing(
            "lampshade",
            Shop::Kr,
            "lighting",
            "Linen Lampshade",
            r#"{"material":"linen"}"#,
            "Soft and pale.",
            &[(35_000, 4)],
        ),
        listing(
            "scarf",
            Shop::DeSlow,
            "accessories",
            "Lambswool Scarf",
            r#"{"material":"wool"}"#,
            "Warm for winter.",
            &[(2_499, 9)],
        ),
        listing(
            "mug",
            Shop::DeGood,
            "kitchen",
            "Ceramic Mug",
            r#"{"material":"ceramic","colour":"white"}"#,
            "Holds coffee.",
            &[(1_299, 10)],
        ),
        listing(
            "boots",
            Shop::Us,
            "shoes",
            "Leather Boots",
            r#"{"material":"leather"}"#,
            "Sturdy for rain.",
            &[(14_999, 1), (15_999, 0)],
        ),
        listing(
            "kettle",
            Shop::DePoor,
            "kitchen",
            "Brass Kettle",
            r#"{"material":"brass"}"#,
            "Boils water fast.",
            &[(3_999, 6)],
        ),
        // The best one last: equal text ranks are ordered by id, so only re-ranking can bring it forward.
        lantern("lantern-sold-out", Shop::DeGood, 0),
        lantern("lantern-poorly-rated", Shop::DePoor, 3),
        lantern("lantern-slow", Shop::DeSlow, 3),
        lantern("lantern-best", Shop::DeGood, 3),
    ]
}

/// The id of the `n`th listing (fixed, so tests can name listings).
pub fn product_id(n: usize) -> String {
    ProductId::from_parts(BASE_MS + 1_000 * (n as u64 + 1), [7; 10]).to_string()
}

/// The id of the listing with `key` in [`listings`].
pub fn id_of(key: &str) -> String {
    let n = listings().iter().position(|l| l.key == key).expect("a fixture listing");
    product_id(n)
}

/// The key of the listing with `id`.
pub fn key_of(id: &str) -> &'static str {
    let listings = listings();
    let n = (0..listings.len()).find(|n| product_id(*n) == id).expect("a fixture id");
    listings[n].key
}

/// Adds `extra` listings after the small catalog; they are numbered from 50, so [`product_id`] names them.
pub async fn insert_more(db: &Database, extra: &[Listing]) -> Vec<String> {
    let products: Vec<NewProduct> =
        extra.iter().enumerate().map(|(n, listing)| product_row(50 + n, listing)).collect();
    catalog::insert_products(db.pool(), &products).await.expect("more products");
    products.into_iter().map(|p| p.id).collect()
}

fn product_row(n: usize, listing: &Listing) -> NewProduct {
    let id = product_id(n);
    let created_at_ms = BASE_MS as i64 + 1_000 * (n as i64 + 1);
    let variants = listing
        .variants
        .iter()
        .enumerate()
        .map(|(position, (price_minor, stock))| NewVariant {
            id: VariantId::from_parts(created_at_ms as u64, [position as u8; 10]).to_string(),
            sku: format!("{}-{position}", listing.key),
            options_json: format!(r#"{{"size":"{}"}}"#, ["S", "M", "L"][position % 3]),
            price_minor: *price_minor,
            stock: *stock,
        })
        .collect();
    let mut product = NewProduct {
        id,
        seller_id: listing.shop.id(),
        category_id: category_id(listing.category),
        title: listing.title.into(),
        description: listing.description.into(),
        attributes_json: listing.attributes.into(),
        currency: listing.shop.currency().into(),
        price_minor: 0,
        stock: 0,
        warranty_months: listing.warranty_months,
        signals: OutcomeCounters { orders_90d: 10, returns_disputes_90d: 0, views_30d: 200, orders_30d: 4 },
        variants,
        created_at_ms,
    };
    product.summarize_variants();
    product
}

/// Lanes into DE (and one into US, so other regions are not empty): (origin, destination, level, min, max).
const LANES: [(&str, &str, &str, i64, i64); 5] = [
    ("DE", "DE", "standard", 1, 2),
    ("DE", "DE", "express", 1, 1),
    ("US", "DE", "economy", 10, 20),
    ("US", "DE", "express", 3, 5),
    ("US", "US", "standard", 2, 3),
];

/// Categories, shops and lanes, without listings.
pub async fn insert_base(db: &Database) {
    let pool = db.pool();
    let categories: Vec<NewCategory> = CATEGORIES
        .iter()
        .enumerate()
        .map(|(position, (slug, parent))| NewCategory {
            id: category_id(slug),
            parent_id: parent.map(category_id),
            slug: (*slug).into(),
            name: slug[..1].to_uppercase() + &slug[1..],
            position: position as i64,
        })
        .collect();
    catalog::insert_categories(pool, &categories).await.expect("categories");
    let sellers: Vec<NewSeller> = Shop::ALL.iter().map(|s| s.row()).collect();
    catalog::insert_sellers(pool, &sellers).await.expect("sellers");
    let lanes: Vec<LaneRow> = LANES
        .iter()
        .map(|(origin, destination, level, min, max)| LaneRow {
            origin_region: (*origin).into(),
            destination_region: (*destination).into(),
            service_level: (*level).into(),
            carrier: format!("{origin} Post"),
            transit_min_days: *min,
            transit_max_days: *max,
            currency: if *origin == "DE" { "EUR" } else { "USD" }.into(),
            price_minor: 499 * *max,
        })
        .collect();
    catalog::insert_lanes(pool, &lanes).await.expect("lanes");
}

/// The small catalog of [`listings`].
pub async fn insert_small(db: &Database) {
    insert_base(db).await;
    let products: Vec<NewProduct> =
        listings().iter().enumerate().map(|(n, listing)| product_row(n, listing)).collect();
    catalog::insert_products(db.pool(), &products).await.expect("products");
}

/// `count` listings that all match "widget", spread over every shop, with varied stock, prices, text length
/// and outcome counters so every sort order has ties and non-ties. Returns their ids.
pub async fn insert_widgets(db: &Database, count: usize) -> Vec<String> {
    insert_base(db).await;
    let products: Vec<NewProduct> = (0..count)
        .map(|n| {
            let shop = Shop::ALL[n % Shop::ALL.len()];
            let filler = ["sturdy", "bright", "small", "large", "green"];
            let description =
                (0..n % 7).map(|k| filler[(n + k) % filler.len()]).collect::<Vec<_>>().join(" ");
            let listing = Listing {
                key: "widget",
                shop,
                category: ["lighting", "kitchen", "shoes"][n % 3],
                title: "Copper Widget",
                attributes: r#"{"material":"copper"}"#,
                description: "",
                variants: vec![((n as i64 * 37) % 50 * 100 + 99, (n as i64 % 4) * 3)],
                warranty_months: 0,
            };
            let mut row = product_row(100 + n, &listing);
            row.description = format!("A widget. {description}");
            row.variants[0].sku = format!("widget-{n}");
            row.signals.orders_90d = (n as i64 * 13) % 40;
            row
        })
        .collect();
    catalog::insert_products(db.pool(), &products).await.expect("widgets");
    products.into_iter().map(|p| p.id).collect()
}
