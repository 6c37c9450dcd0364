//! Attempt limits for sign-in and sign-up, per IP address and per account, with governor's GCRA limiter.

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

#[derive(Clone)]
pub struct AttemptLimiter {
    limiter: Arc<DefaultKeyedRateLimiter<String>>,
}

impl AttemptLimiter {
    pub fn per_minute(attempts: u32) -> Self {
        let burst = NonZeroU32::new(attempts.max(1)).unwrap_or(NonZeroU32::MIN);
        Self { limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(burst))) }
    }

    /// Records an attempt for `key`; Err(seconds to wait) when the key is over its quota.
    pub fn attempt(&self, key: &str) -> Result<(), u64> {
        self.limiter.check_key(&key.to_owned()).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }

    /// Forgets keys whose quota has fully recovered, so memory stays bounded by recent attempts.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attempt_after_the_quota_waits_and_other_keys_are_unaffected() {
        let limiter = AttemptLimiter::per_minute(3);
        for _ in 0..3 {
            assert_eq!(limiter.attempt("ip:1"), Ok(()));
        }
        let wait = limiter.attempt("ip:1").expect_err("fourth attempt is limited");
        assert!((1..=60).contains(&wait), "{wait}");
        assert_eq!(limiter.attempt("ip:2"), Ok(()));
    }
}
