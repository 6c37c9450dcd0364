//! `bazaar-server bench-carrier-events`: carrier webhook events ingested per second — signed, deduplicated and
//! persisted — through the real HTTP server, for each carrier alone and all three at once, at each concurrency.
//!
//! One fresh database (a temporary SQLite file, or the empty database `--bench-database-url` names), the server
//! as `serve` builds it in its own runtime on 127.0.0.1, and the closed-loop [`driver`] in another. Every run gets
//! its own `--shipments` paid and shipped orders, written directly through the db layer before the server serves.
//! Their stories come from the carrier simulator (its default rates: failed attempts, losses, 5 % duplicates,
//! 5 % reordered; dated in the past week) and go out as each carrier sends them ([`Delivery`]): NumeriPost and
//! Scanline one event per request, BatchFreight 50 updates per batch, each request signed as it is sent. Requests
//! go round-robin over the parcels (a parcel's next event comes after one of every other parcel's), so the
//! requests in flight are about different parcels, as with many real senders.
//!
//! After each complete run every parcel is checked: it ends in its story's final state and keeps each event
//! once. The bench fails when more than 0.1 % of a run's requests fail or a check does.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use shared::ids::{OrderGroupId, OrderId, PaymentId, ShipmentId};
use shared::tracking::TrackingStatus;

use super::checkout::TempDirectory;
use super::driver::{self, Requests, RunPlan};
use super::report::{self, ConcurrencyPanel, Machine, Summary, ms, thousands};
use crate::carriers::live::{Delivery, WebhookClient};
use crate::carriers::simulator::{Rates, Story, StoryEvent, plan};
use crate::clock::SystemClock;
use crate::config::{CarrierBenchArgs, CarrierMix, Config};
use crate::db::Database;
use crate::db::orders::{self as order_store, NewGroup, NewOrder, StateChange};
use crate::db::shipments::{self as store, ShipmentRow};
use crate::ids::fresh;
use crate::startup::Application;

/// The target: events ingested per second with all three carriers sending, on 2 cores, SQLite.
pub const TARGET_EVENTS_PER_S: f64 = 5_000.0;
/// Most concurrent connections of the driver.
const MAX_CONCURRENCY: u32 = 1_024;
/// Most shipments per run.
const MAX_SHIPMENTS: u32 = 1_000_000;
/// Orders and their shipments written per transaction while preparing.
const INSERT_CHUNK: usize = 500;
const DAY_MS: i64 = 24 * 60 * 60 * 1_000;

/// One run: a carrier mix at one concurrency, over its own parcels.
struct RunSetup {
    /// Which carriers send.
    mix: CarrierMix,
    /// The driver's connections.
    concurrency: u32,
    /// Unmeasured (the first run warms the server, the database and the connections).
    warm_up: bool,
    parcels: Vec<Parcel>,
}

/// A shipment of the run and its story.
struct Parcel {
    /// The carrier's code.
    carrier: &'static str,
    /// Its events and the order the carrier sends them in (dated in the past week).
    story: Story,
}

/// What one measured run yielded.
#[derive(Debug, Clone)]
pub struct Measured {
    pub mix: CarrierMix,
    pub concurrency: u32,
    pub summary: Summary,
    /// Events in the requests sent (a BatchFreight request carries many).
    pub events: u64,
    /// CPU time of the whole process (server and driver) per 1,000 events, where /proc tells.
    pub cpu_ms_per_1000_events: Option<f64>,
    /// "every parcel …", or why the check failed, or why it was skipped.
    pub check: Result<String, String>,
    pub error_samples: Vec<String>,
}

impl Measured {
    pub fn events_per_s(&self) -> f64 {
        per_second(self.events, self.summary.elapsed_us)
    }

    pub fn requests_per_s(&self) -> f64 {
        per_second(self.summary.requests, self.summary.elapsed_us)
    }
}

fn per_second(count: u64, elapsed_us: u64) -> f64 {
    if elapsed_us == 0 { 0.0 } else { count as f64 * 1_000_000.0 / elapsed_us as f64 }
}

/// The signed carrier requests of a run, in sending order.
struct SignedDeliveries {
    client: WebhookClient,
    deliveries: Vec<Delivery>,
}

impl Requests for SignedDeliveries {
    fn len(&self) -> usize {
        self.deliveries.len()
    }

