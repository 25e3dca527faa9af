use sea_orm::entity::prelude::*;

/// One drug screen as recorded, written once. A correction is a new row that `amends` it;
/// the screen's current result is the last row of that line.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "drug_screens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub collected_at: DateTimeUtc,
    /// The day of `collected_at` in the practice's time zone.
    pub collected_on: Date,
    pub specimen: super::states::Specimen,
    pub method: super::states::ScreenMethod,
    pub observed: bool,
    pub validity: super::states::SpecimenValidity,
    /// The panel's results (`screens::types::PanelResult`); empty when only the collection
    /// was recorded.
    pub results: Json,
    /// The screen this row corrects, if it is an amendment.
    pub amends: Option<Uuid>,
    pub amend_reason: Option<String>,
    pub recorded_by: Uuid,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
