//! Staff rules: unique e-mail, a practice always keeps an active owner, deactivation ends
//! every session at once, every change is audited.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::{
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result, UniqueKey, unique_violation_as},
    core::identity::{CurrentStaff, Role, password, sessions},
    core::paging::PageRequest,
    core::tenancy::InPractice,
    core::validation::Check,
    core::versioned,
    entities::staff,
};

/// One member per e-mail address in a practice.
const ONE_EMAIL_PER_PRACTICE: UniqueKey = UniqueKey {
    name: "ux_staff_practice_email",
    table: "staff",
    columns: &["practice_id", "email"],
};

/// A staff member as the owner sees them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct StaffView {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub active: bool,
    /// The member signs in with a second factor.
    pub two_factor_enabled: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<staff::Model> for StaffView {
    fn from(m: staff::Model) -> Self {
        Self {
            role: m.role,
            id: m.id,
            name: m.name,
            email: m.email,
            active: m.active,
            two_factor_enabled: m.totp_secret.is_some(),
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// A clinician a client can be assigned to.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ClinicianView {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewStaff {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub password: String,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct StaffUpdate {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub version: Option<i32>,
}

pub async fn list(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    page: PageRequest,
) -> Result<(Vec<staff::Model>, u64)> {
    let query = staff::Entity::in_practice(practice_id);
    let total = query.clone().count(db).await?;
    let items = query
        .order_by_asc(staff::Column::Name)
        .order_by_asc(staff::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok((items, total))
}

/// Active staff who can hold a caseload (clinicians, supervisors, owners).
pub async fn clinicians(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
) -> Result<Vec<ClinicianView>> {
    let members = staff::Entity::in_practice(practice_id)
        .filter(staff::Column::Active.eq(true))
        .filter(staff::Column::Role.is_in([Role::Owner, Role::Supervisor, Role::Clinician]))
        .order_by_asc(staff::Column::Name)
        .all(db)
        .await?;
    Ok(members
        .into_iter()
        .map(|m| ClinicianView { role: m.role, id: m.id, name: m.name })
        .collect())
}

pub async fn get(db: &impl ConnectionTrait, practice_id: Uuid, id: Uuid) -> Result<staff::Model> {
    staff::Entity::in_practice(practice_id)
        .filter(staff::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A member who is still active, or None (unknown, another practice's, or deactivated).
/// The names of some of the practice's members, by id, in one query (ids may repeat).
pub async fn names(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    mut ids: Vec<Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>> {
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(staff::Entity::in_practice(practice_id)
        .filter(staff::Column::Id.is_in(ids))
        .select_only()
        .column(staff::Column::Id)
        .column(staff::Column::Name)
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

pub async fn find_active(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    id: Uuid,
) -> Result<Option<staff::Model>> {
    Ok(staff::Entity::in_practice(practice_id)
        .filter(staff::Column::Id.eq(id))
        .filter(staff::Column::Active.eq(true))
        .one(db)
        .await?)
}

/// The active member a command acts as: the one with this e-mail, or else the practice's
/// first owner.
pub async fn acting_member(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    email: Option<&str>,
) -> Result<Option<staff::Model>> {
    let members = staff::Entity::in_practice(practice_id)
        .filter(staff::Column::Active.eq(true))
        .order_by_asc(staff::Column::CreatedAt);
    let members = match email {
        Some(email) => members.filter(staff::Column::Email.eq(email.trim().to_lowercase())),
        None => members.filter(staff::Column::Role.eq(Role::Owner)),
    };
    Ok(members.one(db).await?)
}

pub fn duplicate_email() -> AppError {
    // Only this practice's members are ever compared: an address in use in another practice
    // is allowed and never hinted at (SECURITY.md, "one e-mail, several practices").
    AppError::Conflict("A member of this practice already has this email address.".into())
}

/// Inserts an active member with already checked fields; a taken e-mail is a 409.
pub async fn insert_member(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    name: String,
    email: String,
    password_hash: String,
    role: Role,
) -> Result<staff::Model> {
    let now = Utc::now();
    staff::Entity::insert(staff::ActiveModel {
        practice_id: Set(practice_id),
        id: Set(Uuid::now_v7()),
        name: Set(name),
        email: Set(email),
        password_hash: Set(password_hash),
        role: Set(role),
        active: Set(true),
        version: Set(1),
        password_changed_at: Set(now),
        totp_secret: Set(None),
        totp_pending_secret: Set(None),
        totp_enabled_at: Set(None),
        totp_last_step: Set(None),
        recovery_codes: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(db)
    .await
    .map_err(|e| unique_violation_as(e, &ONE_EMAIL_PER_PRACTICE, duplicate_email()))
}

#[tracing::instrument(skip_all)]
pub async fn create(
    db: &impl ConnectionTrait,
    owner: &CurrentStaff,
    input: NewStaff,
) -> Result<staff::Model> {
    let mut check = Check::new();
    let name = check.required_text("name", &input.name, 100);
    let email = check.email("email", &input.email);
    check.password("password", &input.password);
    check.finish()?;
    let password_hash = password::hash(input.password).await?;
    let member =
        insert_member(db, owner.practice_id, name, email, password_hash, input.role).await?;
    audit::record(
        db,
        AuditEvent::by(owner, "staff.create", "staff", Some(member.id))
            .detail(json!({ "role": input.role })),
    )
    .await?;
    Ok(member)
}

#[tracing::instrument(skip_all)]
pub async fn update(
    db: &impl ConnectionTrait,
    owner: &CurrentStaff,
    id: Uuid,
    version: i32,
    change: StaffUpdate,
) -> Result<staff::Model> {
    let current = get(db, owner.practice_id, id).await?;
    if current.version != version {
        return Err(AppError::stale_version());
    }
    let mut check = Check::new();
    let mut model = staff::ActiveModel::default();
    if let Some(name) = &change.name {
        model.name = Set(check.required_text("name", name, 100));
    }
    if let Some(role) = change.role {
        model.role = Set(role);
    }
    if let Some(active) = change.active {
        model.active = Set(active);
    }
    let loses_owner = current.role == Role::Owner
        && current.active
        && (change.role.is_some_and(|r| r != Role::Owner) || change.active == Some(false));
    if loses_owner {
        let other_owners = staff::Entity::in_practice(owner.practice_id)
            .filter(staff::Column::Role.eq(Role::Owner))
            .filter(staff::Column::Active.eq(true))
            .filter(staff::Column::Id.ne(id))
            .count(db)
            .await?;
        if other_owners == 0 {
            let field = if change.active == Some(false) { "active" } else { "role" };
            check.fail(field, "a practice must keep at least one active owner");
        }
    }
    check.finish()?;

    let updated = versioned::update(db, owner.practice_id, id, version, model, Condition::all())
        .await?
        .ok_or_else(AppError::stale_version)?;
    if change.active == Some(false) {
        sessions::revoke_all_of(db, owner.practice_id, id).await?;
    }
    let mut detail = serde_json::Map::new();
    if let Some(role) = change.role.filter(|r| *r != current.role) {
        detail.insert("role".into(), json!({ "from": current.role, "to": role }));
    }
    if let Some(active) = change.active.filter(|a| *a != current.active) {
        detail.insert("active".into(), json!({ "from": current.active, "to": active }));
    }
    if change.name.is_some() {
        detail.insert("name_changed".into(), json!(true));
    }
    audit::record(
        db,
        AuditEvent::by(owner, "staff.update", "staff", Some(id)).detail(detail.into()),
    )
    .await?;
    Ok(updated)
}
