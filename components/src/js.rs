//! JavaScript mounting for the UI build: `mountSignIn(el, props)`, `mountSignUp(el, props)`,
//! `mountUserButton(el, props)`, `mountOrganizationSwitcher(el, props)`,
//! `mountCreateOrganization(el, props)`, `mountOrganizationProfile(el, props)`,
//! `mountUserProfile(el, props)` and `unmount(el)`.
//! Props are plain objects: `{ publishableKey?, frontendApi?, locale?, localization?,
//! afterSignInUrl?, afterSignUpUrl?, signUpUrl?, signInUrl?, afterSignOutUrl?, userProfileUrl?,
//! afterDeleteUrl?,
//! organizationProfileUrl?, createOrganizationUrl?, afterCreateOrganizationUrl?,
//! afterLeaveOrganizationUrl?, afterSelectOrganizationUrl?, afterSelectPersonalUrl?,
//! hidePersonal?, skipInvitationScreen? }`; `localization` is a deep-partial
//! object in Clerk's shape (a whole language from the package's `locales/` modules, e.g.
//! `import { frFR } from "@tessera/js/locales/fr-FR"`, or overrides), `locale` one of the
//! locales built into the wasm (`en-US`, `en-XA`).
//! With `tessera` (a `Tessera` instance of the same entry), the components use that instance's
//! runtime: the page and its components share one state and one token cache. Otherwise components
//! mounted with the same key or URL share one runtime; without either, the runtime of the previous
//! mount is used.

use std::cell::RefCell;

use js_sys::{Object, Reflect};
use tessera_sdk::Runtime;
use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::prelude::*;
use yew::AppHandle;

use crate::localization::Localization;
use crate::{RuntimeHandle, TesseraProvider};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A deep-partial localization resource in Clerk's shape, e.g. `{ signIn: { start: { title: "Hi" } } }`. */
export interface LocalizationResource { [key: string]: string | LocalizationResource; }
/** Props shared by every mounted component. */
export interface MountProps {
  /** `pk_test_…`/`pk_live_…`; or */ publishableKey?: string;
  /** the Frontend API URL, e.g. `http://127.0.0.1:4000`. */ frontendApi?: string;
  /** A locale built into the wasm: `en-US` (default) or `en-XA` (pseudo-locale). */ locale?: "en-US" | "en-XA";
  /** A language (e.g. `frFR` from `@tessera/js/locales/fr-FR`) or overrides, merged over `locale`. */
  localization?: LocalizationResource;
  afterSignInUrl?: string; afterSignUpUrl?: string; afterSignOutUrl?: string;
  /** SignUp's "Sign in" link, and UserButton's "Add account" (multi-session; default `/sign-in`). */ signInUrl?: string;
  signUpUrl?: string;
  /** UserButton's "Manage account". */ userProfileUrl?: string;
  /** UserButton, multi-session: where to go after switching account (default: stay). */ afterSwitchSessionUrl?: string;
  /** UserButton, multi-session: where to go after signing out of one account (default: stay). */ afterMultiSessionSingleSignOutUrl?: string;
  /** UserProfile: where to go after deleting the account (default `/`). */ afterDeleteUrl?: string;
  /** OrganizationSwitcher's "Manage" (`:id`, `:slug` are replaced by the organization's). */ organizationProfileUrl?: string;
  /** OrganizationSwitcher's "Create organization". */ createOrganizationUrl?: string;
  /** CreateOrganization: where to go once done (`:id`, `:slug` as above). */ afterCreateOrganizationUrl?: string;
  /** OrganizationProfile: where to go after leaving or deleting the organization. */ afterLeaveOrganizationUrl?: string;
  /** OrganizationSwitcher: where to go after choosing an organization (default: stay). */ afterSelectOrganizationUrl?: string;
  /** OrganizationSwitcher: where to go after choosing the personal account (default: stay). */ afterSelectPersonalUrl?: string;
  /** OrganizationSwitcher: organizations only, no personal account. */ hidePersonal?: boolean;
  /** CreateOrganization: no invite step after creating. */ skipInvitationScreen?: boolean;
}
"#;

