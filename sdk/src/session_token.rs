//! Session tokens: a cache of short-lived JWTs per (session, template, organization), handed out
//! while they have more than [`MIN_REMAINING_MS`] to live, with one request per key at a time
//! (single flight).

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use tessera_core::UnixMillis;

use crate::model::SessionClaims;
use crate::SdkError;

/// A cached token is handed out only while it has more than this left to live (ms); shorter-lived
/// tokens use half their lifetime.
pub const MIN_REMAINING_MS: i64 = 15_000;

/// Options of `get_token`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetTokenOptions {
    /// A JWT template name: mints a template token instead of the session token.
    pub template: Option<String>,
    /// The organization the token is for; defaults to the session's active organization.
    pub organization_id: Option<String>,
    /// Ask the server even when a fresh token is cached.
    pub skip_cache: bool,
}

/// Which token: tokens for different templates or organizations are cached apart.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenKey {
    pub session_id: String,
    pub template: Option<String>,
    pub organization_id: Option<String>,
}

impl TokenKey {
    /// The FAPI path that mints this token.
    pub(crate) fn path(&self) -> String {
        let mut path = ["/client/sessions/", &self.session_id, "/tokens"].concat();
        if let Some(template) = &self.template {
            path.push('/');
            path.push_str(template);
        }
        path
    }

    /// `session:organization`, Clerk's active-context value (`sess_…:` in the personal account).
    pub(crate) fn context(&self) -> String {
        [
            self.session_id.as_str(),
            ":",
            self.organization_id.as_deref().unwrap_or(""),
        ]
        .concat()
    }

    /// `session:organization:template`, for lock names.
    pub(crate) fn encode(&self) -> String {
        [&self.context(), ":", self.template.as_deref().unwrap_or("")].concat()
    }
}

/// A JWT with its expiry on the local clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionToken {
    pub jwt: String,
    /// When it expires, in local-clock milliseconds.
    pub expires_at: UnixMillis,
    /// How long before expiry it stops being handed out and is refreshed: 15 s, or half the
    /// lifetime of a shorter-lived token (else such a token would be refetched on every call).
    pub margin_ms: i64,
}

impl SessionToken {
    /// Read a freshly received JWT. Its lifetime (`exp - iat`) is counted from `received_at` on the
    /// local clock, so a browser clock that is off does not make every token look expired.
    pub fn received(jwt: String, received_at: UnixMillis) -> Result<Self, SdkError> {
        let claims = SessionClaims::decode_unverified(&jwt)
            .ok_or_else(|| SdkError::InvalidResponse("the session token is not a JWT".into()))?;
        let lifetime_ms = claims
            .exp
            .saturating_sub(claims.iat)
            .saturating_mul(1000)
            .max(0);
        Ok(Self {
            jwt,
            expires_at: received_at.saturating_add(lifetime_ms),
            margin_ms: MIN_REMAINING_MS.min(lifetime_ms / 2),
        })
    }

    /// A token another tab received: its own lifetime counted from now, but never past its `exp`
    /// on the local clock (the other tab got it a moment ago; the clocks agree closely enough
    /// within a browser, and a clock ahead only makes it refresh sooner).
    pub fn shared(jwt: String, now: UnixMillis) -> Result<Self, SdkError> {
        let mut token = Self::received(jwt, now)?;
        if let Some(claims) = SessionClaims::decode_unverified(&token.jwt) {
            token.expires_at = token.expires_at.min(claims.exp.saturating_mul(1000));
        }
        Ok(token)
    }

    /// Whether it may still be handed out at `now`.
    pub fn is_fresh(&self, now: UnixMillis) -> bool {
        self.expires_at - now > self.margin_ms
    }

    /// When the proactive refresh should run.
    pub fn refresh_at(&self) -> UnixMillis {
        self.expires_at - self.margin_ms
    }
}

type FlightResult = Result<SessionToken, SdkError>;

#[derive(Default)]
struct Flight {
    result: RefCell<Option<FlightResult>>,
    waiters: RefCell<Vec<Waker>>,
}

