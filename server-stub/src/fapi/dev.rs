//! Development plumbing: dev-browser tokens, the JWKS, and the dev outbox with one-time codes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use tessera_core::{DevBrowser, ErrorCode, Jwks, VerificationStatus};

use crate::config::InstanceType;
use crate::error::{FapiError, FapiResult};
use crate::fapi::Action;
use crate::store::{FactorVerification, OutboxMessage};
use crate::AppState;

/// Codes expire after ten minutes.
pub(crate) const CODE_LIFETIME_MS: i64 = 10 * 60 * 1000;
/// Wrong codes allowed per verification before it fails.
pub(crate) const MAX_CODE_ATTEMPTS: u32 = 5;
/// The code test-mode identifiers accept.
pub(crate) const TEST_CODE: &str = "424242";

/// `POST /v1/dev_browser` → `{"id": token}`.
pub(crate) async fn create_dev_browser(
    State(state): State<AppState>,
) -> FapiResult<Json<DevBrowser>> {
    let token = crate::random::id(tessera_core::ids::DEV_BROWSER);
    let now = state.now();
    let db_state = state.clone();
    let stored = token.clone();
    tokio::task::spawn_blocking(move || {
        db_state
            .db()
            .transaction(|store| store.insert_dev_browser(&stored, now))
    })
    .await
    .map_err(|e| FapiError::internal(&e))??;
    Ok(Json(DevBrowser { id: token }))
}

/// `GET /.well-known/jwks.json`.
pub(crate) async fn jwks(State(state): State<AppState>) -> Json<Jwks> {
    Json(state.keys().jwks())
}

/// `GET /__dev/outbox`: every email the instance would have sent (development instances only).
pub(crate) async fn outbox(State(state): State<AppState>) -> FapiResult<Json<Value>> {
    if state.config().instance_type != InstanceType::Development {
        return Err(FapiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::FeatureNotEnabled,
            "not available",
            "The dev outbox exists on development instances only.",
        ));
    }
    let db_state = state.clone();
    let messages =
        tokio::task::spawn_blocking(move || db_state.db().transaction(|store| store.outbox()))
            .await
            .map_err(|e| FapiError::internal(&e))??;
    let total = messages.len();
    Ok(Json(json!({"data": messages, "total_count": total})))
}

/// Whether an email address is a test-mode address (`…+clerk_test@…`).
pub(crate) fn is_test_email(state: &AppState, email: &str) -> bool {
    state.config().test_mode
        && email
            .split_once('@')
            .is_some_and(|(local, _)| local.contains("+clerk_test"))
}

/// Start a code verification to `email`: a fresh six-digit code, recorded in the outbox (or the
/// fixed test code for test-mode addresses, with nothing sent).
pub(crate) fn send_email_code(
    action: &Action<'_>,
    strategy: &str,
    email: &str,
    identification_id: Option<String>,
    purpose: &str,
) -> FapiResult<FactorVerification> {
    let app = &action.state.config().application_name;
    let test = is_test_email(action.state, email);
    start_code(action, strategy, identification_id, test, |code| {
        OutboxMessage {
        id: crate::random::id("msg"),
        channel: "email".to_owned(),
        to: email.to_owned(),
        subject: format!("{code} is your {app} {purpose} code"),
        body: format!("Your {app} {purpose} code is {code}. It expires in 10 minutes. If you did not ask for it, ignore this email."),
        code: Some(code.to_owned()),
        created_at: action.now,
    }
    })
}

/// A new code verification: the fixed test code (nothing sent) or a fresh code delivered as the
/// message `compose` writes.
fn start_code(
    action: &Action<'_>,
    strategy: &str,
    identification_id: Option<String>,
    test: bool,
    compose: impl FnOnce(&str) -> OutboxMessage,
) -> FapiResult<FactorVerification> {
    let code = if test {
        TEST_CODE.to_owned()
    } else {
        crate::random::six_digit_code()
    };
    if !test {
        action.store.push_outbox(&compose(&code))?;
    }
    Ok(FactorVerification {
        strategy: strategy.to_owned(),
        status: VerificationStatus::Unverified,
        attempts: 0,
        expire_at: Some(action.now + CODE_LIFETIME_MS),
        code: Some(code),
        identification_id,
    })
}

