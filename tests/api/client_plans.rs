//! The client's plans: versions (never one laid over another), who may read and write them,
//! the checks on every field, the link page that carries them only after the claim, relapse
//! episodes held against the plan, and no plan words in any log line.

use daybreak::entities::{audit_events, client_plans};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::{
    clinical_support::{Clinic, Phone, ago, id, page},
    support::{Answer, TestApp},
};

const PLAN: &str = "/relapse-prevention-plan";
const SAFETY: &str = "/safety-plan";

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> Answer {
    app.request(Method::PUT, path, Some(token), Some(&body)).await
}

fn plan(version: i64, first_step: &str) -> Value {
    json!({
        "version": version,
        "warning_signs": ["Skipping dinner and staying up late", "Thinking one drink is fine"],
        "high_risk_situations": ["social_pressure", "unpleasant_emotions", "social_pressure"],
        "coping_steps": [first_step, "Call Dana", "Go to the 7 pm meeting"],
        "reasons": ["My daughter"],
        "people": [{ "name": "Dana", "role": "sponsor", "phone": "(555) 010-2233" },
                   { "name": "Mum", "role": "family", "phone": null }],
        "meetings": [{ "name": "Tuesday Serenity group", "day_of_week": "tuesday", "time": "19:00",
                       "place": "St Mark's hall" }]
    })
}

fn safety(version: i64, enabled: Option<bool>) -> Value {
    let mut body = json!({
        "version": version,
        "warning_signs": ["Not sleeping"],
        "coping_alone": ["Walk the dog"],
        "distractions": ["The library"],
        "people_to_ask": [{ "name": "Dana", "phone": "555-010-2233" }],
        "professionals": [{ "name": "Dr. Lee", "phone": "555 010 9999" }],
        "safer_surroundings": ["Pills kept at my sister's"]
    });
    if let Some(on) = enabled {
        body["enabled"] = json!(on);
    }
    body
}

#[tokio::test]
async fn each_save_is_a_new_version_and_a_save_from_an_old_one_is_refused() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(40)).await;
    let token = clinic.clinician.token();
    let path = clinic.client_path(PLAN);

    let empty = app.get(&path, token).await.expect(200).body;
    assert_eq!(empty["version"], 0);
    assert_eq!(empty["coping_steps"], json!([]));
    assert!(empty["written_at"].is_null());

    let first = put(&app, &path, token, plan(0, "Leave the room")).await.expect(200).body;
    assert_eq!(first["version"], 1);
    assert_eq!(first["coping_steps"][0], "Leave the room");
    assert_eq!(first["high_risk_situations"], json!(["social_pressure", "unpleasant_emotions"]));
    assert_eq!(first["people"][0]["phone"], "(555) 010-2233");
    assert_eq!(first["written_by"], clinic.clinician.id.as_str());
    assert!(first["written_by_name"].is_string());

    let second = put(&app, &path, token, plan(1, "Breathe for a minute")).await.expect(200).body;
    assert_eq!(second["version"], 2);

    // A supervisor who opened version 1 and saves now would lay their words over version 2.
    let stale = put(&app, &path, clinic.supervisor.token(), plan(1, "Something else"))
        .await
        .expect_problem(409);
    assert!(stale.body["detail"].as_str().unwrap().contains("version 2"));
    let latest = app.get(&path, token).await.expect(200).body;
    assert_eq!(latest["version"], 2);
    assert_eq!(latest["coping_steps"][0], "Breathe for a minute");

    // The same plan again makes no version; a save without a version is refused.
    let same = put(&app, &path, token, plan(2, "Breathe for a minute")).await.expect(200).body;
    assert_eq!(same["version"], 2);
    let mut unversioned = plan(0, "x");
    unversioned.as_object_mut().unwrap().remove("version");
    put(&app, &path, token, unversioned).await.expect_problem(422);

    let history = app.get(&format!("{path}/versions"), token).await.expect(200).body;
    assert_eq!(history["total"], 2);
    assert_eq!(history["items"][0]["version"], 2);
    assert_eq!(history["items"][1]["version"], 1);
    assert_eq!(history["items"][1]["coping_steps"][0], "Leave the room");

    // Every version is a row written once; the database refuses to change or remove one (on
    // Postgres as the server's own role, in the practice: the owner could do anything).
    let rows = client_plans::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(rows, 2);
    use sea_orm::{ConnectOptions, ConnectionTrait, Database, TransactionTrait};
    let postgres = app.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    let db = if postgres {
        let mut options = ConnectOptions::new(app.database_url.clone());
        options.max_connections(1).sqlx_logging(false);
        Database::connect(options).await.unwrap()
    } else {
        app.db.clone()
    };
    for sql in ["UPDATE client_plans SET version = version + 10", "DELETE FROM client_plans"] {
        let txn = db.begin().await.unwrap();
        if postgres {
            let set =
                format!("SELECT set_config('app.practice_id', '{}', true)", clinic.practice.id);
            txn.execute_unprepared(&set).await.unwrap();
            // The role sees the rows it would change.
            let seen = client_plans::Entity::find().count(&txn).await.unwrap();
            assert_eq!(seen, 2);
        }
        assert!(txn.execute_unprepared(sql).await.is_err(), "{sql} was allowed");
        txn.rollback().await.unwrap();
    }
    assert_eq!(app.get(&path, token).await.expect(200).body["version"], 2);
}

