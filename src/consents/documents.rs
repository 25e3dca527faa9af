//! A consent's signed paper: attached once as a PDF, JPEG or PNG (told by its bytes), never
//! replaced or deleted, read back by those who may read the consent.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use super::service::{find, views};
use super::types::ConsentView;
use crate::{
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result, UniqueKey, unique_violation_as},
    core::identity::CurrentStaff,
    core::tenancy::InPractice,
    entities::consent_documents,
};

/// One signed paper per consent.
pub(super) const ONE_DOCUMENT: UniqueKey = UniqueKey {
    name: "consent_documents_pkey",
    table: "consent_documents",
    columns: &["practice_id", "consent_id"],
};

/// The kinds of signed paper accepted, told by their first bytes (not by the caller).
pub(super) fn document_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// Attaches the signed paper (a PDF, or a JPEG or PNG photo) to a consent: once, never
/// replaced (409 when one is attached already).
#[tracing::instrument(skip_all)]
pub async fn attach_document(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    bytes: Vec<u8>,
) -> Result<ConsentView> {
    let consent = find(db, staff, id).await?;
    let Some(content_type) = document_type(&bytes) else {
        return Err(AppError::field(
            "document",
            "must be a PDF, or a JPEG or PNG photo of the signed consent",
        ));
    };
    let attached = consent_documents::Entity::in_practice(staff.practice_id)
        .filter(consent_documents::Column::ConsentId.eq(id))
        .count(db)
        .await?;
    if attached > 0 {
        return Err(already_attached());
    }
    let size = bytes.len();
    consent_documents::Entity::insert(consent_documents::ActiveModel {
        practice_id: Set(staff.practice_id),
        consent_id: Set(id),
        content_type: Set(content_type.into()),
        bytes: Set(bytes),
        uploaded_by: Set(staff.id),
        uploaded_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await
    .map_err(|e| unique_violation_as(e, &ONE_DOCUMENT, already_attached()))?;
    audit::record(
        db,
        AuditEvent::by(staff, "consent.document_attach", "consent", Some(id))
            .client(consent.client_id)
            .detail(json!({ "content_type": content_type, "bytes": size })),
    )
    .await?;
    Ok(views(db, staff, vec![consent]).await?.remove(0))
}

pub(super) fn already_attached() -> AppError {
    AppError::Conflict(
        "A signed copy is attached already; it is kept as it is. Record a new consent to \
         change anything."
            .into(),
    )
}

/// The signed paper of a consent: its kind and bytes (404 when none is attached).
pub async fn document(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<(String, Vec<u8>)> {
    let consent = find(db, staff, id).await?;
    let document = consent_documents::Entity::in_practice(staff.practice_id)
        .filter(consent_documents::Column::ConsentId.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        db,
        AuditEvent::by(staff, "consent.document_read", "consent", Some(id))
            .client(consent.client_id),
    )
    .await?;
    Ok((document.content_type, document.bytes))
}
