//! What onboarding needs from the browser itself: a file the seller picked, sent as the body of a REST upload
//! (logo, identity document — the session cookie authorizes it, like a server function), and the payment
//! provider's bank-account tokenization, which is plain HTTP to the provider so the account number never
//! reaches our server. Server builds get inert stand-ins.

use serde::{Deserialize, Serialize};
use shared::shop::ShopView;

use crate::api::AppError;

/// A bank account as the provider takes it; it goes to the provider only.
#[derive(Debug, Clone, Serialize)]
pub struct BankAccountDetails {
    pub holder_name: String,
    pub account_number: String,
}

/// The provider's token for a bank account, and its masked label.
#[derive(Debug, Clone, Deserialize)]
pub struct BankAccountToken {
    pub token: String,
    pub label: String,
}

#[cfg(feature = "csr")]
mod imp {
    use gloo_net::http::{Request, Response};
    use shared::dto::ErrorEnvelope;
    use shared::shop::ShopView;
    use wasm_bindgen::JsCast;

    use super::{AppError, BankAccountDetails, BankAccountToken};

    /// A file picked in an `<input type="file">`.
    #[derive(Clone)]
    pub struct PickedFile {
        file: web_sys::File,
    }

    impl PickedFile {
        /// The file the input's change event picked, if any.
        pub fn from_event(event: &leptos::ev::Event) -> Option<PickedFile> {
            let input = event.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
            let file = input.files()?.get(0)?;
            Some(PickedFile { file })
        }

        pub fn name(&self) -> String {
            self.file.name()
        }

        pub fn size_bytes(&self) -> u64 {
            self.file.size() as u64
        }

        pub fn content_type(&self) -> String {
            self.file.type_()
        }
    }

    fn network(error: impl ToString) -> AppError {
        AppError::new("network", error.to_string(), None)
    }

    async fn error_of(response: Response) -> AppError {
        match response.json::<ErrorEnvelope>().await {
            Ok(envelope) => AppError { error: envelope.error },
            Err(_) => AppError::new("http", format!("The server answered {}.", response.status()), None),
        }
    }

    /// Sends the file as the body of `method url` with its own type; the answer is the shop as it now stands.
    pub async fn upload(method: &str, url: &str, file: &PickedFile) -> Result<ShopView, AppError> {
        let builder = match method {
            "PUT" => Request::put(url),
            _ => Request::post(url),
        };
        let request = builder
            .header("content-type", &file.content_type())
            .body(wasm_bindgen::JsValue::from(file.file.clone()))
            .map_err(network)?;
        let response = request.send().await.map_err(network)?;
        if response.ok() { response.json().await.map_err(network) } else { Err(error_of(response).await) }
    }

    pub async fn tokenize_bank_account(account: &BankAccountDetails) -> Result<BankAccountToken, AppError> {
        let request = Request::post("/test-provider/v1/bank-accounts").json(account).map_err(network)?;
        let response = request.send().await.map_err(network)?;
        if response.ok() { response.json().await.map_err(network) } else { Err(error_of(response).await) }
    }
}

#[cfg(not(feature = "csr"))]
mod imp {
    use shared::shop::ShopView;

    use super::{AppError, BankAccountDetails, BankAccountToken};

    /// Files are picked in browsers only.
    #[derive(Clone)]
    pub struct PickedFile;

    impl PickedFile {
        pub fn from_event(_event: &leptos::ev::Event) -> Option<PickedFile> {
            None
        }

        pub fn name(&self) -> String {
            String::new()
        }

        pub fn size_bytes(&self) -> u64 {
            0
        }

        pub fn content_type(&self) -> String {
            String::new()
        }
    }

    fn browser_only() -> AppError {
        AppError::new("browser_only", "This runs in the browser.", None)
    }

    pub async fn upload(_method: &str, _url: &str, _file: &PickedFile) -> Result<ShopView, AppError> {
        Err(browser_only())
    }

    pub async fn tokenize_bank_account(_account: &BankAccountDetails) -> Result<BankAccountToken, AppError> {
        Err(browser_only())
    }
}

pub use imp::{PickedFile, tokenize_bank_account, upload};

/// Uploads a logo (PUT /api/v1/seller/shop/logo).
pub async fn upload_logo(file: &PickedFile) -> Result<ShopView, AppError> {
    upload("PUT", "/api/v1/seller/shop/logo", file).await
}

/// Uploads an identity document (POST /api/v1/seller/shop/documents).
pub async fn upload_document(file: &PickedFile) -> Result<ShopView, AppError> {
    upload("POST", "/api/v1/seller/shop/documents", file).await
}
