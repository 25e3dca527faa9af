//! A clinician's calendar feed: a secret URL (only its SHA-256 stored) their calendar app
//! subscribes to; a new one revokes the old, and revoking stops it. Keyed by practice with
//! row-level security; the feed's request finds its row by the hash it presents (the
//! `token_hash` lookup, like a self-report link). The server's role may read, insert, and set
//! `revoked_at`, nothing else.

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::{index, tenant_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Staff {
    Table,
}

#[derive(DeriveIden)]
enum CalendarFeeds {
    Table,
    PracticeId,
    Id,
    StaffId,
    TokenHash,
    CreatedAt,
    RevokedAt,
}

const POSTGRES_UP: &str = r#"
ALTER TABLE calendar_feeds ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_feeds FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON calendar_feeds USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
CREATE POLICY open_feed ON calendar_feeds FOR SELECT
    USING (token_hash = daybreak_lookup('token_hash'));
REVOKE ALL ON calendar_feeds FROM daybreak_app;
GRANT SELECT, INSERT ON calendar_feeds TO daybreak_app;
GRANT UPDATE (revoked_at) ON calendar_feeds TO daybreak_app;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use CalendarFeeds as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(uuid(F::PracticeId))
                    .col(uuid(F::Id))
                    .col(uuid(F::StaffId))
                    .col(string(F::TokenHash))
                    .col(timestamp_with_time_zone(F::CreatedAt))
                    .col(timestamp_with_time_zone_null(F::RevokedAt))
                    .primary_key(Index::create().col(F::PracticeId).col(F::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_calendar_feeds_staff",
                        F::Table,
                        F::StaffId,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_calendar_feeds_token",
            F::Table,
            vec![F::PracticeId.into_iden(), F::TokenHash.into_iden()],
            true,
        )
        .await?;
        index(manager, "ix_calendar_feeds_token", F::Table, vec![F::TokenHash.into_iden()], false)
            .await?;
        let db = manager.get_connection();
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            db.execute_unprepared(POSTGRES_UP).await?;
        } else {
            db.execute_unprepared(
                "CREATE TRIGGER calendar_feeds_no_delete BEFORE DELETE ON calendar_feeds BEGIN \
                 SELECT RAISE(ABORT, 'calendar_feeds rows are never deleted'); END",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CalendarFeeds::Table).to_owned()).await
    }
}
