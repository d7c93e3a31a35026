//! The FAPI error envelope `{"errors":[{code, message, long_message, meta}]}` and its codes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// A machine-readable error code. The UI localizes errors by this code
        /// (`unstable__errors.<code>`); codes it does not know are kept in [`ErrorCode::Other`].
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
            /// A code this version does not know.
            Other(String),
        }

        impl ErrorCode {
            /// The wire form of the code.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $code,)*
                    Self::Other(code) => code,
                }
            }

            /// Every known code, for exhaustive localization checks.
            pub const KNOWN: &'static [&'static str] = &[$($code,)*];
        }

        impl From<&str> for ErrorCode {
            fn from(code: &str) -> Self {
                match code {
                    $($code => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }
    };
}

error_codes! {
    /// No account matches the identifier.
    FormIdentifierNotFound = "form_identifier_not_found",
    /// The identifier is already taken by another account.
    FormIdentifierExists = "form_identifier_exists",
    /// The password does not match.
    FormPasswordIncorrect = "form_password_incorrect",
    /// The password appears in a data breach.
    FormPasswordPwned = "form_password_pwned",
    /// The password is shorter than the minimum length.
    FormPasswordLengthTooShort = "form_password_length_too_short",
    /// The password is longer than the maximum length.
    FormPasswordLengthTooLong = "form_password_length_too_long",
    /// The verification code does not match.
    FormCodeIncorrect = "form_code_incorrect",
    /// A required parameter is missing.
    FormParamMissing = "form_param_missing",
    /// A parameter has the wrong format or type.
    FormParamFormatInvalid = "form_param_format_invalid",
    /// A parameter's value is not one of the accepted values.
    FormParamValueInvalid = "form_param_value_invalid",
    /// A parameter is not recognised for this request.
    FormParamUnknown = "form_param_unknown",
    /// The verification expired; a new code must be requested.
    VerificationExpired = "verification_expired",
    /// Too many failed attempts on this verification.
    VerificationFailed = "verification_failed",
    /// The strategy cannot be used at this step or for this user.
    StrategyForUserInvalid = "strategy_for_user_invalid",
    /// The verification must be prepared before it can be attempted.
    VerificationMissing = "verification_missing",
    /// The account is locked after too many failed attempts.
    UserLocked = "user_locked",
    /// The account is banned.
    UserBanned = "user_banned",
    /// Access is not allowed (restrictions).
    NotAllowedAccess = "not_allowed_access",
    /// Sign-up is not allowed (restrictions or mode).
    NotAllowedToSignUp = "not_allowed_to_sign_up",
    /// A session already exists and the instance is in single-session mode.
    SessionExists = "session_exists",
    /// The request lacks a valid client or session.
    AuthenticationInvalid = "authentication_invalid",
    /// The session is no longer active.
    SignedOut = "signed_out",
    /// The requested object does not exist or is not visible to the caller.
    ResourceNotFound = "resource_not_found",
    /// The caller is not allowed to perform this action.
    ResourceForbidden = "resource_forbidden",
    /// The HTTP method is not supported on this path.
    MethodNotAllowed = "method_not_allowed",
    /// The request body is larger than allowed.
    RequestBodyTooLarge = "request_body_too_large",
    /// The request body could not be parsed.
    RequestBodyInvalid = "request_body_invalid",
    /// The request's origin is not allowed for this instance.
    OriginInvalid = "origin_invalid",
    /// The dev-browser token is missing or unknown.
    DevBrowserUnauthenticated = "dev_browser_unauthenticated",
    /// Too many requests from this address; retry after the `Retry-After` delay.
    TooManyRequests = "too_many_requests",
    /// The endpoint exists in the protocol but this instance does not serve it.
    FeatureNotEnabled = "feature_not_enabled",
    /// The object is not in a state where this action applies.
    ClientStateInvalid = "client_state_invalid",
    /// The caller is not a member of the organization.
    NotAMemberInOrganization = "not_a_member_in_organization",
    /// The change would leave the organization without an admin.
    OrganizationMinimumPermissionsNeeded = "organization_minimum_permissions_needed",
    /// The organization already has its maximum number of members.
    OrganizationMembershipQuotaExceeded = "organization_membership_quota_exceeded",
    /// The uploaded file is not an accepted image or is too large.
    ImageInvalid = "image_invalid",
    /// The invitation is no longer pending (accepted, revoked or expired).
    InvitationNotPending = "organization_invitation_not_pending",
    /// An unexpected failure on the server.
    InternalError = "internal_clerk_error",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Ok(Self::from(code.as_str()))
    }
}

/// Extra data of an error: which request parameter it is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param_name: Option<String>,
}

/// One error of the envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default)]
    pub long_message: String,
    #[serde(default)]
    pub meta: ApiErrorMeta,
}

impl ApiError {
    /// An error with a short and a long message.
    pub fn new(
        code: ErrorCode,
        message: impl Into<String>,
        long_message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            message: message.into(),
            long_message: long_message.into(),
            meta: ApiErrorMeta::default(),
        }
    }

    /// The same error, about the named request parameter.
    pub fn with_param(mut self, param_name: impl Into<String>) -> Self {
        self.meta.param_name = Some(param_name.into());
        self
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.long_message)
    }
}

impl std::error::Error for ApiError {}

/// The body of every non-2xx FAPI response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrors {
    pub errors: Vec<ApiError>,
}

impl ApiErrors {
    /// The code of the first error, which clients show.
    pub fn first_code(&self) -> Option<ErrorCode> {
        self.errors.first().map(|e| e.code.clone())
    }
}

impl From<ApiError> for ApiErrors {
    fn from(error: ApiError) -> Self {
        Self {
            errors: vec![error],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn known_and_unknown_codes_round_trip() {
        for code in ErrorCode::KNOWN {
            let parsed = ErrorCode::from(*code);
            assert!(
                !matches!(parsed, ErrorCode::Other(_)),
                "{code} should be known"
            );
            assert_eq!(parsed.as_str(), *code);
        }
        let unknown: ErrorCode = serde_json::from_str("\"brand_new_code\"").unwrap();
        assert_eq!(unknown, ErrorCode::Other("brand_new_code".into()));
        assert_eq!(
            serde_json::to_string(&unknown).unwrap(),
            "\"brand_new_code\""
        );
    }

    #[test]
    #[wasm_bindgen_test]
    fn envelope_shape() {
        let errors: ApiErrors = ApiError::new(
            ErrorCode::FormParamMissing,
            "is missing",
            "Enter an email address.",
        )
        .with_param("email_address")
        .into();
        let json = serde_json::to_value(&errors).unwrap();
        assert_eq!(json["errors"][0]["code"], "form_param_missing");
        assert_eq!(json["errors"][0]["meta"]["param_name"], "email_address");
        assert_eq!(json["errors"][0]["long_message"], "Enter an email address.");
    }

    #[test]
    #[wasm_bindgen_test]
    fn lenient_parse_of_minimal_error() {
        let errors: ApiErrors =
            serde_json::from_str(r#"{"errors":[{"code":"user_locked","message":"locked"}]}"#)
                .unwrap();
        assert_eq!(errors.first_code(), Some(ErrorCode::UserLocked));
        assert_eq!(errors.errors[0].meta.param_name, None);
    }
}
