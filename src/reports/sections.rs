//! The report's sections, top to bottom: summary figures, the Timeline Followback calendar,
//! the craving chart, lapses and relapses, questionnaires and signed session notes.

use chrono::{Datelike, Days, NaiveDate};

use crate::recovery::vocabulary::{EpisodeKind, label};

use super::{
    canvas::{Canvas, MARGIN_X, measure},
    dates::day,
    fonts::Weight,
    model::{ProgressReport, ReportDayStatus},
    table::table,
};

/// "12 days", "1 day".
fn days(n: i64) -> String {
    if n == 1 { "1 day".into() } else { format!("{n} days") }
}

pub fn summary(c: &mut Canvas, r: &ProgressReport) {
    let p = &r.progress;
    let none = |why: &str| ("—".to_string(), why.to_string());
    let percent = match p.percent_days_abstinent {
        Some(value) => (format!("{value:.1}%"), format!("of {} reported days", p.days_reported)),
        None => none("no days reported"),
    };
    let left: Vec<(&str, (String, String))> = vec![
        ("Days in period", (p.days_in_period.to_string(), String::new())),
        ("Days reported", (p.days_reported.to_string(), format!("of {} days", p.days_in_period))),
        ("Days abstinent", percent),
        ("Abstinent days", (p.days_abstinent.to_string(), "reported without use".into())),
        ("Days used", (p.days_used.to_string(), String::new())),
        ("Days not reported", (p.days_unknown.to_string(), String::new())),
        (
            "Mean craving",
            p.mean_craving
                .map_or_else(|| none("no ratings"), |m| (format!("{m:.1}"), "out of 10".into())),
        ),
        ("Meetings attended", (p.meetings_attended.to_string(), String::new())),
    ];
    let right: Vec<(&str, (String, String))> = vec![
        (
            "Current streak",
            p.current_streak_days.map_or_else(
                || none("no recovery start"),
                |d| (days(d), format!("on {}", day(p.to))),
            ),
        ),
        ("Longest streak", (days(p.longest_streak_days), String::new())),
        ("Longest reported abstinence", (days(p.longest_reported_abstinence_days), String::new())),
        (
            "Total clean days",
            p.total_clean_days
                .map_or_else(|| none("no recovery start"), |d| (days(d), "since the start".into())),
        ),
        ("Lapses", (p.lapse_count.to_string(), String::new())),
        ("Relapses", (p.relapse_count.to_string(), String::new())),
        ("Sponsor contacts", (p.sponsor_contacts.to_string(), String::new())),
    ];
    // Only where appointments with an outcome exist: a practice that books elsewhere must
    // not print "none", which a court could read as none attended.
    let mut right = right;
    if let Some(a) = p.attendance.filter(|a| a.countable > 0) {
        right.push((
            "Appointments attended",
            (
                format!("{} of {}", a.attended, a.countable),
                a.rate.map_or_else(String::new, |r| format!("{r:.1}%")),
            ),
        ));
    }
    let row_h = 17.0;
    let rows = left.len().max(right.len());
    c.heading("Summary", row_h * rows as f32);
    let half = c.content_width() / 2.0;
    let top = c.y;
    for i in (0..rows).step_by(2) {
        c.rect(MARGIN_X, top + i as f32 * row_h, c.content_width(), row_h, Some(0.955), None);
    }
    for (column, cells) in [left, right].iter().enumerate() {
        let x = MARGIN_X + column as f32 * half + 6.0;
        let label_width =
            cells.iter().map(|(l, _)| measure(l, 8.5, Weight::Regular)).fold(0.0, f32::max);
        for (i, (label, (value, detail))) in cells.iter().enumerate() {
            let baseline = top + i as f32 * row_h + 12.0;
            c.text(x, baseline, label, 8.5, Weight::Regular, 0.3);
            let vx = x + label_width + 12.0;
            let width = c.text(vx, baseline, value, 10.0, Weight::Bold, 0.0);
            if !detail.is_empty()
                && vx + width + 4.0 + measure(detail, 8.0, Weight::Regular) < x + half - 8.0
            {
                c.text(vx + width + 4.0, baseline, detail, 8.0, Weight::Regular, 0.35);
            }
        }
    }
    c.y = top + rows as f32 * row_h + 6.0;
}

