//! Part 2 consents behind every disclosure: recording (the front desk too), never editing,
//! revoking; a report under a consent, at the client's request or for internal use; the
//! month-end export under the consents naming a recipient; the accounting of disclosures.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    clinical_support::{Clinic, ago, id, today},
    reports::{audit_details, clinic_with_record, consent_to, pdf, report_path, wait_until_done},
    support::TestApp,
};

fn consent_body() -> Value {
    json!({ "recipient": "Harbor County Drug Court", "purpose": "Compliance with drug court",
            "information": "Progress reports and attendance; no session notes",
            "includes_notes": false, "expiry_event": "End of probation", "signed_on": ago(1) })
}

#[tokio::test]
async fn the_front_desk_records_a_consent_that_is_listed_and_never_edited() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let desk = clinic.front_desk.token();
    let path = clinic.client_path("/consents");
    let created = app.post(&path, desk, consent_body()).await.expect(201).body;
    assert_eq!(created["status"], "active");
    assert_eq!(created["recorded_by"], clinic.front_desk.id.as_str());
    assert_eq!(created["expiry_event"], "End of probation");
    assert_eq!(created["version"], 1);

    // What a consent must say; a refused one changes nothing.
    let cases = [
        ("recipient", json!("  ")),
        ("information", json!("")),
        ("signed_on", json!(today().succ_opt().unwrap())),
        ("expiry_event", Value::Null),
    ];
    for (field, value) in cases {
        let mut body = consent_body();
        body[field] = value;
        let refused = app.post(&path, desk, body).await.expect_problem(422);
        let expected = if field == "expiry_event" { "expires_on" } else { field };
        assert!(refused.body["errors"][expected].is_array(), "{field}: {}", refused.body);
    }
    let mut before_signing = consent_body();
    before_signing["expires_on"] = json!(ago(5));
    app.post(&path, desk, before_signing).await.expect_problem(422);
    let listed = app.get(&path, desk).await.expect(200).body;
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["id"], created["id"]);

    // There is no way to edit one; another clinician's client or practice answers 404.
    let one = format!("/api/v1/consents/{}", id(&created));
    let edit = app.patch(&one, desk, json!({ "recipient": "Someone else", "version": 1 })).await;
    assert_eq!(edit.status, StatusCode::METHOD_NOT_ALLOWED);
    let outsider = app.signup("Elsewhere").await;
    app.get(&one, outsider.owner.token()).await.expect_problem(404);
    app.post(&path, outsider.owner.token(), consent_body()).await.expect_problem(404);
    let stranger = clinic.practice.add_staff(&app, "clinician").await;
    app.get(&one, stranger.token()).await.expect_problem(404);
    assert_eq!(app.get(&one, desk).await.expect(200).body["recipient"], "Harbor County Drug Court");
}

#[tokio::test]
async fn a_report_goes_out_under_a_consent_until_the_client_revokes_it() {
    let app = TestApp::spawn().await;
    let clinic = clinic_with_record(&app).await;
    let token = clinic.clinician.token();
    let consent = consent_to(&app, &clinic, "County drug court", false).await;
    let under = report_path(&clinic, &format!("&consent_id={consent}"));
    let bytes = pdf(&app, &under, token).await;
    if let Some(text) = daybreak::reports::pdftotext(&bytes) {
        let first_page = text.split('\u{c}').next().unwrap();
        let flat = first_page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Prepared for County drug court"), "{first_page}");
        assert!(flat.contains("Progress reports, attendance and drug-screen results"));
        assert!(!text.contains("Went to the lake"), "the consent does not cover notes");
    }
    // Asking for notes the consent does not cover is refused, not quietly narrowed.
    let with_notes = report_path(&clinic, &format!("&consent_id={consent}&include_notes=true"));
    let refused = app.get(&with_notes, token).await.expect_problem(422);
    assert!(refused.body["errors"]["include_notes"].is_array());

    let revoked = app
        .post(&format!("/api/v1/consents/{consent}/revoke"), clinic.front_desk.token(), json!({}))
        .await
        .expect(200)
        .body;
    assert_eq!(revoked["status"], "revoked");
    assert_eq!(revoked["revoked_on"], json!(today()));
    assert_eq!(revoked["version"], 2);
    let refused = app.get(&under, token).await.expect_problem(422);
    let why = refused.body["errors"]["consent_id"][0].as_str().unwrap();
    assert!(why.contains("revoked"), "{why}");
    app.post(&format!("/api/v1/consents/{consent}/revoke"), token, json!({}))
        .await
        .expect_problem(409);
    assert_eq!(audit_details(&app, "report.export").await.len(), 1, "one report went out");
}

