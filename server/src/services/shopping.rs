//! The cart and checkout: the shopper's side of the money loop.
//!
//! A checkout runs in three steps, each safe to interrupt:
//! 1. One write transaction reads the cart, prices it with `shared::pricing` (refusing if the totals differ from
//!    what the shopper saw), reserves the stock with conditional updates, and creates the order group, one order
//!    per seller and one `pending` payment per currency, and empties the cart.
//! 2. Each payment goes to the provider under its own id (the provider's idempotency key).
//! 3. The answer is recorded by [`Settlement`]: paid orders move into escrow with a balanced ledger capture;
//!    declined ones fail and their stock goes back.
//!
//! A crash between steps leaves `pending` payments, which the recovery job settles by asking the provider.
//! The `Idempotency-Key` makes retries replay the same checkout instead of creating another.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use app::ports::{RequestContext, ServiceError, Shopping};
use async_trait::async_trait;
use sha2::{Digest, Sha256};
use shared::auth::{Principal, Role};
use shared::commerce::{
    CartItem, CartLineView, CartSellerView, CartView, CheckoutRequest, CheckoutResult, check_idempotency_key,
};
use shared::delivery::{Lane, delivery_options};
use shared::dto::{SellerRef, parse_region};
use shared::ids::{OrderGroupId, OrderId, PaymentId, VariantId};
use shared::money::{Currency, Money};
use shared::pricing::{
    MAX_CART_LINES, MAX_LINE_QUANTITY, Promotion, PromotionRule, check_promotion, check_unchanged,
};

use super::orders::{checkout_result, rating};
use super::settlement::Settlement;
use crate::db::Database;
use crate::db::catalog::{self as catalog_store, LaneRow};
use crate::db::images;
use crate::db::orders::{self as store, CartRow, NewGroup, NewOrder, OrderLineRow, PromotionRow};
use crate::ids::fresh;

/// How long a finished checkout's key is remembered.
const IDEMPOTENCY_TTL_MS: i64 = 24 * 60 * 60 * 1_000;

pub struct ShoppingService {
    db: Database,
    settlement: Settlement,
    /// Checkouts running in this process, by (account, key): a second request with the same key gets 409.
    in_flight: Arc<Mutex<HashSet<(String, String)>>>,
}

impl ShoppingService {
    pub fn new(settlement: Settlement) -> Self {
        Self { db: settlement.db.clone(), settlement, in_flight: Arc::default() }
    }

    /// Groups cart rows by shop with promotions, delivery options (from `lanes`) and pictures. Pure: callers read
    /// what it needs first, so the checkout never holds its transaction while waiting for another connection.
    fn cart_sellers(
        rows: Vec<CartRow>,
        promotions: &[PromotionRow],
        lanes: &[LaneRow],
        pictures: &HashMap<String, images::ImageRow>,
    ) -> Result<Vec<CartSellerView>, ServiceError> {
        let mut sellers: Vec<CartSellerView> = Vec::new();
        let mut handling: HashMap<String, (String, i64)> = HashMap::new();
        for row in rows {
            let currency = Currency::from_code(&row.currency).context("stored currency")?;
            let line = CartLineView {
                product_id: row.product_id.parse().ok().context("stored product id")?,
                variant_id: row.variant_id.parse().ok().context("stored variant id")?,
                title: row.title.clone(),
                variant_label: variant_label(&row.options),
                image: pictures
                    .get(&row.product_id)
                    .and_then(|image| super::images::product_image(image).ok()),
                unit_price: Money::new(row.price_minor, currency),
                quantity: u32::try_from(row.quantity).unwrap_or(1),
                available: u32::try_from(row.stock.max(0)).unwrap_or(u32::MAX),
                commission_bps: u32::try_from(row.commission_bps).unwrap_or(0),
            };
            match sellers.iter_mut().find(|seller| seller.seller.id.to_string() == row.seller_id) {
                Some(seller) => seller.lines.push(line),
                None => {
                    handling
                        .insert(row.seller_id.clone(), (row.seller_region.clone(), row.seller_handling_days));
                    sellers.push(CartSellerView {
                        seller: SellerRef {
                            id: row.seller_id.parse().ok().context("stored seller id")?,
                            name: row.seller_name.clone(),
                            rating_x100: rating(row.seller_rating_x100),
                        },
                        currency,
                        lines: vec![line],
                        promotions: promotions
                            .iter()
                            .filter(|promotion| promotion.seller_id == row.seller_id)
                            .filter_map(|promotion| promotion_of(promotion, currency))
                            .collect(),
                        delivery_options: Vec::new(),
                    });
                }
            }
        }
        for seller in &mut sellers {
            let Some((origin, handling_days)) = handling.get(&seller.seller.id.to_string()) else { continue };
            let from_origin: Vec<Lane> = lanes
                .iter()
                .filter(|lane| &lane.origin_region == origin && lane.currency == seller.currency.code())
                .filter_map(LaneRow::to_lane)
                .collect();
            let days = u16::try_from((*handling_days).max(0)).unwrap_or(u16::MAX);
            seller.delivery_options = delivery_options(days, &from_origin);
        }
        Ok(sellers)
    }

