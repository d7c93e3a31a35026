//! `TesseraProvider` and the hooks: the provider holds the SDK [`Runtime`], follows its snapshots
//! through a [`Reducible`] state and hands both to the tree as context.

use std::rc::Rc;

use tessera_sdk::resources::sign_in::SignIns;
use tessera_sdk::resources::sign_up::SignUps;
use tessera_sdk::{Auth, Runtime, SdkError, Snapshot};
use yew::prelude::*;

use crate::localization::Localization;
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
            Some(o) => Localization::en_us().merged(o),
            None => Localization::en_us(),
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

/// The localization a component renders with: en-US, then the provider's, then its own prop.
#[hook]
pub(crate) fn use_localization(own: Option<Localization>) -> Localization {
    let base = use_tessera().localization;
    let merged = use_memo((base, own), |(base, own)| match own {
        Some(own) => base.merged(own),
        None => base.clone(),
    });
    (*merged).clone()
}
