//! Sign-in attempts: `/v1/client/sign_ins`.

use crate::model::SignIn;

use crate::transport::{Form, Method};
use crate::{Runtime, SdkError};

/// `POST /client/sign_ins`: start a sign-in, optionally completing it at once with a password.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateSignIn {
    pub identifier: Option<String>,
    pub password: Option<String>,
    /// `password`, `email_code`, `reset_password_email_code`, `ticket`, …
    pub strategy: Option<String>,
    pub ticket: Option<String>,
    pub redirect_url: Option<String>,
}

/// `prepare_first_factor`: send the code (or start the strategy).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrepareFirstFactor {
    pub strategy: String,
    pub email_address_id: Option<String>,
    pub phone_number_id: Option<String>,
    pub redirect_url: Option<String>,
}

/// `attempt_first_factor`: a code or a password.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttemptFirstFactor {
    pub strategy: String,
    pub code: Option<String>,
    pub password: Option<String>,
}

/// `reset_password`, after a `reset_password_email_code` factor was verified.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResetPassword {
    pub password: String,
    pub sign_out_of_other_sessions: bool,
}

/// The sign-in calls of a [`Runtime`].
#[derive(Debug, Clone)]
pub struct SignIns {
    runtime: Runtime,
}

impl Runtime {
    /// Sign-in calls.
    pub fn sign_in(&self) -> SignIns {
        SignIns {
            runtime: self.clone(),
        }
    }
}

impl SignIns {
    /// Start a sign-in.
    pub async fn create(&self, params: CreateSignIn) -> Result<SignIn, SdkError> {
        let form = Form::new()
            .optional("identifier", params.identifier)
            .optional("password", params.password)
            .optional("strategy", params.strategy)
            .optional("ticket", params.ticket)
            .optional("redirect_url", params.redirect_url);
        self.runtime
            .mutate(Method::Post, "/client/sign_ins", form)
            .await
    }

    /// Prepare the first factor of sign-in `id` (e.g. email an `email_code`).
    pub async fn prepare_first_factor(
        &self,
        id: &str,
        params: PrepareFirstFactor,
    ) -> Result<SignIn, SdkError> {
        let form = Form::new()
            .field("strategy", params.strategy)
            .optional("email_address_id", params.email_address_id)
            .optional("phone_number_id", params.phone_number_id)
            .optional("redirect_url", params.redirect_url);
        let path = ["/client/sign_ins/", id, "/prepare_first_factor"].concat();
        self.runtime.mutate(Method::Post, &path, form).await
    }

    /// Attempt the first factor of sign-in `id`.
    pub async fn attempt_first_factor(
        &self,
        id: &str,
        params: AttemptFirstFactor,
    ) -> Result<SignIn, SdkError> {
        let form = Form::new()
            .field("strategy", params.strategy)
            .optional("code", params.code)
            .optional("password", params.password);
        let path = ["/client/sign_ins/", id, "/attempt_first_factor"].concat();
        self.runtime.mutate(Method::Post, &path, form).await
    }

    /// Set a new password on sign-in `id` (status `needs_new_password`).
    pub async fn reset_password(
        &self,
        id: &str,
        params: ResetPassword,
    ) -> Result<SignIn, SdkError> {
        let form = Form::new().field("password", params.password).field(
            "sign_out_of_other_sessions",
            if params.sign_out_of_other_sessions {
                "true"
            } else {
                "false"
            },
        );
        let path = ["/client/sign_ins/", id, "/reset_password"].concat();
        self.runtime.mutate(Method::Post, &path, form).await
    }
}
