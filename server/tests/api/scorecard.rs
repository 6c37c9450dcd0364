//! The seller performance scorecard over real HTTP, from real orders: shipped on time with a scanned carrier
//! parcel, shipped late with the seller's own tracking number, cancelled by the seller, lost by the carrier — and
//! the exact rates that follow, on SQLite and PostgreSQL. Only the shop's seller and operators may read it.

use serde_json::{Value, json};
use shared::order::DAY_MS;

use crate::checkout::{
    Buyer, GOOD_CARD, checkout_app, demo_seller_shop, get_as, shop_currency, variants_of_distinct_shops,
};
use crate::helpers::{OPERATOR, SELLER, SHOPPER, TestApp, TestDatabase};
use crate::tracking::post_events;
use server::clock::Clock;

/// A paid order of the demo seller's shop; returns its REST path.
async fn paid_order(app: &TestApp, key: &str) -> String {
    let shop = demo_seller_shop(&app.db).await;
    let currency = shop_currency(&app.db, &shop).await;
    let picks = variants_of_distinct_shops(&app.db, &currency, 1).await;
    let buyer = Buyer::demo(app).await;
    buyer.add(&picks[0].variant_id, 1).await;
    let result = buyer.checkout_with(GOOD_CARD, key, "US").await;
    format!("/api/v1/orders/{}", result.orders[0].id)
}

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, body: Value) -> Value {
    let response = client.post(app.url(path)).json(&body).send().await.expect("answered");
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// One BatchFreight update that happened at `at_ms`.
fn scan(tracking: &str, seq: u32, code: &str, at_ms: i64) -> Value {
    json!({
        "batch": format!("{tracking}-{seq}"),
        "updates": [{ "ref": tracking, "seq": seq, "status": code, "epoch": at_ms / 1_000,
                      "depot": "ORD-1", "note": format!("{code} scan") }],
    })
}

/// The measure of `kind` on a scorecard.
fn measure<'a>(card: &'a Value, kind: &str) -> &'a Value {
    card["metrics"].as_array().expect("metrics").iter().find(|m| m["kind"] == kind).expect("measured")
}

/// (value, sample, status) of a measure.
fn reading(card: &Value, kind: &str) -> (Option<i64>, i64, String) {
    let metric = measure(card, kind);
    (
        metric["value"].as_i64(),
        metric["sample"].as_i64().expect("sample"),
        metric["status"].as_str().expect("status").to_string(),
    )
}

