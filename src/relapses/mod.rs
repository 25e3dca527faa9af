//! Relapse episodes: lapses and relapses as first-class records, with what led to them and
//! what helped, archived rather than deleted.

pub mod routes;
pub mod service;
pub mod types;
