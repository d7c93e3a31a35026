//! [`Auth`], the verified session of a request, and its axum extractors.

use axum::extract::{FromRef, FromRequestParts, OptionalFromRequestParts};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use tessera_core::{Actor, Authorization, SessionClaims};

use crate::{Verifier, VerifyError};

/// The name of the cookie the SDK writes the session token to.
pub const SESSION_COOKIE: &str = "__session";

/// The signed-in session behind a request, read from a verified session token.
///
/// As an axum extractor it takes the token from `Authorization: Bearer <jwt>` (preferred) or the
/// `__session` cookie, verifies it with the [`Verifier`] of the router state (through
/// [`FromRef`]), and rejects with [`VerifyError`]'s JSON response (401). `Option<Auth>` yields
/// `None` when the request carries no token but still rejects a bad one; [`MaybeAuth`] treats
/// a bad token as signed out.
#[derive(Debug, Clone, PartialEq)]
pub struct Auth {
    /// The user (`sub`).
    pub user_id: String,
    /// The session (`sid`).
    pub session_id: String,
    /// The active organization, if any (`o.id`).
    pub org_id: Option<String>,
    /// The role in the active organization, as a full key (`org:admin`).
    pub org_role: Option<String>,
    /// The active organization's slug (`o.slg`).
    pub org_slug: Option<String>,
    /// The permissions in the active organization, as full keys (`org:sys_memberships:manage`).
    pub org_permissions: Vec<String>,
    /// Who is impersonating the user (`act`), if anyone.
    pub actor: Option<Actor>,
    /// All claims of the token.
    pub claims: SessionClaims,
}

impl Auth {
    /// Whether the active organization grants this role or permission (false without one).
    pub fn has(&self, check: &Authorization) -> bool {
        self.claims.has(check)
    }
}

impl From<SessionClaims> for Auth {
    fn from(claims: SessionClaims) -> Self {
        let org = claims.o.as_ref();
        Self {
            user_id: claims.sub.clone(),
            session_id: claims.sid.clone(),
            org_id: org.map(|o| o.id.clone()),
            org_role: org.map(|o| o.role_key()),
            org_slug: org.map(|o| o.slg.clone()),
            org_permissions: claims.org_permissions(),
            actor: claims.act.clone(),
            claims,
        }
    }
}

/// The session token of a request: `Authorization: Bearer <jwt>` if present, else the `__session`
/// cookie. Empty values count as absent.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    let bearer = headers
        .get_all(AUTHORIZATION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| {
            let (scheme, token) = value.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|token| !token.is_empty());
    bearer.or_else(|| {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == SESSION_COOKIE)
            .map(|(_, value)| value.trim().trim_matches('"'))
            .filter(|token| !token.is_empty())
    })
}

/// Verify the request's token, reusing an `Auth` an earlier extractor already put in the extensions.
async fn authenticate<S>(parts: &mut Parts, state: &S) -> Option<Result<Auth, VerifyError>>
where
    Verifier: FromRef<S>,
{
    if let Some(auth) = parts.extensions.get::<Auth>() {
        return Some(Ok(auth.clone()));
    }
    let token = session_token(&parts.headers)?;
    let verifier = Verifier::from_ref(state);
    let result = verifier.verify(token).await.map(Auth::from);
    if let Ok(auth) = &result {
        parts.extensions.insert(auth.clone());
    }
    Some(result)
}

impl<S> FromRequestParts<S> for Auth
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = VerifyError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        authenticate(parts, state)
            .await
            .unwrap_or(Err(VerifyError::MissingToken))
    }
}

/// `Option<Auth>`: `None` without a token; a token that fails verification is still rejected.
impl<S> OptionalFromRequestParts<S> for Auth
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = VerifyError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        authenticate(parts, state).await.transpose()
    }
}

/// For routes open to anonymous users: `MaybeAuth(None)` when the request has no token **or a
/// token that does not verify** (an expired `__session` cookie left behind is the usual case),
/// like Clerk's signed-out state. Only a failure that says nothing about the token (the JWKS cannot
/// be loaded) is rejected, with 503, rather than silently treating a user as signed out.
#[derive(Debug, Clone, PartialEq)]
pub struct MaybeAuth(pub Option<Auth>);

impl<S> FromRequestParts<S> for MaybeAuth
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = VerifyError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match authenticate(parts, state).await {
            None => Ok(Self(None)),
            Some(Ok(auth)) => Ok(Self(Some(auth))),
            Some(Err(error)) if error.status() == StatusCode::UNAUTHORIZED => Ok(Self(None)),
            Some(Err(error)) => Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn bearer_header_wins_over_cookie() {
        let h = headers(&[
            ("authorization", "Bearer header.jwt.x"),
            ("cookie", "__session=cookie.jwt.x"),
        ]);
        assert_eq!(session_token(&h), Some("header.jwt.x"));
        let h = headers(&[("authorization", "bearer  lower.case.x ")]);
        assert_eq!(session_token(&h), Some("lower.case.x"));
    }

    #[test]
    fn session_cookie_is_found_among_others() {
        let h = headers(&[
            ("authorization", "Basic dXNlcjpwYXNz"),
            ("cookie", "theme=dark"),
            ("cookie", "__client_uat=1; __session=a.b.c; other=1"),
        ]);
        assert_eq!(session_token(&h), Some("a.b.c"));
        let h = headers(&[("cookie", "__session_abc=x.y.z; my__session=q")]);
        assert_eq!(session_token(&h), None);
    }

    #[test]
    fn empty_values_count_as_absent() {
        assert_eq!(
            session_token(&headers(&[("authorization", "Bearer ")])),
            None
        );
        assert_eq!(session_token(&headers(&[("cookie", "__session=")])), None);
        assert_eq!(session_token(&HeaderMap::new()), None);
    }

    #[test]
    fn auth_reads_org_and_actor_claims() {
        let perms = ["org:sys_memberships:read".to_owned()];
        let (o, fea) =
            tessera_core::OrganizationClaim::from_keys("org_1", "acme", "org:member", &perms);
        let auth = Auth::from(SessionClaims {
            sub: "user_1".into(),
            sid: "sess_1".into(),
            o: Some(o),
            fea: Some(fea),
            act: Some(Actor {
                sub: "user_admin".into(),
                ..Default::default()
            }),
            ..Default::default()
        });
        assert_eq!(auth.org_role.as_deref(), Some("org:member"));
        assert_eq!(auth.org_slug.as_deref(), Some("acme"));
        assert_eq!(auth.org_permissions, perms);
        assert_eq!(auth.actor.map(|a| a.sub).as_deref(), Some("user_admin"));
        let personal = Auth::from(SessionClaims::default());
        assert_eq!(personal.org_id, None);
        assert!(personal.org_permissions.is_empty());
    }
}
