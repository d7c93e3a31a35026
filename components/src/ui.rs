//! Building blocks shared by the components: the card, fields, buttons, errors and navigation.

use tessera_sdk::SdkError;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::localization::{key, Localization};

/// An error shown to the user: next to a field, or above the form when it names none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormError {
    /// The DOM name of the field (`identifier`, `emailAddress`, `password`, `code`, …).
    pub(crate) field: Option<&'static str>,
    /// The FAPI code (or `network_error`, `too_many_requests`, `unknown_error`).
    pub(crate) code: String,
    pub(crate) key: String,
    pub(crate) text: String,
}

impl FormError {
    /// A client-side error on `field` with a localized key.
    pub(crate) fn local(l: &Localization, field: &'static str, code: &str, key: &str) -> Self {
        Self {
            field: Some(field),
            code: code.to_owned(),
            key: key.to_owned(),
            text: l.text(key),
        }
    }

    /// An SDK error, localized by code and placed next to the field it names when that field is
    /// on screen (`fields`), else next to `fallback`, else above the form.
    pub(crate) fn from_sdk(
        l: &Localization,
        error: &SdkError,
        fields: &[&'static str],
        fallback: Option<&'static str>,
    ) -> Self {
        let (code, long_message) = match error {
            SdkError::RateLimited { .. } => ("too_many_requests".to_owned(), None),
            SdkError::Network(_) | SdkError::Offline => ("network_error".to_owned(), None),
            other => match other.code() {
                Some(code) => (code.as_str().to_owned(), other.long_message()),
                None => ("unknown_error".to_owned(), None),
            },
        };
        let (key, text) = l.error(&code, long_message);
        let named = error.param_name().map(dom_field_name);
        let field = match named {
            Some(name) => fields.iter().copied().find(|f| *f == name),
            None => fallback.filter(|f| fields.contains(f) && code.starts_with("form_")),
        };
        Self {
            field,
            code,
            key,
            text,
        }
    }
}

/// FAPI parameter names (snake_case) to the DOM contract's input names.
fn dom_field_name(param: &str) -> &str {
    match param {
        "email_address" => "emailAddress",
        "first_name" => "firstName",
        "last_name" => "lastName",
        "phone_number" => "phoneNumber",
        "current_password" => "currentPassword",
        "new_password" => "newPassword",
        "identifier" | "password" | "code" => param,
        other => other,
    }
}

/// The mark in the card's header (decorative).
pub(crate) fn logo() -> Html {
    html! {
        <svg class="tessera-logo" viewBox="0 0 40 40" aria-hidden="true" focusable="false">
            <rect x="2" y="2" width="17" height="17" rx="4" fill="currentColor"/>
            <rect x="21" y="2" width="17" height="17" rx="4" fill="currentColor" opacity=".55"/>
            <rect x="2" y="21" width="17" height="17" rx="4" fill="currentColor" opacity=".3"/>
            <rect x="21" y="21" width="17" height="17" rx="4" fill="currentColor" opacity=".8"/>
        </svg>
    }
}

pub(crate) fn icon_edit() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">
            <path d="M11.5 2.5l2 2L6 12l-2.75.75L4 10z"/>
        </svg>
    }
}

pub(crate) fn icon_alert() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round">
            <circle cx="8" cy="8" r="6.25"/><path d="M8 4.75v3.75M8 11.1v.15"/>
        </svg>
    }
}

/// The card every flow renders in: root with the DOM-contract attributes, header, body, footer.
pub(crate) struct Card<'a> {
    pub(crate) component: &'static str,
    pub(crate) step: &'static str,
    pub(crate) title: (&'static str, String),
    pub(crate) subtitle: Option<(&'static str, String)>,
    /// User data shown under the subtitle (the identifier), with an "Edit" action.
    pub(crate) identity: Option<(String, Callback<MouseEvent>)>,
    pub(crate) body: Html,
    pub(crate) footer: Html,
    pub(crate) root: &'a NodeRef,
    pub(crate) l: &'a Localization,
}

impl Card<'_> {
    pub(crate) fn render(self) -> Html {
        let Card {
            component,
            step,
            title,
            subtitle,
            identity,
            body,
            footer,
            root,
            l,
        } = self;
        let identity = identity.map(|(text, on_edit)| {
            html! {
                <div class="tessera-identity">
                    <span class="tessera-identity-text" data-user-data="" title={text.clone()}>{ text }</span>
                    <button type="button" class="tessera-icon-button" onclick={on_edit}
                        aria-label={l.text(key::FORM_BUTTON_EDIT)}
                        data-localization-key={key::FORM_BUTTON_EDIT}>
                        { icon_edit() }
                    </button>
                </div>
            }
        });
        html! {
            <div ref={root.clone()} class={format!("tessera-root tessera-{component}")}
                data-tessera-component={component} data-step={step}>
                <div class="tessera-card">
                    <div class="tessera-card-body">
                        <div class="tessera-header">
                            { logo() }
                            <h1 class="tessera-title" data-localization-key={title.0}>{ title.1 }</h1>
                            if let Some((k, text)) = subtitle {
                                <p class="tessera-subtitle" data-localization-key={k}>{ text }</p>
                            }
                            { for identity }
                        </div>
                        { body }
                    </div>
                    if footer != Html::default() {
                        <div class="tessera-footer">{ footer }</div>
                    }
                </div>
            </div>
        }
    }
}

