//! The JavaScript facade: a `Tessera` class over the [`Runtime`], with TypeScript declarations.
//! Values cross the boundary as JSON (`JSON.parse`/`JSON.stringify`), which keeps serde-wasm-bindgen
//! out of the bundle.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, JSON};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tessera_core::{Authorization, Client, Environment, Session, User};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::resources::sign_in::{
    AttemptFirstFactor, CreateSignIn, PrepareFirstFactor, ResetPassword,
};
use crate::resources::sign_up::SignUpFields;
use crate::resources::user::UpdateUser;
use crate::{
    Auth, GetTokenOptions, Platform, Runtime, RuntimeOptions, SdkError, SetActive, SignOut,
    Snapshot,
};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A JSON value as the Frontend API sends it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A Frontend API object (wire shape, snake_case), e.g. a User, Session, Client, SignIn, SignUp. */
export interface FapiObject { id?: string; object?: string; [key: string]: Json | undefined; }
export interface TesseraOptions { /** Send a dev-browser token instead of relying on the `__client` cookie. */ devBrowser?: boolean; }
export interface GetTokenOptions { template?: string; organizationId?: string; skipCache?: boolean; }
export interface SignOutOptions { /** One session; all when absent. */ sessionId?: string; }
export interface SetActiveOptions { session?: string; /** `null`: the personal account. */ organization?: string | null; }
export interface HasParams { role?: string; permission?: string; }
export interface SessionClaims { sid: string; sub: string; exp: number; iat: number; nbf: number; iss: string; azp?: string; v: number; [key: string]: Json | undefined; }
export interface AuthState {
  isLoaded: boolean; isSignedIn: boolean; userId: string | null; sessionId: string | null;
  orgId: string | null; orgRole: string | null; orgSlug: string | null; orgPermissions: string[];
  actor: FapiObject | null; sessionClaims: SessionClaims | null;
}
/** The state; `getSnapshot()` returns the same object until something changes. */
export interface TesseraSnapshot {
  isLoaded: boolean; auth: AuthState; user: FapiObject | null; session: FapiObject | null;
  client: FapiObject | null; environment: FapiObject | null;
}
export interface SignInCreateParams { identifier?: string; password?: string; strategy?: string; ticket?: string; redirectUrl?: string; }
export interface PrepareFirstFactorParams { strategy: string; emailAddressId?: string; phoneNumberId?: string; redirectUrl?: string; }
export interface AttemptFirstFactorParams { strategy: string; code?: string; password?: string; }
export interface ResetPasswordParams { password: string; signOutOfOtherSessions?: boolean; }
export interface SignUpParams { emailAddress?: string; phoneNumber?: string; username?: string; password?: string; firstName?: string; lastName?: string; strategy?: string; ticket?: string; redirectUrl?: string; unsafeMetadata?: { [key: string]: Json }; }
export interface UpdateUserParams { firstName?: string; lastName?: string; primaryEmailAddressId?: string; unsafeMetadata?: { [key: string]: Json }; }
export interface FapiErrorDetail { code: string; message: string; longMessage: string; paramName: string | null; }
/** What every rejected promise carries (an `Error` with these fields). */
export interface TesseraError extends Error {
  kind: "api" | "unauthenticated" | "rate_limited" | "network" | "invalid_response" | "no_active_session" | "invalid_publishable_key";
  status: number | null; retryAfter: number | null; errors: FapiErrorDetail[];
}
"#;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsSnapshot<'a> {
    is_loaded: bool,
    auth: Auth,
    user: Option<&'a User>,
    session: Option<&'a Session>,
    client: Option<&'a Client>,
    environment: Option<&'a Environment>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
    long_message: &'a str,
    param_name: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsErrorFields<'a> {
    kind: &'static str,
    status: Option<u16>,
    retry_after: Option<u64>,
    errors: Vec<JsErrorDetail<'a>>,
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    JSON::parse(&text)
}

fn from_js<T: DeserializeOwned + Default>(value: &JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let text = JSON::stringify(value)?
        .as_string()
        .ok_or_else(|| JsValue::from_str("options must be an object"))?;
    let mut json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| JsValue::from_str(&e.to_string()))?;
    // Metadata objects travel as JSON text inside the form.
    if let Some(metadata) = json.get_mut("unsafeMetadata") {
        *metadata = serde_json::Value::String(metadata.to_string());
    }
    serde_json::from_value(json).map_err(|e| JsValue::from_str(&format!("invalid options: {e}")))
}

