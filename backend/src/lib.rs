//! Session-token verification for Rust services (in progress).
