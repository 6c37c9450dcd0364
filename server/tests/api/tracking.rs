//! Carrier webhooks over real HTTP: signed native events become the canonical timeline; duplicates, late and
//! out-of-order events never move a parcel back; delivery starts the escrow countdown once.

use serde_json::{Value, json};
use server::clock::Clock;
use server::payments::webhook::sign;
use shared::order::DAY_MS;

use crate::checkout::{
    Buyer, GOOD_CARD, checkout_app, demo_seller_shop, shop_currency, variants_of_distinct_shops,
};
use crate::helpers::{SELLER, TestApp, TestDatabase, error_parts};

const SECRET: &str = "whsec_bazaar_carriers";

pub async fn post_events(app: &TestApp, carrier: &str, body: &Value) -> (u16, Value) {
    // Carriers sign with their own clock, which agrees with ours: the test moves ours, so it signs with it.
    post_raw(app, carrier, body.to_string().into_bytes(), app.clock.now_ms() / 1_000, SECRET).await
}

async fn post_raw(app: &TestApp, carrier: &str, body: Vec<u8>, at_secs: i64, secret: &str) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/carriers/{carrier}/events")))
        .header("bazaar-carrier-signature", sign(secret.as_bytes(), at_secs, &body))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A BatchFreight batch of one update, `hours` after now.
fn batchfreight(tracking: &str, seq: u32, code: &str, hours: i64) -> Value {
    json!({
        "batch": format!("b-{seq}-{code}"),
        "updates": [{ "ref": tracking, "seq": seq, "status": code,
                      "epoch": server::ids::now_ms() / 1_000 + hours * 3_600, "depot": "LHR-3", "note": format!("{code} scan") }],
    })
}

fn numeripost(event_id: &str, tracking: &str, code: u32, hour: u32) -> Value {
    json!({
        "event_id": event_id,
        "tracking_number": tracking,
        "code": code,
        "timestamp": format!("2026-11-20T{hour:02}:00:00Z"),
        "facility": "ICN-HUB",
        "description": format!("code {code}"),
    })
}

/// A paid order of the demo seller's shop, shipped with BatchFreight; returns (order path, tracking number).
async fn shipped_with_batchfreight(app: &TestApp) -> (String, String, reqwest::Client) {
    let shop = demo_seller_shop(&app.db).await;
    let currency = shop_currency(&app.db, &shop).await;
    let picks = variants_of_distinct_shops(&app.db, &currency, 1).await;
    let buyer = Buyer::demo(app).await;
    buyer.add(&picks[0].variant_id, 1).await;
    let result = buyer.checkout_with(GOOD_CARD, "to-track", "US").await;
    let path = format!("/api/v1/orders/{}", result.orders[0].id);
    let seller = app.signed_in(SELLER.0, SELLER.1).await;
    let response = seller
        .post(app.url(&format!("{path}/ship")))
        .json(&json!({ "carrier": "batchfreight" }))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
    let detail: Value = response.json().await.expect("JSON");
    let tracking = detail["tracking_number"].as_str().expect("the carrier's number").to_string();
    assert!(tracking.starts_with("BF"), "{tracking}");
    (path, tracking, buyer.client)
}

