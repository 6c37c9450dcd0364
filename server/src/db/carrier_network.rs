//! SQL of the carrier network: the registry (lanes, cut-offs, capacity), what carriers did (partner statistics,
//! measured transit), and SLA breaches.

use shared::delivery::ServiceLevel;
use sqlx::{AnyPool, FromRow};

/// A carrier's service on one lane.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct CarrierLaneRow {
    pub carrier_code: String,
    pub origin_region: String,
    pub destination_region: String,
    pub service_level: String,
    pub transit_min_days: i64,
    pub transit_max_days: i64,
    pub currency: String,
    pub price_minor: i64,
}

impl CarrierLaneRow {
    pub fn level(&self) -> Option<ServiceLevel> {
        ServiceLevel::parse(&self.service_level)
    }
}

/// A carrier as the registry holds it, with today's bookings.
#[derive(Debug, Clone, FromRow)]
pub struct CarrierRow {
    pub code: String,
    pub name: String,
    pub pickup_cutoff_minute: i64,
    pub daily_capacity: i64,
    pub booked_since: i64,
    pub lanes: i64,
}

impl CarrierRow {
    /// Parcels the carrier still takes today.
    pub fn remaining_today(&self) -> u32 {
        u32::try_from((self.daily_capacity - self.booked_since).max(0)).unwrap_or(u32::MAX)
    }
}

pub async fn set_daily_capacity(
    pool: &AnyPool,
    code: &str,
    daily_capacity: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query("UPDATE carriers SET daily_capacity = $1 WHERE code = $2")
        .bind(daily_capacity)
        .bind(code)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(changed == 1)
}

/// Adds the lanes a carrier does not have yet (published lanes an operator changed are kept).
pub async fn ensure_lanes(pool: &AnyPool, lanes: &[CarrierLaneRow]) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    for lane in lanes {
        sqlx::query(
            "INSERT INTO carrier_lanes (carrier_code, origin_region, destination_region, service_level, \
                 transit_min_days, transit_max_days, currency, price_minor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (carrier_code, origin_region, destination_region, service_level) DO NOTHING",
        )
        .bind(&lane.carrier_code)
        .bind(&lane.origin_region)
        .bind(&lane.destination_region)
        .bind(&lane.service_level)
        .bind(lane.transit_min_days)
        .bind(lane.transit_max_days)
        .bind(&lane.currency)
        .bind(lane.price_minor)
        .execute(&mut *transaction)
        .await?;
    }
    transaction.commit().await
}

const LANE_COLUMNS: &str = "carrier_code, origin_region, destination_region, service_level, transit_min_days, \
     transit_max_days, currency, price_minor";

/// Every carrier's services from `origin` to `destination`.
pub async fn lanes_between(
    pool: &AnyPool,
    origin: &str,
    destination: &str,
) -> Result<Vec<CarrierLaneRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {LANE_COLUMNS} FROM carrier_lanes WHERE origin_region = $1 AND destination_region = $2 \
         ORDER BY carrier_code, service_level"
    ))
    .bind(origin)
    .bind(destination)
    .fetch_all(pool)
    .await
}

pub async fn all_lanes(pool: &AnyPool) -> Result<Vec<CarrierLaneRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {LANE_COLUMNS} FROM carrier_lanes ORDER BY carrier_code"))
        .fetch_all(pool)
        .await
}

/// The registered carriers with the shipments booked since `since_ms` (the start of today) and their lane count.
pub async fn carriers(pool: &AnyPool, since_ms: i64) -> Result<Vec<CarrierRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.code, c.name, c.pickup_cutoff_minute, c.daily_capacity, \
                (SELECT COUNT(*) FROM shipments s WHERE s.carrier_code = c.code AND s.created_at_ms >= $1) \
                    AS booked_since, \
                (SELECT COUNT(*) FROM carrier_lanes l WHERE l.carrier_code = c.code) AS lanes \
         FROM carriers c ORDER BY c.name",
    )
    .bind(since_ms)
    .fetch_all(pool)
    .await
}

