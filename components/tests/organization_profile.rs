//! OrganizationProfile against a running `tessera-server`: two users signed up through the SDK, an
//! organization, an invitation accepted; then the admin's members table (pages, search, a role
//! change, a removal), the member's read-only view and the last admin refused leaving (in French).
//! The server URL is fixed at compile time; without it the test prints a note and passes:
//! `TESSERA_TEST_FAPI_URL=http://127.0.0.1:PORT wasm-pack test … components`.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use tessera_components::localization::Localization;
use tessera_components::{OrganizationProfile, OrganizationProfilePage};
use tessera_sdk::cookies::Cookies as _;
use tessera_sdk::resources::sign_up::SignUpFields;
use tessera_sdk::{PageRequest, Platform, Runtime, RuntimeOptions, SetActive};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const FAPI_URL: Option<&str> = option_env!("TESSERA_TEST_FAPI_URL");
const PASSWORD: &str = "correct horse battery staple";

/// A runtime with a client of its own (its own dev-browser token), loaded.
async fn client(url: &str) -> Runtime {
    tessera_sdk::cookies::DocumentCookies.set(tessera_sdk::cookies::DEV_BROWSER, None);
    let runtime = Runtime::new(
        RuntimeOptions {
            frontend_api: url.to_owned(),
            dev_browser: true,
        },
        Platform::browser(),
    );
    runtime.load().await.unwrap();
    runtime
}

