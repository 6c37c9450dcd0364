//! SQL of accounts, API tokens and the audit log.

use sqlx::{AnyPool, FromRow};

/// A stored account.
#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub seller_id: Option<String>,
    pub seller_name: Option<String>,
    pub seller_rating_x100: Option<i64>,
}

const USER_SELECT: &str = "SELECT u.id, u.email, u.display_name, u.password_hash, u.role, u.seller_id, \
        s.name AS seller_name, s.rating_x100 AS seller_rating_x100 \
    FROM users u LEFT JOIN sellers s ON s.id = u.seller_id";

pub async fn find_user_by_email(pool: &AnyPool, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("{USER_SELECT} WHERE u.email = $1")).bind(email).fetch_optional(pool).await
}

pub async fn find_user_by_id(pool: &AnyPool, id: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("{USER_SELECT} WHERE u.id = $1")).bind(id).fetch_optional(pool).await
}

/// A new account, with the shop it opens when it is a seller's.
pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub shop: Option<NewShop<'a>>,
    pub created_at_ms: i64,
}

pub struct NewShop<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub slug: &'a str,
    pub region: &'a str,
    pub currency: &'a str,
}

/// Inserts the account (and its shop) in one transaction. A taken email is a unique violation.
pub async fn insert_user(pool: &AnyPool, user: &NewUser<'_>) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    if let Some(shop) = &user.shop {
        sqlx::query(
            // A new shop starts unverified: it can draft listings, not publish them (the column's default,
            // 'verified', is for the shops that existed before verification did).
            "INSERT INTO sellers (id, name, slug, region, currency, rating_x100, created_at_ms, verification_status) \
             VALUES ($1, $2, $3, $4, $5, NULL, $6, 'unverified')",
        )
        .bind(shop.id)
        .bind(shop.name)
        .bind(shop.slug)
        .bind(shop.region)
        .bind(shop.currency)
        .bind(user.created_at_ms)
        .execute(&mut *transaction)
        .await?;
    }
    sqlx::query(
        "INSERT INTO users (id, email, display_name, password_hash, role, seller_id, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(user.id)
    .bind(user.email)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.role)
    .bind(user.shop.as_ref().map(|s| s.id))
    .bind(user.created_at_ms)
    .execute(&mut *transaction)
    .await?;
    transaction.commit().await
}

/// Changes a role; returns whether the account exists.
pub async fn update_role(pool: &AnyPool, user_id: &str, role: &str) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn count_users(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(pool).await?;
    Ok(count)
}

/// The first shop by creation time, for the demo seller account.
pub async fn first_seller_id(pool: &AnyPool) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM sellers WHERE id NOT IN (SELECT seller_id FROM users WHERE seller_id IS NOT NULL) \
         ORDER BY created_at_ms, id LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Attaches an existing shop to an existing account (demo data).
pub async fn assign_shop(pool: &AnyPool, user_id: &str, seller_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET seller_id = $1 WHERE id = $2")
        .bind(seller_id)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// A stored API token.
#[derive(Debug, Clone, FromRow)]
pub struct TokenRow {
    pub id: String,
    pub owner_id: String,
    pub name: String,
    pub prefix: String,
    pub scopes: String,
    pub created_at_ms: i64,
    pub last_used_at_ms: Option<i64>,
    pub revoked_at_ms: Option<i64>,
}

const TOKEN_SELECT: &str = "SELECT id, owner_id, name, prefix, scopes, created_at_ms, last_used_at_ms, revoked_at_ms FROM api_tokens";

pub struct NewToken<'a> {
    pub id: &'a str,
    pub owner_id: &'a str,
    pub name: &'a str,
    pub secret_sha256: &'a str,
    pub prefix: &'a str,
    pub scopes: &'a str,
    pub created_at_ms: i64,
}

pub async fn insert_token(pool: &AnyPool, token: &NewToken<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO api_tokens (id, owner_id, name, secret_sha256, prefix, scopes, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token.id)
    .bind(token.owner_id)
    .bind(token.name)
    .bind(token.secret_sha256)
    .bind(token.prefix)
    .bind(token.scopes)
    .bind(token.created_at_ms)
    .execute(pool)
    .await?;
    Ok(())
}

/// The live (not revoked) token with this secret hash.
pub async fn find_live_token(pool: &AnyPool, secret_sha256: &str) -> Result<Option<TokenRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TOKEN_SELECT} WHERE secret_sha256 = $1 AND revoked_at_ms IS NULL"))
        .bind(secret_sha256)
        .fetch_optional(pool)
        .await
}

/// Records that a token was used, at most once a minute per token: a busy script would otherwise turn every
/// API read into a database write.
pub async fn touch_token(pool: &AnyPool, id: &str, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE api_tokens SET last_used_at_ms = $1 \
         WHERE id = $2 AND (last_used_at_ms IS NULL OR last_used_at_ms < $1 - 60000)",
    )
    .bind(now_ms)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn list_tokens(pool: &AnyPool, owner_id: &str) -> Result<Vec<TokenRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TOKEN_SELECT} WHERE owner_id = $1 ORDER BY created_at_ms DESC, id DESC"))
        .bind(owner_id)
        .fetch_all(pool)
        .await
}

/// Revokes the owner's live token; returns false when there is no such token of theirs.
pub async fn revoke_token(
    pool: &AnyPool,
    owner_id: &str,
    id: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE api_tokens SET revoked_at_ms = $1 WHERE id = $2 AND owner_id = $3 AND revoked_at_ms IS NULL",
    )
    .bind(now_ms)
    .bind(id)
    .bind(owner_id)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub struct NewAuditEntry<'a> {
    pub id: &'a str,
    pub at_ms: i64,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub subject: Option<&'a str>,
    pub ip: Option<&'a str>,
}

pub async fn insert_audit(pool: &AnyPool, entry: &NewAuditEntry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, at_ms, actor_id, action, subject, ip) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(entry.id)
    .bind(entry.at_ms)
    .bind(entry.actor_id)
    .bind(entry.action)
    .bind(entry.subject)
    .bind(entry.ip)
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct AuditRow {
    pub at_ms: i64,
    pub action: String,
    pub actor_email: Option<String>,
    pub subject: Option<String>,
    pub ip: Option<String>,
}

pub async fn list_audit(pool: &AnyPool, limit: u32, offset: u64) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.at_ms, a.action, u.email AS actor_email, a.subject, a.ip \
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
         ORDER BY a.at_ms DESC, a.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(i64::from(limit))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
}

pub async fn count_audit(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log").fetch_one(pool).await?;
    Ok(u64::try_from(count).unwrap_or_default())
}
