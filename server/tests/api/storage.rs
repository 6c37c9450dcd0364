//! The storage suite: the same assertions on SQLite and on PostgreSQL.

use server::db::search::{SearchFilter, SearchOrder, SearchRow, TextIndex, search_rows};
use server::db::{Backend, Database, catalog};
use server::demo::{SeedPlan, seed_if_empty};

use crate::helpers::TestDatabase;

async fn open(database: &TestDatabase) -> Database {
    let db = Database::connect(&database.url, 4).await.expect("connects");
    db.migrate().await.expect("migrates");
    db
}

/// Browsing without words or filters: newest first, the storefront's first pages.
async fn newest(db: &Database, limit: u32, offset: u64) -> Vec<SearchRow> {
    let index = TextIndex::new(db.backend());
    search_rows(db.pool(), index, &SearchFilter::default(), SearchOrder::Candidates, None, limit, offset)
        .await
        .expect("lists")
}

#[tokio::test]
async fn migrations_apply_once_and_again_without_change() {
    for database in TestDatabase::all().await {
        let db = open(&database).await;
        let expected = if database.label == "sqlite" { Backend::Sqlite } else { Backend::Postgres };
        assert_eq!(db.backend(), expected);
        db.migrate().await.unwrap_or_else(|e| panic!("{}: second migrate: {e}", database.label));
        db.ping().await.expect("answers");
    }
}

#[tokio::test]
async fn seeding_fills_an_empty_catalog_once() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let db = open(&database).await;
        let plan = SeedPlan { sellers: 7, products: 123, seed: 9 };
        assert!(seed_if_empty(&db, plan).await.expect("seeds"), "{label}: first seed runs");
        assert!(!seed_if_empty(&db, plan).await.expect("checks"), "{label}: second seed is a no-op");
        assert_eq!(catalog::count_products(db.pool()).await.expect("count"), 123, "{label}");
        let (sellers,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM sellers").fetch_one(db.pool()).await.expect("q");
        assert_eq!(sellers, 7, "{label}");
    }
}

#[tokio::test]
async fn the_same_seed_stores_the_same_catalog_on_every_backend() {
    let mut first_pages = Vec::new();
    for database in TestDatabase::all().await {
        let db = open(&database).await;
        seed_if_empty(&db, SeedPlan { sellers: 5, products: 30, seed: 42 }).await.expect("seeds");
        let rows = newest(&db, 30, 0).await;
        let mut variants = Vec::new();
        for row in &rows {
            for v in catalog::variants_of(db.pool(), &row.id).await.expect("variants") {
                variants.push((row.id.clone(), v.sku, v.options, v.price_minor, v.stock));
            }
        }
        let lanes = catalog::lanes_into(db.pool(), "DE").await.expect("lanes");
        first_pages.push((
            rows.into_iter()
                .map(|r| {
                    (r.id, r.title, r.currency, r.price_minor, r.stock, r.seller_name, r.seller_rating_x100)
                })
                .collect::<Vec<_>>(),
            variants,
            lanes,
        ));
    }
    assert!(first_pages.windows(2).all(|w| w[0] == w[1]), "backends disagree");
    assert!(!first_pages[0].1.is_empty() && !first_pages[0].2.is_empty(), "variants and lanes are stored");
    assert!(
        first_pages[0].0.iter().any(|row| row.5.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c))),
        "Korean shop names round-trip"
    );
}

#[tokio::test]
async fn limit_and_offset_page_without_overlap() {
    for database in TestDatabase::all().await {
        let db = open(&database).await;
        seed_if_empty(&db, SeedPlan { sellers: 3, products: 25, seed: 1 }).await.expect("seeds");
        let first = newest(&db, 10, 0).await;
        let third = newest(&db, 10, 20).await;
        assert_eq!((first.len(), third.len()), (10, 5), "{}", database.label);
        assert!(first.iter().all(|a| third.iter().all(|b| a.id != b.id)));
    }
}

