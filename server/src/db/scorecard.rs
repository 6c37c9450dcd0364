//! What a seller's performance scorecard is computed from: the shop's paid orders with their shipments, its
//! listings' stock and its stored rating. Read-only; `shared::scorecard` does the arithmetic.

use sqlx::{AnyPool, FromRow};

/// One paid order of the shop with its shipment, if it shipped with a carrier of the network.
#[derive(Debug, Clone, FromRow)]
pub struct OrderFactsRow {
    /// `shared::order::OrderState`.
    pub state: String,
    pub paid_at_ms: i64,
    pub shipped_at_ms: Option<i64>,
    /// A cancelled order is final, so its last update is when it was cancelled.
    pub updated_at_ms: i64,
    /// 'shopper', 'seller' or 'platform' on a cancelled order.
    pub cancelled_by: Option<String>,
    /// When the carrier's label was made (None: not shipped with a carrier of the network).
    pub label_created_at_ms: Option<i64>,
    pub first_scan_at_ms: Option<i64>,
    /// `shared::tracking::TrackingStatus` of the shipment.
    pub shipment_status: Option<String>,
}

/// The shop's orders paid since `paid_since_ms`, and older ones shipped since `shipped_since_ms`: every order
/// whose outcome may fall into the scorecard's span. At most `limit`, newest first.
pub async fn order_facts(
    pool: &AnyPool,
    seller_id: &str,
    paid_since_ms: i64,
    shipped_since_ms: i64,
    limit: u32,
) -> Result<Vec<OrderFactsRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.state, o.paid_at_ms, o.shipped_at_ms, o.updated_at_ms, o.cancelled_by, \
                s.created_at_ms AS label_created_at_ms, s.first_scan_at_ms, s.status AS shipment_status \
         FROM orders o LEFT JOIN shipments s ON s.order_id = o.id \
         WHERE o.seller_id = $1 AND o.paid_at_ms IS NOT NULL \
           AND (o.paid_at_ms >= $2 OR o.shipped_at_ms >= $3) \
         ORDER BY o.paid_at_ms DESC LIMIT $4",
    )
    .bind(seller_id)
    .bind(paid_since_ms)
    .bind(shipped_since_ms)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
}

/// The shop's listings, and how many of them have stock.
pub async fn listing_stock(pool: &AnyPool, seller_id: &str) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), \
                CAST(COALESCE(SUM(CASE WHEN stock > 0 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM products WHERE seller_id = $1",
    )
    .bind(seller_id)
    .fetch_one(pool)
    .await
}

/// The shop's stored rating ×100: None when there is no such shop, Some(None) while it is unrated.
pub async fn stored_rating(pool: &AnyPool, seller_id: &str) -> Result<Option<Option<i64>>, sqlx::Error> {
    let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT rating_x100 FROM sellers WHERE id = $1")
        .bind(seller_id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(rating,)| rating))
}

/// A shop whose performance score is due, with the score it has now.
#[derive(Debug, Clone, FromRow)]
pub struct ShopToMeasure {
    pub id: String,
    pub performance_ppm: Option<i64>,
}

/// Shops with orders paid since `active_since_ms` or a score already, the least recently measured first (so a
/// bounded run still reaches every shop over the following runs). At most `limit`.
pub async fn shops_to_measure(
    pool: &AnyPool,
    active_since_ms: i64,
    limit: u32,
) -> Result<Vec<ShopToMeasure>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.performance_ppm FROM sellers s \
         WHERE s.performance_ppm IS NOT NULL \
            OR EXISTS (SELECT 1 FROM orders o WHERE o.seller_id = s.id AND o.paid_at_ms >= $1) \
         ORDER BY COALESCE(s.performance_measured_at_ms, 0), s.id LIMIT $2",
    )
    .bind(active_since_ms)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
}

/// Stores the shop's performance score as measured at `measured_at_ms`.
pub async fn store_performance(
    pool: &AnyPool,
    seller_id: &str,
    performance_ppm: u32,
    measured_at_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sellers SET performance_ppm = $2, performance_measured_at_ms = $3 WHERE id = $1")
        .bind(seller_id)
        .bind(i64::from(performance_ppm))
        .bind(measured_at_ms)
        .execute(pool)
        .await?;
    Ok(())
}
