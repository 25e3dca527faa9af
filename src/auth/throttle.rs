//! Per-account sign-in throttling, kept in the database so every instance agrees.
//!
//! The key is a hash of the e-mail, so an unknown e-mail is throttled exactly like a known
//! one and the table never stores an address. An attempt is *reserved* before its password
//! is hashed (counted as a failure until it succeeds), with a compare-and-swap on the row's
//! version: parallel attempts on one account queue for the same counter, so a burst cannot
//! outrun the lock. Sign-in, a second factor, and the password checks of a password change,
//! turning two-factor off and new recovery codes all go through it.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, OnConflict},
};

use crate::{
    core::error::{AppError, Result},
    core::identity::{password, sessions::sha256_hex},
    core::state::AppState,
    entities::{
        login_throttles::{self, Column},
        staff,
    },
};

/// Attempts allowed inside one window; the next one is refused until the lock ends.
pub const MAX_FAILURES: i32 = 5;
pub const WINDOW: Duration = Duration::minutes(15);
pub const LOCK: Duration = Duration::minutes(15);
/// Compare-and-swap rounds before a reservation gives up (with 429) under a heavy burst.
const ROUNDS: usize = 50;

pub fn account_key(email: &str) -> String {
    sha256_hex(&format!("daybreak-login:{}", email.trim().to_lowercase()))
}

fn locked(until: DateTime<Utc>, now: DateTime<Utc>) -> AppError {
    let seconds = (until - now).num_seconds().max(1) as u64;
    AppError::TooManyRequests {
        retry_after_secs: seconds,
        detail: format!(
            "Too many failed sign-in attempts. Try again in {} minute(s).",
            seconds.div_ceil(60)
        ),
    }
}

fn busy() -> AppError {
    AppError::TooManyRequests {
        retry_after_secs: 1,
        detail: "Too many sign-in attempts at once. Try again in a moment.".into(),
    }
}

/// Reserves one attempt for the account, before its secret is checked: 429 while the
/// account is locked. The reservation counts as a failure until `clear` (the secret was
/// right) or `release` (nothing was decided) takes it back; the attempt that fills the
/// window locks the account. Runs on its own (commits at once), never inside a caller's
/// transaction, so parallel attempts see each other's reservations.
pub async fn reserve(db: &impl ConnectionTrait, key: &str, now: DateTime<Utc>) -> Result<()> {
    for _ in 0..ROUNDS {
        let row = login_throttles::Entity::find_by_id(key.to_owned()).one(db).await?;
        let Some(row) = row else {
            let inserted = login_throttles::Entity::insert(login_throttles::ActiveModel {
                account_key: Set(key.to_owned()),
                failures: Set(1),
                window_started_at: Set(now),
                locked_until: Set(None),
                version: Set(0),
            })
            .on_conflict(OnConflict::column(Column::AccountKey).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
            if inserted == 1 {
                return Ok(());
            }
            continue;
        };
        if let Some(until) = row.locked_until.filter(|until| *until > now) {
            return Err(locked(until, now));
        }
        // A lock that has ended, or a window that has passed, starts a new window.
        let (failures, window_started_at) =
            if row.locked_until.is_some() || now - row.window_started_at >= WINDOW {
                (1, now)
            } else {
                (row.failures + 1, row.window_started_at)
            };
        let locked_until = (failures >= MAX_FAILURES).then_some(now + LOCK);
        if swap(db, &row, failures, window_started_at, locked_until).await? {
            return Ok(());
        }
    }
    Err(busy())
}

/// Takes back a reservation that decided nothing (the password was right and the second
/// factor is still to come).
pub async fn release(db: &impl ConnectionTrait, key: &str) -> Result<()> {
    for _ in 0..ROUNDS {
        let Some(row) = login_throttles::Entity::find_by_id(key.to_owned()).one(db).await? else {
            return Ok(());
        };
        let failures = (row.failures - 1).max(0);
        let locked_until = row.locked_until.filter(|_| failures >= MAX_FAILURES);
        if swap(db, &row, failures, row.window_started_at, locked_until).await? {
            return Ok(());
        }
    }
    Err(busy())
}

/// Writes the row's next state if nobody changed it since it was read.
async fn swap(
    db: &impl ConnectionTrait,
    row: &login_throttles::Model,
    failures: i32,
    window_started_at: DateTime<Utc>,
    locked_until: Option<DateTime<Utc>>,
) -> Result<bool> {
    let updated = login_throttles::Entity::update_many()
        .col_expr(Column::Failures, Expr::value(failures))
        .col_expr(Column::WindowStartedAt, Expr::value(window_started_at))
        .col_expr(Column::LockedUntil, Expr::value(locked_until))
        .col_expr(Column::Version, Expr::value(row.version.wrapping_add(1)))
        .filter(Column::AccountKey.eq(row.account_key.clone()))
        .filter(Column::Version.eq(row.version))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Forgets the failures after a successful sign-in (or a right password).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<()> {
    login_throttles::Entity::delete_by_id(key.to_owned()).exec(db).await?;
    Ok(())
}

/// A signed-in member's own password, checked again (a password change, turning two-factor
/// off, new recovery codes): the same per-account limit as signing in, so a stolen session
/// cannot guess the password faster than the sign-in page could.
pub async fn verify_own_password(
    state: &AppState,
    member: &staff::Model,
    given: String,
) -> Result<bool> {
    let key = account_key(&member.email);
    reserve(&state.db, &key, Utc::now()).await?;
    let right = password::verify(given, Some(member.password_hash.clone())).await?;
    if right {
        clear(&state.db, &key).await?;
    }
    Ok(right)
}
