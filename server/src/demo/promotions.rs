//! Demo promotions and commission rates, so the cart and checkout show the pricing engine at work: a third of the
//! shops run "percent off, capped", a third "amount off over a threshold", a third "buy two, get one" on one of
//! their listings; departments carry different commission rates, as marketplaces charge them.

use anyhow::Context;
use shared::ids::PromotionId;
use shared::money::Currency;

use crate::db::Database;
use crate::db::catalog::NewSeller;
use crate::db::orders::{PromotionRow, insert_promotion, set_department_commission};

/// Commission per department slug, basis points of the items (the rest keep the default 10 %).
const COMMISSIONS: &[(&str, i64)] = &[("electronics", 800), ("fashion", 1_200), ("home-living", 1_000)];

/// Seeds promotions for `sellers` (deterministic: by each shop's position) and the department commissions.
pub async fn seed(db: &Database, sellers: &[NewSeller], created_at_ms: i64) -> anyhow::Result<()> {
    let pool = db.pool();
    for (department, bps) in COMMISSIONS {
        set_department_commission(pool, department, *bps).await.context("setting commissions")?;
    }
    for (index, seller) in sellers.iter().enumerate() {
        let currency = Currency::from_code(&seller.currency).context("seller currency")?;
        // Whole major units in the shop's currency (5.00 USD, 5 KRW would be silly: scaled by a price level).
        let major =
            |units: i64| units * 10_i64.pow(u32::from(currency.exponent())) * price_level(&seller.currency);
        let symbol = seller.currency.as_str();
        let (label, kind, percent_bps, cap, threshold, off, product_id, buy) = match index % 3 {
            0 => (
                format!("10 % off your order, up to {} {symbol}", major(5) / scale(currency)),
                "percent_off",
                Some(1_000),
                Some(major(5)),
                None,
                None,
                None,
                None,
            ),
            1 => (
                format!(
                    "{} {symbol} off orders over {} {symbol}",
                    major(5) / scale(currency),
                    major(50) / scale(currency)
                ),
                "amount_off_over",
                None,
                None,
                Some(major(50)),
                Some(major(5)),
                None,
                None,
            ),
            _ => match crate::db::orders::first_product_of(pool, &seller.id)
                .await
                .context("a shop's listing")?
            {
                Some(product) => (
                    "Buy 2, get 1 free".to_string(),
                    "buy_n_get_one",
                    None,
                    None,
                    None,
                    None,
                    Some(product),
                    Some(2),
                ),
                None => continue,
            },
        };
        let row = PromotionRow {
            id: PromotionId::from_parts(
                u64::try_from(created_at_ms).unwrap_or(0) + index as u64,
                [index as u8; 10],
            )
            .to_string(),
            seller_id: seller.id.clone(),
            label,
            kind: kind.into(),
            percent_bps,
            cap_minor: cap,
            threshold_minor: threshold,
            off_minor: off,
            product_id,
            buy,
        };
        insert_promotion(pool, &row, created_at_ms).await.context("inserting a promotion")?;
    }
    Ok(())
}

/// Rough price levels, as the demo's shelf prices use them: units of the currency per US dollar, rounded.
fn price_level(currency: &str) -> i64 {
    match currency {
        "BRL" => 5,
        "RUB" => 90,
        "KRW" => 1_350,
        _ => 1,
    }
}

fn scale(currency: Currency) -> i64 {
    10_i64.pow(u32::from(currency.exponent()))
}
