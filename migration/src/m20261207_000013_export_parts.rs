//! A month-end export's zip is written to a temporary file while its reports render (not held
//! in memory), then stored in parts of at most 1 MiB, and sent part by part when downloaded:
//! a large practice's export never sits in the server's memory whole. The parts go when the
//! export expires (they are a copy of reports whose disclosures are in the audit log).

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::tenant_fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportExports {
    Table,
}

#[derive(DeriveIden)]
enum ReportExportParts {
    Table,
    PracticeId,
    ExportId,
    Seq,
    Bytes,
}

const POSTGRES_UP: &str = r#"
ALTER TABLE report_export_parts ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_export_parts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON report_export_parts USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON report_export_parts FROM daybreak_app;
GRANT SELECT, INSERT, DELETE ON report_export_parts TO daybreak_app;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReportExportParts::Table)
                    .col(uuid(ReportExportParts::PracticeId))
                    .col(uuid(ReportExportParts::ExportId))
                    .col(integer(ReportExportParts::Seq))
                    .col(binary(ReportExportParts::Bytes))
                    .primary_key(
                        Index::create()
                            .col(ReportExportParts::PracticeId)
                            .col(ReportExportParts::ExportId)
                            .col(ReportExportParts::Seq),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_report_export_parts_export",
                        ReportExportParts::Table,
                        ReportExportParts::ExportId,
                        ReportExports::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            manager.get_connection().execute_unprepared(POSTGRES_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ReportExportParts::Table).to_owned()).await
    }
}
