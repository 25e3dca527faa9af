//! Opaque refresh tokens: 256 random bits, stored only as their SHA-256, single use,
//! grouped in families so that a reused token revokes every token descended from the login.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr,
};
use serde::Serialize;
use uuid::Uuid;

use crate::core::identity::sessions::new_secret_token;
use crate::{
    core::error::{AppError, Result},
    core::identity::{Role, jwt::JwtKeys},
    entities::{refresh_tokens, staff},
};

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
            role: member.role,
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
    let role = member.role;
    let access_token =
        jwt.issue(member.id, member.practice_id, role).map_err(AppError::internal)?;
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
