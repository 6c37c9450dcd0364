//! Bad input gets the API's error shape with a 4xx that names the problem; never a 500, never a panic.

use crate::helpers::{TestApp, error_parts};

#[tokio::test]
async fn out_of_range_and_malformed_parameters_name_the_parameter() {
    let app = TestApp::spawn().await;
    let cases = [
        ("/api/v1/products?page=0", "page"),
        ("/api/v1/products?per_page=1000", "per_page"),
        ("/api/v1/products?per_page=0", "per_page"),
        ("/api/v1/products?page=abc", "page"),
        ("/api/v1/products?page=-1", "page"),
        ("/api/catalog/search?params[page]=0", "page"),
        ("/api/catalog/search?params[sort]=cheapest", "sort"),
    ];
    for (path, expected_field) in cases {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 400, "{path}: {body}");
        let (code, field) = error_parts(&body);
        assert_eq!(code, "invalid_parameter", "{path}");
        assert_eq!(field.as_deref(), Some(expected_field), "{path}: {body}");
    }
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/nope", "/api/v1/products/extra/segments", "/api/not_a_function", "/api/v2/products"]
    {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(error_parts(&body).0, "not_found", "{path}");
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let app = TestApp::spawn().await;
    let response = app.client.delete(app.url("/api/v1/products")).send().await.expect("answered");
    assert_eq!(response.status(), 405);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(error_parts(&body).0, "method_not_allowed");
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_describes_the_product_list() {
    let app = TestApp::spawn().await;
    let (status, document) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", document["openapi"]);
    let list = &document["paths"]["/api/v1/products"]["get"];
    let parameters: Vec<_> =
        list["parameters"].as_array().expect("parameters").iter().map(|p| &p["name"]).collect();
    assert!(
        parameters.contains(&&serde_json::json!("page"))
            && parameters.contains(&&serde_json::json!("per_page"))
    );
    assert!(list["responses"]["400"].is_object(), "documents the error answer");
    assert!(document["components"]["schemas"]["ErrorEnvelope"].is_object());
}

#[tokio::test]
async fn malformed_json_bodies_are_400s_that_say_what_is_wrong() {
    let app = TestApp::spawn().await;
    let post = |body: &'static str| {
        app.client
            .post(app.url("/api/v1/products/lookup"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let response = post(r#"{"ids": ["#).await.expect("answered");
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.expect("JSON");
    let (code, _) = error_parts(&body);
    assert_eq!(code, "invalid_json");
    assert!(body["error"]["message"].as_str().expect("message").contains("line 1"), "{body}");

    let response =
        post(r#"{"ids": ["0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69", "not-an-id"]}"#).await.expect("answered");
    let status = response.status();
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(status, 422, "well-formed JSON of the wrong shape is unprocessable");
    assert_eq!(error_parts(&body).1.as_deref(), Some("ids[1]"), "{body}");

    let response = post(r#"{"ids": []}"#).await.expect("answered");
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(error_parts(&body), ("invalid_parameter".into(), Some("ids".into())));

    let response =
        app.client.post(app.url("/api/v1/products/lookup")).body("ids=1").send().await.expect("answered");
    assert_eq!(response.status(), 415);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(error_parts(&body).0, "unsupported_media_type");
}

#[tokio::test]
async fn server_function_arguments_that_do_not_decode_are_400s() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/catalog/product?id=not-an-id",
        "/api/catalog/search?params[page]=abc",
        "/api/catalog/search?params[in_stock]=maybe",
        "/api/catalog/ranking?id=0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
    ] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(error_parts(&body).0, "invalid_request", "{path}");
    }
    // With nothing to decode, search browses the first page.
    let (status, body) = app.get_json("/api/catalog/search").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["page"], 1);
}
