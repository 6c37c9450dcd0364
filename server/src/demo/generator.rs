//! The deterministic generator. All randomness comes from one ChaCha stream seeded by the caller, and all times
//! from a fixed base, so a seed names one exact catalog on every machine.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use shared::ids::{CategoryId, ProductId, SellerId, VariantId};
use shared::money::{RoundingMode, round_div};

use super::vocabulary::{ADJECTIVES, CATEGORIES, COLOURS, LeafCategory, MARKETS};
use crate::db::catalog::{LaneRow, NewCategory, NewProduct, NewSeller, NewVariant, OutcomeCounters};

/// 2026-01-01T00:00:00Z: demo sellers open shortly after, products follow one every 37 seconds.
pub(crate) const BASE_UNIX_MS: i64 = 1_767_225_600_000;
const PRODUCT_SPACING_MS: i64 = 37_000;

/// Chance (in percent) that a product is out of stock, so the storefront shows both states.
const OUT_OF_STOCK_PERCENT: u32 = 8;

pub struct Generator {
    rng: ChaCha8Rng,
    /// Leaf categories with their ids, in vocabulary order.
    leaves: Vec<(CategoryId, &'static LeafCategory)>,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        Self { rng: ChaCha8Rng::seed_from_u64(seed), leaves: Vec::new() }
    }

    /// The category tree, parents before children. Must be called before [`Generator::products`].
    pub fn categories(&mut self) -> Vec<NewCategory> {
        let mut rows = Vec::new();
        self.leaves.clear();
        for (top_position, top) in CATEGORIES.iter().enumerate() {
            let top_id = CategoryId::from_parts(BASE_UNIX_MS as u64, self.rng.random());
            rows.push(NewCategory {
                id: top_id.to_string(),
                parent_id: None,
                slug: top.slug.into(),
                name: top.name.into(),
                position: top_position as i64,
            });
            for (leaf_position, leaf) in top.leaves.iter().enumerate() {
                let leaf_id = CategoryId::from_parts(BASE_UNIX_MS as u64, self.rng.random());
                rows.push(NewCategory {
                    id: leaf_id.to_string(),
                    parent_id: Some(top_id.to_string()),
                    slug: leaf.slug.into(),
                    name: leaf.name.into(),
                    position: leaf_position as i64,
                });
                self.leaves.push((leaf_id, leaf));
            }
        }
        rows
    }

    /// `count` shops spread over the markets in turn, so every currency is represented.
    pub fn sellers(&mut self, count: u32) -> Vec<NewSeller> {
        (0..count)
            .map(|index| {
                let market = &MARKETS[index as usize % MARKETS.len()];
                // Walk the name grid of the market so names stay unique; past its size, number them.
                let nth_in_market = index as usize / MARKETS.len();
                let (starts, ends) = (market.name_starts, market.name_ends);
                let start = starts[nth_in_market % starts.len()];
                // (start, row + start) is a bijection on the grid, and neighbours get different endings.
                let end = ends[(nth_in_market / starts.len() + nth_in_market % starts.len()) % ends.len()];
                let round = nth_in_market / (starts.len() * ends.len());
                let created_at_ms = BASE_UNIX_MS + i64::from(index) * 60_000;
                let rating_x100 =
                    (self.rng.random_range(0..10) > 0).then(|| self.rng.random_range(350..=500));
                let handling_days = self.rng.random_range(1..=3);
                NewSeller {
                    id: SellerId::from_parts(created_at_ms as u64, self.rng.random()).to_string(),
                    name: if round == 0 {
                        format!("{start} {end}")
                    } else {
                        format!("{start} {end} {}", round + 1)
                    },
                    slug: format!("{}-{index}", market.region.to_ascii_lowercase()),
                    region: market.region.into(),
                    currency: market.currency.into(),
                    rating_x100,
                    handling_days,
                    created_at_ms,
                }
            })
            .collect()
    }

