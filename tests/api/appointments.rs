//! Appointments: a weekly series across both daylight-saving changes, moving "this and the
//! following", statuses and who may set them (with their history), the attendance figure of
//! DOMAIN.md's worked example, the `no_show` alert (urgent on the second in a row), overlaps
//! warned about, and who reaches what.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde_json::{Value, json};

use crate::{
    clinical_support::{Clinic, Phone, ago, id, page},
    support::{Answer, TestApp},
};

const TZ: chrono_tz::Tz = chrono_tz::America::Chicago;

/// A wall-clock time in the test practices' time zone, as UTC.
fn local(s: &str) -> String {
    let t = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    TZ.from_local_datetime(&t).earliest().unwrap().with_timezone(&Utc).to_rfc3339()
}

fn wall_clock(v: &Value) -> String {
    let t: DateTime<Utc> = v["starts_at"].as_str().unwrap().parse().unwrap();
    t.with_timezone(&TZ).format("%Y-%m-%d %H:%M").to_string()
}

fn utc_hour(v: &Value) -> String {
    let t: DateTime<Utc> = v["starts_at"].as_str().unwrap().parse().unwrap();
    t.format("%H:%M").to_string()
}

async fn book(app: &TestApp, clinic: &Clinic, token: &str, extra: Value) -> Answer {
    let mut body = json!({ "client_id": clinic.client_id, "clinician_id": clinic.clinician.id,
                           "duration_minutes": 50, "kind": "individual", "location": "Room 2" });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    app.post("/api/v1/appointments", token, body).await
}

#[tokio::test]
async fn a_weekly_series_keeps_its_wall_clock_time_across_both_clock_changes() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(400)).await;
    let desk = clinic.front_desk.token();
    // Chicago's clocks go forward on 8 March 2026 and back on 1 November 2026.
    let spring = book(&app, &clinic, desk,
        json!({ "starts_at": local("2026-02-26 10:00"), "repeat": { "every_weeks": 1, "count": 3 } }))
        .await
        .expect(201)
        .body;
    let items = spring["items"].as_array().unwrap();
    let times: Vec<String> = items.iter().map(wall_clock).collect();
    assert_eq!(times, ["2026-02-26 10:00", "2026-03-05 10:00", "2026-03-12 10:00"]);
    assert_eq!(items.iter().map(utc_hour).collect::<Vec<_>>(), ["16:00", "16:00", "15:00"]);
    assert!(
        items.iter().all(|i| i["series_id"] == items[0]["series_id"] && !i["series_id"].is_null())
    );
    assert_eq!(items[2]["day"], "2026-03-12");
    let fall = book(
        &app,
        &clinic,
        desk,
        json!({ "starts_at": local("2026-10-22 17:30"),
                "repeat": { "every_weeks": 2, "until": "2026-11-19" } }),
    )
    .await
    .expect(201)
    .body;
    let items = fall["items"].as_array().unwrap();
    let times: Vec<String> = items.iter().map(wall_clock).collect();
    assert_eq!(times, ["2026-10-22 17:30", "2026-11-05 17:30", "2026-11-19 17:30"]);
    assert_eq!(items.iter().map(utc_hour).collect::<Vec<_>>(), ["22:30", "23:30", "23:30"]);

    // Moving the second of the spring series an hour later, "this and the following": the
    // third follows by the same wall-clock hour, the first stays.
    let second = &spring["items"][1];
    let moved = app
        .patch(
            &format!("/api/v1/appointments/{}", id(second)),
            desk,
            json!({ "starts_at": local("2026-03-05 11:00"), "apply_to": "following",
                    "version": second["version"] }),
        )
        .await
        .expect(200)
        .body;
    let times: Vec<String> = moved["items"].as_array().unwrap().iter().map(wall_clock).collect();
    assert_eq!(times, ["2026-03-05 11:00", "2026-03-12 11:00"]);
    let first = app
        .get(&format!("/api/v1/appointments/{}", id(&spring["items"][0])), desk)
        .await
        .expect(200)
        .body;
    assert_eq!(wall_clock(&first), "2026-02-26 10:00");
    // The same change from the old version is refused; nothing is laid over it.
    app.patch(
        &format!("/api/v1/appointments/{}", id(second)),
        desk,
        json!({ "duration_minutes": 30, "version": second["version"] }),
    )
    .await
    .expect_problem(409);

    // The week's list, in the practice's days.
    let week =
        app.get("/api/v1/appointments?from=2026-03-09&to=2026-03-15", desk).await.expect(200).body;
    assert_eq!(week["items"].as_array().unwrap().len(), 1);
    assert_eq!(week["items"][0]["client_name"], "Sam Rivera");
    assert_eq!(week["items"][0]["duration_minutes"], 50);

    // Bad input is named and books nothing.
    for (extra, field) in [
        (
            json!({ "starts_at": local("2026-01-05 09:00"), "duration_minutes": 0 }),
            "duration_minutes",
        ),
        (
            json!({ "starts_at": local("2026-01-05 09:00"), "repeat": { "every_weeks": 3, "count": 2 } }),
            "repeat.every_weeks",
        ),
        (
            json!({ "starts_at": local("2026-01-05 09:00"), "repeat": { "every_weeks": 1 } }),
            "repeat",
        ),
        (
            json!({ "starts_at": local("2026-01-05 09:00"), "repeat": { "every_weeks": 1, "count": 60 } }),
            "repeat.count",
        ),
        (
            json!({ "starts_at": local("2026-01-05 09:00"), "clinician_id": clinic.front_desk.id }),
            "clinician_id",
        ),
        (json!({ "starts_at": "2040-01-01T10:00:00Z" }), "starts_at"),
    ] {
        let problem = book(&app, &clinic, desk, extra).await.expect_problem(422).body;
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    let all =
        app.get("/api/v1/appointments?from=2026-01-01&to=2026-03-03", desk).await.expect(200).body;
    assert_eq!(all["items"].as_array().unwrap().len(), 1, "only the first of the spring series");
    for (query, field) in [
        ("from=2026-01-01&to=2026-04-01", "to"),
        ("from=2026-03-01&to=2026-02-01", "to"),
        ("from=9999-12-31", "from"),
    ] {
        let problem = app.get(&format!("/api/v1/appointments?{query}"), desk).await;
        assert!(problem.expect_problem(422).body["errors"][field].is_array(), "{query}");
    }
}

