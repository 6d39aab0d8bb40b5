//! Single-byte encodings, glyph names and PDF text strings.
//!
//! Simple fonts name their characters either through a built-in encoding
//! table or through glyph names (`/Differences`); both end up as Unicode
//! here. Text strings outside content streams (`/Info`) use PDFDocEncoding or
//! UTF-16BE.

use super::glyphlist::GLYPHS;
use super::tables;

/// A built-in base encoding of a simple font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    WinAnsi,
    Standard,
    MacRoman,
}

impl BaseEncoding {
    pub(crate) fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            // Expert encoding only holds small caps and old-style figures;
            // Standard is the closest useful approximation.
            b"MacExpertEncoding" => Some(BaseEncoding::Standard),
            _ => None,
        }
    }

    /// Unicode for `code`, if the table defines it.
    pub(crate) fn char(self, code: u8) -> Option<char> {
        let table = match self {
            BaseEncoding::WinAnsi => &tables::WIN_ANSI,
            BaseEncoding::Standard => &tables::STANDARD,
            BaseEncoding::MacRoman => &tables::MAC_ROMAN,
        };
        let v = table[code as usize];
        if v == 0 {
            None
        } else {
            char::from_u32(v as u32)
        }
    }
}

/// The character a raw byte has in WinAnsi (or Latin-1 where WinAnsi has
/// none). This is how legacy Vietnamese fonts must come through: the later
/// decoding stage works from these characters and the raw code.
pub(crate) fn win_ansi_or_latin1(code: u8) -> char {
    BaseEncoding::WinAnsi.char(code).unwrap_or(char::from(code))
}

/// Appends the Unicode text of glyph `name` to `out`; false if unknown.
///
/// Handles the Adobe Glyph List subset, `uniXXXX[XXXX…]`, `uXXXX[XX]`,
/// suffixed variants (`a.sc`) and `_`-joined ligatures (`f_i`).
pub(crate) fn glyph_name_chars(name: &[u8], out: &mut Vec<char>) -> bool {
    let Ok(name) = std::str::from_utf8(name) else {
        return false;
    };
    // Variant suffix: `a.sc`, `one.oldstyle`.
    let name = match name.find('.') {
        Some(0) | None => name,
        Some(i) => &name[..i],
    };
    if name.contains('_') {
        let start = out.len();
        for part in name.split('_') {
            if !single_glyph_name(part, out) {
                out.truncate(start);
                return false;
            }
        }
        return true;
    }
    single_glyph_name(name, out)
}

fn single_glyph_name(name: &str, out: &mut Vec<char>) -> bool {
    if let Ok(i) = GLYPHS.binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes())) {
        if let Some((_, c)) = GLYPHS.get(i) {
            // Ligatures are spelled out: downstream stages search text.
            match *c {
                '\u{FB00}' => out.extend(['f', 'f']),
                '\u{FB01}' => out.extend(['f', 'i']),
                '\u{FB02}' => out.extend(['f', 'l']),
                '\u{FB03}' => out.extend(['f', 'f', 'i']),
                '\u{FB04}' => out.extend(['f', 'f', 'l']),
                c => out.push(c),
            }
            return true;
        }
    }
    if let Some(hex) = name.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let start = out.len();
            let mut units = Vec::with_capacity(hex.len() / 4);
            for i in (0..hex.len()).step_by(4) {
                match hex
                    .get(i..i + 4)
                    .and_then(|h| u16::from_str_radix(h, 16).ok())
                {
                    Some(u) => units.push(u),
                    None => return false,
                }
            }
            out.extend(char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')));
            return out.len() > start;
        }
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                out.push(c);
                return true;
            }
        }
    }
    false
}

