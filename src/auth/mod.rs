//! Staff authentication: argon2id passwords, JWT access tokens, rotating refresh tokens,
//! the extractor that turns a request into a verified staff member, and the role policy.

pub mod extractor;
pub mod jwt;
pub mod password;
pub mod policy;
pub mod routes;
pub mod service;
pub mod throttle;
pub mod tokens;
pub mod totp;
pub mod two_factor;

pub use extractor::{CurrentStaff, RequestMeta};
pub use policy::{Action, Role};
