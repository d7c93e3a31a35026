//! Sessions: creation on sign-in/sign-up, touch, session tokens, end and remove.

use axum::extract::Path;
use axum::Json;
use serde_json::Value;
use tessera_core::{
    OrganizationClaim, SessionClaims, SessionStatus, TokenResponse, SESSION_TOKEN_VERSION,
};

use crate::error::{FapiError, FapiResult};
use crate::fapi::{present, Action, Fapi, Reply};
use crate::store::{ClientRecord, SessionRecord};
use crate::transport::Params;
use crate::AppState;

/// Tokens are valid from a few seconds in the past, for clock skew between servers.
const NOT_BEFORE_SKEW_SECONDS: i64 = 10;

/// Sign `user_id` in on `client`: a new active session, which becomes the client's last active one.
/// In single-session mode the client's other sessions end.
pub(crate) fn start_session(
    action: &mut Action<'_>,
    mut client: ClientRecord,
    user_id: &str,
    strategy: &str,
) -> FapiResult<SessionRecord> {
    let now = action.now;
    let lifetime_ms = i64::try_from(action.state.config().session_lifetime_seconds)
        .unwrap_or(i64::MAX / 2_000)
        * 1000;
    if action.state.config().single_session_mode {
        for mut other in action.store.sessions_of_client(&client.id)? {
            if other.status_at(now) == SessionStatus::Active {
                other.status = SessionStatus::Ended;
                other.updated_at = now;
                action.store.put_session(&other)?;
            }
        }
    }
    let session = SessionRecord {
        id: crate::random::id(tessera_core::ids::SESSION),
        client_id: client.id.clone(),
        user_id: user_id.to_owned(),
        status: SessionStatus::Active,
        expire_at: now + lifetime_ms,
        abandon_at: action
            .state
            .config()
            .inactivity_timeout_ms()
            .map_or(now + lifetime_ms, |t| (now + t).min(now + lifetime_ms)),
        last_active_at: now,
        last_active_organization_id: None,
        actor: None,
        first_factor_verified_at: now,
        second_factor_verified_at: None,
        user_agent: action.ctx.user_agent.clone(),
        ip_address: action.ctx.ip.clone(),
        created_at: now,
        updated_at: now,
    };
    action.store.put_session(&session)?;
    if let Some(mut user) = action.store.user(user_id)? {
        user.last_sign_in_at = Some(now);
        user.last_active_at = Some(now);
        user.failed_attempts = 0;
        user.locked_until = None;
        user.updated_at = now;
        action.store.put_user(&user)?;
    }
    client.last_active_session_id = Some(session.id.clone());
    client.last_authentication_strategy = Some(strategy.to_owned());
    action.save_client(client)?;
    Ok(session)
}

/// The organization claim (`o`, with `fea`) for a session working in `org_id`, if the user is
/// still a member.
pub(crate) fn organization_claim(
    store: &crate::store::Store<'_>,
    user_id: &str,
    org_id: Option<&str>,
) -> FapiResult<Option<(OrganizationClaim, String)>> {
    let Some(org_id) = org_id else {
        return Ok(None);
    };
    let (Some(org), Some(membership)) = (
        store.organization(org_id)?,
        store.membership(org_id, user_id)?,
    ) else {
        return Ok(None);
    };
    let permissions = crate::roles::permissions_of(&membership.role);
    Ok(Some(OrganizationClaim::from_keys(
        &org.id,
        &org.slug,
        &membership.role,
        &permissions,
    )))
}

/// Mint a session token for an active session.
pub(crate) fn mint_token(
    state: &AppState,
    session: &SessionRecord,
    organization: Option<(OrganizationClaim, String)>,
    origin: Option<&str>,
    now_ms: i64,
) -> FapiResult<String> {
    let (o, fea) = match organization {
        Some((claim, fea)) => (Some(claim), Some(fea).filter(|f| !f.is_empty())),
        None => (None, None),
    };
    let now = now_ms / 1000;
    let claims = SessionClaims {
        azp: origin.map(str::to_owned),
        exp: now + i64::from(state.config().session_token_lifetime_seconds),
        iat: now,
        iss: state.frontend_api_url().to_owned(),
        nbf: now - NOT_BEFORE_SKEW_SECONDS,
        sid: session.id.clone(),
        sub: session.user_id.clone(),
        v: SESSION_TOKEN_VERSION,
        fva: vec![
            (now_ms - session.first_factor_verified_at).max(0) / 60_000,
            session
                .second_factor_verified_at
                .map_or(-1, |t| (now_ms - t).max(0) / 60_000),
        ],
        sts: "active".to_owned(),
        jti: crate::random::base62(20),
        fea,
        o,
        act: session
            .actor
            .as_ref()
            .and_then(|a| serde_json::from_value(a.clone()).ok()),
    };
    state.keys().active().sign(&claims)
}

