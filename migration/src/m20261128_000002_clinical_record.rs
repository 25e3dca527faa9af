//! The clinical record: session notes and their addenda, relapse episodes, daily check-ins
//! and alerts.
//!
//! Signed notes and addenda are locked by triggers on both backends, so not even an UPDATE
//! typed into a database console can rewrite the legal record.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

use crate::keys::{index, practice_fk, tenant_fk};

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
enum SessionNotes {
    Table,
    PracticeId,
    Id,
    ClientId,
    AuthorId,
    SessionOn,
    StartedAt,
    DurationMinutes,
    ServiceType,
    Format,
    Sections,
    RiskFlags,
    IsPsychotherapyNote,
    Status,
    SignedAt,
    SignedBy,
    CosignedAt,
    CosignedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NoteAddenda {
    Table,
    PracticeId,
    Id,
    NoteId,
    AuthorId,
    Text,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RelapseEpisodes {
    Table,
    PracticeId,
    Id,
    ClientId,
    Kind,
    OccurredOn,
    EndedOn,
    Substances,
    Triggers,
    Setting,
    Company,
    Amount,
    CopingUsed,
    SupportContacted,
    FeelingsAfter,
    Consequences,
    SelfBlame,
    Notes,
    Status,
    ArchivedAt,
    RecordedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CheckIns {
    Table,
    PracticeId,
    Id,
    ClientId,
    Day,
    Used,
    Substances,
    Craving,
    Mood,
    AttendedMeeting,
    ContactedSponsor,
    Note,
    Source,
    RecordedBy,
    LinkId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Alerts {
    Table,
    PracticeId,
    Id,
    ClientId,
    Kind,
    RaisedAt,
    Detail,
    Status,
    AcknowledgedAt,
    AcknowledgedBy,
}

/// The columns of a signed note that nothing may change (co-signing fills `cosigned_*` once).
const LOCKED_NOTE_COLUMNS: &[&str] = &[
    "practice_id",
    "id",
    "client_id",
    "author_id",
    "session_on",
    "started_at",
    "duration_minutes",
    "service_type",
    "format",
    "sections",
    "risk_flags",
    "is_psychotherapy_note",
    "status",
    "signed_at",
    "signed_by",
    "created_at",
];

fn postgres_triggers() -> String {
    format!(
        "{}{}{}",
        session_note_lock_function("CREATE", "P0001"),
        "CREATE TRIGGER session_notes_locked BEFORE UPDATE OR DELETE ON session_notes
  FOR EACH ROW EXECUTE FUNCTION daybreak_session_note_lock();",
        refuse_change_function("CREATE", "P0001")
    ) + "
CREATE TRIGGER note_addenda_append_only BEFORE UPDATE OR DELETE ON note_addenda
  FOR EACH ROW EXECUTE FUNCTION daybreak_refuse_change();
"
}

/// The lock on signed notes, raising `errcode` (`create` is `CREATE` or `CREATE OR REPLACE`).
pub(crate) fn session_note_lock_function(create: &str, errcode: &str) -> String {
    let new: Vec<String> = LOCKED_NOTE_COLUMNS.iter().map(|c| format!("NEW.{c}")).collect();
    let old: Vec<String> = LOCKED_NOTE_COLUMNS.iter().map(|c| format!("OLD.{c}")).collect();
    format!(
        r#"
{create} FUNCTION daybreak_session_note_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'signed' THEN
      RAISE EXCEPTION 'signed session notes are locked' USING ERRCODE = '{errcode}';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'signed' AND (
       ROW({new}) IS DISTINCT FROM ROW({old})
       OR (OLD.cosigned_at IS NOT NULL
           AND ROW(NEW.cosigned_at, NEW.cosigned_by) IS DISTINCT FROM ROW(OLD.cosigned_at, OLD.cosigned_by))
     ) THEN
    RAISE EXCEPTION 'signed session notes are locked' USING ERRCODE = '{errcode}';
  END IF;
  RETURN NEW;
END $$;
"#,
        new = new.join(", "),
        old = old.join(", ")
    )
}

/// Refuses every change to an append-only table's rows, raising `errcode`.
pub(crate) fn refuse_change_function(create: &str, errcode: &str) -> String {
    format!(
        r#"
{create} FUNCTION daybreak_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = '{errcode}';
END $$;"#
    )
}

fn sqlite_triggers() -> Vec<String> {
    let changed: Vec<String> =
        LOCKED_NOTE_COLUMNS.iter().map(|c| format!("NEW.{c} IS NOT OLD.{c}")).collect();
    vec![
        format!(
            "CREATE TRIGGER session_notes_locked BEFORE UPDATE ON session_notes \
             WHEN OLD.status = 'signed' AND ({} OR (OLD.cosigned_at IS NOT NULL AND \
             (NEW.cosigned_at IS NOT OLD.cosigned_at OR NEW.cosigned_by IS NOT OLD.cosigned_by))) \
             BEGIN SELECT RAISE(ABORT, 'signed session notes are locked'); END",
            changed.join(" OR ")
        ),
        "CREATE TRIGGER session_notes_locked_delete BEFORE DELETE ON session_notes \
         WHEN OLD.status = 'signed' \
         BEGIN SELECT RAISE(ABORT, 'signed session notes are locked'); END"
            .to_owned(),
        "CREATE TRIGGER note_addenda_no_update BEFORE UPDATE ON note_addenda \
         BEGIN SELECT RAISE(ABORT, 'note_addenda rows are append-only'); END"
            .to_owned(),
        "CREATE TRIGGER note_addenda_no_delete BEFORE DELETE ON note_addenda \
         BEGIN SELECT RAISE(ABORT, 'note_addenda rows are append-only'); END"
            .to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SessionNotes::Table)
                    .col(uuid(SessionNotes::PracticeId))
                    .col(uuid(SessionNotes::Id))
                    .col(uuid(SessionNotes::ClientId))
                    .col(uuid(SessionNotes::AuthorId))
                    .col(date(SessionNotes::SessionOn))
                    .col(timestamp_with_time_zone_null(SessionNotes::StartedAt))
                    .col(integer(SessionNotes::DurationMinutes))
                    .col(string_null(SessionNotes::ServiceType))
                    .col(string(SessionNotes::Format))
                    .col(json_binary(SessionNotes::Sections))
                    .col(json_binary(SessionNotes::RiskFlags))
                    .col(boolean(SessionNotes::IsPsychotherapyNote).default(false))
                    .col(string(SessionNotes::Status))
                    .col(timestamp_with_time_zone_null(SessionNotes::SignedAt))
                    .col(uuid_null(SessionNotes::SignedBy))
                    .col(timestamp_with_time_zone_null(SessionNotes::CosignedAt))
                    .col(uuid_null(SessionNotes::CosignedBy))
                    .col(integer(SessionNotes::Version).default(1))
                    .col(timestamp_with_time_zone(SessionNotes::CreatedAt))
                    .col(timestamp_with_time_zone(SessionNotes::UpdatedAt))
                    .primary_key(
                        Index::create().col(SessionNotes::PracticeId).col(SessionNotes::Id),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_session_notes_client",
                        SessionNotes::Table,
                        SessionNotes::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_session_notes_author",
                        SessionNotes::Table,
                        SessionNotes::AuthorId,
                        Staff::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_session_notes_cosigner",
                        SessionNotes::Table,
                        SessionNotes::CosignedBy,
                        Staff::Table,
                    ))
                    .check(Expr::col(SessionNotes::Status).is_in(["draft", "signed"]))
                    .check(Expr::col(SessionNotes::Format).is_in(["soap", "dap", "birp", "free"]))
                    .check(Expr::col(SessionNotes::DurationMinutes).between(1, 600))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_session_notes_client_session",
            SessionNotes::Table,
            vec![
                SessionNotes::PracticeId.into_iden(),
                SessionNotes::ClientId.into_iden(),
                SessionNotes::SessionOn.into_iden(),
            ],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(NoteAddenda::Table)
                    .col(uuid(NoteAddenda::PracticeId))
                    .col(uuid(NoteAddenda::Id))
                    .col(uuid(NoteAddenda::NoteId))
                    .col(uuid(NoteAddenda::AuthorId))
                    .col(text(NoteAddenda::Text))
                    .col(timestamp_with_time_zone(NoteAddenda::CreatedAt))
                    .primary_key(Index::create().col(NoteAddenda::PracticeId).col(NoteAddenda::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_note_addenda_note",
                        NoteAddenda::Table,
                        NoteAddenda::NoteId,
                        SessionNotes::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_note_addenda_author",
                        NoteAddenda::Table,
                        NoteAddenda::AuthorId,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_note_addenda_note",
            NoteAddenda::Table,
            vec![NoteAddenda::PracticeId.into_iden(), NoteAddenda::NoteId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(RelapseEpisodes::Table)
                    .col(uuid(RelapseEpisodes::PracticeId))
                    .col(uuid(RelapseEpisodes::Id))
                    .col(uuid(RelapseEpisodes::ClientId))
                    .col(string(RelapseEpisodes::Kind))
                    .col(date(RelapseEpisodes::OccurredOn))
                    .col(date_null(RelapseEpisodes::EndedOn))
                    .col(json_binary(RelapseEpisodes::Substances))
                    .col(json_binary(RelapseEpisodes::Triggers))
                    .col(string_null(RelapseEpisodes::Setting))
                    .col(json_binary(RelapseEpisodes::Company))
                    .col(string_null(RelapseEpisodes::Amount))
                    .col(json_binary(RelapseEpisodes::CopingUsed))
                    .col(json_binary(RelapseEpisodes::SupportContacted))
                    .col(json_binary(RelapseEpisodes::FeelingsAfter))
                    .col(json_binary(RelapseEpisodes::Consequences))
                    .col(small_integer_null(RelapseEpisodes::SelfBlame))
                    .col(text_null(RelapseEpisodes::Notes))
                    .col(string(RelapseEpisodes::Status))
                    .col(timestamp_with_time_zone_null(RelapseEpisodes::ArchivedAt))
                    .col(uuid(RelapseEpisodes::RecordedBy))
                    .col(integer(RelapseEpisodes::Version).default(1))
                    .col(timestamp_with_time_zone(RelapseEpisodes::CreatedAt))
                    .col(timestamp_with_time_zone(RelapseEpisodes::UpdatedAt))
                    .primary_key(
                        Index::create().col(RelapseEpisodes::PracticeId).col(RelapseEpisodes::Id),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_relapse_episodes_client",
                        RelapseEpisodes::Table,
                        RelapseEpisodes::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_relapse_episodes_recorder",
                        RelapseEpisodes::Table,
                        RelapseEpisodes::RecordedBy,
                        Staff::Table,
                    ))
                    .check(Expr::col(RelapseEpisodes::Kind).is_in(["lapse", "relapse"]))
                    .check(Expr::col(RelapseEpisodes::Status).is_in(["active", "archived"]))
                    .check(
                        Expr::col(RelapseEpisodes::EndedOn)
                            .is_null()
                            .or(Expr::col(RelapseEpisodes::EndedOn)
                                .gte(Expr::col(RelapseEpisodes::OccurredOn))),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_relapse_episodes_client_occurred",
            RelapseEpisodes::Table,
            vec![
                RelapseEpisodes::PracticeId.into_iden(),
                RelapseEpisodes::ClientId.into_iden(),
                RelapseEpisodes::OccurredOn.into_iden(),
            ],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(CheckIns::Table)
                    .col(uuid(CheckIns::PracticeId))
                    .col(uuid(CheckIns::Id))
                    .col(uuid(CheckIns::ClientId))
                    .col(date(CheckIns::Day))
                    .col(boolean(CheckIns::Used))
                    .col(json_binary(CheckIns::Substances))
                    .col(small_integer(CheckIns::Craving))
                    .col(small_integer(CheckIns::Mood))
                    .col(boolean(CheckIns::AttendedMeeting))
                    .col(boolean(CheckIns::ContactedSponsor))
                    .col(text_null(CheckIns::Note))
                    .col(string(CheckIns::Source))
                    .col(uuid_null(CheckIns::RecordedBy))
                    .col(uuid_null(CheckIns::LinkId))
                    .col(timestamp_with_time_zone(CheckIns::CreatedAt))
                    .col(timestamp_with_time_zone(CheckIns::UpdatedAt))
                    .primary_key(Index::create().col(CheckIns::PracticeId).col(CheckIns::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_check_ins_client",
                        CheckIns::Table,
                        CheckIns::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_check_ins_recorder",
                        CheckIns::Table,
                        CheckIns::RecordedBy,
                        Staff::Table,
                    ))
                    .check(Expr::col(CheckIns::Craving).between(0, 10))
                    .check(Expr::col(CheckIns::Mood).between(0, 10))
                    .check(Expr::col(CheckIns::Source).is_in(["self_report", "clinician"]))
                    .to_owned(),
            )
            .await?;
        // One check-in per client per day, enforced by the database; it is also the index
        // every period query walks.
        index(
            manager,
            "ux_check_ins_client_day",
            CheckIns::Table,
            vec![
                CheckIns::PracticeId.into_iden(),
                CheckIns::ClientId.into_iden(),
                CheckIns::Day.into_iden(),
            ],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Alerts::Table)
                    .col(uuid(Alerts::PracticeId))
                    .col(uuid(Alerts::Id))
                    .col(uuid(Alerts::ClientId))
                    .col(string(Alerts::Kind))
                    .col(timestamp_with_time_zone(Alerts::RaisedAt))
                    .col(json_binary(Alerts::Detail))
                    .col(string(Alerts::Status))
                    .col(timestamp_with_time_zone_null(Alerts::AcknowledgedAt))
                    .col(uuid_null(Alerts::AcknowledgedBy))
                    .primary_key(Index::create().col(Alerts::PracticeId).col(Alerts::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_alerts_client",
                        Alerts::Table,
                        Alerts::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_alerts_acknowledged_by",
                        Alerts::Table,
                        Alerts::AcknowledgedBy,
                        Staff::Table,
                    ))
                    .foreign_key(&mut practice_fk("fk_alerts_practice", Alerts::Table))
                    .check(Expr::col(Alerts::Status).is_in(["open", "acknowledged"]))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_alerts_practice_status_raised",
            Alerts::Table,
            vec![
                Alerts::PracticeId.into_iden(),
                Alerts::Status.into_iden(),
                Alerts::RaisedAt.into_iden(),
            ],
            false,
        )
        .await?;
        index(
            manager,
            "ix_alerts_client",
            Alerts::Table,
            vec![Alerts::PracticeId.into_iden(), Alerts::ClientId.into_iden()],
            false,
        )
        .await?;

        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(&postgres_triggers()).await?;
            }
            _ => {
                for statement in sqlite_triggers() {
                    db.execute_unprepared(&statement).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Alerts::Table.into_iden(),
            CheckIns::Table.into_iden(),
            RelapseEpisodes::Table.into_iden(),
            NoteAddenda::Table.into_iden(),
            SessionNotes::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "DROP FUNCTION IF EXISTS daybreak_session_note_lock(); \
                     DROP FUNCTION IF EXISTS daybreak_refuse_change();",
                )
                .await?;
        }
        Ok(())
    }
}
