//! The JavaScript facade: a `Tessera` class over the [`Runtime`], with TypeScript declarations.
//! Objects from the server go to the app as the very objects the engine's `JSON.parse` made (no
//! re-serializing); the few the facade builds (auth state, errors) are set field by field, and the
//! options the app passes are read with [`Json`]. No serde on either side.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use tessera_core::Authorization;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::LocalFuture;

use crate::browser::new_array as array;
use crate::json::Json;
use crate::model::{PageRequest, User};
use crate::resources::organization::{self, Endpoint};
use crate::resources::sign_in;
use crate::resources::sign_up;
use crate::resources::user::{self, Endpoint as UserEndpoint};
use crate::runtime::Call;
use crate::transport::Method;
use crate::transport::{Form, Upload};
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
  /** The active organization and the user's membership in it; `null` in the personal account. */
  organization: FapiObject | null; membership: FapiObject | null;
  /** The client's signed-in sessions (several in multi-session mode), each with its `user`. */
  sessions: FapiObject[];
}
/** Pages count from 1; ten items a page unless `pageSize` says otherwise. */
export interface PageParams { page?: number; pageSize?: number; }
export interface MembershipListParams extends PageParams { query?: string; }
export interface InvitationListParams extends PageParams { /** `pending`, `accepted`, `revoked` or `expired`. */ status?: string; }
/** One page of a list and the length of the whole list (the server's `{data, total_count}`, with `totalCount` added). */
export interface Paginated { data: FapiObject[]; totalCount: number; }
export interface CreateOrganizationParams { name: string; slug?: string; }
export interface UpdateOrganizationParams { name?: string; slug?: string; }
export interface InviteMembersParams { emailAddresses: string[]; /** Such as `org:member`. */ role: string; }
export interface SignInCreateParams { identifier?: string; password?: string; strategy?: string; ticket?: string; redirectUrl?: string; }
export interface PrepareFirstFactorParams { strategy: string; emailAddressId?: string; phoneNumberId?: string; redirectUrl?: string; }
export interface AttemptFirstFactorParams { strategy: string; code?: string; password?: string; }
export interface PrepareSecondFactorParams { strategy: "phone_code"; phoneNumberId?: string; }
export interface AttemptSecondFactorParams { strategy: "totp" | "phone_code" | "backup_code"; code: string; }
export interface ResetPasswordParams { password: string; signOutOfOtherSessions?: boolean; }
export interface SignUpParams { emailAddress?: string; phoneNumber?: string; username?: string; password?: string; firstName?: string; lastName?: string; strategy?: string; ticket?: string; redirectUrl?: string; unsafeMetadata?: { [key: string]: Json }; }
export interface UpdateUserParams { firstName?: string; lastName?: string; primaryEmailAddressId?: string; primaryPhoneNumberId?: string; unsafeMetadata?: { [key: string]: Json }; }
export interface CreateEmailAddressParams { emailAddress: string; }
export interface CreatePhoneNumberParams { /** International format, such as `+15555550100`. */ phoneNumber: string; }
export interface VerificationCodeParams { code: string; }
export interface UpdatePhoneNumberParams { reservedForSecondFactor?: boolean; defaultSecondFactor?: boolean; }
export interface UpdatePasswordParams { currentPassword?: string; newPassword: string; signOutOfOtherSessions?: boolean; }
export interface FapiErrorDetail { code: string; message: string; longMessage: string; paramName: string | null; }
/** What every rejected promise carries (an `Error` with these fields). */
export interface TesseraError extends Error {
  kind: "api" | "unauthenticated" | "rate_limited" | "network" | "offline" | "invalid_response" | "no_active_session" | "invalid_publishable_key";
  status: number | null; retryAfter: number | null; errors: FapiErrorDetail[];
}
"#;

/// Set `object[key] = value`.
fn set(object: &JsValue, key: &str, value: &JsValue) {
    // Cannot fail on a plain object.
    let _ = crate::browser::set(object, key, value);
}

