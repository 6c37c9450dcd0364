//! Keeping carriers' tracking events: a group commit.
//!
//! Most carriers push one event per webhook, and each event touches a handful of rows. Written one webhook per
//! transaction, the cost is the transaction, not the rows: on SQLite every write waits for the one writer, and every
//! statement is a hand-off to the connection's thread and back. So webhooks hand their checked, parsed events to one
//! writer task, which takes every delivery waiting at that moment and keeps them together: one transaction, one
//! query for their shipments, one insert for their events, one update per parcel that moved, and the orders those
//! parcels deliver or give up on moved in the same transaction (so a stop can never leave an order behind a
//! delivered parcel from here). Each webhook is answered only after the commit that kept its events.
//!
//! Within a batch, events apply in the order they arrived, exactly as they would one webhook at a time: an event id
//! seen earlier in the batch is a duplicate, and each parcel's status moves only as `ParcelState` allows.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use anyhow::Context;
use app::ports::ServiceError;
use shared::logistics::SlaRules;
use shared::order::{OrderEvent, Party};
use shared::tracking::{ParcelState, TrackingEvent, TrackingStatus};
use sqlx::AnyConnection;
use tokio::sync::{mpsc, oneshot};

use super::settlement::{OrderMoved, Settlement};
use crate::carriers::CarrierEvent;
use crate::db::Database;
use crate::db::orders::{self as order_store, StateChange};
use crate::db::shipments::{self as store, EventRow, ShipmentRow};

/// What one webhook delivery did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestSummary {
    /// New events kept.
    pub accepted: u32,
    /// Events sent before (same carrier event id).
    pub duplicates: u32,
    /// Kept events whose native code the adapter did not know (kept as `exception`).
    pub unknown_codes: u32,
    /// Events for tracking numbers that are not ours.
    pub unknown_shipments: u32,
}

/// One webhook's (or one polled page's) events, read by the carrier's adapter.
pub struct Delivery {
    pub carrier_code: String,
    pub events: Vec<CarrierEvent>,
    /// When the events were received.
    pub received_at_ms: i64,
}

struct Waiting {
    delivery: Delivery,
    answer: oneshot::Sender<Result<IngestSummary, ServiceError>>,
}

/// A batch stops growing at this many events: a bigger transaction would hold the writer (and the answers of the
/// webhooks in it) for longer than batching saves.
const EVENTS_PER_BATCH: usize = 512;

/// How many deliveries may wait for the writer before webhooks wait to hand theirs over.
const WAITING_DELIVERIES: usize = 1_024;

/// A batch that lost a race with another server (PostgreSQL: a parcel changed after it was read) is tried again
/// from the start this many times, then each delivery on its own.
const CONFLICT_RETRIES: usize = 3;

/// Keeps tracking events, many webhooks per transaction.
pub struct TrackingWriter {
    keeper: Keeper,
    /// The writer task's inbox, started with the first delivery (inside the runtime that serves the webhooks).
    inbox: OnceLock<mpsc::Sender<Waiting>>,
}

impl TrackingWriter {
    pub fn new(db: Database, settlement: Settlement, sla: SlaRules) -> Self {
        Self { keeper: Keeper { db, settlement, sla }, inbox: OnceLock::new() }
    }

    /// Keeps a webhook's events together with whatever other webhooks are waiting, and answers once they are
    /// committed.
    pub async fn keep(&self, delivery: Delivery) -> Result<IngestSummary, ServiceError> {
        let inbox = self.inbox.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(WAITING_DELIVERIES);
            tokio::spawn(write_batches(self.keeper.clone(), receiver));
            sender
        });
        let (answer, answered) = oneshot::channel();
        match inbox.send(Waiting { delivery, answer }).await {
            Ok(()) => match answered.await {
                Ok(summary) => summary,
                // The writer task is gone (its runtime is shutting down): nothing was answered, so the carrier's
                // retry — or this error — is what follows; the event ids make a retry harmless.
                Err(_) => Err(ServiceError::Unexpected(anyhow::anyhow!("the tracking writer stopped"))),
            },
            // No writer task (it ended with an earlier runtime): keep the events here.
            Err(mpsc::error::SendError(waiting)) => self.keep_now(waiting.delivery).await,
        }
    }

    /// Keeps one delivery in its own transaction, without waiting for others (polled feeds).
    pub async fn keep_now(&self, delivery: Delivery) -> Result<IngestSummary, ServiceError> {
        let mut summaries = self.keeper.keep(&[&delivery]).await?;
        Ok(summaries.pop().unwrap_or_default())
    }

    /// Moves an order that a stop left behind its parcel's final status. Returns whether it moved.
    pub async fn catch_up_order(&self, order_id: &str, parcel: TrackingStatus) -> Result<bool, ServiceError> {
        let keeper = &self.keeper;
        let mut tx = keeper.db.begin_write().await.context("opening the order transaction")?;
        let moved = keeper.follow_parcel(&mut tx, order_id, parcel).await?;
        tx.commit().await.context("committing the order's move")?;
        if let Some(moved) = &moved {
            keeper.settlement.after_order_moved(moved).await;
        }
        Ok(moved.is_some())
    }
}

