//! Session notes: drafts, signing that locks them (in the API and in the database), addenda,
//! co-signing and psychotherapy notes that only their author ever sees.

use reqwest::Method;
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::{
    clinical_support::{Clinic, ago, id, today},
    support::TestApp,
};

#[tokio::test]
async fn a_clinician_writes_signs_and_amends_a_note() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let token = clinic.clinician.token();
    let note = clinic.draft(&app, &clinic.clinician).await;
    assert_eq!(note["status"], "draft");
    assert_eq!(note["locked"], false);
    assert_eq!(note["author_name"], "Test clinician");
    let path = format!("/api/v1/notes/{}", id(&note));

    let edited = app
        .patch(&path, token, json!({ "version": 1, "sections": { "subjective": "Calm week.", "objective": "Alert.", "assessment": "Stable.", "plan": "Weekly." } }))
        .await
        .expect(200)
        .body;
    assert_eq!(edited["version"], 2);
    assert_eq!(edited["sections"]["subjective"], "Calm week.");
    // The same stale version again is refused, and nothing changes.
    app.patch(&path, token, json!({ "version": 1, "duration_minutes": 30 }))
        .await
        .expect_problem(409);

    let signed =
        app.post(&format!("{path}/sign"), token, json!({ "version": 2 })).await.expect(200).body;
    assert_eq!(signed["status"], "signed");
    assert_eq!(signed["locked"], true);
    assert_eq!(signed["signed_by"], clinic.clinician.id.as_str());
    assert!(signed["signed_at"].is_string());

    app.patch(&path, token, json!({ "version": 3, "duration_minutes": 30 }))
        .await
        .expect_problem(409);
    app.post(&format!("{path}/sign"), token, json!({})).await.expect_problem(409);

    let addendum = app
        .post(
            &format!("{path}/addenda"),
            token,
            json!({ "text": "Correction: the session was 45 minutes." }),
        )
        .await
        .expect(201)
        .body;
    assert!(addendum["created_at"].is_string());
    let read = app.get(&path, token).await.expect(200).body;
    assert_eq!(read["sections"]["subjective"], "Calm week.", "the original stays visible");
    assert_eq!(read["duration_minutes"], 50);
    assert_eq!(read["addenda"][0]["text"], "Correction: the session was 45 minutes.");
    assert_eq!(read["addenda"][0]["author_id"], clinic.clinician.id.as_str());
    let list = app.get(&clinic.client_path("/notes"), token).await.expect(200).body;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["addenda"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn sections_follow_the_format_and_a_note_is_complete_before_it_is_signed() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let token = clinic.clinician.token();
    let notes = clinic.client_path("/notes");
    let wrong = app
        .post(
            &notes,
            token,
            json!({ "session_on": today(), "duration_minutes": 50, "format": "dap",
                                      "sections": { "data": "x", "subjective": "y" } }),
        )
        .await
        .expect_problem(422);
    assert!(wrong.body["errors"]["sections.subjective"].is_array());
    let unknown = app
        .post(
            &notes,
            token,
            json!({ "session_on": today(), "duration_minutes": 50, "format": "narrative" }),
        )
        .await
        .expect_problem(422);
    assert!(unknown.body["errors"]["format"].is_array());
    for (minutes, day) in [(0, today()), (601, today()), (50, today().succ_opt().unwrap())] {
        app.post(
            &notes,
            token,
            json!({ "session_on": day, "duration_minutes": minutes, "format": "free" }),
        )
        .await
        .expect_problem(422);
    }
    let draft = app
        .post(
            &notes,
            token,
            json!({ "session_on": today(), "duration_minutes": 50, "format": "birp",
                                      "sections": { "behavior": "Engaged." } }),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(draft["sections"]["plan"], "", "every section of the format is present");
    let refused = app
        .post(&format!("/api/v1/notes/{}/sign", id(&draft)), token, json!({}))
        .await
        .expect_problem(422);
    assert!(refused.body["errors"]["sections.plan"].is_array());
    assert!(refused.body["errors"].get("sections.behavior").is_none());
    // Changing the format without sending its sections would drop text: refused.
    app.patch(
        &format!("/api/v1/notes/{}", id(&draft)),
        token,
        json!({ "version": 1, "format": "free" }),
    )
    .await
    .expect_problem(422);
    let list = app.get(&notes, token).await.expect(200).body;
    assert_eq!(list["total"], 1, "nothing was saved by the refused requests");
}

#[tokio::test]
async fn only_the_author_signs_and_a_supervisor_cosigns_once() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let note = clinic.draft(&app, &clinic.clinician).await;
    let path = format!("/api/v1/notes/{}", id(&note));
    app.post(&format!("{path}/sign"), clinic.supervisor.token(), json!({}))
        .await
        .expect_problem(403);
    app.patch(&path, clinic.supervisor.token(), json!({ "version": 1, "duration_minutes": 5 }))
        .await
        .expect_problem(403);
    app.post(&format!("{path}/cosign"), clinic.supervisor.token(), json!({}))
        .await
        .expect_problem(409);
    app.post(&format!("{path}/addenda"), clinic.clinician.token(), json!({ "text": "x" }))
        .await
        .expect_problem(409);
    app.post(&format!("{path}/sign"), clinic.clinician.token(), json!({})).await.expect(200);

    app.post(&format!("{path}/cosign"), clinic.clinician.token(), json!({}))
        .await
        .expect_problem(403);
    let cosigned = app
        .post(&format!("{path}/cosign"), clinic.supervisor.token(), json!({}))
        .await
        .expect(200)
        .body;
    assert_eq!(cosigned["cosigned_by"], clinic.supervisor.id.as_str());
    assert_eq!(cosigned["cosigned_by_name"], "Test supervisor");
    app.post(&format!("{path}/cosign"), clinic.practice.owner.token(), json!({}))
        .await
        .expect_problem(409);
    // A supervisor may add an addendum too.
    app.post(&format!("{path}/addenda"), clinic.supervisor.token(), json!({ "text": "Reviewed." }))
        .await
        .expect(201);
}

