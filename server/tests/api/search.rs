//! Search through real HTTP on SQLite and PostgreSQL: words, filters, facets, sorts, ranking, paging, the index
//! following every write, product pages, suggestions and the operators' ranking explanation.
//!
//! Most tests run over the small fixture catalog (`catalog_fixture`), where every outcome is known exactly.

use std::collections::{BTreeMap, HashSet};

use server::demo::accounts::seed_demo_accounts;
use shared::dto::{FacetCount, ProductDetail, ProductSummary, RankingExplanation, SearchResults};

use crate::catalog_fixture::{self as fixture, Shop, department_of, id_of, key_of};
use crate::helpers::{OPERATOR, SELLER, SHOPPER, TestApp, TestDatabase, TestOptions, error_parts};

/// A server over `database` holding only the small fixture catalog (and, with `accounts`, the demo accounts).
async fn fixture_app(database: TestDatabase, accounts: bool) -> TestApp {
    let app = TestApp::spawn_with(TestOptions { database, demo_products: 0, ..Default::default() }).await;
    fixture::insert_small(&app.db).await;
    if accounts {
        seed_demo_accounts(&app.db).await.expect("demo accounts");
    }
    app
}

/// GETs `/api/v1/products?{query}` and expects a 200.
async fn search(app: &TestApp, label: &str, query: &str) -> SearchResults {
    let response = app.get(&format!("/api/v1/products?{query}")).await;
    let status = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(status, 200, "{label}: {query}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{label}: {query}: {e}: {text}"))
}

/// Every result of `query` (the fixture fits one page of 100), as fixture keys in result order.
async fn keys(app: &TestApp, label: &str, query: &str) -> Vec<&'static str> {
    let results = search(app, label, &format!("{query}&per_page=100")).await;
    assert_eq!(results.total, results.items.len() as u64, "{label}: {query}: one page holds everything");
    results.items.iter().map(|item| key_of(&item.id.to_string())).collect()
}

fn sorted(mut keys: Vec<&'static str>) -> Vec<&'static str> {
    keys.sort_unstable();
    keys
}

/// The latest day of the fastest delivery option, as the delivery filter and facet count it.
fn fastest_days(item: &ProductSummary) -> Option<u16> {
    item.delivery.iter().map(|option| option.days_max).min()
}

/// The facets a result set must have, worked out from its items.
fn facets_of(items: &[ProductSummary], category: Option<&str>, region: bool) -> shared::dto::Facets {
    let count = |keep: &dyn Fn(&ProductSummary) -> bool| items.iter().filter(|i| keep(i)).count() as u64;
    let mut categories: BTreeMap<String, u64> = BTreeMap::new();
    for item in items {
        let leaf = item.category.slug.as_str();
        let bucket = match category {
            None => Some(department_of(leaf)),
            Some(chosen) if chosen == department_of(leaf) => Some(leaf),
            Some(_) => None, // A leaf has no subcategories to count.
        };
        if let Some(bucket) = bucket {
            *categories.entry(bucket.to_string()).or_default() += 1;
        }
    }
    let mut currencies: BTreeMap<String, u64> = BTreeMap::new();
    for item in items {
        *currencies.entry(item.price.currency.code().to_string()).or_default() += 1;
    }
    let mut currencies: Vec<FacetCount> = currencies
        .into_iter()
        .map(|(value, count)| FacetCount { value, label: String::new(), count })
        .collect();
    currencies.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    let rated = |x100: u16| count(&|i| i.seller.rating_x100.is_some_and(|r| r >= x100));
    let within = |days: u16| count(&|i| fastest_days(i).is_some_and(|d| d <= days));
    let plain = |value: &str, count: u64| FacetCount { value: value.into(), label: String::new(), count };
    shared::dto::Facets {
        categories: categories
            .into_iter()
            .map(|(value, count)| {
                let label = value[..1].to_uppercase() + &value[1..];
                FacetCount { value, label, count }
            })
            .collect(),
        currencies,
        min_rating: vec![plain("4.5", rated(450)), plain("4", rated(400)), plain("3.5", rated(350))],
        delivery_days: if region {
            vec![plain("3", within(3)), plain("7", within(7)), plain("14", within(14))]
        } else {
            Vec::new()
        },
        in_stock: count(&|i| i.in_stock),
    }
}

/// Asserts that the facets of `query` describe exactly its result set.
async fn assert_facets_match(app: &TestApp, label: &str, query: &str, category: Option<&str>) {
    let results = search(app, label, &format!("{query}&per_page=100")).await;
    assert_eq!(results.total, results.items.len() as u64, "{label}: {query}");
    assert!(!results.total_is_lower_bound, "{label}: {query}");
    let mut actual = results.facets.clone();
    actual.categories.sort_by(|a, b| a.value.cmp(&b.value));
    let expected = facets_of(&results.items, category, query.contains("region="));
    assert_eq!(actual, expected, "{label}: {query}");
}

#[tokio::test]
async fn words_match_titles_attributes_descriptions_and_word_starts() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        let lamp = sorted(keys(&app, label, "q=lamp").await);
        assert_eq!(
            lamp,
            ["brass-lamp", "lampshade", "reading-light", "side-table"],
            "{label}: title, prefix of a title word, attribute value, description"
        );
        assert_eq!(
            sorted(keys(&app, label, "q=lam").await),
            ["brass-lamp", "lampshade", "reading-light", "scarf", "side-table"],
            "{label}: a prefix matches every word it starts"
        );
        assert_eq!(keys(&app, label, "q=LAMP").await.len(), 4, "{label}: case does not matter");
        assert_eq!(keys(&app, label, "q=brass+lamp").await, ["brass-lamp"], "{label}: every word must match");
        assert_eq!(keys(&app, label, "q=lamp+brass").await, ["brass-lamp"], "{label}: in any order");
        assert_eq!(
            sorted(keys(&app, label, "q=brass").await),
            ["brass-lamp", "kettle"],
            "{label}: attribute and title"
        );
        // The title is what the thing is: a title match ranks above a description match.
        let ranked = keys(&app, label, "q=lamp").await;
        assert_eq!(ranked[0], "brass-lamp", "{label}: {ranked:?}");

        let none = search(&app, label, "q=xylophone").await;
        assert_eq!((none.total, none.items.len()), (0, 0), "{label}");
        assert!(!none.total_is_lower_bound, "{label}");
        assert_eq!(none.facets.in_stock, 0, "{label}");
        assert!(none.facets.categories.is_empty() && none.facets.currencies.is_empty(), "{label}");

        let far = search(&app, label, "q=lamp&page=4294967295&per_page=100").await;
        assert_eq!((far.total, far.items.len()), (4, 0), "{label}: past the last page");
        let everything = search(&app, label, "per_page=100").await;
        assert_eq!(everything.total, fixture::listings().len() as u64, "{label}: no words browses all");
        for blank in ["q=", "q=+++", "q=---", "q=%22%22"] {
            assert_eq!(search(&app, label, blank).await.total, everything.total, "{label}: {blank}");
        }
    }
}

