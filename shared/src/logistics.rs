//! The carrier network's rules: how carriers are scored as partners, how the carriers proposed for a parcel are
//! ranked, the service-level agreements (SLA) every side is held to, and delivery windows learned from the
//! transit times parcels actually took.
//!
//! Everything here is arithmetic on figures the server gathers (counts over the last 30 days, lane tables,
//! timestamps); the server decides nothing about routing or breaches on its own.

use serde::{Deserialize, Serialize};

use crate::delivery::ServiceLevel;
use crate::money::Money;
use crate::order::DAY_MS;

/// What a carrier did over the scoring window (the last 30 days of shipments handed to it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerStats {
    /// Shipments handed over in the window.
    pub shipments: u32,
    /// Of those, delivered.
    pub delivered: u32,
    /// Of the delivered, by the end of their promised transit time.
    pub delivered_on_time: u32,
    /// Shipments that had an exception, a lost parcel or a return.
    pub with_exception: u32,
    /// Delivered shipments whose timeline has every milestone scan (picked up, in transit or sorted, out for
    /// delivery, delivered): tracking the shopper could follow.
    pub complete_scans: u32,
}

/// A carrier's partner score, 0–100, and the rates it comes from (in basis points, so they compare exactly).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerScore {
    pub score: u8,
    pub on_time_bps: u32,
    pub exception_bps: u32,
    pub scan_completeness_bps: u32,
    /// Fewer than [`PartnerScore::CONFIDENT_AFTER`] shipments: the rates lean on a neutral prior.
    pub provisional: bool,
}

impl PartnerScore {
    /// Shipments after which a carrier's own record outweighs the prior.
    pub const CONFIDENT_AFTER: u32 = 20;
    /// The prior a carrier without a record starts from: 90 % on time, 5 % exceptions, 90 % complete scans, worth
    /// this many shipments. A new carrier neither tops nor trails the list before it has delivered.
    const PRIOR_WEIGHT: u64 = 10;
    const PRIOR_ON_TIME_BPS: u64 = 9_000;
    const PRIOR_EXCEPTION_BPS: u64 = 500;
    const PRIOR_SCANS_BPS: u64 = 9_000;

    /// On time counts half of the score, few exceptions 30 %, complete scans 20 %.
    pub fn of(stats: PartnerStats) -> Self {
        let smoothed = |hits: u32, out_of: u32, prior_bps: u64| -> u32 {
            let hits = u64::from(hits.min(out_of)) * 10_000 + prior_bps * Self::PRIOR_WEIGHT;
            let total = u64::from(out_of) + Self::PRIOR_WEIGHT;
            u32::try_from(hits / total).unwrap_or(10_000)
        };
        let on_time_bps = smoothed(stats.delivered_on_time, stats.delivered, Self::PRIOR_ON_TIME_BPS);
        let exception_bps = smoothed(stats.with_exception, stats.shipments, Self::PRIOR_EXCEPTION_BPS);
        let scan_completeness_bps = smoothed(stats.complete_scans, stats.delivered, Self::PRIOR_SCANS_BPS);
        let weighted = u64::from(on_time_bps) * 50
            + u64::from(10_000 - exception_bps.min(10_000)) * 30
            + u64::from(scan_completeness_bps) * 20;
        // Rounded half up to a whole point.
        let score = u8::try_from((weighted + 5_000) / 10_000).unwrap_or(100);
        Self {
            score,
            on_time_bps,
            exception_bps,
            scan_completeness_bps,
            provisional: stats.shipments < Self::CONFIDENT_AFTER,
        }
    }
}

/// One carrier's service on the parcel's lane, as the registry and today's bookings describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarrierOffer {
    pub carrier_code: String,
    pub carrier_name: String,
    pub service_level: ServiceLevel,
    /// What the carrier charges for the parcel.
    pub price: Money,
    pub transit_min_days: u16,
    pub transit_max_days: u16,
    /// Parcels the carrier still takes today (its daily capacity minus today's bookings).
    pub remaining_capacity: u32,
    pub daily_capacity: u32,
    /// Whether today's pickup is already missed (the parcel leaves tomorrow, a day later).
    pub after_cutoff: bool,
    pub partner: PartnerScore,
}

