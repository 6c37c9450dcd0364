//! The money loop over real HTTP on SQLite and PostgreSQL: cart → checkout with a test card → escrow → ship →
//! deliver → confirm or auto-release → seller balance → payout; declines, changed prices, idempotency keys,
//! racing buyers. After every scenario the ledger is audited: each transaction balances and every currency
//! sums to zero.

use serde_json::{Value, json};
use server::clock::Clock;
use server::db::Database;
use shared::commerce::{CartView, CheckoutResult, DeliveryChoice};
use shared::money::Money;
use shared::order::DAY_MS;

use crate::helpers::{OPERATOR, PARTNER, SELLER, SHOPPER, TestApp, TestDatabase, TestOptions, error_parts};

pub const GOOD_CARD: &str = "4242424242424242";
const DECLINED_CARD: &str = "4000000000000002";
const INSUFFICIENT_FUNDS_CARD: &str = "4000000000009995";
const LOST_ANSWER_CARD: &str = "4000000000000119";

/// A variant on sale, with its shop.
#[derive(Debug, Clone)]
pub struct OnSale {
    pub variant_id: String,
    pub seller_id: String,
}

/// Variants of `count` different shops in `currency`, the demo seller's shop first when it prices in it.
pub async fn variants_of_distinct_shops(db: &Database, currency: &str, count: usize) -> Vec<OnSale> {
    let demo_shop = demo_seller_shop(db).await;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT v.id, p.seller_id FROM product_variants v JOIN products p ON p.id = v.product_id \
         WHERE p.currency = $1 ORDER BY CASE WHEN p.seller_id = $2 THEN 0 ELSE 1 END, v.id",
    )
    .bind(currency)
    .bind(&demo_shop)
    .fetch_all(db.pool())
    .await
    .expect("variants");
    let mut picked: Vec<OnSale> = Vec::new();
    for (variant_id, seller_id) in rows {
        if picked.len() < count && !picked.iter().any(|p| p.seller_id == seller_id) {
            picked.push(OnSale { variant_id, seller_id });
        }
    }
    assert_eq!(picked.len(), count, "the demo catalog has {count} shops selling in {currency}");
    for pick in &picked {
        set_stock(db, &pick.variant_id, 50).await;
    }
    picked
}

/// Sets a variant's stock, keeping its listing's total in step.
pub async fn set_stock(db: &Database, variant: &str, stock: i64) {
    sqlx::query("UPDATE product_variants SET stock = $1 WHERE id = $2")
        .bind(stock)
        .bind(variant)
        .execute(db.pool())
        .await
        .expect("stock");
    sqlx::query(
        "UPDATE products SET stock = (SELECT CAST(SUM(v.stock) AS BIGINT) FROM product_variants v WHERE v.product_id = products.id) \
         WHERE id = (SELECT product_id FROM product_variants WHERE id = $1)",
    )
    .bind(variant)
    .execute(db.pool())
    .await
    .expect("listing stock");
}

/// A server whose demo catalog has two shops in every market.
pub async fn checkout_app(database: TestDatabase) -> TestApp {
    TestApp::spawn_with(TestOptions { database, demo_sellers: 10, demo_products: 80, ..Default::default() })
        .await
}

pub async fn demo_seller_shop(db: &Database) -> String {
    let (shop,): (String,) = sqlx::query_as("SELECT seller_id FROM users WHERE email = $1")
        .bind(SELLER.0)
        .fetch_one(db.pool())
        .await
        .expect("the demo seller has a shop");
    shop
}

pub async fn shop_currency(db: &Database, shop: &str) -> String {
    let (currency,): (String,) = sqlx::query_as("SELECT currency FROM sellers WHERE id = $1")
        .bind(shop)
        .fetch_one(db.pool())
        .await
        .expect("shop");
    currency
}

pub async fn stock_of(db: &Database, variant: &str) -> i64 {
    let (stock,): (i64,) = sqlx::query_as("SELECT stock FROM product_variants WHERE id = $1")
        .bind(variant)
        .fetch_one(db.pool())
        .await
        .expect("variant");
    stock
}

