//! Issuing, listing and revoking self-report links, and resolving a presented token.
//!
//! The token (256 random bits) is shown once; only its SHA-256 is stored. Every way a
//! token can fail (unknown, expired, revoked, archived client) is the same 404.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::{
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff, sessions},
    core::paging::PageRequest,
    core::tenancy::InPractice,
    entities::states::RecordStatus,
    entities::{clients, practices, self_report_links},
    staff::service as staff_service,
};

pub const DEFAULT_EXPIRY_DAYS: i64 = 90;
pub const MAX_EXPIRY_DAYS: i64 = 365;

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct NewLink {
    /// 1 to 365; 90 when absent.
    pub expires_in_days: Option<i64>,
}

/// A link as staff see it (never with its token).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct LinkView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// When the client's phone first opened the link and took it as its own; until then
    /// the link shows nothing personal.
    pub claimed_at: Option<DateTime<Utc>>,
    pub status: LinkStatus,
    pub created_by: Uuid,
    pub created_by_name: Option<String>,
}

/// A new link with its token and URL: the only time the token is shown.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct IssuedLink {
    #[serde(flatten)]
    pub link: LinkView,
    pub url: String,
    pub token: String,
}

/// Whether a link still opens: revoked by staff, past its expiry, or active.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    Active,
    Expired,
    Revoked,
}

fn status(link: &self_report_links::Model, now: DateTime<Utc>) -> LinkStatus {
    if link.revoked_at.is_some() {
        LinkStatus::Revoked
    } else if link.expires_at <= now {
        LinkStatus::Expired
    } else {
        LinkStatus::Active
    }
}

async fn views(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    links: Vec<self_report_links::Model>,
) -> Result<Vec<LinkView>> {
    let names =
        staff_service::names(db, practice_id, links.iter().map(|l| l.created_by).collect()).await?;
    let now = Utc::now();
    Ok(links
        .into_iter()
        .map(|l| LinkView {
            id: l.id,
            client_id: l.client_id,
            status: status(&l, now),
            created_at: l.created_at,
            expires_at: l.expires_at,
            revoked_at: l.revoked_at,
            last_used_at: l.last_used_at,
            claimed_at: l.claimed_at,
            created_by: l.created_by,
            created_by_name: names.get(&l.created_by).cloned(),
        })
        .collect())
}

/// Issues a link for a client; the token is in the answer and nowhere else. The client's
/// earlier live links are revoked: a client has one link, on one phone.
#[tracing::instrument(skip_all)]
pub async fn issue(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    input: NewLink,
    public_url: &str,
) -> Result<IssuedLink> {
    staff.require(Action::ManageSelfReportLinks)?;
    let client = client_service::find(db, staff, client_id).await?;
    if client.status != RecordStatus::Active {
        return Err(AppError::Conflict(
            "This client is archived; restore them before issuing a link.".into(),
        ));
    }
    let days = input.expires_in_days.unwrap_or(DEFAULT_EXPIRY_DAYS);
    if !(1..=MAX_EXPIRY_DAYS).contains(&days) {
        return Err(AppError::field("expires_in_days", "must be from 1 to 365"));
    }
    let (token, token_hash) = sessions::new_secret_token();
    let now = Utc::now();
    let earlier = self_report_links::Entity::in_practice(staff.practice_id)
        .filter(self_report_links::Column::ClientId.eq(client_id))
        .filter(self_report_links::Column::RevokedAt.is_null())
        .filter(self_report_links::Column::ExpiresAt.gt(now))
        .all(db)
        .await?;
    for old in &earlier {
        revoke_row(db, staff, old).await?;
    }
    let link = self_report_links::Entity::insert(self_report_links::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(client_id),
        token_hash: Set(token_hash),
        created_by: Set(staff.id),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(days)),
        revoked_at: Set(None),
        revoked_by: Set(None),
        last_used_at: Set(None),
        claimed_at: Set(None),
        device_secret_hash: Set(None),
    })
    .exec_with_returning(db)
    .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "self_report_link.issue", "self_report_link", Some(link.id))
            .client(client_id)
            .detail(json!({ "expires_at": link.expires_at, "replaced": earlier.len() })),
    )
    .await?;
    let view = views(db, staff.practice_id, vec![link]).await?.remove(0);
    Ok(IssuedLink { link: view, url: format!("{public_url}/r/{token}"), token })
}

/// A client's links, newest first, without tokens.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    page: PageRequest,
) -> Result<(Vec<LinkView>, u64)> {
    staff.require(Action::ManageSelfReportLinks)?;
    client_service::find(db, staff, client_id).await?;
    let query = self_report_links::Entity::in_practice(staff.practice_id)
        .filter(self_report_links::Column::ClientId.eq(client_id));
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(self_report_links::Column::CreatedAt)
        .order_by_desc(self_report_links::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "self_report_link.list", "client", Some(client_id)).client(client_id),
    )
    .await?;
    Ok((views(db, staff.practice_id, rows).await?, total))
}

