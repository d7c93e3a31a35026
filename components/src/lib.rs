//! Tessera's prebuilt UI components, built on `tessera-sdk`.

mod control;
pub mod localization;
pub mod model;
mod provider;

pub use control::{ChildrenProps, Protect, ProtectProps, SignedIn, SignedOut};
pub use provider::{
    use_auth, use_session, use_sign_in, use_sign_up, use_tessera, use_user, RuntimeHandle,
    TesseraContext, TesseraProvider, TesseraProviderProps,
};
pub use tessera_sdk as sdk;
