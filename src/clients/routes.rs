//! `/api/v1/clients`: list, create, read, update, archive and restore.

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
    progress, service,
    types::{ClientUpdate, ClientView, NewClient},
};
use crate::{
    core::error::{Problem, Result},
    core::identity::{Action, CurrentStaff},
    core::state::AppState,
    core::{
        extract::{Json, Path, Query},
        paging::{PageRequest, Paged},
        patch,
    },
    entities::states::RecordStatus,
    recovery::Progress,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_clients, create_client))
        .routes(routes!(get_client, update_client))
        .routes(routes!(archive_client))
        .routes(routes!(unarchive_client))
        .routes(routes!(client_progress))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ClientListParams {
    /// Part of a name, e-mail or phone number; case and accents are ignored.
    pub search: Option<String>,
    pub status: Option<RecordStatus>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The clients the caller can reach (a clinician: their caseload).
#[utoipa::path(get, path = "/api/v1/clients", tag = "clients", security(("bearer" = [])),
    params(ClientListParams),
    responses((status = 200, body = Paged<ClientView>), (status = 422, body = Problem)))]
async fn list_clients(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Query(params): Query<ClientListParams>,
) -> Result<axum::Json<Paged<ClientView>>> {
    staff.require(Action::ReadClients)?;
    let page = PageRequest::new(params.page, params.per_page)?;
    // A transaction, as for every audited request: the audit chain's head is locked until
    // the event commits.
    let txn = state.begin_in(staff.practice_id).await?;
    let (items, total) = service::list(
        &txn,
        &staff,
        params.search.as_deref(),
        params.status.unwrap_or_default(),
        page,
    )
    .await?;
    txn.commit().await?;
    Ok(axum::Json(Paged::new(items, page, total)))
}

/// Adds a client. A clinician's new client joins their caseload.
#[utoipa::path(post, path = "/api/v1/clients", tag = "clients", security(("bearer" = [])),
    request_body = NewClient,
    responses((status = 201, body = ClientView), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_client(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Json(input): Json<NewClient>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let client = service::create(&txn, &staff, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(client)))
}

/// One client.
#[utoipa::path(get, path = "/api/v1/clients/{id}", tag = "clients", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientView), (status = 404, body = Problem)))]
async fn get_client(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<ClientView>> {
    staff.require(Action::ReadClients)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let client = service::get(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(client))
}

/// Changes a client's details; send `version` (or `If-Match`). A stale version is a 409.
#[utoipa::path(patch, path = "/api/v1/clients/{id}", tag = "clients", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ClientUpdate,
    responses((status = 200, body = ClientView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn update_client(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(change): Json<ClientUpdate>,
) -> Result<axum::Json<ClientView>> {
    let version = patch::version(change.version, &headers)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let client = service::update(&txn, &staff, id, version, change).await?;
    txn.commit().await?;
    Ok(axum::Json(client))
}

/// Archives a client: they leave the active list; nothing is deleted.
#[utoipa::path(post, path = "/api/v1/clients/{id}/archive", tag = "clients", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn archive_client(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<ClientView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let client = service::set_archived(&txn, &staff, id, true).await?;
    txn.commit().await?;
    Ok(axum::Json(client))
}

/// Restores an archived client to the active list.
#[utoipa::path(post, path = "/api/v1/clients/{id}/unarchive", tag = "clients", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn unarchive_client(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<ClientView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let client = service::set_archived(&txn, &staff, id, false).await?;
    txn.commit().await?;
    Ok(axum::Json(client))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ProgressParams {
    /// First day of the period (default: 89 days before `to`).
    pub from: Option<NaiveDate>,
    /// Last day of the period (default: today in the practice's time zone).
    pub to: Option<NaiveDate>,
}

/// The client's progress figures for a period (DOMAIN.md), with one status per day.
#[utoipa::path(get, path = "/api/v1/clients/{id}/progress", tag = "clients", security(("bearer" = [])),
    params(("id" = Uuid, Path), ProgressParams),
    responses((status = 200, body = Progress), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
async fn client_progress(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<ProgressParams>,
) -> Result<axum::Json<Progress>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let figures = progress::progress(&txn, &staff, id, params.from, params.to).await?;
    txn.commit().await?;
    Ok(axum::Json(figures))
}
