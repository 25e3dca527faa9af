//! Request extractors whose rejections are `AppError`, so every bad request gets problem+json.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{header, request::Parts},
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::core::error::{AppError, FieldErrors};

/// A JSON body: malformed JSON or a wrong content type is a 400; a body that parses but has
/// the wrong shape (missing field, wrong type, unknown enum value, NUL character) is a 422
/// naming the field.
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                let mime = v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            })
            .unwrap_or(false);
        if !is_json {
            return Err(AppError::BadRequest(
                "Send the body as JSON with the header Content-Type: application/json.".into(),
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest("The request body could not be read.".into())
            }
        })?;
        parse_json(&bytes).map(Json)
    }
}

/// An optional JSON body: an empty (or blank) one is the type's default, anything else is
/// parsed with the rules of [`Json`].
pub fn parse_json_or_default<T: DeserializeOwned + Default>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) { Ok(T::default()) } else { parse_json(bytes) }
}

/// Parses a JSON body with the rules of [`Json`].
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        AppError::BadRequest(format!(
            "The body is not valid JSON (line {}, column {}).",
            e.line(),
            e.column()
        ))
    })?;
    let mut nul_fields = FieldErrors::new();
    find_nul(&value, "", &mut nul_fields);
    if !nul_fields.is_empty() {
        return Err(AppError::Validation(nul_fields));
    }
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let message = err.inner().to_string();
        let (field, message) = if let Some(rest) = message.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or_default();
            let field = if path == "." { name.to_owned() } else { format!("{path}.{name}") };
            (field, "is required".to_owned())
        } else if path == "." {
            ("body".to_owned(), message)
        } else {
            (path, message)
        };
        AppError::field(&field, message)
    })
}

fn find_nul(value: &Value, path: &str, errors: &mut FieldErrors) {
    let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match value {
        Value::String(s) if s.contains('\0') => {
            let field = if path.is_empty() { "body".to_owned() } else { path.to_owned() };
            errors.entry(field).or_default().push("must not contain NUL characters".into());
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                find_nul(item, &join(&i.to_string()), errors);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                if key.contains('\0') {
                    errors
                        .entry("body".into())
                        .or_default()
                        .push("keys must not contain NUL".into());
                }
                find_nul(item, &join(key), errors);
            }
        }
        _ => {}
    }
}

/// Path parameters; an unparsable id is a 400.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Path(v))
            .map_err(|_| AppError::BadRequest("The id in the path is not a valid id.".into()))
    }
}

/// Query parameters; an unparsable value (a date, a number, an id) is a 400, an empty one
/// is as if it were absent.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // An empty parameter (`?actor_id=&from=`, as plain HTML forms send them) means
        // "not given", not an unparsable value.
        let given: Vec<&str> = parts
            .uri
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| pair.split_once('=').is_some_and(|(_, value)| !value.is_empty()))
            .collect();
        let uri: axum::http::Uri = format!("/?{}", given.join("&"))
            .parse()
            .map_err(|_| AppError::BadRequest("The query string is not valid.".into()))?;
        axum::extract::Query::<T>::try_from_uri(&uri)
            .map(|axum::extract::Query(v)| Query(v))
            .map_err(|e| {
                let text = e.body_text();
                let detail =
                    text.strip_prefix("Failed to deserialize query string: ").unwrap_or(&text);
                AppError::BadRequest(format!("The query string is not valid: {detail}"))
            })
    }
}
