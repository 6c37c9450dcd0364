//! Money in integer minor units of an ISO-4217 currency.
//!
//! A [`Money`] is an `i64` count of the currency's smallest unit (cents for USD, won for KRW, fils for BHD)
//! plus its [`Currency`]. Floats never appear: every amount a shopper sees, pays or is refunded is an exact
//! integer, and every operation that could lose a unit says so through a [`MoneyError`] or a
//! [`RoundingMode`] chosen by the caller.
//!
//! # The currency table
//! [`Currency`] is an index into one static table of ISO-4217 *List One* codes with minor units, sorted by
//! code, carrying the numeric code, the minor-unit exponent and an English name. Compile-time assertions
//! check that the table is sorted, that codes are unique upper-case triples and that exponents are at most
//! 4, so [`Currency::from_code`] can binary-search it and every `Currency` value is a valid index.
//!
//! The table holds the currencies and fund codes that have a decimal minor unit (including CLF and UYW
//! with 4 decimals, UYI with 0). Codes whose minor unit ISO gives as "N.A." are deliberately absent, so
//! `from_code` rejects them: precious metals (XAU, XAG, XPT, XPD), the SDR (XDR), the bond-market units
//! (XBA..XBD), XSU, XUA, and the testing and no-currency codes (XTS, XXX). Withdrawn codes are absent too
//! (HRK, SLL, ZWL, and ANG, whose numeric code 532 now belongs to its successor XCG). BGN stays while it is
//! on List One, so amounts recorded before Bulgaria's switch to the euro still read back.
//!
//! # Invariants
//! - `Currency { index }` is always `< CURRENCIES.len()`: the field is private and every constructor goes
//!   through the table.
//! - Arithmetic is checked: overflow is [`MoneyError::Overflow`], mixing currencies is
//!   [`MoneyError::CurrencyMismatch`]; nothing wraps, saturates silently or panics.
//! - Division happens in exactly one place, [`round_div`], in `i128`, so intermediate products of two
//!   `i64` values never overflow and each result is rounded once.
//! - [`Money::allocate`] never creates or loses a minor unit: its parts sum to the original amount.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a money operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("unknown currency code {0:?}")]
    UnknownCurrency(String),
    #[error("cannot combine {left} with {right}")]
    CurrencyMismatch { left: Currency, right: Currency },
    #[error("amount out of range")]
    Overflow,
    #[error("{0:?} is not an amount (expected digits with at most one decimal point)")]
    InvalidAmount(String),
    #[error("{currency} allows at most {exponent} decimal places")]
    TooManyDecimals { currency: Currency, exponent: u8 },
    #[error("cannot allocate into zero parts or with all-zero weights")]
    NoParts,
}

/// How [`round_div`] resolves a quotient that is not a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingMode {
    /// Ties go to the even neighbour (banker's rounding): unbiased over many operations.
    HalfEven,
    /// Ties go away from zero: the rule shoppers expect on a receipt.
    HalfUp,
    /// Toward zero (truncation).
    TowardZero,
}

/// One row of the ISO-4217 table.
struct CurrencyInfo {
    code: &'static str,
    numeric: u16,
    exponent: u8,
    name: &'static str,
}

const fn iso(code: &'static str, numeric: u16, exponent: u8, name: &'static str) -> CurrencyInfo {
    CurrencyInfo { code, numeric, exponent, name }
}

