//! Database errors as answers: unreachable is 503, a locked record (told by the trigger's own
//! code) is 409, a violation of the unique key a service expects is the 409 it words, the
//! rest is a 500 that keeps its cause.

use sea_orm::{DbErr, SqlErr};

use super::AppError;

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        if is_unavailable(&err) {
            Self::unavailable("the database", Some(Box::new(err)))
        } else if is_locked_record(&err) {
            // The database's own lock on signed notes and append-only rows (a trigger) said no.
            Self::Conflict(
                "This record is signed and locked; add an addendum to correct it.".to_owned(),
            )
        } else {
            Self::internal_from("a database statement failed", err)
        }
    }
}

/// The SQLSTATE the Postgres triggers guarding locked records raise (signed notes, addenda,
/// audit events): class `LK` is no standard's and no Postgres error's.
pub const LOCKED_RECORD_SQLSTATE: &str = "LK001";
/// SQLite's extended result code for `RAISE(ABORT, ...)` in a trigger
/// (SQLITE_CONSTRAINT_TRIGGER): Daybreak's SQLite triggers raise only to guard locked records.
const SQLITE_CONSTRAINT_TRIGGER: &str = "1811";

/// The database's own error beneath a `DbErr`, when the statement reached the database.
fn database_error(err: &DbErr) -> Option<&(dyn sea_orm::sqlx::error::DatabaseError + 'static)> {
    use sea_orm::{RuntimeErr, sqlx};
    match err {
        DbErr::Query(RuntimeErr::SqlxError(e)) | DbErr::Exec(RuntimeErr::SqlxError(e)) => {
            match e.as_ref() {
                sqlx::Error::Database(db) => Some(db.as_ref()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// True when a trigger refused to change a locked record (a signed note, an addendum, an
/// audit event), told by the error's code.
fn is_locked_record(err: &DbErr) -> bool {
    database_error(err)
        .and_then(|db| db.code())
        .is_some_and(|code| code == LOCKED_RECORD_SQLSTATE || code == SQLITE_CONSTRAINT_TRIGGER)
}

/// True when the error means the database could not be reached, not that the query was wrong.
fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx};
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Query(RuntimeErr::SqlxError(e)) | DbErr::Exec(RuntimeErr::SqlxError(e)) => {
            match e.as_ref() {
                sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::Protocol(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed => true,
                // SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server is
                // shutting down or not accepting connections yet).
                sqlx::Error::Database(db) => db.code().is_some_and(|code| {
                    code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03")
                }),
                _ => false,
            }
        }
        _ => false,
    }
}

/// A unique key a service expects a conflict on: its name (as the migration creates it, and
/// as Postgres reports it) with its table and columns (as SQLite reports it, for it names no
/// constraint: "UNIQUE constraint failed: staff.practice_id, staff.email").
pub struct UniqueKey {
    pub name: &'static str,
    pub table: &'static str,
    pub columns: &'static [&'static str],
}

impl UniqueKey {
    fn violated_by(&self, err: &DbErr) -> bool {
        let Some(db) = database_error(err) else { return false };
        if db.kind() != sea_orm::sqlx::error::ErrorKind::UniqueViolation {
            return false;
        }
        match db.constraint() {
            Some(name) => name == self.name,
            None => {
                let columns: Vec<String> =
                    self.columns.iter().map(|c| format!("{}.{c}", self.table)).collect();
                db.message() == format!("UNIQUE constraint failed: {}", columns.join(", "))
            }
        }
    }
}

/// Maps a violation of `key` to `conflict` (a 409 the caller words), a missing referenced row
/// to 400, and anything else as usual (another unique key's violation is a 500: a bug).
pub fn unique_violation_as(err: DbErr, key: &UniqueKey, conflict: AppError) -> AppError {
    if key.violated_by(&err) {
        return conflict;
    }
    match err.sql_err() {
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
            AppError::BadRequest("The record refers to something that does not exist.".into())
        }
        _ => err.into(),
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Database};

    use super::{AppError, UniqueKey, unique_violation_as};

    const EMAIL: UniqueKey =
        UniqueKey { name: "ux_people_email", table: "people", columns: &["email"] };
    const BADGE: UniqueKey =
        UniqueKey { name: "ux_people_badge", table: "people", columns: &["badge"] };

    #[tokio::test]
    async fn a_unique_violation_is_a_conflict_only_for_the_key_the_caller_expects() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        db.execute_unprepared(
            "CREATE TABLE people (email TEXT, badge TEXT);
             CREATE UNIQUE INDEX ux_people_email ON people (email);
             CREATE UNIQUE INDEX ux_people_badge ON people (badge);
             INSERT INTO people VALUES ('a@example.com', '1');",
        )
        .await
        .unwrap();
        let again = || db.execute_unprepared("INSERT INTO people VALUES ('a@example.com', '2')");
        let taken = AppError::Conflict("taken".into());
        let answer = unique_violation_as(again().await.unwrap_err(), &EMAIL, taken);
        assert_eq!(answer.status().as_u16(), 409);
        let taken = AppError::Conflict("taken".into());
        let answer = unique_violation_as(again().await.unwrap_err(), &BADGE, taken);
        assert_eq!(answer.status().as_u16(), 500, "another key's violation is a bug: {answer:?}");
        let AppError::Internal(cause) = answer else { unreachable!() };
        assert!(
            cause.chain().contains("UNIQUE constraint failed: people.email"),
            "{}",
            cause.chain()
        );
    }

    #[tokio::test]
    async fn a_trigger_guarding_a_locked_record_is_a_conflict_and_other_errors_are_not() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        db.execute_unprepared(
            "CREATE TABLE kept (text TEXT CHECK (length(text) < 10));
             CREATE TRIGGER kept_no_delete BEFORE DELETE ON kept
             BEGIN SELECT RAISE(ABORT, 'any words at all'); END;
             INSERT INTO kept VALUES ('kept');",
        )
        .await
        .unwrap();
        let refused = db.execute_unprepared("DELETE FROM kept").await.unwrap_err();
        assert_eq!(AppError::from(refused).status().as_u16(), 409);
        let broken = db.execute_unprepared("INSERT INTO kept VALUES ('far too long')").await;
        assert_eq!(AppError::from(broken.unwrap_err()).status().as_u16(), 500);
    }
}
