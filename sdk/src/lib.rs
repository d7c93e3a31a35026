//! Tessera's browser runtime: it talks to the Frontend API, keeps the client state (environment,
//! client, sessions, active session, user), hands out session tokens from a cache refreshed before
//! expiry, and tells listeners of every change.
//!
//! ```no_run
//! use tessera_sdk::resources::sign_in::CreateSignIn;
//! use tessera_sdk::{GetTokenOptions, Runtime, SdkError, SignOut};
//!
//! // In the browser: `let runtime = Runtime::in_browser("pk_test_…")?;`
//! async fn sign_in(runtime: Runtime) -> Result<(), SdkError> {
//!     runtime.load().await?;
//!     runtime.subscribe(|snapshot| {
//!         let auth = snapshot.auth();
//!         println!("signed in: {}, user: {:?}", auth.is_signed_in, auth.user_id);
//!     });
//!     let attempt = CreateSignIn {
//!         identifier: Some("ada+clerk_test@example.com".into()),
//!         password: Some("correct horse battery".into()),
//!         ..Default::default()
//!     };
//!     match runtime.sign_in().create(attempt).await {
//!         Ok(_) => {}
//!         // The UI localizes by code and shows the error next to `param_name`.
//!         Err(error) if error.code().is_some() => println!("{:?}: {:?}", error.param_name(), error.code()),
//!         Err(error) => return Err(error),
//!     }
//!     // Cached while it has more than 15 s to live; also in the `__session` cookie.
//!     let _jwt = runtime.get_token(GetTokenOptions::default()).await?;
//!     runtime.sign_out(SignOut::default()).await
//! }
//! ```
//!
//! Everything with I/O or time goes through a [`Platform`] (transport, clock, timers, cookies), so the
//! logic runs and is tested natively as well as in the browser. Layers, bottom-up: [`transport`]
//! (FAPI requests and error mapping), [`state`] (snapshots and listeners), [`session_token`] (cache
//! and single flight), [`Runtime`] (load, envelopes, set-active, sign-out, tokens), [`resources`]
//! (sign-in, sign-up, user, organizations), and `js` (the wasm-bindgen `Tessera` class, browser
//! builds only).
//!
//! The objects ([`Client`], [`Session`], [`User`], [`SignIn`], [`SignUp`], [`Environment`]) are the
//! lean views of [`model`], read from the engine's `JSON.parse` through [`Json`]: the browser build
//! carries no JSON parser and no serde (see `model` for why).
//!
//! # Size
//!
//! The headless bundle (wasm + JS glue) has a budget of 42 KB gzip, checked by `cargo xtask bench`.
//! What keeps it there, so a change does not undo it unnoticed:
//! - no serde, serde_json or float formatting in the wasm: [`Json`] wraps the engine's objects,
//!   and the JS facade hands the server's objects to the app as they came;
//! - browser APIs (`fetch`, cookies, timers, `JSON`, `Date`, `atob`) through a handful of generic
//!   `Reflect`/`Function` calls (`browser.rs`), not one `web-sys`/`js-sys` binding each — every
//!   binding is an import with its own JS glue;
//! - no `format!` (strings are `concat`ed), no `HashMap`, no `str` char-pattern searchers, one
//!   `future_to_promise`, mutations as `Call` values shared by the Rust API and the facade;
//! - parts only the UI needs are read on demand (`Client::sign_in()`), and FAPI error codes stay
//!   strings until [`SdkError::code`] maps them;
//! - the `small-allocator` feature (default): lol_alloc's free list instead of dlmalloc.
mod auth;
mod base64;
#[cfg(target_arch = "wasm32")]
mod browser;
pub mod clock;
pub mod cookies;
mod error;
#[cfg(all(target_arch = "wasm32", feature = "js-facade"))]
pub mod js;
pub mod json;
pub mod model;
pub mod resources;
mod runtime;
pub mod session_token;
pub mod state;
pub mod tabs;
pub mod transport;

use std::future::Future;
use std::pin::Pin;

pub use auth::Auth;
pub use error::{FapiError, SdkError};
pub use json::Json;
pub use model::{
    AttributeSettings, AuthConfig, Client, DisplayConfig, EmailAddress, Environment, ErrorCode,
    Organization, OrganizationInvitation, OrganizationMembership, OrganizationSummary, PageRequest,
    Paginated, PasswordSettings, PublicOrganizationData, PublicUserData, Role, Session,
    SessionClaims, SessionStatus, SignIn, SignInFactor, SignInStatus, SignInUserData, SignUp,
    SignUpStatus, SignUpVerifications, User, UserAttributes, UserOrganizationInvitation,
    UserSettings, Verification, VerificationStatus,
};
pub use runtime::{Platform, Runtime, RuntimeOptions, SetActive, SignOut};
pub use session_token::GetTokenOptions;
pub use state::{ListenerId, Snapshot};
pub use tessera_core as core;
pub use tessera_core::Authorization;

/// The `small-allocator` feature (on by default): a free-list allocator, coalescing, O(free-list
/// length) per call — plenty for an auth SDK, and about 8 KB smaller than dlmalloc.
#[cfg(all(target_arch = "wasm32", feature = "small-allocator"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// A boxed future that stays on one thread (browser futures are not `Send`).
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;
