//! A seller's money statement: the ledger entries that concern one shop over a period of UTC days, each as a
//! kind the seller recognises (sale held in escrow, released to you, commission, refund, payout), signed from the
//! seller's side, with the running available balance and the period's totals per currency; and its CSV export.
//!
//! Which entries belong to a seller's statement, and how each reads:
//!
//! | transaction      | account                  | statement kind   | sign                         |
//! |------------------|--------------------------|------------------|------------------------------|
//! | capture          | escrow of their order    | held in escrow   | as posted (+)                |
//! | release          | escrow of their order    | — (shown as the two lines below)                |
//! | release          | seller available         | released to you  | as posted (+, net)           |
//! | release          | platform commission      | commission       | negated (−)                  |
//! | refund           | escrow of their order    | refund           | as posted (−)                |
//! | payout           | seller available         | payout           | as posted (−)                |
//! | payout           | seller paid out          | — (the mirror of the line above)                |
//! | payout reversal  | seller available         | payout reversed  | as posted (+)                |
//!
//! The server's SQL selects exactly these rows ([`classify`] is the rule it mirrors), so pages are exact.
//! Dates are proleptic Gregorian UTC days; no clock here: "today" is passed in.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::dto::{FieldError, Page, PageRequest};
use crate::ids::OrderId;
use crate::ledger::{Account, TransactionKind};
use crate::money::{Currency, Money, MoneyError};

/// The longest period one statement covers, in days (a leap year).
pub const MAX_PERIOD_DAYS: i64 = 366;
/// Entries per page of the statement when the client does not say.
pub const STATEMENT_PER_PAGE: u32 = 50;
/// The most entries one CSV export holds; a busier period must be exported in parts.
pub const MAX_CSV_ENTRIES: usize = 100_000;

const DAY_MS: i64 = 86_400_000;

/// A UTC calendar day, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

impl Day {
    /// The day an instant (Unix milliseconds) falls on, in UTC.
    pub fn of_unix_ms(unix_ms: i64) -> Day {
        Day(unix_ms.div_euclid(DAY_MS))
    }

    /// A date from its parts; `None` for a day the month does not have.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Day(days_from_civil(year, month, day)))
    }

    /// Strict `YYYY-MM-DD` (four-digit year from 1970 to 9999), the form date inputs send.
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &text[range];
            part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
        };
        let year = number(0..4)?;
        if year < 1970 {
            return None;
        }
        Day::from_ymd(i64::from(year), number(5..7)?, number(8..10)?)
    }

    /// The first instant of the day, Unix milliseconds.
    pub fn start_ms(self) -> i64 {
        self.0 * DAY_MS
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.0)
    }

    /// The first day of this day's month.
    pub fn first_of_month(self) -> Day {
        let (year, month, _) = self.ymd();
        Day(days_from_civil(year, month, 1))
    }

    /// The last day of this day's month.
    pub fn last_of_month(self) -> Day {
        let (year, month, _) = self.ymd();
        Day(days_from_civil(year, month, days_in_month(year, month)))
    }

    /// The day `days` later (earlier when negative).
    pub fn plus_days(self, days: i64) -> Day {
        Day(self.0 + days)
    }

    /// Days since 1970-01-01 (the number databases store for a day).
    pub fn days_since_epoch(self) -> i64 {
        self.0
    }

    /// The day `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Day {
        Day(days)
    }

    /// The Monday of this day's ISO week (weeks start on Monday; 1970-01-01 was a Thursday).
    pub fn monday(self) -> Day {
        Day(self.0 - (self.0 + 3).rem_euclid(7))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.ymd();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// The statement's query as it arrives (query string or server function): dates as text, so a bad one gets a
/// message naming its parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct StatementParams {
    /// First day of the period, `YYYY-MM-DD` (UTC); default: the first day of this month.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day of the period, included, `YYYY-MM-DD` (UTC); default: the last day of this month.
    #[serde(default)]
    pub to: Option<String>,
    /// Page, from 1 (ignored by the CSV export, which holds every entry).
    #[serde(default)]
    pub page: Option<u32>,
    /// Entries per page (1–100; default 50).
    #[serde(default)]
    pub per_page: Option<u32>,
    /// `newest` (default) or `oldest` first (the CSV export is always newest first).
    #[serde(default)]
    pub sort: Option<String>,
}

