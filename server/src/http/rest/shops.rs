//! `/api/v1/seller/shop…` (a seller's own shop: profile, logo, payout account, rules, identity document,
//! submission) and `/api/v1/admin/shops…` (the operators' verification queue, cases and decisions). The service
//! decides who may; these handlers only translate.

use app::ports::{RequestContext, ServiceError};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use shared::dto::{ErrorEnvelope, Page, PageRequest};
use shared::ids::{SellerId, ShopDocumentId};
use shared::shop::{
    AcceptRulesRequest, MAX_DOCUMENT_BYTES, PayoutAccountRequest, RejectRequest, ShopProfileInput, ShopView,
    VerificationCase, VerificationQueueItem, VerificationStatus,
};
use utoipa::IntoParams;

use super::error::ApiError;
use super::extract::{ApiJson, ApiQuery};
use crate::services::shops::{DocumentAccess, DocumentFile, FileUpload};
use crate::state::AppState;

/// The caller's shop with its onboarding checklist and verification state.
#[utoipa::path(get, path = "/api/v1/seller/shop", tag = "shops",
    responses((status = 200, body = ShopView), (status = 401, body = ErrorEnvelope),
        (status = 403, description = "Not a seller account", body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn my_shop(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
) -> Result<Json<ShopView>, ApiError> {
    Ok(Json(state.services.shops.my_shop(&context).await?))
}

/// Changes the shop's profile. Names are 2–60 characters, the description and return policy at most 2,000 and
/// 1,000, handling time 0–30 days, the return window 0–90 days, the region one Bazaar serves; a bad field is a
/// 400 naming it. In the browser only (tokens are refused).
#[utoipa::path(put, path = "/api/v1/seller/shop", tag = "shops", request_body = ShopProfileInput,
    responses((status = 200, body = ShopView), (status = 400, description = "A field breaks its rule", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn update_profile(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiJson(input): ApiJson<ShopProfileInput>,
) -> Result<Json<ShopView>, ApiError> {
    Ok(Json(state.services.shops.update_profile(&context, input).await?))
}

/// Sets the shop's logo: send the image itself as the body (PNG, JPEG or WebP up to 5 MB, checked like product
/// images). It is public, served at `/media/{key}`.
#[utoipa::path(put, path = "/api/v1/seller/shop/logo", tag = "shops",
    request_body(description = "The image file",
        content(([u8] = "image/png"), ([u8] = "image/jpeg"), ([u8] = "image/webp"))),
    responses((status = 200, body = ShopView),
        (status = 400, description = "Too large, not an accepted image, or damaged (field `logo`)", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn upload_logo(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ShopView>, ApiError> {
    let upload = file_upload(&headers, body, "logo", "The logo is larger than 5 MB.")?;
    Ok(Json(state.shops.upload_logo(&context, upload).await?))
}

/// Keeps the bank account the payment provider tokenized (`POST /test-provider/v1/bank-accounts` in the
/// browser) as the shop's payout destination. Only the token and a masked label are stored.
#[utoipa::path(put, path = "/api/v1/seller/shop/payout-account", tag = "shops", request_body = PayoutAccountRequest,
    responses((status = 200, body = ShopView), (status = 400, description = "Unknown token", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn set_payout_account(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiJson(request): ApiJson<PayoutAccountRequest>,
) -> Result<Json<ShopView>, ApiError> {
    Ok(Json(state.services.shops.set_payout_account(&context, request).await?))
}

/// Accepts the seller rules (the current version).
#[utoipa::path(post, path = "/api/v1/seller/shop/rules", tag = "shops", request_body = AcceptRulesRequest,
    responses((status = 200, body = ShopView), (status = 400, description = "Not the current version", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn accept_rules(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiJson(request): ApiJson<AcceptRulesRequest>,
) -> Result<Json<ShopView>, ApiError> {
    Ok(Json(state.services.shops.accept_rules(&context, request).await?))
}

/// Uploads an identity document: the file itself as the body, PDF, PNG or JPEG up to 8 MB, whose first bytes
/// must match the declared type. It becomes the shop's current document; it is never public.
#[utoipa::path(post, path = "/api/v1/seller/shop/documents", tag = "shops",
    request_body(description = "The document file",
        content(([u8] = "application/pdf"), ([u8] = "image/png"), ([u8] = "image/jpeg"))),
    responses((status = 201, body = ShopView),
        (status = 400, description = "Too large, empty, or not the declared PDF/PNG/JPEG (field `document`)", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn upload_document(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<ShopView>), ApiError> {
    let upload = file_upload(&headers, body, "document", "The document is larger than 8 MB.")?;
    Ok((StatusCode::CREATED, Json(state.shops.upload_document(&context, upload).await?)))
}

/// One of the caller's shop's documents, as a file. Another shop's document is a 404, like a missing one.
#[utoipa::path(get, path = "/api/v1/seller/shop/documents/{id}", tag = "shops",
    params(("id" = String, Path, description = "Document id")),
    responses((status = 200, description = "The file (PDF, PNG or JPEG)"), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn own_document(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let file = state.shops.document(&context, DocumentAccess::OwnShop, document_id(&id)?).await?;
    Ok(file_response(file))
}

/// Submits the shop for verification. Refused with 409 `onboarding_incomplete`, naming the missing steps, until
/// the profile, logo, payout account, rules and identity document are done.
#[utoipa::path(post, path = "/api/v1/seller/shop/verification", tag = "shops",
    responses((status = 200, description = "Pending: an operator checks the documents", body = ShopView),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 409, description = "Steps missing, or already pending or verified", body = ErrorEnvelope)))]
pub async fn submit(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
) -> Result<Json<ShopView>, ApiError> {
    Ok(Json(state.services.shops.submit_for_verification(&context).await?))
}

/// Which shops, which page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueParams {
    /// `pending` (the default), `rejected`, `unverified` or `verified`.
    pub status: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The verification queue: shops in a state, oldest submission first. Operators (tokens need `admin`).
#[utoipa::path(get, path = "/api/v1/admin/shops", tag = "admin", params(QueueParams),
    responses((status = 200, body = Page<VerificationQueueItem>), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn queue(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiQuery(params): ApiQuery<QueueParams>,
) -> Result<Json<Page<VerificationQueueItem>>, ApiError> {
    let page = PageRequest::parse(params.page, params.per_page)?;
    let status = match params.status.as_deref().filter(|text| !text.is_empty()) {
        None => None,
        Some(text) => Some(VerificationStatus::parse(text).ok_or_else(|| {
            ApiError::invalid("status", "status: must be one of unverified, pending, verified, rejected")
        })?),
    };
    Ok(Json(state.services.shops.verification_queue(&context, status, page).await?))
}

/// A verification case: the shop's profile, owner, rules acceptance and document.
#[utoipa::path(get, path = "/api/v1/admin/shops/{id}", tag = "admin",
    params(("id" = String, Path, description = "Shop id")),
    responses((status = 200, body = VerificationCase), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn case(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<VerificationCase>, ApiError> {
    Ok(Json(state.services.shops.verification_case(&context, shop_id(&id)?).await?))
}

/// A case's identity document, as a file (each look is audited).
#[utoipa::path(get, path = "/api/v1/admin/shops/{id}/documents/{document_id}", tag = "admin",
    params(("id" = String, Path, description = "Shop id"), ("document_id" = String, Path, description = "Document id")),
    responses((status = 200, description = "The file (PDF, PNG or JPEG)"), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn case_document(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path((id, document)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let access = DocumentAccess::Case(shop_id(&id)?);
    let file = state.shops.document(&context, access, document_id(&document)?).await?;
    Ok(file_response(file))
}

/// Approves a pending shop: its listings may go live.
#[utoipa::path(post, path = "/api/v1/admin/shops/{id}/approve", tag = "admin",
    params(("id" = String, Path, description = "Shop id")),
    responses((status = 200, body = VerificationCase), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "The shop is not pending", body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn approve(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<VerificationCase>, ApiError> {
    Ok(Json(state.services.shops.approve_shop(&context, shop_id(&id)?).await?))
}

/// Rejects a pending shop with a reason (10–500 characters) its seller sees; the seller may fix it and resubmit.
#[utoipa::path(post, path = "/api/v1/admin/shops/{id}/reject", tag = "admin", request_body = RejectRequest,
    params(("id" = String, Path, description = "Shop id")),
    responses((status = 200, body = VerificationCase), (status = 400, description = "No real reason", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "The shop is not pending", body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn reject(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<RejectRequest>,
) -> Result<Json<VerificationCase>, ApiError> {
    Ok(Json(state.services.shops.reject_shop(&context, shop_id(&id)?, request).await?))
}

/// The largest body the document route reads; larger ones are refused before they are read.
pub const DOCUMENT_BODY_LIMIT: usize = MAX_DOCUMENT_BYTES;

fn file_upload<'a>(
    headers: &'a HeaderMap,
    body: Result<Bytes, BytesRejection>,
    field: &str,
    too_large: &str,
) -> Result<FileUpload<'a>, ApiError> {
    let bytes = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::invalid(field, too_large),
        status => ApiError::new(status, "invalid_body", rejection.body_text(), None),
    })?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    Ok(FileUpload { content_type, bytes: Vec::from(bytes) })
}

/// A document as a download: private, never cached, images shown inline (the operator's preview), PDFs saved.
fn file_response(file: DocumentFile) -> Response {
    let disposition = match file.content_type {
        "application/pdf" => format!("attachment; filename=\"identity-{}.{}\"", file.id, file.extension),
        _ => format!("inline; filename=\"identity-{}.{}\"", file.id, file.extension),
    };
    let mut response = file.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn shop_id(text: &str) -> Result<SellerId, ApiError> {
    text.parse().map_err(|_| ApiError::not_found("shop"))
}

fn document_id(text: &str) -> Result<ShopDocumentId, ApiError> {
    text.parse().map_err(|_| ApiError::from(ServiceError::NotFound("document")))
}
