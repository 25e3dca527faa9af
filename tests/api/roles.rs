//! Walks the permission matrix: every role against every staff endpoint, with the expected
//! answer derived from `daybreak::core::identity::policy::allows`, the one place the rules live.

use daybreak::core::identity::{Action, Role, policy::allows};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp};

struct Case {
    action: Action,
    method: Method,
    path: String,
    body: Option<Value>,
    ok: u16,
}

#[tokio::test]
async fn every_role_gets_exactly_what_the_matrix_allows() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Matrix").await;
    let mut members = vec![(Role::Owner, practice.owner.clone())];
    for role in [Role::Supervisor, Role::Clinician, Role::FrontDesk] {
        members.push((role, practice.add_staff(&app, role.as_str()).await));
    }
    let clinician = members[2].1.clone();

    for (role, member) in &members {
        // A fresh client per role, in the clinician's caseload so the scope rule lets all in.
        let client = practice.add_client(&app, &practice.owner, "Matrix", Some(&clinician)).await;
        let client_path = format!("/api/v1/clients/{}", client["id"].as_str().unwrap());
        let target = practice.add_staff(&app, "front_desk").await;
        let cases = [
            Case {
                action: Action::ManageStaff,
                method: Method::GET,
                path: "/api/v1/staff".into(),
                body: None,
                ok: 200,
            },
            Case {
                action: Action::ManageStaff,
                method: Method::POST,
                path: "/api/v1/staff".into(),
                body: Some(
                    json!({"name": "N", "email": format!("n-{}@example.com", uuid::Uuid::new_v4().simple()), "role": "clinician", "password": PASSWORD}),
                ),
                ok: 201,
            },
            Case {
                action: Action::ManageStaff,
                method: Method::PATCH,
                path: format!("/api/v1/staff/{}", target.id),
                body: Some(json!({"name": "Renamed", "version": 1})),
                ok: 200,
            },
            Case {
                action: Action::ManagePractice,
                method: Method::GET,
                path: "/api/v1/practice".into(),
                body: None,
                ok: 200,
            },
            Case {
                action: Action::ReadAudit,
                method: Method::GET,
                path: "/api/v1/audit".into(),
                body: None,
                ok: 200,
            },
            Case {
                action: Action::ReadClinicianDirectory,
                method: Method::GET,
                path: "/api/v1/staff/clinicians".into(),
                body: None,
                ok: 200,
            },
            Case {
                action: Action::ReadClients,
                method: Method::GET,
                path: "/api/v1/clients".into(),
                body: None,
                ok: 200,
            },
            Case {
                action: Action::ReadClients,
                method: Method::GET,
                path: client_path.clone(),
                body: None,
                ok: 200,
            },
            Case {
                action: Action::CreateClient,
                method: Method::POST,
                path: "/api/v1/clients".into(),
                body: Some(json!({"first_name": "New", "last_name": "Client"})),
                ok: 201,
            },
            Case {
                action: Action::EditClient,
                method: Method::PATCH,
                path: client_path.clone(),
                body: Some(json!({"phone": "555 0101", "version": 1})),
                ok: 200,
            },
            Case {
                action: Action::ArchiveClient,
                method: Method::POST,
                path: format!("{client_path}/archive"),
                body: Some(json!({})),
                ok: 200,
            },
        ];
        for case in cases {
            let answer = app
                .request(case.method.clone(), &case.path, Some(member.token()), case.body.as_ref())
                .await;
            let expected = if allows(*role, case.action) { case.ok } else { 403 };
            assert_eq!(
                answer.status.as_u16(),
                expected,
                "{role:?} {} {} ({:?}): {}",
                case.method,
                case.path,
                case.action,
                answer.body
            );
        }
    }
}

#[tokio::test]
async fn practice_settings_are_the_owners_to_change() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Settings").await;
    let supervisor = practice.add_staff(&app, "supervisor").await;
    app.patch("/api/v1/practice", supervisor.token(), json!({"name": "Nope", "version": 1}))
        .await
        .expect_problem(403);
    let changed = app
        .patch(
            "/api/v1/practice",
            practice.owner.token(),
            json!({"time_zone": "Europe/Dublin", "crisis_text": "Call 112", "version": 1}),
        )
        .await
        .expect(200);
    assert_eq!(changed.body["time_zone"], "Europe/Dublin");
    assert_eq!(changed.body["part2_notice"], true);
    assert_eq!(changed.body["version"], 2);
    app.patch("/api/v1/practice", practice.owner.token(), json!({"name": "Stale", "version": 1}))
        .await
        .expect_problem(409);
}
