//! JWT templates from the config file: tokens verify with `tessera-backend` and with an independent
//! JWT library (jsonwebtoken), carry the rendered claims, follow the active organization, and last
//! as long as the template says.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::app::{config, Harness};
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::{json, Value};
use tessera_backend::{Verifier, VerifyOptions};
use tessera_server::{InstanceConfig, JwtTemplate};

fn templates() -> Vec<JwtTemplate> {
    let toml = r#"
        [[jwt_templates]]
        name = "convex"
        preset = "convex"

        [[jwt_templates]]
        name = "nhost"
        preset = "nhost"
        lifetime_seconds = 3600

        [[jwt_templates]]
        name = "custom"
        allowed_clock_skew_seconds = 30
        claims = { greeting = "Hello {{user.first_name}}", plan = "{{user.public_metadata.plan || 'free'}}", org = "{{org.slug || 'personal'}}", role = "{{org.role}}", meta = "{{user.unsafe_metadata}}" }
    "#;
    let config: InstanceConfig = toml::from_str(toml).unwrap();
    config.validate().unwrap();
    config.jwt_templates
}

async fn template_token(h: &mut Harness, session: &str, name: &str) -> (String, Value) {
    let a = h
        .form(
            "POST",
            &format!("/v1/client/sessions/{session}/tokens/{name}"),
            "",
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let jwt = a.body["jwt"].as_str().unwrap().to_owned();
    let jwks: Value = h.form("GET", "/.well-known/jwks.json", "").await.body;
    let kid = decode_header(&jwt).unwrap().kid.unwrap();
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .unwrap();
    let key =
        DecodingKey::from_rsa_components(jwk["n"].as_str().unwrap(), jwk["e"].as_str().unwrap())
            .unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_aud = false;
    validation.set_issuer(&["http://127.0.0.1:4000"]);
    let claims = decode::<Value>(&jwt, &key, &validation)
        .expect("jsonwebtoken verifies the template token")
        .claims;
    (jwt, claims)
}

#[tokio::test]
async fn template_tokens_render_claims_and_verify() {
    let mut h = Harness::new(InstanceConfig {
        jwt_templates: templates(),
        ..config()
    });
    let (_, session) = h.signed_in("tpl+clerk_test@example.com").await;
    h.form(
        "PATCH",
        "/v1/me",
        "first_name=Ada&last_name=Lovelace&unsafe_metadata=%7B%22theme%22%3A%22dark%22%7D",
    )
    .await;

    let (jwt, convex) = template_token(&mut h, &session, "convex").await;
    assert_eq!(convex["aud"], "convex");
    assert_eq!(convex["name"], "Ada Lovelace");
    assert_eq!(convex["email"], "tpl+clerk_test@example.com");
    assert_eq!(
        convex["email_verified"], true,
        "a whole-value shortcode keeps its boolean type"
    );
    assert_eq!(
        convex["exp"].as_i64().unwrap() - convex["iat"].as_i64().unwrap(),
        60
    );
    assert!(convex["sub"].as_str().unwrap().starts_with("user_"));
    // tessera-backend accepts it too (issuer, signature, time).
    let jwks = h
        .form("GET", "/.well-known/jwks.json", "")
        .await
        .body
        .to_string();
    let verifier =
        Verifier::from_jwks_json(VerifyOptions::new("http://127.0.0.1:4000"), &jwks).unwrap();
    let verified = verifier.verify(&jwt).await.unwrap();
    assert_eq!(verified.sub, convex["sub"].as_str().unwrap());

    let (_, nhost) = template_token(&mut h, &session, "nhost").await;
    let hasura = &nhost["https://hasura.io/jwt/claims"];
    assert_eq!(hasura["x-hasura-user-id"], convex["sub"]);
    assert_eq!(hasura["x-hasura-default-role"], "user");
    assert_eq!(hasura["x-hasura-allowed-roles"], json!(["user"]));
    assert_eq!(
        nhost["exp"].as_i64().unwrap() - nhost["iat"].as_i64().unwrap(),
        3600
    );

    let (_, custom) = template_token(&mut h, &session, "custom").await;
    assert_eq!(custom["greeting"], "Hello Ada");
    assert_eq!(custom["plan"], "free", "fallback literal");
    assert_eq!(custom["org"], "personal");
    assert!(custom["role"].is_null());
    assert_eq!(
        custom["meta"],
        json!({"theme": "dark"}),
        "an object stays an object"
    );
    assert_eq!(
        custom["iat"].as_i64().unwrap() - custom["nbf"].as_i64().unwrap(),
        30
    );

    // In an organization, org shortcodes fill in.
    let org = h.form("POST", "/v1/organizations", "name=Acme").await;
    let org_id = org.body["response"]["id"].as_str().unwrap().to_owned();
    h.form(
        "POST",
        &format!("/v1/client/sessions/{session}/touch"),
        &format!("active_organization_id={org_id}"),
    )
    .await;
    let (_, in_org) = template_token(&mut h, &session, "custom").await;
    assert_eq!(in_org["org"], "acme");
    assert_eq!(in_org["role"], "org:admin");

    h.form(
        "POST",
        &format!("/v1/client/sessions/{session}/tokens/unknown"),
        "",
    )
    .await
    .refused(404, "resource_not_found");
    h.form("POST", &format!("/v1/client/sessions/{session}/end"), "")
        .await;
    h.form(
        "POST",
        &format!("/v1/client/sessions/{session}/tokens/convex"),
        "",
    )
    .await
    .refused(401, "signed_out");
}

#[test]
fn config_refuses_bad_templates() {
    for bad in [
        "[[jwt_templates]]\nname = \"x\"\nclaims = { sub = \"override\" }",
        "[[jwt_templates]]\nname = \"x\"\npreset = \"firebase\"",
        "[[jwt_templates]]\nname = \"bad name\"",
        "[[jwt_templates]]\nname = \"a\"\n[[jwt_templates]]\nname = \"a\"",
    ] {
        let config: InstanceConfig = toml::from_str(bad).unwrap();
        assert!(config.validate().is_err(), "{bad}");
    }
}
