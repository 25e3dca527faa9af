//! Connecting to SQLite or Postgres, and applying the migration crate's schema.

use std::{sync::Arc, time::Duration};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnAcquireErr, ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr, Statement,
    TransactionTrait, sqlx,
};
use sea_query_sqlx::SqlxValues;
use uuid::Uuid;

use crate::core::config::{Config, sqlite_path};

/// Opens the pool. SQLite gets WAL and a busy timeout; the pool answers quickly (503) when
/// the database is unreachable instead of hanging.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, String> {
    if config.is_sqlite()
        && let Some(path) = sqlite_path(&config.database_url)
        && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("DATABASE_URL: cannot create {}: {e}", dir.display()))?;
    }
    if config.is_sqlite()
        && let Some(path) = sqlite_path(&config.database_url)
    {
        create_private(&path)
            .map_err(|e| format!("DATABASE_URL: cannot create {}: {e}", path.display()))?;
    }
    let mut options = ConnectOptions::new(config.database_url.clone());
    options
        .max_connections(if config.is_sqlite() { 1 } else { config.db_max_connections })
        .min_connections(if config.is_sqlite() { 1 } else { 0 })
        .connect_timeout(Duration::from_secs(3))
        .acquire_timeout(Duration::from_secs(3))
        .idle_timeout(Duration::from_secs(300))
        // Ping a pooled connection only after it sat idle for a while: a ping on every use
        // was a round trip per statement outside a transaction (bench/README.md). A busy
        // connection that died fails its query with a 503 and is dropped.
        .test_before_acquire_if_idle_for(Duration::from_secs(5))
        .sqlx_logging(false)
        // Generic plans for our prepared statements, planned once per connection: every
        // query names its practice and walks an index, so a plan does not depend on the
        // values bound. With the default (`auto`), Postgres kept planning several of them
        // anew on each execution, a large share of its CPU under load; generic plans raised
        // the throughput of the heaviest reads (bench/README.md). A condition a partial index depends on must then be written as a
        // bare column (`used`, `pending`), not bound. `bench/generic_plans.py` checks the
        // plans the server runs.
        .map_sqlx_postgres_opts(|opts| opts.options([("plan_cache_mode", "force_generic_plan")]));
    let db = Database::connect(options)
        .await
        .map_err(|e| format!("DATABASE_URL: cannot connect ({e})"))?;
    if config.is_sqlite() {
        // One connection serialises writers, so SQLite never answers "database is locked".
        for pragma in
            ["PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 5000", "PRAGMA foreign_keys = ON"]
        {
            db.execute_unprepared(pragma).await.map_err(|e| format!("DATABASE_URL: {e}"))?;
        }
    }
    Ok(db)
}

/// Creates a new SQLite file readable by its owner only (it holds PHI; SQLite gives its WAL
/// and shared-memory files the same mode). An existing file is left as it is.
fn create_private(path: &std::path::Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Starts a transaction in one practice. On Postgres, row-level security then shows and
/// accepts that practice's rows only, until the transaction ends (`set_config(..., true)`:
/// nothing carries over to the next user of the pooled connection). On Postgres the
/// `BEGIN` and the setting travel together, in one round trip (`Txn`).
pub async fn begin_in(db: &DatabaseConnection, practice_id: Uuid) -> Result<Txn, DbErr> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        return Txn::begin_postgres(db, "app.practice_id", &practice_id.to_string()).await;
    }
    Ok(Txn::Orm(db.begin().await?))
}

/// Sets the practice of the current transaction (Postgres; SQLite has no second wall).
pub async fn set_practice(conn: &impl ConnectionTrait, practice_id: Uuid) -> Result<(), DbErr> {
    set_local(conn, "app.practice_id", &practice_id.to_string()).await
}

/// A lookup that must find a row before its practice is known, each limited by policy to
/// the rows matching what the caller presents (migration `m20261202_000007`).
#[derive(Clone, Copy, Debug)]
pub enum Lookup {
    /// Signing in: the staff rows with this e-mail.
    SignInEmail,
    /// A refresh token or a self-report link: the row with this token hash.
    TokenHash,
}

