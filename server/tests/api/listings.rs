//! A seller's own listings over real HTTP, on SQLite and PostgreSQL: drafts stay out of the storefront, publishing
//! needs a complete listing of a verified shop, taking off sale hides it again, bulk edits are all or nothing, and
//! nobody reaches another shop's listings.

use serde_json::{Value, json};

use crate::helpers::{SELLER, SHOPPER, TestApp, TestDatabase, TestOptions, error_parts};
use crate::images::{png, upload};

async fn send(client: &reqwest::Client, method: &str, url: String, body: Option<Value>) -> (u16, Value) {
    let request = match method {
        "POST" => client.post(url),
        "PUT" => client.put(url),
        _ => client.get(url),
    };
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn leaf_category(app: &TestApp) -> String {
    let (_, tree) = app.get_json("/api/v1/categories").await;
    let mut node = &tree[0];
    while node["children"].as_array().is_some_and(|children| !children.is_empty()) {
        node = &node["children"][0];
    }
    node["id"].as_str().expect("a category id").to_string()
}

/// Whether the storefront shows the listing: its page, and a search for its unusual title word.
async fn in_storefront(app: &TestApp, id: &str) -> (u16, bool) {
    let (page, _) = app.get_json(&format!("/api/v1/products/{id}")).await;
    let (status, results) = app.get_json("/api/v1/products?q=zanzibarite").await;
    assert_eq!(status, 200);
    let found = results["items"].as_array().expect("items").iter().any(|item| item["id"] == id);
    (page, found)
}

#[tokio::test]
async fn a_draft_goes_on_sale_only_when_complete_and_comes_off_sale_again() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 20, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let url = |path: &str| app.url(&format!("/api/v1/seller/listings{path}"));

        // A draft may be nearly empty, but its limits hold.
        let (status, body) = send(&seller, "POST", url(""), Some(json!({ "title": "x".repeat(121) }))).await;
        assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("title")), "{label}: {body}");
        let category = leaf_category(&app).await;
        let (status, draft) = send(
            &seller,
            "POST",
            url(""),
            Some(json!({ "category_id": category, "title": "Zanzibarite lamp" })),
        )
        .await;
        assert_eq!(status, 201, "{label}: {draft}");
        assert_eq!(draft["status"], "draft");
        let id = draft["id"].as_str().expect("id").to_string();
        assert_eq!(in_storefront(&app, &id).await, (404, false), "{label}: a draft is the seller's alone");

        // Publishing names everything still missing.
        let (status, body) =
            send(&seller, "POST", url(&format!("/{id}/status")), Some(json!({ "action": "publish" }))).await;
        assert_eq!(status, 400, "{label}: {body}");
        let message = body["error"]["message"].as_str().expect("message");
        for missing in ["description", "variants", "images"] {
            assert!(message.contains(missing), "{label}: {message}");
        }

        // Complete it: description, two variants, a picture.
        let complete = json!({
            "category_id": category,
            "title": "Zanzibarite lamp",
            "description": "A brass reading lamp with a linen shade, 45 cm tall.",
            "attributes": [{ "name": "material", "value": "Brass" }],
            "warranty_months": 12,
            "variants": [
                { "sku": "ZAN-S", "options": [{ "name": "colour", "value": "Sage" }], "price_minor": 4500, "stock": 3 },
                { "sku": "ZAN-N", "options": [{ "name": "colour", "value": "Navy" }], "price_minor": 3900, "stock": 2 }
            ]
        });
        let (status, saved) = send(&seller, "PUT", url(&format!("/{id}")), Some(complete.clone())).await;
        assert_eq!(status, 200, "{label}: {saved}");
        assert_eq!(saved["input"]["variants"].as_array().map(Vec::len), Some(2));
        let (status, _) = upload(&seller, &app, &id, "image/png", png(4, 3, [90, 120, 60, 255])).await;
        assert_eq!(status, 201, "{label}");
        let (status, published) =
            send(&seller, "POST", url(&format!("/{id}/status")), Some(json!({ "action": "publish" }))).await;
        assert_eq!((status, published["status"].as_str()), (200, Some("published")), "{label}: {published}");
        assert_eq!(in_storefront(&app, &id).await, (200, true), "{label}: on sale and found");
        let (_, page) = app.get_json(&format!("/api/v1/products/{id}")).await;
        assert_eq!(page["price"]["amount_minor"], 3900, "{label}: the headline is the lowest variant price");
        assert_eq!(page["stock"], 5, "{label}");
        // The editor's preview promised shoppers in DE what the product page now shows them.
        let (_, page_de) = app.get_json(&format!("/api/v1/products/{id}?region=DE")).await;
        let (status, preview) =
            send(&seller, "GET", app.url("/api/seller/listing/delivery-preview?region=DE"), None).await;
        assert_eq!(status, 200, "{label}: {preview}");
        assert!(preview.as_array().is_some_and(|options| !options.is_empty()), "{label}: {preview}");
        assert_eq!(preview, page_de["delivery"], "{label}");

        // Publishing twice is a conflict; an edit that would leave it incomplete is refused while on sale.
        let (status, _) =
            send(&seller, "POST", url(&format!("/{id}/status")), Some(json!({ "action": "publish" }))).await;
        assert_eq!(status, 409, "{label}");
        let mut emptied = complete.clone();
        emptied["description"] = json!("");
        let (status, body) = send(&seller, "PUT", url(&format!("/{id}")), Some(emptied)).await;
        assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("description")), "{label}");

        // A shopper holds a variant in the cart: it cannot be removed, only run down to no stock.
        let shopper = app.signed_in(SHOPPER.0, SHOPPER.1).await;
        let variant = published["input"]["variants"][0]["id"].as_str().expect("variant").to_string();
        let (status, body) = send(
            &shopper,
            "POST",
            app.url("/api/v1/cart/items"),
            Some(json!({ "variant_id": variant, "quantity": 1 })),
        )
        .await;
        assert!(status < 300, "{label}: {body}");
        let mut fewer = complete.clone();
        fewer["variants"] = json!([published["input"]["variants"][1].clone()]);
        let (status, body) = send(&seller, "PUT", url(&format!("/{id}")), Some(fewer)).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (409, Some("variant_in_use")),
            "{label}: {body}"
        );

        // Off sale: gone from the storefront, the cart line shows no stock, and it can come back.
        let (status, _) =
            send(&seller, "POST", url(&format!("/{id}/status")), Some(json!({ "action": "unpublish" })))
                .await;
        assert_eq!(status, 200, "{label}");
        assert_eq!(in_storefront(&app, &id).await, (404, false), "{label}: off sale");
        let (_, cart) = send(&shopper, "GET", app.url("/api/v1/cart?region=US"), None).await;
        let line = cart["sellers"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|shop| shop["lines"].as_array().into_iter().flatten())
            .find(|line| line["variant_id"] == variant.as_str())
            .cloned()
            .expect("the line stays in the cart");
        assert_eq!(line["available"], 0, "{label}: {line}");
        let (status, _) = send(
            &shopper,
            "POST",
            app.url("/api/v1/cart/items"),
            Some(json!({ "variant_id": variant, "quantity": 1 })),
        )
        .await;
        assert_eq!(status, 404, "{label}: nothing more of it can be added");
        let (status, _) =
            send(&seller, "POST", url(&format!("/{id}/status")), Some(json!({ "action": "publish" }))).await;
        assert_eq!(status, 200, "{label}");
        assert_eq!(in_storefront(&app, &id).await, (200, true), "{label}: back on sale");

        // The table lists it, sorted and paged on the server.
        let (status, table) =
            send(&seller, "GET", url("?status=published&sort=stock_up&per_page=5"), None).await;
        assert_eq!(status, 200, "{label}: {table}");
        assert_eq!(table["per_page"], 5);
        let stocks: Vec<i64> = table["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|row| row["stock"].as_i64().expect("a stock"))
            .collect();
        assert!(stocks.windows(2).all(|pair| pair[0] <= pair[1]), "{label}: {stocks:?}");
        let (status, body) = send(&seller, "GET", url("?sort=cheapest"), None).await;
        assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("sort")), "{label}");
    }
}

