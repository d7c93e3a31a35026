//! The theme's sheets: each component injects the base sheet and only the sheets it uses, once,
//! in cascade order (base, menu, organizations).
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use tessera_components::{OrganizationSwitcher, SignIn, UserButton};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The ids of the `<style>` elements the components added, in document order.
fn sheets() -> Vec<String> {
    let document = web_sys::window().unwrap().document().unwrap();
    let list = document
        .query_selector_all("style[id^=tessera-styles-]")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .map(|e| e.id())
        .collect()
}

#[wasm_bindgen_test]
async fn components_inject_the_sheets_they_use_once_in_cascade_order() {
    let signed_out = fapi(&["password"], false, None);
    let root = render(&runtime(&signed_out), None, html! { <SignIn /> });
    find(&root, "[data-tessera-component=sign-in]").await;
    assert_eq!(sheets(), ["tessera-styles-base"]);

    let signed_in = fapi(&["password"], false, Some(signed_in_client()));
    let root = render(&runtime(&signed_in), None, html! { <UserButton /> });
    find(&root, "[data-tessera-component=user-button]").await;
    assert_eq!(sheets(), ["tessera-styles-base", "tessera-styles-menu"]);

    let root = render(
        &runtime(&signed_in),
        None,
        html! { <><SignIn /><OrganizationSwitcher /></> },
    );
    find(&root, "[data-tessera-component=organization-switcher]").await;
    assert_eq!(
        sheets(),
        [
            "tessera-styles-base",
            "tessera-styles-menu",
            "tessera-styles-organizations"
        ]
    );
}
