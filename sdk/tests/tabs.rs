//! Several tabs of one browser (runtimes sharing the cookies, a message bus and a lock, as
//! `BroadcastChannel` and Web Locks give them in the browser), and the network going away.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use common::*;
use tessera_sdk::clock::{Clock as _, ManualClock};
use tessera_sdk::cookies::MemoryCookies;
use tessera_sdk::tabs::{TabEvent, TabLock, TabMessage, Tabs};
use tessera_sdk::{
    GetTokenOptions, LocalFuture, Platform, Runtime, RuntimeOptions, SdkError, SignOut,
};

const TOKENS: &str = "/client/sessions/sess_1/tokens";

/// The tabs of one browser: messages wait in a queue until the test delivers them (they arrive
/// later in a browser too), and one lock per name.
type Handler = Rc<dyn Fn(TabEvent)>;

#[derive(Default)]
struct Browser {
    handlers: RefCell<Vec<Handler>>,
    queue: RefCell<Vec<(usize, TabMessage)>>,
    lock: Arc<futures::lock::Mutex<()>>,
}

impl Browser {
    /// Hand every queued message to every tab but its sender.
    fn deliver(&self) {
        let queue: Vec<_> = self.queue.borrow_mut().drain(..).collect();
        let handlers = self.handlers.borrow().clone();
        for (from, message) in queue {
            for (to, handler) in handlers.iter().enumerate() {
                if to != from {
                    handler(TabEvent::Message(message.clone()));
                }
            }
        }
    }
}

struct Tab {
    browser: Rc<Browser>,
    index: usize,
}

impl Tabs for Tab {
    fn listen(&self, _scope: &str, handler: Rc<dyn Fn(TabEvent)>) {
        self.browser.handlers.borrow_mut().push(handler);
    }

    fn post(&self, message: &TabMessage) {
        self.browser
            .queue
            .borrow_mut()
            .push((self.index, message.clone()));
    }

    fn lock(&self, _name: String) -> LocalFuture<TabLock> {
        let lock = self.browser.lock.clone();
        Box::pin(async move {
            let guard = lock.lock_owned().await;
            TabLock::new(move || drop(guard))
        })
    }
}

struct World {
    fapi: FakeFapi,
    clock: Rc<ManualClock>,
    cookies: Rc<MemoryCookies>,
    browser: Rc<Browser>,
    tabs: Vec<Runtime>,
}

/// Run what is due now (timers of 0 ms included).
async fn settle(clock: &ManualClock) {
    clock.advance(0);
    run_due(clock).await;
}

/// `count` tabs on one fake Frontend API whose client has `sess_1`.
fn world(count: usize) -> World {
    let fapi = FakeFapi::default();
    fapi.on("GET", "/environment", 200, "{}".to_owned());
    fapi.on(
        "GET",
        "/client",
        200,
        client_envelope(&client_with(&["sess_1"])),
    );
    let clock = Rc::new(ManualClock::new(T0));
    let cookies = Rc::new(MemoryCookies::default());
    let browser = Rc::new(Browser::default());
    let tabs = (0..count)
        .map(|index| {
            Runtime::new(
                RuntimeOptions {
                    frontend_api: API.to_owned(),
                    dev_browser: false,
                },
                Platform {
                    transport: Rc::new(fapi.clone()),
                    clock: clock.clone(),
                    timers: clock.clone(),
                    cookies: cookies.clone(),
                    tabs: Rc::new(Tab {
                        browser: browser.clone(),
                        index,
                    }),
                },
            )
        })
        .collect();
    World {
        fapi,
        clock,
        cookies,
        browser,
        tabs,
    }
}

