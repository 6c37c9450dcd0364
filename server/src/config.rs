//! Configuration: built-in defaults, then a TOML file, then `BAZAAR_*` environment variables, then flags.
//!
//! Every knob is a flag with an environment variable, so `bazaar-server --help` documents all of them.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use shared::ranking::RankingWeights;

/// Command line of `bazaar-server`.
#[derive(Debug, Parser)]
#[command(
    name = "bazaar-server",
    version,
    about = "Bazaar marketplace server: storefront, consoles, REST API."
)]
pub struct Cli {
    /// TOML file with any of the settings below (same names, snake_case). Missing is fine unless given explicitly.
    #[arg(long, short = 'c', env = "BAZAAR_CONFIG", global = true)]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub overrides: Overrides,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do; `serve` when none is given.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database, seed demo data into an empty one, and serve HTTP until SIGINT/SIGTERM.
    Serve,
    /// Generate a deterministic demo catalog into an empty database (used for benchmarks), then exit.
    Seed(SeedArgs),
    /// Measure search and product-page latency through the real HTTP server on fresh catalogs of each size.
    ///
    /// For every size: a fresh SQLite database in a temporary directory, seeded with the demo generator (the
    /// seeding time is the index build time), then the server in-process on 127.0.0.1 and a closed-loop load
    /// driver at each concurrency. Prints progress and a markdown report; `--output` also writes it (and an SVG
    /// chart) to a file. Fails when more than 0.1 % of requests fail. Build with `--release` for real figures.
    Bench(BenchArgs),
    /// Measure completed escrow checkouts per second and checkout latency through the real HTTP server.
    ///
    /// A fresh database (a temporary SQLite file, or the empty PostgreSQL database --database-url names) with
    /// the demo catalog and endless stock, one shopper per concurrent buyer; each buyer adds an item, prices the
    /// cart and checks out with the test card, again and again. Audits the ledger at the end.
    BenchCheckout(CheckoutBenchArgs),
    /// Measure carrier webhook events ingested per second (signed, deduplicated, persisted) through the real
    /// HTTP server.
    ///
    /// A fresh database (a temporary SQLite file, or the empty database --bench-database-url names), the server
    /// on 127.0.0.1, and per run (carriers × concurrency) its own --shipments paid and shipped orders whose
    /// simulated stories are sent as each carrier sends them: NumeriPost and Scanline one event per request,
    /// BatchFreight 50 updates per batch, each request signed when sent. Checks every parcel afterwards (its
    /// story's final state, each event kept once). Build with `--release` for real figures.
    BenchCarrierEvents(CarrierBenchArgs),
    /// Move the open shipments of the built-in carriers through simulated stories, as the carriers would.
    ///
    /// Reads the shipments that are not delivered, returned or lost from the configured database, plans each
    /// parcel's story (failed attempts, losses, delays, duplicate and out-of-order events at the given rates), and
    /// posts every event in its carrier's native format, signed with the carrier's secret, to a running server's
    /// `/api/v1/carriers/{carrier}/events`: one event per parcel every --step-ms, dated when it is sent. Prints
    /// progress and what the server answered.
    SimulateCarriers(SimulateCarriersArgs),
}

/// Options of `bazaar-server bench-carrier-events`.
#[derive(Debug, Clone, Args)]
pub struct CarrierBenchArgs {
    /// Concurrent connections of the load driver, comma-separated; every carrier mix runs at each.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 8, 32])]
    pub concurrency: Vec<u32>,
    /// Which carriers send, comma-separated: one of them alone, or `mixed` (all three, a third of the parcels each).
    #[arg(long, value_delimiter = ',', default_values_t = [CarrierMix::Numeripost, CarrierMix::Scanline, CarrierMix::Batchfreight, CarrierMix::Mixed])]
    pub carriers: Vec<CarrierMix>,
    /// Shipments per run (each run gets fresh ones, so every event is new but the planned duplicates).
    #[arg(long, default_value_t = 2_000)]
    pub shipments: u32,
    /// Longest run, in seconds (a run also ends when all its requests are sent).
    #[arg(long, default_value_t = 60)]
    pub duration_secs: u64,
    /// Seed of the stories: the same seed, the same events.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Worker threads of the load driver's own runtime; the server keeps its usual one thread per core.
    #[arg(long, default_value_t = 1)]
    pub client_threads: usize,
    /// An empty database to use instead of a temporary SQLite file (e.g. a fresh PostgreSQL database).
    #[arg(long = "bench-database-url")]
    pub database_url: Option<String>,
    /// Also write the markdown report to this file, and an SVG chart beside it (same name, `.svg`).
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Who sends the events of a carrier-events run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum CarrierMix {
    Numeripost,
    Scanline,
    Batchfreight,
    /// All three at once.
    Mixed,
}

impl CarrierMix {
    /// The carriers' codes.
    pub fn carriers(self) -> &'static [&'static str] {
        match self {
            CarrierMix::Numeripost => &["numeripost"],
            CarrierMix::Scanline => &["scanline"],
            CarrierMix::Batchfreight => &["batchfreight"],
            CarrierMix::Mixed => &["numeripost", "scanline", "batchfreight"],
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CarrierMix::Numeripost => "numeripost",
            CarrierMix::Scanline => "scanline",
            CarrierMix::Batchfreight => "batchfreight",
            CarrierMix::Mixed => "mixed",
        }
    }
}

