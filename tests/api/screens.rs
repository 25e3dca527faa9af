//! Drug screens and medications: the worked example's figures, every field's check, an
//! amendment that keeps the original, `screen_disagrees` once for its day and never for an
//! expected positive, and who may see results.

use chrono::{Duration, NaiveTime, TimeZone, Utc};
use daybreak::entities::drug_screens;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::{
    clinical_support::{Clinic, ago, id},
    support::{Answer, TestApp},
};

/// Noon on `days` ago in the practice's time zone (America/Chicago), as UTC.
fn noon(days: u64) -> String {
    let day = ago(days);
    let local = chrono_tz::America::Chicago
        .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap()))
        .unwrap();
    local.with_timezone(&Utc).to_rfc3339()
}

fn negative() -> Value {
    json!([{ "substance": "cocaine", "result": "negative" },
           { "substance": "fentanyl", "result": "negative", "cutoff_ng_ml": 1.0 }])
}

fn screen(days: u64, results: Value) -> Value {
    json!({ "collected_at": noon(days), "specimen": "urine", "method": "lab_immunoassay",
            "observed": true, "results": results })
}

async fn record(app: &TestApp, clinic: &Clinic, body: Value) -> Answer {
    app.post(&clinic.client_path("/screens"), clinic.clinician.token(), body).await
}

async fn on_buprenorphine(app: &TestApp, clinic: &Clinic) -> Value {
    app.post(
        &clinic.client_path("/medications"),
        clinic.clinician.token(),
        json!({ "name": "Suboxone", "class": "buprenorphine_naloxone", "dose": "8 mg/2 mg",
                "schedule": "once daily", "prescriber": "Dr. Lee", "started_on": ago(60) }),
    )
    .await
    .expect(201)
    .body
}

#[tokio::test]
async fn the_worked_example_counts_six_of_seven_valid_screens_negative() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(90)).await;
    let medication = on_buprenorphine(&app, &clinic).await;
    assert_eq!(medication["screens_as"], "buprenorphine");
    assert_eq!(medication["current"], true);
    for (days, results) in [
        (30, negative()),
        (26, negative()),
        (
            22,
            json!([{ "substance": "cocaine", "result": "positive", "confirmation": "confirmed" }]),
        ),
        (18, negative()),
        (
            14,
            json!([{ "substance": "buprenorphine", "result": "positive" },
                    { "substance": "cocaine", "result": "negative" }]),
        ),
        (10, json!([{ "substance": "cocaine", "result": "invalid" }])),
        (6, negative()),
        (2, negative()),
    ] {
        record(&app, &clinic, screen(days, results)).await.expect(201);
    }
    let list = app
        .get(&clinic.client_path("/screens?per_page=100"), clinic.clinician.token())
        .await
        .expect(200)
        .body;
    assert_eq!(list["total"], 8);
    assert_eq!(
        list["figures"],
        json!({ "taken": 8, "valid": 7, "negative_percent": 85.7, "longest_negative_run": 4 })
    );
    // Newest first; the buprenorphine positive reads as expected, prescribed.
    let bup = &list["items"][3];
    assert_eq!(bup["collected_on"], json!(ago(14)));
    assert_eq!(bup["reading"]["expected"], json!(["buprenorphine"]));
    assert_eq!(bup["reading"]["unexpected"], json!([]));
    let cocaine = &list["items"][5];
    assert_eq!(cocaine["reading"]["unexpected"], json!(["cocaine"]));
    // A negative for the prescribed medication is shown too.
    let mut missing = screen(1, json!([{ "substance": "buprenorphine", "result": "negative" }]));
    missing["method"] = json!("point_of_care");
    let missing = record(&app, &clinic, missing).await.expect(201).body;
    assert_eq!(missing["reading"]["prescribed_negative"], json!(["buprenorphine"]));
}

