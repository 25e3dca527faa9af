//! `/api/v1/practice`: the owner's practice settings.

use axum::{extract::State, http::HeaderMap};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::service::{self, PracticeSettings, PracticeUpdate};
use crate::{
    core::error::{Problem, Result},
    core::identity::{Action, CurrentStaff},
    core::state::AppState,
    core::{extract::Json, patch},
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_practice, update_practice))
}

/// The practice settings (owner).
#[utoipa::path(get, path = "/api/v1/practice", tag = "practice", security(("bearer" = [])),
    responses((status = 200, body = PracticeSettings), (status = 403, body = Problem)))]
async fn get_practice(
    State(state): State<AppState>,
    staff: CurrentStaff,
) -> Result<axum::Json<PracticeSettings>> {
    staff.require(Action::ManagePractice)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let practice = service::get(&txn, staff.practice_id).await?;
    txn.commit().await?;
    Ok(axum::Json(practice.into()))
}

/// Changes the practice settings (owner); a stale `version` is a 409.
#[utoipa::path(patch, path = "/api/v1/practice", tag = "practice", security(("bearer" = [])),
    request_body = PracticeUpdate,
    responses((status = 200, body = PracticeSettings), (status = 403, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn update_practice(
    State(state): State<AppState>,
    staff: CurrentStaff,
    headers: HeaderMap,
    Json(change): Json<PracticeUpdate>,
) -> Result<axum::Json<PracticeSettings>> {
    staff.require(Action::ManagePractice)?;
    let version = patch::version(change.version, &headers)?;
    let txn = state.begin_in(staff.practice_id).await?;
    let practice = service::update(&txn, &staff, version, change).await?;
    txn.commit().await?;
    Ok(axum::Json(practice.into()))
}
