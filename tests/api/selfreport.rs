//! The client's self-report link: issue and revoke, the public page and check-in, measures,
//! abuse limits, and the alerts that what clients report raises.

use chrono::{Duration, Utc};
use daybreak::entities::{clients, self_report_links};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use crate::{
    clinical_support::{Clinic, Phone, ago, id, page, today},
    support::TestApp,
};

/// Issues a link for the clinic's client; returns (link id, the phone that claimed it).
async fn issue(app: &TestApp, clinic: &Clinic) -> (String, Phone) {
    let link = app
        .post(&clinic.client_path("/self-report-links"), clinic.clinician.token(), json!({}))
        .await
        .expect(201)
        .body;
    let mut phone = Phone::bare(link["token"].as_str().unwrap());
    phone.claim(app).await.expect(200);
    (id(&link).to_owned(), phone)
}

async fn open(app: &TestApp, phone: &Phone) -> crate::support::Answer {
    app.request_with(Method::GET, &page(&phone.token), None, None, &phone.headers()).await
}

async fn check_in(app: &TestApp, phone: &Phone, body: Value) -> crate::support::Answer {
    let path = format!("{}/check-ins", page(&phone.token));
    app.request_with(Method::POST, &path, None, Some(&body), &phone.headers()).await
}

async fn measure(app: &TestApp, phone: &Phone, body: Value) -> crate::support::Answer {
    let path = format!("{}/measures", page(&phone.token));
    app.request_with(Method::POST, &path, None, Some(&body), &phone.headers()).await
}

fn day_report(used: bool, craving: i64) -> Value {
    json!({ "used": used, "substances": if used { json!(["alcohol"]) } else { json!([]) },
            "craving": craving, "mood": 5, "attended_meeting": false, "contacted_sponsor": true })
}

#[tokio::test]
async fn a_link_is_shown_once_and_listed_without_its_token() {
    let app = TestApp::spawn_with(&[("DAYBREAK_PUBLIC_URL", "https://care.example.org")]).await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let link = app
        .post(
            &clinic.client_path("/self-report-links"),
            clinic.front_desk.token(),
            json!({ "expires_in_days": 30 }),
        )
        .await
        .expect(201)
        .body;
    let token = link["token"].as_str().unwrap();
    assert_eq!(token.len(), 43, "256 random bits, base64url");
    assert_eq!(link["url"], format!("https://care.example.org/r/{token}"));
    let expires =
        chrono::DateTime::parse_from_rfc3339(link["expires_at"].as_str().unwrap()).unwrap();
    let days = (expires.with_timezone(&Utc) - Utc::now()).num_hours() as f64 / 24.0;
    assert!((29.9..=30.0).contains(&days), "{days}");

    let listed = app
        .get(&clinic.client_path("/self-report-links"), clinic.clinician.token())
        .await
        .expect(200)
        .body;
    assert_eq!(listed["total"], 1);
    let item = &listed["items"][0];
    assert_eq!(item["status"], "active");
    assert!(item.get("token").is_none() && item.get("url").is_none());
    assert!(!listed.to_string().contains(token));
    // The database keeps only the hash.
    let stored = self_report_links::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_ne!(stored.token_hash, token);
    assert_eq!(stored.token_hash, daybreak::core::identity::sessions::sha256_hex(token));

    for days in [0, 366] {
        app.post(
            &clinic.client_path("/self-report-links"),
            clinic.clinician.token(),
            json!({ "expires_in_days": days }),
        )
        .await
        .expect_problem(422);
    }
    let stranger = clinic.practice.add_staff(&app, "clinician").await;
    app.post(&clinic.client_path("/self-report-links"), stranger.token(), json!({}))
        .await
        .expect_problem(404);
    let outsider = app.signup("Elsewhere").await;
    app.get(&clinic.client_path("/self-report-links"), outsider.owner.token())
        .await
        .expect_problem(404);
    app.post(
        &format!("/api/v1/self-report-links/{}/revoke", id(&link)),
        outsider.owner.token(),
        json!({}),
    )
    .await
    .expect_problem(404);
}

