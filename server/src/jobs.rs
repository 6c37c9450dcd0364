//! Background housekeeping: bounded, periodic, and harmless to skip (each run catches up on the last).

use std::sync::Arc;
use std::time::Duration;

use crate::db::Database;
use crate::services::accounts::AccountService;
use crate::services::logistics::{JobOutcome, LogisticsService};
use crate::services::orders::OrderService;
use crate::services::views::ViewCounter;

/// Idempotency keys are kept this long (then a reused key starts a new request).
const IDEMPOTENCY_KEYS_KEPT_MS: i64 = 24 * 60 * 60 * 1_000;

/// How often expired sessions are deleted and idle rate-limit keys forgotten.
const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(15 * 60);

/// Starts the housekeeping loop; it ends with the runtime.
pub fn spawn_housekeeping(db: Database, accounts: Arc<AccountService>) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(HOUSEKEEPING_EVERY);
        loop {
            ticks.tick().await;
            match crate::db::sessions::delete_expired(db.pool(), crate::ids::now_ms()).await {
                Ok(deleted) if deleted > 0 => tracing::info!(deleted, "expired sessions deleted"),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "could not delete expired sessions"),
            }
            accounts.forget_idle_attempts();
            let before = crate::ids::now_ms() - IDEMPOTENCY_KEYS_KEPT_MS;
            match crate::db::orders::delete_old_keys(db.pool(), before).await {
                Ok(deleted) if deleted > 0 => tracing::info!(deleted, "old idempotency keys deleted"),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "could not delete old idempotency keys"),
            }
        }
    });
}

/// Starts the escrow job: releases escrow whose time has come and settles interrupted payments and payouts.
/// Each run is one pass of [`OrderService::release_due`] and [`OrderService::recover`]; a missed run is
/// caught up by the next.
pub fn spawn_escrow(orders: Arc<OrderService>, every: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            run_escrow_once(&orders).await;
        }
    });
}

/// One pass of the escrow job (tests call it after moving their clock).
pub async fn run_escrow_once(orders: &OrderService) {
    match orders.release_due().await {
        Ok(0) => {}
        Ok(released) => tracing::info!(released, "escrow released automatically"),
        Err(error) => tracing::error!(error = format!("{error:#}"), "auto-release failed"),
    }
    match orders.recover(false).await {
        Ok(0) => {}
        Ok(settled) => tracing::info!(settled, "interrupted payments or payouts settled"),
        Err(error) => tracing::error!(error = format!("{error:#}"), "recovery failed"),
    }
}

/// Starts the logistics job: SLA breaches, delivery windows from measured transit, and the shops' performance
/// scores that search ranking reads.
pub fn spawn_logistics(logistics: Arc<LogisticsService>, every: Duration) {
    tokio::spawn(async move {
        // The first run comes one interval after start, not at once: it rewrites ranking signals, and a server
        // that has just started should answer its first searches from the catalog as it found it.
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            run_logistics_once(&logistics).await;
        }
    });
}

/// One pass of the logistics job (tests call it after moving their clock).
pub async fn run_logistics_once(logistics: &LogisticsService) {
    match logistics.run_job_once().await {
        Ok(JobOutcome { breaches: 0, lanes: 0, scores: 0, listings: _ }) => {}
        Ok(JobOutcome { breaches, lanes, scores, listings }) => tracing::info!(
            breaches,
            lanes,
            scores,
            listings,
            "SLA breaches recorded; delivery windows, shop scores and listing signals updated"
        ),
        Err(error) => tracing::error!(error = format!("{error:#}"), "the logistics job failed"),
    }
}

/// How often counted product views are written (a crash loses at most this much of them).
pub const VIEW_FLUSH_EVERY: Duration = Duration::from_secs(5);

/// Starts the view flush job: every `every`, the views counted in memory are added to the database in one
/// transaction ([`ViewCounter::flush`]). Shutdown flushes once more (`Application::run_until`).
pub fn spawn_view_flush(views: Arc<ViewCounter>, db: Database, every: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            flush_views_once(&views, &db).await;
        }
    });
}

/// One flush of the counted product views (tests call it instead of waiting for the job).
pub async fn flush_views_once(views: &ViewCounter, db: &Database) -> u64 {
    match views.flush(db).await {
        Ok(written) => written,
        Err(error) => {
            tracing::warn!(
                error = format!("{error:#}"),
                "product views not written yet; kept for the next flush"
            );
            0
        }
    }
}
