//! Bazaar's server: the axum application, its storage and its background work.
//!
//! # Layout
//! - [`config`]: defaults, TOML file, environment, flags → [`config::Config`].
//! - [`telemetry`]: logs and the Prometheus recorder.
//! - [`startup`]: open storage, migrate, seed, bind, serve, graceful shutdown.
//! - [`state`]: what every handler can reach.
//! - [`http`]: the router; REST (`/api/v1`), server functions (`/api/…`), health/metrics, the static UI.
//! - [`services`]: the implementations of `app::ports`; load → `shared` decides → persist.
//! - [`db`]: the pool (SQLite or PostgreSQL) and all SQL, one module per aggregate.
//! - [`carriers`]: the built-in carriers' native tracking formats, translated into `shared::tracking`, and the
//!   carrier simulator (stories planned, then sent signed over HTTP by a command or in the background).
//! - [`payments`]: the payment provider boundary and the built-in test provider (test cards, lost answers).
//! - [`clock`]: the time services decide with (the system clock, or a manual one in tests).
//! - [`media`]: the content-addressed store of product image files on disk.
//! - [`documents`]: shops' identity documents on disk, outside the public media directory.
//! - [`demo`]: the deterministic demo-catalog generator and demo accounts.
//! - [`jobs`]: background work: housekeeping (expired sessions, idle rate-limit keys, old idempotency keys) and
//!   the escrow job (auto-release after delivery, recovery of interrupted payments and payouts).
//! - [`bench`]: the `bench`, `bench-checkout` and `bench-carrier-events` commands: fresh databases, the real
//!   server in-process, a loopback load driver, a report. Never on the request path.
//!
//! # Invariants
//! - SQL lives only in [`db`]; domain rules only in `shared`; handlers only translate.
//! - Bad input is a 4xx with the API's error body; only our own bugs are 5xx, and those carry a correlation id.

pub mod bench;
pub mod carriers;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod documents;
pub mod http;
pub mod ids;
pub mod jobs;
pub mod media;
pub mod payments;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
