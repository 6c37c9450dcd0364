//! Server functions of the money loop: cart, checkout, orders, the seller's money. Reads that change nothing
//! are GETs; anything that changes the cart, settles a payment or moves money is a POST.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use shared::commerce::{
    CartItem, CartView, CheckoutRequest, CheckoutResult, OrderDetail, OrderSummary, PayoutView, SellerBalance,
};
use shared::dto::Page;
use shared::ids::{OrderGroupId, OrderId, VariantId};
use shared::money::Money;
use shared::order::OrderState;

use super::AppError;

#[server(endpoint = "cart/view", input = GetUrl)]
pub async fn cart(region: Option<String>) -> Result<CartView, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.shopping.cart(&context, region).await.map_err(AppError::from_service)
}

#[server(endpoint = "cart/add")]
pub async fn add_to_cart(variant_id: VariantId, quantity: u32) -> Result<(), AppError> {
    let (services, context) = super::error::services_and_context()?;
    services
        .shopping
        .add_to_cart(&context, CartItem { variant_id, quantity })
        .await
        .map_err(AppError::from_service)
}

#[server(endpoint = "cart/set_quantity")]
pub async fn set_cart_quantity(variant_id: VariantId, quantity: u32) -> Result<(), AppError> {
    let (services, context) = super::error::services_and_context()?;
    services
        .shopping
        .set_cart_quantity(&context, CartItem { variant_id, quantity })
        .await
        .map_err(AppError::from_service)
}

#[server(endpoint = "cart/remove")]
pub async fn remove_from_cart(variant_id: VariantId) -> Result<(), AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.shopping.remove_from_cart(&context, variant_id).await.map_err(AppError::from_service)
}

/// Moves a signed-out cart into the account after sign-in.
#[server(endpoint = "cart/merge", input = Json)]
pub async fn merge_cart(items: Vec<CartItem>) -> Result<(), AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.shopping.merge_cart(&context, items).await.map_err(AppError::from_service)
}

/// Checks out with the key the page keeps for this attempt (across retries and reloads).
#[server(endpoint = "checkout/submit", input = Json)]
pub async fn checkout(idempotency_key: String, request: CheckoutRequest) -> Result<CheckoutResult, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.shopping.checkout(&context, &idempotency_key, request).await.map_err(AppError::from_service)
}

/// The checkout as it stands, after asking the provider about payments still waiting.
#[server(endpoint = "checkout/refresh")]
pub async fn refresh_checkout(group_id: OrderGroupId) -> Result<CheckoutResult, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.shopping.refresh_checkout(&context, group_id).await.map_err(AppError::from_service)
}

#[server(endpoint = "orders/list", input = GetUrl)]
pub async fn list_orders(
    state: Option<OrderState>,
    sort: Option<shared::commerce::OrderSort>,
    page: Option<u32>,
) -> Result<Page<OrderSummary>, AppError> {
    let page = shared::dto::PageRequest::parse(page, Some(20)).map_err(AppError::from_field_error)?;
    let (services, context) = super::error::services_and_context()?;
    services
        .orders
        .list_orders(&context, state, sort.unwrap_or_default(), page)
        .await
        .map_err(AppError::from_service)
}

#[server(endpoint = "orders/detail", input = GetUrl)]
pub async fn order(id: OrderId) -> Result<OrderDetail, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.order(&context, id).await.map_err(AppError::from_service)
}

/// The order's shipment and its tracking timeline (None until it ships with one of Bazaar's carriers).
#[server(endpoint = "orders/tracking", input = GetUrl)]
pub async fn tracking(id: OrderId) -> Result<Option<shared::tracking::ShipmentView>, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.tracking(&context, id).await.map_err(AppError::from_service)
}

#[server(endpoint = "orders/cancel")]
pub async fn cancel_order(id: OrderId, reason: String) -> Result<OrderDetail, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services
        .orders
        .cancel_order(&context, id, shared::commerce::CancelRequest { reason })
        .await
        .map_err(AppError::from_service)
}

