//! Postgres row-level security: the second wall between practices.
//!
//! Every tenant-owned table gets RLS enabled and forced, with a policy that shows and
//! accepts only the rows of the practice the transaction set (`app.practice_id`, set with
//! `set_config(..., true)` so it ends with the transaction and never outlives it on a pooled
//! connection). Unset, the setting matches nothing and raises no error.
//!
//! Three lookups must find a row before its practice is known; each may see only the rows
//! that match a secret or a name the caller already holds, never a whole table:
//! signing in (`staff` by `app.sign_in_email`), spending a refresh token (`refresh_tokens` by
//! `app.token_hash`) and opening a self-report link (`self_report_links` by `app.token_hash`).
//!
//! The server connects as `daybreak_app`: not superuser, not BYPASSRLS, owner of nothing. It
//! may not UPDATE or DELETE audit events (the append-only trigger refuses them too, for the
//! owner). This migration creates the role without LOGIN when it is missing; the operator
//! gives it a password and LOGIN, or grants it to the login role the server uses
//! (docs/operations.md). SQLite has no such wall: there the application's own filter is the
//! only one (README).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables whose rows belong to one practice through `practice_id`.
pub const TENANT_TABLES: [&str; 14] = [
    "staff",
    "clients",
    "refresh_tokens",
    "audit_events",
    "audit_chain_heads",
    "session_notes",
    "note_addenda",
    "relapse_episodes",
    "check_ins",
    "alerts",
    "self_report_links",
    "measure_schedules",
    "measure_results",
    "report_exports",
];

const SETUP: &str = r#"
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'daybreak_app') THEN
        BEGIN
            CREATE ROLE daybreak_app NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of this cluster created it first
        END;
    END IF;
END
$$;

-- The transaction's practice, or NULL (matches nothing) when unset. Inlined by the planner,
-- so `practice_id = daybreak_practice()` still uses the (practice_id, ...) indexes.
CREATE FUNCTION daybreak_practice() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.practice_id', true), '')::uuid $$;

CREATE FUNCTION daybreak_lookup(name text) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.' || name, true), '') $$;

-- The signed-in member's row, for the check on every request that a token's member is still
-- active. One statement: the practice is set for it alone (the implicit transaction).
CREATE FUNCTION daybreak_staff_member(p_practice uuid, p_staff uuid) RETURNS SETOF staff
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('app.practice_id', p_practice::text, true);
    RETURN QUERY SELECT * FROM staff WHERE practice_id = p_practice AND id = p_staff;
END
$$;

ALTER TABLE practices ENABLE ROW LEVEL SECURITY;
ALTER TABLE practices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON practices USING (id = daybreak_practice()) WITH CHECK (id = daybreak_practice());

CREATE POLICY sign_in ON staff FOR SELECT USING (email = daybreak_lookup('sign_in_email'));
CREATE POLICY spend ON refresh_tokens FOR SELECT USING (token_hash = daybreak_lookup('token_hash'));
CREATE POLICY open_link ON self_report_links FOR SELECT USING (token_hash = daybreak_lookup('token_hash'));

GRANT USAGE ON SCHEMA public TO daybreak_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO daybreak_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM daybreak_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON seaql_migrations FROM daybreak_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO daybreak_app;
GRANT EXECUTE ON FUNCTION daybreak_practice(), daybreak_lookup(text), daybreak_staff_member(uuid, uuid) TO daybreak_app;
-- Tables of later migrations are the app's to use too (each adds its own policy).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO daybreak_app;
"#;

const TEARDOWN: &str = r#"
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM daybreak_app;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM daybreak_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM daybreak_app;
REVOKE USAGE ON SCHEMA public FROM daybreak_app;
DROP POLICY sign_in ON staff;
DROP POLICY spend ON refresh_tokens;
DROP POLICY open_link ON self_report_links;
DROP POLICY tenant ON practices;
ALTER TABLE practices NO FORCE ROW LEVEL SECURITY;
ALTER TABLE practices DISABLE ROW LEVEL SECURITY;
DROP FUNCTION daybreak_staff_member(uuid, uuid);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        let mut sql = String::from(SETUP);
        for table in TENANT_TABLES {
            sql.push_str(&format!(
                "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n\
                 ALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n\
                 CREATE POLICY tenant ON {table} USING (practice_id = daybreak_practice()) \
                 WITH CHECK (practice_id = daybreak_practice());\n"
            ));
        }
        db.execute_unprepared(&sql).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        let mut sql = String::from(TEARDOWN);
        for table in TENANT_TABLES {
            sql.push_str(&format!(
                "DROP POLICY tenant ON {table};\n\
                 ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;\n\
                 ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;\n"
            ));
        }
        sql.push_str("DROP FUNCTION daybreak_lookup(text);\nDROP FUNCTION daybreak_practice();\n");
        manager.get_connection().execute_unprepared(&sql).await?;
        Ok(())
    }
}
