//! SQL of logistics: carriers, shipments and their tracking events.

use sqlx::{AnyConnection, AnyPool, FromRow};

/// A carrier to register, with its published terms.
pub struct NewCarrier<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub secret: &'a str,
    pub pickup_cutoff_minute: i64,
    pub daily_capacity: i64,
}

/// Registers a carrier unless it is there (its secret and terms, once set, are kept).
pub async fn ensure_carrier(pool: &AnyPool, carrier: NewCarrier<'_>, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO carriers (code, name, webhook_secret, created_at_ms, pickup_cutoff_minute, daily_capacity) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING",
    )
    .bind(carrier.code)
    .bind(carrier.name)
    .bind(carrier.secret)
    .bind(now_ms)
    .bind(carrier.pickup_cutoff_minute)
    .bind(carrier.daily_capacity)
    .execute(pool)
    .await
    .map(drop)
}

pub async fn carrier_secret(pool: &AnyPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT webhook_secret FROM carriers WHERE code = $1")
        .bind(code)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(secret,)| secret))
}

#[derive(Debug, Clone, FromRow)]
pub struct ShipmentRow {
    pub id: String,
    pub order_id: String,
    pub carrier_code: String,
    pub tracking_number: String,
    pub status: String,
    pub status_since_ms: i64,
    pub furthest_stage: Option<i64>,
    pub created_at_ms: i64,
    pub delivered_at_ms: Option<i64>,
    pub service_level: String,
    pub origin_region: String,
    pub destination_region: String,
    pub currency: String,
    pub price_minor: i64,
    pub transit_max_days: i64,
    pub first_scan_at_ms: Option<i64>,
    pub deliver_by_ms: Option<i64>,
    pub had_exception: i64,
}

const SHIPMENT_COLUMNS: &str = "id, order_id, carrier_code, tracking_number, status, status_since_ms, furthest_stage, \
     created_at_ms, delivered_at_ms, service_level, origin_region, destination_region, currency, price_minor, \
     transit_max_days, first_scan_at_ms, deliver_by_ms, had_exception";

pub async fn insert_shipment(pool: &AnyPool, row: &ShipmentRow) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO shipments (id, order_id, carrier_code, tracking_number, status, status_since_ms, furthest_stage, \
             created_at_ms, service_level, origin_region, destination_region, currency, price_minor, transit_max_days) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (order_id) DO NOTHING",
    )
    .bind(&row.id)
    .bind(&row.order_id)
    .bind(&row.carrier_code)
    .bind(&row.tracking_number)
    .bind(&row.status)
    .bind(row.status_since_ms)
    .bind(row.furthest_stage)
    .bind(row.created_at_ms)
    .bind(&row.service_level)
    .bind(&row.origin_region)
    .bind(&row.destination_region)
    .bind(&row.currency)
    .bind(row.price_minor)
    .bind(row.transit_max_days)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

pub async fn shipment_of_order(pool: &AnyPool, order_id: &str) -> Result<Option<ShipmentRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE order_id = $1"))
        .bind(order_id)
        .fetch_optional(pool)
        .await
}

pub async fn shipment_by_tracking(
    conn: &mut AnyConnection,
    carrier_code: &str,
    tracking_number: &str,
) -> Result<Option<ShipmentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE carrier_code = $1 AND tracking_number = $2"
    ))
    .bind(carrier_code)
    .bind(tracking_number)
    .fetch_optional(conn)
    .await
}

/// One event to keep in a shipment's timeline.
#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub carrier_code: String,
    pub event_id: String,
    pub shipment_id: String,
    pub status: String,
    pub occurred_at_ms: i64,
    pub location: Option<String>,
    pub raw_code: String,
    pub raw_text: String,
    pub received_at_ms: i64,
}

/// Keeps an event unless the carrier sent it before; false for a duplicate.
pub async fn insert_event(conn: &mut AnyConnection, event: &EventRow) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO shipment_events (carrier_code, event_id, shipment_id, status, occurred_at_ms, location, raw_code, \
             raw_text, received_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (carrier_code, event_id) DO NOTHING",
    )
    .bind(&event.carrier_code)
    .bind(&event.event_id)
    .bind(&event.shipment_id)
    .bind(&event.status)
    .bind(event.occurred_at_ms)
    .bind(&event.location)
    .bind(&event.raw_code)
    .bind(&event.raw_text)
    .bind(event.received_at_ms)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Moves a shipment's status if it is still what was read (compare-and-set); false when it changed meanwhile.
#[allow(clippy::too_many_arguments)]
pub async fn move_shipment(
    conn: &mut AnyConnection,
    id: &str,
    from_status: &str,
    from_since_ms: i64,
    status: &str,
    since_ms: i64,
    furthest_stage: Option<i64>,
    delivered_at_ms: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE shipments SET status = $1, status_since_ms = $2, furthest_stage = $3, \
             delivered_at_ms = COALESCE($4, delivered_at_ms) \
         WHERE id = $5 AND status = $6 AND status_since_ms = $7",
    )
    .bind(status)
    .bind(since_ms)
    .bind(furthest_stage)
    .bind(delivered_at_ms)
    .bind(id)
    .bind(from_status)
    .bind(from_since_ms)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(moved == 1)
}

/// Records what a carrier scan tells about the handover and the parcel's troubles: the first scan (and the delivery
/// deadline that runs from it) and whether anything went wrong.
pub async fn note_scan(
    conn: &mut AnyConnection,
    id: &str,
    first_scan_at_ms: Option<i64>,
    deliver_by_ms: Option<i64>,
    had_exception: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE shipments SET first_scan_at_ms = $1, deliver_by_ms = $2, \
             had_exception = CASE WHEN $3 = 1 THEN 1 ELSE had_exception END \
         WHERE id = $4",
    )
    .bind(first_scan_at_ms)
    .bind(deliver_by_ms)
    .bind(i64::from(had_exception))
    .bind(id)
    .execute(conn)
    .await
    .map(drop)
}

/// A shipment's events in the order they happened.
pub async fn timeline(pool: &AnyPool, shipment_id: &str) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT carrier_code, event_id, shipment_id, status, occurred_at_ms, location, raw_code, raw_text, received_at_ms \
         FROM shipment_events WHERE shipment_id = $1 ORDER BY occurred_at_ms, received_at_ms, event_id",
    )
    .bind(shipment_id)
    .fetch_all(pool)
    .await
}

/// A carrier's shipments whose status is not final (not delivered, returned to sender or lost), oldest first, at
/// most `limit`: the parcels the carrier simulator still has to move.
pub async fn open_shipments(
    pool: &AnyPool,
    carrier_code: &str,
    limit: u32,
) -> Result<Vec<ShipmentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE carrier_code = $1 \
         AND status NOT IN ('delivered', 'returned_to_sender', 'lost') ORDER BY created_at_ms, id LIMIT $2"
    ))
    .bind(carrier_code)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
}
