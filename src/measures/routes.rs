//! `/api/v1/clients/{id}/measure-schedules`, `/api/v1/measure-schedules/{id}` and
//! `/api/v1/clients/{id}/measures`.

use axum::{extract::State, http::StatusCode, response::IntoResponse};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    scoring::MeasureCode,
    service::{self, NewSchedule, ResultView, ScheduleView},
};
use crate::{
    core::error::{Problem, Result},
    core::identity::CurrentStaff,
    core::state::AppState,
    core::{
        extract::{Json, Path, Query},
        paging::{PageRequest, Paged},
    },
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_schedules, create_schedule))
        .routes(routes!(stop_schedule))
        .routes(routes!(list_results))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ScheduleList {
    pub items: Vec<ScheduleView>,
}

/// A client's active measure schedules.
#[utoipa::path(get, path = "/api/v1/clients/{id}/measure-schedules", tag = "measures", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ScheduleList), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_schedules(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<ScheduleList>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let items = service::schedules(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(ScheduleList { items }))
}

/// Asks the client to answer PHQ-9 or GAD-7 every 7, 14 or 30 days through their link
/// (201; 200 when it replaces the client's schedule for that measure).
#[utoipa::path(post, path = "/api/v1/clients/{id}/measure-schedules", tag = "measures", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewSchedule,
    responses((status = 201, body = ScheduleView), (status = 200, body = ScheduleView), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_schedule(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<NewSchedule>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let (schedule, created) = service::schedule(&txn, &staff, id, input).await?;
    txn.commit().await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, axum::Json(schedule)))
}

/// Stops a measure schedule (its results stay).
#[utoipa::path(delete, path = "/api/v1/measure-schedules/{id}", tag = "measures", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ScheduleView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn stop_schedule(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<ScheduleView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let schedule = service::stop(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(schedule))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ResultParams {
    pub code: Option<MeasureCode>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A client's PHQ-9 and GAD-7 results, newest first.
#[utoipa::path(get, path = "/api/v1/clients/{id}/measures", tag = "measures", security(("bearer" = [])),
    params(("id" = Uuid, Path), ResultParams),
    responses((status = 200, body = Paged<ResultView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_results(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<ResultParams>,
) -> Result<axum::Json<Paged<ResultView>>> {
    let page = PageRequest::new(params.page, params.per_page)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let (items, total) = service::results(&txn, &staff, id, params.code, page).await?;
    txn.commit().await?;
    Ok(axum::Json(Paged::new(items, page, total)))
}
