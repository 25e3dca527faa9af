//! The therapist dashboard, built by Vite into `frontend/dist` and embedded in the binary,
//! served at `/` with a fallback to `index.html` for the single-page app's own routes, and the
//! client's self-report page (its own small bundle, `selfreport.html`) at `/r/{token}`.

use axum::{
    body::Body,
    http::{HeaderValue, StatusCode, Uri, header},
    response::{IntoResponse, Response},
};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "frontend/dist"]
#[allow_missing = true]
struct Assets;

const NOT_BUILT: &str = "<!doctype html><meta charset=utf-8><title>Daybreak</title>\
<p>The dashboard has not been built into this binary. Run <code>npm --prefix frontend install &amp;&amp; \
npm --prefix frontend run build</code>, then build the server again.</p>";

/// Serves an embedded file, or `index.html` for any other path.
pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if !path.is_empty()
        && let Some(file) = Assets::get(path)
    {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let cache = if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return file_response(file.data.into_owned(), mime.as_ref(), cache);
    }
    // The self-report page is never cached: its URL holds the client's token.
    let (page, cache) = if path.starts_with("r/") {
        ("selfreport.html", "no-store")
    } else {
        ("index.html", "no-cache")
    };
    match Assets::get(page) {
        Some(index) => file_response(index.data.into_owned(), "text/html; charset=utf-8", cache),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            NOT_BUILT,
        )
            .into_response(),
    }
}

fn file_response(data: Vec<u8>, mime: &str, cache: &'static str) -> Response {
    let mut response = Response::new(Body::from(data));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(mime) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}
