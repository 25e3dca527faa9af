//! What consents look like on the wire.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A consent as the client signed it. Either `expires_on` or `expiry_event` (or both) says
/// when it ends if not revoked before, as Part 2 requires.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewConsent {
    /// A named person or organisation, or a general designation ("my treating providers").
    pub recipient: String,
    pub purpose: String,
    /// How much and what kind of information, e.g. "progress reports, attendance,
    /// drug-screen results; no session notes".
    pub information: String,
    /// Whether signed session notes may go out under it.
    pub includes_notes: bool,
    pub expires_on: Option<NaiveDate>,
    pub expiry_event: Option<String>,
    /// The day the client signed it (not in the future).
    pub signed_on: NaiveDate,
}

/// The day a consent was revoked (default: today in the practice).
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct RevokeConsent {
    pub revoked_on: Option<NaiveDate>,
}

/// Where a consent stands today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatus {
    Active,
    Expired,
    Revoked,
}

/// A recorded consent.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ConsentView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub recipient: String,
    pub purpose: String,
    pub information: String,
    pub includes_notes: bool,
    pub expires_on: Option<NaiveDate>,
    pub expiry_event: Option<String>,
    pub signed_on: NaiveDate,
    pub status: ConsentStatus,
    pub recorded_by: Uuid,
    pub recorded_by_name: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub revoked_on: Option<NaiveDate>,
    pub revoked_by: Option<Uuid>,
    pub revoked_by_name: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub version: i32,
    /// The signed paper's kind when one is attached (`application/pdf`, `image/jpeg`,
    /// `image/png`); null when none is.
    pub document_type: Option<String>,
}

/// One disclosure of a client's record, as the accounting lists it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Disclosure {
    pub at: DateTime<Utc>,
    /// Who received it (the consent's recipient, or the client themselves).
    pub recipient: String,
    pub purpose: Option<String>,
    /// The consent it went out under; null for a copy at the client's own request.
    pub consent_id: Option<Uuid>,
    /// What was sent, e.g. "Progress report 2026-11-01 to 2026-11-30, with session notes".
    pub what: String,
    /// The staff member who sent it.
    pub by: Option<Uuid>,
    pub by_name: Option<String>,
}