#[tokio::test]
async fn a_psychotherapy_note_is_seen_by_its_author_alone() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let private = app
        .post(
            &clinic.client_path("/notes"),
            clinic.clinician.token(),
            json!({ "session_on": today(), "duration_minutes": 50, "format": "free",
                      "sections": { "text": "Process notes." }, "is_psychotherapy_note": true }),
        )
        .await
        .expect(201)
        .body;
    clinic.draft(&app, &clinic.clinician).await;
    let mine =
        app.get(&clinic.client_path("/notes"), clinic.clinician.token()).await.expect(200).body;
    assert_eq!(mine["total"], 2);
    for other in [&clinic.supervisor, &clinic.practice.owner] {
        let list = app.get(&clinic.client_path("/notes"), other.token()).await.expect(200).body;
        assert_eq!(list["total"], 1, "absent from the count");
        assert_eq!(list["items"][0]["is_psychotherapy_note"], false);
        app.get(&format!("/api/v1/notes/{}", id(&private)), other.token())
            .await
            .expect_problem(404);
        app.post(
            &format!("/api/v1/notes/{}/addenda", id(&private)),
            other.token(),
            json!({ "text": "x" }),
        )
        .await
        .expect_problem(404);
    }
}

#[tokio::test]
async fn concurrent_signing_of_one_note_succeeds_exactly_once() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let note = clinic.draft(&app, &clinic.clinician).await;
    let path = format!("/api/v1/notes/{}/sign", id(&note));
    let attempts =
        (0..8).map(|_| app.post(&path, clinic.clinician.token(), json!({ "version": 1 })));
    let answers = futures_util::future::join_all(attempts).await;
    let signed = answers.iter().filter(|a| a.status == 200).count();
    let refused = answers.iter().filter(|a| a.status == 409).count();
    assert_eq!((signed, refused), (1, 7), "{answers:?}");
    let read = app
        .get(&format!("/api/v1/notes/{}", id(&note)), clinic.clinician.token())
        .await
        .expect(200)
        .body;
    assert_eq!(read["version"], 2);
}

