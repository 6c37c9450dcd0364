//! Sign-up, sign-in, sessions, tokens, rate limits, CSRF, security headers and the audit log — over real HTTP.

use crate::helpers::{OPERATOR, SELLER, SHOPPER, TestApp, error_parts};

fn cookie_client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).build().expect("client")
}

async fn sign_up(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let response = client.post(app.url("/api/accounts/sign_up")).form(fields).send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON"))
}

#[tokio::test]
async fn sign_up_starts_a_session_with_a_safe_cookie() {
    let app = TestApp::spawn().await;
    let client = cookie_client();
    let response = client
        .post(app.url("/api/accounts/sign_up"))
        .form(&[
            ("email", " Mina@Example.com "),
            ("password", "a long enough phrase"),
            ("display_name", "Mina"),
            ("role", "seller"),
            ("shop_name", "Mina's Ceramics"),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("bazaar_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let me: serde_json::Value =
        client.get(app.url("/api/v1/me")).send().await.expect("me").json().await.expect("JSON");
    assert_eq!(me["email"], "mina@example.com");
    assert_eq!(me["role"], "seller");
    assert_eq!(me["shop"]["name"], "Mina's Ceramics");
}

#[tokio::test]
async fn sign_up_explains_each_rejected_field() {
    let app = TestApp::spawn().await;
    let client = cookie_client();
    let base = |email: &'static str, password: &'static str| {
        [("email", email), ("password", password), ("display_name", "Ana"), ("role", "shopper")]
    };
    let cases = [
        (base("ana@example.com", "short"), "password", "password_too_short"),
        (base("ana@example.com", "password1234"), "password", "password_too_common"),
        (base("not-an-email", "a long enough phrase"), "email", "email_invalid"),
        (base(SHOPPER.0, "a long enough phrase"), "email", "email_taken"),
    ];
    for (fields, field, code) in cases {
        let (status, body) = sign_up(&app, &client, &fields).await;
        assert_eq!(status, 400, "{code}: {body}");
        assert_eq!(error_parts(&body), (code.to_string(), Some(field.to_string())));
    }
    let (status, body) = sign_up(
        &app,
        &client,
        &[
            ("email", "op@example.com"),
            ("password", "a long enough phrase"),
            ("display_name", "Op"),
            ("role", "operator"),
        ],
    )
    .await;
    assert_eq!(
        (status, error_parts(&body).0.as_str()),
        (400, "role_not_allowed"),
        "nobody makes themselves operator"
    );
}

#[tokio::test]
async fn wrong_credentials_do_not_say_which_part_was_wrong() {
    let app = &TestApp::spawn().await;
    let attempt = |email: &'static str, password: &'static str| async move {
        let response = cookie_client()
            .post(app.url("/api/accounts/sign_in"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("answered");
        (response.status().as_u16(), response.json::<serde_json::Value>().await.expect("JSON"))
    };
    let unknown_account = attempt("nobody@example.com", "whatever whatever").await;
    let wrong_password = attempt(SHOPPER.0, "not the password at all").await;
    assert_eq!(unknown_account.0, 401);
    assert_eq!(unknown_account, wrong_password);
}

#[tokio::test]
async fn signing_in_again_rotates_the_session_id_and_the_old_one_stops_working() {
    let app = &TestApp::spawn().await;
    let sign_in = || async {
        let response = reqwest::Client::new()
            .post(app.url("/api/accounts/sign_in"))
            .form(&[("email", SHOPPER.0), ("password", SHOPPER.1)])
            .send()
            .await
            .expect("answered");
        let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_string();
        cookie.split(';').next().expect("name=value").to_string()
    };
    let first = sign_in().await;
    // Sign in again while presenting the first session: a new id must replace it.
    let response = reqwest::Client::new()
        .post(app.url("/api/accounts/sign_in"))
        .header("cookie", &first)
        .form(&[("email", SHOPPER.0), ("password", SHOPPER.1)])
        .send()
        .await
        .expect("answered");
    let second = response.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("pair")
        .to_string();
    assert_ne!(first, second);
    let me = |cookie: String| async move {
        reqwest::Client::new()
            .get(app.url("/api/v1/me"))
            .header("cookie", cookie)
            .send()
            .await
            .expect("me")
            .status()
    };
    assert_eq!(me(second).await, 200);
    assert_eq!(me(first).await, 401, "the pre-rotation session id is dead");
    let _ = sign_in; // both sign-ins went through the same server function
}

#[tokio::test]
async fn the_eleventh_bad_sign_in_in_a_minute_is_refused_with_retry_after() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    for attempt in 1..=10 {
        let response = client
            .post(app.url("/api/accounts/sign_in"))
            .form(&[("email", SHOPPER.0), ("password", "wrong wrong wrong")])
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 401, "attempt {attempt}");
    }
    let response = client
        .post(app.url("/api/accounts/sign_in"))
        .form(&[("email", SHOPPER.0), ("password", SHOPPER.1)])
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 429);
    let retry_after: u64 =
        response.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(error_parts(&body).0, "rate_limited");
}

#[tokio::test]
async fn a_cross_site_post_with_a_valid_session_is_refused() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(SELLER.0, SELLER.1).await;
    let forged = |origin: &'static str, site: &'static str| {
        client
            .post(app.url("/api/v1/tokens"))
            .header("origin", origin)
            .header("sec-fetch-site", site)
            .json(&serde_json::json!({ "name": "forged", "scopes": ["orders:read"] }))
            .send()
    };
    let response = forged("http://evil.test", "cross-site").await.expect("answered");
    assert_eq!(response.status(), 403);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(error_parts(&body).0, "cross_site_refused");
    let same_origin = app.address.clone();
    let response = client
        .post(app.url("/api/v1/tokens"))
        .header("origin", same_origin)
        .header("sec-fetch-site", "same-origin")
        .json(&serde_json::json!({ "name": "mine", "scopes": ["orders:read"] }))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 201, "the same request from our own origin works");
    let tokens: Vec<serde_json::Value> =
        client.get(app.url("/api/v1/tokens")).send().await.expect("list").json().await.expect("JSON");
    assert!(tokens.iter().all(|t| t["name"] != "forged"), "the forged request changed nothing");
}