const CELL_W: f32 = 15.5;
const CELL_H: f32 = 13.0;

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d).checked_add_months(chrono::Months::new(1)).unwrap_or(d)
}

/// Timeline Followback calendar: a month grid per month, a cell per day.
pub fn calendar(c: &mut Canvas, r: &ProgressReport) {
    let p = &r.progress;
    let mut months = Vec::new();
    let mut month = first_of_month(p.from);
    while month <= p.to {
        months.push(month);
        month = next_month(month);
    }
    let per_row = 4;
    let grid_w = 7.0 * CELL_W;
    let gap = (c.content_width() - per_row as f32 * grid_w) / (per_row as f32 - 1.0);
    let grid_h = 14.0 + 10.0 + 6.0 * CELL_H + 8.0;
    c.heading("Days in the period", grid_h + 14.0);
    legend(c);
    super::screens::legend(c, r);
    let screen_of = |d: NaiveDate| {
        r.screens.as_ref().and_then(|s| s.days.iter().find(|x| x.day == d)).map(|x| x.mark)
    };
    let status_of = |d: NaiveDate| {
        let index = (d - p.from).num_days();
        usize::try_from(index).ok().and_then(|i| p.days.get(i)).map(|day| day.status)
    };
    for chunk in months.chunks(per_row) {
        c.need(grid_h);
        let top = c.y;
        for (k, month) in chunk.iter().enumerate() {
            let x0 = MARGIN_X + k as f32 * (grid_w + gap);
            c.text(x0, top + 10.0, &month.format("%B %Y").to_string(), 8.5, Weight::Bold, 0.0);
            for (i, letter) in ["M", "T", "W", "T", "F", "S", "S"].iter().enumerate() {
                let x = x0 + i as f32 * CELL_W + CELL_W / 2.0 - 2.5;
                c.text(x, top + 21.0, letter, 6.5, Weight::Regular, 0.4);
            }
            let offset = month.weekday().num_days_from_monday() as usize;
            let mut d = *month;
            while d.month() == month.month() {
                let slot = offset + d.day0() as usize;
                let (x, y) =
                    (x0 + (slot % 7) as f32 * CELL_W, top + 24.0 + (slot / 7) as f32 * CELL_H);
                if let Some(status) = (d >= p.from && d <= p.to).then(|| status_of(d)).flatten() {
                    cell(c, x, y, d.day(), status);
                    if let Some(mark) = screen_of(d) {
                        super::screens::mark(c, x, y, CELL_W, status, mark);
                    }
                }
                d = match d.checked_add_days(Days::new(1)) {
                    Some(next) => next,
                    None => break,
                };
            }
        }
        c.y = top + grid_h;
    }
}

fn cell(c: &mut Canvas, x: f32, y: f32, number: u32, status: ReportDayStatus) {
    let (fill, ink) = match status {
        ReportDayStatus::Abstinent => (1.0, 0.25),
        ReportDayStatus::Used => (0.1, 1.0),
        ReportDayStatus::Unknown => (0.82, 0.45),
    };
    c.rect(x + 0.6, y + 0.6, CELL_W - 1.2, CELL_H - 1.2, Some(fill), Some((0.5, 0.45)));
    if status == ReportDayStatus::Unknown {
        // A diagonal stroke as well as the grey, so "not reported" survives any print.
        c.line(&[(x + 2.0, y + CELL_H - 2.0), (x + CELL_W - 2.0, y + 2.0)], 0.4, 0.6, None);
    }
    let label = number.to_string();
    let w = measure(&label, 6.0, Weight::Regular);
    c.text(x + (CELL_W - w) / 2.0, y + 8.8, &label, 6.0, Weight::Regular, ink);
}

