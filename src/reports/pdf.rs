//! The report's PDF writer: printpdf's drawing operations and parsed fonts in, PDF bytes out.
//!
//! printpdf's own `PdfDocument::save` took 60% of a report's time: it builds a lopdf object
//! tree, formats every glyph id through `fmt`, keeps per-glyph maps and parses each font
//! subset a second time. This writer keeps printpdf's model (the canvas draws `Op`s, the
//! faces are printpdf `ParsedFont`s, the subsets come from `printpdf::subset_font`) and
//! writes the file in one pass: glyph ids are remapped through a table, numbers and hex are
//! written by hand, streams are deflated once and objects are numbered in a fixed order, so
//! the same pages always give the same bytes.

use std::{collections::BTreeMap, io::Write};

use printpdf::{
    Color, Line, Op, PaintMode, PdfFontHandle, Rect, TextItem, TextMatrix, WindingOrder,
};

use super::fonts::{Face, REPLACEMENT};

/// The deflate level of the report's streams: zlib-rs at 6 keeps a 90-day report with 40
/// notes under 60 KB (54 KB; level 3 gives 65 KB, level 1 109 KB) at a fraction of the
/// time of level 9.
const DEFLATE_LEVEL: u32 = 6;

/// A font the pages use: the resource name their `SetFont` operations give and its face.
pub struct FontRef<'a> {
    /// The resource name and the subset tag (six capital letters).
    pub name: &'a str,
    /// The PostScript name after the tag, e.g. "DejaVuSans-Bold".
    pub base_name: &'a str,
    pub face: &'a Face,
}

/// The document information dictionary.
pub struct Info<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub creator: &'a str,
    pub producer: &'a str,
    /// "D:YYYYMMDDHHmmSS+00'00'".
    pub date: &'a str,
    /// Both halves of the trailer's /ID (hex digits).
    pub id: &'a str,
}

/// The glyphs one font uses, and their new ids in its subset.
struct Usage {
    /// Old glyph id → new glyph id (0 = not used; the subset's glyph 0 is .notdef).
    remap: Vec<u16>,
    /// Old glyph id → the character it was drawn for (ToUnicode).
    chars: BTreeMap<u16, char>,
}

