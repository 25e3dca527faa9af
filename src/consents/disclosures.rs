//! The accounting of disclosures (42 CFR 2.24): every time a client's record left the
//! practice in a period (when, to whom, under which consent, what, by whom), read from the
//! audit trail, where each report export is recorded in the same transaction as it is made.
//! A report for the practice's own use (`internal`) is not a disclosure and is not listed.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

use super::types::Disclosure;
use crate::{
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::csv::csv_field,
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff},
    core::tenancy::InPractice,
    entities::audit_events,
    staff::service as staff_service,
};

/// The most disclosures one accounting lists.
pub const MAX_ROWS: u64 = 5_000;

/// The audit action of every report that left the practice (single or in a month-end zip).
pub const DISCLOSURE_ACTION: &str = "report.export";

fn text(detail: &Value, key: &str) -> Option<String> {
    detail.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// What a recorded report export sent, in words.
fn what(detail: &Value) -> String {
    let period = match (text(detail, "from"), text(detail, "to")) {
        (Some(from), Some(to)) => format!(" {from} to {to}"),
        _ => String::new(),
    };
    let notes = if detail.get("include_notes").and_then(Value::as_bool) == Some(true) {
        "with signed session notes"
    } else {
        "without session notes"
    };
    let mut out = format!("Progress report{period}, {notes}");
    if detail.get("include_plan").and_then(Value::as_bool) == Some(true) {
        out.push_str(", with the relapse-prevention plan");
    }
    if detail.get("include_screens").and_then(Value::as_bool) == Some(true) {
        out.push_str(", with drug screens");
    }
    if detail.get("export_id").is_some_and(|v| !v.is_null()) {
        out.push_str(" (month-end export)");
    }
    out
}

/// A client's disclosures between `from` and `to` (practice days, both optional), oldest
/// first; the reading is itself audited.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Disclosure>> {
    staff.require(Action::ManageConsents)?;
    client_service::find(db, staff, client_id).await?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(AppError::field("from", "must be on or before `to`"));
    }
    let mut query = audit_events::Entity::in_practice(staff.practice_id)
        .filter(audit_events::Column::ClientId.eq(client_id))
        .filter(audit_events::Column::Action.eq(DISCLOSURE_ACTION));
    if let Some(start) = from.and_then(|d| crate::core::clock::day_start(d, &staff.time_zone)) {
        query = query.filter(audit_events::Column::At.gte(start));
    }
    if let Some(end) = to
        .and_then(|d| d.succ_opt())
        .and_then(|d| crate::core::clock::day_start(d, &staff.time_zone))
    {
        query = query.filter(audit_events::Column::At.lt(end));
    }
    let events = query
        .order_by_asc(audit_events::Column::At)
        .order_by_asc(audit_events::Column::Id)
        .limit(MAX_ROWS)
        .all(db)
        .await?;
    let names = staff_service::names(
        db,
        staff.practice_id,
        events.iter().filter_map(|e| e.actor_id).collect(),
    )
    .await?;
    let items: Vec<Disclosure> = events
        .into_iter()
        .filter_map(|e| {
            let detail = e.detail.clone().unwrap_or(Value::Null);
            if text(&detail, "basis").as_deref() == Some("internal") {
                return None;
            }
            let client_copy = text(&detail, "basis").as_deref() == Some("client_request");
            let recipient = text(&detail, "recipient").unwrap_or_else(|| {
                if client_copy {
                    "The client (their own request)".into()
                } else {
                    "Not recorded".into()
                }
            });
            Some(Disclosure {
                at: e.at,
                recipient,
                purpose: text(&detail, "purpose"),
                consent_id: text(&detail, "consent_id").and_then(|id| id.parse().ok()),
                what: what(&detail),
                by: e.actor_id,
                by_name: e.actor_id.and_then(|id| names.get(&id).cloned()),
            })
        })
        .collect();
    audit::record(
        db,
        AuditEvent::by(staff, "disclosure.list", "client", Some(client_id))
            .client(client_id)
            .detail(json!({ "from": from, "to": to, "count": items.len() })),
    )
    .await?;
    Ok(items)
}

/// The same list as CSV (one line a disclosure, fields quoted as the audit CSV's are).
pub fn csv(items: &[Disclosure], time_zone: &str) -> String {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    let mut out = String::from("at,recipient,purpose,consent_id,what,by\n");
    for d in items {
        let fields = [
            d.at.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
            d.recipient.clone(),
            d.purpose.clone().unwrap_or_default(),
            d.consent_id.map(|id| id.to_string()).unwrap_or_default(),
            d.what.clone(),
            d.by_name.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}
