//! The runtime an app holds: built from a publishable key or a Frontend API URL, it loads the
//! environment and the client, keeps the [`Store`] current from every envelope, and hands out
//! session tokens.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::{Rc, Weak};

use crate::clock::{Clock, Timers};
use crate::cookies::{self, Cookies};
use crate::json::{FromJson, Json};
use crate::model::{Client, Environment, SessionClaims};
use crate::session_token::{GetTokenOptions, Lookup, SessionToken, TokenCache, TokenKey};
use crate::state::{ListenerId, Snapshot, Store};
use crate::tabs::{TabEvent, TabMessage, Tabs};
use crate::transport::{FapiClient, Form, Method, Transport};
use crate::LocalFuture;
use crate::SdkError;

/// What the runtime needs from its host: I/O and time. Tests pass fakes.
#[derive(Clone)]
pub struct Platform {
    pub transport: Rc<dyn Transport>,
    pub clock: Rc<dyn Clock>,
    pub timers: Rc<dyn Timers>,
    pub cookies: Rc<dyn Cookies>,
    /// The other tabs of the browser ([`crate::tabs::SingleTab`] where there are none).
    pub tabs: Rc<dyn Tabs>,
}

impl fmt::Debug for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Platform").finish_non_exhaustive()
    }
}

impl Platform {
    /// The browser: `fetch`, `Date.now()`, `setTimeout`, `document.cookie`.
    #[cfg(target_arch = "wasm32")]
    pub fn browser() -> Self {
        Self {
            transport: Rc::new(crate::transport::FetchTransport),
            clock: Rc::new(crate::clock::SystemClock),
            timers: Rc::new(crate::clock::BrowserTimers),
            cookies: Rc::new(crate::cookies::DocumentCookies),
            tabs: Rc::new(crate::tabs::BrowserTabs::default()),
        }
    }
}

/// How to reach the Frontend API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeOptions {
    /// `https://…` from a publishable key, or an explicit URL such as `http://127.0.0.1:4000`.
    pub frontend_api: String,
    /// Development style: get a dev-browser token and send `__clerk_db_jwt` instead of relying
    /// on the `__client` cookie. On by default for `pk_test_` keys.
    pub dev_browser: bool,
}

impl RuntimeOptions {
    /// Read a publishable key (`pk_test_…`/`pk_live_…` + base64 of `host$`) or take a URL as is.
    pub fn from_key_or_url(key_or_url: &str) -> Result<Self, SdkError> {
        let key_or_url = key_or_url.trim_ascii();
        if key_or_url.starts_with("http://") || key_or_url.starts_with("https://") {
            return Ok(Self {
                frontend_api: key_or_url.trim_end_matches('/').to_owned(),
                dev_browser: false,
            });
        }
        let (encoded, dev_browser) = if let Some(rest) = key_or_url.strip_prefix("pk_test_") {
            (rest, true)
        } else if let Some(rest) = key_or_url.strip_prefix("pk_live_") {
            (rest, false)
        } else {
            return Err(SdkError::InvalidPublishableKey);
        };
        let decoded =
            crate::base64::decode_text(encoded, false).ok_or(SdkError::InvalidPublishableKey)?;
        let host = decoded
            .strip_suffix('$')
            .filter(|h| !h.is_empty() && !h.bytes().any(|b| matches!(b, b'/' | b'$' | b' ')))
            .ok_or(SdkError::InvalidPublishableKey)?;
        Ok(Self {
            frontend_api: ["https://", host].concat(),
            dev_browser,
        })
    }
}

/// A FAPI mutation: what [`Runtime::mutate`] sends.
#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) form: Form,
}

impl Call {
    pub(crate) fn post(path: String, form: Form) -> Self {
        Self {
            method: Method::Post,
            path,
            form,
        }
    }
}

/// Which session to make active, and in which organization.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetActive {
    /// The session; `None` keeps the active one.
    pub session_id: Option<String>,
    /// `Some(None)` switches to the personal account, `Some(Some(id_or_slug))` to an organization
    /// (a slug is resolved through the user's memberships); `None` keeps the organization.
    pub organization_id: Option<Option<String>>,
}

impl SetActive {
    /// The active session in the organization with this id or slug.
    pub fn organization(id_or_slug: impl Into<String>) -> Self {
        Self {
            session_id: None,
            organization_id: Some(Some(id_or_slug.into())),
        }
    }

