//! Seller onboarding and verification: a new shop starts unverified, cannot submit until its checklist is done,
//! goes pending when it is, and only an operator decides. Documents are private to the shop and operators.
//! Runs on SQLite, and on PostgreSQL when configured.

use serde_json::{Value, json};

use crate::helpers::{OPERATOR, SELLER, SHOPPER, TestApp, TestDatabase, TestOptions, error_parts};

/// A 1×1 PNG (signature and IHDR are all the checks read).
const PNG_1X1: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\x00\x01\x01\x01\x00\x18\xdd\x8d\xb0\0\0\0\0IEND\xaeB`\x82";
const PDF: &[u8] = b"%PDF-1.4\n% identity document of the test seller\n%%EOF\n";

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, Value) {
    json_of(client.get(app.url(path)).send().await.expect("answered")).await
}

async fn send(
    client: &reqwest::Client,
    app: &TestApp,
    method: &str,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    json_of(client.request(method, app.url(path)).json(&body).send().await.expect("answered")).await
}

async fn upload(
    client: &reqwest::Client,
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let request = client.request(method, app.url(path)).header("content-type", content_type).body(bytes);
    json_of(request.send().await.expect("answered")).await
}

fn profile(description: &str) -> Value {
    json!({
        "name": "Fresh Pottery",
        "description": description,
        "region": "DE",
        "handling_days": 2,
        "return_window_days": 30,
        "return_policy": "Unused items within 30 days, in their box.",
    })
}

fn steps_done(shop: &Value) -> Vec<String> {
    shop["checklist"]["items"]
        .as_array()
        .expect("checklist")
        .iter()
        .filter(|item| item["done"] == json!(true))
        .map(|item| item["step"].as_str().expect("step").to_string())
        .collect()
}

/// Walks one new seller through every step; returns the shop view after the last one (not yet submitted).
async fn complete_the_checklist(app: &TestApp, seller: &reqwest::Client) -> Value {
    let (status, _) =
        send(seller, app, "PUT", "/api/v1/seller/shop", profile("Mugs thrown by hand in Leipzig.")).await;
    assert_eq!(status, 200);
    let (status, shop) =
        upload(seller, app, reqwest::Method::PUT, "/api/v1/seller/shop/logo", "image/png", PNG_1X1.to_vec())
            .await;
    assert_eq!(status, 200, "{shop}");
    assert!(shop["logo_url"].as_str().is_some_and(|url| url.starts_with("/media/")));
    // The bank account goes to the provider, never to our API; we keep its token.
    let (status, account) = json_of(
        reqwest::Client::new()
            .post(app.url("/test-provider/v1/bank-accounts"))
            .json(&json!({ "holder_name": "New Seller", "account_number": "DE89 3704 0044 0532 0130 00" }))
            .send()
            .await
            .expect("answered"),
    )
    .await;
    assert_eq!(status, 201, "{account}");
    assert_eq!(account["label"], "Test Bank ••••3000");
    let token = account["token"].as_str().expect("token");
    let (status, shop) =
        send(seller, app, "PUT", "/api/v1/seller/shop/payout-account", json!({ "token": token })).await;
    assert_eq!(status, 200, "{shop}");
    assert_eq!(shop["payout_account"]["label"], "Test Bank ••••3000");
    assert!(!shop.to_string().contains(token), "the payout token is never shown back");
    let (status, _) = send(seller, app, "POST", "/api/v1/seller/shop/rules", json!({ "version": 1 })).await;
    assert_eq!(status, 200);
    let (status, shop) = upload(
        seller,
        app,
        reqwest::Method::POST,
        "/api/v1/seller/shop/documents",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 201, "{shop}");
    assert_eq!(steps_done(&shop), ["profile", "logo", "payout_account", "rules", "identity_document"]);
    shop
}

#[tokio::test]
async fn a_new_seller_is_verified_by_an_operator_on_every_backend() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = TestApp::spawn_with(TestOptions { database, ..TestOptions::default() }).await;
        let seller = app.signed_up_seller("new-seller@example.com", "Fresh Pottery").await;

        let (status, shop) = get(&seller, &app, "/api/v1/seller/shop").await;
        assert_eq!(status, 200, "{label}");
        assert_eq!(shop["verification"]["status"], "unverified", "{label}: a new shop starts unverified");
        let shop_id = shop["id"].as_str().expect("id").to_string();

        // Submitting too early names every missing step.
        let (status, body) = send(&seller, &app, "POST", "/api/v1/seller/shop/verification", json!({})).await;
        assert_eq!(status, 409, "{label}");
        assert_eq!(error_parts(&body).0, "onboarding_incomplete");
        let message = body["error"]["message"].as_str().expect("message");
        for step in ["profile", "logo", "payout_account", "rules", "identity_document"] {
            assert!(message.contains(step), "{label}: {message} names {step}");
        }

        let shop = complete_the_checklist(&app, &seller).await;
        let document_id = shop["document"]["id"].as_str().expect("document").to_string();
        let (status, shop) = send(&seller, &app, "POST", "/api/v1/seller/shop/verification", json!({})).await;
        assert_eq!(status, 200, "{label}: {shop}");
        assert_eq!(shop["verification"]["status"], "pending");
        let (status, _) = send(&seller, &app, "POST", "/api/v1/seller/shop/verification", json!({})).await;
        assert_eq!(status, 409, "{label}: pending cannot be submitted twice");

        // The seller reads their own document back, byte for byte.
        let own = seller
            .get(app.url(&format!("/api/v1/seller/shop/documents/{document_id}")))
            .send()
            .await
            .expect("answered");
        assert_eq!(own.status(), 200);
        assert_eq!(own.headers()["content-type"], "application/pdf");
        assert_eq!(own.headers()["cache-control"], "private, no-store");
        assert_eq!(own.bytes().await.expect("bytes").as_ref(), PDF);

        // Another seller: the document does not exist for them, and the case is not theirs to see.
        let other = app.signed_in(SELLER.0, SELLER.1).await;
        let (status, _) = get(&other, &app, &format!("/api/v1/seller/shop/documents/{document_id}")).await;
        assert_eq!(status, 404, "{label}: another seller's document is a 404");
        let (status, _) = get(&other, &app, &format!("/api/v1/admin/shops/{shop_id}")).await;
        assert_eq!(status, 403, "{label}");
        let (status, _) =
            get(&other, &app, &format!("/api/v1/admin/shops/{shop_id}/documents/{document_id}")).await;
        assert_eq!(status, 403, "{label}");

        // Neither a shopper nor a seller can decide.
        let shopper = app.signed_in(SHOPPER.0, SHOPPER.1).await;
        for client in [&shopper, &other, &seller] {
            let (status, _) =
                send(client, &app, "POST", &format!("/api/v1/admin/shops/{shop_id}/approve"), json!({}))
                    .await;
            assert_eq!(status, 403, "{label}");
        }

        // The operator finds the shop in the queue, opens the case and the document, rejects, then approves.
        let operator = app.signed_in(OPERATOR.0, OPERATOR.1).await;
        let (status, queue) = get(&operator, &app, "/api/v1/admin/shops?per_page=50").await;
        assert_eq!(status, 200);
        assert!(
            queue["items"].as_array().expect("items").iter().any(|item| item["shop_id"] == json!(shop_id))
        );
        let (status, case) = get(&operator, &app, &format!("/api/v1/admin/shops/{shop_id}")).await;
        assert_eq!(status, 200);
        assert_eq!(case["owner_email"], "new-seller@example.com");
        assert!(case["shop"]["rules_accepted_at_ms"].as_i64().is_some());
        let document_url = case["document_url"].as_str().expect("document url").to_string();
        let file = operator.get(app.url(&document_url)).send().await.expect("answered");
        assert_eq!(file.status(), 200);
        assert_eq!(file.bytes().await.expect("bytes").as_ref(), PDF);

        let reject = format!("/api/v1/admin/shops/{shop_id}/reject");
        let (status, body) = send(&operator, &app, "POST", &reject, json!({ "reason": "blurry" })).await;
        assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("reason")), "{label}");
        let reason = "The scan is blurry; upload a sharper photo of the whole page.";
        let (status, case) = send(&operator, &app, "POST", &reject, json!({ "reason": reason })).await;
        assert_eq!(status, 200, "{label}: {case}");
        let (_, shop) = get(&seller, &app, "/api/v1/seller/shop").await;
        assert_eq!(shop["verification"]["status"], "rejected");
        assert_eq!(shop["verification"]["reason"], reason, "{label}: the seller sees why");

        // The seller resubmits; the operator approves.
        let (status, shop) = send(&seller, &app, "POST", "/api/v1/seller/shop/verification", json!({})).await;
        assert_eq!((status, shop["verification"]["status"].as_str()), (200, Some("pending")), "{label}");
        let (status, case) =
            send(&operator, &app, "POST", &format!("/api/v1/admin/shops/{shop_id}/approve"), json!({})).await;
        assert_eq!(status, 200, "{label}: {case}");
        assert_eq!(case["shop"]["verification"]["status"], "verified");
        assert_eq!(case["decided_by"], OPERATOR.0);
        let (status, _) =
            send(&operator, &app, "POST", &format!("/api/v1/admin/shops/{shop_id}/approve"), json!({})).await;
        assert_eq!(status, 409, "{label}: a verified shop cannot be approved again");

        // The column listings read is the one that moved.
        let (stored,): (String,) = sqlx::query_as("SELECT verification_status FROM sellers WHERE id = $1")
            .bind(&shop_id)
            .fetch_one(app.db.pool())
            .await
            .expect("shop row");
        assert_eq!(stored, "verified", "{label}");

        // Every step is in the audit log.
        let (_, audit) = get(&operator, &app, "/api/v1/admin/audit-log?per_page=100").await;
        let actions: Vec<&str> =
            audit["items"].as_array().expect("items").iter().filter_map(|e| e["action"].as_str()).collect();
        for action in [
            "shop_profile_updated",
            "shop_logo_set",
            "shop_payout_account_set",
            "shop_rules_accepted",
            "shop_document_uploaded",
            "shop_submitted",
            "shop_document_viewed",
            "shop_rejected",
            "shop_approved",
        ] {
            assert!(actions.contains(&action), "{label}: {action} audited");
        }
    }
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let seller = app.signed_up_seller("careless@example.com", "Fresh Pottery").await;

    let (status, body) = send(&seller, &app, "PUT", "/api/v1/seller/shop", profile(&"d".repeat(2_001))).await;
    assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("description")), "{body}");
    let mut too_slow = profile("Fine.");
    too_slow["handling_days"] = json!(31);
    let (status, body) = send(&seller, &app, "PUT", "/api/v1/seller/shop", too_slow).await;
    assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("handling_days")), "{body}");
    let mut nowhere = profile("Fine.");
    nowhere["region"] = json!("XX");
    let (status, body) = send(&seller, &app, "PUT", "/api/v1/seller/shop", nowhere).await;
    assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("region")), "{body}");

    let documents = "/api/v1/seller/shop/documents";
    let oversize = {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        bytes.resize(8 * 1024 * 1024 + 1, b' ');
        bytes
    };
    let (status, body) =
        upload(&seller, &app, reqwest::Method::POST, documents, "application/pdf", oversize).await;
    assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("document")), "oversize: {body}");
    let (status, body) =
        upload(&seller, &app, reqwest::Method::POST, documents, "text/html", b"<script>".to_vec()).await;
    assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("document")), "wrong type: {body}");
    let (status, body) =
        upload(&seller, &app, reqwest::Method::POST, documents, "image/png", PDF.to_vec()).await;
    assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("document")), "mismatch: {body}");
    let (status, body) = upload(
        &seller,
        &app,
        reqwest::Method::PUT,
        "/api/v1/seller/shop/logo",
        "image/svg+xml",
        b"<svg/>".to_vec(),
    )
    .await;
    assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("logo")), "svg logo: {body}");

    let (status, body) =
        send(&seller, &app, "PUT", "/api/v1/seller/shop/payout-account", json!({ "token": "ba_forged" }))
            .await;
    assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("token")), "{body}");
    let (status, body) =
        send(&seller, &app, "POST", "/api/v1/seller/shop/rules", json!({ "version": 0 })).await;
    assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("version")), "{body}");
    let (status, body) = json_of(
        reqwest::Client::new()
            .post(app.url("/test-provider/v1/bank-accounts"))
            .json(&json!({ "holder_name": "A Person", "account_number": "12" }))
            .send()
            .await
            .expect("answered"),
    )
    .await;
    assert_eq!((status, error_parts(&body).1.as_deref()), (400, Some("account_number")), "{body}");

    // Nothing bad was stored: the shop is still at the start.
    let (_, shop) = get(&seller, &app, "/api/v1/seller/shop").await;
    assert!(steps_done(&shop).is_empty(), "{shop}");
}

#[tokio::test]
async fn tokens_read_the_shop_but_never_change_its_identity() {
    let app = TestApp::spawn().await;
    let secret = app.token_for(SELLER.0, SELLER.1, &["catalog:write"]).await;
    let client = reqwest::Client::new();
    let shop =
        client.get(app.url("/api/v1/seller/shop")).bearer_auth(&secret).send().await.expect("answered");
    assert_eq!(shop.status(), 200);
    let shop: Value = shop.json().await.expect("JSON");
    assert_eq!(shop["verification"]["status"], "verified", "the demo shops were verified by hand");
    let change = client
        .put(app.url("/api/v1/seller/shop"))
        .bearer_auth(&secret)
        .json(&profile("x"))
        .send()
        .await
        .expect("answered");
    assert_eq!(change.status(), 403);
}
