//! Conservative repair of Vietnamese spelling slips in OCR text.
//!
//! Tesseract's Vietnamese model drops or swaps tone marks, mostly on vowels
//! that already carry a circumflex or horn (`câp` for `cấp`, `đôn đôc` for
//! `đôn đốc`: about 4 % of the words of a real scan). A word is repaired only
//! when
//!
//! * it is no valid Vietnamese syllable ([`crate::legacy::is_valid_syllable`]:
//!   e.g. a `-p -t -c -ch` final without *sắc* or *nặng*),
//! * it is written in lower case or with one leading capital (never a word
//!   in capitals, a code, a number or anything holding digits or symbols),
//! * one edit — another tone mark on one vowel, or another vowel modifier
//!   (`a ă â`, `o ô ơ`, `u ư`, `e ê`, `d đ`) — makes it a valid syllable,
//! * and that syllable is used elsewhere in the same document (the most used
//!   one wins) or, for a word in lower case, is the best ranked of the
//!   candidates in a frequency list of syllables (`syllables.txt`, data).
//!
//! Letters Tesseract confuses (`ø` or `e` for `g`, `1` or `¡` for `i`, `v`
//! for `y`: `nøhe`, `rone`, `ø1a`, `chuven`) are repaired the same way, one
//! letter at a time: a letter that is never Vietnamese (`ø`, `¡`, a digit
//! inside a word) under the same rules, a Vietnamese letter swapped for
//! another only to a syllable the document itself uses; so is a vowel
//! whose base letter a blurred print swapped, marks kept (`Hệi` for `Hội`). A word without any
//! mark in a scan may be a code (`ma_benh` with its `_` lost): it is
//! repaired only to a syllable the document uses. And a `.` between two
//! words where the next starts in lower case is a comma (a 1-bit scan
//! reads most commas as full stops; Vietnamese sentences start with a
//! capital), unless the word before it is an abbreviation (`v.v.`).
//!
//! Valid syllables are never touched. Each repair keeps the number of
//! characters (all Vietnamese letters are precomposed in NFC), so it can be
//! applied to a page's glyphs in place ([`repair_pages`]).

use crate::legacy::is_valid_syllable;
use crate::pdf::Page;
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

const SYLLABLES: &str = include_str!("syllables.txt");

/// The tone marks, as combining characters (none = level tone).
const TONES: [Option<char>; 6] = [
    None,
    Some('\u{300}'),
    Some('\u{301}'),
    Some('\u{303}'),
    Some('\u{309}'),
    Some('\u{323}'),
];

/// Vowels sharing a base letter, by modifier.
const FAMILIES: [&[char]; 6] = [
    &['a', 'ă', 'â'],
    &['o', 'ô', 'ơ'],
    &['u', 'ư'],
    &['e', 'ê'],
    &['i'],
    &['y'],
];

/// A frequency rank of syllables (0 = most frequent), from the data file.
#[derive(Debug, Clone)]
pub struct SyllableRanks {
    rank: HashMap<String, usize>,
}

impl SyllableRanks {
    /// The built-in list (`src/ocr/syllables.txt`).
    pub fn builtin() -> SyllableRanks {
        SyllableRanks::parse(SYLLABLES)
    }

    /// One syllable a line, most frequent first; `#` starts a comment line;
    /// entries that are no valid syllable are ignored.
    pub fn parse(text: &str) -> SyllableRanks {
        let mut rank = HashMap::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let w: String = line.nfc().collect::<String>().to_lowercase();
            if is_valid_syllable(&w) {
                let n = rank.len();
                rank.entry(w).or_insert(n);
            }
        }
        SyllableRanks { rank }
    }

    pub fn rank(&self, w: &str) -> Option<usize> {
        self.rank.get(w).copied()
    }

    pub fn len(&self) -> usize {
        self.rank.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rank.is_empty()
    }
}

/// Splits a letter into its base (with modifier, NFC) and tone mark.
fn split_tone(c: char) -> (char, Option<char>) {
    let mut base = String::new();
    let mut tone = None;
    for d in std::iter::once(c).nfd() {
        if TONES.contains(&Some(d)) {
            tone = Some(d);
        } else {
            base.push(d);
        }
    }
    let mut b = base.nfc();
    match (b.next(), b.next()) {
        (Some(x), None) => (x, tone),
        _ => (c, None),
    }
}

