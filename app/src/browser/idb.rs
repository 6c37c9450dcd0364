//! A thin IndexedDB store for what the app keeps offline: one database, one object store, string keys and JSON
//! string values. IndexedDB rather than `localStorage` because it is asynchronous, holds far more, and is what the
//! service worker can read too. We wrap `web_sys` directly (about a hundred lines) instead of adding `rexie` or
//! `idb`: the app needs get, put, delete and clear, nothing else.
//!
//! Callers build keys that start with the signed-in account's id (see `state::offline`), and [`clear`] empties the
//! whole store on sign-out, so nothing private is left for the next person on a shared phone.

use serde::Serialize;
use serde::de::DeserializeOwned;

#[cfg(feature = "csr")]
mod imp {
    use js_sys::Promise;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

    const DATABASE: &str = "bazaar-offline";
    const STORE: &str = "records";
    const VERSION: u32 = 1;

    /// Waits for a request's `success` (its result) or `error`.
    async fn finished(request: &IdbRequest) -> Result<JsValue, JsValue> {
        let promise = Promise::new(&mut |resolve, reject| {
            let done = request.clone();
            let on_success = Closure::once_into_js(move |_event: JsValue| {
                let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
            });
            let on_error = Closure::once_into_js(move |_event: JsValue| {
                let _ = reject.call0(&JsValue::NULL);
            });
            request.set_onsuccess(Some(on_success.unchecked_ref()));
            request.set_onerror(Some(on_error.unchecked_ref()));
        });
        JsFuture::from(promise).await
    }

    /// Waits until a write transaction is committed (durable), not just until its request succeeded.
    async fn committed(transaction: &IdbTransaction) -> Result<(), JsValue> {
        let promise = Promise::new(&mut |resolve, reject| {
            let on_complete = Closure::once_into_js(move |_event: JsValue| {
                let _ = resolve.call0(&JsValue::NULL);
            });
            let on_error = Closure::once_into_js(move |_event: JsValue| {
                let _ = reject.call0(&JsValue::NULL);
            });
            transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
            transaction.set_onerror(Some(on_error.unchecked_ref()));
        });
        JsFuture::from(promise).await.map(|_| ())
    }

    async fn open() -> Result<IdbDatabase, JsValue> {
        let factory = web_sys::window()
            .ok_or_else(|| JsValue::from_str("no window"))?
            .indexed_db()?
            .ok_or_else(|| JsValue::from_str("no IndexedDB"))?;
        let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, VERSION)?;
        let upgrading = request.clone();
        let on_upgrade = Closure::once_into_js(move |_event: JsValue| {
            if let Some(database) = upgrading.result().ok().and_then(|db| db.dyn_into::<IdbDatabase>().ok())
                && !database.object_store_names().contains(STORE)
            {
                let _ = database.create_object_store(STORE);
            }
        });
        request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
        finished(&request).await?.dyn_into::<IdbDatabase>()
    }

    pub async fn get(key: &str) -> Result<Option<String>, JsValue> {
        let database = open().await?;
        let transaction = database.transaction_with_str(STORE)?;
        let request = transaction.object_store(STORE)?.get(&JsValue::from_str(key))?;
        let value = finished(&request).await?;
        database.close();
        Ok(value.as_string())
    }

    pub async fn put(key: &str, value: &str) -> Result<(), JsValue> {
        let database = open().await?;
        let transaction = database.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        transaction.object_store(STORE)?.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))?;
        let result = committed(&transaction).await;
        database.close();
        result
    }

    pub async fn clear() -> Result<(), JsValue> {
        let database = open().await?;
        let transaction = database.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        transaction.object_store(STORE)?.clear()?;
        let result = committed(&transaction).await;
        database.close();
        result
    }
}

#[cfg(not(feature = "csr"))]
mod imp {
    pub async fn get(_key: &str) -> Result<Option<String>, ()> {
        Ok(None)
    }

    pub async fn put(_key: &str, _value: &str) -> Result<(), ()> {
        Ok(())
    }

    pub async fn clear() -> Result<(), ()> {
        Ok(())
    }
}

/// The value stored under `key`, or None when there is none, it no longer parses (an older app's shape), or
/// the browser refuses IndexedDB (some private modes).
pub async fn get_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    let json = imp::get(key).await.ok().flatten()?;
    serde_json::from_str(&json).ok()
}

/// Stores `value` under `key`; true once committed. A refused write leaves the app working online only.
pub async fn put_json<T: Serialize>(key: &str, value: &T) -> bool {
    match serde_json::to_string(value) {
        Ok(json) => imp::put(key, &json).await.is_ok(),
        Err(_) => false,
    }
}

/// Empties the store (sign-out).
pub async fn clear() -> bool {
    imp::clear().await.is_ok()
}