/// Decodes a PDF text string (document information, outlines): UTF-16BE
/// with a byte-order mark, UTF-8 with a BOM (PDF 2.0), else PDFDocEncoding.
pub(crate) fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]));
        return char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes
        .iter()
        .filter_map(|&b| {
            let v = tables::PDF_DOC[b as usize];
            if v == 0 {
                None
            } else {
                char::from_u32(v as u32)
            }
        })
        .collect()
}

/// Converts a PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, every part after the
/// year optional) to ISO 8601; `None` when it does not parse.
pub(crate) fn pdf_date_to_iso(s: &str) -> Option<String> {
    let s = s.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let bytes = s.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits < 4 {
        return None;
    }
    let num = |from: usize, len: usize, default: u32| -> Option<u32> {
        if from + len <= digits {
            s.get(from..from + len)?.parse().ok()
        } else {
            Some(default)
        }
    };
    let year = num(0, 4, 0)?;
    let month = num(4, 2, 1)?;
    let day = num(6, 2, 1)?;
    let hour = num(8, 2, 0)?;
    let minute = num(10, 2, 0)?;
    let second = num(12, 2, 0)?;
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut out = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
    let rest = s.get(digits.min(14)..).unwrap_or("");
    let rest = if digits > 14 { "" } else { rest };
    match rest.chars().next() {
        Some('Z') | Some('z') => out.push('Z'),
        Some(sign @ ('+' | '-')) => {
            let tz: String = rest[1..].chars().filter(|c| c.is_ascii_digit()).collect();
            let th: u32 = tz.get(0..2)?.parse().ok()?;
            let tm: u32 = tz.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            if th > 23 || tm > 59 {
                return None;
            }
            out.push_str(&format!("{sign}{th:02}:{tm:02}"));
        }
        _ => {}
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_list_is_sorted() {
        assert!(GLYPHS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn glyph_names() {
        let mut v = Vec::new();
        for (name, want) in [
            (&b"ohorn"[..], "ơ"),
            (b"Uhornacute", "Ứ"),
            (b"acircumflexdotbelow", "ậ"),
            (b"dcroat", "đ"),
            (b"uni1EA1", "ạ"),
            (b"u1EA1", "ạ"),
            (b"fi", "fi"),
            (b"f_f_i", "ffi"),
            (b"a.sc", "a"),
            (b"quotedblleft", "\u{201C}"),
        ] {
            v.clear();
            assert!(glyph_name_chars(name, &mut v), "{name:?}");
            assert_eq!(v.iter().collect::<String>(), want);
        }
        v.clear();
        assert!(!glyph_name_chars(b"g123", &mut v));
        assert!(v.is_empty());
    }

    #[test]
    fn base_encodings() {
        assert_eq!(BaseEncoding::WinAnsi.char(0x93), Some('\u{201C}'));
        assert_eq!(win_ansi_or_latin1(0xD5), 'Õ');
        assert_eq!(win_ansi_or_latin1(0x81), '\u{81}');
        assert_eq!(BaseEncoding::Standard.char(0x27), Some('\u{2019}'));
        assert_eq!(BaseEncoding::MacRoman.char(0x8E), Some('é'));
    }

    #[test]
    fn text_strings() {
        assert_eq!(decode_text_string(b"\xFE\xFF\x00K\x1E\xBF"), "Kế");
        assert_eq!(decode_text_string(b"caf\xE9 \x93"), "café \u{FB01}");
    }

    #[test]
    fn dates() {
        assert_eq!(
            pdf_date_to_iso("D:20220114093000+07'00'").as_deref(),
            Some("2022-01-14T09:30:00+07:00")
        );
        assert_eq!(
            pdf_date_to_iso("D:20220114093000Z").as_deref(),
            Some("2022-01-14T09:30:00Z")
        );
        assert_eq!(
            pdf_date_to_iso("D:2022").as_deref(),
            Some("2022-01-01T00:00:00")
        );
        assert_eq!(pdf_date_to_iso("D:20221399").as_deref(), None);
        assert_eq!(pdf_date_to_iso("yesterday"), None);
    }
}
