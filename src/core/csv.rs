//! CSV fields that spreadsheets read back as one cell and never run as a formula.

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

#[cfg(test)]
mod tests {
    use super::csv_field;

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