/// Which end of the period a statement page starts from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatementOrder {
    #[default]
    NewestFirst,
    OldestFirst,
}

impl StatementOrder {
    pub const ALL: [StatementOrder; 2] = [StatementOrder::NewestFirst, StatementOrder::OldestFirst];

    pub fn as_str(self) -> &'static str {
        match self {
            StatementOrder::NewestFirst => "newest",
            StatementOrder::OldestFirst => "oldest",
        }
    }

    pub fn parse(text: &str) -> Option<StatementOrder> {
        Self::ALL.into_iter().find(|order| order.as_str() == text)
    }
}

/// A period of whole UTC days, both ends included, at most [`MAX_PERIOD_DAYS`] long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementPeriod {
    from: Day,
    to: Day,
}

impl StatementPeriod {
    /// Reads `from` and `to` (each defaulting to this month's first and last day, `today` given by the caller).
    pub fn parse(from: Option<&str>, to: Option<&str>, today: Day) -> Result<Self, FieldError> {
        let day = |text: Option<&str>, field: &'static str, default: Day| match text.map(str::trim) {
            None | Some("") => Ok(default),
            Some(text) => Day::parse(text)
                .ok_or_else(|| FieldError { field, message: "must be a date written YYYY-MM-DD".into() }),
        };
        let from = day(from, "from", today.first_of_month())?;
        let to = day(to, "to", today.last_of_month())?;
        Self::between(from, to)
    }

    /// The days from `from` to `to`, both included: `from` after `to` is an error naming `from`, more than
    /// [`MAX_PERIOD_DAYS`] days one naming `to`.
    pub fn between(from: Day, to: Day) -> Result<Self, FieldError> {
        if from > to {
            return Err(FieldError { field: "from", message: "must not be after to".into() });
        }
        if to.0 - from.0 + 1 > MAX_PERIOD_DAYS {
            return Err(FieldError {
                field: "to",
                message: format!("a period covers at most {MAX_PERIOD_DAYS} days"),
            });
        }
        Ok(Self { from, to })
    }

    /// How many days the period has (at least 1).
    pub fn days(&self) -> i64 {
        self.to.0 - self.from.0 + 1
    }

    /// The period of equal length that ends the day before this one starts (what "vs previous period" compares
    /// with).
    pub fn previous(&self) -> StatementPeriod {
        StatementPeriod { from: self.from.plus_days(-self.days()), to: self.from.plus_days(-1) }
    }

    /// Whether `day` lies in the period.
    pub fn contains(&self, day: Day) -> bool {
        self.from <= day && day <= self.to
    }

    pub fn from(&self) -> Day {
        self.from
    }

    pub fn to(&self) -> Day {
        self.to
    }

    /// The first instant of the period, Unix milliseconds.
    pub fn start_ms(&self) -> i64 {
        self.from.start_ms()
    }

    /// The first instant after the period (exclusive end), Unix milliseconds.
    pub fn end_ms(&self) -> i64 {
        self.to.plus_days(1).start_ms()
    }
}

impl StatementParams {
    /// The period, page and order asked for.
    pub fn parse(&self, today: Day) -> Result<(StatementPeriod, PageRequest, StatementOrder), FieldError> {
        let period = StatementPeriod::parse(self.from.as_deref(), self.to.as_deref(), today)?;
        let page = PageRequest::parse(self.page, Some(self.per_page.unwrap_or(STATEMENT_PER_PAGE)))?;
        let order = match self.sort.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => StatementOrder::default(),
            Some(text) => StatementOrder::parse(text)
                .ok_or_else(|| FieldError { field: "sort", message: "must be newest or oldest".into() })?,
        };
        Ok((period, page, order))
    }
}

/// Which side of a transaction an entry is on, as far as a seller's statement cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementLeg {
    /// The escrow account of one of the seller's orders.
    Escrow,
    /// The seller's available balance.
    Available,
    /// The seller's paid-out account.
    PaidOut,
    /// The platform's commission (on one of the seller's orders).
    Commission,
}

