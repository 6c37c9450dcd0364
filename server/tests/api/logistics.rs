//! The carrier network over real HTTP: carriers proposed and booked for a parcel, labels, capacity, SLA breaches
//! found by the job on the injected clock, partner scores, lost parcels refunded, and delivery windows learned
//! from measured transit.

use serde_json::{Value, json};
use server::clock::Clock;
use shared::order::DAY_MS;

use crate::checkout::{
    Buyer, GOOD_CARD, assert_ledger_balanced, checkout_app, demo_seller_shop, get_as, shop_currency,
    variants_of_distinct_shops,
};
use crate::helpers::{SELLER, TestApp, TestDatabase, error_parts};
use crate::tracking::post_events;

/// A paid order of the demo seller's shop to a shopper in `region` (economy, the cheapest delivery).
async fn paid_order(app: &TestApp, key: &str, region: &str) -> (String, reqwest::Client) {
    let shop = demo_seller_shop(&app.db).await;
    let currency = shop_currency(&app.db, &shop).await;
    let picks = variants_of_distinct_shops(&app.db, &currency, 1).await;
    let buyer = Buyer::demo(app).await;
    buyer.add(&picks[0].variant_id, 1).await;
    let result = buyer.checkout_with(GOOD_CARD, key, region).await;
    (format!("/api/v1/orders/{}", result.orders[0].id), buyer.client)
}

/// The region the demo seller's shop ships from (orders there travel on a domestic lane).
async fn home_region(app: &TestApp) -> String {
    let (region,): (String,) = sqlx::query_as("SELECT region FROM sellers WHERE id = $1")
        .bind(demo_seller_shop(&app.db).await)
        .fetch_one(app.db.pool())
        .await
        .expect("region");
    region
}

async fn ship(app: &TestApp, seller: &reqwest::Client, path: &str, body: Value) -> (u16, Value) {
    let response = seller.post(app.url(&format!("{path}/ship"))).json(&body).send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// One BatchFreight update that happened at `at_ms`.
fn scan(tracking: &str, seq: u32, code: &str, at_ms: i64) -> Value {
    json!({
        "batch": format!("{tracking}-{seq}"),
        "updates": [{ "ref": tracking, "seq": seq, "status": code, "epoch": at_ms / 1_000,
                      "depot": "ORD-1", "note": format!("{code} scan") }],
    })
}

fn codes(proposals: &Value) -> Vec<&str> {
    proposals
        .as_array()
        .expect("proposals")
        .iter()
        .map(|p| p["carrier_code"].as_str().unwrap_or(""))
        .collect()
}

#[tokio::test]
async fn the_seller_is_offered_ranked_carriers_books_one_within_capacity_and_prints_the_label() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let (path, shopper) = paid_order(&app, "offered", "US").await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;

        let (status, proposals) = get_as(&app, &seller, &format!("{path}/carrier-proposals")).await;
        assert_eq!(status, 200, "{label}: {proposals}");
        // Economy was paid for: only the carriers with an economy service on the lane are proposed.
        let mut offered = codes(&proposals);
        offered.sort();
        assert_eq!(offered, ["batchfreight", "numeripost"], "{label}");
        assert!(proposals.as_array().expect("list").iter().all(|p| p["service_level"] == "economy"));
        assert_eq!(proposals[0]["reasons"][0], "recommended", "{label}");
        assert!(proposals[0]["score"].as_u64() >= proposals[1]["score"].as_u64(), "{label}: best first");
        let (status, _) = get_as(&app, &shopper, &format!("{path}/carrier-proposals")).await;
        assert_eq!(status, 403, "{label}: shoppers do not book carriers");

        // A full carrier is listed last and cannot be booked.
        sqlx::query("UPDATE carriers SET daily_capacity = 0 WHERE code = 'numeripost'")
            .execute(app.db.pool())
            .await
            .expect("capacity");
        let (_, proposals) = get_as(&app, &seller, &format!("{path}/carrier-proposals")).await;
        assert_eq!(codes(&proposals), ["batchfreight", "numeripost"], "{label}: the full carrier goes last");
        assert_eq!(proposals[1]["available"], false);
        assert!(proposals[1]["reasons"].as_array().expect("reasons").contains(&json!("full_today")));
        let (status, body) = ship(&app, &seller, &path, json!({ "carrier": "numeripost" })).await;
        assert_eq!((status, error_parts(&body).0.as_str()), (409, "carrier_full"), "{label}: {body}");
        // A carrier without the paid service level on the lane is refused, naming the field.
        let (status, body) = ship(&app, &seller, &path, json!({ "carrier": "scanline" })).await;
        assert_eq!(status, 400, "{label}: {body}");
        assert_eq!(body["error"]["field"], "carrier");
        assert!(body["error"]["message"].as_str().unwrap_or("").contains("economy"), "{body}");

        let (status, detail) = ship(&app, &seller, &path, json!({ "carrier": "batchfreight" })).await;
        assert_eq!(status, 200, "{label}: {detail}");
        let tracking = detail["tracking_number"].as_str().expect("issued").to_string();
        let (status, printed) = get_as(&app, &seller, &format!("{path}/label")).await;
        assert_eq!(status, 200, "{label}: {printed}");
        assert_eq!(printed["tracking_number"], tracking.as_str());
        assert_eq!(printed["carrier_name"], "BatchFreight");
        assert_eq!(printed["to"]["name"], "Ada Shopper");
        assert_eq!(printed["item_count"], 1);
        let (status, _) = get_as(&app, &shopper, &format!("{path}/label")).await;
        assert_eq!(status, 403, "{label}: the label is the seller's");

        let (status, listed) = get_as(&app, &seller, "/api/v1/seller/shipments").await;
        assert_eq!(status, 200, "{label}");
        assert_eq!(listed["total"], 1);
        assert_eq!(listed["items"][0]["tracking_number"], tracking.as_str());
        assert_eq!(listed["items"][0]["status"], "label_created");
    }
}

