//! The signed-in user and its identifications.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{UnixMillis, Verification};

/// An email address of a user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmailAddress {
    pub id: String,
    pub object: String,
    pub email_address: String,
    pub reserved: bool,
    pub verification: Option<Verification>,
    pub linked_to: Vec<Value>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// A phone number of a user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PhoneNumber {
    pub id: String,
    pub object: String,
    pub phone_number: String,
    pub reserved_for_second_factor: bool,
    pub default_second_factor: bool,
    pub reserved: bool,
    pub verification: Option<Verification>,
    pub linked_to: Vec<Value>,
    pub backup_codes: Option<Vec<String>>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// The organization as seen from one of its memberships.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationSummary {
    pub object: String,
    pub id: String,
    pub name: String,
    pub slug: String,
    pub image_url: String,
    pub has_image: bool,
    pub members_count: u32,
    pub pending_invitations_count: u32,
    pub max_allowed_memberships: u32,
    pub admin_delete_enabled: bool,
    pub public_metadata: Map<String, Value>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// An invitation to join an organization, sent to an email address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationInvitation {
    pub id: String,
    pub object: String,
    pub email_address: String,
    pub role: String,
    pub role_name: String,
    pub organization_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_organization_data: Option<PublicOrganizationData>,
    /// `pending`, `accepted`, `revoked` or `expired`.
    pub status: String,
    pub public_metadata: Map<String, Value>,
    pub url: Option<String>,
    pub expires_at: Option<UnixMillis>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// What an invitee may see of the organization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicOrganizationData {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub image_url: String,
    pub has_image: bool,
}

/// A permission of an organization role.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Permission {
    pub object: String,
    pub id: String,
    pub name: String,
    pub key: String,
    pub description: String,
    /// `system` or `user`.
    #[serde(rename = "type")]
    pub kind: String,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// An organization role, such as `org:admin`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Role {
    pub object: String,
    pub id: String,
    pub name: String,
    pub key: String,
    pub description: String,
    pub is_creator_eligible: bool,
    pub permissions: Vec<Permission>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// The public data of a member, embedded in a membership.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicUserMembershipData {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: String,
    pub has_image: bool,
    pub identifier: String,
    pub user_id: String,
}

/// A user's membership in an organization, with its role and permissions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationMembership {
    pub id: String,
    pub object: String,
    pub organization: OrganizationSummary,
    /// Role key, such as `org:admin`.
    pub role: String,
    pub role_name: String,
    /// Permission keys, such as `org:sys_memberships:manage`.
    pub permissions: Vec<String>,
    pub public_metadata: Map<String, Value>,
    pub public_user_data: Option<PublicUserMembershipData>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

/// A user, as embedded in each session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct User {
    pub id: String,
    pub object: String,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: String,
    pub has_image: bool,
    pub primary_email_address_id: Option<String>,
    pub primary_phone_number_id: Option<String>,
    pub primary_web3_wallet_id: Option<String>,
    pub password_enabled: bool,
    pub two_factor_enabled: bool,
    pub totp_enabled: bool,
    pub backup_code_enabled: bool,
    pub email_addresses: Vec<EmailAddress>,
    pub phone_numbers: Vec<PhoneNumber>,
    pub web3_wallets: Vec<Value>,
    pub passkeys: Vec<Value>,
    pub organization_memberships: Vec<OrganizationMembership>,
    pub external_accounts: Vec<Value>,
    pub saml_accounts: Vec<Value>,
    pub enterprise_accounts: Vec<Value>,
    pub password_last_updated_at: Option<UnixMillis>,
    pub public_metadata: Map<String, Value>,
    pub unsafe_metadata: Map<String, Value>,
    pub external_id: Option<String>,
    pub last_sign_in_at: Option<UnixMillis>,
    pub banned: bool,
    pub locked: bool,
    pub lockout_expires_in_seconds: Option<u64>,
    pub verification_attempts_remaining: Option<u32>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
    pub delete_self_enabled: bool,
    pub create_organization_enabled: bool,
    pub last_active_at: Option<UnixMillis>,
    pub mfa_enabled_at: Option<UnixMillis>,
    pub mfa_disabled_at: Option<UnixMillis>,
    pub legal_accepted_at: Option<UnixMillis>,
}

impl User {
    /// The primary email address, if any.
    pub fn primary_email_address(&self) -> Option<&EmailAddress> {
        let id = self.primary_email_address_id.as_deref()?;
        self.email_addresses.iter().find(|e| e.id == id)
    }

    /// "First Last", or whichever of the two is set.
    pub fn full_name(&self) -> Option<String> {
        let parts: Vec<&str> = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}
