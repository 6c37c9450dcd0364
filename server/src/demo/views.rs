//! Demo product views: a deterministic view history for the demo seller's shop, so its sales analytics have
//! something to show on first start. The counts come from a seeded generator (the same every time); the days are
//! the [`HISTORY_DAYS`] before the day of seeding (today is left to real visitors and tests).

use anyhow::Context;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use shared::statement::Day;

use crate::db::Database;
use crate::db::analytics::{VIEW_ROWS_PER_STATEMENT, add_views};

/// Days of history before the day of seeding.
pub const HISTORY_DAYS: i64 = 90;
/// Listings of the shop that get a history (the first by id); bounds the rows at any catalog size.
const LISTINGS: i64 = 40;

/// Writes the view history of `shop`'s first listings for the days before `today_ms`; returns the rows written.
pub async fn seed_view_history(db: &Database, shop: &str, today_ms: i64) -> anyhow::Result<usize> {
    let products: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM products WHERE seller_id = $1 AND status = 'published' ORDER BY id LIMIT $2",
    )
    .bind(shop)
    .bind(LISTINGS)
    .fetch_all(db.pool())
    .await
    .context("reading the demo shop's listings")?;
    let today = Day::of_unix_ms(today_ms);
    let rows = history(&products.into_iter().map(|(id,)| id).collect::<Vec<_>>(), today);
    let mut tx = db.begin_write().await.context("opening the demo views transaction")?;
    for chunk in rows.chunks(VIEW_ROWS_PER_STATEMENT) {
        add_views(&mut tx, chunk).await.context("writing demo views")?;
    }
    tx.commit().await.context("committing demo views")?;
    Ok(rows.len())
}

/// (listing, day, views) for every listing and each of the [`HISTORY_DAYS`] days before `today`: each listing has
/// its own popularity, weekends are busier, interest grows over the period, and some days see nobody.
fn history(products: &[String], today: Day) -> Vec<(String, i64, i64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let mut rows = Vec::new();
    for product in products {
        let popularity: i64 = rng.random_range(2..=30);
        for age in (1..=HISTORY_DAYS).rev() {
            let day = today.plus_days(-age);
            // Monday is 0 days after its Monday, Saturday 5, Sunday 6.
            let weekend = day.days_since_epoch() - day.monday().days_since_epoch() >= 5;
            let growth_pct = 60 + 60 * (HISTORY_DAYS - age) / HISTORY_DAYS;
            let base = popularity * growth_pct / 100 * if weekend { 13 } else { 10 } / 10;
            let views = (base + rng.random_range(-base / 2..=base / 2)).max(0);
            if views > 0 {
                rows.push((product.clone(), day.days_since_epoch(), views));
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_is_the_same_every_time_and_ends_yesterday() {
        let today = Day::parse("2026-03-10").expect("a date");
        let products = vec!["a".to_string(), "b".to_string()];
        let first = history(&products, today);
        assert_eq!(first, history(&products, today));
        assert!(!first.is_empty());
        let days: Vec<i64> = first.iter().map(|(_, day, _)| *day).collect();
        assert!(days.iter().all(|day| *day < today.days_since_epoch()));
        assert!(days.iter().all(|day| *day >= today.plus_days(-HISTORY_DAYS).days_since_epoch()));
        assert!(first.iter().all(|(_, _, views)| *views > 0));
    }
}
