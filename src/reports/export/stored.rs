//! Finished exports: the caller's list, one export, and its zip sent part by part; expired
//! zips dropped.

use chrono::Utc;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::CurrentStaff,
    core::paging::PageRequest,
    core::tenancy::InPractice,
    entities::{report_export_parts, report_exports},
};

use super::types::ExportView;

/// Drops the zips (reports of many clients) of a practice's exports past their time, so they
/// do not stay in the database and its backups: whenever an export is started or the list
/// of exports is opened.
pub(super) async fn drop_expired(
    db: &impl sea_orm::ConnectionTrait,
    practice_id: Uuid,
    now: chrono::DateTime<Utc>,
) -> Result<()> {
    report_exports::Entity::update_many()
        .col_expr(
            report_exports::Column::Archive,
            sea_orm::sea_query::Expr::value(Option::<Vec<u8>>::None),
        )
        .filter(report_exports::Column::PracticeId.eq(practice_id))
        .filter(report_exports::Column::ExpiresAt.lt(now))
        .filter(report_exports::Column::Archive.is_not_null())
        .exec(db)
        .await?;
    let expired: Vec<Uuid> = report_exports::Entity::in_practice(practice_id)
        .filter(report_exports::Column::ExpiresAt.lt(now))
        .select_only()
        .column(report_exports::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    if !expired.is_empty() {
        report_export_parts::Entity::delete_many()
            .filter(report_export_parts::Column::PracticeId.eq(practice_id))
            .filter(report_export_parts::Column::ExportId.is_in(expired))
            .exec(db)
            .await?;
    }
    Ok(())
}

pub(super) fn own(staff: &CurrentStaff) -> sea_orm::Select<report_exports::Entity> {
    report_exports::Entity::in_practice(staff.practice_id)
        .filter(report_exports::Column::RequestedBy.eq(staff.id))
}

/// The caller's exports, newest first (without their archives).
pub async fn list(
    db: &DatabaseConnection,
    staff: &CurrentStaff,
    page: PageRequest,
) -> Result<(Vec<ExportView>, u64)> {
    staff.require_clinical_access()?;
    let txn = crate::core::db::begin_in(db, staff.practice_id).await?;
    drop_expired(&txn, staff.practice_id, Utc::now()).await?;
    let total = own(staff).count(&txn).await?;
    let rows = own(staff)
        .select_only()
        .columns(columns_without_archive())
        .order_by_desc(report_exports::Column::CreatedAt)
        .order_by_desc(report_exports::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .into_model::<report_exports::Model>()
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok((rows.into_iter().map(ExportView::from).collect(), total))
}

pub(super) fn columns_without_archive() -> Vec<report_exports::Column> {
    use sea_orm::Iterable;
    report_exports::Column::iter()
        .filter(|c| !matches!(c, report_exports::Column::Archive))
        .collect()
}

/// One of the caller's exports (404 for anyone else's).
pub async fn get(db: &DatabaseConnection, staff: &CurrentStaff, id: Uuid) -> Result<ExportView> {
    staff.require_clinical_access()?;
    let txn = crate::core::db::begin_in(db, staff.practice_id).await?;
    let row = own(staff)
        .filter(report_exports::Column::Id.eq(id))
        .select_only()
        .columns(columns_without_archive())
        .into_model::<report_exports::Model>()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    txn.commit().await?;
    Ok(row.into())
}

/// A finished zip: stored whole (an export made before parts) or as parts to send in order.
pub enum ZipBytes {
    Whole(Vec<u8>),
    Parts { count: u64 },
}

/// The finished zip of one of the caller's exports; the download is audited.
pub async fn download(
    db: &DatabaseConnection,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<(ExportView, ZipBytes)> {
    staff.require_clinical_access()?;
    let txn = crate::core::db::begin_in(db, staff.practice_id).await?;
    let mut row = own(staff)
        .filter(report_exports::Column::Id.eq(id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let archive = row.archive.take();
    let view = ExportView::from(row);
    let parts = report_export_parts::Entity::in_practice(staff.practice_id)
        .filter(report_export_parts::Column::ExportId.eq(id))
        .count(&txn)
        .await?;
    let zip = match (view.status.as_str(), archive) {
        ("done", Some(archive)) => ZipBytes::Whole(archive),
        ("done", None) if parts > 0 => ZipBytes::Parts { count: parts },
        ("expired", _) | ("done", None) => {
            return Err(AppError::Conflict(
                "This export has expired. Please start it again.".into(),
            ));
        }
        _ => return Err(AppError::Conflict("This export is not finished.".into())),
    };
    audit::record(
        &txn,
        AuditEvent::by(staff, "report_export.download", "report_export", Some(id))
            .detail(json!({ "bytes": view.size_bytes, "reports": view.done })),
    )
    .await?;
    txn.commit().await?;
    Ok((view, zip))
}

/// Reads one stored part of a zip (in its own short transaction, so a slow download holds
/// no connection between parts).
pub async fn part(
    db: &DatabaseConnection,
    practice_id: Uuid,
    id: Uuid,
    seq: u64,
) -> Result<Vec<u8>> {
    let txn = crate::core::db::begin_in(db, practice_id).await?;
    let part = report_export_parts::Entity::in_practice(practice_id)
        .filter(report_export_parts::Column::ExportId.eq(id))
        .filter(report_export_parts::Column::Seq.eq(seq as i32))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::internal(format!("export {id} lacks its part {seq}")))?;
    txn.commit().await?;
    Ok(part.bytes)
}
