//! The few browser APIs the SDK uses (`fetch`, `document.cookie`, `location.protocol`,
//! `setTimeout`), reached through `js_sys::Reflect` and `Function` calls instead of `web-sys`
//! bindings: every `web-sys` method is one more import with its own JS glue, and these generic
//! calls are already in the bundle for reading JSON. About 20 imports fewer.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast as _, JsValue};

/// `globalThis` (the window on a page).
pub(crate) fn global() -> JsValue {
    // The same lookup js-sys's futures use (so no import of our own).
    js_sys::global().into()
}

/// `target[key]`; `undefined` when there is no such member (or `target` is not an object).
pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    if !target.is_object() && !target.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[key] = value` (runs setters such as `document.cookie`'s).
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) -> Result<(), JsValue> {
    Reflect::set(target, &JsValue::from_str(key), value).map(drop)
}

/// `target[name](args…)`.
pub(crate) fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let method = get(target, name);
    if !method.is_function() {
        return Err(JsValue::from_str(name));
    }
    let method: &Function = method.unchecked_ref();
    match args {
        [] => method.call0(target),
        [a] => method.call1(target, a),
        [a, b, ..] => method.call2(target, a, b),
    }
}

/// `fetch(url, {method, credentials: "include", body, headers})`: status, `Retry-After`, text.
pub(crate) async fn fetch(
    url: &str,
    method: &str,
    form_body: Option<&str>,
) -> Result<(u16, Option<String>, String), JsValue> {
    let init: JsValue = Object::new().into();
    set(&init, "method", &JsValue::from_str(method))?;
    set(&init, "credentials", &JsValue::from_str("include"))?;
    if let Some(body) = form_body {
        let headers: JsValue = Object::new().into();
        set(
            &headers,
            "Content-Type",
            &JsValue::from_str("application/x-www-form-urlencoded"),
        )?;
        set(&init, "headers", &headers)?;
        set(&init, "body", &JsValue::from_str(body))?;
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
    document.is_object().then_some(document)
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
