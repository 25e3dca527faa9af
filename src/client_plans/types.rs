//! The client's two plans as the API spells them (../shared/API.md, "The client's plans"):
//! what a save sends, what a read answers, and what the client's own page shows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::recovery::vocabulary::{Trigger, wire_enum};

wire_enum! {
    /// How a person on the plan helps.
    PersonRole {
        Sponsor = "sponsor",
        Friend = "friend",
        Family = "family",
        Therapist = "therapist",
        Other = "other",
    }
}

wire_enum! {
    /// A day of the week, for a meeting that meets weekly.
    Weekday {
        Monday = "monday",
        Tuesday = "tuesday",
        Wednesday = "wednesday",
        Thursday = "thursday",
        Friday = "friday",
        Saturday = "saturday",
        Sunday = "sunday",
    }
}

/// Someone the client can call, and how they help.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanPerson {
    pub name: String,
    pub role: PersonRole,
    /// Digits with the usual separators; the client's page calls it with one tap.
    #[schema(pattern = r"^[0-9 +().-]+$", example = "(555) 010-2233")]
    pub phone: Option<String>,
}

/// A meeting the client goes to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanMeeting {
    pub name: String,
    pub day_of_week: Option<Weekday>,
    /// Local time in the practice's time zone, `HH:MM` (24-hour).
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "19:30")]
    pub time: Option<String>,
    pub place: Option<String>,
    /// An online meeting's address (`https://…`).
    pub url: Option<String>,
}

/// Someone to ask for help on the safety plan: a person, a professional or a crisis line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanContact {
    pub name: String,
    /// Digits with the usual separators; the client's page calls it with one tap.
    #[schema(pattern = r"^[0-9 +().-]+$", example = "988")]
    pub phone: Option<String>,
}

/// The relapse-prevention plan, in the client's words.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RelapsePreventionPlan {
    /// Thoughts, feelings and situations that come before a slip.
    #[serde(default)]
    pub warning_signs: Vec<String>,
    /// The same vocabulary as a relapse episode's triggers, so the two can be compared.
    #[serde(default)]
    pub high_risk_situations: Vec<Trigger>,
    /// What the client does instead, in order.
    #[serde(default)]
    pub coping_steps: Vec<String>,
    /// The client's reasons for recovery.
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub people: Vec<PlanPerson>,
    #[serde(default)]
    pub meetings: Vec<PlanMeeting>,
}

/// The safety plan's six steps, in Daybreak's own wording.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SafetyPlan {
    /// Signs that a crisis may be coming.
    #[serde(default)]
    pub warning_signs: Vec<String>,
    /// Things the client can do on their own to feel calmer.
    #[serde(default)]
    pub coping_alone: Vec<String>,
    /// People and places that take the client's mind off things.
    #[serde(default)]
    pub distractions: Vec<String>,
    /// People the client can ask for help.
    #[serde(default)]
    pub people_to_ask: Vec<PlanContact>,
    /// Professionals and crisis lines (the page always adds 988 and the practice's own).
    #[serde(default)]
    pub professionals: Vec<PlanContact>,
    /// Ways to make the client's surroundings safer.
    #[serde(default)]
    pub safer_surroundings: Vec<String>,
}

/// A save of the relapse-prevention plan: the whole plan, and the version it was edited from.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct RelapsePreventionPlanInput {
    #[serde(flatten)]
    pub plan: RelapsePreventionPlan,
    /// The version this edit started from (0 when the client has no plan yet); or `If-Match`.
    /// A save made from an older version is refused (409), never merged.
    pub version: Option<i32>,
}

/// A save of the safety plan: the whole plan, whether the client's page shows it, and the
/// version it was edited from.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct SafetyPlanInput {
    #[serde(flatten)]
    pub plan: SafetyPlan,
    /// Whether the client's link page shows it (default true); false keeps it in the chart only.
    pub enabled: Option<bool>,
    /// The version this edit started from (0 when the client has no plan yet); or `If-Match`.
    pub version: Option<i32>,
}

/// Who saved a version, and when (absent before the first save).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PlanSaved {
    pub client_id: Uuid,
    /// 0 when the plan has never been saved; then 1, 2, … one per save.
    pub version: i32,
    pub written_by: Option<Uuid>,
    pub written_by_name: Option<String>,
    pub written_at: Option<DateTime<Utc>>,
}

/// A version of the relapse-prevention plan (the latest, or one of the history).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RelapsePreventionPlanView {
    #[serde(flatten)]
    pub saved: PlanSaved,
    #[serde(flatten)]
    pub plan: RelapsePreventionPlan,
}

/// A version of the safety plan (the latest, or one of the history).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SafetyPlanView {
    #[serde(flatten)]
    pub saved: PlanSaved,
    /// Whether the client's link page shows it.
    pub enabled: bool,
    #[serde(flatten)]
    pub plan: SafetyPlan,
}
