use sea_orm::entity::prelude::*;

/// One member's attendance at one group session, with their own note sections; `note_id` is
/// the note signing wrote in their chart (from then on the row is locked).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_attendance")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub session_id: Uuid,
    pub client_id: Uuid,
    pub status: crate::recovery::vocabulary::GroupAttendanceStatus,
    pub minutes_attended: Option<i32>,
    /// Section key → the member's own text.
    pub sections: Json,
    pub note_id: Option<Uuid>,
    pub recorded_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