/// Starts a transaction that can find the rows matching `value` before their practice is
/// known (`set_practice` once it is).
pub async fn begin_lookup(
    db: &DatabaseConnection,
    lookup: Lookup,
    value: &str,
) -> Result<Txn, DbErr> {
    if db.get_database_backend() == DatabaseBackend::Postgres
        && let Lookup::TokenHash = lookup
        && Txn::literal_safe(value)
    {
        return Txn::begin_postgres(db, "app.token_hash", value).await;
    }
    let txn = Txn::Orm(db.begin().await?);
    set_lookup(&txn, lookup, value).await?;
    Ok(txn)
}

/// Lets the current transaction find the rows matching `value` (Postgres).
pub async fn set_lookup(
    conn: &impl ConnectionTrait,
    lookup: Lookup,
    value: &str,
) -> Result<(), DbErr> {
    let name = match lookup {
        Lookup::SignInEmail => "app.sign_in_email",
        Lookup::TokenHash => "app.token_hash",
    };
    set_local(conn, name, value).await
}

async fn set_local(conn: &impl ConnectionTrait, name: &str, value: &str) -> Result<(), DbErr> {
    if conn.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    conn.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT set_config($1, $2, true)",
        [name.into(), value.into()],
    ))
    .await?;
    Ok(())
}

/// A database transaction. On Postgres it is begun by hand (`BEGIN` and the practice's
/// setting sent together as one simple query: a round trip less on every request than
/// sea-orm's `begin()` followed by a `set_config`); elsewhere it is sea-orm's own. Both run
/// every sea-orm query (`ConnectionTrait`); dropping one uncommitted rolls it back.
pub enum Txn {
    Orm(DatabaseTransaction),
    Postgres(tokio::sync::Mutex<sqlx::Transaction<'static, sqlx::Postgres>>),
}

fn query_err(e: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(Arc::new(e)))
}

fn exec_err(e: sqlx::Error) -> DbErr {
    DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e)))
}

impl Txn {
    /// Whether a value can be written into SQL as a literal as it is: a uuid or a hex hash.
    fn literal_safe(value: &str) -> bool {
        value.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
    }

    /// `BEGIN; SELECT set_config(name, value, true)` in one round trip (a simple query, so
    /// without parameters: `value` must be `literal_safe`, which a uuid or a hash is).
    async fn begin_postgres(
        db: &DatabaseConnection,
        name: &str,
        value: &str,
    ) -> Result<Self, DbErr> {
        if !Self::literal_safe(value)
            || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_')
        {
            return Err(DbErr::Custom(format!("{name}: not a setting to write into SQL")));
        }
        let sql = format!("BEGIN; SELECT set_config('{name}', '{value}', true)");
        let txn =
            db.get_postgres_connection_pool().begin_with(sqlx::AssertSqlSafe(sql)).await.map_err(
                |e| match e {
                    sqlx::Error::PoolTimedOut => DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
                    sqlx::Error::PoolClosed => {
                        DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed)
                    }
                    e => query_err(e),
                },
            )?;
        Ok(Self::Postgres(tokio::sync::Mutex::new(txn)))
    }

    pub async fn commit(self) -> Result<(), DbErr> {
        match self {
            Self::Orm(txn) => txn.commit().await,
            Self::Postgres(txn) => txn.into_inner().commit().await.map_err(exec_err),
        }
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        match self {
            Self::Orm(txn) => txn.rollback().await,
            Self::Postgres(txn) => txn.into_inner().rollback().await.map_err(exec_err),
        }
    }
}

fn sqlx_statement(stmt: &Statement) -> sqlx::query::Query<'_, sqlx::Postgres, SqlxValues> {
    let values = stmt.values.clone().unwrap_or(sea_orm::sea_query::Values(Vec::new()));
    sqlx::query_with(sqlx::AssertSqlSafe(stmt.sql.as_str()), SqlxValues(values))
}

