//! Renderer tests: layout (page breaks, wrapping, footers, repeated table headers, sections
//! present or absent as the data says), missing glyphs and byte-for-byte determinism.

use chrono::Days;
use printpdf::{Op, TextItem, TextMatrix};

use super::{
    canvas::FOOTER_BAND,
    lay_out,
    model::{ProgressReport, ReportEpisode},
    render, render_full,
    sample::sample,
};

/// Every text drawn, per page, with its baseline height above the bottom of the page.
fn texts(report: &ProgressReport) -> Vec<Vec<(f32, String)>> {
    lay_out(report)
        .pages
        .iter()
        .map(|ops| {
            let mut y = 0.0;
            let mut out = Vec::new();
            for op in ops {
                match op {
                    Op::SetTextMatrix { matrix: TextMatrix::Translate(_, at) } => y = at.0,
                    Op::ShowText { items } => {
                        for item in items {
                            if let TextItem::Text(t) = item {
                                out.push((y, t.clone()));
                            }
                        }
                    }
                    _ => {}
                }
            }
            out
        })
        .collect()
}

fn all_text(report: &ProgressReport) -> String {
    texts(report).into_iter().flatten().map(|(_, t)| t).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_same_report_gives_the_same_bytes_and_other_data_other_bytes() {
    let report = sample(90, 12);
    let first = render(&report);
    assert!(first.starts_with(b"%PDF-"), "a PDF header");
    assert!(first.windows(5).rev().take(64).any(|w| w == b"%%EOF"), "a PDF trailer");
    assert_eq!(first, render(&report), "byte-identical on a second render");
    let mut later = report.clone();
    later.generated_at += chrono::Duration::days(1);
    assert_ne!(first, render(&later));
}

#[test]
fn every_page_has_its_footer_and_nothing_is_drawn_over_it() {
    let report = sample(365, 40);
    let pages = texts(&report);
    let total = pages.len();
    assert!(total >= 8, "a year with 40 notes runs to many pages, got {total}");
    for (i, page) in pages.iter().enumerate() {
        let label = format!("Page {} of {}", i + 1, total);
        assert_eq!(page.iter().filter(|(_, t)| *t == label).count(), 1, "{label}");
        // The footer's three lines sit in the footer band; everything else stays above it.
        let low: Vec<&String> =
            page.iter().filter(|(y, _)| *y < FOOTER_BAND).map(|(_, t)| t).collect();
        assert_eq!(low.len(), 3, "page {}: {low:?}", i + 1);
        assert!(page.iter().all(|(y, _)| *y >= 24.0), "nothing in the last quarter inch");
    }
}

#[test]
fn long_notes_flow_onto_new_pages_without_losing_words() {
    let mut report = sample(30, 1);
    let long = "Recovery takes practice and patience. ".repeat(400);
    report.notes.as_mut().unwrap()[0].sections[0].1 = long.clone();
    let text = all_text(&report);
    let words_in = long.split_whitespace().count();
    let drawn = text.matches("patience.").count();
    assert_eq!(drawn, words_in / 5, "every sentence of the long section is drawn");
    assert!(texts(&report).len() >= 3);
}

#[test]
fn a_long_table_repeats_its_header_on_every_page_it_reaches() {
    let mut report = sample(365, 0);
    let base = report.progress.from;
    report.episodes = (0..120)
        .map(|k| ReportEpisode {
            occurred_on: base.checked_add_days(Days::new(k)).unwrap(),
            ended_on: None,
            kind: crate::recovery::vocabulary::EpisodeKind::Lapse,
            substances: vec!["Alcohol".into(), "Cannabis".into()],
            triggers: vec![
                "Unpleasant emotions".into(),
                "Social pressure".into(),
                "Testing personal control".into(),
            ],
            helped: vec!["Called sponsor".into()],
        })
        .collect();
    let pages = texts(&report);
    let with_header: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.iter().any(|(_, t)| t == "Triggers"))
        .map(|(i, _)| i)
        .collect();
    assert!(with_header.len() >= 3, "header on {with_header:?}");
    let rows: usize = pages.iter().flatten().filter(|(_, t)| t == "Lapse").count();
    assert_eq!(rows, 120, "every row drawn once");
}

#[test]
fn long_unicode_names_wrap_in_the_header_and_stay_on_one_footer_line() {
    let mut report = sample(30, 2);
    report.client_name =
        "Nguyễn Thị Thanh Hương Александра Παπαδοπούλου-Łukasiewicz ".repeat(6).trim().to_string();
    let rendered = render_full(&report);
    assert!(rendered.missing.is_empty(), "{:?}", rendered.missing);
    let text = all_text(&report);
    assert!(text.contains("Nguyễn Thị Thanh Hương"));
    assert!(text.contains("Παπαδοπούλου-Łukasiewicz"));
    let pages = texts(&report);
    let low = pages[0].iter().filter(|(y, _)| *y < FOOTER_BAND).count();
    assert_eq!(low, 3, "the footer keeps three lines however long the name");
}

