//! The attacker's matrix: every endpoint of the OpenAPI document × every role × (own
//! practice, another practice, another clinician's client). Each refusal is the expected
//! status (403 for a role, 404 for anything outside the caller's reach, exactly like a
//! missing record), every allowed read answers 2xx, another practice's lists never show
//! this practice's records, and after all the refused attempts nothing has changed.

use reqwest::Method;
use serde_json::{Value, json};

use crate::{
    clinical_support::{Clinic, ago, id},
    support::{TestApp, TestStaff},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Owner,
    Supervisor,
    Clinician,
    FrontDesk,
}

use Role::*;

const CLINICAL: &[Role] = &[Owner, Supervisor, Clinician];
const EVERYONE: &[Role] = &[Owner, Supervisor, Clinician, FrontDesk];
const OWNER: &[Role] = &[Owner];

/// Who may reach an operation, and how its target is found.
#[derive(Clone, Copy, Debug)]
enum Rule {
    /// No token (sign-up, sign-in, self-report link): covered by their own tests.
    Public,
    /// The caller's own account.
    Me,
    /// A practice-wide operation without a record id: the roles allowed.
    Practice(&'static [Role]),
    /// A record of the practice's client: the roles allowed; another clinician gets 404.
    Client(&'static [Role]),
    /// A staff member (not the caller): the roles allowed.
    Member(&'static [Role]),
    /// A report export: its requester only (the clinician); the front desk 403, others 404.
    Export,
}

struct Op {
    method: Method,
    path: &'static str,
    rule: Rule,
    body: Option<Value>,
}

fn op(method: Method, path: &'static str, rule: Rule, body: Option<Value>) -> Op {
    Op { method, path, rule, body }
}

/// Every operation of the API with a body that would be valid, so a refusal is about who
/// asks, never about the body.
fn operations() -> Vec<Op> {
    let day = json!({ "day": ago(1), "used": false, "substances": [], "craving": 1, "mood": 5,
                      "attended_meeting": false, "contacted_sponsor": false });
    let note = json!({ "session_on": ago(1), "duration_minutes": 30, "format": "free",
                       "sections": { "text": "x" } });
    let episode =
        json!({ "kind": "lapse", "occurred_on": ago(1), "substances": [], "triggers": [] });
    let export = json!({ "from": ago(30), "to": ago(1), "internal": true });
    let consent = json!({ "recipient": "County drug court", "purpose": "Progress for the court",
                          "information": "Progress reports", "includes_notes": false,
                          "expires_on": ago(0), "signed_on": ago(1) });
    let staff = json!({ "name": "Intruder", "email": "intruder@example.com", "role": "owner",
                        "password": "correct horse battery staple" });
    vec![
        op(Method::GET, "/healthz", Rule::Public, None),
        op(Method::GET, "/readyz", Rule::Public, None),
        op(Method::POST, "/api/v1/auth/signup", Rule::Public, None),
        op(Method::POST, "/api/v1/auth/login", Rule::Public, None),
        op(Method::POST, "/api/v1/auth/refresh", Rule::Public, None),
        op(Method::POST, "/api/v1/auth/logout", Rule::Public, None),
        op(Method::GET, "/api/v1/self-report/{token}", Rule::Public, None),
        op(Method::POST, "/api/v1/self-report/{token}/claim", Rule::Public, None),
        op(Method::POST, "/api/v1/self-report/{token}/check-ins", Rule::Public, None),
        op(Method::POST, "/api/v1/self-report/{token}/measures", Rule::Public, None),
        op(Method::GET, "/api/v1/me", Rule::Me, None),
        op(Method::POST, "/api/v1/me/password", Rule::Me, None),
        op(Method::POST, "/api/v1/me/two-factor/setup", Rule::Me, None),
        op(Method::POST, "/api/v1/me/two-factor/enable", Rule::Me, None),
        op(Method::POST, "/api/v1/me/two-factor/disable", Rule::Me, None),
        op(Method::POST, "/api/v1/me/two-factor/recovery-codes", Rule::Me, None),
        op(Method::GET, "/api/v1/practice", Rule::Practice(OWNER), None),
        op(
            Method::PATCH,
            "/api/v1/practice",
            Rule::Practice(OWNER),
            Some(json!({ "version": 1, "name": "Taken" })),
        ),
        op(Method::GET, "/api/v1/staff", Rule::Practice(OWNER), None),
        op(Method::POST, "/api/v1/staff", Rule::Practice(OWNER), Some(staff)),
        op(Method::GET, "/api/v1/staff/clinicians", Rule::Practice(EVERYONE), None),
        op(Method::GET, "/api/v1/staff/{member}", Rule::Member(OWNER), None),
        op(
            Method::PATCH,
            "/api/v1/staff/{member}",
            Rule::Member(OWNER),
            Some(json!({ "version": 1, "role": "owner" })),
        ),
        op(
            Method::POST,
            "/api/v1/staff/{member}/two-factor/reset",
            Rule::Member(OWNER),
            Some(json!({})),
        ),
        op(Method::GET, "/api/v1/audit", Rule::Practice(OWNER), None),
        op(Method::GET, "/api/v1/audit.csv", Rule::Practice(OWNER), None),
        op(Method::GET, "/api/v1/clients", Rule::Practice(EVERYONE), None),
        op(
            Method::POST,
            "/api/v1/clients",
            Rule::Practice(EVERYONE),
            Some(json!({ "first_name": "A", "last_name": "B" })),
        ),
        op(Method::GET, "/api/v1/clients/{client}", Rule::Client(EVERYONE), None),
        op(
            Method::PATCH,
            "/api/v1/clients/{client}",
            Rule::Client(EVERYONE),
            Some(json!({ "version": 1, "first_name": "Taken" })),
        ),
        op(
            Method::POST,
            "/api/v1/clients/{client}/archive",
            Rule::Client(CLINICAL),
            Some(json!({})),
        ),
        op(
            Method::POST,
            "/api/v1/clients/{client}/unarchive",
            Rule::Client(CLINICAL),
            Some(json!({})),
        ),
        op(Method::GET, "/api/v1/clients/{client}/progress", Rule::Client(CLINICAL), None),
        op(Method::GET, "/api/v1/clients/{client}/notes", Rule::Client(CLINICAL), None),
        op(Method::POST, "/api/v1/clients/{client}/notes", Rule::Client(CLINICAL), Some(note)),
        op(Method::GET, "/api/v1/notes/{note}", Rule::Client(CLINICAL), None),
        op(
            Method::PATCH,
            "/api/v1/notes/{note}",
            Rule::Client(CLINICAL),
            Some(json!({ "version": 1, "duration_minutes": 5 })),
        ),
        op(Method::POST, "/api/v1/notes/{note}/sign", Rule::Client(CLINICAL), Some(json!({}))),
        op(
            Method::POST,
            "/api/v1/notes/{signed}/cosign",
            Rule::Client(&[Owner, Supervisor]),
            Some(json!({})),
        ),
        op(
            Method::POST,
            "/api/v1/notes/{signed}/addenda",
            Rule::Client(CLINICAL),
            Some(json!({ "text": "x" })),
        ),
        op(Method::GET, "/api/v1/clients/{client}/relapses", Rule::Client(CLINICAL), None),
        op(
            Method::POST,
            "/api/v1/clients/{client}/relapses",
            Rule::Client(CLINICAL),
            Some(episode),
        ),
        op(Method::GET, "/api/v1/relapses/{episode}", Rule::Client(CLINICAL), None),
        op(
            Method::PATCH,
            "/api/v1/relapses/{episode}",
            Rule::Client(CLINICAL),
            Some(json!({ "version": 1, "notes": "x" })),
        ),
        op(Method::DELETE, "/api/v1/relapses/{episode}", Rule::Client(CLINICAL), None),
        op(
            Method::GET,
            "/api/v1/clients/{client}/relapse-prevention-plan",
            Rule::Client(CLINICAL),
            None,
        ),
        op(
            Method::PUT,
            "/api/v1/clients/{client}/relapse-prevention-plan",
            Rule::Client(CLINICAL),
            Some(json!({ "version": 0, "coping_steps": ["Call my sponsor"] })),
        ),
        op(
            Method::GET,
            "/api/v1/clients/{client}/relapse-prevention-plan/versions",
            Rule::Client(CLINICAL),
            None,
        ),
        op(Method::GET, "/api/v1/clients/{client}/safety-plan", Rule::Client(CLINICAL), None),
        op(
            Method::PUT,
            "/api/v1/clients/{client}/safety-plan",
            Rule::Client(CLINICAL),
            Some(json!({ "version": 0, "coping_alone": ["Walk the dog"] })),
        ),
        op(
            Method::GET,
            "/api/v1/clients/{client}/safety-plan/versions",
            Rule::Client(CLINICAL),
            None,
        ),
        op(Method::GET, "/api/v1/clients/{client}/screens", Rule::Client(EVERYONE), None),
        op(
            Method::POST,
            "/api/v1/clients/{client}/screens",
            Rule::Client(EVERYONE),
            Some(json!({ "collected_at": "2026-01-05T15:00:00Z", "specimen": "urine",
                         "method": "point_of_care" })),
        ),
        op(
            Method::POST,
            "/api/v1/screens/bulk",
            Rule::Practice(EVERYONE),
            Some(json!({ "collected_at": "2026-01-05T15:00:00Z", "specimen": "urine",
                         "method": "point_of_care", "screens": [] })),
        ),
        op(
            Method::POST,
            "/api/v1/screens/import?dry_run=true",
            Rule::Practice(CLINICAL),
            Some(json!("client,collected_at,substance,result\n")),
        ),
        op(Method::GET, "/api/v1/screens/{screen}", Rule::Client(EVERYONE), None),
        op(
            Method::POST,
            "/api/v1/screens/{screen}/amend",
            Rule::Client(CLINICAL),
            Some(json!({ "reason": "lab", "results": [] })),
        ),
        op(Method::GET, "/api/v1/me/calendar-feed", Rule::Practice(CLINICAL), None),
        op(Method::POST, "/api/v1/me/calendar-feed", Rule::Practice(CLINICAL), Some(json!({}))),
        op(Method::DELETE, "/api/v1/me/calendar-feed", Rule::Practice(CLINICAL), None),
        op(Method::GET, "/cal/{token}", Rule::Public, None),
        op(Method::GET, "/api/v1/appointments", Rule::Practice(EVERYONE), None),
        op(Method::GET, "/api/v1/appointments/awaiting-notes", Rule::Practice(CLINICAL), None),
        op(
            Method::POST,
            "/api/v1/appointments",
            Rule::Practice(EVERYONE),
            // Allowed to every role; reaching another practice's client or clinician is
            // appointments.rs's business (404 and 422).
            None,
        ),
        op(Method::GET, "/api/v1/appointments/{appointment}", Rule::Client(EVERYONE), None),
        op(
            Method::PATCH,
            "/api/v1/appointments/{appointment}",
            Rule::Client(EVERYONE),
            Some(json!({ "version": 1, "location": "Elsewhere" })),
        ),
        op(
            Method::POST,
            "/api/v1/appointments/{appointment}/status",
            Rule::Client(EVERYONE),
            Some(json!({ "status": "cancelled_by_practice" })),
        ),
        // A group is reached as a client is: the practice's staff, and of its clinicians
        // its facilitators (the client's clinician facilitates; another clinician gets 404).
        op(Method::GET, "/api/v1/groups", Rule::Practice(EVERYONE), None),
        op(
            Method::POST,
            "/api/v1/groups",
            Rule::Practice(EVERYONE),
            Some(json!({ "name": "Evening", "default_minutes": 90, "facilitator_ids": [] })),
        ),
        op(Method::GET, "/api/v1/groups/{group}", Rule::Client(EVERYONE), None),
        op(
            Method::PATCH,
            "/api/v1/groups/{group}",
            Rule::Client(EVERYONE),
            Some(json!({ "version": 1, "name": "Taken" })),
        ),
        op(
            Method::POST,
            "/api/v1/groups/{group}/members",
            Rule::Client(EVERYONE),
            Some(json!({ "client_id": "00000000-0000-7000-8000-000000000000" })),
        ),
        op(
            Method::POST,
            "/api/v1/groups/{group}/members/{client}/leave",
            Rule::Client(EVERYONE),
            Some(json!({})),
        ),
        op(Method::GET, "/api/v1/groups/{group}/sessions", Rule::Client(EVERYONE), None),
        op(
            Method::POST,
            "/api/v1/groups/{group}/sessions",
            Rule::Client(EVERYONE),
            Some(json!({ "starts_at": "2026-01-05T15:00:00Z" })),
        ),
        op(Method::GET, "/api/v1/group-sessions", Rule::Practice(EVERYONE), None),
        op(Method::GET, "/api/v1/group-sessions/{group_session}", Rule::Client(EVERYONE), None),
        op(
            Method::PATCH,
            "/api/v1/group-sessions/{group_session}",
            Rule::Client(EVERYONE),
            Some(json!({ "version": 1, "topic": "Taken" })),
        ),
        op(
            Method::PUT,
            "/api/v1/group-sessions/{group_session}/attendance",
            Rule::Client(EVERYONE),
            Some(json!({ "entries": [] })),
        ),
        op(
            Method::POST,
            "/api/v1/group-sessions/{group_session}/sign",
            Rule::Client(CLINICAL),
            Some(json!({})),
        ),
        op(Method::GET, "/api/v1/clients/{client}/medications", Rule::Client(CLINICAL), None),
        op(
            Method::POST,
            "/api/v1/clients/{client}/medications",
            Rule::Client(CLINICAL),
            Some(json!({ "name": "Suboxone", "class": "buprenorphine_naloxone",
                         "started_on": "2026-01-01" })),
        ),
        op(
            Method::PATCH,
            "/api/v1/medications/{medication}",
            Rule::Client(CLINICAL),
            Some(json!({ "version": 1, "dose": "4 mg" })),
        ),
        op(Method::GET, "/api/v1/clients/{client}/check-ins", Rule::Client(CLINICAL), None),
        op(Method::POST, "/api/v1/clients/{client}/check-ins", Rule::Client(CLINICAL), Some(day)),
        op(Method::GET, "/api/v1/alerts", Rule::Practice(CLINICAL), None),
        op(
            Method::POST,
            "/api/v1/alerts/{alert}/acknowledge",
            Rule::Client(CLINICAL),
            Some(json!({})),
        ),
        op(Method::GET, "/api/v1/clients/{client}/self-report-links", Rule::Client(EVERYONE), None),
        op(
            Method::POST,
            "/api/v1/clients/{client}/self-report-links",
            Rule::Client(EVERYONE),
            Some(json!({})),
        ),
        op(
            Method::POST,
            "/api/v1/self-report-links/{link}/revoke",
            Rule::Client(EVERYONE),
            Some(json!({})),
        ),
        op(Method::GET, "/api/v1/clients/{client}/measure-schedules", Rule::Client(CLINICAL), None),
        op(
            Method::POST,
            "/api/v1/clients/{client}/measure-schedules",
            Rule::Client(CLINICAL),
            Some(json!({ "code": "phq9", "every_days": 7 })),
        ),
        op(Method::DELETE, "/api/v1/measure-schedules/{schedule}", Rule::Client(CLINICAL), None),
        op(Method::GET, "/api/v1/clients/{client}/measures", Rule::Client(CLINICAL), None),
        op(
            Method::GET,
            "/api/v1/clients/{client}/report.pdf?internal=true",
            Rule::Client(CLINICAL),
            None,
        ),
        op(Method::GET, "/api/v1/clients/{client}/consents", Rule::Client(EVERYONE), None),
        op(
            Method::POST,
            "/api/v1/clients/{client}/consents",
            Rule::Client(EVERYONE),
            Some(consent),
        ),
        op(Method::GET, "/api/v1/consents/{consent}", Rule::Client(EVERYONE), None),
        op(
            Method::POST,
            "/api/v1/consents/{consent}/revoke",
            Rule::Client(EVERYONE),
            Some(json!({})),
        ),
        op(
            Method::PUT,
            "/api/v1/consents/{consent}/document",
            Rule::Client(EVERYONE),
            Some(json!({})),
        ),
        op(Method::GET, "/api/v1/consents/{consent}/document", Rule::Client(EVERYONE), None),
        op(Method::GET, "/api/v1/clients/{client}/disclosures", Rule::Client(EVERYONE), None),
        op(Method::GET, "/api/v1/clients/{client}/disclosures.csv", Rule::Client(EVERYONE), None),
        op(Method::GET, "/api/v1/clients/{client}/disclosures.pdf", Rule::Client(EVERYONE), None),
        op(Method::GET, "/api/v1/report-exports", Rule::Practice(CLINICAL), None),
        op(Method::POST, "/api/v1/report-exports", Rule::Practice(CLINICAL), Some(export)),
        op(Method::GET, "/api/v1/report-exports/{export}", Rule::Export, None),
        op(Method::GET, "/api/v1/report-exports/{export}/download", Rule::Export, None),
    ]
}

/// The OpenAPI path of an operation (its `{...}` placeholders named `{id}` or `{token}`).
fn documented_path(path: &str) -> String {
    let mut out = String::new();
    let path = path.split('?').next().unwrap_or(path);
    for part in path.split('/') {
        if !out.is_empty() || part.is_empty() {
            out.push('/');
        }
        out.push_str(match part {
            "{token}" => "{token}",
            // A member of a group is named by their client id.
            p if p.starts_with('{') && out.ends_with("/members/") => "{client_id}",
            p if p.starts_with('{') => "{id}",
            p => p,
        });
    }
    out.replacen("//", "/", 1)
}

struct Caller {
    who: &'static str,
    token: String,
    role: Role,
    /// Another practice's member.
    outsider: bool,
    /// A clinician of this practice whose caseload does not hold the client.
    other_caseload: bool,
}

/// What `caller` must get for `op`: Some(status) for a refusal, None when it is allowed.
fn refusal(op: &Op, caller: &Caller) -> Option<u16> {
    match op.rule {
        Rule::Public | Rule::Me => None,
        Rule::Practice(roles) => (!caller.outsider && !roles.contains(&caller.role)).then_some(403),
        // The role answers first (403 whatever the id, so it tells nothing about the
        // record), then the reach: another practice's or caseload's record is 404.
        Rule::Member(roles) | Rule::Client(roles) => {
            if !roles.contains(&caller.role) {
                Some(403)
            } else if caller.outsider
                || (caller.other_caseload && matches!(op.rule, Rule::Client(_)))
            {
                Some(404)
            } else {
                None
            }
        }
        Rule::Export => match caller {
            c if c.role == FrontDesk => Some(403),
            c if c.outsider => Some(404),
            c if c.role == Clinician && !c.other_caseload => None,
            _ => Some(404),
        },
    }
}

/// What a practice's users would look at to see whether anything changed.
async fn snapshot(app: &TestApp, clinic: &Clinic, ids: &[(&str, String)]) -> Vec<Value> {
    let owner = clinic.practice.owner.token();
    let get = |path: String| async move { app.get(&path, owner).await.expect(200).body };
    let mut seen = vec![
        get("/api/v1/practice".into()).await,
        get("/api/v1/staff?per_page=100".into()).await,
        get(clinic.client_path("")).await,
        get(clinic.client_path("/notes")).await,
        get(clinic.client_path("/relapses")).await,
        get(clinic.client_path("/relapses?status=archived")).await,
        get(clinic.client_path("/check-ins")).await,
        get(clinic.client_path("/self-report-links")).await,
        get(clinic.client_path("/measure-schedules")).await,
        get(clinic.client_path("/consents")).await,
        get(clinic.client_path("/relapse-prevention-plan/versions")).await,
        get(clinic.client_path("/safety-plan/versions")).await,
        get(clinic.client_path("/screens")).await,
        get(clinic.client_path("/medications")).await,
        get(format!("/api/v1/appointments?from={}&to={}", ago(7), ago(0))).await,
        get("/api/v1/alerts".into()).await,
        get("/api/v1/clients?per_page=100".into()).await,
        get("/api/v1/clients?status=archived&per_page=100".into()).await,
    ];
    for (name, id) in ids {
        match *name {
            "note" | "signed" => seen.push(get(format!("/api/v1/notes/{id}")).await),
            "episode" => seen.push(get(format!("/api/v1/relapses/{id}")).await),
            "screen" => seen.push(get(format!("/api/v1/screens/{id}")).await),
            "appointment" => seen.push(get(format!("/api/v1/appointments/{id}")).await),
            "group" => seen.push(get(format!("/api/v1/groups/{id}")).await),
            "group_session" => seen.push(get(format!("/api/v1/group-sessions/{id}")).await),
            "member" => seen.push(get(format!("/api/v1/staff/{id}")).await),
            _ => {}
        }
    }
    // A streak grows by itself at the practice's midnight (a run may cross it): what the
    // records hold is compared, not figures counted up to today.
    fn without_todays_figures(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("current_streak_days");
                map.values_mut().for_each(without_todays_figures);
            }
            Value::Array(items) => items.iter_mut().for_each(without_todays_figures),
            _ => {}
        }
    }
    seen.iter_mut().for_each(without_todays_figures);
    seen
}

#[tokio::test]
async fn every_endpoint_refuses_every_role_and_tenant_it_must_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let c1 = clinic.clinician.token();
    let note = clinic.draft(&app, &clinic.clinician).await;
    let signed = clinic.draft(&app, &clinic.clinician).await;
    app.post(&format!("/api/v1/notes/{}/sign", id(&signed)), c1, json!({})).await.expect(200);
    let episode = app
        .post(
            &clinic.client_path("/relapses"),
            c1,
            json!({ "kind": "lapse", "occurred_on": ago(2), "substances": [], "triggers": [],
                    "consequences": ["overdose"] }),
        )
        .await
        .expect(201)
        .body;
    let alerts = app.get("/api/v1/alerts", c1).await.expect(200).body;
    let alert = alerts["items"][0]["id"].as_str().expect("an alert").to_owned();
    let schedule = app
        .post(
            &clinic.client_path("/measure-schedules"),
            c1,
            json!({ "code": "gad7", "every_days": 14 }),
        )
        .await
        .expect(201)
        .body;
    let link =
        app.post(&clinic.client_path("/self-report-links"), c1, json!({})).await.expect(201).body;
    let export = app
        .post(
            "/api/v1/report-exports",
            c1,
            json!({ "from": ago(30), "to": ago(1), "internal": true }),
        )
        .await
        .expect(202)
        .body;
    let member = clinic.practice.add_staff(&app, "front_desk").await;
    let consent = app
        .post(
            &clinic.client_path("/consents"),
            c1,
            json!({ "recipient": "Dr. Lee", "purpose": "Care coordination",
                    "information": "Progress reports and attendance", "includes_notes": true,
                    "expiry_event": "End of treatment", "signed_on": ago(3) }),
        )
        .await
        .expect(201)
        .body;
    let signed_copy = app
        .http
        .put(format!("{}/api/v1/consents/{}/document", app.base, id(&consent)))
        .bearer_auth(c1)
        .body(b"%PDF-1.7 the signed consent".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(signed_copy.status(), 200);
    let screen = app
        .post(
            &clinic.client_path("/screens"),
            c1,
            json!({ "collected_at": format!("{}T15:00:00Z", ago(2)), "specimen": "urine",
                    "method": "point_of_care",
                    "results": [{ "substance": "cocaine", "result": "negative" }] }),
        )
        .await
        .expect(201)
        .body;
    let medication = app
        .post(
            &clinic.client_path("/medications"),
            c1,
            json!({ "name": "Suboxone", "class": "buprenorphine_naloxone", "started_on": ago(20) }),
        )
        .await
        .expect(201)
        .body;
    let appointment = app
        .post(
            "/api/v1/appointments",
            c1,
            json!({ "client_id": clinic.client_id, "clinician_id": clinic.clinician.id,
                    "starts_at": format!("{}T15:00:00Z", ago(2)), "duration_minutes": 50,
                    "kind": "individual" }),
        )
        .await
        .expect(201)
        .body["items"][0]
        .clone();
    let group = app
        .post(
            "/api/v1/groups",
            clinic.supervisor.token(),
            json!({ "name": "Evening IOP", "default_minutes": 90,
                    "facilitator_ids": [clinic.clinician.id] }),
        )
        .await
        .expect(201)
        .body;
    app.post(
        &format!("/api/v1/groups/{}/members", id(&group)),
        c1,
        json!({ "client_id": clinic.client_id, "joined_on": ago(20) }),
    )
    .await
    .expect(201);
    let group_session = app
        .post(
            &format!("/api/v1/groups/{}/sessions", id(&group)),
            c1,
            json!({ "starts_at": format!("{}T23:00:00Z", ago(2)) }),
        )
        .await
        .expect(201)
        .body;
    let ids = [
        ("group_session", id(&group_session).to_owned()),
        ("group", id(&group).to_owned()),
        ("appointment", id(&appointment).to_owned()),
        ("screen", id(&screen).to_owned()),
        ("medication", id(&medication).to_owned()),
        ("consent", id(&consent).to_owned()),
        ("client", clinic.client_id.clone()),
        ("note", id(&note).to_owned()),
        ("signed", id(&signed).to_owned()),
        ("episode", id(&episode).to_owned()),
        ("alert", alert),
        ("schedule", id(&schedule).to_owned()),
        ("link", id(&link).to_owned()),
        ("export", id(&export).to_owned()),
        ("member", member.id.clone()),
    ];

    let other_clinician = clinic.practice.add_staff(&app, "clinician").await;
    let outsider = app.signup("Elsewhere").await;
    let outsider_clinician = outsider.add_staff(&app, "clinician").await;
    let outsider_front_desk = outsider.add_staff(&app, "front_desk").await;
    let outsider_supervisor = outsider.add_staff(&app, "supervisor").await;
    let caller = |who, staff: &TestStaff, role, outsider, other_caseload| Caller {
        who,
        token: staff.access_token.clone(),
        role,
        outsider,
        other_caseload,
    };
    let callers = [
        caller("owner", &clinic.practice.owner, Owner, false, false),
        caller("supervisor", &clinic.supervisor, Supervisor, false, false),
        caller("the client's clinician", &clinic.clinician, Clinician, false, false),
        caller("another clinician", &other_clinician, Clinician, false, true),
        caller("front desk", &clinic.front_desk, FrontDesk, false, false),
        caller("another practice's owner", &outsider.owner, Owner, true, false),
        caller("another practice's clinician", &outsider_clinician, Clinician, true, false),
        caller("another practice's supervisor", &outsider_supervisor, Supervisor, true, false),
        caller("another practice's front desk", &outsider_front_desk, FrontDesk, true, false),
    ];

    // The table covers the API: a new endpoint must be added here to pass.
    let doc = app.request(Method::GET, "/api/v1/openapi.json", None, None).await.expect(200);
    let mut documented: Vec<String> = doc.body["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, methods)| {
            methods.as_object().unwrap().keys().map(move |m| format!("{} {path}", m.to_uppercase()))
        })
        .collect();
    let mut listed: Vec<String> =
        operations().iter().map(|o| format!("{} {}", o.method, documented_path(o.path))).collect();
    documented.sort();
    listed.sort();
    assert_eq!(listed, documented, "the matrix and the OpenAPI document list different endpoints");

