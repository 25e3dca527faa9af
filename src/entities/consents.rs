use sea_orm::entity::prelude::*;

/// A client's written consent to disclose (42 CFR Part 2): recorded once, never edited;
/// revocation is its only later change.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    /// A named person or organisation, or a general designation ("my treating providers").
    pub recipient: String,
    pub purpose: String,
    /// How much and what kind of information, in the consent's own words.
    pub information: String,
    /// Whether session notes may go out under it.
    pub includes_notes: bool,
    pub expires_on: Option<Date>,
    /// An expiry event instead of (or besides) a date, e.g. "end of probation".
    pub expiry_event: Option<String>,
    /// When the client signed it.
    pub signed_on: Date,
    pub recorded_by: Uuid,
    pub recorded_at: DateTimeUtc,
    pub revoked_on: Option<Date>,
    pub revoked_by: Option<Uuid>,
    pub revoked_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
