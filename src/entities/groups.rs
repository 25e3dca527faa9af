use sea_orm::entity::prelude::*;

/// A group (a recurring group therapy or education group): never deleted, made inactive.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "groups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub track: Option<String>,
    pub default_minutes: i32,
    /// Staff ids (JSON array), clinical staff of the practice.
    pub facilitator_ids: Json,
    /// The format each member's note is written in.
    pub note_format: crate::recovery::vocabulary::NoteFormat,
    pub location: Option<String>,
    pub active: bool,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
