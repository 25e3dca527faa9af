//! The per-request staff check also reads what every request needs of the practice: its time
//! zone (today's date) and whether it requires two-factor (applied at once, not at the next
//! token). One statement, as before; `daybreak_staff_member` stays for older binaries.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE FUNCTION daybreak_signed_in(p_practice uuid, p_staff uuid)
RETURNS TABLE (
    id uuid, practice_id uuid, name text, email text, role text, active boolean,
    password_changed_at timestamptz, has_two_factor boolean, time_zone text,
    require_two_factor boolean
)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('app.practice_id', p_practice::text, true);
    RETURN QUERY
        SELECT s.id, s.practice_id, s.name::text, s.email::text, s.role::text, s.active,
               s.password_changed_at, s.totp_secret IS NOT NULL, p.time_zone::text,
               p.require_two_factor
        FROM staff s JOIN practices p ON p.id = s.practice_id
        WHERE s.practice_id = p_practice AND s.id = p_staff;
END
$$;
GRANT EXECUTE ON FUNCTION daybreak_signed_in(uuid, uuid) TO daybreak_app;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        manager.get_connection().execute_unprepared(UP).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared("DROP FUNCTION daybreak_signed_in(uuid, uuid)")
            .await?;
        Ok(())
    }
}