async fn sign_up(runtime: &Runtime, email: &str) {
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
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Wait up to 4 s for `check` to hold.
async fn until(what: &str, root: &Element, check: impl Fn(&Element) -> bool) {
    for _ in 0..200 {
        if check(root) {
            return;
        }
        sleep(20).await;
    }
    panic!("{what} never happened: {}", root.inner_html());
}

fn range(root: &Element) -> String {
    format!(
        "{} / {}",
        text(root, ".tessera-pagination-range"),
        text(root, ".tessera-pagination-total")
    )
}

/// Pick `value` in a `<select>` like a user: set it and fire a bubbling `change`.
fn choose(select: &Element, value: &str) {
    js_sys::Reflect::set(select, &"value".into(), &JsValue::from_str(value)).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let change = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    select.dispatch_event(&change).unwrap();
}

fn profile(page: OrganizationProfilePage) -> Html {
    html! { <OrganizationProfile {page} page_size={1} after_leave_organization_url="#left" /> }
}

#[wasm_bindgen_test]
async fn admins_manage_members_members_only_see_them_and_the_last_admin_cannot_leave() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("skipped: TESSERA_TEST_FAPI_URL was not set at compile time");
        return;
    };
    let stamp = js_sys::Date::now() as u64;
    let email_a = format!("org-admin-{stamp}+clerk_test@example.com");
    let email_b = format!("org-member-{stamp}+clerk_test@example.com");

    // A creates an organization, works in it and invites B; B signs up and accepts.
    let a = client(url).await;
    sign_up(&a, &email_a).await;
    let org = a
        .organizations()
        .create(&format!("Profile {stamp}"), None)
        .await
        .unwrap();
    a.set_active(SetActive::organization(org.id.clone()))
        .await
        .unwrap();
    a.organizations()
        .invite(&org.id, std::slice::from_ref(&email_b), "org:member")
        .await
        .unwrap();
    let b = client(url).await;
    sign_up(&b, &email_b).await;
    let pending = b
        .organizations()
        .user_invitations(PageRequest::default(), None)
        .await
        .unwrap();
    b.organizations()
        .accept_invitation(&pending.data[0].id)
        .await
        .unwrap();
    b.set_active(SetActive::organization(org.id.clone()))
        .await
        .unwrap();
    let b_id = b.snapshot().user().unwrap().id.clone();

    // A's members table, one member per page: two pages, then a search finds B alone.
    let root = render(&a, None, profile(OrganizationProfilePage::Members));
    find(
        &root,
        "[data-tessera-component=organization-profile][data-page=members]",
    )
    .await;
    until("the first page", &root, |r| range(r) == "1–1 / 2").await;
    let headers: Vec<String> = all(&root, "table thead th")
        .iter()
        .filter_map(|th| th.get_attribute("data-localization-key"))
        .collect();
    assert_eq!(
        headers,
        [
            "organizationProfile.membersPage.activeMembersTab.tableHeader__user",
            "organizationProfile.membersPage.activeMembersTab.tableHeader__joined",
            "organizationProfile.membersPage.activeMembersTab.tableHeader__role",
        ]
    );
    assert_eq!(all(&root, "table thead th[scope=col]").len(), 4);
    click(&root, "[data-localization-key=paginationButton__next]").await;
    until("the second page", &root, |r| range(r) == "2–2 / 2").await;
    assert!(root
        .query_selector("[data-localization-key=paginationButton__next]:disabled")
        .unwrap()
        .is_some());
    type_into(&root, "input[name=query]", &format!("org-member-{stamp}")).await;
    until("the search", &root, |r| {
        range(r) == "1–1 / 1" && all(r, "tbody tr[data-user-id]").len() == 1
    })
    .await;
    let row = find(&root, &format!("tbody tr[data-user-id='{b_id}']")).await;
    assert!(row.text_content().unwrap().contains(&email_b));
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );

    // B's view: the same members, nothing to manage.
    let member_view = render(&b, None, profile(OrganizationProfilePage::Members));
    until("B's members", &member_view, |r| range(r) == "1–1 / 2").await;
    for control in [
        "[data-action=invite]",
        "select",
        "[data-action=remove]",
        "[role=tablist]",
    ] {
        assert!(
            member_view.query_selector(control).unwrap().is_none(),
            "a member sees {control}"
        );
    }
    assert_eq!(all(&member_view, "table thead th").len(), 3);
    click(&member_view, "nav li:first-child button").await;
    find(&member_view, "[data-page=general]").await;
    for control in [
        "[data-localization-key='organizationProfile.start.profileSection.primaryButton']",
        "[data-action=delete]",
    ] {
        assert!(
            member_view.query_selector(control).unwrap().is_none(),
            "a member sees {control}"
        );
    }
    assert!(member_view
        .query_selector("[data-action=leave]")
        .unwrap()
        .is_some());
    member_view.remove();

    // A makes B an admin, then removes B.
    type_into(&root, "input[name=query]", "").await;
    until("the whole list", &root, |r| range(r).ends_with("/ 2")).await;
    type_into(&root, "input[name=query]", &format!("org-member-{stamp}")).await;
    until("B's row", &root, |r| {
        all(r, "tbody tr[data-user-id]").len() == 1
            && r.query_selector(&format!("tr[data-user-id='{b_id}'] select"))
                .unwrap()
                .is_some()
    })
    .await;
    let select = find(&root, &format!("tr[data-user-id='{b_id}'] select")).await;
    // The select is labelled by the column and the member's name.
    let labels: Vec<String> = select
        .get_attribute("aria-labelledby")
        .unwrap()
        .split(' ')
        .map(|id| text(&root, &format!("#{id}")))
        .collect();
    assert_eq!(labels, ["Role", email_b.as_str()]);
    choose(&select, "org:admin");
    until("B is an admin", &root, |r| {
        r.query_selector(&format!("tr[data-user-id='{b_id}'][data-role='org:admin']"))
            .unwrap()
            .is_some()
    })
    .await;
    click(
        &root,
        &format!("tr[data-user-id='{b_id}'] [data-action=remove]"),
    )
    .await;
    let confirm = find(&root, "[data-action=confirm-remove]").await;
    assert_eq!(active_element().as_ref(), Some(&confirm));
    click(&root, "[data-action=confirm-remove]").await;
    until("B is removed", &root, |r| {
        range(r) == "0–0 / 0"
            && r.query_selector(
                "[data-localization-key='organizationProfile.membersPage.detailsTitle__emptyRow']",
            )
            .unwrap()
            .is_some()
    })
    .await;
    root.remove();

    // A, now the only member and admin: demoting themself and leaving are refused, in French.
    let root = render(
        &a,
        Some(Localization::fr_fr()),
        profile(OrganizationProfilePage::General),
    );
    find(&root, "[data-page=general]").await;
    assert_eq!(
        text(&root, ".tessera-page-title"),
        "Général",
        "the page is in French"
    );
    click(&root, "[data-action=leave]").await;
    find(&root, "form[data-confirm=leave]").await;
    click(&root, "form[data-confirm=leave] button[type=submit]").await;
    let alert = find(
        &root,
        "[role=alert][data-error-code=organization_minimum_permissions_needed]",
    )
    .await;
    assert_eq!(
        alert.get_attribute("data-localization-key").as_deref(),
        Some("unstable__errors.organization_minimum_permissions_needed")
    );
    assert!(alert
        .text_content()
        .unwrap()
        .starts_with("Une organisation doit avoir au moins un administrateur"));
    assert_eq!(
        active_element().as_ref(),
        Some(&alert),
        "focus moves to the error"
    );
    assert!(a.snapshot().active_membership().is_some(), "still a member");
    root.remove();

    // The members page, as the last admin: the role select refuses the demotion.
    let root = render(&a, None, profile(OrganizationProfilePage::Members));
    let a_id = a.snapshot().user().unwrap().id.clone();
    let select = find(&root, &format!("tr[data-user-id='{a_id}'] select")).await;
    choose(&select, "org:member");
    find(
        &root,
        "[role=alert][data-error-code=organization_minimum_permissions_needed]",
    )
    .await;
    until("the select back on admin", &root, |r| {
        r.query_selector(&format!("tr[data-user-id='{a_id}'] select"))
            .unwrap()
            .and_then(|s| js_sys::Reflect::get(&s, &"value".into()).ok())
            .and_then(|v| v.as_string())
            .as_deref()
            == Some("org:admin")
    })
    .await;
    root.remove();
}

