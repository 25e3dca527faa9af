//! A group's sessions and the roster of each: who came (the front desk too), and for
//! clinical staff the shared narrative and each member's own part of their note. A signed or
//! cancelled session is locked. Every read and write is audited (an attendance change once
//! per member it touched, so each client's access trail shows it).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    service::{self, reaches},
    types::{
        AttendanceRequest, GroupSessionList, GroupSessionStatus, GroupSessionSummary,
        GroupSessionUpdate, GroupSessionView, NewGroupSession, RosterEntry,
    },
    views::{facilitator_ids, load_clients, member_on, name_warnings},
};
use crate::{
    core::audit::{self, AuditEvent},
    core::clock::{Period, day_in, period},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff, policy::ClientScope},
    core::tenancy::InPractice,
    core::validation::Check,
    core::versioned,
    entities::{group_attendance, group_members, group_sessions, groups},
    recovery::vocabulary::GroupAttendanceStatus,
};

/// The longest shared narrative or member text.
pub(super) const MAX_TEXT: usize = 50_000;
/// Where a member's participation is kept among their sections (no format has this key).
pub(super) const PARTICIPATION: &str = "participation";
const LONGEST_LIST: i64 = 62;

/// Whether the caller reads clinical content (the front desk does not).
pub(super) fn clinical(staff: &CurrentStaff) -> bool {
    staff.require(Action::ReadClinical).is_ok()
}

