//! Product images over real HTTP, on SQLite and PostgreSQL: upload by the product's seller, serving from the
//! content-addressed store with immutable caching, who may change what, what is refused and why, and the read
//! helpers the catalog uses.

use std::io::Write;

use server::db::Database;
use server::db::images::{images_of, main_images};
use server::demo::{SeedPlan, seed_if_empty_with_media};
use server::media::MediaStore;

use crate::helpers::{OPERATOR, SELLER, SHOPPER, TestApp, TestDatabase, TestOptions, error_parts};

/// A real PNG of `width`×`height` pixels in one colour (8-bit RGBA, zlib-compressed, with CRCs).
pub fn png(width: u32, height: u32, rgba: [u8; 4]) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    // Each row: filter type 0 (none), then the pixels.
    let row: Vec<u8> =
        std::iter::once(0).chain(rgba.iter().copied().cycle().take(width as usize * 4)).collect();
    let pixels = row.repeat(height as usize);
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&pixels).expect("compress");
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &encoder.finish().expect("compressed"));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A baseline JPEG header of `width`×`height`: SOI, JFIF APP0, SOF0, EOI (enough to read the size).
fn jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut out =
        vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
    out.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&[0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9]);
    out
}

/// The ids of the demo seller's products (the seller account owns the first demo shop).
async fn products_of_demo_seller(app: &TestApp, seller: &reqwest::Client) -> Vec<String> {
    let me: serde_json::Value =
        seller.get(app.url("/api/v1/me")).send().await.expect("me").json().await.expect("JSON");
    let shop = me["shop"]["id"].as_str().expect("the demo seller has a shop").to_string();
    let (status, page) = app.get_json("/api/v1/products?per_page=100").await;
    assert_eq!(status, 200);
    let ids: Vec<String> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|p| p["seller"]["id"] == shop.as_str())
        .map(|p| p["id"].as_str().expect("id").to_string())
        .collect();
    assert!(ids.len() >= 2, "the demo seller has products: {ids:?}");
    ids
}

async fn images(app: &TestApp, product: &str) -> Vec<serde_json::Value> {
    let (status, body) = app.get_json(&format!("/api/v1/products/{product}/images")).await;
    assert_eq!(status, 200, "{body}");
    body.as_array().expect("a list").clone()
}

pub async fn upload(
    client: &reqwest::Client,
    app: &TestApp,
    product: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> (u16, serde_json::Value) {
    let response = client
        .post(app.url(&format!("/api/v1/products/{product}/images")))
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON body"))
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names = Vec::new();
    for shard in std::fs::read_dir(dir).expect("media dir").flatten() {
        for file in std::fs::read_dir(shard.path()).expect("shard").flatten() {
            names.push(file.file_name().to_string_lossy().into_owned());
        }
    }
    names
}

#[tokio::test]
async fn the_owner_uploads_and_the_file_is_served_byte_for_byte_with_immutable_caching() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 20, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let products = products_of_demo_seller(&app, &seller).await;
        let before = images(&app, &products[0]).await.len();

        let bytes = png(3, 2, [200, 120, 60, 255]);
        let response = seller
            .post(app.url(&format!("/api/v1/products/{}/images?alt=Brass%20lamp,%20side", products[0])))
            .header("content-type", "image/png")
            .body(bytes.clone())
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 201, "{label}");
        let image: serde_json::Value = response.json().await.expect("JSON");
        assert_eq!(
            (image["width"].as_u64(), image["height"].as_u64()),
            (Some(3), Some(2)),
            "{label}: {image}"
        );
        assert_eq!(image["content_type"], "image/png");
        assert_eq!(image["alt"], "Brass lamp, side");
        assert_eq!(image["position"].as_u64(), Some(before as u64), "{label}: appended last");
        let url = image["url"].as_str().expect("url");
        assert!(
            url.starts_with("/media/") && url.ends_with(".png") && url.len() == "/media/".len() + 64 + 4,
            "{url}"
        );

        let served = app.get(url).await;
        assert_eq!(served.status(), 200, "{label}");
        let headers = served.headers().clone();
        assert_eq!(headers["content-type"], "image/png");
        assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let etag = headers["etag"].to_str().expect("etag").to_string();
        assert_eq!(etag, format!("\"{}\"", &url["/media/".len().."/media/".len() + 64]));
        assert_eq!(served.bytes().await.expect("body").as_ref(), bytes.as_slice(), "{label}: same bytes");
        let revalidated =
            app.client.get(app.url(url)).header("if-none-match", &etag).send().await.expect("answered");
        assert_eq!(revalidated.status(), 304);

        let listed = images(&app, &products[0]).await;
        assert_eq!(listed.len(), before + 1);
        assert_eq!(listed.last(), Some(&image));

        // The same file on another product: a second row, one file on disk.
        let (status, again) = upload(&seller, &app, &products[1], "image/png", bytes.clone()).await;
        assert_eq!(status, 201, "{label}: {again}");
        assert_eq!(again["url"], image["url"]);
        assert_ne!(again["id"], image["id"]);
        let name = url.trim_start_matches("/media/");
        assert_eq!(files_in(&app.media_dir).iter().filter(|f| f.as_str() == name).count(), 1, "{label}");

        // JPEG works too, with the size read from its header.
        let (status, photo) = upload(&seller, &app, &products[1], "image/jpeg", jpeg(640, 480)).await;
        assert_eq!(status, 201, "{label}: {photo}");
        assert_eq!((photo["width"].as_u64(), photo["height"].as_u64()), (Some(640), Some(480)));
        assert!(photo["url"].as_str().is_some_and(|u| u.ends_with(".jpg")));
    }
}

