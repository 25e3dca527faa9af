//! Groups and group sessions: a group's members over time, its sessions with a roster of
//! attendance, and one signed, locked note per member who came, written from the shared
//! narrative and that member's own part, all or none.

pub mod routes;
pub mod service;
pub mod sessions;
pub mod signing;
pub mod types;
mod views;
