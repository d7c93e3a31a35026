//! SignIn in a real browser against a scripted Frontend API: each step (second factors included),
//! inline errors, focus, the redirect; and a second-factor sign-in against a running server.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::*;
use serde_json::{json, Value};
use tessera_components::SignIn;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const ALL: &[&str] = &["password", "email_code", "reset_password_email_code"];

fn navigations() -> (Rc<RefCell<Vec<String>>>, Callback<String>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    (
        seen,
        Callback::from(move |url: String| sink.borrow_mut().push(url)),
    )
}

#[wasm_bindgen_test]
async fn start_step_follows_the_dom_contract() {
    let fapi = fapi(ALL, false, None);
    let root = render(
        &runtime(&fapi),
        None,
        html! { <SignIn sign_up_url="/join" /> },
    );
    let card = find(&root, "[data-tessera-component=sign-in][data-step=start]").await;
    assert!(card.class_name().contains("tessera-sign-in"));
    let title = find(&root, "h1[data-localization-key='signIn.start.title']").await;
    assert_eq!(title.text_content().unwrap(), "Sign in to Acme");
    let input = find(&root, "input[name=identifier]").await;
    let label = find(&root, &format!("label[for='{}']", input.id())).await;
    assert_eq!(label.text_content().unwrap(), "Email address");
    // The start step opens with focus on its field, as Clerk's does.
    sleep(20).await;
    assert_eq!(active_element(), Some(input.clone()));
    let button = find(&root, "button[type=submit]").await;
    assert_eq!(button.text_content().unwrap(), "Continue");
    let link = find(&root, "a[data-localization-key='signIn.start.actionLink']").await;
    assert_eq!(link.get_attribute("href").as_deref(), Some("/join"));
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );
}

#[wasm_bindgen_test]
async fn a_wrong_password_shows_the_localized_error_next_to_the_field_and_focuses_it() {
    let fapi = fapi(ALL, false, None);
    fapi.on(
        "POST",
        "/client/sign_ins",
        200,
        envelope(sign_in("needs_first_factor", ALL), Value::Null),
    );
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/attempt_first_factor",
        422,
        error(
            "form_password_incorrect",
            Some("password"),
            "Password is incorrect.",
        ),
    );
    let root = render(&runtime(&fapi), None, html! { <SignIn /> });
    type_into(&root, "input[name=identifier]", "ada@example.com").await;
    click(&root, "button[type=submit]").await;
    find(&root, "[data-step=password]").await;
    assert!(fapi.sent("/client/sign_ins")[0]
        .body
        .as_deref()
        .unwrap_or_default()
        .contains("identifier=ada%40example.com"));
    // The identifier is shown as user data, with an edit button.
    let identity = find(&root, ".tessera-identity [data-user-data]").await;
    assert_eq!(identity.text_content().unwrap(), "ada@example.com");

    type_into(&root, "input[name=password]", "nope nope").await;
    click(&root, "button[type=submit]").await;
    let alert = find(
        &root,
        "[role=alert][data-error-code=form_password_incorrect]",
    )
    .await;
    assert_eq!(
        alert.get_attribute("data-localization-key").as_deref(),
        Some("unstable__errors.form_password_incorrect")
    );
    assert!(alert
        .text_content()
        .unwrap()
        .starts_with("Password is incorrect. Try again"));
    let password = find(&root, "input[name=password]").await;
    assert_eq!(
        password.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(password.get_attribute("aria-describedby"), Some(alert.id()));
    sleep(30).await;
    assert_eq!(active_element(), Some(password));
}

