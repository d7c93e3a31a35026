//! Every way a session token is rejected, each with its own error, and the valid token read back.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use common::{claims, key, options, org_claims, TestKey, APP_ORIGIN, ISSUER, NOW};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use tessera_backend::{
    verify_token, Auth, Authorization, ManualClock, Verifier, VerifyError, VerifyOptions,
};

fn verifier() -> Verifier {
    Verifier::from_jwks(options(), &common::core_jwks(&[key()])).unwrap()
}

async fn verify(token: &str) -> Result<tessera_backend::SessionClaims, VerifyError> {
    verifier().verify(token).await
}

fn with(mut claims: Value, field: &str, value: Value) -> Value {
    claims[field] = value;
    claims
}

/// HS256 over the token's claims with `secret` as the HMAC key: the classic algorithm-confusion
/// forgery, which succeeds against verifiers that let the header pick the algorithm.
fn hs256_forgery(secret: &[u8]) -> String {
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(key().kid.clone());
    jsonwebtoken::encode(&header, &claims(), &EncodingKey::from_secret(secret)).unwrap()
}

#[tokio::test]
async fn a_valid_token_is_accepted_and_its_claims_read_back() {
    let claims = verify(&key().token(&common::claims())).await.unwrap();
    assert_eq!(claims.sub, "user_2abcDEFghiJKLmnoPQRstuVWxyz");
    assert_eq!(claims.sid, "sess_2abcDEFghiJKLmnoPQRstuVWxyz");
    assert_eq!(claims.iss, ISSUER);
    assert_eq!(claims.azp.as_deref(), Some(APP_ORIGIN));
    assert_eq!(claims.exp, NOW + 60);
    assert_eq!(claims.v, 2);
    assert_eq!(claims.fva, [0, -1]);
    assert_eq!(claims.sts, "active");
    assert!(claims.o.is_none() && claims.act.is_none());
}

#[tokio::test]
async fn alg_none_is_rejected() {
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(json!({"alg": "none", "kid": key().kid}).to_string()),
        URL_SAFE_NO_PAD.encode(claims().to_string())
    );
    assert_eq!(
        verify(&unsigned).await,
        Err(VerifyError::UnsupportedAlgorithm("none".into()))
    );
    // Same with a signature appended, and with the other spellings libraries have accepted.
    let signed_none = key().sign_raw(
        &json!({"alg": "None", "kid": key().kid}).to_string(),
        &claims().to_string(),
    );
    assert_eq!(
        verify(&signed_none).await,
        Err(VerifyError::UnsupportedAlgorithm("None".into()))
    );
}

#[tokio::test]
async fn hs256_signed_with_the_public_key_pem_is_rejected() {
    let forged = hs256_forgery(key().public_pem().as_bytes());
    assert_eq!(
        verify(&forged).await,
        Err(VerifyError::UnsupportedAlgorithm("HS256".into()))
    );
}

#[tokio::test]
async fn hs256_signed_with_the_public_key_der_is_rejected() {
    let forged = hs256_forgery(&key().public_der());
    assert_eq!(
        verify(&forged).await,
        Err(VerifyError::UnsupportedAlgorithm("HS256".into()))
    );
}

#[tokio::test]
async fn an_hmac_signature_relabelled_rs256_fails_the_signature_check() {
    let forged = hs256_forgery(key().public_pem().as_bytes());
    let (_, rest) = forged.split_once('.').unwrap();
    let header = URL_SAFE_NO_PAD.encode(json!({"alg": "RS256", "kid": key().kid}).to_string());
    assert_eq!(
        verify(&format!("{header}.{rest}")).await,
        Err(VerifyError::InvalidSignature)
    );
}

#[tokio::test]
async fn other_asymmetric_algorithms_are_rejected() {
    for alg in ["RS384", "RS512", "PS256", "ES256", "EdDSA", "rs256"] {
        let token = key().sign_raw(
            &json!({"alg": alg, "kid": key().kid}).to_string(),
            &claims().to_string(),
        );
        assert_eq!(
            verify(&token).await,
            Err(VerifyError::UnsupportedAlgorithm(alg.into())),
            "{alg}"
        );
    }
}

#[tokio::test]
async fn an_expired_token_is_rejected() {
    let token = key().token(&with(claims(), "exp", json!(NOW - 6)));
    assert_eq!(
        verify(&token).await,
        Err(VerifyError::Expired {
            expired_at: NOW - 6
        })
    );
    // Within the default 5 s skew it still passes.
    let token = key().token(&with(claims(), "exp", json!(NOW - 4)));
    assert!(verify(&token).await.is_ok());
}

