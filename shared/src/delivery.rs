//! Delivery estimates: what a shopper in one region can expect from a shop in another.
//!
//! An estimate is the shop's handling time plus the carrier's transit time on the lane, as a window of whole
//! days. The lanes are a plain table for now; the logistics network replaces the numbers with measured transit
//! times later without changing this arithmetic.

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// How fast (and how dear) a carrier service is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceLevel {
    Economy,
    Standard,
    Express,
}

impl ServiceLevel {
    pub const ALL: [ServiceLevel; 3] = [Self::Economy, Self::Standard, Self::Express];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Economy => "economy",
            Self::Standard => "standard",
            Self::Express => "express",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "economy" => Some(Self::Economy),
            "standard" => Some(Self::Standard),
            "express" => Some(Self::Express),
            _ => None,
        }
    }
}

/// One carrier service from a shop's region to the shopper's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub service_level: ServiceLevel,
    pub carrier: String,
    pub transit_min_days: u16,
    pub transit_max_days: u16,
    pub cost: Money,
}

/// A way the listing can reach the shopper, as the card and the product page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryOption {
    pub service_level: ServiceLevel,
    pub carrier: String,
    /// What the shopper pays for shipping, in the currency the lane is priced in.
    pub cost: Money,
    /// Days from the order to the door: the shop's handling time plus transit.
    pub days_min: u16,
    pub days_max: u16,
}

/// The options for a shop that needs `handling_days` to hand parcels over, fastest first (then cheapest).
pub fn delivery_options(handling_days: u16, lanes: &[Lane]) -> Vec<DeliveryOption> {
    let mut options: Vec<DeliveryOption> = lanes
        .iter()
        .map(|lane| DeliveryOption {
            service_level: lane.service_level,
            carrier: lane.carrier.clone(),
            cost: lane.cost,
            days_min: handling_days.saturating_add(lane.transit_min_days.min(lane.transit_max_days)),
            days_max: handling_days.saturating_add(lane.transit_max_days.max(lane.transit_min_days)),
        })
        .collect();
    options.sort_by(|a, b| {
        (a.days_max, a.days_min, a.cost.amount_minor).cmp(&(b.days_max, b.days_min, b.cost.amount_minor))
    });
    options
}

/// The day count ranking and the "delivered within N days" filter use: the latest day of the fastest option.
/// Promising the late end of the window keeps the filter honest.
pub fn fastest_delivery_days(handling_days: u16, lanes: &[Lane]) -> Option<u16> {
    lanes
        .iter()
        .map(|lane| handling_days.saturating_add(lane.transit_max_days.max(lane.transit_min_days)))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn lane(level: ServiceLevel, min: u16, max: u16, cents: i64) -> Lane {
        Lane {
            service_level: level,
            carrier: "Test Post".into(),
            transit_min_days: min,
            transit_max_days: max,
            cost: Money::new(cents, Currency::from_code("USD").expect("USD is listed")),
        }
    }

    #[test]
    fn the_window_adds_handling_to_transit_and_lists_the_fastest_first() {
        let lanes = [lane(ServiceLevel::Economy, 6, 10, 0), lane(ServiceLevel::Express, 1, 2, 1_500)];
        let options = delivery_options(2, &lanes);
        assert_eq!(
            options.iter().map(|o| o.service_level).collect::<Vec<_>>(),
            [ServiceLevel::Express, ServiceLevel::Economy]
        );
        assert_eq!((options[0].days_min, options[0].days_max), (3, 4));
        assert_eq!((options[1].days_min, options[1].days_max), (8, 12));
        assert_eq!(fastest_delivery_days(2, &lanes), Some(4));
    }

    #[test]
    fn no_lane_means_no_delivery() {
        assert!(delivery_options(1, &[]).is_empty());
        assert_eq!(fastest_delivery_days(1, &[]), None);
    }

    #[test]
    fn service_levels_round_trip_through_their_names() {
        for level in [ServiceLevel::Economy, ServiceLevel::Standard, ServiceLevel::Express] {
            assert_eq!(ServiceLevel::parse(level.as_str()), Some(level));
        }
        assert_eq!(ServiceLevel::parse("overnight"), None);
    }
}
