//! `/api/v1/clients/{id}/check-ins` (staff side).

use axum::{extract::State, http::StatusCode, response::IntoResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    service,
    types::{CheckInView, NewCheckIn},
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
    OpenApiRouter::new().routes(routes!(list_check_ins, record_check_in))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct CheckInListParams {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A client's check-ins, newest day first.
#[utoipa::path(get, path = "/api/v1/clients/{id}/check-ins", tag = "check-ins", security(("bearer" = [])),
    params(("id" = Uuid, Path), CheckInListParams),
    responses((status = 200, body = Paged<CheckInView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_check_ins(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<CheckInListParams>,
) -> Result<axum::Json<Paged<CheckInView>>> {
    let page = PageRequest::new(params.page, params.per_page)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let (items, total) = service::list(&txn, &staff, id, params.from, params.to, page).await?;
    txn.commit().await?;
    Ok(axum::Json(Paged::new(items, page, total)))
}

/// Records a day with the client in session (Timeline Followback). A day that already has
/// a check-in is a 409.
#[utoipa::path(post, path = "/api/v1/clients/{id}/check-ins", tag = "check-ins", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewCheckIn,
    responses((status = 201, body = CheckInView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn record_check_in(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<NewCheckIn>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let check_in = service::record(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(check_in)))
}
