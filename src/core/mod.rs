//! What every domain stands on, and nothing domain-specific: configuration, the database and
//! the one way to begin a transaction, tenancy, audit recording, the signed-in identity, paging,
//! errors, validation, request limits and the practice's clock. `core` imports no domain.

pub mod audit;
pub mod clock;
pub mod config;
pub mod csv;
pub mod db;
pub mod error;
pub mod extract;
pub mod identity;
pub mod limits;
pub mod paging;
pub mod patch;
pub mod state;
pub mod tenancy;
pub mod validation;
pub mod versioned;
