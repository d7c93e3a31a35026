//! The SDK's model: lean views of the Frontend API objects with only the fields the runtime and the
//! components read (the list in `docs/ui-contract.md`), each keeping the object as the server sent
//! it ([`Json`], reachable with `raw()`).
//!
//! Why not `tessera_core`'s full wire types: deserializing them with serde_json was about half of the
//! browser bundle. These types are read from the engine's `JSON.parse` result field by field, with
//! no parser in the wasm. The server still writes `tessera_core` types; the SDK's tests serialize
//! those and read them back with these (see `tests/model.rs`), so the two cannot drift apart
//! unnoticed.
//!
//! Equality of the big objects (client, environment, session, user, sign-in, sign-up) compares the
//! JSON the server sent, not field by field: that is what decides whether the state changed.

pub use tessera_core::{
    ErrorCode, OrganizationClaim, SessionStatus, SignInStatus, SignUpStatus, VerificationStatus,
};

use crate::json::{FromJson, Json};

/// Equality and the raw object of a type that keeps the JSON it was read from.
macro_rules! raw_object {
    ($($ty:ident),*) => {$(
        impl $ty {
            /// The object as the server sent it.
            pub fn raw(&self) -> &Json {
                &self.raw
            }
        }

        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                self.raw == other.raw
            }
        }
    )*};
}

raw_object!(
    Environment,
    Client,
    Session,
    User,
    SignIn,
    SignUp,
    SessionClaims,
    Organization,
    OrganizationMembership,
    OrganizationInvitation
);

fn session_status(json: &Json) -> SessionStatus {
    match json.as_str().as_deref() {
        // Absent: the wire types' default.
        None | Some("active") => SessionStatus::Active,
        Some("revoked") => SessionStatus::Revoked,
        Some("expired") => SessionStatus::Expired,
        Some("removed") => SessionStatus::Removed,
        Some("abandoned") => SessionStatus::Abandoned,
        Some("pending") => SessionStatus::Pending,
        // `ended`, and anything newer: not usable.
        Some(_) => SessionStatus::Ended,
    }
}

fn sign_in_status(json: &Json) -> SignInStatus {
    match json.as_str().as_deref() {
        Some("needs_first_factor") => SignInStatus::NeedsFirstFactor,
        Some("needs_second_factor") => SignInStatus::NeedsSecondFactor,
        Some("needs_new_password") => SignInStatus::NeedsNewPassword,
        Some("needs_client_trust") => SignInStatus::NeedsClientTrust,
        Some("needs_protect_check") => SignInStatus::NeedsProtectCheck,
        Some("complete") => SignInStatus::Complete,
        Some("abandoned") => SignInStatus::Abandoned,
        _ => SignInStatus::NeedsIdentifier,
    }
}

fn sign_up_status(json: &Json) -> SignUpStatus {
    match json.as_str().as_deref() {
        Some("complete") => SignUpStatus::Complete,
        Some("abandoned") => SignUpStatus::Abandoned,
        _ => SignUpStatus::MissingRequirements,
    }
}

fn verification_status(json: &Json) -> VerificationStatus {
    match json.as_str().as_deref() {
        Some("verified") => VerificationStatus::Verified,
        Some("failed") => VerificationStatus::Failed,
        Some("expired") => VerificationStatus::Expired,
        Some("transferable") => VerificationStatus::Transferable,
        _ => VerificationStatus::Unverified,
    }
}

// ---------------------------------------------------------------------------------------------
// Environment

/// `GET /v1/environment`: what the UI may offer.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub auth_config: AuthConfig,
    pub display_config: DisplayConfig,
    pub user_settings: UserSettings,
    raw: Json,
}

/// How the instance authenticates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthConfig {
    /// First-factor strategies (`password`, `email_code`, `reset_password_email_code`, …).
    pub first_factors: Vec<String>,
}

/// Branding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisplayConfig {
    pub application_name: String,
}

/// What users may do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserSettings {
    pub attributes: UserAttributes,
    pub password_settings: PasswordSettings,
}

/// The user attributes the components offer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserAttributes {
    pub email_address: AttributeSettings,
    pub first_name: AttributeSettings,
    pub last_name: AttributeSettings,
    pub password: AttributeSettings,
}

/// Whether an attribute is offered, and whether it must be given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttributeSettings {
    pub enabled: bool,
    pub required: bool,
}

/// Password rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PasswordSettings {
    pub min_length: u32,
}

