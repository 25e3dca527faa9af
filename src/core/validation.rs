//! Field checks that collect every problem of a request into one 422 `errors` object.

use chrono::NaiveDate;
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

use crate::core::error::{AppError, FieldErrors, Result};

/// Collects field errors; `finish` turns them into a 422 when there are any.
#[derive(Default)]
pub struct Check {
    errors: FieldErrors,
}

impl Check {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.entry(field.to_owned()).or_default().push(message.into());
    }

    /// A required text: trimmed, `1..=max` characters, no control characters.
    pub fn required_text(&mut self, field: &str, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.fail(field, "is required");
        } else {
            self.text_rules(field, value, max);
        }
        value.to_owned()
    }

    /// An optional text: trimmed; an empty string means "none".
    pub fn optional_text(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        self.text_rules(field, value, max);
        Some(value.to_owned())
    }

    fn text_rules(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.fail(field, format!("must be at most {max} characters"));
        }
        if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
            self.fail(field, "must not contain control characters");
        }
    }

    /// An e-mail address, lower-cased.
    pub fn email(&mut self, field: &str, value: &str) -> String {
        let value = value.trim().to_lowercase();
        if !is_plausible_email(&value) {
            self.fail(field, "must be an email address like name@example.com");
        }
        value
    }

    /// A phone number: digits with the usual separators.
    pub fn phone(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let value = self.optional_text(field, value, 40)?;
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let allowed = value.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if !allowed || digits < 3 {
            self.fail(field, "must be a phone number (digits, spaces, + - ( ) .)");
        }
        Some(value)
    }

    /// A password for a staff account.
    pub fn password(&mut self, field: &str, value: &str) {
        let length = value.chars().count();
        if length < 12 {
            self.fail(field, "must be at least 12 characters long");
        } else if length > 256 {
            self.fail(field, "must be at most 256 characters long");
        }
    }

    /// A date that is not after `latest` and not before 1900.
    pub fn date_not_after(&mut self, field: &str, value: Option<NaiveDate>, latest: NaiveDate) {
        if let Some(date) = value {
            if date > latest {
                self.fail(field, "cannot be in the future");
            } else if date < NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date") {
                self.fail(field, "must be in 1900 or later");
            }
        }
    }

    /// An IANA time zone name such as `America/Chicago`.
    pub fn time_zone(&mut self, field: &str, value: &str) -> String {
        let value = value.trim();
        if value.parse::<chrono_tz::Tz>().is_err() {
            self.fail(field, "must be an IANA time zone such as America/Chicago");
        }
        value.to_owned()
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() { Ok(()) } else { Err(AppError::Validation(self.errors)) }
    }
}

fn is_plausible_email(value: &str) -> bool {
    if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// Lower-cases and strips accents so "Zoë", "ZOE" and "zoe" find one another on every backend.
pub fn fold_for_search(value: &str) -> String {
    value.nfd().filter(|c| !is_combining_mark(*c)).collect::<String>().to_lowercase()
}

/// Escapes `%`, `_` and `\` for a LIKE pattern that uses `\` as its escape character.
pub fn escape_like(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_matches_accented_and_plain_names() {
        assert_eq!(fold_for_search("Zoë Ðurić"), fold_for_search("zoe ðuric"));
        assert_eq!(fold_for_search("José"), "jose");
        assert_eq!(fold_for_search("Дмитрий"), fold_for_search("ДМИТРИЙ"));
    }

    #[test]
    fn emails_are_checked_and_lower_cased() {
        let mut check = Check::new();
        assert_eq!(check.email("email", " Ana@Example.COM "), "ana@example.com");
        assert!(!check.has_errors());
        check.email("email", "not-an-email");
        check.email("email", "a@b");
        assert!(check.finish().is_err());
    }

    #[test]
    fn over_long_text_and_control_characters_are_refused() {
        let mut check = Check::new();
        check.required_text("name", &"x".repeat(101), 100);
        check.required_text("other", "bell\u{7}", 100);
        match check.finish() {
            Err(AppError::Validation(errors)) => {
                assert!(errors.contains_key("name"));
                assert!(errors.contains_key("other"));
            }
            other => panic!("expected a 422, got {other:?}"),
        }
    }
}
