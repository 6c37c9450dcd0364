use shared::dto::SearchResults;

use crate::helpers::{TestApp, TestDatabase, TestOptions};

#[tokio::test]
async fn the_product_list_pages_through_the_whole_seeded_catalog_once() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 45, ..Default::default() }).await;
        let mut seen = Vec::new();
        for page in 1..=3 {
            let response = app.get(&format!("/api/v1/products?page={page}&per_page=20")).await;
            assert_eq!(response.status(), 200, "{label}");
            let body: SearchResults = response.json().await.expect("a page of results");
            assert_eq!(body.total, 45, "{label}");
            assert!(!body.total_is_lower_bound, "{label}");
            assert_eq!(body.facets.categories.iter().map(|c| c.count).sum::<u64>(), 45, "{label}");
            assert_eq!(body.page_count(), 3, "{label}");
            seen.extend(body.items);
        }
        assert_eq!(seen.len(), 45, "{label}: pages cover every product once");
        let ids: std::collections::HashSet<_> = seen.iter().map(|p| p.id).collect();
        assert_eq!(ids.len(), 45, "{label}: no product on two pages");
        // The default order is best match: without words, listings likelier to sell well come first, so an
        // in-stock listing leads and sold-out ones trail.
        assert!(seen[0].in_stock, "{label}");
        let first_sold_out = seen.iter().position(|p| !p.in_stock).unwrap_or(seen.len());
        assert!(seen[first_sold_out..].iter().all(|p| !p.in_stock), "{label}: sold-out listings come last");
    }
}

#[tokio::test]
async fn prices_keep_their_own_currency_and_exponent() {
    let app = TestApp::spawn_with(TestOptions { demo_products: 50, ..Default::default() }).await;
    let (status, body) = app.get_json("/api/v1/products?per_page=50").await;
    assert_eq!(status, 200);
    let items = body["items"].as_array().expect("items");
    let currencies: std::collections::HashSet<_> =
        items.iter().map(|p| p["price"]["currency"].as_str().expect("code")).collect();
    for code in ["USD", "EUR", "BRL", "RUB", "KRW"] {
        assert!(currencies.contains(code), "{code} missing from {currencies:?}");
    }
    for product in items {
        let amount = &product["price"]["amount_minor"];
        assert!(amount.is_i64() && amount.as_i64() > Some(0), "integer minor units: {product}");
    }
}

#[tokio::test]
async fn the_server_function_serves_the_same_page_over_get() {
    let app = TestApp::spawn().await;
    let (status, via_rest) = app.get_json("/api/v1/products?page=2&per_page=10").await;
    assert_eq!(status, 200);
    let (status, via_server_fn) =
        app.get_json("/api/catalog/search?params[page]=2&params[per_page]=10").await;
    assert_eq!(status, 200);
    assert_eq!(via_rest, via_server_fn);
}

#[tokio::test]
async fn an_empty_catalog_is_an_empty_first_page() {
    let app = TestApp::spawn_with(TestOptions { demo_products: 0, ..Default::default() }).await;
    let (status, body) = app.get_json("/api/v1/products").await;
    assert_eq!(status, 200);
    assert_eq!(body["items"], serde_json::json!([]));
    assert_eq!(body["total"], 0);
}

#[tokio::test]
async fn a_lookup_returns_products_in_the_order_asked_and_names_the_missing() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 10, ..Default::default() }).await;
        let (_, page) = app.get_json("/api/v1/products?per_page=3").await;
        let ids: Vec<String> = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|p| p["id"].as_str().expect("id").into())
            .collect();
        let unknown = "0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69";
        let asked = serde_json::json!({ "ids": [ids[2], unknown, ids[0], ids[2]] });
        let response =
            app.client.post(app.url("/api/v1/products/lookup")).json(&asked).send().await.expect("sent");
        assert_eq!(response.status(), 200, "{label}");
        let body: serde_json::Value = response.json().await.expect("JSON");
        let found: Vec<&str> =
            body["items"].as_array().expect("items").iter().map(|p| p["id"].as_str().expect("id")).collect();
        assert_eq!(found, vec![ids[2].as_str(), ids[0].as_str()], "{label}: order kept, duplicates once");
        assert_eq!(body["missing"], serde_json::json!([unknown]), "{label}");
    }
}