impl FromJson for Environment {
    fn from_json(json: &Json) -> Self {
        let settings = json.get("user_settings");
        let attributes = settings.get("attributes");
        let attribute = |name: &str| {
            let a = attributes.get(name);
            AttributeSettings {
                enabled: a.flag("enabled"),
                required: a.flag("required"),
            }
        };
        Self {
            auth_config: AuthConfig {
                first_factors: json.get("auth_config").strings("first_factors"),
            },
            display_config: DisplayConfig {
                application_name: json.get("display_config").string("application_name"),
            },
            user_settings: UserSettings {
                attributes: UserAttributes {
                    email_address: attribute("email_address"),
                    first_name: attribute("first_name"),
                    last_name: attribute("last_name"),
                    password: attribute("password"),
                },
                password_settings: PasswordSettings {
                    min_length: u32::try_from(settings.get("password_settings").int("min_length"))
                        .unwrap_or(0),
                },
            },
            raw: json.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Client and sessions

/// One browser: its sessions and the sign-in / sign-up in progress. Every mutation returns the
/// fresh client, which replaces the state.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub id: String,
    pub sessions: Vec<Session>,
    pub last_active_session_id: Option<String>,
    raw: Json,
}

impl Client {
    /// The sign-in in progress. Read from the client's JSON when asked: the runtime never needs
    /// it, so the headless bundle carries no reader for it (the JS facade hands out raw objects).
    pub fn sign_in(&self) -> Option<SignIn> {
        self.raw.opt("sign_in")
    }

    /// The sign-up in progress (read when asked, like [`Client::sign_in`]).
    pub fn sign_up(&self) -> Option<SignUp> {
        self.raw.opt("sign_up")
    }

    /// The session the client last used, if it is still listed.
    pub fn last_active_session(&self) -> Option<&Session> {
        let id = self.last_active_session_id.as_deref()?;
        self.sessions.iter().find(|s| s.id == id)
    }

    /// Sessions that can still mint tokens.
    pub fn active_sessions(&self) -> impl Iterator<Item = &Session> {
        self.sessions.iter().filter(|s| s.is_active())
    }
}

impl FromJson for Client {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            sessions: json.list("sessions"),
            last_active_session_id: json.opt_string("last_active_session_id"),
            raw: json.clone(),
        }
    }
}

/// One signed-in user on one client.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub id: String,
    pub status: SessionStatus,
    /// The impersonator, when someone acts as this user.
    pub actor: Option<Json>,
    pub last_active_organization_id: Option<String>,
    pub user: Option<User>,
    raw: Json,
}

impl Session {
    /// Whether the session can be used (only active sessions mint tokens).
    pub fn is_active(&self) -> bool {
        self.status == SessionStatus::Active
    }
}

impl FromJson for Session {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            status: session_status(&json.get("status")),
            actor: json.opt("actor"),
            last_active_organization_id: json.opt_string("last_active_organization_id"),
            user: json.opt("user"),
            raw: json.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// User

/// A user, as embedded in each session.
#[derive(Debug, Clone, Default)]
pub struct User {
    pub id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: String,
    pub has_image: bool,
    pub primary_email_address_id: Option<String>,
    pub email_addresses: Vec<EmailAddress>,
    pub organization_memberships: Vec<OrganizationMembership>,
    raw: Json,
}

impl User {
    /// The primary email address, if any.
    pub fn primary_email_address(&self) -> Option<&EmailAddress> {
        let id = self.primary_email_address_id.as_deref()?;
        self.email_addresses.iter().find(|e| e.id == id)
    }

    // What only the account pages need is read when asked (like `Organization`'s counts): the
    // runtime parses a user on every client change, and the headless bundle has no room for it.

    /// The user's phone numbers.
    pub fn phone_numbers(&self) -> Vec<PhoneNumber> {
        self.raw.list("phone_numbers")
    }

    /// The id of the primary phone number, if any.
    pub fn primary_phone_number_id(&self) -> Option<String> {
        self.raw.opt_string("primary_phone_number_id")
    }

    /// Whether the user has a password (else "Set password" rather than "Update password").
    pub fn password_enabled(&self) -> bool {
        self.raw.flag("password_enabled")
    }

    /// Whether sign-in asks for a second factor.
    pub fn two_factor_enabled(&self) -> bool {
        self.raw.flag("two_factor_enabled")
    }

    /// Whether an authenticator app is set up.
    pub fn totp_enabled(&self) -> bool {
        self.raw.flag("totp_enabled")
    }

