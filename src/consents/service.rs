//! Consent rules: what a consent must say, who may record and revoke one (every role, the
//! front desk too), that it is never edited, and whether one may carry a disclosure today.
//! Every read and write is audited.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::types::{ConsentStatus, ConsentView, NewConsent, RevokeConsent};
use crate::{
    clients::service as client_service,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff},
    core::paging::PageRequest,
    core::tenancy::InPractice,
    core::validation::Check,
    entities::{consent_documents, consents},
    staff::service as staff_service,
};

/// The longest recipient, purpose or expiry event.
pub const MAX_LABEL_CHARS: usize = 200;
/// The longest description of the information a consent covers.
pub const MAX_INFORMATION_CHARS: usize = 1000;

/// Where a consent stands on `today`: revoked, past its expiry date, or active. A consent
/// that ends at an event stays active until someone records its revocation.
pub fn status(consent: &consents::Model, today: NaiveDate) -> ConsentStatus {
    if consent.revoked_on.is_some_and(|day| day <= today) {
        ConsentStatus::Revoked
    } else if consent.expires_on.is_some_and(|day| day < today) {
        ConsentStatus::Expired
    } else {
        ConsentStatus::Active
    }
}

pub(super) async fn views(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    rows: Vec<consents::Model>,
) -> Result<Vec<ConsentView>> {
    let people = rows.iter().flat_map(|c| [Some(c.recorded_by), c.revoked_by]).flatten().collect();
    let names = staff_service::names(db, staff.practice_id, people).await?;
    let today = staff.today();
    let documents: std::collections::HashMap<Uuid, String> =
        consent_documents::Entity::in_practice(staff.practice_id)
            .filter(consent_documents::Column::ConsentId.is_in(rows.iter().map(|c| c.id)))
            .select_only()
            .column(consent_documents::Column::ConsentId)
            .column(consent_documents::Column::ContentType)
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
    Ok(rows
        .into_iter()
        .map(|c| ConsentView {
            document_type: documents.get(&c.id).cloned(),
            status: status(&c, today),
            recorded_by_name: names.get(&c.recorded_by).cloned(),
            revoked_by_name: c.revoked_by.and_then(|id| names.get(&id).cloned()),
            id: c.id,
            client_id: c.client_id,
            recipient: c.recipient,
            purpose: c.purpose,
            information: c.information,
            includes_notes: c.includes_notes,
            expires_on: c.expires_on,
            expiry_event: c.expiry_event,
            signed_on: c.signed_on,
            recorded_by: c.recorded_by,
            recorded_at: c.recorded_at,
            revoked_on: c.revoked_on,
            revoked_by: c.revoked_by,
            revoked_at: c.revoked_at,
            version: c.version,
        })
        .collect())
}

/// A consent of a client within the caller's reach, or 404.
pub(super) async fn find(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<consents::Model> {
    staff.require(Action::ManageConsents)?;
    let consent = consents::Entity::in_practice(staff.practice_id)
        .filter(consents::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    client_service::find(db, staff, consent.client_id).await?;
    Ok(consent)
}

/// A client's consents, newest signature first.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    page: PageRequest,
) -> Result<(Vec<ConsentView>, u64)> {
    staff.require(Action::ManageConsents)?;
    client_service::find(db, staff, client_id).await?;
    let query = consents::Entity::in_practice(staff.practice_id)
        .filter(consents::Column::ClientId.eq(client_id));
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(consents::Column::SignedOn)
        .order_by_desc(consents::Column::RecordedAt)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "consent.list", "client", Some(client_id))
            .client(client_id)
            .detail(json!({ "count": rows.len() })),
    )
    .await?;
    views(db, staff, rows).await.map(|items| (items, total))
}

/// One consent.
pub async fn get(db: &impl ConnectionTrait, staff: &CurrentStaff, id: Uuid) -> Result<ConsentView> {
    let consent = find(db, staff, id).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "consent.read", "consent", Some(id)).client(consent.client_id),
    )
    .await?;
    Ok(views(db, staff, vec![consent]).await?.remove(0))
}

/// Records a consent the client signed. It is never edited afterwards: a change is a new
/// consent (and the old one revoked).
#[tracing::instrument(skip_all)]
pub async fn create(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    input: NewConsent,
) -> Result<ConsentView> {
    staff.require(Action::ManageConsents)?;
    client_service::find(db, staff, client_id).await?;
    let today = staff.today();
    let mut check = Check::new();
    let recipient = check.required_text("recipient", &input.recipient, MAX_LABEL_CHARS);
    let purpose = check.required_text("purpose", &input.purpose, MAX_LABEL_CHARS);
    let information = check.required_text("information", &input.information, MAX_INFORMATION_CHARS);
    let expiry_event =
        check.optional_text("expiry_event", input.expiry_event.as_deref(), MAX_LABEL_CHARS);
    check.date_not_after("signed_on", Some(input.signed_on), today);
    match input.expires_on {
        Some(day) if day < input.signed_on => {
            check.fail("expires_on", "cannot be before the day it was signed")
        }
        Some(day) if day < today => check.fail("expires_on", "has passed: this consent is over"),
        None if expiry_event.is_none() => check.fail(
            "expires_on",
            "a consent says when it ends: give a date, or the event (expiry_event)",
        ),
        _ => {}
    }
    check.finish()?;
    let consent = consents::Entity::insert(consents::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(client_id),
        recipient: Set(recipient),
        purpose: Set(purpose),
        information: Set(information),
        includes_notes: Set(input.includes_notes),
        expires_on: Set(input.expires_on),
        expiry_event: Set(expiry_event),
        signed_on: Set(input.signed_on),
        recorded_by: Set(staff.id),
        recorded_at: Set(Utc::now()),
        revoked_on: Set(None),
        revoked_by: Set(None),
        revoked_at: Set(None),
        version: Set(1),
    })
    .exec_with_returning(db)
    .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "consent.create", "consent", Some(consent.id))
            .client(client_id)
            .detail(json!({ "includes_notes": consent.includes_notes })),
    )
    .await?;
    Ok(views(db, staff, vec![consent]).await?.remove(0))
}

