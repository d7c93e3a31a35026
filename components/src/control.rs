//! Control components: render children by authentication state.

use yew::prelude::*;

use crate::model::Authorization;
use crate::provider::use_tessera;

#[derive(Properties, PartialEq, Debug)]
pub struct ChildrenProps {
    #[prop_or_default]
    pub children: Html,
}

/// Renders its children only when someone is signed in.
#[function_component]
pub fn SignedIn(props: &ChildrenProps) -> Html {
    let tessera = use_tessera();
    if tessera.snapshot.is_signed_in() {
        props.children.clone()
    } else {
        Html::default()
    }
}

/// Renders its children only once loaded and nobody is signed in.
#[function_component]
pub fn SignedOut(props: &ChildrenProps) -> Html {
    let tessera = use_tessera();
    if tessera.snapshot.is_loaded && !tessera.snapshot.is_signed_in() {
        props.children.clone()
    } else {
        Html::default()
    }
}

#[derive(Properties, PartialEq, Debug)]
pub struct ProtectProps {
    /// A role in the active organization, e.g. `org:admin` (or `admin`).
    #[prop_or_default]
    pub role: Option<AttrValue>,
    /// A permission in the active organization, e.g. `org:sys_memberships:manage`.
    #[prop_or_default]
    pub permission: Option<AttrValue>,
    /// What to render instead when the check fails.
    #[prop_or_default]
    pub fallback: Html,
    #[prop_or_default]
    pub children: Html,
}

/// Renders its children when the user is signed in and has the role or permission (just signed
/// in when neither is given); the fallback otherwise.
#[function_component]
pub fn Protect(props: &ProtectProps) -> Html {
    let auth = use_tessera().snapshot.auth();
    let allowed = auth.is_signed_in
        && match (&props.role, &props.permission) {
            (Some(role), _) => auth.has(&Authorization::Role(role.to_string())),
            (None, Some(permission)) => {
                auth.has(&Authorization::Permission(permission.to_string()))
            }
            (None, None) => true,
        };
    if allowed {
        props.children.clone()
    } else {
        props.fallback.clone()
    }
}
