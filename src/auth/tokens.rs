//! Opaque refresh tokens: 256 random bits, stored only as their SHA-256, single use,
//! grouped in families so that a reused token revokes every token descended from the login.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{
    auth::{Role, jwt::JwtKeys},
    entities::{refresh_tokens, staff},
    error::{AppError, Result},
};

/// A fresh random token (shown once) and its SHA-256 hex (stored).
pub fn new_secret_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = sha256_hex(&token);
    (token, hash)
}

pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// The staff member as the auth endpoints show them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: Role,
}

impl UserView {
    pub fn from_model(member: &staff::Model) -> Self {
        Self {
            id: member.id,
            name: member.name.clone(),
            email: member.email.clone(),
            role: Role::parse(&member.role).unwrap_or(Role::FrontDesk),
        }
    }
}

/// An access token with its refresh token.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    pub user: UserView,
}

/// Issues an access token and a new refresh token in `family` (a new family when None).
pub async fn issue_pair(
    db: &impl ConnectionTrait,
    jwt: &JwtKeys,
    refresh_ttl: std::time::Duration,
    member: &staff::Model,
    family: Option<Uuid>,
) -> Result<TokenPair> {
    let role = Role::parse(&member.role)
        .ok_or_else(|| AppError::Internal(format!("unknown role {}", member.role)))?;
    let access_token =
        jwt.issue(member.id, member.practice_id, role).map_err(AppError::Internal)?;
    let (refresh_token, hash) = new_secret_token();
    let now = chrono::Utc::now();
    refresh_tokens::Entity::insert(refresh_tokens::ActiveModel {
        practice_id: Set(member.practice_id),
        id: Set(Uuid::now_v7()),
        staff_id: Set(member.id),
        family_id: Set(family.unwrap_or_else(Uuid::now_v7)),
        token_hash: Set(hash),
        expires_at: Set(now + chrono::Duration::from_std(refresh_ttl).unwrap_or_default()),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer",
        expires_in: jwt.ttl.as_secs(),
        user: UserView::from_model(member),
    })
}

/// Revokes every live token of a family.
pub async fn revoke_family(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    family: Uuid,
) -> Result<()> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(chrono::Utc::now()))
        .filter(refresh_tokens::Column::PracticeId.eq(practice_id))
        .filter(refresh_tokens::Column::FamilyId.eq(family))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
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
