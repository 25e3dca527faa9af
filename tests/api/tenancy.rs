//! Every endpoint, tried with another practice's ids: 404, and nothing changes.

use serde_json::{Value, json};

use crate::support::{TestApp, TestPractice};

struct TwoPractices {
    app: TestApp,
    a: TestPractice,
    b: TestPractice,
    b_client: Value,
    b_clinician_id: String,
}

async fn two_practices() -> TwoPractices {
    let app = TestApp::spawn().await;
    let a = app.signup("Practice A").await;
    let b = app.signup("Practice B").await;
    let b_clinician = b.add_staff(&app, "clinician").await;
    let b_client = b.add_client(&app, &b.owner, "Bclient", Some(&b_clinician)).await;
    TwoPractices { app, a, b, b_client, b_clinician_id: b_clinician.id }
}

async fn b_client_unchanged(t: &TwoPractices) {
    let path = format!("/api/v1/clients/{}", t.b_client["id"].as_str().unwrap());
    let read = t.app.get(&path, t.b.owner.token()).await.expect(200);
    assert_eq!(read.body["first_name"], "Bclient");
    assert_eq!(read.body["version"], 1);
    assert_eq!(read.body["status"], "active");
}

#[tokio::test]
async fn another_practices_client_is_not_found_for_every_client_route() {
    let t = two_practices().await;
    let token = t.a.owner.token();
    let path = format!("/api/v1/clients/{}", t.b_client["id"].as_str().unwrap());
    t.app.get(&path, token).await.expect_problem(404);
    t.app
        .patch(&path, token, json!({"first_name": "Stolen", "version": 1}))
        .await
        .expect_problem(404);
    t.app.post(&format!("{path}/archive"), token, json!({})).await.expect_problem(404);
    t.app.post(&format!("{path}/unarchive"), token, json!({})).await.expect_problem(404);
    b_client_unchanged(&t).await;
}

#[tokio::test]
async fn another_practices_client_is_never_listed_or_found_by_search() {
    let t = two_practices().await;
    let list = t.app.get("/api/v1/clients?search=bclient", t.a.owner.token()).await.expect(200);
    assert_eq!(list.body["total"], 0);
    let archived =
        t.app.get("/api/v1/clients?status=archived", t.a.owner.token()).await.expect(200);
    assert_eq!(archived.body["total"], 0);
}

#[tokio::test]
async fn another_practices_staff_is_not_found_and_not_changed() {
    let t = two_practices().await;
    let token = t.a.owner.token();
    let path = format!("/api/v1/staff/{}", t.b_clinician_id);
    t.app.get(&path, token).await.expect_problem(404);
    t.app
        .patch(&path, token, json!({"active": false, "role": "owner", "version": 1}))
        .await
        .expect_problem(404);
    let read = t.app.get(&path, t.b.owner.token()).await.expect(200);
    assert_eq!(read.body["active"], true);
    assert_eq!(read.body["role"], "clinician");
    let list = t.app.get("/api/v1/staff", token).await.expect(200);
    assert_eq!(list.body["total"], 1);
    let directory = t.app.get("/api/v1/staff/clinicians", token).await.expect(200);
    assert!(!directory.body.to_string().contains(&t.b_clinician_id));
}

#[tokio::test]
async fn a_client_cannot_be_assigned_to_another_practices_clinician() {
    let t = two_practices().await;
    t.app
        .post(
            "/api/v1/clients",
            t.a.owner.token(),
            json!({"first_name": "A", "last_name": "B", "clinician_id": t.b_clinician_id}),
        )
        .await
        .expect_problem(422);
}

#[tokio::test]
async fn ids_in_a_body_do_not_move_a_record_to_another_practice() {
    let t = two_practices().await;
    let created = t
        .app
        .post(
            "/api/v1/clients",
            t.a.owner.token(),
            json!({"first_name": "Smuggled", "last_name": "X", "practice_id": t.b.id, "id": t.b_client["id"], "version": 99}),
        )
        .await
        .expect(201);
    assert_ne!(created.body["id"], t.b_client["id"]);
    assert_eq!(created.body["version"], 1);
    let b_list = t.app.get("/api/v1/clients?search=smuggled", t.b.owner.token()).await.expect(200);
    assert_eq!(b_list.body["total"], 0);
    let a_list = t.app.get("/api/v1/clients?search=smuggled", t.a.owner.token()).await.expect(200);
    assert_eq!(a_list.body["total"], 1);
    b_client_unchanged(&t).await;
}

#[tokio::test]
async fn the_audit_log_and_settings_show_only_ones_own_practice() {
    let t = two_practices().await;
    let audit = t
        .app
        .get(
            &format!("/api/v1/audit?client_id={}", t.b_client["id"].as_str().unwrap()),
            t.a.owner.token(),
        )
        .await
        .expect(200);
    assert_eq!(audit.body["total"], 0);
    let all = t.app.get("/api/v1/audit?per_page=200", t.a.owner.token()).await.expect(200);
    assert!(!all.body.to_string().contains(&t.b.id));
    let practice = t.app.get("/api/v1/practice", t.a.owner.token()).await.expect(200);
    assert_eq!(practice.body["id"], t.a.id);
    t.app
        .patch(
            "/api/v1/practice",
            t.a.owner.token(),
            json!({"name": "Renamed A", "id": t.b.id, "version": 1}),
        )
        .await
        .expect(200);
    let b_practice = t.app.get("/api/v1/practice", t.b.owner.token()).await.expect(200);
    assert_eq!(b_practice.body["name"], "Practice B");
}

#[tokio::test]
async fn a_refresh_token_of_another_practice_gives_only_its_own_member() {
    let t = two_practices().await;
    let rotated = t
        .app
        .post_anonymous("/api/v1/auth/refresh", json!({"refresh_token": t.b.owner.refresh_token}))
        .await
        .expect(200);
    assert_eq!(rotated.body["user"]["id"], t.b.owner.id);
    let me =
        t.app.get("/api/v1/me", rotated.body["access_token"].as_str().unwrap()).await.expect(200);
    assert_eq!(me.body["practice"]["id"], t.b.id);
}
