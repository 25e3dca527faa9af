//! The practice's clock: "today" is a day in the practice's time zone, never the machine's.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// Today's calendar day in the practice's time zone (UTC when the zone is unknown).
pub fn today_in(time_zone: &str) -> NaiveDate {
    day_in(Utc::now(), time_zone)
}

/// The first instant of `day` in a time zone, in UTC (the zone's earliest midnight; UTC when
/// the zone is unknown).
pub fn day_start(day: NaiveDate, time_zone: &str) -> Option<DateTime<Utc>> {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| tz.from_local_datetime(&t).earliest())
        .map(|t| t.with_timezone(&Utc))
}

/// The calendar day of `at` in a time zone (UTC when the zone is unknown).
pub fn day_in(at: DateTime<Utc>, time_zone: &str) -> NaiveDate {
    match time_zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => at.with_timezone(&tz).date_naive(),
        Err(_) => at.date_naive(),
    }
}
