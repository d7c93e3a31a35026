//! Invitations: the pending ones (revocable) and the invite page (email addresses and a role).

use std::rc::Rc;

use tessera_sdk::{OrganizationInvitation, Role};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::members::header;
use super::{
    focus, pagination, role_label, role_text, target_value, use_list, ListRequest, COMPONENT,
};
use crate::localization::{key, Localization};
use crate::provider::use_tessera;
use crate::ui::{self, Field, FormError};

#[derive(Properties, PartialEq, Debug)]
pub(super) struct InvitationsTableProps {
    pub(super) l: Localization,
    pub(super) organization_id: String,
    pub(super) page_size: u32,
}

/// The pending invitations, newest first, each revocable.
#[function_component]
pub(super) fn InvitationsTable(props: &InvitationsTableProps) -> Html {
    let l = &props.l;
    let runtime = use_tessera().runtime;
    let root = use_node_ref();
    let page = use_state_eq(|| 1_u32);
    let version = use_state_eq(|| 0_u32);
    let error = use_state_eq(|| None::<FormError>);
    let error_count = use_state_eq(|| 0_u32);
    let busy = use_state_eq(|| None::<String>);
    let list = use_list(
        ListRequest {
            organization_id: props.organization_id.clone(),
            page: *page,
            page_size: props.page_size,
            filter: Some("pending".to_owned()),
            version: *version,
        },
        |runtime, request| {
            Box::pin(async move {
                runtime
                    .organizations()
                    .invitations(
                        &request.organization_id,
                        request.page(),
                        request.filter.as_deref(),
                    )
                    .await
            })
        },
    );
    {
        let page = page.clone();
        let empty_page = list.loaded && !list.loading && list.data.is_empty() && *page > 1;
        use_effect_with(empty_page, move |empty| {
            if *empty {
                page.set(*page - 1);
            }
        });
    }
    {
        let root = root.clone();
        use_effect_with(*error_count, move |count| {
            if *count > 0 {
                ui::focus_first_error(&root);
            }
        });
    }

    let revoke = |invitation: &str| {
        let (runtime, id, invitation) = (
            runtime.clone(),
            props.organization_id.clone(),
            invitation.to_owned(),
        );
        let (version, error, error_count, busy, l) = (
            version.clone(),
            error.clone(),
            error_count.clone(),
            busy.clone(),
            l.clone(),
        );
        let root = root.clone();
        Callback::from(move |_: MouseEvent| {
            let (runtime, id, invitation) = (runtime.clone(), id.clone(), invitation.clone());
            let (version, error, error_count, busy, l) = (
                version.clone(),
                error.clone(),
                error_count.clone(),
                busy.clone(),
                l.clone(),
            );
            let root = root.clone();
            error.set(None);
            busy.set(Some(invitation.clone()));
            spawn_local(async move {
                let result = runtime
                    .organizations()
                    .revoke_invitation(&id, &invitation)
                    .await;
                busy.set(None);
                version.set(*version + 1);
                match result {
                    // The row is gone: keep focus in the table.
                    Ok(_) => focus(
                        &root,
                        ".tessera-search-input, [role=tab][aria-selected=true]",
                    ),
                    Err(e) => {
                        error.set(Some(FormError::from_sdk(&l, &e, &[], None)));
                        error_count.set(*error_count + 1);
                    }
                }
            });
        })
    };
    let on_page = {
        let page = page.clone();
        Callback::from(move |p: u32| page.set(p))
    };
    let row = |invitation: &OrganizationInvitation| {
        let busy_here = busy.as_deref() == Some(invitation.id.as_str());
        html! {
            <tr key={invitation.id.clone()} data-invitation-id={invitation.id.clone()}>
                <td>
                    <span class="tessera-truncate tessera-invitation-email" data-user-data=""
                        title={invitation.email_address.clone()}>{ invitation.email_address.clone() }</span>
                </td>
                <td class="tessera-cell-muted tessera-col-secondary" data-user-data="">{ ui::format_date(l, invitation.raw().int("created_at"), false) }</td>
                <td>{ role_label(l, &invitation.role, &invitation.raw().string("role_name")) }</td>
                <td class="tessera-cell-actions">
                    <button type="button" class="tessera-button-danger-outline tessera-button-small"
                        onclick={revoke(&invitation.id)} disabled={busy_here}
                        aria-busy={busy_here.then_some("true")}
                        data-action="revoke" data-localization-key={key::ORG_INVITATIONS_REVOKE}>
                        if busy_here { <span class="tessera-spinner" aria-hidden="true"></span> }
                        { l.text(key::ORG_INVITATIONS_REVOKE) }
                    </button>
                </td>
            </tr>
        }
    };
    html! {
        <div ref={root.clone()} class="tessera-table-block">
            { ui::form_alert((*error).as_ref()) }
            if let Some(e) = &list.error {
                { ui::form_alert(Some(&FormError::from_sdk(l, e, &[], None))) }
            }
            <div class="tessera-table-wrap">
                <table class="tessera-table" aria-busy={list.loading.then_some("true")}>
                    <caption class="tessera-visually-hidden" data-localization-key={key::ORG_MEMBERS_TAB_INVITATIONS}>
                        { l.text(key::ORG_MEMBERS_TAB_INVITATIONS) }
                    </caption>
                    <thead>
                        <tr>
                            { header(l, key::ORG_TABLE_USER, false) }
                            { header(l, key::ORG_TABLE_INVITED, true) }
                            { header(l, key::ORG_TABLE_ROLE, false) }
                            <th scope="col" class="tessera-cell-actions">
                                <span class="tessera-visually-hidden" data-localization-key={key::ORG_TABLE_ACTIONS}>
                                    { l.text(key::ORG_TABLE_ACTIONS) }
                                </span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        if !list.loaded {
                            <tr><td colspan="4" class="tessera-cell-empty">
                                <span class="tessera-spinner tessera-spinner-muted" aria-hidden="true"></span>
                            </td></tr>
                        } else if list.data.is_empty() {
                            <tr><td colspan="4" class="tessera-cell-empty"
                                data-localization-key={key::ORG_INVITATIONS_EMPTY}>{ l.text(key::ORG_INVITATIONS_EMPTY) }</td></tr>
                        } else {
                            { for list.data.iter().map(row) }
                        }
                    </tbody>
                </table>
            </div>
            { pagination(l, *page, props.page_size, list.total, &on_page) }
        </div>
    }
}

