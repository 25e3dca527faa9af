//! Many screens at once: a morning's collections from several clients entered on one screen,
//! and a lab's results file (CSV) imported after a dry run that names each row it would refuse
//! and why. Both are all or nothing: one refusal records nothing. A screen already recorded
//! (same client, collection time, specimen and method) is refused, so a file imported twice or
//! a form sent twice never records a screen twice.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::{
    service::{MAX_CUTOFF, MAX_RESULTS, checked_results, in_the_future, insert, results_allowed},
    types::{
        BulkRecorded, BulkScreens, Confirmation, ImportRefusal, ImportReport, NewScreen,
        PanelResult, PanelSubstance, ScreenOutcome,
    },
};
use crate::{
    clients::scope,
    core::audit::{self, AuditEvent},
    core::csv::parse_records,
    core::error::{AppError, FieldErrors, Result},
    core::identity::{Action, CurrentStaff},
    core::tenancy::InPractice,
    core::validation::{Check, fold_for_search},
    entities::{
        clients, drug_screens,
        states::{ScreenMethod, Specimen, SpecimenValidity},
    },
};

/// The most clients one bulk entry records.
pub const MAX_BULK: usize = 100;
/// The most result rows one file holds.
pub const MAX_IMPORT_ROWS: usize = 5000;

/// What makes two screens the same collection.
type Sitting = (Uuid, DateTime<Utc>, Specimen, ScreenMethod);

/// The collections already recorded for some clients (every row: originals and corrections
/// share their collection).
async fn recorded_sittings(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_ids: Vec<Uuid>,
) -> Result<HashSet<Sitting>> {
    if client_ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(drug_screens::Entity::in_practice(practice_id)
        .filter(drug_screens::Column::ClientId.is_in(client_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.client_id, r.collected_at, r.specimen, r.method))
        .collect())
}

/// Records one sitting's screens for several clients, all or none. The front desk records
/// the collections only.
pub async fn record_bulk(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    input: BulkScreens,
) -> Result<BulkRecorded> {
    staff.require(Action::ReadClients)?;
    results_allowed(staff, input.screens.iter().any(|s| !s.results.is_empty()))?;
    let mut check = Check::new();
    if in_the_future(input.collected_at) {
        check.fail("collected_at", "cannot be in the future");
    }
    if input.screens.is_empty() || input.screens.len() > MAX_BULK {
        check.fail("screens", "must hold 1 to 100 clients");
    }
    let ids: Vec<Uuid> = input.screens.iter().map(|s| s.client_id).collect();
    let reachable: HashSet<Uuid> = scope::scoped(staff)
        .filter(clients::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let recorded = recorded_sittings(db, staff.practice_id, ids).await?;
    let mut seen = HashSet::new();
    let mut checked = Vec::new();
    for (i, s) in input.screens.iter().enumerate() {
        let prefix = format!("screens[{i}].");
        let client_field = format!("{prefix}client_id");
        if !reachable.contains(&s.client_id) {
            check.fail(&client_field, "no such client");
        } else if !seen.insert(s.client_id) {
            check.fail(&client_field, "is listed twice");
        } else if recorded.contains(&(
            s.client_id,
            input.collected_at,
            input.specimen,
            input.method,
        )) {
            check.fail(
                &client_field,
                "has this collection recorded already; correct it on the client's Screens tab",
            );
        }
        checked.push(checked_results(&mut check, &prefix, input.method, &s.results));
    }
    check.finish()?;
    let mut items = Vec::with_capacity(checked.len());
    for (s, results) in input.screens.into_iter().zip(checked) {
        let screen = NewScreen {
            collected_at: input.collected_at,
            specimen: input.specimen,
            method: input.method,
            observed: s.observed.unwrap_or(input.observed),
            validity: s.validity,
            results,
        };
        items.push(insert(db, staff, s.client_id, screen, json!({ "bulk": true })).await?);
    }
    Ok(BulkRecorded { items })
}

/// The columns a lab file may hold, by what they mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Column {
    Client,
    DateOfBirth,
    CollectedAt,
    Substance,
    Result,
    Cutoff,
    Confirmed,
    Specimen,
    Method,
    Validity,
    Observed,
}

