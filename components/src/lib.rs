//! Tessera's prebuilt UI components (in progress), built on `tessera-sdk`.

pub use tessera_sdk as sdk;