#[wasm_bindgen_test]
async fn without_passwords_the_code_is_emailed_and_asked_for() {
    let fapi = fapi(&["email_code"], false, None);
    fapi.on(
        "POST",
        "/client/sign_ins",
        200,
        envelope(sign_in("needs_first_factor", &["email_code"]), Value::Null),
    );
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/prepare_first_factor",
        200,
        envelope(sign_in("needs_first_factor", &["email_code"]), Value::Null),
    );
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/attempt_first_factor",
        422,
        error("form_code_incorrect", Some("code"), "Incorrect code"),
    );
    let root = render(&runtime(&fapi), None, html! { <SignIn /> });
    type_into(&root, "input[name=identifier]", "ada@example.com").await;
    click(&root, "button[type=submit]").await;
    find(&root, "[data-step=email-code]").await;
    let prepared = fapi.sent("/client/sign_ins/sia_1/prepare_first_factor");
    assert_eq!(prepared.len(), 1);
    let body = prepared[0].body.clone().unwrap_or_default();
    assert!(
        body.contains("strategy=email_code") && body.contains("email_address_id=idn_1"),
        "{body}"
    );
    let subtitle = find(&root, "[data-localization-key='signIn.emailCode.subtitle']").await;
    assert_eq!(subtitle.text_content().unwrap(), "to continue to Acme");
    let identity = find(&root, ".tessera-identity [data-user-data]").await;
    assert_eq!(identity.text_content().unwrap(), "ada@example.com");
    // Focus starts in the code field.
    sleep(30).await;
    assert_eq!(
        active_element(),
        Some(find(&root, "input[name=code]").await)
    );

    type_into(&root, "input[name=code]", "000000").await;
    click(&root, "button[type=submit]").await;
    find(&root, "[role=alert][data-error-code=form_code_incorrect]").await;
    // Resend prepares again.
    click(
        &root,
        "[data-localization-key='signIn.emailCode.resendButton']",
    )
    .await;
    sleep(30).await;
    assert_eq!(
        fapi.sent("/client/sign_ins/sia_1/prepare_first_factor")
            .len(),
        2
    );
}

#[wasm_bindgen_test]
async fn forgot_password_goes_through_the_reset_code_to_a_new_password() {
    let fapi = fapi(ALL, false, None);
    fapi.on(
        "POST",
        "/client/sign_ins",
        200,
        envelope(sign_in("needs_first_factor", ALL), Value::Null),
    );
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/prepare_first_factor",
        200,
        envelope(sign_in("needs_first_factor", ALL), Value::Null),
    );
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/attempt_first_factor",
        200,
        envelope(sign_in("needs_new_password", ALL), Value::Null),
    );
    let root = render(&runtime(&fapi), None, html! { <SignIn /> });
    type_into(&root, "input[name=identifier]", "ada@example.com").await;
    click(&root, "button[type=submit]").await;
    click(
        &root,
        "[data-localization-key=formFieldAction__forgotPassword]",
    )
    .await;
    find(&root, "[data-step=forgot-password]").await;
    let body = fapi.sent("/client/sign_ins/sia_1/prepare_first_factor")[0]
        .body
        .clone()
        .unwrap_or_default();
    assert!(
        body.contains("strategy=reset_password_email_code"),
        "{body}"
    );
    type_into(&root, "input[name=code]", "424242").await;
    click(&root, "button[type=submit]").await;
    find(&root, "[data-step=reset-password]").await;
    assert!(fapi.sent("/client/sign_ins/sia_1/attempt_first_factor")[0]
        .body
        .as_deref()
        .unwrap_or_default()
        .contains("code=424242"));
    type_into(&root, "input[name=password]", "a new password").await;
    type_into(&root, "input[name=confirmPassword]", "another one").await;
    click(&root, "button[type=submit]").await;
    let alert = find(
        &root,
        "[role=alert][data-localization-key=formFieldError__notMatchingPasswords]",
    )
    .await;
    assert_eq!(alert.text_content().unwrap(), "Passwords don’t match.");
    assert!(fapi
        .sent("/client/sign_ins/sia_1/reset_password")
        .is_empty());
}

