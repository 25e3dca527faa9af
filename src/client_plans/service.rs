//! The client's plans: read the latest, save a new version (never over a newer one), read the
//! history; clinical staff only, a clinician for their own caseload. Every read and save is
//! audited by kind and version only: nothing of a plan's words goes into the audit log or any
//! log line.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::json;
use uuid::Uuid;

use super::types::{
    PlanContact, PlanMeeting, PlanPerson, PlanSaved, RelapsePreventionPlan,
    RelapsePreventionPlanView, SafetyPlan, SafetyPlanView,
};
use crate::{
    clients::scope,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result, UniqueKey, unique_violation_as},
    core::identity::{Action, CurrentStaff},
    core::paging::PageRequest,
    core::tenancy::InPractice,
    core::validation::Check,
    entities::{client_plans, states::PlanKind},
    staff::service as staff_service,
};

/// The most items a list of a plan holds, and the longest item.
const MOST_ITEMS: usize = 20;
const LONGEST_ITEM: usize = 300;
const LONGEST_NAME: usize = 100;

const VERSION_KEY: UniqueKey = UniqueKey {
    name: "ux_client_plans_version",
    table: "client_plans",
    columns: &["practice_id", "client_id", "kind", "version"],
};

/// A plan's content: its kind and its checks.
pub trait PlanContent: Serialize + DeserializeOwned + Default + PartialEq {
    const KIND: PlanKind;
    /// The plan with its texts trimmed, or the problems of each field in `check`.
    fn checked(self, check: &mut Check) -> Self;
}

fn texts(check: &mut Check, field: &str, items: Vec<String>) -> Vec<String> {
    if items.len() > MOST_ITEMS {
        check.fail(field, format!("can hold at most {MOST_ITEMS} items"));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| check.required_text(&format!("{field}[{i}]"), item, LONGEST_ITEM))
        .collect()
}

fn contacts(check: &mut Check, field: &str, items: Vec<PlanContact>) -> Vec<PlanContact> {
    if items.len() > MOST_ITEMS {
        check.fail(field, format!("can hold at most {MOST_ITEMS} items"));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, c)| PlanContact {
            name: check.required_text(&format!("{field}[{i}].name"), &c.name, LONGEST_NAME),
            phone: check.phone(&format!("{field}[{i}].phone"), c.phone.as_deref()),
        })
        .collect()
}

fn people(check: &mut Check, items: Vec<PlanPerson>) -> Vec<PlanPerson> {
    if items.len() > MOST_ITEMS {
        check.fail("people", format!("can hold at most {MOST_ITEMS} items"));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, p)| PlanPerson {
            name: check.required_text(&format!("people[{i}].name"), &p.name, LONGEST_NAME),
            role: p.role,
            phone: check.phone(&format!("people[{i}].phone"), p.phone.as_deref()),
        })
        .collect()
}

fn meetings(check: &mut Check, items: Vec<PlanMeeting>) -> Vec<PlanMeeting> {
    if items.len() > MOST_ITEMS {
        check.fail("meetings", format!("can hold at most {MOST_ITEMS} items"));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let field = |name: &str| format!("meetings[{i}].{name}");
            let time = check.optional_text(&field("time"), m.time.as_deref(), 5);
            if let Some(t) = &time
                && chrono::NaiveTime::parse_from_str(t, "%H:%M").is_err()
            {
                check.fail(&field("time"), "must be a time like 19:30 (24-hour)");
            }
            let url = check.optional_text(&field("url"), m.url.as_deref(), 500);
            if let Some(u) = &url
                && !(u.starts_with("https://") || u.starts_with("http://"))
            {
                check.fail(&field("url"), "must be a web address starting with https://");
            }
            PlanMeeting {
                name: check.required_text(&field("name"), &m.name, LONGEST_NAME),
                day_of_week: m.day_of_week,
                time,
                place: check.optional_text(&field("place"), m.place.as_deref(), LONGEST_ITEM),
                url,
            }
        })
        .collect()
}

impl PlanContent for RelapsePreventionPlan {
    const KIND: PlanKind = PlanKind::RelapsePrevention;

    fn checked(self, check: &mut Check) -> Self {
        let mut situations = Vec::new();
        for s in self.high_risk_situations {
            if !situations.contains(&s) {
                situations.push(s);
            }
        }
        Self {
            warning_signs: texts(check, "warning_signs", self.warning_signs),
            high_risk_situations: situations,
            coping_steps: texts(check, "coping_steps", self.coping_steps),
            reasons: texts(check, "reasons", self.reasons),
            people: people(check, self.people),
            meetings: meetings(check, self.meetings),
        }
    }
}