#[tokio::test]
async fn the_page_shows_the_first_name_the_practice_and_the_three_numbers_only() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(40)).await;
    clinic.episode(&app, "lapse", ago(9), None).await;
    let (_, token) = issue(&app, &clinic).await;
    let view = open(&app, &token).await.expect(200).body;
    let keys: Vec<&String> = view.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "asks_medication",
            "checked_in_today",
            "claim_required",
            "clean_days_last_30",
            "crisis_text",
            "current_streak_days",
            "due_measures",
            "first_name",
            "next_appointment",
            "plan",
            "practice_name",
            "safety_plan",
            "substances",
            "time_zone",
            "today",
            "today_check_in",
            "total_clean_days",
        ]
    );
    // No plan written yet, no medication asked about: nothing to show.
    assert!(view["plan"].is_null() && view["safety_plan"].is_null());
    assert_eq!(view["asks_medication"], false);
    assert!(view["next_appointment"].is_null(), "none booked");
    assert_eq!(view["first_name"], "Sam");
    assert_eq!(view["practice_name"], "Clinic");
    assert_eq!(view["today"], json!(today()));
    assert_eq!(view["current_streak_days"], 9);
    assert_eq!(view["clean_days_last_30"], 29);
    assert_eq!(view["total_clean_days"], 40);
    assert_eq!(view["checked_in_today"], false);
    assert!(!view.to_string().contains("Rivera"), "no last name");
}

#[tokio::test]
async fn unknown_expired_revoked_and_archived_links_all_answer_the_same_404() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    // Issuing a link revokes the client's live ones: the expired one expires first.
    let (_, expired) = issue(&app, &clinic).await;
    self_report_links::Entity::update_many()
        .col_expr(
            self_report_links::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .filter(
            self_report_links::Column::TokenHash
                .eq(daybreak::core::identity::sessions::sha256_hex(&expired.token)),
        )
        .exec(&app.db)
        .await
        .unwrap();
    let (revoked_id, revoked) = issue(&app, &clinic).await;
    open(&app, &revoked).await.expect(200);
    app.post(
        &format!("/api/v1/self-report-links/{revoked_id}/revoke"),
        clinic.clinician.token(),
        json!({}),
    )
    .await
    .expect(200);
    let (_, live) = issue(&app, &clinic).await;
    let unknown = Phone::bare(&"A".repeat(43));
    let short = Phone::bare("short");
    let mut answers = Vec::new();
    for phone in [&unknown, &short, &revoked, &expired] {
        answers.push(open(&app, phone).await.expect_problem(404).body);
        check_in(&app, phone, day_report(false, 1)).await.expect_problem(404);
        measure(&app, phone, json!({ "code": "phq9", "answers": [0, 0, 0, 0, 0, 0, 0, 0, 0] }))
            .await
            .expect_problem(404);
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");

    app.post(&clinic.client_path("/archive"), clinic.clinician.token(), json!({}))
        .await
        .expect(200);
    assert_eq!(open(&app, &live).await.expect_problem(404).body, answers[0]);
    let clients_left = clients::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(clients_left.len(), 1, "nothing was deleted");
    // An archived client gets no new link either.
    app.post(&clinic.client_path("/self-report-links"), clinic.clinician.token(), json!({}))
        .await
        .expect_problem(409);
}

#[tokio::test]
async fn a_check_in_is_201_then_200_when_replaced_and_one_row_per_day() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let (_, token) = issue(&app, &clinic).await;
    let first = check_in(&app, &token, day_report(false, 2)).await.expect(201).body;
    assert_eq!(first["checked_in_today"], true);
    assert_eq!(first["check_in"]["day"], json!(today()));
    let second = check_in(&app, &token, day_report(false, 6)).await.expect(200).body;
    assert_eq!(second["check_in"]["craving"], 6);
    let mut back = day_report(false, 3);
    back["day"] = json!(ago(7));
    check_in(&app, &token, back).await.expect(201);

    let list =
        app.get(&clinic.client_path("/check-ins"), clinic.clinician.token()).await.expect(200).body;
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["craving"], 6);
    assert_eq!(list["items"][0]["source"], "self_report");

    let cases = [
        ("day", json!(ago(8))),
        ("day", json!(today().succ_opt().unwrap())),
        ("craving", json!(11)),
        ("mood", json!(-1)),
        ("substances", json!(["moonshine"])),
    ];
    for (field, value) in cases {
        let mut body = day_report(true, 5);
        body[field] = value;
        let answer = check_in(&app, &token, body).await.expect_problem(422);
        assert!(answer.body["errors"].as_object().unwrap().keys().any(|k| k.starts_with(field)));
    }
    let mut contradiction = day_report(false, 1);
    contradiction["substances"] = json!(["alcohol"]);
    check_in(&app, &token, contradiction).await.expect_problem(422);
    let list =
        app.get(&clinic.client_path("/check-ins"), clinic.clinician.token()).await.expect(200).body;
    assert_eq!(list["total"], 2, "refused check-ins changed nothing");
    assert_eq!(list["items"][0]["craving"], 6);
}

