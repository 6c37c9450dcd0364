//! The bench's report: figures → markdown (tables, target checks) and an SVG chart; [`concurrency_svg`] draws
//! the other benches' charts (figures by concurrency). Pure: no I/O, no clock.

use std::fmt::Write as _;

use crate::config::BenchScenario;

/// The issue's targets: at 1,000,000 products, search p99 ≤ 20 ms at concurrency 16 and ≥ 2,000 searches/s
/// on 2 cores; latency at 1M within 2× of latency at 10k.
pub const TARGET_PRODUCTS: u32 = 1_000_000;
pub const TARGET_CONCURRENCY: u32 = 16;
pub const TARGET_P99_US: u64 = 20_000;
pub const TARGET_SEARCHES_PER_S: f64 = 2_000.0;
pub const TARGET_SCALING: f64 = 2.0;

/// Share of failed requests above which the bench fails: 0.1 %.
pub fn too_many_errors(summary: &Summary) -> bool {
    summary.errors.saturating_mul(1_000) > summary.requests
}

/// One measured run, reduced to the figures the report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Sent, including failures.
    pub requests: u64,
    pub errors: u64,
    pub p50_us: u64,
    pub p90_us: u64,
    pub p99_us: u64,
    pub max_us: u64,
    pub elapsed_us: u64,
}

impl Summary {
    /// Successful requests per second.
    pub fn throughput_per_s(&self) -> f64 {
        if self.elapsed_us == 0 {
            return 0.0;
        }
        (self.requests - self.errors) as f64 * 1_000_000.0 / self.elapsed_us as f64
    }
}

/// A scenario at one concurrency on one catalog.
#[derive(Debug, Clone)]
pub struct Run {
    pub scenario: BenchScenario,
    pub concurrency: u32,
    pub summary: Summary,
}

/// Everything measured on one catalog size.
#[derive(Debug, Clone)]
pub struct SizeResult {
    pub products: u32,
    pub sellers: u32,
    /// Seeding the fresh database: rows, their indexes and (once it exists) the search index.
    pub seed_ms: u64,
    /// Database file plus WAL after seeding.
    pub database_bytes: u64,
    pub runs: Vec<Run>,
}

/// Facts about the machine, read from /proc.
#[derive(Debug, Clone, Default)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
    pub ram_bytes: u64,
    pub os: String,
    /// `/proc/loadavg`'s 1-minute figure when the bench started: other work on the machine skews the figures.
    pub load_before: String,
}

/// How the bench was run.
#[derive(Debug, Clone)]
pub struct Setup {
    pub date: String,
    pub command: String,
    /// "release" or "debug".
    pub build: &'static str,
    pub pool_connections: u32,
    pub accept_encoding: String,
    pub client_threads: usize,
    pub warmup_requests: u64,
    pub requests: u64,
    pub duration_secs: u64,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct Report {
    pub setup: Setup,
    pub machine: Machine,
    pub sizes: Vec<SizeResult>,
    /// Caveats found while running (e.g. the server ignores `q`); each is shown above the tables.
    pub notes: Vec<String>,
    /// Runs with more than 0.1 % failed requests, described; listed first, and the bench exits with an error.
    pub failures: Vec<String>,
    /// True when the search rows did not measure search (the server ignored `q`), so no target applies.
    pub search_is_stand_in: bool,
}

/// A target's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    Missed,
    NotMeasured,
}

impl Verdict {
    fn mark(self) -> &'static str {
        match self {
            Verdict::Met => "✓",
            Verdict::Missed => "✗",
            Verdict::NotMeasured => "–",
        }
    }
}

/// One row of the targets table.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    pub target: String,
    pub measured: String,
    pub verdict: Verdict,
}

impl Report {
    fn search_run(&self, size: &SizeResult, concurrency: u32) -> Option<Summary> {
        size.runs
            .iter()
            .find(|run| run.scenario == BenchScenario::Search && run.concurrency == concurrency)
            .map(|run| run.summary)
    }

