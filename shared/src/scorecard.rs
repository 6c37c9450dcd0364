//! The seller performance scorecard: how well a shop serves its shoppers, measured from its real orders,
//! shipments and (later) reviews, each measure with its target, a status, a 90-day trend and what to do about it.
//!
//! The server gathers one [`OrderFacts`] per paid order (and the listings' stock and the reviews); everything
//! else is decided here. Every measure is an integer — rates in basis points, times in minutes, ratings ×100 — so
//! comparisons with targets are exact and the browser and the server agree to the digit.
//!
//! # How an order counts
//! Each measure turns an order into at most one *event*: a moment and whether it counts against the seller. A
//! measure's value at a moment is over the events of the [`WINDOW_DAYS`] before it; the trend is that value at
//! the end of each of the last [`TREND_DAYS`] days (a rolling window). Orders are judged on what is known now: a
//! parcel lost last week makes its order a defect on the day it was paid.
//!
//! | measure | an order counts when | against the seller when |
//! |---|---|---|
//! | order defect rate | it was paid | its parcel was lost or returned, it was disputed, refunded for the seller's fault, or reviewed badly |
//! | late shipment rate | it shipped on time, or its ship-by deadline passed | it shipped (or still has not) after the deadline |
//! | seller cancellation rate | it was paid | the seller cancelled it |
//! | valid tracking rate | it shipped and its first carrier scan arrived, or the time for it passed | no carrier scan confirms the parcel moved |
//! | average handling time | it shipped | (the time from payment to shipment) |
//!
//! The in-stock rate is the share of the shop's listings with stock today (stock history is not kept, so it has
//! no trend), and the rating comes from reviews when there are any, else from the shop's stored rating.
//!
//! [`performance_ppm`] folds the order measures into one number on the ranking's scale (0..=1,000,000), smoothed
//! toward a passing record so a new shop is neither rewarded nor punished for having few orders.

use serde::{Deserialize, Serialize};

use crate::ids::SellerId;
use crate::money::{RoundingMode, round_div};
use crate::order::{DAY_MS, Party};

/// 100 % in basis points.
pub const BPS: u32 = 10_000;
/// One million: the scale of [`performance_ppm`], the same as the search ranking's factors.
pub const PPM: u32 = 1_000_000;
/// A measure's value is over this many days of events.
pub const WINDOW_DAYS: u16 = 30;
/// The trend has one point per day for this many days, the last one ending now.
pub const TREND_DAYS: u16 = 90;
/// Below this many orders (or reviews) a value is shown but marked as based on little data.
pub const FEW_SAMPLES: u32 = 10;

/// What is known about one of the seller's paid orders. Orders never paid are not the seller's to answer for
/// and are not passed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFacts {
    pub paid_at_ms: i64,
    /// The handling deadline (the server's SLA: business days after payment).
    pub ship_by_ms: i64,
    pub shipped_at_ms: Option<i64>,
    /// When and by whom the order was cancelled, if it was.
    pub cancelled: Option<Cancellation>,
    pub tracking: TrackingFacts,
    /// Why the order is a defect, if it is one.
    pub defect: Option<Defect>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    pub by: Party,
    pub at_ms: i64,
}

/// What confirms that a shipped parcel really moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrackingFacts {
    NotShipped,
    /// Shipped with the seller's own carrier and number: no scan of ours confirms it.
    Unverified,
    /// Shipped with a carrier of the network, whose first scan must arrive by `scan_by_ms`.
    Carrier {
        first_scan_at_ms: Option<i64>,
        scan_by_ms: i64,
    },
}

/// Why an order went wrong for the shopper. Disputes, refunds for the seller's fault and reviews come with later
/// work; the server reports what exists today (lost and returned parcels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Defect {
    /// The carrier lost the parcel or returned it to the seller.
    ParcelNotDelivered,
    Disputed,
    RefundedForSellerFault,
    NegativeReview,
}

/// The shop's listings today.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingFacts {
    pub listed: u32,
    pub in_stock: u32,
}

/// One review of the shop (issue 9 writes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFacts {
    pub at_ms: i64,
    /// 100–500.
    pub stars_x100: u16,
}

/// Everything the scorecard is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScorecardInputs<'a> {
    pub as_of_ms: i64,
    pub orders: &'a [OrderFacts],
    pub listings: ListingFacts,
    pub reviews: &'a [ReviewFacts],
    /// The rating stored on the shop, used while there are no reviews.
    pub stored_rating_x100: Option<u16>,
    /// The handling time the seller is held to (the SLA's), in minutes.
    pub handling_target_minutes: u32,
}

/// The measures, in the order the scorecard shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    OrderDefectRate,
    LateShipmentRate,
    SellerCancellationRate,
    ValidTrackingRate,
    InStockRate,
    AverageHandlingTime,
    Rating,
}

