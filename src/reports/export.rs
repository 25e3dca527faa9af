//! Month-end export: every active client's report for one period in one zip. A request starts
//! a background job whose progress lives in `report_exports` (so a reloaded page, or another
//! instance, sees it); the CLI runs the same `produce` with a progress bar in the terminal.
//! Every report in the zip is audited, like a single export. The zip is written to a file as
//! the reports render (the CLI's own output, or a temporary file), then stored in parts of at
//! most 1 MiB and sent part by part: it is never held in memory whole.

use std::io::{Read, Write};

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveEnum, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;
use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

use super::{
    render_full,
    service::{self, Checked, ReportRequest},
};
use crate::{
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result, UniqueKey, unique_violation_as},
    core::identity::CurrentStaff,
    core::paging::PageRequest,
    core::tenancy::InPractice,
    entities::states::{ExportStatus, RecordStatus},
    entities::{clients, practices, report_export_parts, report_exports},
    practices::service as practice_service,
};

/// One running export per member.
const ONE_RUNNING: UniqueKey = UniqueKey {
    name: "ux_report_exports_running",
    table: "report_exports",
    columns: &["practice_id", "requested_by"],
};

/// How long a finished zip stays downloadable.
pub const KEEP_DAYS: i64 = 7;
/// A running export that has not moved for this long was interrupted (its server stopped).
pub const STALE_AFTER_SECONDS: i64 = 120;
/// Reports between two progress updates.
const BATCH: usize = 10;
/// Exports running at once in one practice (each member runs one at a time).
pub const MAX_RUNNING_PER_PRACTICE: u64 = 3;
/// The largest part a finished zip is stored (and sent) in.
pub const PART_BYTES: usize = 1024 * 1024;

/// What a month-end export covers (API.md).
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewExport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Include signed session notes (default true).
    pub include_notes: Option<bool>,
    pub recipient: Option<String>,
    pub purpose: Option<String>,
    /// Send each client's report under their active consent naming this recipient (the
    /// consent's own recipient and purpose are printed); clients without one are left out and
    /// listed in `left_out`. One of `consent_recipient` and `internal` is required.
    pub consent_recipient: Option<String>,
    /// For the practice's own use: nothing leaves the practice, no recipient is printed.
    pub internal: Option<bool>,
}

/// A client a month-end export left out, and why.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LeftOut {
    pub client_id: Uuid,
    pub name: String,
    pub reason: String,
}

/// An export job as its requester sees it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ExportView {
    pub id: Uuid,
    /// `running`, `done`, `failed` or `expired`.
    pub status: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub include_notes: bool,
    pub recipient: Option<String>,
    pub purpose: Option<String>,
    /// Clients in the export.
    pub total: i32,
    /// Reports finished so far.
    pub done: i32,
    pub error: Option<String>,
    pub size_bytes: i64,
    pub created_at: chrono::DateTime<Utc>,
    pub finished_at: Option<chrono::DateTime<Utc>>,
    pub expires_at: chrono::DateTime<Utc>,
    /// The recipient whose consents it went out under; null for internal use.
    pub consent_recipient: Option<String>,
    /// Clients left out for want of an active consent naming the recipient.
    pub left_out: Vec<LeftOut>,
}

impl From<report_exports::Model> for ExportView {
    fn from(m: report_exports::Model) -> Self {
        let now = Utc::now();
        let (status, error) = match m.status {
            ExportStatus::Running
                if m.updated_at < now - Duration::seconds(STALE_AFTER_SECONDS) =>
            {
                (
                    "failed".to_owned(),
                    Some(
                        "The export was interrupted (the server stopped). Please start it again."
                            .to_owned(),
                    ),
                )
            }
            ExportStatus::Done if m.expires_at < now => ("expired".to_owned(), None),
            status => (status.to_value(), m.error),
        };
        ExportView {
            id: m.id,
            status,
            from: m.from_day,
            to: m.to_day,
            include_notes: m.include_notes,
            recipient: m.recipient,
            purpose: m.purpose,
            total: m.total,
            done: m.done,
            error,
            size_bytes: m.archive_bytes,
            created_at: m.created_at,
            finished_at: m.finished_at,
            expires_at: m.expires_at,
            left_out: m.left_out.and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default(),
            consent_recipient: m.consent_recipient,
        }
    }
}

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
        recipient: input.recipient,
        purpose: input.purpose,
    }
    .check(today)?;
    let consent_recipient = export_basis(input.consent_recipient, input.internal)?;
    let ids = client_ids(&txn, staff).await?;
    let now = Utc::now();
    drop_expired(&txn, staff.practice_id, now).await?;
    // Bounded: one running export per member (a unique index holds it even for two starts
    // at once), a few per practice; an export whose server stopped no longer counts.
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
        .exec(&txn)
        .await?;
    let running = report_exports::Entity::in_practice(staff.practice_id)
        .filter(report_exports::Column::Status.eq(ExportStatus::Running));
    if running.clone().filter(report_exports::Column::RequestedBy.eq(staff.id)).count(&txn).await?
        > 0
    {
        return Err(one_at_a_time());
    }
    if running.count(&txn).await? >= MAX_RUNNING_PER_PRACTICE {
        return Err(AppError::TooManyRequests {
            retry_after_secs: 60,
            detail: format!(
                "{MAX_RUNNING_PER_PRACTICE} exports are running in the practice. Please start \
                 yours when one of them has finished."
            ),
        });
    }
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

    let (db, staff, id) = (db.clone(), staff.clone(), row.id);
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

