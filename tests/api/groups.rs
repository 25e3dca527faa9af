//! Groups: members over time, sessions with a roster, the front desk's attendance without
//! clinical text, the narrative's name warning, and signing that writes one signed, locked
//! note in each present member's chart, all or none (a database refusing the second note
//! leaves none written); who reaches what; a signed session locked in the database too.

use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend};
use serde_json::{Value, json};

use crate::{
    clinical_support::{Clinic, ago, id, today},
    support::{TestApp, TestStaff},
};

struct Group {
    id: String,
    /// Sam Rivera (the clinic's client), Alex Moreno, Jordan Blake.
    members: Vec<String>,
}

async fn client(app: &TestApp, clinic: &Clinic, first: &str, last: &str) -> String {
    let body = app
        .post(
            "/api/v1/clients",
            clinic.clinician.token(),
            json!({ "first_name": first, "last_name": last, "recovery_start_date": ago(200) }),
        )
        .await
        .expect(201)
        .body;
    id(&body).to_owned()
}

/// An evening group the clinician facilitates (DAP notes), with three members since 30 days.
async fn evening_group(app: &TestApp, clinic: &Clinic) -> Group {
    let group = app
        .post(
            "/api/v1/groups",
            clinic.supervisor.token(),
            json!({ "name": "Evening IOP", "track": "IOP", "default_minutes": 90,
                    "facilitator_ids": [clinic.clinician.id], "note_format": "dap",
                    "location": "Group room" }),
        )
        .await
        .expect(201)
        .body;
    let group_id = id(&group).to_owned();
    let mut members = vec![clinic.client_id.clone()];
    members.push(client(app, clinic, "Alex", "Moreno").await);
    members.push(client(app, clinic, "Jordan", "Blake").await);
    for member in &members {
        app.post(
            &format!("/api/v1/groups/{group_id}/members"),
            clinic.front_desk.token(),
            json!({ "client_id": member, "joined_on": ago(30) }),
        )
        .await
        .expect(201);
    }
    Group { id: group_id, members }
}

/// A session that started two hours ago.
async fn session(app: &TestApp, group: &Group, by: &TestStaff) -> Value {
    let starts_at = (Utc::now() - Duration::hours(2)).to_rfc3339();
    app.post(
        &format!("/api/v1/groups/{}/sessions", group.id),
        by.token(),
        json!({ "starts_at": starts_at, "topic": "Coping with cravings" }),
    )
    .await
    .expect(201)
    .body
}

fn roster_row<'a>(session: &'a Value, client_id: &str) -> &'a Value {
    session["roster"].as_array().unwrap().iter().find(|r| r["client_id"] == client_id).unwrap()
}

async fn notes_of(app: &TestApp, clinic: &Clinic, client_id: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/clients/{client_id}/notes"), clinic.supervisor.token())
        .await
        .expect(200)
        .body["items"]
        .as_array()
        .unwrap()
        .clone()
}

/// Sam and Alex came (Alex 20 minutes late), Jordan did not; the front desk records it, the
/// clinician writes the narrative and each one's part.
async fn ready_to_sign(app: &TestApp, clinic: &Clinic, group: &Group) -> Value {
    let s = session(app, group, &clinic.front_desk).await;
    let path = format!("/api/v1/group-sessions/{}", id(&s));
    let [sam, alex, jordan] = [&group.members[0], &group.members[1], &group.members[2]];
    app.request(
        reqwest::Method::PUT,
        &format!("{path}/attendance"),
        Some(clinic.front_desk.token()),
        Some(&json!({ "entries": [
            { "client_id": sam, "status": "present" },
            { "client_id": alex, "status": "late", "minutes_attended": 70 },
            { "client_id": jordan, "status": "absent_unexcused" },
        ] })),
    )
    .await
    .expect(200);
    let s = app.get(&path, clinic.clinician.token()).await.expect(200).body;
    app.patch(
        &path,
        clinic.clinician.token(),
        json!({ "version": s["version"], "shared_narrative":
                "The group practised urge surfing and named three high-risk times of day." }),
    )
    .await
    .expect(200);
    app.request(
        reqwest::Method::PUT,
        &format!("{path}/attendance"),
        Some(clinic.clinician.token()),
        Some(&json!({ "entries": [
            { "client_id": sam, "status": "present",
              "individual_text": "Shared a craving at work and how they rode it out.",
              "sections": { "assessment": "Engaged, insightful.", "plan": "Continue IOP." } },
            { "client_id": alex, "status": "late",
              "individual_text": "Arrived late; listened, spoke once about evenings.",
              "sections": { "assessment": "Guarded but present.", "plan": "Review lateness." } },
        ] })),
    )
    .await
    .expect(200)
    .body
}

