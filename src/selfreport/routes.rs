//! Staff: `/api/v1/clients/{id}/self-report-links`, `/api/v1/self-report-links/{id}/revoke`.
//! Public: `/api/v1/self-report/{token}`, its claim, check-ins and measures, rate-limited per
//! link and per address, with a small body limit. The token opens the first-open step; once a
//! phone claimed the link, only that phone's device secret (an HttpOnly cookie scoped to the
//! link's path) opens anything.

use axum::{
    extract::{DefaultBodyLimit, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::IntoResponse,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    links::{self, IssuedLink, LinkView, NewLink},
    public::{
        self, CheckInAnswer, MeasureAnswers, MeasureScore, SelfCheckIn, SelfReportPage,
        SelfReportView,
    },
};
use crate::{
    core::error::{AppError, Problem, Result},
    core::identity::{CurrentStaff, RequestMeta},
    core::state::AppState,
    core::{
        extract::{Json, Path, Query},
        paging::{PageRequest, Paged},
    },
};

/// The largest body the public endpoints accept.
pub const PUBLIC_BODY_LIMIT: usize = 16 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    let public = OpenApiRouter::new()
        .routes(routes!(open_link))
        .routes(routes!(claim_link))
        .routes(routes!(submit_check_in))
        .routes(routes!(submit_measure))
        .layer(DefaultBodyLimit::max(PUBLIC_BODY_LIMIT));
    OpenApiRouter::new()
        .routes(routes!(list_links, issue_link))
        .routes(routes!(revoke_link))
        .merge(public)
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct LinkListParams {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A client's self-report links (never their tokens), newest first.
#[utoipa::path(get, path = "/api/v1/clients/{id}/self-report-links", tag = "self-report", security(("bearer" = [])),
    params(("id" = Uuid, Path), LinkListParams),
    responses((status = 200, body = Paged<LinkView>), (status = 404, body = Problem)))]
async fn list_links(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    Query(params): Query<LinkListParams>,
) -> Result<axum::Json<Paged<LinkView>>> {
    let page = PageRequest::new(params.page, params.per_page)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let (items, total) = links::list(&txn, &staff, id, page).await?;
    txn.commit().await?;
    Ok(axum::Json(Paged::new(items, page, total)))
}

/// Issues a self-report link; the token and URL are shown in this answer only.
#[utoipa::path(post, path = "/api/v1/clients/{id}/self-report-links", tag = "self-report", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewLink,
    responses((status = 201, body = IssuedLink), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
async fn issue_link(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse> {
    let input: NewLink = crate::core::extract::parse_json_or_default(&body)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let link = links::issue(&txn, &staff, id, input, &state.config.public_url).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(link)))
}

/// Revokes a link at once.
#[utoipa::path(post, path = "/api/v1/self-report-links/{id}/revoke", tag = "self-report", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = LinkView), (status = 404, body = Problem)))]
async fn revoke_link(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<LinkView>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let link = links::revoke(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(link))
}

/// Applies the per-address and per-link limits, then gives the token's hash.
fn admit(state: &AppState, meta: &RequestMeta, token: &str) -> Result<Option<String>> {
    let limits = &state.limits;
    let too_many = |secs| AppError::TooManyRequests {
        retry_after_secs: secs,
        detail: "Please wait a moment and try again.".into(),
    };
    let address = meta.ip.as_deref().unwrap_or("unknown");
    limits.per_ip.hit(address, state.config.self_report_per_ip_per_minute).map_err(too_many)?;
    let hash = links::token_hash(token);
    // Limits are keyed by the token's hash, so the tokens themselves are never kept.
    let key = hash.clone().unwrap_or_else(|| "malformed".into());
    limits.per_link.hit(&key, state.config.self_report_per_link_per_minute).map_err(too_many)?;
    Ok(hash)
}

/// The cookie holding a claimed link's device secret (scoped to the link's own path).
const DEVICE_COOKIE: &str = "daybreak_device";

/// The device secret the browser sent for this link, if any.
fn device_secret(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == DEVICE_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
}

/// The `Set-Cookie` that gives the claiming browser its device secret: HttpOnly, SameSite
/// Strict, only for this link's API path, Secure when people reach us over https, and kept
/// until the link expires.
fn device_cookie(
    state: &AppState,
    token: &str,
    secret: &str,
    opened: &links::Opened,
) -> Result<HeaderValue> {
    let max_age = (opened.link.expires_at - chrono::Utc::now()).num_seconds().max(0);
    let secure = if state.config.public_url.starts_with("https://") { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{DEVICE_COOKIE}={secret}; Path=/api/v1/self-report/{token}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    ))
    .map_err(|_| AppError::NotFound)
}