#[tokio::test]
async fn two_saves_from_the_same_version_at_the_same_moment_make_one_version() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(40)).await;
    let path = clinic.client_path(PLAN);
    let (a, b) = tokio::join!(
        put(&app, &path, clinic.clinician.token(), plan(0, "First writer")),
        put(&app, &path, clinic.supervisor.token(), plan(0, "Second writer")),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "one save wins, the other is told");
    let latest = app.get(&path, clinic.clinician.token()).await.expect(200).body;
    assert_eq!(latest["version"], 1);
    let winner = if a.status == 200 { "First writer" } else { "Second writer" };
    assert_eq!(latest["coping_steps"][0], winner);
    assert_eq!(client_plans::Entity::find().count(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn only_clinical_staff_with_the_client_in_reach_read_or_write_a_plan() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(40)).await;
    let other_clinician = clinic.practice.add_staff(&app, "clinician").await;
    let stranger = Clinic::open(&app, ago(10)).await;
    for kind in [PLAN, SAFETY] {
        let path = clinic.client_path(kind);
        let body = if kind == PLAN { plan(0, "Walk") } else { safety(0, None) };
        app.get(&path, clinic.front_desk.token()).await.expect_problem(403);
        put(&app, &path, clinic.front_desk.token(), body.clone()).await.expect_problem(403);
        app.get(&format!("{path}/versions"), clinic.front_desk.token()).await.expect_problem(403);
        app.get(&path, other_clinician.token()).await.expect_problem(404);
        put(&app, &path, other_clinician.token(), body.clone()).await.expect_problem(404);
        app.get(&path, stranger.clinician.token()).await.expect_problem(404);
        put(&app, &path, stranger.clinician.token(), body.clone()).await.expect_problem(404);
        app.get(&path, stranger.practice.owner.token()).await.expect_problem(404);
        // Nothing was written by any of them.
        assert_eq!(app.get(&path, clinic.supervisor.token()).await.expect(200).body["version"], 0);
        put(&app, &path, clinic.supervisor.token(), body).await.expect(200);
        app.get(&path, clinic.practice.owner.token()).await.expect(200);
    }
    // Every read and save is in the audit log, by kind and version (never the plan's words).
    let events = audit_events::Entity::find()
        .filter(audit_events::Column::EntityType.eq("client_plan"))
        .all(&app.db)
        .await
        .unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"client_plan.read") && actions.contains(&"client_plan.save"));
    for event in &events {
        assert_eq!(event.client_id.map(|c| c.to_string()), Some(clinic.client_id.clone()));
        let detail = event.detail.as_ref().map(Value::to_string).unwrap_or_default();
        assert!(!detail.contains("Walk") && !detail.contains("Dana"), "{detail}");
    }
}

#[tokio::test]
async fn a_bad_plan_is_refused_field_by_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(40)).await;
    let path = clinic.client_path(PLAN);
    let bad = json!({
        "version": 0,
        "warning_signs": ["  "],
        "coping_steps": ["x".repeat(301)],
        "reasons": vec!["a reason"; 21],
        "people": [{ "name": "Dana", "role": "sponsor", "phone": "call me maybe" }],
        "meetings": [{ "name": "Noon group", "time": "7pm", "url": "javascript:alert(1)" }]
    });
    let answer = put(&app, &path, clinic.clinician.token(), bad).await.expect_problem(422);
    let errors = &answer.body["errors"];
    for field in [
        "warning_signs[0]",
        "coping_steps[0]",
        "reasons",
        "people[0].phone",
        "meetings[0].time",
        "meetings[0].url",
    ] {
        assert!(errors.get(field).is_some(), "{field} in {errors}");
    }
    // A situation outside the trigger vocabulary, or a role outside its list, is refused too.
    let mut unknown = plan(0, "Walk");
    unknown["high_risk_situations"] = json!(["boredom"]);
    let answer = put(&app, &path, clinic.clinician.token(), unknown).await;
    assert!(answer.status == 400 || answer.status == 422, "{}", answer.status);
    let mut role = safety(0, None);
    role["people_to_ask"] = json!([{ "name": "Dana", "phone": "x" }]);
    put(&app, &clinic.client_path(SAFETY), clinic.clinician.token(), role)
        .await
        .expect_problem(422);
    assert_eq!(app.get(&path, clinic.clinician.token()).await.expect(200).body["version"], 0);
    assert_eq!(client_plans::Entity::find().count(&app.db).await.unwrap(), 0);
}

