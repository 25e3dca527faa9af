//! The second wall (Postgres only): row-level security keeps each practice's rows from the
//! server's own database role even when the application's tenant filter is left out, which
//! these tests do on purpose with raw SQL as that role. SQLite has the application wall only.

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
    TransactionTrait,
};
use serde_json::json;

use crate::support::{APP_ROLE, TestApp, TestPractice};

fn is_postgres() -> bool {
    std::env::var("DAYBREAK_TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"))
}

/// The server's role, on one connection, so a setting left behind would be seen.
async fn as_app_role(app: &TestApp) -> DatabaseConnection {
    let mut options = ConnectOptions::new(app.database_url.clone());
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options).await.expect("connect as the application role")
}

async fn count(db: &impl ConnectionTrait, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .expect("a row");
    row.try_get_by_index::<i64>(0).unwrap()
}

async fn set_practice(db: &impl ConnectionTrait, practice: &TestPractice) {
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT set_config('app.practice_id', $1, true)",
        [practice.id.clone().into()],
    ))
    .await
    .unwrap();
}

/// Two practices with a client, a note, a relapse, a check-in, a link and audit events each.
async fn two_practices_with_records(app: &TestApp) -> (TestPractice, TestPractice) {
    let mut practices = Vec::new();
    for name in ["Practice A", "Practice B"] {
        let p = app.signup(name).await;
        let client = p.add_client(app, &p.owner, "Rowtest", None).await;
        let id = client["id"].as_str().unwrap();
        let token = p.owner.token();
        app.post(
            &format!("/api/v1/clients/{id}/notes"),
            token,
            json!({ "session_on": "2026-11-20", "duration_minutes": 50, "format": "soap",
                    "sections": { "subjective": "s", "objective": "o", "assessment": "a", "plan": "p" } }),
        )
        .await
        .expect(201);
        app.post(
            &format!("/api/v1/clients/{id}/relapses"),
            token,
            json!({ "kind": "lapse", "occurred_on": "2026-11-10", "substances": ["alcohol"],
                    "triggers": [] }),
        )
        .await
        .expect(201);
        app.post(
            &format!("/api/v1/clients/{id}/check-ins"),
            token,
            json!({ "day": "2026-11-21", "used": false, "substances": [], "craving": 3, "mood": 6,
                    "attended_meeting": true, "contacted_sponsor": false }),
        )
        .await
        .expect(201);
        app.post(&format!("/api/v1/clients/{id}/self-report-links"), token, json!({}))
            .await
            .expect(201);
        practices.push(p);
    }
    let b = practices.pop().unwrap();
    let a = practices.pop().unwrap();
    (a, b)
}

