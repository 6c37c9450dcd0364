//! `/seller/analytics`: the shop's sales analytics in the seller console — a period of UTC days (two date inputs,
//! quick ranges of 7, 30 and 90 days) by day or ISO week, KPI tiles (GMV, orders, views, conversion, each against
//! the period before), bar charts of GMV and orders and a line of conversion as inline SVG (each with a title, a
//! description and its numbers as a table), and the top products sorted and paged on the server. Everything the
//! view shows is in its URL (`from`, `to`, `granularity`, `sort`, `page`), so it has an address to share.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::analytics::{
    AnalyticsBucket, AnalyticsParams, AnalyticsTotals, Granularity, SellerAnalytics, TopProduct,
    TopProductSort, change_bps,
};
use shared::locale::Locale;
use shared::money::Money;
use shared::statement::Day;

use crate::api::commerce::seller_analytics;
use crate::i18n::{AnalyticsTexts, Messages};
use crate::state::locale::{use_locale, use_messages};
use crate::ui::components::console::SellerFrame;
use crate::ui::components::pagination::Pagination;
use crate::ui::url::with_query;

/// The quick ranges offered, in days ending today.
const QUICK_RANGES: [u32; 3] = [7, 30, 90];

/// What the page shows, as its URL says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    /// `YYYY-MM-DD` as typed (digits and dashes only), empty for the server's default.
    from: String,
    to: String,
    granularity: Granularity,
    sort: TopProductSort,
    page: u32,
}

impl Shown {
    fn href(&self) -> String {
        with_query(
            "/seller/analytics",
            &[
                ("from", self.from.clone()),
                ("to", self.to.clone()),
                ("granularity", if self.granularity == Granularity::Day { "" } else { "week" }.into()),
                ("sort", if self.sort == TopProductSort::Gmv { "" } else { self.sort.as_str() }.into()),
                ("page", if self.page > 1 { self.page.to_string() } else { String::new() }),
            ],
        )
    }

    fn params(&self) -> AnalyticsParams {
        AnalyticsParams {
            from: Some(self.from.clone()).filter(|d| !d.is_empty()),
            to: Some(self.to.clone()).filter(|d| !d.is_empty()),
            granularity: Some(self.granularity.as_str().into()),
            sort: Some(self.sort.as_str().into()),
            page: Some(self.page),
            per_page: None,
            seller: None,
        }
    }
}

/// Dates go into URLs as typed only when they look like dates (digits and dashes); the server checks the rest.
fn date_param(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_digit() || *c == '-').take(10).collect()
}

/// `/seller/analytics`.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let t = use_messages();
    view! {
        <SellerFrame
            test_id="analytics-page"
            path="/seller/analytics"
            title=Signal::derive(move || t.get().analytics.title)
            intro=Signal::derive(move || t.get().analytics.intro)
        >
            <Analytics />
        </SellerFrame>
    }
}

