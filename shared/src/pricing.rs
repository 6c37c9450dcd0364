//! The pricing engine: what a cart costs, per seller and per currency, and how each order's money splits
//! between the seller and the platform.
//!
//! The browser runs [`quote_cart`] for the live preview; the server runs it again as the authority and refuses
//! a checkout whose totals moved ([`check_unchanged`]), so nobody is ever charged an amount they did not see.
//!
//! # Rules, in order
//! 1. A line costs unit price × quantity, exactly.
//! 2. Line promotions: "buy N, get one free" makes every (N+1)-th unit of that product free. When a seller runs
//!    several for one product, the one that frees most units counts.
//! 3. Order promotions: "percent off (with a cap)" and "amount off over a threshold" look at the seller's item
//!    subtotal after line promotions; the single one worth most to the shopper applies (they do not stack).
//!    Its discount is spread over the lines in proportion to their amounts ([`Money::allocate`]: exact, no
//!    rounding), so returns and commissions can be worked out per line later.
//! 4. Shipping is the price of the delivery option the shopper chose for that seller.
//! 5. Commission is taken from the seller's side in basis points of each line's category, on items after
//!    discounts (never on shipping), and is not added to the shopper's price.
//!
//! Every derived amount is rounded exactly once, half up, in the currency's own minor unit (a cent for USD,
//! a whole won for KRW): the percent-off discount and the commission. Everything else is exact integer
//! arithmetic.

use serde::{Deserialize, Serialize};

use crate::ids::{ProductId, SellerId, VariantId};
use crate::money::{Currency, Money, MoneyError, RoundingMode, round_div};

/// Most units of one variant in a cart.
pub const MAX_LINE_QUANTITY: u32 = 99;
/// Most lines in one cart.
pub const MAX_CART_LINES: usize = 50;
/// Commission is at most 100 % of the items.
pub const MAX_COMMISSION_BPS: u32 = 10_000;

/// One cart line as pricing needs it: what it is, its unit price now and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceLine {
    pub product_id: ProductId,
    pub variant_id: VariantId,
    pub unit_price: Money,
    pub quantity: u32,
    /// The platform's commission for the product's category, in basis points (1,000 = 10 %).
    pub commission_bps: u32,
}

/// A seller's promotion rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PromotionRule {
    /// `percent_bps` off the seller's item subtotal (1,000 = 10 %), never more than `cap` when there is one.
    PercentOff { percent_bps: u32, cap: Option<Money> },
    /// `off` the item subtotal once it reaches `threshold` ("5 off orders over 50").
    AmountOffOver { threshold: Money, off: Money },
    /// Buy `buy` units of `product_id`, get one more free: of every `buy + 1` units, one costs nothing.
    BuyNGetOne { product_id: ProductId, buy: u32 },
}

/// A promotion as a seller runs it: the rule and the words the shopper sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Promotion {
    pub label: String,
    pub rule: PromotionRule,
}

/// Everything one seller's part of the cart is priced from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerCart {
    pub seller_id: SellerId,
    pub lines: Vec<PriceLine>,
    pub promotions: Vec<Promotion>,
    /// The price of the chosen delivery option; None while the shopper has not chosen one (the quote then
    /// leaves shipping at zero and says so).
    pub shipping: Option<Money>,
}

/// A line's price after promotions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineQuote {
    pub product_id: ProductId,
    pub variant_id: VariantId,
    pub quantity: u32,
    pub unit_price: Money,
    /// Unit price × quantity.
    pub subtotal: Money,
    /// Units that cost nothing under "buy N, get one".
    pub free_units: u32,
    /// Everything taken off this line: free units plus its share of the order promotion.
    pub discount: Money,
    /// What the shopper pays for the line: subtotal − discount.
    pub total: Money,
}

/// A promotion that changed the price, with how much it took off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedPromotion {
    pub label: String,
    pub amount: Money,
}