#[tokio::test]
async fn every_bad_field_is_named_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(90)).await;
    let mut bad = screen(
        1,
        json!([{ "substance": "cocaine", "result": "negative", "confirmation": "confirmed" },
               { "substance": "cocaine", "result": "positive", "cutoff_ng_ml": -5 }]),
    );
    bad["collected_at"] = json!((Utc::now() + Duration::hours(2)).to_rfc3339());
    let answer = record(&app, &clinic, bad).await.expect_problem(422);
    for field in [
        "collected_at",
        "results[0].confirmation",
        "results[1].substance",
        "results[1].cutoff_ng_ml",
    ] {
        assert!(answer.body["errors"].get(field).is_some(), "{field}: {}", answer.body);
    }
    for (field, value) in [("specimen", json!("saliva")), ("method", json!("guess"))] {
        let mut body = screen(1, negative());
        body[field] = value;
        let status = record(&app, &clinic, body).await.status;
        assert!(status == 400 || status == 422, "{field}: {status}");
    }
    let medication = app
        .post(
            &clinic.client_path("/medications"),
            clinic.clinician.token(),
            json!({ "name": " ", "class": "methadone", "dose": "x".repeat(201),
                    "started_on": ago(0) + chrono::Days::new(3), "stopped_on": ago(10) }),
        )
        .await
        .expect_problem(422);
    for field in ["name", "dose", "started_on", "stopped_on"] {
        assert!(medication.body["errors"].get(field).is_some(), "{field}: {}", medication.body);
    }
    assert_eq!(drug_screens::Entity::find().count(&app.db).await.unwrap(), 0);
    let meds =
        app.get(&clinic.client_path("/medications"), clinic.clinician.token()).await.expect(200);
    assert_eq!(meds.body, json!([]));
}

async fn disagreements(app: &TestApp, token: &str) -> Vec<Value> {
    let all = app.get("/api/v1/alerts?per_page=100", token).await.expect(200).body;
    all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "screen_disagrees")
        .cloned()
        .collect()
}

#[tokio::test]
async fn an_amendment_keeps_the_original_and_the_disagreement_is_raised_once_for_its_day() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(90)).await;
    on_buprenorphine(&app, &clinic).await;
    clinic.check_in(&app, ago(3), false, 2).await;
    // A point-of-care cup positive for cocaine: unconfirmed, no alert yet.
    let mut cup =
        screen(3, json!([{ "substance": "cocaine", "result": "positive", "cutoff_ng_ml": 150 }]));
    cup["method"] = json!("point_of_care");
    let cup = record(&app, &clinic, cup).await.expect(201).body;
    assert_eq!(cup["results"][0]["confirmation"], "unconfirmed");
    assert_eq!(cup["self_report"], json!({ "used": false }));
    assert!(disagreements(&app, clinic.clinician.token()).await.is_empty());

    // The lab confirms it: an amendment, the original kept; now the alert, once.
    let path = format!("/api/v1/screens/{}/amend", id(&cup));
    let body = json!({ "reason": "Lab confirmation (LC-MS/MS) received",
                       "results": [{ "substance": "cocaine", "result": "positive",
                                     "cutoff_ng_ml": 100, "confirmation": "confirmed" }] });
    let confirmed = app.post(&path, clinic.clinician.token(), body.clone()).await.expect(201).body;
    assert_eq!(confirmed["amends"], id(&cup));
    assert_eq!(disagreements(&app, clinic.clinician.token()).await.len(), 1);
    // Correcting the original again would fork its line: 409; the latest can be corrected.
    app.post(&path, clinic.clinician.token(), body.clone()).await.expect_problem(409);
    let detail = app
        .get(&format!("/api/v1/screens/{}", id(&cup)), clinic.clinician.token())
        .await
        .expect(200)
        .body;
    assert_eq!(detail["amended_by"], id(&confirmed));
    assert_eq!(detail["history"].as_array().unwrap().len(), 2);
    assert_eq!(detail["history"][0]["results"][0]["confirmation"], "unconfirmed");
    assert_eq!(detail["history"][1]["amend_reason"], "Lab confirmation (LC-MS/MS) received");
    let list =
        app.get(&clinic.client_path("/screens"), clinic.clinician.token()).await.expect(200).body;
    assert_eq!(list["total"], 1, "the current result only");
    assert_eq!(list["items"][0]["id"], id(&confirmed));

    // Another confirmed positive the same day: still one alert for the day. A confirmed
    // positive for the prescribed buprenorphine never raises one.
    record(
        &app,
        &clinic,
        screen(
            3,
            json!([{ "substance": "cocaine", "result": "positive", "confirmation": "confirmed" }]),
        ),
    )
    .await
    .expect(201);
    clinic.check_in(&app, ago(2), false, 2).await;
    record(
        &app,
        &clinic,
        screen(2, json!([{ "substance": "buprenorphine", "result": "positive", "confirmation": "confirmed" }])),
    )
    .await
    .expect(201);
    let raised = disagreements(&app, clinic.clinician.token()).await;
    assert_eq!(raised.len(), 1);
    assert_eq!(raised[0]["detail"]["day"], json!(ago(3)));
    // The day's status stays the client's report: a screen never rewrites it.
    let progress = app
        .get(
            &clinic.client_path(&format!("/progress?from={}&to={}", ago(3), ago(3))),
            clinic.clinician.token(),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(progress["days"][0]["status"], "abstinent");

    // The database refuses to rewrite or remove a screen, and to remove a medication.
    let practice = clinic.practice.id.as_str();
    for sql in ["UPDATE drug_screens SET observed = NOT observed", "DELETE FROM drug_screens"] {
        assert!(app.server_refuses(practice, sql).await, "{sql} was allowed");
    }
    assert!(app.server_refuses(practice, "DELETE FROM medications").await);
}

