//! The Postgres triggers that guard locked records (signed notes, addenda, audit events) raise
//! their own SQLSTATE, `LK001`, instead of the generic `P0001`: the server tells a locked
//! record by that code (`core::error::LOCKED_RECORD_SQLSTATE`), not by the words of the
//! message. SQLite's triggers are unchanged: `RAISE(ABORT, ...)` has its own result code.

use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

use crate::{
    m20261128_000002_clinical_record::{refuse_change_function, session_note_lock_function},
    m20261205_000010_deferred_audit_chain::AUDIT_APPEND_ONLY_FUNCTION,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn functions(errcode: &str) -> String {
    let audit =
        AUDIT_APPEND_ONLY_FUNCTION.replace("ERRCODE = 'P0001'", &format!("ERRCODE = '{errcode}'"));
    format!(
        "{}{}\n{}",
        session_note_lock_function("CREATE OR REPLACE", errcode),
        refuse_change_function("CREATE OR REPLACE", errcode),
        audit
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager.get_connection().execute_unprepared(&functions("LK001")).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager.get_connection().execute_unprepared(&functions("P0001")).await?;
        }
        Ok(())
    }
}
