//! `/v1/client/sign_ups`: creating an account, driven by the attempt's missing and unverified fields.

use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::{Map, Value};
use tessera_core::{ErrorCode, SignUpStatus, VerificationStatus};

use crate::config::{AttributeMode, FirstFactor, InstanceConfig};
use crate::error::{FapiError, FapiResult};
use crate::fapi::{dev, me, present, sessions, Action, Fapi, Reply};
use crate::passwords;
use crate::store::{IdentificationRecord, SignUpRecord, UserRecord};
use crate::transport::Params;

/// The fields of a sign-up attempt, per the instance settings and what the attempt holds.
#[derive(Debug, Default)]
pub(crate) struct Requirements {
    pub(crate) required: Vec<String>,
    pub(crate) optional: Vec<String>,
    pub(crate) missing: Vec<String>,
    pub(crate) unverified: Vec<String>,
}

impl Requirements {
    pub(crate) fn of(config: &InstanceConfig, record: &SignUpRecord) -> Self {
        let mut req = Self::default();
        let mut field = |name: &str, mode: AttributeMode, present: bool| match mode {
            AttributeMode::Required => {
                req.required.push(name.to_owned());
                if !present {
                    req.missing.push(name.to_owned());
                }
            }
            AttributeMode::On => req.optional.push(name.to_owned()),
            AttributeMode::Off => {}
        };
        field(
            "email_address",
            AttributeMode::Required,
            record.email_address.is_some(),
        );
        let password = if config.allows(FirstFactor::Password) {
            AttributeMode::Required
        } else {
            AttributeMode::Off
        };
        field("password", password, record.password_hash.is_some());
        field("first_name", config.first_name, record.first_name.is_some());
        field("last_name", config.last_name, record.last_name.is_some());
        let verified = record
            .email_verification
            .as_ref()
            .is_some_and(|v| v.status == VerificationStatus::Verified);
        if record.email_address.is_some() && !verified {
            req.unverified.push("email_address".to_owned());
        }
        req
    }
}

/// Normalize and check an email address (lower-cased; one `@`; a dotted domain; no spaces).
pub(crate) fn normalize_email(raw: &str, param: &str) -> FapiResult<String> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 320
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if valid {
        Ok(email)
    } else {
        Err(FapiError::param_invalid(
            param,
            "Enter a valid email address, such as ada@example.com.",
        ))
    }
}

fn identifier_exists() -> FapiError {
    FapiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FormIdentifierExists,
        "That email address is taken. Please try another.",
        "That email address is taken. Please try another.",
    )
    .param("email_address")
}

/// Apply the fields a create or update request carries.
fn apply_fields(action: &Action<'_>, record: &mut SignUpRecord, params: &Params) -> FapiResult<()> {
    let config = action.state.config();
    for unsupported in ["phone_number", "username", "web3_wallet"] {
        if params.optional(unsupported).is_some() {
            return Err(FapiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::FormParamUnknown,
                "is unknown",
                format!("{unsupported} is not enabled on this instance."),
            )
            .param(unsupported));
        }
    }
    match params.optional("strategy") {
        None => {}
        Some("ticket") => {
            // An organization invitation: its address is verified by the ticket itself.
            let ticket = params.required("ticket")?;
            let inv = action
                .store
                .invitation_by_ticket(ticket)?
                .filter(|i| i.status_at(action.now) == "pending")
                .ok_or_else(|| {
                    FapiError::param_value_invalid(
                        "ticket",
                        "This invitation link is invalid or has expired.",
                    )
                })?;
            if action
                .store
                .identification_by_value("email_address", &inv.email_address)?
                .is_some()
            {
                return Err(identifier_exists());
            }
            record.email_address = Some(inv.email_address.clone());
            record.email_verification = Some(crate::store::FactorVerification {
                strategy: "ticket".to_owned(),
                status: VerificationStatus::Verified,
                attempts: 0,
                expire_at: Some(inv.expires_at),
                code: None,
                identification_id: None,
            });
            record.invitation_id = Some(inv.id);
        }
        Some(strategy) => {
            return Err(FapiError::param_value_invalid(
                "strategy",
                format!("Sign-up strategy {strategy} is not enabled on this instance."),
            ));
        }
    }
    if let Some(raw) = params
        .optional("email_address")
        .filter(|_| record.invitation_id.is_none())
    {
        let email = normalize_email(raw, "email_address")?;
        if action
            .store
            .identification_by_value("email_address", &email)?
            .is_some()
        {
            return Err(identifier_exists());
        }
        if record.email_address.as_deref() != Some(email.as_str()) {
            record.email_address = Some(email);
            record.email_verification = None;
        }
    }
    if let Some(password) = params.raw("password") {
        if !config.allows(FirstFactor::Password) {
            return Err(FapiError::param_value_invalid(
                "password",
                "Passwords are not enabled on this instance.",
            ));
        }
        passwords::validate(password)?;
        record.password_hash = Some(passwords::hash(password)?);
    }
    for (name, mode) in [
        ("first_name", config.first_name),
        ("last_name", config.last_name),
    ] {
        if let Some(value) = me::name_param(params, name)? {
            if mode == AttributeMode::Off && value.is_some() {
                return Err(FapiError::param_value_invalid(
                    name,
                    format!("{name} is not collected by this instance."),
                ));
            }
            if name == "first_name" {
                record.first_name = value;
            } else {
                record.last_name = value;
            }
        }
    }
    if let Some(metadata) = params.object("unsafe_metadata")? {
        record.unsafe_metadata = metadata;
    }
    Ok(())
}