#[tokio::test]
async fn concurrent_check_ins_for_one_day_leave_exactly_one_row_and_no_server_error() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let (_, token) = issue(&app, &clinic).await;
    let sends = (0..8).map(|n| check_in(&app, &token, day_report(n % 2 == 0, n)));
    let answers = futures_util::future::join_all(sends).await;
    for a in &answers {
        assert!(a.status == 201 || a.status == 200, "{a:?}");
    }
    assert!(answers.iter().any(|a| a.status == 201));
    let list =
        app.get(&clinic.client_path("/check-ins"), clinic.clinician.token()).await.expect(200).body;
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn after_a_reported_use_the_client_and_the_clinician_see_the_same_numbers() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(20)).await;
    let (_, token) = issue(&app, &clinic).await;
    let before = open(&app, &token).await.expect(200).body;
    assert_eq!(before["current_streak_days"], 21);
    let after = check_in(&app, &token, day_report(true, 8)).await.expect(201).body;
    assert_eq!(after["current_streak_days"], 0);
    assert_eq!(after["total_clean_days"], 20, "one lapse never zeroes the clean days");
    assert_eq!(after["clean_days_last_30"], 20);
    let progress =
        app.get(&clinic.client_path("/progress"), clinic.clinician.token()).await.expect(200).body;
    assert_eq!(progress["current_streak_days"], after["current_streak_days"]);
    assert_eq!(progress["total_clean_days"], after["total_clean_days"]);
    let alerts = app.get("/api/v1/alerts", clinic.clinician.token()).await.expect(200).body;
    let kinds: Vec<&str> =
        alerts["items"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["use_reported"]);
    // Saying it again for the same day raises nothing new.
    check_in(&app, &token, day_report(true, 9)).await.expect(200);
    assert_eq!(
        app.get("/api/v1/alerts", clinic.clinician.token()).await.expect(200).body["total"],
        1
    );
}

#[tokio::test]
async fn too_many_requests_per_link_or_per_address_get_429_with_retry_after() {
    let app = TestApp::spawn_with(&[
        ("DAYBREAK_SELF_REPORT_LINK_RATE", "3"),
        ("DAYBREAK_SELF_REPORT_IP_RATE", "6"),
    ])
    .await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let (_, token) = issue(&app, &clinic).await;
    // The claim was the link's first request of the minute.
    for _ in 0..2 {
        open(&app, &token).await.expect(200);
    }
    let limited = open(&app, &token).await.expect_problem(429);
    let wait: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    // Guessing other tokens from one address runs into the address limit.
    let mut statuses = Vec::new();
    for n in 0..4 {
        statuses.push(open(&app, &Phone::bare(&format!("{n}").repeat(43))).await.status.as_u16());
    }
    assert_eq!(statuses, [404, 404, 429, 429]);
}

