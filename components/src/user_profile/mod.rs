//! `<UserProfile/>`: the signed-in user's account, as Clerk's prebuilt profile shows it. The same
//! card as OrganizationProfile, with a navigation ("Profile", "Security"; tabs on narrow screens):
//! - Account: the profile (image, first and last name), email addresses and phone numbers (add and
//!   verify by code, make primary, remove).
//! - Security: the password (set or change, optionally signing out other devices), two-step
//!   verification (an authenticator app enrolled by QR code, SMS codes to a verified phone number,
//!   backup codes), the active devices
//!   (sign one out) and deleting the account (confirmed by typing "Delete account").
//!
//! What the instance does not offer (phone numbers, authenticator apps, backup codes, deleting
//! the account) is not shown; what the server refuses is shown localized by its code.

mod account;
mod keys;
mod security;

use std::cell::Cell;
use std::fmt::Write as _;
use std::future::Future;
use std::rc::Rc;

use tessera_sdk::{Environment, SdkError, User};
use wasm_bindgen::JsValue;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::localization::{key, sections, Localization};
use crate::organization_profile::focus;
use crate::provider::{use_localization_in, use_tessera};
use crate::theme::{inject_styles, MENU, ORGANIZATIONS};
use crate::ui::{self, FormError};

use account::AccountPage;
use security::SecurityPage;

const COMPONENT: &str = "user-profile";

/// Props of [`UserProfile`].
#[derive(Properties, PartialEq, Debug)]
pub struct UserProfileProps {
    /// A (deep-partial) localization over the provider's.
    #[prop_or_default]
    pub localization: Option<Localization>,
    /// Navigate in the app (e.g. a router) instead of loading a URL.
    #[prop_or_default]
    pub navigate: Option<Callback<String>>,
    /// Where to go when the page finds its own session signed out (e.g. revoked elsewhere).
    #[prop_or(AttrValue::Static("/"))]
    pub after_sign_out_url: AttrValue,
    /// Where to go after deleting the account.
    #[prop_or(AttrValue::Static("/"))]
    pub after_delete_url: AttrValue,
    /// The page it opens on.
    #[prop_or(Page::Account)]
    pub page: Page,
}

/// The pages (`data-page`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Account,
    Security,
}

impl Page {
    /// The `data-page` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Security => "security",
        }
    }
}

/// What the instance lets users do on these pages (from the environment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Features {
    pub(crate) email_addresses: bool,
    pub(crate) phone_numbers: bool,
    pub(crate) names: bool,
    pub(crate) password: bool,
    pub(crate) totp: bool,
    /// SMS codes to a verified phone number as a second factor.
    pub(crate) phone_code: bool,
    pub(crate) backup_codes: bool,
    pub(crate) delete_self: bool,
}

impl Features {
    fn of(environment: Option<&Environment>, user: &User) -> Self {
        let Some(environment) = environment else {
            return Self::default();
        };
        let settings = environment.raw().get("user_settings");
        let attributes = settings.get("attributes");
        let enabled = |name: &str| attributes.get(name).flag("enabled");
        let typed = &environment.user_settings.attributes;
        Self {
            email_addresses: typed.email_address.enabled,
            phone_numbers: enabled("phone_number"),
            names: typed.first_name.enabled || typed.last_name.enabled,
            password: typed.password.enabled,
            totp: enabled("authenticator_app"),
            phone_code: enabled("phone_number")
                && attributes
                    .get("phone_number")
                    .flag("used_for_second_factor"),
            backup_codes: enabled("backup_code"),
            // Absent from an environment: allowed, as in Clerk.
            delete_self: user.delete_self_enabled()
                && settings.get("actions").get("delete_self").as_bool() != Some(false),
        }
    }
}

/// Set while the page itself ends the session (deleting the account goes to its own URL, not to
/// `after_sign_out_url`).
#[derive(Clone, Default)]
pub(crate) struct Leaving(Rc<Cell<bool>>);

impl Leaving {
    pub(crate) fn set(&self, leaving: bool) {
        self.0.set(leaving);
    }

    fn get(&self) -> bool {
        self.0.get()
    }
}

impl PartialEq for Leaving {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Leaving {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Leaving").field(&self.get()).finish()
    }
}

