//! Bazaar's domain core: the types and rules both the browser and the server use.
//!
//! # Layout
//! - [`analytics`]: a shop's sales analytics — GMV, orders, views and conversion by day or ISO week, compared with
//!   the previous period, and its top products; what counts as an order and as GMV is defined there.
//! - [`auth`]: roles, API scopes, the actor of a request, and the rules for credentials.
//! - [`money`]: ISO-4217 currencies, [`money::Money`] in integer minor units, checked arithmetic, the one
//!   rounding function, and exact allocation of an amount into parts.
//! - [`locale`]: the UI languages and how each writes an amount of money.
//! - [`dispute`]: disputes and arbitration — when one may be opened, the deadlines ([`dispute::DisputeRules`]), and
//!   the one transition function that says how each outcome moves the money (not wired to the server yet).
//! - [`returns`]: returns — the request window, the seller's deadline (silence accepts), who pays the way back,
//!   partial refunds for keeping the item, and the one transition function (not wired to the server yet).
//! - [`reputation`]: verified reviews (who may review, which count: no disputed orders, one shopper per seller
//!   a month) and the seller reputation score and badge (not wired to the server yet).
//! - [`ranking`]: the search ranking — text relevance × the chance of a successful purchase, with explanations.
//! - [`scorecard`]: the seller performance scorecard — defect, late shipment, cancellation and valid tracking
//!   rates, in-stock rate, handling time and rating, each with target, status, 90-day trend and advice.
//! - [`search`]: query terms, text relevance and typo-tolerant suggestions, the same for every search backend.
//! - [`delivery`]: delivery options and windows from a shop's handling time and the carrier lanes.
//! - [`regions`]: the regions served, with their market currency.
//! - [`pricing`]: the one pricing engine — cart lines, seller promotions, shipping, commission — that the
//!   browser previews and the server recomputes.
//! - [`order`]: the order and escrow state machine (one `match (state, event)`) and the auto-release timer.
//! - [`ledger`]: double-entry accounts, balanced transactions, and balances checked against them.
//! - [`commerce`]: wire types of the money loop (cart, checkout, orders, balances, payouts, ledger) and the
//!   checkout form's input rules.
//! - [`statement`]: a seller's money statement — ledger entries of a period as kinds the seller reads (held,
//!   released, commission, refund, payout), signed, with the running balance, totals per currency and CSV.
//! - [`tracking`]: the one tracking language every carrier's events are translated into, and how a late or
//!   repeated event may (not) move a parcel's status.
//! - [`logistics`]: the carrier network's rules — partner scores, carriers ranked for a parcel, SLA deadlines
//!   (business days), delivery windows learned from measured transit.
//! - [`shop`]: a seller's shop — profile field rules, the onboarding checklist, the verification state machine
//!   (one `match`), accepted identity documents, and the wire types of onboarding and the operator's queue.
//! - [`listing`]: a seller's listing — its fields' rules (the same in the form and on the server), what
//!   publishing needs, and its life: draft → published ⇄ unpublished.
//! - [`listing_import`]: the CSV format of bulk listing imports, how a file becomes listings and row problems,
//!   and the download of the rows to fix.
//! - [`ids`]: typed UUIDv7 identifiers, one newtype per entity.
//! - [`dto`]: the wire types that cross HTTP (server functions and `/api/v1`).
//! - [`media`]: product images — accepted upload types (sniffed, never SVG), content-addressed media keys, and the
//!   image as the API shows it.
//!
//! # Invariants
//! - No I/O, no clock, no randomness, no async: time and random bytes are passed in, so every function here is
//!   deterministic and the same on wasm32 and native.
//! - Money is never a float. Every operation that can overflow or mix currencies returns a `Result`.

pub mod analytics;
pub mod auth;
pub mod commerce;
pub mod delivery;
pub mod dispute;
pub mod dto;
pub mod ids;
pub mod ledger;
pub mod listing;
pub mod listing_import;
pub mod locale;
pub mod logistics;
pub mod media;
pub mod money;
pub mod order;
pub mod pricing;
pub mod ranking;
pub mod regions;
pub mod reputation;
pub mod returns;
pub mod scorecard;
pub mod search;
pub mod shop;
pub mod statement;
pub mod tracking;