impl CarrierOffer {
    /// The day count the ranking compares: the late end of transit, plus a day when today's pickup is missed.
    pub fn predicted_days(&self) -> u16 {
        self.transit_max_days.max(self.transit_min_days).saturating_add(u16::from(self.after_cutoff))
    }
}

/// A carrier proposed to the seller, with its place and the reasons people read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CarrierProposal {
    pub carrier_code: String,
    pub carrier_name: String,
    pub service_level: ServiceLevel,
    pub price: Money,
    pub transit_min_days: u16,
    pub transit_max_days: u16,
    /// Days to the door from handing over today (transit, plus one when today's pickup is missed).
    pub predicted_days: u16,
    pub remaining_capacity: u32,
    pub daily_capacity: u32,
    pub after_cutoff: bool,
    pub partner: PartnerScore,
    /// 0–1000: the ranking's blend of price, speed, capacity and partner score.
    pub score: u16,
    /// False when the carrier is full today; it is listed last and cannot be booked.
    pub available: bool,
    /// Why it ranks where it does: "cheapest", "fastest", "most_reliable", "recommended", "full_today",
    /// "after_cutoff".
    pub reasons: Vec<String>,
}

/// How much each thing counts when ranking carriers for a parcel (they need not add up to anything).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoutingWeights {
    pub price: u16,
    pub transit: u16,
    pub capacity: u16,
    pub partner: u16,
}

impl Default for RoutingWeights {
    fn default() -> Self {
        Self { price: 35, transit: 30, capacity: 10, partner: 25 }
    }
}

/// Ranks the offers for one parcel, best first. Each part scores 0–1000 against the best offer on it (the cheapest
/// price, the fewest days, the most room left, the highest partner score); the weights blend them. Carriers that
/// are full today go last. Ties go to the cheaper, then the faster, then by carrier code, so the order is stable.
pub fn rank_offers(offers: &[CarrierOffer], weights: RoutingWeights) -> Vec<CarrierProposal> {
    let cheapest = offers.iter().map(|o| o.price.amount_minor).filter(|p| *p > 0).min().unwrap_or(0);
    let fastest = offers.iter().map(CarrierOffer::predicted_days).min().unwrap_or(0);
    let best_partner = offers.iter().map(|o| o.partner.score).max().unwrap_or(0);
    let same_currency = offers.windows(2).all(|pair| pair[0].price.currency == pair[1].price.currency);
    // Part scores in thousandths, each against the best offer on that part.
    let ratio = |best: i64, this: i64| -> i64 {
        if this <= 0 || best <= 0 { 1_000 } else { (best * 1_000 / this).clamp(0, 1_000) }
    };
    let total_weight = i64::from(weights.price + weights.transit + weights.capacity + weights.partner).max(1);
    let mut proposals: Vec<CarrierProposal> = offers
        .iter()
        .map(|offer| {
            let price_part = if same_currency { ratio(cheapest, offer.price.amount_minor) } else { 1_000 };
            let transit_part = ratio(i64::from(fastest).max(1), i64::from(offer.predicted_days()).max(1));
            let capacity_part = if offer.daily_capacity == 0 {
                0
            } else {
                i64::from(offer.remaining_capacity.min(offer.daily_capacity)) * 1_000
                    / i64::from(offer.daily_capacity)
            };
            let partner_part = ratio(i64::from(best_partner), i64::from(offer.partner.score));
            let blended = (price_part * i64::from(weights.price)
                + transit_part * i64::from(weights.transit)
                + capacity_part * i64::from(weights.capacity)
                + partner_part * i64::from(weights.partner))
                / total_weight;
            let available = offer.remaining_capacity > 0;
            let mut reasons = Vec::new();
            if same_currency && offer.price.amount_minor == cheapest.max(0) && offers.len() > 1 {
                reasons.push("cheapest".to_string());
            }
            if offer.predicted_days() == fastest && offers.len() > 1 {
                reasons.push("fastest".to_string());
            }
            if offer.partner.score == best_partner && offers.len() > 1 {
                reasons.push("most_reliable".to_string());
            }
            if offer.after_cutoff {
                reasons.push("after_cutoff".to_string());
            }
            if !available {
                reasons.push("full_today".to_string());
            }
            CarrierProposal {
                carrier_code: offer.carrier_code.clone(),
                carrier_name: offer.carrier_name.clone(),
                service_level: offer.service_level,
                price: offer.price,
                transit_min_days: offer.transit_min_days,
                transit_max_days: offer.transit_max_days,
                predicted_days: offer.predicted_days(),
                remaining_capacity: offer.remaining_capacity,
                daily_capacity: offer.daily_capacity,
                after_cutoff: offer.after_cutoff,
                partner: offer.partner,
                score: u16::try_from(blended.clamp(0, 1_000)).unwrap_or(0),
                available,
                reasons,
            }
        })
        .collect();
    proposals.sort_by(|a, b| {
        b.available
            .cmp(&a.available)
            .then(b.score.cmp(&a.score))
            .then(a.price.amount_minor.cmp(&b.price.amount_minor))
            .then(a.predicted_days.cmp(&b.predicted_days))
            .then(a.carrier_code.cmp(&b.carrier_code))
    });
    if let Some(best) = proposals.first_mut().filter(|best| best.available) {
        best.reasons.insert(0, "recommended".to_string());
    }
    proposals
}

