//! The money loop as a model: random sequences of checkouts, payments, cancellations, shipments, confirmations,
//! auto-releases and payouts, driven only through `pricing`, `order` and `ledger`. After every step the books
//! must balance, no account may be overdrawn, and every order's escrow must hold exactly what its state says.

use proptest::prelude::*;
use shared::ids::{OrderId, ProductId, SellerId, VariantId};
use shared::ledger::{Account, Balances, Transaction};
use shared::money::{Currency, Money};
use shared::order::{DAY_MS, Effect, OrderEvent, OrderState, Party, ReleaseTimer, transition};
use shared::pricing::{PriceLine, Promotion, PromotionRule, SellerCart, quote_cart};

const SELLERS: u8 = 3;
const AUTO_RELEASE_DAYS: u32 = 10;

#[derive(Debug, Clone)]
enum Step {
    Checkout {
        quantities: Vec<(u8, u32)>,
        pays: bool,
    },
    Cancel {
        order: usize,
        by: u8,
    },
    Ship {
        order: usize,
    },
    Deliver {
        order: usize,
    },
    /// The carrier loses the parcel or returns it.
    NotDelivered {
        order: usize,
    },
    Confirm {
        order: usize,
    },
    AdvanceDays(u32),
    Payout {
        seller: u8,
        share_percent: i64,
    },
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (proptest::collection::vec((0..SELLERS, 1u32..5), 1..4), proptest::bool::weighted(0.8))
            .prop_map(|(quantities, pays)| Step::Checkout { quantities, pays }),
        1 => (0usize..40, 0u8..3).prop_map(|(order, by)| Step::Cancel { order, by }),
        2 => (0usize..40).prop_map(|order| Step::Ship { order }),
        2 => (0usize..40).prop_map(|order| Step::Deliver { order }),
        1 => (0usize..40).prop_map(|order| Step::NotDelivered { order }),
        1 => (0usize..40).prop_map(|order| Step::Confirm { order }),
        1 => (1u32..8).prop_map(Step::AdvanceDays),
        1 => (0..SELLERS, 1i64..=100).prop_map(|(seller, share_percent)| Step::Payout { seller, share_percent }),
    ]
}

struct Order {
    id: OrderId,
    seller: SellerId,
    state: OrderState,
    total: Money,
    commission: Money,
    timer: ReleaseTimer,
}

fn seller(n: u8) -> SellerId {
    SellerId::from_parts(1_700_000_000_000, [n + 1; 10])
}

fn seller_cart(n: u8, quantity: u32) -> SellerCart {
    // Seller 2 prices in KRW, so the model covers a zero-decimal currency and two payments per checkout.
    let currency = if n == 2 { Currency::KRW } else { Currency::USD };
    SellerCart {
        seller_id: seller(n),
        lines: vec![PriceLine {
            product_id: ProductId::from_parts(1_700_000_000_000, [n + 1; 10]),
            variant_id: VariantId::from_parts(1_700_000_000_000, [n + 1; 10]),
            unit_price: Money::new(1_999 + i64::from(n) * 1_000, currency),
            quantity,
            commission_bps: 800 + u32::from(n) * 150,
        }],
        promotions: vec![Promotion {
            label: "7 % off".into(),
            rule: PromotionRule::PercentOff { percent_bps: 700, cap: None },
        }],
        shipping: Some(Money::new(499, currency)),
    }
}

struct World {
    orders: Vec<Order>,
    books: Balances,
    now_ms: i64,
    next_id: u8,
}

impl World {
    fn apply_event(&mut self, index: usize, event: OrderEvent) {
        let Some(order) = self.orders.get(index) else { return };
        let Ok(step) = transition(order.state, event, order.timer.is_paused()) else { return };
        let (id, seller, total, commission) = (order.id, order.seller, order.total, order.commission);
        for effect in &step.effects {
            let posting = match effect {
                Effect::HoldInEscrow => Some(Transaction::capture(&[(id, total)])),
                Effect::RefundInFull => Some(Transaction::refund(id, total)),
                Effect::ReleaseToSeller => Some(Transaction::release(id, seller, total, commission)),
                Effect::StartReleaseTimer => {
                    self.orders[index].timer = ReleaseTimer::started(self.now_ms, AUTO_RELEASE_DAYS);
                    None
                }
                Effect::ReleaseStock | Effect::CountSellerCancellation => None,
            };
            if let Some(transaction) = posting {
                self.books
                    .apply(&transaction.expect("effects build balanced transactions"))
                    .expect("never overdrawn");
            }
        }
        self.orders[index].state = step.to;
    }

