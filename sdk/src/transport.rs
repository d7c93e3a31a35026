//! How requests reach the Frontend API: [`FapiClient`] speaks the protocol (paths under `/v1`,
//! form bodies, `_method` for PATCH/DELETE, the dev-browser token, error mapping) over a
//! [`Transport`] that only moves bytes — `fetch` in the browser, a fake in tests.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use crate::json::Json;
use crate::{LocalFuture, SdkError};

/// The verb of a FAPI call. Only GET and POST go on the wire: the others travel as `POST ?_method=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }

    fn overridden(self) -> Option<&'static str> {
        match self {
            Self::Get | Self::Post => None,
            Self::Patch => Some("PATCH"),
            Self::Put => Some("PUT"),
            Self::Delete => Some("DELETE"),
        }
    }
}

/// `application/x-www-form-urlencoded` fields, in order — or, with a [`Form::file`], a multipart
/// upload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form(Vec<(Cow<'static, str>, String)>, Option<Upload>);

/// A file sent as the multipart field `file` (logos, profile images).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub bytes: Vec<u8>,
    /// Such as `image/png`.
    pub content_type: String,
}

/// The boundary of an [`Upload`]'s parts.
macro_rules! boundary {
    () => {
        "tessera-upload-5f1d8c2a9b7e"
    };
}

/// The content type of an [`Upload`]'s body, with its boundary.
pub const MULTIPART: &str = concat!("multipart/form-data; boundary=", boundary!());

impl Upload {
    /// The `multipart/form-data` body ([`MULTIPART`]) with the one field `file`. Built here
    /// rather than with the browser's `FormData` and `Blob`: fewer bindings in the bundle.
    pub fn multipart(&self) -> Vec<u8> {
        let parts: [&[u8]; 5] = [
            concat!(
                "--",
                boundary!(),
                "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n",
                "Content-Type: "
            )
            .as_bytes(),
            self.content_type.as_bytes(),
            b"\r\n\r\n",
            &self.bytes,
            concat!("\r\n--", boundary!(), "--\r\n").as_bytes(),
        ];
        let mut body = Vec::new();
        for part in parts {
            body.extend_from_slice(part);
        }
        body
    }
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a field.
    pub fn field(self, key: &'static str, value: impl Into<String>) -> Self {
        self.named(Cow::Borrowed(key), value.into())
    }

    /// Add a field whose name is only known at run time (the JS facade's options).
    pub fn named(mut self, key: Cow<'static, str>, value: String) -> Self {
        self.0.push((key, value));
        self
    }

    /// Add a field when there is a value.
    pub fn optional(self, key: &'static str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(value) => self.field(key, value),
            None => self,
        }
    }

    /// Send `upload` as the multipart field `file` (the form's other fields are not sent then).
    pub fn file(mut self, upload: Upload) -> Self {
        self.1 = Some(upload);
        self
    }

    /// Whether the form has no field.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty() && self.1.is_none()
    }

    /// The urlencoded text.
    pub fn encode(&self) -> String {
        encode_pairs(self.0.iter().map(|(k, v)| (k.as_ref(), v.as_str())))
    }
}

fn encode_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        percent_encode(key, &mut out);
        out.push('=');
        percent_encode(value, &mut out);
    }
    out
}

/// The WHATWG urlencoded serializer: unreserved bytes as is, space as `+`, the rest `%XX`.
fn percent_encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xF)]));
            }
        }
    }
}

/// A request as it goes on the wire (after `_method` and query parameters are applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The absolute URL with its query.
    pub url: String,
    /// The urlencoded body of a POST.
    pub body: Option<String>,
    /// A multipart upload, sent instead of `body`.
    pub upload: Option<Upload>,
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// The `Retry-After` header (the server exposes it to CORS readers).
    pub retry_after: Option<String>,
    pub body: String,
}

/// Moves one request to the server with the browser's credentials (cookies) and back.
/// `Err` is a network failure: no HTTP answer at all.
pub trait Transport {
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, String>>;
}

/// The Frontend API at one URL.
pub struct FapiClient {
    base: String,
    dev_browser_token: RefCell<Option<String>>,
    transport: Rc<dyn Transport>,
}

impl fmt::Debug for FapiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FapiClient")
            .field("base", &self.base)
            .field("dev_browser", &self.dev_browser_token.borrow().is_some())
            .finish_non_exhaustive()
    }
}

