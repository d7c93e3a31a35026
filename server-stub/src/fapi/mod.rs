//! The Frontend API: one module per resource, and the request plumbing they share.
//!
//! A handler runs its whole effect in [`Fapi::write`] (or [`Fapi::read`]): one SQLite transaction,
//! on a blocking thread, with the caller's client resolved from its credential. Mutations answer
//! with the fresh client in the envelope, as the protocol requires.

mod client;
mod dev;
mod environment;
mod identifications;
mod images;
mod me;
mod mfa;
mod organizations;
pub(crate) mod present;
mod sessions;
mod sign_ins;
mod sign_ups;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tessera_core::ErrorCode;

use crate::error::{FapiError, FapiResult};
use crate::store::{ClientRecord, SessionRecord, Store};
use crate::transport::{RequestContext, CLIENT_COOKIE};
use crate::AppState;

/// Every route of the server.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/environment",
            get(environment::get_environment).patch(environment::get_environment),
        )
        .route("/v1/dev_browser", post(dev::create_dev_browser))
        .route(
            "/v1/client",
            get(client::get_client)
                .post(client::create_client)
                .put(client::create_client)
                .delete(client::delete_client),
        )
        .route(
            "/v1/client/sessions",
            axum::routing::delete(client::sign_out_all),
        )
        .route("/v1/client/sign_ins", post(sign_ins::create))
        .route("/v1/client/sign_ins/{id}", get(sign_ins::get_sign_in))
        .route(
            "/v1/client/sign_ins/{id}/prepare_first_factor",
            post(sign_ins::prepare_first_factor),
        )
        .route(
            "/v1/client/sign_ins/{id}/attempt_first_factor",
            post(sign_ins::attempt_first_factor),
        )
        .route(
            "/v1/client/sign_ins/{id}/prepare_second_factor",
            post(sign_ins::prepare_second_factor),
        )
        .route(
            "/v1/client/sign_ins/{id}/attempt_second_factor",
            post(sign_ins::attempt_second_factor),
        )
        .route(
            "/v1/client/sign_ins/{id}/reset_password",
            post(sign_ins::reset_password),
        )
        .route("/v1/client/sign_ups", post(sign_ups::create))
        .route(
            "/v1/client/sign_ups/{id}",
            get(sign_ups::get_sign_up).patch(sign_ups::update),
        )
        .route(
            "/v1/client/sign_ups/{id}/prepare_verification",
            post(sign_ups::prepare_verification),
        )
        .route(
            "/v1/client/sign_ups/{id}/attempt_verification",
            post(sign_ups::attempt_verification),
        )
        .route("/v1/client/sessions/{id}", get(sessions::get_session))
        .route("/v1/client/sessions/{id}/touch", post(sessions::touch))
        .route(
            "/v1/client/sessions/{id}/tokens/{template}",
            post(sessions::create_template_token),
        )
        .route(
            "/v1/client/sessions/{id}/tokens",
            post(sessions::create_token),
        )
        .route("/v1/client/sessions/{id}/end", post(sessions::end))
        .route("/v1/client/sessions/{id}/remove", post(sessions::remove))
        .route(
            "/v1/me",
            get(me::get_me).patch(me::update_me).delete(me::delete_me),
        )
        .route("/v1/me/sessions/active", get(me::active_sessions))
        .route("/v1/me/change_password", post(me::change_password))
        .route(
            "/v1/me/profile_image",
            post(me::set_profile_image).delete(me::delete_profile_image),
        )
        .route("/v1/users/{id}/profile_image", get(me::get_profile_image))
        .route("/v1/me/sessions/{id}/revoke", post(me::revoke_session))
        .route(
            "/v1/me/email_addresses",
            post(identifications::create_email),
        )
        .route(
            "/v1/me/email_addresses/{id}",
            get(identifications::get_email).delete(identifications::delete_email),
        )
        .route(
            "/v1/me/email_addresses/{id}/prepare_verification",
            post(identifications::prepare_email),
        )
        .route(
            "/v1/me/email_addresses/{id}/attempt_verification",
            post(identifications::attempt_email),
        )
        .route("/v1/me/phone_numbers", post(identifications::create_phone))
        .route(
            "/v1/me/phone_numbers/{id}",
            get(identifications::get_phone)
                .patch(identifications::patch_phone)
                .delete(identifications::delete_phone),
        )
        .route(
            "/v1/me/phone_numbers/{id}/prepare_verification",
            post(identifications::prepare_phone),
        )
        .route(
            "/v1/me/phone_numbers/{id}/attempt_verification",
            post(identifications::attempt_phone),
        )
        .route(
            "/v1/me/totp",
            post(mfa::create_totp).delete(mfa::delete_totp),
        )
        .route("/v1/me/totp/attempt_verification", post(mfa::verify_totp))
        .route("/v1/me/backup_codes", post(mfa::create_backup_codes))
        .route("/v1/organizations", post(organizations::create))
        .route(
            "/v1/organizations/{id}",
            get(organizations::get)
                .patch(organizations::update)
                .delete(organizations::delete),
        )
        .route(
            "/v1/organizations/{id}/logo",
            get(organizations::get_logo)
                .put(organizations::put_logo)
                .post(organizations::put_logo)
                .delete(organizations::delete_logo),
        )
        .route(
            "/v1/organizations/{id}/memberships",
            get(organizations::list_memberships).post(organizations::create_membership),
        )
        .route(
            "/v1/organizations/{id}/memberships/{user_id}",
            axum::routing::patch(organizations::update_membership)
                .delete(organizations::delete_membership),
        )
        .route(
            "/v1/organizations/{id}/invitations",
            get(organizations::list_invitations).post(organizations::create_invitation),
        )
        .route(
            "/v1/organizations/{id}/invitations/bulk",
            post(organizations::create_invitations_bulk),
        )
        .route(
            "/v1/organizations/{id}/invitations/{invitation_id}/revoke",
            post(organizations::revoke_invitation),
        )
        .route(
            "/v1/organizations/{id}/roles",
            get(organizations::list_roles),
        )
        .route(
            "/v1/me/organization_memberships",
            get(organizations::my_memberships),
        )
        .route(
            "/v1/me/organization_memberships/{id}",
            axum::routing::delete(organizations::leave),
        )
        .route(
            "/v1/me/organization_invitations",
            get(organizations::my_invitations),
        )
        .route(
            "/v1/me/organization_suggestions",
            get(organizations::my_suggestions),
        )
        .route(
            "/v1/me/organization_invitations/{id}/accept",
            post(organizations::accept_invitation),
        )
        .route(
            "/v1/health",
            get(|| async { Json(json!({"status": "pass"})) }),
        )
        .route("/.well-known/jwks.json", get(dev::jwks))
        .route("/__dev/outbox", get(dev::outbox))
        .fallback(|| async {
            FapiError::new(
                StatusCode::NOT_FOUND,
                ErrorCode::ResourceNotFound,
                "not found",
                "There is no such endpoint.",
            )
        })
        .method_not_allowed_fallback(|| async {
            FapiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "method not allowed",
                "This endpoint does not support this HTTP method.",
            )
        })
}