fn js_str(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

fn js_raw(value: Option<&Json>) -> JsValue {
    value.map_or(JsValue::NULL, |j| j.js().clone())
}

fn js_number(value: Option<u64>) -> JsValue {
    value.map_or(JsValue::NULL, |n| JsValue::from_f64(n as f64))
}

/// `AuthState`.
fn auth_object(auth: &Auth) -> JsValue {
    let object = crate::browser::new_object();
    set(&object, "isLoaded", &JsValue::from_bool(auth.is_loaded));
    set(
        &object,
        "isSignedIn",
        &JsValue::from_bool(auth.is_signed_in),
    );
    set(&object, "userId", &js_str(auth.user_id.as_deref()));
    set(&object, "sessionId", &js_str(auth.session_id.as_deref()));
    set(&object, "orgId", &js_str(auth.org_id.as_deref()));
    set(&object, "orgRole", &js_str(auth.org_role.as_deref()));
    set(&object, "orgSlug", &js_str(auth.org_slug.as_deref()));
    let permissions = array(auth.org_permissions.iter().map(|p| JsValue::from_str(p)));
    set(&object, "orgPermissions", &permissions);
    set(&object, "actor", &js_raw(auth.actor.as_ref()));
    set(
        &object,
        "sessionClaims",
        &js_raw(auth.session_claims.as_deref().map(|c| c.raw())),
    );
    object
}

/// `TesseraSnapshot`.
fn snapshot_object(snapshot: &Snapshot) -> JsValue {
    let object = crate::browser::new_object();
    set(&object, "isLoaded", &JsValue::from_bool(snapshot.is_loaded));
    set(&object, "auth", &auth_object(&snapshot.auth()));
    set(&object, "user", &js_raw(snapshot.user().map(User::raw)));
    set(
        &object,
        "session",
        &js_raw(snapshot.active_session().map(|s| s.raw())),
    );
    set(
        &object,
        "client",
        &js_raw(snapshot.client().map(|c| c.raw())),
    );
    set(
        &object,
        "environment",
        &js_raw(snapshot.environment().map(|e| e.raw())),
    );
    let membership = snapshot.active_membership();
    set(
        &object,
        "organization",
        &js_raw(membership.map(|m| m.organization.raw())),
    );
    set(&object, "membership", &js_raw(membership.map(|m| m.raw())));
    let sessions = snapshot.sessions().iter().filter(|s| s.is_active());
    let sessions = array(sessions.map(|s| s.raw().js().clone()));
    set(&object, "sessions", &sessions);
    object
}

/// The page an app's `PageParams` ask for (pages count from 1, ten items by default).
fn page(params: &Json) -> PageRequest {
    let number = |key, default| match params.int(key) {
        n @ 1..=0xFFFF_FFFF => n as u32,
        _ => default,
    };
    PageRequest {
        page: number("page", 1),
        page_size: number("pageSize", 10),
    }
}

/// A string argument (anything else reads as empty, which the server refuses).
fn text(value: &JsValue) -> String {
    value.as_string().unwrap_or_default()
}

/// Read the app's options object (absent: all defaults).
fn read(value: &JsValue) -> Json {
    Json::from_js(value.clone())
}

/// An `Error` carrying the [`SdkError`]'s kind, status and FAPI errors.
fn js_error(error: &SdkError) -> JsValue {
    let (kind, status, retry_after) = match error {
        SdkError::Api { status, .. } => ("api", Some(u64::from(*status)), None),
        SdkError::Unauthenticated(_) => ("unauthenticated", Some(401), None),
        SdkError::RateLimited { retry_after_secs } => {
            ("rate_limited", Some(429), *retry_after_secs)
        }
        SdkError::Network(_) => ("network", None, None),
        SdkError::Offline => ("offline", None, None),
        SdkError::InvalidResponse(_) => ("invalid_response", None, None),
        SdkError::NoActiveSession => ("no_active_session", None, None),
        SdkError::InvalidPublishableKey => ("invalid_publishable_key", None, None),
    };
    let list = match error {
        SdkError::Api { errors, .. } | SdkError::Unauthenticated(errors) => errors.as_slice(),
        _ => &[],
    };
    let errors = array(list.iter().map(|e| {
        let detail = crate::browser::new_object();
        set(&detail, "code", &JsValue::from_str(&e.code));
        set(&detail, "message", &JsValue::from_str(&e.message));
        set(&detail, "longMessage", &JsValue::from_str(&e.long_message));
        set(&detail, "paramName", &js_str(e.param_name.as_deref()));
        detail
    }));
    // The server's long message, the cause, or the kind (the full text is `SdkError::describe`,
    // which would bring its formatting into the bundle for little).
    let message = match error {
        SdkError::Network(cause) | SdkError::InvalidResponse(cause) => cause.as_str(),
        _ => error.long_message().unwrap_or(kind),
    };
    // `Error(message)`: called as a function, the constructor makes an Error.
    let target = crate::browser::call(
        &crate::browser::global(),
        "Error",
        &[&JsValue::from_str(message)],
    )
    .unwrap_or(JsValue::UNDEFINED);
    set(&target, "kind", &JsValue::from_str(kind));
    set(&target, "status", &js_number(status));
    set(&target, "retryAfter", &js_number(retry_after));
    set(&target, "errors", &errors);
    target
}

/// What a call resolves to in JS.
trait IntoJs {
    fn into_js(self) -> JsValue;
}

impl IntoJs for () {
    fn into_js(self) -> JsValue {
        JsValue::UNDEFINED
    }
}

impl IntoJs for Option<String> {
    fn into_js(self) -> JsValue {
        js_str(self.as_deref())
    }
}

/// A promise of `work`'s result, rejected with a [`js_error`].
fn promise<T: IntoJs + 'static>(
    work: impl std::future::Future<Output = Result<T, SdkError>> + 'static,
) -> Promise {
    settle(Box::pin(async move { work.await.map(T::into_js) }))
}

