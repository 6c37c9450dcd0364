//! The offline storefront's state: whether the app can reach the server, what it keeps on this device for the
//! signed-in shopper (the cart, recently viewed products, their orders with the last tracking state, each with
//! the time it was saved), and the queue of changes made offline, replayed in order when the connection returns.
//!
//! # Invariants
//! - Every record is keyed by the shopper's account id (`<user id>/<name>` in [`crate::browser::idb`]); signing
//!   out, or another account signing in on this browser, empties the store, so one person's orders and cart never
//!   show to the next person on a shared phone.
//! - A queued action leaves the queue only after a definite answer from the server (done, or refused — a refusal
//!   becomes a [`Conflict`] the shopper sees). No answer stops the replay and keeps the rest for the next try, in
//!   order.
//! - Replaying an action twice changes nothing the second time: cart edits are queued as "set the quantity to N"
//!   (the quantity the shopper saw after their change), and the server answers a repeated receipt confirmation of
//!   a completed order with success.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::auth::Role;
use shared::commerce::{CartView, OrderSummary};
use shared::ids::{OrderId, ProductId, VariantId};
use shared::money::Money;
use shared::tracking::TrackingStatus;

use crate::api::AppError;
use crate::api::accounts::current_user;
use crate::api::commerce::{cart, confirm_receipt, set_cart_quantity};
use crate::browser::{idb, new_key, now_ms};
use crate::state::session::use_session;

/// At most this many changes wait offline; past it the shopper is told to go online first.
pub const MAX_QUEUED: usize = 50;
/// Recently viewed products kept per account.
pub const MAX_RECENT: usize = 8;
/// How often the app asks the server whether it is back, while a failed fetch (not the browser) says offline.
const PROBE_MS: i32 = 5_000;

/// A value with the time this device saved it, shown as "last updated".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved<T> {
    pub saved_at_ms: i64,
    pub value: T,
}

/// One of the shopper's orders as last seen, with the parcel's last tracking status when it had shipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedOrder {
    pub summary: OrderSummary,
    pub tracking: Option<TrackingStatus>,
}

/// A product the shopper looked at, enough to list and link it offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentProduct {
    pub product_id: ProductId,
    pub title: String,
    pub price: Money,
}

/// A change made while offline, with its idempotency key (which also names it in the queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueuedAction {
    /// "Set this line to `quantity`": naturally idempotent, unlike "add one more". `unit_price` is the price the
    /// shopper saw, so a change by the time it is sent can be shown.
    SetCartQuantity { key: String, variant_id: VariantId, quantity: u32, title: String, unit_price: Money },
    /// Confirm receipt of an order (the server answers a repeat with success).
    ConfirmReceipt { key: String, order_id: OrderId, headline: String },
}

/// What a replay found that the shopper must see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    PriceChanged {
        title: String,
        was: Money,
        now: Money,
    },
    ShortStock {
        title: String,
        available: u32,
    },
    Gone {
        title: String,
    },
    /// The server refused a cart change for another reason (its message).
    Refused {
        title: String,
        reason: String,
    },
    NotConfirmed {
        headline: String,
        reason: String,
    },
}

#[derive(Clone, Copy)]
pub struct OfflineState {
    /// False after the browser's `offline` event or a fetch that got no answer; true again on `online` or an
    /// answer.
    pub online: RwSignal<bool>,
    /// The shopper whose records are read and written (the last signed-in shopper while offline at start).
    pub account: RwSignal<Option<String>>,
    /// The shopper the server has signed in this visit; the queue is replayed only for them.
    pub signed_in: RwSignal<Option<String>>,
    /// Changes waiting in the queue.
    pub pending: RwSignal<usize>,
    /// A replay is running (also its guard: one at a time).
    pub syncing: RwSignal<bool>,
    /// Found by replays, shown until dismissed.
    pub conflicts: RwSignal<Vec<Conflict>>,
    /// Bumped after a replay changed something on the server, so pages showing it load again.
    pub synced: RwSignal<u32>,
}

