//! The pure recovery domain of DOMAIN.md: one status per day and every progress figure,
//! from plain inputs (recovery start, episodes, check-ins, period). No I/O at all.

pub mod attendance;
pub mod recurrence;
pub mod screens;
pub mod vocabulary;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use serde::Serialize;

use vocabulary::EpisodeKind;

/// What is known about one calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayStatus {
    Abstinent,
    Used,
    Unknown,
}

/// A lapse or relapse as the figures need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Episode {
    pub kind: EpisodeKind,
    pub occurred_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

impl Episode {
    /// The last day the episode covers: a lapse without an end is its one day; a relapse
    /// without an end is ongoing (None: every later day is covered).
    pub fn last_day(&self) -> Option<NaiveDate> {
        match (self.ended_on, self.kind) {
            (Some(end), _) => Some(end.max(self.occurred_on)),
            (None, EpisodeKind::Lapse) => Some(self.occurred_on),
            (None, EpisodeKind::Relapse) => None,
        }
    }

    /// The covered days clipped to `lo..=hi`, if any.
    pub fn clipped(&self, lo: NaiveDate, hi: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.occurred_on.max(lo);
        let last = self.last_day().map_or(hi, |d| d.min(hi));
        (first <= last).then_some((first, last))
    }
}

/// One day's check-in as the figures need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckIn {
    pub day: NaiveDate,
    pub used: bool,
    pub craving: i16,
    pub mood: i16,
    pub attended_meeting: bool,
    pub contacted_sponsor: bool,
}

/// Everything the figures are computed from. Check-ins outside the asked period only matter
/// when they report use (clean time) or are the client's first record (a missing recovery
/// start), so callers may leave the others out.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub recovery_start: Option<NaiveDate>,
    pub episodes: Vec<Episode>,
    pub check_ins: Vec<CheckIn>,
}

/// One day of a period, as the calendar and the craving chart draw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Day {
    pub day: NaiveDate,
    pub status: DayStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub craving: Option<i16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mood: Option<i16>,
}

/// The figures of DOMAIN.md for one period.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Progress {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The recovery start the streaks count from: the client's own, or their first record.
    pub recovery_start_date: Option<NaiveDate>,
    pub days_in_period: i64,
    pub days_reported: i64,
    pub days_abstinent: i64,
    pub days_used: i64,
    pub days_unknown: i64,
    /// 100·abstinent / reported, one decimal; null when no day was reported.
    pub percent_days_abstinent: Option<f64>,
    /// Clean time at `to` (may reach back before `from`); null without a recovery start.
    pub current_streak_days: Option<i64>,
    pub longest_streak_days: i64,
    pub longest_reported_abstinence_days: i64,
    /// Not-used days from the recovery start to `to`; never reset by a lapse.
    pub total_clean_days: Option<i64>,
    pub lapse_count: i64,
    pub relapse_count: i64,
    pub mean_craving: Option<f64>,
    pub meetings_attended: i64,
    pub sponsor_contacts: i64,
    /// Appointments kept in the period (DOMAIN.md); filled from the appointments where they
    /// are read (null where they are not).
    pub attendance: Option<attendance::AttendanceFigures>,
    pub days: Vec<Day>,
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

fn next(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}

/// Days from `from` to `to`, both included (0 when `from > to`).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    ((to - from).num_days() + 1).max(0)
}

impl History {
    /// The client's recovery start, or in its absence their first check-in or episode day.
    pub fn effective_start(&self) -> Option<NaiveDate> {
        self.recovery_start.or_else(|| {
            let episodes = self.episodes.iter().map(|e| e.occurred_on);
            let check_ins = self.check_ins.iter().map(|c| c.day);
            episodes.chain(check_ins).min()
        })
    }

    /// The used days within `lo..=hi`.
    pub fn used_days(&self, lo: NaiveDate, hi: NaiveDate) -> BTreeSet<NaiveDate> {
        let mut used = BTreeSet::new();
        if lo > hi {
            return used;
        }
        for episode in &self.episodes {
            if let Some((mut day, last)) = episode.clipped(lo, hi) {
                while day <= last {
                    used.insert(day);
                    if day == last {
                        break;
                    }
                    day = next(day);
                }
            }
        }
        used.extend(
            self.check_ins.iter().filter(|c| c.used && (lo..=hi).contains(&c.day)).map(|c| c.day),
        );
        used
    }

    /// The latest used day on or before `to` and on or after `since`.
    fn last_use(&self, since: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
        let episodes =
            self.episodes.iter().filter_map(|e| e.clipped(since, to).map(|(_, last)| last));
        let check_ins = self
            .check_ins
            .iter()
            .filter(|c| c.used && (since..=to).contains(&c.day))
            .map(|c| c.day);
        episodes.chain(check_ins).max()
    }

