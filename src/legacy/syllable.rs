//! Vietnamese syllable (âm tiết) validity and text scoring.
//!
//! Vietnamese is written one syllable per space-separated token, and the
//! syllable structure is very constrained: *âm đầu* (onset consonant) +
//! *vần* (rhyme: optional *âm đệm* glide `o`/`u`, *âm chính* vowel nucleus,
//! optional *âm cuối* coda) + at most one *thanh* (tone mark). Text decoded
//! with the wrong legacy table (or extracted through a wrong ToUnicode map)
//! breaks this structure in almost every token, while real Vietnamese keeps
//! it in ~95 % of tokens. That contrast is what [`syllable_score`] measures
//! and what the encoding classifier relies on.
//!
//! The rhyme inventory below is an explicit list (closed set, ~150 entries)
//! rather than a generative grammar: it is easier to audit against a
//! Vietnamese spelling table and rejects garbage like `ỏy` or `ăi` that a
//! loose "vowels then consonants" pattern would accept.

use unicode_normalization::char::decompose_canonical;

/// Onsets (*âm đầu*), longest first so that `ngh` is tried before `ng`/`n`.
/// The empty onset is handled separately.
const ONSETS: &[&str] = &[
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Rhymes (*vần*, without tone), sorted for binary search (checked by a test).
/// Written with precomposed base letters â ă ê ô ơ ư.
pub(crate) const RHYMES: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", "e", "ec",
    "em", "en", "eng", "eo", "ep", "et", "i", "ia", "ich", "im", "in", "inh", "ip", "it", "iu",
    "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu", "o", "oa", "oac", "oach", "oai", "oam",
    "oan", "oang", "oanh", "oao", "oap", "oat", "oay", "oc", "oe", "oem", "oen", "oeo", "oet",
    "oi", "om", "on", "ong", "ooc", "oong", "op", "ot", "oăc", "oăm", "oăn", "oăng", "oăt", "u",
    "ua", "uc", "ui", "um", "un", "ung", "up", "ut", "uy", "uya", "uych", "uyn", "uynh", "uyp",
    "uyt", "uyu", "uyên", "uyêt", "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uôc", "uôi",
    "uôm", "uôn", "uông", "uôt", "uơ", "y", "yêm", "yên", "yêng", "yêt", "yêu", "âc", "âm", "ân",
    "âng", "âp", "ât", "âu", "ây", "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu", "ô", "ôc",
    "ôi", "ôm", "ôn", "ông", "ôp", "ôt", "ăc", "ăm", "ăn", "ăng", "ăp", "ăt", "ơ", "ơi", "ơm",
    "ơn", "ơp", "ơt", "ư", "ưa", "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu", "ươc", "ươi", "ươm",
    "ươn", "ương", "ươp", "ươt", "ươu",
];

/// Tone marks (*dấu thanh*) as combining characters after NFD.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tone {
    /// *thanh ngang* (no mark)
    Level,
    /// *huyền* U+0300
    Grave,
    /// *sắc* U+0301
    Acute,
    /// *ngã* U+0303
    Tilde,
    /// *hỏi* U+0309
    Hook,
    /// *nặng* U+0323
    Dot,
}

/// Longest syllable we accept, in letters (`nghiêng`, `nguyễn` have 7).
const MAX_LETTERS: usize = 8;

/// A short UTF-8 string on the stack (syllables are at most
/// [`MAX_LETTERS`] letters of at most 2 bytes each): scoring runs once per
/// token over whole documents and must not allocate.
struct Small {
    buf: [u8; 4 * MAX_LETTERS],
    len: usize,
}