#[tokio::test]
async fn signing_a_group_session_writes_one_locked_note_in_each_present_members_chart() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(300)).await;
    let group = evening_group(&app, &clinic).await;
    let [sam, alex, jordan] = [&group.members[0], &group.members[1], &group.members[2]];
    let s = session(&app, &group, &clinic.front_desk).await;
    let path = format!("/api/v1/group-sessions/{}", id(&s));
    assert_eq!(s["duration_minutes"], 90, "the group's usual length");
    assert_eq!(s["location"], "Group room");
    assert_eq!(s["shared_section"], "data");
    assert_eq!(s["member_sections"], json!(["assessment", "plan"]));
    assert_eq!(s["roster"].as_array().unwrap().len(), 3);
    // The front desk records who came but writes and reads no clinical text.
    let desk = clinic.front_desk.token();
    let put = |token: &str, body: Value| {
        let app = &app;
        let path = format!("{path}/attendance");
        let token = token.to_owned();
        async move { app.request(reqwest::Method::PUT, &path, Some(&token), Some(&body)).await }
    };
    put(
        desk,
        json!({ "entries": [{ "client_id": sam, "status": "present",
                                     "individual_text": "x" }] }),
    )
    .await
    .expect_problem(403);
    put(
        desk,
        json!({ "entries": [{ "client_id": sam, "status": "present" },
                                   { "client_id": alex, "status": "late", "minutes_attended": 70 },
                                   { "client_id": jordan, "status": "absent_unexcused" }] }),
    )
    .await
    .expect(200);
    let seen = app.get(&path, desk).await.expect(200).body;
    assert!(seen["shared_narrative"].is_null());
    assert!(roster_row(&seen, sam)["sections"].is_null());
    assert!(roster_row(&seen, sam)["individual_text"].is_null());
    assert_eq!(roster_row(&seen, sam)["chart_open"], false, "the front desk opens no chart");
    assert_eq!(roster_row(&seen, sam)["minutes_attended"], 90, "present: the whole session");
    assert_eq!(roster_row(&seen, alex)["minutes_attended"], 70);
    assert_eq!(roster_row(&seen, jordan)["status"], "absent_unexcused");
    app.patch(&path, desk, json!({ "version": seen["version"], "shared_narrative": "x" }))
        .await
        .expect_problem(403);

    // A narrative that names a member is warned about, and signing refuses it unless the
    // facilitator confirms.
    let c = clinic.clinician.token();
    let named = app
        .patch(
            &path,
            c,
            json!({ "version": seen["version"],
                    "shared_narrative": "The group practised urge surfing; alex shared first." }),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(named["name_warnings"], json!([{ "client_id": alex, "word": "alex" }]));
    put(
        c,
        json!({ "entries": [
        { "client_id": sam, "status": "present", "individual_text": "Shared a craving at work.",
          "sections": { "assessment": "Engaged.", "plan": "Continue IOP." } },
    ] }),
    )
    .await
    .expect(200);
    // Alex's part is not written yet, and the narrative names Alex: nothing is signed.
    let refused = app.post(&format!("{path}/sign"), c, json!({})).await.expect_problem(422).body;
    let errors = refused["errors"].as_object().unwrap();
    assert!(errors.contains_key("shared_narrative"), "{refused}");
    let alex_row = named["roster"].as_array().unwrap().iter().position(|r| r["client_id"] == *alex);
    let alex_field = format!("roster[{}].individual_text", alex_row.unwrap());
    assert!(errors.contains_key(&alex_field), "{refused}");
    assert!(!errors.keys().any(|k| k.contains("roster[") && k.contains("status")), "{refused}");
    assert!(notes_of(&app, &clinic, sam).await.is_empty(), "a refused signing writes nothing");

    let fixed = app
        .patch(
            &path,
            c,
            json!({ "version": named["version"], "shared_narrative":
                    "The group practised urge surfing and named three high-risk times of day." }),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(fixed["name_warnings"], json!([]));
    put(
        c,
        json!({ "entries": [
        { "client_id": alex, "status": "late", "individual_text": "Arrived late; spoke once.",
          "sections": { "assessment": "Guarded but present.", "plan": "Review lateness." } },
    ] }),
    )
    .await
    .expect(200);
    // The front desk cannot sign; the facilitator can.
    app.post(&format!("{path}/sign"), desk, json!({})).await.expect_problem(403);
    let signed = app.post(&format!("{path}/sign"), c, json!({})).await.expect(200).body;
    assert_eq!(signed["status"], "signed");
    assert_eq!(signed["locked"], true);
    assert_eq!(signed["signed_by"], clinic.clinician.id.as_str());
    assert!(roster_row(&signed, jordan)["note_id"].is_null(), "no note for an absence");
    assert_eq!(roster_row(&signed, sam)["chart_open"], true, "Sam is the clinician's client");
    assert!(notes_of(&app, &clinic, jordan).await.is_empty());

    // Each present member has a signed, locked DAP note of their own, naming no one else.
    let sam_notes = notes_of(&app, &clinic, sam).await;
    assert_eq!(sam_notes.len(), 1);
    let note = &sam_notes[0];
    assert_eq!(note["id"], roster_row(&signed, sam)["note_id"]);
    assert_eq!(note["status"], "signed");
    assert_eq!(note["locked"], true);
    assert_eq!(note["format"], "dap");
    assert_eq!(note["is_psychotherapy_note"], false);
    assert_eq!(note["author_id"], clinic.clinician.id.as_str());
    assert_eq!(note["duration_minutes"], 90);
    assert_eq!(note["session_on"], signed["day"]);
    assert_eq!(note["service_type"], "Group: Evening IOP");
    assert_eq!(
        note["sections"]["data"],
        "The group practised urge surfing and named three high-risk times of day.\n\n\
         Participation: Shared a craving at work."
    );
    assert_eq!(note["sections"]["assessment"], "Engaged.");
    let alex_notes = notes_of(&app, &clinic, alex).await;
    assert_eq!(alex_notes.len(), 1);
    assert_eq!(alex_notes[0]["duration_minutes"], 70, "the minutes Alex was there");
    assert_eq!(alex_notes[0]["sections"]["plan"], "Review lateness.");
    for text in [note.to_string(), alex_notes[0].to_string()] {
        assert!(!text.contains("Jordan") && !text.contains("Blake"), "{text}");
    }
    assert!(!note.to_string().contains("Moreno") && !note.to_string().contains("Alex"));

    // Each note behaves like any note: an addendum, a supervisor's co-signature.
    let note_path = format!("/api/v1/notes/{}", id(note));
    app.post(&format!("{note_path}/addenda"), c, json!({ "text": "Sam stayed after to talk." }))
        .await
        .expect(201);
    app.post(&format!("{note_path}/cosign"), clinic.supervisor.token(), json!({}))
        .await
        .expect(200);

    // A signed session is locked, in the API and in the database.
    let after = app.get(&path, c).await.expect(200).body;
    app.patch(&path, c, json!({ "version": after["version"], "topic": "Changed" }))
        .await
        .expect_problem(409);
    put(c, json!({ "entries": [{ "client_id": jordan, "status": "present" }] }))
        .await
        .expect_problem(409);
    app.post(&format!("{path}/sign"), c, json!({})).await.expect_problem(409);
    let practice = clinic.practice.id.as_str();
    for sql in [
        "UPDATE group_sessions SET shared_narrative = 'rewritten'",
        "UPDATE group_attendance SET status = 'absent_excused'",
        "UPDATE group_attendance SET sections = '{}'",
        "DELETE FROM group_sessions",
        "DELETE FROM group_attendance",
        "DELETE FROM group_members",
        "DELETE FROM groups",
    ] {
        assert!(app.server_refuses(practice, sql).await, "{sql} was allowed");
    }
    // The session's read is in each member's access trail.
    let audit = app.get("/api/v1/audit?per_page=200", clinic.practice.owner.token()).await.body;
    let reads = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "group_session.read" && e["client_id"] == *jordan)
        .count();
    assert!(reads >= 1, "{audit}");
}

