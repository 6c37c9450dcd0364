//! Bulk import of listings from CSV: the file is checked whole (`shared::listing_import`), recorded with the
//! problems of its rows, and its listings are created as drafts by a background task, a chunk per transaction.
//! The chunk's listings and the import's progress commit together, so an import interrupted by a stop resumes
//! where it was (the server resumes running imports at start) and never creates a listing twice. Between chunks
//! the task yields the database to everyone else: a 10,000-row file never holds the writer for long.

use anyhow::Context;
use app::ports::{RequestContext, ServiceError};
use shared::ids::{CategoryId, ImportId};
use shared::listing_import::{
    ImportFileProblem, ImportState, ImportStatus, ParsedImport, parse_import, rows_with_problems,
};
use shared::money::Currency;

use super::listings::ListingService;
use crate::db::catalog::list_categories;
use crate::db::imports::{self as store, ImportRow, NewImport};
use crate::db::listings::shop_standing;
use crate::ids::{fresh, now_ms};

/// Listings created per transaction.
const LISTINGS_PER_CHUNK: usize = 50;
/// How long the same file from the same shop counts as a retry of its first upload.
const RETRY_WINDOW_MS: i64 = 10 * 60 * 1_000;
/// Imports a shop sees in its list.
const RECENT_IMPORTS: i64 = 10;

impl ListingService {
    /// Checks the file and starts importing what is importable; the rows with problems are recorded for download.
    pub(super) async fn begin_import(
        &self,
        context: &RequestContext,
        file_name: &str,
        text: &str,
    ) -> Result<ImportStatus, ServiceError> {
        let shop = Self::shop_of(context)?;
        let file_name: String = file_name.trim().chars().take(200).collect();
        let file_name = if file_name.is_empty() { "listings.csv".to_string() } else { file_name };
        let (currency, _) = shop_standing(self.db.pool(), &shop)
            .await
            .context("reading the shop")?
            .ok_or(ServiceError::NotFound("shop"))?;
        let parsed = self.parse(text, &currency).await?;
        // The same file again within minutes is a retry (an answer lost on the way, a second click), not a second
        // import: it gets the first one back.
        if let Some(earlier) =
            store::recent_identical_import(self.db.pool(), &shop, text, now_ms() - RETRY_WINDOW_MS)
                .await
                .context("looking for the same file")?
        {
            return status_of(earlier);
        }
        let id = fresh(ImportId::from_parts).to_string();
        let now = now_ms();
        let problems: Vec<(i64, String, String)> = parsed
            .problems
            .iter()
            .map(|problem| (i64::from(problem.line), problem.column.clone(), problem.problem.to_string()))
            .collect();
        let problem_rows = {
            let mut lines: Vec<u32> = parsed.problems.iter().map(|p| p.line).collect();
            lines.dedup();
            lines.len() as i64
        };
        let import = NewImport {
            id: &id,
            seller_id: &shop,
            file_name: &file_name,
            csv_text: text,
            listings_total: parsed.listings.len() as i64,
            rows_total: i64::from(parsed.rows),
            problem_rows,
            created_at_ms: now,
        };
        let mut tx = self.db.begin_write().await.context("opening the import")?;
        store::insert_import(&mut tx, &import, &problems).await.context("recording the import")?;
        tx.commit().await.context("committing the import")?;
        self.audit(
            context,
            "listing_import_started",
            &format!("{id}: {} listings from {file_name}", parsed.listings.len()),
        )
        .await?;
        if !parsed.listings.is_empty() {
            self.spawn_import(id.clone());
        }
        self.own_import(&shop, &id).await
    }

    /// The shop's recent imports, newest first.
    pub(super) async fn recent_imports(
        &self,
        context: &RequestContext,
    ) -> Result<Vec<ImportStatus>, ServiceError> {
        let shop = Self::shop_of(context)?;
        let rows =
            store::imports_of(self.db.pool(), &shop, RECENT_IMPORTS).await.context("listing imports")?;
        rows.into_iter().map(status_of).collect()
    }

    pub(super) async fn import_status(
        &self,
        context: &RequestContext,
        id: ImportId,
    ) -> Result<ImportStatus, ServiceError> {
        let shop = Self::shop_of(context)?;
        self.own_import(&shop, &id.to_string()).await
    }

    /// The rows with problems as CSV: the file's own columns and a `problem` column, to fix and import again.
    pub(super) async fn problems_csv(
        &self,
        context: &RequestContext,
        id: ImportId,
    ) -> Result<String, ServiceError> {
        let shop = Self::shop_of(context)?;
        let key = id.to_string();
        self.own_import(&shop, &key).await?;
        let pool = self.db.pool();
        let text = store::import_text(pool, &key).await.context("reading the file")?.unwrap_or_default();
        let problems = store::problems_of(pool, &key).await.context("reading the problems")?;
        let problems: Vec<(u32, String)> = problems
            .into_iter()
            .map(|(line, column, message)| (u32::try_from(line).unwrap_or(0), format!("{column}: {message}")))
            .collect();
        rows_with_problems(&text, &problems).map_err(|error| ServiceError::Unexpected(anyhow::anyhow!(error)))
    }