impl StatementLeg {
    /// The leg of an account; `None` for accounts no seller statement shows.
    pub fn of(account: &Account) -> Option<StatementLeg> {
        match account {
            Account::Escrow(_) => Some(Self::Escrow),
            Account::SellerAvailable(_) => Some(Self::Available),
            Account::SellerPaidOut(_) => Some(Self::PaidOut),
            Account::PlatformCommission => Some(Self::Commission),
            Account::ProviderClearing | Account::ShopperRefunds => None,
        }
    }
}

/// What a statement line is, for the seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    /// A shopper paid: the order's money is held in escrow.
    HeldInEscrow,
    /// Escrow released to the seller's available balance, net of commission.
    Released,
    /// The platform's commission on a released order.
    Commission,
    /// Escrow refunded to the shopper.
    Refund,
    /// Available money sent to the seller's bank.
    Payout,
    /// A payout the bank bounced, back in the available balance.
    PayoutReversed,
}

impl StatementKind {
    pub const ALL: [StatementKind; 6] = [
        Self::HeldInEscrow,
        Self::Released,
        Self::Commission,
        Self::Refund,
        Self::Payout,
        Self::PayoutReversed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::HeldInEscrow => "held_in_escrow",
            Self::Released => "released",
            Self::Commission => "commission",
            Self::Refund => "refund",
            Self::Payout => "payout",
            Self::PayoutReversed => "payout_reversed",
        }
    }

    /// Whether the line moves the seller's available balance (and so has a running balance).
    pub fn moves_available(self) -> bool {
        matches!(self, Self::Released | Self::Payout | Self::PayoutReversed)
    }

    /// The line's amount, signed from the seller's side, from the posting's amount (into the account).
    pub fn signed(self, posted: Money) -> Result<Money, MoneyError> {
        match self {
            // Commission flows into the platform's account: out of the seller's sale.
            Self::Commission => posted.checked_neg(),
            _ => Ok(posted),
        }
    }
}

/// The statement kind of a posting, or `None` when a seller's statement does not show it (see the module's table).
pub fn classify(kind: TransactionKind, leg: StatementLeg) -> Option<StatementKind> {
    use StatementLeg as L;
    use TransactionKind as T;
    match (kind, leg) {
        (T::Capture, L::Escrow) => Some(StatementKind::HeldInEscrow),
        (T::Release, L::Available) => Some(StatementKind::Released),
        (T::Release, L::Commission) => Some(StatementKind::Commission),
        (T::Refund, L::Escrow) => Some(StatementKind::Refund),
        (T::Payout, L::Available) => Some(StatementKind::Payout),
        (T::PayoutReversal, L::Available) => Some(StatementKind::PayoutReversed),
        // A release's escrow leg is the sum of the two lines above; a payout's paid-out leg mirrors its available
        // leg; nothing else reaches these accounts.
        (T::Release, L::Escrow) | (T::Payout | T::PayoutReversal, L::PaidOut) => None,
        (T::Capture, L::Available | L::PaidOut | L::Commission)
        | (T::Release, L::PaidOut)
        | (T::Refund, L::Available | L::PaidOut | L::Commission)
        | (T::Payout | T::PayoutReversal, L::Escrow | L::Commission) => None,
    }
}

/// One line of a seller's statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementEntry {
    /// The ledger transaction the line comes from.
    pub transaction_id: String,
    pub created_at_ms: i64,
    pub kind: StatementKind,
    /// The order the money belongs to (none for payouts).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub order_id: Option<OrderId>,
    /// The payout, for payout lines.
    pub payout_id: Option<String>,
    /// Signed from the seller's side: positive is money for the seller.
    pub amount: Money,
    /// The available balance right after this line, for lines that move it.
    pub available_after: Option<Money>,
}

/// The period's sums per kind in one currency, signed like the lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementTotals {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "USD"))]
    pub currency: Currency,
    /// Paid by shoppers into escrow for the seller's orders.
    pub held: Money,
    /// Released to the seller, net of commission.
    pub released: Money,
    /// Commission taken (negative).
    pub commission: Money,
    /// Refunded to shoppers from escrow (negative).
    pub refunds: Money,
    /// Sent to the bank, less bounced payouts (negative).
    pub paid_out: Money,
}