    /// Whether the user has unused backup codes.
    pub fn backup_code_enabled(&self) -> bool {
        self.raw.flag("backup_code_enabled")
    }

    /// Whether the user may delete their own account.
    pub fn delete_self_enabled(&self) -> bool {
        self.raw.flag("delete_self_enabled")
    }

    /// "First Last", or whichever of the two is set.
    pub fn full_name(&self) -> Option<String> {
        let mut name = String::new();
        for part in [&self.first_name, &self.last_name].into_iter().flatten() {
            let part = part.trim();
            if !part.is_empty() {
                if !name.is_empty() {
                    name.push(' ');
                }
                name.push_str(part);
            }
        }
        (!name.is_empty()).then_some(name)
    }
}

impl FromJson for User {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            first_name: json.opt_string("first_name"),
            last_name: json.opt_string("last_name"),
            image_url: json.string("image_url"),
            has_image: json.flag("has_image"),
            primary_email_address_id: json.opt_string("primary_email_address_id"),
            email_addresses: json.list("email_addresses"),
            organization_memberships: json.list("organization_memberships"),
            raw: json.clone(),
        }
    }
}

/// An email address of a user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailAddress {
    pub id: String,
    pub email_address: String,
    /// Null until a verification is prepared (or for an address added by an administrator).
    pub verification: Option<Verification>,
}

impl EmailAddress {
    /// Whether the address is verified (only a verified address can become primary).
    pub fn is_verified(&self) -> bool {
        self.verification
            .as_ref()
            .is_some_and(Verification::is_verified)
    }
}

impl FromJson for EmailAddress {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            email_address: json.string("email_address"),
            verification: json.opt("verification"),
        }
    }
}

/// A phone number of a user (E.164, such as `+12015550123`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhoneNumber {
    pub id: String,
    pub phone_number: String,
    pub verification: Option<Verification>,
    /// Used for second-factor codes.
    pub reserved_for_second_factor: bool,
    /// The second factor sign-in asks for first.
    pub default_second_factor: bool,
}

impl PhoneNumber {
    /// Whether the number is verified.
    pub fn is_verified(&self) -> bool {
        self.verification
            .as_ref()
            .is_some_and(Verification::is_verified)
    }
}

impl FromJson for PhoneNumber {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            phone_number: json.string("phone_number"),
            verification: json.opt("verification"),
            reserved_for_second_factor: json.flag("reserved_for_second_factor"),
            default_second_factor: json.flag("default_second_factor"),
        }
    }
}

/// An authenticator app being set up (`POST /me/totp`) or just verified.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TotpSecret {
    pub id: String,
    /// The base32 secret, for typing into an app; empty once verified (shown during set-up only).
    pub secret: String,
    /// The `otpauth://totp/…` URI a QR code carries; empty once verified.
    pub uri: String,
    pub verified: bool,
    /// Issued with the first second factor, and shown once.
    pub backup_codes: Vec<String>,
}

impl FromJson for TotpSecret {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            secret: json.string("secret"),
            uri: json.string("uri"),
            verified: json.flag("verified"),
            backup_codes: json.strings("backup_codes"),
        }
    }
}

/// A fresh set of backup codes (the previous set stops working); shown once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupCodes {
    pub id: String,
    pub codes: Vec<String>,
}

impl FromJson for BackupCodes {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            codes: json.strings("codes"),
        }
    }
}

/// One of the user's active sessions, on this device or another (`GET /me/sessions/active`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActiveSession {
    pub id: String,
    pub status: SessionStatus,
    /// Milliseconds since the epoch.
    pub last_active_at: i64,
    pub latest_activity: Option<SessionActivity>,
}

impl FromJson for ActiveSession {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            status: session_status(&json.get("status")),
            last_active_at: json.int("last_active_at"),
            latest_activity: json.opt("latest_activity"),
        }
    }
}

/// The device and place a session was last used from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionActivity {
    pub id: String,
    pub browser_name: Option<String>,
    pub browser_version: Option<String>,
    /// Such as `iPhone` or `Macintosh`, when the server knows.
    pub device_type: Option<String>,
    pub is_mobile: bool,
    pub ip_address: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

