//! Sessions: one signed-in user on one client.

use serde::{Deserialize, Serialize};

use crate::{TokenResponse, UnixMillis, User};

/// Where a session stands. Only `active` sessions can mint tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    #[default]
    Active,
    Revoked,
    Ended,
    Expired,
    Removed,
    Abandoned,
    /// Signed in but with a pending task (not produced by Tessera; kept when reading other servers).
    Pending,
}

/// The public part of a user, safe to show on an account chooser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicUserData {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: Option<String>,
    pub has_image: bool,
    pub identifier: String,
    pub user_id: Option<String>,
    pub username: Option<String>,
}

/// A session, with the user embedded (and through it the organization memberships).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub id: String,
    pub object: String,
    pub status: SessionStatus,
    pub expire_at: UnixMillis,
    pub abandon_at: UnixMillis,
    pub last_active_at: UnixMillis,
    pub last_active_token: Option<TokenResponse>,
    /// The impersonator (`act` claim), when an actor signed in as this user.
    pub actor: Option<serde_json::Value>,
    pub last_active_organization_id: Option<String>,
    pub user: Option<User>,
    pub public_user_data: Option<PublicUserData>,
    /// Minutes since the first factor and since the second factor (-1: none).
    pub factor_verification_age: Vec<i64>,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
}

impl Session {
    /// Whether the session can be used (only active sessions mint tokens).
    pub fn is_active(&self) -> bool {
        self.status == SessionStatus::Active
    }
}

/// Device and location of a session, as listed on a user's security page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionActivity {
    pub object: String,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_type: Option<String>,
    pub is_mobile: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// An item of `GET /v1/me/sessions/active`: a session with its latest activity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionWithActivity {
    #[serde(flatten)]
    pub session: Session,
    pub latest_activity: Option<SessionActivity>,
}