    /// The active session in the user's personal account (no organization).
    pub fn personal() -> Self {
        Self {
            session_id: None,
            organization_id: Some(None),
        }
    }
}

/// Which sessions to end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignOut {
    /// One session; `None` ends all of them.
    pub session_id: Option<String>,
}

pub(crate) struct Inner {
    pub(crate) fapi: FapiClient,
    options: RuntimeOptions,
    store: Store,
    tokens: Rc<TokenCache>,
    clock: Rc<dyn Clock>,
    timers: Rc<dyn Timers>,
    cookies: Rc<dyn Cookies>,
    /// Bumped whenever a proactive refresh is scheduled; older timers then do nothing.
    refresh_generation: Cell<u64>,
    /// The token the cookie and the proactive refresh follow: the active session's session token.
    followed: RefCell<Option<TokenKey>>,
    /// The JWT the proactive refresh is scheduled for.
    refresh_for: RefCell<Option<String>>,
    tabs: Rc<dyn Tabs>,
    /// Background token requests that failed in a row (network, 5xx, 429): the next retry waits
    /// longer.
    failures: Cell<u32>,
}

/// The SDK runtime. Cheap to clone: clones share state.
#[derive(Clone)]
pub struct Runtime {
    inner: Rc<Inner>,
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("fapi", &self.inner.fapi)
            .field("snapshot", &self.inner.store.snapshot())
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// A runtime for `options` on `platform`. Nothing is fetched before [`Runtime::load`].
    pub fn new(options: RuntimeOptions, platform: Platform) -> Self {
        let runtime = Self {
            inner: Rc::new(Inner {
                fapi: FapiClient::new(&options.frontend_api, platform.transport),
                options,
                store: Store::default(),
                tokens: Rc::default(),
                clock: platform.clock,
                timers: platform.timers,
                cookies: platform.cookies,
                refresh_generation: Cell::new(0),
                followed: RefCell::new(None),
                refresh_for: RefCell::new(None),
                tabs: platform.tabs,
                failures: Cell::new(0),
            }),
        };
        let weak = Rc::downgrade(&runtime.inner);
        runtime.inner.tabs.listen(
            &runtime.inner.options.frontend_api,
            Rc::new(move |event| {
                if let Some(inner) = weak.upgrade() {
                    Runtime { inner }.on_tab_event(event);
                }
            }),
        );
        runtime
    }

    /// A browser runtime from a publishable key or a Frontend API URL.
    #[cfg(target_arch = "wasm32")]
    pub fn in_browser(key_or_url: &str) -> Result<Self, SdkError> {
        Ok(Self::new(
            RuntimeOptions::from_key_or_url(key_or_url)?,
            Platform::browser(),
        ))
    }

