//! What can go wrong talking to the Frontend API, grouped by what the app should do about it.

use std::fmt;

use tessera_core::ErrorCode;

use crate::json::Json;

/// One error of the FAPI envelope `{"errors":[{code, message, long_message, meta}]}`.
///
/// The code is kept as the server sent it; [`FapiError::code`] maps it to an [`ErrorCode`] when
/// asked (the headless bundle, which only passes codes on to JS, carries no table of codes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FapiError {
    /// The wire code, e.g. `form_password_incorrect`.
    pub code: String,
    pub message: String,
    pub long_message: String,
    /// The form field the error is about (`meta.param_name`).
    pub param_name: Option<String>,
}

impl FapiError {
    /// The code, typed (unknown codes are [`ErrorCode::Other`]).
    pub fn code(&self) -> ErrorCode {
        ErrorCode::from(self.code.as_str())
    }
}

/// An SDK failure. Only [`SdkError::Unauthenticated`] means the client lost its credentials;
/// a network failure or a rate limit never signs anyone out.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SdkError {
    /// The server refused the request with FAPI errors (validation, wrong password, …): show them.
    Api {
        /// The HTTP status.
        status: u16,
        /// The errors, first one first; the UI localizes by [`FapiError::code`].
        errors: Vec<FapiError>,
    },
    /// 401: the client or session is not (or no longer) valid; the SDK re-fetches the client.
    Unauthenticated(Vec<FapiError>),
    /// 429: try again after `retry_after_secs` (from `Retry-After`, when the server sent one).
    RateLimited {
        /// Seconds to wait before retrying.
        retry_after_secs: Option<u64>,
    },
    /// The request did not complete (offline, DNS, CORS, aborted).
    Network(String),
    /// The Frontend API cannot be reached and no unexpired token is cached: `get_token` fails
    /// with this while the network is down. Nobody is signed out; it works again once the server
    /// answers (the runtime keeps retrying in the background).
    Offline,
    /// The server answered something that is not the protocol (bad JSON, unexpected status).
    InvalidResponse(String),
    /// The call needs a signed-in session and there is none.
    NoActiveSession,
    /// Neither a `pk_test_`/`pk_live_` key nor an `http(s)://` URL.
    InvalidPublishableKey,
}

impl SdkError {
    /// The first FAPI error, when the server sent any.
    pub fn api_error(&self) -> Option<&FapiError> {
        match self {
            Self::Api { errors, .. } | Self::Unauthenticated(errors) => errors.first(),
            _ => None,
        }
    }

    /// Whether trying again later may work: a network failure, a 429, or a 5xx. None of these
    /// signs anyone out.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Network(_) | Self::RateLimited { .. } => true,
            Self::Api { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// The code the UI localizes by (`unstable__errors.<code>`).
    pub fn code(&self) -> Option<ErrorCode> {
        self.api_error().map(FapiError::code)
    }

    /// The code as the server sent it.
    pub fn code_str(&self) -> Option<&str> {
        self.api_error().map(|e| e.code.as_str())
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
        self.api_error().and_then(|e| e.param_name.as_deref())
    }

    /// Map a non-2xx answer (status, `Retry-After`, body) to an error.
    pub(crate) fn from_status(status: u16, retry_after: Option<&str>, body: &str) -> Self {
        if status == 429 {
            return Self::RateLimited {
                retry_after_secs: retry_after.and_then(seconds),
            };
        }
        let Some(errors) = Json::parse(body).as_ref().and_then(read_errors) else {
            return Self::InvalidResponse(
                [
                    "HTTP ",
                    &decimal(status.into()),
                    " without a FAPI error body",
                ]
                .concat(),
            );
        };
        if status == 401 {
            Self::Unauthenticated(errors)
        } else {
            Self::Api { status, errors }
        }
    }
}

impl SdkError {
    /// What went wrong, in one line: the server's `code: long message` when it sent one.
    /// (Built without `format!`: the browser bundle carries no formatting machinery for it.)
    pub fn describe(&self) -> String {
        if let Some(error) = self.api_error() {
            return [error.code.as_str(), ": ", &error.long_message].concat();
        }
        match self {
            Self::Api { status, .. } => {
                ["request refused (HTTP ", &decimal((*status).into()), ")"].concat()
            }
            Self::Unauthenticated(_) => "not authenticated".to_owned(),
            Self::RateLimited {
                retry_after_secs: Some(s),
            } => ["rate limited; retry after ", &decimal(*s), " s"].concat(),
            Self::RateLimited { .. } => "rate limited".to_owned(),
            Self::Network(cause) => ["network error: ", cause].concat(),
            Self::Offline => "offline: the Frontend API cannot be reached".to_owned(),
            Self::InvalidResponse(cause) => ["invalid response: ", cause].concat(),
            Self::NoActiveSession => "no active session".to_owned(),
            Self::InvalidPublishableKey => "invalid publishable key".to_owned(),
        }
    }
}

/// `{"errors":[{code, message, long_message, meta:{param_name}}]}`; like the wire type, `errors`,
/// `code` and `message` must be there.
fn read_errors(body: &Json) -> Option<Vec<FapiError>> {
    let list = body.get("errors");
    if list.is_null() {
        return None;
    }
    let mut errors = Vec::new();
    for item in list.items() {
        errors.push(FapiError {
            code: item.get("code").as_str()?,
            message: item.get("message").as_str()?,
            long_message: item.string("long_message"),
            param_name: item.get("meta").opt_string("param_name"),
        });
    }
    Some(errors)
}

/// The decimal digits of `n`.
pub(crate) fn decimal(n: u64) -> String {
    let mut out = String::new();
    push_decimal(n, &mut out);
    out
}

pub(crate) fn push_decimal(n: u64, out: &mut String) {
    if n >= 10 {
        push_decimal(n / 10, out);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// `Retry-After` in seconds (an HTTP date, or anything else, gives `None`).
fn seconds(value: &str) -> Option<u64> {
    let digits = value.trim_ascii();
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

impl fmt::Display for SdkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
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