#[tokio::test]
async fn only_the_products_seller_or_an_operator_may_add_images() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 10, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let product = products_of_demo_seller(&app, &seller).await.remove(0);
        let file = || png(1, 1, [0, 0, 0, 255]);

        // Another seller does not even learn that the product exists.
        let other = app.signed_up_seller("rival@example.com", "Rival Goods").await;
        let (status, body) = upload(&other, &app, &product, "image/png", file()).await;
        assert_eq!((status, error_parts(&body).0.as_str()), (404, "not_found"), "{label}");
        let existing = images(&app, &product).await;
        let first = existing[0]["id"].as_str().expect("id");
        let response = other
            .delete(app.url(&format!("/api/v1/products/{product}/images/{first}")))
            .send()
            .await
            .expect("a");
        assert_eq!(response.status(), 404, "{label}: another seller cannot delete");
        let ids: Vec<_> = existing.iter().rev().map(|i| i["id"].clone()).collect();
        let response = other
            .put(app.url(&format!("/api/v1/products/{product}/images/order")))
            .json(&serde_json::json!({ "image_ids": ids }))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 404, "{label}: another seller cannot reorder");
        assert_eq!(images(&app, &product).await, existing, "{label}: unchanged");

        let shopper = app.signed_in(SHOPPER.0, SHOPPER.1).await;
        assert_eq!(upload(&shopper, &app, &product, "image/png", file()).await.0, 403, "{label}");
        assert_eq!(
            upload(&reqwest::Client::new(), &app, &product, "image/png", file()).await.0,
            401,
            "{label}"
        );

        // Tokens need catalog:write.
        let read_only = app.token_for(SELLER.0, SELLER.1, &["orders:read"]).await;
        let writer = app.token_for(SELLER.0, SELLER.1, &["catalog:write"]).await;
        let with_token = |secret: &str| {
            reqwest::Client::new()
                .post(app.url(&format!("/api/v1/products/{product}/images")))
                .bearer_auth(secret.to_string())
                .header("content-type", "image/png")
                .body(file())
        };
        assert_eq!(with_token(&read_only).send().await.expect("answered").status(), 403, "{label}");
        assert_eq!(with_token(&writer).send().await.expect("answered").status(), 201, "{label}");

        let operator = app.signed_in(OPERATOR.0, OPERATOR.1).await;
        assert_eq!(upload(&operator, &app, &product, "image/png", file()).await.0, 201, "{label}");

        // Both additions are in the audit log, with who did it.
        let log: serde_json::Value = operator
            .get(app.url("/api/v1/admin/audit-log?per_page=100"))
            .send()
            .await
            .expect("answered")
            .json()
            .await
            .expect("JSON");
        let added: Vec<_> = log["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|e| e["action"] == "product_image_added")
            .collect();
        assert_eq!(added.len(), 2, "{label}: {log}");
        assert!(
            added.iter().any(|e| e["actor"] == OPERATOR.0) && added.iter().any(|e| e["actor"] == SELLER.0)
        );
        assert!(added.iter().all(|e| e["subject"].as_str().is_some_and(|s| s.starts_with(&product))));
    }
}