#[tokio::test]
async fn every_report_names_what_it_goes_out_under() {
    let app = TestApp::spawn().await;
    let clinic = clinic_with_record(&app).await;
    let token = clinic.clinician.token();
    let bare = clinic.client_path(&format!("/report.pdf?from={}&to={}", ago(29), today()));
    let refused = app.get(&bare, token).await.expect_problem(422);
    assert!(refused.body["errors"]["consent_id"][0].as_str().unwrap().contains("choose one"));
    app.get(&format!("{bare}&internal=true&client_request=true"), token).await.expect_problem(422);

    // Another client's consent, or another practice's, is "not a consent of this client".
    let other = app
        .post("/api/v1/clients", token, json!({ "first_name": "Kim", "last_name": "Lee" }))
        .await
        .expect(201)
        .body;
    let theirs = app
        .post(&format!("/api/v1/clients/{}/consents", id(&other)), token, consent_body())
        .await
        .expect(201)
        .body;
    let elsewhere = clinic_with_record(&app).await;
    let foreign = consent_to(&app, &elsewhere, "Someone", true).await;
    for consent in [id(&theirs).to_owned(), foreign, uuid::Uuid::now_v7().to_string()] {
        let answer = app.get(&format!("{bare}&consent_id={consent}"), token).await;
        let answer = answer.expect_problem(422);
        assert_eq!(answer.body["errors"]["consent_id"][0], "is not a consent of this client");
    }
    // The client's own copy says who it is for.
    let copy = pdf(&app, &format!("{bare}&client_request=true"), token).await;
    if let Some(text) = daybreak::reports::pdftotext(&copy) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Prepared for The client (their own request)"), "{text}");
    }
    assert_eq!(audit_details(&app, "report.export").await.len(), 1);
}

#[tokio::test]
async fn the_accounting_lists_every_disclosure_with_its_consent_but_not_internal_use() {
    let app = TestApp::spawn().await;
    let clinic = clinic_with_record(&app).await;
    let token = clinic.clinician.token();
    let court = consent_to(&app, &clinic, "County drug court", true).await;
    pdf(&app, &report_path(&clinic, &format!("&consent_id={court}")), token).await;
    pdf(&app, &report_path(&clinic, "&client_request=true"), token).await;
    pdf(&app, &report_path(&clinic, ""), token).await; // internal

    // A month-end export under the court's consents: a client without one is left out.
    let other = app
        .post("/api/v1/clients", token, json!({ "first_name": "Kim", "last_name": "Lee" }))
        .await
        .expect(201)
        .body;
    let started = app
        .post(
            "/api/v1/report-exports",
            token,
            json!({ "from": ago(29), "to": today(), "consent_recipient": " county DRUG court " }),
        )
        .await
        .expect(202)
        .body;
    let done = wait_until_done(&app, token, &started).await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["consent_recipient"], "county DRUG court");
    assert_eq!(done["left_out"][0]["client_id"], other["id"]);
    assert!(done["left_out"][0]["reason"].as_str().unwrap().contains("no active consent"));

    let path = clinic.client_path("/disclosures");
    let accounting = app.get(&path, clinic.front_desk.token()).await.expect(200).body;
    let items = accounting["items"].as_array().unwrap();
    let recipients: Vec<&str> = items.iter().map(|d| d["recipient"].as_str().unwrap()).collect();
    assert_eq!(
        recipients,
        ["County drug court", "The client (their own request)", "County drug court"],
        "{accounting}"
    );
    assert_eq!(items[0]["consent_id"], court.as_str());
    assert_eq!(items[1]["consent_id"], Value::Null);
    assert!(items[0]["what"].as_str().unwrap().contains("with signed session notes"));
    assert!(items[2]["what"].as_str().unwrap().contains("month-end export"));
    assert_eq!(items[0]["by"], clinic.clinician.id.as_str());
    // Nothing for Kim, who was left out.
    let kims = app
        .get(&format!("/api/v1/clients/{}/disclosures", id(&other)), token)
        .await
        .expect(200)
        .body;
    assert_eq!(kims["total"], 0);

    // The same as CSV, and an empty period is empty.
    let csv = app
        .http
        .get(format!("{}{path}.csv", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "at,recipient,purpose,consent_id,what,by");
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[1].contains("County drug court") && lines[1].contains(&court));
    // And as a PDF the client can be handed (the front desk may print it).
    let (status, headers, bytes) =
        app.get_bytes(&format!("{path}.pdf"), clinic.front_desk.token()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(headers["content-disposition"].to_str().unwrap().contains("disclosures-rivera-sam-"));
    if let Some(text) = daybreak::reports::pdftotext(&bytes) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [
            "Accounting of disclosures",
            "Sam Rivera",
            "Disclosures 3",
            "County drug court",
            "Your written",
            "Your own",
            "Page 1 of",
        ] {
            assert!(flat.contains(expected), "{expected:?} not in:\n{text}");
        }
    }
    let before = format!("{path}?to={}", ago(40));
    assert_eq!(app.get(&before, token).await.expect(200).body["total"], 0);
    app.get(&format!("{path}?from={}&to={}", today(), ago(1)), token).await.expect_problem(422);
    assert!(
        !audit_details(&app, "disclosure.list").await.is_empty(),
        "reading the accounting is audited"
    );
}

