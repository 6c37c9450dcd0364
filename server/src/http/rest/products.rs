//! `/api/v1/products`.

use app::ports::RequestContext;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde::Deserialize;
use shared::dto::{
    CategoryNode, ProductDetail, ProductLookup, ProductLookupRequest, RankingExplanation, SearchParams,
    SearchResults,
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

/// Searches and lists products: full-text (`q`), filters, facet counts, and five sort orders.
#[utoipa::path(
    get,
    path = "/api/v1/products",
    tag = "catalog",
    params(SearchParams),
    responses(
        (status = 200, description = "One page of results with the facets of all of them", body = SearchResults),
        (status = 400, description = "A parameter is malformed or out of range; `field` names it", body = shared::dto::ErrorEnvelope),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchResults>, ApiError> {
    Ok(Json(state.services.catalog.search(params.validate()?).await?))
}

/// Where a product is to be delivered.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DetailParams {
    /// Destination region (e.g. `DE`): the delivery options are computed for it.
    pub region: Option<String>,
}

/// One product's page: variants, attributes, breadcrumb, seller, images, delivery options.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "catalog",
    params(("id" = String, Path, description = "Product id"), DetailParams),
    responses(
        (status = 200, body = ProductDetail),
        (status = 400, description = "Unknown region", body = shared::dto::ErrorEnvelope),
        (status = 404, description = "No such product", body = shared::dto::ErrorEnvelope)))]
pub async fn detail(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<DetailParams>,
) -> Result<Json<ProductDetail>, ApiError> {
    let id = id.parse().map_err(|_| ApiError::not_found("product"))?;
    Ok(Json(state.services.catalog.product(&context, id, params.region).await?))
}

/// What to explain a rank for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankingParams {
    /// Destination region; delivery speed counts only with one.
    pub region: Option<String>,
    /// The search words the rank is for; relevance is full without.
    pub q: Option<String>,
}

/// Why a product ranks where it does (operators): its signals and each factor's score and weight.
#[utoipa::path(get, path = "/api/v1/products/{id}/ranking", tag = "admin",
    params(("id" = String, Path, description = "Product id"), RankingParams),
    security(("bearer" = [])),
    responses(
        (status = 200, body = RankingExplanation),
        (status = 401, body = shared::dto::ErrorEnvelope),
        (status = 403, body = shared::dto::ErrorEnvelope),
        (status = 404, body = shared::dto::ErrorEnvelope)))]
pub async fn ranking(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<RankingParams>,
) -> Result<Json<RankingExplanation>, ApiError> {
    let id = id.parse().map_err(|_| ApiError::not_found("product"))?;
    let q = params.q.unwrap_or_default();
    Ok(Json(state.services.catalog.explain_ranking(&context, id, params.region, &q).await?))
}

/// What the shopper has typed so far.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// The search box's text; its last word is completed.
    pub q: String,
}

/// Completions for the search box: indexed words that start like the last typed word, forgiving one slip.
#[utoipa::path(get, path = "/api/v1/products/suggestions", tag = "catalog", params(SuggestParams),
    responses((status = 200, description = "Up to 8 completions, best first", body = Vec<String>),
        (status = 400, body = shared::dto::ErrorEnvelope)))]
pub async fn suggestions(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SuggestParams>,
) -> Result<Json<Vec<String>>, ApiError> {
    Ok(Json(state.services.catalog.suggest(&params.q).await?))
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