/// Entries with the `Tessera` class (declarations of one interface merge in TypeScript).
#[cfg(feature = "facade")]
#[wasm_bindgen(typescript_custom_section)]
const FACADE_TYPES: &str = r#"
export interface MountProps {
  /** The page's `Tessera` instance (from this entry): the component shares its state and token cache. */
  tessera?: Tessera;
}
"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    #[cfg(feature = "mount-sign-in")]
    SignIn,
    #[cfg(feature = "mount-sign-up")]
    SignUp,
    #[cfg(feature = "mount-user-button")]
    UserButton,
    #[cfg(feature = "mount-organization-switcher")]
    OrganizationSwitcher,
    #[cfg(feature = "mount-create-organization")]
    CreateOrganization,
    #[cfg(feature = "mount-organization-profile")]
    OrganizationProfile,
    #[cfg(feature = "mount-user-profile")]
    UserProfile,
}

#[derive(Properties, PartialEq, Debug)]
struct MountedProps {
    which: Which,
    runtime: RuntimeHandle,
    localization: Option<Localization>,
    after_sign_in_url: Option<AttrValue>,
    after_sign_up_url: Option<AttrValue>,
    after_sign_out_url: Option<AttrValue>,
    after_delete_url: Option<AttrValue>,
    sign_in_url: Option<AttrValue>,
    sign_up_url: Option<AttrValue>,
    user_profile_url: Option<AttrValue>,
    after_switch_session_url: Option<AttrValue>,
    after_multi_session_single_sign_out_url: Option<AttrValue>,
    organization_profile_url: Option<AttrValue>,
    create_organization_url: Option<AttrValue>,
    after_create_organization_url: Option<AttrValue>,
    after_leave_organization_url: Option<AttrValue>,
    after_select_organization_url: Option<AttrValue>,
    after_select_personal_url: Option<AttrValue>,
    hide_personal: bool,
    skip_invitation_screen: bool,
}

#[function_component]
fn Mounted(props: &MountedProps) -> Html {
    let slash = || AttrValue::Static("/");
    let inner = match props.which {
        #[cfg(feature = "mount-sign-in")]
        Which::SignIn => html! {
            <crate::SignIn after_sign_in_url={props.after_sign_in_url.clone().unwrap_or_else(slash)}
                sign_up_url={props.sign_up_url.clone()} />
        },
        #[cfg(feature = "mount-sign-up")]
        Which::SignUp => html! {
            <crate::SignUp after_sign_up_url={props.after_sign_up_url.clone().or(props.after_sign_in_url.clone()).unwrap_or_else(slash)}
                sign_in_url={props.sign_in_url.clone()} />
        },
        #[cfg(feature = "mount-user-button")]
        Which::UserButton => html! {
            <crate::UserButton after_sign_out_url={props.after_sign_out_url.clone().unwrap_or_else(slash)}
                user_profile_url={props.user_profile_url.clone()}
                sign_in_url={props.sign_in_url.clone().unwrap_or(AttrValue::Static("/sign-in"))}
                after_switch_session_url={props.after_switch_session_url.clone()}
                after_multi_session_single_sign_out_url={props.after_multi_session_single_sign_out_url.clone()} />
        },
        #[cfg(feature = "mount-organization-switcher")]
        Which::OrganizationSwitcher => html! {
            <crate::OrganizationSwitcher hide_personal={props.hide_personal}
                after_select_organization_url={props.after_select_organization_url.clone()}
                after_select_personal_url={props.after_select_personal_url.clone()}
                create_organization_url={props.create_organization_url.clone()}
                organization_profile_url={props.organization_profile_url.clone()}
                after_leave_organization_url={props.after_leave_organization_url.clone()} />
        },
        #[cfg(feature = "mount-create-organization")]
        Which::CreateOrganization => html! {
            <crate::CreateOrganization skip_invitation_screen={props.skip_invitation_screen}
                after_create_organization_url={props.after_create_organization_url.clone().unwrap_or_else(slash)} />
        },
        #[cfg(feature = "mount-organization-profile")]
        Which::OrganizationProfile => html! {
            <crate::OrganizationProfile
                after_leave_organization_url={props.after_leave_organization_url.clone().unwrap_or_else(slash)} />
        },
        #[cfg(feature = "mount-user-profile")]
        Which::UserProfile => html! {
            <crate::UserProfile after_sign_out_url={props.after_sign_out_url.clone().unwrap_or_else(slash)}
                after_delete_url={props.after_delete_url.clone().unwrap_or_else(slash)} />
        },
    };
    html! {
        <TesseraProvider runtime={props.runtime.clone()} localization={props.localization.clone()}>
            { inner }
        </TesseraProvider>
    }
}

