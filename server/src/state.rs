//! What every handler can reach.

use std::sync::Arc;

use app::ports::Services;
use metrics_exporter_prometheus::PrometheusHandle;

use crate::config::Config;
use crate::db::Database;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Database,
    pub services: Services,
    pub metrics: PrometheusHandle,
}
