//! How requests arrive: `_method` overrides, form or JSON parameters, CORS, rate limits, and the
//! browser's credentials (dev-browser token or `__client` cookie).

mod context;
mod cors;
mod method_override;
mod params;
mod rate_limit;

pub(crate) use context::{RequestContext, CLIENT_COOKIE};
pub(crate) use cors::cors;
pub(crate) use method_override::method_override;
pub(crate) use params::Params;
pub(crate) use rate_limit::{rate_limit, RateLimiter};
