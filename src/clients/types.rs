//! The client's request and response shapes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{entities::clients, recovery::vocabulary::Substance};

/// A client as staff see them. `current_streak_days` and `last_check_in_on` are present
/// only for roles with clinical access.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ClientView {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub primary_substance: Option<Substance>,
    pub recovery_start_date: Option<NaiveDate>,
    pub clinician_id: Option<Uuid>,
    /// `active` or `archived`.
    pub status: crate::entities::states::RecordStatus,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub clinical: Option<ClinicalSummary>,
}

/// The figures clinical roles see beside a client's name.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ClinicalSummary {
    /// Clean time in days (DOMAIN.md); null when there is no recovery start or data yet.
    pub current_streak_days: Option<i64>,
    pub last_check_in_on: Option<NaiveDate>,
}

impl ClientView {
    pub fn new(m: clients::Model, clinical: Option<ClinicalSummary>) -> Self {
        Self {
            id: m.id,
            first_name: m.first_name,
            last_name: m.last_name,
            preferred_name: m.preferred_name,
            date_of_birth: m.date_of_birth,
            email: m.email,
            phone: m.phone,
            primary_substance: m.primary_substance,
            recovery_start_date: m.recovery_start_date,
            clinician_id: m.clinician_id,
            status: m.status,
            archived_at: m.archived_at,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
            clinical,
        }
    }
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewClient {
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub primary_substance: Option<Substance>,
    pub recovery_start_date: Option<NaiveDate>,
    /// Defaults to the creating clinician; others may assign any active clinician.
    pub clinician_id: Option<Uuid>,
}

/// Only the fields to change, plus `version` (or `If-Match`). `null` clears a field.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct ClientUpdate {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub preferred_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub date_of_birth: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<Substance>)]
    pub primary_substance: Option<Option<Substance>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub recovery_start_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub clinician_id: Option<Option<Uuid>>,
    pub version: Option<i32>,
}
