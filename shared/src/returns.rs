//! Returns: the shopper asks within the shop's return window, the seller answers within a deadline (silence
//! accepts), the parcel goes back through the carrier network, and the refund moves when it arrives — or at once
//! when both agree on a partial refund and the shopper keeps the item. One `match (state, event)` decides it all.
//!
//! ```text
//! requested ─┬─ seller accepts, or says nothing in time ─▶ accepted ─ shipped back ─▶ in transit ─┬─ delivered ─┐
//!            │                                                                                  └─ lost ──────┤
//!            ├─ seller offers a partial refund ─▶ offered ─┬─ shopper accepts ─▶ partially refunded            │
//!            │                                             └─ shopper declines ─▶ requested                   │
//!            ├─ seller rejects ─▶ rejected (the shopper may open a dispute)                  refunded ◀───────┘
//!            └─ shopper withdraws (also from offered and accepted) ─▶ withdrawn
//! ```
//!
//! Who pays the return shipping follows the reason: the seller when the item was not as described, damaged or
//! wrong; the shopper when they changed their mind. A refund comes from escrow while the order holds the money,
//! else from the seller's available balance (the server decides the source; the amount is decided here).

use serde::{Deserialize, Serialize};

use crate::order::{DAY_MS, OrderState, Party};

/// Why the shopper sends the item back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnReason {
    NotAsDescribed,
    Damaged,
    WrongItem,
    ChangedMind,
}

impl ReturnReason {
    pub const ALL: [ReturnReason; 4] =
        [Self::NotAsDescribed, Self::Damaged, Self::WrongItem, Self::ChangedMind];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotAsDescribed => "not_as_described",
            Self::Damaged => "damaged",
            Self::WrongItem => "wrong_item",
            Self::ChangedMind => "changed_mind",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.as_str() == text)
    }

    /// Whether the problem is the seller's doing (and counts against the listing's record).
    pub fn seller_at_fault(self) -> bool {
        !matches!(self, Self::ChangedMind)
    }

    /// Who pays for the parcel going back.
    pub fn return_shipping_payer(self) -> Party {
        if self.seller_at_fault() { Party::Seller } else { Party::Shopper }
    }
}

/// Where a return is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnState {
    /// Waiting for the seller's answer (until the response deadline; silence accepts).
    Requested,
    /// The seller offered a partial refund for keeping the item; the shopper decides.
    Offered,
    /// Accepted: the return label is made; waiting for the shopper to send the parcel.
    Accepted,
    /// The parcel is on its way back.
    InTransit,
    /// Refunded in full after the parcel arrived (or the carrier lost it).
    Refunded,
    /// The shopper kept the item for a partial refund.
    PartiallyRefunded,
    /// The seller said no; the shopper may open a dispute instead.
    Rejected,
    /// The shopper took the request back.
    Withdrawn,
}

impl ReturnState {
    pub const ALL: [ReturnState; 8] = [
        Self::Requested,
        Self::Offered,
        Self::Accepted,
        Self::InTransit,
        Self::Refunded,
        Self::PartiallyRefunded,
        Self::Rejected,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Offered => "offered",
            Self::Accepted => "accepted",
            Self::InTransit => "in_transit",
            Self::Refunded => "refunded",
            Self::PartiallyRefunded => "partially_refunded",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == text)
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Refunded | Self::PartiallyRefunded | Self::Rejected | Self::Withdrawn)
    }
}

/// Something that happens to a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnEvent {
    SellerAccepts,
    SellerRejects,
    /// Keep the item and get this much back (minor units of the order's currency).
    SellerOffersPartial {
        amount_minor: i64,
    },
    ShopperAcceptsOffer,
    ShopperDeclinesOffer,
    /// The seller's response deadline passed without an answer.
    ResponseDeadlinePassed,
    /// The carrier scanned the return parcel.
    ReturnShipped,
    ReturnDelivered,
    /// The carrier lost the return parcel: the shopper sent it, so the shopper is refunded.
    ReturnLost,
    Withdraw {
        by: Party,
    },
}