impl MetricKind {
    pub const ALL: [MetricKind; 7] = [
        Self::OrderDefectRate,
        Self::LateShipmentRate,
        Self::SellerCancellationRate,
        Self::ValidTrackingRate,
        Self::InStockRate,
        Self::AverageHandlingTime,
        Self::Rating,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrderDefectRate => "order_defect_rate",
            Self::LateShipmentRate => "late_shipment_rate",
            Self::SellerCancellationRate => "seller_cancellation_rate",
            Self::ValidTrackingRate => "valid_tracking_rate",
            Self::InStockRate => "in_stock_rate",
            Self::AverageHandlingTime => "average_handling_time",
            Self::Rating => "rating",
        }
    }

    /// Position in [`MetricKind::ALL`], for tables of texts.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|kind| *kind == self).unwrap_or(0)
    }

    pub fn unit(self) -> Unit {
        match self {
            Self::AverageHandlingTime => Unit::Minutes,
            Self::Rating => Unit::StarsX100,
            _ => Unit::Bps,
        }
    }
}

/// What a value counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Basis points: 10,000 = 100 %.
    Bps,
    Minutes,
    /// Stars ×100: 472 = 4.72 stars.
    StarsX100,
}

/// The line a value must stay on the right side of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "limit", rename_all = "snake_case")]
pub enum Target {
    Below(u32),
    AtMost(u32),
    Above(u32),
    AtLeast(u32),
}

/// Where a value stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Within the target, with room to spare.
    Meets,
    /// Still within the target, but in the last quarter of the room it allows.
    AtRisk,
    /// The target is missed.
    Fails,
    /// Nothing to measure yet (no orders, listings or reviews in the window).
    NoData,
}

impl Status {
    pub const ALL: [Status; 4] = [Self::Meets, Self::AtRisk, Self::Fails, Self::NoData];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Meets => "meets",
            Self::AtRisk => "at_risk",
            Self::Fails => "fails",
            Self::NoData => "no_data",
        }
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|status| *status == self).unwrap_or(0)
    }
}

/// What the seller can do, as a key the UI translates (`shared` holds no English for people to read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Advice {
    /// Defects are high: reach shoppers with problems first, pack to survive the trip.
    ResolveProblemsEarly,
    /// Defects are low: keep descriptions accurate and parcels well packed.
    DescribeAndPackWell,
    /// Late shipments are high: ship overdue orders first, set a handling time you can keep.
    ShipOverdueFirst,
    /// Shipping on time: keep shipping within the handling time.
    ShipWithinHandlingTime,
    /// Cancellations: keep stock counts accurate so you never sell what you do not have.
    KeepStockAccurate,
    /// Tracking: ship with a carrier of the network and hand parcels over the day the label is made.
    ShipWithNetworkCarrier,
    /// In stock: restock or pause listings that ran out.
    RestockListings,
    /// Handling time: pack and hand over sooner, before the pickup cut-off.
    ShipSooner,
    /// Rating: ask happy shoppers for a review and answer the unhappy ones.
    EarnGoodReviews,
    /// Nothing to rate yet.
    NoReviewsYet,
}

impl Advice {
    pub const ALL: [Advice; 10] = [
        Self::ResolveProblemsEarly,
        Self::DescribeAndPackWell,
        Self::ShipOverdueFirst,
        Self::ShipWithinHandlingTime,
        Self::KeepStockAccurate,
        Self::ShipWithNetworkCarrier,
        Self::RestockListings,
        Self::ShipSooner,
        Self::EarnGoodReviews,
        Self::NoReviewsYet,
    ];

    /// Position in [`Advice::ALL`], for tables of texts.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|advice| *advice == self).unwrap_or(0)
    }
}

/// One measure as the seller sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Metric {
    pub kind: MetricKind,
    pub unit: Unit,
    /// Over the last [`WINDOW_DAYS`] (the in-stock rate and a stored rating: today); None without data.
    pub value: Option<u32>,
    /// How many orders (listings, reviews) the value is from.
    pub sample: u32,
    pub target: Target,
    pub status: Status,
    pub advice: Advice,
    /// The value at the end of each of the last [`TREND_DAYS`] days, oldest first (None: no data that day).
    /// Empty when no history is kept for the measure.
    pub trend: Vec<Option<u32>>,
}

/// A seller's scorecard: the wire type of `GET /api/v1/seller/scorecard` and the seller console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerScorecard {
    pub seller_id: SellerId,
    pub as_of_ms: i64,
    pub window_days: u16,
    /// When the first trend point's window ends; each later point ends `trend_step_ms` after the one before.
    pub trend_first_end_ms: i64,
    pub trend_step_ms: i64,
    pub metrics: Vec<Metric>,
    /// The order measures folded into one number for the ranking (0..=1,000,000, higher is better).
    pub performance_ppm: u32,
}

