//! `<UserButton/>`: the signed-in user's avatar; it opens a menu with their name and email,
//! "Manage account" and "Sign out". In multi-session mode (the environment's
//! `auth_config.single_session_mode` is false) the menu also lists the other accounts signed in
//! on this browser (choosing one makes it active), "Add account" (to the sign-in page) and, with
//! other accounts, "Sign out of all accounts"; "Sign out" then ends the active session only and
//! the server makes the next one active. Keyboard: Enter, Space or ArrowDown open it on the first
//! item (ArrowUp on the last), arrows move, Home/End jump, Escape closes and returns focus.

use tessera_sdk::{LocalFuture, SdkError, SetActive, SignOut, Snapshot};
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::localization::{key, sections, Localization};
use crate::model::{Session, User};
use crate::provider::{use_localization_in, use_tessera};
use crate::theme::{inject_styles, Sheet, MENU};
use crate::ui;

const COMPONENT: &str = "user-button";
/// "Add account" (Clerk's key).
const ADD_ACCOUNT: &str = "userButton.action__addAccount";
/// "Sign out of all accounts" (Clerk's key).
const SIGN_OUT_ALL: &str = "userButton.action__signOutAll";

/// The other accounts of a multi-session menu, after [`MENU`].
const ACCOUNTS: Sheet = Sheet {
    name: "user-button-accounts",
    css: r#"
.tessera-menu-separator{height:1px;margin:.375rem -.375rem;background:rgba(0,0,0,.07)}
.tessera-user-button-account{padding-top:.5rem;padding-bottom:.5rem}
.tessera-user-button-account .tessera-menu-name{font-weight:500}
.tessera-user-button-account .tessera-menu-email{font-size:.8125rem}
.tessera-user-button-account .tessera-icon{margin-left:auto;flex:none}
.tessera-user-button-account[aria-busy=true]{cursor:progress}
.tessera-menu-item-icon{display:inline-flex;align-items:center;justify-content:center;width:2rem;height:2rem;flex:none;border:1px dashed rgba(0,0,0,.2);border-radius:999px}
.tessera-menu-item[data-action=sign-out-all]{color:var(--tessera-color-text-secondary);font-size:.875rem}
.tessera-menu-item:disabled{cursor:progress}
"#,
};

/// Props of [`UserButton`].
#[derive(Properties, PartialEq, Debug)]
pub struct UserButtonProps {
    /// A (deep-partial) localization over the provider's.
    #[prop_or_default]
    pub localization: Option<Localization>,
    /// Where to go after signing out.
    #[prop_or(AttrValue::Static("/"))]
    pub after_sign_out_url: AttrValue,
    /// Called by "Manage account" (the hook point for a user profile).
    #[prop_or_default]
    pub on_manage_account: Option<Callback<()>>,
    /// Where "Manage account" goes when there is no `on_manage_account`.
    #[prop_or_default]
    pub user_profile_url: Option<AttrValue>,
    /// Where "Add account" goes (multi-session mode): the page with the SignIn component.
    #[prop_or(AttrValue::Static("/sign-in"))]
    pub sign_in_url: AttrValue,
    /// Where to go after switching to another account (multi-session mode); by default the
    /// page stays and shows the new account.
    #[prop_or_default]
    pub after_switch_session_url: Option<AttrValue>,
    /// Where to go after signing out of the active account while others stay signed in
    /// (multi-session mode); by default the page stays and shows the account that became active.
    #[prop_or_default]
    pub after_multi_session_single_sign_out_url: Option<AttrValue>,
    /// Navigate in the app (e.g. a router) instead of loading `url`.
    #[prop_or_default]
    pub navigate: Option<Callback<String>>,
}