fn one_at_a_time() -> AppError {
    AppError::Conflict(
        "You already have an export running. It has to finish before you start another.".into(),
    )
}

/// Why an export stopped before its end because its requester may no longer make it.
const STOPPED_FOR_ACCESS: &str =
    "The export stopped: its requester was deactivated or no longer has access to clients.";

/// A new file for a zip being written (read back when it is stored).
fn temporary_file(path: &std::path::Path) -> Result<std::fs::File> {
    std::fs::File::options()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| AppError::internal_from(format!("creating {}", path.display()), e))
}

/// Stores a finished zip in parts of at most `PART_BYTES`, one transaction each; the size.
async fn store_parts(
    db: &DatabaseConnection,
    practice_id: Uuid,
    id: Uuid,
    mut file: std::fs::File,
) -> Result<i64> {
    use std::io::Seek;
    let internal = |e: std::io::Error| AppError::internal_from("reading the export's zip", e);
    file.seek(std::io::SeekFrom::Start(0)).map_err(internal)?;
    let mut total = 0i64;
    let mut seq = 0;
    loop {
        let mut part = Vec::with_capacity(PART_BYTES);
        (&mut file).take(PART_BYTES as u64).read_to_end(&mut part).map_err(internal)?;
        if part.is_empty() {
            return Ok(total);
        }
        total += part.len() as i64;
        let txn = crate::core::db::begin_in(db, practice_id).await?;
        report_export_parts::Entity::insert(report_export_parts::ActiveModel {
            practice_id: Set(practice_id),
            export_id: Set(id),
            seq: Set(seq),
            bytes: Set(part),
        })
        .exec_without_returning(&txn)
        .await?;
        txn.commit().await?;
        seq += 1;
    }
}

