//! Refresh tokens in use: rotation on every refresh (a reused token revokes its family), the
//! 12-hour limit of a session, and signing out.

use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use super::tokens::{self, TokenPair};
use crate::{
    core::audit::{self, AuditEvent, Outcome},
    core::db,
    core::error::{AppError, Result},
    core::identity::{RequestMeta, sessions},
    core::state::AppState,
    entities::refresh_tokens,
    staff::service as staff_service,
};

/// The longest a signed-in session lasts, however active: a new sign-in is needed after it.
pub const MAX_SESSION: chrono::Duration = chrono::Duration::hours(12);

/// True when the session a refresh-token family belongs to began more than `MAX_SESSION`
/// ago. The family id is a UUID v7 minted at sign-in, so it carries the sign-in time.
pub fn session_too_old(family_id: Uuid, now: chrono::DateTime<Utc>) -> bool {
    let Some(started) = family_id.get_timestamp() else { return true };
    let (secs, nanos) = started.to_unix();
    let Some(started) = chrono::DateTime::from_timestamp(secs as i64, nanos) else { return true };
    now - started > MAX_SESSION
}

pub(super) fn bad_refresh() -> AppError {
    AppError::Unauthorized("This session has ended. Please sign in again.".into())
}

/// Spends a refresh token and issues a new pair in the same family. A token presented a
/// second time revokes its whole family.
#[tracing::instrument(skip_all)]
pub async fn refresh(state: &AppState, token: &str, meta: &RequestMeta) -> Result<TokenPair> {
    let db = &state.db;
    let now = Utc::now();
    let hash = sessions::sha256_hex(token.trim());
    let stored = find_refresh_token(db, &hash).await?.ok_or_else(bad_refresh)?;

    if stored.used_at.is_some() || stored.revoked_at.is_some() {
        return Err(refuse_reuse(db, &stored, meta).await);
    }
    if stored.expires_at <= now {
        return Err(bad_refresh());
    }
    if session_too_old(stored.family_id, now) {
        let txn = state.begin_in(stored.practice_id).await?;
        tokens::revoke_family(&txn, stored.practice_id, stored.family_id).await?;
        txn.commit().await?;
        return Err(bad_refresh());
    }

    let txn = state.begin_in(stored.practice_id).await?;
    // Spend the token only if nobody spent it first: of two concurrent refreshes, one wins.
    let spent = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
        .filter(refresh_tokens::Column::PracticeId.eq(stored.practice_id))
        .filter(refresh_tokens::Column::Id.eq(stored.id))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        txn.rollback().await?;
        return Err(refuse_reuse(db, &stored, meta).await);
    }
    let member = staff_service::find_active(&txn, stored.practice_id, stored.staff_id).await?;
    let Some(member) = member else {
        tokens::revoke_family(&txn, stored.practice_id, stored.family_id).await?;
        txn.commit().await?;
        return Err(bad_refresh());
    };
    let pair = tokens::issue_pair(
        &txn,
        &state.jwt,
        state.config.refresh_token_ttl,
        &member,
        Some(stored.family_id),
    )
    .await?;
    txn.commit().await?;
    Ok(pair)
}

/// The refresh token with this hash, in any practice (row-level security shows the lookup
/// that one row only).
pub(super) async fn find_refresh_token(
    db: &DatabaseConnection,
    hash: &str,
) -> Result<Option<refresh_tokens::Model>> {
    let lookup = db::begin_lookup(db, db::Lookup::TokenHash, hash).await?;
    let stored = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(hash))
        .one(&lookup)
        .await?;
    lookup.commit().await?;
    Ok(stored)
}

pub(super) async fn refuse_reuse(
    db: &DatabaseConnection,
    stored: &refresh_tokens::Model,
    meta: &RequestMeta,
) -> AppError {
    let revoke = async {
        let txn = db::begin_in(db, stored.practice_id).await?;
        tokens::revoke_family(&txn, stored.practice_id, stored.family_id).await?;
        audit::record(
            &txn,
            AuditEvent::for_member(
                stored.practice_id,
                stored.staff_id,
                None,
                "auth.refresh_reuse",
                meta,
            )
            .outcome(Outcome::Denied),
        )
        .await?;
        txn.commit().await?;
        Ok::<_, AppError>(())
    };
    match revoke.await {
        Ok(()) => {
            tracing::warn!("refresh token reused: its family is revoked");
            bad_refresh()
        }
        Err(e) => e,
    }
}

/// Ends the session the refresh token belongs to. Unknown tokens are ignored.
pub async fn logout(state: &AppState, token: &str, meta: &RequestMeta) -> Result<()> {
    let hash = sessions::sha256_hex(token.trim());
    let stored = find_refresh_token(&state.db, &hash).await?;
    if let Some(stored) = stored {
        let txn = state.begin_in(stored.practice_id).await?;
        tokens::revoke_family(&txn, stored.practice_id, stored.family_id).await?;
        audit::record(
            &txn,
            AuditEvent::for_member(stored.practice_id, stored.staff_id, None, "auth.logout", meta),
        )
        .await?;
        txn.commit().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::{NoContext, Timestamp};

    fn family_started(hours_ago: i64) -> Uuid {
        let at = Utc::now() - chrono::Duration::hours(hours_ago);
        Uuid::new_v7(Timestamp::from_unix(NoContext, at.timestamp() as u64, 0))
    }

    #[test]
    fn a_session_ends_twelve_hours_after_sign_in_however_active() {
        let now = Utc::now();
        assert!(!session_too_old(family_started(0), now));
        assert!(!session_too_old(family_started(11), now));
        assert!(session_too_old(family_started(13), now));
        assert!(session_too_old(Uuid::new_v4(), now), "a family id without a time is refused");
    }
}
