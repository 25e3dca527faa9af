use sea_orm::entity::prelude::*;

/// One meeting of a group; signed (every present member's note written) or cancelled, it is
/// locked by a database trigger.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub group_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub duration_minutes: i32,
    pub topic: Option<String>,
    pub location: Option<String>,
    /// Written once by the facilitator; it goes into every present member's note.
    pub shared_narrative: String,
    pub status: super::states::GroupSessionStatus,
    pub signed_at: Option<DateTimeUtc>,
    pub signed_by: Option<Uuid>,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
