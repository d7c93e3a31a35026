//! RS256 public keys: parsed once from a JWK (`n`, `e`) or a PEM, kept per `kid`, and the remote JWKS
//! cache with its rate-limited refetch.
//!
//! Why aws-lc-rs directly rather than `jsonwebtoken::decode`: `jsonwebtoken` 11 keeps a
//! `DecodingKey` as raw bytes (DER or `n`/`e`) and its aws-lc backend rebuilds the RSA key from them
//! on every verification (`UnparsedPublicKey` / `RsaPublicKeyComponents::verify`); its
//! `CryptoProvider` hook is a process-global `fn` pointer that cannot reach a per-`kid` cache.
//! aws-lc-rs's [`ParsedPublicKey`] is parsed once and is `Send + Sync`, so each `kid` maps to one.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::SystemTime;

use aws_lc_rs::rsa::{PublicKey, PublicKeyComponents};
use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use base64::Engine as _;
use serde::Deserialize;

use crate::{Clock, VerifyError};

/// `@clerk/backend` (and our server) use 2048-bit keys; smaller ones are refused.
const MIN_MODULUS_BYTES: usize = 256;

/// One RS256 verification key, parsed once.
#[derive(Debug)]
pub(crate) struct VerifyingKey(ParsedPublicKey);

impl VerifyingKey {
    /// From the big-endian modulus and exponent (a JWK's `n` and `e` after base64url decoding).
    pub(crate) fn from_components(n: &[u8], e: &[u8]) -> Result<Self, VerifyError> {
        let n = strip_leading_zeros(n);
        if n.len() < MIN_MODULUS_BYTES {
            return Err(VerifyError::InvalidKey(format!(
                "RSA modulus of {} bits; at least 2048 are required",
                n.len() * 8
            )));
        }
        PublicKeyComponents {
            n,
            e: strip_leading_zeros(e),
        }
        .to_parsed_public_key(&RSA_PKCS1_2048_8192_SHA256)
        .map(Self)
        .map_err(|e| VerifyError::InvalidKey(format!("not an RSA public key: {e}")))
    }

    /// From a JWK's base64url `n` and `e`.
    pub(crate) fn from_jwk_components(n: &str, e: &str) -> Result<Self, VerifyError> {
        let decode = |value: &str, name: &str| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(value.trim_end_matches('='))
                .map_err(|_| VerifyError::InvalidKey(format!("`{name}` is not base64url")))
        };
        Self::from_components(&decode(n, "n")?, &decode(e, "e")?)
    }

    /// From a PEM public key: `PUBLIC KEY` (SubjectPublicKeyInfo) or `RSA PUBLIC KEY` (PKCS#1).
    pub(crate) fn from_pem(pem: &str) -> Result<Self, VerifyError> {
        let der = pem_body(pem)?;
        let public = PublicKey::from_der(&der)
            .map_err(|e| VerifyError::InvalidKey(format!("not an RSA public key: {e}")))?;
        let components = PublicKeyComponents::<Vec<u8>>::from(&public);
        Self::from_components(&components.n, &components.e)
    }

    /// Check an RS256 signature over `signing_input` (`header.payload`).
    pub(crate) fn verify(&self, signing_input: &[u8], signature: &[u8]) -> bool {
        self.0.verify_sig(signing_input, signature).is_ok()
    }
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

fn pem_body(pem: &str) -> Result<Vec<u8>, VerifyError> {
    let pem = pem.trim();
    let label = pem
        .strip_prefix("-----BEGIN ")
        .and_then(|rest| rest.split_once("-----"))
        .map(|(label, _)| label)
        .ok_or_else(|| VerifyError::InvalidKey("not a PEM block".into()))?;
    if label != "PUBLIC KEY" && label != "RSA PUBLIC KEY" {
        return Err(VerifyError::InvalidKey(format!(
            "PEM `{label}` is not a public key"
        )));
    }
    let end = format!("-----END {label}-----");
    let body: String = pem
        .lines()
        .skip(1)
        .take_while(|line| line.trim() != end)
        .flat_map(|line| line.chars().filter(|c| !c.is_ascii_whitespace()))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| VerifyError::InvalidKey("PEM body is not base64".into()))
}

/// Keys by `kid`.
pub(crate) type KeyMap = HashMap<String, Arc<VerifyingKey>>;

/// A JWKS as served, read leniently: keys we cannot use (EC, encryption keys, other algorithms,
/// small or broken RSA keys) are skipped rather than failing the whole set.
#[derive(Deserialize)]
struct LenientJwks {
    keys: Vec<LenientJwk>,
}