#[tokio::test]
async fn the_schema_refuses_negative_prices_and_stock() {
    for database in TestDatabase::all().await {
        let db = open(&database).await;
        seed_if_empty(&db, SeedPlan { sellers: 1, products: 1, seed: 3 }).await.expect("seeds");
        let product = newest(&db, 1, 0).await[0].clone();
        for (column, value) in [("price_minor", -1_i64), ("stock", -5)] {
            let sql = format!("UPDATE products SET {column} = $1 WHERE id = $2");
            let result = sqlx::query(&sql).bind(value).bind(&product.id).execute(db.pool()).await;
            assert!(result.is_err(), "{}: negative {column} accepted", database.label);
        }
    }
}

#[tokio::test]
async fn expired_sessions_are_deleted_and_live_ones_kept() {
    for database in TestDatabase::all().await {
        let db = open(&database).await;
        for (id, expires_at_ms) in [("old", 1_000_i64), ("live", 5_000)] {
            sqlx::query("INSERT INTO sessions (id, data, expires_at_ms) VALUES ($1, '{}', $2)")
                .bind(id)
                .bind(expires_at_ms)
                .execute(db.pool())
                .await
                .expect("insert");
        }
        let deleted = server::db::sessions::delete_expired(db.pool(), 2_000).await.expect("deletes");
        assert_eq!(deleted, 1, "{}", database.label);
        let (left,): (String,) =
            sqlx::query_as("SELECT id FROM sessions").fetch_one(db.pool()).await.expect("one left");
        assert_eq!(left, "live");
    }
}

#[tokio::test]
async fn listings_from_before_search_are_indexed_and_get_a_variant_on_upgrade() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let db = Database::connect(&database.url, 4).await.expect("connects");
        // The schema as it was before catalog cards and search: the first two migrations only.
        let mut before = sqlx::migrate!("./migrations");
        before.migrations =
            before.migrations.iter().filter(|m| m.version <= 2).cloned().collect::<Vec<_>>().into();
        before.run(db.pool()).await.expect("old migrations");
        let product = "0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69";
        for sql in [
            "INSERT INTO sellers (id, name, slug, region, currency, rating_x100, created_at_ms) \
             VALUES ('0192f0c1-0000-7000-8000-000000000001', 'Old Shop', 'old-shop', 'DE', 'EUR', 450, 1)",
            "INSERT INTO categories (id, parent_id, slug, name, position) \
             VALUES ('0192f0c1-0000-7000-8000-000000000002', NULL, 'lighting', 'Lighting', 0)",
            "INSERT INTO products (id, seller_id, category_id, title, description, attributes, currency, price_minor, \
             stock, created_at_ms) VALUES ('0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69', \
             '0192f0c1-0000-7000-8000-000000000001', '0192f0c1-0000-7000-8000-000000000002', 'Old Brass Lamp', \
             'From before search.', '{\"material\":\"brass\"}', 'EUR', 2999, 4, 1)",
        ] {
            sqlx::query(sql).execute(db.pool()).await.unwrap_or_else(|e| panic!("{label}: {e}"));
        }

        db.migrate().await.unwrap_or_else(|e| panic!("{label}: upgrade: {e}"));

        let index = TextIndex::new(db.backend());
        for words in [vec!["lamp"], vec!["old", "bra"], vec!["brass", "search"]] {
            let terms: Vec<String> = words.iter().map(|w| (*w).to_string()).collect();
            let filter =
                SearchFilter { text: Some(index.match_expression(&terms)), ..SearchFilter::default() };
            let rows = search_rows(db.pool(), index, &filter, SearchOrder::Candidates, None, 10, 0)
                .await
                .unwrap_or_else(|e| panic!("{label}: {words:?}: {e}"));
            assert_eq!(
                rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
                [product],
                "{label}: {words:?}"
            );
            assert_eq!(rows[0].seller_handling_days, 2, "{label}: the default handling time");
        }
        let variants = catalog::variants_of(db.pool(), product).await.expect("variants");
        assert_eq!(variants.len(), 1, "{label}: one variant");
        assert_eq!(
            (variants[0].price_minor, variants[0].stock),
            (2999, 4),
            "{label}: the listing's price and stock"
        );
        assert!(variants[0].id.parse::<shared::ids::VariantId>().is_ok(), "{label}: a well-formed id");
        let vocabulary = index.vocabulary(db.pool(), 100).await.expect("vocabulary");
        assert!(vocabulary.contains(&("brass".to_string(), 1)), "{label}: {vocabulary:?}");
    }
}