#[tokio::test]
async fn carrier_events_build_the_timeline_and_delivery_starts_the_countdown_once() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let (path, tracking, shopper) = shipped_with_batchfreight(&app).await;

        for (seq, code, hours) in [(1, "COL", 1), (2, "TRN", 3), (3, "DLV", 9)] {
            let (status, summary) =
                post_events(&app, "batchfreight", &batchfreight(&tracking, seq, code, hours)).await;
            assert_eq!((status, summary["accepted"].as_u64()), (200, Some(1)), "{label}: {summary}");
        }
        let (_, order) = crate::checkout::get_as(&app, &shopper, &path).await;
        assert_eq!(order["summary"]["state"], "delivered", "{label}: the carrier's delivery moved the order");
        let release_at = order["summary"]["release_at_ms"].as_i64().expect("countdown started");
        assert_eq!(release_at, app.clock.now_ms() + 10 * DAY_MS, "{label}");

        // Late, repeated and unknown events: kept or counted, but nothing moves back and the countdown stays.
        let (_, late) = post_events(&app, "batchfreight", &batchfreight(&tracking, 4, "OFD", 7)).await;
        assert_eq!(late["accepted"], 1, "{label}: a late event is kept in the timeline");
        let (_, again) = post_events(&app, "batchfreight", &batchfreight(&tracking, 3, "DLV", 9)).await;
        assert_eq!(again["duplicates"], 1, "{label}: the same event twice");
        let (_, unknown) = post_events(&app, "batchfreight", &batchfreight(&tracking, 5, "ZZZ", 10)).await;
        assert_eq!(unknown["unknown_codes"], 1, "{label}");
        app.clock.advance_ms(DAY_MS);
        let (_, redelivered) =
            post_events(&app, "batchfreight", &batchfreight(&tracking, 6, "DLV", 11)).await;
        assert_eq!(redelivered["accepted"], 1, "{label}");
        let (_, order) = crate::checkout::get_as(&app, &shopper, &path).await;
        assert_eq!(
            order["summary"]["release_at_ms"].as_i64(),
            Some(release_at),
            "{label}: the countdown started once"
        );

        let (status, shipment) = crate::checkout::get_as(&app, &shopper, &format!("{path}/tracking")).await;
        assert_eq!(status, 200);
        assert_eq!(shipment["status"], "delivered", "{label}");
        assert_eq!(shipment["carrier_name"], "BatchFreight");
        let timeline: Vec<(&str, &str)> = shipment["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| (e["status"].as_str().unwrap_or(""), e["raw_code"].as_str().unwrap_or("")))
            .collect();
        assert_eq!(
            timeline,
            [
                ("picked_up", "COL"),
                ("in_transit", "TRN"),
                ("out_for_delivery", "OFD"),
                ("delivered", "DLV"),
                ("exception", "ZZZ"),
                ("delivered", "DLV"),
            ],
            "{label}: in the order things happened, the carrier's codes beside ours"
        );
    }
}

#[tokio::test]
async fn carrier_webhooks_refuse_bad_signatures_stale_times_strangers_garbage_and_oversize_bodies() {
    let app = checkout_app(TestDatabase::sqlite()).await;
    let now = server::ids::now_ms() / 1_000;
    let body = numeripost("x1", "NP0000000000", 200, 1).to_string().into_bytes();
    let (status, refused) = post_raw(&app, "numeripost", body.clone(), now, "not the secret").await;
    assert_eq!((status, error_parts(&refused).1.as_deref()), (400, Some("bazaar-carrier-signature")));
    let (status, _) = post_raw(&app, "numeripost", body.clone(), now - 600, SECRET).await;
    assert_eq!(status, 400, "ten minutes old");
    let (status, _) = post_raw(&app, "acme-parcels", body.clone(), now, SECRET).await;
    assert_eq!(status, 404, "an unknown carrier");
    let (status, garbage) = post_raw(&app, "scanline", body.clone(), now, SECRET).await;
    assert_eq!(status, 400, "NumeriPost's format sent to Scanline: {garbage}");
    let huge = vec![b' '; 300 * 1024];
    let (status, _) = post_raw(&app, "batchfreight", huge, now, SECRET).await;
    assert_eq!(status, 413, "over 256 KiB");
    let (status, stranger) = post_events(&app, "numeripost", &numeripost("x2", "NP9999999999", 200, 1)).await;
    assert_eq!(
        (status, stranger["unknown_shipments"].as_u64()),
        (200, Some(1)),
        "not our parcel: counted, dropped"
    );
    let metrics = app.get("/metrics").await.text().await.expect("metrics");
    assert!(metrics.contains("bazaar_carrier_webhooks_rejected_total"), "refusals are counted");
}

