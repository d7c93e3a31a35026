//! `/v1/client/sign_ins`: identifier → first factor (password or email code) → session, with
//! password reset by email code and a lockout after repeated failures.

use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::Value;
use tessera_core::{ErrorCode, SessionStatus, SignInStatus, VerificationStatus};

use crate::config::FirstFactor;
use crate::error::{FapiError, FapiResult};
use crate::fapi::{dev, present, sessions, sign_ups, Action, Fapi, Reply};
use crate::passwords;
use crate::store::{FactorVerification, SignInRecord, UserRecord};
use crate::transport::Params;

/// Failed attempts (passwords and codes) before the user is locked.
pub(crate) const MAX_FAILED_ATTEMPTS: u32 = 10;
/// How long a lockout lasts.
pub(crate) const LOCKOUT_MS: i64 = 60 * 60 * 1000;

fn locked_error(user: &UserRecord, now: i64) -> FapiError {
    let seconds = user
        .locked_until
        .map_or(0, |until| (until - now).max(0) / 1000);
    let minutes = (seconds + 59) / 60;
    FapiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::UserLocked,
        "Account locked",
        format!("Your account is locked after too many failed attempts. You can try again in {minutes} minutes."),
    )
}

fn ensure_not_locked(user: &UserRecord, now: i64) -> FapiResult<()> {
    if user.banned {
        return Err(FapiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::UserBanned,
            "Account banned",
            "This account is banned.",
        ));
    }
    if user.locked_until.is_some_and(|until| until > now) {
        return Err(locked_error(user, now));
    }
    Ok(())
}

/// Count a failed attempt (committed even though the request fails); locks the user at the limit.
pub(crate) fn record_failure(
    action: &Action<'_>,
    user: &mut UserRecord,
    error: FapiError,
) -> FapiResult<FapiError> {
    user.failed_attempts += 1;
    let error = if user.failed_attempts >= MAX_FAILED_ATTEMPTS {
        user.locked_until = Some(action.now + LOCKOUT_MS);
        user.failed_attempts = 0;
        locked_error(user, action.now)
    } else {
        error
    };
    user.updated_at = action.now;
    action.store.put_user(user)?;
    Ok(error)
}

fn password_incorrect() -> FapiError {
    FapiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FormPasswordIncorrect,
        "Password is incorrect. Try again, or use another method.",
        "Password is incorrect. Try again, or use another method.",
    )
    .param("password")
}

fn sign_in_envelope(action: &Action<'_>, record: &SignInRecord) -> FapiResult<Value> {
    let wire = present::sign_in(action.store, action.state, record, action.now)?;
    action.envelope(serde_json::to_value(wire)?)
}

fn attempt_user(action: &Action<'_>, record: &SignInRecord) -> FapiResult<UserRecord> {
    let id = record
        .user_id
        .as_deref()
        .ok_or_else(|| FapiError::state_invalid("Enter an identifier first."))?;
    action
        .store
        .user(id)?
        .ok_or_else(|| FapiError::state_invalid("The account of this sign-in no longer exists."))
}

/// Finish the attempt: a new session on the caller's client.
fn complete(
    action: &mut Action<'_>,
    record: &mut SignInRecord,
    user_id: &str,
    strategy: &str,
) -> FapiResult<()> {
    let mut client = action.require_client()?;
    client.sign_in_id = None;
    let mut session = sessions::start_session(action, client, user_id, strategy)?;
    if record
        .second_factor
        .as_ref()
        .is_some_and(|v| v.status == VerificationStatus::Verified)
    {
        session.second_factor_verified_at = Some(action.now);
        action.store.put_session(&session)?;
    }
    record.status = SignInStatus::Complete;
    record.created_session_id = Some(session.id);
    Ok(())
}

/// After a verified first factor: done, or on to the second factor when the user has one.
fn first_factor_verified(
    action: &mut Action<'_>,
    record: &mut SignInRecord,
    user: &UserRecord,
    strategy: &str,
) -> FapiResult<()> {
    if present::two_factor_enabled(action.store, user)? {
        record.status = SignInStatus::NeedsSecondFactor;
        Ok(())
    } else {
        complete(action, record, &user.id, strategy)
    }
}