/// The writer task: takes what is waiting, up to [`EVENTS_PER_BATCH`] events, and keeps it in one transaction.
async fn write_batches(keeper: Keeper, mut inbox: mpsc::Receiver<Waiting>) {
    while let Some(first) = inbox.recv().await {
        let mut events = first.delivery.events.len();
        let mut batch = vec![first];
        while events < EVENTS_PER_BATCH {
            let Ok(next) = inbox.try_recv() else { break };
            events += next.delivery.events.len();
            batch.push(next);
        }
        metrics::histogram!("bazaar_carrier_event_batch_deliveries").record(batch.len() as f64);
        let deliveries: Vec<&Delivery> = batch.iter().map(|waiting| &waiting.delivery).collect();
        match keeper.keep(&deliveries).await {
            Ok(summaries) => {
                for (waiting, summary) in batch.into_iter().zip(summaries) {
                    let _ = waiting.answer.send(Ok(summary));
                }
            }
            // One delivery's trouble must not fail the others: each is tried again on its own.
            Err(error) if batch.len() > 1 => {
                tracing::warn!(%error, deliveries = batch.len(), "a batch of tracking events failed; keeping each alone");
                for waiting in batch {
                    let summary =
                        keeper.keep(&[&waiting.delivery]).await.map(|mut all| all.pop().unwrap_or_default());
                    let _ = waiting.answer.send(summary);
                }
            }
            Err(error) => {
                if let Some(waiting) = batch.pop() {
                    let _ = waiting.answer.send(Err(error));
                }
            }
        }
    }
}

#[derive(Clone)]
struct Keeper {
    db: Database,
    settlement: Settlement,
    sla: SlaRules,
}

/// What a batch did: an answer per delivery, and the order moves to follow up once committed.
struct Kept {
    summaries: Vec<IngestSummary>,
    orders_moved: Vec<OrderMoved>,
    refunded_parcels: Vec<TrackingStatus>,
}

impl Keeper {
    async fn keep(&self, deliveries: &[&Delivery]) -> Result<Vec<IngestSummary>, ServiceError> {
        for _ in 0..CONFLICT_RETRIES {
            let mut tx = self.db.begin_write().await.context("opening the tracking transaction")?;
            let Some(kept) = self.keep_in(&mut tx, deliveries).await? else {
                // Rolled back by the drop; the events are read again from the start.
                metrics::counter!("bazaar_carrier_event_batch_conflicts_total").increment(1);
                continue;
            };
            tx.commit().await.context("committing tracking events")?;
            for moved in &kept.orders_moved {
                self.settlement.after_order_moved(moved).await;
            }
            for status in kept.refunded_parcels {
                metrics::counter!("bazaar_undelivered_parcels_refunded_total", "status" => status.as_str())
                    .increment(1);
            }
            for (delivery, summary) in deliveries.iter().zip(&kept.summaries) {
                count(&delivery.carrier_code, summary);
            }
            return Ok(kept.summaries);
        }
        Err(ServiceError::ConflictWith {
            code: "tracking_conflict",
            message: "The parcels changed while their events were kept; send the events again.".into(),
        })
    }

