//! The envelopes FAPI responses travel in.

use serde::{Deserialize, Serialize};

use crate::Client;

/// `{"response": …, "client": …}`: most FAPI responses. Mutations always carry the fresh client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientEnvelope<T> {
    pub response: T,
    pub client: Option<Client>,
}

/// A page of a list: `{"data": […], "total_count": N}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListResponse<T> {
    pub data: Vec<T>,
    pub total_count: u64,
}

/// The response of a delete: `{"object", "id", "deleted": true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedObject {
    pub object: String,
    pub id: String,
    pub deleted: bool,
}

/// A session token: `{"object":"token","jwt":"…"}` (a bare response, no envelope).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    pub object: String,
    pub jwt: String,
}

impl TokenResponse {
    /// Wrap a compact JWT.
    pub fn new(jwt: String) -> Self {
        Self {
            object: "token".to_owned(),
            jwt,
        }
    }
}

/// The response of `POST /v1/dev_browser`: the dev-browser token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevBrowser {
    pub id: String,
}

/// One RSA public key of the JWKS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub kid: String,
    pub alg: String,
    #[serde(rename = "use")]
    pub use_: String,
    pub kty: String,
    /// Modulus, base64url without padding.
    pub n: String,
    /// Exponent, base64url without padding.
    pub e: String,
}

/// `GET /.well-known/jwks.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}
