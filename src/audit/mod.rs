//! The audit log's domain: the owner's pages of it, its CSV export and the chain's verification.
//! Recording events and chaining them is `core::audit`, beneath every domain.

pub mod routes;
pub mod service;
