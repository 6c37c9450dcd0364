//! SQL of the money loop: carts, promotions, order groups, orders, payments, the ledger, payouts and
//! idempotency keys.
//!
//! Writes that must happen together take a connection inside a transaction (`&mut AnyConnection`); the service
//! opens it with [`super::Database::begin_write`]. State changes are compare-and-set (`WHERE state = $from`), so
//! two racing requests cannot both move an order, and ledger transactions carry a unique `dedupe_key`, so the
//! same movement can never be posted twice.

use shared::commerce::OrderSort;
use sqlx::{AnyConnection, AnyPool, FromRow};

// ---------------------------------------------------------------------------------------------------------------
// Cart

/// A cart line with what pricing and the cart page need.
#[derive(Debug, Clone, FromRow)]
pub struct CartRow {
    pub variant_id: String,
    pub product_id: String,
    pub title: String,
    pub sku: String,
    pub options: String,
    pub currency: String,
    pub price_minor: i64,
    pub stock: i64,
    pub quantity: i64,
    pub commission_bps: i64,
    pub seller_id: String,
    pub seller_name: String,
    pub seller_rating_x100: Option<i64>,
    pub seller_region: String,
    pub seller_handling_days: i64,
}

/// A line whose listing was taken off sale shows no stock: the cart and checkout treat it as sold out.
const CART_SELECT: &str = "SELECT v.id AS variant_id, p.id AS product_id, p.title, v.sku, v.options, p.currency, \
        v.price_minor, CASE WHEN p.status = 'published' THEN v.stock ELSE 0 END AS stock, cl.quantity, c.commission_bps, s.id AS seller_id, s.name AS seller_name, \
        s.rating_x100 AS seller_rating_x100, s.region AS seller_region, s.handling_days AS seller_handling_days \
     FROM cart_lines cl \
     JOIN product_variants v ON v.id = cl.variant_id \
     JOIN products p ON p.id = v.product_id \
     JOIN sellers s ON s.id = p.seller_id \
     JOIN categories c ON c.id = p.category_id";

/// A shopper's cart in the order lines were added; from the pool, or inside the checkout's transaction.
pub async fn cart_rows<'c, E>(executor: E, user_id: &str) -> Result<Vec<CartRow>, sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("{CART_SELECT} WHERE cl.user_id = $1 ORDER BY cl.added_at_ms, v.id"))
        .bind(user_id)
        .fetch_all(executor)
        .await
}

/// Whether the variant exists and its listing is on sale.
pub async fn variant_exists(pool: &AnyPool, variant_id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<(String,)> = sqlx::query_as(
        "SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id \
         WHERE v.id = $1 AND p.status = 'published'",
    )
    .bind(variant_id)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

pub async fn count_cart_lines(pool: &AnyPool, user_id: &str) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cart_lines WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(pool)
        .await?;
    Ok(count)
}

/// Sets a line's quantity (`replace`) or adds to it (capped at `max`), creating the line if needed.
pub async fn upsert_cart_line(
    pool: &AnyPool,
    user_id: &str,
    variant_id: &str,
    quantity: i64,
    replace: bool,
    max: i64,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let update = if replace {
        "excluded.quantity".to_string()
    } else {
        format!(
            "CASE WHEN cart_lines.quantity + excluded.quantity > {max} THEN {max} \
             ELSE cart_lines.quantity + excluded.quantity END"
        )
    };
    sqlx::query(&format!(
        "INSERT INTO cart_lines (user_id, variant_id, quantity, added_at_ms) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, variant_id) DO UPDATE SET quantity = {update}"
    ))
    .bind(user_id)
    .bind(variant_id)
    .bind(quantity)
    .bind(now_ms)
    .execute(pool)
    .await
    .map(drop)
}

pub async fn delete_cart_line(pool: &AnyPool, user_id: &str, variant_id: &str) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM cart_lines WHERE user_id = $1 AND variant_id = $2")
        .bind(user_id)
        .bind(variant_id)
        .execute(pool)
        .await?;
    Ok(result.rows_affected() > 0)
}

/// Puts a failed order's line back in its shopper's cart (adding to what is there, capped at `max`).
pub async fn restore_cart_line(
    conn: &mut AnyConnection,
    user_id: &str,
    variant_id: &str,
    quantity: i64,
    max: i64,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO cart_lines (user_id, variant_id, quantity, added_at_ms) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, variant_id) DO UPDATE SET quantity = \
             CASE WHEN cart_lines.quantity + excluded.quantity > {max} THEN {max} \
             ELSE cart_lines.quantity + excluded.quantity END"
    ))
    .bind(user_id)
    .bind(variant_id)
    .bind(quantity.min(max))
    .bind(now_ms)
    .execute(conn)
    .await
    .map(drop)
}

pub async fn clear_cart(conn: &mut AnyConnection, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cart_lines WHERE user_id = $1").bind(user_id).execute(conn).await.map(drop)
}

// ---------------------------------------------------------------------------------------------------------------
// Promotions

