//! The OpenAPI 3 document served at `/api/v1/openapi.json`, built from the same routes the
//! server runs (utoipa-axum), so it cannot miss an endpoint.

use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

/// Query parameters' enums are referenced from the paths, so they are listed here to be in
/// the document's components (schemathesis found the dangling references).
#[derive(OpenApi)]
#[openapi(
    info(title = "Daybreak API", version = "1", description = "Back office for recovery-focused therapy practices."),
    components(schemas(
        crate::entities::states::AlertStatus,
        crate::entities::states::RecordStatus
    )),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build(),
            ),
        );
    }
}

/// The document's info and security schemes; the paths come from the routers.
pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The whole document the server serves at `/api/v1/openapi.json`, as pretty JSON (what
/// `daybreak openapi` prints and the dashboard's types are generated from).
pub fn document_json() -> String {
    let (_, document) = super::api_router().split_for_parts();
    let mut json = document.to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}
