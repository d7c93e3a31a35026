//! Breached passwords: a local fake of the range API refuses a known-breached password at sign-up,
//! password reset and change-password; the setting turns the check off; with no API reachable the
//! bundled list still refuses a top-list password.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use common::app::{config, Harness};
use tessera_server::InstanceConfig;

const BREACHED: &str = "tr0ub4dor&3-horse";

fn sha1_hex(text: &str) -> String {
    aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY,
        text.as_bytes(),
    )
    .as_ref()
    .iter()
    .map(|b| format!("{b:02X}"))
    .collect()
}

/// A fake range API that knows one breached password; counts requests and checks that only the
/// five-character prefix is ever sent.
async fn fake_range_api() -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let hash = sha1_hex(BREACHED);
    let app = Router::new()
        .route(
            "/range/{prefix}",
            get(|State((hash, hits)): State<(String, Arc<AtomicUsize>)>, Path(prefix): Path<String>| async move {
                hits.fetch_add(1, Ordering::SeqCst);
                assert_eq!(prefix.len(), 5, "only the prefix leaves the server");
                let mut body = String::from("0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2\r\n");
                if hash.starts_with(&prefix) {
                    body.push_str(&format!("{}:3861493\r\n", &hash[5..]));
                }
                body
            }),
        )
        .with_state((hash, hits.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, hits)
}

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

#[tokio::test]
async fn a_breached_password_is_refused_where_passwords_are_chosen() {
    let (api, hits) = fake_range_api().await;
    let mut h = Harness::new(InstanceConfig {
        breached_password_api: api,
        ..config()
    });
    h.form(
        "POST",
        "/v1/client/sign_ups",
        &form(&[
            ("email_address", "pwned@example.com"),
            ("password", BREACHED),
        ]),
    )
    .await
    .refused(422, "form_password_pwned")
    .param("password");
    assert!(hits.load(Ordering::SeqCst) >= 1);

    // A fine password signs up; changing to the breached one is refused.
    h.signed_in("fine+clerk_test@example.com").await;
    h.form(
        "POST",
        "/v1/me/change_password",
        &form(&[
            ("current_password", "long enough password"),
            ("new_password", BREACHED),
        ]),
    )
    .await
    .refused(422, "form_password_pwned")
    .param("new_password");
    let ok = h
        .form(
            "POST",
            "/v1/me/change_password",
            &form(&[
                ("current_password", "long enough password"),
                ("new_password", "another fine passphrase"),
            ]),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
}

#[tokio::test]
async fn the_setting_turns_the_check_off() {
    let (api, hits) = fake_range_api().await;
    let mut h = Harness::new(InstanceConfig {
        breached_password_api: api,
        breached_password_check: false,
        ..config()
    });
    let a = h
        .form(
            "POST",
            "/v1/client/sign_ups",
            &form(&[
                ("email_address", "free@example.com"),
                ("password", BREACHED),
            ]),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(hits.load(Ordering::SeqCst), 0, "no lookup when disabled");
}

#[tokio::test]
async fn with_no_api_reachable_the_bundled_list_still_refuses_top_passwords() {
    // A port nobody listens on.
    let closed = {
        tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap()
    };
    let mut h = Harness::new(InstanceConfig {
        breached_password_api: format!("http://{closed}"),
        ..config()
    });
    h.form(
        "POST",
        "/v1/client/sign_ups",
        &form(&[
            ("email_address", "top@example.com"),
            ("password", "password123"),
        ]),
    )
    .await
    .refused(422, "form_password_pwned");
    let a = h
        .form(
            "POST",
            "/v1/client/sign_ups",
            &form(&[("email_address", "top@example.com"), ("password", BREACHED)]),
        )
        .await;
    assert_eq!(
        a.status, 200,
        "not in the bundled list: accepted offline: {}",
        a.body
    );
}
