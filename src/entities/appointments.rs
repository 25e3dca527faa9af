use sea_orm::entity::prelude::*;

/// One appointment (one occurrence of a series): never deleted; a cancellation is a status.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appointments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Shared by the occurrences of one repeating booking.
    pub series_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub clinician_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub duration_minutes: i32,
    pub kind: crate::recovery::vocabulary::AppointmentKind,
    pub location: Option<String>,
    pub telehealth: bool,
    pub status: crate::recovery::vocabulary::AppointmentStatus,
    pub status_set_by: Option<Uuid>,
    pub status_set_at: Option<DateTimeUtc>,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
