//! Appointments: a client's (or later a group session's) time with a clinician, one row per
//! occurrence (a repeating series shares `series_id`). Times are stored in UTC. Each status
//! set is kept in `appointment_statuses` (who set it and when, append-only); the appointment
//! row holds the current one and a version. Nothing is deleted: a cancellation is a status.
//! Keyed by practice, with row-level security; the server's role may read and insert both
//! tables and update only an appointment's schedule and current status.

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::{index, one_of, tenant_fk};

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
enum Appointments {
    Table,
    PracticeId,
    Id,
    SeriesId,
    ClientId,
    ClinicianId,
    StartsAt,
    DurationMinutes,
    Kind,
    Location,
    Telehealth,
    Status,
    StatusSetBy,
    StatusSetAt,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AppointmentStatuses {
    Table,
    PracticeId,
    Id,
    AppointmentId,
    Status,
    SetBy,
    SetAt,
}

const STATUSES: &[&str] = &[
    "scheduled",
    "attended",
    "late",
    "no_show",
    "cancelled_by_client",
    "late_cancelled_by_client",
    "cancelled_by_practice",
];

const POSTGRES_UP: &str = r#"
ALTER TABLE appointments ENABLE ROW LEVEL SECURITY;
ALTER TABLE appointments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON appointments USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON appointments FROM daybreak_app;
GRANT SELECT, INSERT ON appointments TO daybreak_app;
GRANT UPDATE (clinician_id, starts_at, duration_minutes, kind, location, telehealth, status,
    status_set_by, status_set_at, version, updated_at) ON appointments TO daybreak_app;
ALTER TABLE appointment_statuses ENABLE ROW LEVEL SECURITY;
ALTER TABLE appointment_statuses FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON appointment_statuses USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON appointment_statuses FROM daybreak_app;
GRANT SELECT, INSERT ON appointment_statuses TO daybreak_app;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Appointments as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(uuid(A::PracticeId))
                    .col(uuid(A::Id))
                    // The occurrences of one repeating booking share it (null: a single one).
                    .col(uuid_null(A::SeriesId))
                    // Null only for a group session's appointment (a later step).
                    .col(uuid_null(A::ClientId))
                    .col(uuid(A::ClinicianId))
                    .col(timestamp_with_time_zone(A::StartsAt))
                    .col(integer(A::DurationMinutes))
                    .col(string(A::Kind).check(one_of(
                        A::Kind,
                        &["intake", "individual", "family", "group", "other"],
                    )))
                    .col(string_null(A::Location))
                    .col(boolean(A::Telehealth))
                    .col(string(A::Status).check(one_of(A::Status, STATUSES)))
                    .col(uuid_null(A::StatusSetBy))
                    .col(timestamp_with_time_zone_null(A::StatusSetAt))
                    .col(uuid(A::CreatedBy))
                    .col(integer(A::Version))
                    .col(timestamp_with_time_zone(A::CreatedAt))
                    .col(timestamp_with_time_zone(A::UpdatedAt))
                    .primary_key(Index::create().col(A::PracticeId).col(A::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_appointments_client",
                        A::Table,
                        A::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_appointments_clinician",
                        A::Table,
                        A::ClinicianId,
                        Staff::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_appointments_creator",
                        A::Table,
                        A::CreatedBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_appointments_starts", A::StartsAt),
            ("ix_appointments_client", A::ClientId),
            ("ix_appointments_clinician", A::ClinicianId),
            ("ix_appointments_series", A::SeriesId),
        ] {
            let mut cols = vec![A::PracticeId.into_iden(), column.into_iden()];
            if name != "ix_appointments_starts" && name != "ix_appointments_series" {
                cols.push(A::StartsAt.into_iden());
            }
            index(manager, name, A::Table, cols, false).await?;
        }

        use AppointmentStatuses as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(uuid(S::PracticeId))
                    .col(uuid(S::Id))
                    .col(uuid(S::AppointmentId))
                    .col(string(S::Status).check(one_of(S::Status, STATUSES)))
                    .col(uuid(S::SetBy))
                    .col(timestamp_with_time_zone(S::SetAt))
                    .primary_key(Index::create().col(S::PracticeId).col(S::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_appointment_statuses_appointment",
                        S::Table,
                        S::AppointmentId,
                        A::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_appointment_statuses_setter",
                        S::Table,
                        S::SetBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_appointment_statuses_appointment",
            S::Table,
            vec![S::PracticeId.into_iden(), S::AppointmentId.into_iden()],
            false,
        )
        .await?;

        let db = manager.get_connection();
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            db.execute_unprepared(POSTGRES_UP).await?;
        } else {
            // SQLite has no grants: triggers keep every row, and every status as it was set.
            for sql in [
                "CREATE TRIGGER appointments_no_delete BEFORE DELETE ON appointments BEGIN \
                 SELECT RAISE(ABORT, 'appointments are never deleted'); END",
                "CREATE TRIGGER appointment_statuses_kept BEFORE UPDATE ON appointment_statuses \
                 BEGIN SELECT RAISE(ABORT, 'appointment_statuses rows are append-only'); END",
                "CREATE TRIGGER appointment_statuses_no_delete BEFORE DELETE ON \
                 appointment_statuses BEGIN \
                 SELECT RAISE(ABORT, 'appointment_statuses rows are append-only'); END",
            ] {
                db.execute_unprepared(sql).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AppointmentStatuses::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Appointments::Table).to_owned()).await
    }
}
