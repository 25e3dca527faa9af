//! Two server instances over one database, as behind a load balancer: nothing one needs is
//! kept in the other's memory. Tokens, refresh-token reuse, self-report links, check-ins,
//! note versions and the audit chain all live in the database.

use daybreak::core::audit::chain;
use reqwest::Method;
use serde_json::json;

use crate::{
    clinical_support::{Clinic, Phone, ago, id, page, today},
    support::TestApp,
};

#[tokio::test]
async fn a_second_instance_sees_every_token_and_record_the_first_wrote() {
    let a = TestApp::spawn().await;
    let b = a.second_instance().await;
    assert_ne!(a.base, b.base);
    let clinic = Clinic::open(&a, ago(30)).await;

    // An access token issued by A works on B.
    let me = b.get("/api/v1/me", clinic.clinician.token()).await.expect(200).body;
    assert_eq!(me["email"], clinic.clinician.email);

    // A self-report link issued through A is used through B; the check-in is read through A.
    let link = a
        .post(&clinic.client_path("/self-report-links"), clinic.clinician.token(), json!({}))
        .await
        .expect(201)
        .body;
    // The client's phone claims it through A and checks in through B.
    let mut phone = Phone::bare(link["token"].as_str().unwrap());
    phone.claim(&a).await.expect(200);
    let report = json!({ "used": false, "substances": [], "craving": 3, "mood": 6,
                         "attended_meeting": true, "contacted_sponsor": false });
    let path = format!("{}/check-ins", page(&phone.token));
    b.request_with(Method::POST, &path, None, Some(&report), &phone.headers()).await.expect(201);
    let list = a.get(&clinic.client_path("/check-ins"), clinic.clinician.token()).await.expect(200);
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["items"][0]["day"], json!(today()));
    assert_eq!(list.body["items"][0]["craving"], 3);

    // A draft saved through A at version 1 and edited through B: A's stale save is a 409.
    let note = clinic.draft(&a, &clinic.clinician).await;
    let note_path = format!("/api/v1/notes/{}", id(&note));
    let version = note["version"].clone();
    b.patch(
        &note_path,
        clinic.clinician.token(),
        json!({ "version": version, "sections": { "subjective": "From B" } }),
    )
    .await
    .expect(200);
    a.patch(
        &note_path,
        clinic.clinician.token(),
        json!({ "version": version, "sections": { "subjective": "From A" } }),
    )
    .await
    .expect_problem(409);
    let kept = a.get(&note_path, clinic.clinician.token()).await.expect(200).body;
    assert_eq!(kept["sections"]["subjective"], "From B", "the stale save overwrote nothing");

    // Both instances appended to one unbroken audit chain: their sealers chain what each
    // wrote within a moment (a loaded machine may take a few hundred milliseconds).
    let practice = uuid::Uuid::parse_str(&clinic.practice.id).unwrap();
    let started = std::time::Instant::now();
    let verified = loop {
        let verified = chain::verify(&a.db, practice).await.unwrap();
        if verified.pending == 0 || started.elapsed().as_secs() >= 10 {
            break verified;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(verified.pending, 0, "still pending after 10 s");
    assert!(verified.broken.is_none(), "{:?}", verified.broken);
    assert!(verified.checked >= 6, "events from both instances: {}", verified.checked);
}

#[tokio::test]
async fn a_refresh_token_spent_on_one_instance_is_reuse_on_the_other() {
    let a = TestApp::spawn().await;
    let b = a.second_instance().await;
    let practice = a.signup("Two Doors").await;
    let first = practice.owner.refresh_token.clone();
    let rotated = a
        .post_anonymous("/api/v1/auth/refresh", json!({ "refresh_token": first }))
        .await
        .expect(200);
    let second = rotated.body["refresh_token"].as_str().unwrap().to_owned();
    b.post_anonymous("/api/v1/auth/refresh", json!({ "refresh_token": first }))
        .await
        .expect_problem(401);
    // The reuse B saw revoked the family A handed out.
    a.post_anonymous("/api/v1/auth/refresh", json!({ "refresh_token": second }))
        .await
        .expect_problem(401);
}