#[derive(Deserialize)]
struct LenientJwk {
    kid: Option<String>,
    kty: Option<String>,
    alg: Option<String>,
    #[serde(rename = "use")]
    use_: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

fn usable_key(
    kid: Option<&str>,
    kty: Option<&str>,
    alg: Option<&str>,
    use_: Option<&str>,
    n: Option<&str>,
    e: Option<&str>,
) -> Option<(String, Arc<VerifyingKey>)> {
    if kty != Some("RSA")
        || !matches!(alg, None | Some("RS256"))
        || !matches!(use_, None | Some("sig"))
    {
        return None;
    }
    let key = VerifyingKey::from_jwk_components(n?, e?).ok()?;
    Some((kid?.to_owned(), Arc::new(key)))
}

/// Parse a JWKS document; `Err` only if it is not a JWKS at all.
pub(crate) fn keys_from_jwks_json(json: &[u8]) -> Result<KeyMap, String> {
    let jwks: LenientJwks =
        serde_json::from_slice(json).map_err(|e| format!("not a JWKS document: {e}"))?;
    Ok(jwks
        .keys
        .iter()
        .filter_map(|k| {
            usable_key(
                k.kid.as_deref(),
                k.kty.as_deref(),
                k.alg.as_deref(),
                k.use_.as_deref(),
                k.n.as_deref(),
                k.e.as_deref(),
            )
        })
        .collect())
}

/// The usable keys of a [`tessera_core::Jwks`].
pub(crate) fn keys_from_jwks(jwks: &tessera_core::Jwks) -> KeyMap {
    jwks.keys
        .iter()
        .filter_map(|k| {
            usable_key(
                Some(&k.kid),
                Some(&k.kty),
                Some(&k.alg),
                Some(&k.use_),
                Some(&k.n),
                Some(&k.e),
            )
        })
        .collect()
}

/// What the verifier knows about the remote JWKS.
#[derive(Debug, Default)]
struct CacheState {
    keys: KeyMap,
    /// When the keys were last fetched successfully (`None`: never).
    fetched_at: Option<SystemTime>,
    /// When a request was last sent, successful or not: the rate limit counts from here.
    last_attempt: Option<SystemTime>,
    last_error: Option<String>,
}

/// The JWKS of a Frontend API, fetched lazily and cached.
///
/// Reads take a short `RwLock` read (never held across an `.await`). A miss (unknown `kid`, or a
/// cache older than `max_age`) queues on an async mutex so that concurrent misses share one request,
/// and a request is sent only if the previous one is at least `refetch_interval` old: a flood of
/// made-up `kid`s costs the issuer at most one request per interval.
#[derive(Debug)]
pub(crate) struct RemoteJwks {
    url: String,
    http: reqwest::Client,
    state: RwLock<CacheState>,
    single_flight: tokio::sync::Mutex<()>,
}

/// The timing rules of the cache.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CachePolicy {
    pub(crate) refetch_interval: std::time::Duration,
    pub(crate) max_age: std::time::Duration,
}

impl RemoteJwks {
    pub(crate) fn new(url: String, http: reqwest::Client) -> Self {
        Self {
            url,
            http,
            state: RwLock::new(CacheState::default()),
            single_flight: tokio::sync::Mutex::new(()),
        }
    }

    /// The key for `kid`, fetching the JWKS if the cache is empty, stale or lacks `kid` (rate-limited).
    pub(crate) async fn key(
        &self,
        kid: &str,
        clock: &dyn Clock,
        policy: CachePolicy,
    ) -> Result<Arc<VerifyingKey>, VerifyError> {
        if let Some(key) = self.fresh_key(kid, clock.now(), policy) {
            return Ok(key);
        }
        let _one_request_at_a_time = self.single_flight.lock().await;
        // Whoever held the lock before us may just have fetched what we need.
        let now = clock.now();
        if let Some(key) = self.fresh_key(kid, now, policy) {
            return Ok(key);
        }
        if self.may_fetch(now, policy) {
            // The outcome is read back from the cache below; a failure leaves the old keys in place.
            let _ = self.fetch(now).await;
        }
        let state = self.state.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(key) = state.keys.get(kid) {
            return Ok(Arc::clone(key));
        }
        if state.fetched_at.is_none() {
            return Err(VerifyError::JwksUnavailable(
                state
                    .last_error
                    .clone()
                    .unwrap_or_else(|| format!("{} not fetched yet", self.url)),
            ));
        }
        Err(VerifyError::UnknownKid(kid.to_owned()))
    }

    /// Fetch now, ignoring the rate limit (but not running concurrently with another fetch).
    pub(crate) async fn refresh(&self, now: SystemTime) -> Result<(), VerifyError> {
        let _one_request_at_a_time = self.single_flight.lock().await;
        self.fetch(now).await
    }

    fn fresh_key(
        &self,
        kid: &str,
        now: SystemTime,
        policy: CachePolicy,
    ) -> Option<Arc<VerifyingKey>> {
        let state = self.state.read().unwrap_or_else(PoisonError::into_inner);
        let fetched_at = state.fetched_at?;
        if !elapsed_less_than(fetched_at, now, policy.max_age) {
            return None;
        }
        state.keys.get(kid).cloned()
    }

    fn may_fetch(&self, now: SystemTime, policy: CachePolicy) -> bool {
        let state = self.state.read().unwrap_or_else(PoisonError::into_inner);
        state
            .last_attempt
            .is_none_or(|last| !elapsed_less_than(last, now, policy.refetch_interval))
    }

