//! Fonts: character codes → Unicode text and advance widths.
//!
//! A font dictionary is decoded once per document into a [`Font`] whose
//! lookups are plain table reads, because they run for every glyph.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use lopdf::{Dictionary, Document, Object, ObjectId};
use unicode_normalization::UnicodeNormalization;

use super::budget::Budget;
use super::cmap::{self, CMap, CodeMap, CodeRange};
use super::encoding::{glyph_name_chars, win_ansi_or_latin1, BaseEncoding};
use super::std14;

/// Largest decoded size accepted for a ToUnicode or encoding CMap stream.
const MAX_CMAP_BYTES: usize = 8 << 20;

#[derive(Debug)]
enum Widths {
    /// Simple fonts: text-space advance per unit font size, by code.
    Simple(Box<[f32; 256]>),
    /// CID fonts: sorted CID ranges with their widths, and the default.
    Cid {
        ranges: Vec<(u32, u32, f32)>,
        default: f32,
    },
}

#[derive(Debug)]
enum CidOf {
    /// CID = code (Identity-H/V and, as a best effort, unknown CMaps).
    Identity,
    /// From an embedded CMap's cidrange/cidchar entries.
    Map(Arc<CMap>),
}

/// A decoded font, shared by all pages that use it.
#[derive(Debug)]
pub(crate) struct Font {
    pub base_font: String,
    pub subtype: String,
    pub encoding: String,
    pub has_to_unicode: bool,
    /// Codespace ranges; empty means one byte per code.
    codespace: Vec<CodeRange>,
    /// Code length used when no codespace range matches.
    default_len: u8,
    /// Code → text. For simple fonts this is already merged (ToUnicode over
    /// the encoding), so every code 0–255 resolves.
    map: Arc<CodeMap>,
    /// Predefined `Uni…-UCS2`/`UTF16` CMap: the code itself is UTF-16.
    code_is_unicode: bool,
    cid_of: CidOf,
    widths: Widths,
    /// Glyph-space to text-space factor for `size` (1 except unusual Type3).
    pub size_scale: f32,
    pub vertical: bool,
    /// Problems met while decoding the font (reported on pages using it).
    pub warnings: Vec<String>,
}

/// `ABCDEF+Name` → `Name`.
pub(crate) fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