    fn request(&self, n: usize) -> reqwest::RequestBuilder {
        self.client.request(&self.deliveries[n])
    }

    fn describe(&self, n: usize) -> String {
        let delivery = &self.deliveries[n];
        format!("{} request {n} ({} events)", delivery.carrier, delivery.events)
    }
}

pub fn run(config: Config, args: CarrierBenchArgs) -> Result<(), String> {
    validate(&args)?;
    let machine = super::machine();
    let build = if cfg!(debug_assertions) { "debug" } else { "release" };
    if build == "debug" {
        println!("warning: this is a debug build; figures are only meaningful from a release build");
    }
    let directory = TempDirectory::new("bench-carrier-events")?;
    let database_url = args
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", directory.path().join("carriers.db").display()));
    let server_runtime =
        tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    let client_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.client_threads.max(1))
        .thread_name("bench-driver")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the load driver's runtime: {e}"))?;
    println!(
        "bench-carrier-events: {} cores, load average {}; carriers {}; concurrency {}; {} shipments per run",
        machine.cores,
        machine.load_before,
        args.carriers.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        args.concurrency.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        thousands(args.shipments.into()),
    );

    let mut server_config = config.clone();
    server_config.listen = SocketAddr::from(([127, 0, 0, 1], 0));
    server_config.database_url = database_url.clone();
    server_config.seed_demo = false;
    server_config.dist_dir = directory.path().join("no-ui");
    server_config.media_dir = directory.path().join("media");
    server_config.logistics.simulator = false;
    println!("Preparing {} …", crate::db::redact(&database_url));
    let application = server_runtime.block_on(async {
        seed_parties(&database_url).await?;
        Application::build_with_clock(server_config, Arc::new(SystemClock))
            .await
            .map_err(|e| format!("the server did not start: {e}"))
    })?;
    let db = application.database();
    let runs = server_runtime.block_on(prepare_runs(&db, &args))?;
    let base_url = format!("http://{}", application.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = server_runtime.spawn(application.run_until(async move {
        let _ = stopped.await;
    }));
    println!("  serving at {base_url}");

    let outcome = measure_all(&server_runtime, &client_runtime, &db, &base_url, runs, &args);
    let _ = stop.send(());
    match server_runtime.block_on(server) {
        Ok(Ok(())) => {}
        Ok(Err(error)) => println!("  warning: the server stopped with an error: {error}"),
        Err(error) => println!("  warning: the server task failed: {error}"),
    }
    server_runtime.shutdown_timeout(Duration::from_secs(5));
    let measured = outcome?;

    let load_after = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let report = CarrierReport {
        date: time::OffsetDateTime::now_utc().date().to_string(),
        command: super::command_line(),
        build,
        backend: if database_url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" },
        pool_connections: config.database_max_connections,
        shipments: args.shipments,
        client_threads: args.client_threads.max(1),
        machine,
        load_after: load_after.split_whitespace().next().unwrap_or_default().to_string(),
        runs: measured,
    };
    let chart = args.output.as_ref().map(|path| path.with_extension("svg"));
    let chart_name = chart.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
    let markdown = report.markdown(chart_name.as_deref());
    println!("\n{markdown}");
    if let (Some(path), Some(chart)) = (&args.output, &chart) {
        super::write_file(path, &markdown)?;
        super::write_file(chart, &report.svg())?;
        println!("report written to {} (chart: {})", path.display(), chart.display());
    }
    let failures = report.failures();
    if failures.is_empty() { Ok(()) } else { Err(failures.join(" | ")) }
}

fn validate(args: &CarrierBenchArgs) -> Result<(), String> {
    if args.concurrency.is_empty() || args.concurrency.iter().any(|&c| c == 0 || c > MAX_CONCURRENCY) {
        return Err(format!("--concurrency needs values from 1 to {MAX_CONCURRENCY}"));
    }
    if args.carriers.is_empty() {
        return Err("--carriers needs at least one of numeripost, scanline, batchfreight, mixed".into());
    }
    if args.shipments == 0 || args.shipments > MAX_SHIPMENTS || args.duration_secs == 0 {
        return Err(format!("--shipments must be 1 to {MAX_SHIPMENTS} and --duration-secs above 0"));
    }
    Ok(())
}

/// Who the bench's orders are between: the demo shopper and the demo seller's shop.
struct Parties {
    shopper_id: String,
    seller_id: String,
}

