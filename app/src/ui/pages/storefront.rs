//! The storefront: a short promise of safety, then search results (or, without words, the catalog) with
//! filters, facet counts and sorting. Every state lives in the URL, so a filtered search can be shared.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::dto::{Facets, SearchParams, SearchResults};
use shared::search::SearchSort;

use crate::api::{list_categories, search_products};
use crate::state::locale::{use_locale, use_messages};
use crate::state::region::use_region;
use crate::ui::components::pagination::Pagination;
use crate::ui::components::product_card::ProductCard;
use crate::ui::url::with_query;

/// The URL parameters the storefront understands, in the order links write them.
const PARAMS: [&str; 9] = [
    "q",
    "category",
    "min_price",
    "max_price",
    "currency",
    "delivery_days",
    "min_rating",
    "in_stock",
    "sort",
];

/// The current search as URL parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct SearchState {
    values: Vec<(&'static str, String)>,
    page: u32,
}

impl SearchState {
    fn get(&self, key: &str) -> String {
        self.values.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// The link to this search with `changes` applied, back on page 1.
    fn href_with(&self, changes: &[(&str, &str)]) -> String {
        let pairs: Vec<(&str, String)> = PARAMS
            .iter()
            .map(|key| {
                let value = changes
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_else(|| self.get(key));
                (*key, value)
            })
            .collect();
        with_query("/", &pairs)
    }

    fn href_for_page(&self, page: u32) -> String {
        let mut pairs: Vec<(&str, String)> = PARAMS.iter().map(|key| (*key, self.get(key))).collect();
        pairs.push(("page", if page > 1 { page.to_string() } else { String::new() }));
        with_query("/", &pairs)
    }

    fn params(&self, region: String) -> SearchParams {
        let text = |key: &str| Some(self.get(key)).filter(|v| !v.is_empty());
        SearchParams {
            q: text("q"),
            category: text("category"),
            min_price: text("min_price"),
            max_price: text("max_price"),
            currency: text("currency"),
            region: Some(region),
            delivery_days: text("delivery_days").and_then(|d| d.parse().ok()),
            min_rating: text("min_rating"),
            in_stock: (self.get("in_stock") == "true").then_some(true),
            sort: text("sort"),
            page: Some(self.page),
            per_page: None,
        }
    }

    fn has_filters(&self) -> bool {
        PARAMS.iter().filter(|key| !matches!(**key, "q" | "sort")).any(|key| !self.get(key).is_empty())
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let t = use_messages();
    let query = use_query_map();
    let region = use_region();
    let state = Memo::new(move |_| {
        let map = query.read();
        SearchState {
            values: PARAMS.iter().map(|key| (*key, map.get(key).unwrap_or_default())).collect(),
            page: map.get("page").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p > 0).unwrap_or(1),
        }
    });
    let results = LocalResource::new(move || {
        let params = state.get().params(region.get());
        async move { search_products(params).await }
    });
    let departments = LocalResource::new(list_categories);
    let searching = move || !state.read().get("q").is_empty();

    let notice = move || {
        let messages = t.get();
        match query.read().get("notice").as_deref() {
            Some("seller_only") => Some(messages.account.notice_seller_only),
            Some("operator_only") => Some(messages.account.notice_operator_only),
            _ => None,
        }
    };

    view! {
        {move || {
            notice().map(|text| view! { <p class="notice notice--warning" role="status" data-testid="notice">{text}</p> })
        }}
        <Show when=move || !searching() && !state.read().has_filters()>
            <section class="hero">
                <h1 class="hero__title">{move || t.get().home_title}</h1>
                <p class="hero__subtitle">{move || t.get().home_subtitle}</p>
                <ul class="trust-points">
                    <li>
                        <strong>{move || t.get().trust_escrow_title}</strong>
                        <span>{move || t.get().trust_escrow_body}</span>
                    </li>
                    <li>
                        <strong>{move || t.get().trust_tracking_title}</strong>
                        <span>{move || t.get().trust_tracking_body}</span>
                    </li>
                    <li>
                        <strong>{move || t.get().trust_disputes_title}</strong>
                        <span>{move || t.get().trust_disputes_body}</span>
                    </li>
                </ul>
            </section>
        </Show>
        <nav class="departments" aria-label=move || t.get().departments>
            // Plain anchors (the router still navigates in place): `A` marks every chip current because they
            // share the path `/` and differ only in the query.
            <a
                href=move || state.read().href_with(&[("category", "")])
                class="chip"
                aria-current=move || state.read().get("category").is_empty().then_some("page")
            >
                {move || t.get().all_departments}
            </a>
            {move || {
                departments
                    .get()
                    .and_then(Result::ok)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|department| {
                        let slug = department.slug.clone();
                        let current = {
                            let slug = slug.clone();
                            move || (state.read().get("category") == slug).then_some("page")
                        };
                        view! {
                            <a href=move || state.read().href_with(&[("category", &slug)]) class="chip" aria-current=current>
                                {department.name}
                            </a>
                        }
                    })
                    .collect_view()
            }}
        </nav>
        <div class="search-layout">
            {move || {
                let facets = results.get().and_then(Result::ok).map(|r| r.facets).unwrap_or_default();
                // The panel reads its texts once; rebuild it when the language changes.
                t.track();
                view! { <FilterPanel state=state.get() facets /> }
            }}
            <section class="catalog" aria-labelledby="products-heading">
                <div class="catalog__header">
                    {move || {
                        let q = state.read().get("q");
                        let heading = if q.is_empty() {
                            t.get().products_heading.to_string()
                        } else {
                            (t.get().search.results_for)(&q)
                        };
                        // Without the hero, the results are the page's main subject and take its one h1.
                        if searching() || state.read().has_filters() {
                            view! { <h1 id="products-heading" class="catalog__title">{heading}</h1> }.into_any()
                        } else {
                            view! { <h2 id="products-heading">{heading}</h2> }.into_any()
                        }
                    }}
                    {move || {
                        results.get().and_then(Result::ok).map(|r| view! { <ResultCount results=r /> })
                    }}
                    <SortPicker state />
                </div>
                {move || match results.get() {
                    None => view! { <ProductGridSkeleton /> }.into_any(),
                    Some(Err(error)) => {
                        view! {
                            <div class="notice notice--error" role="alert">
                                <p>{move || t.get().load_failed} " " {error.to_string()}</p>
                                <button class="button" on:click=move |_| results.refetch()>
                                    {move || t.get().retry}
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                    Some(Ok(page)) if page.items.is_empty() => {
                        let q = state.read_untracked().get("q");
                        view! {
                            <div class="empty-state" data-testid="no-results">
                                <p>
                                    {move || {
                                        if q.is_empty() { t.get().no_products.to_string() } else { (t.get().search.no_results)(&q) }
                                    }}
                                </p>
                                <p>{move || t.get().search.no_results_hint}</p>
                            </div>
                        }
                            .into_any()
                    }
                    Some(Ok(page)) => {
                        let pages = page.page_count();
                        let current = page.page;
                        let for_page = state.get_untracked();
                        view! {
                            <ul class="product-grid" data-testid="product-grid">
                                {page
                                    .items
                                    .into_iter()
                                    .map(|product| view! { <li><ProductCard product /></li> })
                                    .collect_view()}
                            </ul>
                            <Pagination current pages href=Callback::new(move |page| for_page.href_for_page(page)) />
                        }
                            .into_any()
                    }
                }}
            </section>
        </div>
    }
}

#[component]
fn ResultCount(results: SearchResults) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    view! {
        <p class="catalog__count" data-testid="result-count">
            {move || (t.get().search.result_count)(&locale.get().format_count(results.total), results.total_is_lower_bound)}
        </p>
    }
}

/// The sort order, applied as soon as it is chosen.
#[component]
fn SortPicker(state: Memo<SearchState>) -> impl IntoView {
    let t = use_messages();
    let navigate = use_navigate();
    view! {
        <label class="sort-picker">
            <span>{move || t.get().search.sort_label}</span>
            <select
                data-testid="sort"
                prop:value=move || {
                    let sort = state.read().get("sort");
                    if sort.is_empty() { SearchSort::BestMatch.as_str().to_string() } else { sort }
                }
                on:change=move |event| {
                    let chosen = event_target_value(&event);
                    let sort = if chosen == SearchSort::BestMatch.as_str() { "" } else { chosen.as_str() };
                    navigate(&state.get_untracked().href_with(&[("sort", sort)]), Default::default());
                }
            >
                {SearchSort::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(index, sort)| view! { <option value=sort.as_str()>{move || t.get().search.sorts[index]}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The filters with how many results each would leave. Open beside the results on wide screens; folded
/// above them on phones.
#[component]
fn FilterPanel(state: SearchState, facets: Facets) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let navigate = use_navigate();
    let wide = is_wide_screen();
    let count = move |n: u64| format!("({})", locale.get_untracked().format_count(n));
    let option_link = {
        let state = state.clone();
        move |key: &'static str, value: String, label: String, n: Option<u64>| {
            let current = state.get(key) == value;
            let href = state.href_with(&[(key, &value)]);
            view! {
                <li>
                    <a href=href class="filter-option" aria-current=current.then_some("true") data-filter=key data-value=value>
                        <span>{label}</span>
                        {n.map(|n| view! { <span class="filter-option__count">{count(n)}</span> })}
                    </a>
                </li>
            }
        }
    };
    let min_price = RwSignal::new(state.get("min_price"));
    let max_price = RwSignal::new(state.get("max_price"));
    let currency = RwSignal::new(state.get("currency"));
    let mut currencies: Vec<String> = facets.currencies.iter().map(|f| f.value.clone()).collect();
    let chosen_currency = state.get("currency");
    if !chosen_currency.is_empty() && !currencies.contains(&chosen_currency) {
        currencies.insert(0, chosen_currency);
    }
    let apply_price = {
        let state = state.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let (min, max, code) = (min_price.get(), max_price.get(), currency.get());
            navigate(
                &state.href_with(&[
                    ("min_price", min.trim()),
                    ("max_price", max.trim()),
                    ("currency", code.trim()),
                ]),
                Default::default(),
            );
        }
    };
    let messages = t.get_untracked();
    let in_stock_on = state.get("in_stock") == "true";
    let in_stock_href = state.href_with(&[("in_stock", if in_stock_on { "" } else { "true" })]);
    let clear_href = with_query("/", &[("q", state.get("q")), ("sort", state.get("sort"))]);
    view! {
        <details class="filters" open=wide data-testid="filters">
            <summary class="filters__summary">{messages.search.show_filters}</summary>
            <div class="filters__body">
                <h2 class="filters__title">{messages.search.filters}</h2>
                {(!facets.categories.is_empty())
                    .then(|| {
                        view! {
                            <fieldset class="filter-group">
                                <legend>{messages.search.category}</legend>
                                <ul>
                                    {facets
                                        .categories
                                        .iter()
                                        .map(|f| option_link("category", f.value.clone(), f.label.clone(), Some(f.count)))
                                        .collect_view()}
                                </ul>
                            </fieldset>
                        }
                    })}
                <form class="filter-group price-filter" on:submit=apply_price data-testid="price-filter">
                    <fieldset>
                        <legend>{messages.search.price}</legend>
                        <div class="price-filter__fields">
                            <label>
                                <span>{messages.search.min_price}</span>
                                <input type="text" inputmode="decimal" name="min_price" size="6" data-testid="min-price"
                                    prop:value=move || min_price.get()
                                    on:input=move |e| min_price.set(event_target_value(&e)) />
                            </label>
                            <label>
                                <span>{messages.search.max_price}</span>
                                <input type="text" inputmode="decimal" name="max_price" size="6" data-testid="max-price"
                                    prop:value=move || max_price.get()
                                    on:input=move |e| max_price.set(event_target_value(&e)) />
                            </label>
                            <label>
                                <span>{messages.search.currency}</span>
                                <select name="currency" data-testid="price-currency"
                                    prop:value=move || currency.get()
                                    on:change=move |e| currency.set(event_target_value(&e))>
                                    <option value="">{messages.search.any}</option>
                                    {currencies.into_iter().map(|code| view! { <option value=code.clone()>{code.clone()}</option> }).collect_view()}
                                </select>
                            </label>
                        </div>
                        <button class="button button--secondary button--small" type="submit">{messages.search.apply}</button>
                    </fieldset>
                </form>
                {(!facets.delivery_days.is_empty())
                    .then(|| {
                        view! {
                            <fieldset class="filter-group">
                                <legend>{messages.search.delivery}</legend>
                                <ul>
                                    {option_link("delivery_days", String::new(), messages.search.any.into(), None)}
                                    {facets
                                        .delivery_days
                                        .iter()
                                        .map(|f| option_link("delivery_days", f.value.clone(), (messages.search.within_days)(&f.value), Some(f.count)))
                                        .collect_view()}
                                </ul>
                            </fieldset>
                        }
                    })}
                <fieldset class="filter-group">
                    <legend>{messages.search.shop_rating}</legend>
                    <ul>
                        {option_link("min_rating", String::new(), messages.search.any.into(), None)}
                        {facets
                            .min_rating
                            .iter()
                            .map(|f| option_link("min_rating", f.value.clone(), (messages.search.stars_and_up)(&f.value), Some(f.count)))
                            .collect_view()}
                    </ul>
                </fieldset>
                <a href=in_stock_href class="filter-toggle" role="checkbox" aria-checked=in_stock_on.to_string() data-testid="in-stock-filter">
                    <span class="filter-toggle__box" aria-hidden="true">{if in_stock_on { "✓" } else { "" }}</span>
                    <span>{messages.search.in_stock_only}</span>
                    <span class="filter-option__count">{count(facets.in_stock)}</span>
                </a>
                {state.has_filters().then(|| view! { <a href=clear_href class="button button--secondary button--small filters__clear">{messages.search.clear_filters}</a> })}
            </div>
        </details>
    }
}

/// Whether the filters fit beside the results (they are folded away on narrow screens).
fn is_wide_screen() -> bool {
    #[cfg(feature = "csr")]
    {
        web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|width| width.as_f64())
            .is_some_and(|width| width >= 900.0)
    }
    #[cfg(not(feature = "csr"))]
    {
        true
    }
}

/// Grey cards in the grid's shape while the first page loads, so nothing jumps when it arrives.
#[component]
fn ProductGridSkeleton() -> impl IntoView {
    let t = use_messages();
    view! {
        <p class="visually-hidden" role="status">{move || t.get().loading_products}</p>
        <ul class="product-grid product-grid--loading" aria-hidden="true">
            {(0..8).map(|_| view! { <li class="product-card product-card--skeleton"></li> }).collect_view()}
        </ul>
    }
}
