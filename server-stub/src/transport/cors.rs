//! CORS with credentials, for allowed origins only.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tessera_core::ErrorCode;

use crate::error::FapiError;
use crate::AppState;

const EXPOSED: &str = "Clerk-Db-Jwt, Retry-After";
const METHODS: &str = "GET, POST, PATCH, PUT, DELETE, OPTIONS";

/// Answer preflights, echo allowed origins with `Access-Control-Allow-Credentials`, and refuse
/// cross-origin calls from origins that are not allowed (they would otherwise act with the
/// browser's cookies).
pub(crate) async fn cors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Some(origin) = origin.filter(|o| o != "null") else {
        return next.run(request).await;
    };
    if !state.origin_allowed(&origin) {
        return FapiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::OriginInvalid,
            "origin not allowed",
            format!("The origin {origin} is not allowed to use this Frontend API. Start the server with --allowed-origin {origin}."),
        )
        .into_response();
    }
    let Ok(origin_value) = HeaderValue::from_str(&origin) else {
        return next.run(request).await;
    };
    let mut response = if request.method() == Method::OPTIONS {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let requested_headers = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned();
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(METHODS),
        );
        if let Some(requested) = requested_headers {
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested);
        }
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        r
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin_value);
    h.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSED),
    );
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    response
}
