//! Disputes and their arbitration: when one may be opened, the deadlines both sides work to, and one
//! `match (state, event)` that decides every move and what it does to the money.
//!
//! ```text
//! open ─▶ negotiation ─┬─ both sides agree ───────────────────────────────▶ resolved (the agreed outcome)
//!                      ├─ shopper withdraws ──────────────────────────────▶ withdrawn (release resumes)
//!                      ├─ either side escalates (from day 3) ─┐
//!                      └─ the negotiation period ends ────────┴─▶ arbitration ─┬─ operator decides ─▶ resolved
//!                                                                              ├─ evidence deadline passes with
//!                                                                              │  one side silent ─▶ resolved
//!                                                                              │  (that side loses by default)
//!                                                                              └─ shopper withdraws ─▶ withdrawn
//! ```
//!
//! Opening a dispute pauses the order's auto-release ([`crate::order::ReleaseTimer::pause`]); the outcome moves
//! the money once: from escrow while the order still holds it, else from the seller's available balance (which
//! may go negative and then blocks payouts). Every rule is a number in [`DisputeRules`] and every deadline is a
//! time computed from when things happened, so the server's injected clock drives them all.

use serde::{Deserialize, Serialize};

use crate::order::{DAY_MS, OrderState, Party};

/// Why the shopper opened the dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisputeReason {
    NotReceived,
    NotAsDescribed,
    Counterfeit,
    Damaged,
}

impl DisputeReason {
    pub const ALL: [DisputeReason; 4] =
        [Self::NotReceived, Self::NotAsDescribed, Self::Counterfeit, Self::Damaged];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotReceived => "not_received",
            Self::NotAsDescribed => "not_as_described",
            Self::Counterfeit => "counterfeit",
            Self::Damaged => "damaged",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.as_str() == text)
    }
}

/// Where a dispute is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisputeState {
    /// The two sides talk and submit statements and evidence; either may escalate from day
    /// [`DisputeRules::escalate_after_days`].
    Negotiation,
    /// With the platform: both sides' evidence is due by the evidence deadline, then an operator decides.
    Arbitration,
    /// Decided (by agreement, by an operator, or by default); the money has moved.
    Resolved,
    /// The shopper took it back; the order goes on as if it had not been opened.
    Withdrawn,
}

impl DisputeState {
    pub const ALL: [DisputeState; 4] =
        [Self::Negotiation, Self::Arbitration, Self::Resolved, Self::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Negotiation => "negotiation",
            Self::Arbitration => "arbitration",
            Self::Resolved => "resolved",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == text)
    }

    /// Whether the dispute still holds the order's money (and its review out of the reputation).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Negotiation | Self::Arbitration)
    }
}

/// How a dispute ends for the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The seller keeps (or gets) the money.
    ReleaseToSeller,
    /// Everything the shopper paid goes back.
    FullRefund,
    /// Part goes back (e.g. keep the item at a discount), in the order's currency's minor units; the rest is the
    /// seller's. Must be more than zero and less than what was paid.
    PartialRefund { amount_minor: i64 },
}

impl Outcome {
    /// Whether the seller lost: the order counts as a defect on their record.
    pub fn against_seller(self) -> bool {
        !matches!(self, Self::ReleaseToSeller)
    }
}

/// Something that happens to a dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisputeEvent {
    /// A statement or evidence from one side (the tracking timeline is attached by the platform when opened).
    Submission { by: Party, at_ms: i64 },
    /// One side asks the platform to decide.
    Escalate { by: Party, at_ms: i64 },
    /// The negotiation period ran out without agreement.
    NegotiationEnded,
    /// Both sides agreed in negotiation (the seller offered, the shopper accepted).
    Agreed { outcome: Outcome },
    /// The shopper takes the dispute back.
    Withdraw { by: Party },
    /// The evidence deadline in arbitration passed; says who had submitted nothing by then.
    EvidenceDeadlinePassed { shopper_silent: bool, seller_silent: bool },
    /// An operator decides, with a written reason (kept by the server).
    Decide { outcome: Outcome },
}

