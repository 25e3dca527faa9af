//! Note rules: who may read and write, drafts versus the locked legal record, addenda,
//! co-signing, and an audit event for every read and write; one file per sub-resource.

pub use super::{
    addenda::add_addendum,
    drafts::{create, update},
    signing::{cosign, sign},
    views::{get, list, signed_for_report},
};