impl FromJson for SessionActivity {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            browser_name: json.opt_string("browser_name"),
            browser_version: json.opt_string("browser_version"),
            device_type: json.opt_string("device_type"),
            is_mobile: json.flag("is_mobile"),
            ip_address: json.opt_string("ip_address"),
            city: json.opt_string("city"),
            country: json.opt_string("country"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Organizations

/// An organization, as embedded in a membership or returned by the organization endpoints.
#[derive(Debug, Clone, Default)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub image_url: String,
    pub has_image: bool,
    raw: Json,
}

impl Organization {
    /// Members (read when asked, like the counts below: the runtime never needs them).
    pub fn members_count(&self) -> u32 {
        count(&self.raw, "members_count")
    }

    /// Invitations still pending.
    pub fn pending_invitations_count(&self) -> u32 {
        count(&self.raw, "pending_invitations_count")
    }

    /// The most members it may have; 0 for no limit.
    pub fn max_allowed_memberships(&self) -> u32 {
        count(&self.raw, "max_allowed_memberships")
    }
}

/// The organization of a membership (the name it had before it carried the whole object).
pub type OrganizationSummary = Organization;

fn count(json: &Json, key: &str) -> u32 {
    u32::try_from(json.int(key)).unwrap_or(0)
}

impl FromJson for Organization {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            name: json.string("name"),
            slug: json.string("slug"),
            image_url: json.string("image_url"),
            has_image: json.flag("has_image"),
            raw: json.clone(),
        }
    }
}

/// A membership in an organization: the user's own (in [`User::organization_memberships`]) or a
/// member's (in an organization's list, with `public_user_data`).
#[derive(Debug, Clone, Default)]
pub struct OrganizationMembership {
    pub id: String,
    pub organization: Organization,
    /// Role key, such as `org:admin`.
    pub role: String,
    /// Permission keys, such as `org:sys_memberships:manage`.
    pub permissions: Vec<String>,
    raw: Json,
}

impl OrganizationMembership {
    /// The role's display name, such as `Admin` (read when asked).
    pub fn role_name(&self) -> String {
        self.raw.string("role_name")
    }

    /// Who the member is (in an organization's list of members). Read when asked, like
    /// [`Client::sign_in`]: the runtime itself never needs it.
    pub fn public_user_data(&self) -> Option<PublicUserData> {
        self.raw.opt("public_user_data")
    }
}

impl FromJson for OrganizationMembership {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            organization: Organization::from_json(&json.get("organization")),
            role: json.string("role"),
            permissions: json.strings("permissions"),
            raw: json.clone(),
        }
    }
}

/// What other members may see of a member.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicUserData {
    pub user_id: String,
    /// The member's primary email address (or other identifier).
    pub identifier: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: String,
}

impl FromJson for PublicUserData {
    fn from_json(json: &Json) -> Self {
        Self {
            user_id: json.string("user_id"),
            identifier: json.string("identifier"),
            first_name: json.opt_string("first_name"),
            last_name: json.opt_string("last_name"),
            image_url: json.string("image_url"),
        }
    }
}

/// An invitation to an organization: in the organization's list, and in the invitee's (where
/// `public_organization_data` says what the organization is).
#[derive(Debug, Clone, Default)]
pub struct OrganizationInvitation {
    pub id: String,
    pub email_address: String,
    /// Role key the invitee will get.
    pub role: String,
    pub role_name: String,
    pub organization_id: String,
    /// `pending`, `accepted`, `revoked` or `expired`.
    pub status: String,
    pub public_organization_data: Option<PublicOrganizationData>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    raw: Json,
}

/// The signed-in user's invitation (`GET /me/organization_invitations`): the same object, read
/// for its `public_organization_data`.
pub type UserOrganizationInvitation = OrganizationInvitation;

impl FromJson for OrganizationInvitation {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            email_address: json.string("email_address"),
            role: json.string("role"),
            role_name: json.string("role_name"),
            organization_id: json.string("organization_id"),
            status: json.string("status"),
            public_organization_data: json.opt("public_organization_data"),
            created_at: json.int("created_at"),
            raw: json.clone(),
        }
    }
}

/// What an invitee may see of the organization.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicOrganizationData {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub image_url: String,
    pub has_image: bool,
}

impl FromJson for PublicOrganizationData {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            name: json.string("name"),
            slug: json.string("slug"),
            image_url: json.string("image_url"),
            has_image: json.flag("has_image"),
        }
    }
}

/// An organization role, such as `org:admin`, with its permission keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Role {
    pub key: String,
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
}

impl FromJson for Role {
    fn from_json(json: &Json) -> Self {
        Self {
            key: json.string("key"),
            name: json.string("name"),
            description: json.string("description"),
            permissions: json
                .get("permissions")
                .items()
                .iter()
                .map(|p| p.string("key"))
                .collect(),
        }
    }
}