/// Migrates the fresh database and seeds a small catalog and the demo accounts (the orders need a shopper and
/// a shop).
async fn seed_parties(url: &str) -> Result<(), String> {
    let db = Database::connect(url, 2).await.map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    let plan = crate::demo::SeedPlan { sellers: 2, products: 20, seed: 42 };
    crate::demo::seed_if_empty_with_media(&db, plan, None).await.map_err(|e| format!("seeding: {e:#}"))?;
    crate::demo::accounts::seed_demo_accounts(&db).await.map_err(|e| format!("demo accounts: {e:#}"))?;
    db.close().await;
    Ok(())
}

async fn parties(db: &Database) -> Result<Parties, String> {
    let find = |email: &'static str| async move {
        crate::db::accounts::find_user_by_email(db.pool(), email)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("the demo account {email} is missing"))
    };
    let shopper = find("shopper@bazaar.test").await?;
    let seller = find("seller@bazaar.test").await?;
    let seller_id = seller.seller_id.ok_or("the demo seller has no shop")?;
    Ok(Parties { shopper_id: shopper.id, seller_id })
}

/// Every run's shipments (a warm-up first), written before the server serves; their stories.
async fn prepare_runs(db: &Database, args: &CarrierBenchArgs) -> Result<Vec<RunSetup>, String> {
    let parties = parties(db).await?;
    let now = crate::ids::now_ms();
    let mut setups = vec![(CarrierMix::Mixed, args.concurrency.iter().copied().max().unwrap_or(1), true)];
    for &mix in &args.carriers {
        for &concurrency in &args.concurrency {
            setups.push((mix, concurrency, false));
        }
    }
    let mut runs = Vec::with_capacity(setups.len());
    for (number, (mix, concurrency, warm_up)) in setups.into_iter().enumerate() {
        let count = if warm_up { (args.shipments / 10).max(30) } else { args.shipments };
        println!(
            "  run {number}: {} shipments for {mix} at concurrency {concurrency}{}",
            thousands(count.into()),
            if warm_up { " (warm-up)" } else { "" }
        );
        let carriers = mix.carriers();
        let shipments: Vec<(&'static str, String)> = (0..count as usize)
            .map(|n| {
                let carrier = carriers[n % carriers.len()];
                (carrier, format!("{}{number:03}{n:07}", prefix(carrier)))
            })
            .collect();
        // Labels nine days ago, stories over the past eight (the longest takes under seven): all in the past.
        insert_shipments(db, &parties, &shipments, now - 9 * DAY_MS).await?;
        let numbers: Vec<String> = shipments.iter().map(|(_, tracking)| tracking.clone()).collect();
        let stories = plan(&numbers, now - 8 * DAY_MS, Rates::default(), args.seed ^ number as u64);
        let parcels = shipments.iter().zip(stories).map(|((carrier, _), story)| Parcel { carrier, story });
        runs.push(RunSetup { mix, concurrency, warm_up, parcels: parcels.collect() });
    }
    Ok(runs)
}

fn prefix(carrier: &str) -> &'static str {
    match carrier {
        "numeripost" => "NP",
        "scanline" => "SL",
        _ => "BF",
    }
}

