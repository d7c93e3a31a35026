//! Tessera's prebuilt UI components, built on `tessera-sdk`.

pub mod localization;

pub use tessera_sdk as sdk;
