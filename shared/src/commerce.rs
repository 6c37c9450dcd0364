//! Wire types of the money loop — cart, checkout, orders, balances, payouts, ledger — and the input rules both
//! the checkout form and the server apply.
//!
//! The cart carries everything the pricing engine needs (unit prices, promotions, commission rates, delivery
//! options), so the browser computes the same quote the server will ([`CartView::quote`]).

use serde::{Deserialize, Serialize};

use crate::delivery::{DeliveryOption, ServiceLevel};
use crate::dto::{FieldError, ProductImage, SellerRef, parse_region};
use crate::ids::{OrderGroupId, OrderId, ProductId, SellerId, VariantId};
use crate::ledger::TransactionKind;
use crate::money::{Currency, Money};
use crate::order::{OrderState, Party};
use crate::pricing::{
    AppliedPromotion, CartQuote, MAX_LINE_QUANTITY, PriceLine, PricingError, Promotion, SellerCart,
    quote_cart,
};

/// Longest idempotency key accepted (UUIDs are 36 characters).
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

/// One line of a cart, with what the shopper sees and what pricing needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartLineView {
    pub product_id: ProductId,
    pub variant_id: VariantId,
    pub title: String,
    /// The variant's options in words, e.g. "Colour: Sage · Size: M"; empty for a single-variant listing.
    pub variant_label: String,
    pub image: Option<ProductImage>,
    pub unit_price: Money,
    pub quantity: u32,
    /// Units on sale now; below `quantity` the line cannot be bought as it stands.
    pub available: u32,
    /// The platform's commission rate of the product's category (basis points); public, as on most marketplaces.
    pub commission_bps: u32,
}

/// One seller's part of the cart: it becomes one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartSellerView {
    pub seller: SellerRef,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "USD"))]
    pub currency: Currency,
    pub lines: Vec<CartLineView>,
    pub promotions: Vec<Promotion>,
    /// Ways to the shopper's region, cheapest first; empty without a region or when no carrier serves it.
    pub delivery_options: Vec<DeliveryOption>,
}

/// The cart: grouped by seller, with delivery options to `region`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartView {
    pub region: Option<String>,
    pub sellers: Vec<CartSellerView>,
}

/// The delivery option a shopper picked for one seller's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryChoice {
    pub seller_id: SellerId,
    pub service_level: ServiceLevel,
}

impl CartSellerView {
    /// The delivery option chosen in `choices`, or the cheapest when none was chosen for this seller.
    pub fn chosen_delivery(&self, choices: &[DeliveryChoice]) -> Option<&DeliveryOption> {
        let wanted = choices.iter().find(|choice| choice.seller_id == self.seller.id);
        match wanted {
            Some(choice) => {
                self.delivery_options.iter().find(|option| option.service_level == choice.service_level)
            }
            None => self.delivery_options.iter().min_by_key(|option| option.cost.amount_minor),
        }
    }

    /// This seller's part as the pricing engine takes it.
    pub fn seller_cart(&self, choices: &[DeliveryChoice]) -> SellerCart {
        SellerCart {
            seller_id: self.seller.id,
            lines: self
                .lines
                .iter()
                .map(|line| PriceLine {
                    product_id: line.product_id,
                    variant_id: line.variant_id,
                    unit_price: line.unit_price,
                    quantity: line.quantity,
                    commission_bps: line.commission_bps,
                })
                .collect(),
            promotions: self.promotions.clone(),
            shipping: self.chosen_delivery(choices).map(|option| option.cost),
        }
    }
}

impl CartView {
    /// Prices the cart with the delivery `choices` (cheapest option where none was chosen): the same function
    /// the server runs at checkout.
    pub fn quote(&self, choices: &[DeliveryChoice]) -> Result<CartQuote, PricingError> {
        let carts: Vec<SellerCart> = self.sellers.iter().map(|seller| seller.seller_cart(choices)).collect();
        quote_cart(&carts)
    }

    /// Units across all lines (the badge on the cart icon).
    pub fn item_count(&self) -> u32 {
        self.sellers.iter().flat_map(|seller| &seller.lines).map(|line| line.quantity).sum()
    }
}

