//! Signing a draft (it becomes the locked legal record) and a supervisor's co-signature.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait};
use uuid::Uuid;

use super::types::NoteView;
use super::views::{find, view};
use crate::{
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff},
    core::validation::Check,
    core::versioned,
    entities::session_notes,
    entities::states::NoteStatus,
};

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
    if current.status == NoteStatus::Signed {
        return Err(AppError::Conflict("This note is already signed.".into()));
    }
    if current.author_id != staff.id {
        return Err(AppError::Forbidden("Only the author of a note can sign it.".into()));
    }
    if version.is_some_and(|v| v != current.version) {
        return Err(AppError::stale_version());
    }
    let format = current.format;
    let mut check = Check::new();
    for key in format.sections() {
        let text = current.sections.get(*key).and_then(|v| v.as_str()).unwrap_or_default();
        if text.trim().is_empty() {
            check.fail(&format!("sections.{key}"), "must be filled in before the note is signed");
        }
    }
    check.finish()?;

    let now = Utc::now();
    let signing = session_notes::ActiveModel {
        status: Set(NoteStatus::Signed),
        signed_at: Set(Some(now)),
        signed_by: Set(Some(staff.id)),
        updated_at: Set(now),
        ..Default::default()
    };
    let still_draft = Condition::all().add(session_notes::Column::Status.eq(NoteStatus::Draft));
    let signed =
        versioned::update(db, staff.practice_id, id, current.version, signing, still_draft).await?;
    let Some(signed) = signed else {
        return Err(match find(db, staff, id).await? {
            note if note.status == NoteStatus::Signed => {
                AppError::Conflict("This note is already signed.".into())
            }
            _ => AppError::stale_version(),
        });
    };
    let answer = view(db, staff.practice_id, signed).await?;
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
    if current.status != NoteStatus::Signed {
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
    let cosigning = session_notes::ActiveModel {
        cosigned_at: Set(Some(now)),
        cosigned_by: Set(Some(staff.id)),
        updated_at: Set(now),
        ..Default::default()
    };
    let not_yet = Condition::all().add(session_notes::Column::CosignedAt.is_null());
    let cosigned =
        versioned::update(db, staff.practice_id, id, current.version, cosigning, not_yet)
            .await?
            .ok_or_else(|| AppError::Conflict("This note is already co-signed.".into()))?;
    let answer = view(db, staff.practice_id, cosigned).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "note.cosign", "note", Some(id)).client(current.client_id),
    )
    .await?;
    Ok(answer)
}
