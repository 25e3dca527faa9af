//! Note rules: who may read and write, drafts versus the locked legal record, addenda,
//! co-signing, and an audit event for every read and write.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde_json::json;
use uuid::Uuid;

use super::types::{AddendumView, NewAddendum, NewNote, NoteUpdate, NoteView};
use crate::{
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff},
    core::paging::PageRequest,
    core::tenancy::InPractice,
    core::validation::Check,
    entities::{note_addenda, session_notes},
    recovery::vocabulary::{self, NoteFormat, RiskFlag},
    staff::service as staff_service,
};

const DRAFT: &str = "draft";
const SIGNED: &str = "signed";
/// The longest text of one section or addendum.
const MAX_SECTION_CHARS: usize = 50_000;

/// The notes `staff` may see at all: their practice's, without other people's
/// psychotherapy notes (which stay out of every list, count and search).
fn visible(staff: &CurrentStaff) -> Select<session_notes::Entity> {
    session_notes::Entity::in_practice(staff.practice_id).filter(
        Condition::any()
            .add(session_notes::Column::IsPsychotherapyNote.eq(false))
            .add(session_notes::Column::AuthorId.eq(staff.id)),
    )
}

/// One note within reach (its client in the caller's scope), or 404.
async fn find(
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

fn locked() -> AppError {
    AppError::Conflict(
        "This note is signed and locked as part of the legal record. Add an addendum instead."
            .to_owned(),
    )
}

/// Builds the views of some notes with their addenda and names, in two more queries.
async fn views(
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
fn assemble(
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
                format: NoteFormat::parse(&n.format).unwrap_or(NoteFormat::Free),
                sections,
                risk_flags: vocabulary::from_json(&n.risk_flags, RiskFlag::parse),
                is_psychotherapy_note: n.is_psychotherapy_note,
                locked: n.status == SIGNED,
                status: n.status,
                signed_at: n.signed_at,
                signed_by: n.signed_by,
                signed_by_name: name(n.signed_by),
                cosigned_at: n.cosigned_at,
                cosigned_by: n.cosigned_by,
                cosigned_by_name: name(n.cosigned_by),
                addenda: by_note.remove(&n.id).unwrap_or_default(),
                version: n.version,
                created_at: n.created_at,
                updated_at: n.updated_at,
            }
        })
        .collect()
}

async fn view(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    note: session_notes::Model,
) -> Result<NoteView> {
    Ok(views(db, practice_id, vec![note]).await?.remove(0))
}

