//! The client's own plans: a relapse-prevention plan and a safety plan, written by the clinician
//! with the client. Each save is a new row (`version` 1, 2, …; unique per client and kind), so
//! a plan is never overwritten and every earlier version stays readable. Keyed by practice,
//! with row-level security; the server's role may read and insert, nothing else.
//!
//! A relapse episode may record, against the plan in force, which of the client's listed
//! warning signs were present and whether the plan's steps were tried.

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::{index, tenant_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Clients {
    Table,
}

#[derive(DeriveIden)]
enum Staff {
    Table,
}

#[derive(DeriveIden)]
enum ClientPlans {
    Table,
    PracticeId,
    Id,
    ClientId,
    Kind,
    Version,
    Content,
    Enabled,
    WrittenBy,
    WrittenAt,
}

#[derive(DeriveIden)]
enum RelapseEpisodes {
    Table,
    PlanVersion,
    WarningSignsPresent,
    PlanStepsTried,
}

const POSTGRES_UP: &str = r#"
ALTER TABLE client_plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_plans FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON client_plans USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON client_plans FROM daybreak_app;
GRANT SELECT, INSERT ON client_plans TO daybreak_app;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ClientPlans::Table)
                    .col(uuid(ClientPlans::PracticeId))
                    .col(uuid(ClientPlans::Id))
                    .col(uuid(ClientPlans::ClientId))
                    .col(string(ClientPlans::Kind).check(
                        Expr::col(ClientPlans::Kind).is_in(["relapse_prevention", "safety"]),
                    ))
                    .col(
                        integer(ClientPlans::Version).check(Expr::col(ClientPlans::Version).gte(1)),
                    )
                    .col(json(ClientPlans::Content))
                    .col(boolean(ClientPlans::Enabled))
                    .col(uuid(ClientPlans::WrittenBy))
                    .col(timestamp_with_time_zone(ClientPlans::WrittenAt))
                    .primary_key(Index::create().col(ClientPlans::PracticeId).col(ClientPlans::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_client_plans_client",
                        ClientPlans::Table,
                        ClientPlans::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_client_plans_writer",
                        ClientPlans::Table,
                        ClientPlans::WrittenBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        // One row per version: two saves made from the same version cannot both become the
        // next one (the second is refused, and its writer sees the first).
        index(
            manager,
            "ux_client_plans_version",
            ClientPlans::Table,
            vec![
                ClientPlans::PracticeId.into_iden(),
                ClientPlans::ClientId.into_iden(),
                ClientPlans::Kind.into_iden(),
                ClientPlans::Version.into_iden(),
            ],
            true,
        )
        .await?;
        for column in [
            ColumnDef::new(RelapseEpisodes::PlanVersion).integer().null().to_owned(),
            ColumnDef::new(RelapseEpisodes::WarningSignsPresent).json().null().to_owned(),
            ColumnDef::new(RelapseEpisodes::PlanStepsTried)
                .string()
                .null()
                .check(
                    Expr::col(RelapseEpisodes::PlanStepsTried)
                        .is_in(["yes", "partly", "no"])
                        .or(Expr::col(RelapseEpisodes::PlanStepsTried).is_null()),
                )
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter().table(RelapseEpisodes::Table).add_column(column).to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            db.execute_unprepared(POSTGRES_UP).await?;
        } else {
            // SQLite has no grants: triggers keep every version as it was written.
            db.execute_unprepared(
                "CREATE TRIGGER client_plans_kept BEFORE UPDATE ON client_plans BEGIN \
                 SELECT RAISE(ABORT, 'client_plans rows are append-only'); END",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER client_plans_no_delete BEFORE DELETE ON client_plans BEGIN \
                 SELECT RAISE(ABORT, 'client_plans rows are append-only'); END",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            RelapseEpisodes::PlanStepsTried,
            RelapseEpisodes::WarningSignsPresent,
            RelapseEpisodes::PlanVersion,
        ] {
            manager
                .alter_table(
                    Table::alter().table(RelapseEpisodes::Table).drop_column(column).to_owned(),
                )
                .await?;
        }
        manager.drop_table(Table::drop().table(ClientPlans::Table).to_owned()).await
    }
}
