//! The trust review's schema changes.
//!
//! - A self-report link belongs to the phone that first opens it: the first open claims it
//!   and the server keeps the SHA-256 of a device secret that only that browser holds (an
//!   HttpOnly cookie). After the claim the bare token opens nothing; staff see when it was
//!   claimed. Existing links are unclaimed: their client claims them on the next open.
//! - The per-account sign-in throttle reserves an attempt before the password is hashed,
//!   with a compare-and-swap on a `version`, so parallel attempts cannot outrun the lock.

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
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, LoginThrottles::Table, LoginThrottles::Version).await?;
        drop(manager, SelfReportLinks::Table, SelfReportLinks::DeviceSecretHash).await?;
        drop(manager, SelfReportLinks::Table, SelfReportLinks::ClaimedAt).await
    }
}
