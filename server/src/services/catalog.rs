//! Catalog reads: search with facets and ranking, product pages with variants and delivery options, the
//! category tree, suggestions.
//!
//! Search runs in two steps. The database finds the matching listings, applies the filters, counts the facets
//! (over a bounded number of matches) and returns a candidate window (the newest matches). "Best match" then
//! scores those candidates with `shared::ranking` — text relevance and the chance of a successful purchase —
//! so the formula lives in one place and both backends rank alike. Past the window, results continue
//! newest first, which is where a shopper who pages that far is anyway.
//!
//! Three in-memory caches sit in front of the database: result pages by normalized query (bounded, off with
//! `search_cache_entries = 0`), the category tree, and the lanes into each region. Each keeps what it computed
//! under the catalog write count read before computing it (`db::catalog::catalog_generation`) and drops
//! everything once that count moves, so a write by this process is seen by the next request; writes this
//! process cannot see (another server on the same PostgreSQL, SQL by hand) show after at most the configured
//! maximum age.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;
use app::ports::{Catalog, RequestContext, ServiceError};
use async_trait::async_trait;
use shared::auth::{Role, Scope};
use shared::delivery::{Lane, delivery_options, fastest_delivery_days};
use shared::dto::{
    Attribute, CategoryNode, CategoryRef, FacetCount, Facets, FlatCategory, ProductDetail, ProductImage,
    ProductLookup, ProductSummary, RankingExplanation, SearchQuery, SearchResults, SellerCard, SellerRef,
    Variant, category_path, check_query_text, parse_region,
};
use shared::ids::ProductId;
use shared::money::{Currency, Money};
use shared::ranking::{ListingSignals, RankingWeights, rank};
use shared::search::{IndexedTerm, SearchSort, query_terms, relevance_ppm, suggest};
use tokio::sync::Mutex;

use super::views::ViewCounter;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::db::Database;
use crate::db::catalog::{self, catalog_generation};
use crate::db::images;
use crate::db::search::{
    CandidateRow, DELIVERY_FACET_DAYS, FacetGroup, RATING_FACET_X100, SearchFilter, SearchOrder, SearchRow,
    TextIndex, candidate_rows, facet_counts, rows_by_ids, search_rows,
};

/// Candidates "best match" re-ranks: ten pages of 24.
const CANDIDATE_WINDOW: u64 = 240;
/// Matches counted exactly; beyond, totals and facets are lower bounds ("1,000+"), which keeps the cost of a
/// search independent of how many listings match.
const COUNT_CAP: u32 = 1_000;
/// Suggestions come from the most common indexed words, refreshed at most this often.
const VOCABULARY_SIZE: u32 = 50_000;
const VOCABULARY_MAX_AGE: Duration = Duration::from_secs(60);
const SUGGESTIONS: usize = 8;

/// Regions whose lanes are kept at once (every served region fits).
const LANE_TABLES: usize = 256;

/// Search result pages served from the cache and computed, since start (all services of the process).
static SEARCH_CACHE_HITS: AtomicU64 = AtomicU64::new(0);
static SEARCH_CACHE_MISSES: AtomicU64 = AtomicU64::new(0);

/// Searches answered from the result cache and searches computed while the cache was on, since the process
/// started; the bench reports the hit rate from these.
pub fn search_cache_counts() -> (u64, u64) {
    (SEARCH_CACHE_HITS.load(Ordering::Relaxed), SEARCH_CACHE_MISSES.load(Ordering::Relaxed))
}

pub struct CatalogService {
    db: Database,
    index: TextIndex,
    weights: RankingWeights,
    vocabulary: Mutex<Option<(Instant, Arc<Vec<IndexedTerm>>)>>,
    /// Result pages by the normalized query (its `Debug` form: terms, filters, sort, page).
    results: CatalogMemo<String, Arc<SearchResults>>,
    categories: CatalogMemo<(), Arc<Categories>>,
    lanes: CatalogMemo<String, Arc<LanesByOrigin>>,
    /// Product page views, counted here and written in batches by the flush job.
    views: Arc<ViewCounter>,
    /// Which UTC day a view counts on.
    clock: SharedClock,
}