/// One seller's order, priced: what the shopper pays and what reaches the seller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderQuote {
    pub seller_id: SellerId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "USD"))]
    pub currency: Currency,
    pub lines: Vec<LineQuote>,
    /// Sum of line subtotals, before any promotion.
    pub items_subtotal: Money,
    /// Sum of every promotion's amount.
    pub discount: Money,
    pub promotions: Vec<AppliedPromotion>,
    pub shipping: Money,
    /// Whether a delivery option was chosen (otherwise `shipping` is zero for now).
    pub shipping_chosen: bool,
    /// What the shopper pays: items − discount + shipping.
    pub total: Money,
    /// The platform's commission, taken from the seller's side.
    pub commission: Money,
    /// What reaches the seller on release: total − commission.
    pub seller_net: Money,
}

/// A whole cart, priced: one order per seller and the amount charged per currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartQuote {
    pub orders: Vec<OrderQuote>,
    /// One total per currency (one payment each), ordered by currency code.
    pub totals: Vec<Money>,
}

/// Why a cart could not be priced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("the cart is empty")]
    EmptyCart,
    #[error("a cart holds at most {MAX_CART_LINES} lines")]
    TooManyLines,
    #[error("quantity must be between 1 and {MAX_LINE_QUANTITY}")]
    BadQuantity,
    #[error("a unit price cannot be negative")]
    NegativePrice,
    #[error("commission must be between 0 and {MAX_COMMISSION_BPS} basis points")]
    BadCommission,
    #[error("a promotion's numbers are out of range: {0}")]
    BadPromotion(String),
    #[error("one seller's order must be in one currency: {left} and {right} in the same order")]
    MixedCurrencies { left: Currency, right: Currency },
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// Prices a cart: one [`OrderQuote`] per seller (in the order given) and one total per currency.
pub fn quote_cart(sellers: &[SellerCart]) -> Result<CartQuote, PricingError> {
    if sellers.iter().all(|seller| seller.lines.is_empty()) {
        return Err(PricingError::EmptyCart);
    }
    if sellers.iter().map(|seller| seller.lines.len()).sum::<usize>() > MAX_CART_LINES {
        return Err(PricingError::TooManyLines);
    }
    let orders = sellers
        .iter()
        .filter(|seller| !seller.lines.is_empty())
        .map(quote_seller)
        .collect::<Result<Vec<_>, _>>()?;
    let mut totals: Vec<Money> = Vec::new();
    for order in &orders {
        match totals.iter_mut().find(|total| total.currency == order.currency) {
            Some(total) => *total = total.checked_add(order.total)?,
            None => totals.push(order.total),
        }
    }
    totals.sort_by_key(|total| total.currency.code());
    Ok(CartQuote { orders, totals })
}

