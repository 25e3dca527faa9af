use sea_orm::entity::prelude::*;

/// The signed paper of a consent (a PDF or a photo), attached once and never replaced.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consent_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub consent_id: Uuid,
    /// `application/pdf`, `image/jpeg` or `image/png` (from the bytes, not the caller).
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub uploaded_by: Uuid,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
