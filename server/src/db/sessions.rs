//! Browser sessions for tower-sessions, in our own database (SQLite or PostgreSQL through the same pool).

use async_trait::async_trait;
use sqlx::AnyPool;
use tower_sessions::SessionStore;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};

#[derive(Debug, Clone)]
pub struct SqlSessionStore {
    pool: AnyPool,
}

impl SqlSessionStore {
    pub fn new(pool: AnyPool) -> Self {
        Self { pool }
    }
}

/// Deletes sessions that expired before `now_ms`; returns how many.
pub async fn delete_expired(pool: &AnyPool, now_ms: i64) -> std::result::Result<u64, sqlx::Error> {
    let result =
        sqlx::query("DELETE FROM sessions WHERE expires_at_ms <= $1").bind(now_ms).execute(pool).await?;
    Ok(result.rows_affected())
}

fn backend(error: sqlx::Error) -> Error {
    Error::Backend(error.to_string())
}

fn expiry_ms(record: &Record) -> i64 {
    i64::try_from(record.expiry_date.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn now_ms() -> i64 {
    i64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

#[async_trait]
impl SessionStore for SqlSessionStore {
    /// Inserts under a fresh id; on the (astronomically unlikely) collision, draws another.
    async fn create(&self, record: &mut Record) -> Result<()> {
        const ATTEMPTS: usize = 3;
        let data = serde_json::to_string(&record).map_err(|e| Error::Encode(e.to_string()))?;
        for _ in 0..ATTEMPTS {
            let inserted = sqlx::query("INSERT INTO sessions (id, data, expires_at_ms) VALUES ($1, $2, $3)")
                .bind(record.id.to_string())
                .bind(&data)
                .bind(expiry_ms(record))
                .execute(&self.pool)
                .await;
            match inserted {
                Ok(_) => return Ok(()),
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => record.id = Id::default(),
                Err(e) => return Err(backend(e)),
            }
        }
        Err(Error::Backend("could not find a free session id".into()))
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let data = serde_json::to_string(&record).map_err(|e| Error::Encode(e.to_string()))?;
        sqlx::query(
            "INSERT INTO sessions (id, data, expires_at_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at_ms = excluded.expires_at_ms",
        )
        .bind(record.id.to_string())
        .bind(data)
        .bind(expiry_ms(record))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT data FROM sessions WHERE id = $1 AND expires_at_ms > $2")
                .bind(id.to_string())
                .bind(now_ms())
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        row.map(|(data,)| serde_json::from_str(&data).map_err(|e| Error::Decode(e.to_string()))).transpose()
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