async fn finish(
    db: &DatabaseConnection,
    practice_id: Uuid,
    id: Uuid,
    outcome: Result<(std::fs::File, Vec<LeftOut>)>,
) {
    let outcome = match outcome {
        Ok((file, left_out)) => {
            store_parts(db, practice_id, id, file).await.map(|size| (size, left_out))
        }
        Err(e) => Err(e),
    };
    let now = Utc::now();
    let mut change = report_exports::ActiveModel {
        updated_at: Set(now),
        finished_at: Set(Some(now)),
        ..Default::default()
    };
    match outcome {
        Ok((size, left_out)) => {
            change.left_out = Set(serde_json::to_value(left_out).ok());
            change.status = Set(ExportStatus::Done);
            change.archive_bytes = Set(size);
        }
        Err(AppError::Forbidden(reason)) => {
            tracing::info!(export = %id, "a report export stopped: its requester lost access");
            change.status = Set(ExportStatus::Failed);
            change.error = Set(Some(reason));
        }
        Err(e) => {
            tracing::error!(error = %e, export = %id, "a report export failed");
            change.status = Set(ExportStatus::Failed);
            change.error =
                Set(Some("The export could not be finished. Please start it again.".into()));
        }
    }
    let saved = async {
        let txn = crate::core::db::begin_in(db, practice_id).await?;
        report_exports::Entity::update_many()
            .set(change)
            .filter(report_exports::Column::PracticeId.eq(practice_id))
            .filter(report_exports::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        txn.commit().await
    }
    .await;
    if let Err(e) = saved {
        tracing::error!(error = %e, export = %id, "could not record the end of a report export");
    }
}

/// Renders and audits every client's report into a zip, telling `progress` (done, total) as
/// it goes and, for a background job, moving its row every few reports. The member is read
/// again before each report: a deactivated member, or one whose role lost clinical access,
/// stops the export (403, nothing more is disclosed), and a client who left the member's
/// reach since the start is skipped.
#[allow(clippy::too_many_arguments)]
pub async fn produce(
    db: &DatabaseConnection,
    staff: &CurrentStaff,
    practice: &practices::Model,
    request: &Checked,
    consent_recipient: Option<&str>,
    client_ids: &[Uuid],
    export_id: Option<Uuid>,
    progress: &mut (dyn FnMut(usize, usize) + Send),
    out: std::fs::File,
) -> Result<(std::fs::File, Vec<LeftOut>)> {
    let mut left_out = Vec::new();
    let mut zip = ZipWriter::new(out);
    // PDFs are already compressed: storing them keeps the export fast.
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let generated_at = Utc::now();
    let mut names = std::collections::HashSet::new();
    for (index, client_id) in client_ids.iter().enumerate() {
        let staff = &still_allowed(db, staff).await?;
        // Each client's reads in a transaction of their own, ended before the rendering.
        let txn = crate::core::db::begin_in(db, staff.practice_id).await?;
        let found = client_service::find(&txn, staff, *client_id).await;
        let found = match found {
            Ok(client) => {
                match under_consent(&txn, staff, &client, request, consent_recipient).await? {
                    Some(request) => {
                        service::build(&txn, staff, practice, &client, &request, generated_at)
                            .await
                            .map(|report| Some((client, report, request)))
                    }
                    None => {
                        left_out.push(LeftOut {
                            client_id: client.id,
                            name: format!("{} {}", client.first_name, client.last_name),
                            reason: format!(
                                "no active consent naming {}",
                                consent_recipient.unwrap_or_default()
                            ),
                        });
                        Ok(None)
                    }
                }
            }
            Err(e) => Err(e),
        };
        txn.commit().await?;
        match found {
            Ok(None) => {}
            Ok(Some((client, report, request))) => {
                let request = &request;
                let rendered = tokio::task::spawn_blocking(move || render_full(&report))
                    .await
                    .map_err(|e| AppError::internal_from("report rendering stopped", e))?;
                let txn = crate::core::db::begin_in(db, staff.practice_id).await?;
                service::record_disclosure(
                    &txn,
                    staff,
                    client.id,
                    request,
                    rendered.pages,
                    export_id,
                )
                .await?;
                txn.commit().await?;
                // Two clients with the same name get "-2", "-3"... rather than a broken zip.
                let mut name = service::file_name(&client, request.from, request.to);
                let stem = name.trim_end_matches(".pdf").to_owned();
                let mut n = 1;
                while !names.insert(name.clone()) {
                    n += 1;
                    name = format!("{stem}-{n}.pdf");
                }
                zip.start_file(name, options)
                    .map_err(|e| AppError::internal_from("starting a report in the zip", e))?;
                zip.write_all(&rendered.bytes)
                    .map_err(|e| AppError::internal_from("writing a report into the zip", e))?;
            }
            // Left the caller's reach since the export started: skipped, but counted, so
            // `done` still reaches `total`.
            Err(AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
        let done = index + 1;
        progress(done, client_ids.len());
        if let Some(id) = export_id.filter(|_| done % BATCH == 0 || done == client_ids.len()) {
            let txn = crate::core::db::begin_in(db, staff.practice_id).await?;
            report_exports::Entity::update_many()
                .col_expr(
                    report_exports::Column::Done,
                    sea_orm::sea_query::Expr::value(done as i32),
                )
                .col_expr(
                    report_exports::Column::UpdatedAt,
                    sea_orm::sea_query::Expr::value(Utc::now()),
                )
                .filter(report_exports::Column::PracticeId.eq(staff.practice_id))
                .filter(report_exports::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            txn.commit().await?;
        }
    }
    let file = zip.finish().map_err(|e| AppError::internal_from("finishing the zip", e))?;
    Ok((file, left_out))
}

/// A client's report request in a month-end export: under their latest active consent
/// naming the recipient (None when they have none: left out), or as asked for internal use.
async fn under_consent(
    db: &impl sea_orm::ConnectionTrait,
    staff: &CurrentStaff,
    client: &clients::Model,
    request: &Checked,
    consent_recipient: Option<&str>,
) -> Result<Option<Checked>> {
    let Some(recipient) = consent_recipient else {
        return Ok(Some(request.clone().under(service::Basis::Internal, None, None)?));
    };
    let consent = crate::consents::service::active_naming(db, staff, client.id, recipient).await?;
    Ok(match consent {
        // A consent without notes leaves this client's notes out (the batch goes on).
        Some(consent) => Some(request.clone().under(
            service::Basis::Consent(service::ReportConsent::of(&consent)),
            Some(&consent),
            None,
        )?),
        None => None,
    })
}

/// The export's member as they are now: 403 when deactivated or without clinical access.
async fn still_allowed(db: &DatabaseConnection, staff: &CurrentStaff) -> Result<CurrentStaff> {
    let member = crate::core::identity::member::signed_in(db, staff.practice_id, staff.id).await?;
    let role = member.as_ref().and_then(|m| crate::core::identity::Role::parse(&m.role));
    match role {
        Some(role) if role.has_clinical_access() => Ok(CurrentStaff { role, ..staff.clone() }),
        _ => Err(AppError::Forbidden(STOPPED_FOR_ACCESS.into())),
    }
}

/// Drops the zips (reports of many clients) of a practice's exports past their time, so they
/// do not stay in the database and its backups: whenever an export is started or the list
/// of exports is opened.
async fn drop_expired(
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

fn own(staff: &CurrentStaff) -> sea_orm::Select<report_exports::Entity> {
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

fn columns_without_archive() -> Vec<report_exports::Column> {
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