impl Small {
    fn new() -> Self {
        Small {
            buf: [0; 4 * MAX_LETTERS],
            len: 0,
        }
    }
    /// Appends `c`; `false` when full.
    fn push(&mut self, c: char) -> bool {
        let n = c.len_utf8();
        if self.len + n > self.buf.len() {
            return false;
        }
        c.encode_utf8(&mut self.buf[self.len..]);
        self.len += n;
        true
    }
    fn pop(&mut self) -> Option<char> {
        let c = self.as_str().chars().next_back()?;
        self.len -= c.len_utf8();
        Some(c)
    }
    fn as_str(&self) -> &str {
        // Only whole chars are ever pushed or popped.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

/// Reduces a word to its lower-case tone-less letters (with the vowel
/// modifiers circumflex/breve/horn kept as precomposed â ă ê ô ơ ư) and its
/// tone. `None` when a character is not part of the Vietnamese alphabet,
/// the word is too long, or it carries more than one tone mark.
fn split_tone(word: &str, buf: &mut Small) -> Option<Tone> {
    let mut tone = Tone::Level;
    let mut letters = 0usize;
    let mut bad = false;
    for c in word.chars() {
        let c = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            let mut low = c.to_lowercase();
            match (low.next(), low.next()) {
                (Some(l), None) => l,
                _ => return None,
            }
        };
        let mut step = |d: char| {
            if bad {
                return;
            }
            match d {
                'a'..='z' | 'đ' => {
                    letters += 1;
                    bad |= letters > MAX_LETTERS || !buf.push(d);
                }
                '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}' => {
                    if tone != Tone::Level {
                        bad = true;
                        return;
                    }
                    tone = match d {
                        '\u{0300}' => Tone::Grave,
                        '\u{0301}' => Tone::Acute,
                        '\u{0303}' => Tone::Tilde,
                        '\u{0309}' => Tone::Hook,
                        _ => Tone::Dot,
                    };
                }
                '\u{0302}' | '\u{0306}' | '\u{031B}' => {
                    let modified = match (buf.pop(), d) {
                        (Some('a'), '\u{0302}') => 'â',
                        (Some('e'), '\u{0302}') => 'ê',
                        (Some('o'), '\u{0302}') => 'ô',
                        (Some('a'), '\u{0306}') => 'ă',
                        (Some('o'), '\u{031B}') => 'ơ',
                        (Some('u'), '\u{031B}') => 'ư',
                        _ => {
                            bad = true;
                            return;
                        }
                    };
                    bad |= !buf.push(modified);
                }
                _ => bad = true,
            }
        };
        if c.is_ascii() {
            step(c);
        } else {
            decompose_canonical(c, step);
        }
        if bad {
            return None;
        }
    }
    if letters == 0 {
        None
    } else {
        Some(tone)
    }
}

fn is_rhyme(r: &str) -> bool {
    // Byte-wise comparison inlined: these strings are 1–6 bytes, and a
    // libc memcmp call per probe dominated the profile.
    let r = r.as_bytes();
    RHYMES
        .binary_search_by(|x| {
            let x = x.as_bytes();
            for (a, b) in x.iter().zip(r) {
                if a != b {
                    return a.cmp(b);
                }
            }
            x.len().cmp(&r.len())
        })
        .is_ok()
}

/// Front vowels after which `c`→`k`, `g`→`gh`, `ng`→`ngh` (Vietnamese
/// spelling rule for the /k ɣ ŋ/ onsets).
fn front(r: &str) -> bool {
    matches!(r.chars().next(), Some('i' | 'e' | 'ê' | 'y'))
}

/// Whether `c` + `rhyme` is a rhyme.
fn prefixed(c: char, rhyme: &str) -> bool {
    let mut s = Small::new();
    s.push(c) && rhyme.chars().all(|r| s.push(r)) && is_rhyme(s.as_str())
}

/// Whether `onset` + `rhyme` is a legal spelling.
fn legal(onset: &str, rhyme: &str) -> bool {
    if rhyme.is_empty() {
        return false;
    }
    match onset {
        // `qu` already contains the glide u: quốc = qu+ôc, quản = qu+an,
        // quyết = qu+yêt, quỳnh = qu+(u)ynh.
        "qu" => {
            (is_rhyme(rhyme)
                && matches!(
                    rhyme.chars().next(),
                    Some('a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'y' | 'ơ' | 'ô')
                ))
                || prefixed('u', rhyme)
        }
        // `gi` absorbs the i of iê: giếng = gi+(i)êng.
        "gi" => {
            (is_rhyme(rhyme) && !rhyme.starts_with('i'))
                || (rhyme.starts_with('ê') && prefixed('i', rhyme))
        }
        "k" | "gh" | "ngh" => front(rhyme) && is_rhyme(rhyme),
        "c" | "ng" => !front(rhyme) && is_rhyme(rhyme),
        // g before i is fine (gì, gìn); before e/ê it must be gh.
        "g" => !matches!(rhyme.chars().next(), Some('e' | 'ê')) && is_rhyme(rhyme),
        _ => is_rhyme(rhyme),
    }
}

/// Whether a single word is a valid Vietnamese syllable (case-insensitive,
/// any Unicode normalisation form): legal onset + rhyme, at most one tone
/// mark, and the *âm cuối* rule that stop codas `c ch p t` take only *sắc*
/// or *nặng* tone.
pub fn is_valid_syllable(word: &str) -> bool {
    let mut buf = Small::new();
    let Some(tone) = split_tone(word, &mut buf) else {
        return false;
    };
    let letters = buf.as_str();
    let stop_ok = |rhyme: &str| {
        let stop = rhyme.ends_with('c')
            || rhyme.ends_with("ch")
            || rhyme.ends_with('p')
            || rhyme.ends_with('t');
        !stop || matches!(tone, Tone::Acute | Tone::Dot)
    };
    for onset in ONSETS {
        if let Some(rhyme) = letters.strip_prefix(onset) {
            if legal(onset, rhyme) && stop_ok(rhyme) {
                return true;
            }
        }
    }
    is_rhyme(letters) && stop_ok(letters)
}

/// Counts of token kinds in a text; see [`syllable_stats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyllableStats {
    /// Letter tokens that are valid Vietnamese syllables.
    pub valid: usize,
    /// Letter tokens that are not (and not excused as acronyms), plus
    /// tokens that interleave letters and digits (`D6ng`).
    pub invalid: usize,
    /// Tokens that say nothing about the encoding: numbers, short
    /// upper-case acronyms (`UBND`, `QĐ`, `TTg`, `CNTT`), `K1`, `QH15`.
    pub neutral: usize,
    /// Scored (valid + invalid) letter tokens carrying a Vietnamese
    /// diacritic (a tone mark, â ă ê ô ơ ư, or đ).
    pub with_diacritics: usize,
    /// All letters (alphabetic characters) seen.
    pub letters: usize,
    /// Letters outside the Vietnamese alphabet (Cyrillic `Ӌ`, `Þ`, `ÿ`,
    /// modifier letters) plus non-Vietnamese combining marks: the trace of
    /// a wrong ToUnicode map when the text is taken as Unicode.
    pub foreign: usize,
}

impl SyllableStats {
    /// Tokens that count for the score.
    pub fn scored(&self) -> usize {
        self.valid + self.invalid
    }
    /// `valid / scored`, 0 when nothing was scored.
    pub fn score(&self) -> f32 {
        ratio(self.valid, self.scored())
    }
    /// `with_diacritics / scored`, 0 when nothing was scored.
    pub fn diacritics_share(&self) -> f32 {
        ratio(self.with_diacritics, self.scored())
    }
}

fn ratio(a: usize, b: usize) -> f32 {
    if b == 0 {
        0.0
    } else {
        a as f32 / b as f32
    }
}

fn is_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// `c.is_alphabetic()`, with fast paths for ASCII and the Latin blocks.
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{BF}' | '×' | '÷' => c.is_alphabetic(),
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphabetic(),
    }
}

