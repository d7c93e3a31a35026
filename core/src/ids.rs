//! Id prefixes of FAPI objects. Ids are `{prefix}_{random}`; the prefix tells the kind of object.

/// A client (one browser).
pub const CLIENT: &str = "client";
/// A session.
pub const SESSION: &str = "sess";
/// A user.
pub const USER: &str = "user";
/// A sign-in attempt.
pub const SIGN_IN: &str = "sia";
/// A sign-up attempt.
pub const SIGN_UP: &str = "sua";
/// An identification: an email address or a phone number.
pub const IDENTIFICATION: &str = "idn";
/// An organization.
pub const ORGANIZATION: &str = "org";
/// An organization membership.
pub const ORGANIZATION_MEMBERSHIP: &str = "orgmem";
/// An organization invitation.
pub const ORGANIZATION_INVITATION: &str = "orginv";
/// A dev-browser token.
pub const DEV_BROWSER: &str = "dvb";
/// A signing key (JWK `kid`).
pub const SIGNING_KEY: &str = "ins";

/// Whether `id` has the form `{prefix}_…` with a non-empty, URL-safe tail.
pub fn has_prefix(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('_'))
        .is_some_and(|tail| !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn prefix_checks_shape() {
        assert!(has_prefix("sess_2abcXYZ", SESSION));
        assert!(!has_prefix("sess_", SESSION));
        assert!(!has_prefix("session_abc", SESSION));
        assert!(!has_prefix("sess_ab/c", SESSION));
        assert!(!has_prefix("orgmem_abc", ORGANIZATION));
    }
}