#[tokio::test]
async fn words_in_the_storefront_languages_are_found_whatever_their_case() {
    let listing = |key, shop, title, attributes, description| fixture::Listing {
        key,
        shop,
        category: "lighting",
        title,
        attributes,
        description,
        variants: vec![(1_000, 1)],
        warranty_months: 0,
    };
    let extra = [
        listing("ru", Shop::DeGood, "Настольная Лампа", r#"{"material":"латунь"}"#, "Тёплый свет."),
        listing("pt", Shop::DeGood, "Lâmpada de Mesa", r#"{"material":"latão"}"#, "Luz quente."),
        listing("es", Shop::Us, "Lámpara de Escritorio", r#"{"material":"latón"}"#, "Luz cálida."),
        listing("ko", Shop::Kr, "한옥 스탠드 조명", r#"{"material":"황동"}"#, "따뜻한 빛."),
    ];
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        let ids = fixture::insert_more(&app.db, &extra).await;
        for (query, expected) in [
            ("q=лампа", vec!["ru"]),
            ("q=ЛАМПА", vec!["ru"]),
            ("q=лам", vec!["ru"]),
            ("q=латунь", vec!["ru"]),
            ("q=настольная+лампа", vec!["ru"]),
            ("q=lâmpada", vec!["pt"]),
            ("q=LÂMPADA", vec!["pt"]),
            ("q=lámpara+escritorio", vec!["es"]),
            ("q=LUZ", vec!["es", "pt"]),
            ("q=조명", vec!["ko"]),
            ("q=한옥+조명", vec!["ko"]),
            ("q=황동", vec!["ko"]),
        ] {
            let results = search(&app, label, &format!("{query}&per_page=100")).await;
            let mut found: Vec<&str> = results
                .items
                .iter()
                .filter_map(|item| ids.iter().position(|id| *id == item.id.to_string()))
                .map(|n| extra[n].key)
                .collect();
            found.sort_unstable();
            assert_eq!(found, expected, "{label}: {query}");
        }
        // The first suggestion for a Cyrillic start is the Cyrillic word.
        let (status, body) = app.get_json("/api/v1/products/suggestions?q=%D0%BB%D0%B0%D0%BC").await;
        assert_eq!((status, body[0].as_str()), (200, Some("лампа")), "{label}: {body}");
    }
}

#[tokio::test]
async fn search_syntax_in_the_query_is_just_words() {
    // Quotes, operators, wildcards, column filters and SQL: every one is a 200 and means its words.
    let same_as_lamp = [
        "\"lamp", "lamp\"", "\"lamp\"", "lamp*", "*lamp", "(lamp)", "lamp:*", "-lamp", "+lamp", "^lamp",
        "lamp'", "'lamp'", "lamp\\", "lamp;", "{lamp}", "lamp&", "!lamp", "lamp|", "%lamp%", "lamp_",
        "lamp:", "@lamp", "lamp <->",
    ];
    let anything = [
        "\"",
        "*",
        "'",
        "\\",
        "()",
        "(",
        ")",
        ":",
        "&",
        "|",
        "!",
        "<->",
        "lamp AND",
        "AND lamp",
        "lamp NEAR",
        "lamp OR mug",
        "NOT lamp",
        "lamp NOT",
        "NEAR(lamp mug)",
        "title:lamp",
        "{title}: lamp",
        "lamp OR",
        "lamp' OR '1'='1",
        "'; DROP TABLE products; --",
        "lamp\u{0}",
        "\u{301}",
        "e\u{301}",
        "\u{93e}",
        "½",
        "²",
        "🔦 lamp",
        "ﬁ",
        "İ",
        "ß",
        "ǅ",
        "x:*A",
        "a:*&b",
        "lamp:A",
        "lamp:*B",
        "a b c d e f g h i j k l",
        "0x1F",
        "1e5",
        "-1",
        "3.14",
        "lamp…",
        "\u{200b}lamp",
        "\u{feff}",
        "\t\n",
        "lamp\u{2028}mug",
    ];
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        let expected = sorted(keys(&app, label, "q=lamp").await);
        for q in same_as_lamp {
            let encoded: String = form_encode(q);
            assert_eq!(sorted(keys(&app, label, &format!("q={encoded}")).await), expected, "{label}: {q:?}");
        }
        for q in anything {
            let path = format!("/api/v1/products?q={}", form_encode(q));
            let response = app.get(&path).await;
            let status = response.status();
            let body = response.text().await.expect("body");
            assert_eq!(status, 200, "{label}: {q:?}: {body}");
            let suggestions = app.get(&format!("/api/v1/products/suggestions?q={}", form_encode(q))).await;
            assert_eq!(suggestions.status(), 200, "{label}: suggestions for {q:?}");
        }
    }
}

/// `application/x-www-form-urlencoded` for one value.
fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            b' ' => "+".into(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn filters_keep_exactly_the_listings_that_qualify() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        let lanterns = ["lantern-best", "lantern-poorly-rated", "lantern-slow", "lantern-sold-out"];
        let with_lanterns = |mut keys: Vec<&'static str>| {
            keys.extend(lanterns);
            sorted(keys)
        };
        let cases: Vec<(&str, Vec<&str>)> = vec![
            // A department holds its subcategories.
            (
                "category=home",
                with_lanterns(vec![
                    "brass-lamp",
                    "kettle",
                    "lampshade",
                    "mug",
                    "reading-light",
                    "side-table",
                ]),
            ),
            ("category=lighting", with_lanterns(vec!["brass-lamp", "lampshade", "reading-light"])),
            ("category=fashion", vec!["boots", "scarf"]),
            ("category=shoes", vec!["boots"]),
            ("q=lamp&category=kitchen", vec!["side-table"]),
            // Prices: bounds in one currency keep only listings priced in it; the lowest variant price counts.
            ("min_price=40&max_price=60&currency=EUR", vec!["brass-lamp"]),
            ("min_price=49.99&max_price=49.99&currency=eur", vec!["brass-lamp"]),
            ("region=DE&max_price=50", with_lanterns(vec!["brass-lamp", "kettle", "mug", "scarf"])),
            ("currency=USD&min_price=100", vec!["boots"]),
            ("currency=USD&min_price=0", vec!["boots", "reading-light"]),
            ("region=KR&max_price=35000", vec!["lampshade"]),
            ("region=US&max_price=1000000", vec!["boots", "reading-light"]),
            // Stock: a listing is in stock when any variant is.
            (
                "in_stock=true",
                sorted(vec![
                    "boots",
                    "brass-lamp",
                    "kettle",
                    "lampshade",
                    "lantern-best",
                    "lantern-poorly-rated",
                    "lantern-slow",
                    "mug",
                    "reading-light",
                    "scarf",
                ]),
            ),
            ("in_stock=false&category=fashion", vec!["boots", "scarf"]),
            // Shop rating: 4.8, 4.8 and 4.5 qualify; 2.5 and unrated do not.
            (
                "min_rating=4.5",
                sorted(vec![
                    "boots",
                    "brass-lamp",
                    "lantern-best",
                    "lantern-slow",
                    "lantern-sold-out",
                    "mug",
                    "reading-light",
                    "scarf",
                ]),
            ),
            ("min_rating=4.81", vec![]),
            ("min_rating=2.5&category=kitchen", vec!["kettle", "mug", "side-table"]),
            // Delivery to DE: handling days + the fastest lane's longest transit.
            (
                "region=DE&delivery_days=2",
                sorted(vec![
                    "brass-lamp",
                    "kettle",
                    "lantern-best",
                    "lantern-poorly-rated",
                    "lantern-sold-out",
                    "mug",
                    "side-table",
                ]),
            ),
            ("region=DE&delivery_days=1", vec![]),
            (
                "region=DE&delivery_days=7&category=fashion",
                vec!["boots"], // The scarf's shop needs 10 days to hand it over.
            ),
            ("region=de&delivery_days=11&category=accessories", vec!["scarf"]),
            ("region=DE&delivery_days=60&q=lampshade", vec![]), // No lane from Korea.
            ("region=US&delivery_days=5", vec!["boots", "reading-light"]),
            ("region=BR&delivery_days=60", vec![]), // No lane into Brazil at all.
            // Everything at once.
            (
                "q=lamp&region=DE&in_stock=true&min_rating=4&delivery_days=7",
                vec!["brass-lamp", "reading-light"],
            ),
        ];
        for (query, expected) in cases {
            let found = sorted(keys(&app, label, query).await);
            assert_eq!(found, sorted(expected), "{label}: {query}");
        }
        // Every listing a price filter keeps is in the currency asked for, and within the bounds.
        let results = search(&app, label, "region=DE&min_price=20&max_price=100&per_page=100").await;
        assert!(!results.items.is_empty(), "{label}");
        for item in &results.items {
            assert_eq!(item.price.currency.code(), "EUR", "{label}: {}", item.title);
            assert!((2_000..=10_000).contains(&item.price.amount_minor), "{label}: {}", item.title);
        }
    }
}