#[tokio::test]
async fn the_front_desk_records_a_collection_and_sees_no_result() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(90)).await;
    let desk = clinic.front_desk.token();
    let path = clinic.client_path("/screens");
    app.post(&path, desk, screen(1, negative())).await.expect_problem(403);
    let collected = app.post(&path, desk, screen(1, json!([]))).await.expect(201).body;
    assert!(collected["results"].is_null() && collected["reading"].is_null());
    record(&app, &clinic, screen(2, negative())).await.expect(201);
    let seen = app.get(&path, desk).await.expect(200).body;
    assert_eq!(seen["total"], 2);
    assert!(seen["figures"].is_null());
    assert!(seen["items"].as_array().unwrap().iter().all(|s| s["results"].is_null()));
    assert!(!seen.to_string().contains("cocaine"));
    let amend = format!("/api/v1/screens/{}/amend", id(&collected));
    let body = json!({ "reason": "lab", "results": negative() });
    app.post(&amend, desk, body.clone()).await.expect_problem(403);
    app.get(&clinic.client_path("/medications"), desk).await.expect_problem(403);
    // Clinical staff fill the results in by an amendment of the collection.
    app.post(&amend, clinic.clinician.token(), body).await.expect(201);

    // Another clinician's client and another practice's are out of reach (404).
    let other = clinic.practice.add_staff(&app, "clinician").await;
    app.get(&path, other.token()).await.expect_problem(404);
    app.post(&path, other.token(), screen(1, negative())).await.expect_problem(404);
    let stranger = Clinic::open(&app, ago(10)).await;
    app.get(&path, stranger.practice.owner.token()).await.expect_problem(404);
    app.post(&amend, stranger.clinician.token(), json!({ "reason": "x", "results": [] }))
        .await
        .expect_problem(404);
}

#[tokio::test]
async fn the_report_can_carry_the_screens_table_and_figures() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(90)).await;
    on_buprenorphine(&app, &clinic).await;
    record(&app, &clinic, screen(20, negative())).await.expect(201);
    record(
        &app,
        &clinic,
        screen(13, json!([{ "substance": "buprenorphine", "result": "positive" }])),
    )
    .await
    .expect(201);
    let mut cup =
        screen(6, json!([{ "substance": "cocaine", "result": "positive", "cutoff_ng_ml": 150 }]));
    cup["method"] = json!("point_of_care");
    let cup = record(&app, &clinic, cup).await.expect(201).body;
    app.post(
        &format!("/api/v1/screens/{}/amend", id(&cup)),
        clinic.clinician.token(),
        json!({ "reason": "Lab confirmation", "results": [{ "substance": "cocaine",
                "result": "positive", "cutoff_ng_ml": 150, "confirmation": "confirmed" }] }),
    )
    .await
    .expect(201);
    let path = |extra: &str| {
        format!(
            "{}?from={}&to={}&internal=true{extra}",
            clinic.client_path("/report.pdf"),
            ago(29),
            ago(0)
        )
    };
    let (status, _, with) =
        app.get_bytes(&path("&include_screens=true"), clinic.clinician.token()).await;
    assert_eq!(status, 200);
    let (_, _, without) = app.get_bytes(&path(""), clinic.clinician.token()).await;
    let Some(text) = daybreak::reports::pdftotext(&with) else { return };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Drug screens",
        "3 screens taken, 3 valid; 66.7% of 3 valid screens negative",
        "longest run of negative screens: 2",
        "Buprenorphine positive, expected",
        "Cocaine positive (150 ng/mL)",
        "(corrected)",
        "Confirmed",
        "Screens (corner of the day): + positive, not prescribed",
    ] {
        assert!(flat.contains(expected), "{expected:?} not in the report:\n{text}");
    }
    let without = daybreak::reports::pdftotext(&without).unwrap();
    assert!(!without.contains("Drug screens") && !without.contains("Screens (corner"));
}

