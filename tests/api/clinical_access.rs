//! Every clinical-record endpoint against the front desk (403), another practice (404) and
//! another clinician of the same practice (404); then the audit trail of a clinician's day.

use reqwest::Method;
use serde_json::{Value, json};

use crate::{
    clinical_support::{Clinic, ago, id},
    support::TestApp,
};

struct Endpoint {
    method: Method,
    path: String,
    body: Option<Value>,
}

fn endpoint(method: Method, path: String, body: Option<Value>) -> Endpoint {
    Endpoint { method, path, body }
}

#[tokio::test]
async fn the_clinical_record_is_closed_to_the_front_desk_other_practices_and_other_caseloads() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let note = clinic.draft(&app, &clinic.clinician).await;
    let signed = clinic.draft(&app, &clinic.clinician).await;
    let signed_path = format!("/api/v1/notes/{}", id(&signed));
    app.post(&format!("{signed_path}/sign"), clinic.clinician.token(), json!({})).await.expect(200);
    let episode = app
        .post(
            &clinic.client_path("/relapses"),
            clinic.clinician.token(),
            json!({ "kind": "lapse", "occurred_on": ago(2), "substances": [], "triggers": [], "consequences": ["overdose"] }),
        )
        .await
        .expect(201)
        .body;
    let alerts = app.get("/api/v1/alerts", clinic.clinician.token()).await.expect(200).body;
    let alert_id = alerts["items"][0]["id"].as_str().unwrap().to_owned();
    let schedule = app
        .post(
            &clinic.client_path("/measure-schedules"),
            clinic.clinician.token(),
            json!({ "code": "gad7", "every_days": 14 }),
        )
        .await
        .expect(201)
        .body;
    let schedule_path = format!("/api/v1/measure-schedules/{}", id(&schedule));
    let note_path = format!("/api/v1/notes/{}", id(&note));
    let episode_path = format!("/api/v1/relapses/{}", id(&episode));
    let day = json!({ "day": ago(1), "used": false, "craving": 1, "mood": 5,
                      "attended_meeting": false, "contacted_sponsor": false });
    let new_note = json!({ "session_on": ago(1), "duration_minutes": 30, "format": "free" });
    let endpoints = [
        endpoint(Method::GET, clinic.client_path("/notes"), None),
        endpoint(Method::POST, clinic.client_path("/notes"), Some(new_note)),
        endpoint(Method::GET, note_path.clone(), None),
        endpoint(
            Method::PATCH,
            note_path.clone(),
            Some(json!({ "version": 1, "duration_minutes": 5 })),
        ),
        endpoint(Method::POST, format!("{note_path}/sign"), Some(json!({}))),
        endpoint(Method::POST, format!("{signed_path}/cosign"), Some(json!({}))),
        endpoint(Method::POST, format!("{signed_path}/addenda"), Some(json!({ "text": "x" }))),
        endpoint(Method::GET, clinic.client_path("/relapses"), None),
        endpoint(
            Method::POST,
            clinic.client_path("/relapses"),
            Some(
                json!({ "kind": "lapse", "occurred_on": ago(1), "substances": [], "triggers": [] }),
            ),
        ),
        endpoint(Method::GET, episode_path.clone(), None),
        endpoint(Method::PATCH, episode_path.clone(), Some(json!({ "version": 1, "notes": "x" }))),
        endpoint(Method::DELETE, episode_path.clone(), None),
        endpoint(Method::GET, clinic.client_path("/check-ins"), None),
        endpoint(Method::POST, clinic.client_path("/check-ins"), Some(day)),
        endpoint(Method::GET, clinic.client_path("/progress"), None),
        endpoint(Method::POST, format!("/api/v1/alerts/{alert_id}/acknowledge"), Some(json!({}))),
        endpoint(Method::GET, clinic.client_path("/measure-schedules"), None),
        endpoint(
            Method::POST,
            clinic.client_path("/measure-schedules"),
            Some(json!({ "code": "phq9", "every_days": 7 })),
        ),
        endpoint(Method::DELETE, schedule_path, None),
        endpoint(Method::GET, clinic.client_path("/measures"), None),
    ];

    let outsider = app.signup("Elsewhere").await;
    let outsider_supervisor = outsider.add_staff(&app, "supervisor").await;
    let other_clinician = clinic.practice.add_staff(&app, "clinician").await;
    let callers = [
        ("front desk", clinic.front_desk.token(), 403),
        ("other practice's owner", outsider.owner.token(), 404),
        ("other practice's supervisor", outsider_supervisor.token(), 404),
        ("another clinician", other_clinician.token(), 404),
    ];
    for (who, token, expected) in callers {
        for e in &endpoints {
            // No clinician may co-sign at all, so the role answers before the caseload does.
            let expected = if e.path.ends_with("/cosign") && who == "another clinician" {
                403
            } else {
                expected
            };
            let answer = app.request(e.method.clone(), &e.path, Some(token), e.body.as_ref()).await;
            assert_eq!(
                answer.status.as_u16(),
                expected,
                "{who}: {} {} → {}",
                e.method,
                e.path,
                answer.body
            );
        }
    }

    // Nothing changed: the clinician still sees exactly what they wrote.
    let token = clinic.clinician.token();
    assert_eq!(app.get(&clinic.client_path("/notes"), token).await.expect(200).body["total"], 2);
    let draft = app.get(&note_path, token).await.expect(200).body;
    assert_eq!((draft["version"].clone(), draft["status"].clone()), (json!(1), json!("draft")));
    let signed = app.get(&signed_path, token).await.expect(200).body;
    assert!(signed["cosigned_by"].is_null() && signed["addenda"].as_array().unwrap().is_empty());
    let episode = app.get(&episode_path, token).await.expect(200).body;
    assert_eq!(
        (episode["version"].clone(), episode["status"].clone()),
        (json!(1), json!("active"))
    );
    assert_eq!(app.get(&clinic.client_path("/relapses"), token).await.expect(200).body["total"], 1);
    assert_eq!(
        app.get(&clinic.client_path("/check-ins"), token).await.expect(200).body["total"],
        0
    );
    assert_eq!(app.get("/api/v1/alerts", token).await.expect(200).body["total"], 1);
    let schedules =
        app.get(&clinic.client_path("/measure-schedules"), token).await.expect(200).body;
    assert_eq!(schedules["items"].as_array().unwrap().len(), 1, "still only the GAD-7, active");
}

