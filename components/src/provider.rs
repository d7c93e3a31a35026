//! `TesseraProvider` and the hooks: the provider holds the SDK [`Runtime`], follows its snapshots
//! through a [`Reducible`] state and hands both to the tree as context.

use std::rc::Rc;

use tessera_sdk::resources::sign_in::SignIns;
use tessera_sdk::resources::sign_up::SignUps;
use tessera_sdk::{
    Auth, GetTokenOptions, LocalFuture, Organization, OrganizationInvitation,
    OrganizationMembership, PageRequest, Paginated, Runtime, SdkError, SetActive, Snapshot,
    UserOrganizationInvitation,
};
use yew::prelude::*;

use crate::localization::{sections, Localization, Section};
use crate::model::{same_runtime, Session, User};

/// What the provider hands down: the runtime, its current snapshot and the app's localization.
#[derive(Clone, Debug)]
pub struct TesseraContext {
    pub runtime: Runtime,
    /// The current state; a new `Rc` only when something changed.
    pub snapshot: Rc<Snapshot>,
    /// The provider's localization, already merged over en-US.
    pub localization: Localization,
    /// Why `load()` failed, if it did.
    pub load_error: Option<SdkError>,
}

impl PartialEq for TesseraContext {
    fn eq(&self, other: &Self) -> bool {
        same_runtime(&self.runtime, &other.runtime)
            && Rc::ptr_eq(&self.snapshot, &other.snapshot)
            && self.localization == other.localization
            && self.load_error == other.load_error
    }
}

/// A runtime handle compared by identity (for props and hook dependencies).
#[derive(Clone, Debug)]
pub struct RuntimeHandle(pub Runtime);

impl PartialEq for RuntimeHandle {
    fn eq(&self, other: &Self) -> bool {
        same_runtime(&self.0, &other.0)
    }
}

/// Props of [`TesseraProvider`]: a runtime, or a publishable key / Frontend API URL to build one.
#[derive(Properties, PartialEq, Debug)]
pub struct TesseraProviderProps {
    /// A runtime the app built itself (e.g. shared with JavaScript).
    #[prop_or_default]
    pub runtime: Option<RuntimeHandle>,
    /// `pk_test_…` / `pk_live_…`.
    #[prop_or_default]
    pub publishable_key: Option<AttrValue>,
    /// An explicit Frontend API URL such as `http://127.0.0.1:4000` (wins over the key).
    #[prop_or_default]
    pub frontend_api: Option<AttrValue>,
    /// A (deep-partial) localization merged over en-US for every component below.
    #[prop_or_default]
    pub localization: Option<Localization>,
    #[prop_or_default]
    pub children: Html,
}

/// The state the provider re-renders from: the latest snapshot.
#[derive(Debug)]
struct SnapshotState {
    snapshot: Rc<Snapshot>,
}

impl Reducible for SnapshotState {
    type Action = Rc<Snapshot>;

    fn reduce(self: Rc<Self>, snapshot: Rc<Snapshot>) -> Rc<Self> {
        if Rc::ptr_eq(&self.snapshot, &snapshot) {
            self
        } else {
            Rc::new(Self { snapshot })
        }
    }
}

fn build_runtime(props: &TesseraProviderProps) -> Result<Runtime, SdkError> {
    if let Some(handle) = &props.runtime {
        return Ok(handle.0.clone());
    }
    let target = props
        .frontend_api
        .as_ref()
        .or(props.publishable_key.as_ref())
        .ok_or(SdkError::InvalidPublishableKey)?;
    browser_runtime(target)
}

#[cfg(target_arch = "wasm32")]
fn browser_runtime(key_or_url: &str) -> Result<Runtime, SdkError> {
    Runtime::in_browser(key_or_url)
}

#[cfg(not(target_arch = "wasm32"))]
fn browser_runtime(_key_or_url: &str) -> Result<Runtime, SdkError> {
    Err(SdkError::InvalidPublishableKey)
}

