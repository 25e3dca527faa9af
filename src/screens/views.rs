//! How screen rows are read and shown: their results and validity for the figures, the rows
//! of a client, each screen's current row and its line of corrections, and the views staff see
//! (the front desk: collections only).

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{
    medications::prescribed,
    types::{DayReport, PanelResult, ScreenView},
};
use crate::{
    core::error::{AppError, Result},
    core::identity::CurrentStaff,
    core::tenancy::InPractice,
    entities::{check_ins, drug_screens, states::SpecimenValidity},
    recovery::screens::{self, Prescribed, Screen},
    staff::service as staff_service,
};

pub(super) fn results_of(row: &drug_screens::Model) -> Result<Vec<PanelResult>> {
    serde_json::from_value(row.results.clone())
        .map_err(|_| AppError::internal(format!("drug screen {} does not read", row.id)))
}

pub(super) fn screen_of(row: &drug_screens::Model) -> Result<Screen> {
    Ok(Screen {
        day: row.collected_on,
        specimen_valid: row.validity == SpecimenValidity::Normal,
        results: results_of(row)?,
    })
}

/// What the views of some rows need: the client's prescriptions, their reports for the days,
/// the names of who recorded, and which rows were corrected by which.
pub(super) struct Context {
    pub(super) prescribed: Vec<Prescribed>,
    pub(super) reports: Vec<(NaiveDate, bool)>,
    names: std::collections::HashMap<Uuid, String>,
    corrected_by: Vec<(Uuid, Uuid)>,
    pub(super) clinical: bool,
}

impl Context {
    pub(super) async fn load(
        db: &impl ConnectionTrait,
        staff: &CurrentStaff,
        client_id: Uuid,
        rows: &[drug_screens::Model],
        line: &[drug_screens::Model],
    ) -> Result<Self> {
        let clinical = staff.role.has_clinical_access();
        let days: Vec<NaiveDate> = rows.iter().map(|r| r.collected_on).collect();
        let reports = if clinical && !days.is_empty() {
            check_ins::Entity::in_practice(staff.practice_id)
                .filter(check_ins::Column::ClientId.eq(client_id))
                .filter(check_ins::Column::Day.is_in(days))
                .all(db)
                .await?
                .into_iter()
                .map(|c| (c.day, c.used))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Self {
            prescribed: if clinical {
                prescribed(db, staff.practice_id, client_id).await?
            } else {
                Vec::new()
            },
            reports,
            names: staff_service::names(
                db,
                staff.practice_id,
                rows.iter().map(|r| r.recorded_by).collect(),
            )
            .await?,
            corrected_by: line.iter().filter_map(|r| r.amends.map(|a| (a, r.id))).collect(),
            clinical,
        })
    }

    pub(super) fn view(&self, row: &drug_screens::Model) -> Result<ScreenView> {
        let (results, reading, self_report) = if self.clinical {
            let screen = screen_of(row)?;
            let reading = screens::read(&screen, &self.prescribed);
            let report = self.reports.iter().find(|(d, _)| *d == row.collected_on);
            (Some(screen.results), Some(reading), report.map(|(_, used)| DayReport { used: *used }))
        } else {
            (None, None, None)
        };
        Ok(ScreenView {
            id: row.id,
            client_id: row.client_id,
            collected_at: row.collected_at,
            collected_on: row.collected_on,
            specimen: row.specimen,
            method: row.method,
            observed: row.observed,
            validity: row.validity,
            results,
            reading,
            self_report,
            amends: row.amends,
            amend_reason: row.amend_reason.clone(),
            amended_by: self.corrected_by.iter().find(|(a, _)| *a == row.id).map(|(_, b)| *b),
            recorded_by: row.recorded_by,
            recorded_by_name: self.names.get(&row.recorded_by).cloned(),
            recorded_at: row.recorded_at,
        })
    }
}

/// Every screen row of a client (originals and corrections), oldest first.
pub(super) async fn rows_of(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
) -> Result<Vec<drug_screens::Model>> {
    Ok(drug_screens::Entity::in_practice(practice_id)
        .filter(drug_screens::Column::ClientId.eq(client_id))
        .order_by_asc(drug_screens::Column::CollectedAt)
        .order_by_asc(drug_screens::Column::RecordedAt)
        .all(db)
        .await?)
}

/// The rows no correction replaced: each screen's current result.
pub(super) fn current(rows: &[drug_screens::Model]) -> Vec<&drug_screens::Model> {
    rows.iter().filter(|r| !rows.iter().any(|o| o.amends == Some(r.id))).collect()
}

/// The rows of one screen's line (the original and its corrections), oldest first.
pub(super) fn line_of(rows: &[drug_screens::Model], id: Uuid) -> Vec<drug_screens::Model> {
    let mut first = rows.iter().find(|r| r.id == id);
    while let Some(r) = first {
        match r.amends.and_then(|a| rows.iter().find(|o| o.id == a)) {
            Some(earlier) => first = Some(earlier),
            None => break,
        }
    }
    let mut line = Vec::new();
    let mut next = first;
    while let Some(r) = next {
        line.push(r.clone());
        next = rows.iter().find(|o| o.amends == Some(r.id));
    }
    line
}