#[wasm_bindgen_test]
async fn a_completed_sign_in_activates_the_session_and_redirects() {
    let fapi = fapi(ALL, false, None);
    let mut complete = sign_in("complete", ALL);
    complete["created_session_id"] = json!("sess_1");
    fapi.on(
        "POST",
        "/client/sign_ins",
        200,
        envelope(sign_in("needs_first_factor", ALL), Value::Null),
    );
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/attempt_first_factor",
        200,
        envelope(complete, signed_in_client()),
    );
    fapi.on(
        "POST",
        "/client/sessions/sess_1/touch",
        200,
        envelope(Value::Null, signed_in_client()),
    );
    // An unsigned token (the browser never verifies signatures).
    let claims = r#"{"sid":"sess_1","sub":"user_1","iat":1795003200,"nbf":1795003200,"exp":1795003260,"iss":"https://fapi.test","v":2}"#;
    let jwt = format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", base64url(claims));
    fapi.on(
        "POST",
        "/client/sessions/sess_1/tokens",
        200,
        json!({"object": "token", "jwt": jwt}),
    );
    let (seen, navigate) = navigations();
    let root = render(
        &runtime(&fapi),
        None,
        html! { <SignIn after_sign_in_url="/dashboard" {navigate} /> },
    );
    type_into(&root, "input[name=identifier]", "ada@example.com").await;
    click(&root, "button[type=submit]").await;
    type_into(&root, "input[name=password]", "correct horse").await;
    click(&root, "button[type=submit]").await;
    for _ in 0..50 {
        if !seen.borrow().is_empty() {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(*seen.borrow(), vec!["/dashboard".to_owned()]);
    assert_eq!(fapi.sent("/client/sessions/sess_1/touch").len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Second factor

fn totp() -> Value {
    json!({"strategy": "totp"})
}

fn phone(id: &str, masked: &str, primary: bool) -> Value {
    json!({"strategy": "phone_code", "safe_identifier": masked, "phone_number_id": id, "primary": primary})
}

fn backup_code() -> Value {
    json!({"strategy": "backup_code"})
}

fn needs_second_factor(factors: &[Value]) -> Value {
    let mut attempt = sign_in("needs_second_factor", &[]);
    attempt["supported_second_factors"] = json!(factors);
    attempt
}

/// A fake FAPI where the password is right and the account has these second factors.
fn fapi_with_second_factors(factors: &[Value]) -> FakeFapi {
    let fapi = fapi(ALL, false, None);
    fapi.on(
        "POST",
        "/client/sign_ins",
        200,
        envelope(sign_in("needs_first_factor", ALL), Value::Null),
    );
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/attempt_first_factor",
        200,
        envelope(needs_second_factor(factors), Value::Null),
    );
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/prepare_second_factor",
        200,
        envelope(needs_second_factor(factors), Value::Null),
    );
    fapi
}

/// Identifier and password, up to the second-factor step `step`.
async fn past_the_password(root: &web_sys::Element, step: &str) -> web_sys::Element {
    type_into(root, "input[name=identifier]", "ada@example.com").await;
    click(root, "button[type=submit]").await;
    type_into(root, "input[name=password]", "correct horse").await;
    click(root, "button[type=submit]").await;
    find(root, &format!("[data-step={step}]")).await
}

fn body(request: &tessera_sdk::transport::HttpRequest) -> String {
    request.body.clone().unwrap_or_default()
}

fn text(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} missing in {}", root.inner_html()))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn an_authenticator_code_completes_the_sign_in_and_redirects() {
    let fapi = fapi_with_second_factors(&[totp(), backup_code()]);
    let mut complete = sign_in("complete", &[]);
    complete["created_session_id"] = json!("sess_1");
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/attempt_second_factor",
        200,
        envelope(complete, signed_in_client()),
    );
    fapi.on(
        "POST",
        "/client/sessions/sess_1/touch",
        200,
        envelope(Value::Null, signed_in_client()),
    );
    let claims = r#"{"sid":"sess_1","sub":"user_1","iat":1795003200,"nbf":1795003200,"exp":1795003260,"iss":"https://fapi.test","v":2}"#;
    let jwt = format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", base64url(claims));
    fapi.on(
        "POST",
        "/client/sessions/sess_1/tokens",
        200,
        json!({"object": "token", "jwt": jwt}),
    );
    let (seen, navigate) = navigations();
    let root = render(
        &runtime(&fapi),
        None,
        html! { <SignIn after_sign_in_url="/dashboard" {navigate} /> },
    );
    past_the_password(&root, "totp-mfa").await;
    assert_eq!(
        text(&root, "h1[data-localization-key='signIn.totpMfa.title']"),
        "Two-step verification"
    );
    assert_eq!(
        text(&root, "[data-localization-key='signIn.totpMfa.subtitle']"),
        "To continue, please enter the verification code generated by your authenticator app"
    );
    let input = find(&root, "input[name=code]").await;
    let label = text(&root, &format!("label[for='{}']", input.id()));
    assert_eq!(label, "Verification code");
    assert_eq!(
        input.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    // Nothing is sent for an authenticator code: no prepare.
    assert!(fapi
        .sent("/client/sign_ins/sia_1/prepare_second_factor")
        .is_empty());
    sleep(30).await;
    assert_eq!(active_element(), Some(input));
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );

    type_into(&root, "input[name=code]", "123456").await;
    click(&root, "button[type=submit]").await;
    for _ in 0..50 {
        if !seen.borrow().is_empty() {
            break;
        }
        sleep(20).await;
    }
    let attempted = fapi.sent("/client/sign_ins/sia_1/attempt_second_factor");
    assert_eq!(attempted.len(), 1);
    assert_eq!(body(&attempted[0]), "strategy=totp&code=123456");
    assert_eq!(*seen.borrow(), vec!["/dashboard".to_owned()]);
    assert_eq!(fapi.sent("/client/sessions/sess_1/touch").len(), 1);
}