/// `POST /v1/client/sign_ins/{id}/prepare_second_factor`: authenticator codes and backup codes
/// need nothing sent; the attempt just records which factor the user chose.
pub(crate) async fn prepare_second_factor(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let mut record = open_sign_in_at(action, &id, SignInStatus::NeedsSecondFactor)?;
        let strategy = params.required("strategy")?;
        record.second_factor = Some(match strategy {
            "totp" | "backup_code" => FactorVerification {
                strategy: strategy.to_owned(),
                status: VerificationStatus::Unverified,
                attempts: 0,
                expire_at: None,
                code: None,
                identification_id: None,
            },
            "phone_code" => {
                let user = attempt_user(action, &record)?;
                ensure_not_locked(&user, action.now)?;
                let phones = present::second_factor_phones(action.store, &user)?;
                let phone = match params.optional("phone_number_id") {
                    Some(id) => phones.iter().find(|p| p.id == id).ok_or_else(|| {
                        FapiError::not_found("phone number").param("phone_number_id")
                    })?,
                    None => phones
                        .first()
                        .ok_or_else(|| strategy_invalid("phone_code"))?,
                };
                dev::send_sms_code(action, "phone_code", &phone.value, Some(phone.id.clone()))?
            }
            other => return Err(strategy_invalid(other)),
        });
        action.store.put_sign_in(&record)?;
        sign_in_envelope(action, &record)
    })
    .await
}

/// `POST /v1/client/sign_ins/{id}/attempt_second_factor` (`totp` or `backup_code`, `code`).
/// Failures count towards the lockout like wrong passwords.
pub(crate) async fn attempt_second_factor(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write_outcome(move |action| {
        let mut record = open_sign_in_at(action, &id, SignInStatus::NeedsSecondFactor)?;
        let strategy = params.required("strategy")?.to_owned();
        let code = params.required("code")?.to_owned();
        let mut user = attempt_user(action, &record)?;
        ensure_not_locked(&user, action.now)?;
        let matched = match strategy.as_str() {
            "totp" => {
                let totp = user
                    .totp
                    .clone()
                    .filter(|t| t.verified)
                    .ok_or_else(|| strategy_invalid("totp"))?;
                match crate::totp::verify(&totp.secret, &code, action.now, totp.last_used_step)? {
                    Some(step) => {
                        user.totp = Some(crate::store::TotpRecord {
                            last_used_step: Some(step),
                            updated_at: action.now,
                            ..totp
                        });
                        true
                    }
                    None => false,
                }
            }
            "backup_code" => crate::fapi::mfa::consume_backup_code(&mut user, &code),
            "phone_code" => {
                let mut prepared = record
                    .second_factor
                    .clone()
                    .filter(|v| v.strategy == "phone_code")
                    .ok_or_else(|| {
                        FapiError::new(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            ErrorCode::VerificationMissing,
                            "not prepared",
                            "Request a code first (prepare_second_factor).",
                        )
                    })?;
                let checked = dev::check_code(&mut prepared, &code, action.now);
                record.second_factor = Some(prepared);
                action.store.put_sign_in(&record)?;
                checked?
            }
            other => return Err(strategy_invalid(other)),
        };
        if strategy != "phone_code" {
            // (phone codes were counted by check_code, which also set their status)
            let attempts = record
                .second_factor
                .as_ref()
                .filter(|v| v.strategy == strategy)
                .map_or(0, |v| v.attempts)
                + 1;
            record.second_factor = Some(FactorVerification {
                strategy: strategy.clone(),
                status: if matched {
                    VerificationStatus::Verified
                } else {
                    VerificationStatus::Unverified
                },
                attempts,
                expire_at: None,
                code: None,
                identification_id: None,
            });
        }
        action.store.put_sign_in(&record)?;
        if !matched {
            return Ok(Err(record_failure(
                action,
                &mut user,
                dev::code_incorrect(),
            )?));
        }
        user.updated_at = action.now;
        action.store.put_user(&user)?;
        let first = record
            .first_factor
            .as_ref()
            .map_or_else(|| "password".to_owned(), |f| f.strategy.clone());
        complete(action, &mut record, &user.id, &first)?;
        action.store.put_sign_in(&record)?;
        Ok(sign_in_envelope(action, &record))
    })
    .await
}

