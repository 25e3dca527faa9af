//! `/api/v1/audit`: the owner's view of the audit trail.

use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::service::{self, AuditFilter};
use crate::{
    auth::{Action, CurrentStaff},
    entities::audit_events,
    error::{Problem, Result},
    http::{
        extract::Query,
        list::{PageRequest, Paged},
    },
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditParams {
    pub actor_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub action: Option<String>,
    /// First day included (UTC).
    pub from: Option<NaiveDate>,
    /// Last day included (UTC).
    pub to: Option<NaiveDate>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditEventView {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub request_id: Option<String>,
    pub ip: Option<String>,
    pub outcome: String,
    #[schema(value_type = Option<Object>)]
    pub detail: Option<serde_json::Value>,
}

impl From<audit_events::Model> for AuditEventView {
    fn from(e: audit_events::Model) -> Self {
        Self {
            id: e.id,
            at: e.at,
            actor_id: e.actor_id,
            actor_role: e.actor_role,
            action: e.action,
            entity_type: e.entity_type,
            entity_id: e.entity_id,
            client_id: e.client_id,
            request_id: e.request_id,
            ip: e.ip,
            outcome: e.outcome,
            detail: e.detail,
        }
    }
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
    let day_start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    let filter = AuditFilter {
        actor_id: params.actor_id,
        client_id: params.client_id,
        action: params.action.filter(|a| !a.is_empty()),
        from: params.from.and_then(day_start),
        to: params.to.and_then(|d| d.succ_opt()).and_then(day_start),
    };
    let (items, total) = service::list(&state.db, staff.practice_id, &filter, page).await?;
    Ok(axum::Json(Paged::new(items.into_iter().map(Into::into).collect(), page, total)))
}
