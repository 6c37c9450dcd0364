//! Building and running the application: open storage, migrate, seed, bind, serve, shut down gracefully.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::carriers::live::{self, LiveOptions, WebhookClient};
use crate::clock::{SharedClock, SystemClock};
use crate::config::Config;
use crate::db::{Database, DatabaseError};
use crate::http::auth::SecurityHeaders;
use crate::media::MediaStore;
use crate::services::images::ImageService;
use crate::state::AppState;
use crate::{demo, http, jobs, services, telemetry};

/// Why the server could not start; each is printed as one line before exiting.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Database(#[from] DatabaseError),
    #[error("cannot listen on {address}: {reason}")]
    Listen { address: SocketAddr, reason: String },
    #[error("seeding demo data failed: {0}")]
    Seed(String),
}

/// A started server: bound to its port, storage ready, not yet serving.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Opens and migrates the database, seeds an empty catalog when configured, and binds the port
    /// (port 0 picks a free one, which the tests use).
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// Like [`Application::build`], deciding deadlines with `clock` (tests pass a manual one).
    pub async fn build_with_clock(config: Config, clock: SharedClock) -> Result<Application, StartupError> {
        let db = Database::connect(&config.database_url, config.database_max_connections).await?;
        db.migrate().await?;
        let media = MediaStore::new(&config.media_dir);
        if config.seed_demo {
            let plan =
                demo::SeedPlan { sellers: config.demo_sellers, products: config.demo_products, seed: 42 };
            demo::seed_if_empty_with_media(&db, plan, Some(&media))
                .await
                .map_err(|e| StartupError::Seed(format!("{e:#}")))?;
        }
        let listener = TcpListener::bind(config.listen).await.map_err(|e| StartupError::Listen {
            address: config.listen,
            reason: match e.kind() {
                std::io::ErrorKind::AddrInUse => {
                    "the address is already in use (is another server running?)".into()
                }
                _ => e.to_string(),
            },
        })?;
        http::static_files::precompress(config.dist_dir.clone());
        if config.seed_demo {
            demo::accounts::seed_demo_accounts(&db)
                .await
                .map_err(|e| StartupError::Seed(format!("{e:#}")))?;
        }
        let built = services::build(&db, &config, clock.clone());
        built
            .logistics
            .register_builtin_carriers(&config.logistics.carrier_webhook_secret)
            .await
            .map_err(|e| StartupError::Seed(format!("registering carriers: {e:#}")))?;
        let port = listener.local_addr().map(|address| address.port()).unwrap_or(config.listen.port());
        // What this server answers on, as a client on the same machine reaches it (the listen address's own IP).
        let own_url = live::local_url(std::net::SocketAddr::new(config.listen.ip(), port));
        built.test_provider.send_webhooks_to(format!("{own_url}/api/v1/payments/webhooks/test"));
        // One server per database: nothing of ours is mid-payment now, so every unsettled payment is settled.
        match built.orders.recover(true).await {
            Ok(0) => {}
            Ok(settled) => {
                tracing::info!(settled, "finished payments and payouts interrupted by the last stop")
            }
            Err(error) => {
                tracing::error!(error = format!("{error:#}"), "recovering interrupted payments failed")
            }
        }
        if config.logistics.simulator {
            // The carriers post to this server as they would from outside, through its own webhook.
            let logistics = &config.logistics;
            let options = LiveOptions {
                rates: logistics.simulator_rates(),
                seed: logistics.simulator_seed,
                step: Duration::from_secs(logistics.simulator_step_secs.max(1)),
            };
            // A demo aid: without it the server still serves, so a failure here is logged, not fatal.
            match WebhookClient::for_builtin_carriers(&db, &own_url, clock).await {
                Ok(client) => {
                    tracing::info!(step_secs = options.step.as_secs(), "carrier simulator on");
                    live::spawn_background(db.clone(), client, options);
                }
                Err(error) => {
                    tracing::error!(error = format!("{error:#}"), "the carrier simulator could not start")
                }
            }
        }
        // One server per database (as above): an import left running was interrupted by the last stop.
        match built.listings.resume_imports().await {
            Ok(0) => {}
            Ok(resumed) => tracing::info!(resumed, "resuming listing imports interrupted by the last stop"),
            Err(error) => tracing::error!(error = format!("{error:#}"), "resuming listing imports failed"),
        }
        jobs::spawn_housekeeping(db.clone(), built.accounts.clone());
        jobs::spawn_escrow(built.orders.clone(), Duration::from_secs(config.escrow.job_interval_secs.max(1)));
        jobs::spawn_logistics(
            built.logistics.clone(),
            Duration::from_secs(config.logistics.job_interval_secs.max(1)),
        );
        jobs::spawn_view_flush(built.views.clone(), db.clone(), jobs::VIEW_FLUSH_EVERY);
        let security_headers = SecurityHeaders::for_dist(&config.dist_dir);
        let state = AppState {
            images: Arc::new(ImageService::new(db.clone(), media.clone())),
            media,
            config: Arc::new(config),
            db,
            services: built.services,
            accounts: built.accounts,
            orders: built.orders,
            shops: built.shops,
            test_provider: built.test_provider,
            logistics: built.logistics,
            views: built.views,
            security_headers,
            metrics: telemetry::metrics_handle(),
        };
        Ok(Application { listener, state })
    }

    /// The storage handle the application serves from (tests write fixtures through it).
    pub fn database(&self) -> Database {
        self.state.db.clone()
    }

    /// The order service, whose escrow job tests run by hand after moving their clock.
    pub fn orders(&self) -> Arc<crate::services::orders::OrderService> {
        self.state.orders.clone()
    }

    pub fn logistics(&self) -> Arc<crate::services::logistics::LogisticsService> {
        self.state.logistics.clone()
    }

    /// The product views counted in memory; tests flush them with [`jobs::flush_views_once`].
    pub fn views(&self) -> Arc<crate::services::views::ViewCounter> {
        self.state.views.clone()
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or_else(|_| self.state.config.listen)
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests finish (bounded by the grace period) and
    /// closes the database cleanly.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let Application { listener, state } = self;
        let grace = Duration::from_millis(state.config.shutdown_grace_ms);
        let db = state.db.clone();
        let views = state.views.clone();
        let router = http::router(state);
        let (signalled_tx, signalled_rx) = tokio::sync::oneshot::channel::<()>();
        // Connect info gives handlers the client's address (rate limits, audit log).
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let serve = axum::serve(listener, service).with_graceful_shutdown(async move {
            shutdown.await;
            let _ = signalled_tx.send(());
        });
        let result = tokio::select! {
            result = serve => result,
            () = async {
                let _ = signalled_rx.await;
                tokio::time::sleep(grace).await;
            } => {
                tracing::warn!("shutdown grace period over; dropping remaining connections");
                Ok(())
            }
        };
        // Views counted since the last flush are written before the database closes.
        let written = jobs::flush_views_once(&views, &db).await;
        if written > 0 {
            tracing::info!(written, "product views written at shutdown");
        }
        db.close().await;
        result
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
