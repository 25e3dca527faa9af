use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "relapse_episodes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub kind: crate::recovery::vocabulary::EpisodeKind,
    pub occurred_on: Date,
    pub ended_on: Option<Date>,
    pub substances: Json,
    pub triggers: Json,
    pub setting: Option<crate::recovery::vocabulary::Setting>,
    pub company: Json,
    pub amount: Option<String>,
    pub coping_used: Json,
    pub support_contacted: Json,
    pub feelings_after: Json,
    pub consequences: Json,
    pub self_blame: Option<i16>,
    pub notes: Option<String>,
    /// `active` or `archived`.
    pub status: super::states::RecordStatus,
    pub archived_at: Option<DateTimeUtc>,
    pub recorded_by: Uuid,
    /// The relapse-prevention plan's version the episode was held against, if any.
    pub plan_version: Option<i32>,
    /// Which of the plan's warning signs (their words) the client noticed beforehand.
    pub warning_signs_present: Option<Json>,
    /// Whether the plan's steps were tried.
    pub plan_steps_tried: Option<super::states::PlanStepsTried>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
