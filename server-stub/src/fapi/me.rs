//! `/v1/me`: the signed-in user of the current session.

use axum::extract::Path;
use axum::Json;
use serde_json::Value;
use tessera_core::{SessionActivity, SessionStatus, SessionWithActivity};

use crate::error::{FapiError, FapiResult};
use crate::fapi::{present, Action, Fapi, Reply};
use crate::store::UserRecord;
use crate::transport::Params;

/// Longest accepted name.
const MAX_NAME_CHARS: usize = 256;

fn user_envelope(action: &Action<'_>, user: &UserRecord) -> FapiResult<Value> {
    let wire = present::user(action.store, action.state, user, action.now)?;
    action.envelope(serde_json::to_value(wire)?)
}

/// `GET /v1/me`.
pub(crate) async fn get_me(fapi: Fapi) -> FapiResult<Reply> {
    fapi.write(|action| {
        let user = action.current_user()?;
        user_envelope(action, &user)
    })
    .await
}

/// Validate an optional name parameter: `Some(None)` clears it.
pub(crate) fn name_param(params: &Params, name: &str) -> FapiResult<Option<Option<String>>> {
    if !params.contains(name) {
        return Ok(None);
    }
    match params.optional(name) {
        None => Ok(Some(None)),
        Some(value) if value.chars().count() > MAX_NAME_CHARS => Err(FapiError::param_invalid(
            name,
            format!("{name} must be at most {MAX_NAME_CHARS} characters."),
        )),
        Some(value) if value.chars().any(char::is_control) => Err(FapiError::param_invalid(
            name,
            format!("{name} contains invalid characters."),
        )),
        Some(value) => Ok(Some(Some(value.to_owned()))),
    }
}

/// The identifications `PATCH /v1/me` can make primary.
#[derive(Debug, Clone, Copy)]
enum Primary {
    Email,
    Phone,
}

impl Primary {
    /// The identification kind, the parameter and the noun for messages.
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Email => ("email_address", "primary_email_address_id", "email address"),
            Self::Phone => ("phone_number", "primary_phone_number_id", "phone number"),
        }
    }
}

/// The id of the user's verified identification `id` of this kind, to become primary: an
/// unverified one is refused (422 `form_param_value_invalid`), another's or an unknown one is not
/// found (404 `resource_not_found`), both naming the parameter.
fn primary(action: &Action<'_>, user: &UserRecord, which: Primary, id: &str) -> FapiResult<String> {
    let (kind, param, noun) = which.words();
    let owned = action
        .store
        .identifications_of(&user.id)?
        .into_iter()
        .find(|i| i.id == id && i.kind == kind);
    match owned {
        Some(ident) if ident.verified => Ok(ident.id),
        Some(_) => Err(FapiError::param_value_invalid(
            param,
            format!("Only a verified {noun} can become primary."),
        )),
        None => Err(FapiError::not_found(noun).param(param)),
    }
}

/// `PATCH /v1/me`: names, primary email address and phone number, unsafe metadata.
pub(crate) async fn update_me(fapi: Fapi, params: Params) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let mut user = action.current_user()?;
        if let Some(first) = name_param(&params, "first_name")? {
            user.first_name = first;
        }
        if let Some(last) = name_param(&params, "last_name")? {
            user.last_name = last;
        }
        if let Some(metadata) = params.object("unsafe_metadata")? {
            user.unsafe_metadata = metadata;
        }
        if let Some(id) = params.optional("primary_email_address_id") {
            user.primary_email_address_id = Some(primary(action, &user, Primary::Email, id)?);
        }
        if let Some(id) = params.optional("primary_phone_number_id") {
            user.primary_phone_number_id = Some(primary(action, &user, Primary::Phone, id)?);
        }
        user.updated_at = action.now;
        action.store.put_user(&user)?;
        user_envelope(action, &user)
    })
    .await
}

fn activity(session: &crate::store::SessionRecord) -> SessionActivity {
    let ua = session.user_agent.as_deref().unwrap_or_default();
    let browser = ["Edg", "Firefox", "Chrome", "Safari"]
        .into_iter()
        .find(|b| ua.contains(b))
        .map(|b| if b == "Edg" { "Edge" } else { b });
    SessionActivity {
        object: "session_activity".to_owned(),
        id: format!("sess_activity_{}", session.id.trim_start_matches("sess_")),
        device_type: None,
        is_mobile: ua.contains("Mobile"),
        browser_name: browser.map(str::to_owned),
        browser_version: None,
        ip_address: session.ip_address.clone(),
        city: None,
        country: None,
    }
}

/// `GET /v1/me/sessions/active`: the user's active sessions on every device (a bare array).
pub(crate) async fn active_sessions(fapi: Fapi) -> FapiResult<Json<Vec<SessionWithActivity>>> {
    let list = fapi
        .run(|action| {
            let user = action.current_user()?;
            let mut out = Vec::new();
            for record in action.store.sessions_of_user(&user.id)? {
                if record.status_at(action.now) == SessionStatus::Active {
                    let mut session =
                        present::session(action.store, action.state, &record, action.now)?;
                    // The list shows devices, not whole users.
                    session.user = None;
                    out.push(SessionWithActivity {
                        session,
                        latest_activity: Some(activity(&record)),
                    });
                }
            }
            Ok(out)
        })
        .await?;
    Ok(Json(list))
}

