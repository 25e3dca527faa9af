//! The pure renderer: a `ProgressReport` in, PDF bytes out. No database, no HTTP, no clock:
//! the same report gives byte-identical bytes (document id derived from the data, creation
//! date = the generated date), so golden tests can compare them.

use printpdf::FontId;
use sha2::{Digest, Sha256};

use super::{
    canvas::{Canvas, FOOTER_BAND, MARGIN_X},
    dates::{day, period},
    fonts::{self, Weight},
    model::ProgressReport,
    pdf, plan, screens, sections,
};

/// The 42 CFR Part 2 redisclosure notice (DOMAIN.md, 42 CFR 2.32).
pub const PART2_NOTICE: &str = "This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony that describes the information contained in this record, in any civil, criminal, administrative, or legislative proceedings by any Federal, State, or local authority, against the patient, unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or disclosure of this record unless at least one of the following applies: (i) Further use or disclosure is expressly permitted by the written consent of the individual whose information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. (ii) You are a covered entity or business associate and have received the record for treatment, payment, or health care operations, or (iii) You have received the record from a covered entity or business associate as permitted by 45 CFR part 164, subparts A and E. A general authorization for the release of medical or other information is NOT sufficient to meet the required elements of written consent to further use or redisclose the record (see 42 CFR 2.31).";

/// A rendered report and what the renderer noticed on the way.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font could not draw (shown as U+FFFD).
    pub missing: Vec<char>,
}

/// The report as PDF bytes.
pub fn render(report: &ProgressReport) -> Vec<u8> {
    render_full(report).bytes
}

pub fn render_full(report: &ProgressReport) -> Rendered {
    let canvas = lay_out(report);
    let missing: Vec<char> = canvas.missing.iter().copied().collect();
    if !missing.is_empty() {
        let codes: Vec<String> = missing.iter().map(|c| format!("U+{:04X}", *c as u32)).collect();
        tracing::warn!(characters = %codes.join(" "), "report text has characters the font lacks; drawn as U+FFFD");
    }
    let pages = canvas.pages.len();
    let bytes = serialize(report, canvas);
    Rendered { bytes, pages, missing }
}

/// The report's pages as drawing operations, before they become a PDF.
pub fn lay_out(report: &ProgressReport) -> Canvas {
    let (width, height) = report.paper.size_pt();
    let mut canvas = Canvas::new(width, height, FontId(REGULAR_ID.into()), FontId(BOLD_ID.into()));

    header(&mut canvas, report);
    canvas.running_head = format!(
        "{} · Progress report · {} · {}",
        report.practice_name,
        report.client_name,
        period(report.progress.from, report.progress.to)
    );
    sections::summary(&mut canvas, report);
    sections::calendar(&mut canvas, report);
    sections::craving_chart(&mut canvas, report);
    sections::episodes(&mut canvas, report);
    plan::section(&mut canvas, report);
    screens::section(&mut canvas, report);
    sections::measures(&mut canvas, report);
    sections::notes(&mut canvas, report);
    signature(&mut canvas, report);
    if report.part2_notice {
        part2_notice(&mut canvas);
    }
    let who =
        format!("{} · {}", report.client_name, period(report.progress.from, report.progress.to));
    footers(&mut canvas, &who, report.part2_notice);
    canvas
}

// Six capital letters: the font resource names, also the subset tags of the embedded fonts.
pub const REGULAR_ID: &str = "DBSANR";
pub const BOLD_ID: &str = "DBSANB";

/// The practice's name and "CONFIDENTIAL" over a rule, then the document's title.
pub(crate) fn letterhead(c: &mut Canvas, practice_name: &str, title: &str) {
    let right = c.width - MARGIN_X;
    c.text(MARGIN_X, c.y + 9.0, practice_name, 9.5, Weight::Bold, 0.3);
    c.text_right(right, c.y + 9.0, "CONFIDENTIAL", 8.0, Weight::Bold, 0.3);
    c.y += 14.0;
    c.rule(c.y, 1.2, 0.0);
    c.y += 26.0;
    c.text(MARGIN_X, c.y, title, 21.0, Weight::Bold, 0.0);
}

