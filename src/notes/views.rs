//! Reading notes: who sees which (other people's psychotherapy notes never), the list, one
//! note with its addenda and authors' names, and the signed notes a report quotes.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};
use serde_json::json;
use uuid::Uuid;

use super::types::{AddendumView, NoteView};
use crate::{
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::CurrentStaff,
    core::paging::PageRequest,
    core::tenancy::InPractice,
    entities::states::NoteStatus,
    entities::{note_addenda, session_notes},
    recovery::vocabulary::{self, RiskFlag},
    staff::service as staff_service,
};

/// The notes `staff` may see at all: their practice's, without other people's
/// psychotherapy notes (which stay out of every list, count and search).
pub(super) fn visible(staff: &CurrentStaff) -> Select<session_notes::Entity> {
    session_notes::Entity::in_practice(staff.practice_id).filter(
        Condition::any()
            .add(session_notes::Column::IsPsychotherapyNote.eq(false))
            .add(session_notes::Column::AuthorId.eq(staff.id)),
    )
}

/// One note within reach (its client in the caller's scope), or 404.
pub(super) async fn find(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<session_notes::Model> {
    staff.require_clinical_access()?;
    let note = visible(staff)
        .filter(session_notes::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    client_service::find(db, staff, note.client_id).await?;
    Ok(note)
}

pub(super) fn locked() -> AppError {
    AppError::Conflict(
        "This note is signed and locked as part of the legal record. Add an addendum instead."
            .to_owned(),
    )
}

/// Builds the views of some notes with their addenda and names, in two more queries.
pub(super) async fn views(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    notes: Vec<session_notes::Model>,
) -> Result<Vec<NoteView>> {
    let ids: Vec<Uuid> = notes.iter().map(|n| n.id).collect();
    let addenda = if ids.is_empty() {
        Vec::new()
    } else {
        note_addenda::Entity::in_practice(practice_id)
            .filter(note_addenda::Column::NoteId.is_in(ids))
            .order_by_asc(note_addenda::Column::CreatedAt)
            .order_by_asc(note_addenda::Column::Id)
            .all(db)
            .await?
    };
    let people: Vec<Uuid> = notes
        .iter()
        .flat_map(|n| [Some(n.author_id), n.signed_by, n.cosigned_by])
        .flatten()
        .chain(addenda.iter().map(|a| a.author_id))
        .collect();
    let names = staff_service::names(db, practice_id, people).await?;
    Ok(assemble(notes, addenda, &names))
}

/// The views of notes given their addenda and the names of everyone involved.
pub(super) fn assemble(
    notes: Vec<session_notes::Model>,
    addenda: Vec<note_addenda::Model>,
    names: &HashMap<Uuid, String>,
) -> Vec<NoteView> {
    let name = |id: Option<Uuid>| id.and_then(|id| names.get(&id).cloned());
    let mut by_note: HashMap<Uuid, Vec<AddendumView>> = HashMap::new();
    for a in addenda {
        by_note.entry(a.note_id).or_default().push(AddendumView {
            id: a.id,
            author_id: a.author_id,
            author_name: name(Some(a.author_id)),
            text: a.text,
            created_at: a.created_at,
        });
    }
    notes
        .into_iter()
        .map(|n| {
            let sections = n
                .sections
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                        .collect()
                })
                .unwrap_or_default();
            NoteView {
                id: n.id,
                client_id: n.client_id,
                author_id: n.author_id,
                author_name: name(Some(n.author_id)),
                session_on: n.session_on,
                started_at: n.started_at,
                duration_minutes: n.duration_minutes,
                service_type: n.service_type,
                format: n.format,
                sections,
                risk_flags: vocabulary::from_json(&n.risk_flags, RiskFlag::parse),
                is_psychotherapy_note: n.is_psychotherapy_note,
                locked: n.status == NoteStatus::Signed,
                status: n.status,
                signed_at: n.signed_at,
                signed_by: n.signed_by,
                signed_by_name: name(n.signed_by),
                cosigned_at: n.cosigned_at,
                cosigned_by: n.cosigned_by,
                cosigned_by_name: name(n.cosigned_by),
                appointment_id: n.appointment_id,
                addenda: by_note.remove(&n.id).unwrap_or_default(),
                version: n.version,
                created_at: n.created_at,
                updated_at: n.updated_at,
            }
        })
        .collect()
}

pub(super) async fn view(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    note: session_notes::Model,
) -> Result<NoteView> {
    Ok(views(db, practice_id, vec![note]).await?.remove(0))
}

/// A page of a client's notes, newest session first.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    page: PageRequest,
) -> Result<(Vec<NoteView>, u64)> {
    staff.require_clinical_access()?;
    client_service::find(db, staff, client_id).await?;
    let query = visible(staff).filter(session_notes::Column::ClientId.eq(client_id));
    let total = query.clone().count(db).await?;
    let notes = query
        .order_by_desc(session_notes::Column::SessionOn)
        .order_by_desc(session_notes::Column::CreatedAt)
        .order_by_desc(session_notes::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let count = notes.len();
    let items = views(db, staff.practice_id, notes).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "note.list", "client", Some(client_id))
            .client(client_id)
            .detail(json!({ "count": count })),
    )
    .await?;
    Ok((items, total))
}

/// One note with its addenda; records the view.
pub async fn get(db: &impl ConnectionTrait, staff: &CurrentStaff, id: Uuid) -> Result<NoteView> {
    let note = find(db, staff, id).await?;
    audit::record(db, AuditEvent::by(staff, "note.read", "note", Some(id)).client(note.client_id))
        .await?;
    view(db, staff.practice_id, note).await
}

/// A client's signed notes with sessions in `from..=to`, oldest first, for a report: never a
/// draft and never a psychotherapy note (whoever asks). Three queries.
pub async fn signed_for_report(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<NoteView>> {
    let notes = session_notes::Entity::in_practice(practice_id)
        .filter(session_notes::Column::ClientId.eq(client_id))
        .filter(session_notes::Column::Status.eq(NoteStatus::Signed))
        .filter(session_notes::Column::IsPsychotherapyNote.eq(false))
        .filter(session_notes::Column::SessionOn.between(from, to))
        .order_by_asc(session_notes::Column::SessionOn)
        .order_by_asc(session_notes::Column::CreatedAt)
        .order_by_asc(session_notes::Column::Id)
        .all(db)
        .await?;
    views(db, practice_id, notes).await
}
