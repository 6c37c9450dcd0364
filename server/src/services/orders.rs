//! Orders after checkout: who may see and move which order, the seller's money, payouts, the auto-release job
//! and recovery of interrupted payments.
//!
//! Authorization is decided here from the request's actor: a shopper sees their own orders, a seller their
//! shop's, an operator all; anything else answers 404, so ids of other people's orders reveal nothing.

use std::sync::Arc;

use anyhow::Context;
use app::ports::{Orders, RequestContext, ServiceError};
use async_trait::async_trait;
use shared::analytics::{AnalyticsParams, SellerAnalytics};
use shared::auth::{Role, Scope};
use shared::commerce::{
    CancelRequest, CheckoutResult, LedgerEntryView, OrderDetail, OrderLineView, OrderSummary, PaymentState,
    PaymentView, PayoutRequest, PayoutState, PayoutView, SellerBalance, ShipRequest,
};
use shared::delivery::{DeliveryOption, ServiceLevel};
use shared::dto::{Page, PageRequest, SellerRef};
use shared::ids::{OrderId, PayoutId, SellerId};
use shared::ledger::{Account, Transaction, TransactionKind};
use shared::logistics::{
    CarrierProposal, CarrierScorecard, ShipmentSummary, ShippingLabel, SlaReport, SlaRules,
};
use shared::money::{Currency, Money};
use shared::order::{DAY_MS, OrderEvent, OrderState, Party, TransitionError};
use shared::statement::{Day, SellerStatement, StatementParams, StatementPeriod};

use super::logistics::LogisticsService;
use super::settlement::{Settlement, money, post};
use crate::db::Database;
use crate::db::orders::{
    self as store, OrderOwner, OrderRow, PaymentRow, PayoutRow, StateChange, TransactionSource,
};
use crate::ids::fresh;
use crate::payments::webhook;

/// Orders released per batch of the auto-release job.
const RELEASE_BATCH: u32 = 100;

pub struct OrderService {
    db: Database,
    settlement: Settlement,
    /// Smallest payout, in major units of the payout's currency (10 → 10.00 USD, 10 KRW).
    payout_minimum_major: u32,
    /// Each payment provider's webhook signing secret, by provider name.
    webhook_secrets: Vec<(&'static str, String)>,
    logistics: Arc<LogisticsService>,
}

/// What became of a provider's webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// A waiting payment was settled.
    Settled,
    /// The same event came before.
    Duplicate,
    /// Nothing to do (the payment was already settled, or is not ours).
    Ignored,
}

impl WebhookOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Settled => "settled",
            Self::Duplicate => "duplicate",
            Self::Ignored => "ignored",
        }
    }
}

/// Who is looking at orders.
#[derive(Debug, Clone)]
enum Viewer {
    Shopper(String),
    Seller(String),
    Operator,
    Carrier,
}

impl Viewer {
    fn of(context: &RequestContext, scope: Scope) -> Result<Viewer, ServiceError> {
        let principal = context.actor.require_signed_in()?;
        Ok(match principal.role {
            Role::Shopper => Viewer::Shopper(principal.user_id.to_string()),
            Role::Seller => {
                let principal = context.actor.require(Role::Seller, scope)?;
                let shop = principal
                    .seller_id
                    .ok_or_else(|| ServiceError::Forbidden("This account has no shop yet.".into()))?;
                Viewer::Seller(shop.to_string())
            }
            Role::Operator => {
                context.actor.require(Role::Operator, scope)?;
                Viewer::Operator
            }
            Role::Partner => {
                context.actor.require(Role::Partner, Scope::ShipmentsWrite)?;
                Viewer::Carrier
            }
        })
    }

    fn sees(&self, order: &OrderRow) -> bool {
        match self {
            Viewer::Shopper(user) => &order.shopper_id == user,
            Viewer::Seller(shop) => &order.seller_id == shop,
            Viewer::Operator => true,
            Viewer::Carrier => false,
        }
    }
}

