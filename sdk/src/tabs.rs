//! The other tabs of this browser. Each tab has its own runtime, but they share one client (the
//! `__client` or dev-browser cookie) and one `__session` cookie, so they cooperate:
//! - token requests run under a lock shared by the tabs (Web Locks), and a tab that gets the lock
//!   after another first looks at what that one fetched: one request per token per refresh window;
//! - a fresh token, and any change of the client (sign-in, sign-out, switch), is announced over a
//!   `BroadcastChannel`, so the other tabs take the token or read the client again;
//! - focus, visibility and `online` events wake a tab up (a stale token is refreshed then).
//!
//! Where Web Locks or `BroadcastChannel` are missing, a tab works alone (its own single flight).

use std::rc::Rc;

use crate::LocalFuture;

/// What one tab tells the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabMessage {
    /// The client changed: read it again.
    Client,
    /// A fresh session token (its claims say for which session and organization). Template
    /// tokens stay in the tab that asked.
    SessionToken(String),
}

/// What a runtime hears from its tabs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabEvent {
    /// Another tab's message.
    Message(TabMessage),
    /// The tab was focused or shown again, or the browser went back online.
    Awake,
}

impl TabMessage {
    /// On the wire: `c`, or the JWT.
    pub fn encode(&self) -> &str {
        match self {
            Self::Client => "c",
            Self::SessionToken(jwt) => jwt,
        }
    }

    /// The message `encode` made (anything but `c` is a JWT: the receiver checks its claims).
    pub fn decode(text: String) -> Self {
        if text == "c" {
            Self::Client
        } else {
            Self::SessionToken(text)
        }
    }
}

/// A lock shared by the tabs, held until dropped.
pub struct TabLock(Option<Box<dyn FnOnce()>>);

impl TabLock {
    /// A lock that holds nothing back (one tab alone).
    pub fn none() -> Self {
        Self(None)
    }

    /// A lock released by calling `release`.
    pub fn new(release: impl FnOnce() + 'static) -> Self {
        Self(Some(Box::new(release)))
    }
}

impl Drop for TabLock {
    fn drop(&mut self) {
        if let Some(release) = self.0.take() {
            release();
        }
    }
}

impl std::fmt::Debug for TabLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TabLock")
    }
}

/// The tabs of a browser, as a runtime sees them. `scope` (the Frontend API URL) keeps runtimes
/// of different instances apart.
pub trait Tabs {
    /// Start hearing the other tabs and the wake-up events.
    fn listen(&self, scope: &str, handler: Rc<dyn Fn(TabEvent)>);
    /// Tell the other tabs (not this one).
    fn post(&self, message: &TabMessage);
    /// Wait for the lock `name`, shared by the tabs.
    fn lock(&self, name: String) -> LocalFuture<TabLock>;
}

/// A runtime alone: no messages, no shared lock (native builds; tests of one tab).
#[derive(Debug, Default, Clone, Copy)]
pub struct SingleTab;

impl Tabs for SingleTab {
    fn listen(&self, _scope: &str, _handler: Rc<dyn Fn(TabEvent)>) {}

    fn post(&self, _message: &TabMessage) {}

    fn lock(&self, _name: String) -> LocalFuture<TabLock> {
        Box::pin(std::future::ready(TabLock::none()))
    }
}

// The browser side in a few lines of JS: as wasm, the same listeners, channel and lock cost
// several times the bytes (closures and promise plumbing on both sides of the boundary).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function tesseraListen(scope, handler) {
  let channel = null;
  try {
    channel = new BroadcastChannel("tessera:" + scope);
    channel.onmessage = (event) => handler(event.data);
  } catch (_) {}
  const wake = () => {
    if (!globalThis.document || document.visibilityState !== "hidden") handler(null);
  };
  addEventListener("focus", wake);
  addEventListener("online", wake);
  if (globalThis.document) document.addEventListener("visibilitychange", wake);
  return channel;
}
export function tesseraLock(name) {
  const locks = globalThis.navigator && navigator.locks;
  return locks
    ? new Promise((granted) => locks.request(name, () => new Promise(granted)))
    : Promise.resolve(() => {});
}
"#)]
extern "C" {
    /// The channel (`null` without `BroadcastChannel`); `handler` gets a message's text, or
    /// `null` on focus, on `online`, and when the page is shown again.
    #[wasm_bindgen(js_name = tesseraListen)]
    fn listen_js(scope: &str, handler: &wasm_bindgen::JsValue) -> wasm_bindgen::JsValue;
    /// Resolves, once the Web Lock `name` is held, to the function that releases it.
    #[wasm_bindgen(js_name = tesseraLock)]
    fn lock_js(name: &str) -> js_sys::Promise;
}

/// The browser's tabs: `BroadcastChannel`, Web Locks, and `focus` / `online` /
/// `visibilitychange` listeners.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Default)]
pub struct BrowserTabs {
    channel: std::cell::RefCell<wasm_bindgen::JsValue>,
}

#[cfg(target_arch = "wasm32")]
impl Tabs for BrowserTabs {
    fn listen(&self, scope: &str, handler: Rc<dyn Fn(TabEvent)>) {
        use wasm_bindgen::JsValue;
        let listener =
            wasm_bindgen::closure::Closure::<dyn Fn(JsValue)>::new(move |data: JsValue| {
                handler(match data.as_string() {
                    Some(text) => TabEvent::Message(TabMessage::decode(text)),
                    None => TabEvent::Awake,
                });
            })
            .into_js_value();
        self.channel.replace(listen_js(scope, &listener));
    }

    fn post(&self, message: &TabMessage) {
        let channel = self.channel.borrow();
        if !channel.is_null() && !channel.is_undefined() {
            let data = wasm_bindgen::JsValue::from_str(message.encode());
            let _ = crate::browser::call(&channel, "postMessage", &[&data]);
        }
    }

    fn lock(&self, name: String) -> LocalFuture<TabLock> {
        Box::pin(async move {
            match wasm_bindgen_futures::JsFuture::from(lock_js(&name)).await {
                Ok(release) => TabLock::new(move || {
                    let release: js_sys::Function = wasm_bindgen::JsCast::unchecked_into(release);
                    let _ = release.call0(&wasm_bindgen::JsValue::NULL);
                }),
                Err(_) => TabLock::none(),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_survive_the_wire() {
        for message in [TabMessage::Client, TabMessage::SessionToken("a.b.c".into())] {
            assert_eq!(TabMessage::decode(message.encode().to_owned()), message);
        }
    }
}
