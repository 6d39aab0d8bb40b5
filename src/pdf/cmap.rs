//! CMaps: `/ToUnicode` maps (bfchar/bfrange) and embedded encoding CMaps
//! of Type0 fonts (codespacerange, cidchar/cidrange).
//!
//! Parsed with a small tolerant tokenizer of our own: real CMaps are often
//! slightly malformed (missing `end…` keywords, odd-length hex), and a bad
//! entry must cost that entry, not the whole font.

use std::collections::HashMap;
use std::sync::Arc;

/// Largest number of codes one `bfrange`/`cidrange` may expand to; bounds
/// memory on hostile ranges like `<0000> <FFFFFFFF>`.
const MAX_RANGE: u32 = 0x1_0000;
/// Largest number of mapped codes kept per CMap.
const MAX_ENTRIES: usize = 200_000;
/// Codes one CMap may map in all, counting every code of every range (a
/// code mapped again by an overlapping range counts again): bounds the
/// time of a 3 KB CMap whose 10,000 ranges each cover 65,536 codes.
const MAX_WORK: usize = 1_000_000;

/// Code → Unicode text. Texts live in one pooled `Vec<char>` so a lookup
/// hands out a slice without allocating (this is on the per-glyph path).
#[derive(Debug, Default, Clone)]
pub(crate) struct CodeMap {
    low: Vec<(u32, u8)>, // codes 0..=255: (pool start, len); len 0 = unmapped
    high: HashMap<u32, (u32, u8)>,
    pool: Vec<char>,
}

impl CodeMap {
    pub(crate) fn insert(&mut self, code: u32, text: &[char]) {
        if text.is_empty() || self.len_hint() >= MAX_ENTRIES {
            return;
        }
        let len = text.len().min(u8::MAX as usize);
        let start = self.pool.len() as u32;
        self.pool.extend_from_slice(&text[..len]);
        let entry = (start, len as u8);
        if code < 256 {
            if self.low.is_empty() {
                self.low = vec![(0, 0); 256];
            }
            if let Some(slot) = self.low.get_mut(code as usize) {
                *slot = entry;
            }
        } else {
            self.high.insert(code, entry);
        }
    }

    fn len_hint(&self) -> usize {
        self.high.len() + self.pool.len() / 4
    }

    pub(crate) fn get(&self, code: u32) -> Option<&[char]> {
        let (start, len) = if code < 256 {
            *self.low.get(code as usize)?
        } else {
            *self.high.get(&code)?
        };
        if len == 0 {
            return None;
        }
        self.pool.get(start as usize..start as usize + len as usize)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pool.is_empty()
    }
}

/// A codespace range: codes of `len` bytes between `lo` and `hi`
/// (compared byte by byte, as the CMap specification says).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CodeRange {
    pub lo: u32,
    pub hi: u32,
    pub len: u8,
}

#[derive(Debug, Default)]
pub(crate) struct CMap {
    pub codespace: Vec<CodeRange>,
    pub unicode: Arc<CodeMap>,
    /// code ranges → first CID, sorted by `lo` after parsing.
    pub cids: Vec<(u32, u32, u32)>,
    pub warnings: Vec<String>,
}

impl CMap {
    /// CID for `code` from `cidrange`/`cidchar` entries.
    pub(crate) fn cid(&self, code: u32) -> Option<u32> {
        let i = self.cids.partition_point(|&(lo, _, _)| lo <= code);
        let (lo, hi, first) = *self.cids.get(i.checked_sub(1)?)?;
        (code >= lo && code <= hi).then(|| first.wrapping_add(code - lo))
    }
}

#[derive(Debug)]
enum Tok<'a> {
    Hex(Vec<u8>),
    Name(&'a [u8]),
    Num(i64),
    Kw(&'a [u8]),
    ArrOpen,
    ArrClose,
    Other,
}

struct Lexer<'a> {
    s: &'a [u8],
    pos: usize,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}
fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Lexer<'a> {
    fn next(&mut self) -> Option<Tok<'a>> {
        let s = self.s;
        loop {
            let &b = s.get(self.pos)?;
            if is_ws(b) {
                self.pos += 1;
            } else if b == b'%' {
                while s.get(self.pos).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
        let b = *s.get(self.pos)?;
        self.pos += 1;
        Some(match b {
            b'<' => {
                if s.get(self.pos) == Some(&b'<') {
                    self.pos += 1;
                    return Some(Tok::Other);
                }
                let mut out = Vec::new();
                let mut hi: Option<u8> = None;
                while let Some(&c) = s.get(self.pos) {
                    self.pos += 1;
                    if c == b'>' {
                        break;
                    }
                    let Some(v) = super::hex_digit(c) else {
                        continue;
                    };
                    match hi.take() {
                        Some(h) => out.push(h << 4 | v),
                        None => hi = Some(v),
                    }
                }
                if let Some(h) = hi {
                    out.push(h << 4);
                }
                Tok::Hex(out)
            }
            b'>' => {
                if s.get(self.pos) == Some(&b'>') {
                    self.pos += 1;
                }
                Tok::Other
            }
            b'[' => Tok::ArrOpen,
            b']' => Tok::ArrClose,
            b'(' => {
                // Literal strings only occur in CMap headers; skip them.
                let mut depth = 1usize;
                while let Some(&c) = s.get(self.pos) {
                    self.pos += 1;
                    match c {
                        b'\\' => self.pos += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Tok::Other
            }
            b'/' => {
                let start = self.pos;
                while s.get(self.pos).is_some_and(|&c| !is_ws(c) && !is_delim(c)) {
                    self.pos += 1;
                }
                Tok::Name(s.get(start..self.pos).unwrap_or_default())
            }
            _ if is_delim(b) => Tok::Other,
            _ => {
                let start = self.pos - 1;
                while s.get(self.pos).is_some_and(|&c| !is_ws(c) && !is_delim(c)) {
                    self.pos += 1;
                }
                let word = s.get(start..self.pos).unwrap_or_default();
                match std::str::from_utf8(word)
                    .ok()
                    .and_then(|w| w.parse::<i64>().ok())
                {
                    Some(n) => Tok::Num(n),
                    None => Tok::Kw(word),
                }
            }
        })
    }
}

fn be(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| acc << 8 | b as u32)
}

/// UTF-16BE destination bytes → chars (a single byte is taken as Latin-1,
/// which some producers write).
fn utf16_chars(bytes: &[u8], out: &mut Vec<char>) {
    out.clear();
    if bytes.len() == 1 {
        out.push(char::from(bytes[0]));
        return;
    }
    let units = bytes.chunks(2).map(|c| match c {
        [a, b] => u16::from_be_bytes([*a, *b]),
        [a] => *a as u16,
        _ => 0,
    });
    out.extend(char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')));
}

/// Parses CMap text. Never fails: what cannot be read is skipped (with a
/// warning when something was skipped for a reason worth knowing).
pub(crate) fn parse(data: &[u8]) -> CMap {
    let mut cmap = CMap::default();
    let mut unicode = CodeMap::default();
    // Codes mapped so far (see MAX_WORK); `stopped` once it is reached.
    let mut work = 0usize;
    let mut stopped = false;
    let mut lx = Lexer { s: data, pos: 0 };
    let mut pending: Vec<Tok> = Vec::new();
    let mut buf = Vec::new();
    let mut glyph_buf = Vec::new();
    let mut skipped_ranges = 0usize;
    // Section we are in: what the operands between begin… and end… mean.
    #[derive(PartialEq, Clone, Copy)]
    enum Sec {
        None,
        Codespace,
        BfChar,
        BfRange,
        CidChar,
        CidRange,
    }
    let mut sec = Sec::None;
    while let Some(tok) = lx.next() {
        if work >= MAX_WORK {
            stopped = true;
            break;
        }
        match tok {
            Tok::Kw(k) => {
                match k {
                    b"begincodespacerange" => sec = Sec::Codespace,
                    b"beginbfchar" => sec = Sec::BfChar,
                    b"beginbfrange" => sec = Sec::BfRange,
                    b"begincidchar" | b"beginnotdefchar" => sec = Sec::CidChar,
                    b"begincidrange" | b"beginnotdefrange" => sec = Sec::CidRange,
                    _ if k.starts_with(b"end") => sec = Sec::None,
                    _ => {}
                }
                pending.clear();
                continue;
            }
            Tok::ArrOpen if sec == Sec::BfRange => {
                // Array form: `<lo> <hi> [<dst1> <dst2> …]`.
                let mut dsts = Vec::new();
                while let Some(t) = lx.next() {
                    match t {
                        Tok::ArrClose => break,
                        Tok::Hex(h) => dsts.push(h),
                        Tok::Kw(_) => break,
                        _ => {}
                    }
                }
                if let [Tok::Hex(lo), Tok::Hex(hi)] = pending.as_slice() {
                    let (lo, hi) = (be(lo), be(hi));
                    for (i, d) in dsts.iter().enumerate() {
                        let code = lo.wrapping_add(i as u32);
                        if code > hi || work >= MAX_WORK {
                            break;
                        }
                        work += 1;
                        utf16_chars(d, &mut buf);
                        unicode.insert(code, &buf);
                    }
                }
                pending.clear();
                continue;
            }
            Tok::Other | Tok::ArrOpen | Tok::ArrClose => {
                pending.clear();
                continue;
            }
            t => pending.push(t),
        }
        match (sec, pending.as_slice()) {
            (Sec::Codespace, [Tok::Hex(lo), Tok::Hex(hi)]) => {
                let len = lo.len().clamp(1, 4) as u8;
                cmap.codespace.push(CodeRange {
                    lo: be(lo),
                    hi: be(hi),
                    len,
                });
                pending.clear();
            }
            (Sec::BfChar, [Tok::Hex(src), dst]) => {
                match dst {
                    Tok::Hex(d) => utf16_chars(d, &mut buf),
                    Tok::Name(n) => {
                        buf.clear();
                        super::encoding::glyph_name_chars(n, &mut buf);
                    }
                    _ => buf.clear(),
                }
                work += 1;
                unicode.insert(be(src), &buf);
                pending.clear();
            }
            (Sec::BfRange, [Tok::Hex(lo), Tok::Hex(hi), dst]) => {
                let (lo, hi) = (be(lo), be(hi));
                if hi < lo || hi - lo >= MAX_RANGE {
                    skipped_ranges += 1;
                } else if let Tok::Hex(d) = dst {
                    utf16_chars(d, &mut buf);
                    for i in 0..=(hi - lo) {
                        if work >= MAX_WORK {
                            break;
                        }
                        work += 1;
                        glyph_buf.clear();
                        glyph_buf.extend_from_slice(&buf);
                        // The last character is incremented through the range.
                        if let Some(last) = glyph_buf.last_mut() {
                            *last = char::from_u32(*last as u32 + i).unwrap_or('\u{FFFD}');
                        }
                        unicode.insert(lo + i, &glyph_buf);
                    }
                } else if let Tok::Name(n) = dst {
                    buf.clear();
                    if super::encoding::glyph_name_chars(n, &mut buf) {
                        unicode.insert(lo, &buf);
                    }
                }
                pending.clear();
            }
            (Sec::CidChar, [Tok::Hex(src), Tok::Num(cid)]) => {
                let c = be(src);
                work += 1;
                cmap.cids
                    .push((c, c, (*cid).clamp(0, u32::MAX as i64) as u32));
                pending.clear();
            }
            (Sec::CidRange, [Tok::Hex(lo), Tok::Hex(hi), Tok::Num(cid)]) => {
                let (lo, hi) = (be(lo), be(hi));
                work += 1;
                if hi >= lo {
                    cmap.cids
                        .push((lo, hi, (*cid).clamp(0, u32::MAX as i64) as u32));
                }
                pending.clear();
            }
            (_, p) if p.len() >= 3 => pending.clear(),
            _ => {}
        }
    }
    cmap.unicode = Arc::new(unicode);
    cmap.cids.sort_by_key(|&(lo, _, _)| lo);
    if stopped {
        cmap.warnings.push(format!(
            "CMap: stopped after mapping {MAX_WORK} codes (limit); the rest of the CMap is ignored"
        ));
    }
    if skipped_ranges > 0 {
        cmap.warnings.push(format!(
            "CMap: skipped {skipped_ranges} oversized or inverted ranges"
        ));
    }
    cmap
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(m: &CodeMap, code: u32) -> String {
        m.get(code).map(|c| c.iter().collect()).unwrap_or_default()
    }

    #[test]
    fn bfchar_bfrange() {
        let text = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
            /CMapName /Adobe-Identity-UCS def
            1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0003> <0020> <0011> <1EBF> endbfchar
            3 beginbfrange <0020> <0022> <0041>
            <0030> <0031> [<0066006C> <D835DC00>]
            <0040> <0040> /ohorn endbfrange
            1 begincidrange <0000> <00FF> 10 endcidrange
            endcmap";
        let c = parse(text);
        assert_eq!(c.codespace.len(), 1);
        assert_eq!(c.codespace[0].len, 2);
        assert_eq!(s(&c.unicode, 3), " ");
        assert_eq!(s(&c.unicode, 0x11), "ế");
        assert_eq!(s(&c.unicode, 0x22), "C");
        assert_eq!(s(&c.unicode, 0x30), "fl");
        assert_eq!(s(&c.unicode, 0x31), "\u{1D400}");
        assert_eq!(s(&c.unicode, 0x40), "ơ");
        assert_eq!(c.unicode.get(0x23), None);
        assert_eq!(c.cid(5), Some(15));
        assert_eq!(c.cid(0x100), None);
    }

    #[test]
    fn hostile_range_is_bounded() {
        let c = parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert!(c.unicode.is_empty());
        assert_eq!(c.warnings.len(), 1);
    }
}