/// Records the client's revocation: from that day on, nothing more goes out under it.
#[tracing::instrument(skip_all)]
pub async fn revoke(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    input: RevokeConsent,
) -> Result<ConsentView> {
    let consent = find(db, staff, id).await?;
    if consent.revoked_on.is_some() {
        return Err(AppError::Conflict("This consent is already revoked.".into()));
    }
    let today = staff.today();
    let revoked_on = input.revoked_on.unwrap_or(today);
    let mut check = Check::new();
    check.date_not_after("revoked_on", Some(revoked_on), today);
    if revoked_on < consent.signed_on {
        check.fail("revoked_on", "cannot be before the day the consent was signed");
    }
    check.finish()?;
    let now = Utc::now();
    let changed = consents::Entity::update_many()
        .col_expr(consents::Column::RevokedOn, Expr::value(revoked_on))
        .col_expr(consents::Column::RevokedBy, Expr::value(staff.id))
        .col_expr(consents::Column::RevokedAt, Expr::value(now))
        .col_expr(consents::Column::Version, Expr::value(consent.version + 1))
        .filter(consents::Column::PracticeId.eq(staff.practice_id))
        .filter(consents::Column::Id.eq(id))
        .filter(consents::Column::Version.eq(consent.version))
        .exec(db)
        .await?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict("This consent was changed meanwhile; reload it.".into()));
    }
    audit::record(
        db,
        AuditEvent::by(staff, "consent.revoke", "consent", Some(id))
            .client(consent.client_id)
            .detail(json!({ "revoked_on": revoked_on })),
    )
    .await?;
    let consent = consents::Model {
        revoked_on: Some(revoked_on),
        revoked_by: Some(staff.id),
        revoked_at: Some(now),
        version: consent.version + 1,
        ..consent
    };
    Ok(views(db, staff, vec![consent]).await?.remove(0))
}

/// The client's latest consent that is active today and names `recipient` (compared without
/// case or surrounding spaces): what a month-end export sends their report under.
pub async fn active_naming(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    recipient: &str,
) -> Result<Option<consents::Model>> {
    let today = staff.today();
    let wanted = recipient.trim().to_lowercase();
    Ok(consents::Entity::in_practice(staff.practice_id)
        .filter(consents::Column::ClientId.eq(client_id))
        .order_by_desc(consents::Column::SignedOn)
        .all(db)
        .await?
        .into_iter()
        .find(|c| {
            c.recipient.trim().to_lowercase() == wanted && status(c, today) == ConsentStatus::Active
        }))
}

/// The consent a disclosure of this client's record goes out under: it must be the
/// client's and active today, else a 422 on `field` that says why.
pub async fn for_disclosure(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    consent_id: Uuid,
    field: &str,
) -> Result<consents::Model> {
    let consent = consents::Entity::in_practice(staff.practice_id)
        .filter(consents::Column::Id.eq(consent_id))
        .filter(consents::Column::ClientId.eq(client_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::field(field, "is not a consent of this client"))?;
    match status(&consent, staff.today()) {
        ConsentStatus::Active => Ok(consent),
        ConsentStatus::Revoked => Err(AppError::field(
            field,
            "was revoked by the client: nothing more may be disclosed under it",
        )),
        ConsentStatus::Expired => {
            Err(AppError::field(field, "has expired: nothing more may be disclosed under it"))
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Utc};
    use uuid::Uuid;

    use super::status;
    use crate::{consents::types::ConsentStatus, entities::consents};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn consent(expires_on: Option<NaiveDate>, revoked_on: Option<NaiveDate>) -> consents::Model {
        consents::Model {
            practice_id: Uuid::nil(),
            id: Uuid::nil(),
            client_id: Uuid::nil(),
            recipient: "County drug court".into(),
            purpose: "Compliance".into(),
            information: "Progress reports".into(),
            includes_notes: false,
            expires_on,
            expiry_event: None,
            signed_on: day(1),
            recorded_by: Uuid::nil(),
            recorded_at: Utc::now(),
            revoked_on,
            revoked_by: None,
            revoked_at: None,
            version: 1,
        }
    }

    #[test]
    fn a_consent_is_active_through_its_expiry_day_and_ends_the_day_after() {
        let c = consent(Some(day(10)), None);
        assert_eq!(status(&c, day(9)), ConsentStatus::Active);
        assert_eq!(status(&c, day(10)), ConsentStatus::Active);
        assert_eq!(status(&c, day(11)), ConsentStatus::Expired);
    }

    #[test]
    fn a_revocation_counts_from_its_day_and_wins_over_expiry() {
        let c = consent(Some(day(5)), Some(day(3)));
        assert_eq!(status(&c, day(2)), ConsentStatus::Active);
        assert_eq!(status(&c, day(3)), ConsentStatus::Revoked);
        assert_eq!(status(&c, day(20)), ConsentStatus::Revoked);
        assert_eq!(
            status(&consent(None, None), day(31)),
            ConsentStatus::Active,
            "an event ends it"
        );
    }
}
