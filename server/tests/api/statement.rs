//! The seller's money statement over real HTTP on SQLite and PostgreSQL: a real order is paid (held in escrow),
//! confirmed (released net of commission) and paid out; the statement lists exactly those lines, newest first,
//! with the running available balance and the period's totals, pages on the server, exports the same lines as
//! CSV, shows another seller none of it, and names the parameter of a bad period.

use serde_json::{Value, json};
use server::clock::Clock;
use shared::money::{Currency, Money};
use shared::statement::Day;

use crate::checkout::{
    Buyer, GOOD_CARD, checkout_app, demo_seller_shop, get_as, shop_currency, variants_of_distinct_shops,
};
use crate::helpers::{PARTNER, SELLER, TestApp, TestDatabase, error_parts};

async fn post_as(app: &TestApp, client: &reqwest::Client, path: &str, body: Value) -> (u16, Value) {
    let response = client.post(app.url(path)).json(&body).send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// (kind, order id, amount in minor units, available balance after) of each line of a statement page.
fn lines_of(statement: &Value) -> Vec<(String, Option<String>, i64, Option<i64>)> {
    statement["entries"]["items"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|entry| {
            (
                entry["kind"].as_str().expect("kind").to_string(),
                entry["order_id"].as_str().map(str::to_string),
                entry["amount"]["amount_minor"].as_i64().expect("amount"),
                entry["available_after"]["amount_minor"].as_i64(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_paid_released_and_paid_out_order_reads_line_by_line_on_the_statement() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let shop = demo_seller_shop(&app.db).await;
        let currency_code = shop_currency(&app.db, &shop).await;
        let currency = Currency::from_code(&currency_code).expect("currency");
        // Two shops in one payment: the capture's other escrow leg is not ours and must not show.
        let picks = variants_of_distinct_shops(&app.db, &currency_code, 2).await;
        let today = Day::of_unix_ms(app.clock.now_ms());
        let period = format!("from={}&to={}", today.plus_days(-1), today.plus_days(1));

        let buyer = Buyer::demo(&app).await;
        buyer.add(&picks[0].variant_id, 2).await;
        buyer.add(&picks[1].variant_id, 1).await;
        let result = buyer.checkout_with(GOOD_CARD, "statement-checkout", "US").await;
        let ours = result.orders.iter().find(|o| o.seller.id.to_string() == shop).expect("our order");
        let order_id = ours.id.to_string();
        let held = ours.total.amount_minor;

        // Ship, deliver, confirm a minute later; pay out a minute after that (distinct times, a fixed order).
        app.clock.advance_ms(60_000);
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let order_path = format!("/api/v1/orders/{order_id}");
        let (status, _) =
            post_as(&app, &seller, &format!("{order_path}/ship"), json!({ "tracking_number": "BZ-7" })).await;
        assert_eq!(status, 200, "{label}: shipped");
        let carrier = app.signed_in(PARTNER.0, PARTNER.1).await;
        let (status, _) = post_as(&app, &carrier, &format!("{order_path}/delivered"), json!({})).await;
        assert_eq!(status, 200, "{label}: delivered");
        let (status, completed) =
            post_as(&app, &buyer.client, &format!("{order_path}/confirm-receipt"), json!({})).await;
        assert_eq!(status, 200, "{label}: confirmed {completed}");
        let net = completed["seller_net"]["amount_minor"].as_i64().expect("net");
        let commission = completed["commission"]["amount_minor"].as_i64().expect("commission");
        assert!(commission > 0 && net + commission == held, "{label}: the split adds up");
        app.clock.advance_ms(60_000);
        let (status, payout) = post_as(
            &app,
            &seller,
            "/api/v1/seller/payouts",
            json!({ "amount": { "amount_minor": net, "currency": currency_code } }),
        )
        .await;
        assert_eq!(status, 201, "{label}: payout {payout}");
        let payout_id = payout["id"].as_str().expect("payout id").to_string();

        // The whole period on one page: newest first, signed from the seller's side, balance after each line.
        let (status, statement) = get_as(&app, &seller, &format!("/api/v1/seller/statement?{period}")).await;
        assert_eq!(status, 200, "{label}: {statement}");
        let order = Some(order_id.clone());
        assert_eq!(
            lines_of(&statement),
            vec![
                ("payout".to_string(), None, -net, Some(0)),
                ("commission".to_string(), order.clone(), -commission, None),
                ("released".to_string(), order.clone(), net, Some(net)),
                ("held_in_escrow".to_string(), order.clone(), held, None),
            ],
            "{label}"
        );
        assert_eq!(statement["entries"]["items"][0]["payout_id"], payout_id.as_str(), "{label}");
        assert_eq!(statement["entries"]["total"], 4, "{label}");
        assert_eq!(statement["from"], today.plus_days(-1).to_string(), "{label}");
        let money = |minor: i64| json!({ "amount_minor": minor, "currency": currency_code });
        assert_eq!(
            statement["totals"],
            json!([{
                "currency": currency_code,
                "held": money(held),
                "released": money(net),
                "commission": money(-commission),
                "refunds": money(0),
                "paid_out": money(-net),
            }]),
            "{label}"
        );

        // Pages are cut on the server; the running balance carries across them.
        let (status, second) =
            get_as(&app, &seller, &format!("/api/v1/seller/statement?{period}&per_page=2&page=2")).await;
        assert_eq!(status, 200, "{label}: {second}");
        assert_eq!(
            lines_of(&second),
            vec![
                ("released".to_string(), order.clone(), net, Some(net)),
                ("held_in_escrow".to_string(), order.clone(), held, None),
            ],
            "{label}: page 2 of 2"
        );
        assert_eq!(
            (second["entries"]["page"].as_i64(), second["entries"]["total"].as_i64()),
            (Some(2), Some(4))
        );
        assert_eq!(second["totals"], statement["totals"], "{label}: totals are the period's, not the page's");

        // Oldest first, sorted on the server: the same lines and balances in the other direction, paged alike.
        let (status, oldest) =
            get_as(&app, &seller, &format!("/api/v1/seller/statement?{period}&sort=oldest&per_page=3")).await;
        assert_eq!(status, 200, "{label}: {oldest}");
        assert_eq!(
            lines_of(&oldest),
            vec![
                ("held_in_escrow".to_string(), order.clone(), held, None),
                ("released".to_string(), order.clone(), net, Some(net)),
                ("commission".to_string(), order.clone(), -commission, None),
            ],
            "{label}: oldest first"
        );
        let (_, oldest_last) = get_as(
            &app,
            &seller,
            &format!("/api/v1/seller/statement?{period}&sort=oldest&per_page=3&page=2"),
        )
        .await;
        assert_eq!(lines_of(&oldest_last), vec![("payout".to_string(), None, -net, Some(0))], "{label}");
        let (status, body) =
            get_as(&app, &seller, &format!("/api/v1/seller/statement?{period}&sort=amount")).await;
        assert_eq!(status, 400, "{label}: {body}");
        assert!(body.to_string().contains("sort"), "{label}: {body}");

        // A period before the order has no lines; the default period is this month.
        let before = format!("from={}&to={}", today.plus_days(-30), today.plus_days(-2));
        let (_, empty) = get_as(&app, &seller, &format!("/api/v1/seller/statement?{before}")).await;
        assert_eq!(
            (empty["entries"]["total"].as_i64(), empty["totals"].clone()),
            (Some(0), json!([])),
            "{label}"
        );
        let (status, default) = get_as(&app, &seller, "/api/v1/seller/statement").await;
        assert_eq!(status, 200, "{label}");
        assert_eq!(default["from"], today.first_of_month().to_string(), "{label}");
        assert_eq!(default["to"], today.last_of_month().to_string(), "{label}");

        // The SPA's server function reads the same statement.
        let (status, from_fn) = get_as(
            &app,
            &seller,
            &format!(
                "/api/seller/statement?params[from]={}&params[to]={}",
                today.plus_days(-1),
                today.plus_days(1)
            ),
        )
        .await;
        assert_eq!(status, 200, "{label}: {from_fn}");
        assert_eq!(from_fn, statement, "{label}");

        // The CSV: every line of the period, amounts as decimals in the currency's exponent.
        let response = seller
            .get(app.url(&format!("/api/v1/seller/statement.csv?{period}")))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 200, "{label}");
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        assert_eq!(
            response.headers()["content-disposition"].to_str().expect("ascii"),
            format!("attachment; filename=\"statement-{}-{}.csv\"", today.plus_days(-1), today.plus_days(1))
        );
        let csv = response.text().await.expect("body");
        let rows: Vec<Vec<&str>> = csv.lines().map(|line| line.split(',').collect()).collect();
        assert_eq!(
            rows[0],
            [
                "date",
                "time_utc",
                "kind",
                "order_id",
                "payout_id",
                "currency",
                "amount",
                "available_after",
                "transaction_id"
            ]
        );
        let decimal = |minor: i64| Money::new(minor, currency).to_major_string();
        let fields: Vec<Vec<String>> =
            rows[1..].iter().map(|row| row[2..8].iter().map(|f| f.to_string()).collect()).collect();
        let row = |kind: &str, order: &str, payout: &str, amount: i64, after: Option<i64>| {
            vec![
                kind.to_string(),
                order.to_string(),
                payout.to_string(),
                currency_code.clone(),
                decimal(amount),
                after.map(decimal).unwrap_or_default(),
            ]
        };
        assert_eq!(
            fields,
            vec![
                row("payout", "", &payout_id, -net, Some(0)),
                row("commission", &order_id, "", -commission, None),
                row("released", &order_id, "", net, Some(net)),
                row("held_in_escrow", &order_id, "", held, None),
            ],
            "{label}: {csv}"
        );
        for (row, entry) in rows[1..].iter().zip(statement["entries"]["items"].as_array().expect("entries")) {
            let at = entry["created_at_ms"].as_i64().expect("time");
            assert_eq!(row[0], Day::of_unix_ms(at).to_string(), "{label}: the line's UTC date");
            assert_eq!(row[8], entry["transaction_id"].as_str().expect("transaction"), "{label}");
        }

        // Another seller sees none of it.
        let rival = app.signed_up_seller("rival-statement@example.com", "Rival Goods").await;
        let (status, theirs) = get_as(&app, &rival, &format!("/api/v1/seller/statement?{period}")).await;
        assert_eq!(status, 200, "{label}");
        assert_eq!(
            (theirs["entries"]["total"].as_i64(), theirs["totals"].clone()),
            (Some(0), json!([])),
            "{label}"
        );
        let csv = rival
            .get(app.url(&format!("/api/v1/seller/statement.csv?{period}")))
            .send()
            .await
            .expect("answered")
            .text()
            .await
            .expect("body");
        assert_eq!(csv.lines().count(), 1, "{label}: the header only");
    }
}

#[tokio::test]
async fn a_cancelled_order_reads_as_held_then_refunded() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let shop = demo_seller_shop(&app.db).await;
        let currency_code = shop_currency(&app.db, &shop).await;
        let picks = variants_of_distinct_shops(&app.db, &currency_code, 1).await;
        let today = Day::of_unix_ms(app.clock.now_ms());
        let buyer = Buyer::demo(&app).await;
        buyer.add(&picks[0].variant_id, 1).await;
        let result = buyer.checkout_with(GOOD_CARD, "statement-cancel", "US").await;
        let order = &result.orders[0];
        let held = order.total.amount_minor;
        app.clock.advance_ms(60_000);
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let (status, body) = post_as(
            &app,
            &seller,
            &format!("/api/v1/orders/{}/cancel", order.id),
            json!({ "reason": "Out of stock in the warehouse" }),
        )
        .await;
        assert_eq!(status, 200, "{label}: cancelled {body}");

        let period = format!("from={}&to={}", today.plus_days(-1), today.plus_days(1));
        let (status, statement) = get_as(&app, &seller, &format!("/api/v1/seller/statement?{period}")).await;
        assert_eq!(status, 200, "{label}: {statement}");
        let id = Some(order.id.to_string());
        assert_eq!(
            lines_of(&statement),
            vec![
                ("refund".to_string(), id.clone(), -held, None),
                ("held_in_escrow".to_string(), id, held, None)
            ],
            "{label}"
        );
        let totals = &statement["totals"][0];
        assert_eq!(
            (totals["held"]["amount_minor"].as_i64(), totals["refunds"]["amount_minor"].as_i64()),
            (Some(held), Some(-held))
        );
        assert_eq!(totals["released"]["amount_minor"], 0, "{label}: nothing released");
    }
}

#[tokio::test]
async fn a_bad_period_is_a_400_naming_its_parameter() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = TestApp::spawn_with(crate::helpers::TestOptions { database, ..Default::default() }).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        for (query, field) in [
            ("from=2026-02-30", "from"),
            ("from=yesterday", "from"),
            ("to=2026-13-01", "to"),
            ("from=2026-03-02&to=2026-03-01", "from"),
            ("from=2025-01-01&to=2026-01-02", "to"),
            ("from=2026-01-01&to=2026-01-31&page=0", "page"),
            ("from=2026-01-01&to=2026-01-31&per_page=500", "per_page"),
        ] {
            for path in ["/api/v1/seller/statement", "/api/v1/seller/statement.csv"] {
                if path.ends_with(".csv") && field.starts_with("p") {
                    // The export holds every line: page parameters do not apply to it.
                    let (status, _) = get_as(&app, &seller, &format!("{path}?{query}")).await;
                    assert_eq!(status, 200, "{label}: {path}?{query}");
                    continue;
                }
                let (status, body) = get_as(&app, &seller, &format!("{path}?{query}")).await;
                assert_eq!(status, 400, "{label}: {path}?{query}: {body}");
                assert_eq!(
                    error_parts(&body),
                    ("invalid_parameter".to_string(), Some(field.to_string())),
                    "{label}: {query}"
                );
            }
        }
        let (status, _) =
            get_as(&app, &seller, "/api/v1/seller/statement?from=2025-01-01&to=2026-01-01").await;
        assert_eq!(status, 200, "{label}: 366 days is allowed");
    }
}