/// When nothing is missing or unverified: create the user and its session.
fn complete_if_ready(action: &mut Action<'_>, record: &mut SignUpRecord) -> FapiResult<()> {
    let req = Requirements::of(action.state.config(), record);
    if !req.missing.is_empty()
        || !req.unverified.is_empty()
        || record.status != SignUpStatus::MissingRequirements
    {
        return Ok(());
    }
    let Some(email) = record.email_address.clone() else {
        return Ok(());
    };
    if action
        .store
        .identification_by_value("email_address", &email)?
        .is_some()
    {
        return Err(identifier_exists());
    }
    let now = action.now;
    let user_id = crate::random::id(tessera_core::ids::USER);
    let email_id = crate::random::id(tessera_core::ids::IDENTIFICATION);
    let user = UserRecord {
        id: user_id.clone(),
        first_name: record.first_name.clone(),
        last_name: record.last_name.clone(),
        password_hash: record.password_hash.clone(),
        password_last_updated_at: record.password_hash.as_ref().map(|_| now),
        primary_email_address_id: Some(email_id.clone()),
        unsafe_metadata: record.unsafe_metadata.clone(),
        public_metadata: Map::new(),
        created_at: now,
        updated_at: now,
        ..Default::default()
    };
    action.store.put_user(&user)?;
    action.store.put_identification(&IdentificationRecord {
        id: email_id,
        user_id: user_id.clone(),
        kind: "email_address".to_owned(),
        value: email,
        verified: true,
        verification_strategy: Some("email_code".to_owned()),
        pending: None,
        reserved_for_second_factor: false,
        default_second_factor: false,
        created_at: now,
        updated_at: now,
    })?;
    if let Some(invitation_id) = &record.invitation_id {
        if let Some(mut inv) = action.store.invitation(invitation_id)? {
            let user = action
                .store
                .user(&user_id)?
                .ok_or_else(|| FapiError::internal(&"user just created"))?;
            crate::fapi::organizations::accept(action, &mut inv, &user)?;
        }
    }
    let strategy = if record.invitation_id.is_some() {
        "ticket"
    } else {
        "email_code"
    };
    let mut client = action.require_client()?;
    client.sign_up_id = None;
    let session = sessions::start_session(action, client, &user_id, strategy)?;
    record.status = SignUpStatus::Complete;
    record.created_user_id = Some(user_id);
    record.created_session_id = Some(session.id);
    Ok(())
}

fn sign_up_envelope(action: &Action<'_>, record: &SignUpRecord) -> FapiResult<Value> {
    let wire = present::sign_up(action.state, record, action.now);
    action.envelope(serde_json::to_value(wire)?)
}

fn refuse_if_signed_in(action: &Action<'_>) -> FapiResult<()> {
    if !action.state.config().single_session_mode {
        return Ok(());
    }
    let Some(client) = action.client() else {
        return Ok(());
    };
    let active = action
        .store
        .sessions_of_client(&client.id)?
        .iter()
        .any(|s| s.status_at(action.now) == tessera_core::SessionStatus::Active);
    if active {
        return Err(FapiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::SessionExists,
            "You're already signed in.",
            "You're already signed in.",
        ));
    }
    Ok(())
}