/// The database itself keeps a consent as recorded: its words cannot be rewritten and the row
/// cannot be deleted, only a revocation recorded (SQLite: triggers; Postgres: the server's
/// role is granted INSERT and the revocation's columns only).
#[tokio::test]
async fn the_database_refuses_to_rewrite_or_delete_a_consent() {
    use sea_orm::{ConnectOptions, ConnectionTrait, Database, TransactionTrait};
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let consent =
        app.post(&clinic.client_path("/consents"), clinic.front_desk.token(), consent_body()).await;
    let consent = consent.expect(201).body;
    let postgres = app.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    // On Postgres as the server's own role (the owner could do anything), in the practice.
    let db = if postgres {
        let mut options = ConnectOptions::new(app.database_url.clone());
        options.max_connections(1).sqlx_logging(false);
        Database::connect(options).await.unwrap()
    } else {
        app.db.clone()
    };
    for sql in [
        format!("UPDATE consents SET recipient = 'Someone else' WHERE id = '{}'", id(&consent)),
        format!("UPDATE consents SET includes_notes = true WHERE id = '{}'", id(&consent)),
        format!("DELETE FROM consents WHERE id = '{}'", id(&consent)),
    ] {
        // SQLite keeps ids as blobs: the one consent of this database is every row.
        let sql =
            if postgres { sql } else { sql.replace(&format!("id = '{}'", id(&consent)), "1 = 1") };
        let txn = db.begin().await.unwrap();
        if postgres {
            txn.execute_unprepared(&format!(
                "SELECT set_config('app.practice_id', '{}', true)",
                clinic.practice.id
            ))
            .await
            .unwrap();
        }
        let refused = txn.execute_unprepared(&sql).await;
        assert!(refused.is_err(), "{sql} was allowed");
        txn.rollback().await.unwrap();
    }
    let path = format!("/api/v1/consents/{}", id(&consent));
    let kept = app.get(&path, clinic.clinician.token()).await.expect(200).body;
    assert_eq!(kept["recipient"], "Harbor County Drug Court");
}

async fn put_document(
    app: &TestApp,
    token: &str,
    consent: &str,
    bytes: Vec<u8>,
) -> crate::support::Answer {
    let response = app
        .http
        .put(format!("{}/api/v1/consents/{consent}/document", app.base))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .unwrap();
    TestApp::answer(response).await
}

/// The signed paper, attached once by the front desk (a photo of the page), read back as it
/// was, never replaced; anything but a PDF, JPEG or PNG is refused.
#[tokio::test]
async fn the_signed_paper_is_attached_once_and_read_back_as_it_was() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let desk = clinic.front_desk.token();
    let consent = app.post(&clinic.client_path("/consents"), desk, consent_body()).await;
    let consent = id(&consent.expect(201).body).to_owned();
    let path = format!("/api/v1/consents/{consent}/document");
    let (status, _, _) = app.get_bytes(&path, desk).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing attached yet");

    let refused = put_document(&app, desk, &consent, b"GIF89a not a consent".to_vec()).await;
    assert!(refused.expect_problem(422).body["errors"]["document"].is_array());
    // A phone's photo (over the 1 MiB of other requests, under the 8 MiB of this one).
    let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE0];
    photo.extend(std::iter::repeat_n(7u8, 3 * 1024 * 1024));
    let attached = put_document(&app, desk, &consent, photo.clone()).await.expect(200).body;
    assert_eq!(attached["document_type"], "image/jpeg");
    let (status, headers, bytes) = app.get_bytes(&path, clinic.clinician.token()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(bytes, photo);

    let again = put_document(&app, desk, &consent, b"%PDF-1.7 another".to_vec()).await;
    again.expect_problem(409);
    let too_big = vec![b'%'; 9 * 1024 * 1024];
    put_document(&app, desk, &consent, too_big).await.expect_problem(413);
    let listed = app.get(&clinic.client_path("/consents"), desk).await.expect(200).body;
    assert_eq!(listed["items"][0]["document_type"], "image/jpeg");
    let outsider = app.signup("Elsewhere").await;
    let (status, _, _) = app.get_bytes(&path, outsider.owner.token()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    put_document(&app, outsider.owner.token(), &consent, b"%PDF-1.7".to_vec())
        .await
        .expect_problem(404);
    assert_eq!(audit_details(&app, "consent.document_attach").await.len(), 1);
    assert_eq!(audit_details(&app, "consent.document_read").await.len(), 1);
}
