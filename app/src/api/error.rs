//! The error every server function returns: the same `{ code, message, field }` body as the REST API.

use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};
use shared::dto::{ErrorBody, FieldError};

/// What the UI shows when a call fails. `message` is always safe to show to the user. Serialized exactly like
/// the REST API's `{ "error": { … } }` envelope, so every client parses one shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", error.message)]
pub struct AppError {
    pub error: ErrorBody,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>, field: Option<&str>) -> Self {
        Self { error: ErrorBody { code: code.into(), message: message.into(), field: field.map(Into::into) } }
    }

    /// A request parameter out of range: the caller's mistake, reported with the parameter's name.
    pub fn from_field_error(error: FieldError) -> Self {
        let status = 400;
        set_status(status);
        Self::new("invalid_parameter", error.to_string(), Some(error.field))
    }

    /// Maps a service failure to its wire form and sets the matching HTTP status.
    #[cfg(feature = "ssr")]
    pub fn from_service(error: crate::ports::ServiceError) -> Self {
        if let Some(seconds) = error.retry_after_secs() {
            set_retry_after(seconds);
        }
        let (status, body) = error.into_response_parts();
        set_status(status);
        Self { error: body }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Transport failures (no network, a server that could not decode the call) reach the UI through here.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let code = match value {
            ServerFnErrorErr::Request(_) => "network",
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                // Arguments that do not decode are the caller's mistake (`?id=not-an-id`), not a 500.
                set_status(400);
                "invalid_request"
            }
            _ => "server_fn",
        };
        Self::new(code, value.to_string(), None)
    }
}

/// The services the server put into context for this request.
#[cfg(feature = "ssr")]
pub(crate) fn services() -> Result<crate::ports::Services, AppError> {
    leptos::prelude::use_context::<crate::ports::Services>().ok_or_else(|| {
        AppError::from_service(crate::ports::ServiceError::unexpected("services missing from context"))
    })
}

/// The services and who is asking. A request without a context is anonymous.
#[cfg(feature = "ssr")]
pub(crate) fn services_and_context()
-> Result<(crate::ports::Services, crate::ports::RequestContext), AppError> {
    let context = leptos::prelude::use_context::<crate::ports::RequestContext>().unwrap_or_default();
    Ok((services()?, context))
}

#[cfg(feature = "ssr")]
fn set_status(status: u16) {
    if let (Some(options), Ok(code)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(status))
    {
        options.set_status(code);
    }
}

#[cfg(feature = "ssr")]
fn set_retry_after(seconds: u64) {
    if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        options.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
    }
}

#[cfg(not(feature = "ssr"))]
fn set_status(_status: u16) {}
