use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub time_zone: String,
    pub part2_notice: bool,
    /// `letter` or `a4`: the paper progress reports are laid out on.
    pub report_paper: super::states::Paper,
    pub crisis_text: Option<String>,
    /// Every member must sign in with a second factor.
    pub require_two_factor: bool,
    /// After how many days an attended appointment without a signed note is due.
    pub note_due_days: i32,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
