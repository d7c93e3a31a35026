//! The General page: the organization's logo, name and slug, and the danger zone (leave, delete).

use tessera_sdk::resources::organization::UpdateOrganization;
use tessera_sdk::transport::Upload;
use tessera_sdk::{Organization, SdkError};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{focus, organization_avatar, Access, COMPONENT};
use crate::localization::{key, Localization};
use crate::provider::use_tessera;
use crate::ui::{self, Field, FormError};

/// Logos the server takes.

#[derive(Properties, PartialEq, Debug)]
pub(super) struct GeneralPageProps {
    pub(super) l: Localization,
    pub(super) organization: Organization,
    pub(super) access: Access,
    pub(super) after_leave_url: AttrValue,
    pub(super) navigate: Option<Callback<String>>,
}

/// Which confirmation of the danger zone is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Danger {
    Closed,
    Leave,
    Delete,
}

#[function_component]
pub(super) fn GeneralPage(props: &GeneralPageProps) -> Html {
    let GeneralPageProps {
        l,
        organization,
        access,
        ..
    } = props;
    let runtime = use_tessera().runtime;
    let root = use_node_ref();
    let editing = use_state_eq(|| false);
    let name = use_state(String::new);
    let slug = use_state(String::new);
    let error = use_state_eq(|| None::<FormError>);
    let busy = use_state_eq(|| false);
    let saved = use_state_eq(|| false);
    let logo_error = use_state_eq(|| None::<FormError>);
    let logo_busy = use_state_eq(|| false);
    let danger = use_state_eq(|| Danger::Closed);
    let confirmation = use_state(String::new);
    let danger_error = use_state_eq(|| None::<FormError>);
    let danger_busy = use_state_eq(|| false);
    // Bumped on every error, to move focus to it even when the same error comes back.
    let error_count = use_state_eq(|| 0_u32);

    {
        let root = root.clone();
        use_effect_with(*error_count, move |count| {
            if *count > 0 {
                ui::focus_first_error(&root);
            }
        });
    }
    {
        // Opening the form or a confirmation moves focus into it; closing returns it to the
        // button that opened it.
        let root = root.clone();
        let previous = use_mut_ref(|| None::<(bool, Danger)>);
        use_effect_with((*editing, *danger), move |&(editing, danger)| {
            let Some((was_editing, was_danger)) = previous.replace(Some((editing, danger))) else {
                return;
            };
            match (editing, danger) {
                (true, _) => focus(&root, "input[name=name]"),
                (_, Danger::Delete) => focus(&root, "input[name=deleteConfirmation]"),
                (_, Danger::Leave) => focus(&root, ".tessera-confirm .tessera-button-danger"),
                (false, Danger::Closed) if was_editing => {
                    focus(&root, "[data-action=edit-profile]")
                }
                (false, Danger::Closed) => match was_danger {
                    Danger::Leave => focus(&root, "[data-action=leave]"),
                    Danger::Delete => focus(&root, "[data-action=delete]"),
                    Danger::Closed => {}
                },
            }
        });
    }

    let fail = {
        let error_count = error_count.clone();
        move |target: &UseStateHandle<Option<FormError>>, e: FormError| {
            target.set(Some(e));
            error_count.set(*error_count + 1);
        }
    };

    let open_form = {
        let (editing, name, slug, error, saved, danger) = (
            editing.clone(),
            name.clone(),
            slug.clone(),
            error.clone(),
            saved.clone(),
            danger.clone(),
        );
        let organization = organization.clone();
        Callback::from(move |_: MouseEvent| {
            name.set(organization.name.clone());
            slug.set(organization.slug.clone());
            error.set(None);
            saved.set(false);
            danger.set(Danger::Closed);
            editing.set(true);
        })
    };
    let close_form = {
        let (editing, logo_error) = (editing.clone(), logo_error.clone());
        Callback::from(move |_: MouseEvent| {
            logo_error.set(None);
            editing.set(false);
        })
    };
    let onsubmit = {
        let (runtime, id) = (runtime.clone(), organization.id.clone());
        let (name, slug, error, busy, editing, saved, l) = (
            name.clone(),
            slug.clone(),
            error.clone(),
            busy.clone(),
            editing.clone(),
            saved.clone(),
            l.clone(),
        );
        let fail = fail.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let changes = UpdateOrganization {
                name: Some(name.trim().to_owned()),
                slug: Some(slug.trim().to_owned()),
            };
            let (runtime, id) = (runtime.clone(), id.clone());
            let (error, busy, editing, saved, l) = (
                error.clone(),
                busy.clone(),
                editing.clone(),
                saved.clone(),
                l.clone(),
            );
            let fail = fail.clone();
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                let result = runtime.organizations().update(&id, changes).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        editing.set(false);
                        saved.set(true);
                    }
                    Err(e) => fail(&error, profile_error(&l, &e)),
                }
            });
        })
    };
    let on_logo = {
        let (runtime, id, l) = (runtime.clone(), organization.id.clone(), l.clone());
        let (logo_error, logo_busy) = (logo_error.clone(), logo_busy.clone());
        let fail = fail.clone();
        Callback::from(move |e: Event| {
            let file = match ui::picked_image(&e, &l, "logo") {
                None => return,
                Some(Err(error)) => return fail(&logo_error, error),
                Some(Ok(file)) => file,
            };
            let (runtime, id, l) = (runtime.clone(), id.clone(), l.clone());
            let (logo_error, logo_busy) = (logo_error.clone(), logo_busy.clone());
            let fail = fail.clone();
            logo_busy.set(true);
            logo_error.set(None);
            spawn_local(async move {
                let content_type = file.type_();
                let result = match ui::file_bytes(&file).await {
                    Some(bytes) => {
                        let upload = Upload {
                            bytes,
                            content_type,
                        };
                        runtime
                            .organizations()
                            .set_logo(&id, upload)
                            .await
                            .map(drop)
                    }
                    None => Err(SdkError::InvalidResponse(
                        "the file could not be read".into(),
                    )),
                };
                logo_busy.set(false);
                if let Err(e) = result {
                    let mut shown = FormError::from_sdk(&l, &e, &["logo"], Some("logo"));
                    shown.field = Some("logo");
                    fail(&logo_error, shown);
                }
            });
        })
    };

    let open_danger = |which: Danger| {
        let (danger, confirmation, danger_error, editing) = (
            danger.clone(),
            confirmation.clone(),
            danger_error.clone(),
            editing.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            confirmation.set(String::new());
            danger_error.set(None);
            editing.set(false);
            danger.set(which);
        })
    };
    let close_danger = {
        let danger = danger.clone();
        Callback::from(move |_: MouseEvent| danger.set(Danger::Closed))
    };
    let confirm_danger = {
        let (runtime, id, l) = (runtime.clone(), organization.id.clone(), l.clone());
        let (danger, danger_error, danger_busy) =
            (danger.clone(), danger_error.clone(), danger_busy.clone());
        let (after, navigate) = (props.after_leave_url.to_string(), props.navigate.clone());
        let fail = fail.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let which = *danger;
            let (runtime, id, l) = (runtime.clone(), id.clone(), l.clone());
            let (danger_error, danger_busy) = (danger_error.clone(), danger_busy.clone());
            let (after, navigate) = (after.clone(), navigate.clone());
            let fail = fail.clone();
            danger_busy.set(true);
            danger_error.set(None);
            spawn_local(async move {
                let orgs = runtime.organizations();
                let result = match which {
                    Danger::Leave => orgs.leave(&id).await,
                    Danger::Delete => orgs.delete(&id).await,
                    Danger::Closed => return,
                };
                danger_busy.set(false);
                match result {
                    Ok(()) => ui::go_to(navigate.as_ref(), &after),
                    Err(e) => fail(&danger_error, FormError::from_sdk(&l, &e, &[], None)),
                }
            });
        })
    };

    let section_title = |id: &'static str, k: &'static str| {
        html! { <h3 id={id} class="tessera-section-title" data-localization-key={k}>{ l.text(k) }</h3> }
    };

    let profile = if *editing {
        let logo_id = format!("tessera-{COMPONENT}-logo");
        let logo_error_id = format!("{logo_id}-error");
        let shown_logo_error = (*logo_error).clone();
        html! {
            <form class="tessera-form tessera-profile-form" onsubmit={onsubmit} novalidate=true
                aria-labelledby="tessera-organization-profile-form-title" aria-busy={busy.then_some("true")}>
                <h4 id="tessera-organization-profile-form-title" class="tessera-form-title"
                    data-localization-key={key::ORG_PROFILE_PAGE_TITLE}>
                    { l.text(key::ORG_PROFILE_PAGE_TITLE) }
                </h4>
                { ui::form_alert((*error).as_ref()) }
                <div class="tessera-logo-field">
                    { organization_avatar(&organization.name, &organization.raw().string("image_url"), true) }
                    <div class="tessera-logo-field-body">
                        <span class="tessera-label" data-localization-key={key::ORG_LOGO}>{ l.text(key::ORG_LOGO) }</span>
                        <div class="tessera-logo-field-actions">
                            <input id={logo_id.clone()} name="logo" type="file" class="tessera-file-input"
                                accept={ui::IMAGE_TYPES} onchange={on_logo} disabled={*logo_busy}
                                aria-invalid={shown_logo_error.is_some().then_some("true")}
                                aria-describedby={shown_logo_error.is_some().then(|| logo_error_id.clone())} />
                            <label for={logo_id} class="tessera-button-secondary tessera-button-small"
                                aria-busy={logo_busy.then_some("true")}
                                data-localization-key={key::ORG_LOGO_UPLOAD}>
                                if *logo_busy { <span class="tessera-spinner" aria-hidden="true"></span> }
                                { l.text(key::ORG_LOGO_UPLOAD) }
                            </label>
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
                    input_type: "text", autocomplete: "organization", placeholder: None,
                    optional: false, value: (*name).clone(), oninput: ui::bind(&name),
                    error: (*error).as_ref(), action: Html::default(), l,
                }.render() }
                { Field {
                    component: COMPONENT, name: "slug", label: key::LABEL_ORGANIZATION_SLUG,
                    input_type: "text", autocomplete: "off", placeholder: None,
                    optional: false, value: (*slug).clone(), oninput: ui::bind(&slug),
                    error: (*error).as_ref(), action: Html::default(), l,
                }.render() }
                <div class="tessera-form-actions">
                    <button type="button" class="tessera-button-secondary" onclick={close_form}
                        data-localization-key={key::FORM_BUTTON_RESET}>
                        { l.text(key::FORM_BUTTON_RESET) }
                    </button>
                    { ui::submit_button(l, key::FORM_BUTTON_SAVE, *busy) }
                </div>
            </form>
        }
    } else {
        html! {
            <>
                <div class="tessera-section-row">
                    <div class="tessera-org-summary">
                        { organization_avatar(&organization.name, &organization.raw().string("image_url"), true) }
                        <div class="tessera-org-identity">
                            <span class="tessera-org-name" data-user-data="" title={organization.name.clone()}>
                                { organization.name.clone() }
                            </span>
                            <span class="tessera-org-slug" data-user-data="">{ organization.slug.clone() }</span>
                        </div>
                    </div>
                    if access.manage_profile {
                        <button type="button" class="tessera-button-secondary tessera-button-small"
                            onclick={open_form} data-action="edit-profile"
                            data-localization-key={key::ORG_PROFILE_SECTION_BUTTON}>
                            { l.text(key::ORG_PROFILE_SECTION_BUTTON) }
                        </button>
                    }
                </div>
                if *saved {
                    <p class="tessera-notice" role="status" data-localization-key={key::ORG_PROFILE_PAGE_SUCCESS}>
                        { l.text(key::ORG_PROFILE_PAGE_SUCCESS) }
                    </p>
                }
            </>
        }
    };

    let danger_row = |which: Danger, title: &'static str| {
        html! {
            <div class="tessera-danger-row">
                <span class="tessera-danger-title" data-localization-key={title}>{ l.text(title) }</span>
                if *danger != which {
                    <button type="button" class="tessera-button-danger-outline tessera-button-small"
                        onclick={open_danger(which)} data-action={if which == Danger::Leave { "leave" } else { "delete" }}
                        data-localization-key={title}>
                        { l.text(title) }
                    </button>
                }
            </div>
        }
    };
    let confirm = |which: Danger| {
        if *danger != which {
            return Html::default();
        }
        let (title, line1, line2) = match which {
            Danger::Delete => (
                key::ORG_DELETE_TITLE,
                key::ORG_DELETE_MESSAGE_LINE1,
                key::ORG_DELETE_MESSAGE_LINE2,
            ),
            _ => (
                key::ORG_LEAVE_TITLE,
                key::ORG_LEAVE_MESSAGE_LINE1,
                key::ORG_LEAVE_MESSAGE_LINE2,
            ),
        };
        let typed_ok = which != Danger::Delete || confirmation.trim() == organization.name.trim();
        let confirmation_id = format!("tessera-{COMPONENT}-deleteConfirmation");
        html! {
            <form class="tessera-confirm" onsubmit={confirm_danger.clone()} novalidate=true
                data-confirm={if which == Danger::Leave { "leave" } else { "delete" }}
                aria-busy={danger_busy.then_some("true")}>
                <p class="tessera-confirm-text" data-localization-key={line1}>{ l.text(line1) }</p>
                <p class="tessera-confirm-text tessera-confirm-warning" data-localization-key={line2}>{ l.text(line2) }</p>
                { ui::form_alert((*danger_error).as_ref()) }
                if which == Danger::Delete {
                    <div class="tessera-field">
                        <label class="tessera-label" for={confirmation_id.clone()}
                            data-localization-key={key::ORG_DELETE_ACTION_DESCRIPTION}>
                            { l.t(key::ORG_DELETE_ACTION_DESCRIPTION, &[("organizationName", &organization.name)]) }
                        </label>
                        <input id={confirmation_id} name="deleteConfirmation" type="text" class="tessera-input"
                            autocomplete="off" value={(*confirmation).clone()} oninput={ui::bind(&confirmation)} />
                    </div>
                }
                <div class="tessera-form-actions">
                    <button type="button" class="tessera-button-secondary" onclick={close_danger.clone()}
                        data-localization-key={key::FORM_BUTTON_RESET}>
                        { l.text(key::FORM_BUTTON_RESET) }
                    </button>
                    <button type="submit" class="tessera-button-danger" disabled={*danger_busy || !typed_ok}
                        aria-busy={danger_busy.then_some("true")} data-localization-key={title}>
                        if *danger_busy { <span class="tessera-spinner" aria-hidden="true"></span> }
                        { l.text(title) }
                    </button>
                </div>
            </form>
        }
    };

    html! {
        <div ref={root} class="tessera-page">
            <header class="tessera-page-header">
                <h2 class="tessera-page-title" tabindex="-1" data-localization-key={key::ORG_HEADER_GENERAL}>
                    { l.text(key::ORG_HEADER_GENERAL) }
                </h2>
            </header>
            <section class="tessera-section" aria-labelledby="tessera-organization-profile-section">
                { section_title("tessera-organization-profile-section", key::ORG_PROFILE_SECTION_TITLE) }
                <div class="tessera-section-body">{ profile }</div>
            </section>
            <section class="tessera-section" aria-labelledby="tessera-organization-danger-section">
                { section_title("tessera-organization-danger-section", key::ORG_DANGER_TITLE) }
                <div class="tessera-section-body tessera-danger">
                    { danger_row(Danger::Leave, key::ORG_LEAVE_TITLE) }
                    { confirm(Danger::Leave) }
                    if access.delete {
                        { danger_row(Danger::Delete, key::ORG_DELETE_TITLE) }
                        { confirm(Danger::Delete) }
                    }
                </div>
            </section>
        </div>
    }
}

/// An error of the profile form, placed next to `name` or `slug`; a taken slug has its own text.
fn profile_error(l: &Localization, error: &SdkError) -> FormError {
    let mut shown = FormError::from_sdk(l, error, &["name", "slug"], None);
    if shown.code == "form_identifier_exists" && shown.field == Some("slug") {
        shown.key = key::ERROR_SLUG_EXISTS.to_owned();
        shown.text = l.text(key::ERROR_SLUG_EXISTS);
    }
    shown
}
