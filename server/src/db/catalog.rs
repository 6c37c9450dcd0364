//! SQL of the catalog: sellers, categories, products.

use sqlx::{AnyPool, FromRow};

use super::values_placeholders;

/// A product joined with its category and seller, as the product list needs it.
#[derive(Debug, Clone, FromRow)]
pub struct ProductListRow {
    pub id: String,
    pub title: String,
    pub currency: String,
    pub price_minor: i64,
    pub stock: i64,
    pub category_id: String,
    pub category_slug: String,
    pub category_name: String,
    pub seller_id: String,
    pub seller_name: String,
    pub seller_rating_x100: Option<i64>,
}

/// The columns and joins of [`ProductListRow`]; callers add WHERE / ORDER BY / LIMIT.
const PRODUCT_LIST_SELECT: &str = "SELECT p.id, p.title, p.currency, p.price_minor, p.stock, \
        c.id AS category_id, c.slug AS category_slug, c.name AS category_name, \
        s.id AS seller_id, s.name AS seller_name, s.rating_x100 AS seller_rating_x100 \
    FROM products p \
    JOIN categories c ON c.id = p.category_id \
    JOIN sellers s ON s.id = p.seller_id";

/// Products newest first, optionally only those in `categories`.
pub async fn list_products(
    pool: &AnyPool,
    categories: Option<&[String]>,
    limit: u32,
    offset: u64,
) -> Result<Vec<ProductListRow>, sqlx::Error> {
    let filter = category_filter(categories, 3);
    let sql =
        format!("{PRODUCT_LIST_SELECT} {filter} ORDER BY p.created_at_ms DESC, p.id DESC LIMIT $1 OFFSET $2");
    let mut query = sqlx::query_as::<_, ProductListRow>(&sql)
        .bind(i64::from(limit))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX));
    for id in categories.unwrap_or_default() {
        query = query.bind(id);
    }
    query.fetch_all(pool).await
}

/// How many products `list_products` would page through.
pub async fn count_products_in(pool: &AnyPool, categories: Option<&[String]>) -> Result<u64, sqlx::Error> {
    let filter = category_filter(categories, 1);
    let sql = format!("SELECT COUNT(*) FROM products p {filter}");
    let mut query = sqlx::query_as::<_, (i64,)>(&sql);
    for id in categories.unwrap_or_default() {
        query = query.bind(id);
    }
    let (count,) = query.fetch_one(pool).await?;
    Ok(u64::try_from(count).unwrap_or_default())
}

/// `WHERE p.category_id IN ($first, …)`, or nothing without a filter. An empty list matches nothing.
fn category_filter(categories: Option<&[String]>, first_placeholder: usize) -> String {
    match categories {
        None => String::new(),
        Some([]) => "WHERE 1 = 0".into(),
        Some(ids) => {
            let placeholders: Vec<String> =
                (0..ids.len()).map(|i| format!("${}", first_placeholder + i)).collect();
            format!("WHERE p.category_id IN ({})", placeholders.join(", "))
        }
    }
}

/// The products among `ids` that exist, in no particular order.
pub async fn products_by_ids(pool: &AnyPool, ids: &[String]) -> Result<Vec<ProductListRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (1..=ids.len()).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ");
    let sql = format!("{PRODUCT_LIST_SELECT} WHERE p.id IN ({placeholders})");
    let mut query = sqlx::query_as::<_, ProductListRow>(&sql);
    for id in ids {
        query = query.bind(id);
    }
    query.fetch_all(pool).await
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
}

pub async fn product_detail(pool: &AnyPool, id: &str) -> Result<Option<ProductDetailRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.title, p.description, p.attributes, p.currency, p.price_minor, p.stock, p.category_id, \
                s.id AS seller_id, s.name AS seller_name, s.rating_x100 AS seller_rating_x100, \
                s.region AS seller_region \
         FROM products p JOIN sellers s ON s.id = p.seller_id WHERE p.id = $1",
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

/// A product to insert.
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
    pub created_at_ms: i64,
}

/// Rows per multi-row INSERT: large enough to amortize round trips, small enough for SQLite's parameter limit.
const INSERT_BATCH_ROWS: usize = 400;

pub async fn insert_sellers(pool: &AnyPool, sellers: &[NewSeller]) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    for chunk in sellers.chunks(INSERT_BATCH_ROWS) {
        let sql = format!(
            "INSERT INTO sellers (id, name, slug, region, currency, rating_x100, created_at_ms) VALUES {}",
            values_placeholders(chunk.len(), 7)
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
                .bind(s.created_at_ms);
        }
        query.execute(&mut *transaction).await?;
    }
    transaction.commit().await
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
    transaction.commit().await
}

/// Inserts products in one transaction (the caller chooses the batch size).
pub async fn insert_products(pool: &AnyPool, products: &[NewProduct]) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    for chunk in products.chunks(INSERT_BATCH_ROWS) {
        let sql = format!(
            "INSERT INTO products (id, seller_id, category_id, title, description, attributes, currency, \
             price_minor, stock, created_at_ms) VALUES {}",
            values_placeholders(chunk.len(), 10)
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
                .bind(p.created_at_ms);
        }
        query.execute(&mut *transaction).await?;
    }
    transaction.commit().await
}
