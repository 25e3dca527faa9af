//! Appointments as the API spells them (../shared/API.md, "Appointments and groups").

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::recovery::attendance::{Attendance, KindAttendance};
pub use crate::recovery::vocabulary::{AppointmentKind, AppointmentStatus};

/// How a booking repeats: every one or two weeks, until a day (inclusive, in the practice's
/// time zone) or for a number of occurrences (at most 52), whichever comes first.
#[derive(Clone, Copy, Debug, Deserialize, utoipa::ToSchema)]
pub struct Repeat {
    /// 1 or 2.
    pub every_weeks: u32,
    pub until: Option<NaiveDate>,
    pub count: Option<u32>,
}

/// An appointment to book (with `repeat`, a series).
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewAppointment {
    pub client_id: Uuid,
    pub clinician_id: Uuid,
    pub starts_at: DateTime<Utc>,
    /// 5 to 600.
    pub duration_minutes: i32,
    pub kind: AppointmentKind,
    /// A room or address (for an appointment in person).
    pub location: Option<String>,
    #[serde(default)]
    pub telehealth: bool,
    pub repeat: Option<Repeat>,
}

/// Which appointments of a series a change applies to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplyTo {
    /// This appointment only (the default).
    #[default]
    This,
    /// This one and every later one of its series still scheduled.
    Following,
}

/// A change of schedule: only the fields to change, plus `version` (or `If-Match`).
/// A new `starts_at` moves the following ones by the same wall-clock shift.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct AppointmentUpdate {
    pub clinician_id: Option<Uuid>,
    pub starts_at: Option<DateTime<Utc>>,
    pub duration_minutes: Option<i32>,
    pub kind: Option<AppointmentKind>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub location: Option<Option<String>>,
    pub telehealth: Option<bool>,
    #[serde(default)]
    pub apply_to: ApplyTo,
    pub version: Option<i32>,
}

/// A status to set; `version` (or `If-Match`) when the caller read one.
#[derive(Clone, Copy, Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusChange {
    pub status: AppointmentStatus,
    pub version: Option<i32>,
}

/// A status as it was set.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct StatusEntry {
    pub status: AppointmentStatus,
    pub set_by: Uuid,
    pub set_by_name: Option<String>,
    pub set_at: DateTime<Utc>,
}

/// Another appointment that overlaps this one: for the same clinician, or the same client.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Overlap {
    pub appointment_id: Uuid,
    pub other_id: Uuid,
    pub other_starts_at: DateTime<Utc>,
    /// `clinician` or `client`.
    pub same: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AppointmentView {
    pub id: Uuid,
    pub series_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    /// The client's name as staff see it.
    pub client_name: Option<String>,
    pub clinician_id: Uuid,
    pub clinician_name: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The day of `starts_at` in the practice's time zone.
    pub day: NaiveDate,
    pub duration_minutes: i32,
    pub kind: AppointmentKind,
    pub location: Option<String>,
    pub telehealth: bool,
    pub status: AppointmentStatus,
    pub status_set_by: Option<Uuid>,
    pub status_set_at: Option<DateTime<Utc>>,
    /// The session note written from this appointment, if any.
    pub note_id: Option<Uuid>,
    /// `draft` or `signed`; null without a note.
    pub note_status: Option<crate::entities::states::NoteStatus>,
    pub version: i32,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One appointment with every status it had.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AppointmentDetail {
    #[serde(flatten)]
    pub appointment: AppointmentView,
    pub statuses: Vec<StatusEntry>,
}

/// A booking's appointments (one, or the series), with the overlaps found.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Booked {
    pub items: Vec<AppointmentView>,
    /// Overlaps are warned about, never refused.
    pub overlaps: Vec<Overlap>,
}

/// The appointments between two days (in the practice's time zone), earliest first.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AppointmentList {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub items: Vec<AppointmentView>,
}

/// Attended appointments still without a signed note some days after.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AwaitingNotes {
    /// The practice's setting: an attended appointment is listed this many days after it.
    pub due_after_days: i32,
    /// Oldest first.
    pub items: Vec<AppointmentView>,
}
