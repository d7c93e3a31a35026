//! The signed-in user: `/v1/me`.

use crate::json::FromJson as _;
use crate::model::User;

use crate::runtime::Call;
use crate::transport::{Form, Method};
use crate::{Runtime, SdkError};

/// `PATCH /me`: the fields to change (`None` leaves one as is).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateUser {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub primary_email_address_id: Option<String>,
    /// JSON text.
    pub unsafe_metadata: Option<String>,
}

impl Runtime {
    /// Update the signed-in user.
    pub async fn update_user(&self, changes: UpdateUser) -> Result<User, SdkError> {
        let response = self.mutate(self.update_user_call(changes)?).await?;
        Ok(User::from_json(&response))
    }

    /// The request of [`Runtime::update_user`] (the JS facade sends it too).
    pub(crate) fn update_user_call(&self, changes: UpdateUser) -> Result<Call, SdkError> {
        if !self.snapshot().is_signed_in() {
            return Err(SdkError::NoActiveSession);
        }
        let form = Form::new()
            .optional("first_name", changes.first_name)
            .optional("last_name", changes.last_name)
            .optional("primary_email_address_id", changes.primary_email_address_id)
            .optional("unsafe_metadata", changes.unsafe_metadata);
        Ok(Call {
            method: Method::Patch,
            path: "/me".to_owned(),
            form,
        })
    }
}
