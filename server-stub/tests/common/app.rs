//! An in-process harness: the router driven with `tower::ServiceExt::oneshot`, one cookie jar per
//! simulated browser.

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tessera_server::{AppState, Clock, Db, InstanceConfig};
use tower::ServiceExt;

pub struct Harness {
    pub app: Router,
    pub cookie: Option<String>,
}

pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: HeaderMap,
}

impl Answer {
    /// Assert a client error with this status and code, in the envelope shape.
    pub fn refused(&self, status: u16, code: &str) -> &Self {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.body["errors"][0]["code"], code, "body: {}", self.body);
        assert!(self.body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
        assert!(self.body["errors"][0]["long_message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
        self
    }

    pub fn param(&self, name: &str) -> &Self {
        assert_eq!(
            self.body["errors"][0]["meta"]["param_name"], name,
            "body: {}",
            self.body
        );
        self
    }
}

pub fn config() -> InstanceConfig {
    InstanceConfig {
        max_body_bytes: 4096,
        ..InstanceConfig::default()
    }
}

impl Harness {
    pub fn new(config: InstanceConfig) -> Self {
        Self::with_clock(config, Clock::System)
    }

    /// A harness whose server reads time from `clock` (tests move a manual clock).
    pub fn with_clock(config: InstanceConfig, clock: Clock) -> Self {
        let _ = tracing_subscriber::fmt().with_test_writer().try_init();
        let state = AppState::new(
            config,
            Db::open(":memory:").unwrap(),
            clock,
            "http://127.0.0.1:4000".into(),
        )
        .unwrap();
        Self {
            app: tessera_server::app(state),
            cookie: None,
        }
    }

    pub async fn send(
        &mut self,
        method: &str,
        uri: &str,
        body: &str,
        content_type: &str,
    ) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, content_type);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(Body::from(body.to_owned())).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        if let Some(set) = headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
        {
            self.cookie = set.split(';').next().map(str::to_owned);
        }
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        assert!(
            status.as_u16() < 500,
            "{method} {uri} answered {status}: {body}"
        );
        Answer {
            status,
            body,
            headers,
        }
    }

    pub async fn form(&mut self, method: &str, uri: &str, body: &str) -> Answer {
        self.send(method, uri, body, "application/x-www-form-urlencoded")
            .await
    }

    pub async fn signed_in(&mut self, email: &str) -> (String, String) {
        let body = serde_urlencoded::to_string([
            ("email_address", email),
            ("password", "long enough password"),
        ])
        .unwrap();
        let a = self.form("POST", "/v1/client/sign_ups", &body).await;
        let id = a.body["response"]["id"].as_str().unwrap().to_owned();
        self.form(
            "POST",
            &format!("/v1/client/sign_ups/{id}/prepare_verification"),
            "strategy=email_code",
        )
        .await;
        let a = self
            .form(
                "POST",
                &format!("/v1/client/sign_ups/{id}/attempt_verification"),
                "strategy=email_code&code=424242",
            )
            .await;
        assert_eq!(a.body["response"]["status"], "complete", "{}", a.body);
        (
            id,
            a.body["response"]["created_session_id"]
                .as_str()
                .unwrap()
                .to_owned(),
        )
    }
}

impl Harness {
    /// Another browser on the same server.
    pub fn browser(&self) -> Self {
        Self {
            app: self.app.clone(),
            cookie: None,
        }
    }
}

impl Harness {
    /// A request with a raw body (uploads).
    pub async fn send_bytes(
        &mut self,
        method: &str,
        uri: &str,
        body: Vec<u8>,
        content_type: &str,
    ) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, content_type);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        assert!(
            status.as_u16() < 500,
            "{method} {uri} answered {status}: {body}"
        );
        Answer {
            status,
            body,
            headers,
        }
    }

    /// Status and raw bytes of a GET.
    pub async fn raw(&mut self, method: &str, uri: &str) -> (u16, Vec<u8>) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        (
            status,
            axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap()
                .to_vec(),
        )
    }
}

/// The smallest valid PNG (1×1).
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0xE9, 0xFA, 0xDC, 0xD8, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
    0xAE, 0x42, 0x60, 0x82,
];

/// A multipart body with one `file` field: content type and bytes.
pub fn multipart(file: &[u8], content_type: &str) -> (String, Vec<u8>) {
    let boundary = "tesseraBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"logo\"\r\nContent-Type: {content_type}\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