#[tokio::test]
async fn the_link_asks_about_medication_only_when_the_clinician_set_it_and_the_answers_are_counted()
{
    use crate::clinical_support::{Phone, page};
    use reqwest::Method;
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(90)).await;
    let token = clinic.clinician.token();
    let link = app
        .post(&clinic.client_path("/self-report-links"), token, json!({}))
        .await
        .expect(201)
        .body;
    let mut phone = Phone::bare(link["token"].as_str().unwrap());
    assert_eq!(phone.claim(&app).await.expect(200).body["asks_medication"], false);
    let check_in = |day: chrono::NaiveDate, took: bool| json!({ "day": day, "used": false, "craving": 2, "mood": 7, "took_medication": took });
    let path = format!("{}/check-ins", page(&phone.token));
    // Not asked: an answer sent anyway is not kept.
    let answer = app
        .request_with(Method::POST, &path, None, Some(&check_in(ago(3), true)), &phone.headers())
        .await
        .expect(201);
    assert!(answer.body["check_in"]["took_medication"].is_null());

    let medication = app
        .post(
            &clinic.client_path("/medications"),
            token,
            json!({ "name": "Sublocade", "class": "extended_release_buprenorphine",
                    "started_on": ago(10), "ask_on_link": true }),
        )
        .await
        .expect(201)
        .body;
    let view =
        app.request_with(Method::GET, &page(&phone.token), None, None, &phone.headers()).await;
    assert_eq!(view.expect(200).body["asks_medication"], true);
    for (days, took) in [(2, true), (1, false), (0, true)] {
        let body = check_in(ago(days), took);
        let saved =
            app.request_with(Method::POST, &path, None, Some(&body), &phone.headers()).await;
        assert_eq!(saved.expect(201).body["check_in"]["took_medication"], took);
    }
    let list = app
        .get(&clinic.client_path(&format!("/screens?from={}&to={}", ago(29), ago(0))), token)
        .await
        .expect(200)
        .body;
    assert_eq!(list["medication_days"], json!({ "taken": 2, "not_taken": 1 }));

    // Stopped yesterday: no longer asked.
    app.patch(
        &format!("/api/v1/medications/{}", id(&medication)),
        token,
        json!({ "version": 1, "stopped_on": ago(1), "stop_reason": "Switched to methadone" }),
    )
    .await
    .expect(200);
    let view =
        app.request_with(Method::GET, &page(&phone.token), None, None, &phone.headers()).await;
    assert_eq!(view.expect(200).body["asks_medication"], false);
}

async fn screens_recorded(app: &TestApp) -> u64 {
    drug_screens::Entity::find().count(&app.db).await.unwrap()
}

async fn import(app: &TestApp, token: &str, dry_run: bool, csv: &str) -> Answer {
    let path = format!("/api/v1/screens/import?dry_run={dry_run}");
    app.post_raw(&path, Some(token), "text/csv", csv.as_bytes().to_vec()).await
}

