//! Fakes shared by the runtime tests (native and in the browser): a scripted FAPI transport that
//! records requests, session-token JWTs, clients, and a gate to hold a response back.
#![allow(dead_code, unreachable_pub)]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use base64::Engine as _;
use tessera_core::{Client, Session, SessionClaims, SessionStatus, TokenResponse, User};
use tessera_sdk::clock::ManualClock;
use tessera_sdk::cookies::MemoryCookies;
use tessera_sdk::transport::{HttpRequest, HttpResponse, Transport};
use tessera_sdk::{LocalFuture, Platform, Runtime, RuntimeOptions};

pub const API: &str = "https://fapi.test";
/// 2026-11-26T12:00:00Z.
pub const T0: i64 = 1_795_003_200_000;

/// Run an async test body natively (`#[test]`) and in the browser (`#[wasm_bindgen_test]`).
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        #[cfg(not(target_arch = "wasm32"))]
        #[test]
        fn $name() {
            futures::executor::block_on($body);
        }

        #[cfg(target_arch = "wasm32")]
        #[wasm_bindgen_test::wasm_bindgen_test]
        async fn $name() {
            $body.await;
        }
    };
}

/// Opens when told to; until then every future waiting on it is pending.
#[derive(Clone, Default)]
pub struct Gate(Rc<RefCell<(bool, Vec<Waker>)>>);

impl Gate {
    pub fn open(&self) {
        let mut state = self.0.borrow_mut();
        state.0 = true;
        for waker in state.1.drain(..) {
            waker.wake();
        }
    }

    pub fn wait(&self) -> GateWait {
        GateWait(self.clone())
    }
}

pub struct GateWait(Gate);

impl Future for GateWait {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = (self.0).0.borrow_mut();
        if state.0 {
            Poll::Ready(())
        } else {
            state.1.push(cx.waker().clone());
            Poll::Pending
        }
    }
}

type Reply = Box<dyn Fn(&HttpRequest) -> Result<HttpResponse, String>>;

struct Route {
    method: &'static str,
    path: String,
    reply: Reply,
    /// Replies once, then the next route for the same request answers.
    once: bool,
    gate: Option<Gate>,
}

/// A Frontend API in memory: answers by method and path (query ignored), newest route first;
/// records every request as sent on the wire.
#[derive(Clone, Default)]
pub struct FakeFapi {
    routes: Rc<RefCell<VecDeque<Route>>>,
    pub requests: Rc<RefCell<Vec<HttpRequest>>>,
}

fn path_of(url: &str) -> &str {
    let rest = url.strip_prefix(API).unwrap_or(url);
    rest.split('?').next().unwrap_or(rest)
}

impl FakeFapi {
    fn add(&self, method: &'static str, path: &str, once: bool, gate: Option<Gate>, reply: Reply) {
        self.routes.borrow_mut().push_front(Route {
            method,
            path: path.to_owned(),
            reply,
            once,
            gate,
        });
    }

    /// Always answer `method path` with `status` and `body`.
    pub fn on(&self, method: &'static str, path: &str, status: u16, body: String) {
        self.add(method, path, false, None, reply(status, body));
    }

    /// Answer `method path` once with `status` and `body`.
    pub fn once(&self, method: &'static str, path: &str, status: u16, body: String) {
        self.add(method, path, true, None, reply(status, body));
    }

    /// Answer with whatever `f` computes from the request.
    pub fn on_with(
        &self,
        method: &'static str,
        path: &str,
        f: impl Fn(&HttpRequest) -> Result<HttpResponse, String> + 'static,
    ) {
        self.add(method, path, false, None, Box::new(f));
    }

    /// Hold the answer back until `gate` opens.
    pub fn gated(&self, method: &'static str, path: &str, gate: &Gate, status: u16, body: String) {
        self.add(method, path, false, Some(gate.clone()), reply(status, body));
    }

    /// Requests sent to `path` (any method).
    pub fn count(&self, path: &str) -> usize {
        self.requests
            .borrow()
            .iter()
            .filter(|r| path_of(&r.url) == format!("/v1{path}"))
            .count()
    }

    pub fn last(&self) -> HttpRequest {
        self.requests
            .borrow()
            .last()
            .cloned()
            .unwrap_or_else(|| panic!("no request was sent"))
    }
}

fn reply(status: u16, body: String) -> Reply {
    Box::new(move |_| {
        Ok(HttpResponse {
            status,
            retry_after: None,
            body: body.clone(),
        })
    })
}

