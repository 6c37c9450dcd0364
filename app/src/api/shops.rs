//! Server functions for a seller's shop (profile, payout account, rules, submission) and the operators'
//! verification queue. File uploads (logo, identity document) go to the REST API from the browser
//! ([`crate::uploads`]), which calls the same service.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use shared::dto::Page;
use shared::ids::SellerId;
use shared::shop::{ShopProfileInput, ShopView, VerificationCase, VerificationQueueItem, VerificationStatus};

use super::AppError;

/// The signed-in seller's shop with its checklist and verification state.
#[server(endpoint = "shops/mine", input = GetUrl)]
pub async fn my_shop() -> Result<ShopView, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.shops.my_shop(&context).await.map_err(AppError::from_service)
}

#[server(endpoint = "shops/update_profile", input = Json)]
pub async fn update_shop_profile(input: ShopProfileInput) -> Result<ShopView, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.shops.update_profile(&context, input).await.map_err(AppError::from_service)
}

/// Keeps the bank account the provider tokenized in the browser as the payout destination.
#[server(endpoint = "shops/payout_account")]
pub async fn set_payout_account(token: String) -> Result<ShopView, AppError> {
    let (services, context) = super::error::services_and_context()?;
    let request = shared::shop::PayoutAccountRequest { token };
    services.shops.set_payout_account(&context, request).await.map_err(AppError::from_service)
}

#[server(endpoint = "shops/accept_rules")]
pub async fn accept_seller_rules(version: u32) -> Result<ShopView, AppError> {
    let (services, context) = super::error::services_and_context()?;
    let request = shared::shop::AcceptRulesRequest { version };
    services.shops.accept_rules(&context, request).await.map_err(AppError::from_service)
}

#[server(endpoint = "shops/submit")]
pub async fn submit_for_verification() -> Result<ShopView, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.shops.submit_for_verification(&context).await.map_err(AppError::from_service)
}

/// Operators: shops in `status` (pending when None), oldest submission first.
#[server(endpoint = "admin/shops", input = GetUrl)]
pub async fn verification_queue(
    status: Option<VerificationStatus>,
    page: Option<u32>,
) -> Result<Page<VerificationQueueItem>, AppError> {
    let request = shared::dto::PageRequest::parse(page, Some(10)).map_err(AppError::from_field_error)?;
    let (services, context) = super::error::services_and_context()?;
    services.shops.verification_queue(&context, status, request).await.map_err(AppError::from_service)
}

#[server(endpoint = "admin/shop_case", input = GetUrl)]
pub async fn shop_case(id: SellerId) -> Result<VerificationCase, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.shops.verification_case(&context, id).await.map_err(AppError::from_service)
}

#[server(endpoint = "admin/approve_shop")]
pub async fn approve_shop(id: SellerId) -> Result<VerificationCase, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.shops.approve_shop(&context, id).await.map_err(AppError::from_service)
}

#[server(endpoint = "admin/reject_shop")]
pub async fn reject_shop(id: SellerId, reason: String) -> Result<VerificationCase, AppError> {
    let (services, context) = super::error::services_and_context()?;
    let request = shared::shop::RejectRequest { reason };
    services.shops.reject_shop(&context, id, request).await.map_err(AppError::from_service)
}
