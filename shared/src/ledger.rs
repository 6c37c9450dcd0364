//! The double-entry ledger's rules: which accounts exist, how each money movement posts, and the checks every
//! transaction passes before it is stored.
//!
//! Sign convention: a posting's amount is what flows **into** the account (negative: out of it). Money enters
//! Bazaar through the payment provider, so `provider_clearing` goes negative by what shoppers paid and every
//! other account holds a non-negative share of it: escrow per order, the seller's available and paid-out
//! money, the platform's commission, and what was refunded to shoppers. Each transaction sums to zero per
//! currency, so the total across all accounts is always zero. Entries are never changed: a correction is a new
//! transaction.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ids::{OrderId, SellerId};
use crate::money::{Currency, Money, MoneyError};

/// A ledger account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Account {
    /// What the payment provider collected from shoppers (negative) and paid back out.
    ProviderClearing,
    /// One order's money, held until release or refund.
    Escrow(OrderId),
    /// A seller's released money, not yet paid out.
    SellerAvailable(SellerId),
    /// What a seller has been paid out to their bank.
    SellerPaidOut(SellerId),
    /// The platform's commission.
    PlatformCommission,
    /// What was refunded to shoppers.
    ShopperRefunds,
}

impl Account {
    /// Whether a negative balance is allowed. Only the provider's clearing account is the outside world's side;
    /// a seller's available balance may go negative later (a refund after release), which blocks payouts.
    pub fn may_go_negative(&self) -> bool {
        matches!(self, Self::ProviderClearing | Self::SellerAvailable(_))
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ProviderClearing => f.write_str("provider_clearing"),
            Self::Escrow(order) => write!(f, "escrow:{order}"),
            Self::SellerAvailable(seller) => write!(f, "seller_available:{seller}"),
            Self::SellerPaidOut(seller) => write!(f, "seller_paid_out:{seller}"),
            Self::PlatformCommission => f.write_str("platform_commission"),
            Self::ShopperRefunds => f.write_str("shopper_refunds"),
        }
    }
}

/// The text is not an account name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a ledger account: {0:?}")]
pub struct UnknownAccount(pub String);

impl FromStr for Account {
    type Err = UnknownAccount;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownAccount(text.to_string());
        match text.split_once(':') {
            None => match text {
                "provider_clearing" => Ok(Self::ProviderClearing),
                "platform_commission" => Ok(Self::PlatformCommission),
                "shopper_refunds" => Ok(Self::ShopperRefunds),
                _ => Err(unknown()),
            },
            Some((kind, id)) => match kind {
                "escrow" => id.parse().map(Self::Escrow).map_err(|_| unknown()),
                "seller_available" => id.parse().map(Self::SellerAvailable).map_err(|_| unknown()),
                "seller_paid_out" => id.parse().map(Self::SellerPaidOut).map_err(|_| unknown()),
                _ => Err(unknown()),
            },
        }
    }
}

/// Why money moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransactionKind {
    /// A payment was captured into escrow.
    Capture,
    /// Escrow went to the seller and the platform.
    Release,
    /// Escrow went back to the shopper.
    Refund,
    /// A seller's available money went to their bank.
    Payout,
    /// A payout the bank bounced: the money returns to the seller's available balance.
    PayoutReversal,
}

impl TransactionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Capture => "capture",
            Self::Release => "release",
            Self::Refund => "refund",
            Self::Payout => "payout",
            Self::PayoutReversal => "payout_reversal",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Capture, Self::Release, Self::Refund, Self::Payout, Self::PayoutReversal]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// One line of a transaction: `amount` into `account` (negative: out of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub account: Account,
    pub amount: Money,
}

/// Why a transaction cannot be posted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("a transaction needs at least two postings")]
    TooFewPostings,
    #[error("a posting of zero moves nothing")]
    ZeroPosting,
    #[error("postings in {0} do not sum to zero")]
    Unbalanced(Currency),
    #[error("{0} would go below zero")]
    Overdrawn(String),
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// A balanced set of postings, checked when built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    kind: TransactionKind,
    postings: Vec<Posting>,
}

