//! The order's life and its escrow: one `match (state, event)` decides every move, and says what the move does
//! to money and stock, so the server only carries the effects out.
//!
//! ```text
//! pending_payment ─paid─▶ paid (held in escrow) ─shipped─▶ shipped ─delivered─▶ delivered ─┬─confirm──▶ completed
//!      │                    │                                 └──────────confirm──────────▶┤ (released to seller)
//!      ├─payment failed─▶ payment_failed                                                   └─auto-release (N days)
//!      └─cancel─▶ cancelled ◀─cancel (refund in full)─┘
//! ```
//!
//! Auto-release runs a [`ReleaseTimer`]: it starts at delivery, and a dispute (later work) pauses it and
//! resumes it with the time that was left, so a shopper never loses days to a dispute that went their way.

use serde::{Deserialize, Serialize};

/// Where an order is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// Stock is reserved; the payment has not been confirmed yet.
    PendingPayment,
    /// The payment failed or timed out; the reserved stock went back. Nothing was charged.
    PaymentFailed,
    /// Paid: Bazaar holds the money in escrow until the shopper has the goods.
    Paid,
    Shipped,
    Delivered,
    /// The money was released to the seller (confirmed by the shopper, or automatically).
    Completed,
    /// Cancelled before shipment, or the carrier lost or returned the parcel; anything paid was refunded in full.
    Cancelled,
}

impl OrderState {
    pub const ALL: [OrderState; 7] = [
        Self::PendingPayment,
        Self::PaymentFailed,
        Self::Paid,
        Self::Shipped,
        Self::Delivered,
        Self::Completed,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingPayment => "pending_payment",
            Self::PaymentFailed => "payment_failed",
            Self::Paid => "paid",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == text)
    }

    /// Whether the shopper's money sits in this order's escrow account.
    pub fn holds_escrow(self) -> bool {
        matches!(self, Self::Paid | Self::Shipped | Self::Delivered)
    }

    /// Whether nothing can happen to the order any more.
    pub fn is_final(self) -> bool {
        matches!(self, Self::PaymentFailed | Self::Completed | Self::Cancelled)
    }
}

/// Who did something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Shopper,
    Seller,
    Platform,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shopper => "shopper",
            Self::Seller => "seller",
            Self::Platform => "platform",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Shopper, Self::Seller, Self::Platform].into_iter().find(|party| party.as_str() == text)
    }
}

/// Something that happens to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderEvent {
    PaymentSucceeded,
    /// Declined, timed out, or abandoned at the challenge step.
    PaymentFailed,
    Cancel {
        by: Party,
    },
    Shipped,
    Delivered,
    /// The carrier lost the parcel or returned it to the seller: the shopper never got it.
    ParcelNotDelivered,
    /// The shopper says the goods arrived.
    ReceiptConfirmed,
    /// The release timer ran out.
    ReleaseDue,
}

/// What a transition does besides changing the state; the server carries these out in the same transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Move the payment into the order's escrow account.
    HoldInEscrow,
    /// Put the reserved units back on sale.
    ReleaseStock,
    /// Return everything in escrow to the shopper.
    RefundInFull,
    /// Pay the seller from escrow, net of commission.
    ReleaseToSeller,
    /// The seller cancelled a paid order: it counts against their record.
    CountSellerCancellation,
    /// Start the auto-release timer.
    StartReleaseTimer,
}

/// The outcome of an allowed move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub to: OrderState,
    pub effects: Vec<Effect>,
}

/// Why a move is not allowed, in words the shopper or seller can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the order has already shipped; request a return instead of cancelling")]
    AlreadyShipped,
    #[error("a dispute is open on this order; the money stays in escrow until it is decided")]
    DisputeOpen,
    #[error("an order that is {0} cannot take that action")]
    NotAllowed(&'static str),
}