#[tokio::test]
async fn an_unverified_shop_drafts_but_cannot_publish() {
    let app = TestApp::spawn_with(TestOptions { demo_products: 20, ..Default::default() }).await;
    let seller = app.signed_in(SELLER.0, SELLER.1).await;
    let url = |path: &str| app.url(&format!("/api/v1/seller/listings{path}"));
    let (_, table) = send(&seller, "GET", url("?status=published&per_page=1"), None).await;
    let id = table["items"][0]["id"].as_str().expect("a demo listing").to_string();
    let (status, _) =
        send(&seller, "POST", url(&format!("/{id}/status")), Some(json!({ "action": "unpublish" }))).await;
    assert_eq!(status, 200);
    sqlx::query("UPDATE sellers SET verification_status = 'unverified'")
        .execute(app.db.pool())
        .await
        .expect("unverify");
    let (status, body) =
        send(&seller, "POST", url(&format!("/{id}/status")), Some(json!({ "action": "publish" }))).await;
    assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("shop")), "{body}");
    let (status, editor) = send(&seller, "GET", url(&format!("/{id}")), None).await;
    assert_eq!((status, editor["shop_verified"].as_bool()), (200, Some(false)));
}

#[tokio::test]
async fn bulk_edits_change_the_shops_own_variants_all_or_none() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 40, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let url = |path: &str| app.url(&format!("/api/v1/seller/listings{path}"));
        let (_, table) = send(&seller, "GET", url("?per_page=2"), None).await;
        let rows = table["items"].as_array().expect("items").clone();
        assert_eq!(rows.len(), 2, "{label}");
        let first = rows[0]["variants"][0]["id"].as_str().expect("variant").to_string();
        let second = rows[1]["variants"][0]["id"].as_str().expect("variant").to_string();

        // A variant of another shop spoils the whole edit, and names its row.
        let (other,): (String,) = sqlx::query_as(
            "SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id \
             JOIN users u ON u.email = $1 WHERE p.seller_id <> u.seller_id LIMIT 1",
        )
        .bind(SELLER.0)
        .fetch_one(app.db.pool())
        .await
        .expect("another shop's variant");
        let changes = json!({ "changes": [
            { "variant_id": first, "stock": 77 },
            { "variant_id": other, "price_minor": 100 }
        ]});
        let (status, body) = send(&seller, "POST", url("/variants"), Some(changes)).await;
        assert_eq!(
            (status, error_parts(&body).1.as_deref()),
            (400, Some("changes[1].variant_id")),
            "{label}"
        );
        let (_, again) = send(&seller, "GET", url("?per_page=2"), None).await;
        assert_ne!(again["items"][0]["variants"][0]["stock"], 77, "{label}: nothing was kept");

        let (status, body) = send(
            &seller,
            "POST",
            url("/variants"),
            Some(json!({ "changes": [{ "variant_id": first, "price_minor": 0 }] })),
        )
        .await;
        assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("changes[0].price")), "{label}");

        let changes = json!({ "changes": [
            { "variant_id": first, "stock": 77 },
            { "variant_id": second, "price_minor": 1234, "stock": 0 }
        ]});
        let (status, body) = send(&seller, "POST", url("/variants"), Some(changes)).await;
        assert_eq!((status, body["changed"].as_u64()), (200, Some(2)), "{label}: {body}");
        for (row, variant) in [(&rows[0], &first), (&rows[1], &second)] {
            let id = row["id"].as_str().expect("id");
            let (_, editor) = send(&seller, "GET", url(&format!("/{id}")), None).await;
            let stored = editor["input"]["variants"]
                .as_array()
                .expect("variants")
                .iter()
                .find(|v| v["id"] == variant.as_str())
                .cloned()
                .expect("the variant");
            if variant == &first {
                assert_eq!(stored["stock"], 77, "{label}");
            } else {
                assert_eq!((stored["price_minor"].as_i64(), stored["stock"].as_i64()), (Some(1234), Some(0)));
            }
        }
    }
}

