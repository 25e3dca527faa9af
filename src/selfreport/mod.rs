//! The client's self-report link: staff issue and revoke it; the client, with no account,
//! opens it to check in, answer due questionnaires and see their clean time.

pub mod links;
pub mod public;
pub mod routes;
pub mod types;
