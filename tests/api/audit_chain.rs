//! The tamper-evident audit trail: append-only in the database, hash-chained per practice,
//! and verified event by event.

use daybreak::core::audit::chain;
use sea_orm::{ConnectionTrait, DatabaseBackend};
use serde_json::json;
use uuid::Uuid;

use crate::{
    clinical_support::{Clinic, ago},
    support::{PASSWORD, TestApp},
};

/// What `daybreak audit verify` does: seal what is pending (Postgres), then check.
async fn verify(app: &TestApp, practice_id: &str) -> chain::ChainReport {
    let id = Uuid::parse_str(practice_id).unwrap();
    chain::seal(&app.db, id).await.unwrap();
    let report = chain::verify(&app.db, id).await.unwrap();
    assert_eq!(report.pending, 0, "sealed before the check");
    report
}

/// Runs the `daybreak` command off the test's runtime thread: the server under test runs on
/// that thread too, and its audit sealer may hold the head lock the command waits for.
async fn daybreak_cli(args: &[&str], database_url: &str) -> std::process::Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let url = database_url.to_owned();
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_daybreak"))
            .args(&args)
            .env("DATABASE_URL", url)
            .env("DAYBREAK_JWT_SECRET", crate::support::TEST_SECRET)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_days_work_leaves_an_unbroken_chain_even_under_concurrent_requests() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let note = clinic.draft(&app, &clinic.clinician).await;
    app.post(
        &format!("/api/v1/notes/{}/sign", note["id"].as_str().unwrap()),
        clinic.clinician.token(),
        json!({}),
    )
    .await
    .expect(200);
    let path = clinic.client_path("");
    let reads = (0..12).map(|_| app.get(&path, clinic.clinician.token()));
    for answer in futures_util::future::join_all(reads).await {
        answer.expect(200);
    }
    let lists = (0..12).map(|_| app.get("/api/v1/clients", clinic.clinician.token()));
    for answer in futures_util::future::join_all(lists).await {
        answer.expect(200);
    }
    let report = verify(&app, &clinic.practice.id).await;
    assert_eq!(report.broken, None);
    assert!(report.checked >= 32, "{report:?}");
    assert_eq!(report.before_chain, 0);
    // Another practice has its own chain.
    let other = app.signup("Other").await;
    let report = verify(&app, &other.id).await;
    assert_eq!((report.checked, report.broken), (1, None));
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_an_audit_event() {
    let app = TestApp::spawn().await;
    app.signup("Append only").await;
    assert!(
        app.db.execute_unprepared("UPDATE audit_events SET action = 'rewritten'").await.is_err()
    );
    assert!(app.db.execute_unprepared("DELETE FROM audit_events").await.is_err());
    crate::notes::assert_locked(
        app.db.execute_unprepared("UPDATE audit_events SET action = 'rewritten'").await,
    );
    crate::notes::assert_locked(app.db.execute_unprepared("DELETE FROM audit_events").await);
}

#[tokio::test]
async fn a_changed_or_removed_event_is_found_and_named() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    for _ in 0..3 {
        app.get(&clinic.client_path(""), clinic.clinician.token()).await.expect(200);
    }
    assert_eq!(verify(&app, &clinic.practice.id).await.broken, None);

    // Someone with the database owner's rights switches the guard off and edits event 3.
    let unguard = match app.db.get_database_backend() {
        DatabaseBackend::Postgres => {
            "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"
        }
        _ => "DROP TRIGGER audit_events_no_update",
    };
    app.db.execute_unprepared(unguard).await.unwrap();
    let original: String = {
        let row = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT action FROM audit_events WHERE seq = 3",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "action").unwrap()
    };
    app.db
        .execute_unprepared("UPDATE audit_events SET action = 'forged.action' WHERE seq = 3")
        .await
        .unwrap();
    let report = verify(&app, &clinic.practice.id).await;
    let broken = report.broken.expect("the edit is found");
    assert_eq!(broken.seq, 3);
    assert!(broken.reason.contains("changed"), "{}", broken.reason);
    assert_eq!(report.checked, 2);

    // The operator's command names it too, exits 1, and (on Postgres) does so as the
    // server's own role under row-level security as well as the owner.
    let mut urls = vec![app.admin_url.clone()];
    if app.database_url != app.admin_url {
        urls.push(app.database_url.clone());
    }
    for url in &urls {
        let out = daybreak_cli(&["audit", "verify", "--practice", &clinic.practice.id], url).await;
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{url}: {text}");
        assert!(text.contains("BROKEN at event 3"), "{url}: {text}");
    }
    if app.database_url != app.admin_url {
        // Every practice at once needs a role past row-level security: the server's own
        // role is refused with a reason, rather than "verifying" the nothing it can see.
        let out = daybreak_cli(&["audit", "verify"], &app.database_url).await;
        let text = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(text.contains("row-level security"), "{text}");
    }

    // Removing the last event is found too (the head remembers the length).
    if app.db.get_database_backend() != DatabaseBackend::Postgres {
        app.db.execute_unprepared("DROP TRIGGER audit_events_no_delete").await.unwrap();
    }
    let restore = format!("UPDATE audit_events SET action = '{original}' WHERE seq = 3");
    app.db.execute_unprepared(&restore).await.unwrap();
    assert_eq!(verify(&app, &clinic.practice.id).await.broken, None, "put back as it was");
    let last: i64 = {
        let row = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT MAX(seq) AS last FROM audit_events",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "last").unwrap()
    };
    app.db
        .execute_unprepared(&format!("DELETE FROM audit_events WHERE seq = {last}"))
        .await
        .unwrap();
    let report = verify(&app, &clinic.practice.id).await;
    let broken = report.broken.expect("the missing tail is found");
    assert_eq!(broken.seq, last);
    assert!(broken.reason.contains("missing"), "{}", broken.reason);
}

