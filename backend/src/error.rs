//! The crate's one error type: why a token was not accepted (or a verifier could not be built).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tessera_core::{ApiError, ApiErrors, ErrorCode};

/// Why a session token was rejected. Each cause has its own variant and a stable [`code`](Self::code),
/// so callers can branch on it and clients can localize it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The request carried no token (no `Authorization: Bearer` header, no `__session` cookie).
    #[error("no session token in the request")]
    MissingToken,
    /// The token is not a compact JWS: not three parts, bad base64url, or a header or payload that is
    /// not JSON.
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    /// The header names an algorithm other than RS256 (`none`, `HS256`, …).
    #[error("unsupported algorithm `{0}` (only RS256 is accepted)")]
    UnsupportedAlgorithm(String),
    /// The header has no `kid`, so the signing key cannot be chosen.
    #[error("the token header has no `kid`")]
    MissingKid,
    /// No key of the JWKS has this `kid` (even after a refetch, or a refetch was rate-limited).
    #[error("no key with kid `{0}` in the JWKS")]
    UnknownKid(String),
    /// The signature does not match the header and payload.
    #[error("invalid signature")]
    InvalidSignature,
    /// `exp` (plus the allowed clock skew) has passed.
    #[error("token expired at {expired_at} (unix seconds)")]
    Expired {
        /// The token's `exp`.
        expired_at: i64,
    },
    /// `nbf` or `iat` (minus the allowed clock skew) is still in the future.
    #[error("token not valid before {not_before} (unix seconds)")]
    NotYetValid {
        /// The token's `nbf` or `iat`, whichever is in the future.
        not_before: i64,
    },
    /// `iss` is not the configured Frontend API URL.
    #[error("issuer `{found}` is not the expected `{expected}`")]
    IssuerMismatch {
        /// The configured Frontend API URL.
        expected: String,
        /// The token's `iss`.
        found: String,
    },
    /// `azp` is missing or not one of the configured authorized parties.
    #[error("authorized party {azp:?} is not allowed")]
    UnauthorizedParty {
        /// The token's `azp`, if it had one.
        azp: Option<String>,
    },
    /// The payload is JSON but not session claims (a required claim is missing or has the wrong type).
    #[error("invalid claims: {0}")]
    InvalidClaims(String),
    /// The JWKS could not be fetched or parsed and no cached key can stand in.
    #[error("JWKS unavailable: {0}")]
    JwksUnavailable(String),
    /// Key material given to build a verifier (PEM, JWKS) is not a usable RS256 public key.
    #[error("invalid key: {0}")]
    InvalidKey(String),
}

impl VerifyError {
    /// A stable machine-readable code, used as `code` in the JSON error body.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingToken => "token_missing",
            Self::Malformed(_) => "token_malformed",
            Self::UnsupportedAlgorithm(_) => "token_invalid_algorithm",
            Self::MissingKid => "token_missing_kid",
            Self::UnknownKid(_) => "token_unknown_kid",
            Self::InvalidSignature => "token_invalid_signature",
            Self::Expired { .. } => "token_expired",
            Self::NotYetValid { .. } => "token_not_active_yet",
            Self::IssuerMismatch { .. } => "token_invalid_issuer",
            Self::UnauthorizedParty { .. } => "token_invalid_authorized_party",
            Self::InvalidClaims(_) => "token_invalid_claims",
            Self::JwksUnavailable(_) => "jwks_unavailable",
            Self::InvalidKey(_) => "invalid_key",
        }
    }

    /// The HTTP status an extractor answers with: 401 for anything about the token, 503 when the
    /// keys cannot be loaded (the client is not at fault and may retry), 500 for a misconfigured verifier.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::JwksUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::InvalidKey(_) => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    /// The error as one entry of the FAPI error envelope. The short message is generic; the long one
    /// says what was wrong with the token.
    pub fn to_api_error(&self) -> ApiError {
        let message = match self.status() {
            StatusCode::UNAUTHORIZED => "Unauthorized",
            StatusCode::SERVICE_UNAVAILABLE => "Service unavailable",
            _ => "Internal error",
        };
        ApiError::new(ErrorCode::from(self.code()), message, self.to_string())
    }
}

/// `{"errors":[{"code","message","long_message","meta"}]}` with [`VerifyError::status`]; a 401 also
/// carries `WWW-Authenticate: Bearer` as RFC 6750 asks.
impl IntoResponse for VerifyError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ApiErrors::from(self.to_api_error());
        let mut response = (status, axum::Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            let challenge = if matches!(self, Self::MissingToken) {
                HeaderValue::from_static("Bearer")
            } else {
                HeaderValue::from_static("Bearer error=\"invalid_token\"")
            };
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, challenge);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct() {
        let all = [
            VerifyError::MissingToken,
            VerifyError::Malformed("x"),
            VerifyError::UnsupportedAlgorithm("HS256".into()),
            VerifyError::MissingKid,
            VerifyError::UnknownKid("k".into()),
            VerifyError::InvalidSignature,
            VerifyError::Expired { expired_at: 1 },
            VerifyError::NotYetValid { not_before: 1 },
            VerifyError::IssuerMismatch {
                expected: "a".into(),
                found: "b".into(),
            },
            VerifyError::UnauthorizedParty { azp: None },
            VerifyError::InvalidClaims("x".into()),
            VerifyError::JwksUnavailable("x".into()),
            VerifyError::InvalidKey("x".into()),
        ];
        let mut codes: Vec<_> = all.iter().map(VerifyError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }

    #[test]
    fn token_errors_are_401_and_key_outages_503() {
        assert_eq!(
            VerifyError::Expired { expired_at: 0 }.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            VerifyError::JwksUnavailable("down".into()).status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        let api = VerifyError::UnknownKid("ins_9".into()).to_api_error();
        assert_eq!(api.code.as_str(), "token_unknown_kid");
        assert!(api.long_message.contains("ins_9"));
    }
}
