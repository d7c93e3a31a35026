//! `<OrganizationSwitcher/>`: a button showing the active organization (its logo or initial and
//! name) or the personal account; it opens a menu with the active organization and "Manage", the
//! personal account, the user's other organizations (choosing one makes it active: the next
//! session token carries its `o` claim), the user's pending invitations with "Join", and "Create
//! organization". Keyboard as in `UserButton`: Enter, Space or ArrowDown open it on the first item
//! (ArrowUp on the last), arrows move, Home/End jump, Escape closes and returns focus.

use std::rc::Rc;

use tessera_sdk::{
    OrganizationMembership, PageRequest, SdkError, SetActive, UserOrganizationInvitation,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::localization::{key, Localization};
use crate::model::User;
use crate::organization_profile::{focus, organization_avatar, role_label};
use crate::provider::{use_localization, use_tessera, RuntimeHandle};
use crate::theme::{inject_styles, MENU, ORGANIZATIONS};
use crate::ui::{self, FormError};
use crate::user_button::initials;

const COMPONENT: &str = "organization-switcher";
const MENU_ID: &str = "tessera-organization-switcher-menu";
/// `busy` while switching to the personal account.
const PERSONAL: &str = "personal";

/// Props of [`OrganizationSwitcher`].
#[derive(Properties, PartialEq, Debug)]
pub struct OrganizationSwitcherProps {
    /// A (deep-partial) localization over the provider's.
    #[prop_or_default]
    pub localization: Option<Localization>,
    /// Leave the personal account out: organizations only.
    #[prop_or_default]
    pub hide_personal: bool,
    /// Where to go after choosing an organization (`:id` and `:slug` are replaced by its own);
    /// by default the page stays.
    #[prop_or_default]
    pub after_select_organization_url: Option<AttrValue>,
    /// Where to go after choosing the personal account; by default the page stays.
    #[prop_or_default]
    pub after_select_personal_url: Option<AttrValue>,
    /// Where "Create organization" goes (a page with `<CreateOrganization/>`).
    #[prop_or_default]
    pub create_organization_url: Option<AttrValue>,
    /// Called by "Create organization" instead of going to `create_organization_url` (e.g. to
    /// open it in a dialog).
    #[prop_or_default]
    pub on_create_organization: Option<Callback<()>>,
    /// Where "Manage" goes (a page with `<OrganizationProfile/>`); `:id` and `:slug` are
    /// replaced by the active organization's.
    #[prop_or_default]
    pub organization_profile_url: Option<AttrValue>,
    /// Called by "Manage" instead of going to `organization_profile_url`.
    #[prop_or_default]
    pub on_manage_organization: Option<Callback<()>>,
    /// Clerk's prop for the profile the switcher opens in a modal. This switcher opens no modal:
    /// give the same URL to the `<OrganizationProfile/>` that `organization_profile_url` leads to.
    #[prop_or_default]
    pub after_leave_organization_url: Option<AttrValue>,
    /// Navigate in the app (e.g. a router) instead of loading `url`.
    #[prop_or_default]
    pub navigate: Option<Callback<String>>,
}

/// Which item to focus once the menu is open (`usize::MAX`: the last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Menu {
    Closed,
    Open(usize),
}

fn user_avatar(user: &User, large: bool) -> Html {
    let class = classes!("tessera-avatar", large.then_some("tessera-avatar-large"));
    if user.image_url.is_empty() {
        html! { <span {class} aria-hidden="true" data-user-data="">{ initials(user) }</span> }
    } else {
        html! { <img {class} src={user.image_url.clone()} alt="" /> }
    }
}