/// A header cell or a value as words: lower case, runs of anything but letters and digits
/// as one `_`, none at either end ("Cut-off (ng/mL)" → `cut_off_ng_ml`).
fn words(value: &str) -> String {
    let mut out = String::new();
    for c in value.trim().to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

fn column_named(header: &str) -> Option<Column> {
    Some(match words(header).as_str() {
        "client" | "client_id" | "patient" | "patient_id" | "donor" | "donor_id" => Column::Client,
        "date_of_birth" | "dob" | "birth_date" | "birthdate" => Column::DateOfBirth,
        "collected_at"
        | "collected"
        | "collection_time"
        | "collection_date_time"
        | "collection_datetime"
        | "collected_on"
        | "collection_date" => Column::CollectedAt,
        "substance" | "analyte" | "drug" | "drug_class" | "test" => Column::Substance,
        "result" | "outcome" => Column::Result,
        "cutoff" | "cut_off" | "cutoff_ng_ml" | "cut_off_ng_ml" => Column::Cutoff,
        "confirmed" | "confirmation" => Column::Confirmed,
        "specimen" | "specimen_type" | "sample" => Column::Specimen,
        "method" | "test_method" => Column::Method,
        "validity" | "specimen_validity" => Column::Validity,
        "observed" | "observed_collection" => Column::Observed,
        _ => return None,
    })
}

const REQUIRED: [(Column, &str); 4] = [
    (Column::Client, "client"),
    (Column::CollectedAt, "collected_at"),
    (Column::Substance, "substance"),
    (Column::Result, "result"),
];

/// The header as columns: each known column's position. Unknown columns are ignored (labs
/// add their own); a column named twice, or a required one missing, refuses the file.
fn read_header(header: &[String]) -> Result<HashMap<Column, usize>> {
    let mut columns = HashMap::new();
    for (i, cell) in header.iter().enumerate() {
        if let Some(column) = column_named(cell)
            && columns.insert(column, i).is_some()
        {
            return Err(file_error(format!("names the column \"{cell}\" twice")));
        }
    }
    let missing: Vec<&str> =
        REQUIRED.iter().filter(|(c, _)| !columns.contains_key(c)).map(|(_, n)| *n).collect();
    if !missing.is_empty() {
        return Err(file_error(format!(
            "needs a header row with the columns client, collected_at, substance and result \
             (missing: {}); cutoff_ng_ml, confirmed, specimen, method, validity, observed and \
             date_of_birth are optional",
            missing.join(", ")
        )));
    }
    Ok(columns)
}

fn file_error(message: impl Into<String>) -> AppError {
    AppError::Validation(FieldErrors::from([("file".to_owned(), vec![message.into()])]))
}

/// The practice's clients this staff member can reach, found by id or by name and birth date.
struct Directory {
    clients: Vec<clients::Model>,
}

impl Directory {
    fn find(&self, value: &str, date_of_birth: Option<&str>) -> Result<Uuid, String> {
        if let Ok(id) = Uuid::parse_str(value) {
            return self
                .clients
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.id)
                .ok_or_else(|| "client: not found".to_owned());
        }
        let Some(dob) = date_of_birth.filter(|d| !d.is_empty()) else {
            return Err("client: give the client's Daybreak id, or their name with a \
                        date_of_birth column"
                .to_owned());
        };
        let Ok(dob) = NaiveDate::parse_from_str(dob, "%Y-%m-%d") else {
            return Err(format!("date_of_birth: \"{dob}\" is not a date (YYYY-MM-DD)"));
        };
        let wanted = words(&fold_for_search(value));
        let matches: Vec<Uuid> = self
            .clients
            .iter()
            .filter(|c| c.date_of_birth == Some(dob))
            .filter(|c| {
                let first = [Some(&c.first_name), c.preferred_name.as_ref()];
                first.iter().flatten().any(|f| {
                    [format!("{f} {}", c.last_name), format!("{}, {f}", c.last_name)]
                        .iter()
                        .any(|n| words(&fold_for_search(n)) == wanted)
                })
            })
            .map(|c| c.id)
            .collect();
        match matches.as_slice() {
            [id] => Ok(*id),
            [] => Err("client: not found".to_owned()),
            _ => Err("client: the name and date of birth match several clients; give the \
                      client's Daybreak id"
                .to_owned()),
        }
    }
}