#[tokio::test]
async fn facet_counts_describe_exactly_the_filtered_results() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        // Worked out by hand for one query: lamp → the brass lamp (DE, 2 days, 4.8), the reading light
        // (US, 7 days, 4.5), the side table (DE, 2 days, 2.5, sold out), the lampshade (KR, unrated, no lane).
        let lamp = search(&app, label, "q=lamp&region=DE").await;
        assert_eq!(lamp.total, 4, "{label}");
        assert_eq!(lamp.region.as_deref(), Some("DE"), "{label}");
        let facet = |values: &[FacetCount]| -> Vec<(String, u64)> {
            values.iter().map(|f| (f.value.clone(), f.count)).collect()
        };
        let pairs = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
            list.iter().map(|(v, c)| ((*v).to_string(), *c)).collect()
        };
        assert_eq!(facet(&lamp.facets.categories), pairs(&[("home", 4)]), "{label}");
        assert_eq!(lamp.facets.categories[0].label, "Home", "{label}");
        assert_eq!(facet(&lamp.facets.currencies), pairs(&[("EUR", 2), ("KRW", 1), ("USD", 1)]), "{label}");
        assert_eq!(facet(&lamp.facets.min_rating), pairs(&[("4.5", 2), ("4", 2), ("3.5", 2)]), "{label}");
        assert_eq!(facet(&lamp.facets.delivery_days), pairs(&[("3", 2), ("7", 3), ("14", 3)]), "{label}");
        assert_eq!(lamp.facets.in_stock, 3, "{label}");

        // A department's facet lists its subcategories.
        let home = search(&app, label, "category=home").await;
        assert_eq!(facet(&home.facets.categories), pairs(&[("lighting", 7), ("kitchen", 3)]), "{label}");
        // Without a region there is no delivery facet.
        assert!(search(&app, label, "q=lamp").await.facets.delivery_days.is_empty(), "{label}");

        for (query, category) in [
            ("region=DE", None),
            ("q=lamp&region=DE", None),
            ("q=lam", None),
            ("category=home&region=DE", Some("home")),
            ("category=fashion&region=US", Some("fashion")),
            ("category=lighting&region=DE", Some("lighting")),
            ("in_stock=true&region=DE", None),
            ("min_rating=4.5&region=DE", None),
            ("region=DE&delivery_days=7", None),
            ("region=DE&max_price=50", None),
            ("q=lantern&region=DE&in_stock=true", None),
            ("q=xylophone&region=DE", None),
        ] {
            assert_facets_match(&app, label, query, category).await;
        }
    }
}

