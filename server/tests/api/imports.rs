//! Bulk listing imports over real HTTP, on SQLite and PostgreSQL: the listings of a CSV file without problems
//! arrive as drafts in the background, the rows with problems download with the reason, nobody else reads an
//! import, and an import interrupted by a stop resumes without creating a listing twice.

use std::time::Duration;

use serde_json::Value;
use server::services::listings::ListingService;

use crate::helpers::{SELLER, SHOPPER, TestApp, TestDatabase, TestOptions, error_parts};

async fn post_csv(client: &reqwest::Client, app: &TestApp, name: &str, text: String) -> (u16, Value) {
    let response = client
        .post(app.url(&format!("/api/v1/seller/imports?name={name}")))
        .header("content-type", "text/csv")
        .body(text)
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Asks for the import's progress until it is done (or 60 s pass).
async fn until_done(client: &reqwest::Client, app: &TestApp, id: &str) -> Value {
    for _ in 0..600 {
        let status: Value = client
            .get(app.url(&format!("/api/v1/seller/imports/{id}")))
            .send()
            .await
            .expect("answered")
            .json()
            .await
            .expect("JSON");
        if status["state"] == "done" {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("import {id} did not finish");
}

async fn category_slug(app: &TestApp) -> String {
    let (_, tree) = app.get_json("/api/v1/categories").await;
    tree[0]["children"][0]["slug"].as_str().expect("a category slug").to_string()
}

const HEADER: &str = "listing,title,description,category,sku,price,stock,colour,size,material,capacity,pattern,warranty_months";

#[tokio::test]
async fn listings_without_problems_arrive_as_drafts_and_the_rest_download_with_their_reasons() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 20, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let slug = category_slug(&app).await;
        let text = [
            HEADER.to_string(),
            format!(r#"quartz-lamp,Quartzine lamp,"A brass lamp, 45 cm tall, with a linen shade.",{slug},QL-S,45.00,3,Sage,,Brass,,,24"#),
            "quartz-lamp,,,,QL-N,39.50,2,Navy,,,,,".to_string(),
            format!("quartz-mug,Quartzine mug,A stoneware mug glazed by hand.,{slug},QM-1,12,10,,,Stoneware,350 ml,,"),
            format!("quartz-vase,Quartzine vase,A tall vase.,{slug},QV-1,twenty,1,White,,,,,"),
            "quartz-vase,,,,QV-2,22,1,Black,,,,,".to_string(),
        ]
        .join("\n");
        let (status, started) = post_csv(&seller, &app, "spring.csv", text).await;
        assert_eq!(status, 202, "{label}: {started}");
        assert_eq!(
            (started["listings_total"].as_u64(), started["rows"].as_u64()),
            (Some(2), Some(5)),
            "{label}"
        );
        assert_eq!(started["problem_rows"], 2, "{label}: the vase's two rows");
        let id = started["id"].as_str().expect("id").to_string();
        let done = until_done(&seller, &app, &id).await;
        assert_eq!(done["listings_done"], 2, "{label}");

        // The drafts are the seller's, with their variants; shoppers see nothing yet.
        let (_, drafts) = app.get_json("/api/v1/products?q=quartzine").await;
        assert_eq!(drafts["items"].as_array().map(Vec::len), Some(0), "{label}: drafts are not on sale");
        let table: Value = seller
            .get(app.url("/api/v1/seller/listings?status=draft&per_page=50"))
            .send()
            .await
            .expect("answered")
            .json()
            .await
            .expect("JSON");
        let mut titles: Vec<(String, usize)> = table["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|row| {
                (
                    row["title"].as_str().unwrap_or_default().to_string(),
                    row["variants"].as_array().map_or(0, Vec::len),
                )
            })
            .collect();
        titles.sort();
        assert_eq!(titles, [("Quartzine lamp".to_string(), 2), ("Quartzine mug".to_string(), 1)], "{label}");

        // The rows to fix: the file's columns and the reason.
        let response = seller
            .get(app.url(&format!("/api/v1/seller/imports/{id}/problems.csv")))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 200, "{label}");
        assert!(response.headers()["content-type"].to_str().unwrap_or_default().starts_with("text/csv"));
        let body = response.text().await.expect("text");
        let lines: Vec<&str> = body.lines().collect();
        assert_eq!(lines.len(), 3, "{label}: {body}");
        assert_eq!(lines[0], format!("{HEADER},problem"));
        assert!(
            lines[1].contains("twenty") && lines[1].contains("price: is not a price"),
            "{label}: {}",
            lines[1]
        );
        assert!(lines[2].contains("another row of this listing has a problem"), "{label}: {}", lines[2]);

        // Nobody else reads it; a file without the needed columns is refused whole.
        let other = app.signed_in(SHOPPER.0, SHOPPER.1).await;
        let status = other
            .get(app.url(&format!("/api/v1/seller/imports/{id}")))
            .send()
            .await
            .expect("answered")
            .status();
        assert_eq!(status, 403, "{label}");
        let (status, body) = post_csv(&seller, &app, "bad.csv", "title,price\nLamp,1".into()).await;
        assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("file")), "{label}: {body}");
        let listed: Value = seller
            .get(app.url("/api/v1/seller/imports"))
            .send()
            .await
            .expect("answered")
            .json()
            .await
            .expect("JSON");
        assert_eq!(listed.as_array().map(Vec::len), Some(1), "{label}: the refused file left no import");
    }
}