#[derive(Properties, PartialEq, Debug)]
pub(super) struct InvitePageProps {
    pub(super) l: Localization,
    pub(super) organization_id: String,
    pub(super) roles: Rc<Vec<Role>>,
    pub(super) on_cancel: Callback<()>,
    /// The invitations were sent.
    pub(super) on_done: Callback<()>,
}

/// Email addresses (separated by spaces, commas or new lines) and one role.
#[function_component]
pub(super) fn InvitePage(props: &InvitePageProps) -> Html {
    let l = &props.l;
    let runtime = use_tessera().runtime;
    let root = use_node_ref();
    let emails = use_state(String::new);
    let role = use_state(|| "org:member".to_owned());
    let error = use_state_eq(|| None::<FormError>);
    let error_count = use_state_eq(|| 0_u32);
    let busy = use_state_eq(|| false);
    {
        let root = root.clone();
        use_effect_with(*error_count, move |count| {
            if *count > 0 {
                ui::focus_first_error(&root);
            } else {
                ui::focus_first_input(&root);
            }
        });
    }
    let onsubmit = {
        let (runtime, id) = (runtime.clone(), props.organization_id.clone());
        let (emails, role, error, error_count, busy, l) = (
            emails.clone(),
            role.clone(),
            error.clone(),
            error_count.clone(),
            busy.clone(),
            l.clone(),
        );
        let on_done = props.on_done.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let addresses = split_addresses(&emails);
            if addresses.is_empty() {
                error.set(Some(FormError::local(
                    &l,
                    "emailAddresses",
                    "form_param_missing",
                    key::ERROR_PARAM_MISSING,
                )));
                error_count.set(*error_count + 1);
                return;
            }
            let (runtime, id, role) = (runtime.clone(), id.clone(), (*role).clone());
            let (error, error_count, busy, l) =
                (error.clone(), error_count.clone(), busy.clone(), l.clone());
            let on_done = on_done.clone();
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                let result = runtime.organizations().invite(&id, &addresses, &role).await;
                busy.set(false);
                match result {
                    Ok(_) => on_done.emit(()),
                    Err(e) => {
                        let mut shown = FormError::from_sdk(&l, &e, &["emailAddresses"], None);
                        if e.param_name() == Some("email_address")
                            || shown.code == "form_identifier_exists"
                        {
                            shown.field = Some("emailAddresses");
                        }
                        error.set(Some(shown));
                        error_count.set(*error_count + 1);
                    }
                }
            });
        })
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let on_role = {
        let role = role.clone();
        Callback::from(move |e: Event| role.set(target_value(&e)))
    };
    let role_id = format!("tessera-{COMPONENT}-role");
    html! {
        <div ref={root} class="tessera-page">
            <header class="tessera-page-header tessera-page-header-stacked">
                <h2 class="tessera-page-title" tabindex="-1" data-localization-key={key::ORG_INVITE_TITLE}>
                    { l.text(key::ORG_INVITE_TITLE) }
                </h2>
                <p class="tessera-page-subtitle" data-localization-key={key::ORG_INVITE_SUBTITLE}>
                    { l.text(key::ORG_INVITE_SUBTITLE) }
                </p>
            </header>
            <form class="tessera-form tessera-invite-form" {onsubmit} novalidate=true
                aria-busy={busy.then_some("true")}>
                { ui::form_alert((*error).as_ref()) }
                { Field {
                    component: COMPONENT, name: "emailAddresses", label: key::LABEL_EMAIL_ADDRESSES,
                    input_type: "text", autocomplete: "off",
                    placeholder: Some(key::PLACEHOLDER_EMAIL_ADDRESSES),
                    optional: false, value: (*emails).clone(), oninput: ui::bind(&emails),
                    error: (*error).as_ref(), action: Html::default(), l,
                }.render() }
                <div class="tessera-field">
                    <div class="tessera-field-head">
                        <label class="tessera-label" for={role_id.clone()} data-localization-key={key::LABEL_ROLE}>
                            { l.text(key::LABEL_ROLE) }
                        </label>
                    </div>
                    <select id={role_id} name="role" class="tessera-select tessera-select-block" onchange={on_role}>
                        { for props.roles.iter().map(|r| {
                            let (k, text) = role_text(l, r);
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
                    <button type="button" class="tessera-button-secondary" onclick={cancel}
                        data-localization-key={key::FORM_BUTTON_RESET}>
                        { l.text(key::FORM_BUTTON_RESET) }
                    </button>
                    { ui::submit_button(l, key::ORG_INVITE_SUBMIT, *busy) }
                </div>
            </form>
        </div>
    }
}

/// Email addresses separated by commas, semicolons or white space; duplicates dropped.
fn split_addresses(text: &str) -> Vec<String> {
    let mut addresses: Vec<String> = Vec::new();
    for address in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        if !addresses.iter().any(|a| a.eq_ignore_ascii_case(address)) {
            addresses.push(address.to_owned());
        }
    }
    addresses
}

#[cfg(test)]
mod tests {
    use super::split_addresses;

    #[test]
    fn addresses_split_on_commas_and_spaces_without_duplicates() {
        assert_eq!(
            split_addresses(" a@example.com, b@example.com;\nA@example.com  c@example.com ,"),
            ["a@example.com", "b@example.com", "c@example.com"]
        );
        assert!(split_addresses(" , ").is_empty());
    }
}