/// The token cache and the requests under way. A handful of entries at most (sessions ×
/// templates): plain lists, no hash map in the bundle.
#[derive(Default)]
pub struct TokenCache {
    tokens: RefCell<Vec<(TokenKey, SessionToken)>>,
    in_flight: RefCell<Vec<(TokenKey, Rc<Flight>)>>,
}

fn find<'a, T>(entries: &'a [(TokenKey, T)], key: &TokenKey) -> Option<&'a T> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("tokens", &self.tokens.borrow().len())
            .field("in_flight", &self.in_flight.borrow().len())
            .finish()
    }
}

/// What a caller of `get_token` does next.
pub(crate) enum Lookup {
    /// A fresh token is cached.
    Cached(SessionToken),
    /// Someone is already asking: wait for their answer.
    Wait(FlightWait),
    /// Ask the server, then report through the guard.
    Fetch(FlightGuard),
}

impl TokenCache {
    /// Find a fresh token, join the request under way, or become the one that asks.
    pub(crate) fn lookup(
        self: &Rc<Self>,
        key: &TokenKey,
        now: UnixMillis,
        skip_cache: bool,
    ) -> Lookup {
        if !skip_cache {
            if let Some(token) = find(&self.tokens.borrow(), key).filter(|t| t.is_fresh(now)) {
                return Lookup::Cached(token.clone());
            }
        }
        if let Some(flight) = find(&self.in_flight.borrow(), key) {
            return Lookup::Wait(FlightWait(Rc::clone(flight)));
        }
        let flight = Rc::new(Flight::default());
        self.in_flight
            .borrow_mut()
            .push((key.clone(), Rc::clone(&flight)));
        Lookup::Fetch(FlightGuard {
            cache: Rc::clone(self),
            key: key.clone(),
            flight,
            done: false,
        })
    }

    /// The cached token for `key`, fresh or not.
    pub fn get(&self, key: &TokenKey) -> Option<SessionToken> {
        find(&self.tokens.borrow(), key).cloned()
    }

    /// Keep `token` for `key` (one another tab fetched).
    pub fn put(&self, key: &TokenKey, token: SessionToken) {
        let mut tokens = self.tokens.borrow_mut();
        tokens.retain(|(k, _)| k != key);
        tokens.push((key.clone(), token));
    }

    /// Forget every token (sign-out, session switch).
    pub fn clear(&self) {
        self.tokens.borrow_mut().clear();
    }

    /// Forget the tokens of sessions not in `keep`.
    pub fn retain_sessions(&self, keep: &[&str]) {
        self.tokens
            .borrow_mut()
            .retain(|(k, _)| keep.contains(&k.session_id.as_str()));
    }
}

/// Held by the caller that performs the request; everyone waiting gets its result.
/// Dropped without [`FlightGuard::finish`] (the caller was cancelled), it fails the waiters.
pub(crate) struct FlightGuard {
    cache: Rc<TokenCache>,
    key: TokenKey,
    flight: Rc<Flight>,
    done: bool,
}

impl FlightGuard {
    pub(crate) fn finish(mut self, result: FlightResult) {
        self.complete(result);
    }

    fn complete(&mut self, result: FlightResult) {
        self.done = true;
        self.cache
            .in_flight
            .borrow_mut()
            .retain(|(k, _)| *k != self.key);
        if let Ok(token) = &result {
            self.cache.put(&self.key, token.clone());
        }
        *self.flight.result.borrow_mut() = Some(result);
        for waker in self.flight.waiters.borrow_mut().drain(..) {
            waker.wake();
        }
    }
}

impl Drop for FlightGuard {
    fn drop(&mut self) {
        if !self.done {
            self.complete(Err(SdkError::Network("token request cancelled".into())));
        }
    }
}

/// Waits for another caller's token request.
pub(crate) struct FlightWait(Rc<Flight>);

impl Future for FlightWait {
    type Output = FlightResult;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<FlightResult> {
        if let Some(result) = self.0.result.borrow().as_ref() {
            return Poll::Ready(result.clone());
        }
        self.0.waiters.borrow_mut().push(cx.waker().clone());
        Poll::Pending
    }
}
