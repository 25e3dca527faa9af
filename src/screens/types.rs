//! Drug screens and medications as the API spells them (../shared/API.md, "Drug screens and
//! medications").

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::entities::states::{MedicationClass, ScreenMethod, Specimen, SpecimenValidity};
pub use crate::recovery::screens::{PanelResult, Reading, ScreenFigures};
pub use crate::recovery::vocabulary::{Confirmation, PanelSubstance, ScreenOutcome};

/// A screen to record. The front desk may record the collection only (no results).
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewScreen {
    pub collected_at: DateTime<Utc>,
    pub specimen: Specimen,
    pub method: ScreenMethod,
    /// Whether the collection was observed.
    #[serde(default)]
    pub observed: bool,
    /// Default `normal`.
    pub validity: Option<SpecimenValidity>,
    /// One per substance class tested; empty when only the collection is recorded. A positive
    /// without `confirmation` is `unconfirmed`, or `confirmed` for a lab confirmation.
    #[serde(default)]
    pub results: Vec<PanelResult>,
}

/// A correction of a screen's results: a new row that keeps the original.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct ScreenAmendment {
    /// Why (e.g. "lab confirmation received", "entered against the wrong substance").
    pub reason: String,
    pub results: Vec<PanelResult>,
    /// The specimen's validity as corrected (default: as it was).
    pub validity: Option<SpecimenValidity>,
}

/// What the client reported for the screen's day, beside it.
#[derive(Clone, Copy, Debug, Serialize, utoipa::ToSchema)]
pub struct DayReport {
    pub used: bool,
}

/// One screen as staff see it. The front desk sees the collection only: `results`, `reading`
/// and `self_report` are null for them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ScreenView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub collected_at: DateTime<Utc>,
    /// The day of `collected_at` in the practice's time zone.
    pub collected_on: NaiveDate,
    pub specimen: Specimen,
    pub method: ScreenMethod,
    pub observed: bool,
    pub validity: SpecimenValidity,
    pub results: Option<Vec<PanelResult>>,
    /// The results read against the client's medications that day: expected positives,
    /// unexpected ones, and prescribed substances found negative.
    pub reading: Option<Reading>,
    /// The client's own report for that day, if any.
    pub self_report: Option<DayReport>,
    /// The screen this row corrects, and why.
    pub amends: Option<Uuid>,
    pub amend_reason: Option<String>,
    /// The row that corrects this one (it is then history, not the current result).
    pub amended_by: Option<Uuid>,
    pub recorded_by: Uuid,
    pub recorded_by_name: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// A page of a client's current screens (the latest correction of each), with the period's
/// figures (DOMAIN.md; null for the front desk).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ScreenList {
    pub items: Vec<ScreenView>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub figures: Option<ScreenFigures>,
    /// The client's answers to "Did you take your medication today?" in the period (null
    /// for the front desk).
    pub medication_days: Option<MedicationDays>,
}

/// Days in a period the client answered "Did you take your medication today?".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MedicationDays {
    /// Days they said yes.
    pub taken: i64,
    /// Days they said no.
    pub not_taken: i64,
}

/// One screen with every row of its line: the original first, each correction after it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ScreenDetail {
    #[serde(flatten)]
    pub screen: ScreenView,
    pub history: Vec<ScreenView>,
}

/// A medication to record.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewMedication {
    pub name: String,
    pub class: MedicationClass,
    /// The panel substance it shows as on a screen (a positive for it is then expected).
    /// Default: buprenorphine for the buprenorphine classes, methadone for methadone, none
    /// for naltrexone and naloxone; set it for another prescribed medication (say
    /// `benzodiazepines`).
    pub screens_as: Option<PanelSubstance>,
    pub dose: Option<String>,
    pub schedule: Option<String>,
    /// Who prescribes it (in or outside the practice).
    pub prescriber: Option<String>,
    pub started_on: NaiveDate,
    pub stopped_on: Option<NaiveDate>,
    pub stop_reason: Option<String>,
    /// Ask "Did you take your medication today?" on the client's check-in link while it is
    /// current (default false).
    #[serde(default)]
    pub ask_on_link: bool,
}

/// Only the fields to change, plus `version` (or `If-Match`). `null` clears a field.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct MedicationUpdate {
    pub name: Option<String>,
    pub class: Option<MedicationClass>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<PanelSubstance>)]
    pub screens_as: Option<Option<PanelSubstance>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub dose: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub schedule: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub prescriber: Option<Option<String>>,
    pub started_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub stopped_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub stop_reason: Option<Option<String>>,
    pub ask_on_link: Option<bool>,
    pub version: Option<i32>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MedicationView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub name: String,
    pub class: MedicationClass,
    /// The panel substance it shows as (given, or the class's own).
    pub screens_as: Option<PanelSubstance>,
    pub dose: Option<String>,
    pub schedule: Option<String>,
    pub prescriber: Option<String>,
    pub started_on: NaiveDate,
    pub stopped_on: Option<NaiveDate>,
    pub stop_reason: Option<String>,
    /// Whether the client's link asks about it while it is current.
    pub ask_on_link: bool,
    /// Prescribed today (started, not stopped before today).
    pub current: bool,
    pub recorded_by: Uuid,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The panel substance a medication class shows as on a screen, if any.
pub fn class_screens_as(class: MedicationClass) -> Option<PanelSubstance> {
    match class {
        MedicationClass::Buprenorphine
        | MedicationClass::BuprenorphineNaloxone
        | MedicationClass::ExtendedReleaseBuprenorphine => Some(PanelSubstance::Buprenorphine),
        MedicationClass::Methadone => Some(PanelSubstance::Methadone),
        MedicationClass::OralNaltrexone
        | MedicationClass::ExtendedReleaseNaltrexone
        | MedicationClass::NaloxoneKit
        | MedicationClass::Other => None,
    }
}

/// Screens collected at one sitting from several clients (a group tested on one morning):
/// recorded all together or not at all.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct BulkScreens {
    pub collected_at: DateTime<Utc>,
    pub specimen: Specimen,
    pub method: ScreenMethod,
    /// Whether the collections were observed (each screen may say otherwise).
    #[serde(default)]
    pub observed: bool,
    /// One per client, each client once (1 to 100).
    pub screens: Vec<BulkScreen>,
}

/// One client's screen in a bulk entry.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct BulkScreen {
    pub client_id: Uuid,
    /// Default: the entry's `observed`.
    pub observed: Option<bool>,
    /// Default `normal`.
    pub validity: Option<SpecimenValidity>,
    /// Empty when only the collection is recorded (the front desk's only choice).
    #[serde(default)]
    pub results: Vec<PanelResult>,
}

/// The screens a bulk entry recorded, in the order sent.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct BulkRecorded {
    pub items: Vec<ScreenView>,
}

/// What a lab file's import did, or (with `dry_run`) would do. Rows are counted as a
/// spreadsheet shows them: the header is row 1.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Result rows accepted (all of them, or none when any is refused).
    pub accepted: u64,
    /// Screens those rows make: rows of one client, collection time, specimen and method are
    /// one screen.
    pub screens: u64,
    /// Each row refused and why; the file is imported only when this is empty.
    pub refused: Vec<ImportRefusal>,
    /// The screens recorded (empty for a dry run).
    pub created: Vec<Uuid>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ImportRefusal {
    pub row: u64,
    pub reason: String,
}
