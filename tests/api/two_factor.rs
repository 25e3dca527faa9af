//! Two-factor sign-in (TOTP): setup, sign-in with a code or a recovery code, replay,
//! throttling, a practice that requires it, turning it off, and an owner's reset.

use daybreak::auth::totp;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp, TestStaff};

const REQUIRED: &str = "/problems/two-factor-required";
const SETUP_REQUIRED: &str = "/problems/two-factor-setup-required";

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Turns two-factor on for `member`; returns the secret, the recovery codes and the new pair.
async fn turn_on(app: &TestApp, member: &TestStaff) -> (String, Vec<String>, Value) {
    let setup =
        app.post("/api/v1/me/two-factor/setup", member.token(), json!({})).await.expect(200);
    let secret = setup.body["secret"].as_str().unwrap().to_owned();
    let uri = setup.body["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/") && uri.contains(&format!("secret={secret}")),
        "{uri}"
    );
    assert!(uri.contains(&member.email.replace('+', "%2B")), "{uri}");
    let code = totp::code_at(&secret, now()).unwrap();
    let enabled = app
        .post("/api/v1/me/two-factor/enable", member.token(), json!({ "code": code }))
        .await
        .expect(200);
    let codes: Vec<String> = enabled.body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes, enabled.body)
}

async fn login_with(app: &TestApp, email: &str, code: Option<&str>) -> crate::support::Answer {
    let mut body = json!({ "email": email, "password": PASSWORD });
    if let Some(code) = code {
        body["totp_code"] = json!(code);
    }
    app.post_anonymous("/api/v1/auth/login", body).await
}

#[tokio::test]
async fn with_two_factor_on_signing_in_needs_a_fresh_code_or_an_unused_recovery_code() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Two factor").await;
    let owner = &practice.owner;
    let (secret, codes, enabled) = turn_on(&app, owner).await;

    // The session that turned it on goes on with the new pair; the older refresh token ended.
    let new_token = enabled["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", new_token).await.expect(200).body;
    assert_eq!(
        (me["two_factor_enabled"].clone(), me["recovery_codes_left"].clone()),
        (json!(true), json!(10))
    );
    app.post_anonymous("/api/v1/auth/refresh", json!({ "refresh_token": owner.refresh_token }))
        .await
        .expect_problem(401);

    // The password alone: asked for a code. A wrong code: told so.
    let asked = login_with(&app, &owner.email, None).await.expect_problem(401);
    assert_eq!(asked.body["type"], REQUIRED);
    assert!(asked.body["detail"].as_str().unwrap().contains("6-digit code"));
    let current = totp::code_at(&secret, now()).unwrap();
    let wrong = format!("{:06}", (current.parse::<u32>().unwrap() + 500_000) % 1_000_000);
    let refused = login_with(&app, &owner.email, Some(&wrong)).await.expect_problem(401);
    assert_eq!(refused.body["type"], REQUIRED);
    assert!(refused.body["detail"].as_str().unwrap().contains("not right"));
    // A wrong password with a right code is the plain refusal, whatever the code.
    let bad = app
        .post_anonymous(
            "/api/v1/auth/login",
            json!({ "email": owner.email, "password": "not the password at all", "totp_code": current }),
        )
        .await
        .expect_problem(401);
    assert_eq!(bad.body["type"], "about:blank");

    // The next step's code works once; the same code again is a replay.
    let next = totp::code_at(&secret, now() + 30).unwrap();
    let signed_in = login_with(&app, &owner.email, Some(&next)).await.expect(200);
    app.get("/api/v1/clients", signed_in.body["access_token"].as_str().unwrap()).await.expect(200);
    login_with(&app, &owner.email, Some(&next)).await.expect_problem(401);

    // A recovery code, typed loosely, works once.
    let typed = codes[3].to_uppercase().replace('-', " ");
    login_with(&app, &owner.email, Some(&typed)).await.expect(200);
    login_with(&app, &owner.email, Some(&codes[3])).await.expect_problem(401);
    let token = login_with(&app, &owner.email, Some(&codes[4])).await.expect(200).body;
    let me = app.get("/api/v1/me", token["access_token"].as_str().unwrap()).await.expect(200).body;
    assert_eq!(me["recovery_codes_left"], 8);

    // A new set of recovery codes (password again): the old set stops working.
    let signed_in = token["access_token"].as_str().unwrap();
    app.post(
        "/api/v1/me/two-factor/recovery-codes",
        signed_in,
        json!({ "password": "wrong password!" }),
    )
    .await
    .expect_problem(422);
    let renewed = app
        .post("/api/v1/me/two-factor/recovery-codes", signed_in, json!({ "password": PASSWORD }))
        .await
        .expect(200)
        .body;
    let fresh = renewed["recovery_codes"].as_array().unwrap();
    assert_eq!(fresh.len(), 10);
    login_with(&app, &owner.email, Some(&codes[5])).await.expect_problem(401);
    let token = login_with(&app, &owner.email, fresh[0].as_str()).await.expect(200).body;

    // The audit log says which factor each sign-in used, and the refused ones.
    let log = app
        .get(
            "/api/v1/audit?action=auth.login&per_page=100",
            token["access_token"].as_str().unwrap(),
        )
        .await
        .expect(200)
        .body;
    let factors: Vec<String> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}:{}", e["outcome"].as_str().unwrap(), e["detail"]["second_factor"]))
        .collect();
    for expected in ["success:\"code\"", "success:\"recovery_code\"", "failure:\"wrong\""] {
        assert!(factors.iter().any(|f| f == expected), "{expected} in {factors:?}");
    }
}

