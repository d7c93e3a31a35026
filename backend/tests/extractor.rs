//! The axum extractors, driven in-process with `tower::ServiceExt::oneshot`.
#![allow(clippy::unwrap_used)]

mod common;

use axum::body::Body;
use axum::extract::{FromRef, State};
use axum::http::{header, Request, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use common::{claims, key, options, org_claims, NOW};
use serde_json::{json, Value};
use tessera_backend::{Auth, Authorization, MaybeAuth, Verifier, VerifyOptions};
use tower::ServiceExt as _;

/// A service's state holding the verifier among other things, as the crate docs show.
#[derive(Clone)]
struct AppState {
    verifier: Verifier,
    greeting: &'static str,
}

impl FromRef<AppState> for Verifier {
    fn from_ref(state: &AppState) -> Self {
        state.verifier.clone()
    }
}

async fn me(auth: Auth) -> Json<Value> {
    Json(json!({
        "user_id": auth.user_id,
        "session_id": auth.session_id,
        "org_id": auth.org_id,
        "org_role": auth.org_role,
        "can_manage": auth.has(&Authorization::Permission("org:sys_memberships:manage".into())),
    }))
}

async fn home(State(state): State<AppState>, MaybeAuth(auth): MaybeAuth) -> String {
    match auth {
        Some(auth) => format!("{} {}", state.greeting, auth.user_id),
        None => format!("{} stranger", state.greeting),
    }
}

async fn optional(auth: Option<Auth>) -> String {
    auth.map_or_else(|| "anonymous".to_owned(), |a| a.user_id)
}

fn app_with(verifier: Verifier) -> Router {
    Router::new()
        .route("/me", get(me))
        .route("/", get(home))
        .route("/optional", get(optional))
        .with_state(AppState {
            verifier,
            greeting: "hello",
        })
}

fn app() -> Router {
    app_with(Verifier::from_jwks(options(), &common::core_jwks(&[key()])).unwrap())
}

async fn call(app: Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, headers, body.to_vec())
}

fn get_with(uri: &str, name: header::HeaderName, value: &str) -> Request<Body> {
    Request::get(uri)
        .header(name, value)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn bearer_header_authenticates() {
    let token = key().token(&org_claims());
    let request = get_with("/me", header::AUTHORIZATION, &format!("Bearer {token}"));
    let (status, _, body) = call(app(), request).await;
    assert_eq!(status, StatusCode::OK);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        body,
        json!({
            "user_id": "user_2abcDEFghiJKLmnoPQRstuVWxyz",
            "session_id": "sess_2abcDEFghiJKLmnoPQRstuVWxyz",
            "org_id": "org_1",
            "org_role": "org:admin",
            "can_manage": true,
        })
    );
}

#[tokio::test]
async fn session_cookie_authenticates() {
    let token = key().token(&claims());
    let cookie = format!("__client_uat={NOW}; __session={token}; theme=dark");
    let (status, _, body) = call(app(), get_with("/me", header::COOKIE, &cookie)).await;
    assert_eq!(status, StatusCode::OK);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["user_id"], "user_2abcDEFghiJKLmnoPQRstuVWxyz");
    assert_eq!(body["org_id"], Value::Null);
    assert_eq!(body["can_manage"], false);
}

#[tokio::test]
async fn missing_token_is_401_with_the_error_envelope() {
    let request = Request::get("/me").body(Body::empty()).unwrap();
    let (status, headers, body) = call(app(), request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(headers[header::WWW_AUTHENTICATE], "Bearer");
    let body: Value = serde_json::from_slice(&body).unwrap();
    let error = &body["errors"][0];
    assert_eq!(error["code"], "token_missing");
    assert!(error["message"].is_string());
    assert!(error["long_message"]
        .as_str()
        .unwrap()
        .contains("no session token"));
    // The same shape tessera-core parses on the client side.
    let parsed: tessera_core::ApiErrors = serde_json::from_value(body).unwrap();
    assert_eq!(parsed.errors.len(), 1);
}

#[tokio::test]
async fn an_invalid_token_is_401_with_its_own_code() {
    let expired = key().token(&{
        let mut c = claims();
        c["exp"] = json!(NOW - 60);
        c
    });
    let request = get_with("/me", header::AUTHORIZATION, &format!("Bearer {expired}"));
    let (status, headers, body) = call(app(), request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        headers[header::WWW_AUTHENTICATE],
        "Bearer error=\"invalid_token\""
    );
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["errors"][0]["code"], "token_expired");
}

#[tokio::test]
async fn maybe_auth_lets_anonymous_and_stale_cookies_through() {
    let (status, _, body) = call(app(), Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::OK, &b"hello stranger"[..])
    );

    let mut stale = claims();
    stale["exp"] = json!(NOW - 600);
    let cookie = format!("__session={}", key().token(&stale));
    let (status, _, body) = call(app(), get_with("/", header::COOKIE, &cookie)).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::OK, &b"hello stranger"[..])
    );

    let cookie = format!("__session={}", key().token(&claims()));
    let (status, _, body) = call(app(), get_with("/", header::COOKIE, &cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"hello user_2abcDEFghiJKLmnoPQRstuVWxyz");
}

#[tokio::test]
async fn maybe_auth_does_not_hide_a_jwks_outage() {
    // A port that was just free: nothing answers, so the keys cannot be loaded.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let verifier = Verifier::new(
        VerifyOptions::new(url).with_clock(tessera_backend::ManualClock::at_unix(NOW as u64)),
    )
    .unwrap();
    let cookie = format!("__session={}", key().token(&claims()));
    let (status, _, body) = call(app_with(verifier), get_with("/", header::COOKIE, &cookie)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["errors"][0]["code"], "jwks_unavailable");
}

#[tokio::test]
async fn option_auth_is_none_without_a_token_but_rejects_a_bad_one() {
    let (status, _, body) = call(
        app(),
        Request::get("/optional").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::OK, &b"anonymous"[..])
    );

    let bearer = format!("Bearer {}", key().token(&claims()));
    let (status, _, body) =
        call(app(), get_with("/optional", header::AUTHORIZATION, &bearer)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"user_2abcDEFghiJKLmnoPQRstuVWxyz");

    let (status, _, body) = call(
        app(),
        get_with("/optional", header::AUTHORIZATION, "Bearer not.a.jwt"),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["errors"][0]["code"], "token_malformed");
}

#[tokio::test]
async fn the_verifier_itself_can_be_the_state() {
    let verifier = Verifier::from_jwks(options(), &common::core_jwks(&[key()])).unwrap();
    let app = Router::new().route("/me", get(me)).with_state(verifier);
    let bearer = format!("Bearer {}", key().token(&claims()));
    let (status, _, _) = call(app, get_with("/me", header::AUTHORIZATION, &bearer)).await;
    assert_eq!(status, StatusCode::OK);
}
