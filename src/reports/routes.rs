//! HTTP: a client's progress report as a PDF, and month-end export jobs.

use axum::{
    extract::State,
    http::{StatusCode, header},
    response::IntoResponse,
};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    export::{self, ExportView, NewExport},
    render_full,
    service::{self, ReportRequest},
};
use crate::{
    core::error::{AppError, Problem, Result},
    core::identity::CurrentStaff,
    core::state::AppState,
    core::{
        extract::{Json, Path, Query},
        paging::{PageRequest, Paged},
    },
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(client_report))
        .routes(routes!(disclosures_pdf))
        .routes(routes!(list_exports, start_export))
        .routes(routes!(get_export))
        .routes(routes!(download_export))
}

/// The client's accounting of disclosures as a PDF they can be handed (every role that may
/// read the client's consents).
#[utoipa::path(get, path = "/api/v1/clients/{id}/disclosures.pdf", tag = "consents", security(("bearer" = [])),
    params(("id" = Uuid, Path), crate::consents::routes::DisclosureParams),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
async fn disclosures_pdf(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<crate::consents::routes::DisclosureParams>,
) -> Result<impl IntoResponse> {
    let txn = state.begin_in(staff.practice_id).await?;
    let items =
        crate::consents::disclosures::list(&txn, &staff, id, params.from, params.to).await?;
    let client = crate::clients::service::find(&txn, &staff, id).await?;
    let practice = crate::practices::service::get(&txn, staff.practice_id).await?;
    txn.commit().await?;
    let generated_at = Utc::now();
    let to = params.to.unwrap_or_else(|| crate::core::clock::today_in(&practice.time_zone));
    let accounting = super::accounting::Accounting {
        paper: practice.report_paper,
        practice_name: practice.name.clone(),
        client_name: format!("{} {}", client.first_name, client.last_name),
        date_of_birth: client.date_of_birth,
        from: params.from,
        to,
        generated_at,
        generated_on: crate::core::clock::day_in(generated_at, &practice.time_zone),
        time_zone: practice.time_zone.clone(),
        items,
    };
    let bytes = tokio::task::spawn_blocking(move || super::accounting::render(&accounting))
        .await
        .map_err(|e| AppError::internal_from("rendering stopped", e))?;
    let name = service::file_name(&client, params.from.unwrap_or(to), to).replacen(
        "progress-report-",
        "disclosures-",
        1,
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ReportParams {
    /// First day of the period (default: 89 days before `to`).
    pub from: Option<NaiveDate>,
    /// Last day of the period (default: today in the practice's time zone).
    pub to: Option<NaiveDate>,
    /// Include signed session notes (default true). Drafts and psychotherapy notes never are.
    pub include_notes: Option<bool>,
    /// Include the client's relapse-prevention plan and the period's triggers against it
    /// (default false). Under a consent, only one that covers notes.
    pub include_plan: Option<bool>,
    /// Include the period's drug screens (a table and their figures; default false).
    pub include_screens: Option<bool>,
    /// Who the report is for (printed, and kept in the audit log); at most 200 characters.
    pub recipient: Option<String>,
    /// Why it is disclosed (printed, and kept in the audit log); at most 200 characters.
    pub purpose: Option<String>,
    /// The client's consent the report goes out under (42 CFR Part 2): its recipient and
    /// purpose are printed; a consent that does not cover notes leaves them out. One of
    /// `consent_id`, `client_request` and `internal` is required.
    pub consent_id: Option<Uuid>,
    /// A copy for the client themselves, at their own request (no consent needed).
    pub client_request: Option<bool>,
    /// For the practice's own use: it does not leave the practice (not a disclosure, no
    /// recipient printed).
    pub internal: Option<bool>,
}

/// What a report goes out under, from the request's one choice of three.
pub(crate) async fn basis_of(
    db: &impl sea_orm::ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    consent_id: Option<Uuid>,
    client_request: bool,
    internal: bool,
) -> Result<(service::Basis, Option<crate::entities::consents::Model>)> {
    match (consent_id, client_request, internal) {
        (Some(id), false, false) => {
            let consent =
                crate::consents::service::for_disclosure(db, staff, client_id, id, "consent_id")
                    .await?;
            Ok((service::Basis::Consent(service::ReportConsent::of(&consent)), Some(consent)))
        }
        (None, true, false) => Ok((service::Basis::ClientRequest, None)),
        (None, false, true) => Ok((service::Basis::Internal, None)),
        _ => Err(AppError::field(
            "consent_id",
            "choose one: the client's consent the report goes out under (consent_id), a copy \
             for the client at their own request (client_request=true), or the practice's own \
             use (internal=true)",
        )),
    }
}

/// The client's progress report as a PDF attachment (clinical roles), under the client's
/// consent, at the client's own request, or for internal use. A revoked or expired consent is
/// a 422. Every export is recorded in the audit log; all but internal ones are disclosures
/// (listed in the client's accounting of disclosures).
#[utoipa::path(get, path = "/api/v1/clients/{id}/report.pdf", tag = "reports", security(("bearer" = [])),
    params(("id" = Uuid, Path), ReportParams),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn client_report(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<ReportParams>,
) -> Result<impl IntoResponse> {
    // The reads in one transaction, ended before the PDF renders (no connection is held
    // while it does).
    let txn = state.begin_in(staff.practice_id).await?;
    let (practice, client, today) = service::subject(&txn, &staff, id).await?;
    let request = ReportRequest {
        from: params.from,
        to: params.to,
        include_notes: params.include_notes.unwrap_or(true),
        include_plan: params.include_plan.unwrap_or(false),
        include_screens: params.include_screens.unwrap_or(false),
        recipient: params.recipient,
        purpose: params.purpose,
    }
    .check(today)?;
    let (basis, consent) = basis_of(
        &txn,
        &staff,
        id,
        params.consent_id,
        params.client_request.unwrap_or(false),
        params.internal.unwrap_or(false),
    )
    .await?;
    let request = request.under(basis, consent.as_ref(), params.include_notes)?;
    let report = service::build(&txn, &staff, &practice, &client, &request, Utc::now()).await?;
    txn.commit().await?;
    // Rendering is CPU work: off the async runtime's threads.
    let rendered = tokio::task::spawn_blocking(move || render_full(&report))
        .await
        .map_err(|e| AppError::internal_from("report rendering stopped", e))?;
    let txn = state.begin_in(staff.practice_id).await?;
    service::record_disclosure(&txn, &staff, id, &request, rendered.pages, None).await?;
    txn.commit().await?;
    let name = service::file_name(&client, request.from, request.to);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        rendered.bytes,
    ))
}

