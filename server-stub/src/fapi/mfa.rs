//! Second factors of the signed-in user: authenticator app (TOTP) enrolment and backup codes.

use aws_lc_rs::digest::{digest, SHA256};
use axum::http::StatusCode;
use serde_json::{json, Value};
use tessera_core::ErrorCode;

use crate::error::{FapiError, FapiResult};
use crate::fapi::{Action, Fapi, Reply};
use crate::store::{TotpRecord, UserRecord};
use crate::totp;
use crate::transport::Params;

fn feature_off(long_message: &str) -> FapiError {
    FapiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::FeatureNotEnabled,
        "Not enabled",
        long_message,
    )
}

/// Backup codes issued at once.
pub(crate) const BACKUP_CODE_COUNT: usize = 10;

/// SHA-256 of a backup code (normalized). Codes are random and high-entropy, so a fast hash is
/// enough; they are never stored in clear.
pub(crate) fn hash_backup_code(code: &str) -> String {
    let normalized: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect();
    digest(&SHA256, normalized.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Issue a fresh set of backup codes, replacing the old ones; returns them in clear (shown once).
pub(crate) fn issue_backup_codes(user: &mut UserRecord, now: i64) -> Vec<String> {
    let codes: Vec<String> = (0..BACKUP_CODE_COUNT)
        .map(|_| crate::random::lower_alphanumeric(8))
        .collect();
    user.backup_code_hashes = codes.iter().map(|c| hash_backup_code(c)).collect();
    user.backup_codes_created_at = Some(now);
    codes
}

/// Use a backup code: true (and it is gone) if it matches an unused one.
pub(crate) fn consume_backup_code(user: &mut UserRecord, code: &str) -> bool {
    let hash = hash_backup_code(code);
    match user.backup_code_hashes.iter().position(|h| *h == hash) {
        Some(i) => {
            user.backup_code_hashes.remove(i);
            true
        }
        None => false,
    }
}

fn account_name(action: &Action<'_>, user: &UserRecord) -> FapiResult<String> {
    let emails = action.store.identifications_of(&user.id)?;
    Ok(user
        .primary_email_address_id
        .as_deref()
        .and_then(|id| emails.iter().find(|e| e.id == id))
        .map_or_else(|| user.id.clone(), |e| e.value.clone()))
}

fn totp_json(
    action: &Action<'_>,
    user: &UserRecord,
    record: &TotpRecord,
    backup_codes: Option<Vec<String>>,
) -> FapiResult<Value> {
    let (secret, uri) = if record.verified {
        // The secret is shown during enrolment only.
        (Value::Null, Value::Null)
    } else {
        let account = account_name(action, user)?;
        let uri = totp::uri(
            &record.secret,
            &account,
            &action.state.config().application_name,
        )?;
        (Value::String(record.secret.clone()), Value::String(uri))
    };
    Ok(json!({
        "object": "totp",
        "id": record.id,
        "secret": secret,
        "uri": uri,
        "verified": record.verified,
        "backup_codes": backup_codes,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }))
}

/// `POST /v1/me/totp`: start enrolling an authenticator app (a new secret and its URI).
pub(crate) async fn create_totp(fapi: Fapi) -> FapiResult<Reply> {
    fapi.write(|action| {
        if !action.state.config().totp {
            return Err(feature_off(
                "Authenticator apps are not enabled on this instance.",
            ));
        }
        let mut user = action.current_user()?;
        if user.totp.as_ref().is_some_and(|t| t.verified) {
            return Err(FapiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ClientStateInvalid,
                "Already enabled",
                "An authenticator app is already set up. Remove it first to set up another.",
            ));
        }
        let record = TotpRecord {
            id: crate::random::id("totp"),
            secret: totp::new_secret(),
            verified: false,
            last_used_step: None,
            created_at: action.now,
            updated_at: action.now,
        };
        user.totp = Some(record.clone());
        user.updated_at = action.now;
        action.store.put_user(&user)?;
        let body = totp_json(action, &user, &record, None)?;
        action.envelope(body)
    })
    .await
}

/// `POST /v1/me/totp/attempt_verification` (`code`): finish enrolment. The first second factor
/// also issues backup codes, returned once.
pub(crate) async fn verify_totp(fapi: Fapi, params: Params) -> FapiResult<Reply> {
    fapi.write_outcome(move |action| {
        let mut user = action.current_user()?;
        let code = params.required("code")?;
        let mut record = user.totp.clone().filter(|t| !t.verified).ok_or_else(|| {
            FapiError::state_invalid(
                "Start setting up an authenticator app first (POST /v1/me/totp).",
            )
        })?;
        let Some(step) = totp::verify(&record.secret, code, action.now, record.last_used_step)?
        else {
            return Ok(Err(crate::fapi::dev::code_incorrect()));
        };
        record.verified = true;
        record.last_used_step = Some(step);
        record.updated_at = action.now;
        user.totp = Some(record.clone());
        let backup_codes = (action.state.config().backup_codes
            && user.backup_code_hashes.is_empty())
        .then(|| issue_backup_codes(&mut user, action.now));
        user.mfa_enabled_at = Some(action.now);
        user.updated_at = action.now;
        action.store.put_user(&user)?;
        let body = totp_json(action, &user, &record, backup_codes)?;
        Ok(action.envelope(body))
    })
    .await
}

/// `DELETE /v1/me/totp`: remove the authenticator app (and, with no second factor left, the backup codes).
pub(crate) async fn delete_totp(fapi: Fapi) -> FapiResult<Reply> {
    fapi.write(|action| {
        let mut user = action.current_user()?;
        let record = user
            .totp
            .take()
            .ok_or_else(|| FapiError::not_found("authenticator app"))?;
        if !crate::fapi::present::two_factor_enabled(action.store, &user)? {
            user.backup_code_hashes.clear();
            user.backup_codes_created_at = None;
        }
        user.mfa_disabled_at = Some(action.now);
        user.updated_at = action.now;
        action.store.put_user(&user)?;
        action.envelope(json!({"object": "totp", "id": record.id, "deleted": true}))
    })
    .await
}

/// `POST /v1/me/backup_codes`: a new set of backup codes; the old set stops working.
pub(crate) async fn create_backup_codes(fapi: Fapi) -> FapiResult<Reply> {
    fapi.write(|action| {
        let mut user = action.current_user()?;
        if !action.state.config().backup_codes {
            return Err(feature_off(
                "Backup codes are not enabled on this instance.",
            ));
        }
        if !crate::fapi::present::two_factor_enabled(action.store, &user)? {
            return Err(FapiError::state_invalid(
                "Set up a second factor before creating backup codes.",
            ));
        }
        let codes = issue_backup_codes(&mut user, action.now);
        user.updated_at = action.now;
        action.store.put_user(&user)?;
        action.envelope(json!({
            "object": "backup_code",
            "id": format!("bcode_{}", user.id.trim_start_matches("user_")),
            "codes": codes,
            "created_at": action.now,
            "updated_at": action.now,
        }))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_codes_are_single_use_and_hashed() {
        let mut user = UserRecord::default();
        let codes = issue_backup_codes(&mut user, 0);
        assert_eq!(codes.len(), BACKUP_CODE_COUNT);
        assert!(user
            .backup_code_hashes
            .iter()
            .all(|h| h.len() == 64 && !codes.contains(h)));
        assert!(consume_backup_code(&mut user, &codes[3].to_uppercase()));
        assert!(
            !consume_backup_code(&mut user, &codes[3]),
            "second use refused"
        );
        let old = codes[0].clone();
        issue_backup_codes(&mut user, 1);
        assert!(
            !consume_backup_code(&mut user, &old),
            "regenerating invalidates the old set"
        );
    }
}
