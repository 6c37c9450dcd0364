//! The seller's performance scorecard in the console: one card per measure with its value, target, status (a
//! word and a colour, never the colour alone), what to do about it, and a small trend chart of the last 90 days
//! drawn as inline SVG with an accessible title and description.

use leptos::prelude::*;
use shared::locale::Locale;
use shared::scorecard::{Metric, MetricKind, SellerScorecard, Status, Target, Unit};

use crate::api::commerce::seller_scorecard;
use crate::i18n::Messages;
use crate::state::locale::{use_locale, use_messages};

/// The shop's scorecard panel.
#[component]
pub fn PerformancePanel() -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let card = LocalResource::new(move || seller_scorecard(None));
    view! {
        <section class="panel performance" aria-labelledby="performance-heading" data-testid="performance-panel">
            <h2 id="performance-heading">{move || t.get().scorecard.title}</h2>
            {move || match card.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(card)) => scorecard_view(t.get(), locale.get(), card).into_any(),
            }}
        </section>
    }
}

fn scorecard_view(t: &'static Messages, locale: Locale, card: SellerScorecard) -> impl IntoView {
    let texts = &t.scorecard;
    let score = card.performance_ppm.div_ceil(10_000).min(100);
    view! {
        <p class="panel__intro">{(texts.intro)(card.window_days)}</p>
        <div class="performance__score" data-testid="performance-score">
            <strong>{(texts.performance_score)(score)}</strong>
            <span class="field__hint">{texts.performance_hint}</span>
        </div>
        <ul class="metric-grid">
            {card.metrics.into_iter().map(|metric| metric_card(t, locale, metric)).collect_view()}
        </ul>
    }
}

fn metric_card(t: &'static Messages, locale: Locale, metric: Metric) -> impl IntoView {
    let texts = &t.scorecard;
    let name = texts.metrics[metric.kind.index()];
    let value = metric.value.map(|v| format_value(t, locale, metric.unit, v));
    let target = target_text(t, locale, metric.unit, metric.target);
    let sample = match (metric.kind, metric.value) {
        (_, None) => None,
        (MetricKind::InStockRate, _) => Some((texts.listings_counted)(metric.sample)),
        (MetricKind::Rating, _) if metric.sample == 0 => Some(texts.shop_rating_so_far.to_string()),
        (MetricKind::Rating, _) => Some((texts.reviews_counted)(metric.sample)),
        _ => Some((texts.orders_counted)(metric.sample)),
    };
    let status = metric.status;
    let chart = trend_svg(t, locale, &metric, name, &target);
    let has_trend = !metric.trend.is_empty();
    view! {
        <li class=format!("metric metric--{}", status.as_str()) data-testid="metric" data-metric=metric.kind.as_str()>
            <div class="metric__head">
                <h3 class="metric__name">{name}</h3>
                <span class=format!("metric__status status--{}", status.as_str()) data-testid="metric-status">
                    <span class="metric__icon" aria-hidden="true">{status_icon(status)}</span>
                    {texts.statuses[status.index()]}
                </span>
            </div>
            <p class="metric__value" data-testid="metric-value">
                {value.unwrap_or_else(|| texts.no_value.to_string())}
                {sample.map(|sample| view! { <span class="metric__sample">{sample}</span> })}
            </p>
            <p class="metric__target">{target}</p>
            {if has_trend {
                view! {
                    <div class="metric__chart" inner_html=chart></div>
                    <p class="metric__axis" aria-hidden="true"><span>{texts.days_ago_90}</span><span>{texts.today}</span></p>
                }
                    .into_any()
            } else {
                view! { <p class="metric__no-history field__hint">{texts.no_history}</p> }.into_any()
            }}
            <p class="metric__advice">{t.scorecard.advice[metric.advice.index()]}</p>
        </li>
    }
}

/// A shape beside the status word, so the status never rests on colour alone.
fn status_icon(status: Status) -> &'static str {
    match status {
        Status::Meets => "✓",
        Status::AtRisk => "!",
        Status::Fails => "✕",
        Status::NoData => "–",
    }
}

fn format_value(t: &Messages, locale: Locale, unit: Unit, value: u32) -> String {
    match unit {
        Unit::Bps => locale.format_percent(value),
        Unit::Minutes => (t.scorecard.duration)(value),
        Unit::StarsX100 => format!("{} ★", locale.format_rating(u16::try_from(value).unwrap_or(500))),
    }
}

