//! `TestApp::spawn`: a server on port 0 over a fresh database, stopped when the test ends.

use std::path::PathBuf;

use std::sync::Arc;

use server::clock::ManualClock;
use server::config::{Config, EscrowConfig, LogisticsConfig};
use server::db::Database;
use server::services::orders::OrderService;
use server::startup::Application;
use tempfile::TempDir;

/// A database for one test: a fresh SQLite file, or a fresh PostgreSQL database.
pub struct TestDatabase {
    pub url: String,
    pub label: &'static str,
    /// Keeps the SQLite file's directory alive for the test's duration.
    _dir: Option<TempDir>,
}

impl TestDatabase {
    pub fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("bazaar.db").display());
        TestDatabase { url, label: "sqlite", _dir: Some(dir) }
    }

    /// A new, empty PostgreSQL database, or None when no server is configured.
    pub async fn postgres() -> Option<TestDatabase> {
        use sqlx::Connection;
        use sqlx::Executor;
        let Ok(admin_url) = std::env::var("BAZAAR_TEST_POSTGRES_URL") else {
            assert!(
                std::env::var("BAZAAR_REQUIRE_POSTGRES").is_err(),
                "BAZAAR_REQUIRE_POSTGRES is set but BAZAAR_TEST_POSTGRES_URL is not"
            );
            return None;
        };
        // The process id in the name lets a later run drop what an ended run left behind.
        let name = format!("bazaar_test_{}_{}", std::process::id(), uuid_like());
        let mut admin =
            sqlx::postgres::PgConnection::connect(&admin_url).await.expect("connect to PostgreSQL");
        drop_leftovers_once(&mut admin).await;
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create test database");
        let base = admin_url.rsplit_once('/').map(|(base, _)| base).expect("URL has a database part");
        Some(TestDatabase { url: format!("{base}/{name}"), label: "postgres", _dir: None })
    }

    /// SQLite, plus PostgreSQL when configured: the storage suite runs on each.
    pub async fn all() -> Vec<TestDatabase> {
        let mut databases = vec![TestDatabase::sqlite()];
        databases.extend(TestDatabase::postgres().await);
        databases
    }
}

/// Drops the test databases of test processes that have ended (once per process): each test's database lives
/// as long as its process, so a local cluster does not fill up run after run.
async fn drop_leftovers_once(admin: &mut sqlx::postgres::PgConnection) {
    use sqlx::Executor;
    static DONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if DONE.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    let names: Vec<(String,)> =
        sqlx::query_as("SELECT datname FROM pg_database WHERE datname LIKE 'bazaar\\_test\\_%'")
            .fetch_all(&mut *admin)
            .await
            .unwrap_or_default();
    for (name,) in names {
        let pid = name.split('_').nth(2).and_then(|pid| pid.parse::<u32>().ok());
        let ended = pid.is_some_and(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists());
        if ended {
            // Still in use (a pid reused by a live process's connection) fails harmlessly.
            let _ = admin.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await;
        }
    }
}

