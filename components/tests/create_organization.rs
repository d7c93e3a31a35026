//! CreateOrganization in a real browser: the form (slug derived from the name until edited,
//! logo checks and preview, errors by code and focus), the whole flow (create, logo, active,
//! invite, done) and `skip_invitation_screen`; and a taken slug against a running
//! `tessera-server` (the URL is fixed at compile time; without it that test prints a note and
//! passes).
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::*;
use serde_json::{json, Value};
use tessera_components::localization::Localization;
use tessera_components::CreateOrganization;
use tessera_sdk::cookies::Cookies as _;
use tessera_sdk::resources::sign_up::SignUpFields;
use tessera_sdk::{Platform, Runtime, RuntimeOptions};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const ROOT: &str = "[data-tessera-component=create-organization]";
/// An unsigned session token (the browser never verifies signatures).
const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzaWQiOiJzZXNzXzEiLCJzdWIiOiJ1c2VyXzEiLCJpYXQiOjE3OTUwMDMyMDAsIm5iZiI6MTc5NTAwMzIwMCwiZXhwIjoxNzk1MDAzMjYwLCJpc3MiOiJodHRwczovL2ZhcGkudGVzdCIsInYiOjJ9.c2ln";

fn organization() -> Value {
    json!({"object": "organization", "id": "org_9", "name": "Acme Labs", "slug": "acme-labs", "image_url": "", "has_image": false})
}

/// Ada, admin of Acme Labs, working in it or not.
fn client_with_organization(active: bool) -> Value {
    let mut client = signed_in_client();
    client["sessions"][0]["user"]["organization_memberships"] = json!([{
        "object": "organization_membership", "id": "orgmem_9", "role": "org:admin",
        "permissions": [], "organization": organization()
    }]);
    if active {
        client["sessions"][0]["last_active_organization_id"] = json!("org_9");
    }
    client
}

fn role(key: &str, name: &str) -> Value {
    json!({"object": "role", "key": key, "name": name, "description": "", "permissions": []})
}

/// A server that creates Acme Labs and takes everything after.
fn creating_fapi() -> FakeFapi {
    let fapi = fapi(&["password"], false, Some(signed_in_client()));
    let created = client_with_organization(false);
    let active = client_with_organization(true);
    fapi.on(
        "POST",
        "/organizations",
        200,
        envelope(organization(), created.clone()),
    );
    fapi.on(
        "PUT",
        "/organizations/org_9/logo",
        200,
        envelope(organization(), created),
    );
    fapi.on(
        "POST",
        "/client/sessions/sess_1/touch",
        200,
        envelope(Value::Null, active.clone()),
    );
    fapi.on(
        "POST",
        "/client/sessions/sess_1/tokens",
        200,
        json!({"object": "token", "jwt": JWT}),
    );
    let roles = [
        role("org:admin", "Admin"),
        role("org:member", "Member"),
        role("org:billing", "Billing"),
    ];
    fapi.on(
        "GET",
        "/organizations/org_9/roles",
        200,
        envelope(json!({"data": roles, "total_count": 3}), active.clone()),
    );
    fapi.on(
        "POST",
        "/organizations/org_9/invitations/bulk",
        200,
        envelope(json!([]), active),
    );
    fapi
}

fn navigations() -> (Rc<RefCell<Vec<String>>>, Callback<String>) {
    let seen = Rc::new(RefCell::new(Vec::<String>::new()));
    let navigate = {
        let seen = seen.clone();
        Callback::from(move |url: String| seen.borrow_mut().push(url))
    };
    (seen, navigate)
}

async fn until_navigated(seen: &Rc<RefCell<Vec<String>>>) {
    for _ in 0..150 {
        if !seen.borrow().is_empty() {
            return;
        }
        sleep(20).await;
    }
}

fn slug(root: &Element) -> String {
    value_of(&root.query_selector("input[name=slug]").unwrap().unwrap())
}

