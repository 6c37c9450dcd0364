//! SQL of listing imports: the uploaded file, its progress and the problems of its rows.

use sqlx::{AnyConnection, AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct ImportRow {
    pub id: String,
    pub seller_id: String,
    pub file_name: String,
    pub state: String,
    pub listings_total: i64,
    pub listings_done: i64,
    pub rows_total: i64,
    pub problem_rows: i64,
    pub created_at_ms: i64,
    pub finished_at_ms: Option<i64>,
}

const IMPORT_COLUMNS: &str = "id, seller_id, file_name, state, listings_total, listings_done, rows_total, \
     problem_rows, created_at_ms, finished_at_ms";

pub struct NewImport<'a> {
    pub id: &'a str,
    pub seller_id: &'a str,
    pub file_name: &'a str,
    pub csv_text: &'a str,
    pub listings_total: i64,
    pub rows_total: i64,
    pub problem_rows: i64,
    pub created_at_ms: i64,
}

/// Records an import and the problems its rows have, in the caller's transaction.
pub async fn insert_import(
    conn: &mut AnyConnection,
    import: &NewImport<'_>,
    problems: &[(i64, String, String)],
) -> Result<(), sqlx::Error> {
    let state = if import.listings_total == 0 { "done" } else { "running" };
    sqlx::query(
        "INSERT INTO listing_imports (id, seller_id, file_name, state, csv_text, listings_total, listings_done, \
             rows_total, problem_rows, created_at_ms, finished_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10)",
    )
    .bind(import.id)
    .bind(import.seller_id)
    .bind(import.file_name)
    .bind(state)
    .bind(import.csv_text)
    .bind(import.listings_total)
    .bind(import.rows_total)
    .bind(import.problem_rows)
    .bind(import.created_at_ms)
    .bind((state == "done").then_some(import.created_at_ms))
    .execute(&mut *conn)
    .await?;
    insert_problems(conn, import.id, 0, problems).await
}

/// Records problems found while the listings are created (counted as rows with problems), after those of the
/// file's check.
pub async fn append_problems(
    conn: &mut AnyConnection,
    id: &str,
    problems: &[(i64, String, String)],
) -> Result<(), sqlx::Error> {
    let (next,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM listing_import_problems WHERE import_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    insert_problems(conn, id, next, problems).await?;
    sqlx::query("UPDATE listing_imports SET problem_rows = problem_rows + $1 WHERE id = $2")
        .bind(problems.len() as i64)
        .bind(id)
        .execute(conn)
        .await
        .map(drop)
}

async fn insert_problems(
    conn: &mut AnyConnection,
    id: &str,
    first_position: i64,
    problems: &[(i64, String, String)],
) -> Result<(), sqlx::Error> {
    for (chunk_index, chunk) in problems.chunks(200).enumerate() {
        let sql = format!(
            "INSERT INTO listing_import_problems (import_id, position, line, column_name, message) VALUES {}",
            super::values_placeholders(chunk.len(), 5)
        );
        let mut query = sqlx::query(&sql);
        for (offset, (line, column, message)) in chunk.iter().enumerate() {
            let position = first_position + (chunk_index * 200 + offset) as i64;
            query = query.bind(id).bind(position).bind(*line).bind(column).bind(message);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn import_by_id(pool: &AnyPool, id: &str) -> Result<Option<ImportRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {IMPORT_COLUMNS} FROM listing_imports WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// The shop's most recent imports, newest first.
pub async fn imports_of(pool: &AnyPool, seller_id: &str, limit: i64) -> Result<Vec<ImportRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {IMPORT_COLUMNS} FROM listing_imports WHERE seller_id = $1 ORDER BY created_at_ms DESC, id DESC LIMIT $2"
    ))
    .bind(seller_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The shop's import of exactly this file since `since_ms`, if there is one.
pub async fn recent_identical_import(
    pool: &AnyPool,
    seller_id: &str,
    csv_text: &str,
    since_ms: i64,
) -> Result<Option<ImportRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {IMPORT_COLUMNS} FROM listing_imports \
         WHERE seller_id = $1 AND created_at_ms >= $2 AND csv_text = $3 ORDER BY created_at_ms DESC LIMIT 1"
    ))
    .bind(seller_id)
    .bind(since_ms)
    .bind(csv_text)
    .fetch_optional(pool)
    .await
}

/// Imports still running (after a restart: the ones to resume).
pub async fn running_imports(pool: &AnyPool) -> Result<Vec<ImportRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {IMPORT_COLUMNS} FROM listing_imports WHERE state = 'running' ORDER BY created_at_ms"
    ))
    .fetch_all(pool)
    .await
}

pub async fn import_text(pool: &AnyPool, id: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT csv_text FROM listing_imports WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(text,)| text))
}

/// Counts listings done, in the transaction that created them; the last chunk also ends the import.
pub async fn record_progress(
    conn: &mut AnyConnection,
    id: &str,
    listings_done: i64,
    finished_at_ms: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE listing_imports SET listings_done = $1, \
             state = CASE WHEN $2 IS NULL THEN state ELSE 'done' END, finished_at_ms = $2 WHERE id = $3",
    )
    .bind(listings_done)
    .bind(finished_at_ms)
    .bind(id)
    .execute(conn)
    .await
    .map(drop)
}

/// The problems of an import's rows, in the file's order.
pub async fn problems_of(pool: &AnyPool, id: &str) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT line, column_name, message FROM listing_import_problems WHERE import_id = $1 ORDER BY line, position",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}
