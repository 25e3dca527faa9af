//! A client's medications: recorded, changed with their version (a stop date, a new dose),
//! never deleted; clinical staff only. What the screens read as expected comes from here.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::types::{MedicationUpdate, MedicationView, NewMedication, class_screens_as};
use crate::{
    clients::scope,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff},
    core::tenancy::InPractice,
    core::validation::Check,
    core::versioned,
    entities::medications,
    recovery::screens::Prescribed,
};

const LONGEST: usize = 200;

fn view(m: medications::Model, today: NaiveDate) -> MedicationView {
    MedicationView {
        id: m.id,
        client_id: m.client_id,
        current: m.started_on <= today && m.stopped_on.is_none_or(|s| s >= today),
        screens_as: m.screens_as.or(class_screens_as(m.class)),
        name: m.name,
        class: m.class,
        dose: m.dose,
        schedule: m.schedule,
        prescriber: m.prescriber,
        started_on: m.started_on,
        stopped_on: m.stopped_on,
        stop_reason: m.stop_reason,
        ask_on_link: m.ask_on_link,
        recorded_by: m.recorded_by,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

fn check_dates(
    check: &mut Check,
    today: NaiveDate,
    started: NaiveDate,
    stopped: Option<NaiveDate>,
) {
    check.date_not_after("started_on", Some(started), today);
    if stopped.is_some_and(|s| s < started) {
        check.fail("stopped_on", "cannot be before started_on");
    }
}

/// What the client is prescribed that shows on a screen, over the days it was.
pub async fn prescribed(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
) -> Result<Vec<Prescribed>> {
    Ok(medications::Entity::in_practice(practice_id)
        .filter(medications::Column::ClientId.eq(client_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| {
            let substance = m.screens_as.or(class_screens_as(m.class))?;
            Some(Prescribed { substance, from: m.started_on, to: m.stopped_on })
        })
        .collect())
}

/// Whether the client's link asks about their medication on `day`: a medication current that
/// day is set to be asked about.
pub async fn asks_on_link(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    day: NaiveDate,
) -> Result<bool> {
    Ok(medications::Entity::in_practice(practice_id)
        .filter(medications::Column::ClientId.eq(client_id))
        .filter(medications::Column::AskOnLink.eq(true))
        .filter(medications::Column::StartedOn.lte(day))
        .all(db)
        .await?
        .iter()
        .any(|m| m.stopped_on.is_none_or(|s| s >= day)))
}

/// A client's medications, current first, then by start.
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
) -> Result<Vec<MedicationView>> {
    staff.require(Action::ReadClinical)?;
    scope::find(db, staff, client_id).await?;
    let today = staff.today();
    let rows = medications::Entity::in_practice(staff.practice_id)
        .filter(medications::Column::ClientId.eq(client_id))
        .order_by_desc(medications::Column::StartedOn)
        .all(db)
        .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "medication.list", "client", Some(client_id))
            .client(client_id)
            .detail(json!({ "count": rows.len() })),
    )
    .await?;
    let mut items: Vec<MedicationView> = rows.into_iter().map(|m| view(m, today)).collect();
    items.sort_by_key(|m| !m.current);
    Ok(items)
}

pub async fn create(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    input: NewMedication,
) -> Result<MedicationView> {
    staff.require(Action::WriteClinical)?;
    scope::find(db, staff, client_id).await?;
    let today = staff.today();
    let mut check = Check::new();
    let name = check.required_text("name", &input.name, LONGEST);
    let dose = check.optional_text("dose", input.dose.as_deref(), LONGEST);
    let schedule = check.optional_text("schedule", input.schedule.as_deref(), LONGEST);
    let prescriber = check.optional_text("prescriber", input.prescriber.as_deref(), LONGEST);
    let stop_reason = check.optional_text("stop_reason", input.stop_reason.as_deref(), LONGEST);
    check_dates(&mut check, today, input.started_on, input.stopped_on);
    check.finish()?;
    let now = Utc::now();
    let row = medications::Entity::insert(medications::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(client_id),
        name: Set(name),
        class: Set(input.class),
        screens_as: Set(input.screens_as),
        dose: Set(dose),
        schedule: Set(schedule),
        prescriber: Set(prescriber),
        started_on: Set(input.started_on),
        stopped_on: Set(input.stopped_on),
        stop_reason: Set(stop_reason),
        ask_on_link: Set(input.ask_on_link),
        recorded_by: Set(staff.id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(db)
    .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "medication.create", "medication", Some(row.id))
            .client(client_id)
            .detail(json!({ "class": row.class.as_str() })),
    )
    .await?;
    Ok(view(row, today))
}

async fn find(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<medications::Model> {
    let row = medications::Entity::in_practice(staff.practice_id)
        .filter(medications::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    scope::find(db, staff, row.client_id).await?;
    Ok(row)
}

/// Changes a medication made against `version` (a stale one is 409, never merged).
pub async fn update(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    version: i32,
    change: MedicationUpdate,
) -> Result<MedicationView> {
    staff.require(Action::WriteClinical)?;
    let current = find(db, staff, id).await?;
    if current.version != version {
        return Err(AppError::stale_version());
    }
    let today = staff.today();
    let mut check = Check::new();
    let started = change.started_on.unwrap_or(current.started_on);
    let stopped = change.stopped_on.unwrap_or(current.stopped_on);
    check_dates(&mut check, today, started, stopped);
    let mut model = medications::ActiveModel {
        started_on: Set(started),
        stopped_on: Set(stopped),
        ..Default::default()
    };
    if let Some(name) = &change.name {
        model.name = Set(check.required_text("name", name, LONGEST));
    }
    if let Some(class) = change.class {
        model.class = Set(class);
    }
    if let Some(screens_as) = change.screens_as {
        model.screens_as = Set(screens_as);
    }
    if let Some(ask) = change.ask_on_link {
        model.ask_on_link = Set(ask);
    }
    for (field, value, column) in [
        ("dose", &change.dose, medications::Column::Dose),
        ("schedule", &change.schedule, medications::Column::Schedule),
        ("prescriber", &change.prescriber, medications::Column::Prescriber),
        ("stop_reason", &change.stop_reason, medications::Column::StopReason),
    ] {
        if let Some(v) = value {
            let text = check.optional_text(field, v.as_deref(), LONGEST);
            sea_orm::ActiveModelTrait::set(&mut model, column, text.into());
        }
    }
    check.finish()?;
    let updated = versioned::update(db, staff.practice_id, id, version, model, Condition::all())
        .await?
        .ok_or_else(AppError::stale_version)?;
    audit::record(
        db,
        AuditEvent::by(staff, "medication.update", "medication", Some(id))
            .client(current.client_id),
    )
    .await?;
    Ok(view(updated, today))
}
