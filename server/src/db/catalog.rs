//! SQL of the catalog: sellers, categories, products.
//!
//! **Invariant:** every function here (and in `db::images`) that changes what a search or a product page shows
//! calls [`note_catalog_write`] once it has committed, so the in-memory caches of catalog reads
//! (`services::catalog`) never serve what a write in this process has replaced.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{AnyPool, FromRow};

use super::values_placeholders;

/// Catalog writes made by this process so far. A cache of catalog reads keeps what it computed under the value
/// read *before* reading the database; a write counts itself only *after* its commit, so whatever a cache
/// stored can only be older than the count it is filed under when a write has committed since, never newer.
/// Process-wide rather than per pool: several `Database`s in one process (tests) only cost each other misses.
/// Writes by other processes (a second server on the same PostgreSQL, an operator's SQL) are not seen: the
/// caches also expire by age for that.
static CATALOG_WRITES: AtomicU64 = AtomicU64::new(0);

/// The current catalog write count (see [`CATALOG_WRITES`]).
pub fn catalog_generation() -> u64 {
    CATALOG_WRITES.load(Ordering::Acquire)
}

/// Counts a catalog write; call after the write has committed (or failed: a spare miss is harmless).
pub fn note_catalog_write() {
    CATALOG_WRITES.fetch_add(1, Ordering::AcqRel);
}

/// One product with what its page needs.
#[derive(Debug, Clone, FromRow)]
pub struct ProductDetailRow {
    pub id: String,
    pub title: String,
    pub description: String,
    pub attributes: String,
    pub currency: String,
    pub price_minor: i64,
    pub stock: i64,
    pub category_id: String,
    pub seller_id: String,
    pub seller_name: String,
    pub seller_rating_x100: Option<i64>,
    pub seller_region: String,
    pub seller_handling_days: i64,
    pub warranty_months: i64,
}

pub async fn product_detail(pool: &AnyPool, id: &str) -> Result<Option<ProductDetailRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.title, p.description, p.attributes, p.currency, p.price_minor, p.stock, p.category_id, \
                s.id AS seller_id, s.name AS seller_name, s.rating_x100 AS seller_rating_x100, \
                s.region AS seller_region, s.handling_days AS seller_handling_days, p.warranty_months \
         FROM products p JOIN sellers s ON s.id = p.seller_id WHERE p.id = $1 AND p.status = 'published'",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// A stored category.
#[derive(Debug, Clone, FromRow)]
pub struct CategoryRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub slug: String,
    pub name: String,
    pub position: i64,
}

pub async fn list_categories(pool: &AnyPool) -> Result<Vec<CategoryRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, parent_id, slug, name, position FROM categories").fetch_all(pool).await
}

pub async fn count_products(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products").fetch_one(pool).await?;
    Ok(u64::try_from(count).unwrap_or_default())
}

/// The oldest and newest creation times in the catalog, or None when it is empty. With
/// [`product_id_created_from`] it samples ids evenly at any catalog size (the bench's product pages).
pub async fn product_time_span(pool: &AnyPool) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let (oldest, newest): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT MIN(created_at_ms), MAX(created_at_ms) FROM products").fetch_one(pool).await?;
    Ok(oldest.zip(newest))
}

/// The first product created at or after `at_ms`: one seek in the creation-time index.
pub async fn product_id_created_from(pool: &AnyPool, at_ms: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM products WHERE created_at_ms >= $1 ORDER BY created_at_ms, id LIMIT 1",
    )
    .bind(at_ms)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// A seller to insert.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSeller {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub region: String,
    pub currency: String,
    pub rating_x100: Option<i64>,
    pub handling_days: i64,
    pub created_at_ms: i64,
}

/// A category to insert; parents must be inserted before their children.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCategory {
    pub id: String,
    pub parent_id: Option<String>,
    pub slug: String,
    pub name: String,
    pub position: i64,
}

/// A product to insert, with its variants. `price_minor` and `stock` must summarize the variants (lowest price,
/// total stock); [`NewProduct::summarize_variants`] sets them.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProduct {
    pub id: String,
    pub seller_id: String,
    pub category_id: String,
    pub title: String,
    pub description: String,
    pub attributes_json: String,
    pub currency: String,
    pub price_minor: i64,
    pub stock: i64,
    pub warranty_months: i64,
    pub signals: OutcomeCounters,
    pub variants: Vec<NewVariant>,
    pub created_at_ms: i64,
}

