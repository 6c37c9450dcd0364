//! A shop's sales analytics: GMV, orders, product views and conversion over a period of UTC days, by day or by
//! ISO week, compared with the period of equal length just before; and the shop's top products.
//!
//! What the numbers mean (the server's SQL selects exactly this; the functions here add it up):
//!
//! - **An order counts** on the UTC day it was *paid* (`paid_at`), whatever became of it later — except an order
//!   cancelled before it shipped (the shopper or seller cancelled, everything refunded): no goods changed hands,
//!   so it is neither an order nor GMV. An order whose parcel was lost or returned after shipping still counts
//!   (it was a sale; the refund shows in the statement). Orders whose payment failed or is still pending were
//!   never paid and never count.
//! - **GMV** (gross merchandise value) is the value of the goods in those orders: items after the seller's
//!   promotions, *excluding shipping*, before the platform's commission, in the order's own currency. Currencies
//!   are never added together: GMV is a list of [`Money`], one per currency the shop sold in.
//! - **Views** are product page reads by shoppers and visitors (the shop's own seller and operators are not
//!   demand and are not counted), per UTC day.
//! - **Conversion** is orders ÷ views in basis points (1 bps = 0.01 %): for the shop, its orders over its views;
//!   for a product, the orders containing it over its views. With no views there is no conversion (`None`),
//!   never a division by zero. It can exceed 100 % when orders come without a page view (an API client).
//!
//! Days are [`Day`]s (UTC); weeks are ISO weeks, starting on Monday. The first and last week of a period may be
//! partial; a bucket says which days it covers. Every day of the period is in exactly one bucket, and days
//! without sales or views are zeros, so a chart has no gaps.

use serde::{Deserialize, Serialize};

use crate::dto::{FieldError, Page, PageRequest};
use crate::ids::ProductId;
use crate::money::{Currency, Money, MoneyError, RoundingMode, round_div};
use crate::statement::{Day, StatementPeriod};

/// Days a period covers when the request does not say: the last 30 days, today included.
pub const DEFAULT_PERIOD_DAYS: i64 = 30;
/// Top products per page when the client does not say.
pub const TOP_PRODUCTS_PER_PAGE: u32 = 10;
/// Basis points in a whole.
const BPS: i128 = 10_000;

/// How the series is bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// One bucket per UTC day.
    #[default]
    Day,
    /// One bucket per ISO week (Monday to Sunday), clipped to the period.
    Week,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
        }
    }

    pub fn parse(text: &str) -> Option<Granularity> {
        match text {
            "day" => Some(Self::Day),
            "week" => Some(Self::Week),
            _ => None,
        }
    }

    /// The first day of the bucket `day` falls in (before clipping to a period).
    pub fn bucket_start(self, day: Day) -> Day {
        match self {
            Self::Day => day,
            Self::Week => day.monday(),
        }
    }
}

/// How the top products are ordered: always the biggest first, ties by title, then id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TopProductSort {
    /// By GMV, grouped by currency (amounts in different currencies are never compared).
    #[default]
    Gmv,
    Orders,
    Units,
    Views,
    /// By conversion; products without views come last.
    Conversion,
}

impl TopProductSort {
    pub const ALL: [TopProductSort; 5] =
        [Self::Gmv, Self::Orders, Self::Units, Self::Views, Self::Conversion];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gmv => "gmv",
            Self::Orders => "orders",
            Self::Units => "units",
            Self::Views => "views",
            Self::Conversion => "conversion",
        }
    }

    pub fn parse(text: &str) -> Option<TopProductSort> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == text)
    }
}