fn legend(c: &mut Canvas) {
    let mut x = MARGIN_X;
    let y = c.y;
    for (status, label) in [
        (ReportDayStatus::Abstinent, "Abstinent (reported no use)"),
        (ReportDayStatus::Used, "Used"),
        (ReportDayStatus::Unknown, "Not reported"),
    ] {
        cell(c, x, y, 1, status);
        x += CELL_W + 4.0;
        x += c.text(x, y + 9.0, label, 8.0, Weight::Regular, 0.2) + 16.0;
    }
    c.y += CELL_H + 8.0;
}

/// Craving (0–10) over the period as a line; used days marked under the axis.
pub fn craving_chart(c: &mut Canvas, r: &ProgressReport) {
    let p = &r.progress;
    let chart_h = 110.0;
    c.heading("Craving", chart_h + 30.0);
    if !p.days.iter().any(|d| d.craving.is_some()) {
        c.paragraph(
            MARGIN_X,
            c.content_width(),
            "No craving ratings were reported in this period.",
            9.0,
            Weight::Regular,
            0.2,
        );
        return;
    }
    let x0 = MARGIN_X + 22.0;
    let width = c.content_width() - 22.0;
    let top = c.y + 4.0;
    let n = p.days.len().max(2) as f32;
    let x_of = |i: usize| x0 + (i as f32 + 0.5) * width / n;
    let y_of = |v: i16| top + chart_h - f32::from(v.clamp(0, 10)) / 10.0 * chart_h;
    for level in [0i16, 5, 10] {
        let y = y_of(level);
        c.line(
            &[(x0, y), (x0 + width, y)],
            0.4,
            0.7,
            if level == 0 { None } else { Some(&[2.0, 2.0]) },
        );
        c.text_right(x0 - 5.0, y + 3.0, &level.to_string(), 7.0, Weight::Regular, 0.35);
    }
    // Runs of consecutive rated days become one polyline; a lone rating is a dot.
    let mut run: Vec<(f32, f32)> = Vec::new();
    let flush = |c: &mut Canvas, run: &mut Vec<(f32, f32)>| {
        match run.len() {
            0 => {}
            1 => c.rect(run[0].0 - 1.5, run[0].1 - 1.5, 3.0, 3.0, Some(0.0), None),
            _ => c.line(run, 1.3, 0.0, None),
        }
        run.clear();
    };
    for (i, d) in p.days.iter().enumerate() {
        match d.craving {
            Some(v) => run.push((x_of(i), y_of(v))),
            None => flush(c, &mut run),
        }
        if d.status == ReportDayStatus::Used {
            let x = x_of(i);
            c.rect(x - 1.0, top + chart_h + 3.0, 2.0, 5.0, Some(0.0), None);
        }
    }
    flush(c, &mut run);
    // Month starts (or weeks, for a short period) along the axis.
    let short = p.days.len() <= 45;
    // A label needs room: the period's first day gives way to a month start next to it.
    let first_month_start = p.days.iter().position(|d| d.day.day() == 1);
    let first_day_fits = first_month_start.is_none_or(|m| x_of(m) - x_of(0) > 45.0);
    let mut last_label = f32::MIN;
    for (i, d) in p.days.iter().enumerate() {
        let tick = if short { i % 7 == 0 } else { d.day.day() == 1 || (i == 0 && first_day_fits) };
        if tick && x_of(i) - last_label > 45.0 {
            last_label = x_of(i);
            let label = if short {
                d.day.format("%b %-d").to_string()
            } else {
                d.day.format("%b %Y").to_string()
            };
            let x = x_of(i);
            c.line(&[(x, top + chart_h), (x, top + chart_h + 2.0)], 0.4, 0.4, None);
            c.text(x, top + chart_h + 17.0, &label, 6.8, Weight::Regular, 0.35);
        }
    }
    c.text(x0, top + chart_h + 28.0, "Line: craving reported that day (0 none – 10 strongest). Marks under the axis: days with use.", 7.0, Weight::Regular, 0.35);
    c.y = top + chart_h + 36.0;
}

fn list(items: &[String]) -> String {
    if items.is_empty() { "—".into() } else { items.join(", ") }
}

