//! Breached-password checks: the "Have I Been Pwned" k-anonymity range API (only the first five
//! hex digits of the password's SHA-1 leave the server), with a bundled list of the most common
//! breached passwords for when the API cannot be reached. The range API answers one line per
//! known hash suffix: `SUFFIX:COUNT`.

use std::time::Duration;

use aws_lc_rs::digest::{digest, SHA1_FOR_LEGACY_USE_ONLY};
use axum::http::StatusCode;
use tessera_core::ErrorCode;

use crate::error::FapiError;
use crate::InstanceConfig;

const OFFLINE_LIST: &str = include_str!("../data/common-breached-passwords.txt");

fn in_offline_list(password: &str) -> bool {
    OFFLINE_LIST
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l == password)
}

fn sha1_hex(password: &str) -> String {
    digest(&SHA1_FOR_LEGACY_USE_ONLY, password.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// Ask the range API; `None` when it cannot be reached or answers nonsense.
async fn range_lookup(api: &str, hash: &str) -> Option<bool> {
    let (prefix, suffix) = hash.split_at(5);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .build()
        .ok()?;
    let response = client
        .get(format!("{}/range/{prefix}", api.trim_end_matches('/')))
        .header("Add-Padding", "true")
        .send()
        .await
        .ok()?;
    if !response.status().is_success() {
        return None;
    }
    let body = response.text().await.ok()?;
    Some(
        body.lines()
            .filter_map(|line| line.trim().split_once(':'))
            .any(|(s, count)| {
                s.eq_ignore_ascii_case(suffix) && count.trim().parse::<u64>().is_ok_and(|n| n > 0)
            }),
    )
}

/// Whether the password is known from breaches (always false when the check is disabled).
pub(crate) async fn is_breached(config: &InstanceConfig, password: &str) -> bool {
    if !config.breached_password_check {
        return false;
    }
    let api = config.breached_password_api.trim();
    let answer = if api.is_empty() {
        None
    } else {
        range_lookup(api, &sha1_hex(password)).await
    };
    match answer {
        Some(found) => found,
        None => {
            if !api.is_empty() {
                tracing::warn!("breached-password API unreachable; using the bundled list");
            }
            in_offline_list(password)
        }
    }
}

/// Refuse a new password found in breaches, naming the parameter it came in.
pub(crate) async fn check(
    config: &InstanceConfig,
    password: Option<&str>,
    param: &str,
) -> Result<(), FapiError> {
    match password {
        Some(p) if is_breached(config, p).await => Err(FapiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FormPasswordPwned,
            "Password has been found in an online data breach.",
            "This password has been found as part of a breach and can not be used, please try another password instead.",
        )
        .param(param)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_matches_the_known_vector() {
        // SHA-1("password") is the best-known hash in the breach corpus.
        assert_eq!(
            sha1_hex("password"),
            "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8"
        );
    }

    #[test]
    fn offline_list_has_common_passwords_only() {
        assert!(in_offline_list("password123"));
        assert!(!in_offline_list("correct horse battery staple"));
        assert!(!in_offline_list("# Passwords of 8+ characters"));
    }
}