/// An `Error` carrying the [`SdkError`]'s kind, status and FAPI errors.
fn js_error(error: &SdkError) -> JsValue {
    let (kind, status, retry_after) = match error {
        SdkError::Api { status, .. } => ("api", Some(*status), None),
        SdkError::Unauthenticated(_) => ("unauthenticated", Some(401), None),
        SdkError::RateLimited { retry_after_secs } => {
            ("rate_limited", Some(429), *retry_after_secs)
        }
        SdkError::Network(_) => ("network", None, None),
        SdkError::InvalidResponse(_) => ("invalid_response", None, None),
        SdkError::NoActiveSession => ("no_active_session", None, None),
        SdkError::InvalidPublishableKey => ("invalid_publishable_key", None, None),
    };
    let errors = match error {
        SdkError::Api { errors, .. } | SdkError::Unauthenticated(errors) => errors
            .errors
            .iter()
            .map(|e| JsErrorDetail {
                code: e.code.as_str(),
                message: &e.message,
                long_message: &e.long_message,
                param_name: e.meta.param_name.as_deref(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let target: JsValue = js_sys::Error::new(&error.to_string()).into();
    let fields = JsErrorFields {
        kind,
        status,
        retry_after,
        errors,
    };
    if let Ok(fields) = to_js(&fields) {
        let target: &js_sys::Object = target.unchecked_ref();
        let _: js_sys::Object = js_sys::Object::assign(target, fields.unchecked_ref());
    }
    target
}

fn promise<T: Serialize>(
    work: impl std::future::Future<Output = Result<T, SdkError>> + 'static,
) -> Promise {
    future_to_promise(async move {
        match work.await {
            Ok(value) => to_js(&value),
            Err(error) => Err(js_error(&error)),
        }
    })
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct JsOptions {
    dev_browser: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsSetActive {
    session: Option<String>,
    /// `null` and absent differ: keep both apart.
    organization: Option<serde_json::Value>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct JsSignOut {
    session_id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsHas {
    role: Option<String>,
    permission: Option<String>,
}

/// A snapshot and the JS object made from it.
type SnapshotObject = (Rc<Snapshot>, JsValue);

/// Tessera in the browser: `new Tessera(publishableKeyOrUrl, options)`, then `await load()`.
#[wasm_bindgen]
pub struct Tessera {
    runtime: Runtime,
    /// The JS object of the current snapshot, rebuilt only when the snapshot changes.
    snapshot: RefCell<Option<SnapshotObject>>,
}

impl std::fmt::Debug for Tessera {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tessera")
            .field("runtime", &self.runtime)
            .finish_non_exhaustive()
    }
}

#[wasm_bindgen]
impl Tessera {
    /// A runtime for a `pk_test_`/`pk_live_` key or a Frontend API URL.
    #[wasm_bindgen(constructor)]
    pub fn new(
        key_or_url: &str,
        #[wasm_bindgen(unchecked_param_type = "TesseraOptions | undefined")] options: JsValue,
    ) -> Result<Tessera, JsValue> {
        let js_options: JsOptions = from_js(&options)?;
        let mut runtime_options =
            RuntimeOptions::from_key_or_url(key_or_url).map_err(|e| js_error(&e))?;
        if let Some(dev_browser) = js_options.dev_browser {
            runtime_options.dev_browser = dev_browser;
        }
        Ok(Self {
            runtime: Runtime::new(runtime_options, Platform::browser()),
            snapshot: RefCell::default(),
        })
    }

    /// Fetch the environment and the client.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn load(&self) -> Promise {
        let runtime = self.runtime.clone();
        future_to_promise(async move {
            runtime.load().await.map_err(|e| js_error(&e))?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The state; the same object until something changes (for `useSyncExternalStore`).
    #[wasm_bindgen(js_name = getSnapshot, unchecked_return_type = "TesseraSnapshot")]
    pub fn get_snapshot(&self) -> Result<JsValue, JsValue> {
        let current = self.runtime.snapshot();
        if let Some((cached, value)) = self.snapshot.borrow().as_ref() {
            if Rc::ptr_eq(cached, &current) {
                return Ok(value.clone());
            }
        }
        let value = to_js(&JsSnapshot {
            is_loaded: current.is_loaded,
            auth: current.auth(),
            user: current.user(),
            session: current.active_session(),
            client: current.client.as_ref(),
            environment: current.environment.as_ref(),
        })?;
        *self.snapshot.borrow_mut() = Some((current, value.clone()));
        Ok(value)
    }

    /// `getSnapshot().auth`.
    #[wasm_bindgen(getter, unchecked_return_type = "AuthState")]
    pub fn auth(&self) -> Result<JsValue, JsValue> {
        js_sys::Reflect::get(&self.get_snapshot()?, &JsValue::from_str("auth"))
    }

    /// `getSnapshot().user`.
    #[wasm_bindgen(getter, unchecked_return_type = "FapiObject | null")]
    pub fn user(&self) -> Result<JsValue, JsValue> {
        js_sys::Reflect::get(&self.get_snapshot()?, &JsValue::from_str("user"))
    }

    /// `getSnapshot().session`.
    #[wasm_bindgen(getter, unchecked_return_type = "FapiObject | null")]
    pub fn session(&self) -> Result<JsValue, JsValue> {
        js_sys::Reflect::get(&self.get_snapshot()?, &JsValue::from_str("session"))
    }

    /// Call `callback` after every change; returns the function that stops it.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn subscribe(
        &self,
        #[wasm_bindgen(unchecked_param_type = "() => void")] callback: Function,
    ) -> JsValue {
        let id = self.runtime.subscribe(move |_| {
            // A throwing listener must not stop the others.
            let _ = callback.call0(&JsValue::NULL);
        });
        let runtime = self.runtime.clone();
        Closure::<dyn FnMut()>::new(move || runtime.unsubscribe(id)).into_js_value()
    }

    /// Whether the user has a role or a permission in the active organization.
    pub fn has(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HasParams")] params: JsValue,
    ) -> Result<bool, JsValue> {
        let params: JsHas = from_js(&params)?;
        let auth = self.runtime.snapshot().auth();
        Ok(match (params.role, params.permission) {
            (Some(role), _) => auth.has(&Authorization::Role(role)),
            (None, Some(permission)) => auth.has(&Authorization::Permission(permission)),
            (None, None) => false,
        })
    }

    /// The session token (or a template token); `null` when signed out.
    #[wasm_bindgen(js_name = getToken, unchecked_return_type = "Promise<string | null>")]
    pub fn get_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GetTokenOptions | undefined")] options: JsValue,
    ) -> Result<Promise, JsValue> {
        let options: GetTokenOptions = from_js(&options)?;
        let runtime = self.runtime.clone();
        Ok(promise(async move { runtime.get_token(options).await }))
    }

    /// Sign out of one session or of all.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignOutOptions | undefined")] options: JsValue,
    ) -> Result<Promise, JsValue> {
        let options: JsSignOut = from_js(&options)?;
        let runtime = self.runtime.clone();
        Ok(promise(async move {
            runtime
                .sign_out(SignOut {
                    session_id: options.session_id,
                })
                .await
        }))
    }

    /// Make a session and/or organization active.
    #[wasm_bindgen(js_name = setActive, unchecked_return_type = "Promise<void>")]
    pub fn set_active(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SetActiveOptions")] options: JsValue,
    ) -> Result<Promise, JsValue> {
        let options: JsSetActive = from_js(&options)?;
        let organization_id = match options.organization {
            None => None,
            Some(serde_json::Value::String(id)) => Some(Some(id)),
            Some(_) => Some(None),
        };
        let runtime = self.runtime.clone();
        Ok(promise(async move {
            runtime
                .set_active(SetActive {
                    session_id: options.session,
                    organization_id,
                })
                .await
        }))
    }

    /// Start a sign-in.
    #[wasm_bindgen(js_name = createSignIn, unchecked_return_type = "Promise<FapiObject>")]
    pub fn create_sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignInCreateParams")] params: JsValue,
    ) -> Result<Promise, JsValue> {
        let params: CreateSignIn = from_js(&params)?;
        let runtime = self.runtime.clone();
        Ok(promise(
            async move { runtime.sign_in().create(params).await },
        ))
    }

    /// Prepare a sign-in's first factor (send the code).
    #[wasm_bindgen(js_name = prepareFirstFactor, unchecked_return_type = "Promise<FapiObject>")]
    pub fn prepare_first_factor(
        &self,
        sign_in_id: String,
        #[wasm_bindgen(unchecked_param_type = "PrepareFirstFactorParams")] params: JsValue,
    ) -> Result<Promise, JsValue> {
        let params: PrepareFirstFactor = from_js(&params)?;
        let runtime = self.runtime.clone();
        Ok(promise(async move {
            runtime
                .sign_in()
                .prepare_first_factor(&sign_in_id, params)
                .await
        }))
    }

    /// Attempt a sign-in's first factor (code or password).
    #[wasm_bindgen(js_name = attemptFirstFactor, unchecked_return_type = "Promise<FapiObject>")]
    pub fn attempt_first_factor(
        &self,
        sign_in_id: String,
        #[wasm_bindgen(unchecked_param_type = "AttemptFirstFactorParams")] params: JsValue,
    ) -> Result<Promise, JsValue> {
        let params: AttemptFirstFactor = from_js(&params)?;
        let runtime = self.runtime.clone();
        Ok(promise(async move {
            runtime
                .sign_in()
                .attempt_first_factor(&sign_in_id, params)
                .await
        }))
    }

    /// Set a new password after a reset code.
    #[wasm_bindgen(js_name = resetPassword, unchecked_return_type = "Promise<FapiObject>")]
    pub fn reset_password(
        &self,
        sign_in_id: String,
        #[wasm_bindgen(unchecked_param_type = "ResetPasswordParams")] params: JsValue,
    ) -> Result<Promise, JsValue> {
        let params: ResetPassword = from_js(&params)?;
        let runtime = self.runtime.clone();
        Ok(promise(async move {
            runtime.sign_in().reset_password(&sign_in_id, params).await
        }))
    }

    /// Start a sign-up.
    #[wasm_bindgen(js_name = createSignUp, unchecked_return_type = "Promise<FapiObject>")]
    pub fn create_sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignUpParams")] params: JsValue,
    ) -> Result<Promise, JsValue> {
        let params: SignUpFields = from_js(&params)?;
        let runtime = self.runtime.clone();
        Ok(promise(
            async move { runtime.sign_up().create(params).await },
        ))
    }

    /// Change a sign-up's fields.
    #[wasm_bindgen(js_name = updateSignUp, unchecked_return_type = "Promise<FapiObject>")]
    pub fn update_sign_up(
        &self,
        sign_up_id: String,
        #[wasm_bindgen(unchecked_param_type = "SignUpParams")] params: JsValue,
    ) -> Result<Promise, JsValue> {
        let params: SignUpFields = from_js(&params)?;
        let runtime = self.runtime.clone();
        Ok(promise(async move {
            runtime.sign_up().update(&sign_up_id, params).await
        }))
    }

    /// Send a sign-up verification (`email_code`).
    #[wasm_bindgen(
        js_name = prepareSignUpVerification,
        unchecked_return_type = "Promise<FapiObject>"
    )]
    pub fn prepare_sign_up_verification(&self, sign_up_id: String, strategy: String) -> Promise {
        let runtime = self.runtime.clone();
        promise(async move {
            runtime
                .sign_up()
                .prepare_verification(&sign_up_id, &strategy)
                .await
        })
    }

    /// Check a sign-up verification code.
    #[wasm_bindgen(
        js_name = attemptSignUpVerification,
        unchecked_return_type = "Promise<FapiObject>"
    )]
    pub fn attempt_sign_up_verification(
        &self,
        sign_up_id: String,
        strategy: String,
        code: String,
    ) -> Promise {
        let runtime = self.runtime.clone();
        promise(async move {
            runtime
                .sign_up()
                .attempt_verification(&sign_up_id, &strategy, &code)
                .await
        })
    }

    /// Update the signed-in user.
    #[wasm_bindgen(js_name = updateUser, unchecked_return_type = "Promise<FapiObject>")]
    pub fn update_user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateUserParams")] params: JsValue,
    ) -> Result<Promise, JsValue> {
        let params: UpdateUser = from_js(&params)?;
        let runtime = self.runtime.clone();
        Ok(promise(async move { runtime.update_user(params).await }))
    }
}
