//! The Account page: the profile (image, names), email addresses and phone numbers (each verified
//! one can be made primary).

use tessera_sdk::resources::user::UpdateUser;
use tessera_sdk::transport::Upload;
use tessera_sdk::{SdkError, User};
use yew::prelude::*;

use super::{
    action_button, badge, keys, notice, page_header, section, use_action, user_avatar, Action,
    CodeForm, Confirm, Features, COMPONENT,
};
use crate::localization::{key, Localization};
use crate::organization_profile::focus;
use crate::provider::use_tessera;
use crate::ui::{self, Field, FormError};

/// Images the server takes.

#[derive(Properties, PartialEq, Debug)]
pub(super) struct AccountPageProps {
    pub(super) l: Localization,
    pub(super) user: User,
    pub(super) features: Features,
}

#[function_component]
pub(super) fn AccountPage(props: &AccountPageProps) -> Html {
    let AccountPageProps { l, user, features } = props;
    html! {
        <div class="tessera-page">
            { page_header(l, key::UP_HEADER_ACCOUNT) }
            { section(l, "profile", key::UP_PROFILE_SECTION, html! {
                <ProfileSection l={l.clone()} user={user.clone()} names={features.names} />
            }) }
            if features.email_addresses {
                { section(l, "email-addresses", key::UP_EMAILS_SECTION, html! {
                    <Identifications l={l.clone()} user={user.clone()} kind={Kind::Email} />
                }) }
            }
            if features.phone_numbers {
                { section(l, "phone-numbers", key::UP_PHONES_SECTION, html! {
                    <Identifications l={l.clone()} user={user.clone()} kind={Kind::Phone} />
                }) }
            }
        </div>
    }
}

#[derive(Properties, PartialEq, Debug)]
struct ProfileSectionProps {
    l: Localization,
    user: User,
    /// Whether the instance has first and last names.
    names: bool,
}

