//! Relapse episode rules: dates, the DOMAIN.md enums, versions, archive instead of delete,
//! an alert when an overdose is reported, and an audit event for every read and write.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::types::{NewRelapse, RelapseUpdate, RelapseView};
use crate::{
    alerts::service::{self as alerts, AlertKind},
    client_plans::{service as plans, types::RelapsePreventionPlan},
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff},
    core::paging::PageRequest,
    core::tenancy::InPractice,
    core::validation::Check,
    core::versioned,
    entities::relapse_episodes,
    entities::states::{PlanKind, PlanStepsTried, RecordStatus},
    recovery::vocabulary::{
        self, Company, Consequence, Coping, EpisodeKind, Feeling, Substance, Support, Trigger,
    },
};

fn view(m: relapse_episodes::Model) -> RelapseView {
    let kind = m.kind;
    RelapseView {
        id: m.id,
        client_id: m.client_id,
        ongoing: kind == EpisodeKind::Relapse && m.ended_on.is_none(),
        kind,
        occurred_on: m.occurred_on,
        ended_on: m.ended_on,
        substances: vocabulary::from_json(&m.substances, Substance::parse),
        triggers: vocabulary::from_json(&m.triggers, Trigger::parse),
        setting: m.setting,
        company: vocabulary::from_json(&m.company, Company::parse),
        amount: m.amount,
        coping_used: vocabulary::from_json(&m.coping_used, Coping::parse),
        support_contacted: vocabulary::from_json(&m.support_contacted, Support::parse),
        feelings_after: vocabulary::from_json(&m.feelings_after, Feeling::parse),
        consequences: vocabulary::from_json(&m.consequences, Consequence::parse),
        self_blame: m.self_blame,
        notes: m.notes,
        status: m.status,
        archived_at: m.archived_at,
        recorded_by: m.recorded_by,
        plan_version: m.plan_version,
        warning_signs_present: m
            .warning_signs_present
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default(),
        plan_steps_tried: m.plan_steps_tried,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// One episode within reach (its client in the caller's scope), or 404.
async fn find(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<relapse_episodes::Model> {
    staff.require_clinical_access()?;
    let episode = relapse_episodes::Entity::in_practice(staff.practice_id)
        .filter(relapse_episodes::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    client_service::find(db, staff, episode.client_id).await?;
    Ok(episode)
}

fn check_dates(
    check: &mut Check,
    today: NaiveDate,
    occurred_on: NaiveDate,
    ended_on: Option<NaiveDate>,
) {
    check.date_not_after("occurred_on", Some(occurred_on), today);
    check.date_not_after("ended_on", ended_on, today);
    if ended_on.is_some_and(|end| end < occurred_on) {
        check.fail("ended_on", "cannot be before occurred_on");
    }
}

fn check_self_blame(check: &mut Check, value: Option<i16>) {
    if value.is_some_and(|v| !(0..=10).contains(&v)) {
        check.fail("self_blame", "must be from 0 to 10");
    }
}

/// The plan an episode is held against (the version it already names, else the latest) and the
/// warning signs marked present, each checked to be one of that version's: `None` when nothing
/// of the plan is marked.
async fn against_plan(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    held_version: Option<i32>,
    check: &mut Check,
    signs: &[String],
    tried: Option<PlanStepsTried>,
) -> Result<Option<(i32, serde_json::Value)>> {
    if signs.is_empty() && tried.is_none() {
        return Ok(None);
    }
    let plan = match held_version {
        Some(v) => {
            plans::version(db, staff.practice_id, client_id, PlanKind::RelapsePrevention, v).await?
        }
        None => {
            plans::latest(db, staff.practice_id, client_id, PlanKind::RelapsePrevention).await?
        }
    };
    let Some(row) = plan else {
        check.fail("plan_steps_tried", "the client has no relapse-prevention plan yet");
        return Ok(None);
    };
    let listed = plans::content::<RelapsePreventionPlan>(&row)?.warning_signs;
    let mut present: Vec<String> = Vec::new();
    for (i, sign) in signs.iter().enumerate() {
        if !listed.contains(sign) {
            check.fail(
                &format!("warning_signs_present[{i}]"),
                "is not one of the plan's warning signs",
            );
        } else if !present.contains(sign) {
            present.push(sign.clone());
        }
    }
    Ok(Some((row.version, serde_json::json!(present))))
}

/// A page of a client's episodes, newest first; `from`/`to` keep those that overlap them.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    status: RecordStatus,
    page: PageRequest,
) -> Result<(Vec<RelapseView>, u64)> {
    staff.require_clinical_access()?;
    client_service::find(db, staff, client_id).await?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(AppError::field("from", "must be on or before `to`"));
    }
    let mut query = relapse_episodes::Entity::in_practice(staff.practice_id)
        .filter(relapse_episodes::Column::ClientId.eq(client_id))
        .filter(relapse_episodes::Column::Status.eq(status));
    if let Some(to) = to {
        query = query.filter(relapse_episodes::Column::OccurredOn.lte(to));
    }
    if let Some(from) = from {
        // An ongoing relapse (no end) overlaps every later day; a lapse without an end only
        // its own day.
        query = query.filter(
            Condition::any()
                .add(relapse_episodes::Column::EndedOn.gte(from))
                .add(relapse_episodes::Column::OccurredOn.gte(from))
                .add(
                    Condition::all()
                        .add(relapse_episodes::Column::EndedOn.is_null())
                        .add(relapse_episodes::Column::Kind.eq(EpisodeKind::Relapse)),
                ),
        );
    }
    let total = query.clone().count(db).await?;
    let items = query
        .order_by_desc(relapse_episodes::Column::OccurredOn)
        .order_by_desc(relapse_episodes::Column::CreatedAt)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "relapse.list", "client", Some(client_id))
            .client(client_id)
            .detail(json!({ "count": items.len() })),
    )
    .await?;
    Ok((items.into_iter().map(view).collect(), total))
}

