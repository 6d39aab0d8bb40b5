//! Content-stream interpreter: text, ruling lines, images.
//!
//! Our own tolerant tokenizer runs straight over the decoded bytes (no
//! intermediate operation list, no per-operator allocation): one bad
//! operator or a stray byte costs that operator, not the page, which
//! lopdf's all-or-nothing `Content::decode` cannot offer.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::budget::{Budget, MAX_STREAM_BYTES};
use super::filters::Filter;
use super::font::{Font, FontCache};
use super::{FontInfo, Glyph, Limits, Page, Rule};

/// Form XObjects' decoded content kept for reuse on one page, in bytes;
/// a form beyond it is decoded again (and charged again) at each use.
const FORM_CACHE_BYTES: usize = 16 << 20;
/// Operators between two looks at the clock.
const DEADLINE_EVERY: usize = 4096;
/// Operands kept for one operator; more are dropped (hostile arrays).
const MAX_OPERANDS: usize = 1 << 16;
/// Nesting of `q` kept; deeper saves are ignored (and their `Q` too).
const MAX_GSTATE_DEPTH: usize = 256;
/// Points kept in one path.
const MAX_PATH_POINTS: usize = 1 << 16;
/// Warnings kept per page.
const MAX_WARNINGS: usize = 50;
/// Thickness up to which a filled rectangle counts as a ruling line.
const RULE_THICKNESS: f32 = 2.0;

/// Affine matrix `[a b c d e f]`, row-vector convention as in PDF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Mat(pub [f32; 6]);

