//! Every schema change of Daybreak, in order. No table is created anywhere else.

pub use sea_orm_migration::prelude::*;

mod keys;
mod m20261128_000001_foundation;
mod m20261128_000002_clinical_record;
mod m20261129_000003_self_report;
mod m20261129_000004_audit_chain;
mod m20261130_000005_reports;
mod m20261201_000006_used_days_index;
pub mod m20261202_000007_row_level_security;
mod m20261203_000008_two_factor;
mod m20261204_000009_signed_in;
mod m20261205_000010_deferred_audit_chain;
mod m20261207_000011_trust_review;
mod m20261207_000012_consents;
mod m20261207_000013_export_parts;
mod m20261207_000014_locked_record_sqlstate;
mod m20261207_000015_client_plans;
mod m20261207_000016_screens;
mod m20261208_000017_appointments;
mod m20261208_000018_calendar_feeds;
mod m20261208_000019_groups;
mod m20261208_000020_note_follows_appointment;

/// Applies Daybreak's migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_foundation::Migration),
            Box::new(m20261128_000002_clinical_record::Migration),
            Box::new(m20261129_000003_self_report::Migration),
            Box::new(m20261129_000004_audit_chain::Migration),
            Box::new(m20261130_000005_reports::Migration),
            Box::new(m20261201_000006_used_days_index::Migration),
            Box::new(m20261202_000007_row_level_security::Migration),
            Box::new(m20261203_000008_two_factor::Migration),
            Box::new(m20261204_000009_signed_in::Migration),
            Box::new(m20261205_000010_deferred_audit_chain::Migration),
            Box::new(m20261207_000011_trust_review::Migration),
            Box::new(m20261207_000012_consents::Migration),
            Box::new(m20261207_000013_export_parts::Migration),
            Box::new(m20261207_000014_locked_record_sqlstate::Migration),
            Box::new(m20261207_000015_client_plans::Migration),
            Box::new(m20261207_000016_screens::Migration),
            Box::new(m20261208_000017_appointments::Migration),
            Box::new(m20261208_000018_calendar_feeds::Migration),
            Box::new(m20261208_000019_groups::Migration),
            Box::new(m20261208_000020_note_follows_appointment::Migration),
        ]
    }
}
