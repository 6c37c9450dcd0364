//! HTTP: every way in. The router is assembled here; each submodule owns one kind of traffic.
//!
//! Path of a request: `tower-http` layers (trace, compression, metrics) → one of
//! - `/api/v1/…` REST for partners and scripts ([`rest`]),
//! - `/api/…` Leptos server functions for the SPA ([`server_fns`]),
//! - `/healthz`, `/metrics` ([`observability`]),
//! - `/media/{key}` product images from the content-addressed store ([`media`]),
//! - `/test-provider/v1/…` the built-in test payment provider's card tokens and bank confirmation ([`test_provider`]),
//! - everything else: the built UI with the SPA fallback ([`static_files`]).
//!
//! → a service in [`crate::services`] → SQL in [`crate::db`].

pub mod auth;
pub mod media;
pub mod observability;
pub mod rest;
pub mod server_fns;
pub mod static_files;
pub mod test_provider;

use axum::Router;
use axum::middleware;
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::db::sessions::SqlSessionStore;

use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    // Sessions in our database; the cookie is HttpOnly, SameSite=Lax, Secure when served over TLS.
    let sessions = SessionManagerLayer::new(SqlSessionStore::new(state.db.pool().clone()))
        .with_name(auth::SESSION_COOKIE)
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));
    let api = Router::new()
        .nest("/api/v1", rest::router())
        .route("/api/{*fn_name}", get(server_fns::handle).post(server_fns::handle))
        .layer(middleware::from_fn(auth::refuse_cross_site))
        .layer(middleware::from_fn_with_state(state.clone(), auth::resolve_actor))
        .layer(sessions);
    Router::new()
        .merge(api)
        .route("/healthz", get(observability::healthz))
        .route("/metrics", get(observability::metrics))
        .route("/media/{*key}", get(media::serve))
        .nest("/test-provider/v1", test_provider::router())
        .fallback_service(static_files::service(&state.config.dist_dir))
        .layer(middleware::from_fn(observability::track_requests))
        .layer(middleware::from_fn_with_state(state.clone(), auth::security_headers))
        // Compresses API responses; static files are served precompressed and pass through untouched.
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        // A panic in a handler is a bug, but the caller still gets a JSON 500, never a dropped connection.
        .layer(CatchPanicLayer::custom(rest::error::panic_response))
        .with_state(state)
}
