//! The built-in test payment provider: behaves like a real card processor so the money loop can be exercised
//! end to end without reaching one.
//!
//! Test cards (any future expiry, any 3-digit CVC):
//!
//! | number              | brand      | what happens                                                      |
//! |---------------------|------------|-------------------------------------------------------------------|
//! | 4242 4242 4242 4242 | visa       | authorized and captured                                           |
//! | 5555 5555 5555 4444 | mastercard | authorized and captured                                           |
//! | 4000 0000 0000 0002 | visa       | declined (`card_declined`)                                        |
//! | 4000 0000 0000 9995 | visa       | declined (`insufficient_funds`)                                   |
//! | 4000 0000 0000 3220 | visa       | the bank asks the shopper to confirm (a 3-D Secure-like step)     |
//! | 4000 0000 0000 0119 | visa       | charged, but the answer is lost (a timeout): found by `lookup`    |
//!
//! Other numbers that pass the Luhn check are refused at tokenization ("use a test card"). Besides the 0119
//! card, any call can time out after doing its work with probability `timeout_rate_ppm` (parts per million),
//! like a real network. Card numbers are never stored: only the behaviour the number selects, the brand and the
//! last four digits, under a random token.

use anyhow::Context;
use async_trait::async_trait;
use rand::Rng;
use serde::{Deserialize, Serialize};
use shared::money::Money;

use std::sync::OnceLock;
use std::time::Duration;

use super::webhook::{self, ProviderEvent};
use super::{CardInfo, Charge, ChargeStatus, Decline, PaymentProvider, ProviderError};
use crate::clock::SharedClock;
use crate::db::Database;
use crate::db::test_provider::{self as store, BankAccountRow, CardRow, ChargeRow};

pub const NAME: &str = "test";

/// What a test card number does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Behaviour {
    Succeeds,
    Declines,
    InsufficientFunds,
    Challenge,
    AnswerLost,
}

impl Behaviour {
    fn as_str(self) -> &'static str {
        match self {
            Self::Succeeds => "succeeds",
            Self::Declines => "declines",
            Self::InsufficientFunds => "insufficient_funds",
            Self::Challenge => "challenge",
            Self::AnswerLost => "answer_lost",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::Succeeds, Self::Declines, Self::InsufficientFunds, Self::Challenge, Self::AnswerLost]
            .into_iter()
            .find(|behaviour| behaviour.as_str() == text)
    }
}

const TEST_CARDS: &[(&str, &str, Behaviour)] = &[
    ("4242424242424242", "visa", Behaviour::Succeeds),
    ("5555555555554444", "mastercard", Behaviour::Succeeds),
    ("4000000000000002", "visa", Behaviour::Declines),
    ("4000000000009995", "visa", Behaviour::InsufficientFunds),
    ("4000000000003220", "visa", Behaviour::Challenge),
    ("4000000000000119", "visa", Behaviour::AnswerLost),
];

/// Card details as the browser sends them to the provider (never to Bazaar's own API).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CardDetails {
    pub number: String,
    pub exp_month: u32,
    pub exp_year: u32,
    pub cvc: String,
}

/// What tokenization returns: a token to pay with, and what may be shown about the card.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CardToken {
    pub token: String,
    pub brand: String,
    pub last4: String,
}

/// A seller's bank account as the browser sends it to the provider (never to Bazaar's own API).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct BankAccountDetails {
    pub holder_name: String,
    /// An account number or IBAN; spaces and hyphens are ignored.
    pub account_number: String,
}

/// A tokenized bank account: the token a shop keeps as its payout destination, and a masked label to show.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BankAccountToken {
    pub token: String,
    /// "Test Bank ••••6789".
    pub label: String,
}

fn bank_account_label(last4: &str) -> String {
    format!("Test Bank \u{2022}\u{2022}\u{2022}\u{2022}{last4}")
}

/// A card the provider will not tokenize; `field` names the input, `code` is what the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CardProblem {
    pub field: &'static str,
    pub code: &'static str,
    pub message: &'static str,
}

#[derive(Debug)]
pub struct TestProvider {
    db: Database,
    clock: SharedClock,
    timeout_rate_ppm: u32,
    webhook_secret: String,
    /// Where events go, once the server knows its own address.
    webhook_url: OnceLock<String>,
    http: reqwest::Client,
}