#[wasm_bindgen_test]
async fn the_slug_follows_the_name_until_edited() {
    let fapi = fapi(&["password"], false, Some(signed_in_client()));
    let root = render(&runtime(&fapi), None, html! { <CreateOrganization /> });
    let card = find(&root, &format!("{ROOT}[data-step=start]")).await;
    assert_eq!(
        find(&card, "h1")
            .await
            .get_attribute("data-localization-key")
            .as_deref(),
        Some("createOrganization.title")
    );
    let name = find(&root, "input[name=name]").await;
    sleep(30).await;
    assert_eq!(active_element().as_ref(), Some(&name), "focus on the name");
    for field in ["logo", "name", "slug"] {
        assert!(
            root.query_selector(&format!("label[for=tessera-create-organization-{field}]"))
                .unwrap()
                .is_some(),
            "{field} has a label"
        );
    }
    assert_eq!(
        find(&root, "button[type=submit]")
            .await
            .get_attribute("data-localization-key")
            .as_deref(),
        Some("createOrganization.formButtonSubmit")
    );

    type_into(&root, "input[name=name]", "Café Crème").await;
    assert_eq!(slug(&root), "cafe-creme");
    type_into(&root, "input[name=name]", "Café Crème & Co.").await;
    assert_eq!(slug(&root), "cafe-creme-co");
    // Edited by hand: the name no longer changes it.
    type_into(&root, "input[name=slug]", "mine").await;
    type_into(&root, "input[name=name]", "Other").await;
    assert_eq!(slug(&root), "mine");
    // Emptied: it follows again.
    type_into(&root, "input[name=slug]", "").await;
    type_into(&root, "input[name=name]", "New Name").await;
    assert_eq!(slug(&root), "new-name");
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );
}

#[wasm_bindgen_test]
async fn a_missing_name_and_a_taken_slug() {
    let fapi = fapi(&["password"], false, Some(signed_in_client()));
    fapi.on(
        "POST",
        "/organizations",
        422,
        error("form_identifier_exists", Some("slug"), "That slug is taken"),
    );
    let root = render(
        &runtime(&fapi),
        Some(Localization::fr_fr()),
        html! { <CreateOrganization /> },
    );
    click(&root, "button[type=submit]").await;
    let alert = find(&root, "#tessera-create-organization-name-error").await;
    assert_eq!(
        alert.get_attribute("data-error-code").as_deref(),
        Some("form_param_missing")
    );
    assert_eq!(
        active_element().unwrap().get_attribute("name").as_deref(),
        Some("name")
    );
    assert!(fapi.sent("/organizations").is_empty(), "nothing sent");

    type_into(&root, "input[name=name]", "Acme").await;
    click(&root, "button[type=submit]").await;
    let alert = find(&root, "#tessera-create-organization-slug-error").await;
    assert_eq!(
        alert.get_attribute("data-localization-key").as_deref(),
        Some("unstable__errors.form_identifier_exists__organization_slug")
    );
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    sleep(30).await;
    assert_eq!(
        active_element().unwrap().get_attribute("name").as_deref(),
        Some("slug"),
        "focus moves to the slug"
    );
    assert_eq!(
        find(&root, "input[name=slug]")
            .await
            .get_attribute("aria-describedby")
            .as_deref(),
        Some("tessera-create-organization-slug-error")
    );
    assert_eq!(
        fapi.sent("/organizations")[0].body.as_deref(),
        Some("name=Acme&slug=acme")
    );
}