/// Check a new password before any transaction: length rules, then known breaches (which may ask
/// the range API over the network, so never while the database is held).
pub(crate) async fn screen_new_password(
    fapi: &Fapi,
    password: Option<&str>,
    param: &str,
) -> FapiResult<()> {
    let Some(password) = password else {
        return Ok(());
    };
    crate::passwords::validate(password).map_err(|e| e.param(param))?;
    crate::breached::check(fapi.state.config(), Some(password), param).await
}

/// What happens to the `__client` cookie with a response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum CookieChange {
    #[default]
    Keep,
    Set(String),
    Clear,
}

/// A successful FAPI response: a JSON body and, sometimes, a new `__client` cookie.
#[derive(Debug)]
pub(crate) struct Reply {
    body: Value,
    cookie: CookieChange,
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = Json(self.body).into_response();
        let cookie = match self.cookie {
            CookieChange::Keep => None,
            CookieChange::Set(token) => Some(format!(
                "{CLIENT_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000"
            )),
            CookieChange::Clear => Some(format!(
                "{CLIENT_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
            )),
        };
        if let Some(value) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        response
    }
}

/// The request's handle on the server: state plus caller context.
#[derive(Debug, Clone)]
pub(crate) struct Fapi {
    state: AppState,
    ctx: RequestContext,
}

