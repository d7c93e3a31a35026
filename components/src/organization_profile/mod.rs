//! `<OrganizationProfile/>`: the active organization, as Clerk's prebuilt profile shows it. A card
//! with a navigation ("General", "Members"; tabs on narrow screens):
//! - General: the logo, name and slug (editable with `org:sys_profile:manage`), "Leave
//!   organization" and, with `org:sys_profile:delete`, "Delete organization" (confirmed by typing
//!   the organization's name); both go to `after_leave_organization_url`.
//! - Members: a paginated, searchable table of members; with `org:sys_memberships:manage`, role
//!   changes, removal, the pending invitations (revocable) and an "Invite" page.
//!
//! Plain members see the same pages read-only. The server has the last word: what it refuses (the
//! last admin leaving or being demoted) is shown localized by its code.

mod general;
mod invitations;
mod members;

use std::rc::Rc;

use tessera_sdk::{OrganizationMembership, PageRequest, Paginated, Role, Runtime, SdkError};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::localization::{key, Localization};
use crate::provider::{use_localization, use_tessera, RuntimeHandle};
use crate::theme::{inject_styles, MENU, ORGANIZATIONS};
use crate::ui;

use general::GeneralPage;
use invitations::InvitePage;
use members::MembersPage;

const COMPONENT: &str = "organization-profile";

/// The system permissions the pages check.
const PROFILE_MANAGE: &str = "org:sys_profile:manage";
const PROFILE_DELETE: &str = "org:sys_profile:delete";
const MEMBERSHIPS_MANAGE: &str = "org:sys_memberships:manage";

/// Props of [`OrganizationProfile`].
#[derive(Properties, PartialEq, Debug)]
pub struct OrganizationProfileProps {
    /// A (deep-partial) localization over the provider's.
    #[prop_or_default]
    pub localization: Option<Localization>,
    /// Where to go after leaving or deleting the organization.
    #[prop_or(AttrValue::Static("/"))]
    pub after_leave_organization_url: AttrValue,
    /// Navigate in the app (e.g. a router) instead of loading `url`.
    #[prop_or_default]
    pub navigate: Option<Callback<String>>,
    /// The page it opens on.
    #[prop_or(Page::General)]
    pub page: Page,
    /// Members and invitations per page of their tables.
    #[prop_or(10)]
    pub page_size: u32,
}

/// The pages (`data-page`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    General,
    Members,
    /// Inviting members (reached from Members).
    Invite,
}

impl Page {
    /// The `data-page` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::Members => "members",
            Self::Invite => "invite",
        }
    }
}

/// What the user's role allows in the organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Access {
    pub(crate) manage_profile: bool,
    pub(crate) delete: bool,
    pub(crate) manage_members: bool,
}

impl Access {
    fn of(membership: &OrganizationMembership) -> Self {
        let has = |p: &str| membership.permissions.iter().any(|q| q == p);
        Self {
            manage_profile: has(PROFILE_MANAGE),
            delete: has(PROFILE_DELETE),
            manage_members: has(MEMBERSHIPS_MANAGE),
        }
    }
}

/// The tab of the Members page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MembersTab {
    Members,
    Invitations,
}

