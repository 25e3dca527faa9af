//! A repeating appointment's occurrences: the same wall-clock time in the practice's time
//! zone every one or two weeks, so 10:00 stays 10:00 across daylight-saving changes (its UTC
//! instant moves). Pure, no I/O.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The most occurrences one booking makes.
pub const MAX_OCCURRENCES: usize = 52;

/// A local wall-clock time as an instant: the earlier of an hour that happens twice (the fall
/// change), and the same time an hour later for one the clocks skip (the spring change).
pub fn local_instant(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => {
            let later = local + chrono::Duration::hours(1);
            tz.from_local_datetime(&later)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&local))
        }
    }
}

/// The occurrences of a booking that starts at `first`, every `every_weeks` weeks, until the
/// day `until` (in the practice's zone, inclusive) or `count` occurrences, whichever comes
/// first, at most [`MAX_OCCURRENCES`].
pub fn occurrences(
    first: DateTime<Utc>,
    tz: Tz,
    every_weeks: u32,
    until: Option<NaiveDate>,
    count: Option<u32>,
) -> Vec<DateTime<Utc>> {
    let local = first.with_timezone(&tz).naive_local();
    let limit = count.map_or(MAX_OCCURRENCES, |c| (c as usize).min(MAX_OCCURRENCES));
    let mut out = Vec::new();
    for i in 0..limit {
        let Some(day) = local.date().checked_add_days(Days::new(7 * every_weeks as u64 * i as u64))
        else {
            break;
        };
        if until.is_some_and(|u| day > u) {
            break;
        }
        let at = if i == 0 { first } else { local_instant(tz, day.and_time(local.time())) };
        out.push(at);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chicago(s: &str) -> DateTime<Utc> {
        local_instant(
            chrono_tz::America::Chicago,
            NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap(),
        )
    }

    #[test]
    fn a_weekly_series_keeps_its_wall_clock_time_across_both_changes() {
        // 2026: clocks go forward on 8 March and back on 1 November in Chicago.
        let first = chicago("2026-02-26 10:00");
        let tz = chrono_tz::America::Chicago;
        let spring = occurrences(first, tz, 1, None, Some(3));
        let hours: Vec<String> =
            spring.iter().map(|t| t.with_timezone(&tz).format("%m-%d %H:%M").to_string()).collect();
        assert_eq!(hours, ["02-26 10:00", "03-05 10:00", "03-12 10:00"]);
        assert_eq!(spring[1].format("%H").to_string(), "16", "CST: UTC-6");
        assert_eq!(spring[2].format("%H").to_string(), "15", "CDT: UTC-5");
        let fall = occurrences(
            chicago("2026-10-22 10:00"),
            tz,
            2,
            Some("2026-11-19".parse().unwrap()),
            None,
        );
        let days: Vec<String> =
            fall.iter().map(|t| t.with_timezone(&tz).format("%m-%d %H:%M").to_string()).collect();
        assert_eq!(
            days,
            ["10-22 10:00", "11-05 10:00", "11-19 10:00"],
            "every two weeks, until inclusive"
        );
        assert_eq!(fall[0].format("%H").to_string(), "15");
        assert_eq!(fall[1].format("%H").to_string(), "16");
    }

    #[test]
    fn a_skipped_hour_moves_on_and_a_repeated_one_is_the_first() {
        let tz = chrono_tz::America::Chicago;
        let skipped = local_instant(tz, "2026-03-08T02:30:00".parse().unwrap());
        assert_eq!(skipped.with_timezone(&tz).format("%H:%M").to_string(), "03:30");
        let twice = local_instant(tz, "2026-11-01T01:30:00".parse().unwrap());
        assert_eq!(twice.format("%H:%M").to_string(), "06:30", "CDT, the first 01:30");
    }

    #[test]
    fn a_series_never_exceeds_its_limit() {
        let first = chicago("2026-01-01 09:00");
        let tz = chrono_tz::America::Chicago;
        assert_eq!(occurrences(first, tz, 1, None, Some(500)).len(), MAX_OCCURRENCES);
        assert_eq!(occurrences(first, tz, 1, None, None).len(), MAX_OCCURRENCES);
        assert_eq!(occurrences(first, tz, 1, Some("2025-12-01".parse().unwrap()), None).len(), 0);
    }
}
