//! Black-box tests of the Daybreak API over HTTP, against a real database per test.
//! `DAYBREAK_TEST_DATABASE_URL=postgres://...` runs them on Postgres; otherwise SQLite.

mod appointments;
mod attack_matrix;
mod audit_chain;
mod auth;
mod client_plans;
mod clients;
mod clinical_access;
mod clinical_support;
mod consents;
mod groups;
mod hostile_input;
mod http_basics;
mod instances;
mod notes;
mod progress;
mod relapses;
mod reports;
mod roles;
mod row_security;
mod screens;
mod selfreport;
mod staff;
mod support;
mod tenancy;
mod tokens;
mod two_factor;
mod validation;