/// The one instance of `future_to_promise` (each instance carries the whole executor glue).
fn settle(work: LocalFuture<Result<JsValue, SdkError>>) -> Promise {
    future_to_promise(async move { work.await.map_err(|e| js_error(&e)) })
}

/// An options object as form fields, the way Clerk's JS SDK sends them: keys in snake_case
/// (`emailAddressId` → `email_address_id`), strings, numbers and booleans as text, objects (such
/// as `unsafeMetadata`) as JSON text; `null` and `undefined` left out. One generic reader instead
/// of a field list per method: each list would cost bytes in the bundle, and the server checks
/// the fields anyway.
fn form_of(params: &JsValue) -> Form {
    let entries = crate::browser::static_call("Object", "entries", &[params]);
    let mut form = Form::new();
    for entry in Json::from_js(entries.unwrap_or(JsValue::NULL)).items() {
        let value = entry.get("1");
        let text = if value.is_null() {
            continue;
        } else if value.js().is_object() {
            value.to_json_string()
        } else {
            crate::browser::call(&crate::browser::global(), "String", &[value.js()])
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default()
        };
        let mut name = String::new();
        for c in entry.get("0").as_str().unwrap_or_default().chars() {
            if c.is_ascii_uppercase() {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
        }
        form = form.named(name.into(), text);
    }
    form
}

/// A snapshot and the JS object made from it.
type SnapshotObject = (Rc<Snapshot>, JsValue);

#[cfg(feature = "js-mounts")]
thread_local! {
    /// Every `Tessera` built in this module, by creation order: what [`runtime_of`] finds a
    /// mounted component's `tessera` prop in. (Instances live as long as the page, as in Clerk.)
    static INSTANCES: RefCell<Vec<Runtime>> = const { RefCell::new(Vec::new()) };
}

/// The runtime of a JS `Tessera` object of this module (the `tessera` prop of the UI's mount
/// functions), so components and the page's own instance share one state and token cache.
#[cfg(feature = "js-mounts")]
pub fn runtime_of(value: &JsValue) -> Option<Runtime> {
    let id = crate::browser::get(value, "__tesseraInstance").as_f64()?;
    INSTANCES.with(|all| all.borrow().get(id as usize).cloned())
}

#[cfg(feature = "js-mounts")]
#[wasm_bindgen]
impl Tessera {
    /// Where this instance is in the module's list (read by [`runtime_of`]; not public API).
    #[wasm_bindgen(getter = __tesseraInstance, skip_typescript)]
    pub fn instance(&self) -> u32 {
        INSTANCES.with(|all| {
            all.borrow()
                .iter()
                .position(|r| r.same_as(&self.runtime))
                .unwrap_or(usize::MAX) as u32
        })
    }
}

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

impl Tessera {
    /// Send a mutation; the promise resolves to the server's object (`response`) as sent.
    fn send(&self, call: Call) -> Promise {
        self.send_maybe_page(call, false)
    }

    /// Send a call, resolving to `{data, totalCount}` (`Paginated`) when it fetches a page.
    fn send_maybe_page(&self, call: Call, is_page: bool) -> Promise {
        let work = self.runtime.mutate(call);
        settle(Box::pin(async move {
            let response = work.await?.js().clone();
            if is_page {
                // The server's `{data, total_count}`, with the facade's camelCase count.
                let count = crate::browser::get(&response, "total_count");
                set(&response, "totalCount", &count);
            }
            Ok(response)
        }))
    }

    /// The organization methods (but the logo upload) in one body, each exported method being
    /// only its shim: `a` is the organization (or invitation) id, `b` the options or a second id,
    /// `c` a third argument.
    fn organization_call(
        &self,
        endpoint: Endpoint,
        a: &JsValue,
        b: &JsValue,
        c: &JsValue,
    ) -> Promise {
        let params = Json::from_js(b.clone());
        let is_list = endpoint.is_list();
        let form = match endpoint {
            Endpoint::Create | Endpoint::Update => form_of(b),
            Endpoint::UpdateMember => Form::new().field("role", text(c)),
            Endpoint::Invite => {
                organization::invite_form(&params.strings("emailAddresses"), &params.string("role"))
            }
            Endpoint::Memberships => {
                organization::page_query(page(&params), "query", params.opt_string("query"))
            }
            // Lists filter by status (roles and the user's memberships ignore it); the rest
            // send nothing.
            _ if is_list => {
                organization::page_query(page(&params), "status", params.opt_string("status"))
            }
            _ => Form::new(),
        };
        // A non-string `b` (options) reads as no second id.
        let call = organization::request(endpoint, &text(a), &text(b), form);
        self.send_maybe_page(call, is_list)
    }

    /// The account methods in one body, each exported method being only its shim: `id` is the
    /// email address, phone number or session id (absent for the others), `params` the options
    /// ([`form_of`]).
    /// (`getActiveSessions` answers a bare list, which [`Runtime::mutate`] passes on as it is.)
    fn account_call(&self, endpoint: UserEndpoint, id: &JsValue, params: &JsValue) -> Promise {
        let form = form_of(params);
        // The codes these send are the only kind each address takes.
        let form = match endpoint {
            UserEndpoint::PrepareEmail => form.field("strategy", "email_code"),
            UserEndpoint::PreparePhone => form.field("strategy", "phone_code"),
            _ => form,
        };
        let call = user::request(endpoint, &text(id), form);
        self.send(call)
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
        let mut runtime_options =
            RuntimeOptions::from_key_or_url(key_or_url).map_err(|e| js_error(&e))?;
        if let Some(dev_browser) = read(&options).get("devBrowser").as_bool() {
            runtime_options.dev_browser = dev_browser;
        }
        let runtime = Runtime::new(runtime_options, Platform::browser());
        #[cfg(feature = "js-mounts")]
        INSTANCES.with(|all| all.borrow_mut().push(runtime.clone()));
        Ok(Self {
            runtime,
            snapshot: RefCell::default(),
        })
    }

    /// Fetch the environment and the client.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn load(&self) -> Promise {
        let runtime = self.runtime.clone();
        promise(async move { runtime.load().await })
    }

    /// The state; the same object until something changes (for `useSyncExternalStore`).
    #[wasm_bindgen(js_name = getSnapshot, unchecked_return_type = "TesseraSnapshot")]
    pub fn get_snapshot(&self) -> JsValue {
        let current = self.runtime.snapshot();
        if let Some((cached, value)) = self.snapshot.borrow().as_ref() {
            if Rc::ptr_eq(cached, &current) {
                return value.clone();
            }
        }
        let value = snapshot_object(&current);
        *self.snapshot.borrow_mut() = Some((current, value.clone()));
        value
    }

    /// `getSnapshot().auth`.
    #[wasm_bindgen(getter, unchecked_return_type = "AuthState")]
    pub fn auth(&self) -> JsValue {
        crate::browser::get(&self.get_snapshot(), "auth")
    }

    /// `getSnapshot().user`.
    #[wasm_bindgen(getter, unchecked_return_type = "FapiObject | null")]
    pub fn user(&self) -> JsValue {
        crate::browser::get(&self.get_snapshot(), "user")
    }

    /// `getSnapshot().session`.
    #[wasm_bindgen(getter, unchecked_return_type = "FapiObject | null")]
    pub fn session(&self) -> JsValue {
        crate::browser::get(&self.get_snapshot(), "session")
    }

    /// `getSnapshot().organization`: the active organization, `null` in the personal account.
    #[wasm_bindgen(getter, unchecked_return_type = "FapiObject | null")]
    pub fn organization(&self) -> JsValue {
        crate::browser::get(&self.get_snapshot(), "organization")
    }

    /// `getSnapshot().sessions`: the client's signed-in sessions, each with its user (several in
    /// multi-session mode; switch with `setActive({session})`, sign one out with
    /// `signOut({sessionId})`).
    #[wasm_bindgen(getter, unchecked_return_type = "FapiObject[]")]
    pub fn sessions(&self) -> JsValue {
        crate::browser::get(&self.get_snapshot(), "sessions")
    }

    /// `getSnapshot().membership`: the user's membership in the active organization.
    #[wasm_bindgen(getter, unchecked_return_type = "FapiObject | null")]
    pub fn membership(&self) -> JsValue {
        crate::browser::get(&self.get_snapshot(), "membership")
    }

    /// Call `callback` after every change; returns the function that stops it.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn subscribe(
        &self,
        #[wasm_bindgen(unchecked_param_type = "() => void")] callback: Function,
    ) -> JsValue {
        let id = self.runtime.subscribe(move |_| {
            // A throwing listener must not stop the others.
            let _ = callback.call2(&JsValue::NULL, &JsValue::UNDEFINED, &JsValue::UNDEFINED);
        });
        let runtime = self.runtime.clone();
        Closure::<dyn FnMut()>::new(move || runtime.unsubscribe(id)).into_js_value()
    }

    /// Whether the user has a role or a permission in the active organization.
    pub fn has(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HasParams")] params: &JsValue,
    ) -> bool {
        let params = read(params);
        let auth = self.runtime.snapshot().auth();
        match (params.opt_string("role"), params.opt_string("permission")) {
            (Some(role), _) => auth.has(&Authorization::Role(role)),
            (None, Some(permission)) => auth.has(&Authorization::Permission(permission)),
            (None, None) => false,
        }
    }

    /// The session token (or a template token); `null` when signed out.
    #[wasm_bindgen(js_name = getToken, unchecked_return_type = "Promise<string | null>")]
    pub fn get_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GetTokenOptions | undefined")] options: &JsValue,
    ) -> Promise {
        let options = read(options);
        let options = GetTokenOptions {
            template: options.opt_string("template"),
            organization_id: options.opt_string("organizationId"),
            skip_cache: options.flag("skipCache"),
        };
        let runtime = self.runtime.clone();
        promise(async move { runtime.get_token(options).await })
    }

    /// Sign out of one session or of all.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignOutOptions | undefined")] options: &JsValue,
    ) -> Promise {
        let session_id = read(options).opt_string("sessionId");
        let runtime = self.runtime.clone();
        promise(async move { runtime.sign_out(SignOut { session_id }).await })
    }

    /// Make a session and/or organization active.
    #[wasm_bindgen(js_name = setActive, unchecked_return_type = "Promise<void>")]
    pub fn set_active(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SetActiveOptions")] options: &JsValue,
    ) -> Promise {
        let options = read(options);
        // `null` and absent differ: `null` is the personal account, absent keeps the organization.
        let organization = options.get("organization");
        let organization_id = (!organization.js().is_undefined()).then(|| organization.as_str());
        let runtime = self.runtime.clone();
        promise(async move {
            runtime
                .set_active(SetActive {
                    session_id: options.opt_string("session"),
                    organization_id,
                })
                .await
        })
    }

    /// Start a sign-in.
    #[wasm_bindgen(js_name = createSignIn, unchecked_return_type = "Promise<FapiObject>")]
    pub fn create_sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignInCreateParams")] params: &JsValue,
    ) -> Promise {
        self.send(sign_in::step("", "", form_of(params)))
    }

    /// Prepare a sign-in's first factor (send the code).
    #[wasm_bindgen(js_name = prepareFirstFactor, unchecked_return_type = "Promise<FapiObject>")]
    pub fn prepare_first_factor(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sign_in_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "PrepareFirstFactorParams")] params: &JsValue,
    ) -> Promise {
        self.send(sign_in::step(
            &text(sign_in_id),
            "prepare_first_factor",
            form_of(params),
        ))
    }

    /// Attempt a sign-in's first factor (code or password).
    #[wasm_bindgen(js_name = attemptFirstFactor, unchecked_return_type = "Promise<FapiObject>")]
    pub fn attempt_first_factor(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sign_in_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "AttemptFirstFactorParams")] params: &JsValue,
    ) -> Promise {
        self.send(sign_in::step(
            &text(sign_in_id),
            "attempt_first_factor",
            form_of(params),
        ))
    }

    /// Send a sign-in's second factor code (`phone_code`) when the sign-in `needs_second_factor`.
    #[wasm_bindgen(js_name = prepareSecondFactor, unchecked_return_type = "Promise<FapiObject>")]
    pub fn prepare_second_factor(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sign_in_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "PrepareSecondFactorParams")] params: &JsValue,
    ) -> Promise {
        self.send(sign_in::step(
            &text(sign_in_id),
            "prepare_second_factor",
            form_of(params),
        ))
    }

    /// Attempt a sign-in's second factor: `totp`, `phone_code` or `backup_code` with its code.
    #[wasm_bindgen(js_name = attemptSecondFactor, unchecked_return_type = "Promise<FapiObject>")]
    pub fn attempt_second_factor(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sign_in_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "AttemptSecondFactorParams")] params: &JsValue,
    ) -> Promise {
        self.send(sign_in::step(
            &text(sign_in_id),
            "attempt_second_factor",
            form_of(params),
        ))
    }

    /// Set a new password after a reset code.
    #[wasm_bindgen(js_name = resetPassword, unchecked_return_type = "Promise<FapiObject>")]
    pub fn reset_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sign_in_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "ResetPasswordParams")] params: &JsValue,
    ) -> Promise {
        self.send(sign_in::step(
            &text(sign_in_id),
            "reset_password",
            form_of(params),
        ))
    }

    /// Start a sign-up.
    #[wasm_bindgen(js_name = createSignUp, unchecked_return_type = "Promise<FapiObject>")]
    pub fn create_sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignUpParams")] params: &JsValue,
    ) -> Promise {
        self.send(sign_up::step(Method::Post, "", "", form_of(params)))
    }

    /// Change a sign-up's fields.
    #[wasm_bindgen(js_name = updateSignUp, unchecked_return_type = "Promise<FapiObject>")]
    pub fn update_sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sign_up_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "SignUpParams")] params: &JsValue,
    ) -> Promise {
        self.send(sign_up::step(
            Method::Patch,
            &text(sign_up_id),
            "",
            form_of(params),
        ))
    }

    /// Send a sign-up verification (`email_code`).
    #[wasm_bindgen(
        js_name = prepareSignUpVerification,
        unchecked_return_type = "Promise<FapiObject>"
    )]
    pub fn prepare_sign_up_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sign_up_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] strategy: &JsValue,
    ) -> Promise {
        self.send(sign_up::prepare_verification(
            &text(sign_up_id),
            &text(strategy),
        ))
    }

    /// Check a sign-up verification code.
    #[wasm_bindgen(
        js_name = attemptSignUpVerification,
        unchecked_return_type = "Promise<FapiObject>"
    )]
    pub fn attempt_sign_up_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sign_up_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] strategy: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue,
    ) -> Promise {
        self.send(sign_up::attempt_verification(
            &text(sign_up_id),
            &text(strategy),
            &text(code),
        ))
    }

    /// Update the signed-in user.
    #[wasm_bindgen(js_name = updateUser, unchecked_return_type = "Promise<FapiObject>")]
    pub fn update_user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateUserParams")] params: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::UpdateUser, &JsValue::NULL, params)
    }

    /// Create an organization; the user becomes its admin.
    #[wasm_bindgen(js_name = createOrganization, unchecked_return_type = "Promise<FapiObject>")]
    pub fn create_organization(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateOrganizationParams")] params: &JsValue,
    ) -> Promise {
        self.organization_call(Endpoint::Create, &JsValue::NULL, params, &JsValue::NULL)
    }

    /// Rename an organization or change its slug.
    #[wasm_bindgen(js_name = updateOrganization, unchecked_return_type = "Promise<FapiObject>")]
    pub fn update_organization(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] organization_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "UpdateOrganizationParams")] params: &JsValue,
    ) -> Promise {
        self.organization_call(Endpoint::Update, organization_id, params, &JsValue::NULL)
    }

    /// Upload an organization's logo (PNG, JPEG, WebP or GIF bytes, at most 1 MB).
    #[wasm_bindgen(js_name = setOrganizationLogo, unchecked_return_type = "Promise<FapiObject>")]
    pub fn set_organization_logo(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] organization_id: &JsValue,
        bytes: Vec<u8>,
        #[wasm_bindgen(unchecked_param_type = "string")] content_type: &JsValue,
    ) -> Promise {
        let logo = Form::new().file(Upload {
            bytes,
            content_type: text(content_type),
        });
        self.send(organization::request(
            Endpoint::Logo,
            &text(organization_id),
            "",
            logo,
        ))
    }

    /// Delete an organization; resolves to `{object, id, deleted: true}`.
    #[wasm_bindgen(js_name = deleteOrganization, unchecked_return_type = "Promise<FapiObject>")]
    pub fn delete_organization(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] organization_id: &JsValue,
    ) -> Promise {
        self.organization_call(
            Endpoint::Delete,
            organization_id,
            &JsValue::NULL,
            &JsValue::NULL,
        )
    }

    /// Leave an organization; resolves to `{object, id, deleted: true}`.
    #[wasm_bindgen(js_name = leaveOrganization, unchecked_return_type = "Promise<FapiObject>")]
    pub fn leave_organization(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] organization_id: &JsValue,
    ) -> Promise {
        self.organization_call(
            Endpoint::Leave,
            organization_id,
            &JsValue::NULL,
            &JsValue::NULL,
        )
    }

    /// One page of an organization's members.
    #[wasm_bindgen(js_name = getMemberships, unchecked_return_type = "Promise<Paginated>")]
    pub fn get_memberships(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] organization_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "MembershipListParams | undefined")] params: &JsValue,
    ) -> Promise {
        self.organization_call(
            Endpoint::Memberships,
            organization_id,
            params,
            &JsValue::NULL,
        )
    }

    /// Give a member another role.
    #[wasm_bindgen(js_name = updateMemberRole, unchecked_return_type = "Promise<FapiObject>")]
    pub fn update_member_role(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] organization_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] user_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] role: &JsValue,
    ) -> Promise {
        self.organization_call(Endpoint::UpdateMember, organization_id, user_id, role)
    }

    /// Remove a member.
    #[wasm_bindgen(js_name = removeMember, unchecked_return_type = "Promise<FapiObject>")]
    pub fn remove_member(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] organization_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] user_id: &JsValue,
    ) -> Promise {
        self.organization_call(
            Endpoint::RemoveMember,
            organization_id,
            user_id,
            &JsValue::NULL,
        )
    }

    /// One page of an organization's invitations.
    #[wasm_bindgen(js_name = getInvitations, unchecked_return_type = "Promise<Paginated>")]
    pub fn get_invitations(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] organization_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "InvitationListParams | undefined")] params: &JsValue,
    ) -> Promise {
        self.organization_call(
            Endpoint::Invitations,
            organization_id,
            params,
            &JsValue::NULL,
        )
    }

    /// Invite email addresses; resolves to the invitations.
    #[wasm_bindgen(js_name = inviteMembers, unchecked_return_type = "Promise<FapiObject[]>")]
    pub fn invite_members(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] organization_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "InviteMembersParams")] params: &JsValue,
    ) -> Promise {
        self.organization_call(Endpoint::Invite, organization_id, params, &JsValue::NULL)
    }

    /// Revoke a pending invitation.
    #[wasm_bindgen(js_name = revokeInvitation, unchecked_return_type = "Promise<FapiObject>")]
    pub fn revoke_invitation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] organization_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] invitation_id: &JsValue,
    ) -> Promise {
        self.organization_call(
            Endpoint::Revoke,
            organization_id,
            invitation_id,
            &JsValue::NULL,
        )
    }

    /// The roles an organization's members may have.
    #[wasm_bindgen(js_name = getRoles, unchecked_return_type = "Promise<Paginated>")]
    pub fn get_roles(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] organization_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "PageParams | undefined")] params: &JsValue,
    ) -> Promise {
        self.organization_call(Endpoint::Roles, organization_id, params, &JsValue::NULL)
    }

    /// One page of the signed-in user's memberships.
    #[wasm_bindgen(js_name = getUserMemberships, unchecked_return_type = "Promise<Paginated>")]
    pub fn get_user_memberships(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PageParams | undefined")] params: &JsValue,
    ) -> Promise {
        self.organization_call(
            Endpoint::UserMemberships,
            &JsValue::NULL,
            params,
            &JsValue::NULL,
        )
    }

    /// One page of the invitations sent to the signed-in user (pending ones by default).
    #[wasm_bindgen(js_name = getUserInvitations, unchecked_return_type = "Promise<Paginated>")]
    pub fn get_user_invitations(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InvitationListParams | undefined")] params: &JsValue,
    ) -> Promise {
        self.organization_call(
            Endpoint::UserInvitations,
            &JsValue::NULL,
            params,
            &JsValue::NULL,
        )
    }

    /// Accept one of the signed-in user's invitations.
    #[wasm_bindgen(js_name = acceptInvitation, unchecked_return_type = "Promise<FapiObject>")]
    pub fn accept_invitation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] invitation_id: &JsValue,
    ) -> Promise {
        self.organization_call(
            Endpoint::Accept,
            invitation_id,
            &JsValue::NULL,
            &JsValue::NULL,
        )
    }
}

