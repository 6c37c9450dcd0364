//! Who is calling: sessions (browser), bearer tokens (scripts and partners), CSRF defence, security headers.
//!
//! Order on the API routes: session layer → [`resolve_actor`] (builds the [`RequestContext`] every handler and
//! server function receives) → [`refuse_cross_site`] for state-changing requests.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use app::ports::{RequestContext, ServiceError, SessionControl};
use async_trait::async_trait;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::auth::Actor;
use shared::ids::UserId;
use tower_sessions::Session;

use crate::http::rest::error::ApiError;
use crate::state::AppState;

/// The session key holding the signed-in account's id.
const USER_KEY: &str = "user_id";

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "bazaar_session";

/// The browser session as the services see it.
struct BrowserSession(Session);

#[async_trait]
impl SessionControl for BrowserSession {
    async fn begin(&self, user: UserId) -> Result<(), ServiceError> {
        // A new id on sign-in: an id planted before sign-in (session fixation) is worthless after it.
        self.0.cycle_id().await.map_err(|e| ServiceError::Unexpected(e.into()))?;
        self.0.insert(USER_KEY, user.to_string()).await.map_err(|e| ServiceError::Unexpected(e.into()))
    }

    async fn end(&self) -> Result<(), ServiceError> {
        self.0.flush().await.map_err(|e| ServiceError::Unexpected(e.into()))
    }
}

/// Resolves the actor from a bearer token or the session and stores the [`RequestContext`] in the request.
/// A bearer token that is unknown or revoked is refused outright (401), so a revoked token never silently
/// degrades to anonymous access.
pub async fn resolve_actor(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let ip = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    let session = request.extensions().get::<Session>().cloned();
    let actor = match bearer_token(request.headers()) {
        Some(secret) => match state.accounts.authenticate_token(secret).await {
            Ok(Some(actor)) => actor,
            Ok(None) => {
                return ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "invalid_token",
                    "The API token is unknown or revoked.",
                    None,
                )
                .into_response();
            }
            Err(error) => return ApiError::from(error).into_response(),
        },
        None => match &session {
            Some(session) => match session.get::<String>(USER_KEY).await {
                Ok(Some(user_id)) => match state.accounts.session_actor(&user_id).await {
                    Ok(actor) => actor,
                    Err(error) => return ApiError::from(error).into_response(),
                },
                Ok(None) => Actor::Anonymous,
                Err(error) => {
                    tracing::warn!(%error, "unreadable session; treating the request as anonymous");
                    Actor::Anonymous
                }
            },
            None => Actor::Anonymous,
        },
    };
    let session: Option<Arc<dyn SessionControl>> = session.map(|s| Arc::new(BrowserSession(s)) as _);
    request.extensions_mut().insert(RequestContext { actor, ip, session });
    next.run(request).await
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

/// CSRF defence: a state-changing request that a browser marks as cross-site, or whose `Origin` is not this
/// host, is refused. Requests with a bearer token are exempt (a browser never attaches one by itself), and so
/// are clients that send neither header (curl, partners' servers), which carry no ambient browser cookies.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || bearer_token(request.headers()).is_some() || is_same_origin(request.headers()) {
        return next.run(request).await;
    }
    ApiError::new(
        StatusCode::FORBIDDEN,
        "cross_site_refused",
        "Cross-site requests cannot change anything here.",
        None,
    )
    .into_response()
}

fn is_same_origin(headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(site) = fetch_site {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
            !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
        }
    }
}

/// Security headers for every response.
#[derive(Clone)]
pub struct SecurityHeaders {
    content_security_policy: HeaderValue,
}

impl SecurityHeaders {
    /// Builds the CSP for the UI in `dist`: scripts only from this origin plus the exact inline bootstrap script
    /// Trunk writes into index.html (allowed by its SHA-256, never by `'unsafe-inline'`), and
    /// `'wasm-unsafe-eval'` so the WebAssembly module may be compiled.
    pub fn for_dist(dist: &Path) -> Self {
        let index = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
        let hashes: String = inline_scripts(&index)
            .iter()
            .map(|script| format!(" 'sha256-{}'", sha256_base64(script)))
            .collect();
        let policy = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
             object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        );
        let content_security_policy =
            HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
        Self { content_security_policy }
    }
}

pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, state.security_headers.content_security_policy.clone());
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// Contents of `<script>` elements without a `src`, exactly as written (the CSP hash covers the exact text).
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after_tag_name = &rest[start..];
        let Some(tag_end) = after_tag_name.find('>') else { break };
        let tag = &after_tag_name[..tag_end];
        let body_and_more = &after_tag_name[tag_end + 1..];
        let Some(close) = body_and_more.find("</script>") else { break };
        if !tag.contains("src=") {
            scripts.push(&body_and_more[..close]);
        }
        rest = &body_and_more[close..];
    }
    scripts
}

fn sha256_base64(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_but_not_external_ones() {
        let html = r#"<head><script src="/a.js"></script><script type="module">init();</script></head>"#;
        assert_eq!(inline_scripts(html), vec!["init();"]);
    }

    #[test]
    fn the_csp_hash_matches_the_browser_algorithm() {
        // echo -n 'init();' | openssl dgst -sha256 -binary | base64
        assert_eq!(sha256_base64("init();"), "GEnM5q1nYY/iACnyMTdov+tNp9OFcBnnDgNXUXaVNXc=");
    }

    #[test]
    fn cross_site_is_judged_by_fetch_metadata_then_origin() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, HeaderValue::from_static(value));
            }
            map
        };
        assert!(is_same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_same_origin(&headers(&[("origin", "http://shop.test:3000"), ("host", "shop.test:3000")])));
        assert!(!is_same_origin(&headers(&[("origin", "http://evil.test"), ("host", "shop.test:3000")])));
        assert!(is_same_origin(&headers(&[])), "non-browser clients send neither header");
    }
}
