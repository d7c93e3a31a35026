//! The browser build against a running `tessera-server`: real `fetch` with credentials across
//! origins, the dev-browser token, envelopes, session tokens and the `__session` cookie.
//!
//! The server URL is fixed at compile time; without it the tests print a note and pass:
//! `TESSERA_TEST_FAPI_URL=http://127.0.0.1:PORT wasm-pack test --headless --chrome sdk`.
#![cfg(target_arch = "wasm32")]

use tessera_core::{ErrorCode, SessionClaims, SignInStatus, SignUpStatus};
use tessera_sdk::cookies::Cookies as _;
use tessera_sdk::resources::sign_in::{
    AttemptFirstFactor, CreateSignIn, PrepareFirstFactor, ResetPassword,
};
use tessera_sdk::resources::sign_up::SignUpFields;
use tessera_sdk::resources::user::UpdateUser;
use tessera_sdk::{GetTokenOptions, Platform, Runtime, RuntimeOptions, SignOut};
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const FAPI_URL: Option<&str> = option_env!("TESSERA_TEST_FAPI_URL");
const PASSWORD: &str = "correct horse battery staple";

fn runtime(name: &str, dev_browser: bool) -> Option<Runtime> {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("{name}: skipped, TESSERA_TEST_FAPI_URL was not set at compile time");
        return None;
    };
    // Each test starts with a client of its own.
    tessera_sdk::cookies::DocumentCookies.set(tessera_sdk::cookies::DEV_BROWSER, None);
    let options = RuntimeOptions {
        frontend_api: url.to_owned(),
        dev_browser,
    };
    Some(Runtime::new(options, Platform::browser()))
}

fn session_cookie() -> Option<String> {
    let document: web_sys::HtmlDocument = web_sys::window()?.document()?.dyn_into().ok()?;
    let cookies = document.cookie().ok()?;
    cookies
        .split("; ")
        .find_map(|c| c.strip_prefix("__session="))
        .map(str::to_owned)
}

fn unique_email(tag: &str) -> String {
    format!(
        "sdk-{tag}-{}+clerk_test@example.com",
        js_sys::Date::now() as u64
    )
}

async fn sign_up(runtime: &Runtime, email: &str) {
    let sign_up = runtime
        .sign_up()
        .create(SignUpFields {
            email_address: Some(email.to_owned()),
            password: Some(PASSWORD.to_owned()),
            ..Default::default()
        })
        .await
        .expect("create sign-up");
    assert_eq!(sign_up.status, SignUpStatus::MissingRequirements);
    runtime
        .sign_up()
        .prepare_verification(&sign_up.id, "email_code")
        .await
        .expect("prepare verification");
    let done = runtime
        .sign_up()
        .attempt_verification(&sign_up.id, "email_code", "424242")
        .await
        .expect("attempt verification");
    assert_eq!(done.status, SignUpStatus::Complete);
}

#[wasm_bindgen_test]
async fn sign_up_get_token_and_sign_out_with_the_dev_browser() {
    let Some(runtime) = runtime("dev browser flow", true) else {
        return;
    };
    runtime.load().await.expect("load");
    assert!(runtime.fapi().dev_browser_token().is_some());
    assert!(runtime.snapshot().is_loaded);
    assert!(!runtime.snapshot().is_signed_in());

    let email = unique_email("dvb");
    sign_up(&runtime, &email).await;

    let snapshot = runtime.snapshot();
    assert!(
        snapshot.is_signed_in(),
        "the sign-up's client has the new session"
    );
    let session = snapshot.active_session().expect("active session");
    let user = snapshot.user().expect("user");
    let address = user
        .primary_email_address()
        .map(|e| e.email_address.clone());
    assert_eq!(address, Some(email.clone()));

    let token = runtime
        .get_token(GetTokenOptions::default())
        .await
        .expect("token")
        .expect("signed in");
    let claims = SessionClaims::decode_unverified(&token).expect("a JWT");
    assert_eq!(
        (claims.sid.as_str(), claims.sub.as_str()),
        (session.id.as_str(), user.id.as_str())
    );
    assert_eq!(claims.exp - claims.iat, 60);
    let again = runtime
        .get_token(GetTokenOptions::default())
        .await
        .expect("cached");
    assert_eq!(
        again.as_deref(),
        Some(token.as_str()),
        "fresh tokens come from the cache"
    );
    assert_eq!(session_cookie(), Some(token));

    // A page reload: a new runtime finds the dev-browser token in its cookie and the same session.
    let reloaded = Runtime::new(
        RuntimeOptions {
            frontend_api: runtime.fapi().frontend_api().to_owned(),
            dev_browser: true,
        },
        Platform::browser(),
    );
    reloaded.load().await.expect("reload");
    assert_eq!(
        reloaded.snapshot().active_session().map(|s| s.id.clone()),
        Some(session.id.clone())
    );

    let updated = runtime
        .update_user(UpdateUser {
            first_name: Some("Ada".into()),
            ..Default::default()
        })
        .await
        .expect("update user");
    assert_eq!(updated.first_name.as_deref(), Some("Ada"));
    let shown = runtime.snapshot().user().and_then(|u| u.first_name.clone());
    assert_eq!(
        shown.as_deref(),
        Some("Ada"),
        "the envelope's client replaced the state"
    );

    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");
    assert!(!runtime.snapshot().is_signed_in());
    assert_eq!(
        runtime.get_token(GetTokenOptions::default()).await,
        Ok(None)
    );
    assert_eq!(session_cookie(), None);

    // Signing in again with the password, after a wrong one.
    let wrong = runtime
        .sign_in()
        .create(CreateSignIn {
            identifier: Some(email.clone()),
            password: Some("not the password".into()),
            ..Default::default()
        })
        .await
        .expect_err("wrong password");
    assert_eq!(wrong.code(), Some(ErrorCode::FormPasswordIncorrect));
    assert_eq!(wrong.param_name(), Some("password"));
    let signed_in = runtime
        .sign_in()
        .create(CreateSignIn {
            identifier: Some(email),
            password: Some(PASSWORD.into()),
            ..Default::default()
        })
        .await
        .expect("sign in");
    assert!(signed_in.created_session_id.is_some());
    assert!(runtime.snapshot().is_signed_in());
    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");
}

