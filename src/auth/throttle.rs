//! Per-account sign-in throttling, kept in the database so every instance agrees.
//!
//! The key is a hash of the e-mail, so an unknown e-mail is throttled exactly like a known
//! one and the table never stores an address.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, sea_query::OnConflict};

use super::tokens::sha256_hex;
use crate::{
    entities::login_throttles,
    error::{AppError, Result},
};

/// Failures allowed inside one window before the account is locked.
pub const MAX_FAILURES: i32 = 5;
pub const WINDOW: Duration = Duration::minutes(15);
pub const LOCK: Duration = Duration::minutes(15);

pub fn account_key(email: &str) -> String {
    sha256_hex(&format!("daybreak-login:{}", email.trim().to_lowercase()))
}

/// Refuses with 429 while the account is locked.
pub async fn check(db: &impl ConnectionTrait, key: &str, now: DateTime<Utc>) -> Result<()> {
    let row = login_throttles::Entity::find_by_id(key.to_owned()).one(db).await?;
    if let Some(locked_until) = row.and_then(|r| r.locked_until).filter(|until| *until > now) {
        let seconds = (locked_until - now).num_seconds().max(1) as u64;
        return Err(AppError::TooManyRequests {
            retry_after_secs: seconds,
            detail: format!(
                "Too many failed sign-in attempts. Try again in {} minute(s).",
                seconds.div_ceil(60)
            ),
        });
    }
    Ok(())
}

/// Counts a failure, locking the account after `MAX_FAILURES` inside `WINDOW`.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = login_throttles::Entity::find_by_id(key.to_owned()).one(db).await?;
    let (failures, window_started_at) = match row {
        Some(r) if now - r.window_started_at < WINDOW && r.locked_until.is_none_or(|u| u > now) => {
            (r.failures + 1, r.window_started_at)
        }
        _ => (1, now),
    };
    let locked_until = (failures >= MAX_FAILURES).then_some(now + LOCK);
    login_throttles::Entity::insert(login_throttles::ActiveModel {
        account_key: Set(key.to_owned()),
        failures: Set(failures),
        window_started_at: Set(window_started_at),
        locked_until: Set(locked_until),
    })
    .on_conflict(
        OnConflict::column(login_throttles::Column::AccountKey)
            .update_columns([
                login_throttles::Column::Failures,
                login_throttles::Column::WindowStartedAt,
                login_throttles::Column::LockedUntil,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Forgets the failures after a successful sign-in.
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<()> {
    login_throttles::Entity::delete_by_id(key.to_owned()).exec(db).await?;
    Ok(())
}