/// The active organization's profile, members and invitations.
#[function_component]
pub fn OrganizationProfile(props: &OrganizationProfileProps) -> Html {
    inject_styles(&[MENU, ORGANIZATIONS]);
    let tessera = use_tessera();
    let l = use_localization(props.localization.clone());
    let root = use_node_ref();
    let page = use_state_eq(|| props.page);
    let tab = use_state_eq(|| MembersTab::Members);
    // Said once after an action that leaves its page ("Invitations successfully sent").
    let notice = use_state_eq(|| None::<&'static str>);
    let membership = tessera.snapshot.active_membership().cloned();
    let org_id = membership.as_ref().map(|m| m.organization.id.clone());
    let roles = use_roles(org_id.clone());

    {
        // A page opened from the navigation starts with focus on its heading (not on first
        // render).
        let root = root.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(*page, move |page| {
            // The invite page focuses its first field itself.
            if std::mem::replace(&mut *first.borrow_mut(), false) || *page == Page::Invite {
                return;
            }
            focus(&root, ".tessera-page-title");
        });
    }

    if !tessera.snapshot.is_loaded {
        return ui::loading_card(COMPONENT, &root);
    }
    let Some(membership) = membership else {
        // Signed out, or in the personal account: there is no organization to show.
        return Html::default();
    };
    let access = Access::of(&membership);
    let organization = membership.organization.clone();
    let user_id = tessera
        .snapshot
        .user()
        .map(|u| u.id.clone())
        .unwrap_or_default();

    let go = |target: Page| {
        let (page, notice) = (page.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            notice.set(None);
            page.set(target);
        })
    };
    let nav_item = |target: Page, label: &'static str, icon: Html| {
        let current = *page == target || (target == Page::Members && *page == Page::Invite);
        html! {
            <li>
                <button type="button" class="tessera-nav-item" onclick={go(target)}
                    aria-current={current.then_some("page")}>
                    { icon }
                    <span data-localization-key={label}>{ l.text(label) }</span>
                </button>
            </li>
        }
    };

    let content = match *page {
        Page::General => html! {
            <GeneralPage l={l.clone()} organization={organization.clone()} {access}
                after_leave_url={props.after_leave_organization_url.clone()}
                navigate={props.navigate.clone()} />
        },
        Page::Members => {
            let on_invite = {
                let (page, notice) = (page.clone(), notice.clone());
                Callback::from(move |()| {
                    notice.set(None);
                    page.set(Page::Invite);
                })
            };
            let on_tab = {
                let (tab, notice) = (tab.clone(), notice.clone());
                Callback::from(move |t: MembersTab| {
                    notice.set(None);
                    tab.set(t);
                })
            };
            html! {
                <MembersPage l={l.clone()} organization_id={organization.id.clone()} {access}
                    user_id={user_id.clone()} roles={roles.clone()} page_size={props.page_size}
                    tab={*tab} {on_tab} {on_invite} notice={*notice} />
            }
        }
        Page::Invite => {
            let back = {
                let page = page.clone();
                Callback::from(move |()| page.set(Page::Members))
            };
            let done = {
                let (page, tab, notice) = (page.clone(), tab.clone(), notice.clone());
                Callback::from(move |()| {
                    tab.set(MembersTab::Invitations);
                    notice.set(Some(key::ORG_INVITE_SUCCESS));
                    page.set(Page::Members);
                })
            };
            html! {
                <InvitePage l={l.clone()} organization_id={organization.id.clone()}
                    roles={roles.clone()} on_cancel={back} on_done={done} />
            }
        }
    };

    html! {
        <div ref={root} class={format!("tessera-root tessera-{COMPONENT}")}
            data-tessera-component={COMPONENT} data-page={page.as_str()}>
            <div class="tessera-card tessera-profile">
                <nav class="tessera-profile-nav" aria-label={l.text(key::ORG_NAVBAR_TITLE)}>
                    <div class="tessera-profile-nav-head">
                        { organization_avatar(&organization.name, &organization.raw().string("image_url"), false) }
                        <div class="tessera-profile-nav-identity">
                            <span class="tessera-profile-nav-title" data-user-data=""
                                title={organization.name.clone()}>{ organization.name.clone() }</span>
                            <span class="tessera-profile-nav-description"
                                data-localization-key={key::ORG_NAVBAR_DESCRIPTION}>
                                { l.text(key::ORG_NAVBAR_DESCRIPTION) }
                            </span>
                        </div>
                    </div>
                    <ul class="tessera-nav-items" role="list">
                        { nav_item(Page::General, key::ORG_NAVBAR_GENERAL, icon_building()) }
                        { nav_item(Page::Members, key::ORG_NAVBAR_MEMBERS, icon_users()) }
                    </ul>
                </nav>
                <div class="tessera-profile-content">{ content }</div>
            </div>
        </div>
    }
}

