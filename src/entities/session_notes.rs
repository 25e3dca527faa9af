use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session_notes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub author_id: Uuid,
    pub session_on: Date,
    pub started_at: Option<DateTimeUtc>,
    pub duration_minutes: i32,
    pub service_type: Option<String>,
    pub format: crate::recovery::vocabulary::NoteFormat,
    /// Section key → text, the keys following the format.
    pub sections: Json,
    pub risk_flags: Json,
    pub is_psychotherapy_note: bool,
    /// `draft` or `signed` (a signed note is locked by a database trigger).
    pub status: super::states::NoteStatus,
    pub signed_at: Option<DateTimeUtc>,
    pub signed_by: Option<Uuid>,
    pub cosigned_at: Option<DateTimeUtc>,
    pub cosigned_by: Option<Uuid>,
    /// The appointment the note records (at most one note per appointment).
    pub appointment_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