/// The targets: the first four are the marketplace's published standards.
pub fn target(kind: MetricKind, handling_target_minutes: u32) -> Target {
    match kind {
        MetricKind::OrderDefectRate => Target::Below(100),
        MetricKind::LateShipmentRate => Target::Below(400),
        MetricKind::SellerCancellationRate => Target::Below(250),
        MetricKind::ValidTrackingRate => Target::Above(9_500),
        MetricKind::InStockRate => Target::AtLeast(9_000),
        MetricKind::AverageHandlingTime => Target::AtMost(handling_target_minutes),
        MetricKind::Rating => Target::AtLeast(400),
    }
}

/// The top of each scale, for the room a higher-is-better target leaves.
fn scale_top(unit: Unit) -> u32 {
    match unit {
        Unit::Bps => BPS,
        Unit::StarsX100 => 500,
        Unit::Minutes => u32::MAX,
    }
}

/// Where `value` stands against `target`: missed is [`Status::Fails`]; within the target but in the last quarter
/// of the room between the best possible value and the limit is [`Status::AtRisk`].
pub fn status(value: Option<u32>, target: Target, unit: Unit) -> Status {
    let Some(value) = value else { return Status::NoData };
    let (value, top) = (u64::from(value), u64::from(scale_top(unit)));
    match target {
        Target::Below(limit) | Target::AtMost(limit) => {
            let limit = u64::from(limit);
            let missed = if matches!(target, Target::Below(_)) { value >= limit } else { value > limit };
            if missed {
                Status::Fails
            } else if value * 4 >= limit * 3 && value > 0 {
                Status::AtRisk
            } else {
                Status::Meets
            }
        }
        Target::Above(limit) | Target::AtLeast(limit) => {
            let limit = u64::from(limit);
            let missed = if matches!(target, Target::Above(_)) { value <= limit } else { value < limit };
            if missed {
                Status::Fails
            } else if (value - limit) * 4 <= top.saturating_sub(limit) && value < top {
                Status::AtRisk
            } else {
                Status::Meets
            }
        }
    }
}

/// What the seller can do about a measure in this state.
pub fn advice(kind: MetricKind, status: Status) -> Advice {
    let troubled = matches!(status, Status::Fails | Status::AtRisk);
    match kind {
        MetricKind::OrderDefectRate if troubled => Advice::ResolveProblemsEarly,
        MetricKind::OrderDefectRate => Advice::DescribeAndPackWell,
        MetricKind::LateShipmentRate if troubled => Advice::ShipOverdueFirst,
        MetricKind::LateShipmentRate => Advice::ShipWithinHandlingTime,
        MetricKind::SellerCancellationRate => Advice::KeepStockAccurate,
        MetricKind::ValidTrackingRate => Advice::ShipWithNetworkCarrier,
        MetricKind::InStockRate => Advice::RestockListings,
        MetricKind::AverageHandlingTime => Advice::ShipSooner,
        MetricKind::Rating if status == Status::NoData => Advice::NoReviewsYet,
        MetricKind::Rating => Advice::EarnGoodReviews,
    }
}

/// `part` of `whole` in basis points, rounded half up; None for an empty whole.
pub fn rate_bps(part: u32, whole: u32) -> Option<u32> {
    if whole == 0 {
        return None;
    }
    let bps =
        round_div(i128::from(part.min(whole)) * i128::from(BPS), i128::from(whole), RoundingMode::HalfUp);
    Some(u32::try_from(bps).unwrap_or(BPS))
}

/// One order's outcome on one measure: when it was decided, and the amount it adds (1 for a rate's hit, 0 for
/// a miss; minutes for the handling time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Event {
    at_ms: i64,
    amount: u64,
}

fn minutes_between(from_ms: i64, to_ms: i64) -> u64 {
    u64::try_from((to_ms - from_ms).max(0) / 60_000).unwrap_or(0)
}

