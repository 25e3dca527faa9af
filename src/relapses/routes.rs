//! `/api/v1/clients/{id}/relapses` and `/api/v1/relapses/{id}`.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    service,
    types::{NewRelapse, RelapseUpdate, RelapseView},
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
    entities::states::RecordStatus,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_relapses, create_relapse)).routes(routes!(
        get_relapse,
        update_relapse,
        archive_relapse
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct RelapseListParams {
    /// Episodes that overlap `from..to` (both optional).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub status: Option<RecordStatus>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A client's lapses and relapses, newest first.
#[utoipa::path(get, path = "/api/v1/clients/{id}/relapses", tag = "relapses", security(("bearer" = [])),
    params(("id" = Uuid, Path), RelapseListParams),
    responses((status = 200, body = Paged<RelapseView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_relapses(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<RelapseListParams>,
) -> Result<axum::Json<Paged<RelapseView>>> {
    let page = PageRequest::new(params.page, params.per_page)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let (items, total) = service::list(
        &txn,
        &staff,
        id,
        params.from,
        params.to,
        params.status.unwrap_or_default(),
        page,
    )
    .await?;
    txn.commit().await?;
    Ok(axum::Json(Paged::new(items, page, total)))
}

/// Records a lapse or relapse. An `overdose` consequence raises an alert.
#[utoipa::path(post, path = "/api/v1/clients/{id}/relapses", tag = "relapses", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewRelapse,
    responses((status = 201, body = RelapseView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_relapse(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<NewRelapse>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let episode = service::create(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(episode)))
}

/// One episode.
#[utoipa::path(get, path = "/api/v1/relapses/{id}", tag = "relapses", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = RelapseView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_relapse(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<RelapseView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let episode = service::get(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(episode))
}

/// Changes an episode; send `version` (or `If-Match`).
#[utoipa::path(patch, path = "/api/v1/relapses/{id}", tag = "relapses", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = RelapseUpdate,
    responses((status = 200, body = RelapseView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn update_relapse(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(change): Json<RelapseUpdate>,
) -> Result<axum::Json<RelapseView>> {
    let version = patch::version(change.version, &headers)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let episode = service::update(&txn, &staff, id, version, change).await?;
    txn.commit().await?;
    Ok(axum::Json(episode))
}

/// Archives an episode (nothing is deleted); it no longer counts in the figures.
#[utoipa::path(delete, path = "/api/v1/relapses/{id}", tag = "relapses", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = RelapseView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn archive_relapse(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<RelapseView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let episode = service::archive(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(episode))
}