/// Every transaction balances and every currency sums to zero; returns the number of entries.
pub async fn assert_ledger_balanced(db: &Database) -> i64 {
    let unbalanced: Vec<(String,)> = sqlx::query_as(
        "SELECT transaction_id FROM ledger_entries GROUP BY transaction_id, currency HAVING SUM(amount_minor) <> 0",
    )
    .fetch_all(db.pool())
    .await
    .expect("audit");
    assert!(unbalanced.is_empty(), "unbalanced transactions: {unbalanced:?}");
    let totals: Vec<(String, i64)> = sqlx::query_as(
        "SELECT currency, CAST(SUM(amount_minor) AS BIGINT) FROM ledger_entries GROUP BY currency",
    )
    .fetch_all(db.pool())
    .await
    .expect("totals");
    assert!(totals.iter().all(|(_, total)| *total == 0), "ledger totals {totals:?}");
    let (entries,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM ledger_entries").fetch_one(db.pool()).await.expect("count");
    entries
}

/// A shopper's browser: cart, card token, checkout.
pub struct Buyer<'a> {
    pub app: &'a TestApp,
    pub client: reqwest::Client,
}

impl<'a> Buyer<'a> {
    pub async fn demo(app: &'a TestApp) -> Buyer<'a> {
        Buyer { app, client: app.signed_in(SHOPPER.0, SHOPPER.1).await }
    }

    pub async fn add(&self, variant: &str, quantity: u32) {
        let response = self
            .client
            .post(self.app.url("/api/v1/cart/items"))
            .json(&json!({ "variant_id": variant, "quantity": quantity }))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 204, "add to cart: {}", response.text().await.unwrap_or_default());
    }

    pub async fn cart(&self, region: &str) -> CartView {
        let response = self
            .client
            .get(self.app.url(&format!("/api/v1/cart?region={region}")))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 200);
        response.json().await.expect("cart JSON")
    }

    /// Tokenizes a card at the test provider, as the browser does.
    pub async fn card_token(&self, number: &str) -> String {
        let response = self
            .client
            .post(self.app.url("/test-provider/v1/tokens"))
            .json(&json!({ "number": number, "exp_month": 12, "exp_year": 2099, "cvc": "123" }))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 201, "tokenize: {}", response.text().await.unwrap_or_default());
        let body: Value = response.json().await.expect("JSON");
        body["token"].as_str().expect("token").to_string()
    }

    pub fn request(&self, token: &str, totals: &[Money], region: &str) -> Value {
        json!({
            "address": { "name": "Ada Shopper", "line1": "1 Market Street", "city": "Springfield",
                         "postcode": "12345", "region": region },
            "delivery": Vec::<DeliveryChoice>::new(),
            "card_token": token,
            "expected_totals": totals,
        })
    }

    pub async fn post_checkout(&self, key: &str, body: &Value) -> (u16, Value) {
        let response = self
            .client
            .post(self.app.url("/api/v1/checkout"))
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("answered");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON"))
    }

    /// Prices the cart locally (as the browser previews it) and checks out with `card`.
    pub async fn checkout_with(&self, card: &str, key: &str, region: &str) -> CheckoutResult {
        let cart = self.cart(region).await;
        let totals = cart.quote(&[]).expect("the cart prices").totals;
        let token = self.card_token(card).await;
        let (status, body) = self.post_checkout(key, &self.request(&token, &totals, region)).await;
        assert_eq!(status, 201, "checkout: {body}");
        serde_json::from_value(body).expect("a checkout result")
    }
}

async fn post_as(app: &TestApp, client: &reqwest::Client, path: &str, body: Value) -> (u16, Value) {
    let response = client.post(app.url(path)).json(&body).send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn get_as(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, Value) {
    let response = client.get(app.url(path)).send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn balance_in<'v>(balances: &'v Value, currency: &str) -> &'v Value {
    balances
        .as_array()
        .expect("balances")
        .iter()
        .find(|b| b["held"]["currency"] == currency)
        .expect("a balance in the currency")
}

