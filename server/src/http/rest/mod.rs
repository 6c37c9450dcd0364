//! The public REST API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.
//!
//! Every error has one shape, `{ "error": { "code", "message", "field"? } }` ([`error::ApiError`]); unknown paths
//! and methods answer it too. Handlers are thin: parse, call a service, map the result.

pub mod error;
pub mod extract;
pub mod openapi;
pub mod products;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/products", get(products::list))
        .route("/products/lookup", post(products::lookup))
        .fallback(error::unknown_endpoint)
        .method_not_allowed_fallback(error::method_not_allowed)
}