#[tokio::test]
async fn attendance_counts_as_domain_md_says_and_a_no_show_is_outreach() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(60)).await;
    let c1 = clinic.clinician.token();
    let desk = clinic.front_desk.token();
    // Eleven appointments on the last eleven days, each at 10:00.
    let statuses = [
        "attended",
        "attended",
        "attended",
        "attended",
        "attended",
        "attended",
        "late",
        "late_cancelled_by_client",
        "cancelled_by_client",
        "cancelled_by_practice",
        "no_show",
    ];
    let mut booked = Vec::new();
    for (i, status) in statuses.iter().enumerate() {
        let day = ago(11 - i as u64);
        let body = json!({ "starts_at": local(&format!("{day} 10:00")) });
        let item = book(&app, &clinic, c1, body).await.expect(201).body["items"][0].clone();
        let path = format!("/api/v1/appointments/{}/status", id(&item));
        // The front desk sets attendance.
        let set = app.post(&path, desk, json!({ "status": status })).await.expect(200).body;
        assert_eq!(set["status"], *status);
        booked.push(set);
    }
    let progress = app
        .get(&clinic.client_path(&format!("/progress?from={}&to={}", ago(11), ago(1))), c1)
        .await
        .expect(200)
        .body;
    let a = &progress["attendance"];
    assert_eq!((a["attended"].as_i64(), a["countable"].as_i64()), (Some(7), Some(9)), "{a}");
    assert_eq!(a["rate"], 77.8);
    assert_eq!((a["no_shows"].as_i64(), a["late_cancellations"].as_i64()), (Some(1), Some(1)));
    assert_eq!(a["by_kind"][0]["kind"], "individual");
    // The progress report says it as a court or payer reads it.
    let path = clinic.client_path(&format!(
        "/report.pdf?from={}&to={}&internal=true&purpose=Attendance",
        ago(11),
        ago(1)
    ));
    let (status, _, pdf) = app.get_bytes(&path, c1).await;
    assert_eq!(status, 200);
    if let Some(text) = daybreak::reports::pdftotext(&pdf) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Appointments attended 7 of 9 77.8%"), "{flat}");
    }

    // One no-show, one alert, for the clinician, worded by the dashboard as outreach.
    let no_shows = |alerts: &Value| -> Vec<Value> {
        alerts["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "no_show")
            .cloned()
            .collect()
    };
    let alerts = app.get("/api/v1/alerts?per_page=100", c1).await.expect(200).body;
    let raised = no_shows(&alerts);
    assert_eq!(raised.len(), 1);
    assert_eq!(raised[0]["detail"]["in_a_row"], 1);
    assert_eq!(raised[0]["detail"]["urgent"], false);
    // Setting it again (or back and forth) raises nothing new; its history keeps each status.
    let last = &booked[10];
    let path = format!("/api/v1/appointments/{}/status", id(last));
    app.post(&path, c1, json!({ "status": "scheduled" })).await.expect(200);
    let again = app.post(&path, c1, json!({ "status": "no_show" })).await.expect(200).body;
    let history: Vec<&str> = again["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["scheduled", "no_show", "scheduled", "no_show"]);
    assert!(again["statuses"][1]["set_by_name"].is_string());
    let alerts = app.get("/api/v1/alerts?per_page=100", c1).await.expect(200).body;
    assert_eq!(no_shows(&alerts).len(), 1);
    // A stale version is refused.
    app.post(&path, c1, json!({ "status": "attended", "version": 1 })).await.expect_problem(409);

    // Today's appointment missed too: the second in a row is urgent.
    let now = Utc::now().with_timezone(&TZ);
    let earlier = (now - chrono::Duration::minutes(5)).format("%Y-%m-%d %H:%M").to_string();
    let today =
        book(&app, &clinic, c1, json!({ "starts_at": local(&earlier) })).await.expect(201).body;
    let today_path = format!("/api/v1/appointments/{}/status", id(&today["items"][0]));
    app.post(&today_path, desk, json!({ "status": "no_show" })).await.expect(200);
    let alerts = app.get("/api/v1/alerts?per_page=100", c1).await.expect(200).body;
    let raised = no_shows(&alerts);
    assert_eq!(raised.len(), 2);
    let urgent = raised.iter().find(|a| a["detail"]["in_a_row"] == 2).expect("the second in a row");
    assert_eq!(urgent["detail"]["urgent"], true);

    // An outcome waits until the appointment has started; a cancellation does not.
    let later = (now + chrono::Duration::days(2)).format("%Y-%m-%d 10:00").to_string();
    let future =
        book(&app, &clinic, desk, json!({ "starts_at": local(&later) })).await.expect(201).body;
    let future_path = format!("/api/v1/appointments/{}/status", id(&future["items"][0]));
    let problem = app.post(&future_path, desk, json!({ "status": "attended" })).await;
    assert!(problem.expect_problem(422).body["errors"]["status"].is_array());
    app.post(&future_path, desk, json!({ "status": "cancelled_by_client" })).await.expect(200);

    // A booking over another of the same clinician is warned about, and kept.
    let clash =
        book(&app, &clinic, desk, json!({ "starts_at": local(&later), "duration_minutes": 30 }))
            .await
            .expect(201)
            .body;
    assert!(clash["overlaps"].as_array().unwrap().is_empty(), "a cancelled one is no clash");
    let again =
        book(&app, &clinic, desk, json!({ "starts_at": local(&later) })).await.expect(201).body;
    assert_eq!(again["overlaps"][0]["other_id"], id(&clash["items"][0]));
    assert_eq!(again["overlaps"][0]["same"], "clinician");

    // The database keeps every appointment and every status as it was set.
    let practice = clinic.practice.id.as_str();
    for sql in [
        "DELETE FROM appointments",
        "DELETE FROM appointment_statuses",
        "UPDATE appointment_statuses SET status = 'attended'",
    ] {
        assert!(app.server_refuses(practice, sql).await, "{sql} was allowed");
    }
}

#[tokio::test]
async fn appointments_are_reached_only_through_the_caseload_and_the_practice() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(60)).await;
    let c1 = clinic.clinician.token();
    let at = local(&format!("{} 10:00", ago(1)));
    let item = book(&app, &clinic, c1, json!({ "starts_at": at })).await.expect(201).body["items"]
        [0]
    .clone();
    let path = format!("/api/v1/appointments/{}", id(&item));
    let other = clinic.practice.add_staff(&app, "clinician").await;
    let stranger = Clinic::open(&app, ago(10)).await;
    for token in [other.token(), stranger.clinician.token(), stranger.practice.owner.token()] {
        app.get(&path, token).await.expect_problem(404);
        app.post(&format!("{path}/status"), token, json!({ "status": "no_show" }))
            .await
            .expect_problem(404);
        let list = app
            .get(&format!("/api/v1/appointments?from={}&to={}", ago(1), ago(1)), token)
            .await
            .expect(200)
            .body;
        assert!(list["items"].as_array().unwrap().is_empty());
    }
    // Another practice cannot book our client, nor book with our clinician.
    let theirs =
        book(&app, &clinic, stranger.practice.owner.token(), json!({ "starts_at": at })).await;
    theirs.expect_problem(404);
    let mut body = json!({ "client_id": stranger.client_id, "clinician_id": clinic.clinician.id,
                           "starts_at": at, "duration_minutes": 50, "kind": "intake" });
    let problem =
        app.post("/api/v1/appointments", stranger.practice.owner.token(), body.clone()).await;
    assert!(problem.expect_problem(422).body["errors"]["clinician_id"].is_array());
    body["clinician_id"] = json!(stranger.clinician.id);
    app.post("/api/v1/appointments", stranger.practice.owner.token(), body).await.expect(201);
    // Our practice still sees its one appointment, unchanged.
    let detail = app.get(&path, clinic.practice.owner.token()).await.expect(200).body;
    assert_eq!(detail["status"], "scheduled");
    assert_eq!(detail["statuses"].as_array().unwrap().len(), 1);
}