/// `c.is_alphanumeric() || is_mark(c)`, with fast paths for ASCII and the
/// Latin blocks that make up nearly all input.
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7F}' => false,
        '×' | '÷' => false,
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' | '\u{0300}'..='\u{036F}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Whether a letter carries a Vietnamese diacritic (or is đ).
fn has_diacritic(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    if matches!(c, 'đ' | 'Đ') || is_vietnamese_mark(c) {
        return true;
    }
    let mut any = false;
    decompose_canonical(c, |d| any |= is_vietnamese_mark(d));
    any
}

/// Acronyms and abbreviations common in administrative text (`UBND`,
/// `HĐND`, `QĐ`, `TTg`, `CNTT`, `NHNNTW`): at most 8 letters, A–Z/Đ only, at least
/// two capitals. They are neutral (neither valid nor invalid) so that a
/// header full of them does not look like garbage.
fn is_acronym(tok: &str) -> bool {
    let mut n = 0;
    let mut caps = 0;
    for c in tok.chars() {
        n += 1;
        match c {
            'A'..='Z' | 'Đ' => caps += 1,
            'a'..='z' => {}
            _ => return false,
        }
    }
    n <= 8 && caps >= 2
}

/// A letter of the Vietnamese (Latin) alphabet, with or without marks.
fn is_latin_letter(c: char) -> bool {
    if c.is_ascii_alphabetic() || matches!(c, 'đ' | 'Đ') {
        return true;
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    base.is_some_and(|b| b.is_ascii_alphabetic())
}

/// Short consonant-only tokens: abbreviations (`kt`, `tp`, `b/c` → `b`, `c`)
/// and list markers (`a)`, `đ)`). Single letters are always neutral.
fn is_short_abbreviation(tok: &str) -> bool {
    let n = tok.chars().count();
    (n == 1 && tok.chars().all(is_latin_letter))
        || (n <= 3
            && tok.chars().all(|c| {
                c.is_ascii_alphabetic()
                    && !matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
            }))
}

fn classify_token(tok: &str, stats: &mut SyllableStats) {
    let mut letters = false;
    let mut digits = false;
    // letter→digit→letter (or digit→letter→digit) interleaving, e.g. `D6ng`.
    let mut switches = 0;
    let mut last: Option<bool> = None;
    for c in tok.chars() {
        let is_digit = c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric());
        if is_digit {
            digits = true;
        } else if !is_mark(c) {
            letters = true;
        }
        if !is_mark(c) {
            if last.is_some_and(|l| l != is_digit) {
                switches += 1;
            }
            last = Some(is_digit);
        }
    }
    if !letters {
        stats.neutral += 1;
        return;
    }
    if digits {
        // `K1`, `QH15`, `3a` are neutral; `D6ng`, `4Ĉ6`, `9ăQ`, `6Ӣ` are not.
        if switches >= 2 || !tok.chars().all(|c| c.is_ascii_alphanumeric()) {
            stats.invalid += 1;
        } else {
            stats.neutral += 1;
        }
        return;
    }
    if is_valid_syllable(tok) {
        stats.valid += 1;
    } else if is_acronym(tok) || is_short_abbreviation(tok) {
        stats.neutral += 1;
        return;
    } else {
        stats.invalid += 1;
    }
    if tok.chars().any(has_diacritic) {
        stats.with_diacritics += 1;
    }
}

