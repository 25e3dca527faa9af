//! Addenda: the only way to correct a signed note, appended and never changed.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::types::{AddendumView, NewAddendum};
use super::{drafts::MAX_SECTION_CHARS, views::find};
use crate::{
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff},
    core::validation::Check,
    entities::note_addenda,
    entities::states::NoteStatus,
};

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
    if note.status != NoteStatus::Signed {
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