impl<S> FromRequestParts<S> for Fapi
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = FapiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self {
            state: AppState::from_ref(state),
            ctx: RequestContext::from_request_parts(parts, state).await?,
        })
    }
}

impl Fapi {
    /// Run `f` in one transaction on a blocking thread; its value is the response body.
    pub(crate) async fn write<F>(self, f: F) -> FapiResult<Reply>
    where
        F: FnOnce(&mut Action<'_>) -> FapiResult<Value> + Send + 'static,
    {
        let (body, cookie) = self.run_with_cookie(f).await?;
        Ok(Reply { body, cookie })
    }

    /// Like [`Fapi::write`], for attempts whose failure must be remembered (wrong passwords and
    /// codes count towards limits): an inner `Err` is committed, then returned.
    pub(crate) async fn write_outcome<F>(self, f: F) -> FapiResult<Reply>
    where
        F: FnOnce(&mut Action<'_>) -> FapiResult<FapiResult<Value>> + Send + 'static,
    {
        let (outcome, cookie) = self.run_with_cookie(f).await?;
        Ok(Reply {
            body: outcome?,
            cookie,
        })
    }

    /// Run `f` in one transaction and return its value (for responses that are not envelopes).
    pub(crate) async fn run<T, F>(self, f: F) -> FapiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Action<'_>) -> FapiResult<T> + Send + 'static,
    {
        Ok(self.run_with_cookie(f).await?.0)
    }

    async fn run_with_cookie<T, F>(self, f: F) -> FapiResult<(T, CookieChange)>
    where
        T: Send + 'static,
        F: FnOnce(&mut Action<'_>) -> FapiResult<T> + Send + 'static,
    {
        tokio::task::spawn_blocking(move || {
            let now = self.state.now();
            self.state.db().transaction(|store| {
                let client = resolve_client(store, &self.ctx)?;
                let mut action = Action {
                    store,
                    now,
                    state: &self.state,
                    ctx: &self.ctx,
                    client,
                    cookie: CookieChange::Keep,
                };
                let value = f(&mut action)?;
                Ok((value, action.cookie))
            })
        })
        .await
        .map_err(|e| FapiError::internal(&e))?
    }
}

/// Find the caller's client: by dev-browser token first (development style), else by `__client` cookie.
fn resolve_client(store: &Store<'_>, ctx: &RequestContext) -> FapiResult<Option<ClientRecord>> {
    if let Some(token) = &ctx.dev_browser {
        match store.dev_browser_client(token)? {
            Some(Some(client_id)) => return store.client(&client_id),
            Some(None) => return Ok(None),
            None => {
                return Err(FapiError::new(
                    StatusCode::UNAUTHORIZED,
                    ErrorCode::DevBrowserUnauthenticated,
                    "Unauthenticated dev browser",
                    "The dev-browser token is not known to this instance. Create a new one with POST /v1/dev_browser.",
                ))
            }
        }
    }
    match &ctx.client_cookie {
        Some(token) => store.client_by_cookie(token),
        None => Ok(None),
    }
}

/// One request's transaction: storage, time, the caller and its client.
#[derive(Debug)]
pub(crate) struct Action<'a> {
    pub(crate) store: &'a Store<'a>,
    pub(crate) now: i64,
    pub(crate) state: &'a AppState,
    pub(crate) ctx: &'a RequestContext,
    client: Option<ClientRecord>,
    cookie: CookieChange,
}

impl Action<'_> {
    /// The caller's client, if it has one.
    pub(crate) fn client(&self) -> Option<&ClientRecord> {
        self.client.as_ref()
    }

    /// The caller's client; a request that needs one and has none is signed out.
    pub(crate) fn require_client(&self) -> FapiResult<ClientRecord> {
        self.client.clone().ok_or_else(|| {
            FapiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::AuthenticationInvalid,
                "No client",
                "This browser has no client yet; create one first.",
            )
        })
    }