/// The analytics query as it arrives (query string or server function): text, so a bad value gets a message
/// naming its parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AnalyticsParams {
    /// First day, `YYYY-MM-DD` (UTC); default: 29 days before `to`.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day, included, `YYYY-MM-DD` (UTC); default: today. At most 366 days from `from`.
    #[serde(default)]
    pub to: Option<String>,
    /// `day` (default) or `week` (ISO weeks, Monday first).
    #[serde(default)]
    pub granularity: Option<String>,
    /// Top products' order: `gmv` (default), `orders`, `units`, `views` or `conversion`; biggest first.
    #[serde(default)]
    pub sort: Option<String>,
    /// Page of the top products, from 1.
    #[serde(default)]
    pub page: Option<u32>,
    /// Top products per page (1–100; default 10).
    #[serde(default)]
    pub per_page: Option<u32>,
    /// The shop (operators must name one; a seller may name only their own).
    #[serde(default)]
    pub seller: Option<String>,
}

/// A checked analytics query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalyticsQuery {
    pub period: StatementPeriod,
    pub granularity: Granularity,
    pub sort: TopProductSort,
    pub page: PageRequest,
}

impl AnalyticsQuery {
    /// The period of equal length just before, which the totals are compared with.
    pub fn previous(&self) -> StatementPeriod {
        self.period.previous()
    }
}

impl AnalyticsParams {
    /// Reads the query; `today` (UTC) is passed in. Every error names its parameter.
    pub fn parse(&self, today: Day) -> Result<AnalyticsQuery, FieldError> {
        let day = |text: Option<&str>, field: &'static str| match text.map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => Day::parse(text)
                .map(Some)
                .ok_or_else(|| FieldError { field, message: "must be a date written YYYY-MM-DD".into() }),
        };
        let to = day(self.to.as_deref(), "to")?.unwrap_or(today);
        let from = day(self.from.as_deref(), "from")?.unwrap_or(to.plus_days(1 - DEFAULT_PERIOD_DAYS));
        let period = StatementPeriod::between(from, to)?;
        let granularity = match self.granularity.as_deref().map(str::trim) {
            None | Some("") => Granularity::default(),
            Some(text) => Granularity::parse(text)
                .ok_or_else(|| FieldError { field: "granularity", message: "must be day or week".into() })?,
        };
        let sort = match self.sort.as_deref().map(str::trim) {
            None | Some("") => TopProductSort::default(),
            Some(text) => TopProductSort::parse(text).ok_or_else(|| FieldError {
                field: "sort",
                message: "must be gmv, orders, units, views or conversion".into(),
            })?,
        };
        let page = PageRequest::parse(self.page, Some(self.per_page.unwrap_or(TOP_PRODUCTS_PER_PAGE)))?;
        Ok(AnalyticsQuery { period, granularity, sort, page })
    }
}

/// The shop's paid orders of one day in one currency (what the server reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyOrders {
    pub day: Day,
    pub currency: Currency,
    pub orders: u64,
    /// GMV of those orders, in `currency`'s minor units.
    pub gmv_minor: i64,
}

/// The shop's product views of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyViews {
    pub day: Day,
    pub views: u64,
}

/// One bar of the charts: a day, or the days of one ISO week inside the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnalyticsBucket {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, included, `YYYY-MM-DD` (the same as `start` by day).
    pub end: String,
    /// GMV per currency, one entry for every currency of the response's `currencies` (zeros included).
    pub gmv: Vec<Money>,
    pub orders: u64,
    pub views: u64,
    /// Orders ÷ views in basis points; none without views.
    pub conversion_bps: Option<u32>,
}

/// A period's sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnalyticsTotals {
    /// GMV per currency, one entry for every currency of the response's `currencies` (zeros included).
    pub gmv: Vec<Money>,
    pub orders: u64,
    pub views: u64,
    /// Orders ÷ views in basis points; none without views.
    pub conversion_bps: Option<u32>,
}

/// One of the shop's products over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopProduct {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub product_id: ProductId,
    pub title: String,
    pub views: u64,
    /// Orders containing the product.
    pub orders: u64,
    /// Units sold.
    pub units: u64,
    /// The product's lines in those orders, after promotions, in the listing's currency.
    pub gmv: Money,
    /// Orders containing the product ÷ its views, basis points; none without views.
    pub conversion_bps: Option<u32>,
}