    /// Products `first .. first + count` of the catalog, each from a seller in turn and priced in its currency.
    pub fn products(&mut self, sellers: &[NewSeller], first: u32, count: u32) -> Vec<NewProduct> {
        if sellers.is_empty() || self.leaves.is_empty() {
            return Vec::new();
        }
        (first..first + count)
            .map(|index| {
                let seller = &sellers[index as usize % sellers.len()];
                let (category_id, leaf) = self.leaves[self.rng.random_range(0..self.leaves.len())];
                let adjective = ADJECTIVES[self.rng.random_range(0..ADJECTIVES.len())];
                let material = leaf.materials[self.rng.random_range(0..leaf.materials.len())];
                let noun = leaf.nouns[self.rng.random_range(0..leaf.nouns.len())];
                let colour = COLOURS[self.rng.random_range(0..COLOURS.len())];
                let title = format!("{adjective} {material} {noun}");
                let description = format!(
                    "{title} in {colour}. {material}, chosen for daily use and made to last. \
                     Ships from {} within {} business day{}.",
                    seller.region,
                    seller.handling_days,
                    if seller.handling_days == 1 { "" } else { "s" }
                );
                let attributes = serde_json::json!({ "material": material, "colour": colour });
                let price_usd_cents = self.rng.random_range(leaf.price_usd_cents.0..=leaf.price_usd_cents.1);
                let created_at_ms = BASE_UNIX_MS + 3_600_000 + i64::from(index) * PRODUCT_SPACING_MS;
                let id = ProductId::from_parts(created_at_ms as u64, self.rng.random());
                let variants = self.variants(leaf, colour, price_usd_cents, &seller.currency, created_at_ms);
                let orders_90d = self.rng.random_range(0..=120);
                let views_30d = self.rng.random_range(20..=4_000);
                let mut product = NewProduct {
                    id: id.to_string(),
                    seller_id: seller.id.clone(),
                    category_id: category_id.to_string(),
                    title,
                    description,
                    attributes_json: attributes.to_string(),
                    currency: seller.currency.clone(),
                    price_minor: 0,
                    stock: 0,
                    warranty_months: [0, 6, 12, 24][self.rng.random_range(0..4)],
                    signals: OutcomeCounters {
                        orders_90d,
                        // Most listings rarely go wrong; a few do often, so reliability separates them.
                        returns_disputes_90d: if self.rng.random_range(0..10) == 0 {
                            orders_90d / 4
                        } else {
                            orders_90d / 40
                        },
                        views_30d,
                        orders_30d: (views_30d * self.rng.random_range(0..=60) / 1_000).min(orders_90d),
                    },
                    variants,
                    created_at_ms,
                };
                product.summarize_variants();
                product
            })
            .collect()
    }

    /// One to three SKUs: sizes where the category has them, otherwise colours. Larger sizes cost a little
    /// more; each SKU has its own stock, and now and then one (or all) is sold out.
    fn variants(
        &mut self,
        leaf: &LeafCategory,
        colour: &str,
        price_usd_cents: i64,
        currency: &str,
        created_at_ms: i64,
    ) -> Vec<NewVariant> {
        let count = self.rng.random_range(1..=3usize);
        let sold_out = self.rng.random_range(0..100) < OUT_OF_STOCK_PERCENT;
        let options: Vec<(String, serde_json::Value)> = if leaf.sizes.is_empty() {
            // The listing's own colour, then the next ones in the palette from a random start, skipping the
            // listing's colour so no two SKUs of a listing are the same (SKUs are unique per listing).
            let first = self.rng.random_range(0..COLOURS.len());
            let others =
                (0..COLOURS.len()).map(|n| COLOURS[(first + n) % COLOURS.len()]).filter(|c| *c != colour);
            std::iter::once(colour)
                .chain(others.take(count - 1))
                .map(|c| (c.to_lowercase(), serde_json::json!({ "colour": c })))
                .collect()
        } else {
            let first = self.rng.random_range(0..leaf.sizes.len());
            (0..count.min(leaf.sizes.len()))
                .map(|n| leaf.sizes[(first + n) % leaf.sizes.len()])
                .map(|size| (size.to_lowercase(), serde_json::json!({ "size": size })))
                .collect()
        };
        options
            .into_iter()
            .enumerate()
            .map(|(position, (code, options))| {
                let stock = if sold_out || self.rng.random_range(0..100) < OUT_OF_STOCK_PERCENT {
                    0
                } else {
                    self.rng.random_range(1..=200)
                };
                let surcharge = price_usd_cents * position as i64 / 10;
                NewVariant {
                    id: VariantId::from_parts(created_at_ms as u64, self.rng.random()).to_string(),
                    sku: format!("{}-{}", leaf.slug, code.replace(|c: char| !c.is_alphanumeric(), "")),
                    options_json: options.to_string(),
                    price_minor: shelf_price(price_usd_cents + surcharge, currency),
                    stock,
                }
            })
            .collect()
    }

