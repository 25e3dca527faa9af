//! A clinician's calendar feed: a secret, revocable URL their calendar app subscribes to
//! (iCalendar, RFC 5545). Events carry the client's initials only, never a name or the kind
//! of care; a cancelled appointment stays in the feed as cancelled, so calendar apps remove
//! it. A new feed revokes the old one. Every issue, revocation and fetch is audited.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    core::audit::{self, AuditEvent},
    core::db::setting_practice_from,
    core::error::{AppError, Result},
    core::identity::{CurrentStaff, RequestMeta, sessions},
    core::tenancy::InPractice,
    entities::{appointments, calendar_feeds, clients, staff},
};

/// A new feed: its URL is shown this once.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FeedIssued {
    pub url: String,
    pub created_at: DateTime<Utc>,
}

/// Whether the member has a live feed, and since when.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FeedStatus {
    pub active: bool,
    pub created_at: Option<DateTime<Utc>>,
}

async fn revoke_all(db: &impl ConnectionTrait, staff: &CurrentStaff) -> Result<u64> {
    Ok(calendar_feeds::Entity::update_many()
        .col_expr(calendar_feeds::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(calendar_feeds::Column::PracticeId.eq(staff.practice_id))
        .filter(calendar_feeds::Column::StaffId.eq(staff.id))
        .filter(calendar_feeds::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Issues a new feed for the signed-in clinician (the old one stops).
pub async fn issue(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    public_url: &str,
) -> Result<FeedIssued> {
    staff.require_clinical_access()?;
    revoke_all(db, staff).await?;
    let (token, hash) = sessions::new_secret_token();
    let row = calendar_feeds::Entity::insert(calendar_feeds::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        staff_id: Set(staff.id),
        token_hash: Set(hash),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
    })
    .exec_with_returning(db)
    .await?;
    audit::record(db, AuditEvent::by(staff, "calendar_feed.issue", "calendar_feed", Some(row.id)))
        .await?;
    Ok(FeedIssued { url: format!("{public_url}/cal/{token}.ics"), created_at: row.created_at })
}

/// Stops the signed-in clinician's feed.
pub async fn revoke(db: &impl ConnectionTrait, staff: &CurrentStaff) -> Result<()> {
    staff.require_clinical_access()?;
    let revoked = revoke_all(db, staff).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "calendar_feed.revoke", "calendar_feed", None)
            .detail(serde_json::json!({ "revoked": revoked })),
    )
    .await
}

pub async fn status(db: &impl ConnectionTrait, staff: &CurrentStaff) -> Result<FeedStatus> {
    staff.require_clinical_access()?;
    let live = calendar_feeds::Entity::in_practice(staff.practice_id)
        .filter(calendar_feeds::Column::StaffId.eq(staff.id))
        .filter(calendar_feeds::Column::RevokedAt.is_null())
        .one(db)
        .await?;
    audit::record(db, AuditEvent::by(staff, "calendar_feed.status", "calendar_feed", None)).await?;
    Ok(FeedStatus { active: live.is_some(), created_at: live.map(|f| f.created_at) })
}

/// "J. Á.": the initials of a client's first (or preferred) and last names.
fn initials(client: &clients::Model) -> String {
    let first = client.preferred_name.as_deref().unwrap_or(&client.first_name);
    [first, client.last_name.as_str()]
        .iter()
        .filter_map(|n| n.chars().find(|c| c.is_alphabetic()))
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A text value escaped for iCalendar.
fn escaped(value: &str) -> String {
    value.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace(['\r', '\n'], " ")
}

/// A content line folded at 75 octets (RFC 5545, 3.1), never inside a character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The feed a token opens: the member's appointments from 30 days back to 180 ahead, or
/// 404 for an unknown or revoked token or a member no longer active. Call it in a
/// transaction begun with the `token_hash` lookup.
pub async fn calendar(db: &impl ConnectionTrait, hash: &str, meta: &RequestMeta) -> Result<String> {
    let query = calendar_feeds::Entity::find().filter(calendar_feeds::Column::TokenHash.eq(hash));
    let feed = setting_practice_from(db, query, "calendar_feeds.practice_id")
        .one(db)
        .await?
        .filter(|f| f.revoked_at.is_none())
        .ok_or(AppError::NotFound)?;
    let member = staff::Entity::in_practice(feed.practice_id)
        .filter(staff::Column::Id.eq(feed.staff_id))
        .one(db)
        .await?
        .filter(|s| s.active)
        .ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let rows = appointments::Entity::in_practice(feed.practice_id)
        .filter(appointments::Column::ClinicianId.eq(member.id))
        .filter(appointments::Column::StartsAt.gte(now - Duration::days(30)))
        .filter(appointments::Column::StartsAt.lt(now + Duration::days(180)))
        .order_by_asc(appointments::Column::StartsAt)
        .all(db)
        .await?;
    let client_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.client_id).collect();
    let clients: std::collections::HashMap<Uuid, String> =
        clients::Entity::in_practice(feed.practice_id)
            .filter(clients::Column::Id.is_in(client_ids))
            .all(db)
            .await?
            .iter()
            .map(|c| (c.id, initials(c)))
            .collect();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Daybreak//Appointments//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Daybreak appointments",
    ] {
        fold(line, &mut out);
    }
    for row in &rows {
        let who = row.client_id.and_then(|c| clients.get(&c)).cloned().unwrap_or_default();
        let end = row.starts_at + Duration::minutes(row.duration_minutes as i64);
        let cancelled = row.status.is_cancellation();
        let place = if row.telehealth {
            "Online".to_owned()
        } else {
            row.location.clone().unwrap_or_default()
        };
        let mut lines = vec![
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}@daybreak", row.id),
            format!("DTSTAMP:{}", stamp(row.updated_at)),
            format!("DTSTART:{}", stamp(row.starts_at)),
            format!("DTEND:{}", stamp(end)),
            format!("SUMMARY:{}", escaped(format!("Appointment {who}").trim())),
            format!("SEQUENCE:{}", row.version),
            format!("STATUS:{}", if cancelled { "CANCELLED" } else { "CONFIRMED" }),
        ];
        if !place.is_empty() {
            lines.push(format!("LOCATION:{}", escaped(&place)));
        }
        lines.push("END:VEVENT".to_owned());
        for line in lines {
            fold(&line, &mut out);
        }
    }
    fold("END:VCALENDAR", &mut out);
    audit::record(
        db,
        AuditEvent::for_member(
            feed.practice_id,
            member.id,
            Some(member.role),
            "calendar_feed.read",
            meta,
        )
        .detail(serde_json::json!({ "events": rows.len() })),
    )
    .await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_without_splitting_a_character() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "é".repeat(60)), &mut out);
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.len() <= 75), "{lines:?}");
        assert!(lines[1].starts_with(' '));
        assert_eq!(escaped("a,b;c\\d\ne"), "a\\,b\\;c\\\\d e");
    }
}
