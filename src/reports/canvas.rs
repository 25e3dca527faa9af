//! A page-flowing canvas over printpdf's operations: text in the report's faces, word
//! wrapping, rules, boxes and lines, with a cursor that moves down the page and breaks onto a
//! new page before anything would reach the footer. Coordinates here are measured from the
//! top-left corner of the page in points; printpdf's origin is bottom-left.

use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Greyscale, Line, LineDashPattern, LinePoint, Op, PaintMode, PdfFontHandle,
    Point, Pt, Rect, TextItem, TextMatrix, WindingOrder,
};

use super::fonts::{self, Face, Weight};

pub const MARGIN_X: f32 = 54.0;
pub const MARGIN_TOP: f32 = 50.0;
/// The band at the bottom of every page kept for the footer.
pub const FOOTER_BAND: f32 = 56.0;

/// A grey from 0 (black) to 1 (white): the report prints well without colour.
pub fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale { percent: level, icc_profile: None })
}

/// The font (weight, size) and grey set in the open text section, when set.
type TextState = (Option<(Weight, f32)>, Option<f32>);

pub struct Canvas {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Vec<Op>>,
    /// Distance of the cursor from the top of the current page.
    pub y: f32,
    pub regular_id: FontId,
    pub bold_id: FontId,
    /// Characters the font lacks, met anywhere in the report.
    pub missing: BTreeSet<char>,
    /// Drawn at the top of every page after the first (a short running head).
    pub running_head: String,
    /// The open text section's font, size and grey: consecutive texts share one section
    /// and set only what changes (a third of the operations of a section per text).
    text_state: Option<TextState>,
}

impl Canvas {
    pub fn new(width: f32, height: f32, regular_id: FontId, bold_id: FontId) -> Canvas {
        Canvas {
            width,
            height,
            pages: vec![Vec::with_capacity(512)],
            y: MARGIN_TOP,
            regular_id,
            bold_id,
            missing: BTreeSet::new(),
            running_head: String::new(),
            text_state: None,
        }
    }