#[tokio::test]
async fn price_sorts_compare_within_one_currency_at_a_time() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        let lanterns = ["lantern-sold-out", "lantern-poorly-rated", "lantern-slow", "lantern-best"];
        // The region's currency first (cheapest first, equal prices in id order), then each other currency.
        let mut expected = vec!["mug", "scarf"];
        expected.extend(lanterns);
        expected.extend(["kettle", "brass-lamp", "side-table", "lampshade", "reading-light", "boots"]);
        assert_eq!(keys(&app, label, "sort=price_asc&region=DE").await, expected, "{label}");

        let mut expected = vec!["boots", "reading-light", "side-table", "brass-lamp", "kettle"];
        expected.extend(lanterns);
        expected.extend(["scarf", "mug", "lampshade"]);
        assert_eq!(keys(&app, label, "sort=price_desc&region=US").await, expected, "{label}");

        // Korean won first for a Korean shopper, even though 35,000 is the largest number.
        assert_eq!(keys(&app, label, "sort=price_asc&region=KR").await[0], "lampshade", "{label}");
        // A price bound's currency is the one listed (and the only one kept).
        assert_eq!(
            keys(&app, label, "sort=price_desc&currency=USD&min_price=1").await,
            ["boots", "reading-light"],
            "{label}"
        );

        // Without a region: grouped by currency, never interleaved, each group in price order.
        for query in
            ["sort=price_asc", "sort=price_desc", "sort=price_asc&q=lam", "sort=price_desc&region=BR"]
        {
            let results = search(&app, label, &format!("{query}&per_page=100")).await;
            let descending = query.contains("desc");
            let mut finished: HashSet<&str> = HashSet::new();
            for pair in results.items.windows(2) {
                let (a, b) = (&pair[0].price, &pair[1].price);
                if a.currency == b.currency {
                    let in_order = if descending {
                        a.amount_minor >= b.amount_minor
                    } else {
                        a.amount_minor <= b.amount_minor
                    };
                    assert!(in_order, "{label}: {query}: {a:?} then {b:?}");
                } else {
                    assert!(
                        finished.insert(a.currency.code()),
                        "{label}: {query}: {} comes back",
                        a.currency
                    );
                    assert!(
                        !finished.contains(b.currency.code()),
                        "{label}: {query}: {} interleaved",
                        b.currency
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn delivery_and_rating_sorts_put_the_fastest_and_the_best_rated_first() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        // 2 days (better-rated shop first), 7 days, 11 days, then the listing that cannot reach Germany.
        assert_eq!(
            keys(&app, label, "sort=fastest_delivery&region=DE").await,
            [
                "brass-lamp",
                "mug",
                "lantern-sold-out",
                "lantern-best",
                "side-table",
                "kettle",
                "lantern-poorly-rated",
                "reading-light",
                "boots",
                "scarf",
                "lantern-slow",
                "lampshade",
            ],
            "{label}"
        );
        let results = search(&app, label, "sort=fastest_delivery&region=DE&per_page=100").await;
        let days: Vec<u16> = results.items.iter().map(|i| fastest_days(i).unwrap_or(u16::MAX)).collect();
        assert!(days.windows(2).all(|w| w[0] <= w[1]), "{label}: {days:?}");
        assert!(results.items[0].delivery.len() == 2, "{label}: cards carry their delivery options");

        // 4.8 (two shops), 4.5, 2.5, unrated.
        assert_eq!(
            keys(&app, label, "sort=top_rated").await,
            [
                "brass-lamp",
                "scarf",
                "mug",
                "lantern-sold-out",
                "lantern-slow",
                "lantern-best",
                "reading-light",
                "boots",
                "side-table",
                "kettle",
                "lantern-poorly-rated",
                "lampshade",
            ],
            "{label}"
        );
        // Where no lane leads, every listing is equally slow and the better-rated shops come first.
        assert_eq!(
            keys(&app, label, "sort=fastest_delivery&region=BR").await,
            keys(&app, label, "sort=top_rated").await,
            "{label}"
        );
        assert_eq!(
            keys(&app, label, "sort=top_rated&q=lamp").await,
            ["brass-lamp", "reading-light", "side-table", "lampshade"],
            "{label}"
        );
    }
}

#[tokio::test]
async fn at_equal_relevance_the_likeliest_successful_purchase_ranks_first() {
    // The four "Quill Lantern" listings share words, price, category and outcome counters. One is in stock at
    // a well-rated shop that delivers in 2 days; each other one differs in exactly one of those. The best one
    // has the largest id, so text order alone would put it last.
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, true).await;
        let operator = app.signed_in(OPERATOR.0, OPERATOR.1).await;
        let order = keys(&app, label, "q=lantern&region=DE").await;
        assert_eq!(order.len(), 4, "{label}");
        assert_eq!(order[0], "lantern-best", "{label}: {order:?}");
        // The same with the default sort named, and with other words that match all four equally.
        let named = keys(&app, label, "q=quill+lantern&region=DE&sort=best_match").await;
        assert_eq!(named[0], "lantern-best", "{label}");
        assert_eq!(keys(&app, label, "q=lant&region=DE").await[0], "lantern-best", "{label}");

        // Only those signals differ: the explanations agree on relevance and disagree on nothing else.
        let mut explanations = BTreeMap::new();
        for key in ["lantern-best", "lantern-sold-out", "lantern-poorly-rated", "lantern-slow"] {
            let path = format!("/api/v1/products/{}/ranking?region=DE&q=lantern", id_of(key));
            let response = operator.get(app.url(&path)).send().await.expect("answered");
            assert_eq!(response.status(), 200, "{label}: {key}");
            let explanation: RankingExplanation = response.json().await.expect("explanation");
            explanations.insert(key, explanation);
        }
        let best = &explanations["lantern-best"];
        assert_eq!(best.signals.relevance_ppm, 1_000_000, "{label}");
        assert_eq!(
            (best.signals.in_stock, best.signals.seller_rating_x100, best.signals.delivery_days),
            (true, Some(480), Some(2)),
            "{label}"
        );
        for (key, other) in &explanations {
            assert_eq!(other.signals.relevance_ppm, best.signals.relevance_ppm, "{label}: {key}");
            if *key != "lantern-best" {
                assert!(other.ranking.total_ppm < best.ranking.total_ppm, "{label}: {key}");
            }
        }
        let differs = |key: &str| {
            let s = &explanations[key].signals;
            (s.in_stock != best.signals.in_stock) as u8
                + (s.seller_rating_x100 != best.signals.seller_rating_x100) as u8
                + (s.delivery_days != best.signals.delivery_days) as u8
        };
        for key in ["lantern-sold-out", "lantern-poorly-rated", "lantern-slow"] {
            assert_eq!(differs(key), 1, "{label}: {key} differs in exactly one signal");
        }
        // The result order is the order of the totals.
        let totals: Vec<u32> = order.iter().map(|key| explanations[key].ranking.total_ppm).collect();
        assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{label}: {order:?} {totals:?}");
    }
}

