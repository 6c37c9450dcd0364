//! What a shop's sales analytics are computed from: its paid orders per UTC day and currency, its listings'
//! views per day, and its products ranked over a period. Portable SQL; days are days since 1970-01-01, and an
//! order's day is `paid_at_ms / 86400000` (integer division on both backends).
//!
//! Which orders count (see `shared::analytics`): paid in the period, except those cancelled before they shipped.
//! GMV is the goods after promotions (`items_subtotal_minor - discount_minor`; per product, the lines' totals),
//! without shipping.

use shared::analytics::TopProductSort;
use shared::order::DAY_MS;
use sqlx::{AnyConnection, AnyPool, FromRow};

/// The orders analytics count: paid, and not cancelled before shipping.
const COUNTED_ORDER: &str =
    "o.paid_at_ms IS NOT NULL AND NOT (o.state = 'cancelled' AND o.shipped_at_ms IS NULL)";

/// Rows one upsert statement carries (three parameters each, far under both backends' limits).
pub const VIEW_ROWS_PER_STATEMENT: usize = 200;

/// Adds each row's views to its listing's count of that day (days since 1970-01-01), inserting rows the first
/// time; at most [`VIEW_ROWS_PER_STATEMENT`] rows, each (listing, day) once.
pub async fn add_views(
    connection: &mut AnyConnection,
    rows: &[(String, i64, i64)],
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    debug_assert!(rows.len() <= VIEW_ROWS_PER_STATEMENT);
    let values = (0..rows.len())
        .map(|row| format!("(${}, ${}, ${})", 3 * row + 1, 3 * row + 2, 3 * row + 3))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO product_views_daily (product_id, day, views) VALUES {values} \
         ON CONFLICT (product_id, day) DO UPDATE SET views = product_views_daily.views + excluded.views"
    );
    let mut query = sqlx::query(&sql);
    for (product_id, day, views) in rows {
        query = query.bind(product_id).bind(*day).bind(*views);
    }
    query.execute(connection).await.map(drop)
}

/// The shop's paid orders of one day in one currency.
#[derive(Debug, Clone, FromRow)]
pub struct DayOrdersRow {
    pub day: i64,
    pub currency: String,
    pub orders: i64,
    pub gmv_minor: i64,
}

/// The shop's counted orders paid from `start_ms` (included) to `end_ms` (excluded), per day and currency.
pub async fn orders_by_day(
    pool: &AnyPool,
    seller_id: &str,
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<DayOrdersRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT o.paid_at_ms / {DAY_MS} AS day, o.currency, CAST(COUNT(*) AS BIGINT) AS orders, \
                CAST(SUM(o.items_subtotal_minor - o.discount_minor) AS BIGINT) AS gmv_minor \
         FROM orders o \
         WHERE o.seller_id = $1 AND o.paid_at_ms >= $2 AND o.paid_at_ms < $3 AND {COUNTED_ORDER} \
         GROUP BY o.paid_at_ms / {DAY_MS}, o.currency \
         ORDER BY day, o.currency"
    ))
    .bind(seller_id)
    .bind(start_ms)
    .bind(end_ms)
    .fetch_all(pool)
    .await
}

/// The views of the shop's listings per day, from `from_day` to `to_day` (both included).
pub async fn views_by_day(
    pool: &AnyPool,
    seller_id: &str,
    from_day: i64,
    to_day: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.day, CAST(SUM(v.views) AS BIGINT) \
         FROM product_views_daily v JOIN products p ON p.id = v.product_id \
         WHERE p.seller_id = $1 AND v.day >= $2 AND v.day <= $3 \
         GROUP BY v.day ORDER BY v.day",
    )
    .bind(seller_id)
    .bind(from_day)
    .bind(to_day)
    .fetch_all(pool)
    .await
}

/// One of the shop's products over a period.
#[derive(Debug, Clone, FromRow)]
pub struct TopProductRow {
    pub product_id: String,
    pub title: String,
    pub currency: String,
    pub views: i64,
    pub orders: i64,
    pub units: i64,
    pub gmv_minor: i64,
}