impl std::fmt::Display for CarrierMix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Options of `bazaar-server simulate-carriers`; rates not given come from `[logistics]` (simulator_*_pct).
#[derive(Debug, Clone, Args)]
pub struct SimulateCarriersArgs {
    /// The server to send to [default: http://<listen address>].
    #[arg(long)]
    pub server_url: Option<String>,
    /// Milliseconds between ticks; each parcel sends at most one event per tick (0: as fast as the server answers).
    #[arg(long, default_value_t = 1_000)]
    pub step_ms: u64,
    /// Percent of parcels with a failed delivery attempt.
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub failed_attempt: Option<u32>,
    /// Percent of parcels lost in transit.
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub lost: Option<u32>,
    /// Percent of events sent twice.
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub duplicate: Option<u32>,
    /// Percent of events sent after the next one.
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub reorder: Option<u32>,
    /// Percent of legs that take twice as long (an extra tick).
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub delay: Option<u32>,
    /// With the tracking number, decides each parcel's story; rerun with the same seed to resume.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Only this parcel (repeat for more); every open one by default.
    #[arg(long = "tracking-number")]
    pub tracking_numbers: Vec<String>,
}

#[derive(Debug, Clone, Args)]
pub struct CheckoutBenchArgs {
    /// Concurrent buyers, comma-separated; one run each.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 8, 32])]
    pub concurrency: Vec<u32>,
    /// Longest run, in seconds.
    #[arg(long, default_value_t = 20)]
    pub duration_secs: u64,
    /// Most checkouts per run.
    #[arg(long, default_value_t = 20_000)]
    pub checkouts: u64,
    /// An empty database to use instead of a temporary SQLite file (e.g. a fresh PostgreSQL database).
    #[arg(long = "bench-database-url")]
    pub database_url: Option<String>,
    /// Also write the markdown report to this file.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// Number of sellers to generate.
    #[arg(long, default_value_t = 50)]
    pub sellers: u32,
    /// Number of products to generate (1,000,000 is fine; it streams in batches).
    #[arg(long, default_value_t = 2_000)]
    pub products: u32,
    /// Seed of the random generator: the same seed always makes the same catalog.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Give products no placeholder images (faster for very large benchmark catalogs).
    #[arg(long)]
    pub no_images: bool,
}

/// Options of `bazaar-server bench`. Global flags (`--database-max-connections`, `--log`) apply to the server
/// under test; `--database-url`, `--listen` and `--seed-demo` are chosen by the bench.
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// Catalog sizes (products), comma-separated; each gets a fresh database.
    #[arg(long, value_delimiter = ',', default_values_t = [10_000, 100_000, 1_000_000])]
    pub sizes: Vec<u32>,
    /// What to measure, comma-separated: `search` (GET /api/v1/products?q=…), `product` (GET
    /// /api/v1/products/{id}?region=…), `list` (GET /api/v1/products?page=…&category=…).
    #[arg(long, alias = "scenario", value_delimiter = ',', default_values_t = [BenchScenario::Search, BenchScenario::Product])]
    pub scenarios: Vec<BenchScenario>,
    /// Concurrent connections of the load driver, comma-separated; every scenario runs at each.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 16])]
    pub concurrency: Vec<u32>,
    /// Measured requests per scenario and concurrency (a run also ends at --duration-secs).
    #[arg(long, default_value_t = 5_000)]
    pub requests: u64,
    /// Longest measured run per scenario and concurrency, in seconds (a run also ends at --requests).
    #[arg(long, default_value_t = 30)]
    pub duration_secs: u64,
    /// Unmeasured warm-up requests before each measured run (bounded by --duration-secs as well).
    #[arg(long, default_value_t = 500)]
    pub warmup_requests: u64,
    /// Directory for the temporary databases (one fresh subdirectory per size) [default: the system temp dir].
    #[arg(long)]
    pub workdir: Option<PathBuf>,
    /// Keep each size's database directory instead of deleting it after its runs.
    #[arg(long)]
    pub keep: bool,
    /// Also write the markdown report to this file, and an SVG chart beside it (same name, `.svg`).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Seed of the catalog generator and of the query mix: the same seed, the same catalog and requests.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// `Accept-Encoding` the driver sends (API clients typically send gzip); `identity` measures uncompressed.
    #[arg(long, default_value = "gzip")]
    pub accept_encoding: String,
    /// Worker threads of the load driver's own runtime; the server keeps its usual one thread per core.
    #[arg(long, default_value_t = 1)]
    pub client_threads: usize,
}

