//! Claims of a session token (Clerk's v2 shape) and the `has()` authorization check.
//!
//! Organization permissions travel compactly: `o.per` lists permission *names* (`read,manage`),
//! the top-level `fea` lists organization features (`o:sys_memberships,o:sys_profile`), and `o.fpm`
//! gives, for each feature in order, a bitmask over `per` (bit `i` = `per[i]`). So
//! `fea=o:sys_memberships`, `per=read,manage`, `fpm=3` means `org:sys_memberships:read` and
//! `org:sys_memberships:manage`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The `v` claim of the token shape this crate reads and writes.
pub const SESSION_TOKEN_VERSION: u8 = 2;

/// The organization claim `o`, present while an organization is active.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationClaim {
    /// Organization id.
    pub id: String,
    /// Organization slug.
    pub slg: String,
    /// Role key without the `org:` prefix (`admin`).
    pub rol: String,
    /// Comma-joined permission names (the last segment of each permission key).
    #[serde(default)]
    pub per: String,
    /// Comma-joined bitmasks, one per organization feature in `fea`, over the names in `per`.
    #[serde(default)]
    pub fpm: String,
}

impl OrganizationClaim {
    /// Build the claim from full role and permission keys (`org:admin`, `org:sys_profile:manage`).
    /// Returns the claim and the value of the top-level `fea` claim.
    pub fn from_keys(id: &str, slug: &str, role: &str, permissions: &[String]) -> (Self, String) {
        let mut names: Vec<&str> = Vec::new();
        let mut features: Vec<(&str, u64)> = Vec::new();
        for key in permissions {
            let Some((feature, name)) = key
                .strip_prefix("org:")
                .and_then(|rest| rest.split_once(':'))
            else {
                continue;
            };
            let bit = match names.iter().position(|n| *n == name) {
                Some(i) => i,
                None => {
                    names.push(name);
                    names.len() - 1
                }
            };
            match features.iter_mut().find(|(f, _)| *f == feature) {
                Some((_, mask)) => *mask |= 1 << bit,
                None => features.push((feature, 1 << bit)),
            }
        }
        let claim = Self {
            id: id.to_owned(),
            slg: slug.to_owned(),
            rol: role.strip_prefix("org:").unwrap_or(role).to_owned(),
            per: names.join(","),
            fpm: features
                .iter()
                .map(|(_, m)| m.to_string())
                .collect::<Vec<_>>()
                .join(","),
        };
        let fea = features
            .iter()
            .map(|(f, _)| format!("o:{f}"))
            .collect::<Vec<_>>()
            .join(",");
        (claim, fea)
    }

    /// The role key with its `org:` prefix.
    pub fn role_key(&self) -> String {
        format!("org:{}", self.rol)
    }

    /// Expand the compact form back into full permission keys, given the token's `fea` claim.
    pub fn permission_keys(&self, fea: Option<&str>) -> Vec<String> {
        let names: Vec<&str> = split_list(&self.per).collect();
        let org_features = fea
            .map(split_list)
            .into_iter()
            .flatten()
            .filter_map(|f| f.strip_prefix("o:"));
        let masks = split_list(&self.fpm).map(|m| m.parse::<u64>().unwrap_or(0));
        let mut keys = Vec::new();
        for (feature, mask) in org_features.zip(masks) {
            for (bit, name) in names.iter().enumerate() {
                if bit < 64 && mask & (1 << bit) != 0 {
                    keys.push(format!("org:{feature}:{name}"));
                }
            }
        }
        keys
    }
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|p| !p.is_empty())
}

/// The impersonator of an impersonated session (RFC 8693 `act`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Who is acting (for instance an admin's user id).
    pub sub: String,
    /// Any further claims the actor token carried.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `has()` checks: an organization role or an organization permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorization {
    /// A role key such as `org:admin` (the bare `admin` is accepted too).
    Role(String),
    /// A permission key such as `org:sys_memberships:manage`.
    Permission(String),
}