/// ISO-4217 List One (amendments through the 2025 introduction of XCG), codes with a minor unit only; see the
/// module docs for what is left out and why. Sorted by code: `from_code` binary-searches it.
static CURRENCIES: [CurrencyInfo; 166] = [
    iso("AED", 784, 2, "United Arab Emirates dirham"),
    iso("AFN", 971, 2, "Afghan afghani"),
    iso("ALL", 8, 2, "Albanian lek"),
    iso("AMD", 51, 2, "Armenian dram"),
    iso("AOA", 973, 2, "Angolan kwanza"),
    iso("ARS", 32, 2, "Argentine peso"),
    iso("AUD", 36, 2, "Australian dollar"),
    iso("AWG", 533, 2, "Aruban florin"),
    iso("AZN", 944, 2, "Azerbaijani manat"),
    iso("BAM", 977, 2, "Bosnia and Herzegovina convertible mark"),
    iso("BBD", 52, 2, "Barbados dollar"),
    iso("BDT", 50, 2, "Bangladeshi taka"),
    iso("BGN", 975, 2, "Bulgarian lev"),
    iso("BHD", 48, 3, "Bahraini dinar"),
    iso("BIF", 108, 0, "Burundian franc"),
    iso("BMD", 60, 2, "Bermudian dollar"),
    iso("BND", 96, 2, "Brunei dollar"),
    iso("BOB", 68, 2, "Boliviano"),
    iso("BOV", 984, 2, "Bolivian Mvdol"),
    iso("BRL", 986, 2, "Brazilian real"),
    iso("BSD", 44, 2, "Bahamian dollar"),
    iso("BTN", 64, 2, "Bhutanese ngultrum"),
    iso("BWP", 72, 2, "Botswana pula"),
    iso("BYN", 933, 2, "Belarusian ruble"),
    iso("BZD", 84, 2, "Belize dollar"),
    iso("CAD", 124, 2, "Canadian dollar"),
    iso("CDF", 976, 2, "Congolese franc"),
    iso("CHE", 947, 2, "WIR euro"),
    iso("CHF", 756, 2, "Swiss franc"),
    iso("CHW", 948, 2, "WIR franc"),
    iso("CLF", 990, 4, "Unidad de Fomento"),
    iso("CLP", 152, 0, "Chilean peso"),
    iso("CNY", 156, 2, "Chinese yuan renminbi"),
    iso("COP", 170, 2, "Colombian peso"),
    iso("COU", 970, 2, "Unidad de Valor Real"),
    iso("CRC", 188, 2, "Costa Rican colón"),
    iso("CUC", 931, 2, "Cuban convertible peso"),
    iso("CUP", 192, 2, "Cuban peso"),
    iso("CVE", 132, 2, "Cape Verdean escudo"),
    iso("CZK", 203, 2, "Czech koruna"),
    iso("DJF", 262, 0, "Djiboutian franc"),
    iso("DKK", 208, 2, "Danish krone"),
    iso("DOP", 214, 2, "Dominican peso"),
    iso("DZD", 12, 2, "Algerian dinar"),
    iso("EGP", 818, 2, "Egyptian pound"),
    iso("ERN", 232, 2, "Eritrean nakfa"),
    iso("ETB", 230, 2, "Ethiopian birr"),
    iso("EUR", 978, 2, "Euro"),
    iso("FJD", 242, 2, "Fiji dollar"),
    iso("FKP", 238, 2, "Falkland Islands pound"),
    iso("GBP", 826, 2, "Pound sterling"),
    iso("GEL", 981, 2, "Georgian lari"),
    iso("GHS", 936, 2, "Ghanaian cedi"),
    iso("GIP", 292, 2, "Gibraltar pound"),
    iso("GMD", 270, 2, "Gambian dalasi"),
    iso("GNF", 324, 0, "Guinean franc"),
    iso("GTQ", 320, 2, "Guatemalan quetzal"),
    iso("GYD", 328, 2, "Guyanese dollar"),
    iso("HKD", 344, 2, "Hong Kong dollar"),
    iso("HNL", 340, 2, "Honduran lempira"),
    iso("HTG", 332, 2, "Haitian gourde"),
    iso("HUF", 348, 2, "Hungarian forint"),
    iso("IDR", 360, 2, "Indonesian rupiah"),
    iso("ILS", 376, 2, "Israeli new shekel"),
    iso("INR", 356, 2, "Indian rupee"),
    iso("IQD", 368, 3, "Iraqi dinar"),
    iso("IRR", 364, 2, "Iranian rial"),
    iso("ISK", 352, 0, "Icelandic króna"),
    iso("JMD", 388, 2, "Jamaican dollar"),
    iso("JOD", 400, 3, "Jordanian dinar"),
    iso("JPY", 392, 0, "Japanese yen"),
    iso("KES", 404, 2, "Kenyan shilling"),
    iso("KGS", 417, 2, "Kyrgyzstani som"),
    iso("KHR", 116, 2, "Cambodian riel"),
    iso("KMF", 174, 0, "Comorian franc"),
    iso("KPW", 408, 2, "North Korean won"),
    iso("KRW", 410, 0, "South Korean won"),
    iso("KWD", 414, 3, "Kuwaiti dinar"),
    iso("KYD", 136, 2, "Cayman Islands dollar"),
    iso("KZT", 398, 2, "Kazakhstani tenge"),
    iso("LAK", 418, 2, "Lao kip"),
    iso("LBP", 422, 2, "Lebanese pound"),
    iso("LKR", 144, 2, "Sri Lankan rupee"),
    iso("LRD", 430, 2, "Liberian dollar"),
    iso("LSL", 426, 2, "Lesotho loti"),
    iso("LYD", 434, 3, "Libyan dinar"),
    iso("MAD", 504, 2, "Moroccan dirham"),
    iso("MDL", 498, 2, "Moldovan leu"),
    iso("MGA", 969, 2, "Malagasy ariary"),
    iso("MKD", 807, 2, "Macedonian denar"),
    iso("MMK", 104, 2, "Myanmar kyat"),
    iso("MNT", 496, 2, "Mongolian tögrög"),
    iso("MOP", 446, 2, "Macanese pataca"),
    iso("MRU", 929, 2, "Mauritanian ouguiya"),
    iso("MUR", 480, 2, "Mauritian rupee"),
    iso("MVR", 462, 2, "Maldivian rufiyaa"),
    iso("MWK", 454, 2, "Malawian kwacha"),
    iso("MXN", 484, 2, "Mexican peso"),
    iso("MXV", 979, 2, "Mexican Unidad de Inversión"),
    iso("MYR", 458, 2, "Malaysian ringgit"),
    iso("MZN", 943, 2, "Mozambican metical"),
    iso("NAD", 516, 2, "Namibian dollar"),
    iso("NGN", 566, 2, "Nigerian naira"),
    iso("NIO", 558, 2, "Nicaraguan córdoba"),
    iso("NOK", 578, 2, "Norwegian krone"),
    iso("NPR", 524, 2, "Nepalese rupee"),
    iso("NZD", 554, 2, "New Zealand dollar"),
    iso("OMR", 512, 3, "Omani rial"),
    iso("PAB", 590, 2, "Panamanian balboa"),
    iso("PEN", 604, 2, "Peruvian sol"),
    iso("PGK", 598, 2, "Papua New Guinean kina"),
    iso("PHP", 608, 2, "Philippine peso"),
    iso("PKR", 586, 2, "Pakistani rupee"),
    iso("PLN", 985, 2, "Polish złoty"),
    iso("PYG", 600, 0, "Paraguayan guaraní"),
    iso("QAR", 634, 2, "Qatari riyal"),
    iso("RON", 946, 2, "Romanian leu"),
    iso("RSD", 941, 2, "Serbian dinar"),
    iso("RUB", 643, 2, "Russian ruble"),
    iso("RWF", 646, 0, "Rwandan franc"),
    iso("SAR", 682, 2, "Saudi riyal"),
    iso("SBD", 90, 2, "Solomon Islands dollar"),
    iso("SCR", 690, 2, "Seychelles rupee"),
    iso("SDG", 938, 2, "Sudanese pound"),
    iso("SEK", 752, 2, "Swedish krona"),
    iso("SGD", 702, 2, "Singapore dollar"),
    iso("SHP", 654, 2, "Saint Helena pound"),
    iso("SLE", 925, 2, "Sierra Leonean leone"),
    iso("SOS", 706, 2, "Somali shilling"),
    iso("SRD", 968, 2, "Surinamese dollar"),
    iso("SSP", 728, 2, "South Sudanese pound"),
    iso("STN", 930, 2, "São Tomé and Príncipe dobra"),
    iso("SVC", 222, 2, "Salvadoran colón"),
    iso("SYP", 760, 2, "Syrian pound"),
    iso("SZL", 748, 2, "Swazi lilangeni"),
    iso("THB", 764, 2, "Thai baht"),
    iso("TJS", 972, 2, "Tajikistani somoni"),
    iso("TMT", 934, 2, "Turkmenistan manat"),
    iso("TND", 788, 3, "Tunisian dinar"),
    iso("TOP", 776, 2, "Tongan paʻanga"),
    iso("TRY", 949, 2, "Turkish lira"),
    iso("TTD", 780, 2, "Trinidad and Tobago dollar"),
    iso("TWD", 901, 2, "New Taiwan dollar"),
    iso("TZS", 834, 2, "Tanzanian shilling"),
    iso("UAH", 980, 2, "Ukrainian hryvnia"),
    iso("UGX", 800, 0, "Ugandan shilling"),
    iso("USD", 840, 2, "United States dollar"),
    iso("USN", 997, 2, "United States dollar (next day)"),
    iso("UYI", 940, 0, "Uruguay peso en unidades indexadas"),
    iso("UYU", 858, 2, "Uruguayan peso"),
    iso("UYW", 927, 4, "Unidad previsional"),
    iso("UZS", 860, 2, "Uzbekistani sum"),
    iso("VED", 926, 2, "Venezuelan digital bolívar"),
    iso("VES", 928, 2, "Venezuelan sovereign bolívar"),
    iso("VND", 704, 0, "Vietnamese đồng"),
    iso("VUV", 548, 0, "Vanuatu vatu"),
    iso("WST", 882, 2, "Samoan tālā"),
    iso("XAF", 950, 0, "Central African CFA franc"),
    iso("XCD", 951, 2, "East Caribbean dollar"),
    iso("XCG", 532, 2, "Caribbean guilder"),
    iso("XOF", 952, 0, "West African CFA franc"),
    iso("XPF", 953, 0, "CFP franc"),
    iso("YER", 886, 2, "Yemeni rial"),
    iso("ZAR", 710, 2, "South African rand"),
    iso("ZMW", 967, 2, "Zambian kwacha"),
    iso("ZWG", 924, 2, "Zimbabwe gold"),
];

