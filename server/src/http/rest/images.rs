//! `/api/v1/products/{id}/images`: list, upload (the raw file as the body), delete, reorder. The service decides
//! who may; these handlers only translate.

use app::ports::RequestContext;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::{Extension, Json};
use serde::Deserialize;
use shared::ids::{ProductId, ProductImageId};
use shared::media::{ImageOrder, ProductImage, UploadProblem};
use utoipa::IntoParams;

use super::error::ApiError;
use super::extract::{ApiJson, ApiQuery};
use crate::services::images::{ImageError, Upload};
use crate::state::AppState;

impl From<ImageError> for ApiError {
    fn from(error: ImageError) -> Self {
        match error {
            ImageError::Service(error) => error.into(),
            other => {
                let (status, body) = other.into_response_parts();
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
                ApiError { status, body, retry_after_secs: None }
            }
        }
    }
}

/// Options of an upload.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadParams {
    /// Alternative text, at most 200 characters; without it the product's title describes the image.
    pub alt: Option<String>,
}

fn product_id(text: &str) -> Result<ProductId, ApiError> {
    text.parse().map_err(|_| ApiError::not_found("product"))
}

/// A product's images, main image first.
#[utoipa::path(get, path = "/api/v1/products/{id}/images", tag = "catalog",
    params(("id" = String, Path, description = "Product id")),
    responses(
        (status = 200, description = "The images in display order", body = Vec<ProductImage>),
        (status = 404, description = "No such product", body = shared::dto::ErrorEnvelope),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<ProductImage>>, ApiError> {
    Ok(Json(state.images.list(product_id(&id)?).await?))
}

/// Adds an image to a product: send the file itself as the body, with its `Content-Type`. PNG, JPEG and WebP
/// up to 5 MB are accepted when their first bytes match the declared type; SVG and anything else are refused.
/// Identical files are stored once. The seller of the product or an operator (tokens need `catalog:write`).
#[utoipa::path(post, path = "/api/v1/products/{id}/images", tag = "catalog",
    params(("id" = String, Path, description = "Product id"), UploadParams),
    request_body(description = "The image file, at most 5 MB",
        content(([u8] = "image/png"), ([u8] = "image/jpeg"), ([u8] = "image/webp"))),
    responses(
        (status = 201, description = "Stored; appended after the product's last image", body = ProductImage),
        (status = 400, description = "A damaged file, or bad alternative text", body = shared::dto::ErrorEnvelope),
        (status = 401, body = shared::dto::ErrorEnvelope),
        (status = 403, description = "Not a seller or operator, or a token without catalog:write", body = shared::dto::ErrorEnvelope),
        (status = 404, description = "No such product, or not the caller's", body = shared::dto::ErrorEnvelope),
        (status = 409, description = "The product already has 12 images", body = shared::dto::ErrorEnvelope),
        (status = 413, description = "Larger than 5 MB", body = shared::dto::ErrorEnvelope),
        (status = 415, description = "Not PNG, JPEG or WebP, or not the declared type", body = shared::dto::ErrorEnvelope),
    ),
    security(("bearer" = [])))]
pub async fn upload(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<UploadParams>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<ProductImage>), ApiError> {
    let bytes = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ImageError::Upload(UploadProblem::TooLarge).into(),
        status => ApiError::new(status, "invalid_body", rejection.body_text(), None),
    })?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let upload = Upload { content_type, bytes: Vec::from(bytes), alt: params.alt.as_deref() };
    let image = state.images.upload(&context, product_id(&id)?, upload).await?;
    Ok((StatusCode::CREATED, Json(image)))
}

/// Removes one image from a product.
#[utoipa::path(delete, path = "/api/v1/products/{id}/images/{image_id}", tag = "catalog",
    params(("id" = String, Path, description = "Product id"), ("image_id" = String, Path, description = "Image id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = shared::dto::ErrorEnvelope),
        (status = 403, body = shared::dto::ErrorEnvelope),
        (status = 404, description = "No such product or image, or not the caller's", body = shared::dto::ErrorEnvelope),
    ),
    security(("bearer" = [])))]
pub async fn delete(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path((id, image_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let product = product_id(&id)?;
    let image: ProductImageId = image_id.parse().map_err(|_| ApiError::not_found("image"))?;
    state.images.delete(&context, product, image).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts a product's images in a new order; the first becomes the main image.
#[utoipa::path(put, path = "/api/v1/products/{id}/images/order", tag = "catalog", request_body = ImageOrder,
    params(("id" = String, Path, description = "Product id")),
    responses(
        (status = 200, description = "The images in their new order", body = Vec<ProductImage>),
        (status = 400, description = "The list does not name each image exactly once", body = shared::dto::ErrorEnvelope),
        (status = 401, body = shared::dto::ErrorEnvelope),
        (status = 403, body = shared::dto::ErrorEnvelope),
        (status = 404, body = shared::dto::ErrorEnvelope),
    ),
    security(("bearer" = [])))]
pub async fn reorder(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
    ApiJson(order): ApiJson<ImageOrder>,
) -> Result<Json<Vec<ProductImage>>, ApiError> {
    Ok(Json(state.images.reorder(&context, product_id(&id)?, order).await?))
}
