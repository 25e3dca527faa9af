//! Drug screens and medications. A screen is written once: a correction is a new row that
//! amends it (`amends`, with a reason), so the original result is always kept. A medication
//! carries a version and is changed in place (dose, stop date), never deleted. Keyed by
//! practice, with row-level security; the server's role may read and insert screens, and read,
//! insert and update medications, nothing else.

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
enum DrugScreens {
    Table,
    PracticeId,
    Id,
    ClientId,
    CollectedAt,
    CollectedOn,
    Specimen,
    Method,
    Observed,
    Validity,
    Results,
    Amends,
    AmendReason,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum CheckIns {
    Table,
    TookMedication,
}

#[derive(DeriveIden)]
enum Medications {
    Table,
    PracticeId,
    Id,
    ClientId,
    Name,
    Class,
    ScreensAs,
    Dose,
    Schedule,
    Prescriber,
    StartedOn,
    StoppedOn,
    StopReason,
    AskOnLink,
    RecordedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

const POSTGRES_UP: &str = r#"
ALTER TABLE drug_screens ENABLE ROW LEVEL SECURITY;
ALTER TABLE drug_screens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON drug_screens USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON drug_screens FROM daybreak_app;
GRANT SELECT, INSERT ON drug_screens TO daybreak_app;
ALTER TABLE medications ENABLE ROW LEVEL SECURITY;
ALTER TABLE medications FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON medications USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON medications FROM daybreak_app;
GRANT SELECT, INSERT ON medications TO daybreak_app;
GRANT UPDATE (name, class, screens_as, dose, schedule, prescriber, started_on, stopped_on,
    stop_reason, ask_on_link, version, updated_at) ON medications TO daybreak_app;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use DrugScreens as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(uuid(S::PracticeId))
                    .col(uuid(S::Id))
                    .col(uuid(S::ClientId))
                    .col(timestamp_with_time_zone(S::CollectedAt))
                    // The day of `collected_at` in the practice's time zone, for the calendar.
                    .col(date(S::CollectedOn))
                    .col(string(S::Specimen).check(one_of(
                        S::Specimen,
                        &["urine", "oral_fluid", "breath", "blood", "hair", "sweat_patch"],
                    )))
                    .col(string(S::Method).check(one_of(
                        S::Method,
                        &["point_of_care", "lab_immunoassay", "lab_confirmation"],
                    )))
                    .col(boolean(S::Observed))
                    .col(string(S::Validity).check(one_of(
                        S::Validity,
                        &["normal", "dilute", "adulterated", "substituted"],
                    )))
                    .col(json(S::Results))
                    .col(uuid_null(S::Amends))
                    .col(string_null(S::AmendReason))
                    .col(uuid(S::RecordedBy))
                    .col(timestamp_with_time_zone(S::RecordedAt))
                    .primary_key(Index::create().col(S::PracticeId).col(S::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_drug_screens_client",
                        S::Table,
                        S::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_drug_screens_amends",
                        S::Table,
                        S::Amends,
                        S::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_drug_screens_recorder",
                        S::Table,
                        S::RecordedBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_drug_screens_client_day",
            S::Table,
            vec![S::PracticeId.into_iden(), S::ClientId.into_iden(), S::CollectedOn.into_iden()],
            false,
        )
        .await?;
        // A screen is amended at most once: the next correction amends the amendment, so
        // the corrections of a screen form one line and two people cannot both correct it.
        index(
            manager,
            "ux_drug_screens_amends",
            S::Table,
            vec![S::PracticeId.into_iden(), S::Amends.into_iden()],
            true,
        )
        .await?;

        use Medications as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(uuid(M::PracticeId))
                    .col(uuid(M::Id))
                    .col(uuid(M::ClientId))
                    .col(string(M::Name))
                    .col(string(M::Class).check(one_of(
                        M::Class,
                        &[
                            "buprenorphine",
                            "buprenorphine_naloxone",
                            "extended_release_buprenorphine",
                            "methadone",
                            "oral_naltrexone",
                            "extended_release_naltrexone",
                            "naloxone_kit",
                            "other",
                        ],
                    )))
                    .col(string_null(M::ScreensAs))
                    .col(string_null(M::Dose))
                    .col(string_null(M::Schedule))
                    .col(string_null(M::Prescriber))
                    .col(date(M::StartedOn))
                    .col(date_null(M::StoppedOn))
                    .col(string_null(M::StopReason))
                    // Whether the client's check-in link asks "Did you take your medication
                    // today?" while it is current.
                    .col(boolean(M::AskOnLink))
                    .col(uuid(M::RecordedBy))
                    .col(integer(M::Version))
                    .col(timestamp_with_time_zone(M::CreatedAt))
                    .col(timestamp_with_time_zone(M::UpdatedAt))
                    .primary_key(Index::create().col(M::PracticeId).col(M::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_medications_client",
                        M::Table,
                        M::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_medications_recorder",
                        M::Table,
                        M::RecordedBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_medications_client",
            M::Table,
            vec![M::PracticeId.into_iden(), M::ClientId.into_iden(), M::StartedOn.into_iden()],
            false,
        )
        .await?;

        // The client's answer to "Did you take your medication today?" (null: not asked).
        manager
            .alter_table(
                Table::alter()
                    .table(CheckIns::Table)
                    .add_column(ColumnDef::new(CheckIns::TookMedication).boolean().null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            db.execute_unprepared(POSTGRES_UP).await?;
        } else {
            // SQLite has no grants: triggers keep every screen as it was written and every
            // medication row in place.
            for sql in [
                "CREATE TRIGGER drug_screens_kept BEFORE UPDATE ON drug_screens BEGIN \
                 SELECT RAISE(ABORT, 'drug_screens rows are append-only'); END",
                "CREATE TRIGGER drug_screens_no_delete BEFORE DELETE ON drug_screens BEGIN \
                 SELECT RAISE(ABORT, 'drug_screens rows are append-only'); END",
                "CREATE TRIGGER medications_no_delete BEFORE DELETE ON medications BEGIN \
                 SELECT RAISE(ABORT, 'medications rows are never deleted'); END",
            ] {
                db.execute_unprepared(sql).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CheckIns::Table)
                    .drop_column(CheckIns::TookMedication)
                    .to_owned(),
            )
            .await?;
        manager.drop_table(Table::drop().table(Medications::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(DrugScreens::Table).to_owned()).await
    }
}
