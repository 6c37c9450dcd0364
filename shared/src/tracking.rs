//! The one tracking language every carrier's events are translated into, and the rule for what a new event does
//! to a parcel's status.
//!
//! Carriers deliver events late, twice and out of order. The status moves only forward through the parcel's life
//! (a late `in_transit` never moves a delivered parcel back); every event still goes into the timeline, in the
//! order things happened, with the carrier's own code and words beside ours.

use serde::{Deserialize, Serialize};

/// Where a parcel is, in Bazaar's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrackingStatus {
    LabelCreated,
    PickedUp,
    InTransit,
    AtSortingCenter,
    Customs,
    OutForDelivery,
    DeliveryFailed,
    AvailableForPickup,
    Delivered,
    Returning,
    ReturnedToSender,
    /// Something the carrier reported that needs attention (or a code we do not know; the raw text is kept).
    Exception,
    Lost,
}

impl TrackingStatus {
    pub const ALL: [TrackingStatus; 13] = [
        Self::LabelCreated,
        Self::PickedUp,
        Self::InTransit,
        Self::AtSortingCenter,
        Self::Customs,
        Self::OutForDelivery,
        Self::DeliveryFailed,
        Self::AvailableForPickup,
        Self::Delivered,
        Self::Returning,
        Self::ReturnedToSender,
        Self::Exception,
        Self::Lost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LabelCreated => "label_created",
            Self::PickedUp => "picked_up",
            Self::InTransit => "in_transit",
            Self::AtSortingCenter => "at_sorting_center",
            Self::Customs => "customs",
            Self::OutForDelivery => "out_for_delivery",
            Self::DeliveryFailed => "delivery_failed",
            Self::AvailableForPickup => "available_for_pickup",
            Self::Delivered => "delivered",
            Self::Returning => "returning",
            Self::ReturnedToSender => "returned_to_sender",
            Self::Exception => "exception",
            Self::Lost => "lost",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// How far along the parcel's life the status is. Statuses of one stage may follow each other freely (a
    /// failed delivery, then out for delivery again); a lower stage never replaces a higher one.
    pub fn stage(self) -> Option<u8> {
        match self {
            Self::LabelCreated => Some(0),
            Self::PickedUp => Some(1),
            Self::InTransit | Self::AtSortingCenter | Self::Customs => Some(2),
            Self::OutForDelivery | Self::DeliveryFailed | Self::AvailableForPickup => Some(3),
            Self::Delivered => Some(4),
            Self::Returning => Some(5),
            Self::ReturnedToSender => Some(6),
            // Neither moves the parcel along; `lost` is handled on its own (a lost parcel can turn up again).
            Self::Exception | Self::Lost => None,
        }
    }

    /// Nothing more happens to the parcel (a "lost" parcel that turns up is the exception, see [`ParcelState::apply`]).
    pub fn is_final(self) -> bool {
        matches!(self, Self::Delivered | Self::ReturnedToSender | Self::Lost)
    }

    /// The parcel will not reach the shopper: lost, or on its way back (or back) to the seller.
    pub fn is_given_up(self) -> bool {
        matches!(self, Self::Lost | Self::Returning | Self::ReturnedToSender)
    }

    /// Something went wrong with the parcel (counts against the carrier's exception rate).
    pub fn is_trouble(self) -> bool {
        self == Self::Exception || self.is_given_up()
    }

    /// What the parcel reaching this status means for its order: delivered starts the release countdown; lost or
    /// returned to the seller refunds the shopper. None for every other status.
    pub fn order_event(self) -> Option<crate::order::OrderEvent> {
        match self {
            Self::Delivered => Some(crate::order::OrderEvent::Delivered),
            Self::Lost | Self::ReturnedToSender => Some(crate::order::OrderEvent::ParcelNotDelivered),
            _ => None,
        }
    }
}

/// One event as the timeline keeps it: our status and the carrier's own code and words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackingEvent {
    pub status: TrackingStatus,
    /// When it happened, by the carrier's clock (Unix ms, UTC).
    pub occurred_at_ms: i64,
    /// The carrier's location code or place name, when it gave one.
    pub location: Option<String>,
    /// The carrier's own code and text, kept as sent.
    pub raw_code: String,
    pub raw_text: String,
}

/// A parcel's status as the events so far have set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ParcelState {
    /// None until the first event.
    pub status: Option<TrackingStatus>,
    /// When the event that set `status` happened (Unix ms).
    pub since_ms: i64,
    /// The furthest stage of the parcel's life reached so far; an exception in between does not lower it.
    pub furthest_stage: Option<u8>,
}

impl ParcelState {
    /// The state after an event arrives, or None when the event changes nothing (it still goes in the timeline).
    ///
    /// - An event older than the one that set the current status changes nothing (it arrived out of order), except
    ///   over a label that no carrier event has moved yet.
    /// - Delivered and returned-to-sender are final. A lost parcel takes any later news (it was found).
    /// - Otherwise the status only moves forward: to the furthest stage reached or beyond (a failed delivery may be
    ///   followed by another attempt; a late `in_transit` never moves a delivered parcel back).
    /// - `exception` and `lost` apply unless the parcel is already delivered or returned.
    pub fn apply(self, event: TrackingStatus, occurred_at_ms: i64) -> Option<ParcelState> {
        let moved = |status: TrackingStatus| ParcelState {
            status: Some(status),
            since_ms: occurred_at_ms,
            furthest_stage: self.furthest_stage.max(status.stage()),
        };
        let Some(now) = self.status else { return Some(moved(event)) };
        // The label is ours, stamped to the millisecond; a carrier dates its first scan to the second or minute,
        // so that scan may read as older than the label. Any carrier news follows a fresh label.
        let label_only = now == TrackingStatus::LabelCreated;
        if (occurred_at_ms < self.since_ms && !label_only) || now == event {
            return None;
        }
        if matches!(now, TrackingStatus::Delivered | TrackingStatus::ReturnedToSender) {
            return None;
        }
        match (event.stage(), self.furthest_stage) {
            (None, _) => Some(moved(event)),
            (Some(to), Some(furthest)) if to < furthest => None,
            _ => Some(moved(event)),
        }
    }
}