#[tokio::test]
async fn the_sla_job_records_late_shipments_missing_scans_and_late_deliveries_once_each() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let (path, _shopper) = paid_order(&app, "late", &home_region(&app).await).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let (_, detail) = get_as(&app, &seller, &path).await;
        let ship_by = detail["ship_by_ms"].as_i64().expect("a handling deadline while unshipped");
        assert!(ship_by >= app.clock.now_ms() + 2 * DAY_MS, "{label}: two business days at least");

        app.run_logistics_job().await;
        let (_, report) = get_as(&app, &seller, "/api/v1/seller/sla").await;
        assert_eq!(report["late_shipments_30d"], 0, "{label}: nothing is late yet");

        // Five calendar days always hold two business days: the seller is late.
        app.clock.advance_ms(5 * DAY_MS);
        app.run_logistics_job().await;
        app.run_logistics_job().await;
        let (_, report) = get_as(&app, &seller, "/api/v1/seller/sla").await;
        assert_eq!(report["late_shipments_30d"], 1, "{label}: recorded once: {report}");
        assert_eq!(report["recent"][0]["kind"], "late_shipment");
        assert_eq!(report["recent"][0]["deadline_ms"].as_i64(), Some(ship_by));

        // Shipped, but the carrier never scans it within 48 hours: the seller has not handed it over.
        let (_, detail) = ship(&app, &seller, &path, json!({ "carrier": "batchfreight" })).await;
        let tracking = detail["tracking_number"].as_str().expect("issued").to_string();
        app.clock.advance_ms(3 * DAY_MS);
        app.run_logistics_job().await;
        let (_, report) = get_as(&app, &seller, "/api/v1/seller/sla").await;
        assert_eq!(report["missing_scans_30d"], 1, "{label}: {report}");

        // The pickup starts the carrier's clock: BatchFreight promises 8 days on a domestic economy lane.
        let picked_up = app.clock.now_ms();
        let (status, _) = post_events(&app, "batchfreight", &scan(&tracking, 1, "COL", picked_up)).await;
        assert_eq!(status, 200);
        let (_, printed) = get_as(&app, &seller, &format!("{path}/label")).await;
        assert_eq!(
            printed["deliver_by_ms"].as_i64(),
            Some(picked_up / 1_000 * 1_000 + 8 * DAY_MS),
            "{label}"
        );
        app.clock.advance_ms(7 * DAY_MS);
        app.run_logistics_job().await;
        let (_, cards) = get_as(&app, &seller, "/api/v1/carriers").await;
        let batchfreight = |cards: &Value| {
            cards
                .as_array()
                .expect("cards")
                .iter()
                .find(|c| c["code"] == "batchfreight")
                .expect("listed")
                .clone()
        };
        assert_eq!(batchfreight(&cards)["breaches_30d"], 0, "{label}: still within its promise");
        app.clock.advance_ms(2 * DAY_MS);
        app.run_logistics_job().await;
        let (status, cards) = get_as(&app, &seller, "/api/v1/carriers").await;
        assert_eq!(status, 200);
        let card = batchfreight(&cards);
        assert_eq!(card["breaches_30d"], 1, "{label}: the carrier is late: {card}");
        assert_eq!(card["stats"]["shipments"], 1);
        assert_eq!(card["partner"]["provisional"], true);

        let (_, listed) = get_as(&app, &seller, "/api/v1/seller/shipments").await;
        let mut breaches: Vec<&str> = listed["items"][0]["breaches"]
            .as_array()
            .expect("breaches")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        breaches.sort();
        assert_eq!(breaches, ["late_delivery", "late_shipment", "no_tracking_scan"], "{label}");
    }
}