/// A shop's sales analytics for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerAnalytics {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, included, `YYYY-MM-DD`.
    pub to: String,
    /// The period compared with: as long as this one, ending the day before `from`.
    pub previous_from: String,
    pub previous_to: String,
    pub granularity: Granularity,
    pub sort: TopProductSort,
    /// Every currency the shop sold in over either period, by code; GMV lists follow this order.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub currencies: Vec<Currency>,
    /// The series, oldest first; every day of the period is in exactly one bucket.
    pub buckets: Vec<AnalyticsBucket>,
    pub totals: AnalyticsTotals,
    /// The same sums over the previous period.
    pub previous: AnalyticsTotals,
    /// Products with views or orders in the period, a page at a time, in `sort` order.
    pub top_products: Page<TopProduct>,
}

/// Orders ÷ views in basis points, rounded half up; `None` without views.
pub fn conversion_bps(orders: u64, views: u64) -> Option<u32> {
    if views == 0 {
        return None;
    }
    let bps = round_div(i128::from(orders) * BPS, i128::from(views), RoundingMode::HalfUp);
    Some(u32::try_from(bps).unwrap_or(u32::MAX))
}

/// The change from `previous` to `current` in basis points of `previous` (+2,500 is 25 % up), rounded half up;
/// `None` when there was nothing before (any change from zero is not a percentage).
pub fn change_bps(current: i64, previous: i64) -> Option<i64> {
    if previous == 0 {
        return None;
    }
    let change = round_div(
        (i128::from(current) - i128::from(previous)) * BPS,
        i128::from(previous).abs(),
        RoundingMode::HalfUp,
    );
    Some(i64::try_from(change).unwrap_or(if change > 0 { i64::MAX } else { i64::MIN }))
}

/// The buckets of `period` by `granularity`, oldest first, as (first day, last day) clipped to the period.
pub fn buckets_of(period: StatementPeriod, granularity: Granularity) -> Vec<(Day, Day)> {
    let mut buckets = Vec::new();
    let mut start = period.from();
    // Bounded: a period has at most 366 days, and every pass moves `start` forward by at least one.
    while start <= period.to() {
        let end = match granularity {
            Granularity::Day => start,
            Granularity::Week => start.monday().plus_days(6).min(period.to()),
        };
        buckets.push((start, end));
        start = end.plus_days(1);
    }
    buckets
}

/// The currencies of `orders`, by code, without repeats.
pub fn currencies_of<'a>(orders: impl IntoIterator<Item = &'a DailyOrders>) -> Vec<Currency> {
    let mut currencies: Vec<Currency> = orders.into_iter().map(|row| row.currency).collect();
    currencies.sort_by_key(|currency| currency.code());
    currencies.dedup();
    currencies
}

/// Running sums of one bucket or period.
#[derive(Debug, Clone)]
struct Sums {
    gmv: Vec<Money>,
    orders: u64,
    views: u64,
}

impl Sums {
    fn zero(currencies: &[Currency]) -> Sums {
        Sums { gmv: currencies.iter().map(|c| Money::zero(*c)).collect(), orders: 0, views: 0 }
    }

    fn add_orders(&mut self, row: &DailyOrders) -> Result<(), MoneyError> {
        let sum = self
            .gmv
            .iter_mut()
            .find(|money| money.currency == row.currency)
            .ok_or(MoneyError::CurrencyMismatch { left: row.currency, right: row.currency })?;
        *sum = sum.checked_add(Money::new(row.gmv_minor, row.currency))?;
        self.orders += row.orders;
        Ok(())
    }

    fn totals(self) -> AnalyticsTotals {
        AnalyticsTotals {
            conversion_bps: conversion_bps(self.orders, self.views),
            gmv: self.gmv,
            orders: self.orders,
            views: self.views,
        }
    }
}

