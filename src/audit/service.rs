//! Reading the audit log: the owner's filtered pages, the names beside the ids, the CSV export.
//! (Recording events is `core::audit`: every domain writes them.)

use sea_orm::{ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::{
    core::csv::csv_field, core::error::Result, core::paging::PageRequest,
    core::tenancy::InPractice, entities::audit_events,
};

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
                text(e.actor_role.map(|r| r.as_str().to_owned())),
                e.action.clone(),
                e.entity_type.clone(),
                text(e.entity_id.map(|id| id.to_string())),
                text(e.client_id.map(|id| id.to_string())),
                text(e.client_id.and_then(|id| names.clients.get(&id).cloned())),
                e.outcome.as_str().to_owned(),
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
