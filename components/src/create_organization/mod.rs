//! `<CreateOrganization/>`: a logo (optional), a name and a slug derived from it; the new
//! organization is created, given its logo and made active (the next session token carries its
//! `o` claim). Then "Invite new members" (email addresses and one role, or "Skip") and a done
//! step, unless `skip_invitation_screen`; then the browser goes to `after_create_organization_url`.

use std::rc::Rc;

use tessera_sdk::transport::Upload;
use tessera_sdk::{Organization, PageRequest, Role, SdkError, SetActive};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::localization::{key, Localization};
use crate::organization_profile::{focus, organization_avatar, role_text, target_value};
use crate::provider::{use_localization, use_tessera};
use crate::theme::{inject_styles, MENU, ORGANIZATIONS};
use crate::ui::{self, Card, Field, FormError};

const COMPONENT: &str = "create-organization";

/// Logos the server takes.
/// The role invitees get unless another is chosen.
const DEFAULT_ROLE: &str = "org:member";

/// Props of [`CreateOrganization`].
#[derive(Properties, PartialEq, Debug)]
pub struct CreateOrganizationProps {
    /// A (deep-partial) localization over the provider's.
    #[prop_or_default]
    pub localization: Option<Localization>,
    /// Where to go once done; `:id` and `:slug` are replaced by the new organization's.
    #[prop_or(AttrValue::Static("/"))]
    pub after_create_organization_url: AttrValue,
    /// Go to `after_create_organization_url` right after creating, without the invite step.
    #[prop_or_default]
    pub skip_invitation_screen: bool,
    /// Navigate in the app (e.g. a router) instead of loading `url`.
    #[prop_or_default]
    pub navigate: Option<Callback<String>>,
}

/// The steps of the flow (`data-step`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Start,
    InviteMembers,
    Done,
}

impl Step {
    /// The `data-step` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::InviteMembers => "invite-members",
            Self::Done => "done",
        }
    }
}

/// A chosen logo and its preview (an object URL).
#[derive(Debug, Clone, PartialEq)]
struct Logo {
    file: web_sys::File,
    preview: String,
}

/// Keep `next` as the preview URL in use, releasing the one it replaces.
fn replace_preview(slot: &std::cell::RefCell<Option<String>>, next: Option<String>) {
    if let Some(previous) = slot.replace(next) {
        let _ = web_sys::Url::revoke_object_url(&previous);
    }
}

/// A slug from a name, as the server derives one: lower-case ASCII letters and digits joined by
/// single dashes (common Latin accents folded, so "Café Crème" is `cafe-creme`), at most 64.
pub(crate) fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let folded = fold_accent(c);
        let mut push = |c: char| {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        };
        match folded {
            Some(ascii) => ascii.chars().for_each(&mut push),
            None => push(c),
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(64).collect();
    slug.trim_end_matches('-').to_owned()
}

fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'ł' => "l",
        'ś' | 'š' => "s",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Email addresses separated by commas, semicolons or white space (new lines too); duplicates
/// dropped.
pub(crate) fn split_addresses(text: &str) -> Vec<String> {
    let mut addresses: Vec<String> = Vec::new();
    for address in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|a| !a.is_empty())
    {
        if !addresses.iter().any(|a| a.eq_ignore_ascii_case(address)) {
            addresses.push(address.to_owned());
        }
    }
    addresses
}

/// Clerk's two default roles, until the organization's list arrives (or when it cannot).
fn default_roles() -> Vec<Role> {
    [("org:admin", "Admin"), ("org:member", "Member")]
        .into_iter()
        .map(|(k, n)| Role {
            key: k.to_owned(),
            name: n.to_owned(),
            ..Role::default()
        })
        .collect()
}

/// An error of the creation form, next to `name` or `slug`; a taken slug has its own text.
fn create_error(l: &Localization, error: &SdkError) -> FormError {
    let mut shown = FormError::from_sdk(l, error, &["name", "slug"], None);
    if shown.code == "form_identifier_exists" && shown.field == Some("slug") {
        shown.key = key::ERROR_SLUG_EXISTS.to_owned();
        shown.text = l.text(key::ERROR_SLUG_EXISTS);
    }
    shown
}

