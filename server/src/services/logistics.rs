//! Logistics: shipments with Bazaar's carriers and the carriers' tracking events.
//!
//! A carrier's webhook is checked (HMAC-SHA256 over timestamp and body, five minutes' tolerance), read by the
//! carrier's adapter into the canonical tracking language, and kept event by event: a repeated event id is
//! recognised and ignored, an event for a parcel we do not know is counted and dropped, and the parcel's status
//! moves only as `shared::tracking::ParcelState` allows — late and out-of-order events go into the timeline
//! without moving anything back. A parcel reaching `delivered` moves its order to delivered, which starts the
//! escrow release countdown (once: the order's move is compare-and-set).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use anyhow::Context;
use app::ports::ServiceError;
use rand::Rng;
use shared::delivery::ServiceLevel;
use shared::dto::{Page, PageRequest};
use shared::ids::OrderId;
use shared::logistics::{
    BreachKind, BreachView, CarrierOffer, CarrierProposal, CarrierScorecard, MEASURED_AFTER, PartnerScore,
    PartnerStats, RoutingWeights, ShipmentSummary, ShippingLabel, SlaParty, SlaReport, SlaRules, rank_offers,
    transit_window,
};
use shared::money::{Currency, Money};
use shared::order::DAY_MS;
use shared::tracking::{ShipmentView, TrackingEvent, TrackingStatus};

use super::settlement::Settlement;
use super::tracking_writer::{Delivery, TrackingWriter};
use crate::carriers::{ADAPTERS, TrackingFeed, adapter};
use crate::db::Database;
use crate::db::carrier_network::{self as network, CarrierLaneRow};
use crate::db::orders::OrderRow;
use crate::db::shipments::{self as store, ShipmentRow};
use crate::ids::fresh;
use crate::payments::webhook;

/// The header carriers sign their webhooks in: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
pub const CARRIER_SIGNATURE_HEADER: &str = "bazaar-carrier-signature";

pub use super::tracking_writer::IngestSummary;

/// How long a carrier's secret read from the database is reused: every webhook needs it (the query was one of a
/// NumeriPost event's eight database round trips), and a secret changed in the database counts within this.
const SECRET_REUSED_FOR: Duration = Duration::from_secs(60);

pub struct LogisticsService {
    db: Database,
    settlement: Settlement,
    sla: SlaRules,
    weights: RoutingWeights,
    feeds: RwLock<Vec<Arc<dyn TrackingFeed>>>,
    /// Carriers' webhook secrets by carrier code, with when they were read.
    secrets: Mutex<HashMap<String, (String, Instant)>>,
    tracking: TrackingWriter,
}

/// What one run of the logistics job changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobOutcome {
    /// SLA breaches newly recorded.
    pub breaches: usize,
    /// Lanes whose delivery window moved.
    pub lanes: usize,
    /// Shops whose performance score (a search ranking factor) changed.
    pub scores: usize,
    /// Listings whose outcome counters (views, orders, bad outcomes: ranking factors) were measured.
    pub listings: usize,
}

/// Partner scores, breach counts and measured transit look back this far.
const SCORING_WINDOW_MS: i64 = 30 * DAY_MS;

