//! The UI languages and how each writes numbers and money.
//!
//! Bazaar ships five UI languages. Prices are formatted here, in pure Rust, rather than with the browser's
//! `Intl.NumberFormat`, so the server-rendered HTML and the hydrated wasm page produce the same bytes (a
//! mismatch would break hydration) and tests can pin the exact output.
//!
//! The rules follow CLDR for each language's main market (en-US, ru-RU, pt-BR, es-ES, ko-KR), reduced to what
//! a price needs. Each locale is one row of data ([`NumberStyle`]: separators, minimum grouping digits,
//! symbol side and spacing, and a symbol table), and one formatter reads the row.
//!
//! # Invariants
//! - The amount always shows exactly [`Currency::exponent`] decimals: KRW and JPY none, USD two, BHD three.
//!   Nothing is rounded: the digits are the integer minor units of the [`Money`].
//! - The minus sign (U+002D) always comes first: "-$1,234.56", "-1 234,56 ₽".
//! - Where a symbol ends (or, after the number, starts) with a letter, a no-break space (U+00A0) separates it
//!   from the digits, as in CLDR's currency spacing: "RUB 1,234.56", "US$1,234.56". A currency without a
//!   symbol in a language is shown by its ISO code.
//! - Every space emitted is U+00A0, so a price never wraps across lines.

use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};

/// The no-break space CLDR uses between a symbol and digits, and as the Russian grouping separator.
const NBSP: char = '\u{a0}';

/// A UI language. Serialized as its BCP-47 tag ("en", "ru", "pt", "es", "ko").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Ru,
    Pt,
    Es,
    Ko,
}

/// How one locale writes an amount of money.
struct NumberStyle {
    /// Between groups of three integer digits.
    group: char,
    /// Between the integer and fraction digits.
    decimal: char,
    /// CLDR `minimumGroupingDigits`: grouping starts only when at least this many digits precede the first
    /// separator (Spanish writes "1234" but "12.345").
    min_grouping: usize,
    /// The symbol precedes the number ("$1", "R$ 1") rather than following it ("1 ₽").
    symbol_first: bool,
    /// The pattern itself puts a no-break space between symbol and number.
    symbol_spaced: bool,
    /// The locale's symbol for a currency, or `None` to show the ISO code.
    symbol: fn(Currency) -> Option<&'static str>,
}

const EN: NumberStyle = NumberStyle {
    group: ',',
    decimal: '.',
    min_grouping: 1,
    symbol_first: true,
    symbol_spaced: false,
    symbol: en_symbol,
};
const RU: NumberStyle = NumberStyle {
    group: NBSP,
    decimal: ',',
    min_grouping: 1,
    symbol_first: false,
    symbol_spaced: true,
    symbol: ru_symbol,
};
const PT: NumberStyle = NumberStyle {
    group: '.',
    decimal: ',',
    min_grouping: 1,
    symbol_first: true,
    symbol_spaced: true,
    symbol: pt_symbol,
};
const ES: NumberStyle = NumberStyle {
    group: '.',
    decimal: ',',
    min_grouping: 2,
    symbol_first: false,
    symbol_spaced: true,
    symbol: es_symbol,
};
const KO: NumberStyle = NumberStyle {
    group: ',',
    decimal: '.',
    min_grouping: 1,
    symbol_first: true,
    symbol_spaced: false,
    symbol: ko_symbol,
};

/// Symbols most CLDR locales share. The per-locale functions list only where they differ.
fn common_symbol(currency: Currency) -> Option<&'static str> {
    Some(match currency.code() {
        "EUR" => "€",
        "GBP" => "£",
        "INR" => "₹",
        "KRW" => "₩",
        "BRL" => "R$",
        "CNY" => "CN¥",
        "CAD" => "CA$",
        "HKD" => "HK$",
        "MXN" => "MX$",
        "NZD" => "NZ$",
        "TWD" => "NT$",
        "ILS" => "₪",
        "VND" => "₫",
        "XAF" => "FCFA",
        "XCD" => "EC$",
        "XPF" => "CFPF",
        _ => return None,
    })
}

fn en_symbol(currency: Currency) -> Option<&'static str> {
    match currency.code() {
        "USD" => Some("$"),
        "JPY" => Some("¥"),
        "AUD" => Some("A$"),
        "PHP" => Some("₱"),
        _ => common_symbol(currency),
    }
}

fn ru_symbol(currency: Currency) -> Option<&'static str> {
    match currency.code() {
        "RUB" => Some("₽"),
        "USD" => Some("$"),
        "JPY" => Some("¥"),
        "AUD" => Some("A$"),
        "UAH" => Some("₴"),
        _ => common_symbol(currency),
    }
}

