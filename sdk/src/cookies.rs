//! Cookies on the app's own origin: `__session` (the session token, read by the app's server),
//! `clerk_active_context` (which tab's session and organization that is) and `__clerk_db_jwt`
//! (the dev-browser token, so a page reload keeps the same client).

use std::cell::RefCell;
use std::collections::HashMap;

/// The session token cookie.
pub const SESSION: &str = "__session";
/// The session and organization whose tokens go into `__session` (`sess_…:org_…`, or `sess_…:`
/// in the personal account), set by the tab that last switched or was focused: Clerk's name.
pub const ACTIVE_CONTEXT: &str = "clerk_active_context";
/// The dev-browser token cookie.
pub const DEV_BROWSER: &str = "__clerk_db_jwt";

/// Reads and writes cookies on the app's origin (`Path=/`, `SameSite=Lax`, `Secure` on https).
pub trait Cookies {
    /// The value of cookie `name`.
    fn get(&self, name: &str) -> Option<String>;
    /// Write cookie `name`, or remove it with `None`.
    fn set(&self, name: &str, value: Option<&str>);
}

/// Cookies in memory (native builds and tests).
#[derive(Debug, Default)]
pub struct MemoryCookies(RefCell<HashMap<String, String>>);

impl MemoryCookies {
    /// The `__session` cookie.
    pub fn session(&self) -> Option<String> {
        self.get(SESSION)
    }
}

impl Cookies for MemoryCookies {
    fn get(&self, name: &str) -> Option<String> {
        self.0.borrow().get(name).cloned()
    }

    fn set(&self, name: &str, value: Option<&str>) {
        let mut jar = self.0.borrow_mut();
        match value {
            Some(value) => jar.insert(name.to_owned(), value.to_owned()),
            None => jar.remove(name),
        };
    }
}

/// `document.cookie`.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Default, Clone, Copy)]
pub struct DocumentCookies;

#[cfg(target_arch = "wasm32")]
impl Cookies for DocumentCookies {
    fn get(&self, name: &str) -> Option<String> {
        let all = crate::browser::get(&crate::browser::document()?, "cookie").as_string()?;
        // `a=1; b=2`: a closure, not a `char` pattern, keeps the string searcher out of the bundle.
        #[allow(clippy::manual_pattern_char_comparison)]
        all.split(|c| c == ';').find_map(|pair| {
            let pair = pair.trim_ascii();
            let value = pair.strip_prefix(name)?.strip_prefix('=')?;
            Some(value.to_owned())
        })
    }

    fn set(&self, name: &str, value: Option<&str>) {
        let Some(document) = crate::browser::document() else {
            return;
        };
        let attributes = if crate::browser::is_secure() {
            "; Path=/; SameSite=Lax; Secure"
        } else {
            "; Path=/; SameSite=Lax"
        };
        // JWTs and dev-browser ids are cookie-safe (base64url and dots): no escaping needed.
        let cookie = match value {
            Some(value) => [name, "=", value, attributes].concat(),
            None => [name, "=; Max-Age=0", attributes].concat(),
        };
        // Cookies can be disabled; the SDK keeps working from memory.
        let _ = crate::browser::set(
            &document,
            "cookie",
            &wasm_bindgen::JsValue::from_str(&cookie),
        );
    }
}