/// One kind of request the bench measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum BenchScenario {
    /// Catalog search with a deterministic query mix (words, pairs, prefixes, filters).
    Search,
    /// A product page by id.
    Product,
    /// The plain product list, paged and by category (works before search exists).
    List,
}

impl BenchScenario {
    pub fn as_str(self) -> &'static str {
        match self {
            BenchScenario::Search => "search",
            BenchScenario::Product => "product",
            BenchScenario::List => "list",
        }
    }
}

impl std::fmt::Display for BenchScenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Settings that flags and environment variables override. Unset ones keep the file's or the default value.
#[derive(Debug, Default, Args, Serialize)]
pub struct Overrides {
    /// Address to listen on [default: 127.0.0.1:3000].
    #[arg(long, env = "BAZAAR_LISTEN", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,

    /// Database URL: sqlite://data/bazaar.db (embedded, the default) or postgres://user:pass@host/db.
    #[arg(long, env = "BAZAAR_DATABASE_URL", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,

    /// Most database connections the pool opens [default: 8].
    #[arg(long, env = "BAZAAR_DATABASE_MAX_CONNECTIONS", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_max_connections: Option<u32>,

    /// Directory of the built UI (Trunk's output) [default: dist].
    #[arg(long, env = "BAZAAR_DIST_DIR", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dist_dir: Option<PathBuf>,

    /// Directory of uploaded and generated product images, named by content hash [default: ./data/media].
    #[arg(long, env = "BAZAAR_MEDIA_DIR", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_dir: Option<PathBuf>,

    /// Directory of shops' identity documents (verification). Never served publicly: only the shop's seller and
    /// operators read them, through the API [default: ./data/documents].
    #[arg(long, env = "BAZAAR_DOCUMENTS_DIR", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents_dir: Option<PathBuf>,

    /// Seed the demo catalog when the database has no products yet [default: true].
    #[arg(long, env = "BAZAAR_SEED_DEMO", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed_demo: Option<bool>,

    /// Mark the session cookie Secure (set when served over HTTPS) [default: false].
    #[arg(long, env = "BAZAAR_SECURE_COOKIES", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secure_cookies: Option<bool>,

    /// Sign-in/sign-up attempts per minute per IP and per account before answering 429 [default: 10].
    #[arg(long, env = "BAZAAR_AUTH_ATTEMPTS_PER_MINUTE", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_attempts_per_minute: Option<u32>,

    /// Search result pages kept in memory (each about the size of its JSON, 3-25 kB); 0 turns the cache off.
    /// Entries go on any catalog write by this server and after --search-cache-max-age-secs [default: 4096].
    #[arg(long, env = "BAZAAR_SEARCH_CACHE_ENTRIES", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_cache_entries: Option<u32>,

    /// Longest a cached search page, category tree or lane table is used, in seconds: how long a change made by
    /// another server process or by hand in SQL can stay unseen [default: 60].
    #[arg(long, env = "BAZAAR_SEARCH_CACHE_MAX_AGE_SECS", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_cache_max_age_secs: Option<u64>,

    /// Log filter in tracing's EnvFilter syntax; RUST_LOG wins when set [default: info].
    #[arg(long, env = "BAZAAR_LOG", global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,

    /// Run the carrier simulator in the background (`[logistics] simulator`): new shipments of the built-in
    /// carriers move through simulated stories via this server's own webhook. For demos [default: false].
    #[arg(long, env = "BAZAAR_CARRIER_SIMULATOR", global = true)]
    #[serde(skip)]
    pub carrier_simulator: Option<bool>,
}