/// The link's page. Unclaimed: the first-open step only (first name, practice, crisis
/// help). Claimed: the client's view on the phone that claimed it, and 404 anywhere else.
#[utoipa::path(get, path = "/api/v1/self-report/{token}", tag = "self-report",
    params(("token" = String, Path)),
    responses((status = 200, body = SelfReportPage), (status = 404, body = Problem), (status = 429, body = Problem)))]
async fn open_link(
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> Result<axum::Json<SelfReportPage>> {
    let hash = admit(&state, &meta, &token)?.ok_or(AppError::NotFound)?;
    let txn =
        crate::core::db::begin_lookup(&state.db, crate::core::db::Lookup::TokenHash, &hash).await?;
    let opened = links::open(&txn, &hash).await?;
    let page = match opened.holder(device_secret(&headers).as_deref())? {
        links::Holder::Unclaimed => {
            SelfReportPage::Claim(public::claim_prompt(&txn, &opened, &meta).await?)
        }
        links::Holder::ClaimingPhone => {
            SelfReportPage::View(Box::new(public::view(&txn, &opened, &meta).await?))
        }
    };
    txn.commit().await?;
    Ok(axum::Json(page))
}

/// Claims an unclaimed link for this browser ("Is this your phone? Continue"): answers the
/// client's view and sets the device secret cookie. A claimed link answers 404.
#[utoipa::path(post, path = "/api/v1/self-report/{token}/claim", tag = "self-report",
    params(("token" = String, Path)),
    responses((status = 200, body = SelfReportView,
        headers(("set-cookie" = String, description = "the device secret: HttpOnly, SameSite=Strict, scoped to the link's path"))),
        (status = 404, body = Problem), (status = 429, body = Problem)))]
async fn claim_link(
    State(state): State<AppState>,
    meta: RequestMeta,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> Result<impl IntoResponse> {
    let hash = admit(&state, &meta, &token)?.ok_or(AppError::NotFound)?;
    let txn =
        crate::core::db::begin_lookup(&state.db, crate::core::db::Lookup::TokenHash, &hash).await?;
    let mut opened = links::open(&txn, &hash).await?;
    let secret = links::claim(&txn, &mut opened).await?;
    let view = public::claimed(&txn, &opened, &meta).await?;
    let cookie = device_cookie(&state, &token, &secret, &opened)?;
    txn.commit().await?;
    Ok(([(header::SET_COOKIE, cookie)], axum::Json(view)))
}

/// The day's check-in: 201 the first time for that day, 200 when it replaces it.
#[utoipa::path(post, path = "/api/v1/self-report/{token}/check-ins", tag = "self-report",
    params(("token" = String, Path)), request_body = SelfCheckIn,
    responses((status = 201, body = CheckInAnswer), (status = 200, body = CheckInAnswer), (status = 404, body = Problem),
        (status = 413, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
async fn submit_check_in(
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    axum::extract::Path(token): axum::extract::Path<String>,
    Json(input): Json<SelfCheckIn>,
) -> Result<impl IntoResponse> {
    let hash = admit(&state, &meta, &token)?.ok_or(AppError::NotFound)?;
    let txn =
        crate::core::db::begin_lookup(&state.db, crate::core::db::Lookup::TokenHash, &hash).await?;
    let opened = links::open(&txn, &hash).await?;
    opened.require_claiming_phone(device_secret(&headers).as_deref())?;
    let (answer, created) = public::check_in(&txn, &opened, input, &meta).await?;
    txn.commit().await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, axum::Json(answer)))
}

/// Answers a due questionnaire (PHQ-9 or GAD-7).
#[utoipa::path(post, path = "/api/v1/self-report/{token}/measures", tag = "self-report",
    params(("token" = String, Path)), request_body = MeasureAnswers,
    responses((status = 201, body = MeasureScore), (status = 404, body = Problem), (status = 422, body = Problem),
        (status = 429, body = Problem)))]
async fn submit_measure(
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    axum::extract::Path(token): axum::extract::Path<String>,
    Json(input): Json<MeasureAnswers>,
) -> Result<impl IntoResponse> {
    let hash = admit(&state, &meta, &token)?.ok_or(AppError::NotFound)?;
    let txn =
        crate::core::db::begin_lookup(&state.db, crate::core::db::Lookup::TokenHash, &hash).await?;
    let opened = links::open(&txn, &hash).await?;
    opened.require_claiming_phone(device_secret(&headers).as_deref())?;
    let score = public::answer_measure(&txn, &opened, input, &meta).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(score)))
}
