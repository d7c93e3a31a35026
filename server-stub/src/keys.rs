//! Session-token signing keys: RSA-2048, generated on first start, persisted, parsed once.
//!
//! Tokens are signed here with aws-lc-rs directly rather than through `jsonwebtoken::encode`:
//! jsonwebtoken 11 re-parses the DER private key on every signature (`RsaKeyPair::from_der` per
//! call), which costs more than the signature itself. We keep the parsed `RsaKeyPair` and the
//! encoded JWT header, so minting a token is one JSON encode plus one RSA signature.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeySize, PublicKeyComponents};
use aws_lc_rs::signature::{KeyPair, RsaKeyPair, RSA_PKCS1_SHA256};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::Serialize;
use tessera_core::{Jwk, Jwks};

use crate::error::{FapiError, FapiResult};
use crate::store::Db;

/// One signing key, ready to sign.
#[derive(Debug)]
pub struct SigningKey {
    kid: String,
    key_pair: RsaKeyPair,
    /// `base64url({"alg":"RS256","kid":…,"typ":"JWT"})`, computed once.
    encoded_header: String,
    jwk: Jwk,
}

impl SigningKey {
    /// Parse a PKCS#8 DER private key.
    pub fn from_pkcs8(kid: &str, pkcs8: &[u8]) -> FapiResult<Self> {
        let key_pair = RsaKeyPair::from_pkcs8(pkcs8)
            .map_err(|e| FapiError::internal(&format!("signing key {kid}: {e}")))?;
        let components = PublicKeyComponents::<Vec<u8>>::from(key_pair.public_key());
        let jwk = Jwk {
            kid: kid.to_owned(),
            alg: "RS256".to_owned(),
            use_: "sig".to_owned(),
            kty: "RSA".to_owned(),
            n: URL_SAFE_NO_PAD.encode(&components.n),
            e: URL_SAFE_NO_PAD.encode(&components.e),
        };
        let header = serde_json::json!({"alg": "RS256", "kid": kid, "typ": "JWT"});
        let encoded_header = URL_SAFE_NO_PAD.encode(header.to_string());
        Ok(Self {
            kid: kid.to_owned(),
            key_pair,
            encoded_header,
            jwk,
        })
    }

    /// Generate a new RSA-2048 key; returns it with its PKCS#8 DER encoding for storage.
    pub fn generate() -> FapiResult<(Self, Vec<u8>)> {
        let key_pair =
            RsaKeyPair::generate(KeySize::Rsa2048).map_err(|e| FapiError::internal(&e))?;
        let der = key_pair
            .as_der()
            .map_err(|e| FapiError::internal(&e))?
            .as_ref()
            .to_vec();
        let kid = crate::random::id(tessera_core::ids::SIGNING_KEY);
        Ok((Self::from_pkcs8(&kid, &der)?, der))
    }

    /// The key id (`kid` header).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Sign claims into a compact RS256 JWT.
    pub fn sign<C: Serialize>(&self, claims: &C) -> FapiResult<String> {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims)?);
        let mut jwt = String::with_capacity(self.encoded_header.len() + payload.len() + 350);
        jwt.push_str(&self.encoded_header);
        jwt.push('.');
        jwt.push_str(&payload);
        let mut signature = vec![0u8; self.key_pair.public_modulus_len()];
        self.key_pair
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                jwt.as_bytes(),
                &mut signature,
            )
            .map_err(|e| FapiError::internal(&e))?;
        jwt.push('.');
        URL_SAFE_NO_PAD.encode_string(&signature, &mut jwt);
        Ok(jwt)
    }
}

/// The instance's keys: the newest signs, all are published in the JWKS.
#[derive(Debug)]
pub struct SigningKeys {
    keys: Vec<SigningKey>,
}

impl SigningKeys {
    /// Load the stored keys, generating and storing the first one if there is none.
    pub fn load_or_create(db: &Db, now: i64) -> FapiResult<Self> {
        db.transaction(|store| {
            let mut keys = store
                .signing_keys()?
                .iter()
                .map(|(kid, der)| SigningKey::from_pkcs8(kid, der))
                .collect::<FapiResult<Vec<_>>>()?;
            if keys.is_empty() {
                let (key, der) = SigningKey::generate()?;
                store.insert_signing_key(key.kid(), &der, now)?;
                keys.push(key);
            }
            Ok(Self { keys })
        })
    }

    /// The key that signs new tokens.
    pub fn active(&self) -> &SigningKey {
        // `load_or_create` guarantees at least one key.
        &self.keys[self.keys.len() - 1]
    }

    /// The public keys, for `/.well-known/jwks.json`.
    pub fn jwks(&self) -> Jwks {
        Jwks {
            keys: self.keys.iter().map(|k| k.jwk.clone()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};

    #[test]
    fn signs_tokens_that_jsonwebtoken_verifies_with_the_jwk() {
        let (key, der) = SigningKey::generate().unwrap();
        let claims = serde_json::json!({"sub": "user_1", "exp": 4_000_000_000u64});
        let jwt = key.sign(&claims).unwrap();
        let header = decode_header(&jwt).unwrap();
        assert_eq!(header.kid.as_deref(), Some(key.kid()));
        assert_eq!(header.alg, Algorithm::RS256);
        let jwk = &key.jwk;
        let decoding = DecodingKey::from_rsa_components(&jwk.n, &jwk.e).unwrap();
        let mut validation = Validation::new(Algorithm::RS256);
        validation.validate_aud = false;
        let data = decode::<serde_json::Value>(&jwt, &decoding, &validation).unwrap();
        assert_eq!(data.claims["sub"], "user_1");
        // 2048-bit modulus (256 bytes), as @clerk/backend requires.
        assert_eq!(URL_SAFE_NO_PAD.decode(&jwk.n).unwrap().len(), 256);
        // The stored form parses back to the same public key.
        let again = SigningKey::from_pkcs8(key.kid(), &der).unwrap();
        assert_eq!(again.jwk, key.jwk);
    }

    #[test]
    fn keys_persist_across_loads() {
        let db = Db::open(":memory:").unwrap();
        let first = SigningKeys::load_or_create(&db, 0).unwrap();
        let second = SigningKeys::load_or_create(&db, 1).unwrap();
        assert_eq!(first.jwks(), second.jwks());
        assert_eq!(first.jwks().keys.len(), 1);
    }
}
