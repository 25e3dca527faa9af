//! The demo's week: each named client has a weekly individual appointment with their
//! clinician (three weeks past, this week, two to come). Most were attended; Marcus missed
//! last week's (a no-show, and its outreach alert), Lan cancelled hers late, Chloé came late.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::basics::Person;
use crate::{
    alerts::service::{self as alerts, AlertKind},
    core::error::Result,
    entities::{appointment_statuses, appointments},
    recovery::{
        recurrence::local_instant,
        vocabulary::{AppointmentKind, AppointmentStatus},
    },
};

/// What happened to a past week's appointment of the client at `index` (`weeks_ago` ≥ 1).
fn outcome(index: usize, weeks_ago: i64) -> AppointmentStatus {
    match (index, weeks_ago) {
        (6, 1) => AppointmentStatus::NoShow,
        (2, 1) => AppointmentStatus::LateCancelledByClient,
        (9, 2) => AppointmentStatus::Late,
        (11, 3) => AppointmentStatus::CancelledByPractice,
        _ => AppointmentStatus::Attended,
    }
}

pub async fn write(db: &impl ConnectionTrait, person: &Person, today: NaiveDate) -> Result<()> {
    if person.index >= 12 {
        return Ok(());
    }
    let tz: chrono_tz::Tz = "America/Chicago".parse().unwrap_or(chrono_tz::UTC);
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    let weekday = (person.index % 5) as i64;
    let time = NaiveTime::from_hms_opt(9 + (person.index / 5) as u32 * 2, 0, 0).unwrap_or_default();
    let series = Uuid::now_v7();
    let now = Utc::now();
    for week in -3i64..=2 {
        let day = monday + Duration::days(7 * week + weekday);
        let starts_at = local_instant(tz, day.and_time(time));
        let status = if starts_at < now && week < 0 {
            outcome(person.index, -week)
        } else if starts_at < now {
            AppointmentStatus::Attended
        } else {
            AppointmentStatus::Scheduled
        };
        let id = Uuid::now_v7();
        let set_at = if status == AppointmentStatus::Scheduled { now } else { starts_at };
        appointments::Entity::insert(appointments::ActiveModel {
            practice_id: Set(person.practice_id),
            id: Set(id),
            series_id: Set(Some(series)),
            client_id: Set(Some(person.id)),
            clinician_id: Set(person.clinician_id),
            starts_at: Set(starts_at),
            duration_minutes: Set(50),
            kind: Set(AppointmentKind::Individual),
            location: Set((person.index % 4 != 3).then(|| "Room 2".into())),
            telehealth: Set(person.index % 4 == 3),
            status: Set(status),
            status_set_by: Set(Some(person.clinician_id)),
            status_set_at: Set(Some(set_at)),
            created_by: Set(person.clinician_id),
            version: Set(if status == AppointmentStatus::Scheduled { 1 } else { 2 }),
            created_at: Set((starts_at - Duration::days(21)).min(now)),
            updated_at: Set(set_at),
        })
        .exec_without_returning(db)
        .await?;
        let booked = (starts_at - Duration::days(21)).min(now);
        let mut kept = vec![(AppointmentStatus::Scheduled, booked)];
        if status != AppointmentStatus::Scheduled {
            kept.push((status, set_at));
        }
        for (status, at) in kept {
            appointment_statuses::Entity::insert(appointment_statuses::ActiveModel {
                practice_id: Set(person.practice_id),
                id: Set(Uuid::now_v7()),
                appointment_id: Set(id),
                status: Set(status),
                set_by: Set(person.clinician_id),
                set_at: Set(at),
            })
            .exec_without_returning(db)
            .await?;
        }
        if status == AppointmentStatus::NoShow {
            let detail = json!({ "appointment_id": id, "starts_at": starts_at, "day": day,
                                 "in_a_row": 1, "urgent": false });
            alerts::raise(db, person.practice_id, person.id, AlertKind::NoShow, detail).await?;
        }
    }
    Ok(())
}
