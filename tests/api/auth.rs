use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::support::{PASSWORD, TestApp};

#[tokio::test]
async fn an_owner_signs_up_a_practice_and_sees_it_on_me() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Riverbend Counselling").await;
    let me = app.get("/api/v1/me", practice.owner.token()).await.expect(200);
    assert_eq!(me.body["role"], "owner");
    assert_eq!(me.body["email"], practice.owner.email);
    assert_eq!(me.body["practice"]["name"], "Riverbend Counselling");
    assert_eq!(me.body["practice"]["time_zone"], "America/Chicago");
    assert!(me.body.get("password_hash").is_none());
}

/// "Today" is the practice's day, whatever the clock of the machine asking: two practices
/// 25 hours apart (Kiritimati is UTC+14, Pago Pago UTC-11) never share a date, and a session
/// on the eastern one's today is in the future for the western one.
#[tokio::test]
async fn me_gives_today_in_the_practices_time_zone() {
    let app = TestApp::spawn().await;
    let mut todays = Vec::new();
    let mut tokens = Vec::new();
    for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        let email = format!("owner-{}@example.com", uuid::Uuid::new_v4().simple());
        let signup = app
            .post_anonymous(
                "/api/v1/auth/signup",
                json!({"practice_name": zone, "time_zone": zone, "name": "O", "email": email, "password": PASSWORD}),
            )
            .await
            .expect(201);
        let token = signup.body["access_token"].as_str().unwrap().to_owned();
        let me = app.get("/api/v1/me", &token).await.expect(200);
        let today: chrono::NaiveDate = serde_json::from_value(me.body["today"].clone()).unwrap();
        assert_eq!(today, daybreak::core::clock::today_in(zone), "{zone}");
        todays.push(today);
        tokens.push(token);
    }
    assert!(todays[0] > todays[1], "Kiritimati is a day or two ahead of Pago Pago: {todays:?}");
    // A client and a session on Kiritimati's today: accepted there, in the future in Pago Pago.
    for (token, expected) in [(&tokens[0], 201), (&tokens[1], 422)] {
        let client = app
            .post("/api/v1/clients", token, json!({"first_name": "Ana", "last_name": "Ruiz"}))
            .await
            .expect(201);
        let path = format!("/api/v1/clients/{}/notes", client.body["id"].as_str().unwrap());
        let note = json!({"session_on": todays[0], "duration_minutes": 50, "format": "free",
            "sections": {"text": "Session."}});
        let answer = app.post(&path, token, note).await;
        assert_eq!(answer.status.as_u16(), expected, "{}", answer.body);
    }
}

