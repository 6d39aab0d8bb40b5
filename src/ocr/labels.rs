//! Clean-up of what Tesseract reads in table cells: traces of erased ruling
//! lines at the ends of a line (`—`, `~`, `ˆ`, `|`, a stray `.`). Row
//! numbers misread as letters are mended by
//! [`crate::scan::row_numbers`].

/// Characters that an erased rule (or its shadow) leaves at a cell's edge.
fn is_trace_char(c: char) -> bool {
    matches!(
        c,
        '—' | '–'
            | '-'
            | '~'
            | 'ˆ'
            | '^'
            | '_'
            | '|'
            | '¦'
            | '\''
            | '‘'
            | '’'
            | '`'
            | '.'
            | ','
            | ':'
            | ';'
            | '='
            | '«'
            | '»'
            | '"'
            | '“'
            | '”'
    )
}

/// Whether a whole OCR word is a rule trace, at the start (`at_start`) or
/// end of a line. A lone `-` at the start of a line is a bullet and kept.
pub fn is_trace_word(w: &str, at_start: bool) -> bool {
    !w.is_empty() && w.chars().all(is_trace_char) && !(at_start && (w == "-" || w == "+"))
}

/// Strips rule traces glued to the first word of a line (`—5` → `5`,
/// `|Sở` → `Sở`) and the last word (`thường.~` → `thường.`); a leading `-`
/// before a letter (a bullet) and a final `.`, `,`, `;` or `:` after a
/// letter (punctuation) stay.
pub fn strip_glued(first: &str, last: bool) -> String {
    let glued = |c: char| is_trace_char(c) && !matches!(c, '.' | ',' | ';' | ':' | '"' | '“' | '”');
    if last {
        let t = first.trim_end_matches(|c: char| glued(c) && c != '-');
        if t.chars().any(char::is_alphanumeric) {
            return t.to_string();
        }
        return first.to_string();
    }
    let mut t = first.trim_start_matches(|c: char| glued(c) && c != '-');
    // `-5`, `.12` in front of a digit: a trace, not a sign.
    if t.starts_with(['-', '.']) && t[1..].starts_with(|c: char| c.is_ascii_digit()) {
        t = &t[1..];
    }
    if t.chars().any(char::is_alphanumeric) {
        t.to_string()
    } else {
        first.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_words() {
        for w in ["—", "~", "ˆ", "|", ".", "—.", "_", "'"] {
            assert!(is_trace_word(w, false), "{w}");
            assert!(is_trace_word(w, true), "{w}");
        }
        assert!(!is_trace_word("-", true));
        assert!(is_trace_word("-", false));
        for w in ["Sở", "1.", "a-b", "5"] {
            assert!(!is_trace_word(w, false), "{w}");
        }
    }

    #[test]
    fn glued_traces() {
        assert_eq!(strip_glued("—5", false), "5");
        assert_eq!(strip_glued("-5", false), "5");
        assert_eq!(strip_glued("|Sở", false), "Sở");
        assert_eq!(strip_glued("-Bộ", false), "-Bộ");
        assert_eq!(strip_glued("thường.~", true), "thường.");
        assert_eq!(strip_glued("2025|", true), "2025");
        assert_eq!(strip_glued("hiện;", true), "hiện;");
        assert_eq!(strip_glued("—", false), "—");
    }
}
