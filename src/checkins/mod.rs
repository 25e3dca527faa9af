//! Daily check-ins: one per client per day, from the client's self-report link or recorded
//! by a clinician with the client in session (Timeline Followback).

pub mod routes;
pub mod service;
pub mod types;
