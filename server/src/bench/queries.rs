//! The requests the bench sends, built deterministically (same seed, same list) from the demo generator's
//! vocabulary, so every query can match products of the generated catalog.
//!
//! **Adjust here when the search API changes:** [`SEARCH_MIX`] lists every query shape with its share, and
//! [`SearchShape::query`] is the one place that spells search parameters (`q`, `category`, `in_stock`,
//! `region`, `sort`, `min_price`, `max_price`, `currency`; the names of `shared::dto::SearchParams`).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::demo::vocabulary::{ADJECTIVES, CATEGORIES, COLOURS, MARKETS};

/// One kind of search a shopper types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchShape {
    /// One word of a title or description: `q=lamp`, `q=walnut`, `q=olive`.
    Word,
    /// A modifier and a product noun: `q=leather wallet`.
    TwoWords,
    /// The start of a word, as typed before finishing it: `q=jack`.
    Prefix,
    /// A noun within its department or category: `q=lamp&category=home-living`.
    InCategory,
    /// Only what can ship now: `q=kettle&in_stock=true`.
    InStock,
    /// Fastest delivery to a region: `q=backpack&region=DE&sort=fastest_delivery`.
    FastestToRegion,
    /// A price band: `q=jacket&min_price=10&max_price=200&currency=USD`.
    PriceRange,
}

/// THE SEARCH QUERY MIX: each shape with its share (weights, out of their sum).
pub const SEARCH_MIX: &[(SearchShape, u32)] = &[
    (SearchShape::Word, 35),
    (SearchShape::TwoWords, 25),
    (SearchShape::Prefix, 15),
    (SearchShape::InCategory, 7),
    (SearchShape::InStock, 6),
    (SearchShape::FastestToRegion, 6),
    (SearchShape::PriceRange, 6),
];

/// Price bands of [`SearchShape::PriceRange`]: (min, max, currency), in major units of the currency.
const PRICE_BANDS: &[(u32, u32, &str)] =
    &[(10, 200, "USD"), (0, 50, "USD"), (50, 500, "EUR"), (20, 100, "USD")];

/// Distinct requests per scenario; a run cycles through them, so the server sees a realistic spread rather
/// than one cached query.
pub const SEARCH_PATHS: usize = 2_000;
pub const LIST_PATHS: usize = 500;
/// Product ids sampled from the catalog for product pages.
pub const PRODUCT_SAMPLE: usize = 1_000;

/// Deepest page the list scenario asks for: shoppers rarely go past the first few.
const LIST_MAX_PAGE: u32 = 5;

/// Words of the catalog, lower-case, as a shopper would type them.
struct Words {
    /// A leaf's slug, its department's slug and the product nouns (last word of each noun) of that leaf.
    leaves: Vec<(&'static str, &'static str, Vec<String>)>,
    /// Adjectives, colours and materials: what comes before a noun.
    modifiers: Vec<String>,
    /// Every word above, for single-word queries and prefixes.
    all: Vec<String>,
}

impl Words {
    fn from_vocabulary() -> Self {
        let mut leaves = Vec::new();
        let mut modifiers: Vec<String> =
            ADJECTIVES.iter().chain(COLOURS.iter()).flat_map(|phrase| words_of(phrase)).collect();
        for top in CATEGORIES {
            for leaf in top.leaves {
                let nouns: Vec<String> = leaf.nouns.iter().filter_map(|noun| words_of(noun).pop()).collect();
                leaves.push((leaf.slug, top.slug, nouns));
                modifiers.extend(leaf.materials.iter().flat_map(|phrase| words_of(phrase)));
            }
        }
        modifiers.sort();
        modifiers.dedup();
        let mut all: Vec<String> = leaves
            .iter()
            .flat_map(|(_, _, nouns)| nouns.iter().cloned())
            .chain(modifiers.iter().cloned())
            .collect();
        all.sort();
        all.dedup();
        Self { leaves, modifiers, all }
    }

    fn noun<'a>(&'a self, rng: &mut ChaCha8Rng) -> (&'static str, &'static str, &'a str) {
        let (leaf, top, nouns) = &self.leaves[rng.random_range(0..self.leaves.len())];
        (leaf, top, &nouns[rng.random_range(0..nouns.len())])
    }
}

/// The searchable words of a phrase: lower-case, letters only, three or more ("Chef's Knife" → "knife").
fn words_of(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|word| word.len() >= 3 && word.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_lowercase)
        .collect()
}