    /// The issue's three targets, checked at the largest catalog measured (and against the smallest).
    pub fn targets(&self) -> Vec<TargetCheck> {
        let largest = self.sizes.iter().max_by_key(|s| s.products);
        let smallest = self.sizes.iter().min_by_key(|s| s.products);
        let at = |products: u32| {
            if products == TARGET_PRODUCTS {
                format!("{} products", thousands(products.into()))
            } else {
                format!(
                    "{} products (the target is for {})",
                    thousands(products.into()),
                    thousands(TARGET_PRODUCTS.into())
                )
            }
        };
        let unmeasured = |why: &str| {
            let why = if self.search_is_stand_in { "not measured: the server ignores `q`" } else { why };
            (why.to_string(), Verdict::NotMeasured)
        };
        let searched = |size: Option<&SizeResult>, concurrency| {
            if self.search_is_stand_in {
                return None;
            }
            size.and_then(|size| self.search_run(size, concurrency))
        };
        let largest_products = largest.map_or(TARGET_PRODUCTS, |s| s.products);

        let (measured, verdict) = match searched(largest, TARGET_CONCURRENCY) {
            Some(s) => (ms(s.p99_us), if s.p99_us <= TARGET_P99_US { Verdict::Met } else { Verdict::Missed }),
            None => unmeasured("search not measured at concurrency 16"),
        };
        let p99 = TargetCheck {
            target: format!(
                "search p99 ≤ {} at concurrency {TARGET_CONCURRENCY}, {}",
                ms(TARGET_P99_US),
                at(largest_products)
            ),
            measured,
            verdict,
        };

        let (measured, verdict) = match searched(largest, TARGET_CONCURRENCY) {
            Some(s) => {
                let rate = s.throughput_per_s();
                (
                    format!("{}/s", thousands(rate.round() as u64)),
                    if rate >= TARGET_SEARCHES_PER_S { Verdict::Met } else { Verdict::Missed },
                )
            }
            None => unmeasured("search not measured at concurrency 16"),
        };
        let throughput = TargetCheck {
            target: format!(
                "≥ {} searches/s at concurrency {TARGET_CONCURRENCY} on {} cores, {}",
                thousands(TARGET_SEARCHES_PER_S as u64),
                self.machine.cores,
                at(largest_products)
            ),
            measured,
            verdict,
        };

        // Every concurrency measured at both ends, p50 and p99: the worst ratio decides.
        let mut ratios = Vec::new();
        if let (Some(large), Some(small)) = (largest, smallest)
            && large.products > small.products
        {
            for run in large.runs.iter().filter(|r| r.scenario == BenchScenario::Search) {
                let Some(base) = searched(Some(small), run.concurrency) else { continue };
                for (name, big, little) in
                    [("p50", run.summary.p50_us, base.p50_us), ("p99", run.summary.p99_us, base.p99_us)]
                {
                    ratios.push((
                        format!("{name} at c={}", run.concurrency),
                        big as f64 / little.max(1) as f64,
                    ));
                }
            }
        }
        let scaling_target = match (largest, smallest) {
            (Some(l), Some(s)) if l.products > s.products => format!(
                "search latency at {} within {TARGET_SCALING}× of {} (p50 and p99, each concurrency)",
                thousands(l.products.into()),
                thousands(s.products.into())
            ),
            _ => format!("search latency at 1,000,000 within {TARGET_SCALING}× of 10,000"),
        };
        let (measured, verdict) = match ratios.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
            Some((which, worst)) => (
                format!("worst {worst:.2}× ({which})"),
                if *worst <= TARGET_SCALING { Verdict::Met } else { Verdict::Missed },
            ),
            None => unmeasured("needs search at two sizes"),
        };
        let scaling = TargetCheck { target: scaling_target, measured, verdict };
        vec![p99, throughput, scaling]
    }

    /// The report as markdown; `chart` is the SVG's file name when one was written beside it.
    pub fn markdown(&self, chart: Option<&str>) -> String {
        let mut out = String::new();
        let setup = &self.setup;
        let machine = &self.machine;
        let _ = writeln!(out, "# Bazaar benchmark, {}\n", setup.date);
        let _ = writeln!(out, "Command: `{}`\n", setup.command);
        let _ = writeln!(
            out,
            "Machine: {} cores, {}, {} RAM, {}, load average {} at the start. Server: {} build, in-process on 127.0.0.1 (its own runtime, one \
             worker per core), SQLite (WAL) in a fresh file per size, pool of {} connections. Load driver: closed \
             loop over HTTP/1.1 keep-alive, {} thread(s), `Accept-Encoding: {}`; {} warm-up requests, then each \
             run ends after {} requests or {} s.\n",
            machine.cores,
            if machine.cpu.is_empty() { "unknown CPU" } else { &machine.cpu },
            gib(machine.ram_bytes),
            if machine.os.is_empty() { "unknown OS" } else { &machine.os },
            if machine.load_before.is_empty() { "unknown" } else { &machine.load_before },
            setup.build,
            setup.pool_connections,
            setup.client_threads,
            setup.accept_encoding,
            thousands(setup.warmup_requests),
            thousands(setup.requests),
            setup.duration_secs,
        );
        for note in &self.notes {
            let _ = writeln!(out, "> **Note:** {note}\n");
        }
        if !self.failures.is_empty() {
            out.push_str(
                "## Failed runs (more than 0.1 % errors; percentiles count successful requests only)\n\n",
            );
            for failure in &self.failures {
                let _ = writeln!(out, "- {failure}");
            }
            out.push('\n');
        }
        out.push_str("## Targets\n\n| target | measured | |\n|---|---|---|\n");
        for check in self.targets() {
            let _ = writeln!(out, "| {} | {} | {} |", check.target, check.measured, check.verdict.mark());
        }
        out.push_str(
            "\n## Index build\n\nSeeding a fresh database with the demo generator, placeholder images included: the \
             rows, their indexes and the search index (kept by triggers at insert) are built as products go in.\n\n\
             | products | sellers | time | products/s | database size |\n|---:|---:|---:|---:|---:|\n",
        );
        for size in &self.sizes {
            let rate = (u64::from(size.products) * 1_000).checked_div(size.seed_ms).unwrap_or(0);
            let _ = writeln!(
                out,
                "| {} | {} | {:.1} s | {} | {} MiB |",
                thousands(size.products.into()),
                thousands(size.sellers.into()),
                size.seed_ms as f64 / 1_000.0,
                thousands(rate),
                thousands(size.database_bytes / (1 << 20)),
            );
        }
        out.push_str(
            "\n## Latency and throughput\n\n\
             | products | scenario | concurrency | requests | p50 | p90 | p99 | max | req/s | errors |\n\
             |---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        );
        for size in &self.sizes {
            for run in &size.runs {
                let s = &run.summary;
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    thousands(size.products.into()),
                    run.scenario,
                    run.concurrency,
                    thousands(s.requests),
                    ms(s.p50_us),
                    ms(s.p90_us),
                    ms(s.p99_us),
                    ms(s.max_us),
                    thousands(s.throughput_per_s().round() as u64),
                    s.errors,
                );
            }
        }
        if let Some(chart) = chart {
            let _ = writeln!(out, "\n![p50 and p99 latency by catalog size and concurrency]({chart})");
        }
        out.push_str(
            "\nScenarios: **search** `GET /api/v1/products?q=…` with a fixed mix of words, two-word queries, \
             prefixes and filters (category, in stock, fastest delivery to a region, price band; see \
             `server/src/bench/queries.rs`); **product** `GET /api/v1/products/{id}?region=…` for ids sampled \
             evenly from the catalog, each market's region in turn; **list** `GET /api/v1/products?page=1..5[&category=…]`. Latency is from sending the \
             request to reading the whole response; a non-200 answer is an error.\n",
        );
        out
    }

    /// A chart: one panel per scenario, catalog size across, latency up, p50 solid and p99 dashed per concurrency.
    pub fn svg(&self) -> String {
        const PANEL_W: f64 = 360.0;
        const PANEL_H: f64 = 280.0;
        const LEFT: f64 = 56.0;
        const RIGHT: f64 = 16.0;
        const TOP: f64 = 36.0;
        const BOTTOM: f64 = 64.0;
        const COLOURS: &[&str] = &["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

        let mut scenarios: Vec<BenchScenario> =
            self.sizes.iter().flat_map(|s| s.runs.iter().map(|r| r.scenario)).collect();
        scenarios.sort();
        scenarios.dedup();
        let mut concurrencies: Vec<u32> =
            self.sizes.iter().flat_map(|s| s.runs.iter().map(|r| r.concurrency)).collect();
        concurrencies.sort();
        concurrencies.dedup();
        let mut sizes: Vec<&SizeResult> = self.sizes.iter().collect();
        sizes.sort_by_key(|s| s.products);

        let width = PANEL_W * scenarios.len().max(1) as f64;
        let mut svg = String::new();
        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{PANEL_H}" viewBox="0 0 {width} {PANEL_H}" font-family="sans-serif" font-size="11">"#
        );
        let _ = writeln!(svg, r#"<rect width="{width}" height="{PANEL_H}" fill="white"/>"#);
        let plot_w = PANEL_W - LEFT - RIGHT;
        let plot_h = PANEL_H - TOP - BOTTOM;
        for (panel, scenario) in scenarios.iter().enumerate() {
            let x0 = panel as f64 * PANEL_W + LEFT;
            let y0 = TOP + plot_h;
            let runs_of = |size: &SizeResult, c: u32| {
                size.runs.iter().find(|r| r.scenario == *scenario && r.concurrency == c).map(|r| r.summary)
            };
            let mut top_us = sizes
                .iter()
                .flat_map(|size| {
                    size.runs.iter().filter(|r| r.scenario == *scenario).map(|r| r.summary.p99_us)
                })
                .max()
                .unwrap_or(1_000);
            if *scenario == BenchScenario::Search {
                top_us = top_us.max(TARGET_P99_US);
            }
            let top_ms = nice_ceiling(top_us as f64 / 1_000.0 * 1.05);
            let y_of = |us: u64| y0 - (us as f64 / 1_000.0 / top_ms).min(1.0) * plot_h;
            let x_of = |index: usize| {
                if sizes.len() <= 1 {
                    x0 + plot_w / 2.0
                } else {
                    x0 + plot_w * index as f64 / (sizes.len() - 1) as f64
                }
            };
            let _ = writeln!(
                svg,
                r#"<text x="{:.1}" y="18" text-anchor="middle" font-size="13" font-weight="bold">{scenario}</text>"#,
                x0 + plot_w / 2.0
            );
            // 2 × 10ⁿ splits into quarters, 1 and 5 × 10ⁿ into fifths: round tick labels either way.
            let steps = if (top_ms / 10f64.powf(top_ms.log10().floor())).round() == 2.0 { 4 } else { 5 };
            for tick in 0..=steps {
                let value = top_ms * f64::from(tick) / f64::from(steps);
                let y = y0 - plot_h * f64::from(tick) / f64::from(steps);
                let _ = writeln!(
                    svg,
                    r##"<line x1="{x0:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
                    x0 + plot_w,
                    x0 - 6.0,
                    y + 4.0,
                    trim_float(value)
                );
            }
            let _ = writeln!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" transform="rotate(-90 {:.1} {:.1})">ms</text>"#,
                x0 - 40.0,
                TOP + plot_h / 2.0,
                x0 - 40.0,
                TOP + plot_h / 2.0
            );
            for (index, size) in sizes.iter().enumerate() {
                let _ = writeln!(
                    svg,
                    r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                    x_of(index),
                    y0 + 16.0,
                    short_count(size.products)
                );
            }
            let _ = writeln!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">products</text>"#,
                x0 + plot_w / 2.0,
                y0 + 30.0
            );
            if *scenario == BenchScenario::Search {
                let y = y_of(TARGET_P99_US);
                let _ = writeln!(
                    svg,
                    r##"<line x1="{x0:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#999" stroke-dasharray="2 3"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#666">p99 target</text>"##,
                    x0 + plot_w,
                    x0 + plot_w,
                    y - 4.0
                );
            }
            for (series, concurrency) in concurrencies.iter().enumerate() {
                let colour = COLOURS[series % COLOURS.len()];
                for (dash, pick) in [("", 0), (r#" stroke-dasharray="6 4""#, 1)] {
                    let points: Vec<String> = sizes
                        .iter()
                        .enumerate()
                        .filter_map(|(index, size)| {
                            let s = runs_of(size, *concurrency)?;
                            let us = if pick == 0 { s.p50_us } else { s.p99_us };
                            Some(format!("{:.1},{:.1}", x_of(index), y_of(us)))
                        })
                        .collect();
                    if points.is_empty() {
                        continue;
                    }
                    let _ = writeln!(
                        svg,
                        r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>"#,
                        points.join(" ")
                    );
                    for point in &points {
                        let (x, y) = point.split_once(',').unwrap_or(("0", "0"));
                        let _ = writeln!(svg, r#"<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>"#);
                    }
                }
                let legend_x = x0 + (series as f64) * 110.0;
                let legend_y = PANEL_H - 12.0;
                let _ = writeln!(
                    svg,
                    r#"<line x1="{legend_x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="2"/><line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="2" stroke-dasharray="6 4"/><text x="{:.1}" y="{legend_y:.1}">c={concurrency} p50 / p99</text>"#,
                    legend_y - 4.0,
                    legend_x + 12.0,
                    legend_y - 4.0,
                    legend_x + 14.0,
                    legend_y - 4.0,
                    legend_x + 30.0,
                    legend_y - 4.0,
                    legend_x + 34.0,
                );
            }
            let _ = writeln!(
                svg,
                r##"<rect x="{x0:.1}" y="{TOP:.1}" width="{plot_w:.1}" height="{plot_h:.1}" fill="none" stroke="#444"/>"##
            );
        }
        svg.push_str("</svg>\n");
        svg
    }
}