    /// One request; the cache records the attempt, and the keys on success or the error on failure.
    async fn fetch(&self, now: SystemTime) -> Result<(), VerifyError> {
        self.state
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .last_attempt = Some(now);
        let outcome = self.request().await;
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        match outcome {
            Ok(keys) => {
                state.keys = keys;
                state.fetched_at = Some(now);
                state.last_error = None;
                Ok(())
            }
            Err(message) => {
                state.last_error = Some(message.clone());
                Err(VerifyError::JwksUnavailable(message))
            }
        }
    }

    async fn request(&self) -> Result<KeyMap, String> {
        let response = self
            .http
            .get(&self.url)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| format!("GET {}: {e}", self.url))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("GET {}: HTTP {status}", self.url));
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| format!("GET {}: {e}", self.url))?;
        keys_from_jwks_json(&body).map_err(|e| format!("GET {}: {e}", self.url))
    }
}

/// `now - since < limit`; a clock that went backwards counts as "long enough ago", so a clock
/// jump can delay neither expiry of the cache nor the next allowed refetch.
fn elapsed_less_than(since: SystemTime, now: SystemTime, limit: std::time::Duration) -> bool {
    now.duration_since(since)
        .is_ok_and(|elapsed| elapsed < limit)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests fail loudly on purpose
mod tests {
    use super::*;
    use aws_lc_rs::encoding::AsDer;
    use aws_lc_rs::rsa::{KeyPair, KeySize};
    use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};

    fn b64url(bytes: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    fn signed(key_pair: &KeyPair, message: &[u8]) -> Vec<u8> {
        let mut signature = vec![0; key_pair.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        key_pair
            .sign(&RSA_PKCS1_SHA256, &rng, message, &mut signature)
            .unwrap();
        signature
    }

    #[test]
    fn jwk_and_pem_forms_of_one_key_verify_the_same_signature() {
        let key_pair = KeyPair::generate(KeySize::Rsa2048).unwrap();
        let public = key_pair.public_key();
        let signature = signed(&key_pair, b"a.b");

        let from_jwk = VerifyingKey::from_jwk_components(
            &b64url(public.modulus().big_endian_without_leading_zero()),
            &b64url(public.exponent().big_endian_without_leading_zero()),
        )
        .unwrap();
        assert!(from_jwk.verify(b"a.b", &signature));
        assert!(!from_jwk.verify(b"a.c", &signature));

        let spki = public.as_der().unwrap();
        let pem = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(spki.as_ref())
        );
        assert!(VerifyingKey::from_pem(&pem)
            .unwrap()
            .verify(b"a.b", &signature));

        let pkcs1 = format!(
            "-----BEGIN RSA PUBLIC KEY-----\n{}\n-----END RSA PUBLIC KEY-----",
            base64::engine::general_purpose::STANDARD.encode(public.as_ref())
        );
        assert!(VerifyingKey::from_pem(&pkcs1)
            .unwrap()
            .verify(b"a.b", &signature));
    }

    #[test]
    fn private_keys_small_keys_and_garbage_are_refused() {
        let private = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
        assert!(matches!(
            VerifyingKey::from_pem(private),
            Err(VerifyError::InvalidKey(_))
        ));
        assert!(matches!(
            VerifyingKey::from_pem("hello"),
            Err(VerifyError::InvalidKey(_))
        ));
        assert!(matches!(
            VerifyingKey::from_components(&[0xc5; 128], &[1, 0, 1]),
            Err(VerifyError::InvalidKey(_))
        ));
    }

    #[test]
    fn lenient_jwks_skips_unusable_keys() {
        let key_pair = KeyPair::generate(KeySize::Rsa2048).unwrap();
        let public = key_pair.public_key();
        let n = b64url(public.modulus().big_endian_without_leading_zero());
        let json = serde_json::json!({"keys": [
            {"kid": "ins_ok", "kty": "RSA", "alg": "RS256", "use": "sig", "n": n, "e": "AQAB"},
            {"kid": "ins_no_alg", "kty": "RSA", "n": n, "e": "AQAB"},
            {"kid": "ins_ps", "kty": "RSA", "alg": "PS256", "n": n, "e": "AQAB"},
            {"kid": "ins_enc", "kty": "RSA", "use": "enc", "n": n, "e": "AQAB"},
            {"kid": "ins_ec", "kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"},
            {"kty": "RSA", "n": n, "e": "AQAB"},
            {"kid": "ins_broken", "kty": "RSA", "n": "!!", "e": "AQAB"}
        ]});
        let keys = keys_from_jwks_json(json.to_string().as_bytes()).unwrap();
        let mut kids: Vec<_> = keys.keys().cloned().collect();
        kids.sort();
        assert_eq!(kids, ["ins_no_alg", "ins_ok"]);
        assert!(keys_from_jwks_json(b"[]").is_err());
    }

    #[test]
    fn backwards_clock_counts_as_elapsed() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(100);
        let limit = std::time::Duration::from_secs(10);
        assert!(elapsed_less_than(
            t,
            t + std::time::Duration::from_secs(9),
            limit
        ));
        assert!(!elapsed_less_than(t, t + limit, limit));
        assert!(!elapsed_less_than(
            t,
            t - std::time::Duration::from_secs(1),
            limit
        ));
    }
}
