//! Fresh ids and the time they carry: the server's only source of new identifiers.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or_default()
}

/// A new UUIDv7-based id of any typed id kind, e.g. `fresh(UserId::from_parts)`.
pub fn fresh<T>(from_parts: fn(u64, [u8; 10]) -> T) -> T {
    from_parts(now_ms().max(0) as u64, rand::random())
}
