//! `/api/v1/clients/{id}/consents`, `/api/v1/consents/{id}` and its revocation, and the
//! accounting of disclosures: `/api/v1/clients/{id}/disclosures` (JSON and CSV).

use axum::{
    extract::State,
    http::{StatusCode, header},
    response::IntoResponse,
};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    disclosures, documents, service,
    types::{ConsentView, Disclosure, NewConsent, RevokeConsent},
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
    OpenApiRouter::new()
        .routes(routes!(list_consents, create_consent))
        .routes(routes!(get_consent))
        .routes(routes!(revoke_consent))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(attach_document, get_document))
                .layer(axum::extract::DefaultBodyLimit::max(DOCUMENT_LIMIT)),
        )
        .routes(routes!(list_disclosures))
        .routes(routes!(disclosures_csv))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ConsentListParams {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A client's Part 2 consents, newest signature first, each with its status today.
#[utoipa::path(get, path = "/api/v1/clients/{id}/consents", tag = "consents", security(("bearer" = [])),
    params(("id" = Uuid, Path), ConsentListParams),
    responses((status = 200, body = Paged<ConsentView>), (status = 404, body = Problem)))]
async fn list_consents(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<ConsentListParams>,
) -> Result<axum::Json<Paged<ConsentView>>> {
    let page = PageRequest::new(params.page, params.per_page)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let (items, total) = service::list(&txn, &staff, id, page).await?;
    txn.commit().await?;
    Ok(axum::Json(Paged::new(items, page, total)))
}

/// Records a consent the client signed (every role, the front desk too). A consent is
/// never edited: a change is a new consent.
#[utoipa::path(post, path = "/api/v1/clients/{id}/consents", tag = "consents", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewConsent,
    responses((status = 201, body = ConsentView), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_consent(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Json(input): Json<NewConsent>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let consent = service::create(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(consent)))
}

/// One consent.
#[utoipa::path(get, path = "/api/v1/consents/{id}", tag = "consents", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ConsentView), (status = 404, body = Problem)))]
async fn get_consent(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<ConsentView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let consent = service::get(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(consent))
}

/// Records the client's revocation (default: today). Nothing more is disclosed under it.
#[utoipa::path(post, path = "/api/v1/consents/{id}/revoke", tag = "consents", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = RevokeConsent,
    responses((status = 200, body = ConsentView), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
async fn revoke_consent(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    body: axum::body::Bytes,
) -> Result<axum::Json<ConsentView>> {
    let input: RevokeConsent = crate::core::extract::parse_json_or_default(&body)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let consent = service::revoke(&txn, &staff, id, input).await?;
    txn.commit().await?;
    Ok(axum::Json(consent))
}

/// The largest signed copy accepted (a phone's photo of a page).
pub const DOCUMENT_LIMIT: usize = 8 * 1024 * 1024;

/// Attaches the signed paper: the body is the file itself (a PDF, or a JPEG or PNG photo, at
/// most 8 MiB), once; it is never replaced (409).
#[utoipa::path(put, path = "/api/v1/consents/{id}/document", tag = "consents", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "a PDF, or a JPEG or PNG photo"),
    responses((status = 200, body = ConsentView), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 413, body = Problem), (status = 422, body = Problem)))]
async fn attach_document(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    body: axum::body::Bytes,
) -> Result<axum::Json<ConsentView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let consent = documents::attach_document(&txn, &staff, id, body.to_vec()).await?;
    txn.commit().await?;
    Ok(axum::Json(consent))
}

/// The signed paper of a consent, as it was attached.
#[utoipa::path(get, path = "/api/v1/consents/{id}/document", tag = "consents", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "the file as attached",
            content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"))),
        (status = 404, body = Problem)))]
async fn get_document(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let (content_type, bytes) = documents::document(&txn, &staff, id).await?;
    txn.commit().await?;
    let extension = match content_type.as_str() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "pdf",
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"signed-consent-{id}.{extension}\""),
            ),
        ],
        bytes,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct DisclosureParams {
    /// First practice day of the period (default: the first disclosure).
    pub from: Option<NaiveDate>,
    /// Last practice day of the period (default: today).
    pub to: Option<NaiveDate>,
}

/// The accounting of disclosures: every time the client's record left the practice in the
/// period, oldest first (at most 5,000).
#[utoipa::path(get, path = "/api/v1/clients/{id}/disclosures", tag = "consents", security(("bearer" = [])),
    params(("id" = Uuid, Path), DisclosureParams),
    responses((status = 200, body = Paged<Disclosure>), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn list_disclosures(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<DisclosureParams>,
) -> Result<axum::Json<Paged<Disclosure>>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let items = disclosures::list(&txn, &staff, id, params.from, params.to).await?;
    txn.commit().await?;
    let total = items.len() as u64;
    let page = PageRequest { page: 1, per_page: total.max(1) };
    Ok(axum::Json(Paged::new(items, page, total)))
}

/// The accounting of disclosures as CSV, for the client or their representative.
#[utoipa::path(get, path = "/api/v1/clients/{id}/disclosures.csv", tag = "consents", security(("bearer" = [])),
    params(("id" = Uuid, Path), DisclosureParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
async fn disclosures_csv(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<DisclosureParams>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let items = disclosures::list(&txn, &staff, id, params.from, params.to).await?;
    txn.commit().await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"disclosures.csv\"".to_owned()),
        ],
        disclosures::csv(&items, &staff.time_zone),
    ))
}