#[derive(Debug, Clone, FromRow)]
pub struct PromotionRow {
    pub id: String,
    pub seller_id: String,
    pub label: String,
    pub kind: String,
    pub percent_bps: Option<i64>,
    pub cap_minor: Option<i64>,
    pub threshold_minor: Option<i64>,
    pub off_minor: Option<i64>,
    pub product_id: Option<String>,
    pub buy: Option<i64>,
}

/// The promotions of `seller_ids`, oldest first. Takes the pool or a transaction's connection (checkout reads
/// them inside its transaction, so it never waits for a second connection while holding one).
pub async fn promotions_of_sellers<'c, E>(
    executor: E,
    seller_ids: &[String],
) -> Result<Vec<PromotionRow>, sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    if seller_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=seller_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, seller_id, label, kind, percent_bps, cap_minor, threshold_minor, off_minor, product_id, buy \
         FROM promotions WHERE seller_id IN ({}) ORDER BY created_at_ms, id",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for id in seller_ids {
        query = query.bind(id);
    }
    query.fetch_all(executor).await
}

pub async fn insert_promotion(pool: &AnyPool, row: &PromotionRow, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO promotions (id, seller_id, label, kind, percent_bps, cap_minor, threshold_minor, off_minor, \
             product_id, buy, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&row.id)
    .bind(&row.seller_id)
    .bind(&row.label)
    .bind(&row.kind)
    .bind(row.percent_bps)
    .bind(row.cap_minor)
    .bind(row.threshold_minor)
    .bind(row.off_minor)
    .bind(&row.product_id)
    .bind(row.buy)
    .bind(now_ms)
    .execute(pool)
    .await
    .map(drop)
}

/// Sets the commission of a department and every category below it.
pub async fn set_department_commission(
    pool: &AnyPool,
    department_slug: &str,
    bps: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE categories SET commission_bps = $1 WHERE slug = $2 \
            OR parent_id = (SELECT id FROM categories WHERE slug = $2)",
    )
    .bind(bps)
    .bind(department_slug)
    .execute(pool)
    .await
    .map(drop)
}

/// A shop's oldest listing, if it has one.
pub async fn first_product_of(pool: &AnyPool, seller_id: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT id FROM products WHERE seller_id = $1 ORDER BY created_at_ms, id LIMIT 1")
            .bind(seller_id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id,)| id))
}

// ---------------------------------------------------------------------------------------------------------------
// Stock

/// Takes `quantity` units off a variant and its listing if that many are left; false (and nothing changed)
/// otherwise. One conditional UPDATE, so racing buyers cannot both take the last unit.
pub async fn reserve_stock(
    conn: &mut AnyConnection,
    variant_id: &str,
    quantity: i64,
) -> Result<bool, sqlx::Error> {
    // A listing taken off sale sells nothing, even to a cart that still holds it.
    let taken = sqlx::query(
        "UPDATE product_variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1 \
         AND product_id IN (SELECT id FROM products WHERE status = 'published')",
    )
    .bind(quantity)
    .bind(variant_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if taken == 0 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE products SET stock = CASE WHEN stock >= $1 THEN stock - $1 ELSE 0 END \
         WHERE id = (SELECT product_id FROM product_variants WHERE id = $2)",
    )
    .bind(quantity)
    .bind(variant_id)
    .execute(conn)
    .await?;
    Ok(true)
}

/// Puts reserved units back on sale.
pub async fn release_stock(
    conn: &mut AnyConnection,
    variant_id: &str,
    quantity: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE product_variants SET stock = stock + $1 WHERE id = $2")
        .bind(quantity)
        .bind(variant_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE products SET stock = stock + $1 WHERE id = (SELECT product_id FROM product_variants WHERE id = $2)")
        .bind(quantity)
        .bind(variant_id)
        .execute(conn)
        .await
        .map(drop)
}

// ---------------------------------------------------------------------------------------------------------------
// Checkout: groups, payments, orders, lines

#[derive(Debug, Clone)]
pub struct NewGroup<'a> {
    pub id: &'a str,
    pub shopper_id: &'a str,
    pub ship_name: &'a str,
    pub ship_line1: &'a str,
    pub ship_line2: &'a str,
    pub ship_city: &'a str,
    pub ship_postcode: &'a str,
    pub ship_region: &'a str,
}

pub async fn insert_group(
    conn: &mut AnyConnection,
    group: &NewGroup<'_>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO order_groups (id, shopper_id, ship_name, ship_line1, ship_line2, ship_city, ship_postcode, \
             ship_region, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(group.id)
    .bind(group.shopper_id)
    .bind(group.ship_name)
    .bind(group.ship_line1)
    .bind(group.ship_line2)
    .bind(group.ship_city)
    .bind(group.ship_postcode)
    .bind(group.ship_region)
    .bind(now_ms)
    .execute(conn)
    .await
    .map(drop)
}

