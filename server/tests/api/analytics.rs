//! Sales analytics over real HTTP, from real product page reads (flushed by the view job's one pass) and real
//! checkouts, on SQLite and PostgreSQL: GMV, orders, views and conversion per day and per week, the previous
//! period, top products sorted and paged on the server, what does not count (the seller's own and operators'
//! page reads, an order cancelled before shipping), bad parameters named, and only the shop's seller (or an
//! operator naming the shop) reads it.

use serde_json::{Value, json};
use shared::order::DAY_MS;
use shared::statement::Day;

use crate::checkout::{Buyer, GOOD_CARD, checkout_app, demo_seller_shop, get_as, set_stock, shop_currency};
use crate::helpers::{OPERATOR, SELLER, SHOPPER, TestApp, TestDatabase, error_parts};
use server::clock::Clock;

/// Two published listings of the demo seller's shop (one variant each, 50 in stock): (product, variant).
async fn two_listings(app: &TestApp, shop: &str) -> [(String, String); 2] {
    let currency = shop_currency(&app.db, shop).await;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.id, MIN(v.id) FROM products p JOIN product_variants v ON v.product_id = p.id \
         WHERE p.seller_id = $1 AND p.currency = $2 AND p.status = 'published' GROUP BY p.id ORDER BY p.id",
    )
    .bind(shop)
    .bind(&currency)
    .fetch_all(app.db.pool())
    .await
    .expect("listings");
    assert!(rows.len() >= 2, "the demo shop has two listings in {currency}");
    for (_, variant) in &rows[..2] {
        set_stock(&app.db, variant, 50).await;
    }
    [rows[0].clone(), rows[1].clone()]
}

/// Reads a product page `times` times through REST.
async fn read_page(app: &TestApp, client: &reqwest::Client, product: &str, times: usize) {
    for _ in 0..times {
        let response =
            client.get(app.url(&format!("/api/v1/products/{product}"))).send().await.expect("answered");
        assert_eq!(response.status(), 200);
    }
}

/// A paid order of `lines` (variant, quantity); returns its id.
async fn order(buyer: &Buyer<'_>, key: &str, lines: &[(&str, u32)]) -> String {
    for (variant, quantity) in lines {
        buyer.add(variant, *quantity).await;
    }
    let result = buyer.checkout_with(GOOD_CARD, key, "US").await;
    result.orders[0].id.to_string()
}

/// The goods of an order after promotions (what GMV counts): items − discount, no shipping.
async fn goods_of(app: &TestApp, order: &str) -> i64 {
    let (goods,): (i64,) =
        sqlx::query_as("SELECT items_subtotal_minor - discount_minor FROM orders WHERE id = $1")
            .bind(order)
            .fetch_one(app.db.pool())
            .await
            .expect("order");
    goods
}

/// The lines' GMV of `product` in `orders`.
async fn line_gmv(app: &TestApp, product: &str) -> i64 {
    let (gmv,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(l.total_minor), 0) AS BIGINT) FROM order_lines l JOIN orders o ON o.id = l.order_id \
         WHERE l.product_id = $1 AND o.state <> 'cancelled'",
    )
    .bind(product)
    .fetch_one(app.db.pool())
    .await
    .expect("lines");
    gmv
}

fn amounts(gmv: &Value) -> Vec<i64> {
    gmv.as_array().expect("gmv").iter().map(|m| m["amount_minor"].as_i64().expect("amount")).collect()
}

fn ids(page: &Value) -> Vec<String> {
    page["top_products"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["product_id"].as_str().expect("id").to_string())
        .collect()
}

async fn analytics(app: &TestApp, client: &reqwest::Client, query: &str) -> Value {
    let (status, body) = get_as(app, client, &format!("/api/v1/seller/analytics?{query}")).await;
    assert_eq!(status, 200, "{query}: {body}");
    body
}

