//! Keys, token minting and a JWKS server shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used)] // each test binary uses a different subset; tests fail loudly

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};
use tessera_backend::{Jwks, ManualClock, VerifyOptions};

/// The Frontend API URL networkless tests use as issuer.
pub(crate) const ISSUER: &str = "http://127.0.0.1:4000";
/// The app origin tokens are minted for.
pub(crate) const APP_ORIGIN: &str = "http://localhost:3000";
/// "Now" of the tests: 2026-01-01T00:00:00Z.
pub(crate) const NOW: i64 = 1_767_225_600;

/// An RSA-2048 signing key with its `kid`, as the server keeps one.
pub(crate) struct TestKey {
    pub(crate) kid: String,
    pub(crate) key_pair: KeyPair,
}

impl TestKey {
    pub(crate) fn generate(kid: &str) -> Self {
        Self {
            kid: kid.to_owned(),
            key_pair: KeyPair::generate(KeySize::Rsa2048).unwrap(),
        }
    }

    /// The public key as a JWKS entry.
    pub(crate) fn jwk(&self) -> Value {
        let public = self.key_pair.public_key();
        json!({
            "kid": self.kid,
            "alg": "RS256",
            "use": "sig",
            "kty": "RSA",
            "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
            "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
        })
    }

    /// SubjectPublicKeyInfo DER of the public key.
    pub(crate) fn public_der(&self) -> Vec<u8> {
        self.key_pair
            .public_key()
            .as_der()
            .unwrap()
            .as_ref()
            .to_vec()
    }

    /// `-----BEGIN PUBLIC KEY-----` PEM of the public key (what Clerk calls the `jwtKey`).
    pub(crate) fn public_pem(&self) -> String {
        let body = STANDARD.encode(self.public_der());
        let lines: Vec<&str> = body
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            lines.join("\n")
        )
    }

    /// `-----BEGIN PRIVATE KEY-----` PKCS#8 PEM, for minting with other libraries.
    pub(crate) fn private_pem(&self) -> String {
        let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&self.key_pair).unwrap();
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(der.as_ref())
        )
    }

    /// RS256-sign `header.payload` (both given as JSON) into a compact JWT.
    pub(crate) fn sign_raw(&self, header: &str, payload: &str) -> String {
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let mut signature = vec![0; self.key_pair.public_modulus_len()];
        self.key_pair
            .sign(
                &RSA_PKCS1_SHA256,
                &aws_lc_rs::rand::SystemRandom::new(),
                signing_input.as_bytes(),
                &mut signature,
            )
            .unwrap();
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// A session token with these claims and this key's `kid`, as the server mints it.
    pub(crate) fn token(&self, claims: &Value) -> String {
        let header = json!({"alg": "RS256", "kid": self.kid, "typ": "JWT"});
        self.sign_raw(&header.to_string(), &claims.to_string())
    }
}

/// One key for the whole test binary (RSA key generation is the slow part).
pub(crate) fn key() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(|| TestKey::generate("ins_test_1"))
}

/// Realistic v2 session claims issued at `now` by `issuer`, valid 60 s.
pub(crate) fn claims_at(issuer: &str, now: i64) -> Value {
    json!({
        "azp": APP_ORIGIN,
        "exp": now + 60,
        "fva": [0, -1],
        "iat": now,
        "iss": issuer,
        "jti": "6a1b2c3d4e5f60718293",
        "nbf": now - 10,
        "sid": "sess_2abcDEFghiJKLmnoPQRstuVWxyz",
        "sts": "active",
        "sub": "user_2abcDEFghiJKLmnoPQRstuVWxyz",
        "v": 2,
    })
}

/// [`claims_at`] for the networkless issuer at [`NOW`].
pub(crate) fn claims() -> Value {
    claims_at(ISSUER, NOW)
}

/// Claims of a member of `org_1` with an active organization: `org:admin` with four permissions.
pub(crate) fn org_claims() -> Value {
    let mut claims = claims();
    claims["o"] = json!({"id": "org_1", "slg": "acme", "rol": "admin", "per": "manage,delete,read", "fpm": "3,5"});
    claims["fea"] = json!("o:sys_profile,o:sys_memberships");
    claims
}

/// The JWKS document serving these keys.
pub(crate) fn jwks_of(keys: &[&TestKey]) -> Value {
    json!({"keys": keys.iter().map(|k| k.jwk()).collect::<Vec<_>>()})
}

/// Options for the networkless issuer with the clock at [`NOW`].
pub(crate) fn options() -> VerifyOptions {
    VerifyOptions::new(ISSUER).with_clock(ManualClock::at_unix(NOW as u64))
}

/// The core `Jwks` type for these keys.
pub(crate) fn core_jwks(keys: &[&TestKey]) -> Jwks {
    serde_json::from_value(jwks_of(keys)).unwrap()
}

/// A tiny Frontend API stand-in serving `/.well-known/jwks.json` on 127.0.0.1, counting requests.
pub(crate) struct JwksServer {
    pub(crate) url: String,
    hits: Arc<AtomicUsize>,
    jwks: Arc<Mutex<(u16, Value)>>,
}

impl JwksServer {
    pub(crate) async fn start(jwks: Value) -> Self {
        let hits = Arc::new(AtomicUsize::new(0));
        let served = Arc::new(Mutex::new((200, jwks)));
        let app = axum::Router::new().route(
            "/.well-known/jwks.json",
            axum::routing::get({
                let hits = Arc::clone(&hits);
                let served = Arc::clone(&served);
                move || async move {
                    hits.fetch_add(1, Ordering::SeqCst);
                    let (status, body) = served.lock().unwrap().clone();
                    (
                        axum::http::StatusCode::from_u16(status).unwrap(),
                        axum::Json(body),
                    )
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self {
            url,
            hits,
            jwks: served,
        }
    }

    /// How many JWKS requests the server has answered.
    pub(crate) fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// Serve another JWKS from now on (key rotation).
    pub(crate) fn serve(&self, jwks: Value) {
        *self.jwks.lock().unwrap() = (200, jwks);
    }

    /// Answer with this error status from now on (an outage).
    pub(crate) fn fail_with(&self, status: u16) {
        self.jwks.lock().unwrap().0 = status;
    }
}