impl NewProduct {
    /// Sets the listing's price and stock from its variants.
    pub fn summarize_variants(&mut self) {
        self.price_minor = self.variants.iter().map(|v| v.price_minor).min().unwrap_or(0);
        self.stock = self.variants.iter().map(|v| v.stock).sum();
    }
}

/// What happened to a listing's recent orders and views; search ranking reads it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeCounters {
    pub orders_90d: i64,
    pub returns_disputes_90d: i64,
    pub views_30d: i64,
    pub orders_30d: i64,
}

/// A variant (SKU) to insert.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVariant {
    pub id: String,
    pub sku: String,
    pub options_json: String,
    pub price_minor: i64,
    pub stock: i64,
}

/// Rows per multi-row INSERT: enough to amortize round trips. Not more: sqlx-sqlite looks each bound value's
/// parameter up by name in a linear list, so a statement's cost grows with the square of its values.
const INSERT_BATCH_ROWS: usize = 64;

pub async fn insert_sellers(pool: &AnyPool, sellers: &[NewSeller]) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    for chunk in sellers.chunks(INSERT_BATCH_ROWS) {
        let sql = format!(
            "INSERT INTO sellers (id, name, slug, region, currency, rating_x100, handling_days, created_at_ms) \
             VALUES {}",
            values_placeholders(chunk.len(), 8)
        );
        let mut query = sqlx::query(&sql);
        for s in chunk {
            query = query
                .bind(&s.id)
                .bind(&s.name)
                .bind(&s.slug)
                .bind(&s.region)
                .bind(&s.currency)
                .bind(s.rating_x100)
                .bind(s.handling_days)
                .bind(s.created_at_ms);
        }
        query.execute(&mut *transaction).await?;
    }
    let committed = transaction.commit().await;
    note_catalog_write();
    committed
}

pub async fn insert_categories(pool: &AnyPool, categories: &[NewCategory]) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    for c in categories {
        sqlx::query(
            "INSERT INTO categories (id, parent_id, slug, name, position) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&c.id)
        .bind(c.parent_id.as_deref())
        .bind(&c.slug)
        .bind(&c.name)
        .bind(c.position)
        .execute(&mut *transaction)
        .await?;
    }
    let committed = transaction.commit().await;
    note_catalog_write();
    committed
}

/// Inserts products and their variants in one transaction (the caller chooses the batch size). The search
/// index follows in the same transaction (triggers on SQLite, a generated column on PostgreSQL).
pub async fn insert_products(pool: &AnyPool, products: &[NewProduct]) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    for chunk in products.chunks(INSERT_BATCH_ROWS) {
        let sql = format!(
            "INSERT INTO products (id, seller_id, category_id, title, description, attributes, currency, \
             price_minor, stock, warranty_months, orders_90d, returns_disputes_90d, views_30d, orders_30d, \
             created_at_ms) VALUES {}",
            values_placeholders(chunk.len(), 15)
        );
        let mut query = sqlx::query(&sql);
        for p in chunk {
            query = query
                .bind(&p.id)
                .bind(&p.seller_id)
                .bind(&p.category_id)
                .bind(&p.title)
                .bind(&p.description)
                .bind(&p.attributes_json)
                .bind(&p.currency)
                .bind(p.price_minor)
                .bind(p.stock)
                .bind(p.warranty_months)
                .bind(p.signals.orders_90d)
                .bind(p.signals.returns_disputes_90d)
                .bind(p.signals.views_30d)
                .bind(p.signals.orders_30d)
                .bind(p.created_at_ms);
        }
        query.execute(&mut *transaction).await?;
    }
    let variants: Vec<(&NewProduct, usize, &NewVariant)> = products
        .iter()
        .flat_map(|p| p.variants.iter().enumerate().map(move |(position, v)| (p, position, v)))
        .collect();
    for chunk in variants.chunks(INSERT_BATCH_ROWS) {
        let sql = format!(
            "INSERT INTO product_variants (id, product_id, sku, options, price_minor, stock, position) VALUES {}",
            values_placeholders(chunk.len(), 7)
        );
        let mut query = sqlx::query(&sql);
        for (product, position, v) in chunk {
            query = query
                .bind(&v.id)
                .bind(&product.id)
                .bind(&v.sku)
                .bind(&v.options_json)
                .bind(v.price_minor)
                .bind(v.stock)
                .bind(*position as i64);
        }
        query.execute(&mut *transaction).await?;
    }
    let committed = transaction.commit().await;
    note_catalog_write();
    committed
}