/// Paid-and-shipped orders with shipments, written directly (this test is about tracking, not checkout).
pub async fn shipped_fixtures(app: &TestApp, count: usize, now_ms: i64) -> Vec<(String, String, String)> {
    let pool = app.db.pool();
    let (shopper,): (String,) = sqlx::query_as("SELECT id FROM users WHERE role = 'shopper' LIMIT 1")
        .fetch_one(pool)
        .await
        .expect("shopper");
    let (seller,): (String,) =
        sqlx::query_as("SELECT id FROM sellers LIMIT 1").fetch_one(pool).await.expect("seller");
    let carriers = ["numeripost", "scanline", "batchfreight"];
    let mut shipments = Vec::with_capacity(count);
    for n in 0..count {
        // Stored ids are UUIDs; one family per kind.
        let id = |kind: u32| format!("0193b{kind:03}-0000-7000-8000-{n:012}");
        let (group, payment, order, shipment) = (id(1), id(2), id(3), id(4));
        let carrier = carriers[n % carriers.len()];
        let tracking = format!("SIM{n:07}");
        sqlx::query("INSERT INTO order_groups (id, shopper_id, ship_name, ship_line1, ship_line2, ship_city, ship_postcode, ship_region, created_at_ms) VALUES ($1, $2, 'A', 'B', '', 'C', 'D', 'US', $3)").bind(&group).bind(&shopper).bind(now_ms).execute(pool).await.expect("group");
        sqlx::query("INSERT INTO payments (id, group_id, currency, amount_minor, state, provider, created_at_ms, updated_at_ms) VALUES ($1, $2, 'USD', 1000, 'succeeded', 'test', $3, $3)")
            .bind(&payment).bind(&group).bind(now_ms).execute(pool).await.expect("payment");
        sqlx::query("INSERT INTO orders (id, group_id, payment_id, shopper_id, seller_id, state, currency, items_subtotal_minor, discount_minor, shipping_minor, total_minor, commission_minor, delivery_service_level, delivery_carrier, delivery_days_min, delivery_days_max, created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $5, 'shipped', 'USD', 1000, 0, 0, 1000, 100, 'standard', 'x', 2, 5, $6, $6)")
            .bind(&order).bind(&group).bind(&payment).bind(&shopper).bind(&seller).bind(now_ms).execute(pool).await.expect("order");
        sqlx::query("INSERT INTO shipments (id, order_id, carrier_code, tracking_number, status, status_since_ms, furthest_stage, created_at_ms) VALUES ($1, $2, $3, $4, 'label_created', $5, 0, $5)")
            .bind(&shipment).bind(&order).bind(carrier).bind(&tracking).bind(now_ms).execute(pool).await.expect("shipment");
        shipments.push((order, carrier.to_string(), tracking));
    }
    shipments
}

#[tokio::test]
async fn a_thousand_simulated_shipments_with_duplicates_and_reordering_end_in_exactly_the_right_states() {
    use server::carriers::simulator::{Rates, encode, plan};
    use shared::tracking::TrackingStatus;

    let app = checkout_app(TestDatabase::sqlite()).await;
    let now = app.clock.now_ms();
    let shipments = shipped_fixtures(&app, 1_000, now).await;
    let numbers: Vec<String> = shipments.iter().map(|(_, _, tracking)| tracking.clone()).collect();
    let rates = Rates { failed_attempt: 10, lost: 3, duplicate: 5, reorder: 5, delay: 10 };
    let stories = plan(&numbers, now + 60_000, rates, 2026);

    // Every story's events, in its carrier's format and sending order, eight parcels at a time.
    let send_all = |pass: &'static str| {
        let app = &app;
        let stories = &stories;
        let shipments = &shipments;
        async move {
            let mut posts = Vec::new();
            for (story, (_, carrier, _)) in stories.iter().zip(shipments) {
                let bodies: Vec<Value> =
                    story.sending_order.iter().map(|&i| encode(carrier, &story.events[i])).collect();
                posts.push((carrier.clone(), bodies));
            }
            for chunk in posts.chunks(8) {
                let sends = chunk.iter().map(|(carrier, bodies)| async move {
                    for body in bodies {
                        let (status, summary) = post_events(app, carrier, body).await;
                        assert_eq!(status, 200, "{pass}: {summary}");
                    }
                });
                futures::future::join_all(sends).await;
            }
        }
    };
    send_all("first delivery").await;
    let pool = app.db.pool();
    let released_at: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT id, release_at_ms FROM orders ORDER BY id")
            .fetch_all(pool)
            .await
            .expect("orders");

    // Carriers resend everything a day later (all duplicates): nothing may change.
    app.clock.advance_ms(DAY_MS);
    send_all("resent").await;
    let again: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT id, release_at_ms FROM orders ORDER BY id")
            .fetch_all(pool)
            .await
            .expect("orders");
    assert_eq!(again, released_at, "the countdown started once per delivered order");

    let mut delivered = 0;
    for ((order, carrier, tracking), story) in shipments.iter().zip(&stories) {
        let (status,): (String,) =
            sqlx::query_as("SELECT status FROM shipments WHERE carrier_code = $1 AND tracking_number = $2")
                .bind(carrier)
                .bind(tracking)
                .fetch_one(pool)
                .await
                .expect("shipment");
        assert_eq!(status, story.final_status().as_str(), "{tracking} via {carrier}");
        let (state, release_at): (String, Option<i64>) =
            sqlx::query_as("SELECT state, release_at_ms FROM orders WHERE id = $1")
                .bind(order)
                .fetch_one(pool)
                .await
                .expect("order");
        if story.final_status() == TrackingStatus::Delivered {
            delivered += 1;
            assert_eq!(state, "delivered", "{order}");
            assert_eq!(
                release_at,
                Some(now + 10 * DAY_MS),
                "{order}: counted from the first delivery event's arrival"
            );
        } else {
            assert_eq!(
                (state.as_str(), release_at),
                ("cancelled", None),
                "{order}: a lost parcel is never delivered; the shopper is refunded"
            );
        }
        let (kept,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM shipment_events e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = $1",
        )
        .bind(tracking)
        .fetch_one(pool)
        .await
        .expect("events");
        assert_eq!(kept as usize, story.events.len(), "{tracking}: each event kept once");
    }
    assert!(delivered > 900, "most parcels arrive: {delivered}");
}

