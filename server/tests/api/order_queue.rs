//! The seller's order queue sorts on the server: newest or oldest first, the handling clock that runs out first,
//! the largest total first; an unknown sort is a 400 naming `sort`. On SQLite and PostgreSQL.

use serde_json::Value;
use shared::order::DAY_MS;

use crate::checkout::{
    Buyer, GOOD_CARD, checkout_app, demo_seller_shop, get_as, shop_currency, variants_of_distinct_shops,
};
use crate::helpers::{SELLER, TestDatabase};

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|o| o["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn the_queue_sorts_on_the_server() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = checkout_app(database).await;
        let shop = demo_seller_shop(&app.db).await;
        let currency = shop_currency(&app.db, &shop).await;
        let picks = variants_of_distinct_shops(&app.db, &currency, 1).await;
        let buyer = Buyer::demo(&app).await;
        // Three orders a day apart, the middle one the largest.
        let mut placed = Vec::new();
        for (key, quantity) in [("first", 1), ("second", 3), ("third", 2)] {
            buyer.add(&picks[0].variant_id, quantity).await;
            let result = buyer.checkout_with(GOOD_CARD, key, "US").await;
            placed.push(result.orders[0].id.to_string());
            app.clock.advance_ms(DAY_MS);
        }
        let seller = app.signed_in(SELLER.0, SELLER.1).await;
        let list = |sort: &str| format!("/api/v1/orders?state=paid&sort={sort}");

        let (status, newest) = get_as(&app, &seller, &list("newest")).await;
        assert_eq!(status, 200, "{label}: {newest}");
        let mut expected = placed.clone();
        expected.reverse();
        assert_eq!(ids(&newest), expected, "{label}");
        let (_, oldest) = get_as(&app, &seller, &list("oldest")).await;
        assert_eq!(ids(&oldest), placed, "{label}");
        let (_, ship_by) = get_as(&app, &seller, &list("ship_by")).await;
        assert_eq!(ids(&ship_by), placed, "{label}: paid longest ago first");
        let (_, largest) = get_as(&app, &seller, &list("total_down")).await;
        assert_eq!(ids(&largest), [placed[1].clone(), placed[2].clone(), placed[0].clone()], "{label}");
        // The SPA's server function sorts the same way.
        let (status, spa) = get_as(&app, &seller, "/api/orders/list?state=paid&sort=total_down").await;
        assert_eq!(status, 200, "{label}: {spa}");
        assert_eq!(ids(&spa), ids(&largest), "{label}");

        let (status, body) = get_as(&app, &seller, &list("cheapest")).await;
        assert_eq!(status, 400, "{label}: {body}");
        assert!(body.to_string().contains("sort"), "{label}: {body}");
    }
}
