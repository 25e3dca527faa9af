//! The plain view model a report is drawn from. The report service fills it (labels already
//! in words, figures from the `recovery` module); the renderer only lays it out.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::recovery::{DayStatus, Progress};

pub use crate::practices::types::Paper;

/// Everything one progress report shows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProgressReport {
    pub paper: Paper,
    pub practice_name: String,
    pub client_name: String,
    pub date_of_birth: Option<NaiveDate>,
    /// The clinician the report is from (the one who exported it).
    pub clinician_name: String,
    /// When it was produced: printed, and the PDF's creation date.
    pub generated_at: DateTime<Utc>,
    /// The day of `generated_at` in the practice's time zone.
    pub generated_on: NaiveDate,
    pub recipient: Option<String>,
    pub purpose: Option<String>,
    /// The client's consent the report goes out under (printed on the first page).
    #[serde(default)]
    pub consent: Option<ReportConsent>,
    pub primary_substance: Option<String>,
    /// Every figure and day of the period, from `recovery::History::progress`.
    pub progress: ReportProgress,
    pub episodes: Vec<ReportEpisode>,
    pub measures: Vec<ReportMeasure>,
    /// `None` when the clinician left notes out; `Some(vec![])` when there were none.
    pub notes: Option<Vec<ReportNote>>,
    /// The client's relapse-prevention plan, when the clinician included it and there is one.
    #[serde(default)]
    pub plan: Option<ReportPlan>,
    /// The period's drug screens, when the clinician included them.
    #[serde(default)]
    pub screens: Option<ReportScreens>,
    /// Print the 42 CFR Part 2 redisclosure notice (a practice setting, on by default).
    pub part2_notice: bool,
}

/// The figures of `recovery::Progress` that a report prints (same names, same values).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportProgress {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub recovery_start_date: Option<NaiveDate>,
    pub days_in_period: i64,
    pub days_reported: i64,
    pub days_abstinent: i64,
    pub days_used: i64,
    pub days_unknown: i64,
    pub percent_days_abstinent: Option<f64>,
    pub current_streak_days: Option<i64>,
    pub longest_streak_days: i64,
    pub longest_reported_abstinence_days: i64,
    pub total_clean_days: Option<i64>,
    pub lapse_count: i64,
    pub relapse_count: i64,
    pub mean_craving: Option<f64>,
    pub meetings_attended: i64,
    pub sponsor_contacts: i64,
    /// Appointments attended (late included) and those that count, when any were booked.
    #[serde(default)]
    pub attendance: Option<ReportAttendance>,
    pub days: Vec<ReportDay>,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct ReportAttendance {
    pub attended: i64,
    pub countable: i64,
    pub rate: Option<f64>,
    pub no_shows: i64,
    pub late_cancellations: i64,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct ReportDay {
    pub day: NaiveDate,
    pub status: ReportDayStatus,
    pub craving: Option<i16>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportDayStatus {
    Abstinent,
    Used,
    Unknown,
}

impl From<&Progress> for ReportProgress {
    fn from(p: &Progress) -> Self {
        ReportProgress {
            from: p.from,
            to: p.to,
            recovery_start_date: p.recovery_start_date,
            days_in_period: p.days_in_period,
            days_reported: p.days_reported,
            days_abstinent: p.days_abstinent,
            days_used: p.days_used,
            days_unknown: p.days_unknown,
            percent_days_abstinent: p.percent_days_abstinent,
            current_streak_days: p.current_streak_days,
            longest_streak_days: p.longest_streak_days,
            longest_reported_abstinence_days: p.longest_reported_abstinence_days,
            total_clean_days: p.total_clean_days,
            lapse_count: p.lapse_count,
            relapse_count: p.relapse_count,
            mean_craving: p.mean_craving,
            meetings_attended: p.meetings_attended,
            sponsor_contacts: p.sponsor_contacts,
            attendance: p.attendance.as_ref().map(|a| ReportAttendance {
                attended: a.overall.attended,
                countable: a.overall.countable,
                rate: a.overall.rate,
                no_shows: a.overall.no_shows,
                late_cancellations: a.overall.late_cancellations,
            }),
            days: p
                .days
                .iter()
                .map(|d| ReportDay {
                    day: d.day,
                    status: match d.status {
                        DayStatus::Abstinent => ReportDayStatus::Abstinent,
                        DayStatus::Used => ReportDayStatus::Used,
                        DayStatus::Unknown => ReportDayStatus::Unknown,
                    },
                    craving: d.craving,
                })
                .collect(),
        }
    }
}

/// The consent a disclosed report goes out under, as its first page states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportConsent {
    pub id: uuid::Uuid,
    pub signed_on: NaiveDate,
    /// How much and what kind of information it covers, in its own words.
    pub information: String,
    /// Its end: a date, an event, or both.
    pub expires_on: Option<NaiveDate>,
    pub expiry_event: Option<String>,
}

/// One lapse or relapse, in words.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportEpisode {
    pub occurred_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub kind: crate::recovery::vocabulary::EpisodeKind,
    pub substances: Vec<String>,
    pub triggers: Vec<String>,
    /// Coping used and support contacted.
    pub helped: Vec<String>,
}

