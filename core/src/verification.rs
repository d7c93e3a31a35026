//! The verification state of an identification or of a sign-in / sign-up factor.

use serde::{Deserialize, Serialize};

use crate::UnixMillis;

/// Where a verification stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    #[default]
    Unverified,
    Verified,
    Failed,
    Expired,
    Transferable,
}

/// A verification: `{status, strategy, attempts, expire_at}`.
///
/// `object` tells which variant of the protocol's verification union this is (`verification_otp`,
/// `verification_password`, …). `strategy` is null until the verification is prepared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Verification {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    pub status: VerificationStatus,
    pub strategy: Option<String>,
    pub attempts: Option<u32>,
    pub expire_at: Option<UnixMillis>,
    /// Present in sign-up verifications: the next action the client takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_action: Option<String>,
    /// Present in sign-up verifications: the strategies the client may prepare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported_strategies: Option<Vec<String>>,
}

impl Verification {
    /// Whether the verification succeeded.
    pub fn is_verified(&self) -> bool {
        self.status == VerificationStatus::Verified
    }
}
