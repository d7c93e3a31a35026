//! JSON values as the SDK reads them, with one API on both targets.
//!
//! In the browser a [`Json`] is a JavaScript value from the engine's own `JSON.parse`: the wasm
//! carries no JSON parser, no serde, no float formatting (they were about half of the bundle), and the
//! JS facade hands the very objects the server sent to the app (no re-serializing). Natively it is a
//! `serde_json::Value`, so the runtime's logic — the same reading code — runs in native tests.
//!
//! Reading is lenient, like the `#[serde(default)]` wire types of `tessera-core`: a missing or
//! mistyped field reads as its default (empty string, `false`, `0`, `None`, empty list).

use std::fmt;

/// A JSON value (a JS value in the browser, a `serde_json::Value` natively). Cloning is cheap in
/// the browser (a reference to the JS object). `null` by default.
#[derive(Clone)]
pub struct Json(
    #[cfg(target_arch = "wasm32")] wasm_bindgen::JsValue,
    #[cfg(not(target_arch = "wasm32"))] serde_json::Value,
);

impl Default for Json {
    fn default() -> Self {
        #[cfg(target_arch = "wasm32")]
        return Self(wasm_bindgen::JsValue::NULL);
        #[cfg(not(target_arch = "wasm32"))]
        return Self(serde_json::Value::Null);
    }
}

#[cfg(target_arch = "wasm32")]
impl Json {
    /// `JSON.parse(text)`; `None` when it is not JSON.
    pub fn parse(text: &str) -> Option<Self> {
        crate::browser::static_call("JSON", "parse", &[&wasm_bindgen::JsValue::from_str(text)])
            .ok()
            .map(Self::from_js)
    }

    /// Wrap a JS value (an object the app passed in, a parsed response).
    pub fn from_js(value: wasm_bindgen::JsValue) -> Self {
        Self(value)
    }

    /// The JS value.
    pub fn js(&self) -> &wasm_bindgen::JsValue {
        &self.0
    }

    /// Member `key` of an object; `undefined` when absent or for anything else.
    pub fn get(&self, key: &str) -> Self {
        Self::from_js(crate::browser::get(self.js(), key))
    }

    /// Whether this is `null` (or absent).
    pub fn is_null(&self) -> bool {
        self.js().is_null() || self.js().is_undefined()
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<String> {
        self.js().as_string()
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        self.js().as_f64()
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        self.js().as_bool()
    }

    /// The items of an array; empty for anything else.
    pub fn items(&self) -> Vec<Self> {
        use wasm_bindgen::JsValue;
        let value = self.js();
        let is_array = crate::browser::static_call("Array", "isArray", &[value])
            .ok()
            .and_then(|b| b.as_bool());
        if is_array != Some(true) {
            return Vec::new();
        }
        let length = crate::browser::get(value, "length").as_f64().unwrap_or(0.0) as u32;
        (0..length)
            .map(|i| {
                Self::from_js(
                    js_sys::Reflect::get(value, &JsValue::from(i)).unwrap_or(JsValue::UNDEFINED),
                )
            })
            .collect()
    }

    /// The JSON text (`JSON.stringify`).
    pub fn to_json_string(&self) -> String {
        crate::browser::static_call("JSON", "stringify", &[self.js()])
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    }

    /// Equal JSON text.
    fn same(&self, other: &Self) -> bool {
        self.to_json_string() == other.to_json_string()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Json {
    /// Parse JSON text; `None` when it is not JSON.
    pub fn parse(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok().map(Self)
    }

    /// Wrap a `serde_json::Value`.
    pub fn from_value(value: serde_json::Value) -> Self {
        Self(value)
    }

    /// The `serde_json::Value`.
    pub fn value(&self) -> &serde_json::Value {
        &self.0
    }

    /// Member `key` of an object; `null` for anything else.
    pub fn get(&self, key: &str) -> Self {
        Self(self.0.get(key).cloned().unwrap_or_default())
    }

    /// Whether this is `null` (or absent).
    pub fn is_null(&self) -> bool {
        self.0.is_null()
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<String> {
        self.0.as_str().map(str::to_owned)
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    /// The items of an array; empty for anything else.
    pub fn items(&self) -> Vec<Self> {
        self.0
            .as_array()
            .map(|items| items.iter().cloned().map(Self).collect())
            .unwrap_or_default()
    }

    /// The JSON text.
    pub fn to_json_string(&self) -> String {
        self.0.to_string()
    }

    fn same(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

/// Field readers: what `#[serde(default)]` did for the wire types.
impl Json {
    /// Member `key` as a string; empty when absent.
    pub fn string(&self, key: &str) -> String {
        self.get(key).as_str().unwrap_or_default()
    }

    /// Member `key` as a string, if it is one.
    pub fn opt_string(&self, key: &str) -> Option<String> {
        self.get(key).as_str()
    }

    /// Member `key` as a boolean; `false` when absent.
    pub fn flag(&self, key: &str) -> bool {
        self.get(key).as_bool().unwrap_or_default()
    }

    /// Member `key` as an integer (milliseconds, seconds, counts); 0 when absent.
    pub fn int(&self, key: &str) -> i64 {
        self.get(key).as_f64().map_or(0, |n| n as i64)
    }

    /// Member `key` as an integer, if it is a number.
    pub fn opt_int(&self, key: &str) -> Option<i64> {
        self.get(key).as_f64().map(|n| n as i64)
    }

    /// Member `key` as a list of strings (non-strings skipped).
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.get(key)
            .items()
            .iter()
            .filter_map(Json::as_str)
            .collect()
    }

    /// Member `key` as a list of `T`.
    pub fn list<T: FromJson>(&self, key: &str) -> Vec<T> {
        self.get(key).items().iter().map(T::from_json).collect()
    }

    /// Member `key` as a `T`, unless it is null or absent.
    pub fn opt<T: FromJson>(&self, key: &str) -> Option<T> {
        let member = self.get(key);
        (!member.is_null()).then(|| T::from_json(&member))
    }

    /// Member `key` as a list of `T`, unless it is null or absent.
    pub fn opt_list<T: FromJson>(&self, key: &str) -> Option<Vec<T>> {
        let member = self.get(key);
        (!member.is_null()).then(|| member.items().iter().map(T::from_json).collect())
    }
}

/// Equal JSON (in the browser: the same object, or the same JSON text).
impl PartialEq for Json {
    fn eq(&self, other: &Self) -> bool {
        self.same(other)
    }
}

impl fmt::Debug for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json_string())
    }
}

/// Read from JSON, leniently (missing fields take their defaults).
pub trait FromJson: Sized {
    /// Read `json`.
    fn from_json(json: &Json) -> Self;
}

impl FromJson for Json {
    fn from_json(json: &Json) -> Self {
        json.clone()
    }
}

impl FromJson for String {
    fn from_json(json: &Json) -> Self {
        json.as_str().unwrap_or_default()
    }
}
