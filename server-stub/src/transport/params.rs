//! Request parameters from a form-urlencoded or JSON body, read with a size limit.

use std::collections::BTreeMap;

use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{header, StatusCode};
use serde_json::{Map, Value};
use tessera_core::ErrorCode;

use crate::error::FapiError;
use crate::AppState;

/// The parameters of a request body. Form bodies are the protocol's norm; JSON bodies are accepted
/// too (scalars become strings, objects become JSON strings, as nested form values are).
#[derive(Debug, Default, Clone)]
pub(crate) struct Params(BTreeMap<String, String>);

impl Params {
    /// Parameters from pairs (tests, query strings).
    pub(crate) fn from_pairs<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        Self(pairs.into_iter().collect())
    }

    /// A present, non-blank parameter (trimmed).
    pub(crate) fn optional(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// A parameter that must be present and non-blank.
    pub(crate) fn required(&self, name: &str) -> Result<&str, FapiError> {
        self.optional(name)
            .ok_or_else(|| FapiError::param_missing(name))
    }

    /// A raw parameter, not trimmed (passwords keep their spaces).
    pub(crate) fn raw(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Whether the parameter was sent at all (even empty: clearing a field).
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// A boolean parameter (`true`/`false`).
    pub(crate) fn bool(&self, name: &str) -> Result<Option<bool>, FapiError> {
        match self.optional(name) {
            None => Ok(None),
            Some("true") | Some("1") => Ok(Some(true)),
            Some("false") | Some("0") => Ok(Some(false)),
            Some(_) => Err(FapiError::param_invalid(
                name,
                format!("{name} must be true or false."),
            )),
        }
    }

    /// A JSON object parameter (such as `unsafe_metadata`).
    pub(crate) fn object(&self, name: &str) -> Result<Option<Map<String, Value>>, FapiError> {
        match self.optional(name) {
            None => Ok(None),
            Some(text) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(map)) => Ok(Some(map)),
                _ => Err(FapiError::param_invalid(
                    name,
                    format!("{name} must be a JSON object."),
                )),
            },
        }
    }
}

fn scalar(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

impl<S> FromRequest<S> for Params
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = FapiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let limit = AppState::from_ref(state).config().max_body_bytes;
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json"));
        let bytes = axum::body::to_bytes(request.into_body(), limit)
            .await
            .map_err(|_| {
                FapiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::RequestBodyTooLarge,
                    "request body too large",
                    format!("The request body must be at most {limit} bytes."),
                )
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self::default());
        }
        let invalid = |what: &str| {
            FapiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::RequestBodyInvalid,
                "invalid request body",
                format!("The request body is not valid {what}."),
            )
        };
        if is_json {
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(map)) => Ok(Self(
                    map.into_iter()
                        .filter_map(|(k, v)| scalar(v).map(|v| (k, v)))
                        .collect(),
                )),
                _ => Err(invalid("JSON (an object is expected)")),
            }
        } else {
            serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                .map(Self::from_pairs)
                .map_err(|_| invalid("form-urlencoded data"))
        }
    }
}
