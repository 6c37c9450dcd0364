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

async fn post_events(app: &TestApp, carrier: &str, body: &Value) -> (u16, Value) {
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
