//! The public REST API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.
//!
//! Every error has one shape, `{ "error": { "code", "message", "field"? } }` ([`error::ApiError`]); unknown paths
//! and methods answer it too. Handlers are thin: parse, call a service, map the result.

pub mod accounts;
pub mod error;
pub mod extract;
pub mod images;
pub mod openapi;
pub mod products;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};
use shared::media::MAX_IMAGE_BYTES;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/products", get(products::list))
        .route("/products/lookup", post(products::lookup))
        .route("/products/suggestions", get(products::suggestions))
        .route("/products/{id}", get(products::detail))
        .route("/products/{id}/ranking", get(products::ranking))
        .route(
            "/products/{id}/images",
            // Uploads carry the file itself; larger bodies are refused with 413 before they are read.
            get(images::list).post(images::upload).layer(DefaultBodyLimit::max(MAX_IMAGE_BYTES)),
        )
        .route("/products/{id}/images/order", put(images::reorder))
        .route("/products/{id}/images/{image_id}", delete(images::delete))
        .route("/categories", get(products::categories))
        .route("/me", get(accounts::me))
        .route("/tokens", get(accounts::list_tokens).post(accounts::create_token))
        .route("/tokens/{id}", delete(accounts::revoke_token))
        .route("/admin/audit-log", get(accounts::audit_log))
        .route("/admin/users/{id}/role", put(accounts::change_role))
        .fallback(error::unknown_endpoint)
        .method_not_allowed_fallback(error::method_not_allowed)
}
