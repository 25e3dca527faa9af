//! Connecting to SQLite or Postgres, and applying the migration crate's schema.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, DbErr, Statement, TransactionTrait,
};
use uuid::Uuid;

use crate::config::{Config, sqlite_path};

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
        // was a round trip per statement outside a transaction (4 of a progress read's 16,
        // bench/load). A busy connection that died fails its query with a 503 and is dropped.
        .test_before_acquire_if_idle_for(Duration::from_secs(5))
        .sqlx_logging(false);
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
/// nothing carries over to the next user of the pooled connection).
pub async fn begin_in(
    db: &DatabaseConnection,
    practice_id: Uuid,
) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    set_practice(&txn, practice_id).await?;
    Ok(txn)
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
) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
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

    use crate::config::Config;

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