/// The roles a member may have, fetched once per organization; Clerk's two default roles until
/// they arrive (or when the request fails).
#[hook]
fn use_roles(org_id: Option<String>) -> Rc<Vec<Role>> {
    let runtime = use_tessera().runtime;
    let roles = use_state(|| Rc::new(default_roles()));
    {
        let roles = roles.clone();
        use_effect_with(
            (org_id, RuntimeHandle(runtime)),
            move |(org_id, RuntimeHandle(runtime))| {
                if let Some(id) = org_id.clone() {
                    let runtime = runtime.clone();
                    spawn_local(async move {
                        let request = PageRequest {
                            page: 1,
                            page_size: 50,
                        };
                        if let Ok(list) = runtime.organizations().roles(&id, request).await {
                            if !list.data.is_empty() {
                                roles.set(Rc::new(list.data));
                            }
                        }
                    });
                }
            },
        );
    }
    (*roles).clone()
}

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

/// A role's label: Clerk's keys for the two system roles, else the name the server gives it.
pub(crate) fn role_label(l: &Localization, role: &str, name: &str) -> Html {
    match role_key(role) {
        Some(k) => html! { <span data-localization-key={k}>{ l.text(k) }</span> },
        None => {
            let text = if name.is_empty() { role } else { name };
            html! { <span data-user-data="">{ text.to_owned() }</span> }
        }
    }
}

/// The localized text of a role, for `<option>`s (which hold text only).
pub(crate) fn role_text(l: &Localization, role: &Role) -> (Option<&'static str>, String) {
    match role_key(&role.key) {
        Some(k) => (Some(k), l.text(k)),
        None if role.name.is_empty() => (None, role.key.clone()),
        None => (None, role.name.clone()),
    }
}

fn role_key(role: &str) -> Option<&'static str> {
    match role {
        "org:admin" | "admin" => Some(key::ROLE_ADMIN),
        "org:member" | "basic_member" => Some(key::ROLE_BASIC_MEMBER),
        _ => None,
    }
}

/// The parameters of one page of a list; a change fetches again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListRequest {
    pub(crate) organization_id: String,
    pub(crate) page: u32,
    pub(crate) page_size: u32,
    /// Search text (members) or status (invitations).
    pub(crate) filter: Option<String>,
    /// Bumped to fetch the same page again after a change.
    pub(crate) version: u32,
}

impl ListRequest {
    pub(crate) fn page(&self) -> PageRequest {
        PageRequest {
            page: self.page,
            page_size: self.page_size,
        }
    }
}

/// One fetched page: the items, the whole list's size, whether a request is under way, and why
/// the last one failed.
#[derive(Debug)]
pub(crate) struct ListPage<T> {
    pub(crate) data: Rc<Vec<T>>,
    pub(crate) total: u64,
    pub(crate) loading: bool,
    /// Whether any answer came yet (before it, the table shows a spinner, not "No members").
    pub(crate) loaded: bool,
    pub(crate) error: Option<SdkError>,
}

type Fetch<T> =
    fn(Runtime, ListRequest) -> tessera_sdk::LocalFuture<Result<Paginated<T>, SdkError>>;

/// A page of a list, fetched whenever `request` changes; answers to superseded requests are
/// dropped. (The provider's `use_organization` lists have no search, which the table needs.)
#[hook]
pub(crate) fn use_list<T>(request: ListRequest, fetch: Fetch<T>) -> ListPage<T>
where
    T: 'static,
{
    let runtime = use_tessera().runtime;
    let result = use_state(|| None::<(Rc<Vec<T>>, u64)>);
    let error = use_state(|| None::<SdkError>);
    let loading = use_state_eq(|| true);
    let generation = use_mut_ref(|| 0u64);
    {
        let (result, error, loading) = (result.clone(), error.clone(), loading.clone());
        use_effect_with(
            (request, RuntimeHandle(runtime)),
            move |(request, RuntimeHandle(runtime))| {
                *generation.borrow_mut() += 1;
                let mine = *generation.borrow();
                loading.set(true);
                let work = fetch(runtime.clone(), request.clone());
                spawn_local(async move {
                    let answer = work.await;
                    if *generation.borrow() != mine {
                        return;
                    }
                    match answer {
                        Ok(list) => {
                            result.set(Some((Rc::new(list.data), list.total_count)));
                            error.set(None);
                        }
                        Err(e) => error.set(Some(e)),
                    }
                    loading.set(false);
                });
            },
        );
    }
    let (data, total) = (*result)
        .as_ref()
        .map_or_else(|| (Rc::default(), 0), |(d, t)| (Rc::clone(d), *t));
    ListPage {
        data,
        total,
        loading: *loading,
        loaded: result.is_some(),
        error: (*error).clone(),
    }
}

