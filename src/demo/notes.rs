//! The demo clients' session notes: weekly, in each format, signed and co-signed, with an
//! addendum, and this week's drafts.

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::basics::{Person, day_before};
use crate::{
    core::error::Result,
    entities::states::NoteStatus,
    entities::{note_addenda, session_notes},
    recovery::vocabulary::NoteFormat,
};

/// Section texts per format.
pub(super) fn sections(format: NoteFormat, week: usize) -> serde_json::Value {
    match format {
        NoteFormat::Soap => json!({
            "subjective": format!("Client reports week {week} went \"mostly steady\"; cravings strongest in the evenings."),
            "objective": "Alert and oriented, good eye contact, affect congruent. Arrived on time.",
            "assessment": "Engaged in treatment; using coping plan with growing confidence.",
            "plan": "Continue weekly CBT for relapse prevention; practise urge surfing daily; review check-ins next session.",
        }),
        NoteFormat::Dap => json!({
            "data": "Discussed a high-risk situation at a family gathering and how the client left early.",
            "assessment": "Shows good recognition of interpersonal triggers; self-efficacy improving.",
            "plan": "Role-play refusal skills next session; client to attend two meetings this week.",
        }),
        NoteFormat::Birp => json!({
            "behavior": "Client described a lapse last week with visible shame; tearful at first.",
            "intervention": "Normalised the lapse as part of recovery (abstinence violation effect); chain analysis of the evening.",
            "response": "Client identified the turning point and named two things to do differently; left hopeful.",
            "plan": "Update the relapse-prevention plan; sponsor call scheduled for tomorrow.",
        }),
        NoteFormat::Free => {
            json!({ "text": "Brief check-in call. Client doing well, confirmed next appointment and meeting schedule." })
        }
    }
}

pub(super) async fn notes(
    db: &impl ConnectionTrait,
    person: &Person,
    supervisor_id: Uuid,
    today: NaiveDate,
) -> Result<()> {
    let now = Utc::now();
    let count = 3;
    for n in 0..count {
        let format = NoteFormat::ALL[(person.index + n) % NoteFormat::ALL.len()];
        let session_on = day_before(today, (7 * (count - n) - 3 + person.index % 3) as u64);
        let draft = n == count - 1 && person.index.is_multiple_of(2);
        let signed_at =
            (!draft).then(|| now - chrono::Duration::days((7 * (count - n)) as i64 - 4));
        let id = Uuid::now_v7();
        session_notes::Entity::insert(session_notes::ActiveModel {
            practice_id: Set(person.practice_id),
            id: Set(id),
            client_id: Set(person.id),
            author_id: Set(person.clinician_id),
            session_on: Set(session_on),
            started_at: Set(None),
            duration_minutes: Set(if format == NoteFormat::Free { 15 } else { 50 }),
            service_type: Set(Some(
                if format == NoteFormat::Free { "99441" } else { "90834" }.into(),
            )),
            format: Set(format),
            sections: Set(sections(format, n + 1)),
            risk_flags: Set(if format == NoteFormat::Birp {
                json!(["relapse_risk"])
            } else {
                json!([])
            }),
            is_psychotherapy_note: Set(false),
            status: Set(if draft { NoteStatus::Draft } else { NoteStatus::Signed }),
            signed_at: Set(signed_at),
            signed_by: Set(signed_at.map(|_| person.clinician_id)),
            cosigned_at: Set((n == 0 && person.index % 4 == 1).then_some(now)),
            cosigned_by: Set((n == 0 && person.index % 4 == 1).then_some(supervisor_id)),
            appointment_id: Set(None),
            version: Set(if draft { 1 } else { 2 }),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(db)
        .await?;
        if n == 0 && person.index.is_multiple_of(5) {
            note_addenda::Entity::insert(note_addenda::ActiveModel {
                practice_id: Set(person.practice_id),
                id: Set(Uuid::now_v7()),
                note_id: Set(id),
                author_id: Set(person.clinician_id),
                text: Set(
                    "Client called the next day to say the coping plan worked at the weekend."
                        .into(),
                ),
                created_at: Set(signed_at.unwrap_or(now) + chrono::Duration::days(1)),
            })
            .exec_without_returning(db)
            .await?;
        }
    }
    if person.index == 0 {
        private_note(db, person, today).await?;
    }
    Ok(())
}

/// The clinician's private process notes: nobody else ever sees this one.
async fn private_note(db: &impl ConnectionTrait, person: &Person, today: NaiveDate) -> Result<()> {
    let now = Utc::now();
    session_notes::Entity::insert(session_notes::ActiveModel {
        practice_id: Set(person.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(person.id),
        author_id: Set(person.clinician_id),
        session_on: Set(day_before(today, 4)),
        started_at: Set(None),
        duration_minutes: Set(50),
        service_type: Set(None),
        format: Set(NoteFormat::Free),
        sections: Set(json!({ "text": "My own reactions to today's session; countertransference to explore in supervision." })),
        risk_flags: Set(json!([])),
        is_psychotherapy_note: Set(true),
        status: Set(NoteStatus::Draft),
        signed_at: Set(None),
        signed_by: Set(None),
        cosigned_at: Set(None),
        cosigned_by: Set(None),
        appointment_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}