/// Makes Tessera available to the components and hooks below, and loads it.
#[function_component]
pub fn TesseraProvider(props: &TesseraProviderProps) -> Html {
    let source = (
        props.runtime.clone(),
        props.publishable_key.clone(),
        props.frontend_api.clone(),
    );
    let runtime = {
        let built = build_runtime(props);
        use_memo(source, move |_| built)
    };
    let state = use_reducer(|| SnapshotState {
        snapshot: match runtime.as_ref() {
            Ok(r) => r.snapshot(),
            Err(_) => Rc::default(),
        },
    });
    let load_error = use_state_eq(|| None::<SdkError>);
    {
        let dispatcher = state.dispatcher();
        let load_error = load_error.clone();
        let handle = runtime.as_ref().as_ref().ok().cloned().map(RuntimeHandle);
        use_effect_with(handle, move |handle| {
            let subscription = handle.as_ref().map(|RuntimeHandle(runtime)| {
                let id = {
                    let dispatcher = dispatcher.clone();
                    runtime.subscribe(move |s| dispatcher.dispatch(Rc::clone(s)))
                };
                dispatcher.dispatch(runtime.snapshot());
                if !runtime.snapshot().is_loaded {
                    let runtime = runtime.clone();
                    yew::platform::spawn_local(async move {
                        if let Err(error) = runtime.load().await {
                            load_error.set(Some(error));
                        }
                    });
                }
                (runtime.clone(), id)
            });
            move || {
                if let Some((runtime, id)) = subscription {
                    runtime.unsubscribe(id);
                }
            }
        });
    }
    let localization = {
        let overrides = props.localization.clone();
        use_memo(overrides, |o| match o {
            Some(o) => Localization::en_core().merged(o),
            None => Localization::en_core(),
        })
    };
    match runtime.as_ref() {
        Ok(runtime) => {
            let context = TesseraContext {
                runtime: runtime.clone(),
                snapshot: Rc::clone(&state.snapshot),
                localization: (*localization).clone(),
                load_error: (*load_error).clone(),
            };
            html! {
                <ContextProvider<TesseraContext> {context}>
                    { props.children.clone() }
                </ContextProvider<TesseraContext>>
            }
        }
        Err(error) => {
            report(&format!("TesseraProvider: {error}"));
            Html::default()
        }
    }
}

fn report(message: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::error_1(&message.into());
    #[cfg(not(target_arch = "wasm32"))]
    let _ = message;
}

/// The provider's context: runtime, snapshot, localization.
///
/// # Panics
/// Outside a [`TesseraProvider`] (a programming error, like Clerk's hooks outside `ClerkProvider`).
#[hook]
pub fn use_tessera() -> TesseraContext {
    match use_context::<TesseraContext>() {
        Some(context) => context,
        None => {
            panic!("use_tessera and the Tessera components must be used inside <TesseraProvider>")
        }
    }
}

/// Who is signed in, and as what (re-renders on every change).
#[hook]
pub fn use_auth() -> Auth {
    use_tessera().snapshot.auth()
}

/// `getToken` for Yew (Clerk's `useAuth().getToken`): the active session's token, or a JWT
/// template's (`GetTokenOptions::template`), cached per template and organization and shared by
/// the browser's tabs. Call it from an effect or a callback:
/// `let token = get_token.get(GetTokenOptions::default()).await?;`.
#[hook]
pub fn use_get_token() -> GetToken {
    GetToken(use_tessera().runtime)
}

/// What [`use_get_token`] returns: cheap to clone into callbacks.
#[derive(Clone, Debug)]
pub struct GetToken(Runtime);

impl GetToken {
    /// The token (`None` when signed out); see [`Runtime::get_token`].
    pub async fn get(&self, options: GetTokenOptions) -> Result<Option<String>, SdkError> {
        self.0.get_token(options).await
    }
}

impl PartialEq for GetToken {
    fn eq(&self, other: &Self) -> bool {
        self.0.same_as(&other.0)
    }
}

/// The signed-in user.
#[hook]
pub fn use_user() -> Option<User> {
    use_tessera().snapshot.user().cloned()
}

/// The active session.
#[hook]
pub fn use_session() -> Option<Session> {
    use_tessera().snapshot.active_session().cloned()
}

/// The accounts signed in on this browser (`useSessionList()`): in multi-session mode, every
/// signed-in session of the client with its user, and the call to switch between them.
#[derive(Debug, Clone)]
pub struct SessionListState {
    pub is_loaded: bool,
    /// The client's signed-in sessions, the active one among them, in the server's order.
    pub sessions: Vec<Session>,
    runtime: Runtime,
}

impl SessionListState {
    /// Make one of the sessions the active one (`setActive({ session })`); it keeps the
    /// organization it last worked in.
    pub async fn set_active(&self, session_id: &str) -> Result<(), SdkError> {
        self.runtime
            .set_active(SetActive {
                session_id: Some(session_id.to_owned()),
                organization_id: None,
            })
            .await
    }
}