#[component]
fn Analytics() -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let query = use_query_map();
    let navigate = use_navigate();
    let shown = Memo::new(move |_| {
        let query = query.read();
        Shown {
            from: query.get("from").map(|d| date_param(&d)).unwrap_or_default(),
            to: query.get("to").map(|d| date_param(&d)).unwrap_or_default(),
            granularity: query.get("granularity").and_then(|g| Granularity::parse(&g)).unwrap_or_default(),
            sort: query.get("sort").and_then(|s| TopProductSort::parse(&s)).unwrap_or_default(),
            page: query.get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1),
        }
    });
    let analytics = LocalResource::new(move || seller_analytics(shown.get().params()));
    // What the date inputs hold: the URL's period, else the one the server answered with (the last 30 days).
    let from_input = RwSignal::new(String::new());
    let to_input = RwSignal::new(String::new());
    Effect::new(move |_| {
        let answered = analytics.get().and_then(Result::ok);
        let shown = shown.get();
        let pick = |asked: String, answered: Option<String>| {
            if asked.is_empty() { answered.unwrap_or_default() } else { asked }
        };
        from_input.set(pick(shown.from, answered.as_ref().map(|a| a.from.clone())));
        to_input.set(pick(shown.to, answered.as_ref().map(|a| a.to.clone())));
    });
    let go = StoredValue::new(move |next: Shown| navigate(&next.href(), Default::default()));
    let show = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let next = Shown {
            from: date_param(&from_input.get_untracked()),
            to: date_param(&to_input.get_untracked()),
            page: 1,
            ..shown.get_untracked()
        };
        go.read_value()(next);
    };
    let today = Day::of_unix_ms(crate::browser::now_ms());
    let quick = move |days: u32| Shown {
        from: today.plus_days(1 - i64::from(days)).to_string(),
        to: today.to_string(),
        page: 1,
        ..shown.get()
    };
    let by = move |granularity: Granularity| Shown { granularity, page: 1, ..shown.get() };
    let sort_by = Callback::new(move |sort: TopProductSort| {
        go.read_value()(Shown { sort, page: 1, ..shown.get_untracked() });
    });
    view! {
        <div class="analytics">
            <form class="analytics__controls" on:submit=show data-testid="analytics-range">
                <div class="analytics__dates">
                    <div class="field">
                        <label for="analytics-from">{move || t.get().analytics.from}</label>
                        <input
                            id="analytics-from"
                            type="date"
                            name="from"
                            data-testid="analytics-from"
                            prop:value=move || from_input.get()
                            on:input=move |event| from_input.set(event_target_value(&event))
                        />
                    </div>
                    <div class="field">
                        <label for="analytics-to">{move || t.get().analytics.to}</label>
                        <input
                            id="analytics-to"
                            type="date"
                            name="to"
                            data-testid="analytics-to"
                            prop:value=move || to_input.get()
                            on:input=move |event| to_input.set(event_target_value(&event))
                        />
                    </div>
                    <button class="button button--secondary" type="submit" data-testid="analytics-show">
                        {move || t.get().analytics.show}
                    </button>
                </div>
                <div class="analytics__choices">
                    <div class="segmented" role="group" aria-label=move || t.get().analytics.quick_ranges>
                        {QUICK_RANGES
                            .into_iter()
                            .map(|days| {
                                let target = move || quick(days);
                                let current = move || {
                                    let shown = shown.get();
                                    let target = target();
                                    (shown.from == target.from && shown.to == target.to)
                                        || (days == 30 && shown.from.is_empty() && shown.to.is_empty())
                                };
                                view! {
                                    <a
                                        class="segmented__option"
                                        href=move || target().href()
                                        aria-current=move || current().then_some("true")
                                        aria-label=move || (t.get().analytics.last_days)(days)
                                        data-testid=format!("analytics-last-{days}")
                                    >
                                        {move || (t.get().analytics.days_short)(days)}
                                    </a>
                                }
                            })
                            .collect_view()}
                    </div>
                    <div class="segmented" role="group" aria-label=move || t.get().analytics.group_by>
                        {[Granularity::Day, Granularity::Week]
                            .into_iter()
                            .enumerate()
                            .map(|(index, granularity)| {
                                view! {
                                    <a
                                        class="segmented__option"
                                        href=move || by(granularity).href()
                                        aria-current=move || (shown.get().granularity == granularity).then_some("true")
                                        data-testid=format!("analytics-by-{}", granularity.as_str())
                                    >
                                        {move || t.get().analytics.granularities[index]}
                                    </a>
                                }
                            })
                            .collect_view()}
                    </div>
                </div>
            </form>
            {move || match analytics.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) => {
                    view! { <p class="notice notice--error" role="alert" data-testid="analytics-error">{error.to_string()}</p> }
                        .into_any()
                }
                Some(Ok(analytics)) => {
                    report(t.get(), locale.get(), analytics, shown.get_untracked(), sort_by).into_any()
                }
            }}
        </div>
    }
}

fn report(
    t: &'static Messages,
    locale: Locale,
    analytics: SellerAnalytics,
    shown: Shown,
    sort_by: Callback<TopProductSort>,
) -> impl IntoView {
    let a = t.analytics;
    let quiet = analytics.totals.orders == 0 && analytics.totals.views == 0;
    // A shop with nothing now or before gets the empty state alone: a row of zeros compared with zeros says less.
    let new_shop = quiet && analytics.previous.orders == 0 && analytics.previous.views == 0;
    let versus = (a.versus)(&analytics.previous_from, &analytics.previous_to);
    let longer = Shown {
        from: Day::parse(&analytics.to).map(|to| to.plus_days(-89).to_string()).unwrap_or_default(),
        to: analytics.to.clone(),
        page: 1,
        ..shown.clone()
    };
    view! {
        {(!new_shop)
            .then(|| {
                view! {
                    <ul class="kpis" data-testid="analytics-kpis">
                        {kpi_tiles(a, locale, &analytics.totals, &analytics.previous, &versus)}
                    </ul>
                }
            })}
        {if quiet {
            view! {
                <div class="analytics-empty" data-testid="analytics-empty">
                    <svg class="analytics-empty__art" viewBox="0 0 64 48" aria-hidden="true">
                        <rect x="4" y="30" width="10" height="14" rx="2" />
                        <rect x="20" y="22" width="10" height="22" rx="2" />
                        <rect x="36" y="12" width="10" height="32" rx="2" />
                        <rect x="52" y="4" width="8" height="40" rx="2" />
                    </svg>
                    <h2>{a.empty_title}</h2>
                    <p>{a.empty_body}</p>
                    <p class="analytics-empty__actions">
                        <a class="button" href="/seller/listings">{a.empty_listings}</a>
                        <a class="button button--secondary" href=longer.href()>{a.empty_longer}</a>
                    </p>
                </div>
            }
                .into_any()
        } else {
            view! {
                {charts(a, locale, &analytics)}
                {top_products(t, locale, &analytics, shown, sort_by)}
            }
                .into_any()
        }}
    }
}

