//! UserButton in a real browser: closed, open, keyboard, sign-out; multi-session mode (the other
//! accounts, Add account, Sign out of all) against a fake Frontend API, then switching, signing
//! out of one account and of all against a `tessera-server` with `single_session_mode = false`
//! (its URL is `TESSERA_TEST_MULTI_SESSION_FAPI_URL` at compile time; without it that test prints
//! a note and passes).
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::*;
use serde_json::{json, Value};
use tessera_components::localization::Localization;
use tessera_components::{SignIn, UserButton};
use tessera_sdk::resources::sign_up::SignUpFields;
use tessera_sdk::{Runtime, SignOut};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn signed_out_it_renders_nothing() {
    let fapi = fapi(&["password"], false, None);
    let root = render(&runtime(&fapi), None, html! { <UserButton /> });
    sleep(100).await;
    assert!(root
        .query_selector("[data-tessera-component]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn the_menu_opens_and_closes_by_keyboard() {
    let fapi = fapi(&["password"], false, Some(signed_in_client()));
    let managed = Rc::new(RefCell::new(0));
    let on_manage_account = {
        let managed = managed.clone();
        Callback::from(move |()| *managed.borrow_mut() += 1)
    };
    let root = render(
        &runtime(&fapi),
        None,
        html! { <UserButton {on_manage_account} /> },
    );
    let trigger = find(
        &root,
        "[data-tessera-component=user-button] button[aria-haspopup=menu]",
    )
    .await;
    assert_eq!(
        trigger.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    // No image: initials.
    assert_eq!(
        find(&root, ".tessera-avatar").await.text_content().unwrap(),
        "AL"
    );
    assert!(root.query_selector("[role=menu]").unwrap().is_none());

    key(&trigger, "Enter");
    let menu = find(&root, "[role=menu]").await;
    assert_eq!(
        trigger.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let items = all(&menu, "[role=menuitem]");
    let keys: Vec<String> = items
        .iter()
        .filter_map(|i| i.get_attribute("data-localization-key"))
        .collect();
    assert_eq!(
        keys,
        [
            "userButton.action__manageAccount",
            "userButton.action__signOut"
        ]
    );
    assert_eq!(
        find(&root, ".tessera-menu-name")
            .await
            .text_content()
            .unwrap(),
        "Ada Lovelace"
    );
    assert_eq!(
        find(&root, ".tessera-menu-email")
            .await
            .text_content()
            .unwrap(),
        "ada@example.com"
    );
    sleep(30).await;
    assert_eq!(active_element().as_ref(), Some(&items[0]));
    key(&items[0], "ArrowDown");
    assert_eq!(active_element().as_ref(), Some(&items[1]));
    key(&items[1], "ArrowDown");
    assert_eq!(active_element().as_ref(), Some(&items[0]));
    key(&items[0], "ArrowUp");
    assert_eq!(active_element().as_ref(), Some(&items[1]));
    key(&items[1], "Escape");
    sleep(30).await;
    assert!(root.query_selector("[role=menu]").unwrap().is_none());
    assert_eq!(active_element().as_ref(), Some(&trigger));

    key(&trigger, "ArrowDown");
    click(
        &root,
        "[data-localization-key='userButton.action__manageAccount']",
    )
    .await;
    assert_eq!(*managed.borrow(), 1);
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );
}

#[wasm_bindgen_test]
async fn an_image_avatar_and_sign_out() {
    let mut client = signed_in_client();
    client["sessions"][0]["user"]["image_url"] =
        json!("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E");
    let fapi = fapi(&["password"], false, Some(client));
    fapi.on(
        "DELETE",
        "/client/sessions",
        200,
        envelope(
            Value::Null,
            json!({"object": "client", "id": "client_1", "sessions": []}),
        ),
    );
    let seen = Rc::new(RefCell::new(Vec::<String>::new()));
    let navigate = {
        let seen = seen.clone();
        Callback::from(move |url: String| seen.borrow_mut().push(url))
    };
    let root = render(
        &runtime(&fapi),
        None,
        html! { <UserButton after_sign_out_url="/bye" {navigate} /> },
    );
    let img = find(&root, "button[aria-haspopup=menu] img.tessera-avatar").await;
    assert!(img
        .get_attribute("src")
        .unwrap()
        .starts_with("data:image/svg+xml"));
    click(&root, "button[aria-haspopup=menu]").await;
    click(
        &root,
        "[data-localization-key='userButton.action__signOut']",
    )
    .await;
    for _ in 0..50 {
        if !seen.borrow().is_empty() {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(*seen.borrow(), ["/bye"]);
    sleep(50).await;
    // Signed out: the button is gone.
    assert!(root
        .query_selector("[data-tessera-component]")
        .unwrap()
        .is_none());
}

const MULTI_SESSION_FAPI_URL: Option<&str> = option_env!("TESSERA_TEST_MULTI_SESSION_FAPI_URL");
const PASSWORD: &str = "correct horse battery staple";

fn keys_of(items: &[web_sys::Element]) -> Vec<String> {
    items
        .iter()
        .map(|i| {
            i.get_attribute("data-localization-key")
                .or_else(|| i.get_attribute("data-session-id"))
                .unwrap_or_default()
        })
        .collect()
}

/// Two sessions on one client of a multi-session instance: Ada (active) and Grace.
fn multi_session_fapi() -> FakeFapi {
    let fapi = FakeFapi::default();
    let mut environment = environment(&["password"], true);
    environment["auth_config"]["single_session_mode"] = json!(false);
    fapi.on("GET", "/environment", 200, environment);
    let mut client = signed_in_client();
    let mut grace = user();
    grace["id"] = json!("user_2");
    grace["first_name"] = json!("Grace");
    grace["last_name"] = json!("Hopper");
    grace["primary_email_address_id"] = json!("idn_2");
    grace["email_addresses"] =
        json!([{"id": "idn_2", "object": "email_address", "email_address": "grace@example.com"}]);
    client["sessions"].as_array_mut().unwrap().push(json!({
        "object": "session", "id": "sess_2", "status": "active", "expire_at": T0 + 86_400_000, "user": grace
    }));
    fapi.on(
        "GET",
        "/client",
        200,
        json!({"response": client, "client": client}),
    );
    fapi
}

#[wasm_bindgen_test]
async fn a_multi_session_menu_lists_the_other_accounts() {
    let fapi = multi_session_fapi();
    let seen = Rc::new(RefCell::new(Vec::<String>::new()));
    let navigate = {
        let seen = seen.clone();
        Callback::from(move |url: String| seen.borrow_mut().push(url))
    };
    let root = render(
        &runtime(&fapi),
        None,
        html! { <UserButton sign_in_url="/login" {navigate} /> },
    );
    let trigger = find(&root, "button[aria-haspopup=menu][data-session-id=sess_1]").await;
    // ArrowUp opens the menu on its last item: "Sign out of all accounts".
    key(&trigger, "ArrowUp");
    let menu = find(&root, "[role=menu]").await;
    let items = all(&menu, "[role=menuitem]");
    assert_eq!(
        keys_of(&items),
        [
            "userButton.action__manageAccount",
            "userButton.action__signOut",
            "sess_2",
            "userButton.action__addAccount",
            "userButton.action__signOutAll",
        ]
    );
    sleep(30).await;
    assert_eq!(active_element().as_ref(), Some(&items[4]));
    key(&items[4], "ArrowDown");
    assert_eq!(active_element().as_ref(), Some(&items[0]));
    key(&items[0], "End");
    assert_eq!(active_element().as_ref(), Some(&items[4]));
    key(&items[4], "ArrowUp");
    key(&items[3], "ArrowUp");
    assert_eq!(active_element().as_ref(), Some(&items[2]));
    // The other account: avatar (initials), name and email, not localized.
    assert_eq!(
        items[2].get_attribute("data-user-id").as_deref(),
        Some("user_2")
    );
    assert_eq!(
        find(&items[2], ".tessera-avatar")
            .await
            .text_content()
            .unwrap(),
        "GH"
    );
    assert_eq!(
        find(&items[2], ".tessera-menu-name")
            .await
            .text_content()
            .unwrap(),
        "Grace Hopper"
    );
    assert_eq!(
        find(&items[2], ".tessera-menu-email")
            .await
            .text_content()
            .unwrap(),
        "grace@example.com"
    );
    assert_eq!(items[3].text_content().unwrap(), "Add account");
    assert_eq!(items[4].text_content().unwrap(), "Sign out of all accounts");
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );
    // "Add account" goes to the sign-in page and closes the menu.
    click(&root, "[role=menuitem][data-action=add-account]").await;
    assert_eq!(*seen.borrow(), ["/login"]);
    sleep(30).await;
    assert!(root.query_selector("[role=menu]").unwrap().is_none());
    assert_eq!(active_element().as_ref(), Some(&trigger));

    // In French.
    let root = render(
        &runtime(&multi_session_fapi()),
        Some(Localization::fr_fr()),
        html! { <UserButton /> },
    );
    click(&root, "button[aria-haspopup=menu]").await;
    let menu = find(&root, "[role=menu]").await;
    let texts: Vec<String> = all(&menu, "[data-action]")
        .iter()
        .map(|i| i.text_content().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Se déconnecter",
            "Ajouter un compte",
            "Se déconnecter de tous les comptes"
        ]
    );
}

/// Waits until `done` holds (up to 6 s).
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..300 {
        if done() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for: {what}");
}

/// A new user signed up through the SDK (test-mode email, code 424242); they become active.
async fn sign_up(runtime: &Runtime, first_name: &str, last_name: &str) -> String {
    let email = format!(
        "{}-{}+clerk_test@example.com",
        first_name.to_lowercase(),
        js_sys::Date::now() as u64
    );
    let sign_ups = runtime.sign_up();
    let attempt = sign_ups
        .create(SignUpFields {
            email_address: Some(email.clone()),
            password: Some(PASSWORD.to_owned()),
            first_name: Some(first_name.to_owned()),
            last_name: Some(last_name.to_owned()),
            ..SignUpFields::default()
        })
        .await
        .unwrap();
    sign_ups
        .prepare_verification(&attempt.id, "email_code")
        .await
        .unwrap();
    let done = sign_ups
        .attempt_verification(&attempt.id, "email_code", "424242")
        .await
        .unwrap();
    assert!(done.created_session_id.is_some(), "{done:?}");
    email
}

fn active_session_id(runtime: &Runtime) -> Option<String> {
    runtime.snapshot().active_session().map(|s| s.id.clone())
}

fn signed_in_sessions(runtime: &Runtime) -> usize {
    runtime
        .snapshot()
        .sessions()
        .iter()
        .filter(|s| s.is_active())
        .count()
}

/// Two accounts in one browser against the server: the menu lists the other one, choosing it makes
/// it active, "Sign out" ends the active one only (the server makes the other active), SignIn signs
/// a second account in while one is signed in, "Sign out of all accounts" ends both.
#[wasm_bindgen_test]
async fn two_accounts_switch_sign_out_one_and_all_against_the_server() {
    let Some(url) = MULTI_SESSION_FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("skipped: TESSERA_TEST_MULTI_SESSION_FAPI_URL was not set at compile time");
        return;
    };
    let runtime = Runtime::in_browser(url).unwrap();
    runtime.load().await.unwrap();
    if runtime.snapshot().is_signed_in() {
        runtime.sign_out(SignOut::default()).await.unwrap();
    }
    let ada_email = sign_up(&runtime, "Ada", "Alpha").await;
    let ada = active_session_id(&runtime).unwrap();
    sign_up(&runtime, "Bea", "Beta").await;
    let bea = active_session_id(&runtime).unwrap();
    assert_ne!(ada, bea);
    assert_eq!(signed_in_sessions(&runtime), 2, "Ada stays signed in");

    let seen = Rc::new(RefCell::new(Vec::<String>::new()));
    let navigate = {
        let seen = seen.clone();
        Callback::from(move |url: String| seen.borrow_mut().push(url))
    };
    let root = render(
        &runtime,
        None,
        html! { <UserButton after_sign_out_url="/bye" navigate={navigate.clone()} /> },
    );
    let trigger = format!("button[aria-haspopup=menu][data-session-id='{bea}']");
    click(&root, &trigger).await;
    let account = find(&root, &format!("[role=menuitem][data-session-id='{ada}']")).await;
    assert_eq!(
        find(&account, ".tessera-menu-name")
            .await
            .text_content()
            .unwrap(),
        "Ada Alpha"
    );
    assert_eq!(
        find(&account, ".tessera-menu-email")
            .await
            .text_content()
            .unwrap(),
        ada_email
    );

    // Switch to Ada: she is active, Bea is the other account now.
    click(&root, &format!("[role=menuitem][data-session-id='{ada}']")).await;
    find(
        &root,
        &format!("button[aria-haspopup=menu][data-session-id='{ada}']"),
    )
    .await;
    assert_eq!(active_session_id(&runtime).as_deref(), Some(ada.as_str()));
    assert!(root.query_selector("[role=menu]").unwrap().is_none());
    click(&root, "button[aria-haspopup=menu]").await;
    find(&root, &format!("[role=menuitem][data-session-id='{bea}']")).await;
    assert_eq!(
        find(&root, ".tessera-menu-header .tessera-menu-name")
            .await
            .text_content()
            .unwrap(),
        "Ada Alpha"
    );

    // "Sign out" ends Ada's session only; Bea becomes active, with nobody else to list.
    click(&root, "[role=menuitem][data-action=sign-out]").await;
    find(&root, &trigger).await;
    assert_eq!(active_session_id(&runtime).as_deref(), Some(bea.as_str()));
    assert_eq!(signed_in_sessions(&runtime), 1);
    assert!(
        seen.borrow().is_empty(),
        "the page stays: {:?}",
        seen.borrow()
    );
    click(&root, "button[aria-haspopup=menu]").await;
    let menu = find(&root, "[role=menu]").await;
    assert_eq!(
        keys_of(&all(&menu, "[role=menuitem]")),
        [
            "userButton.action__manageAccount",
            "userButton.action__signOut",
            "userButton.action__addAccount",
        ]
    );
    click(&root, "[role=menuitem][data-action=add-account]").await;
    assert_eq!(*seen.borrow(), ["/sign-in"]);

    // SignIn lets Ada back in while Bea is signed in.
    let form = render(
        &runtime,
        None,
        html! { <SignIn after_sign_in_url="/home" {navigate} /> },
    );
    find(&form, "[data-step=start]").await;
    type_into(&form, "input[name=identifier]", &ada_email).await;
    click(&form, "button[type=submit]").await;
    find(&form, "[data-step=password]").await;
    type_into(&form, "input[name=password]", PASSWORD).await;
    click(&form, "button[type=submit]").await;
    until("signed in again", || seen.borrow().len() == 2).await;
    assert_eq!(seen.borrow()[1], "/home");
    assert_eq!(signed_in_sessions(&runtime), 2);
    let again = active_session_id(&runtime).unwrap();
    assert_ne!(again, bea);

    // "Sign out of all accounts": nobody is signed in, the button is gone.
    click(
        &root,
        &format!("button[aria-haspopup=menu][data-session-id='{again}']"),
    )
    .await;
    click(&root, "[role=menuitem][data-action=sign-out-all]").await;
    until("signed out", || seen.borrow().len() == 3).await;
    assert_eq!(seen.borrow()[2], "/bye");
    assert!(!runtime.snapshot().is_signed_in());
    assert_eq!(signed_in_sessions(&runtime), 0);
    sleep(50).await;
    assert!(root
        .query_selector("[data-tessera-component]")
        .unwrap()
        .is_none());
}