#[test]
fn a_character_the_font_lacks_is_drawn_as_a_visible_replacement_and_reported() {
    let mut report = sample(30, 0);
    report.client_name = "Mei 美 Tanaka".into();
    let rendered = render_full(&report);
    assert_eq!(rendered.missing, vec!['美']);
    assert!(all_text(&report).contains("Mei \u{FFFD} Tanaka"));
}

#[test]
fn sections_appear_exactly_when_their_data_does() {
    let full = all_text(&sample(90, 3));
    for expected in [
        "Progress report",
        "Prepared for",
        "Dr. Lee, County drug court",
        "Purpose",
        "Summary",
        "Days in the period",
        "Craving",
        "Lapses and relapses",
        "Questionnaires",
        "Session notes",
        "Addendum by",
        "Notice of confidentiality: 42 CFR Part 2",
        "Signature",
    ] {
        assert!(full.contains(expected), "{expected} missing");
    }

    let mut bare = sample(30, 0);
    bare.recipient = None;
    bare.purpose = None;
    bare.measures.clear();
    bare.episodes.clear();
    bare.notes = None;
    bare.part2_notice = false;
    for day in &mut bare.progress.days {
        day.craving = None;
    }
    let text = all_text(&bare);
    for absent in [
        "Prepared for",
        "Purpose",
        "Questionnaires",
        "Notice of confidentiality",
        "42 CFR Part 2 and",
    ] {
        assert!(!text.contains(absent), "{absent} should be absent");
    }
    assert!(text.contains("Session notes are not part of this report."));
    assert!(text.contains("No lapses or relapses were recorded in this period."));
    assert!(text.contains("No craving ratings were reported in this period."));
    bare.notes = Some(Vec::new());
    assert!(all_text(&bare).contains("No signed session notes in this period."));
}

#[test]
fn the_summary_prints_each_percentage_with_its_coverage() {
    let report = sample(90, 0);
    let p = &report.progress;
    let text = all_text(&report);
    let percent = format!("{:.1}%", p.percent_days_abstinent.unwrap());
    assert!(text.contains(&percent), "{percent}");
    assert!(text.contains(&format!("of {} reported days", p.days_reported)));
    assert!(text.contains(&format!("{} days", p.longest_streak_days)));
}

#[test]
fn a_90_day_report_with_40_notes_stays_small_and_a_year_renders() {
    let ninety = render_full(&sample(90, 40));
    assert!(ninety.bytes.len() < 60 * 1024, "90-day report is {} bytes", ninety.bytes.len());
    let year = render_full(&sample(365, 40));
    assert!(year.pages > ninety.pages);
    let mut a4 = sample(90, 40);
    a4.paper = super::Paper::A4;
    assert!(lay_out(&a4).height > 841.0, "A4 is taller than Letter");
    assert!(render(&a4).starts_with(b"%PDF-"));
}

/// The extracted text of a fixed report, compared with `src/reports/golden/sample-90.txt`.
/// After a deliberate layout change: `DAYBREAK_UPDATE_GOLDEN=1 cargo test golden`, then read
/// the diff before committing it.
#[test]
fn golden_extracted_text_of_a_sample_report() {
    let bytes = render(&sample(90, 3));
    let Some(text) = super::pdftotext(&bytes) else { return };
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/reports/golden/sample-90.txt");
    if std::env::var("DAYBREAK_UPDATE_GOLDEN").is_ok() {
        std::fs::write(path, &text).unwrap();
    }
    let golden = std::fs::read_to_string(path).expect("the golden file exists");
    assert_eq!(text, golden, "the report's text changed; see the test's doc comment");
}

#[test]
fn every_page_opens_and_closes_its_text_sections_in_pairs() {
    for page in lay_out(&sample(90, 5)).pages {
        let mut open = false;
        for op in &page {
            match op {
                Op::StartTextSection => {
                    assert!(!open, "a text section inside another");
                    open = true;
                }
                Op::EndTextSection => {
                    assert!(open, "an end without a start");
                    open = false;
                }
                Op::ShowText { .. } | Op::SetTextMatrix { .. } => {
                    assert!(open, "text outside a section")
                }
                Op::DrawLine { .. } | Op::DrawRectangle { .. } => {
                    assert!(!open, "graphics inside a section")
                }
                _ => {}
            }
        }
        assert!(!open, "a page ends with its text section closed");
    }
}

