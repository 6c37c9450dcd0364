//! Ports: the services server functions need, declared here and implemented by the `server` crate.
//!
//! The server builds one [`Services`] at start-up and provides it as context to every server-function call.
//! REST handlers call the same implementations, so the SPA and partners see the same behaviour.

use std::sync::Arc;

use async_trait::async_trait;
use shared::dto::{ErrorBody, Page, PageRequest, ProductLookup, ProductSummary};
use shared::ids::ProductId;

/// Reads of the catalog.
#[async_trait]
pub trait Catalog: Send + Sync + 'static {
    /// Products newest first, one page at a time.
    async fn list_products(&self, page: PageRequest) -> Result<Page<ProductSummary>, ServiceError>;

    /// The listed products that exist, in the order asked; ids that do not exist come back in `missing`.
    async fn lookup_products(&self, ids: &[ProductId]) -> Result<ProductLookup, ServiceError>;
}

/// Everything the server functions can call, cloned cheaply per request.
#[derive(Clone)]
pub struct Services {
    pub catalog: Arc<dyn Catalog>,
}

/// Why a service call failed. Each variant maps to one HTTP status in [`ServiceError::into_response_parts`].
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The request broke a rule; `field` names the offending input when there is one.
    #[error("{message}")]
    Invalid { field: Option<String>, message: String },
    /// The thing does not exist — or is not the caller's, which must look the same.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request conflicts with the current state (e.g. a reused idempotency key).
    #[error("{0}")]
    Conflict(String),
    /// A failure that is not the caller's fault. Logged with a correlation id; the user sees only the id.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ServiceError {
    pub fn unexpected(message: &'static str) -> Self {
        Self::Unexpected(anyhow::anyhow!(message))
    }

    /// The HTTP status and the user-safe body. Unexpected errors are logged here, once, with the id the user sees.
    pub fn into_response_parts(self) -> (u16, ErrorBody) {
        match self {
            ServiceError::Invalid { field, message } => {
                (400, ErrorBody { code: "invalid_parameter".into(), message, field })
            }
            ServiceError::NotFound(what) => (
                404,
                ErrorBody { code: "not_found".into(), message: format!("No such {what}."), field: None },
            ),
            ServiceError::Conflict(message) => {
                (409, ErrorBody { code: "conflict".into(), message, field: None })
            }
            ServiceError::Unexpected(error) => {
                let correlation_id = correlation_id();
                tracing::error!(%correlation_id, error = format!("{error:#}"), "unexpected service error");
                let message = format!("Something went wrong on our side. Reference: {correlation_id}");
                (500, ErrorBody { code: "internal".into(), message, field: None })
            }
        }
    }
}

/// A short, unique-enough reference for matching a user's report to a log line.
fn correlation_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{SystemTime, UNIX_EPOCH};
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    format!("{:x}-{:x}", now_ms, SEQUENCE.fetch_add(1, Ordering::Relaxed))
}
