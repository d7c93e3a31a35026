//! The provider, hooks and control components: SignedIn/SignedOut by state, Protect by role or
//! permission with a fallback, use_auth/use_user from the snapshot.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::json;
use tessera_components::{use_auth, use_user, Protect, SignedIn, SignedOut};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[function_component]
fn Who() -> Html {
    let auth = use_auth();
    let user = use_user();
    html! {
        <p id="who" data-loaded={auth.is_loaded.to_string()}>
            { user.and_then(|u| u.full_name()).unwrap_or_default() }
            { "|" }{ auth.org_role.unwrap_or_default() }
        </p>
    }
}

fn page() -> Html {
    html! {
        <>
            <SignedIn><span id="in"></span></SignedIn>
            <SignedOut><span id="out"></span></SignedOut>
            <Protect role="org:admin" fallback={html! { <span id="not-admin"></span> }}><span id="admin"></span></Protect>
            <Protect permission="org:sys_memberships:manage"><span id="manager"></span></Protect>
            <Protect role="org:owner" fallback={html! { <span id="not-owner"></span> }}><span id="owner"></span></Protect>
            <Who />
        </>
    }
}

fn has(root: &web_sys::Element, id: &str) -> bool {
    root.query_selector(&format!("#{id}")).unwrap().is_some()
}

#[wasm_bindgen_test]
async fn signed_out_shows_the_signed_out_branch_and_the_fallbacks() {
    let fapi = fapi(&["password"], false, None);
    let root = render(&runtime(&fapi), None, page());
    find(&root, "#out").await;
    assert!(!has(&root, "in") && !has(&root, "admin") && !has(&root, "manager"));
    assert!(has(&root, "not-admin") && has(&root, "not-owner"));
    assert_eq!(
        find(&root, "#who")
            .await
            .get_attribute("data-loaded")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn an_admin_of_the_active_organization_passes_role_and_permission_checks() {
    let mut client = signed_in_client();
    client["sessions"][0]["last_active_organization_id"] = json!("org_1");
    client["sessions"][0]["user"]["organization_memberships"] = json!([{
        "id": "orgmem_1", "object": "organization_membership", "role": "org:admin",
        "permissions": ["org:sys_memberships:manage"],
        "organization": {"id": "org_1", "name": "Acme", "slug": "acme", "image_url": ""}
    }]);
    let fapi = fapi(&["password"], false, Some(client));
    let root = render(&runtime(&fapi), None, page());
    find(&root, "#in").await;
    assert!(!has(&root, "out"));
    assert!(has(&root, "admin") && !has(&root, "not-admin"));
    assert!(has(&root, "manager"));
    assert!(!has(&root, "owner") && has(&root, "not-owner"));
    assert_eq!(
        find(&root, "#who").await.text_content().unwrap(),
        "Ada Lovelace|org:admin"
    );
}