#[tokio::test]
async fn too_many_sign_in_attempts_from_one_address_get_429() {
    let app = TestApp::spawn_with(&[("DAYBREAK_AUTH_IP_RATE", "4")]).await;
    let practice = app.signup("Limits").await;
    let mut statuses = Vec::new();
    for n in 0..4 {
        let email = format!("someone-{n}@example.com");
        statuses.push(app.login(&email, PASSWORD).await.status.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429], "one signup and three sign-ins fill the minute");
    let limited = app.login(&practice.owner.email, PASSWORD).await.expect_problem(429);
    assert!(limited.headers.contains_key("retry-after"));
}

/// Trust review finding 8: `/auth/refresh` had no per-address limit, though the operator's
/// guide said `DAYBREAK_AUTH_IP_RATE` covered it.
#[tokio::test]
async fn refresh_attempts_from_one_address_count_toward_the_sign_in_limit() {
    let app = TestApp::spawn_with(&[("DAYBREAK_AUTH_IP_RATE", "4")]).await;
    let practice = app.signup("Limits").await;
    let mut statuses = Vec::new();
    for n in 0..4 {
        let guess = json!({ "refresh_token": format!("{n}").repeat(43) });
        statuses.push(app.post_anonymous("/api/v1/auth/refresh", guess).await.status.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429], "one signup and three refreshes fill the minute");
    let real = json!({ "refresh_token": practice.owner.refresh_token });
    let limited = app.post_anonymous("/api/v1/auth/refresh", real).await.expect_problem(429);
    assert!(limited.headers.contains_key("retry-after"));
}

/// Trust review finding 9: a caller-chosen `X-Request-Id` was stored as sent and came out
/// unquoted in `audit.csv`.
#[tokio::test]
async fn only_a_short_safe_request_id_is_kept_and_the_csv_reads_back_one_cell_per_field() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let owner = clinic.practice.owner.token();
    let path = clinic.client_path("");
    let read_with = |id: String| {
        let (app, path) = (&app, path.clone());
        async move {
            let answer = app
                .request_with(
                    reqwest::Method::GET,
                    &path,
                    Some(owner),
                    None,
                    &[("x-request-id", &id)],
                )
                .await
                .expect(200);
            answer.headers["x-request-id"].to_str().unwrap().to_owned()
        }
    };
    let kept = read_with("trace-42.a_b".into()).await;
    assert_eq!(kept, "trace-42.a_b");
    for hostile in ["a;=1+1;<b>x".to_owned(), "x".repeat(65), "with space".into(), "\"q\"".into()] {
        let given = read_with(hostile.clone()).await;
        assert_ne!(given, hostile, "{hostile} was kept");
        assert!(uuid::Uuid::parse_str(&given).is_ok(), "a new id of ours: {given}");
    }
    let log = app
        .get(&format!("/api/v1/audit?action=client.read&client_id={}", clinic.client_id), owner)
        .await
        .expect(200)
        .body;
    let ids: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["request_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 5);
    assert!(ids.contains(&"trace-42.a_b"));
    assert!(!log.to_string().contains("<b>"), "{log}");
    let csv = app
        .http
        .get(format!("{}/api/v1/audit.csv?action=client.read", app.base))
        .bearer_auth(owner)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains(",trace-42.a_b,") && !csv.contains("<b>"), "{csv}");
}

#[tokio::test]
async fn the_owner_reads_names_in_the_log_and_exports_it_as_csv() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    app.get(&clinic.client_path(""), clinic.clinician.token()).await.expect(200);
    let owner = clinic.practice.owner.token();
    let log = app
        .get(&format!("/api/v1/audit?action=client.read&client_id={}", clinic.client_id), owner)
        .await
        .expect(200)
        .body;
    assert_eq!(log["total"], 1);
    let event = &log["items"][0];
    assert_eq!(event["actor_name"], "Test clinician");
    assert_eq!(event["client_name"], "Sam Rivera");
    assert!(event["seq"].as_i64().unwrap() > 1);

    let answer = app
        .request(reqwest::Method::GET, "/api/v1/audit.csv?action=client.read", Some(owner), None)
        .await;
    assert_eq!(answer.status, 200);
    assert!(answer.content_type().starts_with("text/csv"));
    let disposition = answer.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"));
    let response = app
        .http
        .get(format!(
            "{}/api/v1/audit.csv?from={}&to={}",
            app.base,
            ago(1),
            crate::clinical_support::today()
        ))
        .bearer_auth(owner)
        .send()
        .await
        .unwrap();
    let csv = response.text().await.unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("at,seq,actor_id,actor_name"));
    let reads: Vec<&str> = lines.filter(|l| l.contains(",client.read,")).collect();
    assert_eq!(reads.len(), 1, "{csv}");
    assert!(reads[0].contains("Test clinician") && reads[0].contains("Sam Rivera"));

    app.get("/api/v1/audit.csv", clinic.clinician.token()).await.expect_problem(403);
    let reversed =
        format!("/api/v1/audit.csv?from={}&to={}", crate::clinical_support::today(), ago(3));
    app.get(&reversed, owner).await.expect_problem(422);
    let exports = app.get("/api/v1/audit?action=audit.export", owner).await.expect(200).body;
    assert_eq!(exports["total"], 2, "each export is on the record");
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .expect("a row");
    row.try_get_by_index::<i64>(0).unwrap()
}