#[tokio::test]
async fn a_token_not_yet_valid_is_rejected() {
    let token = key().token(&with(claims(), "nbf", json!(NOW + 30)));
    assert_eq!(
        verify(&token).await,
        Err(VerifyError::NotYetValid {
            not_before: NOW + 30
        })
    );
}

#[tokio::test]
async fn the_clock_skew_is_configurable() {
    let strict = Verifier::from_jwks(
        options().with_clock_skew(Duration::ZERO),
        &common::core_jwks(&[key()]),
    )
    .unwrap();
    let token = key().token(&with(claims(), "exp", json!(NOW - 1)));
    assert!(matches!(
        strict.verify(&token).await,
        Err(VerifyError::Expired { .. })
    ));
    let lenient = Verifier::from_jwks(
        options().with_clock_skew(Duration::from_secs(120)),
        &common::core_jwks(&[key()]),
    )
    .unwrap();
    let token = key().token(&with(claims(), "exp", json!(NOW - 100)));
    assert!(lenient.verify(&token).await.is_ok());
}

#[tokio::test]
async fn a_wrong_issuer_is_rejected() {
    let token = key().token(&with(claims(), "iss", json!("https://evil.example")));
    assert_eq!(
        verify(&token).await,
        Err(VerifyError::IssuerMismatch {
            expected: ISSUER.into(),
            found: "https://evil.example".into()
        })
    );
}

#[tokio::test]
async fn a_wrong_authorized_party_is_rejected() {
    let verifier = Verifier::from_jwks(
        options().with_authorized_parties([APP_ORIGIN, "https://app.example"]),
        &common::core_jwks(&[key()]),
    )
    .unwrap();
    assert!(verifier.verify(&key().token(&claims())).await.is_ok());
    let token = key().token(&with(claims(), "azp", json!("https://evil.example")));
    assert_eq!(
        verifier.verify(&token).await,
        Err(VerifyError::UnauthorizedParty {
            azp: Some("https://evil.example".into())
        })
    );
    // Without configured parties, any azp passes.
    assert!(verify(&token).await.is_ok());
}

#[tokio::test]
async fn an_unknown_kid_is_rejected() {
    let stranger = TestKey::generate("ins_stranger");
    assert_eq!(
        verify(&stranger.token(&claims())).await,
        Err(VerifyError::UnknownKid("ins_stranger".into()))
    );
}

#[tokio::test]
async fn a_missing_kid_is_rejected() {
    let token = key().sign_raw(r#"{"alg":"RS256","typ":"JWT"}"#, &claims().to_string());
    assert_eq!(verify(&token).await, Err(VerifyError::MissingKid));
}

#[tokio::test]
async fn a_key_signing_under_another_keys_kid_is_rejected() {
    let impostor = TestKey::generate(&key().kid);
    assert_eq!(
        verify(&impostor.token(&claims())).await,
        Err(VerifyError::InvalidSignature)
    );
}

#[tokio::test]
async fn a_tampered_payload_is_rejected() {
    let token = key().token(&claims());
    let parts: Vec<&str> = token.split('.').collect();
    let promoted = with(claims(), "sub", json!("user_admin"));
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(promoted.to_string()),
        parts[2]
    );
    assert_eq!(verify(&tampered).await, Err(VerifyError::InvalidSignature));
    // One flipped signature byte too.
    let mut signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    signature[17] ^= 1;
    let flipped = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        URL_SAFE_NO_PAD.encode(signature)
    );
    assert_eq!(verify(&flipped).await, Err(VerifyError::InvalidSignature));
}

#[tokio::test]
async fn malformed_tokens_are_rejected() {
    let token = key().token(&claims());
    let parts: Vec<&str> = token.split('.').collect();
    let not_json_header = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode("{not json"),
        parts[1],
        parts[2]
    );
    for bad in [
        String::new(),
        "not-a-jwt".to_owned(),
        format!("{}.{}", parts[0], parts[1]),
        format!("{token}.extra"),
        format!("{}.%%%.{}", parts[0], parts[2]),
        format!("***.{}.{}", parts[1], parts[2]),
        format!("{}.{}.&&&", parts[0], parts[1]),
        not_json_header,
    ] {
        assert!(
            matches!(verify(&bad).await, Err(VerifyError::Malformed(_))),
            "{bad:?}"
        );
    }
    // A payload that is not JSON, correctly signed.
    let signed_garbage = key().sign_raw(
        &json!({"alg": "RS256", "kid": key().kid}).to_string(),
        "this is not json",
    );
    assert!(matches!(
        verify(&signed_garbage).await,
        Err(VerifyError::Malformed(_))
    ));
}