#[tokio::test]
async fn every_sort_pages_through_every_match_once() {
    // 300 matches: more than the 240 candidates "best match" re-ranks, so pages cross from the re-ranked window
    // into plain text order.
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = TestApp::spawn_with(TestOptions { database, demo_products: 0, ..Default::default() }).await;
        let ids: HashSet<String> = fixture::insert_widgets(&app.db, 300).await.into_iter().collect();
        for query in [
            "q=widget",
            "q=widget&region=DE",
            "q=copper+widget&in_stock=false",
            "",
            "region=DE",
            "sort=price_asc&region=DE",
            "sort=price_desc",
            "sort=fastest_delivery&region=DE",
            "sort=top_rated&q=widg",
        ] {
            let mut seen: Vec<String> = Vec::new();
            for page in 1..=4 {
                let results = search(&app, label, &format!("{query}&page={page}&per_page=100")).await;
                assert_eq!(results.total, 300, "{label}: {query}");
                assert_eq!(
                    results.items.len(),
                    if page < 4 { 100 } else { 0 },
                    "{label}: {query} page {page}"
                );
                seen.extend(results.items.iter().map(|i| i.id.to_string()));
            }
            let unique: HashSet<String> = seen.iter().cloned().collect();
            assert_eq!(unique.len(), 300, "{label}: {query}: no listing on two pages");
            assert_eq!(unique, ids, "{label}: {query}: every match on some page");
            if query.starts_with("q=widget") {
                // The order does not depend on the page size, across the window's edge too (page 11 of 23
                // holds results 231–253).
                let mut small_pages = Vec::new();
                for page in 1..=14 {
                    let results = search(&app, label, &format!("{query}&page={page}&per_page=23")).await;
                    small_pages.extend(results.items.iter().map(|i| i.id.to_string()));
                }
                assert_eq!(small_pages, seen, "{label}: {query}: same order at 23 per page");
            }
        }
    }
}

#[tokio::test]
async fn more_matches_than_are_counted_make_the_total_a_lower_bound() {
    // Counting stops after 1,000 matches so a one-letter search stays fast; the answer says so.
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = TestApp::spawn_with(TestOptions { database, demo_products: 0, ..Default::default() }).await;
        fixture::insert_widgets(&app.db, 1_001).await;
        for query in ["q=widget", "q=w", "", "sort=price_asc&region=DE", "q=copper&sort=top_rated"] {
            let results = search(&app, label, &format!("{query}&per_page=100&page=3")).await;
            assert_eq!(results.total, 1_000, "{label}: {query}");
            assert!(results.total_is_lower_bound, "{label}: {query}");
            assert_eq!(results.items.len(), 100, "{label}: {query}");
        }
        let results = search(&app, label, "q=widget&in_stock=true").await;
        assert_eq!((results.total, results.total_is_lower_bound), (750, false), "{label}: exact again");
        assert_eq!(results.facets.in_stock, 750, "{label}");
    }
}