/// The one place that decides how orders move. `escrow_paused` is true while a dispute holds the money.
pub fn transition(
    state: OrderState,
    event: OrderEvent,
    escrow_paused: bool,
) -> Result<Transition, TransitionError> {
    use Effect::*;
    use OrderEvent as E;
    use OrderState as S;
    let to = |to: OrderState, effects: &[Effect]| Ok(Transition { to, effects: effects.to_vec() });
    match (state, event) {
        (S::PendingPayment, E::PaymentSucceeded) => to(S::Paid, &[HoldInEscrow]),
        (S::PendingPayment, E::PaymentFailed) => to(S::PaymentFailed, &[ReleaseStock]),
        (S::PendingPayment, E::Cancel { .. }) => to(S::Cancelled, &[ReleaseStock]),
        (S::Paid, E::Cancel { by: Party::Seller }) => {
            to(S::Cancelled, &[RefundInFull, ReleaseStock, CountSellerCancellation])
        }
        (S::Paid, E::Cancel { .. }) => to(S::Cancelled, &[RefundInFull, ReleaseStock]),
        (S::Paid, E::Shipped) => to(S::Shipped, &[]),
        (S::Shipped, E::Delivered) => to(S::Delivered, &[StartReleaseTimer]),
        // The goods never reached the shopper: the money goes back from escrow. The stock does not come back on
        // its own (a lost parcel is gone; a returned one is checked by the seller first).
        (S::Shipped, E::ParcelNotDelivered) => to(S::Cancelled, &[RefundInFull]),
        (S::Shipped | S::Delivered, E::ReceiptConfirmed | E::ReleaseDue) if escrow_paused => {
            Err(TransitionError::DisputeOpen)
        }
        // A shopper may confirm as soon as the parcel is in their hands, even before the carrier reports it.
        (S::Shipped | S::Delivered, E::ReceiptConfirmed) => to(S::Completed, &[ReleaseToSeller]),
        (S::Delivered, E::ReleaseDue) => to(S::Completed, &[ReleaseToSeller]),
        (S::Shipped | S::Delivered, E::Cancel { .. }) => Err(TransitionError::AlreadyShipped),
        (state, _) => Err(TransitionError::NotAllowed(state.as_str())),
    }
}

/// A day in milliseconds; deadlines are whole days from the moment something happened.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1_000;

/// The auto-release clock of one order: due at a time, or paused with the time that was left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReleaseTimer {
    /// When the money goes to the seller unless something stops it (Unix ms).
    pub release_at_ms: Option<i64>,
    /// Set while paused (by a dispute): how long was left when it was paused.
    pub paused_remaining_ms: Option<i64>,
}

impl ReleaseTimer {
    /// Starts the timer at delivery: due `days` later.
    pub fn started(delivered_at_ms: i64, days: u32) -> Self {
        Self { release_at_ms: Some(delivered_at_ms + i64::from(days) * DAY_MS), paused_remaining_ms: None }
    }

    pub fn is_paused(&self) -> bool {
        self.paused_remaining_ms.is_some()
    }

    /// Stops the clock, keeping the time left (never negative). Pausing twice keeps the first pause.
    pub fn pause(self, now_ms: i64) -> Self {
        match (self.release_at_ms, self.paused_remaining_ms) {
            (Some(release_at), None) => {
                Self { release_at_ms: None, paused_remaining_ms: Some((release_at - now_ms).max(0)) }
            }
            _ => self,
        }
    }

    /// Restarts the clock with the time that was left when it was paused.
    pub fn resume(self, now_ms: i64) -> Self {
        match self.paused_remaining_ms {
            Some(remaining) => Self { release_at_ms: Some(now_ms + remaining), paused_remaining_ms: None },
            None => self,
        }
    }