#[tokio::test]
async fn every_clinical_read_and_write_is_in_the_audit_log() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let token = clinic.clinician.token();
    let note = clinic.draft(&app, &clinic.clinician).await;
    let path = format!("/api/v1/notes/{}", id(&note));
    app.get(&path, token).await.expect(200);
    app.post(&format!("{path}/sign"), token, json!({})).await.expect(200);
    app.post(&format!("{path}/addenda"), token, json!({ "text": "More." })).await.expect(201);
    app.get(&clinic.client_path("/notes"), token).await.expect(200);
    clinic.episode(&app, "lapse", ago(1), None).await;
    app.get(&clinic.client_path("/relapses"), token).await.expect(200);
    clinic.check_in(&app, ago(2), false, 2).await;
    app.get(&clinic.client_path("/check-ins"), token).await.expect(200);
    app.get(&clinic.client_path("/progress"), token).await.expect(200);

    let audit = app
        .get(
            &format!("/api/v1/audit?client_id={}&per_page=200", clinic.client_id),
            clinic.practice.owner.token(),
        )
        .await
        .expect(200)
        .body;
    let actions: Vec<&str> =
        audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for expected in [
        "note.create",
        "note.read",
        "note.sign",
        "note.addendum",
        "note.list",
        "relapse.create",
        "relapse.list",
        "check_in.record",
        "check_in.list",
        "client.progress.read",
    ] {
        assert!(actions.contains(&expected), "{expected} missing from {actions:?}");
    }
    let by_clinician = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "note.sign")
        .all(|e| e["actor_id"] == clinic.clinician.id.as_str());
    assert!(by_clinician);
}
