//! The search language: how a typed query becomes terms, how well a listing's text answers them, and which
//! indexed words to suggest while the shopper is still typing (forgiving one slip of the finger).
//!
//! The database finds candidates (SQLite FTS5 or PostgreSQL full-text); these functions score them, so both
//! backends rank the same listings the same way.

use serde::{Deserialize, Serialize};

use crate::ranking::PPM;

/// Longest query accepted, in bytes; longer is a client error, not something to truncate silently.
pub const MAX_QUERY_BYTES: usize = 200;
/// Terms beyond this many are ignored: they narrow nothing a shopper would notice and cost index work.
pub const MAX_TERMS: usize = 8;
/// A term is cut at this many characters (no real word in the catalog is longer).
const MAX_TERM_CHARS: usize = 32;

/// The order of a result list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SearchSort {
    /// Text relevance combined with the chance of a successful purchase (see [`crate::ranking`]).
    #[default]
    BestMatch,
    PriceAsc,
    PriceDesc,
    FastestDelivery,
    TopRated,
}

impl SearchSort {
    pub const ALL: [SearchSort; 5] =
        [Self::BestMatch, Self::PriceAsc, Self::PriceDesc, Self::FastestDelivery, Self::TopRated];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::BestMatch => "best_match",
            Self::PriceAsc => "price_asc",
            Self::PriceDesc => "price_desc",
            Self::FastestDelivery => "fastest_delivery",
            Self::TopRated => "top_rated",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == text)
    }
}

/// The words of a query: lower-cased runs of letters and digits, duplicates dropped, at most [`MAX_TERMS`].
///
/// Everything else (punctuation, quotes, operators) separates words, so no input can inject search syntax.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in query.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let term: String = word.chars().flat_map(char::to_lowercase).take(MAX_TERM_CHARS).collect();
        if !terms.contains(&term) {
            terms.push(term);
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    terms
}

/// How much a word in each field counts, in per mille: the title says what the thing *is*.
const TITLE_WEIGHT: u64 = 1_000;
const ATTRIBUTE_WEIGHT: u64 = 700;
const DESCRIPTION_WEIGHT: u64 = 400;

/// How well a listing's text answers the query terms, 0..=PPM.
///
/// Each term scores by the best field it appears in (as a whole word, or as the start of one, since search
/// treats terms as prefixes); a whole-word hit counts fully and a prefix hit 80 %. The listing's relevance is
/// the average over terms, so a listing matching every term in its title scores PPM.
pub fn relevance_ppm(terms: &[String], title: &str, attributes: &str, description: &str) -> u32 {
    if terms.is_empty() {
        return PPM;
    }
    let fields = [
        (words(title), TITLE_WEIGHT),
        (words(attributes), ATTRIBUTE_WEIGHT),
        (words(description), DESCRIPTION_WEIGHT),
    ];
    let total: u64 = terms
        .iter()
        .map(|term| {
            fields
                .iter()
                .map(|(words, weight)| {
                    if words.iter().any(|w| w == term) {
                        *weight
                    } else if words.iter().any(|w| w.starts_with(term.as_str())) {
                        weight * 8 / 10
                    } else {
                        0
                    }
                })
                .max()
                .unwrap_or(0)
        })
        .sum();
    (total * u64::from(PPM) / (TITLE_WEIGHT * terms.len() as u64)) as u32
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().flat_map(char::to_lowercase).collect())
        .collect()
}

/// An indexed word and how many listings contain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexedTerm {
    pub term: String,
    pub listings: u64,
}

/// Words to offer for what the shopper has typed so far (`typed` is the unfinished last word).
///
/// A word qualifies when its beginning is within a small edit distance of `typed`: none for one or two
/// letters, one slip from three letters on, two from seven. Exact-prefix matches come first, then closer
/// slips; within a group the word in more listings wins. `vocabulary` is every indexed word; the caller bounds
/// its size.
pub fn suggest(typed: &str, vocabulary: &[IndexedTerm], limit: usize) -> Vec<String> {
    let typed: Vec<char> = typed.trim().chars().flat_map(char::to_lowercase).collect();
    if typed.is_empty() || limit == 0 {
        return Vec::new();
    }
    let allowed = match typed.len() {
        0..=2 => 0,
        3..=6 => 1,
        _ => 2,
    };
    let mut matches: Vec<(usize, u64, &str)> = vocabulary
        .iter()
        .filter_map(|entry| {
            let word: Vec<char> = entry.term.chars().collect();
            prefix_distance(&typed, &word, allowed)
                .map(|distance| (distance, entry.listings, entry.term.as_str()))
        })
        .collect();
    matches.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    matches.into_iter().take(limit).map(|(_, _, term)| term.to_string()).collect()
}

