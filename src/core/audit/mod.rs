//! Recording audit events, and the store that chains them: every read and write of a client's
//! record leaves an event (who, practice, action, entity, when, from where, outcome), hash-chained
//! per practice (`chain`; on Postgres chained a moment after commit by the `sealer`).

pub mod chain;
pub mod sealer;

use sea_orm::{ConnectionTrait, DbBackend, EntityTrait};
use uuid::Uuid;

use crate::{
    core::error::Result,
    core::identity::{CurrentStaff, RequestMeta, Role},
    entities::audit_events,
};

/// What came of the recorded action.
pub use crate::entities::states::AuditOutcome as Outcome;

/// One event to record.
#[derive(Clone, Debug)]
pub struct AuditEvent {
    pub practice_id: Uuid,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<Role>,
    pub action: &'static str,
    pub entity_type: &'static str,
    pub entity_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub outcome: Outcome,
    pub detail: Option<serde_json::Value>,
    pub meta: RequestMeta,
}

impl AuditEvent {
    /// An event by the signed-in staff member.
    pub fn by(
        staff: &CurrentStaff,
        action: &'static str,
        entity_type: &'static str,
        entity_id: Option<Uuid>,
    ) -> Self {
        Self {
            practice_id: staff.practice_id,
            actor_id: Some(staff.id),
            actor_role: Some(staff.role),
            action,
            entity_type,
            entity_id,
            client_id: None,
            outcome: Outcome::Success,
            detail: None,
            meta: staff.meta.clone(),
        }
    }

    /// An event about a member who is not signed in with an access token (sign-in, token
    /// refresh, sign-out): they are both the actor and the entity.
    pub fn for_member(
        practice_id: Uuid,
        staff_id: Uuid,
        role: Option<Role>,
        action: &'static str,
        meta: &RequestMeta,
    ) -> Self {
        Self {
            practice_id,
            actor_id: Some(staff_id),
            actor_role: role,
            action,
            entity_type: "staff",
            entity_id: Some(staff_id),
            client_id: None,
            outcome: Outcome::Success,
            detail: None,
            meta: meta.clone(),
        }
    }

    /// An event by a client through their self-report link (no staff actor).
    pub fn by_link(
        practice_id: Uuid,
        client_id: Uuid,
        link_id: Uuid,
        action: &'static str,
        meta: &RequestMeta,
    ) -> Self {
        Self {
            practice_id,
            actor_id: None,
            actor_role: None,
            action,
            entity_type: "self_report_link",
            entity_id: Some(link_id),
            client_id: Some(client_id),
            outcome: Outcome::Success,
            detail: None,
            meta: meta.clone(),
        }
    }

    /// The client whose record this event touches.
    pub fn client(mut self, client_id: Uuid) -> Self {
        self.client_id = Some(client_id);
        self
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    /// Extra facts (never PHI such as names or note text).
    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// Records an event in the caller's transaction: it commits (or fails) with what it
/// records. On Postgres the event is written `pending` and the sealer (`chain::seal`, run in
/// the background) gives it its place in the practice's hash chain a moment later, so no
/// request queues for the practice's chain lock. On SQLite (one writer) it is chained here.
pub async fn record(db: &impl ConnectionTrait, event: AuditEvent) -> Result<()> {
    let mut model = audit_events::Model {
        practice_id: event.practice_id,
        id: Uuid::now_v7(),
        at: chain::to_micros(chrono::Utc::now()),
        actor_id: event.actor_id,
        actor_role: event.actor_role,
        action: event.action.to_owned(),
        entity_type: event.entity_type.to_owned(),
        entity_id: event.entity_id,
        client_id: event.client_id,
        request_id: event.meta.request_id,
        ip: event.meta.ip,
        outcome: event.outcome,
        detail: event.detail,
        seq: None,
        prev_hash: None,
        hash: None,
        pending: false,
    };
    let practice_id = model.practice_id;
    if db.get_database_backend() == DbBackend::Postgres {
        model.pending = true;
        audit_events::Entity::insert(audit_events::ActiveModel::from(model))
            .exec_without_returning(db)
            .await?;
        sealer::note(practice_id);
        return Ok(());
    }
    let (seq, prev_hash) = chain::take_head(db, practice_id).await?;
    let hash = chain::event_hash(&model, seq, &prev_hash);
    model.seq = Some(seq);
    model.prev_hash = Some(prev_hash);
    model.hash = Some(hash.clone());
    audit_events::Entity::insert(audit_events::ActiveModel::from(model))
        .exec_without_returning(db)
        .await?;
    chain::advance_head(db, practice_id, seq, &hash).await
}
