//! Clients of a practice: demographics for every role, a caseload per clinician, archived
//! rather than deleted.

pub mod progress;
pub mod routes;
pub mod scope;
pub mod service;
pub mod types;
