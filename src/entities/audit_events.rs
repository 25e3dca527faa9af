use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<super::states::Role>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub request_id: Option<String>,
    pub ip: Option<String>,
    pub outcome: super::states::AuditOutcome,
    pub detail: Option<Json>,
    /// The event's place in its practice's chain (1, 2, ...); None before the chain began.
    pub seq: Option<i64>,
    /// The hash of the practice's previous event.
    pub prev_hash: Option<String>,
    /// SHA-256 over this event's fields and `prev_hash`.
    pub hash: Option<String>,
    /// Written (Postgres) without its place in the chain yet: the sealer gives it one.
    pub pending: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
