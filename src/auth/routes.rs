//! `/api/v1/auth/*` and `/api/v1/me`.

use axum::{extract::State, http::StatusCode, response::IntoResponse};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    refresh, service,
    tokens::{TokenPair, UserView},
    two_factor::{self, RecoveryCodes, TwoFactorEnabled, TwoFactorSetup},
};
use crate::{
    core::error::{Problem, Result},
    core::extract::{Json, Path},
    core::identity::{Action, CurrentStaff, RequestMeta},
    core::state::AppState,
    practices::service::{NewPractice, PracticeView},
    staff::service::StaffView,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(signup))
        .routes(routes!(login))
        .routes(routes!(refresh))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(two_factor_setup))
        .routes(routes!(two_factor_enable))
        .routes(routes!(two_factor_disable))
        .routes(routes!(two_factor_recovery_codes))
        .routes(routes!(reset_two_factor))
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
    /// With two-factor on: the 6-digit code of the authenticator app, or a recovery code.
    /// Without it (or wrong) the answer is 401 of type `/problems/two-factor-required`.
    pub totp_code: Option<String>,
    /// When the e-mail and password open accounts in several practices (401 of type
    /// `/problems/practice-choice-required`, which lists them): the one to sign in to.
    pub practice_id: Option<uuid::Uuid>,
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
    let code = body.totp_code.as_deref();
    let pair = service::login(&state, &body.email, body.password, code, body.practice_id, &meta);
    Ok(axum::Json(pair.await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Spends a refresh token for a new pair; a spent token presented again revokes its family.
/// Too many attempts from one address answer 429 (the sign-in limit, shared).
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = Problem), (status = 429, body = Problem)))]
async fn refresh(
    State(state): State<AppState>,
    meta: RequestMeta,
    Json(body): Json<RefreshRequest>,
) -> Result<axum::Json<TokenPair>> {
    state.admit_auth_attempt(&meta)?;
    Ok(axum::Json(refresh::refresh(&state, &body.refresh_token, &meta).await?))
}

/// Ends the session of a refresh token.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body = RefreshRequest,
    responses((status = 204)))]
async fn logout(
    State(state): State<AppState>,
    meta: RequestMeta,
    Json(body): Json<RefreshRequest>,
) -> Result<StatusCode> {
    refresh::logout(&state, &body.refresh_token, &meta).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MeResponse {
    #[serde(flatten)]
    pub user: UserView,
    pub practice: PracticeView,
    /// Today in the practice's time zone: the day scripts and forms start from (never the
    /// caller's own clock, which may be in another zone).
    pub today: chrono::NaiveDate,
    /// The member signs in with a second factor.
    pub two_factor_enabled: bool,
    /// The practice requires two-factor for every member.
    pub two_factor_required: bool,
    /// Unused recovery codes (0 when two-factor is off).
    pub recovery_codes_left: usize,
}

/// The signed-in staff member and their practice.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeResponse), (status = 401, body = Problem)))]
async fn me(State(state): State<AppState>, staff: CurrentStaff) -> Result<axum::Json<MeResponse>> {
    let (member, practice) = service::me(&state, staff.practice_id, staff.id).await?;
    Ok(axum::Json(MeResponse {
        user: UserView::from_model(&member),
        today: crate::core::clock::today_in(&practice.time_zone),
        practice: PracticeView::from(&practice),
        two_factor_enabled: member.totp_secret.is_some(),
        two_factor_required: practice.require_two_factor,
        recovery_codes_left: two_factor::recovery_codes_left(&member),
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

/// Starts two-factor setup: a new secret for an authenticator app (confirm it with
/// `enable`). 409 when two-factor is already on.
#[utoipa::path(post, path = "/api/v1/me/two-factor/setup", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = TwoFactorSetup), (status = 409, body = Problem)))]
async fn two_factor_setup(
    State(state): State<AppState>,
    staff: CurrentStaff,
) -> Result<axum::Json<TwoFactorSetup>> {
    Ok(axum::Json(two_factor::setup(&state, &staff).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TwoFactorCode {
    /// The 6-digit code the authenticator app shows now.
    pub code: String,
}

/// Turns two-factor on with a code of the app: answers the ten recovery codes (shown this
/// once) and a new token pair; the member's other sessions end.
#[utoipa::path(post, path = "/api/v1/me/two-factor/enable", tag = "auth", security(("bearer" = [])),
    request_body = TwoFactorCode,
    responses((status = 200, body = TwoFactorEnabled), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn two_factor_enable(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Json(body): Json<TwoFactorCode>,
) -> Result<axum::Json<TwoFactorEnabled>> {
    state.admit_auth_attempt(&staff.meta)?;
    Ok(axum::Json(two_factor::enable(&state, &staff, &body.code).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasswordConfirmation {
    pub password: String,
}

/// Turns two-factor off (the member's password again). 403 while the practice requires it.
#[utoipa::path(post, path = "/api/v1/me/two-factor/disable", tag = "auth", security(("bearer" = [])),
    request_body = PasswordConfirmation,
    responses((status = 204), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn two_factor_disable(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Json(body): Json<PasswordConfirmation>,
) -> Result<StatusCode> {
    state.admit_auth_attempt(&staff.meta)?;
    two_factor::disable(&state, &staff, body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new set of ten recovery codes (the member's password again); the old ones stop working.
#[utoipa::path(post, path = "/api/v1/me/two-factor/recovery-codes", tag = "auth", security(("bearer" = [])),
    request_body = PasswordConfirmation,
    responses((status = 200, body = RecoveryCodes), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn two_factor_recovery_codes(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Json(body): Json<PasswordConfirmation>,
) -> Result<axum::Json<RecoveryCodes>> {
    state.admit_auth_attempt(&staff.meta)?;
    Ok(axum::Json(two_factor::renew_recovery_codes(&state, &staff, body.password).await?))
}

/// Turns a member's two-factor sign-in off (owner), for a lost phone: their sessions end,
/// and they sign in with their password and set it up again.
#[utoipa::path(post, path = "/api/v1/staff/{id}/two-factor/reset", tag = "staff", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = StaffView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn reset_two_factor(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<StaffView>> {
    staff.require(Action::ManageStaff)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let member = two_factor::reset(&txn, &staff, id).await?;
    txn.commit().await?;
    Ok(axum::Json(member.into()))
}
