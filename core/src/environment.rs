//! The instance's environment: what the UI may offer (`GET /v1/environment`).
//!
//! The sections the SDK and components read are typed; the protocol's other sections are kept
//! as JSON so the server can send a complete, coherent environment without this crate growing
//! a type for every product area.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `GET /v1/environment` (a bare response).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Environment {
    pub auth_config: AuthConfig,
    pub display_config: DisplayConfig,
    pub user_settings: UserSettings,
    pub organization_settings: OrganizationSettings,
    pub fraud_settings: Value,
    pub commerce_settings: Value,
    pub api_keys_settings: Value,
    pub protect_config: Value,
    pub client_debug_mode: bool,
    pub partitioned_cookies: bool,
    pub maintenance_mode: bool,
}

/// Which attributes exist and how the instance authenticates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthConfig {
    pub object: String,
    pub id: String,
    /// `on`, `off` or `required`, for each attribute.
    pub first_name: String,
    pub last_name: String,
    pub email_address: String,
    pub phone_number: String,
    pub username: String,
    pub password: String,
    pub identification_requirements: Vec<Vec<String>>,
    pub identification_strategies: Vec<String>,
    pub first_factors: Vec<String>,
    pub second_factors: Vec<String>,
    pub email_address_verification_strategies: Vec<String>,
    pub single_session_mode: bool,
    pub enhanced_email_deliverability: bool,
    pub test_mode: bool,
    pub cookieless_dev: bool,
    pub url_based_session_syncing: bool,
    pub claimed_at: Option<i64>,
    pub reverification: bool,
    pub native_settings: Value,
}

/// Branding and the URLs of the instance's pages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisplayConfig {
    pub object: String,
    pub id: String,
    /// `development` or `production`.
    pub instance_environment_type: String,
    pub application_name: String,
    pub theme: Value,
    pub preferred_sign_in_strategy: String,
    pub logo_image_url: Option<String>,
    pub favicon_image_url: Option<String>,
    pub home_url: String,
    pub sign_in_url: String,
    pub sign_up_url: String,
    pub user_profile_url: String,
    pub waitlist_url: String,
    pub oauth_consent_url: String,
    pub after_sign_in_url: String,
    pub after_sign_up_url: String,
    pub after_sign_out_one_url: String,
    pub after_sign_out_all_url: String,
    pub after_switch_session_url: String,
    pub after_join_waitlist_url: String,
    pub organization_profile_url: String,
    pub create_organization_url: String,
    pub after_leave_organization_url: String,
    pub after_create_organization_url: String,
    pub logo_link_url: String,
    pub support_email: Option<String>,
    pub branded: bool,
    pub experimental_force_oauth_first: bool,
    pub clerk_js_version: Option<String>,
    pub show_devmode_warning: bool,
    pub google_one_tap_client_id: Option<String>,
    pub help_url: Option<String>,
    pub privacy_policy_url: Option<String>,
    pub terms_url: Option<String>,
    pub logo_url: Option<String>,
    pub favicon_url: Option<String>,
    pub logo_image: Option<Value>,
    pub favicon_image: Option<Value>,
    pub captcha_public_key: Option<String>,
    pub captcha_widget_type: Option<String>,
    pub captcha_public_key_invisible: Option<String>,
    pub captcha_provider: Option<String>,
    pub captcha_oauth_bypass: Vec<String>,
}

/// How one user attribute (email, password, first name, …) is used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttributeSettings {
    pub enabled: bool,
    pub required: bool,
    pub used_for_first_factor: bool,
    pub first_factors: Vec<String>,
    pub used_for_second_factor: bool,
    pub second_factors: Vec<String>,
    pub verifications: Vec<String>,
    pub verify_at_sign_up: bool,
    pub immutable: bool,
}

/// The attributes of a user and how each is used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserAttributes {
    pub email_address: AttributeSettings,
    pub phone_number: AttributeSettings,
    pub username: AttributeSettings,
    pub web3_wallet: AttributeSettings,
    pub first_name: AttributeSettings,
    pub last_name: AttributeSettings,
    pub password: AttributeSettings,
    pub authenticator_app: AttributeSettings,
    pub ticket: AttributeSettings,
    pub backup_code: AttributeSettings,
    pub passkey: AttributeSettings,
}

/// Sign-up settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignUpSettings {
    pub captcha_enabled: bool,
    pub captcha_widget_type: String,
    pub custom_action_required: bool,
    pub progressive: bool,
    /// `public`, `restricted` or `waitlist`.
    pub mode: String,
    pub legal_consent_enabled: bool,
}

/// Password rules (NIST SP 800-63B: length only, no composition rules).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordSettings {
    pub disable_hibp: bool,
    pub disable_password_reverification: bool,
    pub min_length: u32,
    pub max_length: u32,
    pub require_special_char: bool,
    pub require_numbers: bool,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub show_zxcvbn: bool,
    pub min_zxcvbn_strength: u32,
    pub enforce_hibp_on_sign_in: bool,
    pub allowed_special_characters: String,
}

/// What users may do and how they sign up and in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserSettings {
    pub attributes: UserAttributes,
    pub social: Value,
    pub saml: Value,
    pub enterprise_sso: Value,
    pub sign_in: Value,
    pub sign_up: SignUpSettings,
    pub restrictions: Value,
    pub password_settings: PasswordSettings,
    pub username_settings: Value,
    pub actions: Value,
    pub attack_protection: Value,
    pub passkey_settings: Value,
}

/// Organization settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationSettings {
    pub enabled: bool,
    pub max_allowed_memberships: u32,
    pub actions: Value,
    pub domains: Value,
    pub slug: Value,
    pub creator_role: String,
}
