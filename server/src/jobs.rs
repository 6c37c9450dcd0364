//! Background housekeeping: bounded, periodic, and harmless to skip (each run catches up on the last).

use std::sync::Arc;
use std::time::Duration;

use crate::db::Database;
use crate::services::accounts::AccountService;

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
        }
    });
}