#[wasm_bindgen_test]
async fn an_sms_only_account_gets_its_code_texted_and_a_wrong_code_is_refused_in_french() {
    let fapi = fapi_with_second_factors(&[phone("idn_p1", "+1*******0101", true)]);
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/attempt_second_factor",
        422,
        error("form_code_incorrect", Some("code"), "Incorrect code"),
    );
    let root = render(
        &runtime(&fapi),
        Some(tessera_components::localization::Localization::fr_fr()),
        html! { <SignIn /> },
    );
    past_the_password(&root, "phone-code-mfa").await;
    // The code was texted at once, to the account's phone.
    let prepared = fapi.sent("/client/sign_ins/sia_1/prepare_second_factor");
    assert_eq!(prepared.len(), 1);
    assert_eq!(
        body(&prepared[0]),
        "strategy=phone_code&phone_number_id=idn_p1"
    );
    assert_eq!(
        text(
            &root,
            "h1[data-localization-key='signIn.phoneCodeMfa.title']"
        ),
        "Consultez votre téléphone"
    );
    assert_eq!(
        text(&root, ".tessera-identity [data-user-data]"),
        "+1*******0101"
    );
    // One factor: nothing else to offer.
    assert!(root
        .query_selector("[data-localization-key=footerActionLink__useAnotherMethod]")
        .unwrap()
        .is_none());

    type_into(&root, "input[name=code]", "000000").await;
    click(&root, "button[type=submit]").await;
    let alert = find(&root, "[role=alert][data-error-code=form_code_incorrect]").await;
    assert_eq!(
        alert.get_attribute("data-localization-key").as_deref(),
        Some("unstable__errors.form_code_incorrect")
    );
    assert_eq!(
        alert.text_content().unwrap(),
        "Code incorrect. Veuillez réessayer."
    );
    let input = find(&root, "input[name=code]").await;
    assert_eq!(input.get_attribute("aria-describedby"), Some(alert.id()));
    sleep(30).await;
    assert_eq!(active_element(), Some(input));
    assert!(
        body(&fapi.sent("/client/sign_ins/sia_1/attempt_second_factor")[0])
            .contains("strategy=phone_code&code=000000")
    );

    // "Resend" texts another code to the same phone.
    click(
        &root,
        "[data-localization-key='signIn.phoneCodeMfa.resendButton']",
    )
    .await;
    sleep(30).await;
    let prepared = fapi.sent("/client/sign_ins/sia_1/prepare_second_factor");
    assert_eq!(prepared.len(), 2);
    assert!(body(&prepared[1]).contains("phone_number_id=idn_p1"));
}

