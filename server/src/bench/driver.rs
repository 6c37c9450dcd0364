//! The load driver: a bounded closed loop. `concurrency` workers each send one request, read the whole
//! response, and send the next, over keep-alive connections, until the run's request count or time is used up.
//! Latencies of successful (200) responses go into an HDR histogram; anything else counts as an error.
//!
//! What is sent is [`Requests`]: GETs of a list of paths ([`run`]), or anything a bench builds (the carrier-events
//! bench signs each webhook as it sends it). Request `n` of a run is the `n`-th taken, so a run of `requests`
//! sends exactly requests `0..requests` when it is not cut short by its duration.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use super::report::Summary;

/// Longest latency the histogram holds, in microseconds; the client's timeout is shorter.
const HISTOGRAM_MAX_US: u64 = 60_000_000;
/// A single request may take this long before it counts as an error.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Error descriptions kept for the message when a run fails.
const ERROR_SAMPLES: usize = 3;
/// Characters of an error response's body kept in a sample.
const ERROR_BODY_CHARS: usize = 200;

/// The bounds of one run.
#[derive(Debug, Clone, Copy)]
pub struct RunPlan {
    pub concurrency: u32,
    /// Requests to send in all (the workers share the count).
    pub requests: u64,
    /// After this, workers stop taking new requests.
    pub duration: Duration,
}

/// What a run measured.
pub struct RunResult {
    /// Latencies of successful requests, microseconds.
    latencies_us: Histogram<u64>,
    pub errors: u64,
    /// The first few failures, described for a person.
    pub error_samples: Vec<String>,
    /// From the first request sent to the last response read.
    pub elapsed: Duration,
}

impl RunResult {
    pub fn summary(&self) -> Summary {
        let h = &self.latencies_us;
        let quantile = |q: f64| if h.is_empty() { 0 } else { h.value_at_quantile(q) };
        Summary {
            requests: h.len() + self.errors,
            errors: self.errors,
            p50_us: quantile(0.50),
            p90_us: quantile(0.90),
            p99_us: quantile(0.99),
            max_us: if h.is_empty() { 0 } else { h.max() },
            elapsed_us: u64::try_from(self.elapsed.as_micros()).unwrap_or(u64::MAX),
        }
    }
}

fn new_histogram() -> Histogram<u64> {
    // Three significant digits: 0.1 % resolution at any latency. Bounds are constants, so this cannot fail.
    Histogram::new_with_bounds(1, HISTOGRAM_MAX_US, 3).expect("valid histogram bounds")
}

/// The requests of a run, built when sent.
pub trait Requests: Send + Sync + 'static {
    /// How many different requests there are; a longer run starts over.
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Request `n` (below `len()`), ready to send.
    fn request(&self, n: usize) -> reqwest::RequestBuilder;
    /// Request `n` in a few words, for error samples.
    fn describe(&self, n: usize) -> String;
}

/// GETs of paths under a base URL.
struct Paths {
    client: reqwest::Client,
    base_url: String,
    paths: Arc<[String]>,
}

impl Requests for Paths {
    fn len(&self) -> usize {
        self.paths.len()
    }

    fn request(&self, n: usize) -> reqwest::RequestBuilder {
        self.client.get(format!("{}{}", self.base_url, self.paths[n]))
    }

    fn describe(&self, n: usize) -> String {
        self.paths[n].clone()
    }
}

/// Runs `plan` against `base_url` (e.g. `http://127.0.0.1:41234`), cycling through `paths`.
pub async fn run(client: &reqwest::Client, base_url: &str, paths: Arc<[String]>, plan: RunPlan) -> RunResult {
    let paths = Paths { client: client.clone(), base_url: base_url.to_owned(), paths };
    run_requests(Arc::new(paths), plan).await
}

/// Runs `plan`, cycling through `requests`.
pub async fn run_requests<R: Requests>(requests: Arc<R>, plan: RunPlan) -> RunResult {
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + plan.duration;
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..plan.concurrency.max(1) {
        let worker =
            Worker { requests: requests.clone(), next: next.clone(), limit: plan.requests, deadline };
        workers.spawn(worker.run());
    }
    let mut result = RunResult {
        latencies_us: new_histogram(),
        errors: 0,
        error_samples: Vec::new(),
        elapsed: Duration::ZERO,
    };
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok(part) => {
                // Same bounds on both sides, so adding cannot fail.
                let _ = result.latencies_us.add(&part.latencies_us);
                result.errors += part.errors;
                let room = ERROR_SAMPLES.saturating_sub(result.error_samples.len());
                result.error_samples.extend(part.error_samples.into_iter().take(room));
            }
            Err(error) => {
                result.errors += 1;
                result.error_samples.push(format!("a driver worker failed: {error}"));
            }
        }
    }
    result.elapsed = started.elapsed();
    result
}

