//! What can go wrong talking to the Frontend API, grouped by what the app should do about it.

use std::fmt;

use tessera_core::{ApiError, ApiErrors, ErrorCode};

/// An SDK failure. Only [`SdkError::Unauthenticated`] means the client lost its credentials;
/// a network failure or a rate limit never signs anyone out.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SdkError {
    /// The server refused the request with FAPI errors (validation, wrong password, …): show them.
    Api {
        /// The HTTP status.
        status: u16,
        /// The errors, first one first; the UI localizes by [`ApiError::code`].
        errors: ApiErrors,
    },
    /// 401: the client or session is not (or no longer) valid; the SDK re-fetches the client.
    Unauthenticated(ApiErrors),
    /// 429: try again after `retry_after_secs` (from `Retry-After`, when the server sent one).
    RateLimited {
        /// Seconds to wait before retrying.
        retry_after_secs: Option<u64>,
    },
    /// The request did not complete (offline, DNS, CORS, aborted).
    Network(String),
    /// The server answered something that is not the protocol (bad JSON, unexpected status).
    InvalidResponse(String),
    /// The call needs a signed-in session and there is none.
    NoActiveSession,
    /// Neither a `pk_test_`/`pk_live_` key nor an `http(s)://` URL.
    InvalidPublishableKey,
}

impl SdkError {
    /// The first FAPI error, when the server sent any.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api { errors, .. } | Self::Unauthenticated(errors) => errors.errors.first(),
            _ => None,
        }
    }

    /// The code the UI localizes by (`unstable__errors.<code>`).
    pub fn code(&self) -> Option<&ErrorCode> {
        self.api_error().map(|e| &e.code)
    }

    /// The short server message.
    pub fn message(&self) -> Option<&str> {
        self.api_error().map(|e| e.message.as_str())
    }

    /// The long server message.
    pub fn long_message(&self) -> Option<&str> {
        self.api_error().map(|e| e.long_message.as_str())
    }

    /// The form field the error is about.
    pub fn param_name(&self) -> Option<&str> {
        self.api_error().and_then(|e| e.meta.param_name.as_deref())
    }

    /// Map a non-2xx answer (status, `Retry-After`, body) to an error.
    pub(crate) fn from_status(status: u16, retry_after: Option<&str>, body: &str) -> Self {
        if status == 429 {
            return Self::RateLimited {
                retry_after_secs: retry_after.and_then(|v| v.trim().parse().ok()),
            };
        }
        let Ok(errors) = serde_json::from_str::<ApiErrors>(body) else {
            return Self::InvalidResponse(format!("HTTP {status} without a FAPI error body"));
        };
        if status == 401 {
            Self::Unauthenticated(errors)
        } else {
            Self::Api { status, errors }
        }
    }
}

impl fmt::Display for SdkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(error) = self.api_error() {
            return write!(f, "{error}");
        }
        match self {
            Self::Api { status, .. } => write!(f, "request refused (HTTP {status})"),
            Self::Unauthenticated(_) => f.write_str("not authenticated"),
            Self::RateLimited {
                retry_after_secs: Some(s),
            } => write!(f, "rate limited; retry after {s} s"),
            Self::RateLimited { .. } => f.write_str("rate limited"),
            Self::Network(cause) => write!(f, "network error: {cause}"),
            Self::InvalidResponse(cause) => write!(f, "invalid response: {cause}"),
            Self::NoActiveSession => f.write_str("no active session"),
            Self::InvalidPublishableKey => f.write_str("invalid publishable key"),
        }
    }
}

impl std::error::Error for SdkError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_mapping_keeps_rate_limits_and_sign_outs_apart() {
        let body = r#"{"errors":[{"code":"too_many_requests","message":"m","long_message":"l"}]}"#;
        assert_eq!(
            SdkError::from_status(429, Some(" 30 "), body),
            SdkError::RateLimited {
                retry_after_secs: Some(30)
            }
        );
        // An HTTP-date or a missing header still means "rate limited", never "signed out".
        assert_eq!(
            SdkError::from_status(429, Some("Wed, 21 Oct 2026 07:28:00 GMT"), ""),
            SdkError::RateLimited {
                retry_after_secs: None
            }
        );
        let unauthenticated = SdkError::from_status(
            401,
            None,
            r#"{"errors":[{"code":"authentication_invalid","message":"m","long_message":"l"}]}"#,
        );
        assert!(matches!(unauthenticated, SdkError::Unauthenticated(_)));
        assert!(matches!(
            SdkError::from_status(401, None, "not json"),
            SdkError::InvalidResponse(_)
        ));
    }

    #[test]
    fn display_shows_the_server_message_when_there_is_one() {
        let error = SdkError::from_status(
            422,
            None,
            r#"{"errors":[{"code":"form_code_incorrect","message":"Incorrect code","long_message":"The code is incorrect."}]}"#,
        );
        assert_eq!(
            error.to_string(),
            "form_code_incorrect: The code is incorrect."
        );
        assert_eq!(
            SdkError::RateLimited {
                retry_after_secs: Some(3)
            }
            .to_string(),
            "rate limited; retry after 3 s"
        );
    }
}