#[tokio::test]
async fn nobody_reaches_another_shops_listings() {
    let app = TestApp::spawn_with(TestOptions { demo_products: 20, ..Default::default() }).await;
    let (other,): (String,) = sqlx::query_as(
        "SELECT p.id FROM products p JOIN users u ON u.email = $1 WHERE p.seller_id <> u.seller_id LIMIT 1",
    )
    .bind(SELLER.0)
    .fetch_one(app.db.pool())
    .await
    .expect("another shop's listing");
    let seller = app.signed_in(SELLER.0, SELLER.1).await;
    let shopper = app.signed_in(SHOPPER.0, SHOPPER.1).await;
    let path = app.url(&format!("/api/v1/seller/listings/{other}"));
    assert_eq!(send(&seller, "GET", path.clone(), None).await.0, 404);
    assert_eq!(send(&seller, "PUT", path.clone(), Some(json!({ "title": "Mine now" }))).await.0, 404);
    let status_path = format!("{path}/status");
    assert_eq!(send(&seller, "POST", status_path, Some(json!({ "action": "unpublish" }))).await.0, 404);
    assert_eq!(send(&shopper, "GET", app.url("/api/v1/seller/listings"), None).await.0, 403);
    let (page, _) = app.get_json(&format!("/api/v1/products/{other}")).await;
    assert_eq!(page, 200, "still on sale");
}

