//! `bazaar-server bench`: seeds fresh catalogs of each size, serves them with the real server in-process, and
//! measures it over loopback HTTP with a bounded closed-loop driver. Nothing here is on the request path: the
//! server under test is the one `serve` builds ([`Application::build`]).
//!
//! # Layout
//! - this module: the run — per size a fresh SQLite file, timed seeding (with placeholder images, as `serve`
//!   seeds), the server on `127.0.0.1:0` in its own runtime, then every scenario at every concurrency from the
//!   driver's runtime; progress on stdout.
//! - [`queries`]: the requests (the search query mix lives there, in one table).
//! - [`driver`]: the closed-loop load driver and its HDR histograms.
//! - [`report`]: figures → markdown and SVG, and the check against the issue's targets.
//! - [`checkout`]: the `bench-checkout` command (escrow checkouts per second).
//! - [`carrier_events`]: the `bench-carrier-events` command (carrier webhook events ingested per second).
//!
//! # Invariants
//! - Every run is bounded by a request count and a duration; each request by a timeout.
//! - More than 0.1 % failed requests in a run fails the bench, naming the first failures.

pub mod carrier_events;
pub mod checkout;
pub mod driver;
pub mod queries;
pub mod report;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::config::{BenchArgs, BenchScenario, Config};
use crate::db::{self, Database};
use crate::demo::{self, SeedPlan};
use crate::media::MediaStore;
use crate::startup::Application;
use driver::RunPlan;
use report::{Machine, Report, Run, Setup, SizeResult};

/// Sellers per product: 50 per 10,000 products, as in the demo catalog.
const PRODUCTS_PER_SELLER: u32 = 200;
/// Beyond this many sellers, bigger catalogs give each seller more products.
const MAX_SELLERS: u32 = 1_000;
/// Most workers the driver runs at once.
const MAX_CONCURRENCY: u32 = 1_024;
/// How long the server may take to answer its health check after binding.
const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// Sellers generated for a catalog of `products`.
pub fn sellers_for(products: u32) -> u32 {
    (products / PRODUCTS_PER_SELLER).clamp(1, MAX_SELLERS)
}

/// Runs the bench; prints progress and the report, writes it to `--output` when given.
pub fn run(config: Config, args: BenchArgs) -> Result<(), String> {
    validate(&args)?;
    let started = Instant::now();
    let machine = machine();
    let list = |items: Vec<String>| items.join(", ");
    println!(
        "bench: {} cores, load average {}; sizes {}; scenarios {}; concurrency {}",
        machine.cores,
        machine.load_before,
        list(args.sizes.iter().map(|&n| report::thousands(n.into())).collect()),
        list(args.scenarios.iter().map(ToString::to_string).collect()),
        list(args.concurrency.iter().map(ToString::to_string).collect()),
    );
    let build = if cfg!(debug_assertions) { "debug" } else { "release" };
    if build == "debug" {
        println!("warning: this is a debug build; figures are only meaningful from a release build");
    }
    let client_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.client_threads.max(1))
        .thread_name("bench-driver")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the load driver's runtime: {e}"))?;
    let workdir = args.workdir.clone().unwrap_or_else(std::env::temp_dir);
    let mut sizes = Vec::new();
    let mut notes = Vec::new();
    let mut failures = Vec::new();
    for &products in &args.sizes {
        println!("\n== {} products", report::thousands(products.into()));
        let directory = workdir.join(format!("bazaar-bench-{}-{products}", std::process::id()));
        std::fs::create_dir_all(&workdir)
            .and_then(|()| std::fs::create_dir(&directory))
            .map_err(|e| format!("cannot create {}: {e}", directory.display()))?;
        let outcome = bench_size(&config, &args, products, &directory, &client_runtime);
        if args.keep {
            println!("  kept {}", directory.display());
        } else if let Err(error) = std::fs::remove_dir_all(&directory) {
            println!("  warning: could not delete {}: {error}", directory.display());
        }
        let outcome = outcome?;
        for note in outcome.notes {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        failures.extend(outcome.failures);
        sizes.push(outcome.size);
    }
    let search_is_stand_in = notes.iter().any(|n| n.contains(SEARCH_IGNORED));
    let report = Report {
        setup: Setup {
            date: time::OffsetDateTime::now_utc().date().to_string(),
            command: command_line(),
            build,
            pool_connections: config.database_max_connections,
            accept_encoding: args.accept_encoding.clone(),
            client_threads: args.client_threads.max(1),
            warmup_requests: args.warmup_requests,
            requests: args.requests,
            duration_secs: args.duration_secs,
        },
        machine,
        sizes,
        notes,
        failures: failures.clone(),
        search_is_stand_in,
    };
    let chart = args.output.as_ref().map(|path| path.with_extension("svg"));
    let chart_name = chart.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
    let markdown = report.markdown(chart_name.as_deref());
    println!("\n{markdown}");
    if let (Some(path), Some(chart)) = (&args.output, &chart) {
        write_file(path, &markdown)?;
        write_file(chart, &report.svg())?;
        println!("report written to {} (chart: {})", path.display(), chart.display());
    }
    println!("bench finished in {:.0} s", started.elapsed().as_secs_f64());
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "more than 0.1 % of requests failed in {} run(s): {}",
            failures.len(),
            failures.join(" | ")
        ))
    }
}

