//! Self-report links (only the token's SHA-256 hash is kept), measure schedules and
//! measure results (PHQ-9, GAD-7).

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::{index, tenant_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Staff {
    Table,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
}

#[derive(DeriveIden)]
enum SelfReportLinks {
    Table,
    PracticeId,
    Id,
    ClientId,
    TokenHash,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    RevokedBy,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum MeasureSchedules {
    Table,
    PracticeId,
    Id,
    ClientId,
    Code,
    EveryDays,
    Active,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MeasureResults {
    Table,
    PracticeId,
    Id,
    ClientId,
    Code,
    CompletedOn,
    Answers,
    Total,
    Band,
    Alert,
    LinkId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SelfReportLinks::Table)
                    .col(uuid(SelfReportLinks::PracticeId))
                    .col(uuid(SelfReportLinks::Id))
                    .col(uuid(SelfReportLinks::ClientId))
                    .col(string(SelfReportLinks::TokenHash))
                    .col(uuid(SelfReportLinks::CreatedBy))
                    .col(timestamp_with_time_zone(SelfReportLinks::CreatedAt))
                    .col(timestamp_with_time_zone(SelfReportLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(SelfReportLinks::RevokedAt))
                    .col(uuid_null(SelfReportLinks::RevokedBy))
                    .col(timestamp_with_time_zone_null(SelfReportLinks::LastUsedAt))
                    .primary_key(
                        Index::create().col(SelfReportLinks::PracticeId).col(SelfReportLinks::Id),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_self_report_links_client",
                        SelfReportLinks::Table,
                        SelfReportLinks::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_self_report_links_creator",
                        SelfReportLinks::Table,
                        SelfReportLinks::CreatedBy,
                        Staff::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_self_report_links_revoker",
                        SelfReportLinks::Table,
                        SelfReportLinks::RevokedBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        // A token is looked up by its hash alone: the link says which practice it is in.
        index(
            manager,
            "ux_self_report_links_token_hash",
            SelfReportLinks::Table,
            vec![SelfReportLinks::TokenHash.into_iden()],
            true,
        )
        .await?;
        index(
            manager,
            "ix_self_report_links_client",
            SelfReportLinks::Table,
            vec![SelfReportLinks::PracticeId.into_iden(), SelfReportLinks::ClientId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(MeasureSchedules::Table)
                    .col(uuid(MeasureSchedules::PracticeId))
                    .col(uuid(MeasureSchedules::Id))
                    .col(uuid(MeasureSchedules::ClientId))
                    .col(string(MeasureSchedules::Code))
                    .col(integer(MeasureSchedules::EveryDays))
                    .col(boolean(MeasureSchedules::Active))
                    .col(uuid(MeasureSchedules::CreatedBy))
                    .col(timestamp_with_time_zone(MeasureSchedules::CreatedAt))
                    .col(timestamp_with_time_zone(MeasureSchedules::UpdatedAt))
                    .primary_key(
                        Index::create().col(MeasureSchedules::PracticeId).col(MeasureSchedules::Id),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_measure_schedules_client",
                        MeasureSchedules::Table,
                        MeasureSchedules::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_measure_schedules_creator",
                        MeasureSchedules::Table,
                        MeasureSchedules::CreatedBy,
                        Staff::Table,
                    ))
                    .check(Expr::col(MeasureSchedules::Code).is_in(["phq9", "gad7"]))
                    .check(Expr::col(MeasureSchedules::EveryDays).is_in([7, 14, 30]))
                    .to_owned(),
            )
            .await?;
        // One schedule row per client and measure; stopping it sets `active` to false.
        index(
            manager,
            "ux_measure_schedules_client_code",
            MeasureSchedules::Table,
            vec![
                MeasureSchedules::PracticeId.into_iden(),
                MeasureSchedules::ClientId.into_iden(),
                MeasureSchedules::Code.into_iden(),
            ],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(MeasureResults::Table)
                    .col(uuid(MeasureResults::PracticeId))
                    .col(uuid(MeasureResults::Id))
                    .col(uuid(MeasureResults::ClientId))
                    .col(string(MeasureResults::Code))
                    .col(date(MeasureResults::CompletedOn))
                    .col(json_binary(MeasureResults::Answers))
                    .col(integer(MeasureResults::Total))
                    .col(string(MeasureResults::Band))
                    .col(boolean(MeasureResults::Alert))
                    .col(uuid_null(MeasureResults::LinkId))
                    .col(timestamp_with_time_zone(MeasureResults::CreatedAt))
                    .primary_key(
                        Index::create().col(MeasureResults::PracticeId).col(MeasureResults::Id),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_measure_results_client",
                        MeasureResults::Table,
                        MeasureResults::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_measure_results_link",
                        MeasureResults::Table,
                        MeasureResults::LinkId,
                        SelfReportLinks::Table,
                    ))
                    .check(Expr::col(MeasureResults::Code).is_in(["phq9", "gad7"]))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_measure_results_client_code_completed",
            MeasureResults::Table,
            vec![
                MeasureResults::PracticeId.into_iden(),
                MeasureResults::ClientId.into_iden(),
                MeasureResults::Code.into_iden(),
                MeasureResults::CompletedOn.into_iden(),
            ],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MeasureResults::Table.into_iden(),
            MeasureSchedules::Table.into_iden(),
            SelfReportLinks::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