    /// Step 1: prices, reserves and records the checkout; returns the group and its payments to send.
    async fn place(
        &self,
        shopper: &str,
        key: &str,
        request: &CheckoutRequest,
    ) -> Result<(OrderGroupId, Vec<store::PaymentRow>), ServiceError> {
        let now = self.settlement.clock.now_ms();
        let region = request.address.region.as_str();
        let lanes = catalog_store::lanes_into(self.db.pool(), region).await.context("reading lanes")?;
        let mut tx = self.db.begin_write().await.context("opening the checkout transaction")?;
        let rows = store::cart_rows(&mut *tx, shopper).await.context("reading the cart")?;
        if rows.is_empty() {
            return Err(ServiceError::Invalid { field: None, message: "Your cart is empty.".into() });
        }
        let stock: HashMap<String, (i64, String)> =
            rows.iter().map(|row| (row.variant_id.clone(), (row.stock, row.title.clone()))).collect();
        let skus: HashMap<String, String> =
            rows.iter().map(|row| (row.variant_id.clone(), row.sku.clone())).collect();
        let promotions =
            store::promotions_of_sellers(&mut *tx, &seller_ids(&rows)).await.context("reading promotions")?;
        let sellers = Self::cart_sellers(rows, &promotions, &lanes, &HashMap::new())?;
        for seller in &sellers {
            if seller.chosen_delivery(&request.delivery).is_none() {
                return Err(ServiceError::Invalid {
                    field: Some("delivery".into()),
                    message: format!(
                        "{} does not deliver to {region} with the option chosen.",
                        seller.seller.name
                    ),
                });
            }
            for line in &seller.lines {
                if line.quantity > line.available {
                    return Err(sold_out(&line.title, line.available));
                }
            }
        }
        let cart = CartView { region: Some(region.to_string()), sellers };
        let quote = cart
            .quote(&request.delivery)
            .map_err(|error| ServiceError::Invalid { field: None, message: error.to_string() })?;
        check_unchanged(&request.expected_totals, &quote).map_err(|changed| ServiceError::ConflictWith {
            code: "price_changed",
            message: format!("The {changed}. Check the new total and pay again."),
        })?;

        for line in cart.sellers.iter().flat_map(|seller| &seller.lines) {
            let variant = line.variant_id.to_string();
            if !store::reserve_stock(&mut tx, &variant, i64::from(line.quantity))
                .await
                .context("reserving stock")?
            {
                let (left, title) = stock.get(&variant).cloned().unwrap_or((0, line.title.clone()));
                return Err(sold_out(&title, u32::try_from(left.max(0)).unwrap_or(0)));
            }
        }

        let group_id = fresh(OrderGroupId::from_parts);
        let group = group_id.to_string();
        let address = &request.address;
        store::insert_group(
            &mut tx,
            &NewGroup {
                id: &group,
                shopper_id: shopper,
                ship_name: &address.name,
                ship_line1: &address.line1,
                ship_line2: &address.line2,
                ship_city: &address.city,
                ship_postcode: &address.postcode,
                ship_region: &address.region,
            },
            now,
        )
        .await
        .context("recording the checkout")?;
        let mut payment_ids: HashMap<&'static str, String> = HashMap::new();
        for total in &quote.totals {
            let id = fresh(PaymentId::from_parts).to_string();
            store::insert_payment(
                &mut tx,
                &id,
                &group,
                total.currency.code(),
                total.amount_minor,
                self.settlement.provider.name(),
                now,
            )
            .await
            .context("recording a payment")?;
            payment_ids.insert(total.currency.code(), id);
        }
        for (seller, order) in cart.sellers.iter().zip(&quote.orders) {
            let delivery = seller.chosen_delivery(&request.delivery).context("delivery checked above")?;
            let order_id = fresh(OrderId::from_parts).to_string();
            let payment_id = payment_ids.get(order.currency.code()).context("a payment per currency")?;
            let promotions = serde_json::to_string(&order.promotions).context("promotions as JSON")?;
            store::insert_order(
                &mut tx,
                &NewOrder {
                    id: &order_id,
                    group_id: &group,
                    payment_id,
                    shopper_id: shopper,
                    seller_id: &seller.seller.id.to_string(),
                    currency: order.currency.code(),
                    items_subtotal_minor: order.items_subtotal.amount_minor,
                    discount_minor: order.discount.amount_minor,
                    shipping_minor: order.shipping.amount_minor,
                    total_minor: order.total.amount_minor,
                    commission_minor: order.commission.amount_minor,
                    promotions_json: &promotions,
                    delivery_service_level: delivery.service_level.as_str(),
                    delivery_carrier: &delivery.carrier,
                    delivery_days_min: i64::from(delivery.days_min),
                    delivery_days_max: i64::from(delivery.days_max),
                },
                now,
            )
            .await
            .context("recording an order")?;
            for (position, (line, priced)) in seller.lines.iter().zip(&order.lines).enumerate() {
                let variant = line.variant_id.to_string();
                store::insert_order_line(
                    &mut tx,
                    &OrderLineRow {
                        order_id: order_id.clone(),
                        position: position as i64,
                        product_id: line.product_id.to_string(),
                        sku: skus.get(&variant).cloned().unwrap_or_default(),
                        variant_id: variant,
                        title: line.title.clone(),
                        quantity: i64::from(line.quantity),
                        unit_price_minor: line.unit_price.amount_minor,
                        subtotal_minor: priced.subtotal.amount_minor,
                        discount_minor: priced.discount.amount_minor,
                        total_minor: priced.total.amount_minor,
                        commission_bps: i64::from(line.commission_bps),
                    },
                )
                .await
                .context("recording an order line")?;
            }
        }
        store::attach_group(&mut tx, shopper, key, &group).await.context("remembering the checkout")?;
        store::clear_cart(&mut tx, shopper).await.context("emptying the cart")?;
        tx.commit().await.context("committing the checkout")?;
        let payments = store::payments_of_group(self.db.pool(), &group).await.context("reading payments")?;
        Ok((group_id, payments))
    }