fn with_tone(base: char, tone: Option<char>) -> Option<char> {
    let mut s = String::from(base);
    if let Some(t) = tone {
        s.push(t);
    }
    let mut it = s.nfc();
    match (it.next(), it.next()) {
        (Some(x), None) => Some(x),
        _ => None,
    }
}

/// The words one edit away from `w` (lower case): another tone on one
/// vowel, or another modifier of one vowel (`d`/`đ` too), keeping its tone.
pub fn one_edit_candidates(w: &str) -> Vec<String> {
    let chars: Vec<char> = w.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let mut alts: Vec<char> = Vec::new();
        if c == 'd' {
            alts.push('đ');
        } else if c == 'đ' {
            alts.push('d');
        }
        let (base, tone) = split_tone(c);
        if let Some(fam) = FAMILIES.iter().find(|f| f.contains(&base)) {
            for t in TONES {
                if t != tone {
                    alts.extend(with_tone(base, t));
                }
            }
            for &b in fam.iter().filter(|&&b| b != base) {
                alts.extend(with_tone(b, tone));
            }
        }
        for a in alts {
            let mut v = chars.clone();
            v[i] = a;
            out.push(v.into_iter().collect());
        }
    }
    out
}

/// Letters Tesseract puts for others in Vietnamese text, with the letter
/// meant, and whether the misread one is itself a Vietnamese letter (then
/// only a syllable of the document is evidence enough).
const CONFUSABLE: [(char, char, bool); 6] = [
    ('ø', 'g', false),
    ('¡', 'i', false),
    ('1', 'i', false),
    ('0', 'o', false),
    ('v', 'y', true),
    ('e', 'g', true),
];

/// Vowels whose base letters a small or blurred print confuses, marks
/// kept (`Hệi` for `Hội`): a swap between Vietnamese letters, so only to a
/// syllable the document uses.
const BASE_SWAPS: [(char, char); 2] = [('e', 'o'), ('o', 'e')];

/// The words one confusable letter away from `w` (lower case), each with
/// whether the swap was between two Vietnamese letters.
fn confusable_candidates(w: &str) -> Vec<(String, bool)> {
    let chars: Vec<char> = w.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        for &(from, to, letter) in &CONFUSABLE {
            if c == from {
                let mut v = chars.clone();
                v[i] = to;
                out.push((v.into_iter().collect(), letter));
            }
        }
        let mut parts = c.nfd();
        let Some(base) = parts.next() else { continue };
        let marks: String = parts.collect();
        for &(from, to) in &BASE_SWAPS {
            if base == from {
                let swapped: String = std::iter::once(to).chain(marks.chars()).nfc().collect();
                let mut one = swapped.chars();
                if let (Some(n), None) = (one.next(), one.next()) {
                    let mut v = chars.clone();
                    v[i] = n;
                    out.push((v.into_iter().collect(), true));
                }
            }
        }
    }
    out
}

/// A word without its tone marks and vowel modifiers (`đ` stays).
fn strip_marks(w: &str) -> String {
    w.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

/// How a word is written, for the rules above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Lower,
    /// One leading capital, the rest lower case.
    Title,
}

fn case_of(w: &str) -> Option<Case> {
    let mut it = w.chars();
    let first = it.next()?;
    if !w
        .chars()
        .all(|c| c.is_alphabetic() || c == '¡' || c.is_ascii_digit())
    {
        return None;
    }
    let rest_lower = it.all(|c| !c.is_uppercase());
    match (first.is_lowercase(), rest_lower) {
        (true, true) => Some(Case::Lower),
        (false, true) if first.is_uppercase() && w.chars().count() > 1 => Some(Case::Title),
        _ => None,
    }
}