#[tokio::test]
async fn a_scheduled_phq9_is_due_scored_stored_and_item_9_raises_an_alert() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let (_, token) = issue(&app, &clinic).await;
    let schedules = clinic.client_path("/measure-schedules");
    app.post(&schedules, clinic.front_desk.token(), json!({ "code": "phq9", "every_days": 14 }))
        .await
        .expect_problem(403);
    app.post(&schedules, clinic.clinician.token(), json!({ "code": "phq9", "every_days": 10 }))
        .await
        .expect_problem(422);
    let created = app
        .post(&schedules, clinic.clinician.token(), json!({ "code": "phq9", "every_days": 14 }))
        .await
        .expect(201)
        .body;
    assert_eq!(created["next_due_on"], json!(today()));
    app.post(&schedules, clinic.clinician.token(), json!({ "code": "phq9", "every_days": 7 }))
        .await
        .expect(200);

    let view = open(&app, &token).await.expect(200).body;
    let due = &view["due_measures"][0];
    assert_eq!(due["code"], "phq9");
    assert_eq!(due["items"].as_array().unwrap().len(), 9);
    assert_eq!(
        due["items"][8],
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    );
    assert_eq!(due["options"][3]["label"], "Nearly every day");

    measure(&app, &token, json!({ "code": "phq9", "answers": [1, 1, 1] }))
        .await
        .expect_problem(422);
    measure(&app, &token, json!({ "code": "phq9", "answers": [0, 0, 0, 0, 0, 0, 0, 0, 4] }))
        .await
        .expect_problem(422);
    measure(&app, &token, json!({ "code": "gad7", "answers": [0, 0, 0, 0, 0, 0, 0] }))
        .await
        .expect_problem(422);
    let scored =
        measure(&app, &token, json!({ "code": "phq9", "answers": [3, 3, 2, 2, 2, 2, 2, 1, 1] }))
            .await
            .expect(201)
            .body;
    assert_eq!(scored, json!({ "code": "phq9", "total": 18, "band": "moderately_severe" }));
    let view = open(&app, &token).await.expect(200).body;
    assert_eq!(view["due_measures"], json!([]), "answered: not due again for 7 days");

    let results = app
        .get(&clinic.client_path("/measures?code=phq9"), clinic.clinician.token())
        .await
        .expect(200)
        .body;
    assert_eq!(results["total"], 1);
    assert_eq!(results["items"][0]["answers"], json!([3, 3, 2, 2, 2, 2, 2, 1, 1]));
    assert_eq!(results["items"][0]["alert"], true);
    let alerts = app.get("/api/v1/alerts", clinic.clinician.token()).await.expect(200).body;
    assert_eq!(alerts["items"][0]["kind"], "phq9_item9");
    assert_eq!(alerts["items"][0]["detail"]["item9"], 1);
    app.get(&clinic.client_path("/measures"), clinic.front_desk.token()).await.expect_problem(403);
}

