//! What a verifier checks and where it finds its keys.

use std::sync::Arc;
use std::time::Duration;

use crate::clock::{Clock, SystemClock};

/// Configuration of a [`Verifier`](crate::Verifier) (and of [`verify_token`](crate::verify_token)).
///
/// Only the Frontend API URL is required; it is both the expected `iss` and the base of the JWKS URL.
/// ```
/// use std::time::Duration;
/// use tessera_backend::VerifyOptions;
///
/// let options = VerifyOptions::new("http://127.0.0.1:4000")
///     .with_authorized_parties(["http://localhost:3000"])
///     .with_clock_skew(Duration::from_secs(10));
/// assert_eq!(options.jwks_url(), "http://127.0.0.1:4000/.well-known/jwks.json");
/// ```
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    pub(crate) frontend_api_url: String,
    pub(crate) jwks_url: Option<String>,
    pub(crate) jwt_key: Option<String>,
    pub(crate) authorized_parties: Vec<String>,
    pub(crate) clock_skew: Duration,
    pub(crate) jwks_refetch_interval: Duration,
    pub(crate) jwks_max_age: Duration,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) http: Option<reqwest::Client>,
}

impl VerifyOptions {
    /// Allowed difference between our clock and the issuer's, applied to `exp`, `nbf` and `iat`.
    pub const DEFAULT_CLOCK_SKEW: Duration = Duration::from_secs(5);
    /// At most one JWKS request per this interval, however many unknown `kid`s arrive.
    pub const DEFAULT_JWKS_REFETCH_INTERVAL: Duration = Duration::from_secs(10);
    /// A cached JWKS older than this is refetched before use (so a removed key stops verifying).
    pub const DEFAULT_JWKS_MAX_AGE: Duration = Duration::from_secs(3600);
    /// Timeout of one JWKS request with the built-in HTTP client.
    pub const DEFAULT_JWKS_TIMEOUT: Duration = Duration::from_secs(5);

    /// Verify tokens issued by the Frontend API at `frontend_api_url` (e.g. `http://127.0.0.1:4000`),
    /// with keys from its `/.well-known/jwks.json`. A trailing `/` is ignored.
    pub fn new(frontend_api_url: impl Into<String>) -> Self {
        let mut url: String = frontend_api_url.into();
        while url.ends_with('/') {
            url.pop();
        }
        Self {
            frontend_api_url: url,
            jwks_url: None,
            jwt_key: None,
            authorized_parties: Vec::new(),
            clock_skew: Self::DEFAULT_CLOCK_SKEW,
            jwks_refetch_interval: Self::DEFAULT_JWKS_REFETCH_INTERVAL,
            jwks_max_age: Self::DEFAULT_JWKS_MAX_AGE,
            clock: Arc::new(SystemClock),
            http: None,
        }
    }

    /// Accept only tokens whose `azp` is one of these origins (e.g. `https://app.example.com`).
    /// With none configured (the default) `azp` is not checked; with some, a token without `azp`
    /// is rejected too.
    pub fn with_authorized_parties<I, S>(mut self, parties: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.authorized_parties = parties.into_iter().map(Into::into).collect();
        self
    }

    /// Allowed clock difference for `exp`, `nbf` and `iat` (default 5 s).
    pub fn with_clock_skew(mut self, skew: Duration) -> Self {
        self.clock_skew = skew;
        self
    }

    /// Read time from this clock instead of the system's (see [`ManualClock`](crate::ManualClock)).
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Fetch the JWKS from this URL instead of `{frontend_api_url}/.well-known/jwks.json`.
    pub fn with_jwks_url(mut self, url: impl Into<String>) -> Self {
        self.jwks_url = Some(url.into());
        self
    }

    /// Verify networklessly with this PEM public key (`-----BEGIN PUBLIC KEY-----` or
    /// `-----BEGIN RSA PUBLIC KEY-----`), Clerk's `jwtKey`. The token's `kid` is then not consulted.
    pub fn with_jwt_key(mut self, pem: impl Into<String>) -> Self {
        self.jwt_key = Some(pem.into());
        self
    }

    /// Minimum time between two JWKS requests triggered by unknown `kid`s (default 10 s).
    pub fn with_jwks_refetch_interval(mut self, interval: Duration) -> Self {
        self.jwks_refetch_interval = interval;
        self
    }

    /// Age after which the cached JWKS is refetched before use (default 1 h). If that refetch fails,
    /// the stale keys keep verifying.
    pub fn with_jwks_max_age(mut self, max_age: Duration) -> Self {
        self.jwks_max_age = max_age;
        self
    }

    /// Fetch the JWKS with this client (proxies, TLS, timeouts). The built-in client speaks plain
    /// HTTP only unless your application enables a TLS feature of `reqwest` 0.12.
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The Frontend API URL, without a trailing `/`: the expected `iss`.
    pub fn frontend_api_url(&self) -> &str {
        &self.frontend_api_url
    }

    /// Where the JWKS is fetched from.
    pub fn jwks_url(&self) -> String {
        match &self.jwks_url {
            Some(url) => url.clone(),
            None => format!("{}/.well-known/jwks.json", self.frontend_api_url),
        }
    }

    /// The configured authorized parties (empty: `azp` is not checked).
    pub fn authorized_parties(&self) -> &[String] {
        &self.authorized_parties
    }

    /// The allowed clock skew.
    pub fn clock_skew(&self) -> Duration {
        self.clock_skew
    }
}
