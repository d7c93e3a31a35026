//! The started binary, driven over HTTP like an app: sign-up with an emailed code, a session
//! token verified by `tessera-backend`, sign-out, and survival across a `kill -9`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::{outbox_code, temp_db, Browser, Server};
use tessera_backend::{Verifier, VerifyError, VerifyOptions};

const ORIGIN: &str = "http://localhost:5173";

async fn sign_up(browser: &Browser, base: &str, email: &str) -> String {
    let (status, body) = browser
        .post(
            &format!("{base}/v1/client/sign_ups"),
            &[
                ("email_address", email),
                ("password", "a long enough passphrase"),
                ("first_name", "Ada"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let sign_up = &body["response"];
    assert_eq!(sign_up["status"], "missing_requirements");
    assert_eq!(
        sign_up["unverified_fields"],
        serde_json::json!(["email_address"])
    );
    let id = sign_up["id"].as_str().unwrap().to_owned();
    let (status, body) = browser
        .post(
            &format!("{base}/v1/client/sign_ups/{id}/prepare_verification"),
            &[("strategy", "email_code")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let code = if email.contains("+clerk_test") {
        "424242".to_owned()
    } else {
        outbox_code(base, email).await
    };
    let (status, body) = browser
        .post(
            &format!("{base}/v1/client/sign_ups/{id}/attempt_verification"),
            &[("strategy", "email_code"), ("code", &code)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["response"]["status"], "complete");
    let session_id = body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        body["client"]["last_active_session_id"],
        session_id.as_str()
    );
    assert_eq!(body["client"]["sessions"][0]["status"], "active");
    assert_eq!(
        body["client"]["sessions"][0]["user"]["email_addresses"][0]["email_address"],
        email
    );
    session_id
}

#[tokio::test]
async fn sign_up_verify_token_sign_out() {
    let db = temp_db("flow");
    let server = Server::start(db.to_str().unwrap(), &[]);
    let base = server.url.clone();
    let browser = Browser::new(ORIGIN);

    let session_id = sign_up(&browser, &base, "ada@example.com").await;

    let (status, token) = browser
        .post(
            &format!("{base}/v1/client/sessions/{session_id}/tokens"),
            &[],
        )
        .await;
    assert_eq!(status, 200, "{token}");
    let jwt = token["jwt"].as_str().unwrap();

    let verifier =
        Verifier::new(VerifyOptions::new(&base).with_authorized_parties([ORIGIN])).unwrap();
    let claims = verifier
        .verify(jwt)
        .await
        .expect("the backend accepts the session token");
    assert_eq!(claims.sid, session_id);
    assert!(claims.sub.starts_with("user_"));
    assert_eq!(claims.azp.as_deref(), Some(ORIGIN));
    assert_eq!(claims.iss, base);
    assert_eq!(claims.exp - claims.iat, 60);

    // A backend that only trusts another origin refuses it.
    let strict =
        Verifier::new(VerifyOptions::new(&base).with_authorized_parties(["https://other.example"]))
            .unwrap();
    assert!(matches!(
        strict.verify(jwt).await,
        Err(VerifyError::UnauthorizedParty { .. })
    ));

    // Sign out of this session.
    let (status, body) = browser
        .post(&format!("{base}/v1/client/sessions/{session_id}/end"), &[])
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["response"]["status"], "ended");
    assert_eq!(body["client"]["sessions"], serde_json::json!([]));
    assert!(body["client"]["last_active_session_id"].is_null());

    // The ended session can no longer mint tokens.
    let (status, body) = browser
        .post(
            &format!("{base}/v1/client/sessions/{session_id}/tokens"),
            &[],
        )
        .await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["errors"][0]["code"], "signed_out");

    // And signing in again with the password works.
    let (status, body) = browser
        .post(
            &format!("{base}/v1/client/sign_ins"),
            &[
                ("identifier", "ada@example.com"),
                ("password", "a long enough passphrase"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["response"]["status"], "complete");
}

#[tokio::test]
async fn signed_in_client_survives_kill_dash_nine() {
    let db = temp_db("restart");
    let db_path = db.to_str().unwrap().to_owned();
    let browser = Browser::new(ORIGIN);

    let server = Server::start(&db_path, &[]);
    let first_url = server.url.clone();
    let session_id = sign_up(&browser, &first_url, "grace+clerk_test@example.com").await;
    let (_, first_jwks) = browser
        .get(&format!("{first_url}/.well-known/jwks.json"))
        .await;
    server.kill_hard();

    // Same database, new process (and port): the cookie still names a signed-in client.
    let server = Server::start(&db_path, &[]);
    let base = server.url.clone();
    let (status, body) = browser.get(&format!("{base}/v1/client")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["response"]["last_active_session_id"],
        session_id.as_str()
    );
    assert_eq!(body["response"]["sessions"][0]["status"], "active");

    // The signing key persisted too: same JWKS, and the new token verifies.
    let (_, jwks) = browser.get(&format!("{base}/.well-known/jwks.json")).await;
    assert_eq!(jwks, first_jwks);
    let (status, token) = browser
        .post(
            &format!("{base}/v1/client/sessions/{session_id}/tokens"),
            &[],
        )
        .await;
    assert_eq!(status, 200, "{token}");
    let verifier = Verifier::new(VerifyOptions::new(&base)).unwrap();
    verifier
        .verify(token["jwt"].as_str().unwrap())
        .await
        .expect("token from the restarted server verifies");
}
