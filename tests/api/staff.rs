use serde_json::json;

use crate::support::{PASSWORD, TestApp};

#[tokio::test]
async fn an_owner_adds_a_clinician_a_supervisor_and_front_desk() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    for role in ["clinician", "supervisor", "front_desk"] {
        let member = practice.add_staff(&app, role).await;
        let me = app.get("/api/v1/me", member.token()).await.expect(200);
        assert_eq!(me.body["role"], role);
        assert_eq!(me.body["practice"]["id"], practice.id);
    }
    let list = app.get("/api/v1/staff", practice.owner.token()).await.expect(200);
    assert_eq!(list.body["total"], 4);
    for item in list.body["items"].as_array().unwrap() {
        assert!(item.get("password_hash").is_none());
        assert_eq!(item["active"], true);
    }
}

#[tokio::test]
async fn a_second_account_with_the_same_email_is_a_conflict() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let member = practice.add_staff(&app, "clinician").await;
    app.post(
        "/api/v1/staff",
        practice.owner.token(),
        json!({"name": "Twin", "email": member.email, "role": "clinician", "password": PASSWORD}),
    )
    .await
    .expect_problem(409);
}

#[tokio::test]
async fn an_unknown_role_is_a_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let answer = app
        .post(
            "/api/v1/staff",
            practice.owner.token(),
            json!({"name": "X", "email": "x@example.com", "role": "admin", "password": PASSWORD}),
        )
        .await
        .expect_problem(422);
    assert!(answer.body["errors"]["role"].is_array());
}

#[tokio::test]
async fn a_role_change_applies_at_once_and_is_audited() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let desk = practice.add_staff(&app, "front_desk").await;
    app.get("/api/v1/audit", desk.token()).await.expect_problem(403);
    let changed = app
        .patch(
            &format!("/api/v1/staff/{}", desk.id),
            practice.owner.token(),
            json!({"role": "owner", "version": 1}),
        )
        .await
        .expect(200);
    assert_eq!(changed.body["role"], "owner");
    assert_eq!(changed.body["version"], 2);
    // The same access token now carries the new role's rights.
    app.get("/api/v1/audit", desk.token()).await.expect(200);
    let audit =
        app.get("/api/v1/audit?action=staff.update", practice.owner.token()).await.expect(200);
    assert_eq!(audit.body["items"][0]["detail"]["role"]["to"], "owner");
}

#[tokio::test]
async fn the_last_owner_cannot_step_down() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let path = format!("/api/v1/staff/{}", practice.owner.id);
    let answer = app
        .patch(&path, practice.owner.token(), json!({"role": "clinician", "version": 1}))
        .await
        .expect_problem(422);
    assert!(answer.body["errors"]["role"].is_array());
    app.patch(&path, practice.owner.token(), json!({"active": false, "version": 1}))
        .await
        .expect_problem(422);
    let me = app.get("/api/v1/me", practice.owner.token()).await.expect(200);
    assert_eq!(me.body["role"], "owner");
}

#[tokio::test]
async fn a_stale_staff_version_is_a_conflict() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let member = practice.add_staff(&app, "clinician").await;
    let path = format!("/api/v1/staff/{}", member.id);
    app.patch(&path, practice.owner.token(), json!({"name": "New Name", "version": 1}))
        .await
        .expect(200);
    app.patch(&path, practice.owner.token(), json!({"name": "Other Name", "version": 1}))
        .await
        .expect_problem(409);
    let read = app.get(&path, practice.owner.token()).await.expect(200);
    assert_eq!(read.body["name"], "New Name");
}

#[tokio::test]
async fn a_member_reads_themself_but_not_others() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let member = practice.add_staff(&app, "clinician").await;
    app.get(&format!("/api/v1/staff/{}", member.id), member.token()).await.expect(200);
    app.get(&format!("/api/v1/staff/{}", practice.owner.id), member.token())
        .await
        .expect_problem(403);
}

#[tokio::test]
async fn the_clinician_directory_lists_active_caseload_holders() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let clinician = practice.add_staff(&app, "clinician").await;
    let desk = practice.add_staff(&app, "front_desk").await;
    let gone = practice.add_staff(&app, "clinician").await;
    app.patch(
        &format!("/api/v1/staff/{}", gone.id),
        practice.owner.token(),
        json!({"active": false, "version": 1}),
    )
    .await
    .expect(200);
    let list = app.get("/api/v1/staff/clinicians", desk.token()).await.expect(200);
    let ids: Vec<&str> =
        list.body["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&clinician.id.as_str()));
    assert!(ids.contains(&practice.owner.id.as_str()));
    assert!(!ids.contains(&desk.id.as_str()));
    assert!(!ids.contains(&gone.id.as_str()));
}