/// The repair of one word (letters only, no punctuation), or `None`.
/// `used` counts the valid syllables (lower case) of the document.
pub fn repair_word(
    w: &str,
    used: &HashMap<String, usize>,
    ranks: &SyllableRanks,
) -> Option<String> {
    let case = case_of(w)?;
    // A lone letter (`â`, `ư`) may be a list marker or a fragment.
    if w.chars().count() < 2 {
        return None;
    }
    if is_valid_syllable(w) {
        return None;
    }
    let lower = w.to_lowercase();
    let digits = lower.chars().filter(char::is_ascii_digit).count();
    // A number with a letter (`2a`, `10b`) is a label, not a misread word.
    if digits > 1 || lower.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let marked = !lower.is_ascii();
    let in_doc = |c: &String| used.get(c).copied().unwrap_or(0) > 0;
    // (candidate, needs the document's evidence)
    // Letters that are never Vietnamese are read as the one meant first.
    let plain: String = lower
        .chars()
        .map(|c| {
            CONFUSABLE
                .iter()
                .find(|&&(from, _, letter)| from == c && !letter)
                .map_or(c, |&(_, to, _)| to)
        })
        .collect();
    let mut cands: Vec<(String, bool)> = Vec::new();
    if plain != lower {
        cands.push((plain.clone(), false));
    }
    cands.extend(
        one_edit_candidates(&plain)
            .into_iter()
            .map(|c| (c, !marked)),
    );
    cands.extend(confusable_candidates(&plain));
    if !marked {
        // Marks dropped altogether (`cap`, `benh`): the document's
        // syllables written with these letters.
        cands.extend(
            used.keys()
                .filter(|u| strip_marks(u) == plain)
                .map(|u| (u.clone(), true)),
        );
    }
    cands.retain(|(c, _)| is_valid_syllable(c));
    let key = |c: &String| {
        (
            std::cmp::Reverse(used.get(c).copied().unwrap_or(0)),
            ranks.rank(c).unwrap_or(usize::MAX),
            c.clone(),
        )
    };
    let (best, strict) = cands.iter().min_by_key(|(c, _)| key(c))?;
    let in_list = ranks.rank(best).is_some();
    let ok = match case {
        Case::Lower if !strict => in_doc(best) || in_list,
        _ => in_doc(best),
    };
    if !ok {
        return None;
    }
    Some(match case {
        Case::Lower => best.clone(),
        Case::Title => {
            let mut it = best.chars();
            let first: String = it.next().into_iter().flat_map(char::to_uppercase).collect();
            format!("{first}{}", it.as_str())
        }
    })
}

/// One distinct repair on one page, with how often it was made there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub page: u32,
    pub from: String,
    pub to: String,
    pub count: usize,
}

/// The words of a page's glyphs: runs of glyphs without spaces on one line,
/// as (first glyph index, chars).
fn words_of(page: &Page) -> Vec<(usize, Vec<char>)> {
    let mut out: Vec<(usize, Vec<char>)> = Vec::new();
    let mut prev: Option<&crate::pdf::Glyph> = None;
    for (i, g) in page.glyphs.iter().enumerate() {
        let breaks = g.ch.is_whitespace()
            || prev.is_none_or(|p| {
                p.ch.is_whitespace() || (g.y - p.y).abs() > 0.3 * p.size || g.x + 0.01 < p.x
            });
        if g.ch.is_whitespace() {
            prev = Some(g);
            continue;
        }
        if breaks {
            out.push((i, vec![g.ch]));
        } else if let Some(last) = out.last_mut() {
            last.1.push(g.ch);
        }
        prev = Some(g);
    }
    out
}

/// The letters of a word between its leading and trailing punctuation:
/// (offset of the first letter, the letters), when the middle is letters
/// only.
fn core(chars: &[char]) -> Option<(usize, String)> {
    let start = chars.iter().position(|c| c.is_alphanumeric())?;
    let end = chars.iter().rposition(|c| c.is_alphanumeric())? + 1;
    let mid: String = chars[start..end].iter().collect();
    let letters = mid.chars().filter(|c| c.is_alphabetic()).count();
    let ok = mid
        .chars()
        .all(|c| c.is_alphabetic() || c == '¡' || c.is_ascii_digit())
        && letters * 2 > mid.chars().count();
    ok.then_some((start, mid))
}

/// Commas read as full stops: a `.` right after a word in lower case (two
/// letters or more, no `.` in it: not `v.v.`), then a space and a word
/// starting in lower case on the same line, becomes `,`. Returns how many.
fn repair_commas(page: &mut Page) -> usize {
    let g = &page.glyphs;
    let same_line = |a: usize, b: usize| (g[a].y - g[b].y).abs() <= 0.3 * g[a].size.max(1.0);
    let mut fix = Vec::new();
    for i in 1..g.len().saturating_sub(2) {
        if g[i].ch != '.' || g[i + 1].ch != ' ' || !g[i + 2].ch.is_lowercase() {
            continue;
        }
        if !same_line(i, i + 2) {
            continue;
        }
        let mut k = i;
        while k > 0 && !g[k - 1].ch.is_whitespace() && same_line(k - 1, i) {
            k -= 1;
        }
        let word = &g[k..i];
        let ok = word.len() >= 2
            && word.iter().all(|x| x.ch.is_alphabetic())
            && word.iter().any(|x| x.ch.is_lowercase());
        if ok {
            fix.push(i);
        }
    }
    set_char(page, &fix, ',');
    fix.len()
}