impl FapiClient {
    /// A client for the Frontend API at `frontend_api` (e.g. `http://127.0.0.1:4000`).
    pub fn new(frontend_api: &str, transport: Rc<dyn Transport>) -> Self {
        Self {
            base: frontend_api.trim_end_matches('/').to_owned(),
            dev_browser_token: RefCell::new(None),
            transport,
        }
    }

    /// The Frontend API URL.
    pub fn frontend_api(&self) -> &str {
        &self.base
    }

    /// Send `__clerk_db_jwt` on every request (development style), or stop sending it.
    pub fn set_dev_browser_token(&self, token: Option<String>) {
        *self.dev_browser_token.borrow_mut() = token;
    }

    /// Whether a dev-browser token is in use.
    pub fn dev_browser_token(&self) -> Option<String> {
        self.dev_browser_token.borrow().clone()
    }

    /// The wire form of a call to `/v1{path}`.
    pub fn wire_request(&self, method: Method, path: &str, form: Form) -> HttpRequest {
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(name) = method.overridden() {
            query.push(("_method", name.to_owned()));
        }
        if let Some(token) = self.dev_browser_token.borrow().as_deref() {
            query.push(("__clerk_db_jwt", token.to_owned()));
        }
        let mut url = [self.base.as_str(), "/v1", path].concat();
        if !query.is_empty() {
            url.push(if path.bytes().any(|b| b == b'?') {
                '&'
            } else {
                '?'
            });
            url.push_str(&encode_pairs(query.iter().map(|(k, v)| (*k, v.as_str()))));
        }
        let (method, body) = match method {
            Method::Get => ("GET", None),
            _ if form.1.is_some() => ("POST", None),
            _ => ("POST", Some(form.encode())),
        };
        HttpRequest {
            method,
            url,
            body,
            upload: form.1,
        }
    }

    /// Call the API; a 2xx body is returned as JSON, anything else becomes an [`SdkError`].
    pub async fn call(&self, method: Method, path: &str, form: Form) -> Result<Json, SdkError> {
        let request = self.wire_request(method, path, form);
        let response = self
            .transport
            .send(request)
            .await
            .map_err(SdkError::Network)?;
        if !(200..300).contains(&response.status) {
            return Err(SdkError::from_status(
                response.status,
                response.retry_after.as_deref(),
                &response.body,
            ));
        }
        Json::parse(&response.body).ok_or_else(|| {
            SdkError::InvalidResponse([method.name(), " ", path, ": the body is not JSON"].concat())
        })
    }
}

/// `fetch` with `credentials: "include"` and a CORS-simple form body.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Clone, Copy, Default)]
pub struct FetchTransport;

#[cfg(target_arch = "wasm32")]
impl Transport for FetchTransport {
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, String>> {
        Box::pin(async move {
            let body = match (&request.upload, &request.body) {
                (Some(upload), _) => Some((
                    MULTIPART,
                    js_sys::Uint8Array::from(upload.multipart().as_slice()).into(),
                )),
                (None, Some(form)) => Some((
                    "application/x-www-form-urlencoded",
                    wasm_bindgen::JsValue::from_str(form),
                )),
                (None, None) => None,
            };
            match crate::browser::fetch(&request.url, request.method, body).await {
                Ok((status, retry_after, body)) => Ok(HttpResponse {
                    status,
                    retry_after,
                    body,
                }),
                // A TypeError ("Failed to fetch") or a DOMException (aborted): its text.
                Err(error) => Err(error.as_string().unwrap_or_else(|| {
                    crate::browser::call(&error, "toString", &[])
                        .ok()
                        .and_then(|t| t.as_string())
                        .unwrap_or_default()
                })),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_one_multipart_file_field() {
        let upload = Upload {
            bytes: vec![0x89, b'P', b'N', b'G'],
            content_type: "image/png".to_owned(),
        };
        let boundary = MULTIPART.split("boundary=").nth(1).expect("a boundary");
        let head = [
            "--",
            boundary,
            "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n",
            "Content-Type: image/png\r\n\r\n",
        ]
        .concat();
        let mut expected = head.into_bytes();
        expected.extend_from_slice(&upload.bytes);
        expected.extend_from_slice(["\r\n--", boundary, "--\r\n"].concat().as_bytes());
        assert_eq!(upload.multipart(), expected);
    }

    #[test]
    fn form_bodies_are_urlencoded_like_the_browser_does() {
        let form = Form::new()
            .field("identifier", "a+clerk_test@example.com")
            .field("password", "p ä&=");
        assert_eq!(
            form.encode(),
            "identifier=a%2Bclerk_test%40example.com&password=p+%C3%A4%26%3D"
        );
    }
}