pub async fn insert_payment(
    conn: &mut AnyConnection,
    id: &str,
    group_id: &str,
    currency: &str,
    amount_minor: i64,
    provider: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payments (id, group_id, currency, amount_minor, state, provider, created_at_ms, updated_at_ms) \
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, $6)",
    )
    .bind(id)
    .bind(group_id)
    .bind(currency)
    .bind(amount_minor)
    .bind(provider)
    .bind(now_ms)
    .execute(conn)
    .await
    .map(drop)
}

#[derive(Debug, Clone)]
pub struct NewOrder<'a> {
    pub id: &'a str,
    pub group_id: &'a str,
    pub payment_id: &'a str,
    pub shopper_id: &'a str,
    pub seller_id: &'a str,
    pub currency: &'a str,
    pub items_subtotal_minor: i64,
    pub discount_minor: i64,
    pub shipping_minor: i64,
    pub total_minor: i64,
    pub commission_minor: i64,
    pub promotions_json: &'a str,
    pub delivery_service_level: &'a str,
    pub delivery_carrier: &'a str,
    pub delivery_days_min: i64,
    pub delivery_days_max: i64,
}

pub async fn insert_order(
    conn: &mut AnyConnection,
    order: &NewOrder<'_>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO orders (id, group_id, payment_id, shopper_id, seller_id, state, currency, items_subtotal_minor, \
             discount_minor, shipping_minor, total_minor, commission_minor, promotions, delivery_service_level, \
             delivery_carrier, delivery_days_min, delivery_days_max, created_at_ms, updated_at_ms) \
         VALUES ($1, $2, $3, $4, $5, 'pending_payment', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)",
    )
    .bind(order.id)
    .bind(order.group_id)
    .bind(order.payment_id)
    .bind(order.shopper_id)
    .bind(order.seller_id)
    .bind(order.currency)
    .bind(order.items_subtotal_minor)
    .bind(order.discount_minor)
    .bind(order.shipping_minor)
    .bind(order.total_minor)
    .bind(order.commission_minor)
    .bind(order.promotions_json)
    .bind(order.delivery_service_level)
    .bind(order.delivery_carrier)
    .bind(order.delivery_days_min)
    .bind(order.delivery_days_max)
    .bind(now_ms)
    .execute(conn)
    .await
    .map(drop)
}

#[derive(Debug, Clone, FromRow)]
pub struct OrderLineRow {
    pub order_id: String,
    pub position: i64,
    pub product_id: String,
    pub variant_id: String,
    pub title: String,
    pub sku: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub subtotal_minor: i64,
    pub discount_minor: i64,
    pub total_minor: i64,
    pub commission_bps: i64,
}

pub async fn insert_order_line(conn: &mut AnyConnection, line: &OrderLineRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO order_lines (order_id, position, product_id, variant_id, title, sku, quantity, unit_price_minor, \
             subtotal_minor, discount_minor, total_minor, commission_bps) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&line.order_id)
    .bind(line.position)
    .bind(&line.product_id)
    .bind(&line.variant_id)
    .bind(&line.title)
    .bind(&line.sku)
    .bind(line.quantity)
    .bind(line.unit_price_minor)
    .bind(line.subtotal_minor)
    .bind(line.discount_minor)
    .bind(line.total_minor)
    .bind(line.commission_bps)
    .execute(conn)
    .await
    .map(drop)
}

const LINE_COLUMNS: &str = "order_id, position, product_id, variant_id, title, sku, quantity, unit_price_minor, \
     subtotal_minor, discount_minor, total_minor, commission_bps";

pub async fn order_lines(pool: &AnyPool, order_ids: &[String]) -> Result<Vec<OrderLineRow>, sqlx::Error> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=order_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT {LINE_COLUMNS} FROM order_lines WHERE order_id IN ({}) ORDER BY order_id, position",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for id in order_ids {
        query = query.bind(id);
    }
    query.fetch_all(pool).await
}

pub async fn order_lines_in(
    conn: &mut AnyConnection,
    order_id: &str,
) -> Result<Vec<OrderLineRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {LINE_COLUMNS} FROM order_lines WHERE order_id = $1 ORDER BY position"))
        .bind(order_id)
        .fetch_all(conn)
        .await
}

// ---------------------------------------------------------------------------------------------------------------
// Orders: reads

/// An order with its shop, its group's address and its payment.
#[derive(Debug, Clone, FromRow)]
pub struct OrderRow {
    pub id: String,
    pub group_id: String,
    pub payment_id: String,
    pub shopper_id: String,
    pub seller_id: String,
    pub seller_name: String,
    pub seller_rating_x100: Option<i64>,
    pub state: String,
    pub currency: String,
    pub items_subtotal_minor: i64,
    pub discount_minor: i64,
    pub shipping_minor: i64,
    pub total_minor: i64,
    pub commission_minor: i64,
    pub promotions: String,
    pub delivery_service_level: String,
    pub delivery_carrier: String,
    pub delivery_days_min: i64,
    pub delivery_days_max: i64,
    pub release_at_ms: Option<i64>,
    pub release_paused_remaining_ms: Option<i64>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    pub tracking_number: Option<String>,
    pub created_at_ms: i64,
    pub paid_at_ms: Option<i64>,
    pub shipped_at_ms: Option<i64>,
    pub delivered_at_ms: Option<i64>,
    pub completed_at_ms: Option<i64>,
    pub ship_name: String,
    pub ship_line1: String,
    pub ship_line2: String,
    pub ship_city: String,
    pub ship_postcode: String,
    pub ship_region: String,
    pub payment_state: String,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub payment_amount_minor: i64,
    pub provider_payment_id: Option<String>,
    pub item_count: i64,
    pub headline: Option<String>,
}

