//! The member a verified access token names, read live on every request: still active, their
//! role, their practice's time zone and two-factor rule.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use uuid::Uuid;

use crate::core::error::Result;

/// What every request needs to know of its signed-in member and their practice.
#[derive(Clone, Debug, sea_orm::FromQueryResult)]
pub struct SignedIn {
    pub id: Uuid,
    pub practice_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: crate::entities::states::Role,
    pub active: bool,
    pub password_changed_at: DateTime<Utc>,
    pub has_two_factor: bool,
    /// The practice's time zone: today's date for the request.
    pub time_zone: String,
    /// The practice requires two-factor (checked on every request, so it applies at once).
    pub require_two_factor: bool,
}

/// The active member a verified token names, with their practice's time zone and two-factor
/// rule, checked on every request outside any transaction in one statement. On Postgres that
/// statement (`daybreak_signed_in`) sets the practice for itself alone, so row-level security
/// applies to this read like to every other.
pub async fn signed_in(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    id: Uuid,
) -> Result<Option<SignedIn>> {
    let backend = db.get_database_backend();
    let sql = if backend == sea_orm::DatabaseBackend::Postgres {
        "SELECT * FROM daybreak_signed_in($1, $2)"
    } else {
        "SELECT s.id, s.practice_id, s.name, s.email, s.role, s.active, s.password_changed_at, \
         s.totp_secret IS NOT NULL AS has_two_factor, p.time_zone, p.require_two_factor \
         FROM staff s JOIN practices p ON p.id = s.practice_id \
         WHERE s.practice_id = ? AND s.id = ?"
    };
    let member = SignedIn::find_by_statement(sea_orm::Statement::from_sql_and_values(
        backend,
        sql,
        [practice_id.into(), id.into()],
    ))
    .one(db)
    .await?;
    Ok(member.filter(|m| m.active && m.practice_id == practice_id))
}