/// A day in milliseconds (views are counted per UTC day).
const DAY_MS: i64 = 86_400_000;

/// Whether a product page read is a shopper's interest: the listing's own seller looking at their page and
/// operators checking listings are not demand, and would inflate views (and so lower conversion).
fn is_demand(context: &RequestContext, seller_id: &str) -> bool {
    match context.actor.principal() {
        None => true,
        Some(principal) => match principal.role {
            Role::Operator => false,
            Role::Seller => principal.seller_id.is_none_or(|own| own.to_string() != seller_id),
            Role::Shopper | Role::Partner => true,
        },
    }
}

/// The category tree, flat and built.
struct Categories {
    flat: Vec<FlatCategory>,
    tree: Vec<CategoryNode>,
}

impl CatalogService {
    pub fn new(db: Database, config: &Config, views: Arc<ViewCounter>, clock: SharedClock) -> Self {
        let index = TextIndex::new(db.backend());
        let max_age = Duration::from_secs(config.search_cache_max_age_secs);
        let entries = usize::try_from(config.search_cache_entries).unwrap_or(usize::MAX);
        Self {
            db,
            index,
            weights: config.ranking,
            vocabulary: Mutex::new(None),
            results: CatalogMemo::new(entries, max_age),
            categories: CatalogMemo::new(1, max_age),
            lanes: CatalogMemo::new(LANE_TABLES, max_age),
            views,
            clock,
        }
    }

    /// The lanes into `region`, grouped by the region they leave from.
    async fn lanes_into(&self, region: Option<&str>) -> Result<Arc<LanesByOrigin>, ServiceError> {
        let Some(region) = region else { return Ok(Arc::default()) };
        let generation = catalog_generation();
        if let Some(lanes) = self.lanes.get(region, generation) {
            return Ok(lanes);
        }
        let rows = catalog::lanes_into(self.db.pool(), region).await.context("reading shipping lanes")?;
        let mut by_origin: HashMap<String, Vec<Lane>> = HashMap::new();
        for row in rows {
            let Some(lane) = row.to_lane() else {
                tracing::warn!(origin = %row.origin_region, destination = %row.destination_region, "unreadable lane");
                continue;
            };
            by_origin.entry(row.origin_region).or_default().push(lane);
        }
        let lanes = Arc::new(LanesByOrigin(by_origin));
        self.lanes.put(region.to_string(), generation, lanes.clone());
        Ok(lanes)
    }

    async fn categories_now(&self) -> Result<Arc<Categories>, ServiceError> {
        let generation = catalog_generation();
        if let Some(categories) = self.categories.get(&(), generation) {
            return Ok(categories);
        }
        let rows = catalog::list_categories(self.db.pool()).await.context("listing categories")?;
        let flat = flat_categories(rows)?;
        let tree = CategoryNode::build_tree(flat.clone());
        let categories = Arc::new(Categories { flat, tree });
        self.categories.put((), generation, categories.clone());
        Ok(categories)
    }

