//! Demo data: a deterministic catalog (the same seed always yields the same sellers, categories and products),
//! seeded by `serve` into an empty database and by `seed` for benchmarks up to millions of products.

pub mod accounts;
mod generator;
mod vocabulary;

use std::time::Instant;

use anyhow::Context;

pub use generator::Generator;

use crate::db::{Database, catalog};

/// How much to generate.
#[derive(Debug, Clone, Copy)]
pub struct SeedPlan {
    pub sellers: u32,
    pub products: u32,
    pub seed: u64,
}

/// Products generated and inserted per transaction; bounds memory at any catalog size.
const PRODUCT_BATCH: u32 = 5_000;

/// Seeds `plan` when the catalog has no products yet. Returns whether it seeded.
pub async fn seed_if_empty(db: &Database, plan: SeedPlan) -> anyhow::Result<bool> {
    let pool = db.pool();
    if catalog::count_products(pool).await.context("counting products")? > 0 {
        return Ok(false);
    }
    anyhow::ensure!(plan.sellers > 0 || plan.products == 0, "products need at least one seller");
    let started = Instant::now();
    let mut generator = Generator::new(plan.seed);
    let categories = generator.categories();
    catalog::insert_categories(pool, &categories).await.context("inserting categories")?;
    let sellers = generator.sellers(plan.sellers);
    catalog::insert_sellers(pool, &sellers).await.context("inserting sellers")?;
    catalog::insert_lanes(pool, &generator.lanes()).await.context("inserting shipping lanes")?;
    let mut inserted = 0;
    while inserted < plan.products {
        let batch_size = PRODUCT_BATCH.min(plan.products - inserted);
        let batch = generator.products(&sellers, inserted, batch_size);
        catalog::insert_products(pool, &batch).await.context("inserting products")?;
        inserted += batch_size;
        if inserted % 100_000 == 0 || inserted == plan.products {
            tracing::info!(inserted, total = plan.products, "seeding demo products");
        }
    }
    tracing::info!(
        sellers = plan.sellers,
        products = plan.products,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "demo catalog seeded"
    );
    Ok(true)
}