#[tokio::test]
async fn a_lab_file_is_checked_row_by_row_and_imported_whole_or_not_at_all() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(90)).await;
    let token = clinic.clinician.token();
    let lan =
        clinic.practice.add_client(&app, &clinic.clinician, "Lan", Some(&clinic.clinician)).await;
    let stranger = Clinic::open(&app, ago(10)).await;
    clinic.check_in(&app, ago(3), false, 2).await;
    let sam = clinic.client_id.as_str();
    let (day3, day2) = (ago(3), ago(2));
    // A lab's file, as a spreadsheet saves it: its own column names and an extra column.
    let header = "Client,DOB,Collected at,Substance,Result,Cut-off (ng/mL),Confirmed,Specimen,Method,Accession\r\n";
    let good = format!(
        "{sam},,{day3} 09:15,cocaine,positive,100,yes,urine,LC-MS/MS,A1\r\n\
         {sam},,{day3} 09:15,Fentanyl,Not detected,1,,urine,LC-MS/MS,A1\r\n\
         Lan Testperson,1990-05-01,{day2} 08:00,THC,POS,50,no,urine,immunoassay,A2\r\n"
    );
    let bad = format!(
        "{},,{day2} 08:00,cocaine,negative,,,urine,,A3\r\n\
         {sam},,{day2} 10:00,kratom,maybe,-5,,urine,,A4\r\n\
         {sam},,{day3} 09:15,COC,positive,,yes,urine,LC-MS/MS,A1\r\n\
         {sam},,{} 09:00,cocaine,negative,,,urine,,A5\r\n",
        stranger.client_id,
        ago(0) + Duration::days(2),
    );
    let file = format!("{header}{good}{bad}");

    // The dry run names each refused row and why, and records nothing.
    let report = import(&app, token, true, &file).await.expect(200).body;
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["accepted"], 0, "all or nothing: {report}");
    let refused: Vec<(u64, String)> = report["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_u64().unwrap(), r["reason"].as_str().unwrap().to_owned()))
        .collect();
    let rows: Vec<u64> = refused.iter().map(|(r, _)| *r).collect();
    assert_eq!(rows, [5, 6, 7, 8], "{refused:?}");
    assert_eq!(refused[0].1, "client: not found", "another practice's client");
    for word in ["substance: \"kratom\"", "result: \"maybe\"", "cutoff_ng_ml: \"-5\""] {
        assert!(refused[1].1.contains(word), "{word} in {}", refused[1].1);
    }
    assert!(refused[2].1.contains("cocaine is in row 2 already"), "{}", refused[2].1);
    assert!(refused[3].1.contains("collected_at: is in the future"), "{}", refused[3].1);
    assert_eq!(screens_recorded(&app).await, 0);

    // The import of that file refuses it whole: 422 naming the rows; nothing recorded.
    let problem = import(&app, token, false, &file).await.expect_problem(422).body;
    assert_eq!(problem["errors"]["rows[5]"][0], "client: not found");
    assert!(problem["errors"]["rows[2]"].is_null());
    assert_eq!(screens_recorded(&app).await, 0);

    // The good rows: two screens (rows of one sitting are one screen), found by id and by
    // name with date of birth; the confirmed cocaine meets Sam's "not used" and is raised.
    let file = format!("{header}{good}");
    let report = import(&app, token, true, &file).await.expect(200).body;
    assert_eq!((report["accepted"].as_u64(), report["screens"].as_u64()), (Some(3), Some(2)));
    assert!(report["refused"].as_array().unwrap().is_empty());
    assert_eq!(screens_recorded(&app).await, 0, "a dry run records nothing");
    let report = import(&app, token, false, &file).await.expect(201).body;
    assert_eq!(report["created"].as_array().unwrap().len(), 2);
    let list = app.get(&clinic.client_path("/screens"), token).await.expect(200).body;
    assert_eq!(list["total"], 1);
    let screen = &list["items"][0];
    assert_eq!(screen["method"], "lab_confirmation");
    assert_eq!(screen["collected_on"], json!(day3));
    assert_eq!(
        screen["results"],
        json!([{ "substance": "cocaine", "result": "positive", "cutoff_ng_ml": 100.0, "confirmation": "confirmed" },
               { "substance": "fentanyl", "result": "negative", "cutoff_ng_ml": 1.0, "confirmation": null }])
    );
    let lans =
        app.get(&format!("/api/v1/clients/{}/screens", id(&lan)), token).await.expect(200).body;
    assert_eq!(lans["items"][0]["results"][0]["substance"], "cannabinoids");
    assert_eq!(lans["items"][0]["results"][0]["confirmation"], "unconfirmed");
    assert_eq!(disagreements(&app, token).await.len(), 1);

    // The same file again is refused whole: each collection is recorded already.
    let again = import(&app, token, true, &file).await.expect(200).body;
    assert_eq!(again["refused"].as_array().unwrap().len(), 3);
    assert!(again["refused"][0]["reason"].as_str().unwrap().contains("recorded already"));
    import(&app, token, false, &file).await.expect_problem(422);
    assert_eq!(screens_recorded(&app).await, 2);

    // Who: the front desk may not import; another clinician reaches none of these clients.
    import(&app, clinic.front_desk.token(), true, &file).await.expect_problem(403);
    let other = clinic.practice.add_staff(&app, "clinician").await;
    let theirs = import(&app, other.token(), true, &file).await.expect(200).body;
    assert!(
        theirs["refused"].as_array().unwrap().iter().all(|r| r["reason"] == "client: not found")
    );

    // A file the import cannot read is a 422 naming the file.
    for (csv, word) in [
        ("", "is empty"),
        ("client,collected_at,substance\n1,2,3\n", "missing: result"),
        ("client,collected_at,substance,result\n", "no result rows"),
        ("client,client,collected_at,substance,result\nx,x,x,x,x\n", "twice"),
        ("client,collected_at,substance,result\n\"open,x,y,z\n", "never closed"),
    ] {
        let problem = import(&app, token, true, csv).await.expect_problem(422).body;
        let message = problem["errors"]["file"][0].as_str().unwrap_or_default();
        assert!(message.contains(word), "{csv:?}: {problem}");
    }
    assert_eq!(screens_recorded(&app).await, 2);
}

