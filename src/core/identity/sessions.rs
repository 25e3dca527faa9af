//! Secret tokens (random, shown once, stored only as their SHA-256) and ending a member's
//! sessions: what a password change, a second-factor change and a deactivation all need.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{
    core::error::Result,
    entities::{refresh_tokens, staff},
};

/// A fresh random token (shown once) and its SHA-256 hex (stored).
pub fn new_secret_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = sha256_hex(&token);
    (token, hash)
}

/// The SHA-256 of a presented token, or None when it cannot be one of `new_secret_token`'s
/// (43 URL-safe characters): a guess is refused before it reaches the database.
pub fn presented_token_hash(token: &str) -> Option<String> {
    let plausible = token.len() == 43
        && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plausible.then(|| sha256_hex(token))
}

pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// Ends every session of a staff member at once: their refresh tokens are revoked and every
/// access token issued before this second is refused (`staff.password_changed_at` is the
/// instant earlier tokens stop; see the staff extractor). For a change of password or of
/// the second factor. Returns that instant, for a new pair issued after it.
pub async fn end_all_sessions(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    staff_id: Uuid,
) -> Result<chrono::DateTime<chrono::Utc>> {
    // Whole seconds, as token `iat` claims are: a token issued in this second still works.
    let now = chrono::Utc::now();
    let now = chrono::DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
    staff::Entity::update_many()
        .col_expr(staff::Column::PasswordChangedAt, Expr::value(now))
        .filter(staff::Column::PracticeId.eq(practice_id))
        .filter(staff::Column::Id.eq(staff_id))
        .exec(db)
        .await?;
    revoke_all_of(db, practice_id, staff_id).await?;
    Ok(now)
}

/// Revokes every live refresh token of a staff member (deactivation, password change).
pub async fn revoke_all_of(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    staff_id: Uuid,
) -> Result<()> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(chrono::Utc::now()))
        .filter(refresh_tokens::Column::PracticeId.eq(practice_id))
        .filter(refresh_tokens::Column::StaffId.eq(staff_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
