//! Forged and broken access tokens are all a 401, never a 500 and never a way in.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::support::{TEST_SECRET, TestApp};

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}

fn sign(claims: &Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()).unwrap(),
    )
    .unwrap()
}

/// Valid claims for the owner of a practice, as the server would issue them.
async fn setup() -> (TestApp, Value) {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let now = chrono::Utc::now().timestamp();
    let claims = json!({
        "sub": practice.owner.id, "practice": practice.id, "role": "owner",
        "iat": now, "exp": now + 600, "iss": "daybreak", "aud": "daybreak-staff",
    });
    // The harness secret really is the server's: a correctly signed token works.
    app.get("/api/v1/me", &sign(&claims, TEST_SECRET)).await.expect(200);
    (app, claims)
}

async fn refused(app: &TestApp, token: &str) {
    app.get("/api/v1/me", token).await.expect_problem(401);
}

#[tokio::test]
async fn alg_none_is_refused() {
    let (app, claims) = setup().await;
    let token = format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&claims));
    refused(&app, &token).await;
}

#[tokio::test]
async fn a_tampered_payload_is_refused() {
    let (app, mut claims) = setup().await;
    let token = sign(&claims, TEST_SECRET);
    let parts: Vec<&str> = token.split('.').collect();
    claims["role"] = json!("owner");
    claims["exp"] = json!(claims["exp"].as_i64().unwrap() + 100_000);
    let forged = format!("{}.{}.{}", parts[0], b64(&claims), parts[2]);
    refused(&app, &forged).await;
}

#[tokio::test]
async fn a_token_signed_with_another_secret_is_refused() {
    let (app, claims) = setup().await;
    refused(&app, &sign(&claims, "another-secret-another-secret-another-secret")).await;
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let (app, mut claims) = setup().await;
    let now = chrono::Utc::now().timestamp();
    claims["iat"] = json!(now - 3600);
    claims["exp"] = json!(now - 600);
    refused(&app, &sign(&claims, TEST_SECRET)).await;
}

#[tokio::test]
async fn a_string_typed_exp_is_refused() {
    let (app, mut claims) = setup().await;
    claims["exp"] = json!((chrono::Utc::now().timestamp() + 600).to_string());
    refused(&app, &sign(&claims, TEST_SECRET)).await;
}

#[tokio::test]
async fn a_token_without_exp_is_refused() {
    let (app, mut claims) = setup().await;
    claims.as_object_mut().unwrap().remove("exp");
    refused(&app, &sign(&claims, TEST_SECRET)).await;
}

#[tokio::test]
async fn a_wrong_issuer_is_refused() {
    let (app, mut claims) = setup().await;
    claims["iss"] = json!("someone-else");
    refused(&app, &sign(&claims, TEST_SECRET)).await;
}

#[tokio::test]
async fn a_wrong_audience_is_refused() {
    let (app, mut claims) = setup().await;
    claims["aud"] = json!("another-app");
    refused(&app, &sign(&claims, TEST_SECRET)).await;
}

#[tokio::test]
async fn a_token_naming_another_practice_is_refused() {
    let (app, mut claims) = setup().await;
    let other = app.signup("Other").await;
    claims["practice"] = json!(other.id);
    refused(&app, &sign(&claims, TEST_SECRET)).await;
}

#[tokio::test]
async fn garbage_and_missing_tokens_are_refused() {
    let (app, _) = setup().await;
    refused(&app, "not-a-jwt").await;
    app.request(reqwest::Method::GET, "/api/v1/me", None, None).await.expect_problem(401);
}

#[tokio::test]
async fn a_role_in_the_token_does_not_outrank_the_database() {
    let (app, mut claims) = setup().await;
    // Make a front-desk member and forge a correctly signed token claiming owner.
    let owner_token = sign(&claims, TEST_SECRET);
    let created = app
        .post(
            "/api/v1/staff",
            &owner_token,
            json!({"name": "Desk", "email": "desk@example.com", "role": "front_desk", "password": crate::support::PASSWORD}),
        )
        .await
        .expect(201);
    claims["sub"] = created.body["id"].clone();
    claims["role"] = json!("owner");
    // Issued after the member's password was set, or it is refused for that reason instead.
    claims["iat"] = json!(chrono::Utc::now().timestamp());
    app.get("/api/v1/staff", &sign(&claims, TEST_SECRET)).await.expect_problem(403);
}
