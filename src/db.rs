//! Connecting to SQLite or Postgres, and applying the migration crate's schema.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

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

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), String> {
    Migrator::up(db, None).await.map_err(|e| format!("migration failed: {e}"))
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
