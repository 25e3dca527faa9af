//! The check-in's request and response shapes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    entities::check_ins,
    recovery::vocabulary::{self, Substance},
};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CheckInView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub day: NaiveDate,
    pub used: bool,
    pub substances: Vec<Substance>,
    /// 0 (none) to 10.
    pub craving: i16,
    /// 0 (worst) to 10 (best).
    pub mood: i16,
    pub attended_meeting: bool,
    pub contacted_sponsor: bool,
    pub note: Option<String>,
    /// `self_report` or `clinician`.
    pub source: crate::entities::states::CheckInSource,
    pub recorded_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<check_ins::Model> for CheckInView {
    fn from(m: check_ins::Model) -> Self {
        Self {
            id: m.id,
            client_id: m.client_id,
            day: m.day,
            used: m.used,
            substances: vocabulary::from_json(&m.substances, Substance::parse),
            craving: m.craving,
            mood: m.mood,
            attended_meeting: m.attended_meeting,
            contacted_sponsor: m.contacted_sponsor,
            note: m.note,
            source: m.source,
            recorded_by: m.recorded_by,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// One day as reported (by the client, or with them in session).
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewCheckIn {
    pub day: NaiveDate,
    pub used: bool,
    #[serde(default)]
    pub substances: Vec<Substance>,
    pub craving: i16,
    pub mood: i16,
    pub attended_meeting: bool,
    pub contacted_sponsor: bool,
    pub note: Option<String>,
}
