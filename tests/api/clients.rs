use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn a_clinician_adds_a_client_who_joins_their_caseload() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let clinician = practice.add_staff(&app, "clinician").await;
    let client = app
        .post(
            "/api/v1/clients",
            clinician.token(),
            json!({"first_name": "Zoë", "last_name": "Ðurić", "preferred_name": "Zo", "date_of_birth": "1991-02-03",
                   "email": "Zoe@Example.com", "phone": "+1 (555) 010-2030", "primary_substance": "cocaine",
                   "recovery_start_date": "2026-10-01"}),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(client["clinician_id"], clinician.id);
    assert_eq!(client["status"], "active");
    assert_eq!(client["version"], 1);
    assert_eq!(client["email"], "zoe@example.com");
    assert_eq!(client["primary_substance"], "cocaine");
    assert!(client["current_streak_days"].as_i64().unwrap() > 0);
    assert!(client.as_object().unwrap().contains_key("last_check_in_on"));

    let read = app
        .get(&format!("/api/v1/clients/{}", client["id"].as_str().unwrap()), clinician.token())
        .await
        .expect(200);
    assert_eq!(read.body["first_name"], "Zoë");
    assert_eq!(read.body["last_name"], "Ðurić");
}

#[tokio::test]
async fn search_ignores_case_and_accents_and_pages_the_results() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let owner = &practice.owner;
    for name in ["Zoë", "José", "Дмитрий", "Anna", "Annabel"] {
        practice.add_client(&app, owner, name, None).await;
    }
    let names = |answer: &crate::support::Answer| -> Vec<String> {
        answer.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["first_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let zoe = app.get("/api/v1/clients?search=ZOE", owner.token()).await.expect(200);
    assert_eq!(names(&zoe), ["Zoë"]);
    let jose = app.get("/api/v1/clients?search=jos%C3%A9", owner.token()).await.expect(200);
    assert_eq!(names(&jose), ["José"]);
    let cyrillic =
        app.get("/api/v1/clients?search=%D0%B4%D0%BC%D0%B8%D1%82", owner.token()).await.expect(200);
    assert_eq!(names(&cyrillic), ["Дмитрий"]);
    let client = practice.add_client(&app, owner, "Reachable", None).await;
    let id = client["id"].as_str().unwrap();
    app.patch(
        &format!("/api/v1/clients/{id}"),
        owner.token(),
        json!({"email": "Reach.Me@Example.com", "phone": "555 867 5309", "version": 1}),
    )
    .await
    .expect(200);
    let by_email =
        app.get("/api/v1/clients?search=reach.me%40example", owner.token()).await.expect(200);
    assert_eq!(names(&by_email), ["Reachable"]);
    let by_phone = app.get("/api/v1/clients?search=867%205309", owner.token()).await.expect(200);
    assert_eq!(names(&by_phone), ["Reachable"]);
    app.post(&format!("/api/v1/clients/{id}/archive"), owner.token(), json!({})).await.expect(200);
    let like_chars = app.get("/api/v1/clients?search=%25", owner.token()).await.expect(200);
    assert_eq!(like_chars.body["total"], 0, "a % is searched for literally");

    let page1 = app.get("/api/v1/clients?per_page=2&page=1", owner.token()).await.expect(200);
    let page3 = app.get("/api/v1/clients?per_page=2&page=3", owner.token()).await.expect(200);
    assert_eq!(page1.body["total"], 5);
    assert_eq!(page1.body["per_page"], 2);
    assert_eq!(names(&page1).len(), 2);
    assert_eq!(names(&page3).len(), 1);
    // The total is the whole list's on every page: the last one, one past the end (no row
    // to carry it), and with a search.
    assert_eq!(page3.body["total"], 5);
    let past = app.get("/api/v1/clients?per_page=2&page=4", owner.token()).await.expect(200);
    assert_eq!((names(&past).len(), past.body["total"].clone()), (0, json!(5)));
    let searched = app.get("/api/v1/clients?search=o&per_page=1", owner.token()).await.expect(200);
    let all_o = app.get("/api/v1/clients?search=o", owner.token()).await.expect(200);
    assert_eq!(searched.body["total"], json!(names(&all_o).len()));
    assert!(names(&all_o).len() > 1, "{:?}", names(&all_o));
}

#[tokio::test]
async fn an_update_with_a_stale_version_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let client = practice.add_client(&app, &practice.owner, "Maya", None).await;
    let path = format!("/api/v1/clients/{}", client["id"].as_str().unwrap());
    let updated = app
        .patch(
            &path,
            practice.owner.token(),
            json!({"phone": "555 0100", "preferred_name": "May", "version": 1}),
        )
        .await
        .expect(200);
    assert_eq!(updated.body["version"], 2);
    assert_eq!(updated.body["phone"], "555 0100");
    assert_eq!(updated.body["first_name"], "Maya", "fields not sent are kept");

    // A second editor still holding version 1 is told, and their change is not applied.
    app.patch(&path, practice.owner.token(), json!({"phone": "555 9999", "version": 1}))
        .await
        .expect_problem(409);
    let read = app.get(&path, practice.owner.token()).await.expect(200);
    assert_eq!(read.body["phone"], "555 0100");
    assert_eq!(read.body["version"], 2);

    // If-Match works as well, and null clears a field.
    let answer = app
        .http
        .patch(format!("{}{path}", app.base))
        .bearer_auth(practice.owner.token())
        .header("if-match", "\"2\"")
        .json(&json!({"preferred_name": null}))
        .send()
        .await
        .unwrap();
    let answer = TestApp::answer(answer).await.expect(200);
    assert!(answer.body["preferred_name"].is_null());
}

