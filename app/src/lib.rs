//! Bazaar's browser UI and the server functions it calls.
//!
//! # Layout
//! - [`api`]: `#[server]` functions — thin adapters: one port call, errors mapped to [`api::AppError`]. With
//!   `csr` they compile to HTTP calls; with `ssr` their bodies run on the server.
//! - [`ports`] (`ssr` only): the service traits the server implements and provides as context. This is what
//!   keeps the crate graph acyclic: `app` never depends on `server`, and SQL never enters this crate.
//! - [`i18n`]: the UI texts in every language, checked complete at compile time.
//! - [`pwa`]: the installable app — service worker registration and the "new version" prompt.
//! - [`state`]: app-wide reactive state (language, session, cart, the offline state and its queue).
//! - [`browser`]: what the app needs from the browser itself: timers, keys, the payment provider, IndexedDB.
//! - [`uploads`]: the browser's side of onboarding — picked files sent to the REST uploads, and bank accounts
//!   tokenized at the payment provider.
//! - [`ui`]: layout, pages (storefront, seller console, admin console) and components.
//!
//! # Invariants
//! - Prices are formatted only through [`shared::locale::Locale::format_money`]; no float ever holds money.
//! - Every text a user reads comes from [`i18n::Messages`], so adding a language is adding one file.
// Leptos views are deeply nested types; the storefront's exceeds the default limit in release builds.
#![recursion_limit = "256"]

pub mod api;
pub mod browser;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod ports;
pub mod pwa;
pub mod state;
pub mod ui;
pub mod upload;
pub mod uploads;

pub use ui::App;
