//! Sign-up attempts.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{UnixMillis, Verification};

/// Where a sign-up attempt stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignUpStatus {
    #[default]
    MissingRequirements,
    Complete,
    Abandoned,
}

/// Verifications of the identifications given during sign-up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignUpVerifications {
    pub email_address: Option<Verification>,
    pub phone_number: Option<Verification>,
    pub web3_wallet: Option<Verification>,
    pub external_account: Option<Verification>,
}

/// A sign-up attempt. Clients drive their UI from `missing_fields` and `unverified_fields`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignUp {
    pub object: String,
    pub id: String,
    pub status: SignUpStatus,
    pub required_fields: Vec<String>,
    pub optional_fields: Vec<String>,
    pub missing_fields: Vec<String>,
    pub unverified_fields: Vec<String>,
    pub verifications: SignUpVerifications,
    pub username: Option<String>,
    pub email_address: Option<String>,
    pub phone_number: Option<String>,
    pub web3_wallet: Option<String>,
    pub password_enabled: bool,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub unsafe_metadata: Map<String, Value>,
    pub public_metadata: Map<String, Value>,
    pub custom_action: bool,
    pub external_id: Option<String>,
    pub created_session_id: Option<String>,
    pub created_user_id: Option<String>,
    pub abandon_at: UnixMillis,
    pub legal_accepted_at: Option<UnixMillis>,
}
