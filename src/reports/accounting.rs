//! The accounting of disclosures as a PDF a client can be handed (42 CFR 2.24): who received
//! information from their record, when, for what, under which consent, and who sent it. Pure:
//! plain data in, PDF bytes out.

use chrono::{DateTime, NaiveDate, Utc};
use printpdf::FontId;
use sha2::{Digest, Sha256};

use super::{
    canvas::{Canvas, MARGIN_X},
    dates::{day, period},
    fonts::Weight,
    model::Paper,
    render::{About, BOLD_ID, REGULAR_ID, footers, label_rows, letterhead, write_pdf},
    table::table,
};
use crate::consents::types::Disclosure;

/// Everything the accounting shows.
pub struct Accounting {
    pub paper: Paper,
    pub practice_name: String,
    pub client_name: String,
    pub date_of_birth: Option<NaiveDate>,
    /// The period asked for (`from` absent: since the first disclosure).
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub generated_at: DateTime<Utc>,
    pub generated_on: NaiveDate,
    /// The practice's time zone, for the times of the disclosures.
    pub time_zone: String,
    pub items: Vec<Disclosure>,
}

const INTRO: &str = "This is the list of every time information from your record at this \
practice was disclosed to someone outside it in the period below: when, to whom, for what \
purpose, under which of your consents, what was sent and by whom. Copies you asked for \
yourself are listed too.";

/// The accounting as PDF bytes.
pub fn render(a: &Accounting) -> Vec<u8> {
    let (width, height) = a.paper.size_pt();
    let mut c = Canvas::new(width, height, FontId(REGULAR_ID.into()), FontId(BOLD_ID.into()));
    letterhead(&mut c, &a.practice_name, "Accounting of disclosures");
    c.y += 20.0;
    c.text(MARGIN_X, c.y, &a.client_name, 13.0, Weight::Regular, 0.15);
    c.y += 16.0;
    let since = a.from.map_or_else(|| format!("Until {}", day(a.to)), |from| period(from, a.to));
    let rows = [
        ("Date of birth", a.date_of_birth.map_or_else(|| "Not recorded".into(), day)),
        ("Period", since.clone()),
        ("Prepared", day(a.generated_on)),
        ("Disclosures", a.items.len().to_string()),
    ];
    label_rows(&mut c, &rows);
    c.y += 8.0;
    let width = c.content_width();
    c.paragraph(MARGIN_X, width, INTRO, 9.0, Weight::Regular, 0.1);
    c.y += 10.0;
    c.running_head = format!("{} · Accounting of disclosures · {}", a.practice_name, a.client_name);
    c.heading("Disclosures", 60.0);
    if a.items.is_empty() {
        let none = "Nothing was disclosed in this period.";
        c.paragraph(MARGIN_X, width, none, 9.5, Weight::Regular, 0.2);
    } else {
        disclosures(&mut c, a);
    }
    footers(&mut c, &format!("{} · {since}", a.client_name), true);

    let title = format!("Accounting of disclosures: {}", a.client_name);
    let mut digest = Sha256::new();
    digest.update(title.as_bytes());
    digest.update(since.as_bytes());
    for d in &a.items {
        digest.update(d.at.to_rfc3339().as_bytes());
        digest.update(d.recipient.as_bytes());
    }
    let id = hex::encode(&digest.finalize()[..16]);
    let about = About { title: &title, author: &a.practice_name, subject: &since };
    write_pdf(&c, &about, a.generated_at, &id)
}

/// The table of disclosures, one row each, times in the practice's time zone.
fn disclosures(c: &mut Canvas, a: &Accounting) {
    let tz: chrono_tz::Tz = a.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let rows: Vec<Vec<String>> = a
        .items
        .iter()
        .map(|d| {
            vec![
                d.at.with_timezone(&tz).format("%b %-d, %Y %-I:%M %p").to_string(),
                d.recipient.clone(),
                d.purpose.clone().unwrap_or_else(|| "Not stated".into()),
                if d.consent_id.is_some() {
                    "Your written consent".into()
                } else {
                    "Your own request".into()
                },
                d.what.clone(),
                d.by_name.clone().unwrap_or_else(|| "—".into()),
            ]
        })
        .collect();
    let columns = [
        ("When", 0.15),
        ("To", 0.19),
        ("Purpose", 0.17),
        ("Under", 0.13),
        ("What", 0.22),
        ("By", 0.14),
    ];
    table(c, &columns, &rows);
}
