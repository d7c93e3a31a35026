//! The signed-in user: `/v1/me` — profile, profile image, email addresses and phone numbers,
//! password, second factors (authenticator app, backup codes), sessions on other devices, and
//! deleting the account.
//!
//! Every mutation answers `{response, client}` and goes through the runtime, so the client it
//! carries replaces the state (a verified address shows up in the user at once).

use crate::json::{FromJson, Json};
use crate::model::{ActiveSession, BackupCodes, EmailAddress, PhoneNumber, TotpSecret, User};

use crate::runtime::Call;
use crate::transport::{Form, Method, Upload};
use crate::{Runtime, SdkError};

/// `PATCH /me`: the fields to change (`None` leaves one as is).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateUser {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub primary_email_address_id: Option<String>,
    pub primary_phone_number_id: Option<String>,
    /// JSON text.
    pub unsafe_metadata: Option<String>,
}

/// `POST /me/change_password`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangePassword {
    /// Required when the user has a password already.
    pub current_password: Option<String>,
    pub new_password: String,
    /// Revoke the user's other sessions (on every other device).
    pub sign_out_of_other_sessions: bool,
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
            .optional("primary_phone_number_id", changes.primary_phone_number_id)
            .optional("unsafe_metadata", changes.unsafe_metadata);
        Ok(Call {
            method: Method::Patch,
            path: "/me".to_owned(),
            form,
        })
    }

    /// The signed-in user's account calls (Clerk's `User` resource methods).
    pub fn account(&self) -> Account {
        Account {
            runtime: self.clone(),
        }
    }
}

/// The signed-in user's account calls of a [`Runtime`]. Each fails with
/// [`SdkError::NoActiveSession`] when no one is signed in.
#[derive(Debug, Clone)]
pub struct Account {
    runtime: Runtime,
}

impl Account {
    async fn send(&self, call: Call) -> Result<Json, SdkError> {
        if !self.runtime.snapshot().is_signed_in() {
            return Err(SdkError::NoActiveSession);
        }
        self.runtime.mutate(call).await
    }

    async fn run<T: FromJson>(&self, call: Call) -> Result<T, SdkError> {
        Ok(T::from_json(&self.send(call).await?))
    }

    /// Upload a profile image: PNG, JPEG, WebP or GIF, at most 1 MB.
    pub async fn set_profile_image(&self, image: Upload) -> Result<User, SdkError> {
        self.run(request(Endpoint::ProfileImage, "", Form::new().file(image)))
            .await
    }

    /// Remove the profile image (back to the generated avatar).
    pub async fn remove_profile_image(&self) -> Result<User, SdkError> {
        self.run(request(Endpoint::RemoveProfileImage, "", Form::new()))
            .await
    }

    /// Add an email address, unverified (then prepare and attempt its verification).
    pub async fn create_email_address(
        &self,
        email_address: &str,
    ) -> Result<EmailAddress, SdkError> {
        let form = Form::new().field("email_address", email_address);
        self.run(request(Endpoint::CreateEmail, "", form)).await
    }

    /// Send a verification code to an email address (`email_code`).
    pub async fn prepare_email_address_verification(
        &self,
        id: &str,
    ) -> Result<EmailAddress, SdkError> {
        let form = Form::new().field("strategy", "email_code");
        self.run(request(Endpoint::PrepareEmail, id, form)).await
    }

    /// Check the code sent to an email address.
    pub async fn attempt_email_address_verification(
        &self,
        id: &str,
        code: &str,
    ) -> Result<EmailAddress, SdkError> {
        let form = Form::new().field("code", code);
        self.run(request(Endpoint::AttemptEmail, id, form)).await
    }

    /// Remove an email address (not the primary one).
    pub async fn delete_email_address(&self, id: &str) -> Result<(), SdkError> {
        self.send(request(Endpoint::DeleteEmail, id, Form::new()))
            .await
            .map(drop)
    }

    /// Make a verified email address the primary one.
    pub async fn set_primary_email_address(&self, id: &str) -> Result<User, SdkError> {
        let form = Form::new().field("primary_email_address_id", id);
        self.run(request(Endpoint::UpdateUser, "", form)).await
    }