/// The claims of a session token, version 2.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionClaims {
    /// Authorized party: the origin that requested the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    pub exp: i64,
    pub iat: i64,
    /// Issuer: the Frontend API URL.
    pub iss: String,
    pub nbf: i64,
    /// Session id.
    pub sid: String,
    /// User id.
    pub sub: String,
    /// Shape version (2). Absent from JWT-template tokens.
    #[serde(default)]
    pub v: u8,
    /// Minutes since the first and second factor verification (-1: none).
    #[serde(default)]
    pub fva: Vec<i64>,
    /// Session status (`active`).
    #[serde(default)]
    pub sts: String,
    /// Token id.
    #[serde(default)]
    pub jti: String,
    /// Organization features, for decoding `o.fpm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fea: Option<String>,
    /// The active organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub o: Option<OrganizationClaim>,
    /// The impersonator, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<Actor>,
}

impl SessionClaims {
    /// Full permission keys of the active organization.
    pub fn org_permissions(&self) -> Vec<String> {
        self.o
            .as_ref()
            .map(|o| o.permission_keys(self.fea.as_deref()))
            .unwrap_or_default()
    }

    /// Whether the active organization grants this role or permission. False with no active organization.
    pub fn has(&self, check: &Authorization) -> bool {
        let Some(org) = &self.o else { return false };
        match check {
            Authorization::Role(role) => role.strip_prefix("org:").unwrap_or(role) == org.rol,
            Authorization::Permission(permission) => {
                self.org_permissions().iter().any(|p| p == permission)
            }
        }
    }

    /// Decode the payload of a compact JWT **without verifying it** (browsers never verify; backends
    /// use `tessera-backend`). Fails on anything that is not three base64url parts with JSON claims.
    pub fn decode_unverified(jwt: &str) -> Option<Self> {
        use base64::Engine as _;
        let mut parts = jwt.split('.');
        let (_header, payload, _sig) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn admin_claims() -> SessionClaims {
        let perms: Vec<String> = [
            "org:sys_profile:manage",
            "org:sys_profile:delete",
            "org:sys_memberships:read",
            "org:sys_memberships:manage",
        ]
        .map(String::from)
        .to_vec();
        let (o, fea) = OrganizationClaim::from_keys("org_1", "acme", "org:admin", &perms);
        SessionClaims {
            o: Some(o),
            fea: Some(fea),
            v: SESSION_TOKEN_VERSION,
            ..Default::default()
        }
    }

    #[test]
    #[wasm_bindgen_test]
    fn compact_permissions_round_trip() {
        let claims = admin_claims();
        let o = claims.o.as_ref().unwrap();
        assert_eq!(o.rol, "admin");
        assert_eq!(o.per, "manage,delete,read");
        assert_eq!(
            claims.fea.as_deref(),
            Some("o:sys_profile,o:sys_memberships")
        );
        assert_eq!(o.fpm, "3,5");
        let mut keys = claims.org_permissions();
        keys.sort();
        assert_eq!(
            keys,
            [
                "org:sys_memberships:manage",
                "org:sys_memberships:read",
                "org:sys_profile:delete",
                "org:sys_profile:manage"
            ]
        );
    }

    #[test]
    #[wasm_bindgen_test]
    fn has_checks_role_and_permission() {
        let claims = admin_claims();
        assert!(claims.has(&Authorization::Role("org:admin".into())));
        assert!(claims.has(&Authorization::Role("admin".into())));
        assert!(!claims.has(&Authorization::Role("org:member".into())));
        assert!(claims.has(&Authorization::Permission(
            "org:sys_memberships:manage".into()
        )));
        assert!(!claims.has(&Authorization::Permission("org:sys_billing:manage".into())));
        let personal = SessionClaims::default();
        assert!(!personal.has(&Authorization::Role("org:admin".into())));
    }

    #[test]
    #[wasm_bindgen_test]
    fn decodes_payload_and_refuses_garbage() {
        use base64::Engine as _;
        let payload = serde_json::json!({"exp": 100, "iat": 40, "nbf": 30, "iss": "http://x", "sid": "sess_1", "sub": "user_1", "v": 2, "act": {"sub": "user_admin", "iss": "dashboard"}});
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload.to_string());
        let claims = SessionClaims::decode_unverified(&format!("e30.{b64}.sig")).unwrap();
        assert_eq!(claims.sub, "user_1");
        assert_eq!(claims.act.as_ref().unwrap().sub, "user_admin");
        assert_eq!(claims.act.unwrap().extra["iss"], "dashboard");
        assert!(SessionClaims::decode_unverified("not-a-jwt").is_none());
        assert!(SessionClaims::decode_unverified("a.b.c.d").is_none());
        assert!(SessionClaims::decode_unverified("e30.!!!.sig").is_none());
    }
}