/// An `8` read as `§` inside a number (`§.000` for 8.000, `1§` for 18):
/// a `§` beside a digit on the same line, or before a `.`/`,` that a digit
/// follows, becomes `8`. Vietnamese administrative text has no `§` (it
/// writes `Điều`), so one in a number is always the digit. Returns how many.
fn repair_section_signs(page: &mut Page) -> usize {
    let g = &page.glyphs;
    let same_line = |a: usize, b: usize| (g[a].y - g[b].y).abs() <= 0.3 * g[a].size.max(1.0);
    let digit = |k: usize| g.get(k).is_some_and(|x| x.ch.is_ascii_digit());
    let fix: Vec<usize> = (0..g.len())
        .filter(|&i| g[i].ch == '§')
        .filter(|&i| {
            let before = i > 0 && digit(i - 1) && same_line(i - 1, i);
            let after = digit(i + 1) && same_line(i, i + 1);
            let grouped = g.get(i + 1).is_some_and(|x| matches!(x.ch, '.' | ','))
                && digit(i + 2)
                && same_line(i, i + 2);
            before || after || grouped
        })
        .collect();
    set_char(page, &fix, '8');
    fix.len()
}

/// The raised `2` of square metres read as a closing quote: `2.000m”`
/// (a number, `m`, then `”` or `"` that ends the word) becomes `2.000m2`,
/// as the plain text of a plan writes it. Returns how many.
fn repair_square_metres(page: &mut Page) -> usize {
    let g = &page.glyphs;
    let fix: Vec<usize> = (2..g.len())
        .filter(|&i| matches!(g[i].ch, '”' | '"'))
        .filter(|&i| {
            g[i - 1].ch == 'm'
                && g[i - 2].ch.is_ascii_digit()
                && g.get(i + 1)
                    .is_none_or(|x| x.ch.is_whitespace() || matches!(x.ch, '.' | ',' | ';' | ')'))
        })
        .collect();
    set_char(page, &fix, '2');
    fix.len()
}

/// Sets glyphs `at` of `page` to `c`, marked repaired.
fn set_char(page: &mut Page, at: &[usize], c: char) {
    for &i in at {
        let g = &mut page.glyphs[i];
        g.ch = c;
        g.code = c as u32;
        if let Some(m) = g.ocr.as_mut() {
            m.repaired = true;
        }
    }
}

/// A repair of single glyphs over a page: (what it reads, what it writes,
/// the repair, which returns how many it made).
type GlyphRepair = (&'static str, &'static str, fn(&mut Page) -> usize);