    /// Clean time at `to`: consecutive days ending at `to` that are not used, from the
    /// recovery start on (unknown days count). `to` itself used gives 0.
    pub fn current_streak_days(&self, to: NaiveDate) -> Option<i64> {
        let start = self.effective_start()?;
        if start > to {
            return Some(0);
        }
        Some(match self.last_use(start, to) {
            Some(day) => (to - day).num_days(),
            None => days_between(start, to),
        })
    }

    /// Not-used days from the recovery start to `to`.
    pub fn total_clean_days(&self, to: NaiveDate) -> Option<i64> {
        let start = self.effective_start()?;
        if start > to {
            return Some(0);
        }
        Some(days_between(start, to) - self.used_days(start, to).len() as i64)
    }

    /// Every figure of DOMAIN.md for `from..=to`.
    pub fn progress(&self, from: NaiveDate, to: NaiveDate) -> Progress {
        let start = self.effective_start();
        let used = self.used_days(from, to);
        let check_ins: BTreeMap<NaiveDate, &CheckIn> = self
            .check_ins
            .iter()
            .filter(|c| (from..=to).contains(&c.day))
            .map(|c| (c.day, c))
            .collect();

        let mut days = Vec::with_capacity(days_between(from, to) as usize);
        let mut day = from;
        while day <= to {
            let check_in = check_ins.get(&day);
            let status = if used.contains(&day) {
                DayStatus::Used
            } else if check_in.is_some() {
                DayStatus::Abstinent
            } else {
                DayStatus::Unknown
            };
            days.push(Day {
                day,
                status,
                craving: check_in.map(|c| c.craving),
                mood: check_in.map(|c| c.mood),
            });
            if day == to {
                break;
            }
            day = next(day);
        }
        let figures = PeriodFigures::from_days(&days, start);

        let cravings: Vec<f64> = check_ins.values().map(|c| f64::from(c.craving)).collect();
        let in_period = |e: &&Episode| (from..=to).contains(&e.occurred_on);
        Progress {
            from,
            to,
            recovery_start_date: start,
            days_in_period: days.len() as i64,
            days_reported: figures.abstinent + figures.used,
            days_abstinent: figures.abstinent,
            days_used: figures.used,
            days_unknown: days.len() as i64 - figures.abstinent - figures.used,
            percent_days_abstinent: figures.percent_abstinent(),
            current_streak_days: self.current_streak_days(to),
            longest_streak_days: figures.longest_streak,
            longest_reported_abstinence_days: figures.longest_reported_abstinence,
            total_clean_days: self.total_clean_days(to),
            lapse_count: self
                .episodes
                .iter()
                .filter(in_period)
                .filter(|e| e.kind == EpisodeKind::Lapse)
                .count() as i64,
            relapse_count: self
                .episodes
                .iter()
                .filter(in_period)
                .filter(|e| e.kind == EpisodeKind::Relapse)
                .count() as i64,
            mean_craving: (!cravings.is_empty())
                .then(|| round1(cravings.iter().sum::<f64>() / cravings.len() as f64)),
            meetings_attended: check_ins.values().filter(|c| c.attended_meeting).count() as i64,
            sponsor_contacts: check_ins.values().filter(|c| c.contacted_sponsor).count() as i64,
            attendance: None,
            days,
        }
    }
}

/// The figures that follow from a period's day list alone (and the recovery start).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PeriodFigures {
    pub used: i64,
    pub abstinent: i64,
    pub longest_streak: i64,
    pub longest_reported_abstinence: i64,
}

impl PeriodFigures {
    /// Counts the statuses and the longest runs; runs only count from the recovery start on.
    pub fn from_days(days: &[Day], start: Option<NaiveDate>) -> Self {
        let mut figures = PeriodFigures::default();
        let (mut streak, mut reported) = (0, 0);
        for day in days {
            match day.status {
                DayStatus::Used => figures.used += 1,
                DayStatus::Abstinent => figures.abstinent += 1,
                DayStatus::Unknown => {}
            }
            let counts = start.is_some_and(|s| day.day >= s);
            streak = if counts && day.status != DayStatus::Used { streak + 1 } else { 0 };
            reported = if counts && day.status == DayStatus::Abstinent { reported + 1 } else { 0 };
            figures.longest_streak = figures.longest_streak.max(streak);
            figures.longest_reported_abstinence = figures.longest_reported_abstinence.max(reported);
        }
        figures
    }

    pub fn percent_abstinent(&self) -> Option<f64> {
        let reported = self.abstinent + self.used;
        (reported > 0).then(|| round1(100.0 * self.abstinent as f64 / reported as f64))
    }
}

#[cfg(test)]
mod tests;