    /// Carrier lanes between every pair of markets (and within each): economy, standard and express, priced
    /// in the origin market's currency. International parcels take longer and cost more.
    pub fn lanes(&self) -> Vec<LaneRow> {
        let mut lanes = Vec::new();
        for origin in MARKETS {
            for destination in MARKETS {
                let domestic = origin.region == destination.region;
                // (level, carrier, min days, max days, price in US cents)
                let services: [(&str, &str, i64, i64, i64); 3] = if domestic {
                    [
                        ("economy", origin.domestic_carrier, 3, 6, 0),
                        ("standard", origin.domestic_carrier, 2, 3, 499),
                        ("express", "Bazaar Express", 1, 1, 1_299),
                    ]
                } else {
                    [
                        ("economy", "Bazaar Global Post", 12, 25, 699),
                        ("standard", "Bazaar Global Post", 7, 12, 1_499),
                        ("express", "Bazaar Express", 3, 5, 2_999),
                    ]
                };
                for (level, carrier, min, max, usd_cents) in services {
                    lanes.push(LaneRow {
                        origin_region: origin.region.into(),
                        destination_region: destination.region.into(),
                        service_level: level.into(),
                        carrier: carrier.into(),
                        transit_min_days: min,
                        transit_max_days: max,
                        currency: origin.currency.into(),
                        price_minor: if usd_cents == 0 { 0 } else { shelf_price(usd_cents, origin.currency) },
                    });
                }
            }
        }
        lanes
    }
}

