//! sea-orm entities, one file per table, with no behaviour.

pub mod audit_events;
pub mod clients;
pub mod login_throttles;
pub mod practices;
pub mod refresh_tokens;
pub mod staff;