/// "Displaying 11–20 of 42" with Previous / Next.
pub(crate) fn pagination(
    l: &Localization,
    page: u32,
    page_size: u32,
    total: u64,
    on_page: &Callback<u32>,
) -> Html {
    let size = u64::from(page_size.max(1));
    let pages = total.div_ceil(size).max(1);
    let from = if total == 0 {
        0
    } else {
        (u64::from(page) - 1) * size + 1
    };
    let to = (u64::from(page) * size).min(total);
    let previous = {
        let on_page = on_page.clone();
        Callback::from(move |_: MouseEvent| on_page.emit(page.saturating_sub(1).max(1)))
    };
    let next = {
        let on_page = on_page.clone();
        Callback::from(move |_: MouseEvent| on_page.emit(page + 1))
    };
    html! {
        <div class="tessera-pagination">
            <p class="tessera-pagination-text">
                <span data-localization-key={key::PAGINATION_DISPLAYING}>{ l.text(key::PAGINATION_DISPLAYING) }</span>
                { " " }
                <span class="tessera-pagination-range" data-user-data="">{ format!("{from}–{to}") }</span>
                { " " }
                <span data-localization-key={key::PAGINATION_OF}>{ l.text(key::PAGINATION_OF) }</span>
                { " " }
                <span class="tessera-pagination-total" data-user-data="">{ total.to_string() }</span>
            </p>
            <div class="tessera-pagination-buttons">
                <button type="button" class="tessera-button-secondary tessera-button-small"
                    disabled={page <= 1} onclick={previous}
                    data-localization-key={key::PAGINATION_PREVIOUS}>
                    { l.text(key::PAGINATION_PREVIOUS) }
                </button>
                <button type="button" class="tessera-button-secondary tessera-button-small"
                    disabled={u64::from(page) >= pages} onclick={next}
                    data-localization-key={key::PAGINATION_NEXT}>
                    { l.text(key::PAGINATION_NEXT) }
                </button>
            </div>
        </div>
    }
}

/// A square avatar for an organization: its logo, else its initial.
pub(crate) fn organization_avatar(name: &str, image_url: &str, large: bool) -> Html {
    let class = classes!(
        "tessera-avatar",
        "tessera-avatar-organization",
        large.then_some("tessera-avatar-large")
    );
    if image_url.is_empty() {
        let initial: String = name
            .trim()
            .chars()
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        html! { <span {class} aria-hidden="true" data-user-data="">{ initial }</span> }
    } else {
        html! { <img {class} src={image_url.to_owned()} alt="" /> }
    }
}

/// Focus the first element matching `selector` under `root`.
pub(crate) fn focus(root: &NodeRef, selector: &str) {
    use wasm_bindgen::JsCast;
    let Some(root) = root.cast::<web_sys::Element>() else {
        return;
    };
    if let Some(el) = root
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The `value` of an event's target (an input or a select: web-sys binds no select here).
pub(crate) fn target_value(e: &Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn icon_building() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <path d="M2.75 13.25h10.5M3.75 13.25V3.5a.75.75 0 01.75-.75h5a.75.75 0 01.75.75v9.75M10.25 6.75h1.25a.75.75 0 01.75.75v5.75M6 5.25h1.5M6 7.75h1.5M6 10.25h1.5"/>
        </svg>
    }
}

fn icon_users() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <circle cx="6" cy="5.5" r="2.25"/><path d="M1.75 13c.4-2.1 2.1-3.5 4.25-3.5s3.85 1.4 4.25 3.5M10.5 3.4a2.25 2.25 0 010 4.2M12 9.8c1.2.5 2 1.6 2.25 3.2"/>
        </svg>
    }
}
