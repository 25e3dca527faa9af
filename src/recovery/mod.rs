//! The pure recovery domain of DOMAIN.md: day statuses and clean-time figures.
//! No I/O: plain dates in, plain numbers out.

pub mod vocabulary;

use std::collections::BTreeSet;

use chrono::NaiveDate;

/// Clean time at `to`: consecutive days ending at `to` that are not *used* (unknown days
/// count), from the recovery start on. `to` itself used gives 0. None without a start.
pub fn current_streak_days(
    recovery_start: Option<NaiveDate>,
    used_days: &BTreeSet<NaiveDate>,
    to: NaiveDate,
) -> Option<i64> {
    let start = recovery_start?;
    if start > to {
        return Some(0);
    }
    let last_use = used_days.range(start..=to).next_back();
    Some(match last_use {
        Some(day) => (to - *day).num_days(),
        None => (to - start).num_days() + 1,
    })
}

/// Today's calendar day in the practice's time zone (UTC when the zone is unknown).
pub fn today_in(time_zone: &str) -> NaiveDate {
    let now = chrono::Utc::now();
    match time_zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => now.with_timezone(&tz).date_naive(),
        Err(_) => now.date_naive(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn streak_counts_from_the_recovery_start_including_today() {
        let used = BTreeSet::new();
        assert_eq!(
            current_streak_days(Some(day("2026-11-01")), &used, day("2026-11-10")),
            Some(10)
        );
    }

    #[test]
    fn streak_counts_days_since_the_last_use() {
        let used: BTreeSet<_> = [day("2026-11-06")].into();
        assert_eq!(current_streak_days(Some(day("2026-11-01")), &used, day("2026-11-10")), Some(4));
        let used_today: BTreeSet<_> = [day("2026-11-10")].into();
        assert_eq!(
            current_streak_days(Some(day("2026-11-01")), &used_today, day("2026-11-10")),
            Some(0)
        );
    }

    #[test]
    fn no_start_means_no_streak_and_a_future_start_means_zero() {
        let used = BTreeSet::new();
        assert_eq!(current_streak_days(None, &used, day("2026-11-10")), None);
        assert_eq!(current_streak_days(Some(day("2026-12-01")), &used, day("2026-11-10")), Some(0));
    }
}