/// Prices one seller's part of the cart.
pub fn quote_seller(cart: &SellerCart) -> Result<OrderQuote, PricingError> {
    let currency = cart.lines.first().ok_or(PricingError::EmptyCart)?.unit_price.currency;
    for line in &cart.lines {
        if line.unit_price.currency != currency {
            return Err(PricingError::MixedCurrencies { left: currency, right: line.unit_price.currency });
        }
        if line.quantity == 0 || line.quantity > MAX_LINE_QUANTITY {
            return Err(PricingError::BadQuantity);
        }
        if line.commission_bps > MAX_COMMISSION_BPS {
            return Err(PricingError::BadCommission);
        }
        if line.unit_price.is_negative() {
            return Err(PricingError::NegativePrice);
        }
    }
    for promotion in &cart.promotions {
        check_promotion(&promotion.rule, currency)?;
    }
    let shipping = cart.shipping.unwrap_or(Money::zero(currency));
    if shipping.currency != currency {
        return Err(PricingError::MixedCurrencies { left: currency, right: shipping.currency });
    }

    // 1–2: subtotals and "buy N, get one".
    let mut lines = Vec::with_capacity(cart.lines.len());
    let mut promotions = Vec::new();
    for line in &cart.lines {
        let subtotal = line.unit_price.checked_mul(i64::from(line.quantity))?;
        let best = cart
            .promotions
            .iter()
            .filter_map(|promotion| match promotion.rule {
                PromotionRule::BuyNGetOne { product_id, buy } if product_id == line.product_id => {
                    Some((line.quantity / (buy + 1), promotion))
                }
                _ => None,
            })
            .filter(|(free, _)| *free > 0)
            .max_by_key(|(free, _)| *free);
        let (free_units, discount) = match best {
            Some((free, promotion)) => {
                let amount = line.unit_price.checked_mul(i64::from(free))?;
                promotions.push(AppliedPromotion { label: promotion.label.clone(), amount });
                (free, amount)
            }
            None => (0, Money::zero(currency)),
        };
        lines.push(LineQuote {
            product_id: line.product_id,
            variant_id: line.variant_id,
            quantity: line.quantity,
            unit_price: line.unit_price,
            subtotal,
            free_units,
            discount,
            total: subtotal.checked_sub(discount)?,
        });
    }
    let items_subtotal = Money::checked_sum(currency, lines.iter().map(|line| line.subtotal))?;
    let after_line_promotions = Money::checked_sum(currency, lines.iter().map(|line| line.total))?;

    // 3: the single best order promotion, spread over the lines.
    let best_order_promotion = cart
        .promotions
        .iter()
        .filter_map(|promotion| {
            order_discount(&promotion.rule, after_line_promotions).map(|amount| (amount, promotion))
        })
        .filter(|(amount, _)| amount.amount_minor > 0)
        .max_by_key(|(amount, _)| amount.amount_minor);
    if let Some((amount, promotion)) = best_order_promotion {
        let weights: Vec<u64> = lines.iter().map(|line| line.total.amount_minor.unsigned_abs()).collect();
        let shares = amount.allocate(&weights)?;
        for (line, share) in lines.iter_mut().zip(shares) {
            line.discount = line.discount.checked_add(share)?;
            line.total = line.total.checked_sub(share)?;
        }
        promotions.push(AppliedPromotion { label: promotion.label.clone(), amount });
    }
    let discount = Money::checked_sum(currency, promotions.iter().map(|promotion| promotion.amount))?;
    let items_total = Money::checked_sum(currency, lines.iter().map(|line| line.total))?;

    // 5: commission per line's category, rounded once over the whole order.
    let commission_exact: i128 = lines
        .iter()
        .zip(&cart.lines)
        .map(|(quote, line)| i128::from(quote.total.amount_minor) * i128::from(line.commission_bps))
        .sum();
    let commission_minor = i64::try_from(round_div(commission_exact, 10_000, RoundingMode::HalfUp))
        .map_err(|_| MoneyError::Overflow)?;
    let commission = Money::new(commission_minor, currency);
    let total = items_total.checked_add(shipping)?;

    Ok(OrderQuote {
        seller_id: cart.seller_id,
        currency,
        lines,
        items_subtotal,
        discount,
        promotions,
        shipping,
        shipping_chosen: cart.shipping.is_some(),
        total,
        commission,
        seller_net: total.checked_sub(commission)?,
    })
}

/// What an order promotion takes off `items` (after line promotions); None when it does not apply.
fn order_discount(rule: &PromotionRule, items: Money) -> Option<Money> {
    match *rule {
        PromotionRule::PercentOff { percent_bps, cap } => {
            let exact = i128::from(items.amount_minor) * i128::from(percent_bps);
            let rounded = i64::try_from(round_div(exact, 10_000, RoundingMode::HalfUp)).ok()?;
            let capped = match cap {
                Some(cap) => rounded.min(cap.amount_minor),
                None => rounded,
            };
            Some(Money::new(capped.min(items.amount_minor), items.currency))
        }
        PromotionRule::AmountOffOver { threshold, off } => (items.amount_minor >= threshold.amount_minor)
            .then(|| Money::new(off.amount_minor.min(items.amount_minor), items.currency)),
        PromotionRule::BuyNGetOne { .. } => None,
    }
}