/// The series and totals of a query from the daily rows of both periods (rows outside them are ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub currencies: Vec<Currency>,
    pub buckets: Vec<AnalyticsBucket>,
    pub totals: AnalyticsTotals,
    pub previous: AnalyticsTotals,
}

/// Buckets the daily rows of the period, fills empty buckets with zeros, and totals the period and the previous
/// one. Money never mixes currencies; an overflow is an error, not a wrap.
pub fn series(
    period: StatementPeriod,
    granularity: Granularity,
    orders: &[DailyOrders],
    views: &[DailyViews],
) -> Result<Series, MoneyError> {
    let previous = period.previous();
    let in_either = |day: Day| period.contains(day) || previous.contains(day);
    let currencies = currencies_of(orders.iter().filter(|row| in_either(row.day)));
    let ranges = buckets_of(period, granularity);
    let mut buckets: Vec<Sums> = ranges.iter().map(|_| Sums::zero(&currencies)).collect();
    let mut totals = Sums::zero(&currencies);
    let mut before = Sums::zero(&currencies);
    // The bucket of a day of the period: buckets are in order and cover it without gaps.
    let bucket_of = |day: Day| ranges.partition_point(|(_, end)| *end < day);
    for row in orders {
        if period.contains(row.day) {
            buckets[bucket_of(row.day)].add_orders(row)?;
            totals.add_orders(row)?;
        } else if previous.contains(row.day) {
            before.add_orders(row)?;
        }
    }
    for row in views {
        if period.contains(row.day) {
            buckets[bucket_of(row.day)].views += row.views;
            totals.views += row.views;
        } else if previous.contains(row.day) {
            before.views += row.views;
        }
    }
    let buckets = ranges
        .iter()
        .zip(buckets)
        .map(|((start, end), sums)| {
            let totals = sums.totals();
            AnalyticsBucket {
                start: start.to_string(),
                end: end.to_string(),
                gmv: totals.gmv,
                orders: totals.orders,
                views: totals.views,
                conversion_bps: totals.conversion_bps,
            }
        })
        .collect();
    Ok(Series { currencies, buckets, totals: totals.totals(), previous: before.totals() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).expect("a date")
    }

    fn period(from: &str, to: &str) -> StatementPeriod {
        StatementPeriod::between(day(from), day(to)).expect("a period")
    }

    fn sold(on: &str, currency: Currency, orders: u64, gmv_minor: i64) -> DailyOrders {
        DailyOrders { day: day(on), currency, orders, gmv_minor }
    }

    fn viewed(on: &str, views: u64) -> DailyViews {
        DailyViews { day: day(on), views }
    }

    fn params(from: Option<&str>, to: Option<&str>) -> AnalyticsParams {
        AnalyticsParams { from: from.map(Into::into), to: to.map(Into::into), ..Default::default() }
    }

    #[test]
    fn the_default_period_is_the_last_30_days_by_day_sorted_by_gmv() {
        let query = AnalyticsParams::default().parse(day("2026-03-10")).expect("valid");
        assert_eq!(query.period, period("2026-02-09", "2026-03-10"));
        assert_eq!(query.period.days(), 30);
        assert_eq!(query.previous(), period("2026-01-10", "2026-02-08"));
        assert_eq!(query.granularity, Granularity::Day);
        assert_eq!(query.sort, TopProductSort::Gmv);
        assert_eq!((query.page.page(), query.page.per_page()), (1, TOP_PRODUCTS_PER_PAGE));
        // Only `to` given: the 30 days up to it.
        let query = params(None, Some("2026-01-31")).parse(day("2026-03-10")).expect("valid");
        assert_eq!(query.period, period("2026-01-02", "2026-01-31"));
    }

    #[test]
    fn bad_parameters_are_named() {
        let today = day("2026-03-10");
        let field = |p: AnalyticsParams| p.parse(today).expect_err("refused").field;
        assert_eq!(field(params(Some("2026-13-01"), None)), "from");
        assert_eq!(field(params(None, Some("10/03/2026"))), "to");
        assert_eq!(field(params(Some("2026-03-10"), Some("2026-03-09"))), "from");
        assert_eq!(field(params(Some("2025-01-01"), Some("2026-01-02"))), "to");
        assert_eq!(
            field(AnalyticsParams { granularity: Some("month".into()), ..Default::default() }),
            "granularity"
        );
        assert_eq!(field(AnalyticsParams { sort: Some("price".into()), ..Default::default() }), "sort");
        assert_eq!(field(AnalyticsParams { page: Some(0), ..Default::default() }), "page");
        assert_eq!(field(AnalyticsParams { per_page: Some(101), ..Default::default() }), "per_page");
        // 366 days (a leap year) is the longest period.
        assert!(params(Some("2024-01-01"), Some("2024-12-31")).parse(today).is_ok());
        // A single day is a period.
        assert!(params(Some("2026-03-10"), Some("2026-03-10")).parse(today).is_ok());
    }

    #[test]
    fn weeks_start_on_monday_and_are_clipped_to_the_period() {
        // 2026-03-04 is a Wednesday; 2026-03-09 a Monday; 2026-03-17 a Tuesday.
        assert_eq!(day("2026-03-04").monday(), day("2026-03-02"));
        assert_eq!(day("2026-03-09").monday(), day("2026-03-09"));
        assert_eq!(day("2026-03-15").monday(), day("2026-03-09"), "Sunday closes the week");
        assert_eq!(day("1970-01-01").monday(), day("1970-01-01").plus_days(-3));
        let weeks = buckets_of(period("2026-03-04", "2026-03-17"), Granularity::Week);
        assert_eq!(
            weeks,
            vec![
                (day("2026-03-04"), day("2026-03-08")),
                (day("2026-03-09"), day("2026-03-15")),
                (day("2026-03-16"), day("2026-03-17")),
            ]
        );
        // Across a year's end: ISO week 1 of 2026 starts on Monday 2025-12-29.
        let weeks = buckets_of(period("2025-12-27", "2026-01-05"), Granularity::Week);
        assert_eq!(
            weeks,
            vec![
                (day("2025-12-27"), day("2025-12-28")),
                (day("2025-12-29"), day("2026-01-04")),
                (day("2026-01-05"), day("2026-01-05")),
            ]
        );
        assert_eq!(buckets_of(period("2026-03-04", "2026-03-17"), Granularity::Day).len(), 14);
    }

    #[test]
    fn sales_and_views_land_in_their_week_and_empty_days_are_zeros() {
        let orders = [
            sold("2026-03-08", Currency::USD, 2, 5_000), // Sunday: the first (partial) week.
            sold("2026-03-09", Currency::USD, 1, 1_999), // Monday: the second week.
            sold("2026-03-15", Currency::EUR, 1, 700),   // Sunday: still the second week.
            sold("2026-02-20", Currency::USD, 4, 9_000), // The previous period.
            sold("2025-01-01", Currency::BRL, 9, 9_999), // Neither: ignored, its currency too.
        ];
        let views = [viewed("2026-03-08", 100), viewed("2026-03-10", 50), viewed("2026-02-21", 80)];
        let window = period("2026-03-04", "2026-03-17");
        let weekly = series(window, Granularity::Week, &orders, &views).expect("sums");
        assert_eq!(weekly.currencies, vec![Currency::EUR, Currency::USD]);
        let gmv = |b: &AnalyticsBucket| b.gmv.iter().map(|m| m.amount_minor).collect::<Vec<_>>();
        assert_eq!(weekly.buckets.len(), 3);
        assert_eq!((gmv(&weekly.buckets[0]), weekly.buckets[0].orders), (vec![0, 5_000], 2));
        assert_eq!(weekly.buckets[0].conversion_bps, Some(200));
        assert_eq!((gmv(&weekly.buckets[1]), weekly.buckets[1].orders), (vec![700, 1_999], 2));
        assert_eq!((weekly.buckets[1].views, weekly.buckets[1].conversion_bps), (50, Some(400)));
        assert_eq!(weekly.buckets[2].start, "2026-03-16");
        assert_eq!(weekly.buckets[2].end, "2026-03-17");
        assert_eq!((gmv(&weekly.buckets[2]), weekly.buckets[2].orders), (vec![0, 0], 0));
        assert_eq!(weekly.buckets[2].conversion_bps, None, "no views, no conversion");
        assert_eq!(weekly.totals.gmv, vec![Money::new(700, Currency::EUR), Money::new(6_999, Currency::USD)]);
        assert_eq!(
            (weekly.totals.orders, weekly.totals.views, weekly.totals.conversion_bps),
            (4, 150, Some(267))
        );
        assert_eq!(weekly.previous.gmv, vec![Money::zero(Currency::EUR), Money::new(9_000, Currency::USD)]);
        assert_eq!((weekly.previous.orders, weekly.previous.views), (4, 80));

        let daily = series(window, Granularity::Day, &orders, &views).expect("sums");
        assert_eq!(daily.buckets.len(), 14);
        assert!(daily.buckets.iter().all(|b| b.start == b.end && b.gmv.len() == 2));
        let quiet = daily.buckets.iter().filter(|b| b.orders == 0 && b.views == 0).count();
        assert_eq!(quiet, 14 - 4, "days without sales or views are zeros, not gaps");
        assert_eq!(daily.totals, weekly.totals, "the same sums whatever the buckets");
    }

    #[test]
    fn a_new_shop_has_zero_buckets_and_no_conversion() {
        let empty = series(period("2026-03-01", "2026-03-03"), Granularity::Day, &[], &[]).expect("sums");
        assert!(empty.currencies.is_empty());
        assert_eq!(empty.buckets.len(), 3);
        assert!(
            empty.buckets.iter().all(|b| b.orders == 0 && b.gmv.is_empty() && b.conversion_bps.is_none())
        );
        assert_eq!(empty.totals.conversion_bps, None);
    }

    #[test]
    fn conversion_and_change_never_divide_by_zero() {
        assert_eq!(conversion_bps(0, 0), None);
        assert_eq!(conversion_bps(3, 0), None);
        assert_eq!(conversion_bps(0, 10), Some(0));
        assert_eq!(conversion_bps(1, 3), Some(3_333));
        assert_eq!(conversion_bps(2, 3), Some(6_667), "rounded half up");
        assert_eq!(conversion_bps(5, 4), Some(12_500), "orders without a page view can pass 100 %");
        assert_eq!(change_bps(150, 100), Some(5_000));
        assert_eq!(change_bps(50, 100), Some(-5_000));
        assert_eq!(change_bps(100, 100), Some(0));
        assert_eq!(change_bps(7, 0), None);
        assert_eq!(change_bps(0, 3), Some(-10_000));
    }

    #[test]
    fn sorts_and_granularities_read_back_what_they_write() {
        for sort in TopProductSort::ALL {
            assert_eq!(TopProductSort::parse(sort.as_str()), Some(sort));
        }
        for granularity in [Granularity::Day, Granularity::Week] {
            assert_eq!(Granularity::parse(granularity.as_str()), Some(granularity));
        }
    }

    #[test]
    fn a_period_and_the_one_before_it_are_equally_long_and_adjacent() {
        let window = period("2026-02-27", "2026-03-02");
        assert_eq!(window.previous(), period("2026-02-23", "2026-02-26"));
        assert_eq!(window.previous().days(), window.days());
    }
}
