//! `/api/v1/products`.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use shared::dto::{
    CategoryNode, Page, ProductDetail, ProductLookup, ProductLookupRequest, ProductQuery, ProductSummary,
};
use utoipa::IntoParams;

use super::error::ApiError;
use super::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// Paging parameters of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Items per page, 1–100 (default 24).
    pub per_page: Option<u32>,
}

/// Filters of the product list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductListParams {
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Items per page, 1–100 (default 24).
    pub per_page: Option<u32>,
    /// Category slug (e.g. `lighting`); includes its subcategories.
    pub category: Option<String>,
}

/// Lists products, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/products",
    tag = "catalog",
    params(ProductListParams),
    responses(
        (status = 200, description = "One page of products", body = Page<ProductSummary>),
        (status = 400, description = "A parameter is out of range", body = shared::dto::ErrorEnvelope),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ProductListParams>,
) -> Result<Json<Page<ProductSummary>>, ApiError> {
    let query = ProductQuery::parse(params.page, params.per_page, params.category)?;
    Ok(Json(state.services.catalog.list_products(query).await?))
}

/// One product's page: description, attributes, breadcrumb, seller.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "catalog",
    params(("id" = String, Path, description = "Product id")),
    responses((status = 200, body = ProductDetail), (status = 404, description = "No such product", body = shared::dto::ErrorEnvelope)))]
pub async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ProductDetail>, ApiError> {
    let id = id.parse().map_err(|_| ApiError::not_found("product"))?;
    Ok(Json(state.services.catalog.product(id).await?))
}

/// The category tree, roots first, children in display order.
#[utoipa::path(get, path = "/api/v1/categories", tag = "catalog",
    responses((status = 200, description = "The category tree", body = Vec<CategoryNode>)))]
pub async fn categories(State(state): State<AppState>) -> Result<Json<Vec<CategoryNode>>, ApiError> {
    Ok(Json(state.services.catalog.categories().await?))
}

/// Fetches several products at once, e.g. to refresh a saved cart; unknown ids are listed in `missing`.
#[utoipa::path(
    post,
    path = "/api/v1/products/lookup",
    tag = "catalog",
    request_body = ProductLookupRequest,
    responses(
        (status = 200, description = "The products found, in the order asked", body = ProductLookup),
        (status = 400, description = "Malformed JSON, a malformed id, or too many ids", body = shared::dto::ErrorEnvelope),
        (status = 415, description = "The body is not `application/json`", body = shared::dto::ErrorEnvelope),
    )
)]
pub async fn lookup(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ProductLookupRequest>,
) -> Result<Json<ProductLookup>, ApiError> {
    let ids = request.validated_ids()?;
    Ok(Json(state.services.catalog.lookup_products(&ids).await?))
}
