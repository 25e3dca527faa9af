//! Appointments and attendance: a client's time with a clinician, once or repeating (the
//! same wall-clock time across daylight-saving changes), with a status each staff change of
//! which is kept, overlaps warned about (never forbidden), a gentle `no_show` outreach alert,
//! and the attendance figure of DOMAIN.md.

pub mod feed;
pub mod routes;
pub mod service;
pub mod types;
mod views;