/// printpdf's own serializer, the reference the report's writer replaced for speed.
fn printpdf_bytes(report: &ProgressReport) -> Vec<u8> {
    use printpdf::{FontId, Mm, PdfDocument, PdfFont, PdfPage, PdfSaveOptions};
    let canvas = lay_out(report);
    let fonts = super::fonts::fonts();
    let mut doc = PdfDocument::new("reference");
    let map = &mut doc.resources.fonts.map;
    map.insert(
        FontId(super::render::REGULAR_ID.into()),
        PdfFont::new(fonts.regular.parsed.clone()),
    );
    map.insert(FontId(super::render::BOLD_ID.into()), PdfFont::new(fonts.bold.parsed.clone()));
    let (w, h) = (Mm(canvas.width * 25.4 / 72.0), Mm(canvas.height * 25.4 / 72.0));
    doc.pages = canvas.pages.into_iter().map(|ops| PdfPage::new(w, h, ops)).collect();
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: false,
        image_optimization: None,
    };
    doc.save(&options, &mut Vec::new())
}

#[test]
fn the_writer_gives_the_text_printpdf_would_and_a_well_formed_file() {
    let mut report = sample(90, 6);
    report.client_name = "Nguyễn Thị Hương (Ολυμπία Ковальчук) 美".into();
    let ours = render_full(&report);

    // The structure: lopdf reads it back, with every page, the page size, both fonts
    // embedded as subsets with a ToUnicode map, and the data-derived id.
    let doc = lopdf::Document::load_mem(&ours.bytes).expect("lopdf parses the report");
    assert_eq!(doc.get_pages().len(), ours.pages);
    let info = doc.trailer.get(b"ID").and_then(lopdf::Object::as_array).expect("an /ID");
    assert_eq!(
        info[0].as_str().map(hex::encode).unwrap(),
        super::render::document_id(&report),
        "the id is derived from the data"
    );
    let mut embedded = Vec::new();
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict()
            && dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Type0")
        {
            embedded.push(
                String::from_utf8_lossy(dict.get(b"BaseFont").unwrap().as_name().unwrap())
                    .into_owned(),
            );
            assert!(dict.get(b"ToUnicode").is_ok());
        }
    }
    embedded.sort();
    assert_eq!(embedded, ["DBSANB+DejaVuSans-Bold", "DBSANR+DejaVuSans"]);

    // The text: pdftotext reads the same words from our file as from printpdf's.
    if let Ok(dir) = std::env::var("DAYBREAK_DUMP_PDFS") {
        std::fs::write(format!("{dir}/ours.pdf"), &ours.bytes).unwrap();
        std::fs::write(format!("{dir}/printpdf.pdf"), printpdf_bytes(&report)).unwrap();
    }
    let Some(text) = super::pdftotext(&ours.bytes) else { return };
    let reference = super::pdftotext(&printpdf_bytes(&report)).expect("pdftotext ran once");
    assert!(text.contains("Nguyễn Thị Hương (Ολυμπία Ковальчук) �"), "{text}");
    let words = |t: &str| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(words(&text), words(&reference));
}

#[test]
fn the_craving_axis_labels_every_month_start_and_the_first_day_only_when_there_is_room() {
    // Aug 30 – Nov 27: Aug 30 is two days before Sep 1, too close for both labels.
    let text = all_text(&sample(90, 0));
    for month in ["Sep 2026", "Oct 2026", "Nov 2026"] {
        assert!(text.contains(month), "{month} is labelled");
    }
    assert!(!text.contains("Aug 2026"), "the first day gave way to Sep 1");
    // Aug 10 – Nov 27: the first day is far enough from Sep 1 to keep its label.
    let text = all_text(&sample(110, 0));
    for month in ["Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026"] {
        assert!(text.contains(month), "{month} is labelled");
    }
}

#[test]
fn screen_days_are_marked_on_the_calendar_without_changing_the_days() {
    use super::model::{ReportScreenDay, ReportScreens, ScreenMark};
    let mut report = sample(30, 0);
    let plain = all_text(&report);
    let day = report.progress.days[10].day;
    let status = report.progress.days[10].status;
    report.screens = Some(ReportScreens {
        taken: 1,
        valid: 1,
        negative_percent: Some(0.0),
        longest_negative_run: 0,
        medication_taken: 0,
        medication_not_taken: 0,
        rows: vec![],
        days: vec![ReportScreenDay { day, mark: ScreenMark::Positive }],
    });
    let marked = all_text(&report);
    assert!(!plain.contains("Screens (corner of the day)"));
    assert!(marked.contains("Screens (corner of the day)"));
    assert_eq!(marked.matches("\n+\n").count(), plain.matches("\n+\n").count() + 1);
    assert_eq!(report.progress.days[10].status, status, "the day's status is the client's");
}
