//! The components against a running `tessera-server`, through the JS mounting entry points:
//! sign up with an email code, sign out from the UserButton, sign in with a wrong then a right
//! password, forgot password. The server URL is fixed at compile time; without it the test
//! prints a note and passes: `TESSERA_TEST_FAPI_URL=http://127.0.0.1:PORT wasm-pack test … components`.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use js_sys::{Object, Reflect};
use tessera_components::js::{mount_sign_in, mount_sign_up, mount_user_button, unmount};
use tessera_sdk::cookies::Cookies as _;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const FAPI_URL: Option<&str> = option_env!("TESSERA_TEST_FAPI_URL");
const PASSWORD: &str = "correct horse battery staple";

fn props(url: &str, locale: Option<&str>) -> JsValue {
    let props = Object::new();
    let set = |k: &str, v: &str| {
        Reflect::set(&props, &k.into(), &v.into()).unwrap();
    };
    set("frontendApi", url);
    // Stay on the test page: a hash change is a navigation that does not unload.
    set("afterSignInUrl", "#signed-in");
    set("afterSignUpUrl", "#signed-up");
    set("afterSignOutUrl", "#signed-out");
    match locale {
        // French is not built into the JS mounts: the package ships it as the module
        // `@tessera/js/locales/fr-FR`, generated from this file, passed as `localization`.
        Some("fr-FR") => {
            let fr = js_sys::JSON::parse(include_str!("../locales/fr-FR.json")).unwrap();
            Reflect::set(&props, &"localization".into(), &fr).unwrap();
        }
        Some(locale) => set("locale", locale),
        None => {}
    }
    props.into()
}

fn element() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&el).unwrap();
    el
}

async fn wait_gone(root: &Element, selector: &str) {
    for _ in 0..150 {
        if root.query_selector(selector).unwrap().is_none() {
            return;
        }
        sleep(20).await;
    }
    panic!("{selector} stayed");
}

#[wasm_bindgen_test]
async fn sign_up_sign_out_and_sign_in_against_the_server() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("skipped: TESSERA_TEST_FAPI_URL was not set at compile time");
        return;
    };
    tessera_sdk::cookies::DocumentCookies.set(tessera_sdk::cookies::DEV_BROWSER, None);
    let email = format!("ui-{}+clerk_test@example.com", js_sys::Date::now() as u64);

    // Sign up: email + password, then the test-mode code.
    let form = element();
    mount_sign_up(form.clone(), props(url, None)).unwrap();
    find(&form, "[data-tessera-component=sign-up][data-step=start]").await;
    type_into(&form, "input[name=emailAddress]", &email).await;
    type_into(&form, "input[name=password]", PASSWORD).await;
    click(&form, "button[type=submit]").await;
    find(&form, "[data-step=verify-email]").await;
    type_into(&form, "input[name=code]", "000000").await;
    click(&form, "button[type=submit]").await;
    find(&form, "[role=alert][data-error-code=form_code_incorrect]").await;
    type_into(&form, "input[name=code]", "424242").await;
    click(&form, "button[type=submit]").await;
    for _ in 0..150 {
        if web_sys::window().unwrap().location().hash().unwrap() == "#signed-up" {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(
        web_sys::window().unwrap().location().hash().unwrap(),
        "#signed-up"
    );
    unmount(&form);
    sleep(50).await;
    assert_eq!(
        form.child_element_count(),
        0,
        "unmount leaves the element empty"
    );

    // The UserButton of the same runtime shows the new user; sign out from it.
    let button = element();
    mount_user_button(button.clone(), props(url, None)).unwrap();
    click(&button, "button[aria-haspopup=menu]").await;
    let headline = find(&button, ".tessera-menu-name").await;
    assert_eq!(headline.text_content().unwrap(), email);
    click(
        &button,
        "[data-localization-key='userButton.action__signOut']",
    )
    .await;
    wait_gone(&button, "[data-tessera-component=user-button]").await;

    // Sign in, in French: a wrong password is refused in French, the right one gets in.
    let form = element();
    mount_sign_in(form.clone(), props(url, Some("fr-FR"))).unwrap();
    find(&form, "[data-step=start]").await;
    type_into(&form, "input[name=identifier]", &email).await;
    click(&form, "button[type=submit]").await;
    find(&form, "[data-step=password]").await;
    type_into(&form, "input[name=password]", "not the password").await;
    click(&form, "button[type=submit]").await;
    let alert = find(
        &form,
        "[role=alert][data-error-code=form_password_incorrect]",
    )
    .await;
    assert!(alert
        .text_content()
        .unwrap()
        .starts_with("Mot de passe incorrect"));
    type_into(&form, "input[name=password]", PASSWORD).await;
    click(&form, "button[type=submit]").await;
    find(&button, "button[aria-haspopup=menu]").await;
    unmount(&form);
    unmount(&button);
}

/// `tessera` prop: a mounted SignUp works through the page's own `Tessera` instance (the URL props
/// point nowhere), and that instance is signed in afterwards without a reload.
#[wasm_bindgen_test]
async fn a_mount_shares_the_state_of_the_tessera_prop() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("skipped: TESSERA_TEST_FAPI_URL was not set at compile time");
        return;
    };
    tessera_sdk::cookies::DocumentCookies.set(tessera_sdk::cookies::DEV_BROWSER, None);
    let tessera: JsValue = tessera_sdk::js::Tessera::new(url, JsValue::UNDEFINED)
        .unwrap()
        .into();
    let call = |name: &str| {
        let method: js_sys::Function = Reflect::get(&tessera, &name.into()).unwrap().into();
        method.call0(&tessera).unwrap()
    };
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(call("load")))
        .await
        .unwrap();
    let signed_in = || {
        let auth = Reflect::get(&tessera, &"auth".into()).unwrap();
        Reflect::get(&auth, &"isSignedIn".into()).unwrap().as_bool()
    };
    if signed_in() == Some(true) {
        // Another test of this page left its user signed in (same cookies).
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(call("signOut")))
            .await
            .unwrap();
    }
    assert_eq!(signed_in(), Some(false));

    let props = props("http://127.0.0.1:9", None);
    Reflect::set(&props, &"tessera".into(), &tessera).unwrap();
    let email = format!(
        "shared-{}+clerk_test@example.com",
        js_sys::Date::now() as u64
    );
    let form = element();
    mount_sign_up(form.clone(), props).unwrap();
    find(&form, "[data-tessera-component=sign-up][data-step=start]").await;
    type_into(&form, "input[name=emailAddress]", &email).await;
    type_into(&form, "input[name=password]", PASSWORD).await;
    click(&form, "button[type=submit]").await;
    find(&form, "[data-step=verify-email]").await;
    type_into(&form, "input[name=code]", "424242").await;
    click(&form, "button[type=submit]").await;
    for _ in 0..150 {
        if signed_in() == Some(true) {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(signed_in(), Some(true));
    unmount(&form);
    // Back to signed out for the other tests of this page.
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(call("signOut")))
        .await
        .unwrap();
}