    /// The batch inside one transaction; None when a parcel changed after it was read (another server's write).
    async fn keep_in(
        &self,
        tx: &mut AnyConnection,
        deliveries: &[&Delivery],
    ) -> Result<Option<Kept>, ServiceError> {
        let read = self.shipments_of(tx, deliveries).await?;
        let mut summaries = vec![IngestSummary::default(); deliveries.len()];

        // The events to keep, each carrier event id once, in the order they arrived.
        let mut seen = HashSet::new();
        let mut rows = Vec::new();
        let mut origins = Vec::new();
        for (index, delivery) in deliveries.iter().enumerate() {
            for native in &delivery.events {
                let carrier = delivery.carrier_code.as_str();
                let Some(shipment) = read.get(&(carrier, native.tracking_number.as_str())) else {
                    summaries[index].unknown_shipments += 1;
                    continue;
                };
                if !seen.insert((carrier, native.event_id.as_str())) {
                    summaries[index].duplicates += 1;
                    continue;
                }
                let event = &native.event;
                rows.push(EventRow {
                    carrier_code: delivery.carrier_code.clone(),
                    event_id: native.event_id.clone(),
                    shipment_id: shipment.id.clone(),
                    status: event.status.as_str().to_string(),
                    occurred_at_ms: event.occurred_at_ms,
                    location: event.location.clone(),
                    raw_code: event.raw_code.clone(),
                    raw_text: event.raw_text.clone(),
                    received_at_ms: delivery.received_at_ms,
                });
                origins.push((index, native));
            }
        }
        let inserted: HashSet<(String, String)> =
            store::insert_events(tx, &rows).await.context("keeping the events")?.into_iter().collect();

        // What the new events do to their parcels, applied to a copy of each.
        // By id, so concurrent writers (PostgreSQL) lock parcels in the same order.
        let mut parcels: BTreeMap<&str, ShipmentRow> = BTreeMap::new();
        for (row, (index, native)) in rows.iter().zip(origins) {
            if !inserted.contains(&(row.carrier_code.clone(), row.event_id.clone())) {
                summaries[index].duplicates += 1;
                continue;
            }
            summaries[index].accepted += 1;
            if !native.known_code {
                summaries[index].unknown_codes += 1;
            }
            let key = (deliveries[index].carrier_code.as_str(), native.tracking_number.as_str());
            let Some(original) = read.get(&key) else { continue };
            let parcel = parcels.entry(original.id.as_str()).or_insert_with(|| original.clone());
            self.apply(parcel, &native.event);
        }

        // Write each parcel that changed, then move the orders whose parcels reached an end.
        let originals: HashMap<&str, &ShipmentRow> =
            read.values().map(|row| (row.id.as_str(), row)).collect();
        let mut orders_moved = Vec::new();
        let mut refunded_parcels = Vec::new();
        for (id, parcel) in &parcels {
            let original = originals[id];
            if !changed(original, parcel) {
                continue;
            }
            if !store::update_tracked_shipment(tx, original, parcel).await.context("moving the shipment")? {
                return Ok(None);
            }
            if parcel.status == original.status {
                continue;
            }
            let Some(status) = TrackingStatus::parse(&parcel.status) else { continue };
            if status.order_event().is_none() {
                continue;
            }
            if let Some(moved) = self.follow_parcel(tx, &parcel.order_id, status).await? {
                if status != TrackingStatus::Delivered {
                    refunded_parcels.push(status);
                }
                orders_moved.push(moved);
            }
        }
        Ok(Some(Kept { summaries, orders_moved, refunded_parcels }))
    }

    /// The shipments the deliveries' tracking numbers belong to, by carrier and tracking number.
    async fn shipments_of<'d>(
        &self,
        tx: &mut AnyConnection,
        deliveries: &[&'d Delivery],
    ) -> Result<HashMap<(&'d str, &'d str), ShipmentRow>, ServiceError> {
        let mut numbers: BTreeMap<&'d str, Vec<&'d str>> = BTreeMap::new();
        for delivery in deliveries {
            let wanted = numbers.entry(delivery.carrier_code.as_str()).or_default();
            wanted.extend(delivery.events.iter().map(|native| native.tracking_number.as_str()));
        }
        let mut found = HashMap::new();
        for (carrier, mut wanted) in numbers {
            wanted.sort_unstable();
            wanted.dedup();
            let rows =
                store::shipments_by_tracking(tx, carrier, &wanted).await.context("finding the shipments")?;
            for row in rows {
                // Keyed by the delivery's own strings, so the map borrows nothing from the rows.
                if let Ok(at) = wanted.binary_search(&row.tracking_number.as_str()) {
                    found.insert((carrier, wanted[at]), row);
                }
            }
        }
        Ok(found)
    }

