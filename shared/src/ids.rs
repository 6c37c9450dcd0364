//! Typed identifiers. Every entity has its own newtype over a UUIDv7, so a `ProductId` can never be passed where
//! a `SellerId` is expected, and ids sort by creation time in the database.
//!
//! This crate has no clock and no random source: callers pass the Unix time and ten random bytes in
//! ([`ProductId::from_parts`]). The server owns an id generator; tests and the demo-data generator pass fixed
//! values to stay deterministic.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid id: expected a UUID such as 0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69")]
pub struct IdParseError;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Builds a UUIDv7 from a Unix time in milliseconds and ten random bytes.
            pub fn from_parts(unix_ms: u64, random: [u8; 10]) -> Self {
                Self(uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid())
            }

            /// Wraps an existing UUID (read back from storage or the wire).
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.hyphenated())
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::try_parse(s).map(Self).map_err(|_| IdParseError)
            }
        }
    };
}

typed_id!(
    /// A user account (shopper, seller owner, operator).
    UserId
);
typed_id!(
    /// A seller's shop.
    SellerId
);
typed_id!(
    /// A node of the category tree.
    CategoryId
);
typed_id!(
    /// A listing on the marketplace.
    ProductId
);
typed_id!(
    /// One image of a product.
    ProductImageId
);
typed_id!(
    /// One sellable variant (SKU) of a product.
    VariantId
);
typed_id!(
    /// An API token (its id, never its secret).
    TokenId
);
typed_id!(
    /// One line of the audit log.
    AuditEntryId
);
typed_id!(
    /// One checkout, split into one order per seller.
    OrderGroupId
);
typed_id!(
    /// One bulk import of listings from a CSV file.
    ImportId
);
typed_id!(
    /// An order with one seller.
    OrderId
);
typed_id!(
    /// A parcel with one of Bazaar's carriers.
    ShipmentId
);
typed_id!(
    /// A document a shop uploads for verification (an identity document).
    ShopDocumentId
);
typed_id!(
    /// A seller's promotion.
    PromotionId
);
typed_id!(
    /// One payment of a checkout (one per currency).
    PaymentId
);
typed_id!(
    /// A seller's payout to their bank.
    PayoutId
);
typed_id!(
    /// One balanced ledger transaction.
    LedgerTransactionId
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn from_parts_makes_a_version_7_uuid_that_carries_the_time() {
        let id = ProductId::from_parts(1_763_765_854_000, [7; 10]);
        assert_eq!(id.as_uuid().get_version_num(), 7);
        let (seconds, _) = id.as_uuid().get_timestamp().expect("v7 has a timestamp").to_unix();
        assert_eq!(seconds, 1_763_765_854);
    }

    #[test]
    fn garbage_does_not_parse() {
        assert_eq!("not-an-id".parse::<SellerId>(), Err(IdParseError));
        assert_eq!("".parse::<SellerId>(), Err(IdParseError));
    }

    #[test]
    fn serializes_as_a_plain_string() {
        let id = OrderId::from_parts(1, [0; 10]);
        let json = serde_json::to_string(&id).expect("serializes");
        assert_eq!(json, format!("\"{id}\""));
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(ms in 0u64..(1 << 48), random in any::<[u8; 10]>()) {
            let id = ProductId::from_parts(ms, random);
            prop_assert_eq!(id.to_string().parse::<ProductId>(), Ok(id));
        }

        #[test]
        fn later_times_sort_later(a in 0u64..(1 << 47), gap in 1u64..(1 << 20), r in any::<[u8; 10]>()) {
            prop_assert!(ProductId::from_parts(a, r) < ProductId::from_parts(a + gap, r));
        }
    }
}
