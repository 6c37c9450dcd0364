//! SQL of search: one interface over SQLite FTS5 and PostgreSQL full-text.
//!
//! The backends differ only in how a listing matches the words and in the order candidates come out
//! ([`TextIndex`]); filters, facets, counts and the other sort orders are the same portable SQL. Final
//! "best match" scoring happens in Rust over a bounded candidate set (see `services::catalog`), so both
//! backends rank alike.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use super::Backend;

/// The full-text side of a backend: how to join the index, match the terms, and hand candidates over newest first.
#[derive(Debug, Clone, Copy)]
pub struct TextIndex {
    backend: Backend,
}

impl TextIndex {
    pub fn new(backend: Backend) -> Self {
        Self { backend }
    }

    /// The match expression for `terms`, each a prefix, all required. Terms come from
    /// `shared::search::query_terms`: letters and digits only, so no search syntax can get through.
    pub fn match_expression(&self, terms: &[String]) -> String {
        let safe = terms.iter().map(|t| t.chars().filter(|c| c.is_alphanumeric()).collect::<String>());
        match self.backend {
            Backend::Sqlite => safe.map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" AND "),
            Backend::Postgres => safe.map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & "),
        }
    }

    /// FROM clause with the index joined, and the condition with the match placeholder.
    fn join_and_match(&self, sql: &mut SqlBuilder, expression: &str, joins: Joins) -> (String, String) {
        let placeholder = sql.bind(Value::Text(expression.to_string()));
        match self.backend {
            // CROSS JOIN fixes SQLite's join order: the index drives, so a selective filter column (an indexed
            // price, a category) can never make the planner test MATCH once per listing.
            // Facet counts read only what `products_search_facets` holds (migration 1004), so they name it:
            // without statistics the planner prefers the primary key's index and then reads the whole row.
            Backend::Sqlite => (
                format!(
                    "FROM product_search \
                     CROSS JOIN product_search_rows r ON r.row_id = product_search.rowid \
                     CROSS JOIN products p {} ON p.id = r.product_id \
                     {}",
                    if joins == Joins::SellerForFacets { "INDEXED BY products_search_facets" } else { "" },
                    joins.sql()
                ),
                format!("product_search MATCH {placeholder}"),
            ),
            Backend::Postgres => (
                format!("FROM products p {}", joins.sql()),
                format!("p.search_document @@ to_tsquery('simple', {placeholder})"),
            ),
        }
    }

    /// The order candidates are taken in: newest matches first. The index hands them over in that order
    /// (FTS5 walks its row ids backwards), so fetching a window costs the window, not the number of matches —
    /// a one-letter search over a million listings stays as fast as a precise one. Relevance is scored
    /// afterwards, in `shared::search`, the same for both backends.
    fn candidate_order(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "product_search.rowid DESC",
            Backend::Postgres => "p.created_at_ms DESC, p.id DESC",
        }
    }

    /// Every indexed word with the number of listings holding it, most common first.
    pub async fn vocabulary(&self, pool: &AnyPool, limit: u32) -> Result<Vec<(String, i64)>, sqlx::Error> {
        let sql = match self.backend {
            Backend::Sqlite => "SELECT term, doc FROM product_search_terms ORDER BY doc DESC LIMIT $1",
            Backend::Postgres => {
                "SELECT word AS term, CAST(ndoc AS BIGINT) AS doc \
                 FROM ts_stat('SELECT search_document FROM products') ORDER BY ndoc DESC LIMIT $1"
            }
        };
        sqlx::query_as(sql).bind(i64::from(limit)).fetch_all(pool).await
    }
}

/// Only published listings are in the storefront: drafts and listings taken off sale are the seller's alone.
const ON_SALE: &str = "p.status = 'published'";

const BROWSE_FROM: &str = "FROM products p \
    JOIN sellers s ON s.id = p.seller_id \
    JOIN categories c ON c.id = p.category_id";

/// The tables joined to each listing. The category is only needed for cards (its slug and name): filters and
/// facets read `p.category_id`, which the foreign key keeps valid, so they skip one lookup per match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joins {
    SellerAndCategory,
    Seller,
    /// The seller, and only listing columns that `products_search_facets` holds.
    SellerForFacets,
}

impl Joins {
    fn sql(self) -> &'static str {
        match self {
            Joins::SellerAndCategory => {
                "JOIN sellers s ON s.id = p.seller_id JOIN categories c ON c.id = p.category_id"
            }
            Joins::Seller | Joins::SellerForFacets => "JOIN sellers s ON s.id = p.seller_id",
        }
    }
}

