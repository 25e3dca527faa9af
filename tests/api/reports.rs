//! Progress reports through the API: the PDF's text carries the dashboard's figures, never a
//! draft or a psychotherapy note; who may export; disclosures in the audit log; month-end
//! exports as background jobs.

use std::io::Read;

use daybreak::reports::pdftotext;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    clinical_support::{Clinic, ago, id, today},
    support::TestApp,
};

/// The worked example of DOMAIN.md, with a signed note, a draft and a psychotherapy note.
pub async fn clinic_with_record(app: &TestApp) -> Clinic {
    let clinic = Clinic::open(app, ago(40)).await;
    clinic.episode(app, "relapse", ago(20), Some(ago(18))).await;
    clinic.episode(app, "lapse", ago(9), None).await;
    for n in 1..=6 {
        clinic.check_in(app, ago(n), n == 4, 2 + n as i64).await;
    }
    let token = clinic.clinician.token();
    let signed = clinic.draft(app, &clinic.clinician).await;
    let path = format!("/api/v1/notes/{}", id(&signed));
    let sections = json!({ "subjective": "Went to the lake with her sister and felt steady.",
                           "objective": "Calm, engaged.", "assessment": "Stable.", "plan": "Weekly sessions." });
    app.patch(&path, token, json!({ "version": 1, "sections": sections })).await.expect(200);
    app.post(&format!("{path}/sign"), token, json!({})).await.expect(200);
    app.post(
        &format!("{path}/addenda"),
        token,
        json!({ "text": "Called the next morning: still steady." }),
    )
    .await
    .expect(201);
    let draft = clinic.draft(app, &clinic.clinician).await;
    app.patch(
        &format!("/api/v1/notes/{}", id(&draft)),
        token,
        json!({ "version": 1, "sections": { "subjective": "UNSIGNED DRAFT WORDING" } }),
    )
    .await
    .expect(200);
    let private = app
        .post(
            &clinic.client_path("/notes"),
            token,
            json!({ "session_on": ago(2), "duration_minutes": 50, "format": "free",
                    "sections": { "text": "PRIVATE PROCESS NOTES" }, "is_psychotherapy_note": true }),
        )
        .await
        .expect(201)
        .body;
    app.post(&format!("/api/v1/notes/{}/sign", id(&private)), token, json!({})).await.expect(200);
    clinic
}

/// The report for the practice's own use (`internal=true`) unless `query` names a basis.
pub fn report_path(clinic: &Clinic, query: &str) -> String {
    let basis = if query.contains("consent_id=") || query.contains("client_request=") {
        ""
    } else {
        "&internal=true"
    };
    clinic.client_path(&format!("/report.pdf?from={}&to={}{query}{basis}", ago(29), today()))
}

/// Records the client's consent to disclose to `recipient`; returns its id.
pub async fn consent_to(app: &TestApp, clinic: &Clinic, recipient: &str, notes: bool) -> String {
    let consent = app
        .post(
            &clinic.client_path("/consents"),
            clinic.front_desk.token(),
            json!({ "recipient": recipient, "purpose": "Progress for the court",
                    "information": "Progress reports, attendance and drug-screen results",
                    "includes_notes": notes, "expires_on": today().succ_opt().unwrap(),
                    "signed_on": ago(2) }),
        )
        .await
        .expect(201)
        .body;
    id(&consent).to_owned()
}

pub async fn pdf(app: &TestApp, path: &str, token: &str) -> Vec<u8> {
    let (status, headers, bytes) = app.get_bytes(path, token).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(headers["content-type"], "application/pdf");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"progress-report-rivera-sam-"),
        "{disposition}"
    );
    assert!(bytes.starts_with(b"%PDF-"));
    bytes
}

/// The first page's size in points, read from the PDF itself.
fn page_size(pdf: &[u8]) -> (f32, f32) {
    let doc = lopdf::Document::load_mem(pdf).expect("a readable PDF");
    let (_, page) = doc.get_pages().into_iter().next().expect("a page");
    let dict = doc.get_dictionary(page).unwrap();
    let media = dict.get(b"MediaBox").unwrap().as_array().unwrap();
    let number =
        |o: &lopdf::Object| o.as_float().or_else(|_| o.as_i64().map(|v| v as f32)).unwrap();
    let tenth = |v: f32| (v * 10.0).round() / 10.0;
    (tenth(number(&media[2])), tenth(number(&media[3])))
}