impl OrderService {
    pub fn new(
        settlement: Settlement,
        payout_minimum_major: u32,
        webhook_secrets: Vec<(&'static str, String)>,
        logistics: Arc<LogisticsService>,
    ) -> Self {
        Self { db: settlement.db.clone(), settlement, payout_minimum_major, webhook_secrets, logistics }
    }

    /// A payment provider's signed event: checked, deduplicated, then the payment it names is settled by asking the
    /// provider (never by believing the event's body). Bad signatures and malformed bodies are 4xx and counted.
    pub async fn handle_provider_webhook(
        &self,
        provider: &str,
        signature: Option<&str>,
        body: &[u8],
    ) -> Result<WebhookOutcome, ServiceError> {
        let refuse = |reason: &'static str, message: String| {
            metrics::counter!("bazaar_provider_webhooks_rejected_total", "provider" => provider.to_string(), "reason" => reason)
                .increment(1);
            ServiceError::Invalid { field: Some(webhook::SIGNATURE_HEADER.into()), message }
        };
        let Some((_, secret)) = self.webhook_secrets.iter().find(|(name, _)| *name == provider) else {
            return Err(ServiceError::NotFound("payment provider"));
        };
        let now_secs = self.settlement.clock.now_ms() / 1_000;
        webhook::verify(secret.as_bytes(), signature.unwrap_or_default(), body, now_secs)
            .map_err(|error| refuse(error.code(), format!("Webhook refused: {error}.")))?;
        let event: webhook::ProviderEvent = serde_json::from_slice(body).map_err(|error| {
            let mut refusal = refuse("malformed_body", format!("Webhook body is not an event: {error}."));
            if let ServiceError::Invalid { field, .. } = &mut refusal {
                *field = None;
            }
            refusal
        })?;
        let pool = self.db.pool();
        if store::provider_event_seen(pool, provider, &event.id).await.context("reading provider events")? {
            return Ok(WebhookOutcome::Duplicate);
        }
        let outcome =
            match store::payment_by_id(pool, &event.merchant_reference).await.context("reading a payment")? {
                Some(payment) if matches!(payment.state.as_str(), "pending" | "requires_challenge") => {
                    self.settlement.resolve(&payment).await?;
                    WebhookOutcome::Settled
                }
                _ => WebhookOutcome::Ignored,
            };
        // Remembered only once handled, so a delivery that failed half-way is handled again when retried.
        let now = self.settlement.clock.now_ms();
        store::remember_provider_event(pool, provider, &event.id, now)
            .await
            .context("remembering an event")?;
        metrics::counter!("bazaar_provider_webhooks_total", "provider" => provider.to_string(), "outcome" => outcome.as_str())
            .increment(1);
        Ok(outcome)
    }

    async fn visible_order(&self, viewer: &Viewer, id: OrderId) -> Result<OrderRow, ServiceError> {
        match store::order_by_id(self.db.pool(), &id.to_string()).await.context("reading an order")? {
            Some(order) if viewer.sees(&order) => Ok(order),
            _ => Err(ServiceError::NotFound("order")),
        }
    }

    async fn detail(&self, viewer: &Viewer, order: OrderRow) -> Result<OrderDetail, ServiceError> {
        let lines = store::order_lines(self.db.pool(), std::slice::from_ref(&order.id))
            .await
            .context("reading order lines")?;
        let promise = Promise { now_ms: self.settlement.clock.now_ms(), sla: self.logistics.sla() };
        detail_of(viewer, order, lines, promise)
    }

    async fn apply(
        &self,
        viewer: &Viewer,
        order: OrderRow,
        event: OrderEvent,
        change: StateChange<'_>,
    ) -> Result<OrderDetail, ServiceError> {
        match self.settlement.move_order(&order, event, change).await? {
            Ok(_) => {}
            Err(refused) => return Err(refused_move(refused)),
        }
        let id: OrderId = order.id.parse().ok().context("stored order id")?;
        let reread =
            store::order_by_id(self.db.pool(), &id.to_string()).await.context("re-reading an order")?;
        self.detail(viewer, reread.ok_or(ServiceError::NotFound("order"))?).await
    }

    /// Releases every delivered order whose release date has passed. Returns how many were released.
    pub async fn release_due(&self) -> anyhow::Result<usize> {
        let mut released = 0;
        loop {
            let now = self.settlement.clock.now_ms();
            let due = store::due_for_release(self.db.pool(), now, RELEASE_BATCH).await?;
            for id in &due {
                let Some(order) = store::order_by_id(self.db.pool(), id).await? else { continue };
                if self
                    .settlement
                    .move_order(&order, OrderEvent::ReleaseDue, StateChange::default())
                    .await?
                    .is_ok()
                {
                    released += 1;
                }
            }
            if due.len() < RELEASE_BATCH as usize {
                return Ok(released);
            }
        }
    }

