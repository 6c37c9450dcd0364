//! SQL of a shop's onboarding: profile, logo, payout account, seller rules, identity documents and verification.
//!
//! Verification moves are conditional updates (`WHERE verification_status = $from`), so two operators deciding
//! the same case at once, or a seller resubmitting while one decides, cannot both win: the loser changes nothing
//! and is told so.

use sqlx::{AnyPool, FromRow};

/// A shop with what onboarding needs to know about it.
#[derive(Debug, Clone, FromRow)]
pub struct ShopRow {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub region: String,
    pub currency: String,
    pub description: String,
    pub logo_media_key: Option<String>,
    pub handling_days: i64,
    pub return_window_days: i64,
    pub return_policy: String,
    pub payout_account_token: Option<String>,
    pub payout_account_label: Option<String>,
    pub rules_version: Option<i64>,
    pub rules_accepted_at_ms: Option<i64>,
    pub verification_status: String,
    pub verification_submitted_at_ms: Option<i64>,
    pub verification_decided_at_ms: Option<i64>,
    pub verification_reason: Option<String>,
    pub decided_by_email: Option<String>,
    pub owner_email: Option<String>,
    pub owner_name: Option<String>,
}

const SHOP_SELECT: &str = "SELECT s.id, s.name, s.slug, s.region, s.currency, s.description, s.logo_media_key, \
        s.handling_days, s.return_window_days, s.return_policy, s.payout_account_token, s.payout_account_label, \
        s.rules_version, s.rules_accepted_at_ms, s.verification_status, s.verification_submitted_at_ms, \
        s.verification_decided_at_ms, s.verification_reason, d.email AS decided_by_email, \
        o.email AS owner_email, o.display_name AS owner_name \
    FROM sellers s \
    LEFT JOIN users d ON d.id = s.verification_decided_by \
    LEFT JOIN users o ON o.seller_id = s.id";

pub async fn find_shop(pool: &AnyPool, id: &str) -> Result<Option<ShopRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SHOP_SELECT} WHERE s.id = $1")).bind(id).fetch_optional(pool).await
}

/// The profile's editable fields, already checked by `shared::shop`.
pub struct ProfileUpdate<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub region: &'a str,
    pub handling_days: i64,
    pub return_window_days: i64,
    pub return_policy: &'a str,
}

pub async fn update_profile(
    pool: &AnyPool,
    id: &str,
    profile: &ProfileUpdate<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sellers SET name = $1, description = $2, region = $3, handling_days = $4, \
             return_window_days = $5, return_policy = $6 \
         WHERE id = $7",
    )
    .bind(profile.name)
    .bind(profile.description)
    .bind(profile.region)
    .bind(profile.handling_days)
    .bind(profile.return_window_days)
    .bind(profile.return_policy)
    .bind(id)
    .execute(pool)
    .await
    .map(drop)
}

pub async fn set_logo(pool: &AnyPool, id: &str, media_key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sellers SET logo_media_key = $1 WHERE id = $2")
        .bind(media_key)
        .bind(id)
        .execute(pool)
        .await
        .map(drop)
}

pub async fn set_payout_account(
    pool: &AnyPool,
    id: &str,
    token: &str,
    label: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sellers SET payout_account_token = $1, payout_account_label = $2 WHERE id = $3")
        .bind(token)
        .bind(label)
        .bind(id)
        .execute(pool)
        .await
        .map(drop)
}

pub async fn accept_rules(pool: &AnyPool, id: &str, version: i64, at_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sellers SET rules_version = $1, rules_accepted_at_ms = $2 WHERE id = $3")
        .bind(version)
        .bind(at_ms)
        .bind(id)
        .execute(pool)
        .await
        .map(drop)
}

/// A stored identity document's record (the file itself is on disk).
#[derive(Debug, Clone, FromRow)]
pub struct DocumentRow {
    pub id: String,
    pub seller_id: String,
    pub content_type: String,
    pub byte_size: i64,
    pub sha256: String,
    pub uploaded_at_ms: i64,
}

