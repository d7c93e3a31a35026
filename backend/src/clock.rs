//! The injected clock: token expiry and the JWKS refetch rate limit read time only through it,
//! so tests move time instead of sleeping.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of the current time.
pub trait Clock: Debug + Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system's wall clock (the default).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that only moves when told to, for tests. Clones share the same time, so keep one
/// clone to [`advance`](Self::advance) and give another to the verifier.
#[derive(Debug, Clone)]
pub struct ManualClock {
    millis_since_epoch: Arc<AtomicU64>,
}

impl ManualClock {
    /// A clock standing at `now`.
    pub fn new(now: SystemTime) -> Self {
        Self {
            millis_since_epoch: Arc::new(AtomicU64::new(millis_since_epoch(now))),
        }
    }

    /// A clock standing at `secs` seconds after the Unix epoch.
    pub fn at_unix(secs: u64) -> Self {
        Self::new(UNIX_EPOCH + Duration::from_secs(secs))
    }

    /// Move the clock to `now`.
    pub fn set(&self, now: SystemTime) {
        self.millis_since_epoch
            .store(millis_since_epoch(now), Ordering::SeqCst);
    }

    /// Move the clock forward.
    pub fn advance(&self, by: Duration) {
        let millis = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        // `fetch_update` only fails when the closure returns `None`, which this one never does.
        let _ = self
            .millis_since_epoch
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |now| {
                Some(now.saturating_add(millis))
            });
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(self.millis_since_epoch.load(Ordering::SeqCst))
    }
}

fn millis_since_epoch(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Whole seconds since the Unix epoch, the unit of `exp`/`nbf`/`iat` (0 before the epoch).
pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_clones_share_time() {
        let clock = ManualClock::at_unix(1_000);
        let given_away = clock.clone();
        clock.advance(Duration::from_secs(30));
        assert_eq!(unix_seconds(given_away.now()), 1_030);
        clock.set(UNIX_EPOCH + Duration::from_secs(5));
        assert_eq!(unix_seconds(given_away.now()), 5);
    }
}
