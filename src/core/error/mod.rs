//! One `AppError` for the whole server, answered as `application/problem+json` (RFC 9457).
//!
//! 5xx causes are logged with their whole chain and never sent: the body only ever says what
//! the caller can act on. Database errors are told apart by their codes and constraint names
//! (`UniqueKey`, `LOCKED_RECORD_SQLSTATE`), never by the words of their messages.

use std::collections::BTreeMap;

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;

mod database;

pub use database::{LOCKED_RECORD_SQLSTATE, UniqueKey, unique_violation_as};

/// Field name → messages, as sent in a 422's `errors` object.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64, detail: String },
    #[error("service unavailable: {0}")]
    Unavailable(Cause),
    #[error("internal error: {0}")]
    Internal(Cause),
    /// A refusal the dashboard acts on by its problem `type` (e.g. asking for a second factor).
    #[error("{detail}")]
    Typed { status: StatusCode, kind: &'static str, detail: String },
    /// 401 at sign-in: the e-mail and password open accounts in several practices; the
    /// answer names them (to someone who holds the password of each) to choose from.
    #[error("choose a practice")]
    PracticeChoice(Vec<PracticeOption>),
}

/// Why a request failed on our side: what was being done, and the error that stopped it
/// (with its own sources), logged as one chain and never sent to the caller.
#[derive(Debug)]
pub struct Cause {
    context: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Cause {
    /// The context and every source beneath it, outermost first: "a: b: c".
    pub fn chain(&self) -> String {
        let mut text = self.context.clone();
        let mut next = self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static));
        while let Some(error) = next {
            text.push_str(": ");
            text.push_str(&error.to_string());
            next = error.source();
        }
        text
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.context)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// A practice to sign in to, offered when one e-mail and password open several.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PracticeOption {
    pub id: uuid::Uuid,
    pub name: String,
}

/// The problem types of `AppError::Typed`.
pub mod problem_types {
    /// 401 at sign-in: the member has two-factor on; send `totp_code` (missing or wrong).
    pub const TWO_FACTOR_REQUIRED: &str = "/problems/two-factor-required";
    /// 403: the practice requires two-factor and the member has not set it up yet.
    pub const TWO_FACTOR_SETUP_REQUIRED: &str = "/problems/two-factor-setup-required";
    /// 401 at sign-in: the e-mail and password open accounts in several practices; send
    /// `practice_id`, one of the problem's `practices`.
    pub const PRACTICE_CHOICE_REQUIRED: &str = "/problems/practice-choice-required";
}

/// The problem+json body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrors>,
    /// With `/problems/practice-choice-required`: the practices to choose from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practices: Option<Vec<PracticeOption>>,
}

impl AppError {
    /// A 500 with no error beneath it (a broken invariant): `context` says which.
    pub fn internal(context: impl Into<String>) -> Self {
        Self::Internal(Cause { context: context.into(), source: None })
    }

    /// A 500 caused by `source` while doing `context`; the log keeps the whole chain.
    pub fn internal_from(
        context: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self::Internal(Cause { context: context.into(), source: Some(source.into()) })
    }

    /// A 503: a dependency (the database) could not be reached.
    pub fn unavailable(
        context: impl Into<String>,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self::Unavailable(Cause { context: context.into(), source })
    }

    /// A 422 for one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field.to_owned(), vec![message.into()]);
        Self::Validation(errors)
    }

    /// The 409 for an update made against an older version of a record.
    pub fn stale_version() -> Self {
        Self::Conflict(
            "This record was changed by someone else since you loaded it. \
             Reload it to see the latest version, then apply your change again."
                .to_owned(),
        )
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Typed { status, .. } => *status,
            Self::PracticeChoice(_) => StatusCode::UNAUTHORIZED,
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::BadRequest(d)
            | Self::Unauthorized(d)
            | Self::Forbidden(d)
            | Self::Conflict(d) => d.clone(),
            Self::NotFound => "The requested resource does not exist.".to_owned(),
            Self::PayloadTooLarge => "The request body is larger than the server accepts.".into(),
            Self::Validation(_) => "Some fields are not valid; see errors.".to_owned(),
            Self::TooManyRequests { detail, .. } => detail.clone(),
            Self::Unavailable(_) => {
                "The service is temporarily unavailable. Please try again shortly.".to_owned()
            }
            Self::Internal(_) => "Something went wrong on our side. Please try again.".to_owned(),
            Self::Typed { detail, .. } => detail.clone(),
            Self::PracticeChoice(_) => {
                "This e-mail address belongs to more than one practice: choose one.".into()
            }
        }
    }
}

/// Builds a problem+json response for any status, used for errors raised outside handlers too.
pub fn problem_response(
    status: StatusCode,
    detail: String,
    errors: Option<FieldErrors>,
) -> Response {
    problem_of_type(status, "about:blank", detail, errors)
}

fn problem_of_type(
    status: StatusCode,
    kind: &str,
    detail: String,
    errors: Option<FieldErrors>,
) -> Response {
    problem_body(Problem {
        kind: kind.to_owned(),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail,
        errors,
        practices: None,
    })
}

fn problem_body(body: Problem) -> Response {
    let status = StatusCode::from_u16(body.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            Self::Internal(cause) => tracing::error!(cause = %cause.chain(), "request failed"),
            Self::Unavailable(cause) => {
                tracing::warn!(cause = %cause.chain(), "dependency unavailable")
            }
            _ => {}
        }
        let detail = self.detail();
        if let Self::PracticeChoice(practices) = self {
            return problem_body(Problem {
                kind: problem_types::PRACTICE_CHOICE_REQUIRED.to_owned(),
                title: status.canonical_reason().unwrap_or("Error").to_owned(),
                status: status.as_u16(),
                detail,
                errors: None,
                practices: Some(practices),
            });
        }
        let kind = match &self {
            Self::Typed { kind, .. } => Some(*kind),
            _ => None,
        };
        let (errors, retry_after) = match self {
            Self::Validation(errors) => (Some(errors), None),
            Self::TooManyRequests { retry_after_secs, .. } => (None, Some(retry_after_secs)),
            _ => (None, None),
        };
        let mut response = match kind {
            Some(kind) => problem_of_type(status, kind, detail, None),
            None => problem_response(status, detail, errors),
        };
        if let Some(secs) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        response
    }
}
