//! The Members page: the members table (search, pages, roles, removal) and, for those who manage
//! members, the invitations tab and the way to the invite page.

use std::rc::Rc;
use std::time::Duration;

use tessera_sdk::{OrganizationMembership, PublicUserData, Role};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::invitations::InvitationsTable;
use super::{
    focus, pagination, role_label, role_text, target_value, use_list, Access, ListRequest,
    MembersTab, COMPONENT,
};
use crate::localization::{key, Localization};
use crate::provider::use_tessera;
use crate::ui::{self, FormError};

/// How long typing pauses before the search runs.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

#[derive(Properties, PartialEq, Debug)]
pub(super) struct MembersPageProps {
    pub(super) l: Localization,
    pub(super) organization_id: String,
    pub(super) access: Access,
    /// The signed-in user (marked "You", and not removable from here: they leave instead).
    pub(super) user_id: String,
    pub(super) roles: Rc<Vec<Role>>,
    pub(super) page_size: u32,
    pub(super) tab: MembersTab,
    pub(super) on_tab: Callback<MembersTab>,
    pub(super) on_invite: Callback<()>,
    /// A message to show once (after sending invitations).
    pub(super) notice: Option<&'static str>,
}

#[function_component]
pub(super) fn MembersPage(props: &MembersPageProps) -> Html {
    let MembersPageProps { l, access, .. } = props;
    let root = use_node_ref();
    // Without the right to manage members there is no invitations tab.
    let tab = if access.manage_members {
        props.tab
    } else {
        MembersTab::Members
    };
    let tab_button = |which: MembersTab, label: &'static str, id: &'static str| {
        let selected = tab == which;
        let onclick = {
            let on_tab = props.on_tab.clone();
            Callback::from(move |_: MouseEvent| on_tab.emit(which))
        };
        // Arrow keys move between the two tabs (and select, as in Clerk's tabs).
        let onkeydown = {
            let (on_tab, root) = (props.on_tab.clone(), root.clone());
            Callback::from(move |e: KeyboardEvent| {
                let other = match which {
                    MembersTab::Members => MembersTab::Invitations,
                    MembersTab::Invitations => MembersTab::Members,
                };
                if matches!(e.key().as_str(), "ArrowLeft" | "ArrowRight") {
                    e.prevent_default();
                    on_tab.emit(other);
                    let root = root.clone();
                    spawn_local(async move {
                        yew::platform::time::sleep(Duration::ZERO).await;
                        focus(&root, "[role=tab][aria-selected=true]");
                    });
                }
            })
        };
        html! {
            <button type="button" role="tab" id={id} class="tessera-tab" {onclick} {onkeydown}
                aria-selected={if selected { "true" } else { "false" }}
                aria-controls="tessera-organization-profile-tabpanel"
                tabindex={if selected { "0" } else { "-1" }}
                data-tab={if which == MembersTab::Members { "members" } else { "invitations" }}
                data-localization-key={label}>
                { l.text(label) }
            </button>
        }
    };
    let invite = {
        let on_invite = props.on_invite.clone();
        Callback::from(move |_: MouseEvent| on_invite.emit(()))
    };
    let panel = match tab {
        MembersTab::Members => html! {
            <MembersTable l={l.clone()} organization_id={props.organization_id.clone()}
                access={*access} user_id={props.user_id.clone()} roles={props.roles.clone()}
                page_size={props.page_size} />
        },
        MembersTab::Invitations => html! {
            <InvitationsTable l={l.clone()} organization_id={props.organization_id.clone()}
                page_size={props.page_size} />
        },
    };
    let labelled_by = match tab {
        MembersTab::Members => "tessera-organization-profile-tab-members",
        MembersTab::Invitations => "tessera-organization-profile-tab-invitations",
    };
    html! {
        <div ref={root.clone()} class="tessera-page">
            <header class="tessera-page-header">
                <h2 class="tessera-page-title" tabindex="-1" data-localization-key={key::ORG_HEADER_MEMBERS}>
                    { l.text(key::ORG_HEADER_MEMBERS) }
                </h2>
                if access.manage_members {
                    <button type="button" class="tessera-button tessera-button-small tessera-button-inline"
                        onclick={invite} data-action="invite" data-localization-key={key::ORG_MEMBERS_INVITE}>
                        { l.text(key::ORG_MEMBERS_INVITE) }
                    </button>
                }
            </header>
            if let Some(notice) = props.notice {
                <p class="tessera-notice" role="status" data-localization-key={notice}>{ l.text(notice) }</p>
            }
            if access.manage_members {
                <div class="tessera-tabs" role="tablist">
                    { tab_button(MembersTab::Members, key::ORG_MEMBERS_TAB_MEMBERS, "tessera-organization-profile-tab-members") }
                    { tab_button(MembersTab::Invitations, key::ORG_MEMBERS_TAB_INVITATIONS, "tessera-organization-profile-tab-invitations") }
                </div>
                <div id="tessera-organization-profile-tabpanel" role="tabpanel" aria-labelledby={labelled_by}
                    data-tab={if tab == MembersTab::Members { "members" } else { "invitations" }}>
                    { panel }
                </div>
            } else {
                <div data-tab="members">{ panel }</div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq, Debug)]
struct MembersTableProps {
    l: Localization,
    organization_id: String,
    access: Access,
    user_id: String,
    roles: Rc<Vec<Role>>,
    page_size: u32,
}

/// The members, a page at a time, searchable; roles and removal for those who manage members.
#[function_component]
fn MembersTable(props: &MembersTableProps) -> Html {
    let MembersTableProps {
        l,
        access,
        user_id: me,
        roles,
        ..
    } = props;
    let runtime = use_tessera().runtime;
    let root = use_node_ref();
    let search = use_state(String::new);
    let query = use_state_eq(|| None::<String>);
    let page = use_state_eq(|| 1_u32);
    let version = use_state_eq(|| 0_u32);
    let error = use_state_eq(|| None::<FormError>);
    let error_count = use_state_eq(|| 0_u32);
    let confirming = use_state_eq(|| None::<String>);
    let busy = use_state_eq(|| None::<String>);

    let list = use_list(
        ListRequest {
            organization_id: props.organization_id.clone(),
            page: *page,
            page_size: props.page_size,
            filter: (*query).clone(),
            version: *version,
        },
        |runtime, request| {
            Box::pin(async move {
                runtime
                    .organizations()
                    .memberships(
                        &request.organization_id,
                        request.page(),
                        request.filter.as_deref(),
                    )
                    .await
            })
        },
    );

    {
        // The search runs once typing pauses, from the first page.
        let (query, page) = (query.clone(), page.clone());
        let generation = use_mut_ref(|| 0_u32);
        use_effect_with((*search).clone(), move |text| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            let text = text.trim().to_owned();
            spawn_local(async move {
                yew::platform::time::sleep(SEARCH_DEBOUNCE).await;
                if *generation.borrow() != mine {
                    return;
                }
                let next = (!text.is_empty()).then_some(text);
                if *query != next {
                    page.set(1);
                    query.set(next);
                }
            });
        });
    }
    {
        // The last member of a page removed: show the page before.
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
    {
        // The confirmation takes focus; cancelling returns it to "Remove member".
        let root = root.clone();
        use_effect_with((*confirming).clone(), move |confirming| {
            if confirming.is_some() {
                focus(&root, "[data-action=confirm-remove]");
            }
        });
    }

    let fail = {
        let (error, error_count, l) = (error.clone(), error_count.clone(), l.clone());
        move |e: &tessera_sdk::SdkError| {
            error.set(Some(FormError::from_sdk(&l, e, &[], None)));
            error_count.set(*error_count + 1);
        }
    };
    let change_role = |member: &str| {
        let (runtime, id, member) = (
            runtime.clone(),
            props.organization_id.clone(),
            member.to_owned(),
        );
        let (version, error, busy) = (version.clone(), error.clone(), busy.clone());
        let fail = fail.clone();
        Callback::from(move |e: Event| {
            let role = target_value(&e);
            let (runtime, id, member) = (runtime.clone(), id.clone(), member.clone());
            let (version, busy) = (version.clone(), busy.clone());
            let fail = fail.clone();
            error.set(None);
            busy.set(Some(member.clone()));
            spawn_local(async move {
                let result = runtime
                    .organizations()
                    .update_member_role(&id, &member, &role)
                    .await;
                busy.set(None);
                // Fetched again either way: a refused change puts the select back.
                version.set(*version + 1);
                if let Err(e) = result {
                    fail(&e);
                }
            });
        })
    };
    let ask_remove = |member: &str| {
        let (confirming, error, member) = (confirming.clone(), error.clone(), member.to_owned());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            confirming.set(Some(member.clone()));
        })
    };
    let cancel_remove = {
        let (confirming, root) = (confirming.clone(), root.clone());
        Callback::from(move |_: MouseEvent| {
            let member = (*confirming).clone();
            confirming.set(None);
            if let Some(member) = member {
                focus(
                    &root,
                    &format!("tr[data-user-id=\"{member}\"] [data-action=remove]"),
                );
            }
        })
    };
    let remove = |member: &str| {
        let (runtime, id, member) = (
            runtime.clone(),
            props.organization_id.clone(),
            member.to_owned(),
        );
        let (version, confirming, busy) = (version.clone(), confirming.clone(), busy.clone());
        let fail = fail.clone();
        Callback::from(move |_: MouseEvent| {
            let (runtime, id, member) = (runtime.clone(), id.clone(), member.clone());
            let (version, confirming, busy) = (version.clone(), confirming.clone(), busy.clone());
            let fail = fail.clone();
            busy.set(Some(member.clone()));
            spawn_local(async move {
                let result = runtime.organizations().remove_member(&id, &member).await;
                busy.set(None);
                confirming.set(None);
                match result {
                    Ok(_) => version.set(*version + 1),
                    Err(e) => fail(&e),
                }
            });
        })
    };
    let on_page = {
        let (page, confirming) = (page.clone(), confirming.clone());
        Callback::from(move |p: u32| {
            confirming.set(None);
            page.set(p);
        })
    };

    let search_id = format!("tessera-{COMPONENT}-query");
    let columns = if access.manage_members { 4 } else { 3 };
    let row = |m: &OrganizationMembership| {
        let user = m.public_user_data().unwrap_or_default();
        let is_me = user.user_id == *me;
        let busy_here = busy.as_deref() == Some(user.user_id.as_str());
        let role_cell = if access.manage_members {
            // Read as "Role, Ada Lovelace": the column and the member.
            let labelled_by = format!("{ROLE_COLUMN_ID} {}", member_name_id(&user.user_id));
            html! {
                <select key={format!("{}-{}", user.user_id, *version)} class="tessera-select" name="role"
                    aria-labelledby={labelled_by} disabled={busy_here} onchange={change_role(&user.user_id)}>
                    { for roles.iter().map(|r| {
                        let (k, text) = role_text(l, r);
                        html! {
                            <option value={r.key.clone()} selected={r.key == m.role}
                                data-localization-key={k} data-user-data={k.is_none().then_some("")}>
                                { text }
                            </option>
                        }
                    }) }
                </select>
            }
        } else {
            role_label(l, &m.role, &m.raw().string("role_name"))
        };
        let actions = if !access.manage_members {
            Html::default()
        } else if is_me {
            html! { <td></td> }
        } else if confirming.as_deref() == Some(user.user_id.as_str()) {
            html! {
                <td class="tessera-cell-actions">
                    <div class="tessera-inline-actions">
                        <button type="button" class="tessera-button-secondary tessera-button-small"
                            onclick={cancel_remove.clone()} data-localization-key={key::FORM_BUTTON_RESET}>
                            { l.text(key::FORM_BUTTON_RESET) }
                        </button>
                        <button type="button" class="tessera-button-danger tessera-button-small"
                            onclick={remove(&user.user_id)} disabled={busy_here}
                            aria-busy={busy_here.then_some("true")}
                            data-action="confirm-remove" aria-describedby={member_name_id(&user.user_id)}
                            data-localization-key={key::FORM_BUTTON_REMOVE}>
                            if busy_here { <span class="tessera-spinner" aria-hidden="true"></span> }
                            { l.text(key::FORM_BUTTON_REMOVE) }
                        </button>
                    </div>
                </td>
            }
        } else {
            html! {
                <td class="tessera-cell-actions">
                    <button type="button" class="tessera-button-danger-outline tessera-button-small"
                        onclick={ask_remove(&user.user_id)} data-action="remove"
                        aria-describedby={member_name_id(&user.user_id)}
                        data-localization-key={key::ORG_MEMBERS_REMOVE}>
                        { l.text(key::ORG_MEMBERS_REMOVE) }
                    </button>
                </td>
            }
        };
        html! {
            <tr key={m.id.clone()} data-user-id={user.user_id.clone()} data-role={m.role.clone()}>
                <td>{ member_cell(l, &user, is_me) }</td>
                <td class="tessera-cell-muted tessera-col-secondary" data-user-data="">{ ui::format_date(l, m.raw().int("created_at"), false) }</td>
                <td>{ role_cell }</td>
                { actions }
            </tr>
        }
    };

    html! {
        <div ref={root.clone()} class="tessera-table-block">
            <div class="tessera-search">
                <label for={search_id.clone()} class="tessera-visually-hidden"
                    data-localization-key={key::ORG_MEMBERS_SEARCH}>{ l.text(key::ORG_MEMBERS_SEARCH) }</label>
                { icon_search() }
                <input id={search_id} name="query" type="search" class="tessera-input tessera-search-input"
                    autocomplete="off" placeholder={l.text(key::ORG_MEMBERS_SEARCH)}
                    value={(*search).clone()} oninput={ui::bind(&search)} />
            </div>
            { ui::form_alert((*error).as_ref()) }
            if let Some(e) = &list.error {
                { ui::form_alert(Some(&FormError::from_sdk(l, e, &[], None))) }
            }
            <div class="tessera-table-wrap">
                <table class="tessera-table" aria-busy={list.loading.then_some("true")}>
                    <caption class="tessera-visually-hidden" data-localization-key={key::ORG_MEMBERS_TAB_MEMBERS}>
                        { l.text(key::ORG_MEMBERS_TAB_MEMBERS) }
                    </caption>
                    <thead>
                        <tr>
                            { header(l, key::ORG_TABLE_USER, false) }
                            { header(l, key::ORG_TABLE_JOINED, true) }
                            <th scope="col" id={ROLE_COLUMN_ID} data-localization-key={key::ORG_TABLE_ROLE}>
                                { l.text(key::ORG_TABLE_ROLE) }
                            </th>
                            if access.manage_members {
                                <th scope="col" class="tessera-cell-actions">
                                    <span class="tessera-visually-hidden" data-localization-key={key::ORG_TABLE_ACTIONS}>
                                        { l.text(key::ORG_TABLE_ACTIONS) }
                                    </span>
                                </th>
                            }
                        </tr>
                    </thead>
                    <tbody>
                        if !list.loaded {
                            <tr><td colspan={columns.to_string()} class="tessera-cell-empty">
                                <span class="tessera-spinner tessera-spinner-muted" aria-hidden="true"></span>
                            </td></tr>
                        } else if list.data.is_empty() {
                            <tr><td colspan={columns.to_string()} class="tessera-cell-empty"
                                data-localization-key={key::ORG_MEMBERS_EMPTY}>{ l.text(key::ORG_MEMBERS_EMPTY) }</td></tr>
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

/// A column header; a secondary column (dates) folds away on narrow screens.
pub(super) fn header(l: &Localization, k: &'static str, secondary: bool) -> Html {
    html! {
        <th scope="col" class={secondary.then_some("tessera-col-secondary")} data-localization-key={k}>
            { l.text(k) }
        </th>
    }
}

const ROLE_COLUMN_ID: &str = "tessera-organization-profile-role-column";

/// The id of a member's name in the table (what their row's controls are labelled by).
fn member_name_id(user_id: &str) -> String {
    format!("tessera-organization-profile-member-{user_id}")
}

/// Avatar, name (or identifier) with a "You" badge, and the identifier under it.
fn member_cell(l: &Localization, user: &PublicUserData, is_me: bool) -> Html {
    let name = [user.first_name.as_deref(), user.last_name.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let initials: String = if name.is_empty() {
        user.identifier
            .chars()
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default()
    } else {
        name.split(' ')
            .filter_map(|w| w.chars().next())
            .take(2)
            .flat_map(char::to_uppercase)
            .collect()
    };
    let headline = if name.is_empty() {
        user.identifier.clone()
    } else {
        name.clone()
    };
    html! {
        <div class="tessera-member">
            if user.image_url.is_empty() {
                <span class="tessera-avatar" aria-hidden="true" data-user-data="">{ initials }</span>
            } else {
                <img class="tessera-avatar" src={user.image_url.clone()} alt="" />
            }
            <div class="tessera-member-identity">
                <span class="tessera-member-name">
                    <span id={member_name_id(&user.user_id)} class="tessera-truncate" data-user-data=""
                        title={headline.clone()}>{ headline }</span>
                    if is_me {
                        <span class="tessera-badge" data-localization-key={key::BADGE_YOU}>{ l.text(key::BADGE_YOU) }</span>
                    }
                </span>
                if !name.is_empty() {
                    <span class="tessera-member-email" data-user-data="" title={user.identifier.clone()}>
                        { user.identifier.clone() }
                    </span>
                }
            </div>
        </div>
    }
}

fn icon_search() -> Html {
    html! {
        <svg class="tessera-icon tessera-search-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round">
            <circle cx="7" cy="7" r="4.25"/><path d="M10.25 10.25l3 3"/>
        </svg>
    }
}