/// The invitations sent to the user, fetched each time the menu opens.
#[hook]
fn use_pending_invitations(
    open: bool,
    version: u32,
) -> UseStateHandle<Rc<Vec<UserOrganizationInvitation>>> {
    let runtime = use_tessera().runtime;
    let invitations = use_state(|| Rc::new(Vec::new()));
    {
        let invitations = invitations.clone();
        use_effect_with(
            (open, version, RuntimeHandle(runtime)),
            move |(open, _, RuntimeHandle(runtime))| {
                if *open {
                    let runtime = runtime.clone();
                    spawn_local(async move {
                        let answer = runtime
                            .organizations()
                            .user_invitations(PageRequest::default(), None)
                            .await;
                        if let Ok(page) = answer {
                            invitations.set(Rc::new(
                                page.data
                                    .into_iter()
                                    .filter(|i| i.status.is_empty() || i.status == "pending")
                                    .collect(),
                            ));
                        }
                    });
                }
            },
        );
    }
    invitations
}

/// Switch between the user's organizations and personal account.
#[function_component]
pub fn OrganizationSwitcher(props: &OrganizationSwitcherProps) -> Html {
    inject_styles(&[MENU, ORGANIZATIONS]);
    let tessera = use_tessera();
    let l = use_localization(props.localization.clone());
    let root = use_node_ref();
    let trigger = use_node_ref();
    let menu_ref = use_node_ref();
    let menu = use_state_eq(|| Menu::Closed);
    let open = matches!(*menu, Menu::Open(_));
    // Bumped after joining, to fetch the invitations again.
    let version = use_state_eq(|| 0_u32);
    let invitations = use_pending_invitations(open, *version);
    // What is under way: an organization id, an invitation id, or `PERSONAL`.
    let busy = use_state_eq(|| None::<String>);
    let error = use_state_eq(|| None::<FormError>);
    // The organization to focus once its item shows up (after joining it).
    let focus_next = use_mut_ref(|| None::<String>);
    // The item focus is on (a selector), to return to it when a re-render moved it.
    let focused = use_mut_ref(|| None::<String>);

    {
        let menu_ref = menu_ref.clone();
        use_effect_with(*menu, move |menu| {
            if let Menu::Open(index) = *menu {
                focus_item(&menu_ref, index);
            }
        });
    }
    {
        // After a render, focus goes where it is due: to an organization just joined once its
        // item is there; else back to the item it was on when a re-render moved that element
        // (a moved element loses focus, to the page's body).
        let (menu_ref, focus_next, focused) =
            (menu_ref.clone(), focus_next.clone(), focused.clone());
        use_effect(move || {
            if !open {
                return;
            }
            let next = focus_next.borrow().clone();
            if let Some(id) = next {
                let selector = format!("[role=menuitem][data-organization-id='{id}']");
                if has(&menu_ref, &selector) {
                    focus(&menu_ref, &selector);
                    focus_next.borrow_mut().take();
                }
                return;
            }
            let lost = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| {
                    d.active_element().is_none() || d.active_element() == d.body().map(Into::into)
                });
            if lost {
                // Cloned: focusing runs the focus handler, which writes it.
                let last = focused.borrow().clone();
                match last.as_deref() {
                    Some(selector) if has(&menu_ref, selector) => focus(&menu_ref, selector),
                    _ => {
                        if let Some(menu) = menu_ref.cast::<web_sys::HtmlElement>() {
                            let _ = menu.focus();
                        }
                    }
                }
            }
        });
    }
    {
        // The menu opens rightwards from the trigger; a trigger near the right edge of the page
        // opens it leftwards instead, so it never leaves the viewport (floating UI's "shift").
        let menu_ref = menu_ref.clone();
        use_effect_with(open, move |open| {
            if *open {
                if let Some(menu) = menu_ref.cast::<web_sys::HtmlElement>() {
                    let right = js_sys::Reflect::get(&menu, &"getBoundingClientRect".into())
                        .ok()
                        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                        .and_then(|f| f.call0(&menu).ok())
                        .and_then(|rect| js_sys::Reflect::get(&rect, &"right".into()).ok())
                        .and_then(|v| v.as_f64());
                    let viewport = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.document_element())
                        .map(|e| f64::from(e.client_width()));
                    if let (Some(right), Some(viewport)) = (right, viewport) {
                        if right > viewport - 8.0 {
                            let _ = menu.set_attribute("data-align", "end");
                        }
                    }
                }
            }
        });
    }
    {
        // A press outside closes the menu (focus does not move when the page there cannot take
        // it, so `focusout` alone would miss it).
        let (menu, root) = (menu.clone(), root.clone());
        use_effect_with(open, move |open| {
            let listener = open.then(|| {
                let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
                    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                    let inside = match (root.cast::<web_sys::Node>(), target) {
                        (Some(root), Some(target)) => root.contains(Some(&target)),
                        _ => false,
                    };
                    if !inside {
                        menu.set(Menu::Closed);
                    }
                });
                let document = web_sys::window().and_then(|w| w.document());
                if let Some(document) = &document {
                    let _ = document.add_event_listener_with_callback(
                        "pointerdown",
                        closure.as_ref().unchecked_ref(),
                    );
                }
                (document, closure)
            });
            move || {
                if let Some((Some(document), closure)) = listener {
                    let _ = document.remove_event_listener_with_callback(
                        "pointerdown",
                        closure.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    let Some(user) = tessera.snapshot.user().cloned() else {
        return Html::default();
    };
    let active = tessera.snapshot.active_membership().cloned();
    let others: Vec<OrganizationMembership> = user
        .organization_memberships
        .iter()
        .filter(|m| Some(&m.organization.id) != active.as_ref().map(|a| &a.organization.id))
        .cloned()
        .collect();
    let joined: Vec<&str> = user
        .organization_memberships
        .iter()
        .map(|m| m.organization.id.as_str())
        .collect();
    // An invitation accepted elsewhere is a membership already.
    let pending: Vec<UserOrganizationInvitation> = invitations
        .iter()
        .filter(|i| !joined.contains(&i.organization_id.as_str()))
        .cloned()
        .collect();

    let close_and_focus = {
        let (menu, trigger) = (menu.clone(), trigger.clone());
        move || {
            menu.set(Menu::Closed);
            if let Some(el) = trigger.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    let onclick = {
        let (menu, error) = (menu.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            menu.set(match *menu {
                Menu::Closed => Menu::Open(0),
                Menu::Open(_) => Menu::Closed,
            });
        })
    };
    let on_trigger_key = {
        let (menu, error) = (menu.clone(), error.clone());
        Callback::from(move |e: KeyboardEvent| {
            let target = match e.key().as_str() {
                "Enter" | " " | "ArrowDown" => Menu::Open(0),
                "ArrowUp" => Menu::Open(usize::MAX),
                _ => return,
            };
            e.prevent_default();
            error.set(None);
            menu.set(target);
        })
    };
    let on_menu_key = {
        let (menu, menu_ref) = (menu.clone(), menu_ref.clone());
        let close_and_focus = close_and_focus.clone();
        Callback::from(move |e: KeyboardEvent| {
            let count = items(&menu_ref).len();
            if count == 0 {
                return;
            }
            let current = focused_item(&menu_ref).unwrap_or(0);
            let next = match e.key().as_str() {
                "Escape" => {
                    e.prevent_default();
                    close_and_focus();
                    return;
                }
                "Tab" => {
                    menu.set(Menu::Closed);
                    return;
                }
                "ArrowDown" => (current + 1) % count,
                "ArrowUp" => (current + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            e.prevent_default();
            focus_item(&menu_ref, next);
        })
    };
    // Focus moving out of the component (Tab, Shift+Tab) closes the menu. Focus going nowhere
    // (to the body) is a press on the page, handled above, or an element moved by a re-render.
    let onfocusout = {
        let (menu, root) = (menu.clone(), root.clone());
        Callback::from(move |e: FocusEvent| {
            let outside = match (root.cast::<web_sys::Node>(), e.related_target()) {
                (Some(root), Some(next)) => next
                    .dyn_into::<web_sys::Node>()
                    .is_ok_and(|next| !root.contains(Some(&next))),
                _ => false,
            };
            if outside {
                menu.set(Menu::Closed);
            }
        })
    };
    let on_menu_focus = {
        let focused = focused.clone();
        Callback::from(move |e: FocusEvent| {
            let item = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .filter(|el| el.get_attribute("role").as_deref() == Some("menuitem"));
            *focused.borrow_mut() = item.map(|item| item_selector(&item));
        })
    };

    let select = |organization: Option<&OrganizationMembership>| {
        let runtime = tessera.runtime.clone();
        let (busy, error, l) = (busy.clone(), error.clone(), l.clone());
        let close_and_focus = close_and_focus.clone();
        let navigate = props.navigate.clone();
        let (target, marker, after) = match organization {
            Some(m) => (
                Some(m.organization.id.clone()),
                m.organization.id.clone(),
                props
                    .after_select_organization_url
                    .as_ref()
                    .map(|u| ui::organization_url(u, &m.organization.id, &m.organization.slug)),
            ),
            None => (
                None,
                PERSONAL.to_owned(),
                props
                    .after_select_personal_url
                    .as_ref()
                    .map(|u| u.to_string()),
            ),
        };
        Callback::from(move |_: MouseEvent| {
            if busy.is_some() {
                return;
            }
            let runtime = runtime.clone();
            let (busy, error, l) = (busy.clone(), error.clone(), l.clone());
            let close_and_focus = close_and_focus.clone();
            let (target, after, navigate) = (target.clone(), after.clone(), navigate.clone());
            busy.set(Some(marker.clone()));
            error.set(None);
            spawn_local(async move {
                let change = match target {
                    Some(id) => SetActive::organization(id),
                    None => SetActive::personal(),
                };
                let result = runtime.set_active(change).await;
                busy.set(None);
                match result {
                    Ok(()) => {
                        close_and_focus();
                        if let Some(after) = after {
                            ui::go_to(navigate.as_ref(), &after);
                        }
                    }
                    Err(e) => error.set(Some(FormError::from_sdk(&l, &e, &[], None))),
                }
            });
        })
    };
    let accept = |invitation: &UserOrganizationInvitation| {
        let runtime = tessera.runtime.clone();
        let (busy, error, version, invitations, l) = (
            busy.clone(),
            error.clone(),
            version.clone(),
            invitations.clone(),
            l.clone(),
        );
        let (focus_next, menu_ref) = (focus_next.clone(), menu_ref.clone());
        let (id, organization_id) = (invitation.id.clone(), invitation.organization_id.clone());
        Callback::from(move |_: MouseEvent| {
            if busy.is_some() {
                return;
            }
            let runtime = runtime.clone();
            let (busy, error, version, invitations, l) = (
                busy.clone(),
                error.clone(),
                version.clone(),
                invitations.clone(),
                l.clone(),
            );
            let (focus_next, menu_ref) = (focus_next.clone(), menu_ref.clone());
            let (id, organization_id) = (id.clone(), organization_id.clone());
            busy.set(Some(id.clone()));
            error.set(None);
            spawn_local(async move {
                let result: Result<_, SdkError> =
                    runtime.organizations().accept_invitation(&id).await;
                busy.set(None);
                match result {
                    Ok(_) => {
                        // The organization is among the user's now (the answer's client says
                        // so): focus waits on the menu while the invitation goes (a focused
                        // element removed would close the menu), then moves to it.
                        if let Some(menu) = menu_ref.cast::<web_sys::HtmlElement>() {
                            let _ = menu.focus();
                        }
                        *focus_next.borrow_mut() = Some(organization_id);
                        invitations.set(Rc::new(
                            invitations.iter().filter(|i| i.id != id).cloned().collect(),
                        ));
                        version.set(*version + 1);
                    }
                    Err(e) => error.set(Some(FormError::from_sdk(&l, &e, &[], None))),
                }
            });
        })
    };
    let manage = (props.on_manage_organization.is_some()
        || props.organization_profile_url.is_some())
    .then(|| {
        let close_and_focus = close_and_focus.clone();
        let on_manage = props.on_manage_organization.clone();
        let url = props.organization_profile_url.clone();
        let navigate = props.navigate.clone();
        let org = active.as_ref().map(|m| m.organization.clone());
        Callback::from(move |_: MouseEvent| {
            close_and_focus();
            match (&on_manage, &url, &org) {
                (Some(on_manage), _, _) => on_manage.emit(()),
                (None, Some(url), Some(org)) => {
                    ui::go_to(
                        navigate.as_ref(),
                        &ui::organization_url(url, &org.id, &org.slug),
                    );
                }
                _ => {}
            }
        })
    });
    let create = (props.on_create_organization.is_some()
        || props.create_organization_url.is_some())
    .then(|| {
        let close_and_focus = close_and_focus.clone();
        let on_create = props.on_create_organization.clone();
        let url = props.create_organization_url.clone();
        let navigate = props.navigate.clone();
        Callback::from(move |_: MouseEvent| {
            close_and_focus();
            match (&on_create, &url) {
                (Some(on_create), _) => on_create.emit(()),
                (None, Some(url)) => ui::go_to(navigate.as_ref(), url),
                (None, None) => {}
            }
        })
    });

    let working = busy.as_deref();
    let spinner = |here: bool| {
        if here {
            html! { <span class="tessera-spinner tessera-spinner-muted" aria-hidden="true"></span> }
        } else {
            Html::default()
        }
    };
    let personal_label = html! {
        <span class="tessera-org-switcher-name" data-localization-key={key::ORG_SWITCHER_PERSONAL}>
            { l.text(key::ORG_SWITCHER_PERSONAL) }
        </span>
    };

    let trigger_content = match (&active, props.hide_personal) {
        (Some(m), _) => html! {
            <>
                { organization_avatar(&m.organization.name, &m.organization.image_url, false) }
                <span class="tessera-org-switcher-name" data-user-data="" title={m.organization.name.clone()}>
                    { m.organization.name.clone() }
                </span>
            </>
        },
        (None, false) => html! { <>{ user_avatar(&user, false) }{ personal_label.clone() }</> },
        (None, true) => html! {
            <>
                { organization_avatar("", "", false) }
                <span class="tessera-org-switcher-name tessera-org-switcher-placeholder"
                    data-localization-key={key::ORG_SWITCHER_NOT_SELECTED}>
                    { l.text(key::ORG_SWITCHER_NOT_SELECTED) }
                </span>
            </>
        },
    };

    let header = match (&active, props.hide_personal) {
        (Some(m), _) => html! {
            <div class="tessera-menu-header tessera-org-switcher-current" role="presentation"
                data-organization-id={m.organization.id.clone()}>
                { organization_avatar(&m.organization.name, &m.organization.image_url, true) }
                <div class="tessera-menu-identity">
                    <span class="tessera-menu-name" data-user-data="" title={m.organization.name.clone()}>
                        { m.organization.name.clone() }
                    </span>
                    <span class="tessera-menu-email">{ role_label(&l, &m.role, &m.role_name()) }</span>
                </div>
                if let Some(manage) = manage {
                    <button type="button" role="menuitem" tabindex="-1"
                        class="tessera-button-secondary tessera-button-small tessera-org-switcher-manage"
                        onclick={manage} data-action="manage-organization"
                        data-localization-key={key::ORG_SWITCHER_MANAGE}>
                        { icon_gear() }
                        <span>{ l.text(key::ORG_SWITCHER_MANAGE) }</span>
                    </button>
                }
            </div>
        },
        (None, false) => {
            let email = user
                .primary_email_address()
                .map(|e| e.email_address.clone());
            html! {
                <div class="tessera-menu-header tessera-org-switcher-current" role="presentation" data-personal="">
                    { user_avatar(&user, true) }
                    <div class="tessera-menu-identity">
                        <span class="tessera-menu-name" data-localization-key={key::ORG_SWITCHER_PERSONAL}>
                            { l.text(key::ORG_SWITCHER_PERSONAL) }
                        </span>
                        if let Some(email) = email {
                            <span class="tessera-menu-email" data-user-data="" title={email.clone()}>{ email }</span>
                        }
                    </div>
                </div>
            }
        }
        (None, true) => Html::default(),
    };

    let membership_item = |m: &OrganizationMembership| {
        let here = working == Some(m.organization.id.as_str());
        html! {
            <button key={m.organization.id.clone()} type="button" role="menuitem" tabindex="-1"
                class="tessera-menu-item tessera-org-switcher-item" onclick={select(Some(m))}
                data-organization-id={m.organization.id.clone()} data-organization-slug={m.organization.slug.clone()}
                aria-disabled={working.is_some().then_some("true")} aria-busy={here.then_some("true")}>
                { organization_avatar(&m.organization.name, &m.organization.image_url, false) }
                <span class="tessera-org-switcher-text">
                    <span class="tessera-org-switcher-item-name" data-user-data="" title={m.organization.name.clone()}>
                        { m.organization.name.clone() }
                    </span>
                    <span class="tessera-org-switcher-item-role">{ role_label(&l, &m.role, &m.role_name()) }</span>
                </span>
                { spinner(here) }
            </button>
        }
    };
    let invitation_row = |invitation: &UserOrganizationInvitation| {
        let here = working == Some(invitation.id.as_str());
        let (name, image_url) = invitation
            .public_organization_data
            .as_ref()
            .map(|o| (o.name.clone(), o.image_url.clone()))
            .unwrap_or_default();
        html! {
            <div key={invitation.id.clone()} class="tessera-org-switcher-invitation" role="presentation"
                data-invitation-id={invitation.id.clone()} data-organization-id={invitation.organization_id.clone()}>
                { organization_avatar(&name, &image_url, false) }
                <span class="tessera-org-switcher-text">
                    <span class="tessera-org-switcher-item-name" data-user-data="" title={name.clone()}>{ name }</span>
                    <span class="tessera-org-switcher-item-role">{ role_label(&l, &invitation.role, &invitation.role_name) }</span>
                </span>
                <button type="button" role="menuitem" tabindex="-1"
                    class="tessera-button-secondary tessera-button-small" onclick={accept(invitation)}
                    aria-disabled={working.is_some().then_some("true")} aria-busy={here.then_some("true")}
                    data-action="accept-invitation" data-localization-key={key::ORG_SWITCHER_INVITATION_ACCEPT}>
                    { spinner(here) }
                    <span>{ l.text(key::ORG_SWITCHER_INVITATION_ACCEPT) }</span>
                </button>
            </div>
        }
    };
    let show_personal_item = active.is_some() && !props.hide_personal;
    let has_accounts = show_personal_item || !others.is_empty();
    let menu_label = active
        .as_ref()
        .map(|m| m.organization.name.clone())
        .unwrap_or_else(|| l.text(key::ORG_SWITCHER_PERSONAL));

    html! {
        <div ref={root} class="tessera-root tessera-organization-switcher" data-tessera-component={COMPONENT}
            data-open={open.then_some("true")} {onfocusout}>
            <button ref={trigger} type="button" class="tessera-org-switcher-trigger"
                aria-haspopup="menu" aria-expanded={if open { "true" } else { "false" }}
                aria-controls={open.then_some(MENU_ID)}
                aria-busy={working.is_some().then_some("true")}
                data-organization-id={active.as_ref().map(|m| m.organization.id.clone())}
                {onclick} onkeydown={on_trigger_key}>
                { trigger_content }
                { icon_chevron() }
            </button>
            if open {
                <div ref={menu_ref.clone()} id={MENU_ID} class="tessera-menu tessera-org-switcher-menu" role="menu"
                    tabindex="-1" aria-label={menu_label} onkeydown={on_menu_key} onfocusin={on_menu_focus}>
                    { header }
                    { ui::form_alert((*error).as_ref()) }
                    if has_accounts {
                        <div class="tessera-menu-items tessera-org-switcher-list" role="group">
                            if show_personal_item {
                                <button type="button" role="menuitem" tabindex="-1"
                                    class="tessera-menu-item tessera-org-switcher-item" onclick={select(None)} data-personal=""
                                    aria-disabled={working.is_some().then_some("true")}
                                    aria-busy={(working == Some(PERSONAL)).then_some("true")}>
                                    { user_avatar(&user, false) }
                                    <span class="tessera-org-switcher-text">{ personal_label }</span>
                                    { spinner(working == Some(PERSONAL)) }
                                </button>
                            }
                            { for others.iter().map(membership_item) }
                        </div>
                    }
                    // A list of its own: invitations arriving do not move the items above (a
                    // moved element loses focus).
                    if !pending.is_empty() {
                        <div class="tessera-menu-items tessera-org-switcher-invitations" role="group">
                            { for pending.iter().map(invitation_row) }
                        </div>
                    }
                    if let Some(create) = create {
                        <div class="tessera-menu-items" role="group">
                            <button type="button" role="menuitem" tabindex="-1" class="tessera-menu-item"
                                onclick={create} data-action="create-organization"
                                data-localization-key={key::ORG_SWITCHER_CREATE}>
                                <span class="tessera-org-switcher-add" aria-hidden="true">{ icon_plus() }</span>
                                <span>{ l.text(key::ORG_SWITCHER_CREATE) }</span>
                            </button>
                        </div>
                    }
                </div>
            }
        </div>
    }
}

/// A selector finding `item` again after a re-render.
fn item_selector(item: &web_sys::Element) -> String {
    if let Some(id) = item.get_attribute("data-organization-id") {
        format!("[role=menuitem][data-organization-id='{id}']")
    } else if item.has_attribute("data-personal") {
        "[role=menuitem][data-personal]".to_owned()
    } else if let Some(action) = item.get_attribute("data-action") {
        match item.closest("[data-invitation-id]").ok().flatten() {
            Some(row) => format!(
                "[data-invitation-id='{}'] [data-action={action}]",
                row.get_attribute("data-invitation-id").unwrap_or_default()
            ),
            None => format!("[role=menuitem][data-action={action}]"),
        }
    } else {
        "[role=menuitem]".to_owned()
    }
}

fn has(menu: &NodeRef, selector: &str) -> bool {
    menu.cast::<web_sys::Element>()
        .and_then(|m| m.query_selector(selector).ok().flatten())
        .is_some()
}

fn items(menu: &NodeRef) -> Vec<web_sys::HtmlElement> {
    let Some(menu) = menu.cast::<web_sys::Element>() else {
        return Vec::new();
    };
    let Ok(list) = menu.query_selector_all("[role=\"menuitem\"]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Focus the item at `index` (the last one when past the end).
fn focus_item(menu: &NodeRef, index: usize) {
    let items = items(menu);
    if let Some(item) = items.get(index).or_else(|| items.last()) {
        let _ = item.focus();
    }
}

fn focused_item(menu: &NodeRef) -> Option<usize> {
    let active = web_sys::window()?.document()?.active_element()?;
    items(menu)
        .iter()
        .position(|item| AsRef::<web_sys::Element>::as_ref(item) == &active)
}

fn icon_chevron() -> Html {
    html! {
        <svg class="tessera-icon tessera-org-switcher-chevron" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">
            <path d="M5.5 6.5L8 4l2.5 2.5M5.5 9.5L8 12l2.5-2.5"/>
        </svg>
    }
}

fn icon_plus() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round">
            <path d="M8 3.5v9M3.5 8h9"/>
        </svg>
    }
}

fn icon_gear() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <circle cx="8" cy="8" r="2.25"/>
            <path d="M8 1.75v1.5M8 12.75v1.5M14.25 8h-1.5M3.25 8h-1.5M12.42 3.58l-1.06 1.06M4.64 11.36l-1.06 1.06M12.42 12.42l-1.06-1.06M4.64 4.64L3.58 3.58"/>
        </svg>
    }
}