    /// Settles payments and payouts left without a definite answer. `everything`: also the recent ones — right
    /// after start-up nothing of ours can still be running (one server per database).
    pub async fn recover(&self, everything: bool) -> anyhow::Result<usize> {
        let now = self.settlement.clock.now_ms();
        let before = if everything { i64::MAX } else { now - self.settlement.times.unsettled_after_ms };
        let mut settled = 0;
        // One payment or payout that cannot be settled now must not hold up the others: it is logged and tried again
        // on the next pass.
        for payment in store::unsettled_payments(self.db.pool(), before, 500).await? {
            match self.settlement.resolve(&payment).await {
                Ok(_) => settled += 1,
                Err(error) => {
                    tracing::error!(payment = %payment.id, error = format!("{error:#}"), "payment not settled")
                }
            }
        }
        for payout in store::pending_payouts(self.db.pool(), before).await? {
            match self.send_payout(&payout).await {
                Ok(_) => settled += 1,
                Err(error) => {
                    tracing::error!(payout = %payout.id, error = format!("{error:#}"), "payout not settled")
                }
            }
        }
        settled += self.settlement.retry_refunds(before).await?;
        Ok(settled)
    }

    async fn send_payout(&self, payout: &PayoutRow) -> anyhow::Result<PayoutState> {
        let amount = money(payout.amount_minor, &payout.currency)?;
        match self.settlement.provider.payout(&payout.id, amount).await {
            Ok(provider_payout_id) => {
                let now = self.settlement.clock.now_ms();
                let mut tx = self.db.begin_write().await?;
                store::settle_payout(&mut tx, &payout.id, "paid", Some(&provider_payout_id), None, now)
                    .await?;
                tx.commit().await?;
                Ok(PayoutState::Paid)
            }
            Err(error) => {
                // The provider is idempotent on the payout id: recovery asks again until it answers.
                tracing::warn!(payout = %payout.id, %error, "payout not confirmed yet");
                Ok(PayoutState::Pending)
            }
        }
    }

    /// Whose statement the caller may read, and today's UTC date. A statement is the shop's own: operators and
    /// shoppers are Forbidden (an operator inspects an order's money with `order_ledger`).
    fn statement_reader(&self, context: &RequestContext) -> Result<(SellerId, Day), ServiceError> {
        let Viewer::Seller(shop) = Viewer::of(context, Scope::OrdersRead)? else {
            return Err(ServiceError::Forbidden("The statement belongs to a seller's shop.".into()));
        };
        let seller: SellerId = shop.parse().ok().context("stored seller id")?;
        Ok((seller, Day::of_unix_ms(self.settlement.clock.now_ms())))
    }

    /// Whose report (scorecard, analytics) a caller reads: a seller their own shop (another shop's looks like one
    /// that does not exist), an operator the shop they name; shoppers and carriers none.
    fn shop_report_subject(
        &self,
        viewer: Viewer,
        asked: Option<SellerId>,
        report: &str,
    ) -> Result<SellerId, ServiceError> {
        match (viewer, asked) {
            (Viewer::Seller(own), Some(asked)) if asked.to_string() != own => {
                Err(ServiceError::NotFound("shop"))
            }
            (Viewer::Seller(own), _) => Ok(own.parse().ok().context("stored shop id")?),
            (Viewer::Operator, Some(asked)) => Ok(asked),
            (Viewer::Operator, None) => Err(ServiceError::Invalid {
                field: Some("seller".into()),
                message: format!("Name the shop whose {report} you want."),
            }),
            (Viewer::Shopper(_) | Viewer::Carrier, _) => Err(ServiceError::Forbidden(format!(
                "Only the shop's seller and operators read its {report}."
            ))),
        }
    }

    fn payout_minimum(&self, currency: Currency) -> Money {
        let scale = 10_i64.pow(u32::from(currency.exponent()));
        Money::new(i64::from(self.payout_minimum_major) * scale, currency)
    }
}