/// One panel of a chart by concurrency: a line per series, concurrency levels evenly spaced across.
#[derive(Debug, Clone)]
pub struct ConcurrencyPanel {
    pub title: String,
    /// What the values are, e.g. `events/s` or `ms`.
    pub unit: String,
    /// A label and its (concurrency, value) points.
    pub series: Vec<(String, Vec<(u32, f64)>)>,
    /// A target line: its value and label.
    pub target: Option<(f64, String)>,
}

/// Panels side by side, sharing the legend: the charts of the benches that vary concurrency only.
pub fn concurrency_svg(panels: &[ConcurrencyPanel]) -> String {
    const PANEL_W: f64 = 380.0;
    const PANEL_H: f64 = 300.0;
    const LEFT: f64 = 64.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 36.0;
    const BOTTOM: f64 = 84.0;
    const COLOURS: &[&str] = &["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    let width = PANEL_W * panels.len().max(1) as f64;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{PANEL_H}" viewBox="0 0 {width} {PANEL_H}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(svg, r#"<rect width="{width}" height="{PANEL_H}" fill="white"/>"#);
    let plot_w = PANEL_W - LEFT - RIGHT;
    let plot_h = PANEL_H - TOP - BOTTOM;
    for (index, panel) in panels.iter().enumerate() {
        let x0 = index as f64 * PANEL_W + LEFT;
        let y0 = TOP + plot_h;
        let mut levels: Vec<u32> =
            panel.series.iter().flat_map(|(_, points)| points.iter().map(|p| p.0)).collect();
        levels.sort_unstable();
        levels.dedup();
        let x_of = |concurrency: u32| {
            let at = levels.iter().position(|&c| c == concurrency).unwrap_or(0);
            if levels.len() <= 1 {
                x0 + plot_w / 2.0
            } else {
                x0 + plot_w * at as f64 / (levels.len() - 1) as f64
            }
        };
        let highest = panel
            .series
            .iter()
            .flat_map(|(_, points)| points.iter().map(|p| p.1))
            .chain(panel.target.as_ref().map(|t| t.0))
            .fold(0.0, f64::max);
        let top = nice_ceiling(highest * 1.05);
        let y_of = |value: f64| y0 - (value / top).clamp(0.0, 1.0) * plot_h;
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="18" text-anchor="middle" font-size="13" font-weight="bold">{}</text>"#,
            x0 + plot_w / 2.0,
            panel.title
        );
        let steps = if (top / 10f64.powf(top.log10().floor())).round() == 2.0 { 4 } else { 5 };
        for tick in 0..=steps {
            let value = top * f64::from(tick) / f64::from(steps);
            let y = y_of(value);
            let label = if top >= 1_000.0 { thousands(value.round() as u64) } else { trim_float(value) };
            let _ = writeln!(
                svg,
                r##"<line x1="{x0:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{label}</text>"##,
                x0 + plot_w,
                x0 - 6.0,
                y + 4.0
            );
        }
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" transform="rotate(-90 {:.1} {:.1})">{}</text>"#,
            x0 - 50.0,
            TOP + plot_h / 2.0,
            x0 - 50.0,
            TOP + plot_h / 2.0,
            panel.unit
        );
        for &concurrency in &levels {
            let _ = writeln!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{concurrency}</text>"#,
                x_of(concurrency),
                y0 + 16.0
            );
        }
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">concurrency</text>"#,
            x0 + plot_w / 2.0,
            y0 + 30.0
        );
        if let Some((value, label)) = &panel.target {
            let y = y_of(*value);
            let _ = writeln!(
                svg,
                r##"<line x1="{x0:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#999" stroke-dasharray="2 3"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#666">{label}</text>"##,
                x0 + plot_w,
                x0 + plot_w,
                y - 4.0
            );
        }
        for (series, (label, points)) in panel.series.iter().enumerate() {
            let colour = COLOURS[series % COLOURS.len()];
            let coordinates: Vec<String> =
                points.iter().map(|&(c, v)| format!("{:.1},{:.1}", x_of(c), y_of(v))).collect();
            let _ = writeln!(
                svg,
                r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
                coordinates.join(" ")
            );
            for &(c, v) in points {
                let _ = writeln!(
                    svg,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{colour}"/>"#,
                    x_of(c),
                    y_of(v)
                );
            }
            let legend_x = x0 + (series % 3) as f64 * 110.0;
            let legend_y = PANEL_H - 30.0 + (series / 3) as f64 * 16.0;
            let _ = writeln!(
                svg,
                r#"<line x1="{legend_x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="2"/><text x="{:.1}" y="{legend_y:.1}">{label}</text>"#,
                legend_y - 4.0,
                legend_x + 14.0,
                legend_y - 4.0,
                legend_x + 18.0,
            );
        }
        let _ = writeln!(
            svg,
            r##"<rect x="{x0:.1}" y="{TOP:.1}" width="{plot_w:.1}" height="{plot_h:.1}" fill="none" stroke="#444"/>"##
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Microseconds as milliseconds with two decimals: `1.23 ms`.
pub fn ms(micros: u64) -> String {
    format!("{:.2} ms", micros as f64 / 1_000.0)
}

/// `1234567` → `1,234,567`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / f64::from(1u32 << 30))
}