#[test]
fn one_token_request_serves_every_tab() {
    futures::executor::block_on(async {
        let w = world(3);
        w.fapi.on(
            "POST",
            TOKENS,
            200,
            token_body(&jwt("sess_1", T0 / 1000, "a")),
        );
        for tab in &w.tabs {
            tab.load().await.expect("load");
        }
        // Each tab starts fetching the session's token at once; the first one through the lock
        // asks, the others find its token in the cookie.
        settle(&w.clock).await;
        assert_eq!(w.fapi.count(TOKENS), 1);
        for tab in &w.tabs {
            let token = tab
                .get_token(GetTokenOptions::default())
                .await
                .expect("token");
            assert_eq!(token, w.cookies.session());
        }
        assert_eq!(w.fapi.count(TOKENS), 1);

        // The refresh window: every tab's timer comes due; one request again. The other tabs
        // take the new token over the channel.
        w.fapi.on(
            "POST",
            TOKENS,
            200,
            token_body(&jwt("sess_1", T0 / 1000 + 45, "b")),
        );
        w.clock.advance(45_000);
        settle(&w.clock).await;
        w.browser.deliver();
        assert_eq!(w.fapi.count(TOKENS), 2);
        let fresh = jwt("sess_1", T0 / 1000 + 45, "b");
        for tab in &w.tabs {
            let token = tab
                .get_token(GetTokenOptions::default())
                .await
                .expect("token");
            assert_eq!(token.as_deref(), Some(fresh.as_str()));
        }
        assert_eq!(w.fapi.count(TOKENS), 2);
    });
}

#[test]
fn a_sign_out_in_one_tab_signs_out_the_others() {
    futures::executor::block_on(async {
        let w = world(2);
        w.fapi.on(
            "POST",
            TOKENS,
            200,
            token_body(&jwt("sess_1", T0 / 1000, "a")),
        );
        for tab in &w.tabs {
            tab.load().await.expect("load");
        }
        settle(&w.clock).await;
        let signed_out = client_envelope(&client_with(&[]));
        // `DELETE` travels as `POST` with `_method=DELETE`.
        w.fapi
            .on("POST", "/client/sessions", 200, signed_out.clone());
        w.fapi.on("GET", "/client", 200, signed_out);

        w.tabs[0]
            .sign_out(SignOut::default())
            .await
            .expect("sign out");
        assert!(!w.tabs[0].snapshot().is_signed_in());
        assert!(
            w.tabs[1].snapshot().is_signed_in(),
            "not before it hears of it"
        );
        w.browser.deliver();
        settle(&w.clock).await;

        assert!(!w.tabs[1].snapshot().is_signed_in());
        assert_eq!(w.cookies.session(), None);
        // The tab that heard of it does not announce it again.
        assert!(w.browser.queue.borrow().is_empty());
    });
}

#[test]
fn offline_keeps_the_session_and_the_cached_token_then_reports_offline_and_recovers() {
    futures::executor::block_on(async {
        let w = world(1);
        let tab = &w.tabs[0];
        let first = jwt("sess_1", T0 / 1000, "a");
        w.fapi.on("POST", TOKENS, 200, token_body(&first));
        tab.load().await.expect("load");
        settle(&w.clock).await;
        w.fapi
            .on_with("POST", TOKENS, |_| Err("connection refused".into()));

        // The proactive refresh (15 s before expiry) fails: the token still serves.
        w.clock.advance(45_000);
        settle(&w.clock).await;
        let cached = tab.get_token(GetTokenOptions::default()).await;
        assert_eq!(cached, Ok(Some(first.clone())));
        let retries = w.clock.pending_timers();
        assert!(!retries.is_empty(), "a retry is scheduled");
        assert!(retries[0] - w.clock.now() <= 30_000);

        // Expired and still offline: the typed error, and nobody is signed out.
        w.clock.advance(16_000);
        let error = tab.get_token(GetTokenOptions::default()).await;
        assert_eq!(error, Err(SdkError::Offline));
        assert!(tab.snapshot().is_signed_in());
        assert_eq!(
            w.fapi.count("/client"),
            1,
            "a network failure does not re-fetch the client"
        );

        // Back online: the background retry gets a token, no call from the app needed.
        let second = jwt("sess_1", T0 / 1000 + 61, "b");
        w.fapi.on("POST", TOKENS, 200, token_body(&second));
        for _ in 0..8 {
            w.clock.advance(30_000);
            settle(&w.clock).await;
            if w.cookies.session().as_deref() == Some(second.as_str()) {
                break;
            }
        }
        assert_eq!(w.cookies.session().as_deref(), Some(second.as_str()));
        assert_eq!(
            tab.get_token(GetTokenOptions::default()).await,
            Ok(Some(second))
        );
    });
}
