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

/// A carrier's shipments with these tracking numbers (the ones that are ours), in one query per 500 numbers.
pub async fn shipments_by_tracking(
    conn: &mut AnyConnection,
    carrier_code: &str,
    tracking_numbers: &[&str],
) -> Result<Vec<ShipmentRow>, sqlx::Error> {
    let mut found = Vec::with_capacity(tracking_numbers.len());
    for chunk in tracking_numbers.chunks(500) {
        let placeholders = (2..chunk.len() + 2).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE carrier_code = $1 AND tracking_number IN ({placeholders})"
        );
        let mut query = sqlx::query_as(&sql).bind(carrier_code);
        for number in chunk {
            query = query.bind(*number);
        }
        found.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(found)
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

/// Keeps the events their carriers did not send before, in one statement per 100 events, and returns the
/// (carrier, event id) pairs kept; the others were duplicates. The pairs must be distinct.
pub async fn insert_events(
    conn: &mut AnyConnection,
    events: &[EventRow],
) -> Result<Vec<(String, String)>, sqlx::Error> {
    const COLUMNS: usize = 9;
    let mut kept = Vec::with_capacity(events.len());
    for chunk in events.chunks(100) {
        let sql = format!(
            "INSERT INTO shipment_events (carrier_code, event_id, shipment_id, status, occurred_at_ms, location, \
                 raw_code, raw_text, received_at_ms) VALUES {} \
             ON CONFLICT (carrier_code, event_id) DO NOTHING RETURNING carrier_code, event_id",
            super::values_placeholders(chunk.len(), COLUMNS)
        );
        let mut query = sqlx::query_as::<_, (String, String)>(&sql);
        for event in chunk {
            query = query
                .bind(&event.carrier_code)
                .bind(&event.event_id)
                .bind(&event.shipment_id)
                .bind(&event.status)
                .bind(event.occurred_at_ms)
                .bind(&event.location)
                .bind(&event.raw_code)
                .bind(&event.raw_text)
                .bind(event.received_at_ms);
        }
        kept.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(kept)
}

/// Writes what a run of events did to a shipment (status, first scan, deadline, troubles) if the shipment is
/// still as it was read (compare-and-set); false when another writer changed it meanwhile.
pub async fn update_tracked_shipment(
    conn: &mut AnyConnection,
    read: &ShipmentRow,
    now: &ShipmentRow,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE shipments SET status = $1, status_since_ms = $2, furthest_stage = $3, delivered_at_ms = $4, \
             first_scan_at_ms = $5, deliver_by_ms = $6, had_exception = $7 \
         WHERE id = $8 AND status = $9 AND status_since_ms = $10 AND first_scan_at_ms IS NOT DISTINCT FROM $11 \
             AND had_exception = $12",
    )
    .bind(&now.status)
    .bind(now.status_since_ms)
    .bind(now.furthest_stage)
    .bind(now.delivered_at_ms)
    .bind(now.first_scan_at_ms)
    .bind(now.deliver_by_ms)
    .bind(now.had_exception)
    .bind(&read.id)
    .bind(&read.status)
    .bind(read.status_since_ms)
    .bind(read.first_scan_at_ms)
    .bind(read.had_exception)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
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
