//! Frontend API server (in progress).