#[tokio::test]
async fn refused_uploads_say_why_and_store_nothing() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 10, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let product = products_of_demo_seller(&app, &seller).await.remove(0);
        let files_before = files_in(&app.media_dir).len();
        let images_before = images(&app, &product).await.len();

        let cases: Vec<(&str, Vec<u8>, u16, &str, &str)> = vec![
            ("image/png", jpeg(10, 10), 415, "unsupported_media_type", "declared as image/png"),
            (
                "image/png",
                b"<!doctype html><script>alert(1)</script>".to_vec(),
                415,
                "unsupported_media_type",
                "not a PNG",
            ),
            (
                "image/svg+xml",
                br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.to_vec(),
                415,
                "unsupported_media_type",
                "image/svg+xml",
            ),
            (
                "image/png",
                br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec(),
                415,
                "unsupported_media_type",
                "SVG",
            ),
            ("text/html", png(1, 1, [1, 2, 3, 4]), 415, "unsupported_media_type", "text/html"),
            ("image/png", Vec::new(), 400, "invalid_image", "empty"),
            ("image/png", png(1, 1, [0; 4])[..20].to_vec(), 400, "invalid_image", "damaged"),
            ("image/png", vec![0u8; 5 * 1024 * 1024 + 1], 413, "payload_too_large", "5 MB"),
        ];
        for (content_type, bytes, expected_status, expected_code, reason) in cases {
            let (status, body) = upload(&seller, &app, &product, content_type, bytes).await;
            let (code, _) = error_parts(&body);
            assert_eq!(
                (status, code.as_str()),
                (expected_status, expected_code),
                "{label} {content_type}: {body}"
            );
            let message = body["error"]["message"].as_str().expect("message");
            assert!(message.contains(reason), "{label}: {message:?} should mention {reason:?}");
        }

        let too_long = "x".repeat(201);
        let response = seller
            .post(app.url(&format!("/api/v1/products/{product}/images?alt={too_long}")))
            .header("content-type", "image/png")
            .body(png(1, 1, [9, 9, 9, 255]))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 400);
        let body: serde_json::Value = response.json().await.expect("JSON");
        assert_eq!(error_parts(&body).1.as_deref(), Some("alt"));

        assert_eq!(files_in(&app.media_dir).len(), files_before, "{label}: nothing stored");
        assert_eq!(images(&app, &product).await.len(), images_before, "{label}");
    }
}

#[tokio::test]
async fn the_thirteenth_image_is_refused_with_a_clear_message() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 10, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let product = products_of_demo_seller(&app, &seller).await.remove(0);
        let mut count = images(&app, &product).await.len();
        while count < 12 {
            let (status, body) =
                upload(&seller, &app, &product, "image/png", png(2, 2, [count as u8, 0, 0, 255])).await;
            assert_eq!(status, 201, "{label}: image {}: {body}", count + 1);
            count += 1;
        }
        let (status, body) = upload(&seller, &app, &product, "image/png", png(2, 2, [99, 0, 0, 255])).await;
        assert_eq!((status, error_parts(&body).0.as_str()), (409, "too_many_images"), "{label}: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("at most 12 images")), "{body}");
        assert_eq!(images(&app, &product).await.len(), 12);
    }
}

