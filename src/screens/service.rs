//! Drug screens: recorded once, corrected only by an amendment that keeps the original, read
//! beside the client's own report for the day and against their medications. A confirmed
//! unexpected positive on a day the client reported not using raises `screen_disagrees` once
//! for that day; a screen never changes a day's status. Clinical staff read and write; the
//! front desk records a collection and sees no results. Every read and write is audited.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    medications::prescribed,
    types::{
        MedicationDays, NewScreen, PanelResult, ScreenAmendment, ScreenDetail, ScreenList,
        ScreenView,
    },
    views::{Context, current, line_of, rows_of, screen_of},
};
use crate::entities::states::ScreenMethod;
use crate::{
    alerts::service::{self as alerts, AlertKind},
    clients::{progress, scope},
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result, UniqueKey, unique_violation_as},
    core::identity::{Action, CurrentStaff},
    core::paging::PageRequest,
    core::tenancy::InPractice,
    core::validation::Check,
    entities::{alerts as alert_rows, check_ins, drug_screens, states::SpecimenValidity},
    recovery::{
        screens::{self, Reading, Screen, ScreenFigures},
        vocabulary::{Confirmation, ScreenOutcome},
    },
};

const AMENDED_ONCE: UniqueKey = UniqueKey {
    name: "ux_drug_screens_amends",
    table: "drug_screens",
    columns: &["practice_id", "amends"],
};

/// The results as checked: each substance once, a cut-off above 0, a confirmation only on a
/// positive (a positive without one is unconfirmed, or confirmed by a lab confirmation). Field
/// names start with `prefix` (e.g. `screens[2].` in a bulk entry).
pub(super) fn checked_results(
    check: &mut Check,
    prefix: &str,
    method: ScreenMethod,
    results: &[PanelResult],
) -> Vec<PanelResult> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (i, r) in results.iter().enumerate() {
        let field = |name: &str| format!("{prefix}results[{i}].{name}");
        if seen.contains(&r.substance) {
            check.fail(&field("substance"), "is listed twice");
        }
        seen.push(r.substance);
        if r.cutoff_ng_ml.is_some_and(|c| !(c > 0.0 && c <= MAX_CUTOFF)) {
            check.fail(&field("cutoff_ng_ml"), "must be above 0 and at most 1000000 ng/mL");
        }
        let confirmation = match (r.result, r.confirmation) {
            (ScreenOutcome::Positive, Some(c)) => Some(c),
            (ScreenOutcome::Positive, None) if method == ScreenMethod::LabConfirmation => {
                Some(Confirmation::Confirmed)
            }
            (ScreenOutcome::Positive, None) => Some(Confirmation::Unconfirmed),
            (_, Some(_)) => {
                check.fail(&field("confirmation"), "is only for a positive result");
                None
            }
            (_, None) => None,
        };
        out.push(PanelResult { confirmation, ..*r });
    }
    if results.len() > MAX_RESULTS {
        check.fail(&format!("{prefix}results"), "can hold at most 20 results");
    }
    out
}

/// The most results one screen holds (one per substance class, with room for repeats refused).
pub(super) const MAX_RESULTS: usize = 20;
/// The highest cut-off accepted, in ng/mL.
pub(super) const MAX_CUTOFF: f64 = 1_000_000.0;

/// A collection time a few minutes ahead of the server's clock is tolerated (clocks differ).
pub(super) fn in_the_future(at: chrono::DateTime<Utc>) -> bool {
    at > Utc::now() + chrono::Duration::minutes(5)
}