#[tokio::test]
async fn the_index_follows_every_change_to_a_listing() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        let pool = app.db.pool();
        let lamp = id_of("brass-lamp");
        assert_eq!(keys(&app, label, "q=torchiere").await, Vec::<&str>::new(), "{label}");

        let changed = server::db::catalog::update_product_text(
            pool,
            &lamp,
            "Bronze Desk Torchiere",
            "A warm glow for reading.",
            r#"{"material":"bronze"}"#,
        )
        .await
        .expect("updates");
        assert!(changed, "{label}");
        assert_eq!(keys(&app, label, "q=torchiere").await, ["brass-lamp"], "{label}: the new word is found");
        assert_eq!(keys(&app, label, "q=glow").await, ["brass-lamp"], "{label}: the new description");
        assert_eq!(
            keys(&app, label, "q=bronze").await,
            ["brass-lamp"],
            "{label}: the new title and attributes"
        );
        let lamp_now = sorted(keys(&app, label, "q=lamp").await);
        assert_eq!(lamp_now, ["lampshade", "reading-light", "side-table"], "{label}: the old word is gone");
        assert_eq!(
            keys(&app, label, "q=brass").await,
            ["kettle"],
            "{label}: the old title and attribute are gone"
        );

        // A change that is rolled back never reaches the index.
        let mut transaction = pool.begin().await.expect("begins");
        sqlx::query("UPDATE products SET title = $1 WHERE id = $2")
            .bind("Zebra Desk Torchiere")
            .bind(&lamp)
            .execute(&mut *transaction)
            .await
            .expect("updates");
        transaction.rollback().await.expect("rolls back");
        assert!(keys(&app, label, "q=zebra").await.is_empty(), "{label}");
        assert_eq!(keys(&app, label, "q=torchiere").await, ["brass-lamp"], "{label}");

        // A plain SQL update of one column is indexed too.
        sqlx::query("UPDATE products SET description = $1 WHERE id = $2")
            .bind("Holds tea.")
            .bind(id_of("mug"))
            .execute(pool)
            .await
            .expect("updates");
        assert_eq!(keys(&app, label, "q=tea").await, ["mug"], "{label}");
        assert!(keys(&app, label, "q=coffee").await.is_empty(), "{label}");

        // Deleted listings leave the index.
        assert!(server::db::catalog::delete_product(pool, &id_of("mug")).await.expect("deletes"), "{label}");
        assert!(keys(&app, label, "q=mug").await.is_empty(), "{label}");
        assert!(keys(&app, label, "q=tea").await.is_empty(), "{label}");
        assert_eq!(search(&app, label, "").await.total, fixture::listings().len() as u64 - 1, "{label}");
        let (status, _) = app.get_json(&format!("/api/v1/products/{}", id_of("mug"))).await;
        assert_eq!(status, 404, "{label}");
        assert!(keys(&app, label, "q=ceramic").await.is_empty(), "{label}");
        // The others are untouched.
        assert_eq!(keys(&app, label, "q=kettle").await, ["kettle"], "{label}");
        assert_eq!(keys(&app, label, "q=lantern").await.len(), 4, "{label}");
    }
}

#[tokio::test]
async fn bad_search_parameters_are_400s_naming_the_parameter() {
    let long_q = "lamp+".repeat(2_048); // 10 kB.
    let cases: Vec<(String, &str)> = vec![
        ("min_price=-5&currency=EUR".into(), "min_price"),
        ("max_price=-0.01&region=DE".into(), "max_price"),
        ("min_price=ten&currency=EUR".into(), "min_price"),
        ("max_price=1.234&currency=EUR".into(), "max_price"),
        ("min_price=50&max_price=10&currency=EUR".into(), "max_price"),
        ("min_price=5&currency=XYZ".into(), "currency"),
        ("min_price=5".into(), "currency"),
        ("max_price=5".into(), "currency"),
        ("page=0".into(), "page"),
        ("page=abc".into(), "page"),
        ("page=-1".into(), "page"),
        ("page=4294967296".into(), "page"),
        ("per_page=abc".into(), "per_page"),
        ("max_price=99999999999999999999&currency=EUR".into(), "max_price"),
        ("min_price=1e3&currency=EUR".into(), "min_price"),
        ("delivery_days=99999999999&region=DE".into(), "delivery_days"),
        ("per_page=101".into(), "per_page"),
        ("sort=unknown".into(), "sort"),
        ("sort=fastest_delivery".into(), "region"),
        (format!("q={long_q}"), "q"),
        ("region=XX".into(), "region"),
        ("region=Germany".into(), "region"),
        ("delivery_days=3".into(), "region"),
        ("delivery_days=0&region=DE".into(), "delivery_days"),
        ("delivery_days=61&region=DE".into(), "delivery_days"),
        ("delivery_days=soon&region=DE".into(), "delivery_days"),
        ("min_rating=6".into(), "min_rating"),
        ("min_rating=four".into(), "min_rating"),
        ("in_stock=maybe".into(), "in_stock"),
        ("category=Lighting".into(), "category"),
        ("category=no-such-category".into(), "category"),
    ];
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        for (query, expected_field) in &cases {
            let (status, body) = app.get_json(&format!("/api/v1/products?{query}")).await;
            let shown: String = query.chars().take(60).collect();
            assert_eq!(status, 400, "{label}: {shown}: {body}");
            let (code, field) = error_parts(&body);
            assert_eq!(code, "invalid_parameter", "{label}: {shown}");
            assert_eq!(field.as_deref(), Some(*expected_field), "{label}: {shown}: {body}");
        }
        for path in [
            format!("/api/v1/products/suggestions?q={long_q}"),
            format!("/api/v1/products/{}?region=XX", id_of("mug")),
        ] {
            let (status, body) = app.get_json(&path).await;
            assert_eq!(status, 400, "{label}");
            let field = error_parts(&body).1;
            assert!(field.as_deref() == Some("q") || field.as_deref() == Some("region"), "{label}: {body}");
        }
    }
}

