//! The built UI: SPA fallback, cache headers by kind of file, compression.

use std::path::Path;

use crate::helpers::{TestApp, TestOptions};

const INDEX: &str = "<!doctype html><html><body>Bazaar shell</body></html>";
const HASHED_JS: &str = "app-0123456789abcdef.js";

fn write_dist(dir: &Path) {
    std::fs::write(dir.join("index.html"), INDEX).expect("index");
    std::fs::write(dir.join(HASHED_JS), "export function start() {}\n".repeat(100)).expect("js");
}

async fn app_with_dist() -> (TestApp, tempfile::TempDir) {
    let dist = tempfile::tempdir().expect("temp dir");
    write_dist(dist.path());
    let app =
        TestApp::spawn_with(TestOptions { dist_dir: dist.path().to_path_buf(), ..Default::default() }).await;
    (app, dist)
}

#[tokio::test]
async fn deep_links_get_the_app_shell_which_is_always_revalidated() {
    let (app, _dist) = app_with_dist().await;
    for path in ["/", "/seller", "/admin", "/no/such/page"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(response.text().await.expect("body"), INDEX, "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_compressed() {
    let (app, _dist) = app_with_dist().await;
    let response = app
        .client
        .get(app.url(&format!("/{HASHED_JS}")))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(response.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn without_a_built_ui_the_server_says_how_to_build_it() {
    let app = TestApp::spawn().await; // dist_dir does not exist
    let response = app.get("/").await;
    assert_eq!(response.status(), 503);
    assert!(response.text().await.expect("body").contains("./bazaar serve"));
    // The API works regardless.
    assert_eq!(app.get("/api/v1/products").await.status(), 200);
}