/// A change against the previous period, as a word and an arrow (never colour alone).
fn change_view(a: &'static AnalyticsTexts, locale: Locale, current: i64, previous: i64) -> impl IntoView {
    let (class, arrow, text) = match change_bps(current, previous) {
        None => ("kpi__change is-none", "", a.no_comparison.to_string()),
        Some(0) => ("kpi__change is-same", "＝", a.no_change.to_string()),
        Some(bps) => {
            let percent = locale.format_percent(u32::try_from(bps.unsigned_abs()).unwrap_or(u32::MAX));
            if bps > 0 {
                ("kpi__change is-up", "▲", (a.change_up)(&percent))
            } else {
                ("kpi__change is-down", "▼", (a.change_down)(&percent))
            }
        }
    };
    view! {
        <span class=class data-testid="kpi-change">
            {(!arrow.is_empty()).then(|| view! { <span class="kpi__arrow" aria-hidden="true">{arrow}</span> })}
            {text}
        </span>
    }
}

fn kpi_tiles(
    a: &'static AnalyticsTexts,
    locale: Locale,
    totals: &AnalyticsTotals,
    previous: &AnalyticsTotals,
    versus: &str,
) -> impl IntoView + use<> {
    let gmv: Vec<(Money, i64)> = totals
        .gmv
        .iter()
        .map(|money| {
            let before =
                previous.gmv.iter().find(|m| m.currency == money.currency).map_or(0, |m| m.amount_minor);
            (*money, before)
        })
        .collect();
    let gmv_view = if gmv.is_empty() {
        view! {
            <p class="kpi__value">{locale.format_count(0)}</p>
            <p class="kpi__versus">{change_view(a, locale, 0, 0)}</p>
        }
        .into_any()
    } else {
        gmv.into_iter()
            .map(|(money, before)| {
                view! {
                    <p class="kpi__value" data-currency=money.currency.code()>{locale.format_money(money)}</p>
                    <p class="kpi__versus">{change_view(a, locale, money.amount_minor, before)}</p>
                }
            })
            .collect_view()
            .into_any()
    };
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let conversion =
        totals.conversion_bps.map(|bps| locale.format_percent(bps)).unwrap_or_else(|| a.no_value.to_string());
    view! {
        <li class="kpi kpi--wide" data-testid="kpi" data-kpi="gmv">
            <h2 class="kpi__name">{a.kpis[0]}</h2>
            {gmv_view}
            <p class="kpi__hint">{a.gmv_hint}</p>
        </li>
        <li class="kpi" data-testid="kpi" data-kpi="orders">
            <h2 class="kpi__name">{a.kpis[1]}</h2>
            <p class="kpi__value">{locale.format_count(totals.orders)}</p>
            <p class="kpi__versus">{change_view(a, locale, count(totals.orders), count(previous.orders))}</p>
            <p class="kpi__hint">{versus.to_string()}</p>
        </li>
        <li class="kpi" data-testid="kpi" data-kpi="views">
            <h2 class="kpi__name">{a.kpis[2]}</h2>
            <p class="kpi__value">{locale.format_count(totals.views)}</p>
            <p class="kpi__versus">{change_view(a, locale, count(totals.views), count(previous.views))}</p>
            <p class="kpi__hint">{versus.to_string()}</p>
        </li>
        <li class="kpi kpi--wide" data-testid="kpi" data-kpi="conversion">
            <h2 class="kpi__name">{a.kpis[3]}</h2>
            <p class="kpi__value">{conversion}</p>
            <p class="kpi__versus">
                {change_view(
                    a,
                    locale,
                    i64::from(totals.conversion_bps.unwrap_or(0)),
                    i64::from(previous.conversion_bps.unwrap_or(0)),
                )}
            </p>
            <p class="kpi__hint">{a.conversion_hint}</p>
        </li>
    }
}

