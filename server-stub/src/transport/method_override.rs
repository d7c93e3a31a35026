//! Browsers send only GET and POST: PATCH/PUT/DELETE arrive as `POST …?_method=PATCH`.

use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tessera_core::ErrorCode;

use crate::error::FapiError;

/// Rewrite `POST ?_method=X` to method X before routing. An unknown `_method` is refused.
pub(crate) async fn method_override(mut request: Request, next: Next) -> Response {
    let requested = request
        .uri()
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(k, _)| k == "_method")
                .map(|(_, v)| v)
        });
    if let Some(requested) = requested {
        let method = match requested.to_ascii_uppercase().as_str() {
            "PATCH" => Method::PATCH,
            "PUT" => Method::PUT,
            "DELETE" => Method::DELETE,
            "POST" => Method::POST,
            "GET" => Method::GET,
            _ => {
                return FapiError::new(
                    StatusCode::METHOD_NOT_ALLOWED,
                    ErrorCode::MethodNotAllowed,
                    "method not allowed",
                    format!("_method={requested} is not supported; use PATCH, PUT or DELETE."),
                )
                .param("_method")
                .into_response();
            }
        };
        if request.method() == Method::POST {
            *request.method_mut() = method;
        }
    }
    next.run(request).await
}
