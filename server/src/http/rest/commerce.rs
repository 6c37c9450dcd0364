//! `/api/v1/cart`, `/api/v1/checkout`, `/api/v1/orders`, `/api/v1/seller/…`: the money loop over the API.
//! Handlers only translate; the services decide who may do what.

use app::ports::RequestContext;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::{Extension, Json};
use serde::Deserialize;
use shared::commerce::{
    CancelRequest, CartItem, CartView, CheckoutRequest, CheckoutResult, LedgerEntryView, OrderDetail,
    OrderSort, OrderSummary, PayoutRequest, PayoutView, SellerBalance, ShipRequest,
};
use shared::dto::{ErrorEnvelope, Page, PageRequest};
use shared::ids::{OrderGroupId, OrderId, VariantId};
use shared::order::OrderState;
use shared::statement::{SellerStatement, StatementParams};

use super::error::ApiError;
use super::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// `?region=` of the cart.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CartParams {
    /// Region the delivery options are for (`US`, `DE`, `BR`, `RU`, `KR`).
    pub region: Option<String>,
}

/// The signed-in shopper's cart, grouped by seller, with what pricing needs (prices, promotions, commission,
/// delivery options to `region`): run `shared::pricing` on it for the same totals checkout will charge.
#[utoipa::path(get, path = "/api/v1/cart", tag = "checkout", params(CartParams),
    responses((status = 200, body = CartView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, description = "Not a shopper account", body = ErrorEnvelope)))]
pub async fn cart(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiQuery(params): ApiQuery<CartParams>,
) -> Result<Json<CartView>, ApiError> {
    Ok(Json(state.services.shopping.cart(&context, params.region).await?))
}

/// Adds units of a variant to the cart (quantities add up, at most 99 per line).
#[utoipa::path(post, path = "/api/v1/cart/items", tag = "checkout", request_body = CartItem,
    responses((status = 204), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, description = "Unknown variant", body = ErrorEnvelope)))]
