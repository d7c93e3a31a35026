//! The server's one error type: an HTTP status with the FAPI error envelope.
//!
//! Every failure a client can cause maps to a 4xx with a code the UI localizes. Storage or crypto
//! failures become a logged 500 with a generic message (never the raw cause).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use tessera_core::{ApiError, ApiErrors, ErrorCode};

/// A failed request: status + `{"errors":[…]}`.
#[derive(Debug)]
pub struct FapiError {
    status: StatusCode,
    error: ApiError,
    retry_after_seconds: Option<u64>,
}

/// Result of a handler.
pub type FapiResult<T> = Result<T, FapiError>;

impl FapiError {
    /// An error with a status, code and messages.
    pub fn new(
        status: StatusCode,
        code: ErrorCode,
        message: &str,
        long_message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            error: ApiError::new(code, message, long_message),
            retry_after_seconds: None,
        }
    }

    /// The same error, about a request parameter.
    pub fn param(mut self, name: &str) -> Self {
        self.error.meta.param_name = Some(name.to_owned());
        self
    }

    /// The same error with another long message.
    pub fn with_long_message(mut self, long_message: impl Into<String>) -> Self {
        self.error.long_message = long_message.into();
        self
    }

    /// The status the error is sent with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The error's code.
    pub fn code(&self) -> &ErrorCode {
        &self.error.code
    }

    /// A required parameter is absent or empty.
    pub fn param_missing(name: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FormParamMissing,
            "is missing",
            format!("{name} must be included."),
        )
        .param(name)
    }

    /// A parameter has the wrong shape.
    pub fn param_invalid(name: &str, long_message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FormParamFormatInvalid,
            "is invalid",
            long_message,
        )
        .param(name)
    }

    /// A parameter's value is not one of the accepted values.
    pub fn param_value_invalid(name: &str, long_message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FormParamValueInvalid,
            "is invalid",
            long_message,
        )
        .param(name)
    }

    /// The object does not exist or is not the caller's.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::ResourceNotFound,
            "not found",
            format!("No {what} was found with this id."),
        )
    }

    /// The request needs a signed-in session and has none.
    pub fn signed_out() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::SignedOut,
            "Signed out",
            "You are signed out.",
        )
    }

    /// The object is not in a state where this action applies.
    pub fn state_invalid(long_message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::ClientStateInvalid,
            "invalid state",
            long_message,
        )
    }

    /// Rate limited: 429 with `Retry-After`.
    pub fn too_many_requests(retry_after_seconds: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyRequests,
            "Too many requests",
            format!("Too many requests. Please try again in {retry_after_seconds} seconds."),
        );
        e.retry_after_seconds = Some(retry_after_seconds);
        e
    }

    /// An unexpected failure; the cause is logged, not shown.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::InternalError,
            "Something went wrong",
            "There was an internal error on our servers. Please try again.",
        )
    }
}

impl std::fmt::Display for FapiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.error)
    }
}

impl std::error::Error for FapiError {}

impl From<rusqlite::Error> for FapiError {
    fn from(e: rusqlite::Error) -> Self {
        Self::internal(&e)
    }
}

impl From<serde_json::Error> for FapiError {
    fn from(e: serde_json::Error) -> Self {
        Self::internal(&e)
    }
}

impl IntoResponse for FapiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(ApiErrors::from(self.error))).into_response();
        if let Some(seconds) = self.retry_after_seconds {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}
