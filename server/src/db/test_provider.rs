//! SQL of the built-in test payment provider. It stands for an outside system: its rows are written in their own
//! statements, never inside Bazaar's transactions, so they survive whatever happens on our side.

use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct CardRow {
    pub token: String,
    pub behaviour: String,
    pub brand: String,
    pub last4: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct ChargeRow {
    pub id: String,
    pub merchant_reference: String,
    pub token: String,
    pub currency: String,
    pub amount_minor: i64,
    pub state: String,
    pub failure_code: Option<String>,
    pub refunded_minor: i64,
}

pub async fn insert_card(pool: &AnyPool, card: &CardRow, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO test_provider_cards (token, behaviour, brand, last4, created_at_ms) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&card.token)
    .bind(&card.behaviour)
    .bind(&card.brand)
    .bind(&card.last4)
    .bind(now_ms)
    .execute(pool)
    .await
    .map(drop)
}

pub async fn find_card(pool: &AnyPool, token: &str) -> Result<Option<CardRow>, sqlx::Error> {
    sqlx::query_as("SELECT token, behaviour, brand, last4 FROM test_provider_cards WHERE token = $1")
        .bind(token)
        .fetch_optional(pool)
        .await
}

const CHARGE_COLUMNS: &str =
    "id, merchant_reference, token, currency, amount_minor, state, failure_code, refunded_minor";

pub async fn charge_by_reference(pool: &AnyPool, reference: &str) -> Result<Option<ChargeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {CHARGE_COLUMNS} FROM test_provider_charges WHERE merchant_reference = $1"
    ))
    .bind(reference)
    .fetch_optional(pool)
    .await
}

pub async fn charge_by_id(pool: &AnyPool, id: &str) -> Result<Option<ChargeRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {CHARGE_COLUMNS} FROM test_provider_charges WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Records a charge unless one exists for its reference (a retry); either way the stored one wins.
pub async fn insert_charge(pool: &AnyPool, charge: &ChargeRow, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO test_provider_charges \
             (id, merchant_reference, token, currency, amount_minor, state, failure_code, refunded_minor, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8) ON CONFLICT (merchant_reference) DO NOTHING",
    )
    .bind(&charge.id)
    .bind(&charge.merchant_reference)
    .bind(&charge.token)
    .bind(&charge.currency)
    .bind(charge.amount_minor)
    .bind(&charge.state)
    .bind(&charge.failure_code)
    .bind(now_ms)
    .execute(pool)
    .await
    .map(drop)
}

/// Moves a charge from one of `from` to `to`; false when it was in another state.
pub async fn update_charge_state(
    pool: &AnyPool,
    id: &str,
    from: &[&str],
    to: &str,
    failure_code: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let placeholders: Vec<String> = (0..from.len()).map(|i| format!("${}", i + 4)).collect();
    let sql = format!(
        "UPDATE test_provider_charges SET state = $1, failure_code = $2 WHERE id = $3 AND state IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(to).bind(failure_code).bind(id);
    for state in from {
        query = query.bind(*state);
    }
    Ok(query.execute(pool).await?.rows_affected() == 1)
}

/// Refunds `amount_minor` of a captured charge once per `reference`, within what was charged. Ok(false) when
/// the refund would exceed the charge (or the charge is not captured); a repeated reference is Ok(true).
pub async fn refund_once(
    pool: &AnyPool,
    charge_id: &str,
    reference: &str,
    amount_minor: i64,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO test_provider_refunds (merchant_reference, charge_id, amount_minor, created_at_ms) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (merchant_reference) DO NOTHING",
    )
    .bind(reference)
    .bind(charge_id)
    .bind(amount_minor)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(true);
    }
    let updated = sqlx::query(
        "UPDATE test_provider_charges SET refunded_minor = refunded_minor + $1 \
         WHERE id = $2 AND state = 'succeeded' AND refunded_minor + $1 <= amount_minor",
    )
    .bind(amount_minor)
    .bind(charge_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 1 {
        tx.commit().await?;
        Ok(true)
    } else {
        Ok(false)
    }
}

/// Records a payout once per reference; returns the stored payout's id.
pub async fn insert_payout(
    pool: &AnyPool,
    id: &str,
    reference: &str,
    currency: &str,
    amount_minor: i64,
    now_ms: i64,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO test_provider_payouts (id, merchant_reference, currency, amount_minor, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (merchant_reference) DO NOTHING",
    )
    .bind(id)
    .bind(reference)
    .bind(currency)
    .bind(amount_minor)
    .bind(now_ms)
    .execute(pool)
    .await?;
    let (stored,): (String,) =
        sqlx::query_as("SELECT id FROM test_provider_payouts WHERE merchant_reference = $1")
            .bind(reference)
            .fetch_one(pool)
            .await?;
    Ok(stored)
}

/// A tokenized bank account (a payout destination): never the full number.
#[derive(Debug, Clone, FromRow)]
pub struct BankAccountRow {
    pub token: String,
    pub holder_name: String,
    pub last4: String,
}

pub async fn insert_bank_account(
    pool: &AnyPool,
    account: &BankAccountRow,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO test_provider_bank_accounts (token, holder_name, last4, created_at_ms) VALUES ($1, $2, $3, $4)",
    )
    .bind(&account.token)
    .bind(&account.holder_name)
    .bind(&account.last4)
    .bind(now_ms)
    .execute(pool)
    .await
    .map(drop)
}

pub async fn find_bank_account(pool: &AnyPool, token: &str) -> Result<Option<BankAccountRow>, sqlx::Error> {
    sqlx::query_as("SELECT token, holder_name, last4 FROM test_provider_bank_accounts WHERE token = $1")
        .bind(token)
        .fetch_optional(pool)
        .await
}
