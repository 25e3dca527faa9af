//! Staff of a practice: the owner adds them, changes roles and deactivates them.

pub mod routes;
pub mod service;
