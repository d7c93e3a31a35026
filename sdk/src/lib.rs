//! Tessera's browser runtime (in progress): the SDK is built on `tessera-core`'s wire types.

pub use tessera_core as core;
