//! Bad input on every endpoint gets a 4xx with the error envelope and a code — never a 5xx.
//! Driven in-process through the router (`tower::ServiceExt::oneshot`), no sockets.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

mod common;

use axum::body::Body;
use axum::http::{header, Request};
use common::app::{config, Harness};
use tessera_server::InstanceConfig;
use tower::ServiceExt;

#[tokio::test]
async fn sign_up_refuses_bad_fields() {
    let mut h = Harness::new(config());
    h.form("POST", "/v1/client/sign_ups", "email_address=not-an-email")
        .await
        .refused(422, "form_param_format_invalid")
        .param("email_address");
    h.form("POST", "/v1/client/sign_ups", "email_address=a@b")
        .await
        .refused(422, "form_param_format_invalid");
    h.form("POST", "/v1/client/sign_ups", "password=short")
        .await
        .refused(422, "form_password_length_too_short")
        .param("password");
    h.form(
        "POST",
        "/v1/client/sign_ups",
        &format!("password={}", "x".repeat(200)),
    )
    .await
    .refused(422, "form_password_length_too_long");
    h.form("POST", "/v1/client/sign_ups", "unsafe_metadata=[1,2]")
        .await
        .refused(422, "form_param_format_invalid")
        .param("unsafe_metadata");
    h.form(
        "POST",
        "/v1/client/sign_ups",
        &format!("first_name={}", "a".repeat(300)),
    )
    .await
    .refused(422, "form_param_format_invalid");
    h.form("POST", "/v1/client/sign_ups", "strategy=oauth_google")
        .await
        .refused(422, "form_param_value_invalid")
        .param("strategy");
    h.form("POST", "/v1/client/sign_ups", "phone_number=%2B15555550100")
        .await
        .refused(422, "form_param_unknown")
        .param("phone_number");
    // Wrong-typed JSON bodies and broken encodings.
    h.send("POST", "/v1/client/sign_ups", "[1,2,3]", "application/json")
        .await
        .refused(400, "request_body_invalid");
    h.send(
        "POST",
        "/v1/client/sign_ups",
        "{\"email_address\":",
        "application/json",
    )
    .await
    .refused(400, "request_body_invalid");
    h.send(
        "POST",
        "/v1/client/sign_ups",
        "{\"email_address\": 12}",
        "application/json",
    )
    .await
    .refused(422, "form_param_format_invalid");
    h.send(
        "POST",
        "/v1/client/sign_ups",
        "{\"password\": {\"a\": 1}}",
        "application/json",
    )
    .await
    .refused(422, "form_password_length_too_short");
    h.form(
        "POST",
        "/v1/client/sign_ups",
        &format!("first_name={}", "a".repeat(5000)),
    )
    .await
    .refused(413, "request_body_too_large");
    // JSON bodies are accepted when well-formed.
    let ok = h
        .send(
            "POST",
            "/v1/client/sign_ups",
            "{\"email_address\":\"json@example.com\",\"first_name\":\"Jay\"}",
            "application/json",
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["response"]["first_name"], "Jay");
    // A taken address.
    h.signed_in("taken+clerk_test@example.com").await;
    let mut other = Harness::new(config());
    other.signed_in("first+clerk_test@example.com").await;
    let mut h2 = Harness {
        app: other.app.clone(),
        cookie: None,
    };
    h2.form(
        "POST",
        "/v1/client/sign_ups",
        "email_address=FIRST%2Bclerk_test@example.com",
    )
    .await
    .refused(422, "form_identifier_exists");
}

#[tokio::test]
async fn sign_up_steps_refuse_bad_input() {
    let mut h = Harness::new(config());
    for (method, path) in [
        ("GET", "/v1/client/sign_ups/sua_unknown"),
        ("PATCH", "/v1/client/sign_ups/sua_unknown"),
        (
            "POST",
            "/v1/client/sign_ups/sua_unknown/prepare_verification",
        ),
        (
            "POST",
            "/v1/client/sign_ups/sua_unknown/attempt_verification",
        ),
    ] {
        h.form(method, path, "strategy=email_code&code=1")
            .await
            .refused(404, "resource_not_found");
    }
    let a = h
        .form(
            "POST",
            "/v1/client/sign_ups",
            "email_address=sam@example.com&password=long+enough+password",
        )
        .await;
    let id = a.body["response"]["id"].as_str().unwrap().to_owned();
    h.form(
        "POST",
        &format!("/v1/client/sign_ups/{id}/attempt_verification"),
        "strategy=email_code&code=123456",
    )
    .await
    .refused(422, "verification_missing");
    h.form(
        "POST",
        &format!("/v1/client/sign_ups/{id}/prepare_verification"),
        "",
    )
    .await
    .refused(422, "form_param_missing")
    .param("strategy");
    h.form(
        "POST",
        &format!("/v1/client/sign_ups/{id}/prepare_verification"),
        "strategy=phone_code",
    )
    .await
    .refused(422, "form_param_value_invalid");
    let ok = h
        .form(
            "POST",
            &format!("/v1/client/sign_ups/{id}/prepare_verification"),
            "strategy=email_code",
        )
        .await;
    assert_eq!(
        ok.body["response"]["verifications"]["email_address"]["strategy"],
        "email_code"
    );
    h.form(
        "POST",
        &format!("/v1/client/sign_ups/{id}/attempt_verification"),
        "strategy=email_code",
    )
    .await
    .refused(422, "form_param_missing")
    .param("code");
    // Wrong codes are counted; after five the verification fails for good.
    for _ in 0..5 {
        h.form(
            "POST",
            &format!("/v1/client/sign_ups/{id}/attempt_verification"),
            "strategy=email_code&code=000000",
        )
        .await
        .refused(422, "form_code_incorrect");
    }
    h.form(
        "POST",
        &format!("/v1/client/sign_ups/{id}/attempt_verification"),
        "strategy=email_code&code=000000",
    )
    .await
    .refused(422, "verification_failed");
    // Another client's (completed) sign-up is invisible to this one.
    let (done, _) = Harness::new(config())
        .signed_in("done+clerk_test@example.com")
        .await;
    h.form(
        "PATCH",
        &format!("/v1/client/sign_ups/{done}"),
        "first_name=X",
    )
    .await
    .refused(404, "resource_not_found");
}

