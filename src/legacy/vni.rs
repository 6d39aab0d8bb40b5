//! VNI-Windows (fonts `VNI-Times`, `VNI-Helve`, `VNI-Avo` …) → Unicode.
//!
//! VNI is a *composing* 8-bit encoding: a vowel is written as its ASCII
//! base letter followed by one "mark byte" that carries the vowel modifier
//! (*mũ* circumflex, *trăng* breve) and/or the tone (*dấu thanh*):
//! `Keá hoaïch` = *Kế hoạch* (e + á = ế, a + ï = ạ), `Coäng hoøa` =
//! *Cộng hòa*. A few letters are single bytes: đ `ñ`, Đ `Ñ`, ơ `ô`, Ơ `Ô`,
//! ư `ö`, Ư `Ö`, and i/y with some tones (ỉ `æ`, ĩ `ó`, ị `ò`, ỵ `î`).
//! As with TCVN3, a PDF embedding a VNI font declares WinAnsi, so the
//! extractor reports the Latin-1 character of each byte.
//!
//! Mark bytes (lower-case / upper-case, the upper-case set is used after
//! capitals):
//!
//! | byte | meaning | example |
//! |---|---|---|
//! | ù Ù | sắc | `aù` á |
//! | ø Ø | huyền | `aø` à |
//! | û Û | hỏi | `aû` ả |
//! | õ Õ | ngã | `aõ` ã |
//! | ï Ï | nặng | `aï` ạ |
//! | â Â | mũ | `aâ` â, `eâ` ê, `oâ` ô |
//! | á à å ã ä (Á À Å Ã Ä) | mũ + sắc/huyền/hỏi/ngã/nặng | `eá` ế, `oä` ộ |
//! | ê Ê | trăng | `aê` ă |
//! | é è ú ü ë (É È Ú Ü Ë) | trăng + sắc/huyền/hỏi/ngã/nặng | `aé` ắ |
//!
//! A mark byte that does not follow a vowel it can modify is kept as is.

use unicode_normalization::char::compose;
use unicode_normalization::UnicodeNormalization;

const ACUTE: char = '\u{0301}';
const GRAVE: char = '\u{0300}';
const HOOK: char = '\u{0309}';
const TILDE: char = '\u{0303}';
const DOT: char = '\u{0323}';
const CIRC: char = '\u{0302}';
const BREVE: char = '\u{0306}';

/// What a mark byte adds to the preceding vowel.
#[derive(Clone, Copy)]
enum Mark {
    /// Tone only: any vowel a e i o u y ơ ư.
    Tone(char),
    /// Circumflex, optionally with a tone: a, e, o only.
    Circ(Option<char>),
    /// Breve, optionally with a tone: a only.
    Breve(Option<char>),
}

fn mark(c: char) -> Option<Mark> {
    Some(match c {
        'ù' | 'Ù' => Mark::Tone(ACUTE),
        'ø' | 'Ø' => Mark::Tone(GRAVE),
        'û' | 'Û' => Mark::Tone(HOOK),
        'õ' | 'Õ' => Mark::Tone(TILDE),
        'ï' | 'Ï' => Mark::Tone(DOT),
        'â' | 'Â' => Mark::Circ(None),
        'á' | 'Á' => Mark::Circ(Some(ACUTE)),
        'à' | 'À' => Mark::Circ(Some(GRAVE)),
        'å' | 'Å' => Mark::Circ(Some(HOOK)),
        'ã' | 'Ã' => Mark::Circ(Some(TILDE)),
        'ä' | 'Ä' => Mark::Circ(Some(DOT)),
        'ê' | 'Ê' => Mark::Breve(None),
        'é' | 'É' => Mark::Breve(Some(ACUTE)),
        'è' | 'È' => Mark::Breve(Some(GRAVE)),
        'ú' | 'Ú' => Mark::Breve(Some(HOOK)),
        'ü' | 'Ü' => Mark::Breve(Some(TILDE)),
        'ë' | 'Ë' => Mark::Breve(Some(DOT)),
        _ => return None,
    })
}

/// Single-byte VNI letters (those whose Latin-1 character differs).
fn single(c: char) -> Option<char> {
    Some(match c {
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

/// Decodes text extracted from a VNI-Windows font into NFC Unicode.
/// Never panics; text without VNI bytes passes through unchanged.
pub fn decode_vni(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    // The last base vowel emitted, if it can still take a mark.
    let mut last: Option<char> = None;
    let mut any_mark = false;
    for c in s.chars() {
        if let (Some(m), Some(base)) = (mark(c), last) {
            let lower = base.to_lowercase().next().unwrap_or(base);
            let marks: Option<[Option<char>; 2]> = match m {
                Mark::Tone(t) => Some([Some(t), None]),
                Mark::Circ(t) if matches!(lower, 'a' | 'e' | 'o') => Some([Some(CIRC), t]),
                Mark::Breve(t) if lower == 'a' => Some([Some(BREVE), t]),
                _ => None,
            };
            if let Some(marks) = marks {
                // Compose directly (a table lookup per mark) instead of
                // running NFC over the whole output afterwards.
                let mut composed = Some(base);
                for m in marks.into_iter().flatten() {
                    composed = composed.and_then(|b| compose(b, m));
                }
                match composed {
                    Some(c) => {
                        out.pop();
                        out.push(c);
                    }
                    None => {
                        out.extend(marks.into_iter().flatten());
                        any_mark = true;
                    }
                }
                last = None;
                continue;
            }
        }
        let d = single(c).unwrap_or(c);
        out.push(d);
        // Vowels that can still take a mark byte; ơ/ư take tones only.
        last = match d {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'A' | 'E' | 'I' | 'O' | 'U' | 'Y' | 'ơ' | 'Ơ'
            | 'ư' | 'Ư' => Some(d),
            _ => None,
        };
    }
    if any_mark {
        out.nfc().collect()
    } else {
        out
    }
}