/// A stored variant.
#[derive(Debug, Clone, FromRow)]
pub struct VariantRow {
    pub id: String,
    pub sku: String,
    pub options: String,
    pub price_minor: i64,
    pub stock: i64,
}

pub async fn variants_of(pool: &AnyPool, product_id: &str) -> Result<Vec<VariantRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, sku, options, price_minor, stock FROM product_variants WHERE product_id = $1 \
         ORDER BY position, id",
    )
    .bind(product_id)
    .fetch_all(pool)
    .await
}

/// A carrier lane into one destination.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct LaneRow {
    pub origin_region: String,
    pub destination_region: String,
    pub service_level: String,
    pub carrier: String,
    pub transit_min_days: i64,
    pub transit_max_days: i64,
    pub currency: String,
    pub price_minor: i64,
}

impl LaneRow {
    /// The lane as `shared::delivery` takes it; None for a row that does not read (an unknown service level or
    /// currency, negative days).
    pub fn to_lane(&self) -> Option<shared::delivery::Lane> {
        Some(shared::delivery::Lane {
            service_level: shared::delivery::ServiceLevel::parse(&self.service_level)?,
            carrier: self.carrier.clone(),
            transit_min_days: u16::try_from(self.transit_min_days).ok()?,
            transit_max_days: u16::try_from(self.transit_max_days).ok()?,
            cost: shared::money::Money::new(
                self.price_minor,
                shared::money::Currency::from_code(&self.currency).ok()?,
            ),
        })
    }
}

/// Every lane that delivers into `destination`.
pub async fn lanes_into(pool: &AnyPool, destination: &str) -> Result<Vec<LaneRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT origin_region, destination_region, service_level, carrier, transit_min_days, transit_max_days, \
                currency, price_minor \
         FROM shipping_lanes WHERE destination_region = $1 ORDER BY origin_region, service_level",
    )
    .bind(destination)
    .fetch_all(pool)
    .await
}

pub async fn insert_lanes(pool: &AnyPool, lanes: &[LaneRow]) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    for chunk in lanes.chunks(INSERT_BATCH_ROWS) {
        let sql = format!(
            "INSERT INTO shipping_lanes (origin_region, destination_region, service_level, carrier, \
             transit_min_days, transit_max_days, currency, price_minor) VALUES {}",
            values_placeholders(chunk.len(), 8)
        );
        let mut query = sqlx::query(&sql);
        for lane in chunk {
            query = query
                .bind(&lane.origin_region)
                .bind(&lane.destination_region)
                .bind(&lane.service_level)
                .bind(&lane.carrier)
                .bind(lane.transit_min_days)
                .bind(lane.transit_max_days)
                .bind(&lane.currency)
                .bind(lane.price_minor);
        }
        query.execute(&mut *transaction).await?;
    }
    let committed = transaction.commit().await;
    note_catalog_write();
    committed
}

/// Replaces a listing's words. The search index follows in the same statement's transaction (a trigger on
/// SQLite, the generated column on PostgreSQL), so no reader ever sees the new title with the old index entry.
pub async fn update_product_text(
    pool: &AnyPool,
    id: &str,
    title: &str,
    description: &str,
    attributes_json: &str,
) -> Result<bool, sqlx::Error> {
    let result =
        sqlx::query("UPDATE products SET title = $1, description = $2, attributes = $3 WHERE id = $4")
            .bind(title)
            .bind(description)
            .bind(attributes_json)
            .bind(id)
            .execute(pool)
            .await;
    note_catalog_write();
    Ok(result?.rows_affected() > 0)
}

/// Removes a listing with its variants in one transaction; its index entry goes with it.
pub async fn delete_product(pool: &AnyPool, id: &str) -> Result<bool, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    sqlx::query("DELETE FROM product_variants WHERE product_id = $1")
        .bind(id)
        .execute(&mut *transaction)
        .await?;
    let result =
        sqlx::query("DELETE FROM products WHERE id = $1").bind(id).execute(&mut *transaction).await?;
    let committed = transaction.commit().await;
    note_catalog_write();
    committed?;
    Ok(result.rows_affected() > 0)
}