    /// Add a phone number in international format, unverified.
    pub async fn create_phone_number(&self, phone_number: &str) -> Result<PhoneNumber, SdkError> {
        let form = Form::new().field("phone_number", phone_number);
        self.run(request(Endpoint::CreatePhone, "", form)).await
    }

    /// Text a verification code to a phone number (`phone_code`).
    pub async fn prepare_phone_number_verification(
        &self,
        id: &str,
    ) -> Result<PhoneNumber, SdkError> {
        let form = Form::new().field("strategy", "phone_code");
        self.run(request(Endpoint::PreparePhone, id, form)).await
    }

    /// Check the code texted to a phone number.
    pub async fn attempt_phone_number_verification(
        &self,
        id: &str,
        code: &str,
    ) -> Result<PhoneNumber, SdkError> {
        let form = Form::new().field("code", code);
        self.run(request(Endpoint::AttemptPhone, id, form)).await
    }

    /// Remove a phone number.
    pub async fn delete_phone_number(&self, id: &str) -> Result<(), SdkError> {
        self.send(request(Endpoint::DeletePhone, id, Form::new()))
            .await
            .map(drop)
    }

    /// Make a verified phone number the primary one (`PATCH /me primary_phone_number_id`).
    pub async fn set_primary_phone_number(&self, id: &str) -> Result<User, SdkError> {
        let form = Form::new().field("primary_phone_number_id", id);
        self.run(request(Endpoint::UpdateUser, "", form)).await
    }

    /// Use a verified phone number for second-factor codes (`reserved_for_second_factor`), and
    /// make it the default second factor or not.
    pub async fn use_phone_number_for_second_factor(
        &self,
        id: &str,
        reserved: bool,
        default: bool,
    ) -> Result<PhoneNumber, SdkError> {
        let form = Form::new()
            .field("reserved_for_second_factor", flag(reserved))
            .field("default_second_factor", flag(default));
        self.run(request(Endpoint::UpdatePhone, id, form)).await
    }

    /// Start setting up an authenticator app: a new secret and its `otpauth://` URI.
    pub async fn create_totp(&self) -> Result<TotpSecret, SdkError> {
        self.run(request(Endpoint::CreateTotp, "", Form::new()))
            .await
    }

    /// Finish setting up the authenticator app with a code it shows. The first second factor
    /// also brings backup codes ([`TotpSecret::backup_codes`], shown once).
    pub async fn verify_totp(&self, code: &str) -> Result<TotpSecret, SdkError> {
        let form = Form::new().field("code", code);
        self.run(request(Endpoint::VerifyTotp, "", form)).await
    }

    /// Remove the authenticator app.
    pub async fn delete_totp(&self) -> Result<(), SdkError> {
        self.send(request(Endpoint::DeleteTotp, "", Form::new()))
            .await
            .map(drop)
    }

    /// A new set of backup codes (needs a second factor); the previous set stops working.
    pub async fn create_backup_codes(&self) -> Result<BackupCodes, SdkError> {
        self.run(request(Endpoint::BackupCodes, "", Form::new()))
            .await
    }

    /// Set or change the password.
    pub async fn change_password(&self, change: ChangePassword) -> Result<User, SdkError> {
        let form = Form::new()
            .optional("current_password", change.current_password)
            .field("new_password", change.new_password)
            .field(
                "sign_out_of_other_sessions",
                flag(change.sign_out_of_other_sessions),
            );
        self.run(request(Endpoint::ChangePassword, "", form)).await
    }

    /// The user's active sessions on every device, with their latest activity.
    pub async fn active_sessions(&self) -> Result<Vec<ActiveSession>, SdkError> {
        // A bare array, not an envelope: `mutate` passes it on as it is.
        let list = self
            .send(request(Endpoint::ActiveSessions, "", Form::new()))
            .await?;
        Ok(list.items().iter().map(FromJson::from_json).collect())
    }

    /// Sign one of the user's sessions out, on whatever device it is.
    pub async fn revoke_session(&self, id: &str) -> Result<(), SdkError> {
        self.send(request(Endpoint::RevokeSession, id, Form::new()))
            .await
            .map(drop)
    }

