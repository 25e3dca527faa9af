//! Daybreak: a multi-tenant back office for recovery-focused therapy practices.
//!
//! `app` builds the exact router the binary serves, so tests drive the same application.

pub mod alerts;
pub mod appointments;
pub mod audit;
pub mod auth;
pub mod checkins;
pub mod cli;
pub mod client_plans;
pub mod clients;
pub mod consents;
pub mod core;
pub mod demo;
pub mod entities;
pub mod groups;
pub mod http;
pub mod measures;
pub mod notes;
pub mod practices;
pub mod recovery;
pub mod relapses;
pub mod reports;
pub mod screens;
pub mod selfreport;
pub mod staff;

pub use crate::core::state::AppState;

/// The whole HTTP application for a state.
pub fn app(state: AppState) -> axum::Router {
    // Chains the audit events the requests write (Postgres), a moment after they commit.
    crate::core::audit::sealer::spawn(state.db.clone(), state.config.audit_seal_interval);
    http::router(state)
}