/// Create an organization, then invite its first members.
#[function_component]
pub fn CreateOrganization(props: &CreateOrganizationProps) -> Html {
    inject_styles(&[MENU, ORGANIZATIONS]);
    let tessera = use_tessera();
    let l = use_localization(props.localization.clone());
    let root = use_node_ref();
    let step = use_state_eq(|| Step::Start);
    let name = use_state(String::new);
    let slug = use_state(String::new);
    // The slug follows the name until the user types in it (and again once they empty it).
    let slug_edited = use_state_eq(|| false);
    let logo = use_state_eq(|| None::<Logo>);
    let logo_error = use_state_eq(|| None::<FormError>);
    let error = use_state_eq(|| None::<FormError>);
    let busy = use_state_eq(|| false);
    // Bumped on every error, to move focus to it even when the same error comes back.
    let error_count = use_state_eq(|| 0_u32);
    // Once created, a retry (after activation failed) does not create a second one.
    let created = use_state(|| None::<Organization>);
    let emails = use_state(String::new);
    let role = use_state(|| DEFAULT_ROLE.to_owned());
    let roles = use_state(|| Rc::new(default_roles()));
    let preview_url = use_mut_ref(|| None::<String>);

    {
        let root = root.clone();
        use_effect_with(*error_count, move |count| {
            if *count > 0 {
                ui::focus_first_error(&root);
            }
        });
    }
    {
        // Every step opens with focus on its first field (the name: the logo is optional).
        let root = root.clone();
        let ready = tessera.snapshot.is_loaded && tessera.snapshot.user().is_some();
        use_effect_with((*step, ready), move |(step, ready)| {
            if *ready {
                let selector = match step {
                    Step::Start => "input[name=name]",
                    Step::InviteMembers => "textarea[name=emailAddresses]",
                    Step::Done => "button[data-action=finish]",
                };
                focus(&root, selector);
            }
        });
    }
    {
        // The preview's object URL goes with the component.
        let preview_url = preview_url.clone();
        use_effect_with((), move |()| move || replace_preview(&preview_url, None));
    }

    if !tessera.snapshot.is_loaded {
        return ui::loading_card(COMPONENT, &root);
    }
    if tessera.snapshot.user().is_none() {
        // Signed out: nothing to create an organization for.
        return Html::default();
    }

    let fail = {
        let error_count = error_count.clone();
        move |target: &UseStateHandle<Option<FormError>>, e: FormError| {
            target.set(Some(e));
            error_count.set(*error_count + 1);
        }
    };
    let after_url = {
        let template = props.after_create_organization_url.clone();
        move |org: &Organization| ui::organization_url(&template, &org.id, &org.slug)
    };

    let on_name = {
        let (name, slug, slug_edited) = (name.clone(), slug.clone(), slug_edited.clone());
        Callback::from(move |e: InputEvent| {
            let value = ui::input_value(&e);
            if !*slug_edited {
                slug.set(slugify(&value));
            }
            name.set(value);
        })
    };
    let on_slug = {
        let (slug, slug_edited) = (slug.clone(), slug_edited.clone());
        Callback::from(move |e: InputEvent| {
            let value = ui::input_value(&e);
            slug_edited.set(!value.is_empty());
            slug.set(value);
        })
    };
    let on_logo = {
        let (logo, logo_error, l) = (logo.clone(), logo_error.clone(), l.clone());
        let (fail, preview_url) = (fail.clone(), preview_url.clone());
        Callback::from(move |e: Event| {
            let file = match ui::picked_image(&e, &l, "logo") {
                None => return,
                Some(Err(error)) => return fail(&logo_error, error),
                Some(Ok(file)) => file,
            };
            let Ok(preview) = web_sys::Url::create_object_url_with_blob(&file) else {
                return;
            };
            replace_preview(&preview_url, Some(preview.clone()));
            logo_error.set(None);
            logo.set(Some(Logo { file, preview }));
        })
    };
    let remove_logo = {
        let (logo, logo_error, root) = (logo.clone(), logo_error.clone(), root.clone());
        let preview_url = preview_url.clone();
        Callback::from(move |_: MouseEvent| {
            replace_preview(&preview_url, None);
            logo_error.set(None);
            logo.set(None);
            // The button goes away with the logo: focus moves to the upload control.
            focus(&root, "input[name=logo]");
        })
    };

    let onsubmit = {
        let runtime = tessera.runtime.clone();
        let (name, slug, logo, error, busy, created, step, roles, l) = (
            name.clone(),
            slug.clone(),
            logo.clone(),
            error.clone(),
            busy.clone(),
            created.clone(),
            step.clone(),
            roles.clone(),
            l.clone(),
        );
        let (skip, navigate) = (props.skip_invitation_screen, props.navigate.clone());
        let fail = fail.clone();
        let after_url = after_url.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let name_value = name.trim().to_owned();
            if name_value.is_empty() && created.is_none() {
                let e =
                    FormError::local(&l, "name", "form_param_missing", key::ERROR_PARAM_MISSING);
                fail(&error, e);
                return;
            }
            let slug_value = slug.trim().to_owned();
            let (runtime, logo, existing) = (runtime.clone(), (*logo).clone(), (*created).clone());
            let (error, busy, created, step, roles, l) = (
                error.clone(),
                busy.clone(),
                created.clone(),
                step.clone(),
                roles.clone(),
                l.clone(),
            );
            let (fail, after_url, navigate) = (fail.clone(), after_url.clone(), navigate.clone());
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                let orgs = runtime.organizations();
                let org = match existing {
                    Some(org) => org,
                    None => {
                        let slug = (!slug_value.is_empty()).then_some(slug_value.as_str());
                        match orgs.create(&name_value, slug).await {
                            Ok(org) => org,
                            Err(e) => {
                                busy.set(false);
                                fail(&error, create_error(&l, &e));
                                return;
                            }
                        }
                    }
                };
                if created.is_none() {
                    if let Some(logo) = &logo {
                        // The organization exists by now: a logo the server refuses does not
                        // hold the user back (it can be set again from the profile).
                        if let Some(bytes) = ui::file_bytes(&logo.file).await {
                            let upload = Upload {
                                bytes,
                                content_type: logo.file.type_(),
                            };
                            let _ = orgs.set_logo(&org.id, upload).await;
                        }
                    }
                }
                created.set(Some(org.clone()));
                if let Err(e) = runtime
                    .set_active(SetActive::organization(org.id.clone()))
                    .await
                {
                    busy.set(false);
                    fail(&error, FormError::from_sdk(&l, &e, &[], None));
                    return;
                }
                if skip {
                    ui::go_to(navigate.as_ref(), &after_url(&org));
                    return;
                }
                busy.set(false);
                step.set(Step::InviteMembers);
                let request = PageRequest {
                    page: 1,
                    page_size: 50,
                };
                if let Ok(list) = orgs.roles(&org.id, request).await {
                    if !list.data.is_empty() {
                        roles.set(Rc::new(list.data));
                    }
                }
            });
        })
    };

    let on_invite = {
        let runtime = tessera.runtime.clone();
        let (emails, role, error, busy, created, step, l) = (
            emails.clone(),
            role.clone(),
            error.clone(),
            busy.clone(),
            created.clone(),
            step.clone(),
            l.clone(),
        );
        let fail = fail.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(org) = (*created).clone() else {
                return;
            };
            if *busy {
                return;
            }
            let addresses = split_addresses(&emails);
            if addresses.is_empty() {
                let e = FormError::local(
                    &l,
                    "emailAddresses",
                    "form_param_missing",
                    key::ERROR_PARAM_MISSING,
                );
                fail(&error, e);
                return;
            }
            let (runtime, role) = (runtime.clone(), (*role).clone());
            let (error, busy, step, l) = (error.clone(), busy.clone(), step.clone(), l.clone());
            let fail = fail.clone();
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                let result = runtime
                    .organizations()
                    .invite(&org.id, &addresses, &role)
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => step.set(Step::Done),
                    Err(e) => {
                        let mut shown = FormError::from_sdk(&l, &e, &["emailAddresses"], None);
                        if e.param_name() == Some("email_address")
                            || shown.code == "form_identifier_exists"
                        {
                            shown.field = Some("emailAddresses");
                        }
                        fail(&error, shown);
                    }
                }
            });
        })
    };
    let finish = {
        let (created, navigate) = (created.clone(), props.navigate.clone());
        let after_url = after_url.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(org) = &*created {
                ui::go_to(navigate.as_ref(), &after_url(org));
            }
        })
    };
    let on_role = {
        let role = role.clone();
        Callback::from(move |e: Event| role.set(target_value(&e)))
    };
    let on_emails = {
        let emails = emails.clone();
        Callback::from(move |e: InputEvent| emails.set(target_value(&e)))
    };

    let err = (*error).as_ref();
    let is_busy = *busy;
    let (title, subtitle, body) = match *step {
        Step::Start => {
            let logo_id = format!("tessera-{COMPONENT}-logo");
            let logo_error_id = format!("{logo_id}-error");
            let shown_logo_error = (*logo_error).clone();
            let preview = (*logo)
                .as_ref()
                .map(|l| l.preview.clone())
                .unwrap_or_default();
            (
                key::CREATE_ORG_TITLE,
                None,
                html! {
                    <form class="tessera-form" {onsubmit} novalidate=true aria-busy={is_busy.then_some("true")}>
                        { ui::form_alert(err) }
                        <div class="tessera-logo-field">
                            { organization_avatar(&name, &preview, true) }
                            <div class="tessera-logo-field-body">
                                <div class="tessera-field-head">
                                    <span class="tessera-label" data-localization-key={key::ORG_LOGO}>{ l.text(key::ORG_LOGO) }</span>
                                    <span class="tessera-hint" data-localization-key={key::HINT_OPTIONAL}>
                                        { l.text(key::HINT_OPTIONAL) }
                                    </span>
                                </div>
                                <div class="tessera-logo-field-actions">
                                    <input id={logo_id.clone()} name="logo" type="file" class="tessera-file-input"
                                        accept={ui::IMAGE_TYPES} onchange={on_logo} disabled={is_busy}
                                        aria-invalid={shown_logo_error.is_some().then_some("true")}
                                        aria-describedby={shown_logo_error.is_some().then(|| logo_error_id.clone())} />
                                    <label for={logo_id} class="tessera-button-secondary tessera-button-small"
                                        data-localization-key={key::ORG_LOGO_UPLOAD}>
                                        { l.text(key::ORG_LOGO_UPLOAD) }
                                    </label>
                                    if logo.is_some() {
                                        <button type="button" class="tessera-button-secondary tessera-button-small"
                                            onclick={remove_logo} disabled={is_busy} data-action="remove-logo"
                                            data-localization-key={key::FORM_BUTTON_REMOVE}>
                                            { l.text(key::FORM_BUTTON_REMOVE) }
                                        </button>
                                    }
                                </div>
                                if let Some(e) = shown_logo_error {
                                    <p id={logo_error_id} class="tessera-field-error" role="alert"
                                        data-error-code={e.code.clone()} data-localization-key={e.key.clone()}>
                                        { ui::icon_alert() }<span>{ e.text.clone() }</span>
                                    </p>
                                }
                            </div>
                        </div>
                        { Field {
                            component: COMPONENT, name: "name", label: key::LABEL_ORGANIZATION_NAME,
                            input_type: "text", autocomplete: "organization",
                            placeholder: Some(key::PLACEHOLDER_ORGANIZATION_NAME),
                            optional: false, value: (*name).clone(), oninput: on_name,
                            error: err, action: Html::default(), l: &l,
                        }.render() }
                        { Field {
                            component: COMPONENT, name: "slug", label: key::LABEL_ORGANIZATION_SLUG,
                            input_type: "text", autocomplete: "off",
                            placeholder: Some(key::PLACEHOLDER_ORGANIZATION_SLUG),
                            optional: false, value: (*slug).clone(), oninput: on_slug,
                            error: err, action: Html::default(), l: &l,
                        }.render() }
                        { ui::submit_button(&l, key::CREATE_ORG_SUBMIT, is_busy) }
                    </form>
                },
            )
        }
        Step::InviteMembers => {
            let emails_id = format!("tessera-{COMPONENT}-emailAddresses");
            let emails_error_id = format!("{emails_id}-error");
            let emails_error = err.filter(|e| e.field == Some("emailAddresses"));
            let role_id = format!("tessera-{COMPONENT}-role");
            let skip = finish.clone();
            (
                key::ORG_INVITE_TITLE,
                Some(key::ORG_INVITE_SUBTITLE),
                html! {
                    <form class="tessera-form" onsubmit={on_invite} novalidate=true aria-busy={is_busy.then_some("true")}>
                        { ui::form_alert(err) }
                        <div class="tessera-field">
                            <div class="tessera-field-head">
                                <label class="tessera-label" for={emails_id.clone()} data-localization-key={key::LABEL_EMAIL_ADDRESSES}>
                                    { l.text(key::LABEL_EMAIL_ADDRESSES) }
                                </label>
                            </div>
                            <textarea id={emails_id} name="emailAddresses" class="tessera-input tessera-textarea"
                                rows="3" autocomplete="off" required=true
                                placeholder={l.text(key::PLACEHOLDER_EMAIL_ADDRESSES)}
                                value={(*emails).clone()} oninput={on_emails}
                                aria-invalid={emails_error.is_some().then_some("true")}
                                aria-describedby={emails_error.is_some().then(|| emails_error_id.clone())} />
                            if let Some(e) = emails_error {
                                <p id={emails_error_id} class="tessera-field-error" role="alert"
                                    data-error-code={e.code.clone()} data-localization-key={e.key.clone()}>
                                    { ui::icon_alert() }<span>{ e.text.clone() }</span>
                                </p>
                            }
                        </div>
                        <div class="tessera-field">
                            <div class="tessera-field-head">
                                <label class="tessera-label" for={role_id.clone()} data-localization-key={key::LABEL_ROLE}>
                                    { l.text(key::LABEL_ROLE) }
                                </label>
                            </div>
                            <select id={role_id} name="role" class="tessera-select tessera-select-block" onchange={on_role}>
                                { for roles.iter().map(|r| {
                                    let (k, text) = role_text(&l, r);
                                    html! {
                                        <option value={r.key.clone()} selected={r.key == *role}
                                            data-localization-key={k} data-user-data={k.is_none().then_some("")}>
                                            { text }
                                        </option>
                                    }
                                }) }
                            </select>
                        </div>
                        <div class="tessera-form-actions">
                            <button type="button" class="tessera-button-secondary" onclick={skip}
                                disabled={is_busy} data-action="skip" data-localization-key={key::CREATE_ORG_SKIP}>
                                { l.text(key::CREATE_ORG_SKIP) }
                            </button>
                            { ui::submit_button(&l, key::ORG_INVITE_SUBMIT, is_busy) }
                        </div>
                    </form>
                },
            )
        }
        Step::Done => (
            key::ORG_INVITE_TITLE,
            None,
            html! {
                <div class="tessera-form">
                    <p class="tessera-notice" role="status" data-localization-key={key::ORG_INVITE_SUCCESS}>
                        { l.text(key::ORG_INVITE_SUCCESS) }
                    </p>
                    <button type="button" class="tessera-button" onclick={finish} data-action="finish"
                        data-localization-key={key::FORM_BUTTON_FINISH}>
                        { l.text(key::FORM_BUTTON_FINISH) }
                    </button>
                </div>
            },
        ),
    };
    Card {
        component: COMPONENT,
        step: step.as_str(),
        title: (title, l.text(title)),
        subtitle: subtitle.map(|k| (k, l.text(k))),
        identity: None,
        body,
        footer: Html::default(),
        root: &root,
        l: &l,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::{slugify, split_addresses};

    #[test]
    fn slugs_are_lower_case_ascii_with_single_dashes() {
        assert_eq!(slugify("Acme Inc."), "acme-inc");
        assert_eq!(slugify("  Café Crème -- Paris  "), "cafe-creme-paris");
        assert_eq!(slugify("Straße & Søn"), "strasse-son");
        assert_eq!(slugify("日本"), "");
        assert_eq!(slugify("Ünïcode 2026!"), "unicode-2026");
        let long = slugify(&"ab ".repeat(40));
        assert!(long.len() <= 64 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn addresses_split_on_commas_spaces_and_new_lines_without_duplicates() {
        assert_eq!(
            split_addresses(" a@example.com, b@example.com;\nA@example.com\tc@example.com ,"),
            ["a@example.com", "b@example.com", "c@example.com"]
        );
        assert!(split_addresses(" ,\n ").is_empty());
    }
}
