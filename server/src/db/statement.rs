//! A seller's money statement read from the ledger: the postings `shared::statement::classify` shows, of one
//! shop over a period, newest first, a page at a time; their sums per kind; and the available balance at a point
//! of the ledger's order (for the running balance). Read-only, portable SQL (SQLite and PostgreSQL).
//!
//! The ledger's order is `(created_at_ms, transaction_id, position)`; the statement lists it backwards.

use sqlx::{AnyPool, FromRow};

/// The rows of a seller's statement in `[start_ms, end_ms)`: their available account ($3), the escrow legs of
/// captures and refunds of their orders ($4 = the shop), and the commission legs of their orders' releases.
/// This is `shared::statement::classify` in SQL: every row it selects classifies to a line, and only those.
const STATEMENT_ROWS: &str = "FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id \
     WHERE t.created_at_ms >= $1 AND t.created_at_ms < $2 AND ( \
         (e.account = $3 AND t.kind IN ('release', 'payout', 'payout_reversal')) \
      OR (t.kind IN ('capture', 'refund') \
          AND e.account IN (SELECT 'escrow:' || o.id FROM orders o WHERE o.seller_id = $4)) \
      OR (t.kind = 'release' AND e.account = 'platform_commission' \
          AND t.order_id IN (SELECT o.id FROM orders o WHERE o.seller_id = $4)) )";

/// One posting of a seller's statement.
#[derive(Debug, Clone, FromRow)]
pub struct StatementRow {
    pub transaction_id: String,
    /// `shared::ledger::TransactionKind`.
    pub kind: String,
    /// The order of a release or refund transaction (captures name their orders in the escrow account).
    pub order_id: Option<String>,
    pub payout_id: Option<String>,
    pub position: i64,
    /// `shared::ledger::Account` as text.
    pub account: String,
    pub currency: String,
    /// Into the account (negative: out of it), as posted.
    pub amount_minor: i64,
    pub created_at_ms: i64,
}

/// Sums of a seller's statement grouped by transaction kind, leg and currency.
#[derive(Debug, Clone, FromRow)]
pub struct StatementSumRow {
    pub kind: String,
    /// 'available', 'commission' or 'escrow'.
    pub leg: String,
    pub currency: String,
    pub entries: i64,
    pub amount_minor: i64,
}

/// Which shop and period a statement query covers.
#[derive(Debug, Clone, Copy)]
pub struct StatementScope<'a> {
    pub seller_id: &'a str,
    /// `seller_available:<seller>`.
    pub available_account: &'a str,
    pub start_ms: i64,
    pub end_ms: i64,
}

/// One page of the statement, newest first (or oldest first).
pub async fn statement_page(
    pool: &AnyPool,
    scope: StatementScope<'_>,
    oldest_first: bool,
    limit: u32,
    offset: u64,
) -> Result<Vec<StatementRow>, sqlx::Error> {
    let order = if oldest_first {
        "t.created_at_ms, t.id, e.position"
    } else {
        "t.created_at_ms DESC, t.id DESC, e.position DESC"
    };
    let sql = format!(
        "SELECT t.id AS transaction_id, t.kind, t.order_id, t.payout_id, e.position, e.account, e.currency, \
         e.amount_minor, t.created_at_ms {STATEMENT_ROWS} ORDER BY {order} LIMIT $5 OFFSET $6"
    );
    sqlx::query_as(&sql)
        .bind(scope.start_ms)
        .bind(scope.end_ms)
        .bind(scope.available_account)
        .bind(scope.seller_id)
        .bind(i64::from(limit))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(pool)
        .await
}

/// The statement's sums over the whole period (the totals and the number of lines).
pub async fn statement_sums(
    pool: &AnyPool,
    scope: StatementScope<'_>,
) -> Result<Vec<StatementSumRow>, sqlx::Error> {
    let sql = format!(
        "SELECT t.kind, \
         CASE WHEN e.account = $3 THEN 'available' WHEN e.account = 'platform_commission' THEN 'commission' \
         ELSE 'escrow' END AS leg, \
         e.currency, CAST(COUNT(*) AS BIGINT) AS entries, CAST(SUM(e.amount_minor) AS BIGINT) AS amount_minor \
         {STATEMENT_ROWS} GROUP BY 1, 2, 3"
    );
    sqlx::query_as(&sql)
        .bind(scope.start_ms)
        .bind(scope.end_ms)
        .bind(scope.available_account)
        .bind(scope.seller_id)
        .fetch_all(pool)
        .await
}

/// The available account's balance per currency right after one posting (its time, transaction and position),
/// counting every posting up to it in the ledger's order.
pub async fn available_balance_through(
    pool: &AnyPool,
    available_account: &str,
    created_at_ms: i64,
    transaction_id: &str,
    position: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.currency, CAST(COALESCE(SUM(e.amount_minor), 0) AS BIGINT) \
         FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id \
         WHERE e.account = $1 AND (t.created_at_ms < $2 \
            OR (t.created_at_ms = $2 AND (t.id < $3 OR (t.id = $3 AND e.position <= $4)))) \
         GROUP BY e.currency",
    )
    .bind(available_account)
    .bind(created_at_ms)
    .bind(transaction_id)
    .bind(position)
    .fetch_all(pool)
    .await
}
