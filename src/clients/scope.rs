//! The one entry to a client's record: the clients a staff member can reach (their practice,
//! and for a clinician their caseload), and one of them or 404.

use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, Select};
use uuid::Uuid;

use crate::{
    core::error::{AppError, Result},
    core::identity::{CurrentStaff, policy::ClientScope},
    core::tenancy::InPractice,
    entities::clients,
};

/// The clients this staff member can reach: their practice, and for a clinician their caseload.
pub fn scoped(staff: &CurrentStaff) -> Select<clients::Entity> {
    let query = clients::Entity::in_practice(staff.practice_id);
    match staff.client_scope() {
        ClientScope::All => query,
        ClientScope::AssignedTo(id) => query.filter(clients::Column::ClinicianId.eq(id)),
    }
}

/// One client within reach, or 404 (also for another practice's client).
pub async fn find(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<clients::Model> {
    scoped(staff).filter(clients::Column::Id.eq(id)).one(db).await?.ok_or(AppError::NotFound)
}