/// A price a shop in that market would print: the US price at a typical local price level, ending the way local
/// shops end prices (19.99 $, R$ 49,90, 1 290 ₽, ₩12,900).
pub fn shelf_price(price_usd_cents: i64, currency: &str) -> i64 {
    // Minor units of the currency per 100 US cents, at rough price levels (not exchange rates).
    let (per_100_cents, unit, ending) = match currency {
        "EUR" => (92, 100, -1),           // whole euros, minus one cent: 18.99
        "BRL" => (520, 100, -10),         // whole reais, minus ten centavos: 49.90
        "RUB" => (9_000, 10_000, -1_000), // hundreds of roubles, minus ten roubles: 1 290
        "KRW" => (1_350, 1_000, -100),    // thousands of won, minus a hundred: 12,900
        _ => (100, 100, -1),              // USD and others: 19.99
    };
    let local = round_div(i128::from(price_usd_cents) * per_100_cents, 100, RoundingMode::HalfEven);
    let rounded = round_div(local, unit, RoundingMode::HalfUp).max(1) * unit;
    i64::try_from(rounded + ending).unwrap_or(i64::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_makes_the_same_catalog() {
        let catalog = |seed| {
            let mut generator = Generator::new(seed);
            let categories = generator.categories();
            let sellers = generator.sellers(10);
            let products = generator.products(&sellers, 0, 50);
            (categories, sellers, products)
        };
        assert_eq!(catalog(7), catalog(7));
        assert_ne!(catalog(7).2, catalog(8).2);
    }

    #[test]
    fn every_market_and_both_stock_states_appear() {
        let mut generator = Generator::new(42);
        generator.categories();
        let sellers = generator.sellers(50);
        let products = generator.products(&sellers, 0, 2_000);
        for market in MARKETS {
            assert!(products.iter().any(|p| p.currency == market.currency), "{} missing", market.currency);
            assert!(shared::money::Currency::from_code(market.currency).is_ok());
        }
        assert!(products.iter().any(|p| p.stock == 0));
        assert!(products.iter().any(|p| p.stock > 0));
        let unique: std::collections::HashSet<_> = products.iter().map(|p| &p.id).collect();
        assert_eq!(unique.len(), products.len(), "ids are unique");
        let names: std::collections::HashSet<_> = sellers.iter().map(|s| &s.name).collect();
        assert_eq!(names.len(), sellers.len(), "shop names are unique");
        assert!(
            sellers.iter().all(|s| !s.name.chars().any(|c| c.is_ascii_digit())),
            "50 shops need no numbers"
        );
    }

    #[test]
    fn variants_have_distinct_skus_and_the_listing_summarizes_them() {
        let mut generator = Generator::new(5);
        generator.categories();
        let sellers = generator.sellers(10);
        let products = generator.products(&sellers, 0, 2_000);
        for product in &products {
            assert!((1..=3).contains(&product.variants.len()), "{}", product.title);
            let skus: std::collections::HashSet<_> = product.variants.iter().map(|v| &v.sku).collect();
            assert_eq!(skus.len(), product.variants.len(), "{}: duplicate SKU", product.title);
            let lowest = product.variants.iter().map(|v| v.price_minor).min();
            assert_eq!(Some(product.price_minor), lowest, "{}", product.title);
            assert_eq!(
                product.stock,
                product.variants.iter().map(|v| v.stock).sum::<i64>(),
                "{}",
                product.title
            );
        }
        assert!(products.iter().any(|p| p.variants.len() == 3));
    }

    #[test]
    fn lanes_join_every_pair_of_markets_and_domestic_parcels_are_faster() {
        let lanes = Generator::new(1).lanes();
        assert_eq!(lanes.len(), MARKETS.len() * MARKETS.len() * 3);
        for lane in &lanes {
            assert!(lane.transit_min_days <= lane.transit_max_days, "{lane:?}");
            let origin = MARKETS.iter().find(|m| m.region == lane.origin_region).expect("a market");
            assert_eq!(lane.currency, origin.currency, "priced in the origin's currency");
            assert!(shared::delivery::ServiceLevel::parse(&lane.service_level).is_some(), "{lane:?}");
        }
        let fastest = |origin: &str, destination: &str| {
            lanes
                .iter()
                .filter(|l| l.origin_region == origin && l.destination_region == destination)
                .map(|l| l.transit_max_days)
                .min()
        };
        assert!(fastest("DE", "DE") < fastest("US", "DE"));
    }

    #[test]
    fn shelf_prices_end_the_local_way() {
        assert_eq!(shelf_price(1_850, "USD"), 1_899);
        assert_eq!(shelf_price(1_850, "EUR"), 1_699); // 17.02 € → 17 → 16.99
        assert_eq!(shelf_price(1_000, "BRL"), 5_190); // R$ 52 → 51,90
        assert_eq!(shelf_price(1_450, "RUB"), 129_000); // 1 305 ₽ → 1 300 → 1 290
        assert_eq!(shelf_price(955, "KRW"), 12_900); // ₩12,893 → 13,000 → 12,900
    }

    #[test]
    fn a_later_batch_continues_the_same_sequence_of_times() {
        let mut generator = Generator::new(1);
        generator.categories();
        let sellers = generator.sellers(3);
        let first = generator.products(&sellers, 0, 2);
        let second = generator.products(&sellers, 2, 2);
        assert!(first[1].created_at_ms < second[0].created_at_ms);
    }
}