#[wasm_bindgen_test]
async fn use_another_method_switches_between_the_second_factors() {
    let fapi = fapi_with_second_factors(&[
        totp(),
        phone("idn_p1", "+1*******0101", false),
        backup_code(),
    ]);
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/attempt_second_factor",
        422,
        error("form_code_incorrect", Some("code"), "Incorrect code"),
    );
    let root = render(&runtime(&fapi), None, html! { <SignIn /> });
    past_the_password(&root, "totp-mfa").await;

    click(
        &root,
        "[data-localization-key=footerActionLink__useAnotherMethod]",
    )
    .await;
    find(&root, "[data-step=alternative-methods]").await;
    assert_eq!(
        text(
            &root,
            "h1[data-localization-key='signIn.alternativeMethods.title']"
        ),
        "Use another method"
    );
    let choices: Vec<String> = all(&root, ".tessera-actions button")
        .iter()
        .map(|b| b.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        choices,
        [
            "Send SMS code to +1*******0101",
            "Use a backup code",
            "Back"
        ]
    );
    // Keyboard users land on the first choice.
    sleep(30).await;
    assert_eq!(
        active_element(),
        Some(find(&root, ".tessera-actions button").await)
    );
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );
    // Back returns to the authenticator code.
    click(&root, "[data-localization-key=backButton]").await;
    find(&root, "[data-step=totp-mfa]").await;

    // SMS: texted to the phone picked.
    click(
        &root,
        "[data-localization-key=footerActionLink__useAnotherMethod]",
    )
    .await;
    click(
        &root,
        "[data-localization-key='signIn.alternativeMethods.blockButton__phoneCode']",
    )
    .await;
    find(&root, "[data-step=phone-code-mfa]").await;
    let prepared = fapi.sent("/client/sign_ins/sia_1/prepare_second_factor");
    assert_eq!(prepared.len(), 1);
    assert_eq!(
        body(&prepared[0]),
        "strategy=phone_code&phone_number_id=idn_p1"
    );
    assert_eq!(
        text(&root, ".tessera-identity [data-user-data]"),
        "+1*******0101"
    );

    // Backup code: a text field of its own, errors next to it.
    click(
        &root,
        "[data-localization-key=footerActionLink__useAnotherMethod]",
    )
    .await;
    let choices: Vec<String> = all(&root, ".tessera-actions button")
        .iter()
        .map(|b| b.get_attribute("data-localization-key").unwrap_or_default())
        .collect();
    assert_eq!(
        choices,
        [
            "signIn.alternativeMethods.blockButton__totp",
            "signIn.alternativeMethods.blockButton__backupCode",
            "backButton"
        ]
    );
    click(
        &root,
        "[data-localization-key='signIn.alternativeMethods.blockButton__backupCode']",
    )
    .await;
    find(&root, "[data-step=backup-code-mfa]").await;
    assert_eq!(
        text(
            &root,
            "h1[data-localization-key='signIn.backupCodeMfa.title']"
        ),
        "Enter a backup code"
    );
    let input = find(&root, "input[name=backupCode]").await;
    assert_eq!(input.get_attribute("type").as_deref(), Some("text"));
    assert_eq!(input.get_attribute("maxlength"), None);
    assert_eq!(
        text(&root, &format!("label[for='{}']", input.id())),
        "Backup code"
    );
    type_into(&root, "input[name=backupCode]", "abcd2345").await;
    click(&root, "button[type=submit]").await;
    let alert = find(&root, "[role=alert][data-error-code=form_code_incorrect]").await;
    assert_eq!(
        alert.text_content().unwrap(),
        "Incorrect code. Please try again."
    );
    assert_eq!(input.get_attribute("aria-describedby"), Some(alert.id()));
    sleep(30).await;
    assert_eq!(active_element(), Some(input));
    let attempted = fapi.sent("/client/sign_ins/sia_1/attempt_second_factor");
    assert_eq!(body(&attempted[0]), "strategy=backup_code&code=abcd2345");
}