#[tokio::test]
async fn a_lost_parcel_refunds_the_shopper_in_full_and_counts_against_the_carrier() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let (path, shopper) = paid_order(&app, "lost", "US").await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let (_, detail) = ship(&app, &seller, &path, json!({ "carrier": "batchfreight" })).await;
        let tracking = detail["tracking_number"].as_str().expect("issued").to_string();
        let now = app.clock.now_ms();
        post_events(&app, "batchfreight", &scan(&tracking, 1, "COL", now)).await;
        let (status, summary) =
            post_events(&app, "batchfreight", &scan(&tracking, 2, "LST", now + 1_000)).await;
        assert_eq!(status, 200, "{label}: {summary}");

        let (_, order) = get_as(&app, &shopper, &path).await;
        assert_eq!(order["summary"]["state"], "cancelled", "{label}: {order}");
        assert_eq!(order["cancel_reason"], "The carrier lost the parcel.");
        assert_eq!(order["late"], false);
        let (_, cards) = get_as(&app, &seller, "/api/v1/carriers").await;
        let card =
            cards.as_array().expect("cards").iter().find(|c| c["code"] == "batchfreight").expect("listed");
        assert_eq!(card["stats"]["with_exception"], 1, "{label}: {card}");
        // The refund went through the ledger: escrow is empty and everything balances.
        let (held,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries WHERE account = $1",
        )
        .bind(format!("escrow:{}", order["summary"]["id"].as_str().expect("id")))
        .fetch_one(app.db.pool())
        .await
        .expect("escrow");
        assert_eq!(held, 0, "{label}");
        assert_ledger_balanced(&app.db).await;

        // The provider carried out the refund, and the outbox says so.
        let order_id = order["summary"]["id"].as_str().expect("id").to_string();
        let total = order["summary"]["total"]["amount_minor"].as_i64().expect("total");
        let refunded_at_provider = |pool: sqlx::AnyPool, order_id: String| async move {
            let row: Option<(i64,)> = sqlx::query_as(
                "SELECT amount_minor FROM test_provider_refunds WHERE merchant_reference = $1",
            )
            .bind(format!("refund:{order_id}"))
            .fetch_optional(&pool)
            .await
            .expect("provider refunds");
            row.map(|(amount,)| amount)
        };
        assert_eq!(
            refunded_at_provider(app.db.pool().clone(), order_id.clone()).await,
            Some(total),
            "{label}"
        );
        // A stop between the ledger and the provider: the provider never heard of the refund. Recovery sends it.
        let pool = app.db.pool();
        sqlx::query("DELETE FROM test_provider_refunds WHERE merchant_reference = $1")
            .bind(format!("refund:{order_id}"))
            .execute(pool)
            .await
            .expect("forget the provider's refund");
        sqlx::query("UPDATE test_provider_charges SET refunded_minor = 0")
            .execute(pool)
            .await
            .expect("charges");
        sqlx::query("UPDATE provider_refunds SET confirmed_at_ms = NULL WHERE order_id = $1")
            .bind(&order_id)
            .execute(pool)
            .await
            .expect("outbox");
        app.clock.advance_ms(2 * 60_000);
        app.run_escrow_job().await;
        assert_eq!(
            refunded_at_provider(pool.clone(), order_id.clone()).await,
            Some(total),
            "{label}: sent again"
        );
        let (confirmed,): (Option<i64>,) =
            sqlx::query_as("SELECT confirmed_at_ms FROM provider_refunds WHERE order_id = $1")
                .bind(&order_id)
                .fetch_one(pool)
                .await
                .expect("outbox row");
        assert!(confirmed.is_some(), "{label}: confirmed once the provider answered");
        app.run_escrow_job().await;
        assert_eq!(refunded_at_provider(pool.clone(), order_id.clone()).await, Some(total), "{label}: once");

        // Found again a day later: the news is kept, but a refunded order stays refunded.
        let (status, _) =
            post_events(&app, "batchfreight", &scan(&tracking, 3, "DLV", app.clock.now_ms() + DAY_MS)).await;
        assert_eq!(status, 200);
        let (_, order) = get_as(&app, &shopper, &path).await;
        assert_eq!(order["summary"]["state"], "cancelled", "{label}");
    }
}