/// The client's answers to "Did you take your medication today?" between `from` and `to`.
pub async fn medication_days(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<MedicationDays> {
    let answers: Vec<Option<bool>> = check_ins::Entity::in_practice(practice_id)
        .filter(check_ins::Column::ClientId.eq(client_id))
        .filter(check_ins::Column::Day.between(from, to))
        .filter(check_ins::Column::TookMedication.is_not_null())
        .select_only()
        .column(check_ins::Column::TookMedication)
        .into_tuple()
        .all(db)
        .await?;
    Ok(MedicationDays {
        taken: answers.iter().filter(|a| **a == Some(true)).count() as i64,
        not_taken: answers.iter().filter(|a| **a == Some(false)).count() as i64,
    })
}

/// A client's current screens in a period (oldest first), each read against their
/// medications and marked when it was corrected, and the period's figures; for a report (which
/// is audited as a whole), so no audit event of its own.
pub async fn in_period(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(Vec<PeriodScreen>, ScreenFigures)> {
    let rows = rows_of(db, practice_id, client_id).await?;
    let prescribed = prescribed(db, practice_id, client_id).await?;
    let mut read = Vec::new();
    let mut kept = Vec::new();
    for row in current(&rows).into_iter().filter(|r| r.collected_on >= from && r.collected_on <= to)
    {
        let screen = screen_of(row)?;
        read.push(PeriodScreen {
            row: row.clone(),
            results: screen.results.clone(),
            reading: screens::read(&screen, &prescribed),
            corrected: row.amends.is_some(),
        });
        kept.push(screen);
    }
    Ok((read, screens::figures(&kept, &prescribed)))
}

/// One current screen of a period: its row, its results, how they read, whether corrected.
pub struct PeriodScreen {
    pub row: drug_screens::Model,
    pub results: Vec<PanelResult>,
    pub reading: Reading,
    pub corrected: bool,
}

/// A page of a client's current screens in a period (newest first) and the period's figures.
pub async fn list(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    page: PageRequest,
) -> Result<ScreenList> {
    staff.require(Action::ReadClients)?;
    scope::find(db, staff, client_id).await?;
    let (from, to) = progress::period(from, to, staff.today())?;
    let rows = rows_of(db, staff.practice_id, client_id).await?;
    let in_period: Vec<&drug_screens::Model> = current(&rows)
        .into_iter()
        .filter(|r| r.collected_on >= from && r.collected_on <= to)
        .collect();
    let owned: Vec<drug_screens::Model> = in_period.iter().map(|r| (*r).clone()).collect();
    let context = Context::load(db, staff, client_id, &owned, &rows).await?;
    let (figures, medication) = if context.clinical {
        let screens: Vec<Screen> = owned.iter().map(screen_of).collect::<Result<_>>()?;
        let days = medication_days(db, staff.practice_id, client_id, from, to).await?;
        (Some(screens::figures(&screens, &context.prescribed)), Some(days))
    } else {
        (None, None)
    };
    let total = owned.len() as u64;
    let items = owned
        .iter()
        .rev()
        .skip(page.offset() as usize)
        .take(page.per_page as usize)
        .map(|r| context.view(r))
        .collect::<Result<Vec<_>>>()?;
    audit::record(
        db,
        AuditEvent::by(staff, "screen.list", "client", Some(client_id))
            .client(client_id)
            .detail(json!({ "from": from, "to": to, "count": items.len() })),
    )
    .await?;
    Ok(ScreenList {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
        from,
        to,
        figures,
        medication_days: medication,
    })
}

async fn find(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<drug_screens::Model> {
    let row = drug_screens::Entity::in_practice(staff.practice_id)
        .filter(drug_screens::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    scope::find(db, staff, row.client_id).await?;
    Ok(row)
}

/// One screen row, with the whole line it belongs to.
pub async fn get(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
) -> Result<ScreenDetail> {
    staff.require(Action::ReadClients)?;
    let row = find(db, staff, id).await?;
    let rows = rows_of(db, staff.practice_id, row.client_id).await?;
    let line = line_of(&rows, id);
    let context = Context::load(db, staff, row.client_id, &line, &rows).await?;
    audit::record(
        db,
        AuditEvent::by(staff, "screen.read", "drug_screen", Some(id)).client(row.client_id),
    )
    .await?;
    Ok(ScreenDetail {
        screen: context.view(&row)?,
        history: line.iter().map(|r| context.view(r)).collect::<Result<_>>()?,
    })
}

/// Raises `screen_disagrees` when `row` holds a confirmed unexpected positive on a day the
/// client reported not using, unless it was raised for that day already. `context` is the
/// clinical context loaded for `row` (its prescriptions and the day's report).
async fn check_disagreement(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    row: &drug_screens::Model,
    context: &Context,
) -> Result<()> {
    if !screens::confirmed_unexpected(&screen_of(row)?, &context.prescribed) {
        return Ok(());
    }
    let reported_clean =
        context.reports.iter().any(|(day, used)| *day == row.collected_on && !used);
    if !reported_clean {
        return Ok(());
    }
    let day = row.collected_on.to_string();
    let raised = alert_rows::Entity::in_practice(practice_id)
        .filter(alert_rows::Column::ClientId.eq(row.client_id))
        .filter(alert_rows::Column::Kind.eq(AlertKind::ScreenDisagrees))
        .all(db)
        .await?
        .iter()
        .any(|a| a.detail.get("day").and_then(|d| d.as_str()) == Some(day.as_str()));
    if raised {
        return Ok(());
    }
    let detail = json!({ "day": row.collected_on, "screen_id": row.id });
    alerts::raise(db, practice_id, row.client_id, AlertKind::ScreenDisagrees, detail).await
}

/// Refuses results from the front desk: they record that a specimen was collected.
pub(super) fn results_allowed(staff: &CurrentStaff, has_results: bool) -> Result<()> {
    if !staff.role.has_clinical_access() && has_results {
        return Err(AppError::Forbidden(
            "The front desk records that a specimen was collected; results are for clinical \
             staff."
                .into(),
        ));
    }
    Ok(())
}

/// Records a screen. The front desk records the collection only (results are 403 for them).
pub async fn create(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    input: NewScreen,
) -> Result<ScreenView> {
    staff.require(Action::ReadClients)?;
    results_allowed(staff, !input.results.is_empty())?;
    scope::find(db, staff, client_id).await?;
    let mut check = Check::new();
    if in_the_future(input.collected_at) {
        check.fail("collected_at", "cannot be in the future");
    }
    let results = checked_results(&mut check, "", input.method, &input.results);
    check.finish()?;
    insert(db, staff, client_id, NewScreen { results, ..input }, json!({})).await
}

/// Inserts a checked screen (its results as checked), audits it as `screen.record` with
/// `detail` added, raises `screen_disagrees` when it meets the client's report, and answers
/// its view.
pub(super) async fn insert(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    screen: NewScreen,
    mut detail: serde_json::Value,
) -> Result<ScreenView> {
    let row = drug_screens::Entity::insert(drug_screens::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(client_id),
        collected_at: Set(screen.collected_at),
        collected_on: Set(crate::core::clock::day_in(screen.collected_at, &staff.time_zone)),
        specimen: Set(screen.specimen),
        method: Set(screen.method),
        observed: Set(screen.observed),
        validity: Set(screen.validity.unwrap_or(SpecimenValidity::Normal)),
        results: Set(json!(screen.results)),
        amends: Set(None),
        amend_reason: Set(None),
        recorded_by: Set(staff.id),
        recorded_at: Set(Utc::now()),
    })
    .exec_with_returning(db)
    .await?;
    detail["results"] = json!(screen.results.len());
    audit::record(
        db,
        AuditEvent::by(staff, "screen.record", "drug_screen", Some(row.id))
            .client(client_id)
            .detail(detail),
    )
    .await?;
    let rows = [row];
    let context = Context::load(db, staff, client_id, &rows, &rows).await?;
    check_disagreement(db, staff.practice_id, &rows[0], &context).await?;
    context.view(&rows[0])
}

/// Corrects a screen: a new row with the corrected results that keeps the original. Only the
/// latest row of a screen's line can be corrected (409 otherwise: someone corrected it first).
pub async fn amend(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    id: Uuid,
    input: ScreenAmendment,
) -> Result<ScreenView> {
    staff.require(Action::WriteClinical)?;
    let original = find(db, staff, id).await?;
    let mut check = Check::new();
    let reason = check.required_text("reason", &input.reason, 500);
    let results = checked_results(&mut check, "", original.method, &input.results);
    check.finish()?;
    let superseded = || {
        AppError::Conflict(
            "This screen was corrected already; correct its latest version instead.".into(),
        )
    };
    let row = drug_screens::Entity::insert(drug_screens::ActiveModel {
        practice_id: Set(staff.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(original.client_id),
        collected_at: Set(original.collected_at),
        collected_on: Set(original.collected_on),
        specimen: Set(original.specimen),
        method: Set(original.method),
        observed: Set(original.observed),
        validity: Set(input.validity.unwrap_or(original.validity)),
        results: Set(json!(results)),
        amends: Set(Some(original.id)),
        amend_reason: Set(Some(reason)),
        recorded_by: Set(staff.id),
        recorded_at: Set(Utc::now()),
    })
    .exec_with_returning(db)
    .await
    .map_err(|e| unique_violation_as(e, &AMENDED_ONCE, superseded()))?;
    audit::record(
        db,
        AuditEvent::by(staff, "screen.amend", "drug_screen", Some(row.id))
            .client(original.client_id)
            .detail(json!({ "amends": original.id })),
    )
    .await?;
    let rows = rows_of(db, staff.practice_id, original.client_id).await?;
    let context =
        Context::load(db, staff, original.client_id, std::slice::from_ref(&row), &rows).await?;
    check_disagreement(db, staff.practice_id, &row, &context).await?;
    context.view(&row)
}
