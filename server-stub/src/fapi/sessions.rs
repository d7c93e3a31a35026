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
        abandon_at: now + lifetime_ms,
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
        session.last_active_at = action.now;
        session.updated_at = action.now;
        action.store.put_session(&session)?;
        let mut client = action.require_client()?;
        client.last_active_session_id = Some(session.id.clone());
        action.save_client(client)?;
        session_envelope(action, &session)
    })
    .await
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
            let session = action.client_session(&id)?;
            if session.status_at(action.now) != SessionStatus::Active {
                return Err(FapiError::signed_out());
            }
            let org_id = if params.contains("organization_id") {
                let value = params.optional("organization_id").unwrap_or_default();
                super::organizations::active_organization(action, &session.user_id, value)?
            } else {
                session.last_active_organization_id.clone()
            };
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