impl OrderRow {
    /// Where the order goes, as the shopper entered it.
    pub fn address(&self) -> shared::commerce::ShippingAddress {
        shared::commerce::ShippingAddress {
            name: self.ship_name.clone(),
            line1: self.ship_line1.clone(),
            line2: self.ship_line2.clone(),
            city: self.ship_city.clone(),
            postcode: self.ship_postcode.clone(),
            region: self.ship_region.clone(),
        }
    }
}

const ORDER_SELECT: &str = "SELECT o.id, o.group_id, o.payment_id, o.shopper_id, o.seller_id, s.name AS seller_name, \
        s.rating_x100 AS seller_rating_x100, o.state, o.currency, o.items_subtotal_minor, o.discount_minor, \
        o.shipping_minor, o.total_minor, o.commission_minor, o.promotions, o.delivery_service_level, \
        o.delivery_carrier, o.delivery_days_min, o.delivery_days_max, o.release_at_ms, \
        o.release_paused_remaining_ms, o.cancelled_by, o.cancel_reason, o.tracking_number, o.created_at_ms, \
        o.paid_at_ms, o.shipped_at_ms, o.delivered_at_ms, o.completed_at_ms, g.ship_name, g.ship_line1, \
        g.ship_line2, g.ship_city, g.ship_postcode, g.ship_region, pay.state AS payment_state, pay.card_brand, \
        pay.card_last4, pay.failure_code, pay.failure_message, pay.amount_minor AS payment_amount_minor, \
        pay.provider_payment_id, \
        (SELECT CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) FROM order_lines l WHERE l.order_id = o.id) AS item_count, \
        (SELECT l.title FROM order_lines l WHERE l.order_id = o.id AND l.position = 0) AS headline \
     FROM orders o \
     JOIN sellers s ON s.id = o.seller_id \
     JOIN order_groups g ON g.id = o.group_id \
     JOIN payments pay ON pay.id = o.payment_id";

/// Whose orders a list shows.
#[derive(Debug, Clone, Copy)]
pub enum OrderOwner<'a> {
    Shopper(&'a str),
    Seller(&'a str),
    Everyone,
}

impl OrderOwner<'_> {
    fn condition(&self) -> (&'static str, Option<&str>) {
        match self {
            OrderOwner::Shopper(id) => ("o.shopper_id = $1", Some(id)),
            OrderOwner::Seller(id) => ("o.seller_id = $1", Some(id)),
            OrderOwner::Everyone => ("1 = 1", None),
        }
    }
}

/// One page of orders, newest first, optionally in one state.
pub async fn list_orders(
    pool: &AnyPool,
    owner: OrderOwner<'_>,
    state: Option<&str>,
    sort: OrderSort,
    limit: u32,
    offset: u64,
) -> Result<(Vec<OrderRow>, u64), sqlx::Error> {
    let (condition, owner_id) = owner.condition();
    let next = if owner_id.is_some() { 2 } else { 1 };
    let state_condition = if state.is_some() { format!(" AND o.state = ${next}") } else { String::new() };
    let filter = format!("WHERE {condition}{state_condition}");
    let sql =
        format!("{ORDER_SELECT} {filter} ORDER BY {} LIMIT {} OFFSET {}", order_by(sort), limit, offset);
    let count_sql = format!("SELECT COUNT(*) FROM orders o {filter}");
    let mut query = sqlx::query_as::<_, OrderRow>(&sql);
    let mut count = sqlx::query_as::<_, (i64,)>(&count_sql);
    if let Some(id) = owner_id {
        query = query.bind(id);
        count = count.bind(id);
    }
    if let Some(state) = state {
        query = query.bind(state);
        count = count.bind(state);
    }
    let rows = query.fetch_all(pool).await?;
    let (total,) = count.fetch_one(pool).await?;
    Ok((rows, u64::try_from(total).unwrap_or_default()))
}

/// The ORDER BY of a list; every one ends in the id, so equal keys page the same way every time.
fn order_by(sort: OrderSort) -> &'static str {
    match sort {
        OrderSort::Newest => "o.created_at_ms DESC, o.id DESC",
        OrderSort::Oldest => "o.created_at_ms, o.id",
        OrderSort::ShipBy => "COALESCE(o.paid_at_ms, o.created_at_ms), o.id",
        OrderSort::TotalDown => "o.currency, o.total_minor DESC, o.id",
    }
}

