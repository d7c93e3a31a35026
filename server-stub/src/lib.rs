//! `tessera-server`: an offline Frontend API server speaking Clerk's protocol, persisted in SQLite.
//!
//! Apps (and Clerk's own JS SDK) sign users up and in against it, get short-lived RS256 session
//! tokens, and verify them with the JWKS it publishes. Emails are not sent: they land in a dev
//! outbox readable at `GET /__dev/outbox`.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use tessera_server::{AppState, Clock, Db, InstanceConfig};
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:4000").await?;
//! let url = format!("http://{}", listener.local_addr()?);
//! let state = AppState::new(InstanceConfig::default(), Db::open(":memory:")?, Clock::System, url)?;
//! axum::serve(listener, tessera_server::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>()).await?;
//! # Ok(()) }
//! ```

mod breached;
mod clock;
mod config;
mod error;
pub mod fapi;
mod keys;
mod passwords;
mod random;
mod roles;
mod store;
mod templates;
mod totp;
mod transport;

use std::sync::Arc;

use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use tower::Layer as _;

pub use clock::Clock;
pub use config::{AttributeMode, ConfigError, FirstFactor, InstanceConfig, InstanceType};
pub use error::{FapiError, FapiResult};
pub use keys::{SigningKey, SigningKeys};
pub use store::{Db, StoreError};
pub use templates::JwtTemplate;

use transport::RateLimiter;

/// Shared state of the server.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: InstanceConfig,
    db: Db,
    keys: SigningKeys,
    clock: Clock,
    frontend_api_url: String,
    publishable_key: String,
    secret_key: String,
    rate_limiter: RateLimiter,
}

impl AppState {
    /// Build the state: loads (or creates) the signing keys and the secret key from the database.
    pub fn new(
        config: InstanceConfig,
        db: Db,
        clock: Clock,
        frontend_api_url: String,
    ) -> FapiResult<Self> {
        let now = clock.now();
        let keys = SigningKeys::load_or_create(&db, now)?;
        let secret_key = db.transaction(|store| match store.setting("secret_key")? {
            Some(key) => Ok(key),
            None => {
                let prefix = match config.instance_type {
                    InstanceType::Development => "sk_test_",
                    InstanceType::Production => "sk_live_",
                };
                let key = format!("{prefix}{}", random::base62(40));
                store.set_setting("secret_key", &key)?;
                Ok(key)
            }
        })?;
        let frontend_api_url = frontend_api_url.trim_end_matches('/').to_owned();
        let publishable_key = publishable_key(config.instance_type, &frontend_api_url);
        let rate_limiter = RateLimiter::new(config.rate_limit_per_minute);
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                db,
                keys,
                clock,
                frontend_api_url,
                publishable_key,
                secret_key,
                rate_limiter,
            }),
        })
    }

    /// The instance settings.
    pub fn config(&self) -> &InstanceConfig {
        &self.inner.config
    }

    /// The database.
    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// The signing keys.
    pub fn keys(&self) -> &SigningKeys {
        &self.inner.keys
    }

    /// Now, from the injected clock.
    pub fn now(&self) -> i64 {
        self.inner.clock.now()
    }

    /// The clock (tests move a manual clock).
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The Frontend API URL (the tokens' `iss`).
    pub fn frontend_api_url(&self) -> &str {
        &self.inner.frontend_api_url
    }

    /// `pk_test_…` / `pk_live_…`: the instance type and base64 of `host$`, as Clerk encodes it.
    pub fn publishable_key(&self) -> &str {
        &self.inner.publishable_key
    }

    /// The secret key for the Backend API.
    pub fn secret_key(&self) -> &str {
        &self.inner.secret_key
    }

    fn rate_limiter(&self) -> &RateLimiter {
        &self.inner.rate_limiter
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        self.inner.config.origin_allowed(origin)
            || origin.eq_ignore_ascii_case(&self.inner.frontend_api_url)
    }
}

fn publishable_key(instance_type: InstanceType, frontend_api_url: &str) -> String {
    let host = frontend_api_url
        .split_once("://")
        .map_or(frontend_api_url, |(_, rest)| rest);
    let prefix = match instance_type {
        InstanceType::Development => "pk_test_",
        InstanceType::Production => "pk_live_",
    };
    format!("{prefix}{}", STANDARD.encode(format!("{host}$")))
}

/// The whole HTTP service: Frontend API, JWKS and dev outbox, behind rate limiting, CORS and the
/// `_method` override (applied before routing, so overridden methods route normally).
pub fn app(state: AppState) -> Router {
    let routes = fapi::router().with_state(state.clone());
    Router::new()
        .fallback_service(axum::middleware::from_fn(transport::method_override).layer(routes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            transport::rate_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(state, transport::cors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishable_key_encodes_host() {
        let key = publishable_key(InstanceType::Development, "http://127.0.0.1:4000");
        assert_eq!(
            key,
            format!("pk_test_{}", STANDARD.encode("127.0.0.1:4000$"))
        );
        assert!(
            publishable_key(InstanceType::Production, "http://localhost:4000")
                .starts_with("pk_live_")
        );
    }
}