/// `POST /v1/client/sign_ups`.
pub(crate) async fn create(fapi: Fapi, params: Params) -> FapiResult<Reply> {
    super::screen_new_password(&fapi, params.raw("password"), "password").await?;
    fapi.write(move |action| {
        refuse_if_signed_in(action)?;
        let mut client = action.client_or_create()?;
        let mut record = SignUpRecord {
            id: crate::random::id(tessera_core::ids::SIGN_UP),
            client_id: client.id.clone(),
            status: SignUpStatus::MissingRequirements,
            email_address: None,
            first_name: None,
            last_name: None,
            password_hash: None,
            unsafe_metadata: Map::new(),
            email_verification: None,
            invitation_id: None,
            created_user_id: None,
            created_session_id: None,
            abandon_at: action.now + present::ATTEMPT_LIFETIME_MS,
            created_at: action.now,
        };
        apply_fields(action, &mut record, &params)?;
        client.sign_up_id = Some(record.id.clone());
        action.save_client(client)?;
        complete_if_ready(action, &mut record)?;
        action.store.put_sign_up(&record)?;
        sign_up_envelope(action, &record)
    })
    .await
}

fn own_sign_up(action: &Action<'_>, id: &str) -> FapiResult<SignUpRecord> {
    let client = action
        .client()
        .ok_or_else(|| FapiError::not_found("sign-up"))?;
    action
        .store
        .sign_up(id)?
        .filter(|r| r.client_id == client.id)
        .ok_or_else(|| FapiError::not_found("sign-up"))
}

fn open_sign_up(action: &Action<'_>, id: &str) -> FapiResult<SignUpRecord> {
    let record = own_sign_up(action, id)?;
    match present::sign_up(action.state, &record, action.now).status {
        SignUpStatus::MissingRequirements => Ok(record),
        SignUpStatus::Complete => Err(FapiError::state_invalid(
            "This sign-up is already complete.",
        )),
        SignUpStatus::Abandoned => Err(FapiError::state_invalid(
            "This sign-up has expired. Start again.",
        )),
    }
}

/// `GET /v1/client/sign_ups/{id}`.
pub(crate) async fn get_sign_up(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let record = own_sign_up(action, &id)?;
        sign_up_envelope(action, &record)
    })
    .await
}

/// `PATCH /v1/client/sign_ups/{id}`.
pub(crate) async fn update(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    super::screen_new_password(&fapi, params.raw("password"), "password").await?;
    fapi.write(move |action| {
        let mut record = open_sign_up(action, &id)?;
        apply_fields(action, &mut record, &params)?;
        complete_if_ready(action, &mut record)?;
        action.store.put_sign_up(&record)?;
        sign_up_envelope(action, &record)
    })
    .await
}

/// `POST /v1/client/sign_ups/{id}/prepare_verification` (strategy `email_code`).
pub(crate) async fn prepare_verification(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let mut record = open_sign_up(action, &id)?;
        let strategy = params.required("strategy")?;
        if strategy != "email_code" {
            return Err(FapiError::param_value_invalid(
                "strategy",
                format!("Verification strategy {strategy} is not supported; use email_code."),
            ));
        }
        let email = record
            .email_address
            .clone()
            .ok_or_else(|| FapiError::param_missing("email_address"))?;
        record.email_verification = Some(dev::send_email_code(
            action,
            "email_code",
            &email,
            None,
            "verification",
        )?);
        action.store.put_sign_up(&record)?;
        sign_up_envelope(action, &record)
    })
    .await
}

/// `POST /v1/client/sign_ups/{id}/attempt_verification` (strategy `email_code`, `code`).
pub(crate) async fn attempt_verification(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write_outcome(move |action| {
        let mut record = open_sign_up(action, &id)?;
        let strategy = params.required("strategy")?;
        if strategy != "email_code" {
            return Err(FapiError::param_value_invalid(
                "strategy",
                format!("Verification strategy {strategy} is not supported; use email_code."),
            ));
        }
        let code = params.required("code")?;
        if record.email_verification.is_none() {
            return Err(FapiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::VerificationMissing,
                "not prepared",
                "Request a verification code first (prepare_verification).",
            ));
        }
        let matched = check_persisting(action, &mut record, code)?;
        if !matched {
            return Ok(Err(dev::code_incorrect()));
        }
        complete_if_ready(action, &mut record)?;
        action.store.put_sign_up(&record)?;
        Ok(sign_up_envelope(action, &record))
    })
    .await
}

/// Check the code, persisting the attempt count whatever the outcome.
fn check_persisting(
    action: &Action<'_>,
    record: &mut SignUpRecord,
    code: &str,
) -> FapiResult<bool> {
    let Some(verification) = record.email_verification.as_mut() else {
        return Ok(false);
    };
    let result = dev::check_code(verification, code, action.now);
    action.store.put_sign_up(record)?;
    result
}