impl TestProvider {
    pub fn new(db: Database, clock: SharedClock, timeout_rate_ppm: u32, webhook_secret: String) -> Self {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap_or_default();
        Self { db, clock, timeout_rate_ppm, webhook_secret, webhook_url: OnceLock::new(), http }
    }

    /// Starts sending webhooks to `url` (the server's own `/api/v1/payments/webhooks/test`).
    pub fn send_webhooks_to(&self, url: String) {
        let _ = self.webhook_url.set(url);
    }

    /// Tells the merchant, later and signed, that the charge under `reference` changed — like a real provider:
    /// retried on failure, and now and then delivered twice.
    fn notify(&self, kind: &'static str, reference: &str) {
        let Some(url) = self.webhook_url.get().cloned() else { return };
        let event = ProviderEvent {
            id: format!("evt_{}", random_hex(12)),
            kind: kind.into(),
            merchant_reference: reference.into(),
        };
        let Ok(body) = serde_json::to_vec(&event) else { return };
        let (http, secret) = (self.http.clone(), self.webhook_secret.clone());
        let deliveries = if rand::rng().random_range(0..10) == 0 { 2 } else { 1 };
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            for _ in 0..deliveries {
                for attempt in 0..3u64 {
                    let signature = webhook::sign(secret.as_bytes(), crate::ids::now_ms() / 1_000, &body);
                    let sent = http
                        .post(&url)
                        .header(webhook::SIGNATURE_HEADER, signature)
                        .header("content-type", "application/json")
                        .body(body.clone())
                        .send()
                        .await;
                    if sent.is_ok_and(|response| response.status().is_success()) {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(200 * (attempt + 1))).await;
                }
            }
        });
    }

    /// Checks the card and returns a token for it. The number itself is dropped here.
    pub async fn tokenize(
        &self,
        card: &CardDetails,
    ) -> Result<Result<CardToken, CardProblem>, anyhow::Error> {
        let digits: String = card.number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if digits.len() < 12
            || digits.len() > 19
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || !luhn_valid(&digits)
        {
            return Ok(Err(CardProblem {
                field: "number",
                code: "invalid_number",
                message: "That card number is not valid.",
            }));
        }
        let Some(&(_, brand, behaviour)) = TEST_CARDS.iter().find(|(number, _, _)| *number == digits) else {
            return Ok(Err(CardProblem {
                field: "number",
                code: "not_a_test_card",
                message: "This is the test payment provider: use one of the test card numbers.",
            }));
        };
        if !(1..=12).contains(&card.exp_month) {
            return Ok(Err(CardProblem {
                field: "exp_month",
                code: "invalid_expiry",
                message: "Enter a month from 1 to 12.",
            }));
        }
        let (year, month) = year_month(self.clock.now_ms());
        let exp_year = if card.exp_year < 100 { 2000 + card.exp_year } else { card.exp_year };
        if (exp_year, card.exp_month) < (year, month) {
            return Ok(Err(CardProblem {
                field: "exp_year",
                code: "expired_card",
                message: "This card has expired.",
            }));
        }
        let cvc = card.cvc.trim();
        if !(3..=4).contains(&cvc.len()) || !cvc.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Err(CardProblem {
                field: "cvc",
                code: "invalid_cvc",
                message: "Enter the 3 or 4 digits on the back.",
            }));
        }
        let row = CardRow {
            token: format!("tok_{}", random_hex(12)),
            behaviour: behaviour.as_str().into(),
            brand: brand.into(),
            last4: digits[digits.len() - 4..].into(),
        };
        store::insert_card(self.db.pool(), &row, self.clock.now_ms()).await.context("storing a test card")?;
        Ok(Ok(CardToken { token: row.token, brand: row.brand, last4: row.last4 }))
    }

    /// Checks a seller's bank account and returns a token for it, the payout destination a shop keeps. Like a
    /// card number, the account number is dropped here: only its last four digits and the holder's name stay.
    /// Any 8 to 34 letters and digits are a test account.
    pub async fn tokenize_bank_account(
        &self,
        account: &BankAccountDetails,
    ) -> Result<Result<BankAccountToken, CardProblem>, anyhow::Error> {
        let holder = account.holder_name.trim();
        if !(2..=70).contains(&holder.chars().count()) || holder.chars().any(char::is_control) {
            return Ok(Err(CardProblem {
                field: "holder_name",
                code: "invalid_holder",
                message: "Enter the account holder's name (2 to 70 characters).",
            }));
        }
        let number: String = account
            .account_number
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !(8..=34).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Ok(Err(CardProblem {
                field: "account_number",
                code: "invalid_account",
                message: "Enter an account number or IBAN of 8 to 34 letters and digits.",
            }));
        }
        let row = BankAccountRow {
            token: format!("ba_{}", random_hex(12)),
            holder_name: holder.into(),
            last4: number[number.len() - 4..].into(),
        };
        store::insert_bank_account(self.db.pool(), &row, self.clock.now_ms())
            .await
            .context("storing a test bank account")?;
        Ok(Ok(BankAccountToken { label: bank_account_label(&row.last4), token: row.token }))
    }

    /// The bank account behind a token, as the provider describes it; None for an unknown token.
    pub async fn bank_account(&self, token: &str) -> Result<Option<BankAccountToken>, anyhow::Error> {
        let row = store::find_bank_account(self.db.pool(), token).await.context("finding a bank account")?;
        Ok(row.map(|row| BankAccountToken { label: bank_account_label(&row.last4), token: row.token }))
    }

    /// The shopper answered the bank's confirmation step. Returns the charge as it now stands.
    pub async fn complete_challenge(
        &self,
        provider_payment_id: &str,
        approved: bool,
    ) -> Result<Option<Charge>, ProviderError> {
        let (to, failure) =
            if approved { ("authorized", None) } else { ("failed", Some(Decline::ChallengeFailed.code())) };
        let moved = store::update_charge_state(
            self.db.pool(),
            provider_payment_id,
            &["requires_challenge"],
            to,
            failure,
        )
        .await
        .map_err(unavailable)?;
        let row = store::charge_by_id(self.db.pool(), provider_payment_id).await.map_err(unavailable)?;
        match row {
            Some(row) => {
                if moved {
                    self.notify(
                        if approved { "charge.authorized" } else { "charge.failed" },
                        &row.merchant_reference,
                    );
                }
                Ok(Some(self.charge_of(&row).await?))
            }
            None => Ok(None),
        }
    }

    /// Like a network: occasionally the work is done but the answer never arrives.
    fn maybe_lose_answer(&self) -> Result<(), ProviderError> {
        if self.timeout_rate_ppm > 0 && rand::rng().random_range(0..1_000_000) < self.timeout_rate_ppm {
            return Err(ProviderError::Timeout);
        }
        Ok(())
    }

    async fn charge_of(&self, row: &ChargeRow) -> Result<Charge, ProviderError> {
        let card = store::find_card(self.db.pool(), &row.token).await.map_err(unavailable)?;
        let card = card
            .map(|card| CardInfo { brand: card.brand, last4: card.last4 })
            .unwrap_or(CardInfo { brand: "unknown".into(), last4: "0000".into() });
        let status = match row.state.as_str() {
            "authorized" => ChargeStatus::Authorized,
            "succeeded" => ChargeStatus::Captured,
            "requires_challenge" => ChargeStatus::RequiresChallenge,
            _ => ChargeStatus::Declined(
                row.failure_code.as_deref().and_then(Decline::parse).unwrap_or(Decline::CardDeclined),
            ),
        };
        Ok(Charge { provider_payment_id: row.id.clone(), status, card })
    }
}