    let before = snapshot(&app, &clinic, &ids).await;
    let mut tried = 0;
    for op in operations() {
        let mut path = op.path.to_owned();
        for (name, value) in &ids {
            path = path.replace(&format!("{{{name}}}"), value);
        }
        for c in &callers {
            if matches!(op.rule, Rule::Public)
                || (matches!(op.rule, Rule::Me) && op.method != Method::GET)
            {
                continue;
            }
            let refused = refusal(&op, c);
            // Allowed writes are the other tests' business (they would change the record);
            // an allowed read must answer, a refused anything must be refused.
            if refused.is_none() && op.method != Method::GET {
                continue;
            }
            // Another practice's practice-wide operations act in its own practice.
            if c.outsider && matches!(op.rule, Rule::Practice(_)) {
                if op.method == Method::GET {
                    let answer = app.request(op.method.clone(), &path, Some(&c.token), None).await;
                    let text = answer.body.to_string();
                    for (name, value) in &ids {
                        assert!(
                            !text.contains(value.as_str()),
                            "{}: GET {path} shows our {name}",
                            c.who
                        );
                    }
                    assert!(!text.contains("Rivera"), "{}: GET {path} shows our client", c.who);
                    tried += 1;
                }
                continue;
            }
            let answer =
                app.request(op.method.clone(), &path, Some(&c.token), op.body.as_ref()).await;
            tried += 1;
            match refused {
                Some(status) => {
                    assert_eq!(
                        answer.status.as_u16(),
                        status,
                        "{}: {} {path} → {}",
                        c.who,
                        op.method,
                        answer.body
                    );
                    if answer.content_type().starts_with("application/problem+json") {
                        // A refusal says nothing about the record behind it.
                        let detail = answer.body["detail"].as_str().unwrap_or_default();
                        assert!(!detail.contains("Rivera") && !detail.contains("Sam"), "{detail}");
                    }
                }
                None => assert!(
                    answer.status.is_success(),
                    "{}: {} {path} → {} {}",
                    c.who,
                    op.method,
                    answer.status,
                    answer.body
                ),
            }
        }
    }
    let after = snapshot(&app, &clinic, &ids).await;
    for (before, after) in before.iter().zip(&after) {
        assert_eq!(before, after, "a refused request changed something");
    }
    println!("attack matrix: {tried} requests");
    assert!(tried > 300, "only {tried} cases were tried");
}
