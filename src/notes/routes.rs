//! `/api/v1/clients/{id}/notes` and `/api/v1/notes/{id}`: write, read, sign, co-sign, amend.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    service,
    types::{AddendumView, NewAddendum, NewNote, NoteUpdate, NoteView, SignRequest},
};
use crate::{
    core::error::{Problem, Result},
    core::identity::CurrentStaff,
    core::state::AppState,
    core::{
        extract::{Json, Path, Query, parse_json_or_default},
        paging::{PageRequest, Paged},
        patch,
    },
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notes, create_note))
        .routes(routes!(get_note, update_note))
        .routes(routes!(sign_note))
        .routes(routes!(cosign_note))
        .routes(routes!(add_addendum))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct NoteListParams {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A client's session notes, newest session first (others' psychotherapy notes never appear).
#[utoipa::path(get, path = "/api/v1/clients/{id}/notes", tag = "notes", security(("bearer" = [])),
    params(("id" = Uuid, Path), NoteListParams),
    responses((status = 200, body = Paged<NoteView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_notes(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<NoteListParams>,
) -> Result<axum::Json<Paged<NoteView>>> {
    let page = PageRequest::new(params.page, params.per_page)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let (items, total) = service::list(&txn, &staff, id, page).await?;
    txn.commit().await?;
    Ok(axum::Json(Paged::new(items, page, total)))
}

/// Starts a draft note for a session with the client.
#[utoipa::path(post, path = "/api/v1/clients/{id}/notes", tag = "notes", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewNote,
    responses((status = 201, body = NoteView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_note(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<NewNote>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let note = service::create(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(note)))
}

/// One note with its addenda.
#[utoipa::path(get, path = "/api/v1/notes/{id}", tag = "notes", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = NoteView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_note(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<NoteView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let note = service::get(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(note))
}

/// Changes a draft (author only); a signed note is a 409.
#[utoipa::path(patch, path = "/api/v1/notes/{id}", tag = "notes", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NoteUpdate,
    responses((status = 200, body = NoteView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn update_note(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(change): Json<NoteUpdate>,
) -> Result<axum::Json<NoteView>> {
    let version = patch::version(change.version, &headers)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let note = service::update(&txn, &staff, id, version, change).await?;
    txn.commit().await?;
    Ok(axum::Json(note))
}

/// Signs a draft (author only): the note becomes part of the locked legal record. The body
/// `{version}` (or `If-Match`) is optional and makes sure the author signs what they read.
#[utoipa::path(post, path = "/api/v1/notes/{id}/sign", tag = "notes", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body(content = SignRequest, description = "optional"),
    responses((status = 200, body = NoteView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn sign_note(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::Json<NoteView>> {
    let request: SignRequest = parse_json_or_default(&body)?;
    let version = match request.version {
        Some(v) => Some(v),
        None if headers.contains_key(axum::http::header::IF_MATCH) => {
            Some(patch::version(None, &headers)?)
        }
        None => None,
    };
    let txn = state.begin_in(staff.practice_id).await?;
    let note = service::sign(&txn, &staff, id, version).await?;
    txn.commit().await?;
    Ok(axum::Json(note))
}

/// Co-signs someone else's signed note (supervisor or owner).
#[utoipa::path(post, path = "/api/v1/notes/{id}/cosign", tag = "notes", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = NoteView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
async fn cosign_note(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<NoteView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let note = service::cosign(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(note))
}

/// Adds a dated addendum to a signed note.
#[utoipa::path(post, path = "/api/v1/notes/{id}/addenda", tag = "notes", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewAddendum,
    responses((status = 201, body = AddendumView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn add_addendum(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<NewAddendum>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let addendum = service::add_addendum(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(addendum)))
}