/// What to search for, already validated; region codes and day counts are plain data.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    /// The backend's match expression; None browses.
    pub text: Option<String>,
    /// Category ids to stay within; an empty list matches nothing.
    pub categories: Option<Vec<String>>,
    /// Currency and bounds in minor units.
    pub price: Option<(String, Option<i64>, Option<i64>)>,
    pub in_stock: bool,
    pub min_rating_x100: Option<i64>,
    /// Fastest transit (days, upper end of the window) from each origin region into the shopper's region.
    pub transit_by_origin: Option<Vec<(String, i64)>>,
    pub delivery_within_days: Option<i64>,
}

/// How to order the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchOrder {
    /// Candidates for re-ranking: the newest matches first.
    Candidates,
    /// Cheapest (or dearest) first, listings in `preferred_currency` before the others, which are grouped
    /// per currency: prices in different currencies are never compared.
    Price {
        descending: bool,
    },
    FastestDelivery,
    TopRated,
}

/// A listing as search needs it: the card plus the ranking signals.
#[derive(Debug, Clone, FromRow)]
pub struct SearchRow {
    pub id: String,
    pub title: String,
    pub description: String,
    pub attributes: String,
    pub currency: String,
    pub price_minor: i64,
    pub stock: i64,
    pub category_id: String,
    pub category_slug: String,
    pub category_name: String,
    pub seller_id: String,
    pub seller_name: String,
    pub seller_rating_x100: Option<i64>,
    pub seller_region: String,
    pub seller_handling_days: i64,
    pub orders_90d: i64,
    pub returns_disputes_90d: i64,
    pub views_30d: i64,
    pub orders_30d: i64,
    pub seller_performance_ppm: Option<i64>,
}

/// What "best match" needs to rank a candidate: its words and its signals, not its card (the page's cards are
/// read afterwards, for the few candidates shown). Fewer columns matter: sqlx copies every value it reads.
#[derive(Debug, Clone, FromRow)]
pub struct CandidateRow {
    pub id: String,
    pub title: String,
    pub description: String,
    pub attributes: String,
    pub stock: i64,
    pub seller_rating_x100: Option<i64>,
    pub seller_region: String,
    pub seller_handling_days: i64,
    pub orders_90d: i64,
    pub returns_disputes_90d: i64,
    pub views_30d: i64,
    pub orders_30d: i64,
    pub seller_performance_ppm: Option<i64>,
}

impl From<SearchRow> for CandidateRow {
    fn from(row: SearchRow) -> Self {
        Self {
            id: row.id,
            title: row.title,
            description: row.description,
            attributes: row.attributes,
            stock: row.stock,
            seller_rating_x100: row.seller_rating_x100,
            seller_region: row.seller_region,
            seller_handling_days: row.seller_handling_days,
            orders_90d: row.orders_90d,
            returns_disputes_90d: row.returns_disputes_90d,
            views_30d: row.views_30d,
            orders_30d: row.orders_30d,
            seller_performance_ppm: row.seller_performance_ppm,
        }
    }
}

const CANDIDATE_COLUMNS: &str = "p.id, p.title, p.description, p.attributes, p.stock, \
    s.rating_x100 AS seller_rating_x100, s.region AS seller_region, s.handling_days AS seller_handling_days, \
    p.orders_90d, p.returns_disputes_90d, p.views_30d, p.orders_30d, s.performance_ppm AS seller_performance_ppm";

const SEARCH_COLUMNS: &str = "p.id, p.title, p.description, p.attributes, p.currency, p.price_minor, p.stock, \
    c.id AS category_id, c.slug AS category_slug, c.name AS category_name, \
    s.id AS seller_id, s.name AS seller_name, s.rating_x100 AS seller_rating_x100, s.region AS seller_region, \
    s.handling_days AS seller_handling_days, \
    p.orders_90d, p.returns_disputes_90d, p.views_30d, p.orders_30d, s.performance_ppm AS seller_performance_ppm";