impl OfflineState {
    fn key(&self, name: &str) -> Option<String> {
        self.account.get_untracked().map(|account| format!("{account}/{name}"))
    }

    /// The record `name` of the current account.
    pub async fn load<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        idb::get_json(&self.key(name)?).await
    }

    /// Stores the record `name` of the current account (nothing when no shopper is known).
    pub async fn store<T: Serialize>(&self, name: &str, value: &T) -> bool {
        match self.key(name) {
            Some(key) => idb::put_json(&key, value).await,
            None => false,
        }
    }

    /// Stores `value` as `name` with the time it was saved.
    pub async fn store_fresh<T: Serialize>(&self, name: &str, value: T) -> bool {
        self.store(name, &Saved { saved_at_ms: now_ms(), value }).await
    }

    /// Learns from a call's outcome: no answer means offline, any answer means online.
    pub fn saw<T>(&self, result: &Result<T, AppError>) {
        match result {
            Err(error) if error.error.code == "network" => self.online.set(false),
            _ if !self.online.get_untracked() && browser::navigator_online() => self.online.set(true),
            _ => {}
        }
    }

    /// Adds `action` to the durable queue; false when it could not be stored (then nothing was promised).
    pub async fn enqueue(&self, action: QueuedAction) -> bool {
        let mut queue: Vec<QueuedAction> = self.load("queue").await.unwrap_or_default();
        if queue.len() >= MAX_QUEUED {
            return false;
        }
        queue.push(action);
        let stored = self.store("queue", &queue).await;
        if stored {
            self.pending.set(queue.len());
        }
        stored
    }

    /// The quantity the newest queued change sets for `variant`, if any.
    pub async fn queued_quantity(&self, variant: VariantId) -> Option<u32> {
        let queue: Vec<QueuedAction> = self.load("queue").await.unwrap_or_default();
        queue.iter().rev().find_map(|action| match action {
            QueuedAction::SetCartQuantity { variant_id, quantity, .. } if *variant_id == variant => {
                Some(*quantity)
            }
            _ => None,
        })
    }

    /// Whether a receipt confirmation for `order` waits in the queue.
    pub async fn confirmation_queued(&self, order: OrderId) -> bool {
        let queue: Vec<QueuedAction> = self.load("queue").await.unwrap_or_default();
        queue.iter().any(
            |action| matches!(action, QueuedAction::ConfirmReceipt { order_id, .. } if *order_id == order),
        )
    }

    /// Remembers a product the shopper looked at (newest first, bounded).
    pub async fn viewed(&self, product: RecentProduct) {
        let mut recent: Vec<RecentProduct> = self
            .load::<Saved<Vec<RecentProduct>>>("recent")
            .await
            .map(|saved| saved.value)
            .unwrap_or_default();
        recent.retain(|p| p.product_id != product.product_id);
        recent.insert(0, product);
        recent.truncate(MAX_RECENT);
        self.store_fresh("recent", recent).await;
    }

    /// Starts a replay of the queue unless one runs, the app is offline or no shopper is known.
    pub fn replay(self) {
        leptos::task::spawn_local(async move { self.replay_now().await });
    }

    async fn replay_now(&self) {
        if self.syncing.get_untracked()
            || !self.online.get_untracked()
            || self.account.get_untracked().is_none()
        {
            return;
        }
        self.syncing.set(true);
        let mut queue: Vec<QueuedAction> = self.load("queue").await.unwrap_or_default();
        let mut conflicts = Vec::new();
        // The cart lines set, to compare with the cart the server prices afterwards.
        let mut carted: Vec<(VariantId, String, Money)> = Vec::new();
        let mut changed = false;
        // Bounded: every pass removes the first action or stops.
        while let Some(action) = queue.first().cloned() {
            let answer = match &action {
                QueuedAction::SetCartQuantity { variant_id, quantity, title, unit_price, .. } => {
                    let result = set_cart_quantity(*variant_id, *quantity).await;
                    match &result {
                        Ok(()) => carted.push((*variant_id, title.clone(), *unit_price)),
                        Err(error) if undecided(error) => {}
                        Err(error) if error.error.code == "not_found" => {
                            conflicts.push(Conflict::Gone { title: title.clone() })
                        }
                        Err(error) => conflicts.push(Conflict::Refused {
                            title: title.clone(),
                            reason: error.error.message.clone(),
                        }),
                    }
                    result.map(|_| ())
                }
                QueuedAction::ConfirmReceipt { order_id, headline, .. } => {
                    let result = confirm_receipt(*order_id).await;
                    if let Err(error) = &result
                        && !undecided(error)
                    {
                        conflicts.push(Conflict::NotConfirmed {
                            headline: headline.clone(),
                            reason: error.error.message.clone(),
                        });
                    }
                    result.map(|_| ())
                }
            };
            if let Err(error) = &answer
                && undecided(error)
            {
                self.saw(&answer);
                break;
            }
            queue.remove(0);
            self.store("queue", &queue).await;
            changed = true;
        }
        self.pending.set(queue.len());
        if !carted.is_empty()
            && let Ok(view) = cart(None).await
        {
            conflicts.extend(cart_conflicts(&view, &carted));
        }
        if !conflicts.is_empty() {
            self.conflicts.update(|shown| shown.extend(conflicts));
        }
        if changed {
            self.synced.update(|n| *n += 1);
        }
        self.syncing.set(false);
    }

    /// Forgets everything kept for any account on this browser (sign-out, or another account signing in).
    async fn forget_all(&self) {
        self.account.set(None);
        self.pending.set(0);
        self.conflicts.set(Vec::new());
        browser::forget_account();
        idb::clear().await;
    }
}