    fn run(&mut self, step: Step) {
        match step {
            Step::Checkout { quantities, pays } => {
                let carts: Vec<SellerCart> =
                    quantities.iter().map(|&(n, quantity)| seller_cart(n, quantity)).collect();
                let quote = quote_cart(&carts).expect("model carts price");
                let first = self.orders.len();
                for order in &quote.orders {
                    self.next_id = self.next_id.wrapping_add(1);
                    self.orders.push(Order {
                        id: OrderId::from_parts(self.now_ms as u64, [self.next_id; 10]),
                        seller: order.seller_id,
                        state: OrderState::PendingPayment,
                        total: order.total,
                        commission: order.commission,
                        timer: ReleaseTimer::default(),
                    });
                }
                let event = if pays { OrderEvent::PaymentSucceeded } else { OrderEvent::PaymentFailed };
                for index in first..self.orders.len() {
                    self.apply_event(index, event);
                }
            }
            Step::Cancel { order, by } => {
                let by = [Party::Shopper, Party::Seller, Party::Platform][usize::from(by)];
                self.apply_event(order, OrderEvent::Cancel { by });
            }
            Step::Ship { order } => self.apply_event(order, OrderEvent::Shipped),
            Step::Deliver { order } => self.apply_event(order, OrderEvent::Delivered),
            Step::NotDelivered { order } => self.apply_event(order, OrderEvent::ParcelNotDelivered),
            Step::Confirm { order } => self.apply_event(order, OrderEvent::ReceiptConfirmed),
            Step::AdvanceDays(days) => {
                self.now_ms += i64::from(days) * DAY_MS;
                let due: Vec<usize> = (0..self.orders.len())
                    .filter(|&i| {
                        self.orders[i].state == OrderState::Delivered
                            && self.orders[i].timer.is_due(self.now_ms)
                    })
                    .collect();
                for index in due {
                    self.apply_event(index, OrderEvent::ReleaseDue);
                }
            }
            Step::Payout { seller: n, share_percent } => {
                for currency in [Currency::USD, Currency::KRW] {
                    let available = self.books.of(Account::SellerAvailable(seller(n)), currency);
                    let amount = Money::new(available.amount_minor * share_percent / 100, currency);
                    if amount.amount_minor > 0 {
                        let payout = Transaction::payout(seller(n), amount).expect("balanced");
                        self.books.apply(&payout).expect("a payout within the available balance");
                    }
                }
            }
        }
    }

    fn check(&self) -> Result<(), TestCaseError> {
        prop_assert!(self.books.totals().iter().all(Money::is_zero), "totals {:?}", self.books.totals());
        prop_assert!(self.books.overdrawn().is_empty(), "overdrawn {:?}", self.books.overdrawn());
        for order in &self.orders {
            let held = self.books.of(Account::Escrow(order.id), order.total.currency);
            let expected =
                if order.state.holds_escrow() { order.total } else { Money::zero(order.total.currency) };
            prop_assert_eq!(held, expected, "escrow of an order that is {:?}", order.state);
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn every_sequence_keeps_the_books_balanced_and_escrow_exact(steps in proptest::collection::vec(any_step(), 1..60)) {
        let mut world = World { orders: Vec::new(), books: Balances::default(), now_ms: 1_700_000_000_000, next_id: 0 };
        for step in steps {
            world.run(step);
            world.check()?;
        }
        // Payment is decided at checkout in this model, so every order but a failed one was paid once: the
        // provider collected exactly their totals, and that money sits in escrow, with sellers, with the platform,
        // or back with shoppers.
        for currency in [Currency::USD, Currency::KRW] {
            let collected = -world.books.of(Account::ProviderClearing, currency).amount_minor;
            let paid_orders: i64 = world
                .orders
                .iter()
                .filter(|order| order.total.currency == currency && order.state != OrderState::PaymentFailed)
                .map(|order| order.total.amount_minor)
                .sum();
            prop_assert_eq!(collected, paid_orders);
        }
    }
}
