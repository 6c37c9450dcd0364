//! Extractors that report bad input in the API's error shape, naming what was wrong.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// Query string parameters; a value of the wrong type is a 400 that names the parameter.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|rejection: QueryRejection| {
                let detail = rejection.body_text();
                let field = field_in(&detail, "query string: ");
                ApiError::new(
                    axum::http::StatusCode::BAD_REQUEST,
                    "invalid_parameter",
                    detail.replace("Failed to deserialize query string: ", "Invalid query parameter: "),
                    field.as_deref(),
                )
            })
    }
}

/// A JSON body; malformed JSON or a missing field is a 400 (415 without the JSON content type) that says where.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Json::<T>::from_request(request, state).await.map(|axum::Json(value)| ApiJson(value)).map_err(
            |rejection: JsonRejection| {
                let status = rejection.status();
                let code = if status == axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE {
                    "unsupported_media_type"
                } else {
                    "invalid_json"
                };
                let detail = rejection.body_text();
                let field = field_in(&detail, "target type: ");
                ApiError::new(status, code, detail, field.as_deref())
            },
        )
    }
}

/// axum's rejections name the offending field after `marker`, e.g. "…query string: page: invalid digit…" or
/// "…target type: ids[2]: UUID parsing failed…"; returns that path when there is one.
fn field_in(detail: &str, marker: &str) -> Option<String> {
    let (_, message) = detail.split_once(marker)?;
    let (field, _) = message.split_once(": ")?;
    let is_path = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']');
    (!field.is_empty() && field.chars().all(is_path)).then(|| field.to_string())
}

#[cfg(test)]
mod tests {
    use super::field_in;

    #[test]
    fn finds_the_parameter_in_serde_messages() {
        let query = "Failed to deserialize query string: page: invalid digit found in string";
        assert_eq!(field_in(query, "query string: "), Some("page".into()));
        let json =
            "Failed to deserialize the JSON body into the target type: ids[2]: UUID parsing failed at line 1";
        assert_eq!(field_in(json, "target type: "), Some("ids[2]".into()));
        assert_eq!(
            field_in("Failed to deserialize query string: expected something", "query string: "),
            None
        );
    }
}
