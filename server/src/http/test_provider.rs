//! `/test-provider/v1/…`: the built-in test payment provider's own API, standing where a real provider's
//! JavaScript and hosted pages would be. The browser sends card details here — never to `/api` — and gets a
//! token back; the bank's confirmation step (3-D Secure-like) is answered here too, and a seller's bank account
//! (the payout destination onboarding asks for) is tokenized here the same way. No Bazaar session applies.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

use super::rest::error::ApiError;
use super::rest::extract::ApiJson;
use crate::payments::test_provider::{BankAccountDetails, BankAccountToken, CardDetails, CardToken};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tokens", post(tokenize))
        .route("/challenges/{charge_id}", post(answer_challenge))
        .route("/bank-accounts", post(tokenize_bank_account))
        .fallback(super::rest::error::unknown_endpoint)
}

/// Card details in, a token out. A bad number, expiry or CVC is a 400 naming the field.
async fn tokenize(
    State(state): State<AppState>,
    ApiJson(card): ApiJson<CardDetails>,
) -> Result<(StatusCode, Json<CardToken>), ApiError> {
    match state.test_provider.tokenize(&card).await {
        Ok(Ok(token)) => Ok((StatusCode::CREATED, Json(token))),
        Ok(Err(problem)) => {
            Err(ApiError::new(StatusCode::BAD_REQUEST, problem.code, problem.message, Some(problem.field)))
        }
        Err(error) => Err(app::ports::ServiceError::Unexpected(error).into()),
    }
}

/// A seller's bank account in, a payout token and a masked label out; bad details are a 400 naming the field.
async fn tokenize_bank_account(
    State(state): State<AppState>,
    ApiJson(account): ApiJson<BankAccountDetails>,
) -> Result<(StatusCode, Json<BankAccountToken>), ApiError> {
    match state.test_provider.tokenize_bank_account(&account).await {
        Ok(Ok(token)) => Ok((StatusCode::CREATED, Json(token))),
        Ok(Err(problem)) => {
            Err(ApiError::new(StatusCode::BAD_REQUEST, problem.code, problem.message, Some(problem.field)))
        }
        Err(error) => Err(app::ports::ServiceError::Unexpected(error).into()),
    }
}

#[derive(Debug, Deserialize)]
struct ChallengeAnswer {
    approve: bool,
}

/// The shopper approves or refuses the payment at their "bank".
async fn answer_challenge(
    State(state): State<AppState>,
    Path(charge_id): Path<String>,
    ApiJson(answer): ApiJson<ChallengeAnswer>,
) -> Result<StatusCode, ApiError> {
    match state.test_provider.complete_challenge(&charge_id, answer.approve).await {
        Ok(Some(_)) => Ok(StatusCode::NO_CONTENT),
        Ok(None) => Err(ApiError::not_found("charge")),
        Err(error) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "provider_unavailable",
            error.to_string(),
            None,
        )),
    }
}
