//! Legacy Vietnamese encodings: TCVN3 (ABC) and VNI-Windows → Unicode, and
//! the Vietnamese syllable scoring that tells which one a text is in.
//!
//! Archived government PDFs from before ~2010 were typed in 8-bit
//! Vietnamese fonts (*phông chữ* TCVN3 `.VnTime`, VNI `VNI-Times`). Their
//! text layer carries the font's bytes, which an extractor reports as
//! Latin-1/WinAnsi "garbage" (`QuyÕt ®Þnh`, `Quyeát ñònh`). This module:
//!
//! * decodes them: [`decode_tcvn3`], [`decode_vni`], [`decode`];
//! * scores whether text is real Vietnamese: [`syllable_score`],
//!   [`has_vietnamese_diacritics_share`], [`is_valid_syllable`];
//! * decides what a run of text is: [`classify`] (one text, optional font
//!   name) and [`classify_page`] (all runs of a page, aggregated per font).
//!
//! # Intended use
//! A later stage groups a page's glyph text by font (the PDF font's
//! `BaseFont`, subset prefix and all) and calls [`classify_page`] with one
//! entry per run; runs of the same font on a page are judged together,
//! because one short run (`KÕ`) says little, but a font's whole page says a
//! lot. Then [`decode`] each run with its encoding. [`TextEncoding::Unusable`]
//! means the page's text layer should be replaced by OCR.
//!
//! # Decision order (strongest signal first)
//! 1. Vietnamese letters that only Unicode has (ơ, ư, ă, đ, ạ…ỹ, combining
//!    marks): the text is already Unicode, whatever the font is called
//!    (no legacy byte can produce them through WinAnsi).
//! 2. The font name: `.VnTime`, `VnArialH`, `VnTimes…` → TCVN3 (trailing
//!    `H` before the style → upper-case font); `VNI-Times`, `VNI-Helve…` →
//!    VNI. The decode is still checked: if even decoded the text is not
//!    Vietnamese (e.g. a wrong ToUnicode map), it is `Unusable`.
//! 3. Any other character outside Latin-1/WinAnsi → Unicode (e.g. Cyrillic
//!    from a shifted ToUnicode map → scored, and `Unusable`).
//! 4. Otherwise each decoding is scored; a legacy decoding replaces the
//!    text as-is only if its syllable score beats the as-is score by
//!    [`DECODE_MARGIN`] (genuine Unicode Vietnamese written only with
//!    Latin-1 letters, e.g. `Tháng`, often still reads as valid syllables
//!    after a wrong decode — `Thỏng` — so ties must go to "as is"), except
//!    when the text shows TCVN3 evidence (a letter-symbol glued to a
//!    letter, `®Þnh`, or a capital inside a word, `thÕ`): then a tie goes
//!    to the decoding.
//!
//! "Usable" text has a syllable score ≥ [`MIN_USABLE_SCORE`] and, when it
//! has at least [`MIN_TOKENS_FOR_DIACRITICS`] scored tokens, a diacritics
//! share ≥ [`MIN_DIACRITICS_SHARE`] (a hidden OCR layer such as
//! `QUYET DINH SO 115` spells valid tone-less syllables but is useless).

mod syllable;
mod tcvn3;
mod vni;

#[cfg(test)]
mod fixtures;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use syllable::{
    has_vietnamese_diacritics_share, is_valid_syllable, syllable_score, syllable_stats,
    SyllableStats,
};
pub use tcvn3::decode_tcvn3;
pub use vni::decode_vni;

/// How a run of extracted text is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TextEncoding {
    /// Already Unicode (only NFC is needed).
    Unicode,
    /// TCVN3 / ABC; `upper` for the capitals-only `…H` fonts.
    Tcvn3 { upper: bool },
    /// VNI-Windows.
    Vni,
    /// Not Vietnamese under any decoding: wrong ToUnicode map, hidden OCR
    /// layer without diacritics … — OCR the page instead.
    Unusable,
}