#[tokio::test]
async fn the_scorecard_measures_the_shops_real_orders() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let shop = demo_seller_shop(&app.db).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;

        // No orders yet: nothing to measure, and a neutral performance score.
        let (status, card) = get_as(&app, &seller, "/api/v1/seller/scorecard").await;
        assert_eq!(status, 200, "{label}: {card}");
        assert_eq!(card["seller_id"], shop.as_str());
        assert_eq!(reading(&card, "order_defect_rate"), (None, 0, "no_data".into()), "{label}");
        assert_eq!(card["performance_ppm"], 750_000, "{label}");
        assert_eq!(measure(&card, "order_defect_rate")["trend"].as_array().map(Vec::len), Some(90));

        let on_time = paid_order(&app, "on-time").await;
        let late = paid_order(&app, "late").await;
        let cancelled = paid_order(&app, "cancelled").await;
        let lost = paid_order(&app, "lost").await;

        // On time with a carrier of the network, whose first scan arrives.
        let shipped =
            post(&app, &seller, &format!("{on_time}/ship"), json!({ "carrier": "batchfreight" })).await;
        let tracking = shipped["tracking_number"].as_str().expect("issued").to_string();
        let (status, _) =
            post_events(&app, "batchfreight", &scan(&tracking, 1, "COL", app.clock.now_ms())).await;
        assert_eq!(status, 200);
        // Lost by the carrier after its first scan: the order is refunded, a defect.
        let shipped =
            post(&app, &seller, &format!("{lost}/ship"), json!({ "carrier": "batchfreight" })).await;
        let tracking = shipped["tracking_number"].as_str().expect("issued").to_string();
        let now = app.clock.now_ms();
        post_events(&app, "batchfreight", &scan(&tracking, 1, "COL", now)).await;
        post_events(&app, "batchfreight", &scan(&tracking, 2, "LST", now + 1_000)).await;
        // Cancelled by the seller, the day it was paid.
        let body =
            post(&app, &seller, &format!("{cancelled}/cancel"), json!({ "reason": "Out of stock" })).await;
        assert_eq!(body["summary"]["state"], "cancelled");
        // Shipped five days after payment (always past two business days) with the seller's own number.
        app.clock.advance_ms(5 * DAY_MS);
        post(&app, &seller, &format!("{late}/ship"), json!({ "tracking_number": "OWN-123" })).await;

        let (status, card) = get_as(&app, &seller, "/api/v1/seller/scorecard").await;
        assert_eq!(status, 200, "{label}: {card}");
        // Four paid orders: one lost parcel, one seller cancellation.
        assert_eq!(reading(&card, "order_defect_rate"), (Some(2_500), 4, "fails".into()), "{label}: {card}");
        assert_eq!(reading(&card, "seller_cancellation_rate"), (Some(2_500), 4, "fails".into()), "{label}");
        // Due or shipped (the cancelled one never had to ship): one of three late.
        assert_eq!(reading(&card, "late_shipment_rate"), (Some(3_333), 3, "fails".into()), "{label}");
        // Shipped: two scanned by the carrier, one on the seller's own number that nothing confirms.
        assert_eq!(reading(&card, "valid_tracking_rate"), (Some(6_667), 3, "fails".into()), "{label}");
        // Handling: 0, 0 and five days (7,200 minutes) → 2,400 minutes, within two days but close to it.
        assert_eq!(reading(&card, "average_handling_time"), (Some(2_400), 3, "at_risk".into()), "{label}");
        assert_eq!(
            measure(&card, "average_handling_time")["target"],
            json!({ "kind": "at_most", "limit": 2_880 })
        );
        assert_eq!(measure(&card, "late_shipment_rate")["advice"], "ship_overdue_first");
        // The last trend point is today's value; a month ago there was nothing to measure.
        let trend = measure(&card, "late_shipment_rate")["trend"].as_array().expect("trend").clone();
        assert_eq!((trend[89].as_i64(), trend[50].as_i64()), (Some(3_333), None), "{label}");

        // In stock and rating: what the shop's listings and stored rating say.
        let (listed, in_stock): (i64, i64) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT), CAST(SUM(CASE WHEN stock > 0 THEN 1 ELSE 0 END) AS BIGINT) \
             FROM products WHERE seller_id = $1",
        )
        .bind(&shop)
        .fetch_one(app.db.pool())
        .await
        .expect("stock");
        let expected = (in_stock * 10_000 * 2 + listed) / (2 * listed);
        assert_eq!(reading(&card, "in_stock_rate").0, Some(expected), "{label}");
        let (rating,): (Option<i64>,) = sqlx::query_as("SELECT rating_x100 FROM sellers WHERE id = $1")
            .bind(&shop)
            .fetch_one(app.db.pool())
            .await
            .expect("rating");
        assert_eq!(reading(&card, "rating").0, rating, "{label}");
        assert_eq!(measure(&card, "rating")["trend"], json!([]), "no history without reviews");
        assert!(
            card["performance_ppm"].as_i64().expect("score") < 400_000,
            "{label}: {}",
            card["performance_ppm"]
        );

        // The operator reads the same card by naming the shop; the SPA's server function answers it too.
        let operator = app.signed_in(OPERATOR.0, OPERATOR.1).await;

        // The logistics job stores the score, and search ranking reads it: the shop's listings now rank with
        // its poor record, while a shop that sold nothing stays at the neutral score.
        // Three product page views by a shopper, flushed as the background job would.
        let (ordered,): (String,) = sqlx::query_as("SELECT product_id FROM order_lines LIMIT 1")
            .fetch_one(app.db.pool())
            .await
            .expect("an ordered listing");
        let shopper = app.signed_in(SHOPPER.0, SHOPPER.1).await;
        for _ in 0..3 {
            let (status, _) = get_as(&app, &shopper, &format!("/api/v1/products/{ordered}")).await;
            assert_eq!(status, 200, "{label}");
        }
        app.flush_views().await;
        app.run_logistics_job().await;
        let performance_part = |explanation: &Value| {
            explanation["ranking"]["parts"]
                .as_array()
                .expect("parts")
                .iter()
                .find(|part| part["factor"] == "seller_performance")
                .map(|part| part["score_ppm"].clone())
        };
        let (own_listing,): (String,) =
            sqlx::query_as("SELECT id FROM products WHERE seller_id = $1 AND status = 'published' LIMIT 1")
                .bind(&shop)
                .fetch_one(app.db.pool())
                .await
                .expect("a listing of the shop");
        let (quiet_listing,): (String,) =
            sqlx::query_as("SELECT id FROM products WHERE seller_id <> $1 AND status = 'published' LIMIT 1")
                .bind(&shop)
                .fetch_one(app.db.pool())
                .await
                .expect("a listing of another shop");
        let (status, explained) =
            get_as(&app, &operator, &format!("/api/v1/products/{own_listing}/ranking")).await;
        assert_eq!(status, 200, "{label}: {explained}");
        assert_eq!(
            performance_part(&explained),
            Some(card["performance_ppm"].clone()),
            "{label}: {explained}"
        );
        let (status, explained) =
            get_as(&app, &operator, &format!("/api/v1/products/{quiet_listing}/ranking")).await;
        assert_eq!(status, 200, "{label}: {explained}");
        assert_eq!(performance_part(&explained), Some(json!(750_000)), "{label}: {explained}");

        // The same job measured the ordered listing's outcome counters from what happened: four orders, one
        // parcel lost after shipping (the seller's cancellation before shipping is not a bad outcome of the
        // listing), three views.
        let (status, explained) =
            get_as(&app, &operator, &format!("/api/v1/products/{ordered}/ranking")).await;
        assert_eq!(status, 200, "{label}: {explained}");
        let signals = &explained["signals"];
        // The demo seeds a view history for the demo shop's listings; the 30 days' sum includes the three.
        let today = app.clock.now_ms().div_euclid(DAY_MS);
        let (views,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(views), 0) AS BIGINT) FROM product_views_daily \
             WHERE product_id = $1 AND day >= $2",
        )
        .bind(&ordered)
        .bind(today - 29)
        .fetch_one(app.db.pool())
        .await
        .expect("views");
        assert!(views >= 3, "{label}: {views}");
        let counters = [
            &signals["orders_90d"],
            &signals["orders_30d"],
            &signals["returns_and_disputes_90d"],
            &signals["views_30d"],
        ];
        assert_eq!(counters, [&json!(4), &json!(4), &json!(1), &json!(views)], "{label}: {signals}");
        let (status, seen) =
            get_as(&app, &operator, &format!("/api/v1/seller/scorecard?seller={shop}")).await;
        assert_eq!(status, 200, "{label}: {seen}");
        assert_eq!(seen["metrics"], card["metrics"]);
        let (status, _) = get_as(&app, &operator, "/api/v1/seller/scorecard").await;
        assert_eq!(status, 400, "{label}: an operator names the shop");
        let (status, spa) = get_as(&app, &seller, "/api/seller/scorecard").await;
        assert_eq!(status, 200, "{label}: {spa}");
        assert_eq!(spa["metrics"], card["metrics"]);
    }
}