/// An answer that decides nothing about the action: no answer, a session that is not the shopper's (they sign in
/// again), a limit or our own failure. The action stays queued for a later replay.
fn undecided(error: &AppError) -> bool {
    matches!(
        error.error.code.as_str(),
        "network" | "unauthenticated" | "forbidden" | "rate_limited" | "internal"
    )
}

/// Lines replayed into the cart whose price moved, that are short of stock, or that are gone.
pub fn cart_conflicts(view: &CartView, carted: &[(VariantId, String, Money)]) -> Vec<Conflict> {
    carted
        .iter()
        .filter_map(|(variant, title, was)| {
            let line =
                view.sellers.iter().flat_map(|s| s.lines.iter()).find(|line| line.variant_id == *variant);
            match line {
                None => Some(Conflict::Gone { title: title.clone() }),
                Some(line) if line.unit_price != *was => Some(Conflict::PriceChanged {
                    title: line.title.clone(),
                    was: *was,
                    now: line.unit_price,
                }),
                Some(line) if line.available < line.quantity => {
                    Some(Conflict::ShortStock { title: line.title.clone(), available: line.available })
                }
                Some(_) => None,
            }
        })
        .collect()
}

/// A fresh idempotency key for a queued action.
pub fn action_key() -> String {
    new_key()
}