/// A legacy decoding must beat the as-is syllable score by this much.
/// Measured: TCVN3 pages of 30_ttg / 31_nhnn score 0.33 / 0.39 as is and
/// 1.00 decoded (margin ≥ 0.6); the seed documents (genuine Unicode) score
/// 0.99 as is and 0.85–0.96 when wrongly decoded — a wrong decode of real
/// text keeps many valid syllables, so it must never win on a small lead.
/// 0.2 sits well between.
pub const DECODE_MARGIN: f32 = 0.2;
/// Minimum syllable score of usable Vietnamese text. Real prose (with
/// names, English words, abbreviations) scores ≥ 0.98 per document and
/// ≥ 0.6 on all but a few short seed lines; wrong-ToUnicode text (14_laocai)
/// mixes valid and broken tokens and scores 0.44 per document (its lines
/// 0.0–0.9, which is why the foreign-letter check exists too).
pub const MIN_USABLE_SCORE: f32 = 0.6;
/// Below this many scored tokens the syllable score is not judged at all:
/// a short line (`7.1. Văn phòngsở`, `internet, 15 ipad`) is no evidence.
pub const MIN_TOKENS_TO_JUDGE: usize = 5;
/// Minimum count of non-Vietnamese letters for a wrong-ToUnicode verdict.
pub const MIN_FOREIGN_LETTERS: usize = 3;
/// Minimum share of tokens with diacritics (real Vietnamese: 0.5–0.8).
pub const MIN_DIACRITICS_SHARE: f32 = 0.15;
/// Below this many scored tokens the diacritics share is not judged
/// (a short all-ASCII label like `Ban hanh` is not evidence).
pub const MIN_TOKENS_FOR_DIACRITICS: usize = 8;

/// The encoding implied by a PDF font name, if any: TCVN3 for the ABC
/// families (`.VnTime`, `VnTimeH`, `.VnArial`, `VnArialH`, `VnTimes…`,
/// with or without a subset prefix `ABCDEF+` or style `Bold`, `,Italic`,
/// `-BoldItalic`), upper-case when the family name ends in `H`; VNI for
/// `VNI-…` names.
pub fn encoding_from_font_name(name: &str) -> Option<TextEncoding> {
    // Subset prefix: six capitals and '+'.
    let name = match name.split_once('+') {
        Some((p, rest)) if p.len() == 6 && p.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    };
    let name = name.trim_start_matches('.');
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("vni-") || lower.starts_with("vni ") || lower.starts_with("vni_") {
        return Some(TextEncoding::Vni);
    }
    if !lower.starts_with("vn") || lower.starts_with("vni") {
        return None;
    }
    // Family part: up to ',' '-' or ' ' (PostScript style separators).
    let family = lower
        .split([',', '-', ' ', '_'])
        .next()
        .unwrap_or_default()
        .to_string();
    let mut fam = family.as_str();
    loop {
        let before = fam.len();
        for style in [
            "bolditalic",
            "boldoblique",
            "semibold",
            "bold",
            "italic",
            "oblique",
            "regular",
            "normal",
            "black",
            "light",
            "medium",
        ] {
            if let Some(rest) = fam.strip_suffix(style) {
                fam = rest;
            }
        }
        if fam.len() == before {
            break;
        }
    }
    // Only letters after "vn" (".VnTime", "VnArialNarrowH"); reject names
    // like "vn1" that merely start with the letters.
    if fam.len() <= 2 || !fam[2..].bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    Some(TextEncoding::Tcvn3 {
        upper: fam.ends_with('h'),
    })
}

/// Letters only Unicode can produce (never a WinAnsi byte).
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(
        c,
        '\u{0102}'
            | '\u{0103}'
            | '\u{0110}'
            | '\u{0111}'
            | '\u{0128}'
            | '\u{0129}'
            | '\u{0168}'
            | '\u{0169}'
            | '\u{01A0}'
            | '\u{01A1}'
            | '\u{01AF}'
            | '\u{01B0}'
            | '\u{1EA0}'
            ..='\u{1EF9}' | '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
    )
}

