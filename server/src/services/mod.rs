//! Services: load from storage, let `shared` decide, persist. They implement the ports `app` declares, and the
//! REST handlers call the same objects, so both front doors behave alike.

pub mod catalog;

use std::sync::Arc;

use app::ports::Services;

use crate::db::Database;

/// Builds every service over one database.
pub fn build(db: &Database) -> Services {
    Services { catalog: Arc::new(catalog::CatalogService::new(db.clone())) }
}