pub async fn order_by_id(pool: &AnyPool, id: &str) -> Result<Option<OrderRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ORDER_SELECT} WHERE o.id = $1")).bind(id).fetch_optional(pool).await
}

pub async fn order_by_id_in(conn: &mut AnyConnection, id: &str) -> Result<Option<OrderRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ORDER_SELECT} WHERE o.id = $1")).bind(id).fetch_optional(conn).await
}

pub async fn orders_of_group(pool: &AnyPool, group_id: &str) -> Result<Vec<OrderRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ORDER_SELECT} WHERE o.group_id = $1 ORDER BY o.id"))
        .bind(group_id)
        .fetch_all(pool)
        .await
}

/// The orders a payment pays for, read inside a transaction.
pub async fn orders_of_payment_in(
    conn: &mut AnyConnection,
    payment_id: &str,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ORDER_SELECT} WHERE o.payment_id = $1 ORDER BY o.id"))
        .bind(payment_id)
        .fetch_all(conn)
        .await
}

/// Delivered orders whose release time has come (and that no dispute has paused), oldest first.
pub async fn due_for_release(pool: &AnyPool, now_ms: i64, limit: u32) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT id FROM orders WHERE state = 'delivered' AND release_at_ms IS NOT NULL AND release_at_ms <= $1 \
           AND release_paused_remaining_ms IS NULL ORDER BY release_at_ms, id LIMIT {limit}"
    ))
    .bind(now_ms)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

// ---------------------------------------------------------------------------------------------------------------
// Orders: state changes (compare-and-set)

/// What else changes with the state.
#[derive(Debug, Clone, Default)]
pub struct StateChange<'a> {
    pub paid_at_ms: Option<i64>,
    pub shipped_at_ms: Option<i64>,
    pub delivered_at_ms: Option<i64>,
    pub completed_at_ms: Option<i64>,
    pub release_at_ms: Option<i64>,
    pub cancelled_by: Option<&'a str>,
    pub cancel_reason: Option<&'a str>,
    pub tracking_number: Option<&'a str>,
}

/// Moves an order from `from` to `to` with the extra columns; false when it was no longer in `from`.
pub async fn change_state(
    conn: &mut AnyConnection,
    id: &str,
    from: &str,
    to: &str,
    change: &StateChange<'_>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE orders SET state = $1, updated_at_ms = $2, \
             paid_at_ms = COALESCE($3, paid_at_ms), shipped_at_ms = COALESCE($4, shipped_at_ms), \
             delivered_at_ms = COALESCE($5, delivered_at_ms), completed_at_ms = COALESCE($6, completed_at_ms), \
             release_at_ms = COALESCE($7, release_at_ms), cancelled_by = COALESCE($8, cancelled_by), \
             cancel_reason = COALESCE($9, cancel_reason), tracking_number = COALESCE($10, tracking_number) \
         WHERE id = $11 AND state = $12",
    )
    .bind(to)
    .bind(now_ms)
    .bind(change.paid_at_ms)
    .bind(change.shipped_at_ms)
    .bind(change.delivered_at_ms)
    .bind(change.completed_at_ms)
    .bind(change.release_at_ms)
    .bind(change.cancelled_by)
    .bind(change.cancel_reason)
    .bind(change.tracking_number)
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------------------------------
// Payments

#[derive(Debug, Clone, FromRow)]
pub struct PaymentRow {
    pub id: String,
    pub group_id: String,
    pub currency: String,
    pub amount_minor: i64,
    pub state: String,
    pub provider_payment_id: Option<String>,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub created_at_ms: i64,
}

const PAYMENT_COLUMNS: &str = "id, group_id, currency, amount_minor, state, provider_payment_id, card_brand, \
     card_last4, failure_code, failure_message, created_at_ms";

pub async fn payments_of_group(pool: &AnyPool, group_id: &str) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {PAYMENT_COLUMNS} FROM payments WHERE group_id = $1 ORDER BY currency, id"
    ))
    .bind(group_id)
    .fetch_all(pool)
    .await
}

pub async fn payment_by_id(pool: &AnyPool, id: &str) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Payments without a definite outcome that were created before `before_ms`: the recovery job's work list.
pub async fn unsettled_payments(
    pool: &AnyPool,
    before_ms: i64,
    limit: u32,
) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {PAYMENT_COLUMNS} FROM payments WHERE state IN ('pending', 'requires_challenge') \
           AND created_at_ms < $1 ORDER BY created_at_ms, id LIMIT {limit}"
    ))
    .bind(before_ms)
    .fetch_all(pool)
    .await
}

/// What the provider said about a payment.
#[derive(Debug, Clone, Default)]
pub struct PaymentUpdate<'a> {
    pub provider_payment_id: Option<&'a str>,
    pub card_brand: Option<&'a str>,
    pub card_last4: Option<&'a str>,
    pub failure_code: Option<&'a str>,
    pub failure_message: Option<&'a str>,
}

