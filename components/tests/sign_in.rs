//! SignIn in a real browser against a scripted Frontend API: each step, inline errors, focus,
//! the redirect.
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
