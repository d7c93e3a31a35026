//! UserButton in a real browser: closed, open, keyboard, sign-out.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::*;
use serde_json::{json, Value};
use tessera_components::UserButton;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
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
