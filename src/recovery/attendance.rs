//! Attendance (DOMAIN.md, "Appointments and attendance"): attended (late counts as attended)
//! over the appointments with a recorded outcome, less those cancelled by the practice or by
//! the client in time. An appointment still `scheduled` is not counted. A group session
//! counts as a `group` appointment: present or leaving early is attended, late is late, an
//! unexcused absence a no-show, an excused one a cancellation in time. Weekly service hours
//! add up the minutes attended, individual and group apart. Pure, no I/O.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::{
    round1,
    vocabulary::{AppointmentKind, AppointmentStatus},
};

/// Attendance over a set of appointments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Attendance {
    /// Attended, late included.
    pub attended: i64,
    /// Appointments that count: a recorded outcome, not cancelled by the practice or by the
    /// client in time.
    pub countable: i64,
    /// `attended ÷ countable` in percent, one decimal; null with nothing countable.
    pub rate: Option<f64>,
    pub no_shows: i64,
    pub late_cancellations: i64,
    /// Still to come, or their outcome not recorded yet (not counted).
    pub scheduled: i64,
}

/// Attendance of one kind of appointment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct KindAttendance {
    pub kind: AppointmentKind,
    #[serde(flatten)]
    pub attendance: Attendance,
}

/// A period's attendance, overall and per kind, and the service hours of each week.
#[derive(Clone, Debug, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AttendanceFigures {
    #[serde(flatten)]
    pub overall: Attendance,
    pub by_kind: Vec<KindAttendance>,
    /// Each week (Monday to Sunday) the period touches, earliest first.
    pub weekly_hours: Vec<WeekHours>,
    /// The mean of `weekly_hours` over the weeks with any appointment or session (one
    /// decimal); null with none.
    pub average_weekly_hours: Option<f64>,
}

/// The minutes a client attended in one week: a level of care is a number of hours a week
/// (intensive outpatient: 9 to 19).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct WeekHours {
    /// The Monday the week starts on.
    pub week_of: NaiveDate,
    /// Individual, family, intake and other appointments attended (late included).
    pub individual_minutes: i64,
    /// Group sessions, the minutes the client was there.
    pub group_minutes: i64,
    /// Both, in hours, one decimal.
    pub hours: f64,
}

/// One appointment or group session of the client: its kind, outcome, day and the minutes
/// attended (for an attended one).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Visit {
    pub kind: AppointmentKind,
    pub status: AppointmentStatus,
    pub day: NaiveDate,
    pub minutes: i64,
}

