//! Product page views, counted in memory and added to `product_views_daily` in batches.
//!
//! A product page is the catalog's hottest read; a write per read would put every shopper's page behind
//! SQLite's one writer. So a read only bumps a counter here (a short mutex, no I/O), and the flush job
//! (`jobs::spawn_view_flush`, every few seconds, and once more at shutdown) adds the counts up in one write
//! transaction with an upsert that works on both backends.
//!
//! Bounds: at most `capacity` (product, day) counters wait at once; past that, views of listings not already
//! counted are dropped (and counted as dropped, logged at the next flush) rather than growing memory. A flush that
//! fails puts its counts back, so a database hiccup delays views instead of losing them; a crash loses at most
//! one interval's views, which analytics can afford.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use anyhow::Context;

use crate::db::Database;
use crate::db::analytics as store;

/// Counters waiting for the next flush, by default: far more listings than are viewed in a few seconds.
pub const DEFAULT_CAPACITY: usize = 100_000;

/// Views waiting to be written, by (listing, UTC day as days since 1970-01-01).
#[derive(Debug)]
pub struct ViewCounter {
    counts: Mutex<HashMap<(String, i64), u64>>,
    /// Most distinct (listing, day) counters held at once.
    capacity: usize,
    /// Views not counted because the map was full, since the last flush.
    dropped: AtomicU64,
}

impl Default for ViewCounter {
    fn default() -> Self {
        Self::with_capacity(DEFAULT_CAPACITY)
    }
}

impl ViewCounter {
    pub fn with_capacity(capacity: usize) -> Self {
        Self { counts: Mutex::new(HashMap::new()), capacity, dropped: AtomicU64::new(0) }
    }

    /// Counts one view of `product` on `day`. Never blocks on I/O.
    pub fn record(&self, product: &str, day: i64) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let full = counts.len() >= self.capacity;
        match counts.get_mut(&(product.to_string(), day)) {
            Some(count) => *count = count.saturating_add(1),
            None if full => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
            None => {
                counts.insert((product.to_string(), day), 1);
            }
        }
    }

    /// Views counted and not yet written.
    pub fn pending(&self) -> u64 {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner).values().sum()
    }

    /// Writes every waiting count in one transaction and returns how many views it added. On failure the counts
    /// go back (as far as the bound allows) for the next flush.
    pub async fn flush(&self, db: &Database) -> anyhow::Result<u64> {
        let taken = std::mem::take(&mut *self.counts.lock().unwrap_or_else(PoisonError::into_inner));
        let dropped = self.dropped.swap(0, Ordering::Relaxed);
        if dropped > 0 {
            tracing::warn!(
                dropped,
                capacity = self.capacity,
                "product views dropped: the view counter was full"
            );
        }
        if taken.is_empty() {
            return Ok(0);
        }
        let mut rows: Vec<(String, i64, i64)> = taken
            .iter()
            .map(|((product, day), views)| (product.clone(), *day, i64::try_from(*views).unwrap_or(i64::MAX)))
            .collect();
        // A stable order, so two servers flushing into PostgreSQL take row locks in the same order.
        rows.sort_unstable();
        match write(db, &rows).await {
            Ok(()) => Ok(rows.iter().map(|(_, _, views)| *views as u64).sum()),
            Err(error) => {
                let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
                for (key, views) in taken {
                    if counts.len() < self.capacity || counts.contains_key(&key) {
                        let count = counts.entry(key).or_default();
                        *count = count.saturating_add(views);
                    } else {
                        self.dropped.fetch_add(views, Ordering::Relaxed);
                    }
                }
                Err(error)
            }
        }
    }
}

async fn write(db: &Database, rows: &[(String, i64, i64)]) -> anyhow::Result<()> {
    let mut tx = db.begin_write().await.context("opening the views transaction")?;
    for chunk in rows.chunks(store::VIEW_ROWS_PER_STATEMENT) {
        store::add_views(&mut tx, chunk).await.context("adding product views")?;
    }
    tx.commit().await.context("committing product views")
}