fn header(c: &mut Canvas, r: &ProgressReport) {
    letterhead(c, &r.practice_name, "Progress report");
    c.y += 20.0;
    c.text(MARGIN_X, c.y, &r.client_name, 13.0, Weight::Regular, 0.15);
    c.y += 16.0;

    let mut rows: Vec<(&str, String)> = vec![
        ("Client", r.client_name.clone()),
        ("Date of birth", r.date_of_birth.map_or_else(|| "Not recorded".into(), day)),
        (
            "Period",
            format!(
                "{} ({} days)",
                period(r.progress.from, r.progress.to),
                r.progress.days_in_period
            ),
        ),
        (
            "Recovery start",
            r.progress.recovery_start_date.map_or_else(|| "Not recorded".into(), day),
        ),
    ];
    if let Some(substance) = &r.primary_substance {
        rows.push(("Primary substance", substance.clone()));
    }
    rows.push(("Clinician", r.clinician_name.clone()));
    rows.push(("Generated", day(r.generated_on)));
    if let Some(recipient) = &r.recipient {
        rows.push(("Prepared for", recipient.clone()));
    }
    if let Some(purpose) = &r.purpose {
        rows.push(("Purpose", purpose.clone()));
    }
    if let Some(consent) = &r.consent {
        let ends = match (consent.expires_on, &consent.expiry_event) {
            (Some(on), Some(event)) => format!("{}, or {event}", day(on)),
            (Some(on), None) => day(on),
            (None, Some(event)) => event.clone(),
            (None, None) => "when revoked".into(),
        };
        rows.push((
            "Disclosed under",
            format!(
                "The client's written consent signed {} (ends: {ends})",
                day(consent.signed_on)
            ),
        ));
        rows.push(("Information covered", consent.information.clone()));
    }
    label_rows(c, &rows);
    c.y += 4.0;
}

/// A label in bold and its value beside it, one row under the other (the first page's facts).
pub(crate) fn label_rows(c: &mut Canvas, rows: &[(&str, String)]) {
    let label_width = 110.0;
    let value_width = c.content_width() - label_width;
    for (label, value) in rows {
        let top = c.y;
        c.text(MARGIN_X, top + 9.5, label, 8.5, Weight::Bold, 0.35);
        c.y = top;
        c.paragraph(MARGIN_X + label_width, value_width, value, 9.5, Weight::Regular, 0.0);
        c.y += 1.5;
    }
}

fn signature(c: &mut Canvas, r: &ProgressReport) {
    c.heading("Clinician", 80.0);
    let x = MARGIN_X;
    c.text(x, c.y + 10.0, &r.clinician_name, 10.0, Weight::Bold, 0.0);
    c.text(x, c.y + 23.0, &r.practice_name, 9.0, Weight::Regular, 0.3);
    c.y += 58.0;
    let half = c.content_width() / 2.0;
    c.line(&[(x, c.y), (x + half - 30.0, c.y)], 0.7, 0.0, None);
    c.line(&[(x + half, c.y), (x + half + 150.0, c.y)], 0.7, 0.0, None);
    c.text(x, c.y + 11.0, "Signature", 8.0, Weight::Regular, 0.35);
    c.text(x + half, c.y + 11.0, "Date", 8.0, Weight::Regular, 0.35);
    c.y += 22.0;
}

