//! `bazaar-server bench-checkout`: completed escrow checkouts per second and checkout latency through the real
//! HTTP server, at each concurrency.
//!
//! One fresh database (a temporary SQLite file, or the empty PostgreSQL database `--database-url` names) with the
//! demo catalog and stock that never runs out, one shopper account per concurrent buyer, the server in its own
//! runtime on 127.0.0.1. Each buyer loops as a shopper would: put one unit in the cart, read the cart and price it
//! with `shared::pricing`, check out with a new idempotency key and the test card. Latency is the checkout request's;
//! throughput counts checkouts answered with the payment captured and the money in escrow. After every run the
//! ledger is audited (each transaction balanced, every currency summing to zero).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use rand::Rng;
use serde_json::{Value, json};
use shared::commerce::CartView;

use crate::clock::SystemClock;
use crate::config::{CheckoutBenchArgs, Config};
use crate::db::Database;
use crate::demo::{self, SeedPlan};
use crate::startup::Application;

const PASSWORD: &str = "checkout bench password";
const CARD: &str = "4242424242424242";

/// A directory for the run's files, removed when the run ends.
pub(crate) struct TempDirectory(std::path::PathBuf);

impl TempDirectory {
    /// `<temp>/bazaar-<name>-<pid>`.
    pub(crate) fn new(name: &str) -> Result<Self, String> {
        let path = std::env::temp_dir().join(format!("bazaar-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok(Self(path))
    }

    pub(crate) fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDirectory {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One measured run.
struct Measured {
    concurrency: u32,
    checkouts: u64,
    errors: u64,
    elapsed: Duration,
    latencies_us: Histogram<u64>,
    first_error: Option<String>,
}

pub fn run(config: Config, args: CheckoutBenchArgs) -> Result<(), String> {
    let directory = TempDirectory::new("bench-checkout")?;
    let database_url = args
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", directory.path().join("checkout.db").display()));
    let buyers = args.concurrency.iter().copied().max().unwrap_or(1);
    let server_runtime =
        tokio::runtime::Runtime::new().map_err(|e| format!("cannot start a runtime: {e}"))?;
    let client_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;

    println!("Preparing {database_url} …", database_url = crate::db::redact(&database_url));
    let variants = server_runtime.block_on(prepare(&database_url, buyers))?;
    let mut server_config = config.clone();
    server_config.listen = SocketAddr::from(([127, 0, 0, 1], 0));
    server_config.database_url = database_url.clone();
    server_config.seed_demo = false;
    server_config.auth_attempts_per_minute = 1_000_000;
    server_config.dist_dir = directory.path().join("no-ui");
    server_config.media_dir = directory.path().join("media");
    let application = server_runtime
        .block_on(Application::build_with_clock(server_config, Arc::new(SystemClock)))
        .map_err(|e| format!("the server did not start: {e}"))?;
    let base = format!("http://{}", application.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = server_runtime.spawn(application.run_until(async move {
        let _ = stopped.await;
    }));
    println!("  serving at {base}");

    let mut runs = Vec::new();
    for &concurrency in &args.concurrency {
        let measured = client_runtime.block_on(drive(&base, concurrency, &variants, &args))?;
        println!(
            "  c{concurrency}: {} checkouts in {:.1} s, p50 {:.1} ms, p99 {:.1} ms, {} errors",
            measured.checkouts,
            measured.elapsed.as_secs_f64(),
            measured.latencies_us.value_at_quantile(0.5) as f64 / 1_000.0,
            measured.latencies_us.value_at_quantile(0.99) as f64 / 1_000.0,
            measured.errors
        );
        runs.push(measured);
    }
    let audit = server_runtime.block_on(audit(&database_url))?;
    let _ = stop.send(());
    let _ = server_runtime.block_on(server);
    server_runtime.shutdown_timeout(Duration::from_secs(5));

    let report = report(&args, &database_url, &runs, &audit);
    println!("\n{report}");
    if let Some(path) = &args.output {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(path, &report).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("written to {}", path.display());
    }
    if !audit.starts_with("balanced") {
        return Err(format!("the ledger audit failed: {audit}"));
    }
    Ok(())
}

/// Migrates and seeds, makes stock endless, creates the shoppers; returns the variants buyers pick from.
async fn prepare(url: &str, buyers: u32) -> Result<Vec<String>, String> {
    let db = Database::connect(url, 4).await.map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    let plan = SeedPlan { sellers: 50, products: 2_000, seed: 42 };
    demo::seed_if_empty_with_media(&db, plan, None).await.map_err(|e| format!("seeding: {e:#}"))?;
    demo::accounts::seed_demo_accounts(&db).await.map_err(|e| format!("demo accounts: {e:#}"))?;
    let pool = db.pool();
    crate::db::orders::set_all_stock(pool, 100_000_000).await.map_err(|e| e.to_string())?;
    let hash = password_auth::generate_hash(PASSWORD);
    for n in 0..buyers {
        let (id, email) = (crate::ids::fresh(shared::ids::UserId::from_parts).to_string(), buyer_email(n));
        let user = crate::db::accounts::NewUser {
            id: &id,
            email: &email,
            display_name: "Bench Buyer",
            password_hash: &hash,
            role: "shopper",
            shop: None,
            created_at_ms: 0,
        };
        crate::db::accounts::insert_user(pool, &user).await.map_err(|e| e.to_string())?;
    }
    let variants = crate::db::orders::variants_in_region(pool, "US", 500).await.map_err(|e| e.to_string())?;
    db.close().await;
    Ok(variants)
}

fn buyer_email(n: u32) -> String {
    format!("bench-buyer-{n}@bazaar.test")
}

/// Signs in `concurrency` buyers and runs them until the time or the checkout count is used up.
async fn drive(
    base: &str,
    concurrency: u32,
    variants: &[String],
    args: &CheckoutBenchArgs,
) -> Result<Measured, String> {
    let mut clients = Vec::new();
    for n in 0..concurrency {
        let client = reqwest::Client::builder().cookie_store(true).build().map_err(|e| e.to_string())?;
        let response = client
            .post(format!("{base}/api/accounts/sign_in"))
            .form(&[("email", buyer_email(n).as_str()), ("password", PASSWORD)])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("bench buyer {n} could not sign in: {}", response.status()));
        }
        let token: Value = client
            .post(format!("{base}/test-provider/v1/tokens"))
            .json(&json!({ "number": CARD, "exp_month": 12, "exp_year": 2099, "cvc": "123" }))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        let token = token["token"].as_str().ok_or("no card token")?.to_string();
        clients.push((client, token));
    }
    let taken = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.duration_secs);
    let variants = Arc::new(variants.to_vec());
    let mut workers = tokio::task::JoinSet::new();
    for (n, (client, token)) in clients.into_iter().enumerate() {
        let (base, variants, taken, limit) =
            (base.to_string(), variants.clone(), taken.clone(), args.checkouts);
        workers.spawn(async move {
            let mut histogram = new_histogram();
            let (mut done, mut errors, mut first_error) = (0u64, 0u64, None::<String>);
            let mut attempt = 0u64;
            while Instant::now() < deadline && taken.fetch_add(1, Ordering::SeqCst) < limit {
                attempt += 1;
                match one_checkout(
                    &client,
                    &base,
                    &variants,
                    &token,
                    &format!("bench-c{concurrency}-{n}-{attempt}"),
                )
                .await
                {
                    Ok(latency) => {
                        done += 1;
                        let _ =
                            histogram.record(u64::try_from(latency.as_micros()).unwrap_or(u64::MAX).max(1));
                    }
                    Err(error) => {
                        errors += 1;
                        first_error.get_or_insert(error);
                    }
                }
            }
            (histogram, done, errors, first_error)
        });
    }
    let mut measured = Measured {
        concurrency,
        checkouts: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies_us: new_histogram(),
        first_error: None,
    };
    while let Some(joined) = workers.join_next().await {
        let (histogram, done, errors, first_error) = joined.map_err(|e| e.to_string())?;
        let _ = measured.latencies_us.add(histogram);
        measured.checkouts += done;
        measured.errors += errors;
        if measured.first_error.is_none() {
            measured.first_error = first_error;
        }
    }
    measured.elapsed = started.elapsed();
    Ok(measured)
}

/// Cart, price, checkout; the checkout request's latency when the money ended in escrow.
async fn one_checkout(
    client: &reqwest::Client,
    base: &str,
    variants: &[String],
    token: &str,
    key: &str,
) -> Result<Duration, String> {
    let variant = &variants[rand::rng().random_range(0..variants.len())];
    let added = client
        .post(format!("{base}/api/v1/cart/items"))
        .json(&json!({ "variant_id": variant, "quantity": 1 }))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !added.status().is_success() {
        return Err(format!("add to cart: {}", added.status()));
    }
    let cart: CartView = client
        .get(format!("{base}/api/v1/cart?region=US"))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let totals = cart.quote(&[]).map_err(|e| e.to_string())?.totals;
    let body = json!({
        "address": { "name": "Bench Buyer", "line1": "1 Load Street", "city": "Benchville", "postcode": "1", "region": "US" },
        "card_token": token,
        "expected_totals": totals,
    });
    let sent = Instant::now();
    let response = client
        .post(format!("{base}/api/v1/checkout"))
        .header("Idempotency-Key", key)
        .json(&body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let answer: Value = response.json().await.map_err(|e| e.to_string())?;
    let latency = sent.elapsed();
    let paid = answer["payments"].as_array().is_some_and(|p| p.iter().all(|p| p["state"] == "succeeded"));
    if status.as_u16() == 201 && paid { Ok(latency) } else { Err(format!("checkout: {status} {answer}")) }
}

fn new_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds")
}

/// "balanced (N entries)" or what is wrong.
async fn audit(url: &str) -> Result<String, String> {
    let db = Database::connect(url, 2).await.map_err(|e| e.to_string())?;
    let (unbalanced, totals) = crate::db::orders::ledger_audit(db.pool()).await.map_err(|e| e.to_string())?;
    db.close().await;
    if unbalanced.is_empty() && totals.iter().all(|(_, total)| *total == 0) {
        Ok(format!(
            "balanced (every transaction, and every currency sums to zero over {} currencies)",
            totals.len()
        ))
    } else {
        Ok(format!("{} unbalanced transactions; totals {totals:?}", unbalanced.len()))
    }
}

fn report(args: &CheckoutBenchArgs, database_url: &str, runs: &[Measured], audit: &str) -> String {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let backend = if database_url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
    let mut out = format!(
        "Checkout benchmark on {backend}: `bazaar-server bench-checkout --concurrency {} --duration-secs {} --checkouts {}`\n\n\
         Load average at the end: {}\n\n\
         | concurrency | checkouts | errors | p50 | p99 | max | checkouts/s | target (c32: ≥ 1,000/s, p99 ≤ 50 ms) |\n\
         |---:|---:|---:|---:|---:|---:|---:|---|\n",
        args.concurrency.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
        args.duration_secs,
        args.checkouts,
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    );
    for run in runs {
        let h = &run.latencies_us;
        let ms = |us: u64| format!("{:.1} ms", us as f64 / 1_000.0);
        let rate = run.checkouts as f64 / run.elapsed.as_secs_f64().max(1e-9);
        let target = if run.concurrency == 32 {
            if rate >= 1_000.0 && h.value_at_quantile(0.99) <= 50_000 { "✓" } else { "✗" }
        } else {
            ""
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {:.0} | {} |\n",
            run.concurrency,
            run.checkouts,
            run.errors,
            ms(h.value_at_quantile(0.5)),
            ms(h.value_at_quantile(0.99)),
            ms(h.max()),
            rate,
            target
        ));
    }
    out.push_str(&format!("\nLedger after the runs: {audit}.\n"));
    if let Some(error) = runs.iter().find_map(|run| run.first_error.as_deref()) {
        out.push_str(&format!("\nFirst error: {error}\n"));
    }
    out
}