/// One result row as read.
struct Row {
    number: u64,
    sitting: Sitting,
    validity: SpecimenValidity,
    observed: bool,
    result: PanelResult,
}

fn substance(value: &str) -> Option<PanelSubstance> {
    let w = words(value);
    if let Some(s) = PanelSubstance::parse(&w) {
        return Some(s);
    }
    Some(match w.as_str() {
        "amp" | "amphetamine" => PanelSubstance::Amphetamines,
        "mamp" | "met" | "meth" | "methamphetamines" => PanelSubstance::Methamphetamine,
        "ecstasy" | "xtc" => PanelSubstance::Mdma,
        "bar" | "barbiturate" => PanelSubstance::Barbiturates,
        "bzo" | "benzo" | "benzos" | "benzodiazepine" => PanelSubstance::Benzodiazepines,
        "bup" | "bupe" => PanelSubstance::Buprenorphine,
        "thc" | "cannabis" | "marijuana" | "cannabinoid" => PanelSubstance::Cannabinoids,
        "coc" => PanelSubstance::Cocaine,
        "fyl" | "fen" => PanelSubstance::Fentanyl,
        "mtd" => PanelSubstance::Methadone,
        "opi" | "opiate" | "morphine" => PanelSubstance::Opiates,
        "oxy" => PanelSubstance::Oxycodone,
        "etg" | "alcohol" | "etoh" | "ets" => PanelSubstance::AlcoholEtg,
        _ => return None,
    })
}

fn outcome(value: &str) -> Option<ScreenOutcome> {
    Some(match words(value).as_str() {
        "negative" | "neg" | "not_detected" | "none_detected" => ScreenOutcome::Negative,
        "" if value.trim() == "-" => ScreenOutcome::Negative,
        "positive" | "pos" | "detected" => ScreenOutcome::Positive,
        "" if value.trim() == "+" => ScreenOutcome::Positive,
        "invalid" | "inv" => ScreenOutcome::Invalid,
        _ => return None,
    })
}

fn specimen(value: &str) -> Option<Specimen> {
    let w = words(value);
    Specimen::parse(&w).or(match w.as_str() {
        "saliva" | "oral" => Some(Specimen::OralFluid),
        "sweat" | "patch" => Some(Specimen::SweatPatch),
        _ => None,
    })
}

fn method(value: &str) -> Option<ScreenMethod> {
    let w = words(value);
    ScreenMethod::parse(&w).or(match w.as_str() {
        "poc" | "cup" | "dip" | "instant" => Some(ScreenMethod::PointOfCare),
        "immunoassay" | "eia" | "lab" => Some(ScreenMethod::LabImmunoassay),
        "confirmation" | "lc_ms_ms" | "lcms" | "lc_ms" | "gc_ms" | "gcms" => {
            Some(ScreenMethod::LabConfirmation)
        }
        _ => None,
    })
}

fn yes_no(value: &str) -> Option<bool> {
    match words(value).as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// A collection time: RFC 3339 with its offset, or a local date and time (`YYYY-MM-DD HH:MM`,
/// seconds optional) in the practice's time zone.
fn collected_at(value: &str, time_zone: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(value) {
        return Ok(at.with_timezone(&Utc));
    }
    let local = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok());
    let Some(local) = local else {
        return Err(format!(
            "collected_at: \"{value}\" is not a date and time (YYYY-MM-DD HH:MM in the \
             practice's time zone, or RFC 3339)"
        ));
    };
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)).ok_or_else(|| {
        format!("collected_at: {value} does not exist in {time_zone} (the clocks skip it)")
    })
}