/// The events of one order measure. Rates count 1 for what the rate counts (a defect, a late shipment, a seller
/// cancellation — or, for the valid tracking rate, a parcel whose scan arrived) and 0 otherwise.
fn events(kind: MetricKind, orders: &[OrderFacts], as_of_ms: i64) -> Vec<Event> {
    let flag = |against: bool| u64::from(against);
    orders
        .iter()
        .filter_map(|order| match kind {
            MetricKind::OrderDefectRate => {
                Some(Event { at_ms: order.paid_at_ms, amount: flag(order.defect.is_some()) })
            }
            MetricKind::SellerCancellationRate => Some(Event {
                at_ms: order.paid_at_ms,
                amount: flag(order.cancelled.is_some_and(|c| c.by == Party::Seller)),
            }),
            MetricKind::LateShipmentRate => {
                // Shipped in time: decided when it shipped. Otherwise decided at the deadline — unless it was
                // cancelled before, when it never had to ship.
                match order.shipped_at_ms {
                    Some(shipped) if shipped <= order.ship_by_ms => Some(Event { at_ms: shipped, amount: 0 }),
                    _ if order.cancelled.is_some_and(|c| c.at_ms <= order.ship_by_ms) => None,
                    _ if order.ship_by_ms <= as_of_ms => Some(Event { at_ms: order.ship_by_ms, amount: 1 }),
                    _ => None,
                }
            }
            MetricKind::ValidTrackingRate => {
                let shipped = order.shipped_at_ms?;
                match order.tracking {
                    TrackingFacts::NotShipped => None,
                    TrackingFacts::Unverified => Some(Event { at_ms: shipped, amount: 0 }),
                    TrackingFacts::Carrier { first_scan_at_ms: Some(_), .. } => {
                        Some(Event { at_ms: shipped, amount: 1 })
                    }
                    // Still within the time the carrier has for its first scan: not decided yet.
                    TrackingFacts::Carrier { first_scan_at_ms: None, scan_by_ms } => {
                        (scan_by_ms <= as_of_ms).then_some(Event { at_ms: shipped, amount: 0 })
                    }
                }
            }
            MetricKind::AverageHandlingTime => order
                .shipped_at_ms
                .map(|shipped| Event { at_ms: shipped, amount: minutes_between(order.paid_at_ms, shipped) }),
            MetricKind::InStockRate | MetricKind::Rating => None,
        })
        .filter(|event| event.at_ms <= as_of_ms)
        .collect()
}

/// Sums (count, amount) of events in each day of the trend's span: day `d` holds the events in
/// `(origin + d·DAY, origin + (d+1)·DAY]`, where the span ends at `as_of_ms`.
fn daily_buckets(events: &[Event], as_of_ms: i64) -> Vec<(u64, u64)> {
    let days = usize::from(TREND_DAYS) + usize::from(WINDOW_DAYS) - 1;
    let origin = as_of_ms - i64::try_from(days).unwrap_or(0) * DAY_MS;
    let mut buckets = vec![(0u64, 0u64); days];
    for event in events {
        if event.at_ms <= origin || event.at_ms > as_of_ms {
            continue;
        }
        let day = usize::try_from((event.at_ms - origin - 1) / DAY_MS).unwrap_or(0);
        if let Some(bucket) = buckets.get_mut(day) {
            bucket.0 += 1;
            bucket.1 += event.amount;
        }
    }
    buckets
}

/// For each trend point, oldest first: (events, summed amount) over the window ending at it.
fn rolling(events: &[Event], as_of_ms: i64) -> Vec<(u64, u64)> {
    let buckets = daily_buckets(events, as_of_ms);
    let window = usize::from(WINDOW_DAYS);
    (0..usize::from(TREND_DAYS))
        .map(|point| {
            buckets[point..point + window]
                .iter()
                .fold((0, 0), |(count, amount), bucket| (count + bucket.0, amount + bucket.1))
        })
        .collect()
}

/// A measure's value from a window's (count, amount).
fn value_of(kind: MetricKind, (count, amount): (u64, u64)) -> Option<u32> {
    let count32 = u32::try_from(count).unwrap_or(u32::MAX);
    match kind.unit() {
        Unit::Bps => rate_bps(u32::try_from(amount).unwrap_or(u32::MAX), count32),
        Unit::Minutes | Unit::StarsX100 => (count > 0).then(|| {
            let average = round_div(i128::from(amount), i128::from(count), RoundingMode::HalfUp);
            u32::try_from(average).unwrap_or(u32::MAX)
        }),
    }
}

fn metric(
    kind: MetricKind,
    value: Option<u32>,
    sample: u32,
    trend: Vec<Option<u32>>,
    handling: u32,
) -> Metric {
    let target = target(kind, handling);
    let status = status(value, target, kind.unit());
    Metric { kind, unit: kind.unit(), value, sample, target, status, advice: advice(kind, status), trend }
}

/// Computes every measure, its status and trend, and the performance score.
pub fn scorecard(seller_id: SellerId, inputs: &ScorecardInputs<'_>) -> SellerScorecard {
    let as_of = inputs.as_of_ms;
    let handling = inputs.handling_target_minutes;
    let mut windows = Vec::new();
    let mut metrics: Vec<Metric> = MetricKind::ALL
        .into_iter()
        .map(|kind| match kind {
            MetricKind::InStockRate => {
                let listed = inputs.listings.listed;
                metric(kind, rate_bps(inputs.listings.in_stock, listed), listed, Vec::new(), handling)
            }
            MetricKind::Rating => rating_metric(inputs),
            _ => {
                let points = rolling(&events(kind, inputs.orders, as_of), as_of);
                let last = points.last().copied().unwrap_or_default();
                windows.push((kind, last));
                let trend = points.iter().map(|point| value_of(kind, *point)).collect();
                metric(kind, value_of(kind, last), u32::try_from(last.0).unwrap_or(u32::MAX), trend, handling)
            }
        })
        .collect();
    metrics.sort_by_key(|m| m.kind.index());
    SellerScorecard {
        seller_id,
        as_of_ms: as_of,
        window_days: WINDOW_DAYS,
        trend_first_end_ms: as_of - i64::from(TREND_DAYS - 1) * DAY_MS,
        trend_step_ms: DAY_MS,
        metrics,
        performance_ppm: performance_ppm(&windows, handling),
    }
}