#[tokio::test]
async fn two_shops_paid_held_shipped_confirmed_released_and_paid_out() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let shop = demo_seller_shop(&app.db).await;
        let currency = shop_currency(&app.db, &shop).await;
        let picks = variants_of_distinct_shops(&app.db, &currency, 2).await;
        assert_eq!(picks[0].seller_id, shop, "{label}: the demo seller's shop is one of them");
        let stock_before = stock_of(&app.db, &picks[0].variant_id).await;

        let buyer = Buyer::demo(&app).await;
        buyer.add(&picks[0].variant_id, 2).await;
        buyer.add(&picks[1].variant_id, 1).await;
        let cart = buyer.cart("US").await;
        assert_eq!(cart.sellers.len(), 2, "{label}: one group per shop");
        let quote = cart.quote(&[]).expect("prices");
        let result = buyer.checkout_with(GOOD_CARD, "first-checkout", "US").await;

        assert_eq!(result.orders.len(), 2, "{label}: one order per shop");
        assert_eq!(result.payments.len(), 1, "{label}: one payment for one currency");
        let payment = &result.payments[0];
        assert_eq!(payment.state, shared::commerce::PaymentState::Succeeded, "{label}");
        assert_eq!(payment.amount, quote.totals[0], "{label}: charged exactly the previewed total");
        assert_eq!(payment.card_last4.as_deref(), Some("4242"));
        assert!(result.orders.iter().all(|o| o.state == shared::order::OrderState::Paid), "{label}");
        assert_eq!(stock_of(&app.db, &picks[0].variant_id).await, stock_before - 2, "{label}: stock taken");
        assert!(buyer.cart("US").await.sellers.is_empty(), "{label}: the cart is empty after checkout");

        // The seller sees the money held.
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let ours = result.orders.iter().find(|o| o.seller.id.to_string() == shop).expect("our order");
        let (status, balances) = get_as(&app, &seller, "/api/v1/seller/balance").await;
        assert_eq!(status, 200);
        assert_eq!(
            balance_in(&balances, &currency)["held"]["amount_minor"],
            ours.total.amount_minor,
            "{label}"
        );

        // Ship, deliver, confirm.
        let order_path = format!("/api/v1/orders/{}", ours.id);
        let (status, shipped) =
            post_as(&app, &seller, &format!("{order_path}/ship"), json!({ "tracking_number": "BZ-1234" }))
                .await;
        assert_eq!(status, 200, "{label}: ship {shipped}");
        assert_eq!(shipped["summary"]["state"], "shipped");
        let carrier = app.signed_in(PARTNER.0, PARTNER.1).await;
        let (status, delivered) =
            post_as(&app, &carrier, &format!("{order_path}/delivered"), json!({})).await;
        assert_eq!(status, 200, "{label}: delivered {delivered}");
        let release_at = delivered["summary"]["release_at_ms"].as_i64().expect("a release date");
        assert_eq!(release_at, app.clock.now_ms() + 10 * DAY_MS, "{label}: released 10 days after delivery");
        let (status, completed) =
            post_as(&app, &buyer.client, &format!("{order_path}/confirm-receipt"), json!({})).await;
        assert_eq!(status, 200, "{label}: confirm {completed}");
        assert_eq!(completed["summary"]["state"], "completed");

        let net = completed["seller_net"]["amount_minor"].as_i64().expect("net");
        let commission = completed["commission"]["amount_minor"].as_i64().expect("commission");
        assert_eq!(net + commission, ours.total.amount_minor, "{label}: the split adds up");
        assert!(commission > 0, "{label}: the platform takes its commission");
        let (_, balances) = get_as(&app, &seller, "/api/v1/seller/balance").await;
        let balance = balance_in(&balances, &currency);
        assert_eq!(balance["held"]["amount_minor"], 0, "{label}");
        assert_eq!(balance["available"]["amount_minor"], net, "{label}");

        // Pay it all out.
        let (status, payout) = post_as(
            &app,
            &seller,
            "/api/v1/seller/payouts",
            json!({ "amount": { "amount_minor": net, "currency": currency } }),
        )
        .await;
        assert_eq!(status, 201, "{label}: payout {payout}");
        assert_eq!(payout["state"], "paid");
        let (_, balances) = get_as(&app, &seller, "/api/v1/seller/balance").await;
        let balance = balance_in(&balances, &currency);
        assert_eq!(balance["available"]["amount_minor"], 0, "{label}");
        assert_eq!(balance["paid_out"]["amount_minor"], net, "{label}");
        let (status, too_much) = post_as(
            &app,
            &seller,
            "/api/v1/seller/payouts",
            json!({ "amount": { "amount_minor": 100_000, "currency": currency } }),
        )
        .await;
        assert_eq!(status, 400, "{label}: nothing left to pay out: {too_much}");

        // The operator sees the order's money move: capture share, release.
        let operator = app.signed_in(OPERATOR.0, OPERATOR.1).await;
        let (status, ledger) = get_as(&app, &operator, &format!("{order_path}/ledger")).await;
        assert_eq!(status, 200);
        let kinds: Vec<&str> =
            ledger.as_array().expect("entries").iter().filter_map(|e| e["kind"].as_str()).collect();
        assert!(kinds.contains(&"capture") && kinds.contains(&"release"), "{label}: {kinds:?}");
        assert!(assert_ledger_balanced(&app.db).await > 0);
    }
}

