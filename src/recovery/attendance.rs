//! Attendance (DOMAIN.md, "Appointments and attendance"): attended (late counts as attended)
//! over the appointments with a recorded outcome, less those cancelled by the practice or by
//! the client in time. An appointment still `scheduled` is not counted. Pure, no I/O.

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

/// A period's attendance, overall and per kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AttendanceFigures {
    #[serde(flatten)]
    pub overall: Attendance,
    pub by_kind: Vec<KindAttendance>,
}

impl AttendanceFigures {
    pub fn of(appointments: &[(AppointmentKind, AppointmentStatus)]) -> Self {
        Self {
            overall: attendance(appointments.iter().map(|(_, s)| *s)),
            by_kind: by_kind(appointments),
        }
    }
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