/// What one carrier did with the shipments handed to it since `since_ms`.
#[derive(Debug, Clone, Default, FromRow)]
pub struct PartnerCounts {
    pub carrier_code: String,
    pub shipments: i64,
    pub delivered: i64,
    pub delivered_on_time: i64,
    pub with_exception: i64,
    pub complete_scans: i64,
}

/// Partner statistics per carrier over the shipments created since `since_ms`. A delivered parcel has complete scans
/// when its timeline holds a pickup, a transit or sorting scan, and an out-for-delivery scan.
pub async fn partner_counts(pool: &AnyPool, since_ms: i64) -> Result<Vec<PartnerCounts>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.carrier_code, COUNT(*) AS shipments, \
                COALESCE(SUM(CASE WHEN s.delivered_at_ms IS NOT NULL THEN 1 ELSE 0 END), 0) AS delivered, \
                COALESCE(SUM(CASE WHEN s.delivered_at_ms IS NOT NULL AND s.deliver_by_ms IS NOT NULL \
                                   AND s.delivered_at_ms <= s.deliver_by_ms THEN 1 ELSE 0 END), 0) \
                    AS delivered_on_time, \
                COALESCE(SUM(CASE WHEN s.had_exception = 1 THEN 1 ELSE 0 END), 0) AS with_exception, \
                COALESCE(SUM(CASE WHEN s.delivered_at_ms IS NOT NULL \
                    AND EXISTS (SELECT 1 FROM shipment_events e WHERE e.shipment_id = s.id \
                                AND e.status = 'picked_up') \
                    AND EXISTS (SELECT 1 FROM shipment_events e WHERE e.shipment_id = s.id \
                                AND e.status IN ('in_transit', 'at_sorting_center')) \
                    AND EXISTS (SELECT 1 FROM shipment_events e WHERE e.shipment_id = s.id \
                                AND e.status = 'out_for_delivery') \
                    THEN 1 ELSE 0 END), 0) AS complete_scans \
         FROM shipments s WHERE s.created_at_ms >= $1 GROUP BY s.carrier_code",
    )
    .bind(since_ms)
    .fetch_all(pool)
    .await
}

/// How long parcels delivered since `since_ms` took from the first scan to the door, per lane and service level.
#[derive(Debug, Clone, FromRow)]
pub struct MeasuredTransit {
    pub origin_region: String,
    pub destination_region: String,
    pub service_level: String,
    pub transit_ms: i64,
}

pub async fn measured_transit(pool: &AnyPool, since_ms: i64) -> Result<Vec<MeasuredTransit>, sqlx::Error> {
    sqlx::query_as(
        "SELECT origin_region, destination_region, service_level, delivered_at_ms - first_scan_at_ms AS transit_ms \
         FROM shipments WHERE delivered_at_ms >= $1 AND first_scan_at_ms IS NOT NULL AND origin_region <> ''",
    )
    .bind(since_ms)
    .fetch_all(pool)
    .await
}

/// A lane shoppers see, and whether measured transit set its window.
#[derive(Debug, Clone, FromRow)]
pub struct ShopperLaneRow {
    pub origin_region: String,
    pub destination_region: String,
    pub service_level: String,
    pub measured_deliveries: i64,
}

pub async fn shopper_lanes(pool: &AnyPool) -> Result<Vec<ShopperLaneRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT origin_region, destination_region, service_level, measured_deliveries FROM shipping_lanes \
         ORDER BY origin_region, destination_region, service_level",
    )
    .fetch_all(pool)
    .await
}

/// Sets the transit window (and the carrier named) of a lane shoppers see; false when nothing changed.
pub async fn set_shopper_lane_transit(
    pool: &AnyPool,
    lane: &ShopperLaneRow,
    window: (i64, i64),
    carrier: &str,
    measured_deliveries: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE shipping_lanes SET transit_min_days = $1, transit_max_days = $2, carrier = $3, \
             measured_deliveries = $4 \
         WHERE origin_region = $5 AND destination_region = $6 AND service_level = $7 \
           AND (transit_min_days <> $1 OR transit_max_days <> $2 OR carrier <> $3 OR measured_deliveries <> $4)",
    )
    .bind(window.0)
    .bind(window.1)
    .bind(carrier)
    .bind(measured_deliveries)
    .bind(&lane.origin_region)
    .bind(&lane.destination_region)
    .bind(&lane.service_level)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(changed > 0)
}

