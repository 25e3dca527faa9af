//! The background sealer (Postgres): chains the audit events this server wrote, a moment
//! after they commit (`chain::seal`).
//!
//! Row-level security lets the server's role see one practice at a time, so the sealer
//! cannot ask the database which practices have pending events: it seals the practices
//! this process wrote events for (`note`). An event left pending by a process that died
//! before its sealer ran is chained by the next seal of its practice (the practice's next
//! audited request through any instance, its owner opening the audit log, or
//! `daybreak audit verify`).

use std::{
    collections::HashMap,
    sync::{LazyLock, Mutex},
    time::{Duration, Instant},
};

use sea_orm::{DatabaseBackend, DatabaseConnection};
use uuid::Uuid;

use super::chain;

/// A practice is sealed on every tick (`DAYBREAK_AUDIT_SEAL_MS`, 200 ms by default) while
/// it was noted this recently ...
const RECENT: Duration = Duration::from_secs(2);
/// ... and every `SLOW_EVERY` ticks while it was noted within `KEEP` (a transaction that
/// commits late, up to the request timeout, still gets its events chained soon).
const SLOW_EVERY: u64 = 10;
const KEEP: Duration = Duration::from_secs(900);

static NOTED: LazyLock<Mutex<HashMap<Uuid, Instant>>> = LazyLock::new(Default::default);

/// Notes that this process wrote a pending event for `practice_id`.
pub fn note(practice_id: Uuid) {
    if let Ok(mut noted) = NOTED.lock() {
        noted.insert(practice_id, Instant::now());
    }
}

/// The practices to seal on tick number `round`.
fn due(round: u64) -> Vec<Uuid> {
    let now = Instant::now();
    let Ok(mut noted) = NOTED.lock() else { return Vec::new() };
    noted.retain(|_, at| now.duration_since(*at) < KEEP);
    noted
        .iter()
        .filter(|(_, at)| now.duration_since(**at) < RECENT || round.is_multiple_of(SLOW_EVERY))
        .map(|(id, _)| *id)
        .collect()
}

/// Starts the sealer on Postgres (SQLite chains as it writes). It runs until the runtime
/// stops; a seal cut short is a transaction rolled back, redone by the next one.
pub fn spawn(db: DatabaseConnection, every: Duration) {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        for round in 1u64.. {
            tick.tick().await;
            for practice_id in due(round) {
                if let Err(err) = chain::seal(&db, practice_id).await {
                    tracing::warn!(%practice_id, error = %err, "audit sealer: will retry");
                }
            }
        }
    });
}

/// Seals every practice this process noted (at shutdown, after the last request).
pub async fn seal_noted(db: &DatabaseConnection) {
    let practices: Vec<Uuid> =
        NOTED.lock().map(|n| n.keys().copied().collect()).unwrap_or_default();
    for practice_id in practices {
        if let Err(err) = chain::seal(db, practice_id).await {
            tracing::warn!(%practice_id, error = %err, "audit sealer: left pending");
        }
    }
}
