//! Shared helpers for the browser tests: a scripted Frontend API, a runtime over it, rendering into
//! the page and driving the DOM like a user.
// Test support: a failure here is a failed test.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::type_complexity
)]

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{json, Value};
use tessera_components::localization::Localization;
use tessera_components::{RuntimeHandle, TesseraProvider};
use tessera_sdk::clock::ManualClock;
use tessera_sdk::cookies::MemoryCookies;
use tessera_sdk::transport::{HttpRequest, HttpResponse, Transport};
use tessera_sdk::{LocalFuture, Platform, Runtime, RuntimeOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

pub const API: &str = "https://fapi.test";
/// 2026-11-26T12:00:00Z.
pub const T0: i64 = 1_795_003_200_000;

/// Answers by method and path (query ignored); the last answer queued for a route repeats.
#[derive(Clone, Default)]
pub struct FakeFapi {
    routes: Rc<RefCell<Vec<(String, String, Vec<(u16, String)>)>>>,
    pub requests: Rc<RefCell<Vec<HttpRequest>>>,
}

impl FakeFapi {
    pub fn on(&self, method: &str, path: &str, status: u16, body: Value) {
        let mut routes = self.routes.borrow_mut();
        let answer = (status, body.to_string());
        match routes.iter_mut().find(|(m, p, _)| m == method && p == path) {
            Some((_, _, answers)) => answers.push(answer),
            None => routes.push((method.into(), path.into(), vec![answer])),
        }
    }

    /// Requests sent to `path` (e.g. `/client/sign_ins`).
    pub fn sent(&self, path: &str) -> Vec<HttpRequest> {
        self.requests
            .borrow()
            .iter()
            .filter(|r| path_of(&r.url) == path)
            .cloned()
            .collect()
    }
}

fn path_of(url: &str) -> String {
    let rest = url.strip_prefix(API).unwrap_or(url);
    let rest = rest.split('?').next().unwrap_or(rest);
    rest.strip_prefix("/v1").unwrap_or(rest).to_owned()
}

impl Transport for FakeFapi {
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, String>> {
        // `_method` travels in the query: route on it like the server does.
        let method = request
            .url
            .split("_method=")
            .nth(1)
            .map(|m| m.split('&').next().unwrap_or(m).to_owned())
            .unwrap_or_else(|| request.method.to_owned());
        let path = path_of(&request.url);
        self.requests.borrow_mut().push(request);
        let answer = {
            let mut routes = self.routes.borrow_mut();
            routes
                .iter_mut()
                .find(|(m, p, _)| *m == method && *p == path)
                .map(|(_, _, answers)| {
                    if answers.len() > 1 {
                        answers.remove(0)
                    } else {
                        answers[0].clone()
                    }
                })
        };
        Box::pin(async move {
            let (status, body) = answer.ok_or_else(|| format!("no route for {method} {path}"))?;
            Ok(HttpResponse {
                status,
                retry_after: None,
                body,
            })
        })
    }
}

/// An environment: application "Acme", the given first factors, optional first/last names.
pub fn environment(first_factors: &[&str], names: bool) -> Value {
    let attr = |enabled: bool, required: bool| json!({"enabled": enabled, "required": required});
    json!({
        "auth_config": {"first_factors": first_factors},
        "display_config": {"application_name": "Acme"},
        "user_settings": {
            "attributes": {
                "email_address": attr(true, true),
                "first_name": attr(names, false),
                "last_name": attr(names, false),
                "password": attr(true, true),
            },
            "password_settings": {"min_length": 8}
        }
    })
}

pub fn user() -> Value {
    json!({
        "id": "user_1", "object": "user", "first_name": "Ada", "last_name": "Lovelace",
        "image_url": "", "has_image": false, "primary_email_address_id": "idn_1",
        "email_addresses": [{"id": "idn_1", "object": "email_address", "email_address": "ada@example.com"}],
        "organization_memberships": []
    })
}

pub fn signed_in_client() -> Value {
    json!({
        "object": "client", "id": "client_1", "last_active_session_id": "sess_1",
        "sessions": [{"object": "session", "id": "sess_1", "status": "active", "expire_at": T0 + 86_400_000, "user": user()}]
    })
}

pub fn envelope(response: Value, client: Value) -> Value {
    json!({"response": response, "client": client})
}

pub fn error(status_code: &str, param: Option<&str>, long_message: &str) -> Value {
    let meta = match param {
        Some(p) => json!({"param_name": p}),
        None => json!({}),
    };
    json!({"errors": [{"code": status_code, "message": long_message, "long_message": long_message, "meta": meta}]})
}

pub fn sign_in(status: &str, factors: &[&str]) -> Value {
    let factors: Vec<Value> = factors
        .iter()
        .map(|s| json!({"strategy": s, "safe_identifier": "ada@example.com", "email_address_id": "idn_1"}))
        .collect();
    json!({
        "object": "sign_in_attempt", "id": "sia_1", "status": status, "identifier": "ada@example.com",
        "supported_first_factors": factors, "created_session_id": null
    })
}

/// A fake FAPI answering `/environment` and `/client` (signed out unless `client` is given).
pub fn fapi(first_factors: &[&str], names: bool, client: Option<Value>) -> FakeFapi {
    let fapi = FakeFapi::default();
    fapi.on(
        "GET",
        "/environment",
        200,
        environment(first_factors, names),
    );
    let client = client.unwrap_or(Value::Null);
    fapi.on(
        "GET",
        "/client",
        200,
        json!({"response": client, "client": client}),
    );
    fapi
}

pub fn runtime(fapi: &FakeFapi) -> Runtime {
    let clock = Rc::new(ManualClock::new(T0));
    Runtime::new(
        RuntimeOptions {
            frontend_api: API.to_owned(),
            dev_browser: false,
        },
        Platform {
            transport: Rc::new(fapi.clone()),
            clock: clock.clone(),
            timers: clock,
            cookies: Rc::new(MemoryCookies::default()),
            tabs: Rc::new(tessera_sdk::tabs::SingleTab),
        },
    )
}

#[derive(Properties, PartialEq)]
pub struct HostProps {
    pub runtime: RuntimeHandle,
    #[prop_or_default]
    pub localization: Option<Localization>,
    pub content: Html,
}

#[function_component]
pub fn Host(props: &HostProps) -> Html {
    html! {
        <TesseraProvider runtime={props.runtime.clone()} localization={props.localization.clone()}>
            { props.content.clone() }
        </TesseraProvider>
    }
}

/// Render `content` under a provider for `runtime` into a fresh element of the page.
pub fn render(runtime: &Runtime, localization: Option<Localization>, content: Html) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Host>::with_root_and_props(
        root.clone(),
        HostProps {
            runtime: RuntimeHandle(runtime.clone()),
            localization,
            content,
        },
    )
    .render();
    root
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The first element matching `selector`, waiting up to 2 s for it.
pub async fn find(root: &Element, selector: &str) -> Element {
    for _ in 0..100 {
        if let Some(el) = root.query_selector(selector).unwrap() {
            return el;
        }
        sleep(20).await;
    }
    panic!("{selector} never appeared in {}", root.inner_html());
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.dyn_into().unwrap())
        .collect()
}