/// One closed-loop client.
struct Worker<R> {
    requests: Arc<R>,
    /// Shared request counter: takes the next request and bounds the run.
    next: Arc<AtomicU64>,
    limit: u64,
    deadline: Instant,
}

impl<R: Requests> Worker<R> {
    async fn run(self) -> RunResult {
        let mut latencies_us = new_histogram();
        let mut errors = 0;
        let mut error_samples = Vec::new();
        // Bounded twice: by the shared count and by the deadline.
        while Instant::now() < self.deadline && !self.requests.is_empty() {
            let n = self.next.fetch_add(1, Ordering::Relaxed);
            if n >= self.limit {
                break;
            }
            let index = (n % self.requests.len() as u64) as usize;
            let sent = Instant::now();
            match self.fetch(index).await {
                Ok(()) => {
                    let micros = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
                    latencies_us.saturating_record(micros.max(1));
                }
                Err(description) => {
                    errors += 1;
                    if error_samples.len() < ERROR_SAMPLES {
                        error_samples.push(format!("{description} for {}", self.requests.describe(index)));
                    }
                }
            }
        }
        RunResult { latencies_us, errors, error_samples, elapsed: Duration::ZERO }
    }

    /// One request, reading the whole body (as a real client must before reusing the connection).
    async fn fetch(&self, index: usize) -> Result<(), String> {
        let response = self.requests.request(index).send().await.map_err(|e| describe(&e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| format!("reading the body: {}", describe(&e)))?;
        if status == reqwest::StatusCode::OK {
            Ok(())
        } else {
            let text: String = String::from_utf8_lossy(&body).chars().take(ERROR_BODY_CHARS).collect();
            Err(format!("HTTP {} ({text})", status.as_u16()))
        }
    }
}

/// A transport failure in a few words; reqwest's own message hides the cause in its source chain.
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return format!("no answer within {} s", REQUEST_TIMEOUT.as_secs());
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::http::StatusCode;
    use axum::routing::get;

    #[tokio::test]
    async fn counts_latencies_and_errors_and_stops_at_the_request_bound() {
        let router = Router::new()
            .route("/ok", get(|| async { "fine" }))
            .route("/broken", get(|| async { (StatusCode::BAD_REQUEST, "no such parameter") }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let server = tokio::spawn(async move { axum::serve(listener, router).await });
        let client = reqwest::Client::new();
        let paths: Arc<[String]> =
            vec!["/ok".to_string(), "/ok".into(), "/ok".into(), "/broken".into()].into();
        let plan = RunPlan { concurrency: 4, requests: 100, duration: Duration::from_secs(30) };
        let result = run(&client, &format!("http://{address}"), paths, plan).await;
        server.abort();
        let summary = result.summary();
        assert_eq!(summary.requests, 100);
        assert_eq!(summary.errors, 25);
        assert!(summary.p50_us > 0 && summary.p50_us <= summary.p99_us && summary.p99_us <= summary.max_us);
        assert!(
            result.error_samples[0].contains("HTTP 400 (no such parameter) for /broken"),
            "{:?}",
            result.error_samples
        );
        assert_eq!(result.error_samples.len(), ERROR_SAMPLES);
    }

    #[tokio::test]
    async fn stops_at_the_deadline() {
        let router = Router::new().route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                "late"
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let server = tokio::spawn(async move { axum::serve(listener, router).await });
        let client = reqwest::Client::new();
        let plan = RunPlan { concurrency: 2, requests: u64::MAX, duration: Duration::from_millis(200) };
        let result = run(&client, &format!("http://{address}"), vec!["/slow".to_string()].into(), plan).await;
        server.abort();
        let summary = result.summary();
        assert!(summary.requests >= 4 && summary.requests < 100, "{}", summary.requests);
        assert_eq!(summary.errors, 0);
        assert!(result.elapsed < Duration::from_secs(2));
    }
}