/// The resolved configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Config {
    /// Where HTTP is served.
    pub listen: SocketAddr,
    /// Which database, and so which backend (SQLite or PostgreSQL).
    pub database_url: String,
    /// Upper bound on pooled connections; SQLite serializes writers anyway, so a few suffice.
    pub database_max_connections: u32,
    /// Static files of the UI; served with the SPA fallback.
    pub dist_dir: PathBuf,
    /// Product images (uploads and demo placeholders), content-addressed; served at `/media/{key}`.
    pub media_dir: PathBuf,
    /// Shops' identity documents, named by document id; never served publicly.
    pub documents_dir: PathBuf,
    /// Whether `serve` seeds demo data into an empty catalog.
    pub seed_demo: bool,
    /// Size of the demo catalog `serve` seeds.
    pub demo_sellers: u32,
    pub demo_products: u32,
    /// Log filter.
    pub log: String,
    /// How long in-flight requests may run after a shutdown signal.
    pub shutdown_grace_ms: u64,
    /// Mark the session cookie `Secure`; turn on when users reach Bazaar over HTTPS (e.g. behind a TLS proxy).
    pub secure_cookies: bool,
    /// Sign-in and sign-up attempts allowed per minute, per client IP and per account, before 429.
    pub auth_attempts_per_minute: u32,
    /// Search result pages cached in memory (0: off), invalidated by catalog writes of this process.
    pub search_cache_entries: u32,
    /// Oldest a cached catalog read may be: the bound on staleness from writes this process does not see.
    pub search_cache_max_age_secs: u64,
    /// How much each factor counts in "best match" (a `[ranking]` table in the file; see shared::ranking).
    pub ranking: RankingWeights,
    /// Escrow, payments and payouts (an `[escrow]` table in the file).
    pub escrow: EscrowConfig,
    /// Carriers (a `[logistics]` table in the file).
    pub logistics: LogisticsConfig,
}

/// Carriers and their webhooks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct LogisticsConfig {
    /// The secret the built-in carriers are registered with on first start (each carrier's own secret is then
    /// kept in the `carriers` table).
    pub carrier_webhook_secret: String,
    /// How often the logistics job runs (SLA breaches, delivery windows from measured transit).
    pub job_interval_secs: u64,
    /// The service-level agreements (a `[logistics.sla]` table): handling time in business days, hours for the
    /// carrier's first scan, days of grace on transit.
    pub sla: shared::logistics::SlaRules,
    /// How carriers are ranked for a parcel (a `[logistics.routing]` table): weights of price, transit, capacity
    /// left and partner score.
    pub routing: shared::logistics::RoutingWeights,
    /// Run the carrier simulator in the background: the built-in carriers move every new shipment through a
    /// story, posting signed events to this server's own webhook. For demos; off by default (and in tests).
    pub simulator: bool,
    /// Seconds between the simulator's ticks; a parcel sends at most one event per tick.
    pub simulator_step_secs: u64,
    /// Percent of parcels with a failed delivery attempt (a second attempt succeeds).
    pub simulator_failed_attempt_pct: u32,
    /// Percent of parcels lost in transit.
    pub simulator_lost_pct: u32,
    /// Percent of events the carrier sends twice.
    pub simulator_duplicate_pct: u32,
    /// Percent of events sent after the next one.
    pub simulator_reorder_pct: u32,
    /// Percent of legs that take twice as long.
    pub simulator_delay_pct: u32,
    /// With the tracking number, decides each parcel's story (the same seed replays the same story).
    pub simulator_seed: u64,
}

impl LogisticsConfig {
    /// The simulator's rates as `[logistics]` sets them.
    pub fn simulator_rates(&self) -> crate::carriers::simulator::Rates {
        crate::carriers::simulator::Rates {
            failed_attempt: self.simulator_failed_attempt_pct,
            lost: self.simulator_lost_pct,
            duplicate: self.simulator_duplicate_pct,
            reorder: self.simulator_reorder_pct,
            delay: self.simulator_delay_pct,
        }
    }
}

impl Default for LogisticsConfig {
    fn default() -> Self {
        let rates = crate::carriers::simulator::Rates::default();
        Self {
            carrier_webhook_secret: "whsec_bazaar_carriers".into(),
            job_interval_secs: 300,
            sla: shared::logistics::SlaRules::default(),
            routing: shared::logistics::RoutingWeights::default(),
            simulator: false,
            simulator_step_secs: 20,
            simulator_failed_attempt_pct: rates.failed_attempt,
            simulator_lost_pct: rates.lost,
            simulator_duplicate_pct: rates.duplicate,
            simulator_reorder_pct: rates.reorder,
            simulator_delay_pct: rates.delay,
            simulator_seed: 2026,
        }
    }
}

