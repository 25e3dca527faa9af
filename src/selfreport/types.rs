//! What the client's page sends and is answered: the first-open step, the page itself with the
//! client's own answers only, a check-in and a questionnaire's answers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::links::Opened;
use crate::{
    client_plans::types::{RelapsePreventionPlan, SafetyPlan},
    entities::check_ins,
    measures::{scoring::MeasureCode, service::DueMeasure},
    recovery::vocabulary::{self, Substance},
};

/// What a link that no phone has claimed yet shows: enough to ask "Is this your phone?",
/// nothing of the client's record.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimPrompt {
    /// Always true.
    pub claim_required: bool,
    pub first_name: String,
    pub practice_name: String,
    /// The practice's own crisis text; null means the page shows the default (988, 911).
    pub crisis_text: Option<String>,
}

impl ClaimPrompt {
    pub fn new(opened: &Opened) -> Self {
        Self {
            claim_required: true,
            first_name: first_name(opened),
            practice_name: opened.practice.name.clone(),
            crisis_text: opened.practice.crisis_text.clone(),
        }
    }
}

/// The link's page: the first-open step, or (on the phone that claimed it) the client's view.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum SelfReportPage {
    Claim(ClaimPrompt),
    View(Box<SelfReportView>),
}

/// The client's page: their first name, the practice, the three numbers and what is due.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SelfReportView {
    /// Always false: this browser holds the link.
    pub claim_required: bool,
    pub first_name: String,
    pub practice_name: String,
    pub today: NaiveDate,
    /// The practice's time zone (IANA): the page names a day offline as the server would.
    pub time_zone: String,
    pub current_streak_days: Option<i64>,
    pub clean_days_last_30: i64,
    pub total_clean_days: Option<i64>,
    pub checked_in_today: bool,
    pub today_check_in: Option<OwnCheckIn>,
    /// The practice's own crisis text; null means the page shows the default (988, 911).
    pub crisis_text: Option<String>,
    pub due_measures: Vec<DueMeasure>,
    /// What the client may pick when they used: the same list, in the same order, for
    /// every client (it reveals nothing about this one).
    pub substances: Vec<Substance>,
    /// The client's relapse-prevention plan (latest version), once their clinician wrote one.
    pub plan: Option<RelapsePreventionPlan>,
    /// The client's safety plan, when their practice turned it on for them.
    pub safety_plan: Option<SafetyPlan>,
    /// Whether the check-in asks "Did you take your medication today?" (the client has a
    /// current medication their clinician set to be asked about).
    pub asks_medication: bool,
    /// The client's next appointment still scheduled (its day and time, online or where),
    /// never what kind of care it is.
    pub next_appointment: Option<NextAppointment>,
}

/// An appointment as the client's page shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NextAppointment {
    pub starts_at: chrono::DateTime<chrono::Utc>,
    /// The room or address (null when online or not given).
    pub location: Option<String>,
    pub online: bool,
}

/// A check-in as its client sees it: only one the client sent themselves.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct OwnCheckIn {
    pub day: NaiveDate,
    pub used: bool,
    pub substances: Vec<Substance>,
    pub craving: i16,
    pub mood: i16,
    pub attended_meeting: bool,
    pub contacted_sponsor: bool,
    pub note: Option<String>,
    /// Their answer to "Did you take your medication today?" (null: not asked or not answered).
    pub took_medication: Option<bool>,
}

impl From<&check_ins::Model> for OwnCheckIn {
    fn from(m: &check_ins::Model) -> Self {
        Self {
            day: m.day,
            used: m.used,
            substances: vocabulary::from_json(&m.substances, Substance::parse),
            craving: m.craving,
            mood: m.mood,
            attended_meeting: m.attended_meeting,
            contacted_sponsor: m.contacted_sponsor,
            note: m.note.clone(),
            took_medication: m.took_medication,
        }
    }
}

/// The check-in a client sends; `day` defaults to today.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct SelfCheckIn {
    pub day: Option<NaiveDate>,
    pub used: bool,
    #[serde(default)]
    pub substances: Vec<Substance>,
    pub craving: i16,
    pub mood: i16,
    #[serde(default)]
    pub attended_meeting: bool,
    #[serde(default)]
    pub contacted_sponsor: bool,
    pub note: Option<String>,
    /// The answer to "Did you take your medication today?", when the page asks it.
    pub took_medication: Option<bool>,
}

/// The page again, with the check-in just saved.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CheckInAnswer {
    #[serde(flatten)]
    pub view: SelfReportView,
    pub check_in: OwnCheckIn,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct MeasureAnswers {
    pub code: MeasureCode,
    pub answers: Vec<i16>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MeasureScore {
    pub code: MeasureCode,
    pub total: i32,
    pub band: &'static str,
}

/// What the page calls the client: their preferred name, else their first name.
pub(super) fn first_name(opened: &Opened) -> String {
    opened.client.preferred_name.clone().unwrap_or_else(|| opened.client.first_name.clone())
}
