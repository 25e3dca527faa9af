//! Practices (the tenants): creation with their owner, and the owner's settings.

pub mod routes;
pub mod service;
pub mod types;
