//! A per-IP token bucket: `rate_limit_per_minute` requests, refilled continuously.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Mutex, PoisonError};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::FapiError;
use crate::AppState;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated_at: i64,
}

/// Buckets by IP address.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    per_minute: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests per minute per address (bursts up to that many).
    pub(crate) fn new(per_minute: u32) -> Self {
        Self {
            per_minute: f64::from(per_minute),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Take one token for `key` at `now`; `Err(seconds)` to wait when the bucket is empty.
    pub(crate) fn check(&self, key: &str, now: i64) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() > 10_000 {
            // Forget idle addresses so the table cannot grow without bound.
            buckets.retain(|_, b| now - b.updated_at < 60_000);
        }
        let per_ms = self.per_minute / 60_000.0;
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: self.per_minute,
            updated_at: now,
        });
        let elapsed = (now - bucket.updated_at).max(0) as f64;
        bucket.tokens = (bucket.tokens + elapsed * per_ms).min(self.per_minute);
        bucket.updated_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait_ms = (1.0 - bucket.tokens) / per_ms;
            Err((wait_ms / 1000.0).ceil().max(1.0) as u64)
        }
    }
}

/// Answer 429 with `Retry-After` when an address exceeds its budget.
pub(crate) async fn rate_limit(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "local".to_owned());
    match state.rate_limiter().check(&ip, state.now()) {
        Ok(()) => next.run(request).await,
        Err(retry_after) => FapiError::too_many_requests(retry_after).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_budget_then_refills() {
        let limiter = RateLimiter::new(3);
        for _ in 0..3 {
            assert!(limiter.check("1.2.3.4", 0).is_ok());
        }
        let wait = limiter.check("1.2.3.4", 0).unwrap_err();
        assert_eq!(wait, 20);
        assert!(
            limiter.check("5.6.7.8", 0).is_ok(),
            "other addresses are not affected"
        );
        assert!(
            limiter.check("1.2.3.4", 20_000).is_ok(),
            "one token back after 20 s"
        );
        assert!(limiter.check("1.2.3.4", 20_000).is_err());
    }
}