fn validate(args: &BenchArgs) -> Result<(), String> {
    if args.sizes.is_empty() || args.sizes.contains(&0) {
        return Err("--sizes needs one or more catalog sizes above 0".into());
    }
    if args.concurrency.is_empty() || args.concurrency.iter().any(|&c| c == 0 || c > MAX_CONCURRENCY) {
        return Err(format!("--concurrency needs values from 1 to {MAX_CONCURRENCY}"));
    }
    if args.scenarios.is_empty() {
        return Err("--scenarios needs at least one of search, product, list".into());
    }
    if args.requests == 0 || args.duration_secs == 0 {
        return Err("--requests and --duration-secs must be above 0".into());
    }
    Ok(())
}

pub(crate) fn write_file(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Seeds a fresh database of `products` in `directory`, serves it, and drives every scenario against it.
fn bench_size(
    config: &Config,
    args: &BenchArgs,
    products: u32,
    directory: &Path,
    client_runtime: &tokio::runtime::Runtime,
) -> Result<SizeOutcome, String> {
    // The server gets its own runtime, built as `serve` builds it (one worker per core); dropping it at the end
    // also ends the server's background jobs.
    let server_runtime =
        tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    let database_file = directory.join("bench.db");
    let database_url = format!("sqlite://{}", database_file.display());
    let plan = SeedPlan { sellers: sellers_for(products), products, seed: args.seed };
    // Placeholder images as `serve` seeds them, so results and product pages carry image URLs.
    let media = MediaStore::new(directory.join("media"));
    let (seed_ms, ids) =
        server_runtime.block_on(prepare(&database_url, config.database_max_connections, plan, &media))?;
    let database_bytes = [database_file.clone(), database_file.with_extension("db-wal")]
        .iter()
        .filter_map(|file| std::fs::metadata(file).ok())
        .map(|meta| meta.len())
        .sum();

    let mut server_config = config.clone();
    server_config.listen = SocketAddr::from(([127, 0, 0, 1], 0));
    server_config.database_url = database_url;
    server_config.seed_demo = false;
    server_config.media_dir = media.root().to_path_buf();
    // No UI: the bench measures the API, and precompressing a real dist would compete for the CPU.
    server_config.dist_dir = directory.join("no-ui");
    let application = server_runtime
        .block_on(Application::build(server_config))
        .map_err(|e| format!("the server did not start: {e}"))?;
    let base_url = format!("http://{}", application.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = server_runtime.spawn(application.run_until(async move {
        let _ = stopped.await;
    }));
    println!("  serving at {base_url}");

    let measured = client_runtime.block_on(drive_all(args, products, &base_url, &ids));
    let _ = stop.send(());
    match server_runtime.block_on(server) {
        Ok(Ok(())) => {}
        Ok(Err(error)) => println!("  warning: the server stopped with an error: {error}"),
        Err(error) => println!("  warning: the server task failed: {error}"),
    }
    server_runtime.shutdown_timeout(Duration::from_secs(5));
    let Driven { runs, notes, failures } = measured?;
    let size = SizeResult { products, sellers: plan.sellers, seed_ms, database_bytes, runs };
    Ok(SizeOutcome { size, notes, failures })
}

/// What one catalog size yielded.
struct SizeOutcome {
    size: SizeResult,
    notes: Vec<String>,
    /// Runs with more than 0.1 % failed requests, described; the bench reports them and then fails.
    failures: Vec<String>,
}

/// What the driver measured against one server.
struct Driven {
    runs: Vec<Run>,
    notes: Vec<String>,
    failures: Vec<String>,
}

/// Migrates and seeds the fresh database (timed), then samples product ids for product pages.
async fn prepare(
    url: &str,
    max_connections: u32,
    plan: SeedPlan,
    media: &MediaStore,
) -> Result<(u64, Vec<String>), String> {
    let database = Database::connect(url, max_connections).await.map_err(|e| e.to_string())?;
    database.migrate().await.map_err(|e| e.to_string())?;
    println!(
        "  seeding {} products from {} sellers (seed {})",
        report::thousands(plan.products.into()),
        plan.sellers,
        plan.seed
    );
    let started = Instant::now();
    let mut shown_tenths = 0;
    let seeded = demo::seed_if_empty_with_progress(&database, plan, Some(media), |inserted, total| {
        let tenths = u64::from(inserted) * 10 / u64::from(total.max(1));
        if tenths > shown_tenths && tenths < 10 {
            shown_tenths = tenths;
            println!(
                "    {:>3} %  {} products, {:.1} s",
                tenths * 10,
                report::thousands(inserted.into()),
                started.elapsed().as_secs_f64()
            );
        }
    })
    .await
    .map_err(|e| format!("seeding failed: {e:#}"))?;
    let seed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    if !seeded {
        return Err("the bench database was not empty".into());
    }
    println!(
        "  seeded in {:.1} s ({} products/s)",
        seed_ms as f64 / 1_000.0,
        report::thousands(u64::from(plan.products) * 1_000 / seed_ms.max(1))
    );
    let ids = sample_product_ids(&database, plan.seed, queries::PRODUCT_SAMPLE).await?;
    database.close().await;
    Ok((seed_ms, ids))
}

/// Ids spread evenly over the catalog's creation times, chosen by a seeded generator.
async fn sample_product_ids(database: &Database, seed: u64, count: usize) -> Result<Vec<String>, String> {
    let pool = database.pool();
    let failed = |e: sqlx::Error| format!("sampling product ids failed: {e}");
    let Some((oldest, newest)) = db::catalog::product_time_span(pool).await.map_err(failed)? else {
        return Ok(Vec::new());
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1d5);
    let mut ids = Vec::with_capacity(count);
    for _ in 0..count {
        let at_ms = rng.random_range(oldest..=newest);
        if let Some(id) = db::catalog::product_id_created_from(pool, at_ms).await.map_err(failed)? {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Added to the report when the server answers a nonsense search with products: it ignores `q`.
const SEARCH_IGNORED: &str = "this server ignores the search parameter `q`";

/// Every scenario at every concurrency against the server at `base_url`.
async fn drive_all(
    args: &BenchArgs,
    products: u32,
    base_url: &str,
    ids: &[String],
) -> Result<Driven, String> {
    let mut headers = reqwest::header::HeaderMap::new();
    let encoding = reqwest::header::HeaderValue::from_str(&args.accept_encoding)
        .map_err(|_| format!("--accept-encoding {:?} is not a valid header value", args.accept_encoding))?;
    headers.insert(reqwest::header::ACCEPT_ENCODING, encoding);
    headers.insert(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static("application/json"));
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .tcp_nodelay(true)
        .timeout(driver::REQUEST_TIMEOUT)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    wait_until_ready(&client, base_url).await?;

    let mut runs = Vec::new();
    let mut notes = Vec::new();
    let mut failures = Vec::new();
    for &scenario in &args.scenarios {
        let paths: Arc<[String]> = match scenario {
            BenchScenario::Search => {
                if !search_is_real(&client, base_url).await? {
                    println!("  warning: {SEARCH_IGNORED}; the search rows measure the plain list");
                    notes.push(format!(
                        "{SEARCH_IGNORED} (a nonsense query returned products), so the search rows measure the \
                         unfiltered list and no target is checked."
                    ));
                }
                queries::search_paths(args.seed, queries::SEARCH_PATHS).into()
            }
            BenchScenario::Product => queries::product_paths(ids).into(),
            BenchScenario::List => queries::list_paths(args.seed, queries::LIST_PATHS).into(),
        };
        if paths.is_empty() {
            return Err(format!("no requests to send for {scenario} (an empty catalog?)"));
        }
        for &concurrency in &args.concurrency {
            let duration = Duration::from_secs(args.duration_secs);
            println!(
                "  {scenario} at concurrency {concurrency}: {} warm-up requests, then {} measured (at most {} s)",
                report::thousands(args.warmup_requests),
                report::thousands(args.requests),
                args.duration_secs
            );
            if args.warmup_requests > 0 {
                let warmup = RunPlan { concurrency, requests: args.warmup_requests, duration };
                driver::run(&client, base_url, paths.clone(), warmup).await;
            }
            let plan = RunPlan { concurrency, requests: args.requests, duration };
            let cache_before = crate::services::catalog::search_cache_counts();
            let cpu_before = process_cpu_ms();
            let result = driver::run(&client, base_url, paths.clone(), plan).await;
            let summary = result.summary();
            if let (Some(before), Some(after)) = (cpu_before, process_cpu_ms()) {
                // CPU time rather than wall time: unlike req/s it does not move with other load on the machine.
                println!(
                    "    CPU {:.2} ms per request (server and driver, {} cores busy on average)",
                    (after - before) / summary.requests.max(1) as f64,
                    format_args!(
                        "{:.2}",
                        (after - before) / 1_000.0 / result.elapsed.as_secs_f64().max(1e-9)
                    )
                );
            }
            if scenario == BenchScenario::Search {
                let note = search_cache_note(cache_before, products, concurrency);
                println!("    {note}");
                notes.push(note);
            }
            println!(
                "    {} requests in {:.1} s: p50 {}, p99 {}, max {}, {} req/s, {} errors",
                report::thousands(summary.requests),
                result.elapsed.as_secs_f64(),
                report::ms(summary.p50_us),
                report::ms(summary.p99_us),
                report::ms(summary.max_us),
                report::thousands(summary.throughput_per_s().round() as u64),
                summary.errors
            );
            if report::too_many_errors(&summary) {
                // Reported, and the bench fails at the end; the other runs still go into the report.
                let failure = format!(
                    "{scenario} at concurrency {concurrency} on {} products: {} of {} requests failed; first: {}",
                    report::thousands(products.into()),
                    summary.errors,
                    summary.requests,
                    result.error_samples.join("; ")
                );
                println!("    FAILED (more than 0.1 % errors): {failure}");
                failures.push(failure);
            }
            runs.push(Run { scenario, concurrency, summary });
        }
    }
    Ok(Driven { runs, notes, failures })
}

/// CPU time this process has used (user and system, all threads), in milliseconds; None where /proc is absent.
pub(crate) fn process_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
    // state is field 3, utime field 14 and stime field 15, in clock ticks (100 per second on Linux).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 * 10.0)
}

/// The result cache's share of a measured search run: it answers repeats of the bench's fixed query list, so
/// cached figures hold only for a workload that repeats queries as often.
fn search_cache_note(before: (u64, u64), products: u32, concurrency: u32) -> String {
    let (hits, misses) = crate::services::catalog::search_cache_counts();
    let (hits, misses) = (hits - before.0, misses - before.1);
    let size = report::thousands(products.into());
    if hits + misses == 0 {
        format!("Search result cache off ({size} products, concurrency {concurrency}).")
    } else {
        format!(
            "Search result cache, {size} products, concurrency {concurrency}: {} of {} searches answered from \
             the cache ({:.1} %).",
            report::thousands(hits),
            report::thousands(hits + misses),
            hits as f64 * 100.0 / (hits + misses) as f64
        )
    }
}

pub(crate) async fn wait_until_ready(client: &reqwest::Client, base_url: &str) -> Result<(), String> {
    let started = Instant::now();
    loop {
        let answer = client.get(format!("{base_url}/healthz")).send().await;
        if answer.as_ref().is_ok_and(|r| r.status().is_success()) {
            return Ok(());
        }
        if started.elapsed() > READY_TIMEOUT {
            return Err(format!("the server at {base_url} did not become healthy: {answer:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether the server searches: a query no product matches must find nothing. A server that rejects `q` fails
/// the bench with a hint; one that ignores it is reported as a stand-in.
async fn search_is_real(client: &reqwest::Client, base_url: &str) -> Result<bool, String> {
    let failed = |e: reqwest::Error| format!("probing search failed: {e}");
    // Uncompressed, to read `total` (the driver's client may ask for gzip, which it does not decode).
    let response = client
        .get(format!("{base_url}/api/v1/products?q=zqxjvw&per_page=1"))
        .header(reqwest::header::ACCEPT_ENCODING, "identity")
        .send()
        .await
        .map_err(failed)?;
    let status = response.status();
    let body = response.bytes().await.map_err(failed)?;
    if status != reqwest::StatusCode::OK {
        return Err(format!(
            "the server answers a search with HTTP {}: {}. Search is not available in this build; run \
             `--scenarios list,product`, or adjust the query mix in server/src/bench/queries.rs",
            status.as_u16(),
            String::from_utf8_lossy(&body).chars().take(200).collect::<String>()
        ));
    }
    let page: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| format!("probing search: the answer is not JSON ({e})"))?;
    Ok(page.get("total").and_then(serde_json::Value::as_u64) == Some(0))
}

/// The command as typed, quoted where a shell would need it.
pub(crate) fn command_line() -> String {
    let mut words: Vec<String> = std::env::args().collect();
    if let Some(program) = words.first_mut() {
        // The path of the binary differs between machines; its name does not.
        let name = Path::new(program.as_str()).file_name().map(|n| n.to_string_lossy().into_owned());
        if let Some(name) = name {
            *program = name;
        }
    }
    words
        .iter()
        .map(|word| {
            let plain = !word.is_empty()
                && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_=,./:@+".contains(c));
            if plain { word.clone() } else { format!("'{}'", word.replace('\'', r"'\''")) }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cores available to this process, CPU model, memory and kernel, from the standard library and /proc.
pub(crate) fn machine() -> Machine {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split_once(':'))
        .map(|(_, model)| model.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let ram_bytes = read("/proc/meminfo")
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024);
    let kernel = read("/proc/sys/kernel/osrelease");
    let load_before = read("/proc/loadavg").split_whitespace().next().unwrap_or_default().to_string();
    Machine {
        cores: std::thread::available_parallelism().map_or(1, usize::from),
        cpu,
        ram_bytes,
        os: if kernel.trim().is_empty() { String::new() } else { format!("Linux {}", kernel.trim()) },
        load_before,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sellers_scale_with_the_catalog_up_to_a_cap() {
        assert_eq!(sellers_for(2_000), 10);
        assert_eq!(sellers_for(10_000), 50);
        assert_eq!(sellers_for(100_000), 500);
        assert_eq!(sellers_for(1_000_000), MAX_SELLERS);
        assert_eq!(sellers_for(10), 1);
    }
}