    async fn result(&self, group: &str) -> Result<CheckoutResult, ServiceError> {
        checkout_result(&self.db, group).await
    }

    async fn owned_group(&self, shopper: &Principal, group: OrderGroupId) -> Result<String, ServiceError> {
        let orders = store::orders_of_group(self.db.pool(), &group.to_string())
            .await
            .context("reading the checkout")?;
        match orders.first() {
            Some(order) if order.shopper_id == shopper.user_id.to_string() => Ok(group.to_string()),
            _ => Err(ServiceError::NotFound("checkout")),
        }
    }
}

/// Only shopper accounts buy (sellers and operators use a shopper account for that).
fn shopper(context: &RequestContext) -> Result<&Principal, ServiceError> {
    let principal = context.actor.require_signed_in()?;
    if principal.role != Role::Shopper {
        return Err(ServiceError::Forbidden(
            "Only shopper accounts have a cart. Sign in as a shopper to buy.".into(),
        ));
    }
    Ok(principal)
}

fn seller_ids(rows: &[CartRow]) -> Vec<String> {
    let mut ids: Vec<String> = rows.iter().map(|row| row.seller_id.clone()).collect();
    ids.sort();
    ids.dedup();
    ids
}

fn sold_out(title: &str, left: u32) -> ServiceError {
    let message = match left {
        0 => format!("{title} is sold out. Remove it from your cart to continue."),
        n => format!("Only {n} of {title} left. Lower the quantity to continue."),
    };
    ServiceError::ConflictWith { code: "sold_out", message }
}

/// "Sage · M" from `{"colour":"Sage","size":"M"}`: the values, in the stored order of names.
fn variant_label(options: &str) -> String {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(options) else {
        return String::new();
    };
    let mut pairs: Vec<(String, String)> = map
        .into_iter()
        .map(|(name, value)| (name, value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string())))
        .collect();
    pairs.sort();
    pairs.into_iter().map(|(_, value)| value).collect::<Vec<_>>().join(" · ")
}