impl LogisticsService {
    pub fn new(settlement: Settlement, sla: SlaRules, weights: RoutingWeights) -> Self {
        Self {
            db: settlement.db.clone(),
            tracking: TrackingWriter::new(settlement.db.clone(), settlement.clone(), sla),
            settlement,
            sla,
            weights,
            feeds: RwLock::default(),
            secrets: Mutex::default(),
        }
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

    pub fn sla(&self) -> SlaRules {
        self.sla
    }

    /// Makes sure the built-in carriers are registered with their published terms and lanes. What was registered
    /// before (a secret, a capacity, a lane an operator changed) is kept.
    pub async fn register_builtin_carriers(&self, secret: &str) -> anyhow::Result<()> {
        let now = self.settlement.clock.now_ms();
        for carrier in ADAPTERS {
            let terms = carrier.terms();
            store::ensure_carrier(
                self.db.pool(),
                store::NewCarrier {
                    code: carrier.code(),
                    name: carrier.name(),
                    secret,
                    pickup_cutoff_minute: terms.pickup_cutoff_minute,
                    daily_capacity: terms.daily_capacity,
                },
                now,
            )
            .await
            .with_context(|| format!("registering {}", carrier.name()))?;
            network::ensure_lanes(self.db.pool(), &terms.lanes(carrier.code()))
                .await
                .with_context(|| format!("registering the lanes of {}", carrier.name()))?;
        }
        Ok(())
    }

    /// The carriers that can take this order's parcel on its lane, ranked for the seller. Only the service level
    /// the shopper paid for is proposed (a seller may still book another one explicitly).
    pub async fn proposals(&self, order: &OrderRow) -> Result<Vec<CarrierProposal>, ServiceError> {
        let now = self.settlement.clock.now_ms();
        let (_, lanes) = self.lanes_of(order).await?;
        let paid_for = ServiceLevel::parse(&order.delivery_service_level);
        let at_paid_level = |lane: &&CarrierLaneRow| paid_for.is_some() && lane.level() == paid_for;
        let wanted: Vec<&CarrierLaneRow> = match lanes.iter().any(|lane| at_paid_level(&lane)) {
            true => lanes.iter().filter(at_paid_level).collect(),
            false => lanes.iter().collect(),
        };
        let offers = self.offers(&wanted, now).await?;
        Ok(rank_offers(&offers, self.weights))
    }

    /// Where the order's parcel leaves from (the shop's region) and every carrier's services on its lane.
    async fn lanes_of(&self, order: &OrderRow) -> Result<(String, Vec<CarrierLaneRow>), ServiceError> {
        let pool = self.db.pool();
        let origin = network::seller_region(pool, &order.seller_id)
            .await
            .context("reading the shop's region")?
            .unwrap_or_default();
        let lanes =
            network::lanes_between(pool, &origin, &order.ship_region).await.context("reading lanes")?;
        Ok((origin, lanes))
    }

    async fn offers(&self, lanes: &[&CarrierLaneRow], now: i64) -> Result<Vec<CarrierOffer>, ServiceError> {
        let pool = self.db.pool();
        let today = now.div_euclid(DAY_MS) * DAY_MS;
        let carriers = network::carriers(pool, today).await.context("reading carriers")?;
        let scores = self.partner_stats(now).await?;
        let minute_of_day = (now - today) / 60_000;
        let offers = lanes
            .iter()
            .filter_map(|lane| {
                let carrier = carriers.iter().find(|c| c.code == lane.carrier_code)?;
                let to_u16 = |days: i64| u16::try_from(days).ok();
                Some(CarrierOffer {
                    carrier_code: carrier.code.clone(),
                    carrier_name: carrier.name.clone(),
                    service_level: lane.level()?,
                    price: Money::new(lane.price_minor, Currency::from_code(&lane.currency).ok()?),
                    transit_min_days: to_u16(lane.transit_min_days)?,
                    transit_max_days: to_u16(lane.transit_max_days)?,
                    remaining_capacity: carrier.remaining_today(),
                    daily_capacity: u32::try_from(carrier.daily_capacity.max(0)).unwrap_or(0),
                    after_cutoff: minute_of_day >= carrier.pickup_cutoff_minute,
                    partner: PartnerScore::of(
                        scores
                            .iter()
                            .find(|(code, _)| *code == carrier.code)
                            .map(|(_, s)| *s)
                            .unwrap_or_default(),
                    ),
                })
            })
            .collect();
        Ok(offers)
    }

    /// Every carrier's record over the scoring window.
    async fn partner_stats(&self, now: i64) -> Result<Vec<(String, PartnerStats)>, ServiceError> {
        let counts = network::partner_counts(self.db.pool(), now - SCORING_WINDOW_MS)
            .await
            .context("reading partner statistics")?;
        let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
        Ok(counts
            .into_iter()
            .map(|row| {
                (
                    row.carrier_code,
                    PartnerStats {
                        shipments: count(row.shipments),
                        delivered: count(row.delivered),
                        delivered_on_time: count(row.delivered_on_time),
                        with_exception: count(row.with_exception),
                        complete_scans: count(row.complete_scans),
                    },
                )
            })
            .collect())
    }

    /// The carriers with their partner scores, breach counts and today's bookings.
    pub async fn scorecards(&self) -> Result<Vec<CarrierScorecard>, ServiceError> {
        let now = self.settlement.clock.now_ms();
        let pool = self.db.pool();
        let today = now.div_euclid(DAY_MS) * DAY_MS;
        let carriers = network::carriers(pool, today).await.context("reading carriers")?;
        let stats = self.partner_stats(now).await?;
        let breaches = network::carrier_breach_counts(pool, now - SCORING_WINDOW_MS)
            .await
            .context("counting breaches")?;
        let lanes = network::all_lanes(pool).await.context("reading lanes")?;
        let mut cards: Vec<CarrierScorecard> = carriers
            .into_iter()
            .map(|carrier| {
                let stats =
                    stats.iter().find(|(code, _)| *code == carrier.code).map(|(_, s)| *s).unwrap_or_default();
                let mut service_levels: Vec<ServiceLevel> = lanes
                    .iter()
                    .filter(|lane| lane.carrier_code == carrier.code)
                    .filter_map(CarrierLaneRow::level)
                    .collect();
                service_levels.sort();
                service_levels.dedup();
                CarrierScorecard {
                    partner: PartnerScore::of(stats),
                    stats,
                    breaches_30d: breaches
                        .iter()
                        .find(|(code, _)| *code == carrier.code)
                        .map(|(_, n)| u32::try_from(*n).unwrap_or(0))
                        .unwrap_or(0),
                    daily_capacity: u32::try_from(carrier.daily_capacity.max(0)).unwrap_or(0),
                    booked_today: u32::try_from(carrier.booked_since.max(0)).unwrap_or(0),
                    pickup_cutoff_minute: u16::try_from(carrier.pickup_cutoff_minute.clamp(0, 24 * 60))
                        .unwrap_or(0),
                    lanes: u32::try_from(carrier.lanes.max(0)).unwrap_or(0),
                    service_levels,
                    code: carrier.code,
                    name: carrier.name,
                }
            })
            .collect();
        cards.sort_by(|a, b| b.partner.score.cmp(&a.partner.score).then(a.name.cmp(&b.name)));
        Ok(cards)
    }

    /// Books the order's parcel with one of Bazaar's carriers at a service level (by default the one the shopper
    /// paid for): the carrier must serve the lane at that level and have room today. The carrier issues the
    /// tracking number.
    pub async fn create_shipment(
        &self,
        order: &OrderRow,
        carrier_code: &str,
        service_level: Option<ServiceLevel>,
    ) -> Result<ShipmentRow, ServiceError> {
        let Some(carrier) = adapter(carrier_code) else {
            let known: Vec<&str> = ADAPTERS.iter().map(|a| a.code()).collect();
            return Err(ServiceError::Invalid {
                field: Some("carrier".into()),
                message: format!("carrier must be one of {}", known.join(", ")),
            });
        };
        let level = service_level
            .or_else(|| ServiceLevel::parse(&order.delivery_service_level))
            .unwrap_or(ServiceLevel::Standard);
        let now = self.settlement.clock.now_ms();
        let pool = self.db.pool();
        let (origin, lanes) = self.lanes_of(order).await?;
        let Some(lane) =
            lanes.iter().find(|lane| lane.carrier_code == carrier.code() && lane.level() == Some(level))
        else {
            return Err(ServiceError::Invalid {
                field: Some("carrier".into()),
                message: format!(
                    "{} does not carry {} parcels from {origin} to {}.",
                    carrier.name(),
                    level.as_str(),
                    order.ship_region
                ),
            });
        };
        // A retry after a lost answer or a stop between booking and the order's move finds the booking made.
        if let Some(booked) =
            store::shipment_of_order(pool, &order.id).await.context("reading the shipment")?
        {
            return self.same_booking(booked, carrier.code(), level);
        }
        let today = now.div_euclid(DAY_MS) * DAY_MS;
        let carriers = network::carriers(pool, today).await.context("reading carriers")?;
        if carriers.iter().any(|c| c.code == carrier.code() && c.remaining_today() == 0) {
            return Err(ServiceError::ConflictWith {
                code: "carrier_full",
                message: format!("{} takes no more parcels today. Choose another carrier.", carrier.name()),
            });
        }
        let row = ShipmentRow {
            id: fresh(shared::ids::ShipmentId::from_parts).to_string(),
            order_id: order.id.clone(),
            carrier_code: carrier.code().to_string(),
            tracking_number: format!(
                "{}{:010}",
                carrier.terms().tracking_prefix,
                rand::rng().random_range(0..10_000_000_000u64)
            ),
            status: TrackingStatus::LabelCreated.as_str().to_string(),
            status_since_ms: now,
            furthest_stage: TrackingStatus::LabelCreated.stage().map(i64::from),
            created_at_ms: now,
            delivered_at_ms: None,
            service_level: level.as_str().to_string(),
            origin_region: origin,
            destination_region: order.ship_region.clone(),
            currency: lane.currency.clone(),
            price_minor: lane.price_minor,
            transit_max_days: lane.transit_max_days,
            first_scan_at_ms: None,
            deliver_by_ms: None,
            had_exception: 0,
        };
        if !store::insert_shipment(pool, &row).await.context("recording the shipment")? {
            // Booked by a concurrent request (a double click) in the meantime.
            let booked = store::shipment_of_order(pool, &order.id)
                .await
                .context("reading the shipment")?
                .ok_or(ServiceError::NotFound("shipment"))?;
            return self.same_booking(booked, carrier.code(), level);
        }
        Ok(row)
    }

    /// An order has one shipment: asking again for the same carrier and level gets it back, anything else is a
    /// conflict that names what was booked.
    fn same_booking(
        &self,
        booked: ShipmentRow,
        carrier_code: &str,
        level: ServiceLevel,
    ) -> Result<ShipmentRow, ServiceError> {
        if booked.carrier_code == carrier_code && booked.service_level == level.as_str() {
            return Ok(booked);
        }
        Err(ServiceError::ConflictWith {
            code: "already_shipped",
            message: format!(
                "This order is already booked with {} ({}).",
                carrier_name(&booked.carrier_code),
                booked.tracking_number
            ),
        })
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
        self.tracking
            .keep(Delivery { carrier_code: carrier_code.to_string(), events, received_at_ms: now })
            .await
    }

    /// Asks every registered feed for what is new and keeps it as if the carrier had pushed it. Returns the
    /// events accepted.
    pub async fn poll_feeds(&self) -> anyhow::Result<u32> {
        let feeds: Vec<Arc<dyn TrackingFeed>> =
            self.feeds.read().map(|feeds| feeds.clone()).unwrap_or_default();
        let mut accepted = 0;
        for feed in feeds {
            let code = feed.carrier_code();
            let Some(carrier) = adapter(code) else { continue };
            let cursor =
                network::poll_cursor(self.db.pool(), code).await.context("reading the feed's cursor")?;
            let page = match feed.poll(cursor.as_deref()).await {
                Ok(page) => page,
                Err(error) => {
                    tracing::warn!(carrier = code, %error, "polling the carrier failed; next run asks again");
                    continue;
                }
            };
            for body in &page.bodies {
                match carrier.parse(body) {
                    Ok(events) => {
                        let now = self.settlement.clock.now_ms();
                        let delivery =
                            Delivery { carrier_code: code.to_string(), events, received_at_ms: now };
                        let summary =
                            self.tracking.keep_now(delivery).await.map_err(|error| {
                                anyhow::anyhow!("keeping polled events of {code}: {error}")
                            })?;
                        accepted += summary.accepted;
                    }
                    Err(error) => {
                        metrics::counter!("bazaar_carrier_webhooks_rejected_total", "carrier" => code, "reason" => "malformed_body")
                            .increment(1);
                        tracing::warn!(carrier = code, %error, "a polled payload did not read");
                    }
                }
            }
            // Advanced only after everything up to it was kept: a crash in between polls the same page again, and
            // the event ids make that harmless.
            if let Some(next) = page.next_cursor {
                network::set_poll_cursor(self.db.pool(), code, &next)
                    .await
                    .context("saving the feed's cursor")?;
            }
        }
        Ok(accepted)
    }

    /// Registers a carrier that is polled rather than pushing.
    pub fn add_feed(&self, feed: Arc<dyn TrackingFeed>) {
        if let Ok(mut feeds) = self.feeds.write() {
            feeds.push(feed);
        }
    }

    /// Moves the orders a stop left behind their parcels (the tracking transaction committed, the order's move did
    /// not happen): delivered ones start their countdown, lost or returned ones are refunded. Returns how many.
    pub async fn catch_up_orders(&self) -> anyhow::Result<usize> {
        let behind = network::orders_behind_their_parcels(self.db.pool(), 500)
            .await
            .context("reading orders behind their parcels")?;
        for (order_id, status) in &behind {
            let Some(status) = TrackingStatus::parse(status) else { continue };
            self.tracking
                .catch_up_order(order_id, status)
                .await
                .map_err(|error| anyhow::anyhow!("catching up order {order_id}: {error}"))?;
        }
        Ok(behind.len())
    }

    /// One pass of the logistics job: polled carriers, orders a stop left behind their parcels, SLA breaches, then
    /// delivery windows from measured transit.
    pub async fn run_job_once(&self) -> anyhow::Result<JobOutcome> {
        self.poll_feeds().await?;
        self.catch_up_orders().await?;
        let breaches = self.detect_breaches().await?;
        let lanes = self.refresh_delivery_windows().await?;
        // After the breaches: they are what the sellers' scores are made of.
        let now = self.settlement.clock.now_ms();
        let scores = super::scorecard::refresh_performance(
            &self.db,
            self.sla,
            now,
            super::scorecard::MAX_SHOPS_PER_REFRESH,
        )
        .await?;
        let listings =
            super::listing_signals::refresh(&self.db, now, super::listing_signals::MAX_LISTINGS_PER_REFRESH)
                .await?;
        Ok(JobOutcome { breaches, lanes, scores, listings })
    }

    /// Records every SLA breach not recorded yet: late shipments and missing first scans (the seller's), late
    /// deliveries (the carrier's). Returns how many were new.
    pub async fn detect_breaches(&self) -> anyhow::Result<usize> {
        let now = self.settlement.clock.now_ms();
        let pool = self.db.pool();
        let handling_ms = i64::from(self.sla.handling_business_days) * DAY_MS;
        let mut found = Vec::new();
        for row in
            network::shipping_deadline_candidates(pool, now - handling_ms, now - 90 * DAY_MS, handling_ms)
                .await
                .context("reading orders to ship")?
        {
            let ship_by = self.sla.ship_by(row.paid_at_ms);
            if row.shipped_at_ms.unwrap_or(now) > ship_by {
                found.push((BreachKind::LateShipment, row.order_id, row.seller_id, None, ship_by));
            }
        }
        let first_scan_within = i64::from(self.sla.first_scan_hours) * 60 * 60 * 1_000;
        for row in network::shipment_deadline_candidates(pool, now, first_scan_within)
            .await
            .context("reading shipments")?
        {
            let scan_by = self.sla.first_scan_by(row.created_at_ms);
            if row.first_scan_at_ms.unwrap_or(now) > scan_by {
                found.push((
                    BreachKind::NoTrackingScan,
                    row.order_id.clone(),
                    row.seller_id.clone(),
                    Some(row.carrier_code.clone()),
                    scan_by,
                ));
            }
            let given_up = TrackingStatus::parse(&row.status).is_some_and(TrackingStatus::is_given_up);
            if let Some(deliver_by) = row.deliver_by_ms {
                let late = match row.delivered_at_ms {
                    Some(delivered) => delivered > deliver_by,
                    None => !given_up && now > deliver_by,
                };
                if late {
                    found.push((
                        BreachKind::LateDelivery,
                        row.order_id,
                        row.seller_id,
                        Some(row.carrier_code),
                        deliver_by,
                    ));
                }
            }
        }
        let mut recorded = 0;
        for (kind, order_id, seller_id, carrier_code, deadline_ms) in found {
            let breach = network::BreachRow {
                kind: kind.as_str().to_string(),
                order_id,
                party: match kind.party() {
                    SlaParty::Seller => "seller".into(),
                    SlaParty::Carrier => "carrier".into(),
                },
                seller_id,
                carrier_code,
                deadline_ms,
                detected_at_ms: now,
            };
            if network::record_breach(pool, &breach).await.context("recording a breach")? {
                metrics::counter!("bazaar_sla_breaches_total", "kind" => kind.as_str()).increment(1);
                recorded += 1;
            }
        }
        Ok(recorded)
    }

    /// Sets the transit window of every shopper-facing lane with enough recent deliveries to what parcels
    /// actually took ([`shared::logistics::transit_window`]); lanes without go back to the fastest carrier's
    /// published window once they had been measured. Returns how many lanes changed.
    pub async fn refresh_delivery_windows(&self) -> anyhow::Result<usize> {
        let now = self.settlement.clock.now_ms();
        let pool = self.db.pool();
        let measured = network::measured_transit(pool, now - SCORING_WINDOW_MS)
            .await
            .context("reading transit times")?;
        let lanes = network::all_lanes(pool).await.context("reading lanes")?;
        let mut by_lane: std::collections::BTreeMap<(String, String, String), Vec<i64>> =
            std::collections::BTreeMap::new();
        for row in measured {
            by_lane
                .entry((row.origin_region, row.destination_region, row.service_level))
                .or_default()
                .push(row.transit_ms);
        }
        let mut changed = 0;
        for lane in network::shopper_lanes(pool).await.context("reading shopper lanes")? {
            let key =
                (lane.origin_region.clone(), lane.destination_region.clone(), lane.service_level.clone());
            let samples = by_lane.get(&key).map(Vec::as_slice).unwrap_or_default();
            if samples.len() < MEASURED_AFTER && lane.measured_deliveries == 0 {
                continue;
            }
            // The fastest carrier's published window on the lane is the fallback and names the carrier.
            let Some(fastest) = lanes
                .iter()
                .filter(|c| {
                    c.origin_region == key.0 && c.destination_region == key.1 && c.service_level == key.2
                })
                .min_by_key(|c| (c.transit_max_days, c.transit_min_days, c.price_minor))
            else {
                continue;
            };
            let days = |d: i64| u16::try_from(d.max(0)).unwrap_or(u16::MAX);
            let (early, late) =
                transit_window((days(fastest.transit_min_days), days(fastest.transit_max_days)), samples);
            let name = adapter(&fastest.carrier_code).map(|a| a.name()).unwrap_or(&fastest.carrier_code);
            let counted = if samples.len() >= MEASURED_AFTER { samples.len() } else { 0 };
            if network::set_shopper_lane_transit(
                pool,
                &lane,
                (i64::from(early), i64::from(late)),
                name,
                i64::try_from(counted).unwrap_or(i64::MAX),
            )
            .await
            .context("updating a lane")?
            {
                changed += 1;
            }
        }
        if changed > 0 {
            crate::db::catalog::note_catalog_write();
        }
        Ok(changed)
    }

    /// The label of an order shipped with one of Bazaar's carriers.
    pub async fn label(&self, order: &OrderRow, item_count: u32) -> Result<ShippingLabel, ServiceError> {
        let shipment = store::shipment_of_order(self.db.pool(), &order.id)
            .await
            .context("reading the shipment")?
            .ok_or(ServiceError::NotFound("shipment"))?;
        Ok(ShippingLabel {
            order_id: order.id.parse().ok().context("stored order id")?,
            carrier_name: carrier_name(&shipment.carrier_code),
            carrier_code: shipment.carrier_code,
            tracking_number: shipment.tracking_number,
            service_level: ServiceLevel::parse(&shipment.service_level).context("stored service level")?,
            from_shop: order.seller_name.clone(),
            from_region: shipment.origin_region,
            to: order.address(),
            item_count,
            created_at_ms: shipment.created_at_ms,
            deliver_by_ms: shipment.deliver_by_ms,
        })
    }

    /// A seller's shipments, newest first, each with the breaches recorded on its order.
    pub async fn shipments_of_seller(
        &self,
        seller_id: &str,
        page: PageRequest,
    ) -> Result<Page<ShipmentSummary>, ServiceError> {
        let pool = self.db.pool();
        let (rows, total) = network::shipments_of_seller(pool, seller_id, page.per_page(), page.offset())
            .await
            .context("listing shipments")?;
        let order_ids: Vec<String> = rows.iter().map(|row| row.order_id.clone()).collect();
        let breaches = network::breaches_of_orders(pool, &order_ids).await.context("reading breaches")?;
        let items = rows
            .into_iter()
            .map(|row| {
                Ok(ShipmentSummary {
                    breaches: breaches
                        .iter()
                        .filter(|breach| breach.order_id == row.order_id)
                        .filter_map(|breach| BreachKind::parse(&breach.kind))
                        .collect(),
                    order_id: row.order_id.parse().ok().context("stored order id")?,
                    carrier_name: carrier_name(&row.carrier_code),
                    carrier_code: row.carrier_code,
                    tracking_number: row.tracking_number,
                    status: TrackingStatus::parse(&row.status).unwrap_or(TrackingStatus::Exception),
                    status_since_ms: row.status_since_ms,
                    service_level: ServiceLevel::parse(&row.service_level).context("stored service level")?,
                    destination_region: row.destination_region,
                    created_at_ms: row.created_at_ms,
                    deliver_by_ms: row.deliver_by_ms,
                    delivered_at_ms: row.delivered_at_ms,
                })
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        Ok(Page { items, page: page.page(), per_page: page.per_page(), total })
    }

    /// The seller's standing under the SLA.
    pub async fn sla_report(&self, seller_id: &str) -> Result<SlaReport, ServiceError> {
        let now = self.settlement.clock.now_ms();
        let rows =
            network::breaches_of_seller(self.db.pool(), seller_id, 200).await.context("reading breaches")?;
        let recent_count = |kind: BreachKind| {
            let n = rows
                .iter()
                .filter(|row| row.kind == kind.as_str() && row.detected_at_ms >= now - SCORING_WINDOW_MS)
                .count();
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        Ok(SlaReport {
            rules: self.sla,
            late_shipments_30d: recent_count(BreachKind::LateShipment),
            missing_scans_30d: recent_count(BreachKind::NoTrackingScan),
            recent: rows
                .iter()
                .take(20)
                .map(|row| {
                    Ok(BreachView {
                        kind: BreachKind::parse(&row.kind).context("stored breach kind")?,
                        party: SlaParty::Seller,
                        order_id: row.order_id.parse().ok().context("stored order id")?,
                        carrier_code: row.carrier_code.clone(),
                        deadline_ms: row.deadline_ms,
                        detected_at_ms: row.detected_at_ms,
                    })
                })
                .collect::<Result<Vec<_>, ServiceError>>()?,
        })
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
            carrier_name: carrier_name(&shipment.carrier_code),
            carrier_code: shipment.carrier_code,
            tracking_number: shipment.tracking_number,
            status: TrackingStatus::parse(&shipment.status).unwrap_or(TrackingStatus::Exception),
            events,
        }))
    }
}

/// A carrier's name as people read it (its code when it is not a built-in one).
fn carrier_name(code: &str) -> String {
    adapter(code).map(|a| a.name().to_string()).unwrap_or_else(|| code.to_string())
}