/// A deadline someone may have missed: what the SLA job looks at.
#[derive(Debug, Clone, FromRow)]
pub struct ShippingDeadlineRow {
    pub order_id: String,
    pub seller_id: String,
    pub paid_at_ms: i64,
    pub shipped_at_ms: Option<i64>,
}

/// Paid orders, paid before `paid_before_ms`, that have no late-shipment breach yet and either are not shipped or
/// shipped later than `min_handling_ms` after payment (the job checks business days itself).
pub async fn shipping_deadline_candidates(
    pool: &AnyPool,
    paid_before_ms: i64,
    paid_after_ms: i64,
    min_handling_ms: i64,
) -> Result<Vec<ShippingDeadlineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id AS order_id, o.seller_id, o.paid_at_ms, o.shipped_at_ms FROM orders o \
         WHERE o.paid_at_ms IS NOT NULL AND o.paid_at_ms < $1 AND o.paid_at_ms >= $2 \
           AND (o.shipped_at_ms IS NULL AND o.state = 'paid' OR o.shipped_at_ms > o.paid_at_ms + $3) \
           AND NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.kind = 'late_shipment' AND b.order_id = o.id)",
    )
    .bind(paid_before_ms)
    .bind(paid_after_ms)
    .bind(min_handling_ms)
    .fetch_all(pool)
    .await
}

/// A shipment with the deadlines the SLA job checks.
#[derive(Debug, Clone, FromRow)]
pub struct ShipmentDeadlineRow {
    pub order_id: String,
    pub seller_id: String,
    pub carrier_code: String,
    pub status: String,
    pub created_at_ms: i64,
    pub first_scan_at_ms: Option<i64>,
    pub deliver_by_ms: Option<i64>,
    pub delivered_at_ms: Option<i64>,
}

/// Shipments that missed (or may have missed) the first-scan rule or their delivery deadline and carry no breach of
/// that kind yet.
pub async fn shipment_deadline_candidates(
    pool: &AnyPool,
    now_ms: i64,
    first_scan_within_ms: i64,
) -> Result<Vec<ShipmentDeadlineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.order_id, o.seller_id, s.carrier_code, s.status, s.created_at_ms, s.first_scan_at_ms, \
                s.deliver_by_ms, s.delivered_at_ms \
         FROM shipments s JOIN orders o ON o.id = s.order_id \
         WHERE (((s.first_scan_at_ms IS NULL AND s.created_at_ms + $2 < $1) \
                  OR s.first_scan_at_ms > s.created_at_ms + $2) \
                AND NOT EXISTS (SELECT 1 FROM sla_breaches b \
                                WHERE b.kind = 'no_tracking_scan' AND b.order_id = s.order_id)) \
            OR (((s.delivered_at_ms IS NULL AND s.deliver_by_ms < $1 \
                  AND s.status NOT IN ('lost', 'returned_to_sender', 'returning')) \
                  OR s.delivered_at_ms > s.deliver_by_ms) \
                AND NOT EXISTS (SELECT 1 FROM sla_breaches b \
                                WHERE b.kind = 'late_delivery' AND b.order_id = s.order_id))",
    )
    .bind(now_ms)
    .bind(first_scan_within_ms)
    .fetch_all(pool)
    .await
}

/// One breach as stored.
#[derive(Debug, Clone, FromRow)]
pub struct BreachRow {
    pub kind: String,
    pub order_id: String,
    pub party: String,
    pub seller_id: String,
    pub carrier_code: Option<String>,
    pub deadline_ms: i64,
    pub detected_at_ms: i64,
}

/// Records a breach once; false when it was recorded before.
pub async fn record_breach(pool: &AnyPool, breach: &BreachRow) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO sla_breaches (kind, order_id, party, seller_id, carrier_code, deadline_ms, detected_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kind, order_id) DO NOTHING",
    )
    .bind(&breach.kind)
    .bind(&breach.order_id)
    .bind(&breach.party)
    .bind(&breach.seller_id)
    .bind(&breach.carrier_code)
    .bind(breach.deadline_ms)
    .bind(breach.detected_at_ms)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Breaches a seller answers for, newest first.
