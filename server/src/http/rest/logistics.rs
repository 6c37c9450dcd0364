//! The carrier network over REST: carriers proposed for a parcel, labels, a seller's shipments, SLA standing and
//! performance scorecard, and the carriers' scorecards.

use app::ports::RequestContext;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde::Deserialize;
use shared::analytics::{AnalyticsParams, SellerAnalytics};
use shared::dto::{ErrorEnvelope, Page, PageRequest};
use shared::ids::{OrderId, SellerId};
use shared::logistics::{CarrierProposal, CarrierScorecard, ShipmentSummary, ShippingLabel, SlaReport};
use shared::scorecard::SellerScorecard;

use super::error::ApiError;
use super::extract::ApiQuery;
use crate::state::AppState;

fn order_id(text: &str) -> Result<OrderId, ApiError> {
    text.parse().map_err(|_| ApiError::not_found("order"))
}

/// The carriers that can take the order's parcel at the service level the shopper paid for, best first: ranked
/// by price, predicted days (a missed pickup cut-off adds one), capacity left today and partner score. Carriers
/// full today come last and cannot be booked.
#[utoipa::path(get, path = "/api/v1/orders/{id}/carrier-proposals", tag = "logistics",
    params(("id" = String, Path, description = "Order id")),
    responses((status = 200, body = Vec<CarrierProposal>), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn carrier_proposals(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<Vec<CarrierProposal>>, ApiError> {
    Ok(Json(state.services.orders.carrier_proposals(&context, order_id(&id)?).await?))
}

/// The printable label of an order shipped with one of Bazaar's carriers.
#[utoipa::path(get, path = "/api/v1/orders/{id}/label", tag = "logistics",
    params(("id" = String, Path, description = "Order id")),
    responses((status = 200, body = ShippingLabel), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, description = "No such order, or not shipped with a carrier of the network", body = ErrorEnvelope)))]
pub async fn label(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<ShippingLabel>, ApiError> {
    Ok(Json(state.services.orders.shipping_label(&context, order_id(&id)?).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShipmentListParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The seller's shipments, newest first, with the SLA breaches recorded on each order.
#[utoipa::path(get, path = "/api/v1/seller/shipments", tag = "logistics", params(ShipmentListParams),
    responses((status = 200, body = Page<ShipmentSummary>), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn seller_shipments(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiQuery(params): ApiQuery<ShipmentListParams>,
) -> Result<Json<Page<ShipmentSummary>>, ApiError> {
    let page = PageRequest::parse(params.page, params.per_page)?;
    Ok(Json(state.services.orders.seller_shipments(&context, page).await?))
}

/// The seller's SLA: the rules, breaches over the last 30 days, the most recent ones.
#[utoipa::path(get, path = "/api/v1/seller/sla", tag = "logistics",
    responses((status = 200, body = SlaReport), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn seller_sla(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
) -> Result<Json<SlaReport>, ApiError> {
    Ok(Json(state.services.orders.seller_sla(&context).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScorecardParams {
    /// The shop (operators must name one; a seller may name only their own).
    pub seller: Option<String>,
}

/// The shop's performance scorecard: order defect, late shipment, seller cancellation and valid tracking rates
/// (basis points), in-stock rate, average handling time (minutes) and rating (×100), each over the last 30 days
/// with its target, status, advice key and daily trend over 90 days; and the performance score the ranking uses.
#[utoipa::path(get, path = "/api/v1/seller/scorecard", tag = "logistics", params(ScorecardParams),
    responses((status = 200, body = SellerScorecard), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, description = "No such shop, or not the caller's", body = ErrorEnvelope)))]
pub async fn seller_scorecard(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiQuery(params): ApiQuery<ScorecardParams>,
) -> Result<Json<SellerScorecard>, ApiError> {
    let seller = match params.seller.as_deref() {
        None => None,
        Some(text) => Some(text.parse::<SellerId>().map_err(|_| ApiError::not_found("shop"))?),
    };
    Ok(Json(state.services.orders.seller_scorecard(&context, seller).await?))
}

/// The shop's sales analytics over a period of UTC days (default: the last 30, today included): per day or ISO
/// week (Monday first) its GMV per currency (paid orders' goods after promotions, without shipping; orders
/// cancelled before shipping do not count), orders, product views and conversion (orders ÷ views, basis points);
/// the totals and the previous period's of equal length; and a page of its products with views or orders, sorted
/// on the server (biggest first). A seller reads their own shop; operators name one with `seller`.
#[utoipa::path(get, path = "/api/v1/seller/analytics", tag = "orders", params(AnalyticsParams),
    responses((status = 200, body = SellerAnalytics),
        (status = 400, description = "A bad parameter, named in `field`", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, description = "No such shop, or not the caller's", body = ErrorEnvelope)))]
pub async fn seller_analytics(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiQuery(params): ApiQuery<AnalyticsParams>,
) -> Result<Json<SellerAnalytics>, ApiError> {
    Ok(Json(state.services.orders.seller_analytics(&context, params).await?))
}

/// The carriers of the network with their partner scores (on time, exceptions, scan completeness over 30 days),
/// late deliveries, capacity booked today and pickup cut-off. For sellers, carriers and operators.
#[utoipa::path(get, path = "/api/v1/carriers", tag = "logistics",
    responses((status = 200, body = Vec<CarrierScorecard>), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn scorecards(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
) -> Result<Json<Vec<CarrierScorecard>>, ApiError> {
    Ok(Json(state.services.orders.carrier_scorecards(&context).await?))
}