/// Check a password for the attempt's user. `Ok(Err(e))`: the failure is recorded and `e` is the answer.
fn check_password(
    action: &mut Action<'_>,
    record: &mut SignInRecord,
    password: &str,
) -> FapiResult<FapiResult<()>> {
    if !action.state.config().allows(FirstFactor::Password) {
        return Err(strategy_invalid("password"));
    }
    let mut user = attempt_user(action, record)?;
    ensure_not_locked(&user, action.now)?;
    let matches = user
        .password_hash
        .as_deref()
        .is_some_and(|hash| passwords::verify(password, hash));
    record.first_factor = Some(FactorVerification {
        strategy: "password".to_owned(),
        status: if matches {
            VerificationStatus::Verified
        } else {
            VerificationStatus::Unverified
        },
        attempts: record
            .first_factor
            .as_ref()
            .filter(|f| f.strategy == "password")
            .map_or(0, |f| f.attempts)
            + 1,
        expire_at: None,
        code: None,
        identification_id: None,
    });
    if !matches {
        action.store.put_sign_in(record)?;
        return Ok(Err(record_failure(
            action,
            &mut user,
            password_incorrect(),
        )?));
    }
    first_factor_verified(action, record, &user, "password")?;
    Ok(Ok(()))
}

fn strategy_invalid(strategy: &str) -> FapiError {
    FapiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::StrategyForUserInvalid,
        "Invalid verification strategy",
        format!("The {strategy} strategy cannot be used for this account at this step."),
    )
    .param("strategy")
}

/// Send a code to one of the user's verified email addresses (the primary one by default).
fn prepare_code(
    action: &mut Action<'_>,
    record: &mut SignInRecord,
    strategy: &str,
    email_address_id: Option<&str>,
) -> FapiResult<()> {
    let wanted = match strategy {
        "email_code" => FirstFactor::EmailCode,
        "reset_password_email_code" => FirstFactor::Password,
        other => return Err(strategy_invalid(other)),
    };
    if !action.state.config().allows(wanted) {
        return Err(strategy_invalid(strategy));
    }
    let user = attempt_user(action, record)?;
    ensure_not_locked(&user, action.now)?;
    if strategy == "reset_password_email_code" && user.password_hash.is_none() {
        return Err(strategy_invalid(strategy));
    }
    let emails = action.store.identifications_of(&user.id)?;
    let target = match email_address_id {
        Some(id) => emails
            .iter()
            .find(|e| e.id == id && e.verified)
            .ok_or_else(|| FapiError::not_found("email address").param("email_address_id"))?,
        None => emails
            .iter()
            .find(|e| Some(e.id.as_str()) == user.primary_email_address_id.as_deref())
            .or_else(|| emails.iter().find(|e| e.verified))
            .ok_or_else(|| strategy_invalid(strategy))?,
    };
    let purpose = if strategy == "email_code" {
        "sign-in"
    } else {
        "password reset"
    };
    record.first_factor = Some(dev::send_email_code(
        action,
        strategy,
        &target.value,
        Some(target.id.clone()),
        purpose,
    )?);
    record.status = SignInStatus::NeedsFirstFactor;
    Ok(())
}

fn refuse_if_signed_in(action: &Action<'_>) -> FapiResult<()> {
    if !action.state.config().single_session_mode {
        return Ok(());
    }
    let Some(client) = action.client() else {
        return Ok(());
    };
    if action
        .store
        .sessions_of_client(&client.id)?
        .iter()
        .any(|s| s.status_at(action.now) == SessionStatus::Active)
    {
        return Err(FapiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::SessionExists,
            "You're already signed in.",
            "You're already signed in.",
        ));
    }
    Ok(())
}

