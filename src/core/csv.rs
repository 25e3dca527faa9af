//! CSV both ways: fields that spreadsheets read back as one cell and never run as a formula,
//! and the records of an uploaded file (RFC 4180, as spreadsheets and labs write it).

/// One CSV field: a leading formula character is defused, and a field holding a separator
/// (a comma, or the semicolon of spreadsheets set to European locales), a quote, a tab or a
/// line break is quoted, so it is read back as one cell.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', ';', '"', '\n', '\r', '\t']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The records of a CSV text: fields split at `separator` (a comma, or the semicolon of
/// spreadsheets set to European locales), quoted fields with `""` for a quote and line breaks
/// inside, CRLF or LF line ends, a leading byte-order mark dropped, blank lines skipped, each
/// field trimmed of surrounding spaces. A quote left open is refused, naming the record.
pub fn parse_records(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let separator = guess_separator(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    let finish_field = |field: &mut String, record: &mut Vec<String>, was_quoted: &mut bool| {
        let value = if *was_quoted { field.clone() } else { field.trim().to_owned() };
        record.push(value);
        field.clear();
        *was_quoted = false;
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() && !was_quoted => {
                field.clear();
                quoted = true;
                was_quoted = true;
            }
            c if c == separator => finish_field(&mut field, &mut record, &mut was_quoted),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                finish_field(&mut field, &mut record, &mut was_quoted);
                if !(record.len() == 1 && record[0].is_empty()) {
                    records.push(std::mem::take(&mut record));
                }
                record.clear();
            }
            // Spaces after a closing quote are dropped; anything else is kept as written.
            c if was_quoted && c.is_whitespace() => {}
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(format!("record {} opens a quote that is never closed", records.len() + 1));
    }
    if !field.is_empty() || !record.is_empty() || was_quoted {
        finish_field(&mut field, &mut record, &mut was_quoted);
        if !(record.len() == 1 && record[0].is_empty()) {
            records.push(record);
        }
    }
    Ok(records)
}

/// A semicolon when the first line has semicolons and no comma; a comma otherwise.
fn guess_separator(text: &str) -> char {
    let first = text.lines().next().unwrap_or("");
    if first.contains(';') && !first.contains(',') { ';' } else { ',' }
}

#[cfg(test)]
mod tests {
    use super::{csv_field, parse_records};

    fn rows(text: &str) -> Vec<Vec<String>> {
        parse_records(text).unwrap()
    }

    #[test]
    fn records_are_read_as_spreadsheets_write_them() {
        assert_eq!(rows("a,b\n1,2\n"), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(
            rows("\u{feff}a,b\r\n1,2"),
            vec![vec!["a", "b"], vec!["1", "2"]],
            "BOM, CRLF, no last break"
        );
        assert_eq!(rows("a\n\n\nb\n"), vec![vec!["a"], vec!["b"]], "blank lines skipped");
        assert_eq!(rows("\"x, \"\"y\"\"\",2"), vec![vec!["x, \"y\"", "2"]]);
        assert_eq!(rows("\"two\nlines\",z"), vec![vec!["two\nlines", "z"]]);
        assert_eq!(
            rows(" a , b ,"),
            vec![vec!["a", "b", ""]],
            "trimmed; a trailing empty field kept"
        );
        assert_eq!(rows("a;b\n1,5;2"), vec![vec!["a", "b"], vec!["1,5", "2"]], "a ; locale");
        assert_eq!(rows("\"q\" ,x"), vec![vec!["q", "x"]]);
        assert!(rows("").is_empty());
        let open = parse_records("a,b\n\"never closed,2\n").unwrap_err();
        assert!(open.contains("record 2"), "{open}");
    }

    #[test]
    fn our_own_fields_read_back_as_written() {
        for value in ["plain", "a,b", "say \"hi\"", "line\nbreak", "tab\there"] {
            let line = format!("{},end", csv_field(value));
            assert_eq!(rows(&line), vec![vec![value.to_owned(), "end".to_owned()]]);
        }
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_field("a;=1+1;<b>x"), "\"a;=1+1;<b>x\"", "one cell in a ; locale too");
        assert_eq!(csv_field("tab\there"), "\"tab\there\"");
    }
}
