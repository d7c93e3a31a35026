//! JWT templates: extra tokens whose claims come from a JSON template with `{{shortcode}}`s.
//!
//! A string that is exactly one shortcode keeps the JSON type of its value (`"{{user.public_metadata}}"`
//! becomes an object); shortcodes embedded in longer strings are written as text. `{{a || b ||
//! 'literal'}}` takes the first alternative that is neither missing, null nor empty.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::config::ConfigError;

/// A template as written in the config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JwtTemplate {
    /// The name used in `POST /v1/client/sessions/{id}/tokens/{name}`.
    pub name: String,
    /// Start from a preset (`convex`, `grafbase`, `nhost`); `claims` are merged over it.
    #[serde(default)]
    pub preset: Option<String>,
    /// The claims, with shortcodes.
    #[serde(default)]
    pub claims: Option<Value>,
    /// Token lifetime in seconds (default 60).
    #[serde(default = "default_lifetime")]
    pub lifetime_seconds: u32,
    /// How far `nbf` is set in the past, in seconds (default 5).
    #[serde(default = "default_skew")]
    pub allowed_clock_skew_seconds: u32,
}

fn default_lifetime() -> u32 {
    60
}

fn default_skew() -> u32 {
    5
}

/// Claims the server sets itself; a template cannot override them.
const RESERVED: &[&str] = &["azp", "exp", "iat", "iss", "jti", "nbf", "sub", "sid"];

fn preset(name: &str) -> Option<Value> {
    match name {
        // Convex validates `aud` and reads the OpenID Connect profile claims.
        "convex" => Some(json!({
            "aud": "convex",
            "name": "{{user.full_name}}",
            "given_name": "{{user.first_name}}",
            "family_name": "{{user.last_name}}",
            "email": "{{user.primary_email_address}}",
            "email_verified": "{{user.email_verified}}",
            "picture": "{{user.image_url}}",
            "nickname": "{{user.username}}"
        })),
        // Grafbase maps `groups` to its authorization rules.
        "grafbase" => Some(json!({
            "groups": "{{user.public_metadata.groups || org.role}}",
            "email": "{{user.primary_email_address}}"
        })),
        // Nhost/Hasura read their claims from this namespace.
        "nhost" => Some(json!({
            "https://hasura.io/jwt/claims": {
                "x-hasura-user-id": "{{user.id}}",
                "x-hasura-default-role": "user",
                "x-hasura-allowed-roles": ["user"]
            }
        })),
        _ => None,
    }
}

impl JwtTemplate {
    /// The template's claims: the preset's, with `claims` merged over them.
    pub fn resolved_claims(&self) -> Result<Map<String, Value>, ConfigError> {
        let mut claims = match &self.preset {
            Some(name) => match preset(name) {
                Some(Value::Object(map)) => map,
                _ => {
                    return Err(ConfigError::Invalid(format!(
                        "JWT template {}: unknown preset {name:?} (convex, grafbase, nhost)",
                        self.name
                    )))
                }
            },
            None => Map::new(),
        };
        match &self.claims {
            None => {}
            Some(Value::Object(map)) => claims.extend(map.clone()),
            Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(map)) => claims.extend(map),
                _ => {
                    return Err(ConfigError::Invalid(format!(
                        "JWT template {}: claims must be a JSON object",
                        self.name
                    )))
                }
            },
            Some(_) => {
                return Err(ConfigError::Invalid(format!(
                    "JWT template {}: claims must be a JSON object",
                    self.name
                )))
            }
        }
        if let Some(reserved) = claims.keys().find(|k| RESERVED.contains(&k.as_str())) {
            return Err(ConfigError::Invalid(format!(
                "JWT template {}: the claim {reserved:?} is set by the server",
                self.name
            )));
        }
        Ok(claims)
    }

    /// Check the template (name, preset, claims, lifetime).
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.name.is_empty()
            || !self
                .name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(ConfigError::Invalid(format!(
                "JWT template name {:?}: use letters, digits, - and _",
                self.name
            )));
        }
        if self.lifetime_seconds < 30 || self.lifetime_seconds > 315_360_000 {
            return Err(ConfigError::Invalid(format!(
                "JWT template {}: lifetime_seconds must be 30 or more",
                self.name
            )));
        }
        self.resolved_claims().map(|_| ())
    }
}

fn lookup<'a>(context: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(context, |value, key| value.get(key))
}

fn present(value: &Value) -> bool {
    !(value.is_null() || value.as_str().is_some_and(str::is_empty))
}

/// Evaluate one shortcode expression (`a || b || 'literal'`) against the context.
fn evaluate(expression: &str, context: &Value) -> Value {
    for alternative in expression.split("||").map(str::trim) {
        let literal = alternative
            .strip_prefix('\'')
            .and_then(|s| s.strip_suffix('\''))
            .or_else(|| {
                alternative
                    .strip_prefix('"')
                    .and_then(|s| s.strip_suffix('"'))
            });
        let value = match literal {
            Some(text) => Value::String(text.to_owned()),
            None => lookup(context, alternative).cloned().unwrap_or(Value::Null),
        };
        if present(&value) {
            return value;
        }
    }
    Value::Null
}

