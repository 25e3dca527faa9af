//! The report's fonts in the file: which glyphs the pages use, and each face as a Type0
//! font over its subset (CIDFontType2, widths, descriptor, program, ToUnicode map).

use std::collections::BTreeMap;

use printpdf::{Op, ParsedFont, PdfFontHandle, TextItem};

use super::{FontRef, Writer};
use crate::reports::fonts::{Face, REPLACEMENT};

/// The glyphs one font uses, and their new ids in its subset.
pub(super) struct Usage {
    /// Old glyph id → new glyph id (0 = not used; the subset's glyph 0 is .notdef).
    pub(super) remap: Vec<u16>,
    /// Old glyph id → the character it was drawn for (ToUnicode).
    pub(super) chars: BTreeMap<u16, char>,
}

/// The glyph a character is drawn with in `face`, or the replacement's.
pub(super) fn glyph(face: &Face, c: char) -> u16 {
    face.glyph(c).or_else(|| face.glyph(REPLACEMENT)).unwrap_or(0)
}

pub(super) fn font_index(fonts: &[FontRef<'_>], handle: &PdfFontHandle) -> usize {
    let PdfFontHandle::External(id) = handle else {
        panic!("report writer: the report uses its embedded fonts only, not {handle:?}");
    };
    fonts
        .iter()
        .position(|f| f.name == id.0)
        .unwrap_or_else(|| panic!("report writer: font {} is not one of the report's fonts", id.0))
}

pub(super) fn collect_glyphs(pages: &[Vec<Op>], fonts: &[FontRef<'_>], usage: &mut [Usage]) {
    let mut current = 0;
    for op in pages.iter().flatten() {
        match op {
            Op::SetFont { font, .. } => current = font_index(fonts, font),
            Op::ShowText { items } => {
                let (face, used) = (fonts[current].face, &mut usage[current]);
                for item in items {
                    if let TextItem::Text(text) = item {
                        for c in text.chars() {
                            used.chars.entry(glyph(face, c)).or_insert(c);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Type0 font, its CIDFontType2, descriptor, subset program and ToUnicode map, as objects
/// `first`..`first + 4`. Fills `used.remap` with the subset's glyph ids.
pub(super) fn write_font(w: &mut Writer, first: usize, font: &FontRef<'_>, used: &mut Usage) {
    let parsed = &font.face.parsed;
    let glyphs: BTreeMap<u16, String> = used
        .chars
        .iter()
        .filter(|(gid, _)| **gid != 0)
        .map(|(gid, c)| (*gid, c.to_string()))
        .collect();
    // allsorts renumbers the glyphs to their position in [.notdef, sorted used ids].
    let subset = match printpdf::subset_font(parsed, &glyphs) {
        Ok(subset) => subset,
        Err(e) => panic!("report writer: subsetting {} failed: {e}", font.base_name),
    };
    for (old, (new, _)) in &subset.glyph_mapping {
        used.remap[usize::from(*old)] = *new;
    }
    let count = glyphs.len() + 1;
    let upm = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
    let scale = |v: f32| (v * 1000.0 / upm).round() as i64;
    let tagged = format!("{}+{}", font.name, font.base_name);

    // Type0
    w.begin(first);
    w.raw("<< /Type /Font /Subtype /Type0 /BaseFont /");
    w.raw(&tagged);
    w.raw(" /Encoding /Identity-H /DescendantFonts [");
    w.reference(first + 1);
    w.raw("] /ToUnicode ");
    w.reference(first + 4);
    w.raw(" >>\n");
    w.end();

    // CIDFontType2 with the widths of the subset's glyphs, in order.
    let mut widths = vec![0i64; count];
    for (old, (new, _)) in &subset.glyph_mapping {
        if let Some(slot) = widths.get_mut(usize::from(*new)) {
            *slot = scale(f32::from(parsed.get_horizontal_advance(*old)));
        }
    }
    widths[0] = scale(f32::from(parsed.get_horizontal_advance(0)));
    w.begin(first + 1);
    w.raw("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /");
    w.raw(&tagged);
    w.raw(" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ");
    w.reference(first + 2);
    w.raw(" /CIDToGIDMap /Identity /DW 1000 /W [0 [");
    for width in &widths {
        w.int(*width);
        w.raw(" ");
    }
    w.raw("]] >>\n");
    w.end();

    write_descriptor(w, first + 2, &tagged, parsed, &scale);

    w.begin(first + 3);
    w.stream(&format!("/Length1 {}", subset.bytes.len()), &subset.bytes);
    w.end();

    w.begin(first + 4);
    w.stream("", to_unicode(&subset, count).as_bytes());
    w.end();
}

/// The font descriptor (object `at`, its font file the object after it): the metrics a
/// viewer needs, in thousandths of the em.
fn write_descriptor(
    w: &mut Writer,
    at: usize,
    tagged: &str,
    parsed: &ParsedFont,
    scale: &dyn Fn(f32) -> i64,
) {
    let m = &parsed.pdf_font_metrics;
    let ascent = scale(parsed.font_metrics.ascent);
    let descent = scale(parsed.font_metrics.descent);
    let cap_height = parsed.font_metrics.cap_height.map_or(ascent, scale);
    let italic_angle = if m.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(m.caret_slope_run).atan2(f32::from(m.caret_slope_rise)).to_degrees()).round()
            as i64
    };
    let flags = (1 << 5) | if italic_angle == 0 { 0 } else { 1 << 6 };
    let stem_v = if m.us_weight_class == 0 {
        80
    } else {
        50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64
    };
    w.begin(at);
    w.raw("<< /Type /FontDescriptor /FontName /");
    w.raw(tagged);
    w.raw(" /Flags ");
    w.int(flags);
    w.raw(" /FontBBox [");
    for v in [m.x_min, m.y_min, m.x_max, m.y_max] {
        w.int(scale(f32::from(v)));
        w.raw(" ");
    }
    w.raw("] /ItalicAngle ");
    w.int(italic_angle);
    w.raw(" /Ascent ");
    w.int(ascent);
    w.raw(" /Descent ");
    w.int(descent);
    w.raw(" /CapHeight ");
    w.int(cap_height);
    w.raw(" /StemV ");
    w.int(stem_v);
    w.raw(" /FontFile2 ");
    w.reference(at + 1);
    w.raw(" >>\n");
    w.end();
}

/// The ToUnicode CMap: each glyph of the subset back to its character, so text can be
/// searched and copied.
fn to_unicode(subset: &printpdf::SubsetFont, count: usize) -> String {
    let mut cmap = String::with_capacity(400 + 24 * count);
    cmap.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let mappings: Vec<(u16, char)> = subset
        .glyph_mapping
        .values()
        .filter_map(|(new, text)| text.chars().next().map(|c| (*new, c)))
        .collect();
    for chunk in mappings.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (cid, c) in chunk {
            cmap.push_str(&format!("<{cid:04X}> <"));
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                cmap.push_str(&format!("{unit:04X}"));
            }
            cmap.push_str(">\n");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}