async fn feed(app: &TestApp, url: &str) -> (u16, String, String) {
    let path = &url[url.find("/cal/").expect("a feed path")..];
    let response = app.http.get(format!("{}{path}", app.base)).send().await.unwrap();
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, response.text().await.unwrap())
}

#[tokio::test]
async fn a_calendar_feed_shows_initials_only_and_stops_when_replaced_or_revoked() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(60)).await;
    let c1 = clinic.clinician.token();
    let soon = (Utc::now() + chrono::Duration::days(2)).with_timezone(&TZ);
    let at = |hour: u32| local(&format!("{} {hour:02}:00", soon.date_naive()));
    let kept =
        book(&app, &clinic, c1, json!({ "starts_at": at(10), "location": "Room 2, upstairs" }))
            .await
            .expect(201)
            .body["items"][0]
            .clone();
    let cancelled = book(&app, &clinic, c1, json!({ "starts_at": at(14), "telehealth": true }))
        .await
        .expect(201)
        .body["items"][0]
        .clone();
    app.post(
        &format!("/api/v1/appointments/{}/status", id(&cancelled)),
        c1,
        json!({ "status": "cancelled_by_client" }),
    )
    .await
    .expect(200);

    app.post("/api/v1/me/calendar-feed", clinic.front_desk.token(), json!({}))
        .await
        .expect_problem(403);
    let status = app.get("/api/v1/me/calendar-feed", c1).await.expect(200).body;
    assert_eq!(status["active"], false);
    let issued = app.post("/api/v1/me/calendar-feed", c1, json!({})).await.expect(201).body;
    let url = issued["url"].as_str().unwrap().to_owned();
    assert!(url.ends_with(".ics"));
    let (code, kind, body) = feed(&app, &url).await;
    assert_eq!(code, 200);
    assert!(kind.starts_with("text/calendar"), "{kind}");
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n") && body.ends_with("END:VCALENDAR\r\n"));
    assert!(body.contains(&format!("UID:{}@daybreak", id(&kept))));
    assert!(body.contains("SUMMARY:Appointment S. R.\r\n"), "{body}");
    assert!(body.contains("LOCATION:Room 2\\, upstairs\r\n"), "{body}");
    assert!(body.contains("STATUS:CANCELLED"), "the cancelled one is marked, for the app to drop");
    for word in ["Sam", "Rivera", "individual", "Individual"] {
        assert!(!body.contains(word), "the feed shows {word}");
    }
    assert_eq!(app.get("/api/v1/me/calendar-feed", c1).await.expect(200).body["active"], true);

    // Another practice's feed holds none of ours; a guessed token is a 404.
    let stranger = Clinic::open(&app, ago(10)).await;
    let theirs = app.post("/api/v1/me/calendar-feed", stranger.clinician.token(), json!({})).await;
    let (code, _, their_body) = feed(&app, theirs.expect(201).body["url"].as_str().unwrap()).await;
    assert_eq!(code, 200);
    assert!(!their_body.contains(id(&kept)) && !their_body.contains("VEVENT"));
    let guessed = format!("/cal/{}.ics", "A".repeat(43));
    assert_eq!(feed(&app, &guessed).await.0, 404);
    assert_eq!(feed(&app, "/cal/not-a-token.ics").await.0, 404);

    // A new URL stops the old one; revoking stops the new one.
    let again = app.post("/api/v1/me/calendar-feed", c1, json!({})).await.expect(201).body;
    let new_url = again["url"].as_str().unwrap().to_owned();
    assert_eq!(feed(&app, &url).await.0, 404);
    assert_eq!(feed(&app, &new_url).await.0, 200);
    let revoked =
        app.request(reqwest::Method::DELETE, "/api/v1/me/calendar-feed", Some(c1), None).await;
    assert_eq!(revoked.status.as_u16(), 204);
    assert_eq!(feed(&app, &new_url).await.0, 404);
    assert!(app.server_refuses(clinic.practice.id.as_str(), "DELETE FROM calendar_feeds").await);
}