/// A line to put in the cart (also how a signed-out cart travels when it merges on sign-in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartItem {
    pub variant_id: VariantId,
    pub quantity: u32,
}

impl CartItem {
    pub fn validate(&self) -> Result<(), FieldError> {
        check_quantity(self.quantity)
    }
}

/// Quantities are 1 to [`MAX_LINE_QUANTITY`]; removing a line is its own action.
pub fn check_quantity(quantity: u32) -> Result<(), FieldError> {
    if quantity == 0 || quantity > MAX_LINE_QUANTITY {
        return Err(FieldError {
            field: "quantity",
            message: format!("must be between 1 and {MAX_LINE_QUANTITY}"),
        });
    }
    Ok(())
}

/// Where the parcel goes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingAddress {
    pub name: String,
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    pub city: String,
    pub postcode: String,
    /// A served region code (`US`, `DE`, `BR`, `RU`, `KR`).
    pub region: String,
}

impl ShippingAddress {
    /// Trims every field and checks lengths and the region; the first problem names its field.
    pub fn normalized(&self) -> Result<ShippingAddress, FieldError> {
        let field = |name: &'static str, value: &str, required: bool| -> Result<String, FieldError> {
            let value = value.trim();
            if required && value.is_empty() {
                return Err(FieldError { field: name, message: "is required".into() });
            }
            if value.chars().count() > 120 {
                return Err(FieldError { field: name, message: "use at most 120 characters".into() });
            }
            Ok(value.to_string())
        };
        let region = parse_region(Some(&self.region))
            .map_err(|error| FieldError { field: "address.region", message: error.message })?
            .ok_or(FieldError { field: "address.region", message: "is required".into() })?;
        Ok(ShippingAddress {
            name: field("address.name", &self.name, true)?,
            line1: field("address.line1", &self.line1, true)?,
            line2: field("address.line2", &self.line2, false)?,
            city: field("address.city", &self.city, true)?,
            postcode: field("address.postcode", &self.postcode, true)?,
            region,
        })
    }
}

/// Everything a checkout needs besides the cart itself (which is the signed-in shopper's server cart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutRequest {
    pub address: ShippingAddress,
    /// A delivery option per seller; a seller left out gets the cheapest.
    #[serde(default)]
    pub delivery: Vec<DeliveryChoice>,
    /// The payment provider's token for the card (the card number goes to the provider, never to Bazaar).
    pub card_token: String,
    /// The totals the shopper saw, one per currency: if the cart costs anything else now, nothing is charged.
    pub expected_totals: Vec<Money>,
}

impl CheckoutRequest {
    pub fn validate(&self) -> Result<CheckoutRequest, FieldError> {
        let token = self.card_token.trim();
        if token.is_empty() || token.len() > 200 {
            return Err(FieldError { field: "card_token", message: "enter your card details".into() });
        }
        if self.expected_totals.is_empty() {
            return Err(FieldError { field: "expected_totals", message: "send the totals you saw".into() });
        }
        Ok(CheckoutRequest {
            address: self.address.normalized()?,
            card_token: token.to_string(),
            ..self.clone()
        })
    }
}

/// Checks an `Idempotency-Key`: 1 to 255 visible ASCII characters.
pub fn check_idempotency_key(key: &str) -> Result<(), FieldError> {
    if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(FieldError {
            field: "Idempotency-Key",
            message: format!("use 1 to {MAX_IDEMPOTENCY_KEY_LEN} visible ASCII characters, e.g. a UUID"),
        });
    }
    Ok(())
}

/// Where a payment stands with the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Sent; no definite answer yet (the provider timed out). Bazaar finds out and finishes or releases.
    Pending,
    /// The card's bank wants the shopper to confirm.
    RequiresChallenge,
    Succeeded,
    /// Declined or abandoned: nothing was charged.
    Failed,
}

impl PaymentState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::RequiresChallenge => "requires_challenge",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Pending, Self::RequiresChallenge, Self::Succeeded, Self::Failed]
            .into_iter()
            .find(|state| state.as_str() == text)
    }
}

/// A payment (one per currency of a checkout), as the shopper sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentView {
    pub id: String,
    pub amount: Money,
    pub state: PaymentState,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    /// Why it failed, in words the shopper can act on (e.g. "Your card was declined for insufficient funds.").
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    /// While the card's bank asks the shopper to confirm: the provider's id of the step to answer.
    pub challenge_id: Option<String>,
}