pub fn episodes(c: &mut Canvas, r: &ProgressReport) {
    c.heading("Lapses and relapses", 40.0);
    if r.episodes.is_empty() {
        c.paragraph(
            MARGIN_X,
            c.content_width(),
            "No lapses or relapses were recorded in this period.",
            9.0,
            Weight::Regular,
            0.2,
        );
        return;
    }
    let rows: Vec<Vec<String>> = r
        .episodes
        .iter()
        .map(|e| {
            let dates = match e.ended_on {
                Some(end) if end != e.occurred_on => {
                    format!("{} – {}", day(e.occurred_on), day(end))
                }
                Some(_) => day(e.occurred_on),
                None if e.kind == EpisodeKind::Relapse => {
                    format!("{} – ongoing", day(e.occurred_on))
                }
                None => day(e.occurred_on),
            };
            vec![
                dates,
                label(e.kind.as_str()),
                list(&e.substances),
                list(&e.triggers),
                list(&e.helped),
            ]
        })
        .collect();
    let columns = [
        ("Dates", 0.2),
        ("Kind", 0.1),
        ("Substances", 0.18),
        ("Triggers", 0.26),
        ("What helped", 0.26),
    ];
    table(c, &columns, &rows);
}

pub fn measures(c: &mut Canvas, r: &ProgressReport) {
    if r.measures.is_empty() {
        return;
    }
    c.heading("Questionnaires", 40.0);
    let rows: Vec<Vec<String>> = r
        .measures
        .iter()
        .map(|m| {
            vec![
                day(m.taken_on),
                m.instrument.clone(),
                format!("{} of {}", m.total, m.max),
                m.band.clone(),
            ]
        })
        .collect();
    table(c, &[("Date", 0.25), ("Questionnaire", 0.25), ("Score", 0.2), ("Severity", 0.3)], &rows);
}

pub fn notes(c: &mut Canvas, r: &ProgressReport) {
    c.heading("Session notes", 40.0);
    let width = c.content_width();
    let Some(notes) = &r.notes else {
        c.paragraph(
            MARGIN_X,
            width,
            "Session notes are not part of this report.",
            9.0,
            Weight::Regular,
            0.2,
        );
        return;
    };
    if notes.is_empty() {
        c.paragraph(
            MARGIN_X,
            width,
            "No signed session notes in this period.",
            9.0,
            Weight::Regular,
            0.2,
        );
        return;
    }
    for (i, note) in notes.iter().enumerate() {
        c.need(60.0);
        if i > 0 {
            c.y += 4.0;
        }
        c.text(
            MARGIN_X,
            c.y + 10.0,
            &format!("{} · {} note", day(note.session_on), note.format),
            10.5,
            Weight::Bold,
            0.0,
        );
        c.y += 15.0;
        let mut signed = format!("Signed by {} on {}", note.author, day(note.signed_on));
        if let Some(co) = &note.co_signed_by {
            signed.push_str(&format!("; co-signed by {co}"));
        }
        c.paragraph(MARGIN_X, width, &signed, 8.0, Weight::Regular, 0.35);
        c.y += 2.0;
        for (heading, body) in &note.sections {
            c.need(26.0);
            c.text(MARGIN_X + 8.0, c.y + 9.0, heading, 8.5, Weight::Bold, 0.15);
            c.y += 12.0;
            c.paragraph(MARGIN_X + 8.0, width - 8.0, body, 9.0, Weight::Regular, 0.05);
            c.y += 3.0;
        }
        for addendum in &note.addenda {
            c.need(26.0);
            let title = format!("Addendum by {}, {}", addendum.author, day(addendum.written_on));
            c.text(MARGIN_X + 16.0, c.y + 9.0, &title, 8.0, Weight::Bold, 0.3);
            c.y += 12.0;
            c.paragraph(MARGIN_X + 16.0, width - 16.0, &addendum.body, 8.8, Weight::Regular, 0.15);
            c.y += 3.0;
        }
        c.y += 4.0;
        c.rule(c.y, 0.4, 0.8);
        c.y += 4.0;
    }
}