fn as_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn render_string(text: &str, context: &Value) -> Value {
    let trimmed = text.trim();
    if let Some(inner) = trimmed
        .strip_prefix("{{")
        .and_then(|s| s.strip_suffix("}}"))
    {
        if !inner.contains("{{") && !inner.contains("}}") {
            return evaluate(inner, context);
        }
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start + 2..].find("}}") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&as_text(&evaluate(
            &rest[start + 2..start + 2 + end],
            context,
        )));
        rest = &rest[start + 2 + end + 2..];
    }
    out.push_str(rest);
    Value::String(out)
}

/// Replace the shortcodes of a claims template with values from `context`
/// (`{"user": …, "org": …, "session": …}`).
pub(crate) fn render(template: &Value, context: &Value) -> Value {
    match template {
        Value::String(text) => render_string(text, context),
        Value::Array(items) => Value::Array(items.iter().map(|v| render(v, context)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), render(v, context)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Value {
        json!({
            "user": {
                "id": "user_1", "first_name": "Ada", "last_name": "Lovelace", "full_name": "Ada Lovelace",
                "primary_email_address": "ada@example.com", "username": null,
                "public_metadata": {"plan": {"tier": "pro", "seats": 5}, "beta": true, "groups": ["admin"]}
            },
            "org": {"id": "org_1", "name": "Acme", "slug": "acme", "role": "org:admin"},
            "session": {"id": "sess_1", "actor": {"sub": "user_admin"}}
        })
    }

    #[test]
    fn whole_value_shortcodes_keep_their_json_type() {
        let out = render(
            &json!({"seats": "{{user.public_metadata.plan.seats}}", "beta": "{{user.public_metadata.beta}}", "plan": "{{user.public_metadata.plan}}", "actor": "{{ session.actor }}"}),
            &context(),
        );
        assert_eq!(
            out,
            json!({"seats": 5, "beta": true, "plan": {"tier": "pro", "seats": 5}, "actor": {"sub": "user_admin"}})
        );
    }

    #[test]
    fn embedded_shortcodes_become_text() {
        let out = render(
            &json!({"hello": "Hi {{user.first_name}} of {{org.name}} ({{user.public_metadata.plan.seats}} seats)"}),
            &context(),
        );
        assert_eq!(out, json!({"hello": "Hi Ada of Acme (5 seats)"}));
        let missing = render(&json!("x{{user.nothing}}y"), &context());
        assert_eq!(missing, json!("xy"));
    }

    #[test]
    fn fallbacks_take_the_first_present_value() {
        let ctx = context();
        assert_eq!(
            render(&json!("{{user.username || user.first_name}}"), &ctx),
            json!("Ada")
        );
        assert_eq!(
            render(
                &json!("{{user.username || user.nickname || 'anonymous'}}"),
                &ctx
            ),
            json!("anonymous")
        );
        assert_eq!(render(&json!("{{user.nothing}}"), &ctx), Value::Null);
        assert_eq!(
            render(&json!("{{org.role || 'org:member'}}"), &ctx),
            json!("org:admin")
        );
        let personal = json!({"user": {"id": "u"}, "org": null});
        assert_eq!(
            render(&json!("{{org.id || 'personal'}}"), &personal),
            json!("personal")
        );
    }

    #[test]
    fn nested_arrays_and_objects_are_rendered() {
        let out = render(
            &json!({"roles": ["{{org.role}}", "static"], "n": 3, "deep": {"id": "{{user.id}}"}}),
            &context(),
        );
        assert_eq!(
            out,
            json!({"roles": ["org:admin", "static"], "n": 3, "deep": {"id": "user_1"}})
        );
    }

    #[test]
    fn presets_resolve_and_reserved_claims_are_refused() {
        let nhost = JwtTemplate {
            name: "nhost".into(),
            preset: Some("nhost".into()),
            claims: None,
            lifetime_seconds: 60,
            allowed_clock_skew_seconds: 5,
        };
        let claims = Value::Object(nhost.resolved_claims().unwrap());
        let out = render(&claims, &context());
        assert_eq!(
            out["https://hasura.io/jwt/claims"]["x-hasura-user-id"],
            "user_1"
        );
        assert_eq!(
            out["https://hasura.io/jwt/claims"]["x-hasura-allowed-roles"],
            json!(["user"])
        );
        let convex = JwtTemplate {
            name: "convex".into(),
            preset: Some("convex".into()),
            claims: Some(json!({"plan": "{{user.public_metadata.plan.tier}}"})),
            lifetime_seconds: 60,
            allowed_clock_skew_seconds: 5,
        };
        let out = render(
            &Value::Object(convex.resolved_claims().unwrap()),
            &context(),
        );
        assert_eq!(out["aud"], "convex");
        assert_eq!(out["plan"], "pro");
        assert_eq!(out["name"], "Ada Lovelace");
        let bad = JwtTemplate {
            name: "bad".into(),
            preset: None,
            claims: Some(json!({"sub": "x"})),
            lifetime_seconds: 60,
            allowed_clock_skew_seconds: 5,
        };
        assert!(bad.validate().is_err());
        let unknown = JwtTemplate {
            name: "u".into(),
            preset: Some("firebase".into()),
            claims: None,
            lifetime_seconds: 60,
            allowed_clock_skew_seconds: 5,
        };
        assert!(unknown.validate().is_err());
    }
}
