//! Sign-up attempts: `/v1/client/sign_ups`.

use crate::json::FromJson as _;
use crate::model::SignUp;

use crate::runtime::Call;
use crate::transport::{Form, Method};
use crate::{Runtime, SdkError};

/// The fields of `POST /client/sign_ups` and `PATCH /client/sign_ups/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignUpFields {
    pub email_address: Option<String>,
    pub phone_number: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub strategy: Option<String>,
    pub ticket: Option<String>,
    pub redirect_url: Option<String>,
    /// JSON text, sent as is (nested objects travel as JSON strings inside the form).
    pub unsafe_metadata: Option<String>,
}

impl SignUpFields {
    fn into_form(self) -> Form {
        Form::new()
            .optional("email_address", self.email_address)
            .optional("phone_number", self.phone_number)
            .optional("username", self.username)
            .optional("password", self.password)
            .optional("first_name", self.first_name)
            .optional("last_name", self.last_name)
            .optional("strategy", self.strategy)
            .optional("ticket", self.ticket)
            .optional("redirect_url", self.redirect_url)
            .optional("unsafe_metadata", self.unsafe_metadata)
    }
}

/// The sign-up calls of a [`Runtime`].
#[derive(Debug, Clone)]
pub struct SignUps {
    runtime: Runtime,
}

impl Runtime {
    /// Sign-up calls.
    pub fn sign_up(&self) -> SignUps {
        SignUps {
            runtime: self.clone(),
        }
    }
}

impl SignUps {
    /// Start a sign-up.
    pub async fn create(&self, fields: SignUpFields) -> Result<SignUp, SdkError> {
        self.run(create(fields)).await
    }

    /// Add or change fields of sign-up `id`.
    pub async fn update(&self, id: &str, fields: SignUpFields) -> Result<SignUp, SdkError> {
        self.run(update(id, fields)).await
    }

    /// Send a verification (`email_code`, `phone_code`) for sign-up `id`.
    pub async fn prepare_verification(&self, id: &str, strategy: &str) -> Result<SignUp, SdkError> {
        self.run(prepare_verification(id, strategy)).await
    }

    /// Check the code of sign-up `id`'s verification.
    pub async fn attempt_verification(
        &self,
        id: &str,
        strategy: &str,
        code: &str,
    ) -> Result<SignUp, SdkError> {
        self.run(attempt_verification(id, strategy, code)).await
    }

    async fn run(&self, call: Call) -> Result<SignUp, SdkError> {
        let response = self.runtime.mutate(call).await?;
        Ok(SignUp::from_json(&response))
    }
}

// The requests, apart from the calls (the JS facade sends them too).

pub(crate) fn create(fields: SignUpFields) -> Call {
    step(Method::Post, "", "", fields.into_form())
}

pub(crate) fn update(id: &str, fields: SignUpFields) -> Call {
    step(Method::Patch, id, "", fields.into_form())
}

pub(crate) fn prepare_verification(id: &str, strategy: &str) -> Call {
    let form = Form::new().field("strategy", strategy);
    step(Method::Post, id, "/prepare_verification", form)
}

pub(crate) fn attempt_verification(id: &str, strategy: &str, code: &str) -> Call {
    let form = Form::new().field("strategy", strategy).field("code", code);
    step(Method::Post, id, "/attempt_verification", form)
}

/// `/client/sign_ups`, or `/client/sign_ups/{id}{step}`.
pub(crate) fn step(method: Method, id: &str, step: &str, form: Form) -> Call {
    let path = if id.is_empty() {
        "/client/sign_ups".to_owned()
    } else {
        ["/client/sign_ups/", id, step].concat()
    };
    Call { method, path, form }
}