/// Every section of the format, trimmed; a key the format does not have is refused.
fn check_sections(
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

fn check_session(
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
        format: Set(input.format.as_str().to_owned()),
        sections: Set(sections),
        risk_flags: Set(vocabulary::to_json(&input.risk_flags, RiskFlag::as_str)),
        is_psychotherapy_note: Set(input.is_psychotherapy_note),
        status: Set(DRAFT.to_owned()),
        signed_at: Set(None),
        signed_by: Set(None),
        cosigned_at: Set(None),
        cosigned_by: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(db)
    .await?;
    // A new note has no addenda and one person, its author (the caller): its view needs
    // no query. It is built before the audit event, which holds the practice's chain lock
    // until COMMIT.
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
async fn refused_write(db: &impl ConnectionTrait, staff: &CurrentStaff, id: Uuid) -> AppError {
    match find(db, staff, id).await {
        Ok(note) if note.status == SIGNED => locked(),
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
    if current.status == SIGNED {
        return Err(locked());
    }
    if current.author_id != staff.id {
        return Err(AppError::Forbidden("Only the author of a draft note can change it.".into()));
    }
    if current.version != version {
        return Err(AppError::stale_version());
    }
    let today = staff.today();
    let current_format = NoteFormat::parse(&current.format).unwrap_or(NoteFormat::Free);
    let format = change.format.unwrap_or(current_format);

    let mut check = Check::new();
    let session_on = change.session_on.unwrap_or(current.session_on);
    let duration = change.duration_minutes.unwrap_or(current.duration_minutes);
    check_session(&mut check, today, session_on, duration);
    let mut model = session_notes::ActiveModel {
        session_on: Set(session_on),
        duration_minutes: Set(duration),
        version: Set(version + 1),
        updated_at: Set(Utc::now()),
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
        (None, Some(new_format)) if new_format != current_format => check.fail(
            "sections",
            "send the sections of the new format too, so no text is dropped by the change",
        ),
        _ => {}
    }
    model.format = Set(format.as_str().to_owned());
    if let Some(flags) = &change.risk_flags {
        model.risk_flags = Set(vocabulary::to_json(flags, RiskFlag::as_str));
    }
    if let Some(private) = change.is_psychotherapy_note {
        model.is_psychotherapy_note = Set(private);
    }
    check.finish()?;

    let result = session_notes::Entity::update_many()
        .set(model)
        .filter(session_notes::Column::PracticeId.eq(staff.practice_id))
        .filter(session_notes::Column::Id.eq(id))
        .filter(session_notes::Column::Status.eq(DRAFT))
        .filter(session_notes::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(refused_write(db, staff, id).await);
    }
    // The answer is read before the audit event, which holds the practice's chain lock
    // until COMMIT.
    let answer = view(db, staff.practice_id, find(db, staff, id).await?).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "note.update", "note", Some(id)).client(current.client_id),
    )
    .await?;
    Ok(answer)
}

/// Signs a draft (its author only): from now on the note is locked.
#[tracing::instrument(skip_all)]
pub async fn sign(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    version: Option<i32>,
) -> Result<NoteView> {
    staff.require(Action::WriteClinical)?;
    let current = find(db, staff, id).await?;
    if current.status == SIGNED {
        return Err(AppError::Conflict("This note is already signed.".into()));
    }
    if current.author_id != staff.id {
        return Err(AppError::Forbidden("Only the author of a note can sign it.".into()));
    }
    if version.is_some_and(|v| v != current.version) {
        return Err(AppError::stale_version());
    }
    let format = NoteFormat::parse(&current.format).unwrap_or(NoteFormat::Free);
    let mut check = Check::new();
    for key in format.sections() {
        let text = current.sections.get(*key).and_then(|v| v.as_str()).unwrap_or_default();
        if text.trim().is_empty() {
            check.fail(&format!("sections.{key}"), "must be filled in before the note is signed");
        }
    }
    check.finish()?;

    let now = Utc::now();
    let result = session_notes::Entity::update_many()
        .set(session_notes::ActiveModel {
            status: Set(SIGNED.to_owned()),
            signed_at: Set(Some(now)),
            signed_by: Set(Some(staff.id)),
            version: Set(current.version + 1),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(session_notes::Column::PracticeId.eq(staff.practice_id))
        .filter(session_notes::Column::Id.eq(id))
        .filter(session_notes::Column::Status.eq(DRAFT))
        .filter(session_notes::Column::Version.eq(current.version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(match find(db, staff, id).await? {
            note if note.status == SIGNED => {
                AppError::Conflict("This note is already signed.".into())
            }
            _ => AppError::stale_version(),
        });
    }
    // The answer is read before the audit event, which holds the practice's chain lock
    // until COMMIT.
    let answer = view(db, staff.practice_id, find(db, staff, id).await?).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "note.sign", "note", Some(id)).client(current.client_id),
    )
    .await?;
    Ok(answer)
}

/// A supervisor's or owner's co-signature on someone else's signed note, given once.
#[tracing::instrument(skip_all)]
pub async fn cosign(db: &impl ConnectionTrait, staff: &CurrentStaff, id: Uuid) -> Result<NoteView> {
    staff.require(Action::CosignNote)?;
    let current = find(db, staff, id).await?;
    if current.status != SIGNED {
        return Err(AppError::Conflict("Only a signed note can be co-signed.".into()));
    }
    if current.author_id == staff.id {
        return Err(AppError::Forbidden(
            "A co-signature must come from someone other than the note's author.".into(),
        ));
    }
    if current.cosigned_at.is_some() {
        return Err(AppError::Conflict("This note is already co-signed.".into()));
    }
    let now = Utc::now();
    let result = session_notes::Entity::update_many()
        .set(session_notes::ActiveModel {
            cosigned_at: Set(Some(now)),
            cosigned_by: Set(Some(staff.id)),
            version: Set(current.version + 1),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(session_notes::Column::PracticeId.eq(staff.practice_id))
        .filter(session_notes::Column::Id.eq(id))
        .filter(session_notes::Column::CosignedAt.is_null())
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::Conflict("This note is already co-signed.".into()));
    }
    // The answer is read before the audit event, which holds the practice's chain lock
    // until COMMIT.
    let answer = view(db, staff.practice_id, find(db, staff, id).await?).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "note.cosign", "note", Some(id)).client(current.client_id),
    )
    .await?;
    Ok(answer)
}

/// Adds a dated addendum to a signed note; the original stays as it was.
#[tracing::instrument(skip_all)]
pub async fn add_addendum(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    input: NewAddendum,
) -> Result<AddendumView> {
    staff.require(Action::WriteClinical)?;
    let note = find(db, staff, id).await?;
    if note.status != SIGNED {
        return Err(AppError::Conflict(
            "This note is still a draft: change the draft instead of adding an addendum.".into(),
        ));
    }
    let mut check = Check::new();
    let text = check.required_text("text", &input.text, MAX_SECTION_CHARS);
    check.finish()?;
    let addendum = note_addenda::Entity::insert(note_addenda::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        note_id: Set(id),
        author_id: Set(staff.id),
        text: Set(text),
        created_at: Set(Utc::now()),
    })
    .exec_with_returning(db)
    .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "note.addendum", "note", Some(id))
            .client(note.client_id)
            .detail(json!({ "addendum_id": addendum.id })),
    )
    .await?;
    Ok(AddendumView {
        id: addendum.id,
        author_id: addendum.author_id,
        author_name: Some(staff.name.clone()),
        text: addendum.text,
        created_at: addendum.created_at,
    })
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
        .filter(session_notes::Column::Status.eq(SIGNED))
        .filter(session_notes::Column::IsPsychotherapyNote.eq(false))
        .filter(session_notes::Column::SessionOn.between(from, to))
        .order_by_asc(session_notes::Column::SessionOn)
        .order_by_asc(session_notes::Column::CreatedAt)
        .order_by_asc(session_notes::Column::Id)
        .all(db)
        .await?;
    views(db, practice_id, notes).await
}