#[tokio::test]
async fn gad7_and_phq9_bands_at_their_edges_through_the_api() {
    let app = TestApp::spawn_with(&[("DAYBREAK_SELF_REPORT_LINK_RATE", "1000")]).await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let (_, token) = issue(&app, &clinic).await;
    for code in ["phq9", "gad7"] {
        app.post(
            &clinic.client_path("/measure-schedules"),
            clinic.clinician.token(),
            json!({ "code": code, "every_days": 7 }),
        )
        .await
        .expect(201);
    }
    let cases = [
        ("gad7", vec![1, 1, 1, 1, 0, 0, 0], 4, "minimal"),
        ("gad7", vec![1, 1, 1, 1, 1, 0, 0], 5, "mild"),
        ("gad7", vec![3, 3, 3, 1, 0, 0, 0], 10, "moderate"),
        ("gad7", vec![3, 3, 3, 3, 2, 0, 0], 14, "moderate"),
        ("gad7", vec![3, 3, 3, 3, 3, 0, 0], 15, "severe"),
        ("phq9", vec![3, 3, 3, 0, 0, 0, 0, 0, 0], 9, "mild"),
        ("phq9", vec![3, 3, 3, 3, 3, 3, 1, 0, 0], 19, "moderately_severe"),
        ("phq9", vec![3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "severe"),
    ];
    for (code, answers, total, band) in cases {
        let scored = measure(&app, &token, json!({ "code": code, "answers": answers }))
            .await
            .expect(201)
            .body;
        assert_eq!(
            (scored["total"].as_i64().unwrap(), scored["band"].as_str().unwrap()),
            (total, band),
            "{code}"
        );
    }
    let alerts = app.get("/api/v1/alerts", clinic.clinician.token()).await.expect(200).body;
    assert_eq!(alerts["total"], 0, "item 9 was always 0");
}

#[tokio::test]
async fn three_silent_days_and_rising_craving_raise_alerts_once() {
    let app = TestApp::spawn_with(&[("DAYBREAK_SELF_REPORT_LINK_RATE", "1000")]).await;
    let clinic = Clinic::open(&app, ago(60)).await;
    let (_, token) = issue(&app, &clinic).await;
    // The link was issued a week ago; the last check-in was five days ago.
    self_report_links::Entity::update_many()
        .col_expr(self_report_links::Column::CreatedAt, Expr::value(Utc::now() - Duration::days(7)))
        .exec(&app.db)
        .await
        .unwrap();
    clinic.check_in(&app, ago(5), false, 2).await;
    let alerts = app.get("/api/v1/alerts", clinic.clinician.token()).await.expect(200).body;
    assert_eq!(alerts["total"], 1);
    assert_eq!(alerts["items"][0]["kind"], "missed_check_ins");
    assert_eq!(alerts["items"][0]["detail"]["since"], json!(ago(4)));
    let again = app.get("/api/v1/alerts", clinic.clinician.token()).await.expect(200).body;
    assert_eq!(again["total"], 1, "one alert per silence");

    // A calm week (recorded in session), then a week of rising craving through the link.
    for n in 7..=13 {
        clinic.check_in(&app, ago(n), false, 2).await;
    }
    for n in 0..=4 {
        let mut body = day_report(false, 6);
        body["day"] = json!(ago(n));
        check_in(&app, &token, body).await;
    }
    let alerts = app.get("/api/v1/alerts", clinic.clinician.token()).await.expect(200).body;
    let rising: Vec<&Value> = alerts["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "craving_rising")
        .collect();
    assert_eq!(rising.len(), 1, "{alerts}");
    assert!(
        rising[0]["detail"]["recent_mean"].as_f64().unwrap()
            - rising[0]["detail"]["previous_mean"].as_f64().unwrap()
            >= 2.0
    );
}

#[tokio::test]
async fn issuing_using_and_revoking_a_link_is_audited_without_the_token() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let (link_id, token) = issue(&app, &clinic).await;
    open(&app, &token).await.expect(200);
    check_in(&app, &token, day_report(false, 1)).await.expect(201);
    app.post(
        &format!("/api/v1/self-report-links/{link_id}/revoke"),
        clinic.clinician.token(),
        json!({}),
    )
    .await
    .expect(200);
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
        "self_report_link.issue",
        "self_report.claim",
        "self_report.view",
        "self_report.check_in",
        "self_report_link.revoke",
    ] {
        assert!(actions.contains(&expected), "{expected} missing from {actions:?}");
    }
    assert!(!audit.to_string().contains(&token.token));
    assert!(!audit.to_string().contains(&token.cookie.unwrap()[16..]), "nor the device secret");
    let listed = app
        .get(&clinic.client_path("/self-report-links"), clinic.clinician.token())
        .await
        .expect(200)
        .body;
    assert_eq!(listed["items"][0]["status"], "revoked");
    assert!(listed["items"][0]["last_used_at"].is_string());
}