#[tokio::test]
async fn another_seller_or_a_shopper_cannot_read_the_shops_scorecard() {
    let app = checkout_app(TestDatabase::sqlite()).await;
    let shop = demo_seller_shop(&app.db).await;
    let rival = app.signed_up_seller("rival@example.com", "Rival Goods").await;

    let path = format!("/api/v1/seller/scorecard?seller={shop}");
    let (status, body) = get_as(&app, &rival, &path).await;
    assert_eq!(status, 404, "not yours looks like not there: {body}");
    let (status, _) = get_as(&app, &rival, &format!("/api/seller/scorecard?seller={shop}")).await;
    assert_eq!(status, 404, "the server function decides alike");
    let (status, own) = get_as(&app, &rival, "/api/v1/seller/scorecard").await;
    assert_eq!(status, 200, "{own}");
    assert_ne!(own["seller_id"], shop.as_str());
    assert_eq!(reading(&own, "in_stock_rate"), (None, 0, "no_data".into()), "a new shop lists nothing yet");
    assert_eq!(reading(&own, "rating").2, "no_data");
    assert_eq!(measure(&own, "rating")["advice"], "no_reviews_yet");

    let shopper = app.signed_in(SHOPPER.0, SHOPPER.1).await;
    let (status, _) = get_as(&app, &shopper, &path).await;
    assert_eq!(status, 403);
    let (status, _) = get_as(&app, &reqwest::Client::new(), &path).await;
    assert_eq!(status, 401);
}