#[wasm_bindgen_test]
async fn a_locked_account_shows_the_localized_lockout_above_the_form() {
    let fapi = fapi_with_second_factors(&[totp()]);
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/attempt_second_factor",
        403,
        error(
            "user_locked",
            None,
            "Your account is locked after too many failed attempts. You can try again in 60 minutes.",
        ),
    );
    let root = render(&runtime(&fapi), None, html! { <SignIn /> });
    past_the_password(&root, "totp-mfa").await;
    type_into(&root, "input[name=code]", "111111").await;
    click(&root, "button[type=submit]").await;
    let alert = find(
        &root,
        ".tessera-alert[role=alert][data-error-code=user_locked]",
    )
    .await;
    assert_eq!(
        alert.get_attribute("data-localization-key").as_deref(),
        Some("unstable__errors.user_locked")
    );
    assert_eq!(
        alert.text_content().unwrap(),
        "Your account is locked. Please try again later."
    );
    sleep(30).await;
    assert_eq!(active_element(), Some(alert));
    // The button is usable again (not stuck loading).
    let button = find(&root, "button[type=submit]").await;
    assert_eq!(button.get_attribute("disabled"), None);
}

// ---------------------------------------------------------------------------------------------
// Against a running server (skipped without `TESSERA_TEST_FAPI_URL` at compile time)

const FAPI_URL: Option<&str> = option_env!("TESSERA_TEST_FAPI_URL");
const PASSWORD: &str = "correct horse battery staple";

/// A user with a verified test phone (`+1 201 555 01xx`, code 424242) as second factor and a set
/// of backup codes, signed out again; returns the backup codes.
async fn enrol_second_factors(runtime: &tessera_sdk::Runtime, email: &str) -> Vec<String> {
    use tessera_sdk::resources::sign_up::SignUpFields;
    use tessera_sdk::transport::{Form, Method};
    let sign_up = runtime
        .sign_up()
        .create(SignUpFields {
            email_address: Some(email.to_owned()),
            password: Some(PASSWORD.to_owned()),
            ..Default::default()
        })
        .await
        .unwrap();
    runtime
        .sign_up()
        .prepare_verification(&sign_up.id, "email_code")
        .await
        .unwrap();
    runtime
        .sign_up()
        .attempt_verification(&sign_up.id, "email_code", "424242")
        .await
        .unwrap();
    assert!(runtime.snapshot().is_signed_in());

    let fapi = runtime.fapi();
    let mut phone_id = None;
    let start = js_sys::Date::now() as u64;
    for n in 0..100 {
        let number = format!("+1201555{:04}", 100 + (start + n) % 100);
        let form = Form::new().field("phone_number", number);
        if let Ok(created) = fapi.call(Method::Post, "/me/phone_numbers", form).await {
            phone_id = Some(created.get("response").string("id"));
            break;
        }
    }
    let phone_id = phone_id.expect("a free test phone number");
    let path = |tail: &str| ["/me/phone_numbers/", phone_id.as_str(), tail].concat();
    fapi.call(
        Method::Post,
        &path("/prepare_verification"),
        Form::new().field("strategy", "phone_code"),
    )
    .await
    .unwrap();
    fapi.call(
        Method::Post,
        &path("/attempt_verification"),
        Form::new().field("code", "424242"),
    )
    .await
    .unwrap();
    fapi.call(
        Method::Patch,
        &path(""),
        Form::new().field("reserved_for_second_factor", "true"),
    )
    .await
    .unwrap();
    let codes = fapi
        .call(Method::Post, "/me/backup_codes", Form::new())
        .await
        .unwrap()
        .get("response")
        .strings("codes");
    assert_eq!(codes.len(), 10);
    runtime
        .sign_out(tessera_sdk::SignOut::default())
        .await
        .unwrap();
    codes
}

