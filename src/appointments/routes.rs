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
    service,
    types::{
        AppointmentDetail, AppointmentList, AppointmentUpdate, Booked, NewAppointment, StatusChange,
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
        .routes(routes!(list_appointments, book_appointment))
        .routes(routes!(get_appointment, update_appointment))
        .routes(routes!(set_status))
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
