//! Content streams: printpdf's drawing operations as PDF operators, with numbers and glyph
//! ids written by hand (no `fmt` per glyph).

use printpdf::{Color, Line, Op, PaintMode, Rect, TextItem, TextMatrix, WindingOrder};

use super::{
    FontRef,
    font::{Usage, font_index, glyph},
};

/// One page's operations as a content stream.
pub(super) fn encode_page(out: &mut Vec<u8>, ops: &[Op], fonts: &[FontRef<'_>], usage: &[Usage]) {
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
                            // A literal string of two-byte glyph ids: half the bytes of
                            // hex, so half the work for deflate.
                            out.push(b'(');
                            for c in text.chars() {
                                let old = usize::from(glyph(face, c));
                                let [high, low] =
                                    used.remap.get(old).copied().unwrap_or(0).to_be_bytes();
                                literal_byte(out, high);
                                literal_byte(out, low);
                            }
                            out.push(b')');
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

/// One byte inside a literal string: the delimiters and the escape character escaped, and
/// the two end-of-line bytes too (a reader turns a bare CR or CR LF into LF).
fn literal_byte(out: &mut Vec<u8>, b: u8) {
    match b {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\n' => out.extend_from_slice(b"\\n"),
        _ => out.push(b),
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
pub(super) fn num(out: &mut Vec<u8>, v: f32) {
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

pub(super) fn digits(out: &mut Vec<u8>, mut n: u64) {
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

pub(super) fn hex16(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        HEX[usize::from(v >> 12)],
        HEX[usize::from((v >> 8) & 15)],
        HEX[usize::from((v >> 4) & 15)],
        HEX[usize::from(v & 15)],
    ]);
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
    fn glyph_ids_in_literal_strings_escape_what_a_reader_would_change() {
        let mut out = Vec::new();
        for b in [0x00, b'(', b')', b'\\', b'\r', b'\n', 0x41, 0xFF] {
            literal_byte(&mut out, b);
        }
        assert_eq!(out, b"\x00\\(\\)\\\\\\r\\nA\xFF");
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
}
