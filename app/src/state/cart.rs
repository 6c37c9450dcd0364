//! The cart as the page sees it. A signed-in shopper's cart lives on the server; a visitor's lives in this
//! browser (`localStorage`) and moves into the account when they sign in as a shopper, so nothing is lost.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::auth::Role;
use shared::commerce::{CartItem, DeliveryChoice};
use shared::ids::{ProductId, VariantId};
use shared::money::Money;

use crate::api::AppError;
use crate::api::commerce::{add_to_cart, cart, merge_cart};
use crate::state::session::{SessionState, use_session};

/// A line of a visitor's cart, with what the cart page shows before they sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalLine {
    pub product_id: ProductId,
    pub variant_id: VariantId,
    pub title: String,
    pub variant_label: String,
    pub unit_price: Money,
    pub quantity: u32,
}

#[derive(Clone, Copy)]
pub struct CartState {
    /// A visitor's lines (kept in this browser).
    pub local: RwSignal<Vec<LocalLine>>,
    /// Units in the signed-in shopper's server cart.
    pub server_count: RwSignal<u32>,
    /// Bumped after every change, so pages showing the cart load it again.
    pub version: RwSignal<u32>,
    /// Delivery options picked on the cart page, used by checkout.
    pub delivery: RwSignal<Vec<DeliveryChoice>>,
}

impl CartState {
    /// Units in the cart the visitor has now.
    pub fn count(&self, session: &SessionState) -> u32 {
        if is_shopper(session) {
            self.server_count.get()
        } else {
            self.local.with(|lines| lines.iter().map(|line| line.quantity).sum())
        }
    }

    /// Adds a line: to the server cart when signed in as a shopper, otherwise to this browser's cart.
    pub async fn add(&self, session: &SessionState, line: LocalLine) -> Result<(), AppError> {
        if is_shopper(session) {
            add_to_cart(line.variant_id, line.quantity).await?;
            self.changed().await;
        } else {
            self.local.update(|lines| match lines.iter_mut().find(|l| l.variant_id == line.variant_id) {
                Some(existing) => {
                    existing.quantity =
                        (existing.quantity + line.quantity).min(shared::pricing::MAX_LINE_QUANTITY)
                }
                None => lines.push(line),
            });
        }
        Ok(())
    }

    /// Reloads the count and tells cart views to reload.
    pub async fn changed(&self) {
        if let Ok(view) = cart(None).await {
            self.server_count.set(view.item_count());
        }
        self.version.update(|v| *v += 1);
    }
}

pub fn is_shopper(session: &SessionState) -> bool {
    session.me.get().is_some_and(|me| me.role == Role::Shopper)
}

pub fn provide_cart() -> CartState {
    let state = CartState {
        local: RwSignal::new(browser::stored_lines()),
        server_count: RwSignal::new(0),
        version: RwSignal::new(0),
        delivery: RwSignal::new(Vec::new()),
    };
    Effect::new(move |_| state.local.with(|lines| browser::store_lines(lines)));
    let session = use_session();
    // On sign-in as a shopper: bring the visitor's lines into the account, then count the server cart.
    Effect::new(move |_| {
        if !is_shopper(&session) {
            return;
        }
        leptos::task::spawn_local(async move {
            let lines = state.local.get_untracked();
            if !lines.is_empty() {
                let items: Vec<CartItem> = lines
                    .iter()
                    .map(|line| CartItem { variant_id: line.variant_id, quantity: line.quantity })
                    .collect();
                if merge_cart(items).await.is_ok() {
                    state.local.set(Vec::new());
                }
            }
            state.changed().await;
        });
    });
    provide_context(state);
    state
}

pub fn use_cart() -> CartState {
    use_context::<CartState>().unwrap_or_else(|| CartState {
        local: RwSignal::new(Vec::new()),
        server_count: RwSignal::new(0),
        version: RwSignal::new(0),
        delivery: RwSignal::new(Vec::new()),
    })
}

#[cfg(feature = "csr")]
mod browser {
    use super::LocalLine;

    const STORAGE_KEY: &str = "bazaar.cart";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn stored_lines() -> Vec<LocalLine> {
        storage()
            .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    pub fn store_lines(lines: &[LocalLine]) {
        let Some(storage) = storage() else { return };
        // Private browsing may refuse storage; the cart then lasts for this visit only.
        let _ = match lines.is_empty() {
            true => storage.remove_item(STORAGE_KEY),
            false => serde_json::to_string(lines).map_or(Ok(()), |json| storage.set_item(STORAGE_KEY, &json)),
        };
    }
}

#[cfg(not(feature = "csr"))]
mod browser {
    use super::LocalLine;

    pub fn stored_lines() -> Vec<LocalLine> {
        Vec::new()
    }

    pub fn store_lines(_lines: &[LocalLine]) {}
}
