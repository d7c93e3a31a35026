//! What the server stores. These are internal records (they hold secrets such as password hashes and
//! codes); `crate::fapi::present` turns them into the wire types of `tessera-core`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tessera_core::{SessionStatus, SignInStatus, SignUpStatus, UnixMillis, VerificationStatus};

/// A browser's client.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClientRecord {
    pub id: String,
    /// The opaque value of the HttpOnly `__client` cookie.
    pub cookie_token: String,
    pub sign_in_id: Option<String>,
    pub sign_up_id: Option<String>,
    pub last_active_session_id: Option<String>,
    pub last_authentication_strategy: Option<String>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// A user account.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserRecord {
    pub id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub username: Option<String>,
    /// Argon2id PHC string.
    pub password_hash: Option<String>,
    pub password_last_updated_at: Option<UnixMillis>,
    pub primary_email_address_id: Option<String>,
    /// A verified phone number of the user, once one is made primary.
    pub primary_phone_number_id: Option<String>,
    pub public_metadata: Map<String, Value>,
    pub private_metadata: Map<String, Value>,
    pub unsafe_metadata: Map<String, Value>,
    /// Failed password / code attempts since the last success (lockout counter).
    pub failed_attempts: u32,
    pub locked_until: Option<UnixMillis>,
    pub banned: bool,
    /// The authenticator app, once enrolment started.
    pub totp: Option<TotpRecord>,
    /// SHA-256 hashes of the unused backup codes.
    pub backup_code_hashes: Vec<String>,
    pub backup_codes_created_at: Option<UnixMillis>,
    pub mfa_enabled_at: Option<UnixMillis>,
    /// When the uploaded profile image last changed; `None` without one.
    pub image_updated_at: Option<UnixMillis>,
    pub mfa_disabled_at: Option<UnixMillis>,
    pub last_sign_in_at: Option<UnixMillis>,
    pub last_active_at: Option<UnixMillis>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// A user's authenticator app.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TotpRecord {
    pub id: String,
    /// Base32 secret.
    pub secret: String,
    pub verified: bool,
    /// The last time step a code was accepted for (no replay within it).
    pub last_used_step: Option<u64>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

impl UserRecord {
    /// Whether an authenticator app is set up.
    pub(crate) fn totp_enabled(&self) -> bool {
        self.totp.as_ref().is_some_and(|t| t.verified)
    }
}

/// An email address (or, later, phone number) of a user.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdentificationRecord {
    pub id: String,
    pub user_id: String,
    /// `email_address` or `phone_number`.
    pub kind: String,
    /// Normalized (lower-case) value, unique per kind.
    pub value: String,
    pub verified: bool,
    pub verification_strategy: Option<String>,
    /// A code sent to verify this identification, while unverified.
    #[serde(default)]
    pub pending: Option<FactorVerification>,
    /// Phone numbers: used for SMS second-factor codes.
    #[serde(default)]
    pub reserved_for_second_factor: bool,
    /// Phone numbers: the default second factor.
    #[serde(default)]
    pub default_second_factor: bool,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// A session.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: String,
    pub client_id: String,
    pub user_id: String,
    pub status: SessionStatus,
    pub expire_at: UnixMillis,
    pub abandon_at: UnixMillis,
    pub last_active_at: UnixMillis,
    pub last_active_organization_id: Option<String>,
    pub actor: Option<Value>,
    pub first_factor_verified_at: UnixMillis,
    pub second_factor_verified_at: Option<UnixMillis>,
    pub user_agent: Option<String>,
    pub ip_address: Option<String>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

impl SessionRecord {
    /// The status as of `now`: an active session past its expiry is expired.
    pub fn status_at(&self, now: UnixMillis) -> SessionStatus {
        // Past its maximum lifetime (`expire_at`) or idle past the inactivity timeout (`abandon_at`).
        if self.status == SessionStatus::Active && (now >= self.expire_at || now >= self.abandon_at)
        {
            SessionStatus::Expired
        } else {
            self.status
        }
    }

    /// Record activity at `now`: with an inactivity timeout, the session now lives until
    /// `now + timeout` (never past its maximum lifetime).
    pub(crate) fn touch(&mut self, now: UnixMillis, inactivity_timeout_ms: Option<i64>) {
        self.last_active_at = now;
        self.updated_at = now;
        self.abandon_at = match inactivity_timeout_ms {
            Some(timeout) => (now + timeout).min(self.expire_at),
            None => self.expire_at,
        };
    }
}

/// A one-time code or password verification in progress.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FactorVerification {
    pub strategy: String,
    pub status: VerificationStatus,
    pub attempts: u32,
    pub expire_at: Option<UnixMillis>,
    /// The code to match (none for password verifications).
    pub code: Option<String>,
    /// The identification the code was sent to.
    pub identification_id: Option<String>,
}

/// A sign-in attempt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignInRecord {
    pub id: String,
    pub client_id: String,
    pub status: SignInStatus,
    pub identifier: Option<String>,
    pub user_id: Option<String>,
    pub first_factor: Option<FactorVerification>,
    #[serde(default)]
    pub second_factor: Option<FactorVerification>,
    pub created_session_id: Option<String>,
    pub abandon_at: UnixMillis,
    pub created_at: UnixMillis,
}

/// A sign-up attempt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignUpRecord {
    pub id: String,
    pub client_id: String,
    pub status: SignUpStatus,
    pub email_address: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub password_hash: Option<String>,
    pub unsafe_metadata: Map<String, Value>,
    pub email_verification: Option<FactorVerification>,
    /// The organization invitation this sign-up came from (`strategy=ticket`).
    #[serde(default)]
    pub invitation_id: Option<String>,
    pub created_user_id: Option<String>,
    pub created_session_id: Option<String>,
    pub abandon_at: UnixMillis,
    pub created_at: UnixMillis,
}

/// A message recorded instead of sent (development instances).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: String,
    /// `email` or `sms`.
    pub channel: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub code: Option<String>,
    pub created_at: UnixMillis,
}

/// An organization.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct OrganizationRecord {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub public_metadata: Map<String, Value>,
    pub max_allowed_memberships: u32,
    pub created_by: String,
    /// When the logo last changed (cache-busting in its URL); `None` without a logo.
    pub logo_updated_at: Option<UnixMillis>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// A user's membership in an organization.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct MembershipRecord {
    pub id: String,
    pub organization_id: String,
    pub user_id: String,
    /// Role key, `org:admin` or `org:member`.
    pub role: String,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// An invitation to an organization.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct InvitationRecord {
    pub id: String,
    pub organization_id: String,
    /// Normalized (lower-case) address.
    pub email_address: String,
    pub role: String,
    /// `pending`, `accepted` or `revoked` (expiry is computed).
    pub status: String,
    /// The secret of the accept link.
    pub ticket: String,
    pub url: String,
    pub inviter_id: String,
    pub expires_at: UnixMillis,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

impl InvitationRecord {
    /// The status as of `now`: pending past its expiry is expired.
    pub(crate) fn status_at(&self, now: UnixMillis) -> &str {
        if self.status == "pending" && now >= self.expires_at {
            "expired"
        } else {
            &self.status
        }
    }
}
