//! Part 2 consents: the client's written consent behind every disclosure of their record
//! (42 CFR Part 2), recorded once and never edited, revoked with a date; and the accounting
//! of the disclosures made under them, read from the audit trail.

pub mod disclosures;
mod documents;
pub mod routes;
pub mod service;
pub mod types;