/// One page of a list endpoint: `{data, total_count}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Paginated<T> {
    pub data: Vec<T>,
    /// Items in the whole list, not only this page.
    pub total_count: u64,
}

impl<T> Default for Paginated<T> {
    fn default() -> Self {
        Self {
            data: Vec::new(),
            total_count: 0,
        }
    }
}

impl<T> Paginated<T> {
    /// How many pages of `page_size` the whole list makes.
    pub fn page_count(&self, page_size: u32) -> u64 {
        self.total_count.div_ceil(u64::from(page_size.max(1)))
    }
}

impl<T: FromJson> FromJson for Paginated<T> {
    fn from_json(json: &Json) -> Self {
        Self {
            data: json.list("data"),
            total_count: u64::try_from(json.int("total_count")).unwrap_or(0),
        }
    }
}

/// Which page of a list to fetch: pages count from 1 (`limit`/`offset` on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub page_size: u32,
}

impl Default for PageRequest {
    /// The first page of ten, like Clerk's hooks.
    fn default() -> Self {
        Self {
            page: 1,
            page_size: 10,
        }
    }
}

impl PageRequest {
    /// `limit`.
    pub fn limit(&self) -> u32 {
        self.page_size.max(1)
    }

    /// `offset`.
    pub fn offset(&self) -> u64 {
        u64::from(self.page.max(1) - 1) * u64::from(self.limit())
    }

    /// The next page.
    pub fn next(self) -> Self {
        Self {
            page: self.page.max(1) + 1,
            ..self
        }
    }

    /// The previous page (the first stays the first).
    pub fn previous(self) -> Self {
        Self {
            page: self.page.max(2) - 1,
            ..self
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sign-in and sign-up

/// The state of a verification.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    pub status: VerificationStatus,
    /// Null until the verification is prepared.
    pub strategy: Option<String>,
}

impl Verification {
    /// Whether the verification succeeded.
    pub fn is_verified(&self) -> bool {
        self.status == VerificationStatus::Verified
    }
}

impl FromJson for Verification {
    fn from_json(json: &Json) -> Self {
        Self {
            status: verification_status(&json.get("status")),
            strategy: json.opt_string("strategy"),
        }
    }
}

/// A sign-in attempt: identifier → first factor → second factor (when the user has one) →
/// complete.
#[derive(Debug, Clone, Default)]
pub struct SignIn {
    pub id: String,
    pub status: SignInStatus,
    pub identifier: Option<String>,
    pub supported_first_factors: Option<Vec<SignInFactor>>,
    /// Listed while the status is `needs_second_factor` (`totp`, `phone_code`, `backup_code`).
    pub supported_second_factors: Option<Vec<SignInFactor>>,
    pub first_factor_verification: Option<Verification>,
    pub second_factor_verification: Option<Verification>,
    pub user_data: Option<SignInUserData>,
    pub created_session_id: Option<String>,
    raw: Json,
}

fn factor<'a>(factors: Option<&'a [SignInFactor]>, strategy: &str) -> Option<&'a SignInFactor> {
    factors?.iter().find(|f| f.strategy == strategy)
}

impl SignIn {
    /// The first factor with this strategy, if the user may use it.
    pub fn first_factor(&self, strategy: &str) -> Option<&SignInFactor> {
        factor(self.supported_first_factors.as_deref(), strategy)
    }

    /// The second factor with this strategy, if the user has it (for `phone_code`, the
    /// user's default phone first).
    pub fn second_factor(&self, strategy: &str) -> Option<&SignInFactor> {
        let factors = self.supported_second_factors.as_deref();
        factors
            .and_then(|all| all.iter().find(|f| f.strategy == strategy && f.primary))
            .or_else(|| factor(factors, strategy))
    }
}

impl FromJson for SignIn {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            status: sign_in_status(&json.get("status")),
            identifier: json.opt_string("identifier"),
            supported_first_factors: json.opt_list("supported_first_factors"),
            supported_second_factors: json.opt_list("supported_second_factors"),
            first_factor_verification: json.opt("first_factor_verification"),
            second_factor_verification: json.opt("second_factor_verification"),
            user_data: json.opt("user_data"),
            created_session_id: json.opt_string("created_session_id"),
            raw: json.clone(),
        }
    }
}

/// A factor the user may sign in with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInFactor {
    pub strategy: String,
    /// The masked identification that receives the code.
    pub safe_identifier: Option<String>,
    pub email_address_id: Option<String>,
    /// The phone that receives a `phone_code`.
    pub phone_number_id: Option<String>,
    /// The user's default second factor.
    pub primary: bool,
}