/// The card while the environment loads: a spinner, no text.
pub(crate) fn loading_card(component: &'static str, root: &NodeRef) -> Html {
    html! {
        <div ref={root.clone()} class={format!("tessera-root tessera-{component}")}
            data-tessera-component={component} data-step="loading" aria-busy="true">
            <div class="tessera-card">
                <div class="tessera-loading"><span class="tessera-spinner"></span></div>
            </div>
        </div>
    }
}

/// One labelled input with its error.
pub(crate) struct Field<'a> {
    pub(crate) component: &'static str,
    pub(crate) name: &'static str,
    pub(crate) label: &'static str,
    pub(crate) input_type: &'static str,
    pub(crate) autocomplete: &'static str,
    pub(crate) placeholder: Option<&'static str>,
    pub(crate) optional: bool,
    pub(crate) value: String,
    pub(crate) oninput: Callback<InputEvent>,
    pub(crate) error: Option<&'a FormError>,
    /// Next to the label (e.g. "Forgot password?").
    pub(crate) action: Html,
    pub(crate) l: &'a Localization,
}

impl Field<'_> {
    pub(crate) fn render(self) -> Html {
        let id = format!("tessera-{}-{}", self.component, self.name);
        let error_id = format!("{id}-error");
        let error = self.error.filter(|e| e.field == Some(self.name));
        let l = self.l;
        let code = self.name == "code";
        html! {
            <div class="tessera-field">
                <div class="tessera-field-head">
                    <label class="tessera-label" for={id.clone()} data-localization-key={self.label}>
                        { l.text(self.label) }
                    </label>
                    if self.optional {
                        <span class="tessera-hint" data-localization-key={key::HINT_OPTIONAL}>
                            { l.text(key::HINT_OPTIONAL) }
                        </span>
                    }
                    { self.action }
                </div>
                <input id={id} name={self.name} type={self.input_type}
                    class={classes!("tessera-input", code.then_some("tessera-input-code"))}
                    autocomplete={self.autocomplete}
                    inputmode={code.then_some("numeric")}
                    maxlength={code.then_some("6")}
                    placeholder={self.placeholder.map(|k| l.text(k))}
                    required={!self.optional}
                    value={self.value}
                    oninput={self.oninput}
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then(|| error_id.clone())} />
                if let Some(error) = error {
                    <p id={error_id} class="tessera-field-error" role="alert"
                        data-error-code={error.code.clone()} data-localization-key={error.key.clone()}>
                        { icon_alert() }<span>{ error.text.clone() }</span>
                    </p>
                }
            </div>
        }
    }
}

/// An error that names no field on screen, above the form.
pub(crate) fn form_alert(error: Option<&FormError>) -> Html {
    match error.filter(|e| e.field.is_none()) {
        Some(error) => html! {
            <p class="tessera-alert" role="alert" tabindex="-1"
                data-error-code={error.code.clone()} data-localization-key={error.key.clone()}>
                { icon_alert() }<span>{ error.text.clone() }</span>
            </p>
        },
        None => Html::default(),
    }
}

/// The primary submit button; disabled with a spinner while busy.
pub(crate) fn submit_button(l: &Localization, label: &'static str, busy: bool) -> Html {
    html! {
        <button type="submit" class="tessera-button" disabled={busy} aria-busy={busy.then_some("true")}
            data-localization-key={label}>
            if busy { <span class="tessera-spinner" aria-hidden="true"></span> }
            { l.text(label) }
        </button>
    }
}

/// A button styled as a link.
pub(crate) fn link_button(
    l: &Localization,
    label: &'static str,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" class="tessera-link" {onclick} data-localization-key={label}>
            { l.text(label) }
        </button>
    }
}

/// A button styled as a link, with its localized text already interpolated (e.g. a masked phone).
pub(crate) fn link_button_text(
    label: &'static str,
    text: String,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" class="tessera-link" {onclick} data-localization-key={label}>
            { text }
        </button>
    }
}

