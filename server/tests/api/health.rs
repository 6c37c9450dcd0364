use crate::helpers::TestApp;

#[tokio::test]
async fn healthz_reports_a_reachable_database() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn metrics_count_requests_by_route_in_prometheus_text() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/api/v1/products").await.status(), 200);
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/plain"));
    let text = response.text().await.expect("text");
    // The recorder is process-wide and other tests run in parallel, so look for this request's own series.
    let counted = text.lines().any(|l| {
        l.starts_with("http_requests_total{")
            && l.contains("method=\"GET\"")
            && l.contains("route=\"/api/v1/products\"")
            && l.contains("status=\"200\"")
    });
    assert!(counted, "no GET 200 counter for the products route in:\n{text}");
    assert!(text.contains("http_request_duration_seconds_bucket{"), "latency histogram exported");
}