#[async_trait]
impl PaymentProvider for TestProvider {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn authorize(&self, reference: &str, token: &str, amount: Money) -> Result<Charge, ProviderError> {
        let pool = self.db.pool();
        if let Some(existing) = store::charge_by_reference(pool, reference).await.map_err(unavailable)? {
            return self.charge_of(&existing).await;
        }
        let card = store::find_card(pool, token).await.map_err(unavailable)?;
        let behaviour = card.as_ref().and_then(|card| Behaviour::parse(&card.behaviour));
        let (state, failure) = match behaviour {
            None => ("failed", Some(Decline::InvalidToken)),
            Some(Behaviour::Succeeds | Behaviour::AnswerLost) => ("authorized", None),
            Some(Behaviour::Declines) => ("failed", Some(Decline::CardDeclined)),
            Some(Behaviour::InsufficientFunds) => ("failed", Some(Decline::InsufficientFunds)),
            Some(Behaviour::Challenge) => ("requires_challenge", None),
        };
        let row = ChargeRow {
            id: format!("ch_{}", random_hex(12)),
            merchant_reference: reference.into(),
            token: token.into(),
            currency: amount.currency.code().into(),
            amount_minor: amount.amount_minor,
            state: state.into(),
            failure_code: failure.map(|decline| decline.code().to_string()),
            refunded_minor: 0,
        };
        store::insert_charge(pool, &row, self.clock.now_ms()).await.map_err(unavailable)?;
        if behaviour == Some(Behaviour::AnswerLost) {
            // The answer is lost, but the event that follows is not.
            self.notify("charge.authorized", reference);
            return Err(ProviderError::Timeout);
        }
        self.maybe_lose_answer()?;
        let stored = store::charge_by_reference(pool, reference).await.map_err(unavailable)?;
        self.charge_of(&stored.unwrap_or(row)).await
    }

