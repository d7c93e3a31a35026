//! SignUp in a real browser: fields from the environment and from the SignUp object, the
//! email-code step.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::{json, Value};
use tessera_components::SignUp;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn sign_up(missing: &[&str], unverified: &[&str], strategy: Option<&str>) -> Value {
    json!({
        "object": "sign_up_attempt", "id": "sua_1", "status": "missing_requirements",
        "required_fields": ["email_address", "password"], "optional_fields": ["first_name", "last_name"],
        "missing_fields": missing, "unverified_fields": unverified,
        "email_address": "ada+clerk_test@example.com", "first_name": null, "last_name": null,
        "verifications": {"email_address": {"status": "unverified", "strategy": strategy}},
        "created_session_id": null
    })
}

#[wasm_bindgen_test]
async fn the_form_has_the_fields_the_environment_enables_then_verifies_the_email() {
    let fapi = fapi(&["password"], true, None);
    fapi.on(
        "POST",
        "/client/sign_ups",
        200,
        envelope(sign_up(&[], &["email_address"], None), Value::Null),
    );
    fapi.on(
        "POST",
        "/client/sign_ups/sua_1/prepare_verification",
        200,
        envelope(
            sign_up(&[], &["email_address"], Some("email_code")),
            Value::Null,
        ),
    );
    fapi.on(
        "POST",
        "/client/sign_ups/sua_1/attempt_verification",
        422,
        error("form_code_incorrect", Some("code"), "Incorrect code"),
    );
    let root = render(
        &runtime(&fapi),
        None,
        html! { <SignUp sign_in_url="/login" /> },
    );
    find(&root, "[data-tessera-component=sign-up][data-step=start]").await;
    let names: Vec<String> = all(&root, "input")
        .iter()
        .filter_map(|i| i.get_attribute("name"))
        .collect();
    assert_eq!(names, ["firstName", "lastName", "emailAddress", "password"]);
    // The start step opens with focus on its first field.
    sleep(20).await;
    assert_eq!(
        active_element()
            .and_then(|e| e.get_attribute("name"))
            .as_deref(),
        Some("firstName")
    );
    // Names are optional here, and say so.
    assert_eq!(
        all(&root, "[data-localization-key=formFieldHintText__optional]").len(),
        2
    );
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );

    type_into(&root, "input[name=firstName]", "Ada").await;
    type_into(
        &root,
        "input[name=emailAddress]",
        "ada+clerk_test@example.com",
    )
    .await;
    type_into(&root, "input[name=password]", "correct horse battery").await;
    click(&root, "button[type=submit]").await;
    find(&root, "[data-step=verify-email]").await;
    let body = fapi.sent("/client/sign_ups")[0]
        .body
        .clone()
        .unwrap_or_default();
    assert!(
        body.contains("first_name=Ada")
            && body.contains("email_address=ada%2Bclerk_test%40example.com"),
        "{body}"
    );
    assert!(
        !body.contains("last_name"),
        "empty optional fields are not sent: {body}"
    );
    assert_eq!(
        fapi.sent("/client/sign_ups/sua_1/prepare_verification")
            .len(),
        1
    );
    let identity = find(&root, ".tessera-identity [data-user-data]").await;
    assert_eq!(
        identity.text_content().unwrap(),
        "ada+clerk_test@example.com"
    );

    type_into(&root, "input[name=code]", "111111").await;
    click(&root, "button[type=submit]").await;
    let alert = find(&root, "[role=alert][data-error-code=form_code_incorrect]").await;
    assert_eq!(
        alert.text_content().unwrap(),
        "Incorrect code. Please try again."
    );
}

