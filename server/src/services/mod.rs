//! Services: load from storage, let `shared` decide, persist. They implement the ports `app` declares, and the
//! REST handlers call the same objects, so both front doors behave alike.

pub mod accounts;
pub mod analytics;
pub mod audit;
pub mod catalog;
pub mod images;
pub mod imports;
pub mod listing_signals;
pub mod listings;
pub mod logistics;
pub mod orders;
pub mod rate_limit;
pub mod scorecard;
pub mod settlement;
pub mod shopping;
pub mod shops;
pub mod statement;
pub mod tracking_writer;
pub mod views;

use std::sync::Arc;

use app::ports::Services;

use crate::clock::SharedClock;
use crate::config::Config;
use crate::db::Database;
use crate::payments::PaymentProvider;
use crate::payments::test_provider::TestProvider;
use settlement::{Settlement, SettlementTimes};

/// The services and the concrete handles the server itself needs (jobs, token lookup, the test provider).
pub struct Built {
    pub services: Services,
    pub accounts: Arc<accounts::AccountService>,
    pub orders: Arc<orders::OrderService>,
    pub test_provider: Arc<TestProvider>,
    pub logistics: Arc<logistics::LogisticsService>,
    /// Shops' onboarding and verification, with the file uploads REST carries.
    pub shops: Arc<shops::ShopService>,
    pub listings: Arc<listings::ListingService>,
    /// Product page views waiting for the flush job.
    pub views: Arc<views::ViewCounter>,
}

/// Builds every service over one database and one clock.
pub fn build(db: &Database, config: &Config, clock: SharedClock) -> Built {
    let views = Arc::new(views::ViewCounter::default());
    let accounts = Arc::new(accounts::AccountService::new(db.clone(), config.auth_attempts_per_minute));
    let escrow = &config.escrow;
    let test_provider = Arc::new(TestProvider::new(
        db.clone(),
        clock.clone(),
        escrow.test_provider_timeout_rate_ppm,
        escrow.test_provider_webhook_secret.clone(),
    ));
    let settlement = Settlement {
        db: db.clone(),
        provider: test_provider.clone(),
        clock: clock.clone(),
        auto_release_days: escrow.auto_release_days,
        times: SettlementTimes {
            unsettled_after_ms: secs_to_ms(escrow.unsettled_after_secs),
            challenge_expires_after_ms: secs_to_ms(escrow.challenge_expires_after_secs),
        },
    };
    let webhook_secrets = vec![(test_provider.name(), escrow.test_provider_webhook_secret.clone())];
    let logistics = Arc::new(logistics::LogisticsService::new(
        settlement.clone(),
        config.logistics.sla,
        config.logistics.routing,
    ));
    let orders = Arc::new(orders::OrderService::new(
        settlement.clone(),
        escrow.payout_minimum_major,
        webhook_secrets,
        logistics.clone(),
    ));
    let shops = Arc::new(shops::ShopService::new(
        db.clone(),
        crate::media::MediaStore::new(&config.media_dir),
        crate::documents::DocumentStore::new(&config.documents_dir),
        test_provider.clone(),
    ));
    let listings = Arc::new(listings::ListingService::new(db.clone()));
    let services = Services {
        catalog: Arc::new(catalog::CatalogService::new(db.clone(), config, views.clone(), clock)),
        accounts: accounts.clone(),
        shopping: Arc::new(shopping::ShoppingService::new(settlement)),
        orders: orders.clone(),
        shops: shops.clone(),
        listings: listings.clone(),
    };
    Built { services, accounts, orders, test_provider, logistics, shops, listings, views }
}

fn secs_to_ms(secs: u64) -> i64 {
    i64::try_from(secs.saturating_mul(1_000)).unwrap_or(i64::MAX)
}