/// `POST /v1/client/sign_ins`: identifier, and optionally `strategy` + `password` in one go.
pub(crate) async fn create(fapi: Fapi, params: Params) -> FapiResult<Reply> {
    fapi.write_outcome(move |action| {
        refuse_if_signed_in(action)?;
        let strategy = params.optional("strategy").map(str::to_owned);
        if let Some(s) = strategy.as_deref() {
            if !matches!(
                s,
                "password" | "email_code" | "reset_password_email_code" | "ticket"
            ) {
                return Err(FapiError::param_value_invalid(
                    "strategy",
                    format!("Sign-in strategy {s} is not enabled on this instance."),
                ));
            }
        }
        if strategy.as_deref() == Some("ticket") {
            return sign_in_with_ticket(action, &params).map(Ok);
        }
        let mut client = action.client_or_create()?;
        let mut record = SignInRecord {
            id: crate::random::id(tessera_core::ids::SIGN_IN),
            client_id: client.id.clone(),
            status: SignInStatus::NeedsIdentifier,
            identifier: None,
            user_id: None,
            first_factor: None,
            second_factor: None,
            created_session_id: None,
            abandon_at: action.now + present::ATTEMPT_LIFETIME_MS,
            created_at: action.now,
        };
        if let Some(identifier) = params.optional("identifier") {
            let email = sign_ups::normalize_email(identifier, "identifier")?;
            let ident = action
                .store
                .identification_by_value("email_address", &email)?
                .filter(|i| i.verified)
                .ok_or_else(|| {
                    FapiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        ErrorCode::FormIdentifierNotFound,
                        "Couldn't find your account.",
                        "Couldn't find your account.",
                    )
                    .param("identifier")
                })?;
            let user = action
                .store
                .user(&ident.user_id)?
                .ok_or_else(|| FapiError::internal(&"identification without user"))?;
            ensure_not_locked(&user, action.now)?;
            record.identifier = Some(email);
            record.user_id = Some(user.id);
            record.status = SignInStatus::NeedsFirstFactor;
        } else if strategy.is_some() || params.raw("password").is_some() {
            return Err(FapiError::param_missing("identifier"));
        }
        client.sign_in_id = Some(record.id.clone());
        action.save_client(client)?;
        let outcome = match (strategy.as_deref(), params.raw("password")) {
            (Some("password") | None, Some(password)) if record.user_id.is_some() => {
                check_password(action, &mut record, password)?
            }
            (Some("password"), None) => return Err(FapiError::param_missing("password")),
            (Some(s @ ("email_code" | "reset_password_email_code")), _) => {
                prepare_code(action, &mut record, s, params.optional("email_address_id"))?;
                Ok(())
            }
            _ => Ok(()),
        };
        action.store.put_sign_in(&record)?;
        Ok(outcome.and_then(|()| sign_in_envelope(action, &record)))
    })
    .await
}

/// `strategy=ticket`: an organization invitation link for an existing account signs it in and
/// accepts the invitation.
fn sign_in_with_ticket(action: &mut Action<'_>, params: &Params) -> FapiResult<Value> {
    let ticket = params.required("ticket")?;
    let mut inv = action
        .store
        .invitation_by_ticket(ticket)?
        .filter(|i| i.status_at(action.now) == "pending")
        .ok_or_else(|| {
            FapiError::param_value_invalid(
                "ticket",
                "This invitation link is invalid or has expired.",
            )
        })?;
    let ident = action
        .store
        .identification_by_value("email_address", &inv.email_address)?
        .filter(|i| i.verified)
        .ok_or_else(|| {
            FapiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::FormIdentifierNotFound,
                "Couldn't find your account.",
                "No account uses the invited address yet: sign up instead.",
            )
            .param("ticket")
        })?;
    let user = action
        .store
        .user(&ident.user_id)?
        .ok_or_else(|| FapiError::internal(&"identification without user"))?;
    ensure_not_locked(&user, action.now)?;
    crate::fapi::organizations::accept(action, &mut inv, &user)?;
    let client = action.client_or_create()?;
    let mut record = SignInRecord {
        id: crate::random::id(tessera_core::ids::SIGN_IN),
        client_id: client.id.clone(),
        status: SignInStatus::NeedsFirstFactor,
        identifier: Some(inv.email_address.clone()),
        user_id: Some(user.id.clone()),
        first_factor: None,
        second_factor: None,
        created_session_id: None,
        abandon_at: action.now + present::ATTEMPT_LIFETIME_MS,
        created_at: action.now,
    };
    complete(action, &mut record, &user.id, "ticket")?;
    action.store.put_sign_in(&record)?;
    sign_in_envelope(action, &record)
}

/// An open attempt of the caller's that waits for `step`; any other state is refused with a message
/// that says what the attempt waits for instead.
fn open_sign_in_at(action: &Action<'_>, id: &str, step: SignInStatus) -> FapiResult<SignInRecord> {
    let record = open_sign_in(action, id)?;
    if record.status == step {
        return Ok(record);
    }
    Err(FapiError::state_invalid(match step {
        SignInStatus::NeedsFirstFactor => "This sign-in is not waiting for a first factor.",
        SignInStatus::NeedsSecondFactor => "This sign-in is not waiting for a second factor.",
        SignInStatus::NeedsNewPassword => "Verify the reset code before choosing a new password.",
        _ => "This sign-in is not at that step.",
    }))
}