/// The money loop's rules and timings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct EscrowConfig {
    /// Days after delivery until escrow releases to the seller by itself (unless a dispute pauses the clock).
    pub auto_release_days: u32,
    /// Smallest payout a seller may request, in major units of the currency (10 → 10.00 USD).
    pub payout_minimum_major: u32,
    /// A payment without a definite answer this long is settled by asking the provider (recovery job).
    pub unsettled_after_secs: u64,
    /// How long a shopper has for the card's confirmation step before the payment counts as abandoned.
    pub challenge_expires_after_secs: u64,
    /// How often the escrow job runs (auto-release, recovery of interrupted payments and payouts).
    pub job_interval_secs: u64,
    /// The built-in test payment provider loses this share of answers (parts per million), like a real network.
    pub test_provider_timeout_rate_ppm: u32,
    /// The secret the test provider signs its webhooks with (a real provider's comes from its dashboard).
    pub test_provider_webhook_secret: String,
}

impl Default for EscrowConfig {
    fn default() -> Self {
        Self {
            auto_release_days: 10,
            payout_minimum_major: 10,
            unsettled_after_secs: 60,
            challenge_expires_after_secs: 15 * 60,
            job_interval_secs: 60,
            test_provider_timeout_rate_ppm: 0,
            test_provider_webhook_secret: "whsec_bazaar_test_provider".into(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: "sqlite://data/bazaar.db".into(),
            database_max_connections: 8,
            dist_dir: PathBuf::from("dist"),
            media_dir: PathBuf::from("./data/media"),
            documents_dir: PathBuf::from("./data/documents"),
            seed_demo: true,
            demo_sellers: 50,
            demo_products: 2_000,
            log: "info".into(),
            shutdown_grace_ms: 10_000,
            secure_cookies: false,
            auth_attempts_per_minute: 10,
            search_cache_entries: 4_096,
            search_cache_max_age_secs: 60,
            ranking: RankingWeights::default(),
            escrow: EscrowConfig::default(),
            logistics: LogisticsConfig::default(),
        }
    }
}

/// The file the server reads when `--config` is not given, if it exists.
const DEFAULT_CONFIG_FILE: &str = "bazaar.toml";

impl Config {
    /// Merges defaults, the config file and the overrides. A file named explicitly must exist.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Config, String> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) if !path.exists() => {
                return Err(format!("config file {} does not exist", path.display()));
            }
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new(DEFAULT_CONFIG_FILE).exists() => {
                figment = figment.merge(Toml::file_exact(DEFAULT_CONFIG_FILE));
            }
            None => {}
        }
        let mut config: Config = figment
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(|e| format!("invalid configuration: {}", e.to_string().replace('\n', "; ")))?;
        // A flag for one setting of a table: figment merges top-level settings only.
        if let Some(on) = overrides.carrier_simulator {
            config.logistics.simulator = on;
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_file_and_the_file_overrides_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("bazaar.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:4000\"\ndemo_products = 10\n").expect("write config");
        let overrides =
            Overrides { listen: Some(SocketAddr::from(([127, 0, 0, 1], 5000))), ..Default::default() };
        let config = Config::load(Some(&file), &overrides).expect("loads");
        assert_eq!(config.listen.port(), 5000);
        assert_eq!(config.demo_products, 10);
        assert_eq!(config.database_url, Config::default().database_url);
        assert_eq!(config.media_dir, PathBuf::from("./data/media"));
    }

    #[test]
    fn no_config_file_means_the_defaults() {
        // The tests run in the crate directory, which has no bazaar.toml.
        let config = Config::load(None, &Overrides::default()).expect("defaults load");
        assert_eq!(config.listen, Config::default().listen);
    }

    #[test]
    fn a_named_config_file_must_exist() {
        let error = Config::load(Some(Path::new("/nonexistent/bazaar.toml")), &Overrides::default())
            .expect_err("missing file is an error");
        assert!(error.contains("/nonexistent/bazaar.toml"), "{error}");
    }

    #[test]
    fn a_bad_value_in_the_file_is_reported_on_one_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("bad.toml");
        std::fs::write(&file, "listen = \"not an address\"\n").expect("write config");
        let error = Config::load(Some(&file), &Overrides::default()).expect_err("bad address");
        assert!(error.contains("listen") && !error.contains('\n'), "{error}");
    }
}
