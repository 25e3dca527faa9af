//! What an attacker would try beyond the permission matrix: algorithm confusion and missing
//! claims in tokens, fields a client may not set (mass assignment), deeply nested JSON, huge
//! arrays, and unicode that is meant to confuse. Each is a clear 4xx (or harmless), never a
//! 500, and leaves nothing behind.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::{Value, json};

use crate::{
    clinical_support::{Clinic, ago, id},
    support::{TEST_SECRET, TestApp},
};

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}

/// A token with any header, signed with HMAC-SHA256 of the real secret (what an attacker
/// who knows or guesses the secret's use could try to smuggle through another algorithm).
fn hs256_with_header(header: &Value, claims: &Value) -> String {
    let signing_input = format!("{}.{}", b64(header), b64(claims));
    let key = EncodingKey::from_secret(TEST_SECRET.as_bytes()).unwrap();
    let signature =
        jsonwebtoken::crypto::sign(signing_input.as_bytes(), &key, Algorithm::HS256).unwrap();
    format!("{signing_input}.{signature}")
}

#[tokio::test]
async fn tokens_with_another_algorithm_or_a_missing_claim_are_refused() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let now = chrono::Utc::now().timestamp();
    let claims = json!({
        "sub": practice.owner.id, "practice": practice.id, "role": "owner",
        "iat": now, "exp": now + 600, "iss": "daybreak", "aud": "daybreak-staff",
    });
    let good = hs256_with_header(&json!({ "alg": "HS256", "typ": "JWT" }), &claims);
    app.get("/api/v1/me", &good).await.expect(200);
    // Algorithm confusion: the same HMAC under RS256, ES256, HS512 or a lowercase name.
    for alg in ["RS256", "ES256", "PS256", "HS512", "hs256", "None", "NONE"] {
        let token = hs256_with_header(&json!({ "alg": alg, "typ": "JWT" }), &claims);
        app.get("/api/v1/me", &token).await.expect_problem(401);
    }
    // A real HS512 token made with the right secret is still the wrong algorithm.
    let hs512 = jsonwebtoken::encode(
        &Header::new(Algorithm::HS512),
        &claims,
        &EncodingKey::from_secret(TEST_SECRET.as_bytes()).unwrap(),
    )
    .unwrap();
    app.get("/api/v1/me", &hs512).await.expect_problem(401);
    // Every claim is required.
    for missing in ["sub", "practice", "role", "iat", "exp", "iss", "aud"] {
        let mut partial = claims.clone();
        partial.as_object_mut().unwrap().remove(missing);
        let token = hs256_with_header(&json!({ "alg": "HS256", "typ": "JWT" }), &partial);
        let answer = app.get("/api/v1/me", &token).await;
        assert_eq!(answer.status.as_u16(), 401, "without {missing}: {}", answer.body);
    }
    // Header tricks change nothing: a key id, an embedded key, a URL to fetch one from.
    for extra in [
        json!({ "alg": "HS256", "kid": "../../../../dev/null" }),
        json!({ "alg": "HS256", "jku": "http://127.0.0.1:1/keys" }),
        json!({ "alg": "RS256", "jwk": { "kty": "oct", "k": "AAAA" } }),
    ] {
        let mut forged_claims = claims.clone();
        forged_claims["exp"] = json!(now + 100_000);
        let token = format!("{}.{}.", b64(&extra), b64(&forged_claims));
        app.get("/api/v1/me", &token).await.expect_problem(401);
    }
    // The token is read from the header only: a query parameter is no way in.
    let path = format!("/api/v1/me?access_token={good}");
    app.request(Method::GET, &path, None, None).await.expect_problem(401);
}

#[tokio::test]
async fn fields_a_client_may_not_set_are_ignored_or_refused() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let token = clinic.clinician.token();
    let other = app.signup("Other").await;

    // A note: status, signature, lock, author, version and id are the server's.
    let stranger = uuid::Uuid::now_v7();
    let created = app
        .post(
            &clinic.client_path("/notes"),
            token,
            json!({ "session_on": ago(1), "duration_minutes": 50, "format": "free",
                    "sections": { "text": "Plain session." },
                    "status": "signed", "locked": true, "signed_at": "2026-01-01T00:00:00Z",
                    "signed_by": clinic.supervisor.id, "author_id": clinic.supervisor.id,
                    "version": 42, "id": stranger, "practice_id": other.id,
                    "client_id": stranger }),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(created["status"], "draft");
    assert_eq!(created["locked"], false);
    assert!(created["signed_at"].is_null() && created["signed_by"].is_null());
    assert_eq!(created["author_id"].as_str(), Some(clinic.clinician.id.as_str()));
    assert_eq!(created["version"], 1);
    assert_ne!(created["id"], json!(stranger));
    assert_eq!(created["client_id"].as_str(), Some(clinic.client_id.as_str()));
    let path = format!("/api/v1/notes/{}", id(&created));
    let changed = app
        .patch(
            &path,
            token,
            json!({ "version": 1, "duration_minutes": 45, "status": "signed", "locked": true,
                    "signed_at": "2026-01-01T00:00:00Z", "author_id": clinic.supervisor.id }),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        (changed["status"].clone(), changed["locked"].clone()),
        (json!("draft"), json!(false))
    );
    assert_eq!(changed["author_id"].as_str(), Some(clinic.clinician.id.as_str()));
    assert_eq!(changed["duration_minutes"], 45);

    // Staff: a member cannot give themself a role, and an owner's new member is in the
    // owner's practice whatever the body says.
    let own = format!("/api/v1/staff/{}", clinic.clinician.id);
    app.patch(&own, token, json!({ "version": 1, "role": "owner" })).await.expect_problem(403);
    let me = app.get("/api/v1/me", token).await.expect(200).body;
    assert_eq!(me["role"], "clinician");
    let member = app
        .post(
            "/api/v1/staff",
            clinic.practice.owner.token(),
            json!({ "name": "New", "email": "new-member@example.com", "role": "clinician",
                    "password": "correct horse battery staple", "practice_id": other.id,
                    "active": false, "id": stranger }),
        )
        .await
        .expect(201)
        .body;
    assert_ne!(member["id"], json!(stranger));
    assert_eq!(member["active"], true);
    let others = app.get("/api/v1/staff", other.owner.token()).await.expect(200).body;
    assert_eq!(others["total"], 1, "the other practice gained no member");

    // The practice: the id and version in a body do not pick the record.
    let settings = app.get("/api/v1/practice", other.owner.token()).await.expect(200).body;
    app.patch(
        "/api/v1/practice",
        clinic.practice.owner.token(),
        json!({ "version": 1, "id": other.id, "name": "Renamed" }),
    )
    .await
    .expect(200);
    let after = app.get("/api/v1/practice", other.owner.token()).await.expect(200).body;
    assert_eq!(after, settings, "another practice was renamed");
}