impl FromJson for SignInFactor {
    fn from_json(json: &Json) -> Self {
        Self {
            strategy: json.string("strategy"),
            safe_identifier: json.opt_string("safe_identifier"),
            email_address_id: json.opt_string("email_address_id"),
            phone_number_id: json.opt_string("phone_number_id"),
            primary: json.flag("primary"),
        }
    }
}

/// Public data of the user being signed in ("Welcome back, Ada").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInUserData {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: String,
}

impl FromJson for SignInUserData {
    fn from_json(json: &Json) -> Self {
        Self {
            first_name: json.opt_string("first_name"),
            last_name: json.opt_string("last_name"),
            image_url: json.string("image_url"),
        }
    }
}

/// A sign-up attempt, driven by `missing_fields` and `unverified_fields`.
#[derive(Debug, Clone, Default)]
pub struct SignUp {
    pub id: String,
    pub status: SignUpStatus,
    pub required_fields: Vec<String>,
    pub optional_fields: Vec<String>,
    pub missing_fields: Vec<String>,
    pub unverified_fields: Vec<String>,
    pub email_address: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub verifications: SignUpVerifications,
    pub created_session_id: Option<String>,
    raw: Json,
}

/// Verifications of the identifications given during sign-up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignUpVerifications {
    pub email_address: Option<Verification>,
}

impl FromJson for SignUp {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            status: sign_up_status(&json.get("status")),
            required_fields: json.strings("required_fields"),
            optional_fields: json.strings("optional_fields"),
            missing_fields: json.strings("missing_fields"),
            unverified_fields: json.strings("unverified_fields"),
            email_address: json.opt_string("email_address"),
            first_name: json.opt_string("first_name"),
            last_name: json.opt_string("last_name"),
            verifications: SignUpVerifications {
                email_address: json.get("verifications").opt("email_address"),
            },
            created_session_id: json.opt_string("created_session_id"),
            raw: json.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Session-token claims

/// The claims of a session token (v2), read without verifying the signature (browsers never
/// verify). The fields the SDK uses; `raw()` has every claim (`iss`, `azp`, `nbf`, `v`, …).
#[derive(Debug, Clone, Default)]
pub struct SessionClaims {
    /// Session id.
    pub sid: String,
    /// User id.
    pub sub: String,
    /// Expiry and issued-at, in seconds.
    pub exp: i64,
    pub iat: i64,
    /// Token id.
    pub jti: String,
    /// Organization features, for decoding `o.fpm`.
    pub fea: Option<String>,
    /// The active organization.
    pub o: Option<OrganizationClaim>,
    /// The impersonator, if any.
    pub act: Option<Json>,
    raw: Json,
}

impl SessionClaims {
    /// Decode the payload of a compact JWT **without verifying it**. `None` for anything that is not
    /// three parts with base64url JSON claims in the middle.
    pub fn decode_unverified(jwt: &str) -> Option<Self> {
        let dots: Vec<usize> = jwt
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'.')
            .map(|(i, _)| i)
            .collect();
        let [first, second] = dots[..] else {
            return None;
        };
        let payload = jwt.get(first + 1..second)?;
        let json = Json::parse(&crate::base64::decode_text(payload, true)?)?;
        // The claims every token has (the wire type requires them too).
        if json.get("sid").as_str().is_none() || json.get("exp").as_f64().is_none() {
            return None;
        }
        Some(Self::from_json(&json))
    }

    /// Full permission keys of the active organization.
    pub fn org_permissions(&self) -> Vec<String> {
        self.o
            .as_ref()
            .map(|o| o.permission_keys(self.fea.as_deref()))
            .unwrap_or_default()
    }
}

impl FromJson for SessionClaims {
    fn from_json(json: &Json) -> Self {
        Self {
            sid: json.string("sid"),
            sub: json.string("sub"),
            exp: json.int("exp"),
            iat: json.int("iat"),
            jti: json.string("jti"),
            fea: json.opt_string("fea"),
            o: json.opt("o"),
            act: json.opt("act"),
            raw: json.clone(),
        }
    }
}

impl FromJson for OrganizationClaim {
    fn from_json(json: &Json) -> Self {
        Self {
            id: json.string("id"),
            slg: json.string("slg"),
            rol: json.string("rol"),
            per: json.string("per"),
            fpm: json.string("fpm"),
        }
    }
}