/// Revokes a link at once; revoking again changes nothing.
#[tracing::instrument(skip_all)]
pub async fn revoke(db: &impl ConnectionTrait, staff: &CurrentStaff, id: Uuid) -> Result<LinkView> {
    staff.require(Action::ManageSelfReportLinks)?;
    let link = self_report_links::Entity::in_practice(staff.practice_id)
        .filter(self_report_links::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    client_service::find(db, staff, link.client_id).await?;
    revoke_row(db, staff, &link).await?;
    let updated = self_report_links::Entity::in_practice(staff.practice_id)
        .filter(self_report_links::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(views(db, staff.practice_id, vec![updated]).await?.remove(0))
}

/// Revokes one link (of a client the caller may reach), audited; a revoked one is left be.
async fn revoke_row(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    link: &self_report_links::Model,
) -> Result<()> {
    if link.revoked_at.is_some() {
        return Ok(());
    }
    self_report_links::Entity::update_many()
        .set(self_report_links::ActiveModel {
            revoked_at: Set(Some(Utc::now())),
            revoked_by: Set(Some(staff.id)),
            ..Default::default()
        })
        .filter(self_report_links::Column::PracticeId.eq(staff.practice_id))
        .filter(self_report_links::Column::Id.eq(link.id))
        .filter(self_report_links::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "self_report_link.revoke", "self_report_link", Some(link.id))
            .client(link.client_id),
    )
    .await?;
    Ok(())
}

/// What a valid token opens: the link, its client and their practice.
#[derive(Clone, Debug)]
pub struct Opened {
    pub link: self_report_links::Model,
    pub client: clients::Model,
    pub practice: practices::Model,
}

/// The SHA-256 of a presented token, or None when it cannot be one of ours.
pub fn token_hash(token: &str) -> Option<String> {
    sessions::presented_token_hash(token)
}

/// Opens a token: 404 for anything but a live link of an active client. Call it first in a
/// transaction begun with `db::begin_lookup(…, Lookup::TokenHash, hash)` (row-level security
/// lets that transaction see the one link whose hash it presents); it sets the transaction's
/// practice to the link's. Two queries: the link, then its client with the practice.
pub async fn open(db: &impl ConnectionTrait, hash: &str) -> Result<Opened> {
    let query =
        self_report_links::Entity::find().filter(self_report_links::Column::TokenHash.eq(hash));
    let link = crate::core::db::setting_practice_from(db, query, "self_report_links.practice_id")
        .one(db)
        .await?
        .filter(|l| status(l, Utc::now()) == LinkStatus::Active)
        .ok_or(AppError::NotFound)?;
    let to_practice = clients::Entity::belongs_to(practices::Entity)
        .from(clients::Column::PracticeId)
        .to(practices::Column::Id)
        .into();
    let (client, practice) = clients::Entity::in_practice(link.practice_id)
        .filter(clients::Column::Id.eq(link.client_id))
        .filter(clients::Column::Status.eq(RecordStatus::Active))
        .join(JoinType::InnerJoin, to_practice)
        .select_also(practices::Entity)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let practice = practice.ok_or(AppError::NotFound)?;
    Ok(Opened { link, client, practice })
}

/// How a presented link stands with the browser presenting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// Nobody has claimed the link yet: it shows only the first-open step.
    Unclaimed,
    /// The browser holds the device secret of the phone that claimed the link.
    ClaimingPhone,
}

impl Opened {
    /// Who is presenting the link: 404 (exactly like an unknown token) for a claimed link
    /// without its device secret.
    pub fn holder(&self, device_secret: Option<&str>) -> Result<Holder> {
        match &self.link.device_secret_hash {
            None => Ok(Holder::Unclaimed),
            Some(stored) => {
                let presented = device_secret.map(sessions::sha256_hex);
                // Both sides are hashes of 256-bit secrets: comparing them leaks nothing.
                if presented.as_deref() == Some(stored.as_str()) {
                    Ok(Holder::ClaimingPhone)
                } else {
                    Err(AppError::NotFound)
                }
            }
        }
    }

    /// The link opened by the phone that claimed it; anything else is a 404.
    pub fn require_claiming_phone(&self, device_secret: Option<&str>) -> Result<()> {
        match self.holder(device_secret)? {
            Holder::ClaimingPhone => Ok(()),
            Holder::Unclaimed => Err(AppError::NotFound),
        }
    }
}

/// Claims an unclaimed link for the browser presenting it: returns the device secret to
/// set as its cookie (only its hash is stored). A claimed link answers 404, even to two
/// claims racing: the conditional update lets one of them through.
pub async fn claim(db: &impl ConnectionTrait, opened: &mut Opened) -> Result<String> {
    if opened.link.device_secret_hash.is_some() {
        return Err(AppError::NotFound);
    }
    let (secret, secret_hash) = sessions::new_secret_token();
    let now = Utc::now();
    let claimed = self_report_links::Entity::update_many()
        .set(self_report_links::ActiveModel {
            claimed_at: Set(Some(now)),
            device_secret_hash: Set(Some(secret_hash.clone())),
            last_used_at: Set(Some(now)),
            ..Default::default()
        })
        .filter(self_report_links::Column::PracticeId.eq(opened.link.practice_id))
        .filter(self_report_links::Column::Id.eq(opened.link.id))
        .filter(self_report_links::Column::DeviceSecretHash.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    opened.link.claimed_at = Some(now);
    opened.link.device_secret_hash = Some(secret_hash);
    opened.link.last_used_at = Some(now);
    Ok(secret)
}

/// Notes the link's use, to the minute: a link used again within a minute is not written
/// again (a client's page and check-in are a few requests in a row).
pub async fn touch(db: &impl ConnectionTrait, link: &self_report_links::Model) -> Result<()> {
    let now = Utc::now();
    if link.last_used_at.is_some_and(|at| now - at < Duration::minutes(1)) {
        return Ok(());
    }
    self_report_links::Entity::update_many()
        .set(self_report_links::ActiveModel { last_used_at: Set(Some(now)), ..Default::default() })
        .filter(self_report_links::Column::PracticeId.eq(link.practice_id))
        .filter(self_report_links::Column::Id.eq(link.id))
        .exec(db)
        .await?;
    Ok(())
}
