//! Server functions for accounts: sign-up, sign-in, sign-out, the current account, API tokens, audit log.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use shared::auth::{Role, Scope};
use shared::dto::{AuditEntry, CreatedToken, Me, Page, TokenInfo};
use shared::ids::TokenId;

use super::AppError;

#[server(endpoint = "accounts/sign_up")]
pub async fn sign_up(
    email: String,
    password: String,
    display_name: String,
    role: Role,
    shop_name: Option<String>,
) -> Result<Me, AppError> {
    let (services, context) = super::error::services_and_context()?;
    let request = shared::dto::SignUpRequest { email, password, display_name, role, shop_name };
    services.accounts.sign_up(&context, request).await.map_err(AppError::from_service)
}

#[server(endpoint = "accounts/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<Me, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.accounts.sign_in(&context, &email, &password).await.map_err(AppError::from_service)
}

#[server(endpoint = "accounts/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.accounts.sign_out(&context).await.map_err(AppError::from_service)
}

/// The signed-in account, or None.
#[server(endpoint = "accounts/me", input = GetUrl)]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.accounts.me(&context).await.map_err(AppError::from_service)
}

#[server(endpoint = "accounts/tokens", input = GetUrl)]
pub async fn list_tokens() -> Result<Vec<TokenInfo>, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.accounts.list_tokens(&context).await.map_err(AppError::from_service)
}

#[server(endpoint = "accounts/create_token", input = Json)]
pub async fn create_token(name: String, scopes: Vec<Scope>) -> Result<CreatedToken, AppError> {
    let (services, context) = super::error::services_and_context()?;
    services
        .accounts
        .create_token(&context, shared::dto::NewTokenRequest { name, scopes })
        .await
        .map_err(AppError::from_service)
}

#[server(endpoint = "accounts/revoke_token")]
pub async fn revoke_token(id: TokenId) -> Result<(), AppError> {
    let (services, context) = super::error::services_and_context()?;
    services.accounts.revoke_token(&context, id).await.map_err(AppError::from_service)
}

/// The audit log for operators, newest first.
#[server(endpoint = "admin/audit_log", input = GetUrl)]
pub async fn audit_log(page: Option<u32>) -> Result<Page<AuditEntry>, AppError> {
    let request = shared::dto::PageRequest::parse(page, Some(50)).map_err(AppError::from_field_error)?;
    let (services, context) = super::error::services_and_context()?;
    services.accounts.audit_log(&context, request).await.map_err(AppError::from_service)
}
