//! A seller's own listings over REST: the table, the editor, publishing and bulk price and stock edits.

use app::ports::RequestContext;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use shared::dto::{ErrorEnvelope, Page, PageRequest};
use shared::ids::{ImportId, ProductId};
use shared::listing::{
    ListingAction, ListingEditor, ListingInput, ListingSort, ListingStatus, SellerListing, VariantChange,
};
use shared::listing_import::ImportStatus;

use super::error::ApiError;
use super::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

fn listing_id(text: &str) -> Result<ProductId, ApiError> {
    text.parse().map_err(|_| ApiError::not_found("listing"))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListingListParams {
    /// `draft`, `published` or `unpublished`; all when absent.
    pub status: Option<String>,
    /// `updated` (default), `title`, `price_up`, `price_down`, `stock_up`.
    pub sort: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The shop's listings, one page, with each variant's price and stock (for the bulk editor).
#[utoipa::path(get, path = "/api/v1/seller/listings", tag = "listings", params(ListingListParams),
    responses((status = 200, body = Page<SellerListing>), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiQuery(params): ApiQuery<ListingListParams>,
) -> Result<Json<Page<SellerListing>>, ApiError> {
    let status = params
        .status
        .as_deref()
        .map(|text| {
            ListingStatus::parse(text)
                .ok_or_else(|| ApiError::invalid("status", "status: use draft, published or unpublished."))
        })
        .transpose()?;
    let sort = params
        .sort
        .as_deref()
        .map(|text| {
            ListingSort::parse(text).ok_or_else(|| {
                ApiError::invalid("sort", "sort: use updated, title, price_up, price_down or stock_up.")
            })
        })
        .transpose()?
        .unwrap_or_default();
    let page = PageRequest::parse(params.page, params.per_page)?;
    Ok(Json(state.services.listings.seller_listings(&context, status, sort, page).await?))
}

/// Creates a draft. A draft may be incomplete; it must respect the fields' limits (400 naming the field). With an
/// `Idempotency-Key`, a retry after a lost answer saves into the listing the first request made.
#[utoipa::path(post, path = "/api/v1/seller/listings", tag = "listings", request_body = ListingInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "One per listing to create, kept across retries")),
    responses((status = 201, body = ListingEditor), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ListingInput>,
) -> Result<(StatusCode, Json<ListingEditor>), ApiError> {
    let key = headers.get("idempotency-key").and_then(|value| value.to_str().ok()).map(str::to_string);
    Ok((StatusCode::CREATED, Json(state.services.listings.create_listing(&context, input, key).await?)))
}

/// One of the shop's listings as the editor shows it.
#[utoipa::path(get, path = "/api/v1/seller/listings/{id}", tag = "listings",
    params(("id" = String, Path, description = "Listing (product) id")),
    responses((status = 200, body = ListingEditor), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get_one(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<ListingEditor>, ApiError> {
    Ok(Json(state.services.listings.listing(&context, listing_id(&id)?).await?))
}

/// Saves the listing (fields and variants; variants left out are removed unless someone ordered them or holds
/// them in a cart, 409). A listing on sale must stay complete.
#[utoipa::path(put, path = "/api/v1/seller/listings/{id}", tag = "listings", request_body = ListingInput,
    params(("id" = String, Path, description = "Listing (product) id")),
    responses((status = 200, body = ListingEditor), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn update(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ListingInput>,
) -> Result<Json<ListingEditor>, ApiError> {
    Ok(Json(state.services.listings.update_listing(&context, listing_id(&id)?, input).await?))
}

/// What to do with a listing's status.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
pub struct StatusRequest {
    pub action: ListingAction,
}

/// Publishes the listing (it must be complete and the shop verified: 400 naming what is missing) or takes it off
/// sale (it stays, with its orders, and can be published again). 409 when it is there already.
#[utoipa::path(post, path = "/api/v1/seller/listings/{id}/status", tag = "listings", request_body = StatusRequest,
    params(("id" = String, Path, description = "Listing (product) id")),
    responses((status = 200, body = ListingEditor), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn change_status(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<StatusRequest>,
) -> Result<Json<ListingEditor>, ApiError> {
    Ok(Json(state.services.listings.change_listing_status(&context, listing_id(&id)?, request.action).await?))
}

/// A bulk price and stock edit.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
pub struct BulkEditRequest {
    pub changes: Vec<VariantChange>,
}

/// How many variants a bulk edit changed.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
pub struct BulkEditResult {
    pub changed: u32,
}

/// Changes the price and/or stock of many variants of the shop at once: all of them or, when one is refused (400
/// naming `changes[i]`), none.
#[utoipa::path(post, path = "/api/v1/seller/listings/variants", tag = "listings", request_body = BulkEditRequest,
    responses((status = 200, body = BulkEditResult), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn bulk_edit(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiJson(request): ApiJson<BulkEditRequest>,
) -> Result<Json<BulkEditResult>, ApiError> {
    let changed = state.services.listings.change_variants(&context, request.changes).await?;
    Ok(Json(BulkEditResult { changed }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// The file's name, as the seller will recognise it in the list of imports.
    pub name: Option<String>,
}

/// Imports listings from a CSV file (the body, `text/csv`, up to 8 MiB and 10,000 rows): one row per variant, rows
/// with the same `listing` handle make one listing. The whole file is checked first (400 naming `file` when it
/// cannot be read at all); then the listings without problems are created as drafts in the background (202) and
/// the rows with problems are kept for download. Follow the progress at `GET /api/v1/seller/imports/{id}`.
#[utoipa::path(post, path = "/api/v1/seller/imports", tag = "listings", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 202, body = ImportStatus), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 413, description = "The file is larger than 8 MiB")))]
pub async fn start_import(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiQuery(params): ApiQuery<ImportParams>,
    body: String,
) -> Result<(StatusCode, Json<ImportStatus>), ApiError> {
    let name = params.name.unwrap_or_default();
    Ok((StatusCode::ACCEPTED, Json(state.services.listings.start_import(&context, &name, &body).await?)))
}

/// The shop's ten most recent imports, newest first.
#[utoipa::path(get, path = "/api/v1/seller/imports", tag = "listings",
    responses((status = 200, body = Vec<ImportStatus>), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope)))]
pub async fn imports(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
) -> Result<Json<Vec<ImportStatus>>, ApiError> {
    Ok(Json(state.services.listings.imports(&context).await?))
}

fn import_id(text: &str) -> Result<ImportId, ApiError> {
    text.parse().map_err(|_| ApiError::not_found("import"))
}

/// One import's progress.
#[utoipa::path(get, path = "/api/v1/seller/imports/{id}", tag = "listings",
    params(("id" = String, Path, description = "Import id")),
    responses((status = 200, body = ImportStatus), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn import(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<ImportStatus>, ApiError> {
    Ok(Json(state.services.listings.import(&context, import_id(&id)?).await?))
}

/// The rows of an import that had problems, as CSV: the file's columns and a `problem` column. Fix them and
/// import the file again.
#[utoipa::path(get, path = "/api/v1/seller/imports/{id}/problems.csv", tag = "listings",
    params(("id" = String, Path, description = "Import id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn import_problems(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let csv = state.services.listings.import_problems_csv(&context, import_id(&id)?).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"import-{id}-problems.csv\"")),
        ],
        csv,
    ))
}