/// The avatar and name; "Update profile" opens a form with the image and the names.
#[function_component]
fn ProfileSection(props: &ProfileSectionProps) -> Html {
    let ProfileSectionProps { l, user, names } = props;
    let runtime = use_tessera().runtime;
    let root = use_node_ref();
    let editing = use_state_eq(|| false);
    let saved = use_state_eq(|| false);
    let first_name = use_state(String::new);
    let last_name = use_state(String::new);
    let save = use_action(&root);
    let image = use_action(&root);
    {
        // Opening the form focuses its first field; closing it returns to the button.
        let root = root.clone();
        let first = use_mut_ref(|| true);
        let names = *names;
        use_effect_with(*editing, move |editing| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            if *editing && names {
                focus(&root, "input[name=firstName]");
            } else if *editing {
                ui::focus_first_input(&root);
            } else {
                focus(&root, "[data-action=edit-profile]");
            }
        });
    }

    let open = {
        let (editing, saved, first_name, last_name, user) = (
            editing.clone(),
            saved.clone(),
            first_name.clone(),
            last_name.clone(),
            user.clone(),
        );
        let (save, image) = (save.clone(), image.clone());
        Callback::from(move |_: MouseEvent| {
            first_name.set(user.first_name.clone().unwrap_or_default());
            last_name.set(user.last_name.clone().unwrap_or_default());
            save.reset();
            image.reset();
            saved.set(false);
            editing.set(true);
        })
    };
    let close = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(false))
    };
    let onsubmit = {
        let (runtime, l) = (runtime.clone(), l.clone());
        let (first_name, last_name, editing, saved) = (
            first_name.clone(),
            last_name.clone(),
            editing.clone(),
            saved.clone(),
        );
        let save = save.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let changes = UpdateUser {
                first_name: Some(first_name.trim().to_owned()),
                last_name: Some(last_name.trim().to_owned()),
                ..Default::default()
            };
            let runtime = runtime.clone();
            let l = l.clone();
            let (editing, saved) = (editing.clone(), saved.clone());
            save.run(
                async move { runtime.update_user(changes).await },
                move |e| FormError::from_sdk(&l, e, &["firstName", "lastName"], None),
                move |_| {
                    editing.set(false);
                    saved.set(true);
                },
            );
        })
    };
    let on_image = {
        let (runtime, l) = (runtime.clone(), l.clone());
        let image = image.clone();
        Callback::from(move |e: Event| {
            let file = match ui::picked_image(&e, &l, "avatar") {
                None => return,
                Some(Err(error)) => return image.fail(error),
                Some(Ok(file)) => file,
            };
            let (runtime, l) = (runtime.clone(), l.clone());
            image.run(
                async move {
                    let bytes = ui::file_bytes(&file).await.ok_or_else(|| {
                        SdkError::InvalidResponse("the file could not be read".into())
                    })?;
                    let upload = Upload {
                        bytes,
                        content_type: file.type_(),
                    };
                    runtime.account().set_profile_image(upload).await
                },
                move |e| {
                    let mut shown = FormError::from_sdk(&l, e, &["avatar"], Some("avatar"));
                    shown.field = Some("avatar");
                    shown
                },
                |_| {},
            );
        })
    };
    let remove_image = {
        let (runtime, l) = (runtime.clone(), l.clone());
        let image = image.clone();
        Callback::from(move |_: MouseEvent| {
            let (runtime, l) = (runtime.clone(), l.clone());
            image.run(
                async move { runtime.account().remove_profile_image().await },
                move |e| {
                    let mut shown = FormError::from_sdk(&l, e, &[], None);
                    shown.field = Some("avatar");
                    shown
                },
                |_| {},
            );
        })
    };

    let name = user.full_name();
    let email = user
        .primary_email_address()
        .map(|e| e.email_address.clone());
    if !*editing {
        return html! {
            <div ref={root} class="tessera-section-stack">
                <div class="tessera-section-row">
                    <div class="tessera-org-summary">
                        { user_avatar(user, true) }
                        <div class="tessera-org-identity">
                            <span class="tessera-org-name" data-user-data="">
                                { name.or(email).unwrap_or_default() }
                            </span>
                        </div>
                    </div>
                    { action_button(l, "edit-profile", key::UP_PROFILE_BUTTON, false, open) }
                </div>
                if *saved {
                    { notice(key::UP_PROFILE_SUCCESS, l.text(key::UP_PROFILE_SUCCESS)) }
                }
            </div>
        };
    }

    let image_id = format!("tessera-{COMPONENT}-avatar");
    let image_error_id = format!("{image_id}-error");
    let image_error = (*image.error).clone();
    let busy_image = *image.busy;
    let error = (*save.error).clone();
    html! {
        <div ref={root} class="tessera-section-stack">
            <form class="tessera-form tessera-profile-form" {onsubmit} novalidate=true data-form="profile"
                aria-labelledby="tessera-user-profile-form-title" aria-busy={save.busy.then_some("true")}>
                <h4 id="tessera-user-profile-form-title" class="tessera-form-title"
                    data-localization-key={key::UP_PROFILE_TITLE}>
                    { l.text(key::UP_PROFILE_TITLE) }
                </h4>
                { ui::form_alert(error.as_ref()) }
                <div class="tessera-logo-field">
                    { user_avatar(user, true) }
                    <div class="tessera-logo-field-body">
                        <span class="tessera-label" data-localization-key={key::UP_PROFILE_IMAGE_FORM_TITLE}>
                            { l.text(key::UP_PROFILE_IMAGE_FORM_TITLE) }
                        </span>
                        <div class="tessera-logo-field-actions">
                            <input id={image_id.clone()} name="avatar" type="file" class="tessera-file-input"
                                accept={ui::IMAGE_TYPES} onchange={on_image} disabled={busy_image}
                                aria-invalid={image_error.is_some().then_some("true")}
                                aria-describedby={image_error.is_some().then(|| image_error_id.clone())} />
                            <label for={image_id} class="tessera-button-secondary tessera-button-small"
                                aria-busy={busy_image.then_some("true")}
                                data-localization-key={key::ORG_LOGO_UPLOAD}>
                                if busy_image { <span class="tessera-spinner" aria-hidden="true"></span> }
                                { l.text(key::ORG_LOGO_UPLOAD) }
                            </label>
                            if user.has_image {
                                <button type="button" class="tessera-button-danger-outline tessera-button-small"
                                    onclick={remove_image} disabled={busy_image} data-action="remove-avatar"
                                    data-localization-key={key::UP_PROFILE_IMAGE_FORM_REMOVE_SUBTITLE}>
                                    { l.text(key::UP_PROFILE_IMAGE_FORM_REMOVE_SUBTITLE) }
                                </button>
                            }
                        </div>
                        if let Some(e) = image_error {
                            <p id={image_error_id} class="tessera-field-error" role="alert"
                                data-error-code={e.code.clone()} data-localization-key={e.key.clone()}>
                                { ui::icon_alert() }<span>{ e.text.clone() }</span>
                            </p>
                        }
                    </div>
                </div>
                if *names {
                    <div class="tessera-row">
                        { Field {
                            component: COMPONENT, name: "firstName", label: key::LABEL_FIRST_NAME,
                            input_type: "text", autocomplete: "given-name", placeholder: None,
                            optional: true, value: (*first_name).clone(), oninput: ui::bind(&first_name),
                            error: error.as_ref(), action: Html::default(), l,
                        }.render() }
                        { Field {
                            component: COMPONENT, name: "lastName", label: key::LABEL_LAST_NAME,
                            input_type: "text", autocomplete: "family-name", placeholder: None,
                            optional: true, value: (*last_name).clone(), oninput: ui::bind(&last_name),
                            error: error.as_ref(), action: Html::default(), l,
                        }.render() }
                    </div>
                }
                <div class="tessera-form-actions">
                    <button type="button" class="tessera-button-secondary" onclick={close}
                        data-action="cancel" data-localization-key={key::FORM_BUTTON_RESET}>
                        { l.text(key::FORM_BUTTON_RESET) }
                    </button>
                    { ui::submit_button(l, key::FORM_BUTTON_SAVE, *save.busy) }
                </div>
            </form>
        </div>
    }
}