#[tokio::test]
async fn a_product_page_has_variants_delivery_options_and_warranty() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        let id = id_of("brass-lamp");
        let (status, body) = app.get_json(&format!("/api/v1/products/{id}?region=DE")).await;
        assert_eq!(status, 200, "{label}: {body}");
        let detail: ProductDetail = serde_json::from_value(body).expect("a product page");
        let variants: Vec<(i64, u32)> =
            detail.variants.iter().map(|v| (v.price.amount_minor, v.stock)).collect();
        assert_eq!(variants, [(4_999, 5), (5_999, 2)], "{label}: each variant's own price and stock");
        assert!(detail.variants.iter().all(|v| v.price.currency.code() == "EUR"), "{label}");
        assert_eq!(detail.variants[1].options[0].name, "size", "{label}");
        assert_eq!(detail.variants[1].sku, "brass-lamp-1", "{label}");
        assert_eq!(detail.price.amount_minor, 4_999, "{label}: the lowest variant price");
        assert_eq!(detail.stock, 7, "{label}: the sum of the variants' stock");
        assert_eq!(detail.warranty_months, 24, "{label}");
        assert_eq!(detail.delivery_region.as_deref(), Some("DE"), "{label}");
        assert_eq!((detail.seller.region.as_str(), detail.seller.handling_days), ("DE", 1), "{label}");
        // 1 handling day + express (1 day) or standard (1–2 days); fastest first.
        let options: Vec<(&str, u16, u16)> =
            detail.delivery.iter().map(|o| (o.service_level.as_str(), o.days_min, o.days_max)).collect();
        assert_eq!(options, [("express", 2, 2), ("standard", 2, 3)], "{label}");
        assert_eq!(detail.delivery[0].cost.currency.code(), "EUR", "{label}");

        // From the US shop: 2 handling days + 3–5 express, + 10–20 economy.
        let (_, body) = app.get_json(&format!("/api/v1/products/{}?region=de", id_of("reading-light"))).await;
        let us: ProductDetail = serde_json::from_value(body).expect("a product page");
        let options: Vec<(&str, u16, u16)> =
            us.delivery.iter().map(|o| (o.service_level.as_str(), o.days_min, o.days_max)).collect();
        assert_eq!(options, [("express", 5, 7), ("economy", 12, 22)], "{label}");
        assert_eq!(us.delivery_region.as_deref(), Some("DE"), "{label}: the region as a code");

        // No lane from Korea; no region, no options.
        let (_, body) = app.get_json(&format!("/api/v1/products/{}?region=DE", id_of("lampshade"))).await;
        assert_eq!(body["delivery"], serde_json::json!([]), "{label}");
        let (_, body) = app.get_json(&format!("/api/v1/products/{id}")).await;
        assert_eq!(body["delivery"], serde_json::json!([]), "{label}");
        assert!(body.get("delivery_region").is_none(), "{label}");

        // The card in the results agrees with the page.
        let results = search(&app, label, "q=brass+lamp&region=DE").await;
        assert_eq!(results.items[0].price, detail.price, "{label}");
        assert_eq!(results.items[0].delivery, detail.delivery, "{label}");

        let (status, body) = app.get_json(&format!("/api/v1/products/{id}?region=XX")).await;
        assert_eq!(status, 400, "{label}");
        assert_eq!(error_parts(&body), ("invalid_parameter".into(), Some("region".into())), "{label}");
    }
}

#[tokio::test]
async fn suggestions_complete_the_last_word_and_forgive_a_slip() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        let suggest = |q: &'static str| {
            let app = &app;
            async move {
                let (status, body) = app.get_json(&format!("/api/v1/products/suggestions?q={q}")).await;
                assert_eq!(status, 200, "{label}: {q}: {body}");
                serde_json::from_value::<Vec<String>>(body).expect("a list of words")
            }
        };
        let lam = suggest("lam").await;
        assert_eq!(lam.first().map(String::as_str), Some("lamp"), "{label}: {lam:?}");
        for word in ["lampshade", "lambswool"] {
            assert!(lam.contains(&word.to_string()), "{label}: {word} in {lam:?}");
        }
        let typo = suggest("lmap").await;
        assert_eq!(typo.first().map(String::as_str), Some("lamp"), "{label}: a swapped pair: {typo:?}");
        assert_eq!(
            suggest("lamq").await.first().map(String::as_str),
            Some("lamp"),
            "{label}: a wrong letter"
        );
        // "lanp" is one slip from both; the word in more listings wins.
        assert_eq!(suggest("lanp").await.first().map(String::as_str), Some("lantern"), "{label}");
        assert_eq!(suggest("brass+lam").await.first().map(String::as_str), Some("brass lamp"), "{label}");
        assert_eq!(suggest("LAM").await.first().map(String::as_str), Some("lamp"), "{label}");
        assert!(suggest("lamp+").await.is_empty(), "{label}: a finished word is not completed");
        assert!(suggest("qqqq").await.is_empty(), "{label}");
        assert!(suggest("").await.is_empty(), "{label}");
        assert!(lam.len() <= 8, "{label}");
    }
}

