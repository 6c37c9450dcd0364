//! `GET /media/{key}`: product images from the content-addressed media store.
//!
//! A key names content by its hash, so what is served under it never changes: browsers and proxies keep it for a
//! year without asking again (`immutable`), and the hash is the ETag. Keys are parsed strictly (64 hex digits and a
//! known extension) before any file is touched, so no path outside the store can be named. Anything else under
//! `/media/` is the API's JSON 404.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shared::media::MediaKey;

use crate::http::rest::error::ApiError;
use crate::state::AppState;

/// What media answers carry besides the content type: they never change, and are never sniffed.
pub const MEDIA_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

pub async fn serve(State(state): State<AppState>, Path(key): Path<String>, headers: HeaderMap) -> Response {
    let Ok(key) = key.parse::<MediaKey>() else {
        return ApiError::not_found("media file").into_response();
    };
    let etag = format!("\"{}\"", key.digest_hex());
    if if_none_match(&headers, &etag) {
        return with_media_headers(StatusCode::NOT_MODIFIED.into_response(), &key, &etag);
    }
    let path = state.media.path_of(&key);
    match tokio::fs::read(&path).await {
        Ok(bytes) => with_media_headers(bytes.into_response(), &key, &etag),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            ApiError::not_found("media file").into_response()
        }
        Err(error) => {
            let error = anyhow::Error::from(error).context(format!("reading media file {}", path.display()));
            ApiError::from(app::ports::ServiceError::Unexpected(error)).into_response()
        }
    }
}

fn with_media_headers(mut response: Response, key: &MediaKey, etag: &str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(key.format().content_type()));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(MEDIA_CACHE_CONTROL));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Ok(etag) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, etag);
    }
    response
}

/// Whether the client already holds this content (`If-None-Match` lists our ETag, weakly or strongly, or `*`).
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).any(|value| {
        value.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_accepts_lists_weak_tags_and_star() {
        let headers = |value: &'static str| {
            let mut map = HeaderMap::new();
            map.insert(header::IF_NONE_MATCH, HeaderValue::from_static(value));
            map
        };
        assert!(if_none_match(&headers("\"abc\""), "\"abc\""));
        assert!(if_none_match(&headers("\"x\", W/\"abc\""), "\"abc\""));
        assert!(if_none_match(&headers("*"), "\"abc\""));
        assert!(!if_none_match(&headers("\"abd\""), "\"abc\""));
        assert!(!if_none_match(&HeaderMap::new(), "\"abc\""));
    }
}