#[tokio::test]
async fn sign_in_refuses_bad_input_and_locks_after_ten_failures() {
    let mut setup = Harness::new(config());
    setup.signed_in("lin+clerk_test@example.com").await;
    let mut h = Harness {
        app: setup.app.clone(),
        cookie: None,
    };
    h.form(
        "POST",
        "/v1/client/sign_ins",
        "identifier=nobody@example.com",
    )
    .await
    .refused(422, "form_identifier_not_found")
    .param("identifier");
    h.form("POST", "/v1/client/sign_ins", "identifier=%20%20bad")
        .await
        .refused(422, "form_param_format_invalid");
    h.form(
        "POST",
        "/v1/client/sign_ins",
        "identifier=lin%2Bclerk_test@example.com&strategy=oauth_github",
    )
    .await
    .refused(422, "form_param_value_invalid");
    h.form(
        "POST",
        "/v1/client/sign_ins",
        "identifier=lin%2Bclerk_test@example.com&strategy=password",
    )
    .await
    .refused(422, "form_param_missing")
    .param("password");
    h.form("POST", "/v1/client/sign_ins", "password=whatever123")
        .await
        .refused(422, "form_param_missing")
        .param("identifier");
    for (method, path) in [
        ("GET", "/v1/client/sign_ins/sia_unknown"),
        (
            "POST",
            "/v1/client/sign_ins/sia_unknown/prepare_first_factor",
        ),
        (
            "POST",
            "/v1/client/sign_ins/sia_unknown/attempt_first_factor",
        ),
        ("POST", "/v1/client/sign_ins/sia_unknown/reset_password"),
    ] {
        h.form(
            method,
            path,
            "strategy=password&password=long+enough+but+unknown",
        )
        .await
        .refused(404, "resource_not_found");
    }
    let a = h
        .form(
            "POST",
            "/v1/client/sign_ins",
            "identifier=lin%2Bclerk_test@example.com",
        )
        .await;
    assert_eq!(a.body["response"]["status"], "needs_first_factor");
    let id = a.body["response"]["id"].as_str().unwrap().to_owned();
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/prepare_first_factor"),
        "",
    )
    .await
    .refused(422, "form_param_missing");
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/prepare_first_factor"),
        "strategy=totp",
    )
    .await
    .refused(422, "strategy_for_user_invalid");
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/prepare_first_factor"),
        "strategy=email_code&email_address_id=idn_nope",
    )
    .await
    .refused(404, "resource_not_found");
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/attempt_first_factor"),
        "strategy=email_code&code=1",
    )
    .await
    .refused(422, "verification_missing");
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/reset_password"),
        "password=another+long+one",
    )
    .await
    .refused(400, "client_state_invalid");
    for _ in 0..9 {
        h.form(
            "POST",
            &format!("/v1/client/sign_ins/{id}/attempt_first_factor"),
            "strategy=password&password=wrong-password",
        )
        .await
        .refused(422, "form_password_incorrect")
        .param("password");
    }
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/attempt_first_factor"),
        "strategy=password&password=wrong-password",
    )
    .await
    .refused(403, "user_locked");
    // Locked means locked: even the right password is refused, on this attempt and a new one.
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/attempt_first_factor"),
        "strategy=password&password=long+enough+password",
    )
    .await
    .refused(403, "user_locked");
    h.form(
        "POST",
        "/v1/client/sign_ins",
        "identifier=lin%2Bclerk_test@example.com&password=long+enough+password",
    )
    .await
    .refused(403, "user_locked");
}