#[tokio::test]
async fn wrong_codes_count_as_failed_sign_ins_and_lock_the_account() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Locked").await;
    let (secret, _, _) = turn_on(&app, &practice.owner).await;
    for _ in 0..5 {
        login_with(&app, &practice.owner.email, Some("000000")).await.expect_problem(401);
    }
    let next = totp::code_at(&secret, now() + 30).unwrap();
    login_with(&app, &practice.owner.email, Some(&next)).await.expect_problem(429);
}

#[tokio::test]
async fn a_practice_that_requires_two_factor_sends_members_to_set_it_up_first() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Strict").await;
    let clinician = practice.add_staff(&app, "clinician").await;
    let front_desk = practice.add_staff(&app, "front_desk").await;
    // The owner sets it up first: turning the rule on applies it to the owner as well.
    let (_, _, owner_pair) = turn_on(&app, &practice.owner).await;
    let owner = owner_pair["access_token"].as_str().unwrap();
    let settings = app.get("/api/v1/practice", owner).await.expect(200).body;
    assert_eq!(settings["require_two_factor"], false);
    let changed = app
        .patch(
            "/api/v1/practice",
            owner,
            json!({ "require_two_factor": true, "version": settings["version"] }),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(changed["require_two_factor"], true);

    // It applies at once, to a member signed in before the change too.
    let before = app.get("/api/v1/clients", clinician.token()).await.expect_problem(403);
    assert_eq!(before.body["type"], SETUP_REQUIRED);
    app.get("/api/v1/clients", front_desk.token()).await.expect_problem(403);
    app.get("/api/v1/clients", owner).await.expect(200);

    // Signed in after the change: the account and the setup only.
    let login = app.login(&clinician.email, PASSWORD).await.expect(200).body;
    let token = login["access_token"].as_str().unwrap().to_owned();
    let member = TestStaff { access_token: token.clone(), ..clinician.clone() };
    let refused = app.get("/api/v1/clients", &token).await.expect_problem(403);
    assert_eq!(refused.body["type"], SETUP_REQUIRED);
    app.post("/api/v1/clients", &token, json!({ "first_name": "No", "last_name": "Way" }))
        .await
        .expect_problem(403);
    let me = app.get("/api/v1/me", &token).await.expect(200).body;
    assert_eq!(
        (me["two_factor_required"].clone(), me["two_factor_enabled"].clone()),
        (json!(true), json!(false))
    );

    // Set up: the new pair opens everything; turning it off is refused.
    let (_, _, enabled) = turn_on(&app, &member).await;
    let token = enabled["access_token"].as_str().unwrap();
    app.get("/api/v1/clients", token).await.expect(200);
    app.post("/api/v1/me/two-factor/disable", token, json!({ "password": PASSWORD }))
        .await
        .expect_problem(403);
    let me = app.get("/api/v1/me", token).await.expect(200).body;
    assert_eq!(me["two_factor_enabled"], true);

    // Lifted by the owner: the member without two-factor is free again at once.
    let settings = app.get("/api/v1/practice", owner).await.expect(200).body;
    app.patch(
        "/api/v1/practice",
        owner,
        json!({ "require_two_factor": false, "version": settings["version"] }),
    )
    .await
    .expect(200);
    app.get("/api/v1/clients", front_desk.token()).await.expect(200);
}

#[tokio::test]
async fn a_member_turns_it_off_with_their_password_and_an_owner_resets_a_lost_phone() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Relaxed").await;
    let clinician = practice.add_staff(&app, "clinician").await;

    // Off by the member: the password is required, then the password alone signs in.
    let (_, _, enabled) = turn_on(&app, &clinician).await;
    let token = enabled["access_token"].as_str().unwrap();
    let wrong = app
        .post("/api/v1/me/two-factor/disable", token, json!({ "password": "not my password!!" }))
        .await
        .expect_problem(422);
    assert!(wrong.body["errors"]["password"].is_array());
    login_with(&app, &clinician.email, None).await.expect_problem(401);
    app.request(
        Method::POST,
        "/api/v1/me/two-factor/disable",
        Some(token),
        Some(&json!({ "password": PASSWORD })),
    )
    .await
    .expect(204);
    login_with(&app, &clinician.email, None).await.expect(200);

    // On again, then reset by the owner: sessions end, the password alone signs in.
    let fresh = login_with(&app, &clinician.email, None).await.expect(200).body;
    let member = TestStaff {
        access_token: fresh["access_token"].as_str().unwrap().to_owned(),
        refresh_token: fresh["refresh_token"].as_str().unwrap().to_owned(),
        ..clinician.clone()
    };
    let (_, _, enabled) = turn_on(&app, &member).await;
    let listed = app.get("/api/v1/staff", practice.owner.token()).await.expect(200).body;
    let row = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == clinician.id)
        .unwrap()
        .clone();
    assert_eq!(row["two_factor_enabled"], true);
    // Only the owner may reset, and only in their own practice.
    let path = format!("/api/v1/staff/{}/two-factor/reset", clinician.id);
    app.post(&path, enabled["access_token"].as_str().unwrap(), json!({})).await.expect_problem(403);
    let other = app.signup("Elsewhere").await;
    app.post(&path, other.owner.token(), json!({})).await.expect_problem(404);
    let reset = app.post(&path, practice.owner.token(), json!({})).await.expect(200).body;
    assert_eq!(reset["two_factor_enabled"], false);
    app.post_anonymous(
        "/api/v1/auth/refresh",
        json!({ "refresh_token": enabled["refresh_token"] }),
    )
    .await
    .expect_problem(401);
    login_with(&app, &clinician.email, None).await.expect(200);
}