#[tokio::test]
async fn only_operators_see_why_a_listing_ranks_where_it_does() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, true).await;
        let path = format!("/api/v1/products/{}/ranking?region=DE&q=lamp", id_of("brass-lamp"));
        let operator = app.signed_in(OPERATOR.0, OPERATOR.1).await;
        let response = operator.get(app.url(&path)).send().await.expect("answered");
        assert_eq!(response.status(), 200, "{label}");
        let explanation: RankingExplanation = response.json().await.expect("explanation");
        assert_eq!(explanation.region.as_deref(), Some("DE"), "{label}");
        assert_eq!(explanation.ranking.parts.len(), 7, "{label}");
        assert_eq!(explanation.signals.relevance_ppm, 1_000_000, "{label}: lamp is a whole title word");
        assert_eq!(explanation.signals.delivery_days, Some(2), "{label}");
        assert_eq!(explanation.signals.seller_rating_x100, Some(480), "{label}");
        assert!(explanation.signals.in_stock, "{label}");
        let weights: u64 = explanation.ranking.parts.iter().map(|p| u64::from(p.weight)).sum();
        let weighted: u64 =
            explanation.ranking.parts.iter().map(|p| u64::from(p.weight) * u64::from(p.score_ppm)).sum();
        assert_eq!(u64::from(explanation.ranking.total_ppm), weighted / weights, "{label}");

        // A description match is less relevant; no region, no delivery signal.
        let path_b = format!("/api/v1/products/{}/ranking?q=lamp", id_of("side-table"));
        let other: RankingExplanation =
            operator.get(app.url(&path_b)).send().await.expect("answered").json().await.expect("JSON");
        assert!(other.signals.relevance_ppm < 1_000_000 && other.signals.relevance_ppm > 0, "{label}");
        assert_eq!((other.region, other.signals.delivery_days), (None, None), "{label}");

        let unknown_region = format!("/api/v1/products/{}/ranking?region=XX", id_of("brass-lamp"));
        let response = operator.get(app.url(&unknown_region)).send().await.expect("answered");
        assert_eq!(response.status(), 400, "{label}");
        let long_q = format!("/api/v1/products/{}/ranking?q={}", id_of("brass-lamp"), "lamp+".repeat(100));
        let response = operator.get(app.url(&long_q)).send().await.expect("answered");
        assert_eq!(response.status(), 400, "{label}");
        let body: serde_json::Value = response.json().await.expect("JSON");
        assert_eq!(error_parts(&body).1.as_deref(), Some("q"), "{label}");
        let unknown_product = "/api/v1/products/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69/ranking";
        let response = operator.get(app.url(unknown_product)).send().await.expect("answered");
        assert_eq!(response.status(), 404, "{label}");

        for (email, password) in [SELLER, SHOPPER] {
            let client = app.signed_in(email, password).await;
            let response = client.get(app.url(&path)).send().await.expect("answered");
            assert_eq!(response.status(), 403, "{label}: {email}");
        }
        let (status, body) = app.get_json(&path).await;
        assert_eq!(status, 401, "{label}");
        assert_eq!(error_parts(&body).0, "unauthenticated", "{label}");
    }
}

#[tokio::test]
async fn the_server_function_answers_like_the_rest_endpoint() {
    for database in TestDatabase::all().await {
        let label = database.label;
        let app = fixture_app(database, false).await;
        let (status, via_rest) =
            app.get_json("/api/v1/products?q=lamp&region=DE&sort=price_asc&per_page=3").await;
        assert_eq!(status, 200, "{label}");
        let (status, via_server_fn) = app
            .get_json(
                "/api/catalog/search?params[q]=lamp&params[region]=DE&params[sort]=price_asc&params[per_page]=3",
            )
            .await;
        assert_eq!(status, 200, "{label}: {via_server_fn}");
        assert_eq!(via_server_fn, via_rest, "{label}");
        let (status, body) = app.get_json("/api/catalog/suggest?typed=lmap").await;
        assert_eq!(status, 200, "{label}");
        assert_eq!(body[0], "lamp", "{label}");
    }
}

#[tokio::test]
async fn the_openapi_document_describes_search() {
    let app = TestApp::spawn_with(TestOptions { demo_products: 0, ..Default::default() }).await;
    let (status, document) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let paths = &document["paths"];
    for path in [
        "/api/v1/products",
        "/api/v1/products/{id}",
        "/api/v1/products/{id}/ranking",
        "/api/v1/products/suggestions",
        "/api/v1/categories",
    ] {
        assert!(paths[path]["get"].is_object(), "{path} missing");
    }
    let names = |path: &str| -> Vec<String> {
        paths[path]["get"]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} has parameters"))
            .iter()
            .map(|p| p["name"].as_str().expect("name").to_string())
            .collect()
    };
    let list = names("/api/v1/products");
    for parameter in [
        "q",
        "category",
        "min_price",
        "max_price",
        "currency",
        "region",
        "delivery_days",
        "min_rating",
        "in_stock",
        "sort",
        "page",
        "per_page",
    ] {
        assert!(list.contains(&parameter.to_string()), "SearchParams.{parameter} missing from {list:?}");
    }
    assert!(names("/api/v1/products/{id}").contains(&"region".to_string()));
    let ranking = names("/api/v1/products/{id}/ranking");
    assert!(ranking.contains(&"region".to_string()) && ranking.contains(&"q".to_string()), "{ranking:?}");
    assert!(names("/api/v1/products/suggestions").contains(&"q".to_string()));
    let ranking_get = &paths["/api/v1/products/{id}/ranking"]["get"];
    for status in ["200", "401", "403", "404"] {
        assert!(ranking_get["responses"][status].is_object(), "ranking documents {status}");
    }
    let schemas = &document["components"]["schemas"];
    for schema in ["SearchResults", "Facets", "FacetCount", "ProductDetail", "Variant", "RankingExplanation"]
    {
        assert!(schemas[schema].is_object(), "schema {schema} missing");
    }
}
