//! The trust review's schema changes.
//!
//! - A self-report link belongs to the phone that first opens it: the first open claims it
//!   and the server keeps the SHA-256 of a device secret that only that browser holds (an
//!   HttpOnly cookie). After the claim the bare token opens nothing; staff see when it was
//!   claimed. Existing links are unclaimed: their client claims them on the next open.
//! - The per-account sign-in throttle reserves an attempt before the password is hashed,
//!   with a compare-and-swap on a `version`, so parallel attempts cannot outrun the lock.
//! - An e-mail address is unique within a practice, not across practices: one person may
//!   belong to two practices, and nothing answered to one practice reveals that an address
//!   exists in another. Every unique key now holds `practice_id` (so the schema can be
//!   distributed by practice); the cross-practice lookups (the e-mail at sign-in, the hash of
//!   a refresh token or of a self-report link) use plain indexes on those columns.
//! - A member runs one month-end export at a time (a partial unique index).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SelfReportLinks {
    Table,
    ClaimedAt,
    DeviceSecretHash,
}

#[derive(DeriveIden)]
enum LoginThrottles {
    Table,
    Version,
}

/// Each unique key that did not hold the practice: (name, table, column) and its
/// replacements, a unique key with the practice and a plain index for the lookup.
const REKEYED: [(&str, &str, &str); 3] = [
    ("ux_staff_email", "staff", "email"),
    ("ux_refresh_tokens_hash", "refresh_tokens", "token_hash"),
    ("ux_self_report_links_token_hash", "self_report_links", "token_hash"),
];

/// SQLite takes one column per ALTER TABLE.
async fn add(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).add_column(column).to_owned()).await
}

async fn drop(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).drop_column(column).to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add(
            manager,
            SelfReportLinks::Table,
            ColumnDef::new(SelfReportLinks::ClaimedAt).timestamp_with_time_zone().null().to_owned(),
        )
        .await?;
        add(
            manager,
            SelfReportLinks::Table,
            ColumnDef::new(SelfReportLinks::DeviceSecretHash).string().null().to_owned(),
        )
        .await?;
        add(
            manager,
            LoginThrottles::Table,
            ColumnDef::new(LoginThrottles::Version).integer().not_null().default(0).to_owned(),
        )
        .await?;
        // The same statements on Postgres and SQLite.
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_report_exports_running ON report_exports \
             (practice_id, requested_by) WHERE status = 'running'",
        )
        .await?;
        for (old, table, column) in REKEYED {
            db.execute_unprepared(&format!("DROP INDEX {old}")).await?;
            db.execute_unprepared(&format!(
                "CREATE UNIQUE INDEX ux_{table}_practice_{column} ON {table} (practice_id, {column})"
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE INDEX ix_{table}_{column} ON {table} ({column})"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX ux_report_exports_running").await?;
        for (old, table, column) in REKEYED {
            db.execute_unprepared(&format!("DROP INDEX ix_{table}_{column}")).await?;
            db.execute_unprepared(&format!("DROP INDEX ux_{table}_practice_{column}")).await?;
            db.execute_unprepared(&format!("CREATE UNIQUE INDEX {old} ON {table} ({column})"))
                .await?;
        }
        drop(manager, LoginThrottles::Table, LoginThrottles::Version).await?;
        drop(manager, SelfReportLinks::Table, SelfReportLinks::DeviceSecretHash).await?;
        drop(manager, SelfReportLinks::Table, SelfReportLinks::ClaimedAt).await
    }
}