async fn view(app: &TestApp, phone: &Phone) -> Value {
    let path = page(&phone.token);
    app.request_with(reqwest::Method::GET, &path, None, None, &phone.headers())
        .await
        .expect(200)
        .body
}

#[tokio::test]
async fn the_clients_page_shows_the_next_appointment_and_nothing_of_its_kind() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(60)).await;
    let c1 = clinic.clinician.token();
    let link = app.post(&clinic.client_path("/self-report-links"), c1, json!({})).await;
    let mut phone = Phone::bare(link.expect(201).body["token"].as_str().unwrap());
    phone.claim(&app).await.expect(200);
    let soon = (Utc::now() + chrono::Duration::days(3)).with_timezone(&TZ);
    let at = |day: chrono::NaiveDate, hour: u32| local(&format!("{day} {hour:02}:00"));
    let first = book(
        &app,
        &clinic,
        c1,
        json!({ "starts_at": at(soon.date_naive(), 10), "kind": "family" }),
    )
    .await
    .expect(201)
    .body["items"][0]
        .clone();
    let later = soon.date_naive() + chrono::Duration::days(7);
    book(&app, &clinic, c1, json!({ "starts_at": at(later, 15), "telehealth": true }))
        .await
        .expect(201);
    // Another client's appointment in between is never shown.
    let other =
        clinic.practice.add_client(&app, &clinic.clinician, "Lan", Some(&clinic.clinician)).await;
    let mut body = json!({ "client_id": id(&other), "clinician_id": clinic.clinician.id,
                           "starts_at": at(soon.date_naive(), 8), "duration_minutes": 50,
                           "kind": "group" });
    app.post("/api/v1/appointments", c1, body.take()).await.expect(201);

    let seen = view(&app, &phone).await;
    let next = &seen["next_appointment"];
    assert_eq!(
        next["starts_at"].as_str().map(|s| s.parse::<DateTime<Utc>>().unwrap()),
        Some(first["starts_at"].as_str().unwrap().parse().unwrap())
    );
    assert_eq!(
        (next["location"].as_str(), next["online"].as_bool()),
        (Some("Room 2"), Some(false))
    );
    let text = seen.to_string();
    for word in ["family", "individual", "group", "Lan", "Testperson"] {
        assert!(!text.contains(word), "the page shows {word}");
    }
    // Cancelled: the next one is the online one.
    app.post(
        &format!("/api/v1/appointments/{}/status", id(&first)),
        clinic.front_desk.token(),
        json!({ "status": "cancelled_by_client" }),
    )
    .await
    .expect(200);
    let next = view(&app, &phone).await["next_appointment"].clone();
    assert_eq!((next["location"].is_null(), next["online"].as_bool()), (true, Some(true)));
}

