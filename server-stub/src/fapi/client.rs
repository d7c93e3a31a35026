//! `/v1/client`: the browser's client, and signing out of all its sessions.

use serde_json::{json, Value};

use crate::error::{FapiError, FapiResult};
use crate::fapi::{present, sessions, Action, Fapi, Reply};

fn client_both(action: &Action<'_>) -> FapiResult<Value> {
    let client = match action.client() {
        Some(c) => {
            serde_json::to_value(present::client(action.store, action.state, c, action.now)?)?
        }
        None => Value::Null,
    };
    Ok(json!({"response": client, "client": client}))
}

/// `GET /v1/client`: the caller's client, or `null` if it has none yet.
pub(crate) async fn get_client(fapi: Fapi) -> FapiResult<Reply> {
    fapi.write(|action| client_both(action)).await
}

/// `POST|PUT /v1/client`: create the caller's client (or return the existing one).
pub(crate) async fn create_client(fapi: Fapi) -> FapiResult<Reply> {
    fapi.write(|action| {
        action.client_or_create()?;
        client_both(action)
    })
    .await
}

/// `DELETE /v1/client`: sign out of everything and forget the client; clears the cookie.
pub(crate) async fn delete_client(fapi: Fapi) -> FapiResult<Reply> {
    fapi.write(|action| {
        let client = action
            .client()
            .cloned()
            .ok_or_else(|| FapiError::not_found("client"))?;
        sessions::end_all(action, &client)?;
        let mut ended = present::client(action.store, action.state, &client, action.now)?;
        ended.sign_in = None;
        ended.sign_up = None;
        action.store.delete_client(&client.id)?;
        action.forget_client();
        Ok(json!({"response": ended, "client": null}))
    })
    .await
}

/// `DELETE /v1/client/sessions`: sign out of every session of this client.
pub(crate) async fn sign_out_all(fapi: Fapi) -> FapiResult<Reply> {
    fapi.write(|action| {
        let mut client = action
            .client()
            .cloned()
            .ok_or_else(|| FapiError::not_found("client"))?;
        sessions::end_all(action, &client)?;
        client.last_active_session_id = None;
        action.save_client(client)?;
        client_both(action)
    })
    .await
}