#[tokio::test]
async fn signing_is_all_or_none_when_one_members_note_cannot_be_written() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(300)).await;
    let group = evening_group(&app, &clinic).await;
    let s = ready_to_sign(&app, &clinic, &group).await;
    let path = format!("/api/v1/group-sessions/{}", id(&s));
    // The database refuses a second note of the same session (whichever member comes
    // second): the first member's note must not stay behind.
    let postgres = app.db.get_database_backend() == DatabaseBackend::Postgres;
    let install = if postgres {
        vec![
            "CREATE FUNCTION refuse_second_note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF EXISTS (SELECT 1 FROM session_notes n WHERE n.practice_id = NEW.practice_id \
               AND n.started_at = NEW.started_at) THEN \
               RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$"
                .to_owned(),
            "CREATE TRIGGER refuse_second_note BEFORE INSERT ON session_notes \
             FOR EACH ROW EXECUTE FUNCTION refuse_second_note()"
                .to_owned(),
        ]
    } else {
        vec![
            "CREATE TRIGGER refuse_second_note BEFORE INSERT ON session_notes \
             WHEN EXISTS (SELECT 1 FROM session_notes n WHERE n.practice_id = NEW.practice_id \
               AND n.started_at = NEW.started_at) \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                .to_owned(),
        ]
    };
    for sql in &install {
        app.db.execute_unprepared(sql).await.unwrap();
    }
    let c = clinic.clinician.token();
    let failed = app.post(&format!("{path}/sign"), c, json!({})).await;
    assert!(!failed.status.is_success(), "{}", failed.body);
    for member in &group.members {
        assert!(notes_of(&app, &clinic, member).await.is_empty(), "a note stayed behind");
    }
    let still = app.get(&path, c).await.expect(200).body;
    assert_eq!(still["status"], "draft");
    assert!(still["roster"].as_array().unwrap().iter().all(|r| r["note_id"].is_null()));

    app.db.execute_unprepared("DROP TRIGGER refuse_second_note ON session_notes").await.ok();
    app.db.execute_unprepared("DROP TRIGGER refuse_second_note").await.ok();
    let signed = app.post(&format!("{path}/sign"), c, json!({})).await.expect(200).body;
    let written = signed["roster"].as_array().unwrap().iter().filter(|r| r["note_id"].is_string());
    assert_eq!(written.count(), 2);
}