/// How a bucket is named: its day, or "Week of" its first day.
fn bucket_name(a: &AnalyticsTexts, granularity: Granularity, bucket: &AnalyticsBucket) -> String {
    match granularity {
        Granularity::Day => bucket.start.clone(),
        Granularity::Week => (a.week_of)(&bucket.start),
    }
}

fn charts(a: &'static AnalyticsTexts, locale: Locale, analytics: &SellerAnalytics) -> impl IntoView + use<> {
    let granularity = analytics.granularity;
    let per = a.per_granularity[usize::from(granularity == Granularity::Week)];
    let names: Vec<String> = analytics.buckets.iter().map(|b| bucket_name(a, granularity, b)).collect();
    let (first, last) = (
        analytics.buckets.first().map(|b| b.start.clone()).unwrap_or_default(),
        analytics.buckets.last().map(|b| b.start.clone()).unwrap_or_default(),
    );
    let mut charts: Vec<Chart> = Vec::new();
    for (index, currency) in analytics.currencies.iter().enumerate() {
        let values: Vec<Option<i64>> =
            analytics.buckets.iter().map(|b| b.gmv.get(index).map(|m| m.amount_minor)).collect();
        let format = move |v: i64| locale.format_money(Money::new(v, *currency));
        charts.push(Chart {
            id: format!("gmv-{}", currency.code().to_ascii_lowercase()),
            title: format!("{} ({}) {per}", a.charts[0], currency.code()),
            kind: ChartKind::Bars,
            total: analytics.totals.gmv.get(index).map(|m| locale.format_money(*m)).unwrap_or_default(),
            labels: values.iter().map(|v| format(v.unwrap_or(0))).collect(),
            values,
        });
    }
    let orders: Vec<Option<i64>> =
        analytics.buckets.iter().map(|b| Some(i64::try_from(b.orders).unwrap_or(i64::MAX))).collect();
    charts.push(Chart {
        id: "orders".into(),
        title: format!("{} {per}", a.charts[1]),
        kind: ChartKind::Bars,
        total: locale.format_count(analytics.totals.orders),
        labels: analytics.buckets.iter().map(|b| locale.format_count(b.orders)).collect(),
        values: orders,
    });
    charts.push(Chart {
        id: "conversion".into(),
        title: format!("{} {per}", a.charts[2]),
        kind: ChartKind::Line,
        total: analytics
            .totals
            .conversion_bps
            .map(|bps| locale.format_percent(bps))
            .unwrap_or_else(|| a.no_value.to_string()),
        labels: analytics
            .buckets
            .iter()
            .map(|b| {
                b.conversion_bps.map(|bps| locale.format_percent(bps)).unwrap_or_else(|| a.no_value.into())
            })
            .collect(),
        values: analytics.buckets.iter().map(|b| b.conversion_bps.map(i64::from)).collect(),
    });
    let rows: Vec<_> = analytics
        .buckets
        .iter()
        .zip(&names)
        .map(|(bucket, name)| {
            let gmv = if bucket.gmv.is_empty() {
                locale.format_count(0)
            } else {
                bucket.gmv.iter().map(|m| locale.format_money(*m)).collect::<Vec<_>>().join(" · ")
            };
            let conversion = bucket
                .conversion_bps
                .map(|bps| locale.format_percent(bps))
                .unwrap_or_else(|| a.no_value.into());
            view! {
                <tr>
                    <th scope="row">{name.clone()}</th>
                    <td>{gmv}</td>
                    <td>{locale.format_count(bucket.orders)}</td>
                    <td>{locale.format_count(bucket.views)}</td>
                    <td>{conversion}</td>
                </tr>
            }
        })
        .collect();
    view! {
        <div class="charts" data-testid="analytics-charts" data-buckets=analytics.buckets.len()>
            {charts
                .into_iter()
                .map(|chart| {
                    let svg = chart_svg(a, &chart, &names, &first, &last);
                    let highest = (a.highest)(&highest_label(a, &chart));
                    view! {
                        <figure class="chart" data-testid="analytics-chart" data-chart=chart.id.clone()>
                            <figcaption class="chart__head">
                                <span class="chart__title">{chart.title.clone()}</span>
                                <strong class="chart__total">{chart.total.clone()}</strong>
                            </figcaption>
                            <p class="chart__scale" aria-hidden="true">{highest}</p>
                            <div class="chart__plot" inner_html=svg></div>
                            <p class="chart__axis" aria-hidden="true">
                                <span>{first.clone()}</span>
                                <span>{last.clone()}</span>
                            </p>
                        </figure>
                    }
                })
                .collect_view()}
        </div>
        <details class="analytics__numbers">
            <summary>{a.data_table}</summary>
            <div class="table-scroll" role="region" aria-label=a.data_table tabindex="0">
                <table class="table analytics__table" data-testid="analytics-series">
                    <thead>
                        <tr>
                            {a.table_columns.into_iter().map(|name| view! { <th scope="col">{name}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChartKind {
    Bars,
    Line,
}

/// One chart: a value per bucket (None: nothing to show there), each with its label as people read it.
struct Chart {
    id: String,
    title: String,
    kind: ChartKind,
    total: String,
    values: Vec<Option<i64>>,
    labels: Vec<String>,
}

/// Escapes text for SVG markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const CHART_HEIGHT: f64 = 100.0;
/// Width of one bucket in the chart's coordinates (the SVG stretches to its box).
const SLOT: f64 = 10.0;

/// The label of the chart's highest value (the top of its scale), or "—" when it has none.
fn highest_label(a: &AnalyticsTexts, chart: &Chart) -> String {
    chart
        .values
        .iter()
        .zip(&chart.labels)
        .filter_map(|(v, label)| v.map(|v| (v, label)))
        .max_by_key(|(v, _)| *v)
        .map(|(_, label)| label.clone())
        .unwrap_or_else(|| a.no_value.to_string())
}

/// The chart as inline SVG: bars (or a line with gaps where there is no value) over a baseline, stretched to the
/// width of its box; each bar carries a `<title>` with its bucket and value, and the whole chart a title and a
/// description (first and last day, highest value, total), so it reads without seeing it and never by colour
/// alone. Coordinates are layout only; the numbers people read are the formatted labels.
fn chart_svg(a: &AnalyticsTexts, chart: &Chart, names: &[String], first: &str, last: &str) -> String {
    let count = chart.values.len().max(1);
    let width = SLOT * count as f64;
    let highest = chart.values.iter().flatten().copied().max().unwrap_or(0).max(0);
    let scale = if highest == 0 { 0.0 } else { (CHART_HEIGHT - 4.0) / highest as f64 };
    let highest_label = highest_label(a, chart);
    let mut marks = String::new();
    match chart.kind {
        ChartKind::Bars => {
            for (index, (value, label)) in chart.values.iter().zip(&chart.labels).enumerate() {
                let value = value.unwrap_or(0).max(0);
                let height = (value as f64 * scale).max(if value > 0 { 1.0 } else { 0.0 });
                let name = names.get(index).map(String::as_str).unwrap_or_default();
                marks.push_str(&format!(
                    r#"<rect class="chart__bar" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{height:.1}"><title>{t}</title></rect>"#,
                    x = SLOT * index as f64 + SLOT * 0.15,
                    y = CHART_HEIGHT - height,
                    w = SLOT * 0.7,
                    t = escape(&format!("{name}: {label}")),
                ));
            }
        }
        ChartKind::Line => {
            let mut path = String::new();
            let mut pen_down = false;
            for (index, value) in chart.values.iter().enumerate() {
                match value {
                    Some(value) => {
                        let x = SLOT * index as f64 + SLOT / 2.0;
                        let y = CHART_HEIGHT - (*value).max(0) as f64 * scale;
                        path.push_str(&format!("{}{x:.1} {y:.1} ", if pen_down { "L" } else { "M" }));
                        // A lone point (neighbours without views) still shows as a short tick.
                        path.push_str(&format!("L{:.1} {y:.1} ", x + 0.01));
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            marks.push_str(&format!(
                r#"<path class="chart__line" d="{}" vector-effect="non-scaling-stroke"/>"#,
                path.trim_end()
            ));
        }
    }
    let id = &chart.id;
    let description = (a.chart_desc)(first, last, &highest_label, &chart.total);
    format!(
        r#"<svg class="chart__svg" viewBox="0 0 {width:.1} {CHART_HEIGHT}" preserveAspectRatio="none" role="img" aria-labelledby="chart-{id}-title chart-{id}-desc"><title id="chart-{id}-title">{title}</title><desc id="chart-{id}-desc">{desc}</desc><line class="chart__base" x1="0" x2="{width:.1}" y1="{CHART_HEIGHT}" y2="{CHART_HEIGHT}" vector-effect="non-scaling-stroke"/>{marks}</svg>"#,
        title = escape(&chart.title),
        desc = escape(&description),
    )
}

/// The sortable columns of the top products, in column order after the product.
const SORTED_COLUMNS: [TopProductSort; 5] = [
    TopProductSort::Views,
    TopProductSort::Orders,
    TopProductSort::Units,
    TopProductSort::Gmv,
    TopProductSort::Conversion,
];

fn top_products(
    t: &'static Messages,
    locale: Locale,
    analytics: &SellerAnalytics,
    shown: Shown,
    sort_by: Callback<TopProductSort>,
) -> impl IntoView + use<> {
    let a = t.analytics;
    let page = &analytics.top_products;
    let (current, pages) = (page.page, page.page_count());
    let sort = analytics.sort;
    let items = page.items.clone();
    let sort_name =
        |s: TopProductSort| a.sorts[TopProductSort::ALL.iter().position(|x| *x == s).unwrap_or_default()];
    let href_shown = shown.clone();
    view! {
        <section class="top-products" aria-labelledby="top-products-heading" data-testid="top-products">
            <div class="top-products__head">
                <h2 id="top-products-heading">{a.top_title}</h2>
                // On a phone the table's headers are hidden (each product is a card), so the order is chosen here.
                <label class="top-products__sort">
                    <span>{a.sort_by}</span>
                    <select
                        data-testid="top-products-sort"
                        on:change=move |event| {
                            if let Some(sort) = TopProductSort::parse(&event_target_value(&event)) {
                                sort_by.run(sort);
                            }
                        }
                    >
                        {TopProductSort::ALL
                            .into_iter()
                            .map(|option| {
                                view! {
                                    <option value=option.as_str() selected=option == sort>
                                        {sort_name(option)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
            {if items.is_empty() {
                view! { <p data-testid="top-products-empty">{a.no_products}</p> }.into_any()
            } else {
                view! {
                    <table class="table top-products__table" data-testid="top-products-table" data-sort=sort.as_str()>
                        <thead>
                            <tr>
                                <th scope="col">{a.top_columns[0]}</th>
                                {SORTED_COLUMNS
                                    .into_iter()
                                    .enumerate()
                                    .map(|(index, column)| {
                                        let name = a.top_columns[index + 1];
                                        let is_sorted = column == sort;
                                        view! {
                                            <th
                                                scope="col"
                                                class="top-products__number"
                                                aria-sort=is_sorted.then_some("descending")
                                            >
                                                <button
                                                    type="button"
                                                    class="sort-button"
                                                    class:is-sorted=is_sorted
                                                    title=(a.sort_button)(name)
                                                    data-testid=format!("sort-{}", column.as_str())
                                                    on:click=move |_| sort_by.run(column)
                                                >
                                                    {name}
                                                    <span class="sort-button__arrow" aria-hidden="true">
                                                        {if is_sorted { "▼" } else { "↕" }}
                                                    </span>
                                                </button>
                                            </th>
                                        }
                                    })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {items.into_iter().map(|product| product_row(a, locale, product)).collect_view()}
                        </tbody>
                    </table>
                    <Pagination
                        current
                        pages
                        href=Callback::new(move |page| Shown { page, ..href_shown.clone() }.href())
                    />
                }
                    .into_any()
            }}
        </section>
    }
}

fn product_row(a: &'static AnalyticsTexts, locale: Locale, product: TopProduct) -> impl IntoView {
    let conversion = product
        .conversion_bps
        .map(|bps| locale.format_percent(bps))
        .unwrap_or_else(|| a.no_value.to_string());
    let cells = [
        locale.format_count(product.views),
        locale.format_count(product.orders),
        locale.format_count(product.units),
        locale.format_money(product.gmv),
        conversion,
    ];
    view! {
        <tr data-testid="top-product" data-product=product.product_id.to_string()>
            <td class="top-products__title">
                <a href=format!("/seller/listings/{}", product.product_id)>{product.title}</a>
            </td>
            {cells
                .into_iter()
                .enumerate()
                .map(|(index, value)| {
                    view! {
                        <td class="top-products__number" data-label=a.top_columns[index + 1]>{value}</td>
                    }
                })
                .collect_view()}
        </tr>
    }
}
