//! SQL of a seller's own listings: the console's table, the editor, publishing and bulk price and stock edits.
//!
//! A listing is a `products` row with its `product_variants`; `products.status` says whether it is on sale. The
//! listing's headline price and stock (what cards and search filters read) follow its variants in the same
//! transaction as every change. Every function that changes what shoppers can see is followed, by its caller, by
//! `catalog::note_catalog_write` once committed.

use sqlx::{AnyConnection, AnyPool, FromRow};

/// A row of the seller's listings table.
#[derive(Debug, Clone, FromRow)]
pub struct ListingRow {
    pub id: String,
    pub title: String,
    pub status: String,
    pub category_name: String,
    pub currency: String,
    pub price_minor: i64,
    pub stock: i64,
    pub updated_at_ms: i64,
}

/// How the table is ordered, as SQL (ties broken by id so pages never overlap).
pub fn order_by(sort: shared::listing::ListingSort) -> &'static str {
    use shared::listing::ListingSort;
    match sort {
        ListingSort::Updated => "p.updated_at_ms DESC, p.created_at_ms DESC, p.id DESC",
        ListingSort::Title => "p.title, p.id",
        ListingSort::PriceUp => "p.price_minor, p.id",
        ListingSort::PriceDown => "p.price_minor DESC, p.id",
        ListingSort::StockUp => "p.stock, p.id",
    }
}

/// One page of a shop's listings, optionally of one status, and how many there are in all.
pub async fn seller_listings(
    pool: &AnyPool,
    seller_id: &str,
    status: Option<&str>,
    sort: shared::listing::ListingSort,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ListingRow>, i64), sqlx::Error> {
    // An empty status means every one.
    let status_condition = "AND ($2 = '' OR p.status = $2)";
    let rows = sqlx::query_as(&format!(
        "SELECT p.id, p.title, p.status, c.name AS category_name, p.currency, p.price_minor, p.stock, \
                CASE WHEN p.updated_at_ms > 0 THEN p.updated_at_ms ELSE p.created_at_ms END AS updated_at_ms \
         FROM products p JOIN categories c ON c.id = p.category_id \
         WHERE p.seller_id = $1 {status_condition} ORDER BY {} LIMIT $3 OFFSET $4",
        order_by(sort)
    ))
    .bind(seller_id)
    .bind(status.unwrap_or_default())
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let (total,): (i64,) =
        sqlx::query_as(&format!("SELECT COUNT(*) FROM products p WHERE p.seller_id = $1 {status_condition}"))
            .bind(seller_id)
            .bind(status.unwrap_or_default())
            .fetch_one(pool)
            .await?;
    Ok((rows, total))
}

/// A variant's price and stock, with its listing.
#[derive(Debug, Clone, FromRow)]
pub struct VariantStockRow {
    pub id: String,
    pub product_id: String,
    pub sku: String,
    pub price_minor: i64,
    pub stock: i64,
}

/// The variants of these listings, in each listing's order.
pub async fn variants_of_listings(
    pool: &AnyPool,
    ids: &[String],
) -> Result<Vec<VariantStockRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (1..=ids.len()).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT id, product_id, sku, price_minor, stock FROM product_variants \
         WHERE product_id IN ({placeholders}) ORDER BY product_id, position, id"
    );
    let mut query = sqlx::query_as(&sql);
    for id in ids {
        query = query.bind(id);
    }
    query.fetch_all(pool).await
}

/// A listing as its editor opens it.
#[derive(Debug, Clone, FromRow)]
pub struct EditableListing {
    pub id: String,
    pub seller_id: String,
    pub status: String,
    pub category_id: String,
    pub title: String,
    pub description: String,
    pub attributes: String,
    pub currency: String,
    pub warranty_months: i64,
    pub updated_at_ms: i64,
}

const EDITABLE_COLUMNS: &str = "id, seller_id, status, category_id, title, description, attributes, currency, \
     warranty_months, CASE WHEN updated_at_ms > 0 THEN updated_at_ms ELSE created_at_ms END AS updated_at_ms";

pub async fn editable_listing(pool: &AnyPool, id: &str) -> Result<Option<EditableListing>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {EDITABLE_COLUMNS} FROM products WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn editable_listing_in(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<EditableListing>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {EDITABLE_COLUMNS} FROM products WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Whether the category exists.
pub async fn category_exists(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM categories WHERE id = $1").bind(id).fetch_optional(conn).await?;
    Ok(found.is_some())
}

/// The shop's currency and whether the operator has verified it; None for an unknown shop.
pub async fn shop_standing(pool: &AnyPool, seller_id: &str) -> Result<Option<(String, bool)>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT currency, verification_status FROM sellers WHERE id = $1")
            .bind(seller_id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(currency, status)| (currency, status == "verified")))
}

/// Records that `product_id` was created with `creation_key`; a unique violation means the key made one before.
pub async fn record_creation(
    conn: &mut AnyConnection,
    seller_id: &str,
    creation_key: &str,
    product_id: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO listing_creations (seller_id, creation_key, product_id, created_at_ms) VALUES ($1, $2, $3, $4)",
    )
    .bind(seller_id)
    .bind(creation_key)
    .bind(product_id)
    .bind(now_ms)
    .execute(conn)
    .await
    .map(drop)
}

/// The listing the shop created with `creation_key`, if any.
pub async fn created_with(
    pool: &AnyPool,
    seller_id: &str,
    creation_key: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT product_id FROM listing_creations WHERE seller_id = $1 AND creation_key = $2")
            .bind(seller_id)
            .bind(creation_key)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id,)| id))
}

