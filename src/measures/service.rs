//! Measure schedules (set by clinical staff), what is due for a client, and scored results.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::scoring::{MeasureCode, OPTIONS, Score};
use crate::{
    alerts::service::{self as alerts, AlertKind},
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff},
    core::paging::PageRequest,
    core::tenancy::InPractice,
    entities::{measure_results, measure_schedules},
};

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewSchedule {
    pub code: MeasureCode,
    /// 7, 14 or 30.
    pub every_days: i32,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ScheduleView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub code: MeasureCode,
    pub every_days: i32,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// The day the client is next asked (today or earlier means it is due now).
    pub next_due_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ResultView {
    pub id: Uuid,
    pub code: MeasureCode,
    pub completed_on: NaiveDate,
    pub answers: Vec<i16>,
    pub total: i32,
    pub band: String,
    /// True when the answers raised an alert (PHQ-9 item 9 above 0).
    pub alert: bool,
}

/// A questionnaire as the self-report page asks it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DueMeasure {
    pub code: MeasureCode,
    pub title: &'static str,
    pub question: &'static str,
    pub items: Vec<&'static str>,
    pub options: Vec<AnswerOption>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AnswerOption {
    pub value: i16,
    pub label: &'static str,
}

impl DueMeasure {
    pub fn new(code: MeasureCode) -> Self {
        Self {
            code,
            title: code.title(),
            question: code.question(),
            items: code.items().to_vec(),
            options: OPTIONS
                .iter()
                .map(|(value, label)| AnswerOption { value: *value, label })
                .collect(),
        }
    }
}

fn result_view(m: measure_results::Model) -> ResultView {
    ResultView {
        id: m.id,
        code: m.code,
        completed_on: m.completed_on,
        answers: serde_json::from_value(m.answers).unwrap_or_default(),
        total: m.total,
        band: m.band,
        alert: m.alert,
    }
}

/// The last completion day of each measure for a client.
async fn last_completed(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
) -> Result<HashMap<MeasureCode, NaiveDate>> {
    let rows: Vec<(MeasureCode, NaiveDate)> = measure_results::Entity::in_practice(practice_id)
        .filter(measure_results::Column::ClientId.eq(client_id))
        .select_only()
        .column(measure_results::Column::Code)
        .column_as(measure_results::Column::CompletedOn.max(), "last_completed_on")
        .group_by(measure_results::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

fn next_due(
    schedule: &measure_schedules::Model,
    last: Option<NaiveDate>,
    today: NaiveDate,
) -> NaiveDate {
    match last {
        Some(day) => day.checked_add_days(Days::new(schedule.every_days as u64)).unwrap_or(day),
        None => today,
    }
}

/// Whether the client is asked to answer `code` (an active schedule).
pub async fn is_scheduled(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    code: MeasureCode,
) -> Result<bool> {
    Ok(measure_schedules::Entity::in_practice(practice_id)
        .filter(measure_schedules::Column::ClientId.eq(client_id))
        .filter(measure_schedules::Column::Code.eq(code))
        .filter(measure_schedules::Column::Active.eq(true))
        .count(db)
        .await?
        > 0)
}

/// The measures due today for a client: scheduled, and not answered within their interval.
pub async fn due(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<MeasureCode>> {
    let schedules = measure_schedules::Entity::in_practice(practice_id)
        .filter(measure_schedules::Column::ClientId.eq(client_id))
        .filter(measure_schedules::Column::Active.eq(true))
        .order_by_asc(measure_schedules::Column::Code)
        .all(db)
        .await?;
    if schedules.is_empty() {
        return Ok(Vec::new());
    }
    let last = last_completed(db, practice_id, client_id).await?;
    Ok(schedules
        .iter()
        .filter(|s| next_due(s, last.get(&s.code).copied(), today) <= today)
        .map(|s| s.code)
        .collect())
}

/// Scores and stores a client's answers (through their link); PHQ-9 item 9 raises an alert.
pub async fn record(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    link_id: Uuid,
    code: MeasureCode,
    answers: &[i16],
    today: NaiveDate,
) -> Result<Score> {
    let score = code.score(answers).map_err(|message| AppError::field("answers", message))?;
    let id = Uuid::now_v7();
    measure_results::Entity::insert(measure_results::ActiveModel {
        practice_id: Set(practice_id),
        id: Set(id),
        client_id: Set(client_id),
        code: Set(code),
        completed_on: Set(today),
        answers: Set(json!(answers)),
        total: Set(score.total),
        band: Set(score.band.to_owned()),
        alert: Set(score.alert),
        link_id: Set(Some(link_id)),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    if score.alert {
        let detail = json!({ "measure_result_id": id, "total": score.total, "item9": answers[8] });
        alerts::raise(db, practice_id, client_id, AlertKind::Phq9Item9, detail).await?;
    }
    Ok(score)
}

async fn schedule_views(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    schedules: Vec<measure_schedules::Model>,
    today: NaiveDate,
) -> Result<Vec<ScheduleView>> {
    let last = last_completed(db, practice_id, client_id).await?;
    Ok(schedules
        .into_iter()
        .map(|s| ScheduleView {
            id: s.id,
            client_id: s.client_id,
            code: s.code,
            every_days: s.every_days,
            active: s.active,
            created_at: s.created_at,
            next_due_on: s.active.then(|| next_due(&s, last.get(&s.code).copied(), today)),
        })
        .collect())
}

/// Asks a client to answer a measure every 7, 14 or 30 days. Returns the schedule and
/// whether it is new (a schedule for the same measure is replaced).
#[tracing::instrument(skip_all)]
pub async fn schedule(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    input: NewSchedule,
) -> Result<(ScheduleView, bool)> {
    staff.require(Action::WriteClinical)?;
    client_service::find(db, staff, client_id).await?;
    if ![7, 14, 30].contains(&input.every_days) {
        return Err(AppError::field("every_days", "must be 7, 14 or 30"));
    }
    let today = staff.today();
    let now = Utc::now();
    let existing = measure_schedules::Entity::in_practice(staff.practice_id)
        .filter(measure_schedules::Column::ClientId.eq(client_id))
        .filter(measure_schedules::Column::Code.eq(input.code))
        .one(db)
        .await?;
    let created = existing.is_none();
    let id = match existing {
        Some(current) => {
            measure_schedules::Entity::update_many()
                .set(measure_schedules::ActiveModel {
                    every_days: Set(input.every_days),
                    active: Set(true),
                    updated_at: Set(now),
                    ..Default::default()
                })
                .filter(measure_schedules::Column::PracticeId.eq(staff.practice_id))
                .filter(measure_schedules::Column::Id.eq(current.id))
                .exec(db)
                .await?;
            current.id
        }
        None => {
            let id = Uuid::now_v7();
            measure_schedules::Entity::insert(measure_schedules::ActiveModel {
                practice_id: Set(staff.practice_id),
                id: Set(id),
                client_id: Set(client_id),
                code: Set(input.code),
                every_days: Set(input.every_days),
                active: Set(true),
                created_by: Set(staff.id),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .exec_without_returning(db)
            .await?;
            id
        }
    };
    audit::record(
        db,
        AuditEvent::by(staff, "measure.schedule", "measure_schedule", Some(id))
            .client(client_id)
            .detail(json!({ "code": input.code.as_str(), "every_days": input.every_days })),
    )
    .await?;
    let row = measure_schedules::Entity::in_practice(staff.practice_id)
        .filter(measure_schedules::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let view = schedule_views(db, staff.practice_id, client_id, vec![row], today).await?.remove(0);
    Ok((view, created))
}

/// A client's active schedules.
pub async fn schedules(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
) -> Result<Vec<ScheduleView>> {
    staff.require_clinical_access()?;
    client_service::find(db, staff, client_id).await?;
    let today = staff.today();
    let rows = measure_schedules::Entity::in_practice(staff.practice_id)
        .filter(measure_schedules::Column::ClientId.eq(client_id))
        .filter(measure_schedules::Column::Active.eq(true))
        .order_by_asc(measure_schedules::Column::Code)
        .all(db)
        .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "measure.schedule.list", "client", Some(client_id)).client(client_id),
    )
    .await?;
    schedule_views(db, staff.practice_id, client_id, rows, today).await
}

/// Stops a schedule; its results stay.
#[tracing::instrument(skip_all)]
pub async fn stop(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<ScheduleView> {
    staff.require(Action::WriteClinical)?;
    let row = measure_schedules::Entity::in_practice(staff.practice_id)
        .filter(measure_schedules::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    client_service::find(db, staff, row.client_id).await?;
    measure_schedules::Entity::update_many()
        .set(measure_schedules::ActiveModel {
            active: Set(false),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .filter(measure_schedules::Column::PracticeId.eq(staff.practice_id))
        .filter(measure_schedules::Column::Id.eq(id))
        .exec(db)
        .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "measure.schedule.stop", "measure_schedule", Some(id))
            .client(row.client_id),
    )
    .await?;
    let today = staff.today();
    let stopped = measure_schedules::Model { active: false, ..row };
    Ok(schedule_views(db, staff.practice_id, stopped.client_id, vec![stopped], today)
        .await?
        .remove(0))
}

/// A page of a client's results, newest first.
#[tracing::instrument(skip_all)]
pub async fn results(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    code: Option<MeasureCode>,
    page: PageRequest,
) -> Result<(Vec<ResultView>, u64)> {
    staff.require_clinical_access()?;
    client_service::find(db, staff, client_id).await?;
    let mut query = measure_results::Entity::in_practice(staff.practice_id)
        .filter(measure_results::Column::ClientId.eq(client_id));
    if let Some(code) = code {
        query = query.filter(measure_results::Column::Code.eq(code));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(measure_results::Column::CompletedOn)
        .order_by_desc(measure_results::Column::CreatedAt)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "measure.list", "client", Some(client_id))
            .client(client_id)
            .detail(json!({ "count": rows.len() })),
    )
    .await?;
    Ok((rows.into_iter().map(result_view).collect(), total))
}
