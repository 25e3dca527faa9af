//! Signing a group session: every member who came gets a signed, locked session note in
//! their own chart (the shared narrative with their participation, and their own sections),
//! written by the signer, never a psychotherapy note; all in the caller's transaction, so
//! one note failing leaves none written. The narrative names no member unless the signer
//! confirms the warning.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::{
    sessions::{
        self, PARTICIPATION, attendance_of, find, locked, may_sign, member_sections, member_texts,
    },
    types::{GroupSessionStatus, GroupSessionView, GroupSignRequest},
};
use crate::{
    core::audit::{self, AuditEvent},
    core::clock::day_in,
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff},
    core::validation::Check,
    core::versioned,
    entities::{group_attendance, group_sessions, session_notes, states::NoteStatus},
    recovery::vocabulary::GroupAttendanceStatus,
};

pub async fn sign(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    request: GroupSignRequest,
) -> Result<GroupSessionView> {
    staff.require(Action::WriteClinical)?;
    let (session, group) = find(db, staff, id).await?;
    if session.status != GroupSessionStatus::Draft {
        return Err(locked(&session));
    }
    if !may_sign(staff, &group) {
        return Err(AppError::Forbidden(
            "Only a facilitator of the group (or a supervisor) can sign its notes.".into(),
        ));
    }
    if request.version.is_some_and(|v| v != session.version) {
        return Err(AppError::stale_version());
    }
    let now = Utc::now();
    let view = sessions::view(db, staff, session.clone(), &group).await?;
    let recorded = attendance_of(db, staff.practice_id, id).await?;
    let format = group.note_format;
    let shared_key = format.group_section();
    let own_keys = member_sections(format);

    let mut check = Check::new();
    if session.starts_at > now {
        check.fail("status", "a session can be signed once it has taken place");
    }
    let narrative = session.shared_narrative.trim();
    if narrative.is_empty() {
        check.fail("shared_narrative", "must be written before the session is signed");
    }
    if !view.name_warnings.is_empty() && !request.confirm_names {
        let words: Vec<&str> = view.name_warnings.iter().map(|w| w.word.as_str()).collect();
        check.fail(
            "shared_narrative",
            format!(
                "names a member ({}): it goes into every present member's chart. Rewrite it, \
                 or sign with confirm_names if the word is not a name here",
                words.join(", ")
            ),
        );
    }
    let mut writing = Vec::new();
    for (i, entry) in view.roster.iter().enumerate() {
        let field = |name: &str| format!("roster[{i}].{name}");
        let who = entry.client_name.clone().unwrap_or_default();
        let Some(row) = recorded.iter().find(|r| r.client_id == entry.client_id) else {
            check.fail(&field("status"), format!("{who}: attendance is not recorded"));
            continue;
        };
        if !row.status.attended() {
            continue;
        }
        let texts = member_texts(row);
        let filled = |key: &str| texts.get(key).is_some_and(|t| !t.trim().is_empty());
        if !filled(PARTICIPATION) {
            check.fail(&field("individual_text"), format!("{who}: write their participation"));
        }
        for key in &own_keys {
            if !filled(key) {
                check.fail(&field(&format!("sections.{key}")), format!("{who}: must be filled in"));
            }
        }
        if matches!(row.status, GroupAttendanceStatus::Late | GroupAttendanceStatus::LeftEarly)
            && row.minutes_attended.is_none()
        {
            check.fail(
                &field("minutes_attended"),
                format!("{who}: how many minutes they were there"),
            );
        }
        writing.push((row, texts));
    }
    if writing.is_empty() && !check.has_errors() {
        check.fail(
            "roster",
            "no member is recorded present: there is no note to sign (cancel the session instead)",
        );
    }
    check.finish()?;

    let day = day_in(session.starts_at, &staff.time_zone);
    let service_type = format!("Group: {}", group.name);
    let service_type: String = service_type.chars().take(100).collect();
    let mut written: HashMap<Uuid, Uuid> = HashMap::new();
    for (row, texts) in &writing {
        let mut sections = serde_json::Map::new();
        for key in format.sections() {
            let text = if *key == shared_key {
                format!("{narrative}\n\nParticipation: {}", texts[PARTICIPATION].trim())
            } else {
                texts.get(*key).map(|t| t.trim().to_owned()).unwrap_or_default()
            };
            sections.insert((*key).to_owned(), text.into());
        }
        let note_id = Uuid::now_v7();
        session_notes::Entity::insert(session_notes::ActiveModel {
            practice_id: Set(staff.practice_id),
            id: Set(note_id),
            client_id: Set(row.client_id),
            author_id: Set(staff.id),
            session_on: Set(day),
            started_at: Set(Some(session.starts_at)),
            duration_minutes: Set(row.minutes_attended.unwrap_or(session.duration_minutes)),
            service_type: Set(Some(service_type.clone())),
            format: Set(format),
            sections: Set(sections.into()),
            risk_flags: Set(json!([])),
            is_psychotherapy_note: Set(false),
            status: Set(NoteStatus::Signed),
            signed_at: Set(Some(now)),
            signed_by: Set(Some(staff.id)),
            cosigned_at: Set(None),
            cosigned_by: Set(None),
            appointment_id: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(db)
        .await?;
        let model =
            group_attendance::ActiveModel { note_id: Set(Some(note_id)), ..Default::default() };
        let unsigned = Condition::all().add(group_attendance::Column::NoteId.is_null());
        versioned::update(db, staff.practice_id, row.id, row.version, model, unsigned)
            .await?
            .ok_or_else(AppError::stale_version)?;
        audit::record(
            db,
            AuditEvent::by(staff, "note.sign", "note", Some(note_id))
                .client(row.client_id)
                .detail(json!({ "group_session_id": id })),
        )
        .await?;
        written.insert(row.client_id, note_id);
    }
    let signing = group_sessions::ActiveModel {
        status: Set(GroupSessionStatus::Signed),
        signed_at: Set(Some(now)),
        signed_by: Set(Some(staff.id)),
        ..Default::default()
    };
    let still_draft =
        Condition::all().add(group_sessions::Column::Status.eq(GroupSessionStatus::Draft));
    let signed =
        versioned::update(db, staff.practice_id, id, session.version, signing, still_draft)
            .await?
            .ok_or_else(AppError::stale_version)?;
    audit::record(
        db,
        AuditEvent::by(staff, "group_session.sign", "group_session", Some(id))
            .detail(json!({ "notes": written.len() })),
    )
    .await?;
    sessions::view(db, staff, signed, &group).await
}
