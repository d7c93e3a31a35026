//! OrganizationSwitcher in a real browser: the trigger in each state, the menu by keyboard,
//! switching (organization, then personal account), joining an invitation; and against a running
//! `tessera-server` together with CreateOrganization: create through the component, switch, and
//! the session token's `o` claim. The server URL is fixed at compile time; without it the live
//! test prints a note and passes: `TESSERA_TEST_FAPI_URL=http://127.0.0.1:PORT wasm-pack test …`.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::*;
use serde_json::{json, Value};
use tessera_components::localization::Localization;
use tessera_components::{CreateOrganization, OrganizationSwitcher};
use tessera_sdk::cookies::Cookies as _;
use tessera_sdk::resources::sign_up::SignUpFields;
use tessera_sdk::{GetTokenOptions, Platform, Runtime, RuntimeOptions, SessionClaims};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const TRIGGER: &str = "[data-tessera-component=organization-switcher] button[aria-haspopup=menu]";
/// An unsigned session token (the browser never verifies signatures).
const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzaWQiOiJzZXNzXzEiLCJzdWIiOiJ1c2VyXzEiLCJpYXQiOjE3OTUwMDMyMDAsIm5iZiI6MTc5NTAwMzIwMCwiZXhwIjoxNzk1MDAzMjYwLCJpc3MiOiJodHRwczovL2ZhcGkudGVzdCIsInYiOjJ9.c2ln";

fn organization(id: &str, name: &str, slug: &str) -> Value {
    json!({"object": "organization", "id": id, "name": name, "slug": slug, "image_url": "", "has_image": false})
}

fn membership(id: &str, name: &str, slug: &str, role: &str) -> Value {
    json!({
        "object": "organization_membership", "id": format!("orgmem_{id}"), "role": role,
        "permissions": [], "organization": organization(id, name, slug)
    })
}

/// Ada, member of Acme (admin) and Beta, working in `active` (or her personal account).
fn client_in(active: Option<&str>, memberships: &[Value]) -> Value {
    let mut client = signed_in_client();
    client["sessions"][0]["user"]["organization_memberships"] = json!(memberships);
    client["sessions"][0]["last_active_organization_id"] = json!(active);
    client
}

fn two_memberships() -> Vec<Value> {
    vec![
        membership("org_1", "Acme", "acme", "org:admin"),
        membership("org_2", "Beta", "beta", "org:member"),
    ]
}

fn invitation() -> Value {
    json!({
        "object": "organization_invitation", "id": "orginv_1", "email_address": "ada@example.com",
        "role": "org:member", "role_name": "Member", "organization_id": "org_3", "status": "pending",
        "public_organization_data": {"id": "org_3", "name": "Gamma", "slug": "gamma", "image_url": "", "has_image": false},
        "created_at": T0
    })
}

/// A page of a list, without a client (which would replace the one the test has moved on to).
fn page(items: Vec<Value>) -> Value {
    let total = items.len();
    json!({"response": {"data": items, "total_count": total}})
}

