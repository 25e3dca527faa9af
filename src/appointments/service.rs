//! Booking, moving and marking appointments. Everyone in the practice books and sets
//! attendance (the front desk too); a clinician reaches their caseload's appointments and
//! their own. Overlaps for the same clinician or client are warned about, never refused. A
//! no-show raises a gentle `no_show` outreach alert for the client's clinician (more urgent
//! on the second in a row). Every status set is kept with who set it and when; every read and
//! write is audited.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, sea_query::Query,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    types::{
        ApplyTo, AppointmentDetail, AppointmentList, AppointmentUpdate, AwaitingNotes, Booked,
        NewAppointment, Overlap, StatusChange, StatusEntry,
    },
    views::Names,
};
use crate::{
    alerts::service::{self as alerts, AlertKind},
    clients::scope,
    core::audit::{self, AuditEvent},
    core::clock::{Period, period},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff, policy::ClientScope},
    core::tenancy::InPractice,
    core::validation::Check,
    core::versioned,
    entities::{alerts as alert_rows, appointment_statuses, appointments, clients, staff},
    recovery::{
        recurrence::{self, local_instant},
        vocabulary::AppointmentStatus,
    },
};

const LONGEST_LOCATION: usize = 200;
/// The longest span one list covers, in days.
const LONGEST_LIST: i64 = 62;

/// The appointments this staff member can reach: the practice's, and for a clinician those
/// of their caseload and their own.
pub fn scoped(staff: &CurrentStaff) -> Select<appointments::Entity> {
    let query = appointments::Entity::in_practice(staff.practice_id);
    match staff.client_scope() {
        ClientScope::All => query,
        ClientScope::AssignedTo(me) => {
            let caseload = Query::select()
                .column(clients::Column::Id)
                .from(clients::Entity)
                .and_where(clients::Column::PracticeId.eq(staff.practice_id))
                .and_where(clients::Column::ClinicianId.eq(me))
                .to_owned();
            query.filter(
                Condition::any()
                    .add(appointments::Column::ClinicianId.eq(me))
                    .add(appointments::Column::ClientId.in_subquery(caseload)),
            )
        }
    }
}

