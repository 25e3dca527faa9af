//! PATCH helpers: "absent" versus "null" fields, and the record version from the body or
//! an `If-Match` header.

use axum::http::{HeaderMap, header};
use serde::{Deserialize, Deserializer};

use crate::error::{AppError, Result};

/// Deserializes a field that may be absent (None), null (Some(None)) or set (Some(Some)).
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The version an update was made against: `version` in the body, else `If-Match: "N"`.
pub fn version(body: Option<i32>, headers: &HeaderMap) -> Result<i32> {
    if let Some(v) = body {
        return Ok(v);
    }
    let header = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"').to_owned());
    match header {
        Some(v) => v.parse().map_err(|_| {
            AppError::BadRequest("If-Match must be the record's version, like \"3\".".into())
        }),
        None => Err(AppError::field(
            "version",
            "is required: send the version of the record you changed",
        )),
    }
}