/// Starts a month-end export of every active client's report in the caller's reach (a
/// clinician: their caseload) as one zip. Answers at once; poll the export for progress.
/// A member runs one export at a time (409), a practice at most three (429); an export stops
/// when its member is deactivated or loses clinical access.
#[utoipa::path(post, path = "/api/v1/report-exports", tag = "reports", security(("bearer" = [])),
    request_body = NewExport,
    responses((status = 202, body = ExportView), (status = 403, body = Problem),
        (status = 409, body = Problem, description = "the caller already has an export running"),
        (status = 422, body = Problem),
        (status = 429, body = Problem, description = "the practice's limit of running exports")))]
async fn start_export(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Json(input): Json<NewExport>,
) -> Result<(StatusCode, axum::Json<ExportView>)> {
    let view = export::start(&state.db, &staff, input).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(view)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ExportListParams {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The caller's exports, newest first.
#[utoipa::path(get, path = "/api/v1/report-exports", tag = "reports", security(("bearer" = [])),
    params(ExportListParams),
    responses((status = 200, body = Paged<ExportView>), (status = 403, body = Problem)))]
async fn list_exports(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Query(params): Query<ExportListParams>,
) -> Result<axum::Json<Paged<ExportView>>> {
    let page = PageRequest::new(params.page, params.per_page)?;
    let (items, total) = export::list(&state.db, &staff, page).await?;
    Ok(axum::Json(Paged::new(items, page, total)))
}

/// One of the caller's exports, with its progress.
#[utoipa::path(get, path = "/api/v1/report-exports/{id}", tag = "reports", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ExportView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_export(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<ExportView>> {
    Ok(axum::Json(export::get(&state.db, &staff, id).await?))
}

/// The finished export as a zip of PDFs (409 while it runs, after it failed or expired).
#[utoipa::path(get, path = "/api/v1/report-exports/{id}/download", tag = "reports", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/zip", body = Vec<u8>), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn download_export(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<impl IntoResponse> {
    let (view, zip) = export::download(&state.db, &staff, id).await?;
    let name = format!("progress-reports-{}-to-{}.zip", view.from, view.to);
    let body = match zip {
        export::ZipBytes::Whole(bytes) => axum::body::Body::from(bytes),
        // Part by part: the zip is never in memory whole.
        export::ZipBytes::Parts { count } => {
            let (db, practice_id) = (state.db.clone(), staff.practice_id);
            let parts = futures_util::stream::unfold(0u64, move |seq| {
                let db = db.clone();
                async move {
                    if seq >= count {
                        return None;
                    }
                    let part = export::part(&db, practice_id, id, seq)
                        .await
                        .map(axum::body::Bytes::from)
                        .map_err(|e| std::io::Error::other(e.to_string()));
                    Some((part, seq + 1))
                }
            });
            // Fused: a layer (compression) may poll again after the end.
            axum::body::Body::from_stream(futures_util::StreamExt::fuse(parts))
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (header::CONTENT_LENGTH, view.size_bytes.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    ))
}