/// The signed-in user's account (Clerk's `User` resource methods); each rejects with
/// `unauthenticated` when no one is signed in.
#[wasm_bindgen]
impl Tessera {
    /// Remove the profile image (back to the generated avatar).
    #[wasm_bindgen(js_name = removeProfileImage, unchecked_return_type = "Promise<FapiObject>")]
    pub fn remove_profile_image(&self) -> Promise {
        self.account_call(
            UserEndpoint::RemoveProfileImage,
            &JsValue::NULL,
            &JsValue::NULL,
        )
    }

    /// Add an email address, unverified; resolves to the EmailAddress.
    #[wasm_bindgen(js_name = createEmailAddress, unchecked_return_type = "Promise<FapiObject>")]
    pub fn create_email_address(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateEmailAddressParams")] params: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::CreateEmail, &JsValue::NULL, params)
    }

    /// Email a verification code to one of the user's addresses.
    #[wasm_bindgen(js_name = prepareEmailAddressVerification, unchecked_return_type = "Promise<FapiObject>")]
    pub fn prepare_email_address_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::PrepareEmail, id, &JsValue::NULL)
    }

    /// Check the code emailed to an address.
    #[wasm_bindgen(js_name = attemptEmailAddressVerification, unchecked_return_type = "Promise<FapiObject>")]
    pub fn attempt_email_address_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "VerificationCodeParams")] params: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::AttemptEmail, id, params)
    }

    /// Remove an email address (not the primary one).
    #[wasm_bindgen(js_name = deleteEmailAddress, unchecked_return_type = "Promise<FapiObject>")]
    pub fn delete_email_address(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::DeleteEmail, id, &JsValue::NULL)
    }

    /// Add a phone number (international format), unverified; resolves to the PhoneNumber.
    #[wasm_bindgen(js_name = createPhoneNumber, unchecked_return_type = "Promise<FapiObject>")]
    pub fn create_phone_number(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreatePhoneNumberParams")] params: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::CreatePhone, &JsValue::NULL, params)
    }

    /// Text a verification code to one of the user's phone numbers.
    #[wasm_bindgen(js_name = preparePhoneNumberVerification, unchecked_return_type = "Promise<FapiObject>")]
    pub fn prepare_phone_number_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::PreparePhone, id, &JsValue::NULL)
    }

    /// Check the code texted to a phone number.
    #[wasm_bindgen(js_name = attemptPhoneNumberVerification, unchecked_return_type = "Promise<FapiObject>")]
    pub fn attempt_phone_number_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "VerificationCodeParams")] params: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::AttemptPhone, id, params)
    }

    /// Use a verified phone number for second-factor codes, or stop.
    #[wasm_bindgen(js_name = updatePhoneNumber, unchecked_return_type = "Promise<FapiObject>")]
    pub fn update_phone_number(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "UpdatePhoneNumberParams")] params: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::UpdatePhone, id, params)
    }

    /// Remove a phone number.
    #[wasm_bindgen(js_name = deletePhoneNumber, unchecked_return_type = "Promise<FapiObject>")]
    pub fn delete_phone_number(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::DeletePhone, id, &JsValue::NULL)
    }

    /// Start setting up an authenticator app: resolves to `{secret, uri}` (an `otpauth://` URI).
    #[wasm_bindgen(js_name = createTOTP, unchecked_return_type = "Promise<FapiObject>")]
    pub fn create_totp(&self) -> Promise {
        self.account_call(UserEndpoint::CreateTotp, &JsValue::NULL, &JsValue::NULL)
    }

    /// Finish setting up the authenticator app with a code it shows; the first second factor also brings `backup_codes` (shown once).
    #[wasm_bindgen(js_name = verifyTOTP, unchecked_return_type = "Promise<FapiObject>")]
    pub fn verify_totp(
        &self,
        #[wasm_bindgen(unchecked_param_type = "VerificationCodeParams")] params: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::VerifyTotp, &JsValue::NULL, params)
    }

    /// Remove the authenticator app.
    #[wasm_bindgen(js_name = disableTOTP, unchecked_return_type = "Promise<FapiObject>")]
    pub fn disable_totp(&self) -> Promise {
        self.account_call(UserEndpoint::DeleteTotp, &JsValue::NULL, &JsValue::NULL)
    }

    /// A new set of backup codes (needs a second factor); the previous set stops working.
    #[wasm_bindgen(js_name = createBackupCodes, unchecked_return_type = "Promise<FapiObject>")]
    pub fn create_backup_codes(&self) -> Promise {
        self.account_call(UserEndpoint::BackupCodes, &JsValue::NULL, &JsValue::NULL)
    }

    /// Set or change the password (the current one is required when there is one).
    #[wasm_bindgen(js_name = updatePassword, unchecked_return_type = "Promise<FapiObject>")]
    pub fn update_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdatePasswordParams")] params: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::ChangePassword, &JsValue::NULL, params)
    }

    /// The user's active sessions on every device, with their latest activity.
    #[wasm_bindgen(js_name = getActiveSessions, unchecked_return_type = "Promise<FapiObject[]>")]
    pub fn get_active_sessions(&self) -> Promise {
        self.account_call(UserEndpoint::ActiveSessions, &JsValue::NULL, &JsValue::NULL)
    }

    /// Sign one of the user's sessions out, on whatever device it is.
    #[wasm_bindgen(js_name = revokeSession, unchecked_return_type = "Promise<FapiObject>")]
    pub fn revoke_session(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
    ) -> Promise {
        self.account_call(UserEndpoint::RevokeSession, id, &JsValue::NULL)
    }

    /// Delete the account (when the instance allows it); every session of the user ends.
    #[wasm_bindgen(js_name = deleteUser, unchecked_return_type = "Promise<FapiObject>")]
    pub fn delete_user(&self) -> Promise {
        self.account_call(UserEndpoint::Delete, &JsValue::NULL, &JsValue::NULL)
    }

    /// Upload a profile image (PNG, JPEG, WebP or GIF bytes, at most 1 MB); resolves to the user.
    #[wasm_bindgen(js_name = setProfileImage, unchecked_return_type = "Promise<FapiObject>")]
    pub fn set_profile_image(
        &self,
        bytes: Vec<u8>,
        #[wasm_bindgen(unchecked_param_type = "string")] content_type: &JsValue,
    ) -> Promise {
        let image = Form::new().file(Upload {
            bytes,
            content_type: text(content_type),
        });
        self.send(user::request(UserEndpoint::ProfileImage, "", image))
    }
}
