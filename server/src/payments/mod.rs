//! The payment provider boundary: what Bazaar needs from a card processor, and nothing about how one works.
//!
//! Card numbers never cross this boundary: the browser sends them to the provider, which returns a token; we
//! store only the provider's ids, the card brand and the last four digits. Every call that moves money carries
//! our own reference (the payment or payout id), which the provider uses as its idempotency key, so a retry
//! after a timeout or a crash never charges or pays twice — and [`PaymentProvider::lookup`] tells us what
//! happened to a call whose answer was lost.

pub mod test_provider;
pub mod webhook;

use async_trait::async_trait;
use shared::money::Money;

/// The card as the provider describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardInfo {
    pub brand: String,
    pub last4: String,
}

/// Why a card was refused, with the sentence the shopper sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decline {
    CardDeclined,
    InsufficientFunds,
    ExpiredCard,
    /// The shopper did not pass (or abandoned) the bank's confirmation step.
    ChallengeFailed,
    /// The token is unknown to the provider.
    InvalidToken,
}

impl Decline {
    pub fn code(self) -> &'static str {
        match self {
            Self::CardDeclined => "card_declined",
            Self::InsufficientFunds => "insufficient_funds",
            Self::ExpiredCard => "expired_card",
            Self::ChallengeFailed => "challenge_failed",
            Self::InvalidToken => "invalid_token",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            Self::CardDeclined,
            Self::InsufficientFunds,
            Self::ExpiredCard,
            Self::ChallengeFailed,
            Self::InvalidToken,
        ]
        .into_iter()
        .find(|decline| decline.code() == code)
    }

    /// English for API clients; the UI translates `code`.
    pub fn message(self) -> &'static str {
        match self {
            Self::CardDeclined => "Your card was declined. Nothing was charged; try another card.",
            Self::InsufficientFunds => {
                "Your card was declined for insufficient funds. Nothing was charged; try another card."
            }
            Self::ExpiredCard => "Your card has expired. Nothing was charged; try another card.",
            Self::ChallengeFailed => "Your bank did not confirm the payment. Nothing was charged.",
            Self::InvalidToken => {
                "We could not read your card details. Nothing was charged; enter them again."
            }
        }
    }
}

/// Where a charge stands at the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeStatus {
    /// Held on the card; capture to take it.
    Authorized,
    /// Taken.
    Captured,
    /// The bank wants the shopper to confirm; the provider reports the outcome later.
    RequiresChallenge,
    Declined(Decline),
}

/// A charge as the provider reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    pub provider_payment_id: String,
    pub status: ChargeStatus,
    pub card: CardInfo,
}

/// The provider could not give a definite answer. The money may or may not have moved: ask [`PaymentProvider::lookup`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("the payment provider did not answer in time")]
    Timeout,
    #[error("the payment provider is unavailable: {0}")]
    Unavailable(String),
}

/// A card processor. Implementations must be idempotent on `reference`.
#[async_trait]
pub trait PaymentProvider: Send + Sync + std::fmt::Debug {
    /// Short stable name stored with each payment.
    fn name(&self) -> &'static str;

    /// Authorizes `amount` on the card behind `token`. The same `reference` returns the first charge again.
    async fn authorize(&self, reference: &str, token: &str, amount: Money) -> Result<Charge, ProviderError>;

    /// Captures an authorized charge in full. Capturing a captured charge is a no-op.
    async fn capture(&self, provider_payment_id: &str) -> Result<(), ProviderError>;

    /// The charge made under `reference`, if any: how we learn the outcome of a call whose answer was lost.
    async fn lookup(&self, reference: &str) -> Result<Option<Charge>, ProviderError>;

    /// Returns `amount` of a captured charge to the card; `reference` (ours) makes it happen once.
    async fn refund(
        &self,
        provider_payment_id: &str,
        reference: &str,
        amount: Money,
    ) -> Result<(), ProviderError>;

    /// Sends `amount` to a seller's bank account; returns the provider's payout id.
    async fn payout(&self, reference: &str, amount: Money) -> Result<String, ProviderError>;
}