#[tokio::test]
async fn json_that_is_not_session_claims_is_rejected() {
    let mut no_sub = claims();
    no_sub.as_object_mut().unwrap().remove("sub");
    assert!(matches!(
        verify(&key().token(&no_sub)).await,
        Err(VerifyError::InvalidClaims(_))
    ));
    let string_exp = with(claims(), "exp", json!("tomorrow"));
    assert!(matches!(
        verify(&key().token(&string_exp)).await,
        Err(VerifyError::InvalidClaims(_))
    ));
}

#[tokio::test]
async fn org_claims_become_role_permissions_and_has() {
    let auth = Auth::from(verify(&key().token(&org_claims())).await.unwrap());
    assert_eq!(auth.user_id, "user_2abcDEFghiJKLmnoPQRstuVWxyz");
    assert_eq!(auth.session_id, "sess_2abcDEFghiJKLmnoPQRstuVWxyz");
    assert_eq!(auth.org_id.as_deref(), Some("org_1"));
    assert_eq!(auth.org_slug.as_deref(), Some("acme"));
    assert_eq!(auth.org_role.as_deref(), Some("org:admin"));
    let mut permissions = auth.org_permissions.clone();
    permissions.sort();
    assert_eq!(
        permissions,
        [
            "org:sys_memberships:manage",
            "org:sys_memberships:read",
            "org:sys_profile:delete",
            "org:sys_profile:manage",
        ]
    );
    assert!(auth.has(&Authorization::Role("org:admin".into())));
    assert!(!auth.has(&Authorization::Role("org:member".into())));
    assert!(auth.has(&Authorization::Permission(
        "org:sys_memberships:manage".into()
    )));
    assert!(!auth.has(&Authorization::Permission("org:sys_billing:manage".into())));
}

#[tokio::test]
async fn the_act_claim_becomes_the_actor() {
    let impersonated = with(
        claims(),
        "act",
        json!({"sub": "user_support", "iss": "https://dashboard.example"}),
    );
    let auth = Auth::from(verify(&key().token(&impersonated)).await.unwrap());
    let actor = auth.actor.unwrap();
    assert_eq!(actor.sub, "user_support");
    assert_eq!(actor.extra["iss"], "https://dashboard.example");
    let plain = Auth::from(verify(&key().token(&claims())).await.unwrap());
    assert!(plain.actor.is_none());
}

#[tokio::test]
async fn a_pem_key_verifies_without_a_jwks_whatever_the_kid() {
    let verifier = Verifier::from_pem(options(), &key().public_pem()).unwrap();
    assert!(verifier.verify(&key().token(&claims())).await.is_ok());
    let no_kid = key().sign_raw(r#"{"alg":"RS256"}"#, &claims().to_string());
    assert!(verifier.verify(&no_kid).await.is_ok());
    let other = TestKey::generate("ins_other");
    assert_eq!(
        verifier.verify(&other.token(&claims())).await,
        Err(VerifyError::InvalidSignature)
    );
    // The one-shot function reads the same option and needs no network.
    let options = options().with_jwt_key(key().public_pem());
    assert!(verify_token(&key().token(&claims()), &options)
        .await
        .is_ok());
}

#[tokio::test]
async fn a_jwks_document_and_the_core_type_build_the_same_verifier() {
    let json = common::jwks_of(&[key()]).to_string();
    let verifier = Verifier::from_jwks_json(options(), &json).unwrap();
    assert!(verifier.verify(&key().token(&claims())).await.is_ok());
    assert!(matches!(
        Verifier::from_jwks_json(options(), r#"{"keys":[]}"#),
        Err(VerifyError::InvalidKey(_))
    ));
    assert!(matches!(
        Verifier::from_pem(
            options(),
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"
        ),
        Err(VerifyError::InvalidKey(_))
    ));
}

#[tokio::test]
async fn a_token_minted_by_jsonwebtoken_verifies() {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(key().kid.clone());
    let encoding_key = EncodingKey::from_rsa_pem(key().private_pem().as_bytes()).unwrap();
    let token = jsonwebtoken::encode(&header, &org_claims(), &encoding_key).unwrap();
    let claims = verify(&token).await.unwrap();
    assert_eq!(claims.o.unwrap().slg, "acme");
}

#[tokio::test]
async fn time_comes_from_the_injected_clock() {
    let clock = ManualClock::at_unix(NOW as u64);
    let verifier = Verifier::from_jwks(
        VerifyOptions::new(ISSUER).with_clock(clock.clone()),
        &common::core_jwks(&[key()]),
    )
    .unwrap();
    let token = key().token(&claims());
    assert!(verifier.verify(&token).await.is_ok());
    clock.advance(Duration::from_secs(65));
    assert!(matches!(
        verifier.verify(&token).await,
        Err(VerifyError::Expired { .. })
    ));
}
