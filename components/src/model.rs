//! The one place that knows where the SDK keeps its model types and how a snapshot exposes them,
//! so a change of the SDK's internals touches this file only. Components read only the fields
//! listed in `docs/ui-contract.md`.

use tessera_sdk::{Runtime, Snapshot};

pub use tessera_sdk::{
    Authorization, Environment, Session, SignIn, SignInFactor, SignInStatus, SignUp, SignUpStatus,
    User, VerificationStatus,
};

/// The environment, once loaded.
pub(crate) fn environment(snapshot: &Snapshot) -> Option<&Environment> {
    snapshot.environment()
}

/// Whether two handles are the same runtime (clones share one state).
pub(crate) fn same_runtime(a: &Runtime, b: &Runtime) -> bool {
    std::ptr::eq(a.fapi(), b.fapi())
}

/// The application's display name, for `{{applicationName}}`.
pub(crate) fn application_name(snapshot: &Snapshot) -> String {
    environment(snapshot)
        .map(|e| e.display_config.application_name.clone())
        .unwrap_or_default()
}

/// What the sign-in and sign-up forms may offer, from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Attribute {
    pub(crate) enabled: bool,
    pub(crate) required: bool,
}

/// The sign-up attributes: email, first name, last name, password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SignUpAttributes {
    pub(crate) email_address: Attribute,
    pub(crate) first_name: Attribute,
    pub(crate) last_name: Attribute,
    pub(crate) password: Attribute,
}

impl SignUpAttributes {
    pub(crate) fn of(snapshot: &Snapshot) -> Self {
        let Some(env) = environment(snapshot) else {
            // Before the environment arrives: the common shape (email + password).
            let on = Attribute {
                enabled: true,
                required: true,
            };
            let off = Attribute {
                enabled: false,
                required: false,
            };
            return Self {
                email_address: on,
                first_name: off,
                last_name: off,
                password: on,
            };
        };
        let a = &env.user_settings.attributes;
        let attr = |enabled: bool, required: bool| Attribute { enabled, required };
        Self {
            email_address: attr(a.email_address.enabled, a.email_address.required),
            first_name: attr(a.first_name.enabled, a.first_name.required),
            last_name: attr(a.last_name.enabled, a.last_name.required),
            password: attr(a.password.enabled, a.password.required),
        }
    }
}

/// The first factors the instance allows (`password`, `email_code`, …).
pub(crate) fn first_factors(snapshot: &Snapshot) -> Vec<String> {
    environment(snapshot)
        .map(|e| e.auth_config.first_factors.clone())
        .unwrap_or_else(|| vec!["password".into(), "email_code".into()])
}