/// Trust review finding 6: an owner adding an address that existed in another practice, and
/// an unauthenticated sign-up, both got 409 "already exists". An e-mail is now unique within
/// a practice only: answers to one practice reveal nothing about another.
#[tokio::test]
async fn an_address_used_in_another_practice_is_never_revealed() {
    let app = TestApp::spawn().await;
    let first = app.signup("First").await;
    let taken = first.owner.email.to_uppercase();
    // A sign-up with it is a new practice like any other.
    let second = app
        .post_anonymous(
            "/api/v1/auth/signup",
            json!({"practice_name": "Second", "name": "X", "email": taken, "password": "another password 2"}),
        )
        .await
        .expect(201)
        .body;
    let practices = daybreak::entities::practices::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(practices, 2);
    // An owner adding it to their own staff: added, exactly like a new address.
    let third = app.signup("Third").await;
    let added = app
        .post(
            "/api/v1/staff",
            third.owner.token(),
            json!({"name": "Part-timer", "email": first.owner.email, "role": "clinician", "password": "third password 33"}),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(added["email"], first.owner.email.as_str());
    // Within one practice an address is still one member's: that 409 names only this practice.
    let again = app
        .post(
            "/api/v1/staff",
            third.owner.token(),
            json!({"name": "Twin", "email": first.owner.email, "role": "clinician", "password": "third password 33"}),
        )
        .await
        .expect_problem(409);
    assert!(again.body["detail"].as_str().unwrap().contains("this practice"), "{}", again.body);

    // Each password opens its own practice's account.
    for (password, practice) in [
        (PASSWORD, &first.id),
        ("another password 2", &second["practice"]["id"].as_str().unwrap().to_owned()),
        ("third password 33", &third.id),
    ] {
        let pair = app.login(&first.owner.email, password).await.expect(200).body;
        let me = app.get("/api/v1/me", pair["access_token"].as_str().unwrap()).await.expect(200);
        assert_eq!(me.body["practice"]["id"], practice.as_str());
    }
}

/// One person in two practices with the same password chooses where to sign in; only the
/// holder of that password learns the two practices' names.
#[tokio::test]
async fn the_same_address_and_password_in_two_practices_asks_which_practice() {
    let app = TestApp::spawn().await;
    let first = app.signup("Riverbend").await;
    let other = app.signup("Lakeside").await;
    app.post(
        "/api/v1/staff",
        other.owner.token(),
        json!({"name": "Olivia", "email": first.owner.email, "role": "supervisor", "password": PASSWORD}),
    )
    .await
    .expect(201);
    let asked = app.login(&first.owner.email, PASSWORD).await.expect_problem(401);
    assert_eq!(asked.body["type"], "/problems/practice-choice-required");
    let mut names: Vec<&str> = asked.body["practices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["Lakeside", "Riverbend"]);
    let wrong = app.login(&first.owner.email, "not the password!").await.expect_problem(401);
    assert!(wrong.body.get("practices").is_none(), "a wrong password learns nothing");

    let chosen = app
        .post_anonymous(
            "/api/v1/auth/login",
            json!({ "email": first.owner.email, "password": PASSWORD, "practice_id": other.id }),
        )
        .await
        .expect(200)
        .body;
    let me = app.get("/api/v1/me", chosen["access_token"].as_str().unwrap()).await.expect(200);
    assert_eq!(me.body["practice"]["name"], "Lakeside");
    assert_eq!(me.body["role"], "supervisor");
    // Asking to choose is no failed attempt: five choices in a row lock nothing.
    for _ in 0..5 {
        app.login(&first.owner.email, PASSWORD).await.expect_problem(401);
    }
    app.post_anonymous(
        "/api/v1/auth/login",
        json!({ "email": first.owner.email, "password": PASSWORD, "practice_id": first.id }),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn signup_with_a_short_password_and_bad_zone_names_both_fields() {
    let app = TestApp::spawn().await;
    let answer = app
        .post_anonymous(
            "/api/v1/auth/signup",
            json!({"practice_name": "P", "time_zone": "Mars/Olympus", "name": "X", "email": "x@example.com", "password": "short"}),
        )
        .await
        .expect_problem(422);
    assert!(answer.body["errors"]["password"].is_array());
    assert!(answer.body["errors"]["time_zone"].is_array());
    assert_eq!(daybreak::entities::practices::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_are_refused_alike() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let wrong =
        app.login(&practice.owner.email, "not the password at all").await.expect_problem(401);
    let unknown =
        app.login("nobody@example.com", "not the password at all").await.expect_problem(401);
    assert_eq!(wrong.body, unknown.body);
    let ok = app.login(&practice.owner.email.to_uppercase(), PASSWORD).await.expect(200);
    assert_eq!(ok.body["token_type"], "Bearer");
    assert_eq!(ok.body["user"]["role"], "owner");
    assert!(ok.body["expires_in"].as_u64().unwrap() <= 900);
}

#[tokio::test]
async fn repeated_failures_lock_the_account_even_for_the_right_password() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    for _ in 0..5 {
        app.login(&practice.owner.email, "wrong password, again").await.expect(401);
    }
    let locked = app.login(&practice.owner.email, PASSWORD).await.expect_problem(429);
    let retry: u64 = locked.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 15 * 60);
    // Another account is not affected.
    let other = practice.add_staff(&app, "clinician").await;
    app.login(&other.email, PASSWORD).await.expect(200);
}

/// Trust review finding 2: 25 simultaneous wrong passwords all got 401 (the lock after 5 did
/// not hold inside the burst), and 19 wrong ones sent with the right one let it through.
#[tokio::test]
async fn a_burst_of_parallel_attempts_cannot_outrun_the_lock() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Burst").await;
    let email = practice.owner.email.clone();
    let wrong = (0..25).map(|_| app.login(&email, "wrong password, again"));
    let statuses: Vec<u16> =
        futures_util::future::join_all(wrong).await.iter().map(|a| a.status.as_u16()).collect();
    let refused = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(refused, 5, "exactly five attempts are checked: {statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 20, "{statuses:?}");
    app.login(&email, PASSWORD).await.expect_problem(429);

    // Another account: 19 wrong and the right one together never sign in past the lock.
    let member = practice.add_staff(&app, "clinician").await;
    let mut attempts: Vec<_> =
        (0..19).map(|_| app.login(&member.email, "not it, at all")).collect();
    attempts.insert(10, app.login(&member.email, PASSWORD));
    let answers = futures_util::future::join_all(attempts).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    let checked = statuses.iter().filter(|s| **s != 429).count();
    assert!(checked <= 5, "at most five attempts reach the password check: {statuses:?}");
}

/// The current-password checks of a signed-in member count toward the same limit: a stolen
/// session cannot guess the password faster than the sign-in page.
#[tokio::test]
async fn a_signed_in_members_password_checks_share_the_sign_in_limit() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Guessing").await;
    let token = practice.owner.token();
    for n in 0..5 {
        let body = json!({ "current_password": format!("guess number {n}!"), "new_password": "a brand new password 1" });
        app.post("/api/v1/me/password", token, body).await.expect_problem(422);
    }
    let body = json!({ "current_password": PASSWORD, "new_password": "a brand new password 1" });
    app.post("/api/v1/me/password", token, body).await.expect_problem(429);
    app.post("/api/v1/me/two-factor/disable", token, json!({ "password": PASSWORD }))
        .await
        .expect_problem(429);
    app.login(&practice.owner.email, PASSWORD).await.expect_problem(429);
}

#[tokio::test]
async fn an_unknown_email_is_throttled_like_a_known_one() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        app.login("ghost@example.com", "wrong password, again").await.expect(401);
    }
    app.login("ghost@example.com", "wrong password, again").await.expect_problem(429);
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_whole_family() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let first = practice.owner.refresh_token.clone();
    let rotated = app
        .post_anonymous("/api/v1/auth/refresh", json!({"refresh_token": first}))
        .await
        .expect(200);
    let second = rotated.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(first, second);
    app.get("/api/v1/me", rotated.body["access_token"].as_str().unwrap()).await.expect(200);

    // The spent token is presented again: refused, and the newer token dies with it.
    app.post_anonymous("/api/v1/auth/refresh", json!({"refresh_token": first}))
        .await
        .expect_problem(401);
    app.post_anonymous("/api/v1/auth/refresh", json!({"refresh_token": second}))
        .await
        .expect_problem(401);
}

