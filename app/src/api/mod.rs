//! Server functions: the SPA's calls to the server.
//!
//! Each one is a thin adapter: find the port in context, make one call, map the error. Every function names its
//! endpoint explicitly: the default URL hashes the source path, so a wasm and a server built in different
//! directories would disagree. Reads use GET so the service worker and HTTP caches can keep them.

pub mod accounts;
pub mod commerce;
mod error;
pub mod listings;
pub mod shops;

pub use error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use shared::dto::{SearchParams, SearchResults};

/// One product's page, with delivery options to `region`.
#[server(endpoint = "catalog/product", input = GetUrl)]
pub async fn product(
    id: shared::ids::ProductId,
    region: Option<String>,
) -> Result<shared::dto::ProductDetail, AppError> {
    let (services, context) = error::services_and_context()?;
    services.catalog.product(&context, id, region).await.map_err(AppError::from_service)
}

/// The category tree.
#[server(endpoint = "catalog/categories", input = GetUrl)]
pub async fn list_categories() -> Result<Vec<shared::dto::CategoryNode>, AppError> {
    let services = error::services()?;
    services.catalog.categories().await.map_err(AppError::from_service)
}

/// One page of search results (or of browsing, without words), with facet counts. Every parameter is optional,
/// so the first page of the whole catalog (all of them unset) is a query string with nothing in it.
#[server(endpoint = "catalog/search", input = GetUrl)]
pub async fn search_products(#[server(default)] params: SearchParams) -> Result<SearchResults, AppError> {
    let query = params.validate().map_err(AppError::from_field_error)?;
    let services = error::services()?;
    services.catalog.search(query).await.map_err(AppError::from_service)
}

/// Completions for the search box.
#[server(endpoint = "catalog/suggest", input = GetUrl)]
pub async fn suggest(typed: String) -> Result<Vec<String>, AppError> {
    let services = error::services()?;
    services.catalog.suggest(&typed).await.map_err(AppError::from_service)
}

/// Operators: why a listing ranks where it does for `region` and the words `q`.
#[server(endpoint = "catalog/ranking", input = GetUrl)]
pub async fn explain_ranking(
    id: shared::ids::ProductId,
    region: Option<String>,
    q: String,
) -> Result<shared::dto::RankingExplanation, AppError> {
    let (services, context) = error::services_and_context()?;
    services.catalog.explain_ranking(&context, id, region, &q).await.map_err(AppError::from_service)
}