/// A phone that confirmed receipt offline replays the request when it is back; the replay (and a confirmation
/// after the release timer already completed the order) answers 200 with the completed order, and the money is
/// released once.
#[tokio::test]
async fn confirming_receipt_again_is_answered_as_success_and_releases_once() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let shop = demo_seller_shop(&app.db).await;
        let currency = shop_currency(&app.db, &shop).await;
        let picks = variants_of_distinct_shops(&app.db, &currency, 1).await;
        let buyer = Buyer::demo(&app).await;
        buyer.add(&picks[0].variant_id, 1).await;
        let result = buyer.checkout_with(GOOD_CARD, "confirm-twice", "US").await;
        let ours = &result.orders[0];
        let order_path = format!("/api/v1/orders/{}", ours.id);

        // Shipped and delivered; then the shopper's first confirmation and two replays of it.
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let (status, _) =
            post_as(&app, &seller, &format!("{order_path}/ship"), json!({ "tracking_number": "BZ-77" }))
                .await;
        assert_eq!(status, 200, "{label}: shipped");
        let carrier = app.signed_in(PARTNER.0, PARTNER.1).await;
        let (status, _) = post_as(&app, &carrier, &format!("{order_path}/delivered"), json!({})).await;
        assert_eq!(status, 200, "{label}: delivered");

        let mut net = None;
        for attempt in 0..3 {
            let (status, body) =
                post_as(&app, &buyer.client, &format!("{order_path}/confirm-receipt"), json!({})).await;
            assert_eq!(status, 200, "{label}: confirmation {attempt}: {body}");
            assert_eq!(body["summary"]["state"], "completed", "{label}: confirmation {attempt}");
            net = body["seller_net"]["amount_minor"].as_i64();
        }
        let (releases,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM ledger_transactions WHERE order_id = $1 AND kind = 'release'",
        )
        .bind(ours.id.to_string())
        .fetch_one(app.db.pool())
        .await
        .expect("releases");
        assert_eq!(releases, 1, "{label}: released once");
        let (_, balances) = get_as(&app, &seller, "/api/v1/seller/balance").await;
        let balance = balance_in(&balances, &currency);
        assert_eq!(balance["held"]["amount_minor"], 0, "{label}");
        assert_eq!(balance["available"]["amount_minor"].as_i64(), net, "{label}: the net released once");
        assert!(assert_ledger_balanced(&app.db).await > 0);
    }
}

#[tokio::test]
async fn a_declined_card_charges_nothing_and_gives_the_stock_back() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let picks = variants_of_distinct_shops(&app.db, "USD", 1).await;
        let before = stock_of(&app.db, &picks[0].variant_id).await;
        let buyer = Buyer::demo(&app).await;
        buyer.add(&picks[0].variant_id, 1).await;
        for (card, code) in
            [(DECLINED_CARD, "card_declined"), (INSUFFICIENT_FUNDS_CARD, "insufficient_funds")]
        {
            let result = buyer.checkout_with(card, &format!("declined-{code}"), "US").await;
            let payment = &result.payments[0];
            assert_eq!(payment.state, shared::commerce::PaymentState::Failed, "{label}");
            assert_eq!(payment.failure_code.as_deref(), Some(code), "{label}");
            assert!(payment.failure_message.as_deref().is_some_and(|m| m.contains("Nothing was charged")));
            assert!(
                result.orders.iter().all(|o| o.state == shared::order::OrderState::PaymentFailed),
                "{label}"
            );
            let cart = buyer.cart("US").await;
            assert_eq!(cart.item_count(), 1, "{label}: the line is back in the cart for another card");
        }
        assert_eq!(
            stock_of(&app.db, &picks[0].variant_id).await,
            before,
            "{label}: reserved units went back"
        );
        assert_eq!(assert_ledger_balanced(&app.db).await, 0, "{label}: no money moved");
    }
}

