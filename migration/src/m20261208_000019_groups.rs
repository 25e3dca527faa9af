//! Groups: a group (name, track, default length, facilitators, the note format its members'
//! notes are written in), its members over time (joined on, left on: a rejoining is a new
//! row), its sessions (time, topic, the shared narrative the facilitator writes once) and
//! each member's attendance at a session (status, minutes, their own note sections, and the
//! note signing made in their chart). Nothing is deleted: a session called off is
//! `cancelled`. A signed session and its attendance are locked by triggers (Postgres raises
//! `LK001`, like a signed note). Keyed by practice, with row-level security; the server's role
//! may read and insert each table and update only the columns a change needs.

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
enum SessionNotes {
    Table,
}

#[derive(DeriveIden)]
enum Groups {
    Table,
    PracticeId,
    Id,
    Name,
    Track,
    DefaultMinutes,
    FacilitatorIds,
    NoteFormat,
    Location,
    Active,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    PracticeId,
    Id,
    GroupId,
    ClientId,
    JoinedOn,
    LeftOn,
    AddedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupSessions {
    Table,
    PracticeId,
    Id,
    GroupId,
    StartsAt,
    DurationMinutes,
    Topic,
    Location,
    SharedNarrative,
    Status,
    SignedAt,
    SignedBy,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupAttendance {
    Table,
    PracticeId,
    Id,
    SessionId,
    ClientId,
    Status,
    MinutesAttended,
    Sections,
    NoteId,
    RecordedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

const POSTGRES_UP: &str = r#"
ALTER TABLE groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE groups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON groups USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON groups FROM daybreak_app;
GRANT SELECT, INSERT ON groups TO daybreak_app;
GRANT UPDATE (name, track, default_minutes, facilitator_ids, note_format, location, active,
    version, updated_at) ON groups TO daybreak_app;

ALTER TABLE group_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON group_members USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON group_members FROM daybreak_app;
GRANT SELECT, INSERT ON group_members TO daybreak_app;
GRANT UPDATE (left_on, version, updated_at) ON group_members TO daybreak_app;

ALTER TABLE group_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON group_sessions USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON group_sessions FROM daybreak_app;
GRANT SELECT, INSERT ON group_sessions TO daybreak_app;
GRANT UPDATE (starts_at, duration_minutes, topic, location, shared_narrative, status,
    signed_at, signed_by, version, updated_at) ON group_sessions TO daybreak_app;

ALTER TABLE group_attendance ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_attendance FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON group_attendance USING (practice_id = daybreak_practice())
    WITH CHECK (practice_id = daybreak_practice());
REVOKE ALL ON group_attendance FROM daybreak_app;
GRANT SELECT, INSERT ON group_attendance TO daybreak_app;
GRANT UPDATE (status, minutes_attended, sections, note_id, recorded_by, version, updated_at)
    ON group_attendance TO daybreak_app;

CREATE FUNCTION daybreak_group_session_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('signed', 'cancelled') THEN
    RAISE EXCEPTION 'a signed or cancelled group session is locked' USING ERRCODE = 'LK001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER group_sessions_locked BEFORE UPDATE ON group_sessions
  FOR EACH ROW EXECUTE FUNCTION daybreak_group_session_lock();
CREATE TRIGGER group_sessions_no_delete BEFORE DELETE ON group_sessions
  FOR EACH ROW EXECUTE FUNCTION daybreak_refuse_change();

CREATE FUNCTION daybreak_group_attendance_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'UPDATE' AND OLD.note_id IS NOT NULL) OR EXISTS (
       SELECT 1 FROM group_sessions s
        WHERE s.practice_id = NEW.practice_id AND s.id = NEW.session_id
          AND s.status IN ('signed', 'cancelled')) THEN
    RAISE EXCEPTION 'the attendance of a signed group session is locked' USING ERRCODE = 'LK001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER group_attendance_locked BEFORE INSERT OR UPDATE ON group_attendance
  FOR EACH ROW EXECUTE FUNCTION daybreak_group_attendance_lock();
CREATE TRIGGER group_attendance_no_delete BEFORE DELETE ON group_attendance
  FOR EACH ROW EXECUTE FUNCTION daybreak_refuse_change();
"#;

const SQLITE_UP: &[&str] = &[
    "CREATE TRIGGER groups_no_delete BEFORE DELETE ON groups BEGIN \
     SELECT RAISE(ABORT, 'groups are never deleted'); END",
    "CREATE TRIGGER group_members_no_delete BEFORE DELETE ON group_members BEGIN \
     SELECT RAISE(ABORT, 'group members are never deleted'); END",
    "CREATE TRIGGER group_sessions_locked BEFORE UPDATE ON group_sessions \
     WHEN OLD.status IN ('signed', 'cancelled') BEGIN \
     SELECT RAISE(ABORT, 'a signed or cancelled group session is locked'); END",
    "CREATE TRIGGER group_sessions_no_delete BEFORE DELETE ON group_sessions BEGIN \
     SELECT RAISE(ABORT, 'group sessions are never deleted'); END",
    "CREATE TRIGGER group_attendance_locked BEFORE UPDATE ON group_attendance \
     WHEN OLD.note_id IS NOT NULL OR EXISTS (SELECT 1 FROM group_sessions s \
       WHERE s.practice_id = NEW.practice_id AND s.id = NEW.session_id \
         AND s.status IN ('signed', 'cancelled')) BEGIN \
     SELECT RAISE(ABORT, 'the attendance of a signed group session is locked'); END",
    "CREATE TRIGGER group_attendance_locked_insert BEFORE INSERT ON group_attendance \
     WHEN EXISTS (SELECT 1 FROM group_sessions s \
       WHERE s.practice_id = NEW.practice_id AND s.id = NEW.session_id \
         AND s.status IN ('signed', 'cancelled')) BEGIN \
     SELECT RAISE(ABORT, 'the attendance of a signed group session is locked'); END",
    "CREATE TRIGGER group_attendance_no_delete BEFORE DELETE ON group_attendance BEGIN \
     SELECT RAISE(ABORT, 'group attendance is never deleted'); END",
];

const NOTE_FORMATS: &[&str] = &["soap", "dap", "birp", "free"];
const SESSION_STATUSES: &[&str] = &["draft", "signed", "cancelled"];
const ATTENDANCE: &[&str] =
    &["present", "late", "left_early", "absent_excused", "absent_unexcused"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Groups as G;
        manager
            .create_table(
                Table::create()
                    .table(G::Table)
                    .col(uuid(G::PracticeId))
                    .col(uuid(G::Id))
                    .col(string(G::Name))
                    .col(string_null(G::Track))
                    .col(integer(G::DefaultMinutes))
                    // Staff ids, checked by the server against the practice's clinical staff.
                    .col(json(G::FacilitatorIds))
                    .col(string(G::NoteFormat).check(one_of(G::NoteFormat, NOTE_FORMATS)))
                    .col(string_null(G::Location))
                    .col(boolean(G::Active))
                    .col(uuid(G::CreatedBy))
                    .col(integer(G::Version))
                    .col(timestamp_with_time_zone(G::CreatedAt))
                    .col(timestamp_with_time_zone(G::UpdatedAt))
                    .primary_key(Index::create().col(G::PracticeId).col(G::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_groups_creator",
                        G::Table,
                        G::CreatedBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;

        use GroupMembers as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(uuid(M::PracticeId))
                    .col(uuid(M::Id))
                    .col(uuid(M::GroupId))
                    .col(uuid(M::ClientId))
                    .col(date(M::JoinedOn))
                    .col(date_null(M::LeftOn))
                    .col(uuid(M::AddedBy))
                    .col(integer(M::Version))
                    .col(timestamp_with_time_zone(M::CreatedAt))
                    .col(timestamp_with_time_zone(M::UpdatedAt))
                    .primary_key(Index::create().col(M::PracticeId).col(M::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_group_members_group",
                        M::Table,
                        M::GroupId,
                        G::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_group_members_client",
                        M::Table,
                        M::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_group_members_adder",
                        M::Table,
                        M::AddedBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_group_members_group",
            M::Table,
            vec![M::PracticeId.into_iden(), M::GroupId.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "ix_group_members_client",
            M::Table,
            vec![M::PracticeId.into_iden(), M::ClientId.into_iden()],
            false,
        )
        .await?;

        use GroupSessions as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(uuid(S::PracticeId))
                    .col(uuid(S::Id))
                    .col(uuid(S::GroupId))
                    .col(timestamp_with_time_zone(S::StartsAt))
                    .col(integer(S::DurationMinutes))
                    .col(string_null(S::Topic))
                    .col(string_null(S::Location))
                    .col(text(S::SharedNarrative))
                    .col(string(S::Status).check(one_of(S::Status, SESSION_STATUSES)))
                    .col(timestamp_with_time_zone_null(S::SignedAt))
                    .col(uuid_null(S::SignedBy))
                    .col(uuid(S::CreatedBy))
                    .col(integer(S::Version))
                    .col(timestamp_with_time_zone(S::CreatedAt))
                    .col(timestamp_with_time_zone(S::UpdatedAt))
                    .primary_key(Index::create().col(S::PracticeId).col(S::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_group_sessions_group",
                        S::Table,
                        S::GroupId,
                        G::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_group_sessions_signer",
                        S::Table,
                        S::SignedBy,
                        Staff::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_group_sessions_creator",
                        S::Table,
                        S::CreatedBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_group_sessions_group",
            S::Table,
            vec![S::PracticeId.into_iden(), S::GroupId.into_iden(), S::StartsAt.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "ix_group_sessions_starts",
            S::Table,
            vec![S::PracticeId.into_iden(), S::StartsAt.into_iden()],
            false,
        )
        .await?;

        use GroupAttendance as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(uuid(A::PracticeId))
                    .col(uuid(A::Id))
                    .col(uuid(A::SessionId))
                    .col(uuid(A::ClientId))
                    .col(string(A::Status).check(one_of(A::Status, ATTENDANCE)))
                    .col(integer_null(A::MinutesAttended))
                    // The member's own note sections (every section of the group's format
                    // but the one the shared narrative fills).
                    .col(json(A::Sections))
                    .col(uuid_null(A::NoteId))
                    .col(uuid(A::RecordedBy))
                    .col(integer(A::Version))
                    .col(timestamp_with_time_zone(A::CreatedAt))
                    .col(timestamp_with_time_zone(A::UpdatedAt))
                    .primary_key(Index::create().col(A::PracticeId).col(A::Id))
                    .foreign_key(&mut tenant_fk(
                        "fk_group_attendance_session",
                        A::Table,
                        A::SessionId,
                        S::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_group_attendance_client",
                        A::Table,
                        A::ClientId,
                        Clients::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_group_attendance_note",
                        A::Table,
                        A::NoteId,
                        SessionNotes::Table,
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_group_attendance_recorder",
                        A::Table,
                        A::RecordedBy,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_group_attendance_member",
            A::Table,
            vec![A::PracticeId.into_iden(), A::SessionId.into_iden(), A::ClientId.into_iden()],
            true,
        )
        .await?;
        index(
            manager,
            "ix_group_attendance_client",
            A::Table,
            vec![A::PracticeId.into_iden(), A::ClientId.into_iden()],
            false,
        )
        .await?;

        let db = manager.get_connection();
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            db.execute_unprepared(POSTGRES_UP).await?;
        } else {
            for sql in SQLITE_UP {
                db.execute_unprepared(sql).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "DROP TABLE group_attendance; DROP TABLE group_sessions; \
                     DROP FUNCTION daybreak_group_attendance_lock(); \
                     DROP FUNCTION daybreak_group_session_lock();",
                )
                .await?;
        } else {
            manager.drop_table(Table::drop().table(GroupAttendance::Table).to_owned()).await?;
            manager.drop_table(Table::drop().table(GroupSessions::Table).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(GroupMembers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Groups::Table).to_owned()).await
    }
}
