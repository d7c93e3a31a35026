//! Authenticator apps and backup codes, end to end through the router with a manual clock. Codes are
//! computed here with an independent RFC 6238 implementation (HMAC-SHA-1 from aws-lc-rs), not with
//! the server's TOTP library.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

mod common;

use aws_lc_rs::hmac;
use common::app::{config, Harness};
use tessera_server::Clock;

/// RFC 6238 (SHA-1, 6 digits, 30 s) written out, as an oracle independent of the server's crate.
fn rfc6238(secret_base32: &str, unix_seconds: u64) -> String {
    let secret = base32_decode(secret_base32);
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &secret);
    let mac = hmac::sign(&key, &(unix_seconds / 30).to_be_bytes());
    let mac = mac.as_ref();
    let offset = usize::from(mac[19] & 0x0f);
    let binary = u32::from_be_bytes([
        mac[offset] & 0x7f,
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]);
    format!("{:06}", binary % 1_000_000)
}

fn base32_decode(text: &str) -> Vec<u8> {
    let mut bits = 0u64;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.trim_end_matches('=').chars() {
        let v = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
            .find(c.to_ascii_uppercase())
            .expect("base32") as u64;
        bits = (bits << 5) | v;
        count += 5;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

const START_MS: i64 = 1_900_000_000_000;

#[tokio::test]
async fn totp_enrolment_second_factor_sign_in_and_backup_codes() {
    let clock = Clock::manual(START_MS);
    let mut h = Harness::with_clock(config(), clock.clone());
    let (_, session) = h.signed_in("mfa+clerk_test@example.com").await;

    let started = h.form("POST", "/v1/me/totp", "").await;
    assert_eq!(started.status, 200, "{}", started.body);
    let secret = started.body["response"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let uri = started.body["response"]["uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/") && uri.contains(&format!("secret={secret}")),
        "{uri}"
    );
    assert_eq!(started.body["response"]["verified"], false);

    h.form("POST", "/v1/me/totp/attempt_verification", "code=000000")
        .await
        .refused(422, "form_code_incorrect");
    let now = |c: &Clock| u64::try_from(c.now() / 1000).unwrap();
    let code = rfc6238(&secret, now(&clock));
    let verified = h
        .form(
            "POST",
            "/v1/me/totp/attempt_verification",
            &format!("code={code}"),
        )
        .await;
    assert_eq!(verified.status, 200, "{}", verified.body);
    assert_eq!(verified.body["response"]["verified"], true);
    assert!(
        verified.body["response"]["secret"].is_null(),
        "the secret is not shown again"
    );
    let backup: Vec<String> = verified.body["response"]["backup_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(backup.len(), 10);
    let me = h.form("GET", "/v1/me", "").await;
    assert_eq!(me.body["response"]["two_factor_enabled"], true);
    assert_eq!(me.body["response"]["backup_code_enabled"], true);

    // Sign out; signing in now asks for the second factor.
    h.form("POST", &format!("/v1/client/sessions/{session}/end"), "")
        .await;
    let sign_in = |h: &mut Harness| {
        let body =
            "identifier=mfa%2Bclerk_test%40example.com&password=long+enough+password".to_owned();
        let mut h2 = h.browser();
        h2.cookie = h.cookie.clone();
        async move { h2.form("POST", "/v1/client/sign_ins", &body).await }
    };
    let attempt = sign_in(&mut h).await;
    assert_eq!(
        attempt.body["response"]["status"], "needs_second_factor",
        "{}",
        attempt.body
    );
    let strategies: Vec<&str> = attempt.body["response"]["supported_second_factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["strategy"].as_str().unwrap())
        .collect();
    assert_eq!(strategies, ["totp", "backup_code"]);
    let id = attempt.body["response"]["id"].as_str().unwrap().to_owned();
    // The code used to enrol is refused within its step (no replay)…
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/attempt_second_factor"),
        &format!("strategy=totp&code={code}"),
    )
    .await
    .refused(422, "form_code_incorrect");
    // …and the next step's code signs in.
    clock.advance(30_000);
    let next = rfc6238(&secret, now(&clock));
    let done = h
        .form(
            "POST",
            &format!("/v1/client/sign_ins/{id}/attempt_second_factor"),
            &format!("strategy=totp&code={next}"),
        )
        .await;
    assert_eq!(done.body["response"]["status"], "complete", "{}", done.body);
    let sid = done.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let fva = &done.body["client"]["sessions"][0]["factor_verification_age"];
    assert_eq!(
        fva,
        &serde_json::json!([0, 0]),
        "second factor just verified"
    );
    // Reusing that code right away is refused too.
    h.form("POST", &format!("/v1/client/sessions/{sid}/end"), "")
        .await;
    let again = sign_in(&mut h).await;
    let id = again.body["response"]["id"].as_str().unwrap().to_owned();
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/attempt_second_factor"),
        &format!("strategy=totp&code={next}"),
    )
    .await
    .refused(422, "form_code_incorrect");

    // A backup code works once.
    let done = h
        .form(
            "POST",
            &format!("/v1/client/sign_ins/{id}/attempt_second_factor"),
            &format!("strategy=backup_code&code={}", backup[0]),
        )
        .await;
    assert_eq!(done.body["response"]["status"], "complete", "{}", done.body);
    let sid = done.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    h.form("POST", &format!("/v1/client/sessions/{sid}/end"), "")
        .await;
    let again = sign_in(&mut h).await;
    let id = again.body["response"]["id"].as_str().unwrap().to_owned();
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/attempt_second_factor"),
        &format!("strategy=backup_code&code={}", backup[0]),
    )
    .await
    .refused(422, "form_code_incorrect");
    let done = h
        .form(
            "POST",
            &format!("/v1/client/sign_ins/{id}/attempt_second_factor"),
            &format!("strategy=backup_code&code={}", backup[1]),
        )
        .await;
    assert_eq!(done.body["response"]["status"], "complete", "{}", done.body);

    // Regenerating backup codes invalidates the old set.
    let fresh = h.form("POST", "/v1/me/backup_codes", "").await;
    assert_eq!(
        fresh.body["response"]["codes"].as_array().unwrap().len(),
        10,
        "{}",
        fresh.body
    );
    let sid = done.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    h.form("POST", &format!("/v1/client/sessions/{sid}/end"), "")
        .await;
    let again = sign_in(&mut h).await;
    let id = again.body["response"]["id"].as_str().unwrap().to_owned();
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/attempt_second_factor"),
        &format!("strategy=backup_code&code={}", backup[2]),
    )
    .await
    .refused(422, "form_code_incorrect");
}