#[server(endpoint = "orders/confirm_receipt")]
pub async fn confirm_receipt(id: OrderId) -> Result<OrderDetail, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.confirm_receipt(&context, id).await.map_err(AppError::from_service)
}

/// Ships an order: with one of Bazaar's carriers (`carrier`, which then issues the tracking number), or with the
/// seller's own tracking number.
#[server(endpoint = "orders/ship")]
pub async fn ship_order(
    id: OrderId,
    tracking_number: String,
    carrier: Option<String>,
) -> Result<OrderDetail, AppError> {
    let (services, context) = super::error::services_and_context()?;
    let request = shared::commerce::ShipRequest { tracking_number, carrier, service_level: None };
    services.orders.ship_order(&context, id, request).await.map_err(AppError::from_service)
}

/// The carriers proposed for an order's parcel, best first.
#[server(endpoint = "orders/carrier_proposals", input = GetUrl)]
pub async fn carrier_proposals(id: OrderId) -> Result<Vec<shared::logistics::CarrierProposal>, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.carrier_proposals(&context, id).await.map_err(AppError::from_service)
}

#[server(endpoint = "orders/label", input = GetUrl)]
pub async fn shipping_label(id: OrderId) -> Result<shared::logistics::ShippingLabel, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.shipping_label(&context, id).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/shipments", input = GetUrl)]
pub async fn seller_shipments(
    page: u32,
) -> Result<shared::dto::Page<shared::logistics::ShipmentSummary>, AppError> {
    let (services, context) = super::error::services_and_context()?;
    let page = shared::dto::PageRequest::parse(Some(page), Some(20)).map_err(AppError::from_field_error)?;
    services.orders.seller_shipments(&context, page).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/sla", input = GetUrl)]
pub async fn seller_sla() -> Result<shared::logistics::SlaReport, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.seller_sla(&context).await.map_err(AppError::from_service)
}

/// The shop's performance scorecard (a seller's own; operators name the shop).
#[server(endpoint = "seller/scorecard", input = GetUrl)]
pub async fn seller_scorecard(
    seller: Option<shared::ids::SellerId>,
) -> Result<shared::scorecard::SellerScorecard, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.seller_scorecard(&context, seller).await.map_err(AppError::from_service)
}

/// The shop's sales analytics for a period (default: the last 30 days): series by day or week, totals against
/// the previous period, one page of top products (a seller's own; operators name the shop).
#[server(endpoint = "seller/analytics", input = GetUrl)]
pub async fn seller_analytics(
    #[server(default)] params: shared::analytics::AnalyticsParams,
) -> Result<shared::analytics::SellerAnalytics, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.seller_analytics(&context, params).await.map_err(AppError::from_service)
}

#[server(endpoint = "carriers/scorecards", input = GetUrl)]
pub async fn carrier_scorecards() -> Result<Vec<shared::logistics::CarrierScorecard>, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.carrier_scorecards(&context).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/balances", input = GetUrl)]
pub async fn seller_balances() -> Result<Vec<SellerBalance>, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.seller_balances(&context).await.map_err(AppError::from_service)
}

/// The seller's money statement for a period (default: this month), one page, with the period's totals.
#[server(endpoint = "seller/statement", input = GetUrl)]
pub async fn seller_statement(
    params: shared::statement::StatementParams,
) -> Result<shared::statement::SellerStatement, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.seller_statement(&context, params).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/payouts", input = GetUrl)]
pub async fn payouts() -> Result<Vec<PayoutView>, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.orders.payouts(&context).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/request_payout", input = Json)]
pub async fn request_payout(amount: Money) -> Result<PayoutView, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services
        .orders
        .request_payout(&context, shared::commerce::PayoutRequest { amount })
        .await
        .map_err(AppError::from_service)
}