fn session_envelope(action: &Action<'_>, session: &SessionRecord) -> FapiResult<Value> {
    let wire = present::session(action.store, action.state, session, action.now)?;
    action.envelope(serde_json::to_value(wire)?)
}

/// `GET /v1/client/sessions/{id}`.
pub(crate) async fn get_session(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let session = action.client_session(&id)?;
        session_envelope(action, &session)
    })
    .await
}

/// `POST /v1/client/sessions/{id}/touch`: mark the session active now, and make it the client's
/// last active session. `active_organization_id` sets the organization it works in (empty: the
/// personal account); the user must be a member.
pub(crate) async fn touch(fapi: Fapi, Path(id): Path<String>, params: Params) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let mut session = action.client_session(&id)?;
        if session.status_at(action.now) != SessionStatus::Active {
            return Err(FapiError::signed_out());
        }
        if params.contains("active_organization_id") {
            let value = params
                .optional("active_organization_id")
                .unwrap_or_default();
            session.last_active_organization_id =
                super::organizations::active_organization(action, &session.user_id, value)?;
        }
        session.touch(action.now, action.state.config().inactivity_timeout_ms());
        action.store.put_session(&session)?;
        let mut client = action.require_client()?;
        client.last_active_session_id = Some(session.id.clone());
        action.save_client(client)?;
        session_envelope(action, &session)
    })
    .await
}

/// The caller's active session `id`, touched (a token request is activity: it keeps an idle-timeout
/// session alive), and the organization its token is for: `organization_id` if given (empty: the
/// personal account), else the session's active one.
fn session_for_token(
    action: &Action<'_>,
    id: &str,
    params: &Params,
) -> FapiResult<(SessionRecord, Option<String>)> {
    let mut session = action.client_session(id)?;
    if session.status_at(action.now) != SessionStatus::Active {
        return Err(FapiError::signed_out());
    }
    session.touch(action.now, action.state.config().inactivity_timeout_ms());
    action.store.put_session(&session)?;
    let org_id = if params.contains("organization_id") {
        let value = params.optional("organization_id").unwrap_or_default();
        super::organizations::active_organization(action, &session.user_id, value)?
    } else {
        session.last_active_organization_id.clone()
    };
    Ok((session, org_id))
}