#[tokio::test]
async fn a_lost_answer_is_looked_up_and_the_order_is_paid_once() {
    let app = checkout_app(TestDatabase::sqlite()).await;
    let picks = variants_of_distinct_shops(&app.db, "USD", 1).await;
    let buyer = Buyer::demo(&app).await;
    buyer.add(&picks[0].variant_id, 1).await;
    let result = buyer.checkout_with(LOST_ANSWER_CARD, "lost-answer", "US").await;
    assert_eq!(result.payments[0].state, shared::commerce::PaymentState::Succeeded, "found by lookup");
    let (charges,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM test_provider_charges")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(charges, 1, "charged once");
    assert_ledger_balanced(&app.db).await;
}

#[tokio::test]
async fn a_changed_price_is_refused_with_both_totals_and_the_key_stays_usable() {
    let app = checkout_app(TestDatabase::sqlite()).await;
    let picks = variants_of_distinct_shops(&app.db, "USD", 1).await;
    let buyer = Buyer::demo(&app).await;
    buyer.add(&picks[0].variant_id, 1).await;
    let totals = buyer.cart("US").await.quote(&[]).expect("prices").totals;
    let token = buyer.card_token(GOOD_CARD).await;
    sqlx::query("UPDATE product_variants SET price_minor = price_minor + 500 WHERE id = $1")
        .bind(&picks[0].variant_id)
        .execute(app.db.pool())
        .await
        .expect("the seller raises the price");
    let (status, body) = buyer.post_checkout("price-moves", &buyer.request(&token, &totals, "US")).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(error_parts(&body).0, "price_changed");
    let message = body["error"]["message"].as_str().expect("message");
    let seen = format!("{} USD", totals[0].to_major_string());
    // The shop's promotion may take part of the rise back, so the new total comes from the pricing engine too.
    let repriced = buyer.cart("US").await.quote(&[]).expect("prices").totals;
    assert!(repriced[0].amount_minor > totals[0].amount_minor, "the total rose");
    let now = format!("{} USD", repriced[0].to_major_string());
    assert!(message.contains(&seen) && message.contains(&now), "{message}");
    let (groups,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM order_groups").fetch_one(app.db.pool()).await.expect("count");
    assert_eq!(groups, 0, "nothing was created");

    let new_totals = buyer.cart("US").await.quote(&[]).expect("prices").totals;
    let (status, body) = buyer.post_checkout("price-moves", &buyer.request(&token, &new_totals, "US")).await;
    assert_eq!(status, 201, "the same key works once the shopper accepts the new total: {body}");
}

#[tokio::test]
async fn idempotency_keys_replay_refuse_other_parameters_and_forget_validation_failures() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let picks = variants_of_distinct_shops(&app.db, "USD", 1).await;
        let buyer = Buyer::demo(&app).await;
        buyer.add(&picks[0].variant_id, 1).await;
        let totals = buyer.cart("US").await.quote(&[]).expect("prices").totals;
        let token = buyer.card_token(GOOD_CARD).await;

        // A validation failure is not remembered.
        let mut bad = buyer.request(&token, &totals, "US");
        bad["address"]["city"] = json!("  ");
        let (status, body) = buyer.post_checkout("key-1", &bad).await;
        assert_eq!(status, 400, "{label}: {body}");
        assert_eq!(error_parts(&body).1.as_deref(), Some("address.city"));

        // Two concurrent requests with one key: one checkout.
        let good = buyer.request(&token, &totals, "US");
        let (first, second) =
            tokio::join!(buyer.post_checkout("key-1", &good), buyer.post_checkout("key-1", &good));
        let statuses = [first.0, second.0];
        assert!(
            statuses.contains(&201),
            "{label}: one of them checks out: {statuses:?} {} {}",
            first.1,
            second.1
        );
        for (status, body) in [&first, &second] {
            if *status == 409 {
                assert_eq!(error_parts(body).0, "idempotency_key_in_use", "{label}");
            }
        }
        // A retry replays the same checkout.
        let (status, replay) = buyer.post_checkout("key-1", &good).await;
        assert_eq!(status, 201, "{label}");
        let winner = if first.0 == 201 { &first.1 } else { &second.1 };
        assert_eq!(replay["group_id"], winner["group_id"], "{label}: the same checkout");
        // The same key with other parameters is refused.
        let mut other = good.clone();
        other["address"]["name"] = json!("Someone Else");
        let (status, body) = buyer.post_checkout("key-1", &other).await;
        assert_eq!(status, 409, "{label}");
        assert_eq!(error_parts(&body).0, "idempotency_key_reused");
        let (groups,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM order_groups")
            .fetch_one(app.db.pool())
            .await
            .expect("count");
        assert_eq!(groups, 1, "{label}: exactly one checkout");
        let (status, body) = buyer.post_checkout("", &good).await;
        assert_eq!(status, 400, "{label}: an empty key is refused: {body}");
        assert_ledger_balanced(&app.db).await;
    }
}

#[tokio::test]
async fn escrow_releases_itself_ten_days_after_delivery() {
    let app = checkout_app(TestDatabase::sqlite()).await;
    let shop = demo_seller_shop(&app.db).await;
    let currency = shop_currency(&app.db, &shop).await;
    let picks = variants_of_distinct_shops(&app.db, &currency, 1).await;
    let buyer = Buyer::demo(&app).await;
    buyer.add(&picks[0].variant_id, 1).await;
    let result = buyer.checkout_with(GOOD_CARD, "auto-release", "US").await;
    let order = &result.orders[0];
    let path = format!("/api/v1/orders/{}", order.id);
    let seller = app.signed_in(SELLER.0, SELLER.1).await;
    assert_eq!(post_as(&app, &seller, &format!("{path}/ship"), json!({})).await.0, 200);
    let operator = app.signed_in(OPERATOR.0, OPERATOR.1).await;
    assert_eq!(post_as(&app, &operator, &format!("{path}/delivered"), json!({})).await.0, 200);

    app.clock.advance_ms(10 * DAY_MS - 1);
    app.run_escrow_job().await;
    assert_eq!(get_as(&app, &buyer.client, &path).await.1["summary"]["state"], "delivered", "not yet");
    app.clock.advance_ms(1);
    app.run_escrow_job().await;
    let (_, detail) = get_as(&app, &buyer.client, &path).await;
    assert_eq!(detail["summary"]["state"], "completed", "released on the day");
    let (_, balances) = get_as(&app, &seller, "/api/v1/seller/balance").await;
    assert_eq!(
        balance_in(&balances, &currency)["available"]["amount_minor"],
        detail["seller_net"]["amount_minor"]
    );
    app.run_escrow_job().await;
    assert_ledger_balanced(&app.db).await;
    let (releases,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'release'")
            .fetch_one(app.db.pool())
            .await
            .expect("count");
    assert_eq!(releases, 1, "released once, however often the job runs");
}

#[tokio::test]
async fn cancelling_before_shipment_refunds_in_full_and_after_shipment_is_refused() {
    let app = checkout_app(TestDatabase::sqlite()).await;
    let shop = demo_seller_shop(&app.db).await;
    let currency = shop_currency(&app.db, &shop).await;
    let picks = variants_of_distinct_shops(&app.db, &currency, 1).await;
    let before = stock_of(&app.db, &picks[0].variant_id).await;
    let buyer = Buyer::demo(&app).await;
    buyer.add(&picks[0].variant_id, 3).await;
    let first = buyer.checkout_with(GOOD_CARD, "to-cancel", "US").await;
    let path = format!("/api/v1/orders/{}", first.orders[0].id);
    let seller = app.signed_in(SELLER.0, SELLER.1).await;
    let (status, body) = post_as(&app, &seller, &format!("{path}/cancel"), json!({ "reason": "" })).await;
    assert_eq!(status, 400, "a seller says why: {body}");
    let (status, cancelled) = post_as(
        &app,
        &seller,
        &format!("{path}/cancel"),
        json!({ "reason": "Out of stock in the warehouse" }),
    )
    .await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["summary"]["state"], "cancelled");
    assert_eq!(cancelled["cancelled_by"], "seller");
    assert_eq!(stock_of(&app.db, &picks[0].variant_id).await, before, "units back on sale");
    let (refunded,): (i64,) =
        sqlx::query_as("SELECT CAST(COALESCE(SUM(refunded_minor), 0) AS BIGINT) FROM test_provider_charges")
            .fetch_one(app.db.pool())
            .await
            .expect("refunds");
    assert_eq!(refunded, first.payments[0].amount.amount_minor, "the card got everything back");

    buyer.add(&picks[0].variant_id, 1).await;
    let second = buyer.checkout_with(GOOD_CARD, "shipped-then-cancel", "US").await;
    let path = format!("/api/v1/orders/{}", second.orders[0].id);
    assert_eq!(post_as(&app, &seller, &format!("{path}/ship"), json!({})).await.0, 200);
    let (status, body) = post_as(&app, &buyer.client, &format!("{path}/cancel"), json!({})).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("return")), "{body}");
    assert_ledger_balanced(&app.db).await;
}