    async fn capture(&self, provider_payment_id: &str) -> Result<(), ProviderError> {
        let pool = self.db.pool();
        store::update_charge_state(pool, provider_payment_id, &["authorized"], "succeeded", None)
            .await
            .map_err(unavailable)?;
        match store::charge_by_id(pool, provider_payment_id).await.map_err(unavailable)? {
            Some(row) if row.state == "succeeded" => self.maybe_lose_answer(),
            _ => Err(ProviderError::Unavailable(format!("charge {provider_payment_id} cannot be captured"))),
        }
    }

    async fn lookup(&self, reference: &str) -> Result<Option<Charge>, ProviderError> {
        match store::charge_by_reference(self.db.pool(), reference).await.map_err(unavailable)? {
            Some(row) => Ok(Some(self.charge_of(&row).await?)),
            None => Ok(None),
        }
    }

    async fn refund(
        &self,
        provider_payment_id: &str,
        reference: &str,
        amount: Money,
    ) -> Result<(), ProviderError> {
        let refunded = store::refund_once(
            self.db.pool(),
            provider_payment_id,
            reference,
            amount.amount_minor,
            self.clock.now_ms(),
        )
        .await
        .map_err(unavailable)?;
        if !refunded {
            return Err(ProviderError::Unavailable(format!("refund {reference} exceeds what was charged")));
        }
        self.maybe_lose_answer()
    }

    async fn payout(&self, reference: &str, amount: Money) -> Result<String, ProviderError> {
        let id = format!("po_{}", random_hex(12));
        let stored = store::insert_payout(
            self.db.pool(),
            &id,
            reference,
            amount.currency.code(),
            amount.amount_minor,
            self.clock.now_ms(),
        )
        .await
        .map_err(unavailable)?;
        self.maybe_lose_answer()?;
        Ok(stored)
    }
}

fn unavailable(error: sqlx::Error) -> ProviderError {
    ProviderError::Unavailable(error.to_string())
}

fn random_hex(bytes: usize) -> String {
    let mut rng = rand::rng();
    (0..bytes).map(|_| format!("{:02x}", rng.random::<u8>())).collect()
}

/// The Luhn checksum every card number carries.
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The UTC year and month of a Unix-millisecond time.
fn year_month(unix_ms: i64) -> (u32, u32) {
    let date = time::OffsetDateTime::from_unix_timestamp(unix_ms / 1_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    (u32::try_from(date.year()).unwrap_or(1970), u32::from(u8::from(date.month())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_test_card_passes_luhn_and_a_typo_does_not() {
        for (number, _, _) in TEST_CARDS {
            assert!(luhn_valid(number), "{number}");
        }
        assert!(!luhn_valid("4242424242424241"));
    }

    #[test]
    fn year_month_reads_utc() {
        // 2026-11-22T00:00:00Z
        assert_eq!(year_month(1_795_305_600_000), (2026, 11));
    }
}