pub struct NewDocument<'a> {
    pub id: &'a str,
    pub seller_id: &'a str,
    pub content_type: &'a str,
    pub byte_size: i64,
    pub sha256: &'a str,
    pub uploaded_by: &'a str,
    pub uploaded_at_ms: i64,
}

pub async fn insert_document(pool: &AnyPool, document: &NewDocument<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO shop_documents (id, seller_id, kind, content_type, byte_size, sha256, uploaded_by, uploaded_at_ms) \
         VALUES ($1, $2, 'identity', $3, $4, $5, $6, $7)",
    )
    .bind(document.id)
    .bind(document.seller_id)
    .bind(document.content_type)
    .bind(document.byte_size)
    .bind(document.sha256)
    .bind(document.uploaded_by)
    .bind(document.uploaded_at_ms)
    .execute(pool)
    .await
    .map(drop)
}

const DOCUMENT_SELECT: &str =
    "SELECT id, seller_id, content_type, byte_size, sha256, uploaded_at_ms FROM shop_documents";

/// The shop's current (newest) identity document.
pub async fn current_document(pool: &AnyPool, seller_id: &str) -> Result<Option<DocumentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{DOCUMENT_SELECT} WHERE seller_id = $1 ORDER BY uploaded_at_ms DESC, id DESC LIMIT 1"
    ))
    .bind(seller_id)
    .fetch_optional(pool)
    .await
}

pub async fn find_document(pool: &AnyPool, id: &str) -> Result<Option<DocumentRow>, sqlx::Error> {
    sqlx::query_as(&format!("{DOCUMENT_SELECT} WHERE id = $1")).bind(id).fetch_optional(pool).await
}

/// Moves the shop to pending if it is still in `from`; returns whether it moved.
pub async fn submit(pool: &AnyPool, id: &str, from: &str, at_ms: i64) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE sellers SET verification_status = 'pending', verification_submitted_at_ms = $1 \
         WHERE id = $2 AND verification_status = $3",
    )
    .bind(at_ms)
    .bind(id)
    .bind(from)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// An operator's decision on a pending shop; returns whether the shop was still pending.
pub struct Decision<'a> {
    pub to: &'a str,
    pub at_ms: i64,
    pub by: &'a str,
    pub reason: Option<&'a str>,
}

pub async fn decide(pool: &AnyPool, id: &str, decision: &Decision<'_>) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE sellers SET verification_status = $1, verification_decided_at_ms = $2, \
             verification_decided_by = $3, verification_reason = $4 \
         WHERE id = $5 AND verification_status = 'pending'",
    )
    .bind(decision.to)
    .bind(decision.at_ms)
    .bind(decision.by)
    .bind(decision.reason)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// One line of the operator's queue.
#[derive(Debug, Clone, FromRow)]
pub struct QueueRow {
    pub id: String,
    pub name: String,
    pub region: String,
    pub verification_status: String,
    pub verification_submitted_at_ms: Option<i64>,
    pub owner_email: Option<String>,
}

/// Shops in `status`, oldest submission first (the order they should be checked in).
pub async fn queue(
    pool: &AnyPool,
    status: &str,
    limit: u32,
    offset: u64,
) -> Result<Vec<QueueRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.name, s.region, s.verification_status, s.verification_submitted_at_ms, o.email AS owner_email \
         FROM sellers s LEFT JOIN users o ON o.seller_id = s.id \
         WHERE s.verification_status = $1 \
         ORDER BY s.verification_submitted_at_ms, s.id LIMIT $2 OFFSET $3",
    )
    .bind(status)
    .bind(i64::from(limit))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
}

pub async fn count_in_status(pool: &AnyPool, status: &str) -> Result<u64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sellers WHERE verification_status = $1")
        .bind(status)
        .fetch_one(pool)
        .await?;
    Ok(u64::try_from(count).unwrap_or_default())
}