#[tokio::test]
async fn images_are_deleted_and_reordered_by_their_owner_only() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 10, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let product = products_of_demo_seller(&app, &seller).await.remove(0);
        let (status, added) = upload(&seller, &app, &product, "image/png", png(4, 4, [1, 1, 1, 255])).await;
        assert_eq!(status, 201);
        let image_path = format!("/api/v1/products/{product}/images/{}", added["id"].as_str().expect("id"));

        let shopper = app.signed_in(SHOPPER.0, SHOPPER.1).await;
        let status = |response: reqwest::Response| response.status().as_u16();
        assert_eq!(status(reqwest::Client::new().delete(app.url(&image_path)).send().await.expect("a")), 401);
        assert_eq!(status(shopper.delete(app.url(&image_path)).send().await.expect("a")), 403, "{label}");
        assert_eq!(status(seller.delete(app.url(&image_path)).send().await.expect("a")), 204, "{label}");
        assert!(!images(&app, &product).await.iter().any(|i| i["id"] == added["id"]), "{label}: gone");
        assert_eq!(
            status(seller.delete(app.url(&image_path)).send().await.expect("a")),
            404,
            "{label}: twice"
        );
        // The file stays (other products may show the same content) and is still served.
        assert_eq!(app.get(added["url"].as_str().expect("url")).await.status(), 200);

        // Reverse the order: the last image becomes the main one.
        let current = images(&app, &product).await;
        let mut ids: Vec<_> = current.iter().map(|i| i["id"].clone()).collect();
        ids.reverse();
        let order = |ids: &[serde_json::Value]| serde_json::json!({ "image_ids": ids });
        let reorder_path = format!("/api/v1/products/{product}/images/order");
        let response = seller.put(app.url(&reorder_path)).json(&order(&ids)).send().await.expect("answered");
        assert_eq!(response.status(), 200, "{label}");
        let reordered: Vec<serde_json::Value> = response.json().await.expect("JSON");
        assert_eq!(reordered.iter().map(|i| i["id"].clone()).collect::<Vec<_>>(), ids, "{label}");
        assert!(reordered.iter().enumerate().all(|(n, i)| i["position"].as_u64() == Some(n as u64)));
        assert_eq!(images(&app, &product).await, reordered, "{label}: stored");

        // Leaving one out (or naming one twice) is refused.
        let (status_code, body) = {
            let response =
                seller.put(app.url(&reorder_path)).json(&order(&ids[1..])).send().await.expect("answered");
            (response.status().as_u16(), response.json::<serde_json::Value>().await.expect("JSON"))
        };
        assert_eq!(
            (status_code, error_parts(&body).1.as_deref()),
            (400, Some("image_ids")),
            "{label}: {body}"
        );
        let response = shopper.put(app.url(&reorder_path)).json(&order(&ids)).send().await.expect("answered");
        assert_eq!(response.status(), 403);
    }
}

#[tokio::test]
async fn demo_products_show_two_to_four_generated_placeholders() {
    let app = TestApp::spawn_with(TestOptions { demo_products: 12, ..Default::default() }).await;
    let (_, page) = app.get_json("/api/v1/products?per_page=12").await;
    for product in page["items"].as_array().expect("items") {
        let list = images(&app, product["id"].as_str().expect("id")).await;
        assert!((2..=4).contains(&list.len()), "{product}: {} images", list.len());
        let main = app.get(list[0]["url"].as_str().expect("url")).await;
        assert_eq!(main.status(), 200);
        assert_eq!(main.headers()["content-type"], "image/svg+xml");
        let svg = main.text().await.expect("text");
        assert!(svg.starts_with("<svg") && svg.contains("linearGradient") && !svg.contains("<script"));
    }
}

#[tokio::test]
async fn unknown_and_malformed_media_keys_are_json_404s() {
    let app = TestApp::spawn_with(TestOptions { demo_products: 0, ..Default::default() }).await;
    let digest = "0".repeat(64);
    for path in [
        format!("/media/{digest}.png"),
        format!("/media/{digest}.exe"),
        format!("/media/{}.png", "A".repeat(64)),
        "/media/abc.png".to_string(),
        "/media/..%2F..%2Fetc%2Fpasswd".to_string(),
        format!("/media/00/{digest}.png"),
    ] {
        let (status, body) = app.get_json(&path).await;
        assert_eq!((status, error_parts(&body).0.as_str()), (404, "not_found"), "{path}");
    }
}