/// The service-level agreements, as configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SlaRules {
    /// A paid order ships within this many business days (Monday to Friday, UTC).
    pub handling_business_days: u16,
    /// After the label is created, the carrier's first scan must arrive within this many hours: tracking the
    /// shopper can follow, not a number that never moves.
    pub first_scan_hours: u16,
    /// Days of grace past the lane's promised transit before a carrier is late.
    pub transit_grace_days: u16,
}

impl Default for SlaRules {
    fn default() -> Self {
        Self { handling_business_days: 2, first_scan_hours: 48, transit_grace_days: 0 }
    }
}

/// What was broken, and by whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BreachKind {
    /// The seller did not ship within the handling time.
    LateShipment,
    /// The label was created but the carrier never scanned the parcel in time.
    NoTrackingScan,
    /// The carrier did not deliver within the lane's transit time.
    LateDelivery,
}

impl BreachKind {
    pub const ALL: [BreachKind; 3] = [Self::LateShipment, Self::NoTrackingScan, Self::LateDelivery];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LateShipment => "late_shipment",
            Self::NoTrackingScan => "no_tracking_scan",
            Self::LateDelivery => "late_delivery",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// Who answers for it: the seller hands parcels over and gets them scanned, the carrier moves them.
    pub fn party(self) -> SlaParty {
        match self {
            Self::LateShipment | Self::NoTrackingScan => SlaParty::Seller,
            Self::LateDelivery => SlaParty::Carrier,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SlaParty {
    Seller,
    Carrier,
}

/// Monday is 0, Sunday 6 (UTC). 1970-01-01 was a Thursday.
pub fn weekday(unix_ms: i64) -> u8 {
    u8::try_from((unix_ms.div_euclid(DAY_MS) + 3).rem_euclid(7)).unwrap_or(0)
}

/// `days` business days (Monday to Friday) after `from_ms`, at the same time of day. Something that starts on a
/// weekend counts from the next Monday's start.
pub fn add_business_days(from_ms: i64, days: u16) -> i64 {
    let mut at = from_ms;
    if weekday(at) >= 5 {
        let day_start = at.div_euclid(DAY_MS) * DAY_MS;
        at = day_start + i64::from(7 - weekday(at)) * DAY_MS;
    }
    let mut left = days;
    while left > 0 {
        at += DAY_MS;
        if weekday(at) < 5 {
            left -= 1;
        }
    }
    at
}

impl SlaRules {
    /// When a paid order must be shipped by.
    pub fn ship_by(&self, paid_at_ms: i64) -> i64 {
        add_business_days(paid_at_ms, self.handling_business_days)
    }

    /// When the carrier's first scan must have arrived by.
    pub fn first_scan_by(&self, label_created_at_ms: i64) -> i64 {
        label_created_at_ms + i64::from(self.first_scan_hours) * 60 * 60 * 1_000
    }

    /// When the carrier must deliver by: the lane's slowest transit (plus grace) from the handover, counted from
    /// the pickup when there was one.
    pub fn deliver_by(&self, handed_over_at_ms: i64, transit_max_days: u16) -> i64 {
        handed_over_at_ms + i64::from(transit_max_days.saturating_add(self.transit_grace_days)) * DAY_MS
    }
}

/// A delivery window in whole days of transit, learned from what parcels on the lane actually took.
///
/// With at least [`MEASURED_AFTER`] deliveries in the window, the lane's window is the 20th to the 80th percentile
/// of the measured days (the late end rounded up), so most shoppers see a promise that holds. With fewer, the
/// carriers' published window stands.
pub fn transit_window(published: (u16, u16), measured_ms: &[i64]) -> (u16, u16) {
    if measured_ms.len() < MEASURED_AFTER {
        return (published.0.min(published.1), published.0.max(published.1));
    }
    let mut days: Vec<i64> = measured_ms.iter().map(|ms| (*ms).max(0)).collect();
    days.sort_unstable();
    let at = |percent: usize| days[(days.len() - 1) * percent / 100];
    let early = u16::try_from(at(20) / DAY_MS).unwrap_or(u16::MAX);
    let late = u16::try_from((at(80) + DAY_MS - 1) / DAY_MS).unwrap_or(u16::MAX);
    (early.min(late), late.max(early).max(1))
}

/// Deliveries on a lane before its measured transit replaces the published one.
pub const MEASURED_AFTER: usize = 5;

/// The label a seller prints and sticks on the parcel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingLabel {
    pub order_id: crate::ids::OrderId,
    pub carrier_code: String,
    pub carrier_name: String,
    pub tracking_number: String,
    pub service_level: ServiceLevel,
    pub from_shop: String,
    pub from_region: String,
    pub to: crate::commerce::ShippingAddress,
    pub item_count: u32,
    pub created_at_ms: i64,
    /// The carrier must deliver by this time once it has scanned the parcel (None until the first scan).
    pub deliver_by_ms: Option<i64>,
}

/// One of a seller's shipments in their list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentSummary {
    pub order_id: crate::ids::OrderId,
    pub carrier_code: String,
    pub carrier_name: String,
    pub tracking_number: String,
    pub status: crate::tracking::TrackingStatus,
    pub status_since_ms: i64,
    pub service_level: ServiceLevel,
    pub destination_region: String,
    pub created_at_ms: i64,
    pub deliver_by_ms: Option<i64>,
    pub delivered_at_ms: Option<i64>,
    /// The SLA breaches recorded on the order (either party's).
    pub breaches: Vec<BreachKind>,
}

/// One broken promise as the seller, the carrier and operators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BreachView {
    pub kind: BreachKind,
    pub party: SlaParty,
    pub order_id: crate::ids::OrderId,
    pub carrier_code: Option<String>,
    pub deadline_ms: i64,
    pub detected_at_ms: i64,
}