/// The signed-in user's account and security settings.
#[function_component]
pub fn UserProfile(props: &UserProfileProps) -> Html {
    inject_styles(&[MENU, ORGANIZATIONS]);
    let tessera = use_tessera();
    let l = use_localization_in(props.localization.clone(), sections::USER_PROFILE);
    let root = use_node_ref();
    let page = use_state_eq(|| props.page);
    let was_signed_in = use_mut_ref(|| false);
    let leaving = (*use_memo((), |()| Leaving::default())).clone();

    {
        // A page opened from the navigation starts with focus on its heading (not on first
        // render).
        let root = root.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(*page, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                focus(&root, ".tessera-page-title");
            }
        });
    }
    {
        // The session ended while the page was open (signed out on another device): leave.
        let signed_in = tessera.snapshot.is_signed_in();
        let loaded = tessera.snapshot.is_loaded;
        let (url, navigate) = (props.after_sign_out_url.clone(), props.navigate.clone());
        let (was, leaving) = (was_signed_in.clone(), leaving.clone());
        use_effect_with((signed_in, loaded), move |&(signed_in, loaded)| {
            let before = std::mem::replace(&mut *was.borrow_mut(), signed_in);
            if loaded && before && !signed_in && !leaving.get() {
                ui::go_to(navigate.as_ref(), &url);
            }
        });
    }

    if !tessera.snapshot.is_loaded {
        return ui::loading_card(COMPONENT, &root);
    }
    let Some(user) = tessera.snapshot.user().cloned() else {
        return Html::default();
    };
    let features = Features::of(tessera.snapshot.environment(), &user);
    let session_id = tessera
        .snapshot
        .active_session()
        .map(|s| s.id.clone())
        .unwrap_or_default();

    let nav_item = |target: Page, label: &'static str, icon: Html| {
        let onclick = {
            let page = page.clone();
            Callback::from(move |_: MouseEvent| page.set(target))
        };
        html! {
            <li>
                <button type="button" class="tessera-nav-item" {onclick}
                    aria-current={(*page == target).then_some("page")}>
                    { icon }
                    <span data-localization-key={label}>{ l.text(label) }</span>
                </button>
            </li>
        }
    };
    let to_account = {
        let page = page.clone();
        Callback::from(move |()| page.set(Page::Account))
    };
    let content = match *page {
        Page::Account => html! {
            <AccountPage l={l.clone()} user={user.clone()} {features} />
        },
        Page::Security => html! {
            <SecurityPage l={l.clone()} user={user.clone()} {features} {session_id}
                after_delete_url={props.after_delete_url.clone()} navigate={props.navigate.clone()}
                leaving={leaving.clone()} on_account={to_account} />
        },
    };

    html! {
        <div ref={root} class={format!("tessera-root tessera-{COMPONENT}")}
            data-tessera-component={COMPONENT} data-page={page.as_str()}>
            <div class="tessera-card tessera-profile">
                <nav class="tessera-profile-nav" aria-label={l.text(key::UP_NAVBAR_TITLE)}>
                    <div class="tessera-profile-nav-head">
                        <div class="tessera-profile-nav-identity">
                            <span class="tessera-profile-nav-title" data-localization-key={key::UP_NAVBAR_TITLE}>
                                { l.text(key::UP_NAVBAR_TITLE) }
                            </span>
                            <span class="tessera-profile-nav-description"
                                data-localization-key={key::UP_NAVBAR_DESCRIPTION}>
                                { l.text(key::UP_NAVBAR_DESCRIPTION) }
                            </span>
                        </div>
                    </div>
                    <ul class="tessera-nav-items" role="list">
                        { nav_item(Page::Account, key::UP_NAVBAR_ACCOUNT, icon_user()) }
                        { nav_item(Page::Security, key::UP_NAVBAR_SECURITY, icon_shield()) }
                    </ul>
                </nav>
                <div class="tessera-profile-content">{ content }</div>
            </div>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Pieces the two pages share

/// A request under way and how the last one failed. Every failure bumps a counter, which moves
/// focus to the error (even when the same error comes back).
#[derive(Clone, PartialEq)]
pub(crate) struct Action {
    pub(crate) busy: UseStateHandle<bool>,
    pub(crate) error: UseStateHandle<Option<FormError>>,
    failures: UseStateHandle<u32>,
    count: Rc<Cell<u32>>,
}

impl Action {
    /// Run `work`; on success `then` gets its value, on failure `shown` turns the error into
    /// what the form shows.
    pub(crate) fn run<T: 'static>(
        &self,
        work: impl Future<Output = Result<T, SdkError>> + 'static,
        shown: impl FnOnce(&SdkError) -> FormError + 'static,
        then: impl FnOnce(T) + 'static,
    ) {
        self.busy.set(true);
        self.error.set(None);
        let action = self.clone();
        spawn_local(async move {
            let result = work.await;
            action.busy.set(false);
            match result {
                Ok(value) => then(value),
                Err(e) => action.fail(shown(&e)),
            }
        });
    }

    /// Show an error (and move focus to it).
    pub(crate) fn fail(&self, error: FormError) {
        self.error.set(Some(error));
        self.count.set(self.count.get() + 1);
        self.failures.set(self.count.get());
    }

    /// Forget the last error.
    pub(crate) fn reset(&self) {
        self.error.set(None);
    }
}

impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Action")
            .field("busy", &*self.busy)
            .field("error", &*self.error)
            .finish_non_exhaustive()
    }
}

/// An [`Action`] whose errors take focus under `root`.
#[hook]
pub(crate) fn use_action(root: &NodeRef) -> Action {
    let busy = use_state_eq(|| false);
    let error = use_state_eq(|| None::<FormError>);
    let failures = use_state_eq(|| 0_u32);
    let count = use_memo((), |()| Cell::new(0));
    {
        let root = root.clone();
        use_effect_with(*failures, move |n| {
            if *n > 0 {
                ui::focus_first_error(&root);
            }
        });
    }
    Action {
        busy,
        error,
        failures,
        count,
    }
}

/// A section of a page: its title on the left, its body on the right.
pub(crate) fn section(
    l: &Localization,
    name: &'static str,
    title: &'static str,
    body: Html,
) -> Html {
    let id = format!("tessera-{COMPONENT}-{name}");
    html! {
        <section class="tessera-section" aria-labelledby={id.clone()} data-section={name}>
            <h3 id={id} class="tessera-section-title" data-localization-key={title}>{ l.text(title) }</h3>
            <div class="tessera-section-body">{ body }</div>
        </section>
    }
}

/// The page's header.
pub(crate) fn page_header(l: &Localization, title: &'static str) -> Html {
    html! {
        <header class="tessera-page-header">
            <h2 class="tessera-page-title" tabindex="-1" data-localization-key={title}>{ l.text(title) }</h2>
        </header>
    }
}

/// A badge ("Primary", "Unverified", "This device").
pub(crate) fn badge(l: &Localization, name: &'static str, label: &'static str) -> Html {
    html! { <span class="tessera-badge" data-badge={name} data-localization-key={label}>{ l.text(label) }</span> }
}

/// A small secondary button with a `data-action`.
pub(crate) fn action_button(
    l: &Localization,
    action: &'static str,
    label: &'static str,
    danger: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    let class = if danger {
        "tessera-button-danger-outline tessera-button-small"
    } else {
        "tessera-button-secondary tessera-button-small"
    };
    html! {
        <button type="button" {class} {onclick} data-action={action} data-localization-key={label}>
            { l.text(label) }
        </button>
    }
}

/// A success message, said once.
pub(crate) fn notice(label: &'static str, text: String) -> Html {
    html! { <p class="tessera-notice" role="status" data-localization-key={label}>{ text }</p> }
}

/// The user's avatar: their image, else their initials.
pub(crate) fn user_avatar(user: &User, large: bool) -> Html {
    let class = classes!("tessera-avatar", large.then_some("tessera-avatar-large"));
    if user.image_url.is_empty() {
        html! { <span {class} aria-hidden="true" data-user-data="">{ crate::user_button::initials(user) }</span> }
    } else {
        html! { <img {class} src={user.image_url.clone()} alt="" /> }
    }
}

