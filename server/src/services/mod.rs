//! Services: load from storage, let `shared` decide, persist. They implement the ports `app` declares, and the
//! REST handlers call the same objects, so both front doors behave alike.

pub mod accounts;
pub mod catalog;
pub mod images;
pub mod rate_limit;

use std::sync::Arc;

use app::ports::Services;

use crate::config::Config;
use crate::db::Database;

/// Builds every service over one database; also returns the account service for the server's own use.
pub fn build(db: &Database, config: &Config) -> (Services, Arc<accounts::AccountService>) {
    let accounts = Arc::new(accounts::AccountService::new(db.clone(), config.auth_attempts_per_minute));
    let services = Services {
        catalog: Arc::new(catalog::CatalogService::new(db.clone(), config)),
        accounts: accounts.clone(),
    };
    (services, accounts)
}
