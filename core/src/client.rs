//! The client: one browser, holding its sessions and in-progress sign-in / sign-up.

use serde::{Deserialize, Serialize};

use crate::{Session, SignIn, SignUp, UnixMillis};

/// A client. Every FAPI mutation returns the fresh client, and SDKs replace their state with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Client {
    pub object: String,
    pub id: String,
    pub sessions: Vec<Session>,
    pub sign_in: Option<SignIn>,
    pub sign_up: Option<SignUp>,
    pub last_active_session_id: Option<String>,
    pub last_authentication_strategy: Option<String>,
    pub cookie_expires_at: Option<UnixMillis>,
    pub captcha_bypass: bool,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

impl Client {
    /// The session the client last used, if it is still listed.
    pub fn last_active_session(&self) -> Option<&Session> {
        let id = self.last_active_session_id.as_deref()?;
        self.sessions.iter().find(|s| s.id == id)
    }

    /// Sessions that can still mint tokens.
    pub fn active_sessions(&self) -> impl Iterator<Item = &Session> {
        self.sessions.iter().filter(|s| s.is_active())
    }
}