/// Moves a payment between states (compare-and-set); false when it was not in `from`.
pub async fn change_payment(
    conn: &mut AnyConnection,
    id: &str,
    from: &[&str],
    to: &str,
    update: &PaymentUpdate<'_>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let placeholders: Vec<String> = (0..from.len()).map(|i| format!("${}", i + 9)).collect();
    let sql = format!(
        "UPDATE payments SET state = $1, updated_at_ms = $2, \
             provider_payment_id = COALESCE($3, provider_payment_id), card_brand = COALESCE($4, card_brand), \
             card_last4 = COALESCE($5, card_last4), failure_code = COALESCE($6, failure_code), \
             failure_message = COALESCE($7, failure_message) \
         WHERE id = $8 AND state IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql)
        .bind(to)
        .bind(now_ms)
        .bind(update.provider_payment_id)
        .bind(update.card_brand)
        .bind(update.card_last4)
        .bind(update.failure_code)
        .bind(update.failure_message)
        .bind(id);
    for state in from {
        query = query.bind(*state);
    }
    Ok(query.execute(conn).await?.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------------------------------
// Ledger

/// One posting to store.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub account: String,
    pub currency: String,
    pub amount_minor: i64,
}

/// Where a ledger transaction came from.
#[derive(Debug, Clone, Default)]
pub struct TransactionSource<'a> {
    pub order_id: Option<&'a str>,
    pub payment_id: Option<&'a str>,
    pub payout_id: Option<&'a str>,
}

/// Stores a balanced transaction (checked by `shared::ledger` before it gets here). Returns false, storing
/// nothing, when a transaction with the same `dedupe_key` exists: the movement already happened.
pub async fn post_transaction(
    conn: &mut AnyConnection,
    id: &str,
    kind: &str,
    dedupe_key: &str,
    source: &TransactionSource<'_>,
    entries: &[NewEntry],
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO ledger_transactions (id, kind, dedupe_key, order_id, payment_id, payout_id, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(id)
    .bind(kind)
    .bind(dedupe_key)
    .bind(source.order_id)
    .bind(source.payment_id)
    .bind(source.payout_id)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    for (position, entry) in entries.iter().enumerate() {
        sqlx::query(
            "INSERT INTO ledger_entries (transaction_id, position, account, currency, amount_minor) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(&entry.account)
        .bind(&entry.currency)
        .bind(entry.amount_minor)
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}

/// The balance of accounts, per currency: `account = $1`.
pub async fn account_balances(pool: &AnyPool, account: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT currency, CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries WHERE account = $1 GROUP BY currency",
    )
    .bind(account)
    .fetch_all(pool)
    .await
}

/// The same, inside a transaction (payouts check the balance they are about to take from).
pub async fn account_balance_in(
    conn: &mut AnyConnection,
    account: &str,
    currency: &str,
) -> Result<i64, sqlx::Error> {
    let (balance,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries WHERE account = $1 AND currency = $2",
    )
    .bind(account)
    .bind(currency)
    .fetch_one(conn)
    .await?;
    Ok(balance)
}

/// What a seller's orders hold in escrow, per currency.
pub async fn seller_escrow(pool: &AnyPool, seller_id: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.currency, CAST(COALESCE(SUM(e.amount_minor), 0) AS BIGINT) FROM ledger_entries e \
         JOIN orders o ON e.account = 'escrow:' || o.id \
         WHERE o.seller_id = $1 GROUP BY e.currency",
    )
    .bind(seller_id)
    .fetch_all(pool)
    .await
}

/// Commission taken on a seller's released orders, per currency.
pub async fn seller_commission(pool: &AnyPool, seller_id: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT currency, CAST(COALESCE(SUM(commission_minor), 0) AS BIGINT) FROM orders \
         WHERE seller_id = $1 AND state = 'completed' GROUP BY currency",
    )
    .bind(seller_id)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct LedgerEntryRow {
    pub transaction_id: String,
    pub kind: String,
    pub account: String,
    pub currency: String,
    pub amount_minor: i64,
    pub created_at_ms: i64,
}

/// Every posting that touched an order: its capture share, its escrow, release and refund.
pub async fn ledger_of_order(pool: &AnyPool, order_id: &str) -> Result<Vec<LedgerEntryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id AS transaction_id, t.kind, e.account, e.currency, e.amount_minor, t.created_at_ms \
         FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id \
         WHERE t.order_id = $1 OR t.id IN (SELECT transaction_id FROM ledger_entries WHERE account = $2) \
         ORDER BY t.created_at_ms, t.id, e.position",
    )
    .bind(order_id)
    .bind(format!("escrow:{order_id}"))
    .fetch_all(pool)
    .await
}

