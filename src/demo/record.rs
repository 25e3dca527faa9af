//! The demo clients' last 90 days: daily check-ins (heavier use before their recovery start,
//! mostly abstinent after, a few unreported days), lapses and relapses with varied triggers,
//! and session notes in every format, some signed, some drafts, one amended, one co-signed.

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::{
    basics::{Dice, Person, day_before},
    notes::notes,
};
use crate::{
    alerts::service::{self as alerts, AlertKind},
    core::error::Result,
    entities::states::{CheckInSource, RecordStatus},
    entities::{check_ins, consents, measure_results, measure_schedules, relapse_episodes},
    measures::scoring::MeasureCode,
    recovery::vocabulary::{
        EpisodeKind::{self, Lapse, Relapse},
        Setting,
    },
};

const TRIGGER_SETS: [&[&str]; 6] = [
    &["unpleasant_emotions", "conflict_with_others"],
    &["social_pressure", "pleasant_times_with_others"],
    &["urges_and_temptations"],
    &["physical_discomfort", "unpleasant_emotions"],
    &["testing_personal_control"],
    &["pleasant_emotions", "social_pressure"],
];
const SETTINGS: [Setting; 6] = [
    Setting::Home,
    Setting::BarOrClub,
    Setting::FriendsHome,
    Setting::Party,
    Setting::Work,
    Setting::Car,
];

/// Writes one client's record.
pub async fn write(
    db: &impl ConnectionTrait,
    person: &Person,
    supervisor_id: Uuid,
    today: NaiveDate,
) -> Result<()> {
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ ((person.index as u64 + 1) * 0x2545_F491));
    let lapses = lapse_days(person, today);
    check_ins_of(db, person, &mut dice, &lapses, today).await?;
    episodes_of(db, person, &mut dice, &lapses, today).await?;
    super::plans::write(db, person, today).await?;
    super::screens::write(db, person, today).await?;
    super::appointments::write(db, person, today).await?;
    measures(db, person, today).await?;
    consents_of(db, person, today).await?;
    notes(db, person, supervisor_id, today).await
}

/// Lapse days after the recovery start (at most two), one every few clients.
fn lapse_days(person: &Person, today: NaiveDate) -> Vec<NaiveDate> {
    let mut lapses = Vec::new();
    if let Some(start) = person.recovery_start {
        let clean = (today - start).num_days();
        if clean > 20 && person.index % 3 != 1 {
            lapses.push(day_before(today, (clean / 3).min(60) as u64));
        }
        if clean > 45 && person.index.is_multiple_of(4) {
            lapses.push(day_before(today, (clean / 5).min(25) as u64));
        }
    }
    lapses
}

