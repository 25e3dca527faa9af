//! `/api/v1/alerts`: who needs attention, and acknowledging it.

use axum::extract::State;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::service::{self, AlertStatus, AlertView};
use crate::{
    core::error::{Problem, Result},
    core::identity::CurrentStaff,
    core::state::AppState,
    core::{
        extract::{Path, Query},
        paging::{PageRequest, Paged},
    },
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_alerts)).routes(routes!(acknowledge_alert))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AlertListParams {
    pub status: Option<AlertStatus>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Alerts on the clients the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/alerts", tag = "alerts", security(("bearer" = [])),
    params(AlertListParams),
    responses((status = 200, body = Paged<AlertView>), (status = 403, body = Problem)))]
async fn list_alerts(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Query(params): Query<AlertListParams>,
) -> Result<axum::Json<Paged<AlertView>>> {
    let page = PageRequest::new(params.page, params.per_page)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let (items, total) =
        service::list(&txn, &staff, params.status.unwrap_or_default(), page).await?;
    txn.commit().await?;
    Ok(axum::Json(Paged::new(items, page, total)))
}

/// Acknowledges an alert, recording who and when.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/acknowledge", tag = "alerts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AlertView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn acknowledge_alert(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<AlertView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let alert = service::acknowledge(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(alert))
}
