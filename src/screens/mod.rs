//! Drug screens and medications on the client's timeline: screens read against the client's
//! own report and their medications, corrected only by amendments that keep the original.

pub mod batch;
pub mod medications;
pub mod routes;
pub mod service;
pub mod types;
mod views;