fn part2_notice(c: &mut Canvas) {
    let inner = c.content_width() - 20.0;
    let lines = super::canvas::wrap(PART2_NOTICE, inner, 7.8, Weight::Regular).len();
    let box_height = 30.0 + lines as f32 * 7.8 * 1.35 + 8.0;
    c.need(box_height + 16.0);
    c.y += 12.0;
    let top = c.y;
    c.rect(MARGIN_X, top, c.content_width(), box_height, Some(0.95), Some((0.8, 0.25)));
    c.text(
        MARGIN_X + 10.0,
        top + 18.0,
        "Notice of confidentiality: 42 CFR Part 2",
        9.5,
        Weight::Bold,
        0.0,
    );
    c.y = top + 26.0;
    c.paragraph(MARGIN_X + 10.0, inner, PART2_NOTICE, 7.8, Weight::Regular, 0.1);
    c.y = top + box_height;
}

/// "Page N of M", `who` and the confidentiality line at the foot of every page.
pub(crate) fn footers(c: &mut Canvas, who: &str, part2_notice: bool) {
    c.close_text();
    let total = c.pages.len();
    let line = if part2_notice {
        "Confidential: protected by 42 CFR Part 2 and HIPAA. Do not redisclose without the client's written consent."
    } else {
        "Confidential health information (HIPAA). Do not redisclose without the client's written consent."
    };
    let right = c.width - MARGIN_X;
    let max_who = c.content_width() - 80.0;
    let who = super::canvas::wrap(who, max_who, 7.5, Weight::Regular)
        .into_iter()
        .next()
        .unwrap_or_default();
    for page in 0..total {
        let saved = std::mem::take(&mut c.pages);
        c.pages = vec![Vec::new()];
        // Rule 46 pt above the bottom edge, the last line 24 pt above it: clear of the
        // quarter inch many printers cannot reach.
        let top = c.height - FOOTER_BAND + 10.0;
        c.rule(top, 0.5, 0.6);
        c.text(MARGIN_X, top + 12.0, &who, 7.5, Weight::Regular, 0.3);
        c.text_right(
            right,
            top + 12.0,
            &format!("Page {} of {}", page + 1, total),
            7.5,
            Weight::Bold,
            0.2,
        );
        c.text(MARGIN_X, top + 22.0, line, 7.0, Weight::Regular, 0.35);
        c.close_text();
        let footer = c.pages.pop().unwrap_or_default();
        c.pages = saved;
        c.pages[page].extend(footer);
    }
}

fn serialize(report: &ProgressReport, canvas: Canvas) -> Vec<u8> {
    let title = format!("Progress report: {}", report.client_name);
    let subject = format!("{} – {}", report.progress.from, report.progress.to);
    let about = About { title: &title, author: &report.clinician_name, subject: &subject };
    write_pdf(&canvas, &about, report.generated_at, &document_id(report))
}

/// What a document's properties say about it.
pub(super) struct About<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
}

/// A laid-out canvas as PDF bytes, with Daybreak's two fonts embedded; `id` makes the same
/// document always come out byte for byte the same.
pub(super) fn write_pdf(
    canvas: &Canvas,
    about: &About,
    generated_at: chrono::DateTime<chrono::Utc>,
    id: &str,
) -> Vec<u8> {
    let fonts = fonts::fonts();
    let date = generated_at.format("D:%Y%m%d%H%M%S+00'00'").to_string();
    let info = pdf::Info {
        title: about.title,
        author: about.author,
        subject: about.subject,
        creator: "Daybreak",
        producer: "Daybreak (printpdf fonts)",
        date: &date,
        id,
    };
    let faces = [
        pdf::FontRef { name: REGULAR_ID, base_name: "DejaVuSans", face: &fonts.regular },
        pdf::FontRef { name: BOLD_ID, base_name: "DejaVuSans-Bold", face: &fonts.bold },
    ];
    pdf::write(&canvas.pages, canvas.width, canvas.height, &faces, &info)
}

/// A data-derived identity: the same report always gets the same id (hex).
pub fn document_id(report: &ProgressReport) -> String {
    let digest = Sha256::digest(serde_json::to_vec(report).unwrap_or_default());
    hex::encode(&digest[..16])
}
