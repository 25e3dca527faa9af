//! The report's PDF writer: printpdf's drawing operations and parsed fonts in, PDF bytes out.
//!
//! printpdf's own `PdfDocument::save` took most of a report's time (bench/README.md): it
//! builds a lopdf object tree, formats every glyph id through `fmt`, keeps per-glyph maps and parses each font
//! subset a second time. This writer keeps printpdf's model (the canvas draws `Op`s, the
//! faces are printpdf `ParsedFont`s, the subsets come from `printpdf::subset_font`) and
//! writes the file in one pass: glyph ids are remapped through a table, text is written as
//! literal strings of two-byte ids, numbers are formatted by hand, streams are deflated once
//! and objects are numbered in a fixed order, so the same pages always give the same bytes.

mod content;
mod font;

use std::{collections::BTreeMap, io::Write};

use content::{digits, encode_page, hex16, num};
use font::{Usage, collect_glyphs, write_font};

use printpdf::Op;

use super::fonts::Face;

/// The deflate level of the report's streams: 6 keeps a long report under its size target at a
/// fraction of the time of level 9; lower levels missed the target (bench/README.md, the PDF report).
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
    write_catalog(&mut w, pages.len(), page_base);
    write_info(&mut w, info);
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
    write_trailer(&mut w, page_base + 2 * pages.len(), info.id);
    w.out
}

/// Object 1, the catalog, and object 2, the page tree (its pages start at `page_base`).
fn write_catalog(w: &mut Writer, pages: usize, page_base: usize) {
    w.begin(1);
    w.raw("<< /Type /Catalog /Pages 2 0 R >>\n");
    w.end();

    w.begin(2);
    w.raw("<< /Type /Pages /Count ");
    w.int(pages as i64);
    w.raw(" /Kids [");
    for i in 0..pages {
        w.reference(page_base + 2 * i);
        w.raw(" ");
    }
    w.raw("] >>\n");
    w.end();
}

/// Object 3, the document's properties.
fn write_info(w: &mut Writer, info: &Info<'_>) {
    w.begin(3);
    w.raw("<<");
    for (key, value) in [
        ("Title", info.title),
        ("Author", info.author),
        ("Subject", info.subject),
        ("Creator", info.creator),
        ("Producer", info.producer),
    ] {
        w.raw(" /");
        w.raw(key);
        w.raw(" ");
        w.text_string(value);
    }
    w.raw(" /CreationDate (");
    w.raw(info.date);
    w.raw(") /ModDate (");
    w.raw(info.date);
    w.raw(") >>\n");
    w.end();
}

/// The cross-reference table of `objects` objects and the trailer that ends the file.
fn write_trailer(w: &mut Writer, objects: usize, id: &str) {
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
    w.raw(id);
    w.raw("> <");
    w.raw(id);
    w.raw(">] >>\nstartxref\n");
    w.int(xref as i64);
    w.raw("\n%%EOF\n");
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

    #[test]
    fn text_strings_escape_parentheses_and_encode_non_ascii_as_utf16() {
        let mut w = Writer::new();
        w.text_string("a (b) \\");
        w.raw(" ");
        w.text_string("Đặng");
        assert_eq!(String::from_utf8(w.out).unwrap(), "(a \\(b\\) \\\\) <FEFF01101EB7006E0067>");
    }
}
