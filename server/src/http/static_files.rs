//! The built UI: Trunk's `dist/` with the SPA fallback (any unknown path gets `index.html`, and the app's router
//! draws the page or its not-found view), precompressed brotli/gzip, and cache headers by kind of file.

use std::path::{Path, PathBuf};
use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::services::{ServeDir, ServeFile};

/// File types worth compressing ahead of time.
const COMPRESSIBLE: &[&str] = &["html", "js", "wasm", "css", "svg", "json", "webmanifest", "txt", "map"];

pub fn service(dist: &Path) -> Router {
    let index = dist.join("index.html");
    if !index.exists() {
        tracing::warn!(dist = %dist.display(), "UI not built: no index.html; run `./bazaar serve` or `trunk build`");
        return Router::new().fallback(ui_not_built);
    }
    let spa = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(index).precompressed_br().precompressed_gzip());
    Router::new().fallback_service(spa).layer(middleware::from_fn(cache_headers))
}

async fn ui_not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "Bazaar's UI is not built yet. Run ./bazaar serve (or trunk build) and reload.",
    )
        .into_response()
}

/// Hashed assets never change under their name, so browsers keep them for a year; the HTML shell and the service
/// worker must be revalidated so a deploy is seen at once.
async fn cache_headers(request: Request, next: Next) -> Response {
    let policy = cache_policy(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

fn cache_policy(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or_default();
    if is_hashed_asset(file) {
        "public, max-age=31536000, immutable"
    } else if file.contains('.') && !file.ends_with(".html") && file != "sw.js" {
        "public, max-age=3600"
    } else {
        // index.html, the service worker, and SPA deep links (which are index.html).
        "no-cache"
    }
}

/// Trunk names hashed files `name-<hash>.ext` (also `name-<hash>_bg.wasm`), the hash a 64-bit number in hex
/// *without leading zeros*: usually 16 digits, 15 for one file in sixteen (`app-6336b428733c613_bg.wasm` was one).
/// Fewer than 12 digits happens once in 65,536 builds and then only costs that file an hour's caching; a lower
/// bound is needed so that names like `icon-192.png` are not taken for hashes.
fn is_hashed_asset(file: &str) -> bool {
    let stem = file.split('.').next().unwrap_or_default().trim_end_matches("_bg");
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Writes `.br` and `.gz` siblings for every compressible file in `dist` that lacks a fresh one. Runs in the
/// background at start-up; until it finishes, the compression layer compresses on the fly.
pub fn precompress(dist: PathBuf) {
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let mut written = 0usize;
        for file in files_under(&dist) {
            let compressible =
                file.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e));
            if !compressible {
                continue;
            }
            match precompress_file(&file) {
                Ok(count) => written += count,
                // A read-only dist is fine: responses are then compressed on the fly.
                Err(error) => tracing::debug!(file = %file.display(), %error, "cannot precompress"),
            }
        }
        tracing::info!(
            written,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "static files precompressed"
        );
    });
}

fn files_under(directory: &Path) -> Vec<PathBuf> {
    let mut pending = vec![directory.to_path_buf()];
    let mut files = Vec::new();
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn precompress_file(file: &Path) -> std::io::Result<usize> {
    use std::io::Write;
    let modified = std::fs::metadata(file)?.modified()?;
    let is_fresh = |sibling: &Path| {
        std::fs::metadata(sibling).and_then(|m| m.modified()).is_ok_and(|compressed| compressed >= modified)
    };
    let br = sibling(file, "br");
    let gz = sibling(file, "gz");
    let mut written = 0;
    if !is_fresh(&br) || !is_fresh(&gz) {
        let content = std::fs::read(file)?;
        if !is_fresh(&br) {
            let mut output = Vec::with_capacity(content.len() / 3);
            let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
            brotli::BrotliCompress(&mut content.as_slice(), &mut output, &params)?;
            write_atomically(&br, &output)?;
            written += 1;
        }
        if !is_fresh(&gz) {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(&content)?;
            write_atomically(&gz, &encoder.finish()?)?;
            written += 1;
        }
    }
    Ok(written)
}

fn sibling(file: &Path, extension: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// Never leaves a half-written `.br` that ServeDir would serve.
fn write_atomically(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let temporary = sibling(path, "tmp");
    std::fs::write(&temporary, content)?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_cached_for_a_year() {
        assert_eq!(cache_policy("/app-1a2b3c4d5e6f7a8b.js"), "public, max-age=31536000, immutable");
        assert_eq!(cache_policy("/app-1a2b3c4d5e6f7a8b_bg.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_policy("/main-0123456789abcdef.css"), "public, max-age=31536000, immutable");
        // A hash with a leading zero digit is printed one digit shorter.
        assert_eq!(cache_policy("/app-6336b428733c613_bg.wasm"), "public, max-age=31536000, immutable");
    }

    #[test]
    fn installable_app_files_are_not_taken_for_hashed_ones() {
        assert_eq!(cache_policy("/manifest.webmanifest"), "public, max-age=3600");
        assert_eq!(cache_policy("/icons/maskable-512.png"), "public, max-age=3600");
        assert_eq!(cache_policy("/icons/apple-touch-icon.png"), "public, max-age=3600");
    }

    #[test]
    fn the_shell_and_deep_links_are_revalidated() {
        assert_eq!(cache_policy("/"), "no-cache");
        assert_eq!(cache_policy("/index.html"), "no-cache");
        assert_eq!(cache_policy("/seller"), "no-cache");
        assert_eq!(cache_policy("/sw.js"), "no-cache");
        assert_eq!(cache_policy("/icons/icon-192.png"), "public, max-age=3600");
    }

    #[test]
    fn precompression_writes_siblings_that_decompress_to_the_original() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("app.js");
        let content = "console.log('bazaar');\n".repeat(200);
        std::fs::write(&file, &content).expect("write");
        assert_eq!(precompress_file(&file).expect("compresses"), 2);
        assert_eq!(precompress_file(&file).expect("second run"), 0, "fresh siblings are kept");
        let mut decoded = Vec::new();
        let br = std::fs::read(sibling(&file, "br")).expect("br written");
        brotli::BrotliDecompress(&mut br.as_slice(), &mut decoded).expect("valid brotli");
        assert_eq!(decoded, content.as_bytes());
    }
}