/// The period a top-products query covers: the shop, its days and the same as instants.
#[derive(Debug, Clone, Copy)]
pub struct TopProductsScope<'a> {
    pub seller_id: &'a str,
    pub from_day: i64,
    pub to_day: i64,
    /// First instant of `from_day`.
    pub start_ms: i64,
    /// First instant after `to_day`.
    pub end_ms: i64,
}

/// The shop's products with views or counted orders in the period: views, orders containing them, units and the
/// lines' GMV. Binds $1–$5 in [`TopProductsScope`]'s order.
fn top_products_from() -> String {
    format!(
        "WITH viewed AS ( \
             SELECT v.product_id, CAST(SUM(v.views) AS BIGINT) AS views \
             FROM product_views_daily v JOIN products p ON p.id = v.product_id \
             WHERE p.seller_id = $1 AND v.day >= $2 AND v.day <= $3 \
             GROUP BY v.product_id), \
         sold AS ( \
             SELECT l.product_id, CAST(COUNT(DISTINCT o.id) AS BIGINT) AS orders, \
                    CAST(SUM(l.quantity) AS BIGINT) AS units, CAST(SUM(l.total_minor) AS BIGINT) AS gmv_minor \
             FROM orders o JOIN order_lines l ON l.order_id = o.id \
             WHERE o.seller_id = $1 AND o.paid_at_ms >= $4 AND o.paid_at_ms < $5 AND {COUNTED_ORDER} \
             GROUP BY l.product_id), \
         listed AS (SELECT product_id FROM viewed UNION SELECT product_id FROM sold) "
    )
}

/// How many of the shop's products had views or counted orders in the period.
pub async fn top_products_count(pool: &AnyPool, scope: TopProductsScope<'_>) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) =
        sqlx::query_as(&format!("{} SELECT CAST(COUNT(*) AS BIGINT) FROM listed", top_products_from()))
            .bind(scope.seller_id)
            .bind(scope.from_day)
            .bind(scope.to_day)
            .bind(scope.start_ms)
            .bind(scope.end_ms)
            .fetch_one(pool)
            .await?;
    Ok(count)
}

/// One page of the shop's products in `sort` order, biggest first; ties by title, then id. GMV sorts group by
/// currency (amounts in different currencies are never compared). Conversion sorts by orders ÷ views rounded
/// half up in basis points, as `shared::analytics::conversion_bps` computes it; products without views last.
pub async fn top_products(
    pool: &AnyPool,
    scope: TopProductsScope<'_>,
    sort: TopProductSort,
    limit: u32,
    offset: u64,
) -> Result<Vec<TopProductRow>, sqlx::Error> {
    let order = match sort {
        TopProductSort::Gmv => "currency, gmv_minor DESC",
        TopProductSort::Orders => "orders DESC",
        TopProductSort::Units => "units DESC",
        TopProductSort::Views => "views DESC",
        TopProductSort::Conversion => "conversion DESC",
    };
    sqlx::query_as(&format!(
        "{} SELECT p.id AS product_id, p.title AS title, p.currency AS currency, \
                COALESCE(viewed.views, 0) AS views, COALESCE(sold.orders, 0) AS orders, \
                COALESCE(sold.units, 0) AS units, COALESCE(sold.gmv_minor, 0) AS gmv_minor, \
                CASE WHEN COALESCE(viewed.views, 0) = 0 THEN -1 \
                     ELSE (COALESCE(sold.orders, 0) * 20000 + viewed.views) / (2 * viewed.views) END AS conversion \
         FROM listed JOIN products p ON p.id = listed.product_id \
         LEFT JOIN viewed ON viewed.product_id = listed.product_id \
         LEFT JOIN sold ON sold.product_id = listed.product_id \
         ORDER BY {order}, title, product_id LIMIT $6 OFFSET $7",
        top_products_from()
    ))
    .bind(scope.seller_id)
    .bind(scope.from_day)
    .bind(scope.to_day)
    .bind(scope.start_ms)
    .bind(scope.end_ms)
    .bind(i64::from(limit))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
}
