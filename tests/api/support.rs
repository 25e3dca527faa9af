//! The test harness: a real server on 127.0.0.1:0 over a fresh real database per test
//! (SQLite temp file, or a Postgres database cloned from a migrated template).

use std::{collections::HashMap, sync::Arc, time::Duration};

use daybreak::{AppState, core::config::Config};
use migration::MigratorTrait;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};

pub const TEST_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";
pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    /// The test's own view of the database, past row-level security (on Postgres the
    /// superuser the tests were given): what the tests check the server's work with.
    pub db: DatabaseConnection,
    /// The server's database URL, for a second instance over the same data. On Postgres the
    /// server connects as `daybreak_app`, so row-level security applies to everything it does.
    pub database_url: String,
    /// The test database as its owner (the superuser on Postgres; the same file on SQLite).
    pub admin_url: String,
    _dir: Option<std::sync::Arc<tempfile::TempDir>>,
    /// Begins the server's graceful shutdown (what SIGTERM does to the binary).
    stop: Arc<tokio::sync::Notify>,
    /// Ends when the server's accept loop has finished shutting down.
    stopped: Option<tokio::task::JoinHandle<()>>,
}

/// A response with its status and JSON body (Null when the body is empty or not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn content_type(&self) -> &str {
        self.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// Asserts the status, printing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.body);
        self
    }

    #[track_caller]
    pub fn expect_problem(self, status: u16) -> Self {
        let answer = self.expect(status);
        assert!(
            answer.content_type().starts_with("application/problem+json"),
            "expected problem+json, got {:?}",
            answer.content_type()
        );
        assert_eq!(answer.body["status"], status);
        assert!(answer.body["title"].is_string() && answer.body["detail"].is_string());
        answer
    }
}

/// How long a test server's shutdown waits for requests in flight.
pub const SHUTDOWN_DRAIN: Duration = Duration::from_secs(5);

/// The application role of migration `m20261202_000007_row_level_security`.
pub const APP_ROLE: &str = "daybreak_app";

/// A fresh database: (the server's URL, the owner's URL, the SQLite directory).
async fn test_database() -> (String, String, Option<tempfile::TempDir>) {
    match std::env::var("DAYBREAK_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            let admin = postgres_database(&url).await;
            (as_role(&admin, APP_ROLE), admin, None)
        }
        _ => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/test.db?mode=rwc", dir.path().display());
            (url.clone(), url, Some(dir))
        }
    }
}

/// The same Postgres URL with another user (trust authentication: no password).
pub fn as_role(url: &str, role: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL has a scheme");
    let host_start = rest.find('/').unwrap_or(rest.len());
    let rest = match rest[..host_start].rfind('@') {
        Some(at) => &rest[at + 1..],
        None => rest,
    };
    format!("{scheme}://{role}@{rest}")
}

/// A new Postgres database copied from a migrated template (created once per schema).
async fn postgres_database(admin_url: &str) -> String {
    let mut options = ConnectOptions::new(admin_url.to_owned());
    options.max_connections(1).sqlx_logging(false);
    let admin = Database::connect(options).await.expect("connect to the Postgres test server");
    let names: Vec<String> =
        migration::Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
    let fingerprint = &daybreak::core::identity::sessions::sha256_hex(&names.join(","))[..12];
    let template = format!("daybreak_template_{fingerprint}");
    admin.execute_unprepared("SELECT pg_advisory_lock(726133)").await.unwrap();
    let exists = admin
        .query_one_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            format!("SELECT 1 FROM pg_database WHERE datname = '{template}'"),
        ))
        .await
        .unwrap()
        .is_some();
    if !exists {
        let building = format!("{template}_building");
        admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {building}")).await.unwrap();
        admin.execute_unprepared(&format!("CREATE DATABASE {building}")).await.unwrap();
        {
            let db = Database::connect(with_database(admin_url, &building)).await.unwrap();
            migration::Migrator::up(&db, None).await.expect("migrate the template");
            db.close().await.unwrap();
        }
        admin
            .execute_unprepared(&format!("ALTER DATABASE {building} RENAME TO {template}"))
            .await
            .unwrap();
    }
    // The migration makes the role without LOGIN; the tests' server signs in as it.
    admin.execute_unprepared(&format!("ALTER ROLE {APP_ROLE} LOGIN")).await.unwrap();
    admin.execute_unprepared("SELECT pg_advisory_unlock(726133)").await.unwrap();
    let name = format!("daybreak_test_{}", uuid::Uuid::new_v4().simple());
    let mut attempts = 0;
    loop {
        let created =
            admin.execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}")).await;
        match created {
            Ok(_) => break,
            // Two clones at once can collide on the template's lock; try again shortly.
            Err(_) if attempts < 20 => {
                attempts += 1;
                tokio::time::sleep(std::time::Duration::from_millis(100 * attempts)).await;
            }
            Err(e) => panic!("cannot create a test database: {e}"),
        }
    }
    let _ = admin.close().await;
    with_database(admin_url, &name)
}

fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = &base[..base.rfind('/').expect("a database URL has a path")];
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

/// Settings for a test server over `database_url`.
pub fn test_config(database_url: &str, extra: &[(&str, &str)]) -> Config {
    let mut env: HashMap<String, String> = HashMap::from([
        ("DATABASE_URL".into(), database_url.into()),
        ("DAYBREAK_JWT_SECRET".into(), TEST_SECRET.into()),
        ("DAYBREAK_ADDR".into(), "127.0.0.1:0".into()),
        ("DAYBREAK_DB_MAX_CONNECTIONS".into(), "5".into()),
        // Every test signs in from 127.0.0.1; the address limit has its own test.
        ("DAYBREAK_AUTH_IP_RATE".into(), "100000".into()),
    ]);
    for (k, v) in extra {
        env.insert((*k).into(), (*v).into());
    }
    Config::from_map(&env).expect("test config")
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(&[]).await
    }

    /// A server with extra settings.
    pub async fn spawn_with(extra: &[(&str, &str)]) -> Self {
        let (url, admin_url, dir) = test_database().await;
        Self::serve(url, admin_url, dir.map(std::sync::Arc::new), extra).await
    }

    /// Another server process's worth of state (its own pool, limits and caches) over this
    /// one's database: what a second instance behind a load balancer is.
    pub async fn second_instance(&self) -> Self {
        Self::serve(self.database_url.clone(), self.admin_url.clone(), self._dir.clone(), &[]).await
    }

    async fn serve(
        url: String,
        admin_url: String,
        dir: Option<std::sync::Arc<tempfile::TempDir>>,
        extra: &[(&str, &str)],
    ) -> Self {
        let config = test_config(&url, extra);
        let server_db = daybreak::core::db::connect(&config).await.expect("connect");
        let db = if url == admin_url {
            daybreak::core::db::migrate(&server_db).await.expect("migrate");
            server_db.clone()
        } else {
            // Postgres: the template is migrated; the tests look as its owner.
            let mut options = ConnectOptions::new(admin_url.clone());
            options.max_connections(2).sqlx_logging(false);
            Database::connect(options).await.expect("connect as the owner")
        };
        let state = AppState::new(server_db, config).expect("state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = daybreak::app(state);
        // The production accept loop: its header deadline and graceful shutdown are tested too.
        let stop = Arc::new(tokio::sync::Notify::new());
        let stopping = stop.clone();
        let stopped = tokio::spawn(async move {
            let shutdown = async move { stopping.notified().await };
            daybreak::http::serve::serve(listener, app, shutdown, SHUTDOWN_DRAIN).await;
        });
        Self {
            base: format!("http://{addr}"),
            http: reqwest::Client::new(),
            db,
            database_url: url,
            admin_url,
            _dir: dir,
            stop,
            stopped: Some(stopped),
        }
    }

    /// Shuts the server down as SIGTERM does (no new connections; requests in flight finish)
    /// and waits until its accept loop has ended.
    pub async fn shut_down(&mut self) {
        self.stop.notify_one();
        if let Some(stopped) = self.stopped.take() {
            stopped.await.expect("the accept loop ends");
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Answer {
        self.request_with(method, path, token, body, &[]).await
    }

    /// A request with extra headers (a cookie, an `X-Request-Id`).
    pub async fn request_with(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("request sent");
        Self::answer(response).await
    }

    pub async fn answer(response: reqwest::Response) -> Answer {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap_or_default();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer { status, headers, body }
    }

    /// A GET whose answer is not JSON (a PDF, a zip): status, headers and raw bytes.
    pub async fn get_bytes(
        &self,
        path: &str,
        token: &str,
    ) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .expect("request sent");
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, response.bytes().await.unwrap_or_default().to_vec())
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.request(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.request(Method::POST, path, Some(token), Some(&body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Answer {
        self.request(Method::PATCH, path, Some(token), Some(&body)).await
    }

    pub async fn post_anonymous(&self, path: &str, body: Value) -> Answer {
        self.request(Method::POST, path, None, Some(&body)).await
    }

    /// Sends raw bytes with a content type.
    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        Self::answer(request.send().await.unwrap()).await
    }

    /// Signs up a new practice; returns it with its owner signed in.
    pub async fn signup(&self, practice_name: &str) -> TestPractice {
        let email = format!("owner-{}@example.com", uuid::Uuid::new_v4().simple());
        let answer = self
            .post_anonymous(
                "/api/v1/auth/signup",
                json!({
                    "practice_name": practice_name,
                    "time_zone": "America/Chicago",
                    "name": "Olivia Owner",
                    "email": email,
                    "password": PASSWORD,
                }),
            )
            .await
            .expect(201);
        let owner = TestStaff {
            id: answer.body["user"]["id"].as_str().unwrap().to_owned(),
            email,
            access_token: answer.body["access_token"].as_str().unwrap().to_owned(),
            refresh_token: answer.body["refresh_token"].as_str().unwrap().to_owned(),
        };
        TestPractice { id: answer.body["practice"]["id"].as_str().unwrap().to_owned(), owner }
    }

    pub async fn login(&self, email: &str, password: &str) -> Answer {
        self.post_anonymous("/api/v1/auth/login", json!({ "email": email, "password": password }))
            .await
    }
}

pub struct TestPractice {
    pub id: String,
    pub owner: TestStaff,
}

#[derive(Clone, Debug)]
pub struct TestStaff {
    pub id: String,
    pub email: String,
    pub access_token: String,
    pub refresh_token: String,
}

impl TestStaff {
    pub fn token(&self) -> &str {
        &self.access_token
    }
}

impl TestPractice {
    /// The owner adds a member with `role`, who then signs in.
    pub async fn add_staff(&self, app: &TestApp, role: &str) -> TestStaff {
        let email = format!("{role}-{}@example.com", uuid::Uuid::new_v4().simple());
        let created = app
            .post(
                "/api/v1/staff",
                self.owner.token(),
                json!({ "name": format!("Test {role}"), "email": email, "role": role, "password": PASSWORD }),
            )
            .await
            .expect(201);
        let login = app.login(&email, PASSWORD).await.expect(200);
        TestStaff {
            id: created.body["id"].as_str().unwrap().to_owned(),
            email,
            access_token: login.body["access_token"].as_str().unwrap().to_owned(),
            refresh_token: login.body["refresh_token"].as_str().unwrap().to_owned(),
        }
    }

    /// A client created by `by` (assigned to `clinician` when given).
    pub async fn add_client(
        &self,
        app: &TestApp,
        by: &TestStaff,
        first_name: &str,
        clinician: Option<&TestStaff>,
    ) -> Value {
        let mut body = json!({
            "first_name": first_name,
            "last_name": "Testperson",
            "date_of_birth": "1990-05-01",
            "primary_substance": "alcohol",
            "recovery_start_date": "2026-01-01",
        });
        if let Some(c) = clinician {
            body["clinician_id"] = json!(c.id);
        }
        app.post("/api/v1/clients", by.token(), body).await.expect(201).body
    }
}

impl TestApp {
    /// Whether the database refuses `sql` from the server itself: on Postgres as the server's
    /// own role inside `practice_id` (the owner could do anything), on SQLite through its
    /// triggers. Each statement runs in a transaction that is rolled back.
    pub async fn server_refuses(&self, practice_id: &str, sql: &str) -> bool {
        use sea_orm::TransactionTrait;
        let postgres = self.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
        let db = if postgres {
            let mut options = ConnectOptions::new(self.database_url.clone());
            options.max_connections(1).sqlx_logging(false);
            Database::connect(options).await.expect("connect as the server's role")
        } else {
            self.db.clone()
        };
        let txn = db.begin().await.unwrap();
        if postgres {
            let set = format!("SELECT set_config('app.practice_id', '{practice_id}', true)");
            txn.execute_unprepared(&set).await.unwrap();
        }
        let refused = txn.execute_unprepared(sql).await.is_err();
        txn.rollback().await.ok();
        refused
    }
}