fn name_of(obj: Option<&Object>) -> Option<String> {
    match obj? {
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        Object::String(s, _) => Some(String::from_utf8_lossy(s).into_owned()),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    deref(doc, dict.get(key).ok()?)
}

fn num(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The decoded bytes of the stream `obj` refers to, within the page's
/// budget; `None` when there is no stream.
fn stream_bytes(
    doc: &Document,
    obj: Option<&Object>,
    budget: &Budget,
) -> Option<Result<Vec<u8>, String>> {
    let obj = deref(doc, obj?)?;
    let stream = obj.as_stream().ok()?;
    let out = budget.decode(doc, stream, MAX_CMAP_BYTES);
    Some(match out.problem {
        Some(p) if out.bytes.is_empty() => Err(p),
        _ if out.image => Err("image data, not a CMap".into()),
        _ => Ok(out.bytes),
    })
}

/// Standard-14 style metrics to fall back on when a font has no widths.
fn fallback_table(base: &str) -> Option<&'static [u16; 95]> {
    let l = base.to_ascii_lowercase();
    let bold = l.contains("bold") || l.contains("black") || l.contains("heavy");
    let italic = l.contains("italic") || l.contains("oblique");
    if l.contains("courier") || l.contains("mono") {
        return None; // 600 everywhere
    }
    Some(
        if l.contains("arial")
            || l.contains("helvetica")
            || l.contains("sans")
            || l.contains("verdana")
            || l.contains("tahoma")
        {
            if bold {
                &std14::HELVETICA_BOLD
            } else {
                &std14::HELVETICA
            }
        } else {
            match (bold, italic) {
                (true, true) => &std14::TIMES_BOLD_ITALIC,
                (true, false) => &std14::TIMES_BOLD,
                (false, true) => &std14::TIMES_ITALIC,
                (false, false) => &std14::TIMES_ROMAN,
            }
        },
    )
}

/// Estimated width (1/1000 em) of `text` in a standard font: its base
/// letter's width for accented letters, a generic width otherwise.
fn fallback_width(table: Option<&[u16; 95]>, text: &[char]) -> f32 {
    let Some(table) = table else { return 600.0 };
    let c = text.first().copied().unwrap_or(' ');
    let base = c.to_string().nfd().next().unwrap_or(c);
    let i = base as u32;
    if (32..127).contains(&i) {
        table
            .get(i as usize - 32)
            .map(|&w| w as f32)
            .unwrap_or(500.0)
    } else {
        500.0
    }
}

impl Font {
    /// A stand-in for a font that could not be found or read, so the text
    /// shown with it is still kept (as Latin-1) with plausible widths.
    pub(crate) fn missing(reason: &str) -> Font {
        let mut f = Font::blank(String::new(), "missing".into());
        f.encoding = "builtin".into();
        let mut buf = Vec::with_capacity(1);
        let mut widths = Box::new([0.5f32; 256]);
        let mut map = CodeMap::default();
        for code in 0..=255u8 {
            buf.clear();
            buf.push(win_ansi_or_latin1(code));
            map.insert(code as u32, &buf);
            widths[code as usize] = fallback_width(Some(&std14::HELVETICA), &buf) / 1000.0;
        }
        f.map = Arc::new(map);
        f.widths = Widths::Simple(widths);
        f.warnings.push(reason.to_string());
        f
    }

    fn blank(base_font: String, subtype: String) -> Font {
        Font {
            base_font,
            subtype,
            encoding: String::new(),
            has_to_unicode: false,
            codespace: Vec::new(),
            default_len: 1,
            map: Arc::default(),
            code_is_unicode: false,
            cid_of: CidOf::Identity,
            widths: Widths::Simple(Box::new([0.0; 256])),
            size_scale: 1.0,
            vertical: false,
            warnings: Vec::new(),
        }
    }

    /// Decodes a font dictionary. Never fails: what cannot be read becomes
    /// a warning and a fallback.
    pub(crate) fn load(
        doc: &Document,
        dict: &Dictionary,
        cache: &FontCache,
        budget: &Budget,
    ) -> Font {
        let subtype = name_of(get(doc, dict, b"Subtype")).unwrap_or_else(|| "Type1".into());
        let base = name_of(get(doc, dict, b"BaseFont"))
            .map(|b| strip_subset(&b).to_string())
            .or_else(|| name_of(get(doc, dict, b"Name")))
            .unwrap_or_default();
        let mut font = Font::blank(base, subtype.clone());

        // ToUnicode first: it takes precedence over everything else.
        let mut to_unicode = None;
        match cache.cmap(doc, dict.get(b"ToUnicode").ok(), budget) {
            Some(Ok(cm)) => {
                font.warnings.extend(cm.warnings.iter().cloned());
                if !cm.unicode.is_empty() {
                    font.has_to_unicode = true;
                    to_unicode = Some(cm);
                }
            }
            Some(Err(e)) => font.warnings.push(format!(
                "font {}: unreadable ToUnicode: {e}",
                font.base_font
            )),
            None => {}
        }

        if subtype == "Type0" {
            font.load_type0(doc, dict, to_unicode, cache, budget);
        } else {
            font.load_simple(doc, dict, to_unicode, budget);
        }
        font
    }

    fn load_simple(
        &mut self,
        doc: &Document,
        dict: &Dictionary,
        to_unicode: Option<Arc<CMap>>,
        budget: &Budget,
    ) {
        let is_type3 = self.subtype == "Type3";
        let descriptor = get(doc, dict, b"FontDescriptor").and_then(|o| o.as_dict().ok());
        let flags = descriptor
            .and_then(|d| get(doc, d, b"Flags"))
            .and_then(num)
            .unwrap_or(0.0) as u32;
        let symbolic = flags & 4 != 0;

        // Base encoding and differences.
        let mut base: Option<BaseEncoding> = None;
        let mut differences: Vec<(u8, Vec<char>)> = Vec::new();
        let enc = get(doc, dict, b"Encoding");
        match enc {
            Some(Object::Name(n)) => {
                base = BaseEncoding::from_name(n);
                self.encoding = String::from_utf8_lossy(n).into_owned();
                if base.is_none() {
                    self.warnings.push(format!(
                        "font {}: unknown encoding /{}",
                        self.base_font, self.encoding
                    ));
                }
            }
            Some(Object::Dictionary(d)) => {
                if let Some(Object::Name(n)) = get(doc, d, b"BaseEncoding") {
                    base = BaseEncoding::from_name(n);
                }
                if let Some(Object::Array(diffs)) = get(doc, d, b"Differences") {
                    let mut code: i64 = 0;
                    for item in diffs {
                        match deref(doc, item) {
                            Some(Object::Integer(i)) => code = *i,
                            Some(Object::Name(n)) => {
                                if (0..256).contains(&code) {
                                    let mut chars = Vec::new();
                                    if glyph_name_chars(n, &mut chars) {
                                        differences.push((code as u8, chars));
                                    }
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                    self.encoding = "custom".into();
                } else {
                    self.encoding = base
                        .map(|b| format!("{b:?}Encoding"))
                        .unwrap_or_else(|| "builtin".into());
                }
            }
            _ => self.encoding = "builtin".into(),
        }
        if enc.is_none() {
            // An embedded Type1 program carries its own encoding; subset
            // fonts from Ghostscript and TeX rely on it.
            if let Some(builtin) = descriptor.and_then(|d| type1_builtin_encoding(doc, d, budget)) {
                differences.extend(builtin);
            }
        }
        if base.is_none() {
            // No base encoding given: non-symbolic Type1 fonts use Standard;
            // everything else (TrueType, symbolic, Type3) keeps raw bytes
            // as WinAnsi/Latin-1, which is what legacy fonts need.
            let std_font = subtype_is_type1(&self.subtype) && !symbolic && !is_type3;
            base = Some(if std_font {
                BaseEncoding::Standard
            } else {
                BaseEncoding::WinAnsi
            });
        }
        let base = base.unwrap_or(BaseEncoding::WinAnsi);

        let mut buf: Vec<char> = Vec::with_capacity(4);
        let mut map = CodeMap::default();
        for code in 0..=255u8 {
            buf.clear();
            if let Some(t) = to_unicode
                .as_ref()
                .and_then(|cm| cm.unicode.get(code as u32))
            {
                buf.extend_from_slice(t);
            } else if let Some((_, chars)) = differences.iter().rev().find(|(c, _)| *c == code) {
                buf.extend_from_slice(chars);
            } else {
                buf.push(base.char(code).unwrap_or_else(|| win_ansi_or_latin1(code)));
            }
            map.insert(code as u32, &buf);
        }
        self.map = Arc::new(map);

        // Widths.
        let (width_scale, size_scale) = if is_type3 {
            match get(doc, dict, b"FontMatrix") {
                Some(Object::Array(m)) if m.len() == 6 => {
                    let a = m.first().and_then(num).unwrap_or(0.001);
                    let d = m.get(3).and_then(num).unwrap_or(0.001);
                    (a, (d * 1000.0).abs().max(1e-6))
                }
                _ => (0.001, 1.0),
            }
        } else {
            (0.001, 1.0)
        };
        self.size_scale = size_scale;
        let missing = descriptor
            .and_then(|d| get(doc, d, b"MissingWidth"))
            .and_then(num)
            .filter(|w| *w > 0.0);
        let table = fallback_table(&self.base_font);
        let mut widths = Box::new([0f32; 256]);
        let mut have = [false; 256];
        if let Some(Object::Array(ws)) = get(doc, dict, b"Widths") {
            let first = get(doc, dict, b"FirstChar").and_then(num).unwrap_or(0.0) as i64;
            for (i, w) in ws.iter().enumerate() {
                let code = first + i as i64;
                if let (Some(w), true) = (deref(doc, w).and_then(num), (0..256).contains(&code)) {
                    widths[code as usize] = w * width_scale;
                    have[code as usize] = true;
                }
            }
        } else if !is_type3 && !is_standard14(&self.base_font) && missing.is_none() {
            self.warnings.push(format!(
                "font {}: no /Widths, using standard metrics",
                self.base_font
            ));
        }
        for code in 0..256usize {
            if !have[code] {
                widths[code] = match missing {
                    Some(m) => m * width_scale,
                    None => {
                        let text = self.map.get(code as u32).unwrap_or(&[' ']);
                        fallback_width(table, text) * if is_type3 { width_scale } else { 0.001 }
                    }
                };
            }
        }
        self.widths = Widths::Simple(widths);
    }

    fn load_type0(
        &mut self,
        doc: &Document,
        dict: &Dictionary,
        to_unicode: Option<Arc<CMap>>,
        cache: &FontCache,
        budget: &Budget,
    ) {
        self.default_len = 2;
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                self.encoding = String::from_utf8_lossy(n).into_owned();
                self.vertical = n.ends_with(b"-V");
                match n.as_slice() {
                    b"Identity-H" | b"Identity-V" => {}
                    n if n.windows(4).any(|w| w == b"UCS2")
                        || n.windows(5).any(|w| w == b"UTF16") =>
                    {
                        self.code_is_unicode = true;
                    }
                    _ => self.warnings.push(format!(
                        "font {}: predefined CMap /{} not supported, codes read as 2-byte CIDs",
                        self.base_font, self.encoding
                    )),
                }
            }
            Some(Object::Stream(_)) => {
                self.encoding = "embedded CMap".into();
                match cache.cmap(doc, dict.get(b"Encoding").ok(), budget) {
                    Some(Ok(cm)) => {
                        if let Some(Object::Name(n)) =
                            deref(doc, dict.get(b"Encoding").ok().unwrap_or(&Object::Null))
                                .and_then(|o| o.as_stream().ok())
                                .and_then(|s| s.dict.get(b"CMapName").ok())
                        {
                            self.encoding = String::from_utf8_lossy(n).into_owned();
                            self.vertical = n.ends_with(b"-V");
                        }
                        self.codespace = cm.codespace.clone();
                        self.warnings.extend(cm.warnings.iter().cloned());
                        if !cm.cids.is_empty() {
                            self.cid_of = CidOf::Map(cm);
                        }
                    }
                    Some(Err(e)) => self.warnings.push(format!(
                        "font {}: unreadable encoding CMap: {e}",
                        self.base_font
                    )),
                    None => {}
                }
            }
            _ => {
                self.encoding = "Identity-H".into();
                self.warnings.push(format!(
                    "font {}: Type0 font without a usable /Encoding, assuming Identity-H",
                    self.base_font
                ));
            }
        }
        if let Some(cm) = to_unicode {
            if self.codespace.is_empty() && !cm.codespace.is_empty() {
                self.codespace = cm.codespace.clone();
            }
            self.map = cm.unicode.clone();
        } else if !self.code_is_unicode {
            self.warnings.push(format!(
                "font {}: CID font without ToUnicode, its text cannot be mapped",
                self.base_font
            ));
        }

        // Descendant CID font: widths.
        let cid_font = match get(doc, dict, b"DescendantFonts") {
            Some(Object::Array(a)) => a
                .first()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok()),
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let Some(cid_font) = cid_font else {
            self.warnings
                .push(format!("font {}: no descendant CID font", self.base_font));
            self.widths = Widths::Cid {
                ranges: Vec::new(),
                default: 1.0,
            };
            return;
        };
        if self.base_font.is_empty() {
            if let Some(b) = name_of(get(doc, cid_font, b"BaseFont")) {
                self.base_font = strip_subset(&b).to_string();
            }
        }
        let default = get(doc, cid_font, b"DW").and_then(num).unwrap_or(1000.0) / 1000.0;
        let mut ranges = Vec::new();
        if let Some(Object::Array(w)) = get(doc, cid_font, b"W") {
            let items: Vec<&Object> = w.iter().filter_map(|o| deref(doc, o)).collect();
            let mut i = 0;
            while i < items.len() {
                let Some(first) = items.get(i).and_then(|o| num(o)) else {
                    i += 1;
                    continue;
                };
                match items.get(i + 1) {
                    Some(Object::Array(ws)) => {
                        for (k, w) in ws.iter().enumerate() {
                            if let Some(w) = deref(doc, w).and_then(num) {
                                let c = first as u32 + k as u32;
                                ranges.push((c, c, w / 1000.0));
                            }
                        }
                        i += 2;
                    }
                    Some(o) => {
                        let last = num(o);
                        let w = items.get(i + 2).and_then(|o| num(o));
                        if let (Some(last), Some(w)) = (last, w) {
                            if last >= first {
                                ranges.push((first as u32, last as u32, w / 1000.0));
                            }
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
        }
        ranges.sort_by_key(|r| r.0);
        self.widths = Widths::Cid { ranges, default };
    }

    /// Reads one character code at the start of `bytes`: (code, length).
    #[inline]
    pub(crate) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        if self.codespace.is_empty() {
            let n = (self.default_len as usize).min(bytes.len()).max(1);
            let code = bytes.iter().take(n).fold(0u32, |a, &b| a << 8 | b as u32);
            return (code, n.min(bytes.len()));
        }
        for len in 1..=4usize {
            if len > bytes.len() {
                break;
            }
            let code = bytes.iter().take(len).fold(0u32, |a, &b| a << 8 | b as u32);
            if self
                .codespace
                .iter()
                .any(|r| r.len as usize == len && in_range(code, r, len))
            {
                return (code, len);
            }
        }
        let n = (self.default_len as usize).min(bytes.len()).max(1);
        let code = bytes.iter().take(n).fold(0u32, |a, &b| a << 8 | b as u32);
        (code, n.min(bytes.len()))
    }

    /// Whether codes are single bytes (word spacing applies to code 32).
    pub(crate) fn single_byte(&self) -> bool {
        matches!(self.widths, Widths::Simple(_))
    }

    /// Text for a code; `None` when the font cannot say.
    #[inline]
    pub(crate) fn text(&self, code: u32) -> Option<&[char]> {
        self.map.get(code)
    }

    /// Code as a Unicode char for `Uni…-UCS2` CMaps.
    pub(crate) fn code_as_char(&self, code: u32) -> Option<char> {
        if self.code_is_unicode {
            char::from_u32(code)
        } else {
            None
        }
    }

    /// Advance for `code` in text space per unit font size.
    #[inline]
    pub(crate) fn width(&self, code: u32) -> f32 {
        match &self.widths {
            Widths::Simple(w) => w.get(code as usize).copied().unwrap_or(0.0),
            Widths::Cid { ranges, default } => {
                let cid = match &self.cid_of {
                    CidOf::Identity => code,
                    CidOf::Map(cm) => cm.cid(code).unwrap_or(0),
                };
                let i = ranges.partition_point(|r| r.0 <= cid);
                match i.checked_sub(1).and_then(|i| ranges.get(i)) {
                    Some(&(lo, hi, w)) if cid >= lo && cid <= hi => w,
                    _ => *default,
                }
            }
        }
    }
}

/// Reads `dup <code> /<name> put` entries from the clear-text part of an
/// embedded Type1 font program (`/FontFile`).
fn type1_builtin_encoding(
    doc: &Document,
    descriptor: &Dictionary,
    budget: &Budget,
) -> Option<Vec<(u8, Vec<char>)>> {
    let stream = deref(doc, descriptor.get(b"FontFile").ok()?)?
        .as_stream()
        .ok()?;
    let data = budget.decode(doc, stream, MAX_CMAP_BYTES).bytes;
    let clear_len = stream
        .dict
        .get(b"Length1")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(num)
        .map(|l| l as usize)
        .unwrap_or(data.len());
    let clear = data.get(..clear_len.min(data.len()))?;
    let start = clear.windows(9).position(|w| w == b"/Encoding")?;
    let text = clear.get(start..)?;
    let end = text
        .windows(9)
        .position(|w| w == b"readonly " || w == b"currentdi")
        .unwrap_or(text.len());
    let words: Vec<&[u8]> = text
        .get(..end)?
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for w in words.windows(4) {
        if let [b"dup", code, name, b"put"] = w {
            let code = std::str::from_utf8(code)
                .ok()
                .and_then(|c| c.parse::<u8>().ok());
            if let (Some(code), Some(name)) = (code, name.strip_prefix(b"/")) {
                let mut chars = Vec::new();
                if glyph_name_chars(name, &mut chars) {
                    out.push((code, chars));
                }
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Byte-wise range test, as CMap codespace ranges are defined.
fn in_range(code: u32, r: &CodeRange, len: usize) -> bool {
    (0..len).all(|i| {
        let shift = 8 * (len - 1 - i);
        let b = (code >> shift) & 0xFF;
        b >= (r.lo >> shift) & 0xFF && b <= (r.hi >> shift) & 0xFF
    })
}

fn subtype_is_type1(s: &str) -> bool {
    s == "Type1" || s == "MMType1"
}

fn is_standard14(base: &str) -> bool {
    matches!(
        base,
        "Times-Roman"
            | "Times-Bold"
            | "Times-Italic"
            | "Times-BoldItalic"
            | "Helvetica"
            | "Helvetica-Bold"
            | "Helvetica-Oblique"
            | "Helvetica-BoldOblique"
            | "Courier"
            | "Courier-Bold"
            | "Courier-Oblique"
            | "Courier-BoldOblique"
            | "Symbol"
            | "ZapfDingbats"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_prefix() {
        assert_eq!(
            strip_subset("ABCDEF+TimesNewRomanPSMT"),
            "TimesNewRomanPSMT"
        );
        assert_eq!(strip_subset(".VnTime"), ".VnTime");
        assert_eq!(strip_subset("Abc+X"), "Abc+X");
    }

    #[test]
    fn codespace_split() {
        let mut f = Font::missing("x");
        f.codespace = vec![
            CodeRange {
                lo: 0x00,
                hi: 0x80,
                len: 1,
            },
            CodeRange {
                lo: 0x8140,
                hi: 0x9FFC,
                len: 2,
            },
        ];
        assert_eq!(f.next_code(b"\x41\x81"), (0x41, 1));
        assert_eq!(f.next_code(b"\x81\x40"), (0x8140, 2));
    }
}

/// Fonts and CMaps decoded so far in a document, shared by the threads
/// reading its pages, so each font dictionary and each CMap stream is
/// decoded once (2,000 fonts sharing one ToUnicode stream parse it once).
#[derive(Debug, Default)]
pub(crate) struct FontCache {
    fonts: RwLock<HashMap<ObjectId, Arc<Font>>>,
    cmaps: RwLock<HashMap<ObjectId, Arc<CMap>>>,
}

fn read<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    match l.read() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    }
}

fn write<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    match l.write() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl FontCache {
    pub(crate) fn get(
        &self,
        doc: &Document,
        id: ObjectId,
        dict: &Dictionary,
        budget: &Budget,
    ) -> Arc<Font> {
        if let Some(f) = read(&self.fonts).get(&id) {
            return f.clone();
        }
        // Decoded outside the lock; a rare duplicate decode by two threads
        // is cheaper than serialising all font loading.
        let font = Arc::new(Font::load(doc, dict, self, budget));
        write(&self.fonts).entry(id).or_insert(font).clone()
    }

    /// The parsed CMap of the stream `obj` refers to (`None`: no stream).
    /// Parsed once per object; a direct stream is parsed each time.
    pub(crate) fn cmap(
        &self,
        doc: &Document,
        obj: Option<&Object>,
        budget: &Budget,
    ) -> Option<Result<Arc<CMap>, String>> {
        let id = match obj? {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if let Some(id) = id {
            if let Some(c) = read(&self.cmaps).get(&id) {
                return Some(Ok(c.clone()));
            }
        }
        let parsed = match stream_bytes(doc, obj, budget)? {
            Ok(bytes) => Arc::new(cmap::parse(&bytes)),
            Err(e) => return Some(Err(e)),
        };
        Some(Ok(match id {
            Some(id) => write(&self.cmaps).entry(id).or_insert(parsed).clone(),
            None => parsed,
        }))
    }
}