#[tokio::test]
async fn an_update_without_a_version_is_refused() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let client = practice.add_client(&app, &practice.owner, "Maya", None).await;
    let path = format!("/api/v1/clients/{}", client["id"].as_str().unwrap());
    let answer = app
        .patch(&path, practice.owner.token(), json!({"phone": "555 0100"}))
        .await
        .expect_problem(422);
    assert!(answer.body["errors"]["version"].is_array());
}

#[tokio::test]
async fn archiving_moves_a_client_out_of_the_active_list_and_back() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let client = practice.add_client(&app, &practice.owner, "Maya", None).await;
    let id = client["id"].as_str().unwrap();
    let archived = app
        .post(&format!("/api/v1/clients/{id}/archive"), practice.owner.token(), json!({}))
        .await
        .expect(200);
    assert_eq!(archived.body["status"], "archived");
    assert!(archived.body["archived_at"].is_string());
    let active = app.get("/api/v1/clients", practice.owner.token()).await.expect(200);
    assert_eq!(active.body["total"], 0);
    let listed =
        app.get("/api/v1/clients?status=archived", practice.owner.token()).await.expect(200);
    assert_eq!(listed.body["items"][0]["id"], id);
    // The record is still there to read.
    app.get(&format!("/api/v1/clients/{id}"), practice.owner.token()).await.expect(200);
    let restored = app
        .post(&format!("/api/v1/clients/{id}/unarchive"), practice.owner.token(), json!({}))
        .await
        .expect(200);
    assert_eq!(restored.body["status"], "active");
}

#[tokio::test]
async fn a_clinician_sees_only_their_own_caseload() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let mine = practice.add_staff(&app, "clinician").await;
    let theirs = practice.add_staff(&app, "clinician").await;
    let my_client = practice.add_client(&app, &practice.owner, "Mine", Some(&mine)).await;
    let their_client = practice.add_client(&app, &practice.owner, "Theirs", Some(&theirs)).await;

    let list = app.get("/api/v1/clients", mine.token()).await.expect(200);
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["items"][0]["id"], my_client["id"]);
    let other = format!("/api/v1/clients/{}", their_client["id"].as_str().unwrap());
    app.get(&other, mine.token()).await.expect_problem(404);
    app.patch(&other, mine.token(), json!({"first_name": "Changed", "version": 1}))
        .await
        .expect_problem(404);
    app.post(&format!("{other}/archive"), mine.token(), json!({})).await.expect_problem(404);
    let untouched = app.get(&other, practice.owner.token()).await.expect(200);
    assert_eq!(untouched.body["first_name"], "Theirs");
    assert_eq!(untouched.body["status"], "active");
}

