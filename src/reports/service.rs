//! Gathers one client's report in a bounded number of queries (the practice, the client, the
//! four of `clients::progress::history`, measures, and three for signed notes), with every
//! figure from the `recovery` module, so a report shows what the dashboard shows.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

pub use super::model::ReportConsent;
use super::model::{
    ProgressReport, ReportAddendum, ReportEpisode, ReportMeasure, ReportNote, ReportProgress,
};
use crate::{
    clients::{progress, service as client_service},
    core::audit::{self, AuditEvent},
    core::error::Result,
    core::identity::CurrentStaff,
    core::tenancy::InPractice,
    core::validation::Check,
    entities::{clients, measure_results, practices, relapse_episodes},
    notes::service as note_service,
    practices::service as practice_service,
    recovery::{
        Episode,
        vocabulary::{NoteFormat, label},
    },
};

/// What the clinician asks of a report (API.md).
#[derive(Clone, Debug, Default)]
pub struct ReportRequest {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub include_notes: bool,
    /// Include the client's relapse-prevention plan (default false).
    pub include_plan: bool,
    /// Include the period's drug screens (default false).
    pub include_screens: bool,
    pub recipient: Option<String>,
    pub purpose: Option<String>,
}

/// The longest recipient or purpose.
pub const MAX_LABEL_CHARS: usize = 200;

/// A checked request: its period and trimmed texts.
#[derive(Clone, Debug)]
pub struct Checked {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub include_notes: bool,
    pub include_plan: bool,
    pub include_screens: bool,
    pub recipient: Option<String>,
    pub purpose: Option<String>,
    /// What the report goes out under (`internal` until `under` says otherwise).
    pub basis: Basis,
}

/// What a report leaves the practice under (42 CFR Part 2): the client's consent, the
/// client's own request for a copy, or nothing because it does not leave (internal use).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Basis {
    Consent(ReportConsent),
    ClientRequest,
    Internal,
}

impl Basis {
    pub fn as_str(&self) -> &'static str {
        match self {
            Basis::Consent(_) => "consent",
            Basis::ClientRequest => "client_request",
            Basis::Internal => "internal",
        }
    }
}

/// The recipient printed on a copy for the client themselves.
pub const CLIENT_COPY: &str = "The client (their own request)";

impl Checked {
    /// The request under a basis: a consent sets the recipient and purpose (its own words)
    /// and leaves notes out unless it covers them (asking for notes it does not cover is a
    /// 422 on `include_notes`); a client's own copy is for the client; internal use names no
    /// recipient.
    pub fn under(
        mut self,
        basis: Basis,
        consent: Option<&crate::entities::consents::Model>,
        notes_asked: Option<bool>,
    ) -> Result<Self> {
        match (&basis, consent) {
            (Basis::Consent(_), Some(consent)) => {
                if notes_asked == Some(true) && !consent.includes_notes {
                    return Err(crate::core::error::AppError::field(
                        "include_notes",
                        "the consent does not cover session notes: leave them out",
                    ));
                }
                // The plan is the clinical record's own words, like a note: it goes out only
                // under a consent that covers notes.
                if self.include_plan && !consent.includes_notes {
                    return Err(crate::core::error::AppError::field(
                        "include_plan",
                        "the consent does not cover the clinical record beyond progress: \
                         leave the plan out",
                    ));
                }
                self.include_notes = self.include_notes && consent.includes_notes;
                self.recipient = Some(consent.recipient.clone());
                self.purpose = Some(consent.purpose.clone());
            }
            (Basis::ClientRequest, _) => self.recipient = Some(CLIENT_COPY.into()),
            _ => self.recipient = None,
        }
        self.basis = basis;
        Ok(self)
    }
}

impl ReportConsent {
    pub fn of(consent: &crate::entities::consents::Model) -> Self {
        Self {
            id: consent.id,
            signed_on: consent.signed_on,
            information: consent.information.clone(),
            expires_on: consent.expires_on,
            expiry_event: consent.expiry_event.clone(),
        }
    }
}

impl ReportRequest {
    /// Checks the period (as for progress: at most 5 years, not in the future) and the texts.
    pub fn check(&self, today: NaiveDate) -> Result<Checked> {
        let mut check = Check::new();
        let recipient =
            check.optional_text("recipient", self.recipient.as_deref(), MAX_LABEL_CHARS);
        let purpose = check.optional_text("purpose", self.purpose.as_deref(), MAX_LABEL_CHARS);
        let period = progress::period(self.from, self.to, today);
        check.finish()?;
        let (from, to) = period?;
        Ok(Checked {
            from,
            to,
            include_notes: self.include_notes,
            include_plan: self.include_plan,
            include_screens: self.include_screens,
            recipient,
            purpose,
            basis: Basis::Internal,
        })
    }
}

fn full_name(client: &clients::Model) -> String {
    format!("{} {}", client.first_name, client.last_name)
}

fn words(value: &serde_json::Value) -> Vec<String> {
    value.as_array().into_iter().flatten().filter_map(|v| v.as_str()).map(label).collect()
}