fn switcher_fapi(client: &Value, invitations: Vec<Value>) -> FakeFapi {
    let fapi = fapi(&["password"], false, Some(client.clone()));
    fapi.on(
        "GET",
        "/me/organization_invitations",
        200,
        page(invitations),
    );
    fapi.on(
        "POST",
        "/client/sessions/sess_1/tokens",
        200,
        json!({"object": "token", "jwt": JWT}),
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

/// What each menu item is: its organization id, `personal`, or its action.
fn item_names(root: &Element) -> Vec<String> {
    all(root, "[role=menu] [role=menuitem]")
        .iter()
        .map(|item| {
            item.get_attribute("data-organization-id")
                .or_else(|| {
                    item.has_attribute("data-personal")
                        .then(|| "personal".into())
                })
                .or_else(|| item.get_attribute("data-action"))
                .unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn signed_out_it_renders_nothing() {
    let fapi = fapi(&["password"], false, None);
    let root = render(&runtime(&fapi), None, html! { <OrganizationSwitcher /> });
    sleep(100).await;
    assert!(root
        .query_selector("[data-tessera-component]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn the_personal_account_and_the_menu_by_keyboard() {
    let client = client_in(None, &two_memberships());
    let fapi = switcher_fapi(&client, vec![invitation()]);
    let created = Rc::new(RefCell::new(0));
    let on_create_organization = {
        let created = created.clone();
        Callback::from(move |()| *created.borrow_mut() += 1)
    };
    let root = render(
        &runtime(&fapi),
        None,
        html! { <OrganizationSwitcher {on_create_organization} organization_profile_url="/org" /> },
    );
    let trigger = find(&root, TRIGGER).await;
    assert_eq!(
        text(&trigger, "[data-localization-key]"),
        "Personal account"
    );
    assert_eq!(
        text(&trigger, ".tessera-avatar"),
        "AL",
        "the user's initials"
    );
    assert_eq!(
        trigger.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(root.query_selector("[role=menu]").unwrap().is_none());

    key(&trigger, "Enter");
    let menu = find(&root, "[role=menu]").await;
    assert_eq!(
        trigger.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    // The personal account is the current one (the header); the invitation arrives.
    assert_eq!(
        text(&menu, ".tessera-org-switcher-current .tessera-menu-name"),
        "Personal account"
    );
    until("the invitation", &root, |r| {
        r.query_selector("[data-invitation-id=orginv_1]")
            .unwrap()
            .is_some()
    })
    .await;
    assert_eq!(
        item_names(&root),
        ["org_1", "org_2", "accept-invitation", "create-organization"]
    );
    assert_eq!(
        text(
            &root,
            "[data-invitation-id=orginv_1] .tessera-org-switcher-item-name"
        ),
        "Gamma"
    );
    assert_eq!(
        text(
            &root,
            "[role=menuitem][data-organization-id=org_1] .tessera-org-switcher-item-role"
        ),
        "Admin"
    );
    let items = all(&root, "[role=menu] [role=menuitem]");
    sleep(30).await;
    assert_eq!(
        active_element().as_ref(),
        Some(&items[0]),
        "focus on the first item"
    );
    key(&items[0], "ArrowDown");
    assert_eq!(active_element().as_ref(), Some(&items[1]));
    key(&items[1], "End");
    assert_eq!(active_element().as_ref(), Some(&items[3]));
    key(&items[3], "ArrowDown");
    assert_eq!(active_element().as_ref(), Some(&items[0]), "arrows wrap");
    key(&items[0], "ArrowUp");
    assert_eq!(active_element().as_ref(), Some(&items[3]));
    key(&items[3], "Home");
    assert_eq!(active_element().as_ref(), Some(&items[0]));
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );
    key(&items[0], "Escape");
    sleep(30).await;
    assert!(root.query_selector("[role=menu]").unwrap().is_none());
    assert_eq!(active_element().as_ref(), Some(&trigger), "focus returns");

    // ArrowUp opens on the last item: "Create organization".
    key(&trigger, "ArrowUp");
    find(&root, "[role=menu]").await;
    sleep(30).await;
    assert_eq!(
        active_element()
            .and_then(|e| e.get_attribute("data-action"))
            .as_deref(),
        Some("create-organization")
    );
    click(&root, "[data-action=create-organization]").await;
    assert_eq!(*created.borrow(), 1);
    assert!(root.query_selector("[role=menu]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn choosing_an_organization_then_the_personal_account() {
    let memberships = two_memberships();
    let fapi = switcher_fapi(&client_in(None, &memberships), vec![]);
    fapi.on(
        "POST",
        "/client/sessions/sess_1/touch",
        200,
        envelope(Value::Null, client_in(Some("org_2"), &memberships)),
    );
    fapi.on(
        "POST",
        "/client/sessions/sess_1/touch",
        200,
        envelope(Value::Null, client_in(None, &memberships)),
    );
    let (seen, navigate) = navigations();
    let root = render(
        &runtime(&fapi),
        None,
        html! {
            <OrganizationSwitcher {navigate} after_select_organization_url="/orgs/:slug"
                after_select_personal_url="/me" organization_profile_url="/orgs/:slug/profile" />
        },
    );
    click(&root, TRIGGER).await;
    click(&root, "[role=menuitem][data-organization-id=org_2]").await;
    until("Beta on the trigger", &root, |r| {
        text(r, &format!("{TRIGGER} .tessera-org-switcher-name")) == "Beta"
    })
    .await;
    // Once the new session's token is there, the page moves on.
    for _ in 0..100 {
        if !seen.borrow().is_empty() {
            break;
        }
        sleep(20).await;
    }
    let touch = fapi.sent("/client/sessions/sess_1/touch");
    assert_eq!(touch.len(), 1);
    assert_eq!(
        touch[0].body.as_deref(),
        Some("active_organization_id=org_2")
    );
    assert_eq!(*seen.borrow(), ["/orgs/beta"]);
    let trigger = find(&root, TRIGGER).await;
    assert_eq!(
        trigger.get_attribute("data-organization-id").as_deref(),
        Some("org_2")
    );
    assert_eq!(
        text(&trigger, ".tessera-avatar"),
        "B",
        "the organization's initial"
    );
    assert!(root.query_selector("[role=menu]").unwrap().is_none());
    assert_eq!(active_element().as_ref(), Some(&trigger));

    // In Beta: Beta is the header with "Manage"; the personal account and Acme are the list.
    key(&trigger, "ArrowDown");
    find(&root, "[role=menu]").await;
    assert_eq!(
        text(&root, ".tessera-org-switcher-current .tessera-menu-name"),
        "Beta"
    );
    assert_eq!(
        item_names(&root),
        ["manage-organization", "personal", "org_1"]
    );
    assert_eq!(text(&root, "[data-action=manage-organization]"), "Manage");
    click(&root, "[data-action=manage-organization]").await;
    assert_eq!(*seen.borrow(), ["/orgs/beta", "/orgs/beta/profile"]);

    click(&root, TRIGGER).await;
    click(&root, "[role=menuitem][data-personal]").await;
    until("the personal account on the trigger", &root, |r| {
        r.query_selector(&format!(
            "{TRIGGER} [data-localization-key='organizationSwitcher.personalWorkspace']"
        ))
        .unwrap()
        .is_some()
    })
    .await;
    for _ in 0..100 {
        if seen.borrow().len() == 3 {
            break;
        }
        sleep(20).await;
    }
    let touch = fapi.sent("/client/sessions/sess_1/touch");
    assert_eq!(touch[1].body.as_deref(), Some("active_organization_id="));
    assert_eq!(seen.borrow().last().map(String::as_str), Some("/me"));
}

#[wasm_bindgen_test]
async fn joining_an_invitation_lists_the_organization() {
    let memberships = two_memberships();
    let client = client_in(None, &memberships);
    let fapi = switcher_fapi(&client, vec![invitation()]);
    let mut joined = memberships.clone();
    joined.push(membership("org_3", "Gamma", "gamma", "org:member"));
    let after = client_in(None, &joined);
    let mut accepted = invitation();
    accepted["status"] = json!("accepted");
    fapi.on(
        "POST",
        "/me/organization_invitations/orginv_1/accept",
        200,
        envelope(accepted, after.clone()),
    );
    // Fetched again after joining: nothing pending.
    fapi.on("GET", "/me/organization_invitations", 200, page(vec![]));
    let root = render(&runtime(&fapi), None, html! { <OrganizationSwitcher /> });
    key(&find(&root, TRIGGER).await, "Enter");
    let join = find(
        &root,
        "[data-invitation-id=orginv_1] [data-action=accept-invitation]",
    )
    .await;
    assert_eq!(text(&join, "span"), "Join");
    let join: web_sys::HtmlElement = wasm_bindgen::JsCast::dyn_into(join).unwrap();
    join.focus().unwrap();
    join.click();
    until("Gamma among the organizations", &root, |r| {
        r.query_selector("[role=menuitem][data-organization-id=org_3]")
            .unwrap()
            .is_some()
            && r.query_selector("[data-invitation-id]").unwrap().is_none()
    })
    .await;
    assert_eq!(
        fapi.sent("/me/organization_invitations/orginv_1/accept")
            .len(),
        1
    );
    assert!(
        root.query_selector("[role=menu]").unwrap().is_some(),
        "the menu stays open"
    );
    sleep(30).await;
    assert_eq!(
        active_element()
            .and_then(|e| e.get_attribute("data-organization-id"))
            .as_deref(),
        Some("org_3"),
        "focus moves to the organization joined"
    );
    // Still personal: joining does not switch.
    assert!(fapi.sent("/client/sessions/sess_1/touch").is_empty());
}

#[wasm_bindgen_test]
async fn organizations_only_and_in_french() {
    let fapi = switcher_fapi(&client_in(None, &two_memberships()), vec![]);
    let root = render(
        &runtime(&fapi),
        Some(Localization::fr_fr()),
        html! { <OrganizationSwitcher hide_personal=true create_organization_url="/new" /> },
    );
    let trigger = find(&root, TRIGGER).await;
    assert_eq!(
        text(
            &trigger,
            "[data-localization-key='organizationSwitcher.notSelected']"
        ),
        "Aucune organisation sélectionnée"
    );
    key(&trigger, "Enter");
    find(&root, "[role=menu]").await;
    assert!(root
        .query_selector(".tessera-org-switcher-current")
        .unwrap()
        .is_none());
    assert_eq!(item_names(&root), ["org_1", "org_2", "create-organization"]);
    assert_eq!(
        text(&root, "[data-action=create-organization]"),
        "Créer une organisation"
    );
    assert_eq!(
        text(
            &root,
            "[data-organization-id=org_1] .tessera-org-switcher-item-role"
        ),
        "Administrateur"
    );
    // A press on the page outside closes it.
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let press = web_sys::Event::new_with_event_init_dict("pointerdown", &init).unwrap();
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .dispatch_event(&press)
        .unwrap();
    sleep(30).await;
    assert!(root.query_selector("[role=menu]").unwrap().is_none());
}

// ---------------------------------------------------------------------------------------------
// Against the server

const FAPI_URL: Option<&str> = option_env!("TESSERA_TEST_FAPI_URL");
const PASSWORD: &str = "correct horse battery staple";

async fn signed_up(url: &str, email: &str) -> Runtime {
    tessera_sdk::cookies::DocumentCookies.set(tessera_sdk::cookies::DEV_BROWSER, None);
    let runtime = Runtime::new(
        RuntimeOptions {
            frontend_api: url.to_owned(),
            dev_browser: true,
        },
        Platform::browser(),
    );
    runtime.load().await.unwrap();
    let sign_up = runtime
        .sign_up()
        .create(SignUpFields {
            email_address: Some(email.to_owned()),
            password: Some(PASSWORD.to_owned()),
            first_name: Some("Grace".to_owned()),
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
    runtime
}

/// The organization id in the session token's `o` claim.
async fn token_organization(runtime: &Runtime) -> Option<String> {
    let jwt = runtime
        .get_token(GetTokenOptions::default())
        .await
        .unwrap()
        .unwrap();
    SessionClaims::decode_unverified(&jwt)
        .unwrap()
        .o
        .map(|o| o.id)
}

#[wasm_bindgen_test]
async fn create_through_the_component_then_switch() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("skipped: TESSERA_TEST_FAPI_URL was not set at compile time");
        return;
    };
    let stamp = js_sys::Date::now() as u64;
    let a = signed_up(url, &format!("switcher-{stamp}+clerk_test@example.com")).await;
    let (seen, navigate) = navigations();
    let root = render(
        &a,
        None,
        html! {
            <>
                <OrganizationSwitcher create_organization_url="/new" />
                <CreateOrganization after_create_organization_url="/orgs/:slug" {navigate} />
            </>
        },
    );
    let trigger = find(&root, TRIGGER).await;
    assert_eq!(
        text(&trigger, "[data-localization-key]"),
        "Personal account"
    );

    // Create "Switch <stamp>": the slug follows the name.
    let name = format!("Switch Été {stamp}");
    type_into(&root, "input[name=name]", &name).await;
    let slug = format!("switch-ete-{stamp}");
    assert_eq!(value_of(&find(&root, "input[name=slug]").await), slug);
    click(
        &root,
        "[data-tessera-component=create-organization] button[type=submit]",
    )
    .await;
    find(
        &root,
        "[data-tessera-component=create-organization][data-step=invite-members]",
    )
    .await;
    // Created and active: the switcher follows, and the token carries the organization.
    until("the organization on the trigger", &root, |r| {
        text(r, &format!("{TRIGGER} .tessera-org-switcher-name")) == name
    })
    .await;
    let created = a.snapshot().active_membership().unwrap().clone();
    assert_eq!(created.organization.slug, slug);
    assert_eq!(created.role, "org:admin");
    assert_eq!(
        token_organization(&a).await,
        Some(created.organization.id.clone())
    );

    // Invite one address with the admin role.
    let roles = find(&root, "select[name=role]").await;
    assert_eq!(value_of(&roles), "org:member");
    let invited = format!("invitee-{stamp}@example.com");
    fill(&root, "textarea[name=emailAddresses]", &invited).await;
    click(&root, "[data-step=invite-members] button[type=submit]").await;
    find(
        &root,
        "[data-tessera-component=create-organization][data-step=done] [role=status]",
    )
    .await;
    let invitations = a
        .organizations()
        .invitations(&created.organization.id, Default::default(), None)
        .await
        .unwrap();
    assert_eq!(invitations.data.len(), 1);
    assert_eq!(invitations.data[0].email_address, invited);
    click(&root, "[data-action=finish]").await;
    assert_eq!(*seen.borrow(), [format!("/orgs/{slug}")]);

    // A second organization (through the SDK): the switcher lists it; choosing it switches.
    let other = a
        .organizations()
        .create(&format!("Other {stamp}"), None)
        .await
        .unwrap();
    click(&root, TRIGGER).await;
    click(
        &root,
        &format!("[role=menuitem][data-organization-id='{}']", other.id),
    )
    .await;
    until(
        "the other organization on the trigger, the menu closed",
        &root,
        |r| {
            r.query_selector(TRIGGER)
                .unwrap()
                .and_then(|t| t.get_attribute("data-organization-id"))
                == Some(other.id.clone())
                && r.query_selector("[role=menu]").unwrap().is_none()
        },
    )
    .await;
    assert_eq!(token_organization(&a).await, Some(other.id.clone()));

    // And back to the personal account: no `o` claim.
    click(&root, TRIGGER).await;
    click(&root, "[role=menuitem][data-personal]").await;
    until(
        "the personal account on the trigger, the menu closed",
        &root,
        |r| {
            r.query_selector(TRIGGER)
                .unwrap()
                .is_some_and(|t| !t.has_attribute("data-organization-id"))
                && r.query_selector("[role=menu]").unwrap().is_none()
        },
    )
    .await;
    assert_eq!(token_organization(&a).await, None);
    assert!(
        unlocalized_text(&root).is_empty(),
        "{:?}",
        unlocalized_text(&root)
    );
    root.remove();
}