/// Every table with a `practice_id` column, read from the catalogue (so a new table is
/// covered the day it is created).
async fn tenant_tables(db: &impl ConnectionTrait) -> Vec<String> {
    db.query_all_raw(Statement::from_string(
        DbBackend::Postgres,
        "SELECT table_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND column_name = 'practice_id' ORDER BY 1",
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get_by_index::<String>(0).unwrap())
    .collect()
}

#[tokio::test]
async fn every_tenant_table_has_forced_row_security_and_the_server_role_cannot_escape_it() {
    if !is_postgres() {
        return;
    }
    let app = TestApp::spawn().await;
    let mut tables = tenant_tables(&app.db).await;
    assert!(tables.len() >= 14, "tables with practice_id: {tables:?}");
    tables.push("practices".into());
    for table in &tables {
        let sql = format!(
            "SELECT (c.relrowsecurity AND c.relforcerowsecurity)::int::int8 * \
             (SELECT count(*) FROM pg_policies p WHERE p.tablename = '{table}') \
             FROM pg_class c WHERE c.relname = '{table}' AND c.relnamespace = 'public'::regnamespace"
        );
        assert!(count(&app.db, &sql).await > 0, "{table}: row-level security is not on and forced");
    }
    let server = as_app_role(&app).await;
    let role = count(
        &server,
        "SELECT (rolsuper OR rolbypassrls)::int::int8 FROM pg_roles WHERE rolname = current_user",
    )
    .await;
    assert_eq!(role, 0, "the server's role is a superuser or bypasses RLS");
    let owned = count(
        &server,
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user",
    )
    .await;
    assert_eq!(owned, 0, "the server's role owns tables (it could turn RLS off)");
    let user: String = server
        .query_one_raw(Statement::from_string(DbBackend::Postgres, "SELECT current_user::text"))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    assert_eq!(user, APP_ROLE);
}

#[tokio::test]
async fn without_the_application_filter_another_practices_rows_stay_invisible_and_untouchable() {
    if !is_postgres() {
        return;
    }
    let app = TestApp::spawn().await;
    let (a, b) = two_practices_with_records(&app).await;
    let tables = tenant_tables(&app.db).await;
    let server = as_app_role(&app).await;

    // No practice set: every tenant table is empty to the server's role, and no error.
    for table in &tables {
        assert_eq!(count(&server, &format!("SELECT count(*) FROM {table}")).await, 0, "{table}");
    }
    assert_eq!(count(&server, "SELECT count(*) FROM practices").await, 0);

    // Practice A set: only A's rows, whatever the query asks for.
    let txn = server.begin().await.unwrap();
    set_practice(&txn, &a).await;
    for table in &tables {
        let everyone = count(&app.db, &format!("SELECT count(*) FROM {table}")).await;
        let a_only =
            count(&app.db, &format!("SELECT count(*) FROM {table} WHERE practice_id = '{}'", a.id))
                .await;
        let seen = count(&txn, &format!("SELECT count(*) FROM {table}")).await;
        assert_eq!(seen, a_only, "{table}: the server role saw {seen} rows of {everyone}");
        let b_rows = format!("SELECT count(*) FROM {table} WHERE practice_id = '{}'", b.id);
        assert_eq!(count(&txn, &b_rows).await, 0, "{table}: B's rows are visible to A");
    }
    for table in ["clients", "session_notes", "check_ins", "relapse_episodes", "audit_events"] {
        let b_rows = format!("SELECT count(*) FROM {table} WHERE practice_id = '{}'", b.id);
        assert!(count(&app.db, &b_rows).await > 0, "{table}: the test has B rows to hide");
    }
    assert_eq!(count(&txn, "SELECT count(*) FROM practices").await, 1);

    // Writes into B: an UPDATE or DELETE finds nothing, an INSERT is refused.
    let changed = txn
        .execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("UPDATE clients SET first_name = 'Stolen' WHERE practice_id = '{}'", b.id),
        ))
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 0);
    let deleted = txn
        .execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("DELETE FROM check_ins WHERE practice_id = '{}'", b.id),
        ))
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected(), 0);
    // Moving one of A's clients into B is refused too (the policy's WITH CHECK).
    let moved = txn
        .execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("UPDATE clients SET practice_id = '{}' WHERE practice_id = '{}'", b.id, a.id),
        ))
        .await;
    let refused = moved.expect_err("a row moved into another practice").to_string();
    assert!(refused.contains("row-level security"), "{refused}");
    txn.rollback().await.unwrap();

    let txn = server.begin().await.unwrap();
    set_practice(&txn, &a).await;
    let inserted = txn
        .execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!(
                "INSERT INTO clients (practice_id, id, first_name, last_name, search_name, \
                 status, version, created_at, updated_at) \
                 VALUES ('{}', gen_random_uuid(), 'Planted', 'Row', 'planted row', 'active', 1, \
                 now(), now())",
                b.id
            ),
        ))
        .await;
    let refused = inserted.expect_err("a row was written into another practice").to_string();
    assert!(refused.contains("row-level security"), "{refused}");
    txn.rollback().await.unwrap();

    // The setting ends with its transaction: the pooled connection forgets it.
    assert_eq!(count(&server, "SELECT count(*) FROM clients").await, 0);
    let b_name = format!(
        "SELECT count(*) FROM clients WHERE practice_id = '{}' AND first_name = 'Rowtest'",
        b.id
    );
    assert_eq!(count(&app.db, &b_name).await, 1, "B's client is as it was");
}

#[tokio::test]
async fn the_server_role_cannot_rewrite_or_delete_audit_events_even_in_its_own_practice() {
    if !is_postgres() {
        return;
    }
    let app = TestApp::spawn().await;
    let (a, _b) = two_practices_with_records(&app).await;
    let server = as_app_role(&app).await;
    for sql in [
        "UPDATE audit_events SET action = 'nothing.happened'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ] {
        let txn = server.begin().await.unwrap();
        set_practice(&txn, &a).await;
        let refused = txn.execute_raw(Statement::from_string(DbBackend::Postgres, sql)).await;
        let message = refused.expect_err(sql).to_string();
        assert!(message.contains("permission denied"), "{sql}: {message}");
        txn.rollback().await.unwrap();
    }
}