/// One session within reach (through its group), with its group, or 404.
pub(super) async fn find(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<(group_sessions::Model, groups::Model)> {
    let session = group_sessions::Entity::in_practice(staff.practice_id)
        .filter(group_sessions::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let group = service::find(db, staff, session.group_id).await?;
    Ok((session, group))
}

pub(super) fn locked(session: &group_sessions::Model) -> AppError {
    AppError::Conflict(match session.status {
        GroupSessionStatus::Signed => {
            "This group session is signed: its notes are locked in each member's chart. \
             Add an addendum to a member's note instead."
                .to_owned()
        }
        _ => "This group session was cancelled.".to_owned(),
    })
}

fn check_time(check: &mut Check, starts_at: DateTime<Utc>, minutes: i32, today: NaiveDate) {
    if !(15..=600).contains(&minutes) {
        check.fail("duration_minutes", "must be 15 to 600 minutes");
    }
    let day = starts_at.date_naive();
    if day > today + Duration::days(731) || day < today - Duration::days(3650) {
        check.fail("starts_at", "must be within ten years ago and two years ahead");
    }
}

pub async fn create(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    group_id: Uuid,
    input: NewGroupSession,
) -> Result<GroupSessionView> {
    staff.require(Action::ReadClients)?;
    let group = service::find(db, staff, group_id).await?;
    let minutes = input.duration_minutes.unwrap_or(group.default_minutes);
    let mut check = Check::new();
    check_time(&mut check, input.starts_at, minutes, staff.today());
    let topic = check.optional_text("topic", input.topic.as_deref(), 200);
    let location = match &input.location {
        Some(l) => check.optional_text("location", Some(l), 200),
        None => group.location.clone(),
    };
    if !group.active {
        check.fail("group", "no longer meets: make it active first");
    }
    check.finish()?;
    let now = Utc::now();
    let row = group_sessions::Entity::insert(group_sessions::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        group_id: Set(group_id),
        starts_at: Set(input.starts_at),
        duration_minutes: Set(minutes),
        topic: Set(topic),
        location: Set(location),
        shared_narrative: Set(String::new()),
        status: Set(GroupSessionStatus::Draft),
        signed_at: Set(None),
        signed_by: Set(None),
        created_by: Set(staff.id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(db)
    .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "group_session.create", "group_session", Some(row.id))
            .detail(json!({ "group_id": group_id })),
    )
    .await?;
    view(db, staff, row, &group).await
}

/// The session as the caller may see it, with its roster: each member on the session's day
/// (and anyone recorded, should they have left since), by name.
pub(super) async fn view(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    row: group_sessions::Model,
    group: &groups::Model,
) -> Result<GroupSessionView> {
    let day = day_in(row.starts_at, &staff.time_zone);
    let memberships = group_members::Entity::in_practice(staff.practice_id)
        .filter(group_members::Column::GroupId.eq(group.id))
        .all(db)
        .await?;
    let recorded = attendance_of(db, staff.practice_id, row.id).await?;
    let mut ids: Vec<Uuid> =
        memberships.iter().filter(|m| member_on(m, day)).map(|m| m.client_id).collect();
    ids.extend(recorded.iter().map(|r| r.client_id));
    ids.sort();
    ids.dedup();
    let clients = load_clients(db, staff.practice_id, ids.iter().copied()).await?;
    let clinical = clinical(staff);
    let format = group.note_format;
    let mut roster: Vec<RosterEntry> = ids
        .iter()
        .map(|id| {
            let record = recorded.iter().find(|r| r.client_id == *id);
            let sections = record.map(member_texts).unwrap_or_default();
            let participation = sections.get(PARTICIPATION).cloned();
            let own: BTreeMap<String, String> =
                sections.into_iter().filter(|(k, _)| k != PARTICIPATION).collect();
            RosterEntry {
                client_id: *id,
                client_name: clients.get(id).map(super::views::client_name),
                status: record.map(|r| r.status),
                minutes_attended: record.and_then(|r| r.minutes_attended),
                individual_text: clinical.then(|| participation.unwrap_or_default()),
                sections: clinical.then_some(own),
                note_id: record.and_then(|r| r.note_id),
                chart_open: clinical
                    && match staff.client_scope() {
                        ClientScope::All => true,
                        ClientScope::AssignedTo(me) => {
                            clients.get(id).is_some_and(|c| c.clinician_id == Some(me))
                        }
                    },
                version: record.map(|r| r.version),
            }
        })
        .collect();
    roster.sort_by(|a, b| a.client_name.cmp(&b.client_name));
    let members: Vec<_> = clients.values().collect();
    let warnings =
        if clinical { name_warnings(&row.shared_narrative, &members) } else { Vec::new() };
    let signer = match row.signed_by {
        Some(id) => {
            crate::staff::service::names(db, staff.practice_id, vec![id]).await?.remove(&id)
        }
        None => None,
    };
    Ok(GroupSessionView {
        id: row.id,
        group_id: group.id,
        group_name: group.name.clone(),
        starts_at: row.starts_at,
        ends_at: row.starts_at + Duration::minutes(row.duration_minutes as i64),
        day,
        duration_minutes: row.duration_minutes,
        topic: row.topic.clone(),
        location: row.location.clone(),
        note_format: format,
        shared_section: format.group_section().to_owned(),
        member_sections: member_sections(format).into_iter().map(str::to_owned).collect(),
        shared_narrative: clinical.then(|| row.shared_narrative.clone()),
        name_warnings: warnings,
        status: row.status,
        locked: row.status != GroupSessionStatus::Draft,
        signed_at: row.signed_at,
        signed_by: row.signed_by,
        signed_by_name: signer,
        roster,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The sections a member's own row fills: the format's, but the one the narrative fills.
pub(super) fn member_sections(
    format: crate::recovery::vocabulary::NoteFormat,
) -> Vec<&'static str> {
    format.sections().iter().copied().filter(|s| *s != format.group_section()).collect()
}

/// A member's texts as stored (their sections and their participation).
pub(super) fn member_texts(row: &group_attendance::Model) -> BTreeMap<String, String> {
    serde_json::from_value(row.sections.clone()).unwrap_or_default()
}

pub(super) async fn attendance_of(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    session_id: Uuid,
) -> Result<Vec<group_attendance::Model>> {
    Ok(group_attendance::Entity::in_practice(practice_id)
        .filter(group_attendance::Column::SessionId.eq(session_id))
        .all(db)
        .await?)
}

pub async fn get(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<GroupSessionView> {
    staff.require(Action::ReadClients)?;
    let (row, group) = find(db, staff, id).await?;
    let answer = view(db, staff, row, &group).await?;
    for entry in &answer.roster {
        audit::record(
            db,
            AuditEvent::by(staff, "group_session.read", "group_session", Some(id))
                .client(entry.client_id),
        )
        .await?;
    }
    if answer.roster.is_empty() {
        audit::record(db, AuditEvent::by(staff, "group_session.read", "group_session", Some(id)))
            .await?;
    }
    Ok(answer)
}

/// A group's sessions (`group_id`), or the practice's reachable ones in a period (days in
/// the practice's time zone, at most 62): earliest first.
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    group_id: Option<Uuid>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<GroupSessionList> {
    staff.require(Action::ReadClients)?;
    let mut query = group_sessions::Entity::in_practice(staff.practice_id);
    let groups: Vec<groups::Model> = match group_id {
        Some(id) => vec![service::find(db, staff, id).await?],
        None => groups::Entity::in_practice(staff.practice_id)
            .all(db)
            .await?
            .into_iter()
            .filter(|g| reaches(staff, g))
            .collect(),
    };
    query = query.filter(group_sessions::Column::GroupId.is_in(groups.iter().map(|g| g.id)));
    if group_id.is_none() || from.is_some() || to.is_some() {
        let Period { start, end, .. } =
            period(from, to, staff.today(), &staff.time_zone, LONGEST_LIST)?;
        query = query
            .filter(group_sessions::Column::StartsAt.gte(start))
            .filter(group_sessions::Column::StartsAt.lt(end));
    }
    let rows = query
        .order_by_asc(group_sessions::Column::StartsAt)
        .order_by_asc(group_sessions::Column::Id)
        .all(db)
        .await?;
    let attended: Vec<(Uuid, GroupAttendanceStatus)> = if rows.is_empty() {
        Vec::new()
    } else {
        group_attendance::Entity::in_practice(staff.practice_id)
            .filter(group_attendance::Column::SessionId.is_in(rows.iter().map(|r| r.id)))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.session_id, a.status))
            .collect()
    };
    audit::record(
        db,
        AuditEvent::by(staff, "group_session.list", "group_session", None)
            .detail(json!({ "group_id": group_id, "count": rows.len() })),
    )
    .await?;
    let items = rows
        .iter()
        .filter_map(|r| {
            let group = groups.iter().find(|g| g.id == r.group_id)?;
            Some(GroupSessionSummary {
                id: r.id,
                group_id: r.group_id,
                group_name: group.name.clone(),
                starts_at: r.starts_at,
                ends_at: r.starts_at + Duration::minutes(r.duration_minutes as i64),
                day: day_in(r.starts_at, &staff.time_zone),
                duration_minutes: r.duration_minutes,
                topic: r.topic.clone(),
                location: r.location.clone(),
                status: r.status,
                attended: attended
                    .iter()
                    .filter(|(s, status)| *s == r.id && status.attended())
                    .count() as i64,
                version: r.version,
            })
        })
        .collect();
    Ok(GroupSessionList { items })
}

/// Changes a draft session: its time, topic and place (anyone who reaches it), its shared
/// narrative (clinical staff), or calls it off (`cancelled`, while no member is recorded
/// present).
pub async fn update(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    version: i32,
    change: GroupSessionUpdate,
) -> Result<GroupSessionView> {
    staff.require(Action::ReadClients)?;
    let (current, group) = find(db, staff, id).await?;
    if current.status != GroupSessionStatus::Draft {
        return Err(locked(&current));
    }
    if change.shared_narrative.is_some() {
        staff.require(Action::WriteClinical)?;
    }
    if current.version != version {
        return Err(AppError::stale_version());
    }
    let mut check = Check::new();
    let starts_at = change.starts_at.unwrap_or(current.starts_at);
    let minutes = change.duration_minutes.unwrap_or(current.duration_minutes);
    check_time(&mut check, starts_at, minutes, staff.today());
    let mut model = group_sessions::ActiveModel {
        starts_at: Set(starts_at),
        duration_minutes: Set(minutes),
        ..Default::default()
    };
    if let Some(topic) = &change.topic {
        model.topic = Set(check.optional_text("topic", topic.as_deref(), 200));
    }
    if let Some(location) = &change.location {
        model.location = Set(check.optional_text("location", location.as_deref(), 200));
    }
    if let Some(text) = &change.shared_narrative {
        let text = check.optional_text("shared_narrative", Some(text), MAX_TEXT);
        model.shared_narrative = Set(text.unwrap_or_default());
    }
    let recorded = attendance_of(db, staff.practice_id, id).await?;
    if recorded.iter().any(|r| r.minutes_attended.is_some_and(|m| m > minutes)) {
        check.fail("duration_minutes", "is shorter than a member's recorded minutes");
    }
    if change.cancelled == Some(true) {
        if recorded.iter().any(|r| r.status.attended()) {
            check.fail(
                "cancelled",
                "members are recorded present: change their attendance first, or sign",
            );
        }
        model.status = Set(GroupSessionStatus::Cancelled);
    }
    check.finish()?;
    let still_draft =
        Condition::all().add(group_sessions::Column::Status.eq(GroupSessionStatus::Draft));
    let updated = versioned::update(db, staff.practice_id, id, version, model, still_draft)
        .await?
        .ok_or_else(AppError::stale_version)?;
    let action = if change.cancelled == Some(true) {
        "group_session.cancel"
    } else {
        "group_session.update"
    };
    audit::record(db, AuditEvent::by(staff, action, "group_session", Some(id))).await?;
    view(db, staff, updated, &group).await
}

/// Records members' attendance (and, for clinical staff, their own part of the note): each
/// entry changes that member's row, others stay as they are. Once the session has started.
pub async fn record_attendance(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    input: AttendanceRequest,
) -> Result<GroupSessionView> {
    staff.require(Action::ReadClients)?;
    let (session, group) = find(db, staff, id).await?;
    if session.status != GroupSessionStatus::Draft {
        return Err(locked(&session));
    }
    if input.entries.iter().any(|e| e.individual_text.is_some() || e.sections.is_some()) {
        staff.require(Action::WriteClinical)?;
    }
    let day = day_in(session.starts_at, &staff.time_zone);
    let memberships = group_members::Entity::in_practice(staff.practice_id)
        .filter(group_members::Column::GroupId.eq(group.id))
        .all(db)
        .await?;
    let existing = attendance_of(db, staff.practice_id, id).await?;
    let allowed = member_sections(group.note_format);
    let mut check = Check::new();
    if input.entries.is_empty() || input.entries.len() > 200 {
        check.fail("entries", "must hold 1 to 200 members");
    }
    if session.starts_at > Utc::now() {
        check.fail("entries", "attendance can be recorded once the session has started");
    }
    let mut seen: Vec<Uuid> = Vec::new();
    let mut changes = Vec::new();
    for (i, entry) in input.entries.iter().enumerate() {
        let field = |name: &str| format!("entries[{i}].{name}");
        if seen.contains(&entry.client_id) {
            check.fail(&field("client_id"), "is listed twice");
        }
        seen.push(entry.client_id);
        let row = existing.iter().find(|r| r.client_id == entry.client_id);
        let is_member =
            memberships.iter().any(|m| m.client_id == entry.client_id && member_on(m, day));
        if !is_member && row.is_none() {
            check.fail(&field("client_id"), "is not a member of the group on the session's day");
        }
        if let Some(minutes) = entry.minutes_attended
            && !(1..=session.duration_minutes).contains(&minutes)
        {
            check.fail(
                &field("minutes_attended"),
                format!("must be 1 to {} (the session's length)", session.duration_minutes),
            );
        }
        if entry.minutes_attended.is_some() && !entry.status.attended() {
            check.fail(&field("minutes_attended"), "is only for a member who came");
        }
        let mut texts = row.map(member_texts).unwrap_or_default();
        if let Some(text) = &entry.individual_text {
            let text = check.optional_text(&field("individual_text"), Some(text), MAX_TEXT);
            texts.insert(PARTICIPATION.to_owned(), text.unwrap_or_default());
        }
        for (key, text) in entry.sections.iter().flatten() {
            if !allowed.contains(&key.as_str()) {
                check.fail(
                    &field(&format!("sections.{key}")),
                    format!(
                        "is not a member's section of a {} group note (use {})",
                        group.note_format.as_str(),
                        allowed.join(", ")
                    ),
                );
                continue;
            }
            let text =
                check.optional_text(&field(&format!("sections.{key}")), Some(text), MAX_TEXT);
            texts.insert(key.clone(), text.unwrap_or_default());
        }
        if let (Some(row), Some(v)) = (row, entry.version)
            && row.version != v
        {
            return Err(AppError::stale_version());
        }
        changes.push((entry, row, texts));
    }
    check.finish()?;
    let now = Utc::now();
    for (entry, row, texts) in changes {
        // Minutes only for a member who came: those sent, else those kept, else the whole
        // session for one present on time.
        let minutes = if entry.status.attended() {
            entry
                .minutes_attended
                .or(row.and_then(|r| r.minutes_attended))
                .or((entry.status == GroupAttendanceStatus::Present)
                    .then_some(session.duration_minutes))
        } else {
            None
        };
        match row {
            Some(row) => {
                let model = group_attendance::ActiveModel {
                    status: Set(entry.status),
                    minutes_attended: Set(minutes),
                    sections: Set(json!(texts)),
                    recorded_by: Set(staff.id),
                    ..Default::default()
                };
                let unsigned = Condition::all().add(group_attendance::Column::NoteId.is_null());
                versioned::update(db, staff.practice_id, row.id, row.version, model, unsigned)
                    .await?
                    .ok_or_else(AppError::stale_version)?;
            }
            None => {
                group_attendance::Entity::insert(group_attendance::ActiveModel {
                    practice_id: Set(staff.practice_id),
                    id: Set(Uuid::now_v7()),
                    session_id: Set(id),
                    client_id: Set(entry.client_id),
                    status: Set(entry.status),
                    minutes_attended: Set(minutes),
                    sections: Set(json!(texts)),
                    note_id: Set(None),
                    recorded_by: Set(staff.id),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                })
                .exec_without_returning(db)
                .await?;
            }
        }
        let was = row.map(|r| r.status);
        if entry.status == GroupAttendanceStatus::AbsentUnexcused
            && was != Some(GroupAttendanceStatus::AbsentUnexcused)
        {
            raise_no_show(db, staff, &session, &group, entry.client_id).await?;
        }
        audit::record(
            db,
            AuditEvent::by(staff, "group_session.attendance", "group_session", Some(id))
                .client(entry.client_id)
                .detail(json!({ "status": entry.status.as_str() })),
        )
        .await?;
    }
    view(db, staff, session, &group).await
}

/// Raises `no_show` for a member's unexcused absence, once per session: outreach for the
/// client's clinician, urgent when they missed the group's previous session too.
async fn raise_no_show(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    session: &group_sessions::Model,
    group: &groups::Model,
    client_id: Uuid,
) -> Result<()> {
    use crate::alerts::service::{self as alerts, AlertKind};
    use crate::entities::alerts as alert_rows;
    let id = session.id.to_string();
    let raised = alert_rows::Entity::in_practice(staff.practice_id)
        .filter(alert_rows::Column::ClientId.eq(client_id))
        .filter(alert_rows::Column::Kind.eq(AlertKind::NoShow))
        .all(db)
        .await?
        .iter()
        .any(|a| a.detail.get("group_session_id").and_then(|d| d.as_str()) == Some(id.as_str()));
    if raised {
        return Ok(());
    }
    // The member's earlier sessions of this group with a recorded attendance, latest first.
    let earlier = group_sessions::Entity::in_practice(staff.practice_id)
        .filter(group_sessions::Column::GroupId.eq(group.id))
        .filter(group_sessions::Column::StartsAt.lt(session.starts_at))
        .order_by_desc(group_sessions::Column::StartsAt)
        .all(db)
        .await?;
    let theirs = group_attendance::Entity::in_practice(staff.practice_id)
        .filter(group_attendance::Column::ClientId.eq(client_id))
        .filter(group_attendance::Column::SessionId.is_in(earlier.iter().map(|s| s.id)))
        .all(db)
        .await?;
    let in_a_row = 1 + earlier
        .iter()
        .filter_map(|s| theirs.iter().find(|a| a.session_id == s.id))
        .filter(|a| a.status != GroupAttendanceStatus::AbsentExcused)
        .take_while(|a| a.status == GroupAttendanceStatus::AbsentUnexcused)
        .count() as i64;
    let detail = json!({
        "group_session_id": session.id,
        "group_name": group.name,
        "starts_at": session.starts_at,
        "day": day_in(session.starts_at, &staff.time_zone),
        "in_a_row": in_a_row,
        "urgent": in_a_row >= 2,
    });
    alerts::raise(db, staff.practice_id, client_id, AlertKind::NoShow, detail).await
}

/// Whether the caller may sign the session's notes: a facilitator, or an owner or
/// supervisor.
pub(super) fn may_sign(staff: &CurrentStaff, group: &groups::Model) -> bool {
    facilitator_ids(group).contains(&staff.id)
        || matches!(staff.client_scope(), crate::core::identity::policy::ClientScope::All)
}