/// A 1×1 transparent PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

fn construct(class: &str, args: &js_sys::Array) -> JsValue {
    use wasm_bindgen::JsCast as _;
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &class.into())
        .unwrap()
        .dyn_into()
        .unwrap();
    js_sys::Reflect::construct(&ctor, args).unwrap()
}

/// Choose a file in a file input like a user: `files` set through a `DataTransfer`, then `change`.
async fn choose_file(root: &Element, selector: &str, name: &str, mime: &str, bytes: &[u8]) {
    use wasm_bindgen::JsCast as _;
    let input = find(root, selector).await;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"type".into(), &mime.into()).unwrap();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let file = construct("File", &js_sys::Array::of3(&parts, &name.into(), &options));
    let transfer = construct("DataTransfer", &js_sys::Array::new());
    let items = js_sys::Reflect::get(&transfer, &"items".into()).unwrap();
    let add: js_sys::Function = js_sys::Reflect::get(&items, &"add".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    add.call1(&items, &file).unwrap();
    let files = js_sys::Reflect::get(&transfer, &"files".into()).unwrap();
    js_sys::Reflect::set(&input, &"files".into(), &files).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let change = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    input.dispatch_event(&change).unwrap();
    sleep(10).await;
}

fn logo_src(root: &Element) -> Option<String> {
    root.query_selector(".tessera-profile-form img.tessera-avatar-organization")
        .unwrap()
        .and_then(|img| img.get_attribute("src"))
}

