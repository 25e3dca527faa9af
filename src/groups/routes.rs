//! `/api/v1/groups`, their members and sessions, and `/api/v1/group-sessions`.

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
    service, sessions, signing,
    types::{
        AttendanceRequest, GroupList, GroupSessionList, GroupSessionUpdate, GroupSessionView,
        GroupSignRequest, GroupUpdate, GroupView, MemberLeave, NewGroup, NewGroupSession,
        NewMember,
    },
};
use crate::{
    core::error::{Problem, Result},
    core::extract::{Json, Path, Query},
    core::identity::CurrentStaff,
    core::patch,
    core::state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_groups, create_group))
        .routes(routes!(get_group, update_group))
        .routes(routes!(add_member))
        .routes(routes!(leave_group))
        .routes(routes!(list_group_sessions, create_session))
        .routes(routes!(sessions_in_period))
        .routes(routes!(get_session, update_session))
        .routes(routes!(record_attendance))
        .routes(routes!(sign_session))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct GroupListParams {
    /// `true`: groups that no longer meet too.
    #[serde(default)]
    pub include_inactive: bool,
}

/// The groups (a clinician: those they facilitate), by name, with their members.
#[utoipa::path(get, path = "/api/v1/groups", tag = "groups", security(("bearer" = [])),
    params(GroupListParams), responses((status = 200, body = GroupList)))]
async fn list_groups(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Query(params): Query<GroupListParams>,
) -> Result<axum::Json<GroupList>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let list = service::list(&txn, &staff, params.include_inactive).await?;
    txn.commit().await?;
    Ok(axum::Json(list))
}

/// Starts a group: its name, track, usual length, facilitators and the format of its
/// members' notes.
#[utoipa::path(post, path = "/api/v1/groups", tag = "groups", security(("bearer" = [])),
    request_body = NewGroup,
    responses((status = 201, body = GroupView), (status = 422, body = Problem)))]
async fn create_group(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Json(input): Json<NewGroup>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let group = service::create(&txn, &staff, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(group)))
}

#[utoipa::path(get, path = "/api/v1/groups/{id}", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = GroupView), (status = 404, body = Problem)))]
async fn get_group(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<GroupView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let group = service::get(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(group))
}

/// Changes a group; send `version` (or `If-Match`).
#[utoipa::path(patch, path = "/api/v1/groups/{id}", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = GroupUpdate,
    responses((status = 200, body = GroupView), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
async fn update_group(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(change): Json<GroupUpdate>,
) -> Result<axum::Json<GroupView>> {
    let version = patch::version(change.version, &headers)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let group = service::update(&txn, &staff, id, version, change).await?;
    txn.commit().await?;
    Ok(axum::Json(group))
}

/// Adds a client to the group from a day (a clinician: a client of their caseload).
#[utoipa::path(post, path = "/api/v1/groups/{id}/members", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewMember,
    responses((status = 201, body = GroupView), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
async fn add_member(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<NewMember>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let group = service::add_member(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(group)))
}

/// A member leaves the group on a day (their past sessions and notes stay).
#[utoipa::path(post, path = "/api/v1/groups/{id}/members/{client_id}/leave", tag = "groups",
    security(("bearer" = [])), params(("id" = Uuid, Path), ("client_id" = Uuid, Path)),
    request_body = MemberLeave,
    responses((status = 200, body = GroupView), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn leave_group(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path((id, client_id)): Path<(Uuid, Uuid)>,
    Json(input): Json<MemberLeave>,
) -> Result<axum::Json<GroupView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let group = service::leave(&txn, &staff, id, client_id, input).await?;
    txn.commit().await?;
    Ok(axum::Json(group))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SessionListParams {
    /// First day, in the practice's time zone (default: this week's Monday).
    pub from: Option<NaiveDate>,
    /// Last day, included (default: six days after `from`; at most 62 days after it).
    pub to: Option<NaiveDate>,
}

/// A group's sessions, earliest first (all of them, or those of a period).
#[utoipa::path(get, path = "/api/v1/groups/{id}/sessions", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path), SessionListParams),
    responses((status = 200, body = GroupSessionList), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn list_group_sessions(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<SessionListParams>,
) -> Result<axum::Json<GroupSessionList>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let list = sessions::list(&txn, &staff, Some(id), params.from, params.to).await?;
    txn.commit().await?;
    Ok(axum::Json(list))
}

/// Schedules a session of the group (its usual length and place unless given).
#[utoipa::path(post, path = "/api/v1/groups/{id}/sessions", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewGroupSession,
    responses((status = 201, body = GroupSessionView), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_session(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<NewGroupSession>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let session = sessions::create(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(session)))
}

/// The group sessions of a period across the groups within reach (the calendar's week).
#[utoipa::path(get, path = "/api/v1/group-sessions", tag = "groups", security(("bearer" = [])),
    params(SessionListParams),
    responses((status = 200, body = GroupSessionList), (status = 422, body = Problem)))]
async fn sessions_in_period(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Query(params): Query<SessionListParams>,
) -> Result<axum::Json<GroupSessionList>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let list = sessions::list(&txn, &staff, None, params.from, params.to).await?;
    txn.commit().await?;
    Ok(axum::Json(list))
}

/// One session with its roster (the front desk: attendance only, no clinical text) and any
/// member's name found in the shared narrative.
#[utoipa::path(get, path = "/api/v1/group-sessions/{id}", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = GroupSessionView), (status = 404, body = Problem)))]
async fn get_session(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<GroupSessionView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let session = sessions::get(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(session))
}

/// Changes a draft session (time, topic, place, the shared narrative) or cancels it; send
/// `version` (or `If-Match`).
#[utoipa::path(patch, path = "/api/v1/group-sessions/{id}", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = GroupSessionUpdate,
    responses((status = 200, body = GroupSessionView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn update_session(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(change): Json<GroupSessionUpdate>,
) -> Result<axum::Json<GroupSessionView>> {
    let version = patch::version(change.version, &headers)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let session = sessions::update(&txn, &staff, id, version, change).await?;
    txn.commit().await?;
    Ok(axum::Json(session))
}

/// Records members' attendance, and for clinical staff each one's participation and own
/// sections (the roster grid); members not listed stay as they are.
#[utoipa::path(put, path = "/api/v1/group-sessions/{id}/attendance", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AttendanceRequest,
    responses((status = 200, body = GroupSessionView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn record_attendance(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<AttendanceRequest>,
) -> Result<axum::Json<GroupSessionView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let session = sessions::record_attendance(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok(axum::Json(session))
}

/// Signs the session: one signed, locked note in each present member's chart, all or none.
#[utoipa::path(post, path = "/api/v1/group-sessions/{id}/sign", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = GroupSignRequest,
    responses((status = 200, body = GroupSessionView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn sign_session(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(request): Json<GroupSignRequest>,
) -> Result<axum::Json<GroupSessionView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let session = signing::sign(&txn, &staff, id, request).await?;
    txn.commit().await?;
    Ok(axum::Json(session))
}
