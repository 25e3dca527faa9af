//! Tables that flow across pages: cells wrap, a row that does not fit moves to the next page
//! whole (or, when it is taller than a page, continues there), and the header row is drawn
//! again at the top of every page the table reaches.

use super::canvas::{Canvas, MARGIN_TOP, MARGIN_X, wrap};
use super::fonts::Weight;

const SIZE: f32 = 8.5;
const LEADING: f32 = 11.5;
const PAD: f32 = 4.0;
const HEADER: f32 = 16.0;

/// Draws `rows` under `columns` (title, share of the content width; shares add up to 1).
pub fn table(c: &mut Canvas, columns: &[(&str, f32)], rows: &[Vec<String>]) {
    let total = c.content_width();
    let widths: Vec<f32> = columns.iter().map(|(_, share)| share * total).collect();
    c.need(HEADER + LEADING + 2.0 * PAD);
    header(c, columns, &widths);
    // Lines that fit on a fresh page below the running head and the repeated header.
    let per_page =
        ((c.bottom() - MARGIN_TOP - 26.0 - HEADER - 2.0 * PAD) / LEADING).floor().max(1.0) as usize;
    for row in rows {
        let cells: Vec<Vec<String>> = row
            .iter()
            .zip(&widths)
            .map(|(text, width)| wrap(text, width - 2.0 * PAD, SIZE, Weight::Regular))
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut start = 0;
        while start < height {
            let room = ((c.bottom() - c.y - 2.0 * PAD) / LEADING).floor().max(0.0) as usize;
            let wanted = height - start;
            // Keep a row together when it fits on a page of its own.
            if room == 0 || (start == 0 && wanted <= per_page && room < wanted) {
                c.new_page();
                header(c, columns, &widths);
                continue;
            }
            let take = room.min(wanted);
            let mut x = MARGIN_X;
            for (lines, width) in cells.iter().zip(&widths) {
                for (k, line) in lines.iter().skip(start).take(take).enumerate() {
                    let baseline = c.y + PAD + (k as f32 + 1.0) * LEADING - 3.0;
                    c.text(x + PAD, baseline, line, SIZE, Weight::Regular, 0.05);
                }
                x += width;
            }
            c.y += take as f32 * LEADING + 2.0 * PAD;
            c.rule(c.y, 0.4, 0.75);
            start += take;
            if start < height {
                c.new_page();
                header(c, columns, &widths);
            }
        }
    }
    c.y += 6.0;
}

fn header(c: &mut Canvas, columns: &[(&str, f32)], widths: &[f32]) {
    c.rect(MARGIN_X, c.y, c.content_width(), HEADER, Some(0.9), None);
    let mut x = MARGIN_X;
    for ((title, _), width) in columns.iter().zip(widths) {
        c.text(x + PAD, c.y + 11.0, title, 8.0, Weight::Bold, 0.1);
        x += width;
    }
    c.y += HEADER;
}