#[tokio::test]
async fn delivery_windows_follow_measured_transit_once_a_lane_has_enough_deliveries() {
    let app = checkout_app(TestDatabase::sqlite()).await;
    let seller = app.signed_in(SELLER.0, SELLER.1).await;
    let region = (home_region(&app).await,);
    let lane = |pool: sqlx::AnyPool, region: String| async move {
        let row: (i64, i64, String, i64) = sqlx::query_as(
            "SELECT transit_min_days, transit_max_days, carrier, measured_deliveries FROM shipping_lanes \
             WHERE origin_region = $1 AND destination_region = $1 AND service_level = 'economy'",
        )
        .bind(region)
        .fetch_one(&pool)
        .await
        .expect("lane");
        row
    };
    let before = lane(app.db.pool().clone(), region.0.clone()).await;
    assert_eq!(before.3, 0, "published figures to start with");

    // Six parcels on the demo seller's domestic economy lane, each taking a day and a bit.
    for n in 0..6 {
        let (path, _) = paid_order(&app, &format!("measured-{n}"), &region.0).await;
        let (status, detail) = ship(&app, &seller, &path, json!({ "carrier": "batchfreight" })).await;
        assert_eq!(status, 200, "{detail}");
        let tracking = detail["tracking_number"].as_str().expect("issued").to_string();
        let now = app.clock.now_ms();
        post_events(&app, "batchfreight", &scan(&tracking, 1, "COL", now)).await;
        post_events(&app, "batchfreight", &scan(&tracking, 2, "DLV", now + DAY_MS + 3_600_000)).await;
    }
    app.run_logistics_job().await;
    let after = lane(app.db.pool().clone(), region.0.clone()).await;
    assert_eq!(
        (after.0, after.1, after.3),
        (1, 2, 6),
        "measured: a day and a bit is one to two days: {after:?}"
    );
    assert_ne!((before.0, before.1), (after.0, after.1), "the window moved from the published one");
}

/// A carrier that cannot push: it serves its native payloads page by page behind a cursor.
struct NumeriPostFeed {
    pages: Vec<Vec<Value>>,
    asked_with: std::sync::Mutex<Vec<Option<String>>>,
}

#[async_trait::async_trait]
impl server::carriers::TrackingFeed for NumeriPostFeed {
    fn carrier_code(&self) -> &'static str {
        "numeripost"
    }

    async fn poll(
        &self,
        cursor: Option<&str>,
    ) -> Result<server::carriers::FeedPage, server::carriers::PayloadError> {
        self.asked_with.lock().expect("lock").push(cursor.map(str::to_string));
        let from: usize = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
        let Some(page) = self.pages.get(from) else { return Ok(server::carriers::FeedPage::default()) };
        Ok(server::carriers::FeedPage {
            bodies: page.iter().map(|body| body.to_string().into_bytes()).collect(),
            next_cursor: Some((from + 1).to_string()),
        })
    }
}