    /// The page of `query` in its sort order.
    async fn page_rows(
        &self,
        query: &SearchQuery,
        filter: &SearchFilter,
        lanes: &LanesByOrigin,
    ) -> Result<Vec<SearchRow>, ServiceError> {
        let pool = self.db.pool();
        let (offset, per_page) = (query.page.offset(), u64::from(query.page.per_page()));
        let preferred_currency = query
            .price
            .map(|p| p.currency.code())
            .or_else(|| query.region.as_deref().and_then(shared::regions::region).map(|r| r.market_currency));
        let fetch = |order: SearchOrder, limit: u64, offset: u64| {
            search_rows(pool, self.index, filter, order, preferred_currency, limit as u32, offset)
        };
        let order = match query.sort {
            SearchSort::BestMatch => None,
            SearchSort::PriceAsc => Some(SearchOrder::Price { descending: false }),
            SearchSort::PriceDesc => Some(SearchOrder::Price { descending: true }),
            SearchSort::FastestDelivery => Some(SearchOrder::FastestDelivery),
            SearchSort::TopRated => Some(SearchOrder::TopRated),
        };
        if let Some(order) = order {
            return Ok(fetch(order, per_page, offset).await.context("searching")?);
        }
        let mut rows = Vec::new();
        if offset < CANDIDATE_WINDOW {
            // Rank lean candidates, then read the cards of the page's few.
            let candidates = candidate_rows(pool, self.index, filter, CANDIDATE_WINDOW as u32)
                .await
                .context("searching")?;
            let mut scored: Vec<(u32, &CandidateRow)> = candidates
                .iter()
                .map(|row| (rank(&signals(&query.terms, row, lanes), &self.weights).total_ppm, row))
                .collect();
            // Stable: equal scores keep the newest first.
            scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
            let page: Vec<String> = scored
                .into_iter()
                .skip(offset as usize)
                .take(per_page as usize)
                .map(|(_, row)| row.id.clone())
                .collect();
            let mut cards: HashMap<String, SearchRow> = rows_by_ids(pool, &page)
                .await
                .context("reading the page's listings")?
                .into_iter()
                .map(|row| (row.id.clone(), row))
                .collect();
            // A listing deleted between the two reads is left out, as if the search had started after.
            rows.extend(page.iter().filter_map(|id| cards.remove(id)));
        }
        let end = offset + per_page;
        if end > CANDIDATE_WINDOW {
            let start = offset.max(CANDIDATE_WINDOW);
            rows.extend(fetch(SearchOrder::Candidates, end - start, start).await.context("searching")?);
        }
        Ok(rows)
    }

    /// Sets each summary's main image (one query for the page).
    async fn attach_main_images(&self, items: &mut [ProductSummary]) -> Result<(), ServiceError> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = items.iter().map(|item| item.id.to_string()).collect();
        let main = images::main_images(self.db.pool(), &ids).await.context("loading main images")?;
        for item in items.iter_mut() {
            item.image = main.get(&item.id.to_string()).and_then(readable_image);
        }
        Ok(())
    }

    /// One search, straight from the database.
    async fn search_uncached(&self, query: SearchQuery) -> Result<SearchResults, ServiceError> {
        let pool = self.db.pool();
        let (categories, lanes) =
            tokio::try_join!(self.categories_now(), self.lanes_into(query.region.as_deref()))?;
        let tree = categories.tree.as_slice();
        let category_ids = match &query.category {
            None => None,
            Some(slug) => {
                let ids = CategoryNode::subtree_ids(tree, slug).ok_or_else(|| ServiceError::Invalid {
                    field: Some("category".into()),
                    message: format!("There is no category {slug:?}."),
                })?;
                Some(ids.iter().map(ToString::to_string).collect())
            }
        };
        let filter = SearchFilter {
            text: (!query.terms.is_empty()).then(|| self.index.match_expression(&query.terms)),
            categories: category_ids,
            price: query.price.map(|p| (p.currency.code().to_string(), p.min_minor, p.max_minor)),
            in_stock: query.in_stock,
            min_rating_x100: query.min_rating_x100.map(i64::from),
            transit_by_origin: query.region.as_ref().map(|_| lanes.fastest_transit()),
            delivery_within_days: query.delivery_days.map(i64::from),
        };
        // Phase timings at debug level (`--log warn,server::services::catalog=debug`): where a slow search spent
        // its time, without a profiler.
        let started = Instant::now();
        let (rows, groups) = tokio::try_join!(
            async { self.page_rows(&query, &filter, &lanes).await.map(|rows| (rows, started.elapsed())) },
            async {
                facet_counts(pool, self.index, &filter, COUNT_CAP)
                    .await
                    .context("counting facets")
                    .map_err(ServiceError::from)
                    .map(|groups| (groups, started.elapsed()))
            }
        )?;
        let ((rows, rows_took), (groups, facets_took)) = (rows, groups);
        let images_started = Instant::now();
        let mut items: Vec<ProductSummary> =
            rows.into_iter().map(|row| summary_from_search_row(row, &lanes)).collect::<Result<_, _>>()?;
        self.attach_main_images(&mut items).await?;
        tracing::debug!(
            terms = ?query.terms,
            sort = ?query.sort,
            rows_ms = rows_took.as_secs_f64() * 1e3,
            facets_ms = facets_took.as_secs_f64() * 1e3,
            images_ms = images_started.elapsed().as_secs_f64() * 1e3,
            "search phases"
        );
        let counted: u64 = groups.iter().map(|g| count(g.listings)).sum();
        let total_is_lower_bound = counted > u64::from(COUNT_CAP);
        Ok(SearchResults {
            items,
            page: query.page.page(),
            per_page: query.page.per_page(),
            total: counted.min(u64::from(COUNT_CAP)),
            total_is_lower_bound,
            facets: facets(&groups, tree, query.category.as_deref(), query.region.is_some()),
            region: query.region,
        })
    }

    async fn vocabulary(&self) -> Result<Arc<Vec<IndexedTerm>>, ServiceError> {
        let mut cached = self.vocabulary.lock().await;
        if let Some((loaded, terms)) = cached.as_ref()
            && loaded.elapsed() < VOCABULARY_MAX_AGE
        {
            return Ok(terms.clone());
        }
        let rows =
            self.index.vocabulary(self.db.pool(), VOCABULARY_SIZE).await.context("reading the vocabulary")?;
        let terms: Arc<Vec<IndexedTerm>> = Arc::new(
            rows.into_iter()
                // Lone letters and bare numbers make poor suggestions.
                .filter(|(term, _)| term.chars().count() > 1 && !term.chars().all(|c| c.is_ascii_digit()))
                .map(|(term, listings)| IndexedTerm { term, listings: u64::try_from(listings).unwrap_or(0) })
                .collect(),
        );
        *cached = Some((Instant::now(), terms.clone()));
        Ok(terms)
    }
}

