//! The hash chain of a practice's audit events: each event's hash covers its fields and the
//! previous event's hash, so changing, removing or reordering any event breaks every hash
//! after it. `verify` recomputes a practice's chain and names the first broken event.

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::OnConflict,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{
    core::error::Result,
    entities::{audit_chain_heads, audit_events},
};

/// The "previous hash" of a practice's first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn optional<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// Timestamps are hashed (and stored) to the microsecond, the precision both databases keep.
pub fn to_micros(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at)
}

/// The hash of an event given the hash before it: SHA-256 over the length-prefixed (u64,
/// big-endian) fields practice, seq, id, at, actor, role, action, entity type and id,
/// client, request id, address, outcome, detail and the previous hash.
pub fn event_hash(e: &audit_events::Model, seq: i64, prev_hash: &str) -> String {
    let fields = [
        e.practice_id.to_string(),
        seq.to_string(),
        e.id.to_string(),
        to_micros(e.at).to_rfc3339_opts(SecondsFormat::Micros, true),
        optional(&e.actor_id),
        optional(&e.actor_role.map(|r| r.as_str())),
        e.action.clone(),
        e.entity_type.clone(),
        optional(&e.entity_id),
        optional(&e.client_id),
        optional(&e.request_id),
        optional(&e.ip),
        e.outcome.as_str().to_owned(),
        // serde_json keeps object keys sorted, so a value reads back to the same text.
        e.detail.as_ref().map(|d| d.to_string()).unwrap_or_default(),
        prev_hash.to_owned(),
    ];
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Takes the practice's chain head for this transaction (a row lock on Postgres; SQLite has
/// one writer anyway) and returns the next sequence number and the previous hash. The head
/// row is created on a practice's first event only: every later event is one round trip here.
pub async fn take_head(db: &impl ConnectionTrait, practice_id: Uuid) -> Result<(i64, String)> {
    let lock = || audit_chain_heads::Entity::find_by_id(practice_id).lock_exclusive().one(db);
    let head = match lock().await? {
        Some(head) => Some(head),
        None => {
            audit_chain_heads::Entity::insert(audit_chain_heads::ActiveModel {
                practice_id: Set(practice_id),
                seq: Set(0),
                hash: Set(GENESIS.to_owned()),
            })
            .on_conflict(
                OnConflict::column(audit_chain_heads::Column::PracticeId).do_nothing().to_owned(),
            )
            .exec_without_returning(db)
            .await?;
            lock().await?
        }
    };
    let (seq, hash) = head.map(|h| (h.seq, h.hash)).unwrap_or((0, GENESIS.to_owned()));
    Ok((seq + 1, hash))
}

/// Moves the practice's head to the event just written.
pub async fn advance_head(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    seq: i64,
    hash: &str,
) -> Result<()> {
    audit_chain_heads::Entity::update_many()
        .set(audit_chain_heads::ActiveModel {
            seq: Set(seq),
            hash: Set(hash.to_owned()),
            ..Default::default()
        })
        .filter(audit_chain_heads::Column::PracticeId.eq(practice_id))
        .exec(db)
        .await?;
    Ok(())
}

/// `pending` as a bare condition, not `pending = $n`: a bound value would keep Postgres from
/// using the partial index `ix_audit_pending` in a generic plan (it scanned the table).
fn pending() -> sea_orm::sea_query::SimpleExpr {
    sea_orm::sea_query::Expr::col((audit_events::Entity, audit_events::Column::Pending))
}

/// Events a sealer chains in one transaction.
const SEAL_BATCH: u64 = 500;

/// Gives a practice's pending events (written on Postgres without their place) their places
/// in its chain, oldest first, in transactions of up to `SEAL_BATCH` events under the
/// practice's head lock. Returns how many it chained. Safe to run anywhere at any time:
/// two sealers of one practice take turns on the lock, and the second finds the events
/// chained already. An event whose transaction has not committed yet waits for the next one.
pub async fn seal(db: &sea_orm::DatabaseConnection, practice_id: Uuid) -> Result<u64> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(0); // SQLite chains each event as it is written.
    }
    let mut sealed = 0;
    loop {
        let txn = crate::core::db::begin_in(db, practice_id).await?;
        let (mut seq, mut prev) = take_head(&txn, practice_id).await?;
        // Read under the lock: what another sealer chained meanwhile is no longer pending.
        let batch = audit_events::Entity::find()
            .filter(audit_events::Column::PracticeId.eq(practice_id))
            .filter(pending())
            .order_by_asc(audit_events::Column::At)
            .order_by_asc(audit_events::Column::Id)
            .limit(SEAL_BATCH)
            .all(&txn)
            .await?;
        let count = batch.len() as u64;
        if count == 0 {
            // Nothing pending: the head was locked for a moment, and is left as it was.
            txn.rollback().await?;
            return Ok(sealed);
        }
        let mut links = Vec::with_capacity(batch.len());
        for event in &batch {
            let hash = event_hash(event, seq, &prev);
            links.push((event.id, seq, prev, hash.clone()));
            prev = hash;
            seq += 1;
        }
        let (last_seq, last_hash) = (seq - 1, prev);
        write_links(&txn, practice_id, links).await?;
        advance_head(&txn, practice_id, last_seq, &last_hash).await?;
        txn.commit().await?;
        sealed += count;
        if count < SEAL_BATCH {
            return Ok(sealed);
        }
    }
}