#[tokio::test]
async fn deep_nesting_and_huge_arrays_are_refused_and_the_server_stays_up() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let token = clinic.clinician.token();
    let path = clinic.client_path("/check-ins");

    // 100,000 nested arrays (200 KB): a parser that recursed would overflow its stack.
    let deep = format!(
        r#"{{"day":"{}","used":true,"substances":{}{}}}"#,
        ago(1),
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let answer = app.post_raw(&path, Some(token), "application/json", deep.into_bytes()).await;
    assert!(answer.status.is_client_error(), "{} {}", answer.status, answer.body);
    // 50,000 entries of one substance (under the 1 MiB limit): the day is stored with the
    // substance once, as the clinician would enter it.
    let many: Vec<&str> = std::iter::repeat_n("alcohol", 50_000).collect();
    let stored = app
        .post(
            &path,
            token,
            json!({ "day": ago(1), "used": true, "substances": many, "craving": 1, "mood": 5,
                    "attended_meeting": false, "contacted_sponsor": false }),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(stored["substances"], json!(["alcohol"]));
    // 50,000 values that are not substances: refused, with one message, not 50,000.
    let unknown: Vec<String> = (0..50_000).map(|i| format!("x{i}")).collect();
    let answer = app
        .post(
            &path,
            token,
            json!({ "day": ago(2), "used": true, "substances": unknown, "craving": 1, "mood": 5,
                    "attended_meeting": false, "contacted_sponsor": false }),
        )
        .await;
    assert!(answer.status.is_client_error(), "{}", answer.status);
    assert!(answer.body.to_string().len() < 2_000, "the answer repeats the input");
    // Thousands of keys in one object.
    let mut wide = serde_json::Map::new();
    for i in 0..20_000 {
        wide.insert(format!("k{i}"), json!(i));
    }
    wide.insert("first_name".into(), json!("Wide"));
    wide.insert("last_name".into(), json!("Object"));
    let answer = app.post("/api/v1/clients", token, Value::Object(wide)).await;
    assert!(answer.status.as_u16() < 500, "{} {}", answer.status, answer.body);

    // Only the one day was saved, and the server answers as before.
    let days = app.get(&path, token).await.expect(200).body;
    assert_eq!(days["total"], 1, "{days}");
    app.get("/api/v1/me", token).await.expect(200);
}

#[tokio::test]
async fn confusing_unicode_is_kept_exactly_or_refused_never_a_500() {
    let app = TestApp::spawn().await;
    let practice = app.signup("Unicode").await;
    let token = practice.owner.token();
    // Kept exactly: right-to-left overrides, zero-width joiners, combining marks, emoji,
    // characters outside the basic plane.
    for name in [
        "Ana\u{202E}evil",
        "Zoë\u{200D}\u{200B}",
        "e\u{0301}\u{0301}\u{0301}",
        "👩🏽‍⚕️",
        "𝔄𝔫𝔞",
        "محمد",
        "\u{FEFF}Bom",
    ] {
        let created = app
            .post("/api/v1/clients", token, json!({ "first_name": name, "last_name": "Test" }))
            .await;
        match created.status.as_u16() {
            201 => {
                let read = app
                    .get(&format!("/api/v1/clients/{}", id(&created.body)), token)
                    .await
                    .expect(200);
                assert_eq!(read.body["first_name"].as_str(), Some(name), "changed on the way");
            }
            422 => assert!(created.body["errors"]["first_name"].is_array()),
            other => panic!("{name:?}: {other} {}", created.body),
        }
    }
    // A name written decomposed (e + combining accent) is found by its composed form.
    app.post("/api/v1/clients", token, json!({ "first_name": "Jose\u{0301}", "last_name": "Nfd" }))
        .await
        .expect(201);
    let found = app.get("/api/v1/clients?search=jos%C3%A9", token).await.expect(200).body;
    assert_eq!(found["total"], 1, "{found}");
    // A lone surrogate is not JSON text; bytes that are not UTF-8 are not either.
    let surrogate = br#"{"first_name":"\ud800","last_name":"X"}"#.to_vec();
    let answer = app.post_raw("/api/v1/clients", Some(token), "application/json", surrogate).await;
    assert!(answer.status.is_client_error(), "{}", answer.status);
    let bad_utf8 = b"{\"first_name\":\"\xC0\xAF\",\"last_name\":\"X\"}".to_vec();
    let answer = app.post_raw("/api/v1/clients", Some(token), "application/json", bad_utf8).await;
    assert!(answer.status.is_client_error(), "{}", answer.status);
}
