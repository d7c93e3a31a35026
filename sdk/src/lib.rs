//! Tessera's browser runtime: it talks to the Frontend API, keeps the client state (environment,
//! client, sessions, active session, user), hands out session tokens from a cache refreshed before
//! expiry, and tells listeners of every change.
//!
//! Everything with I/O or time goes through a [`Platform`] (transport, clock, timers, cookies), so the
//! logic runs and is tested natively as well as in the browser.

mod auth;
pub mod clock;
pub mod cookies;
mod error;
#[cfg(target_arch = "wasm32")]
pub mod js;
pub mod resources;
mod runtime;
pub mod session_token;
pub mod state;
pub mod transport;

use std::future::Future;
use std::pin::Pin;

pub use auth::Auth;
pub use error::SdkError;
pub use runtime::{Platform, Runtime, RuntimeOptions, SetActive, SignOut};
pub use session_token::GetTokenOptions;
pub use state::Snapshot;
pub use tessera_core as core;

/// A boxed future that stays on one thread (browser futures are not `Send`).
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;