/// What a checkout produced: its orders (one per seller) and payments (one per currency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutResult {
    pub group_id: OrderGroupId,
    pub orders: Vec<OrderSummary>,
    pub payments: Vec<PaymentView>,
}

/// How a list of orders is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderSort {
    /// Placed most recently first.
    #[default]
    Newest,
    Oldest,
    /// Paid longest ago first: in the "to ship" queue, the order whose handling clock runs out first.
    ShipBy,
    /// Largest total first (by currency, then amount: totals in different currencies do not compare).
    TotalDown,
}

impl OrderSort {
    pub const ALL: [OrderSort; 4] =
        [OrderSort::Newest, OrderSort::Oldest, OrderSort::ShipBy, OrderSort::TotalDown];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderSort::Newest => "newest",
            OrderSort::Oldest => "oldest",
            OrderSort::ShipBy => "ship_by",
            OrderSort::TotalDown => "total_down",
        }
    }

    pub fn parse(text: &str) -> Option<OrderSort> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == text)
    }

    /// `parse` for a request parameter: empty means the default; anything unknown names the choices.
    pub fn parse_param(text: Option<&str>) -> Result<OrderSort, FieldError> {
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(OrderSort::default()),
            Some(text) => OrderSort::parse(text).ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|sort| sort.as_str()).collect();
                FieldError { field: "sort", message: format!("must be one of {}", known.join(", ")) }
            }),
        }
    }
}

/// An order in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderSummary {
    pub id: OrderId,
    pub group_id: OrderGroupId,
    pub seller: SellerRef,
    pub state: OrderState,
    pub total: Money,
    /// Units across the order's lines.
    pub item_count: u32,
    /// The first line's title, to recognise the order by.
    pub headline: String,
    pub created_at_ms: i64,
    /// When escrow releases to the seller unless the shopper confirms first (set once delivered).
    pub release_at_ms: Option<i64>,
    /// A dispute has stopped the release clock.
    pub release_paused: bool,
    /// The seller's handling deadline under the SLA, while a paid order waits to be shipped (in the seller's
    /// order lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_by_ms: Option<i64>,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLineView {
    pub product_id: ProductId,
    pub variant_id: VariantId,
    pub title: String,
    pub sku: String,
    pub quantity: u32,
    pub unit_price: Money,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
}

/// One order in full, for the shopper, its seller or an operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderDetail {
    pub summary: OrderSummary,
    pub lines: Vec<OrderLineView>,
    pub items_subtotal: Money,
    pub discount: Money,
    pub promotions: Vec<AppliedPromotion>,
    pub shipping: Money,
    pub delivery: DeliveryOption,
    /// The platform's commission and what reaches the seller on release: the split both sides see.
    pub commission: Money,
    pub seller_net: Money,
    pub address: ShippingAddress,
    pub payment: PaymentView,
    pub paid_at_ms: Option<i64>,
    pub shipped_at_ms: Option<i64>,
    pub delivered_at_ms: Option<i64>,
    pub completed_at_ms: Option<i64>,
    pub cancelled_by: Option<Party>,
    pub cancel_reason: Option<String>,
    pub tracking_number: Option<String>,
    /// The delivery window promised at checkout, as dates (Unix ms): payment plus the option's days.
    pub arrives_from_ms: Option<i64>,
    pub arrives_by_ms: Option<i64>,
    /// The promise is broken: not delivered (nor cancelled) and the window's last day has passed.
    pub late: bool,
    /// The seller's handling deadline under the SLA, while the order waits to be shipped.
    pub ship_by_ms: Option<i64>,
    /// What the asking account may do now.
    pub can_cancel: bool,
    pub can_confirm_receipt: bool,
    pub can_ship: bool,
}

/// Why an order is being cancelled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelRequest {
    #[serde(default)]
    pub reason: String,
}

