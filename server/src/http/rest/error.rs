//! The API's one error type and its JSON body.

use std::any::Any;

use app::ports::ServiceError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shared::dto::{ErrorBody, ErrorEnvelope};

/// An error answer: a status and a body people and programs can read.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
    /// Sent as `Retry-After` with 429 answers.
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>, field: Option<&str>) -> Self {
        let body = ErrorBody { code: code.into(), message: message.into(), field: field.map(Into::into) };
        Self { status, body, retry_after_secs: None }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("No such {what}."), None)
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_parameter", message, Some(field))
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        let retry_after_secs = error.retry_after_secs();
        let (status, body) = error.into_response_parts();
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self { status, body, retry_after_secs }
    }
}

impl From<shared::dto::FieldError> for ApiError {
    fn from(error: shared::dto::FieldError) -> Self {
        ApiError::invalid(error.field, error.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(ErrorEnvelope { error: self.body })).into_response();
        if let Some(seconds) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(seconds));
        }
        response
    }
}

pub async fn unknown_endpoint() -> ApiError {
    ApiError::not_found("API endpoint")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not accept that method.",
        None,
    )
}

/// Turns a caught panic into the API's 500 body, logging what panicked.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    ApiError::from(ServiceError::Unexpected(anyhow::anyhow!("handler panicked: {detail}"))).into_response()
}