/// Up to two initials from the user's names, or the first letter of the email.
pub(crate) fn initials(user: &User) -> String {
    let from_names: String = [user.first_name.as_deref(), user.last_name.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(|n| n.trim().chars().next())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !from_names.is_empty() {
        return from_names;
    }
    user.primary_email_address()
        .and_then(|e| e.email_address.chars().next())
        .map(|c| c.to_ascii_uppercase().to_string())
        .unwrap_or_default()
}

/// The user's primary email address, else their first one.
fn email_of(user: &User) -> Option<String> {
    user.primary_email_address()
        .or_else(|| user.email_addresses.first())
        .map(|e| e.email_address.clone())
}

/// Whether the instance keeps several signed-in sessions per client (`single_session_mode`
/// false in the environment's `auth_config`; absent means single-session, Clerk's default).
fn multi_session(snapshot: &Snapshot) -> bool {
    snapshot.environment().is_some_and(|e| {
        e.raw()
            .get("auth_config")
            .get("single_session_mode")
            .as_bool()
            == Some(false)
    })
}

fn avatar(user: &User, large: bool) -> Html {
    let class = classes!("tessera-avatar", large.then_some("tessera-avatar-large"));
    if user.image_url.is_empty() {
        html! { <span {class} aria-hidden="true" data-user-data="">{ initials(user) }</span> }
    } else {
        html! { <img {class} src={user.image_url.clone()} alt="" /> }
    }
}

/// Which item to focus once the menu is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Menu {
    Closed,
    Open(usize),
}