/// A seller's standing under the SLA: the rules, the recent breaches, and counts over the last 30 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaReport {
    pub rules: SlaRules,
    pub late_shipments_30d: u32,
    pub missing_scans_30d: u32,
    pub recent: Vec<BreachView>,
}

/// A carrier as sellers and operators compare them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CarrierScorecard {
    pub code: String,
    pub name: String,
    pub partner: PartnerScore,
    pub stats: PartnerStats,
    /// Late deliveries recorded against the carrier over the last 30 days.
    pub breaches_30d: u32,
    pub daily_capacity: u32,
    pub booked_today: u32,
    /// Minutes after midnight UTC by which parcels must be handed over to leave the same day.
    pub pickup_cutoff_minute: u16,
    /// Lanes (origin, destination, service level) the carrier serves.
    pub lanes: u32,
    pub service_levels: Vec<ServiceLevel>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use proptest::prelude::*;

    fn usd(cents: i64) -> Money {
        Money::new(cents, Currency::from_code("USD").expect("USD is listed"))
    }

    fn offer(code: &str, cents: i64, days: u16, remaining: u32, stats: PartnerStats) -> CarrierOffer {
        CarrierOffer {
            carrier_code: code.into(),
            carrier_name: code.to_uppercase(),
            service_level: ServiceLevel::Standard,
            price: usd(cents),
            transit_min_days: days.saturating_sub(1),
            transit_max_days: days,
            remaining_capacity: remaining,
            daily_capacity: 100,
            after_cutoff: false,
            partner: PartnerScore::of(stats),
        }
    }

    fn record(shipments: u32, on_time: u32, exceptions: u32) -> PartnerStats {
        PartnerStats {
            shipments,
            delivered: shipments - exceptions,
            delivered_on_time: on_time,
            with_exception: exceptions,
            complete_scans: shipments - exceptions,
        }
    }

    #[test]
    fn a_carrier_without_a_record_scores_the_prior_and_is_provisional() {
        let fresh = PartnerScore::of(PartnerStats::default());
        assert_eq!(
            (fresh.on_time_bps, fresh.exception_bps, fresh.scan_completeness_bps),
            (9_000, 500, 9_000)
        );
        // 0.5 × 90 + 0.3 × 95 + 0.2 × 90 = 91.5, rounded half up.
        assert_eq!(fresh.score, 92);
        assert!(fresh.provisional);
    }

    #[test]
    fn a_long_record_outweighs_the_prior() {
        let perfect = PartnerScore::of(record(1_000, 1_000, 0));
        let sloppy = PartnerScore::of(record(1_000, 500, 200));
        assert!(perfect.score >= 99, "{perfect:?}");
        assert!(!perfect.provisional);
        // 0.5 × 62.8 + 0.3 × 80.2 + 0.2 × 99.9 ≈ 75.4.
        assert_eq!(sloppy.score, 75, "{sloppy:?}");
        assert!(sloppy.exception_bps > 1_900 && sloppy.exception_bps < 2_000, "{sloppy:?}");
    }

    #[test]
    fn the_cheap_reliable_fast_carrier_is_recommended_and_a_full_one_goes_last() {
        let offers = [
            offer("slow", 900, 9, 80, record(200, 150, 10)),
            offer("best", 700, 3, 80, record(200, 198, 1)),
            offer("full", 500, 2, 0, record(200, 199, 0)),
        ];
        let ranked = rank_offers(&offers, RoutingWeights::default());
        let order: Vec<&str> = ranked.iter().map(|p| p.carrier_code.as_str()).collect();
        assert_eq!(order, ["best", "slow", "full"]);
        assert_eq!(ranked[0].reasons[0], "recommended");
        assert!(!ranked[2].available);
        assert!(ranked[2].reasons.contains(&"full_today".to_string()));
        assert!(ranked[2].reasons.contains(&"cheapest".to_string()));
    }

    #[test]
    fn weights_decide_between_cheap_and_fast() {
        let offers =
            [offer("cheap", 500, 8, 50, record(100, 90, 2)), offer("fast", 1_500, 2, 50, record(100, 90, 2))];
        let price_first = RoutingWeights { price: 100, transit: 10, capacity: 0, partner: 0 };
        let speed_first = RoutingWeights { price: 10, transit: 100, capacity: 0, partner: 0 };
        assert_eq!(rank_offers(&offers, price_first)[0].carrier_code, "cheap");
        assert_eq!(rank_offers(&offers, speed_first)[0].carrier_code, "fast");
    }

    #[test]
    fn a_missed_pickup_adds_a_day() {
        let mut late = offer("late", 700, 3, 50, PartnerStats::default());
        late.after_cutoff = true;
        assert_eq!(late.predicted_days(), 4);
        let ranked = rank_offers(&[late], RoutingWeights::default());
        assert!(ranked[0].reasons.contains(&"after_cutoff".to_string()));
    }

    #[test]
    fn business_days_skip_weekends() {
        // 2026-11-20 is a Friday, 10:00 UTC.
        let friday = 1_779_271_200_000 - 1_779_271_200_000 % DAY_MS + 10 * 60 * 60 * 1_000;
        let friday = friday + i64::from((4 + 7 - weekday(friday)) % 7) * DAY_MS;
        assert_eq!(weekday(friday), 4);
        assert_eq!(weekday(add_business_days(friday, 1)), 0, "Friday + 1 business day is Monday");
        assert_eq!(add_business_days(friday, 2) - friday, 4 * DAY_MS);
        let saturday = friday + DAY_MS;
        // Paid on Saturday: counting starts Monday 00:00, two business days later is Wednesday 00:00.
        let wednesday = add_business_days(saturday, 2);
        assert_eq!(weekday(wednesday), 2);
        assert_eq!(wednesday % DAY_MS, 0);
        assert_eq!(weekday(0), 3, "1970-01-01 was a Thursday");
    }

    #[test]
    fn sla_deadlines_follow_the_rules() {
        let rules = SlaRules { handling_business_days: 2, first_scan_hours: 24, transit_grace_days: 1 };
        assert_eq!(rules.first_scan_by(1_000), 1_000 + DAY_MS);
        assert_eq!(rules.deliver_by(0, 3), 4 * DAY_MS);
        assert_eq!(BreachKind::LateDelivery.party(), SlaParty::Carrier);
        for kind in BreachKind::ALL {
            assert_eq!(BreachKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn measured_transit_replaces_the_published_window_once_there_is_enough() {
        assert_eq!(transit_window((2, 4), &[DAY_MS; 3]), (2, 4));
        let measured: Vec<i64> =
            [1, 1, 2, 2, 2, 2, 3, 3, 3, 6].iter().map(|d| d * DAY_MS - 3_600_000).collect();
        // The 20th percentile is just under a day (0 whole days), the 80th just under three (rounded up to 3).
        assert_eq!(transit_window((5, 9), &measured), (0, 3));
    }

    proptest! {
        #[test]
        fn scores_stay_in_range_and_ranking_keeps_every_offer(
            raw in proptest::collection::vec((1i64..10_000, 0u16..30, 0u32..200, 0u32..500, 0u32..500), 1..8)
        ) {
            let offers: Vec<CarrierOffer> = raw.iter().enumerate().map(|(i, (cents, days, room, shipped, late))| {
                offer(&format!("c{i}"), *cents, *days, *room, record(*shipped, shipped.saturating_sub(*late), (*late).min(*shipped) / 3))
            }).collect();
            let ranked = rank_offers(&offers, RoutingWeights::default());
            prop_assert_eq!(ranked.len(), offers.len());
            for proposal in &ranked {
                prop_assert!(proposal.score <= 1_000);
                prop_assert!(proposal.partner.score <= 100);
            }
            // Available carriers always come before full ones.
            let first_full = ranked.iter().position(|p| !p.available).unwrap_or(ranked.len());
            prop_assert!(ranked[first_full..].iter().all(|p| !p.available));
        }

        #[test]
        fn the_measured_window_is_ordered(measured in proptest::collection::vec(0i64..40 * DAY_MS, 0..50)) {
            let (early, late) = transit_window((3, 5), &measured);
            prop_assert!(early <= late);
        }
    }
}
