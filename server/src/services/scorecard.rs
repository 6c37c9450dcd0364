//! The seller performance scorecard: reads the shop's paid orders, shipments, listings and rating, turns each
//! order into `shared::scorecard::OrderFacts` with the SLA's deadlines, and lets `shared` compute the measures.
//! Who may read whose scorecard is decided by the caller (`OrderService`), from the request's actor.

use anyhow::Context;
use app::ports::ServiceError;
use shared::ids::SellerId;
use shared::logistics::SlaRules;
use shared::order::{DAY_MS, OrderState, Party};
use shared::scorecard::{
    Cancellation, Defect, ListingFacts, OrderFacts, ScorecardInputs, SellerScorecard, TREND_DAYS,
    TrackingFacts, WINDOW_DAYS, scorecard,
};
use shared::tracking::TrackingStatus;

use crate::db::Database;
use crate::db::scorecard::{self as store, OrderFactsRow};

/// The most orders one scorecard reads (the newest first): a bound on the work of one request. A shop selling
/// more than this in four months is measured on its newest orders.
const MAX_ORDERS: u32 = 50_000;

/// Orders paid this long before the trend's span can still be decided inside it (a deadline a few business days
/// after payment, a shipment after that).
const SPAN_SLACK_MS: i64 = 14 * DAY_MS;

/// The scorecard of `seller_id` as of `now_ms`; NotFound when there is no such shop.
pub async fn seller_scorecard(
    db: &Database,
    sla: SlaRules,
    seller_id: SellerId,
    now_ms: i64,
) -> Result<SellerScorecard, ServiceError> {
    let pool = db.pool();
    let shop = seller_id.to_string();
    let stored_rating = store::stored_rating(pool, &shop)
        .await
        .context("reading the shop's rating")?
        .ok_or(ServiceError::NotFound("shop"))?;
    let span_start = now_ms - i64::from(TREND_DAYS + WINDOW_DAYS) * DAY_MS;
    let rows = store::order_facts(pool, &shop, span_start - SPAN_SLACK_MS, span_start, MAX_ORDERS)
        .await
        .context("reading the shop's orders")?;
    let (listed, in_stock) = store::listing_stock(pool, &shop).await.context("reading the shop's stock")?;
    let orders: Vec<OrderFacts> = rows.iter().map(|row| facts(row, sla)).collect();
    let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    let inputs = ScorecardInputs {
        as_of_ms: now_ms,
        orders: &orders,
        listings: ListingFacts { listed: count(listed), in_stock: count(in_stock) },
        // Reviews come with issue 9; until then the shop's stored rating stands.
        reviews: &[],
        stored_rating_x100: stored_rating.and_then(|r| u16::try_from(r).ok()),
        handling_target_minutes: u32::from(sla.handling_business_days) * 24 * 60,
    };
    Ok(scorecard(seller_id, &inputs))
}

/// What the scorecard needs to know about one stored order.
fn facts(row: &OrderFactsRow, sla: SlaRules) -> OrderFacts {
    let state = OrderState::parse(&row.state);
    let cancelled = (state == Some(OrderState::Cancelled)).then(|| Cancellation {
        by: row.cancelled_by.as_deref().and_then(Party::parse).unwrap_or(Party::Platform),
        at_ms: row.updated_at_ms,
    });
    let tracking = match (row.shipped_at_ms, row.label_created_at_ms) {
        (None, _) => TrackingFacts::NotShipped,
        (Some(_), None) => TrackingFacts::Unverified,
        (Some(_), Some(label)) => TrackingFacts::Carrier {
            first_scan_at_ms: row.first_scan_at_ms,
            scan_by_ms: sla.first_scan_by(label),
        },
    };
    let parcel_gone = row
        .shipment_status
        .as_deref()
        .and_then(TrackingStatus::parse)
        .is_some_and(TrackingStatus::is_given_up);
    // A shipped order that ended cancelled was refunded because the parcel never arrived.
    let not_delivered = parcel_gone || (cancelled.is_some() && row.shipped_at_ms.is_some());
    OrderFacts {
        paid_at_ms: row.paid_at_ms,
        ship_by_ms: sla.ship_by(row.paid_at_ms),
        shipped_at_ms: row.shipped_at_ms,
        cancelled,
        tracking,
        defect: not_delivered.then_some(Defect::ParcelNotDelivered),
    }
}

/// The most shops one refresh measures: a bound on the job's work. The least recently measured go first, so
/// every shop is reached over the following runs.
pub const MAX_SHOPS_PER_REFRESH: u32 = 500;

/// Measures the shops that sold in the scorecard's span (or were measured before) and stores their performance
/// score for search ranking. Returns how many scores changed; the catalog's caches are told when any did.
pub async fn refresh_performance(
    db: &Database,
    sla: SlaRules,
    now_ms: i64,
    max_shops: u32,
) -> anyhow::Result<usize> {
    let active_since = now_ms - i64::from(TREND_DAYS + WINDOW_DAYS) * DAY_MS;
    let shops = store::shops_to_measure(db.pool(), active_since, max_shops)
        .await
        .context("reading shops to measure")?;
    let mut changed = 0;
    for shop in shops {
        let Ok(seller_id) = shop.id.parse::<SellerId>() else {
            tracing::warn!(shop = shop.id, "a stored shop id does not parse; its score is left as it is");
            continue;
        };
        let card = match seller_scorecard(db, sla, seller_id, now_ms).await {
            Ok(card) => card,
            // Deleted between the two reads: nothing to score.
            Err(ServiceError::NotFound(_)) => continue,
            Err(error) => {
                return Err(anyhow::Error::new(error).context(format!("measuring shop {}", shop.id)));
            }
        };
        store::store_performance(db.pool(), &shop.id, card.performance_ppm, now_ms)
            .await
            .context("storing a shop's performance score")?;
        if shop.performance_ppm != Some(i64::from(card.performance_ppm)) {
            changed += 1;
        }
    }
    if changed > 0 {
        crate::db::catalog::note_catalog_write();
    }
    Ok(changed)
}
