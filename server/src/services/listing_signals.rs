//! Measures the ranking's outcome counters of listings from what shoppers really did: product views (30 days),
//! paid orders (30 and 90 days) and orders refunded after shipping (90 days). Run by the logistics job; the catalog
//! caches are told when anything changed. Returns and disputes (issue 9) will add to the bad outcomes.

use std::collections::BTreeMap;

use anyhow::Context;
use shared::order::DAY_MS;

use crate::db::Database;
use crate::db::listing_signals::{self as store, ListingActivity};

/// The most listings one run writes: a bound on the job's work (the rest wait for the next run).
pub const MAX_LISTINGS_PER_REFRESH: usize = 20_000;

/// Measures the counters of every listing with activity in the windows, and of every listing measured before,
/// and stores those that changed. Returns how many listings were written.
pub async fn refresh(db: &Database, now_ms: i64, max_listings: usize) -> anyhow::Result<usize> {
    let pool = db.pool();
    let today = now_ms.div_euclid(DAY_MS);
    let views = store::views_since(pool, today - 29).await.context("reading product views")?;
    let orders = store::orders_since(pool, now_ms - 90 * DAY_MS, now_ms - 30 * DAY_MS)
        .await
        .context("reading paid orders")?;
    let measured = store::measured_listings(pool).await.context("reading measured listings")?;
    // Listings measured before start at zero, so activity that left the windows stops counting.
    let mut activity: BTreeMap<String, ListingActivity> = BTreeMap::new();
    for listing in &measured {
        counters_of(&mut activity, listing.product_id.clone());
    }
    for (id, count) in views {
        counters_of(&mut activity, id).views_30d = count;
    }
    for (id, orders_30d, orders_90d, bad_90d) in orders {
        let counters = counters_of(&mut activity, id);
        counters.orders_30d = orders_30d;
        counters.orders_90d = orders_90d;
        counters.bad_90d = bad_90d;
    }
    // Only what changed, or was never measured, is written.
    let stored: BTreeMap<&str, &ListingActivity> =
        measured.iter().map(|listing| (listing.product_id.as_str(), listing)).collect();
    let mut rows: Vec<ListingActivity> = activity
        .into_values()
        .filter(|listing| stored.get(listing.product_id.as_str()).is_none_or(|old| *old != listing))
        .collect();
    if rows.len() > max_listings {
        tracing::warn!(listings = rows.len(), max_listings, "more listings to measure than one run writes");
        rows.truncate(max_listings);
    }
    store::store(db, &rows, now_ms).await.context("storing listing signals")?;
    if !rows.is_empty() {
        crate::db::catalog::note_catalog_write();
    }
    Ok(rows.len())
}

fn counters_of(activity: &mut BTreeMap<String, ListingActivity>, id: String) -> &mut ListingActivity {
    activity
        .entry(id.clone())
        .or_insert_with(|| ListingActivity { product_id: id, ..ListingActivity::default() })
}
