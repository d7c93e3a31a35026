//! Instance settings: what the instance offers and how strict it is. Read from `--config FILE.toml`,
//! with command-line flags layered on top.

use std::path::Path;

use serde::Deserialize;

/// Whether the instance behaves like a development or a production instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum InstanceType {
    /// `pk_test_…` keys, the dev outbox, relaxed origins on loopback.
    #[default]
    Development,
    /// `pk_live_…` keys; no outbox.
    Production,
}

/// Whether a user attribute is collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AttributeMode {
    /// Not collected.
    #[default]
    Off,
    /// Offered, optional.
    On,
    /// Must be given at sign-up.
    Required,
}

impl AttributeMode {
    /// The wire form (`on`, `off`, `required`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::On => "on",
            Self::Required => "required",
        }
    }
}

/// A first-factor strategy the instance may enable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstFactor {
    /// Email + password.
    Password,
    /// A one-time code sent by email.
    EmailCode,
}

/// The instance settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InstanceConfig {
    /// Shown in the UI ("Sign in to {application_name}").
    pub application_name: String,
    /// Development or production.
    pub instance_type: InstanceType,
    /// Origins allowed to call the Frontend API from a browser (CORS with credentials).
    pub allowed_origins: Vec<String>,
    /// Accept `+clerk_test` emails with code 424242 and send them nothing.
    pub test_mode: bool,
    /// At most one signed-in session per client.
    pub single_session_mode: bool,
    /// Lifetime of session tokens (JWTs), in seconds.
    pub session_token_lifetime_seconds: u32,
    /// Lifetime of a session, in seconds.
    pub session_lifetime_seconds: u64,
    /// Enabled first factors.
    pub first_factors: Vec<FirstFactor>,
    /// Whether first names are collected.
    pub first_name: AttributeMode,
    /// Whether last names are collected.
    pub last_name: AttributeMode,
    /// Requests per minute allowed from one IP address before answering 429.
    pub rate_limit_per_minute: u32,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// A session unused for this long (no touch, no token) expires; 0 turns the timeout off.
    pub session_inactivity_timeout_seconds: u64,
    /// Authenticator apps (TOTP) as a second factor.
    pub totp: bool,
    /// SMS codes to a verified phone number as a second factor.
    pub sms_second_factor: bool,
    /// Backup codes, issued with the first second factor.
    pub backup_codes: bool,
    /// Every user must set up a second factor (reported to clients in the environment).
    pub second_factor_required: bool,
    /// Whether users may delete their own account.
    pub delete_self: bool,
    /// Check new passwords against known breaches ("Have I Been Pwned" range API, with a bundled
    /// offline list when the API is unreachable).
    pub breached_password_check: bool,
    /// The range API used for breached-password checks (`{base}/range/{first five hex of SHA-1}`),
    /// reached over plain HTTP (a local mirror of the Have I Been Pwned range API). Empty: only the
    /// bundled list of common breached passwords is used — the default, as this server runs offline.
    pub breached_password_api: String,
    /// JWT templates (`[[jwt_templates]]`): extra tokens with custom claims.
    pub jwt_templates: Vec<crate::templates::JwtTemplate>,
    /// Whether organizations are enabled.
    pub organizations: bool,
    /// Members an organization may have (0: unlimited).
    pub max_organization_memberships: u32,
}

impl Default for InstanceConfig {
    fn default() -> Self {
        Self {
            application_name: "Tessera".to_owned(),
            instance_type: InstanceType::Development,
            allowed_origins: Vec::new(),
            test_mode: true,
            single_session_mode: true,
            session_token_lifetime_seconds: 60,
            session_lifetime_seconds: 7 * 24 * 3600,
            first_factors: vec![FirstFactor::Password, FirstFactor::EmailCode],
            first_name: AttributeMode::On,
            last_name: AttributeMode::On,
            rate_limit_per_minute: 1200,
            max_body_bytes: 64 * 1024,
            session_inactivity_timeout_seconds: 0,
            totp: true,
            sms_second_factor: true,
            backup_codes: true,
            second_factor_required: false,
            delete_self: true,
            breached_password_check: true,
            breached_password_api: String::new(),
            jwt_templates: Vec::new(),
            organizations: true,
            max_organization_memberships: 0,
        }
    }
}

