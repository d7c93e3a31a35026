//! One module per FAPI resource; each call goes through [`crate::Runtime`] so its envelope's
//! client replaces the state.

pub mod organization;
pub mod sign_in;
pub mod sign_up;
pub mod user;