/// A stored promotion as the pricing engine takes it, in the shop's currency; a row that does not make sense
/// is skipped rather than priced oddly.
pub fn promotion_of(row: &PromotionRow, currency: Currency) -> Option<Promotion> {
    let amount = |minor: Option<i64>| minor.map(|minor| Money::new(minor, currency));
    let rule = match row.kind.as_str() {
        "percent_off" => PromotionRule::PercentOff {
            percent_bps: u32::try_from(row.percent_bps?).ok()?,
            cap: amount(row.cap_minor),
        },
        "amount_off_over" => PromotionRule::AmountOffOver {
            threshold: amount(row.threshold_minor)?,
            off: amount(row.off_minor)?,
        },
        "buy_n_get_one" => PromotionRule::BuyNGetOne {
            product_id: row.product_id.as_deref()?.parse().ok()?,
            buy: u32::try_from(row.buy?).ok()?,
        },
        _ => return None,
    };
    if check_promotion(&rule, currency).is_err() {
        tracing::warn!(promotion = %row.id, "skipping a promotion whose numbers make no sense");
        return None;
    }
    Some(Promotion { label: row.label.clone(), rule })
}

fn request_sha256(request: &CheckoutRequest) -> Result<String, ServiceError> {
    let json = serde_json::to_vec(request).context("hashing the request")?;
    Ok(Sha256::digest(&json).iter().map(|b| format!("{b:02x}")).collect())
}

/// Removes the (account, key) pair from the in-flight set when the checkout ends, however it ends.
struct InFlight {
    set: Arc<Mutex<HashSet<(String, String)>>>,
    entry: (String, String),
}

impl InFlight {
    fn enter(set: &Arc<Mutex<HashSet<(String, String)>>>, entry: (String, String)) -> Option<InFlight> {
        let mut guard = set.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.insert(entry.clone()).then(|| InFlight { set: set.clone(), entry })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.set.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(&self.entry);
    }
}

#[async_trait]
impl Shopping for ShoppingService {
    async fn cart(&self, context: &RequestContext, region: Option<String>) -> Result<CartView, ServiceError> {
        let principal = shopper(context)?;
        let region = parse_region(region.as_deref())?;
        let pool = self.db.pool();
        let rows =
            store::cart_rows(pool, &principal.user_id.to_string()).await.context("reading the cart")?;
        let promotions =
            store::promotions_of_sellers(pool, &seller_ids(&rows)).await.context("reading promotions")?;
        let lanes = match region.as_deref() {
            Some(region) => catalog_store::lanes_into(pool, region).await.context("reading lanes")?,
            None => Vec::new(),
        };
        let product_ids: Vec<String> = rows.iter().map(|row| row.product_id.clone()).collect();
        let pictures = images::main_images(pool, &product_ids).await.context("reading cart images")?;
        let sellers = Self::cart_sellers(rows, &promotions, &lanes, &pictures)?;
        Ok(CartView { region, sellers })
    }

    async fn add_to_cart(&self, context: &RequestContext, item: CartItem) -> Result<(), ServiceError> {
        self.put(context, item, false).await
    }

    async fn set_cart_quantity(&self, context: &RequestContext, item: CartItem) -> Result<(), ServiceError> {
        self.put(context, item, true).await
    }

    async fn remove_from_cart(
        &self,
        context: &RequestContext,
        variant: VariantId,
    ) -> Result<(), ServiceError> {
        let principal = shopper(context)?;
        store::delete_cart_line(self.db.pool(), &principal.user_id.to_string(), &variant.to_string())
            .await
            .context("removing a cart line")?;
        Ok(())
    }

    async fn merge_cart(&self, context: &RequestContext, items: Vec<CartItem>) -> Result<(), ServiceError> {
        let principal = shopper(context)?;
        if items.len() > MAX_CART_LINES {
            return Err(ServiceError::Invalid {
                field: Some("items".into()),
                message: format!("at most {MAX_CART_LINES} lines"),
            });
        }
        let user = principal.user_id.to_string();
        for item in items {
            item.validate()?;
            let variant = item.variant_id.to_string();
            // A listing that vanished while the shopper was signed out is simply left behind.
            if store::variant_exists(self.db.pool(), &variant).await.context("checking a variant")? {
                let now = self.settlement.clock.now_ms();
                store::upsert_cart_line(
                    self.db.pool(),
                    &user,
                    &variant,
                    i64::from(item.quantity),
                    false,
                    i64::from(MAX_LINE_QUANTITY),
                    now,
                )
                .await
                .context("merging the cart")?;
            }
        }
        Ok(())
    }