/// The last 90 days' self-reports: heavier use before the recovery start, a few days
/// unreported, craving easing with clean time and spiking around a use day.
async fn check_ins_of(
    db: &impl ConnectionTrait,
    person: &Person,
    dice: &mut Dice,
    lapses: &[NaiveDate],
    today: NaiveDate,
) -> Result<()> {
    let start = person.recovery_start;
    let now = Utc::now();
    let mut rows = Vec::new();
    for back in (1..=90u64).rev() {
        let day = day_before(today, back);
        let before_start = start.is_none_or(|s| day < s);
        let lapse = lapses.contains(&day);
        if !lapse && dice.chance(if before_start { 25 } else { 9 }) {
            continue; // not reported
        }
        let used = lapse || (before_start && start.is_some() && dice.chance(60));
        let clean_so_far = start.map_or(0, |s| (day - s).num_days().max(0));
        let base = if before_start { 7 } else { (6 - (clean_so_far / 15) as i16).max(1) };
        let craving =
            if used { dice.between(7, 10) } else { (base + dice.between(-1, 2)).clamp(0, 10) };
        let mood = if used {
            dice.between(1, 4)
        } else {
            (9 - craving / 2 + dice.between(-1, 1)).clamp(0, 10)
        };
        rows.push(check_ins::ActiveModel {
            practice_id: Set(person.practice_id),
            id: Set(Uuid::now_v7()),
            client_id: Set(person.id),
            day: Set(day),
            used: Set(used),
            substances: Set(if used { json!([person.substance]) } else { json!([]) }),
            craving: Set(craving),
            mood: Set(mood),
            attended_meeting: Set(!before_start && dice.chance(45)),
            contacted_sponsor: Set(!before_start && dice.chance(30)),
            note: Set(None),
            source: Set(CheckInSource::SelfReport),
            recorded_by: Set(None),
            link_id: Set(None),
            took_medication: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    if !rows.is_empty() {
        check_ins::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

/// The lapses, and the relapse that ended just before a recent recovery start (recorded at
/// intake); an overdose among them raises its alert.
async fn episodes_of(
    db: &impl ConnectionTrait,
    person: &Person,
    dice: &mut Dice,
    lapses: &[NaiveDate],
    today: NaiveDate,
) -> Result<()> {
    let mut episodes = Vec::new();
    for (n, day) in lapses.iter().enumerate() {
        episodes.push(episode(person, dice, Lapse, *day, None, n + person.index));
    }
    if let Some(start) = person.recovery_start.filter(|s| (today - *s).num_days() < 85) {
        let began = day_before(start, 6);
        let ended = day_before(start, 1);
        episodes.push(episode(person, dice, Relapse, began, Some(ended), person.index + 2));
    }
    let overdose = episodes.iter().any(|e| match &e.consequences {
        Set(consequences) => consequences.to_string().contains("overdose"),
        _ => false,
    });
    if !episodes.is_empty() {
        relapse_episodes::Entity::insert_many(episodes).exec_without_returning(db).await?;
    }
    if overdose {
        let detail = json!({ "note": "Overdose reported at intake" });
        alerts::raise(db, person.practice_id, person.id, AlertKind::OverdoseReported, detail)
            .await?;
    }
    Ok(())
}

/// A consent as the demo gives it, its days counted back from (or on from) today.
struct Given {
    recipient: &'static str,
    purpose: &'static str,
    information: &'static str,
    includes_notes: bool,
    signed_days_ago: u64,
    expires_in_days: Option<i64>,
    expiry_event: Option<&'static str>,
    revoked_days_ago: Option<u64>,
}

/// The consents of the demo client with this index.
fn given_consents(index: usize) -> Vec<Given> {
    match index {
        0 => vec![
            Given {
                recipient: "Harbor County Drug Court",
                purpose: "Compliance with the drug court program",
                information: "Progress reports, attendance and drug-screen results; no session notes",
                includes_notes: false,
                signed_days_ago: 60,
                expires_in_days: None,
                expiry_event: Some("End of probation"),
                revoked_days_ago: None,
            },
            Given {
                recipient: "Brightline Logistics employee assistance program",
                purpose: "Return-to-work plan",
                information: "Attendance only",
                includes_notes: false,
                signed_days_ago: 80,
                expires_in_days: Some(100),
                expiry_event: None,
                revoked_days_ago: Some(30),
            },
        ],
        1 => vec![Given {
            recipient: "Dr. Priya Natarajan, primary care",
            purpose: "Coordination of care",
            information: "Progress reports and signed session notes",
            includes_notes: true,
            signed_days_ago: 45,
            expires_in_days: Some(180),
            expiry_event: None,
            revoked_days_ago: None,
        }],
        3 => vec![Given {
            recipient: "Lakeside Sober Living",
            purpose: "Housing eligibility",
            information: "Attendance and current streak",
            includes_notes: false,
            signed_days_ago: 120,
            expires_in_days: Some(-20),
            expiry_event: None,
            revoked_days_ago: None,
        }],
        _ => vec![],
    }
}

/// The Part 2 consents of the first few clients: a drug court (active, no notes) and an
/// employer's program revoked last month; a primary-care doctor (with notes); a sober-living
/// house whose consent has run out.
async fn consents_of(db: &impl ConnectionTrait, person: &Person, today: NaiveDate) -> Result<()> {
    let given = given_consents(person.index);
    let now = Utc::now();
    for g in given {
        let signed_on = day_before(today, g.signed_days_ago);
        consents::Entity::insert(consents::ActiveModel {
            practice_id: Set(person.practice_id),
            id: Set(Uuid::now_v7()),
            client_id: Set(person.id),
            recipient: Set(g.recipient.into()),
            purpose: Set(g.purpose.into()),
            information: Set(g.information.into()),
            includes_notes: Set(g.includes_notes),
            expires_on: Set(g
                .expires_in_days
                .and_then(|d| today.checked_add_signed(chrono::Duration::days(d)))),
            expiry_event: Set(g.expiry_event.map(str::to_owned)),
            signed_on: Set(signed_on),
            recorded_by: Set(person.clinician_id),
            recorded_at: Set(now),
            revoked_on: Set(g.revoked_days_ago.map(|d| day_before(today, d))),
            revoked_by: Set(g.revoked_days_ago.map(|_| person.clinician_id)),
            revoked_at: Set(g.revoked_days_ago.map(|_| now)),
            version: Set(if g.revoked_days_ago.is_some() { 2 } else { 1 }),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// A PHQ-9 or GAD-7 every 14 days for most clients, easing over the 90 days.
async fn measures(db: &impl ConnectionTrait, person: &Person, today: NaiveDate) -> Result<()> {
    let code = match person.index % 3 {
        0 => MeasureCode::Phq9,
        1 => MeasureCode::Gad7,
        _ => return Ok(()),
    };
    let now = Utc::now();
    measure_schedules::Entity::insert(measure_schedules::ActiveModel {
        practice_id: Set(person.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(person.id),
        code: Set(code),
        every_days: Set(14),
        active: Set(true),
        created_by: Set(person.clinician_id),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    let items = code.items().len();
    for (step, back) in [84u64, 70, 56, 42, 28, 14].into_iter().enumerate() {
        // From about 17 down to about 6, item 9 always 0.
        let mut left = 17 - 2 * step as i32 + (person.index % 2) as i32;
        let mut answers = vec![0i16; items];
        for (i, answer) in answers.iter_mut().enumerate() {
            if code == MeasureCode::Phq9 && i == 8 {
                break;
            }
            let value = left.clamp(0, if i % 2 == 0 { 3 } else { 2 });
            *answer = value as i16;
            left -= value;
        }
        let Ok(score) = code.score(&answers) else { continue };
        measure_results::Entity::insert(measure_results::ActiveModel {
            practice_id: Set(person.practice_id),
            id: Set(Uuid::now_v7()),
            client_id: Set(person.id),
            code: Set(code),
            completed_on: Set(day_before(today, back)),
            answers: Set(json!(answers)),
            total: Set(score.total),
            band: Set(score.band.into()),
            alert: Set(score.alert),
            link_id: Set(None),
            created_at: Set(now),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

fn episode(
    person: &Person,
    dice: &mut Dice,
    kind: EpisodeKind,
    occurred_on: NaiveDate,
    ended_on: Option<NaiveDate>,
    variant: usize,
) -> relapse_episodes::ActiveModel {
    let now = Utc::now();
    let triggers = TRIGGER_SETS[variant % TRIGGER_SETS.len()];
    let overdose = person.substance == "fentanyl" && kind == Relapse;
    relapse_episodes::ActiveModel {
        practice_id: Set(person.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(person.id),
        kind: Set(kind),
        occurred_on: Set(occurred_on),
        ended_on: Set(ended_on),
        substances: Set(json!([person.substance])),
        triggers: Set(json!(triggers)),
        setting: Set(Some(SETTINGS[variant % SETTINGS.len()])),
        company: Set(json!([if variant.is_multiple_of(2) { "alone" } else { "friends" }])),
        amount: Set(None),
        coping_used: Set(if kind == Lapse {
            json!(["called_sponsor", "attended_meeting"])
        } else {
            json!([])
        }),
        support_contacted: Set(if kind == Lapse {
            json!(["sponsor", "therapist"])
        } else {
            json!(["family"])
        }),
        feelings_after: Set(json!(["shame", "regret", "determination"])),
        consequences: Set(if overdose {
            json!(["health", "overdose", "emergency_visit"])
        } else if kind == Relapse {
            json!(["relationship", "work"])
        } else {
            json!([])
        }),
        self_blame: Set(Some(dice.between(4, 9))),
        notes: Set(Some(if kind == Lapse {
            "Reached out the next morning; back on plan.".into()
        } else {
            "Led to the decision to start treatment.".into()
        })),
        status: Set(RecordStatus::Active),
        archived_at: Set(None),
        recorded_by: Set(person.clinician_id),
        plan_version: Set(None),
        warning_signs_present: Set(None),
        plan_steps_tried: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}