impl SearchShape {
    /// The query string (without `?`) of one search of this shape.
    fn query(self, words: &Words, rng: &mut ChaCha8Rng) -> String {
        let (leaf, top, noun) = words.noun(rng);
        let q = |text: &str| format!("q={}", encode(text));
        match self {
            SearchShape::Word => q(&words.all[rng.random_range(0..words.all.len())]),
            SearchShape::TwoWords => {
                let modifier = &words.modifiers[rng.random_range(0..words.modifiers.len())];
                q(&format!("{modifier} {noun}"))
            }
            SearchShape::Prefix => {
                let word = &words.all[rng.random_range(0..words.all.len())];
                // At least three letters and at least one short of the word (all words have three or more).
                let length = rng.random_range(3..=word.len().saturating_sub(1).max(3));
                q(&word[..length])
            }
            SearchShape::InCategory => {
                let slug = if rng.random_bool(0.5) { leaf } else { top };
                format!("{}&category={slug}", q(noun))
            }
            SearchShape::InStock => format!("{}&in_stock=true", q(noun)),
            SearchShape::FastestToRegion => {
                let region = MARKETS[rng.random_range(0..MARKETS.len())].region;
                format!("{}&region={region}&sort=fastest_delivery", q(noun))
            }
            SearchShape::PriceRange => {
                let (min, max, currency) = PRICE_BANDS[rng.random_range(0..PRICE_BANDS.len())];
                format!("{}&min_price={min}&max_price={max}&currency={currency}", q(noun))
            }
        }
    }
}

/// `count` search request paths in the proportions of [`SEARCH_MIX`].
pub fn search_paths(seed: u64, count: usize) -> Vec<String> {
    let words = Words::from_vocabulary();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5ea4c4);
    let total_weight: u32 = SEARCH_MIX.iter().map(|(_, weight)| weight).sum();
    (0..count)
        .map(|_| {
            let shape = shape_at(rng.random_range(0..total_weight));
            format!("/api/v1/products?{}", shape.query(&words, &mut rng))
        })
        .collect()
}

/// The shape whose slice of the summed weights holds `point`.
fn shape_at(mut point: u32) -> SearchShape {
    for (shape, weight) in SEARCH_MIX {
        if point < *weight {
            return *shape;
        }
        point -= weight;
    }
    SearchShape::Word
}

/// `count` product-list paths: pages 1–5, a third without a category, the rest by department or category.
pub fn list_paths(seed: u64, count: usize) -> Vec<String> {
    let slugs: Vec<&str> = CATEGORIES
        .iter()
        .flat_map(|top| std::iter::once(top.slug).chain(top.leaves.iter().map(|l| l.slug)))
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x115f);
    (0..count)
        .map(|_| {
            let page = rng.random_range(1..=LIST_MAX_PAGE);
            if rng.random_range(0..3) == 0 {
                format!("/api/v1/products?page={page}")
            } else {
                format!("/api/v1/products?page={page}&category={}", slugs[rng.random_range(0..slugs.len())])
            }
        })
        .collect()
}

/// Product page paths of `ids`, each for a destination region in turn, as the storefront asks for them (the page
/// shows delivery options to the shopper's region).
pub fn product_paths(ids: &[String]) -> Vec<String> {
    ids.iter()
        .enumerate()
        .map(|(index, id)| format!("/api/v1/products/{id}?region={}", MARKETS[index % MARKETS.len()].region))
        .collect()
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_makes_the_same_requests() {
        assert_eq!(search_paths(7, 300), search_paths(7, 300));
        assert_ne!(search_paths(7, 300), search_paths(8, 300));
        assert_eq!(list_paths(7, 50), list_paths(7, 50));
        let ids = ["a".to_string(), "b".into()];
        assert_eq!(product_paths(&ids), ["/api/v1/products/a?region=US", "/api/v1/products/b?region=DE"]);
    }

    #[test]
    fn the_mix_has_every_shape_in_about_its_share() {
        let paths = search_paths(42, SEARCH_PATHS);
        let share = |needle: &str| paths.iter().filter(|p| p.contains(needle)).count() * 100 / paths.len();
        assert!((4..=10).contains(&share("&category=")), "category {}", share("&category="));
        assert!((3..=9).contains(&share("&in_stock=true")));
        assert!((3..=9).contains(&share("&sort=fastest_delivery")));
        assert!((3..=9).contains(&share("&min_price=")));
        assert!((18..=32).contains(&share("%20")), "two-word queries {}", share("%20"));
        assert!(paths.iter().all(|p| p.starts_with("/api/v1/products?q=")));
        let distinct: std::collections::HashSet<_> = paths.iter().collect();
        assert!(distinct.len() > paths.len() / 4, "a spread of queries, not a few repeated");
    }

    #[test]
    fn queries_use_catalog_words_and_are_url_safe() {
        let words = Words::from_vocabulary();
        assert!(words.all.iter().any(|w| w == "lamp") && words.all.iter().any(|w| w == "walnut"));
        assert!(words.all.iter().all(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase())));
        assert_eq!(words_of("Chef's Knife"), ["knife"]);
        assert_eq!(encode("leather wallet"), "leather%20wallet");
        let unsafe_char = |c: char| !(c.is_ascii_alphanumeric() || "/?=&%-._~".contains(c));
        assert!(search_paths(1, 500).iter().all(|p| !p.chars().any(unsafe_char)));
    }
}