pub async fn add_to_cart(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiJson(item): ApiJson<CartItem>,
) -> Result<StatusCode, ApiError> {
    state.services.shopping.add_to_cart(&context, item).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many of a variant the cart holds.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct QuantityBody {
    pub quantity: u32,
}

/// Sets a cart line's quantity (1–99).
#[utoipa::path(put, path = "/api/v1/cart/items/{variant_id}", tag = "checkout", request_body = QuantityBody,
    params(("variant_id" = String, Path, description = "Variant (SKU) id")),
    responses((status = 204), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn set_quantity(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(variant): Path<String>,
    ApiJson(body): ApiJson<QuantityBody>,
) -> Result<StatusCode, ApiError> {
    let variant_id: VariantId = variant.parse().map_err(|_| ApiError::not_found("product variant"))?;
    state
        .services
        .shopping
        .set_cart_quantity(&context, CartItem { variant_id, quantity: body.quantity })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a line from the cart (removing a line that is not there is not an error).
#[utoipa::path(delete, path = "/api/v1/cart/items/{variant_id}", tag = "checkout",
    params(("variant_id" = String, Path, description = "Variant (SKU) id")),
    responses((status = 204), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn remove_from_cart(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(variant): Path<String>,
) -> Result<StatusCode, ApiError> {
    let variant_id: VariantId = variant.parse().map_err(|_| ApiError::not_found("product variant"))?;
    state.services.shopping.remove_from_cart(&context, variant_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Merges a signed-out cart into the account's cart on sign-in; vanished listings are skipped.
#[utoipa::path(post, path = "/api/v1/cart/merge", tag = "checkout", request_body = Vec<CartItem>,
    responses((status = 204), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope)))]
pub async fn merge_cart(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiJson(items): ApiJson<Vec<CartItem>>,
) -> Result<StatusCode, ApiError> {
    state.services.shopping.merge_cart(&context, items).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks out the cart: one order per seller, one payment per currency, money held in escrow.
///
/// Send an `Idempotency-Key` (e.g. a UUID per checkout attempt) and keep it across retries: the same key answers
/// with the same checkout for 24 hours; the same key with other parameters, or while the first request still
/// runs, is a 409. Requests refused for bad input are not remembered, so a fixed retry may reuse the key. A
/// declined card answers 201 with the payment `failed` and its reason; nothing is charged.
#[utoipa::path(post, path = "/api/v1/checkout", tag = "checkout", request_body = CheckoutRequest,
    params(("Idempotency-Key" = String, Header, description = "One per checkout attempt, kept across retries")),
    responses(
        (status = 201, body = CheckoutResult),
        (status = 400, description = "Bad input, an empty cart, or a seller who does not deliver there", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope),
        (status = 409, description = "`price_changed` (old and new totals in the message), `sold_out`, `idempotency_key_reused`, `idempotency_key_in_use`", body = ErrorEnvelope),
    ))]
pub async fn checkout(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<CheckoutRequest>,
) -> Result<(StatusCode, Json<CheckoutResult>), ApiError> {
    // A missing key reaches the service as empty, so who may check out is decided before what was sent.
    let key = headers.get("idempotency-key").and_then(|value| value.to_str().ok()).unwrap_or_default();
    let result = state.services.shopping.checkout(&context, key, request).await?;
    Ok((StatusCode::CREATED, Json(result)))
}

/// A checkout as it stands; asks the provider about payments still waiting (the card's confirmation step, a
/// lost answer), so polling this settles them.
#[utoipa::path(get, path = "/api/v1/checkout/{group_id}", tag = "checkout",
    params(("group_id" = String, Path, description = "The checkout's group id")),
    responses((status = 200, body = CheckoutResult), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn checkout_status(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(group): Path<String>,
) -> Result<Json<CheckoutResult>, ApiError> {
    let group: OrderGroupId = group.parse().map_err(|_| ApiError::not_found("checkout"))?;
    Ok(Json(state.services.shopping.refresh_checkout(&context, group).await?))
}

/// `?state=&page=&per_page=` of the order list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderListParams {
    /// Only orders in this state (`paid`, `shipped`, `delivered`, `completed`, `cancelled`, …).
    pub state: Option<String>,
    /// `newest` (default), `oldest`, `ship_by` (paid longest ago first) or `total_down`.
    pub sort: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The caller's orders (newest first unless `sort` says otherwise): a shopper's own, a seller's shop's, all for
/// an operator.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", params(OrderListParams),
    responses((status = 200, body = Page<OrderSummary>), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn list_orders(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiQuery(params): ApiQuery<OrderListParams>,
) -> Result<Json<Page<OrderSummary>>, ApiError> {
    let page = PageRequest::parse(params.page, params.per_page)?;
    let order_state = match params.state.as_deref().filter(|text| !text.is_empty()) {
        None => None,
        Some(text) => Some(OrderState::parse(text).ok_or_else(|| {
            let known: Vec<&str> = OrderState::ALL.iter().map(|state| state.as_str()).collect();
            ApiError::invalid("state", format!("state: must be one of {}", known.join(", ")))
        })?),
    };
    let sort = OrderSort::parse_param(params.sort.as_deref())?;
    Ok(Json(state.services.orders.list_orders(&context, order_state, sort, page).await?))
}

fn order_id(text: &str) -> Result<OrderId, ApiError> {
    text.parse().map_err(|_| ApiError::not_found("order"))
}

/// One order with its lines, delivery, payment, and the split between seller and platform.
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "orders", params(("id" = String, Path, description = "Order id")),
    responses((status = 200, body = OrderDetail), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn order(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<OrderDetail>, ApiError> {
    Ok(Json(state.services.orders.order(&context, order_id(&id)?).await?))
}

/// Cancels an order before it ships and refunds the shopper in full. Sellers must give a reason; a seller's
/// cancellation counts against the shop.
#[utoipa::path(post, path = "/api/v1/orders/{id}/cancel", tag = "orders", request_body = CancelRequest,
    params(("id" = String, Path, description = "Order id")),
    responses((status = 200, body = OrderDetail), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, description = "Already shipped, or not cancellable now", body = ErrorEnvelope)))]
pub async fn cancel(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<CancelRequest>,
) -> Result<Json<OrderDetail>, ApiError> {
    Ok(Json(state.services.orders.cancel_order(&context, order_id(&id)?, request).await?))
}

/// The shopper confirms the goods arrived: escrow is released to the seller, net of commission.
#[utoipa::path(post, path = "/api/v1/orders/{id}/confirm-receipt", tag = "orders",
    params(("id" = String, Path, description = "Order id")),
    responses((status = 200, body = OrderDetail), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn confirm_receipt(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<OrderDetail>, ApiError> {
    Ok(Json(state.services.orders.confirm_receipt(&context, order_id(&id)?).await?))
}

/// The seller hands the parcel to the carrier.
#[utoipa::path(post, path = "/api/v1/orders/{id}/ship", tag = "orders", request_body = ShipRequest,
    params(("id" = String, Path, description = "Order id")),
    responses((status = 200, body = OrderDetail), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn ship(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ShipRequest>,
) -> Result<Json<OrderDetail>, ApiError> {
    Ok(Json(state.services.orders.ship_order(&context, order_id(&id)?, request).await?))
}

/// A carrier partner (or an operator) reports the parcel delivered; the auto-release clock starts.
#[utoipa::path(post, path = "/api/v1/orders/{id}/delivered", tag = "orders",
    params(("id" = String, Path, description = "Order id")),
    responses((status = 200, body = OrderDetail), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn delivered(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<OrderDetail>, ApiError> {
    Ok(Json(state.services.orders.mark_delivered(&context, order_id(&id)?).await?))
}

/// Every ledger posting that touched the order (operators).
#[utoipa::path(get, path = "/api/v1/orders/{id}/ledger", tag = "admin",
    params(("id" = String, Path, description = "Order id")),
    responses((status = 200, body = Vec<LedgerEntryView>), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn order_ledger(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<Vec<LedgerEntryView>>, ApiError> {
    Ok(Json(state.services.orders.order_ledger(&context, order_id(&id)?).await?))
}

/// The seller's money per currency: held in escrow, available, paid out, and commission taken.
#[utoipa::path(get, path = "/api/v1/seller/balance", tag = "orders",
    responses((status = 200, body = Vec<SellerBalance>), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn seller_balance(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
) -> Result<Json<Vec<SellerBalance>>, ApiError> {
    Ok(Json(state.services.orders.seller_balances(&context).await?))
}

/// The seller's money statement over a period of UTC days (default: this month), newest first, a page at a time:
/// each line's kind (`held_in_escrow`, `released` net of commission, `commission`, `refund`, `payout`,
/// `payout_reversed`), its order, its amount signed from the seller's side and the available balance after it;
/// and the whole period's totals per currency. The shop's seller only: operators and shoppers get 403.
#[utoipa::path(get, path = "/api/v1/seller/statement", tag = "orders", params(StatementParams),
    responses((status = 200, body = SellerStatement),
        (status = 400, description = "A bad date, `from` after `to`, a period over 366 days or a bad page (the parameter is named)", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn seller_statement(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiQuery(params): ApiQuery<StatementParams>,
) -> Result<Json<SellerStatement>, ApiError> {
    Ok(Json(state.services.orders.seller_statement(&context, params).await?))
}

/// Every line of the seller's statement over the period as CSV (not paged; `page` is ignored): `date`,
/// `time_utc`, `kind`, `order_id`, `payout_id`, `currency`, `amount` and `available_after` as decimals in the
/// currency's exponent, `transaction_id`.
#[utoipa::path(get, path = "/api/v1/seller/statement.csv", tag = "orders", params(StatementParams),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 400, description = "A bad date, `from` after `to`, a period over 366 days, or too many lines", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn seller_statement_csv(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiQuery(params): ApiQuery<StatementParams>,
) -> Result<impl IntoResponse, ApiError> {
    let export = state.services.orders.seller_statement_csv(&context, params).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", export.file_name)),
        ],
        export.csv,
    ))
}

/// The seller's payouts, newest first.
#[utoipa::path(get, path = "/api/v1/seller/payouts", tag = "orders",
    responses((status = 200, body = Vec<PayoutView>), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn payouts(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
) -> Result<Json<Vec<PayoutView>>, ApiError> {
    Ok(Json(state.services.orders.payouts(&context).await?))
}

/// Pays out available money to the seller's bank (at least the configured minimum, at most what is available).
#[utoipa::path(post, path = "/api/v1/seller/payouts", tag = "orders", request_body = PayoutRequest,
    responses((status = 201, body = PayoutView), (status = 400, description = "Below the minimum or above the available balance", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn request_payout(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiJson(request): ApiJson<PayoutRequest>,
) -> Result<(StatusCode, Json<PayoutView>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.orders.request_payout(&context, request).await?)))
}

/// A payment provider's signed event (`Bazaar-Provider-Signature: t=…,v1=…`, HMAC-SHA256 over `t.body`, five
/// minutes' tolerance). Duplicates answer `duplicate`; the payment named is settled by asking the provider.
#[utoipa::path(post, path = "/api/v1/payments/webhooks/{provider}", tag = "checkout",
    params(("provider" = String, Path, description = "Provider name (`test` for the built-in test provider)")),
    request_body(content = String, description = "The provider's event as JSON: `{ id, type, merchant_reference }`"),
    responses((status = 200, description = "`{ \"status\": \"settled\" | \"duplicate\" | \"ignored\" }`"),
        (status = 400, description = "Bad or stale signature, or a body that is not an event", body = ErrorEnvelope),
        (status = 404, description = "Unknown provider", body = ErrorEnvelope)))]
pub async fn provider_webhook(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let signature =
        headers.get(crate::payments::webhook::SIGNATURE_HEADER).and_then(|value| value.to_str().ok());
    let outcome = state.orders.handle_provider_webhook(&provider, signature, &body).await?;
    Ok(Json(serde_json::json!({ "status": outcome.as_str() })))
}

/// The order's shipment and tracking timeline, in Bazaar's words with the carrier's beside them; `null` until the
/// order ships with one of Bazaar's carriers.
#[utoipa::path(get, path = "/api/v1/orders/{id}/tracking", tag = "orders",
    params(("id" = String, Path, description = "Order id")),
    responses((status = 200, body = Option<shared::tracking::ShipmentView>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn tracking(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<Option<shared::tracking::ShipmentView>>, ApiError> {
    Ok(Json(state.services.orders.tracking(&context, order_id(&id)?).await?))
}

/// A carrier's tracking events in its own format (`Bazaar-Carrier-Signature: t=…,v1=…`, HMAC-SHA256 over `t.body`,
/// five minutes' tolerance; bodies up to 256 KiB). Repeated events are recognised by the carrier's event id;
/// late ones go into the timeline without moving a parcel back.
#[utoipa::path(post, path = "/api/v1/carriers/{carrier}/events", tag = "orders",
    params(("carrier" = String, Path, description = "`numeripost`, `scanline` or `batchfreight`")),
    request_body(content = String, description = "The carrier's native event or batch, as JSON"),
    responses((status = 200, description = "`{ accepted, duplicates, unknown_codes, unknown_shipments }`"),
        (status = 400, description = "Bad or stale signature, or a body that is not this carrier's format", body = ErrorEnvelope),
        (status = 404, description = "Unknown carrier", body = ErrorEnvelope),
        (status = 413, description = "Body over 256 KiB", body = ErrorEnvelope)))]
pub async fn carrier_events(
    State(state): State<AppState>,
    Path(carrier): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<crate::services::logistics::IngestSummary>, ApiError> {
    let signature = headers
        .get(crate::services::logistics::CARRIER_SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok());
    Ok(Json(state.logistics.ingest(&carrier, signature, &body).await?))
}
