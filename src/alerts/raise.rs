//! Raising an alert, in the transaction of the write that caused it.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use super::types::{AlertKind, AlertStatus};
use crate::{core::error::Result, entities::alerts};

/// Raises an alert on a client; call it inside the transaction of the write that caused it.
pub async fn raise(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    kind: AlertKind,
    detail: serde_json::Value,
) -> Result<()> {
    alerts::Entity::insert(alerts::ActiveModel {
        practice_id: Set(practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(client_id),
        kind: Set(kind),
        raised_at: Set(Utc::now()),
        detail: Set(detail),
        status: Set(AlertStatus::Open),
        acknowledged_at: Set(None),
        acknowledged_by: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}
