//! Tessera's prebuilt UI components, built on `tessera-sdk`: [`SignIn`], [`SignUp`],
//! [`UserButton`], the [`TesseraProvider`] with its hooks, control components, localization and a
//! default theme.

mod control;
mod create_organization;
#[cfg(target_arch = "wasm32")]
pub mod js;
pub mod localization;
pub mod model;
mod organization_profile;
mod organization_switcher;
mod provider;
mod sign_in;
mod sign_up;
pub mod theme;
mod ui;
mod user_button;
mod user_profile;

pub use control::{ChildrenProps, Protect, ProtectProps, SignedIn, SignedOut};
pub use create_organization::{
    CreateOrganization, CreateOrganizationProps, Step as CreateOrganizationStep,
};
pub use organization_profile::{
    OrganizationProfile, OrganizationProfileProps, Page as OrganizationProfilePage,
};
pub use organization_switcher::{OrganizationSwitcher, OrganizationSwitcherProps};
pub use provider::{
    use_auth, use_get_token, use_organization, use_organization_list, use_session,
    use_session_list, use_sign_in, use_sign_up, use_tessera, use_user, GetToken,
    OrganizationListState, OrganizationState, PaginatedList, RuntimeHandle, SessionListState,
    TesseraContext, TesseraProvider, TesseraProviderProps,
};
pub use sign_in::{SignIn, SignInProps, Step as SignInStep};
pub use sign_up::{SignUp, SignUpProps, Step as SignUpStep};
pub use tessera_sdk as sdk;
pub use user_button::{UserButton, UserButtonProps};
pub use user_profile::{Page as UserProfilePage, UserProfile, UserProfileProps};
