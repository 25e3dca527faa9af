//! Part 2 consents: a client's written consent to disclose their record, recorded once and
//! never edited (a change is a new consent); revocation is the one later change. Keyed by
//! practice, with row-level security and the server's role allowed to read, insert and record
//! a revocation, nothing else (no DELETE, no other UPDATE).
//!
//! A month-end export goes out under the consents naming one recipient, or stays inside the
//! practice (`consent_recipient` null): the clients left out, and why, are kept with it.

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
enum ConsentDocuments {
    Table,
    PracticeId,
    ConsentId,
    ContentType,
    Bytes,
    UploadedBy,
    UploadedAt,
}

#[derive(DeriveIden)]
enum ReportExports {
    Table,
    ConsentRecipient,
    LeftOut,
}

#[derive(DeriveIden)]
enum Consents {
    Table,
    PracticeId,
    Id,
    ClientId,
    Recipient,
    Purpose,
    Information,
    IncludesNotes,
    ExpiresOn,
    ExpiryEvent,
    SignedOn,
    RecordedBy,
    RecordedAt,
    RevokedOn,
    RevokedBy,
    RevokedAt,
    Version,
}

const POSTGRES_UP: &str = r#"
ALTER TABLE consents ENABLE ROW LEVEL SECURITY;
ALTER TABLE consents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON consents USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON consents FROM daybreak_app;
GRANT SELECT, INSERT ON consents TO daybreak_app;
GRANT UPDATE (revoked_on, revoked_by, revoked_at, version) ON consents TO daybreak_app;
ALTER TABLE consent_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE consent_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON consent_documents USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON consent_documents FROM daybreak_app;
GRANT SELECT, INSERT ON consent_documents TO daybreak_app;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Consents::Table)
                    .col(uuid(Consents::PracticeId))
                    .col(uuid(Consents::Id))
                    .col(uuid(Consents::ClientId))
                    .col(string(Consents::Recipient))
                    .col(string(Consents::Purpose))
                    .col(string(Consents::Information))
                    .col(boolean(Consents::IncludesNotes))
                    .col(date_null(Consents::ExpiresOn))
                    .col(string_null(Consents::ExpiryEvent))
                    .col(date(Consents::SignedOn))
                    .col(uuid(Consents::RecordedBy))
                    .col(timestamp_with_time_zone(Consents::RecordedAt))
                    .col(date_null(Consents::RevokedOn))
                    .col(uuid_null(Consents::RevokedBy))
                    .col(timestamp_with_time_zone_null(Consents::RevokedAt))
                    .col(integer(Consents::Version))
                    .primary_key(Index::create().col(Consents::PracticeId).col(Consents::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_consents_client",
                        Consents::Table,
                        Consents::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_consents_recorder",
                        Consents::Table,
                        Consents::RecordedBy,
                        Staff::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_consents_revoker",
                        Consents::Table,
                        Consents::RevokedBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_consents_client",
            Consents::Table,
            vec![
                Consents::PracticeId.into_iden(),
                Consents::ClientId.into_iden(),
                Consents::SignedOn.into_iden(),
            ],
            false,
        )
        .await?;
        // The signed paper (a PDF or a photo), attached once and never replaced.
        manager
            .create_table(
                Table::create()
                    .table(ConsentDocuments::Table)
                    .col(uuid(ConsentDocuments::PracticeId))
                    .col(uuid(ConsentDocuments::ConsentId))
                    .col(string(ConsentDocuments::ContentType))
                    .col(binary(ConsentDocuments::Bytes))
                    .col(uuid(ConsentDocuments::UploadedBy))
                    .col(timestamp_with_time_zone(ConsentDocuments::UploadedAt))
                    .primary_key(
                        Index::create()
                            .col(ConsentDocuments::PracticeId)
                            .col(ConsentDocuments::ConsentId),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_consent_documents_consent",
                        ConsentDocuments::Table,
                        ConsentDocuments::ConsentId,
                        Consents::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_consent_documents_uploader",
                        ConsentDocuments::Table,
                        ConsentDocuments::UploadedBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(ReportExports::ConsentRecipient).string().null().to_owned(),
            ColumnDef::new(ReportExports::LeftOut).json().null().to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter().table(ReportExports::Table).add_column(column).to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            db.execute_unprepared(POSTGRES_UP).await?;
        } else {
            // SQLite has no grants: a trigger keeps the consent itself unchanged.
            db.execute_unprepared(
                "CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents BEGIN \
                 SELECT RAISE(ABORT, 'consents rows are append-only'); END",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER consent_documents_kept BEFORE UPDATE ON consent_documents BEGIN \
                 SELECT RAISE(ABORT, 'consents rows are append-only'); END",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER consent_documents_no_delete BEFORE DELETE ON consent_documents \
                 BEGIN SELECT RAISE(ABORT, 'consents rows are append-only'); END",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER consents_unchanged BEFORE UPDATE OF client_id, recipient, \
                 purpose, information, includes_notes, expires_on, expiry_event, signed_on, \
                 recorded_by, recorded_at ON consents BEGIN \
                 SELECT RAISE(ABORT, 'consents rows are append-only'); END",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [ReportExports::LeftOut, ReportExports::ConsentRecipient] {
            manager
                .alter_table(
                    Table::alter().table(ReportExports::Table).drop_column(column).to_owned(),
                )
                .await?;
        }
        manager.drop_table(Table::drop().table(ConsentDocuments::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Consents::Table).to_owned()).await
    }
}