#[wasm_bindgen_test]
async fn logos_are_checked_and_previewed() {
    let fapi = fapi(&["password"], false, Some(signed_in_client()));
    let root = render(&runtime(&fapi), None, html! { <CreateOrganization /> });
    pick_file(&root, "input[name=logo]", "notes.txt", "text/plain", b"hi").await;
    let alert = find(
        &root,
        "[role=alert][data-error-code=avatar_file_type_invalid]",
    )
    .await;
    assert_eq!(
        alert.get_attribute("data-localization-key").as_deref(),
        Some("unstable__errors.avatar_file_type_invalid")
    );
    let large = vec![0_u8; 1024 * 1024 + 1];
    pick_file(&root, "input[name=logo]", "big.png", "image/png", &large).await;
    find(
        &root,
        "[role=alert][data-error-code=avatar_file_size_exceeded]",
    )
    .await;
    assert!(root.query_selector("img").unwrap().is_none());

    pick_file(&root, "input[name=logo]", "logo.png", "image/png", TINY_PNG).await;
    let img = find(&root, "img.tessera-avatar-organization").await;
    assert!(img.get_attribute("src").unwrap().starts_with("blob:"));
    assert!(root.query_selector("[role=alert]").unwrap().is_none());
    click(&root, "[data-action=remove-logo]").await;
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root
        .query_selector("[data-action=remove-logo]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn create_upload_activate_invite_and_finish() {
    let fapi = creating_fapi();
    let (seen, navigate) = navigations();
    let root = render(
        &runtime(&fapi),
        None,
        html! { <CreateOrganization after_create_organization_url="/orgs/:slug" {navigate} /> },
    );
    pick_file(&root, "input[name=logo]", "logo.png", "image/png", TINY_PNG).await;
    type_into(&root, "input[name=name]", "Acme Labs").await;
    click(&root, "button[type=submit]").await;
    let card = find(&root, &format!("{ROOT}[data-step=invite-members]")).await;
    assert_eq!(
        fapi.sent("/organizations")[0].body.as_deref(),
        Some("name=Acme+Labs&slug=acme-labs")
    );
    let logo = fapi.sent("/organizations/org_9/logo");
    assert_eq!(logo.len(), 1);
    let upload = logo[0].upload.as_ref().unwrap();
    assert_eq!(
        (upload.content_type.as_str(), upload.bytes.as_slice()),
        ("image/png", TINY_PNG)
    );
    assert_eq!(
        fapi.sent("/client/sessions/sess_1/touch")[0]
            .body
            .as_deref(),
        Some("active_organization_id=org_9")
    );
    assert_eq!(
        find(&card, "h1")
            .await
            .get_attribute("data-localization-key")
            .as_deref(),
        Some("organizationProfile.invitePage.title")
    );
    let emails = find(&root, "textarea[name=emailAddresses]").await;
    sleep(30).await;
    assert_eq!(
        active_element().as_ref(),
        Some(&emails),
        "focus on the addresses"
    );
    assert!(root
        .query_selector("label[for=tessera-create-organization-emailAddresses]")
        .unwrap()
        .is_some());
    // The organization's roles, member by default.
    for _ in 0..100 {
        if all(&root, "select[name=role] option").len() == 3 {
            break;
        }
        sleep(20).await;
    }
    let options: Vec<String> = all(&root, "select[name=role] option")
        .iter()
        .map(|o| o.text_content().unwrap())
        .collect();
    assert_eq!(options, ["Admin", "Member", "Billing"]);
    let select = find(&root, "select[name=role]").await;
    assert_eq!(value_of(&select), "org:member");

    // No address: refused here.
    click(&root, "button[type=submit]").await;
    let alert = find(&root, "#tessera-create-organization-emailAddresses-error").await;
    assert_eq!(
        alert.get_attribute("data-error-code").as_deref(),
        Some("form_param_missing")
    );
    assert_eq!(active_element().as_ref(), Some(&emails));
    assert!(fapi
        .sent("/organizations/org_9/invitations/bulk")
        .is_empty());

    fill(
        &root,
        "textarea[name=emailAddresses]",
        "a@example.com, b@example.com\nc@example.com a@example.com",
    )
    .await;
    js_sys::Reflect::set(&select, &"value".into(), &"org:admin".into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    sleep(10).await;
    click(&root, "button[type=submit]").await;
    find(&root, &format!("{ROOT}[data-step=done]")).await;
    assert_eq!(
        fapi.sent("/organizations/org_9/invitations/bulk")[0]
            .body
            .as_deref(),
        Some("email_address=a%40example.com%2Cb%40example.com%2Cc%40example.com&role=org%3Aadmin")
    );
    let status = find(&root, "[role=status]").await;
    assert_eq!(
        status.get_attribute("data-localization-key").as_deref(),
        Some("organizationProfile.invitePage.successMessage")
    );
    let finish = find(&root, "[data-action=finish]").await;
    sleep(30).await;
    assert_eq!(active_element().as_ref(), Some(&finish));
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );
    assert!(seen.borrow().is_empty());
    click(&root, "[data-action=finish]").await;
    assert_eq!(*seen.borrow(), ["/orgs/acme-labs"]);
}

#[wasm_bindgen_test]
async fn skipping_the_invitations() {
    // On the invite step, "Skip".
    let fapi = creating_fapi();
    let (seen, navigate) = navigations();
    let root = render(
        &runtime(&fapi),
        None,
        html! { <CreateOrganization after_create_organization_url="/orgs/:id" {navigate} /> },
    );
    type_into(&root, "input[name=name]", "Acme Labs").await;
    click(&root, "button[type=submit]").await;
    find(&root, "[data-step=invite-members]").await;
    let skip = find(&root, "[data-action=skip]").await;
    assert_eq!(
        skip.get_attribute("data-localization-key").as_deref(),
        Some("createOrganization.invitePage.formButtonReset")
    );
    click(&root, "[data-action=skip]").await;
    assert_eq!(*seen.borrow(), ["/orgs/org_9"]);

    // With `skip_invitation_screen`, no invite step at all.
    let fapi = creating_fapi();
    let (seen, navigate) = navigations();
    let root = render(
        &runtime(&fapi),
        None,
        html! { <CreateOrganization skip_invitation_screen=true {navigate} /> },
    );
    type_into(&root, "input[name=name]", "Acme Labs").await;
    click(&root, "button[type=submit]").await;
    until_navigated(&seen).await;
    assert_eq!(*seen.borrow(), ["/"]);
    assert_eq!(fapi.sent("/client/sessions/sess_1/touch").len(), 1);
    assert!(fapi.sent("/organizations/org_9/roles").is_empty());
    assert!(root
        .query_selector("[data-step=invite-members]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn signed_out_it_renders_nothing() {
    let fapi = fapi(&["password"], false, None);
    let root = render(&runtime(&fapi), None, html! { <CreateOrganization /> });
    sleep(100).await;
    assert!(root
        .query_selector("[data-tessera-component]")
        .unwrap()
        .is_none());
}

// ---------------------------------------------------------------------------------------------
// Against the server

const FAPI_URL: Option<&str> = option_env!("TESSERA_TEST_FAPI_URL");

#[wasm_bindgen_test]
async fn the_server_refuses_a_taken_slug_and_takes_a_logo() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("skipped: TESSERA_TEST_FAPI_URL was not set at compile time");
        return;
    };
    let stamp = js_sys::Date::now() as u64;
    tessera_sdk::cookies::DocumentCookies.set(tessera_sdk::cookies::DEV_BROWSER, None);
    let a = Runtime::new(
        RuntimeOptions {
            frontend_api: url.to_owned(),
            dev_browser: true,
        },
        Platform::browser(),
    );
    a.load().await.unwrap();
    let sign_up = a
        .sign_up()
        .create(SignUpFields {
            email_address: Some(format!("creator-{stamp}+clerk_test@example.com")),
            password: Some("correct horse battery staple".to_owned()),
            ..Default::default()
        })
        .await
        .unwrap();
    a.sign_up()
        .prepare_verification(&sign_up.id, "email_code")
        .await
        .unwrap();
    a.sign_up()
        .attempt_verification(&sign_up.id, "email_code", "424242")
        .await
        .unwrap();
    let taken = format!("taken-{stamp}");
    a.organizations()
        .create(&format!("First {stamp}"), Some(&taken))
        .await
        .unwrap();

    let root = render(
        &a,
        None,
        html! { <CreateOrganization skip_invitation_screen=true after_create_organization_url="#created" /> },
    );
    pick_file(&root, "input[name=logo]", "logo.png", "image/png", TINY_PNG).await;
    type_into(&root, "input[name=name]", &format!("Second {stamp}")).await;
    type_into(&root, "input[name=slug]", &taken).await;
    click(&root, "button[type=submit]").await;
    let alert = find(
        &root,
        "[role=alert][data-error-code=form_identifier_exists]",
    )
    .await;
    assert_eq!(alert.id(), "tessera-create-organization-slug-error");
    assert_eq!(
        alert.get_attribute("data-localization-key").as_deref(),
        Some("unstable__errors.form_identifier_exists__organization_slug")
    );
    assert_eq!(
        a.snapshot().user().unwrap().organization_memberships.len(),
        1
    );

    type_into(&root, "input[name=slug]", &format!("second-{stamp}")).await;
    click(&root, "button[type=submit]").await;
    for _ in 0..150 {
        if web_sys::window().unwrap().location().hash().unwrap() == "#created" {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(
        web_sys::window().unwrap().location().hash().unwrap(),
        "#created"
    );
    let active = a.snapshot().active_membership().unwrap().clone();
    assert_eq!(active.organization.slug, format!("second-{stamp}"));
    assert!(
        active.organization.has_image && !active.organization.image_url.is_empty(),
        "the logo was uploaded: {:?}",
        active.organization
    );
    root.remove();
}
