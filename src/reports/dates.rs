//! Dates as the reports write them.

use chrono::NaiveDate;

/// "Sep 1, 2026".
pub fn day(d: NaiveDate) -> String {
    d.format("%b %-d, %Y").to_string()
}

/// "Sep 1, 2026 – Nov 29, 2026".
pub fn period(from: NaiveDate, to: NaiveDate) -> String {
    format!("{} – {}", day(from), day(to))
}