#[tokio::test]
async fn a_carrier_that_cannot_push_is_polled_from_where_it_left_off() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let region = home_region(&app).await;
        let (path, shopper) = paid_order(&app, "polled", &region).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let (status, detail) = ship(&app, &seller, &path, json!({ "carrier": "numeripost" })).await;
        assert_eq!(status, 200, "{label}: {detail}");
        let tracking = detail["tracking_number"].as_str().expect("issued").to_string();
        let shipped_at = app.clock.now_ms() / 1_000;
        let event = |id: &str, code: u32, hours: i64| {
            let at = time::OffsetDateTime::from_unix_timestamp(shipped_at + hours * 3_600).expect("a time");
            let at = at.format(&time::format_description::well_known::Rfc3339).expect("RFC 3339");
            json!({ "event_id": format!("{tracking}-{id}"), "tracking_number": tracking, "code": code,
                    "timestamp": at, "facility": "ICN", "description": "scan" })
        };
        let feed = std::sync::Arc::new(NumeriPostFeed {
            pages: vec![
                vec![event("a", 110, 8), event("b", 200, 12)],
                vec![event("c", 500, 18), event("b", 200, 12)],
            ],
            asked_with: std::sync::Mutex::new(Vec::new()),
        });
        app.logistics.add_feed(feed.clone());

        app.run_logistics_job().await;
        let (_, shipment) = get_as(&app, &shopper, &format!("{path}/tracking")).await;
        assert_eq!(shipment["status"], "in_transit", "{label}: the first page");
        app.run_logistics_job().await;
        app.run_logistics_job().await;
        let (_, shipment) = get_as(&app, &shopper, &format!("{path}/tracking")).await;
        assert_eq!(shipment["status"], "delivered", "{label}");
        assert_eq!(shipment["events"].as_array().map(Vec::len), Some(3), "{label}: the repeat was kept once");
        let (_, order) = get_as(&app, &shopper, &path).await;
        assert_eq!(order["summary"]["state"], "delivered", "{label}: polled delivery moves the order too");
        assert_eq!(
            *feed.asked_with.lock().expect("lock"),
            [None, Some("1".to_string()), Some("2".to_string())],
            "{label}: each poll continues from the saved cursor"
        );
    }
}

#[tokio::test]
async fn a_stop_between_steps_is_finished_by_the_retry_and_by_the_logistics_job() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let (path, shopper) = paid_order(&app, "interrupted", &home_region(&app).await).await;
        let order_id = path.rsplit('/').next().expect("id").to_string();
        let seller = app.signed_in(SELLER.0, SELLER.1).await;

        // The carrier booked the parcel, then the server stopped before the order moved: the seller's retry gets
        // the same booking instead of "already shipped", and a different carrier is refused naming the booking.
        let order =
            server::db::orders::order_by_id(app.db.pool(), &order_id).await.expect("read").expect("order");
        let booked = app.logistics.create_shipment(&order, "batchfreight", None).await.expect("booked");
        let (status, body) = ship(&app, &seller, &path, json!({ "carrier": "numeripost" })).await;
        assert_eq!((status, error_parts(&body).0.as_str()), (409, "already_shipped"), "{label}: {body}");
        assert!(body["error"]["message"].as_str().unwrap_or("").contains(&booked.tracking_number), "{body}");
        let (status, detail) = ship(&app, &seller, &path, json!({ "carrier": "batchfreight" })).await;
        assert_eq!(status, 200, "{label}: {detail}");
        assert_eq!(detail["tracking_number"], booked.tracking_number.as_str(), "{label}: one booking");
        assert_eq!(detail["summary"]["state"], "shipped");

        // The parcel is delivered, then the server stops before the order follows: the job catches it up.
        let now = app.clock.now_ms();
        post_events(&app, "batchfreight", &scan(&booked.tracking_number, 1, "COL", now)).await;
        post_events(&app, "batchfreight", &scan(&booked.tracking_number, 2, "DLV", now + 1_000)).await;
        sqlx::query(
            "UPDATE orders SET state = 'shipped', delivered_at_ms = NULL, release_at_ms = NULL WHERE id = $1",
        )
        .bind(&order_id)
        .execute(app.db.pool())
        .await
        .expect("undo the order's move");
        app.run_logistics_job().await;
        let (_, order) = get_as(&app, &shopper, &path).await;
        assert_eq!(order["summary"]["state"], "delivered", "{label}: {order}");
        assert!(order["summary"]["release_at_ms"].as_i64().is_some(), "{label}: the countdown started");
    }
}
