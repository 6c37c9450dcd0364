//! Settling payments and moving escrow: the only code that writes to the ledger.
//!
//! Every function here is safe to call twice and after a crash: state changes are compare-and-set, ledger
//! transactions carry a dedupe key, and the provider is idempotent on our references. So the checkout, the
//! challenge callback and the recovery job can all drive the same payment without double effects.

use std::sync::Arc;

use anyhow::Context;
use shared::ids::{OrderId, SellerId};
use shared::ledger::Transaction;
use shared::money::{Currency, Money};
use shared::order::{Effect, OrderEvent, OrderState, ReleaseTimer, transition};
use sqlx::AnyConnection;

use crate::clock::SharedClock;
use crate::db::Database;
use crate::db::orders::{
    self as store, NewEntry, OrderRow, PaymentRow, PaymentUpdate, StateChange, TransactionSource,
};
use crate::ids::fresh;
use crate::payments::{CardInfo, Charge, ChargeStatus, Decline, PaymentProvider, ProviderError};

/// How long a payment may stay without a definite answer before the recovery job settles it, and how long a
/// shopper has for the bank's confirmation step.
#[derive(Debug, Clone, Copy)]
pub struct SettlementTimes {
    pub unsettled_after_ms: i64,
    pub challenge_expires_after_ms: i64,
}

/// Payments, escrow and the ledger, over one database and one provider.
/// An order move made inside a caller's transaction, with what is left to do once it commits.
#[derive(Debug)]
#[must_use = "a recorded refund is sent by Settlement::after_order_moved"]
pub struct OrderMoved {
    pub to: OrderState,
    refund: Option<ProviderRefund>,
}

/// A refund the ledger recorded (in the provider-refund outbox) and the card network has yet to hear of.
#[derive(Debug)]
struct ProviderRefund {
    order_id: String,
    payment_id: String,
    amount: Money,
}

#[derive(Clone)]
pub struct Settlement {
    pub db: Database,
    pub provider: Arc<dyn PaymentProvider>,
    pub clock: SharedClock,
    pub auto_release_days: u32,
    pub times: SettlementTimes,
}