fn list<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|v| name(*v)).collect::<Vec<_>>().join(", ")
}

/// Reads one record, or says everything wrong with it.
fn read_row(
    number: u64,
    record: &[String],
    columns: &HashMap<Column, usize>,
    directory: &Directory,
    time_zone: &str,
) -> Result<Row, Vec<String>> {
    let cell = |c: Column| columns.get(&c).and_then(|i| record.get(*i)).map(String::as_str);
    let mut reasons = Vec::new();
    let client = match cell(Column::Client).unwrap_or("") {
        "" => Err("client: is empty".to_owned()),
        value => directory.find(value, cell(Column::DateOfBirth)),
    };
    let at = match cell(Column::CollectedAt).unwrap_or("") {
        "" => Err("collected_at: is empty".to_owned()),
        value => collected_at(value, time_zone).and_then(|at| {
            if in_the_future(at) {
                Err("collected_at: is in the future".to_owned())
            } else {
                Ok(at)
            }
        }),
    };
    let raw = cell(Column::Substance).unwrap_or("");
    let substance = substance(raw).ok_or_else(|| {
        format!(
            "substance: \"{raw}\" is not a panel substance (one of {})",
            list(PanelSubstance::ALL, PanelSubstance::as_str)
        )
    });
    let raw = cell(Column::Result).unwrap_or("");
    let result = outcome(raw)
        .ok_or_else(|| format!("result: \"{raw}\" is not negative, positive or invalid"));
    let cutoff = match cell(Column::Cutoff).unwrap_or("") {
        "" => Ok(None),
        raw => raw
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|c| *c > 0.0 && *c <= MAX_CUTOFF)
            .map(Some)
            .ok_or_else(|| {
                format!("cutoff_ng_ml: \"{raw}\" is not a number above 0 and at most 1000000")
            }),
    };
    let raw = cell(Column::Confirmed).unwrap_or("");
    let confirmation = match words(raw).as_str() {
        "" => Ok(None),
        "disputed" => Ok(Some(Confirmation::Disputed)),
        "unconfirmed" | "pending" => Ok(Some(Confirmation::Unconfirmed)),
        "confirmed" => Ok(Some(Confirmation::Confirmed)),
        _ => match yes_no(raw) {
            Some(true) => Ok(Some(Confirmation::Confirmed)),
            Some(false) => Ok(Some(Confirmation::Unconfirmed)),
            None => Err(format!("confirmed: \"{raw}\" is not yes, no or disputed")),
        },
    };
    let specimen = match cell(Column::Specimen).unwrap_or("") {
        "" => Ok(Specimen::Urine),
        raw => specimen(raw).ok_or_else(|| {
            format!("specimen: \"{raw}\" is not one of {}", list(Specimen::ALL, Specimen::as_str))
        }),
    };
    let method = match cell(Column::Method).unwrap_or("") {
        "" => Ok(ScreenMethod::LabImmunoassay),
        raw => method(raw).ok_or_else(|| {
            format!(
                "method: \"{raw}\" is not one of {}",
                list(ScreenMethod::ALL, ScreenMethod::as_str)
            )
        }),
    };
    let validity = match cell(Column::Validity).unwrap_or("") {
        "" => Ok(SpecimenValidity::Normal),
        raw => SpecimenValidity::parse(&words(raw)).ok_or_else(|| {
            format!(
                "validity: \"{raw}\" is not one of {}",
                list(SpecimenValidity::ALL, SpecimenValidity::as_str)
            )
        }),
    };
    let raw = cell(Column::Observed).unwrap_or("");
    let observed = yes_no(raw).ok_or_else(|| format!("observed: \"{raw}\" is not yes or no"));
    macro_rules! take {
        ($v:expr) => {
            match $v {
                Ok(v) => Some(v),
                Err(reason) => {
                    reasons.push(reason);
                    None
                }
            }
        };
    }
    let (client, at, substance, result, cutoff, confirmation, specimen, method, validity, observed) = (
        take!(client),
        take!(at),
        take!(substance),
        take!(result),
        take!(cutoff),
        take!(confirmation),
        take!(specimen),
        take!(method),
        take!(validity),
        take!(observed),
    );
    match (
        client,
        at,
        substance,
        result,
        cutoff,
        confirmation,
        specimen,
        method,
        validity,
        observed,
    ) {
        (
            Some(client),
            Some(at),
            Some(substance),
            Some(result),
            Some(cutoff_ng_ml),
            Some(confirmation),
            Some(specimen),
            Some(method),
            Some(validity),
            Some(observed),
        ) => Ok(Row {
            number,
            sitting: (client, at, specimen, method),
            validity,
            observed,
            result: PanelResult {
                substance,
                result,
                cutoff_ng_ml,
                // A confirmation is about a positive; on other results the column is ignored.
                confirmation: if result == ScreenOutcome::Positive { confirmation } else { None },
            },
        }),
        _ => Err(reasons),
    }
}