impl PlanContent for SafetyPlan {
    const KIND: PlanKind = PlanKind::Safety;

    fn checked(self, check: &mut Check) -> Self {
        Self {
            warning_signs: texts(check, "warning_signs", self.warning_signs),
            coping_alone: texts(check, "coping_alone", self.coping_alone),
            distractions: texts(check, "distractions", self.distractions),
            people_to_ask: contacts(check, "people_to_ask", self.people_to_ask),
            professionals: contacts(check, "professionals", self.professionals),
            safer_surroundings: texts(check, "safer_surroundings", self.safer_surroundings),
        }
    }
}

/// The latest version of a client's plan of `kind`, if it was ever saved.
pub async fn latest(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    kind: PlanKind,
) -> Result<Option<client_plans::Model>> {
    Ok(client_plans::Entity::in_practice(practice_id)
        .filter(client_plans::Column::ClientId.eq(client_id))
        .filter(client_plans::Column::Kind.eq(kind))
        .order_by_desc(client_plans::Column::Version)
        .limit(1)
        .one(db)
        .await?)
}

/// One version of a client's plan of `kind`.
pub async fn version(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    kind: PlanKind,
    version: i32,
) -> Result<Option<client_plans::Model>> {
    Ok(client_plans::Entity::in_practice(practice_id)
        .filter(client_plans::Column::ClientId.eq(client_id))
        .filter(client_plans::Column::Kind.eq(kind))
        .filter(client_plans::Column::Version.eq(version))
        .one(db)
        .await?)
}

/// A stored version's content. A row that does not read as its kind is a broken invariant:
/// the error names the row, never its words.
pub fn content<T: PlanContent>(row: &client_plans::Model) -> Result<T> {
    serde_json::from_value(row.content.clone()).map_err(|_| {
        AppError::internal(format!("client plan {} does not read as its kind", row.id))
    })
}

/// One version as the dashboard shows it: who saved it and when, and the plan.
pub struct Version<T> {
    pub saved: PlanSaved,
    pub enabled: bool,
    pub plan: T,
}

impl From<Version<RelapsePreventionPlan>> for RelapsePreventionPlanView {
    fn from(v: Version<RelapsePreventionPlan>) -> Self {
        Self { saved: v.saved, plan: v.plan }
    }
}

impl From<Version<SafetyPlan>> for SafetyPlanView {
    fn from(v: Version<SafetyPlan>) -> Self {
        Self { saved: v.saved, enabled: v.enabled, plan: v.plan }
    }
}

async fn versions_of<T: PlanContent>(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    rows: Vec<client_plans::Model>,
) -> Result<Vec<Version<T>>> {
    let names =
        staff_service::names(db, practice_id, rows.iter().map(|r| r.written_by).collect()).await?;
    rows.iter()
        .map(|row| {
            Ok(Version {
                saved: PlanSaved {
                    client_id: row.client_id,
                    version: row.version,
                    written_by: Some(row.written_by),
                    written_by_name: names.get(&row.written_by).cloned(),
                    written_at: Some(row.written_at),
                },
                enabled: row.enabled,
                plan: content(row)?,
            })
        })
        .collect()
}

/// The plan before its first save: empty, version 0 (a safety plan is on once written).
fn unsaved<T: PlanContent>(client_id: Uuid) -> Version<T> {
    Version {
        saved: PlanSaved {
            client_id,
            version: 0,
            written_by: None,
            written_by_name: None,
            written_at: None,
        },
        enabled: T::KIND == PlanKind::RelapsePrevention,
        plan: T::default(),
    }
}

fn event(
    staff: &CurrentStaff,
    action: &'static str,
    client_id: Uuid,
    row: Option<Uuid>,
) -> AuditEvent {
    AuditEvent::by(staff, action, "client_plan", row).client(client_id)
}

