//! Demo data: a deterministic catalog (the same seed always yields the same sellers, categories and products),
//! seeded by `serve` into an empty database and by `seed` for benchmarks up to millions of products.

pub mod accounts;
pub(crate) mod generator;
pub mod images;
mod promotions;
pub mod views;
pub(crate) mod vocabulary;

use std::time::Instant;

use anyhow::Context;

use generator::BASE_UNIX_MS;
pub use generator::Generator;

use crate::db::{Database, catalog};
use crate::media::MediaStore;

/// How much to generate.
#[derive(Debug, Clone, Copy)]
pub struct SeedPlan {
    pub sellers: u32,
    pub products: u32,
    pub seed: u64,
}

/// Products generated and inserted per transaction; bounds memory at any catalog size.
const PRODUCT_BATCH: u32 = 5_000;

/// Seeds `plan` when the catalog has no products yet, without images. Returns whether it seeded.
pub async fn seed_if_empty(db: &Database, plan: SeedPlan) -> anyhow::Result<bool> {
    seed_if_empty_with_media(db, plan, None).await
}

/// Like [`seed_if_empty`]; with a media store, every product also gets 2–4 placeholder images
/// ([`images::Placeholders`]), whose files are written there.
pub async fn seed_if_empty_with_media(
    db: &Database,
    plan: SeedPlan,
    media: Option<&MediaStore>,
) -> anyhow::Result<bool> {
    seed_if_empty_with_progress(db, plan, media, |_, _| {}).await
}

/// Like [`seed_if_empty_with_media`], calling `progress(inserted, total)` after each batch of products (the bench
/// prints it).
pub async fn seed_if_empty_with_progress(
    db: &Database,
    plan: SeedPlan,
    media: Option<&MediaStore>,
    mut progress: impl FnMut(u32, u32) + Send,
) -> anyhow::Result<bool> {
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
    let mut placeholders = media.map(|media| images::Placeholders::new(media.clone(), &categories));
    let mut inserted = 0;
    while inserted < plan.products {
        let batch_size = PRODUCT_BATCH.min(plan.products - inserted);
        let batch = generator.products(&sellers, inserted, batch_size);
        catalog::insert_products(pool, &batch).await.context("inserting products")?;
        if let Some(placeholders) = &mut placeholders {
            placeholders.attach(pool, &batch).await?;
        }
        inserted += batch_size;
        progress(inserted, plan.products);
        if inserted % 100_000 == 0 || inserted == plan.products {
            tracing::info!(inserted, total = plan.products, "seeding demo products");
        }
    }
    promotions::seed(db, &sellers, BASE_UNIX_MS).await.context("seeding promotions")?;
    tracing::info!(
        sellers = plan.sellers,
        products = plan.products,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "demo catalog seeded"
    );
    Ok(true)
}