impl Transaction {
    /// Checks that there are two or more non-zero postings and that they sum to zero in every currency.
    pub fn new(kind: TransactionKind, postings: Vec<Posting>) -> Result<Self, LedgerError> {
        if postings.len() < 2 {
            return Err(LedgerError::TooFewPostings);
        }
        if postings.iter().any(|posting| posting.amount.is_zero()) {
            return Err(LedgerError::ZeroPosting);
        }
        let mut sums: BTreeMap<&'static str, Money> = BTreeMap::new();
        for posting in &postings {
            let currency = posting.amount.currency;
            let sum = sums.entry(currency.code()).or_insert(Money::zero(currency));
            *sum = sum.checked_add(posting.amount)?;
        }
        if let Some(unbalanced) = sums.values().find(|sum| !sum.is_zero()) {
            return Err(LedgerError::Unbalanced(unbalanced.currency));
        }
        Ok(Self { kind, postings })
    }

    /// A payment captured for several orders of one currency: each order's amount into its escrow. An order that
    /// costs nothing (a free item with free delivery beside paid ones) holds nothing and gets no posting.
    pub fn capture(orders: &[(OrderId, Money)]) -> Result<Self, LedgerError> {
        let first = orders.first().ok_or(LedgerError::TooFewPostings)?.1;
        let paid = Money::checked_sum(first.currency, orders.iter().map(|(_, amount)| *amount))?;
        let mut postings = vec![Posting { account: Account::ProviderClearing, amount: paid.checked_neg()? }];
        postings.extend(
            orders
                .iter()
                .filter(|(_, amount)| !amount.is_zero())
                .map(|(order, amount)| Posting { account: Account::Escrow(*order), amount: *amount }),
        );
        Self::new(TransactionKind::Capture, postings)
    }

    /// The order's escrow to the seller, net of the platform's commission.
    pub fn release(
        order: OrderId,
        seller: SellerId,
        held: Money,
        commission: Money,
    ) -> Result<Self, LedgerError> {
        let mut postings = vec![
            Posting { account: Account::Escrow(order), amount: held.checked_neg()? },
            Posting { account: Account::SellerAvailable(seller), amount: held.checked_sub(commission)? },
        ];
        if !commission.is_zero() {
            postings.push(Posting { account: Account::PlatformCommission, amount: commission });
        }
        postings.retain(|posting| !posting.amount.is_zero());
        Self::new(TransactionKind::Release, postings)
    }

    /// The order's escrow (or part of it) back to the shopper.
    pub fn refund(order: OrderId, amount: Money) -> Result<Self, LedgerError> {
        Self::new(
            TransactionKind::Refund,
            vec![
                Posting { account: Account::Escrow(order), amount: amount.checked_neg()? },
                Posting { account: Account::ShopperRefunds, amount },
            ],
        )
    }

    /// A seller's available money to their bank.
    pub fn payout(seller: SellerId, amount: Money) -> Result<Self, LedgerError> {
        Self::new(
            TransactionKind::Payout,
            vec![
                Posting { account: Account::SellerAvailable(seller), amount: amount.checked_neg()? },
                Posting { account: Account::SellerPaidOut(seller), amount },
            ],
        )
    }

    /// A failed payout undone: the money goes back to the seller's available balance.
    pub fn payout_reversal(seller: SellerId, amount: Money) -> Result<Self, LedgerError> {
        Self::new(
            TransactionKind::PayoutReversal,
            vec![
                Posting { account: Account::SellerPaidOut(seller), amount: amount.checked_neg()? },
                Posting { account: Account::SellerAvailable(seller), amount },
            ],
        )
    }

    pub fn kind(&self) -> TransactionKind {
        self.kind
    }

    pub fn postings(&self) -> &[Posting] {
        &self.postings
    }
}

/// Balances derived from transactions, with the checks the ledger promises. The server keeps the same numbers
/// in SQL; tests replay transactions here to check them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Balances {
    by_account: BTreeMap<(Account, &'static str), Money>,
}

impl Balances {
    /// Applies a transaction, refusing it (and changing nothing) if an account that must not would go negative.
    pub fn apply(&mut self, transaction: &Transaction) -> Result<(), LedgerError> {
        let mut next = self.by_account.clone();
        for posting in transaction.postings() {
            let currency = posting.amount.currency;
            let balance = next.entry((posting.account, currency.code())).or_insert(Money::zero(currency));
            *balance = balance.checked_add(posting.amount)?;
            if balance.is_negative() && !posting.account.may_go_negative() {
                return Err(LedgerError::Overdrawn(posting.account.to_string()));
            }
        }
        self.by_account = next;
        Ok(())
    }

    /// The balance of one account in one currency (zero when it never moved).
    pub fn of(&self, account: Account, currency: Currency) -> Money {
        self.by_account.get(&(account, currency.code())).copied().unwrap_or(Money::zero(currency))
    }

