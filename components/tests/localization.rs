//! Localization in the rendered components: overrides, fr-FR, the pseudo-locale (no visible text
//! escapes localization) and server errors by code.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::Value;
use tessera_components::localization::Localization;
use tessera_components::{SignIn, SignUp, UserButton};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const ALL: &[&str] = &["password", "email_code", "reset_password_email_code"];

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_deep_partial_prop_overrides_the_provider_locale() {
    let fapi = fapi(ALL, false, None);
    let ours = Localization::from_json(
        r#"{"signIn":{"start":{"title":"Bienvenue chez {{applicationName}} !"}}}"#,
    )
    .unwrap();
    let root = render(
        &runtime(&fapi),
        Some(Localization::fr_fr()),
        html! { <SignIn localization={ours} /> },
    );
    find(&root, "[data-step=start]").await;
    assert_eq!(text(&root, "h1"), "Bienvenue chez Acme !");
    // The rest is the provider's French.
    assert_eq!(text(&root, "label"), "Adresse e-mail");
    assert_eq!(text(&root, "button[type=submit]"), "Continuer");
}

#[wasm_bindgen_test]
async fn server_errors_are_localized_by_code_with_the_server_message_as_fallback() {
    let fapi = fapi(ALL, false, None);
    fapi.on(
        "POST",
        "/client/sign_ins",
        422,
        error(
            "form_identifier_not_found",
            Some("identifier"),
            "Couldn't find your account.",
        ),
    );
    let root = render(
        &runtime(&fapi),
        Some(Localization::fr_fr()),
        html! { <SignIn /> },
    );
    type_into(&root, "input[name=identifier]", "nobody@example.com").await;
    click(&root, "button[type=submit]").await;
    let alert = find(
        &root,
        "[role=alert][data-error-code=form_identifier_not_found]",
    )
    .await;
    assert_eq!(
        alert.text_content().unwrap(),
        "Nous n’avons pas trouvé votre compte."
    );

    let fapi = fapi_with_unknown_error();
    let root = render(
        &runtime(&fapi),
        Some(Localization::fr_fr()),
        html! { <SignIn /> },
    );
    type_into(&root, "input[name=identifier]", "ada@example.com").await;
    click(&root, "button[type=submit]").await;
    let alert = find(&root, "[role=alert][data-error-code=brand_new_code]").await;
    assert_eq!(alert.text_content().unwrap(), "The server explains it.");
    // An error about no field on screen goes above the form.
    assert!(alert.class_name().contains("tessera-alert"));
}

fn fapi_with_unknown_error() -> FakeFapi {
    let fapi = fapi(ALL, false, None);
    fapi.on(
        "POST",
        "/client/sign_ins",
        400,
        error("brand_new_code", None, "The server explains it."),
    );
    fapi
}

/// Every state rendered in en-XA: each visible string is pseudo-localized (bracketed) and sits
/// under a `data-localization-key`; only user data is exempt.
#[wasm_bindgen_test]
async fn the_pseudo_locale_leaves_no_visible_text_unlocalized() {
    let check = |root: &Element, state: &str| {
        let missing = unlocalized_text(root);
        assert!(missing.is_empty(), "{state}: unlocalized text {missing:?}");
        for keyed in all(root, "[data-localization-key]") {
            let text = keyed.text_content().unwrap_or_default();
            if !text.trim().is_empty() {
                assert!(
                    text.trim().starts_with('['),
                    "{state}: {text} is not pseudo-localized"
                );
            }
        }
    };
    let xa = || Some(Localization::en_xa());

    let fapi = fapi(ALL, true, None);
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
        422,
        error("form_password_incorrect", Some("password"), "x"),
    );
    fapi.on(
        "POST",
        "/client/sign_ins/sia_1/attempt_first_factor",
        200,
        envelope(sign_in("needs_new_password", ALL), Value::Null),
    );
    let root = render(&runtime(&fapi), xa(), html! { <SignIn /> });
    find(&root, "[data-step=start]").await;
    assert_eq!(text(&root, "h1"), "[Šíĝñ íñ ţö Acme]");
    check(&root, "sign-in start");
    type_into(&root, "input[name=identifier]", "ada@example.com").await;
    click(&root, "button[type=submit]").await;
    find(&root, "[data-step=password]").await;
    check(&root, "sign-in password");
    type_into(&root, "input[name=password]", "wrong").await;
    click(&root, "button[type=submit]").await;
    find(&root, "[role=alert]").await;
    check(&root, "sign-in password error");
    click(
        &root,
        "[data-localization-key='signIn.password.actionLink']",
    )
    .await;
    find(&root, "[data-step=email-code]").await;
    check(&root, "sign-in email code");
    click(&root, "[data-localization-key=formButtonEdit]").await;
    type_into(&root, "input[name=identifier]", "ada@example.com").await;
    click(&root, "button[type=submit]").await;
    click(
        &root,
        "[data-localization-key=formFieldAction__forgotPassword]",
    )
    .await;
    find(&root, "[data-step=forgot-password]").await;
    check(&root, "sign-in forgot password");
    type_into(&root, "input[name=code]", "424242").await;
    click(&root, "button[type=submit]").await;
    find(&root, "[data-step=reset-password]").await;
    check(&root, "sign-in reset password");

    let fapi = common::fapi(ALL, true, None);
    let root = render(&runtime(&fapi), xa(), html! { <SignUp /> });
    find(&root, "[data-step=start]").await;
    check(&root, "sign-up start");

    let fapi = common::fapi(ALL, true, Some(signed_in_client()));
    let root = render(&runtime(&fapi), xa(), html! { <UserButton /> });
    click(&root, "button[aria-haspopup=menu]").await;
    find(&root, "[role=menu]").await;
    check(&root, "user button open");
}