#[tokio::test]
async fn a_requests_event_is_stored_with_it_and_takes_its_place_in_the_chain_by_itself() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let path = clinic.client_path("");
    let before = scalar(&app, "SELECT COUNT(*) FROM audit_events").await;
    app.get(&path, clinic.clinician.token()).await.expect(200);
    // Committed with the read it records (pending on Postgres until the sealer gets to it).
    let read = "SELECT COUNT(*) FROM audit_events WHERE action = 'client.read'";
    assert_eq!(scalar(&app, read).await, 1);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM audit_events").await, before + 1);
    // Nobody asks for it: the server's background sealer chains it within a moment.
    let pending = "SELECT COUNT(*) FROM audit_events WHERE pending";
    let started = std::time::Instant::now();
    while scalar(&app, pending).await > 0 {
        assert!(started.elapsed().as_secs() < 10, "still pending after 10 s");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let id = Uuid::parse_str(&clinic.practice.id).unwrap();
    let report = chain::verify(&app.db, id).await.unwrap();
    assert_eq!((report.pending, report.before_chain, report.broken), (0, 0, None));
    assert_eq!(report.checked as i64, before + 1, "every event of the test's one practice");
    let unchained = "SELECT COUNT(*) FROM audit_events WHERE seq IS NULL OR hash IS NULL";
    assert_eq!(scalar(&app, unchained).await, 0);
}

#[tokio::test]
async fn sealing_while_requests_write_and_two_sealers_at_once_leave_one_unbroken_chain() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    let id = Uuid::parse_str(&clinic.practice.id).unwrap();
    let path = clinic.client_path("");
    for _ in 0..3 {
        let reads = (0..10).map(|_| app.get(&path, clinic.clinician.token()));
        let seals = (0..3).map(|_| chain::seal(&app.db, id));
        let (answers, sealed) = futures_util::future::join(
            futures_util::future::join_all(reads),
            futures_util::future::join_all(seals),
        )
        .await;
        answers.into_iter().for_each(|a| {
            a.expect(200);
        });
        sealed.into_iter().for_each(|s| {
            s.unwrap();
        });
    }
    let report = verify(&app, &clinic.practice.id).await;
    assert_eq!(report.broken, None);
    assert!(report.checked >= 30, "{report:?}");
}

#[tokio::test]
async fn the_one_change_the_database_allows_an_event_is_taking_its_place_once() {
    let app = TestApp::spawn().await;
    let clinic = Clinic::open(&app, ago(30)).await;
    app.get(&clinic.client_path(""), clinic.clinician.token()).await.expect(200);
    verify(&app, &clinic.practice.id).await;
    let refused = [
        // A chained event cannot go back to pending, move, or be re-hashed ...
        "UPDATE audit_events SET pending = true, seq = NULL, prev_hash = NULL, hash = NULL WHERE seq = 2",
        "UPDATE audit_events SET seq = seq + 100 WHERE seq = 2",
        "UPDATE audit_events SET hash = prev_hash WHERE seq = 2",
    ];
    for sql in refused {
        let err = app.db.execute_unprepared(sql).await.expect_err(sql).to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    if app.db.get_database_backend() != DatabaseBackend::Postgres {
        // SQLite chains each event as it is written: none is ever pending.
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM audit_events WHERE pending").await, 0);
        return;
    }
    // ... and a pending one may take its place, but change nothing else on the way.
    app.db
        .execute_unprepared(
            "INSERT INTO audit_events (practice_id, id, at, action, entity_type, outcome, pending) \
             SELECT practice_id, gen_random_uuid(), now(), 'test.pending', 'client', 'success', true \
             FROM audit_events WHERE seq = 1",
        )
        .await
        .unwrap();
    let forged = "UPDATE audit_events SET pending = false, seq = 1000, prev_hash = 'x', hash = 'y', \
                  action = 'forged' WHERE action = 'test.pending'";
    let err = app.db.execute_unprepared(forged).await.expect_err(forged).to_string();
    assert!(err.contains("append-only"), "{err}");
    let report = verify(&app, &clinic.practice.id).await;
    assert_eq!(report.broken, None, "sealed into the chain like any other event");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'forged'").await, 0);
}