#[tokio::test]
async fn the_database_itself_refuses_to_change_a_signed_note_or_an_addendum() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let draft = clinic.draft(&app, &clinic.clinician).await;
    let signed = clinic.draft(&app, &clinic.clinician).await;
    let path = format!("/api/v1/notes/{}", id(&signed));
    app.post(&format!("{path}/sign"), clinic.clinician.token(), json!({})).await.expect(200);
    app.post(&format!("{path}/addenda"), clinic.clinician.token(), json!({ "text": "Added." }))
        .await
        .expect(201);

    // Rows are picked by status, which reads the same on both backends (ids are stored
    // differently): one draft and one signed note exist.
    let update = |status: &str, change: &str| {
        format!("UPDATE session_notes SET {change} WHERE status = '{status}'")
    };
    let db = &app.db;
    let draft_change = db.execute_unprepared(&update("draft", "duration_minutes = 20")).await;
    assert_eq!(draft_change.expect("drafts stay editable").rows_affected(), 1);
    for change in [
        "duration_minutes = 20",
        "status = 'draft'",
        "signed_at = NULL",
        "author_id = author_id, session_on = session_on, service_type = 'changed'",
    ] {
        let refused = db.execute_unprepared(&update("signed", change)).await;
        assert!(refused.is_err(), "{change} must be refused: {refused:?}");
        assert_locked(refused);
    }
    assert_locked(db.execute_unprepared("DELETE FROM session_notes WHERE status = 'signed'").await);
    assert_locked(db.execute_unprepared("UPDATE note_addenda SET text = 'rewritten'").await);
    assert_locked(db.execute_unprepared("DELETE FROM note_addenda").await);

    let draft = app.get(&format!("/api/v1/notes/{}", id(&draft)), clinic.clinician.token()).await;
    assert_eq!(draft.expect(200).body["duration_minutes"], 20);
    let read = app.get(&path, clinic.clinician.token()).await.expect(200).body;
    assert_eq!(read["duration_minutes"], 50);
    assert_eq!(read["service_type"], "90834");
    assert_eq!(read["addenda"][0]["text"], "Added.");
    // Co-signing, the one change a signed note still takes, works through the API.
    app.request(Method::POST, &format!("{path}/cosign"), Some(clinic.supervisor.token()), None)
        .await
        .expect(200);
}

#[tokio::test]
async fn a_body_cannot_set_who_signed_the_status_the_author_or_the_version() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let outsider = app.signup("Elsewhere").await;
    let note = app
        .post(
            &clinic.client_path("/notes"),
            clinic.clinician.token(),
            json!({ "session_on": today(), "duration_minutes": 50, "format": "free",
                    "sections": { "text": "x" }, "status": "signed", "signed_at": "2026-01-01T00:00:00Z",
                    "signed_by": clinic.supervisor.id, "author_id": clinic.supervisor.id,
                    "practice_id": outsider.id, "version": 9, "id": "01a22487-d417-751e-98de-43548e73e0cf" }),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(note["status"], "draft");
    assert_eq!(note["signed_at"], json!(null));
    assert_eq!(note["author_id"], clinic.clinician.id.as_str());
    assert_eq!(note["version"], 1);
    assert_ne!(note["id"], "01a22487-d417-751e-98de-43548e73e0cf");
    let path = format!("/api/v1/notes/{}", id(&note));
    let patched = app
        .patch(
            &path,
            clinic.clinician.token(),
            json!({ "version": 1, "status": "signed", "locked": true }),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        (patched["status"].clone(), patched["locked"].clone()),
        (json!("draft"), json!(false))
    );
    app.get(&path, outsider.owner.token()).await.expect_problem(404);
    let episode = app
        .post(
            &clinic.client_path("/relapses"),
            clinic.clinician.token(),
            json!({ "kind": "lapse", "occurred_on": ago(1), "substances": [], "triggers": [],
                    "status": "archived", "recorded_by": clinic.supervisor.id }),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(episode["status"], "active");
    assert_eq!(episode["recorded_by"], clinic.clinician.id.as_str());
}

/// The database refused the change as a locked record: the server answers that with 409 (told
/// by the trigger's own error code, not by its message).
#[track_caller]
pub fn assert_locked(result: Result<sea_orm::ExecResult, sea_orm::DbErr>) {
    let err = result.expect_err("the change must be refused");
    let answer = daybreak::core::error::AppError::from(err);
    assert_eq!(answer.status().as_u16(), 409, "{answer:?}");
}
