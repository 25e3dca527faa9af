//! The audit chain off the request path (Postgres). A request's audit event is still
//! inserted in the request's own transaction (it commits or fails with what it records),
//! but `pending`, without its place in the chain; a background sealer gives pending events
//! their places (seq, previous hash, hash) in batches, under the practice's head lock.
//! Before, every audited request of a practice queued for that lock until COMMIT.
//!
//! The append-only trigger allows exactly that one change, once: a pending event taking its
//! place, every other column as it was. The server's role may update those four columns
//! only. SQLite still chains each event as it is written (one writer: nothing to queue for),
//! so its events are never pending and its triggers stay as they were.
//!
//! Also drops `daybreak_staff_member`, unused since `daybreak_signed_in` (migration 9).

use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The append-only guard of audit events, with the one change it allows (its SQLSTATE is
/// replaced by migration 14's).
pub(crate) const AUDIT_APPEND_ONLY_FUNCTION: &str = r#"
CREATE OR REPLACE FUNCTION daybreak_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The one change allowed: a pending event takes its place in the chain, once.
  IF TG_OP = 'UPDATE' AND OLD.pending AND NOT NEW.pending
     AND OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
     AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
     AND (NEW.practice_id, NEW.id, NEW.at, NEW.actor_id, NEW.actor_role, NEW.action,
          NEW.entity_type, NEW.entity_id, NEW.client_id, NEW.request_id, NEW.ip, NEW.outcome,
          NEW.detail)
         IS NOT DISTINCT FROM
         (OLD.practice_id, OLD.id, OLD.at, OLD.actor_id, OLD.actor_role, OLD.action,
          OLD.entity_type, OLD.entity_id, OLD.client_id, OLD.request_id, OLD.ip, OLD.outcome,
          OLD.detail)
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events rows are append-only' USING ERRCODE = 'P0001';
END $$;
"#;

const POSTGRES_UP: &str = r#"
GRANT UPDATE (pending, seq, prev_hash, hash) ON audit_events TO daybreak_app;
DROP FUNCTION IF EXISTS daybreak_staff_member(uuid, uuid);
"#;

const POSTGRES_DOWN: &str = r#"
REVOKE UPDATE (pending, seq, prev_hash, hash) ON audit_events FROM daybreak_app;
CREATE OR REPLACE FUNCTION daybreak_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events rows are append-only' USING ERRCODE = 'P0001';
END $$;
CREATE FUNCTION daybreak_staff_member(p_practice uuid, p_staff uuid) RETURNS SETOF staff
LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM set_config('app.practice_id', p_practice::text, true);
    RETURN QUERY SELECT * FROM staff WHERE practice_id = p_practice AND id = p_staff;
END
$f$;
GRANT EXECUTE ON FUNCTION daybreak_staff_member(uuid, uuid) TO daybreak_app;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Existing events are chained already (or predate the chain): not pending.
        db.execute_unprepared(
            "ALTER TABLE audit_events ADD COLUMN pending boolean NOT NULL DEFAULT false",
        )
        .await?;
        // The sealer's batch: a practice's pending events, oldest first.
        db.execute_unprepared(
            "CREATE INDEX ix_audit_pending ON audit_events (practice_id, at, id) WHERE pending",
        )
        .await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared(AUDIT_APPEND_ONLY_FUNCTION).await?;
            db.execute_unprepared(POSTGRES_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared(POSTGRES_DOWN).await?;
        }
        db.execute_unprepared("DROP INDEX ix_audit_pending").await?;
        db.execute_unprepared("ALTER TABLE audit_events DROP COLUMN pending").await?;
        Ok(())
    }
}
