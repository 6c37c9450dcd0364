//! Logistics: shipments with Bazaar's carriers and the carriers' tracking events.
//!
//! A carrier's webhook is checked (HMAC-SHA256 over timestamp and body, five minutes' tolerance), read by the
//! carrier's adapter into the canonical tracking language, and kept event by event: a repeated event id is
//! recognised and ignored, an event for a parcel we do not know is counted and dropped, and the parcel's status
//! moves only as `shared::tracking::ParcelState` allows — late and out-of-order events go into the timeline
//! without moving anything back. A parcel reaching `delivered` moves its order to delivered, which starts the
//! escrow release countdown (once: the order's move is compare-and-set).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;
use app::ports::ServiceError;
use rand::Rng;
use shared::ids::OrderId;
use shared::order::OrderEvent;
use shared::tracking::{ParcelState, ShipmentView, TrackingEvent, TrackingStatus};

use super::settlement::Settlement;
use crate::carriers::{ADAPTERS, adapter};
use crate::db::Database;
use crate::db::orders::{self as order_store, StateChange};
use crate::db::shipments::{self as store, EventRow, ShipmentRow};
use crate::ids::fresh;
use crate::payments::webhook;

/// The header carriers sign their webhooks in: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
pub const CARRIER_SIGNATURE_HEADER: &str = "bazaar-carrier-signature";

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

/// How long a carrier's secret read from the database is reused: every webhook needs it (a query per request was a
/// sixth of a NumeriPost event's database round trips), and a secret changed in the database counts within this.
const SECRET_REUSED_FOR: Duration = Duration::from_secs(60);

pub struct LogisticsService {
    db: Database,
    settlement: Settlement,
    /// Carriers' webhook secrets by carrier code, with when they were read.
    secrets: Mutex<HashMap<String, (String, Instant)>>,
}

impl LogisticsService {
    pub fn new(settlement: Settlement) -> Self {
        Self { db: settlement.db.clone(), settlement, secrets: Mutex::default() }
    }

    /// The carrier's webhook secret, from memory when read in the last [`SECRET_REUSED_FOR`].
    async fn carrier_secret(&self, code: &str) -> Result<Option<String>, sqlx::Error> {
        let remembered = self.secrets.lock().unwrap_or_else(PoisonError::into_inner).get(code).cloned();
        if let Some((secret, read_at)) = remembered
            && read_at.elapsed() < SECRET_REUSED_FOR
        {
            return Ok(Some(secret));
        }
        let secret = store::carrier_secret(self.db.pool(), code).await?;
        if let Some(secret) = &secret {
            let mut secrets = self.secrets.lock().unwrap_or_else(PoisonError::into_inner);
            secrets.insert(code.to_string(), (secret.clone(), Instant::now()));
        }
        Ok(secret)
    }

    /// Makes sure the built-in carriers are registered, signing with `secret` unless one was set before.
    pub async fn register_builtin_carriers(&self, secret: &str) -> anyhow::Result<()> {
        let now = self.settlement.clock.now_ms();
        for carrier in ADAPTERS {
            store::ensure_carrier(self.db.pool(), carrier.code(), carrier.name(), secret, now)
                .await
                .with_context(|| format!("registering {}", carrier.name()))?;
        }
        Ok(())
    }

    /// Hands an order to one of Bazaar's carriers: a shipment with a tracking number the carrier issued.
    pub async fn create_shipment(
        &self,
        order_id: &str,
        carrier_code: &str,
    ) -> Result<ShipmentRow, ServiceError> {
        let Some(carrier) = adapter(carrier_code) else {
            let known: Vec<&str> = ADAPTERS.iter().map(|a| a.code()).collect();
            return Err(ServiceError::Invalid {
                field: Some("carrier".into()),
                message: format!("carrier must be one of {}", known.join(", ")),
            });
        };
        let prefix = match carrier.code() {
            "numeripost" => "NP",
            "scanline" => "SL",
            _ => "BF",
        };
        let now = self.settlement.clock.now_ms();
        let row = ShipmentRow {
            id: fresh(shared::ids::ShipmentId::from_parts).to_string(),
            order_id: order_id.to_string(),
            carrier_code: carrier.code().to_string(),
            tracking_number: format!("{prefix}{:010}", rand::rng().random_range(0..10_000_000_000u64)),
            status: TrackingStatus::LabelCreated.as_str().to_string(),
            status_since_ms: now,
            furthest_stage: TrackingStatus::LabelCreated.stage().map(i64::from),
            created_at_ms: now,
            delivered_at_ms: None,
        };
        if !store::insert_shipment(self.db.pool(), &row).await.context("recording the shipment")? {
            return Err(ServiceError::ConflictWith {
                code: "already_shipped",
                message: "This order already has a shipment.".into(),
            });
        }
        Ok(row)
    }