fn pt_symbol(currency: Currency) -> Option<&'static str> {
    match currency.code() {
        "USD" => Some("US$"),
        "JPY" => Some("JP¥"),
        "AUD" => Some("AU$"),
        _ => common_symbol(currency),
    }
}

/// CLDR `es` gives most currencies no symbol at all, so this list is short on purpose.
fn es_symbol(currency: Currency) -> Option<&'static str> {
    match currency.code() {
        "EUR" => Some("€"),
        "USD" => Some("US$"),
        _ => None,
    }
}

fn ko_symbol(currency: Currency) -> Option<&'static str> {
    match currency.code() {
        "USD" => Some("US$"),
        "JPY" => Some("JP¥"),
        "AUD" => Some("AU$"),
        _ => common_symbol(currency),
    }
}

impl Locale {
    pub const ALL: [Locale; 5] = [Locale::En, Locale::Ru, Locale::Pt, Locale::Es, Locale::Ko];

    /// BCP-47 tag: "en", "ru", "pt", "es", "ko".
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ru => "ru",
            Locale::Pt => "pt",
            Locale::Es => "es",
            Locale::Ko => "ko",
        }
    }

    /// The best match for a browser language tag ("ko-KR" → Ko, "pt-BR" → Pt); None when nothing matches.
    ///
    /// Only the primary language subtag counts, compared case-insensitively; `_` is accepted as a separator
    /// because POSIX-style tags ("pt_BR") show up in settings and cookies. Surrounding whitespace is ignored.
    /// Quality values ("en;q=0.8") are the caller's to strip when parsing `Accept-Language`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Locale::ALL.into_iter().find(|locale| locale.tag().eq_ignore_ascii_case(primary))
    }

    /// The language's name in itself, for the language switcher: "English", "Русский", "Português", "Español", "한국어".
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Ru => "Русский",
            Locale::Pt => "Português",
            Locale::Es => "Español",
            Locale::Ko => "한국어",
        }
    }

    /// Writes `money` the way a reader of this language expects: symbol, grouping, decimal mark, and exactly
    /// the currency's exponent in decimals (KRW none).
    ///
    /// En "$1,234.56", Ru "1 234,56 ₽", Pt "R$ 1.234,56", Es "1234,56 €", Ko "₩12,345" (spaces are U+00A0).
    pub fn format_money(self, money: Money) -> String {
        let style = self.style();
        let symbol = self.currency_symbol(money.currency);
        let number = self.format_magnitude(money);
        let mut out = String::with_capacity(number.len() + symbol.len() + 3);
        if money.is_negative() {
            out.push('-');
        }
        if style.symbol_first {
            out.push_str(symbol);
            if style.symbol_spaced || symbol.chars().next_back().is_some_and(char::is_alphabetic) {
                out.push(NBSP);
            }
            out.push_str(&number);
        } else {
            out.push_str(&number);
            if style.symbol_spaced || symbol.chars().next().is_some_and(char::is_alphabetic) {
                out.push(NBSP);
            }
            out.push_str(symbol);
        }
        out
    }

    /// The amount alone, with this locale's sign, grouping and decimal mark but no symbol: Ru "-1 234,56",
    /// Es "1234,56", Ko "12,345". For price inputs and tables whose column header names the currency.
    pub fn format_number(self, money: Money) -> String {
        let number = self.format_magnitude(money);
        if money.is_negative() { format!("-{number}") } else { number }
    }

    /// A count with this locale's grouping: En "2,000", Ru "2 000", Pt "2.000", Es "2000" but "12.000".
    pub fn format_count(self, count: u64) -> String {
        let style = self.style();
        let digits = count.to_string();
        if digits.len() < 3 + style.min_grouping {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() * 2);
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                out.push(style.group);
            }
            out.push(digit);
        }
        out
    }

    /// A star rating stored ×100 (472) as one decimal with this locale's mark: En "4.7", Ru "4,7".
    pub fn format_rating(self, rating_x100: u16) -> String {
        let tenths = crate::money::round_div(i128::from(rating_x100), 10, crate::money::RoundingMode::HalfUp);
        format!("{}{}{}", tenths / 10, self.style().decimal, tenths % 10)
    }

    /// A rate in basis points as a percentage with at most two decimals (trailing zeros dropped) and this
    /// locale's mark and spacing (CLDR): En "0.85%", "95%"; Ru "2,5 %"; Es "4 %" (spaces are U+00A0).
    pub fn format_percent(self, bps: u32) -> String {
        let (whole, hundredths) = (bps / 100, bps % 100);
        let decimal = self.style().decimal;
        let number = if hundredths == 0 {
            self.format_count(u64::from(whole))
        } else if hundredths % 10 == 0 {
            format!("{}{decimal}{}", self.format_count(u64::from(whole)), hundredths / 10)
        } else {
            format!("{}{decimal}{hundredths:02}", self.format_count(u64::from(whole)))
        };
        match self {
            Locale::Ru | Locale::Es => format!("{number}{NBSP}%"),
            Locale::En | Locale::Pt | Locale::Ko => format!("{number}%"),
        }
    }

    /// The symbol this locale uses for `currency`, or its ISO code when the locale has none: En "$" for USD,
    /// Pt "US$", Es "KRW" for KRW.
    pub fn currency_symbol(self, currency: Currency) -> &'static str {
        (self.style().symbol)(currency).unwrap_or_else(|| currency.code())
    }

    fn style(self) -> &'static NumberStyle {
        match self {
            Locale::En => &EN,
            Locale::Ru => &RU,
            Locale::Pt => &PT,
            Locale::Es => &ES,
            Locale::Ko => &KO,
        }
    }

    /// Grouped integer digits, then the decimal mark and exactly `exponent` fraction digits; no sign.
    fn format_magnitude(self, money: Money) -> String {
        let style = self.style();
        let (whole, fraction) = money.major_parts();
        let digits = whole.to_string();
        let mut out = String::with_capacity(digits.len() * 2 + 6);
        let grouped = digits.len() >= 3 + style.min_grouping;
        for (i, digit) in digits.chars().enumerate() {
            let left = digits.len() - i;
            if grouped && i > 0 && left % 3 == 0 {
                out.push(style.group);
            }
            out.push(digit);
        }
        let width = usize::from(money.currency.exponent());
        if width > 0 {
            out.push(style.decimal);
            out.push_str(&format!("{fraction:0width$}"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn money(amount_minor: i64, currency: Currency) -> Money {
        Money::new(amount_minor, currency)
    }

    /// Spells U+00A0 as `_` so expected strings are readable and a plain space cannot sneak in.
    fn visible(text: &str) -> String {
        text.replace(NBSP, "_")
    }

    #[test]
    fn from_tag_matches_the_primary_subtag() {
        let cases = [
            ("ko-KR", Some(Locale::Ko)),
            ("PT_br", Some(Locale::Pt)),
            ("pt-BR", Some(Locale::Pt)),
            ("en", Some(Locale::En)),
            ("EN-us", Some(Locale::En)),
            ("ru", Some(Locale::Ru)),
            ("es-419", Some(Locale::Es)),
            (" ko ", Some(Locale::Ko)),
            ("fr", None),
            ("fr-CA", None),
            ("", None),
            ("-", None),
            ("eng", None),
            ("e", None),
            ("enx-US", None),
        ];
        for (tag, expected) in cases {
            assert_eq!(Locale::from_tag(tag), expected, "{tag:?}");
        }
    }

    #[test]
    fn every_locale_round_trips_through_its_tag_and_serde() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
            let json = serde_json::to_string(&locale).expect("serializes");
            assert_eq!(json, format!("\"{}\"", locale.tag()));
            assert_eq!(serde_json::from_str::<Locale>(&json).expect("deserializes"), locale);
        }
        assert_eq!(Locale::default(), Locale::En);
    }

    #[test]
    fn native_names() {
        let names: Vec<&str> = Locale::ALL.iter().map(|l| l.native_name()).collect();
        assert_eq!(names, ["English", "Русский", "Português", "Español", "한국어"]);
    }

    #[test]
    fn format_money_cases() {
        let usd = Currency::USD;
        let eur = Currency::EUR;
        let brl = Currency::BRL;
        let rub = Currency::RUB;
        let krw = Currency::KRW;
        let cases = [
            (Locale::En, money(123_456, usd), "$1,234.56"),
            (Locale::En, money(123_456, eur), "€1,234.56"),
            (Locale::En, money(12_345, krw), "₩12,345"),
            (Locale::En, money(123_456, brl), "R$1,234.56"),
            (Locale::En, money(123_456, rub), "RUB_1,234.56"),
            (Locale::En, money(-123_456, usd), "-$1,234.56"),
            (Locale::En, money(-5, usd), "-$0.05"),
            (Locale::En, money(0, usd), "$0.00"),
            (Locale::En, money(99_900, usd), "$999.00"),
            (Locale::En, money(123_456_789_012, usd), "$1,234,567,890.12"),
            (Locale::En, money(1234, Currency::BHD), "BHD_1.234"),
            (Locale::En, money(1000, Currency::JPY), "¥1,000"),
            (Locale::Ru, money(123_456, rub), "1_234,56_₽"),
            (Locale::Ru, money(123_456, usd), "1_234,56_$"),
            (Locale::Ru, money(123_456, eur), "1_234,56_€"),
            (Locale::Ru, money(12_345, krw), "12_345_₩"),
            (Locale::Ru, money(123_456, brl), "1_234,56_R$"),
            (Locale::Ru, money(-123_456, rub), "-1_234,56_₽"),
            (Locale::Ru, money(99_900, rub), "999,00_₽"),
            (Locale::Pt, money(123_456, brl), "R$_1.234,56"),
            (Locale::Pt, money(123_456, usd), "US$_1.234,56"),
            (Locale::Pt, money(123_456, eur), "€_1.234,56"),
            (Locale::Pt, money(12_345, krw), "₩_12.345"),
            (Locale::Pt, money(123_456, rub), "RUB_1.234,56"),
            (Locale::Pt, money(-123_456, brl), "-R$_1.234,56"),
            (Locale::Es, money(123_456, eur), "1234,56_€"),
            (Locale::Es, money(1_234_567, eur), "12.345,67_€"),
            (Locale::Es, money(123_456_789, eur), "1.234.567,89_€"),
            (Locale::Es, money(1234, krw), "1234_KRW"),
            (Locale::Es, money(12_345, krw), "12.345_KRW"),
            (Locale::Es, money(123_456, usd), "1234,56_US$"),
            (Locale::Es, money(123_456, brl), "1234,56_BRL"),
            (Locale::Es, money(123_456, rub), "1234,56_RUB"),
            (Locale::Es, money(-123_456, eur), "-1234,56_€"),
            (Locale::Ko, money(12_345, krw), "₩12,345"),
            (Locale::Ko, money(123_456, usd), "US$1,234.56"),
            (Locale::Ko, money(123_456, eur), "€1,234.56"),
            (Locale::Ko, money(123_456, brl), "R$1,234.56"),
            (Locale::Ko, money(123_456, rub), "RUB_1,234.56"),
            (Locale::Ko, money(-12_345, krw), "-₩12,345"),
            (Locale::Ko, money(1_000_000, krw), "₩1,000,000"),
        ];
        for (locale, amount, expected) in cases {
            assert_eq!(visible(&locale.format_money(amount)), expected, "{locale:?} {amount:?}");
        }
    }

    #[test]
    fn extreme_amounts_format_without_overflow() {
        assert_eq!(Locale::En.format_money(money(i64::MIN, Currency::USD)), "-$92,233,720,368,547,758.08");
        assert_eq!(Locale::Ko.format_money(money(i64::MAX, Currency::KRW)), "₩9,223,372,036,854,775,807");
    }

    #[test]
    fn format_number_has_no_symbol() {
        let cases = [
            (Locale::En, money(-123_456, Currency::USD), "-1,234.56"),
            (Locale::Ru, money(-123_456, Currency::RUB), "-1_234,56"),
            (Locale::Es, money(123_456, Currency::EUR), "1234,56"),
            (Locale::Ko, money(12_345, Currency::KRW), "12,345"),
        ];
        for (locale, amount, expected) in cases {
            assert_eq!(visible(&locale.format_number(amount)), expected, "{locale:?} {amount:?}");
        }
    }

    #[test]
    fn unknown_symbols_fall_back_to_the_code() {
        for locale in Locale::ALL {
            assert_eq!(locale.currency_symbol(Currency::BHD), "BHD");
        }
        assert_eq!(Locale::Es.currency_symbol(Currency::KRW), "KRW");
        assert_eq!(Locale::Pt.currency_symbol(Currency::USD), "US$");
    }

    fn any_currency() -> impl Strategy<Value = Currency> {
        prop::sample::select(Currency::all().collect::<Vec<_>>())
    }

    fn any_locale() -> impl Strategy<Value = Locale> {
        prop::sample::select(Locale::ALL.to_vec())
    }

    /// Checks that `number` is grouped digits (first group 1-3 digits, later groups exactly 3) and, when
    /// `decimals > 0`, a decimal mark and exactly `decimals` digits. Returns the bare digits.
    fn parse_number(number: &str, style: &NumberStyle, decimals: usize) -> Result<String, String> {
        let (whole, fraction) = if decimals == 0 {
            (number, "")
        } else {
            number.rsplit_once(style.decimal).ok_or_else(|| format!("{number:?} has no decimal mark"))?
        };
        if fraction.chars().count() != decimals || !fraction.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("{number:?} does not end in {decimals} decimals"));
        }
        let groups: Vec<&str> = whole.split(style.group).collect();
        let digits = groups.concat();
        let (first, rest) = groups.split_first().ok_or_else(|| format!("{number:?} is empty"))?;
        let grouping_due = digits.len() >= 3 + style.min_grouping;
        let well_grouped = if grouping_due {
            (1..=3).contains(&first.len()) && rest.iter().all(|group| group.len() == 3)
        } else {
            rest.is_empty() && !first.is_empty()
        };
        if !well_grouped || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("{number:?} is not correctly grouped digits"));
        }
        Ok(digits + fraction)
    }

    proptest! {
        // Strip the sign and symbol, check the digit layout, and read the digits back: the output must carry
        // exactly the amount, with exactly the currency's decimals.
        #[test]
        fn formatted_money_reads_back_exactly(locale in any_locale(), currency in any_currency(), amount in any::<i64>()) {
            let value = money(amount, currency);
            let text = locale.format_money(value);
            let style = locale.style();
            let symbol = locale.currency_symbol(currency);
            let unsigned = text.strip_prefix('-').unwrap_or(&text);
            prop_assert_eq!(text.starts_with('-'), amount < 0);
            let number = if style.symbol_first {
                unsigned.strip_prefix(symbol).map(|rest| rest.trim_start_matches(NBSP))
            } else {
                unsigned.strip_suffix(symbol).map(|rest| rest.trim_end_matches(NBSP))
            };
            let number = number.ok_or_else(|| TestCaseError::fail(format!("{text:?} lacks symbol {symbol:?}")))?;
            let digits = parse_number(number, style, usize::from(currency.exponent())).map_err(TestCaseError::fail)?;
            let expected = money(amount, currency).to_major_string().replace(['-', '.'], "");
            prop_assert_eq!(digits.trim_start_matches('0'), expected.trim_start_matches('0'));
            prop_assert!(!text.contains(' '), "only no-break spaces: {:?}", text);
        }

        // The browser test's promise: won prices have no decimal part in any language.
        #[test]
        fn krw_never_shows_decimals(locale in any_locale(), amount in any::<i64>()) {
            let text = locale.format_money(money(amount, Currency::KRW));
            let number = locale.format_number(money(amount, Currency::KRW));
            let style = locale.style();
            let digits: String = number.trim_start_matches('-').chars().filter(|&c| c != style.group).collect();
            prop_assert!(digits.chars().all(|c| c.is_ascii_digit()), "{:?}", number);
            prop_assert_eq!(digits, amount.unsigned_abs().to_string());
            prop_assert!(text.contains(number.trim_start_matches('-')), "{:?} vs {:?}", text, number);
        }

        #[test]
        fn two_decimal_currencies_end_with_two_digits(locale in any_locale(), amount in any::<i64>()) {
            for currency in [Currency::USD, Currency::EUR, Currency::BRL, Currency::RUB] {
                let number = locale.format_number(money(amount, currency));
                let (_, fraction) = number.rsplit_once(locale.style().decimal).expect("has a decimal mark");
                prop_assert_eq!(fraction.len(), 2);
                prop_assert!(fraction.bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }

    #[test]
    fn counts_and_ratings_follow_the_locale() {
        assert_eq!(Locale::En.format_count(2_000), "2,000");
        assert_eq!(Locale::Ru.format_count(1_000), "1\u{a0}000");
        assert_eq!(Locale::Es.format_count(2_000), "2000");
        assert_eq!(Locale::Es.format_count(12_000), "12.000");
        assert_eq!(Locale::Ko.format_count(999), "999");
        assert_eq!(Locale::En.format_rating(472), "4.7");
        assert_eq!(Locale::Ru.format_rating(475), "4,8");
        assert_eq!(Locale::Pt.format_rating(500), "5,0");
    }

    #[test]
    fn percentages_follow_the_locale() {
        assert_eq!(Locale::En.format_percent(85), "0.85%");
        assert_eq!(Locale::En.format_percent(9_500), "95%");
        assert_eq!(Locale::En.format_percent(250), "2.5%");
        assert_eq!(Locale::Ru.format_percent(250), "2,5\u{a0}%");
        assert_eq!(Locale::Es.format_percent(400), "4\u{a0}%");
        assert_eq!(Locale::Pt.format_percent(10_000), "100%");
        assert_eq!(Locale::Ko.format_percent(0), "0%");
    }
}