    /// The caller's client, created (and bound to its credential) if it has none.
    pub(crate) fn client_or_create(&mut self) -> FapiResult<ClientRecord> {
        if let Some(client) = &self.client {
            return Ok(client.clone());
        }
        let client = ClientRecord {
            id: crate::random::id(tessera_core::ids::CLIENT),
            cookie_token: crate::random::base62(40),
            sign_in_id: None,
            sign_up_id: None,
            last_active_session_id: None,
            last_authentication_strategy: None,
            created_at: self.now,
            updated_at: self.now,
        };
        self.store.put_client(&client)?;
        if let Some(token) = &self.ctx.dev_browser {
            self.store.bind_dev_browser(token, Some(&client.id))?;
        }
        self.cookie = CookieChange::Set(client.cookie_token.clone());
        self.client = Some(client.clone());
        Ok(client)
    }

    /// Store a changed client and keep it as the caller's.
    pub(crate) fn save_client(&mut self, mut client: ClientRecord) -> FapiResult<()> {
        client.updated_at = self.now;
        self.store.put_client(&client)?;
        self.client = Some(client);
        Ok(())
    }

    /// Forget the caller's client (after deleting it) and clear its cookie.
    pub(crate) fn forget_client(&mut self) {
        self.client = None;
        self.cookie = CookieChange::Clear;
    }

    /// `{"response": response, "client": <fresh client or null>}`.
    pub(crate) fn envelope(&self, response: Value) -> FapiResult<Value> {
        let client = match &self.client {
            Some(client) => {
                serde_json::to_value(present::client(self.store, self.state, client, self.now)?)?
            }
            None => Value::Null,
        };
        Ok(json!({"response": response, "client": client}))
    }

    /// The session the request acts for: `_clerk_session_id` if given, else the client's last
    /// active session. It must be active and belong to the caller's client.
    pub(crate) fn current_session(&self) -> FapiResult<SessionRecord> {
        let client = self.client.as_ref().ok_or_else(FapiError::signed_out)?;
        let id = self
            .ctx
            .session_hint
            .as_deref()
            .or(client.last_active_session_id.as_deref())
            .ok_or_else(FapiError::signed_out)?;
        let session = self
            .store
            .session(id)?
            .filter(|s| s.client_id == client.id)
            .ok_or_else(FapiError::signed_out)?;
        if session.status_at(self.now) != tessera_core::SessionStatus::Active {
            return Err(FapiError::signed_out());
        }
        Ok(session)
    }

    /// The user of the current session (see [`Action::current_session`]).
    pub(crate) fn current_user(&self) -> FapiResult<crate::store::UserRecord> {
        let session = self.current_session()?;
        self.store
            .user(&session.user_id)?
            .ok_or_else(FapiError::signed_out)
    }

    /// A session of the caller's client by id (any status).
    pub(crate) fn client_session(&self, id: &str) -> FapiResult<SessionRecord> {
        let client = self
            .client
            .as_ref()
            .ok_or_else(|| FapiError::not_found("session"))?;
        self.store
            .session(id)?
            .filter(|s| s.client_id == client.id)
            .ok_or_else(|| FapiError::not_found("session"))
    }
}