fn target_text(t: &Messages, locale: Locale, unit: Unit, target: Target) -> String {
    let texts = &t.scorecard;
    match target {
        Target::Below(limit) => (texts.target_below)(&format_value(t, locale, unit, limit)),
        Target::AtMost(limit) => (texts.target_at_most)(&format_value(t, locale, unit, limit)),
        Target::Above(limit) => (texts.target_above)(&format_value(t, locale, unit, limit)),
        Target::AtLeast(limit) => (texts.target_at_least)(&format_value(t, locale, unit, limit)),
    }
}

/// Escapes text for SVG markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const CHART_WIDTH: f64 = 300.0;
const CHART_HEIGHT: f64 = 72.0;
const CHART_PAD: f64 = 4.0;

/// The trend as an inline SVG: the line of the daily values (gaps where there was nothing to measure), the
/// target as a dashed line, and the latest point marked. Coordinates are layout only; the values shown to people
/// are the integers formatted above.
fn trend_svg(t: &Messages, locale: Locale, metric: &Metric, name: &str, target: &str) -> String {
    let limit = match metric.target {
        Target::Below(l) | Target::AtMost(l) | Target::Above(l) | Target::AtLeast(l) => l,
    };
    let values: Vec<u32> = metric.trend.iter().flatten().copied().collect();
    let lower_is_better = matches!(metric.target, Target::Below(_) | Target::AtMost(_));
    let top_of_scale = match metric.unit {
        Unit::Bps => 10_000,
        Unit::StarsX100 => 500,
        Unit::Minutes => u32::MAX,
    };
    let highest = values.iter().copied().chain([limit]).max().unwrap_or(limit);
    let lowest = values.iter().copied().chain([limit]).min().unwrap_or(limit);
    // Lower-is-better measures start at zero with room above the limit; higher-is-better ones end at the top of
    // their scale with room below the limit.
    let (low, high) = if lower_is_better {
        (0.0, f64::from(highest.saturating_add(highest / 4).max(1)).min(f64::from(top_of_scale)))
    } else {
        let room = (top_of_scale.saturating_sub(lowest)).max(1);
        (f64::from(lowest.saturating_sub(room / 2)), f64::from(top_of_scale))
    };
    let span = (high - low).max(1.0);
    let points = metric.trend.len().max(2);
    let x = |index: usize| CHART_PAD + (CHART_WIDTH - 2.0 * CHART_PAD) * index as f64 / (points - 1) as f64;
    let y = |value: u32| {
        let share = ((f64::from(value) - low) / span).clamp(0.0, 1.0);
        CHART_HEIGHT - CHART_PAD - (CHART_HEIGHT - 2.0 * CHART_PAD) * share
    };
    let mut path = String::new();
    let mut pen_down = false;
    for (index, value) in metric.trend.iter().enumerate() {
        match value {
            Some(value) => {
                path.push_str(&format!(
                    "{}{:.1} {:.1} ",
                    if pen_down { "L" } else { "M" },
                    x(index),
                    y(*value)
                ));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    let target_y = y(limit);
    let last = metric.trend.iter().enumerate().rev().find_map(|(i, v)| v.map(|v| (i, v)));
    let marker = last
        .map(|(i, v)| format!(r#"<circle class="trend__last" cx="{:.1}" cy="{:.1}" r="3"/>"#, x(i), y(v)))
        .unwrap_or_default();
    let format = |v: Option<u32>| {
        v.map(|v| format_value(t, locale, metric.unit, v)).unwrap_or_else(|| t.scorecard.no_value.to_string())
    };
    let first = metric.trend.iter().flatten().next().copied();
    let description = (t.scorecard.chart_desc)(&format(first), &format(last.map(|(_, v)| v)), target);
    let id = metric.kind.as_str();
    format!(
        r#"<svg class="trend" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" aria-labelledby="trend-{id}-title trend-{id}-desc"><title id="trend-{id}-title">{title}</title><desc id="trend-{id}-desc">{desc}</desc><line class="trend__target" x1="{CHART_PAD}" x2="{right}" y1="{target_y:.1}" y2="{target_y:.1}"/><path class="trend__line" d="{path}"/>{marker}</svg>"#,
        title = escape(&(t.scorecard.chart_title)(name)),
        desc = escape(&description),
        right = CHART_WIDTH - CHART_PAD,
        path = path.trim_end(),
    )
}
