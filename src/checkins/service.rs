//! Check-in rules: one per client per day (the database's unique key), the value ranges of
//! API.md, and an audit event for every read and write.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::types::{CheckInView, NewCheckIn};
use crate::{
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result, UniqueKey, unique_violation_as},
    core::identity::{Action, CurrentStaff},
    core::paging::PageRequest,
    core::tenancy::InPractice,
    core::validation::Check,
    entities::check_ins,
    entities::states::CheckInSource,
    recovery::vocabulary::{self, Substance},
};

/// One check-in per client and day.
const ONE_A_DAY: UniqueKey = UniqueKey {
    name: "ux_check_ins_client_day",
    table: "check_ins",
    columns: &["practice_id", "client_id", "day"],
};

/// Checks the values every check-in shares, wherever it comes from.
pub fn check_values(check: &mut Check, input: &NewCheckIn) -> Option<String> {
    for (field, value) in [("craving", input.craving), ("mood", input.mood)] {
        if !(0..=10).contains(&value) {
            check.fail(field, "must be from 0 to 10");
        }
    }
    if !input.used && !input.substances.is_empty() {
        check.fail("substances", "can only be given when `used` is true");
    }
    check.optional_text("note", input.note.as_deref(), 2_000)
}

/// A page of a client's check-ins, newest day first, optionally within `from..=to`.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    page: PageRequest,
) -> Result<(Vec<CheckInView>, u64)> {
    staff.require_clinical_access()?;
    client_service::find(db, staff, client_id).await?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(AppError::field("from", "must be on or before `to`"));
    }
    let mut query = check_ins::Entity::in_practice(staff.practice_id)
        .filter(check_ins::Column::ClientId.eq(client_id));
    if let Some(from) = from {
        query = query.filter(check_ins::Column::Day.gte(from));
    }
    if let Some(to) = to {
        query = query.filter(check_ins::Column::Day.lte(to));
    }
    let total = query.clone().count(db).await?;
    let items = query
        .order_by_desc(check_ins::Column::Day)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "check_in.list", "client", Some(client_id))
            .client(client_id)
            .detail(json!({ "count": items.len() })),
    )
    .await?;
    Ok((items.into_iter().map(CheckInView::from).collect(), total))
}

/// Records a day with the client in session. A day that already has a check-in is a 409:
/// a clinician never silently overwrites what the client reported.
#[tracing::instrument(skip_all)]
pub async fn record(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    input: NewCheckIn,
) -> Result<CheckInView> {
    staff.require(Action::WriteClinical)?;
    client_service::find(db, staff, client_id).await?;
    let today = staff.today();
    let mut check = Check::new();
    check.date_not_after("day", Some(input.day), today);
    let note = check_values(&mut check, &input);
    check.finish()?;
    let now = Utc::now();
    let taken = || {
        AppError::Conflict(
            "This day already has a check-in; it is kept as it was reported.".to_owned(),
        )
    };
    let exists = check_ins::Entity::in_practice(staff.practice_id)
        .filter(check_ins::Column::ClientId.eq(client_id))
        .filter(check_ins::Column::Day.eq(input.day))
        .count(db)
        .await?;
    if exists > 0 {
        return Err(taken());
    }
    let row = check_ins::Entity::insert(check_ins::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(client_id),
        day: Set(input.day),
        used: Set(input.used),
        substances: Set(vocabulary::to_json(&input.substances, Substance::as_str)),
        craving: Set(input.craving),
        mood: Set(input.mood),
        attended_meeting: Set(input.attended_meeting),
        contacted_sponsor: Set(input.contacted_sponsor),
        note: Set(note),
        source: Set(CheckInSource::Clinician),
        recorded_by: Set(Some(staff.id)),
        link_id: Set(None),
        took_medication: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(db)
    .await
    .map_err(|e| unique_violation_as(e, &ONE_A_DAY, taken()))?;
    audit::record(
        db,
        AuditEvent::by(staff, "check_in.record", "check_in", Some(row.id))
            .client(client_id)
            .detail(json!({ "day": input.day })),
    )
    .await?;
    Ok(row.into())
}
