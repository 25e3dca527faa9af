//! `/api/v1/staff`: owner-only staff management, plus the clinician directory for everyone.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::service::{self, ClinicianView, NewStaff, StaffUpdate, StaffView};
use crate::{
    core::error::{Problem, Result},
    core::identity::{Action, CurrentStaff},
    core::state::AppState,
    core::{
        extract::{Json, Path, Query},
        paging::{PageRequest, Paged},
        patch,
    },
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_staff, create_staff))
        .routes(routes!(list_clinicians))
        .routes(routes!(get_staff, update_staff))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageParams {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Every staff member of the practice (owner).
#[utoipa::path(get, path = "/api/v1/staff", tag = "staff", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Paged<StaffView>), (status = 403, body = Problem)))]
async fn list_staff(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Query(params): Query<PageParams>,
) -> Result<axum::Json<Paged<StaffView>>> {
    staff.require(Action::ManageStaff)?;
    let page = PageRequest::new(params.page, params.per_page)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let (items, total) = service::list(&txn, staff.practice_id, page).await?;
    txn.commit().await?;
    Ok(axum::Json(Paged::new(items.into_iter().map(Into::into).collect(), page, total)))
}

/// Adds a staff member (owner).
#[utoipa::path(post, path = "/api/v1/staff", tag = "staff", security(("bearer" = [])), request_body = NewStaff,
    responses((status = 201, body = StaffView), (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
async fn create_staff(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Json(input): Json<NewStaff>,
) -> Result<impl IntoResponse> {
    staff.require(Action::ManageStaff)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let member = service::create(&txn, &staff, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(StaffView::from(member))))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ClinicianList {
    pub items: Vec<ClinicianView>,
}

/// Active staff who can hold a caseload, for assigning a client (every role).
#[utoipa::path(get, path = "/api/v1/staff/clinicians", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = ClinicianList)))]
async fn list_clinicians(
    State(state): State<AppState>,
    staff: CurrentStaff,
) -> Result<axum::Json<ClinicianList>> {
    staff.require(Action::ReadClinicianDirectory)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let items = service::clinicians(&txn, staff.practice_id).await?;
    txn.commit().await?;
    Ok(axum::Json(ClinicianList { items }))
}

/// One staff member (owner, or the member themself).
#[utoipa::path(get, path = "/api/v1/staff/{id}", tag = "staff", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = StaffView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_staff(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<StaffView>> {
    if id != staff.id {
        staff.require(Action::ManageStaff)?;
    }
    let txn = state.begin_in(staff.practice_id).await?;
    let member = service::get(&txn, staff.practice_id, id).await?;
    txn.commit().await?;
    Ok(axum::Json(member.into()))
}

/// Changes a member's name, role or active flag (owner). Deactivation ends their sessions.
#[utoipa::path(patch, path = "/api/v1/staff/{id}", tag = "staff", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = StaffUpdate,
    responses((status = 200, body = StaffView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn update_staff(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(change): Json<StaffUpdate>,
) -> Result<axum::Json<StaffView>> {
    staff.require(Action::ManageStaff)?;
    let version = patch::version(change.version, &headers)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let member = service::update(&txn, &staff, id, version, change).await?;
    txn.commit().await?;
    Ok(axum::Json(member.into()))
}