/// Characters that a legacy font's text can come out as: Latin-1, the
/// WinAnsi 0x80–0x9F punctuation, and the ToUnicode aliases of TCVN3 bytes
/// (U+2212, U+2010, U+2011 for ư; U+2219 for ã; U+03BC for à).
fn is_legacy_possible(c: char) -> bool {
    (c as u32) <= 0xFF
        || matches!(
            c,
            '€' | '‚'
                | 'ƒ'
                | '„'
                | '…'
                | '†'
                | '‡'
                | 'ˆ'
                | '‰'
                | 'Š'
                | '‹'
                | 'Œ'
                | 'Ž'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '•'
                | '–'
                | '—'
                | '˜'
                | '™'
                | 'š'
                | '›'
                | 'œ'
                | 'ž'
                | 'Ÿ'
                | '\u{2212}'
                | '\u{2010}'
                | '\u{2011}'
                | '\u{2219}'
                | '\u{03BC}'
        )
}

/// Latin-1 symbols that TCVN3 uses for letters (`®` đ, `·` ã, `¸` á,
/// `¹` ạ, `µ` à, `§` Đ …) and its ToUnicode aliases.
fn is_tcvn3_symbol(c: char) -> bool {
    matches!(
        c,
        '\u{00A1}'..='\u{00BF}' | '×' | '÷' | '\u{2212}' | '\u{2219}'
    )
}

/// Evidence *for* a TCVN3 decoding that genuine Latin-1-only text
/// practically never shows; with it, a tie in syllable score goes to the
/// decoding. Two kinds:
/// * a TCVN3 letter-symbol glued to a letter or to another such symbol
///   (`®Þnh`, `(®·`): `(®· ký)` scores 1.0 as is, because only `ký` is a
///   token;
/// * a Latin-1 capital right after a lower-case letter (`thÕ`, `chÕ`):
///   TCVN3 puts lower-case toned letters at 0xC0–0xDE, and `thÕ chÕ sè`
///   (*thể chế số*) reads as valid syllables `thõ chõ sè` as is.
fn has_legacy_evidence(s: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut prev_glue = false;
    for c in s.chars() {
        let glue = c.is_alphabetic() || is_tcvn3_symbol(c);
        if let Some(p) = prev {
            if (is_tcvn3_symbol(c) && prev_glue) || (is_tcvn3_symbol(p) && glue) {
                return true;
            }
            if p.is_lowercase() && matches!(c, '\u{00C0}'..='\u{00DE}') && c != '×' {
                return true;
            }
        }
        prev = Some(c);
        prev_glue = glue;
    }
    false
}

/// Whether scored text counts as real Vietnamese (see the module docs).
fn usable(st: &SyllableStats) -> bool {
    if st.scored() < MIN_TOKENS_TO_JUDGE {
        return true;
    }
    st.score() >= MIN_USABLE_SCORE
        && (st.scored() < MIN_TOKENS_FOR_DIACRITICS
            || st.diacritics_share() >= MIN_DIACRITICS_SHARE)
}

/// Whether text taken as Unicode shows the trace of a wrong ToUnicode map:
/// at least [`MIN_FOREIGN_LETTERS`] letters outside the Vietnamese alphabet
/// (Cyrillic `Ӌ ѭ`, `ÿ`, modifier letters `˱`) making up ≥ 0.5 % of all
/// letters. A Greek `α` or a `Müller` in real text stays below that.
fn foreign_garbage(st: &SyllableStats) -> bool {
    st.foreign >= MIN_FOREIGN_LETTERS && st.foreign * 200 >= st.letters
}

/// Characters of a run, besides white space, ASCII digits and ASCII
/// punctuation, from which on a run that is mostly not letters is judged.
const MIN_SYMBOLS_TO_JUDGE: usize = 24;

/// Whether decoded text is mostly symbols rather than letters (a legacy
/// font name over a symbol font's codes, or codes no map turns into
/// letters): fewer than half of its characters, not counting white space,
/// digits and ASCII punctuation, are letters. Such text is not Vietnamese
/// under this decoding, even when too few words were scored to say so.
fn mostly_symbols(decoded: &str, st: &SyllableStats) -> bool {
    let visible = decoded
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_digit() && !c.is_ascii_punctuation())
        .count();
    visible >= MIN_SYMBOLS_TO_JUDGE && st.letters * 2 < visible
}

