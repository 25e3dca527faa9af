//! Router assembly and the middleware stack: request ids, structured logs without PHI,
//! security headers, compression, timeouts, body limits and problem+json for every error.

pub mod frontend;
pub mod health;
pub mod openapi;
pub mod serve;

use std::time::Duration;

use axum::{
    Router,
    body::Body,
    extract::{DefaultBodyLimit, MatchedPath, Request},
    http::{HeaderName, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::Response,
};
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    cors::{AllowOrigin, CorsLayer},
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};
use utoipa_axum::router::OpenApiRouter;

use crate::{core::error::problem_response, core::state::AppState};

/// The largest request body accepted (1 MiB).
pub const BODY_LIMIT: usize = 1024 * 1024;

// `frame-src blob:` lets the dashboard preview a fetched report PDF in an iframe.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; font-src 'self'; frame-src blob:; frame-ancestors 'none'; \
    base-uri 'none'; form-action 'self'; object-src 'none'";

/// Every API route with its OpenAPI description.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base())
        .merge(health::router())
        .merge(crate::auth::routes::router())
        .merge(crate::practices::routes::router())
        .merge(crate::staff::routes::router())
        .merge(crate::clients::routes::router())
        .merge(crate::notes::routes::router())
        .merge(crate::relapses::routes::router())
        .merge(crate::client_plans::routes::router())
        .merge(crate::screens::routes::router())
        .merge(crate::appointments::routes::router())
        .merge(crate::groups::routes::router())
        .merge(crate::consents::routes::router())
        .merge(crate::checkins::routes::router())
        .merge(crate::alerts::routes::router())
        .merge(crate::selfreport::routes::router())
        .merge(crate::measures::routes::router())
        .merge(crate::audit::routes::router())
        .merge(crate::reports::routes::router())
}

/// The whole application: API, OpenAPI document, embedded dashboard and middleware.
pub fn router(state: AppState) -> Router {
    let (api, document) = api_router().split_for_parts();
    let document = std::sync::Arc::new(document);
    let config = state.config.clone();
    let api = if config.bench_baseline {
        api.route("/api/v1/bench/baseline", axum::routing::get(bench_baseline))
            .route("/api/v1/bench/audited", axum::routing::get(bench_audited))
    } else {
        api
    };

    api.route(
        "/api/v1/openapi.json",
        axum::routing::get(move || {
            let document = document.clone();
            async move { axum::Json(document.as_ref().clone()) }
        }),
    )
    .route("/api", axum::routing::any(api_not_found))
    .route("/api/{*rest}", axum::routing::any(api_not_found))
    .fallback(frontend::serve)
    .with_state(state)
    .layer(DefaultBodyLimit::max(BODY_LIMIT))
    .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, config.request_timeout))
    .layer(CatchPanicLayer::custom(|_| {
        tracing::error!("a request handler panicked");
        problem_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side. Please try again.".into(),
            None,
        )
    }))
    .layer(middleware::from_fn(problem_for_bare_errors))
    .layer(CompressionLayer::new())
    .layer(cors(&config.cors_origins))
    .layer(middleware::from_fn_with_state(
        config.public_url.starts_with("https://"),
        security_headers,
    ))
    .layer(TraceLayer::new_for_http().make_span_with(span_for).on_response(
        |response: &Response, latency: Duration, _span: &tracing::Span| {
            tracing::info!(
                status = response.status().as_u16(),
                latency_ms = latency.as_millis() as u64,
                "response"
            );
        },
    ))
    .layer(PropagateRequestIdLayer::x_request_id())
    .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
    .layer(middleware::from_fn(keep_safe_request_id))
}