/// Props of [`Confirm`].
#[derive(Properties, PartialEq, Debug)]
pub(crate) struct ConfirmProps {
    pub(crate) l: Localization,
    /// `data-confirm`.
    pub(crate) name: &'static str,
    /// Paragraphs: key and text (interpolated).
    pub(crate) lines: Vec<(&'static str, String)>,
    /// The confirming button.
    pub(crate) button: &'static str,
    #[prop_or(true)]
    pub(crate) danger: bool,
    /// The text to type before confirming (the label's key and text, and the text).
    #[prop_or_default]
    pub(crate) typed: Option<(&'static str, String, String)>,
    pub(crate) action: Action,
    pub(crate) on_confirm: Callback<()>,
    pub(crate) on_cancel: Callback<()>,
}

/// A confirmation inside a section (removing an address, the authenticator app, the account):
/// focus moves into it when it opens.
#[function_component]
pub(crate) fn Confirm(props: &ConfirmProps) -> Html {
    let root = use_node_ref();
    let typed = use_state(String::new);
    {
        let root = root.clone();
        let has_input = props.typed.is_some();
        use_effect_with((), move |()| {
            if has_input {
                ui::focus_first_input(&root);
            } else {
                focus(&root, "button[type=submit]");
            }
        });
    }
    let l = &props.l;
    let busy = *props.action.busy;
    let ready = props
        .typed
        .as_ref()
        .is_none_or(|(_, _, expected)| typed.trim() == expected.trim());
    let onsubmit = {
        let on_confirm = props.on_confirm.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if ready {
                on_confirm.emit(());
            }
        })
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let input_id = format!("tessera-{COMPONENT}-{}-confirmation", props.name);
    let submit_class = if props.danger {
        "tessera-button-danger"
    } else {
        "tessera-button"
    };
    html! {
        <form ref={root} class="tessera-confirm" {onsubmit} novalidate=true data-confirm={props.name}
            aria-busy={busy.then_some("true")}>
            { for props.lines.iter().enumerate().map(|(i, (k, text))| html! {
                <p class={classes!("tessera-confirm-text", (i > 0).then_some("tessera-confirm-warning"))}
                    data-localization-key={*k}>{ text.clone() }</p>
            }) }
            { ui::form_alert((*props.action.error).as_ref()) }
            if let Some((label, label_text, _)) = &props.typed {
                <div class="tessera-field">
                    <label class="tessera-label" for={input_id.clone()} data-localization-key={*label}>
                        { label_text.clone() }
                    </label>
                    <input id={input_id} name="deleteConfirmation" type="text" class="tessera-input"
                        autocomplete="off" value={(*typed).clone()} oninput={ui::bind(&typed)} />
                </div>
            }
            <div class="tessera-form-actions">
                <button type="button" class="tessera-button-secondary" onclick={cancel}
                    data-action="cancel" data-localization-key={key::FORM_BUTTON_RESET}>
                    { l.text(key::FORM_BUTTON_RESET) }
                </button>
                <button type="submit" class={submit_class} disabled={busy || !ready}
                    aria-busy={busy.then_some("true")} data-localization-key={props.button}>
                    if busy { <span class="tessera-spinner" aria-hidden="true"></span> }
                    { l.text(props.button) }
                </button>
            </div>
        </form>
    }
}

/// Props of [`CodeForm`].
#[derive(Properties, PartialEq, Debug)]
pub(crate) struct CodeFormProps {
    pub(crate) l: Localization,
    /// `data-form`.
    pub(crate) name: &'static str,
    pub(crate) title: &'static str,
    /// Key and interpolated text.
    pub(crate) subtitle: (&'static str, String),
    pub(crate) action: Action,
    pub(crate) on_submit: Callback<String>,
    pub(crate) on_cancel: Callback<()>,
    /// "Didn't receive a code? Resend", when the code can be sent again.
    #[prop_or_default]
    pub(crate) on_resend: Option<(&'static str, Callback<()>)>,
    /// Shown above the field (a QR code and the secret).
    #[prop_or_default]
    pub(crate) children: Html,
}

/// A 6-digit verification code, checked by the server; focus starts in the field.
#[function_component]
pub(crate) fn CodeForm(props: &CodeFormProps) -> Html {
    let root = use_node_ref();
    let code = use_state(String::new);
    {
        let root = root.clone();
        use_effect_with((), move |()| {
            focus(&root, "input[name=code]");
        });
    }
    let l = &props.l;
    let onsubmit = {
        let (code, on_submit) = (code.clone(), props.on_submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_submit.emit(code.trim().to_owned());
        })
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let title_id = format!("tessera-{COMPONENT}-{}-title", props.name);
    let error = (*props.action.error).clone();
    html! {
        <form ref={root} class="tessera-form tessera-profile-form" {onsubmit} novalidate=true
            data-form={props.name} aria-labelledby={title_id.clone()}
            aria-busy={props.action.busy.then_some("true")}>
            <h4 id={title_id} class="tessera-form-title" data-localization-key={props.title}>{ l.text(props.title) }</h4>
            { props.children.clone() }
            <p class="tessera-page-subtitle" data-localization-key={props.subtitle.0}>{ props.subtitle.1.clone() }</p>
            { ui::form_alert(error.as_ref()) }
            { ui::Field {
                component: COMPONENT, name: "code", label: key::LABEL_CODE,
                input_type: "text", autocomplete: "one-time-code", placeholder: None,
                optional: false, value: (*code).clone(), oninput: ui::bind(&code),
                error: error.as_ref(), action: Html::default(), l,
            }.render() }
            if let Some((label, resend)) = props.on_resend.clone() {
                <div>{ ui::link_button(l, label, Callback::from(move |_: MouseEvent| resend.emit(()))) }</div>
            }
            <div class="tessera-form-actions">
                <button type="button" class="tessera-button-secondary" onclick={cancel}
                    data-action="cancel" data-localization-key={key::FORM_BUTTON_RESET}>
                    { l.text(key::FORM_BUTTON_RESET) }
                </button>
                { ui::submit_button(l, key::FORM_BUTTON_PRIMARY, *props.action.busy) }
            </div>
        </form>
    }
}

/// Put `text` on the clipboard (`navigator.clipboard.writeText`); whether the browser took it.
pub(crate) async fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&window, &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"clipboard".into()))
        .ok()
        .filter(|c| !c.is_undefined());
    let write = clipboard.as_ref().and_then(|c| {
        js_sys::Reflect::get(c, &"writeText".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    });
    let (Some(clipboard), Some(write)) = (clipboard, write) else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text)) else {
        return false;
    };
    settled(&js_sys::Promise::from(promise)).await
}