/// Audit events of one action, newest last, straight from the table.
pub async fn audit_details(app: &TestApp, action: &str) -> Vec<Value> {
    use daybreak::entities::audit_events;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq(action))
        .order_by_asc(audit_events::Column::Seq)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.detail.unwrap_or(Value::Null))
        .collect()
}

#[tokio::test]
async fn a_report_shows_the_dashboards_figures_and_signed_notes_but_never_drafts_or_private_notes()
{
    let app = TestApp::spawn().await;
    let clinic = clinic_with_record(&app).await;
    let token = clinic.clinician.token();
    let progress = app
        .get(&clinic.client_path(&format!("/progress?from={}&to={}", ago(29), today())), token)
        .await
        .expect(200)
        .body;
    let consent = consent_to(&app, &clinic, "County drug court", true).await;
    let query = format!("&consent_id={consent}");
    let bytes = pdf(&app, &report_path(&clinic, &query), token).await;
    assert!(bytes.len() < 60 * 1024, "{} bytes", bytes.len());

    let details = audit_details(&app, "report.export").await;
    assert_eq!(details.len(), 1, "the export is a recorded disclosure");
    assert_eq!(details[0]["recipient"], "County drug court");
    assert_eq!(details[0]["purpose"], "Progress for the court");
    assert_eq!(details[0]["include_notes"], true);
    assert_eq!(details[0]["basis"], "consent");
    assert_eq!(details[0]["consent_id"], consent.as_str());

    let Some(text) = pdftotext(&bytes) else { return };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(progress["percent_days_abstinent"], 50.0);
    for expected in [
        "Sam Rivera",
        "50.0% of 10 reported days",
        "County drug court",
        "Progress for the court",
        "Disclosed under The client's written consent signed",
        "Progress reports, attendance and drug-screen results",
        &format!("Current streak {} days", progress["current_streak_days"]),
        &format!("Total clean days {} days", progress["total_clean_days"]),
        "Went to the lake with her sister and felt steady.",
        "Called the next morning: still steady.",
        "Notice of confidentiality: 42 CFR Part 2",
        "Page 1 of",
    ] {
        assert!(flat.contains(expected), "{expected:?} not in the report:\n{text}");
    }
    assert!(!flat.contains("UNSIGNED DRAFT WORDING"), "a draft never enters a report");
    assert!(!flat.contains("PRIVATE PROCESS NOTES"), "a psychotherapy note never enters a report");

    let without =
        pdf(&app, &report_path(&clinic, &format!("{query}&include_notes=false")), token).await;
    let without = pdftotext(&without).unwrap();
    assert!(!without.contains("Went to the lake"));
    assert!(without.contains("Session notes are not part of this report."));
}