/// Webhooks that arrive together are kept together (one transaction for all that wait): each event still counts
/// once in exactly one answer, each parcel still ends where its story ends, and each delivered order starts its
/// countdown once — on both backends.
#[tokio::test]
async fn webhooks_arriving_together_are_each_answered_for_their_own_events() {
    use server::carriers::simulator::{Rates, encode, plan};
    use shared::tracking::TrackingStatus;

    for database in TestDatabase::all().await {
        let app = checkout_app(database).await;
        let now = app.clock.now_ms();
        let shipments = shipped_fixtures(&app, 12, now).await;
        let numbers: Vec<String> = shipments.iter().map(|(_, _, tracking)| tracking.clone()).collect();
        let rates = Rates { failed_attempt: 20, lost: 10, duplicate: 10, reorder: 0, delay: 0 };
        let stories = plan(&numbers, now + 60_000, rates, 7);

        // Two copies of each parcel's stream at once, every parcel at once: 24 senders whose requests meet in the
        // writer. Each stream is in order, so an event's first arrival follows its predecessor's.
        let streams = stories.iter().zip(&shipments).flat_map(|(story, (_, carrier, _))| {
            let bodies: Vec<Value> =
                story.sending_order.iter().map(|&i| encode(carrier, &story.events[i])).collect();
            let app = &app;
            [bodies.clone(), bodies].map(move |bodies| async move {
                let mut counted = 0;
                let mut accepted = 0;
                for body in &bodies {
                    let (status, summary) = post_events(app, carrier, body).await;
                    assert_eq!(status, 200, "{summary}");
                    let field = |name: &str| summary[name].as_u64().expect("a count");
                    accepted += field("accepted");
                    counted += field("accepted") + field("duplicates");
                    assert_eq!(field("unknown_shipments"), 0, "{summary}");
                }
                // BatchFreight sends one update per batch here, like the others one event per request.
                assert_eq!(counted, bodies.len() as u64, "every event is counted in its own answer");
                accepted
            })
        });
        let accepted: u64 = futures::future::join_all(streams).await.into_iter().sum();
        let distinct: usize = stories.iter().map(|story| story.events.len()).sum();
        assert_eq!(accepted, distinct as u64, "each event is accepted once, by exactly one answer");

        let pool = app.db.pool();
        for ((order, carrier, tracking), story) in shipments.iter().zip(&stories) {
            let (status, kept): (String, i64) = sqlx::query_as(
                "SELECT s.status, (SELECT COUNT(*) FROM shipment_events e WHERE e.shipment_id = s.id) \
                 FROM shipments s WHERE s.carrier_code = $1 AND s.tracking_number = $2",
            )
            .bind(carrier)
            .bind(tracking)
            .fetch_one(pool)
            .await
            .expect("shipment");
            assert_eq!(status, story.final_status().as_str(), "{tracking} via {carrier}");
            assert_eq!(kept as usize, story.events.len(), "{tracking}: each event kept once");
            let (state, release_at): (String, Option<i64>) =
                sqlx::query_as("SELECT state, release_at_ms FROM orders WHERE id = $1")
                    .bind(order)
                    .fetch_one(pool)
                    .await
                    .expect("order");
            match story.final_status() {
                TrackingStatus::Delivered => {
                    assert_eq!(
                        (state.as_str(), release_at),
                        ("delivered", Some(now + 10 * DAY_MS)),
                        "{order}"
                    )
                }
                _ => assert_eq!((state.as_str(), release_at), ("cancelled", None), "{order}"),
            }
        }
        // The orders moved in the parcels' transactions: nothing is left for the logistics job to catch up.
        let behind =
            server::db::carrier_network::orders_behind_their_parcels(pool, 100).await.expect("query");
        assert!(behind.is_empty(), "{behind:?}");
    }
}
