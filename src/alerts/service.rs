//! Listing alerts for those who may see the client,
//! and acknowledging them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::{
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::CurrentStaff,
    core::paging::PageRequest,
    core::tenancy::InPractice,
    entities::{alerts, clients},
    practices::service as practice_service,
};

pub use super::raise::raise;
use super::rules;
pub use super::types::{AlertKind, AlertStatus};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AlertView {
    pub id: Uuid,
    pub client_id: Uuid,
    /// The client's preferred (or first) and last name, for the alerts list.
    pub client_name: Option<String>,
    pub kind: AlertKind,
    pub raised_at: DateTime<Utc>,
    pub detail: serde_json::Value,
    pub status: AlertStatus,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by: Option<Uuid>,
}

fn display_name(c: &clients::Model) -> String {
    format!("{} {}", c.preferred_name.as_deref().unwrap_or(&c.first_name), c.last_name)
}

async fn views(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    items: Vec<alerts::Model>,
) -> Result<Vec<AlertView>> {
    let mut ids: Vec<Uuid> = items.iter().map(|a| a.client_id).collect();
    ids.sort();
    ids.dedup();
    let names: HashMap<Uuid, String> = if ids.is_empty() {
        HashMap::new()
    } else {
        clients::Entity::in_practice(practice_id)
            .filter(clients::Column::Id.is_in(ids))
            .all(db)
            .await?
            .iter()
            .map(|c| (c.id, display_name(c)))
            .collect()
    };
    Ok(items
        .into_iter()
        .map(|a| AlertView {
            id: a.id,
            client_id: a.client_id,
            client_name: names.get(&a.client_id).cloned(),
            kind: a.kind,
            raised_at: a.raised_at,
            detail: a.detail,
            status: a.status,
            acknowledged_at: a.acknowledged_at,
            acknowledged_by: a.acknowledged_by,
        })
        .collect())
}

/// The alerts of the clients `staff` may see, newest first.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    status: AlertStatus,
    page: PageRequest,
) -> Result<(Vec<AlertView>, u64)> {
    staff.require_clinical_access()?;
    // Silence is only noticed when someone looks: the practice's missed check-ins are
    // raised here, once per silence, before the list is read.
    let practice = practice_service::get(db, staff.practice_id).await?;
    let today = crate::core::clock::today_in(&practice.time_zone);
    rules::check_missed(db, staff.practice_id, &practice.time_zone, today).await?;
    let within_reach =
        client_service::scoped(staff).select_only().column(clients::Column::Id).into_query();
    let query = alerts::Entity::in_practice(staff.practice_id)
        .filter(alerts::Column::Status.eq(status))
        .filter(alerts::Column::ClientId.in_subquery(within_reach));
    let total = query.clone().count(db).await?;
    let items = query
        .order_by_desc(alerts::Column::RaisedAt)
        .order_by_desc(alerts::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let count = items.len();
    let items = views(db, staff.practice_id, items).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "alert.list", "alert", None)
            .detail(json!({ "count": count, "status": status })),
    )
    .await?;
    Ok((items, total))
}

/// Marks an alert as seen, recording who and when (the first acknowledgement stands).
#[tracing::instrument(skip_all)]
pub async fn acknowledge(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<AlertView> {
    staff.require_clinical_access()?;
    let alert = alerts::Entity::in_practice(staff.practice_id)
        .filter(alerts::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    client_service::find(db, staff, alert.client_id).await?;
    alerts::Entity::update_many()
        .set(alerts::ActiveModel {
            status: Set(AlertStatus::Acknowledged),
            acknowledged_at: Set(Some(Utc::now())),
            acknowledged_by: Set(Some(staff.id)),
            ..Default::default()
        })
        .filter(alerts::Column::PracticeId.eq(staff.practice_id))
        .filter(alerts::Column::Id.eq(id))
        .filter(alerts::Column::Status.eq(AlertStatus::Open))
        .exec(db)
        .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "alert.acknowledge", "alert", Some(id)).client(alert.client_id),
    )
    .await?;
    let updated = alerts::Entity::in_practice(staff.practice_id)
        .filter(alerts::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(views(db, staff.practice_id, vec![updated]).await?.remove(0))
}
