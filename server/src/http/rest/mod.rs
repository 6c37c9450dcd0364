//! The public REST API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.
//!
//! Every error has one shape, `{ "error": { "code", "message", "field"? } }` ([`error::ApiError`]); unknown paths
//! and methods answer it too. Handlers are thin: parse, call a service, map the result.

pub mod accounts;
pub mod commerce;
pub mod error;
pub mod extract;
pub mod images;
pub mod listings;
pub mod logistics;
pub mod openapi;
pub mod products;
pub mod shops;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};
use shared::media::MAX_IMAGE_BYTES;

use crate::state::AppState;

/// Largest carrier webhook body: a batch of a few hundred events.
const CARRIER_BODY_LIMIT: usize = 256 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/products", get(products::list))
        .route("/products/lookup", post(products::lookup))
        .route("/products/suggestions", get(products::suggestions))
        .route("/products/{id}", get(products::detail))
        .route("/products/{id}/ranking", get(products::ranking))
        .route(
            "/products/{id}/images",
            // Uploads carry the file itself; larger bodies are refused with 413 before they are read.
            get(images::list).post(images::upload).layer(DefaultBodyLimit::max(MAX_IMAGE_BYTES)),
        )
        .route("/products/{id}/images/order", put(images::reorder))
        .route("/products/{id}/images/{image_id}", delete(images::delete))
        .route("/categories", get(products::categories))
        .route("/cart", get(commerce::cart))
        .route("/cart/items", post(commerce::add_to_cart))
        .route("/cart/items/{variant_id}", put(commerce::set_quantity).delete(commerce::remove_from_cart))
        .route("/cart/merge", post(commerce::merge_cart))
        .route("/checkout", post(commerce::checkout))
        .route("/checkout/{group_id}", get(commerce::checkout_status))
        .route("/orders", get(commerce::list_orders))
        .route("/orders/{id}", get(commerce::order))
        .route("/orders/{id}/cancel", post(commerce::cancel))
        .route("/orders/{id}/confirm-receipt", post(commerce::confirm_receipt))
        .route("/orders/{id}/ship", post(commerce::ship))
        .route("/orders/{id}/delivered", post(commerce::delivered))
        .route("/orders/{id}/ledger", get(commerce::order_ledger))
        .route("/payments/webhooks/{provider}", post(commerce::provider_webhook))
        .route(
            "/carriers/{carrier}/events",
            post(commerce::carrier_events).layer(DefaultBodyLimit::max(CARRIER_BODY_LIMIT)),
        )
        .route("/orders/{id}/tracking", get(commerce::tracking))
        .route("/orders/{id}/carrier-proposals", get(logistics::carrier_proposals))
        .route("/orders/{id}/label", get(logistics::label))
        .route("/seller/shipments", get(logistics::seller_shipments))
        .route("/seller/sla", get(logistics::seller_sla))
        .route("/seller/scorecard", get(logistics::seller_scorecard))
        .route("/seller/analytics", get(logistics::seller_analytics))
        .route("/carriers", get(logistics::scorecards))
        .route("/seller/listings", get(listings::list).post(listings::create))
        .route("/seller/listings/variants", post(listings::bulk_edit))
        .route(
            "/seller/imports",
            // A 10,000-row file with long descriptions; larger bodies are refused with 413 before they are read.
            get(listings::imports)
                .post(listings::start_import)
                .layer(DefaultBodyLimit::max(shared::listing_import::IMPORT_MAX_BYTES)),
        )
        .route("/seller/imports/{id}", get(listings::import))
        .route("/seller/imports/{id}/problems.csv", get(listings::import_problems))
        .route("/seller/listings/{id}", get(listings::get_one).put(listings::update))
        .route("/seller/listings/{id}/status", post(listings::change_status))
        .route("/seller/balance", get(commerce::seller_balance))
        .route("/seller/payouts", get(commerce::payouts).post(commerce::request_payout))
        .route("/seller/statement", get(commerce::seller_statement))
        .route("/seller/statement.csv", get(commerce::seller_statement_csv))
        .route("/seller/shop", get(shops::my_shop).put(shops::update_profile))
        .route("/seller/shop/logo", put(shops::upload_logo).layer(DefaultBodyLimit::max(MAX_IMAGE_BYTES)))
        .route("/seller/shop/payout-account", put(shops::set_payout_account))
        .route("/seller/shop/rules", post(shops::accept_rules))
        .route(
            "/seller/shop/documents",
            post(shops::upload_document).layer(DefaultBodyLimit::max(shops::DOCUMENT_BODY_LIMIT)),
        )
        .route("/seller/shop/documents/{id}", get(shops::own_document))
        .route("/seller/shop/verification", post(shops::submit))
        .route("/admin/shops", get(shops::queue))
        .route("/admin/shops/{id}", get(shops::case))
        .route("/admin/shops/{id}/documents/{document_id}", get(shops::case_document))
        .route("/admin/shops/{id}/approve", post(shops::approve))
        .route("/admin/shops/{id}/reject", post(shops::reject))
        .route("/me", get(accounts::me))
        .route("/tokens", get(accounts::list_tokens).post(accounts::create_token))
        .route("/tokens/{id}", delete(accounts::revoke_token))
        .route("/admin/audit-log", get(accounts::audit_log))
        .route("/admin/users/{id}/role", put(accounts::change_role))
        .fallback(error::unknown_endpoint)
        .method_not_allowed_fallback(error::method_not_allowed)
}
