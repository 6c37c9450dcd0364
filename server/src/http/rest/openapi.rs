//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Bazaar API",
        description = "The marketplace's public API for partners and scripts. Every error answers \
                       `{ \"error\": { \"code\", \"message\", \"field\"? } }`. Money is \
                       `{ \"amount_minor\": integer, \"currency\": ISO-4217 code }`."
    ),
    paths(
        super::products::list,
        super::products::lookup,
        super::products::categories,
        super::products::detail,
        super::products::suggestions,
        super::products::ranking,
        super::images::list,
        super::images::upload,
        super::images::delete,
        super::images::reorder,
        super::commerce::cart,
        super::commerce::add_to_cart,
        super::commerce::set_quantity,
        super::commerce::remove_from_cart,
        super::commerce::merge_cart,
        super::commerce::checkout,
        super::commerce::checkout_status,
        super::commerce::list_orders,
        super::commerce::order,
        super::commerce::cancel,
        super::commerce::confirm_receipt,
        super::commerce::ship,
        super::commerce::delivered,
        super::commerce::order_ledger,
        super::commerce::provider_webhook,
        super::commerce::carrier_events,
        super::commerce::tracking,
        super::commerce::seller_balance,
        super::commerce::seller_statement,
        super::commerce::seller_statement_csv,
        super::commerce::payouts,
        super::commerce::request_payout,
        super::logistics::carrier_proposals,
        super::logistics::label,
        super::logistics::seller_shipments,
        super::logistics::seller_sla,
        super::logistics::seller_scorecard,
        super::logistics::seller_analytics,
        super::logistics::scorecards,
        super::shops::my_shop,
        super::shops::update_profile,
        super::shops::upload_logo,
        super::shops::set_payout_account,
        super::shops::accept_rules,
        super::shops::upload_document,
        super::shops::own_document,
        super::shops::submit,
        super::shops::queue,
        super::shops::case,
        super::shops::case_document,
        super::shops::approve,
        super::shops::reject,
        super::listings::list,
        super::listings::create,
        super::listings::get_one,
        super::listings::update,
        super::listings::change_status,
        super::listings::bulk_edit,
        super::listings::start_import,
        super::listings::imports,
        super::listings::import,
        super::listings::import_problems,
        super::accounts::me,
        super::accounts::list_tokens,
        super::accounts::create_token,
        super::accounts::revoke_token,
        super::accounts::audit_log,
        super::accounts::change_role,
    ),
    components(schemas(
        shared::dto::ErrorEnvelope,
        shared::dto::ErrorBody,
        shared::money::Money,
        shared::media::ProductImage,
        shared::media::ImageOrder
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "catalog", description = "Products, their images, categories and search"),
        (name = "checkout", description = "The shopper's cart and checkout (Idempotency-Key)"),
        (name = "listings", description = "A seller's own listings: drafts, publishing, bulk price and stock"),
        (name = "orders", description = "Orders, escrow release, the seller's balance and payouts"),
        (name = "logistics", description = "Carriers, shipments, labels, SLA breaches and partner scores"),
        (name = "shops", description = "A seller's own shop: profile, logo, payout account, rules, identity document, verification"),
        (name = "accounts", description = "The caller's account and API tokens"),
        (name = "admin", description = "Operator functions"),
    )
)]
pub struct ApiDoc;

/// Declares `Authorization: Bearer <token>` (tokens are created in the seller or operator console).
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("bzr_…").build(),
            ),
        );
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