/// Rejects promotions whose numbers make no sense, so a bad rule fails loudly instead of pricing oddly.
pub fn check_promotion(rule: &PromotionRule, currency: Currency) -> Result<(), PricingError> {
    let in_currency = |money: Money| money.currency == currency && !money.is_negative();
    let problem = match rule {
        PromotionRule::PercentOff { percent_bps, cap } => {
            if *percent_bps == 0 || *percent_bps > 10_000 {
                Some("percent off must be above 0 and at most 100 %")
            } else if cap.is_some_and(|cap| !in_currency(cap)) {
                Some("the cap must be a positive amount in the shop's currency")
            } else {
                None
            }
        }
        PromotionRule::AmountOffOver { threshold, off } => {
            if !in_currency(*threshold) || !in_currency(*off) || off.is_zero() {
                Some("threshold and amount must be positive amounts in the shop's currency")
            } else {
                None
            }
        }
        PromotionRule::BuyNGetOne { buy, .. } => (*buy == 0 || *buy > 100).then_some("buy must be 1 to 100"),
    };
    match problem {
        Some(problem) => Err(PricingError::BadPromotion(problem.into())),
        None => Ok(()),
    }
}

/// The totals the shopper saw differ from what the cart costs now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[error("prices changed since you looked: you saw {}, it is now {}", list(.seen), list(.now))]
pub struct PriceChanged {
    pub seen: Vec<Money>,
    pub now: Vec<Money>,
}

fn list(amounts: &[Money]) -> String {
    let parts: Vec<String> =
        amounts.iter().map(|money| format!("{} {}", money.to_major_string(), money.currency)).collect();
    parts.join(" + ")
}