/// What a move does besides changing the state; the server carries these out in the same transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisputeEffect {
    /// The order's auto-release timer continues with the time it had left (the dispute was withdrawn).
    ResumeRelease,
    /// Settle the money as the outcome says, once and at once: a release pays the seller from escrow now; a
    /// refund comes from escrow if the order still holds the money, else from the seller's available balance.
    Settle(Outcome),
    /// The seller lost: count the order as a defect.
    CountDefect,
    /// Start the evidence deadline of arbitration.
    StartEvidenceDeadline,
    /// A side lost by default: record which, so the decision states it.
    LostByDefault(Party),
}

/// The outcome of an allowed move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeTransition {
    pub to: DisputeState,
    pub effects: Vec<DisputeEffect>,
}

/// Why a move is not allowed, in words the shopper, seller or operator can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DisputeError {
    #[error("a dispute can be opened once the order has shipped")]
    NotShippedYet,
    #[error("the order was cancelled and refunded; there is nothing to dispute")]
    OrderCancelled,
    #[error("the time to open a dispute on this order has passed")]
    WindowClosed { closed_at_ms: i64 },
    #[error("escalation opens {opens_at_ms}: give the other side a few days to answer first")]
    TooEarlyToEscalate { opens_at_ms: i64 },
    #[error("only the shopper who opened the dispute can withdraw it")]
    OnlyTheShopperWithdraws,
    #[error("the platform takes part through arbitration, not as a side")]
    NotASide,
    #[error("a partial refund must be more than nothing and less than what was paid")]
    BadPartialRefund,
    #[error("the deadline for this submission has passed")]
    SubmissionTooLate,
    #[error("a dispute that is {0} cannot take that action")]
    NotAllowed(&'static str),
}

/// The dispute windows and deadlines, in days. Configuration (`[disputes]`), documented in one place: here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisputeRules {
    /// A dispute may be opened from shipment until this many days after the order completed.
    pub open_until_days_after_completion: u32,
    /// How long the two sides negotiate before the platform steps in on its own.
    pub negotiation_days: u32,
    /// Either side may escalate to arbitration from this many days after opening.
    pub escalate_after_days: u32,
    /// In arbitration, each side's evidence is due this many days after escalation.
    pub evidence_days: u32,
}

impl Default for DisputeRules {
    fn default() -> Self {
        Self {
            open_until_days_after_completion: 15,
            negotiation_days: 15,
            escalate_after_days: 3,
            evidence_days: 5,
        }
    }
}

/// The times a dispute works to, all computed from when it was opened and (once there) escalated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputeDeadlines {
    /// From this time either side may escalate.
    pub escalation_opens_at_ms: i64,
    /// Negotiation ends here and arbitration starts by itself.
    pub negotiation_ends_at_ms: i64,
    /// In arbitration: each side's evidence is due by then (None before arbitration).
    pub evidence_due_at_ms: Option<i64>,
}

impl DisputeRules {
    /// Whether a dispute may be opened on an order now. `completed_at_ms` is when its money was released.
    pub fn can_open(
        &self,
        order: OrderState,
        completed_at_ms: Option<i64>,
        now_ms: i64,
    ) -> Result<(), DisputeError> {
        match order {
            OrderState::PendingPayment | OrderState::PaymentFailed | OrderState::Paid => {
                Err(DisputeError::NotShippedYet)
            }
            OrderState::Cancelled => Err(DisputeError::OrderCancelled),
            OrderState::Shipped | OrderState::Delivered => Ok(()),
            OrderState::Completed => {
                // A completed order without a completion time is treated as closed long ago: never reopened.
                let closed_at_ms = completed_at_ms.unwrap_or(i64::MIN / 2)
                    + i64::from(self.open_until_days_after_completion) * DAY_MS;
                if now_ms <= closed_at_ms { Ok(()) } else { Err(DisputeError::WindowClosed { closed_at_ms }) }
            }
        }
    }

    /// The deadlines of a dispute opened at `opened_at_ms`, escalated (or moved to arbitration) at
    /// `arbitration_at_ms`.
    pub fn deadlines(&self, opened_at_ms: i64, arbitration_at_ms: Option<i64>) -> DisputeDeadlines {
        DisputeDeadlines {
            escalation_opens_at_ms: opened_at_ms + i64::from(self.escalate_after_days) * DAY_MS,
            negotiation_ends_at_ms: opened_at_ms + i64::from(self.negotiation_days) * DAY_MS,
            evidence_due_at_ms: arbitration_at_ms.map(|at| at + i64::from(self.evidence_days) * DAY_MS),
        }
    }
}