/// `10000` → `10k`, `1000000` → `1M`.
fn short_count(value: u32) -> String {
    match value {
        v if v >= 1_000_000 && v.is_multiple_of(1_000_000) => format!("{}M", v / 1_000_000),
        v if v >= 1_000 && v.is_multiple_of(1_000) => format!("{}k", v / 1_000),
        v => thousands(v.into()),
    }
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above `value` (axis tops).
fn nice_ceiling(value: f64) -> f64 {
    let value = value.max(0.001);
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|step| step * magnitude)
        .find(|top| *top >= value)
        .unwrap_or(10.0 * magnitude)
}

fn trim_float(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(p50_us: u64, p99_us: u64, requests: u64, elapsed_us: u64) -> Summary {
        Summary { requests, errors: 0, p50_us, p90_us: p99_us, p99_us, max_us: p99_us * 2, elapsed_us }
    }

    fn size(products: u32, search: [(u32, Summary); 2]) -> SizeResult {
        SizeResult {
            products,
            sellers: 50,
            seed_ms: 1_500,
            database_bytes: 12 << 20,
            runs: search
                .iter()
                .map(|(c, s)| Run { scenario: BenchScenario::Search, concurrency: *c, summary: *s })
                .collect(),
        }
    }

    fn report(sizes: Vec<SizeResult>) -> Report {
        Report {
            setup: Setup {
                date: "2026-11-23".into(),
                command: "bazaar-server bench".into(),
                build: "release",
                pool_connections: 8,
                accept_encoding: "gzip".into(),
                client_threads: 1,
                warmup_requests: 500,
                requests: 5_000,
                duration_secs: 30,
            },
            machine: Machine {
                cores: 2,
                cpu: "Test CPU".into(),
                ram_bytes: 24 << 30,
                os: "Linux 6.1".into(),
                load_before: "0.25".into(),
            },
            sizes,
            notes: Vec::new(),
            failures: Vec::new(),
            search_is_stand_in: false,
        }
    }

    #[test]
    fn numbers_are_formatted_for_people() {
        assert_eq!(ms(1_234), "1.23 ms");
        assert_eq!(ms(20_000), "20.00 ms");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(short_count(100_000), "100k");
        assert_eq!(short_count(1_000_000), "1M");
        assert_eq!(nice_ceiling(17.0), 20.0);
        assert_eq!(nice_ceiling(0.3), 0.5);
        assert_eq!(summary(1, 1, 5_000, 2_000_000).throughput_per_s(), 2_500.0);
    }

    #[test]
    fn a_chart_by_concurrency_has_a_line_per_series_and_the_target() {
        let panel = ConcurrencyPanel {
            title: "events/s".into(),
            unit: "events/s".into(),
            series: vec![
                ("numeripost".into(), vec![(1, 900.0), (8, 2_400.0), (32, 2_600.0)]),
                ("batchfreight".into(), vec![(1, 9_000.0), (8, 21_000.0), (32, 22_000.0)]),
            ],
            target: Some((5_000.0, "target".into())),
        };
        let svg = concurrency_svg(&[panel.clone(), ConcurrencyPanel { target: None, ..panel }]);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<polyline").count(), 4);
        assert_eq!(svg.matches(">target<").count(), 1);
        assert!(svg.contains(">32<") && svg.contains(">batchfreight<") && svg.contains(">50,000<"), "{svg}");
    }

    #[test]
    fn more_than_a_thousandth_of_errors_fails_the_run() {
        let with_errors = |errors| Summary { requests: 5_000, errors, ..Summary::default() };
        assert!(!too_many_errors(&with_errors(5)));
        assert!(too_many_errors(&with_errors(6)));
    }

    #[test]
    fn targets_are_checked_at_the_largest_size_against_the_smallest() {
        let small = size(
            10_000,
            [(1, summary(1_000, 2_000, 5_000, 5_000_000)), (16, summary(4_000, 9_000, 5_000, 2_000_000))],
        );
        let large = size(
            1_000_000,
            [(1, summary(1_500, 3_000, 5_000, 7_000_000)), (16, summary(6_000, 17_000, 5_000, 2_400_000))],
        );
        let checks = report(vec![small.clone(), large]).targets();
        assert_eq!(
            checks.iter().map(|c| c.verdict).collect::<Vec<_>>(),
            [Verdict::Met, Verdict::Met, Verdict::Met]
        );
        assert_eq!(checks[0].measured, "17.00 ms");
        assert_eq!(checks[1].measured, "2,083/s");
        assert_eq!(checks[2].measured, "worst 1.89× (p99 at c=16)");

        let slow = size(
            1_000_000,
            [(1, summary(2_500, 5_000, 5_000, 9_000_000)), (16, summary(9_000, 25_000, 5_000, 4_000_000))],
        );
        let checks = report(vec![small.clone(), slow]).targets();
        assert_eq!(
            checks.iter().map(|c| c.verdict).collect::<Vec<_>>(),
            [Verdict::Missed, Verdict::Missed, Verdict::Missed]
        );
        assert!(
            checks[0].target.contains("1,000,000 products") && !checks[0].target.contains("target is for")
        );

        let alone = report(vec![small]).targets();
        assert!(alone[0].target.contains("the target is for 1,000,000"), "{}", alone[0].target);
        assert_eq!(alone[2].verdict, Verdict::NotMeasured);
    }

    #[test]
    fn a_stand_in_search_meets_no_target() {
        let small = size(
            10_000,
            [(1, summary(1_000, 2_000, 5_000, 5_000_000)), (16, summary(4_000, 9_000, 5_000, 2_000_000))],
        );
        let mut stand_in = report(vec![small]);
        stand_in.search_is_stand_in = true;
        assert!(
            stand_in
                .targets()
                .iter()
                .all(|c| c.verdict == Verdict::NotMeasured && c.measured.contains("`q`"))
        );
    }

    #[test]
    fn the_markdown_and_the_chart_show_every_run() {
        let small = size(
            10_000,
            [(1, summary(1_000, 2_000, 5_000, 5_000_000)), (16, summary(4_000, 9_000, 5_000, 2_000_000))],
        );
        let large = size(
            100_000,
            [(1, summary(1_200, 2_500, 5_000, 6_000_000)), (16, summary(5_000, 11_000, 5_000, 2_200_000))],
        );
        let report = report(vec![small, large]);
        let markdown = report.markdown(Some("report.svg"));
        assert!(
            markdown.contains(
                "| 10,000 | search | 16 | 5,000 | 4.00 ms | 9.00 ms | 9.00 ms | 18.00 ms | 2,500 | 0 |"
            ),
            "{markdown}"
        );
        assert!(markdown.contains("| 100,000 | 50 | 1.5 s | 66,666 | 12 MiB |"), "{markdown}");
        assert!(markdown.contains("Command: `bazaar-server bench`"));
        assert!(
            markdown.contains("2 cores, Test CPU, 24.0 GiB RAM, Linux 6.1, load average 0.25"),
            "{markdown}"
        );
        assert!(markdown.contains("![p50 and p99 latency by catalog size and concurrency](report.svg)"));
        assert!(!markdown.contains("Failed runs"));
        let failed = Report {
            failures: vec!["search at concurrency 16: 3 of 100 requests failed".into()],
            ..report.clone()
        };
        assert!(failed.markdown(None).contains("## Failed runs (more than 0.1 % errors"));
        assert!(failed.markdown(None).contains("- search at concurrency 16: 3 of 100 requests failed\n"));
        let svg = report.svg();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<polyline").count(), 4, "p50 and p99 for each of two concurrencies");
        assert!(svg.contains("p99 target") && svg.contains(">10k<") && svg.contains(">100k<"));
    }
}