#[tokio::test]
async fn the_public_endpoints_take_small_bodies_only() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let (_, token) = issue(&app, &clinic).await;
    let mut body = day_report(false, 1);
    body["note"] = json!("x".repeat(20 * 1024));
    check_in(&app, &token, body).await.expect_problem(413);
    let mut long_note = day_report(false, 1);
    long_note["note"] = json!("x".repeat(2_001));
    let answer = check_in(&app, &token, long_note).await.expect_problem(422);
    assert!(answer.body["errors"]["note"].is_array());
    let list =
        app.get(&clinic.client_path("/check-ins"), clinic.clinician.token()).await.expect(200).body;
    assert_eq!(list["total"], 0);
}

/// Finding 1 of the trust review: staff who saw a link's token could read the client's
/// figures and send check-ins as the client. Now the link belongs to the phone that first
/// opens it; the token alone opens nothing but the first-open step, and after the claim
/// not even that.
#[tokio::test]
async fn a_link_belongs_to_the_phone_that_claims_it_and_the_token_alone_opens_nothing() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    clinic.check_in(&app, ago(2), false, 4).await;
    let link = app
        .post(&clinic.client_path("/self-report-links"), clinic.front_desk.token(), json!({}))
        .await
        .expect(201)
        .body;
    let mut phone = Phone::bare(link["token"].as_str().unwrap());
    let staff_browser = Phone::bare(&phone.token);

    // Before the claim: a first name, the practice and crisis help; no figure, no answer.
    let prompt = open(&app, &staff_browser).await.expect(200).body;
    assert_eq!(
        prompt,
        json!({ "claim_required": true, "first_name": "Sam", "practice_name": "Clinic",
                "crisis_text": null })
    );
    check_in(&app, &staff_browser, day_report(true, 9)).await.expect_problem(404);
    measure(
        &app,
        &staff_browser,
        json!({ "code": "phq9", "answers": [0, 0, 0, 0, 0, 0, 0, 0, 0] }),
    )
    .await
    .expect_problem(404);

    // The client's phone claims it: a device secret it alone holds.
    let claimed = phone.claim(&app).await.expect(200);
    let cookie = claimed.headers["set-cookie"].to_str().unwrap().to_owned();
    for part in
        ["HttpOnly", "SameSite=Strict", &format!("Path=/api/v1/self-report/{}", phone.token)]
    {
        assert!(cookie.split("; ").any(|p| p == part), "{part} missing in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http here: no Secure flag");
    assert_eq!(claimed.body["claim_required"], false);
    assert_eq!(claimed.body["current_streak_days"], 31);

    // Now the bare token is a 404, exactly like an unknown one, for every operation; a
    // second claim (the staff's browser trying its luck) too.
    let unknown = open(&app, &Phone::bare(&"B".repeat(43))).await.expect_problem(404).body;
    assert_eq!(open(&app, &staff_browser).await.expect_problem(404).body, unknown);
    check_in(&app, &staff_browser, day_report(true, 9)).await.expect_problem(404);
    measure(
        &app,
        &staff_browser,
        json!({ "code": "phq9", "answers": [0, 0, 0, 0, 0, 0, 0, 0, 0] }),
    )
    .await
    .expect_problem(404);
    let mut late = Phone::bare(&phone.token);
    late.claim(&app).await.expect_problem(404);
    let forged = Phone { token: phone.token.clone(), cookie: Some("daybreak_device=guess".into()) };
    open(&app, &forged).await.expect_problem(404);

    // The phone sees its page and checks in; the check-in is the client's own.
    open(&app, &phone).await.expect(200);
    check_in(&app, &phone, day_report(false, 2)).await.expect(201);
    let list =
        app.get(&clinic.client_path("/check-ins"), clinic.clinician.token()).await.expect(200).body;
    assert_eq!(list["total"], 2, "the staff's tries changed nothing");
    assert_eq!(list["items"][0]["source"], "self_report");
    assert_eq!(list["items"][0]["craving"], 2);

    // Staff see that it was opened on a phone, and when.
    let links = app
        .get(&clinic.client_path("/self-report-links"), clinic.front_desk.token())
        .await
        .expect(200)
        .body;
    assert!(links["items"][0]["claimed_at"].is_string(), "{links}");
    let stored = self_report_links::Entity::find().one(&app.db).await.unwrap().unwrap();
    let secret = &phone.cookie.as_ref().unwrap()["daybreak_device=".len()..];
    assert_eq!(
        stored.device_secret_hash.as_deref(),
        Some(daybreak::core::identity::sessions::sha256_hex(secret).as_str()),
        "only the secret's hash is kept"
    );
}