/// One dispute as the state machine needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dispute {
    pub state: DisputeState,
    pub opened_at_ms: i64,
    /// When it went to arbitration (by escalation or by the negotiation running out).
    pub arbitration_at_ms: Option<i64>,
    /// What the shopper paid for the order, in minor units: the most any refund may be.
    pub paid_minor: i64,
}

/// The one place that decides how disputes move.
pub fn transition(
    dispute: &Dispute,
    event: DisputeEvent,
    rules: &DisputeRules,
) -> Result<DisputeTransition, DisputeError> {
    use DisputeEffect::*;
    use DisputeEvent as E;
    use DisputeState as S;
    let to =
        |to: DisputeState, effects: &[DisputeEffect]| Ok(DisputeTransition { to, effects: effects.to_vec() });
    let settle = |to_state: DisputeState, outcome: Outcome, extra: &[DisputeEffect]| {
        check_outcome(outcome, dispute.paid_minor)?;
        let mut effects = extra.to_vec();
        effects.push(Settle(outcome));
        if outcome.against_seller() {
            effects.push(CountDefect);
        }
        Ok(DisputeTransition { to: to_state, effects })
    };
    let deadlines = rules.deadlines(dispute.opened_at_ms, dispute.arbitration_at_ms);
    match (dispute.state, event) {
        (
            S::Negotiation | S::Arbitration,
            E::Submission { by: Party::Platform, .. } | E::Escalate { by: Party::Platform, .. },
        ) => Err(DisputeError::NotASide),
        (S::Negotiation, E::Submission { .. }) => to(S::Negotiation, &[]),
        (S::Arbitration, E::Submission { at_ms, .. }) => match deadlines.evidence_due_at_ms {
            Some(due) if at_ms > due => Err(DisputeError::SubmissionTooLate),
            _ => to(S::Arbitration, &[]),
        },
        (S::Negotiation, E::Escalate { at_ms, .. }) if at_ms < deadlines.escalation_opens_at_ms => {
            Err(DisputeError::TooEarlyToEscalate { opens_at_ms: deadlines.escalation_opens_at_ms })
        }
        (S::Negotiation, E::Escalate { .. } | E::NegotiationEnded) => {
            to(S::Arbitration, &[StartEvidenceDeadline])
        }
        (S::Negotiation, E::Agreed { outcome }) => settle(S::Resolved, outcome, &[]),
        (S::Negotiation | S::Arbitration, E::Withdraw { by: Party::Shopper }) => {
            to(S::Withdrawn, &[ResumeRelease])
        }
        (S::Negotiation | S::Arbitration, E::Withdraw { .. }) => Err(DisputeError::OnlyTheShopperWithdraws),
        // One side silent: it loses by default. Both silent, or both heard: the operator decides.
        (S::Arbitration, E::EvidenceDeadlinePassed { shopper_silent: true, seller_silent: false }) => {
            settle(S::Resolved, Outcome::ReleaseToSeller, &[LostByDefault(Party::Shopper)])
        }
        (S::Arbitration, E::EvidenceDeadlinePassed { shopper_silent: false, seller_silent: true }) => {
            settle(S::Resolved, Outcome::FullRefund, &[LostByDefault(Party::Seller)])
        }
        (S::Arbitration, E::EvidenceDeadlinePassed { .. }) => to(S::Arbitration, &[]),
        (S::Arbitration, E::Decide { outcome }) => settle(S::Resolved, outcome, &[]),
        (state, _) => Err(DisputeError::NotAllowed(state.as_str())),
    }
}

