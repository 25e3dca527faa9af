//! The demo clients' own plans: José's relapse-prevention plan in two versions (the second
//! after his lapse, with a new first step), Lan's, and Dima's and Chloé's with a safety plan
//! turned on; the lapses of a client with a plan are held against it.

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::basics::Person;
use crate::{
    client_plans::types::{
        PersonRole, PlanContact, PlanMeeting, PlanPerson, RelapsePreventionPlan, SafetyPlan,
        Weekday,
    },
    core::error::{AppError, Result},
    entities::{
        client_plans, relapse_episodes,
        states::{PlanKind, PlanStepsTried},
    },
    recovery::vocabulary::{EpisodeKind, Trigger},
};

fn texts(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn person(name: &str, role: PersonRole, phone: Option<&str>) -> PlanPerson {
    PlanPerson { name: name.into(), role, phone: phone.map(str::to_owned) }
}

fn meeting(name: &str, day: Weekday, time: &str, place: &str) -> PlanMeeting {
    PlanMeeting {
        name: name.into(),
        day_of_week: Some(day),
        time: Some(time.into()),
        place: Some(place.into()),
        url: None,
    }
}

/// José's plan as first written, and as revised after his lapse.
fn jose(revised: bool) -> RelapsePreventionPlan {
    let mut steps = vec![
        "Text Ray before I go anywhere after work",
        "Eat something and drink a glass of water",
        "Go to the 7 pm meeting, even late",
        "Sleep on it: the urge passes by morning",
    ];
    if revised {
        steps.insert(0, "Leave the bar or the party straight away, no goodbyes");
    }
    RelapsePreventionPlan {
        warning_signs: texts(&[
            "Skipping dinner and staying late at work",
            "Thinking 'one beer won't matter'",
            "Not answering Ray's texts",
        ]),
        high_risk_situations: vec![
            Trigger::SocialPressure,
            Trigger::UnpleasantEmotions,
            Trigger::PleasantTimesWithOthers,
        ],
        coping_steps: texts(&steps),
        reasons: texts(&["My daughter Ana's graduation in June", "Keeping my licence"]),
        people: vec![
            person("Ray", PersonRole::Sponsor, Some("(555) 010-2233")),
            person("Marta", PersonRole::Family, Some("555-010-7788")),
            person("Harbor Light front desk", PersonRole::Therapist, Some("555 010 4000")),
        ],
        meetings: vec![
            meeting("Tuesday Serenity group", Weekday::Tuesday, "19:00", "St Mark's hall, room 2"),
            meeting("Saturday morning speakers", Weekday::Saturday, "09:30", "Community center"),
        ],
    }
}

fn lan() -> RelapsePreventionPlan {
    RelapsePreventionPlan {
        warning_signs: texts(&["Staying up past 2 am", "Skipping class two days running"]),
        high_risk_situations: vec![Trigger::UrgesAndTemptations, Trigger::PhysicalDiscomfort],
        coping_steps: texts(&[
            "Put my phone on the charger in the kitchen",
            "Call Minh",
            "Go for a run along the river",
        ]),
        reasons: texts(&["Finishing nursing school", "My mom trusts me again"]),
        people: vec![person("Minh", PersonRole::Friend, Some("555-010-3311"))],
        meetings: vec![PlanMeeting {
            name: "Crystal Meth Anonymous online".into(),
            day_of_week: Some(Weekday::Thursday),
            time: Some("20:00".into()),
            place: None,
            url: Some("https://meetings.example.org/cma-thursday".into()),
        }],
    }
}

fn opioid_plan(sponsor: &str, phone: &str) -> RelapsePreventionPlan {
    RelapsePreventionPlan {
        warning_signs: texts(&["Pain in my back keeping me up", "Seeing my old crowd"]),
        high_risk_situations: vec![Trigger::PhysicalDiscomfort, Trigger::SocialPressure],
        coping_steps: texts(&[
            "Take my prescribed medication and eat",
            "Call my sponsor before I decide anything",
            "Naloxone stays in my jacket pocket",
        ]),
        reasons: texts(&["Being there for my son"]),
        people: vec![person(sponsor, PersonRole::Sponsor, Some(phone))],
        meetings: vec![meeting("Noon NA", Weekday::Wednesday, "12:00", "Library annex")],
    }
}

fn safety(helper: &str, phone: &str) -> SafetyPlan {
    SafetyPlan {
        warning_signs: texts(&["Not sleeping for two nights", "Giving my things away"]),
        coping_alone: texts(&["Cold shower", "Music loud in headphones", "Walk round the block"]),
        distractions: texts(&["The library", "My cousin's garage"]),
        people_to_ask: vec![PlanContact { name: helper.into(), phone: Some(phone.into()) }],
        professionals: vec![PlanContact {
            name: "Harbor Light on-call counselor".into(),
            phone: Some("555 010 4000".into()),
        }],
        safer_surroundings: texts(&["Medication kept by my sister", "No pills in the house"]),
    }
}

async fn insert(
    db: &impl ConnectionTrait,
    person: &Person,
    kind: PlanKind,
    version: i32,
    content: serde_json::Value,
    days_ago: i64,
) -> Result<()> {
    client_plans::Entity::insert(client_plans::ActiveModel {
        practice_id: Set(person.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(person.id),
        kind: Set(kind),
        version: Set(version),
        content: Set(content),
        enabled: Set(true),
        written_by: Set(person.clinician_id),
        written_at: Set(Utc::now() - Duration::days(days_ago)),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

fn as_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|_| AppError::internal("a demo plan as JSON"))
}

/// The plans of the clients who have one; their lapses are then held against the plan.
pub async fn write(db: &impl ConnectionTrait, person: &Person, today: NaiveDate) -> Result<()> {
    let (plan, versions) = match person.index {
        0 => {
            insert(db, person, PlanKind::RelapsePrevention, 1, as_json(&jose(false))?, 80).await?;
            (jose(true), 2)
        }
        2 => (lan(), 1),
        3 => (opioid_plan("Kostya", "555-010-6060"), 1),
        9 => (opioid_plan("Renée", "555-010-5151"), 1),
        _ => return Ok(()),
    };
    insert(db, person, PlanKind::RelapsePrevention, versions, as_json(&plan)?, 20).await?;
    if matches!(person.index, 3 | 9) {
        let helper = if person.index == 3 { "Kostya" } else { "Renée" };
        insert(db, person, PlanKind::Safety, 1, as_json(&safety(helper, "555-010-6060"))?, 20)
            .await?;
    }
    // Each lapse after a plan was written is held against the version in force then: the
    // plan's second warning sign was there, and some of its steps were tried.
    let days = |n: u64| super::basics::day_before(today, n);
    hold_lapses(db, person, versions, &plan, days(20), today).await?;
    if versions == 2 {
        hold_lapses(db, person, 1, &plan, days(80), days(21)).await?;
    }
    Ok(())
}

async fn hold_lapses(
    db: &impl ConnectionTrait,
    person: &Person,
    version: i32,
    plan: &RelapsePreventionPlan,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<()> {
    relapse_episodes::Entity::update_many()
        .set(relapse_episodes::ActiveModel {
            plan_version: Set(Some(version)),
            warning_signs_present: Set(Some(json!([plan.warning_signs[1]]))),
            plan_steps_tried: Set(Some(PlanStepsTried::Partly)),
            ..Default::default()
        })
        .filter(relapse_episodes::Column::PracticeId.eq(person.practice_id))
        .filter(relapse_episodes::Column::ClientId.eq(person.id))
        .filter(relapse_episodes::Column::Kind.eq(EpisodeKind::Lapse))
        .filter(relapse_episodes::Column::OccurredOn.between(from, to))
        .exec(db)
        .await?;
    Ok(())
}
