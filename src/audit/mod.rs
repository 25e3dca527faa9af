//! The audit trail: who did what to which record, when, from where, and how it ended.

pub mod routes;
pub mod service;

pub use service::{AuditEvent, Outcome, record};