    /// The sum over every account, per currency: zero for a ledger of balanced transactions.
    pub fn totals(&self) -> Vec<Money> {
        let mut totals: BTreeMap<&'static str, Money> = BTreeMap::new();
        for ((_, code), balance) in &self.by_account {
            let total = totals.entry(code).or_insert(Money::zero(balance.currency));
            *total = Money::new(total.amount_minor + balance.amount_minor, balance.currency);
        }
        totals.into_values().collect()
    }

    /// Every account with a balance below zero that must not have one.
    pub fn overdrawn(&self) -> Vec<Account> {
        self.by_account
            .iter()
            .filter(|((account, _), balance)| balance.is_negative() && !account.may_go_negative())
            .map(|((account, _), _)| *account)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(cents: i64) -> Money {
        Money::new(cents, Currency::USD)
    }

    fn order(n: u8) -> OrderId {
        OrderId::from_parts(1_700_000_000_000, [n; 10])
    }

    fn seller(n: u8) -> SellerId {
        SellerId::from_parts(1_700_000_000_000, [n; 10])
    }

    #[test]
    fn unbalanced_or_empty_transactions_are_refused() {
        let lopsided = vec![
            Posting { account: Account::ProviderClearing, amount: usd(-100) },
            Posting { account: Account::Escrow(order(1)), amount: usd(99) },
        ];
        assert_eq!(
            Transaction::new(TransactionKind::Capture, lopsided),
            Err(LedgerError::Unbalanced(Currency::USD))
        );
        assert_eq!(Transaction::capture(&[]), Err(LedgerError::TooFewPostings));
        let with_a_free_order =
            Transaction::capture(&[(order(1), usd(5_000)), (order(2), usd(0))]).expect("ok");
        assert_eq!(with_a_free_order.postings().len(), 2, "the free order holds nothing");
        let mixed = vec![
            Posting { account: Account::ProviderClearing, amount: usd(-100) },
            Posting { account: Account::Escrow(order(1)), amount: Money::new(100, Currency::EUR) },
        ];
        assert!(matches!(Transaction::new(TransactionKind::Capture, mixed), Err(LedgerError::Unbalanced(_))));
    }

    #[test]
    fn capture_then_release_pays_the_seller_net_and_the_platform_its_commission() {
        let mut books = Balances::default();
        books
            .apply(&Transaction::capture(&[(order(1), usd(5_000)), (order(2), usd(2_000))]).expect("ok"))
            .expect("ok");
        assert_eq!(books.of(Account::ProviderClearing, Currency::USD), usd(-7_000));
        books
            .apply(&Transaction::release(order(1), seller(1), usd(5_000), usd(500)).expect("ok"))
            .expect("ok");
        assert_eq!(books.of(Account::Escrow(order(1)), Currency::USD), usd(0));
        assert_eq!(books.of(Account::SellerAvailable(seller(1)), Currency::USD), usd(4_500));
        assert_eq!(books.of(Account::PlatformCommission, Currency::USD), usd(500));
        books.apply(&Transaction::refund(order(2), usd(2_000)).expect("ok")).expect("ok");
        assert_eq!(books.of(Account::ShopperRefunds, Currency::USD), usd(2_000));
        books.apply(&Transaction::payout(seller(1), usd(4_500)).expect("ok")).expect("ok");
        assert_eq!(books.of(Account::SellerPaidOut(seller(1)), Currency::USD), usd(4_500));
        assert_eq!(books.totals(), vec![usd(0)]);
        assert!(books.overdrawn().is_empty());
    }

    #[test]
    fn releasing_twice_would_overdraw_escrow_and_is_refused_without_changing_anything() {
        let mut books = Balances::default();
        books.apply(&Transaction::capture(&[(order(1), usd(1_000))]).expect("ok")).expect("ok");
        let release = Transaction::release(order(1), seller(1), usd(1_000), usd(100)).expect("ok");
        books.apply(&release).expect("first release");
        let before = books.clone();
        assert!(matches!(books.apply(&release), Err(LedgerError::Overdrawn(_))));
        assert_eq!(books, before);
    }

    #[test]
    fn account_names_round_trip() {
        for account in [
            Account::ProviderClearing,
            Account::Escrow(order(3)),
            Account::SellerAvailable(seller(4)),
            Account::SellerPaidOut(seller(5)),
            Account::PlatformCommission,
            Account::ShopperRefunds,
        ] {
            assert_eq!(account.to_string().parse::<Account>(), Ok(account));
        }
        assert!("escrow:nope".parse::<Account>().is_err());
        assert!("vault".parse::<Account>().is_err());
    }
}