/// The client's signed-in sessions and `set_active` (re-renders on every change).
#[hook]
pub fn use_session_list() -> SessionListState {
    let TesseraContext {
        runtime, snapshot, ..
    } = use_tessera();
    SessionListState {
        is_loaded: snapshot.is_loaded,
        sessions: snapshot
            .sessions()
            .iter()
            .filter(|s| s.is_active())
            .cloned()
            .collect(),
        runtime,
    }
}

/// The sign-in calls, for custom flows.
#[hook]
pub fn use_sign_in() -> SignIns {
    use_tessera().runtime.sign_in()
}

/// The sign-up calls, for custom flows.
#[hook]
pub fn use_sign_up() -> SignUps {
    use_tessera().runtime.sign_up()
}

/// The localization a component of `area` renders with: the English of its area, then the
/// provider's (core English and the app's), then its own prop. Only the areas a bundle's
/// components name are linked into it.
#[hook]
pub(crate) fn use_localization_in(own: Option<Localization>, area: Section) -> Localization {
    let base = use_tessera().localization;
    let merged = use_memo((base, own), move |(base, own)| {
        let base = base.over_section(area);
        match own {
            Some(own) => base.merged(own),
            None => base,
        }
    });
    (*merged).clone()
}

/// [`use_localization_in`] with the English of every area.
#[hook]
pub(crate) fn use_localization(own: Option<Localization>) -> Localization {
    let base = use_tessera().localization;
    let merged = use_memo((base, own), |(base, own)| {
        let base = sections::ALL
            .iter()
            .fold(base.clone(), |all, area| all.over_section(*area));
        match own {
            Some(own) => base.merged(own),
            None => base,
        }
    });
    (*merged).clone()
}

/// One page of a list the organization hooks fetch, and how to move through it (Clerk's
/// paginated resources: `page`, `page_size`, `count`, `fetch_next`, `fetch_previous`,
/// `revalidate`).
#[derive(Clone)]
pub struct PaginatedList<T> {
    /// The items of the current page (empty until the first answer).
    pub data: Rc<Vec<T>>,
    /// Items in the whole list.
    pub count: u64,
    /// The current page, from 1.
    pub page: u32,
    pub page_size: u32,
    pub page_count: u64,
    /// A request is under way.
    pub is_loading: bool,
    /// Why the last request failed, if it did.
    pub error: Option<SdkError>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub fetch_next: Callback<()>,
    pub fetch_previous: Callback<()>,
    /// Go to a page (from 1).
    pub fetch_page: Callback<u32>,
    /// Fetch the current page again (after a change the list does not know of).
    pub revalidate: Callback<()>,
}

impl<T> std::fmt::Debug for PaginatedList<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaginatedList")
            .field("count", &self.count)
            .field("page", &self.page)
            .field("page_size", &self.page_size)
            .field("is_loading", &self.is_loading)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

/// Fetches one page of a list.
type PageFetch<T> = fn(Runtime, String, PageRequest) -> LocalFuture<Result<Paginated<T>, SdkError>>;

