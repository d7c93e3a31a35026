//! `<UserButton/>`: the signed-in user's avatar; it opens a menu with their name and email,
//! "Manage account" and "Sign out". Keyboard: Enter, Space or ArrowDown open it on the first
//! item (ArrowUp on the last), arrows move, Home/End jump, Escape closes and returns focus.

use tessera_sdk::SignOut;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::localization::{key, sections, Localization};
use crate::model::User;
use crate::provider::{use_localization_in, use_tessera};
use crate::theme::{inject_styles, MENU};
use crate::ui;

const COMPONENT: &str = "user-button";
const ITEMS: usize = 2;

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
    inject_styles(&[MENU]);
    let tessera = use_tessera();
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

    let Some(user) = tessera.snapshot.user().cloned() else {
        return Html::default();
    };
    let name = user.full_name();
    let email = user
        .primary_email_address()
        .map(|e| e.email_address.clone())
        .or_else(|| {
            user.email_addresses
                .first()
                .map(|e| e.email_address.clone())
        });

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
                "ArrowUp" => Menu::Open(ITEMS - 1),
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
                "ArrowDown" => (current + 1) % ITEMS,
                "ArrowUp" => (current + ITEMS - 1) % ITEMS,
                "Home" => 0,
                "End" => ITEMS - 1,
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
    let sign_out = {
        let runtime = tessera.runtime.clone();
        let (busy, menu) = (busy.clone(), menu.clone());
        let (after, navigate) = (props.after_sign_out_url.to_string(), props.navigate.clone());
        Callback::from(move |_: MouseEvent| {
            let runtime = runtime.clone();
            let (busy, menu) = (busy.clone(), menu.clone());
            let (after, navigate) = (after.clone(), navigate.clone());
            busy.set(true);
            spawn_local(async move {
                let result = runtime.sign_out(SignOut::default()).await;
                busy.set(false);
                menu.set(Menu::Closed);
                if result.is_ok() {
                    ui::go_to(navigate.as_ref(), &after);
                }
            });
        })
    };

    let open = matches!(*menu, Menu::Open(_));
    let menu_id = "tessera-user-button-menu";
    html! {
        <div ref={root} class="tessera-root tessera-user-button" data-tessera-component={COMPONENT}
            data-open={open.then_some("true")} {onfocusout}>
            <button ref={trigger} type="button" class="tessera-user-button-trigger"
                aria-haspopup="menu" aria-expanded={if open { "true" } else { "false" }}
                aria-controls={open.then_some(menu_id)}
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
                        aria-label={name.clone().or_else(|| email.clone())}>
                        <button type="button" role="menuitem" tabindex="-1" class="tessera-menu-item"
                            onclick={manage} data-localization-key={key::USER_BUTTON_MANAGE_ACCOUNT}>
                            { icon_gear() }
                            <span>{ l.text(key::USER_BUTTON_MANAGE_ACCOUNT) }</span>
                        </button>
                        <button type="button" role="menuitem" tabindex="-1" class="tessera-menu-item"
                            onclick={sign_out} disabled={*busy} aria-busy={busy.then_some("true")}
                            data-localization-key={key::USER_BUTTON_SIGN_OUT}>
                            { icon_sign_out() }
                            <span>{ l.text(key::USER_BUTTON_SIGN_OUT) }</span>
                        </button>
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
