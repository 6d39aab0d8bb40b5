//! Vietnamese text helpers shared by the recognisers and later stages.
//!
//! Official text mixes tone-placement styles (`hoà`/`hòa`, `thuỷ`/`thủy`), letter
//! case (`KẾ HOẠCH` headings) and OCR noise, so matching is done on a *folded
//! key* while the document's own spelling is kept for output.

use std::borrow::Cow;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Folded search key (khoá so khớp): NFD, combining marks dropped, `đ`/`Đ` → `d`,
/// lower-case, whitespace collapsed to single spaces and trimmed.
///
/// Why: NFC alone does not make `hoà` equal `hòa` nor `thuỷ` equal `thủy`, and OCR
/// often loses or misplaces tones; the key makes those spellings compare equal.
pub fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut push = |c: char, out: &mut String| {
        if is_combining_mark(c) {
            return;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            return;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ => out.extend(c.to_lowercase()),
        }
    };
    // Marks are dropped, so their canonical order does not matter: each
    // character is decomposed on its own (no NFD reordering buffer).
    for c in s.chars() {
        if c.is_ascii() {
            push(c, &mut out);
        } else {
            decompose_canonical(c, |d| push(d, &mut out));
        }
    }
    out
}

/// Folds one character the way [`fold_key`] does (base letter, lower-case); used
/// where byte offsets into the original must be kept.
pub fn fold_char(c: char) -> char {
    match c {
        'đ' | 'Đ' => 'd',
        _ => {
            let base = c.nfd().next().unwrap_or(c);
            base.to_lowercase().next().unwrap_or(base)
        }
    }
}

/// Upper-case text (chữ in hoa): at least one letter and no lower-case letter.
///
/// Why: headings of level `I.` and the document type (`KẾ HOẠCH`) are upper-case,
/// which helps tell a heading from a body line. Digits and punctuation are ignored.
pub fn is_upper_text(s: &str) -> bool {
    let mut any = false;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            any = true;
        }
    }
    any
}