    /// Continues every import a stop interrupted.
    pub async fn resume_imports(&self) -> anyhow::Result<usize> {
        let running = store::running_imports(self.db.pool()).await.context("reading running imports")?;
        for import in &running {
            tracing::info!(import = %import.id, done = import.listings_done, of = import.listings_total, "resuming a listing import");
            self.spawn_import(import.id.clone());
        }
        Ok(running.len())
    }

    async fn own_import(&self, shop: &str, id: &str) -> Result<ImportStatus, ServiceError> {
        let row = store::import_by_id(self.db.pool(), id)
            .await
            .context("reading the import")?
            .filter(|row| row.seller_id == shop)
            .ok_or(ServiceError::NotFound("import"))?;
        status_of(row)
    }

    async fn parse(&self, text: &str, currency: &str) -> Result<ParsedImport, ServiceError> {
        let currency = Currency::from_code(currency).context("stored currency")?;
        let categories = list_categories(self.db.pool()).await.context("reading categories")?;
        let by_slug = |slug: &str| -> Option<CategoryId> {
            categories.iter().find(|c| c.slug.eq_ignore_ascii_case(slug)).and_then(|c| c.id.parse().ok())
        };
        parse_import(text, currency, by_slug).map_err(|problem| {
            metrics::counter!("bazaar_listing_imports_refused_total", "reason" => refusal_code(&problem))
                .increment(1);
            // The whole file is refused: nothing is recorded.
            ServiceError::Invalid { field: Some("file".into()), message: format!("file: {problem}.") }
        })
    }

    fn spawn_import(&self, id: String) {
        let service = self.clone();
        tokio::spawn(async move {
            if let Err(error) = service.run_import(&id).await {
                // The import stays running; the next start resumes it from its last committed chunk.
                tracing::error!(import = %id, error = format!("{error:#}"), "a listing import stopped");
            }
        });
    }

    async fn run_import(&self, id: &str) -> anyhow::Result<()> {
        let pool = self.db.pool();
        let Some(import) = store::import_by_id(pool, id).await? else { return Ok(()) };
        if ImportState::parse(&import.state) != Some(ImportState::Running) {
            return Ok(());
        }
        let text = store::import_text(pool, id).await?.unwrap_or_default();
        let (currency, _) = shop_standing(pool, &import.seller_id).await?.context("the import's shop")?;
        let parsed = self.parse(&text, &currency).await.map_err(|error| anyhow::anyhow!("{error}"))?;
        let total = parsed.listings.len();
        let mut done = usize::try_from(import.listings_done).unwrap_or(0).min(total);
        // The fair writer queue (`Database::begin_write`) gives everyone waiting a turn between chunks.
        for chunk in parsed.listings[done..].chunks(LISTINGS_PER_CHUNK) {
            let mut tx = self.db.begin_write().await?;
            let mut refused = Vec::new();
            for listing in chunk {
                match self.save_in(&mut tx, &import.seller_id, &currency, None, listing.input.clone()).await {
                    Ok(_) => {}
                    // Our own failure: the chunk rolls back and the next start tries it again.
                    Err(ServiceError::Unexpected(error)) => {
                        return Err(error.context(format!("listing {:?}", listing.handle)));
                    }
                    // The file's fault, found only now (its category went away meanwhile, say): the listing is
                    // left out like any other with a problem, instead of stopping the import for good.
                    Err(problem) => {
                        let line = i64::from(listing.lines.first().copied().unwrap_or(0));
                        refused.push((line, "listing".to_string(), problem.to_string()));
                    }
                }
            }
            done += chunk.len();
            if !refused.is_empty() {
                store::append_problems(&mut tx, id, &refused).await?;
            }
            let finished = (done == total).then(now_ms);
            store::record_progress(&mut tx, id, done as i64, finished).await?;
            tx.commit().await?;
            metrics::counter!("bazaar_listings_imported_total")
                .increment((chunk.len() - refused.len()) as u64);
        }
        Ok(())
    }
}

fn status_of(row: ImportRow) -> Result<ImportStatus, ServiceError> {
    let count = |value: i64| u32::try_from(value.max(0)).unwrap_or(u32::MAX);
    Ok(ImportStatus {
        id: row.id.parse().context("stored import id")?,
        file_name: row.file_name,
        state: ImportState::parse(&row.state).context("stored import state")?,
        listings_total: count(row.listings_total),
        listings_done: count(row.listings_done),
        rows: count(row.rows_total),
        problem_rows: count(row.problem_rows),
        created_at_ms: row.created_at_ms,
        finished_at_ms: row.finished_at_ms,
    })
}

/// Why a whole file was refused, for the metrics label.
fn refusal_code(problem: &ImportFileProblem) -> &'static str {
    match problem {
        ImportFileProblem::Empty => "empty",
        ImportFileProblem::TooLarge { .. } => "too_large",
        ImportFileProblem::TooManyRows { .. } => "too_many_rows",
        ImportFileProblem::MissingColumn { .. } => "missing_column",
        ImportFileProblem::NotCsv { .. } => "not_csv",
    }
}