/// A shipment as shoppers, sellers and operators see it: the carrier, the number, where it is, and its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentView {
    pub carrier_code: String,
    pub carrier_name: String,
    pub tracking_number: String,
    pub status: TrackingStatus,
    /// Every event the carrier sent, in the order things happened (late arrivals included).
    pub events: Vec<TrackingEvent>,
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_parcel_that_ends_moves_its_order_and_troubles_are_counted() {
        use crate::order::OrderEvent;
        assert_eq!(TrackingStatus::Delivered.order_event(), Some(OrderEvent::Delivered));
        assert_eq!(TrackingStatus::Lost.order_event(), Some(OrderEvent::ParcelNotDelivered));
        assert_eq!(TrackingStatus::ReturnedToSender.order_event(), Some(OrderEvent::ParcelNotDelivered));
        // On its way back the parcel may still turn around; only its arrival back refunds.
        assert_eq!(TrackingStatus::Returning.order_event(), None);
        assert!(TrackingStatus::Returning.is_given_up() && !TrackingStatus::Exception.is_given_up());
        let trouble: Vec<_> = TrackingStatus::ALL.into_iter().filter(|s| s.is_trouble()).collect();
        assert_eq!(
            trouble,
            [
                TrackingStatus::Returning,
                TrackingStatus::ReturnedToSender,
                TrackingStatus::Exception,
                TrackingStatus::Lost
            ]
        );
    }

    use super::TrackingStatus as S;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_round_trip() {
        for status in S::ALL {
            assert_eq!(S::parse(status.as_str()), Some(status));
        }
        assert_eq!(S::parse("teleported"), None);
    }

    fn at(status: S, since_ms: i64) -> ParcelState {
        ParcelState { status: Some(status), since_ms, furthest_stage: status.stage() }
    }

    fn next(state: ParcelState, event: S, at_ms: i64) -> Option<S> {
        state.apply(event, at_ms).and_then(|state| state.status)
    }

    #[test]
    fn a_late_in_transit_never_moves_a_delivered_parcel_back() {
        assert_eq!(next(at(S::Delivered, 100), S::InTransit, 200), None);
        assert_eq!(next(at(S::OutForDelivery, 100), S::InTransit, 200), None);
        assert_eq!(next(at(S::InTransit, 100), S::OutForDelivery, 200), Some(S::OutForDelivery));
    }

    #[test]
    fn events_older_than_the_current_status_change_nothing() {
        assert_eq!(next(at(S::InTransit, 500), S::OutForDelivery, 400), None);
    }

    #[test]
    fn the_first_scan_moves_a_label_even_when_the_carrier_dates_it_a_moment_earlier() {
        // Label at 10:00:00.700; the carrier's scan says 10:00:00 (its clock counts seconds).
        assert_eq!(next(at(S::LabelCreated, 36_000_700), S::PickedUp, 36_000_000), Some(S::PickedUp));
        assert_eq!(
            next(at(S::PickedUp, 36_000_700), S::InTransit, 36_000_000),
            None,
            "after that, order holds"
        );
    }

    #[test]
    fn a_failed_delivery_can_be_retried_and_a_lost_parcel_can_turn_up() {
        assert_eq!(next(at(S::DeliveryFailed, 1), S::OutForDelivery, 2), Some(S::OutForDelivery));
        assert_eq!(next(at(S::InTransit, 1), S::Lost, 2), Some(S::Lost));
        let lost = at(S::InTransit, 1).apply(S::Lost, 2).expect("lost");
        assert_eq!(next(lost, S::Delivered, 3), Some(S::Delivered));
        assert_eq!(next(lost, S::LabelCreated, 3), None, "an exception does not undo how far the parcel got");
    }

    #[test]
    fn returns_go_forward_to_the_sender() {
        assert_eq!(next(at(S::DeliveryFailed, 1), S::Returning, 2), Some(S::Returning));
        assert_eq!(next(at(S::Returning, 2), S::ReturnedToSender, 3), Some(S::ReturnedToSender));
        assert_eq!(next(at(S::ReturnedToSender, 3), S::OutForDelivery, 4), None);
    }

    fn any_status() -> impl Strategy<Value = S> {
        proptest::sample::select(S::ALL.to_vec())
    }

    proptest! {
        /// Whatever order a carrier's events arrive in, once delivered the parcel stays delivered, and the furthest
        /// stage reached never goes back.
        #[test]
        fn delivered_is_final_and_stages_never_go_back(
            mut events in proptest::collection::vec((any_status(), 0i64..1_000), 1..30),
            delivered_at in 0i64..1_000,
            position in 0usize..30,
        ) {
            events.insert(position.min(events.len()), (S::Delivered, delivered_at));
            let mut state = ParcelState::default();
            for (status, at_ms) in events {
                if let Some(next) = state.apply(status, at_ms) {
                    prop_assert!(state.status != Some(S::Delivered), "left delivered for {:?}", next.status);
                    prop_assert!(next.furthest_stage >= state.furthest_stage);
                    if let (Some(stage), Some(furthest)) = (status.stage(), state.furthest_stage) {
                        prop_assert!(stage >= furthest, "{:?} after stage {furthest}", status);
                    }
                    state = next;
                }
            }
        }
    }
}