/// Email addresses or phone numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Email,
    Phone,
}

/// The strings and names of one kind.
struct Words {
    /// The `data-action` / `data-form` suffix.
    noun: &'static str,
    field: &'static str,
    label: &'static str,
    placeholder: &'static str,
    input_type: &'static str,
    autocomplete: &'static str,
    add: &'static str,
    add_title: &'static str,
    add_hint: &'static str,
    verify: &'static str,
    make_primary: &'static str,
    verify_title: &'static str,
    verify_subtitle: &'static str,
    success: &'static str,
    remove: &'static str,
    remove_title: &'static str,
    remove_lines: [&'static str; 2],
}

impl Kind {
    fn words(self) -> Words {
        match self {
            Self::Email => Words {
                noun: "email-address",
                field: "emailAddress",
                label: key::LABEL_EMAIL_ADDRESS,
                placeholder: key::PLACEHOLDER_EMAIL_ADDRESS,
                input_type: "email",
                autocomplete: "email",
                add: key::UP_EMAILS_BUTTON,
                add_title: key::UP_EMAIL_TITLE,
                add_hint: key::UP_EMAIL_FORM_HINT,
                verify: key::UP_EMAILS_VERIFY,
                make_primary: key::UP_EMAILS_MAKE_PRIMARY,
                verify_title: key::UP_EMAIL_VERIFY_TITLE,
                verify_subtitle: key::UP_EMAIL_FORM_SUBTITLE,
                success: key::UP_EMAIL_SUCCESS,
                remove: key::UP_EMAILS_REMOVE,
                remove_title: key::UP_EMAIL_REMOVE_TITLE,
                remove_lines: [key::UP_EMAIL_REMOVE_LINE1, key::UP_EMAIL_REMOVE_LINE2],
            },
            Self::Phone => Words {
                noun: "phone-number",
                field: "phoneNumber",
                label: key::LABEL_PHONE_NUMBER,
                placeholder: key::PLACEHOLDER_PHONE_NUMBER,
                input_type: "tel",
                autocomplete: "tel",
                add: key::UP_PHONES_BUTTON,
                add_title: key::UP_PHONE_TITLE,
                add_hint: key::UP_PHONE_INFO_TEXT,
                verify: key::UP_PHONES_VERIFY,
                make_primary: keys::UP_PHONES_MAKE_PRIMARY,
                verify_title: key::UP_PHONE_VERIFY_TITLE,
                verify_subtitle: key::UP_PHONE_VERIFY_SUBTITLE,
                success: key::UP_PHONE_SUCCESS,
                remove: key::UP_PHONES_REMOVE,
                remove_title: key::UP_PHONE_REMOVE_TITLE,
                remove_lines: [key::UP_PHONE_REMOVE_LINE1, key::UP_PHONE_REMOVE_LINE2],
            },
        }
    }
}

/// One email address or phone number, as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    id: String,
    value: String,
    verified: bool,
    primary: bool,
}

