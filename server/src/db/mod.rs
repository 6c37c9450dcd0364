//! Storage: one sqlx pool over SQLite (embedded default) or PostgreSQL, chosen by the URL's scheme.
//!
//! Queries are written once in portable SQL and run through sqlx's `Any` driver: `$1`-style placeholders in
//! order of first use (SQLite reads them as numbered parameters), BIGINT for every integer, TEXT ids.
//! Each submodule owns the SQL of one aggregate; nothing outside `db` writes SQL.

pub mod accounts;
pub mod analytics;
pub mod carrier_network;
pub mod catalog;
pub mod images;
pub mod imports;
pub mod listing_signals;
pub mod listings;
pub mod orders;
pub mod scorecard;
pub mod search;
pub mod sessions;
pub mod shipments;
pub mod shops;
pub mod statement;
pub mod test_provider;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

/// Which database engine the pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A failure to open or migrate the database, worded for the one line the server prints before exiting.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    #[error("database directory {path} does not exist (create it, or point --database-url elsewhere)")]
    MissingDirectory { path: PathBuf },
    #[error("cannot use database file {path}: {reason}")]
    Unusable { path: PathBuf, reason: String },
    #[error("cannot connect to {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("database migration failed: {0}")]
    Migrate(String),
}

/// The application's handle on storage. Cheap to clone (the pool is shared).
#[derive(Clone, Debug)]
pub struct Database {
    pool: AnyPool,
    backend: Backend,
    /// SQLite has one writer at a time; this process's write transactions queue here, in order.
    writers: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// A write transaction, holding this process's writer turn on SQLite until it commits or is dropped.
pub struct WriteTransaction {
    transaction: sqlx::Transaction<'static, sqlx::Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.transaction.commit().await
    }
}

impl std::ops::Deref for WriteTransaction {
    type Target = sqlx::AnyConnection;

    fn deref(&self) -> &Self::Target {
        &self.transaction
    }
}

impl std::ops::DerefMut for WriteTransaction {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.transaction
    }
}

impl Database {
    /// Opens the pool. For SQLite the file (and its directory, one level) is created if missing, and the
    /// journal is switched to WAL so readers never wait for the writer.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Database, DatabaseError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            prepare_sqlite_file(url)?;
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(DatabaseError::UnsupportedUrl(redact(url)));
        };
        let url_with_mode = match backend {
            // rwc: create the file on first start.
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let options: AnyConnectOptions = url_with_mode
            .parse()
            .map_err(|e: sqlx::Error| DatabaseError::Connect { url: redact(url), reason: e.to_string() })?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings a pooled connection before handing it out, by default; an embedded SQLite connection cannot
            // have gone away, and the ping is a round trip to the connection's thread on every acquire.
            .test_before_acquire(backend == Backend::Postgres)
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: concurrent readers with one writer; NORMAL is durable at each checkpoint and safe
                        // with WAL. busy_timeout makes a second writer wait instead of failing at once.
                        connection.execute("PRAGMA journal_mode = WAL").await?;
                        connection.execute("PRAGMA synchronous = NORMAL").await?;
                        connection.execute("PRAGMA foreign_keys = ON").await?;
                        connection.execute("PRAGMA busy_timeout = 5000").await?;
                        // Reads through a memory map instead of a pread into each connection's own page cache:
                        // searches touch a few thousand random pages of a large file, and the copies and system
                        // calls were a third of their time. Up to 64 GiB, the ceiling `.cargo/config.toml` builds
                        // SQLite with (address space only: the file's pages stay in the OS page cache).
                        connection.execute("PRAGMA mmap_size = 68719476736").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| DatabaseError::Connect { url: redact(url), reason: first_line(&e.to_string()) })?;
        Ok(Database { pool, backend, writers: Default::default() })
    }

    /// Applies pending migrations (embedded at compile time).
    pub async fn migrate(&self) -> Result<(), DatabaseError> {
        // Schema changes both backends share, in portable SQL, then what differs per backend (the full-text
        // index). Backend versions start at 1000 so they never collide with shared ones; both sets record
        // themselves in the same `_sqlx_migrations` table, so each must ignore the other's applied versions.
        let mut shared = sqlx::migrate!("./migrations");
        let mut backend_specific = match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations-sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations-postgres"),
        };
        for migrator in [&mut shared, &mut backend_specific] {
            migrator.set_ignore_missing(true);
            migrator.run(&self.pool).await.map_err(|e| DatabaseError::Migrate(first_line(&e.to_string())))?;
        }
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a transaction that will write. On SQLite it first waits its turn behind this process's other write
    /// transactions (a fair queue), then takes the write lock at once (`BEGIN IMMEDIATE`): a plain `BEGIN` that
    /// reads first and writes later can fail with "database is locked" when another writer got there in between,
    /// and SQLite's own busy handler waits by sleeping in growing steps, which turns a short queue into a long tail.
    pub async fn begin_write(&self) -> Result<WriteTransaction, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => {
                let turn = self.writers.clone().lock_owned().await;
                let transaction = self.pool.begin_with("BEGIN IMMEDIATE").await?;
                Ok(WriteTransaction { transaction, _turn: Some(turn) })
            }
            Backend::Postgres => Ok(WriteTransaction { transaction: self.pool.begin().await?, _turn: None }),
        }
    }

    /// A round trip to the database, for readiness checks.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    /// Closes every connection; SQLite checkpoints its WAL on the last close.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Makes sure the SQLite file can be created or opened, so a bad path fails with its name and the reason.
fn prepare_sqlite_file(url: &str) -> Result<(), DatabaseError> {
    let Some(path) = sqlite_path(url) else {
        return Ok(()); // In-memory databases have no file.
    };
    let directory = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists());
    if let Some(directory) = directory {
        // Create one level (./data on first start), not a whole tree a typo might invent.
        let grandparent_exists = directory.parent().is_none_or(|p| p.as_os_str().is_empty() || p.exists());
        if !grandparent_exists {
            return Err(DatabaseError::MissingDirectory { path: directory.to_path_buf() });
        }
        std::fs::create_dir(directory)
            .map_err(|e| DatabaseError::Unusable { path: directory.to_path_buf(), reason: e.to_string() })?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map(drop)
        .map_err(|e| DatabaseError::Unusable { path, reason: e.to_string() })
}

/// The file path of a `sqlite:` URL, or None for an in-memory database.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| Path::new(path).to_path_buf())
}

/// The URL without its password, safe for logs and error messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

/// `($1, $2, …), (…)` for a multi-row INSERT of `rows` rows of `columns` values.
pub(crate) fn values_placeholders(rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 5);
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..columns {
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push('$');
            sql.push_str(&(row * columns + column + 1).to_string());
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://bazaar:s3cret@127.0.0.1:5432/db"),
            "postgres://bazaar:***@127.0.0.1:5432/db"
        );
        assert_eq!(redact("postgres://bazaar@127.0.0.1/db"), "postgres://bazaar@127.0.0.1/db");
        assert_eq!(redact("sqlite://data/bazaar.db"), "sqlite://data/bazaar.db");
    }

    #[test]
    fn sqlite_paths_are_read_from_both_url_forms() {
        assert_eq!(sqlite_path("sqlite://data/bazaar.db?mode=rwc"), Some(PathBuf::from("data/bazaar.db")));
        assert_eq!(sqlite_path("sqlite:///tmp/x.db"), Some(PathBuf::from("/tmp/x.db")));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }

    #[test]
    fn placeholders_number_every_value_once() {
        assert_eq!(values_placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
    }
}