/// Sets seq, previous hash and hash of pending events, and clears `pending`: one
/// statement for the batch (`UPDATE … FROM (VALUES …)`).
async fn write_links(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    links: Vec<(Uuid, i64, String, String)>,
) -> Result<()> {
    let mut values: Vec<sea_orm::Value> = vec![practice_id.into()];
    let mut rows = Vec::with_capacity(links.len());
    let expected = links.len() as u64;
    for (id, seq, prev, hash) in links {
        let n = values.len();
        rows.push(format!("(${}::uuid, ${}::bigint, ${}, ${})", n + 1, n + 2, n + 3, n + 4));
        values.extend([id.into(), seq.into(), prev.into(), hash.into()]);
    }
    let sql = format!(
        "UPDATE audit_events SET pending = false, seq = v.seq, prev_hash = v.prev_hash, \
         hash = v.hash FROM (VALUES {}) AS v(id, seq, prev_hash, hash) \
         WHERE audit_events.practice_id = $1 AND audit_events.id = v.id AND audit_events.pending",
        rows.join(", ")
    );
    let backend = db.get_database_backend();
    let done =
        db.execute_raw(sea_orm::Statement::from_sql_and_values(backend, sql, values)).await?;
    if done.rows_affected() != expected {
        return Err(crate::core::error::AppError::internal(format!(
            "sealing the audit chain changed {} of {expected} events",
            done.rows_affected()
        )));
    }
    Ok(())
}

/// What `verify` found for one practice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    pub practice_id: Uuid,
    /// Events checked in the chain.
    pub checked: u64,
    /// Events written before the chain existed (not covered by it).
    pub before_chain: u64,
    /// Events not chained yet (Postgres: the sealer chains them a moment after they commit;
    /// `audit verify` seals before it checks).
    pub pending: u64,
    /// The first event whose hash does not follow, and why.
    pub broken: Option<BrokenLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrokenLink {
    pub seq: i64,
    pub event_id: Uuid,
    pub reason: String,
}

/// Recomputes one practice's chain, reading it in pages.
pub async fn verify(db: &impl ConnectionTrait, practice_id: Uuid) -> Result<ChainReport> {
    let before_chain = audit_events::Entity::find()
        .filter(audit_events::Column::PracticeId.eq(practice_id))
        .filter(audit_events::Column::Seq.is_null())
        .filter(audit_events::Column::Pending.eq(false))
        .count(db)
        .await?;
    let pending = audit_events::Entity::find()
        .filter(audit_events::Column::PracticeId.eq(practice_id))
        .filter(pending())
        .count(db)
        .await?;
    let mut report = ChainReport { practice_id, checked: 0, before_chain, pending, broken: None };
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_owned();
    loop {
        let page = audit_events::Entity::find()
            .filter(audit_events::Column::PracticeId.eq(practice_id))
            .filter(audit_events::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_events::Column::Seq)
            .limit(1000)
            .all(db)
            .await?;
        if page.is_empty() {
            break;
        }
        for event in page {
            let seq = event.seq.unwrap_or_default();
            let fail = |reason: String| BrokenLink { seq, event_id: event.id, reason };
            let problem = if seq != expected_seq {
                Some(format!("event {expected_seq} is missing (found {seq} next)"))
            } else if event.prev_hash.as_deref() != Some(prev.as_str()) {
                Some("its previous-hash does not match the event before it".to_owned())
            } else if event.hash.as_deref() != Some(event_hash(&event, seq, &prev).as_str()) {
                Some("its contents do not match its hash (changed after writing)".to_owned())
            } else {
                None
            };
            if let Some(reason) = problem {
                report.broken = Some(fail(reason));
                return Ok(report);
            }
            prev = event.hash.clone().unwrap_or_default();
            expected_seq += 1;
            report.checked += 1;
        }
    }
    // The head says how long the chain must be: a deleted tail is a break too.
    let head = audit_chain_heads::Entity::find_by_id(practice_id).one(db).await?;
    if let Some(head) = head
        && head.seq >= expected_seq
    {
        report.broken = Some(BrokenLink {
            seq: expected_seq,
            event_id: Uuid::nil(),
            reason: format!("events {expected_seq} to {} are missing", head.seq),
        });
    }
    Ok(report)
}