#[tokio::test]
async fn analytics_count_real_views_and_orders_per_day_and_week() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let shop = demo_seller_shop(&app.db).await;
        let [(a, a_variant), (b, b_variant)] = two_listings(&app, &shop).await;
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let operator = app.signed_in(OPERATOR.0, OPERATOR.1).await;
        let visitor = reqwest::Client::new();
        let today = Day::of_unix_ms(app.clock.now_ms());
        let tomorrow = today.plus_days(1);

        // A new period: no sales, no views — zeros for every day, no conversion.
        let empty = analytics(&app, &seller, &format!("from={today}&to={tomorrow}")).await;
        assert_eq!(empty["buckets"].as_array().map(Vec::len), Some(2), "{label}");
        assert_eq!(empty["totals"]["orders"], 0);
        assert_eq!(empty["totals"]["conversion_bps"], Value::Null);
        assert_eq!(empty["top_products"]["total"], 0);

        // Today: A is read twice (REST and the SPA's server function), B six times; the seller's own reads and
        // an operator's do not count, and nothing is written until the flush.
        read_page(&app, &visitor, &a, 1).await;
        let spa =
            visitor.get(app.url(&format!("/api/catalog/product?id={a}"))).send().await.expect("answered");
        assert_eq!(spa.status(), 200);
        read_page(&app, &visitor, &b, 6).await;
        read_page(&app, &seller, &a, 3).await;
        read_page(&app, &operator, &b, 2).await;
        let before = analytics(&app, &seller, &format!("from={today}&to={today}")).await;
        assert_eq!(before["totals"]["views"], 0, "{label}: the reads wrote nothing yet");
        assert_eq!(app.flush_views().await, 8, "{label}");
        assert_eq!(app.flush_views().await, 0, "a second flush has nothing to write");

        // Today one order of A ×2; a second order, cancelled before shipping, does not count.
        let buyer = Buyer::demo(&app).await;
        let first = order(&buyer, "analytics-1", &[(&a_variant, 2)]).await;
        let cancelled = order(&buyer, "analytics-cancelled", &[(&b_variant, 1)]).await;
        let response = buyer
            .client
            .post(app.url(&format!("/api/v1/orders/{cancelled}/cancel")))
            .json(&json!({ "reason": "" }))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 200, "{label}: the shopper cancels");

        // Tomorrow: B read twice more, one order of A ×1 and B ×1.
        app.clock.advance_ms(DAY_MS);
        read_page(&app, &visitor, &b, 2).await;
        let second = order(&buyer, "analytics-2", &[(&a_variant, 1), (&b_variant, 1)]).await;
        assert_eq!(app.flush_views().await, 2);

        let (first_goods, second_goods) = (goods_of(&app, &first).await, goods_of(&app, &second).await);
        let daily = analytics(&app, &seller, &format!("from={today}&to={tomorrow}&granularity=day")).await;
        let buckets = daily["buckets"].as_array().expect("buckets");
        assert_eq!(buckets.len(), 2, "{label}");
        assert_eq!(
            (buckets[0]["start"].as_str(), buckets[0]["end"].as_str()),
            (Some(&*today.to_string()), Some(&*today.to_string()))
        );
        assert_eq!(amounts(&buckets[0]["gmv"]), vec![first_goods], "{label}: the cancelled order is no GMV");
        assert_eq!((buckets[0]["orders"].as_u64(), buckets[0]["views"].as_u64()), (Some(1), Some(8)));
        assert_eq!(buckets[0]["conversion_bps"], 1_250, "1 order ÷ 8 views");
        assert_eq!(amounts(&buckets[1]["gmv"]), vec![second_goods]);
        assert_eq!((buckets[1]["orders"].as_u64(), buckets[1]["views"].as_u64()), (Some(1), Some(2)));
        assert_eq!(buckets[1]["conversion_bps"], 5_000);
        assert_eq!(amounts(&daily["totals"]["gmv"]), vec![first_goods + second_goods]);
        assert_eq!(
            (daily["totals"]["orders"].as_u64(), daily["totals"]["views"].as_u64()),
            (Some(2), Some(10))
        );
        assert_eq!(daily["totals"]["conversion_bps"], 2_000);
        assert_eq!(daily["previous"]["orders"], 0, "no orders the two days before");
        assert_eq!(daily["previous_to"], today.plus_days(-1).to_string());

        // By week: the same totals; the buckets cover the period day after day, from Monday to Sunday.
        // (The days before today hold the demo shop's seeded view history, and no orders.)
        let from = today.plus_days(-9);
        let wide = format!("from={from}&to={tomorrow}");
        let weekly = analytics(&app, &seller, &format!("{wide}&granularity=week")).await;
        let days = analytics(&app, &seller, &format!("{wide}&granularity=day")).await;
        assert_eq!(weekly["totals"], days["totals"], "{label}");
        assert_eq!(days["buckets"].as_array().map(Vec::len), Some(11));
        let seeded: u64 = days["buckets"].as_array().expect("buckets")[..9]
            .iter()
            .map(|d| d["views"].as_u64().expect("views"))
            .sum();
        assert!(seeded > 0, "{label}: the demo shop has a view history");
        assert_eq!(weekly["totals"]["views"].as_u64(), Some(seeded + 10));
        let weeks = weekly["buckets"].as_array().expect("buckets");
        let mut next = from;
        for week in weeks {
            let (start, end) = (week["start"].as_str().expect("start"), week["end"].as_str().expect("end"));
            assert_eq!(start, next.to_string());
            let end = Day::parse(end).expect("a day");
            assert!(
                end == tomorrow || end.plus_days(1) == end.plus_days(1).monday(),
                "{label}: weeks end on Sunday"
            );
            next = end.plus_days(1);
        }
        assert_eq!(next, tomorrow.plus_days(1));
        let week_orders: u64 = weeks.iter().map(|w| w["orders"].as_u64().expect("orders")).sum();
        assert_eq!(week_orders, 2);

        // Top products, sorted on the server: A (2 orders, 3 units, 2 views) and B (1 order, 8 views).
        let period = format!("from={today}&to={tomorrow}");
        let by_gmv = analytics(&app, &seller, &period).await;
        assert_eq!(by_gmv["sort"], "gmv");
        assert_eq!(by_gmv["top_products"]["total"], 2);
        let top = by_gmv["top_products"]["items"].as_array().expect("items");
        let gmv_of = |id: &str| {
            top.iter().find(|p| p["product_id"] == id).expect("listed")["gmv"]["amount_minor"].as_i64()
        };
        assert_eq!(gmv_of(&a), Some(line_gmv(&app, &a).await), "{label}");
        assert_eq!(gmv_of(&b), Some(line_gmv(&app, &b).await));
        assert!(top[0]["gmv"]["amount_minor"].as_i64() >= top[1]["gmv"]["amount_minor"].as_i64());
        let a_row = top.iter().find(|p| p["product_id"] == a.as_str()).expect("A");
        assert_eq!(
            (a_row["views"].as_u64(), a_row["orders"].as_u64(), a_row["units"].as_u64()),
            (Some(2), Some(2), Some(3))
        );
        assert_eq!(a_row["conversion_bps"], 10_000);
        assert_eq!(
            ids(&analytics(&app, &seller, &format!("{period}&sort=views")).await),
            vec![b.clone(), a.clone()]
        );
        assert_eq!(
            ids(&analytics(&app, &seller, &format!("{period}&sort=orders")).await),
            vec![a.clone(), b.clone()]
        );
        assert_eq!(
            ids(&analytics(&app, &seller, &format!("{period}&sort=units")).await),
            vec![a.clone(), b.clone()]
        );
        assert_eq!(
            ids(&analytics(&app, &seller, &format!("{period}&sort=conversion")).await),
            vec![a.clone(), b.clone()],
            "{label}: 100 % beats 12.5 %"
        );
        let second_page = analytics(&app, &seller, &format!("{period}&sort=views&per_page=1&page=2")).await;
        assert_eq!(ids(&second_page), vec![a.clone()]);
        assert_eq!(
            (second_page["top_products"]["total"].as_u64(), second_page["top_products"]["page"].as_u64()),
            (Some(2), Some(2))
        );

        // The next period compares with this one.
        let later =
            analytics(&app, &seller, &format!("from={}&to={}", tomorrow.plus_days(1), tomorrow.plus_days(2)))
                .await;
        assert_eq!(later["previous"]["orders"], 2, "{label}");
        assert_eq!(later["previous"]["views"], 10);

        // An operator names the shop and sees the same; the SPA's server function answers alike.
        let named = analytics(&app, &operator, &format!("{period}&seller={shop}")).await;
        assert_eq!(named["totals"], daily["totals"], "{label}");
        let (status, spa) = get_as(
            &app,
            &seller,
            &format!("/api/seller/analytics?params[from]={today}&params[to]={tomorrow}&params[sort]=views"),
        )
        .await;
        assert_eq!(status, 200, "{label}: {spa}");
        assert_eq!(spa["totals"], daily["totals"]);
        assert_eq!(ids(&spa), vec![b.clone(), a.clone()]);
    }
}