thread_local! {
    static MOUNTS: RefCell<Vec<(Element, AppHandle<Mounted>)>> = const { RefCell::new(Vec::new()) };
    /// Runtimes by key or URL, the latest last.
    static RUNTIMES: RefCell<Vec<(String, Runtime)>> = const { RefCell::new(Vec::new()) };
}

fn string(props: &JsValue, name: &str) -> Option<String> {
    Reflect::get(props, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
}

/// A flag prop: `true` only when it is the boolean `true`.
fn flag(props: &JsValue, name: &str) -> bool {
    Reflect::get(props, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

fn runtime_for(props: &JsValue) -> Result<Runtime, JsValue> {
    // The page's own `Tessera` instance (full UI entry): one state for the page and the mounts.
    #[cfg(feature = "facade")]
    if let Ok(tessera) = Reflect::get(props, &JsValue::from_str("tessera")) {
        if let Some(runtime) = tessera_sdk::js::runtime_of(&tessera) {
            return Ok(runtime);
        }
    }
    let target = string(props, "frontendApi").or_else(|| string(props, "publishableKey"));
    RUNTIMES.with(|runtimes| {
        let mut runtimes = runtimes.borrow_mut();
        let Some(target) = target else {
            return runtimes.last().map(|(_, r)| r.clone()).ok_or_else(|| {
                JsValue::from(js_sys::Error::new(
                    "tessera: pass publishableKey or frontendApi in the props of the first mount",
                ))
            });
        };
        if let Some((_, runtime)) = runtimes.iter().find(|(t, _)| *t == target) {
            return Ok(runtime.clone());
        }
        let runtime = Runtime::in_browser(&target)
            .map_err(|e| JsValue::from(js_sys::Error::new(&format!("tessera: {e}"))))?;
        runtimes.push((target, runtime.clone()));
        Ok(runtime)
    })
}

/// A JS object of strings (nested) as dotted pairs.
fn flatten(value: &JsValue, prefix: &str, out: &mut Vec<(String, String)>, depth: usize) {
    if depth > 16 {
        return;
    }
    let Some(object) = value.dyn_ref::<Object>() else {
        return;
    };
    for entry in Object::entries(object).iter() {
        let Some(name) = Reflect::get_u32(&entry, 0).ok().and_then(|k| k.as_string()) else {
            continue;
        };
        let Ok(child) = Reflect::get_u32(&entry, 1) else {
            continue;
        };
        let path = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}.{name}")
        };
        match child.as_string() {
            Some(text) => out.push((path, text)),
            None => flatten(&child, &path, out, depth + 1),
        }
    }
}

fn localization_for(props: &JsValue) -> Option<Localization> {
    // Only the built-in English and its pseudo-locale are in the wasm; other languages are data
    // modules of the package (`@tessera/js/locales/fr-FR`) passed as `localization`, so a page
    // downloads only the language it shows.
    let base = string(props, "locale").and_then(|tag| match tag.as_str() {
        // en-US is what the provider starts from; each component adds its own area's English.
        "en-US" | "en" => None,
        "en-XA" => Some(Localization::en_xa_core()),
        other => {
            web_sys::console::warn_1(&JsValue::from_str(&format!(
                "tessera: locale {other:?} is not built in; import it from \
                 `@tessera/js/locales/{other}` and pass it as `localization`"
            )));
            None
        }
    });
    let mut pairs = Vec::new();
    if let Ok(resource) = Reflect::get(props, &JsValue::from_str("localization")) {
        flatten(&resource, "", &mut pairs, 0);
    }
    let overrides = (!pairs.is_empty()).then(|| Localization::from_pairs(pairs));
    match (base, overrides) {
        (Some(base), Some(o)) => Some(base.merged(&o)),
        (base, o) => base.or(o),
    }
}

fn mount(which: Which, el: Element, props: JsValue) -> Result<(), JsValue> {
    unmount(&el);
    let url = |name| string(&props, name).map(AttrValue::from);
    let mounted = MountedProps {
        which,
        runtime: RuntimeHandle(runtime_for(&props)?),
        localization: localization_for(&props),
        after_sign_in_url: url("afterSignInUrl"),
        after_sign_up_url: url("afterSignUpUrl"),
        after_sign_out_url: url("afterSignOutUrl"),
        after_delete_url: url("afterDeleteUrl"),
        sign_in_url: url("signInUrl"),
        sign_up_url: url("signUpUrl"),
        user_profile_url: url("userProfileUrl"),
        after_switch_session_url: url("afterSwitchSessionUrl"),
        after_multi_session_single_sign_out_url: url("afterMultiSessionSingleSignOutUrl"),
        organization_profile_url: url("organizationProfileUrl"),
        create_organization_url: url("createOrganizationUrl"),
        after_create_organization_url: url("afterCreateOrganizationUrl"),
        after_leave_organization_url: url("afterLeaveOrganizationUrl"),
        after_select_organization_url: url("afterSelectOrganizationUrl"),
        after_select_personal_url: url("afterSelectPersonalUrl"),
        hide_personal: flag(&props, "hidePersonal"),
        skip_invitation_screen: flag(&props, "skipInvitationScreen"),
    };
    let handle = yew::Renderer::<Mounted>::with_root_and_props(el.clone(), mounted).render();
    MOUNTS.with(|m| m.borrow_mut().push((el, handle)));
    Ok(())
}

/// Render `<SignIn/>` into `el`.
#[cfg(feature = "mount-sign-in")]
#[wasm_bindgen(js_name = mountSignIn)]
pub fn mount_sign_in(
    el: Element,
    #[wasm_bindgen(unchecked_param_type = "MountProps | undefined")] props: JsValue,
) -> Result<(), JsValue> {
    mount(Which::SignIn, el, props)
}

/// Render `<SignUp/>` into `el`.
#[cfg(feature = "mount-sign-up")]
#[wasm_bindgen(js_name = mountSignUp)]
pub fn mount_sign_up(
    el: Element,
    #[wasm_bindgen(unchecked_param_type = "MountProps | undefined")] props: JsValue,
) -> Result<(), JsValue> {
    mount(Which::SignUp, el, props)
}

/// Render `<UserButton/>` into `el`.
#[cfg(feature = "mount-user-button")]
#[wasm_bindgen(js_name = mountUserButton)]
pub fn mount_user_button(
    el: Element,
    #[wasm_bindgen(unchecked_param_type = "MountProps | undefined")] props: JsValue,
) -> Result<(), JsValue> {
    mount(Which::UserButton, el, props)
}

/// Render `<OrganizationSwitcher/>` into `el`.
#[cfg(feature = "mount-organization-switcher")]
#[wasm_bindgen(js_name = mountOrganizationSwitcher)]
pub fn mount_organization_switcher(
    el: Element,
    #[wasm_bindgen(unchecked_param_type = "MountProps | undefined")] props: JsValue,
) -> Result<(), JsValue> {
    mount(Which::OrganizationSwitcher, el, props)
}

/// Render `<CreateOrganization/>` into `el`.
#[cfg(feature = "mount-create-organization")]
#[wasm_bindgen(js_name = mountCreateOrganization)]
pub fn mount_create_organization(
    el: Element,
    #[wasm_bindgen(unchecked_param_type = "MountProps | undefined")] props: JsValue,
) -> Result<(), JsValue> {
    mount(Which::CreateOrganization, el, props)
}

/// Render `<OrganizationProfile/>` into `el`.
#[cfg(feature = "mount-organization-profile")]
#[wasm_bindgen(js_name = mountOrganizationProfile)]
pub fn mount_organization_profile(
    el: Element,
    #[wasm_bindgen(unchecked_param_type = "MountProps | undefined")] props: JsValue,
) -> Result<(), JsValue> {
    mount(Which::OrganizationProfile, el, props)
}

/// Render `<UserProfile/>` (the signed-in user's account and security) into `el`.
#[cfg(feature = "mount-user-profile")]
#[wasm_bindgen(js_name = mountUserProfile)]
pub fn mount_user_profile(
    el: Element,
    #[wasm_bindgen(unchecked_param_type = "MountProps | undefined")] props: JsValue,
) -> Result<(), JsValue> {
    mount(Which::UserProfile, el, props)
}

/// Remove what a `mount…` call rendered into `el`.
#[wasm_bindgen]
pub fn unmount(el: &Element) {
    let handle = MOUNTS.with(|m| {
        let mut m = m.borrow_mut();
        m.iter()
            .position(|(e, _)| e == el)
            .map(|i| m.swap_remove(i).1)
    });
    if let Some(handle) = handle {
        handle.destroy();
    }
}
