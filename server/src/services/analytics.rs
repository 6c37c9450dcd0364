//! A shop's sales analytics: reads its paid orders and its listings' views per day over the period and the one
//! before it (`db::analytics`), lets `shared::analytics` bucket and total them, and pages its top products in SQL.
//! Who may read whose analytics is decided by the caller (`OrderService::seller_analytics`), from the actor.

use anyhow::Context;
use app::ports::ServiceError;
use shared::analytics::{
    AnalyticsQuery, DailyOrders, DailyViews, SellerAnalytics, TopProduct, conversion_bps, series,
};
use shared::dto::Page;
use shared::ids::SellerId;
use shared::money::Currency;
use shared::statement::Day;

use super::settlement::money;
use crate::db::Database;
use crate::db::analytics::{self as store, TopProductRow, TopProductsScope};
use crate::db::scorecard::stored_rating;

/// `seller`'s analytics for `query`; NotFound when there is no such shop.
pub async fn seller_analytics(
    db: &Database,
    seller: SellerId,
    query: AnalyticsQuery,
) -> Result<SellerAnalytics, ServiceError> {
    let pool = db.pool();
    let shop = seller.to_string();
    stored_rating(pool, &shop).await.context("looking the shop up")?.ok_or(ServiceError::NotFound("shop"))?;
    let period = query.period;
    let previous = query.previous();
    let scope = TopProductsScope {
        seller_id: &shop,
        from_day: period.from().days_since_epoch(),
        to_day: period.to().days_since_epoch(),
        start_ms: period.start_ms(),
        end_ms: period.end_ms(),
    };
    let page = query.page;
    let (order_rows, view_rows, total, top_rows) = tokio::try_join!(
        async {
            store::orders_by_day(pool, &shop, previous.start_ms(), period.end_ms())
                .await
                .context("reading the shop's orders per day")
        },
        async {
            store::views_by_day(pool, &shop, previous.from().days_since_epoch(), scope.to_day)
                .await
                .context("reading the shop's views per day")
        },
        async { store::top_products_count(pool, scope).await.context("counting the shop's products") },
        async {
            store::top_products(pool, scope, query.sort, page.per_page(), page.offset())
                .await
                .context("reading the shop's top products")
        },
    )?;
    let orders = order_rows
        .iter()
        .map(|row| {
            Ok(DailyOrders {
                day: Day::from_days_since_epoch(row.day),
                currency: Currency::from_code(&row.currency).context("stored currency")?,
                orders: u64::try_from(row.orders).context("an order count")?,
                gmv_minor: row.gmv_minor,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let views = view_rows
        .iter()
        .map(|(day, views)| {
            Ok(DailyViews {
                day: Day::from_days_since_epoch(*day),
                views: u64::try_from(*views).context("a view count")?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let series = series(period, query.granularity, &orders, &views).context("totalling the shop's sales")?;
    let items = top_rows.into_iter().map(top_product).collect::<anyhow::Result<Vec<_>>>()?;
    Ok(SellerAnalytics {
        from: period.from().to_string(),
        to: period.to().to_string(),
        previous_from: previous.from().to_string(),
        previous_to: previous.to().to_string(),
        granularity: query.granularity,
        sort: query.sort,
        currencies: series.currencies,
        buckets: series.buckets,
        totals: series.totals,
        previous: series.previous,
        top_products: Page {
            items,
            page: page.page(),
            per_page: page.per_page(),
            total: u64::try_from(total).context("a product count")?,
        },
    })
}

fn top_product(row: TopProductRow) -> anyhow::Result<TopProduct> {
    let views = u64::try_from(row.views).context("a view count")?;
    let orders = u64::try_from(row.orders).context("an order count")?;
    Ok(TopProduct {
        product_id: row.product_id.parse().ok().context("stored product id")?,
        title: row.title,
        views,
        orders,
        units: u64::try_from(row.units).context("a unit count")?,
        gmv: money(row.gmv_minor, &row.currency)?,
        conversion_bps: conversion_bps(orders, views),
    })
}
