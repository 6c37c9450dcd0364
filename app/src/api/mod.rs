//! Server functions: the SPA's calls to the server.
//!
//! Each one is a thin adapter: find the port in context, make one call, map the error. Every function names its
//! endpoint explicitly: the default URL hashes the source path, so a wasm and a server built in different
//! directories would disagree. Reads use GET so the service worker and HTTP caches can keep them.

pub mod accounts;
mod error;

pub use error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use shared::dto::{Page, ProductSummary};

/// One product's page.
#[server(endpoint = "catalog/product", input = GetUrl)]
pub async fn product(id: shared::ids::ProductId) -> Result<shared::dto::ProductDetail, AppError> {
    let services = error::services()?;
    services.catalog.product(id).await.map_err(AppError::from_service)
}

/// The category tree.
#[server(endpoint = "catalog/categories", input = GetUrl)]
pub async fn list_categories() -> Result<Vec<shared::dto::CategoryNode>, AppError> {
    let services = error::services()?;
    services.catalog.categories().await.map_err(AppError::from_service)
}

/// One page of the storefront's product list, newest listings first.
#[server(endpoint = "catalog/list_products", input = GetUrl)]
pub async fn list_products(
    page: Option<u32>,
    per_page: Option<u32>,
    category: Option<String>,
) -> Result<Page<ProductSummary>, AppError> {
    let request =
        shared::dto::ProductQuery::parse(page, per_page, category).map_err(AppError::from_field_error)?;
    let services = error::services()?;
    services.catalog.list_products(request).await.map_err(AppError::from_service)
}