/// Ok when `seen` (the preview's totals, one per currency) equals what the server computed.
pub fn check_unchanged(seen: &[Money], quote: &CartQuote) -> Result<(), PriceChanged> {
    let mut seen_sorted = seen.to_vec();
    seen_sorted.sort_by_key(|money| money.currency.code());
    if seen_sorted == quote.totals {
        Ok(())
    } else {
        Err(PriceChanged { seen: seen_sorted, now: quote.totals.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(cents: i64) -> Money {
        Money::new(cents, Currency::USD)
    }

    fn product(n: u8) -> ProductId {
        ProductId::from_parts(1_700_000_000_000, [n; 10])
    }

    fn line(n: u8, unit_price: Money, quantity: u32, commission_bps: u32) -> PriceLine {
        PriceLine {
            product_id: product(n),
            variant_id: VariantId::from_parts(1_700_000_000_000, [n; 10]),
            unit_price,
            quantity,
            commission_bps,
        }
    }

    fn seller(n: u8) -> SellerId {
        SellerId::from_parts(1_700_000_000_000, [n; 10])
    }

    fn cart(lines: Vec<PriceLine>, promotions: Vec<Promotion>, shipping: Option<Money>) -> SellerCart {
        SellerCart { seller_id: seller(1), lines, promotions, shipping }
    }

    fn promotion(rule: PromotionRule) -> Promotion {
        Promotion { label: "promo".into(), rule }
    }

    #[test]
    fn unit_price_times_quantity_plus_shipping_with_commission_from_the_seller_side() {
        let quote =
            quote_seller(&cart(vec![line(1, usd(1_999), 3, 1_000)], vec![], Some(usd(499)))).expect("prices");
        assert_eq!(quote.items_subtotal, usd(5_997));
        assert_eq!(quote.total, usd(6_496));
        // 10 % of 59.97 = 5.997 → 6.00 (half up, once); shipping carries no commission.
        assert_eq!(quote.commission, usd(600));
        assert_eq!(quote.seller_net, usd(5_896));
        assert!(quote.shipping_chosen);
    }

    #[test]
    fn percent_off_is_capped_and_rounded_once() {
        let rule = PromotionRule::PercentOff { percent_bps: 1_500, cap: Some(usd(500)) };
        let small = quote_seller(&cart(vec![line(1, usd(1_001), 1, 0)], vec![promotion(rule.clone())], None))
            .expect("prices");
        // 15 % of 10.01 = 1.5015 → 1.50
        assert_eq!(small.discount, usd(150));
        let large = quote_seller(&cart(vec![line(1, usd(10_000), 1, 0)], vec![promotion(rule)], None))
            .expect("prices");
        assert_eq!(large.discount, usd(500), "15 % of 100.00 is capped at 5.00");
        assert_eq!(large.total, usd(9_500));
    }

    #[test]
    fn amount_off_applies_only_from_the_threshold() {
        let rule = PromotionRule::AmountOffOver { threshold: usd(5_000), off: usd(700) };
        let below = quote_seller(&cart(vec![line(1, usd(4_999), 1, 0)], vec![promotion(rule.clone())], None))
            .expect("prices");
        assert_eq!(below.discount, usd(0));
        assert!(below.promotions.is_empty());
        let at = quote_seller(&cart(vec![line(1, usd(2_500), 2, 0)], vec![promotion(rule)], None))
            .expect("prices");
        assert_eq!(at.discount, usd(700));
        assert_eq!(at.total, usd(4_300));
    }

    #[test]
    fn buy_two_get_one_frees_every_third_unit_of_that_product_only() {
        let rule = PromotionRule::BuyNGetOne { product_id: product(1), buy: 2 };
        let quote = quote_seller(&cart(
            vec![line(1, usd(1_000), 7, 0), line(2, usd(300), 3, 0)],
            vec![promotion(rule)],
            None,
        ))
        .expect("prices");
        assert_eq!(quote.lines[0].free_units, 2, "7 units: 2 free");
        assert_eq!(quote.lines[0].total, usd(5_000));
        assert_eq!(quote.lines[1].free_units, 0, "another product");
        assert_eq!(quote.total, usd(5_900));
    }

    #[test]
    fn only_the_best_order_promotion_applies_and_is_spread_exactly_over_lines() {
        let promotions = vec![
            Promotion {
                label: "10 % off".into(),
                rule: PromotionRule::PercentOff { percent_bps: 1_000, cap: None },
            },
            Promotion {
                label: "3 off over 20".into(),
                rule: PromotionRule::AmountOffOver { threshold: usd(2_000), off: usd(300) },
            },
        ];
        let quote = quote_seller(&cart(
            vec![line(1, usd(1_000), 1, 500), line(2, usd(1_001), 1, 1_500), line(3, usd(1_000), 1, 0)],
            promotions,
            None,
        ))
        .expect("prices");
        assert_eq!(quote.promotions.len(), 1);
        assert_eq!(quote.promotions[0].label, "3 off over 20", "3.00 beats 10 % of 30.01");
        let line_discounts: i64 = quote.lines.iter().map(|line| line.discount.amount_minor).sum();
        assert_eq!(line_discounts, 300);
        assert_eq!(quote.total, usd(2_701));
    }

    #[test]
    fn krw_has_no_decimals_so_rounding_is_to_the_won() {
        let krw = |won| Money::new(won, Currency::KRW);
        let quote = quote_seller(&SellerCart {
            seller_id: seller(1),
            lines: vec![line(1, krw(12_345), 1, 333)],
            promotions: vec![promotion(PromotionRule::PercentOff { percent_bps: 333, cap: None })],
            shipping: Some(krw(3_000)),
        })
        .expect("prices");
        // 3.33 % of 12,345 = 411.0885 → 411
        assert_eq!(quote.discount, krw(411));
        // 3.33 % of 11,934 = 397.40 → 397
        assert_eq!(quote.commission, krw(397));
        assert_eq!(quote.total, krw(14_934));
    }

    #[test]
    fn a_cart_splits_into_one_order_per_seller_and_one_total_per_currency() {
        let eur = |cents| Money::new(cents, Currency::EUR);
        let sellers = vec![
            SellerCart {
                seller_id: seller(1),
                lines: vec![line(1, usd(1_000), 1, 0)],
                promotions: vec![],
                shipping: None,
            },
            SellerCart {
                seller_id: seller(2),
                lines: vec![line(2, eur(2_000), 1, 0)],
                promotions: vec![],
                shipping: None,
            },
            SellerCart {
                seller_id: seller(3),
                lines: vec![line(3, usd(500), 2, 0)],
                promotions: vec![],
                shipping: None,
            },
        ];
        let quote = quote_cart(&sellers).expect("prices");
        assert_eq!(quote.orders.len(), 3);
        assert_eq!(quote.totals, vec![eur(2_000), usd(2_000)]);
    }

    #[test]
    fn bad_carts_are_refused_with_a_reason() {
        assert_eq!(quote_cart(&[]), Err(PricingError::EmptyCart));
        let zero = cart(vec![line(1, usd(100), 0, 0)], vec![], None);
        assert_eq!(quote_seller(&zero), Err(PricingError::BadQuantity));
        let mixed = cart(vec![line(1, usd(100), 1, 0)], vec![], Some(Money::new(100, Currency::EUR)));
        assert!(matches!(quote_seller(&mixed), Err(PricingError::MixedCurrencies { .. })));
        let silly = cart(
            vec![line(1, usd(100), 1, 0)],
            vec![promotion(PromotionRule::PercentOff { percent_bps: 20_000, cap: None })],
            None,
        );
        assert!(matches!(quote_seller(&silly), Err(PricingError::BadPromotion(_))));
    }

    #[test]
    fn a_changed_total_is_refused_with_old_and_new_amounts() {
        let quote = quote_cart(&[cart(vec![line(1, usd(1_250), 1, 0)], vec![], None)]).expect("prices");
        assert_eq!(check_unchanged(&[usd(1_250)], &quote), Ok(()));
        let changed = check_unchanged(&[usd(1_000)], &quote).expect_err("price moved");
        assert_eq!(
            changed.to_string(),
            "prices changed since you looked: you saw 10.00 USD, it is now 12.50 USD"
        );
    }

    fn any_line() -> impl Strategy<Value = PriceLine> {
        (1u8..6, 0i64..1_000_000, 1u32..=MAX_LINE_QUANTITY, 0u32..=3_000)
            .prop_map(|(n, cents, quantity, bps)| line(n, usd(cents), quantity, bps))
    }

    fn any_rule() -> impl Strategy<Value = PromotionRule> {
        prop_oneof![
            (1u32..=10_000, proptest::option::of(0i64..100_000))
                .prop_map(|(percent_bps, cap)| PromotionRule::PercentOff { percent_bps, cap: cap.map(usd) }),
            (0i64..1_000_000, 1i64..100_000).prop_map(|(threshold, off)| PromotionRule::AmountOffOver {
                threshold: usd(threshold),
                off: usd(off)
            }),
            (1u8..6, 1u32..5).prop_map(|(n, buy)| PromotionRule::BuyNGetOne { product_id: product(n), buy }),
        ]
    }

    proptest! {
        #[test]
        fn amounts_always_add_up_and_never_go_negative(
            lines in proptest::collection::vec(any_line(), 1..8),
            rules in proptest::collection::vec(any_rule(), 0..4),
            shipping in proptest::option::of(0i64..10_000),
        ) {
            let promotions = rules.into_iter().map(promotion).collect();
            let quote = quote_seller(&cart(lines, promotions, shipping.map(usd))).expect("valid input prices");
            let line_totals: i64 = quote.lines.iter().map(|line| line.total.amount_minor).sum();
            prop_assert_eq!(quote.items_subtotal.amount_minor - quote.discount.amount_minor, line_totals);
            prop_assert_eq!(quote.total.amount_minor, line_totals + quote.shipping.amount_minor);
            prop_assert!(quote.lines.iter().all(|line| !line.total.is_negative()));
            prop_assert!(!quote.commission.is_negative());
            prop_assert!(quote.commission.amount_minor <= line_totals.max(0));
            prop_assert_eq!(quote.seller_net.amount_minor + quote.commission.amount_minor, quote.total.amount_minor);
        }

        #[test]
        fn a_promotion_never_raises_the_price(
            lines in proptest::collection::vec(any_line(), 1..8),
            rule in any_rule(),
        ) {
            let without = quote_seller(&cart(lines.clone(), vec![], None)).expect("prices");
            let with = quote_seller(&cart(lines, vec![promotion(rule)], None)).expect("prices");
            prop_assert!(with.total.amount_minor <= without.total.amount_minor);
        }
    }
}
