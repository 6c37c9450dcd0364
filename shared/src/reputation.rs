//! Verified reviews and the seller reputation built from them: who may review, which reviews count, and one
//! score (0..=1,000,000, the ranking's scale) from ratings, disputes lost, order defects and on-time shipping
//! over a rolling window, with the badge shoppers see.
//!
//! Counting rules, against review farming and pressure:
//! - only a shopper whose order completed may review it, within [`ReviewRules::review_days`] of completion, one
//!   review per order line (edits keep the review's place and are tracked by the server);
//! - a review on an order with an open dispute, or a dispute the seller lost, is shown but does not count;
//! - one shopper counts for one seller at most once per [`ReviewRules::pair_cooldown_days`]: the first review in
//!   each such span counts, the rest are shown only.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::order::{DAY_MS, OrderState};

pub use crate::ranking::PPM;

/// The review rules, in days. Configuration (`[reviews]`), documented in one place: here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewRules {
    /// A completed order may be reviewed for this many days.
    pub review_days: u32,
    /// One shopper counts for one seller at most once in this many days.
    pub pair_cooldown_days: u32,
    /// The reputation looks back this many days.
    pub window_days: u32,
}

impl Default for ReviewRules {
    fn default() -> Self {
        Self { review_days: 30, pair_cooldown_days: 30, window_days: 90 }
    }
}

/// Why a review cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("you can review an order once it is completed")]
    NotCompleted,
    #[error("the time to review this order has passed")]
    TooLate { closed_at_ms: i64 },
    #[error("stars go from 1 to 5")]
    StarsOutOfRange,
}

/// Stars, 1 to 5, for the item and for the seller's service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ratings {
    pub item: u8,
    pub as_described: u8,
    pub communication: u8,
    pub shipping_speed: u8,
}

impl Ratings {
    pub fn check(&self) -> Result<(), ReviewError> {
        let all = [self.item, self.as_described, self.communication, self.shipping_speed];
        if all.iter().all(|stars| (1..=5).contains(stars)) {
            Ok(())
        } else {
            Err(ReviewError::StarsOutOfRange)
        }
    }

    /// The mean of the four, ×100 (100–500).
    pub fn overall_x100(&self) -> u32 {
        let sum = u32::from(self.item)
            + u32::from(self.as_described)
            + u32::from(self.communication)
            + u32::from(self.shipping_speed);
        sum * 100 / 4
    }
}

impl ReviewRules {
    /// Whether the shopper may review an order now (ownership is the server's check).
    pub fn can_review(
        &self,
        order: OrderState,
        completed_at_ms: Option<i64>,
        now_ms: i64,
    ) -> Result<(), ReviewError> {
        let (OrderState::Completed, Some(completed)) = (order, completed_at_ms) else {
            return Err(ReviewError::NotCompleted);
        };
        let closed_at_ms = completed + i64::from(self.review_days) * DAY_MS;
        if now_ms <= closed_at_ms { Ok(()) } else { Err(ReviewError::TooLate { closed_at_ms }) }
    }
}

/// How the order's dispute (if any) stands, as far as reviews care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DisputeStanding {
    #[default]
    None,
    Open,
    /// Decided against the seller (a refund, full or partial).
    LostBySeller,
    /// Withdrawn, or decided for the seller.
    Closed,
}

/// One review as the reputation needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFacts {
    /// Who wrote it (any stable id; only compared).
    pub shopper: String,
    pub created_at_ms: i64,
    pub ratings: Ratings,
    pub dispute: DisputeStanding,
}

/// Which of the reviews count, in the order given (the server passes them oldest first).
pub fn counted(reviews: &[ReviewFacts], rules: &ReviewRules) -> Vec<bool> {
    let cooldown_ms = i64::from(rules.pair_cooldown_days) * DAY_MS;
    let mut last_counted: HashMap<&str, i64> = HashMap::new();
    reviews
        .iter()
        .map(|review| {
            if matches!(review.dispute, DisputeStanding::Open | DisputeStanding::LostBySeller) {
                return false;
            }
            match last_counted.get(review.shopper.as_str()) {
                Some(at) if review.created_at_ms - at < cooldown_ms => false,
                _ => {
                    last_counted.insert(review.shopper.as_str(), review.created_at_ms);
                    true
                }
            }
        })
        .collect()
}