async fn find(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<appointments::Model> {
    scoped(staff).filter(appointments::Column::Id.eq(id)).one(db).await?.ok_or(AppError::NotFound)
}

/// Whether `id` is an active clinical member of the practice (who can hold appointments).
async fn is_clinician(db: &impl ConnectionTrait, practice_id: Uuid, id: Uuid) -> Result<bool> {
    Ok(staff::Entity::in_practice(practice_id)
        .filter(staff::Column::Id.eq(id))
        .one(db)
        .await?
        .is_some_and(|s| s.active && s.role.has_clinical_access()))
}

fn check_schedule(check: &mut Check, duration: i32, starts_at: DateTime<Utc>, today: NaiveDate) {
    if !(5..=600).contains(&duration) {
        check.fail("duration_minutes", "must be 5 to 600 minutes");
    }
    let furthest = today + Duration::days(731);
    if starts_at.date_naive() > furthest || starts_at.date_naive() < today - Duration::days(3650) {
        check.fail("starts_at", "must be within ten years ago and two years ahead");
    }
}

/// The overlaps of `rows` with each other and with the practice's other appointments of the
/// same clinician or client (cancelled ones aside).
async fn overlaps(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    rows: &[appointments::Model],
) -> Result<Vec<Overlap>> {
    let (Some(first), Some(last)) = (
        rows.iter().map(|r| r.starts_at).min(),
        rows.iter().map(|r| r.starts_at + Duration::minutes(r.duration_minutes as i64)).max(),
    ) else {
        return Ok(Vec::new());
    };
    let clinicians: Vec<Uuid> = rows.iter().map(|r| r.clinician_id).collect();
    let clients: Vec<Uuid> = rows.iter().filter_map(|r| r.client_id).collect();
    let others = appointments::Entity::in_practice(practice_id)
        .filter(appointments::Column::StartsAt.lt(last))
        .filter(appointments::Column::StartsAt.gt(first - Duration::minutes(600)))
        .filter(
            Condition::any()
                .add(appointments::Column::ClinicianId.is_in(clinicians))
                .add(appointments::Column::ClientId.is_in(clients)),
        )
        .all(db)
        .await?;
    let cancelled = |r: &appointments::Model| r.status.is_cancellation();
    let end = |r: &appointments::Model| r.starts_at + Duration::minutes(r.duration_minutes as i64);
    let mut found = Vec::new();
    for row in rows.iter().filter(|r| !cancelled(r)) {
        for other in others.iter().filter(|o| o.id != row.id && !cancelled(o)) {
            if other.starts_at >= end(row) || end(other) <= row.starts_at {
                continue;
            }
            let same = if other.clinician_id == row.clinician_id {
                "clinician"
            } else if other.client_id.is_some() && other.client_id == row.client_id {
                "client"
            } else {
                continue;
            };
            found.push(Overlap {
                appointment_id: row.id,
                other_id: other.id,
                other_starts_at: other.starts_at,
                same: same.to_owned(),
            });
        }
    }
    Ok(found)
}

async fn record_status(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    appointment_id: Uuid,
    status: AppointmentStatus,
    at: DateTime<Utc>,
) -> Result<()> {
    appointment_statuses::Entity::insert(appointment_statuses::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        appointment_id: Set(appointment_id),
        status: Set(status),
        set_by: Set(staff.id),
        set_at: Set(at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Books an appointment, or with `repeat` its series (one row per occurrence, the same
/// wall-clock time in the practice's time zone).
pub async fn book(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    input: NewAppointment,
) -> Result<Booked> {
    staff.require(Action::ReadClients)?;
    scope::find(db, staff, input.client_id).await?;
    let today = staff.today();
    let tz: chrono_tz::Tz = staff.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let mut check = Check::new();
    if !is_clinician(db, staff.practice_id, input.clinician_id).await? {
        check.fail("clinician_id", "is not an active clinician of this practice");
    }
    check_schedule(&mut check, input.duration_minutes, input.starts_at, today);
    let location = check.optional_text("location", input.location.as_deref(), LONGEST_LOCATION);
    let starts = match input.repeat {
        None => vec![input.starts_at],
        Some(repeat) => {
            if !(1..=2).contains(&repeat.every_weeks) {
                check.fail("repeat.every_weeks", "must be 1 or 2");
            }
            if repeat.until.is_none() && repeat.count.is_none() {
                check.fail("repeat", "needs an end: until a day, or a count");
            }
            if repeat.count.is_some_and(|c| !(1..=52).contains(&c)) {
                check.fail("repeat.count", "must be 1 to 52");
            }
            let first_day = input.starts_at.with_timezone(&tz).date_naive();
            if repeat.until.is_some_and(|u| u < first_day) {
                check.fail("repeat.until", "is before the first appointment");
            }
            let every = repeat.every_weeks.clamp(1, 2);
            recurrence::occurrences(input.starts_at, tz, every, repeat.until, repeat.count)
        }
    };
    check.finish()?;
    let series_id = (starts.len() > 1).then(Uuid::now_v7);
    let now = Utc::now();
    let mut rows = Vec::with_capacity(starts.len());
    for starts_at in starts {
        let row = appointments::Entity::insert(appointments::ActiveModel {
            practice_id: Set(staff.practice_id),
            id: Set(Uuid::now_v7()),
            series_id: Set(series_id),
            client_id: Set(Some(input.client_id)),
            clinician_id: Set(input.clinician_id),
            starts_at: Set(starts_at),
            duration_minutes: Set(input.duration_minutes),
            kind: Set(input.kind),
            location: Set(location.clone()),
            telehealth: Set(input.telehealth),
            status: Set(AppointmentStatus::Scheduled),
            status_set_by: Set(Some(staff.id)),
            status_set_at: Set(Some(now)),
            created_by: Set(staff.id),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_with_returning(db)
        .await?;
        record_status(db, staff, row.id, AppointmentStatus::Scheduled, now).await?;
        rows.push(row);
    }
    audit::record(
        db,
        AuditEvent::by(staff, "appointment.book", "appointment", Some(rows[0].id))
            .client(input.client_id)
            .detail(json!({ "count": rows.len(), "series_id": series_id })),
    )
    .await?;
    let found = overlaps(db, staff.practice_id, &rows).await?;
    let names = Names::load(db, staff.practice_id, &rows).await?;
    Ok(Booked {
        items: rows.iter().map(|r| names.view(r, &staff.time_zone)).collect(),
        overlaps: found,
    })
}

/// The appointments from `from` to `to` (days in the practice's time zone; default this
/// week, Monday to Sunday), earliest first, optionally of one clinician or one client.
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    clinician_id: Option<Uuid>,
    client_id: Option<Uuid>,
) -> Result<AppointmentList> {
    staff.require(Action::ReadClients)?;
    let Period { from, to, start, end } =
        period(from, to, staff.today(), &staff.time_zone, LONGEST_LIST)?;
    let mut query = scoped(staff)
        .filter(appointments::Column::StartsAt.gte(start))
        .filter(appointments::Column::StartsAt.lt(end));
    if let Some(c) = clinician_id {
        query = query.filter(appointments::Column::ClinicianId.eq(c));
    }
    if let Some(c) = client_id {
        query = query.filter(appointments::Column::ClientId.eq(c));
    }
    let rows = query
        .order_by_asc(appointments::Column::StartsAt)
        .order_by_asc(appointments::Column::Id)
        .all(db)
        .await?;
    let names = Names::load(db, staff.practice_id, &rows).await?;
    let mut event = AuditEvent::by(staff, "appointment.list", "appointment", None)
        .detail(json!({ "from": from, "to": to, "count": rows.len() }));
    if let Some(c) = client_id {
        event = event.client(c);
    }
    audit::record(db, event).await?;
    Ok(AppointmentList {
        from,
        to,
        items: rows.iter().map(|r| names.view(r, &staff.time_zone)).collect(),
    })
}

/// One appointment with every status it had.
pub async fn get(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<AppointmentDetail> {
    staff.require(Action::ReadClients)?;
    let row = find(db, staff, id).await?;
    let statuses = appointment_statuses::Entity::in_practice(staff.practice_id)
        .filter(appointment_statuses::Column::AppointmentId.eq(id))
        .order_by_asc(appointment_statuses::Column::SetAt)
        .order_by_asc(appointment_statuses::Column::Id)
        .all(db)
        .await?;
    let names = Names::load(db, staff.practice_id, std::slice::from_ref(&row)).await?;
    let setters = crate::staff::service::names(
        db,
        staff.practice_id,
        statuses.iter().map(|s| s.set_by).collect(),
    )
    .await?;
    let mut event = AuditEvent::by(staff, "appointment.read", "appointment", Some(id));
    if let Some(c) = row.client_id {
        event = event.client(c);
    }
    audit::record(db, event).await?;
    let appointment = names.view(&row, &staff.time_zone);
    Ok(AppointmentDetail {
        appointment,
        statuses: statuses
            .into_iter()
            .map(|s| StatusEntry {
                status: s.status,
                set_by: s.set_by,
                set_by_name: setters.get(&s.set_by).cloned(),
                set_at: s.set_at,
            })
            .collect(),
    })
}

/// Changes an appointment's schedule made against `version` (a stale one is 409), or with
/// `apply_to: following` this one and every later one of its series still scheduled: a new
/// start moves each by the same wall-clock shift in the practice's time zone.
pub async fn update(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    version: i32,
    change: AppointmentUpdate,
) -> Result<Booked> {
    staff.require(Action::ReadClients)?;
    let current = find(db, staff, id).await?;
    if current.version != version {
        return Err(AppError::stale_version());
    }
    let tz: chrono_tz::Tz = staff.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let mut check = Check::new();
    if let Some(c) = change.clinician_id
        && !is_clinician(db, staff.practice_id, c).await?
    {
        check.fail("clinician_id", "is not an active clinician of this practice");
    }
    let starts_at = change.starts_at.unwrap_or(current.starts_at);
    let duration = change.duration_minutes.unwrap_or(current.duration_minutes);
    check_schedule(&mut check, duration, starts_at, staff.today());
    let location = change
        .location
        .as_ref()
        .map(|l| check.optional_text("location", l.as_deref(), LONGEST_LOCATION));
    if change.apply_to == ApplyTo::Following && current.series_id.is_none() {
        check.fail("apply_to", "this appointment is not part of a series");
    }
    check.finish()?;
    let mut targets = vec![current.clone()];
    if change.apply_to == ApplyTo::Following
        && let Some(series) = current.series_id
    {
        targets.extend(
            appointments::Entity::in_practice(staff.practice_id)
                .filter(appointments::Column::SeriesId.eq(series))
                .filter(appointments::Column::StartsAt.gt(current.starts_at))
                .filter(appointments::Column::Status.eq(AppointmentStatus::Scheduled))
                .order_by_asc(appointments::Column::StartsAt)
                .all(db)
                .await?,
        );
    }
    // The wall-clock shift of this one, applied to each of the others.
    let shift = starts_at.with_timezone(&tz).naive_local()
        - current.starts_at.with_timezone(&tz).naive_local();
    let mut changed = Vec::with_capacity(targets.len());
    for row in &targets {
        let moved = if row.id == current.id {
            starts_at
        } else {
            local_instant(tz, row.starts_at.with_timezone(&tz).naive_local() + shift)
        };
        let mut model = appointments::ActiveModel {
            starts_at: Set(moved),
            duration_minutes: Set(duration),
            ..Default::default()
        };
        if let Some(c) = change.clinician_id {
            model.clinician_id = Set(c);
        }
        if let Some(k) = change.kind {
            model.kind = Set(k);
        }
        if let Some(l) = &location {
            model.location = Set(l.clone());
        }
        if let Some(t) = change.telehealth {
            model.telehealth = Set(t);
        }
        let updated =
            versioned::update(db, staff.practice_id, row.id, row.version, model, Condition::all())
                .await?
                .ok_or_else(AppError::stale_version)?;
        changed.push(updated);
    }
    let mut event = AuditEvent::by(staff, "appointment.update", "appointment", Some(id)).detail(
        json!({ "count": changed.len(), "apply_to": change.apply_to == ApplyTo::Following }),
    );
    if let Some(c) = current.client_id {
        event = event.client(c);
    }
    audit::record(db, event).await?;
    let found = overlaps(db, staff.practice_id, &changed).await?;
    let names = Names::load(db, staff.practice_id, &changed).await?;
    Ok(Booked {
        items: changed.iter().map(|r| names.view(r, &staff.time_zone)).collect(),
        overlaps: found,
    })
}

/// The no-shows in a row ending with this appointment: it, and each earlier appointment of
/// the client with an outcome that was a no-show too (cancellations in time skipped).
async fn no_shows_in_a_row(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    row: &appointments::Model,
    client_id: Uuid,
) -> Result<i64> {
    let earlier = appointments::Entity::in_practice(practice_id)
        .filter(appointments::Column::ClientId.eq(client_id))
        .filter(appointments::Column::StartsAt.lt(row.starts_at))
        .filter(appointments::Column::Status.is_in([
            AppointmentStatus::Attended,
            AppointmentStatus::Late,
            AppointmentStatus::NoShow,
            AppointmentStatus::LateCancelledByClient,
        ]))
        .order_by_desc(appointments::Column::StartsAt)
        .all(db)
        .await?;
    Ok(1 + earlier.iter().take_while(|r| r.status == AppointmentStatus::NoShow).count() as i64)
}

/// Raises `no_show` for this appointment unless it was raised for it already.
async fn raise_no_show(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    row: &appointments::Model,
) -> Result<()> {
    let Some(client_id) = row.client_id else {
        return Ok(());
    };
    let id = row.id.to_string();
    let raised = alert_rows::Entity::in_practice(staff.practice_id)
        .filter(alert_rows::Column::ClientId.eq(client_id))
        .filter(alert_rows::Column::Kind.eq(AlertKind::NoShow))
        .all(db)
        .await?
        .iter()
        .any(|a| a.detail.get("appointment_id").and_then(|d| d.as_str()) == Some(id.as_str()));
    if raised {
        return Ok(());
    }
    let in_a_row = no_shows_in_a_row(db, staff.practice_id, row, client_id).await?;
    let detail = json!({
        "appointment_id": row.id,
        "starts_at": row.starts_at,
        "day": crate::core::clock::day_in(row.starts_at, &staff.time_zone),
        "in_a_row": in_a_row,
        "urgent": in_a_row >= 2,
    });
    alerts::raise(db, staff.practice_id, client_id, AlertKind::NoShow, detail).await
}

/// Sets an appointment's status (the front desk too). An outcome (attended, late, no-show)
/// waits until the appointment has started; each status set is kept with who and when.
pub async fn set_status(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    change: StatusChange,
) -> Result<AppointmentDetail> {
    staff.require(Action::ReadClients)?;
    let current = find(db, staff, id).await?;
    if change.version.is_some_and(|v| v != current.version) {
        return Err(AppError::stale_version());
    }
    let now = Utc::now();
    let outcome = matches!(
        change.status,
        AppointmentStatus::Attended | AppointmentStatus::Late | AppointmentStatus::NoShow
    );
    if outcome && current.starts_at > now {
        return Err(AppError::field("status", "can be recorded once the appointment has started"));
    }
    if change.status != current.status {
        let model = appointments::ActiveModel {
            status: Set(change.status),
            status_set_by: Set(Some(staff.id)),
            status_set_at: Set(Some(now)),
            ..Default::default()
        };
        let updated =
            versioned::update(db, staff.practice_id, id, current.version, model, Condition::all())
                .await?
                .ok_or_else(AppError::stale_version)?;
        record_status(db, staff, id, change.status, now).await?;
        let mut event = AuditEvent::by(staff, "appointment.status", "appointment", Some(id))
            .detail(json!({ "status": change.status.as_str() }));
        if let Some(c) = current.client_id {
            event = event.client(c);
        }
        audit::record(db, event).await?;
        if change.status == AppointmentStatus::NoShow {
            raise_no_show(db, staff, &updated).await?;
        }
    }
    get(db, staff, id).await
}

/// The attended appointments (late included, groups aside: their notes are signed with the
/// session) that started more than the practice's `note_due_days` ago and still have no
/// signed note: a clinician's own, or every clinician's for an owner or supervisor.
pub async fn awaiting_notes(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
) -> Result<AwaitingNotes> {
    use crate::entities::{practices, session_notes, states::NoteStatus};
    use crate::recovery::vocabulary::AppointmentKind;
    staff.require_clinical_access()?;
    let practice = practices::Entity::find_by_id(staff.practice_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let due_after = practice.note_due_days;
    let cutoff = Utc::now() - Duration::days(due_after as i64);
    let mut query = appointments::Entity::in_practice(staff.practice_id)
        .filter(
            appointments::Column::Status
                .is_in([AppointmentStatus::Attended, AppointmentStatus::Late]),
        )
        .filter(appointments::Column::Kind.ne(AppointmentKind::Group))
        .filter(appointments::Column::ClientId.is_not_null())
        .filter(appointments::Column::StartsAt.lt(cutoff))
        // A year back at most: older ones are the practice's audit, not a to-do list.
        .filter(appointments::Column::StartsAt.gt(Utc::now() - Duration::days(365)));
    if let ClientScope::AssignedTo(me) = staff.client_scope() {
        query = query.filter(appointments::Column::ClinicianId.eq(me));
    }
    let signed = Query::select()
        .column(session_notes::Column::AppointmentId)
        .from(session_notes::Entity)
        .and_where(session_notes::Column::PracticeId.eq(staff.practice_id))
        .and_where(session_notes::Column::AppointmentId.is_not_null())
        .and_where(session_notes::Column::Status.eq(NoteStatus::Signed))
        .to_owned();
    let rows = query
        .filter(appointments::Column::Id.not_in_subquery(signed))
        .order_by_asc(appointments::Column::StartsAt)
        .limit(200)
        .all(db)
        .await?;
    let names = Names::load(db, staff.practice_id, &rows).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "appointment.awaiting_notes", "appointment", None)
            .detail(json!({ "count": rows.len() })),
    )
    .await?;
    Ok(AwaitingNotes {
        due_after_days: due_after,
        items: rows.iter().map(|r| names.view(r, &staff.time_zone)).collect(),
    })
}