/// The signed-in user's menu.
#[function_component]
pub fn UserButton(props: &UserButtonProps) -> Html {
    let tessera = use_tessera();
    // The accounts sheet only where there can be other accounts.
    if multi_session(&tessera.snapshot) {
        inject_styles(&[MENU, ACCOUNTS]);
    } else {
        inject_styles(&[MENU]);
    }
    let l = use_localization_in(props.localization.clone(), sections::USER_BUTTON);
    let root = use_node_ref();
    let trigger = use_node_ref();
    let menu_ref = use_node_ref();
    let menu = use_state_eq(|| Menu::Closed);
    let busy = use_state_eq(|| false);

    {
        let menu_ref = menu_ref.clone();
        use_effect_with(*menu, move |menu| {
            if let Menu::Open(index) = *menu {
                focus_item(&menu_ref, index);
            }
        });
    }

    let snapshot = tessera.snapshot.clone();
    let Some(active) = snapshot.active_session().cloned() else {
        return Html::default();
    };
    let Some(user) = active.user.clone() else {
        return Html::default();
    };
    let multi = multi_session(&snapshot);
    // The other accounts signed in on this browser (none in single-session mode).
    let others: Vec<Session> = if multi {
        snapshot
            .sessions()
            .iter()
            .filter(|s| s.is_active() && s.id != active.id && s.user.is_some())
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    // Manage account, Sign out; then the other accounts, Add account and Sign out of all.
    let item_count = 2 + if multi {
        others.len() + 1 + usize::from(!others.is_empty())
    } else {
        0
    };
    let name = user.full_name();
    let email = email_of(&user);

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
        let menu = menu.clone();
        Callback::from(move |_: MouseEvent| {
            menu.set(match *menu {
                Menu::Closed => Menu::Open(0),
                Menu::Open(_) => Menu::Closed,
            });
        })
    };
    let on_trigger_key = {
        let menu = menu.clone();
        Callback::from(move |e: KeyboardEvent| {
            let target = match e.key().as_str() {
                "Enter" | " " | "ArrowDown" => Menu::Open(0),
                "ArrowUp" => Menu::Open(item_count - 1),
                _ => return,
            };
            e.prevent_default();
            menu.set(target);
        })
    };
    let on_menu_key = {
        let (menu, menu_ref) = (menu.clone(), menu_ref.clone());
        let close_and_focus = close_and_focus.clone();
        Callback::from(move |e: KeyboardEvent| {
            let count = items(&menu_ref).len().max(1);
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
    // Focus leaving the component (a click elsewhere, Shift+Tab) closes the menu.
    let onfocusout = {
        let (menu, root) = (menu.clone(), root.clone());
        Callback::from(move |e: FocusEvent| {
            let inside = match (root.cast::<web_sys::Node>(), e.related_target()) {
                (Some(root), Some(next)) => next
                    .dyn_into::<web_sys::Node>()
                    .is_ok_and(|next| root.contains(Some(&next))),
                _ => false,
            };
            if !inside {
                menu.set(Menu::Closed);
            }
        })
    };
    let manage = {
        let close_and_focus = close_and_focus.clone();
        let on_manage = props.on_manage_account.clone();
        let (url, navigate) = (props.user_profile_url.clone(), props.navigate.clone());
        Callback::from(move |_: MouseEvent| {
            close_and_focus();
            match (&on_manage, &url) {
                (Some(on_manage), _) => on_manage.emit(()),
                (None, Some(url)) => ui::go_to(navigate.as_ref(), url),
                (None, None) => {}
            }
        })
    };
    // Runs a session call with the menu busy; then closes the menu (focus back on the trigger,
    // which stays while someone is signed in) and, if it worked, goes to `after`.
    let act = {
        let (busy, navigate) = (busy.clone(), props.navigate.clone());
        let close_and_focus = close_and_focus.clone();
        move |work: LocalFuture<Result<(), SdkError>>, after: Option<String>| {
            let (busy, navigate) = (busy.clone(), navigate.clone());
            let close_and_focus = close_and_focus.clone();
            busy.set(true);
            spawn_local(async move {
                let result = work.await;
                busy.set(false);
                close_and_focus();
                if let (Ok(()), Some(after)) = (result, after) {
                    ui::go_to(navigate.as_ref(), &after);
                }
            });
        }
    };
    let after_sign_out = props.after_sign_out_url.to_string();
    let sign_out = {
        let (act, runtime) = (act.clone(), tessera.runtime.clone());
        // With other accounts signed in, only this one ends (Clerk's multi-session sign-out).
        let (which, after) = if others.is_empty() {
            (SignOut::default(), Some(after_sign_out.clone()))
        } else {
            let after = props
                .after_multi_session_single_sign_out_url
                .as_ref()
                .map(ToString::to_string);
            let which = SignOut {
                session_id: Some(active.id.clone()),
            };
            (which, after)
        };
        Callback::from(move |_: MouseEvent| {
            let (runtime, which) = (runtime.clone(), which.clone());
            act(
                Box::pin(async move { runtime.sign_out(which).await }),
                after.clone(),
            );
        })
    };
    let sign_out_all = {
        let (act, runtime) = (act.clone(), tessera.runtime.clone());
        Callback::from(move |_: MouseEvent| {
            let runtime = runtime.clone();
            let work = async move { runtime.sign_out(SignOut::default()).await };
            act(Box::pin(work), Some(after_sign_out.clone()));
        })
    };
    let switch_to = |session_id: String| {
        let (act, runtime) = (act.clone(), tessera.runtime.clone());
        let after = props
            .after_switch_session_url
            .as_ref()
            .map(ToString::to_string);
        Callback::from(move |_: MouseEvent| {
            let runtime = runtime.clone();
            let target = SetActive {
                session_id: Some(session_id.clone()),
                organization_id: None,
            };
            act(
                Box::pin(async move { runtime.set_active(target).await }),
                after.clone(),
            );
        })
    };
    let add_account = {
        let close_and_focus = close_and_focus.clone();
        let (url, navigate) = (props.sign_in_url.clone(), props.navigate.clone());
        Callback::from(move |_: MouseEvent| {
            close_and_focus();
            ui::go_to(navigate.as_ref(), &url);
        })
    };

    let open = matches!(*menu, Menu::Open(_));
    let menu_id = "tessera-user-button-menu";
    let accounts = others.iter().filter_map(|session| {
        let user = session.user.as_ref()?;
        let (name, email) = (user.full_name(), email_of(user));
        // Without a name, the email is the headline.
        let headline = name.clone().or_else(|| email.clone()).unwrap_or_default();
        let secondary = name.is_some().then_some(email).flatten();
        Some(html! {
            <button type="button" role="menuitem" tabindex="-1"
                class="tessera-menu-item tessera-user-button-account"
                key={session.id.clone()} data-session-id={session.id.clone()}
                data-user-id={user.id.clone()} disabled={*busy}
                onclick={switch_to(session.id.clone())}>
                { avatar(user, false) }
                <span class="tessera-menu-identity">
                    <span class="tessera-menu-name" data-user-data="" title={headline.clone()}>{ headline }</span>
                    if let Some(email) = secondary {
                        <span class="tessera-menu-email" data-user-data="" title={email.clone()}>{ email }</span>
                    }
                </span>
                { icon_switch() }
            </button>
        })
    });
    html! {
        <div ref={root} class="tessera-root tessera-user-button" data-tessera-component={COMPONENT}
            data-open={open.then_some("true")} data-multi-session={multi.then_some("true")}
            {onfocusout}>
            <button ref={trigger} type="button" class="tessera-user-button-trigger"
                aria-haspopup="menu" aria-expanded={if open { "true" } else { "false" }}
                aria-controls={open.then_some(menu_id)} data-session-id={active.id.clone()}
                {onclick} onkeydown={on_trigger_key}>
                { avatar(&user, false) }
                <span class="tessera-visually-hidden" data-localization-key={key::USER_BUTTON_OPEN_MENU}>
                    { l.text(key::USER_BUTTON_OPEN_MENU) }
                </span>
            </button>
            if open {
                <div ref={menu_ref} class="tessera-menu" onkeydown={on_menu_key}>
                    <div class="tessera-menu-header">
                        { avatar(&user, true) }
                        <div class="tessera-menu-identity">
                            if let Some(name) = name.clone() {
                                <span class="tessera-menu-name" data-user-data="" title={name.clone()}>{ name }</span>
                            }
                            if let Some(email) = email.clone() {
                                // Without a name, the email is the headline.
                                <span class={if name.is_some() { "tessera-menu-email" } else { "tessera-menu-name" }}
                                    data-user-data="" title={email.clone()}>{ email }</span>
                            }
                        </div>
                    </div>
                    <div id={menu_id} class="tessera-menu-items" role="menu"
                        aria-label={name.clone().or_else(|| email.clone())} aria-busy={busy.then_some("true")}>
                        <button type="button" role="menuitem" tabindex="-1" class="tessera-menu-item"
                            onclick={manage} data-localization-key={key::USER_BUTTON_MANAGE_ACCOUNT}>
                            { icon_gear() }
                            <span>{ l.text(key::USER_BUTTON_MANAGE_ACCOUNT) }</span>
                        </button>
                        <button type="button" role="menuitem" tabindex="-1" class="tessera-menu-item"
                            onclick={sign_out} disabled={*busy} aria-busy={busy.then_some("true")}
                            data-action="sign-out" data-localization-key={key::USER_BUTTON_SIGN_OUT}>
                            { icon_sign_out() }
                            <span>{ l.text(key::USER_BUTTON_SIGN_OUT) }</span>
                        </button>
                        if multi {
                            <div role="separator" class="tessera-menu-separator"></div>
                            { for accounts }
                            <button type="button" role="menuitem" tabindex="-1" class="tessera-menu-item"
                                onclick={add_account} disabled={*busy}
                                data-action="add-account" data-localization-key={ADD_ACCOUNT}>
                                <span class="tessera-menu-item-icon">{ icon_plus() }</span>
                                <span>{ l.text(ADD_ACCOUNT) }</span>
                            </button>
                            if !others.is_empty() {
                                <div role="separator" class="tessera-menu-separator"></div>
                                <button type="button" role="menuitem" tabindex="-1" class="tessera-menu-item"
                                    onclick={sign_out_all} disabled={*busy}
                                    data-action="sign-out-all" data-localization-key={SIGN_OUT_ALL}>
                                    { icon_sign_out() }
                                    <span>{ l.text(SIGN_OUT_ALL) }</span>
                                </button>
                            }
                        }
                    </div>
                </div>
            }
        </div>
    }
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

fn focus_item(menu: &NodeRef, index: usize) {
    if let Some(item) = items(menu).get(index) {
        let _ = item.focus();
    }
}

fn focused_item(menu: &NodeRef) -> Option<usize> {
    let active = web_sys::window()?.document()?.active_element()?;
    items(menu)
        .iter()
        .position(|item| AsRef::<web_sys::Element>::as_ref(item) == &active)
}

fn icon_gear() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <circle cx="8" cy="8" r="2.25"/>
            <path d="M8 1.75v1.5M8 12.75v1.5M14.25 8h-1.5M3.25 8h-1.5M12.42 3.58l-1.06 1.06M4.64 11.36l-1.06 1.06M12.42 12.42l-1.06-1.06M4.64 4.64L3.58 3.58"/>
        </svg>
    }
}

fn icon_sign_out() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <path d="M6 2.75H3.75a1 1 0 00-1 1v8.5a1 1 0 001 1H6M10.5 11l3-3-3-3M13.25 8H6.5"/>
        </svg>
    }
}

fn icon_plus() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round">
            <path d="M8 3.5v9M3.5 8h9"/>
        </svg>
    }
}

fn icon_switch() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <path d="M5 5.5h7.5M10.5 3.5l2 2-2 2M11 10.5H3.5M5.5 8.5l-2 2 2 2"/>
        </svg>
    }
}
