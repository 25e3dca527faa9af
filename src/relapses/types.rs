//! The relapse episode's request and response shapes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entities::states::PlanStepsTried;
use crate::recovery::vocabulary::{
    Company, Consequence, Coping, EpisodeKind, Feeling, Setting, Substance, Support, Trigger,
};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RelapseView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub kind: EpisodeKind,
    pub occurred_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    /// A relapse without an end date: every day from `occurred_on` on counts as used.
    pub ongoing: bool,
    pub substances: Vec<Substance>,
    pub triggers: Vec<Trigger>,
    pub setting: Option<Setting>,
    pub company: Vec<Company>,
    pub amount: Option<String>,
    pub coping_used: Vec<Coping>,
    pub support_contacted: Vec<Support>,
    pub feelings_after: Vec<Feeling>,
    pub consequences: Vec<Consequence>,
    /// 0 (none) to 10.
    pub self_blame: Option<i16>,
    pub notes: Option<String>,
    /// `active` or `archived`.
    pub status: crate::entities::states::RecordStatus,
    pub archived_at: Option<DateTime<Utc>>,
    pub recorded_by: Uuid,
    /// The relapse-prevention plan version the episode was held against (set when the plan's
    /// warning signs or steps were marked).
    pub plan_version: Option<i32>,
    /// Which of the plan's warning signs (the client's words) were present beforehand.
    pub warning_signs_present: Vec<String>,
    /// Whether the plan's steps were tried.
    pub plan_steps_tried: Option<PlanStepsTried>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewRelapse {
    pub occurred_on: NaiveDate,
    /// Empty for a one-day lapse, or for a relapse that is still going on.
    pub ended_on: Option<NaiveDate>,
    pub kind: EpisodeKind,
    pub substances: Vec<Substance>,
    pub triggers: Vec<Trigger>,
    pub setting: Option<Setting>,
    #[serde(default)]
    pub company: Vec<Company>,
    pub amount: Option<String>,
    #[serde(default)]
    pub coping_used: Vec<Coping>,
    #[serde(default)]
    pub support_contacted: Vec<Support>,
    #[serde(default)]
    pub feelings_after: Vec<Feeling>,
    #[serde(default)]
    pub consequences: Vec<Consequence>,
    pub self_blame: Option<i16>,
    pub notes: Option<String>,
    /// Which of the client's plan's warning signs were present (each one of the plan's own).
    #[serde(default)]
    pub warning_signs_present: Vec<String>,
    pub plan_steps_tried: Option<PlanStepsTried>,
}

/// Only the fields to change, plus `version` (or `If-Match`). `null` clears a field.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct RelapseUpdate {
    pub occurred_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub ended_on: Option<Option<NaiveDate>>,
    pub kind: Option<EpisodeKind>,
    pub substances: Option<Vec<Substance>>,
    pub triggers: Option<Vec<Trigger>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<Setting>)]
    pub setting: Option<Option<Setting>>,
    pub company: Option<Vec<Company>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub amount: Option<Option<String>>,
    pub coping_used: Option<Vec<Coping>>,
    pub support_contacted: Option<Vec<Support>>,
    pub feelings_after: Option<Vec<Feeling>>,
    pub consequences: Option<Vec<Consequence>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<i16>)]
    pub self_blame: Option<Option<i16>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    pub warning_signs_present: Option<Vec<String>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<PlanStepsTried>)]
    pub plan_steps_tried: Option<Option<PlanStepsTried>>,
    pub version: Option<i32>,
}
