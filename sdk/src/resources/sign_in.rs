//! Sign-in attempts: `/v1/client/sign_ins`.

use crate::json::FromJson as _;
use crate::model::SignIn;

use crate::runtime::Call;
use crate::transport::Form;
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

/// `prepare_second_factor`: text a `phone_code` (to `phone_number_id`, else the user's default
/// phone); `totp` and `backup_code` only record the choice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrepareSecondFactor {
    pub strategy: String,
    pub phone_number_id: Option<String>,
}

/// `attempt_second_factor`: the code of a `totp`, `phone_code` or `backup_code` factor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttemptSecondFactor {
    pub strategy: String,
    pub code: String,
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
        self.run(create(params)).await
    }

    /// Prepare the first factor of sign-in `id` (e.g. email an `email_code`).
    pub async fn prepare_first_factor(
        &self,
        id: &str,
        params: PrepareFirstFactor,
    ) -> Result<SignIn, SdkError> {
        self.run(prepare_first_factor(id, params)).await
    }

    /// Attempt the first factor of sign-in `id`.
    pub async fn attempt_first_factor(
        &self,
        id: &str,
        params: AttemptFirstFactor,
    ) -> Result<SignIn, SdkError> {
        self.run(attempt_first_factor(id, params)).await
    }

    /// Prepare the second factor of sign-in `id` (status `needs_second_factor`), e.g. text a
    /// `phone_code`.
    pub async fn prepare_second_factor(
        &self,
        id: &str,
        params: PrepareSecondFactor,
    ) -> Result<SignIn, SdkError> {
        self.run(prepare_second_factor(id, params)).await
    }

    /// Attempt the second factor of sign-in `id`; wrong codes count towards the user's lockout
    /// (`user_locked`).
    pub async fn attempt_second_factor(
        &self,
        id: &str,
        params: AttemptSecondFactor,
    ) -> Result<SignIn, SdkError> {
        self.run(attempt_second_factor(id, params)).await
    }

    /// Set a new password on sign-in `id` (status `needs_new_password`).
    pub async fn reset_password(
        &self,
        id: &str,
        params: ResetPassword,
    ) -> Result<SignIn, SdkError> {
        self.run(reset_password(id, params)).await
    }

    async fn run(&self, call: Call) -> Result<SignIn, SdkError> {
        let response = self.runtime.mutate(call).await?;
        Ok(SignIn::from_json(&response))
    }
}

// The requests, apart from the calls: the JS facade sends them too and hands the app the
// server's object as is (so the browser bundle needs no typed copy of these calls).

pub(crate) fn create(params: CreateSignIn) -> Call {
    let form = Form::new()
        .optional("identifier", params.identifier)
        .optional("password", params.password)
        .optional("strategy", params.strategy)
        .optional("ticket", params.ticket)
        .optional("redirect_url", params.redirect_url);
    step("", "", form)
}

/// `POST /client/sign_ins`, or `POST /client/sign_ins/{id}/{step}`.
pub(crate) fn step(id: &str, step: &str, form: Form) -> Call {
    let path = if id.is_empty() {
        "/client/sign_ins".to_owned()
    } else {
        ["/client/sign_ins/", id, "/", step].concat()
    };
    Call::post(path, form)
}

pub(crate) fn prepare_first_factor(id: &str, params: PrepareFirstFactor) -> Call {
    let form = Form::new()
        .field("strategy", params.strategy)
        .optional("email_address_id", params.email_address_id)
        .optional("phone_number_id", params.phone_number_id)
        .optional("redirect_url", params.redirect_url);
    step(id, "prepare_first_factor", form)
}

pub(crate) fn attempt_first_factor(id: &str, params: AttemptFirstFactor) -> Call {
    let form = Form::new()
        .field("strategy", params.strategy)
        .optional("code", params.code)
        .optional("password", params.password);
    step(id, "attempt_first_factor", form)
}

pub(crate) fn prepare_second_factor(id: &str, params: PrepareSecondFactor) -> Call {
    let form = Form::new()
        .field("strategy", params.strategy)
        .optional("phone_number_id", params.phone_number_id);
    step(id, "prepare_second_factor", form)
}

pub(crate) fn attempt_second_factor(id: &str, params: AttemptSecondFactor) -> Call {
    let form = Form::new()
        .field("strategy", params.strategy)
        .field("code", params.code);
    step(id, "attempt_second_factor", form)
}

pub(crate) fn reset_password(id: &str, params: ResetPassword) -> Call {
    let form = Form::new().field("password", params.password).field(
        "sign_out_of_other_sessions",
        if params.sign_out_of_other_sessions {
            "true"
        } else {
            "false"
        },
    );
    step(id, "reset_password", form)
}
