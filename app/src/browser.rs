//! What the checkout needs from the browser itself: waiting, a per-attempt idempotency key that survives a
//! reload (`sessionStorage`), and the payment provider's own endpoints (card tokens, the bank's confirmation),
//! which are plain HTTP to the provider rather than our server functions, and the clock for dates shown relative
//! to today. Server builds get inert stand-ins. [`idb`] is the IndexedDB store of what the app keeps offline.

pub mod idb;

use serde::{Deserialize, Serialize};

use crate::api::AppError;

/// Card details as the provider takes them; they go to the provider only.
#[derive(Debug, Clone, Serialize)]
pub struct CardDetails {
    pub number: String,
    pub exp_month: u32,
    pub exp_year: u32,
    pub cvc: String,
}

/// The provider's token for a card, and what may be shown about it.
#[derive(Debug, Clone, Deserialize)]
pub struct CardToken {
    pub token: String,
    pub brand: String,
    pub last4: String,
}

#[cfg(feature = "csr")]
mod imp {
    use gloo_net::http::Request;
    use shared::dto::ErrorEnvelope;
    use wasm_bindgen::JsCast;

    use super::{AppError, CardDetails, CardToken};

    const ATTEMPT_KEY: &str = "bazaar.checkout.attempt";

    pub async fn sleep_ms(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    fn session() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    /// The browser's clock (Unix ms), for dates shown relative to today.
    pub fn now_ms() -> i64 {
        js_sys::Date::now() as i64
    }

    /// A fresh random key (UUID v4 from the browser's CSPRNG), e.g. the idempotency key of a queued action.
    pub fn new_key() -> String {
        web_sys::window()
            .and_then(|w| w.crypto().ok())
            .map(|crypto| crypto.random_uuid())
            .unwrap_or_else(|| format!("key-{}-{}", js_sys::Date::now(), js_sys::Math::random()))
    }

    /// The key of the checkout attempt in progress, made once and kept until the attempt has a definite answer.
    pub fn attempt_key() -> String {
        if let Some(key) = session().and_then(|s| s.get_item(ATTEMPT_KEY).ok().flatten()) {
            return key;
        }
        let key = new_key();
        if let Some(storage) = session() {
            let _ = storage.set_item(ATTEMPT_KEY, &key);
        }
        key
    }

    pub fn forget_attempt_key() {
        if let Some(storage) = session() {
            let _ = storage.remove_item(ATTEMPT_KEY);
        }
    }

    async fn provider_error(response: gloo_net::http::Response) -> AppError {
        match response.json::<ErrorEnvelope>().await {
            Ok(envelope) => AppError { error: envelope.error },
            Err(_) => AppError::new(
                "provider",
                format!("The payment provider answered {}.", response.status()),
                None,
            ),
        }
    }

    pub async fn tokenize_card(card: &CardDetails) -> Result<CardToken, AppError> {
        let request = Request::post("/test-provider/v1/tokens")
            .json(card)
            .map_err(|error| AppError::new("network", error.to_string(), None))?;
        let response =
            request.send().await.map_err(|error| AppError::new("network", error.to_string(), None))?;
        if response.ok() {
            response.json().await.map_err(|error| AppError::new("network", error.to_string(), None))
        } else {
            Err(provider_error(response).await)
        }
    }

    pub async fn answer_challenge(challenge_id: &str, approve: bool) -> Result<(), AppError> {
        let request = Request::post(&format!("/test-provider/v1/challenges/{challenge_id}"))
            .json(&serde_json::json!({ "approve": approve }))
            .map_err(|error| AppError::new("network", error.to_string(), None))?;
        let response =
            request.send().await.map_err(|error| AppError::new("network", error.to_string(), None))?;
        if response.ok() { Ok(()) } else { Err(provider_error(response).await) }
    }
}

#[cfg(not(feature = "csr"))]
mod imp {
    use super::{AppError, CardDetails, CardToken};

    fn browser_only() -> AppError {
        AppError::new("browser_only", "This runs in the browser.", None)
    }

    pub async fn sleep_ms(_ms: i32) {}

    pub fn now_ms() -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }

    pub fn new_key() -> String {
        String::new()
    }

    pub fn attempt_key() -> String {
        String::new()
    }

    pub fn forget_attempt_key() {}

    pub async fn tokenize_card(_card: &CardDetails) -> Result<CardToken, AppError> {
        Err(browser_only())
    }

    pub async fn answer_challenge(_challenge_id: &str, _approve: bool) -> Result<(), AppError> {
        Err(browser_only())
    }
}

pub use imp::{answer_challenge, attempt_key, forget_attempt_key, new_key, now_ms, sleep_ms, tokenize_card};