fn rows(user: &User, kind: Kind) -> Vec<Row> {
    match kind {
        Kind::Email => user
            .email_addresses
            .iter()
            .map(|e| Row {
                id: e.id.clone(),
                value: e.email_address.clone(),
                verified: e.is_verified(),
                primary: user.primary_email_address_id.as_deref() == Some(e.id.as_str()),
            })
            .collect(),
        Kind::Phone => {
            let primary = user.primary_phone_number_id();
            user.phone_numbers()
                .into_iter()
                .map(|p| Row {
                    primary: primary.as_deref() == Some(p.id.as_str()),
                    verified: p.is_verified(),
                    id: p.id,
                    value: p.phone_number,
                })
                .collect()
        }
    }
}

/// What the section has open.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Open {
    Nothing,
    Add,
    /// The code sent to the identification with this id and value.
    Verify(String, String),
    Remove(String, String),
}

#[derive(Properties, PartialEq, Debug)]
struct IdentificationsProps {
    l: Localization,
    user: User,
    kind: Kind,
}

/// The list with its badges and actions, and the add → code → verified flow.
#[function_component]
fn Identifications(props: &IdentificationsProps) -> Html {
    let IdentificationsProps { l, user, kind } = props;
    let kind = *kind;
    let words = kind.words();
    let runtime = use_tessera().runtime;
    let root = use_node_ref();
    let open = use_state_eq(|| Open::Nothing);
    let value = use_state(String::new);
    // What was done last, said once: (key, text).
    let done = use_state_eq(|| None::<(&'static str, String)>);
    let action = use_action(&root);
    let row_action = use_action(&root);
    // Where focus goes back to when a form closes.
    let back_to = use_mut_ref(|| None::<String>);
    {
        let (root, back_to) = (root.clone(), back_to.clone());
        let first = use_mut_ref(|| true);
        use_effect_with((*open).clone(), move |open| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            match open {
                Open::Add => ui::focus_first_input(&root),
                Open::Nothing => {
                    if let Some(selector) = back_to.borrow_mut().take() {
                        focus(&root, &selector);
                    }
                }
                // The code form and the confirmation focus themselves.
                Open::Verify(..) | Open::Remove(..) => {}
            }
        });
    }

    let shown_error = {
        let l = l.clone();
        move |e: &SdkError| {
            let mut shown = FormError::from_sdk(&l, e, &[words_field(kind), "code"], None);
            if kind == Kind::Phone && shown.code == "form_identifier_exists" {
                shown.key = key::ERROR_PHONE_NUMBER_EXISTS.to_owned();
                shown.text = l.text(key::ERROR_PHONE_NUMBER_EXISTS);
            }
            shown
        }
    };
    let set_open = |target: Open, back: Option<String>| {
        let (open, back_to, done) = (open.clone(), back_to.clone(), done.clone());
        let (action, row_action) = (action.clone(), row_action.clone());
        move || {
            if back.is_some() {
                *back_to.borrow_mut() = back.clone();
            }
            action.reset();
            row_action.reset();
            done.set(None);
            open.set(target.clone());
        }
    };
    // Send a code to `id`, then ask for it.
    let send_code = {
        let (runtime, open) = (runtime.clone(), open.clone());
        let shown_error = shown_error.clone();
        move |id: String, value: String, using: Action| {
            let (runtime, open) = (runtime.clone(), open.clone());
            let target = Open::Verify(id.clone(), value);
            using.run(
                async move {
                    let account = runtime.account();
                    match kind {
                        Kind::Email => account
                            .prepare_email_address_verification(&id)
                            .await
                            .map(drop),
                        Kind::Phone => account
                            .prepare_phone_number_verification(&id)
                            .await
                            .map(drop),
                    }
                },
                shown_error.clone(),
                move |()| open.set(target),
            );
        }
    };

    let on_add = {
        let (runtime, value, action) = (runtime.clone(), value.clone(), action.clone());
        let (open, shown_error) = (open.clone(), shown_error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let entered = value.trim().to_owned();
            let (runtime, open) = (runtime.clone(), open.clone());
            action.run(
                async move {
                    let account = runtime.account();
                    match kind {
                        Kind::Email => {
                            let created = account.create_email_address(&entered).await?;
                            account
                                .prepare_email_address_verification(&created.id)
                                .await?;
                            Ok((created.id, created.email_address))
                        }
                        Kind::Phone => {
                            let created = account.create_phone_number(&entered).await?;
                            account
                                .prepare_phone_number_verification(&created.id)
                                .await?;
                            Ok((created.id, created.phone_number))
                        }
                    }
                },
                shown_error.clone(),
                move |(id, value)| open.set(Open::Verify(id, value)),
            );
        })
    };
    let on_code = {
        let (runtime, open, done, action, l) = (
            runtime.clone(),
            open.clone(),
            done.clone(),
            action.clone(),
            l.clone(),
        );
        let shown_error = shown_error.clone();
        let success = words.success;
        Callback::from(move |code: String| {
            let Open::Verify(id, value) = (*open).clone() else {
                return;
            };
            let (runtime, open, done, l) = (runtime.clone(), open.clone(), done.clone(), l.clone());
            action.run(
                async move {
                    let account = runtime.account();
                    match kind {
                        Kind::Email => account
                            .attempt_email_address_verification(&id, &code)
                            .await
                            .map(drop),
                        Kind::Phone => account
                            .attempt_phone_number_verification(&id, &code)
                            .await
                            .map(drop),
                    }
                },
                shown_error.clone(),
                move |()| {
                    done.set(Some((success, l.t(success, &[("identifier", &value)]))));
                    open.set(Open::Nothing);
                },
            );
        })
    };
    let on_remove = {
        let (runtime, open, row_action, l) =
            (runtime.clone(), open.clone(), row_action.clone(), l.clone());
        Callback::from(move |()| {
            let Open::Remove(id, _) = (*open).clone() else {
                return;
            };
            let (runtime, open, l) = (runtime.clone(), open.clone(), l.clone());
            row_action.run(
                async move {
                    let account = runtime.account();
                    match kind {
                        Kind::Email => account.delete_email_address(&id).await,
                        Kind::Phone => account.delete_phone_number(&id).await,
                    }
                },
                move |e| FormError::from_sdk(&l, e, &[], None),
                move |()| open.set(Open::Nothing),
            );
        })
    };
    let close = {
        let set = set_open(Open::Nothing, None);
        Callback::from(move |()| set())
    };

    let list = rows(user, kind);
    let row_html = |row: &Row| {
        let selector = |action: &str| {
            let attribute = match kind {
                Kind::Email => "data-email-address-id",
                Kind::Phone => "data-phone-number-id",
            };
            format!("[{attribute}='{}'] [data-action={action}]", row.id)
        };
        let verify = {
            let send_code = send_code.clone();
            let (id, value, using) = (row.id.clone(), row.value.clone(), row_action.clone());
            let back = selector("verify");
            let back_to = back_to.clone();
            Callback::from(move |_: MouseEvent| {
                *back_to.borrow_mut() = Some(back.clone());
                send_code(id.clone(), value.clone(), using.clone());
            })
        };
        let make_primary = {
            let (runtime, id, using, l) = (
                runtime.clone(),
                row.id.clone(),
                row_action.clone(),
                l.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                let (runtime, id, l) = (runtime.clone(), id.clone(), l.clone());
                using.run(
                    async move {
                        let account = runtime.account();
                        match kind {
                            Kind::Email => account.set_primary_email_address(&id).await,
                            Kind::Phone => account.set_primary_phone_number(&id).await,
                        }
                    },
                    move |e| FormError::from_sdk(&l, e, &[], None),
                    |_| {},
                );
            })
        };
        let remove = {
            let set = set_open(
                Open::Remove(row.id.clone(), row.value.clone()),
                Some(selector("remove")),
            );
            Callback::from(move |_: MouseEvent| set())
        };
        let removing = matches!(&*open, Open::Remove(id, _) if *id == row.id);
        let attributes = html! {
            <span class="tessera-identification-value" data-user-data="">{ row.value.clone() }</span>
        };
        html! {
            <li class="tessera-identification"
                data-email-address-id={(kind == Kind::Email).then(|| row.id.clone())}
                data-phone-number-id={(kind == Kind::Phone).then(|| row.id.clone())}>
                <div class="tessera-identification-head">
                    <div class="tessera-identification-text">
                        { attributes }
                        if row.primary { { badge(l, "primary", key::BADGE_PRIMARY) } }
                        if !row.verified { { badge(l, "unverified", key::BADGE_UNVERIFIED) } }
                    </div>
                    <div class="tessera-inline-actions">
                        if !row.verified {
                            { action_button(l, "verify", words.verify, false, verify) }
                        }
                        if row.verified && !row.primary {
                            { action_button(l, "make-primary", words.make_primary, false, make_primary) }
                        }
                        // The primary email address stays; a primary phone number may go.
                        if (kind == Kind::Phone || !row.primary) && !removing {
                            { action_button(l, "remove", words.remove, true, remove) }
                        }
                    </div>
                </div>
                if removing {
                    <Confirm l={l.clone()} name={confirm_name(kind)} button={words.remove_title}
                        lines={vec![
                            (words.remove_lines[0], l.t(words.remove_lines[0], &[("identifier", &row.value)])),
                            (words.remove_lines[1], l.text(words.remove_lines[1])),
                        ]}
                        action={row_action.clone()} on_confirm={on_remove.clone()} on_cancel={close.clone()} />
                }
            </li>
        }
    };

    let add_form = match &*open {
        Open::Add => {
            let error = (*action.error).clone();
            let cancel = {
                let close = close.clone();
                Callback::from(move |_: MouseEvent| close.emit(()))
            };
            let title_id = format!("tessera-{COMPONENT}-add-{}-title", words.noun);
            html! {
                <form class="tessera-form tessera-profile-form" onsubmit={on_add} novalidate=true
                    data-form={format!("add-{}", words.noun)} aria-labelledby={title_id.clone()}
                    aria-busy={action.busy.then_some("true")}>
                    <h4 id={title_id} class="tessera-form-title" data-localization-key={words.add_title}>
                        { l.text(words.add_title) }
                    </h4>
                    <p class="tessera-page-subtitle" data-localization-key={words.add_hint}>{ l.text(words.add_hint) }</p>
                    { ui::form_alert(error.as_ref()) }
                    { Field {
                        component: COMPONENT, name: words.field, label: words.label,
                        input_type: words.input_type, autocomplete: words.autocomplete,
                        placeholder: Some(words.placeholder), optional: false,
                        value: (*value).clone(), oninput: ui::bind(&value),
                        error: error.as_ref(), action: Html::default(), l,
                    }.render() }
                    <div class="tessera-form-actions">
                        <button type="button" class="tessera-button-secondary" onclick={cancel}
                            data-action="cancel" data-localization-key={key::FORM_BUTTON_RESET}>
                            { l.text(key::FORM_BUTTON_RESET) }
                        </button>
                        { ui::submit_button(l, key::FORM_BUTTON_ADD, *action.busy) }
                    </div>
                </form>
            }
        }
        Open::Verify(id, shown) => {
            let resend = (kind == Kind::Email).then(|| {
                let send_code = send_code.clone();
                let (id, shown, using) = (id.clone(), shown.clone(), action.clone());
                (
                    key::UP_EMAIL_RESEND_BUTTON,
                    Callback::from(move |()| send_code(id.clone(), shown.clone(), using.clone())),
                )
            });
            html! {
                <CodeForm l={l.clone()} name={verify_name(kind)}
                    title={words.verify_title}
                    subtitle={(words.verify_subtitle, l.t(words.verify_subtitle, &[("identifier", shown)]))}
                    action={action.clone()} on_submit={on_code} on_cancel={close.clone()}
                    on_resend={resend} />
            }
        }
        Open::Nothing | Open::Remove(..) => {
            let add = {
                let (set, value) = (
                    set_open(Open::Add, Some(format!("[data-action=add-{}]", words.noun))),
                    value.clone(),
                );
                Callback::from(move |_: MouseEvent| {
                    value.set(String::new());
                    set();
                })
            };
            html! {
                <div>
                    <button type="button" class="tessera-link tessera-add-button" onclick={add}
                        data-action={format!("add-{}", words.noun)} data-localization-key={words.add}>
                        { l.text(words.add) }
                    </button>
                </div>
            }
        }
    };

    html! {
        <div ref={root} class="tessera-section-stack">
            if !list.is_empty() {
                <ul class="tessera-identifications" role="list">
                    { for list.iter().map(row_html) }
                </ul>
            }
            if !matches!(&*open, Open::Remove(..)) {
                { ui::form_alert((*row_action.error).as_ref()) }
            }
            if let Some((k, text)) = (*done).clone() {
                { notice(k, text) }
            }
            { add_form }
        </div>
    }
}

fn words_field(kind: Kind) -> &'static str {
    kind.words().field
}

fn confirm_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Email => "remove-email-address",
        Kind::Phone => "remove-phone-number",
    }
}

fn verify_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Email => "verify-email-address",
        Kind::Phone => "verify-phone-number",
    }
}