#[tokio::test]
async fn only_clinical_roles_in_reach_may_export_and_bad_requests_change_nothing() {
    let app = TestApp::spawn().await;
    let clinic = clinic_with_record(&app).await;
    let path = report_path(&clinic, "");
    let (status, _, _) = app.get_bytes(&path, clinic.front_desk.token()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let other = app.signup("Elsewhere").await;
    let (status, _, _) = app.get_bytes(&path, other.owner.token()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another practice cannot tell the client exists");
    let colleague = clinic.practice.add_staff(&app, "clinician").await;
    let (status, _, _) = app.get_bytes(&path, colleague.token()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a clinician outside the caseload");
    pdf(&app, &path, clinic.supervisor.token()).await;
    pdf(&app, &path, clinic.practice.owner.token()).await;

    let token = clinic.clinician.token();
    let long = "x".repeat(201);
    for (query, field) in [
        (format!("?from={}&to={}", today(), ago(3)), "from"),
        (format!("?to={}", today().succ_opt().unwrap()), "to"),
        (format!("?from={}", ago(2000)), "from"),
        (format!("?recipient={long}"), "recipient"),
        ("?purpose=%01bell".to_owned(), "purpose"),
    ] {
        let answer = app
            .get(&clinic.client_path(&format!("/report.pdf{query}")), token)
            .await
            .expect_problem(422);
        assert!(answer.body["errors"][field].is_array(), "{query}: {}", answer.body);
    }
    app.get(&clinic.client_path("/report.pdf?include_notes=maybe"), token)
        .await
        .expect_problem(400);
    assert_eq!(
        audit_details(&app, "report.export").await.len(),
        2,
        "only the two exports that succeeded"
    );
}

#[tokio::test]
async fn practice_settings_choose_the_paper_and_the_part2_notice() {
    let app = TestApp::spawn().await;
    let clinic = clinic_with_record(&app).await;
    let owner = clinic.practice.owner.token();
    let settings = app.get("/api/v1/practice", owner).await.expect(200).body;
    assert_eq!(settings["report_paper"], "letter");
    assert_eq!(settings["part2_notice"], true);
    let letter = pdf(&app, &report_path(&clinic, ""), owner).await;
    assert_eq!(page_size(&letter), (612.0, 792.0), "US Letter by default");
    app.patch(
        "/api/v1/practice",
        owner,
        json!({ "version": settings["version"], "report_paper": "legal" }),
    )
    .await
    .expect_problem(422);
    app.patch(
        "/api/v1/practice",
        owner,
        json!({ "version": settings["version"], "report_paper": "a4", "part2_notice": false }),
    )
    .await
    .expect(200);
    let a4 = pdf(&app, &report_path(&clinic, ""), owner).await;
    let (w, h) = page_size(&a4);
    assert!((w - 595.3).abs() < 0.5 && (h - 841.9).abs() < 0.5, "A4: {w} x {h}");
    if let Some(text) = pdftotext(&a4) {
        assert!(!text.contains("Notice of confidentiality"));
        assert!(text.contains("Confidential health information"));
    }
}

pub async fn wait_until_done(app: &TestApp, token: &str, export: &Value) -> Value {
    let path = format!("/api/v1/report-exports/{}", id(export));
    for _ in 0..200 {
        let now = app.get(&path, token).await.expect(200).body;
        if now["status"] != "running" {
            return now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the export did not finish in 20 s");
}

#[tokio::test]
async fn a_month_end_export_zips_every_active_clients_report_and_audits_each() {
    let app = TestApp::spawn().await;
    let clinic = clinic_with_record(&app).await;
    let owner = &clinic.practice.owner;
    let client = |first: &str, last: &str| json!({ "first_name": first, "last_name": last });
    app.post("/api/v1/clients", owner.token(), client("Ana", "Lòpez")).await.expect(201);
    // Same name, and names without a Latin letter: every report keeps its own file.
    app.post("/api/v1/clients", owner.token(), client("Ana", "Lopez")).await.expect(201);
    app.post("/api/v1/clients", owner.token(), client("Дмитрий", "Волков")).await.expect(201);
    app.post("/api/v1/clients", owner.token(), client("Ελένη", "Παπαδοπούλου")).await.expect(201);
    let gone =
        app.post("/api/v1/clients", owner.token(), client("Gone", "Away")).await.expect(201).body;
    app.post(&format!("/api/v1/clients/{}/archive", id(&gone)), owner.token(), json!({}))
        .await
        .expect(200);

    let body = json!({ "from": ago(29), "to": today(), "purpose": "Month-end review",
                       "internal": true });
    app.post("/api/v1/report-exports", clinic.front_desk.token(), body.clone())
        .await
        .expect_problem(403);
    app.post("/api/v1/report-exports", owner.token(), json!({ "from": today(), "to": ago(1) }))
        .await
        .expect_problem(422);
    let started = app.post("/api/v1/report-exports", owner.token(), body).await.expect(202).body;
    assert_eq!(started["status"], "running");
    assert_eq!(started["total"], 5, "active clients only");
    let done = wait_until_done(&app, owner.token(), &started).await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["done"], 5);

    let download = format!("/api/v1/report-exports/{}/download", id(&started));
    let (status, headers, zip) = app.get_bytes(&download, owner.token()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    names.sort();
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(names[0].starts_with("progress-report-client-"), "{names:?}");
    assert!(names[1].starts_with("progress-report-client-"), "{names:?}");
    assert_ne!(names[0], names[1]);
    let lopez: Vec<&String> =
        names.iter().filter(|n| n.starts_with("progress-report-lopez-ana-")).collect();
    assert_eq!(lopez.len(), 2, "{names:?}");
    assert_eq!(
        lopez.iter().filter(|n| n.ends_with(&format!("{}-2.pdf", today()))).count(),
        1,
        "{names:?}"
    );
    assert!(names[4].starts_with("progress-report-rivera-sam-"), "{names:?}");
    let mut first = Vec::new();
    archive.by_index(0).unwrap().read_to_end(&mut first).unwrap();
    assert!(first.starts_with(b"%PDF-"));
    if let Some(text) = pdftotext(&first) {
        assert!(text.contains("Month-end review"));
    }
    let details = audit_details(&app, "report.export").await;
    assert_eq!(details.len(), 5, "each report in the zip is a recorded disclosure");
    assert!(
        details
            .iter()
            .all(|d| d["export_id"] == started["id"] && d["purpose"] == "Month-end review")
    );
    assert_eq!(audit_details(&app, "report_export.download").await.len(), 1);

    // The list survives a reload; nobody else sees the export.
    let list = app.get("/api/v1/report-exports", owner.token()).await.expect(200).body;
    assert_eq!(list["items"][0]["id"], started["id"]);
    assert!(list["items"][0]["size_bytes"].as_i64().unwrap() > 1000);
    let colleague = clinic.clinician.token();
    app.get(&format!("/api/v1/report-exports/{}", id(&started)), colleague)
        .await
        .expect_problem(404);
    let (status, _, _) = app.get_bytes(&download, colleague).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let other = app.signup("Elsewhere").await;
    app.get(&format!("/api/v1/report-exports/{}", id(&started)), other.owner.token())
        .await
        .expect_problem(404);

    // A clinician's export covers their caseload only.
    let own = app
        .post(
            "/api/v1/report-exports",
            colleague,
            json!({ "from": ago(6), "to": today(), "internal": true }),
        )
        .await
        .expect(202)
        .body;
    assert_eq!(own["total"], 1);
    assert_eq!(wait_until_done(&app, colleague, &own).await["status"], "done");

    // Seven days on (both exports), the zips are gone from the database as soon as the list
    // is opened: the export says "expired" and the download is refused.
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared("UPDATE report_exports SET expires_at = '2000-01-01 00:00:00+00:00'")
        .await
        .unwrap();
    let list = app.get("/api/v1/report-exports", owner.token()).await.expect(200).body;
    assert_eq!(list["items"][0]["status"], "expired");
    let (status, _, _) = app.get_bytes(&download, owner.token()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let kept: i64 = {
        let row = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM report_exports WHERE archive IS NOT NULL",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "n").unwrap()
    };
    assert_eq!(kept, 0, "an expired zip is still in the database");
}

#[tokio::test]
async fn the_demo_clients_report_carries_the_dashboards_figures() {
    let app = TestApp::spawn().await;
    daybreak::demo::seed(&app.db).await.unwrap();
    let login = app
        .login("clinician@demo.daybreak.example", daybreak::demo::DEMO_PASSWORD)
        .await
        .expect(200);
    let token = login.body["access_token"].as_str().unwrap().to_owned();
    let clients = app.get("/api/v1/clients?per_page=50", &token).await.expect(200).body;
    let first = &clients["items"][0];
    let path = format!("/api/v1/clients/{}", id(first));
    let progress = app.get(&format!("{path}/progress"), &token).await.expect(200).body;
    let (status, _, bytes) =
        app.get_bytes(&format!("{path}/report.pdf?client_request=true"), &token).await;
    assert_eq!(status, StatusCode::OK);
    let Some(text) = pdftotext(&bytes) else { return };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = format!(
        "{} {}",
        first["first_name"].as_str().unwrap(),
        first["last_name"].as_str().unwrap()
    );
    assert!(flat.contains(&name), "{name}");
    let percent = progress["percent_days_abstinent"].as_f64().expect("the demo reports days");
    let coverage = format!("{percent:.1}% of {} reported days", progress["days_reported"]);
    assert!(flat.contains(&coverage), "{coverage} not in:\n{text}");
    let days = |n: &Value| if n == 1 { "1 day".to_owned() } else { format!("{n} days") };
    for (label, value) in [
        ("Current streak", days(&progress["current_streak_days"])),
        ("Longest streak", days(&progress["longest_streak_days"])),
        ("Total clean days", days(&progress["total_clean_days"])),
        ("Days reported", progress["days_reported"].to_string()),
        ("Days used", progress["days_used"].to_string()),
        ("Lapses", progress["lapse_count"].to_string()),
        ("Relapses", progress["relapse_count"].to_string()),
        ("Meetings attended", progress["meetings_attended"].to_string()),
    ] {
        assert!(flat.contains(&format!("{label} {value}")), "{label} {value} not in:\n{text}");
    }
}

/// A running export of `by`, as a started one looks in the database.
async fn running_export(app: &TestApp, practice_id: &str, by: &str, moved_secs_ago: i64) {
    use daybreak::entities::report_exports;
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let now = chrono::Utc::now();
    let moved = now - chrono::Duration::seconds(moved_secs_ago);
    report_exports::Entity::insert(report_exports::ActiveModel {
        practice_id: Set(practice_id.parse().unwrap()),
        id: Set(uuid::Uuid::now_v7()),
        requested_by: Set(by.parse().unwrap()),
        from_day: Set(ago(29)),
        to_day: Set(today()),
        include_notes: Set(true),
        recipient: Set(None),
        purpose: Set(None),
        status: Set(daybreak::entities::states::ExportStatus::Running),
        total: Set(50),
        done: Set(10),
        error: Set(None),
        archive: Set(None),
        archive_bytes: Set(0),
        created_at: Set(moved),
        updated_at: Set(moved),
        finished_at: Set(None),
        expires_at: Set(now + chrono::Duration::days(7)),
        consent_recipient: Set(None),
        left_out: Set(None),
    })
    .exec_without_returning(&app.db)
    .await
    .unwrap();
}

/// Trust review finding 10: any number of month-end exports could run at once, each
/// holding its reports in memory.
#[tokio::test]
async fn a_member_runs_one_export_at_a_time_and_a_practice_a_few() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(40)).await;
    let practice = &clinic.practice.id;
    let body = json!({ "from": ago(29), "to": today(), "internal": true });
    running_export(&app, practice, &clinic.practice.owner.id, 5).await;
    let refused =
        app.post("/api/v1/report-exports", clinic.practice.owner.token(), body.clone()).await;
    let refused = refused.expect_problem(409);
    assert!(refused.body["detail"].as_str().unwrap().contains("already have an export running"));

    running_export(&app, practice, &clinic.clinician.id, 5).await;
    running_export(&app, practice, &clinic.supervisor.id, 5).await;
    let another = clinic.practice.add_staff(&app, "clinician").await;
    let busy = app.post("/api/v1/report-exports", another.token(), body.clone()).await;
    assert!(busy.expect_problem(429).headers.contains_key("retry-after"));

    // An export whose server stopped (no progress for minutes) no longer counts.
    use daybreak::entities::report_exports;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let long_ago = chrono::Utc::now() - chrono::Duration::hours(1);
    report_exports::Entity::update_many()
        .col_expr(report_exports::Column::UpdatedAt, Expr::value(long_ago))
        .filter(
            report_exports::Column::RequestedBy.eq(clinic
                .practice
                .owner
                .id
                .parse::<uuid::Uuid>()
                .unwrap()),
        )
        .exec(&app.db)
        .await
        .unwrap();
    let started = app.post("/api/v1/report-exports", another.token(), body).await.expect(202).body;
    assert_eq!(wait_until_done(&app, another.token(), &started).await["status"], "done");
}

/// An export stops as soon as its member is deactivated or loses clinical access: nothing
/// more leaves the practice under their name.
#[tokio::test]
async fn an_export_stops_when_its_member_is_deactivated_or_loses_access() {
    use daybreak::{
        core::identity::{CurrentStaff, RequestMeta, Role},
        entities::practices,
        reports::{export, service::ReportRequest},
    };
    use sea_orm::EntityTrait;
    let app = TestApp::spawn().await;
    let clinic = clinic_with_record(&app).await;
    let practice = practices::Entity::find().one(&app.db).await.unwrap().unwrap();
    let request = ReportRequest {
        from: Some(ago(29)),
        to: Some(today()),
        include_notes: false,
        include_plan: false,
        include_screens: false,
        recipient: None,
        purpose: None,
    }
    .check(today())
    .unwrap();
    let as_member = |member: &crate::support::TestStaff, role| CurrentStaff {
        id: member.id.parse().unwrap(),
        practice_id: practice.id,
        role,
        name: "Exporter".into(),
        email: member.email.clone(),
        time_zone: practice.time_zone.clone(),
        meta: RequestMeta { request_id: None, ip: None },
    };
    let clients = [clinic.client_id.parse().unwrap()];
    let supervisor = as_member(&clinic.supervisor, Role::Supervisor);
    let zip = export::produce(
        &app.db,
        &supervisor,
        &practice,
        &request,
        None,
        &clients,
        None,
        &mut |_, _| {},
        tempfile::tempfile().unwrap(),
    )
    .await
    .unwrap();
    assert!(zip.0.metadata().unwrap().len() > 1000);
    let disclosed = audit_details(&app, "report.export").await.len();
    assert_eq!(disclosed, 1);

    // The supervisor becomes front desk; the clinician is deactivated: both stop at once.
    let owner = clinic.practice.owner.token();
    let staff_path = |m: &crate::support::TestStaff| format!("/api/v1/staff/{}", m.id);
    app.patch(
        &staff_path(&clinic.supervisor),
        owner,
        json!({ "role": "front_desk", "version": 1 }),
    )
    .await
    .expect(200);
    app.patch(&staff_path(&clinic.clinician), owner, json!({ "active": false, "version": 1 }))
        .await
        .expect(200);
    for member in [supervisor, as_member(&clinic.clinician, Role::Clinician)] {
        let stopped = export::produce(
            &app.db,
            &member,
            &practice,
            &request,
            None,
            &clients,
            None,
            &mut |_, _| {},
            tempfile::tempfile().unwrap(),
        )
        .await;
        assert!(
            matches!(&stopped, Err(daybreak::core::error::AppError::Forbidden(reason)) if reason.contains("deactivated")),
            "{stopped:?}"
        );
    }
    assert_eq!(audit_details(&app, "report.export").await.len(), disclosed, "nothing more left");
}

/// Trust review finding 10 (memory): a finished zip is stored in parts and sent part by part;
/// the download is the parts in order, whatever their number.
#[tokio::test]
async fn a_finished_export_is_stored_in_parts_and_sent_part_by_part() {
    use daybreak::entities::{report_export_parts, report_exports};
    use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let app = TestApp::spawn().await;
    let clinic = clinic_with_record(&app).await;
    let token = clinic.clinician.token();
    let body = json!({ "from": ago(29), "to": today(), "internal": true });
    let started = app.post("/api/v1/report-exports", token, body).await.expect(202).body;
    let done = wait_until_done(&app, token, &started).await;
    let export_id: uuid::Uuid = id(&started).parse().unwrap();
    let row = report_exports::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert!(row.archive.is_none(), "the zip is not kept whole in the row");
    let parts = report_export_parts::Entity::find()
        .filter(report_export_parts::Column::ExportId.eq(export_id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].bytes.len() as i64, done["size_bytes"].as_i64().unwrap());

    // Three parts (as a large practice's zip would be): sent in order, the length announced.
    let whole = parts[0].bytes.clone();
    let cut = [0, whole.len() / 3, 2 * whole.len() / 3, whole.len()];
    report_export_parts::Entity::delete_many().exec(&app.db).await.unwrap();
    for seq in 0..3 {
        report_export_parts::Entity::insert(report_export_parts::ActiveModel {
            practice_id: Set(row.practice_id),
            export_id: Set(export_id),
            seq: Set(seq as i32),
            bytes: Set(whole[cut[seq]..cut[seq + 1]].to_vec()),
        })
        .exec_without_returning(&app.db)
        .await
        .unwrap();
    }
    let download = format!("/api/v1/report-exports/{export_id}/download");
    let (status, headers, bytes) = app.get_bytes(&download, token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-length"].to_str().unwrap(), whole.len().to_string());
    assert_eq!(bytes, whole, "the parts, in order");
    assert!(zip::ZipArchive::new(std::io::Cursor::new(bytes)).is_ok());
    // Through the compression layer too (a browser asks for gzip): the stream ends cleanly.
    let gzipped = app
        .http
        .get(format!("{}{download}", app.base))
        .bearer_auth(token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzipped.status(), StatusCode::OK);
    assert!(!gzipped.bytes().await.expect("the whole answer arrives").is_empty());

    // Past its time the parts go, and the download says so.
    report_exports::Entity::update_many()
        .col_expr(
            report_exports::Column::ExpiresAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::days(1)),
        )
        .exec(&app.db)
        .await
        .unwrap();
    app.get("/api/v1/report-exports", token).await.expect(200);
    assert_eq!(report_export_parts::Entity::find().all(&app.db).await.unwrap().len(), 0);
    let (status, _, _) = app.get_bytes(&download, token).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

/// `daybreak reports export` off the test's runtime thread (the server under test runs on it).
async fn export_cli(app: &TestApp, args: Vec<String>) -> std::process::Output {
    let url = app.database_url.clone();
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_daybreak"))
            .arg("reports")
            .arg("export")
            .args(&args)
            .env("DATABASE_URL", url)
            .env("DAYBREAK_JWT_SECRET", crate::support::TEST_SECRET)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

/// The month-end export's command goes out under the consents naming a recipient (clients
/// without one are left out and named), or for internal use; it refuses to guess which.
#[tokio::test]
async fn the_export_command_asks_what_the_reports_go_out_under() {
    let app = TestApp::spawn().await;
    let clinic = clinic_with_record(&app).await;
    consent_to(&app, &clinic, "County drug court", false).await;
    app.post(
        "/api/v1/clients",
        clinic.clinician.token(),
        json!({ "first_name": "Kim", "last_name": "Lee" }),
    )
    .await
    .expect(201);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("month.zip");
    let base = vec![
        "--practice".to_owned(),
        clinic.practice.id.clone(),
        "--from".into(),
        ago(29).to_string(),
        "--to".into(),
        today().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    let files = |path: &std::path::Path| {
        let archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        archive.file_names().map(str::to_owned).collect::<Vec<_>>()
    };

    let neither = export_cli(&app, base.clone()).await;
    assert!(!neither.status.success());
    assert!(String::from_utf8_lossy(&neither.stderr).contains("--consent-recipient"));

    let mut court = base.clone();
    court.extend(["--consent-recipient".into(), "County drug court".into()]);
    let done = export_cli(&app, court).await;
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(done.status.success(), "{said} {}", String::from_utf8_lossy(&done.stderr));
    assert!(
        said.contains("Left out: Kim Lee (no active consent naming County drug court)"),
        "{said}"
    );
    let names = files(&out);
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("progress-report-rivera-sam-"));
    let details = audit_details(&app, "report.export").await;
    assert_eq!(details.len(), 1);
    assert_eq!(details[0]["basis"], "consent");
    assert_eq!(details[0]["include_notes"], false, "the consent does not cover notes");

    let mut internal = base;
    internal.push("--internal".into());
    assert!(export_cli(&app, internal).await.status.success());
    assert_eq!(files(&out).len(), 2);
}
