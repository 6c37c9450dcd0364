//! The regions (ISO 3166-1 alpha-2) shoppers deliver to and shops ship from.
//!
//! A region names a delivery destination, not a currency preference: prices stay in each listing's currency.
//! The market currency only picks the default for a price filter, so bounds typed by a shopper in Germany mean
//! euros unless they say otherwise.

/// A region the marketplace serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub code: &'static str,
    /// The region's own name, as region pickers usually show it.
    pub native_name: &'static str,
    /// ISO 4217 code of the currency local shops price in.
    pub market_currency: &'static str,
}

pub const REGIONS: &[Region] = &[
    Region { code: "US", native_name: "United States", market_currency: "USD" },
    Region { code: "DE", native_name: "Deutschland", market_currency: "EUR" },
    Region { code: "BR", native_name: "Brasil", market_currency: "BRL" },
    Region { code: "RU", native_name: "Россия", market_currency: "RUB" },
    Region { code: "KR", native_name: "대한민국", market_currency: "KRW" },
];

/// The served region with this code (case-insensitive), if any.
pub fn region(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn every_region_has_a_real_market_currency_and_a_unique_code() {
        for r in REGIONS {
            assert!(Currency::from_code(r.market_currency).is_ok(), "{}", r.code);
            assert_eq!(r.code.len(), 2);
            assert_eq!(REGIONS.iter().filter(|other| other.code == r.code).count(), 1);
        }
        assert_eq!(region("de").map(|r| r.code), Some("DE"));
        assert_eq!(region("XX"), None);
    }
}
