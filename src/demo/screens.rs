//! The demo's drug screens and medications: Dima on buprenorphine/naloxone with weekly screens
//! (buprenorphine positive, expected), Chloé on methadone whose point-of-care cup showed
//! fentanyl on a day she reported not using, confirmed by the lab (an amendment, and the
//! `screen_disagrees` alert), and Marcus's observed screens for the drug court.

use chrono::{NaiveDate, NaiveTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::basics::{Person, day_before};
use crate::{
    alerts::service::{self as alerts, AlertKind},
    core::error::Result,
    core::tenancy::InPractice,
    entities::{
        check_ins, drug_screens, medications,
        states::{CheckInSource, MedicationClass, ScreenMethod, Specimen, SpecimenValidity},
    },
    recovery::vocabulary::PanelSubstance,
};

/// Which panel results a demo screen has: (substance, positive?).
type Panel = &'static [(PanelSubstance, bool)];

async fn medication(
    db: &impl ConnectionTrait,
    person: &Person,
    name: &str,
    class: MedicationClass,
    dose: &str,
    started_on: NaiveDate,
) -> Result<()> {
    let now = Utc::now();
    medications::Entity::insert(medications::ActiveModel {
        practice_id: Set(person.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(person.id),
        name: Set(name.into()),
        class: Set(class),
        screens_as: Set(None),
        dose: Set(Some(dose.into())),
        schedule: Set(Some("once daily".into())),
        prescriber: Set(Some("Dr. Priya Natarajan (outside the practice)".into())),
        started_on: Set(started_on),
        stopped_on: Set(None),
        stop_reason: Set(None),
        ask_on_link: Set(true),
        recorded_by: Set(person.clinician_id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

fn results(panel: Panel, method: ScreenMethod) -> serde_json::Value {
    json!(
        panel
            .iter()
            .map(|(substance, positive)| {
                let confirmation = match (positive, method) {
                    (false, _) => None,
                    (true, ScreenMethod::PointOfCare) => Some("unconfirmed"),
                    (true, _) => Some("confirmed"),
                };
                json!({ "substance": substance, "result": if *positive { "positive" } else { "negative" },
                        "cutoff_ng_ml": null, "confirmation": confirmation })
            })
            .collect::<Vec<_>>()
    )
}

async fn screen(
    db: &impl ConnectionTrait,
    person: &Person,
    day: NaiveDate,
    method: ScreenMethod,
    panel: Panel,
    amends: Option<(Uuid, &str)>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    // Mid-morning in the demo's US time zones is the afternoon in UTC: the same day.
    let at = day.and_time(NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default()).and_utc();
    drug_screens::Entity::insert(drug_screens::ActiveModel {
        practice_id: Set(person.practice_id),
        id: Set(id),
        client_id: Set(person.id),
        collected_at: Set(at),
        collected_on: Set(day),
        specimen: Set(Specimen::Urine),
        method: Set(method),
        observed: Set(true),
        validity: Set(SpecimenValidity::Normal),
        // A correction is the lab's confirmation of the cup's positives.
        results: Set(results(
            panel,
            if amends.is_some() { ScreenMethod::LabConfirmation } else { method },
        )),
        amends: Set(amends.map(|(id, _)| id)),
        amend_reason: Set(amends.map(|(_, reason)| reason.to_owned())),
        recorded_by: Set(person.clinician_id),
        recorded_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// The client's answers to "Did you take your medication today?" on their own check-ins since
/// `from`: yes, except on `missed`.
async fn took_it(
    db: &impl ConnectionTrait,
    person: &Person,
    from: NaiveDate,
    missed: &[NaiveDate],
) -> Result<()> {
    for (answer, days) in [(true, None), (false, Some(missed))] {
        let mut update = check_ins::Entity::update_many()
            .col_expr(check_ins::Column::TookMedication, sea_orm::sea_query::Expr::value(answer))
            .filter(check_ins::Column::PracticeId.eq(person.practice_id))
            .filter(check_ins::Column::ClientId.eq(person.id))
            .filter(check_ins::Column::Source.eq(CheckInSource::SelfReport))
            .filter(check_ins::Column::Day.gte(from));
        if let Some(days) = days {
            update = update.filter(check_ins::Column::Day.is_in(days.iter().copied()));
        }
        update.exec(db).await?;
    }
    Ok(())
}

/// The screens and medications of the clients who have them.
pub async fn write(db: &impl ConnectionTrait, person: &Person, today: NaiveDate) -> Result<()> {
    use PanelSubstance::{Buprenorphine, Cocaine, Fentanyl, Methadone, Opiates};
    const BUP: Panel = &[(Buprenorphine, true), (Opiates, false), (Fentanyl, false)];
    const METHADONE: Panel = &[(Methadone, true), (Opiates, false), (Fentanyl, false)];
    const COURT: Panel = &[(Cocaine, false), (Opiates, false), (Fentanyl, false)];
    let lab = ScreenMethod::LabImmunoassay;
    match person.index {
        3 => {
            let started = day_before(today, 60);
            medication(
                db,
                person,
                "Suboxone",
                MedicationClass::BuprenorphineNaloxone,
                "8 mg/2 mg",
                started,
            )
            .await?;
            for week in 0..8 {
                screen(db, person, day_before(today, 2 + week * 7), lab, BUP, None).await?;
            }
            took_it(db, person, started, &[day_before(today, 9), day_before(today, 23)]).await?;
        }
        6 => {
            for week in 0..6 {
                let panel: Panel = if week == 2 {
                    &[(Cocaine, true), (Opiates, false), (Fentanyl, false)]
                } else {
                    COURT
                };
                screen(db, person, day_before(today, 1 + week * 7), lab, panel, None).await?;
            }
        }
        9 => {
            let started = day_before(today, 30);
            medication(db, person, "Methadone", MedicationClass::Methadone, "80 mg", started)
                .await?;
            for week in 0..4 {
                screen(db, person, day_before(today, 3 + week * 7), lab, METHADONE, None).await?;
            }
            // The cup showed fentanyl on a day she reported not using; the lab confirmed it.
            let day = day_before(today, 5);
            let panel: Panel = &[(Methadone, true), (Fentanyl, true)];
            let cup = screen(db, person, day, ScreenMethod::PointOfCare, panel, None).await?;
            let reason = "Lab confirmation (LC-MS/MS) received";
            let confirmed =
                screen(db, person, day, ScreenMethod::PointOfCare, panel, Some((cup, reason)))
                    .await?;
            let reported_clean = check_ins::Entity::in_practice(person.practice_id)
                .filter(check_ins::Column::ClientId.eq(person.id))
                .filter(check_ins::Column::Day.eq(day))
                .one(db)
                .await?
                .is_some_and(|c| !c.used);
            if reported_clean {
                let detail = json!({ "day": day, "screen_id": confirmed });
                alerts::raise(
                    db,
                    person.practice_id,
                    person.id,
                    AlertKind::ScreenDisagrees,
                    detail,
                )
                .await?;
            }
        }
        _ => {}
    }
    Ok(())
}
