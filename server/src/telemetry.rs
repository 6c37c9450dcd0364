//! Logging and metrics set-up.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;

/// Starts structured logging. `RUST_LOG` wins over the configured filter; a second call is a no-op.
pub fn init_logging(filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().or_else(|_| EnvFilter::try_new(filter)).unwrap_or_else(|_| {
            eprintln!("warning: log filter {filter:?} is invalid; using \"info\"");
            EnvFilter::new("info")
        });
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).try_init();
}

/// The process-wide Prometheus recorder. The `metrics` facade has one global recorder, so tests that start
/// several apps in one process share it.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5])
                .map(PrometheusBuilder::build_recorder)
                .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
            let handle = recorder.handle();
            // Fails only if another recorder was installed first; then our handle renders nothing, which is
            // visible on /metrics rather than fatal.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}