#[tokio::test]
async fn tokens_carry_only_their_scopes_and_die_when_revoked() {
    let app = TestApp::spawn().await;
    let seller = app.signed_in(SELLER.0, SELLER.1).await;
    let create = |scopes: serde_json::Value| {
        seller
            .post(app.url("/api/v1/tokens"))
            .json(&serde_json::json!({ "name": "sync", "scopes": scopes }))
            .send()
    };
    let response = create(serde_json::json!(["admin"])).await.expect("answered");
    assert_eq!(response.status(), 400, "a seller cannot grant admin");
    let created: serde_json::Value =
        create(serde_json::json!(["orders:read"])).await.expect("answered").json().await.expect("JSON");
    let secret = created["secret"].as_str().expect("secret").to_string();
    let id = created["token"]["id"].as_str().expect("id").to_string();
    assert!(secret.starts_with("bzr_"));

    let bearer = |path: &str| reqwest::Client::new().get(app.url(path)).bearer_auth(&secret).send();
    let me: serde_json::Value = bearer("/api/v1/me").await.expect("me").json().await.expect("JSON");
    assert_eq!(me["email"], SELLER.0);
    let listed: Vec<serde_json::Value> =
        seller.get(app.url("/api/v1/tokens")).send().await.expect("list").json().await.expect("JSON");
    assert!(listed.iter().all(|t| t.get("secret").is_none()), "secrets are never listed");
    assert!(listed[0]["last_used_at_ms"].is_i64(), "use is recorded");

    // A token cannot mint tokens.
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({ "name": "child", "scopes": ["orders:read"] }))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 403);

    // Another account cannot revoke it, and cannot tell it exists.
    let shopper = app.signed_in(SHOPPER.0, SHOPPER.1).await;
    let response = shopper.delete(app.url(&format!("/api/v1/tokens/{id}"))).send().await.expect("answered");
    assert_eq!(response.status(), 404);

    let response = seller.delete(app.url(&format!("/api/v1/tokens/{id}"))).send().await.expect("answered");
    assert_eq!(response.status(), 204);
    let response = bearer("/api/v1/me").await.expect("answered");
    assert_eq!(response.status(), 401, "revocation takes effect immediately");
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(error_parts(&body).0, "invalid_token");
}

#[tokio::test]
async fn the_audit_log_records_sign_ins_tokens_and_role_changes_with_the_ip() {
    let app = TestApp::spawn().await;
    let _ = reqwest::Client::new()
        .post(app.url("/api/accounts/sign_in"))
        .form(&[("email", SHOPPER.0), ("password", "wrong wrong wrong")])
        .send()
        .await
        .expect("answered");
    let seller = app.signed_in(SELLER.0, SELLER.1).await;
    let created: serde_json::Value = seller
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({ "name": "sync", "scopes": ["orders:read"] }))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    let token_id = created["token"]["id"].as_str().expect("id");
    seller.delete(app.url(&format!("/api/v1/tokens/{token_id}"))).send().await.expect("revoked");

    let operator = app.signed_in(OPERATOR.0, OPERATOR.1).await;
    let shopper_me: serde_json::Value = app
        .signed_in(SHOPPER.0, SHOPPER.1)
        .await
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("JSON");
    let shopper_id = shopper_me["user_id"].as_str().expect("id");
    let response = operator
        .put(app.url(&format!("/api/v1/admin/users/{shopper_id}/role")))
        .json(&serde_json::json!({ "role": "seller" }))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 204);

    let log: serde_json::Value = operator
        .get(app.url("/api/v1/admin/audit-log?per_page=100"))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    let entries = log["items"].as_array().expect("items");
    for action in ["sign_in_failed", "sign_in", "token_created", "token_revoked", "role_changed"] {
        let entry =
            entries.iter().find(|e| e["action"] == action).unwrap_or_else(|| panic!("no {action} in {log}"));
        assert_eq!(entry["ip"], "127.0.0.1", "{action}");
    }
    let failed = entries.iter().find(|e| e["action"] == "sign_in_failed").expect("failed sign-in");
    assert!(failed.get("actor").is_none() && failed["subject"] == SHOPPER.0);
    let role_change = entries.iter().find(|e| e["action"] == "role_changed").expect("role change");
    assert_eq!(role_change["actor"], OPERATOR.0);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dist.path().join("index.html"),
        "<html><head><script type=\"module\">import init from '/app.js'; await init();</script></head></html>",
    )
    .expect("index");
    let app = TestApp::spawn_with(crate::helpers::TestOptions {
        dist_dir: dist.path().into(),
        ..Default::default()
    })
    .await;
    for path in ["/", "/api/v1/products", "/api/v1/nope"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().expect("ascii");
        assert!(
            csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("'sha256-"), "the bootstrap script is allowed by hash: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin");
    }
}
