//! `/api/v1/clients/{id}/relapse-prevention-plan` and `/api/v1/clients/{id}/safety-plan`:
//! the latest version, a save (each one a new version), and the history.

use axum::{extract::State, http::HeaderMap};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    service,
    types::{
        RelapsePreventionPlan, RelapsePreventionPlanInput, RelapsePreventionPlanView, SafetyPlan,
        SafetyPlanInput, SafetyPlanView,
    },
};
use crate::{
    core::error::{Problem, Result},
    core::identity::CurrentStaff,
    core::state::AppState,
    core::{
        extract::{Json, Path, Query},
        paging::{PageRequest, Paged},
        patch,
    },
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_relapse_prevention_plan, save_relapse_prevention_plan))
        .routes(routes!(relapse_prevention_plan_versions))
        .routes(routes!(get_safety_plan, save_safety_plan))
        .routes(routes!(safety_plan_versions))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct VersionListParams {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The client's relapse-prevention plan, latest version (version 0 and empty before the first
/// save). Clinical staff only.
#[utoipa::path(get, path = "/api/v1/clients/{id}/relapse-prevention-plan", tag = "plans", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = RelapsePreventionPlanView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_relapse_prevention_plan(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<RelapsePreventionPlanView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let plan = service::get::<RelapsePreventionPlan>(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(plan.into()))
}

/// Saves the whole relapse-prevention plan as a new version. Send `version` (or `If-Match`):
/// the version you edited, 0 for the first; a save from an older version is refused (409).
#[utoipa::path(put, path = "/api/v1/clients/{id}/relapse-prevention-plan", tag = "plans", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = RelapsePreventionPlanInput,
    responses((status = 200, body = RelapsePreventionPlanView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn save_relapse_prevention_plan(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(input): Json<RelapsePreventionPlanInput>,
) -> Result<axum::Json<RelapsePreventionPlanView>> {
    let base = patch::base_version(input.version, &headers)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let plan = service::save(&txn, &staff, id, base, input.plan, None).await?;
    txn.commit().await?;
    Ok(axum::Json(plan.into()))
}

/// Every version of the relapse-prevention plan, newest first.
#[utoipa::path(get, path = "/api/v1/clients/{id}/relapse-prevention-plan/versions", tag = "plans", security(("bearer" = [])),
    params(("id" = Uuid, Path), VersionListParams),
    responses((status = 200, body = Paged<RelapsePreventionPlanView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn relapse_prevention_plan_versions(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<VersionListParams>,
) -> Result<axum::Json<Paged<RelapsePreventionPlanView>>> {
    let page = PageRequest::new(params.page, params.per_page)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let (items, total) = service::history::<RelapsePreventionPlan>(&txn, &staff, id, page).await?;
    txn.commit().await?;
    Ok(axum::Json(Paged::new(items.into_iter().map(Into::into).collect(), page, total)))
}

/// The client's safety plan, latest version (version 0 and empty before the first save).
/// Clinical staff only.
#[utoipa::path(get, path = "/api/v1/clients/{id}/safety-plan", tag = "plans", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = SafetyPlanView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_safety_plan(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<SafetyPlanView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let plan = service::get::<SafetyPlan>(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(plan.into()))
}

/// Saves the whole safety plan as a new version; `enabled` turns it on or off on the client's
/// page (absent: as it was; a first plan is on). Send `version` (or `If-Match`) as for the
/// relapse-prevention plan.
#[utoipa::path(put, path = "/api/v1/clients/{id}/safety-plan", tag = "plans", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SafetyPlanInput,
    responses((status = 200, body = SafetyPlanView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn save_safety_plan(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(input): Json<SafetyPlanInput>,
) -> Result<axum::Json<SafetyPlanView>> {
    let base = patch::base_version(input.version, &headers)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let plan = service::save(&txn, &staff, id, base, input.plan, input.enabled).await?;
    txn.commit().await?;
    Ok(axum::Json(plan.into()))
}

/// Every version of the safety plan, newest first.
#[utoipa::path(get, path = "/api/v1/clients/{id}/safety-plan/versions", tag = "plans", security(("bearer" = [])),
    params(("id" = Uuid, Path), VersionListParams),
    responses((status = 200, body = Paged<SafetyPlanView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn safety_plan_versions(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<VersionListParams>,
) -> Result<axum::Json<Paged<SafetyPlanView>>> {
    let page = PageRequest::new(params.page, params.per_page)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let (items, total) = service::history::<SafetyPlan>(&txn, &staff, id, page).await?;
    txn.commit().await?;
    Ok(axum::Json(Paged::new(items.into_iter().map(Into::into).collect(), page, total)))
}
