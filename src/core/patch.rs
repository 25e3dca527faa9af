//! PATCH helpers: "absent" versus "null" fields, and the record version from the body or
//! an `If-Match` header.

use axum::http::{HeaderMap, header};
use serde::{Deserialize, Deserializer};

use crate::core::error::{AppError, Result};

/// Deserializes a field that may be absent (None), null (Some(None)) or set (Some(Some)).
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The version an update was made against: `version` in the body, else `If-Match: "N"`.
/// Versions start at 1 and grow by one per change, so 0, a negative number or `i32::MAX`
/// (whose next version would overflow) is never a record's: 422.
pub fn version(body: Option<i32>, headers: &HeaderMap) -> Result<i32> {
    let v = given_version(body, headers)?;
    if (1..i32::MAX).contains(&v) {
        Ok(v)
    } else {
        Err(AppError::field("version", "is not a version of this record"))
    }
}

/// The version an edit of a record kept as versions started from: `version` in the body, else
/// `If-Match: "N"`; 0 means there was none yet (the first save). Required, so that a save
/// made from an older version is refused rather than laid over a newer one.
pub fn base_version(body: Option<i32>, headers: &HeaderMap) -> Result<i32> {
    let v = given_version(body, headers)?;
    if (0..i32::MAX).contains(&v) {
        Ok(v)
    } else {
        Err(AppError::field("version", "is not a version of this record"))
    }
}

fn given_version(body: Option<i32>, headers: &HeaderMap) -> Result<i32> {
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

/// The fields a PATCH sent, in the order they were looked at (for the audit event's detail).
#[derive(Debug, Default)]
pub struct Changed(Vec<&'static str>);

impl Changed {
    /// What the field becomes: `accept(sent)` when the PATCH sent it (the field is recorded as
    /// changed), else `current`.
    pub fn pick<T, U>(
        &mut self,
        name: &'static str,
        sent: Option<T>,
        current: U,
        accept: impl FnOnce(T) -> U,
    ) -> U {
        match sent {
            Some(value) => {
                self.0.push(name);
                accept(value)
            }
            None => current,
        }
    }

    pub fn any(&self, names: &[&str]) -> bool {
        self.0.iter().any(|n| names.contains(n))
    }

    pub fn names(&self) -> &[&'static str] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_outside_what_records_can_have_is_a_422_not_an_overflow() {
        let none = HeaderMap::new();
        assert_eq!(version(Some(3), &none).unwrap(), 3);
        for bad in [0, -1, i32::MIN, i32::MAX] {
            assert!(matches!(version(Some(bad), &none), Err(AppError::Validation(_))), "{bad}");
        }
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_MATCH, "\"2147483647\"".parse().unwrap());
        assert!(matches!(version(None, &headers), Err(AppError::Validation(_))));
        headers.insert(header::IF_MATCH, "W/\"7\"".parse().unwrap());
        assert_eq!(version(None, &headers).unwrap(), 7);
    }
}
