//! SQL of product images: which stored file a product shows, in what order. The files themselves live in the
//! media store ([`crate::media`]).

use std::collections::HashMap;

use shared::media::media_url;
use sqlx::{AnyPool, FromRow};

use super::catalog::note_catalog_write;
use super::values_placeholders;

/// A stored image of a product.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ImageRow {
    pub id: String,
    pub product_id: String,
    /// Display order; the lowest is the main image.
    pub position: i64,
    /// File name in the media store (`<sha256 hex>.<ext>`).
    pub media_key: String,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    /// None: the product's title describes the image.
    pub alt_text: Option<String>,
    pub created_at_ms: i64,
}

impl ImageRow {
    /// Where the file is served (`/media/{key}`).
    pub fn url(&self) -> String {
        media_url(&self.media_key)
    }
}

const IMAGE_SELECT: &str = "SELECT i.id, i.product_id, i.position, i.media_key, i.content_type, i.width, i.height, \
        i.alt_text, i.created_at_ms \
    FROM product_images i";

/// Most product ids bound into one query; a page of products is far below it, SQLite's parameter limit far above.
const IDS_PER_QUERY: usize = 500;

/// The main image (lowest position) of each of `product_ids` that has one, keyed by product id. One query for
/// up to 500 ids (a page of products), using the `(product_id, position)` index.
pub async fn main_images(
    pool: &AnyPool,
    product_ids: &[String],
) -> Result<HashMap<String, ImageRow>, sqlx::Error> {
    let mut images = HashMap::with_capacity(product_ids.len());
    for chunk in product_ids.chunks(IDS_PER_QUERY) {
        let placeholders = (1..=chunk.len()).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "{IMAGE_SELECT} WHERE i.product_id IN ({placeholders}) AND i.position = \
             (SELECT MIN(m.position) FROM product_images m WHERE m.product_id = i.product_id)"
        );
        let mut query = sqlx::query_as::<_, ImageRow>(&sql);
        for id in chunk {
            query = query.bind(id);
        }
        for row in query.fetch_all(pool).await? {
            images.insert(row.product_id.clone(), row);
        }
    }
    Ok(images)
}

/// A product's images in display order.
pub async fn images_of(pool: &AnyPool, product_id: &str) -> Result<Vec<ImageRow>, sqlx::Error> {
    sqlx::query_as(&format!("{IMAGE_SELECT} WHERE i.product_id = $1 ORDER BY i.position, i.id"))
        .bind(product_id)
        .fetch_all(pool)
        .await
}

/// The shop that sells a product, or None when there is no such product: what image changes are authorized by.
pub async fn product_seller(pool: &AnyPool, product_id: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT seller_id FROM products WHERE id = $1")
        .bind(product_id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(seller_id,)| seller_id))
}

/// An image row to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewImage {
    pub id: String,
    pub product_id: String,
    pub position: i64,
    pub media_key: String,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    pub alt_text: Option<String>,
    pub created_at_ms: i64,
}

/// How appending an image ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// Stored after the product's last image.
    Stored,
    /// The product already has `limit` images; nothing was stored.
    LimitReached,
}

/// Appends an image after the product's last one, unless the product already has `limit` images. The count check
/// and the insert are one statement, and positions are unique per product, so concurrent uploads can neither
/// exceed the limit nor share a place: the loser gets a unique violation. `image.position` is ignored.
pub async fn append_image(pool: &AnyPool, image: &NewImage, limit: usize) -> Result<Appended, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO product_images \
            (id, product_id, position, media_key, content_type, width, height, alt_text, created_at_ms) \
         SELECT $1, $2, \
            (SELECT COALESCE(MAX(p.position) + 1, 0) FROM product_images p WHERE p.product_id = $2), \
            $3, $4, $5, $6, $7, $8 \
         WHERE (SELECT COUNT(*) FROM product_images c WHERE c.product_id = $2) < $9",
    )
    .bind(&image.id)
    .bind(&image.product_id)
    .bind(&image.media_key)
    .bind(&image.content_type)
    .bind(image.width)
    .bind(image.height)
    .bind(image.alt_text.as_deref())
    .bind(image.created_at_ms)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .execute(pool)
    .await;
    note_catalog_write();
    let result = result?;
    Ok(if result.rows_affected() == 1 { Appended::Stored } else { Appended::LimitReached })
}

/// One image of one product, or None when that product has no such image.
pub async fn find_image(
    pool: &AnyPool,
    product_id: &str,
    image_id: &str,
) -> Result<Option<ImageRow>, sqlx::Error> {
    sqlx::query_as(&format!("{IMAGE_SELECT} WHERE i.product_id = $1 AND i.id = $2"))
        .bind(product_id)
        .bind(image_id)
        .fetch_optional(pool)
        .await
}

/// Removes one image of a product; returns whether it existed. The file stays in the media store: other
/// products may show the same content.
pub async fn delete_image(pool: &AnyPool, product_id: &str, image_id: &str) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM product_images WHERE product_id = $1 AND id = $2")
        .bind(product_id)
        .bind(image_id)
        .execute(pool)
        .await;
    note_catalog_write();
    Ok(result?.rows_affected() == 1)
}

/// Gives the product's images the positions 0, 1, 2… in the order of `image_ids`, which the caller has checked
/// to be exactly the product's images. One transaction; positions first move to distinct negatives, so the unique
/// index never sees two rows on one place (PostgreSQL checks it row by row).
pub async fn reorder_images(
    pool: &AnyPool,
    product_id: &str,
    image_ids: &[String],
) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    sqlx::query("UPDATE product_images SET position = -1 - position WHERE product_id = $1")
        .bind(product_id)
        .execute(&mut *transaction)
        .await?;
    for (position, id) in image_ids.iter().enumerate() {
        sqlx::query("UPDATE product_images SET position = $1 WHERE product_id = $2 AND id = $3")
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(product_id)
            .bind(id)
            .execute(&mut *transaction)
            .await?;
    }
    let committed = transaction.commit().await;
    note_catalog_write();
    committed
}

/// Rows per multi-row INSERT. Small on purpose: for every `$n` it binds, sqlx-sqlite asks SQLite for the
/// parameter's name, which SQLite finds by a linear scan, so binding costs grow with the square of the values per
/// statement. 64 rows (576 values) inserted 300,000 rows about twice as fast as 400 rows did.
const INSERT_BATCH_ROWS: usize = 64;

/// Inserts image rows with the positions they carry, in one transaction (demo data; the caller batches).
pub async fn insert_images(pool: &AnyPool, images: &[NewImage]) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    for chunk in images.chunks(INSERT_BATCH_ROWS) {
        let sql = format!(
            "INSERT INTO product_images \
                (id, product_id, position, media_key, content_type, width, height, alt_text, created_at_ms) \
             VALUES {}",
            values_placeholders(chunk.len(), 9)
        );
        let mut query = sqlx::query(&sql);
        for image in chunk {
            query = query
                .bind(&image.id)
                .bind(&image.product_id)
                .bind(image.position)
                .bind(&image.media_key)
                .bind(&image.content_type)
                .bind(image.width)
                .bind(image.height)
                .bind(image.alt_text.as_deref())
                .bind(image.created_at_ms);
        }
        query.execute(&mut *transaction).await?;
    }
    let committed = transaction.commit().await;
    note_catalog_write();
    committed
}
