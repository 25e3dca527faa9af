use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub password_hash: String,
    pub role: super::states::Role,
    pub active: bool,
    pub version: i32,
    pub password_changed_at: DateTimeUtc,
    /// The TOTP secret (base32) once two-factor is on.
    pub totp_secret: Option<String>,
    /// A secret set up but not yet confirmed with a code.
    pub totp_pending_secret: Option<String>,
    pub totp_enabled_at: Option<DateTimeUtc>,
    /// The last 30-second step a code was accepted for: a code works once.
    pub totp_last_step: Option<i64>,
    /// SHA-256 hashes of the unused recovery codes, as a JSON array.
    pub recovery_codes: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
