//! The signed-in user's email addresses and phone numbers: add, verify by code, remove, make
//! primary (emails) or use for second-factor codes (phones).

use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::{json, Value};
use tessera_core::{ErrorCode, VerificationStatus};

use crate::error::{FapiError, FapiResult};
use crate::fapi::{dev, present, Action, Fapi, Reply};
use crate::store::{IdentificationRecord, UserRecord};
use crate::transport::Params;

/// The two kinds of identification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Email,
    Phone,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Self::Email => "email_address",
            Self::Phone => "phone_number",
        }
    }

    fn strategy(self) -> &'static str {
        match self {
            Self::Email => "email_code",
            Self::Phone => "phone_code",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Self::Email => "email address",
            Self::Phone => "phone number",
        }
    }
}

/// Normalize a phone number to E.164 (`+` and 8–15 digits; spaces, dashes, dots and brackets dropped).
pub(crate) fn normalize_phone(raw: &str, param: &str) -> FapiResult<String> {
    let compact: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let digits = compact.strip_prefix('+').unwrap_or_default();
    if (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
    {
        Ok(compact)
    } else {
        Err(FapiError::param_invalid(
            param,
            "Enter the number in international format, such as +1 201 555 0123.",
        ))
    }
}

fn own(
    action: &Action<'_>,
    user: &UserRecord,
    kind: Kind,
    id: &str,
) -> FapiResult<IdentificationRecord> {
    action
        .store
        .identifications_of(&user.id)?
        .into_iter()
        .find(|i| i.id == id && i.kind == kind.key())
        .ok_or_else(|| FapiError::not_found(kind.noun()))
}

fn wire(ident: &IdentificationRecord) -> FapiResult<Value> {
    Ok(match ident.kind.as_str() {
        "phone_number" => serde_json::to_value(present::phone_number(ident))?,
        _ => serde_json::to_value(present::email_address(ident))?,
    })
}

/// `POST /v1/me/email_addresses` | `/v1/me/phone_numbers`: add an unverified identification.
pub(crate) async fn create(fapi: Fapi, kind: Kind, params: Params) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let user = action.current_user()?;
        let raw = params.required(kind.key())?;
        let value = match kind {
            Kind::Email => crate::fapi::sign_ups::normalize_email(raw, kind.key())?,
            Kind::Phone => normalize_phone(raw, kind.key())?,
        };
        if action
            .store
            .identification_by_value(kind.key(), &value)?
            .is_some()
        {
            return Err(FapiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::FormIdentifierExists,
                "That identifier is taken",
                format!(
                    "That {} is already in use. Please try another.",
                    kind.noun()
                ),
            )
            .param(kind.key()));
        }
        let ident = IdentificationRecord {
            id: crate::random::id(tessera_core::ids::IDENTIFICATION),
            user_id: user.id.clone(),
            kind: kind.key().to_owned(),
            value,
            verified: false,
            verification_strategy: None,
            pending: None,
            reserved_for_second_factor: kind == Kind::Phone
                && params.bool("reserved_for_second_factor")?.unwrap_or(false),
            default_second_factor: false,
            created_at: action.now,
            updated_at: action.now,
        };
        action.store.put_identification(&ident)?;
        action.envelope(wire(&ident)?)
    })
    .await
}

/// `POST …/{id}/prepare_verification`: send a code.
pub(crate) async fn prepare(
    fapi: Fapi,
    kind: Kind,
    id: String,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let user = action.current_user()?;
        let mut ident = own(action, &user, kind, &id)?;
        let strategy = params.required("strategy")?;
        if strategy != kind.strategy() {
            return Err(FapiError::param_value_invalid(
                "strategy",
                format!("Use {} to verify a {}.", kind.strategy(), kind.noun()),
            ));
        }
        if ident.verified {
            return Err(FapiError::state_invalid(format!(
                "This {} is already verified.",
                kind.noun()
            )));
        }
        ident.pending = Some(match kind {
            Kind::Email => dev::send_email_code(
                action,
                strategy,
                &ident.value,
                Some(ident.id.clone()),
                "verification",
            )?,
            Kind::Phone => {
                dev::send_sms_code(action, strategy, &ident.value, Some(ident.id.clone()))?
            }
        });
        ident.updated_at = action.now;
        action.store.put_identification(&ident)?;
        action.envelope(wire(&ident)?)
    })
    .await
}

/// `POST …/{id}/attempt_verification` (`code`).
pub(crate) async fn attempt(
    fapi: Fapi,
    kind: Kind,
    id: String,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write_outcome(move |action| {
        let user = action.current_user()?;
        let mut ident = own(action, &user, kind, &id)?;
        let code = params.required("code")?;
        let Some(pending) = ident.pending.as_mut() else {
            return Err(FapiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::VerificationMissing,
                "not prepared",
                "Request a verification code first (prepare_verification).",
            ));
        };
        let checked = dev::check_code(pending, code, action.now);
        action.store.put_identification(&ident)?;
        if !checked? {
            return Ok(Err(dev::code_incorrect()));
        }
        ident.verified = true;
        ident.verification_strategy = Some(kind.strategy().to_owned());
        if let Some(pending) = ident.pending.as_mut() {
            pending.status = VerificationStatus::Verified;
        }
        ident.updated_at = action.now;
        action.store.put_identification(&ident)?;
        Ok(action.envelope(wire(&ident)?))
    })
    .await
}