/// What our side learned about a payment.
enum Outcome<'a> {
    Captured(&'a Charge),
    Challenge(&'a Charge),
    Declined { decline: Decline, charge: Option<&'a Charge> },
}

impl Settlement {
    /// Drives one payment to a definite state where the provider allows: authorize (unless already known),
    /// capture, record. A lost answer is looked up; if still unknown the payment stays `pending` for recovery.
    pub async fn pay(&self, payment: &PaymentRow, token: &str) -> anyhow::Result<()> {
        let amount = money(payment.amount_minor, &payment.currency)?;
        let charge = match self.provider.authorize(&payment.id, token, amount).await {
            Ok(charge) => Some(charge),
            Err(error) => self.lookup_after(&payment.id, &error).await,
        };
        match charge {
            Some(charge) => self.apply_charge(&payment.id, charge).await,
            None => Ok(()),
        }
    }

    /// Finishes a payment whose answer never arrived (a crash, a timeout): asks the provider what happened.
    /// Nothing at the provider means nothing was charged: the orders fail and their stock goes back.
    pub async fn resolve(&self, payment: &PaymentRow) -> anyhow::Result<()> {
        match self.provider.lookup(&payment.id).await {
            Ok(Some(charge)) => {
                let expired = payment.state == "requires_challenge"
                    && charge.status == ChargeStatus::RequiresChallenge
                    && self.clock.now_ms() - payment.created_at_ms > self.times.challenge_expires_after_ms;
                if expired {
                    let outcome =
                        Outcome::Declined { decline: Decline::ChallengeFailed, charge: Some(&charge) };
                    return self.record(&payment.id, outcome).await;
                }
                self.apply_charge(&payment.id, charge).await
            }
            Ok(None) => {
                let outcome = Outcome::Declined { decline: Decline::CardDeclined, charge: None };
                self.record_with_message(
                    &payment.id,
                    outcome,
                    "payment_not_completed",
                    "The payment did not go through. Nothing was charged.",
                )
                .await
            }
            Err(error) => {
                tracing::warn!(payment = %payment.id, %error, "provider lookup failed; will retry");
                Ok(())
            }
        }
    }

    /// Applies a charge as the provider reports it: captures an authorization, records the rest.
    pub async fn apply_charge(&self, payment_id: &str, charge: Charge) -> anyhow::Result<()> {
        match &charge.status {
            ChargeStatus::Authorized => match self.provider.capture(&charge.provider_payment_id).await {
                Ok(()) => self.record(payment_id, Outcome::Captured(&charge)).await,
                Err(error) => match self.lookup_after(payment_id, &error).await {
                    Some(found) if found.status == ChargeStatus::Captured => {
                        self.record(payment_id, Outcome::Captured(&found)).await
                    }
                    // Still only authorized (or unknown): recovery captures it later.
                    _ => Ok(()),
                },
            },
            ChargeStatus::Captured => self.record(payment_id, Outcome::Captured(&charge)).await,
            ChargeStatus::RequiresChallenge => self.record(payment_id, Outcome::Challenge(&charge)).await,
            ChargeStatus::Declined(decline) => {
                self.record(payment_id, Outcome::Declined { decline: *decline, charge: Some(&charge) }).await
            }
        }
    }

    async fn lookup_after(&self, payment_id: &str, error: &ProviderError) -> Option<Charge> {
        tracing::warn!(payment = %payment_id, %error, "payment provider gave no answer; looking the charge up");
        match self.provider.lookup(payment_id).await {
            Ok(found) => found,
            Err(error) => {
                tracing::warn!(payment = %payment_id, %error, "lookup failed too; recovery will finish it");
                None
            }
        }
    }

    async fn record(&self, payment_id: &str, outcome: Outcome<'_>) -> anyhow::Result<()> {
        let (code, message) = match &outcome {
            Outcome::Declined { decline, .. } => (decline.code(), decline.message()),
            _ => ("", ""),
        };
        self.record_with_message(payment_id, outcome, code, message).await
    }

    /// Records the outcome and its effects on the orders, stock and ledger in one transaction.
    async fn record_with_message(
        &self,
        payment_id: &str,
        outcome: Outcome<'_>,
        failure_code: &str,
        failure_message: &str,
    ) -> anyhow::Result<()> {
        let now = self.clock.now_ms();
        let mut tx = self.db.begin_write().await.context("opening the settlement transaction")?;
        let card = |charge: Option<&Charge>| {
            charge.map(|c| c.card.clone()).unwrap_or(CardInfo { brand: String::new(), last4: String::new() })
        };
        match outcome {
            Outcome::Challenge(charge) => {
                let update = PaymentUpdate {
                    provider_payment_id: Some(&charge.provider_payment_id),
                    card_brand: Some(&charge.card.brand),
                    card_last4: Some(&charge.card.last4),
                    ..PaymentUpdate::default()
                };
                store::change_payment(&mut tx, payment_id, &["pending"], "requires_challenge", &update, now)
                    .await?;
            }
            Outcome::Captured(charge) => {
                let update = PaymentUpdate {
                    provider_payment_id: Some(&charge.provider_payment_id),
                    card_brand: Some(&charge.card.brand),
                    card_last4: Some(&charge.card.last4),
                    ..PaymentUpdate::default()
                };
                let moved = store::change_payment(
                    &mut tx,
                    payment_id,
                    &["pending", "requires_challenge"],
                    "succeeded",
                    &update,
                    now,
                )
                .await?;
                if !moved {
                    let settled = store::payment_state_in(&mut tx, payment_id).await?;
                    drop(tx);
                    if settled.as_deref() == Some("failed") {
                        // We had given up on this payment (and released its stock) before the charge surfaced:
                        // give the money back rather than keep it for orders that no longer exist.
                        self.refund_orphan_charge(payment_id, charge).await;
                    }
                    return Ok(());
                }
                let orders = store::orders_of_payment_in(&mut tx, payment_id).await?;
                let mut held = Vec::with_capacity(orders.len());
                for order in &orders {
                    let step = transition(OrderState::PendingPayment, OrderEvent::PaymentSucceeded, false)?;
                    let change = StateChange { paid_at_ms: Some(now), ..StateChange::default() };
                    if store::change_state(
                        &mut tx,
                        &order.id,
                        "pending_payment",
                        step.to.as_str(),
                        &change,
                        now,
                    )
                    .await?
                    {
                        held.push((order_id(order)?, money(order.total_minor, &order.currency)?));
                    }
                }
                if !held.is_empty() {
                    let capture = Transaction::capture(&held)?;
                    let source =
                        TransactionSource { payment_id: Some(payment_id), ..TransactionSource::default() };
                    post(&mut tx, &capture, &format!("capture:{payment_id}"), &source, now).await?;
                }
            }
            Outcome::Declined { decline: _, charge } => {
                let card = card(charge);
                let update = PaymentUpdate {
                    provider_payment_id: charge.map(|c| c.provider_payment_id.as_str()),
                    card_brand: (!card.brand.is_empty()).then_some(card.brand.as_str()),
                    card_last4: (!card.last4.is_empty()).then_some(card.last4.as_str()),
                    failure_code: Some(failure_code),
                    failure_message: Some(failure_message),
                };
                let moved = store::change_payment(
                    &mut tx,
                    payment_id,
                    &["pending", "requires_challenge"],
                    "failed",
                    &update,
                    now,
                )
                .await?;
                if moved {
                    for order in store::orders_of_payment_in(&mut tx, payment_id).await? {
                        fail_unpaid_order(&mut tx, &order, now).await?;
                    }
                }
            }
        }
        tx.commit().await.context("committing the settlement")?;
        Ok(())
    }

    async fn refund_orphan_charge(&self, payment_id: &str, charge: &Charge) {
        let Ok(Some(payment)) = store::payment_by_id(self.db.pool(), payment_id).await else { return };
        let Ok(amount) = money(payment.amount_minor, &payment.currency) else { return };
        let reference = format!("orphan:{payment_id}");
        if let Err(error) = self.provider.refund(&charge.provider_payment_id, &reference, amount).await {
            tracing::error!(payment = %payment_id, %error, "could not refund a charge that surfaced after its payment failed");
        } else {
            tracing::warn!(payment = %payment_id, "refunded a charge that surfaced after its payment had failed");
        }
    }

    /// Moves an order through `event` and carries out the effects (refund, release, stock) in one transaction.
    /// Returns the state reached; Err(TransitionError) when the move is not allowed from where the order is.
    pub async fn move_order(
        &self,
        order: &OrderRow,
        event: OrderEvent,
        change: StateChange<'_>,
    ) -> anyhow::Result<Result<OrderState, shared::order::TransitionError>> {
        let mut tx = self.db.begin_write().await.context("opening the order transaction")?;
        let moved = match self.move_order_in(&mut tx, order, event, change).await? {
            Ok(moved) => moved,
            Err(refused) => return Ok(Err(refused)),
        };
        tx.commit().await.context("committing the order change")?;
        self.after_order_moved(&moved).await;
        Ok(Ok(moved.to))
    }

    /// [`Self::move_order`] inside the caller's write transaction, so an order can move together with what moved
    /// it (a parcel's delivery). Nothing is written when the move is refused. The caller commits, then hands the
    /// result to [`Self::after_order_moved`].
    pub async fn move_order_in(
        &self,
        tx: &mut AnyConnection,
        order: &OrderRow,
        event: OrderEvent,
        change: StateChange<'_>,
    ) -> anyhow::Result<Result<OrderMoved, shared::order::TransitionError>> {
        let now = self.clock.now_ms();
        let from = OrderState::parse(&order.state).context("stored order state")?;
        let timer = ReleaseTimer {
            release_at_ms: order.release_at_ms,
            paused_remaining_ms: order.release_paused_remaining_ms,
        };
        let step = match transition(from, event, timer.is_paused()) {
            Ok(step) => step,
            Err(refused) => return Ok(Err(refused)),
        };
        let mut change = change;
        let held = money(order.total_minor, &order.currency)?;
        let id = order_id(order)?;
        let mut refund_after_commit = None;
        for effect in &step.effects {
            match effect {
                Effect::StartReleaseTimer => {
                    let timer = ReleaseTimer::started(now, self.auto_release_days);
                    change.release_at_ms = timer.release_at_ms;
                    change.delivered_at_ms = Some(now);
                }
                Effect::ReleaseToSeller => change.completed_at_ms = Some(now),
                _ => {}
            }
        }
        if !store::change_state(tx, &order.id, from.as_str(), step.to.as_str(), &change, now).await? {
            // Someone else moved it first: nothing happened here.
            return Ok(Err(shared::order::TransitionError::NotAllowed("changing")));
        }
        let source = TransactionSource { order_id: Some(&order.id), ..TransactionSource::default() };
        for effect in &step.effects {
            match effect {
                // An order that cost nothing holds nothing: there is nothing to release or refund.
                Effect::ReleaseToSeller if held.is_zero() => {}
                Effect::ReleaseToSeller => {
                    let seller: SellerId = order.seller_id.parse().ok().context("stored seller id")?;
                    let commission = money(order.commission_minor, &order.currency)?;
                    let release = Transaction::release(id, seller, held, commission)?;
                    post(tx, &release, &format!("release:{}", order.id), &source, now).await?;
                }
                Effect::RefundInFull => {
                    if held.amount_minor > 0 {
                        let refund = Transaction::refund(id, held)?;
                        post(tx, &refund, &format!("refund:{}", order.id), &source, now).await?;
                        store::record_provider_refund(
                            tx,
                            &order.id,
                            &order.payment_id,
                            &order.currency,
                            held.amount_minor,
                            now,
                        )
                        .await?;
                        refund_after_commit = Some(held);
                    }
                }
                Effect::ReleaseStock => {
                    for line in store::order_lines_in(tx, &order.id).await? {
                        store::release_stock(tx, &line.variant_id, line.quantity).await?;
                    }
                }
                Effect::HoldInEscrow | Effect::StartReleaseTimer | Effect::CountSellerCancellation => {}
            }
        }
        let refund = refund_after_commit.map(|amount| ProviderRefund {
            order_id: order.id.clone(),
            payment_id: order.payment_id.clone(),
            amount,
        });
        Ok(Ok(OrderMoved { to: step.to, refund }))
    }

    /// What follows a committed order move: a refund the ledger recorded is sent to the card network.
    pub async fn after_order_moved(&self, moved: &OrderMoved) {
        if let Some(refund) = &moved.refund {
            // Idempotent on the order id, so the recovery job can repeat it if this call fails.
            self.send_refund(&refund.order_id, &refund.payment_id, refund.amount).await;
        }
    }

    /// Asks the provider to refund what the ledger already gave back to the shopper, and records its answer. A
    /// failure leaves the outbox row for [`Settlement::retry_refunds`].
    pub async fn send_refund(&self, order_id: &str, payment_id: &str, amount: Money) {
        let payment = match store::payment_by_id(self.db.pool(), payment_id).await {
            Ok(Some(payment)) => payment,
            other => {
                tracing::error!(order = %order_id, ?other, "refund: payment not found");
                return;
            }
        };
        let Some(provider_payment_id) = payment.provider_payment_id else { return };
        let confirmed =
            match self.provider.refund(&provider_payment_id, &format!("refund:{order_id}"), amount).await {
                Ok(()) => true,
                Err(error) => {
                    tracing::warn!(order = %order_id, %error, "refund not confirmed by the provider yet");
                    false
                }
            };
        let now = self.clock.now_ms();
        if let Err(error) = store::settle_provider_refund(self.db.pool(), order_id, confirmed, now).await {
            tracing::warn!(order = %order_id, %error, "could not record the provider's refund answer");
        }
    }

    /// Sends again every refund recorded before `before_ms` that the provider has not confirmed (a failed call, or
    /// a stop between the ledger and the provider). Returns how many were sent.
    pub async fn retry_refunds(&self, before_ms: i64) -> anyhow::Result<usize> {
        let pending = store::unconfirmed_provider_refunds(self.db.pool(), before_ms, 500).await?;
        for refund in &pending {
            let amount = money(refund.amount_minor, &refund.currency)?;
            self.send_refund(&refund.order_id, &refund.payment_id, amount).await;
        }
        Ok(pending.len())
    }
}

/// An unpaid order fails: its reserved units go back on sale and its lines back into the shopper's cart, so a
/// declined card costs the shopper nothing but choosing another card.
async fn fail_unpaid_order(conn: &mut AnyConnection, order: &OrderRow, now: i64) -> anyhow::Result<()> {
    let step = transition(OrderState::PendingPayment, OrderEvent::PaymentFailed, false)?;
    if store::change_state(conn, &order.id, "pending_payment", step.to.as_str(), &StateChange::default(), now)
        .await?
    {
        let max = i64::from(shared::pricing::MAX_LINE_QUANTITY);
        for line in store::order_lines_in(conn, &order.id).await? {
            store::release_stock(conn, &line.variant_id, line.quantity).await?;
            store::restore_cart_line(conn, &order.shopper_id, &line.variant_id, line.quantity, max, now)
                .await?;
        }
    }
    Ok(())
}

/// Stores a balanced transaction under `dedupe_key`; false when it was already posted.
pub async fn post(
    conn: &mut AnyConnection,
    transaction: &Transaction,
    dedupe_key: &str,
    source: &TransactionSource<'_>,
    now: i64,
) -> anyhow::Result<bool> {
    let entries: Vec<NewEntry> = transaction
        .postings()
        .iter()
        .map(|posting| NewEntry {
            account: posting.account.to_string(),
            currency: posting.amount.currency.code().to_string(),
            amount_minor: posting.amount.amount_minor,
        })
        .collect();
    let id = fresh(shared::ids::LedgerTransactionId::from_parts).to_string();
    Ok(store::post_transaction(conn, &id, transaction.kind().as_str(), dedupe_key, source, &entries, now)
        .await?)
}

pub fn money(amount_minor: i64, currency: &str) -> anyhow::Result<Money> {
    Ok(Money::new(amount_minor, Currency::from_code(currency).context("stored currency")?))
}

pub fn order_id(order: &OrderRow) -> anyhow::Result<OrderId> {
    order.id.parse().ok().context("stored order id")
}
