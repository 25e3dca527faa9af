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

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), String> {
    Migrator::up(db, None).await.map_err(|e| format!("migration failed: {e}"))
}
