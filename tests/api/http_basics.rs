use crate::support::TestApp;
use reqwest::Method;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = TestApp::spawn().await;
    app.request(Method::GET, "/healthz", None, None).await.expect(200);
    let ready = app.request(Method::GET, "/readyz", None, None).await.expect(200);
    assert_eq!(ready.body["status"], "ready");
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let app = TestApp::spawn().await;
    let doc = app.request(Method::GET, "/api/v1/openapi.json", None, None).await.expect(200);
    assert!(doc.body["openapi"].as_str().unwrap().starts_with("3."));
    // `daybreak openapi` prints the same document (the dashboard's types come from it).
    let printed: serde_json::Value =
        serde_json::from_str(&daybreak::http::openapi::document_json()).unwrap();
    assert_eq!(doc.body, printed, "daybreak openapi prints what the server serves");
    let expected = [
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/api/v1/auth/signup", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/refresh", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/practice", "get"),
        ("/api/v1/practice", "patch"),
        ("/api/v1/staff", "get"),
        ("/api/v1/staff", "post"),
        ("/api/v1/staff/clinicians", "get"),
        ("/api/v1/staff/{id}", "get"),
        ("/api/v1/staff/{id}", "patch"),
        ("/api/v1/clients", "get"),
        ("/api/v1/clients", "post"),
        ("/api/v1/clients/{id}", "get"),
        ("/api/v1/clients/{id}", "patch"),
        ("/api/v1/clients/{id}/archive", "post"),
        ("/api/v1/clients/{id}/unarchive", "post"),
        ("/api/v1/clients/{id}/progress", "get"),
        ("/api/v1/clients/{id}/notes", "get"),
        ("/api/v1/clients/{id}/notes", "post"),
        ("/api/v1/notes/{id}", "get"),
        ("/api/v1/notes/{id}", "patch"),
        ("/api/v1/notes/{id}/sign", "post"),
        ("/api/v1/notes/{id}/cosign", "post"),
        ("/api/v1/notes/{id}/addenda", "post"),
        ("/api/v1/clients/{id}/relapses", "get"),
        ("/api/v1/clients/{id}/relapses", "post"),
        ("/api/v1/relapses/{id}", "get"),
        ("/api/v1/relapses/{id}", "patch"),
        ("/api/v1/relapses/{id}", "delete"),
        ("/api/v1/clients/{id}/check-ins", "get"),
        ("/api/v1/clients/{id}/check-ins", "post"),
        ("/api/v1/alerts", "get"),
        ("/api/v1/alerts/{id}/acknowledge", "post"),
        ("/api/v1/clients/{id}/self-report-links", "get"),
        ("/api/v1/clients/{id}/self-report-links", "post"),
        ("/api/v1/self-report-links/{id}/revoke", "post"),
        ("/api/v1/self-report/{token}", "get"),
        ("/api/v1/self-report/{token}/claim", "post"),
        ("/api/v1/self-report/{token}/check-ins", "post"),
        ("/api/v1/self-report/{token}/measures", "post"),
        ("/api/v1/clients/{id}/measure-schedules", "get"),
        ("/api/v1/clients/{id}/measure-schedules", "post"),
        ("/api/v1/measure-schedules/{id}", "delete"),
        ("/api/v1/clients/{id}/measures", "get"),
        ("/api/v1/me/password", "post"),
        ("/api/v1/me/two-factor/setup", "post"),
        ("/api/v1/me/two-factor/enable", "post"),
        ("/api/v1/me/two-factor/disable", "post"),
        ("/api/v1/me/two-factor/recovery-codes", "post"),
        ("/api/v1/staff/{id}/two-factor/reset", "post"),
        ("/api/v1/audit", "get"),
        ("/api/v1/audit.csv", "get"),
        ("/api/v1/clients/{id}/report.pdf", "get"),
        ("/api/v1/clients/{id}/consents", "get"),
        ("/api/v1/clients/{id}/consents", "post"),
        ("/api/v1/consents/{id}", "get"),
        ("/api/v1/consents/{id}/revoke", "post"),
        ("/api/v1/consents/{id}/document", "put"),
        ("/api/v1/consents/{id}/document", "get"),
        ("/api/v1/clients/{id}/disclosures", "get"),
        ("/api/v1/clients/{id}/disclosures.csv", "get"),
        ("/api/v1/clients/{id}/disclosures.pdf", "get"),
        ("/api/v1/report-exports", "get"),
        ("/api/v1/report-exports", "post"),
        ("/api/v1/report-exports/{id}", "get"),
        ("/api/v1/report-exports/{id}/download", "get"),
        ("/api/v1/clients/{id}/relapse-prevention-plan", "get"),
        ("/api/v1/clients/{id}/relapse-prevention-plan", "put"),
        ("/api/v1/clients/{id}/relapse-prevention-plan/versions", "get"),
        ("/api/v1/clients/{id}/safety-plan", "get"),
        ("/api/v1/clients/{id}/safety-plan", "put"),
        ("/api/v1/clients/{id}/safety-plan/versions", "get"),
        ("/api/v1/clients/{id}/screens", "get"),
        ("/api/v1/clients/{id}/screens", "post"),
        ("/api/v1/screens/{id}", "get"),
        ("/api/v1/screens/{id}/amend", "post"),
        ("/api/v1/screens/bulk", "post"),
        ("/api/v1/appointments", "get"),
        ("/api/v1/me/calendar-feed", "get"),
        ("/api/v1/me/calendar-feed", "post"),
        ("/api/v1/me/calendar-feed", "delete"),
        ("/cal/{token}", "get"),
        ("/api/v1/appointments", "post"),
        ("/api/v1/appointments/{id}", "get"),
        ("/api/v1/appointments/{id}", "patch"),
        ("/api/v1/appointments/{id}/status", "post"),
        ("/api/v1/appointments/awaiting-notes", "get"),
        ("/api/v1/screens/import", "post"),
        ("/api/v1/clients/{id}/medications", "get"),
        ("/api/v1/clients/{id}/medications", "post"),
        ("/api/v1/medications/{id}", "patch"),
        ("/api/v1/groups", "get"),
        ("/api/v1/groups", "post"),
        ("/api/v1/groups/{id}", "get"),
        ("/api/v1/groups/{id}", "patch"),
        ("/api/v1/groups/{id}/members", "post"),
        ("/api/v1/groups/{id}/members/{client_id}/leave", "post"),
        ("/api/v1/groups/{id}/sessions", "get"),
        ("/api/v1/groups/{id}/sessions", "post"),
        ("/api/v1/group-sessions", "get"),
        ("/api/v1/group-sessions/{id}", "get"),
        ("/api/v1/group-sessions/{id}", "patch"),
        ("/api/v1/group-sessions/{id}/attendance", "put"),
        ("/api/v1/group-sessions/{id}/sign", "post"),
    ];
    let paths = doc.body["paths"].as_object().unwrap();
    for (path, method) in expected {
        assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path} missing");
    }
    let documented: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(
        documented,
        expected.len(),
        "an endpoint is documented that this test does not know"
    );
    assert!(doc.body["components"]["securitySchemes"]["bearer"].is_object());

    // Every reference resolves, and enumerations list their wire values (what the JSON
    // carries), not the Rust names: both were wrong until schemathesis read the document.
    fn refs(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map {
                    match (key.as_str(), v.as_str()) {
                        ("$ref", Some(r)) => out.push(r.to_owned()),
                        _ => refs(v, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    refs(&doc.body, &mut found);
    assert!(found.len() > 50);
    let schemas = &doc.body["components"]["schemas"];
    for r in found {
        let name = r.trim_start_matches("#/components/schemas/");
        assert!(schemas[name].is_object(), "{r} does not resolve");
    }
    let substances = schemas["Substance"]["enum"].as_array().unwrap();
    assert!(substances.contains(&serde_json::json!("other_stimulants")), "{substances:?}");
    assert_eq!(schemas["NoteFormat"]["enum"], serde_json::json!(["soap", "dap", "birp", "free"]));
    // Clients and relapse episodes share one status type (it was ClientStatus and
    // RelapseStatus, two copies of the same words).
    assert_eq!(schemas["RecordStatus"]["enum"], serde_json::json!(["active", "archived"]));
    assert_eq!(schemas["NoteStatus"]["enum"], serde_json::json!(["draft", "signed"]));
}

#[tokio::test]
async fn responses_carry_security_headers_and_a_request_id() {
    let app = TestApp::spawn().await;
    let answer = app.request(Method::GET, "/healthz", None, None).await;
    let header = |name: &str| answer.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert!(header("content-security-policy").unwrap().contains("frame-ancestors 'none'"));
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(header("referrer-policy").as_deref(), Some("no-referrer"));
    assert_eq!(header("x-frame-options").as_deref(), Some("DENY"));
    assert!(header("x-request-id").is_some_and(|id| id.len() >= 32));
}

#[tokio::test]
async fn api_answers_are_not_cacheable_and_cors_is_closed() {
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let response = app
        .http
        .get(format!("{}/api/v1/me", app.base))
        .bearer_auth(practice.owner.token())
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(response.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn dashboard_routes_fall_back_to_the_single_page_app() {
    let app = TestApp::spawn().await;
    let response = app.http.get(format!("{}/clients/some-page", app.base)).send().await.unwrap();
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let body = response.text().await.unwrap();
    assert!(body.contains("<html") || body.contains("<!doctype html"), "{body}");
}

/// Postgres only (SQLite has no server to lose): the database goes away and comes back.
#[tokio::test]
async fn readiness_follows_the_database_and_recovers_without_a_restart() {
    use sea_orm::{ConnectionTrait, Database};
    let Ok(admin_url) = std::env::var("DAYBREAK_TEST_DATABASE_URL") else {
        return;
    };
    let app = TestApp::spawn().await;
    let practice = app.signup("P").await;
    let name: String = {
        let row = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT current_database()::text AS name",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "name").unwrap()
    };
    let admin = Database::connect(admin_url.as_str()).await.unwrap();
    admin
        .execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
        ))
        .await
        .unwrap();

    let started = std::time::Instant::now();
    app.request(Method::GET, "/readyz", None, None).await.expect_problem(503);
    app.request(Method::GET, "/healthz", None, None).await.expect(200);
    app.get("/api/v1/me", practice.owner.token()).await.expect_problem(503);
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "answers came quickly");

    admin
        .execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .await
        .unwrap();
    let mut ready = false;
    for _ in 0..50 {
        if app.request(Method::GET, "/readyz", None, None).await.status.as_u16() == 200 {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(ready, "the server recovered by itself");
    app.get("/api/v1/me", practice.owner.token()).await.expect(200);
}

#[tokio::test]
async fn hsts_is_sent_only_when_the_public_address_is_https() {
    let plain = TestApp::spawn().await;
    let answer = plain.request(Method::GET, "/healthz", None, None).await;
    assert!(answer.headers.get("strict-transport-security").is_none());
    assert!(answer.headers.get("server").is_none(), "no server banner");
    let tls = TestApp::spawn_with(&[("DAYBREAK_PUBLIC_URL", "https://care.example.org")]).await;
    let answer = tls.request(Method::GET, "/healthz", None, None).await;
    let hsts = answer.headers.get("strict-transport-security").unwrap().to_str().unwrap();
    assert!(hsts.starts_with("max-age=31536000"));
}

#[tokio::test]
async fn the_benchmark_baseline_exists_only_when_switched_on_and_still_needs_a_token() {
    let plain = TestApp::spawn().await;
    let practice = plain.signup("Baseline Off").await;
    plain.get("/api/v1/bench/baseline", &practice.owner.access_token).await.expect(404);

    let bench = TestApp::spawn_with(&[("DAYBREAK_BENCH_BASELINE", "true")]).await;
    let practice = bench.signup("Baseline On").await;
    let me = bench.get("/api/v1/me", &practice.owner.access_token).await.expect(200);
    let answer =
        bench.get("/api/v1/bench/baseline", &practice.owner.access_token).await.expect(200);
    assert_eq!(answer.body["id"], me.body["id"]);
    bench.request(Method::GET, "/api/v1/bench/baseline", None, None).await.expect(401);
    bench.get("/api/v1/bench/baseline", "not-a-token").await.expect(401);

    // The floor of an audited request: the same, plus a transaction with an audit event.
    plain.get("/api/v1/bench/audited", &practice.owner.access_token).await.expect(404);
    bench.get("/api/v1/bench/audited", "not-a-token").await.expect(401);
    bench.get("/api/v1/bench/audited", &practice.owner.access_token).await.expect(200);
    let log = bench.get("/api/v1/audit?action=bench.audited", &practice.owner.access_token).await;
    assert_eq!(log.expect(200).body["total"], 1);
}

/// The tests serve through the binary's own accept loop: what SIGTERM does, done here. A
/// request whose body is still arriving when the shutdown begins gets its answer; a new
/// connection is refused; the loop ends once the request is answered.
#[tokio::test]
async fn a_request_in_flight_is_answered_through_a_shutdown_and_new_connections_are_refused() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut app = TestApp::spawn().await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    let body = serde_json::json!({ "email": "nobody@example.com", "password": "not the password" })
        .to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let (first, rest) = body.split_at(body.len() / 2);
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(first.as_bytes()).await.unwrap();
    stream.flush().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;

    let shutting_down = tokio::spawn(async move {
        app.shut_down().await;
        app
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!shutting_down.is_finished(), "the shutdown waits for the request in flight");
    assert!(
        tokio::net::TcpStream::connect(&addr).await.is_err(),
        "a server shutting down accepts no new connection"
    );

    stream.write_all(rest.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "the request in flight is answered: {answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    tokio::time::timeout(std::time::Duration::from_secs(5), shutting_down)
        .await
        .expect("the accept loop ends once its last request is answered")
        .unwrap();
}