/// Writes `pages` (all of `width` × `height` points) as a PDF.
///
/// # Panics
/// On an operation the report's canvas never draws (images, layers, links…): this writer
/// encodes what the canvas emits, and the renderer tests run every section through it.
pub fn write(
    pages: &[Vec<Op>],
    width: f32,
    height: f32,
    fonts: &[FontRef<'_>],
    info: &Info<'_>,
) -> Vec<u8> {
    let mut usage: Vec<Usage> = fonts
        .iter()
        .map(|f| Usage {
            remap: vec![0; usize::from(f.face.parsed.num_glyphs.max(1))],
            chars: BTreeMap::new(),
        })
        .collect();
    collect_glyphs(pages, fonts, &mut usage);

    let mut w = Writer::new();
    w.out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    // Objects: 1 catalog, 2 page tree, 3 info, then 5 per font, then 2 per page.
    let font_base = 4;
    let page_base = font_base + 5 * fonts.len();

    w.begin(1);
    w.raw("<< /Type /Catalog /Pages 2 0 R >>\n");
    w.end();

    w.begin(2);
    w.raw("<< /Type /Pages /Count ");
    w.int(pages.len() as i64);
    w.raw(" /Kids [");
    for i in 0..pages.len() {
        w.reference(page_base + 2 * i);
        w.raw(" ");
    }
    w.raw("] >>\n");
    w.end();

    w.begin(3);
    w.raw("<< /Title ");
    w.text_string(info.title);
    w.raw(" /Author ");
    w.text_string(info.author);
    w.raw(" /Subject ");
    w.text_string(info.subject);
    w.raw(" /Creator ");
    w.text_string(info.creator);
    w.raw(" /Producer ");
    w.text_string(info.producer);
    w.raw(" /CreationDate (");
    w.raw(info.date);
    w.raw(") /ModDate (");
    w.raw(info.date);
    w.raw(") >>\n");
    w.end();

    for (i, (font, used)) in fonts.iter().zip(&mut usage).enumerate() {
        write_font(&mut w, font_base + 5 * i, font, used);
    }

    let mut content = Vec::with_capacity(64 * 1024);
    for (i, ops) in pages.iter().enumerate() {
        let (page, stream) = (page_base + 2 * i, page_base + 2 * i + 1);
        w.begin(page);
        w.raw("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ");
        w.num(width);
        w.raw(" ");
        w.num(height);
        w.raw("] /Resources << /Font <<");
        for (f, font) in fonts.iter().enumerate() {
            w.raw(" /");
            w.raw(font.name);
            w.raw(" ");
            w.reference(font_base + 5 * f);
        }
        w.raw(" >> >> /Contents ");
        w.reference(stream);
        w.raw(" >>\n");
        w.end();

        content.clear();
        encode_page(&mut content, ops, fonts, &usage);
        w.begin(stream);
        w.stream("", &content);
        w.end();
    }

    let objects = page_base + 2 * pages.len();
    let xref = w.out.len();
    w.raw("xref\n0 ");
    w.int(objects as i64);
    w.raw("\n0000000000 65535 f \n");
    let offsets = std::mem::take(&mut w.offsets);
    for offset in &offsets[1..] {
        w.raw(&format!("{offset:010} 00000 n \n"));
    }
    w.raw("trailer\n<< /Size ");
    w.int(objects as i64);
    w.raw(" /Root 1 0 R /Info 3 0 R /ID [<");
    w.raw(info.id);
    w.raw("> <");
    w.raw(info.id);
    w.raw(">] >>\nstartxref\n");
    w.int(xref as i64);
    w.raw("\n%%EOF\n");
    w.out
}

/// The glyph a character is drawn with in `face`, or the replacement's.
fn glyph(face: &Face, c: char) -> u16 {
    face.glyph(c).or_else(|| face.glyph(REPLACEMENT)).unwrap_or(0)
}

fn font_index(fonts: &[FontRef<'_>], handle: &PdfFontHandle) -> usize {
    let PdfFontHandle::External(id) = handle else {
        panic!("report writer: the report uses its embedded fonts only, not {handle:?}");
    };
    fonts
        .iter()
        .position(|f| f.name == id.0)
        .unwrap_or_else(|| panic!("report writer: font {} is not one of the report's fonts", id.0))
}

fn collect_glyphs(pages: &[Vec<Op>], fonts: &[FontRef<'_>], usage: &mut [Usage]) {
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
fn write_font(w: &mut Writer, first: usize, font: &FontRef<'_>, used: &mut Usage) {
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

    w.begin(first + 2);
    w.raw("<< /Type /FontDescriptor /FontName /");
    w.raw(&tagged);
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
    w.reference(first + 3);
    w.raw(" >>\n");
    w.end();

    w.begin(first + 3);
    w.stream(&format!("/Length1 {}", subset.bytes.len()), &subset.bytes);
    w.end();

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
    w.begin(first + 4);
    w.stream("", cmap.as_bytes());
    w.end();
}

/// One page's operations as a content stream.
fn encode_page(out: &mut Vec<u8>, ops: &[Op], fonts: &[FontRef<'_>], usage: &[Usage]) {
    let mut current = 0;
    for op in ops {
        match op {
            Op::SaveGraphicsState => out.extend_from_slice(b"q\n"),
            Op::RestoreGraphicsState => out.extend_from_slice(b"Q\n"),
            Op::StartTextSection => out.extend_from_slice(b"BT\n"),
            Op::EndTextSection => out.extend_from_slice(b"ET\n"),
            Op::SetFont { font, size } => {
                current = font_index(fonts, font);
                out.push(b'/');
                out.extend_from_slice(fonts[current].name.as_bytes());
                out.push(b' ');
                num(out, size.0);
                out.extend_from_slice(b" Tf\n");
            }
            Op::SetFillColor { col } => colour(out, col, false),
            Op::SetOutlineColor { col } => colour(out, col, true),
            Op::SetOutlineThickness { pt } => {
                num(out, pt.0);
                out.extend_from_slice(b" w\n");
            }
            Op::SetLineDashPattern { dash } => {
                out.push(b'[');
                for (i, v) in dash.pattern.iter().enumerate() {
                    if i > 0 {
                        out.push(b' ');
                    }
                    num(out, *v);
                }
                out.extend_from_slice(b"] ");
                num(out, dash.offset);
                out.extend_from_slice(b" d\n");
            }
            Op::SetTextMatrix { matrix } => {
                let m = match matrix {
                    TextMatrix::Translate(x, y) => [1.0, 0.0, 0.0, 1.0, x.0, y.0],
                    TextMatrix::TranslateRotate(x, y, degrees) => {
                        let (sin, cos) = degrees.to_radians().sin_cos();
                        [cos, sin, -sin, cos, x.0, y.0]
                    }
                    TextMatrix::Raw(m) => *m,
                };
                for v in m {
                    num(out, v);
                    out.push(b' ');
                }
                out.extend_from_slice(b"Tm\n");
            }
            Op::ShowText { items } => {
                let (face, used) = (fonts[current].face, &usage[current]);
                out.push(b'[');
                for item in items {
                    match item {
                        TextItem::Text(text) => {
                            out.push(b'<');
                            for c in text.chars() {
                                let old = usize::from(glyph(face, c));
                                hex16(out, used.remap.get(old).copied().unwrap_or(0));
                            }
                            out.push(b'>');
                        }
                        TextItem::Offset(v) => {
                            out.push(b' ');
                            num(out, *v);
                            out.push(b' ');
                        }
                        other => {
                            panic!("report writer: text item {other:?} is not drawn by the report")
                        }
                    }
                }
                out.extend_from_slice(b"] TJ\n");
            }
            Op::DrawLine { line } => path(out, line, if line.is_closed { b"s\n" } else { b"S\n" }),
            Op::DrawRectangle { rectangle } => rect(out, rectangle),
            other => panic!("report writer: {other:?} is not drawn by the report"),
        }
    }
}

fn colour(out: &mut Vec<u8>, col: &Color, stroke: bool) {
    let (values, op): (&[f32], &[u8]) = match col {
        Color::Greyscale(g) => (&[g.percent], if stroke { b"G" } else { b"g" }),
        Color::Rgb(c) => (&[c.r, c.g, c.b], if stroke { b"RG" } else { b"rg" }),
        Color::Cmyk(c) => (&[c.c, c.m, c.y, c.k], if stroke { b"K" } else { b"k" }),
        Color::SpotColor(c) => (&[c.c, c.m, c.y, c.k], if stroke { b"K" } else { b"k" }),
    };
    for v in values {
        num(out, *v);
        out.push(b' ');
    }
    out.extend_from_slice(op);
    out.push(b'\n');
}

fn path(out: &mut Vec<u8>, line: &Line, paint: &[u8]) {
    let points = &line.points;
    let mut i = 0;
    while i < points.len() {
        let p = &points[i];
        if i == 0 {
            point(out, p.p.x.0, p.p.y.0);
            out.extend_from_slice(b"m\n");
            i += 1;
        } else if p.bezier && i + 2 < points.len() {
            for q in &points[i..i + 3] {
                point(out, q.p.x.0, q.p.y.0);
            }
            out.extend_from_slice(b"c\n");
            i += 3;
        } else {
            point(out, p.p.x.0, p.p.y.0);
            out.extend_from_slice(b"l\n");
            i += 1;
        }
    }
    out.extend_from_slice(paint);
}

fn point(out: &mut Vec<u8>, x: f32, y: f32) {
    num(out, x);
    out.push(b' ');
    num(out, y);
    out.push(b' ');
}

fn rect(out: &mut Vec<u8>, r: &Rect) {
    point(out, r.x.0, r.y.0);
    point(out, r.width.0, r.height.0);
    out.extend_from_slice(b"re\n");
    let even_odd = matches!(r.winding_order, Some(WindingOrder::EvenOdd));
    let paint: &[u8] = match (r.mode.unwrap_or_default(), even_odd) {
        (PaintMode::Clip, false) => b"W n\n",
        (PaintMode::Clip, true) => b"W* n\n",
        (PaintMode::Fill, false) => b"f\n",
        (PaintMode::Fill, true) => b"f*\n",
        (PaintMode::Stroke, _) => b"S\n",
        (PaintMode::FillStroke, false) => b"B\n",
        (PaintMode::FillStroke, true) => b"B*\n",
    };
    out.extend_from_slice(paint);
}

/// A number with at most three decimals and no trailing zeros ("12", "0.5", "-3.125").
fn num(out: &mut Vec<u8>, v: f32) {
    let milli = (f64::from(v) * 1000.0).round() as i64;
    if milli < 0 {
        out.push(b'-');
    }
    let milli = milli.unsigned_abs();
    digits(out, milli / 1000);
    let mut frac = milli % 1000;
    if frac != 0 {
        out.push(b'.');
        let mut width = 3;
        while frac.is_multiple_of(10) {
            frac /= 10;
            width -= 1;
        }
        let mut buf = [b'0'; 3];
        for slot in buf[..width].iter_mut().rev() {
            *slot = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.extend_from_slice(&buf[..width]);
    }
}

fn digits(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

fn hex16(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        HEX[usize::from(v >> 12)],
        HEX[usize::from((v >> 8) & 15)],
        HEX[usize::from((v >> 4) & 15)],
        HEX[usize::from(v & 15)],
    ]);
}

/// The file being written and the byte offset of each object.
struct Writer {
    out: Vec<u8>,
    /// Offset of object n at index n (index 0 unused).
    offsets: Vec<usize>,
}

impl Writer {
    fn new() -> Writer {
        Writer { out: Vec::with_capacity(64 * 1024), offsets: vec![0] }
    }

    fn begin(&mut self, object: usize) {
        debug_assert_eq!(object, self.offsets.len(), "objects are written in order");
        self.offsets.push(self.out.len());
        self.int(object as i64);
        self.raw(" 0 obj\n");
    }

    fn end(&mut self) {
        self.raw("endobj\n");
    }

    fn raw(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }

    fn int(&mut self, v: i64) {
        if v < 0 {
            self.out.push(b'-');
        }
        digits(&mut self.out, v.unsigned_abs());
    }

    fn num(&mut self, v: f32) {
        num(&mut self.out, v);
    }

    fn reference(&mut self, object: usize) {
        self.int(object as i64);
        self.raw(" 0 R");
    }

    /// A text string: literal when printable ASCII, else UTF-16BE with a byte-order mark.
    fn text_string(&mut self, s: &str) {
        if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
            self.out.push(b'(');
            for b in s.bytes() {
                if matches!(b, b'(' | b')' | b'\\') {
                    self.out.push(b'\\');
                }
                self.out.push(b);
            }
            self.out.push(b')');
        } else {
            self.raw("<FEFF");
            let mut units = [0u16; 2];
            for c in s.chars() {
                for unit in c.encode_utf16(&mut units) {
                    hex16(&mut self.out, *unit);
                }
            }
            self.raw(">");
        }
    }

    /// A stream with `extra` dictionary entries, deflated when that makes it smaller.
    fn stream(&mut self, extra: &str, data: &[u8]) {
        let compressed = deflate(data).filter(|c| c.len() + 19 < data.len());
        let body = compressed.as_deref().unwrap_or(data);
        self.raw("<< /Length ");
        self.int(body.len() as i64);
        if compressed.is_some() {
            self.raw(" /Filter /FlateDecode");
        }
        if !extra.is_empty() {
            self.raw(" ");
            self.raw(extra);
        }
        self.raw(" >>\nstream\n");
        self.out.extend_from_slice(body);
        self.raw("\nendstream\n");
    }
}

fn deflate(data: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 3 + 64),
        flate2::Compression::new(DEFLATE_LEVEL),
    );
    encoder.write_all(data).ok()?;
    encoder.finish().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: f32) -> String {
        let mut out = Vec::new();
        num(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_a_thousandth() {
        assert_eq!(n(0.0), "0");
        assert_eq!(n(12.0), "12");
        assert_eq!(n(0.5), "0.5");
        assert_eq!(n(-3.125), "-3.125");
        assert_eq!(n(612.0004), "612");
        assert_eq!(n(1.05), "1.05");
        assert_eq!(n(-0.0004), "0");
        assert_eq!(n(791.999_9), "792");
    }

    #[test]
    fn text_strings_escape_parentheses_and_encode_non_ascii_as_utf16() {
        let mut w = Writer::new();
        w.text_string("a (b) \\");
        w.raw(" ");
        w.text_string("Đặng");
        assert_eq!(String::from_utf8(w.out).unwrap(), "(a \\(b\\) \\\\) <FEFF01101EB7006E0067>");
    }
}