#[tokio::test]
async fn nobody_sees_or_moves_someone_elses_order() {
    let app = checkout_app(TestDatabase::sqlite()).await;
    let shop = demo_seller_shop(&app.db).await;
    let currency = shop_currency(&app.db, &shop).await;
    // An order with another shop than the demo seller's.
    let picks = variants_of_distinct_shops(&app.db, &currency, 2).await;
    let buyer = Buyer::demo(&app).await;
    buyer.add(&picks[1].variant_id, 1).await;
    let result = buyer.checkout_with(GOOD_CARD, "private", "US").await;
    let path = format!("/api/v1/orders/{}", result.orders[0].id);
    let seller = app.signed_in(SELLER.0, SELLER.1).await;
    assert_eq!(get_as(&app, &seller, &path).await.0, 404, "another shop's order is not there");
    assert_eq!(post_as(&app, &seller, &format!("{path}/ship"), json!({})).await.0, 404);
    let (_, list) = get_as(&app, &seller, "/api/v1/orders").await;
    assert_eq!(list["total"], 0, "the seller's list holds only their shop's orders");
    assert_eq!(get_as(&app, &app.client, &path).await.0, 401, "anonymous");
    let (_, mine) = get_as(&app, &buyer.client, "/api/v1/orders").await;
    assert_eq!(mine["total"], 1);
    assert_eq!(
        get_as(&app, &buyer.client, &format!("{path}/ledger")).await.0,
        403,
        "the ledger is for operators"
    );
}