/// Repairs the OCR'd pages of one document in place (see the module notes)
/// and returns the repairs, by page and then by first occurrence.
pub fn repair_pages(pages: &mut [&mut Page], ranks: &SyllableRanks) -> Vec<Repair> {
    let mut used: HashMap<String, usize> = HashMap::new();
    let words: Vec<Vec<(usize, Vec<char>)>> = pages.iter().map(|p| words_of(p)).collect();
    for ws in &words {
        for (_, chars) in ws {
            if let Some((_, w)) = core(chars) {
                if is_valid_syllable(&w) {
                    *used.entry(w.to_lowercase()).or_insert(0) += 1;
                }
            }
        }
    }
    let mut out = Vec::new();
    for (page, ws) in pages.iter_mut().zip(&words) {
        let mut here: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
        for (first, chars) in ws {
            let Some((off, w)) = core(chars) else {
                continue;
            };
            let Some(fixed) = repair_word(&w, &used, ranks) else {
                continue;
            };
            for (k, c) in fixed.chars().enumerate() {
                if let Some(g) = page.glyphs.get_mut(first + off + k) {
                    if g.ch != c {
                        g.ch = c;
                        g.code = c as u32;
                        if let Some(m) = g.ocr.as_mut() {
                            m.repaired = true;
                        }
                    }
                }
            }
            let n = here.len();
            here.entry((w, fixed)).or_insert((n, 0)).1 += 1;
        }
        let glyph_repairs: [GlyphRepair; 3] = [
            (".", ",", repair_commas),
            ("§", "8", repair_section_signs),
            ("m”", "m2", repair_square_metres),
        ];
        for (from, to, repair) in glyph_repairs {
            let count = repair(page);
            if count > 0 {
                let n = here.len();
                here.insert((from.into(), to.into()), (n, count));
            }
        }
        let mut v: Vec<((String, String), (usize, usize))> = here.into_iter().collect();
        v.sort_by_key(|(_, (order, _))| *order);
        out.extend(v.into_iter().map(|((from, to), (_, count))| Repair {
            page: page.number,
            from,
            to,
            count,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(words: &[&str]) -> HashMap<String, usize> {
        let mut m = HashMap::new();
        for w in words {
            *m.entry(w.to_string()).or_insert(0) += 1;
        }
        m
    }

    #[test]
    fn the_data_file_ranks_common_syllables_first() {
        let r = SyllableRanks::builtin();
        assert!(r.len() > 1000, "{}", r.len());
        assert!(r.rank("số").unwrap() < 10);
        assert!(r.rank("cấp").unwrap() < r.rank("cập").unwrap_or(usize::MAX));
        assert_eq!(r.rank("ubnd"), None);
    }

    #[test]
    fn dropped_tones_on_marked_vowels() {
        let r = SyllableRanks::builtin();
        let none = HashMap::new();
        assert_eq!(repair_word("câp", &none, &r).as_deref(), Some("cấp"));
        assert_eq!(repair_word("đôc", &none, &r).as_deref(), Some("đốc"));
        assert_eq!(repair_word("tiêp", &none, &r).as_deref(), Some("tiếp"));
        assert_eq!(repair_word("thưc", &none, &r).as_deref(), Some("thực"));
        assert_eq!(
            repair_word("Câp", &used(&["cấp"]), &r).as_deref(),
            Some("Cấp")
        );
    }

    #[test]
    fn the_document_decides_between_candidates() {
        let r = SyllableRanks::builtin();
        // `câp`: `cấp` is the list's choice, `cập` the document's.
        let doc = used(&["cập", "cập"]);
        assert_eq!(repair_word("câp", &doc, &r).as_deref(), Some("cập"));
    }

    #[test]
    fn valid_words_capitals_codes_and_names_stay() {
        let r = SyllableRanks::builtin();
        let none = HashMap::new();
        for w in [
            "cấp", "đôn", "chuôi", "CÂP", "ma_bn", "UBND", "2024", "BHYT", "Câp", "x",
        ] {
            assert_eq!(repair_word(w, &none, &r), None, "{w}");
        }
        // Nothing one edit away is in the list or the document.
        assert_eq!(repair_word("xyzt", &none, &r), None);
    }

    #[test]
    fn candidates_are_one_edit_away() {
        let c = one_edit_candidates("câp");
        assert!(c.contains(&"cấp".to_string()));
        assert!(c.contains(&"cập".to_string()));
        assert!(c.contains(&"cap".to_string()));
        assert!(c.contains(&"căp".to_string()));
        assert!(!c.contains(&"cấ".to_string()));
        assert!(one_edit_candidates("đ").contains(&"d".to_string()));
    }

    fn page_of(text: &str) -> Page {
        let glyphs = text
            .chars()
            .enumerate()
            .map(|(i, ch)| crate::pdf::Glyph {
                ch,
                code: ch as u32,
                x: i as f32 * 5.0,
                y: 100.0,
                width: 5.0,
                size: 10.0,
                font: 0,
                ocr: Some(crate::pdf::OcrMark {
                    conf: 90.0,
                    repaired: false,
                }),
            })
            .collect();
        Page {
            number: 3,
            width: 600.0,
            height: 800.0,
            rotate: 0,
            glyphs,
            rules: vec![],
            fonts: vec![],
            images: 0,
            invisible_glyphs: 0,
            scan_dpi: None,
            warnings: vec![],
        }
    }

    #[test]
    fn confusable_letters_are_repaired_on_evidence() {
        let r = SyllableRanks::builtin();
        let doc = used(&["nghe", "rong", "gia", "chuyên", "chuyển"]);
        // Letters that are never Vietnamese, inside a word.
        assert_eq!(repair_word("nøhe", &doc, &r).as_deref(), Some("nghe"));
        assert_eq!(repair_word("ø1a", &doc, &r).as_deref(), Some("gia"));
        // A Vietnamese letter for another: only to a syllable of the document.
        assert_eq!(repair_word("rone", &doc, &r).as_deref(), Some("rong"));
        assert_eq!(repair_word("rone", &used(&[]), &r), None);
        assert_eq!(repair_word("chuvên", &doc, &r).as_deref(), Some("chuyên"));
        // Numbers with letters are labels.
        assert_eq!(repair_word("1a", &doc, &r), None);
        assert_eq!(repair_word("10b", &doc, &r), None);
    }

    /// A word with no mark at all may be a code: `benh` of `ma_benh` is not
    /// made `bênh` on the list's word alone.
    #[test]
    fn unmarked_words_need_the_document() {
        let r = SyllableRanks::builtin();
        assert_eq!(repair_word("benh", &used(&[]), &r), None);
        assert_eq!(repair_word("cap", &used(&[]), &r), None);
        assert_eq!(
            repair_word("cap", &used(&["cấp", "cấp"]), &r).as_deref(),
            Some("cấp")
        );
    }

    /// `ệ` read for `ộ` (marks kept, base letter swapped) is repaired to a
    /// syllable the document uses, never to one it does not.
    #[test]
    fn swapped_vowel_bases_need_the_document() {
        let r = SyllableRanks::builtin();
        assert_eq!(
            repair_word("Hệi", &used(&["hội"]), &r).as_deref(),
            Some("Hội")
        );
        assert_eq!(repair_word("hệi", &used(&[]), &r), None);
    }

    #[test]
    fn commas_read_as_full_stops() {
        let r = SyllableRanks::builtin();
        let mut p = page_of("đào tạo. nghiên cứu; v.v. và Sở. Hà Nội. xong TP. các");
        let reps = repair_pages(&mut [&mut p], &r);
        let text: String = p.glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(
            text,
            "đào tạo, nghiên cứu; v.v. và Sở. Hà Nội, xong TP. các"
        );
        assert!(
            reps.iter()
                .any(|x| x.from == "." && x.to == "," && x.count == 2),
            "{reps:?}"
        );
    }

    /// `§` in a number is an `8`, `m”` after a number is `m2`; elsewhere
    /// both stay.
    #[test]
    fn section_signs_in_numbers_are_eights() {
        let r = SyllableRanks::builtin();
        let mut p =
            page_of("từ §.000 cây, 1§ xã, §5 hộ, theo § và §, 2.000m” trở lên, “m” và 5m”a");
        let reps = repair_pages(&mut [&mut p], &r);
        let text: String = p.glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(
            text,
            "từ 8.000 cây, 18 xã, 85 hộ, theo § và §, 2.000m2 trở lên, “m” và 5m”a"
        );
        assert!(
            reps.iter()
                .any(|x| x.from == "m”" && x.to == "m2" && x.count == 1),
            "{reps:?}"
        );
        assert!(
            reps.iter()
                .any(|x| x.from == "§" && x.to == "8" && x.count == 3),
            "{reps:?}"
        );
    }

    #[test]
    fn pages_are_repaired_in_place_and_counted() {
        let r = SyllableRanks::builtin();
        let mut p = page_of("Đôn đôc, đôn đốc (câp tỉnh) câp 2024 CÂP");
        let reps = repair_pages(&mut [&mut p], &r);
        let text: String = p.glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(text, "Đôn đốc, đôn đốc (cấp tỉnh) cấp 2024 CÂP");
        // Only the glyphs changed are marked: the `ố` of `đốc` and the
        // `ấ` of both lower-case `cấp`.
        let marked: Vec<usize> = (0..p.glyphs.len())
            .filter(|&i| p.glyphs[i].ocr.is_some_and(|m| m.repaired))
            .collect();
        assert_eq!(marked, vec![5, 19, 29]);
        assert_eq!(
            reps,
            vec![
                Repair {
                    page: 3,
                    from: "đôc".into(),
                    to: "đốc".into(),
                    count: 1
                },
                Repair {
                    page: 3,
                    from: "câp".into(),
                    to: "cấp".into(),
                    count: 2
                },
            ]
        );
    }
}