#[tokio::test]
async fn members_come_and_go_and_the_roster_follows_the_session_day() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(300)).await;
    let group = evening_group(&app, &clinic).await;
    let desk = clinic.front_desk.token();
    let jordan = &group.members[2];
    let members = format!("/api/v1/groups/{}/members", group.id);
    // Already a member: 409; leaving before joining, or in the future: 422.
    app.post(&members, desk, json!({ "client_id": jordan, "joined_on": ago(3) }))
        .await
        .expect_problem(409);
    let leave = format!("{members}/{jordan}/leave");
    app.post(&leave, desk, json!({ "left_on": ago(31) })).await.expect_problem(422);
    app.post(&leave, desk, json!({ "left_on": today() + Duration::days(1) }))
        .await
        .expect_problem(422);
    let left = app.post(&leave, desk, json!({ "left_on": ago(10) })).await.expect(200).body;
    let row = left["members"].as_array().unwrap().iter().find(|m| m["client_id"] == *jordan);
    assert_eq!(row.unwrap()["left_on"], ago(10).to_string());
    assert_eq!(row.unwrap()["current"], false);
    // Today's session has two on its roster; attendance for Jordan is refused.
    let s = session(&app, &group, &clinic.front_desk).await;
    assert_eq!(s["roster"].as_array().unwrap().len(), 2);
    let attendance = format!("/api/v1/group-sessions/{}/attendance", id(&s));
    let refused = app
        .request(
            reqwest::Method::PUT,
            &attendance,
            Some(desk),
            Some(&json!({ "entries": [{ "client_id": jordan, "status": "present" }] })),
        )
        .await
        .expect_problem(422)
        .body;
    assert!(refused["errors"]["entries[0].client_id"].is_array(), "{refused}");
    // Rejoining is a new membership; both stay in the group's history.
    let back = app.post(&members, desk, json!({ "client_id": jordan })).await.expect(201).body;
    let rows: Vec<&Value> =
        back["members"].as_array().unwrap().iter().filter(|m| m["client_id"] == *jordan).collect();
    assert_eq!(rows.len(), 2);
    // Bad attendance: minutes longer than the session, a section the format lacks, a
    // session not yet started.
    let sam = &group.members[0];
    for (entry, field) in [
        (
            json!({ "client_id": sam, "status": "late", "minutes_attended": 91 }),
            "entries[0].minutes_attended",
        ),
        (
            json!({ "client_id": sam, "status": "present", "sections": { "subjective": "x" } }),
            "entries[0].sections.subjective",
        ),
        (
            json!({ "client_id": sam, "status": "absent_excused", "minutes_attended": 10 }),
            "entries[0].minutes_attended",
        ),
    ] {
        let answer = app
            .request(
                reqwest::Method::PUT,
                &attendance,
                Some(clinic.clinician.token()),
                Some(&json!({ "entries": [entry] })),
            )
            .await
            .expect_problem(422)
            .body;
        assert!(answer["errors"][field].is_array(), "{answer}");
    }
    let later = app
        .post(
            &format!("/api/v1/groups/{}/sessions", group.id),
            desk,
            json!({ "starts_at": (Utc::now() + Duration::days(2)).to_rfc3339() }),
        )
        .await
        .expect(201)
        .body;
    let early = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/group-sessions/{}/attendance", id(&later)),
            Some(desk),
            Some(&json!({ "entries": [{ "client_id": sam, "status": "present" }] })),
        )
        .await
        .expect_problem(422)
        .body;
    assert!(early["errors"]["entries"].is_array(), "{early}");
    // A session called off is kept, locked.
    let cancelled = app
        .patch(
            &format!("/api/v1/group-sessions/{}", id(&later)),
            desk,
            json!({ "version": later["version"], "cancelled": true }),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(cancelled["status"], "cancelled");
    app.patch(
        &format!("/api/v1/group-sessions/{}", id(&later)),
        desk,
        json!({ "version": cancelled["version"], "topic": "x" }),
    )
    .await
    .expect_problem(409);
    // The week's list shows both sessions with how many came.
    let week = app
        .get(
            &format!("/api/v1/group-sessions?from={}&to={}", ago(1), today() + Duration::days(3)),
            desk,
        )
        .await
        .expect(200)
        .body;
    let items = week["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["group_name"], "Evening IOP");
    assert_eq!(items[1]["status"], "cancelled");
}

#[tokio::test]
async fn a_clinician_reaches_the_groups_they_facilitate_and_no_other_practice_reaches_any() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(300)).await;
    let group = evening_group(&app, &clinic).await;
    let s = session(&app, &group, &clinic.front_desk).await;
    let other = clinic.practice.add_staff(&app, "clinician").await;
    let outsider = app.signup("Elsewhere").await;
    let group_path = format!("/api/v1/groups/{}", group.id);
    let session_path = format!("/api/v1/group-sessions/{}", id(&s));
    for token in [other.token(), outsider.owner.token()] {
        app.get(&group_path, token).await.expect_problem(404);
        app.get(&session_path, token).await.expect_problem(404);
        app.post(&format!("{session_path}/sign"), token, json!({})).await.expect_problem(404);
        let list = app.get("/api/v1/groups", token).await.expect(200).body;
        assert_eq!(list["items"], json!([]));
        let week = app.get("/api/v1/group-sessions", token).await.expect(200).body;
        assert!(!week.to_string().contains(id(&s)));
    }
    // A clinician starts a group only as one of its facilitators, and adds members from
    // their own caseload.
    let refused = app
        .post(
            "/api/v1/groups",
            other.token(),
            json!({ "name": "Mine", "default_minutes": 60,
                    "facilitator_ids": [clinic.clinician.id] }),
        )
        .await
        .expect_problem(422)
        .body;
    assert!(refused["errors"]["facilitator_ids"].is_array(), "{refused}");
    let own = app
        .post(
            "/api/v1/groups",
            other.token(),
            json!({ "name": "Mine", "default_minutes": 60, "facilitator_ids": [other.id] }),
        )
        .await
        .expect(201)
        .body;
    app.post(
        &format!("/api/v1/groups/{}/members", id(&own)),
        other.token(),
        json!({ "client_id": clinic.client_id }),
    )
    .await
    .expect_problem(404);
    let mine = app.get("/api/v1/groups", other.token()).await.expect(200).body;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    // A front-desk member is no facilitator; another practice's is not found.
    let outsider_clinician = outsider.add_staff(&app, "clinician").await;
    for bad in [clinic.front_desk.id.as_str(), outsider_clinician.id.as_str()] {
        app.post(
            "/api/v1/groups",
            clinic.supervisor.token(),
            json!({ "name": "X", "default_minutes": 60, "facilitator_ids": [bad] }),
        )
        .await
        .expect_problem(422);
    }
    // A stale version is refused, never merged.
    let g = app.get(&group_path, clinic.supervisor.token()).await.expect(200).body;
    app.patch(
        &group_path,
        clinic.supervisor.token(),
        json!({ "version": g["version"], "name": "A" }),
    )
    .await
    .expect(200);
    app.patch(
        &group_path,
        clinic.clinician.token(),
        json!({ "version": g["version"], "name": "B" }),
    )
    .await
    .expect_problem(409);
}

