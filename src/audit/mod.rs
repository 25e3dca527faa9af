//! The audit trail: who did what to which record, when, from where, and how it ended,
//! append-only and hash-chained per practice (`chain`; on Postgres events are chained a
//! moment after they commit, by the `sealer`).

pub mod chain;
pub mod routes;
pub mod sealer;
pub mod service;

pub use service::{AuditEvent, Outcome, record};
