//! Search ranking: text relevance combined with the chance that a purchase *succeeds* — the item is in stock,
//! the seller is well rated, the parcel arrives fast, orders rarely end in returns or disputes, and shoppers who
//! look at the listing do buy it.
//!
//! Every signal is first mapped to a score in parts per million (0 = worst, 1,000,000 = best), then the scores
//! are averaged with configurable integer weights. Integers keep the result identical on the server and in the
//! browser, and [`Ranking::parts`] lets the product page show operators "why this ranks here".

use serde::{Deserialize, Serialize};

use crate::scorecard::NO_RECORD_PERFORMANCE_PPM;

/// One million: the scale of every factor score.
pub const PPM: u32 = 1_000_000;

/// What the ranking knows about one listing for one shopper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingSignals {
    /// Text relevance to the query, already normalized to 0..=PPM by the search backend.
    pub relevance_ppm: u32,
    /// The seller's average rating ×100 (100–500), None while unrated.
    pub seller_rating_x100: Option<u16>,
    pub in_stock: bool,
    /// Predicted days until delivery to the shopper's region; None when no carrier serves the lane.
    pub delivery_days: Option<u16>,
    /// Orders of this listing in the last 90 days, and how many of them ended in a return or dispute.
    pub orders_90d: u32,
    pub returns_and_disputes_90d: u32,
    /// Views and orders in the last 30 days (conversion).
    pub views_30d: u32,
    pub orders_30d: u32,
    /// The shop's performance score from its scorecard (`scorecard::performance_ppm`: defects, late shipments,
    /// cancellations, tracking, handling), None until the shop has been measured.
    pub seller_performance_ppm: Option<u32>,
}

/// How much each factor counts. Configuration, not code: operators tune it; a factor left out of the
/// configuration keeps its default weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RankingWeights {
    pub relevance: u32,
    pub seller_rating: u32,
    pub in_stock: u32,
    pub delivery_speed: u32,
    pub reliability: u32,
    pub conversion: u32,
    pub seller_performance: u32,
}

impl Default for RankingWeights {
    fn default() -> Self {
        Self {
            relevance: 40,
            seller_rating: 15,
            in_stock: 20,
            delivery_speed: 15,
            reliability: 5,
            conversion: 5,
            seller_performance: 10,
        }
    }
}

/// A factor of the ranking, for explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    Relevance,
    SellerRating,
    InStock,
    DeliverySpeed,
    Reliability,
    Conversion,
    SellerPerformance,
}

/// One factor's contribution: its score and its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactorScore {
    pub factor: Factor,
    pub score_ppm: u32,
    pub weight: u32,
}

/// The result: the total (0..=PPM, higher ranks first) and how it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ranking {
    pub total_ppm: u32,
    pub parts: Vec<FactorScore>,
}

/// An unrated seller is scored like a 4.0-star one: neither rewarded nor punished for being new.
const UNRATED_X100: u32 = 400;
/// Delivery in this many days scores half; sooner is better, with diminishing returns.
const DELIVERY_HALF_SCORE_DAYS: u64 = 3;
/// A conversion rate of this many per mille (or better) scores full marks.
const FULL_MARKS_CONVERSION_PER_MILLE: u64 = 50;

/// Scores one listing.
pub fn rank(signals: &ListingSignals, weights: &RankingWeights) -> Ranking {
    let parts = vec![
        FactorScore {
            factor: Factor::Relevance,
            score_ppm: signals.relevance_ppm.min(PPM),
            weight: weights.relevance,
        },
        FactorScore {
            factor: Factor::SellerRating,
            score_ppm: rating_score(signals.seller_rating_x100),
            weight: weights.seller_rating,
        },
        FactorScore {
            factor: Factor::InStock,
            score_ppm: if signals.in_stock { PPM } else { 0 },
            weight: weights.in_stock,
        },
        FactorScore {
            factor: Factor::DeliverySpeed,
            score_ppm: delivery_score(signals.delivery_days),
            weight: weights.delivery_speed,
        },
        FactorScore {
            factor: Factor::Reliability,
            score_ppm: reliability_score(signals.orders_90d, signals.returns_and_disputes_90d),
            weight: weights.reliability,
        },
        FactorScore {
            factor: Factor::Conversion,
            score_ppm: conversion_score(signals.views_30d, signals.orders_30d),
            weight: weights.conversion,
        },
        FactorScore {
            factor: Factor::SellerPerformance,
            score_ppm: signals.seller_performance_ppm.unwrap_or(NO_RECORD_PERFORMANCE_PPM).min(PPM),
            weight: weights.seller_performance,
        },
    ];
    let weight_sum: u64 = parts.iter().map(|p| u64::from(p.weight)).sum();
    let weighted: u64 = parts.iter().map(|p| u64::from(p.weight) * u64::from(p.score_ppm)).sum();
    // All-zero weights rank everything equal.
    let total_ppm = weighted.checked_div(weight_sum).unwrap_or(0) as u32;
    Ranking { total_ppm, parts }
}