async fn issue_link(app: &TestApp, clinic: &Clinic) -> Phone {
    let link = app
        .post(&clinic.client_path("/self-report-links"), clinic.clinician.token(), json!({}))
        .await
        .expect(201)
        .body;
    Phone::bare(link["token"].as_str().unwrap())
}

async fn open(app: &TestApp, phone: &Phone) -> Answer {
    app.request_with(Method::GET, &page(&phone.token), None, None, &phone.headers()).await
}

#[tokio::test]
async fn the_link_page_carries_the_plan_only_after_the_claim_and_the_safety_plan_when_on() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(40)).await;
    let token = clinic.clinician.token();
    put(&app, &clinic.client_path(PLAN), token, plan(0, "Leave the room")).await.expect(200);
    put(&app, &clinic.client_path(SAFETY), token, safety(0, Some(false))).await.expect(200);

    let mut phone = issue_link(&app, &clinic).await;
    let unclaimed = open(&app, &phone).await.expect(200).body;
    assert_eq!(unclaimed["claim_required"], true);
    assert!(unclaimed.get("plan").is_none(), "{unclaimed}");
    assert!(!unclaimed.to_string().contains("Leave the room"));

    let claimed = phone.claim(&app).await.expect(200).body;
    assert_eq!(claimed["plan"]["coping_steps"][0], "Leave the room");
    assert_eq!(claimed["plan"]["people"][0]["phone"], "(555) 010-2233");
    assert!(claimed["safety_plan"].is_null(), "turned off: not on the page");
    assert_eq!(claimed["time_zone"], "America/Chicago");
    // The plan names no staff member and carries no version bookkeeping.
    assert!(claimed["plan"].get("written_by").is_none());

    // Another browser holding only the token sees nothing of it.
    let guess = open(&app, &Phone::bare(&phone.token)).await;
    assert_eq!(guess.status, 404);

    put(&app, &clinic.client_path(SAFETY), token, safety(1, Some(true))).await.expect(200);
    put(&app, &clinic.client_path(PLAN), token, plan(1, "Text Dana")).await.expect(200);
    let view = open(&app, &phone).await.expect(200).body;
    assert_eq!(view["safety_plan"]["coping_alone"][0], "Walk the dog");
    assert_eq!(view["plan"]["coping_steps"][0], "Text Dana", "the latest version");

    // After a reported slip, the check-in's answer carries the plan too.
    let path = format!("{}/check-ins", page(&phone.token));
    let body = json!({ "used": true, "substances": ["alcohol"], "craving": 8, "mood": 3 });
    let answer = app
        .request_with(Method::POST, &path, None, Some(&body), &phone.headers())
        .await
        .expect(201);
    assert_eq!(answer.body["plan"]["coping_steps"][1], "Call Dana");
}

#[tokio::test]
async fn a_relapse_is_held_against_the_plan_the_client_had() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(40)).await;
    let token = clinic.clinician.token();
    let relapses = clinic.client_path("/relapses");
    let episode = |signs: Value, tried: &str| {
        json!({ "kind": "lapse", "occurred_on": ago(2), "substances": ["alcohol"],
                "triggers": ["social_pressure"], "warning_signs_present": signs,
                "plan_steps_tried": tried })
    };
    // No plan yet: nothing to hold it against.
    app.post(&relapses, token, episode(json!([]), "partly")).await.expect_problem(422);

    put(&app, &clinic.client_path(PLAN), token, plan(0, "Leave the room")).await.expect(200);
    let answer = app
        .post(&relapses, token, episode(json!(["Not one of theirs"]), "partly"))
        .await
        .expect_problem(422);
    assert!(answer.body["errors"].get("warning_signs_present[0]").is_some());

    let saved = app
        .post(&relapses, token, episode(json!(["Thinking one drink is fine"]), "partly"))
        .await
        .expect(201)
        .body;
    assert_eq!(saved["plan_version"], 1);
    assert_eq!(saved["warning_signs_present"], json!(["Thinking one drink is fine"]));
    assert_eq!(saved["plan_steps_tried"], "partly");

    // A later plan does not rewrite what the episode was held against.
    put(&app, &clinic.client_path(PLAN), token, plan(1, "Text Dana")).await.expect(200);
    let changed = app
        .patch(
            &format!("/api/v1/relapses/{}", id(&saved)),
            token,
            json!({ "version": 1, "plan_steps_tried": "yes" }),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(changed["plan_version"], 1);
    assert_eq!(changed["plan_steps_tried"], "yes");
    assert_eq!(changed["warning_signs_present"], json!(["Thinking one drink is fine"]));

    // An episode recorded without the plan has none of it.
    let plain = clinic.episode(&app, "lapse", ago(1), None).await;
    assert!(plain["plan_version"].is_null());
    assert_eq!(plain["warning_signs_present"], json!([]));
}