#[async_trait]
impl Catalog for CatalogService {
    async fn search(&self, query: SearchQuery) -> Result<SearchResults, ServiceError> {
        // Read before the database: a write committing meanwhile moves the count, so this page is filed as
        // already stale rather than outliving the write.
        let generation = catalog_generation();
        let key = self.results.enabled().then(|| format!("{query:?}"));
        if let Some(key) = &key {
            if let Some(page) = self.results.get(key, generation) {
                SEARCH_CACHE_HITS.fetch_add(1, Ordering::Relaxed);
                return Ok(SearchResults::clone(&page));
            }
            SEARCH_CACHE_MISSES.fetch_add(1, Ordering::Relaxed);
        }
        let page = self.search_uncached(query).await?;
        if let Some(key) = key {
            self.results.put(key, generation, Arc::new(page.clone()));
        }
        Ok(page)
    }

    async fn suggest(&self, typed: &str) -> Result<Vec<String>, ServiceError> {
        check_query_text(typed)?;
        // Complete the last word; the words before it stay as typed.
        let terms = query_terms(typed);
        let Some(last) = terms.last() else { return Ok(Vec::new()) };
        if typed.ends_with(|c: char| !c.is_alphanumeric()) {
            return Ok(Vec::new()); // The last word is finished.
        }
        let vocabulary = self.vocabulary().await?;
        let head = terms[..terms.len() - 1].join(" ");
        Ok(suggest(last, &vocabulary, SUGGESTIONS)
            .into_iter()
            .map(|word| if head.is_empty() { word } else { format!("{head} {word}") })
            .collect())
    }