/// A caller's `X-Request-Id` is kept only when it is 1 to 64 characters of `A-Z a-z 0-9 . _ -`;
/// anything else is dropped, and the request gets a new id of ours. The id goes into logs and
/// the audit trail (and its CSV), so it never carries markup, separators or formulas.
async fn keep_safe_request_id(mut request: Request<Body>, next: Next) -> Response {
    let safe = |v: &HeaderValue| {
        let bytes = v.as_bytes();
        (1..=64).contains(&bytes.len())
            && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    };
    let ids = request.headers().get_all("x-request-id");
    if ids.iter().count() > 1 || ids.iter().any(|v| !safe(v)) {
        request.headers_mut().remove("x-request-id");
    }
    next.run(request).await
}

/// The load benchmark's ceiling (`DAYBREAK_BENCH_BASELINE=true`, never in the OpenAPI
/// document): what every signed-in request pays before its own work, i.e. the JWT verified
/// and the member's row read by primary key (`CurrentStaff`), and nothing else.
async fn bench_baseline(
    staff: crate::core::identity::CurrentStaff,
) -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "id": staff.id }))
}

/// The floor of any audited request (`DAYBREAK_BENCH_BASELINE=true`, never in the OpenAPI
/// document): the baseline, plus what ARCHITECTURE.md asks of every read and write of a
/// record before its own work, i.e. a transaction in the member's practice with an audit
/// event in it. Its event is a `bench.audited` of the member.
async fn bench_audited(
    axum::extract::State(state): axum::extract::State<AppState>,
    staff: crate::core::identity::CurrentStaff,
) -> crate::core::error::Result<axum::Json<serde_json::Value>> {
    let txn = state.begin_in(staff.practice_id).await?;
    let event =
        crate::core::audit::AuditEvent::by(&staff, "bench.audited", "staff", Some(staff.id));
    crate::core::audit::record(&txn, event).await?;
    txn.commit().await?;
    Ok(axum::Json(serde_json::json!({ "id": staff.id })))
}

async fn api_not_found() -> crate::core::error::AppError {
    crate::core::error::AppError::NotFound
}

fn cors(origins: &[String]) -> CorsLayer {
    // Closed by default: without configured origins no cross-origin browser call is allowed.
    let allowed: Vec<HeaderValue> = origins.iter().filter_map(|o| o.parse().ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::IF_MATCH])
}

/// Security headers on every answer; HSTS when the public address is https.
async fn security_headers(
    axum::extract::State(https): axum::extract::State<bool>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

/// A log span that names the route pattern, never the raw path (which can hold a token).
fn span_for(request: &Request<Body>) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| loggable_path(request.uri().path()));
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    tracing::info_span!("request", method = %request.method(), route = %route, request_id = %request_id)
}

/// Paths that are not API routes are logged without anything after a self-report prefix.
fn loggable_path(path: &str) -> String {
    for prefix in ["/r/", "/api/v1/self-report/"] {
        if path.starts_with(prefix) {
            return format!("{prefix}…");
        }
    }
    if path.chars().count() > 100 {
        format!("{}…", path.chars().take(100).collect::<String>())
    } else {
        path.to_owned()
    }
}

/// Errors produced outside handlers (405, 408, 413, 503 from a layer) become problem+json
/// under `/api`, and every API answer is marked as not cacheable.
async fn problem_for_bare_errors(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api");
    let mut response = next.run(request).await;
    if !is_api {
        return response;
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if (status.is_client_error() || status.is_server_error()) && !is_problem {
        let detail = match status {
            StatusCode::METHOD_NOT_ALLOWED => "This method is not allowed on this resource.",
            StatusCode::PAYLOAD_TOO_LARGE => "The request body is larger than the server accepts.",
            StatusCode::SERVICE_UNAVAILABLE => "The request took too long. Please try again.",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "Send the body as JSON.",
            s if s.is_server_error() => "Something went wrong on our side. Please try again.",
            _ => "The request could not be processed.",
        };
        let allow = response.headers().get(header::ALLOW).cloned();
        let mut problem = problem_response(status, detail.to_owned(), None);
        if let Some(allow) = allow {
            problem.headers_mut().insert(header::ALLOW, allow);
        }
        problem.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return problem;
    }
    response
}
