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

/// A calendar's period: days `from..=to` in the practice's time zone (default: the week of
/// `today`, Monday to Sunday), at most `longest` days, within a hundred years of today; with
/// the instants it spans (`start..end`). A bad period is a 422 on `from` or `to`.
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

pub fn period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
    time_zone: &str,
    longest: i64,
) -> crate::core::error::Result<Period> {
    use chrono::Datelike;
    let monday = today - chrono::Duration::days(today.weekday().num_days_from_monday() as i64);
    let from = from.unwrap_or(monday);
    let to = to.unwrap_or(from.checked_add_days(chrono::Days::new(6)).unwrap_or(from));
    let mut check = crate::core::validation::Check::new();
    let far = |day: NaiveDate| (day.year() - today.year()).abs() > 100;
    if far(from) || far(to) {
        check.fail("from", "must be within a hundred years of today");
    } else if to < from {
        check.fail("to", "is before from");
    } else if (to - from).num_days() >= longest {
        check.fail("to", format!("is more than {longest} days after from"));
    }
    check.finish()?;
    let internal = || crate::core::error::AppError::internal("a day's start");
    let start = day_start(from, time_zone).ok_or_else(internal)?;
    let end = to.succ_opt().and_then(|next| day_start(next, time_zone)).ok_or_else(internal)?;
    Ok(Period { from, to, start, end })
}