/// Transactions whose entries do not sum to zero in some currency (must be none), and the grand totals per
/// currency (must all be zero): the ledger audit.
pub async fn ledger_audit(pool: &AnyPool) -> Result<(Vec<String>, Vec<(String, i64)>), sqlx::Error> {
    let unbalanced: Vec<(String,)> = sqlx::query_as(
        "SELECT transaction_id FROM ledger_entries GROUP BY transaction_id, currency HAVING SUM(amount_minor) <> 0",
    )
    .fetch_all(pool)
    .await?;
    let totals: Vec<(String, i64)> = sqlx::query_as(
        "SELECT currency, CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries GROUP BY currency",
    )
    .fetch_all(pool)
    .await?;
    Ok((unbalanced.into_iter().map(|(id,)| id).collect(), totals))
}

/// Takes the seller's row lock for the rest of the transaction, so two payouts of one seller run one at a time
/// on PostgreSQL (SQLite's write transactions are serial anyway).
pub async fn lock_seller(conn: &mut AnyConnection, seller_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sellers SET id = id WHERE id = $1").bind(seller_id).execute(conn).await.map(drop)
}

// ---------------------------------------------------------------------------------------------------------------
// Payouts

#[derive(Debug, Clone, FromRow)]
pub struct PayoutRow {
    pub id: String,
    pub seller_id: String,
    pub currency: String,
    pub amount_minor: i64,
    pub state: String,
    pub failure_message: Option<String>,
    pub requested_at_ms: i64,
    pub settled_at_ms: Option<i64>,
}

pub async fn insert_payout(conn: &mut AnyConnection, row: &PayoutRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payouts (id, seller_id, currency, amount_minor, state, requested_at_ms) \
         VALUES ($1, $2, $3, $4, 'pending', $5)",
    )
    .bind(&row.id)
    .bind(&row.seller_id)
    .bind(&row.currency)
    .bind(row.amount_minor)
    .bind(row.requested_at_ms)
    .execute(conn)
    .await
    .map(drop)
}

pub async fn settle_payout(
    conn: &mut AnyConnection,
    id: &str,
    state: &str,
    provider_payout_id: Option<&str>,
    failure_message: Option<&str>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE payouts SET state = $1, provider_payout_id = $2, failure_message = $3, settled_at_ms = $4 \
         WHERE id = $5 AND state = 'pending'",
    )
    .bind(state)
    .bind(provider_payout_id)
    .bind(failure_message)
    .bind(now_ms)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

const PAYOUT_COLUMNS: &str =
    "id, seller_id, currency, amount_minor, state, failure_message, requested_at_ms, settled_at_ms";

pub async fn payouts_of_seller(
    pool: &AnyPool,
    seller_id: &str,
    limit: u32,
) -> Result<Vec<PayoutRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {PAYOUT_COLUMNS} FROM payouts WHERE seller_id = $1 ORDER BY requested_at_ms DESC, id DESC LIMIT {limit}"
    ))
    .bind(seller_id)
    .fetch_all(pool)
    .await
}

pub async fn pending_payouts(pool: &AnyPool, before_ms: i64) -> Result<Vec<PayoutRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {PAYOUT_COLUMNS} FROM payouts WHERE state = 'pending' AND requested_at_ms < $1 ORDER BY requested_at_ms"
    ))
    .bind(before_ms)
    .fetch_all(pool)
    .await
}

// ---------------------------------------------------------------------------------------------------------------
// Idempotency keys

#[derive(Debug, Clone, FromRow)]
pub struct IdempotencyRow {
    pub request_sha256: String,
    pub state: String,
    pub response_status: Option<i64>,
    pub response_body: Option<String>,
    pub group_id: Option<String>,
    pub created_at_ms: i64,
}

/// Claims `key` for a new request; returns None when claimed, or the existing row when the key was used before.
pub async fn claim_key(
    pool: &AnyPool,
    owner_id: &str,
    key: &str,
    request_sha256: &str,
    now_ms: i64,
) -> Result<Option<IdempotencyRow>, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (owner_id, idempotency_key, request_sha256, state, created_at_ms) \
         VALUES ($1, $2, $3, 'running', $4) ON CONFLICT (owner_id, idempotency_key) DO NOTHING",
    )
    .bind(owner_id)
    .bind(key)
    .bind(request_sha256)
    .bind(now_ms)
    .execute(pool)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(None);
    }
    sqlx::query_as(
        "SELECT request_sha256, state, response_status, response_body, group_id, created_at_ms \
         FROM idempotency_keys WHERE owner_id = $1 AND idempotency_key = $2",
    )
    .bind(owner_id)
    .bind(key)
    .fetch_optional(pool)
    .await
}

/// Records which checkout the key's request created, inside that checkout's transaction.
pub async fn attach_group(
    conn: &mut AnyConnection,
    owner_id: &str,
    key: &str,
    group_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE idempotency_keys SET group_id = $1 WHERE owner_id = $2 AND idempotency_key = $3")
        .bind(group_id)
        .bind(owner_id)
        .bind(key)
        .execute(conn)
        .await
        .map(drop)
}

/// Stores the first answer for replay.
pub async fn finish_key(
    pool: &AnyPool,
    owner_id: &str,
    key: &str,
    status: i64,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE idempotency_keys SET state = 'done', response_status = $1, response_body = $2 \
         WHERE owner_id = $3 AND idempotency_key = $4",
    )
    .bind(status)
    .bind(body)
    .bind(owner_id)
    .bind(key)
    .execute(pool)
    .await
    .map(drop)
}