/// One page (or the candidate window) of results.
pub async fn search_rows(
    pool: &AnyPool,
    index: TextIndex,
    filter: &SearchFilter,
    order: SearchOrder,
    preferred_currency: Option<&str>,
    limit: u32,
    offset: u64,
) -> Result<Vec<SearchRow>, sqlx::Error> {
    let mut sql = SqlBuilder::default();
    let (from, conditions, text_placeholder) =
        filtered_from(&mut sql, index, filter, Joins::SellerAndCategory);
    let order_by = match order {
        SearchOrder::Candidates => match &text_placeholder {
            Some(_) => index.candidate_order().into(),
            // The same direction on both columns, so the newest-first indexes deliver rows already in order.
            None => "p.created_at_ms DESC, p.id DESC".into(),
        },
        SearchOrder::Price { descending } => {
            let direction = if descending { "DESC" } else { "ASC" };
            let preferred = match preferred_currency {
                Some(code) => {
                    let placeholder = sql.bind(Value::Text(code.to_string()));
                    format!("CASE WHEN p.currency = {placeholder} THEN 0 ELSE 1 END, ")
                }
                None => String::new(),
            };
            format!("{preferred}p.currency, p.price_minor {direction}, p.id")
        }
        SearchOrder::FastestDelivery => {
            format!(
                "COALESCE({}, 9999), COALESCE(s.rating_x100, 0) DESC, p.id",
                delivery_days_expression(filter)
            )
        }
        SearchOrder::TopRated => "COALESCE(s.rating_x100, 0) DESC, p.orders_90d DESC, p.id".into(),
    };
    // Every order ends in the id (above), so equal keys page the same way every time.
    let limit_placeholder = sql.bind(Value::Int(i64::from(limit)));
    let offset_placeholder = sql.bind(Value::Int(i64::try_from(offset).unwrap_or(i64::MAX)));
    let text = format!(
        "SELECT {SEARCH_COLUMNS} {from} {conditions} ORDER BY {order_by} \
         LIMIT {limit_placeholder} OFFSET {offset_placeholder}"
    );
    sql.fetch_all::<SearchRow>(pool, &text).await
}

/// The first `limit` candidates for "best match" ([`SearchOrder::Candidates`]), lean: see [`CandidateRow`].
pub async fn candidate_rows(
    pool: &AnyPool,
    index: TextIndex,
    filter: &SearchFilter,
    limit: u32,
) -> Result<Vec<CandidateRow>, sqlx::Error> {
    let mut sql = SqlBuilder::default();
    let (from, conditions, text_placeholder) = filtered_from(&mut sql, index, filter, Joins::Seller);
    let order_by = match &text_placeholder {
        Some(_) => index.candidate_order(),
        None => "p.created_at_ms DESC, p.id DESC",
    };
    let limit_placeholder = sql.bind(Value::Int(i64::from(limit)));
    let text = format!(
        "SELECT {CANDIDATE_COLUMNS} {from} {conditions} ORDER BY {order_by} LIMIT {limit_placeholder}"
    );
    sql.fetch_all::<CandidateRow>(pool, &text).await
}

/// The listings among `ids` that exist and are on sale, as search rows, in no particular order (lookups and rank explanations).
pub async fn rows_by_ids(pool: &AnyPool, ids: &[String]) -> Result<Vec<SearchRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = SqlBuilder::default();
    let placeholders: Vec<String> = ids.iter().map(|id| sql.bind(Value::Text(id.clone()))).collect();
    let text = format!(
        "SELECT {SEARCH_COLUMNS} {BROWSE_FROM} WHERE p.id IN ({}) AND {ON_SALE}",
        placeholders.join(", ")
    );
    sql.fetch_all::<SearchRow>(pool, &text).await
}

/// Listings of one category and currency among the matches, with the facet sums.
#[derive(Debug, Clone, FromRow)]
pub struct FacetGroup {
    pub category_id: String,
    pub currency: String,
    pub listings: i64,
    pub in_stock: i64,
    pub rated_450: i64,
    pub rated_400: i64,
    pub rated_350: i64,
    pub within_3: i64,
    pub within_7: i64,
    pub within_14: i64,
}

/// Day counts the delivery facet offers.
pub const DELIVERY_FACET_DAYS: [i64; 3] = [3, 7, 14];
/// Star thresholds (×100) the rating facet offers.
pub const RATING_FACET_X100: [i64; 3] = [450, 400, 350];

/// Counts per category and currency with the facet sums, over the first `cap + 1` matches (so the caller can
/// tell "exactly N" from "more than cap").
pub async fn facet_counts(
    pool: &AnyPool,
    index: TextIndex,
    filter: &SearchFilter,
    cap: u32,
) -> Result<Vec<FacetGroup>, sqlx::Error> {
    let mut sql = SqlBuilder::default();
    let (from, conditions, _) = filtered_from(&mut sql, index, filter, Joins::SellerForFacets);
    let delivery = delivery_days_expression(filter);
    let cap_placeholder = sql.bind(Value::Int(i64::from(cap) + 1));
    let [d1, d2, d3] = DELIVERY_FACET_DAYS;
    let [r1, r2, r3] = RATING_FACET_X100;
    let within =
        |days: i64| format!("CAST(SUM(CASE WHEN m.delivery_days <= {days} THEN 1 ELSE 0 END) AS BIGINT)");
    let rated =
        |x100: i64| format!("CAST(SUM(CASE WHEN m.rating_x100 >= {x100} THEN 1 ELSE 0 END) AS BIGINT)");
    let text = format!(
        "SELECT m.category_id, m.currency, COUNT(*) AS listings, \
            CAST(SUM(CASE WHEN m.stock > 0 THEN 1 ELSE 0 END) AS BIGINT) AS in_stock, \
            {} AS rated_450, {} AS rated_400, {} AS rated_350, \
            {} AS within_3, {} AS within_7, {} AS within_14 \
         FROM (SELECT p.category_id, p.currency, p.stock, s.rating_x100, {delivery} AS delivery_days \
               {from} {conditions} LIMIT {cap_placeholder}) m \
         GROUP BY m.category_id, m.currency",
        rated(r1),
        rated(r2),
        rated(r3),
        within(d1),
        within(d2),
        within(d3),
    );
    sql.fetch_all::<FacetGroup>(pool, &text).await
}