/// What a move does besides changing the state; the server carries these out in the same transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnEffect {
    /// Make a return shipment through the carrier network, its cost charged to `payer`.
    CreateReturnShipment { payer: Party },
    /// Refund everything the shopper paid for the order.
    RefundInFull,
    /// Refund this much and let the shopper keep the item.
    RefundPartially { amount_minor: i64 },
    /// The listing's return-and-dispute counter goes up (the reason was the seller's doing).
    CountAgainstListing,
}

/// The outcome of an allowed move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnTransition {
    pub to: ReturnState,
    pub effects: Vec<ReturnEffect>,
}

/// Why a move is not allowed, in words the shopper or seller can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReturnError {
    #[error("returns open once the order has been delivered")]
    NotDeliveredYet,
    #[error("the order was cancelled and refunded; there is nothing to return")]
    OrderCancelled,
    #[error("this shop does not take returns")]
    NoReturns,
    #[error("the shop's return window for this order has closed")]
    WindowClosed { closed_at_ms: i64 },
    #[error("a partial refund must be more than nothing and less than what was paid")]
    BadPartialRefund,
    #[error("only the shopper can withdraw a return request")]
    OnlyTheShopperWithdraws,
    #[error("the parcel is already on its way back")]
    AlreadyShipped,
    #[error("a return that is {0} cannot take that action")]
    NotAllowed(&'static str),
}

/// The return deadlines, in days. Configuration (`[returns]`); the return window itself is the shop's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReturnRules {
    /// The seller answers a request within this many days, or it is accepted.
    pub seller_response_days: u32,
}

impl Default for ReturnRules {
    fn default() -> Self {
        Self { seller_response_days: 5 }
    }
}

impl ReturnRules {
    /// Whether the shopper may ask for a return now: after delivery, within the shop's window from delivery.
    pub fn can_request(
        &self,
        order: OrderState,
        delivered_at_ms: Option<i64>,
        shop_window_days: u32,
        now_ms: i64,
    ) -> Result<(), ReturnError> {
        match order {
            OrderState::PendingPayment
            | OrderState::PaymentFailed
            | OrderState::Paid
            | OrderState::Shipped => Err(ReturnError::NotDeliveredYet),
            OrderState::Cancelled => Err(ReturnError::OrderCancelled),
            OrderState::Delivered | OrderState::Completed => {
                if shop_window_days == 0 {
                    return Err(ReturnError::NoReturns);
                }
                // Completed without a delivery scan (the shopper confirmed first): the window runs from then on
                // the server's side, which passes that time in; without any time it is closed.
                let closed_at_ms =
                    delivered_at_ms.unwrap_or(i64::MIN / 2) + i64::from(shop_window_days) * DAY_MS;
                if now_ms <= closed_at_ms { Ok(()) } else { Err(ReturnError::WindowClosed { closed_at_ms }) }
            }
        }
    }

    /// When the seller's answer to a request made at `requested_at_ms` is due.
    pub fn response_due_at_ms(&self, requested_at_ms: i64) -> i64 {
        requested_at_ms + i64::from(self.seller_response_days) * DAY_MS
    }
}

/// One return as the state machine needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Return {
    pub state: ReturnState,
    pub reason: ReturnReason,
    /// What the shopper paid for the order, in minor units: the most any refund may be.
    pub paid_minor: i64,
    /// The partial refund on offer (in `Offered`).
    pub offered_minor: Option<i64>,
}

