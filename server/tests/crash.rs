//! Crash safety of the money loop: the real server binary under a checkout load is killed with SIGKILL at random
//! moments and restarted, several times, while buyers keep retrying with their idempotency keys (as the SPA does).
//! Afterwards no order is half-done, nothing was charged twice or charged for nothing, stock adds up, and the
//! ledger balances.

use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rand::Rng;
use serde_json::{Value, json};
use server::db::Database;
use shared::commerce::CartView;

const BUYERS: usize = 6;
const KILLS: usize = 4;

struct Server {
    child: Child,
}

fn spawn(port: u16, database_url: &str, config: &std::path::Path, media: &std::path::Path) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_bazaar-server"))
        .args(["--config", config.to_str().expect("path"), "serve"])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--database-url", database_url])
        .args(["--dist-dir", "/nonexistent-dist", "--media-dir", media.to_str().expect("path")])
        .args(["--auth-attempts-per-minute", "100000"])
        .env("BAZAAR_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    Server { child }
}

async fn wait_healthy(client: &reqwest::Client, base: &str) {
    for _ in 0..200 {
        if let Ok(response) = client.get(format!("{base}/healthz")).send().await
            && response.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not become healthy");
}

/// Sends until the server answers at all (it may be down between a kill and the restart).
async fn send(request: impl Fn() -> reqwest::RequestBuilder) -> (u16, Value) {
    loop {
        match request().timeout(Duration::from_secs(10)).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                return (status, response.json().await.unwrap_or(Value::Null));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// One buyer: checks out again and again, retrying each attempt with its key until a definite answer.
/// Returns the keys that were answered 201 with their checkout's group id.
async fn buyer(
    base: String,
    n: usize,
    variants: Arc<Vec<String>>,
    stop: Arc<AtomicBool>,
) -> Vec<(String, String)> {
    let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let email = format!("crash-buyer-{n}@bazaar.test");
    let (status, _) = send(|| {
        client.post(format!("{base}/api/accounts/sign_up")).form(&[
            ("email", email.as_str()),
            ("password", "crash test password 2026"),
            ("display_name", "Crash Buyer"),
            ("role", "shopper"),
        ])
    })
    .await;
    assert_eq!(status, 200, "sign-up");
    let mut answered = Vec::new();
    let mut attempt = 0;
    while !stop.load(Ordering::SeqCst) {
        attempt += 1;
        let variant = variants[rand::rng().random_range(0..variants.len())].clone();
        let (status, _) = send(|| {
            client
                .post(format!("{base}/api/v1/cart/items"))
                .json(&json!({ "variant_id": variant, "quantity": 1 }))
        })
        .await;
        if status == 401 {
            // A session cookie from before a crash still works (sessions are stored); a 401 means sign in again.
            send(|| {
                client
                    .post(format!("{base}/api/accounts/sign_in"))
                    .form(&[("email", email.as_str()), ("password", "crash test password 2026")])
            })
            .await;
            continue;
        }
        let (_, cart) = send(|| client.get(format!("{base}/api/v1/cart?region=US"))).await;
        let Ok(cart) = serde_json::from_value::<CartView>(cart) else { continue };
        let Ok(quote) = cart.quote(&[]) else { continue };
        let card = if attempt % 4 == 0 { "4000000000000002" } else { "4242424242424242" };
        let (_, token) = send(|| {
            client
                .post(format!("{base}/test-provider/v1/tokens"))
                .json(&json!({ "number": card, "exp_month": 12, "exp_year": 2099, "cvc": "123" }))
        })
        .await;
        let Some(token) = token["token"].as_str().map(str::to_string) else { continue };
        let key = format!("buyer-{n}-attempt-{attempt}");
        let body = json!({
            "address": { "name": "Crash Buyer", "line1": "1 Test Road", "city": "Testville", "postcode": "1", "region": "US" },
            "card_token": token,
            "expected_totals": quote.totals,
        });
        loop {
            let (status, answer) = send(|| {
                client.post(format!("{base}/api/v1/checkout")).header("Idempotency-Key", &key).json(&body)
            })
            .await;
            match status {
                201 => {
                    answered.push((key.clone(), answer["group_id"].as_str().expect("group id").to_string()));
                    break;
                }
                // The first send of this key is still running in this process: ask again shortly.
                409 if answer["error"]["code"] == "idempotency_key_in_use" => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                // Sold out or a changed cart: a definite "no", nothing was made.
                _ => break,
            }
        }
    }
    answered
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_nine_during_checkouts_leaves_no_half_done_order_and_a_balanced_ledger() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = format!("sqlite://{}", dir.path().join("bazaar.db").display());
    let config = dir.path().join("bazaar.toml");
    // A small catalog, and a provider that loses one answer in ten.
    std::fs::write(
        &config,
        "demo_products = 40\ndemo_sellers = 10\n[escrow]\ntest_provider_timeout_rate_ppm = 100000\n",
    )
    .expect("config");
    let media = dir.path().join("media");
    let port = TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port();
    let base = format!("http://127.0.0.1:{port}");
    let probe = reqwest::Client::new();

    let mut server = spawn(port, &database_url, &config, &media);
    wait_healthy(&probe, &base).await;
    let db = Database::connect(&database_url, 2).await.expect("the test reads the same database");
    let variants: Vec<(String, i64)> = sqlx::query_as(
        "SELECT v.id, v.stock FROM product_variants v JOIN products p ON p.id = v.product_id \
         JOIN sellers s ON s.id = p.seller_id WHERE s.region = 'US' AND v.stock > 0 ORDER BY v.id LIMIT 12",
    )
    .fetch_all(db.pool())
    .await
    .expect("variants");
    assert!(variants.len() >= 4, "the demo catalog has US stock");
    let initial_stock: HashMap<String, i64> = variants.iter().cloned().collect();
    let ids = Arc::new(variants.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>());

    let stop = Arc::new(AtomicBool::new(false));
    let buyers: Vec<_> =
        (0..BUYERS).map(|n| tokio::spawn(buyer(base.clone(), n, ids.clone(), stop.clone()))).collect();
    for _ in 0..KILLS {
        let wait = rand::rng().random_range(400..1_500);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        server.child.kill().expect("SIGKILL");
        server.child.wait().expect("reaped");
        server = spawn(port, &database_url, &config, &media);
        wait_healthy(&probe, &base).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    stop.store(true, Ordering::SeqCst);
    let mut answered = Vec::new();
    for buyer in buyers {
        answered.extend(buyer.await.expect("buyer finished"));
    }
    // One last kill right after the load, then a start: recovery at start-up settles whatever was in flight.
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("reaped");
    server = spawn(port, &database_url, &config, &media);
    wait_healthy(&probe, &base).await;

    let pool = db.pool();
    assert!(!answered.is_empty(), "checkouts went through between the kills");
    // Every answered key made exactly one checkout, and nothing else made any.
    let groups: HashSet<&str> = answered.iter().map(|(_, group)| group.as_str()).collect();
    assert_eq!(groups.len(), answered.len(), "one checkout per key");
    let (stored_groups,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM order_groups").fetch_one(pool).await.expect("count");
    assert_eq!(stored_groups as usize, answered.len(), "no checkout without an answered key");

    // No payment or order is left half-done.
    let (unsettled,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM payments WHERE state IN ('pending', 'requires_challenge')")
            .fetch_one(pool)
            .await
            .expect("count");
    assert_eq!(unsettled, 0, "every payment has a definite outcome");
    let (half_done,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM orders o JOIN payments p ON p.id = o.payment_id \
         WHERE o.state = 'pending_payment' OR (p.state = 'succeeded' AND o.state <> 'paid') \
            OR (p.state = 'failed' AND o.state <> 'payment_failed')",
    )
    .fetch_one(pool)
    .await
    .expect("count");
    assert_eq!(half_done, 0, "orders agree with their payments");

    // Money: balanced, escrow exact, nothing taken for a failed payment.
    let (unbalanced,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id, currency \
         HAVING SUM(amount_minor) <> 0) AS t",
    )
    .fetch_one(pool)
    .await
    .expect("count");
    assert_eq!(unbalanced, 0, "every transaction balances");
    let totals: Vec<(String, i64)> = sqlx::query_as(
        "SELECT currency, CAST(SUM(amount_minor) AS BIGINT) FROM ledger_entries GROUP BY currency",
    )
    .fetch_all(pool)
    .await
    .expect("totals");
    assert!(totals.iter().all(|(_, total)| *total == 0), "accounts sum to zero: {totals:?}");
    let (wrong_escrow,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM orders o WHERE (CASE WHEN o.state = 'paid' THEN o.total_minor ELSE 0 END) <> \
         (SELECT CAST(COALESCE(SUM(e.amount_minor), 0) AS BIGINT) FROM ledger_entries e WHERE e.account = 'escrow:' || o.id)",
    )
    .fetch_one(pool)
    .await
    .expect("count");
    assert_eq!(wrong_escrow, 0, "escrow holds exactly the paid orders' totals");
    let (kept_for_nothing,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM test_provider_charges c JOIN payments p ON p.id = c.merchant_reference \
         WHERE c.state IN ('authorized', 'succeeded') AND p.state <> 'succeeded' AND c.refunded_minor < c.amount_minor",
    )
    .fetch_one(pool)
    .await
    .expect("count");
    assert_eq!(kept_for_nothing, 0, "no card keeps a charge for a failed payment");
    let (charged_twice,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM (SELECT merchant_reference FROM test_provider_charges GROUP BY merchant_reference \
         HAVING COUNT(*) > 1) AS t",
    )
    .fetch_one(pool)
    .await
    .expect("count");
    assert_eq!(charged_twice, 0);

    // Stock: what is left plus what paid orders took is what there was.
    for (variant, before) in &initial_stock {
        let (now,): (i64,) = sqlx::query_as("SELECT stock FROM product_variants WHERE id = $1")
            .bind(variant)
            .fetch_one(pool)
            .await
            .expect("stock");
        let (sold,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) FROM order_lines l JOIN orders o ON o.id = l.order_id \
             WHERE l.variant_id = $1 AND o.state = 'paid'",
        )
        .bind(variant)
        .fetch_one(pool)
        .await
        .expect("sold");
        assert_eq!(now + sold, *before, "stock of {variant} adds up");
    }
    let states: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, COUNT(*) FROM orders GROUP BY state ORDER BY state")
            .fetch_all(pool)
            .await
            .expect("states");
    println!("{} checkouts answered across {KILLS} kills; orders by state: {states:?}", answered.len());
    db.close().await;
    server.child.kill().expect("stop");
    let _ = server.child.wait();
}