/// Judges text taken as Unicode (as is).
fn judge_unicode(st: &SyllableStats) -> TextEncoding {
    if usable(st) && !foreign_garbage(st) {
        TextEncoding::Unicode
    } else {
        TextEncoding::Unusable
    }
}

/// Classifies one run of extracted text (see the module docs for the
/// decision order). `font_base_name`: the PDF font's `BaseFont`, if known.
pub fn classify(s: &str, font_base_name: Option<&str>) -> TextEncoding {
    let base = syllable_stats(s);
    // 1. Unicode-only Vietnamese letters.
    if s.chars().any(is_unicode_vietnamese) {
        return judge_unicode(&base);
    }
    // 2. Font name.
    if let Some(enc) = font_base_name.and_then(encoding_from_font_name) {
        let decoded = decode(s, enc);
        let st = syllable_stats(&decoded);
        return if usable(&st) && !mostly_symbols(&decoded, &st) {
            enc
        } else {
            TextEncoding::Unusable
        };
    }
    // 3. Anything else outside the legacy repertoire; plain ASCII decodes
    // to itself (barring hyphens): nothing to choose.
    if s.is_ascii() || !s.chars().all(is_legacy_possible) {
        return judge_unicode(&base);
    }
    // 4. Score each decoding.
    let mut best: Option<(SyllableStats, TextEncoding)> = None;
    for enc in [TextEncoding::Tcvn3 { upper: false }, TextEncoding::Vni] {
        let st = syllable_stats(&decode(s, enc));
        if best.as_ref().is_none_or(|(b, _)| st.score() > b.score()) {
            best = Some((st, enc));
        }
    }
    let margin = if has_legacy_evidence(s) {
        0.0
    } else {
        DECODE_MARGIN
    };
    match best {
        Some((st, enc)) if usable(&st) => {
            if !usable(&base) || st.score() >= base.score() + margin {
                enc
            } else {
                TextEncoding::Unicode
            }
        }
        _ => judge_unicode(&base),
    }
}

/// Text scored per font and page: about 500 words tell the encodings apart
/// as surely as a dense page's 1,000, at half the cost.
const SAMPLE_BYTES: usize = 4096;

/// The first [`SAMPLE_BYTES`] of `s`, cut at a whitespace.
fn sample(s: &str) -> &str {
    if s.len() <= SAMPLE_BYTES {
        return s;
    }
    let mut end = SAMPLE_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    match s[..end].rfind(char::is_whitespace) {
        Some(i) if i > 0 => &s[..i],
        _ => &s[..end],
    }
}

/// Classifies all text runs of one page: runs are grouped by font name
/// (runs without a font form one group), each group's texts are joined
/// with newlines and classified once, and every run gets its group's
/// encoding. Returns one encoding per input, in order.
pub fn classify_page(texts: &[(&str, Option<&str>)]) -> Vec<TextEncoding> {
    let mut groups: Vec<(Option<&str>, String)> = Vec::new();
    let mut which = Vec::with_capacity(texts.len());
    for &(text, font) in texts {
        let g = match groups.iter().position(|(f, _)| *f == font) {
            Some(g) => g,
            None => {
                groups.push((font, String::new()));
                groups.len() - 1
            }
        };
        let joined = &mut groups[g].1;
        if !joined.is_empty() {
            joined.push('\n');
        }
        joined.push_str(text);
        which.push(g);
    }
    let encs: Vec<TextEncoding> = groups
        .iter()
        .map(|(f, t)| classify(sample(t), *f))
        .collect();
    which.into_iter().map(|g| encs[g]).collect()
}

/// Decodes `s` as `enc` into NFC Unicode. `Unicode` and `Unusable` only
/// normalise to NFC (an unusable text is returned as is; the caller should
/// OCR the page instead of using it).
pub fn decode(s: &str, enc: TextEncoding) -> String {
    match enc {
        TextEncoding::Unicode | TextEncoding::Unusable => crate::vn::nfc(s),
        TextEncoding::Tcvn3 { upper } => decode_tcvn3(s, upper),
        TextEncoding::Vni => decode_vni(s),
    }
}
