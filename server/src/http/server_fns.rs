//! Leptos server functions: the SPA's RPC. The handler provides the services as context and lets leptos_axum
//! decode the call; unknown function paths answer the API's JSON 404 instead of Leptos' 400.

use std::collections::HashSet;
use std::sync::OnceLock;

use app::ports::RequestContext;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

use crate::http::rest::error::ApiError;
use crate::state::AppState;

// Keeps the `app` crate, and with it every `#[server]` registration, linked into this binary.
use app as _;

/// Paths of every registered server function.
fn registered_paths() -> &'static HashSet<&'static str> {
    static PATHS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    PATHS.get_or_init(|| leptos::server_fn::axum::server_fn_paths().map(|(path, _method)| path).collect())
}

pub async fn handle(State(state): State<AppState>, request: Request<Body>) -> Response {
    if !registered_paths().contains(request.uri().path()) {
        return ApiError::not_found("API endpoint").into_response();
    }
    let services = state.services.clone();
    let context = request.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    let provide = move || {
        provide_context(services.clone());
        provide_context(context.clone());
    };
    leptos_axum::handle_server_fns_with_context(provide, request).await.into_response()
}