#[tokio::test]
async fn the_catalog_read_helpers_find_main_images_in_one_query() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let db = Database::connect(&database.url, 4).await.expect("connects");
        db.migrate().await.expect("migrates");
        let media_dir = tempfile::tempdir().expect("temp dir");
        let media = MediaStore::new(media_dir.path());
        let plan = SeedPlan { sellers: 3, products: 30, seed: 5 };
        assert!(seed_if_empty_with_media(&db, plan, Some(&media)).await.expect("seeds"), "{label}");
        let ids: Vec<(String,)> =
            sqlx::query_as("SELECT id FROM products ORDER BY id").fetch_all(db.pool()).await.expect("ids");
        let mut ids: Vec<String> = ids.into_iter().map(|(id,)| id).collect();
        ids.push("0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69".into());
        let main = main_images(db.pool(), &ids).await.expect("main images");
        assert_eq!(main.len(), 30, "{label}: every product has one, the unknown id none");
        for id in &ids[..30] {
            let all = images_of(db.pool(), id).await.expect("images");
            assert!((2..=4).contains(&all.len()), "{label}");
            assert_eq!(main.get(id), all.first(), "{label}: the main image is the lowest position");
            assert!(all.windows(2).all(|w| w[0].position < w[1].position));
            assert!(all[0].url().starts_with("/media/") && all[0].url().ends_with(".svg"));
        }
        assert!(main_images(db.pool(), &[]).await.expect("empty").is_empty());
        db.close().await;
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_image_endpoints() {
    let app = TestApp::spawn_with(TestOptions { demo_products: 0, ..Default::default() }).await;
    let (status, document) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let paths = &document["paths"];
    let upload = &paths["/api/v1/products/{id}/images"]["post"];
    for content_type in ["image/png", "image/jpeg", "image/webp"] {
        assert!(upload["requestBody"]["content"][content_type].is_object(), "{content_type}: {upload}");
    }
    for status in ["201", "401", "403", "404", "409", "413", "415"] {
        assert!(upload["responses"][status].is_object(), "upload documents {status}");
    }
    assert!(paths["/api/v1/products/{id}/images"]["get"].is_object());
    assert!(paths["/api/v1/products/{id}/images/{image_id}"]["delete"].is_object());
    assert!(paths["/api/v1/products/{id}/images/order"]["put"].is_object());
    assert!(document["components"]["schemas"]["ProductImage"].is_object());
}

#[tokio::test]
async fn search_cards_follow_a_new_main_image_at_once() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 10, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let product = products_of_demo_seller(&app, &seller).await.remove(0);
        let card_image = |page: &serde_json::Value| {
            page["items"]
                .as_array()
                .expect("items")
                .iter()
                .find(|p| p["id"] == product.as_str())
                .map(|p| p["image"]["id"].clone())
        };
        // The same search twice: the second answer may come from the result cache, and must be the same.
        let (_, first) = app.get_json("/api/v1/products?per_page=100").await;
        let (_, again) = app.get_json("/api/v1/products?per_page=100").await;
        assert_eq!(first, again, "{label}");
        let current = images(&app, &product).await;
        assert!(current.len() >= 2, "{label}: demo products have placeholders");
        assert_eq!(card_image(&first), Some(current[0]["id"].clone()), "{label}");

        let mut ids: Vec<_> = current.iter().map(|i| i["id"].clone()).collect();
        ids.reverse();
        let response = seller
            .put(app.url(&format!("/api/v1/products/{product}/images/order")))
            .json(&serde_json::json!({ "image_ids": ids }))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 200, "{label}");
        let (_, after) = app.get_json("/api/v1/products?per_page=100").await;
        assert_eq!(card_image(&after), Some(ids[0].clone()), "{label}: no cached page outlives the write");
    }
}
