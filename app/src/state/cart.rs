//! The cart as the page sees it. A signed-in shopper's cart lives on the server; a visitor's lives in this
//! browser (`localStorage`) and moves into the account when they sign in as a shopper, so nothing is lost.
//! Offline, a shopper's additions wait in the offline queue (`state::offline`) as "set the quantity to N" and the
//! last cart the server priced is kept on the device.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::auth::Role;
use shared::commerce::{CartItem, CartView, DeliveryChoice};
use shared::ids::{ProductId, VariantId};
use shared::money::Money;

use crate::api::AppError;
use crate::api::commerce::{add_to_cart, cart, merge_cart};
use crate::state::offline::{OfflineState, QueuedAction, Saved, action_key, provide_offline, use_offline};
use crate::state::session::{SessionState, use_session};

/// Where an added line went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// Into the cart (the server's, or this browser's for a visitor).
    InCart,
    /// Offline: queued on this device, sent when the connection returns.
    Queued,
}

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
    /// The connection and the offline queue.
    pub offline: OfflineState,
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

    /// Adds a line: to the server cart when signed in as a shopper (queued on this device while offline),
    /// otherwise to this browser's cart.
    pub async fn add(&self, session: &SessionState, line: LocalLine) -> Result<Added, AppError> {
        if !is_shopper(session) {
            self.local.update(|lines| match lines.iter_mut().find(|l| l.variant_id == line.variant_id) {
                Some(existing) => {
                    existing.quantity =
                        (existing.quantity + line.quantity).min(shared::pricing::MAX_LINE_QUANTITY)
                }
                None => lines.push(line),
            });
            return Ok(Added::InCart);
        }
        if self.offline.online.get_untracked() {
            let result = add_to_cart(line.variant_id, line.quantity).await;
            self.offline.saw(&result);
            match result {
                Ok(()) => {
                    self.changed().await;
                    return Ok(Added::InCart);
                }
                Err(error) if error.error.code != "network" => return Err(error),
                // No answer: whether the add arrived is unknown, so it is queued as a quantity to set, which is
                // right either way.
                Err(_) => {}
            }
        }
        let known = match self.offline.queued_quantity(line.variant_id).await {
            Some(quantity) => quantity,
            None => self
                .offline
                .load::<Saved<CartView>>("cart")
                .await
                .and_then(|saved| {
                    saved
                        .value
                        .sellers
                        .iter()
                        .flat_map(|s| s.lines.iter())
                        .find(|l| l.variant_id == line.variant_id)
                        .map(|l| l.quantity)
                })
                .unwrap_or(0),
        };
        let quantity = (known + line.quantity).min(shared::pricing::MAX_LINE_QUANTITY);
        let action = QueuedAction::SetCartQuantity {
            key: action_key(),
            variant_id: line.variant_id,
            quantity,
            title: line.title.clone(),
            unit_price: line.unit_price,
        };
        if !self.offline.enqueue(action).await {
            return Err(AppError::new(
                "network",
                "No connection, and this device could not keep the change.",
                None,
            ));
        }
        self.server_count.update(|count| *count += quantity - known);
        Ok(Added::Queued)
    }

    /// Reloads the count and tells cart views to reload.
    pub async fn changed(&self) {
        let result = cart(None).await;
        self.offline.saw(&result);
        if let Ok(view) = result {
            self.server_count.set(view.item_count());
            self.offline.store_fresh("cart", view).await;
        }
        self.version.update(|v| *v += 1);
    }
}

pub fn is_shopper(session: &SessionState) -> bool {
    session.me.get().is_some_and(|me| me.role == Role::Shopper)
}

pub fn provide_cart() -> CartState {
    // The cart queues offline changes, so the offline state comes first.
    let offline = provide_offline();
    let state = CartState {
        local: RwSignal::new(browser::stored_lines()),
        server_count: RwSignal::new(0),
        version: RwSignal::new(0),
        delivery: RwSignal::new(Vec::new()),
        offline,
    };
    Effect::new(move |_| state.local.with(|lines| browser::store_lines(lines)));
    // A replay changed the server cart: count it again.
    Effect::new(move |previous: Option<u32>| {
        let synced = offline.synced.get();
        if previous.is_some_and(|p| p != synced) {
            leptos::task::spawn_local(async move { state.changed().await });
        }
        synced
    });
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
        offline: use_offline(),
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