impl StatementTotals {
    pub fn zero(currency: Currency) -> Self {
        let zero = Money::zero(currency);
        Self { currency, held: zero, released: zero, commission: zero, refunds: zero, paid_out: zero }
    }

    /// Adds one line's signed amount to its kind's sum.
    pub fn add(&mut self, kind: StatementKind, amount: Money) -> Result<(), MoneyError> {
        let sum = match kind {
            StatementKind::HeldInEscrow => &mut self.held,
            StatementKind::Released => &mut self.released,
            StatementKind::Commission => &mut self.commission,
            StatementKind::Refund => &mut self.refunds,
            StatementKind::Payout | StatementKind::PayoutReversed => &mut self.paid_out,
        };
        *sum = sum.checked_add(amount)?;
        Ok(())
    }
}

/// Totals per currency (ordered by code) of signed amounts by kind.
pub fn totals_of(
    lines: impl IntoIterator<Item = (StatementKind, Money)>,
) -> Result<Vec<StatementTotals>, MoneyError> {
    let mut totals: Vec<StatementTotals> = Vec::new();
    for (kind, amount) in lines {
        let index = match totals.iter().position(|t| t.currency == amount.currency) {
            Some(index) => index,
            None => {
                totals.push(StatementTotals::zero(amount.currency));
                totals.len() - 1
            }
        };
        totals[index].add(kind, amount)?;
    }
    totals.sort_by_key(|t| t.currency.code());
    Ok(totals)
}

/// Fills `available_after` down a page of lines, newest first, from the available balance right after the
/// page's newest line (`closing`, per currency; a currency not named starts at zero).
pub fn fill_running_balance(entries: &mut [StatementEntry], closing: &[Money]) -> Result<(), MoneyError> {
    let mut balances: Vec<Money> = closing.to_vec();
    for entry in entries.iter_mut() {
        if !entry.kind.moves_available() {
            entry.available_after = None;
            continue;
        }
        let currency = entry.amount.currency;
        let balance = match balances.iter_mut().find(|b| b.currency == currency) {
            Some(balance) => balance,
            None => {
                balances.push(Money::zero(currency));
                balances.last_mut().expect("just pushed")
            }
        };
        entry.available_after = Some(*balance);
        *balance = balance.checked_sub(entry.amount)?;
    }
    Ok(())
}

/// A seller's statement for a period: one page of lines (newest first) and the whole period's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerStatement {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day (included), `YYYY-MM-DD`.
    pub to: String,
    pub entries: Page<StatementEntry>,
    /// Per currency, every line of the period (not only this page).
    pub totals: Vec<StatementTotals>,
}

/// A statement's CSV export and the name it downloads as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementCsv {
    /// `statement-<from>-<to>.csv`.
    pub file_name: String,
    pub csv: String,
}

impl StatementCsv {
    pub fn new(period: StatementPeriod, entries: &[StatementEntry]) -> Self {
        Self {
            file_name: format!("statement-{}-{}.csv", period.from(), period.to()),
            csv: statement_csv(entries),
        }
    }
}