/// A seller marks an order shipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipRequest {
    /// The seller's own tracking number, when they ship outside Bazaar's carrier network.
    #[serde(default)]
    pub tracking_number: String,
    /// A carrier of Bazaar's network (`numeripost`, `scanline`, `batchfreight`): it issues the tracking number and
    /// its events then drive the order (delivered starts the release countdown).
    #[serde(default)]
    pub carrier: Option<String>,
    /// The carrier's service level; by default the one the shopper paid for.
    #[serde(default)]
    pub service_level: Option<crate::delivery::ServiceLevel>,
}

/// A seller's money in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerBalance {
    /// Paid by shoppers and held in escrow until they confirm receipt (or the release date passes).
    pub held: Money,
    /// Released to the seller, net of commission, not yet paid out.
    pub available: Money,
    pub paid_out: Money,
    /// Commission on the orders released so far.
    pub commission: Money,
    /// The smallest payout allowed.
    pub payout_minimum: Money,
}

/// A seller asks for their available money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayoutRequest {
    pub amount: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PayoutState {
    Pending,
    Paid,
    Failed,
}

impl PayoutState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Pending, Self::Paid, Self::Failed].into_iter().find(|state| state.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayoutView {
    pub id: String,
    pub amount: Money,
    pub state: PayoutState,
    pub requested_at_ms: i64,
    pub settled_at_ms: Option<i64>,
    pub failure_message: Option<String>,
}

/// One posting of the ledger, as operators inspect an order's money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerEntryView {
    pub transaction_id: String,
    pub kind: TransactionKind,
    pub account: String,
    pub amount: Money,
    pub created_at_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::ServiceLevel;

    fn address() -> ShippingAddress {
        ShippingAddress {
            name: " Ada Lovelace ".into(),
            line1: "12 Analytical Row".into(),
            line2: String::new(),
            city: "London".into(),
            postcode: "N1 7AA".into(),
            region: "de".into(),
        }
    }

    #[test]
    fn an_address_is_trimmed_and_its_region_checked() {
        let normalized = address().normalized().expect("valid");
        assert_eq!(normalized.name, "Ada Lovelace");
        assert_eq!(normalized.region, "DE");
        let no_city = ShippingAddress { city: "  ".into(), ..address() };
        assert_eq!(no_city.normalized().expect_err("city missing").field, "address.city");
        let nowhere = ShippingAddress { region: "XX".into(), ..address() };
        assert_eq!(nowhere.normalized().expect_err("unknown region").field, "address.region");
    }

    #[test]
    fn idempotency_keys_are_short_visible_ascii() {
        assert!(check_idempotency_key("0193a6f2-7c1e-7d3e-9f00-2b1c0a9e8d77").is_ok());
        assert!(check_idempotency_key("").is_err());
        assert!(check_idempotency_key("has space").is_err());
        assert!(check_idempotency_key(&"k".repeat(256)).is_err());
    }

    #[test]
    fn the_browser_quote_picks_the_chosen_or_cheapest_delivery() {
        let seller = SellerId::from_parts(1, [1; 10]);
        let usd = |cents| Money::new(cents, Currency::USD);
        let option = |service_level, cents| DeliveryOption {
            service_level,
            carrier: "Test".into(),
            cost: usd(cents),
            days_min: 2,
            days_max: 4,
        };
        let cart = CartView {
            region: Some("US".into()),
            sellers: vec![CartSellerView {
                seller: SellerRef { id: seller, name: "Shop".into(), rating_x100: None },
                currency: Currency::USD,
                lines: vec![CartLineView {
                    product_id: ProductId::from_parts(1, [2; 10]),
                    variant_id: VariantId::from_parts(1, [3; 10]),
                    title: "Lamp".into(),
                    variant_label: String::new(),
                    image: None,
                    unit_price: usd(2_000),
                    quantity: 2,
                    available: 5,
                    commission_bps: 1_000,
                }],
                promotions: vec![],
                delivery_options: vec![
                    option(ServiceLevel::Express, 1_500),
                    option(ServiceLevel::Economy, 300),
                ],
            }],
        };
        assert_eq!(cart.quote(&[]).expect("prices").totals, vec![usd(4_300)]);
        let express = [DeliveryChoice { seller_id: seller, service_level: ServiceLevel::Express }];
        assert_eq!(cart.quote(&express).expect("prices").totals, vec![usd(5_500)]);
        assert_eq!(cart.item_count(), 2);
    }
}