/// One scored questionnaire.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportMeasure {
    pub taken_on: NaiveDate,
    /// "PHQ-9" or "GAD-7".
    pub instrument: String,
    pub total: i32,
    pub max: i32,
    /// The severity band in words ("Mild").
    pub band: String,
}

/// One signed session note (never a draft, never a psychotherapy note).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportNote {
    pub session_on: NaiveDate,
    /// "SOAP", "DAP", "BIRP" or "Narrative".
    pub format: String,
    pub author: String,
    pub signed_on: NaiveDate,
    pub co_signed_by: Option<String>,
    /// Section heading and text, in the format's order.
    pub sections: Vec<(String, String)>,
    pub addenda: Vec<ReportAddendum>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportAddendum {
    pub author: String,
    pub written_on: NaiveDate,
    pub body: String,
}

/// The client's relapse-prevention plan as the report prints it (latest version; names and
/// roles of the client's people, never their numbers), and the period's triggers against it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportPlan {
    pub version: i32,
    pub written_on: NaiveDate,
    pub warning_signs: Vec<String>,
    /// In words ("Social pressure").
    pub high_risk_situations: Vec<String>,
    pub coping_steps: Vec<String>,
    pub reasons: Vec<String>,
    /// "Ray (sponsor)".
    pub people: Vec<String>,
    /// "Tuesday Serenity group, Tuesday 19:00".
    pub meetings: Vec<String>,
    /// Every trigger of the period's episodes and every high-risk situation of the plan.
    pub triggers: Vec<ReportTrigger>,
}

/// One trigger: in how many of the period's episodes it was named, and whether the plan lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTrigger {
    pub trigger: String,
    pub episodes: i64,
    pub in_plan: bool,
}

/// The period's drug screens as a report prints them, and their figures (DOMAIN.md).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportScreens {
    pub taken: i64,
    pub valid: i64,
    pub negative_percent: Option<f64>,
    pub longest_negative_run: i64,
    /// Days the client said they took / did not take their medication (asked on their link).
    #[serde(default)]
    pub medication_taken: i64,
    #[serde(default)]
    pub medication_not_taken: i64,
    pub rows: Vec<ReportScreen>,
    /// One mark per day with a screen, for the calendar.
    #[serde(default)]
    pub days: Vec<ReportScreenDay>,
}

/// What a day's screens came to, as the calendar marks it beside the client's own report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreenMark {
    /// Every screen of the day was not valid.
    Invalid,
    Negative,
    /// Positive only for what the client is prescribed.
    Expected,
    /// Positive for something the client is not prescribed.
    Positive,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct ReportScreenDay {
    pub day: NaiveDate,
    pub mark: ScreenMark,
}

/// One screen's current result, in words.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportScreen {
    pub collected_on: NaiveDate,
    /// "Urine, observed" or "Urine, dilute (not valid)".
    pub specimen: String,
    pub method: String,
    /// "Cocaine positive (150 ng/mL), Buprenorphine positive, expected (prescribed)".
    pub results: String,
    /// "Confirmed", "Unconfirmed", "Disputed", or "—" without a positive.
    pub confirmed: String,
    /// Whether it was corrected after it was first recorded.
    pub corrected: bool,
}