    async fn product(
        &self,
        context: &RequestContext,
        id: ProductId,
        region: Option<String>,
    ) -> Result<ProductDetail, ServiceError> {
        let region = parse_region(region.as_deref())?;
        let pool = self.db.pool();
        let key = id.to_string();
        let (row, categories, variants, lanes) = tokio::try_join!(
            async {
                catalog::product_detail(pool, &key)
                    .await
                    .context("loading a product")
                    .map_err(ServiceError::from)
            },
            self.categories_now(),
            async {
                catalog::variants_of(pool, &key).await.context("loading variants").map_err(ServiceError::from)
            },
            self.lanes_into(region.as_deref()),
        )?;
        let row = row.ok_or(ServiceError::NotFound("product"))?;
        if is_demand(context, &row.seller_id) {
            self.views.record(&key, self.clock.now_ms().div_euclid(DAY_MS));
        }
        let gallery = images::images_of(pool, &key).await.context("loading images")?;
        let currency =
            Currency::from_code(&row.currency).with_context(|| format!("product {} currency", row.id))?;
        let category_id =
            row.category_id.parse().with_context(|| format!("category id {:?}", row.category_id))?;
        let handling_days = days(row.seller_handling_days);
        let variants = variants
            .into_iter()
            .map(|v| {
                Ok(Variant {
                    id: v.id.parse().with_context(|| format!("variant id {:?}", v.id))?,
                    sku: v.sku,
                    options: attributes_from_json(&v.options),
                    price: Money::new(v.price_minor, currency),
                    stock: u32::try_from(v.stock.max(0)).unwrap_or(u32::MAX),
                })
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        Ok(ProductDetail {
            id,
            title: row.title,
            description: row.description,
            price: Money::new(row.price_minor, currency),
            stock: u32::try_from(row.stock.max(0)).unwrap_or(u32::MAX),
            variants,
            warranty_months: u16::try_from(row.warranty_months.max(0)).unwrap_or(u16::MAX),
            attributes: attributes_from_json(&row.attributes),
            breadcrumb: category_path(&categories.flat, category_id),
            delivery: delivery_options(handling_days, lanes.from(&row.seller_region)),
            seller: SellerCard {
                id: row.seller_id.parse().with_context(|| format!("seller id {:?}", row.seller_id))?,
                name: row.seller_name,
                rating_x100: row.seller_rating_x100.and_then(|r| u16::try_from(r).ok()),
                region: row.seller_region,
                handling_days,
            },
            images: gallery.iter().filter_map(readable_image).collect(),
            delivery_region: region,
        })
    }

    async fn categories(&self) -> Result<Vec<CategoryNode>, ServiceError> {
        Ok(self.categories_now().await?.tree.clone())
    }

    async fn lookup_products(&self, ids: &[ProductId]) -> Result<ProductLookup, ServiceError> {
        let keys: Vec<String> = ids.iter().map(ToString::to_string).collect();
        let rows = rows_by_ids(self.db.pool(), &keys).await.context("looking up products")?;
        // No region here: a lookup refreshes saved cards, whose delivery the product page recomputes.
        let no_lanes = LanesByOrigin::default();
        let mut found = rows
            .into_iter()
            .map(|row| summary_from_search_row(row, &no_lanes))
            .collect::<Result<Vec<_>, _>>()?;
        self.attach_main_images(&mut found).await?;
        let mut items = Vec::with_capacity(found.len());
        let mut missing = Vec::new();
        for id in ids {
            match found.iter().position(|product| product.id == *id) {
                Some(index) => items.push(found.swap_remove(index)),
                None => missing.push(*id),
            }
        }
        Ok(ProductLookup { items, missing })
    }

    async fn explain_ranking(
        &self,
        context: &RequestContext,
        id: ProductId,
        region: Option<String>,
        query: &str,
    ) -> Result<RankingExplanation, ServiceError> {
        context.actor.require(Role::Operator, Scope::Admin)?;
        check_query_text(query)?;
        let region = parse_region(region.as_deref())?;
        let key = id.to_string();
        let (rows, lanes) = tokio::try_join!(
            async {
                rows_by_ids(self.db.pool(), std::slice::from_ref(&key))
                    .await
                    .context("loading a product")
                    .map_err(ServiceError::from)
            },
            self.lanes_into(region.as_deref()),
        )?;
        let row = rows.into_iter().next().ok_or(ServiceError::NotFound("product"))?;
        let signals = signals(&query_terms(query), &CandidateRow::from(row), &lanes);
        Ok(RankingExplanation { region, ranking: rank(&signals, &self.weights), signals })
    }
}

/// Values computed from catalog reads, each filed under the catalog write count read before computing it. A
/// newer count empties the memo; entries also expire after `max_age`, for writes this process cannot see. When
/// full, the entry stored first goes.
struct CatalogMemo<K, V> {
    capacity: usize,
    max_age: Duration,
    state: std::sync::Mutex<MemoState<K, V>>,
}

struct MemoState<K, V> {
    generation: u64,
    entries: HashMap<K, (Instant, V)>,
    /// Keys in the order they were first stored.
    order: VecDeque<K>,
}

impl<K: Hash + Eq + Clone, V: Clone> CatalogMemo<K, V> {
    fn new(capacity: usize, max_age: Duration) -> Self {
        let state = MemoState { generation: 0, entries: HashMap::new(), order: VecDeque::new() };
        Self { capacity, max_age, state: std::sync::Mutex::new(state) }
    }

    fn enabled(&self) -> bool {
        self.capacity > 0 && !self.max_age.is_zero()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoState<K, V>> {
        // Nothing panics while the lock is held; and a memo is only a copy of the database anyway.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The value stored for `key`, if it is still current at `generation` and young enough.
    fn get<Q>(&self, key: &Q, generation: u64) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if !self.enabled() {
            return None;
        }
        let mut state = self.lock();
        state.catch_up(generation);
        if state.generation != generation {
            return None; // The caller read the count before a write: the memo is already past it.
        }
        match state.entries.get(key) {
            Some((stored, value)) if stored.elapsed() < self.max_age => Some(value.clone()),
            _ => None,
        }
    }

    /// Stores `value`, computed from reads that started at `generation`, unless a write has happened since.
    fn put(&self, key: K, generation: u64, value: V) {
        if !self.enabled() {
            return;
        }
        let mut state = self.lock();
        state.catch_up(generation);
        if state.generation != generation {
            return;
        }
        if state.entries.insert(key.clone(), (Instant::now(), value)).is_none() {
            state.order.push_back(key);
        }
        while state.entries.len() > self.capacity {
            let Some(oldest) = state.order.pop_front() else { break };
            state.entries.remove(&oldest);
        }
    }
}

impl<K, V> MemoState<K, V> {
    /// Forgets everything when the catalog has changed since the memo's entries were computed.
    fn catch_up(&mut self, generation: u64) {
        if generation > self.generation {
            self.generation = generation;
            self.entries.clear();
            self.order.clear();
        }
    }
}

/// Lanes into one destination, by origin region.
#[derive(Debug, Default)]
struct LanesByOrigin(HashMap<String, Vec<Lane>>);

impl LanesByOrigin {
    fn from(&self, origin: &str) -> &[Lane] {
        self.0.get(origin).map(Vec::as_slice).unwrap_or_default()
    }

    /// The fastest lane's latest day from each origin: what "delivered within N days" compares against.
    fn fastest_transit(&self) -> Vec<(String, i64)> {
        self.0
            .iter()
            .filter_map(|(origin, lanes)| {
                fastest_delivery_days(0, lanes).map(|days| (origin.clone(), i64::from(days)))
            })
            .collect()
    }
}

/// What the ranking knows about a search row.
fn signals(terms: &[String], row: &CandidateRow, lanes: &LanesByOrigin) -> ListingSignals {
    ListingSignals {
        relevance_ppm: relevance_ppm(terms, &row.title, &attribute_text(&row.attributes), &row.description),
        seller_rating_x100: row.seller_rating_x100.and_then(|r| u16::try_from(r).ok()),
        in_stock: row.stock > 0,
        delivery_days: fastest_delivery_days(days(row.seller_handling_days), lanes.from(&row.seller_region)),
        orders_90d: counter(row.orders_90d),
        returns_and_disputes_90d: counter(row.returns_disputes_90d),
        views_30d: counter(row.views_30d),
        orders_30d: counter(row.orders_30d),
        seller_performance_ppm: row.seller_performance_ppm.and_then(|ppm| u32::try_from(ppm).ok()),
    }
}

fn facets(groups: &[FacetGroup], tree: &[CategoryNode], category: Option<&str>, has_region: bool) -> Facets {
    let mut by_category: HashMap<&str, u64> = HashMap::new();
    let mut by_currency: HashMap<&str, u64> = HashMap::new();
    for group in groups {
        *by_category.entry(group.category_id.as_str()).or_default() += count(group.listings);
        *by_currency.entry(group.currency.as_str()).or_default() += count(group.listings);
    }
    // The children of the chosen category (or the departments), each counting its whole subtree.
    let nodes: &[CategoryNode] = match category {
        None => tree,
        Some(slug) => find_node(tree, slug).map(|node| node.children.as_slice()).unwrap_or_default(),
    };
    let categories = nodes
        .iter()
        .map(|node| {
            let ids = CategoryNode::subtree_ids(std::slice::from_ref(node), &node.slug).unwrap_or_default();
            let count =
                ids.iter().map(|id| by_category.get(id.to_string().as_str()).copied().unwrap_or(0)).sum();
            FacetCount { value: node.slug.clone(), label: node.name.clone(), count }
        })
        .filter(|facet| facet.count > 0)
        .collect();
    let mut currencies: Vec<FacetCount> = by_currency
        .into_iter()
        .map(|(code, count)| FacetCount { value: code.to_string(), label: String::new(), count })
        .collect();
    currencies.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    let sum = |pick: fn(&FacetGroup) -> i64| groups.iter().map(|g| count(pick(g))).sum::<u64>();
    let rated = [sum(|g| g.rated_450), sum(|g| g.rated_400), sum(|g| g.rated_350)];
    let within = [sum(|g| g.within_3), sum(|g| g.within_7), sum(|g| g.within_14)];
    Facets {
        categories,
        currencies,
        min_rating: RATING_FACET_X100
            .iter()
            .zip(rated)
            .map(|(x100, count)| FacetCount { value: stars(*x100), label: String::new(), count })
            .collect(),
        delivery_days: if has_region {
            DELIVERY_FACET_DAYS
                .iter()
                .zip(within)
                .map(|(days, count)| FacetCount { value: days.to_string(), label: String::new(), count })
                .collect()
        } else {
            Vec::new()
        },
        in_stock: sum(|g| g.in_stock),
    }
}

fn find_node<'a>(tree: &'a [CategoryNode], slug: &str) -> Option<&'a CategoryNode> {
    tree.iter().find_map(|node| if node.slug == slug { Some(node) } else { find_node(&node.children, slug) })
}

/// 450 → "4.5", 400 → "4".
fn stars(x100: i64) -> String {
    let (whole, hundredths) = (x100 / 100, x100 % 100);
    if hundredths == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", format!("{hundredths:02}").trim_end_matches('0'))
    }
}

