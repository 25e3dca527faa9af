//! Groups and their members. Everyone in the practice sees its groups and their members'
//! names (the front desk schedules them) except a clinician, who reaches the groups they
//! facilitate. Clinical staff and the front desk start groups and add members (a clinician
//! from their caseload); nothing is deleted: a member leaves on a day, a group stops meeting.
//! Every read and write is audited.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    types::{GroupList, GroupUpdate, GroupView, MemberLeave, NewGroup, NewMember},
    views::{self, GroupNames, facilitator_ids},
};
use crate::{
    clients::scope,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff, policy::ClientScope},
    core::tenancy::InPractice,
    core::validation::Check,
    core::versioned,
    entities::states::RecordStatus,
    entities::{group_members, groups, staff},
    recovery::vocabulary::NoteFormat,
};

const LONGEST_NAME: usize = 120;

/// Whether this staff member reaches the group: everyone but a clinician, who reaches the
/// groups they facilitate.
pub(super) fn reaches(staff: &CurrentStaff, row: &groups::Model) -> bool {
    match staff.client_scope() {
        ClientScope::All => true,
        ClientScope::AssignedTo(me) => facilitator_ids(row).contains(&me),
    }
}

/// One group within reach, or 404.
pub(super) async fn find(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<groups::Model> {
    groups::Entity::in_practice(staff.practice_id)
        .filter(groups::Column::Id.eq(id))
        .one(db)
        .await?
        .filter(|g| reaches(staff, g))
        .ok_or(AppError::NotFound)
}

/// The group's facilitators: one to ten active clinical members, no repeats.
async fn check_facilitators(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    check: &mut Check,
    ids: &[Uuid],
) -> Result<serde_json::Value> {
    let mut unique: Vec<Uuid> = Vec::new();
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.is_empty() || unique.len() > 10 {
        check.fail("facilitator_ids", "must name one to ten facilitators");
    }
    let clinical = staff::Entity::in_practice(staff.practice_id)
        .filter(staff::Column::Id.is_in(unique.clone()))
        .all(db)
        .await?;
    for (i, id) in unique.iter().enumerate() {
        let ok = clinical.iter().any(|s| s.id == *id && s.active && s.role.has_clinical_access());
        if !ok {
            check.fail(
                &format!("facilitator_ids[{i}]"),
                "is not an active clinician of this practice",
            );
        }
    }
    if let ClientScope::AssignedTo(me) = staff.client_scope()
        && !unique.contains(&me)
    {
        check.fail(
            "facilitator_ids",
            "must include you: a clinician sees the groups they facilitate",
        );
    }
    Ok(json!(unique))
}

fn check_minutes(check: &mut Check, field: &str, minutes: i32) {
    if !(15..=600).contains(&minutes) {
        check.fail(field, "must be 15 to 600 minutes");
    }
}

pub async fn create(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    input: NewGroup,
) -> Result<GroupView> {
    staff.require(Action::ReadClients)?;
    let mut check = Check::new();
    let name = check.required_text("name", &input.name, LONGEST_NAME);
    let track = check.optional_text("track", input.track.as_deref(), LONGEST_NAME);
    let location = check.optional_text("location", input.location.as_deref(), 200);
    check_minutes(&mut check, "default_minutes", input.default_minutes);
    let facilitators = check_facilitators(db, staff, &mut check, &input.facilitator_ids).await?;
    check.finish()?;
    let now = Utc::now();
    let row = groups::Entity::insert(groups::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        name: Set(name),
        track: Set(track),
        default_minutes: Set(input.default_minutes),
        facilitator_ids: Set(facilitators),
        note_format: Set(input.note_format.unwrap_or(NoteFormat::Dap)),
        location: Set(location),
        active: Set(true),
        created_by: Set(staff.id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(db)
    .await?;
    audit::record(db, AuditEvent::by(staff, "group.create", "group", Some(row.id))).await?;
    view(db, staff, row).await
}

async fn view(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    row: groups::Model,
) -> Result<GroupView> {
    let members = members_of(db, staff.practice_id, &[row.id]).await?;
    let names =
        GroupNames::load(db, staff.practice_id, std::slice::from_ref(&row), &members).await?;
    Ok(views::group(&row, &members, &names, staff.today()))
}

async fn members_of(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    group_ids: &[Uuid],
) -> Result<Vec<group_members::Model>> {
    Ok(group_members::Entity::in_practice(practice_id)
        .filter(group_members::Column::GroupId.is_in(group_ids.to_vec()))
        .order_by_asc(group_members::Column::JoinedOn)
        .all(db)
        .await?)
}

/// The groups within reach (active ones unless `include_inactive`), by name.
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    include_inactive: bool,
) -> Result<GroupList> {
    staff.require(Action::ReadClients)?;
    let mut query = groups::Entity::in_practice(staff.practice_id);
    if !include_inactive {
        query = query.filter(groups::Column::Active.eq(true));
    }
    let rows: Vec<groups::Model> = query
        .order_by_asc(groups::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .filter(|g| reaches(staff, g))
        .collect();
    let ids: Vec<Uuid> = rows.iter().map(|g| g.id).collect();
    let members = members_of(db, staff.practice_id, &ids).await?;
    let names = GroupNames::load(db, staff.practice_id, &rows, &members).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "group.list", "group", None).detail(json!({ "count": rows.len() })),
    )
    .await?;
    let today = staff.today();
    Ok(GroupList {
        items: rows
            .iter()
            .map(|g| {
                let mine: Vec<_> = members.iter().filter(|m| m.group_id == g.id).cloned().collect();
                views::group(g, &mine, &names, today)
            })
            .collect(),
    })
}

pub async fn get(db: &impl ConnectionTrait, staff: &CurrentStaff, id: Uuid) -> Result<GroupView> {
    staff.require(Action::ReadClients)?;
    let row = find(db, staff, id).await?;
    audit::record(db, AuditEvent::by(staff, "group.read", "group", Some(id))).await?;
    view(db, staff, row).await
}

pub async fn update(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    version: i32,
    change: GroupUpdate,
) -> Result<GroupView> {
    staff.require(Action::ReadClients)?;
    let current = find(db, staff, id).await?;
    if current.version != version {
        return Err(AppError::stale_version());
    }
    let mut check = Check::new();
    let mut model = groups::ActiveModel::default();
    if let Some(name) = &change.name {
        model.name = Set(check.required_text("name", name, LONGEST_NAME));
    }
    if let Some(track) = &change.track {
        model.track = Set(check.optional_text("track", track.as_deref(), LONGEST_NAME));
    }
    if let Some(location) = &change.location {
        model.location = Set(check.optional_text("location", location.as_deref(), 200));
    }
    if let Some(minutes) = change.default_minutes {
        check_minutes(&mut check, "default_minutes", minutes);
        model.default_minutes = Set(minutes);
    }
    if let Some(ids) = &change.facilitator_ids {
        model.facilitator_ids = Set(check_facilitators(db, staff, &mut check, ids).await?);
    }
    if let Some(format) = change.note_format {
        model.note_format = Set(format);
    }
    if let Some(active) = change.active {
        model.active = Set(active);
    }
    check.finish()?;
    let updated = versioned::update(db, staff.practice_id, id, version, model, Condition::all())
        .await?
        .ok_or_else(AppError::stale_version)?;
    audit::record(db, AuditEvent::by(staff, "group.update", "group", Some(id))).await?;
    view(db, staff, updated).await
}

/// Adds a client to a group from a day (not in the future); a client already a member is a
/// 409.
pub async fn add_member(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    group_id: Uuid,
    input: NewMember,
) -> Result<GroupView> {
    staff.require(Action::ReadClients)?;
    let group = find(db, staff, group_id).await?;
    let client = scope::find(db, staff, input.client_id).await?;
    let today = staff.today();
    let joined_on = input.joined_on.unwrap_or(today);
    let mut check = Check::new();
    check.date_not_after("joined_on", Some(joined_on), today);
    if joined_on < today - chrono::Duration::days(3650) {
        check.fail("joined_on", "must be within the last ten years");
    }
    if client.status == RecordStatus::Archived {
        check.fail("client_id", "is archived: restore the client first");
    }
    if !group.active {
        check.fail("group", "no longer meets: make it active first");
    }
    check.finish()?;
    let memberships = group_members::Entity::in_practice(staff.practice_id)
        .filter(group_members::Column::GroupId.eq(group_id))
        .filter(group_members::Column::ClientId.eq(input.client_id))
        .all(db)
        .await?;
    if memberships.iter().any(|m| m.left_on.is_none_or(|left| left >= joined_on)) {
        return Err(AppError::Conflict(
            "This client is already a member of the group on that day.".into(),
        ));
    }
    let now = Utc::now();
    group_members::Entity::insert(group_members::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        group_id: Set(group_id),
        client_id: Set(input.client_id),
        joined_on: Set(joined_on),
        left_on: Set(None),
        added_by: Set(staff.id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "group.member_add", "group", Some(group_id))
            .client(input.client_id)
            .detail(json!({ "joined_on": joined_on })),
    )
    .await?;
    view(db, staff, group).await
}

/// A member leaves the group on a day (not before they joined, not in the future).
pub async fn leave(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    group_id: Uuid,
    client_id: Uuid,
    input: MemberLeave,
) -> Result<GroupView> {
    staff.require(Action::ReadClients)?;
    // The group's reach is enough: a facilitator records a member of another clinician's
    // caseload leaving.
    let group = find(db, staff, group_id).await?;
    let membership = group_members::Entity::in_practice(staff.practice_id)
        .filter(group_members::Column::GroupId.eq(group_id))
        .filter(group_members::Column::ClientId.eq(client_id))
        .filter(group_members::Column::LeftOn.is_null())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = staff.today();
    let left_on = input.left_on.unwrap_or(today);
    let mut check = Check::new();
    check.date_not_after("left_on", Some(left_on), today);
    if left_on < membership.joined_on {
        check.fail("left_on", "is before the member joined");
    }
    check.finish()?;
    let model = group_members::ActiveModel { left_on: Set(Some(left_on)), ..Default::default() };
    let still_member = Condition::all().add(group_members::Column::LeftOn.is_null());
    versioned::update(
        db,
        staff.practice_id,
        membership.id,
        membership.version,
        model,
        still_member,
    )
    .await?
    .ok_or_else(AppError::stale_version)?;
    audit::record(
        db,
        AuditEvent::by(staff, "group.member_leave", "group", Some(group_id))
            .client(client_id)
            .detail(json!({ "left_on": left_on })),
    )
    .await?;
    view(db, staff, group).await
}