/// What the shop's record says over the window, as counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecordFacts {
    /// Orders paid in the window.
    pub orders: u32,
    /// Of those, disputes decided against the seller.
    pub disputes_lost: u32,
    /// Of those, order defects (the scorecard's: refunds, parcels not delivered, disputes lost).
    pub defects: u32,
    /// Orders due to ship in the window, and how many shipped on time.
    pub due_to_ship: u32,
    pub shipped_on_time: u32,
}

/// The badge a shop shows on its cards and page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    /// Too few orders to say: fewer than [`MIN_ORDERS_FOR_A_BADGE`].
    New,
    TopRated,
    Trusted,
    /// Nothing to show off.
    Standard,
}

/// A shop needs this many orders in the window before it is badged either way.
pub const MIN_ORDERS_FOR_A_BADGE: u32 = 10;
const TOP_RATED_PPM: u32 = 900_000;
const TRUSTED_PPM: u32 = 750_000;
/// Counted reviews a rating leans on: fewer reviews lean toward a 4-star prior.
const PRIOR_REVIEWS: u64 = 5;
const PRIOR_RATING_X100: u64 = 400;
/// Orders a rate leans on: fewer orders lean toward a clean record at half the weight of the limit.
const PRIOR_ORDERS: u64 = 10;

/// The reputation: its score and badge, and the counted average rating shoppers see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reputation {
    pub score_ppm: u32,
    pub badge: Badge,
    /// The mean of the counted reviews' overall stars ×100, None without any.
    pub rating_x100: Option<u32>,
    pub counted_reviews: u32,
}

