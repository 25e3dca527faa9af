//! The report's typeface: DejaVu Sans (regular and bold), shipped in `assets/fonts/` with its
//! licence. Parsed once per process; measuring text and finding missing glyphs use the same
//! parsed faces that printpdf embeds (subset to the glyphs a report uses).

use std::{collections::BTreeSet, sync::LazyLock};

use printpdf::ParsedFont;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// What a character the font lacks is drawn as: visible, never dropped.
pub const REPLACEMENT: char = '\u{FFFD}';

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// One parsed face and its scale.
pub struct Face {
    pub parsed: ParsedFont,
    units_per_em: f32,
    /// Advances of the first 0x250 code points (Latin), in ems, so measuring is a lookup.
    fast: Vec<f32>,
    /// Glyph ids of the same code points (0 = none), so writing text is a lookup too.
    fast_glyphs: Vec<u16>,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Face {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .expect("the bundled DejaVu Sans parses");
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let mut face = Face { parsed, units_per_em, fast: Vec::new(), fast_glyphs: Vec::new() };
        face.fast_glyphs = (0u32..0x250)
            .map(|cp| char::from_u32(cp).and_then(|c| face.lookup(c)).unwrap_or(0))
            .collect();
        face.fast = (0u32..0x250)
            .map(|cp| char::from_u32(cp).map_or(0.0, |c| face.slow_advance(c)))
            .collect();
        face
    }

    /// The glyph of `c`, when the face has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        match self.fast_glyphs.get(c as usize) {
            Some(0) => None,
            Some(gid) => Some(*gid),
            None => self.lookup(c),
        }
    }

    fn lookup(&self, c: char) -> Option<u16> {
        self.parsed.lookup_glyph_index(c as u32).filter(|gid| *gid != 0)
    }

    /// Whether the face can draw `c`.
    pub fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    fn slow_advance(&self, c: char) -> f32 {
        let gid = self.glyph(c).or_else(|| self.glyph(REPLACEMENT)).unwrap_or(0);
        f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em
    }

    /// Advance of one character, in ems.
    pub fn advance(&self, c: char) -> f32 {
        self.fast.get(c as usize).copied().unwrap_or_else(|| self.slow_advance(c))
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }
}

pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

static FONTS: LazyLock<Fonts> =
    LazyLock::new(|| Fonts { regular: Face::load(REGULAR), bold: Face::load(BOLD) });

/// The faces, parsed on first use.
pub fn fonts() -> &'static Fonts {
    &FONTS
}

/// `text` with every character the face cannot draw replaced by U+FFFD, and tabs and other
/// control characters turned into spaces (new lines are kept). The missing characters are
/// collected in `missing` so the caller can log them once per report.
pub fn drawable(face: &Face, text: &str, missing: &mut BTreeSet<char>) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => '\n',
            c if c.is_control() => ' ',
            c if face.has(c) => c,
            c => {
                missing.insert(c);
                REPLACEMENT
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_european_accents_vietnamese_greek_and_cyrillic() {
        let face = &fonts().regular;
        let samples = [
            "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ",
            "ĀāĂăĄąĆćČčĎďĐđĒēĘęĚěĞğĪīİıĹĺĽľŁłŃńŇňŐőŒœŘřŚśŞşŠšŢţŤťŪūŮůŰűŸŹźŻżŽžȘșȚț",
            "Nguyễn Thị Hương Đặng Văn Lâm Trần Quốc Tuấn ỳỹỵữựửừứ",
            "Αλέξανδρος Παπαδόπουλος ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
            "Анна Сергеевна Кузнецова ЁЖЗИЙЪЫЬЭЮЯ ёжзийъыьэюя Ґґ Єє Її",
        ];
        for text in samples {
            let missing: Vec<char> =
                text.chars().filter(|c| !c.is_whitespace() && !face.has(*c)).collect();
            assert!(missing.is_empty(), "missing {missing:?} from {text}");
        }
        assert!(fonts().bold.has('ễ') && fonts().bold.has('Ж') && fonts().bold.has('Ω'));
        assert!(face.has(REPLACEMENT));
    }

    #[test]
    fn a_missing_glyph_becomes_a_visible_replacement_and_is_reported() {
        let mut missing = BTreeSet::new();
        let text = drawable(&fonts().regular, "Mei 美\tok\u{7}", &mut missing);
        assert_eq!(text, "Mei \u{FFFD} ok ");
        assert_eq!(missing.into_iter().collect::<Vec<_>>(), vec!['美']);
    }

    #[test]
    fn widths_grow_with_text_and_size_and_bold_is_wider() {
        let f = fonts();
        let w = f.regular.width("Progress report", 10.0);
        assert!(w > 60.0 && w < 100.0, "{w}");
        assert!((f.regular.width("Progress report", 20.0) - 2.0 * w).abs() < 0.01);
        assert!(f.bold.width("Progress report", 10.0) > w);
        assert!(f.regular.width("Ж", 10.0) > 0.0);
    }
}
