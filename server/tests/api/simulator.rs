//! The carrier simulator over real HTTP: the open shipments of the built-in carriers move through their stories,
//! each event signed and in its carrier's format, through the server's own webhook.

use std::time::Duration;

use server::carriers::live::{LiveOptions, WebhookClient, simulate_open_shipments, story_of};
use server::carriers::simulator::Rates;
use server::clock::Clock;
use server::config::LogisticsConfig;
use shared::tracking::TrackingStatus;

use crate::checkout::checkout_app;
use crate::helpers::{TestApp, TestDatabase, TestOptions};
use crate::tracking::shipped_fixtures;

#[tokio::test]
async fn the_simulator_moves_every_open_shipment_to_its_story_s_end_and_each_event_is_kept_once() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let shipments = shipped_fixtures(&app, 90, app.clock.now_ms()).await;
        // The carriers pick the parcels up a minute after their labels were made (Scanline's clock shows minutes).
        app.clock.advance_ms(60_000);
        // Much going wrong, so every kind of trouble shows up in 90 parcels.
        let rates = Rates { failed_attempt: 20, lost: 10, duplicate: 20, reorder: 20, delay: 20 };
        let options = LiveOptions { rates, seed: 6, step: Duration::ZERO };
        // The server's clock is the carriers' too: signatures and event times agree with it.
        let client = WebhookClient::for_builtin_carriers(&app.db, &app.address, app.clock.clone())
            .await
            .expect("the carriers are registered");

        let mut ticks_heard = 0;
        let outcome = simulate_open_shipments(&app.db, &client, options, &[], |_, _, _| ticks_heard += 1)
            .await
            .expect("the simulation runs");
        let tally = &outcome.tally;
        assert_eq!(tally.failed_requests, 0, "{label}: {:?}", tally.first_error);
        assert_eq!(outcome.parcels, 90, "{label}");
        assert!(ticks_heard > 4, "{label}: progress after each tick: {ticks_heard}");

        let stories: Vec<_> = shipments.iter().map(|(_, _, tracking)| story_of(tracking, rates, 6)).collect();
        let events: usize = stories.iter().map(|story| story.events.len()).sum();
        let sent: usize = stories.iter().map(|story| story.sending_order.len()).sum();
        assert_eq!(tally.events as usize, sent, "{label}: every planned sending, duplicates included");
        assert_eq!((tally.accepted as usize, tally.duplicates as usize), (events, sent - events), "{label}");
        assert!(sent > events, "{label}: some events were sent twice");
        assert!(
            tally.requests < tally.events,
            "{label}: BatchFreight batches its updates ({} requests)",
            tally.requests
        );
        assert!(
            stories.iter().any(|s| s.final_status() == TrackingStatus::Lost),
            "{label}: a parcel is lost"
        );
        assert!(
            stories.iter().any(|s| s.sending_order.windows(2).any(|w| w[0] > w[1])),
            "{label}: events arrive out of order"
        );

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
            assert_eq!(status, story.final_status().as_str(), "{label}: {tracking} via {carrier}");
            assert_eq!(kept as usize, story.events.len(), "{label}: {tracking}: each event kept once");
            let (state,): (String,) = sqlx::query_as("SELECT state FROM orders WHERE id = $1")
                .bind(order)
                .fetch_one(pool)
                .await
                .expect("order");
            // A lost parcel is never delivered; the shopper is refunded.
            let expected =
                if story.final_status() == TrackingStatus::Delivered { "delivered" } else { "cancelled" };
            assert_eq!(state, expected, "{label}: {order}");
        }

        let again =
            simulate_open_shipments(&app.db, &client, options, &[], |_, _, _| {}).await.expect("runs");
        assert_eq!((again.parcels, again.tally.requests), (0, 0), "{label}: nothing is left open");
    }
}

#[tokio::test]
async fn in_the_background_the_server_s_own_carriers_deliver_new_shipments() {
    let logistics = LogisticsConfig { simulator: true, simulator_step_secs: 1, ..LogisticsConfig::default() };
    let app = TestApp::spawn_with(TestOptions {
        demo_sellers: 10,
        demo_products: 80,
        logistics: logistics.clone(),
        ..TestOptions::default()
    })
    .await;
    let shipments = shipped_fixtures(&app, 12, app.clock.now_ms()).await;
    app.clock.advance_ms(60_000);
    let rates = logistics.simulator_rates();
    let stories: Vec<_> = shipments
        .iter()
        .map(|(_, _, tracking)| story_of(tracking, rates, logistics.simulator_seed))
        .collect();
    // One event per parcel per one-second tick: the longest story, its delays, and a tick or two to notice.
    let longest = stories.iter().map(|story| story.sending_order.len() * 2).max().unwrap_or(0) as u64 + 4;
    let pool = app.db.pool();
    let mut open = i64::MAX;
    for _ in 0..longest * 4 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        (open,) = sqlx::query_as(
            "SELECT COUNT(*) FROM shipments WHERE status NOT IN ('delivered', 'returned_to_sender', 'lost')",
        )
        .fetch_one(pool)
        .await
        .expect("count");
        if open == 0 {
            break;
        }
    }
    assert_eq!(open, 0, "every parcel reached the end of its story within {longest} s");
    for ((_, carrier, tracking), story) in shipments.iter().zip(&stories) {
        let (status,): (String,) =
            sqlx::query_as("SELECT status FROM shipments WHERE carrier_code = $1 AND tracking_number = $2")
                .bind(carrier)
                .bind(tracking)
                .fetch_one(pool)
                .await
                .expect("shipment");
        assert_eq!(status, story.final_status().as_str(), "{tracking} via {carrier}");
    }
}
