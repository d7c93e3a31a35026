//! [`Verifier`]: configuration plus keys, shared by every request of a service.

use std::sync::Arc;

use tessera_core::{Jwks, SessionClaims};

use crate::clock::unix_seconds;
use crate::jwks::{self, CachePolicy, KeyMap, RemoteJwks, VerifyingKey};
use crate::token::{check_claims, CompactToken};
use crate::{VerifyError, VerifyOptions};

/// Verifies session tokens. Cheap to clone (one `Arc`); keep one in your application state.
///
/// Build it with [`Verifier::new`] (keys from the Frontend API's JWKS, fetched on first use and
/// cached) or networklessly with [`Verifier::from_jwks`], [`Verifier::from_jwks_json`] or
/// [`Verifier::from_pem`].
#[derive(Debug, Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    options: VerifyOptions,
    keys: Keys,
}

#[derive(Debug)]
enum Keys {
    /// The Frontend API's JWKS, cached.
    Remote(RemoteJwks),
    /// A fixed JWKS.
    Static(KeyMap),
    /// One PEM key, used whatever the token's `kid`.
    Single(Arc<VerifyingKey>),
}

impl Verifier {
    /// A verifier for `options`: with [`VerifyOptions::with_jwt_key`] it verifies with that PEM key and
    /// never touches the network; otherwise it fetches the JWKS from
    /// [`VerifyOptions::jwks_url`] when first needed.
    pub fn new(options: VerifyOptions) -> Result<Self, VerifyError> {
        let keys = match &options.jwt_key {
            Some(pem) => Keys::Single(Arc::new(VerifyingKey::from_pem(pem)?)),
            None => {
                let http = match &options.http {
                    Some(client) => client.clone(),
                    None => reqwest::Client::builder()
                        .timeout(VerifyOptions::DEFAULT_JWKS_TIMEOUT)
                        .build()
                        .map_err(|e| VerifyError::JwksUnavailable(format!("HTTP client: {e}")))?,
                };
                Keys::Remote(RemoteJwks::new(options.jwks_url(), http))
            }
        };
        Ok(Self::with_keys(options, keys))
    }

    /// A networkless verifier with the keys of this JWKS. Fails if none of them is a usable RS256 key.
    pub fn from_jwks(options: VerifyOptions, jwks: &Jwks) -> Result<Self, VerifyError> {
        Self::from_key_map(options, jwks::keys_from_jwks(jwks))
    }

    /// A networkless verifier with the keys of a JWKS document (the body of `/.well-known/jwks.json`).
    pub fn from_jwks_json(options: VerifyOptions, json: &str) -> Result<Self, VerifyError> {
        let keys = jwks::keys_from_jwks_json(json.as_bytes()).map_err(VerifyError::InvalidKey)?;
        Self::from_key_map(options, keys)
    }

    /// A networkless verifier with one PEM public key (Clerk's `jwtKey`); the token's `kid` is not
    /// consulted. Same as [`Verifier::new`] with [`VerifyOptions::with_jwt_key`].
    pub fn from_pem(options: VerifyOptions, pem: &str) -> Result<Self, VerifyError> {
        Self::new(options.with_jwt_key(pem))
    }

    fn from_key_map(options: VerifyOptions, keys: KeyMap) -> Result<Self, VerifyError> {
        if keys.is_empty() {
            return Err(VerifyError::InvalidKey(
                "the JWKS has no RS256 signing key with a `kid`".into(),
            ));
        }
        Ok(Self::with_keys(options, Keys::Static(keys)))
    }

    fn with_keys(options: VerifyOptions, keys: Keys) -> Self {
        Self {
            inner: Arc::new(Inner { options, keys }),
        }
    }

    /// The configuration this verifier checks against.
    pub fn options(&self) -> &VerifyOptions {
        &self.inner.options
    }

    /// Verify a session token and return its claims.
    ///
    /// Checks, in order: the compact form, `alg` = RS256, the `kid`, the signature, `exp`,
    /// `nbf`/`iat` (with the configured skew), `iss`, and `azp` when authorized parties are
    /// configured. Awaits only when the JWKS has to be fetched.
    pub async fn verify(&self, token: &str) -> Result<SessionClaims, VerifyError> {
        let options = &self.inner.options;
        let token = CompactToken::parse(token)?;
        let key = match &self.inner.keys {
            Keys::Single(key) => Arc::clone(key),
            Keys::Static(keys) => {
                let kid = token.header.kid.as_deref().ok_or(VerifyError::MissingKid)?;
                keys.get(kid)
                    .cloned()
                    .ok_or_else(|| VerifyError::UnknownKid(kid.to_owned()))?
            }
            Keys::Remote(remote) => {
                let kid = token.header.kid.as_deref().ok_or(VerifyError::MissingKid)?;
                let policy = CachePolicy {
                    refetch_interval: options.jwks_refetch_interval,
                    max_age: options.jwks_max_age,
                };
                remote.key(kid, options.clock.as_ref(), policy).await?
            }
        };
        if !key.verify(token.signing_input.as_bytes(), &token.signature) {
            return Err(VerifyError::InvalidSignature);
        }
        let claims = token.claims()?;
        check_claims(&claims, unix_seconds(options.clock.now()), options)?;
        Ok(claims)
    }

    /// Fetch the JWKS now, bypassing the refetch rate limit: call it at start-up to fail fast and
    /// warm the cache, or after you rotated keys. A no-op for networkless verifiers.
    pub async fn refresh_jwks(&self) -> Result<(), VerifyError> {
        match &self.inner.keys {
            Keys::Remote(remote) => remote.refresh(self.inner.options.clock.now()).await,
            Keys::Static(_) | Keys::Single(_) => Ok(()),
        }
    }
}

/// Verify one token with a throw-away [`Verifier`]: the PEM key of
/// [`VerifyOptions::with_jwt_key`] is parsed, or the JWKS fetched, on every call. For anything
/// that verifies more than once, build a [`Verifier`] and keep it.
pub async fn verify_token(
    token: &str,
    options: &VerifyOptions,
) -> Result<SessionClaims, VerifyError> {
    Verifier::new(options.clone())?.verify(token).await
}
