//! Client rules: the caseload scope, validation, optimistic versions, archive instead of
//! delete, and an audit event for every read and write.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    sea_query::{Expr, LikeExpr},
};
use serde_json::json;
use uuid::Uuid;

use super::{
    progress,
    types::{ClientUpdate, ClientView, NewClient},
};
use crate::{
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::{Action, CurrentStaff, policy},
    core::paging::PageRequest,
    core::patch::Changed,
    core::tenancy::InPractice,
    core::validation::{Check, escape_like, fold_for_search},
    core::versioned,
    entities::states::RecordStatus,
    entities::{clients, staff},
};

pub use super::scope::{find, scoped};

/// The folded text that list search and ordering use: last, first and preferred name, then
/// e-mail and phone (so a search by any of them finds the client).
pub fn search_name(
    first: &str,
    last: &str,
    preferred: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
) -> String {
    let parts = [Some(last), Some(first), preferred, email, phone];
    fold_for_search(&parts.into_iter().flatten().collect::<Vec<_>>().join(" "))
}

/// The clients as `staff` may see them, with clinical figures (computed without a query per
/// client) for roles with clinical access.
async fn views(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    clients: Vec<clients::Model>,
    today: NaiveDate,
) -> Result<Vec<ClientView>> {
    if !staff.role.has_clinical_access() {
        return Ok(clients.into_iter().map(|c| ClientView::new(c, None)).collect());
    }
    let mut summaries = progress::summaries(db, staff.practice_id, &clients, today).await?;
    Ok(clients
        .into_iter()
        .map(|c| {
            let summary = summaries.remove(&c.id);
            ClientView::new(c, summary)
        })
        .collect())
}

async fn view(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client: clients::Model,
    today: NaiveDate,
) -> Result<ClientView> {
    Ok(views(db, staff, vec![client], today).await?.remove(0))
}

/// A page of clients within reach, filtered by status and a name search.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    search: Option<&str>,
    status: RecordStatus,
    page: PageRequest,
) -> Result<(Vec<ClientView>, u64)> {
    let mut query = scoped(staff).filter(clients::Column::Status.eq(status));
    if let Some(term) = search.map(str::trim).filter(|t| !t.is_empty()) {
        if term.chars().count() > 100 || term.contains('\0') {
            return Err(AppError::field("search", "must be at most 100 characters of text"));
        }
        let pattern = format!("%{}%", escape_like(&fold_for_search(term)));
        query = query.filter(clients::Column::SearchName.like(LikeExpr::new(pattern).escape('\\')));
    }
    let count_query = query.clone();
    // One statement for the page, the total (a window count, before the limit) and, for
    // roles that see clinical figures, each client's check-in probes; one more for their
    // episodes. A page past the end has no row to carry the total: counted apart.
    let clinical = staff.role.has_clinical_access();
    let today = staff.today();
    let mut query = query
        .expr_as(Expr::cust("COUNT(*) OVER ()"), "page_total")
        .order_by_asc(clients::Column::SearchName)
        .order_by_asc(clients::Column::Id)
        .offset(page.offset())
        .limit(page.per_page);
    if clinical {
        for (name, expr) in progress::probe_columns(staff.practice_id, today) {
            query = query.expr_as(expr, name);
        }
    }
    let rows = db.query_all_raw(query.build(db.get_database_backend())).await?;
    let mut total = None;
    let mut page_rows = Vec::with_capacity(rows.len());
    for row in &rows {
        total = Some(row.try_get::<i64>("", "page_total")?);
        let client = clients::Model::from_query_result(row, "")?;
        let probes = if clinical { progress::Probes::read(row)? } else { Default::default() };
        page_rows.push((client, probes));
    }
    let total = match total {
        Some(n) => u64::try_from(n).unwrap_or(0),
        None if page.offset() == 0 => 0,
        None => count_query.count(db).await?,
    };
    let count = page_rows.len();
    let items = if clinical {
        let refs: Vec<(&clients::Model, progress::Probes)> =
            page_rows.iter().map(|(c, p)| (c, *p)).collect();
        let mut summaries = progress::summarize(db, staff.practice_id, &refs, today).await?;
        page_rows
            .into_iter()
            .map(|(c, _)| {
                let summary = summaries.remove(&c.id);
                ClientView::new(c, summary)
            })
            .collect()
    } else {
        page_rows.into_iter().map(|(c, _)| ClientView::new(c, None)).collect()
    };
    audit::record(
        db,
        AuditEvent::by(staff, "client.list", "client", None)
            .detail(json!({ "count": count, "status": status, "searched": search.is_some() })),
    )
    .await?;
    Ok((items, total))
}