#[tokio::test]
async fn group_attendance_counts_in_the_figures_the_weekly_hours_and_the_no_show_alert() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(300)).await;
    let group = evening_group(&app, &clinic).await;
    let s = ready_to_sign(&app, &clinic, &group).await;
    let [sam, alex, jordan] = [&group.members[0], &group.members[1], &group.members[2]];
    let c = clinic.clinician.token();
    // Sam also had a 50-minute individual session yesterday, attended.
    let booked = app
        .post(
            "/api/v1/appointments",
            c,
            json!({ "client_id": sam, "clinician_id": clinic.clinician.id,
                    "starts_at": (Utc::now() - Duration::hours(26)).to_rfc3339(),
                    "duration_minutes": 50, "kind": "individual" }),
        )
        .await
        .expect(201)
        .body;
    let appointment = id(&booked["items"][0]).to_owned();
    app.post(
        &format!("/api/v1/appointments/{appointment}/status"),
        c,
        json!({ "status": "attended" }),
    )
    .await
    .expect(200);
    let progress = |client: &str| {
        let path = format!("/api/v1/clients/{client}/progress?from={}&to={}", ago(13), today());
        let app = &app;
        async move { app.get(&path, c).await.expect(200).body["attendance"].clone() }
    };
    let figures = progress(sam).await;
    assert_eq!((figures["attended"].as_i64(), figures["countable"].as_i64()), (Some(2), Some(2)));
    let kinds: Vec<&str> = figures["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["individual", "group"]);
    // Both in the week of the session, or across two weeks when "yesterday" was a Sunday.
    let weeks = figures["weekly_hours"].as_array().unwrap();
    let group_minutes: i64 = weeks.iter().map(|w| w["group_minutes"].as_i64().unwrap()).sum();
    let individual: i64 = weeks.iter().map(|w| w["individual_minutes"].as_i64().unwrap()).sum();
    assert_eq!((group_minutes, individual), (90, 50));
    let session_week = weeks.iter().find(|w| w["group_minutes"] == 90).unwrap();
    let monday = s["day"].as_str().unwrap().parse::<chrono::NaiveDate>().unwrap();
    let monday =
        monday - Duration::days(chrono::Datelike::weekday(&monday).num_days_from_monday() as i64);
    assert_eq!(session_week["week_of"], monday.to_string());
    let alex_figures = progress(alex).await;
    assert_eq!(alex_figures["by_kind"][0]["kind"], "group");
    assert_eq!(alex_figures["by_kind"][0]["attended"], 1);
    assert_eq!(
        alex_figures["weekly_hours"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["group_minutes"].as_i64().unwrap())
            .sum::<i64>(),
        70
    );
    let jordan_figures = progress(jordan).await;
    assert_eq!(
        (jordan_figures["no_shows"].as_i64(), jordan_figures["rate"].as_f64()),
        (Some(1), Some(0.0))
    );

    // Jordan's unexcused absence raised one outreach alert, which recording it again does not
    // repeat.
    let path = format!("/api/v1/group-sessions/{}/attendance", id(&s));
    app.request(
        reqwest::Method::PUT,
        &path,
        Some(clinic.front_desk.token()),
        Some(&json!({ "entries": [{ "client_id": jordan, "status": "absent_unexcused" }] })),
    )
    .await
    .expect(200);
    let alerts = app.get("/api/v1/alerts", c).await.expect(200).body;
    let no_shows: Vec<&Value> = alerts["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "no_show" && a["client_id"] == *jordan)
        .collect();
    assert_eq!(no_shows.len(), 1, "{alerts}");
    assert_eq!(no_shows[0]["detail"]["group_session_id"], id(&s));
    assert_eq!(no_shows[0]["detail"]["urgent"], false);
}