/// `POST /v1/client/sessions/{id}/tokens` → `{"object":"token","jwt":…}`. Refused (401) once
/// the session is no longer active.
///
/// `organization_id` mints the token for that organization instead of the session's active one
/// (empty: the personal account).
pub(crate) async fn create_token(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Json<TokenResponse>> {
    let state = fapi.state.clone();
    let origin = fapi.ctx.origin.clone();
    // Signing happens after the transaction, so the database is not held during RSA work.
    let (session, organization) = fapi
        .run(move |action| {
            let (session, org_id) = session_for_token(action, &id, &params)?;
            let organization =
                organization_claim(action.store, &session.user_id, org_id.as_deref())?;
            Ok((session, organization))
        })
        .await?;
    let jwt = mint_token(
        &state,
        &session,
        organization,
        origin.as_deref(),
        state.now(),
    )?;
    Ok(Json(TokenResponse::new(jwt)))
}

fn finish(action: &mut Action<'_>, id: &str, status: SessionStatus) -> FapiResult<Value> {
    let mut session = action.client_session(id)?;
    if session.status_at(action.now) == SessionStatus::Active {
        session.status = status;
        session.updated_at = action.now;
        action.store.put_session(&session)?;
    }
    let mut client = action.require_client()?;
    if client.last_active_session_id.as_deref() == Some(id) {
        client.last_active_session_id = action
            .store
            .sessions_of_client(&client.id)?
            .into_iter()
            .rev()
            .find(|s| s.status_at(action.now) == SessionStatus::Active)
            .map(|s| s.id);
    }
    action.save_client(client)?;
    session_envelope(action, &session)
}

/// `POST /v1/client/sessions/{id}/end`: sign this session out.
pub(crate) async fn end(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
    fapi.write(move |action| finish(action, &id, SessionStatus::Ended))
        .await
}

/// `POST /v1/client/sessions/{id}/remove`: sign out and forget this session on this client.
pub(crate) async fn remove(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
    fapi.write(move |action| finish(action, &id, SessionStatus::Removed))
        .await
}

/// End every active session of a client (sign out all).
pub(crate) fn end_all(action: &mut Action<'_>, client: &ClientRecord) -> FapiResult<()> {
    for mut session in action.store.sessions_of_client(&client.id)? {
        if session.status_at(action.now) == SessionStatus::Active {
            session.status = SessionStatus::Ended;
            session.updated_at = action.now;
            action.store.put_session(&session)?;
        }
    }
    Ok(())
}

/// The values template shortcodes read: `user`, `org` (null in the personal account), `session`.
fn template_context(
    action: &Action<'_>,
    session: &SessionRecord,
    org_id: Option<&str>,
) -> FapiResult<serde_json::Value> {
    let user = action
        .store
        .user(&session.user_id)?
        .ok_or_else(FapiError::signed_out)?;
    let wire = present::user(action.store, action.state, &user, action.now)?;
    let primary = wire.primary_email_address();
    let org = match org_id {
        Some(id) => match (
            action.store.organization(id)?,
            action.store.membership(id, &user.id)?,
        ) {
            (Some(org), Some(m)) => {
                serde_json::json!({"id": org.id, "name": org.name, "slug": org.slug, "role": m.role})
            }
            _ => serde_json::Value::Null,
        },
        None => serde_json::Value::Null,
    };
    Ok(serde_json::json!({
        "user": {
            "id": wire.id,
            "first_name": wire.first_name,
            "last_name": wire.last_name,
            "full_name": wire.full_name(),
            "username": wire.username,
            "primary_email_address": primary.map(|e| e.email_address.clone()),
            "email_verified": primary.is_some_and(|e| e.verification.as_ref().is_some_and(|v| v.is_verified())),
            "image_url": wire.image_url,
            "has_image": wire.has_image,
            "public_metadata": wire.public_metadata,
            "unsafe_metadata": wire.unsafe_metadata,
            "created_at": wire.created_at,
        },
        "org": org,
        "session": {"id": session.id, "actor": session.actor},
    }))
}

/// `POST /v1/client/sessions/{id}/tokens/{template}` → a token shaped by a configured JWT template.
pub(crate) async fn create_template_token(
    fapi: Fapi,
    Path((id, name)): Path<(String, String)>,
    params: Params,
) -> FapiResult<Json<TokenResponse>> {
    let state = fapi.state.clone();
    let origin = fapi.ctx.origin.clone();
    let template = state
        .config()
        .jwt_templates
        .iter()
        .find(|t| t.name == name)
        .cloned()
        .ok_or_else(|| FapiError::not_found("JWT template"))?;
    let claims_template = template
        .resolved_claims()
        .map_err(|e| FapiError::internal(&e))?;
    let (session, mut claims) = fapi
        .run(move |action| {
            let (session, org_id) = session_for_token(action, &id, &params)?;
            let context = template_context(action, &session, org_id.as_deref())?;
            let rendered =
                crate::templates::render(&serde_json::Value::Object(claims_template), &context);
            Ok((session, rendered))
        })
        .await?;
    let now = state.now() / 1000;
    if let serde_json::Value::Object(map) = &mut claims {
        map.insert("iat".into(), now.into());
        map.insert(
            "exp".into(),
            (now + i64::from(template.lifetime_seconds)).into(),
        );
        map.insert(
            "nbf".into(),
            (now - i64::from(template.allowed_clock_skew_seconds)).into(),
        );
        map.insert("iss".into(), state.frontend_api_url().into());
        map.insert("sub".into(), session.user_id.clone().into());
        map.insert("sid".into(), session.id.clone().into());
        map.insert("jti".into(), crate::random::base62(20).into());
        if let Some(origin) = origin {
            map.insert("azp".into(), origin.into());
        }
    }
    let jwt = state.keys().active().sign(&claims)?;
    Ok(Json(TokenResponse::new(jwt)))
}