/// The report's view model for one client, read in the caller's scope (404 outside it).
pub async fn build(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    practice: &practices::Model,
    client: &clients::Model,
    request: &Checked,
    generated_at: DateTime<Utc>,
) -> Result<ProgressReport> {
    let (from, to) = (request.from, request.to);
    let (history, episode_rows) = progress::history_and_episodes(db, client, from, to).await?;
    let mut figures = history.progress(from, to);
    figures.attendance = Some(progress::attendance(db, staff, client.id, from, to).await?);

    let mut episodes: Vec<ReportEpisode> = episode_rows
        .iter()
        .filter(|row| {
            Episode { kind: row.kind, occurred_on: row.occurred_on, ended_on: row.ended_on }
                .clipped(from, to)
                .is_some()
        })
        .map(episode)
        .collect();
    episodes.sort_by_key(|e| e.occurred_on);

    let measures = measure_results::Entity::in_practice(practice.id)
        .filter(measure_results::Column::ClientId.eq(client.id))
        .filter(measure_results::Column::CompletedOn.between(from, to))
        .order_by_asc(measure_results::Column::CompletedOn)
        .order_by_asc(measure_results::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(measure)
        .collect();

    let notes = if request.include_notes {
        let notes = note_service::signed_for_report(db, practice.id, client.id, from, to).await?;
        Some(notes.into_iter().map(|n| note(n, &practice.time_zone)).collect())
    } else {
        None
    };

    Ok(ProgressReport {
        paper: practice.report_paper,
        practice_name: practice.name.clone(),
        client_name: full_name(client),
        date_of_birth: client.date_of_birth,
        clinician_name: staff.name.clone(),
        generated_at,
        generated_on: crate::core::clock::day_in(generated_at, &practice.time_zone),
        recipient: request.recipient.clone(),
        purpose: request.purpose.clone(),
        consent: match &request.basis {
            Basis::Consent(consent) => Some(consent.clone()),
            _ => None,
        },
        primary_substance: client.primary_substance.map(|s| label(s.as_str())),
        progress: ReportProgress::from(&figures),
        episodes,
        measures,
        notes,
        screens: match request.include_screens {
            true => Some(super::screens::of(db, client, from, to).await?),
            false => None,
        },
        plan: match request.include_plan {
            true => {
                super::plan::of(db, client, &episode_rows, from, to, &practice.time_zone).await?
            }
            false => None,
        },
        part2_notice: practice.part2_notice,
    })
}

fn episode(row: &relapse_episodes::Model) -> ReportEpisode {
    let mut helped = words(&row.coping_used);
    helped.extend(
        words(&row.support_contacted)
            .into_iter()
            .map(|s| format!("Contacted {}", s.to_lowercase())),
    );
    ReportEpisode {
        occurred_on: row.occurred_on,
        ended_on: row.ended_on,
        kind: row.kind,
        substances: words(&row.substances),
        triggers: words(&row.triggers),
        helped,
    }
}

fn measure(row: measure_results::Model) -> ReportMeasure {
    let code = row.code;
    ReportMeasure {
        taken_on: row.completed_on,
        instrument: code.title().into(),
        total: row.total,
        max: code.items().len() as i32 * 3,
        band: label(&row.band),
    }
}

fn note(view: crate::notes::types::NoteView, time_zone: &str) -> ReportNote {
    let format = view.format;
    let sections = format
        .sections()
        .iter()
        .filter_map(|key| {
            let text = view.sections.get(*key)?.trim();
            (!text.is_empty()).then(|| {
                (
                    if format == NoteFormat::Free { "Note".into() } else { label(key) },
                    text.to_owned(),
                )
            })
        })
        .collect();
    ReportNote {
        session_on: view.session_on,
        format: match format {
            NoteFormat::Free => "Narrative".into(),
            other => other.as_str().to_uppercase(),
        },
        author: view.author_name.unwrap_or_else(|| "Former staff member".into()),
        signed_on: view
            .signed_at
            .map_or(view.session_on, |at| crate::core::clock::day_in(at, time_zone)),
        co_signed_by: view.cosigned_by_name,
        sections,
        addenda: view
            .addenda
            .into_iter()
            .map(|a| ReportAddendum {
                author: a.author_name.unwrap_or_else(|| "Former staff member".into()),
                written_on: crate::core::clock::day_in(a.created_at, time_zone),
                body: a.text,
            })
            .collect(),
    }
}

/// A file name for a client's report: ASCII, no spaces.
pub fn file_name(client: &clients::Model, from: NaiveDate, to: NaiveDate) -> String {
    let name = client_service::search_name(&client.first_name, &client.last_name, None, None, None);
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    // A name without Latin letters (Дмитрий Волков) gets the random end of the client's id:
    // a UUID v7 starts with its timestamp, shared by clients created together.
    let slug = if slug.is_empty() {
        let id = client.id.simple().to_string();
        format!("client-{}", &id[id.len() - 8..])
    } else {
        slug
    };
    format!("progress-report-{slug}-{from}-to-{to}.pdf")
}

/// Records a report leaving the practice: a disclosure, with to whom and why.
pub async fn record_disclosure(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    request: &Checked,
    pages: usize,
    export_id: Option<Uuid>,
) -> Result<()> {
    audit::record(
        db,
        AuditEvent::by(staff, "report.export", "client", Some(client_id)).client(client_id).detail(
            json!({
                "from": request.from,
                "to": request.to,
                "include_notes": request.include_notes,
                "include_plan": request.include_plan,
                "include_screens": request.include_screens,
                "recipient": request.recipient,
                "purpose": request.purpose,
                "pages": pages,
                "export_id": export_id,
                "basis": request.basis.as_str(),
                "consent_id": match &request.basis {
                    Basis::Consent(consent) => Some(consent.id),
                    _ => None,
                },
            }),
        ),
    )
    .await
}

/// Reads the practice and a client within the caller's reach, and today in the practice.
pub async fn subject(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
) -> Result<(practices::Model, clients::Model, NaiveDate)> {
    staff.require_clinical_access()?;
    let client = client_service::find(db, staff, client_id).await?;
    let practice = practice_service::get(db, staff.practice_id).await?;
    let today = crate::core::clock::today_in(&practice.time_zone);
    Ok((practice, client, today))
}