#[wasm_bindgen_test]
async fn fields_the_sign_up_reports_missing_are_asked_for_even_when_the_environment_hides_them() {
    let fapi = fapi(&["password"], false, None);
    fapi.on(
        "POST",
        "/client/sign_ups",
        200,
        envelope(sign_up(&["first_name"], &[], None), Value::Null),
    );
    let root = render(&runtime(&fapi), None, html! { <SignUp /> });
    find(&root, "[data-step=start]").await;
    assert!(root
        .query_selector("input[name=firstName]")
        .unwrap()
        .is_none());
    type_into(
        &root,
        "input[name=emailAddress]",
        "ada+clerk_test@example.com",
    )
    .await;
    type_into(&root, "input[name=password]", "correct horse battery").await;
    click(&root, "button[type=submit]").await;
    let first_name = find(&root, "input[name=firstName][aria-invalid=true]").await;
    find(&root, "[role=alert][data-error-code=form_param_missing]").await;
    sleep(30).await;
    assert_eq!(active_element(), Some(first_name));
    // The next submit updates the same sign-up instead of starting another.
    fapi.on(
        "PATCH",
        "/client/sign_ups/sua_1",
        200,
        envelope(
            sign_up(&[], &["email_address"], Some("email_code")),
            Value::Null,
        ),
    );
    type_into(&root, "input[name=firstName]", "Ada").await;
    click(&root, "button[type=submit]").await;
    find(&root, "[data-step=verify-email]").await;
    assert_eq!(fapi.sent("/client/sign_ups").len(), 1);
    // Already prepared (strategy reported): no second email.
    assert!(fapi
        .sent("/client/sign_ups/sua_1/prepare_verification")
        .is_empty());
}

#[wasm_bindgen_test]
async fn a_taken_email_is_shown_on_the_email_field() {
    let fapi = fapi(&["password"], false, None);
    fapi.on(
        "POST",
        "/client/sign_ups",
        422,
        error(
            "form_identifier_exists",
            Some("email_address"),
            "That email address is taken.",
        ),
    );
    let root = render(&runtime(&fapi), None, html! { <SignUp /> });
    type_into(&root, "input[name=emailAddress]", "ada@example.com").await;
    type_into(&root, "input[name=password]", "correct horse battery").await;
    click(&root, "button[type=submit]").await;
    let alert = find(
        &root,
        "[role=alert][data-error-code=form_identifier_exists]",
    )
    .await;
    let email = find(&root, "input[name=emailAddress]").await;
    assert_eq!(email.get_attribute("aria-describedby"), Some(alert.id()));
}

#[wasm_bindgen_test]
async fn an_invitation_ticket_signs_up_without_the_email_field_or_a_code() {
    let fapi = fapi(&["password"], true, None);
    let mut complete = sign_up(&[], &[], None);
    complete["status"] = json!("complete");
    complete["created_session_id"] = json!("sess_1");
    fapi.on(
        "POST",
        "/client/sign_ups",
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
    fapi.on(
        "POST",
        "/client/sessions/sess_1/tokens",
        200,
        json!({"object": "token", "jwt": "eyJhbGciOiJSUzI1NiJ9.eyJzaWQiOiJzZXNzXzEiLCJzdWIiOiJ1c2VyXzEiLCJpYXQiOjE3OTUwMDMyMDAsIm5iZiI6MTc5NTAwMzIwMCwiZXhwIjoxNzk1MDAzMjYwLCJpc3MiOiJodHRwczovL2ZhcGkudGVzdCIsInYiOjJ9.c2ln"}),
    );
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let navigate = {
        let seen = seen.clone();
        Callback::from(move |url: String| seen.borrow_mut().push(url))
    };
    let root = render(
        &runtime(&fapi),
        None,
        html! { <SignUp ticket="tkt_invited" after_sign_up_url="/joined" {navigate} /> },
    );
    find(&root, "[data-tessera-component=sign-up][data-step=start]").await;
    let names: Vec<String> = all(&root, "input")
        .iter()
        .filter_map(|i| i.get_attribute("name"))
        .collect();
    // The invited address comes with the ticket.
    assert_eq!(names, ["firstName", "lastName", "password"]);
    type_into(&root, "input[name=password]", "correct horse battery").await;
    click(&root, "button[type=submit]").await;
    for _ in 0..100 {
        if !seen.borrow().is_empty() {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(*seen.borrow(), vec!["/joined".to_owned()]);
    let body = fapi.sent("/client/sign_ups")[0]
        .body
        .clone()
        .unwrap_or_default();
    assert!(
        body.contains("strategy=ticket")
            && body.contains("ticket=tkt_invited")
            && !body.contains("email_address"),
        "{body}"
    );
    assert!(fapi
        .sent("/client/sign_ups/sua_1/prepare_verification")
        .is_empty());
}