#[wasm_bindgen_test]
async fn the_client_cookie_carries_the_client_across_origins() {
    // Production style: no dev-browser token, the HttpOnly `__client` cookie set by the FAPI origin.
    let Some(runtime) = runtime("cookie flow", false) else {
        return;
    };
    runtime.load().await.expect("load");
    let email = unique_email("cookie");
    sign_up(&runtime, &email).await;
    assert!(runtime.snapshot().is_signed_in());

    // A second runtime in the same browser sees the same client through the cookie.
    let other = self::runtime("cookie flow", false).expect("configured");
    other.load().await.expect("load");
    assert_eq!(
        other.snapshot().active_session().map(|s| s.id.clone()),
        runtime.snapshot().active_session().map(|s| s.id.clone())
    );
    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");
}

#[wasm_bindgen_test]
async fn forgot_password_with_an_email_code_then_sign_in_with_the_new_one() {
    let Some(runtime) = runtime("forgot password", true) else {
        return;
    };
    runtime.load().await.expect("load");
    let email = unique_email("reset");
    sign_up(&runtime, &email).await;
    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");

    let sign_in = runtime
        .sign_in()
        .create(CreateSignIn {
            identifier: Some(email.clone()),
            ..Default::default()
        })
        .await
        .expect("identifier");
    assert_eq!(sign_in.status, SignInStatus::NeedsFirstFactor);
    let factor = sign_in
        .first_factor("reset_password_email_code")
        .expect("reset factor offered");
    runtime
        .sign_in()
        .prepare_first_factor(
            &sign_in.id,
            PrepareFirstFactor {
                strategy: "reset_password_email_code".into(),
                email_address_id: factor.email_address_id.clone(),
                ..Default::default()
            },
        )
        .await
        .expect("prepare");
    let wrong = runtime
        .sign_in()
        .attempt_first_factor(
            &sign_in.id,
            AttemptFirstFactor {
                strategy: "reset_password_email_code".into(),
                code: Some("000000".into()),
                ..Default::default()
            },
        )
        .await
        .expect_err("wrong code");
    assert_eq!(wrong.code(), Some(ErrorCode::FormCodeIncorrect));
    let verified = runtime
        .sign_in()
        .attempt_first_factor(
            &sign_in.id,
            AttemptFirstFactor {
                strategy: "reset_password_email_code".into(),
                code: Some("424242".into()),
                ..Default::default()
            },
        )
        .await
        .expect("attempt");
    assert_eq!(verified.status, SignInStatus::NeedsNewPassword);
    let done = runtime
        .sign_in()
        .reset_password(
            &sign_in.id,
            ResetPassword {
                password: "a brand new passphrase".into(),
                sign_out_of_other_sessions: true,
            },
        )
        .await
        .expect("reset");
    assert_eq!(done.status, SignInStatus::Complete);
    assert!(runtime.snapshot().is_signed_in());
    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");

    let again = runtime
        .sign_in()
        .create(CreateSignIn {
            identifier: Some(email),
            password: Some("a brand new passphrase".into()),
            ..Default::default()
        })
        .await
        .expect("sign in with the new password");
    assert_eq!(again.status, SignInStatus::Complete);
    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");
}
