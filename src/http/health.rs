//! `/healthz` (the process runs) and `/readyz` (the database answers).

use std::time::Duration;

use axum::{extract::State, http::StatusCode, response::IntoResponse};
use serde::Serialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{core::error::AppError, core::state::AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(healthz)).routes(routes!(readyz))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    pub status: &'static str,
}

/// 200 while the process runs.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, body = Health)))]
async fn healthz() -> axum::Json<Health> {
    axum::Json(Health { status: "ok" })
}

/// 200 when the database answers, 503 when it does not.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, body = Health), (status = 503, body = crate::core::error::Problem)))]
async fn readyz(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    match tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await {
        Ok(Ok(())) => Ok((StatusCode::OK, axum::Json(Health { status: "ready" }))),
        Ok(Err(e)) => Err(AppError::unavailable("the database ping", Some(Box::new(e)))),
        Err(_) => Err(AppError::unavailable("the database ping timed out", None)),
    }
}