/// Whether a phone number is a test-mode number (`+1 XXX 555 0100` to `0199`).
pub(crate) fn is_test_phone(state: &AppState, phone: &str) -> bool {
    let digits = phone.strip_prefix("+1").unwrap_or_default();
    state.config().test_mode
        && digits.len() == 10
        && &digits[3..6] == "555"
        && digits[6..]
            .parse::<u32>()
            .is_ok_and(|n| (100..=199).contains(&n))
}

/// Start a code verification by SMS: recorded in the outbox (channel `sms`), or the fixed test
/// code for test numbers.
pub(crate) fn send_sms_code(
    action: &Action<'_>,
    strategy: &str,
    phone: &str,
    identification_id: Option<String>,
) -> FapiResult<FactorVerification> {
    let app = &action.state.config().application_name;
    let test = is_test_phone(action.state, phone);
    start_code(action, strategy, identification_id, test, |code| {
        OutboxMessage {
            id: crate::random::id("msg"),
            channel: "sms".to_owned(),
            to: phone.to_owned(),
            subject: String::new(),
            body: format!("{code} is your {app} verification code."),
            code: Some(code.to_owned()),
            created_at: action.now,
        }
    })
}

/// Check a code against a prepared verification, updating its status and attempts.
/// `Ok(false)` means the code was wrong (the caller persists the attempt, then reports it).
pub(crate) fn check_code(
    verification: &mut FactorVerification,
    code: &str,
    now: i64,
) -> FapiResult<bool> {
    match verification.status {
        VerificationStatus::Verified => {
            return Err(FapiError::state_invalid(
                "This verification has already been completed.",
            ))
        }
        VerificationStatus::Failed => return Err(too_many_attempts()),
        VerificationStatus::Expired => return Err(expired()),
        _ => {}
    }
    if verification.expire_at.is_some_and(|at| now >= at) {
        verification.status = VerificationStatus::Expired;
        return Err(expired());
    }
    verification.attempts += 1;
    let expected = verification.code.as_deref().unwrap_or_default();
    if constant_time_eq(expected.as_bytes(), code.trim().as_bytes()) {
        verification.status = VerificationStatus::Verified;
        verification.code = None;
        Ok(true)
    } else {
        if verification.attempts >= MAX_CODE_ATTEMPTS {
            verification.status = VerificationStatus::Failed;
        }
        Ok(false)
    }
}

/// The error for a wrong code.
pub(crate) fn code_incorrect() -> FapiError {
    FapiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FormCodeIncorrect,
        "Incorrect code",
        "The verification code is incorrect.",
    )
    .param("code")
}

fn expired() -> FapiError {
    FapiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::VerificationExpired,
        "expired",
        "This verification has expired. Request a new code.",
    )
    .param("code")
}

fn too_many_attempts() -> FapiError {
    FapiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::VerificationFailed,
        "Too many failed attempts",
        "Too many failed attempts. Request a new code.",
    )
    .param("code")
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(code: &str) -> FactorVerification {
        FactorVerification {
            strategy: "email_code".into(),
            status: VerificationStatus::Unverified,
            attempts: 0,
            expire_at: Some(CODE_LIFETIME_MS),
            code: Some(code.into()),
            identification_id: None,
        }
    }

    #[test]
    fn right_code_verifies_once() {
        let mut v = prepared("123456");
        assert!(check_code(&mut v, " 123456 ", 0).unwrap());
        assert_eq!(v.status, VerificationStatus::Verified);
        assert!(check_code(&mut v, "123456", 0).is_err());
    }

    #[test]
    fn attempts_are_bounded() {
        let mut v = prepared("123456");
        for _ in 0..MAX_CODE_ATTEMPTS {
            assert!(!check_code(&mut v, "000000", 0).unwrap());
        }
        assert_eq!(v.status, VerificationStatus::Failed);
        assert_eq!(
            check_code(&mut v, "123456", 0).unwrap_err().code(),
            &ErrorCode::VerificationFailed
        );
    }

    #[test]
    fn codes_expire_after_ten_minutes() {
        let mut v = prepared("123456");
        assert_eq!(
            check_code(&mut v, "123456", CODE_LIFETIME_MS)
                .unwrap_err()
                .code(),
            &ErrorCode::VerificationExpired
        );
        assert_eq!(v.status, VerificationStatus::Expired);
    }
}