#[tokio::test]
async fn a_clinician_cannot_hand_a_client_to_someone_else() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let mine = practice.add_staff(&app, "clinician").await;
    let theirs = practice.add_staff(&app, "clinician").await;
    app.post(
        "/api/v1/clients",
        mine.token(),
        json!({"first_name": "A", "last_name": "B", "clinician_id": theirs.id}),
    )
    .await
    .expect_problem(403);
    let client = practice.add_client(&app, &mine, "Kept", None).await;
    let path = format!("/api/v1/clients/{}", client["id"].as_str().unwrap());
    app.patch(&path, mine.token(), json!({"clinician_id": theirs.id, "version": 1}))
        .await
        .expect_problem(403);
    let read = app.get(&path, mine.token()).await.expect(200);
    assert_eq!(read.body["clinician_id"], mine.id);
}

#[tokio::test]
async fn front_desk_sees_demographics_without_clinical_figures() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let desk = practice.add_staff(&app, "front_desk").await;
    let clinician = practice.add_staff(&app, "clinician").await;
    let client = practice.add_client(&app, &desk, "Front", Some(&clinician)).await;
    assert!(client.get("current_streak_days").is_none());
    assert!(client.get("last_check_in_on").is_none());
    let list = app.get("/api/v1/clients", desk.token()).await.expect(200);
    assert!(list.body["items"][0].get("current_streak_days").is_none());
    let clinical = app.get("/api/v1/clients", clinician.token()).await.expect(200);
    assert!(clinical.body["items"][0]["current_streak_days"].is_i64());
}

#[tokio::test]
async fn a_client_can_only_be_assigned_to_an_active_clinician_of_the_practice() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let desk = practice.add_staff(&app, "front_desk").await;
    let answer = app
        .post(
            "/api/v1/clients",
            practice.owner.token(),
            json!({"first_name": "A", "last_name": "B", "clinician_id": desk.id}),
        )
        .await
        .expect_problem(422);
    assert!(answer.body["errors"]["clinician_id"].is_array());
    let unknown = uuid::Uuid::now_v7();
    app.post(
        "/api/v1/clients",
        practice.owner.token(),
        json!({"first_name": "A", "last_name": "B", "clinician_id": unknown}),
    )
    .await
    .expect_problem(422);
}

#[tokio::test]
async fn every_read_and_write_of_a_client_is_audited() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let client = practice.add_client(&app, &practice.owner, "Audited", None).await;
    let id = client["id"].as_str().unwrap();
    app.get(&format!("/api/v1/clients/{id}"), practice.owner.token()).await.expect(200);
    app.patch(
        &format!("/api/v1/clients/{id}"),
        practice.owner.token(),
        json!({"phone": "555 1234", "version": 1}),
    )
    .await
    .expect(200);
    app.post(&format!("/api/v1/clients/{id}/archive"), practice.owner.token(), json!({}))
        .await
        .expect(200);
    let audit =
        app.get(&format!("/api/v1/audit?client_id={id}"), practice.owner.token()).await.expect(200);
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["client.archive", "client.update", "client.read", "client.create"]);
    let event = &audit.body["items"][0];
    assert_eq!(event["actor_id"], practice.owner.id);
    assert_eq!(event["actor_role"], "owner");
    assert_eq!(event["outcome"], "success");
    assert_eq!(event["ip"], "127.0.0.1");
    assert!(event["request_id"].is_string());
}

#[tokio::test]
async fn a_failed_update_leaves_no_audit_event_and_no_change() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let client = practice.add_client(&app, &practice.owner, "Kept", None).await;
    let id = client["id"].as_str().unwrap();
    app.patch(
        &format!("/api/v1/clients/{id}"),
        practice.owner.token(),
        json!({"first_name": "", "version": 1}),
    )
    .await
    .expect_problem(422);
    let audit = app
        .get(&format!("/api/v1/audit?client_id={id}&action=client.update"), practice.owner.token())
        .await
        .expect(200);
    assert_eq!(audit.body["total"], 0);
    let read = app.get(&format!("/api/v1/clients/{id}"), practice.owner.token()).await.expect(200);
    assert_eq!(read.body["first_name"], "Kept");
    assert_eq!(read.body["version"], 1);
}