/// The largest exponent in the table (CLF, UYW). Bounds `10^exponent` well inside `u64`.
const MAX_EXPONENT: u8 = 4;

const fn codes_equal(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `a < b` for upper-case ASCII codes (byte order, the order `str::cmp` uses at run time).
const fn code_less(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

/// Checked when the crate compiles: a bad edit to the table is a build error, not a wrong binary search.
const fn table_is_well_formed() -> bool {
    if CURRENCIES.len() > u16::MAX as usize {
        return false;
    }
    let mut i = 0;
    while i < CURRENCIES.len() {
        let row = &CURRENCIES[i];
        let code = row.code.as_bytes();
        if code.len() != 3 || row.exponent > MAX_EXPONENT || row.numeric == 0 || row.numeric > 999 {
            return false;
        }
        let mut j = 0;
        while j < 3 {
            if !code[j].is_ascii_uppercase() {
                return false;
            }
            j += 1;
        }
        if i > 0 && !code_less(CURRENCIES[i - 1].code, row.code) {
            return false;
        }
        i += 1;
    }
    true
}
const _: () = assert!(table_is_well_formed(), "CURRENCIES must be sorted, unique, upper-case, exponent <= 4");

/// Index of `code` in the table, evaluated at compile time for the named constants: a code missing from
/// the table fails the build.
const fn known(code: &str) -> Currency {
    let mut i = 0;
    while i < CURRENCIES.len() {
        if codes_equal(CURRENCIES[i].code, code) {
            return Currency { index: i as u16 };
        }
        i += 1;
    }
    panic!("currency constant names a code that is not in CURRENCIES");
}

/// An ISO-4217 currency. Copy-cheap; serializes as its three-letter code.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    index: u16,
}

impl Currency {
    pub const USD: Currency = known("USD");
    pub const EUR: Currency = known("EUR");
    pub const BRL: Currency = known("BRL");
    pub const RUB: Currency = known("RUB");
    pub const KRW: Currency = known("KRW");
    pub const JPY: Currency = known("JPY");
    pub const GBP: Currency = known("GBP");
    pub const CNY: Currency = known("CNY");
    pub const INR: Currency = known("INR");
    /// Three decimals: the usual test case for "not every currency has cents".
    pub const BHD: Currency = known("BHD");
    /// Four decimals, the most in the table.
    pub const CLF: Currency = known("CLF");

    /// Looks up an active ISO-4217 code (exact upper-case, e.g. `"KRW"`).
    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        CURRENCIES
            .binary_search_by(|row| row.code.cmp(code))
            .ok()
            .and_then(|index| u16::try_from(index).ok())
            .map(|index| Currency { index })
            .ok_or_else(|| MoneyError::UnknownCurrency(code.to_owned()))
    }
    /// The three-letter code, e.g. `"KRW"`.
    pub fn code(self) -> &'static str {
        self.info().code
    }
    /// Digits after the decimal point: USD 2, KRW 0, BHD 3.
    pub fn exponent(self) -> u8 {
        self.info().exponent
    }
    /// The ISO numeric code, e.g. 840 for USD.
    pub fn numeric(self) -> u16 {
        self.info().numeric
    }
    /// English name, e.g. "South Korean won".
    pub fn name(self) -> &'static str {
        self.info().name
    }
    /// Every active currency of the table, in code order.
    pub fn all() -> impl Iterator<Item = Currency> {
        // The const assertion above guarantees the length fits in u16.
        (0..CURRENCIES.len() as u16).map(|index| Currency { index })
    }
    /// A locale-neutral symbol: "$", "€", "R$", "₽", "₩", "¥", "£", "₹" for major currencies, the ISO code
    /// otherwise. Symbols are ambiguous ("$", "¥"), so prefer [`crate::locale::Locale::format_money`] for
    /// display, which picks the symbol a reader of that language expects.
    pub fn symbol(self) -> &'static str {
        match self.code() {
            "USD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            "JPY" | "CNY" => "¥",
            "INR" => "₹",
            "KRW" => "₩",
            "RUB" => "₽",
            "BRL" => "R$",
            "CAD" => "CA$",
            "AUD" => "A$",
            "MXN" => "MX$",
            "HKD" => "HK$",
            "NZD" => "NZ$",
            "TWD" => "NT$",
            "ILS" => "₪",
            "VND" => "₫",
            "NGN" => "₦",
            "PHP" => "₱",
            "UAH" => "₴",
            "TRY" => "₺",
            "KZT" => "₸",
            "THB" => "฿",
            code => code,
        }
    }

    fn info(self) -> &'static CurrencyInfo {
        // In bounds: `index` only ever comes from a position in CURRENCIES.
        &CURRENCIES[usize::from(self.index)]
    }

    /// `10^exponent`: minor units per major unit.
    fn minor_per_major(self) -> u64 {
        10_u64.pow(u32::from(self.exponent()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::from_code(s)
    }
}
impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}
impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Currency::from_code(&code).map_err(serde::de::Error::custom)
    }
}

