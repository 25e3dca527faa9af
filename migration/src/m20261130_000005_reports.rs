//! Progress reports: the practice's paper size, and month-end exports (a background job per
//! request, its progress, and the finished zip until it expires).

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::{index, tenant_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Practices {
    Table,
    ReportPaper,
}

#[derive(DeriveIden)]
enum Staff {
    Table,
}

#[derive(DeriveIden)]
enum ReportExports {
    Table,
    PracticeId,
    Id,
    RequestedBy,
    FromDay,
    ToDay,
    IncludeNotes,
    Recipient,
    Purpose,
    Status,
    Total,
    Done,
    Error,
    Archive,
    ArchiveBytes,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Practices::Table)
                    .add_column(string(Practices::ReportPaper).default("letter"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReportExports::Table)
                    .col(uuid(ReportExports::PracticeId))
                    .col(uuid(ReportExports::Id))
                    .col(uuid(ReportExports::RequestedBy))
                    .col(date(ReportExports::FromDay))
                    .col(date(ReportExports::ToDay))
                    .col(boolean(ReportExports::IncludeNotes))
                    .col(string_null(ReportExports::Recipient))
                    .col(string_null(ReportExports::Purpose))
                    .col(string(ReportExports::Status))
                    .col(integer(ReportExports::Total))
                    .col(integer(ReportExports::Done))
                    .col(string_null(ReportExports::Error))
                    .col(binary_null(ReportExports::Archive))
                    .col(big_integer(ReportExports::ArchiveBytes).default(0))
                    .col(timestamp_with_time_zone(ReportExports::CreatedAt))
                    .col(timestamp_with_time_zone(ReportExports::UpdatedAt))
                    .col(timestamp_with_time_zone_null(ReportExports::FinishedAt))
                    .col(timestamp_with_time_zone(ReportExports::ExpiresAt))
                    .primary_key(
                        Index::create().col(ReportExports::PracticeId).col(ReportExports::Id),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_report_exports_requester",
                        ReportExports::Table,
                        ReportExports::RequestedBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_report_exports_requester",
            ReportExports::Table,
            vec![
                ReportExports::PracticeId.into_iden(),
                ReportExports::RequestedBy.into_iden(),
                ReportExports::CreatedAt.into_iden(),
            ],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ReportExports::Table).to_owned()).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Practices::Table)
                    .drop_column(Practices::ReportPaper)
                    .to_owned(),
            )
            .await
    }
}