#[tokio::test]
async fn a_hundred_buyers_race_for_the_last_ten_units_and_exactly_ten_win() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = TestApp::spawn_with(TestOptions {
            database,
            demo_sellers: 10,
            demo_products: 80,
            auth_attempts_per_minute: 10_000,
            ..Default::default()
        })
        .await;
        let picks = variants_of_distinct_shops(&app.db, "USD", 1).await;
        let variant = picks[0].variant_id.clone();
        set_stock(&app.db, &variant, 10).await;

        // A hundred shopper accounts, made directly (one password hash shared, so the test does not spend
        // a minute hashing), then signed in through the API.
        let hash = password_auth::generate_hash("race-shopper-password");
        for n in 0..100 {
            sqlx::query(
                "INSERT INTO users (id, email, display_name, password_hash, role, created_at_ms) \
                 VALUES ($1, $2, $3, $4, 'shopper', 0)",
            )
            .bind(format!("0193a000-0000-7000-8000-{n:012}"))
            .bind(format!("racer{n}@bazaar.test"))
            .bind(format!("Racer {n}"))
            .bind(&hash)
            .execute(app.db.pool())
            .await
            .expect("a shopper");
        }
        let buyers = futures::future::join_all((0..100).map(|n| {
            let app = &app;
            async move {
                Buyer {
                    app,
                    client: app.signed_in(&format!("racer{n}@bazaar.test"), "race-shopper-password").await,
                }
            }
        }))
        .await;
        for buyer in &buyers {
            buyer.add(&variant, 1).await;
        }
        let requests = futures::future::join_all(buyers.iter().map(|buyer| async {
            let totals = buyer.cart("US").await.quote(&[]).expect("prices").totals;
            let token = buyer.card_token(GOOD_CARD).await;
            buyer.post_checkout("race", &buyer.request(&token, &totals, "US")).await
        }))
        .await;

        let won = requests.iter().filter(|(status, _)| *status == 201).count();
        let sold_out = requests
            .iter()
            .filter(|(status, body)| *status == 409 && error_parts(body).0 == "sold_out")
            .count();
        assert_eq!(won, 10, "{label}: ten checkouts for ten units");
        assert_eq!(
            sold_out,
            90,
            "{label}: everyone else hears \"sold out\": {:?}",
            requests.iter().find(|(s, _)| *s != 201 && *s != 409)
        );
        assert_eq!(stock_of(&app.db, &variant).await, 0, "{label}: never below zero");
        let (paid,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders WHERE state = 'paid'")
            .fetch_one(app.db.pool())
            .await
            .expect("count");
        assert_eq!(paid, 10, "{label}");
        assert_ledger_balanced(&app.db).await;
    }
}

const CHALLENGE_CARD: &str = "4000000000003220";

