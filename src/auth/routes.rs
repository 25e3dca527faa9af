//! `/api/v1/auth/*` and `/api/v1/me`.

use axum::{extract::State, http::StatusCode, response::IntoResponse};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{CurrentStaff, RequestMeta, service, tokens::TokenPair, tokens::UserView};
use crate::{
    error::{Problem, Result},
    http::extract::Json,
    practices::service::{NewPractice, PracticeView},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(signup))
        .routes(routes!(login))
        .routes(routes!(refresh))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SignupRequest {
    pub practice_name: String,
    pub time_zone: Option<String>,
    pub name: String,
    pub email: String,
    pub password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SignupResponse {
    pub practice: PracticeView,
    pub user: UserView,
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: &'static str,
    pub expires_in: u64,
}

/// Creates a new practice with its owner, and signs the owner in.
#[utoipa::path(post, path = "/api/v1/auth/signup", tag = "auth", request_body = SignupRequest,
    responses((status = 201, body = SignupResponse), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn signup(
    State(state): State<AppState>,
    meta: RequestMeta,
    Json(body): Json<SignupRequest>,
) -> Result<impl IntoResponse> {
    state.admit_auth_attempt(&meta)?;
    let input = NewPractice {
        practice_name: body.practice_name,
        time_zone: body.time_zone,
        owner_name: body.name,
        owner_email: body.email,
        owner_password: body.password,
    };
    let (practice, pair) = service::signup(&state, input, &meta).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(SignupResponse {
            practice: PracticeView::from(&practice),
            user: pair.user,
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            token_type: pair.token_type,
            expires_in: pair.expires_in,
        }),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Signs a staff member in. Repeated failures for one account, or too many attempts from
/// one address, answer 429 with Retry-After.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = Problem), (status = 429, body = Problem)))]
async fn login(
    State(state): State<AppState>,
    meta: RequestMeta,
    Json(body): Json<LoginRequest>,
) -> Result<axum::Json<TokenPair>> {
    state.admit_auth_attempt(&meta)?;
    Ok(axum::Json(service::login(&state, &body.email, body.password, &meta).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Spends a refresh token for a new pair; a spent token presented again revokes its family.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = Problem)))]
async fn refresh(
    State(state): State<AppState>,
    meta: RequestMeta,
    Json(body): Json<RefreshRequest>,
) -> Result<axum::Json<TokenPair>> {
    Ok(axum::Json(service::refresh(&state, &body.refresh_token, &meta).await?))
}

/// Ends the session of a refresh token.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body = RefreshRequest,
    responses((status = 204)))]
async fn logout(
    State(state): State<AppState>,
    meta: RequestMeta,
    Json(body): Json<RefreshRequest>,
) -> Result<StatusCode> {
    service::logout(&state, &body.refresh_token, &meta).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MeResponse {
    #[serde(flatten)]
    pub user: UserView,
    pub practice: PracticeView,
}

/// The signed-in staff member and their practice.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeResponse), (status = 401, body = Problem)))]
async fn me(State(state): State<AppState>, staff: CurrentStaff) -> Result<axum::Json<MeResponse>> {
    let (member, practice) = service::me(&state, staff.practice_id, staff.id).await?;
    Ok(axum::Json(MeResponse {
        user: UserView::from_model(&member),
        practice: PracticeView::from(&practice),
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    /// At least 12 characters.
    pub new_password: String,
}

/// Changes the signed-in member's password. Every other session of theirs ends (refresh
/// tokens revoked, earlier access tokens refused); the answer carries a new pair.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "auth", security(("bearer" = [])),
    request_body = PasswordChange,
    responses((status = 200, body = TokenPair), (status = 401, body = Problem), (status = 422, body = Problem),
        (status = 429, body = Problem)))]
async fn change_password(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Json(body): Json<PasswordChange>,
) -> Result<axum::Json<TokenPair>> {
    state.admit_auth_attempt(&staff.meta)?;
    let pair =
        service::change_password(&state, &staff, body.current_password, body.new_password).await?;
    Ok(axum::Json(pair))
}