    async fn checkout(
        &self,
        context: &RequestContext,
        idempotency_key: &str,
        request: CheckoutRequest,
    ) -> Result<CheckoutResult, ServiceError> {
        let principal = shopper(context)?;
        check_idempotency_key(idempotency_key)?;
        let request = request.validate()?;
        let user = principal.user_id.to_string();
        let hash = request_sha256(&request)?;
        let Some(_running) = InFlight::enter(&self.in_flight, (user.clone(), idempotency_key.to_string()))
        else {
            return Err(ServiceError::ConflictWith {
                code: "idempotency_key_in_use",
                message: "A checkout with this Idempotency-Key is still running. Wait for its answer.".into(),
            });
        };
        let pool = self.db.pool();
        let now = self.settlement.clock.now_ms();
        let mut existing =
            store::claim_key(pool, &user, idempotency_key, &hash, now).await.context("claiming the key")?;
        if existing.as_ref().is_some_and(|row| now - row.created_at_ms > IDEMPOTENCY_TTL_MS) {
            store::release_key(pool, &user, idempotency_key).await.context("expiring the key")?;
            existing = store::claim_key(pool, &user, idempotency_key, &hash, now)
                .await
                .context("claiming the key")?;
        }
        if let Some(row) = existing {
            if row.request_sha256 != hash {
                return Err(ServiceError::ConflictWith {
                    code: "idempotency_key_reused",
                    message: "This Idempotency-Key was used for a different checkout. Use a new key for a new checkout.".into(),
                });
            }
            // The first request finished, or died after recording its checkout (it is not running here): answer
            // with that checkout as it stands.
            if let Some(group) = row.group_id {
                let result = self.result(&group).await?;
                if row.state != "done" {
                    let body = serde_json::to_string(&result).context("storing the answer")?;
                    store::finish_key(pool, &user, idempotency_key, 201, &body)
                        .await
                        .context("storing the answer")?;
                }
                return Ok(result);
            }
            // It died before recording anything: run it now.
        }
        let (group, payments) = match self.place(&user, idempotency_key, &request).await {
            Ok(placed) => placed,
            Err(error) => {
                // Nothing was recorded: forget the key so the shopper can fix the problem and retry with it.
                if let Err(release_error) = store::release_key(pool, &user, idempotency_key).await {
                    tracing::warn!(%release_error, "could not release an idempotency key");
                }
                return Err(error);
            }
        };
        for payment in &payments {
            if let Err(error) = self.settlement.pay(payment, &request.card_token).await {
                // The payment stays pending; recovery settles it. The shopper sees "confirming".
                tracing::error!(payment = %payment.id, error = format!("{error:#}"), "settling a payment failed");
            }
        }
        let result = self.result(&group.to_string()).await?;
        let body = serde_json::to_string(&result).context("storing the answer")?;
        store::finish_key(pool, &user, idempotency_key, 201, &body).await.context("storing the answer")?;
        Ok(result)
    }

    async fn refresh_checkout(
        &self,
        context: &RequestContext,
        group: OrderGroupId,
    ) -> Result<CheckoutResult, ServiceError> {
        let principal = shopper(context)?;
        let group = self.owned_group(principal, group).await?;
        let now = self.settlement.clock.now_ms();
        for payment in store::payments_of_group(self.db.pool(), &group).await.context("reading payments")? {
            let waiting_on_bank = payment.state == "requires_challenge";
            let answer_lost = payment.state == "pending"
                && now - payment.created_at_ms > self.settlement.times.unsettled_after_ms;
            if waiting_on_bank || answer_lost {
                self.settlement.resolve(&payment).await.context("settling a payment")?;
            }
        }
        self.result(&group).await
    }
}

impl ShoppingService {
    async fn put(&self, context: &RequestContext, item: CartItem, replace: bool) -> Result<(), ServiceError> {
        let principal = shopper(context)?;
        item.validate()?;
        let pool = self.db.pool();
        let user = principal.user_id.to_string();
        let variant = item.variant_id.to_string();
        if !store::variant_exists(pool, &variant).await.context("checking a variant")? {
            return Err(ServiceError::NotFound("product variant"));
        }
        if store::count_cart_lines(pool, &user).await.context("counting cart lines")? >= MAX_CART_LINES as i64
        {
            let lines = store::cart_rows(pool, &user).await.context("reading the cart")?;
            if !lines.iter().any(|line| line.variant_id == variant) {
                return Err(ServiceError::Invalid {
                    field: Some("variant_id".into()),
                    message: format!("A cart holds at most {MAX_CART_LINES} different items."),
                });
            }
        }
        let now = self.settlement.clock.now_ms();
        store::upsert_cart_line(
            pool,
            &user,
            &variant,
            i64::from(item.quantity),
            replace,
            i64::from(MAX_LINE_QUANTITY),
            now,
        )
        .await
        .context("saving the cart")?;
        Ok(())
    }
}