/// A list fetched page by page while `key` (the organization or user it belongs to) is set;
/// a new key starts again at page 1.
#[hook]
fn use_paginated<T>(key: Option<String>, fetch: PageFetch<T>) -> PaginatedList<T>
where
    T: 'static,
{
    let runtime = use_tessera().runtime;
    let page_size = PageRequest::default().page_size;
    let page = use_state_eq(|| 1u32);
    let version = use_state_eq(|| 0u32);
    let result = use_state(|| None::<(Rc<Vec<T>>, u64)>);
    let error = use_state(|| None::<SdkError>);
    let loading = use_state_eq(|| false);
    // Answers to superseded requests are dropped.
    let generation = use_mut_ref(|| 0u64);
    {
        let page = page.clone();
        use_effect_with(key.clone(), move |_| page.set(1));
    }
    {
        let (result, error, loading) = (result.clone(), error.clone(), loading.clone());
        let deps = (key, *page, *version, RuntimeHandle(runtime));
        use_effect_with(deps, move |(key, page, _, RuntimeHandle(runtime))| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            match key.clone() {
                None => {
                    result.set(None);
                    error.set(None);
                    loading.set(false);
                }
                Some(key) => {
                    loading.set(true);
                    let request = PageRequest {
                        page: *page,
                        page_size,
                    };
                    let work = fetch(runtime.clone(), key, request);
                    yew::platform::spawn_local(async move {
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
                }
            }
        });
    }
    let (data, count) = (*result)
        .as_ref()
        .map_or_else(|| (Rc::default(), 0), |(d, c)| (Rc::clone(d), *c));
    let page_count = Paginated::<T> {
        data: Vec::new(),
        total_count: count,
    }
    .page_count(page_size);
    let current = *page;
    let go = |target: fn(u32) -> u32| {
        let page = page.clone();
        Callback::from(move |()| page.set(target(*page)))
    };
    PaginatedList {
        data,
        count,
        page: current,
        page_size,
        page_count,
        is_loading: *loading,
        error: (*error).clone(),
        has_next_page: u64::from(current) < page_count,
        has_previous_page: current > 1,
        fetch_next: go(|p| p + 1),
        fetch_previous: go(|p| p.max(2) - 1),
        fetch_page: {
            let page = page.clone();
            Callback::from(move |p: u32| page.set(p.max(1)))
        },
        revalidate: Callback::from(move |()| version.set(version.wrapping_add(1))),
    }
}

/// The active organization (`useOrganization()`): the organization, the user's membership in it,
/// and its members and invitations page by page (empty in the personal account).
#[derive(Debug, Clone)]
pub struct OrganizationState {
    pub is_loaded: bool,
    pub organization: Option<Organization>,
    pub membership: Option<OrganizationMembership>,
    pub memberships: PaginatedList<OrganizationMembership>,
    pub invitations: PaginatedList<OrganizationInvitation>,
}

/// The active organization, its members and its invitations.
#[hook]
pub fn use_organization() -> OrganizationState {
    let snapshot = use_tessera().snapshot;
    let membership = snapshot.active_membership().cloned();
    let key = membership.as_ref().map(|m| m.organization.id.clone());
    let memberships = use_paginated(key.clone(), |runtime, id, page| {
        Box::pin(async move { runtime.organizations().memberships(&id, page, None).await })
    });
    let invitations = use_paginated(key, |runtime, id, page| {
        Box::pin(async move { runtime.organizations().invitations(&id, page, None).await })
    });
    OrganizationState {
        is_loaded: snapshot.is_loaded,
        organization: membership.as_ref().map(|m| m.organization.clone()),
        membership,
        memberships,
        invitations,
    }
}

/// The signed-in user's organizations (`useOrganizationList()`): memberships and pending
/// invitations page by page, and the calls to switch and create.
#[derive(Debug, Clone)]
pub struct OrganizationListState {
    pub is_loaded: bool,
    pub user_memberships: PaginatedList<OrganizationMembership>,
    pub user_invitations: PaginatedList<UserOrganizationInvitation>,
    runtime: Runtime,
}

impl OrganizationListState {
    /// Work in an organization (by id or slug), or in the personal account (`None`).
    pub async fn set_active(&self, organization: Option<&str>) -> Result<(), SdkError> {
        let target = match organization {
            Some(id_or_slug) => SetActive::organization(id_or_slug),
            None => SetActive::personal(),
        };
        self.runtime.set_active(target).await
    }

    /// Create an organization (the user becomes its admin); it is not made active.
    pub async fn create_organization(
        &self,
        name: &str,
        slug: Option<&str>,
    ) -> Result<Organization, SdkError> {
        self.runtime.organizations().create(name, slug).await
    }
}

/// The signed-in user's memberships and invitations, with `set_active` and
/// `create_organization`. The lists follow the user and the number of their memberships.
#[hook]
pub fn use_organization_list() -> OrganizationListState {
    let TesseraContext {
        runtime, snapshot, ..
    } = use_tessera();
    let key = snapshot
        .user()
        .map(|u| format!("{}/{}", u.id, u.organization_memberships.len()));
    let user_memberships = use_paginated(key.clone(), |runtime, _, page| {
        Box::pin(async move { runtime.organizations().user_memberships(page).await })
    });
    let user_invitations = use_paginated(key, |runtime, _, page| {
        Box::pin(async move { runtime.organizations().user_invitations(page, None).await })
    });
    OrganizationListState {
        is_loaded: snapshot.is_loaded,
        user_memberships,
        user_invitations,
        runtime,
    }
}