    /// A carrier's webhook: signature, payload, then each event.
    pub async fn ingest(
        &self,
        carrier_code: &str,
        signature: Option<&str>,
        body: &[u8],
    ) -> Result<IngestSummary, ServiceError> {
        let refuse = |reason: &'static str, field: Option<&str>, message: String| {
            metrics::counter!("bazaar_carrier_webhooks_rejected_total", "carrier" => carrier_code.to_string(), "reason" => reason)
                .increment(1);
            ServiceError::Invalid { field: field.map(str::to_string), message }
        };
        let Some(carrier) = adapter(carrier_code) else { return Err(ServiceError::NotFound("carrier")) };
        let secret = self
            .carrier_secret(carrier_code)
            .await
            .context("reading the carrier")?
            .ok_or(ServiceError::NotFound("carrier"))?;
        let now = self.settlement.clock.now_ms();
        webhook::verify(secret.as_bytes(), signature.unwrap_or_default(), body, now / 1_000).map_err(
            |error| {
                refuse(error.code(), Some(CARRIER_SIGNATURE_HEADER), format!("Webhook refused: {error}."))
            },
        )?;
        let events = carrier.parse(body).map_err(|error| refuse("malformed_body", None, error.0))?;

        let mut summary = IngestSummary::default();
        let mut delivered_orders = Vec::new();
        let mut tx = self.db.begin_write().await.context("opening the tracking transaction")?;
        for native in events {
            let Some(shipment) = store::shipment_by_tracking(&mut tx, carrier_code, &native.tracking_number)
                .await
                .context("finding the shipment")?
            else {
                summary.unknown_shipments += 1;
                continue;
            };
            let event = &native.event;
            let row = EventRow {
                carrier_code: carrier_code.to_string(),
                event_id: native.event_id.clone(),
                shipment_id: shipment.id.clone(),
                status: event.status.as_str().to_string(),
                occurred_at_ms: event.occurred_at_ms,
                location: event.location.clone(),
                raw_code: event.raw_code.clone(),
                raw_text: event.raw_text.clone(),
                received_at_ms: now,
            };
            if !store::insert_event(&mut tx, &row).await.context("keeping the event")? {
                summary.duplicates += 1;
                continue;
            }
            summary.accepted += 1;
            if !native.known_code {
                summary.unknown_codes += 1;
            }
            let state = ParcelState {
                status: TrackingStatus::parse(&shipment.status),
                since_ms: shipment.status_since_ms,
                furthest_stage: shipment.furthest_stage.and_then(|stage| u8::try_from(stage).ok()),
            };
            let Some(next) = state.apply(event.status, event.occurred_at_ms) else { continue };
            let Some(status) = next.status else { continue };
            let delivered = status == TrackingStatus::Delivered;
            let moved = store::move_shipment(
                &mut tx,
                &shipment.id,
                &shipment.status,
                shipment.status_since_ms,
                status.as_str(),
                next.since_ms,
                next.furthest_stage.map(i64::from),
                delivered.then_some(event.occurred_at_ms),
            )
            .await
            .context("moving the shipment")?;
            if moved && delivered {
                delivered_orders.push(shipment.order_id.clone());
            }
        }
        tx.commit().await.context("committing tracking events")?;
        for order_id in delivered_orders {
            self.deliver_order(&order_id).await?;
        }
        let label = |outcome: &'static str, count: u32| {
            metrics::counter!("bazaar_carrier_events_total", "carrier" => carrier_code.to_string(), "outcome" => outcome)
                .increment(u64::from(count));
        };
        label("accepted", summary.accepted);
        label("duplicate", summary.duplicates);
        label("unknown_code", summary.unknown_codes);
        label("unknown_shipment", summary.unknown_shipments);
        Ok(summary)
    }

    /// The carrier says delivered: the order follows (and its release countdown starts), once.
    async fn deliver_order(&self, order_id: &str) -> Result<(), ServiceError> {
        let Some(order) =
            order_store::order_by_id(self.db.pool(), order_id).await.context("reading the order")?
        else {
            return Ok(());
        };
        if let Err(refused) =
            self.settlement.move_order(&order, OrderEvent::Delivered, StateChange::default()).await?
        {
            // Already delivered or completed (a repeated delivery event, or the shopper confirmed first).
            tracing::debug!(order = %order_id, %refused, "delivery event did not move the order");
        }
        Ok(())
    }

    /// The order's shipment and its timeline, if it has one.
    pub async fn shipment_view(&self, order: OrderId) -> Result<Option<ShipmentView>, ServiceError> {
        let pool = self.db.pool();
        let Some(shipment) =
            store::shipment_of_order(pool, &order.to_string()).await.context("reading a shipment")?
        else {
            return Ok(None);
        };
        let events = store::timeline(pool, &shipment.id)
            .await
            .context("reading the timeline")?
            .into_iter()
            .map(|row| TrackingEvent {
                status: TrackingStatus::parse(&row.status).unwrap_or(TrackingStatus::Exception),
                occurred_at_ms: row.occurred_at_ms,
                location: row.location,
                raw_code: row.raw_code,
                raw_text: row.raw_text,
            })
            .collect();
        Ok(Some(ShipmentView {
            carrier_name: adapter(&shipment.carrier_code).map(|a| a.name().to_string()).unwrap_or_default(),
            carrier_code: shipment.carrier_code,
            tracking_number: shipment.tracking_number,
            status: TrackingStatus::parse(&shipment.status).unwrap_or(TrackingStatus::Exception),
            events,
        }))
    }
}
