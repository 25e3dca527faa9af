use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "measure_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub code: super::states::MeasureCode,
    /// The day answered, in the practice's time zone.
    pub completed_on: Date,
    /// The item answers, 0–3 each, in item order.
    pub answers: Json,
    pub total: i32,
    pub band: String,
    /// True when the answers raised an alert (PHQ-9 item 9 above 0).
    pub alert: bool,
    pub link_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