/// Paid and shipped orders of the demo shop, each with a shipment of `carrier` under `tracking`.
async fn insert_shipments(
    db: &Database,
    parties: &Parties,
    shipments: &[(&'static str, String)],
    at_ms: i64,
) -> Result<(), String> {
    let failed = |what: &str, e: sqlx::Error| format!("preparing the bench's orders ({what}): {e}");
    for chunk in shipments.chunks(INSERT_CHUNK) {
        let mut rows = Vec::with_capacity(chunk.len());
        let mut tx = db.begin_write().await.map_err(|e| failed("begin", e))?;
        for (carrier, tracking) in chunk {
            let group = fresh(OrderGroupId::from_parts).to_string();
            let payment = fresh(PaymentId::from_parts).to_string();
            let order = fresh(OrderId::from_parts).to_string();
            let new_group = NewGroup {
                id: &group,
                shopper_id: &parties.shopper_id,
                ship_name: "Bench Shopper",
                ship_line1: "1 Load Street",
                ship_line2: "",
                ship_city: "Benchville",
                ship_postcode: "1",
                ship_region: "US",
            };
            order_store::insert_group(&mut tx, &new_group, at_ms).await.map_err(|e| failed("group", e))?;
            order_store::insert_payment(&mut tx, &payment, &group, "USD", 1_000, "test", at_ms)
                .await
                .map_err(|e| failed("payment", e))?;
            let new_order = NewOrder {
                id: &order,
                group_id: &group,
                payment_id: &payment,
                shopper_id: &parties.shopper_id,
                seller_id: &parties.seller_id,
                currency: "USD",
                items_subtotal_minor: 1_000,
                discount_minor: 0,
                shipping_minor: 0,
                total_minor: 1_000,
                commission_minor: 100,
                promotions_json: "[]",
                delivery_service_level: "standard",
                delivery_carrier: carrier,
                delivery_days_min: 2,
                delivery_days_max: 5,
            };
            order_store::insert_order(&mut tx, &new_order, at_ms).await.map_err(|e| failed("order", e))?;
            let shipped = StateChange {
                paid_at_ms: Some(at_ms),
                shipped_at_ms: Some(at_ms),
                tracking_number: Some(tracking),
                ..StateChange::default()
            };
            order_store::change_state(&mut tx, &order, "pending_payment", "shipped", &shipped, at_ms)
                .await
                .map_err(|e| failed("shipping", e))?;
            rows.push(ShipmentRow {
                id: fresh(ShipmentId::from_parts).to_string(),
                order_id: order,
                carrier_code: carrier.to_string(),
                tracking_number: tracking.clone(),
                status: TrackingStatus::LabelCreated.as_str().to_string(),
                status_since_ms: at_ms,
                furthest_stage: TrackingStatus::LabelCreated.stage().map(i64::from),
                created_at_ms: at_ms,
                delivered_at_ms: None,
                service_level: "standard".to_string(),
                origin_region: "US".to_string(),
                destination_region: "US".to_string(),
                currency: "USD".to_string(),
                price_minor: 500,
                transit_max_days: 5,
                first_scan_at_ms: None,
                deliver_by_ms: None,
                had_exception: 0,
            });
        }
        tx.commit().await.map_err(|e| failed("commit", e))?;
        for row in &rows {
            store::insert_shipment(db.pool(), row).await.map_err(|e| failed("shipment", e))?;
        }
    }
    Ok(())
}

/// The run's requests: round by round, one event of every parcel that still has one, each carrier's way.
fn deliveries(parcels: &[Parcel]) -> Vec<Delivery> {
    let rounds = parcels.iter().map(|p| p.story.sending_order.len()).max().unwrap_or(0);
    let mut deliveries = Vec::new();
    for round in 0..rounds {
        let events: Vec<(&'static str, StoryEvent)> = parcels
            .iter()
            .filter_map(|parcel| {
                let index = *parcel.story.sending_order.get(round)?;
                Some((parcel.carrier, parcel.story.events[index].clone()))
            })
            .collect();
        deliveries.extend(Delivery::for_events(events));
    }
    deliveries
}

fn measure_all(
    server_runtime: &tokio::runtime::Runtime,
    client_runtime: &tokio::runtime::Runtime,
    db: &Database,
    base_url: &str,
    runs: Vec<RunSetup>,
    args: &CarrierBenchArgs,
) -> Result<Vec<Measured>, String> {
    let client = client_runtime.block_on(async {
        let probe = reqwest::Client::new();
        super::wait_until_ready(&probe, base_url).await?;
        WebhookClient::for_builtin_carriers(db, base_url, Arc::new(SystemClock))
            .await
            .map_err(|e| format!("{e:#}"))
    })?;
    let mut measured = Vec::new();
    for run in runs {
        let deliveries = deliveries(&run.parcels);
        let requests = deliveries.len() as u64;
        let events: Vec<u64> = deliveries.iter().map(|d| u64::from(d.events)).collect();
        let signed = Arc::new(SignedDeliveries { client: client.clone(), deliveries });
        let plan = RunPlan {
            concurrency: run.concurrency,
            requests,
            duration: Duration::from_secs(args.duration_secs),
        };
        let cpu_before = super::process_cpu_ms();
        let result = client_runtime.block_on(driver::run_requests(signed, plan));
        let cpu_after = super::process_cpu_ms();
        let summary = result.summary();
        let sent_events: u64 = events.iter().take(summary.requests as usize).sum();
        let complete = summary.requests == requests && summary.errors == 0;
        let check = if complete {
            server_runtime.block_on(check_parcels(db, &run.parcels))
        } else {
            Err(format!(
                "not checked: {} of {} requests sent, {} failed",
                summary.requests, requests, summary.errors
            ))
        };
        let outcome = Measured {
            mix: run.mix,
            concurrency: run.concurrency,
            summary,
            events: sent_events,
            cpu_ms_per_1000_events: cpu_before
                .zip(cpu_after)
                .map(|(before, after)| (after - before) * 1_000.0 / sent_events.max(1) as f64),
            check,
            error_samples: result.error_samples,
        };
        println!(
            "  {}{} at concurrency {}: {} events in {} requests in {:.1} s: {} events/s, {} requests/s, p50 {}, \
             p99 {}, {} errors{}; {}",
            outcome.mix,
            if run.warm_up { " (warm-up)" } else { "" },
            outcome.concurrency,
            thousands(outcome.events),
            thousands(summary.requests),
            summary.elapsed_us as f64 / 1_000_000.0,
            thousands(outcome.events_per_s().round() as u64),
            thousands(outcome.requests_per_s().round() as u64),
            ms(summary.p50_us),
            ms(summary.p99_us),
            summary.errors,
            outcome
                .cpu_ms_per_1000_events
                .map_or(String::new(), |cpu| format!(", CPU {cpu:.0} ms per 1,000 events")),
            match &outcome.check {
                Ok(fine) => fine.clone(),
                Err(problem) => format!("CHECK FAILED: {problem}"),
            }
        );
        if !run.warm_up {
            measured.push(outcome);
        }
    }
    Ok(measured)
}

/// Every parcel in its story's final state, with each of its events kept once.
async fn check_parcels(db: &Database, parcels: &[Parcel]) -> Result<String, String> {
    let failed = |e: sqlx::Error| format!("reading back: {e}");
    let mut connection = db.pool().acquire().await.map_err(failed)?;
    let (mut delivered, mut lost) = (0u64, 0u64);
    for parcel in parcels {
        let story = &parcel.story;
        let shipment = store::shipment_by_tracking(&mut connection, parcel.carrier, &story.tracking_number)
            .await
            .map_err(failed)?
            .ok_or_else(|| format!("{} is missing", story.tracking_number))?;
        if shipment.status != story.final_status().as_str() {
            return Err(format!(
                "{} via {} is {}, its story ends {}",
                story.tracking_number,
                parcel.carrier,
                shipment.status,
                story.final_status().as_str()
            ));
        }
        let kept = store::timeline(db.pool(), &shipment.id).await.map_err(failed)?.len();
        if kept != story.events.len() {
            return Err(format!("{} kept {kept} events of {}", story.tracking_number, story.events.len()));
        }
        match story.final_status() {
            TrackingStatus::Delivered => delivered += 1,
            _ => lost += 1,
        }
    }
    Ok(format!(
        "checked: {} delivered and {} lost as planned, each event kept once",
        thousands(delivered),
        thousands(lost)
    ))
}

/// Everything measured, and how.
struct CarrierReport {
    date: String,
    command: String,
    build: &'static str,
    backend: &'static str,
    pool_connections: u32,
    shipments: u32,
    client_threads: usize,
    machine: Machine,
    /// `/proc/loadavg`'s 1-minute figure at the end.
    load_after: String,
    runs: Vec<Measured>,
}

impl CarrierReport {
    /// The mixed run with the most events per second: the figure the target is about.
    fn best_mixed(&self) -> Option<&Measured> {
        self.runs
            .iter()
            .filter(|run| run.mix == CarrierMix::Mixed && run.check.is_ok())
            .max_by(|a, b| a.events_per_s().total_cmp(&b.events_per_s()))
    }

    /// Runs with too many errors or a failed check, described.
    fn failures(&self) -> Vec<String> {
        let mut failures = Vec::new();
        for run in &self.runs {
            let name = format!("{} at concurrency {}", run.mix, run.concurrency);
            if report::too_many_errors(&run.summary) {
                failures.push(format!(
                    "{name}: {} of {} requests failed; first: {}",
                    run.summary.errors,
                    run.summary.requests,
                    run.error_samples.join("; ")
                ));
            }
            if let Err(problem) = &run.check {
                failures.push(format!("{name}: {problem}"));
            }
        }
        failures
    }

    fn markdown(&self, chart: Option<&str>) -> String {
        use std::fmt::Write as _;
        let machine = &self.machine;
        let mut out = format!("# Carrier webhook events, {}\n\nCommand: `{}`\n\n", self.date, self.command);
        let _ = writeln!(
            out,
            "Machine: {} cores, {}, {}; load average {} at the start, {} at the end. Server: {} build, in-process on \
             127.0.0.1 (its own runtime, one worker per core), {} in a fresh database, pool of {} connections. Each \
             run: {} fresh shipped orders, their simulated stories (failed attempts, losses, 5 % duplicates, 5 % \
             reordered) sent round-robin over the parcels, every request signed as it is sent; load driver: closed \
             loop over HTTP/1.1 keep-alive, {} thread(s), after an unmeasured warm-up run.\n",
            machine.cores,
            if machine.cpu.is_empty() { "unknown CPU" } else { &machine.cpu },
            if machine.os.is_empty() { "unknown OS" } else { &machine.os },
            if machine.load_before.is_empty() { "unknown" } else { &machine.load_before },
            if self.load_after.is_empty() { "unknown" } else { &self.load_after },
            self.build,
            self.backend,
            self.pool_connections,
            thousands(self.shipments.into()),
            self.client_threads,
        );
        let failures = self.failures();
        if !failures.is_empty() {
            out.push_str("## Failed runs\n\n");
            for failure in &failures {
                let _ = writeln!(out, "- {failure}");
            }
            out.push('\n');
        }
        let (measured, mark) = match self.best_mixed() {
            Some(run) => (
                format!(
                    "{}/s at concurrency {}",
                    thousands(run.events_per_s().round() as u64),
                    run.concurrency
                ),
                if run.events_per_s() >= TARGET_EVENTS_PER_S { "✓" } else { "✗" },
            ),
            None => ("not measured (run `--carriers mixed`)".to_string(), "–"),
        };
        let _ = writeln!(
            out,
            "## Target\n\n| target | measured | |\n|---|---|---|\n| ≥ {} events/s ingested (signed, deduplicated, \
             persisted), all three carriers at once, {} cores, {} | {measured} | {mark} |\n",
            thousands(TARGET_EVENTS_PER_S as u64),
            machine.cores,
            self.backend,
        );
        out.push_str(
            "## Events and requests per second\n\n\
             | carriers | concurrency | requests | events | errors | p50 | p90 | p99 | max | requests/s | events/s | \
             CPU per 1,000 events |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        );
        for run in &self.runs {
            let s = &run.summary;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                run.mix,
                run.concurrency,
                thousands(s.requests),
                thousands(run.events),
                s.errors,
                ms(s.p50_us),
                ms(s.p90_us),
                ms(s.p99_us),
                ms(s.max_us),
                thousands(run.requests_per_s().round() as u64),
                thousands(run.events_per_s().round() as u64),
                run.cpu_ms_per_1000_events.map_or("–".to_string(), |cpu| format!("{cpu:.0} ms")),
            );
        }
        if let Some(chart) = chart {
            let _ = writeln!(out, "\n![events per second and p99 latency by concurrency]({chart})");
        }
        out.push_str("\nChecks after each run:\n\n");
        for run in &self.runs {
            let check = match &run.check {
                Ok(fine) => fine.clone(),
                Err(problem) => format!("FAILED: {problem}"),
            };
            let _ = writeln!(out, "- {} at concurrency {}: {check}", run.mix, run.concurrency);
        }
        out.push_str(
            "\nRequests: `POST /api/v1/carriers/{carrier}/events` with `Bazaar-Carrier-Signature` — NumeriPost and \
             Scanline one event per request, BatchFreight 50 updates per batch; **mixed** sends a third of the \
             parcels with each. Latency is from sending a request to reading its whole answer; CPU is the whole \
             process's (server and driver) per 1,000 events. A non-200 answer is an error.\n",
        );
        out
    }

    /// Events per second and p99 latency by concurrency, a line per carrier mix.
    fn svg(&self) -> String {
        let mut mixes: Vec<CarrierMix> = self.runs.iter().map(|run| run.mix).collect();
        mixes.sort();
        mixes.dedup();
        let series = |value: &dyn Fn(&Measured) -> f64| -> Vec<(String, Vec<(u32, f64)>)> {
            mixes
                .iter()
                .map(|mix| {
                    let points = self
                        .runs
                        .iter()
                        .filter(|r| r.mix == *mix)
                        .map(|r| (r.concurrency, value(r)))
                        .collect();
                    (mix.to_string(), points)
                })
                .collect()
        };
        report::concurrency_svg(&[
            ConcurrencyPanel {
                title: "events ingested per second".into(),
                unit: "events/s".into(),
                series: series(&|run| run.events_per_s()),
                target: Some((TARGET_EVENTS_PER_S, "target (mixed)".into())),
            },
            ConcurrencyPanel {
                title: "p99 latency per request".into(),
                unit: "ms".into(),
                series: series(&|run| run.summary.p99_us as f64 / 1_000.0),
                target: None,
            },
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parcel(carrier: &'static str, tracking: &str, seed: u64) -> Parcel {
        let story = plan(&[tracking.to_string()], 0, Rates::default(), seed).remove(0);
        Parcel { carrier, story }
    }

    #[test]
    fn requests_go_round_robin_one_event_per_parcel_per_round_and_batchfreight_batches() {
        let parcels: Vec<Parcel> = (0..120)
            .map(|n| parcel(["numeripost", "scanline", "batchfreight"][n % 3], &format!("T{n}"), n as u64))
            .collect();
        let all = deliveries(&parcels);
        let events: u32 = all.iter().map(|d| d.events).sum();
        let planned: usize = parcels.iter().map(|p| p.story.sending_order.len()).sum();
        assert_eq!(events as usize, planned, "every planned sending, duplicates included");
        // First round: 80 single events, then the 40 BatchFreight parcels in one batch.
        assert_eq!(all[..81].iter().map(|d| d.events).sum::<u32>(), 120);
        assert_eq!((all[80].carrier, all[80].events), ("batchfreight", 40));
        assert!(all.iter().all(|d| d.events <= 50));
    }

    fn measured(mix: CarrierMix, concurrency: u32, events: u64, elapsed_us: u64) -> Measured {
        Measured {
            mix,
            concurrency,
            summary: Summary {
                requests: events,
                elapsed_us,
                p50_us: 1_000,
                p99_us: 4_000,
                ..Summary::default()
            },
            events,
            cpu_ms_per_1000_events: Some(250.0),
            check: Ok("checked".into()),
            error_samples: Vec::new(),
        }
    }

    #[test]
    fn the_target_is_the_best_mixed_run_and_the_report_shows_every_run() {
        let report = CarrierReport {
            date: "2026-11-23".into(),
            command: "bazaar-server bench-carrier-events".into(),
            build: "release",
            backend: "SQLite",
            pool_connections: 8,
            shipments: 2_000,
            client_threads: 1,
            machine: Machine { cores: 2, ..Machine::default() },
            load_after: "1.5".into(),
            runs: vec![
                measured(CarrierMix::Numeripost, 8, 10_000, 4_000_000),
                measured(CarrierMix::Mixed, 1, 10_000, 4_000_000),
                measured(CarrierMix::Mixed, 8, 12_000, 2_000_000),
            ],
        };
        let markdown = report.markdown(Some("carriers.svg"));
        assert!(markdown.contains("| 6,000/s at concurrency 8 | ✓ |"), "{markdown}");
        assert!(markdown.contains("| numeripost | 8 | 10,000 | 10,000 | 0 |"), "{markdown}");
        assert!(markdown.contains("| 2,500 | 2,500 | 250 ms |"), "{markdown}");
        assert!(markdown.contains("![events per second and p99 latency by concurrency](carriers.svg)"));
        assert!(report.failures().is_empty());
        assert_eq!(report.svg().matches("<polyline").count(), 4, "two mixes, two panels");

        let slow = CarrierReport { runs: vec![measured(CarrierMix::Mixed, 8, 4_000, 1_000_000)], ..report };
        assert!(slow.markdown(None).contains("| 4,000/s at concurrency 8 | ✗ |"));
        let broken = CarrierReport {
            runs: vec![Measured { check: Err("NP1 kept 3 events of 5".into()), ..slow.runs[0].clone() }],
            ..slow
        };
        assert_eq!(broken.failures(), ["mixed at concurrency 8: NP1 kept 3 events of 5"]);
    }
}