    /// Ends the open text section, if any (before graphics, a new page or the end).
    pub fn close_text(&mut self) {
        if self.text_state.take().is_some() {
            self.ops().push(Op::EndTextSection);
        }
    }

    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN_X
    }

    /// The lowest point content may reach on a page.
    pub fn bottom(&self) -> f32 {
        self.height - FOOTER_BAND
    }

    pub fn room(&self) -> f32 {
        self.bottom() - self.y
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a canvas always has a page")
    }

    pub fn new_page(&mut self) {
        self.close_text();
        self.pages.push(Vec::with_capacity(512));
        self.y = MARGIN_TOP;
        if !self.running_head.is_empty() {
            let head = self.running_head.clone();
            self.text(MARGIN_X, self.y + 7.0, &head, 7.5, Weight::Regular, 0.35);
            self.rule(self.y + 12.0, 0.5, 0.75);
            self.y += 26.0;
        }
    }

    /// Makes sure `height` points fit below the cursor, starting a new page when not.
    pub fn need(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > MARGIN_TOP + 30.0 {
            self.new_page();
        }
    }

    /// Text with its baseline at `baseline` (from the top); returns its width.
    pub fn text(
        &mut self,
        x: f32,
        baseline: f32,
        text: &str,
        size: f32,
        weight: Weight,
        shade: f32,
    ) -> f32 {
        let face = fonts::fonts().face(weight);
        let shown = fonts::drawable(face, text, &mut self.missing);
        let width = face.width(&shown, size);
        let font = match weight {
            Weight::Regular => self.regular_id.clone(),
            Weight::Bold => self.bold_id.clone(),
        };
        let y = self.height - baseline;
        let (mut current_font, mut current_shade) = match self.text_state.take() {
            Some(state) => state,
            None => {
                self.ops().push(Op::StartTextSection);
                (None, None)
            }
        };
        if current_font != Some((weight, size)) {
            self.ops().push(Op::SetFont { font: PdfFontHandle::External(font), size: Pt(size) });
            current_font = Some((weight, size));
        }
        if current_shade != Some(shade) {
            self.ops().push(Op::SetFillColor { col: grey(shade) });
            current_shade = Some(shade);
        }
        self.ops().extend([
            Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(y)) },
            Op::ShowText { items: vec![TextItem::Text(shown)] },
        ]);
        self.text_state = Some((current_font, current_shade));
        width
    }

    /// Right-aligned text ending at `right`.
    pub fn text_right(
        &mut self,
        right: f32,
        baseline: f32,
        text: &str,
        size: f32,
        weight: Weight,
        shade: f32,
    ) {
        let width = measure(text, size, weight);
        self.text(right - width, baseline, text, size, weight, shade);
    }

    /// A horizontal rule across the content width at `y`.
    pub fn rule(&mut self, y: f32, thickness: f32, shade: f32) {
        let (x0, x1) = (MARGIN_X, self.width - MARGIN_X);
        self.line(&[(x0, y), (x1, y)], thickness, shade, None);
    }

    /// A polyline through `points` (top-left coordinates).
    pub fn line(
        &mut self,
        points: &[(f32, f32)],
        thickness: f32,
        shade: f32,
        dash: Option<&[f32]>,
    ) {
        let height = self.height;
        let points = points
            .iter()
            .map(|(x, y)| LinePoint { p: Point { x: Pt(*x), y: Pt(height - y) }, bezier: false })
            .collect();
        let dash = dash.map_or_else(LineDashPattern::default, |d| LineDashPattern::new(0.0, d));
        self.close_text();
        self.ops().extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: grey(shade) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::SetLineDashPattern { dash },
            Op::DrawLine { line: Line { points, is_closed: false } },
            Op::RestoreGraphicsState,
        ]);
    }

    /// A rectangle with its top-left corner at (x, y): filled with `fill`, outlined with
    /// `stroke` (grey levels), or both.
    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<f32>,
        stroke: Option<(f32, f32)>,
    ) {
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            _ => PaintMode::Stroke,
        };
        let bottom = self.height - y - h;
        let mut ops = vec![Op::SaveGraphicsState];
        if let Some(level) = fill {
            ops.push(Op::SetFillColor { col: grey(level) });
        }
        if let Some((thickness, level)) = stroke {
            ops.push(Op::SetOutlineColor { col: grey(level) });
            ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        }
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(bottom),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
        ops.push(Op::RestoreGraphicsState);
        self.close_text();
        self.ops().extend(ops);
    }

    /// A paragraph wrapped to `width`, drawn line by line from the cursor, flowing onto new
    /// pages as needed. Moves the cursor below it.
    pub fn paragraph(
        &mut self,
        x: f32,
        width: f32,
        text: &str,
        size: f32,
        weight: Weight,
        shade: f32,
    ) {
        let leading = size * 1.35;
        for line in wrap(text, width, size, weight) {
            self.need(leading);
            self.text(x, self.y + size, &line, size, weight, shade);
            self.y += leading;
        }
    }

    /// A section heading, kept together with at least `keep` points of what follows.
    pub fn heading(&mut self, title: &str, keep: f32) {
        self.need(30.0 + keep);
        self.y += 10.0;
        self.text(MARGIN_X, self.y + 12.0, title, 12.5, Weight::Bold, 0.0);
        self.y += 17.0;
        self.rule(self.y, 0.6, 0.55);
        self.y += 8.0;
    }
}

/// Width of `text` at `size` in a weight.
pub fn measure(text: &str, size: f32, weight: Weight) -> f32 {
    fonts::fonts().face(weight).width(text, size)
}

/// `text` broken into lines no wider than `width` at word boundaries; a word longer than a
/// line is broken between characters. New lines in the text start new lines; empty
/// paragraphs are kept as empty lines.
pub fn wrap(text: &str, width: f32, size: f32, weight: Weight) -> Vec<String> {
    let face: &Face = fonts::fonts().face(weight);
    let limit = width / size;
    let space = face.advance(' ');
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0f32;
        for word in paragraph.split_whitespace() {
            let word_width: f32 = word.chars().map(|c| face.advance(c)).sum();
            let gap = if line.is_empty() { 0.0 } else { space };
            if line_width + gap + word_width <= limit {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if word_width <= limit {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            for c in word.chars() {
                let advance = face.advance(c);
                if line_width + advance > limit && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(c);
                line_width += advance;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_word_boundaries_and_keeps_every_word() {
        let text = "Client reports attending three meetings this week and calling her sponsor twice when cravings rose after work.";
        let lines = wrap(text, 150.0, 10.0, Weight::Regular);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(measure(line, 10.0, Weight::Regular) <= 150.0 + 0.01, "{line}");
            assert!(!line.starts_with(' ') && !line.ends_with(' '));
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_longer_than_the_line_is_split_without_losing_characters() {
        let word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3);
        let lines = wrap(&word, 100.0, 10.0, Weight::Bold);
        assert!(lines.len() > 3);
        assert_eq!(lines.concat(), word);
        assert!(lines.iter().all(|l| measure(l, 10.0, Weight::Bold) <= 100.01));
    }

    #[test]
    fn new_lines_start_new_lines_and_blank_lines_are_kept() {
        let lines = wrap("First.\n\nSecond line", 400.0, 10.0, Weight::Regular);
        assert_eq!(lines, vec!["First.", "", "Second line"]);
    }
}
