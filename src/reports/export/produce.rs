//! Producing an export: each report rendered and audited, written into the zip as it renders,
//! the zip stored in parts; the staff member's access checked again between batches.

use std::io::{Read, Write};

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;
use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

use crate::reports::{
    ProgressReport, render_full,
    service::{self, Checked},
};
use crate::{
    clients::service as client_service,
    core::error::{AppError, Result},
    core::identity::CurrentStaff,
    entities::states::ExportStatus,
    entities::{clients, practices, report_export_parts, report_exports},
};

use super::{PART_BYTES, types::LeftOut};

/// Reports between two progress updates.
pub(super) const BATCH: usize = 10;

/// Why an export stopped before its end because its requester may no longer make it.
pub(super) const STOPPED_FOR_ACCESS: &str =
    "The export stopped: its requester was deactivated or no longer has access to clients.";

/// A new file for a zip being written (read back when it is stored).
pub(super) fn temporary_file(path: &std::path::Path) -> Result<std::fs::File> {
    std::fs::File::options()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| AppError::internal_from(format!("creating {}", path.display()), e))
}

/// Stores a finished zip in parts of at most `PART_BYTES`, one transaction each; the size.
pub(super) async fn store_parts(
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

pub(super) async fn finish(
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
    let mut archive = Archive::new(out);
    let generated_at = Utc::now();
    for (index, client_id) in client_ids.iter().enumerate() {
        let staff = &still_allowed(db, staff).await?;
        let asked = Asked { staff, practice, request, consent_recipient, generated_at };
        match turn(db, &asked, *client_id).await? {
            Turn::Report(ready) => {
                let (client, report, request) = *ready;
                let rendered = tokio::task::spawn_blocking(move || render_full(&report))
                    .await
                    .map_err(|e| AppError::internal_from("report rendering stopped", e))?;
                let txn = crate::core::db::begin_in(db, staff.practice_id).await?;
                service::record_disclosure(
                    &txn,
                    staff,
                    client.id,
                    &request,
                    rendered.pages,
                    export_id,
                )
                .await?;
                txn.commit().await?;
                archive
                    .add(service::file_name(&client, request.from, request.to), &rendered.bytes)?;
            }
            Turn::LeftOut(client) => left_out.push(client),
            Turn::Gone => {}
        }
        let done = index + 1;
        progress(done, client_ids.len());
        if let Some(id) = export_id.filter(|_| done % BATCH == 0 || done == client_ids.len()) {
            moved(db, staff.practice_id, id, done).await?;
        }
    }
    Ok((archive.finish()?, left_out))
}

/// What an export asks of each client's turn.
struct Asked<'a> {
    staff: &'a CurrentStaff,
    practice: &'a practices::Model,
    request: &'a Checked,
    consent_recipient: Option<&'a str>,
    generated_at: chrono::DateTime<Utc>,
}

/// What one client's turn in an export comes to.
enum Turn {
    Report(Box<(clients::Model, ProgressReport, Checked)>),
    /// No consent to send this client's report under.
    LeftOut(LeftOut),
    /// Left the caller's reach since the export started: skipped, but counted, so `done`
    /// still reaches `total`.
    Gone,
}

/// Reads one client's report, in a transaction of its own that ends before the rendering
/// (and commits the reads' audit events even when a later read fails).
async fn turn(db: &DatabaseConnection, asked: &Asked<'_>, client_id: Uuid) -> Result<Turn> {
    let staff = asked.staff;
    let txn = crate::core::db::begin_in(db, staff.practice_id).await?;
    let turn = async {
        let client = client_service::find(&txn, staff, client_id).await?;
        let consent = asked.consent_recipient;
        Ok(match under_consent(&txn, staff, &client, asked.request, consent).await? {
            Some(request) => {
                let report = service::build(
                    &txn,
                    staff,
                    asked.practice,
                    &client,
                    &request,
                    asked.generated_at,
                )
                .await?;
                Turn::Report(Box::new((client, report, request)))
            }
            None => Turn::LeftOut(LeftOut {
                client_id: client.id,
                name: format!("{} {}", client.first_name, client.last_name),
                reason: format!("no active consent naming {}", consent.unwrap_or_default()),
            }),
        })
    }
    .await;
    txn.commit().await?;
    match turn {
        Err(AppError::NotFound) => Ok(Turn::Gone),
        turn => turn,
    }
}

/// The zip being written: PDFs are stored as they are (already compressed, which keeps the
/// export fast), and two clients with the same name get "-2", "-3"... rather than a broken zip.
struct Archive {
    zip: ZipWriter<std::fs::File>,
    names: std::collections::HashSet<String>,
}

impl Archive {
    fn new(out: std::fs::File) -> Self {
        Archive { zip: ZipWriter::new(out), names: Default::default() }
    }

    fn add(&mut self, mut name: String, bytes: &[u8]) -> Result<()> {
        let stem = name.trim_end_matches(".pdf").to_owned();
        let mut n = 1;
        while !self.names.insert(name.clone()) {
            n += 1;
            name = format!("{stem}-{n}.pdf");
        }
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        self.zip
            .start_file(name, options)
            .map_err(|e| AppError::internal_from("starting a report in the zip", e))?;
        self.zip
            .write_all(bytes)
            .map_err(|e| AppError::internal_from("writing a report into the zip", e))
    }

    fn finish(self) -> Result<std::fs::File> {
        self.zip.finish().map_err(|e| AppError::internal_from("finishing the zip", e))
    }
}

/// Moves a background export's row to `done` reports.
async fn moved(db: &DatabaseConnection, practice_id: Uuid, id: Uuid, done: usize) -> Result<()> {
    use sea_orm::sea_query::Expr;
    let txn = crate::core::db::begin_in(db, practice_id).await?;
    report_exports::Entity::update_many()
        .col_expr(report_exports::Column::Done, Expr::value(done as i32))
        .col_expr(report_exports::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(report_exports::Column::PracticeId.eq(practice_id))
        .filter(report_exports::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    Ok(txn.commit().await?)
}

/// A client's report request in a month-end export: under their latest active consent
/// naming the recipient (None when they have none: left out), or as asked for internal use.
pub(super) async fn under_consent(
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
pub(super) async fn still_allowed(
    db: &DatabaseConnection,
    staff: &CurrentStaff,
) -> Result<CurrentStaff> {
    let member = crate::core::identity::member::signed_in(db, staff.practice_id, staff.id).await?;
    let role = member.as_ref().map(|m| m.role);
    match role {
        Some(role) if role.has_clinical_access() => Ok(CurrentStaff { role, ..staff.clone() }),
        _ => Err(AppError::Forbidden(STOPPED_FOR_ACCESS.into())),
    }
}
