//! An alert's kind and status: the column types of `entities::alerts`.

pub use crate::entities::states::{AlertKind, AlertStatus};
