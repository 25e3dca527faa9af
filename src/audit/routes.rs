//! `/api/v1/audit`: the owner's view of the audit trail.

use axum::{extract::State, http::header, response::IntoResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::service::{self, AuditFilter};
use crate::{
    core::error::{Problem, Result},
    core::identity::{Action, CurrentStaff},
    core::state::AppState,
    core::{
        extract::Query,
        paging::{PageRequest, Paged},
    },
    entities::audit_events,
    entities::states::{AuditOutcome, Role},
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit)).routes(routes!(export_audit))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditParams {
    pub actor_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub action: Option<String>,
    /// First day included, in the practice's time zone.
    pub from: Option<NaiveDate>,
    /// Last day included, in the practice's time zone.
    pub to: Option<NaiveDate>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditExportParams {
    pub actor_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub action: Option<String>,
    /// First day included, in the practice's time zone.
    pub from: Option<NaiveDate>,
    /// Last day included, in the practice's time zone.
    pub to: Option<NaiveDate>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditEventView {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// The event's place in its practice's hash chain.
    pub seq: Option<i64>,
    pub actor_id: Option<Uuid>,
    /// The staff member's name; null for a client's link or the system.
    pub actor_name: Option<String>,
    pub actor_role: Option<Role>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub client_name: Option<String>,
    pub request_id: Option<String>,
    pub ip: Option<String>,
    pub outcome: AuditOutcome,
    #[schema(value_type = Option<Object>)]
    pub detail: Option<serde_json::Value>,
}

impl AuditEventView {
    fn new(e: audit_events::Model, names: &service::Names) -> Self {
        Self {
            id: e.id,
            at: e.at,
            seq: e.seq,
            actor_name: e.actor_id.and_then(|id| names.staff.get(&id).cloned()),
            actor_id: e.actor_id,
            actor_role: e.actor_role,
            action: e.action,
            entity_type: e.entity_type,
            entity_id: e.entity_id,
            client_name: e.client_id.and_then(|id| names.clients.get(&id).cloned()),
            client_id: e.client_id,
            request_id: e.request_id,
            ip: e.ip,
            outcome: e.outcome,
            detail: e.detail,
        }
    }
}

/// The filters, with `from`/`to` read as calendar days in the practice's time zone.
fn filter_of(
    time_zone: &str,
    actor_id: Option<Uuid>,
    client_id: Option<Uuid>,
    action: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<AuditFilter> {
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(crate::core::error::AppError::field("from", "must be on or before `to`"));
    }
    let day_start = |d: NaiveDate| crate::core::clock::day_start(d, time_zone);
    Ok(AuditFilter {
        actor_id,
        client_id,
        action: action.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()),
        from: from.and_then(day_start),
        to: to.and_then(|d| d.succ_opt()).and_then(day_start),
    })
}

/// The practice's audit events, newest first (owner).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])), params(AuditParams),
    responses((status = 200, body = Paged<AuditEventView>), (status = 403, body = Problem)))]
async fn list_audit(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Query(params): Query<AuditParams>,
) -> Result<axum::Json<Paged<AuditEventView>>> {
    staff.require(Action::ReadAudit)?;
    let page = PageRequest::new(params.page, params.per_page)?;
    // The log shows every event with its place in the chain: pending ones are sealed first.
    crate::core::audit::chain::seal(&state.db, staff.practice_id).await?;
    let txn = state.begin_in(staff.practice_id).await?;
    let practice = crate::practices::service::get(&txn, staff.practice_id).await?;
    let filter = filter_of(
        &practice.time_zone,
        params.actor_id,
        params.client_id,
        params.action,
        params.from,
        params.to,
    )?;
    let (items, total) = service::list(&txn, staff.practice_id, &filter, page).await?;
    let names = service::names(&txn, staff.practice_id, &items).await?;
    txn.commit().await?;
    let items = items.into_iter().map(|e| AuditEventView::new(e, &names)).collect();
    Ok(axum::Json(Paged::new(items, page, total)))
}

/// The practice's audit events matching the filters as CSV, oldest first (owner). The
/// export is itself audited.
#[utoipa::path(get, path = "/api/v1/audit.csv", tag = "audit", security(("bearer" = [])),
    params(AuditExportParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
async fn export_audit(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Query(params): Query<AuditExportParams>,
) -> Result<impl IntoResponse> {
    staff.require(Action::ReadAudit)?;
    crate::core::audit::chain::seal(&state.db, staff.practice_id).await?;
    let txn = state.begin_in(staff.practice_id).await?;
    let practice = crate::practices::service::get(&txn, staff.practice_id).await?;
    let filter = filter_of(
        &practice.time_zone,
        params.actor_id,
        params.client_id,
        params.action,
        params.from,
        params.to,
    )?;
    let (csv, rows) = service::export_csv(&txn, staff.practice_id, &filter).await?;
    crate::core::audit::record(
        &txn,
        crate::core::audit::AuditEvent::by(&staff, "audit.export", "audit", None)
            .detail(serde_json::json!({ "rows": rows })),
    )
    .await?;
    txn.commit().await?;
    let name = match (params.from, params.to) {
        (Some(from), Some(to)) => format!("audit-{from}-{to}.csv"),
        _ => "audit.csv".to_owned(),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        csv,
    ))
}
