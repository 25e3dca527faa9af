//! Starting an export: its basis checked, its row recorded (one running per member, a few per
//! practice), its reports produced in the background.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::reports::service::{self, ReportRequest};
use crate::{
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result, UniqueKey, unique_violation_as},
    core::identity::CurrentStaff,
    core::tenancy::InPractice,
    entities::states::{ExportStatus, RecordStatus},
    entities::{clients, report_exports},
    practices::service as practice_service,
};

use super::{
    KEEP_DAYS, MAX_RUNNING_PER_PRACTICE, STALE_AFTER_SECONDS,
    produce::{finish, produce, temporary_file},
    stored::drop_expired,
    types::{ExportView, NewExport},
};

/// One running export per member.
pub(super) const ONE_RUNNING: UniqueKey = UniqueKey {
    name: "ux_report_exports_running",
    table: "report_exports",
    columns: &["practice_id", "requested_by"],
};

/// The active clients an export covers: the caller's caseload (a clinician) or the practice.
pub(crate) async fn client_ids(
    db: &impl sea_orm::ConnectionTrait,
    staff: &CurrentStaff,
) -> Result<Vec<Uuid>> {
    Ok(client_service::scoped(staff)
        .filter(clients::Column::Status.eq(RecordStatus::Active))
        .select_only()
        .column(clients::Column::Id)
        .order_by_asc(clients::Column::SearchName)
        .order_by_asc(clients::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// Checks and records a new export, then runs it in the background.
pub async fn start(
    db: &DatabaseConnection,
    staff: &CurrentStaff,
    input: NewExport,
) -> Result<ExportView> {
    staff.require_clinical_access()?;
    let txn = crate::core::db::begin_in(db, staff.practice_id).await?;
    let practice = practice_service::get(&txn, staff.practice_id).await?;
    let today = crate::core::clock::today_in(&practice.time_zone);
    let checked = ReportRequest {
        from: Some(input.from),
        to: Some(input.to),
        include_notes: input.include_notes.unwrap_or(true),
        include_plan: false,
        include_screens: false,
        recipient: input.recipient,
        purpose: input.purpose,
    }
    .check(today)?;
    let consent_recipient = export_basis(input.consent_recipient, input.internal)?;
    let ids = client_ids(&txn, staff).await?;
    let now = Utc::now();
    admit(&txn, staff, now).await?;
    let row = report_exports::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        requested_by: Set(staff.id),
        from_day: Set(checked.from),
        to_day: Set(checked.to),
        include_notes: Set(checked.include_notes),
        recipient: Set(checked.recipient.clone()),
        purpose: Set(checked.purpose.clone()),
        status: Set(ExportStatus::Running),
        total: Set(ids.len() as i32),
        done: Set(0),
        error: Set(None),
        archive: Set(None),
        archive_bytes: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
        expires_at: Set(now + Duration::days(KEEP_DAYS)),
        consent_recipient: Set(consent_recipient.clone()),
        left_out: Set(None),
    };
    let row = report_exports::Entity::insert(row)
        .exec_with_returning(&txn)
        .await
        .map_err(|e| unique_violation_as(e, &ONE_RUNNING, one_at_a_time()))?;
    audit::record(
        &txn,
        AuditEvent::by(staff, "report_export.start", "report_export", Some(row.id))
            .detail(json!({ "from": checked.from, "to": checked.to, "clients": ids.len(),
                            "consent_recipient": consent_recipient })),
    )
    .await?;
    txn.commit().await?;

    run_in_background(db, staff, practice, checked, consent_recipient, ids, row.id);
    Ok(row.into())
}

/// The month-end export's basis: the consents naming a recipient, or internal use.
pub fn export_basis(
    consent_recipient: Option<String>,
    internal: Option<bool>,
) -> Result<Option<String>> {
    let recipient = consent_recipient.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    match (recipient, internal.unwrap_or(false)) {
        (Some(r), false) if r.chars().count() <= service::MAX_LABEL_CHARS => Ok(Some(r)),
        (Some(_), false) => {
            Err(AppError::field("consent_recipient", "is longer than 200 characters"))
        }
        (None, true) => Ok(None),
        _ => Err(AppError::field(
            "consent_recipient",
            "choose one: the recipient whose consents the reports go out under \
             (consent_recipient), or the practice's own use (internal: true)",
        )),
    }
}

pub(super) fn one_at_a_time() -> AppError {
    AppError::Conflict(
        "You already have an export running. It has to finish before you start another.".into(),
    )
}

/// Whether a new export may start now: expired zips are dropped, exports whose server stopped
/// are marked failed, then one running export per member (a unique index holds it even for two
/// starts at once) and a few per practice.
async fn admit(
    txn: &impl sea_orm::ConnectionTrait,
    staff: &CurrentStaff,
    now: chrono::DateTime<Utc>,
) -> Result<()> {
    drop_expired(txn, staff.practice_id, now).await?;
    let stale = now - Duration::seconds(STALE_AFTER_SECONDS);
    report_exports::Entity::update_many()
        .col_expr(
            report_exports::Column::Status,
            sea_orm::sea_query::Expr::value(ExportStatus::Failed),
        )
        .col_expr(
            report_exports::Column::Error,
            sea_orm::sea_query::Expr::value(
                "The export was interrupted (the server stopped). Please start it again.",
            ),
        )
        .filter(report_exports::Column::PracticeId.eq(staff.practice_id))
        .filter(report_exports::Column::Status.eq(ExportStatus::Running))
        .filter(report_exports::Column::UpdatedAt.lt(stale))
        .exec(txn)
        .await?;
    let running = report_exports::Entity::in_practice(staff.practice_id)
        .filter(report_exports::Column::Status.eq(ExportStatus::Running));
    if running.clone().filter(report_exports::Column::RequestedBy.eq(staff.id)).count(txn).await?
        > 0
    {
        return Err(one_at_a_time());
    }
    if running.count(txn).await? >= MAX_RUNNING_PER_PRACTICE {
        return Err(AppError::TooManyRequests {
            retry_after_secs: 60,
            detail: format!(
                "{MAX_RUNNING_PER_PRACTICE} exports are running in the practice. Please start \
                 yours when one of them has finished."
            ),
        });
    }
    Ok(())
}

/// Produces the export's zip into a temporary file in the background and records how it ended.
fn run_in_background(
    db: &DatabaseConnection,
    staff: &CurrentStaff,
    practice: crate::entities::practices::Model,
    checked: crate::reports::service::Checked,
    consent_recipient: Option<String>,
    ids: Vec<Uuid>,
    id: Uuid,
) {
    let (db, staff) = (db.clone(), staff.clone());
    tokio::spawn(async move {
        let path = std::env::temp_dir().join(format!("daybreak-export-{id}.zip"));
        let outcome = match temporary_file(&path) {
            Ok(file) => {
                produce(
                    &db,
                    &staff,
                    &practice,
                    &checked,
                    consent_recipient.as_deref(),
                    &ids,
                    Some(id),
                    &mut |_, _| {},
                    file,
                )
                .await
            }
            Err(e) => Err(e),
        };
        finish(&db, staff.practice_id, id, outcome).await;
        let _ = std::fs::remove_file(&path);
    });
}
