use sea_orm::entity::prelude::*;

/// One version of a client's relapse-prevention plan or safety plan: written once, never
/// changed; the next save is the next version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "client_plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub kind: super::states::PlanKind,
    /// 1 for the first save, then one more per save (unique per client and kind).
    pub version: i32,
    /// The plan itself, as `client_plans::types` spells it for its kind.
    pub content: Json,
    /// Whether the client's link page shows it (always true for a relapse-prevention plan; a
    /// practice turns a client's safety plan on or off).
    pub enabled: bool,
    pub written_by: Uuid,
    pub written_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
