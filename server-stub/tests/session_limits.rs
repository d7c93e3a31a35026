//! Session limits from the instance settings: an inactivity timeout (activity = touch or token) and
//! a maximum lifetime, both on an injected clock.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::app::{config, Harness};
use tessera_server::{Clock, InstanceConfig};

fn limited() -> InstanceConfig {
    InstanceConfig {
        session_inactivity_timeout_seconds: 600,
        session_lifetime_seconds: 3600,
        ..config()
    }
}

#[tokio::test]
async fn an_idle_session_expires_and_activity_keeps_it_alive() {
    let clock = Clock::manual(1_900_000_000_000);
    let mut h = Harness::with_clock(limited(), clock.clone());
    let (_, session) = h.signed_in("idle+clerk_test@example.com").await;
    for _ in 0..3 {
        clock.advance(500_000);
        let token = h
            .form("POST", &format!("/v1/client/sessions/{session}/tokens"), "")
            .await;
        assert_eq!(
            token.status, 200,
            "activity within 10 minutes keeps the session: {}",
            token.body
        );
    }
    clock.advance(601_000);
    h.form("POST", &format!("/v1/client/sessions/{session}/tokens"), "")
        .await
        .refused(401, "signed_out");
    let client = h.form("GET", "/v1/client", "").await;
    assert_eq!(
        client.body["response"]["sessions"],
        serde_json::json!([]),
        "{}",
        client.body
    );
    assert!(client.body["response"]["last_active_session_id"].is_null());
}

#[tokio::test]
async fn the_maximum_lifetime_ends_even_an_active_session() {
    let clock = Clock::manual(1_900_000_000_000);
    let mut h = Harness::with_clock(limited(), clock.clone());
    let (_, session) = h.signed_in("busy+clerk_test@example.com").await;
    for _ in 0..7 {
        clock.advance(500_000);
        h.form("POST", &format!("/v1/client/sessions/{session}/touch"), "")
            .await;
    }
    // 3500 s: still within the hour.
    assert_eq!(
        h.form("POST", &format!("/v1/client/sessions/{session}/tokens"), "")
            .await
            .status,
        200
    );
    clock.advance(100_000);
    h.form("POST", &format!("/v1/client/sessions/{session}/tokens"), "")
        .await
        .refused(401, "signed_out");
    h.form("GET", "/v1/me", "").await.refused(401, "signed_out");
}