pub async fn get(db: &impl ConnectionTrait, staff: &CurrentStaff, id: Uuid) -> Result<RelapseView> {
    let episode = find(db, staff, id).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "relapse.read", "relapse", Some(id)).client(episode.client_id),
    )
    .await?;
    Ok(view(episode))
}

async fn raise_overdose_alert(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    episode: &relapse_episodes::Model,
) -> Result<()> {
    alerts::raise(
        db,
        staff.practice_id,
        episode.client_id,
        AlertKind::OverdoseReported,
        json!({ "relapse_id": episode.id, "occurred_on": episode.occurred_on }),
    )
    .await
}

fn reports_overdose(consequences: &serde_json::Value) -> bool {
    vocabulary::from_json(consequences, Consequence::parse).contains(&Consequence::Overdose)
}

#[tracing::instrument(skip_all)]
pub async fn create(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    input: NewRelapse,
) -> Result<RelapseView> {
    staff.require(Action::WriteClinical)?;
    client_service::find(db, staff, client_id).await?;
    let today = staff.today();
    let mut check = Check::new();
    check_dates(&mut check, today, input.occurred_on, input.ended_on);
    check_self_blame(&mut check, input.self_blame);
    let amount = check.optional_text("amount", input.amount.as_deref(), 200);
    let notes = check.optional_text("notes", input.notes.as_deref(), 20_000);
    let held = against_plan(
        db,
        staff,
        client_id,
        None,
        &mut check,
        &input.warning_signs_present,
        input.plan_steps_tried,
    )
    .await?;
    check.finish()?;

    let now = Utc::now();
    let episode = relapse_episodes::Entity::insert(relapse_episodes::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(client_id),
        kind: Set(input.kind),
        occurred_on: Set(input.occurred_on),
        ended_on: Set(input.ended_on),
        substances: Set(vocabulary::to_json(&input.substances, Substance::as_str)),
        triggers: Set(vocabulary::to_json(&input.triggers, Trigger::as_str)),
        setting: Set(input.setting),
        company: Set(vocabulary::to_json(&input.company, Company::as_str)),
        amount: Set(amount),
        coping_used: Set(vocabulary::to_json(&input.coping_used, Coping::as_str)),
        support_contacted: Set(vocabulary::to_json(&input.support_contacted, Support::as_str)),
        feelings_after: Set(vocabulary::to_json(&input.feelings_after, Feeling::as_str)),
        consequences: Set(vocabulary::to_json(&input.consequences, Consequence::as_str)),
        self_blame: Set(input.self_blame),
        notes: Set(notes),
        status: Set(RecordStatus::Active),
        archived_at: Set(None),
        recorded_by: Set(staff.id),
        plan_version: Set(held.as_ref().map(|h| h.0)),
        warning_signs_present: Set(held.map(|h| h.1)),
        plan_steps_tried: Set(input.plan_steps_tried),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(db)
    .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "relapse.create", "relapse", Some(episode.id))
            .client(client_id)
            .detail(json!({ "kind": input.kind.as_str() })),
    )
    .await?;
    if reports_overdose(&episode.consequences) {
        raise_overdose_alert(db, staff, &episode).await?;
    }
    Ok(view(episode))
}

