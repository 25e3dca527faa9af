//! Relapse episodes: the DOMAIN.md enums, date rules, versions, archive, and the overdose alert.

use reqwest::Method;
use serde_json::json;

use crate::{
    clinical_support::{Clinic, ago, id, today},
    support::TestApp,
};

#[tokio::test]
async fn a_clinician_records_changes_and_archives_an_episode() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(60)).await;
    let token = clinic.clinician.token();
    let created = app
        .post(
            &clinic.client_path("/relapses"),
            token,
            json!({
                "kind": "relapse", "occurred_on": ago(12), "ended_on": ago(10),
                "substances": ["alcohol", "cocaine", "alcohol"],
                "triggers": ["conflict_with_others", "unpleasant_emotions"],
                "setting": "bar_or_club", "company": ["friends"], "amount": "most of a bottle",
                "coping_used": ["called_sponsor"], "support_contacted": ["sponsor", "therapist"],
                "feelings_after": ["shame", "determination"], "consequences": ["relationship"],
                "self_blame": 7, "notes": "After an argument at home."
            }),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(created["substances"], json!(["alcohol", "cocaine"]), "duplicates are dropped");
    assert_eq!(created["setting"], "bar_or_club");
    assert_eq!(created["ongoing"], false);
    assert_eq!(created["version"], 1);
    let path = format!("/api/v1/relapses/{}", id(&created));

    let changed = app
        .patch(&path, token, json!({ "version": 1, "ended_on": null, "self_blame": null }))
        .await
        .expect(200)
        .body;
    assert_eq!(changed["ongoing"], true, "a relapse without an end is still going on");
    assert_eq!(changed["self_blame"], json!(null));
    assert_eq!(changed["triggers"], created["triggers"], "untouched fields stay");
    app.patch(&path, token, json!({ "version": 1, "notes": "late" })).await.expect_problem(409);

    let listed = app.get(&clinic.client_path("/relapses"), token).await.expect(200).body;
    assert_eq!(listed["total"], 1);
    let archived = app.request(Method::DELETE, &path, Some(token), None).await.expect(200).body;
    assert_eq!(archived["status"], "archived");
    let listed = app.get(&clinic.client_path("/relapses"), token).await.expect(200).body;
    assert_eq!(listed["total"], 0);
    let kept =
        app.get(&clinic.client_path("/relapses?status=archived"), token).await.expect(200).body;
    assert_eq!(kept["total"], 1, "archived, never deleted");
    app.get(&path, token).await.expect(200);
}

#[tokio::test]
async fn the_list_filters_by_period_overlap() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(200)).await;
    clinic.episode(&app, "lapse", ago(100), None).await;
    clinic.episode(&app, "relapse", ago(40), Some(ago(31))).await;
    clinic.episode(&app, "relapse", ago(5), None).await;
    let token = clinic.clinician.token();
    let window = clinic.client_path(&format!("/relapses?from={}&to={}", ago(35), ago(20)));
    let found = app.get(&window, token).await.expect(200).body;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["occurred_on"], json!(ago(40)));
    let recent = clinic.client_path(&format!("/relapses?from={}", ago(2)));
    assert_eq!(app.get(&recent, token).await.expect(200).body["total"], 1, "the ongoing relapse");
    let reversed = clinic.client_path(&format!("/relapses?from={}&to={}", ago(2), ago(20)));
    app.get(&reversed, token).await.expect_problem(422);
}

#[tokio::test]
async fn invalid_episodes_are_refused_naming_the_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(60)).await;
    let token = clinic.clinician.token();
    let path = clinic.client_path("/relapses");
    let base = json!({ "kind": "lapse", "occurred_on": ago(3), "substances": [], "triggers": [] });
    let cases = [
        ("kind", json!("slip")),
        ("triggers", json!(["boredom"])),
        ("setting", json!("mars")),
        ("consequences", json!(["overdoze"])),
        ("self_blame", json!(11)),
        ("occurred_on", json!(today().succ_opt().unwrap())),
        ("ended_on", json!(ago(4))),
    ];
    for (field, value) in cases {
        let mut body = base.clone();
        body[field] = value;
        let answer = app.post(&path, token, body).await.expect_problem(422);
        let errors = answer.body["errors"].as_object().unwrap();
        assert!(
            errors.keys().any(|k| k.starts_with(field)),
            "{field}: errors name {:?}",
            errors.keys().collect::<Vec<_>>()
        );
    }
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("triggers");
    app.post(&path, token, missing).await.expect_problem(422);
    assert_eq!(app.get(&path, token).await.expect(200).body["total"], 0);
    // Empty lists are fine.
    app.post(&path, token, base).await.expect(201);
}