    /// Whether the release is due at `now_ms`.
    pub fn is_due(&self, now_ms: i64) -> bool {
        !self.is_paused() && self.release_at_ms.is_some_and(|release_at| release_at <= now_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event_list() -> Vec<OrderEvent> {
        vec![
            OrderEvent::PaymentSucceeded,
            OrderEvent::PaymentFailed,
            OrderEvent::Cancel { by: Party::Shopper },
            OrderEvent::Cancel { by: Party::Seller },
            OrderEvent::Cancel { by: Party::Platform },
            OrderEvent::Shipped,
            OrderEvent::Delivered,
            OrderEvent::ParcelNotDelivered,
            OrderEvent::ReceiptConfirmed,
            OrderEvent::ReleaseDue,
        ]
    }

    #[test]
    fn the_happy_path_holds_then_releases() {
        let paid = transition(OrderState::PendingPayment, OrderEvent::PaymentSucceeded, false).expect("pays");
        assert_eq!(paid, Transition { to: OrderState::Paid, effects: vec![Effect::HoldInEscrow] });
        let shipped = transition(paid.to, OrderEvent::Shipped, false).expect("ships");
        let delivered = transition(shipped.to, OrderEvent::Delivered, false).expect("arrives");
        assert_eq!(delivered.effects, vec![Effect::StartReleaseTimer]);
        let completed = transition(delivered.to, OrderEvent::ReceiptConfirmed, false).expect("confirms");
        assert_eq!(
            completed,
            Transition { to: OrderState::Completed, effects: vec![Effect::ReleaseToSeller] }
        );
    }

    #[test]
    fn a_parcel_the_carrier_lost_or_returned_is_refunded_in_full_but_only_once_shipped() {
        let refunded =
            transition(OrderState::Shipped, OrderEvent::ParcelNotDelivered, false).expect("refunds");
        assert_eq!(refunded, Transition { to: OrderState::Cancelled, effects: vec![Effect::RefundInFull] });
        for state in [OrderState::Paid, OrderState::Delivered, OrderState::Completed, OrderState::Cancelled] {
            assert!(transition(state, OrderEvent::ParcelNotDelivered, false).is_err(), "{state:?}");
        }
    }

    #[test]
    fn cancelling_before_shipment_refunds_in_full_and_a_seller_cancellation_counts_against_the_seller() {
        let by_shopper =
            transition(OrderState::Paid, OrderEvent::Cancel { by: Party::Shopper }, false).expect("ok");
        assert_eq!(by_shopper.effects, vec![Effect::RefundInFull, Effect::ReleaseStock]);
        let by_seller =
            transition(OrderState::Paid, OrderEvent::Cancel { by: Party::Seller }, false).expect("ok");
        assert!(by_seller.effects.contains(&Effect::CountSellerCancellation));
        assert_eq!(
            transition(OrderState::Shipped, OrderEvent::Cancel { by: Party::Shopper }, false),
            Err(TransitionError::AlreadyShipped)
        );
    }

    #[test]
    fn an_unpaid_order_gives_its_stock_back_when_payment_fails_or_it_is_cancelled() {
        for event in [OrderEvent::PaymentFailed, OrderEvent::Cancel { by: Party::Shopper }] {
            let transition = transition(OrderState::PendingPayment, event, false).expect("allowed");
            assert_eq!(transition.effects, vec![Effect::ReleaseStock]);
        }
    }

    #[test]
    fn an_open_dispute_keeps_the_money_in_escrow() {
        for event in [OrderEvent::ReceiptConfirmed, OrderEvent::ReleaseDue] {
            assert_eq!(transition(OrderState::Delivered, event, true), Err(TransitionError::DisputeOpen));
        }
    }

    #[test]
    fn auto_release_needs_delivery() {
        assert!(transition(OrderState::Shipped, OrderEvent::ReleaseDue, false).is_err());
        assert!(transition(OrderState::Paid, OrderEvent::ReleaseDue, false).is_err());
    }

    #[test]
    fn final_states_accept_nothing_and_money_moves_only_out_of_escrow_states() {
        for state in OrderState::ALL {
            for event in event_list() {
                let Ok(transition) = transition(state, event, false) else { continue };
                assert!(!state.is_final(), "{state:?} is final but accepted {event:?}");
                let moves_escrow_out = transition
                    .effects
                    .iter()
                    .any(|effect| matches!(effect, Effect::RefundInFull | Effect::ReleaseToSeller));
                assert_eq!(moves_escrow_out, state.holds_escrow() && !transition.to.holds_escrow());
                let holds = transition.effects.contains(&Effect::HoldInEscrow);
                assert_eq!(holds, !state.holds_escrow() && transition.to.holds_escrow());
            }
        }
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for state in OrderState::ALL {
            assert_eq!(OrderState::parse(state.as_str()), Some(state));
        }
        assert_eq!(OrderState::parse("lost"), None);
    }

    #[test]
    fn the_release_timer_pauses_and_resumes_with_the_time_that_was_left() {
        let timer = ReleaseTimer::started(1_000, 10);
        assert!(!timer.is_due(1_000 + 10 * DAY_MS - 1));
        assert!(timer.is_due(1_000 + 10 * DAY_MS));
        let paused = timer.pause(1_000 + 4 * DAY_MS);
        assert!(!paused.is_due(1_000 + 100 * DAY_MS), "a paused timer is never due");
        assert_eq!(paused.pause(1_000 + 5 * DAY_MS), paused, "pausing twice keeps the first pause");
        let resumed = paused.resume(1_000 + 20 * DAY_MS);
        assert_eq!(resumed.release_at_ms, Some(1_000 + 26 * DAY_MS), "six days were left");
    }
}