/// The latest version of a client's plan (version 0 and empty when there is none yet).
pub async fn get<T: PlanContent>(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
) -> Result<Version<T>> {
    staff.require(Action::ReadClinical)?;
    scope::find(db, staff, client_id).await?;
    let row = latest(db, staff.practice_id, client_id, T::KIND).await?;
    let version = match &row {
        Some(row) => versions_of(db, staff.practice_id, vec![row.clone()]).await?.remove(0),
        None => unsaved(client_id),
    };
    let detail = json!({ "kind": T::KIND.as_str(), "version": version.saved.version });
    audit::record(
        db,
        event(staff, "client_plan.read", client_id, row.map(|r| r.id)).detail(detail),
    )
    .await?;
    Ok(version)
}

/// Saves the plan as the next version, if `base` is still the latest one (else 409: someone
/// saved meanwhile, and their words are not laid over). A save that changes nothing makes no
/// version. `enabled` None keeps the latest version's (a first safety plan is on).
pub async fn save<T: PlanContent>(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    base: i32,
    plan: T,
    enabled: Option<bool>,
) -> Result<Version<T>> {
    staff.require(Action::WriteClinical)?;
    scope::find(db, staff, client_id).await?;
    let mut check = Check::new();
    let plan = plan.checked(&mut check);
    check.finish()?;
    let current = latest(db, staff.practice_id, client_id, T::KIND).await?;
    let current_version = current.as_ref().map_or(0, |r| r.version);
    if base != current_version {
        return Err(stale(current_version));
    }
    let enabled = match T::KIND {
        PlanKind::RelapsePrevention => true,
        PlanKind::Safety => enabled.or(current.as_ref().map(|r| r.enabled)).unwrap_or(true),
    };
    if let Some(row) = &current
        && row.enabled == enabled
        && content::<T>(row)? == plan
    {
        // Nothing changed: the latest version stands (the look is audited like a read).
        let detail = json!({ "kind": T::KIND.as_str(), "version": row.version, "unchanged": true });
        audit::record(db, event(staff, "client_plan.save", client_id, Some(row.id)).detail(detail))
            .await?;
        return Ok(versions_of(db, staff.practice_id, vec![row.clone()]).await?.remove(0));
    }
    let content = serde_json::to_value(&plan)
        .map_err(|_| AppError::internal("a client plan could not be written as JSON"))?;
    let row = client_plans::Entity::insert(client_plans::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(client_id),
        kind: Set(T::KIND),
        version: Set(current_version + 1),
        content: Set(content),
        enabled: Set(enabled),
        written_by: Set(staff.id),
        written_at: Set(Utc::now()),
    })
    .exec_with_returning(db)
    .await
    .map_err(|e| unique_violation_as(e, &VERSION_KEY, stale(current_version + 1)))?;
    let detail = json!({ "kind": T::KIND.as_str(), "version": row.version, "enabled": enabled });
    audit::record(db, event(staff, "client_plan.save", client_id, Some(row.id)).detail(detail))
        .await?;
    Ok(versions_of(db, staff.practice_id, vec![row]).await?.remove(0))
}

fn stale(now: i32) -> AppError {
    AppError::Conflict(format!(
        "The plan was saved by someone else since you opened it (it is at version {now} now). \
         Nothing was saved: open it again to see their changes."
    ))
}

/// A page of a plan's versions, newest first.
pub async fn history<T: PlanContent>(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    page: PageRequest,
) -> Result<(Vec<Version<T>>, u64)> {
    staff.require(Action::ReadClinical)?;
    scope::find(db, staff, client_id).await?;
    let query = client_plans::Entity::in_practice(staff.practice_id)
        .filter(client_plans::Column::ClientId.eq(client_id))
        .filter(client_plans::Column::Kind.eq(T::KIND));
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(client_plans::Column::Version)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let detail = json!({ "kind": T::KIND.as_str(), "count": rows.len() });
    audit::record(db, event(staff, "client_plan.history", client_id, None).detail(detail)).await?;
    Ok((versions_of(db, staff.practice_id, rows).await?, total))
}

/// What the client's own page shows: the latest relapse-prevention plan, and the safety plan
/// when it is turned on (the caller audits the page view).
pub async fn for_client_page(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
) -> Result<(Option<RelapsePreventionPlan>, Option<SafetyPlan>)> {
    let plan = match latest(db, practice_id, client_id, PlanKind::RelapsePrevention).await? {
        Some(row) => Some(content(&row)?),
        None => None,
    };
    let safety = match latest(db, practice_id, client_id, PlanKind::Safety).await? {
        Some(row) if row.enabled => Some(content(&row)?),
        _ => None,
    };
    Ok((plan, safety))
}