/// An exact amount: `amount_minor` units of the currency's smallest unit (cents for USD, won for KRW).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    pub amount_minor: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "USD"))]
    pub currency: Currency,
}

impl Money {
    pub const fn new(amount_minor: i64, currency: Currency) -> Self {
        Self { amount_minor, currency }
    }
    pub const fn zero(currency: Currency) -> Self {
        Self::new(0, currency)
    }
    /// Parses a decimal in major units ("12.34", "-0.5", "12345") exactly; more decimals than the currency
    /// allows is an error, never a silent rounding.
    ///
    /// Grammar: an optional `-`, one or more ASCII digits, then optionally `.` and one or more digits. No `+`,
    /// exponent, grouping or whitespace: this reads machine-written decimals (forms, CSV, config), not prose.
    /// Trailing zeros past the exponent are rejected too ("1.000" for USD), so a value that claims more
    /// precision than the currency has is always surfaced. Leading zeros are accepted.
    pub fn from_major_str(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        let invalid = || MoneyError::InvalidAmount(text.to_owned());
        let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());

        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        // A second '.' lands in `fraction` and fails the digit check.
        let (whole, fraction) = match unsigned.split_once('.') {
            Some((whole, fraction)) if is_digits(fraction) => (whole, fraction),
            Some(_) => return Err(invalid()),
            None => (unsigned, ""),
        };
        if !is_digits(whole) {
            return Err(invalid());
        }
        let exponent = currency.exponent();
        let padding = usize::from(exponent)
            .checked_sub(fraction.len())
            .ok_or(MoneyError::TooManyDecimals { currency, exponent })?;

        // i128 holds any i64 magnitude with room to spare; overflowing even i128 is certainly out of range.
        let digits = whole.bytes().chain(fraction.bytes()).chain(std::iter::repeat_n(b'0', padding));
        let mut magnitude: i128 = 0;
        for digit in digits {
            magnitude = magnitude
                .checked_mul(10)
                .and_then(|m| m.checked_add(i128::from(digit - b'0')))
                .ok_or(MoneyError::Overflow)?;
        }
        let signed = if negative { -magnitude } else { magnitude };
        let amount_minor = i64::try_from(signed).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(amount_minor, currency))
    }
    /// The amount in major units as a plain decimal: "12.34", "-0.05", KRW "12345". No symbol, no grouping.
    ///
    /// Always exactly `exponent` decimals, so it is the inverse of [`Money::from_major_str`].
    pub fn to_major_string(&self) -> String {
        let (whole, fraction) = self.major_parts();
        let sign = if self.is_negative() { "-" } else { "" };
        match usize::from(self.currency.exponent()) {
            0 => format!("{sign}{whole}"),
            width => format!("{sign}{whole}.{fraction:0width$}"),
        }
    }
    /// The magnitude split into whole major units and leftover minor units: USD -1234.56 → (1234, 56).
    /// `unsigned_abs` keeps `i64::MIN` representable.
    pub(crate) fn major_parts(&self) -> (u64, u64) {
        let magnitude = self.amount_minor.unsigned_abs();
        let per_major = self.currency.minor_per_major();
        (magnitude / per_major, magnitude % per_major)
    }
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        self.amount_minor
            .checked_add(other.amount_minor)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(MoneyError::Overflow)
    }
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        self.amount_minor
            .checked_sub(other.amount_minor)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(MoneyError::Overflow)
    }
    pub fn checked_mul(self, quantity: i64) -> Result<Money, MoneyError> {
        self.amount_minor
            .checked_mul(quantity)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(MoneyError::Overflow)
    }
    pub fn checked_neg(self) -> Result<Money, MoneyError> {
        self.amount_minor
            .checked_neg()
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(MoneyError::Overflow)
    }
    /// Sums `items`, all of which must be in `currency`; an empty iterator sums to zero (an empty cart
    /// still has a currency, hence the explicit argument).
    pub fn checked_sum(
        currency: Currency,
        items: impl IntoIterator<Item = Money>,
    ) -> Result<Money, MoneyError> {
        items.into_iter().try_fold(Money::zero(currency), Money::checked_add)
    }
    /// `self × bps / 10_000`, rounded once with `mode` (commission, percent-off promotions).
    ///
    /// A basis point is 1/100 of a percent: 250 bps = 2.5 %, 10 000 bps = 100 %. Negative `bps` and amounts
    /// are allowed (refunds, surcharges); the product is taken in `i128`, so only a result outside `i64`
    /// (possible when `|bps| > 10_000`) is [`MoneyError::Overflow`].
    pub fn apply_bps(self, bps: i64, mode: RoundingMode) -> Result<Money, MoneyError> {
        let product = i128::from(self.amount_minor) * i128::from(bps);
        let amount = i64::try_from(round_div(product, 10_000, mode)).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }
    /// Splits `self` into parts proportional to `weights` that sum to exactly `self` (largest remainder).
    ///
    /// Each part is first the floor of its exact share; the minor units this leaves over (fewer than the
    /// number of parts) go one each to the parts with the largest remainders, ties to the earlier index.
    /// So every part is within one minor unit of its exact share, a zero weight always gets zero, and the
    /// result is deterministic. A negative amount is split as its magnitude and every part negated, so all
    /// parts are `<= 0` and the rounding mirrors the positive case.
    ///
    /// Errors: [`MoneyError::NoParts`] when `weights` is empty or all zero.
    pub fn allocate(self, weights: &[u64]) -> Result<Vec<Money>, MoneyError> {
        // u128: the total of many u64 weights can exceed u64, and `magnitude × weight` < 2^63 × 2^64 = 2^127.
        let total: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        if total == 0 {
            return Err(MoneyError::NoParts);
        }
        let magnitude = u128::from(self.amount_minor.unsigned_abs());

        let mut shares: Vec<u128> = Vec::with_capacity(weights.len());
        let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
        for (index, &weight) in weights.iter().enumerate() {
            let exact = magnitude * u128::from(weight);
            shares.push(exact / total);
            remainders.push((exact % total, index));
        }
        // Floors lose less than one unit per part, so `left_over < weights.len()`.
        let left_over = magnitude - shares.iter().sum::<u128>();
        // Largest remainder first, then lowest index. Remainders sum to `left_over × total` and each is below
        // `total`, so the first `left_over` entries all have a positive remainder: zero weights never gain.
        remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, index) in
            remainders.iter().take(usize::try_from(left_over).map_err(|_| MoneyError::Overflow)?)
        {
            shares[index] += 1;
        }

        let negative = self.is_negative();
        shares
            .into_iter()
            .map(|share| {
                // Every share is at most the magnitude, which is at most 2^63: it fits i128, and its negation
                // fits i64 whenever the amount itself did.
                let share = i128::try_from(share).map_err(|_| MoneyError::Overflow)?;
                let signed = if negative { -share } else { share };
                let amount = i64::try_from(signed).map_err(|_| MoneyError::Overflow)?;
                Ok(Money::new(amount, self.currency))
            })
            .collect()
    }
    pub fn is_zero(&self) -> bool {
        self.amount_minor == 0
    }
    pub fn is_negative(&self) -> bool {
        self.amount_minor < 0
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch { left: self.currency, right: other.currency })
        }
    }
}