/// Sentence case for Vietnamese (viết hoa chữ đầu): first letter upper, the rest
/// lower, spaces collapsed. `KẾ HOẠCH` → `Kế hoạch`, `CHỦ TỊCH` → `Chủ tịch`.
///
/// Why: output columns want `Kế hoạch`, not the heading's upper case. Rust's case
/// mapping is Unicode-aware, so precomposed letters with tones (`Ế` → `ế`) map
/// correctly; acronyms inside the text are not preserved (use a lookup for those).
pub fn title_case_vi(s: &str) -> String {
    let collapsed = collapse_ws(s);
    let mut out = String::with_capacity(collapsed.len());
    let mut first = true;
    for c in collapsed.chars() {
        if first && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            first = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.nfc().collect()
}

/// Collapses runs of whitespace (including non-breaking spaces) to one space and
/// trims. Why: PDF text has doubled spaces (`ngày  14  tháng`).
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Unicode NFC (dạng dựng sẵn). Why: some text layers carry decomposed letters.
pub fn nfc(s: &str) -> String {
    nfc_cow(s).into_owned()
}

/// Whether `s` is certainly NFC already (the quick check; ASCII always is).
/// Nearly all text is, and then normalising is a copy at most.
pub fn is_nfc_fast(s: &str) -> bool {
    s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// `s` in NFC, borrowed when it already is.
pub fn nfc_cow(s: &str) -> Cow<'_, str> {
    if is_nfc_fast(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// Levenshtein distance over characters. Why: OCR typos in type words
/// (`Quvết định`) are one edit away from the real word.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Whether `word` starts with an upper-case letter (viết hoa). Why: agency names
/// and proper nouns are capitalised, running verbs are not.
pub fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Parses a number written the Vietnamese way: `,` is the decimal mark, `.`
/// groups thousands (`39.392` → 39392, `52,63` → 52.63). A dot followed by other
/// than exactly three digits is taken as a decimal point (`95.08` → 95.08),
/// because real documents mix both styles.
pub fn parse_vn_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    if !s.starts_with(|c: char| c.is_ascii_digit()) || !s.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int_part, frac_part) = match s.split_once(',') {
        Some((i, f)) => {
            if f.contains([',', '.']) {
                return None;
            }
            (i, Some(f))
        }
        None => (s, None),
    };
    let int_clean: String = if int_part.contains('.') {
        let groups: Vec<&str> = int_part.split('.').collect();
        let thousands = groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
        if thousands {
            groups.concat()
        } else if groups.len() == 2 && frac_part.is_none() {
            // decimal point
            return format!("{}.{}", groups[0], groups[1]).parse().ok();
        } else {
            return None;
        }
    } else {
        int_part.to_string()
    };
    let text = match frac_part {
        Some(f) => format!("{int_clean}.{f}"),
        None => int_clean,
    };
    text.parse().ok()
}

/// Cleans one string: NFC, dashes, quotes, spaces.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in nfc_cow(s).chars() {
        let c = match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
            | '\u{2033}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{2026}' => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push_str("...");
                continue;
            }
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => continue,
            c if c.is_whitespace() => ' ',
            c if c.is_control() => continue,
            c => c,
        };
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Appends a wrapped line to the text before it: a single space, except
/// after a hyphen glued to a word (`2021-` + `2025` → `2021-2025`,
/// `QĐ-` + `SGTVT`), where the line broke at the hyphen.
pub fn join_wrapped(acc: &mut String, next: &str) {
    if acc.is_empty() {
        acc.push_str(next);
        return;
    }
    let mut it = acc.chars().rev();
    let glued_hyphen = it.next() == Some('-') && it.next().is_some_and(char::is_alphanumeric);
    if !glued_hyphen {
        acc.push(' ');
    }
    acc.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_key_matches_tone_styles() {
        assert_eq!(fold_key("hoà"), fold_key("hòa"));
        assert_eq!(fold_key("thuỷ"), fold_key("thủy"));
        assert_eq!(fold_key("  Đắk   Nông "), "dak nong");
        assert_eq!(fold_key("Quyết định"), "quyet dinh");
        assert_eq!(fold_key("QUYẾT ĐỊNH"), "quyet dinh");
        // decomposed input folds the same
        assert_eq!(fold_key("Ke\u{0302}\u{0301} hoa\u{0323}ch"), "ke hoach");
        assert_eq!(fold_key(""), "");
    }

    #[test]
    fn fold_char_keeps_one_char() {
        assert_eq!(fold_char('Ế'), 'e');
        assert_eq!(fold_char('đ'), 'd');
        assert_eq!(fold_char('ư'), 'u');
        assert_eq!(fold_char('7'), '7');
    }

    #[test]
    fn upper_text() {
        assert!(is_upper_text("I. MỤC TIÊU XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ"));
        assert!(is_upper_text("KẾ HOẠCH"));
        assert!(!is_upper_text("Kế hoạch"));
        assert!(!is_upper_text("2024"));
        assert!(!is_upper_text(""));
    }

    #[test]
    fn title_case() {
        assert_eq!(title_case_vi("KẾ HOẠCH"), "Kế hoạch");
        assert_eq!(title_case_vi(" QUYẾT  ĐỊNH "), "Quyết định");
        assert_eq!(title_case_vi("ĐỀ ÁN"), "Đề án");
        assert_eq!(title_case_vi(""), "");
    }

    #[test]
    fn edit_distance_basic() {
        assert_eq!(edit_distance("quvet dinh", "quyet dinh"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("thong tu", "thong tin"), 2);
    }

    #[test]
    fn vn_numbers() {
        assert_eq!(parse_vn_number("52,63"), Some(52.63));
        assert_eq!(parse_vn_number("39.392"), Some(39392.0));
        assert_eq!(parse_vn_number("300.000.000"), Some(300_000_000.0));
        assert_eq!(parse_vn_number("95.08"), Some(95.08));
        assert_eq!(parse_vn_number("63,685"), Some(63.685));
        assert_eq!(parse_vn_number("02"), Some(2.0));
        assert_eq!(parse_vn_number("1.000,5"), Some(1000.5));
        assert_eq!(parse_vn_number("1,2,3"), None);
        assert_eq!(parse_vn_number("abc"), None);
        assert_eq!(parse_vn_number(""), None);
        assert_eq!(parse_vn_number(",5"), None);
    }
}
