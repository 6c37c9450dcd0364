//! Server functions of the seller's own listings: the table, the editor, publishing and bulk price and stock.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use shared::dto::Page;
use shared::ids::ProductId;
use shared::listing::{
    ListingAction, ListingEditor, ListingInput, ListingSort, ListingStatus, SellerListing, VariantChange,
};

use super::AppError;

#[server(endpoint = "seller/listings", input = GetUrl)]
pub async fn seller_listings(
    status: Option<ListingStatus>,
    sort: Option<ListingSort>,
    page: u32,
) -> Result<Page<SellerListing>, AppError> {
    let (services, context) = super::error::services_and_context()?;
    let page = shared::dto::PageRequest::parse(Some(page), Some(20)).map_err(AppError::from_field_error)?;
    services
        .listings
        .seller_listings(&context, status, sort.unwrap_or_default(), page)
        .await
        .map_err(AppError::from_service)
}

#[server(endpoint = "seller/listing", input = GetUrl)]
pub async fn listing_for_editor(id: ProductId) -> Result<ListingEditor, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.listings.listing(&context, id).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/listing/defaults", input = GetUrl)]
pub async fn new_listing_defaults() -> Result<shared::listing::ListingDefaults, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.listings.listing_defaults(&context).await.map_err(AppError::from_service)
}

/// What the editor's preview card shows for delivery to the shopper's `region`.
#[server(endpoint = "seller/listing/delivery-preview", input = GetUrl)]
pub async fn listing_delivery_preview(
    region: Option<String>,
) -> Result<Vec<shared::delivery::DeliveryOption>, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.listings.delivery_preview(&context, region).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/listing/create", input = Json)]
pub async fn create_listing(
    input: ListingInput,
    creation_key: Option<String>,
) -> Result<ListingEditor, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.listings.create_listing(&context, input, creation_key).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/listing/update", input = Json)]
pub async fn update_listing(id: ProductId, input: ListingInput) -> Result<ListingEditor, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.listings.update_listing(&context, id, input).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/listing/status", input = Json)]
pub async fn change_listing_status(id: ProductId, action: ListingAction) -> Result<ListingEditor, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.listings.change_listing_status(&context, id, action).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/listing/variants", input = Json)]
pub async fn change_variants(changes: Vec<VariantChange>) -> Result<u32, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.listings.change_variants(&context, changes).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/imports", input = GetUrl)]
pub async fn listing_imports() -> Result<Vec<shared::listing_import::ImportStatus>, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.listings.imports(&context).await.map_err(AppError::from_service)
}

#[server(endpoint = "seller/import", input = GetUrl)]
pub async fn listing_import(
    id: shared::ids::ImportId,
) -> Result<shared::listing_import::ImportStatus, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.listings.import(&context, id).await.map_err(AppError::from_service)
}