/// `POST /v1/me/sessions/{id}/revoke`: sign one of the user's sessions out, on whatever device.
pub(crate) async fn revoke_session(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let user = action.current_user()?;
        let mut session = action
            .store
            .session(&id)?
            .filter(|s| s.user_id == user.id)
            .ok_or_else(|| FapiError::not_found("session"))?;
        if session.status_at(action.now) == SessionStatus::Active {
            session.status = SessionStatus::Revoked;
            session.updated_at = action.now;
            action.store.put_session(&session)?;
        }
        let wire = present::session(action.store, action.state, &session, action.now)?;
        action.envelope(serde_json::to_value(wire)?)
    })
    .await
}

/// `POST /v1/me/change_password`: `current_password` (when the user has one), `new_password`,
/// `sign_out_of_other_sessions`.
pub(crate) async fn change_password(fapi: Fapi, params: Params) -> FapiResult<Reply> {
    crate::fapi::screen_new_password(&fapi, params.raw("new_password"), "new_password").await?;
    fapi.write_outcome(move |action| {
        let session = action.current_session()?;
        let mut user = action.current_user()?;
        let new_password = params
            .raw("new_password")
            .ok_or_else(|| FapiError::param_missing("new_password"))?;
        if let Some(hash) = user.password_hash.clone() {
            let current = params
                .raw("current_password")
                .ok_or_else(|| FapiError::param_missing("current_password"))?;
            if !crate::passwords::verify(current, &hash) {
                let wrong = FapiError::new(
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    tessera_core::ErrorCode::FormPasswordIncorrect,
                    "Password is incorrect.",
                    "Your current password is incorrect.",
                )
                .param("current_password");
                return Ok(Err(crate::fapi::sign_ins::record_failure(
                    action, &mut user, wrong,
                )?));
            }
        }
        crate::passwords::validate(new_password).map_err(|e| e.param("new_password"))?;
        user.password_hash = Some(crate::passwords::hash(new_password)?);
        user.password_last_updated_at = Some(action.now);
        user.updated_at = action.now;
        action.store.put_user(&user)?;
        if params.bool("sign_out_of_other_sessions")?.unwrap_or(false) {
            for mut other in action.store.sessions_of_user(&user.id)? {
                if other.id != session.id && other.status_at(action.now) == SessionStatus::Active {
                    other.status = SessionStatus::Revoked;
                    other.updated_at = action.now;
                    action.store.put_session(&other)?;
                }
            }
        }
        Ok(user_envelope(action, &user))
    })
    .await
}

/// `DELETE /v1/me`: delete the account (when the instance allows it) and sign it out everywhere.
pub(crate) async fn delete_me(fapi: Fapi) -> FapiResult<Reply> {
    fapi.write(|action| {
        if !action.state.config().delete_self {
            return Err(FapiError::new(
                axum::http::StatusCode::FORBIDDEN,
                tessera_core::ErrorCode::ResourceForbidden,
                "Not allowed",
                "This application does not let users delete their own account.",
            ));
        }
        let user = action.current_user()?;
        let mut client = action.require_client()?;
        action.store.delete_user(&user.id)?;
        client.last_active_session_id = None;
        action.save_client(client)?;
        action.envelope(serde_json::json!({"object": "user", "id": user.id, "deleted": true}))
    })
    .await
}

/// `POST /v1/me/profile_image`: multipart `file`, PNG/JPEG/WebP/GIF up to 1 MiB.
pub(crate) async fn set_profile_image(
    fapi: Fapi,
    multipart: axum::extract::Multipart,
) -> FapiResult<Reply> {
    let (bytes, content_type) = super::images::read_upload(multipart).await?;
    fapi.write(move |action| {
        let mut user = action.current_user()?;
        action
            .store
            .put_user_image(&user.id, content_type, &bytes, action.now)?;
        user.image_updated_at = Some(action.now);
        user.updated_at = action.now;
        action.store.put_user(&user)?;
        user_envelope(action, &user)
    })
    .await
}

/// `DELETE /v1/me/profile_image`: back to the generated initials.
pub(crate) async fn delete_profile_image(fapi: Fapi) -> FapiResult<Reply> {
    fapi.write(|action| {
        let mut user = action.current_user()?;
        action.store.delete_user_image(&user.id)?;
        user.image_updated_at = None;
        user.updated_at = action.now;
        action.store.put_user(&user)?;
        user_envelope(action, &user)
    })
    .await
}

/// `GET /v1/users/{id}/profile_image`: the uploaded image (public, like a CDN URL).
pub(crate) async fn get_profile_image(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    Path(id): Path<String>,
) -> FapiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let db = state.clone();
    let (content_type, bytes) =
        tokio::task::spawn_blocking(move || db.db().transaction(|store| store.user_image(&id)))
            .await
            .map_err(|e| FapiError::internal(&e))??
            .ok_or_else(|| FapiError::not_found("profile image"))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (
                axum::http::header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}