    /// One new event on a parcel: when it was handed over (the first scan, from which the carrier's delivery
    /// deadline runs), whether something went wrong, and its status, which moves only forward.
    fn apply(&self, parcel: &mut ShipmentRow, event: &TrackingEvent) {
        if event.status != TrackingStatus::LabelCreated {
            let first_scan =
                parcel.first_scan_at_ms.map_or(event.occurred_at_ms, |first| first.min(event.occurred_at_ms));
            if parcel.first_scan_at_ms != Some(first_scan) {
                parcel.first_scan_at_ms = Some(first_scan);
                let transit_days = u16::try_from(parcel.transit_max_days.max(0)).unwrap_or(u16::MAX);
                parcel.deliver_by_ms = Some(self.sla.deliver_by(first_scan, transit_days));
            }
        }
        if event.status.is_trouble() {
            parcel.had_exception = 1;
        }
        let state = ParcelState {
            status: TrackingStatus::parse(&parcel.status),
            since_ms: parcel.status_since_ms,
            furthest_stage: parcel.furthest_stage.and_then(|stage| u8::try_from(stage).ok()),
        };
        let Some(next) = state.apply(event.status, event.occurred_at_ms) else { return };
        let Some(status) = next.status else { return };
        parcel.status = status.as_str().to_string();
        parcel.status_since_ms = next.since_ms;
        parcel.furthest_stage = next.furthest_stage.map(i64::from);
        if status == TrackingStatus::Delivered {
            parcel.delivered_at_ms = parcel.delivered_at_ms.or(Some(event.occurred_at_ms));
        }
    }

    /// The order follows its parcel: delivered starts the escrow release countdown; lost or returned to the seller
    /// refunds the shopper from escrow. Once: a repeated or late end is refused by the order's state machine.
    async fn follow_parcel(
        &self,
        tx: &mut AnyConnection,
        order_id: &str,
        parcel: TrackingStatus,
    ) -> Result<Option<OrderMoved>, ServiceError> {
        let Some(event) = parcel.order_event() else { return Ok(None) };
        let Some(order) = order_store::order_by_id_in(tx, order_id).await.context("reading the order")?
        else {
            return Ok(None);
        };
        let change = match event {
            OrderEvent::ParcelNotDelivered => StateChange {
                cancelled_by: Some(Party::Platform.as_str()),
                cancel_reason: Some(if parcel == TrackingStatus::Lost {
                    "The carrier lost the parcel."
                } else {
                    "The carrier returned the parcel to the seller."
                }),
                ..StateChange::default()
            },
            _ => StateChange::default(),
        };
        match self.settlement.move_order_in(tx, &order, event, change).await? {
            Ok(moved) => Ok(Some(moved)),
            Err(refused) => {
                // Already there (a repeated end, or the shopper confirmed first) or past it.
                tracing::debug!(order = %order_id, %refused, parcel = parcel.as_str(), "the parcel did not move its order");
                Ok(None)
            }
        }
    }
}

fn changed(before: &ShipmentRow, after: &ShipmentRow) -> bool {
    before.status != after.status
        || before.status_since_ms != after.status_since_ms
        || before.furthest_stage != after.furthest_stage
        || before.delivered_at_ms != after.delivered_at_ms
        || before.first_scan_at_ms != after.first_scan_at_ms
        || before.deliver_by_ms != after.deliver_by_ms
        || before.had_exception != after.had_exception
}

fn count(carrier_code: &str, summary: &IngestSummary) {
    let label = |outcome: &'static str, count: u32| {
        metrics::counter!("bazaar_carrier_events_total", "carrier" => carrier_code.to_string(), "outcome" => outcome)
            .increment(u64::from(count));
    };
    label("accepted", summary.accepted);
    label("duplicate", summary.duplicates);
    label("unknown_code", summary.unknown_codes);
    label("unknown_shipment", summary.unknown_shipments);
}
