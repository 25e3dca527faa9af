//! sea-orm entities, one file per table, with no behaviour.

pub mod alerts;
pub mod appointment_statuses;
pub mod appointments;
pub mod audit_chain_heads;
pub mod audit_events;
pub mod calendar_feeds;
pub mod check_ins;
pub mod client_plans;
pub mod clients;
pub mod consent_documents;
pub mod consents;
pub mod drug_screens;
pub mod login_throttles;
pub mod measure_results;
pub mod measure_schedules;
pub mod medications;
pub mod note_addenda;
pub mod practices;
pub mod refresh_tokens;
pub mod relapse_episodes;
pub mod report_export_parts;
pub mod report_exports;
pub mod self_report_links;
pub mod session_notes;
pub mod staff;
pub mod states;
