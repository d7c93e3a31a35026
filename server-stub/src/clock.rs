//! The injected clock: logic never asks the system for the time, it is handed a [`Clock`].

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use tessera_core::UnixMillis;

/// A source of "now", in milliseconds since the Unix epoch.
#[derive(Debug, Clone)]
pub enum Clock {
    /// The system's wall clock.
    System,
    /// A clock that only moves when told to (tests).
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// A manual clock starting at `start`.
    pub fn manual(start: UnixMillis) -> Self {
        Self::Manual(Arc::new(AtomicI64::new(start)))
    }

    /// Now, in milliseconds.
    pub fn now(&self) -> UnixMillis {
        match self {
            Self::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
                .unwrap_or(0),
            Self::Manual(now) => now.load(Ordering::SeqCst),
        }
    }

    /// Move a manual clock forward (no effect on the system clock).
    pub fn advance(&self, millis: i64) {
        if let Self::Manual(now) = self {
            now.fetch_add(millis, Ordering::SeqCst);
        }
    }
}
