//! Wire types shared by the Tessera server and the browser SDK.
//!
//! Everything here mirrors Clerk's public Frontend API (FAPI): the objects the server returns
//! ([`Client`], [`Session`], [`SignIn`], [`SignUp`], [`User`], [`Environment`], …), the envelopes they
//! travel in, the error envelope with its codes, and the claims of a session token with their
//! `has()` logic. No I/O happens here, so the crate compiles and is tested both natively and on wasm32:
//! server and SDK cannot drift apart.
//!
//! ```
//! use tessera_core::{ApiErrors, ErrorCode};
//! let body = r#"{"errors":[{"code":"form_password_incorrect","message":"Password is incorrect.","long_message":"Password is incorrect. Try again.","meta":{"param_name":"password"}}]}"#;
//! let errors: ApiErrors = serde_json::from_str(body).unwrap();
//! assert_eq!(errors.first_code(), Some(ErrorCode::FormPasswordIncorrect));
//! ```

mod claims;
mod client;
mod envelope;
mod environment;
mod error;
pub mod ids;
mod session;
mod sign_in;
mod sign_up;
mod user;
mod verification;

pub use claims::{Actor, Authorization, OrganizationClaim, SessionClaims, SESSION_TOKEN_VERSION};
pub use client::Client;
pub use envelope::{
    ClientEnvelope, DeletedObject, DevBrowser, Jwk, Jwks, ListResponse, TokenResponse,
};
pub use environment::{
    AttributeSettings, AuthConfig, DisplayConfig, Environment, OrganizationSettings,
    PasswordSettings, SignUpSettings, UserAttributes, UserSettings,
};
pub use error::{ApiError, ApiErrorMeta, ApiErrors, ErrorCode};
pub use session::{PublicUserData, Session, SessionActivity, SessionStatus, SessionWithActivity};
pub use sign_in::{SignIn, SignInFactor, SignInStatus, SignInUserData};
pub use sign_up::{SignUp, SignUpStatus, SignUpVerifications};
pub use user::{
    EmailAddress, OrganizationInvitation, OrganizationMembership, OrganizationSummary, Permission,
    PhoneNumber, PublicOrganizationData, PublicUserMembershipData, Role, User,
};
pub use verification::{Verification, VerificationStatus};

/// Milliseconds since the Unix epoch: the unit of every timestamp in FAPI JSON.
pub type UnixMillis = i64;