#[tokio::test]
async fn bad_parameters_are_refused_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let seller = app.signed_in(SELLER.0, SELLER.1).await;
    for (query, field) in [
        ("from=2026-02-30", "from"),
        ("to=yesterday", "to"),
        ("from=2026-03-02&to=2026-03-01", "from"),
        ("from=2025-01-01&to=2026-03-01", "to"),
        ("granularity=month", "granularity"),
        ("sort=price", "sort"),
        ("page=0", "page"),
        ("per_page=500", "per_page"),
    ] {
        let (status, body) = get_as(&app, &seller, &format!("/api/v1/seller/analytics?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(error_parts(&body), ("invalid_parameter".to_string(), Some(field.to_string())), "{query}");
    }
    let operator = app.signed_in(OPERATOR.0, OPERATOR.1).await;
    let (status, body) = get_as(&app, &operator, "/api/v1/seller/analytics").await;
    assert_eq!(status, 400);
    assert_eq!(error_parts(&body).1.as_deref(), Some("seller"), "an operator names the shop");
}

#[tokio::test]
async fn another_seller_or_a_shopper_cannot_read_the_shops_analytics() {
    let app = TestApp::spawn().await;
    let shop = demo_seller_shop(&app.db).await;
    let rival = app.signed_up_seller("rival@example.com", "Rival Goods").await;

    let path = format!("/api/v1/seller/analytics?seller={shop}");
    let (status, body) = get_as(&app, &rival, &path).await;
    assert_eq!(status, 404, "not yours looks like not there: {body}");
    let (status, _) = get_as(&app, &rival, &format!("/api/seller/analytics?params[seller]={shop}")).await;
    assert_eq!(status, 404, "the server function decides alike");
    // The rival's own: a new shop, nothing yet, every day a zero.
    let (status, own) = get_as(&app, &rival, "/api/v1/seller/analytics").await;
    assert_eq!(status, 200, "{own}");
    assert_eq!(own["buckets"].as_array().map(Vec::len), Some(30));
    assert_eq!(own["currencies"], json!([]));
    assert_eq!(own["top_products"]["total"], 0);

    let shopper = app.signed_in(SHOPPER.0, SHOPPER.1).await;
    let (status, _) = get_as(&app, &shopper, &path).await;
    assert_eq!(status, 403);
    let (status, _) = get_as(&app, &reqwest::Client::new(), &path).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn views_counted_before_a_graceful_stop_are_written() {
    let database = TestDatabase::sqlite();
    let url = database.url.clone();
    let mut app = TestApp::spawn_with(crate::helpers::TestOptions { database, ..Default::default() }).await;
    let (product,): (String,) =
        sqlx::query_as("SELECT id FROM products WHERE status = 'published' ORDER BY id LIMIT 1")
            .fetch_one(app.db.pool())
            .await
            .expect("a product");
    read_page(&app, &reqwest::Client::new(), &product, 3).await;
    assert_eq!(app.views.pending(), 3);
    let stopped = app.stop().await;
    assert!(stopped, "the server stopped");
    let db = server::db::Database::connect(&url, 1).await.expect("reopened");
    let today = Day::of_unix_ms(app.clock.now_ms()).days_since_epoch();
    let (views,): (i64,) =
        sqlx::query_as("SELECT views FROM product_views_daily WHERE product_id = $1 AND day = $2")
            .bind(&product)
            .bind(today)
            .fetch_one(db.pool())
            .await
            .expect("written at shutdown");
    assert_eq!(views, 3);
}
