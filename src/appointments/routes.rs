//! `/api/v1/appointments`, one appointment, its schedule changes and its status.

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
    feed::{self, FeedIssued, FeedStatus},
    service,
    types::{
        AppointmentDetail, AppointmentList, AppointmentUpdate, AwaitingNotes, Booked,
        NewAppointment, StatusChange,
    },
};
use crate::{
    core::error::{Problem, Result},
    core::extract::{Json, Path, Query},
    core::identity::{CurrentStaff, RequestMeta, sessions::presented_token_hash},
    core::patch,
    core::state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_appointments, book_appointment))
        .routes(routes!(get_appointment, update_appointment))
        .routes(routes!(set_status))
        .routes(routes!(awaiting_notes))
        .routes(routes!(feed_status, issue_feed, revoke_feed))
        .routes(routes!(calendar_file))
}

/// Whether the signed-in clinician has a live calendar feed.
#[utoipa::path(get, path = "/api/v1/me/calendar-feed", tag = "appointments", security(("bearer" = [])),
    responses((status = 200, body = FeedStatus), (status = 403, body = Problem)))]
async fn feed_status(
    State(state): State<AppState>,
    staff: CurrentStaff,
) -> Result<axum::Json<FeedStatus>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let status = feed::status(&txn, &staff).await?;
    txn.commit().await?;
    Ok(axum::Json(status))
}

/// A new secret URL for the signed-in clinician's calendar app (shown once; the old URL
/// stops). Its events carry the client's initials only.
#[utoipa::path(post, path = "/api/v1/me/calendar-feed", tag = "appointments", security(("bearer" = [])),
    responses((status = 201, body = FeedIssued), (status = 403, body = Problem)))]
async fn issue_feed(
    State(state): State<AppState>,
    staff: CurrentStaff,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let issued = feed::issue(&txn, &staff, &state.config.public_url).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(issued)))
}

/// Stops the signed-in clinician's calendar feed.
#[utoipa::path(delete, path = "/api/v1/me/calendar-feed", tag = "appointments", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = Problem)))]
async fn revoke_feed(State(state): State<AppState>, staff: CurrentStaff) -> Result<StatusCode> {
    let txn = state.begin_in(staff.practice_id).await?;
    feed::revoke(&txn, &staff).await?;
    txn.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A calendar feed (`/cal/{token}.ics`, iCalendar): the clinician's appointments from 30
/// days back to 180 ahead, each with the client's initials only. 404 for anything but a
/// live feed's URL.
#[utoipa::path(get, path = "/cal/{token}", tag = "appointments",
    params(("token" = String, Path, description = "The feed's token followed by `.ics`")),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = Problem)))]
async fn calendar_file(
    State(state): State<AppState>,
    meta: RequestMeta,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Result<impl IntoResponse> {
    let hash = file
        .strip_suffix(".ics")
        .and_then(presented_token_hash)
        .ok_or(crate::core::error::AppError::NotFound)?;
    let txn =
        crate::core::db::begin_lookup(&state.db, crate::core::db::Lookup::TokenHash, &hash).await?;
    let body = feed::calendar(&txn, &hash, &meta).await?;
    txn.commit().await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "private, no-store"),
        ],
        body,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AppointmentListParams {
    /// First day, in the practice's time zone (default: this week's Monday).
    pub from: Option<NaiveDate>,
    /// Last day, included (default: six days after `from`; at most 62 days after it).
    pub to: Option<NaiveDate>,
    pub clinician_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
}

/// The appointments in a period, earliest first (a clinician: their caseload's and their
/// own).
#[utoipa::path(get, path = "/api/v1/appointments", tag = "appointments", security(("bearer" = [])),
    params(AppointmentListParams),
    responses((status = 200, body = AppointmentList), (status = 422, body = Problem)))]
async fn list_appointments(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Query(params): Query<AppointmentListParams>,
) -> Result<axum::Json<AppointmentList>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let list =
        service::list(&txn, &staff, params.from, params.to, params.clinician_id, params.client_id)
            .await?;
    txn.commit().await?;
    Ok(axum::Json(list))
}

/// Books an appointment, or a weekly or fortnightly series (`repeat`); overlaps with the
/// same clinician's or client's appointments are listed, never refused.
#[utoipa::path(post, path = "/api/v1/appointments", tag = "appointments", security(("bearer" = [])),
    request_body = NewAppointment,
    responses((status = 201, body = Booked), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn book_appointment(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Json(input): Json<NewAppointment>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let booked = service::book(&txn, &staff, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(booked)))
}

/// One appointment with every status it had (who set it and when).
#[utoipa::path(get, path = "/api/v1/appointments/{id}", tag = "appointments", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AppointmentDetail), (status = 404, body = Problem)))]
async fn get_appointment(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<AppointmentDetail>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let detail = service::get(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(detail))
}

/// Moves or changes an appointment (`apply_to: following`: and the later ones of its series
/// still scheduled); send `version` (or `If-Match`).
#[utoipa::path(patch, path = "/api/v1/appointments/{id}", tag = "appointments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AppointmentUpdate,
    responses((status = 200, body = Booked), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
async fn update_appointment(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(change): Json<AppointmentUpdate>,
) -> Result<axum::Json<Booked>> {
    let version = patch::version(change.version, &headers)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let booked = service::update(&txn, &staff, id, version, change).await?;
    txn.commit().await?;
    Ok(axum::Json(booked))
}

/// Sets an appointment's status: attended, late or no-show once it has started; a
/// cancellation at any time. A no-show raises a `no_show` outreach alert.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/status", tag = "appointments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = StatusChange,
    responses((status = 200, body = AppointmentDetail), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
async fn set_status(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(change): Json<StatusChange>,
) -> Result<axum::Json<AppointmentDetail>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let detail = service::set_status(&txn, &staff, id, change).await?;
    txn.commit().await?;
    Ok(axum::Json(detail))
}

/// Attended appointments still without a signed note after the practice's `note_due_days`
/// (a clinician: their own), oldest first, with each one's note status.
#[utoipa::path(get, path = "/api/v1/appointments/awaiting-notes", tag = "appointments", security(("bearer" = [])),
    responses((status = 200, body = AwaitingNotes), (status = 403, body = Problem)))]
async fn awaiting_notes(
    State(state): State<AppState>,
    staff: CurrentStaff,
) -> Result<axum::Json<AwaitingNotes>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let list = service::awaiting_notes(&txn, &staff).await?;
    txn.commit().await?;
    Ok(axum::Json(list))
}