#[tokio::test]
async fn enabling_needs_the_setup_and_a_right_code_and_changes_nothing_otherwise() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Careful").await;
    let token = practice.owner.token();
    app.post("/api/v1/me/two-factor/enable", token, json!({ "code": "123456" }))
        .await
        .expect_problem(409);
    let setup = app.post("/api/v1/me/two-factor/setup", token, json!({})).await.expect(200).body;
    let secret = setup["secret"].as_str().unwrap();
    let current = totp::code_at(secret, now()).unwrap();
    let wrong = format!("{:06}", (current.parse::<u32>().unwrap() + 500_000) % 1_000_000);
    let refused = app
        .post("/api/v1/me/two-factor/enable", token, json!({ "code": wrong }))
        .await
        .expect_problem(422);
    assert!(refused.body["errors"]["code"].is_array());
    let me = app.get("/api/v1/me", token).await.expect(200).body;
    assert_eq!(me["two_factor_enabled"], false);
    login_with(&app, &practice.owner.email, None).await.expect(200);
}

/// Waits for the next whole second: token `iat` claims are whole seconds, so a session that
/// must end has to be older than the second of the change.
async fn into_the_next_second() {
    let ms = 1_000 - chrono::Utc::now().timestamp_subsec_millis() as u64;
    tokio::time::sleep(std::time::Duration::from_millis(ms + 20)).await;
}

/// Trust review finding 4: turning two-factor on, or an owner's reset, left the member's
/// other access tokens working for up to 15 minutes.
#[tokio::test]
async fn turning_two_factor_on_or_an_owners_reset_ends_every_other_access_token_at_once() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Sessions").await;
    let clinician = practice.add_staff(&app, "clinician").await;
    let laptop = login_with(&app, &clinician.email, None).await.expect(200).body;
    let laptop = laptop["access_token"].as_str().unwrap().to_owned();
    app.get("/api/v1/me", &laptop).await.expect(200);
    into_the_next_second().await;

    let (secret, _, enabled) = turn_on(&app, &clinician).await;
    app.get("/api/v1/me", &laptop).await.expect_problem(401);
    app.get("/api/v1/me", clinician.token()).await.expect_problem(401);
    let current = enabled["access_token"].as_str().unwrap().to_owned();
    app.get("/api/v1/me", &current).await.expect(200);

    // A second session signed in with a code; the owner's reset ends both at once.
    into_the_next_second().await;
    let code = totp::code_at(&secret, now() + 30).unwrap();
    let phone = login_with(&app, &clinician.email, Some(&code)).await.expect(200).body;
    let phone = phone["access_token"].as_str().unwrap().to_owned();
    into_the_next_second().await;
    let path = format!("/api/v1/staff/{}/two-factor/reset", clinician.id);
    app.post(&path, practice.owner.token(), json!({})).await.expect(200);
    app.get("/api/v1/me", &current).await.expect_problem(401);
    app.get("/api/v1/me", &phone).await.expect_problem(401);
    app.get("/api/v1/me", practice.owner.token()).await.expect(200);
}

/// Trust review finding 5: an owner could turn off their own two-factor with an access
/// token alone, skipping the password and the practice's requirement.
#[tokio::test]
async fn an_owner_cannot_reset_their_own_two_factor() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Own reset").await;
    let (_, _, enabled) = turn_on(&app, &practice.owner).await;
    let token = enabled["access_token"].as_str().unwrap();
    let path = format!("/api/v1/staff/{}/two-factor/reset", practice.owner.id);
    let refused = app.post(&path, token, json!({})).await.expect_problem(403);
    assert!(refused.body["detail"].as_str().unwrap().contains("My account"));
    let me = app.get("/api/v1/me", token).await.expect(200).body;
    assert_eq!(me["two_factor_enabled"], true, "nothing changed");
    login_with(&app, &practice.owner.email, None).await.expect_problem(401);
}