impl AttendanceFigures {
    /// The figures of the visits of the period `from..=to`.
    pub fn of(visits: &[Visit], from: NaiveDate, to: NaiveDate) -> Self {
        let pairs: Vec<(AppointmentKind, AppointmentStatus)> =
            visits.iter().map(|v| (v.kind, v.status)).collect();
        let weekly_hours = weekly_hours(visits, from, to);
        let busy: Vec<&WeekHours> = weekly_hours
            .iter()
            .filter(|w| visits.iter().any(|v| monday_of(v.day) == w.week_of))
            .collect();
        let average_weekly_hours = (!busy.is_empty())
            .then(|| round1(busy.iter().map(|w| w.hours).sum::<f64>() / busy.len() as f64));
        Self {
            overall: attendance(pairs.iter().map(|(_, s)| *s)),
            by_kind: by_kind(&pairs),
            weekly_hours,
            average_weekly_hours,
        }
    }
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// The minutes attended in each week from the one of `from` to the one of `to`.
pub fn weekly_hours(visits: &[Visit], from: NaiveDate, to: NaiveDate) -> Vec<WeekHours> {
    let mut weeks = Vec::new();
    let mut monday = monday_of(from);
    while monday <= to && weeks.len() < 60 {
        let mut week =
            WeekHours { week_of: monday, individual_minutes: 0, group_minutes: 0, hours: 0.0 };
        for v in visits.iter().filter(|v| monday_of(v.day) == monday) {
            if !matches!(v.status, AppointmentStatus::Attended | AppointmentStatus::Late) {
                continue;
            }
            if v.kind == AppointmentKind::Group {
                week.group_minutes += v.minutes;
            } else {
                week.individual_minutes += v.minutes;
            }
        }
        week.hours = round1((week.individual_minutes + week.group_minutes) as f64 / 60.0);
        weeks.push(week);
        monday += Duration::days(7);
    }
    weeks
}

pub fn attendance(statuses: impl IntoIterator<Item = AppointmentStatus>) -> Attendance {
    use AppointmentStatus as S;
    let mut a = Attendance::default();
    for status in statuses {
        match status {
            S::Attended | S::Late => {
                a.attended += 1;
                a.countable += 1;
            }
            S::NoShow => {
                a.no_shows += 1;
                a.countable += 1;
            }
            S::LateCancelledByClient => {
                a.late_cancellations += 1;
                a.countable += 1;
            }
            S::Scheduled => a.scheduled += 1,
            S::CancelledByClient | S::CancelledByPractice => {}
        }
    }
    a.rate = (a.countable > 0).then(|| round1(100.0 * a.attended as f64 / a.countable as f64));
    a
}

/// Attendance per kind, in the vocabulary's order, for the kinds present.
pub fn by_kind(appointments: &[(AppointmentKind, AppointmentStatus)]) -> Vec<KindAttendance> {
    AppointmentKind::ALL
        .iter()
        .filter(|k| appointments.iter().any(|(kind, _)| kind == *k))
        .map(|k| KindAttendance {
            kind: *k,
            attendance: attendance(
                appointments.iter().filter(|(kind, _)| kind == k).map(|(_, s)| *s),
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppointmentStatus as S;

    #[test]
    fn the_worked_example_is_seven_of_nine() {
        let mut statuses = vec![S::Attended; 6];
        statuses.extend([
            S::Late,
            S::NoShow,
            S::LateCancelledByClient,
            S::CancelledByClient,
            S::CancelledByPractice,
        ]);
        let a = attendance(statuses);
        assert_eq!((a.attended, a.countable, a.rate), (7, 9, Some(77.8)));
        assert_eq!((a.no_shows, a.late_cancellations), (1, 1));
    }

    #[test]
    fn scheduled_and_cancelled_count_for_nothing_and_none_is_null() {
        let a = attendance([S::Scheduled, S::CancelledByPractice, S::CancelledByClient]);
        assert_eq!((a.countable, a.rate, a.scheduled), (0, None, 1));
    }

    #[test]
    fn weekly_hours_add_individual_and_group_minutes_attended() {
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let visit = |kind, status, d: &str, minutes| Visit { kind, status, day: day(d), minutes };
        let visits = [
            // Monday 2026-11-30 and the week after.
            visit(AppointmentKind::Individual, S::Attended, "2026-11-30", 50),
            visit(AppointmentKind::Group, S::Attended, "2026-12-01", 90),
            visit(AppointmentKind::Group, S::Late, "2026-12-03", 70),
            visit(AppointmentKind::Group, S::NoShow, "2026-12-08", 90),
            visit(AppointmentKind::Individual, S::Attended, "2026-12-09", 50),
        ];
        let figures = AttendanceFigures::of(&visits, day("2026-11-25"), day("2026-12-13"));
        let weeks: Vec<(String, i64, i64, f64)> = figures
            .weekly_hours
            .iter()
            .map(|w| (w.week_of.to_string(), w.individual_minutes, w.group_minutes, w.hours))
            .collect();
        assert_eq!(
            weeks,
            [
                ("2026-11-23".into(), 0, 0, 0.0),
                ("2026-11-30".into(), 50, 160, 3.5),
                ("2026-12-07".into(), 50, 0, 0.8),
            ]
        );
        // The mean over the weeks with a visit: (3.5 + 0.8) / 2.
        assert_eq!(figures.average_weekly_hours, Some(2.2));
        assert_eq!((figures.overall.attended, figures.overall.countable), (4, 5));
    }

    #[test]
    fn kinds_are_counted_apart() {
        let kinds = by_kind(&[
            (AppointmentKind::Individual, S::Attended),
            (AppointmentKind::Group, S::NoShow),
            (AppointmentKind::Individual, S::NoShow),
        ]);
        assert_eq!(kinds.len(), 2);
        assert_eq!(kinds[0].kind, AppointmentKind::Individual);
        assert_eq!(kinds[0].attendance.rate, Some(50.0));
        assert_eq!(kinds[1].attendance.rate, Some(0.0));
    }
}