#[async_trait::async_trait]
impl ConnectionTrait for Txn {
    fn get_database_backend(&self) -> DbBackend {
        match self {
            Self::Orm(txn) => txn.get_database_backend(),
            Self::Postgres(_) => DbBackend::Postgres,
        }
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match self {
            Self::Orm(txn) => txn.execute_raw(stmt).await,
            Self::Postgres(txn) => {
                let mut txn = txn.lock().await;
                let done = sqlx_statement(&stmt).execute(&mut **txn).await.map_err(exec_err)?;
                Ok(done.into())
            }
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match self {
            Self::Orm(txn) => txn.execute_unprepared(sql).await,
            Self::Postgres(txn) => {
                let mut txn = txn.lock().await;
                let done = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                    .execute(&mut **txn)
                    .await
                    .map_err(exec_err)?;
                Ok(done.into())
            }
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match self {
            Self::Orm(txn) => txn.query_one_raw(stmt).await,
            Self::Postgres(txn) => {
                let mut txn = txn.lock().await;
                let row =
                    sqlx_statement(&stmt).fetch_optional(&mut **txn).await.map_err(query_err)?;
                Ok(row.map(Into::into))
            }
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self {
            Self::Orm(txn) => txn.query_all_raw(stmt).await,
            Self::Postgres(txn) => {
                let mut txn = txn.lock().await;
                let rows = sqlx_statement(&stmt).fetch_all(&mut **txn).await.map_err(query_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }
        }
    }

    fn support_returning(&self) -> bool {
        match self {
            Self::Orm(txn) => txn.support_returning(),
            Self::Postgres(_) => true,
        }
    }
}

/// The statement that finds a row (first in a lookup transaction) also sets the transaction's
/// practice to the row's, from `practice_column` ("table.practice_id"), for the statements
/// after it: on Postgres a round trip less than a `set_practice` of its own. SQLite has no
/// row-level security to set it for.
pub fn setting_practice_from<E: sea_orm::EntityTrait>(
    conn: &impl ConnectionTrait,
    query: sea_orm::Select<E>,
    practice_column: &'static str,
) -> sea_orm::Select<E> {
    use sea_orm::{QuerySelect, sea_query::Expr};
    if conn.get_database_backend() != DatabaseBackend::Postgres {
        return query;
    }
    let set = format!("set_config('app.practice_id', {practice_column}::text, true)");
    query.expr_as(Expr::cust(set), "practice_set")
}

/// Whether this connection sees every practice's rows: SQLite always; on Postgres only a role
/// that escapes row-level security (any other would see none, and "nothing found" must
/// never read as "nothing there").
pub async fn sees_every_practice(db: &DatabaseConnection) -> Result<bool, DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(true);
    }
    bypasses_row_security(db).await
}

/// Whether the connected role escapes row-level security (superuser or BYPASSRLS): the
/// server warns at start, since the second wall would not hold for it.
pub async fn bypasses_row_security(db: &DatabaseConnection) -> Result<bool, DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(false);
    }
    let row = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT (rolsuper OR rolbypassrls) AS bypass FROM pg_roles WHERE rolname = current_user",
        ))
        .await?;
    Ok(row.map(|r| r.try_get::<bool>("", "bypass")).transpose()?.unwrap_or(false))
}

/// Applies every pending migration.
/// Nothing pending is checked read-only first, so the server's own role (which may not
/// change the schema on Postgres) starts when the owner has already migrated.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), String> {
    let pending = Migrator::get_pending_migrations_read_only(db)
        .await
        .map_err(|e| format!("cannot read the applied migrations: {e}"))?;
    if pending.is_empty() {
        return Ok(());
    }
    Migrator::up(db, None).await.map_err(|e| {
        let hint = if e.to_string().contains("permission denied") {
            " (this role may not change the schema: set DAYBREAK_MIGRATE_DATABASE_URL to the \
             owner's URL, docs/operations.md)"
        } else {
            ""
        };
        format!("migration failed: {e}{hint}")
    })
}

#[cfg(all(test, unix))]
mod tests {
    use std::{collections::HashMap, os::unix::fs::PermissionsExt};

    use sea_orm::ConnectionTrait;

    use crate::core::config::Config;

    #[tokio::test]
    async fn a_new_sqlite_database_and_its_wal_are_readable_by_their_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/daybreak.db");
        let env = HashMap::from([(
            "DATABASE_URL".to_owned(),
            format!("sqlite://{}?mode=rwc", path.display()),
        )]);
        let config = Config::from_map(&env).unwrap();
        let db = super::connect(&config).await.unwrap();
        db.execute_unprepared("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)")
            .await
            .unwrap();
        for file in [path.clone(), path.with_extension("db-wal")] {
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{} is {mode:o}", file.display());
        }
    }
}
