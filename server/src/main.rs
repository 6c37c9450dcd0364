use std::process::ExitCode;

use clap::Parser;
use server::config::{Cli, Command, Config};
use server::startup::{Application, shutdown_signal};
use server::{db, demo, telemetry};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut config = match Config::load(cli.config.as_deref(), &cli.overrides) {
        Ok(config) => config,
        Err(message) => return fail(&message),
    };
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Bench(args) = command {
        // The bench prints its own progress; the server's info lines would interleave with it, it serves no UI on
        // purpose (so the warning about a missing one is noise), and slow statements show in its percentiles
        // (`--log warn` brings sqlx's slow-statement warnings back).
        if cli.overrides.log.is_none() {
            config.log = "warn,server::http::static_files=error,sqlx=error".into();
        }
        telemetry::init_logging(&config.log);
        // The bench builds its own runtimes: one for the server under test, one for the load driver.
        return match server::bench::run(config, args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => fail(&message),
        };
    }
    if let Command::BenchCheckout(args) = command {
        if cli.overrides.log.is_none() {
            config.log = "warn,server::http::static_files=error,sqlx=error".into();
        }
        telemetry::init_logging(&config.log);
        return match server::bench::checkout::run(config, args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => fail(&message),
        };
    }
    if let Command::BenchCarrierEvents(args) = command {
        if cli.overrides.log.is_none() {
            config.log = "warn,server::http::static_files=error,sqlx=error".into();
        }
        telemetry::init_logging(&config.log);
        return match server::bench::carrier_events::run(config, args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => fail(&message),
        };
    }
    telemetry::init_logging(&config.log);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => return fail(&format!("cannot start the async runtime: {error}")),
    };
    let outcome = match command {
        Command::Serve => runtime.block_on(serve(config)),
        Command::Seed(args) => runtime.block_on(seed(config, args)),
        Command::SimulateCarriers(args) => runtime.block_on(simulate_carriers(config, args)),
        // Handled above, before any runtime exists.
        Command::Bench(_) | Command::BenchCheckout(_) | Command::BenchCarrierEvents(_) => Ok(()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let database = db::redact(&config.database_url);
    let seeded_demo = config.seed_demo;
    let simulator_step_secs = config.logistics.simulator.then_some(config.logistics.simulator_step_secs);
    let application = Application::build(config).await.map_err(|e| e.to_string())?;
    let url = format!("http://{}", application.local_addr());
    tracing::info!(%url, %database, "Bazaar is serving");
    println!("Bazaar is running at {url}  (Ctrl-C to stop)");
    if seeded_demo {
        println!("Demo accounts (password after the slash):");
        for account in &demo::accounts::DEMO_ACCOUNTS {
            println!("  {:<9} {} / {}", account.role.as_str(), account.email, account.password);
        }
    }
    if let Some(step) = simulator_step_secs {
        println!("Carrier simulator on: shipped parcels move one tracking event every {step} s.");
    }
    application.run_until(shutdown_signal()).await.map_err(|e| format!("server error: {e}"))
}

async fn seed(config: Config, args: server::config::SeedArgs) -> Result<(), String> {
    let database = db::Database::connect(&config.database_url, config.database_max_connections)
        .await
        .map_err(|e| e.to_string())?;
    database.migrate().await.map_err(|e| e.to_string())?;
    let plan = demo::SeedPlan { sellers: args.sellers, products: args.products, seed: args.seed };
    let media = (!args.no_images).then(|| server::media::MediaStore::new(&config.media_dir));
    let seeded = demo::seed_if_empty_with_media(&database, plan, media.as_ref())
        .await
        .map_err(|e| format!("seeding failed: {e:#}"))?;
    if !seeded {
        return Err("the database already has products; seed into a fresh one".into());
    }
    database.close().await;
    Ok(())
}

/// `simulate-carriers`: the open shipments through their stories, sent to a running server.
async fn simulate_carriers(config: Config, args: server::config::SimulateCarriersArgs) -> Result<(), String> {
    use server::carriers::live::{self, LiveOptions, WebhookClient};
    let database = db::Database::connect(&config.database_url, 2).await.map_err(|e| e.to_string())?;
    let server_url = args.server_url.clone().unwrap_or_else(|| live::local_url(config.listen));
    let defaults = config.logistics.simulator_rates();
    let rates = server::carriers::simulator::Rates {
        failed_attempt: args.failed_attempt.unwrap_or(defaults.failed_attempt),
        lost: args.lost.unwrap_or(defaults.lost),
        duplicate: args.duplicate.unwrap_or(defaults.duplicate),
        reorder: args.reorder.unwrap_or(defaults.reorder),
        delay: args.delay.unwrap_or(defaults.delay),
    };
    let options = LiveOptions {
        rates,
        seed: args.seed.unwrap_or(config.logistics.simulator_seed),
        step: std::time::Duration::from_millis(args.step_ms),
    };
    let clock = std::sync::Arc::new(server::clock::SystemClock);
    let client = WebhookClient::for_builtin_carriers(&database, &server_url, clock)
        .await
        .map_err(|e| format!("{e:#}"))?;
    println!("Simulating carriers against {server_url} ({rates:?}, seed {}) …", options.seed);
    let outcome = live::simulate_open_shipments(&database, &client, options, &args.tracking_numbers, |tick, moving, tally| {
        println!(
            "  tick {tick}: {} events in {} requests so far ({} accepted, {} duplicates, {} failed requests); \
             {moving} parcels still moving",
            tally.events, tally.requests, tally.accepted, tally.duplicates, tally.failed_requests
        );
    })
    .await
    .map_err(|e| format!("{e:#}"))?;
    database.close().await;
    let tally = &outcome.tally;
    println!(
        "{} open parcels ({} to be delivered, {} to be lost) in {} ticks: {} events sent in {} requests, {} accepted, \
         {} duplicates, {} failed requests",
        outcome.parcels,
        outcome.delivered,
        outcome.lost,
        outcome.ticks,
        tally.events,
        tally.requests,
        tally.accepted,
        tally.duplicates,
        tally.failed_requests
    );
    match &tally.first_error {
        Some(error) => Err(format!("{} requests failed; the first: {error}", tally.failed_requests)),
        None => Ok(()),
    }
}

/// One line on stderr and a failing exit code: the operator sees which thing is wrong and why.
fn fail(message: &str) -> ExitCode {
    eprintln!("bazaar-server: error: {message}");
    ExitCode::FAILURE
}