/// Whether a promise resolves (rather than rejects), once it settles.
async fn settled(promise: &js_sys::Promise) -> bool {
    use std::cell::RefCell;
    use wasm_bindgen::closure::Closure;

    let (sender, receiver) = yew::platform::pinned::oneshot::channel::<bool>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let settle = move |ok: bool| {
        let sender = sender.clone();
        move |_: JsValue| {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(ok);
            }
        }
    };
    let resolved = Closure::once(settle(true));
    let rejected = Closure::once(settle(false));
    let _ = promise.then2(&resolved, &rejected);
    let ok = receiver.await.unwrap_or(false);
    drop((resolved, rejected));
    ok
}

/// A QR code of `text` as an inline SVG: one path of dark modules in a 4-module quiet zone.
pub(crate) fn qr_code(text: &str, labelled_by: &str) -> Html {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return Html::default();
    };
    let width = code.width();
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (x, y) = (i % width + 4, i / width + 4);
            let _ = write!(path, "M{x} {y}h1v1h-1z");
        }
    }
    let size = width + 8;
    html! {
        <svg class="tessera-qr" viewBox={format!("0 0 {size} {size}")} role="img"
            aria-labelledby={labelled_by.to_owned()} shape-rendering="crispEdges" data-testid="totp-qr">
            <rect width={size.to_string()} height={size.to_string()} fill="#fff"/>
            <path d={path} fill="#000"/>
        </svg>
    }
}

fn icon_user() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <circle cx="8" cy="5.5" r="2.75"/><path d="M2.75 13.5c.5-2.4 2.6-4 5.25-4s4.75 1.6 5.25 4"/>
        </svg>
    }
}

fn icon_shield() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <path d="M8 1.75l5 1.9v3.6c0 3.1-2.1 5.9-5 7-2.9-1.1-5-3.9-5-7v-3.6z"/><path d="M5.75 8l1.6 1.6 2.9-3.1"/>
        </svg>
    }
}
