//! `/api/v1/me`, `/api/v1/tokens`, `/api/v1/admin/…`: accounts over the API. Every handler passes the request's
//! context to the service, which decides what the actor may do.

use app::ports::RequestContext;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use shared::dto::{AuditEntry, CreatedToken, Me, NewTokenRequest, Page, PageRequest, RoleChange, TokenInfo};
use shared::ids::{TokenId, UserId};

use super::error::ApiError;
use super::extract::{ApiJson, ApiQuery};
use super::products::ListParams;
use crate::state::AppState;

/// The account behind the session or token.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = Me), (status = 401, description = "Not signed in", body = shared::dto::ErrorEnvelope)))]
pub async fn me(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
) -> Result<Json<Me>, ApiError> {
    match state.services.accounts.me(&context).await? {
        Some(me) => Ok(Json(me)),
        None => Err(app::ports::ServiceError::Unauthenticated.into()),
    }
}

/// The caller's API tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    responses((status = 200, body = Vec<TokenInfo>), (status = 401, body = shared::dto::ErrorEnvelope)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
) -> Result<Json<Vec<TokenInfo>>, ApiError> {
    Ok(Json(state.services.accounts.list_tokens(&context).await?))
}

/// Creates a token with scopes the caller's role may grant; the secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = NewTokenRequest,
    responses(
        (status = 201, body = CreatedToken),
        (status = 400, description = "A scope the role cannot grant, or a bad name", body = shared::dto::ErrorEnvelope),
        (status = 401, body = shared::dto::ErrorEnvelope),
        (status = 403, description = "Shoppers and tokens cannot create tokens", body = shared::dto::ErrorEnvelope),
    ))]
pub async fn create_token(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiJson(request): ApiJson<NewTokenRequest>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.accounts.create_token(&context, request).await?)))
}

/// Revokes one of the caller's tokens; it stops working at once. Another account's token answers 404.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts",
    params(("id" = String, Path, description = "Token id")),
    responses((status = 204), (status = 401, body = shared::dto::ErrorEnvelope), (status = 404, body = shared::dto::ErrorEnvelope)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id: TokenId = id.parse().map_err(|_| ApiError::not_found("token"))?;
    state.services.accounts.revoke_token(&context, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The audit log, newest first (operators).
#[utoipa::path(get, path = "/api/v1/admin/audit-log", tag = "admin", params(ListParams),
    responses((status = 200, body = Page<AuditEntry>), (status = 401, body = shared::dto::ErrorEnvelope), (status = 403, body = shared::dto::ErrorEnvelope)))]
pub async fn audit_log(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Page<AuditEntry>>, ApiError> {
    let page = PageRequest::parse(params.page, params.per_page)?;
    Ok(Json(state.services.accounts.audit_log(&context, page).await?))
}

/// Changes an account's role (operators); audited.
#[utoipa::path(put, path = "/api/v1/admin/users/{id}/role", tag = "admin", request_body = RoleChange,
    params(("id" = String, Path, description = "Account id")),
    responses((status = 204), (status = 403, body = shared::dto::ErrorEnvelope), (status = 404, body = shared::dto::ErrorEnvelope)))]
pub async fn change_role(
    State(state): State<AppState>,
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<RoleChange>,
) -> Result<StatusCode, ApiError> {
    let id: UserId = id.parse().map_err(|_| ApiError::not_found("account"))?;
    state.services.accounts.change_role(&context, id, change.role).await?;
    Ok(StatusCode::NO_CONTENT)
}
