//! Signing in: argon2id passwords, sign-in and its throttle, rotating refresh tokens and
//! two-factor. The signed-in identity every request carries (`CurrentStaff`, the role policy,
//! the access token's keys) is `core::identity`.

pub mod refresh;
pub mod routes;
pub mod service;
pub mod throttle;
pub mod tokens;
pub mod totp;
pub mod two_factor;