#[tokio::test]
async fn logout_ends_the_refresh_token() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let token = practice.owner.refresh_token.clone();
    let answer = app.post_anonymous("/api/v1/auth/logout", json!({"refresh_token": token})).await;
    assert_eq!(answer.status.as_u16(), 204);
    app.post_anonymous("/api/v1/auth/refresh", json!({"refresh_token": token}))
        .await
        .expect_problem(401);
}

#[tokio::test]
async fn a_deactivated_member_is_locked_out_at_once() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let clinician = practice.add_staff(&app, "clinician").await;
    app.get("/api/v1/me", clinician.token()).await.expect(200);
    app.patch(
        &format!("/api/v1/staff/{}", clinician.id),
        practice.owner.token(),
        json!({"active": false, "version": 1}),
    )
    .await
    .expect(200);
    app.get("/api/v1/me", clinician.token()).await.expect_problem(401);
    app.post_anonymous("/api/v1/auth/refresh", json!({"refresh_token": clinician.refresh_token}))
        .await
        .expect_problem(401);
    app.login(&clinician.email, PASSWORD).await.expect_problem(401);
}

#[tokio::test]
async fn sign_ins_are_in_the_audit_log() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    app.login(&practice.owner.email, "a wrong password here").await.expect(401);
    app.login(&practice.owner.email, PASSWORD).await.expect(200);
    let audit =
        app.get("/api/v1/audit?action=auth.login", practice.owner.token()).await.expect(200);
    let outcomes: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["success", "failure"]);
}

#[tokio::test]
async fn a_password_change_ends_every_other_session() {
    let app = crate::support::TestApp::spawn().await;
    let practice = app.signup("Passwords").await;
    let owner = &practice.owner;
    let other_session = app.login(&owner.email, crate::support::PASSWORD).await.expect(200).body;
    let other_refresh = other_session["refresh_token"].as_str().unwrap().to_owned();

    let path = "/api/v1/me/password";
    let wrong = serde_json::json!({ "current_password": "not my password", "new_password": "a brand new passphrase" });
    let refused = app.post(path, owner.token(), wrong).await.expect_problem(422);
    assert!(refused.body["errors"]["current_password"].is_array());
    let short = serde_json::json!({ "current_password": crate::support::PASSWORD, "new_password": "short" });
    app.post(path, owner.token(), short).await.expect_problem(422);

    // A second later, so the old access token's issue time is before the change.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let body = serde_json::json!({ "current_password": crate::support::PASSWORD, "new_password": "a brand new passphrase" });
    let fresh = app.post(path, owner.token(), body).await.expect(200).body;
    let fresh_token = fresh["access_token"].as_str().unwrap();
    app.get("/api/v1/me", fresh_token).await.expect(200);
    app.get("/api/v1/me", owner.token()).await.expect_problem(401);
    app.post_anonymous(
        "/api/v1/auth/refresh",
        serde_json::json!({ "refresh_token": other_refresh }),
    )
    .await
    .expect_problem(401);
    app.login(&owner.email, crate::support::PASSWORD).await.expect_problem(401);
    app.login(&owner.email, "a brand new passphrase").await.expect(200);
}

#[tokio::test]
async fn a_session_nobody_refreshes_within_the_idle_limit_ends() {
    let app = TestApp::spawn_with(&[("DAYBREAK_REFRESH_TOKEN_TTL_SECS", "2")]).await;
    let practice = app.signup("Idle").await;
    // Used in time, the session goes on (and the new token has its own two seconds).
    let renewed = app
        .post_anonymous(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": practice.owner.refresh_token }),
        )
        .await
        .expect(200)
        .body;
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    app.post_anonymous(
        "/api/v1/auth/refresh",
        json!({ "refresh_token": renewed["refresh_token"] }),
    )
    .await
    .expect_problem(401);
}