/// Reads one client and records the view.
pub async fn get(db: &impl ConnectionTrait, staff: &CurrentStaff, id: Uuid) -> Result<ClientView> {
    let client = find(db, staff, id).await?;
    audit::record(db, AuditEvent::by(staff, "client.read", "client", Some(id)).client(id)).await?;
    view(db, staff, client, staff.today()).await
}

/// Checks that `clinician_id` is an active member of the practice who can hold a caseload.
async fn check_clinician(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    clinician_id: Uuid,
    check: &mut Check,
) -> Result<()> {
    let member = staff::Entity::in_practice(staff.practice_id)
        .filter(staff::Column::Id.eq(clinician_id))
        .one(db)
        .await?;
    let fits = member.is_some_and(|m| m.active && m.role.has_clinical_access());
    if !fits {
        check.fail("clinician_id", "must be an active clinician of this practice");
    }
    Ok(())
}

fn check_dates(
    check: &mut Check,
    today: NaiveDate,
    date_of_birth: Option<NaiveDate>,
    recovery_start: Option<NaiveDate>,
) {
    check.date_not_after("date_of_birth", date_of_birth, today);
    check.date_not_after("recovery_start_date", recovery_start, today);
    if let (Some(born), Some(start)) = (date_of_birth, recovery_start)
        && start < born
    {
        check.fail("recovery_start_date", "cannot be before the date of birth");
    }
}

#[tracing::instrument(skip_all)]
pub async fn create(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    input: NewClient,
) -> Result<ClientView> {
    staff.require(Action::CreateClient)?;
    let clinician_id = if policy::allows(staff.role, Action::AssignClinician) {
        input.clinician_id
    } else {
        // A clinician's new client joins their own caseload.
        if input.clinician_id.is_some_and(|id| id != staff.id) {
            return Err(AppError::Forbidden(
                "A clinician can only add clients to their own caseload.".into(),
            ));
        }
        Some(staff.id)
    };
    let today = staff.today();

    let mut check = Check::new();
    let first_name = check.required_text("first_name", &input.first_name, 100);
    let last_name = check.required_text("last_name", &input.last_name, 100);
    let preferred_name =
        check.optional_text("preferred_name", input.preferred_name.as_deref(), 100);
    let email = input
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| check.email("email", e));
    let phone = check.phone("phone", input.phone.as_deref());
    check_dates(&mut check, today, input.date_of_birth, input.recovery_start_date);
    if let Some(id) = clinician_id {
        check_clinician(db, staff, id, &mut check).await?;
    }
    check.finish()?;

    let now = Utc::now();
    let client = clients::Entity::insert(clients::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        search_name: Set(search_name(
            &first_name,
            &last_name,
            preferred_name.as_deref(),
            email.as_deref(),
            phone.as_deref(),
        )),
        first_name: Set(first_name),
        last_name: Set(last_name),
        preferred_name: Set(preferred_name),
        date_of_birth: Set(input.date_of_birth),
        email: Set(email),
        phone: Set(phone),
        primary_substance: Set(input.primary_substance),
        recovery_start_date: Set(input.recovery_start_date),
        clinician_id: Set(clinician_id),
        status: Set(RecordStatus::Active),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(db)
    .await?;
    audit::record(
        db,
        AuditEvent::by(staff, "client.create", "client", Some(client.id)).client(client.id),
    )
    .await?;
    view(db, staff, client, today).await
}

