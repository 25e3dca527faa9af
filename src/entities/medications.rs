use sea_orm::entity::prelude::*;

/// A medication a client takes (or took): never deleted; stopping it sets its stop date.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "medications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub name: String,
    pub class: super::states::MedicationClass,
    /// The panel substance it shows as on a drug screen (a positive for it is expected).
    pub screens_as: Option<crate::recovery::vocabulary::PanelSubstance>,
    pub dose: Option<String>,
    pub schedule: Option<String>,
    pub prescriber: Option<String>,
    pub started_on: Date,
    pub stopped_on: Option<Date>,
    pub stop_reason: Option<String>,
    /// Whether the client's link asks "Did you take your medication today?" while current.
    pub ask_on_link: bool,
    pub recorded_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
