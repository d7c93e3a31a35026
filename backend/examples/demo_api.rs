//! The demo apps' backend: one route that answers what a verified session token says.
//!
//! `cargo run -p tessera-backend --example demo_api -- [--addr 127.0.0.1:4100] [--frontend-api URL]`
//!
//! `GET /api/me` with `Authorization: Bearer <session token>` (or the `__session` cookie) answers
//! `{userId, sessionId, orgId, orgSlug, orgRole, orgPermissions, actor}`; without a valid token, the
//! crate's 401 JSON error. CORS lets the demo pages (any `http://127.0.0.1:*` or `http://localhost:*`
//! origin) call it. Port 0 picks a free port; the line `demo api listening on http://…` is printed
//! once the socket is bound.

use std::error::Error;

use axum::extract::FromRef;
use axum::http::{header, HeaderValue, Method};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tessera_backend::{Auth, Verifier, VerifyOptions};
use tower_http::cors::{AllowOrigin, CorsLayer};

#[derive(Debug, Clone)]
struct AppState {
    verifier: Verifier,
}

impl FromRef<AppState> for Verifier {
    fn from_ref(state: &AppState) -> Self {
        state.verifier.clone()
    }
}

/// What the backend knows about the caller: the verified claims, nothing fetched.
async fn me(auth: Auth) -> Json<Value> {
    Json(json!({
        "userId": auth.user_id,
        "sessionId": auth.session_id,
        "orgId": auth.org_id,
        "orgSlug": auth.org_slug,
        "orgRole": auth.org_role,
        "orgPermissions": auth.org_permissions,
        "actor": auth.actor,
    }))
}

/// The demos run on loopback ports that change from run to run (the tests pick free ones).
fn is_local_origin(origin: &HeaderValue) -> bool {
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    ["http://127.0.0.1:", "http://localhost:"]
        .iter()
        .any(|prefix| {
            origin
                .strip_prefix(prefix)
                .is_some_and(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        })
}

fn app(verifier: Verifier) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin, _| is_local_origin(origin)))
        .allow_methods([Method::GET])
        .allow_headers([header::AUTHORIZATION]);
    Router::new()
        .route("/api/me", get(me))
        .with_state(AppState { verifier })
        .layer(cors)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut addr = "127.0.0.1:4100".to_owned();
    let mut frontend_api = "http://127.0.0.1:4000".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let target = match arg.as_str() {
            "--addr" => &mut addr,
            "--frontend-api" => &mut frontend_api,
            _ => return Err(format!("unknown argument {arg:?} (--addr, --frontend-api)").into()),
        };
        *target = args.next().ok_or(format!("{arg} needs a value"))?;
    }

    // A real service would also pin `azp` with `with_authorized_parties([its origins])`.
    let verifier = Verifier::new(VerifyOptions::new(frontend_api))?;
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("demo api listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(verifier)).await?;
    Ok(())
}
