//! Session notes: drafts that autosave, signing that locks them for good, addenda that
//! correct them without rewriting, co-signing, and psychotherapy notes kept to their author.

mod addenda;
mod drafts;
pub mod routes;
pub mod service;
mod signing;
pub mod types;
mod views;