async fn wait_for_navigation(seen: &Rc<RefCell<Vec<String>>>) {
    for _ in 0..150 {
        if !seen.borrow().is_empty() {
            return;
        }
        sleep(20).await;
    }
    panic!("no redirect");
}

#[wasm_bindgen_test]
async fn second_factor_sign_in_against_the_server() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        wasm_bindgen_test::console_log!(
            "skipped: TESSERA_TEST_FAPI_URL was not set at compile time"
        );
        return;
    };
    use tessera_sdk::cookies::Cookies as _;
    tessera_sdk::cookies::DocumentCookies.set(tessera_sdk::cookies::DEV_BROWSER, None);
    let runtime = tessera_sdk::Runtime::in_browser(url).unwrap();
    runtime.load().await.unwrap();
    let email = format!(
        "ui-mfa-{}+clerk_test@example.com",
        js_sys::Date::now() as u64
    );
    let backup = enrol_second_factors(&runtime, &email).await;
    assert!(!runtime.snapshot().is_signed_in());

    // SMS first (no authenticator app): a wrong code is refused, the test code gets in.
    let (seen, navigate) = navigations();
    let root = render(
        &runtime,
        None,
        html! { <SignIn after_sign_in_url="/after" {navigate} /> },
    );
    type_into(&root, "input[name=identifier]", &email).await;
    click(&root, "button[type=submit]").await;
    type_into(&root, "input[name=password]", PASSWORD).await;
    click(&root, "button[type=submit]").await;
    find(&root, "[data-step=phone-code-mfa]").await;
    let masked = text(&root, ".tessera-identity [data-user-data]");
    assert!(masked.starts_with("+1") && masked.contains('*'), "{masked}");
    type_into(&root, "input[name=code]", "000000").await;
    click(&root, "button[type=submit]").await;
    find(&root, "[role=alert][data-error-code=form_code_incorrect]").await;
    type_into(&root, "input[name=code]", "424242").await;
    click(&root, "button[type=submit]").await;
    wait_for_navigation(&seen).await;
    assert_eq!(*seen.borrow(), vec!["/after".to_owned()]);
    assert!(runtime.snapshot().is_signed_in());
    root.remove();

    // Again with a backup code, through "Use another method".
    runtime
        .sign_out(tessera_sdk::SignOut::default())
        .await
        .unwrap();
    let (seen, navigate) = navigations();
    let root = render(
        &runtime,
        None,
        html! { <SignIn after_sign_in_url="/after" {navigate} /> },
    );
    type_into(&root, "input[name=identifier]", &email).await;
    click(&root, "button[type=submit]").await;
    type_into(&root, "input[name=password]", PASSWORD).await;
    click(&root, "button[type=submit]").await;
    find(&root, "[data-step=phone-code-mfa]").await;
    click(
        &root,
        "[data-localization-key=footerActionLink__useAnotherMethod]",
    )
    .await;
    click(
        &root,
        "[data-localization-key='signIn.alternativeMethods.blockButton__backupCode']",
    )
    .await;
    find(&root, "[data-step=backup-code-mfa]").await;
    type_into(&root, "input[name=backupCode]", &backup[0]).await;
    click(&root, "button[type=submit]").await;
    wait_for_navigation(&seen).await;
    assert!(runtime.snapshot().is_signed_in());
    root.remove();
}

fn base64url(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}
