//! The few browser APIs the SDK uses (`fetch`, `document.cookie`, `location.protocol`,
//! `setTimeout`), reached through `js_sys::Reflect` and `Function` calls instead of `web-sys`
//! bindings: every `web-sys` method is one more import with its own JS glue, and these generic
//! calls are already in the bundle for reading JSON. About 20 imports fewer.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast as _, JsValue};

/// `globalThis` (the window on a page).
pub(crate) fn global() -> JsValue {
    // The same lookup js-sys's futures use (so no import of our own).
    js_sys::global().into()
}

/// `target[key]`; `undefined` when there is no such member (or `target` is not an object:
/// `Reflect.get` throws then, and the binding catches it).
pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[key] = value` (runs setters such as `document.cookie`'s).
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) -> Result<(), JsValue> {
    Reflect::set(target, &JsValue::from_str(key), value).map(drop)
}

/// `target[name](args…)`, at most two arguments; missing ones are passed as `undefined` (one
/// binding for every call; callers only call functions that ignore them). A missing method makes
/// the call throw, which the binding turns into `Err`.
pub(crate) fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let method = get(target, name);
    let method: &Function = method.unchecked_ref();
    let undefined = JsValue::UNDEFINED;
    let first = args.first().copied().unwrap_or(&undefined);
    let second = args.get(1).copied().unwrap_or(&undefined);
    method.call2(target, first, second)
}

/// `globalThis[namespace][name](args…)`: `JSON.parse`, `Date.now`, `Array.isArray`, … Each
/// dedicated binding would be one more import with its glue; this is one generic call.
pub(crate) fn static_call(
    namespace: &str,
    name: &str,
    args: &[&JsValue],
) -> Result<JsValue, JsValue> {
    call(&get(&global(), namespace), name, args)
}

/// A new plain object (`Object()`).
pub(crate) fn new_object() -> JsValue {
    call(&global(), "Object", &[]).unwrap_or(JsValue::UNDEFINED)
}

/// A JS array of `items`.
#[cfg_attr(not(feature = "js-facade"), allow(dead_code))]
pub(crate) fn new_array(items: impl Iterator<Item = JsValue>) -> JsValue {
    // `Array()` would take the padding `undefined`s as items: an empty array from JSON instead.
    let array =
        static_call("JSON", "parse", &[&JsValue::from_str("[]")]).unwrap_or(JsValue::UNDEFINED);
    for (index, item) in items.enumerate() {
        let _ = Reflect::set(&array, &JsValue::from(index as u32), &item);
    }
    array
}

/// `fetch(url, {method, credentials: "include", body, headers})`: status, `Retry-After`, text.
/// `body` is its content type and the body (a string or a `Uint8Array`).
pub(crate) async fn fetch(
    url: &str,
    method: &str,
    body: Option<(&str, JsValue)>,
) -> Result<(u16, Option<String>, String), JsValue> {
    let init = new_object();
    set(&init, "method", &JsValue::from_str(method))?;
    set(&init, "credentials", &JsValue::from_str("include"))?;
    if let Some((content_type, body)) = body {
        let headers = new_object();
        set(&headers, "Content-Type", &JsValue::from_str(content_type))?;
        set(&init, "headers", &headers)?;
        set(&init, "body", &body)?;
    }
    let response = call(&global(), "fetch", &[&JsValue::from_str(url), &init])?;
    let response = wasm_bindgen_futures::JsFuture::from(Promise::from(response)).await?;
    let status = get(&response, "status").as_f64().unwrap_or(0.0) as u16;
    let retry_after = call(
        &get(&response, "headers"),
        "get",
        &[&JsValue::from_str("Retry-After")],
    )?
    .as_string();
    let text = wasm_bindgen_futures::JsFuture::from(Promise::from(call(&response, "text", &[])?))
        .await?
        .as_string()
        .unwrap_or_default();
    Ok((status, retry_after, text))
}

/// `document`, when there is one.
pub(crate) fn document() -> Option<JsValue> {
    let document = get(&global(), "document");
    (!document.is_undefined()).then_some(document)
}

/// Whether the page is served over https.
pub(crate) fn is_secure() -> bool {
    get(&get(&global(), "location"), "protocol")
        .as_string()
        .as_deref()
        == Some("https:")
}

/// `setTimeout(callback, delay_ms)`.
pub(crate) fn set_timeout(callback: &JsValue, delay_ms: i32) {
    // A failed setTimeout only loses the proactive refresh; get_token still refreshes on demand.
    let _ = call(
        &global(),
        "setTimeout",
        &[callback, &JsValue::from(delay_ms)],
    );
}