    /// Whether `other` is this runtime (a clone of it), not merely one like it.
    pub fn same_as(&self, other: &Runtime) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }

    /// The Frontend API client (for calls the runtime does not wrap).
    pub fn fapi(&self) -> &FapiClient {
        &self.inner.fapi
    }

    /// The current state: the same `Rc` until something changes.
    pub fn snapshot(&self) -> Rc<Snapshot> {
        self.inner.store.snapshot()
    }

    /// Call `listener` after every change of the state.
    pub fn subscribe(&self, listener: impl Fn(&Rc<Snapshot>) + 'static) -> ListenerId {
        self.inner.store.subscribe(listener)
    }

    /// Stop calling a listener.
    pub fn unsubscribe(&self, id: ListenerId) {
        self.inner.store.unsubscribe(id);
    }

    /// Fetch the environment and the client (after finding or getting a dev-browser token, in
    /// that mode).
    pub async fn load(&self) -> Result<(), SdkError> {
        let dev_browser = self.inner.options.dev_browser;
        if dev_browser {
            self.use_dev_browser(false).await?;
        }
        let fapi = &self.inner.fapi;
        let environment =
            Environment::from_json(&fapi.call(Method::Get, "/environment", Form::new()).await?);
        let client = match self.fetch_client().await {
            // The saved token is unknown to the server (e.g. its database was reset): start over.
            Err(error @ SdkError::Unauthenticated(_))
                if dev_browser && error.code_str() == Some("dev_browser_unauthenticated") =>
            {
                self.use_dev_browser(true).await?;
                self.fetch_client().await?
            }
            other => other?,
        };
        self.inner.store.update(|s| {
            s.environment = Some(Rc::new(environment));
            s.client = client.map(Rc::new);
            s.is_loaded = true;
        });
        self.after_client_change(false);
        // A page just opened is the one the user looks at.
        let followed = self.inner.followed.borrow().clone();
        if let Some(key) = followed {
            self.claim_context(&key);
        }
        Ok(())
    }

    /// Send a dev-browser token from now on: the one in memory or in the cookie (so a reload keeps
    /// the client), or a new one from `POST /dev_browser` when there is none or `renew` is set.
    async fn use_dev_browser(&self, renew: bool) -> Result<(), SdkError> {
        let fapi = &self.inner.fapi;
        if !renew {
            if fapi.dev_browser_token().is_some() {
                return Ok(());
            }
            if let Some(saved) = self.inner.cookies.get(cookies::DEV_BROWSER) {
                fapi.set_dev_browser_token(Some(saved));
                return Ok(());
            }
        }
        fapi.set_dev_browser_token(None);
        let dev = fapi.call(Method::Post, "/dev_browser", Form::new()).await?;
        let Some(id) = dev.opt_string("id") else {
            return Err(SdkError::InvalidResponse(
                "POST /dev_browser: no token id".to_owned(),
            ));
        };
        self.inner.cookies.set(cookies::DEV_BROWSER, Some(&id));
        fapi.set_dev_browser_token(Some(id));
        Ok(())
    }

    async fn fetch_client(&self) -> Result<Option<Client>, SdkError> {
        let envelope = self
            .inner
            .fapi
            .call(Method::Get, "/client", Form::new())
            .await?;
        Ok(envelope
            .opt::<Client>("response")
            .or_else(|| envelope.opt("client")))
    }

    /// Fetch the client again (after a 401, or when another tab changed it).
    pub async fn reload_client(&self) -> Result<(), SdkError> {
        self.reload(true).await
    }

    /// Fetch the client again; `announce`: tell the other tabs (not when they asked for it).
    async fn reload(&self, announce: bool) -> Result<(), SdkError> {
        let client = self.fetch_client().await?;
        self.inner.store.replace_client(client);
        self.after_client_change(announce);
        Ok(())
    }

    /// Another tab's news, or a wake-up (focus, visible again, back online).
    fn on_tab_event(&self, event: TabEvent) {
        if !self.snapshot().is_loaded {
            return;
        }
        match event {
            TabEvent::Message(TabMessage::Client) => {
                let runtime = self.clone();
                self.inner.timers.schedule(
                    0,
                    Box::pin(async move {
                        // Offline: the next event or request tries again.
                        let _ = runtime.reload(false).await;
                    }),
                );
            }
            TabEvent::Message(TabMessage::SessionToken(jwt)) => {
                let Some(claims) = SessionClaims::decode_unverified(&jwt) else {
                    return;
                };
                let key = TokenKey {
                    session_id: claims.sid,
                    template: None,
                    organization_id: claims.o.map(|o| o.id),
                };
                if let Ok(token) = SessionToken::shared(jwt, self.inner.clock.now()) {
                    self.inner.tokens.put(&key, token.clone());
                    self.publish(&key, &token);
                }
            }
            TabEvent::Awake => {
                // The tab the user is looking at decides what the app's server sees.
                let key = self.inner.followed.borrow().clone();
                if let Some(key) = key {
                    self.claim_context(&key);
                    self.schedule_fetch(key, 0, false);
                }
            }
        }
    }

    /// A mutation: the envelope's fresh client replaces the whole client state; resolves to the
    /// envelope's `response`. A 401 re-fetches the client; a 429 or a network failure leaves the
    /// state alone. (One boxed future for every mutation: the browser bundle has one copy of it.)
    pub(crate) fn mutate(&self, call: Call) -> LocalFuture<Result<Json, SdkError>> {
        let runtime = self.clone();
        Box::pin(async move {
            let result = runtime
                .inner
                .fapi
                .call(call.method, &call.path, call.form)
                .await;
            match result {
                Ok(envelope) => {
                    if let Some(client) = envelope.opt::<Client>("client") {
                        runtime.inner.store.replace_client(Some(client));
                        runtime.after_client_change(true);
                    }
                    // A few endpoints answer a bare value (a list) instead of an envelope.
                    let response = envelope.get("response");
                    Ok(if response.is_null() {
                        envelope
                    } else {
                        response
                    })
                }
                Err(error @ SdkError::Unauthenticated(_)) => {
                    // Best effort: the caller gets the 401 whatever the re-fetch says.
                    let _ = runtime.reload_client().await;
                    Err(error)
                }
                Err(error) => Err(error),
            }
        })
    }

    /// Keep tokens and the cookie in line with the sessions that remain. When the active session
    /// (or its organization) changes, the old token leaves the cookie at once and the new one is
    /// fetched in the background, so the app's server sees the change without the app asking.
    /// `announce`: the change happened in this tab; the other tabs read the client again.
    fn after_client_change(&self, announce: bool) {
        if announce {
            self.inner.tabs.post(&TabMessage::Client);
        }
        let snapshot = self.snapshot();
        let live: Vec<&str> = snapshot
            .sessions()
            .iter()
            .filter(|s| s.is_active())
            .map(|s| s.id.as_str())
            .collect();
        self.inner.tokens.retain_sessions(&live);
        let active = snapshot.active_session().map(|s| TokenKey {
            session_id: s.id.clone(),
            template: None,
            organization_id: s.last_active_organization_id.clone(),
        });
        if *self.inner.followed.borrow() == active {
            return;
        }
        self.inner.followed.replace(active.clone());
        self.cancel_refresh();
        self.inner.store.update(|s| s.session_claims = None);
        match active {
            Some(key) => {
                // This tab switched: it decides what the app's server sees, and the old token
                // leaves the cookie at once. A tab that only heard of the switch leaves both to
                // the tab that made it.
                if announce {
                    self.claim_context(&key);
                    self.inner.cookies.set(cookies::SESSION, None);
                }
                self.schedule_fetch(key, 0, false);
            }
            None => {
                self.inner.cookies.set(cookies::ACTIVE_CONTEXT, None);
                self.inner.cookies.set(cookies::SESSION, None);
            }
        }
    }

    /// Make `key`'s session and organization the browser's active context: from now on this tab's
    /// tokens go into the `__session` cookie, and other tabs in another context leave it alone.
    fn claim_context(&self, key: &TokenKey) {
        let context = key.context();
        if self.inner.cookies.get(cookies::ACTIVE_CONTEXT).as_deref() != Some(&context) {
            self.inner
                .cookies
                .set(cookies::ACTIVE_CONTEXT, Some(&context));
            // What the cookie holds belongs to another context now.
            if let Some(token) = self.inner.tokens.get(key) {
                if token.is_fresh(self.inner.clock.now()) {
                    self.inner.cookies.set(cookies::SESSION, Some(&token.jwt));
                }
            }
        }
    }

    /// Write the `__session` cookie for `key` — unless another tab made another session or
    /// organization the active context (Clerk's `clerk_active_context` rule).
    fn write_cookie(&self, key: &TokenKey, jwt: &str) {
        let cookies = &self.inner.cookies;
        let context = cookies.get(cookies::ACTIVE_CONTEXT);
        if context.is_none_or(|c| c == key.context())
            && cookies.get(cookies::SESSION).as_deref() != Some(jwt)
        {
            cookies.set(cookies::SESSION, Some(jwt));
        }
    }

    /// Make a session (and organization) active: `POST /client/sessions/{id}/touch`.
    pub async fn set_active(&self, target: SetActive) -> Result<(), SdkError> {
        let session_id = match target.session_id {
            Some(id) => id,
            None => self
                .snapshot()
                .active_session()
                .map(|s| s.id.clone())
                .ok_or(SdkError::NoActiveSession)?,
        };
        let mut form = Form::new();
        if let Some(organization) = target.organization_id {
            let snapshot = self.snapshot();
            // A slug of one of the user's organizations becomes its id; anything else goes as is.
            let id = organization.map(|key| {
                snapshot
                    .user()
                    .and_then(|u| {
                        u.organization_memberships
                            .iter()
                            .find(|m| m.organization.slug == key)
                    })
                    .map_or(key, |m| m.organization.id.clone())
            });
            form = form.field("active_organization_id", id.unwrap_or_default());
        }
        let path = ["/client/sessions/", &session_id, "/touch"].concat();
        self.mutate(Call::post(path, form)).await?;
        // Resolve only once the new session's token is in the cookie.
        if self.snapshot().is_signed_in() {
            self.get_token(GetTokenOptions::default()).await?;
        }
        Ok(())
    }

    /// Sign out of one session, or of all (`DELETE /client/sessions`).
    pub async fn sign_out(&self, which: SignOut) -> Result<(), SdkError> {
        let (method, path) = match which.session_id {
            Some(id) => (Method::Post, ["/client/sessions/", &id, "/remove"].concat()),
            None => (Method::Delete, "/client/sessions".to_owned()),
        };
        self.mutate(Call {
            method,
            path,
            form: Form::new(),
        })
        .await?;
        // Another session took over (multi-session): resolve once its token is in the cookie,
        // as `set_active` does, so a server-rendered page loaded next sees it.
        if self.snapshot().is_signed_in() {
            self.get_token(GetTokenOptions::default()).await?;
        }
        Ok(())
    }

    /// The session token (or a template token) of the active session; `None` when signed out.
    /// A cached token is returned while it has more than 15 s to live; concurrent callers share
    /// one request.
    pub async fn get_token(&self, options: GetTokenOptions) -> Result<Option<String>, SdkError> {
        let snapshot = self.snapshot();
        let Some(session) = snapshot.active_session() else {
            return Ok(None);
        };
        let key = TokenKey {
            session_id: session.id.clone(),
            template: options.template,
            organization_id: options
                .organization_id
                .or_else(|| session.last_active_organization_id.clone()),
        };
        self.token_for(key, options.skip_cache).await.map(Some)
    }

    async fn token_for(&self, key: TokenKey, skip_cache: bool) -> Result<String, SdkError> {
        let now = self.inner.clock.now();
        let guard = match self.inner.tokens.lookup(&key, now, skip_cache) {
            Lookup::Cached(token) => {
                self.publish(&key, &token);
                return Ok(token.jwt);
            }
            Lookup::Wait(wait) => {
                let token = wait.await?;
                self.publish(&key, &token);
                return Ok(token.jwt);
            }
            Lookup::Fetch(guard) => guard,
        };
        let result = self.fetch_token(&key, skip_cache).await;
        guard.finish(result.clone());
        match result {
            Ok(token) => {
                self.inner.failures.set(0);
                self.publish(&key, &token);
                Ok(token.jwt)
            }
            Err(error @ SdkError::Unauthenticated(_)) => {
                let _ = self.reload_client().await;
                Err(error)
            }
            // The server is unreachable or busy: nobody is signed out. A token that has not
            // expired yet still serves; without one, the caller learns the SDK is offline.
            Err(error) if error.is_transient() => {
                if self.inner.followed.borrow().as_ref() == Some(&key) {
                    self.retry_later(key.clone(), &error);
                }
                match self.inner.tokens.get(&key) {
                    Some(token) if !skip_cache && token.expires_at > self.inner.clock.now() => {
                        Ok(token.jwt)
                    }
                    _ if matches!(error, SdkError::Network(_)) => Err(SdkError::Offline),
                    _ => Err(error),
                }
            }
            Err(error) => Err(error),
        }
    }

    /// Ask the server for `key`'s token, holding the tabs' lock for it; a tab that waited for the
    /// lock first takes what the tab before it got (over the channel, or in the cookie).
    async fn fetch_token(
        &self,
        key: &TokenKey,
        skip_cache: bool,
    ) -> Result<SessionToken, SdkError> {
        let name = [
            "tessera-token:",
            &self.inner.options.frontend_api,
            ":",
            &key.encode(),
        ]
        .concat();
        let _lock = self.inner.tabs.lock(name).await;
        if let Some(token) = (!skip_cache).then(|| self.shared_token(key)).flatten() {
            return Ok(token);
        }
        let fetched = self.request_token(key).await;
        match &fetched {
            Ok(token) if key.template.is_none() => {
                // Before the lock goes: the next tab finds it in the cookie, or hears of it.
                self.publish(key, token);
                let message = TabMessage::SessionToken(token.jwt.clone());
                self.inner.tabs.post(&message);
            }
            _ => {}
        }
        fetched
    }

    /// A fresh token for `key` that another tab got: from its message, or (for the session token
    /// of the active context) from the `__session` cookie.
    fn shared_token(&self, key: &TokenKey) -> Option<SessionToken> {
        let now = self.inner.clock.now();
        if let Some(token) = self.inner.tokens.get(key).filter(|t| t.is_fresh(now)) {
            return Some(token);
        }
        if key.template.is_some() {
            return None;
        }
        let jwt = self.inner.cookies.get(cookies::SESSION)?;
        let claims = SessionClaims::decode_unverified(&jwt)?;
        let organization = claims.o.as_ref().map(|o| o.id.as_str());
        if claims.sid != key.session_id || organization != key.organization_id.as_deref() {
            return None;
        }
        let token = SessionToken::shared(jwt, now).ok()?;
        token.is_fresh(now).then(|| {
            self.inner.tokens.put(key, token.clone());
            token
        })
    }

    /// `POST /client/sessions/{id}/tokens[/{template}]`.
    async fn request_token(&self, key: &TokenKey) -> Result<SessionToken, SdkError> {
        let form = Form::new().optional("organization_id", key.organization_id.clone());
        let response = self
            .inner
            .fapi
            .call(Method::Post, &key.path(), form)
            .await?;
        let jwt = response
            .opt_string("jwt")
            .ok_or_else(|| SdkError::InvalidResponse("the token response has no JWT".to_owned()))?;
        SessionToken::received(jwt, self.inner.clock.now())
    }

    /// A token of the followed key goes into the cookie, and its refresh is scheduled.
    fn publish(&self, key: &TokenKey, token: &SessionToken) {
        if self.inner.followed.borrow().as_ref() != Some(key) {
            return;
        }
        self.write_cookie(key, &token.jwt);
        if self.inner.refresh_for.borrow().as_deref() != Some(token.jwt.as_str()) {
            let claims = SessionClaims::decode_unverified(&token.jwt).map(Rc::new);
            self.inner.store.update(|s| s.session_claims = claims);
            self.cancel_refresh();
            self.inner.refresh_for.replace(Some(token.jwt.clone()));
            let delay = token.refresh_at() - self.inner.clock.now();
            // A token already due (no lifetime to speak of) is not refreshed in a loop: the next
            // get_token asks for one.
            if delay > 0 {
                // Not `skip_cache`: at that time the token is no longer fresh anyway, and a
                // fresher one another tab got meanwhile is welcome.
                self.schedule_fetch(key.clone(), delay, false);
            }
        }
    }

    /// Try a failed background refresh again: after `Retry-After` on a 429, else after 1 s, 2 s,
    /// 4 s… up to 30 s, each with up to a quarter more at random, so tabs and clients coming back
    /// together do not all ask at once. Focus and `online` events try at once.
    fn retry_later(&self, key: TokenKey, error: &SdkError) {
        // One chain of retries: earlier timers stand down.
        let generation = &self.inner.refresh_generation;
        generation.set(generation.get() + 1);
        let failures = self.inner.failures.get().saturating_add(1);
        self.inner.failures.set(failures);
        let delay = match error {
            SdkError::RateLimited {
                retry_after_secs: Some(secs),
            } => (*secs).min(3600) as i64 * 1000,
            _ => (500_i64 << failures.min(6)).min(30_000),
        };
        self.schedule_fetch(key, delay + jitter(delay / 4), false);
    }

    fn cancel_refresh(&self) {
        let generation = &self.inner.refresh_generation;
        generation.set(generation.get() + 1);
        self.inner.refresh_for.replace(None);
    }

    /// Fetch the followed token in the background after `delay_ms`: right after the active session
    /// changes, and 15 s before the current token expires (so callers never wait for one).
    /// Superseded by any later schedule or cancel.
    fn schedule_fetch(&self, key: TokenKey, delay_ms: i64, skip_cache: bool) {
        let generation = self.inner.refresh_generation.get();
        let weak: Weak<Inner> = Rc::downgrade(&self.inner);
        self.inner.timers.schedule(
            delay_ms,
            Box::pin(async move {
                let Some(inner) = weak.upgrade() else {
                    return;
                };
                let current = inner.refresh_generation.get() == generation
                    && inner.followed.borrow().as_ref() == Some(&key);
                if current {
                    // A failure schedules its own retry (`token_for`).
                    let _ = Runtime { inner }.token_for(key, skip_cache).await;
                }
            }),
        );
    }
}

/// A number in `0..=max` that differs between tabs and calls (`Math.random()` in the browser).
fn jitter(max: i64) -> i64 {
    #[cfg(target_arch = "wasm32")]
    let unit = crate::browser::static_call("Math", "random", &[])
        .ok()
        .and_then(|n| n.as_f64())
        .unwrap_or(0.5);
    #[cfg(not(target_arch = "wasm32"))]
    let unit = 0.5;
    (max as f64 * unit) as i64
}