/// A log writer that keeps every line in memory.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn nothing_of_a_plan_is_in_any_log_line() {
    let captured = Captured::default();
    // The server's own filter, one step more talkative (debug for Daybreak and its layers).
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("debug,sqlx=warn,sea_orm=warn,sea_orm_migration=warn,hyper=info")
        .with_writer(captured.clone())
        .finish();
    // The test's runtime has one thread: the server's tasks log through this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(40)).await;
    let token = clinic.clinician.token();
    let secret = "Marigold-unicorn-7741";
    let mut body = plan(0, secret);
    body["people"][0]["name"] = json!(format!("{secret} sponsor"));
    put(&app, &clinic.client_path(PLAN), token, body.clone()).await.expect(200);
    // Refusals log too: a stale save, a bad one, another practice's attempt.
    put(&app, &clinic.client_path(PLAN), token, body.clone()).await.expect_problem(409);
    body["version"] = json!(1);
    body["meetings"][0]["url"] = json!(format!("ftp://{secret}"));
    put(&app, &clinic.client_path(PLAN), token, body).await.expect_problem(422);
    app.get(&format!("{}{PLAN}/versions", clinic.client_path("")), token).await.expect(200);
    let mut phone = issue_link(&app, &clinic).await;
    phone.claim(&app).await.expect(200);
    open(&app, &phone).await.expect(200);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The capture works: the requests themselves are in it.
    assert!(logs.contains("relapse-prevention-plan"), "no request was logged:\n{logs}");
    assert!(!logs.contains(secret), "a plan's words reached a log line");
}

#[tokio::test]
async fn the_report_can_carry_the_plan_and_the_periods_triggers_against_it() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(40)).await;
    let token = clinic.clinician.token();
    put(&app, &clinic.client_path(PLAN), token, plan(0, "Leave the room")).await.expect(200);
    // Two lapses: one named a situation on the plan, the other one that is not on it yet.
    for (days, trigger) in [(9, "social_pressure"), (4, "physical_discomfort")] {
        app.post(
            &clinic.client_path("/relapses"),
            token,
            json!({ "kind": "lapse", "occurred_on": ago(days), "substances": ["alcohol"],
                    "triggers": [trigger] }),
        )
        .await
        .expect(201);
    }
    let report = |query: &str| {
        format!("{}?from={}&to={}{query}", clinic.client_path("/report.pdf"), ago(29), ago(0))
    };
    let (status, _, with) = app.get_bytes(&report("&internal=true&include_plan=true"), token).await;
    assert_eq!(status, 200);
    let (_, _, without) = app.get_bytes(&report("&internal=true"), token).await;

    // A consent that does not cover notes does not cover the plan either: 422, nothing sent.
    let consent = app
        .post(
            &clinic.client_path("/consents"),
            token,
            json!({ "recipient": "County drug court", "purpose": "Progress for the court",
                    "information": "Progress reports", "includes_notes": false,
                    "expiry_event": "End of probation", "signed_on": ago(1) }),
        )
        .await
        .expect(201)
        .body;
    let refused = app
        .request(
            Method::GET,
            &report(&format!("&consent_id={}&include_plan=true", id(&consent))),
            Some(token),
            None,
        )
        .await
        .expect_problem(422);
    assert!(refused.body["errors"].get("include_plan").is_some());

    let Some(text) = daybreak::reports::pdftotext(&with) else { return };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Relapse-prevention plan",
        "Version 1, written",
        "1. Leave the room 2. Call Dana 3. Go to the 7 pm meeting",
        "Dana (sponsor)",
        "Tuesday Serenity group",
        "Social pressure 1 Yes",
        "Physical discomfort 1 Not yet",
        "Unpleasant emotions 0 Yes",
    ] {
        assert!(flat.contains(expected), "{expected:?} not in the report:\n{text}");
    }
    assert!(!flat.contains("010-2233"), "the client's people's numbers stay off paper");
    let without = daybreak::reports::pdftotext(&without).unwrap();
    assert!(!without.contains("Relapse-prevention plan") && !without.contains("Leave the room"));
}