impl Mat {
    pub(crate) const IDENTITY: Mat = Mat([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other`: apply `self` first, then `other`.
    #[inline]
    pub(crate) fn mul(&self, o: &Mat) -> Mat {
        let [a, b, c, d, e, f] = self.0;
        let [oa, ob, oc, od, oe, of] = o.0;
        Mat([
            a * oa + b * oc,
            a * ob + b * od,
            c * oa + d * oc,
            c * ob + d * od,
            e * oa + f * oc + oe,
            e * ob + f * od + of,
        ])
    }

    #[inline]
    pub(crate) fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }

    fn translate(tx: f32, ty: f32) -> Mat {
        Mat([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn is_finite(&self) -> bool {
        self.0.iter().all(|v| v.is_finite())
    }
}

#[derive(Debug, Clone)]
struct GState {
    ctm: Mat,
    font: Option<u16>,
    font_size: f32,
    char_spacing: f32,
    word_spacing: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
    render_mode: u8,
}

impl GState {
    fn new(ctm: Mat) -> GState {
        GState {
            ctm,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Opd {
    Num(f32),
    /// Range in the content bytes.
    Name(u32, u32),
    /// Range in the string buffer.
    Str(u32, u32),
    ArrBegin,
    ArrEnd,
    Other,
}

enum Tok {
    Opd(Opd),
    Op(u32, u32),
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

/// Parses a PDF number, tolerating doubled signs (`--5`) seen in the wild.
fn parse_num(s: &[u8]) -> Option<f32> {
    let mut i = 0;
    let mut neg = false;
    while let Some(&c) = s.get(i) {
        match c {
            b'-' => neg = !neg,
            b'+' => {}
            _ => break,
        }
        i += 1;
    }
    let mut v: f64 = 0.0;
    let mut digits = 0;
    let mut scale = 0.0f64;
    for &c in s.get(i..)? {
        match c {
            b'0'..=b'9' => {
                digits += 1;
                if scale == 0.0 {
                    v = v * 10.0 + (c - b'0') as f64;
                } else {
                    v += (c - b'0') as f64 * scale;
                    scale *= 0.1;
                }
            }
            b'.' if scale == 0.0 => scale = 0.1,
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let v = if neg { -v } else { v };
    Some(v.clamp(-1e30, 1e30) as f32)
}

struct Lexer<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn next(&mut self, strbuf: &mut Vec<u8>) -> Option<Tok> {
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
        let start = self.pos;
        let b = *s.get(self.pos)?;
        self.pos += 1;
        Some(match b {
            b'(' => {
                let from = strbuf.len() as u32;
                self.literal(strbuf);
                Tok::Opd(Opd::Str(from, strbuf.len() as u32))
            }
            b'<' if s.get(self.pos) == Some(&b'<') => {
                self.pos += 1;
                Tok::Opd(Opd::Other)
            }
            b'<' => {
                let from = strbuf.len() as u32;
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
                        Some(h) => strbuf.push(h << 4 | v),
                        None => hi = Some(v),
                    }
                }
                if let Some(h) = hi {
                    strbuf.push(h << 4);
                }
                Tok::Opd(Opd::Str(from, strbuf.len() as u32))
            }
            b'>' => {
                if s.get(self.pos) == Some(&b'>') {
                    self.pos += 1;
                }
                Tok::Opd(Opd::Other)
            }
            b'[' => Tok::Opd(Opd::ArrBegin),
            b']' => Tok::Opd(Opd::ArrEnd),
            b'/' => {
                while s.get(self.pos).is_some_and(|&c| !is_ws(c) && !is_delim(c)) {
                    self.pos += 1;
                }
                Tok::Opd(Opd::Name(start as u32 + 1, self.pos as u32))
            }
            b'{' | b'}' | b')' => Tok::Opd(Opd::Other),
            _ => {
                while s.get(self.pos).is_some_and(|&c| !is_ws(c) && !is_delim(c)) {
                    self.pos += 1;
                }
                let word = s.get(start..self.pos).unwrap_or_default();
                match word.first() {
                    Some(b'0'..=b'9' | b'+' | b'-' | b'.') => match parse_num(word) {
                        Some(n) => Tok::Opd(Opd::Num(n)),
                        None => Tok::Op(start as u32, self.pos as u32),
                    },
                    _ if word == b"true" || word == b"false" || word == b"null" => {
                        Tok::Opd(Opd::Other)
                    }
                    _ => Tok::Op(start as u32, self.pos as u32),
                }
            }
        })
    }

    fn literal(&mut self, out: &mut Vec<u8>) {
        let s = self.s;
        let mut depth = 1usize;
        while let Some(&c) = s.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = s.get(self.pos) else { return };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if s.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match s.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
    }

    /// Skips inline image data after `ID`: up to a whitespace-delimited `EI`.
    /// Data in ASCII85 or ASCIIHex (first filter `first`) ends at its own
    /// end-of-data marker (`~>`, `>`), which is looked for first, so that an
    /// `EI` inside the data cannot end the image early.
    fn skip_inline_image(&mut self, first: Option<Filter>) -> bool {
        let s = self.s;
        let from = self.pos + 1; // one white-space byte follows ID
        let eod: &[u8] = match first {
            Some(Filter::Ascii85) => b"~>",
            Some(Filter::AsciiHex) => b">",
            _ => b"",
        };
        let mut i = from;
        if !eod.is_empty() {
            if let Some(k) = s
                .get(from..)
                .and_then(|t| t.windows(eod.len()).position(|w| w == eod))
            {
                i = from + k + eod.len();
            }
        }
        while i + 1 < s.len() {
            if s[i] == b'E'
                && s[i + 1] == b'I'
                && (i == 0 || is_ws(s[i - 1]))
                && s.get(i + 2).is_none_or(|&c| is_ws(c) || is_delim(c))
            {
                self.pos = i + 2;
                return true;
            }
            i += 1;
        }
        self.pos = s.len();
        false
    }
}

/// The first filter of an inline image, from the operands collected
/// between `BI` and `ID` (`/F /A85`, `/Filter [/AHx /Fl]`).
fn inline_image_filter(opds: &[Opd], content: &[u8]) -> Option<Filter> {
    let name = |o: &Opd| match *o {
        Opd::Name(s, e) => content.get(s as usize..e as usize),
        _ => None,
    };
    let k = opds
        .iter()
        .position(|o| matches!(name(o), Some(b"F" | b"Filter")))?;
    let next = match opds.get(k + 1)? {
        Opd::ArrBegin => opds.get(k + 2)?,
        o => o,
    };
    Filter::from_name(name(next)?)
}

/// A path point in reading space, with whether the segment ending here is a
/// curve (curves never make rules).
#[derive(Debug, Clone, Copy)]
struct Pt {
    x: f32,
    y: f32,
    curve: bool,
}

#[derive(Debug, Clone, Copy)]
struct Sub {
    start: usize,
    closed: bool,
}

#[derive(Debug, Default)]
struct Path {
    pts: Vec<Pt>,
    subs: Vec<Sub>,
    /// Current point in user space.
    cur: (f32, f32),
    start: (f32, f32),
}

struct FontSlot {
    resource: Vec<u8>,
    id: Option<ObjectId>,
    /// Address of a direct (inline) font dictionary, which has no id.
    direct: usize,
    font: Arc<Font>,
}

/// Reads one page's content into a [`Page`].
pub(crate) struct Interp<'d, 'p> {
    doc: &'d Document,
    fonts: &'d FontCache,
    limits: Limits,
    page: &'p mut Page,
    to_reading: Mat,
    ops: usize,
    stop: bool,
    slots: Vec<FontSlot>,
    form_stack: Vec<ObjectId>,
    form_cache: HashMap<ObjectId, Rc<Vec<u8>>>,
    form_cache_bytes: usize,
    budget: &'p Budget,
    /// Painted area (pt²) of the largest image so far.
    largest_image: f32,
    /// Text-showing operators met (to tell a page whose text was lost).
    pub(crate) text_ops: usize,
}

impl<'d, 'p> Interp<'d, 'p> {
    pub(crate) fn new(
        doc: &'d Document,
        fonts: &'d FontCache,
        limits: Limits,
        page: &'p mut Page,
        to_reading: Mat,
        budget: &'p Budget,
    ) -> Self {
        Interp {
            doc,
            fonts,
            limits,
            page,
            to_reading,
            ops: 0,
            stop: false,
            slots: Vec::new(),
            form_stack: Vec::new(),
            form_cache: HashMap::new(),
            form_cache_bytes: 0,
            budget,
            largest_image: 0.0,
            text_ops: 0,
        }
    }

    fn warn(&mut self, msg: impl Into<String>) {
        let msg = msg.into();
        if self.page.warnings.len() < MAX_WARNINGS && !self.page.warnings.contains(&msg) {
            self.page.warnings.push(msg);
        }
    }

    /// Interprets the page's content bytes with its resources.
    pub(crate) fn run_page(&mut self, content: &[u8], resources: Option<&'d Dictionary>) {
        self.run(content, resources, GState::new(Mat::IDENTITY), 0);
    }

    fn run(&mut self, content: &[u8], resources: Option<&'d Dictionary>, gs: GState, depth: usize) {
        let mut lx = Lexer { s: content, pos: 0 };
        let mut strbuf: Vec<u8> = Vec::new();
        let mut opds: Vec<Opd> = Vec::new();
        let mut st = RunState {
            gs,
            stack: Vec::new(),
            tm: Mat::IDENTITY,
            tlm: Mat::IDENTITY,
            path: Path::default(),
            resources,
        };
        let mut dropped_operands = false;
        while !self.stop {
            let Some(tok) = lx.next(&mut strbuf) else {
                break;
            };
            match tok {
                Tok::Opd(o) => {
                    if opds.len() < MAX_OPERANDS {
                        opds.push(o);
                    } else {
                        dropped_operands = true;
                    }
                }
                Tok::Op(s, e) => {
                    self.ops += 1;
                    if self.ops > self.limits.max_ops_per_page {
                        self.warn(format!(
                            "stopped after {} content operators (limit)",
                            self.limits.max_ops_per_page
                        ));
                        self.stop = true;
                        break;
                    }
                    if self.ops.is_multiple_of(DEADLINE_EVERY) && self.budget.expired() {
                        self.warn("time limit reached while reading the page: the rest of it was not read");
                        self.stop = true;
                        break;
                    }
                    let op = content.get(s as usize..e as usize).unwrap_or_default();
                    if op == b"ID" {
                        self.page.images += 1;
                        let first = inline_image_filter(&opds, content);
                        if !lx.skip_inline_image(first) {
                            self.warn("inline image without EI: rest of the stream skipped");
                        }
                    } else {
                        self.exec(op, &opds, &strbuf, content, &mut st, depth);
                    }
                    opds.clear();
                    strbuf.clear();
                }
            }
        }
        if dropped_operands {
            self.warn("too many operands for one operator: extra operands dropped");
        }
    }

    fn exec(
        &mut self,
        op: &[u8],
        opds: &[Opd],
        strbuf: &[u8],
        content: &[u8],
        st: &mut RunState<'d>,
        depth: usize,
    ) {
        let n = |i: usize| -> Option<f32> {
            // i-th operand counted from the end (0 = last).
            match opds.len().checked_sub(i + 1).and_then(|k| opds.get(k)) {
                Some(Opd::Num(v)) => Some(*v),
                _ => None,
            }
        };
        let nums6 = || -> Option<Mat> { Some(Mat([n(5)?, n(4)?, n(3)?, n(2)?, n(1)?, n(0)?])) };
        let name = |i: usize| -> Option<&[u8]> {
            match opds.len().checked_sub(i + 1).and_then(|k| opds.get(k)) {
                Some(Opd::Name(s, e)) => content.get(*s as usize..*e as usize),
                _ => None,
            }
        };
        let string = |i: usize| -> Option<&[u8]> {
            match opds.len().checked_sub(i + 1).and_then(|k| opds.get(k)) {
                Some(Opd::Str(s, e)) => strbuf.get(*s as usize..*e as usize),
                _ => None,
            }
        };
        match op {
            // Graphics state.
            b"q" => {
                if st.stack.len() < MAX_GSTATE_DEPTH {
                    st.stack.push(st.gs.clone());
                } else {
                    self.warn("graphics state stack too deep");
                }
            }
            b"Q" => {
                if let Some(g) = st.stack.pop() {
                    st.gs = g;
                }
            }
            b"cm" => {
                if let Some(m) = nums6().filter(Mat::is_finite) {
                    st.gs.ctm = m.mul(&st.gs.ctm);
                }
            }
            // Path construction.
            b"m" => {
                if let (Some(x), Some(y)) = (n(1), n(0)) {
                    st.path.cur = (x, y);
                    st.path.start = (x, y);
                    let p = self.user_pt(st, x, y, false);
                    if st.path.pts.len() < MAX_PATH_POINTS {
                        st.path.subs.push(Sub {
                            start: st.path.pts.len(),
                            closed: false,
                        });
                        st.path.pts.push(p);
                    }
                }
            }
            b"l" => {
                if let (Some(x), Some(y)) = (n(1), n(0)) {
                    self.line_to(st, x, y, false);
                }
            }
            b"c" => {
                if let (Some(x), Some(y)) = (n(1), n(0)) {
                    self.line_to(st, x, y, true);
                }
            }
            b"v" | b"y" => {
                if let (Some(x), Some(y)) = (n(1), n(0)) {
                    self.line_to(st, x, y, true);
                }
            }
            b"h" => {
                if let Some(s) = st.path.subs.last_mut() {
                    s.closed = true;
                }
                st.path.cur = st.path.start;
            }
            b"re" => {
                if let (Some(x), Some(y), Some(w), Some(h)) = (n(3), n(2), n(1), n(0)) {
                    if st.path.pts.len() + 4 < MAX_PATH_POINTS {
                        let start = st.path.pts.len();
                        for (px, py) in [(x, y), (x + w, y), (x + w, y + h), (x, y + h)] {
                            let p = self.user_pt(st, px, py, false);
                            st.path.pts.push(p);
                        }
                        st.path.subs.push(Sub {
                            start,
                            closed: true,
                        });
                    }
                    st.path.cur = (x, y);
                    st.path.start = (x, y);
                }
            }
            // Path painting.
            b"S" => self.paint(st, false, true, false),
            b"s" => self.paint(st, false, true, true),
            b"f" | b"F" | b"f*" => self.paint(st, true, false, false),
            b"B" | b"B*" => self.paint(st, true, true, false),
            b"b" | b"b*" => self.paint(st, true, true, true),
            b"n" => {
                st.path = Path::default();
            }
            // Text objects and state.
            b"BT" => {
                st.tm = Mat::IDENTITY;
                st.tlm = Mat::IDENTITY;
            }
            b"ET" => {}
            b"Tf" => {
                if let (Some(res), Some(size)) = (name(1), n(0)) {
                    st.gs.font = self.select_font(st.resources, res);
                    st.gs.font_size = size;
                }
            }
            b"Tc" => st.gs.char_spacing = n(0).unwrap_or(st.gs.char_spacing),
            b"Tw" => st.gs.word_spacing = n(0).unwrap_or(st.gs.word_spacing),
            b"Tz" => st.gs.hscale = n(0).map(|v| v / 100.0).unwrap_or(st.gs.hscale),
            b"TL" => st.gs.leading = n(0).unwrap_or(st.gs.leading),
            b"Ts" => st.gs.rise = n(0).unwrap_or(st.gs.rise),
            b"Tr" => st.gs.render_mode = n(0).map(|v| v as u8).unwrap_or(st.gs.render_mode),
            b"Td" => {
                if let (Some(tx), Some(ty)) = (n(1), n(0)) {
                    st.tlm = Mat::translate(tx, ty).mul(&st.tlm);
                    st.tm = st.tlm;
                }
            }
            b"TD" => {
                if let (Some(tx), Some(ty)) = (n(1), n(0)) {
                    st.gs.leading = -ty;
                    st.tlm = Mat::translate(tx, ty).mul(&st.tlm);
                    st.tm = st.tlm;
                }
            }
            b"Tm" => {
                if let Some(m) = nums6().filter(Mat::is_finite) {
                    st.tlm = m;
                    st.tm = m;
                }
            }
            b"T*" => next_line(st),
            b"Tj" => {
                self.text_ops += 1;
                if let Some(s) = string(0) {
                    self.show(st, s);
                }
            }
            b"'" => {
                next_line(st);
                if let Some(s) = string(0) {
                    self.show(st, s);
                }
            }
            b"\"" => {
                if let (Some(aw), Some(ac)) = (n(2), n(1)) {
                    st.gs.word_spacing = aw;
                    st.gs.char_spacing = ac;
                }
                next_line(st);
                if let Some(s) = string(0) {
                    self.show(st, s);
                }
            }
            b"TJ" => {
                self.text_ops += 1;
                let begin = opds
                    .iter()
                    .rposition(|o| matches!(o, Opd::ArrBegin))
                    .map(|i| i + 1)
                    .unwrap_or(0);
                for o in opds.get(begin..).unwrap_or_default() {
                    match *o {
                        Opd::Str(s, e) => {
                            if let Some(bytes) = strbuf.get(s as usize..e as usize) {
                                self.show(st, bytes);
                            }
                        }
                        Opd::Num(adj) => {
                            let fs = st.gs.font_size;
                            let vertical = st
                                .gs
                                .font
                                .and_then(|f| self.slots.get(f as usize))
                                .is_some_and(|s| s.font.vertical);
                            let t = -adj / 1000.0 * fs;
                            st.tm = if vertical {
                                Mat::translate(0.0, t).mul(&st.tm)
                            } else {
                                Mat::translate(t * st.gs.hscale, 0.0).mul(&st.tm)
                            };
                        }
                        _ => {}
                    }
                    if self.stop {
                        break;
                    }
                }
            }
            // XObjects and images.
            b"Do" => {
                if let Some(nm) = name(0) {
                    self.do_xobject(st, nm, depth);
                }
            }
            b"BI" => {} // dictionary follows; counted at ID
            _ => {}     // unknown or irrelevant operators are ignored, as the spec asks
        }
    }

    fn user_pt(&self, st: &RunState, x: f32, y: f32, curve: bool) -> Pt {
        let (x, y) = st.gs.ctm.mul(&self.to_reading).apply(x, y);
        Pt { x, y, curve }
    }

    fn line_to(&mut self, st: &mut RunState, x: f32, y: f32, curve: bool) {
        if st.path.subs.is_empty() {
            // A line without a current point: start one where we are.
            let (cx, cy) = st.path.cur;
            let p = self.user_pt(st, cx, cy, false);
            st.path.subs.push(Sub {
                start: st.path.pts.len(),
                closed: false,
            });
            st.path.pts.push(p);
        }
        if st.path.pts.len() < MAX_PATH_POINTS {
            let p = self.user_pt(st, x, y, curve);
            st.path.pts.push(p);
        }
        st.path.cur = (x, y);
    }

    /// Turns the current path into ruling lines and clears it.
    fn paint(&mut self, st: &mut RunState, fill: bool, stroke: bool, close: bool) {
        let path = std::mem::take(&mut st.path);
        for (k, sub) in path.subs.iter().enumerate() {
            let end = path
                .subs
                .get(k + 1)
                .map(|s| s.start)
                .unwrap_or(path.pts.len());
            let Some(pts) = path.pts.get(sub.start..end) else {
                continue;
            };
            if pts.len() < 2 {
                continue;
            }
            let closed = sub.closed || close;
            if fill {
                if let Some(r) = thin_rect(pts) {
                    self.page.rules.push(r);
                    continue;
                }
            }
            if stroke {
                for w in pts.windows(2) {
                    if !w[1].curve {
                        self.push_segment(w[0], w[1]);
                    }
                }
                if closed {
                    if let (Some(&last), Some(&first)) = (pts.last(), pts.first()) {
                        self.push_segment(last, first);
                    }
                }
            }
        }
    }

    fn push_segment(&mut self, a: Pt, b: Pt) {
        let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
        let r = if dy <= 0.5 && dx > 0.5 {
            let y = (a.y + b.y) / 2.0;
            Rule {
                x0: a.x.min(b.x),
                y0: y,
                x1: a.x.max(b.x),
                y1: y,
            }
        } else if dx <= 0.5 && dy > 0.5 {
            let x = (a.x + b.x) / 2.0;
            Rule {
                x0: x,
                y0: a.y.min(b.y),
                x1: x,
                y1: a.y.max(b.y),
            }
        } else {
            return;
        };
        if [r.x0, r.y0, r.x1, r.y1].iter().all(|v| v.is_finite()) {
            self.page.rules.push(r);
        }
    }

    /// Finds or registers the font named `res` in the current resources and
    /// returns its index in `page.fonts`.
    fn select_font(&mut self, resources: Option<&'d Dictionary>, res: &[u8]) -> Option<u16> {
        let doc = self.doc;
        let entry = resources
            .and_then(|r| r.get(b"Font").ok())
            .and_then(|f| doc.dereference(f).ok())
            .and_then(|(_, f)| f.as_dict().ok())
            .and_then(|fonts| fonts.get(res).ok());
        let (id, dict) = match entry {
            Some(Object::Reference(id)) => (Some(*id), doc.get_dictionary(*id).ok()),
            Some(Object::Dictionary(d)) => (None, Some(d)),
            _ => (None, None),
        };
        let direct = match (id, dict) {
            (None, Some(d)) => d as *const Dictionary as usize,
            _ => 0,
        };
        if let Some(i) = self
            .slots
            .iter()
            .position(|s| s.resource == res && s.id == id && s.direct == direct)
        {
            return u16::try_from(i).ok();
        }
        if self.slots.len() >= u16::MAX as usize {
            return None;
        }
        let font = match (id, dict) {
            (Some(id), Some(d)) => self.fonts.get(doc, id, d, self.budget),
            (None, Some(d)) => Arc::new(Font::load(doc, d, self.fonts, self.budget)),
            _ => Arc::new(Font::missing(&format!(
                "font /{} not found in resources, text kept as Latin-1",
                String::from_utf8_lossy(res)
            ))),
        };
        for w in &font.warnings {
            self.warn(w.clone());
        }
        self.page.fonts.push(FontInfo {
            resource: String::from_utf8_lossy(res).into_owned(),
            base_font: font.base_font.clone(),
            subtype: font.subtype.clone(),
            encoding: font.encoding.clone(),
            has_to_unicode: font.has_to_unicode,
        });
        self.slots.push(FontSlot {
            resource: res.to_vec(),
            id,
            direct,
            font,
        });
        u16::try_from(self.slots.len() - 1).ok()
    }

    /// Shows a string: one glyph per character code (several for codes
    /// that map to several characters).
    fn show(&mut self, st: &mut RunState, bytes: &[u8]) {
        let slot = match st.gs.font {
            Some(f) => f,
            None => {
                self.warn("text shown before any font was selected (Tf)");
                match self.select_font(None, b"(none)") {
                    Some(f) => {
                        st.gs.font = Some(f);
                        f
                    }
                    None => return,
                }
            }
        };
        let Some(font) = self.slots.get(slot as usize).map(|s| s.font.clone()) else {
            return;
        };
        let gs = &st.gs;
        let fs = gs.font_size;
        let th = gs.hscale;
        let invisible = gs.render_mode == 3 || gs.render_mode == 7;
        let single = font.single_byte();
        let base_ctm = gs.ctm.mul(&self.to_reading);
        let mut m = st.tm.mul(&base_ctm);
        let scale_x = (m.0[0] * m.0[0] + m.0[1] * m.0[1]).sqrt();
        let (ux, uy) = if scale_x > 0.0 {
            (m.0[0] / scale_x, m.0[1] / scale_x)
        } else {
            (1.0, 0.0)
        };
        let size = (fs * (m.0[2] * m.0[2] + m.0[3] * m.0[3]).sqrt() * font.size_scale).abs();
        let max_glyphs = self.limits.max_glyphs_per_page;
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = font.next_code(bytes.get(i..).unwrap_or_default());
            i += len.max(1);
            let w0 = font.width(code);
            let mut adv = w0 * fs + gs.char_spacing;
            if single && code == 32 {
                adv += gs.word_spacing;
            }
            let (ox, oy) = (gs.rise * m.0[2] + m.0[4], gs.rise * m.0[3] + m.0[5]);
            let (tx, ty) = if font.vertical {
                (0.0, -fs + gs.char_spacing)
            } else {
                (adv * th, 0.0)
            };
            let width = if font.vertical {
                size
            } else {
                (tx * scale_x).max(0.0)
            };

            let single_char;
            let text: &[char] = match font.text(code) {
                Some(t) => t,
                None => {
                    single_char = [font.code_as_char(code).unwrap_or('\u{FFFD}')];
                    &single_char
                }
            };
            let parts = text.len().max(1) as f32;
            for (k, &ch) in text.iter().enumerate() {
                if self.page.glyphs.len() >= max_glyphs {
                    self.warn(format!("stopped after {max_glyphs} glyphs (limit)"));
                    self.stop = true;
                    return;
                }
                let off = width * k as f32 / parts;
                let (x, y) = (ox + ux * off, oy + uy * off);
                if !(x.is_finite() && y.is_finite() && size.is_finite()) {
                    continue;
                }
                self.page.glyphs.push(Glyph {
                    ch,
                    code,
                    x,
                    y,
                    width: width / parts,
                    size,
                    font: slot,
                    ocr: None,
                });
                if invisible {
                    self.page.invisible_glyphs += 1;
                }
            }
            // Advance the text matrix (and our product with it).
            let t = Mat::translate(tx, ty);
            st.tm = t.mul(&st.tm);
            m = t.mul(&m);
        }
    }

    fn do_xobject(&mut self, st: &mut RunState<'d>, nm: &[u8], depth: usize) {
        let doc = self.doc;
        let entry = st
            .resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|x| doc.dereference(x).ok())
            .and_then(|(_, x)| x.as_dict().ok())
            .and_then(|x| x.get(nm).ok());
        let Some(Object::Reference(id)) = entry else {
            self.warn(format!(
                "XObject /{} not found",
                String::from_utf8_lossy(nm)
            ));
            return;
        };
        let id = *id;
        let Ok(Object::Stream(stream)) = doc.get_object(id) else {
            self.warn(format!(
                "XObject /{} is not a stream",
                String::from_utf8_lossy(nm)
            ));
            return;
        };
        match stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|s| s.as_name().ok())
        {
            Some(b"Image") => {
                self.page.images += 1;
                self.note_image_resolution(st, stream);
            }
            Some(b"Form") => self.run_form(st, id, stream, depth),
            _ => {}
        }
    }

    /// Records the resolution of the image if it is the largest one so far
    /// and covers at least a quarter of the page:
    /// its pixel width over the width it is painted at (the image space's
    /// unit square goes through the CTM).
    fn note_image_resolution(&mut self, st: &RunState<'d>, stream: &Stream) {
        let px = |k: &[u8]| {
            stream
                .dict
                .get(k)
                .ok()
                .and_then(|o| o.as_i64().ok())
                .filter(|&v| v > 0)
        };
        let (Some(w), Some(h)) = (px(b"Width"), px(b"Height")) else {
            return;
        };
        let [a, b, c, d, _, _] = st.gs.ctm.0;
        let (wpt, hpt) = ((a * a + b * b).sqrt(), (c * c + d * d).sqrt());
        let area = wpt * hpt;
        if !(area.is_finite() && wpt >= 1.0 && hpt >= 1.0) || area <= self.largest_image {
            return;
        }
        // A logo or a signature stamp is not the scan of the page.
        if area < 0.25 * self.page.width * self.page.height {
            return;
        }
        self.largest_image = area;
        self.page.scan_dpi = Some((w as f32 / wpt + h as f32 / hpt) * 36.0);
    }

    fn run_form(&mut self, st: &mut RunState<'d>, id: ObjectId, stream: &'d Stream, depth: usize) {
        self.run_form_with(st.gs.clone(), st.resources, id, stream, depth);
    }

    fn run_form_with(
        &mut self,
        gs: GState,
        parent_resources: Option<&'d Dictionary>,
        id: ObjectId,
        stream: &'d Stream,
        depth: usize,
    ) {
        if depth + 1 > self.limits.max_form_depth {
            self.warn(format!(
                "form XObjects nested deeper than {}: skipped",
                self.limits.max_form_depth
            ));
            return;
        }
        if self.form_stack.contains(&id) {
            self.warn(format!(
                "form XObject {} {} R draws itself: cycle skipped",
                id.0, id.1
            ));
            return;
        }
        let content = match self.form_cache.get(&id) {
            Some(c) => c.clone(),
            None => {
                let out = self.budget.decode(self.doc, stream, MAX_STREAM_BYTES);
                if let Some(w) = out.problem {
                    self.warn(format!("form XObject {} {} R: {w}", id.0, id.1));
                }
                let rc = Rc::new(out.bytes);
                if self.form_cache_bytes + rc.len() <= FORM_CACHE_BYTES {
                    self.form_cache_bytes += rc.len();
                    self.form_cache.insert(id, rc.clone());
                }
                rc
            }
        };
        let doc = self.doc;
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| doc.dereference(m).ok())
            .and_then(|(_, m)| m.as_array().ok())
            .and_then(|a| {
                let v: Vec<f32> = a.iter().filter_map(|o| o.as_float().ok()).collect();
                <[f32; 6]>::try_from(v).ok()
            })
            .map(Mat)
            .filter(Mat::is_finite)
            .unwrap_or(Mat::IDENTITY);
        let resources = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| doc.dereference(r).ok())
            .and_then(|(_, r)| r.as_dict().ok())
            .or(parent_resources);
        let mut gs = gs;
        gs.ctm = matrix.mul(&gs.ctm);
        self.form_stack.push(id);
        self.run(&content, resources, gs, depth + 1);
        self.form_stack.pop();
    }
}

impl<'d> Interp<'d, '_> {
    /// Paints the appearances of the page's widget, free-text and stamp
    /// annotations that are shown (see [`annotation_shown`]) as if they were
    /// page content: the normal appearance (`/AP /N`, the state named by
    /// `/AS` when it is a dictionary of states) is placed by the algorithm
    /// of ISO 32000-1 §12.5.5 — its `/BBox` transformed by its `/Matrix`
    /// is mapped onto the annotation's `/Rect`. E-signed documents stamp
    /// the number and date in a signature widget this way.
    pub(crate) fn run_annotations(&mut self, page_dict: &'d Dictionary) {
        let doc = self.doc;
        let Some(annots) = page_dict
            .get(b"Annots")
            .ok()
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_array().ok())
        else {
            return;
        };
        for (k, a) in annots.iter().take(MAX_ANNOTS).enumerate() {
            if self.stop {
                break;
            }
            let Some(annot) = doc.dereference(a).ok().and_then(|(_, a)| a.as_dict().ok()) else {
                continue;
            };
            let kind = annot.get(b"Subtype").ok().and_then(|s| s.as_name().ok());
            if !matches!(kind, Some(b"Widget" | b"FreeText" | b"Stamp")) {
                continue;
            }
            let flags = annot
                .get(b"F")
                .ok()
                .and_then(|f| doc.dereference(f).ok())
                .and_then(|(_, f)| f.as_i64().ok())
                .unwrap_or(0);
            if !annotation_shown(flags) {
                continue;
            }
            let Some((id, stream)) = appearance(doc, annot, k) else {
                continue;
            };
            let Some(rect) = number_array::<4>(doc, annot.get(b"Rect").ok()) else {
                continue;
            };
            let bbox = number_array::<4>(doc, stream.dict.get(b"BBox").ok());
            let matrix = number_array::<6>(doc, stream.dict.get(b"Matrix").ok())
                .map(Mat)
                .filter(Mat::is_finite)
                .unwrap_or(Mat::IDENTITY);
            let Some(a) = bbox.and_then(|b| appearance_to_rect(b, matrix, rect)) else {
                continue;
            };
            self.run_form_with(GState::new(a), None, id, stream, 0);
        }
    }
}

/// Annotations looked at per page.
const MAX_ANNOTS: usize = 4096;

/// Whether an annotation with flags `f` (ISO 32000-1 §12.5.3) is part of
/// the page as a reader sees it, on screen or on paper: never when
/// `Hidden` (bit 2); when `NoView` (bit 6), only if it is printed
/// (`Print`, bit 3), as it then is on every paper copy.
pub(crate) fn annotation_shown(f: i64) -> bool {
    const HIDDEN: i64 = 1 << 1;
    const PRINT: i64 = 1 << 2;
    const NO_VIEW: i64 = 1 << 5;
    f & HIDDEN == 0 && (f & NO_VIEW == 0 || f & PRINT != 0)
}

/// The normal appearance stream of an annotation (an id to cache it by).
fn appearance<'d>(
    doc: &'d Document,
    annot: &'d Dictionary,
    index: usize,
) -> Option<(ObjectId, &'d Stream)> {
    let ap = doc
        .dereference(annot.get(b"AP").ok()?)
        .ok()?
        .1
        .as_dict()
        .ok()?;
    let n = ap.get(b"N").ok()?;
    let stream_of = |o: &'d Object, fallback: ObjectId| -> Option<(ObjectId, &'d Stream)> {
        match o {
            Object::Reference(id) => match doc.get_object(*id).ok()? {
                Object::Stream(s) => Some((*id, s)),
                _ => None,
            },
            Object::Stream(s) => Some((fallback, s)),
            _ => None,
        }
    };
    // Direct streams have no id: one per annotation, past any real id.
    let direct = (u32::MAX, u16::try_from(index).unwrap_or(u16::MAX));
    if let Some(found) = stream_of(n, direct) {
        return Some(found);
    }
    let states = doc.dereference(n).ok()?.1.as_dict().ok()?;
    let state = annot.get(b"AS").ok().and_then(|s| s.as_name().ok());
    let chosen = match state {
        Some(name) => states.get(name).ok()?,
        // No /AS: only an unambiguous single state is taken.
        None if states.len() == 1 => states.iter().next()?.1,
        None => return None,
    };
    stream_of(chosen, direct)
}

/// `N` numbers of an array (each possibly an indirect object), finite.
fn number_array<const N: usize>(doc: &Document, obj: Option<&Object>) -> Option<[f32; N]> {
    let arr = doc.dereference(obj?).ok()?.1.as_array().ok()?;
    if arr.len() != N {
        return None;
    }
    let mut v = [0f32; N];
    for (slot, o) in v.iter_mut().zip(arr) {
        let o = doc.dereference(o).ok()?.1;
        *slot = match o {
            Object::Integer(i) => *i as f32,
            Object::Real(r) => *r,
            _ => return None,
        };
        if !slot.is_finite() {
            return None;
        }
    }
    Some(v)
}

/// Matrix `A` of ISO 32000-1 §12.5.5: maps the appearance's bounding box,
/// once transformed by its `/Matrix`, onto the annotation's rectangle.
fn appearance_to_rect(bbox: [f32; 4], matrix: Mat, rect: [f32; 4]) -> Option<Mat> {
    let corners = [
        (bbox[0], bbox[1]),
        (bbox[2], bbox[1]),
        (bbox[2], bbox[3]),
        (bbox[0], bbox[3]),
    ];
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (x, y) in corners {
        let (x, y) = matrix.apply(x, y);
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let (rx0, ry0) = (rect[0].min(rect[2]), rect[1].min(rect[3]));
    let (rx1, ry1) = (rect[0].max(rect[2]), rect[1].max(rect[3]));
    let (bw, bh) = (x1 - x0, y1 - y0);
    let (rw, rh) = (rx1 - rx0, ry1 - ry0);
    if !(bw > 0.0 && bh > 0.0 && rw > 0.0 && rh > 0.0) {
        return None;
    }
    let (sx, sy) = (rw / bw, rh / bh);
    let a = Mat([sx, 0.0, 0.0, sy, rx0 - x0 * sx, ry0 - y0 * sy]);
    a.is_finite().then_some(a)
}

struct RunState<'d> {
    gs: GState,
    stack: Vec<GState>,
    tm: Mat,
    tlm: Mat,
    path: Path,
    resources: Option<&'d Dictionary>,
}

fn next_line(st: &mut RunState) {
    st.tlm = Mat::translate(0.0, -st.gs.leading).mul(&st.tlm);
    st.tm = st.tlm;
}

/// A filled subpath that is an axis-aligned rectangle with one side at most
/// [`RULE_THICKNESS`]: how Word and LibreOffice often draw borders.
fn thin_rect(pts: &[Pt]) -> Option<Rule> {
    let mut pts = pts;
    if pts.len() == 5 {
        let (a, b) = (pts[0], pts[4]);
        if (a.x - b.x).abs() < 0.01 && (a.y - b.y).abs() < 0.01 {
            pts = &pts[..4];
        }
    }
    if pts.len() != 4 || pts.iter().any(|p| p.curve) {
        return None;
    }
    for k in 0..4 {
        let (a, b) = (pts[k], pts[(k + 1) % 4]);
        if (a.x - b.x).abs() > 0.01 && (a.y - b.y).abs() > 0.01 {
            return None;
        }
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for p in pts {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    let (w, h) = (x1 - x0, y1 - y0);
    if !(w.is_finite() && h.is_finite()) || w.min(h) > RULE_THICKNESS || w.max(h) <= RULE_THICKNESS
    {
        return None;
    }
    Some(Rule { x0, y0, x1, y1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_num(b"-.5"), Some(-0.5));
        assert_eq!(parse_num(b"--3"), Some(3.0));
        assert_eq!(parse_num(b"12.25"), Some(12.25));
        assert_eq!(parse_num(b"1.2.3"), None);
        assert_eq!(parse_num(b"-"), None);
    }

    #[test]
    fn literal_strings() {
        let mut buf = Vec::new();
        let mut lx = Lexer {
            s: br"(a\(b\)c (nested) \101\n\
x)",
            pos: 0,
        };
        match lx.next(&mut buf) {
            Some(Tok::Opd(Opd::Str(s, e))) => {
                assert_eq!(&buf[s as usize..e as usize], b"a(b)c (nested) A\nx")
            }
            _ => panic!("no string"),
        }
    }
}