fn uuid_like() -> String {
    use rand::Rng;
    let bytes: [u8; 8] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a test server starts with.
pub struct TestOptions {
    pub database: TestDatabase,
    pub demo_products: u32,
    pub demo_sellers: u32,
    pub dist_dir: PathBuf,
    pub auth_attempts_per_minute: u32,
    pub escrow: EscrowConfig,
    /// Carriers; the background simulator stays off unless a test turns it on.
    pub logistics: LogisticsConfig,
}

impl Default for TestOptions {
    fn default() -> Self {
        Self {
            database: TestDatabase::sqlite(),
            demo_products: 60,
            demo_sellers: 5,
            dist_dir: PathBuf::from("/nonexistent-dist"),
            auth_attempts_per_minute: Config::default().auth_attempts_per_minute,
            escrow: EscrowConfig::default(),
            logistics: LogisticsConfig::default(),
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The database the server uses, for fixtures and for changes made behind the API's back.
    pub db: Database,
    /// The app's media store (product image files), in a directory removed with the app.
    pub media_dir: PathBuf,
    /// The clock the services decide deadlines with; tests move it (auto-release after N days).
    pub clock: Arc<ManualClock>,
    /// The order service, whose escrow job a test runs with [`TestApp::run_escrow_job`].
    pub orders: Arc<OrderService>,
    /// The logistics service, whose job (SLA breaches, delivery windows) a test runs with
    /// [`TestApp::run_logistics_job`].
    pub logistics: Arc<server::services::logistics::LogisticsService>,
    /// Product views counted in memory, written by [`TestApp::flush_views`] (the job's one pass).
    pub views: Arc<server::services::views::ViewCounter>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    /// The serving task, awaited by [`TestApp::stop`].
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _database: TestDatabase,
    _media: TempDir,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(TestOptions::default()).await
    }

    pub async fn spawn_with(options: TestOptions) -> TestApp {
        let media = tempfile::tempdir().expect("media dir");
        let config = Config {
            listen: "127.0.0.1:0".parse().expect("address"),
            database_url: options.database.url.clone(),
            demo_products: options.demo_products,
            demo_sellers: options.demo_sellers,
            seed_demo: options.demo_products > 0,
            dist_dir: options.dist_dir,
            media_dir: media.path().to_path_buf(),
            // Identity documents beside the media, in the directory removed with the app.
            documents_dir: media.path().join("documents"),
            database_max_connections: 4,
            auth_attempts_per_minute: options.auth_attempts_per_minute,
            escrow: options.escrow,
            logistics: options.logistics,
            ..Config::default()
        };
        let clock = ManualClock::starting_now();
        let application =
            Application::build_with_clock(config, clock.clone()).await.expect("application starts");
        let orders = application.orders();
        let logistics = application.logistics();
        let views = application.views();
        let address = format!("http://{}", application.local_addr());
        let db = application.database();
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(application.run_until(async move {
            let _ = stopped.await;
        }));
        TestApp {
            address,
            client: reqwest::Client::new(),
            db,
            media_dir: media.path().to_path_buf(),
            clock,
            orders,
            logistics,
            views,
            shutdown: Some(shutdown),
            server: Some(server),
            _database: options.database,
            _media: media,
        }
    }

    /// A client with its own cookie jar, signed in as `email` through the SPA's server function.
    /// A new seller account with its own (unverified) shop, signed in.
    pub async fn signed_up_seller(&self, email: &str, shop_name: &str) -> reqwest::Client {
        let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
        let response = client
            .post(self.url("/api/accounts/sign_up"))
            .form(&[
                ("email", email),
                ("password", "a long enough passphrase 42"),
                ("display_name", "New Seller"),
                ("role", "seller"),
                ("shop_name", shop_name),
            ])
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 200, "sign-up: {}", response.text().await.unwrap_or_default());
        client
    }

    pub async fn signed_in(&self, email: &str, password: &str) -> reqwest::Client {
        let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
        let response = client
            .post(self.url("/api/accounts/sign_in"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("sign-in answered");
        assert_eq!(
            response.status(),
            200,
            "sign-in as {email}: {}",
            response.text().await.unwrap_or_default()
        );
        client
    }

    /// Signs in as `email` and creates an API token with `scopes`; returns the secret.
    pub async fn token_for(&self, email: &str, password: &str, scopes: &[&str]) -> String {
        let client = self.signed_in(email, password).await;
        let response = client
            .post(self.url("/api/v1/tokens"))
            .json(&serde_json::json!({ "name": "test token", "scopes": scopes }))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 201, "token for {email}");
        let body: serde_json::Value = response.json().await.expect("JSON");
        body["secret"].as_str().expect("secret").to_string()
    }

    /// One pass of the escrow job (auto-release, recovery), as the background loop would run it.
    pub async fn run_escrow_job(&self) {
        server::jobs::run_escrow_once(&self.orders).await;
    }

    pub async fn run_logistics_job(&self) {
        server::jobs::run_logistics_once(&self.logistics).await;
    }

    /// Stops the server gracefully, as a signal would, and waits until it has closed its database; whether it
    /// stopped without an error. The database files stay until the app is dropped.
    pub async fn stop(&mut self) -> bool {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        match self.server.take() {
            Some(server) => matches!(server.await, Ok(Ok(()))),
            None => false,
        }
    }

    /// Writes the product views counted so far, as the flush job would; returns how many.
    pub async fn flush_views(&self) -> u64 {
        server::jobs::flush_views_once(&self.views, &self.db).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request is answered")
    }

    /// GETs `path` and returns the status and the JSON body.
    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.json().await.expect("body is JSON"))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The demo accounts every seeded test app has (see `server::demo::accounts`).
pub const OPERATOR: (&str, &str) = ("operator@bazaar.test", "operator-demo-2026");
pub const SELLER: (&str, &str) = ("seller@bazaar.test", "seller-demo-2026");
pub const SHOPPER: (&str, &str) = ("shopper@bazaar.test", "shopper-demo-2026");
pub const PARTNER: (&str, &str) = ("carrier@bazaar.test", "carrier-demo-2026");

/// Asserts the API's error shape and returns (code, field).
pub fn error_parts(body: &serde_json::Value) -> (String, Option<String>) {
    let error = &body["error"];
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "error has a message: {body}");
    (
        error["code"].as_str().expect("error has a code").to_string(),
        error["field"].as_str().map(str::to_string),
    )
}
