//! The demo's groups, written through the groups' own services (so every row, note and
//! audit event is what the dashboard would make): an evening IOP group on Tuesdays and
//! Thursdays that both clinicians facilitate, and a weekly relapse-prevention group. The past
//! three weeks' sessions are signed (each present member has their note); the latest one is
//! still a draft with the front desk's attendance and part of the text, for the facilitator
//! to finish; the next two weeks are scheduled.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::basics::Person;
use crate::{
    core::error::Result,
    core::identity::{CurrentStaff, RequestMeta, Role},
    groups::{
        service, sessions, signing,
        types::{
            AttendanceEntry, AttendanceRequest, GroupAttendanceStatus, GroupSessionUpdate,
            GroupSignRequest, NewGroup, NewGroupSession, NewMember, NoteFormat,
        },
    },
    recovery::recurrence::local_instant,
};

/// Who acts in the demo: (id, name, role).
pub struct Actor(pub Uuid, pub &'static str, pub Role);

fn as_staff(practice_id: Uuid, actor: &Actor) -> CurrentStaff {
    CurrentStaff {
        id: actor.0,
        practice_id,
        role: actor.2,
        name: actor.1.into(),
        email: String::new(),
        time_zone: "America/Chicago".into(),
        meta: RequestMeta { request_id: Some("demo".into()), ip: None },
    }
}

const TOPICS: [(&str, &str); 6] = [
    (
        "Urge surfing",
        "The group practised urge surfing: noticing a craving rise, peak and pass without acting \
         on it. Members rated a recent craving before and after the exercise.",
    ),
    (
        "High-risk times of day",
        "Members mapped the hours of their week when use used to happen and planned one \
         alternative for each, to try before the next session.",
    ),
    (
        "After a slip",
        "The group discussed the abstinence violation effect: how shame after a lapse can turn \
         it into a relapse, and what to do in the first hour instead.",
    ),
    (
        "Refusal skills",
        "Role-play of saying no to an offer at work and at a family gathering; members gave each \
         other feedback on tone and body language.",
    ),
    (
        "Sleep and recovery",
        "Psychoeducation on sleep in early recovery; members shared one change to their evening \
         routine to try this week.",
    ),
    (
        "Mutual-help meetings",
        "Members compared the meetings they attend (AA, NA, SMART Recovery) and what makes a \
         meeting feel safe; two members planned to try a new one.",
    ),
];

const PARTICIPATION: [&str; 4] = [
    "Participated actively; shared a recent craving and how they rode it out.",
    "Quiet at first, then described their plan for the weekend in detail.",
    "Offered support to others and asked a thoughtful question about cravings at night.",
    "Listened throughout; spoke once, briefly, about stress at home.",
];

/// The member's own sections of a note in `format`, varied by `n`.
fn own_sections(format: NoteFormat, n: usize) -> std::collections::BTreeMap<String, String> {
    let assessment = [
        "Engaged and motivated; coping skills improving.",
        "Guarded but present; ambivalence about change persists.",
        "Insightful; recognises triggers earlier than a month ago.",
    ][n % 3];
    let plan = [
        "Continue IOP; practise the skill daily and note cravings on the phone.",
        "Continue IOP; individual session to review the relapse-prevention plan.",
        "Continue IOP; attend two mutual-help meetings before the next group.",
    ][n % 3];
    let mut out = std::collections::BTreeMap::new();
    match format {
        NoteFormat::Birp => {
            out.insert("behavior".into(), "Arrived on time, alert and engaged.".into());
            out.insert("response".into(), assessment.into());
            out.insert("plan".into(), plan.into());
        }
        _ => {
            out.insert("assessment".into(), assessment.into());
            out.insert("plan".into(), plan.into());
        }
    }
    out
}

/// What happened to a member (by demo index) at the session `n` days before today.
fn attendance(index: usize, days_ago: i64) -> GroupAttendanceStatus {
    match (index, days_ago) {
        (6, 5..=9) => GroupAttendanceStatus::AbsentUnexcused,
        (0, 12..=16) => GroupAttendanceStatus::AbsentExcused,
        (2, 2..=4) => GroupAttendanceStatus::Late,
        (3, 8..=13) => GroupAttendanceStatus::LeftEarly,
        _ => GroupAttendanceStatus::Present,
    }
}

#[allow(clippy::too_many_arguments)]
async fn group_with_sessions(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    facilitator: &CurrentStaff,
    desk: &CurrentStaff,
    group: NewGroup,
    members: &[&Person],
    weekdays: &[u32],
    hour: u32,
) -> Result<()> {
    let format = group.note_format.unwrap_or(NoteFormat::Dap);
    let created = service::create(db, facilitator, group).await?;
    for person in members {
        // Chloé joined two weeks ago; the others before the first session shown.
        let joined = if person.index == 9 { 14 } else { 40 };
        let input =
            NewMember { client_id: person.id, joined_on: Some(today - Duration::days(joined)) };
        service::add_member(db, desk, created.id, input).await?;
    }
    let tz: chrono_tz::Tz = "America/Chicago".parse().unwrap_or(chrono_tz::UTC);
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    let time = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default();
    let now = Utc::now();
    let mut days: Vec<NaiveDate> = (-3i64..=2)
        .flat_map(|week| {
            weekdays.iter().map(move |d| monday + Duration::days(7 * week + *d as i64))
        })
        .collect();
    days.sort();
    let past: Vec<NaiveDate> =
        days.iter().copied().filter(|d| local_instant(tz, d.and_time(time)) < now).collect();
    for (n, day) in days.iter().enumerate() {
        let starts_at = local_instant(tz, day.and_time(time));
        let (topic, narrative) = TOPICS[n % TOPICS.len()];
        let input = NewGroupSession {
            starts_at,
            duration_minutes: None,
            topic: Some(topic.into()),
            location: None,
        };
        let session = sessions::create(db, desk, created.id, input).await?;
        if starts_at >= now {
            continue;
        }
        let days_ago = (today - *day).num_days();
        let entries: Vec<AttendanceEntry> = session
            .roster
            .iter()
            .filter_map(|r| {
                let person = members.iter().find(|p| p.id == r.client_id)?;
                let status = attendance(person.index, days_ago);
                let minutes = match status {
                    GroupAttendanceStatus::Late => Some(session.duration_minutes - 20),
                    GroupAttendanceStatus::LeftEarly => Some(session.duration_minutes - 30),
                    _ => None,
                };
                Some(AttendanceEntry {
                    client_id: r.client_id,
                    status,
                    minutes_attended: minutes,
                    individual_text: None,
                    sections: None,
                    version: None,
                })
            })
            .collect();
        sessions::record_attendance(db, desk, session.id, AttendanceRequest { entries }).await?;
        let latest = past.last() == Some(day);
        let change = GroupSessionUpdate {
            shared_narrative: Some(narrative.into()),
            version: Some(session.version),
            ..Default::default()
        };
        let written =
            sessions::update(db, facilitator, session.id, session.version, change).await?;
        let came: Vec<_> =
            written.roster.iter().filter(|r| r.status.is_some_and(|s| s.attended())).collect();
        // The latest session: only the first two members' parts are written yet.
        let to_write = if latest { came.len().min(2) } else { came.len() };
        let entries = came
            .iter()
            .take(to_write)
            .enumerate()
            .map(|(i, r)| AttendanceEntry {
                client_id: r.client_id,
                status: r.status.unwrap_or(GroupAttendanceStatus::Present),
                minutes_attended: r.minutes_attended,
                individual_text: Some(PARTICIPATION[(n + i) % PARTICIPATION.len()].into()),
                sections: Some(own_sections(format, n + i)),
                version: r.version,
            })
            .collect();
        sessions::record_attendance(db, facilitator, session.id, AttendanceRequest { entries })
            .await?;
        if !latest {
            let sign = GroupSignRequest { version: None, confirm_names: false };
            signing::sign(db, facilitator, session.id, sign).await?;
        }
    }
    Ok(())
}

pub async fn write(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    people: &[Person],
    clinicians: &[Actor],
    desk: &Actor,
    today: NaiveDate,
) -> Result<()> {
    let desk = as_staff(practice_id, desk);
    let first = as_staff(practice_id, &clinicians[0]);
    let second = as_staff(practice_id, &clinicians[1]);
    let pick = |indexes: &[usize]| -> Vec<&Person> {
        people.iter().filter(|p| indexes.contains(&p.index)).collect()
    };
    let evening = NewGroup {
        name: "Evening IOP".into(),
        track: Some("Intensive outpatient".into()),
        default_minutes: 90,
        facilitator_ids: vec![first.id, second.id],
        note_format: Some(NoteFormat::Dap),
        location: Some("Group room".into()),
    };
    group_with_sessions(db, today, &first, &desk, evening, &pick(&[0, 1, 2, 3, 6, 9]), &[1, 3], 18)
        .await?;
    let prevention = NewGroup {
        name: "Relapse prevention".into(),
        track: Some("Outpatient".into()),
        default_minutes: 60,
        facilitator_ids: vec![second.id],
        note_format: Some(NoteFormat::Birp),
        location: Some("Room 3".into()),
    };
    group_with_sessions(db, today, &second, &desk, prevention, &pick(&[7, 8, 10, 11]), &[0], 12)
        .await
}
