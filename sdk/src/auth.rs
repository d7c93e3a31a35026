//! The auth state apps branch on (`useAuth()`): who is signed in, in which organization, with which
//! role and permissions — derived from a [`Snapshot`], never stored apart from it.

use std::rc::Rc;

use tessera_core::Authorization;

use crate::json::Json;
use crate::model::SessionClaims;
use crate::state::Snapshot;

/// Who is signed in, and as what.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Auth {
    pub is_loaded: bool,
    pub is_signed_in: bool,
    pub user_id: Option<String>,
    pub session_id: Option<String>,
    pub org_id: Option<String>,
    /// Role key such as `org:admin`.
    pub org_role: Option<String>,
    pub org_slug: Option<String>,
    /// Permission keys such as `org:sys_memberships:manage`.
    pub org_permissions: Vec<String>,
    /// The impersonator, when someone acts as this user.
    pub actor: Option<Json>,
    /// The claims of the active session's current token.
    pub session_claims: Option<Rc<SessionClaims>>,
}

impl Auth {
    /// Derive the auth state from a snapshot.
    pub fn of(snapshot: &Snapshot) -> Self {
        let Some(session) = snapshot.active_session() else {
            return Self {
                is_loaded: snapshot.is_loaded,
                ..Self::default()
            };
        };
        let org_id = session.last_active_organization_id.clone();
        let membership = snapshot.active_membership();
        Self {
            is_loaded: snapshot.is_loaded,
            is_signed_in: true,
            user_id: session.user.as_ref().map(|u| u.id.clone()),
            session_id: Some(session.id.clone()),
            org_role: membership.map(|m| m.role.clone()),
            org_slug: membership.map(|m| m.organization.slug.clone()),
            org_permissions: membership
                .map(|m| m.permissions.clone())
                .unwrap_or_default(),
            org_id,
            actor: session.actor.clone(),
            session_claims: snapshot
                .session_claims
                .clone()
                .filter(|c| c.sid == session.id),
        }
    }

    /// Whether the user has a role or a permission in the active organization.
    pub fn has(&self, check: &Authorization) -> bool {
        match check {
            Authorization::Role(role) => self.org_role.as_deref().is_some_and(|mine| {
                mine.strip_prefix("org:").unwrap_or(mine)
                    == role.strip_prefix("org:").unwrap_or(role)
            }),
            Authorization::Permission(permission) => {
                self.org_permissions.iter().any(|p| p == permission)
            }
        }
    }
}
