//! `GET /v1/environment`: what the instance offers, derived from its settings.

use axum::extract::State;
use axum::Json;
use serde_json::json;
use tessera_core::{
    AttributeSettings, AuthConfig, DisplayConfig, Environment, OrganizationSettings,
    PasswordSettings, SignUpSettings, UserAttributes, UserSettings,
};

use crate::config::{AttributeMode, FirstFactor, InstanceConfig, InstanceType};
use crate::{passwords, AppState};

/// `GET /v1/environment` (a bare response, no envelope).
pub(crate) async fn get_environment(State(state): State<AppState>) -> Json<Environment> {
    Json(environment(state.config()))
}

fn name_attribute(mode: AttributeMode) -> AttributeSettings {
    AttributeSettings {
        enabled: mode != AttributeMode::Off,
        required: mode == AttributeMode::Required,
        ..Default::default()
    }
}

/// A second factor's attribute: enabled and used for the second factor, or off.
fn factor(enabled: bool, strategy: &str) -> AttributeSettings {
    if enabled {
        AttributeSettings {
            enabled: true,
            used_for_second_factor: true,
            second_factors: vec![strategy.to_owned()],
            ..Default::default()
        }
    } else {
        off()
    }
}

/// The second factors the instance offers.
fn second_factors(config: &InstanceConfig) -> Vec<String> {
    [
        (config.totp, "totp"),
        (config.sms_second_factor, "phone_code"),
        (config.backup_codes, "backup_code"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, s)| s.to_owned())
    .collect()
}

fn off() -> AttributeSettings {
    AttributeSettings::default()
}