#[tokio::test]
async fn a_morning_of_screens_is_recorded_for_several_clients_at_once_or_not_at_all() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(90)).await;
    let token = clinic.clinician.token();
    let lan =
        clinic.practice.add_client(&app, &clinic.clinician, "Lan", Some(&clinic.clinician)).await;
    let stranger = Clinic::open(&app, ago(10)).await;
    let entry = |second: &str, cutoff: f64| {
        json!({ "collected_at": noon(1), "specimen": "urine", "method": "point_of_care",
                "observed": true,
                "screens": [
                    { "client_id": clinic.client_id, "results": negative() },
                    { "client_id": second, "observed": false, "validity": "dilute",
                      "results": [{ "substance": "cannabinoids", "result": "positive", "cutoff_ng_ml": cutoff }] },
                ] })
    };
    let bad = app.post("/api/v1/screens/bulk", token, entry(id(&lan), -1.0)).await;
    let bad = bad.expect_problem(422).body;
    assert!(bad["errors"]["screens[1].results[0].cutoff_ng_ml"].is_array(), "{bad}");
    let stranger_entry = entry(&stranger.client_id, 50.0);
    let bad =
        app.post("/api/v1/screens/bulk", token, stranger_entry).await.expect_problem(422).body;
    assert_eq!(bad["errors"]["screens[1].client_id"][0], "no such client");
    let twice = entry(&clinic.client_id, 50.0);
    let bad = app.post("/api/v1/screens/bulk", token, twice).await.expect_problem(422).body;
    assert_eq!(bad["errors"]["screens[1].client_id"][0], "is listed twice");
    // Another clinician's client is out of reach in a bulk entry too.
    let other = clinic.practice.add_staff(&app, "clinician").await;
    let bad = app.post("/api/v1/screens/bulk", other.token(), entry(id(&lan), 50.0)).await;
    assert_eq!(bad.expect_problem(422).body["errors"]["screens[0].client_id"][0], "no such client");
    assert_eq!(screens_recorded(&app).await, 0, "nothing of a refused entry is kept");

    let done =
        app.post("/api/v1/screens/bulk", token, entry(id(&lan), 50.0)).await.expect(201).body;
    let items = done["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (items[0]["client_id"].as_str(), items[0]["observed"].as_bool()),
        (Some(clinic.client_id.as_str()), Some(true))
    );
    assert_eq!(
        (items[1]["observed"].as_bool(), items[1]["validity"].as_str()),
        (Some(false), Some("dilute"))
    );
    assert_eq!(items[1]["results"][0]["confirmation"], "unconfirmed");
    // Sent twice (a double tap): refused, nothing recorded twice.
    let again = app.post("/api/v1/screens/bulk", token, entry(id(&lan), 50.0)).await;
    let again = again.expect_problem(422).body;
    assert!(
        again["errors"]["screens[0].client_id"][0].as_str().unwrap().contains("recorded already")
    );
    assert_eq!(screens_recorded(&app).await, 2);

    // The front desk records the morning's collections, never results.
    let desk = clinic.front_desk.token();
    let mut collections = entry(id(&lan), 50.0);
    collections["collected_at"] = json!(noon(0).min(Utc::now().to_rfc3339()));
    app.post("/api/v1/screens/bulk", desk, collections.clone()).await.expect_problem(403);
    for s in collections["screens"].as_array_mut().unwrap() {
        s["results"] = json!([]);
    }
    let done = app.post("/api/v1/screens/bulk", desk, collections).await.expect(201).body;
    assert!(done["items"].as_array().unwrap().iter().all(|s| s["results"].is_null()));
    assert_eq!(screens_recorded(&app).await, 4);
}