#[wasm_bindgen_test]
async fn admins_edit_the_profile_upload_a_logo_invite_and_delete() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("skipped: TESSERA_TEST_FAPI_URL was not set at compile time");
        return;
    };
    let stamp = js_sys::Date::now() as u64;
    let a = client(url).await;
    sign_up(&a, &format!("org-owner-{stamp}+clerk_test@example.com")).await;
    let taken = format!("taken-{stamp}");
    a.organizations()
        .create(&format!("Other {stamp}"), Some(&taken))
        .await
        .unwrap();
    let org = a
        .organizations()
        .create(&format!("Logo {stamp}"), None)
        .await
        .unwrap();
    a.set_active(SetActive::organization(org.id.clone()))
        .await
        .unwrap();

    let root = render(&a, None, profile(OrganizationProfilePage::General));
    click(&root, "[data-action=edit-profile]").await;
    let name = find(&root, "input[name=name]").await;
    sleep(30).await;
    assert_eq!(
        active_element().as_ref(),
        Some(&name),
        "the form opens on its first field"
    );
    assert!(root
        .query_selector("label[for=tessera-organization-profile-name]")
        .unwrap()
        .is_some());

    // Logos: not an image, too large, then a PNG.
    choose_file(
        &root,
        "input[name=logo]",
        "notes.txt",
        "text/plain",
        b"hello",
    )
    .await;
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
    choose_file(&root, "input[name=logo]", "big.png", "image/png", &large).await;
    find(
        &root,
        "[role=alert][data-error-code=avatar_file_size_exceeded]",
    )
    .await;
    let before = logo_src(&root);
    choose_file(&root, "input[name=logo]", "logo.png", "image/png", PNG).await;
    until("the new logo", &root, |r| {
        r.query_selector("[role=alert]").unwrap().is_none()
            && logo_src(r).is_some()
            && logo_src(r) != before
    })
    .await;

    // A slug another organization has is refused next to the field, then a rename works.
    type_into(&root, "input[name=slug]", &taken).await;
    click(&root, ".tessera-profile-form button[type=submit]").await;
    let error = find(&root, "#tessera-organization-profile-slug-error").await;
    assert_eq!(
        error.get_attribute("data-localization-key").as_deref(),
        Some("unstable__errors.form_identifier_exists__organization_slug")
    );
    assert_eq!(
        active_element().unwrap().get_attribute("name").as_deref(),
        Some("slug"),
        "focus moves to the field in error"
    );
    let renamed = format!("Renamed {stamp}");
    type_into(&root, "input[name=name]", &renamed).await;
    type_into(&root, "input[name=slug]", &format!("renamed-{stamp}")).await;
    click(&root, ".tessera-profile-form button[type=submit]").await;
    find(
        &root,
        "[role=status][data-localization-key='organizationProfile.profilePage.successMessage']",
    )
    .await;
    assert_eq!(text(&root, ".tessera-profile-nav-title"), renamed);
    assert_eq!(text(&root, ".tessera-org-slug"), format!("renamed-{stamp}"));
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );

    // Invite two addresses; the invitations tab lists them; revoke one.
    click(&root, "nav li:nth-child(2) button").await;
    click(&root, "[data-action=invite]").await;
    find(&root, "[data-page=invite]").await;
    let emails = find(&root, "input[name=emailAddresses]").await;
    sleep(30).await;
    assert_eq!(active_element().as_ref(), Some(&emails));
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );
    type_into(
        &root,
        "input[name=emailAddresses]",
        &format!("x-{stamp}@example.com, y-{stamp}@example.com"),
    )
    .await;
    click(&root, "button[type=submit]").await;
    find(&root, "[data-page=members] [role=status][data-localization-key='organizationProfile.invitePage.successMessage']").await;
    assert_eq!(
        find(&root, "[role=tab][aria-selected=true]")
            .await
            .get_attribute("data-tab")
            .as_deref(),
        Some("invitations")
    );
    until("two invitations", &root, |r| range(r) == "1–1 / 2").await;
    click(&root, "tbody tr[data-invitation-id] [data-action=revoke]").await;
    until("one invitation", &root, |r| range(r) == "1–1 / 1").await;

    // Delete: the button waits for the organization's name.
    click(&root, "nav li:first-child button").await;
    click(&root, "[data-action=delete]").await;
    type_into(&root, "input[name=deleteConfirmation]", "wrong").await;
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );
    assert!(root
        .query_selector("form[data-confirm=delete] button[type=submit]:disabled")
        .unwrap()
        .is_some());
    type_into(&root, "input[name=deleteConfirmation]", &renamed).await;
    click(&root, "form[data-confirm=delete] button[type=submit]").await;
    for _ in 0..150 {
        if web_sys::window().unwrap().location().hash().unwrap() == "#left" {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(
        web_sys::window().unwrap().location().hash().unwrap(),
        "#left"
    );
    assert!(a.snapshot().active_membership().is_none());
    assert_eq!(
        a.snapshot().user().unwrap().organization_memberships.len(),
        1
    );
    root.remove();
}