/// A config file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The file is not valid TOML for these settings.
    #[error("invalid config {path}: {source}")]
    Parse {
        path: String,
        source: toml::de::Error,
    },
    /// The settings contradict each other.
    #[error("invalid config: {0}")]
    Invalid(String),
}

impl InstanceConfig {
    /// Read settings from a TOML file.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let config: Self = toml::from_str(&text).map_err(|source| ConfigError::Parse {
            path: path.display().to_string(),
            source,
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Check that the settings make sense together.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.first_factors.is_empty() {
            return Err(ConfigError::Invalid(
                "first_factors must enable at least one strategy".into(),
            ));
        }
        if self.session_token_lifetime_seconds < 10 {
            return Err(ConfigError::Invalid(
                "session_token_lifetime_seconds must be at least 10".into(),
            ));
        }
        if self.rate_limit_per_minute == 0 {
            return Err(ConfigError::Invalid(
                "rate_limit_per_minute must be positive".into(),
            ));
        }
        for template in &self.jwt_templates {
            template.validate()?;
        }
        if let Some(dup) = self
            .jwt_templates
            .iter()
            .enumerate()
            .find(|(i, t)| self.jwt_templates[..*i].iter().any(|o| o.name == t.name))
        {
            return Err(ConfigError::Invalid(format!(
                "JWT template {:?} is defined twice",
                dup.1.name
            )));
        }
        for origin in &self.allowed_origins {
            if !(origin.starts_with("http://") || origin.starts_with("https://"))
                || origin.ends_with('/')
            {
                return Err(ConfigError::Invalid(format!(
                    "allowed origin {origin:?} must look like http(s)://host[:port] with no trailing slash"
                )));
            }
        }
        Ok(())
    }

    /// The inactivity timeout in milliseconds, if any.
    pub fn inactivity_timeout_ms(&self) -> Option<i64> {
        (self.session_inactivity_timeout_seconds > 0).then(|| {
            i64::try_from(self.session_inactivity_timeout_seconds.saturating_mul(1000))
                .unwrap_or(i64::MAX / 2)
        })
    }

    /// Whether the strategy is enabled.
    pub fn allows(&self, factor: FirstFactor) -> bool {
        self.first_factors.contains(&factor)
    }

    /// Whether this browser origin may call the Frontend API with credentials. With no configured
    /// origins, loopback origins (any port) are accepted: this is an offline development server.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        if self
            .allowed_origins
            .iter()
            .any(|o| o.eq_ignore_ascii_case(origin))
        {
            return true;
        }
        self.allowed_origins.is_empty() && is_loopback_origin(origin)
    }
}

fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let host = match rest.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => rest,
    };
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_documented_key() {
        let config: InstanceConfig = toml::from_str(
            r#"
            application_name = "Acme"
            instance_type = "production"
            allowed_origins = ["https://app.acme.test"]
            test_mode = false
            single_session_mode = false
            session_token_lifetime_seconds = 120
            first_factors = ["email_code"]
            first_name = "required"
            last_name = "off"
            rate_limit_per_minute = 30
            "#,
        )
        .unwrap();
        config.validate().unwrap();
        assert_eq!(config.instance_type, InstanceType::Production);
        assert!(!config.allows(FirstFactor::Password));
        assert_eq!(config.first_name, AttributeMode::Required);
        assert!(config.origin_allowed("https://app.acme.test"));
        assert!(!config.origin_allowed("http://localhost:3000"));
    }

    #[test]
    fn refuses_unknown_keys_and_bad_values() {
        assert!(toml::from_str::<InstanceConfig>("colour = 'blue'").is_err());
        let config: InstanceConfig = toml::from_str("first_factors = []").unwrap();
        assert!(config.validate().is_err());
        let config: InstanceConfig =
            toml::from_str("allowed_origins = ['localhost:3000']").unwrap();
        assert!(config.validate().is_err());
    }

    #[test]
    fn default_accepts_loopback_origins_only() {
        let config = InstanceConfig::default();
        assert!(config.origin_allowed("http://localhost:5173"));
        assert!(config.origin_allowed("http://127.0.0.1:8080"));
        assert!(!config.origin_allowed("http://evil.test"));
        assert!(!config.origin_allowed("http://localhost.evil.test"));
    }
}