/// The listing's fields as stored (text already normalized, attributes as a JSON object).
pub struct ListingFields<'a> {
    pub category_id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub attributes_json: &'a str,
    pub warranty_months: i64,
}

/// A new draft. Its headline price and stock are set by [`refresh_headline`].
pub async fn insert_listing(
    conn: &mut AnyConnection,
    id: &str,
    seller_id: &str,
    currency: &str,
    fields: &ListingFields<'_>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO products (id, seller_id, category_id, title, description, attributes, currency, price_minor, \
             stock, warranty_months, created_at_ms, updated_at_ms, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, $8, $9, $9, 'draft')",
    )
    .bind(id)
    .bind(seller_id)
    .bind(fields.category_id)
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.attributes_json)
    .bind(currency)
    .bind(fields.warranty_months)
    .bind(now_ms)
    .execute(conn)
    .await
    .map(drop)
}

/// Changes the listing's own fields.
pub async fn update_listing(
    conn: &mut AnyConnection,
    id: &str,
    fields: &ListingFields<'_>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE products SET category_id = $1, title = $2, description = $3, attributes = $4, \
             warranty_months = $5, updated_at_ms = $6 WHERE id = $7",
    )
    .bind(fields.category_id)
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.attributes_json)
    .bind(fields.warranty_months)
    .bind(now_ms)
    .bind(id)
    .execute(conn)
    .await
    .map(drop)
}

/// A variant as stored.
pub struct VariantFields<'a> {
    pub id: &'a str,
    pub sku: &'a str,
    pub options_json: &'a str,
    pub price_minor: i64,
    pub stock: i64,
    pub position: i64,
}

/// Inserts the variant, or changes it if it is this listing's already; false when the id belongs to another
/// listing.
pub async fn upsert_variant(
    conn: &mut AnyConnection,
    product_id: &str,
    variant: &VariantFields<'_>,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE product_variants SET sku = $1, options = $2, price_minor = $3, stock = $4, position = $5 \
         WHERE id = $6 AND product_id = $7",
    )
    .bind(variant.sku)
    .bind(variant.options_json)
    .bind(variant.price_minor)
    .bind(variant.stock)
    .bind(variant.position)
    .bind(variant.id)
    .bind(product_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated == 1 {
        return Ok(true);
    }
    let inserted = sqlx::query(
        "INSERT INTO product_variants (id, product_id, sku, options, price_minor, stock, position) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
    )
    .bind(variant.id)
    .bind(product_id)
    .bind(variant.sku)
    .bind(variant.options_json)
    .bind(variant.price_minor)
    .bind(variant.stock)
    .bind(variant.position)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// The listing's variant ids.
pub async fn variant_ids(conn: &mut AnyConnection, product_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM product_variants WHERE product_id = $1")
        .bind(product_id)
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Removes a variant nobody has bought or put in a cart; false (and nothing removed) when someone has.
pub async fn remove_unused_variant(conn: &mut AnyConnection, variant_id: &str) -> Result<bool, sqlx::Error> {
    let removed = sqlx::query(
        "DELETE FROM product_variants WHERE id = $1 \
         AND NOT EXISTS (SELECT 1 FROM order_lines WHERE variant_id = $1) \
         AND NOT EXISTS (SELECT 1 FROM cart_lines WHERE variant_id = $1)",
    )
    .bind(variant_id)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(removed == 1)
}

/// Sets the listing's headline (lowest variant price, total stock) from its variants.
pub async fn refresh_headline(conn: &mut AnyConnection, product_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE products SET \
             price_minor = COALESCE((SELECT MIN(price_minor) FROM product_variants WHERE product_id = $1), 0), \
             stock = COALESCE((SELECT SUM(stock) FROM product_variants WHERE product_id = $1), 0) \
         WHERE id = $1",
    )
    .bind(product_id)
    .execute(conn)
    .await
    .map(drop)
}

/// Moves the listing's status if it is still `from` (compare-and-set); false when it changed meanwhile.
pub async fn set_status(
    conn: &mut AnyConnection,
    id: &str,
    from: &str,
    to: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let moved =
        sqlx::query("UPDATE products SET status = $1, updated_at_ms = $2 WHERE id = $3 AND status = $4")
            .bind(to)
            .bind(now_ms)
            .bind(id)
            .bind(from)
            .execute(conn)
            .await?
            .rows_affected();
    Ok(moved == 1)
}

/// Changes a variant's price and/or stock if it is one of the shop's; returns its listing, or None when it is not
/// the shop's (or does not exist).
pub async fn change_variant(
    conn: &mut AnyConnection,
    seller_id: &str,
    variant_id: &str,
    price_minor: Option<i64>,
    stock: Option<i64>,
) -> Result<Option<String>, sqlx::Error> {
    let owner: Option<(String,)> = sqlx::query_as(
        "SELECT v.product_id FROM product_variants v JOIN products p ON p.id = v.product_id \
         WHERE v.id = $1 AND p.seller_id = $2",
    )
    .bind(variant_id)
    .bind(seller_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((product_id,)) = owner else { return Ok(None) };
    sqlx::query(
        "UPDATE product_variants SET price_minor = COALESCE($1, price_minor), stock = COALESCE($2, stock) \
         WHERE id = $3",
    )
    .bind(price_minor)
    .bind(stock)
    .bind(variant_id)
    .execute(conn)
    .await?;
    Ok(Some(product_id))
}

/// Marks listings as changed now.
pub async fn touch(conn: &mut AnyConnection, product_id: &str, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE products SET updated_at_ms = $1 WHERE id = $2")
        .bind(now_ms)
        .bind(product_id)
        .execute(conn)
        .await
        .map(drop)
}
