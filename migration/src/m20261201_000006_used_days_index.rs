//! A partial index on the days a client used: the client list's clean time ("the last day
//! used") and the progress endpoint's "used days before the period" become a probe among
//! the use days instead of a walk through years of daily check-ins.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The same statement on Postgres and SQLite (both have partial indexes).
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_check_ins_used_days ON check_ins (practice_id, client_id, day) WHERE used",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP INDEX ix_check_ins_used_days").await?;
        Ok(())
    }
}
