//! The session note's request and response shapes.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::recovery::vocabulary::{NoteFormat, RiskFlag};

/// A session note with its addenda, as clinical staff see it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NoteView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub author_id: Uuid,
    pub author_name: Option<String>,
    pub session_on: NaiveDate,
    pub started_at: Option<DateTime<Utc>>,
    pub duration_minutes: i32,
    pub service_type: Option<String>,
    pub format: NoteFormat,
    /// Section key → text; the keys follow the format (soap: subjective, objective,
    /// assessment, plan; dap: data, assessment, plan; birp: behavior, intervention,
    /// response, plan; free: text).
    pub sections: BTreeMap<String, String>,
    pub risk_flags: Vec<RiskFlag>,
    pub is_psychotherapy_note: bool,
    /// `draft` or `signed`.
    pub status: crate::entities::states::NoteStatus,
    /// A signed note is part of the legal record: it can no longer change.
    pub locked: bool,
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by: Option<Uuid>,
    pub signed_by_name: Option<String>,
    pub cosigned_at: Option<DateTime<Utc>>,
    pub cosigned_by: Option<Uuid>,
    pub cosigned_by_name: Option<String>,
    /// The appointment the note records, when it was written from one.
    pub appointment_id: Option<Uuid>,
    /// Corrections and additions after signing, oldest first.
    pub addenda: Vec<AddendumView>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A dated, signed addition to a signed note.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AddendumView {
    pub id: Uuid,
    pub author_id: Uuid,
    pub author_name: Option<String>,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewNote {
    /// The day of the session; not in the future.
    pub session_on: NaiveDate,
    pub started_at: Option<DateTime<Utc>>,
    /// 1 to 600.
    pub duration_minutes: i32,
    /// Free text for now, e.g. a CPT code such as 90834.
    pub service_type: Option<String>,
    pub format: NoteFormat,
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    #[serde(default)]
    pub risk_flags: Vec<RiskFlag>,
    #[serde(default)]
    pub is_psychotherapy_note: bool,
    /// The attended appointment this note records (one note per appointment).
    pub appointment_id: Option<Uuid>,
}

/// Only the fields to change, plus `version` (or `If-Match`). Drafts only.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct NoteUpdate {
    pub session_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub started_at: Option<Option<DateTime<Utc>>>,
    pub duration_minutes: Option<i32>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub service_type: Option<Option<String>>,
    pub format: Option<NoteFormat>,
    pub sections: Option<BTreeMap<String, String>>,
    pub risk_flags: Option<Vec<RiskFlag>>,
    pub is_psychotherapy_note: Option<bool>,
    pub version: Option<i32>,
}

/// Signing may name the version the author read, so they sign exactly what they saw.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct SignRequest {
    pub version: Option<i32>,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewAddendum {
    pub text: String,
}
