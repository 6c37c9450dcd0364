//! What every handler can reach.

use std::sync::Arc;

use app::ports::Services;
use metrics_exporter_prometheus::PrometheusHandle;

use crate::config::Config;
use crate::db::Database;
use crate::http::auth::SecurityHeaders;
use crate::media::MediaStore;
use crate::payments::test_provider::TestProvider;
use crate::services::accounts::AccountService;
use crate::services::images::ImageService;
use crate::services::logistics::LogisticsService;
use crate::services::orders::OrderService;
use crate::services::shops::ShopService;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Database,
    pub services: Services,
    /// The same account service as `services.accounts`, with the server-only calls (token and session lookup).
    pub accounts: Arc<AccountService>,
    /// Product images: upload, list, delete, reorder (REST now; the seller console's server functions later).
    pub images: Arc<ImageService>,
    /// Shops' onboarding and verification, including the logo and identity-document uploads and downloads.
    pub shops: Arc<ShopService>,
    /// The order service's server-side jobs (auto-release, recovery), for tests and operators.
    pub orders: Arc<OrderService>,
    /// The built-in test payment provider, whose tokenization and challenge pages `/test-provider` serves.
    pub test_provider: Arc<TestProvider>,
    /// Carriers' webhooks land here.
    pub logistics: Arc<LogisticsService>,
    /// Product page views counted in memory, flushed by a job and at shutdown.
    pub views: Arc<crate::services::views::ViewCounter>,
    /// The content-addressed files `/media/{key}` serves.
    pub media: MediaStore,
    pub security_headers: SecurityHeaders,
    pub metrics: PrometheusHandle,
}