pub fn provide_offline() -> OfflineState {
    let state = OfflineState {
        online: RwSignal::new(browser::navigator_online()),
        account: RwSignal::new(browser::last_account()),
        signed_in: RwSignal::new(None),
        pending: RwSignal::new(0),
        syncing: RwSignal::new(false),
        conflicts: RwSignal::new(Vec::new()),
        synced: RwSignal::new(0),
    };
    provide_context(state);
    browser::on_connection_change(move |online| state.online.set(online));
    // While a failed fetch says offline but the browser says online, ask the server now and then.
    browser::every(PROBE_MS, move || {
        if !state.online.get_untracked() && browser::navigator_online() {
            leptos::task::spawn_local(async move {
                let result = current_user().await;
                state.saw(&result);
            });
        }
    });
    // Back online, or a shopper known: send what waits.
    Effect::new(move |_| {
        if state.online.get() && state.account.get().is_some() && state.signed_in.get() == state.account.get()
        {
            leptos::task::spawn_local(async move {
                let queue: Vec<QueuedAction> = state.load("queue").await.unwrap_or_default();
                state.pending.set(queue.len());
                state.replay_now().await;
            });
        }
    });
    let session = use_session();
    Effect::new(move |previous: Option<Option<String>>| {
        let loaded = session.loaded.get();
        let shopper = session.me.get().filter(|me| me.role == Role::Shopper).map(|me| me.user_id.to_string());
        let known = state.account.get_untracked();
        state.signed_in.set(shopper.clone());
        match (&shopper, previous.flatten()) {
            (Some(id), _) if known.as_ref() != Some(id) => {
                let id = id.clone();
                leptos::task::spawn_local(async move {
                    if known.is_some() {
                        // Another account on this browser: the previous one's records go first.
                        state.forget_all().await;
                    }
                    browser::remember_account(&id);
                    state.account.set(Some(id));
                });
            }
            // Signed out (was signed in during this visit): forget everything.
            (None, Some(_)) if loaded => {
                leptos::task::spawn_local(async move { state.forget_all().await });
            }
            // Online and the server knows no shopper: show nothing kept, but keep it (an expired session's
            // unsent changes go out when the same shopper signs in again).
            (None, None) if loaded && state.online.get_untracked() && browser::navigator_online() => {
                state.account.set(None);
            }
            _ => {}
        }
        shopper
    });
    state
}

pub fn use_offline() -> OfflineState {
    use_context::<OfflineState>().unwrap_or_else(|| OfflineState {
        online: RwSignal::new(true),
        account: RwSignal::new(None),
        signed_in: RwSignal::new(None),
        pending: RwSignal::new(0),
        syncing: RwSignal::new(false),
        conflicts: RwSignal::new(Vec::new()),
        synced: RwSignal::new(0),
    })
}

#[cfg(feature = "csr")]
mod browser {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;

    /// The last shopper signed in on this browser: only an id, so offline pages know whose records to read.
    const ACCOUNT_KEY: &str = "bazaar.offline.account";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn navigator_online() -> bool {
        web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
    }

    pub fn last_account() -> Option<String> {
        storage()?.get_item(ACCOUNT_KEY).ok().flatten()
    }

    pub fn remember_account(id: &str) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(ACCOUNT_KEY, id);
        }
    }

    pub fn forget_account() {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(ACCOUNT_KEY);
        }
    }

    /// Calls `changed` with the new state on the window's `online` and `offline` events (for the app's life).
    pub fn on_connection_change(changed: impl Fn(bool) + Clone + 'static) {
        let Some(window) = web_sys::window() else { return };
        for (event, online) in [("online", true), ("offline", false)] {
            let changed = changed.clone();
            let listener = Closure::<dyn Fn()>::new(move || changed(online));
            let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            listener.forget();
        }
    }

    /// Calls `tick` every `ms` milliseconds (for the app's life).
    pub fn every(ms: i32, tick: impl Fn() + 'static) {
        let Some(window) = web_sys::window() else { return };
        let listener = Closure::<dyn Fn()>::new(tick);
        let _ = window
            .set_interval_with_callback_and_timeout_and_arguments_0(listener.as_ref().unchecked_ref(), ms);
        listener.forget();
    }
}

#[cfg(not(feature = "csr"))]
mod browser {
    pub fn navigator_online() -> bool {
        true
    }

    pub fn last_account() -> Option<String> {
        None
    }

    pub fn remember_account(_id: &str) {}

    pub fn forget_account() {}

    pub fn on_connection_change(_changed: impl Fn(bool) + Clone + 'static) {}

    pub fn every(_ms: i32, _tick: impl Fn() + 'static) {}
}