#[tracing::instrument(skip_all)]
pub async fn update(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    version: i32,
    change: ClientUpdate,
) -> Result<ClientView> {
    staff.require(Action::EditClient)?;
    let current = find(db, staff, id).await?;
    if let Some(new_clinician) = change.clinician_id
        && new_clinician != current.clinician_id
    {
        staff.require(Action::AssignClinician)?;
    }
    if current.version != version {
        return Err(AppError::stale_version());
    }
    let today = staff.today();
    let new_clinician = change.clinician_id.flatten().filter(|c| Some(*c) != current.clinician_id);

    let mut check = Check::new();
    let mut changed = Changed::default();
    let model = changes(&mut check, &mut changed, change, current, today);
    if let Some(clinician) = new_clinician {
        check_clinician(db, staff, clinician, &mut check).await?;
    }
    check.finish()?;

    let updated = versioned::update(db, staff.practice_id, id, version, model, Condition::all())
        .await?
        .ok_or_else(AppError::stale_version)?;
    audit::record(
        db,
        AuditEvent::by(staff, "client.update", "client", Some(id))
            .client(id)
            .detail(json!({ "fields": changed.names() })),
    )
    .await?;
    view(db, staff, updated, today).await
}

/// A client's fields after a PATCH: each field sent is checked and named in `changed`, each
/// other keeps its value (the search name follows the names and contacts).
fn changes(
    check: &mut Check,
    changed: &mut Changed,
    change: ClientUpdate,
    current: clients::Model,
    today: NaiveDate,
) -> clients::ActiveModel {
    let first_name = changed.pick("first_name", change.first_name, current.first_name, |v| {
        check.required_text("first_name", &v, 100)
    });
    let last_name = changed.pick("last_name", change.last_name, current.last_name, |v| {
        check.required_text("last_name", &v, 100)
    });
    let preferred_name =
        changed.pick("preferred_name", change.preferred_name, current.preferred_name, |v| {
            check.optional_text("preferred_name", v.as_deref(), 100)
        });
    let email = changed.pick("email", change.email, current.email, |v| {
        let email = v.as_deref().map(str::trim).filter(|e| !e.is_empty());
        email.map(|e| check.email("email", e))
    });
    let phone =
        changed.pick("phone", change.phone, current.phone, |v| check.phone("phone", v.as_deref()));
    let primary_substance = changed.pick(
        "primary_substance",
        change.primary_substance,
        current.primary_substance,
        |v| v,
    );
    let date_of_birth =
        changed.pick("date_of_birth", change.date_of_birth, current.date_of_birth, |v| v);
    let recovery_start_date = changed.pick(
        "recovery_start_date",
        change.recovery_start_date,
        current.recovery_start_date,
        |v| v,
    );
    if changed.any(&["date_of_birth", "recovery_start_date"]) {
        check_dates(check, today, date_of_birth, recovery_start_date);
    }
    let clinician_id =
        changed.pick("clinician_id", change.clinician_id, current.clinician_id, |v| v);
    let search_name = search_name(
        &first_name,
        &last_name,
        preferred_name.as_deref(),
        email.as_deref(),
        phone.as_deref(),
    );
    clients::ActiveModel {
        first_name: Set(first_name),
        last_name: Set(last_name),
        preferred_name: Set(preferred_name),
        email: Set(email),
        phone: Set(phone),
        search_name: Set(search_name),
        primary_substance: Set(primary_substance),
        date_of_birth: Set(date_of_birth),
        recovery_start_date: Set(recovery_start_date),
        clinician_id: Set(clinician_id),
        ..Default::default()
    }
}

/// Archives (`archived = true`) or restores a client. Nothing is ever deleted.
#[tracing::instrument(skip_all)]
pub async fn set_archived(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    archived: bool,
) -> Result<ClientView> {
    staff.require(Action::ArchiveClient)?;
    let current = find(db, staff, id).await?;
    let target = if archived { RecordStatus::Archived } else { RecordStatus::Active };
    if current.status != target {
        let now = Utc::now();
        clients::Entity::update_many()
            .set(clients::ActiveModel {
                status: Set(target),
                archived_at: Set(archived.then_some(now)),
                version: Set(current.version + 1),
                updated_at: Set(now),
                ..Default::default()
            })
            .filter(clients::Column::PracticeId.eq(staff.practice_id))
            .filter(clients::Column::Id.eq(id))
            .exec(db)
            .await?;
        let action = if archived { "client.archive" } else { "client.unarchive" };
        audit::record(db, AuditEvent::by(staff, action, "client", Some(id)).client(id)).await?;
    }
    let updated = find(db, staff, id).await?;
    view(db, staff, updated, staff.today()).await
}
