//! Groups, members, sessions and attendance as the API spells them (../shared/API.md,
//! "Appointments and groups").

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::entities::states::GroupSessionStatus;
pub use crate::recovery::vocabulary::{GroupAttendanceStatus, NoteFormat};

/// A group to start.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewGroup {
    pub name: String,
    /// E.g. "IOP evening", "Relapse prevention".
    pub track: Option<String>,
    /// A session's usual length: 15 to 600 minutes.
    pub default_minutes: i32,
    /// Active clinical staff of the practice; at least one. A clinician includes themself.
    pub facilitator_ids: Vec<Uuid>,
    /// The format of the members' notes (default `dap`; psychotherapy notes are never
    /// written for a group).
    pub note_format: Option<NoteFormat>,
    pub location: Option<String>,
}

/// Only the fields to change, plus `version` (or `If-Match`).
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct GroupUpdate {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub track: Option<Option<String>>,
    pub default_minutes: Option<i32>,
    pub facilitator_ids: Option<Vec<Uuid>>,
    pub note_format: Option<NoteFormat>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub location: Option<Option<String>>,
    /// `false`: the group no longer meets (it stays readable, with its sessions).
    pub active: Option<bool>,
    pub version: Option<i32>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Facilitator {
    pub id: Uuid,
    pub name: Option<String>,
}

/// One membership: a rejoining after leaving is a new one.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub client_name: Option<String>,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    /// Still a member today.
    pub current: bool,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct GroupView {
    pub id: Uuid,
    pub name: String,
    pub track: Option<String>,
    pub default_minutes: i32,
    pub facilitators: Vec<Facilitator>,
    pub note_format: NoteFormat,
    pub location: Option<String>,
    pub active: bool,
    /// Current members first (by name), then past memberships.
    pub members: Vec<MemberView>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct GroupList {
    pub items: Vec<GroupView>,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewMember {
    pub client_id: Uuid,
    /// Not in the future (default today).
    pub joined_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct MemberLeave {
    /// Not before the member joined, not in the future (default today).
    pub left_on: Option<NaiveDate>,
}

/// A session to hold.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewGroupSession {
    pub starts_at: DateTime<Utc>,
    /// Default: the group's usual length.
    pub duration_minutes: Option<i32>,
    pub topic: Option<String>,
    /// Default: the group's place.
    pub location: Option<String>,
}

/// Only the fields to change, plus `version` (or `If-Match`). Drafts only.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct GroupSessionUpdate {
    pub starts_at: Option<DateTime<Utc>>,
    pub duration_minutes: Option<i32>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub topic: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub location: Option<Option<String>>,
    /// What the group did, written once: it goes into every present member's note, so it
    /// names no member (the view warns when it does). Clinical staff only.
    pub shared_narrative: Option<String>,
    /// `true`: the session did not take place (it is kept, locked, with no notes).
    pub cancelled: Option<bool>,
    pub version: Option<i32>,
}

/// One member's attendance (and, for clinical staff, their own part of the note).
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct AttendanceEntry {
    pub client_id: Uuid,
    pub status: GroupAttendanceStatus,
    /// 1 to the session's length (default: the whole session when present).
    pub minutes_attended: Option<i32>,
    /// The member's participation, printed under the shared narrative in their note.
    pub individual_text: Option<String>,
    /// The member's own sections: every section of the group's format but the one the
    /// shared narrative fills (`member_sections` of the session).
    pub sections: Option<BTreeMap<String, String>>,
    /// The row's version when the caller read one (a stale one is 409).
    pub version: Option<i32>,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct AttendanceRequest {
    /// One entry per member to record (others stay as they are); 1 to 200.
    pub entries: Vec<AttendanceEntry>,
}

/// Signing: every present member's note is written and signed, all or none.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct GroupSignRequest {
    pub version: Option<i32>,
    /// `true`: the facilitator checked the name warnings and signs anyway (a word that is
    /// also a member's name, such as "Hope").
    #[serde(default)]
    pub confirm_names: bool,
}

/// A member's name found in the shared narrative.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NameWarning {
    pub client_id: Uuid,
    /// The word as it appears in the narrative.
    pub word: String,
}

/// One row of the roster grid: a member on the session's day.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RosterEntry {
    pub client_id: Uuid,
    pub client_name: Option<String>,
    /// Null until recorded.
    pub status: Option<GroupAttendanceStatus>,
    pub minutes_attended: Option<i32>,
    /// Null for the front desk.
    pub individual_text: Option<String>,
    /// Null for the front desk.
    pub sections: Option<BTreeMap<String, String>>,
    /// The note signing wrote in the member's chart.
    pub note_id: Option<Uuid>,
    /// Whether the caller can open the member's chart (a clinician: their caseload's).
    pub chart_open: bool,
    /// The attendance row's version (null until recorded).
    pub version: Option<i32>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct GroupSessionView {
    pub id: Uuid,
    pub group_id: Uuid,
    pub group_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The day of `starts_at` in the practice's time zone.
    pub day: NaiveDate,
    pub duration_minutes: i32,
    pub topic: Option<String>,
    pub location: Option<String>,
    pub note_format: NoteFormat,
    /// The section of each member's note the shared narrative fills.
    pub shared_section: String,
    /// The sections each member's row fills.
    pub member_sections: Vec<String>,
    /// Null for the front desk.
    pub shared_narrative: Option<String>,
    /// Members' names found in the narrative (empty for the front desk).
    pub name_warnings: Vec<NameWarning>,
    pub status: GroupSessionStatus,
    /// A signed or cancelled session is locked.
    pub locked: bool,
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by: Option<Uuid>,
    pub signed_by_name: Option<String>,
    pub roster: Vec<RosterEntry>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A session as a calendar or a group's list shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct GroupSessionSummary {
    pub id: Uuid,
    pub group_id: Uuid,
    pub group_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub day: NaiveDate,
    pub duration_minutes: i32,
    pub topic: Option<String>,
    pub location: Option<String>,
    pub status: GroupSessionStatus,
    /// Members recorded present, late or leaving early.
    pub attended: i64,
    pub version: i32,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct GroupSessionList {
    pub items: Vec<GroupSessionSummary>,
}