#[tracing::instrument(skip_all)]
pub async fn update(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    version: i32,
    change: RelapseUpdate,
) -> Result<RelapseView> {
    staff.require(Action::WriteClinical)?;
    let current = find(db, staff, id).await?;
    if current.version != version {
        return Err(AppError::stale_version());
    }
    let today = staff.today();
    let mut check = Check::new();
    let occurred_on = change.occurred_on.unwrap_or(current.occurred_on);
    let ended_on = change.ended_on.unwrap_or(current.ended_on);
    if change.occurred_on.is_some() || change.ended_on.is_some() {
        check_dates(&mut check, today, occurred_on, ended_on);
    }
    let mut model = relapse_episodes::ActiveModel {
        occurred_on: Set(occurred_on),
        ended_on: Set(ended_on),
        ..Default::default()
    };
    if let Some(kind) = change.kind {
        model.kind = Set(kind);
    }
    if let Some(v) = &change.substances {
        model.substances = Set(vocabulary::to_json(v, Substance::as_str));
    }
    if let Some(v) = &change.triggers {
        model.triggers = Set(vocabulary::to_json(v, Trigger::as_str));
    }
    if let Some(v) = change.setting {
        model.setting = Set(v);
    }
    if let Some(v) = &change.company {
        model.company = Set(vocabulary::to_json(v, Company::as_str));
    }
    if let Some(v) = &change.amount {
        model.amount = Set(check.optional_text("amount", v.as_deref(), 200));
    }
    if let Some(v) = &change.coping_used {
        model.coping_used = Set(vocabulary::to_json(v, Coping::as_str));
    }
    if let Some(v) = &change.support_contacted {
        model.support_contacted = Set(vocabulary::to_json(v, Support::as_str));
    }
    if let Some(v) = &change.feelings_after {
        model.feelings_after = Set(vocabulary::to_json(v, Feeling::as_str));
    }
    let mut newly_overdose = false;
    if let Some(v) = &change.consequences {
        let json = vocabulary::to_json(v, Consequence::as_str);
        newly_overdose = reports_overdose(&json) && !reports_overdose(&current.consequences);
        model.consequences = Set(json);
    }
    if let Some(v) = change.self_blame {
        check_self_blame(&mut check, v);
        model.self_blame = Set(v);
    }
    if let Some(v) = &change.notes {
        model.notes = Set(check.optional_text("notes", v.as_deref(), 20_000));
    }
    if change.warning_signs_present.is_some() || change.plan_steps_tried.is_some() {
        let signs = change
            .warning_signs_present
            .clone()
            .unwrap_or_else(|| view(current.clone()).warning_signs_present);
        let tried = change.plan_steps_tried.unwrap_or(current.plan_steps_tried);
        let held = against_plan(
            db,
            staff,
            current.client_id,
            current.plan_version,
            &mut check,
            &signs,
            tried,
        )
        .await?;
        model.plan_version = Set(held.as_ref().map(|h| h.0));
        model.warning_signs_present = Set(held.map(|h| h.1));
        model.plan_steps_tried = Set(tried);
    }
    check.finish()?;

    let updated = versioned::update(db, staff.practice_id, id, version, model, Condition::all())
        .await?
        .ok_or_else(AppError::stale_version)?;
    audit::record(
        db,
        AuditEvent::by(staff, "relapse.update", "relapse", Some(id)).client(current.client_id),
    )
    .await?;
    if newly_overdose {
        raise_overdose_alert(db, staff, &updated).await?;
    }
    Ok(view(updated))
}

/// Archives an episode: it leaves the figures and the list; nothing is deleted.
#[tracing::instrument(skip_all)]
pub async fn archive(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<RelapseView> {
    staff.require(Action::WriteClinical)?;
    let current = find(db, staff, id).await?;
    if current.status != RecordStatus::Archived {
        let now = Utc::now();
        relapse_episodes::Entity::update_many()
            .set(relapse_episodes::ActiveModel {
                status: Set(RecordStatus::Archived),
                archived_at: Set(Some(now)),
                version: Set(current.version + 1),
                updated_at: Set(now),
                ..Default::default()
            })
            .filter(relapse_episodes::Column::PracticeId.eq(staff.practice_id))
            .filter(relapse_episodes::Column::Id.eq(id))
            .exec(db)
            .await?;
        audit::record(
            db,
            AuditEvent::by(staff, "relapse.archive", "relapse", Some(id)).client(current.client_id),
        )
        .await?;
    }
    Ok(view(find(db, staff, id).await?))
}