#[tokio::test]
async fn the_device_cookie_is_secure_when_people_reach_the_server_over_https() {
    let app = TestApp::spawn_with(&[("DAYBREAK_PUBLIC_URL", "https://care.example.org")]).await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let link = app
        .post(&clinic.client_path("/self-report-links"), clinic.clinician.token(), json!({}))
        .await
        .expect(201)
        .body;
    let claimed = Phone::bare(link["token"].as_str().unwrap()).claim(&app).await.expect(200);
    let cookie = claimed.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.split("; ").any(|p| p == "Secure"), "{cookie}");
}

/// A client on a new phone gets a new link; the old phone's link stops at once.
#[tokio::test]
async fn issuing_a_new_link_revokes_the_clients_earlier_one() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let (old_id, old_phone) = issue(&app, &clinic).await;
    let (new_id, new_phone) = issue(&app, &clinic).await;
    open(&app, &old_phone).await.expect_problem(404);
    open(&app, &new_phone).await.expect(200);
    let links = app
        .get(&clinic.client_path("/self-report-links"), clinic.clinician.token())
        .await
        .expect(200)
        .body;
    let status_of = |id: &str| {
        links["items"].as_array().unwrap().iter().find(|l| l["id"] == id).unwrap()["status"].clone()
    };
    assert_eq!(status_of(&old_id), "revoked");
    assert_eq!(status_of(&new_id), "active");
}

/// Finding 3: a note a clinician wrote on a check-in reached the client's page.
#[tokio::test]
async fn the_clients_page_shows_only_what_the_client_wrote() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let (_, phone) = issue(&app, &clinic).await;
    app.post(
        &clinic.client_path("/check-ins"),
        clinic.clinician.token(),
        json!({ "day": today(), "used": false, "substances": [], "craving": 3, "mood": 6,
                "attended_meeting": false, "contacted_sponsor": false,
                "note": "Staff only: discussed the custody hearing" }),
    )
    .await
    .expect(201);
    let view = open(&app, &phone).await.expect(200).body;
    assert!(!view.to_string().contains("custody"), "{view}");
    assert_eq!(view["today_check_in"], Value::Null);
    assert_eq!(view["checked_in_today"], false);

    let mut own = day_report(false, 2);
    own["note"] = json!("Went for a run instead");
    check_in(&app, &phone, own).await.expect(200);
    let view = open(&app, &phone).await.expect(200).body;
    assert_eq!(view["today_check_in"]["note"], "Went for a run instead");
    assert_eq!(view["checked_in_today"], true);
}

/// Finding 7: the choices listed the client's primary substance first.
#[tokio::test]
async fn the_substance_choices_are_the_same_for_every_client() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let mut lists = Vec::new();
    for substance in ["fentanyl", "cannabis"] {
        let client = app
            .post(
                "/api/v1/clients",
                clinic.clinician.token(),
                json!({ "first_name": "Kim", "last_name": "Lee", "primary_substance": substance }),
            )
            .await
            .expect(201)
            .body;
        let link = app
            .post(
                &format!("/api/v1/clients/{}/self-report-links", id(&client)),
                clinic.clinician.token(),
                json!({}),
            )
            .await
            .expect(201)
            .body;
        let mut phone = Phone::bare(link["token"].as_str().unwrap());
        lists.push(phone.claim(&app).await.expect(200).body["substances"].clone());
    }
    assert_eq!(lists[0], lists[1]);
    assert_eq!(lists[0][0], "alcohol", "the vocabulary's own order: {}", lists[0]);
}
