//! Signed webhooks from payment providers: how an event is signed and checked.
//!
//! The provider sends `Bazaar-Provider-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. We
//! accept it only within five minutes of our clock (so a captured request cannot be replayed later) and compare
//! in constant time. The event says only which payment changed; the handler asks the provider for the charge
//! itself, so a forged or reordered body can never move money by what it claims.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "bazaar-provider-signature";
/// How far the signature's time may be from ours.
pub const TOLERANCE_SECS: i64 = 5 * 60;

/// What a provider tells us: something happened to the charge made under `merchant_reference` (our payment id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderEvent {
    /// The provider's event id; the same event delivered twice has the same id.
    pub id: String,
    /// e.g. `charge.authorized`, `charge.failed`, `charge.refunded`.
    #[serde(rename = "type")]
    pub kind: String,
    pub merchant_reference: String,
}

/// Why a webhook was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("the signature header is missing or malformed")]
    MalformedSignature,
    #[error("the signature is too old or from the future")]
    OutsideTolerance,
    #[error("the signature does not match")]
    BadSignature,
}

impl WebhookError {
    pub fn code(self) -> &'static str {
        match self {
            Self::MalformedSignature => "malformed_signature",
            Self::OutsideTolerance => "stale_signature",
            Self::BadSignature => "bad_signature",
        }
    }
}

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length, so this never fails.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header value for `body` sent at `timestamp` (Unix seconds).
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret, timestamp, body).finalize().into_bytes();
    let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={timestamp},v1={hex}")
}

/// Checks a header value against `body` at `now` (Unix seconds).
pub fn verify(secret: &[u8], header: &str, body: &[u8], now: i64) -> Result<(), WebhookError> {
    let mut timestamp = None;
    let mut signature = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => signature = decode_hex(value),
            _ => {}
        }
    }
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
        return Err(WebhookError::MalformedSignature);
    };
    if (now - timestamp).abs() > TOLERANCE_SECS {
        return Err(WebhookError::OutsideTolerance);
    }
    // `verify_slice` compares in constant time.
    mac(secret, timestamp, body).verify_slice(&signature).map_err(|_| WebhookError::BadSignature)
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_test";

    #[test]
    fn a_signed_body_verifies_and_any_change_does_not() {
        let body = br#"{"id":"evt_1","type":"charge.authorized","merchant_reference":"p1"}"#;
        let header = sign(SECRET, 1_000, body);
        assert_eq!(verify(SECRET, &header, body, 1_000), Ok(()));
        assert_eq!(verify(SECRET, &header, b"{}", 1_000), Err(WebhookError::BadSignature));
        assert_eq!(verify(b"another secret", &header, body, 1_000), Err(WebhookError::BadSignature));
    }

    #[test]
    fn only_five_minutes_either_way() {
        let header = sign(SECRET, 1_000, b"x");
        assert_eq!(verify(SECRET, &header, b"x", 1_000 + TOLERANCE_SECS), Ok(()));
        assert_eq!(
            verify(SECRET, &header, b"x", 1_001 + TOLERANCE_SECS),
            Err(WebhookError::OutsideTolerance)
        );
        assert_eq!(verify(SECRET, &header, b"x", 999 - TOLERANCE_SECS), Err(WebhookError::OutsideTolerance));
    }

    #[test]
    fn garbage_headers_are_malformed() {
        for header in ["", "t=abc,v1=00", "t=1", "v1=zz,t=1", "t=1,v1=abc"] {
            assert_eq!(verify(SECRET, header, b"x", 1), Err(WebhookError::MalformedSignature), "{header:?}");
        }
    }
}