fn check_outcome(outcome: Outcome, paid_minor: i64) -> Result<(), DisputeError> {
    match outcome {
        Outcome::PartialRefund { amount_minor } if amount_minor <= 0 || amount_minor >= paid_minor => {
            Err(DisputeError::BadPartialRefund)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPENED: i64 = 1_800_000_000_000;
    const PAID: i64 = 45_00;

    fn dispute(state: DisputeState) -> Dispute {
        let arbitration_at_ms = (state != DisputeState::Negotiation).then_some(OPENED + 4 * DAY_MS);
        Dispute { state, opened_at_ms: OPENED, arbitration_at_ms, paid_minor: PAID }
    }

    fn events() -> Vec<DisputeEvent> {
        let later = OPENED + 5 * DAY_MS;
        let mut events = Vec::new();
        for by in [Party::Shopper, Party::Seller, Party::Platform] {
            events.push(DisputeEvent::Submission { by, at_ms: later });
            events.push(DisputeEvent::Escalate { by, at_ms: later });
            events.push(DisputeEvent::Withdraw { by });
        }
        for outcome in
            [Outcome::ReleaseToSeller, Outcome::FullRefund, Outcome::PartialRefund { amount_minor: 10_00 }]
        {
            events.push(DisputeEvent::Agreed { outcome });
            events.push(DisputeEvent::Decide { outcome });
        }
        events.push(DisputeEvent::NegotiationEnded);
        for (shopper_silent, seller_silent) in [(true, true), (true, false), (false, true), (false, false)] {
            events.push(DisputeEvent::EvidenceDeadlinePassed { shopper_silent, seller_silent });
        }
        events
    }

    fn name(result: &Result<DisputeTransition, DisputeError>) -> String {
        match result {
            Ok(t) => format!("-> {} {:?}", t.to.as_str(), t.effects),
            Err(e) => format!("refused: {e}"),
        }
    }

    /// Every state × event, decided in one table: a change of behaviour shows up here in review.
    #[test]
    fn every_state_and_event_is_decided_as_the_table_says() {
        let rules = DisputeRules::default();
        let mut table = String::new();
        for state in DisputeState::ALL {
            for event in events() {
                let result = transition(&dispute(state), event, &rules);
                if let Ok(t) = &result {
                    assert!(state.is_open(), "a {} dispute moved on {event:?}: {t:?}", state.as_str());
                }
                table.push_str(&format!("{} + {event:?} {}\n", state.as_str(), name(&result)));
            }
        }
        let allowed = table.lines().filter(|line| line.contains(" -> ")).count();
        // Negotiation: 2 submissions, 2 escalations, 1 withdrawal, 3 agreements, the period's end.
        // Arbitration: 2 submissions, 1 withdrawal, 3 decisions, 4 evidence deadlines.
        assert_eq!(allowed, 9 + 10, "{table}");
        for state in [DisputeState::Resolved, DisputeState::Withdrawn] {
            assert!(
                table.lines().filter(|l| l.starts_with(state.as_str())).all(|l| l.contains("refused")),
                "{table}"
            );
        }
    }

    #[test]
    fn escalation_opens_on_day_three_and_the_negotiation_ends_by_itself() {
        let rules = DisputeRules::default();
        let early = DisputeEvent::Escalate { by: Party::Shopper, at_ms: OPENED + 2 * DAY_MS };
        assert_eq!(
            transition(&dispute(DisputeState::Negotiation), early, &rules),
            Err(DisputeError::TooEarlyToEscalate { opens_at_ms: OPENED + 3 * DAY_MS })
        );
        let on_time = DisputeEvent::Escalate { by: Party::Seller, at_ms: OPENED + 3 * DAY_MS };
        let escalated = transition(&dispute(DisputeState::Negotiation), on_time, &rules).expect("escalates");
        assert_eq!(escalated.to, DisputeState::Arbitration);
        assert_eq!(escalated.effects, vec![DisputeEffect::StartEvidenceDeadline]);
        let ended = transition(&dispute(DisputeState::Negotiation), DisputeEvent::NegotiationEnded, &rules);
        assert_eq!(ended.expect("moves").to, DisputeState::Arbitration);
        let deadlines = rules.deadlines(OPENED, Some(OPENED + 15 * DAY_MS));
        assert_eq!(deadlines.negotiation_ends_at_ms, OPENED + 15 * DAY_MS);
        assert_eq!(deadlines.evidence_due_at_ms, Some(OPENED + 20 * DAY_MS));
    }

    #[test]
    fn a_silent_side_loses_by_default_and_the_reason_is_recorded() {
        let rules = DisputeRules::default();
        let arbitration = dispute(DisputeState::Arbitration);
        let seller_silent =
            DisputeEvent::EvidenceDeadlinePassed { shopper_silent: false, seller_silent: true };
        let refunded = transition(&arbitration, seller_silent, &rules).expect("decided");
        assert_eq!(refunded.to, DisputeState::Resolved);
        assert_eq!(
            refunded.effects,
            vec![
                DisputeEffect::LostByDefault(Party::Seller),
                DisputeEffect::Settle(Outcome::FullRefund),
                DisputeEffect::CountDefect
            ]
        );
        let shopper_silent =
            DisputeEvent::EvidenceDeadlinePassed { shopper_silent: true, seller_silent: false };
        let released = transition(&arbitration, shopper_silent, &rules).expect("decided");
        assert_eq!(
            released.effects,
            vec![
                DisputeEffect::LostByDefault(Party::Shopper),
                DisputeEffect::Settle(Outcome::ReleaseToSeller)
            ]
        );
        // Both heard, or both silent: still the operator's to decide.
        for (a, b) in [(false, false), (true, true)] {
            let waiting = DisputeEvent::EvidenceDeadlinePassed { shopper_silent: a, seller_silent: b };
            assert_eq!(
                transition(&arbitration, waiting, &rules).expect("stays").to,
                DisputeState::Arbitration
            );
        }
    }

    #[test]
    fn a_partial_refund_must_leave_something_on_each_side() {
        let rules = DisputeRules::default();
        let arbitration = dispute(DisputeState::Arbitration);
        for amount_minor in [0, -1, PAID, PAID + 1] {
            let decide = DisputeEvent::Decide { outcome: Outcome::PartialRefund { amount_minor } };
            assert_eq!(
                transition(&arbitration, decide, &rules),
                Err(DisputeError::BadPartialRefund),
                "{amount_minor}"
            );
        }
        let fair = DisputeEvent::Decide { outcome: Outcome::PartialRefund { amount_minor: PAID - 1 } };
        assert!(transition(&arbitration, fair, &rules).is_ok());
    }

    #[test]
    fn evidence_after_its_deadline_is_refused() {
        let rules = DisputeRules::default();
        let arbitration = dispute(DisputeState::Arbitration);
        let due = rules.deadlines(OPENED, arbitration.arbitration_at_ms).evidence_due_at_ms.expect("due");
        let late = DisputeEvent::Submission { by: Party::Seller, at_ms: due + 1 };
        assert_eq!(transition(&arbitration, late, &rules), Err(DisputeError::SubmissionTooLate));
        let in_time = DisputeEvent::Submission { by: Party::Seller, at_ms: due };
        assert!(transition(&arbitration, in_time, &rules).is_ok());
    }

    #[test]
    fn disputes_open_from_shipment_until_fifteen_days_after_completion() {
        let rules = DisputeRules::default();
        let completed = OPENED;
        for state in [OrderState::PendingPayment, OrderState::PaymentFailed, OrderState::Paid] {
            assert_eq!(rules.can_open(state, None, OPENED), Err(DisputeError::NotShippedYet), "{state:?}");
        }
        assert_eq!(rules.can_open(OrderState::Cancelled, None, OPENED), Err(DisputeError::OrderCancelled));
        assert!(rules.can_open(OrderState::Shipped, None, OPENED).is_ok());
        assert!(rules.can_open(OrderState::Delivered, None, OPENED).is_ok());
        assert!(rules.can_open(OrderState::Completed, Some(completed), completed + 15 * DAY_MS).is_ok());
        assert_eq!(
            rules.can_open(OrderState::Completed, Some(completed), completed + 15 * DAY_MS + 1),
            Err(DisputeError::WindowClosed { closed_at_ms: completed + 15 * DAY_MS })
        );
        assert!(rules.can_open(OrderState::Completed, None, OPENED).is_err(), "no completion time: closed");
    }

    #[test]
    fn names_round_trip() {
        for state in DisputeState::ALL {
            assert_eq!(DisputeState::parse(state.as_str()), Some(state));
        }
        for reason in DisputeReason::ALL {
            assert_eq!(DisputeReason::parse(reason.as_str()), Some(reason));
        }
    }
}