#[tokio::test]
async fn a_retried_create_with_the_same_key_makes_one_draft() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { demo_products: 20, database, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let category = leaf_category(&app).await;
        let draft = json!({ "category_id": category, "title": "Zanzibarite retried lamp" });
        let create = |key: &'static str| {
            seller.post(app.url("/api/v1/seller/listings")).header("Idempotency-Key", key).json(&draft).send()
        };
        let drafts = || async {
            let (count,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM products WHERE title = 'Zanzibarite retried lamp'")
                    .fetch_one(app.db.pool())
                    .await
                    .expect("count");
            count
        };

        // The same key sent twice at once, then again later: one draft, every answer naming it.
        let (first, second) = tokio::join!(create("lamp-7f3c"), create("lamp-7f3c"));
        let mut ids = Vec::new();
        for response in [first.expect("answered"), second.expect("answered")] {
            assert_eq!(response.status().as_u16(), 201, "{label}");
            ids.push(response.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string());
        }
        let again = create("lamp-7f3c").await.expect("answered");
        assert_eq!(again.status().as_u16(), 201, "{label}");
        ids.push(again.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string());
        assert!(ids.iter().all(|id| *id == ids[0]), "{label}: {ids:?}");
        assert_eq!(drafts().await, 1, "{label}");
        // A retry that carries what the seller typed since saves it into that draft.
        let edited = seller
            .post(app.url("/api/v1/seller/listings"))
            .header("Idempotency-Key", "lamp-7f3c")
            .json(&json!({ "category_id": category, "title": "Zanzibarite retried lamp", "description": "Brass." }))
            .send()
            .await
            .expect("answered");
        assert_eq!(edited.status().as_u16(), 201, "{label}");
        let edited: Value = edited.json().await.expect("json");
        assert_eq!(
            (edited["id"].as_str(), edited["input"]["description"].as_str()),
            (Some(ids[0].as_str()), Some("Brass.")),
            "{label}"
        );
        assert_eq!(drafts().await, 1, "{label}");

        // Another key is another listing; the SPA's server function takes the key too.
        let other = create("lamp-9a01").await.expect("answered");
        assert_eq!(other.status().as_u16(), 201, "{label}");
        assert_eq!(drafts().await, 2, "{label}");
        let (status, spa) = send(
            &seller,
            "POST",
            app.url("/api/seller/listing/create"),
            Some(json!({ "input": draft, "creation_key": "lamp-9a01" })),
        )
        .await;
        assert_eq!(status, 200, "{label}: {spa}");
        assert_eq!(drafts().await, 2, "{label}: the server function replayed the REST create");

        // A key that is not a key is refused before anything is made.
        let bad = create("lamp key").await.expect("answered");
        assert_eq!(bad.status().as_u16(), 400, "{label}");
        assert_eq!(drafts().await, 2, "{label}");
    }
}