#[tokio::test]
async fn sessions_and_me_refuse_bad_input() {
    let mut h = Harness::new(config());
    h.form("GET", "/v1/me", "").await.refused(401, "signed_out");
    h.form("PATCH", "/v1/me", "first_name=A")
        .await
        .refused(401, "signed_out");
    h.form("GET", "/v1/me/sessions/active", "")
        .await
        .refused(401, "signed_out");
    for path in ["tokens", "touch", "end", "remove"] {
        h.form(
            "POST",
            &format!("/v1/client/sessions/sess_unknown/{path}"),
            "",
        )
        .await
        .refused(404, "resource_not_found");
    }
    h.form("DELETE", "/v1/client", "")
        .await
        .refused(404, "resource_not_found");
    h.form("DELETE", "/v1/client/sessions", "")
        .await
        .refused(404, "resource_not_found");
    let (_, session) = h.signed_in("mo+clerk_test@example.com").await;
    h.form(
        "POST",
        &format!("/v1/client/sessions/{session}/touch"),
        "active_organization_id=org_nope",
    )
    .await
    .refused(404, "resource_not_found");
    h.form("PATCH", "/v1/me", "unsafe_metadata=nope")
        .await
        .refused(422, "form_param_format_invalid");
    h.form("PATCH", "/v1/me", "primary_email_address_id=idn_nope")
        .await
        .refused(404, "resource_not_found");
    h.form("POST", "/v1/me/sessions/sess_unknown/revoke", "")
        .await
        .refused(404, "resource_not_found");
    // Someone else's session is not found either.
    let mut other = Harness {
        app: h.app.clone(),
        cookie: None,
    };
    let (_, foreign) = other.signed_in("other+clerk_test@example.com").await;
    h.form("POST", &format!("/v1/client/sessions/{foreign}/tokens"), "")
        .await
        .refused(404, "resource_not_found");
    h.form("POST", &format!("/v1/me/sessions/{foreign}/revoke"), "")
        .await
        .refused(404, "resource_not_found");
    // Valid updates still work.
    let ok = h
        .form(
            "PATCH",
            "/v1/me",
            "first_name=Mo&unsafe_metadata=%7B%22theme%22%3A%22dark%22%7D",
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["response"]["first_name"], "Mo");
    assert_eq!(ok.body["response"]["unsafe_metadata"]["theme"], "dark");
}

#[tokio::test]
async fn transport_errors_use_the_envelope() {
    let mut h = Harness::new(config());
    h.form("POST", "/v1/client?_method=TELEPORT", "")
        .await
        .refused(405, "method_not_allowed")
        .param("_method");
    h.form("POST", "/v1/environment?_method=DELETE", "")
        .await
        .refused(405, "method_not_allowed");
    h.form("GET", "/v1/client/sign_ins", "")
        .await
        .refused(405, "method_not_allowed");
    h.form("GET", "/v1/nothing/here", "")
        .await
        .refused(404, "resource_not_found");
    h.form("GET", "/v1/client?__clerk_db_jwt=dvb_forged", "")
        .await
        .refused(401, "dev_browser_unauthenticated");
    // _method works for the real thing.
    let a = h
        .form(
            "POST",
            "/v1/client/sign_ups",
            "email_address=pat%2Bclerk_test@example.com",
        )
        .await;
    let id = a.body["response"]["id"].as_str().unwrap().to_owned();
    let patched = h
        .form(
            "POST",
            &format!("/v1/client/sign_ups/{id}?_method=PATCH"),
            "first_name=Pat",
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["response"]["first_name"], "Pat");
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let mut h = Harness::new(InstanceConfig {
        rate_limit_per_minute: 5,
        ..config()
    });
    for _ in 0..5 {
        assert_eq!(h.form("GET", "/v1/environment", "").await.status, 200);
    }
    let limited = h.form("GET", "/v1/environment", "").await;
    limited.refused(429, "too_many_requests");
    let retry_after: u64 = limited.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=12).contains(&retry_after), "Retry-After {retry_after}");
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let h = Harness::new(InstanceConfig {
        allowed_origins: vec!["https://app.example".into()],
        ..config()
    });
    let call = |origin: &str, method: &str| {
        Request::builder()
            .method(method)
            .uri("/v1/environment")
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .unwrap()
    };
    let ok = h
        .app
        .clone()
        .oneshot(call("https://app.example", "GET"))
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(
        ok.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example"
    );
    assert_eq!(
        ok.headers()[header::ACCESS_CONTROL_ALLOW_CREDENTIALS],
        "true"
    );
    let preflight = h
        .app
        .clone()
        .oneshot(call("https://app.example", "OPTIONS"))
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert!(preflight.headers()[header::ACCESS_CONTROL_ALLOW_METHODS]
        .to_str()
        .unwrap()
        .contains("POST"));
    let refused = h
        .app
        .clone()
        .oneshot(call("https://evil.example", "GET"))
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert!(refused
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
}
