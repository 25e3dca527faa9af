//! Records that carry a version: a change applies only while the row still holds the version
//! the caller read (and any other guard the caller names), bumping it, in one statement that
//! returns the changed row. A stale change is refused, never merged silently.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Value,
};
use uuid::Uuid;

use crate::{
    core::error::Result,
    entities::{
        appointments, clients, group_attendance, group_members, group_sessions, groups,
        medications, practices, relapse_episodes, session_notes, staff,
    },
};

/// A table whose rows carry `version` and `updated_at`, one row named by its practice and id.
pub trait Versioned: EntityTrait {
    /// The condition naming one row of one practice.
    fn row(practice_id: Uuid, id: Uuid) -> Condition;
    fn version_column() -> Self::Column;
    fn updated_at_column() -> Self::Column;
}

/// Applies `change` (the columns to set) to the row while it holds `version` and `guard`
/// (`Condition::all()` for none): the version becomes `version + 1` and `updated_at` now,
/// unless the change sets it itself. `None` when no row matched: it was changed meanwhile,
/// or the guard no longer holds (the caller reads the row again to say which).
pub async fn update<A>(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    id: Uuid,
    version: i32,
    mut change: A,
    guard: Condition,
) -> Result<Option<<A::Entity as EntityTrait>::Model>>
where
    A: ActiveModelTrait + Send,
    A::Entity: Versioned,
{
    type E<A> = <A as ActiveModelTrait>::Entity;
    change.set(E::<A>::version_column(), Value::from(version + 1));
    if change.get(E::<A>::updated_at_column()).is_not_set() {
        change.set(E::<A>::updated_at_column(), Value::from(Utc::now()));
    }
    let rows = E::<A>::update_many()
        .set(change)
        .filter(E::<A>::row(practice_id, id))
        .filter(E::<A>::version_column().eq(version))
        .filter(guard)
        .exec_with_returning(db)
        .await?;
    Ok(rows.into_iter().next())
}

macro_rules! versioned {
    ($($entity:ident),* $(,)?) => {$(
        impl Versioned for $entity::Entity {
            fn row(practice_id: Uuid, id: Uuid) -> Condition {
                Condition::all()
                    .add($entity::Column::PracticeId.eq(practice_id))
                    .add($entity::Column::Id.eq(id))
            }
            fn version_column() -> Self::Column {
                $entity::Column::Version
            }
            fn updated_at_column() -> Self::Column {
                $entity::Column::UpdatedAt
            }
        }
    )*};
}

versioned!(
    clients,
    session_notes,
    relapse_episodes,
    staff,
    medications,
    appointments,
    groups,
    group_members,
    group_sessions,
    group_attendance
);

/// A practice is its own tenant: its row is named by its id alone.
impl Versioned for practices::Entity {
    fn row(practice_id: Uuid, id: Uuid) -> Condition {
        Condition::all()
            .add(practices::Column::Id.eq(practice_id))
            .add(practices::Column::Id.eq(id))
    }
    fn version_column() -> Self::Column {
        practices::Column::Version
    }
    fn updated_at_column() -> Self::Column {
        practices::Column::UpdatedAt
    }
}
