//! A tamper-evident audit trail: every event carries its practice's sequence number, the
//! hash of the event before it and its own hash; a head row per practice serialises
//! writers; triggers refuse any UPDATE or DELETE of an event.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    PracticeId,
    Seq,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditChainHeads {
    Table,
    PracticeId,
    Seq,
    Hash,
}

#[derive(DeriveIden)]
enum Practices {
    Table,
    Id,
}

const POSTGRES_TRIGGERS: &str = r#"
CREATE FUNCTION daybreak_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events rows are append-only' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION daybreak_audit_append_only();
"#;

const SQLITE_TRIGGERS: [&str; 2] = [
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events \
     BEGIN SELECT RAISE(ABORT, 'audit_events rows are append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events \
     BEGIN SELECT RAISE(ABORT, 'audit_events rows are append-only'); END",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Events written before the chain existed keep NULLs: `audit verify` reports them
        // as predating the chain.
        for column in [
            ColumnDef::new(AuditEvents::Seq).big_integer().null().to_owned(),
            ColumnDef::new(AuditEvents::PrevHash).string().null().to_owned(),
            ColumnDef::new(AuditEvents::Hash).string().null().to_owned(),
        ] {
            manager
                .alter_table(Table::alter().table(AuditEvents::Table).add_column(column).to_owned())
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ux_audit_practice_seq")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::PracticeId)
                    .col(AuditEvents::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditChainHeads::Table)
                    .col(uuid(AuditChainHeads::PracticeId).primary_key())
                    .col(big_integer(AuditChainHeads::Seq))
                    .col(string(AuditChainHeads::Hash))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_chain_heads_practice")
                            .from(AuditChainHeads::Table, AuditChainHeads::PracticeId)
                            .to(Practices::Table, Practices::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // Every practice has a head row from now on, so writers always have a row to lock.
        db.execute_unprepared(&format!(
            "INSERT INTO audit_chain_heads (practice_id, seq, hash) SELECT id, 0, '{}' FROM practices",
            "0".repeat(64)
        ))
        .await?;
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(POSTGRES_TRIGGERS).await?;
            }
            _ => {
                for statement in SQLITE_TRIGGERS {
                    db.execute_unprepared(statement).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events; \
                     DROP FUNCTION IF EXISTS daybreak_audit_append_only();",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared("DROP TRIGGER IF EXISTS audit_events_no_update").await?;
                db.execute_unprepared("DROP TRIGGER IF EXISTS audit_events_no_delete").await?;
            }
        }
        manager.drop_table(Table::drop().table(AuditChainHeads::Table).to_owned()).await?;
        manager
            .drop_index(
                Index::drop().name("ux_audit_practice_seq").table(AuditEvents::Table).to_owned(),
            )
            .await?;
        for column in [AuditEvents::Hash, AuditEvents::PrevHash, AuditEvents::Seq] {
            manager
                .alter_table(
                    Table::alter().table(AuditEvents::Table).drop_column(column).to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
