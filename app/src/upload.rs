//! Picture uploads with progress: the browser's `XMLHttpRequest` reports bytes sent, which `fetch` cannot. The
//! file goes as the request body to `POST /api/v1/products/{id}/images` (the session cookie authorizes it), and
//! the answer is the stored image or the server's error. Server builds get an inert stand-in.

use shared::ids::ProductId;
use shared::listing_import::ImportStatus;
use shared::media::ProductImage;

use crate::api::AppError;

/// A file the seller picked.
pub struct PickedFile {
    pub name: String,
    #[cfg(feature = "csr")]
    file: web_sys::File,
}

#[cfg(feature = "csr")]
mod imp {
    use shared::dto::ErrorEnvelope;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;

    use super::{AppError, ImportStatus, PickedFile, ProductId, ProductImage};

    pub fn picked_files(event: &leptos::ev::Event) -> Vec<PickedFile> {
        let Some(input) =
            event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return Vec::new();
        };
        let mut picked = Vec::new();
        if let Some(files) = input.files() {
            for index in 0..files.length() {
                if let Some(file) = files.get(index) {
                    picked.push(PickedFile { name: file.name(), file });
                }
            }
        }
        // The same file can be picked again after a failure.
        input.set_value("");
        picked
    }

    fn network(error: impl std::fmt::Debug) -> AppError {
        AppError::new("network", format!("The upload did not go through: {error:?}"), None)
    }

    pub async fn upload_picture(
        product: ProductId,
        picked: &PickedFile,
        alt: &str,
        on_progress: impl Fn(u32) + 'static,
    ) -> Result<ProductImage, AppError> {
        let url = format!("/api/v1/products/{product}/images?alt={}", js_sys::encode_uri_component(alt));
        let request = web_sys::XmlHttpRequest::new().map_err(network)?;
        request.open_with_async("POST", &url, true).map_err(network)?;
        let content_type = picked.file.type_();
        if !content_type.is_empty() {
            request.set_request_header("content-type", &content_type).map_err(network)?;
        }
        let progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
                if event.length_computable() && event.total() > 0.0 {
                    on_progress((event.loaded() / event.total() * 100.0).round().clamp(0.0, 100.0) as u32);
                }
            });
        request.upload().map_err(network)?.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        let finished = js_sys::Promise::new(&mut |resolve, _reject| {
            // Load, error and abort all end the wait; the status tells them apart.
            request.set_onloadend(Some(&resolve));
        });
        request.send_with_opt_blob(Some(&picked.file)).map_err(network)?;
        let _ = wasm_bindgen_futures::JsFuture::from(finished).await;
        drop(progress);
        let status = request.status().map_err(network)?;
        let body = request.response_text().map_err(network)?.unwrap_or_default();
        if (200..300).contains(&status) {
            serde_json::from_str(&body).map_err(|error| AppError::new("bad_answer", error.to_string(), None))
        } else if status == 0 {
            Err(network("no answer"))
        } else {
            let envelope: Option<ErrorEnvelope> = serde_json::from_str(&body).ok();
            Err(match envelope {
                Some(envelope) => AppError::new(
                    &envelope.error.code,
                    envelope.error.message,
                    envelope.error.field.as_deref(),
                ),
                None => AppError::new(
                    "upload_refused",
                    format!("The server refused the picture ({status})."),
                    None,
                ),
            })
        }
    }

    pub async fn read_text(picked: &PickedFile) -> Result<String, AppError> {
        let text = wasm_bindgen_futures::JsFuture::from(picked.file.text()).await.map_err(network)?;
        text.as_string().ok_or_else(|| AppError::new("unreadable", "The file is not text.", None))
    }

    pub async fn upload_import(file_name: &str, text: String) -> Result<ImportStatus, AppError> {
        let url = format!("/api/v1/seller/imports?name={}", js_sys::encode_uri_component(file_name));
        let response = gloo_net::http::Request::post(&url)
            .header("content-type", "text/csv")
            .body(text)
            .map_err(network)?
            .send()
            .await
            .map_err(network)?;
        if response.ok() {
            response.json().await.map_err(|error| AppError::new("bad_answer", error.to_string(), None))
        } else {
            let envelope: Option<ErrorEnvelope> = response.json().await.ok();
            Err(match envelope {
                Some(envelope) => AppError::new(
                    &envelope.error.code,
                    envelope.error.message,
                    envelope.error.field.as_deref(),
                ),
                None => AppError::new(
                    "import_refused",
                    format!("The server refused the file ({}).", response.status()),
                    None,
                ),
            })
        }
    }
}

#[cfg(not(feature = "csr"))]
mod imp {
    use super::{AppError, ImportStatus, PickedFile, ProductId, ProductImage};

    pub fn picked_files(_event: &leptos::ev::Event) -> Vec<PickedFile> {
        Vec::new()
    }

    pub async fn upload_picture(
        _product: ProductId,
        _picked: &PickedFile,
        _alt: &str,
        _on_progress: impl Fn(u32) + 'static,
    ) -> Result<ProductImage, AppError> {
        Err(AppError::new("browser_only", "This runs in the browser.", None))
    }

    pub async fn read_text(_picked: &PickedFile) -> Result<String, AppError> {
        Err(AppError::new("browser_only", "This runs in the browser.", None))
    }

    pub async fn upload_import(_file_name: &str, _text: String) -> Result<ImportStatus, AppError> {
        Err(AppError::new("browser_only", "This runs in the browser.", None))
    }
}

pub use imp::{picked_files, read_text, upload_import, upload_picture};
