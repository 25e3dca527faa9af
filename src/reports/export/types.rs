//! A month-end export as it is asked for and as it is shown.

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::ActiveEnum;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{entities::report_exports, entities::states::ExportStatus};

use super::STALE_AFTER_SECONDS;

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