/// FROM and WHERE for the filter, binding its values; also the text placeholder when searching.
fn filtered_from(
    sql: &mut SqlBuilder,
    index: TextIndex,
    filter: &SearchFilter,
    joins: Joins,
) -> (String, String, Option<String>) {
    let mut conditions = Vec::new();
    let (from, text_placeholder) = match &filter.text {
        Some(expression) => {
            let (from, condition) = index.join_and_match(sql, expression, joins);
            let placeholder = sql.last_placeholder();
            conditions.push(condition);
            // SQLite's index holds only listings on sale (its triggers, migration 1005), so its matches need no
            // check — and its facet counts keep reading their covering index instead of each row.
            if index.backend == Backend::Postgres {
                conditions.push(ON_SALE.into());
            }
            (from, Some(placeholder))
        }
        None => {
            conditions.push(ON_SALE.into());
            (format!("FROM products p {}", joins.sql()), None)
        }
    };
    if let Some(ids) = &filter.categories {
        if ids.is_empty() {
            conditions.push("1 = 0".into());
        } else {
            let placeholders: Vec<String> = ids.iter().map(|id| sql.bind(Value::Text(id.clone()))).collect();
            // One category: its (category, newest) index serves filter and order together. Several (a department):
            // the `|| ''` keeps the planner off the category index, so it walks the newest-first index and stops
            // after a page instead of sorting every listing of the department.
            conditions.push(if placeholders.len() == 1 {
                format!("p.category_id = {}", placeholders[0])
            } else {
                format!("p.category_id || '' IN ({})", placeholders.join(", "))
            });
        }
    }
    if let Some((currency, min, max)) = &filter.price {
        conditions.push(format!("p.currency = {}", sql.bind(Value::Text(currency.clone()))));
        if let Some(min) = min {
            conditions.push(format!("p.price_minor >= {}", sql.bind(Value::Int(*min))));
        }
        if let Some(max) = max {
            conditions.push(format!("p.price_minor <= {}", sql.bind(Value::Int(*max))));
        }
    }
    if filter.in_stock {
        conditions.push("p.stock > 0".into());
    }
    if let Some(rating) = filter.min_rating_x100 {
        conditions.push(format!("s.rating_x100 >= {}", sql.bind(Value::Int(rating))));
    }
    if let Some(days) = filter.delivery_within_days {
        conditions.push(format!("{} <= {}", delivery_days_expression(filter), sql.bind(Value::Int(days))));
    }
    let conditions =
        if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    (from, conditions, text_placeholder)
}

/// Days until the latest delivery of the fastest lane: handling + transit, NULL where no lane serves the shop's
/// region. Built from plain data (two-letter codes, integers), so it is inlined rather than bound.
fn delivery_days_expression(filter: &SearchFilter) -> String {
    let arms: Vec<String> = filter
        .transit_by_origin
        .iter()
        .flatten()
        .filter(|(code, _)| code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()))
        .map(|(code, days)| format!("WHEN '{code}' THEN {days}"))
        .collect();
    if arms.is_empty() {
        "CAST(NULL AS BIGINT)".into()
    } else {
        format!("(s.handling_days + CASE s.region {} ELSE NULL END)", arms.join(" "))
    }
}

/// A value to bind.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Int(i64),
}

/// Numbers placeholders in order of first use and remembers what to bind to each.
#[derive(Debug, Default)]
struct SqlBuilder {
    values: Vec<Value>,
}

impl SqlBuilder {
    fn bind(&mut self, value: Value) -> String {
        self.values.push(value);
        self.last_placeholder()
    }

    fn last_placeholder(&self) -> String {
        format!("${}", self.values.len())
    }

    async fn fetch_all<T>(self, pool: &AnyPool, text: &str) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    {
        let mut query = sqlx::query_as::<_, T>(text);
        for value in self.values {
            query = match value {
                Value::Text(text) => query.bind(text),
                Value::Int(number) => query.bind(number),
            };
        }
        query.fetch_all(pool).await
    }
}