#[tokio::test]
async fn ten_failed_second_factor_attempts_lock_the_user() {
    let clock = Clock::manual(START_MS);
    let mut h = Harness::with_clock(config(), clock.clone());
    let (_, session) = h.signed_in("lock2fa+clerk_test@example.com").await;
    let secret = h.form("POST", "/v1/me/totp", "").await.body["response"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = rfc6238(&secret, u64::try_from(clock.now() / 1000).unwrap());
    h.form(
        "POST",
        "/v1/me/totp/attempt_verification",
        &format!("code={code}"),
    )
    .await;
    h.form("POST", &format!("/v1/client/sessions/{session}/end"), "")
        .await;
    let attempt = h
        .form(
            "POST",
            "/v1/client/sign_ins",
            "identifier=lock2fa%2Bclerk_test%40example.com&password=long+enough+password",
        )
        .await;
    let id = attempt.body["response"]["id"].as_str().unwrap().to_owned();
    for _ in 0..9 {
        h.form(
            "POST",
            &format!("/v1/client/sign_ins/{id}/attempt_second_factor"),
            "strategy=totp&code=111111",
        )
        .await
        .refused(422, "form_code_incorrect");
    }
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/attempt_second_factor"),
        "strategy=totp&code=111111",
    )
    .await
    .refused(403, "user_locked");
    clock.advance(30_000);
    let good = rfc6238(&secret, u64::try_from(clock.now() / 1000).unwrap());
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{id}/attempt_second_factor"),
        &format!("strategy=totp&code={good}"),
    )
    .await
    .refused(403, "user_locked");
    // An hour later the lock is gone.
    clock.advance(60 * 60 * 1000);
    let good = rfc6238(&secret, u64::try_from(clock.now() / 1000).unwrap());
    let done = h
        .form(
            "POST",
            &format!("/v1/client/sign_ins/{id}/attempt_second_factor"),
            &format!("strategy=totp&code={good}"),
        )
        .await;
    assert_eq!(done.body["response"]["status"], "complete", "{}", done.body);
}