/// A footer "Don't have an account? Sign up" line; the link navigates through `navigate` when set.
pub(crate) fn footer_link(
    l: &Localization,
    text: &'static str,
    link: &'static str,
    href: Option<AttrValue>,
    navigate: Option<Callback<String>>,
) -> Html {
    let href = href.unwrap_or_default();
    let onclick = {
        let href = href.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(navigate) = &navigate {
                e.prevent_default();
                navigate.emit(href.to_string());
            }
        })
    };
    html! {
        <>
            <span data-localization-key={text}>{ l.text(text) }</span>
            <a class="tessera-link" href={href} {onclick} data-localization-key={link}>{ l.text(link) }</a>
        </>
    }
}

/// The text of an input event's target.
pub(crate) fn input_value(e: &InputEvent) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|input| input.value())
        .unwrap_or_default()
}

/// A callback writing an input's value into a state.
pub(crate) fn bind(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(input_value(&e)))
}

/// A query parameter of the page's URL (`?name=value`), percent-decoded.
pub(crate) fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| js_sys::decode_uri_component(v).ok())
        .and_then(|v| v.as_string())
        .filter(|v| !v.is_empty())
}

/// Go to `url`: through the app's `navigate` callback when given, else a full page load.
pub(crate) fn go_to(navigate: Option<&Callback<String>>, url: &str) {
    match navigate {
        Some(navigate) => navigate.emit(url.to_owned()),
        None => {
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(url);
            }
        }
    }
}

/// Move focus to the first invalid input under `root` (or the form alert), after an error.
pub(crate) fn focus_first_error(root: &NodeRef) {
    let Some(root) = root.cast::<web_sys::Element>() else {
        return;
    };
    let target = root
        .query_selector("[aria-invalid=\"true\"]")
        .ok()
        .flatten()
        .or_else(|| root.query_selector(".tessera-alert").ok().flatten());
    if let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// Focus the first input a user can type in under `root` (when a step opens): the hidden
/// password-manager helper field cannot take focus.
pub(crate) fn focus_first_input(root: &NodeRef) {
    let Some(root) = root.cast::<web_sys::Element>() else {
        return;
    };
    if let Some(input) = root
        .query_selector("input:not([hidden]):not([type=hidden]):not([disabled])")
        .ok()
        .flatten()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = input.focus();
    }
}

/// Focus the first action under `root` (when a step without fields opens, e.g. a list of
/// methods).
pub(crate) fn focus_first_action(root: &NodeRef) {
    let Some(root) = root.cast::<web_sys::Element>() else {
        return;
    };
    if let Some(button) = root
        .query_selector(".tessera-actions button")
        .ok()
        .flatten()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = button.focus();
    }
}

/// An organization URL such as `/orgs/:slug`, with `:id` and `:slug` replaced (Clerk's
/// placeholders for `afterSelectOrganizationUrl` and `afterCreateOrganizationUrl`).
pub(crate) fn organization_url(template: &str, id: &str, slug: &str) -> String {
    template.replace(":id", id).replace(":slug", slug)
}

/// The bytes of a chosen file (`Blob.arrayBuffer()`), or `None` when the browser cannot read it.
pub(crate) async fn file_bytes(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The image types uploads take (the server's list): the file inputs' `accept`, and the check.
pub(crate) const IMAGE_TYPES: &str = "image/png,image/jpeg,image/webp,image/gif";
/// The largest image upload the server takes.
const IMAGE_MAX_BYTES: f64 = 1024.0 * 1024.0;

/// The image an `<input type=file>` change picked: `None` without a file, an error on `field`
/// (localized) when it is not one of [`IMAGE_TYPES`] or is larger than 1 MB. The input is cleared,
/// so picking the same file again after an error is a change too.
pub(crate) fn picked_image(
    e: &Event,
    l: &Localization,
    field: &'static str,
) -> Option<Result<web_sys::File, FormError>> {
    let input = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|files| files.get(0))?;
    input.set_value("");
    let local = |code: &str, k: &str| FormError::local(l, field, code, k);
    Some(if !IMAGE_TYPES.split(',').any(|t| t == file.type_()) {
        Err(local(
            "avatar_file_type_invalid",
            key::ERROR_AVATAR_FILE_TYPE_INVALID,
        ))
    } else if file.size() > IMAGE_MAX_BYTES {
        Err(local(
            "avatar_file_size_exceeded",
            key::ERROR_AVATAR_FILE_SIZE_EXCEEDED,
        ))
    } else {
        Ok(file)
    })
}

/// A date (milliseconds since the epoch) in the locale's medium style, with the time in short
/// style when `with_time`; empty for no date. `en-XA` reads as en-US.
pub(crate) fn format_date(l: &Localization, millis: i64, with_time: bool) -> String {
    if millis <= 0 {
        return String::new();
    }
    let locale = if l.get("locale") == Some("fr-FR") {
        "fr-FR"
    } else {
        "en-US"
    };
    #[allow(clippy::cast_precision_loss)] // Milliseconds fit a double exactly until year 287 396.
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    if with_time {
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
        date.to_locale_string(locale, &options).into()
    } else {
        date.to_locale_date_string(locale, &options).into()
    }
}
