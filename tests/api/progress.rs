//! The progress figures of DOMAIN.md through the API, and the client list's clean time.

use serde_json::json;

use crate::{
    clinical_support::{Clinic, ago, today},
    support::TestApp,
};

/// DOMAIN.md's worked example: recovery start 40 days ago; relapse 20..18 days ago; lapse
/// 9 days ago; check-ins for each of the last 6 days but today, with use reported 4 days ago.
async fn worked_example(app: &TestApp) -> Clinic {
    let clinic = Clinic::open(app, ago(40)).await;
    clinic.episode(app, "relapse", ago(20), Some(ago(18))).await;
    clinic.episode(app, "lapse", ago(9), None).await;
    for n in 1..=6 {
        clinic.check_in(app, ago(n), n == 4, 2 + n as i64).await;
    }
    clinic
}

#[tokio::test]
async fn the_worked_example_of_domain_md_gives_exactly_its_figures() {
    let app = TestApp::spawn().await;
    let clinic = worked_example(&app).await;
    let path = clinic.client_path(&format!("/progress?from={}&to={}", ago(29), today()));
    let p = app.get(&path, clinic.clinician.token()).await.expect(200).body;
    assert_eq!(p["days_in_period"], 30);
    assert_eq!(p["days_used"], 5);
    assert_eq!(p["days_abstinent"], 5);
    assert_eq!(p["days_reported"], 10);
    assert_eq!(p["days_unknown"], 20);
    assert_eq!(p["percent_days_abstinent"], 50.0);
    assert_eq!(p["current_streak_days"], 4);
    assert_eq!(p["longest_streak_days"], 9);
    assert_eq!(p["longest_reported_abstinence_days"], 3);
    assert_eq!(p["total_clean_days"], 36);
    assert_eq!(p["lapse_count"], 1);
    assert_eq!(p["relapse_count"], 1);
    // Cravings 3..8 over the six check-ins: mean 5.5.
    assert_eq!(p["mean_craving"], 5.5);
    assert_eq!(p["meetings_attended"], 5);
    assert_eq!(p["sponsor_contacts"], 0);
    let days = p["days"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    assert_eq!(days[0]["day"], json!(ago(29)));
    assert_eq!(days[29], json!({ "day": today(), "status": "unknown" }));
    assert_eq!(days[25]["status"], "used", "four days ago");
    assert_eq!(days[26]["status"], "abstinent");
    assert_eq!(days[26]["craving"], 5);
    assert_eq!(days[9]["status"], "used", "the relapse, 20 days ago");
}

#[tokio::test]
async fn the_client_list_shows_clean_time_and_the_last_check_in_from_the_same_figures() {
    let app = TestApp::spawn().await;
    let clinic = worked_example(&app).await;
    let other = app
        .post(
            "/api/v1/clients",
            clinic.clinician.token(),
            json!({ "first_name": "Ada", "last_name": "Nobody" }),
        )
        .await
        .expect(201)
        .body;
    let list = app.get("/api/v1/clients", clinic.clinician.token()).await.expect(200).body;
    let items = list["items"].as_array().unwrap();
    let sam = items.iter().find(|c| c["id"] == clinic.client_id.as_str()).unwrap();
    assert_eq!(sam["current_streak_days"], 4);
    assert_eq!(sam["last_check_in_on"], json!(ago(1)));
    let ada = items.iter().find(|c| c["id"] == other["id"]).unwrap();
    assert_eq!(ada["current_streak_days"], json!(null), "no recovery start and no record yet");
    let one = app.get(&clinic.client_path(""), clinic.clinician.token()).await.expect(200).body;
    assert_eq!(one["current_streak_days"], 4);

    // The front desk sees the list without any clinical figure.
    let list = app.get("/api/v1/clients", clinic.front_desk.token()).await.expect(200).body;
    assert!(list["items"][0].get("current_streak_days").is_none());
}

#[tokio::test]
async fn a_lapse_today_ends_the_current_streak_but_not_the_clean_days() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(10)).await;
    let path = clinic.client_path("/progress");
    let before = app.get(&path, clinic.clinician.token()).await.expect(200).body;
    assert_eq!(before["current_streak_days"], 11);
    assert_eq!(before["total_clean_days"], 11);
    let lapse = clinic.episode(&app, "lapse", today(), None).await;
    let after = app.get(&path, clinic.clinician.token()).await.expect(200).body;
    assert_eq!(after["current_streak_days"], 0);
    assert_eq!(after["total_clean_days"], 10);
    // Archiving the episode (a mistake) takes it out of the figures again.
    app.request(
        reqwest::Method::DELETE,
        &format!("/api/v1/relapses/{}", lapse["id"].as_str().unwrap()),
        Some(clinic.clinician.token()),
        None,
    )
    .await
    .expect(200);
    let restored = app.get(&path, clinic.clinician.token()).await.expect(200).body;
    assert_eq!(restored["current_streak_days"], 11);
}

#[tokio::test]
async fn the_period_defaults_to_90_days_and_bad_periods_are_refused() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(400)).await;
    let token = clinic.clinician.token();
    let p = app.get(&clinic.client_path("/progress"), token).await.expect(200).body;
    assert_eq!(p["days_in_period"], 90);
    assert_eq!(p["to"], json!(today()));
    assert_eq!(p["current_streak_days"], 401, "clean time reaches back past the period");

    let reversed = clinic.client_path(&format!("/progress?from={}&to={}", today(), ago(3)));
    let answer = app.get(&reversed, token).await.expect_problem(422);
    assert!(answer.body["errors"]["from"].is_array());
    let too_long = clinic.client_path(&format!("/progress?from={}", ago(6 * 365)));
    app.get(&too_long, token).await.expect_problem(422);
    let five_years = clinic.client_path(&format!("/progress?from={}", ago(5 * 365)));
    let p = app.get(&five_years, token).await.expect(200).body;
    assert_eq!(p["days"].as_array().unwrap().len(), 5 * 365 + 1);
    let future = clinic.client_path(&format!("/progress?to={}", today().succ_opt().unwrap()));
    app.get(&future, token).await.expect_problem(422);
    app.get(&clinic.client_path("/progress?from=yesterday"), token).await.expect_problem(400);
}
