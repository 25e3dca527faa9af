//! Drafts: writing a note and changing it, its author only, until it is signed.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::types::{NewNote, NoteUpdate, NoteView};
use super::views::{assemble, find, locked, view};
use crate::{
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff},
    core::tenancy::InPractice,
    core::validation::Check,
    core::versioned,
    entities::session_notes,
    entities::states::NoteStatus,
    recovery::vocabulary::{self, NoteFormat, RiskFlag},
};

/// The longest text of one section or addendum.
pub(super) const MAX_SECTION_CHARS: usize = 50_000;

/// Every section of the format, trimmed; a key the format does not have is refused.
pub(super) fn check_sections(
    check: &mut Check,
    format: NoteFormat,
    sections: &BTreeMap<String, String>,
) -> serde_json::Value {
    let keys = format.sections();
    for key in sections.keys() {
        if !keys.contains(&key.as_str()) {
            check.fail(
                &format!("sections.{key}"),
                format!("is not a section of a {} note (use {})", format.as_str(), keys.join(", ")),
            );
        }
    }
    let mut out = serde_json::Map::new();
    for key in keys {
        let field = format!("sections.{key}");
        let text = sections.get(*key).map(String::as_str);
        let text = check.optional_text(&field, text, MAX_SECTION_CHARS).unwrap_or_default();
        out.insert((*key).to_owned(), text.into());
    }
    out.into()
}

pub(super) fn check_session(
    check: &mut Check,
    today: NaiveDate,
    session_on: NaiveDate,
    duration_minutes: i32,
) {
    check.date_not_after("session_on", Some(session_on), today);
    if !(1..=600).contains(&duration_minutes) {
        check.fail("duration_minutes", "must be from 1 to 600 minutes");
    }
}

/// A note written from an appointment: the client's, attended (or late), without a note yet.
async fn check_appointment(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    check: &mut Check,
    client_id: Uuid,
    appointment_id: Uuid,
) -> Result<()> {
    use crate::entities::appointments;
    use crate::recovery::vocabulary::AppointmentStatus;
    use sea_orm::QueryFilter;
    let appointment = appointments::Entity::in_practice(staff.practice_id)
        .filter(appointments::Column::Id.eq(appointment_id))
        .filter(appointments::Column::ClientId.eq(client_id))
        .one(db)
        .await?;
    match appointment {
        None => check.fail("appointment_id", "is not an appointment of this client"),
        Some(a) if !matches!(a.status, AppointmentStatus::Attended | AppointmentStatus::Late) => {
            check.fail("appointment_id", "is not marked attended: mark it attended or late first")
        }
        Some(_) => {
            let written = session_notes::Entity::in_practice(staff.practice_id)
                .filter(session_notes::Column::AppointmentId.eq(appointment_id))
                .one(db)
                .await?;
            if written.is_some() {
                return Err(AppError::Conflict(
                    "This appointment already has a note: open it from the appointment.".into(),
                ));
            }
        }
    }
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn create(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    input: NewNote,
) -> Result<NoteView> {
    staff.require(Action::WriteClinical)?;
    client_service::find(db, staff, client_id).await?;
    let today = staff.today();
    let mut check = Check::new();
    check_session(&mut check, today, input.session_on, input.duration_minutes);
    let service_type = check.optional_text("service_type", input.service_type.as_deref(), 100);
    let sections = check_sections(&mut check, input.format, &input.sections);
    if let Some(appointment_id) = input.appointment_id {
        check_appointment(db, staff, &mut check, client_id, appointment_id).await?;
    }
    check.finish()?;

    let now = Utc::now();
    let note = session_notes::Entity::insert(session_notes::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(client_id),
        author_id: Set(staff.id),
        session_on: Set(input.session_on),
        started_at: Set(input.started_at),
        duration_minutes: Set(input.duration_minutes),
        service_type: Set(service_type),
        format: Set(input.format),
        sections: Set(sections),
        risk_flags: Set(vocabulary::to_json(&input.risk_flags, RiskFlag::as_str)),
        is_psychotherapy_note: Set(input.is_psychotherapy_note),
        status: Set(NoteStatus::Draft),
        signed_at: Set(None),
        signed_by: Set(None),
        cosigned_at: Set(None),
        cosigned_by: Set(None),
        appointment_id: Set(input.appointment_id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(db)
    .await?;
    // A new note has no addenda and one person, its author (the caller): its view needs
    // no query.
    let note_id = note.id;
    let author = HashMap::from([(staff.id, staff.name.clone())]);
    let answer = assemble(vec![note], Vec::new(), &author).remove(0);
    audit::record(
        db,
        AuditEvent::by(staff, "note.create", "note", Some(note_id))
            .client(client_id)
            .detail(json!({ "format": input.format.as_str() })),
    )
    .await?;
    Ok(answer)
}

/// Why a conditional write of a note changed nothing: it was signed meanwhile, or changed.
pub(super) async fn refused_write(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> AppError {
    match find(db, staff, id).await {
        Ok(note) if note.status == NoteStatus::Signed => locked(),
        Ok(_) => AppError::stale_version(),
        Err(err) => err,
    }
}

/// Changes a draft (its author only).
#[tracing::instrument(skip_all)]
pub async fn update(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    version: i32,
    change: NoteUpdate,
) -> Result<NoteView> {
    staff.require(Action::WriteClinical)?;
    let current = find(db, staff, id).await?;
    if current.status == NoteStatus::Signed {
        return Err(locked());
    }
    if current.author_id != staff.id {
        return Err(AppError::Forbidden("Only the author of a draft note can change it.".into()));
    }
    if current.version != version {
        return Err(AppError::stale_version());
    }
    let today = staff.today();
    let format = change.format.unwrap_or(current.format);

    let mut check = Check::new();
    let session_on = change.session_on.unwrap_or(current.session_on);
    let duration = change.duration_minutes.unwrap_or(current.duration_minutes);
    check_session(&mut check, today, session_on, duration);
    let mut model = session_notes::ActiveModel {
        session_on: Set(session_on),
        duration_minutes: Set(duration),
        ..Default::default()
    };
    if let Some(started_at) = change.started_at {
        model.started_at = Set(started_at);
    }
    if let Some(service_type) = &change.service_type {
        model.service_type = Set(check.optional_text("service_type", service_type.as_deref(), 100));
    }
    match (&change.sections, change.format) {
        (Some(sections), _) => model.sections = Set(check_sections(&mut check, format, sections)),
        (None, Some(new_format)) if new_format != current.format => check.fail(
            "sections",
            "send the sections of the new format too, so no text is dropped by the change",
        ),
        _ => {}
    }
    model.format = Set(format);
    if let Some(flags) = &change.risk_flags {
        model.risk_flags = Set(vocabulary::to_json(flags, RiskFlag::as_str));
    }
    if let Some(private) = change.is_psychotherapy_note {
        model.is_psychotherapy_note = Set(private);
    }
    check.finish()?;

    let still_draft = Condition::all().add(session_notes::Column::Status.eq(NoteStatus::Draft));
    let Some(updated) =
        versioned::update(db, staff.practice_id, id, version, model, still_draft).await?
    else {
        return Err(refused_write(db, staff, id).await);
    };
    let answer = view(db, staff.practice_id, updated).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "note.update", "note", Some(id)).client(current.client_id),
    )
    .await?;
    Ok(answer)
}
