//! A self-report link belongs to the phone that first opens it: the first open claims it
//! and the server keeps the SHA-256 of a device secret that only that browser holds (an
//! HttpOnly cookie). After the claim the bare token opens nothing; staff see when it was
//! claimed. Existing links are unclaimed: their client claims them on the next open.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SelfReportLinks {
    Table,
    ClaimedAt,
    DeviceSecretHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(SelfReportLinks::Table)
                    .add_column(
                        ColumnDef::new(SelfReportLinks::ClaimedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SelfReportLinks::Table)
                    .add_column(ColumnDef::new(SelfReportLinks::DeviceSecretHash).string().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [SelfReportLinks::DeviceSecretHash, SelfReportLinks::ClaimedAt] {
            manager
                .alter_table(
                    Table::alter().table(SelfReportLinks::Table).drop_column(column).to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