/// The wire form of a stored image; a row that does not convert is logged and left out, not a failed page.
fn readable_image(row: &images::ImageRow) -> Option<ProductImage> {
    match crate::services::images::product_image(row) {
        Ok(image) => Some(image),
        Err(error) => {
            tracing::warn!(image = %row.id, %error, "unreadable image row");
            None
        }
    }
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn counter(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

/// A stored day count (handling time, transit) as the delivery rules take it.
pub(super) fn days(value: i64) -> u16 {
    u16::try_from(value.max(0)).unwrap_or(u16::MAX)
}

/// Converts a stored row; a row that does not parse is corrupt data, not the caller's fault.
fn summary_from_search_row(row: SearchRow, lanes: &LanesByOrigin) -> Result<ProductSummary, ServiceError> {
    let delivery = delivery_options(days(row.seller_handling_days), lanes.from(&row.seller_region));
    let currency =
        Currency::from_code(&row.currency).with_context(|| format!("product {} currency", row.id))?;
    Ok(ProductSummary {
        id: row.id.parse().with_context(|| format!("product id {:?}", row.id))?,
        title: row.title,
        price: Money::new(row.price_minor, currency),
        in_stock: row.stock > 0,
        category: CategoryRef {
            id: row.category_id.parse().with_context(|| format!("category id {:?}", row.category_id))?,
            slug: row.category_slug,
            name: row.category_name,
        },
        seller: SellerRef {
            id: row.seller_id.parse().with_context(|| format!("seller id {:?}", row.seller_id))?,
            name: row.seller_name,
            rating_x100: row.seller_rating_x100.and_then(|r| u16::try_from(r).ok()),
        },
        image: None,
        delivery,
    })
}

fn flat_categories(rows: Vec<catalog::CategoryRow>) -> Result<Vec<FlatCategory>, ServiceError> {
    rows.into_iter()
        .map(|row| {
            Ok(FlatCategory {
                id: row.id.parse().with_context(|| format!("category id {:?}", row.id))?,
                parent_id: row.parent_id.as_deref().map(str::parse).transpose().context("parent id")?,
                slug: row.slug,
                name: row.name,
                position: row.position,
            })
        })
        .collect()
}

/// The attribute values as one text, the way the search index holds them.
fn attribute_text(json: &str) -> String {
    attributes_from_json(json).into_iter().map(|a| a.value).collect::<Vec<_>>().join(" ")
}

/// The stored JSON object as name/value pairs in a stable order; non-string values are written as JSON, and
/// unreadable JSON yields no attributes rather than a failed page.
pub(crate) fn attributes_from_json(json: &str) -> Vec<Attribute> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(json) else {
        return Vec::new();
    };
    let mut attributes: Vec<Attribute> = map
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            Attribute { name, value }
        })
        .collect();
    attributes.sort_by(|a, b| a.name.cmp(&b.name));
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_forgets_everything_once_the_catalog_changes() {
        let memo: CatalogMemo<String, u32> = CatalogMemo::new(2, Duration::from_secs(60));
        memo.put("a".into(), 5, 1);
        assert_eq!(memo.get("a", 5), Some(1));
        // A reader that started before the write the memo has seen gets nothing, and stores nothing.
        memo.put("b".into(), 6, 2);
        assert_eq!(memo.get("a", 6), None);
        memo.put("c".into(), 5, 3);
        assert_eq!(memo.get("c", 6), None);
        assert_eq!(memo.get("b", 5), None);
        assert_eq!(memo.get("b", 6), Some(2));
    }

    #[test]
    fn a_full_memo_drops_what_it_stored_first_and_a_zero_sized_one_stores_nothing() {
        let memo: CatalogMemo<String, u32> = CatalogMemo::new(2, Duration::from_secs(60));
        for (key, value) in [("a", 1), ("b", 2), ("a", 10), ("c", 3)] {
            memo.put(key.into(), 1, value);
        }
        assert_eq!([memo.get("a", 1), memo.get("b", 1), memo.get("c", 1)], [None, Some(2), Some(3)]);
        let off: CatalogMemo<String, u32> = CatalogMemo::new(0, Duration::from_secs(60));
        off.put("a".into(), 1, 1);
        assert_eq!(off.get("a", 1), None);
        let expired: CatalogMemo<String, u32> = CatalogMemo::new(2, Duration::ZERO);
        expired.put("a".into(), 1, 1);
        assert_eq!(expired.get("a", 1), None);
    }

    #[test]
    fn star_thresholds_read_like_ratings() {
        assert_eq!(stars(450), "4.5");
        assert_eq!(stars(400), "4");
        assert_eq!(stars(375), "3.75");
    }
}