fn open_sign_in(action: &Action<'_>, id: &str) -> FapiResult<SignInRecord> {
    let client = action
        .client()
        .ok_or_else(|| FapiError::not_found("sign-in"))?;
    let record = action
        .store
        .sign_in(id)?
        .filter(|r| r.client_id == client.id)
        .ok_or_else(|| FapiError::not_found("sign-in"))?;
    if record.status == SignInStatus::Complete {
        return Err(FapiError::state_invalid(
            "This sign-in is already complete.",
        ));
    }
    if action.now >= record.abandon_at {
        return Err(FapiError::state_invalid(
            "This sign-in has expired. Start again.",
        ));
    }
    Ok(record)
}

/// `GET /v1/client/sign_ins/{id}`.
pub(crate) async fn get_sign_in(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let client = action
            .client()
            .ok_or_else(|| FapiError::not_found("sign-in"))?;
        let record = action
            .store
            .sign_in(&id)?
            .filter(|r| r.client_id == client.id)
            .ok_or_else(|| FapiError::not_found("sign-in"))?;
        sign_in_envelope(action, &record)
    })
    .await
}

/// `POST /v1/client/sign_ins/{id}/prepare_first_factor` (`email_code` or `reset_password_email_code`).
pub(crate) async fn prepare_first_factor(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let mut record = open_sign_in_at(action, &id, SignInStatus::NeedsFirstFactor)?;
        let strategy = params.required("strategy")?.to_owned();
        prepare_code(
            action,
            &mut record,
            &strategy,
            params.optional("email_address_id"),
        )?;
        action.store.put_sign_in(&record)?;
        sign_in_envelope(action, &record)
    })
    .await
}

/// `POST /v1/client/sign_ins/{id}/attempt_first_factor` (`password` + password, or a code strategy + code).
pub(crate) async fn attempt_first_factor(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write_outcome(move |action| {
        let mut record = open_sign_in_at(action, &id, SignInStatus::NeedsFirstFactor)?;
        let strategy = params.required("strategy")?.to_owned();
        let outcome = match strategy.as_str() {
            "password" => {
                let password = params
                    .raw("password")
                    .ok_or_else(|| FapiError::param_missing("password"))?;
                check_password(action, &mut record, password)?
            }
            "email_code" | "reset_password_email_code" => {
                let code = params.required("code")?;
                let mut user = attempt_user(action, &record)?;
                ensure_not_locked(&user, action.now)?;
                let verification = record
                    .first_factor
                    .as_mut()
                    .filter(|v| v.strategy == strategy)
                    .ok_or_else(|| {
                        FapiError::new(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            ErrorCode::VerificationMissing,
                            "not prepared",
                            "Request a code first (prepare_first_factor).",
                        )
                    })?;
                let checked = dev::check_code(verification, code, action.now);
                action.store.put_sign_in(&record)?;
                if !checked? {
                    Err(record_failure(action, &mut user, dev::code_incorrect())?)
                } else if strategy == "email_code" {
                    first_factor_verified(action, &mut record, &user, "email_code")?;
                    Ok(())
                } else {
                    record.status = SignInStatus::NeedsNewPassword;
                    Ok(())
                }
            }
            other => return Err(strategy_invalid(other)),
        };
        action.store.put_sign_in(&record)?;
        Ok(outcome.and_then(|()| sign_in_envelope(action, &record)))
    })
    .await
}

/// `POST /v1/client/sign_ins/{id}/reset_password`: set the new password after a reset code, then sign in.
pub(crate) async fn reset_password(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    super::screen_new_password(&fapi, params.raw("password"), "password").await?;
    fapi.write(move |action| {
        let mut record = open_sign_in_at(action, &id, SignInStatus::NeedsNewPassword)?;
        let password = params
            .raw("password")
            .ok_or_else(|| FapiError::param_missing("password"))?;
        passwords::validate(password)?;
        let sign_out_others = params.bool("sign_out_of_other_sessions")?.unwrap_or(false);
        let mut user = attempt_user(action, &record)?;
        user.password_hash = Some(passwords::hash(password)?);
        user.password_last_updated_at = Some(action.now);
        user.updated_at = action.now;
        action.store.put_user(&user)?;
        if sign_out_others {
            for mut session in action.store.sessions_of_user(&user.id)? {
                if session.status_at(action.now) == SessionStatus::Active {
                    session.status = SessionStatus::Revoked;
                    session.updated_at = action.now;
                    action.store.put_session(&session)?;
                }
            }
        }
        first_factor_verified(action, &mut record, &user, "reset_password_email_code")?;
        action.store.put_sign_in(&record)?;
        sign_in_envelope(action, &record)
    })
    .await
}
