//! The note follows the appointment: a session note may name the appointment it records (one
//! note per appointment, a unique key), and the practice sets after how many days an attended
//! appointment without a signed note is listed as due (default 3). On Postgres the note's
//! appointment is a tenant foreign key; SQLite cannot add a composite key to an existing table,
//! and the server checks the appointment before it writes.

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SessionNotes {
    Table,
    PracticeId,
    AppointmentId,
}

#[derive(DeriveIden)]
enum Practices {
    Table,
    NoteDueDays,
}

const POSTGRES_UP: &str = r#"
ALTER TABLE session_notes ADD CONSTRAINT fk_session_notes_appointment
    FOREIGN KEY (practice_id, appointment_id) REFERENCES appointments (practice_id, id)
    ON DELETE RESTRICT ON UPDATE RESTRICT;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SessionNotes::Table)
                    .add_column(uuid_null(SessionNotes::AppointmentId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Practices::Table)
                    .add_column(integer(Practices::NoteDueDays).default(3))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_session_notes_appointment",
            SessionNotes::Table,
            vec![SessionNotes::PracticeId.into_iden(), SessionNotes::AppointmentId.into_iden()],
            true,
        )
        .await?;
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            manager.get_connection().execute_unprepared(POSTGRES_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            db.execute_unprepared(
                "ALTER TABLE session_notes DROP CONSTRAINT fk_session_notes_appointment",
            )
            .await?;
        }
        db.execute_unprepared("DROP INDEX ux_session_notes_appointment").await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SessionNotes::Table)
                    .drop_column(SessionNotes::AppointmentId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Practices::Table)
                    .drop_column(Practices::NoteDueDays)
                    .to_owned(),
            )
            .await
    }
}
