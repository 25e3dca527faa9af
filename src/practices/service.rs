//! Creating a practice with its owner, and reading or changing its settings.

use chrono::Utc;
use sea_orm::Condition;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::types::Paper;
use crate::{
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{CurrentStaff, RequestMeta, Role, password},
    core::validation::Check,
    core::versioned,
    entities::{practices, staff},
    staff::service::insert_member,
};

pub const DEFAULT_TIME_ZONE: &str = "UTC";

/// A practice as staff see it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PracticeView {
    pub id: Uuid,
    pub name: String,
    pub time_zone: String,
}

impl From<&practices::Model> for PracticeView {
    fn from(p: &practices::Model) -> Self {
        Self { id: p.id, name: p.name.clone(), time_zone: p.time_zone.clone() }
    }
}

/// The owner's view of the practice settings.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PracticeSettings {
    pub id: Uuid,
    pub name: String,
    pub time_zone: String,
    pub part2_notice: bool,
    pub crisis_text: Option<String>,
    /// The paper progress reports are laid out on.
    pub report_paper: Paper,
    /// Every member must sign in with a second factor (TOTP); a member without one is
    /// asked to set it up before anything else.
    pub require_two_factor: bool,
    /// After how many days an attended appointment without a signed note is listed as due.
    pub note_due_days: i32,
    pub version: i32,
    pub created_at: chrono::DateTime<Utc>,
    pub updated_at: chrono::DateTime<Utc>,
}

impl From<practices::Model> for PracticeSettings {
    fn from(p: practices::Model) -> Self {
        Self {
            id: p.id,
            name: p.name,
            time_zone: p.time_zone,
            part2_notice: p.part2_notice,
            crisis_text: p.crisis_text,
            report_paper: p.report_paper,
            require_two_factor: p.require_two_factor,
            note_due_days: p.note_due_days,
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// What is needed to open a new practice.
#[derive(Clone, Debug)]
pub struct NewPractice {
    pub practice_name: String,
    pub time_zone: Option<String>,
    pub owner_name: String,
    pub owner_email: String,
    pub owner_password: String,
}

/// Validates and creates a practice and its owner, with the id of the practice the caller's
/// transaction was begun in (`db::begin_in(db, practice_id)` with a new `Uuid::now_v7()`:
/// row-level security accepts the new practice's rows only).
pub async fn create_with_owner(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    input: NewPractice,
) -> Result<(practices::Model, staff::Model)> {
    let mut check = Check::new();
    let practice_name = check.required_text("practice_name", &input.practice_name, 200);
    let time_zone = check.time_zone(
        "time_zone",
        input.time_zone.as_deref().filter(|z| !z.trim().is_empty()).unwrap_or(DEFAULT_TIME_ZONE),
    );
    let name = check.required_text("name", &input.owner_name, 100);
    let email = check.email("email", &input.owner_email);
    check.password("password", &input.owner_password);
    check.finish()?;

    let password_hash = password::hash(input.owner_password).await?;
    let now = Utc::now();
    let practice = practices::ActiveModel {
        id: Set(practice_id),
        name: Set(practice_name),
        time_zone: Set(time_zone),
        part2_notice: Set(true),
        crisis_text: Set(None),
        report_paper: Set(Paper::Letter),
        require_two_factor: Set(false),
        note_due_days: Set(3),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let practice = practices::Entity::insert(practice).exec_with_returning(db).await?;
    let owner = insert_member(db, practice.id, name, email, password_hash, Role::Owner).await?;
    Ok((practice, owner))
}

/// Creates a practice with its owner and starts its audit trail with the creation: a sign-up
/// and `daybreak create-practice` both come through here. Run inside the caller's transaction,
/// begun in the new practice (see `create_with_owner`).
pub async fn create(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    input: NewPractice,
    meta: &RequestMeta,
) -> Result<(practices::Model, staff::Model)> {
    let (practice, owner) = create_with_owner(db, practice_id, input).await?;
    let event =
        AuditEvent::for_member(practice.id, owner.id, Some(Role::Owner), "practice.create", meta);
    audit::record(db, event).await?;
    Ok((practice, owner))
}

/// The practice of a signed-in staff member.
pub async fn get(db: &impl ConnectionTrait, practice_id: Uuid) -> Result<practices::Model> {
    practices::Entity::find_by_id(practice_id).one(db).await?.ok_or(AppError::NotFound)
}

/// A change to the practice settings.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct PracticeUpdate {
    pub name: Option<String>,
    pub time_zone: Option<String>,
    pub part2_notice: Option<bool>,
    /// `null` restores the default crisis text.
    #[serde(default, deserialize_with = "crate::core::patch::double_option")]
    #[schema(value_type = Option<String>)]
    pub crisis_text: Option<Option<String>>,
    pub report_paper: Option<Paper>,
    pub require_two_factor: Option<bool>,
    /// 1 to 30.
    pub note_due_days: Option<i32>,
    pub version: Option<i32>,
}

/// Applies a settings change made against `version`.
pub async fn update(
    db: &impl ConnectionTrait,
    owner: &CurrentStaff,
    version: i32,
    change: PracticeUpdate,
) -> Result<practices::Model> {
    let mut check = Check::new();
    let mut model = practices::ActiveModel::default();
    if let Some(name) = &change.name {
        model.name = Set(check.required_text("name", name, 200));
    }
    if let Some(zone) = &change.time_zone {
        model.time_zone = Set(check.time_zone("time_zone", zone));
    }
    if let Some(part2) = change.part2_notice {
        model.part2_notice = Set(part2);
    }
    if let Some(paper) = change.report_paper {
        model.report_paper = Set(paper);
    }
    if let Some(required) = change.require_two_factor {
        model.require_two_factor = Set(required);
    }
    if let Some(days) = change.note_due_days {
        if !(1..=30).contains(&days) {
            check.fail("note_due_days", "must be 1 to 30 days");
        }
        model.note_due_days = Set(days);
    }
    if let Some(text) = &change.crisis_text {
        model.crisis_text = Set(check.optional_text("crisis_text", text.as_deref(), 2000));
    }
    check.finish()?;
    let id = owner.practice_id;
    let Some(updated) = versioned::update(db, id, id, version, model, Condition::all()).await?
    else {
        get(db, owner.practice_id).await?;
        return Err(AppError::stale_version());
    };
    // Which settings changed (a permission change, like requiring two-factor, is on record).
    let changed: Vec<&str> = [
        ("name", change.name.is_some()),
        ("time_zone", change.time_zone.is_some()),
        ("part2_notice", change.part2_notice.is_some()),
        ("crisis_text", change.crisis_text.is_some()),
        ("report_paper", change.report_paper.is_some()),
        ("require_two_factor", change.require_two_factor.is_some()),
        ("note_due_days", change.note_due_days.is_some()),
    ]
    .into_iter()
    .filter_map(|(field, present)| present.then_some(field))
    .collect();
    let mut detail = serde_json::json!({ "changed": changed });
    if let Some(required) = change.require_two_factor {
        detail["require_two_factor"] = serde_json::json!(required);
    }
    audit::record(
        db,
        AuditEvent::by(owner, "practice.update", "practice", Some(owner.practice_id))
            .detail(detail),
    )
    .await?;
    Ok(updated)
}