/// Imports a lab's results file, or with `dry_run` says what it would do. All or nothing:
/// with any row refused, the import records nothing and answers 422 naming each row.
pub async fn import(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    text: &str,
    dry_run: bool,
) -> Result<ImportReport> {
    staff.require(Action::WriteClinical)?;
    let records = parse_records(text).map_err(file_error)?;
    let Some((header, records)) = records.split_first() else {
        return Err(file_error("is empty: it needs a header row, then one row per result"));
    };
    let columns = read_header(header)?;
    if records.is_empty() {
        return Err(file_error("has a header row and no result rows"));
    }
    if records.len() > MAX_IMPORT_ROWS {
        return Err(file_error("holds more than 5000 result rows; split it into smaller files"));
    }
    let directory = Directory { clients: scope::scoped(staff).all(db).await? };
    let mut refused: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    let mut rows = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let number = i as u64 + 2;
        match read_row(number, record, &columns, &directory, &staff.time_zone) {
            Ok(row) => rows.push(row),
            Err(reasons) => {
                refused.insert(number, reasons);
            }
        }
    }
    // Rows of one sitting are one screen, in the file's order.
    let mut sittings: Vec<(Sitting, Vec<Row>)> = Vec::new();
    for row in rows {
        match sittings.iter_mut().find(|(s, _)| *s == row.sitting) {
            Some((_, group)) => group.push(row),
            None => sittings.push((row.sitting, vec![row])),
        }
    }
    let client_ids: Vec<Uuid> =
        sittings.iter().map(|(s, _)| s.0).collect::<HashSet<_>>().into_iter().collect();
    let recorded = recorded_sittings(db, staff.practice_id, client_ids).await?;
    let mut screens = Vec::new();
    for (sitting, group) in &sittings {
        let first = &group[0];
        let mut ok = true;
        let mut refuse = |row: u64, reason: String| {
            refused.entry(row).or_default().push(reason);
        };
        if recorded.contains(sitting) {
            for row in group {
                refuse(
                    row.number,
                    "this collection (client, time, specimen, method) is recorded already; \
                     correct it on the client's Screens tab"
                        .to_owned(),
                );
            }
            continue;
        }
        for (i, row) in group.iter().enumerate() {
            let same = |r: &&Row| r.result.substance == row.result.substance;
            if let Some(earlier) = group[..i].iter().find(same) {
                refuse(
                    row.number,
                    format!(
                        "substance: {} is in row {} already for the same screen",
                        row.result.substance.as_str(),
                        earlier.number
                    ),
                );
                ok = false;
            }
            if row.validity != first.validity || row.observed != first.observed {
                refuse(
                    row.number,
                    format!(
                        "validity or observed differs from row {} of the same screen",
                        first.number
                    ),
                );
                ok = false;
            }
        }
        if group.len() > MAX_RESULTS {
            for row in &group[MAX_RESULTS..] {
                refuse(row.number, "a screen holds at most 20 results".to_owned());
            }
            ok = false;
        }
        if ok {
            let results: Vec<PanelResult> = group.iter().map(|r| r.result).collect();
            let mut check = Check::new();
            let results = checked_results(&mut check, "", sitting.3, &results);
            if check.has_errors() {
                return Err(AppError::internal(
                    "an import row passed its checks but not the screen's",
                ));
            }
            screens.push((
                sitting.0,
                NewScreen {
                    collected_at: sitting.1,
                    specimen: sitting.2,
                    method: sitting.3,
                    observed: first.observed,
                    validity: Some(first.validity),
                    results,
                },
            ));
        }
    }
    let accepted = if refused.is_empty() { records.len() as u64 } else { 0 };
    let refusals: Vec<ImportRefusal> = refused
        .iter()
        .map(|(row, reasons)| ImportRefusal { row: *row, reason: reasons.join("; ") })
        .collect();
    let summary = json!({
        "rows": records.len(), "screens": sittings.len(), "refused": refusals.len(),
        "dry_run": dry_run,
    });
    if dry_run {
        audit::record(
            db,
            AuditEvent::by(staff, "screen.import_check", "drug_screen", None).detail(summary),
        )
        .await?;
        return Ok(ImportReport {
            dry_run,
            accepted,
            screens: sittings.len() as u64,
            refused: refusals,
            created: Vec::new(),
        });
    }
    if !refused.is_empty() {
        return Err(AppError::Validation(
            refused.into_iter().map(|(row, reasons)| (format!("rows[{row}]"), reasons)).collect(),
        ));
    }
    let mut created = Vec::with_capacity(screens.len());
    for (client_id, screen) in screens {
        created.push(insert(db, staff, client_id, screen, json!({ "import": true })).await?.id);
    }
    audit::record(db, AuditEvent::by(staff, "screen.import", "drug_screen", None).detail(summary))
        .await?;
    Ok(ImportReport {
        dry_run,
        accepted,
        screens: created.len() as u64,
        refused: Vec::new(),
        created,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_values_are_read_as_labs_write_them() {
        assert_eq!(column_named("Cut-off (ng/mL)"), Some(Column::Cutoff));
        assert_eq!(column_named(" Collection Date/Time "), Some(Column::CollectedAt));
        assert_eq!(column_named("Lab accession"), None);
        assert_eq!(substance("THC"), Some(PanelSubstance::Cannabinoids));
        assert_eq!(substance("alcohol_etg"), Some(PanelSubstance::AlcoholEtg));
        assert_eq!(substance("Benzos"), Some(PanelSubstance::Benzodiazepines));
        assert_eq!(substance("kratom"), None);
        assert_eq!(outcome("Not Detected"), Some(ScreenOutcome::Negative));
        assert_eq!(outcome("+"), Some(ScreenOutcome::Positive));
        assert_eq!(outcome("maybe"), None);
        assert_eq!(method("LC-MS/MS"), Some(ScreenMethod::LabConfirmation));
        assert_eq!(specimen("Oral fluid"), Some(Specimen::OralFluid));
    }

    #[test]
    fn local_times_are_the_practices_and_a_skipped_hour_is_refused() {
        let at = collected_at("2026-07-01 08:30", "America/New_York").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-07-01T12:30:00+00:00");
        let at = collected_at("2026-01-05T08:30:00+01:00", "America/New_York").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-01-05T07:30:00+00:00");
        let gap = collected_at("2026-03-08 02:30", "America/New_York").unwrap_err();
        assert!(gap.contains("does not exist"), "{gap}");
        assert!(collected_at("03/08/2026", "UTC").is_err());
    }
}
