//! Verify Tessera (and Clerk-shaped) session tokens in Rust services: the `getAuth()` of a backend.
//!
//! Keep one [`Verifier`] in your application state; the [`Auth`] extractor then reads the token
//! of each request (`Authorization: Bearer …` or the `__session` cookie), verifies it and hands the
//! handler the signed-in user, session and organization:
//!
//! ```no_run
//! use axum::{extract::FromRef, routing::get, Json, Router};
//! use tessera_backend::{Auth, Authorization, MaybeAuth, Verifier, VerifyOptions};
//!
//! #[derive(Clone)]
//! struct AppState {
//!     verifier: Verifier,
//! }
//!
//! impl FromRef<AppState> for Verifier {
//!     fn from_ref(state: &AppState) -> Self {
//!         state.verifier.clone()
//!     }
//! }
//!
//! async fn me(auth: Auth) -> Json<serde_json::Value> {
//!     Json(serde_json::json!({
//!         "user_id": auth.user_id,
//!         "org_id": auth.org_id,
//!         "can_manage_members": auth.has(&Authorization::Permission("org:sys_memberships:manage".into())),
//!     }))
//! }
//!
//! async fn home(MaybeAuth(auth): MaybeAuth) -> String {
//!     match auth {
//!         Some(auth) => format!("Hello, {}", auth.user_id),
//!         None => "Hello, stranger".to_owned(),
//!     }
//! }
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // Tokens issued by this Frontend API, keys from its /.well-known/jwks.json.
//!     let options = VerifyOptions::new("http://127.0.0.1:4000")
//!         .with_authorized_parties(["http://localhost:3000"]);
//!     let verifier = Verifier::new(options)?;
//!     verifier.refresh_jwks().await?; // optional: fail fast if the Frontend API is unreachable
//!
//!     let app = Router::new()
//!         .route("/me", get(me))
//!         .route("/", get(home))
//!         .with_state(AppState { verifier });
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:3001").await?;
//!     axum::serve(listener, app).await?;
//!     Ok(())
//! }
//! ```
//!
//! Rejections answer with a status (401, or 503 when the keys cannot be loaded) and the FAPI
//! error envelope, `{"errors":[{"code":"token_expired","message":…,"long_message":…}]}`; every
//! cause is its own [`VerifyError`] variant with a stable [`code`](VerifyError::code).
//!
//! Without axum, call [`Verifier::verify`] (or the one-shot [`verify_token`]) on the token
//! [`session_token`] finds in the headers. Networkless set-ups (tests, air-gapped services) build
//! the verifier from a fixed JWKS ([`Verifier::from_jwks`]) or PEM key ([`Verifier::from_pem`]).
//!
//! The claims type, [`SessionClaims`], and the [`Authorization`] checks come from `tessera-core`,
//! so the server that signs and the services that verify read the same shape.

mod auth;
mod clock;
mod error;
mod jwks;
mod options;
mod token;
mod verifier;

pub use auth::{session_token, Auth, MaybeAuth, SESSION_COOKIE};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::VerifyError;
pub use options::VerifyOptions;
pub use tessera_core::{Actor, Authorization, Jwks, OrganizationClaim, SessionClaims};
pub use verifier::{verify_token, Verifier};