/// The smallest edit distance (insertions, deletions, substitutions, adjacent swaps) between `typed` and any
/// beginning of `word`, if it is at most `allowed`.
fn prefix_distance(typed: &[char], word: &[char], allowed: usize) -> Option<usize> {
    // Optimal string alignment over `typed` × every prefix of `word`; the answer is the best cell of the last row.
    let width = word.len() + 1;
    let mut rows = vec![vec![0usize; width]; typed.len() + 1];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=typed.len() {
        rows[i][0] = i;
        let mut row_best = rows[i][0];
        for j in 1..width {
            let cost = usize::from(typed[i - 1] != word[j - 1]);
            let mut value = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && typed[i - 1] == word[j - 2] && typed[i - 2] == word[j - 1] {
                value = value.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = value;
            row_best = row_best.min(value);
        }
        if row_best > allowed {
            return None; // Every later row is at least as far.
        }
    }
    rows[typed.len()].iter().copied().min().filter(|d| *d <= allowed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn vocabulary(words: &[(&str, u64)]) -> Vec<IndexedTerm> {
        words
            .iter()
            .map(|(term, listings)| IndexedTerm { term: (*term).into(), listings: *listings })
            .collect()
    }

    #[test]
    fn terms_are_lower_case_words_without_syntax() {
        assert_eq!(query_terms("  Brass LAMP, brass \"lamp\" OR *x*"), ["brass", "lamp", "or", "x"]);
        assert_eq!(query_terms("Лампа латунь"), ["лампа", "латунь"]);
        assert_eq!(query_terms("---"), Vec::<String>::new());
        assert_eq!(query_terms(&"a ".repeat(50)).len(), 1);
        let many = (0..20).map(|n| format!("w{n}")).collect::<Vec<_>>().join(" ");
        assert_eq!(query_terms(&many).len(), MAX_TERMS);
    }

    #[test]
    fn a_title_match_beats_a_description_match() {
        let terms = query_terms("lamp");
        let in_title = relevance_ppm(&terms, "Brass Desk Lamp", "brass", "A lamp for reading.");
        let in_description = relevance_ppm(&terms, "Brass Desk Light", "brass", "Works like a lamp.");
        let nowhere = relevance_ppm(&terms, "Brass Desk Light", "brass", "For reading.");
        assert_eq!(in_title, PPM);
        assert!(in_title > in_description && in_description > nowhere);
        assert_eq!(nowhere, 0);
    }

    #[test]
    fn whole_words_beat_prefixes_and_every_term_counts() {
        let whole = relevance_ppm(&query_terms("lamp"), "Desk Lamp", "", "");
        let prefix = relevance_ppm(&query_terms("lamp"), "Lampshade", "", "");
        assert!(whole > prefix && prefix > 0);
        let both = relevance_ppm(&query_terms("brass lamp"), "Brass Lamp", "", "");
        let one = relevance_ppm(&query_terms("brass lamp"), "Steel Lamp", "", "");
        assert_eq!(both, PPM);
        assert_eq!(one, PPM / 2);
    }

    #[test]
    fn suggestions_forgive_a_slip_and_prefer_popular_words() {
        let words =
            vocabulary(&[("lamp", 900), ("lampshade", 40), ("lantern", 300), ("laptop", 5), ("mug", 800)]);
        assert_eq!(suggest("lam", &words, 3), ["lamp", "lampshade", "lantern"]);
        assert_eq!(suggest("lmap", &words, 2), ["lamp", "lampshade"], "an adjacent swap is one slip");
        assert_eq!(suggest("lanp", &words, 1), ["lamp"], "one wrong letter");
        assert_eq!(
            suggest("la", &words, 5),
            ["lamp", "lantern", "lampshade", "laptop"],
            "no slips for two letters"
        );
        assert!(suggest("xyzzy", &words, 5).is_empty());
        assert!(suggest("", &words, 5).is_empty());
    }

    #[test]
    fn sorts_round_trip_through_their_names() {
        for sort in SearchSort::ALL {
            assert_eq!(SearchSort::parse(sort.as_str()), Some(sort));
        }
        assert_eq!(SearchSort::parse("random"), None);
    }

    proptest! {
        #[test]
        fn relevance_stays_on_the_scale(q in ".{0,40}", title in ".{0,40}", description in ".{0,80}") {
            let score = relevance_ppm(&query_terms(&q), &title, "", &description);
            prop_assert!(score <= PPM);
        }

        #[test]
        fn an_exact_prefix_is_always_suggested(word in "[a-z]{3,12}", cut in 1usize..12) {
            let typed: String = word.chars().take(cut).collect();
            let words = vec![IndexedTerm { term: word.clone(), listings: 1 }];
            prop_assert_eq!(suggest(&typed, &words, 1), vec![word]);
        }
    }
}
