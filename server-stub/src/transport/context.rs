//! Who is calling: the browser's credential, its origin and address.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

use crate::error::FapiError;

/// Name of the HttpOnly cookie that carries the client in production style.
pub(crate) const CLIENT_COOKIE: &str = "__client";
/// Query parameter (and cookie) carrying the dev-browser token in development style.
pub(crate) const DEV_BROWSER_PARAM: &str = "__clerk_db_jwt";

/// What a request says about its caller.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestContext {
    /// The `Origin` header (becomes the token's `azp`).
    pub origin: Option<String>,
    /// The dev-browser token, from the query (`__clerk_db_jwt`), the `Clerk-Db-Jwt` header or a cookie.
    pub dev_browser: Option<String>,
    /// The `__client` cookie.
    pub client_cookie: Option<String>,
    /// `_clerk_session_id`: which of the client's sessions the request is about.
    pub session_hint: Option<String>,
    /// The caller's address.
    pub ip: Option<String>,
    /// The caller's `User-Agent`.
    pub user_agent: Option<String>,
}

/// The value of cookie `name`, if sent.
pub(super) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = FapiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query: Vec<(String, String)> = parts
            .uri
            .query()
            .and_then(|q| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default();
        let query_param = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        let header_str = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
                .filter(|v| !v.is_empty())
        };
        Ok(Self {
            origin: header_str(header::ORIGIN.as_str()).filter(|o| o != "null"),
            dev_browser: query_param(DEV_BROWSER_PARAM)
                .or_else(|| header_str("clerk-db-jwt"))
                .or_else(|| cookie(&parts.headers, DEV_BROWSER_PARAM)),
            client_cookie: cookie(&parts.headers, CLIENT_COOKIE),
            session_hint: query_param("_clerk_session_id"),
            ip: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip().to_string()),
            user_agent: header_str(header::USER_AGENT.as_str()),
        })
    }
}
