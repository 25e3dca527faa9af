//! Bad input is a clear 4xx problem+json, never a 500, and changes nothing.

use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn malformed_json_is_a_400() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let answer = app
        .post_raw(
            "/api/v1/clients",
            Some(practice.owner.token()),
            "application/json",
            b"{\"first_name\": ".to_vec(),
        )
        .await
        .expect_problem(400);
    assert!(answer.body["detail"].as_str().unwrap().contains("not valid JSON"));
}

#[tokio::test]
async fn a_wrong_content_type_is_a_400() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    app.post_raw("/api/v1/clients", Some(practice.owner.token()), "text/plain", b"{}".to_vec())
        .await
        .expect_problem(400);
}

#[tokio::test]
async fn an_unparsable_id_or_query_value_is_a_400() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    app.get("/api/v1/clients/not-a-uuid", practice.owner.token()).await.expect_problem(400);
    app.get("/api/v1/clients?page=abc", practice.owner.token()).await.expect_problem(400);
    app.get("/api/v1/audit?from=2026-13-45", practice.owner.token()).await.expect_problem(400);
}

#[tokio::test]
async fn an_empty_query_parameter_is_as_if_it_were_absent() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let token = practice.owner.token();
    let all = app.get("/api/v1/audit", token).await.expect(200).body;
    let blank = app.get("/api/v1/audit?actor_id=&client_id=&action=&from=&to=&page=", token).await;
    assert_eq!(blank.expect(200).body["total"], all["total"]);
    app.get("/api/v1/clients?search=&status=&per_page=", token).await.expect(200);
}

#[tokio::test]
async fn an_unknown_api_route_is_a_json_404() {
    let app = TestApp::spawn().await;
    let answer = app.request(reqwest::Method::GET, "/api/v1/nothing-here", None, None).await;
    answer.expect_problem(404);
    let answer = app.request(reqwest::Method::GET, "/api/v2", None, None).await;
    answer.expect_problem(404);
}

#[tokio::test]
async fn a_wrong_method_is_a_problem_405() {
    let app = TestApp::spawn().await;
    app.request(reqwest::Method::DELETE, "/api/v1/me", None, None).await.expect_problem(405);
}

#[tokio::test]
async fn missing_and_invalid_fields_are_named() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let missing = app
        .post("/api/v1/clients", practice.owner.token(), json!({"first_name": "A"}))
        .await
        .expect_problem(422);
    assert!(missing.body["errors"]["last_name"].is_array());
    let wrong_type = app
        .post("/api/v1/clients", practice.owner.token(), json!({"first_name": "A", "last_name": 5}))
        .await
        .expect_problem(422);
    assert!(wrong_type.body["errors"]["last_name"].is_array());
    let bad_enum = app
        .post(
            "/api/v1/clients",
            practice.owner.token(),
            json!({"first_name": "A", "last_name": "B", "primary_substance": "chocolate"}),
        )
        .await
        .expect_problem(422);
    assert!(bad_enum.body["errors"]["primary_substance"].is_array());
    let bad_date = app
        .post(
            "/api/v1/clients",
            practice.owner.token(),
            json!({"first_name": "A", "last_name": "B", "date_of_birth": "1990-02-30"}),
        )
        .await
        .expect_problem(422);
    assert!(bad_date.body["errors"]["date_of_birth"].is_array());
    let many = app
        .post(
            "/api/v1/clients",
            practice.owner.token(),
            json!({"first_name": " ", "last_name": "B", "email": "nope", "phone": "call me", "date_of_birth": "2999-01-01"}),
        )
        .await
        .expect_problem(422);
    for field in ["first_name", "email", "phone", "date_of_birth"] {
        assert!(many.body["errors"][field].is_array(), "{field}: {}", many.body);
    }
    let list = app.get("/api/v1/clients", practice.owner.token()).await.expect(200);
    assert_eq!(list.body["total"], 0, "nothing was created");
}

#[tokio::test]
async fn nul_characters_and_over_long_strings_are_422() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let nul = app
        .post(
            "/api/v1/clients",
            practice.owner.token(),
            json!({"first_name": "A\u{0}B", "last_name": "C"}),
        )
        .await
        .expect_problem(422);
    assert!(nul.body["errors"]["first_name"].is_array());
    let long = app
        .post(
            "/api/v1/clients",
            practice.owner.token(),
            json!({"first_name": "x".repeat(5000), "last_name": "C"}),
        )
        .await
        .expect_problem(422);
    assert!(long.body["errors"]["first_name"].is_array());
    let search =
        app.get("/api/v1/clients?search=a%00b", practice.owner.token()).await.expect_problem(422);
    assert!(search.body["errors"]["search"].is_array());
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_413() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let big =
        format!("{{\"first_name\": \"{}\", \"last_name\": \"B\"}}", "x".repeat(1024 * 1024 + 10));
    app.post_raw(
        "/api/v1/clients",
        Some(practice.owner.token()),
        "application/json",
        big.into_bytes(),
    )
    .await
    .expect_problem(413);
}

#[tokio::test]
async fn paging_limits_are_enforced() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let answer =
        app.get("/api/v1/clients?per_page=500", practice.owner.token()).await.expect_problem(422);
    assert!(answer.body["errors"]["per_page"].is_array());
    app.get("/api/v1/clients?page=0", practice.owner.token()).await.expect_problem(422);
    app.get("/api/v1/clients?status=deleted", practice.owner.token()).await.expect_problem(400);
}

#[tokio::test]
async fn no_error_body_leaks_internals() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let answers = [
        app.post_raw(
            "/api/v1/clients",
            Some(practice.owner.token()),
            "application/json",
            b"[1,2".to_vec(),
        )
        .await,
        app.post("/api/v1/clients", practice.owner.token(), json!({"first_name": "A\u{0}"})).await,
        app.get("/api/v1/clients/zzz", practice.owner.token()).await,
    ];
    for answer in answers {
        let text = answer.body.to_string().to_lowercase();
        for leak in
            ["select ", "sqlx", "sea_orm", "panicked", "password_hash", "token_hash", ".rs:"]
        {
            assert!(!text.contains(leak), "{leak} in {text}");
        }
    }
}
