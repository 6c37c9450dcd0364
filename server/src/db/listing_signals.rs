//! The ranking's outcome counters of listings, measured from product views and paid orders (migration 0016).

use sqlx::{AnyPool, FromRow};

use super::Database;

/// One listing's activity over the windows.
#[derive(Debug, Clone, Default, PartialEq, Eq, FromRow)]
pub struct ListingActivity {
    pub product_id: String,
    pub views_30d: i64,
    pub orders_30d: i64,
    pub orders_90d: i64,
    /// Orders of the listing that went wrong: refunded after shipping (a lost or returned parcel).
    pub bad_90d: i64,
}

/// Product page views per listing since `since_day` (days since 1970-01-01).
pub async fn views_since(pool: &AnyPool, since_day: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT product_id, CAST(SUM(views) AS BIGINT) FROM product_views_daily WHERE day >= $1 \
         GROUP BY product_id",
    )
    .bind(since_day)
    .fetch_all(pool)
    .await
}

/// Per listing, the orders paid since `since_90d_ms`, those paid since `since_30d_ms`, and the ones refunded
/// after they shipped. An order counts once per listing however many of its variants it holds.
pub async fn orders_since(
    pool: &AnyPool,
    since_90d_ms: i64,
    since_30d_ms: i64,
) -> Result<Vec<(String, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.product_id, \
                CAST(COUNT(DISTINCT CASE WHEN o.paid_at_ms >= $2 THEN o.id END) AS BIGINT), \
                CAST(COUNT(DISTINCT o.id) AS BIGINT), \
                CAST(COUNT(DISTINCT CASE WHEN o.state = 'cancelled' AND o.shipped_at_ms IS NOT NULL \
                                         THEN o.id END) AS BIGINT) \
         FROM orders o JOIN order_lines l ON l.order_id = o.id \
         WHERE o.paid_at_ms >= $1 GROUP BY l.product_id",
    )
    .bind(since_90d_ms)
    .bind(since_30d_ms)
    .fetch_all(pool)
    .await
}

/// Listings measured before, with the counters they hold (which must follow activity out of the window too).
pub async fn measured_listings(pool: &AnyPool) -> Result<Vec<ListingActivity>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id AS product_id, views_30d, orders_30d, orders_90d, returns_disputes_90d AS bad_90d \
         FROM products WHERE signals_measured_at_ms IS NOT NULL",
    )
    .fetch_all(pool)
    .await
}

/// Stores the counters of `activity`, all in one transaction.
pub async fn store(
    db: &Database,
    activity: &[ListingActivity],
    measured_at_ms: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    for listing in activity {
        sqlx::query(
            "UPDATE products SET views_30d = $2, orders_30d = $3, orders_90d = $4, returns_disputes_90d = $5, \
                    signals_measured_at_ms = $6 WHERE id = $1",
        )
        .bind(&listing.product_id)
        .bind(listing.views_30d)
        .bind(listing.orders_30d)
        .bind(listing.orders_90d)
        .bind(listing.bad_90d)
        .bind(measured_at_ms)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}