/// `GET /v1/me/email_addresses/{id}` | `/v1/me/phone_numbers/{id}`.
pub(crate) async fn get(fapi: Fapi, kind: Kind, id: String) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let user = action.current_user()?;
        let ident = own(action, &user, kind, &id)?;
        action.envelope(wire(&ident)?)
    })
    .await
}

/// `PATCH /v1/me/phone_numbers/{id}`: `reserved_for_second_factor`, `default_second_factor`.
/// Reserving the user's first second factor also issues backup codes, returned once in
/// `backup_codes` (as the authenticator app's verification does); releasing the last one drops
/// them.
pub(crate) async fn update_phone(fapi: Fapi, id: String, params: Params) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let mut user = action.current_user()?;
        let mut ident = own(action, &user, Kind::Phone, &id)?;
        let had_second_factor = present::two_factor_enabled(action.store, &user)?;
        if let Some(reserved) = params.bool("reserved_for_second_factor")? {
            if reserved && !action.state.config().sms_second_factor {
                return Err(FapiError::param_value_invalid(
                    "reserved_for_second_factor",
                    "SMS codes are not enabled as a second factor.",
                ));
            }
            if reserved && !ident.verified {
                return Err(FapiError::param_value_invalid(
                    "reserved_for_second_factor",
                    "Verify the phone number first.",
                ));
            }
            ident.reserved_for_second_factor = reserved;
        }
        if let Some(default) = params.bool("default_second_factor")? {
            ident.default_second_factor = default;
        }
        ident.default_second_factor &= ident.reserved_for_second_factor;
        ident.updated_at = action.now;
        action.store.put_identification(&ident)?;
        let has_second_factor = present::two_factor_enabled(action.store, &user)?;
        let mut backup_codes = None;
        if has_second_factor && !had_second_factor {
            if action.state.config().backup_codes && user.backup_code_hashes.is_empty() {
                backup_codes = Some(crate::fapi::mfa::issue_backup_codes(&mut user, action.now));
            }
            user.mfa_enabled_at = Some(action.now);
        } else if had_second_factor && !has_second_factor {
            second_factors_gone(&mut user, action.now);
        }
        if has_second_factor != had_second_factor {
            user.updated_at = action.now;
            action.store.put_user(&user)?;
        }
        let mut wire = present::phone_number(&ident);
        wire.backup_codes = backup_codes;
        action.envelope(serde_json::to_value(wire)?)
    })
    .await
}

/// The user's last second factor went: the backup codes go with it.
fn second_factors_gone(user: &mut UserRecord, now: i64) {
    user.backup_code_hashes.clear();
    user.backup_codes_created_at = None;
    user.mfa_disabled_at = Some(now);
}

/// `DELETE …/{id}`: remove it. The primary email address stays until another is made primary;
/// the primary phone number may go (the user then has none), and with it the second factor it
/// carried.
pub(crate) async fn delete(fapi: Fapi, kind: Kind, id: String) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let mut user = action.current_user()?;
        let ident = own(action, &user, kind, &id)?;
        if user.primary_email_address_id.as_deref() == Some(ident.id.as_str()) {
            return Err(FapiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ClientStateInvalid,
                "Primary address",
                "The primary email address cannot be removed. Make another address primary first.",
            ));
        }
        let had_second_factor = present::two_factor_enabled(action.store, &user)?;
        action.store.delete_identification(&ident.id)?;
        let mut changed = false;
        if user.primary_phone_number_id.as_deref() == Some(ident.id.as_str()) {
            user.primary_phone_number_id = None;
            changed = true;
        }
        if had_second_factor && !present::two_factor_enabled(action.store, &user)? {
            second_factors_gone(&mut user, action.now);
            changed = true;
        }
        if changed {
            user.updated_at = action.now;
            action.store.put_user(&user)?;
        }
        action.envelope(json!({"object": kind.key(), "id": ident.id, "deleted": true}))
    })
    .await
}

macro_rules! routes_for {
    ($create:ident, $prepare:ident, $attempt:ident, $get:ident, $delete:ident, $kind:expr) => {
        pub(crate) async fn $create(fapi: Fapi, params: Params) -> FapiResult<Reply> {
            create(fapi, $kind, params).await
        }
        pub(crate) async fn $prepare(
            fapi: Fapi,
            Path(id): Path<String>,
            params: Params,
        ) -> FapiResult<Reply> {
            prepare(fapi, $kind, id, params).await
        }
        pub(crate) async fn $attempt(
            fapi: Fapi,
            Path(id): Path<String>,
            params: Params,
        ) -> FapiResult<Reply> {
            attempt(fapi, $kind, id, params).await
        }
        pub(crate) async fn $get(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
            get(fapi, $kind, id).await
        }
        pub(crate) async fn $delete(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
            delete(fapi, $kind, id).await
        }
    };
}

routes_for!(
    create_email,
    prepare_email,
    attempt_email,
    get_email,
    delete_email,
    Kind::Email
);
routes_for!(
    create_phone,
    prepare_phone,
    attempt_phone,
    get_phone,
    delete_phone,
    Kind::Phone
);

/// `PATCH /v1/me/phone_numbers/{id}`.
pub(crate) async fn patch_phone(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    update_phone(fapi, id, params).await
}
