//! TCVN3 (TCVN 5712:1993 "VN3", the *ABC* font set: `.VnTime`, `.VnArial`,
//! `.VnTimeH` …) → Unicode.
//!
//! TCVN3 fonts are ordinary 8-bit TrueType fonts whose glyphs at 0xA1–0xFE
//! are Vietnamese letters. A PDF that embeds them declares WinAnsiEncoding
//! and has no ToUnicode map, so an extractor reports the *Latin-1* character
//! of each byte: `KÕ ho¹ch` for *Kế hoạch*. Decoding therefore maps the
//! extracted characters U+00A0–U+00FF back to bytes and looks the byte up in
//! the table below (glibc's `iconv -f TCVN5712-1`).
//!
//! Details that matter on real files:
//! * The one-byte ABC fonts carry only lower-case toned letters (plus
//!   Ă Â Ê Ô Ơ Ư Đ at 0xA1–0xA7). Capitals with tones are written with a
//!   second font, `.VnTimeH` ("H" = *hoa*, capitals), that draws capital
//!   glyphs at the *lower-case* codes: its text must be upper-cased after
//!   decoding (`upper = true`).
//! * Byte 0xAD, *ư*, is the soft hyphen in WinAnsi/Latin-1. Extractors
//!   report it as U+00AD, as `-`, or (Distiller's ToUnicode maps, e.g.
//!   `30_ttg`) as U+2212 MINUS SIGN: `tr-êng`, `n−íc`, `Trung −¬ng`. See
//!   [`decode_tcvn3`] for when such a character is taken as *ư*.
//! * The same ToUnicode maps turn 0xB7 (*ã*) into U+2219 (`l∙nh` = *lãnh*)
//!   and can turn 0xB5 (*à*, glyph name `mu`) into U+03BC.
//! * 0x80–0x9F: in the full VN1 table they are toned capitals, but WinAnsi
//!   extraction reports them as Windows punctuation (curly quotes, dashes,
//!   `…`), which is also what Word documents typed in `.VnTime` mean by
//!   them; so WinAnsi punctuation is kept, and only raw C1 control
//!   characters U+0080–U+009F (a Latin-1 extractor) are mapped to the VN1
//!   capitals.

use unicode_normalization::UnicodeNormalization;

/// VN1 capitals at 0x80–0x9F (only reached through raw C1 code points).
const C1: [char; 32] = [
    /* 80 */ 'À', 'Ả', 'Ã', 'Á', 'Ạ', 'Ặ', 'Ậ', 'È', 'Ẻ', 'Ẽ', 'É', 'Ẹ', 'Ệ', 'Ì', 'Ỉ', 'Ĩ',
    /* 90 */ 'Í', 'Ị', 'Ò', 'Ỏ', 'Õ', 'Ó', 'Ọ', 'Ộ', 'Ờ', 'Ở', 'Ỡ', 'Ớ', 'Ợ', 'Ù', 'Ủ', 'Ũ',
];

/// Bytes 0xA0–0xFF. 0xB0–0xB4 are combining tone marks (VN1); they are
/// only used as such right after a letter.
const HIGH: [char; 96] = [
    /* A0 */ '\u{00A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ',
    'Ằ', /* B0 */ '\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}', 'à', 'ả', 'ã',
    'á', 'ạ', 'Ẳ', 'ằ', 'ẳ', 'ẵ', 'ắ', 'Ẵ', /* C0 */ 'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ',
    'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', /* D0 */ 'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì',
    'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', /* E0 */ 'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ',
    'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', /* F0 */ 'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ',
    'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố',
];

/// How an extracted character may stand for TCVN3 *ư* (byte 0xAD).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Uw {
    /// U+00AD, U+2212, U+2010, U+2011: *ư* next to any letter.
    Loose,
    /// ASCII `-`: *ư* only when the word around it spells a syllable.
    Strict,
}

#[derive(Clone, Copy)]
enum Item {
    Ch(char),
    /// A candidate *ư*, with the character it came from.
    Uw(Uw, char),
}