impl Transport for FakeFapi {
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, String>> {
        self.requests.borrow_mut().push(request.clone());
        let path = path_of(&request.url).to_owned();
        let (answer, gate) = {
            let mut routes = self.routes.borrow_mut();
            let found = routes
                .iter()
                .position(|r| r.method == request.method && format!("/v1{}", r.path) == path);
            match found {
                Some(i) => {
                    let answer = (routes[i].reply)(&request);
                    let gate = routes[i].gate.clone();
                    if routes[i].once {
                        routes.remove(i);
                    }
                    (answer, gate)
                }
                None => (
                    Ok(HttpResponse {
                        status: 404,
                        retry_after: None,
                        body: error_body("resource_not_found", None),
                    }),
                    None,
                ),
            }
        };
        Box::pin(async move {
            if let Some(gate) = gate {
                gate.wait().await;
            }
            answer
        })
    }
}

/// A FAPI error body.
pub fn error_body(code: &str, param: Option<&str>) -> String {
    let meta = match param {
        Some(p) => serde_json::json!({ "param_name": p }),
        None => serde_json::json!({}),
    };
    serde_json::json!({"errors": [{
        "code": code, "message": format!("{code} message"), "long_message": format!("{code} long"), "meta": meta
    }]})
    .to_string()
}

/// An unsigned session JWT issued at `iat_secs`, living 60 s.
pub fn jwt(session_id: &str, iat_secs: i64, jti: &str) -> String {
    jwt_living(session_id, iat_secs, 60, jti)
}

/// An unsigned session JWT issued at `iat_secs`, living `lifetime_secs`.
pub fn jwt_living(session_id: &str, iat_secs: i64, lifetime_secs: i64, jti: &str) -> String {
    let claims = SessionClaims {
        exp: iat_secs + lifetime_secs,
        iat: iat_secs,
        nbf: iat_secs - 5,
        iss: API.to_owned(),
        sid: session_id.to_owned(),
        sub: "user_1".to_owned(),
        v: 2,
        sts: "active".to_owned(),
        jti: jti.to_owned(),
        ..SessionClaims::default()
    };
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let payload = serde_json::to_vec(&claims).unwrap_or_default();
    format!(
        "{}.{}.sig",
        b64(br#"{"alg":"RS256","typ":"JWT"}"#),
        b64(&payload)
    )
}

/// A token response body.
pub fn token_body(jwt: &str) -> String {
    serde_json::to_string(&TokenResponse::new(jwt.to_owned())).unwrap_or_default()
}

/// A client with the given active sessions, the last one in use.
pub fn client_with(sessions: &[&str]) -> Client {
    Client {
        object: "client".into(),
        id: "client_1".into(),
        sessions: sessions
            .iter()
            .map(|id| Session {
                id: (*id).to_owned(),
                object: "session".into(),
                status: SessionStatus::Active,
                user: Some(User {
                    id: "user_1".into(),
                    first_name: Some("Ada".into()),
                    ..User::default()
                }),
                ..Session::default()
            })
            .collect(),
        last_active_session_id: sessions.last().map(|s| (*s).to_owned()),
        ..Client::default()
    }
}

/// `{response, client}` with the client as both.
pub fn client_envelope(client: &Client) -> String {
    serde_json::json!({ "response": client, "client": client }).to_string()
}

/// `{response, client}`.
pub fn envelope(response: serde_json::Value, client: &Client) -> String {
    serde_json::json!({ "response": response, "client": client }).to_string()
}

pub struct Harness {
    pub fapi: FakeFapi,
    pub clock: Rc<ManualClock>,
    pub cookies: Rc<MemoryCookies>,
    pub runtime: Runtime,
}

/// A runtime over the fake FAPI at [`T0`], with `/environment` and `/client` answering.
pub fn harness(client: Option<&Client>) -> Harness {
    harness_with(
        RuntimeOptions {
            frontend_api: API.to_owned(),
            dev_browser: false,
        },
        client,
    )
}

pub fn harness_with(options: RuntimeOptions, client: Option<&Client>) -> Harness {
    let fapi = FakeFapi::default();
    fapi.on("GET", "/environment", 200, "{}".to_owned());
    let client_body = match client {
        Some(c) => client_envelope(c),
        None => r#"{"response":null,"client":null}"#.to_owned(),
    };
    fapi.on("GET", "/client", 200, client_body);
    let clock = Rc::new(ManualClock::new(T0));
    let cookies = Rc::new(MemoryCookies::default());
    let runtime = Runtime::new(
        options,
        Platform {
            transport: Rc::new(fapi.clone()),
            clock: clock.clone(),
            timers: clock.clone(),
            cookies: cookies.clone(),
            tabs: Rc::new(tessera_sdk::tabs::SingleTab),
        },
    );
    Harness {
        fapi,
        clock,
        cookies,
        runtime,
    }
}

/// Run the timer tasks that came due, in order.
pub async fn run_due(clock: &ManualClock) {
    for task in clock.take_due() {
        task.await;
    }
}

/// Run the background work due now (the token fetch after the active session changed).
pub async fn settle(clock: &ManualClock) {
    clock.advance(0);
    run_due(clock).await;
}
