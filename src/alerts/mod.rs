//! Alerts: who needs attention (use reported, an overdose, PHQ-9 item 9, ...), listed for
//! the staff who may see the client and acknowledged with who and when.

pub mod raise;
pub mod routes;
pub mod rules;
pub mod service;
pub mod types;
