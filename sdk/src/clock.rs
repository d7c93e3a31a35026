//! Time, injected: expiry logic asks a [`Clock`] and schedules work through [`Timers`], so tests
//! drive both by hand instead of sleeping.

use std::cell::{Cell, RefCell};
use std::fmt;

use tessera_core::UnixMillis;

use crate::LocalFuture;

/// Tells the current time.
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now(&self) -> UnixMillis;
}

/// Runs background work later (the proactive token refresh). Browser: `setTimeout` + `spawn_local`.
pub trait Timers {
    /// Start `task` about `delay_ms` from now. Futures are lazy: nothing runs before then.
    fn schedule(&self, delay_ms: i64, task: LocalFuture<()>);
}

/// The system clock: `Date.now()` in the browser, `SystemTime` natively.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[cfg(target_arch = "wasm32")]
    fn now(&self) -> UnixMillis {
        crate::browser::static_call("Date", "now", &[])
            .ok()
            .and_then(|n| n.as_f64())
            .unwrap_or(0.0) as UnixMillis
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn now(&self) -> UnixMillis {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }
}

/// A clock that moves only when told to, with timers that come due when the clock passes them.
/// For tests, natively and in the browser: [`ManualClock::advance`] then run [`ManualClock::take_due`].
#[derive(Default)]
pub struct ManualClock {
    now: Cell<UnixMillis>,
    pending: RefCell<Vec<(UnixMillis, LocalFuture<()>)>>,
    due: RefCell<Vec<LocalFuture<()>>>,
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManualClock")
            .field("now", &self.now.get())
            .field("pending", &self.pending.borrow().len())
            .field("due", &self.due.borrow().len())
            .finish()
    }
}

impl ManualClock {
    /// A clock reading `now`.
    pub fn new(now: UnixMillis) -> Self {
        Self {
            now: Cell::new(now),
            pending: RefCell::default(),
            due: RefCell::default(),
        }
    }

    /// Move the clock forward; timers it passes become due, in firing order.
    pub fn advance(&self, ms: i64) {
        let target = self.now.get() + ms;
        self.now.set(target);
        let mut pending = self.pending.borrow_mut();
        pending.sort_by_key(|(at, _)| *at);
        let split = pending.partition_point(|(at, _)| *at <= target);
        self.due
            .borrow_mut()
            .extend(pending.drain(..split).map(|(_, task)| task));
    }

    /// The tasks of the timers that came due, for the test to run (await them in order).
    pub fn take_due(&self) -> Vec<LocalFuture<()>> {
        std::mem::take(&mut *self.due.borrow_mut())
    }

    /// When the timers still waiting will fire.
    pub fn pending_timers(&self) -> Vec<UnixMillis> {
        let mut at: Vec<_> = self.pending.borrow().iter().map(|(at, _)| *at).collect();
        at.sort_unstable();
        at
    }
}

impl Clock for ManualClock {
    fn now(&self) -> UnixMillis {
        self.now.get()
    }
}

impl Timers for ManualClock {
    fn schedule(&self, delay_ms: i64, task: LocalFuture<()>) {
        let at = self.now.get() + delay_ms.max(0);
        self.pending.borrow_mut().push((at, task));
    }
}

/// `setTimeout` on the window.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserTimers;

#[cfg(target_arch = "wasm32")]
impl Timers for BrowserTimers {
    fn schedule(&self, delay_ms: i64, task: LocalFuture<()>) {
        use wasm_bindgen::closure::Closure;
        let callback = Closure::once_into_js(move || wasm_bindgen_futures::spawn_local(task));
        let delay = i32::try_from(delay_ms.max(0)).unwrap_or(i32::MAX);
        crate::browser::set_timeout(&callback, delay);
    }
}
