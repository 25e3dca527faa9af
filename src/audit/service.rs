//! Writing and reading audit events. A write's audit event goes into the write's transaction.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

use super::{chain, sealer};
use crate::{
    auth::{CurrentStaff, RequestMeta, Role},
    entities::audit_events,
    error::Result,
    http::list::PageRequest,
    tenancy::InPractice,
};

/// How an audited action ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }
}

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
        actor_role: event.actor_role.map(|r| r.as_str().to_owned()),
        action: event.action.to_owned(),
        entity_type: event.entity_type.to_owned(),
        entity_id: event.entity_id,
        client_id: event.client_id,
        request_id: event.meta.request_id,
        ip: event.meta.ip,
        outcome: event.outcome.as_str().to_owned(),
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

/// Filters for the owner's audit log.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub actor_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub action: Option<String>,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    pub to: Option<chrono::DateTime<chrono::Utc>>,
}

/// One page of a practice's audit events, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    filter: &AuditFilter,
    page: PageRequest,
) -> Result<(Vec<audit_events::Model>, u64)> {
    let mut query = audit_events::Entity::in_practice(practice_id);
    if let Some(actor) = filter.actor_id {
        query = query.filter(audit_events::Column::ActorId.eq(actor));
    }
    if let Some(client) = filter.client_id {
        query = query.filter(audit_events::Column::ClientId.eq(client));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_events::Column::Action.eq(action.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_events::Column::At.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_events::Column::At.lt(to));
    }
    let total = query.clone().count(db).await?;
    let items = query
        .order_by_desc(audit_events::Column::At)
        .order_by_desc(audit_events::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok((items, total))
}

/// Staff and client names for a page of events (two queries).
#[derive(Default)]
pub struct Names {
    pub staff: std::collections::HashMap<Uuid, String>,
    pub clients: std::collections::HashMap<Uuid, String>,
}

pub async fn names(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    events: &[audit_events::Model],
) -> Result<Names> {
    use crate::{entities::clients, staff::service as staff_service};
    let mut client_ids: Vec<Uuid> = events.iter().filter_map(|e| e.client_id).collect();
    client_ids.sort();
    client_ids.dedup();
    let mut names = Names::default();
    names.staff =
        staff_service::names(db, practice_id, events.iter().filter_map(|e| e.actor_id).collect())
            .await?;
    if !client_ids.is_empty() {
        names.clients = clients::Entity::in_practice(practice_id)
            .filter(clients::Column::Id.is_in(client_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, format!("{} {}", c.first_name, c.last_name)))
            .collect();
    }
    Ok(names)
}

/// The most rows one CSV export holds.
pub const MAX_EXPORT_ROWS: usize = 200_000;

/// One CSV field: a leading formula character is defused, and a field holding a separator
/// (a comma, or the semicolon of spreadsheets set to European locales), a quote, a tab or a
/// line break is quoted, so it is read back as one cell.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', ';', '"', '\n', '\r', '\t']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The events matching `filter`, oldest first, as CSV, read in pages; and the row count.
pub async fn export_csv(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    filter: &AuditFilter,
) -> Result<(String, usize)> {
    let mut out = String::from(
        "at,seq,actor_id,actor_name,actor_role,action,entity_type,entity_id,client_id,client_name,outcome,ip,request_id,detail\n",
    );
    let mut rows = 0;
    let mut page = 0u64;
    loop {
        let mut query = audit_events::Entity::in_practice(practice_id);
        if let Some(actor) = filter.actor_id {
            query = query.filter(audit_events::Column::ActorId.eq(actor));
        }
        if let Some(client) = filter.client_id {
            query = query.filter(audit_events::Column::ClientId.eq(client));
        }
        if let Some(action) = &filter.action {
            query = query.filter(audit_events::Column::Action.eq(action.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(audit_events::Column::At.gte(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(audit_events::Column::At.lt(to));
        }
        let events = query
            .order_by_asc(audit_events::Column::At)
            .order_by_asc(audit_events::Column::Id)
            .offset(page * 1000)
            .limit(1000)
            .all(db)
            .await?;
        if events.is_empty() {
            break;
        }
        let names = names(db, practice_id, &events).await?;
        for e in &events {
            let text = |v: Option<String>| v.unwrap_or_default();
            let fields = [
                e.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                text(e.seq.map(|s| s.to_string())),
                text(e.actor_id.map(|id| id.to_string())),
                text(e.actor_id.and_then(|id| names.staff.get(&id).cloned())),
                text(e.actor_role.clone()),
                e.action.clone(),
                e.entity_type.clone(),
                text(e.entity_id.map(|id| id.to_string())),
                text(e.client_id.map(|id| id.to_string())),
                text(e.client_id.and_then(|id| names.clients.get(&id).cloned())),
                e.outcome.clone(),
                text(e.ip.clone()),
                text(e.request_id.clone()),
                text(e.detail.as_ref().map(|d| d.to_string())),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
            rows += 1;
            if rows >= MAX_EXPORT_ROWS {
                return Ok((out, rows));
            }
        }
        page += 1;
    }
    Ok((out, rows))
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_field("a;=1+1;<b>x"), "\"a;=1+1;<b>x\"", "one cell in a ; locale too");
        assert_eq!(csv_field("tab\there"), "\"tab\there\"");
    }
}