/// 1 star → 0, 5 stars → PPM, linear between.
fn rating_score(rating_x100: Option<u16>) -> u32 {
    let rating = rating_x100.map(u32::from).unwrap_or(UNRATED_X100).clamp(100, 500);
    ((u64::from(rating - 100) * u64::from(PPM)) / 400) as u32
}

/// PPM × h / (h + days): same-day → PPM, `h` days → half, never zero while deliverable.
fn delivery_score(days: Option<u16>) -> u32 {
    match days {
        None => 0,
        Some(days) => {
            (u64::from(PPM) * DELIVERY_HALF_SCORE_DAYS / (DELIVERY_HALF_SCORE_DAYS + u64::from(days))) as u32
        }
    }
}

/// The share of orders that ended well, with one good and one bad order assumed (Laplace), so a single
/// dispute does not sink a new listing and a single good order does not crown it.
fn reliability_score(orders: u32, bad: u32) -> u32 {
    let bad = u64::from(bad.min(orders));
    let orders = u64::from(orders);
    ((orders - bad + 1) * u64::from(PPM) / (orders + 2)) as u32
}

/// Orders per view, smoothed toward a typical rate for listings with few views, capped at full marks.
fn conversion_score(views: u32, orders: u32) -> u32 {
    const PRIOR_VIEWS: u64 = 100;
    const PRIOR_ORDERS_PER_MILLE: u64 = 20;
    let per_mille = (u64::from(orders) * 1_000 + PRIOR_ORDERS_PER_MILLE * PRIOR_VIEWS)
        / (u64::from(views.max(orders)) + PRIOR_VIEWS);
    (per_mille.min(FULL_MARKS_CONVERSION_PER_MILLE) * u64::from(PPM) / FULL_MARKS_CONVERSION_PER_MILLE) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn listing() -> ListingSignals {
        ListingSignals {
            relevance_ppm: 700_000,
            seller_rating_x100: Some(450),
            in_stock: true,
            delivery_days: Some(3),
            orders_90d: 40,
            returns_and_disputes_90d: 1,
            views_30d: 500,
            orders_30d: 10,
            seller_performance_ppm: Some(800_000),
        }
    }

    #[test]
    fn at_equal_relevance_the_likelier_successful_purchase_ranks_first() {
        let weights = RankingWeights::default();
        let good = ListingSignals { seller_rating_x100: Some(490), delivery_days: Some(2), ..listing() };
        let out_of_stock = ListingSignals { in_stock: false, ..good };
        let poorly_rated = ListingSignals { seller_rating_x100: Some(250), ..good };
        let slow = ListingSignals { delivery_days: Some(21), ..good };
        let best = rank(&good, &weights).total_ppm;
        let often_late = ListingSignals { seller_performance_ppm: Some(300_000), ..good };
        for worse in [out_of_stock, poorly_rated, slow, often_late] {
            assert!(best > rank(&worse, &weights).total_ppm, "{worse:?}");
        }
    }

    #[test]
    fn relevance_still_dominates_when_the_text_barely_matches() {
        let weights = RankingWeights::default();
        let relevant_but_slow =
            ListingSignals { relevance_ppm: 950_000, delivery_days: Some(10), ..listing() };
        let fast_but_off_topic =
            ListingSignals { relevance_ppm: 50_000, delivery_days: Some(1), ..listing() };
        assert!(rank(&relevant_but_slow, &weights).total_ppm > rank(&fast_but_off_topic, &weights).total_ppm);
    }

    #[test]
    fn the_explanation_lists_every_factor_with_its_weight() {
        let ranking = rank(&listing(), &RankingWeights::default());
        assert_eq!(ranking.parts.len(), 7);
        let weighted: u64 = ranking.parts.iter().map(|p| u64::from(p.weight) * u64::from(p.score_ppm)).sum();
        let weights: u64 = ranking.parts.iter().map(|p| u64::from(p.weight)).sum();
        assert_eq!(u64::from(ranking.total_ppm), weighted / weights);
    }

    #[test]
    fn factor_scores_at_known_points() {
        assert_eq!(rating_score(Some(500)), PPM);
        assert_eq!(rating_score(Some(100)), 0);
        assert_eq!(rating_score(None), 750_000);
        assert_eq!(delivery_score(Some(0)), PPM);
        assert_eq!(delivery_score(Some(3)), 500_000);
        assert_eq!(delivery_score(None), 0);
        assert_eq!(reliability_score(0, 0), 500_000);
        assert_eq!(reliability_score(98, 0), 990_000);
        assert_eq!(conversion_score(0, 0), 400_000, "an unseen listing gets the typical rate");
    }

    #[test]
    fn an_unmeasured_shop_scores_like_a_shop_without_orders() {
        let unmeasured = ListingSignals { seller_performance_ppm: None, ..listing() };
        let part = |s: &ListingSignals| {
            rank(s, &RankingWeights::default())
                .parts
                .into_iter()
                .find(|p| p.factor == Factor::SellerPerformance)
                .map(|p| p.score_ppm)
        };
        assert_eq!(part(&unmeasured), Some(750_000));
    }

    #[test]
    fn weights_left_out_of_the_configuration_keep_their_defaults() {
        let weights: RankingWeights =
            serde_json::from_str(r#"{"relevance": 60}"#).expect("a partial table parses");
        assert_eq!(weights, RankingWeights { relevance: 60, ..RankingWeights::default() });
    }

    #[test]
    fn zero_weights_rank_everything_equal() {
        let zero = RankingWeights {
            relevance: 0,
            seller_rating: 0,
            in_stock: 0,
            delivery_speed: 0,
            reliability: 0,
            conversion: 0,
            seller_performance: 0,
        };
        assert_eq!(rank(&listing(), &zero).total_ppm, 0);
    }

    fn signals() -> impl Strategy<Value = ListingSignals> {
        (
            0..=PPM,
            proptest::option::of(100u16..=500),
            any::<bool>(),
            proptest::option::of(0u16..60),
            0u32..10_000,
            0u32..10_000,
            0u32..100_000,
            0u32..10_000,
            proptest::option::of(0..=PPM),
        )
            .prop_map(
                |(
                    relevance_ppm,
                    seller_rating_x100,
                    in_stock,
                    delivery_days,
                    orders_90d,
                    bad,
                    views_30d,
                    orders_30d,
                    seller_performance_ppm,
                )| {
                    ListingSignals {
                        relevance_ppm,
                        seller_rating_x100,
                        in_stock,
                        delivery_days,
                        orders_90d,
                        returns_and_disputes_90d: bad.min(orders_90d),
                        views_30d,
                        orders_30d,
                        seller_performance_ppm,
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn scores_stay_on_the_scale(s in signals()) {
            let ranking = rank(&s, &RankingWeights::default());
            prop_assert!(ranking.total_ppm <= PPM);
            prop_assert!(ranking.parts.iter().all(|p| p.score_ppm <= PPM));
        }

        #[test]
        fn improving_any_signal_never_lowers_the_rank(s in signals(), extra in 1u32..1_000) {
            let weights = RankingWeights::default();
            let base = rank(&s, &weights).total_ppm;
            let better = [
                ListingSignals { relevance_ppm: (s.relevance_ppm + extra).min(PPM), ..s },
                ListingSignals { in_stock: true, ..s },
                ListingSignals { delivery_days: s.delivery_days.map(|d| d.saturating_sub(1)), ..s },
                ListingSignals { seller_rating_x100: s.seller_rating_x100.map(|r| (r + 10).min(500)), ..s },
                ListingSignals { returns_and_disputes_90d: s.returns_and_disputes_90d.saturating_sub(1), ..s },
                ListingSignals { seller_performance_ppm: s.seller_performance_ppm.map(|p| (p + extra).min(PPM)), ..s },
            ];
            for candidate in better {
                prop_assert!(rank(&candidate, &weights).total_ppm >= base, "{:?}", candidate);
            }
        }
    }
}
