//! Catalog reads.

use anyhow::Context;
use app::ports::{Catalog, ServiceError};
use async_trait::async_trait;
use shared::dto::{
    Attribute, CategoryNode, CategoryRef, FlatCategory, Page, ProductDetail, ProductLookup, ProductQuery,
    ProductSummary, SellerCard, SellerRef, category_path,
};
use shared::ids::ProductId;
use shared::money::{Currency, Money};

use crate::db::Database;
use crate::db::catalog::{self, ProductListRow};

pub struct CatalogService {
    db: Database,
}

impl CatalogService {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

#[async_trait]
impl Catalog for CatalogService {
    async fn list_products(&self, query: ProductQuery) -> Result<Page<ProductSummary>, ServiceError> {
        let pool = self.db.pool();
        let page = query.page;
        let categories = match &query.category {
            None => None,
            Some(slug) => {
                let rows = catalog::list_categories(pool).await.context("listing categories")?;
                let tree = CategoryNode::build_tree(flat_categories(rows)?);
                let ids = CategoryNode::subtree_ids(&tree, slug).ok_or_else(|| ServiceError::Invalid {
                    field: Some("category".into()),
                    message: format!("There is no category {slug:?}."),
                })?;
                Some(ids.iter().map(ToString::to_string).collect::<Vec<_>>())
            }
        };
        let (rows, total) = tokio::try_join!(
            catalog::list_products(pool, categories.as_deref(), page.per_page(), page.offset()),
            catalog::count_products_in(pool, categories.as_deref())
        )
        .context("listing products")?;
        let items = rows.into_iter().map(summary_from_row).collect::<Result<Vec<_>, _>>()?;
        Ok(Page { items, page: page.page(), per_page: page.per_page(), total })
    }

    async fn product(&self, id: ProductId) -> Result<ProductDetail, ServiceError> {
        let pool = self.db.pool();
        let key = id.to_string();
        let (row, categories) =
            tokio::try_join!(catalog::product_detail(pool, &key), catalog::list_categories(pool))
                .context("loading a product")?;
        let row = row.ok_or(ServiceError::NotFound("product"))?;
        let currency =
            Currency::from_code(&row.currency).with_context(|| format!("product {} currency", row.id))?;
        let category_id =
            row.category_id.parse().with_context(|| format!("category id {:?}", row.category_id))?;
        Ok(ProductDetail {
            id,
            title: row.title,
            description: row.description,
            price: Money::new(row.price_minor, currency),
            stock: u32::try_from(row.stock.max(0)).unwrap_or(u32::MAX),
            attributes: attributes_from_json(&row.attributes),
            breadcrumb: category_path(&flat_categories(categories)?, category_id),
            seller: SellerCard {
                id: row.seller_id.parse().with_context(|| format!("seller id {:?}", row.seller_id))?,
                name: row.seller_name,
                rating_x100: row.seller_rating_x100.and_then(|r| u16::try_from(r).ok()),
                region: row.seller_region,
            },
            image_url: None,
        })
    }

    async fn categories(&self) -> Result<Vec<CategoryNode>, ServiceError> {
        let rows = catalog::list_categories(self.db.pool()).await.context("listing categories")?;
        Ok(CategoryNode::build_tree(flat_categories(rows)?))
    }

    async fn lookup_products(&self, ids: &[ProductId]) -> Result<ProductLookup, ServiceError> {
        let keys: Vec<String> = ids.iter().map(ToString::to_string).collect();
        let rows = catalog::products_by_ids(self.db.pool(), &keys).await.context("looking up products")?;
        let mut found = rows.into_iter().map(summary_from_row).collect::<Result<Vec<_>, _>>()?;
        let mut items = Vec::with_capacity(found.len());
        let mut missing = Vec::new();
        for id in ids {
            match found.iter().position(|product| product.id == *id) {
                Some(index) => items.push(found.swap_remove(index)),
                None => missing.push(*id),
            }
        }
        Ok(ProductLookup { items, missing })
    }
}

/// Converts a stored row; a row that does not parse is corrupt data, not the caller's fault.
fn summary_from_row(row: ProductListRow) -> Result<ProductSummary, ServiceError> {
    let currency =
        Currency::from_code(&row.currency).with_context(|| format!("product {} currency", row.id))?;
    Ok(ProductSummary {
        id: row.id.parse().with_context(|| format!("product id {:?}", row.id))?,
        title: row.title,
        price: Money::new(row.price_minor, currency),
        in_stock: row.stock > 0,
        category: CategoryRef {
            id: row.category_id.parse().with_context(|| format!("category id {:?}", row.category_id))?,
            slug: row.category_slug,
            name: row.category_name,
        },
        seller: SellerRef {
            id: row.seller_id.parse().with_context(|| format!("seller id {:?}", row.seller_id))?,
            name: row.seller_name,
            rating_x100: row.seller_rating_x100.and_then(|r| u16::try_from(r).ok()),
        },
        image_url: None,
    })
}

fn flat_categories(rows: Vec<catalog::CategoryRow>) -> Result<Vec<FlatCategory>, ServiceError> {
    rows.into_iter()
        .map(|row| {
            Ok(FlatCategory {
                id: row.id.parse().with_context(|| format!("category id {:?}", row.id))?,
                parent_id: row.parent_id.as_deref().map(str::parse).transpose().context("parent id")?,
                slug: row.slug,
                name: row.name,
                position: row.position,
            })
        })
        .collect()
}

/// The stored JSON object as name/value pairs in a stable order; non-string values are written as JSON, and
/// unreadable JSON yields no attributes rather than a failed page.
fn attributes_from_json(json: &str) -> Vec<Attribute> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(json) else {
        return Vec::new();
    };
    let mut attributes: Vec<Attribute> = map
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            Attribute { name, value }
        })
        .collect();
    attributes.sort_by(|a, b| a.name.cmp(&b.name));
    attributes
}