/// Forgets a key whose request changed nothing (a validation failure), so the client can fix and retry with it.
pub async fn release_key(pool: &AnyPool, owner_id: &str, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM idempotency_keys WHERE owner_id = $1 AND idempotency_key = $2")
        .bind(owner_id)
        .bind(key)
        .execute(pool)
        .await
        .map(drop)
}

/// Deletes keys older than `before_ms` (kept 24 h).
pub async fn delete_old_keys(pool: &AnyPool, before_ms: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM idempotency_keys WHERE created_at_ms < $1")
        .bind(before_ms)
        .execute(pool)
        .await?
        .rows_affected())
}

/// The currency a shop prices in.
pub async fn seller_currency(pool: &AnyPool, seller_id: &str) -> Result<String, sqlx::Error> {
    let (currency,): (String,) =
        sqlx::query_as("SELECT currency FROM sellers WHERE id = $1").bind(seller_id).fetch_one(pool).await?;
    Ok(currency)
}

/// A payment's state, read inside a transaction.
pub async fn payment_state_in(
    conn: &mut AnyConnection,
    payment_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT state FROM payments WHERE id = $1")
        .bind(payment_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|(state,)| state))
}

/// Every variant and listing gets `stock` units (the checkout benchmark's endless stock).
pub async fn set_all_stock(pool: &AnyPool, stock: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE product_variants SET stock = $1").bind(stock).execute(pool).await?;
    sqlx::query("UPDATE products SET stock = $1").bind(stock).execute(pool).await.map(drop)
}

/// Variants of the shops in `region`, by id (what the checkout benchmark's buyers pick from).
pub async fn variants_in_region(
    pool: &AnyPool,
    region: &str,
    limit: u32,
) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id \
         JOIN sellers s ON s.id = p.seller_id WHERE s.region = $1 ORDER BY v.id LIMIT {limit}"
    ))
    .bind(region)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Whether a provider's event was handled before.
pub async fn provider_event_seen(
    pool: &AnyPool,
    provider: &str,
    event_id: &str,
) -> Result<bool, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT event_id FROM provider_events WHERE provider = $1 AND event_id = $2")
            .bind(provider)
            .bind(event_id)
            .fetch_optional(pool)
            .await?;
    Ok(row.is_some())
}

/// Remembers a handled event (a second delivery of it is then answered without doing anything).
pub async fn remember_provider_event(
    pool: &AnyPool,
    provider: &str,
    event_id: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO provider_events (provider, event_id, received_at_ms) VALUES ($1, $2, $3) \
         ON CONFLICT (provider, event_id) DO NOTHING",
    )
    .bind(provider)
    .bind(event_id)
    .bind(now_ms)
    .execute(pool)
    .await
    .map(drop)
}

/// Records a refund the provider still has to carry out (in the ledger's transaction); once per order.
pub async fn record_provider_refund(
    conn: &mut AnyConnection,
    order_id: &str,
    payment_id: &str,
    currency: &str,
    amount_minor: i64,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO provider_refunds (order_id, payment_id, currency, amount_minor, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id) DO NOTHING",
    )
    .bind(order_id)
    .bind(payment_id)
    .bind(currency)
    .bind(amount_minor)
    .bind(now_ms)
    .execute(conn)
    .await
    .map(drop)
}

/// The provider confirmed the refund (or, when `confirmed` is false, one more attempt failed).
pub async fn settle_provider_refund(
    pool: &AnyPool,
    order_id: &str,
    confirmed: bool,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let query = if confirmed {
        sqlx::query(
            "UPDATE provider_refunds SET confirmed_at_ms = $2, attempts = attempts + 1 \
             WHERE order_id = $1 AND confirmed_at_ms IS NULL",
        )
        .bind(order_id)
        .bind(now_ms)
    } else {
        sqlx::query(
            "UPDATE provider_refunds SET attempts = attempts + 1 WHERE order_id = $1 AND confirmed_at_ms IS NULL",
        )
        .bind(order_id)
    };
    query.execute(pool).await.map(drop)
}

/// A refund waiting for the provider.
#[derive(Debug, Clone, FromRow)]
pub struct ProviderRefundRow {
    pub order_id: String,
    pub payment_id: String,
    pub currency: String,
    pub amount_minor: i64,
}

/// Refunds recorded before `before_ms` that the provider has not confirmed, oldest first.
pub async fn unconfirmed_provider_refunds(
    pool: &AnyPool,
    before_ms: i64,
    limit: u32,
) -> Result<Vec<ProviderRefundRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT order_id, payment_id, currency, amount_minor FROM provider_refunds \
         WHERE confirmed_at_ms IS NULL AND created_at_ms < $1 ORDER BY created_at_ms, order_id LIMIT {limit}"
    ))
    .bind(before_ms)
    .fetch_all(pool)
    .await
}