    /// Delete the account (when the instance allows it); every session of the user ends.
    pub async fn delete(&self) -> Result<(), SdkError> {
        self.send(request(Endpoint::Delete, "", Form::new()))
            .await
            .map(drop)
    }
}

pub(crate) fn flag(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

// The requests, apart from the calls: one table of routes and one builder, like the
// organizations'.

/// An endpoint of the signed-in user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    UpdateUser,
    Delete,
    ProfileImage,
    RemoveProfileImage,
    CreateEmail,
    PrepareEmail,
    AttemptEmail,
    DeleteEmail,
    CreatePhone,
    PreparePhone,
    AttemptPhone,
    UpdatePhone,
    DeletePhone,
    CreateTotp,
    VerifyTotp,
    DeleteTotp,
    BackupCodes,
    ChangePassword,
    ActiveSessions,
    RevokeSession,
}

impl Endpoint {
    /// The method, and the path around the id: `{0}{id}{1}`.
    fn route(self) -> (Method, [&'static str; 2]) {
        use Method::{Delete, Get, Patch, Post};
        match self {
            Self::UpdateUser => (Patch, ["/me", ""]),
            Self::Delete => (Delete, ["/me", ""]),
            Self::ProfileImage => (Post, ["/me/profile_image", ""]),
            Self::RemoveProfileImage => (Delete, ["/me/profile_image", ""]),
            Self::CreateEmail => (Post, ["/me/email_addresses", ""]),
            Self::PrepareEmail => (Post, ["/me/email_addresses/", "/prepare_verification"]),
            Self::AttemptEmail => (Post, ["/me/email_addresses/", "/attempt_verification"]),
            Self::DeleteEmail => (Delete, ["/me/email_addresses/", ""]),
            Self::CreatePhone => (Post, ["/me/phone_numbers", ""]),
            Self::PreparePhone => (Post, ["/me/phone_numbers/", "/prepare_verification"]),
            Self::AttemptPhone => (Post, ["/me/phone_numbers/", "/attempt_verification"]),
            Self::UpdatePhone => (Patch, ["/me/phone_numbers/", ""]),
            Self::DeletePhone => (Delete, ["/me/phone_numbers/", ""]),
            Self::CreateTotp => (Post, ["/me/totp", ""]),
            Self::VerifyTotp => (Post, ["/me/totp/attempt_verification", ""]),
            Self::DeleteTotp => (Delete, ["/me/totp", ""]),
            Self::BackupCodes => (Post, ["/me/backup_codes", ""]),
            Self::ChangePassword => (Post, ["/me/change_password", ""]),
            Self::ActiveSessions => (Get, ["/me/sessions/active", ""]),
            Self::RevokeSession => (Post, ["/me/sessions/", "/revoke"]),
        }
    }
}

/// The request to `endpoint` about `id` (empty when its path has none).
pub(crate) fn request(endpoint: Endpoint, id: &str, form: Form) -> Call {
    let (method, [head, tail]) = endpoint.route();
    Call {
        method,
        path: [head, id, tail].concat(),
        form,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_put_the_id_in_place() {
        let path = |endpoint, id| request(endpoint, id, Form::new()).path;
        assert_eq!(
            path(Endpoint::AttemptEmail, "idn_1"),
            "/me/email_addresses/idn_1/attempt_verification"
        );
        assert_eq!(
            path(Endpoint::DeletePhone, "idn_2"),
            "/me/phone_numbers/idn_2"
        );
        assert_eq!(
            path(Endpoint::RevokeSession, "sess_3"),
            "/me/sessions/sess_3/revoke"
        );
        assert_eq!(
            path(Endpoint::VerifyTotp, ""),
            "/me/totp/attempt_verification"
        );
        let delete = request(Endpoint::Delete, "", Form::new());
        assert_eq!(
            (delete.method, delete.path.as_str()),
            (Method::Delete, "/me")
        );
        assert_eq!(
            request(Endpoint::ActiveSessions, "", Form::new()).method,
            Method::Get
        );
    }

    #[test]
    fn booleans_travel_as_words() {
        assert_eq!((flag(true), flag(false)), ("true", "false"));
    }
}