#[tokio::test]
async fn the_note_follows_the_appointment_and_unsigned_ones_are_listed_after_the_practices_days() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(400)).await;
    let c = clinic.clinician.token();
    let hours_ago = |h: i64| (Utc::now() - chrono::Duration::hours(h)).to_rfc3339();
    let mut ids = Vec::new();
    for starts_at in [hours_ago(5 * 24), hours_ago(30)] {
        let booked =
            book(&app, &clinic, c, json!({ "starts_at": starts_at })).await.expect(201).body;
        ids.push(id(&booked["items"][0]).to_owned());
    }
    let (older, recent) = (&ids[0], &ids[1]);
    let note = |appointment: &str| {
        json!({ "session_on": ago(5), "duration_minutes": 50, "format": "free",
                "sections": { "text": "Worked on the relapse-prevention plan." },
                "appointment_id": appointment })
    };
    // Not attended yet: no note from it.
    let refused =
        app.post(&clinic.client_path("/notes"), c, note(older)).await.expect_problem(422).body;
    assert!(refused["errors"]["appointment_id"].is_array(), "{refused}");
    for appointment in [older, recent] {
        app.post(
            &format!("/api/v1/appointments/{appointment}/status"),
            c,
            json!({ "status": "attended" }),
        )
        .await
        .expect(200);
    }
    // Another client's appointment is refused as not this client's.
    let other = app
        .post("/api/v1/clients", c, json!({ "first_name": "Ana", "last_name": "Cruz" }))
        .await
        .expect(201)
        .body;
    let other_path = format!("/api/v1/clients/{}/notes", id(&other));
    app.post(&other_path, c, note(older)).await.expect_problem(422);

    // After three days (the default) the older one is due; the recent one is not yet.
    let due = |token: &str| {
        let app = &app;
        let token = token.to_owned();
        async move { app.get("/api/v1/appointments/awaiting-notes", &token).await }
    };
    let list = due(c).await.expect(200).body;
    assert_eq!(list["due_after_days"], 3);
    let listed: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(listed, [older.as_str()]);
    assert!(list["items"][0]["note_status"].is_null());
    due(clinic.front_desk.token()).await.expect_problem(403);

    // "Write the note" from the appointment: a draft names it, and the appointment shows it.
    let draft = app.post(&clinic.client_path("/notes"), c, note(older)).await.expect(201).body;
    assert_eq!(draft["appointment_id"], older.as_str());
    app.post(&clinic.client_path("/notes"), c, note(older)).await.expect_problem(409);
    let seen = app.get(&format!("/api/v1/appointments/{older}"), c).await.expect(200).body;
    assert_eq!((&seen["note_id"], &seen["note_status"]), (&draft["id"], &json!("draft")));
    let list = due(c).await.expect(200).body;
    assert_eq!(list["items"][0]["note_status"], "draft", "a draft is not yet a signed note");
    app.post(&format!("/api/v1/notes/{}/sign", id(&draft)), c, json!({})).await.expect(200);
    assert_eq!(due(c).await.expect(200).body["items"], json!([]));
    let seen = app.get(&format!("/api/v1/appointments/{older}"), c).await.expect(200).body;
    assert_eq!(seen["note_status"], "signed");

    // The practice asks for notes within a day: the recent one is due now, for its
    // clinician and for the supervisor; another clinician's list stays empty.
    let owner = clinic.practice.owner.token();
    let practice = app.get("/api/v1/practice", owner).await.expect(200).body;
    app.patch(
        "/api/v1/practice",
        owner,
        json!({ "version": practice["version"], "note_due_days": 0 }),
    )
    .await
    .expect_problem(422);
    app.patch(
        "/api/v1/practice",
        owner,
        json!({ "version": practice["version"], "note_due_days": 1 }),
    )
    .await
    .expect(200);
    let list = due(c).await.expect(200).body;
    assert_eq!(list["due_after_days"], 1);
    assert_eq!(list["items"][0]["id"], recent.as_str());
    assert_eq!(
        due(clinic.supervisor.token()).await.expect(200).body["items"][0]["id"],
        recent.as_str()
    );
    let stranger = clinic.practice.add_staff(&app, "clinician").await;
    assert_eq!(due(stranger.token()).await.expect(200).body["items"], json!([]));
}
