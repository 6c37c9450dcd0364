//! The authorization matrix: every endpoint and server function × every kind of caller → the expected status.
//! Later capabilities add rows to `ENDPOINTS`; the callers and the checking loop stay as they are.

use crate::helpers::{OPERATOR, PARTNER, SELLER, SHOPPER, TestApp};

/// Kinds of caller, in the column order of `ENDPOINTS`.
#[derive(Debug, Clone, Copy)]
enum Caller {
    Anonymous,
    Shopper,
    Seller,
    Operator,
    /// A seller's token with only `orders:read`.
    SellerToken,
    /// An operator's token without the `admin` scope.
    OperatorTokenWithoutAdmin,
    /// A partner's token with `shipments:write`.
    PartnerToken,
}

const CALLERS: [Caller; 7] = [
    Caller::Anonymous,
    Caller::Shopper,
    Caller::Seller,
    Caller::Operator,
    Caller::SellerToken,
    Caller::OperatorTokenWithoutAdmin,
    Caller::PartnerToken,
];

/// (method, path, JSON body, expected status per caller in `CALLERS` order). The ids in paths belong to nobody:
/// "not yours" and "does not exist" must answer alike (404), so ids cannot be probed.
const ENDPOINTS: &[(&str, &str, Option<&str>, [u16; 7])] = &[
    //                                                            anon shop sell  op  sTok oTok pTok
    ("GET", "/api/v1/products", None, [200, 200, 200, 200, 200, 200, 200]),
    (
        "POST",
        "/api/v1/products/lookup",
        Some(r#"{"ids":["0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69"]}"#),
        [200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/api/v1/products/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [404, 404, 404, 404, 404, 404, 404],
    ),
    (
        "GET",
        "/api/v1/products?q=lamp&region=DE&sort=fastest_delivery",
        None,
        [200, 200, 200, 200, 200, 200, 200],
    ),
    ("GET", "/api/v1/products/suggestions?q=lam", None, [200, 200, 200, 200, 200, 200, 200]),
    (
        "GET",
        "/api/v1/products/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69?region=DE",
        None,
        [404, 404, 404, 404, 404, 404, 404],
    ),
    // Operators only, and an operator's token needs the `admin` scope; then the unknown id is a 404.
    (
        "GET",
        "/api/v1/products/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/ranking?region=DE&q=lamp",
        None,
        [401, 403, 403, 404, 403, 403, 403],
    ),
    ("GET", "/api/v1/categories", None, [200, 200, 200, 200, 200, 200, 200]),
    // Product images: public to read; changed by the product's seller or an operator with catalog:write.
    (
        "GET",
        "/api/v1/products/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/images",
        None,
        [404, 404, 404, 404, 404, 404, 404],
    ),
    (
        "POST",
        "/api/v1/products/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/images",
        None,
        [401, 403, 404, 404, 403, 403, 403],
    ),
    (
        "DELETE",
        "/api/v1/products/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/images/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 403, 404, 404, 403, 403, 403],
    ),
    (
        "PUT",
        "/api/v1/products/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/images/order",
        Some(r#"{"image_ids":[]}"#),
        [401, 403, 404, 404, 403, 403, 403],
    ),
    (
        "GET",
        "/media/0000000000000000000000000000000000000000000000000000000000000000.png",
        None,
        [404, 404, 404, 404, 404, 404, 404],
    ),
    ("GET", "/api/v1/me", None, [401, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/tokens", None, [401, 200, 200, 200, 200, 200, 200]),
    (
        "POST",
        "/api/v1/tokens",
        Some(r#"{"name":"matrix","scopes":["orders:read"]}"#),
        [401, 403, 201, 201, 403, 403, 403],
    ),
    (
        "DELETE",
        "/api/v1/tokens/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 404, 404, 404, 404, 404, 404],
    ),
    ("GET", "/api/v1/admin/audit-log", None, [401, 403, 403, 200, 403, 403, 403]),
    (
        "PUT",
        "/api/v1/admin/users/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/role",
        Some(r#"{"role":"seller"}"#),
        [401, 403, 403, 404, 403, 403, 403],
    ),
    // The money loop. Carts and checkout are shoppers'; orders answer their own parties; balances and payouts
    // are the seller's; the ledger is the operator's (with `admin`).
    ("GET", "/api/v1/cart", None, [401, 200, 403, 403, 403, 403, 403]),
    (
        "POST",
        "/api/v1/cart/items",
        Some(r#"{"variant_id":"0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69","quantity":1}"#),
        [401, 404, 403, 403, 403, 403, 403],
    ),
    (
        "PUT",
        "/api/v1/cart/items/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        Some(r#"{"quantity":2}"#),
        [401, 404, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE",
        "/api/v1/cart/items/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 204, 403, 403, 403, 403, 403],
    ),
    ("POST", "/api/v1/cart/merge", Some("[]"), [401, 204, 403, 403, 403, 403, 403]),
    // Without an Idempotency-Key a shopper gets 400 naming it; everyone else is refused first.
    (
        "POST",
        "/api/v1/checkout",
        Some(
            r#"{"address":{"name":"A","line1":"1 St","city":"C","postcode":"1","region":"US"},"card_token":"tok_x","expected_totals":[{"amount_minor":100,"currency":"USD"}]}"#,
        ),
        [401, 400, 403, 403, 403, 403, 403],
    ),
    (
        "GET",
        "/api/v1/checkout/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 404, 403, 403, 403, 403, 403],
    ),
    ("GET", "/api/v1/orders", None, [401, 200, 200, 200, 200, 200, 403]),
    ("GET", "/api/v1/orders?state=lost", None, [400, 400, 400, 400, 400, 400, 400]),
    ("GET", "/api/v1/orders/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69", None, [401, 404, 404, 404, 404, 404, 404]),
    (
        "POST",
        "/api/v1/orders/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/cancel",
        Some("{}"),
        [401, 404, 404, 404, 403, 403, 404],
    ),
    (
        "POST",
        "/api/v1/orders/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/confirm-receipt",
        None,
        [401, 404, 404, 404, 403, 403, 404],
    ),
    (
        "POST",
        "/api/v1/orders/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/ship",
        Some("{}"),
        [401, 404, 404, 404, 403, 404, 404],
    ),
    (
        "POST",
        "/api/v1/orders/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/delivered",
        None,
        [401, 403, 403, 404, 403, 404, 404],
    ),
    (
        "GET",
        "/api/v1/orders/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/ledger",
        None,
        [401, 403, 403, 404, 403, 403, 403],
    ),
    (
        "GET",
        "/api/v1/orders/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/tracking",
        None,
        [401, 404, 404, 404, 404, 404, 404],
    ),
    (
        "GET",
        "/api/v1/orders/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/carrier-proposals",
        None,
        [401, 403, 404, 404, 403, 404, 403],
    ),
    (
        "GET",
        "/api/v1/orders/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/label",
        None,
        [401, 403, 404, 404, 403, 404, 403],
    ),
    ("GET", "/api/v1/seller/shipments", None, [401, 403, 200, 403, 200, 403, 403]),
    ("GET", "/api/v1/seller/shipments?page=0", None, [400, 400, 400, 400, 400, 400, 400]),
    ("GET", "/api/v1/seller/sla", None, [401, 403, 200, 403, 200, 403, 403]),
    // Listing imports: the shop's seller with catalog:write; a file without the needed columns is a 400.
    ("GET", "/api/v1/seller/imports", None, [401, 403, 200, 403, 403, 403, 403]),
    ("POST", "/api/v1/seller/imports?name=x.csv", Some("title,price"), [401, 403, 400, 403, 403, 403, 403]),
    (
        "GET",
        "/api/v1/seller/imports/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 403, 404, 403, 403, 403, 403],
    ),
    (
        "GET",
        "/api/v1/seller/imports/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/problems.csv",
        None,
        [401, 403, 404, 403, 403, 403, 403],
    ),
    // A seller's own listings: the shop's seller with catalog:write (a token with only orders:read is 403).
    ("GET", "/api/v1/seller/listings", None, [401, 403, 200, 403, 403, 403, 403]),
    ("GET", "/api/v1/seller/listings?sort=cheapest", None, [400, 400, 400, 400, 400, 400, 400]),
    ("POST", "/api/v1/seller/listings", Some(r#"{"title":"Draft"}"#), [401, 403, 400, 403, 403, 403, 403]),
    (
        "GET",
        "/api/v1/seller/listings/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 403, 404, 403, 403, 403, 403],
    ),
    (
        "PUT",
        "/api/v1/seller/listings/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        Some(r#"{"title":"Mine"}"#),
        [401, 403, 404, 403, 403, 403, 403],
    ),
    (
        "POST",
        "/api/v1/seller/listings/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/status",
        Some(r#"{"action":"publish"}"#),
        [401, 403, 404, 403, 403, 403, 403],
    ),
    (
        "POST",
        "/api/v1/seller/listings/variants",
        Some(r#"{"changes":[{"variant_id":"0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69","stock":1}]}"#),
        [401, 403, 400, 403, 403, 403, 403],
    ),
    // The scorecard: a seller's own shop; an operator must name the shop (400 without, 404 for an unknown one).
    ("GET", "/api/v1/seller/scorecard", None, [401, 403, 200, 400, 200, 400, 403]),
    (
        "GET",
        "/api/v1/seller/scorecard?seller=0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 403, 404, 404, 404, 404, 403],
    ),
    ("GET", "/api/v1/seller/scorecard?seller=not-an-id", None, [404, 404, 404, 404, 404, 404, 404]),
    // Sales analytics: like the scorecard, a seller's own shop; an operator must name the shop. The caller is
    // checked first, then the shop, then the parameters.
    ("GET", "/api/v1/seller/analytics", None, [401, 403, 200, 400, 200, 400, 403]),
    (
        "GET",
        "/api/v1/seller/analytics?seller=0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 403, 404, 404, 404, 404, 403],
    ),
    ("GET", "/api/v1/seller/analytics?seller=not-an-id", None, [401, 403, 404, 404, 404, 404, 403]),
    ("GET", "/api/v1/seller/analytics?granularity=month", None, [401, 403, 400, 400, 400, 400, 403]),
    // Sellers compare carriers, carriers see where they stand, operators run the network; shoppers need none of it.
    ("GET", "/api/v1/carriers", None, [401, 403, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/carriers/numeripost/events", Some("{}"), [400, 400, 400, 400, 400, 400, 400]),
    // Providers authenticate with a signature, not an account: without one everybody is refused alike.
    ("POST", "/api/v1/payments/webhooks/test", Some("{}"), [400, 400, 400, 400, 400, 400, 400]),
    ("GET", "/api/v1/seller/balance", None, [401, 403, 200, 403, 200, 403, 403]),
    ("GET", "/api/v1/seller/payouts", None, [401, 403, 200, 403, 200, 403, 403]),
    (
        "POST",
        "/api/v1/seller/payouts",
        Some(r#"{"amount":{"amount_minor":1,"currency":"USD"}}"#),
        [401, 403, 400, 403, 403, 403, 403],
    ),
    // The money statement: the shop's seller only (session or token with orders:read); operators 403. The
    // period is checked after the caller: a bad date is a 400 only for a seller.
    ("GET", "/api/v1/seller/statement", None, [401, 403, 200, 403, 200, 403, 403]),
    ("GET", "/api/v1/seller/statement?from=2026-02-30", None, [401, 403, 400, 403, 400, 403, 403]),
    ("GET", "/api/v1/seller/statement.csv", None, [401, 403, 200, 403, 200, 403, 403]),
    (
        "GET",
        "/api/v1/seller/statement.csv?from=2026-03-02&to=2026-03-01",
        None,
        [401, 403, 400, 403, 400, 403, 403],
    ),
    // A seller's own shop: readable with the seller's session or tokens; changed only in the browser session
    // (tokens 403). The demo seller's inputs here are invalid (400) or its shop already verified (409), so the
    // matrix changes nothing. Another shop's document is a 404 like a missing one.
    ("GET", "/api/v1/seller/shop", None, [401, 403, 200, 403, 200, 403, 403]),
    (
        "PUT",
        "/api/v1/seller/shop",
        Some(r#"{"name":"x","region":"US","handling_days":1,"return_window_days":1}"#),
        [401, 403, 400, 403, 403, 403, 403],
    ),
    ("PUT", "/api/v1/seller/shop/logo", None, [401, 403, 400, 403, 403, 403, 403]),
    (
        "PUT",
        "/api/v1/seller/shop/payout-account",
        Some(r#"{"token":"ba_unknown"}"#),
        [401, 403, 400, 403, 403, 403, 403],
    ),
    ("POST", "/api/v1/seller/shop/rules", Some(r#"{"version":0}"#), [401, 403, 400, 403, 403, 403, 403]),
    ("POST", "/api/v1/seller/shop/documents", None, [401, 403, 400, 403, 403, 403, 403]),
    (
        "GET",
        "/api/v1/seller/shop/documents/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 403, 404, 403, 404, 403, 403],
    ),
    ("POST", "/api/v1/seller/shop/verification", None, [401, 403, 409, 403, 403, 403, 403]),
    // Verification decisions and the queue are operators' (tokens need `admin`).
    ("GET", "/api/v1/admin/shops", None, [401, 403, 403, 200, 403, 403, 403]),
    ("GET", "/api/v1/admin/shops?status=approved", None, [400, 400, 400, 400, 400, 400, 400]),
    (
        "GET",
        "/api/v1/admin/shops/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 403, 403, 404, 403, 403, 403],
    ),
    (
        "GET",
        "/api/v1/admin/shops/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/documents/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 403, 403, 404, 403, 403, 403],
    ),
    (
        "POST",
        "/api/v1/admin/shops/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/approve",
        None,
        [401, 403, 403, 404, 403, 403, 403],
    ),
    (
        "POST",
        "/api/v1/admin/shops/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/reject",
        Some(r#"{"reason":"The document is not readable."}"#),
        [401, 403, 403, 404, 403, 403, 403],
    ),
    // Server functions the SPA calls.
    ("GET", "/api/catalog/search", None, [200, 200, 200, 200, 200, 200, 200]),
    (
        "GET",
        "/api/catalog/search?params[q]=lamp&params[region]=DE",
        None,
        [200, 200, 200, 200, 200, 200, 200],
    ),
    ("GET", "/api/catalog/suggest?typed=lam", None, [200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/catalog/categories", None, [200, 200, 200, 200, 200, 200, 200]),
    (
        "GET",
        "/api/catalog/product?id=0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69&region=DE",
        None,
        [404, 404, 404, 404, 404, 404, 404],
    ),
    (
        "GET",
        "/api/catalog/ranking?id=0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69&region=DE&q=lamp",
        None,
        [401, 403, 403, 404, 403, 403, 403],
    ),
    ("GET", "/api/accounts/me", None, [200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/accounts/tokens", None, [401, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/admin/audit_log", None, [401, 403, 403, 200, 403, 403, 403]),
    ("GET", "/api/shops/mine", None, [401, 403, 200, 403, 200, 403, 403]),
    ("GET", "/api/admin/shops", None, [401, 403, 403, 200, 403, 403, 403]),
    (
        "GET",
        "/api/admin/shop_case?id=0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69",
        None,
        [401, 403, 403, 404, 403, 403, 403],
    ),
    ("GET", "/api/seller/scorecard", None, [401, 403, 200, 400, 200, 400, 403]),
    ("GET", "/api/seller/statement?params[page]=1", None, [401, 403, 200, 403, 200, 403, 403]),
    // The listing editor's delivery preview: the shop's seller with catalog:write; an unknown region is 400.
    ("GET", "/api/seller/listing/delivery-preview?region=US", None, [401, 403, 200, 403, 403, 403, 403]),
    ("GET", "/api/seller/listing/delivery-preview?region=XX", None, [401, 403, 400, 403, 403, 403, 403]),
    ("GET", "/api/seller/analytics", None, [401, 403, 200, 400, 200, 400, 403]),
    ("GET", "/api/seller/analytics?params[granularity]=week", None, [401, 403, 200, 400, 200, 400, 403]),
];

/// How each caller authenticates: a cookie jar, or a bearer token.
struct Credentials {
    client: reqwest::Client,
    bearer: Option<String>,
}

async fn credentials(app: &TestApp, caller: Caller) -> Credentials {
    let plain = || reqwest::Client::new();
    match caller {
        Caller::Anonymous => Credentials { client: plain(), bearer: None },
        Caller::Shopper => Credentials { client: app.signed_in(SHOPPER.0, SHOPPER.1).await, bearer: None },
        Caller::Seller => Credentials { client: app.signed_in(SELLER.0, SELLER.1).await, bearer: None },
        Caller::Operator => Credentials { client: app.signed_in(OPERATOR.0, OPERATOR.1).await, bearer: None },
        Caller::SellerToken => Credentials {
            client: plain(),
            bearer: Some(app.token_for(SELLER.0, SELLER.1, &["orders:read"]).await),
        },
        Caller::OperatorTokenWithoutAdmin => Credentials {
            client: plain(),
            bearer: Some(app.token_for(OPERATOR.0, OPERATOR.1, &["orders:read", "shipments:write"]).await),
        },
        Caller::PartnerToken => Credentials {
            client: plain(),
            bearer: Some(app.token_for(PARTNER.0, PARTNER.1, &["shipments:write"]).await),
        },
    }
}

#[tokio::test]
async fn every_endpoint_answers_every_kind_of_caller_as_specified() {
    let app = TestApp::spawn().await;
    let mut failures = Vec::new();
    for (column, caller) in CALLERS.into_iter().enumerate() {
        let credentials = credentials(&app, caller).await;
        for (method, path, body, expected) in ENDPOINTS {
            let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
            let mut request = credentials.client.request(method.clone(), app.url(path));
            if let Some(secret) = &credentials.bearer {
                request = request.bearer_auth(secret);
            }
            if let Some(body) = body {
                request = request.header("content-type", "application/json").body(*body);
            }
            let status = request.send().await.expect("answered").status().as_u16();
            if status != expected[column] {
                failures
                    .push(format!("{caller:?} {method} {path}: expected {}, got {status}", expected[column]));
            }
        }
    }
    assert!(failures.is_empty(), "authorization matrix mismatches:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn an_operator_token_with_the_admin_scope_reaches_admin_functions() {
    let app = TestApp::spawn().await;
    let secret = app.token_for(OPERATOR.0, OPERATOR.1, &["admin"]).await;
    let response = reqwest::Client::new()
        .get(app.url("/api/v1/admin/audit-log"))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
}