/// The one rounding function: `numerator / denominator` rounded with `mode`. `denominator` must not be zero.
///
/// Exact for every sign combination: the quotient is truncated, then the remainder decides whether to step one
/// unit away from zero. "Half" compares `2 × |remainder|` with `|denominator|` in `u128`, which cannot
/// overflow because `|remainder| < |denominator| <= 2^127`.
///
/// Never panics in release builds. A zero `denominator` is a caller bug: debug builds assert, release
/// builds return 0. The one quotient that does not fit, `i128::MIN / -1` (= 2^127), saturates to
/// `i128::MAX`; callers in this crate divide products of `i64`s, far from that edge.
pub fn round_div(numerator: i128, denominator: i128, mode: RoundingMode) -> i128 {
    debug_assert!(denominator != 0, "round_div: denominator must not be zero");
    if denominator == 0 {
        return 0;
    }
    let Some(quotient) = numerator.checked_div(denominator) else {
        return i128::MAX;
    };
    // Same sign as the numerator, magnitude below |denominator|; cannot overflow once the division did not.
    let remainder = numerator - quotient * denominator;
    if remainder == 0 {
        return quotient;
    }
    let away_from_zero = if (numerator < 0) == (denominator < 0) { quotient + 1 } else { quotient - 1 };
    let twice_remainder = remainder.unsigned_abs() * 2;
    let divisor = denominator.unsigned_abs();
    match mode {
        RoundingMode::TowardZero => quotient,
        _ if twice_remainder < divisor => quotient,
        _ if twice_remainder > divisor => away_from_zero,
        RoundingMode::HalfUp => away_from_zero,
        RoundingMode::HalfEven => {
            if quotient % 2 == 0 {
                quotient
            } else {
                away_from_zero
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    use RoundingMode::{HalfEven, HalfUp, TowardZero};

    fn usd(amount_minor: i64) -> Money {
        Money::new(amount_minor, Currency::USD)
    }

    fn any_currency() -> impl Strategy<Value = Currency> {
        prop::sample::select(Currency::all().collect::<Vec<_>>())
    }

    // ---- Currency table ----

    #[test]
    fn named_constants_point_at_their_own_rows() {
        let cases = [
            (Currency::USD, "USD", 840, 2),
            (Currency::EUR, "EUR", 978, 2),
            (Currency::BRL, "BRL", 986, 2),
            (Currency::RUB, "RUB", 643, 2),
            (Currency::KRW, "KRW", 410, 0),
            (Currency::JPY, "JPY", 392, 0),
            (Currency::GBP, "GBP", 826, 2),
            (Currency::CNY, "CNY", 156, 2),
            (Currency::INR, "INR", 356, 2),
            (Currency::BHD, "BHD", 48, 3),
            (Currency::CLF, "CLF", 990, 4),
        ];
        for (currency, code, numeric, exponent) in cases {
            assert_eq!(currency.code(), code);
            assert_eq!(currency.numeric(), numeric, "{code}");
            assert_eq!(currency.exponent(), exponent, "{code}");
        }
        assert_eq!(Currency::KRW.name(), "South Korean won");
    }

    #[test]
    fn exponents_follow_iso_4217() {
        let zero = [
            "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV",
        ];
        let zero_cfa = ["XAF", "XOF", "XPF"];
        let three = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
        let four = ["CLF", "UYW"];
        let mut special = HashSet::new();
        for (codes, exponent) in [(&zero[..], 0), (&zero_cfa[..], 0), (&three[..], 3), (&four[..], 4)] {
            for code in codes {
                let currency = Currency::from_code(code).expect("listed code is in the table");
                assert_eq!(currency.exponent(), exponent, "{code}");
                special.insert(*code);
            }
        }
        for currency in Currency::all().filter(|c| !special.contains(c.code())) {
            assert_eq!(currency.exponent(), 2, "{currency}");
        }
    }

    #[test]
    fn table_codes_are_sorted_unique_upper_case_triples() {
        let codes: Vec<&str> = Currency::all().map(Currency::code).collect();
        assert!(codes.len() >= 155, "only {} currencies", codes.len());
        assert!(codes.iter().all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())));
        assert!(codes.windows(2).all(|pair| pair[0] < pair[1]), "sorted and unique");
        let numerics: HashSet<u16> = Currency::all().map(Currency::numeric).collect();
        assert_eq!(numerics.len(), codes.len(), "numeric codes are unique");
        assert!(Currency::all().all(|c| !c.name().is_empty()));
    }

    #[test]
    fn every_table_code_parses_back_to_itself() {
        for currency in Currency::all() {
            assert_eq!(Currency::from_code(currency.code()), Ok(currency));
            assert_eq!(currency.code().parse::<Currency>(), Ok(currency));
        }
    }

    #[test]
    fn from_code_rejects_anything_but_an_exact_active_code() {
        // Lower case, padding, wrong length, and codes deliberately left out of the table.
        for input in
            ["", "usd", "Usd", " USD", "USD ", "US", "USDD", "U$D", "XAU", "XXX", "XTS", "XDR", "HRK", "ANG"]
        {
            assert_eq!(
                Currency::from_code(input),
                Err(MoneyError::UnknownCurrency(input.to_owned())),
                "{input:?}"
            );
        }
    }

    #[test]
    fn serializes_as_the_code_and_rejects_unknown_codes() {
        assert_eq!(serde_json::to_string(&Currency::KRW).expect("serializes"), "\"KRW\"");
        assert_eq!(serde_json::from_str::<Currency>("\"KRW\"").expect("deserializes"), Currency::KRW);
        assert!(serde_json::from_str::<Currency>("\"krw\"").is_err());
        let money = Money::new(-1234, Currency::BRL);
        let json = serde_json::to_string(&money).expect("serializes");
        assert_eq!(json, r#"{"amount_minor":-1234,"currency":"BRL"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).expect("deserializes"), money);
    }

    #[test]
    fn symbols_for_major_currencies_and_code_otherwise() {
        let cases = [
            (Currency::USD, "$"),
            (Currency::EUR, "€"),
            (Currency::BRL, "R$"),
            (Currency::RUB, "₽"),
            (Currency::KRW, "₩"),
            (Currency::JPY, "¥"),
            (Currency::GBP, "£"),
            (Currency::CNY, "¥"),
            (Currency::INR, "₹"),
            (Currency::BHD, "BHD"),
        ];
        for (currency, symbol) in cases {
            assert_eq!(currency.symbol(), symbol, "{currency}");
        }
    }

    #[test]
    fn debug_and_display_show_the_code() {
        assert_eq!(format!("{}", Currency::EUR), "EUR");
        assert_eq!(format!("{:?}", Currency::EUR), "EUR");
        let mismatch = MoneyError::CurrencyMismatch { left: Currency::USD, right: Currency::KRW };
        assert_eq!(mismatch.to_string(), "cannot combine USD with KRW");
    }

    // ---- round_div ----

    #[test]
    fn round_div_cases() {
        // (numerator, denominator, HalfEven, HalfUp, TowardZero)
        let cases: [(i128, i128, i128, i128, i128); 18] = [
            (10, 4, 2, 3, 2), // 2.5
            (14, 4, 4, 4, 3), // 3.5
            (-10, 4, -2, -3, -2),
            (10, -4, -2, -3, -2),
            (-10, -4, 2, 3, 2),
            (-14, 4, -4, -4, -3),
            (7, 2, 4, 4, 3),  // 3.5
            (5, 2, 2, 3, 2),  // 2.5
            (11, 4, 3, 3, 2), // 2.75
            (9, 4, 2, 2, 2),  // 2.25
            (-11, 4, -3, -3, -2),
            (-9, 4, -2, -2, -2),
            (1, 3, 0, 0, 0),
            (2, 3, 1, 1, 0),
            (-2, 3, -1, -1, 0),
            (12, 4, 3, 3, 3), // exact
            (0, -7, 0, 0, 0),
            (1, 2, 0, 1, 0), // 0.5: even neighbour is 0
        ];
        for (n, d, even, up, zero) in cases {
            assert_eq!(round_div(n, d, HalfEven), even, "{n}/{d} HalfEven");
            assert_eq!(round_div(n, d, HalfUp), up, "{n}/{d} HalfUp");
            assert_eq!(round_div(n, d, TowardZero), zero, "{n}/{d} TowardZero");
        }
    }

    #[test]
    fn round_div_survives_the_i128_extremes() {
        assert_eq!(round_div(i128::MIN, -1, HalfUp), i128::MAX);
        assert_eq!(round_div(i128::MIN, i128::MIN, HalfEven), 1);
        assert_eq!(round_div(i128::MAX, i128::MIN, HalfUp), -1);
        assert_eq!(round_div(i128::MIN, 2, HalfEven), i128::MIN / 2);
        assert_eq!(round_div(i128::MAX, 2, HalfEven), i128::MAX / 2 + 1);
    }

    #[cfg(debug_assertions)]
    #[test]
    #[should_panic(expected = "denominator must not be zero")]
    fn round_div_by_zero_is_caught_in_debug_builds() {
        round_div(1, 0, HalfUp);
    }

    #[cfg(not(debug_assertions))]
    #[test]
    fn round_div_by_zero_returns_zero_in_release_builds() {
        assert_eq!(round_div(1, 0, HalfUp), 0);
    }

    // ---- arithmetic ----

    #[test]
    fn checked_arithmetic_cases() {
        assert_eq!(usd(150).checked_add(usd(-50)), Ok(usd(100)));
        assert_eq!(usd(150).checked_sub(usd(200)), Ok(usd(-50)));
        assert_eq!(usd(i64::MAX).checked_add(usd(1)), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MIN).checked_sub(usd(1)), Err(MoneyError::Overflow));
        assert_eq!(usd(250).checked_mul(3), Ok(usd(750)));
        assert_eq!(usd(250).checked_mul(-2), Ok(usd(-500)));
        assert_eq!(usd(i64::MAX / 2 + 1).checked_mul(2), Err(MoneyError::Overflow));
        assert_eq!(usd(5).checked_neg(), Ok(usd(-5)));
        assert_eq!(usd(i64::MIN).checked_neg(), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MAX).checked_neg(), Ok(usd(-i64::MAX)));
        let mismatch = MoneyError::CurrencyMismatch { left: Currency::USD, right: Currency::EUR };
        assert_eq!(usd(1).checked_add(Money::new(1, Currency::EUR)), Err(mismatch.clone()));
        assert_eq!(usd(1).checked_sub(Money::new(1, Currency::EUR)), Err(mismatch));
    }

    #[test]
    fn checked_sum_adds_in_one_currency() {
        assert_eq!(Money::checked_sum(Currency::USD, []), Ok(usd(0)));
        assert_eq!(Money::checked_sum(Currency::USD, [usd(1), usd(2), usd(-4)]), Ok(usd(-1)));
        assert_eq!(
            Money::checked_sum(Currency::USD, [usd(1), Money::new(2, Currency::KRW)]),
            Err(MoneyError::CurrencyMismatch { left: Currency::USD, right: Currency::KRW })
        );
        assert_eq!(Money::checked_sum(Currency::USD, [usd(i64::MAX), usd(1)]), Err(MoneyError::Overflow));
    }

    #[test]
    fn apply_bps_cases() {
        // 2.5 % of $10.00 is exactly 25 cents.
        assert_eq!(usd(1000).apply_bps(250, HalfUp), Ok(usd(25)));
        // 15 % of $0.99 is 14.85 cents.
        assert_eq!(usd(99).apply_bps(1500, HalfUp), Ok(usd(15)));
        assert_eq!(usd(99).apply_bps(1500, TowardZero), Ok(usd(14)));
        // 10 % of 25 cents is 2.5 cents: the tie separates the modes.
        assert_eq!(usd(25).apply_bps(1000, HalfEven), Ok(usd(2)));
        assert_eq!(usd(25).apply_bps(1000, HalfUp), Ok(usd(3)));
        assert_eq!(usd(-25).apply_bps(1000, HalfUp), Ok(usd(-3)));
        assert_eq!(usd(35).apply_bps(1000, HalfEven), Ok(usd(4)));
        // The product would overflow i64 but not i128; only the result is range-checked.
        assert_eq!(usd(i64::MAX).apply_bps(5_000, TowardZero), Ok(usd(i64::MAX / 2)));
        assert_eq!(usd(i64::MAX).apply_bps(20_000, HalfUp), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MIN).apply_bps(10_000, HalfUp), Ok(usd(i64::MIN)));
    }

    #[test]
    fn allocate_cases() {
        let parts = |amount: i64, weights: &[u64]| -> Vec<i64> {
            usd(amount).allocate(weights).expect("allocates").into_iter().map(|m| m.amount_minor).collect()
        };
        assert_eq!(parts(100, &[1, 1, 1]), [34, 33, 33]);
        assert_eq!(parts(-100, &[1, 1, 1]), [-34, -33, -33]);
        assert_eq!(parts(5, &[1, 1]), [3, 2]);
        // Remainders 0.7, 0.2, 0.1 of 10 units × (7, 2, 1) / 10: exact.
        assert_eq!(parts(10, &[7, 2, 1]), [7, 2, 1]);
        // 1 unit × (1, 3) / 4: remainders 1 and 3, the larger wins regardless of index.
        assert_eq!(parts(1, &[1, 3]), [0, 1]);
        assert_eq!(parts(7, &[0, 1, 0, 1]), [0, 4, 0, 3]);
        assert_eq!(parts(0, &[3, 5]), [0, 0]);
        assert_eq!(parts(i64::MIN, &[1]), [i64::MIN]);
        assert_eq!(parts(i64::MAX, &[u64::MAX, u64::MAX]), [i64::MAX / 2 + 1, i64::MAX / 2]);
        // The weight total exceeds u64.
        assert_eq!(parts(3, &[u64::MAX, u64::MAX, u64::MAX]), [1, 1, 1]);
        assert_eq!(usd(100).allocate(&[]), Err(MoneyError::NoParts));
        assert_eq!(usd(100).allocate(&[0, 0]), Err(MoneyError::NoParts));
    }

    // ---- decimal text ----

    #[test]
    fn from_major_str_cases() {
        let ok = |text: &str, currency: Currency, minor: i64| {
            assert_eq!(Money::from_major_str(text, currency), Ok(Money::new(minor, currency)), "{text:?}");
        };
        ok("12.34", Currency::USD, 1234);
        ok("12.3", Currency::USD, 1230);
        ok("12", Currency::USD, 1200);
        ok("-0.5", Currency::USD, -50);
        ok("-0.05", Currency::USD, -5);
        ok("-0", Currency::USD, 0);
        ok("007.10", Currency::USD, 710);
        ok("12345", Currency::KRW, 12345);
        ok("1.234", Currency::BHD, 1234);
        ok("0.0001", Currency::CLF, 1);
        ok("92233720368547758.07", Currency::USD, i64::MAX);
        ok("-92233720368547758.08", Currency::USD, i64::MIN);
        ok("-9223372036854775808", Currency::KRW, i64::MIN);

        let too_many = |text: &str, currency: Currency| {
            let exponent = currency.exponent();
            assert_eq!(
                Money::from_major_str(text, currency),
                Err(MoneyError::TooManyDecimals { currency, exponent }),
                "{text:?}"
            );
        };
        too_many("12345.5", Currency::KRW);
        too_many("12345.0", Currency::KRW);
        too_many("1.234", Currency::USD);
        too_many("1.000", Currency::USD);
        too_many("0.0000", Currency::BHD);

        for text in [
            "", "-", ".", "1.", ".5", "-.5", "+1", "1e3", "1,000", "1 000", " 1", "1 ", "1.2.3", "--1",
            "abc", "١٢",
        ] {
            assert_eq!(
                Money::from_major_str(text, Currency::USD),
                Err(MoneyError::InvalidAmount(text.to_owned())),
                "{text:?}"
            );
        }

        for text in
            ["92233720368547758.08", "-92233720368547758.09", "9223372036854775808", "1".repeat(60).as_str()]
        {
            let currency = if text.contains('.') { Currency::USD } else { Currency::KRW };
            assert_eq!(Money::from_major_str(text, currency), Err(MoneyError::Overflow), "{text:?}");
        }
    }

    #[test]
    fn to_major_string_cases() {
        let cases = [
            (usd(1230), "12.30"),
            (usd(-5), "-0.05"),
            (usd(0), "0.00"),
            (usd(i64::MIN), "-92233720368547758.08"),
            (usd(i64::MAX), "92233720368547758.07"),
            (Money::new(12345, Currency::KRW), "12345"),
            (Money::new(-12345, Currency::KRW), "-12345"),
            (Money::new(1234, Currency::BHD), "1.234"),
            (Money::new(-1, Currency::CLF), "-0.0001"),
            (Money::new(i64::MIN, Currency::KRW), "-9223372036854775808"),
        ];
        for (money, text) in cases {
            assert_eq!(money.to_major_string(), text);
        }
    }

    proptest! {
        #[test]
        fn major_string_round_trips(currency in any_currency(), amount in any::<i64>()) {
            let money = Money::new(amount, currency);
            let text = money.to_major_string();
            prop_assert_eq!(Money::from_major_str(&text, currency), Ok(money));
            let decimals = text.split_once('.').map_or(0, |(_, fraction)| fraction.len());
            prop_assert_eq!(decimals, usize::from(currency.exponent()));
        }

        #[test]
        fn add_then_sub_round_trips(a in any::<i64>(), b in any::<i64>()) {
            if let Ok(sum) = usd(a).checked_add(usd(b)) {
                prop_assert_eq!(sum.checked_sub(usd(b)), Ok(usd(a)));
            } else {
                prop_assert!(a.checked_add(b).is_none());
            }
        }

        #[test]
        fn add_is_commutative(a in any::<i64>(), b in any::<i64>()) {
            prop_assert_eq!(usd(a).checked_add(usd(b)), usd(b).checked_add(usd(a)));
        }

        #[test]
        fn mixing_currencies_always_errors(a in any::<i64>(), b in any::<i64>(), x in any_currency(), y in any_currency()) {
            prop_assume!(x != y);
            let mismatch = MoneyError::CurrencyMismatch { left: x, right: y };
            prop_assert_eq!(Money::new(a, x).checked_add(Money::new(b, y)), Err(mismatch.clone()));
            prop_assert_eq!(Money::new(a, x).checked_sub(Money::new(b, y)), Err(mismatch));
        }

        #[test]
        fn round_div_lands_on_a_nearest_integer(n in any::<i64>(), d in any::<i64>()) {
            prop_assume!(d != 0);
            let (n, d) = (i128::from(n), i128::from(d));
            for mode in [HalfUp, HalfEven] {
                let q = round_div(n, d, mode);
                prop_assert!((q * d - n).abs() * 2 <= d.abs(), "{n}/{d} {mode:?} gave {q}");
            }
            prop_assert_eq!(round_div(n, d, TowardZero), n / d);
        }

        #[test]
        fn round_div_modes_differ_only_on_ties(n in any::<i64>(), d in 1i64..1_000_000) {
            let (n, d) = (i128::from(n), i128::from(d));
            let tie = (n % d).abs() * 2 == d;
            let (up, even) = (round_div(n, d, HalfUp), round_div(n, d, HalfEven));
            if tie {
                prop_assert_eq!(up.abs(), (n.abs() + d / 2) / d, "HalfUp leaves ties away from zero");
                prop_assert_eq!(even % 2, 0, "HalfEven lands on the even neighbour");
            } else {
                prop_assert_eq!(up, even);
            }
        }

        #[test]
        fn apply_bps_identity_and_zero(amount in any::<i64>(), currency in any_currency()) {
            let money = Money::new(amount, currency);
            for mode in [HalfUp, HalfEven, TowardZero] {
                prop_assert_eq!(money.apply_bps(10_000, mode), Ok(money));
                prop_assert_eq!(money.apply_bps(0, mode), Ok(Money::zero(currency)));
            }
        }

        #[test]
        fn allocate_parts_are_exact_and_fair(
            amount in any::<i64>(),
            weights in prop::collection::vec(prop_oneof![Just(0u64), 0u64..1_000, any::<u32>().prop_map(u64::from)], 1..20),
        ) {
            let total: u128 = weights.iter().map(|&w| u128::from(w)).sum();
            prop_assume!(total > 0);
            let parts = usd(amount).allocate(&weights).expect("non-zero weights allocate");
            prop_assert_eq!(parts.len(), weights.len());
            let sum: i128 = parts.iter().map(|p| i128::from(p.amount_minor)).sum();
            prop_assert_eq!(sum, i128::from(amount));
            let total = i128::try_from(total).expect("small total");
            for (part, &weight) in parts.iter().zip(&weights) {
                prop_assert_eq!(part.currency, Currency::USD);
                // |part - amount × weight / total| < 1, scaled by `total` to stay in integers.
                let error = i128::from(part.amount_minor) * total - i128::from(amount) * i128::from(weight);
                prop_assert!(error.abs() < total, "part {} off its share for weight {}", part.amount_minor, weight);
                if weight == 0 {
                    prop_assert_eq!(part.amount_minor, 0);
                }
                if amount >= 0 {
                    prop_assert!(part.amount_minor >= 0);
                } else {
                    prop_assert!(part.amount_minor <= 0);
                }
            }
        }

        #[test]
        fn allocate_mirrors_negative_amounts(amount in -i64::MAX..=i64::MAX, weights in prop::collection::vec(0u64..50, 1..8)) {
            prop_assume!(weights.iter().any(|&w| w > 0));
            let positive = usd(amount).allocate(&weights).expect("allocates");
            let negative = usd(-amount).allocate(&weights).expect("allocates");
            for (p, n) in positive.iter().zip(&negative) {
                prop_assert_eq!(p.amount_minor, -n.amount_minor);
            }
        }
    }
}
