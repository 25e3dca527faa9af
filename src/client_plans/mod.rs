//! The client's own plans, written by the clinician with the client: a relapse-prevention plan
//! and (for clients at risk) a safety plan, versioned, shown on the client's link page.

pub mod routes;
pub mod service;
pub mod types;
