//! `/api/v1/clients/{id}/screens`, `/api/v1/screens/{id}` and its amendments;
//! `/api/v1/clients/{id}/medications` and `/api/v1/medications/{id}`.

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
    batch, medications, service,
    types::{
        BulkRecorded, BulkScreens, ImportReport, MedicationUpdate, MedicationView, NewMedication,
        NewScreen, ScreenAmendment, ScreenDetail, ScreenList, ScreenView,
    },
};
use crate::{
    core::error::{Problem, Result},
    core::identity::CurrentStaff,
    core::state::AppState,
    core::{
        extract::{Json, Path, Query},
        paging::PageRequest,
        patch,
    },
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_screens, record_screen))
        .routes(routes!(get_screen))
        .routes(routes!(amend_screen))
        .routes(routes!(record_bulk))
        .routes(routes!(import_screens))
        .routes(routes!(list_medications, record_medication))
        .routes(routes!(update_medication))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ScreenListParams {
    /// First day of the period (default: 89 days before `to`).
    pub from: Option<NaiveDate>,
    /// Last day (default: today in the practice's time zone).
    pub to: Option<NaiveDate>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A client's drug screens in a period (the current result of each, newest first) with the
/// period's figures. The front desk sees the collections only.
#[utoipa::path(get, path = "/api/v1/clients/{id}/screens", tag = "screens", security(("bearer" = [])),
    params(("id" = Uuid, Path), ScreenListParams),
    responses((status = 200, body = ScreenList), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn list_screens(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<ScreenListParams>,
) -> Result<axum::Json<ScreenList>> {
    let page = PageRequest::new(params.page, params.per_page)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let list = service::list(&txn, &staff, id, params.from, params.to, page).await?;
    txn.commit().await?;
    Ok(axum::Json(list))
}

/// Records a drug screen (the front desk: the collection only, without results).
#[utoipa::path(post, path = "/api/v1/clients/{id}/screens", tag = "screens", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewScreen,
    responses((status = 201, body = ScreenView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
async fn record_screen(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<NewScreen>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let screen = service::create(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(screen)))
}

/// Records one sitting's screens for several clients (a group tested on one morning), all
/// or none; a client listed twice, out of reach, or with this collection recorded already is
/// a 422 naming it. The front desk records the collections only.
#[utoipa::path(post, path = "/api/v1/screens/bulk", tag = "screens", security(("bearer" = [])),
    request_body = BulkScreens,
    responses((status = 201, body = BulkRecorded), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn record_bulk(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Json(input): Json<BulkScreens>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let recorded = batch::record_bulk(&txn, &staff, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(recorded)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ImportParams {
    /// `true`: check the file and say what would be imported and what refused, recording
    /// nothing. `false`: import it, all or nothing.
    pub dry_run: bool,
}

/// Imports a lab's results (CSV, one row per result; the header names the columns `client`
/// (the Daybreak client id, or the name with `date_of_birth`), `collected_at` (RFC 3339, or
/// `YYYY-MM-DD HH:MM` in the practice's time zone), `substance`, `result`, and optionally
/// `cutoff_ng_ml`, `confirmed` (yes, no, disputed), `specimen` (default urine), `method`
/// (default lab_immunoassay), `validity`, `observed`). Rows of one client, time, specimen and
/// method are one screen. A dry run answers 200 with each row it would refuse and why; the
/// import answers 201, or 422 naming each refused row (`rows[N]`) and records nothing.
#[utoipa::path(post, path = "/api/v1/screens/import", tag = "screens", security(("bearer" = [])),
    params(ImportParams), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport, description = "The dry run's report"),
        (status = 201, body = ImportReport, description = "Imported"),
        (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn import_screens(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Query(params): Query<ImportParams>,
    body: String,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let report = batch::import(&txn, &staff, &body, params.dry_run).await?;
    txn.commit().await?;
    let status = if params.dry_run { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, axum::Json(report)))
}

/// One screen row and its whole line: the original and every correction.
#[utoipa::path(get, path = "/api/v1/screens/{id}", tag = "screens", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ScreenDetail), (status = 404, body = Problem)))]
async fn get_screen(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<ScreenDetail>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let screen = service::get(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(screen))
}

/// Corrects a screen's results with a reason; the original is kept (409 when the screen was
/// corrected already: correct the latest row).
#[utoipa::path(post, path = "/api/v1/screens/{id}/amend", tag = "screens", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ScreenAmendment,
    responses((status = 201, body = ScreenView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn amend_screen(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<ScreenAmendment>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let screen = service::amend(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(screen)))
}

/// A client's medications, current first. Clinical staff only.
#[utoipa::path(get, path = "/api/v1/clients/{id}/medications", tag = "screens", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<MedicationView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_medications(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Vec<MedicationView>>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let items = medications::list(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(items))
}

/// Records a medication.
#[utoipa::path(post, path = "/api/v1/clients/{id}/medications", tag = "screens", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewMedication,
    responses((status = 201, body = MedicationView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
async fn record_medication(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<NewMedication>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let medication = medications::create(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(medication)))
}

/// Changes a medication (a stop date, a new dose); send `version` (or `If-Match`).
#[utoipa::path(patch, path = "/api/v1/medications/{id}", tag = "screens", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = MedicationUpdate,
    responses((status = 200, body = MedicationView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn update_medication(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(change): Json<MedicationUpdate>,
) -> Result<axum::Json<MedicationView>> {
    let version = patch::version(change.version, &headers)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let medication = medications::update(&txn, &staff, id, version, change).await?;
    txn.commit().await?;
    Ok(axum::Json(medication))
}