#[tokio::test]
async fn an_overdose_raises_an_alert_that_the_clinician_acknowledges() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(60)).await;
    let episode = app
        .post(
            &clinic.client_path("/relapses"),
            clinic.clinician.token(),
            json!({ "kind": "relapse", "occurred_on": ago(2), "ended_on": ago(1),
                    "substances": ["fentanyl"], "triggers": [], "consequences": ["overdose", "emergency_visit"] }),
        )
        .await
        .expect(201)
        .body;
    let open = app.get("/api/v1/alerts", clinic.clinician.token()).await.expect(200).body;
    assert_eq!(open["total"], 1);
    let alert = &open["items"][0];
    assert_eq!(alert["kind"], "overdose_reported");
    assert_eq!(alert["client_id"], clinic.client_id.as_str());
    assert_eq!(alert["client_name"], "Sam Rivera");
    assert_eq!(alert["detail"]["relapse_id"], episode["id"]);
    // The supervisor sees it too; the front desk may not; another clinician has no such client.
    assert_eq!(
        app.get("/api/v1/alerts", clinic.supervisor.token()).await.expect(200).body["total"],
        1
    );
    app.get("/api/v1/alerts", clinic.front_desk.token()).await.expect_problem(403);
    let stranger = clinic.practice.add_staff(&app, "clinician").await;
    assert_eq!(app.get("/api/v1/alerts", stranger.token()).await.expect(200).body["total"], 0);
    let ack_path = format!("/api/v1/alerts/{}/acknowledge", id(alert));
    app.post(&ack_path, stranger.token(), json!({})).await.expect_problem(404);

    let acked = app.post(&ack_path, clinic.clinician.token(), json!({})).await.expect(200).body;
    assert_eq!(acked["status"], "acknowledged");
    assert_eq!(acked["acknowledged_by"], clinic.clinician.id.as_str());
    assert!(acked["acknowledged_at"].is_string());
    assert_eq!(
        app.get("/api/v1/alerts", clinic.clinician.token()).await.expect(200).body["total"],
        0
    );
    let done = app
        .get("/api/v1/alerts?status=acknowledged", clinic.clinician.token())
        .await
        .expect(200)
        .body;
    assert_eq!(done["total"], 1);

    // Adding the overdose later, by an edit, raises it as well.
    let lapse = clinic.episode(&app, "lapse", ago(3), None).await;
    app.patch(
        &format!("/api/v1/relapses/{}", id(&lapse)),
        clinic.clinician.token(),
        json!({ "version": 1, "consequences": ["overdose"] }),
    )
    .await
    .expect(200);
    assert_eq!(
        app.get("/api/v1/alerts", clinic.clinician.token()).await.expect(200).body["total"],
        1
    );
}

#[tokio::test]
async fn a_clinician_records_a_day_once_and_never_overwrites_it() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(60)).await;
    clinic.check_in(&app, ago(2), false, 4).await;
    let token = clinic.clinician.token();
    let again = json!({ "day": ago(2), "used": true, "craving": 9, "mood": 1,
                        "attended_meeting": false, "contacted_sponsor": false });
    app.post(&clinic.client_path("/check-ins"), token, again).await.expect_problem(409);
    for (field, value) in
        [("craving", json!(11)), ("mood", json!(-1)), ("day", json!(today().succ_opt().unwrap()))]
    {
        let mut body = json!({ "day": ago(3), "used": false, "craving": 1, "mood": 5,
                               "attended_meeting": false, "contacted_sponsor": false });
        body[field] = value;
        let answer =
            app.post(&clinic.client_path("/check-ins"), token, body).await.expect_problem(422);
        assert!(answer.body["errors"][field].is_array());
    }
    let list = app.get(&clinic.client_path("/check-ins"), token).await.expect(200).body;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["used"], false);
    assert_eq!(list["items"][0]["craving"], 4);
    assert_eq!(list["items"][0]["source"], "clinician");
}