pub async fn breaches_of_seller(
    pool: &AnyPool,
    seller_id: &str,
    limit: i64,
) -> Result<Vec<BreachRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, order_id, party, seller_id, carrier_code, deadline_ms, detected_at_ms FROM sla_breaches \
         WHERE seller_id = $1 AND party = 'seller' ORDER BY detected_at_ms DESC, order_id LIMIT $2",
    )
    .bind(seller_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Breaches of one order (either party).
pub async fn breaches_of_orders(pool: &AnyPool, order_ids: &[String]) -> Result<Vec<BreachRow>, sqlx::Error> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=order_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT kind, order_id, party, seller_id, carrier_code, deadline_ms, detected_at_ms FROM sla_breaches \
         WHERE order_id IN ({}) ORDER BY detected_at_ms",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for id in order_ids {
        query = query.bind(id);
    }
    query.fetch_all(pool).await
}

/// Carrier breaches since `since_ms`, counted per carrier.
pub async fn carrier_breach_counts(pool: &AnyPool, since_ms: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT carrier_code, COUNT(*) FROM sla_breaches WHERE party = 'carrier' AND detected_at_ms >= $1 \
           AND carrier_code IS NOT NULL GROUP BY carrier_code",
    )
    .bind(since_ms)
    .fetch_all(pool)
    .await
}

/// A seller's shipments, newest first, with the order's payment time; and how many there are.
#[derive(Debug, Clone, FromRow)]
pub struct SellerShipmentRow {
    pub order_id: String,
    pub carrier_code: String,
    pub tracking_number: String,
    pub status: String,
    pub status_since_ms: i64,
    pub service_level: String,
    pub destination_region: String,
    pub created_at_ms: i64,
    pub deliver_by_ms: Option<i64>,
    pub delivered_at_ms: Option<i64>,
}

pub async fn shipments_of_seller(
    pool: &AnyPool,
    seller_id: &str,
    limit: u32,
    offset: u64,
) -> Result<(Vec<SellerShipmentRow>, u64), sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT s.order_id, s.carrier_code, s.tracking_number, s.status, s.status_since_ms, s.service_level, \
                s.destination_region, s.created_at_ms, s.deliver_by_ms, s.delivered_at_ms \
         FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.seller_id = $1 \
         ORDER BY s.created_at_ms DESC, s.id LIMIT $2 OFFSET $3",
    )
    .bind(seller_id)
    .bind(i64::from(limit))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    let (total,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.seller_id = $1",
    )
    .bind(seller_id)
    .fetch_one(pool)
    .await?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
}

/// The region a shop ships from.
pub async fn seller_region(pool: &AnyPool, seller_id: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT region FROM sellers WHERE id = $1")
        .bind(seller_id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(region,)| region))
}

/// Where a polled carrier's feed left off.
pub async fn poll_cursor(pool: &AnyPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT poll_cursor FROM carriers WHERE code = $1")
        .bind(code)
        .fetch_optional(pool)
        .await?;
    Ok(row.and_then(|(cursor,)| cursor))
}

pub async fn set_poll_cursor(pool: &AnyPool, code: &str, cursor: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE carriers SET poll_cursor = $1 WHERE code = $2")
        .bind(cursor)
        .bind(code)
        .execute(pool)
        .await
        .map(drop)
}

/// Shipped orders whose parcel already reached an end (delivered, lost, returned) without the order following:
/// what a stop between the tracking transaction and the order's move leaves behind.
pub async fn orders_behind_their_parcels(
    pool: &AnyPool,
    limit: u32,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT s.order_id, s.status FROM shipments s JOIN orders o ON o.id = s.order_id \
         WHERE o.state = 'shipped' AND s.status IN ('delivered', 'lost', 'returned_to_sender') \
         ORDER BY s.status_since_ms LIMIT {limit}"
    ))
    .fetch_all(pool)
    .await
}