/// The rating: the average of the window's reviews when there are reviews, else the shop's stored rating (with
/// no trend: it has no history).
fn rating_metric(inputs: &ScorecardInputs<'_>) -> Metric {
    let kind = MetricKind::Rating;
    let handling = inputs.handling_target_minutes;
    if inputs.reviews.is_empty() {
        let stored = inputs.stored_rating_x100.map(|r| u32::from(r.clamp(100, 500)));
        return metric(kind, stored, 0, Vec::new(), handling);
    }
    let events: Vec<Event> = inputs
        .reviews
        .iter()
        .map(|review| Event { at_ms: review.at_ms, amount: u64::from(review.stars_x100.clamp(100, 500)) })
        .filter(|event| event.at_ms <= inputs.as_of_ms)
        .collect();
    let points = rolling(&events, inputs.as_of_ms);
    let last = points.last().copied().unwrap_or_default();
    let trend = points.iter().map(|point| value_of(kind, *point)).collect();
    // A quiet month keeps the shop's last known rating rather than showing none.
    let value = value_of(kind, last).or(inputs.stored_rating_x100.map(u32::from));
    metric(kind, value, u32::try_from(last.0).unwrap_or(u32::MAX), trend, handling)
}

/// What [`performance_ppm`] gives a shop without orders: every measure smoothed to half its limit. Search
/// ranking scores a shop it has not measured yet the same.
pub const NO_RECORD_PERFORMANCE_PPM: u32 = 750_000;

/// Orders a record counts as, in the smoothing of [`performance_ppm`]: a shop with fewer orders leans on a
/// passing record (half its limit).
const PRIOR_ORDERS: u64 = 10;

/// How much each order measure counts in [`performance_ppm`]. The rating and stock are left out: the search
/// ranking scores them per listing already.
const PERFORMANCE_WEIGHTS: [(MetricKind, u64); 5] = [
    (MetricKind::OrderDefectRate, 30),
    (MetricKind::LateShipmentRate, 20),
    (MetricKind::SellerCancellationRate, 20),
    (MetricKind::ValidTrackingRate, 15),
    (MetricKind::AverageHandlingTime, 15),
];