fn refused_move(refused: TransitionError) -> ServiceError {
    ServiceError::ConflictWith {
        code: "order_state",
        message: format!("{}.", capitalized(&refused.to_string())),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[async_trait]
impl Orders for OrderService {
    async fn list_orders(
        &self,
        context: &RequestContext,
        state: Option<OrderState>,
        sort: shared::commerce::OrderSort,
        page: PageRequest,
    ) -> Result<Page<OrderSummary>, ServiceError> {
        let viewer = Viewer::of(context, Scope::OrdersRead)?;
        let owner = match &viewer {
            Viewer::Shopper(user) => OrderOwner::Shopper(user),
            Viewer::Seller(shop) => OrderOwner::Seller(shop),
            Viewer::Operator => OrderOwner::Everyone,
            Viewer::Carrier => {
                return Err(ServiceError::Forbidden("Carriers see shipments, not orders.".into()));
            }
        };
        let (rows, total) = store::list_orders(
            self.db.pool(),
            owner,
            state.map(OrderState::as_str),
            sort,
            page.per_page(),
            page.offset(),
        )
        .await
        .context("listing orders")?;
        let sla = self.logistics.sla();
        let items = rows
            .into_iter()
            .map(|row| {
                // The handling clock of a paid order (what the seller's queue counts down).
                let ship_by = (row.state == OrderState::Paid.as_str()).then_some(row.paid_at_ms).flatten();
                let mut summary = summary_of(row)?;
                summary.ship_by_ms = ship_by.map(|paid| sla.ship_by(paid));
                Ok(summary)
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        Ok(Page { items, page: page.page(), per_page: page.per_page(), total })
    }

    async fn order(&self, context: &RequestContext, id: OrderId) -> Result<OrderDetail, ServiceError> {
        let viewer = Viewer::of(context, Scope::OrdersRead)?;
        let order = self.visible_order(&viewer, id).await?;
        self.detail(&viewer, order).await
    }

    async fn cancel_order(
        &self,
        context: &RequestContext,
        id: OrderId,
        request: CancelRequest,
    ) -> Result<OrderDetail, ServiceError> {
        let viewer = Viewer::of(context, Scope::OrdersWrite)?;
        let order = self.visible_order(&viewer, id).await?;
        let reason = request.reason.trim();
        if reason.chars().count() > 500 {
            return Err(ServiceError::Invalid {
                field: Some("reason".into()),
                message: "Use at most 500 characters.".into(),
            });
        }
        let by = match viewer {
            Viewer::Shopper(_) => Party::Shopper,
            Viewer::Seller(_) => {
                if reason.is_empty() {
                    return Err(ServiceError::Invalid {
                        field: Some("reason".into()),
                        message: "Tell the shopper why you cancel.".into(),
                    });
                }
                Party::Seller
            }
            Viewer::Operator => Party::Platform,
            Viewer::Carrier => return Err(ServiceError::NotFound("order")),
        };
        if order.state == OrderState::PendingPayment.as_str() {
            return Err(ServiceError::ConflictWith {
                code: "order_state",
                message: "The payment is still being confirmed. Try again in a minute.".into(),
            });
        }
        let change = StateChange {
            cancelled_by: Some(by.as_str()),
            cancel_reason: (!reason.is_empty()).then_some(reason),
            ..StateChange::default()
        };
        self.apply(&viewer, order, OrderEvent::Cancel { by }, change).await
    }

    async fn confirm_receipt(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<OrderDetail, ServiceError> {
        let viewer = Viewer::of(context, Scope::OrdersWrite)?;
        let order = self.visible_order(&viewer, id).await?;
        if !matches!(viewer, Viewer::Shopper(_)) {
            return Err(ServiceError::Forbidden("Only the shopper confirms receipt.".into()));
        }
        // Confirming is idempotent: a phone that confirmed offline replays the request when it is back, and an
        // order already completed (by that first request, or by the release timer) is the answer it wants. The
        // release's ledger dedupe key keeps the money from moving twice either way.
        if order.state == OrderState::Completed.as_str() {
            return self.detail(&viewer, order).await;
        }
        match self.apply(&viewer, order, OrderEvent::ReceiptConfirmed, StateChange::default()).await {
            Err(ServiceError::ConflictWith { code: "order_state", message }) => {
                // A concurrent confirmation (or the release job) may have won the compare-and-set.
                let reread = store::order_by_id(self.db.pool(), &id.to_string())
                    .await
                    .context("re-reading an order")?
                    .ok_or(ServiceError::NotFound("order"))?;
                if reread.state == OrderState::Completed.as_str() {
                    self.detail(&viewer, reread).await
                } else {
                    Err(ServiceError::ConflictWith { code: "order_state", message })
                }
            }
            other => other,
        }
    }

    async fn ship_order(
        &self,
        context: &RequestContext,
        id: OrderId,
        request: ShipRequest,
    ) -> Result<OrderDetail, ServiceError> {
        let viewer = Viewer::of(context, Scope::ShipmentsWrite)?;
        let order = self.visible_order(&viewer, id).await?;
        if !matches!(viewer, Viewer::Seller(_)) {
            return Err(ServiceError::Forbidden("Only the seller ships an order.".into()));
        }
        let tracking = request.tracking_number.trim();
        if tracking.len() > 64 || !tracking.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(ServiceError::Invalid {
                field: Some("tracking_number".into()),
                message: "Use up to 64 letters, digits and dashes.".into(),
            });
        }
        let now = self.settlement.clock.now_ms();
        // With one of Bazaar's carriers, the carrier issues the tracking number and its events drive the order.
        let carrier_number = match request.carrier.as_deref().filter(|code| !code.is_empty()) {
            Some(carrier) if order.state == OrderState::Paid.as_str() => Some(
                self.logistics.create_shipment(&order, carrier, request.service_level).await?.tracking_number,
            ),
            _ => None,
        };
        let tracking = carrier_number.as_deref().unwrap_or(tracking);
        let change = StateChange {
            shipped_at_ms: Some(now),
            tracking_number: (!tracking.is_empty()).then_some(tracking),
            ..StateChange::default()
        };
        self.apply(&viewer, order, OrderEvent::Shipped, change).await
    }

    async fn mark_delivered(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<OrderDetail, ServiceError> {
        let viewer = Viewer::of(context, Scope::ShipmentsWrite)?;
        if !matches!(viewer, Viewer::Carrier | Viewer::Operator) {
            return Err(ServiceError::Forbidden(
                "Only the carrier (or an operator) reports a delivery.".into(),
            ));
        }
        let order =
            match store::order_by_id(self.db.pool(), &id.to_string()).await.context("reading an order")? {
                Some(order) => order,
                None => return Err(ServiceError::NotFound("order")),
            };
        self.apply(&Viewer::Operator, order, OrderEvent::Delivered, StateChange::default()).await
    }

    async fn seller_balances(&self, context: &RequestContext) -> Result<Vec<SellerBalance>, ServiceError> {
        let Viewer::Seller(shop) = Viewer::of(context, Scope::OrdersRead)? else {
            return Err(ServiceError::Forbidden("Balances belong to a seller's shop.".into()));
        };
        let pool = self.db.pool();
        let seller: SellerId = shop.parse().ok().context("stored seller id")?;
        let held = store::seller_escrow(pool, &shop).await.context("reading escrow")?;
        let available = store::account_balances(pool, &Account::SellerAvailable(seller).to_string())
            .await
            .context("reading balances")?;
        let paid_out = store::account_balances(pool, &Account::SellerPaidOut(seller).to_string())
            .await
            .context("reading balances")?;
        let commission = store::seller_commission(pool, &shop).await.context("reading commission")?;
        let mut currencies: Vec<String> =
            held.iter().chain(&available).chain(&paid_out).map(|(currency, _)| currency.clone()).collect();
        if currencies.is_empty() {
            currencies.push(store::seller_currency(pool, &shop).await.context("reading the shop")?);
        }
        currencies.sort();
        currencies.dedup();
        let sum = |rows: &[(String, i64)], currency: &str| {
            rows.iter().filter(|(c, _)| c == currency).map(|(_, v)| v).sum::<i64>()
        };
        currencies
            .iter()
            .map(|code| {
                let currency = Currency::from_code(code).context("stored currency")?;
                Ok(SellerBalance {
                    held: Money::new(sum(&held, code), currency),
                    available: Money::new(sum(&available, code), currency),
                    paid_out: Money::new(sum(&paid_out, code), currency),
                    commission: Money::new(sum(&commission, code), currency),
                    payout_minimum: self.payout_minimum(currency),
                })
            })
            .collect()
    }

    async fn seller_statement(
        &self,
        context: &RequestContext,
        params: StatementParams,
    ) -> Result<SellerStatement, ServiceError> {
        let (seller, today) = self.statement_reader(context)?;
        let (period, page, order) = params.parse(today)?;
        super::statement::seller_statement(&self.db, seller, period, page, order).await
    }

    async fn seller_statement_csv(
        &self,
        context: &RequestContext,
        params: StatementParams,
    ) -> Result<shared::statement::StatementCsv, ServiceError> {
        let (seller, today) = self.statement_reader(context)?;
        // Every line of the period: the page parameters do not apply.
        let period = StatementPeriod::parse(params.from.as_deref(), params.to.as_deref(), today)?;
        super::statement::seller_statement_csv(&self.db, seller, period).await
    }

    async fn request_payout(
        &self,
        context: &RequestContext,
        request: PayoutRequest,
    ) -> Result<PayoutView, ServiceError> {
        let Viewer::Seller(shop) = Viewer::of(context, Scope::OrdersWrite)? else {
            return Err(ServiceError::Forbidden("Payouts belong to a seller's shop.".into()));
        };
        let amount = request.amount;
        let minimum = self.payout_minimum(amount.currency);
        if amount.amount_minor < minimum.amount_minor {
            return Err(ServiceError::Invalid {
                field: Some("amount".into()),
                message: format!(
                    "The smallest payout is {} {}.",
                    minimum.to_major_string(),
                    minimum.currency
                ),
            });
        }
        let seller: SellerId = shop.parse().ok().context("stored seller id")?;
        let now = self.settlement.clock.now_ms();
        let payout = PayoutRow {
            id: fresh(PayoutId::from_parts).to_string(),
            seller_id: shop.clone(),
            currency: amount.currency.code().to_string(),
            amount_minor: amount.amount_minor,
            state: "pending".into(),
            failure_message: None,
            requested_at_ms: now,
            settled_at_ms: None,
        };
        let mut tx = self.db.begin_write().await.context("opening the payout")?;
        store::lock_seller(&mut tx, &shop).await.context("locking the shop")?;
        let available_account = Account::SellerAvailable(seller).to_string();
        let available = store::account_balance_in(&mut tx, &available_account, amount.currency.code())
            .await
            .context("reading the balance")?;
        if amount.amount_minor > available {
            let available = Money::new(available.max(0), amount.currency);
            return Err(ServiceError::Invalid {
                field: Some("amount".into()),
                message: format!(
                    "You can pay out at most {} {}.",
                    available.to_major_string(),
                    available.currency
                ),
            });
        }
        store::insert_payout(&mut tx, &payout).await.context("recording the payout")?;
        let transaction = Transaction::payout(seller, amount).context("a payout posting")?;
        let source = TransactionSource { payout_id: Some(&payout.id), ..TransactionSource::default() };
        post(&mut tx, &transaction, &format!("payout:{}", payout.id), &source, now).await?;
        tx.commit().await.context("committing the payout")?;
        let state = self.send_payout(&payout).await?;
        Ok(PayoutView {
            id: payout.id,
            amount,
            state,
            requested_at_ms: now,
            settled_at_ms: (state == PayoutState::Paid).then_some(self.settlement.clock.now_ms()),
            failure_message: None,
        })
    }

    async fn payouts(&self, context: &RequestContext) -> Result<Vec<PayoutView>, ServiceError> {
        let Viewer::Seller(shop) = Viewer::of(context, Scope::OrdersRead)? else {
            return Err(ServiceError::Forbidden("Payouts belong to a seller's shop.".into()));
        };
        let rows = store::payouts_of_seller(self.db.pool(), &shop, 100).await.context("listing payouts")?;
        rows.into_iter()
            .map(|row| {
                Ok(PayoutView {
                    amount: money(row.amount_minor, &row.currency)?,
                    state: PayoutState::parse(&row.state).context("stored payout state")?,
                    id: row.id,
                    requested_at_ms: row.requested_at_ms,
                    settled_at_ms: row.settled_at_ms,
                    failure_message: row.failure_message,
                })
            })
            .collect()
    }

    async fn tracking(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<Option<shared::tracking::ShipmentView>, ServiceError> {
        let viewer = Viewer::of(context, Scope::OrdersRead)?;
        self.visible_order(&viewer, id).await?;
        self.logistics.shipment_view(id).await
    }

    async fn carrier_proposals(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<Vec<CarrierProposal>, ServiceError> {
        let viewer = Viewer::of(context, Scope::ShipmentsWrite)?;
        if !matches!(viewer, Viewer::Seller(_) | Viewer::Operator) {
            return Err(ServiceError::Forbidden("Only the seller ships an order.".into()));
        }
        let order = self.visible_order(&viewer, id).await?;
        self.logistics.proposals(&order).await
    }

    async fn shipping_label(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<ShippingLabel, ServiceError> {
        let viewer = Viewer::of(context, Scope::ShipmentsWrite)?;
        if !matches!(viewer, Viewer::Seller(_) | Viewer::Operator) {
            return Err(ServiceError::Forbidden("Labels are for the seller who ships the order.".into()));
        }
        let order = self.visible_order(&viewer, id).await?;
        let item_count = store::order_lines(self.db.pool(), std::slice::from_ref(&order.id))
            .await
            .context("reading order lines")?
            .iter()
            .map(|line| u32::try_from(line.quantity).unwrap_or(0))
            .sum();
        self.logistics.label(&order, item_count).await
    }

    async fn seller_shipments(
        &self,
        context: &RequestContext,
        page: PageRequest,
    ) -> Result<Page<ShipmentSummary>, ServiceError> {
        let Viewer::Seller(shop) = Viewer::of(context, Scope::OrdersRead)? else {
            return Err(ServiceError::Forbidden("Shipments are listed per seller's shop.".into()));
        };
        self.logistics.shipments_of_seller(&shop, page).await
    }

    async fn seller_sla(&self, context: &RequestContext) -> Result<SlaReport, ServiceError> {
        let Viewer::Seller(shop) = Viewer::of(context, Scope::OrdersRead)? else {
            return Err(ServiceError::Forbidden("The SLA report belongs to a seller's shop.".into()));
        };
        self.logistics.sla_report(&shop).await
    }

    async fn seller_scorecard(
        &self,
        context: &RequestContext,
        seller: Option<SellerId>,
    ) -> Result<shared::scorecard::SellerScorecard, ServiceError> {
        let shop = self.shop_report_subject(Viewer::of(context, Scope::OrdersRead)?, seller, "scorecard")?;
        let now = self.settlement.clock.now_ms();
        super::scorecard::seller_scorecard(&self.db, self.logistics.sla(), shop, now).await
    }

    async fn seller_analytics(
        &self,
        context: &RequestContext,
        params: AnalyticsParams,
    ) -> Result<SellerAnalytics, ServiceError> {
        let viewer = Viewer::of(context, Scope::OrdersRead)?;
        let asked = match params.seller.as_deref().map(str::trim) {
            None | Some("") => None,
            // Not an id: no such shop, as for any shop the caller may not see.
            Some(_) if matches!(viewer, Viewer::Shopper(_) | Viewer::Carrier) => None,
            Some(text) => Some(text.parse::<SellerId>().map_err(|_| ServiceError::NotFound("shop"))?),
        };
        let shop = self.shop_report_subject(viewer, asked, "analytics")?;
        let query = params.parse(Day::of_unix_ms(self.settlement.clock.now_ms()))?;
        super::analytics::seller_analytics(&self.db, shop, query).await
    }

    async fn carrier_scorecards(
        &self,
        context: &RequestContext,
    ) -> Result<Vec<CarrierScorecard>, ServiceError> {
        // Sellers choose between carriers, carriers see where they stand, operators run the network.
        if matches!(Viewer::of(context, Scope::OrdersRead)?, Viewer::Shopper(_)) {
            return Err(ServiceError::Forbidden(
                "Carrier scorecards are for sellers, carriers and operators.".into(),
            ));
        }
        self.logistics.scorecards().await
    }

    async fn order_ledger(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<Vec<LedgerEntryView>, ServiceError> {
        context.actor.require(Role::Operator, Scope::Admin)?;
        if store::order_by_id(self.db.pool(), &id.to_string()).await.context("reading an order")?.is_none() {
            return Err(ServiceError::NotFound("order"));
        }
        let rows =
            store::ledger_of_order(self.db.pool(), &id.to_string()).await.context("reading the ledger")?;
        rows.into_iter()
            .map(|row| {
                Ok(LedgerEntryView {
                    kind: TransactionKind::parse(&row.kind).context("stored transaction kind")?,
                    amount: money(row.amount_minor, &row.currency)?,
                    transaction_id: row.transaction_id,
                    account: row.account,
                    created_at_ms: row.created_at_ms,
                })
            })
            .collect()
    }
}

/// A stored rating ×100 as the API shows it.
pub fn rating(rating_x100: Option<i64>) -> Option<u16> {
    rating_x100.and_then(|value| u16::try_from(value).ok())
}

pub fn summary_of(row: OrderRow) -> Result<OrderSummary, ServiceError> {
    Ok(OrderSummary {
        id: row.id.parse().ok().context("stored order id")?,
        group_id: row.group_id.parse().ok().context("stored group id")?,
        seller: SellerRef {
            id: row.seller_id.parse().ok().context("stored seller id")?,
            name: row.seller_name.clone(),
            rating_x100: rating(row.seller_rating_x100),
        },
        state: OrderState::parse(&row.state).context("stored order state")?,
        total: money(row.total_minor, &row.currency)?,
        item_count: u32::try_from(row.item_count).unwrap_or(0),
        headline: row.headline.clone().unwrap_or_default(),
        created_at_ms: row.created_at_ms,
        release_at_ms: row.release_at_ms,
        release_paused: row.release_paused_remaining_ms.is_some(),
        ship_by_ms: None,
    })
}

fn payment_of_order(row: &OrderRow) -> Result<PaymentView, ServiceError> {
    Ok(PaymentView {
        id: row.payment_id.clone(),
        amount: money(row.payment_amount_minor, &row.currency)?,
        state: PaymentState::parse(&row.payment_state).context("stored payment state")?,
        card_brand: row.card_brand.clone(),
        card_last4: row.card_last4.clone(),
        failure_code: row.failure_code.clone(),
        failure_message: row.failure_message.clone(),
        challenge_id: challenge_id(&row.payment_state, &row.provider_payment_id),
    })
}

/// The provider's id of the confirmation step, while the payment waits for it.
fn challenge_id(state: &str, provider_payment_id: &Option<String>) -> Option<String> {
    (state == PaymentState::RequiresChallenge.as_str()).then(|| provider_payment_id.clone()).flatten()
}

pub fn payment_view(row: &PaymentRow) -> Result<PaymentView, ServiceError> {
    Ok(PaymentView {
        id: row.id.clone(),
        amount: money(row.amount_minor, &row.currency)?,
        state: PaymentState::parse(&row.state).context("stored payment state")?,
        card_brand: row.card_brand.clone(),
        card_last4: row.card_last4.clone(),
        failure_code: row.failure_code.clone(),
        failure_message: row.failure_message.clone(),
        challenge_id: challenge_id(&row.state, &row.provider_payment_id),
    })
}

/// What the dates on an order are measured against.
struct Promise {
    now_ms: i64,
    sla: SlaRules,
}

fn detail_of(
    viewer: &Viewer,
    order: OrderRow,
    lines: Vec<store::OrderLineRow>,
    promise: Promise,
) -> Result<OrderDetail, ServiceError> {
    let currency = Currency::from_code(&order.currency).context("stored currency")?;
    let at = |minor: i64| Money::new(minor, currency);
    let state = OrderState::parse(&order.state).context("stored order state")?;
    let payment = payment_of_order(&order)?;
    let lines = lines
        .into_iter()
        .map(|line| {
            Ok(OrderLineView {
                product_id: line.product_id.parse().ok().context("stored product id")?,
                variant_id: line.variant_id.parse().ok().context("stored variant id")?,
                title: line.title,
                sku: line.sku,
                quantity: u32::try_from(line.quantity).unwrap_or(0),
                unit_price: at(line.unit_price_minor),
                subtotal: at(line.subtotal_minor),
                discount: at(line.discount_minor),
                total: at(line.total_minor),
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    let promotions = serde_json::from_str(&order.promotions).context("stored promotions")?;
    let is_shopper = matches!(viewer, Viewer::Shopper(_));
    let is_seller = matches!(viewer, Viewer::Seller(_));
    let cancellable = matches!(state, OrderState::Paid);
    let arrives = |days: i64| order.paid_at_ms.map(|paid| paid + days * DAY_MS);
    let (arrives_from_ms, arrives_by_ms) =
        (arrives(order.delivery_days_min), arrives(order.delivery_days_max));
    let on_the_way = matches!(state, OrderState::Paid | OrderState::Shipped);
    Ok(OrderDetail {
        arrives_from_ms,
        arrives_by_ms,
        late: on_the_way && arrives_by_ms.is_some_and(|by| promise.now_ms > by),
        ship_by_ms: (state == OrderState::Paid)
            .then(|| order.paid_at_ms.map(|paid| promise.sla.ship_by(paid)))
            .flatten(),
        lines,
        items_subtotal: at(order.items_subtotal_minor),
        discount: at(order.discount_minor),
        promotions,
        shipping: at(order.shipping_minor),
        delivery: DeliveryOption {
            service_level: ServiceLevel::parse(&order.delivery_service_level)
                .context("stored service level")?,
            carrier: order.delivery_carrier.clone(),
            cost: at(order.shipping_minor),
            days_min: u16::try_from(order.delivery_days_min).unwrap_or(0),
            days_max: u16::try_from(order.delivery_days_max).unwrap_or(0),
        },
        commission: at(order.commission_minor),
        seller_net: at(order.total_minor - order.commission_minor),
        address: order.address(),
        payment,
        paid_at_ms: order.paid_at_ms,
        shipped_at_ms: order.shipped_at_ms,
        delivered_at_ms: order.delivered_at_ms,
        completed_at_ms: order.completed_at_ms,
        cancelled_by: order.cancelled_by.as_deref().and_then(Party::parse),
        cancel_reason: order.cancel_reason.clone(),
        tracking_number: order.tracking_number.clone(),
        can_cancel: cancellable && !matches!(viewer, Viewer::Carrier),
        can_confirm_receipt: is_shopper
            && matches!(state, OrderState::Shipped | OrderState::Delivered)
            && order.release_paused_remaining_ms.is_none(),
        can_ship: is_seller && state == OrderState::Paid,
        summary: summary_of(order)?,
    })
}

/// A checkout as it stands: its orders and payments.
pub async fn checkout_result(db: &Database, group: &str) -> Result<CheckoutResult, ServiceError> {
    let orders = store::orders_of_group(db.pool(), group).await.context("reading the checkout's orders")?;
    let payments =
        store::payments_of_group(db.pool(), group).await.context("reading the checkout's payments")?;
    Ok(CheckoutResult {
        group_id: group.parse().ok().context("stored group id")?,
        orders: orders.into_iter().map(summary_of).collect::<Result<_, _>>()?,
        payments: payments.iter().map(payment_view).collect::<Result<_, _>>()?,
    })
}