pub async fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).await.dyn_into().unwrap();
    input.set_value(value);
    // A bubbling input event reaches Yew's listener on the root.
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let bubbling = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&bubbling).unwrap();
    sleep(10).await;
}

pub async fn click(root: &Element, selector: &str) {
    let el: HtmlElement = find(root, selector).await.dyn_into().unwrap();
    el.click();
    sleep(10).await;
}

pub fn key(el: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&event).unwrap();
}

pub fn active_element() -> Option<Element> {
    web_sys::window()?.document()?.active_element()
}

/// Text nodes with visible text under `root` that have no localized ancestor (one with
/// `data-localization-key`) and are not user data (`data-user-data`).
pub fn unlocalized_text(root: &Element) -> Vec<String> {
    let mut found = Vec::new();
    walk(root, &mut found);
    found
}

fn walk(node: &web_sys::Node, found: &mut Vec<String>) {
    let children = node.child_nodes();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else {
            continue;
        };
        if child.node_type() == web_sys::Node::TEXT_NODE {
            let text = child.text_content().unwrap_or_default();
            if text.trim().is_empty() {
                continue;
            }
            let parent = child.parent_element();
            let marked = parent
                .and_then(|p| {
                    p.closest("[data-localization-key],[data-user-data]")
                        .ok()
                        .flatten()
                })
                .is_some();
            if !marked {
                found.push(text);
            }
        } else {
            walk(&child, found);
        }
    }
}

/// Type `value` into any text control (an input or a textarea): set it, then a bubbling `input`.
pub async fn fill(root: &Element, selector: &str, value: &str) {
    let control = find(root, selector).await;
    js_sys::Reflect::set(&control, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let input = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    control.dispatch_event(&input).unwrap();
    sleep(10).await;
}

/// The `value` of a form control.
pub fn value_of(control: &Element) -> String {
    js_sys::Reflect::get(control, &"value".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A 1×1 transparent PNG.
pub const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// Choose a file in a file input like a user: `files` set through a `DataTransfer`, then a
/// bubbling `change`.
pub async fn pick_file(root: &Element, selector: &str, name: &str, mime: &str, bytes: &[u8]) {
    let construct = |class: &str, args: &js_sys::Array| {
        let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &class.into())
            .unwrap()
            .dyn_into()
            .unwrap();
        js_sys::Reflect::construct(&ctor, args).unwrap()
    };
    let input = find(root, selector).await;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"type".into(), &mime.into()).unwrap();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let file = construct("File", &js_sys::Array::of3(&parts, &name.into(), &options));
    let transfer = construct("DataTransfer", &js_sys::Array::new());
    let items = js_sys::Reflect::get(&transfer, &"items".into()).unwrap();
    let add: js_sys::Function = js_sys::Reflect::get(&items, &"add".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    add.call1(&items, &file).unwrap();
    let files = js_sys::Reflect::get(&transfer, &"files".into()).unwrap();
    js_sys::Reflect::set(&input, &"files".into(), &files).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let change = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    input.dispatch_event(&change).unwrap();
    sleep(10).await;
}