/// The one place that decides how returns move.
pub fn transition(ret: &Return, event: ReturnEvent) -> Result<ReturnTransition, ReturnError> {
    use ReturnEffect::*;
    use ReturnEvent as E;
    use ReturnState as S;
    let to =
        |to: ReturnState, effects: &[ReturnEffect]| Ok(ReturnTransition { to, effects: effects.to_vec() });
    let fault = ret.reason.seller_at_fault();
    let counted = |mut effects: Vec<ReturnEffect>| {
        if fault {
            effects.push(CountAgainstListing);
        }
        effects
    };
    let ship_back = CreateReturnShipment { payer: ret.reason.return_shipping_payer() };
    match (ret.state, event) {
        (S::Requested, E::SellerAccepts | E::ResponseDeadlinePassed) => to(S::Accepted, &[ship_back]),
        (S::Requested, E::SellerRejects) => to(S::Rejected, &[]),
        (S::Requested, E::SellerOffersPartial { amount_minor }) => {
            if amount_minor <= 0 || amount_minor >= ret.paid_minor {
                return Err(ReturnError::BadPartialRefund);
            }
            to(S::Offered, &[])
        }
        (S::Offered, E::ShopperAcceptsOffer) => match ret.offered_minor {
            Some(amount_minor) if amount_minor > 0 && amount_minor < ret.paid_minor => Ok(ReturnTransition {
                to: S::PartiallyRefunded,
                effects: counted(vec![RefundPartially { amount_minor }]),
            }),
            _ => Err(ReturnError::BadPartialRefund),
        },
        // Declined: the seller answers again, accept or reject, under the same deadline.
        (S::Offered, E::ShopperDeclinesOffer) => to(S::Requested, &[]),
        (S::Requested | S::Offered | S::Accepted, E::Withdraw { by: Party::Shopper }) => {
            to(S::Withdrawn, &[])
        }
        (S::Requested | S::Offered | S::Accepted, E::Withdraw { .. }) => {
            Err(ReturnError::OnlyTheShopperWithdraws)
        }
        (S::InTransit, E::Withdraw { .. }) => Err(ReturnError::AlreadyShipped),
        (S::Accepted, E::ReturnShipped) => to(S::InTransit, &[]),
        // A delivery scan without a pickup scan still means the parcel is back.
        (S::Accepted | S::InTransit, E::ReturnDelivered | E::ReturnLost) => {
            Ok(ReturnTransition { to: S::Refunded, effects: counted(vec![RefundInFull]) })
        }
        (state, _) => Err(ReturnError::NotAllowed(state.as_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAID: i64 = 60_00;
    const DELIVERED: i64 = 1_800_000_000_000;

    fn request(state: ReturnState, reason: ReturnReason) -> Return {
        Return {
            state,
            reason,
            paid_minor: PAID,
            offered_minor: (state == ReturnState::Offered).then_some(20_00),
        }
    }

    fn events() -> Vec<ReturnEvent> {
        vec![
            ReturnEvent::SellerAccepts,
            ReturnEvent::SellerRejects,
            ReturnEvent::SellerOffersPartial { amount_minor: 20_00 },
            ReturnEvent::ShopperAcceptsOffer,
            ReturnEvent::ShopperDeclinesOffer,
            ReturnEvent::ResponseDeadlinePassed,
            ReturnEvent::ReturnShipped,
            ReturnEvent::ReturnDelivered,
            ReturnEvent::ReturnLost,
            ReturnEvent::Withdraw { by: Party::Shopper },
            ReturnEvent::Withdraw { by: Party::Seller },
        ]
    }

    /// Every state × event, decided in one table: a change of behaviour shows up here in review.
    #[test]
    fn every_state_and_event_is_decided_as_the_table_says() {
        let mut allowed = Vec::new();
        for state in ReturnState::ALL {
            for event in events() {
                if let Ok(t) = transition(&request(state, ReturnReason::Damaged), event) {
                    assert!(!state.is_final(), "a {} return moved on {event:?}", state.as_str());
                    allowed.push(format!("{} + {event:?} -> {}", state.as_str(), t.to.as_str()));
                }
            }
        }
        assert_eq!(
            allowed,
            [
                "requested + SellerAccepts -> accepted",
                "requested + SellerRejects -> rejected",
                "requested + SellerOffersPartial { amount_minor: 2000 } -> offered",
                "requested + ResponseDeadlinePassed -> accepted",
                "requested + Withdraw { by: Shopper } -> withdrawn",
                "offered + ShopperAcceptsOffer -> partially_refunded",
                "offered + ShopperDeclinesOffer -> requested",
                "offered + Withdraw { by: Shopper } -> withdrawn",
                "accepted + ReturnShipped -> in_transit",
                "accepted + ReturnDelivered -> refunded",
                "accepted + ReturnLost -> refunded",
                "accepted + Withdraw { by: Shopper } -> withdrawn",
                "in_transit + ReturnDelivered -> refunded",
                "in_transit + ReturnLost -> refunded",
            ]
        );
    }

    #[test]
    fn silence_accepts_and_the_return_shipping_follows_the_reason() {
        let damaged = transition(
            &request(ReturnState::Requested, ReturnReason::Damaged),
            ReturnEvent::ResponseDeadlinePassed,
        );
        assert_eq!(
            damaged.expect("accepted").effects,
            vec![ReturnEffect::CreateReturnShipment { payer: Party::Seller }]
        );
        let changed_mind = transition(
            &request(ReturnState::Requested, ReturnReason::ChangedMind),
            ReturnEvent::SellerAccepts,
        );
        assert_eq!(
            changed_mind.expect("accepted").effects,
            vec![ReturnEffect::CreateReturnShipment { payer: Party::Shopper }]
        );
    }

    #[test]
    fn the_refund_moves_when_the_parcel_is_back_and_counts_only_the_sellers_faults() {
        let back = transition(
            &request(ReturnState::InTransit, ReturnReason::WrongItem),
            ReturnEvent::ReturnDelivered,
        );
        assert_eq!(
            back.expect("refunded").effects,
            vec![ReturnEffect::RefundInFull, ReturnEffect::CountAgainstListing]
        );
        let mind = transition(
            &request(ReturnState::InTransit, ReturnReason::ChangedMind),
            ReturnEvent::ReturnDelivered,
        );
        assert_eq!(mind.expect("refunded").effects, vec![ReturnEffect::RefundInFull]);
    }

    #[test]
    fn a_partial_refund_leaves_something_on_each_side() {
        let requested = request(ReturnState::Requested, ReturnReason::NotAsDescribed);
        for amount_minor in [0, -5, PAID, PAID + 1] {
            assert_eq!(
                transition(&requested, ReturnEvent::SellerOffersPartial { amount_minor }),
                Err(ReturnError::BadPartialRefund),
                "{amount_minor}"
            );
        }
        let kept = transition(
            &request(ReturnState::Offered, ReturnReason::NotAsDescribed),
            ReturnEvent::ShopperAcceptsOffer,
        );
        assert_eq!(
            kept.expect("kept").effects,
            vec![ReturnEffect::RefundPartially { amount_minor: 20_00 }, ReturnEffect::CountAgainstListing]
        );
    }

    #[test]
    fn returns_open_after_delivery_within_the_shops_window() {
        let rules = ReturnRules::default();
        assert_eq!(
            rules.can_request(OrderState::Shipped, None, 30, DELIVERED),
            Err(ReturnError::NotDeliveredYet)
        );
        assert_eq!(
            rules.can_request(OrderState::Cancelled, None, 30, DELIVERED),
            Err(ReturnError::OrderCancelled)
        );
        assert_eq!(
            rules.can_request(OrderState::Delivered, Some(DELIVERED), 0, DELIVERED),
            Err(ReturnError::NoReturns)
        );
        assert!(
            rules.can_request(OrderState::Completed, Some(DELIVERED), 30, DELIVERED + 30 * DAY_MS).is_ok()
        );
        assert_eq!(
            rules.can_request(OrderState::Completed, Some(DELIVERED), 30, DELIVERED + 30 * DAY_MS + 1),
            Err(ReturnError::WindowClosed { closed_at_ms: DELIVERED + 30 * DAY_MS })
        );
        assert_eq!(rules.response_due_at_ms(DELIVERED), DELIVERED + 5 * DAY_MS);
    }

    #[test]
    fn names_round_trip() {
        for state in ReturnState::ALL {
            assert_eq!(ReturnState::parse(state.as_str()), Some(state));
        }
        for reason in ReturnReason::ALL {
            assert_eq!(ReturnReason::parse(reason.as_str()), Some(reason));
        }
    }
}