/// The environment of an instance with these settings.
pub(crate) fn environment(config: &InstanceConfig) -> Environment {
    let password = config.allows(FirstFactor::Password);
    let email_code = config.allows(FirstFactor::EmailCode);
    let mut email_first_factors = Vec::new();
    if email_code {
        email_first_factors.push("email_code".to_owned());
    }
    let mut first_factors = email_first_factors.clone();
    if password {
        first_factors.insert(0, "password".to_owned());
        first_factors.push("reset_password_email_code".to_owned());
    }
    let development = config.instance_type == InstanceType::Development;
    let url = |path: &str| format!("/{path}");
    Environment {
        auth_config: AuthConfig {
            object: "auth_config".to_owned(),
            id: "aac_tessera".to_owned(),
            first_name: config.first_name.as_str().to_owned(),
            last_name: config.last_name.as_str().to_owned(),
            email_address: "required".to_owned(),
            phone_number: if config.sms_second_factor {
                "on"
            } else {
                "off"
            }
            .to_owned(),
            username: "off".to_owned(),
            password: if password { "required" } else { "off" }.to_owned(),
            identification_requirements: vec![vec!["email_address".to_owned()]],
            identification_strategies: vec!["email_address".to_owned()],
            first_factors,
            second_factors: second_factors(config),
            email_address_verification_strategies: vec!["email_code".to_owned()],
            single_session_mode: config.single_session_mode,
            enhanced_email_deliverability: false,
            test_mode: config.test_mode,
            cookieless_dev: false,
            url_based_session_syncing: development,
            claimed_at: None,
            reverification: false,
            native_settings: json!({
                "object": "native_settings",
                "api_enabled": false,
                "trusted_device_sign_in_enabled": false,
                "trusted_device_enrollment_prompt_after_sign_in_enabled": false,
                "trusted_device_enrollment_prompt_after_sign_up_enabled": false
            }),
        },
        display_config: DisplayConfig {
            object: "display_config".to_owned(),
            id: "display_config_tessera".to_owned(),
            instance_environment_type: if development {
                "development"
            } else {
                "production"
            }
            .to_owned(),
            application_name: config.application_name.clone(),
            theme: json!({}),
            preferred_sign_in_strategy: if password { "password" } else { "otp" }.to_owned(),
            home_url: url(""),
            sign_in_url: url("sign-in"),
            sign_up_url: url("sign-up"),
            user_profile_url: url("user"),
            waitlist_url: url("waitlist"),
            oauth_consent_url: url("oauth-consent"),
            after_sign_in_url: url(""),
            after_sign_up_url: url(""),
            after_sign_out_one_url: url(""),
            after_sign_out_all_url: url(""),
            after_switch_session_url: url(""),
            after_join_waitlist_url: url(""),
            organization_profile_url: url("organization"),
            create_organization_url: url("create-organization"),
            after_leave_organization_url: url(""),
            after_create_organization_url: url(""),
            logo_link_url: url(""),
            branded: false,
            show_devmode_warning: false,
            captcha_widget_type: None,
            captcha_oauth_bypass: Vec::new(),
            ..Default::default()
        },
        user_settings: UserSettings {
            attributes: UserAttributes {
                email_address: AttributeSettings {
                    enabled: true,
                    required: true,
                    used_for_first_factor: true,
                    first_factors: email_first_factors,
                    verifications: vec!["email_code".to_owned()],
                    verify_at_sign_up: true,
                    ..Default::default()
                },
                phone_number: if config.sms_second_factor {
                    AttributeSettings {
                        enabled: true,
                        used_for_second_factor: true,
                        second_factors: vec!["phone_code".to_owned()],
                        verifications: vec!["phone_code".to_owned()],
                        ..Default::default()
                    }
                } else {
                    off()
                },
                username: off(),
                web3_wallet: off(),
                first_name: name_attribute(config.first_name),
                last_name: name_attribute(config.last_name),
                password: AttributeSettings {
                    enabled: password,
                    required: password,
                    ..Default::default()
                },
                authenticator_app: factor(config.totp, "totp"),
                ticket: off(),
                backup_code: factor(config.backup_codes, "backup_code"),
                passkey: off(),
            },
            social: json!({}),
            saml: json!({"enabled": false}),
            enterprise_sso: json!({"enabled": false}),
            sign_in: json!({"second_factor": {"required": config.second_factor_required}}),
            sign_up: SignUpSettings {
                captcha_enabled: false,
                captcha_widget_type: "smart".to_owned(),
                custom_action_required: false,
                progressive: true,
                mode: "public".to_owned(),
                legal_consent_enabled: false,
            },
            restrictions: json!({
                "allowlist": {"enabled": false},
                "blocklist": {"enabled": false},
                "allowlist_blocklist_disabled_on_sign_in": {"enabled": false},
                "block_email_subaddresses": {"enabled": false},
                "block_disposable_email_domains": {"enabled": false}
            }),
            password_settings: PasswordSettings {
                disable_hibp: true,
                min_length: passwords::MIN_LENGTH as u32,
                max_length: passwords::MAX_LENGTH as u32,
                allowed_special_characters: String::new(),
                ..Default::default()
            },
            username_settings: json!({"min_length": 4, "max_length": 64, "allow_extended_special_characters": false, "allow_numeric_usernames": false}),
            actions: json!({"delete_self": true, "create_organization": config.organizations, "create_organizations_limit": null}),
            attack_protection: json!({
                "user_lockout": {"enabled": true, "max_attempts": crate::fapi::sign_ins::MAX_FAILED_ATTEMPTS, "duration_in_minutes": 60},
                "pii": {"enabled": false},
                "email_link": {"require_same_client": false},
                "enumeration_protection": {"enabled": false}
            }),
            passkey_settings: json!({"allow_autofill": false, "show_sign_in_button": false, "satisfies_second_factor": false}),
        },
        organization_settings: OrganizationSettings {
            enabled: config.organizations,
            max_allowed_memberships: config.max_organization_memberships,
            actions: json!({"admin_delete": true}),
            domains: json!({"enabled": false, "enrollment_modes": [], "default_role": "org:member"}),
            slug: json!({"disabled": false}),
            creator_role: "org:admin".to_owned(),
        },
        fraud_settings: json!({"object": "fraud_settings", "native": {"device_attestation_mode": "disabled"}}),
        commerce_settings: json!({"billing": {
            "stripe_publishable_key": null,
            "free_trial_requires_payment_method": false,
            "user": {"enabled": false, "has_paid_plans": false},
            "organization": {"enabled": false, "has_paid_plans": false}
        }}),
        api_keys_settings: json!({"enabled": false, "user_api_keys_enabled": false, "orgs_api_keys_enabled": false}),
        protect_config: json!({"loaders": []}),
        client_debug_mode: false,
        partitioned_cookies: false,
        maintenance_mode: false,
    }
}