/// Splits `s` into alphanumeric tokens (letters, digits, combining marks)
/// and counts valid syllables, invalid tokens and neutral tokens.
pub fn syllable_stats(s: &str) -> SyllableStats {
    let mut stats = SyllableStats::default();
    for chunk in s.split_whitespace() {
        for c in chunk.chars() {
            if c.is_ascii() {
                stats.letters += usize::from(c.is_ascii_alphabetic());
            } else if is_letter(c) {
                stats.letters += 1;
                if !is_vietnamese_letter(c) {
                    stats.foreign += 1;
                }
            } else if is_mark(c) && !is_vietnamese_mark(c) {
                stats.foreign += 1;
            }
        }
        if is_url_like(chunk) {
            stats.neutral += 1;
            continue;
        }
        let mut start: Option<usize> = None;
        for (i, c) in chunk.char_indices() {
            let inside = is_word_char(c);
            match (inside, start) {
                (true, None) => start = Some(i),
                (false, Some(b)) => {
                    classify_token(&chunk[b..i], &mut stats);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(b) = start {
            classify_token(&chunk[b..], &mut stats);
        }
    }
    stats
}

/// URLs, e-mail addresses and domain names (`http://gplx.gov.vn/`,
/// `a@b.vn`, `dichvucong.gov.vn`): ASCII chunks with `://`, `@`, `www.` or
/// a dot between two letters. Their pieces are not syllables, and they are
/// not evidence against the text either.
fn is_url_like(chunk: &str) -> bool {
    if !chunk.is_ascii() {
        return false;
    }
    if chunk.contains("://") || chunk.contains('@') || chunk.starts_with("www.") {
        return true;
    }
    let b = chunk.as_bytes();
    b.windows(3)
        .any(|w| w[0].is_ascii_alphabetic() && w[1] == b'.' && w[2].is_ascii_alphabetic())
}

fn is_vietnamese_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'
            | '\u{0301}'
            | '\u{0303}'
            | '\u{0309}'
            | '\u{0323}'
            | '\u{0302}'
            | '\u{0306}'
            | '\u{031B}'
    )
}

/// A letter of the Vietnamese alphabet: ASCII, đ, or an ASCII base with
/// only Vietnamese marks (so `é`, `ộ` are; `ö`, `ÿ`, `Þ`, Cyrillic `Ӌ`
/// are not).
pub(crate) fn is_vietnamese_letter(c: char) -> bool {
    if c.is_ascii_alphabetic() || matches!(c, 'đ' | 'Đ') {
        return true;
    }
    let mut first = true;
    let mut ok = true;
    decompose_canonical(c, |d| {
        if first {
            ok = d.is_ascii_alphabetic();
            first = false;
        } else if !is_vietnamese_mark(d) {
            ok = false;
        }
    });
    ok && !first
}

/// Share (0..1) of the letter tokens of `s` that are valid Vietnamese
/// syllables; acronyms and numbers are ignored; 0 when there is no letter
/// token at all.
pub fn syllable_score(s: &str) -> f32 {
    syllable_stats(s).score()
}

/// Share (0..1) of the scored letter tokens of `s` that carry a Vietnamese
/// diacritic. Real Vietnamese prose is around 0.6–0.8; a hidden OCR layer
/// without diacritics (`QUYET DINH`) is near 0, although most of its tokens
/// still spell valid (tone-less) syllables.
pub fn has_vietnamese_diacritics_share(s: &str) -> f32 {
    syllable_stats(s).diacritics_share()
}