#[tokio::test]
async fn the_category_tree_has_the_demo_departments_with_their_leaves() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = TestApp::spawn_with(TestOptions { database, ..Default::default() }).await;
        let (status, tree) = app.get_json("/api/v1/categories").await;
        assert_eq!(status, 200, "{label}");
        let roots = tree.as_array().expect("roots");
        let home = roots.iter().find(|n| n["slug"] == "home-living").expect("Home & Living");
        let leaves: Vec<_> =
            home["children"].as_array().expect("children").iter().map(|n| n["slug"].clone()).collect();
        assert_eq!(leaves, ["lighting", "kitchen", "textiles"], "{label}: display order");
        assert!(roots.iter().all(|n| n["children"].as_array().is_some_and(|c| !c.is_empty())), "{label}");
        let (_, via_server_fn) = app.get_json("/api/catalog/categories").await;
        assert_eq!(via_server_fn, tree, "{label}");
    }
}

#[tokio::test]
async fn a_product_page_has_its_breadcrumb_attributes_and_seller() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = TestApp::spawn_with(TestOptions { database, ..Default::default() }).await;
        let (_, page) = app.get_json("/api/v1/products?per_page=1").await;
        let summary = &page["items"][0];
        let id = summary["id"].as_str().expect("id");
        let (status, detail) = app.get_json(&format!("/api/v1/products/{id}")).await;
        assert_eq!(status, 200, "{label}");
        assert_eq!(detail["title"], summary["title"], "{label}");
        assert_eq!(detail["price"], summary["price"], "{label}");
        let breadcrumb = detail["breadcrumb"].as_array().expect("breadcrumb");
        assert_eq!(breadcrumb.len(), 2, "{label}: department › category");
        assert_eq!(breadcrumb[1]["id"], summary["category"]["id"], "{label}");
        let names: Vec<_> =
            detail["attributes"].as_array().expect("attributes").iter().map(|a| a["name"].clone()).collect();
        assert!(names.contains(&"material".into()) && names.contains(&"colour".into()), "{label}: {names:?}");
        assert_eq!(detail["seller"]["id"], summary["seller"]["id"], "{label}");
        assert_eq!(detail["seller"]["region"].as_str().map(str::len), Some(2), "{label}");
        let (_, via_server_fn) = app.get_json(&format!("/api/catalog/product?id={id}")).await;
        assert_eq!(via_server_fn, detail, "{label}");
    }
}

#[tokio::test]
async fn unknown_and_malformed_product_ids_are_404s() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/products/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69", "/api/v1/products/not-an-id"] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["error"]["code"], "not_found", "{path}");
    }
}

#[tokio::test]
async fn a_department_lists_only_its_own_products_including_subcategories() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app =
            TestApp::spawn_with(TestOptions { database, demo_products: 120, ..Default::default() }).await;
        let (_, all) = app.get_json("/api/v1/products?per_page=100").await;
        let (status, fashion) = app.get_json("/api/v1/products?category=fashion&per_page=100").await;
        assert_eq!(status, 200, "{label}");
        let leaves = ["shoes", "bags", "outerwear"];
        let items = fashion["items"].as_array().expect("items");
        assert!(!items.is_empty(), "{label}");
        assert!(
            items.iter().all(|p| leaves.contains(&p["category"]["slug"].as_str().expect("slug"))),
            "{label}"
        );
        let expected = all["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|p| leaves.contains(&p["category"]["slug"].as_str().expect("slug")))
            .count() as u64;
        assert_eq!(
            fashion["total"].as_u64(),
            Some(expected.max(fashion["total"].as_u64().unwrap_or(0))),
            "{label}"
        );
        let (_, shoes) = app.get_json("/api/v1/products?category=shoes&per_page=100").await;
        assert!(
            shoes["items"].as_array().expect("items").iter().all(|p| p["category"]["slug"] == "shoes"),
            "{label}"
        );
        assert!(
            shoes["total"].as_u64() <= fashion["total"].as_u64(),
            "{label}: a leaf holds at most its department"
        );
    }
}

#[tokio::test]
async fn unknown_or_malformed_categories_are_400s_naming_the_parameter() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/products?category=no-such-thing", "/api/v1/products?category=Bad%20Slug"] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(body["error"]["field"], "category", "{path}");
    }
}
