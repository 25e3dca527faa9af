use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "check_ins")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    /// The calendar day reported on, in the practice's time zone (unique per client).
    pub day: Date,
    pub used: bool,
    pub substances: Json,
    pub craving: i16,
    pub mood: i16,
    pub attended_meeting: bool,
    pub contacted_sponsor: bool,
    pub note: Option<String>,
    /// `self_report` (through the client's link) or `clinician` (recorded in session).
    pub source: super::states::CheckInSource,
    pub recorded_by: Option<Uuid>,
    pub link_id: Option<Uuid>,
    /// The client's answer to "Did you take your medication today?" (null: not asked).
    pub took_medication: Option<bool>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
