//! Sign-in attempts.

use serde::{Deserialize, Serialize};

use crate::{UnixMillis, Verification};

/// Where a sign-in attempt stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInStatus {
    #[default]
    NeedsIdentifier,
    NeedsFirstFactor,
    NeedsSecondFactor,
    NeedsNewPassword,
    NeedsClientTrust,
    NeedsProtectCheck,
    Complete,
    Abandoned,
}

/// A factor the user may verify with: a strategy and, for code strategies, which identification
/// receives the code (shown masked as `safe_identifier`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInFactor {
    pub strategy: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safe_identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
}

/// Public data of the user being signed in, for "Welcome back, Ada".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInUserData {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: String,
    pub has_image: bool,
}

/// A sign-in attempt: identifier → first factor → (second factor) → complete.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignIn {
    pub object: String,
    pub id: String,
    pub status: SignInStatus,
    pub supported_identifiers: Vec<String>,
    pub supported_first_factors: Option<Vec<SignInFactor>>,
    pub supported_second_factors: Option<Vec<SignInFactor>>,
    pub first_factor_verification: Option<Verification>,
    pub second_factor_verification: Option<Verification>,
    pub identifier: Option<String>,
    pub user_data: Option<SignInUserData>,
    pub created_session_id: Option<String>,
    pub abandon_at: UnixMillis,
}

impl SignIn {
    /// The first factor with this strategy, if the user may use it.
    pub fn first_factor(&self, strategy: &str) -> Option<&SignInFactor> {
        self.supported_first_factors
            .as_deref()?
            .iter()
            .find(|f| f.strategy == strategy)
    }
}