/// The reputation from the counted reviews and the record: rating 50 %, disputes lost 20 %, defects 15 %,
/// on-time shipping 15 %. Each part is smoothed, so one review or one order neither makes nor breaks a shop.
pub fn reputation(reviews: &[ReviewFacts], record: RecordFacts, rules: &ReviewRules) -> Reputation {
    let counts = counted(reviews, rules);
    let overall: Vec<u64> = reviews
        .iter()
        .zip(&counts)
        .filter(|(_, counts)| **counts)
        .map(|(review, _)| u64::from(review.ratings.overall_x100()))
        .collect();
    let n = overall.len() as u64;
    let sum: u64 = overall.iter().sum();
    let rating_x100 = (n > 0).then(|| (sum / n) as u32);
    let smoothed_rating = (sum + PRIOR_RATING_X100 * PRIOR_REVIEWS) / (n + PRIOR_REVIEWS);
    let rating_score = (smoothed_rating.clamp(100, 500) - 100) * u64::from(PPM) / 400;
    // A rate's score: 1,000,000 at none, 0 at `zero_at` or worse (in parts per 10,000 of orders).
    let rate_score = |bad: u32, of: u32, zero_at_bps: u64| {
        let smoothed_bps = u64::from(bad) * 10_000 / (u64::from(of) + PRIOR_ORDERS);
        u64::from(PPM) * zero_at_bps.saturating_sub(smoothed_bps) / zero_at_bps
    };
    let disputes_score = rate_score(record.disputes_lost, record.orders, 500);
    let defects_score = rate_score(record.defects, record.orders, 200);
    let late = record.due_to_ship.saturating_sub(record.shipped_on_time);
    let on_time_score = rate_score(late, record.due_to_ship, 800);
    let score = (rating_score * 50 + disputes_score * 20 + defects_score * 15 + on_time_score * 15) / 100;
    let score_ppm = u32::try_from(score).unwrap_or(PPM).min(PPM);
    let badge = match score_ppm {
        _ if record.orders < MIN_ORDERS_FOR_A_BADGE => Badge::New,
        s if s >= TOP_RATED_PPM => Badge::TopRated,
        s if s >= TRUSTED_PPM => Badge::Trusted,
        _ => Badge::Standard,
    };
    Reputation { score_ppm, badge, rating_x100, counted_reviews: n as u32 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_800_000_000_000;

    fn review(shopper: &str, days_ago: i64, stars: u8, dispute: DisputeStanding) -> ReviewFacts {
        ReviewFacts {
            shopper: shopper.into(),
            created_at_ms: NOW - days_ago * DAY_MS,
            ratings: Ratings {
                item: stars,
                as_described: stars,
                communication: stars,
                shipping_speed: stars,
            },
            dispute,
        }
    }

    fn clean_record(orders: u32) -> RecordFacts {
        RecordFacts { orders, disputes_lost: 0, defects: 0, due_to_ship: orders, shipped_on_time: orders }
    }

    #[test]
    fn only_a_completed_order_may_be_reviewed_and_only_for_thirty_days() {
        let rules = ReviewRules::default();
        assert_eq!(rules.can_review(OrderState::Delivered, None, NOW), Err(ReviewError::NotCompleted));
        assert!(rules.can_review(OrderState::Completed, Some(NOW), NOW + 30 * DAY_MS).is_ok());
        assert_eq!(
            rules.can_review(OrderState::Completed, Some(NOW), NOW + 30 * DAY_MS + 1),
            Err(ReviewError::TooLate { closed_at_ms: NOW + 30 * DAY_MS })
        );
        let zero = Ratings { item: 0, as_described: 5, communication: 5, shipping_speed: 5 };
        assert_eq!(zero.check(), Err(ReviewError::StarsOutOfRange));
    }

    #[test]
    fn disputed_reviews_and_a_pairs_repeats_within_a_month_do_not_count() {
        let rules = ReviewRules::default();
        let reviews = [
            review("ana", 80, 5, DisputeStanding::None),
            review("ana", 70, 5, DisputeStanding::None), // 10 days later: the same pair again
            review("ana", 40, 5, DisputeStanding::None), // 40 days after the counted one: counts
            review("bo", 30, 1, DisputeStanding::Open),
            review("cy", 20, 1, DisputeStanding::LostBySeller),
            review("di", 10, 4, DisputeStanding::Closed),
        ];
        assert_eq!(counted(&reviews, &rules), [true, false, true, false, false, true]);
        let reputation = reputation(&reviews, clean_record(20), &rules);
        assert_eq!((reputation.counted_reviews, reputation.rating_x100), (3, Some(466)));
    }

    #[test]
    fn a_farmed_stream_of_five_stars_from_one_shopper_counts_once_a_month() {
        let rules = ReviewRules::default();
        let farmed: Vec<ReviewFacts> =
            (0..60).rev().map(|day| review("farm", day, 5, DisputeStanding::None)).collect();
        assert_eq!(counted(&farmed, &rules).iter().filter(|c| **c).count(), 2);
    }

    #[test]
    fn badges_follow_the_score_once_a_shop_has_orders() {
        let rules = ReviewRules::default();
        let glowing: Vec<ReviewFacts> =
            (0..40).map(|i| review(&format!("s{i}"), 60 - i, 5, DisputeStanding::None)).collect();
        assert_eq!(reputation(&glowing, clean_record(5), &rules).badge, Badge::New);
        let top = reputation(&glowing, clean_record(200), &rules);
        assert_eq!(top.badge, Badge::TopRated, "{top:?}");
        let troubled = RecordFacts {
            orders: 200,
            disputes_lost: 12,
            defects: 12,
            due_to_ship: 200,
            shipped_on_time: 150,
        };
        let poor = reputation(&glowing, troubled, &rules);
        assert!(poor.score_ppm < top.score_ppm);
        assert_ne!(poor.badge, Badge::TopRated, "{poor:?}");
        // No reviews, a clean record: the 4-star prior and full marks elsewhere.
        assert_eq!(reputation(&[], clean_record(50), &rules).score_ppm, 875_000);
    }

    proptest! {
        #[test]
        fn the_score_stays_on_the_scale_and_a_lost_dispute_never_helps(
            stars in proptest::collection::vec(1u8..=5, 0..40),
            orders in 0u32..500,
            lost in 0u32..50,
        ) {
            let rules = ReviewRules::default();
            let reviews: Vec<ReviewFacts> = stars
                .iter()
                .enumerate()
                .map(|(i, s)| review(&format!("s{i}"), 80 - i as i64, *s, DisputeStanding::None))
                .collect();
            let lost = lost.min(orders);
            let base = reputation(&reviews, clean_record(orders), &rules);
            let worse = reputation(&reviews, RecordFacts { disputes_lost: lost, ..clean_record(orders) }, &rules);
            prop_assert!(base.score_ppm <= PPM);
            prop_assert!(worse.score_ppm <= base.score_ppm);
        }
    }
}
