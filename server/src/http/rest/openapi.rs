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
    paths(super::products::list, super::products::lookup),
    components(schemas(shared::dto::ErrorEnvelope, shared::dto::ErrorBody, shared::money::Money)),
    tags((name = "catalog", description = "Products, categories and search"))
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