/// Polls an order until it reaches `state` (the provider's webhook settles it in the background).
async fn wait_for_state(app: &TestApp, client: &reqwest::Client, path: &str, state: &str) -> Value {
    for _ in 0..100 {
        let (_, detail) = get_as(app, client, path).await;
        if detail["summary"]["state"] == state {
            return detail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{path} never reached {state}");
}

#[tokio::test]
async fn the_banks_confirmation_step_is_settled_by_the_providers_webhook() {
    let app = checkout_app(TestDatabase::sqlite()).await;
    let picks = variants_of_distinct_shops(&app.db, "USD", 1).await;
    let buyer = Buyer::demo(&app).await;
    for (approve, state) in [(false, "payment_failed"), (true, "paid")] {
        buyer.add(&picks[0].variant_id, 1).await;
        let result = buyer.checkout_with(CHALLENGE_CARD, &format!("challenge-{approve}"), "US").await;
        let payment = &result.payments[0];
        assert_eq!(payment.state, shared::commerce::PaymentState::RequiresChallenge);
        assert_eq!(result.orders[0].state, shared::order::OrderState::PendingPayment);
        let challenge = payment.challenge_id.clone().expect("a challenge to answer");
        let response = buyer
            .client
            .post(app.url(&format!("/test-provider/v1/challenges/{challenge}")))
            .json(&json!({ "approve": approve }))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 204);
        // No polling of the checkout: the provider's signed webhook settles the payment on its own.
        wait_for_state(&app, &buyer.client, &format!("/api/v1/orders/{}", result.orders[0].id), state).await;
    }
    let (handled,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM provider_events").fetch_one(app.db.pool()).await.expect("count");
    assert!(handled >= 2, "both webhooks were handled");
    assert_ledger_balanced(&app.db).await;
}

#[tokio::test]
async fn provider_webhooks_need_a_fresh_valid_signature_and_count_once() {
    use server::payments::webhook::{SIGNATURE_HEADER, sign};
    let app = checkout_app(TestDatabase::sqlite()).await;
    let secret = server::config::EscrowConfig::default().test_provider_webhook_secret;
    let now = server::ids::now_ms() / 1_000;
    let body = br#"{"id":"evt_test_1","type":"charge.authorized","merchant_reference":"nobody"}"#.to_vec();
    let post = |signature: String, body: Vec<u8>, provider: &'static str| {
        let request = app
            .client
            .post(app.url(&format!("/api/v1/payments/webhooks/{provider}")))
            .header(SIGNATURE_HEADER, signature)
            .header("content-type", "application/json")
            .body(body);
        async move {
            let response = request.send().await.expect("answered");
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, body_json) = post(sign(b"wrong secret", now, &body), body.clone(), "test").await;
    assert_eq!((status, error_parts(&body_json).0.as_str()), (400, "invalid_parameter"), "a wrong secret");
    let (status, _) = post(sign(secret.as_bytes(), now - 3_600, &body), body.clone(), "test").await;
    assert_eq!(status, 400, "an hour-old signature is a replay");
    let (status, _) = post("t=1,v1=nothex".into(), body.clone(), "test").await;
    assert_eq!(status, 400, "a malformed header");
    let garbage = b"not json".to_vec();
    let (status, _) = post(sign(secret.as_bytes(), now, &garbage), garbage, "test").await;
    assert_eq!(status, 400, "a signed body that is not an event");
    let (status, _) = post(sign(secret.as_bytes(), now, &body), body.clone(), "acme").await;
    assert_eq!(status, 404, "an unknown provider");
    let (status, first) = post(sign(secret.as_bytes(), now, &body), body.clone(), "test").await;
    assert_eq!(
        (status, first["status"].as_str()),
        (200, Some("ignored")),
        "a valid event for no payment of ours"
    );
    let (status, second) = post(sign(secret.as_bytes(), now, &body), body.clone(), "test").await;
    assert_eq!((status, second["status"].as_str()), (200, Some("duplicate")), "the same event again");
    let (_, metrics) = (0, app.get("/metrics").await.text().await.expect("metrics"));
    assert!(metrics.contains("bazaar_provider_webhooks_rejected_total"), "refusals are counted");
}

#[tokio::test]
async fn demo_shops_run_promotions_that_the_cart_prices_and_checkout_charges() {
    let app = checkout_app(TestDatabase::sqlite()).await;
    let (variant, price): (String, i64) = sqlx::query_as(
        "SELECT v.id, v.price_minor FROM product_variants v JOIN products p ON p.id = v.product_id \
         JOIN promotions pr ON pr.seller_id = p.seller_id AND pr.kind = 'percent_off' \
         WHERE p.currency = 'USD' AND v.stock > 0 ORDER BY v.id LIMIT 1",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("a USD shop with a percent-off promotion");
    let buyer = Buyer::demo(&app).await;
    buyer.add(&variant, 1).await;
    let cart = buyer.cart("US").await;
    assert_eq!(cart.sellers[0].promotions.len(), 1, "the shop's promotion comes with the cart");
    let quote = cart.quote(&[]).expect("prices");
    let expected_discount = ((price + 5) / 10).min(500);
    assert_eq!(quote.orders[0].discount.amount_minor, expected_discount, "10 % off, at most 5.00 USD");
    let result = buyer.checkout_with(GOOD_CARD, "promoted", "US").await;
    assert_eq!(result.payments[0].amount, quote.totals[0], "the discounted total is what is charged");
    let (status, detail) =
        get_as(&app, &buyer.client, &format!("/api/v1/orders/{}", result.orders[0].id)).await;
    assert_eq!(status, 200);
    assert_eq!(detail["discount"]["amount_minor"], expected_discount);
    assert_eq!(detail["promotions"][0]["amount"]["amount_minor"], expected_discount);
}