/// One number for the ranking: each order measure over the window, smoothed toward half its limit, scores
/// 1,000,000 at its best, 500,000 at its limit and 0 at twice the room the limit allows; the scores are
/// averaged with [`PERFORMANCE_WEIGHTS`]. A shop without orders scores [`NO_RECORD_PERFORMANCE_PPM`].
fn performance_ppm(windows: &[(MetricKind, (u64, u64))], handling_target_minutes: u32) -> u32 {
    let mut weighted = 0u64;
    let mut weights = 0u64;
    for (kind, weight) in PERFORMANCE_WEIGHTS {
        let (count, amount) =
            windows.iter().find(|(k, _)| *k == kind).map(|(_, window)| *window).unwrap_or_default();
        // How far from perfect the smoothed value is, against the room the target allows (both in the unit).
        let (distance, room) = match target(kind, handling_target_minutes) {
            Target::Below(limit) | Target::AtMost(limit) => {
                let limit = u64::from(limit).max(1);
                let scale = if kind.unit() == Unit::Bps { u64::from(BPS) } else { 1 };
                let smoothed = (amount * scale + limit / 2 * PRIOR_ORDERS) / (count + PRIOR_ORDERS);
                (smoothed, limit)
            }
            Target::Above(limit) | Target::AtLeast(limit) => {
                // Only the valid tracking rate: the parcels without a scan count against it.
                let room = u64::from(BPS.saturating_sub(limit)).max(1);
                let misses = count.saturating_sub(amount);
                let smoothed = (misses * u64::from(BPS) + room / 2 * PRIOR_ORDERS) / (count + PRIOR_ORDERS);
                (smoothed, room)
            }
        };
        let score = u64::from(PPM) * (2 * room).saturating_sub(distance) / (2 * room);
        weighted += score * weight;
        weights += weight;
    }
    u32::try_from(weighted / weights.max(1)).unwrap_or(PPM).min(PPM)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_800_000_000_000;
    const HOUR: i64 = 60 * 60 * 1_000;
    const HANDLING: u32 = 2 * 24 * 60;

    fn seller() -> SellerId {
        "0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69".parse().expect("an id")
    }

    /// Paid `days_ago`, due two days later, shipped after `handling_hours` with a scanned carrier parcel.
    fn shipped(days_ago: i64, handling_hours: i64) -> OrderFacts {
        let paid = NOW - days_ago * DAY_MS;
        let shipped = paid + handling_hours * HOUR;
        OrderFacts {
            paid_at_ms: paid,
            ship_by_ms: paid + 2 * DAY_MS,
            shipped_at_ms: Some(shipped),
            cancelled: None,
            tracking: TrackingFacts::Carrier {
                first_scan_at_ms: Some(shipped + HOUR),
                scan_by_ms: shipped + 2 * DAY_MS,
            },
            defect: None,
        }
    }

    fn unshipped(days_ago: i64) -> OrderFacts {
        OrderFacts { shipped_at_ms: None, tracking: TrackingFacts::NotShipped, ..shipped(days_ago, 0) }
    }

    fn card(orders: &[OrderFacts]) -> SellerScorecard {
        scorecard(
            seller(),
            &ScorecardInputs {
                as_of_ms: NOW,
                orders,
                listings: ListingFacts { listed: 10, in_stock: 9 },
                reviews: &[],
                stored_rating_x100: Some(472),
                handling_target_minutes: HANDLING,
            },
        )
    }

    fn get(card: &SellerScorecard, kind: MetricKind) -> &Metric {
        card.metrics.iter().find(|m| m.kind == kind).expect("every measure is on the card")
    }

    #[test]
    fn a_shop_without_orders_has_no_data_but_a_neutral_score() {
        let card = card(&[]);
        assert_eq!(card.metrics.len(), 7);
        assert_eq!(card.metrics.iter().map(|m| m.kind).collect::<Vec<_>>(), MetricKind::ALL);
        for kind in
            [MetricKind::OrderDefectRate, MetricKind::LateShipmentRate, MetricKind::AverageHandlingTime]
        {
            let metric = get(&card, kind);
            assert_eq!((metric.value, metric.status, metric.sample), (None, Status::NoData, 0), "{kind:?}");
            assert_eq!(metric.trend.len(), usize::from(TREND_DAYS));
        }
        // 9 of 10 listings in stock meets "at least 90 %" exactly, with no room left.
        let in_stock = get(&card, MetricKind::InStockRate);
        assert_eq!((in_stock.value, in_stock.status), (Some(9_000), Status::AtRisk));
        assert!(in_stock.trend.is_empty(), "no stock history is kept");
        let rating = get(&card, MetricKind::Rating);
        assert_eq!(
            (rating.value, rating.status, rating.advice),
            (Some(472), Status::Meets, Advice::EarnGoodReviews)
        );
        assert_eq!(card.performance_ppm, 750_000);
        assert_eq!(card.trend_first_end_ms, NOW - 89 * DAY_MS);
    }

    #[test]
    fn a_shop_without_orders_scores_the_no_record_performance() {
        for handling in [HANDLING, 60, 10 * 24 * 60] {
            assert_eq!(performance_ppm(&[], handling), NO_RECORD_PERFORMANCE_PPM, "{handling}");
        }
    }

    #[test]
    fn each_measure_counts_its_own_orders() {
        let mut orders: Vec<OrderFacts> = (0..16).map(|n| shipped(3 + n % 10, 20)).collect();
        // Late: shipped three days after payment, a day past the deadline.
        orders.push(shipped(5, 72));
        // Still not shipped four days after payment: late too, and counted at its deadline.
        orders.push(unshipped(4));
        // Paid an hour ago: not due yet, so not in the late shipment rate.
        orders.push(OrderFacts { paid_at_ms: NOW - HOUR, ship_by_ms: NOW + 2 * DAY_MS, ..unshipped(0) });
        // Cancelled by the seller the day after payment (before the deadline: not late).
        let paid = NOW - 6 * DAY_MS;
        orders.push(OrderFacts {
            cancelled: Some(Cancellation { by: Party::Seller, at_ms: paid + DAY_MS }),
            ..unshipped(6)
        });
        // Lost by the carrier: a defect.
        orders.push(OrderFacts { defect: Some(Defect::ParcelNotDelivered), ..shipped(8, 10) });
        // Own carrier: nothing confirms the parcel moved.
        orders.push(OrderFacts { tracking: TrackingFacts::Unverified, ..shipped(9, 10) });
        // Shipped an hour ago, first scan not in yet but still in time: undecided.
        let recent = shipped(0, 0);
        orders.push(OrderFacts {
            shipped_at_ms: Some(NOW - HOUR),
            tracking: TrackingFacts::Carrier { first_scan_at_ms: None, scan_by_ms: NOW + DAY_MS },
            ..recent
        });
        // Older than the window: only in the trend.
        orders.push(OrderFacts { defect: Some(Defect::Disputed), ..shipped(45, 10) });

        let card = card(&orders);
        // 23 paid in the window (the 45-day-old one is not): 1 defect, 1 seller cancellation.
        let defects = get(&card, MetricKind::OrderDefectRate);
        assert_eq!((defects.sample, defects.value), (23, Some(435)));
        assert_eq!((defects.status, defects.advice), (Status::Fails, Advice::ResolveProblemsEarly));
        let cancelled = get(&card, MetricKind::SellerCancellationRate);
        assert_eq!((cancelled.sample, cancelled.value, cancelled.status), (23, Some(435), Status::Fails));
        // Due or shipped: 16 + late + unshipped + lost + own carrier + recent = 21, two of them late.
        let late = get(&card, MetricKind::LateShipmentRate);
        assert_eq!((late.sample, late.value, late.status), (21, Some(952), Status::Fails));
        // Shipped and decided: 16 + late + lost + own carrier = 19, one unverified.
        let tracked = get(&card, MetricKind::ValidTrackingRate);
        assert_eq!((tracked.sample, tracked.value, tracked.status), (19, Some(9_474), Status::Fails));
        // Handling: 16 × 20 h, 72 h, 10 h, 10 h and the recent one's (NOW - HOUR) - (NOW) = 0 → clamp 0.
        let handling = get(&card, MetricKind::AverageHandlingTime);
        assert_eq!(handling.sample, 20);
        assert_eq!(handling.value, Some((16 * 20 + 72 + 10 + 10) * 60 / 20));
        assert_eq!(handling.status, Status::Meets);
        // The 45-day-old defect shows in the trend: the window ending 30 days ago has it.
        let defect_trend = &get(&card, MetricKind::OrderDefectRate).trend;
        assert_eq!(defect_trend[89], defects.value);
        assert_eq!(defect_trend[89 - 30], Some(10_000), "only the disputed order was paid in that window");
        assert_eq!(defect_trend[0], None, "nothing was paid in the window ending 89 days ago");
        assert!(card.performance_ppm < 750_000, "{}", card.performance_ppm);
    }

    #[test]
    fn an_order_cancelled_after_its_deadline_was_late() {
        let paid = NOW - 10 * DAY_MS;
        let order = OrderFacts {
            cancelled: Some(Cancellation { by: Party::Shopper, at_ms: paid + 5 * DAY_MS }),
            ..unshipped(10)
        };
        let card = card(&[order]);
        assert_eq!(get(&card, MetricKind::LateShipmentRate).value, Some(10_000));
        assert_eq!(get(&card, MetricKind::SellerCancellationRate).value, Some(0), "the shopper cancelled");
    }

    #[test]
    fn statuses_at_the_edges_of_the_targets() {
        let bps = Unit::Bps;
        assert_eq!(status(Some(99), Target::Below(100), bps), Status::AtRisk);
        assert_eq!(status(Some(100), Target::Below(100), bps), Status::Fails);
        assert_eq!(status(Some(74), Target::Below(100), bps), Status::Meets);
        assert_eq!(status(Some(75), Target::Below(100), bps), Status::AtRisk);
        assert_eq!(status(Some(0), Target::Below(100), bps), Status::Meets);
        assert_eq!(status(Some(9_500), Target::Above(9_500), bps), Status::Fails);
        assert_eq!(status(Some(9_625), Target::Above(9_500), bps), Status::AtRisk);
        assert_eq!(status(Some(9_626), Target::Above(9_500), bps), Status::Meets);
        assert_eq!(status(Some(10_000), Target::Above(9_500), bps), Status::Meets);
        assert_eq!(status(Some(2_880), Target::AtMost(2_880), Unit::Minutes), Status::AtRisk);
        assert_eq!(status(Some(2_881), Target::AtMost(2_880), Unit::Minutes), Status::Fails);
        assert_eq!(status(Some(400), Target::AtLeast(400), Unit::StarsX100), Status::AtRisk);
        assert_eq!(status(Some(399), Target::AtLeast(400), Unit::StarsX100), Status::Fails);
        assert_eq!(status(Some(500), Target::AtLeast(400), Unit::StarsX100), Status::Meets);
        assert_eq!(status(None, Target::AtLeast(400), Unit::StarsX100), Status::NoData);
    }

    #[test]
    fn rates_round_half_up_and_never_divide_by_zero() {
        assert_eq!(rate_bps(1, 3), Some(3_333));
        assert_eq!(rate_bps(2, 3), Some(6_667));
        assert_eq!(rate_bps(0, 0), None);
        assert_eq!(rate_bps(5, 2), Some(BPS), "a part larger than the whole is capped");
    }

    #[test]
    fn reviews_replace_the_stored_rating_and_have_a_trend() {
        let reviews = [
            ReviewFacts { at_ms: NOW - DAY_MS, stars_x100: 500 },
            ReviewFacts { at_ms: NOW - 2 * DAY_MS, stars_x100: 300 },
            ReviewFacts { at_ms: NOW - 40 * DAY_MS, stars_x100: 100 },
        ];
        let card = scorecard(
            seller(),
            &ScorecardInputs {
                as_of_ms: NOW,
                orders: &[],
                listings: ListingFacts::default(),
                reviews: &reviews,
                stored_rating_x100: Some(480),
                handling_target_minutes: HANDLING,
            },
        );
        let rating = get(&card, MetricKind::Rating);
        assert_eq!((rating.value, rating.sample, rating.status), (Some(400), 2, Status::AtRisk));
        assert_eq!(rating.trend[89 - 30], Some(100));
        let in_stock = get(&card, MetricKind::InStockRate);
        assert_eq!((in_stock.value, in_stock.status), (None, Status::NoData));
        let unrated = scorecard(
            seller(),
            &ScorecardInputs {
                as_of_ms: NOW,
                orders: &[],
                listings: ListingFacts::default(),
                reviews: &[],
                stored_rating_x100: None,
                handling_target_minutes: HANDLING,
            },
        );
        assert_eq!(get(&unrated, MetricKind::Rating).advice, Advice::NoReviewsYet);
    }

    #[test]
    fn the_wire_format_names_things_in_snake_case() {
        let card = card(&[shipped(2, 5)]);
        let json = serde_json::to_value(&card).expect("serializes");
        assert_eq!(json["metrics"][0]["kind"], "order_defect_rate");
        assert_eq!(json["metrics"][0]["target"], serde_json::json!({ "kind": "below", "limit": 100 }));
        assert_eq!(json["metrics"][0]["status"], "meets");
        assert_eq!(json["metrics"][0]["unit"], "bps");
        let back: SellerScorecard = serde_json::from_value(json).expect("deserializes");
        assert_eq!(back, card);
    }

    fn order_strategy() -> impl Strategy<Value = OrderFacts> {
        (
            0i64..120 * DAY_MS,
            0i64..6 * DAY_MS,
            proptest::option::of(0i64..10 * DAY_MS),
            proptest::option::of((0u8..3, 0i64..10 * DAY_MS)),
            0u8..4,
            proptest::option::of(0i64..3 * DAY_MS),
            any::<bool>(),
        )
            .prop_map(|(ago, due_in, shipped_after, cancelled, tracking, scan_after, defect)| {
                let paid = NOW - ago;
                let shipped = shipped_after.map(|after| paid + after);
                OrderFacts {
                    paid_at_ms: paid,
                    ship_by_ms: paid + due_in,
                    shipped_at_ms: shipped,
                    cancelled: cancelled.map(|(by, after)| Cancellation {
                        by: [Party::Shopper, Party::Seller, Party::Platform][usize::from(by)],
                        at_ms: paid + after,
                    }),
                    tracking: match (shipped, tracking) {
                        (None, _) | (_, 0) => TrackingFacts::NotShipped,
                        (Some(_), 1) => TrackingFacts::Unverified,
                        (Some(at), _) => TrackingFacts::Carrier {
                            first_scan_at_ms: scan_after.map(|s| at + s),
                            scan_by_ms: at + 2 * DAY_MS,
                        },
                    },
                    defect: defect.then_some(Defect::ParcelNotDelivered),
                }
            })
    }

    proptest! {
        #[test]
        fn every_value_stays_on_its_scale(orders in proptest::collection::vec(order_strategy(), 0..60),
                                         listed in 0u32..50, in_stock in 0u32..60) {
            let card = scorecard(seller(), &ScorecardInputs {
                as_of_ms: NOW,
                orders: &orders,
                listings: ListingFacts { listed, in_stock },
                reviews: &[],
                stored_rating_x100: Some(350),
                handling_target_minutes: HANDLING,
            });
            prop_assert!(card.performance_ppm <= PPM);
            for metric in &card.metrics {
                let top = match metric.unit { Unit::Bps => BPS, Unit::StarsX100 => 500, Unit::Minutes => 20 * 24 * 60 };
                for value in metric.trend.iter().flatten().chain(metric.value.iter()) {
                    prop_assert!(*value <= top, "{:?} {}", metric.kind, value);
                }
                prop_assert_eq!(metric.status == Status::NoData, metric.value.is_none());
                if metric.unit != Unit::StarsX100 && !metric.trend.is_empty() {
                    prop_assert_eq!(metric.trend.last().copied().flatten(), metric.value);
                }
            }
        }

        #[test]
        fn one_more_defect_never_raises_the_score(orders in proptest::collection::vec(order_strategy(), 1..40)) {
            let clean: Vec<OrderFacts> = orders.iter().map(|o| OrderFacts { defect: None, ..*o }).collect();
            let mut worse = clean.clone();
            worse[0].defect = Some(Defect::Disputed);
            let inputs = |orders| ScorecardInputs {
                as_of_ms: NOW,
                orders,
                listings: ListingFacts::default(),
                reviews: &[],
                stored_rating_x100: None,
                handling_target_minutes: HANDLING,
            };
            let before = scorecard(seller(), &inputs(&clean)).performance_ppm;
            let after = scorecard(seller(), &inputs(&worse)).performance_ppm;
            prop_assert!(after <= before, "{} > {}", after, before);
        }
    }
}
