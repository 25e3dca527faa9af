use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_exports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub requested_by: Uuid,
    pub from_day: Date,
    pub to_day: Date,
    pub include_notes: bool,
    pub recipient: Option<String>,
    pub purpose: Option<String>,
    /// `running`, `done` or `failed`.
    pub status: super::states::ExportStatus,
    pub total: i32,
    pub done: i32,
    pub error: Option<String>,
    /// The finished zip, until it expires.
    pub archive: Option<Vec<u8>>,
    pub archive_bytes: i64,
    pub created_at: DateTimeUtc,
    /// Moves with every batch of reports: a running export that stops moving was interrupted.
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    pub expires_at: DateTimeUtc,
    /// The recipient whose consents the export went out under; null: for internal use.
    pub consent_recipient: Option<String>,
    /// The clients left out (no active consent naming the recipient), as JSON.
    pub left_out: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
