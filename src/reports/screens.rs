//! The period's drug screens in a report: read for the report's model (each screen's current
//! result, read against the client's medications), and drawn after the plan as a table under
//! their figures.

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

use super::{
    canvas::{Canvas, MARGIN_X},
    dates::day,
    fonts::Weight,
    model::{
        ProgressReport, ReportDayStatus, ReportScreen, ReportScreenDay, ReportScreens, ScreenMark,
    },
    table::table,
};
use crate::{
    core::error::Result,
    entities::{clients, states::SpecimenValidity},
    recovery::vocabulary::{Confirmation, ScreenOutcome, label},
    screens::{service as screens, types::PanelResult},
};

fn result_words(r: &PanelResult, expected: bool) -> String {
    let mut words = format!("{} {}", label(r.substance.as_str()), r.result.as_str());
    if let Some(cutoff) = r.cutoff_ng_ml {
        words.push_str(&format!(" ({cutoff} ng/mL)"));
    }
    if expected {
        words.push_str(", expected (prescribed)");
    }
    words
}

/// The screens as the report prints them.
pub async fn of(
    db: &impl ConnectionTrait,
    client: &clients::Model,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ReportScreens> {
    let (read, figures) = screens::in_period(db, client.practice_id, client.id, from, to).await?;
    let medication = screens::medication_days(db, client.practice_id, client.id, from, to).await?;
    let mut rows = Vec::new();
    let mut days: Vec<ReportScreenDay> = Vec::new();
    for screens::PeriodScreen { row, results, reading, corrected } in read {
        let mark = if !reading.valid {
            ScreenMark::Invalid
        } else if !reading.unexpected.is_empty() {
            ScreenMark::Positive
        } else if !reading.expected.is_empty() {
            ScreenMark::Expected
        } else {
            ScreenMark::Negative
        };
        // A day's strongest finding is its mark (a valid screen over one that was not).
        match days.iter_mut().find(|d| d.day == row.collected_on) {
            Some(d) => d.mark = d.mark.max(mark),
            None => days.push(ReportScreenDay { day: row.collected_on, mark }),
        }
        let confirmations: Vec<Confirmation> = results
            .iter()
            .filter(|r| r.result == ScreenOutcome::Positive)
            .filter_map(|r| r.confirmation)
            .collect();
        let mut specimen = label(row.specimen.as_str());
        if row.validity != SpecimenValidity::Normal {
            specimen.push_str(&format!(", {} (not valid)", row.validity.as_str()));
        } else if row.observed {
            specimen.push_str(", observed");
        }
        rows.push(ReportScreen {
            collected_on: row.collected_on,
            specimen,
            method: label(row.method.as_str()),
            results: if results.is_empty() {
                "Collected; no results yet".into()
            } else {
                results
                    .iter()
                    .map(|r| result_words(r, reading.expected.contains(&r.substance)))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            confirmed: match confirmations.first() {
                None => "—".into(),
                Some(_) => {
                    let mut words: Vec<String> =
                        confirmations.iter().map(|c| label(c.as_str())).collect();
                    words.dedup();
                    words.join(", ")
                }
            },
            corrected,
        });
    }
    Ok(ReportScreens {
        taken: figures.taken,
        valid: figures.valid,
        negative_percent: figures.negative_percent,
        longest_negative_run: figures.longest_negative_run,
        medication_taken: medication.taken,
        medication_not_taken: medication.not_taken,
        rows,
        days,
    })
}

fn glyph(mark: ScreenMark) -> &'static str {
    match mark {
        ScreenMark::Positive => "+",
        ScreenMark::Expected => "e",
        ScreenMark::Negative => "\u{2212}",
        ScreenMark::Invalid => "x",
    }
}

/// A day's screen mark in the top corner of its calendar cell, in the cell's own ink.
pub fn mark(c: &mut Canvas, x: f32, y: f32, w: f32, status: ReportDayStatus, mark: ScreenMark) {
    let ink = if status == ReportDayStatus::Used { 1.0 } else { 0.0 };
    // Above the day number (its top is 4.4 pt down the cell), so two digits never meet it.
    c.text(x + w - 4.4, y + 4.6, glyph(mark), 4.8, Weight::Bold, ink);
}

/// The legend of the screen marks, under the calendar's own, when the report has screens.
pub fn legend(c: &mut Canvas, r: &ProgressReport) {
    if r.screens.as_ref().is_none_or(|s| s.days.is_empty()) {
        return;
    }
    let text = "Screens (corner of the day): + positive, not prescribed \u{b7} e positive only \
                for what is prescribed \u{b7} \u{2212} negative \u{b7} x not valid. A screen \
                never changes the day's status: that is the client's report and recorded episodes.";
    let width = c.content_width();
    c.paragraph(MARGIN_X, width, text, 7.5, Weight::Regular, 0.3);
    c.y += 4.0;
}

/// The screens' section: their figures in a sentence, then one row per screen.
pub fn section(c: &mut Canvas, r: &ProgressReport) {
    let Some(s) = &r.screens else { return };
    c.heading("Drug screens", 40.0);
    let width = c.content_width();
    let negative = match s.negative_percent {
        Some(p) => format!("{p:.1}% of {} valid screens negative", s.valid),
        None => "no valid screen".into(),
    };
    let summary = format!(
        "{} screens taken, {} valid; {negative} (only unexpected positives count against it); \
         longest run of negative screens: {}. A positive for a medication the client is \
         prescribed is expected, not use.",
        s.taken, s.valid, s.longest_negative_run
    );
    c.paragraph(MARGIN_X, width, &summary, 9.0, Weight::Regular, 0.2);
    let asked = s.medication_taken + s.medication_not_taken;
    if asked > 0 {
        let taken = format!(
            "Medication reported taken on {} of {asked} days the client was asked.",
            s.medication_taken
        );
        c.paragraph(MARGIN_X, width, &taken, 9.0, Weight::Regular, 0.2);
    }
    c.y += 4.0;
    if s.rows.is_empty() {
        c.paragraph(MARGIN_X, width, "No screens in this period.", 9.0, Weight::Regular, 0.2);
        return;
    }
    let rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|row| {
            let date = if row.corrected {
                format!("{} (corrected)", day(row.collected_on))
            } else {
                day(row.collected_on)
            };
            vec![
                date,
                row.specimen.clone(),
                row.method.clone(),
                row.results.clone(),
                row.confirmed.clone(),
            ]
        })
        .collect();
    let columns = [
        ("Date", 0.16),
        ("Specimen", 0.16),
        ("Method", 0.16),
        ("Results", 0.38),
        ("Confirmed", 0.14),
    ];
    table(c, &columns, &rows);
}
