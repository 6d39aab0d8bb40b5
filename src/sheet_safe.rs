//! Spreadsheet-safe CSV cells (CSV injection, CWE-1236).
//!
//! Extracted text is untrusted: a PDF can print `=HYPERLINK("http://…")`,
//! and LibreOffice Calc's default CSV import evaluates a cell that starts
//! with `=` (Excel also starts a formula at `+`, `-` and `@`). Every CSV
//! cell that a spreadsheet could read as a formula is therefore written
//! with one leading apostrophe (`'=1+1`): spreadsheets then show it as
//! text, with the apostrophe visible, and nothing runs. Plain numbers
//! (`-5`, `+84`, `-1,5`) are left alone, since no spreadsheet reads them as
//! formulas. The JSON files and `dataset.xlsx` (typed string cells) keep
//! the exact text.

use std::borrow::Cow;

/// The one-character prefix written before a cell that could run as a formula.
pub const PREFIX: char = '\'';

/// Characters that start a formula in some spreadsheet, or that spreadsheets
/// skip before one (tab, carriage return).
fn starts_formula(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// `-5`, `+84`, `-1,5`, `-12.5%`: a number, not a formula.
fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let body = body.strip_suffix('%').unwrap_or(body);
    !body.is_empty()
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body.ends_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// A spreadsheet could evaluate `s`, or `s` is such a text behind the
/// prefix already (`'=x` must be written `''=x` to read back as itself).
fn needs_prefix(s: &str) -> bool {
    match s.chars().next() {
        Some(PREFIX) => needs_prefix(&s[PREFIX.len_utf8()..]),
        Some(c) => starts_formula(c) && !is_plain_number(s),
        None => false,
    }
}

/// The cell as written to a CSV: `s` itself, or `'` + `s` when a
/// spreadsheet could evaluate it.
pub fn cell(s: &str) -> Cow<'_, str> {
    if needs_prefix(s) {
        let mut out = String::with_capacity(s.len() + 1);
        out.push(PREFIX);
        out.push_str(s);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// The extracted text of a CSV cell written by [`cell`].
pub fn original(s: &str) -> &str {
    match s.strip_prefix(PREFIX) {
        Some(rest) if needs_prefix(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_the_prefix() {
        for s in [
            "=1+1",
            "=HYPERLINK(\"http://e.com\";\"c\")",
            "+1+1",
            "-1+1",
            "@SUM(1;2)",
            "- Tuyên truyền",
            "\t=1+1",
            "\r=1",
            "-",
        ] {
            let c = cell(s);
            assert_eq!(c, format!("'{s}"), "{s:?}");
            assert_eq!(original(&c), s);
        }
    }

    #[test]
    fn text_and_numbers_are_unchanged() {
        for s in [
            "",
            "Sở Thông tin và Truyền thông",
            "1",
            "-5",
            "+84",
            "-1,5",
            "-12.5%",
            "'quoted'",
            "Quý III/2024",
            "97,14%",
        ] {
            assert!(matches!(cell(s), Cow::Borrowed(_)), "{s:?}");
            assert_eq!(original(s), s);
        }
    }

    #[test]
    fn original_of_an_apostrophe_that_was_in_the_text() {
        // an apostrophe before a non-formula is the text's own
        assert_eq!(original("'abc"), "'abc");
        // text that itself began with `'=` is written `''=` and read back
        assert_eq!(cell("'=x"), "''=x");
        assert_eq!(original(&cell("'=x")), "'=x");
        assert_eq!(original(&cell("''=x")), "''=x");
    }
}