/// Decoded character for one extracted character, or `None` for an *ư*
/// candidate.
fn map_char(c: char) -> Result<char, Uw> {
    match c {
        '\u{00AD}' | '\u{2212}' | '\u{2010}' | '\u{2011}' => Err(Uw::Loose),
        '-' => Err(Uw::Strict),
        '\u{2219}' => Ok('ã'),
        '\u{03BC}' => Ok('à'),
        '\u{0080}'..='\u{009F}' => Ok(C1[c as usize - 0x80]),
        '\u{00A0}'..='\u{00FF}' => Ok(HIGH[c as usize - 0xA0]),
        _ => Ok(c),
    }
}

fn is_letter(it: Option<&Item>) -> bool {
    match it {
        Some(Item::Ch(c)) => super::syllable::is_letter(*c) || is_mark(*c),
        Some(Item::Uw(..)) => false,
        None => false,
    }
}

fn is_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Whether the ASCII hyphen at `i` is *ư*: the letters around it, with
/// *ư* in its place, must spell one valid syllable (`tr-êng` → *trường*,
/// `nh-` → *như*), which a real hyphen in `QĐ-TTg`, `KH-UBND` never does.
/// With letters on one side only, that side needs two letters or more, so
/// that list markers such as `đ-` stay hyphens.
fn strict_is_uw(items: &[Item], i: usize) -> bool {
    let run = |it: &Item| match it {
        Item::Ch(c) => super::syllable::is_letter(*c) || is_mark(*c),
        Item::Uw(..) => true,
    };
    let mut a = i;
    while a > 0 && run(&items[a - 1]) {
        a -= 1;
    }
    let mut b = i + 1;
    while b < items.len() && run(&items[b]) {
        b += 1;
    }
    let (left, right) = (i - a, b - i - 1);
    if left + right == 0 || (left.min(right) == 0 && left.max(right) < 2) || b - a > 12 {
        return false;
    }
    let word: String = items[a..b]
        .iter()
        .map(|it| match it {
            Item::Ch(c) => *c,
            Item::Uw(..) => 'ư',
        })
        .collect();
    super::syllable::is_valid_syllable(&word)
}

/// Decodes text extracted from a TCVN3 (ABC) font into NFC Unicode.
///
/// `upper`: the text comes from an `…H` font (`.VnTimeH`, `.VnArialH`),
/// which draws capitals at the lower-case codes; the result is upper-cased.
///
/// *ư* candidates: U+00AD, U+2212, U+2010, U+2011 become *ư* when a letter
/// is on either side (`n−íc`, `nh−`, `−¬ng`); an ASCII `-` only when the
/// letters around it form one valid syllable (see above). `2021-2025`,
/// ` - `, `QĐ-TTg` keep their hyphen. Never panics; characters outside the
/// table (ASCII, already-Unicode text) pass through.
pub fn decode_tcvn3(s: &str, upper: bool) -> String {
    let mut items: Vec<Item> = Vec::with_capacity(s.len());
    let mut any_mark = false;
    for c in s.chars() {
        let it = match map_char(c) {
            Ok(d) if is_mark(d) && !is_mark(c) => {
                if is_letter(items.last()) {
                    any_mark = true;
                    Item::Ch(d)
                } else {
                    Item::Ch(c)
                }
            }
            Ok(d) => {
                any_mark |= is_mark(d);
                Item::Ch(d)
            }
            Err(kind) => Item::Uw(kind, c),
        };
        items.push(it);
    }
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    for i in 0..items.len() {
        let c = match items[i] {
            Item::Ch(c) => c,
            Item::Uw(Uw::Loose, orig) => {
                if is_letter(i.checked_sub(1).and_then(|j| items.get(j)))
                    || is_letter(items.get(i + 1))
                {
                    'ư'
                } else {
                    orig
                }
            }
            Item::Uw(Uw::Strict, orig) => {
                if strict_is_uw(&items, i) {
                    'ư'
                } else {
                    orig
                }
            }
        };
        if upper {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    if any_mark {
        out.nfc().collect()
    } else {
        out
    }
}