/// The statement's lines as CSV (RFC 4180, header first): UTC date and time, kind, order, payout, currency,
/// signed amount and available balance as decimals in the currency's exponent, the transaction.
pub fn statement_csv(entries: &[StatementEntry]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "date",
        "time_utc",
        "kind",
        "order_id",
        "payout_id",
        "currency",
        "amount",
        "available_after",
        "transaction_id",
    ];
    // Writing into a Vec cannot fail; a record of plain strings always encodes.
    let _ = writer.write_record(header);
    for entry in entries {
        let minute_of_day = entry.created_at_ms.rem_euclid(DAY_MS) / 1_000;
        let time = format!(
            "{:02}:{:02}:{:02}",
            minute_of_day / 3_600,
            minute_of_day % 3_600 / 60,
            minute_of_day % 60
        );
        let _ = writer.write_record([
            Day::of_unix_ms(entry.created_at_ms).to_string(),
            time,
            entry.kind.as_str().to_string(),
            entry.order_id.map(|id| id.to_string()).unwrap_or_default(),
            entry.payout_id.clone().unwrap_or_default(),
            entry.amount.currency.code().to_string(),
            entry.amount.to_major_string(),
            entry.available_after.map(|m| m.to_major_string()).unwrap_or_default(),
            entry.transaction_id.clone(),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::from_code("USD").expect("USD"))
    }

    fn day(text: &str) -> Day {
        Day::parse(text).expect(text)
    }

    fn entry(kind: StatementKind, amount: Money, at_ms: i64) -> StatementEntry {
        StatementEntry {
            transaction_id: format!("t{at_ms}"),
            created_at_ms: at_ms,
            kind,
            order_id: None,
            payout_id: None,
            amount,
            available_after: None,
        }
    }

    #[test]
    fn days_read_and_write_as_iso_dates() {
        assert_eq!(day("1970-01-01").start_ms(), 0);
        assert_eq!(day("2024-02-29").to_string(), "2024-02-29");
        assert_eq!(Day::of_unix_ms(1_709_164_800_000 + 61_000), day("2024-02-29"));
        assert_eq!(Day::of_unix_ms(1_796_256_000_000), day("2026-12-03"));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "",
            "1969-12-31",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        // Every day of four centuries survives a round trip.
        let mut current = day("1970-01-01");
        for _ in 0..146_097 {
            assert_eq!(Day::parse(&current.to_string()), Some(current));
            current = current.plus_days(1);
        }
    }

    #[test]
    fn a_period_defaults_to_this_month_and_names_its_bad_parameter() {
        let today = day("2024-02-10");
        let period = StatementPeriod::parse(None, None, today).expect("default");
        assert_eq!((period.from(), period.to()), (day("2024-02-01"), day("2024-02-29")));
        assert_eq!(period.start_ms(), day("2024-02-01").start_ms());
        assert_eq!(period.end_ms(), day("2024-03-01").start_ms(), "the last day is included");

        let error = |from: Option<&str>, to: Option<&str>| {
            StatementPeriod::parse(from, to, today).expect_err("refused").field
        };
        assert_eq!(error(Some("2024-02-30"), None), "from");
        assert_eq!(error(None, Some("tomorrow")), "to");
        assert_eq!(error(Some("2024-03-02"), Some("2024-03-01")), "from", "from after to");
        assert_eq!(error(Some("2023-01-01"), Some("2024-01-02")), "to", "367 days");
        assert!(StatementPeriod::parse(Some("2023-01-01"), Some("2024-01-01"), today).is_ok(), "366 days");
        assert!(StatementPeriod::parse(Some("2024-01-01"), Some("2024-12-31"), today).is_ok(), "366 days");
        assert!(StatementPeriod::parse(Some("2024-02-05"), Some("2024-02-05"), today).is_ok(), "one day");

        let params = StatementParams { page: Some(0), ..StatementParams::default() };
        assert_eq!(params.parse(today).expect_err("page 0").field, "page");
        let (_, page, order) = StatementParams::default().parse(today).expect("defaults");
        assert_eq!(
            (page.page(), page.per_page(), order),
            (1, STATEMENT_PER_PAGE, StatementOrder::NewestFirst)
        );
        let oldest = StatementParams { sort: Some("oldest".into()), ..StatementParams::default() };
        assert_eq!(oldest.parse(today).expect("oldest").2, StatementOrder::OldestFirst);
        let unknown = StatementParams { sort: Some("amount".into()), ..StatementParams::default() };
        assert_eq!(unknown.parse(today).expect_err("unknown").field, "sort");
    }

    #[test]
    fn every_posting_a_seller_sees_has_one_kind() {
        use StatementLeg as L;
        use TransactionKind as T;
        let kinds = [T::Capture, T::Release, T::Refund, T::Payout, T::PayoutReversal];
        let legs = [L::Escrow, L::Available, L::PaidOut, L::Commission];
        let shown: Vec<(T, L, StatementKind)> = kinds
            .iter()
            .flat_map(|kind| legs.iter().map(move |leg| (*kind, *leg)))
            .filter_map(|(kind, leg)| classify(kind, leg).map(|shown| (kind, leg, shown)))
            .collect();
        // The module's table, exactly: each kind of line comes from one kind of posting.
        assert_eq!(
            shown,
            vec![
                (T::Capture, L::Escrow, StatementKind::HeldInEscrow),
                (T::Release, L::Available, StatementKind::Released),
                (T::Release, L::Commission, StatementKind::Commission),
                (T::Refund, L::Escrow, StatementKind::Refund),
                (T::Payout, L::Available, StatementKind::Payout),
                (T::PayoutReversal, L::Available, StatementKind::PayoutReversed),
            ]
        );
        assert_eq!(StatementLeg::of(&Account::ProviderClearing), None);
        assert_eq!(StatementLeg::of(&Account::ShopperRefunds), None);
        assert_eq!(StatementLeg::of(&Account::PlatformCommission), Some(L::Commission));
    }

    #[test]
    fn commission_reads_as_money_out_of_the_sale() {
        assert_eq!(StatementKind::Commission.signed(usd(150)), Ok(usd(-150)));
        assert_eq!(StatementKind::Released.signed(usd(850)), Ok(usd(850)));
        assert_eq!(StatementKind::Payout.signed(usd(-850)), Ok(usd(-850)));
        let moving: Vec<_> = StatementKind::ALL.into_iter().filter(|k| k.moves_available()).collect();
        assert_eq!(moving, [StatementKind::Released, StatementKind::Payout, StatementKind::PayoutReversed]);
    }

    #[test]
    fn totals_sum_each_kind_per_currency() {
        let eur = Currency::from_code("EUR").expect("EUR");
        let totals = totals_of([
            (StatementKind::HeldInEscrow, usd(1_000)),
            (StatementKind::Released, usd(850)),
            (StatementKind::Commission, usd(-150)),
            (StatementKind::Payout, usd(-850)),
            (StatementKind::PayoutReversed, usd(200)),
            (StatementKind::Refund, Money::new(-500, eur)),
        ])
        .expect("totals");
        assert_eq!(totals.len(), 2);
        assert_eq!(totals[0].currency.code(), "EUR", "ordered by code");
        assert_eq!(totals[0].refunds, Money::new(-500, eur));
        assert_eq!(totals[0].held, Money::zero(eur));
        let us = &totals[1];
        assert_eq!(
            (us.held, us.released, us.commission, us.paid_out),
            (usd(1_000), usd(850), usd(-150), usd(-650))
        );
        assert_eq!(us.refunds, usd(0));
        assert!(
            totals_of([(StatementKind::Released, usd(i64::MAX)), (StatementKind::Released, usd(1))]).is_err()
        );
    }

    #[test]
    fn the_running_balance_walks_back_from_the_newest_line() {
        // Newest first: payout 850 → balance 0 after it; commission has none; release 850 → 850 after it.
        let mut page = vec![
            entry(StatementKind::Payout, usd(-850), 3),
            entry(StatementKind::Commission, usd(-150), 2),
            entry(StatementKind::Released, usd(850), 2),
            entry(StatementKind::HeldInEscrow, usd(1_000), 1),
        ];
        fill_running_balance(&mut page, &[usd(0)]).expect("balances");
        let after: Vec<Option<Money>> = page.iter().map(|e| e.available_after).collect();
        assert_eq!(after, [Some(usd(0)), None, Some(usd(850)), None]);
        // A currency the closing balances do not name starts at zero.
        let mut page = vec![entry(StatementKind::Released, usd(10), 1)];
        fill_running_balance(&mut page, &[]).expect("balances");
        assert_eq!(page[0].available_after, Some(usd(0)));
    }

    #[test]
    fn the_csv_has_a_header_and_decimal_amounts() {
        let mut released = entry(StatementKind::Released, usd(850), day("2026-11-03").start_ms() + 3_723_000);
        released.available_after = Some(usd(850));
        released.order_id = Some("0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69".parse().expect("id"));
        let krw = Money::new(-12_345, Currency::from_code("KRW").expect("KRW"));
        let mut payout = entry(StatementKind::Payout, krw, day("2026-11-04").start_ms());
        payout.payout_id = Some("p,1".into());
        let csv = statement_csv(&[released, payout]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines,
            [
                "date,time_utc,kind,order_id,payout_id,currency,amount,available_after,transaction_id",
                "2026-11-03,01:02:03,released,0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69,,USD,8.50,8.50,t1793667723000",
                "2026-11-04,00:00:00,payout,,\"p,1\",KRW,-12345,,t1793750400000",
            ]
        );
    }
}