#[tokio::test]
async fn a_thousand_listings_import_in_chunks_while_the_storefront_keeps_answering() {
    let app = TestApp::spawn_with(TestOptions { demo_products: 20, ..Default::default() }).await;
    let seller = app.signed_in(SELLER.0, SELLER.1).await;
    let slug = category_slug(&app).await;
    let mut rows = vec![HEADER.to_string()];
    for n in 0..1_000 {
        rows.push(format!(
            "bulk-{n},Bulk item {n},A plain item made for the import test.,{slug},B{n}-A,{n}.50,5,Red,,,,,"
        ));
        rows.push(format!("bulk-{n},,,,B{n}-B,{n}.75,0,Blue,,,,,"));
    }
    let (status, started) = post_csv(&seller, &app, "big.csv", rows.join("\n")).await;
    assert_eq!((status, started["listings_total"].as_u64()), (202, Some(1_000)), "{started}");
    let id = started["id"].as_str().expect("id").to_string();
    // The storefront answers while the import runs.
    let (status, _) = app.get_json("/api/v1/products?q=lamp").await;
    assert_eq!(status, 200);
    let done = until_done(&seller, &app, &id).await;
    assert_eq!(done["listings_done"], 1_000);
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products WHERE title LIKE 'Bulk item %'")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(count, 1_000);
    let (variants,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM product_variants v JOIN products p ON p.id = v.product_id WHERE p.title LIKE 'Bulk item %'",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("count");
    assert_eq!(variants, 2_000);
}

#[tokio::test]
async fn an_interrupted_import_resumes_after_its_last_chunk_without_duplicates() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 20, ..Default::default() }).await;
        let slug = category_slug(&app).await;
        let pool = app.db.pool();
        let (seller_id,): (String,) = sqlx::query_as("SELECT seller_id FROM users WHERE email = $1")
            .bind(SELLER.0)
            .fetch_one(pool)
            .await
            .expect("seller");
        // As a stop leaves it: 120 listings, the first chunk (50) committed with its progress.
        let mut rows = vec![HEADER.to_string()];
        for n in 0..120 {
            rows.push(format!(
                "resume-{n},Resumed item {n},An item of an interrupted import.,{slug},R{n},3,1,,,,,,"
            ));
        }
        let text = rows.join("\n");
        let id = "0193c000-0000-7000-8000-000000000001";
        sqlx::query(
            "INSERT INTO listing_imports (id, seller_id, file_name, state, csv_text, listings_total, listings_done, \
                 rows_total, problem_rows, created_at_ms) VALUES ($1, $2, 'stopped.csv', 'running', $3, 120, 50, 120, 0, 1)",
        )
        .bind(id)
        .bind(&seller_id)
        .bind(&text)
        .execute(pool)
        .await
        .expect("import");
        let service = ListingService::new(app.db.clone());
        assert_eq!(service.resume_imports().await.expect("resume"), 1, "{label}");
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let done = until_done(&seller, &app, id).await;
        assert_eq!(done["listings_done"], 120, "{label}");
        let (count,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM products WHERE title LIKE 'Resumed item %'")
                .fetch_one(pool)
                .await
                .expect("count");
        assert_eq!(count, 70, "{label}: only the 70 after the committed chunk");
        let (first,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM products WHERE title = 'Resumed item 50'")
                .fetch_one(pool)
                .await
                .expect("count");
        assert_eq!(first, 1, "{label}");
    }
}

#[tokio::test]
async fn hundreds_of_bad_rows_are_all_kept_and_the_same_file_again_is_the_same_import() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 20, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let slug = category_slug(&app).await;
        let mut rows = vec![HEADER.to_string()];
        rows.push(format!("good,Good lamp,A lamp that imports fine.,{slug},GOOD-1,10,1,,,,,,"));
        for n in 0..300 {
            rows.push(format!("bad-{n},Bad lamp {n},A lamp with a bad price.,{slug},BAD-{n},free,1,,,,,,"));
        }
        let text = rows.join("\n");
        let (status, first) = post_csv(&seller, &app, "mixed.csv", text.clone()).await;
        assert_eq!((status, first["problem_rows"].as_u64()), (202, Some(300)), "{label}: {first}");
        let id = first["id"].as_str().expect("id").to_string();
        until_done(&seller, &app, &id).await;
        let body = seller
            .get(app.url(&format!("/api/v1/seller/imports/{id}/problems.csv")))
            .send()
            .await
            .expect("answered")
            .text()
            .await
            .expect("text");
        assert_eq!(body.lines().count(), 301, "{label}: the header and every bad row");

        // A retry of the same upload (an answer lost, a second click) gets the first import back.
        let (status, again) = post_csv(&seller, &app, "mixed.csv", text).await;
        assert_eq!((status, again["id"].as_str()), (202, Some(id.as_str())), "{label}");
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products WHERE title = 'Good lamp'")
            .fetch_one(app.db.pool())
            .await
            .expect("count");
        assert_eq!(count, 1, "{label}: imported once");
    }
}
