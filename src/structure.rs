//! Structure stage: normalised paragraphs → the document's metadata, outline
//! (đề mục), legal bases (căn cứ) and targets (chỉ tiêu).
//!
//! It reads the paragraph sequence the way a clerk does: the header block
//! before `KẾ HOẠCH` (issuing bodies, number, place and date), the title after
//! it, numbered sections down to `a)`, and the signature block with `Nơi
//! nhận:` at the end. Pattern recognition itself is in [`crate::scan`]; this
//! module decides what the recognised pieces *are* from where they stand.

use crate::normalize::{Footnote, ParaKind, Paragraph, Text};
use crate::scan::date::{parse_place_date, parse_so_line, parse_so_line_at};
use crate::scan::legal::find_legal_refs;
use crate::scan::numbering::{parse_numbering, NumberingKind};
use crate::scan::signature::{
    doc_type_from_heading, looks_like_person_name, parse_signing, signer_title,
};
use crate::vn::{fold_key, is_upper_text};
use regex::Regex;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

/// Header metadata (thể thức văn bản, Nghị định 30/2020 Điều 8).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metadata {
    /// `Kế hoạch`, `Quyết định`, ...
    pub doc_type: String,
    /// Number and symbol as written (`04/KH-SGTVT`); empty when the number
    /// is blank (`Số:   /KH-STP`, filled in by hand after signing).
    pub number: String,
    /// The symbol (ký hiệu) after the number and its year (`KH-SGTVT`,
    /// `NĐ-CP`), also when the number is blank (`KH-STP`).
    pub number_symbol: String,
    /// Cơ quan chủ quản (`UBND TỈNH TUYÊN QUANG`), as written.
    pub parent_issuer: String,
    /// Cơ quan ban hành (`SỞ GIAO THÔNG VẬN TẢI`), as written.
    pub issuer: String,
    /// Địa danh (`Tuyên Quang`).
    pub place: String,
    /// ISO date, empty when any part is blank.
    pub date: String,
    /// The date as printed (`ngày   tháng 10 năm 2024`).
    pub date_text: String,
    /// Province (tỉnh), from the issuer or the place.
    pub province: String,
    /// Trích yếu: the subject lines after the type line, joined.
    pub title: String,
    /// `KT. GIÁM ĐỐC`, `TM. ỦY BAN NHÂN DÂN`, or empty.
    pub signer_authority: String,
    /// `PHÓ GIÁM ĐỐC`, as written.
    pub signer_title: String,
    pub signer_name: String,
    /// Nơi nhận, one entry per line.
    pub recipients: Vec<String>,
    /// Where the metadata came from: `header`, or `closing_sentence` /
    /// `appendix_caption` when the header block is missing.
    pub source: String,
    /// Where each filled field was read, keyed by its name (`number`, which
    /// also gave `number_symbol`; `date`, also `date_text`; `issuer`,
    /// `title`, `signer_name`, `recipients`, ...): the page and the box of
    /// the lines it came from. Derived fields (`province`) have none.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub provenance: BTreeMap<&'static str, FieldAt>,
}

/// Where a header field was read: its page, and the box of its lines on
/// that page (`[x0, top, x1, bottom]`, points from the top left of the page
/// as displayed); no box for a field read from a table row.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FieldAt {
    pub page: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
}

impl FieldAt {
    fn of(p: &Paragraph) -> FieldAt {
        FieldAt {
            page: p.page,
            bbox: p.bbox.map(tenths),
        }
    }
}

impl Metadata {
    /// Records that `field` was (re)read from paragraph `p` alone.
    fn set_at(&mut self, field: &'static str, p: &Paragraph) {
        self.provenance.remove(field);
        self.read_at(field, p);
    }

    /// Records that `field` was read from paragraph `p`; a field read from
    /// several lines gets the union of their boxes on its first page.
    fn read_at(&mut self, field: &'static str, p: &Paragraph) {
        let at = FieldAt::of(p);
        match self.provenance.get_mut(field) {
            Some(have) if have.page == at.page => {
                have.bbox = match (have.bbox, at.bbox) {
                    (Some(a), Some(b)) => Some([
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ]),
                    (a, b) => a.or(b),
                };
            }
            Some(_) => {}
            None => {
                self.provenance.insert(field, at);
            }
        }
    }
}

/// A heading of the outline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Path of numbers: `II.3.a`.
    pub section_id: String,
    /// 1 = top level.
    pub level: u32,
    /// The label as normalised (`II`, `2.1`, `a`).
    pub number: String,
    pub heading: String,
    pub page: u32,
    /// Index of the heading's paragraph in [`Text::paragraphs`].
    pub paragraph: usize,
    /// Indices of the paragraphs (body text, bullets) under this heading.
    pub paragraphs: Vec<usize>,
}

/// A citation of a legal or administrative document (căn cứ / viện dẫn).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegalRefRow {
    pub ref_type: String,
    pub ref_number: String,
    pub ref_date: String,
    pub ref_date_text: String,
    pub ref_issuer: String,
    pub subject: String,
    /// First page and section where it occurs.
    pub page: u32,
    /// The box of the paragraph it was read from on `page` (`[x0, top, x1,
    /// bottom]`, points from the top left); none for one in a footnote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    pub section_id: String,
    /// `body` or `footnote`.
    pub found_in: String,
}

/// A measurable target (chỉ tiêu) with where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetRow {
    pub section_id: String,
    pub indicator: String,
    pub value: f64,
    pub unit: String,
    /// `>`, `>=`, `=`, `<`, `<=`.
    pub comparator: String,
    /// Target year from the section headings or the title, if they give one.
    pub year: Option<u16>,
    pub page: u32,
    /// The box of the paragraph it was read from on `page` (as for
    /// [`LegalRefRow::bbox`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    /// The sentence as written.
    pub text: String,
}

/// A footnote with the place that references it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkedFootnote {
    pub label: String,
    pub text: String,
    pub page: u32,
    /// Paragraph that carries the marker, and its section.
    pub paragraph: Option<usize>,
    pub section_id: String,
}

/// Everything the structure stage reads from a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Structure {
    pub metadata: Metadata,
    pub sections: Vec<Section>,
    pub legal_refs: Vec<LegalRefRow>,
    pub footnotes: Vec<LinkedFootnote>,
    pub targets: Vec<TargetRow>,
    /// For each paragraph, the section it belongs to ("" before the first).
    #[serde(skip)]
    pub section_of: Vec<String>,
    pub warnings: Vec<String>,
}

fn is_motto(t: &str) -> bool {
    let k = fold_key(t);
    k.starts_with("cong hoa xa hoi chu nghia")
        || k.starts_with("doc lap")
        || k.contains("tu do - hanh phuc")
        || k.contains("tu do hanh phuc")
}

static TINH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?i:tỉnh|thành phố|tp\.)\s+(\p{Lu}[\p{L}\-]*(?:(?:\s+|\s*-\s*)\p{Lu}[\p{L}\-]*){0,3})",
    )
    .expect("tinh")
});
static TINH_UPPER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:TỈNH|THÀNH PHỐ)\s+([\p{Lu}\- ]+)$").expect("tinh upper"));
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Trên đây là (Kế hoạch|Quyết định|Chương trình|Phương án|Đề án)\s+(.*)$")
        .expect("closing")
});
static KEM_THEO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)kèm theo\s+(Kế hoạch|Quyết định)\s+số\s+([0-9]*\s*/[\p{L}0-9/&\-]+)(?:\s+ngày\s+([^)]*?))?\s+của\s+([^)]+)\)").expect("kem theo")
});

/// Capitalises each word of an upper-case proper name: `TUYÊN QUANG` → `Tuyên Quang`.
fn proper_name(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Heading text: the text after the label, cut at its first colon or
/// sentence end (a long numbered paragraph keeps its first clause), with the
/// closing punctuation dropped.
fn heading_text(rest: &str) -> String {
    let mut end = rest.len();
    if let Some(i) = rest.find(':') {
        // `9001:2015`, `10:30` are no separators.
        let next = rest[i + 1..].chars().next();
        if !next.is_some_and(|c| c.is_ascii_digit()) {
            end = i;
        }
    }
    if let Some(m) = HEADING_SENTENCE_END.find(&rest[..end]) {
        end = m.start() + m.as_str().find('.').unwrap_or(0);
    }
    rest[..end]
        .trim()
        .trim_end_matches(['.', ':', ';', ','])
        .trim()
        .to_string()
}

/// `. ` before a capital that starts a new sentence; not after a short
/// upper-case abbreviation (`VP. UBND`, `TP. Hồ Chí Minh`).
static HEADING_SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\p{Ll}|[)\]0-9%]|\p{Lu}{4,})\.\s+\p{Lu}").expect("heading sentence end")
});

/// Rank of a numbering kind: smaller is outer.
fn rank(kind: NumberingKind, depth: u8) -> Option<u32> {
    match kind {
        NumberingKind::Part => Some(0),
        NumberingKind::Roman => Some(1),
        NumberingKind::Decimal => Some(1 + depth as u32),
        NumberingKind::Letter => Some(10),
        NumberingKind::Parenthesized | NumberingKind::Bullet | NumberingKind::PlusBullet => None,
    }
}

/// Runs the structure stage.
pub fn analyse(text: &Text) -> Structure {
    let paras = &text.paragraphs;
    let mut s = Structure::default();
    let body: Vec<usize> = (0..paras.len())
        .filter(|&i| paras[i].kind == ParaKind::Body)
        .collect();
    // 1. Type line (KẾ HOẠCH) and the header block before it.
    let type_pos = body.iter().position(|&i| {
        let t = &paras[i].text;
        is_upper_text(t) && t.chars().count() <= 30 && doc_type_from_heading(t).is_some()
    });
    let mut m = Metadata::default();
    let mut body_start = 0;
    if let Some(tp) = type_pos {
        let ti = body[tp];
        m.doc_type = doc_type_from_heading(&paras[ti].text)
            .unwrap_or("")
            .to_string();
        m.read_at("doc_type", &paras[ti]);
        // A plan's subject follows its type line, not in the header.
        let _ = header_block(&body[..tp], paras, &mut m);
        // Title: the centred lines after the type line.
        let mut title = Vec::new();
        let mut k = tp + 1;
        while k < body.len() && title.len() < 3 {
            let p = &paras[body[k]];
            if parse_numbering(&p.text).is_some()
                || !(p.centered || p.bold)
                || fold_key(&p.text).starts_with("can cu")
            {
                break;
            }
            title.push(p.text.clone());
            m.read_at("title", p);
            k += 1;
        }
        m.title = title.join(" ");
        body_start = body.get(k).copied().unwrap_or(paras.len());
    } else if let Some(end) = letter_header_end(&body, paras) {
        // A công văn: no type line; the header runs to `Kính gửi`.
        let other = header_block(&body[..end], paras, &mut m);
        m.doc_type = crate::scan::signature::doc_type_from_abbr(
            m.number_symbol.split(['-', '/']).next().unwrap_or(""),
        )
        .unwrap_or("Công văn")
        .to_string();
        if let Some(at) = m.provenance.get("number").copied() {
            m.provenance.insert("doc_type", at);
        }
        // `V/v ...` and the lines that continue it (starting lower-case).
        if let Some(k) = other
            .iter()
            .position(|(_, t)| subject_of_letter(t).is_some())
        {
            let more = other[k + 1..]
                .iter()
                .take_while(|(_, t)| t.chars().next().is_some_and(char::is_lowercase));
            let lines: Vec<&(usize, String)> = std::iter::once(&other[k]).chain(more).collect();
            let mut title: Vec<String> = Vec::new();
            for (n, (i, t)) in lines.into_iter().enumerate() {
                title.push(if n == 0 {
                    subject_of_letter(t).unwrap_or_default()
                } else {
                    t.clone()
                });
                m.read_at("title", &paras[*i]);
            }
            m.title = title.join(" ");
        }
        body_start = body.get(end).copied().unwrap_or(paras.len());
    }
    // 2. Signature block and recipients (from the end).
    let tail_start = signature_block(paras, &body, &mut m);
    let body_end = tail_start.unwrap_or(paras.len());
    // A blank number under a symbol is the header's answer, not a gap.
    if m.issuer.is_empty() || m.number_symbol.is_empty() || m.title.is_empty() {
        fallback_metadata(paras, &mut m, &mut s.warnings);
    }
    if m.source.is_empty() {
        m.source = "header".into();
    }
    if m.province.is_empty() {
        m.province = province_of(&m);
    }
    if m.province.is_empty() {
        if let Some(p) = province_in_text(paras) {
            s.warnings.push(format!(
                "province not in the issuer or place: `{p}`, the province the text names most"
            ));
            m.province = p;
        }
    }
    s.metadata = m;
    // 3. Outline.
    outline(paras, body_start, body_end, &mut s);
    // 4. Legal references and footnotes.
    legal_refs(paras, &text.footnotes, &mut s);
    // 5. Targets.
    targets(paras, body_start, body_end, &mut s);
    s
}

static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.!?]\s+(?:\p{Lu}|[-+(])").expect("sentence end"));

/// Splits a paragraph into sentences (at `. ` before a capital).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in SENTENCE_END.find_iter(text) {
        let end = m.start() + 1;
        out.push(text[start..end].trim());
        start = m.end() - m.as_str().chars().last().map_or(0, char::len_utf8);
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

fn targets(paras: &[Paragraph], start: usize, end: usize, s: &mut Structure) {
    use crate::scan::target::{find_targets, target_year};
    let by_id: HashMap<&str, &Section> = s
        .sections
        .iter()
        .map(|x| (x.section_id.as_str(), x))
        .collect();
    let title_year = target_year(&s.metadata.title);
    let mut rows = Vec::new();
    for (i, p) in paras.iter().enumerate().take(end).skip(start) {
        if p.kind != ParaKind::Body || fold_key(&p.text).starts_with("can cu") {
            continue;
        }
        let section = s.section_of.get(i).cloned().unwrap_or_default();
        // Year: the innermost heading that names one, else the title.
        // Sections that report the present state (`ĐÁNH GIÁ HIỆN TRẠNG`,
        // `Tình hình thực hiện`) state results, not targets.
        let mut year = None;
        let mut id = section.as_str();
        let mut report = false;
        loop {
            if let Some(sec) = by_id.get(id) {
                let k = fold_key(&sec.heading);
                if [
                    "hien trang",
                    "tinh hinh thuc hien",
                    "ket qua thuc hien",
                    "ket qua dat duoc",
                ]
                .iter()
                .any(|w| k.contains(w))
                {
                    report = true;
                }
                if year.is_none() {
                    year = target_year(&sec.heading);
                }
            }
            match id.rfind('.') {
                Some(k) => id = &id[..k],
                None => break,
            }
        }
        if report {
            continue;
        }
        let year = year.or(title_year);
        // A heading's own text is not a target statement unless it has a value.
        for sentence in sentences(&p.text) {
            for t in find_targets(sentence) {
                rows.push(TargetRow {
                    section_id: section.clone(),
                    indicator: t.indicator,
                    value: t.value,
                    unit: t.unit,
                    comparator: t.comparator.as_str().to_string(),
                    year,
                    page: p.page,
                    bbox: p.bbox.map(tenths),
                    text: t.text,
                });
            }
        }
    }
    s.targets = rows;
}

/// How far a letter's header block (công văn: `Số: 644/TTXT-ĐTDN`, `V/v ...`,
/// `Kính gửi:`) runs, as a position in `body`; `None` when the document does
/// not open as a letter. Why: a công văn has no type line to end its header.
fn letter_header_end(body: &[usize], paras: &[Paragraph]) -> Option<usize> {
    const HEAD: usize = 15;
    let head = &body[..body.len().min(HEAD)];
    let key = |i: usize| fold_key(paras[i].text.trim());
    let so = head
        .iter()
        .position(|&i| parse_so_line(paras[i].text.trim()).is_some())?;
    if let Some(k) = head[so..]
        .iter()
        .position(|&i| key(i).starts_with("kinh gui"))
    {
        return Some(so + k);
    }
    // No `Kính gửi`: the subject line and the motto and date lines after it.
    let v = so
        + head[so..]
            .iter()
            .position(|&i| subject_of_letter(&paras[i].text).is_some())?;
    let mut end = v + 1;
    while end < head.len() && {
        let t = paras[head[end]].text.trim();
        is_motto(t) || parse_place_date(t).is_some()
    } {
        end += 1;
    }
    Some(end)
}

/// The subject of a letter from its `V/v báo cáo ...` line (về việc), first
/// letter capitalised like a plan's title; `None` for any other line.
fn subject_of_letter(t: &str) -> Option<String> {
    let t = t.trim();
    let rest = ["V/v", "v/v", "V/V"]
        .iter()
        .find_map(|p| t.strip_prefix(p))?
        .trim_start_matches([':', '.'])
        .trim();
    let mut cs = rest.chars();
    let first = cs.next()?;
    Some(first.to_uppercase().chain(cs).collect())
}

/// The national motto in an upper-case line that interleaved columns joined
/// with an issuing body (`BẢO HIỂM XÃ HỘI VIỆT NAM CỘNG HOÀ XÃ HỘI CHỦ NGHĨA
/// VIỆT NAM`): the line without it.
static MOTTO_IN_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"C[ỘO]NG\s+H(?:ÒA|OÀ|OA)\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM")
        .expect("motto in line")
});

/// `t` without a national motto that shares its line with an upper-case
/// body name, before or after it (only one side is kept: the first).
fn without_motto(t: &str) -> &str {
    match MOTTO_IN_LINE.find(t) {
        Some(x) => {
            let (a, b) = (t[..x.start()].trim(), t[x.end()..].trim());
            if a.is_empty() {
                b
            } else {
                a
            }
        }
        None => t,
    }
}

/// Reads the header block's lines into `m`; returns, in order, the lines
/// (or the ends of lines) that are neither body, motto, number nor date,
/// with their paragraph index: a letter's subject is among them.
fn header_block(idx: &[usize], paras: &[Paragraph], m: &mut Metadata) -> Vec<(usize, String)> {
    let mut bodies: Vec<(usize, String)> = Vec::new();
    let mut other: Vec<(usize, String)> = Vec::new();
    for &i in idx {
        let mut t = without_motto(paras[i].text.trim());
        if t.is_empty() || is_motto(t) {
            continue;
        }
        // Interleaved columns put the number, place-date and subject on one line.
        if let Some((n, end)) = parse_so_line_at(t) {
            m.number = n.full;
            m.number_symbol = n.symbol;
            m.set_at("number", &paras[i]);
            t = t[end..].trim();
        }
        if let Some(pd) = parse_place_date(t) {
            m.place = pd.place;
            m.date = pd.date.iso().unwrap_or_default();
            m.date_text = pd.date_text;
            if m.place.is_empty() {
                m.provenance.remove("place");
            } else {
                m.set_at("place", &paras[i]);
            }
            m.set_at("date", &paras[i]);
            t = t[pd.end..].trim();
        }
        t = without_motto(t);
        if t.is_empty() || is_motto(t) {
            continue;
        }
        if is_upper_text(t) && t.chars().count() <= 80 {
            bodies.push((i, t.to_string()));
        } else {
            other.push((i, t.to_string()));
        }
    }
    // `ỦY BAN NHÂN DÂN` / `TỈNH HẬU GIANG` are one body written over two lines.
    let mut merged: Vec<(Vec<usize>, String)> = Vec::new();
    for (i, b) in bodies {
        let k = fold_key(&b);
        let cont = merged.last().is_some_and(|(_, last)| {
            let lk = fold_key(last);
            (lk == "uy ban nhan dan" || lk.ends_with(" va") || lk.ends_with(","))
                && (k.starts_with("tinh ")
                    || k.starts_with("huyen ")
                    || k.starts_with("thanh pho ")
                    || lk.ends_with(" va")
                    || lk.ends_with(","))
        });
        if cont {
            if let Some((at, last)) = merged.last_mut() {
                last.push(' ');
                last.push_str(&b);
                at.push(i);
            }
        } else {
            merged.push((vec![i], b));
        }
    }
    let issuer = |field: &'static str, bodies: &[(Vec<usize>, String)], m: &mut Metadata| {
        for &i in bodies.iter().flat_map(|(at, _)| at) {
            m.read_at(field, &paras[i]);
        }
        bodies
            .iter()
            .map(|(_, b)| b.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    match merged.len() {
        0 => {}
        1 => m.issuer = issuer("issuer", &merged, m),
        _ => {
            m.parent_issuer = issuer("parent_issuer", &merged[..1], m);
            m.issuer = issuer("issuer", &merged[1..], m);
        }
    }
    other
}

/// A `Nơi nhận` line without its dash and closing punctuation.
fn clean_recipient(t: &str) -> String {
    t.trim()
        .trim_start_matches(['-', '+', '•', ' '])
        .trim_end_matches([';', ',', '.', ' '])
        .trim()
        .to_string()
}

/// Finds `Nơi nhận:` and the signature block; returns the paragraph index
/// where the closing part starts.
fn signature_block(paras: &[Paragraph], body: &[usize], m: &mut Metadata) -> Option<usize> {
    let noi_nhan = body
        .iter()
        .rposition(|&i| fold_key(&paras[i].text).starts_with("noi nhan"))?;
    let start = body[noi_nhan];
    let mut k = noi_nhan + 1;
    // The list (its first item may sit on the Nơi nhận line).
    if let Some((_, rest)) = paras[start].text.split_once(':') {
        let r = clean_recipient(rest);
        if !r.is_empty() {
            m.recipients.push(r);
            m.read_at("recipients", &paras[start]);
        }
    }
    // Recipients (`- ...` lines) and the signature lines, which may
    // interleave when the two columns are read line by line. The closing part
    // ends at an appendix (`PHỤ LỤC`, a new type line) or after a few lines
    // that are neither.
    let mut tail: Vec<usize> = Vec::new();
    while k < body.len() {
        let i = body[k];
        let t = paras[i].text.trim();
        if t.starts_with('-') || t.starts_with('+') || t.starts_with('•') {
            let r = clean_recipient(t);
            if !r.is_empty() {
                m.recipients.push(r);
                m.read_at("recipients", &paras[i]);
            }
        } else {
            let key = fold_key(t);
            if key.starts_with("phu luc")
                || (is_upper_text(t) && doc_type_from_heading(t).is_some())
                || tail.len() >= 6
            {
                break;
            }
            tail.push(i);
        }
        k += 1;
    }
    // Signature lines may also sit just before `Nơi nhận` (read column-wise).
    let before: Vec<usize> = body[..noi_nhan]
        .iter()
        .rev()
        .take(4)
        .rev()
        .copied()
        .collect();
    for &i in before.iter().chain(tail.iter()) {
        let t = paras[i].text.trim();
        if let Some(sg) = parse_signing(t) {
            // `TM. ỦY BAN NHÂN DÂN` / `KT. CHỦ TỊCH`: both lines, in order.
            let a = format!("{} {}", sg.prefix.as_str(), sg.authority);
            if m.signer_authority.is_empty() {
                m.signer_authority = a;
                m.read_at("signer_authority", &paras[i]);
            } else if !m.signer_authority.contains(&a) {
                m.signer_authority = format!("{} {a}", m.signer_authority);
                m.read_at("signer_authority", &paras[i]);
            }
        } else if is_upper_text(t) && signer_title(t).is_some() && m.signer_title.is_empty() {
            m.signer_title = t.to_string();
            m.read_at("signer_title", &paras[i]);
        } else if looks_like_person_name(t) {
            m.signer_name = t.to_string();
            m.set_at("signer_name", &paras[i]);
        }
    }
    if m.signer_title.is_empty() && !m.signer_authority.is_empty() {
        // `TM. ỦY BAN NHÂN DÂN` / `CHỦ TỊCH`: the title may be absent.
    }
    // Signature lines before Nơi nhận start the closing part.
    let first_sig = before.iter().copied().find(|&i| {
        let t = paras[i].text.trim();
        parse_signing(t).is_some() || (is_upper_text(t) && signer_title(t).is_some())
    });
    Some(first_sig.map_or(start, |f| f.min(start)))
}

/// Fills what the header block did not give from the closing sentence
/// (`Trên đây là Kế hoạch ... của Sở ...`) and appendix captions.
fn fallback_metadata(paras: &[Paragraph], m: &mut Metadata, warnings: &mut Vec<String>) {
    let mut used = Vec::new();
    if m.issuer.is_empty() || m.title.is_empty() {
        if let Some((p, c)) = paras
            .iter()
            .rev()
            .find_map(|p| Some((p, CLOSING.captures(&p.text)?)))
        {
            let kind = c.get(1).map_or("", |g| g.as_str());
            let rest = c.get(2).map_or("", |g| g.as_str());
            let (title, issuer) = read_closing_sentence(rest);
            let mut took = false;
            if m.issuer.is_empty() && !issuer.is_empty() {
                m.issuer = issuer;
                m.read_at("issuer", p);
                took = true;
            }
            if m.title.is_empty() && !title.is_empty() {
                m.title = title;
                m.read_at("title", p);
                took = true;
            }
            if m.doc_type.is_empty() {
                m.doc_type = kind.to_string();
                m.read_at("doc_type", p);
            }
            if took {
                used.push("closing_sentence");
            }
        }
    }
    for p in paras {
        if let Some(c) = KEM_THEO.captures(&p.text) {
            if m.number_symbol.is_empty() {
                let written: String = c
                    .get(2)
                    .map_or("", |g| g.as_str())
                    .split_whitespace()
                    .collect();
                if let Some(n) = crate::scan::date::parse_doc_number(&written) {
                    m.number = n.full;
                    m.number_symbol = n.symbol;
                    m.read_at("number", p);
                    used.push("appendix_caption");
                } else if !written.is_empty() {
                    // An odd shape is kept as written.
                    m.number = written;
                    m.read_at("number", p);
                    used.push("appendix_caption");
                }
            }
            if m.date.is_empty() {
                if let Some(d) = c
                    .get(3)
                    .and_then(|g| crate::scan::date::parse_date(g.as_str()))
                {
                    m.date = d.iso().unwrap_or_default();
                    m.date_text = c.get(3).map_or("", |g| g.as_str()).to_string();
                    m.read_at("date", p);
                }
            }
            if m.issuer.is_empty() {
                m.issuer = c.get(4).map_or("", |g| g.as_str()).trim().to_string();
                if !m.issuer.is_empty() {
                    m.read_at("issuer", p);
                }
                used.push("appendix_caption");
            }
            break;
        }
    }
    if !used.is_empty() {
        used.dedup();
        m.source = used.join("+");
        warnings.push(format!(
            "header block missing or incomplete: metadata taken from the {}",
            used.join(" and ").replace('_', " ")
        ));
    } else if m.issuer.is_empty() {
        warnings.push("header block missing: issuing body not found".to_string());
    }
}

/// The subject and the issuing body of a closing sentence, from the words
/// after `Trên đây là Kế hoạch`: `xây dựng ... của Sở Giao thông vận tải tỉnh
/// Hậu Giang năm 2024./.` → (`Xây dựng ... năm 2024`, `Sở Giao thông vận tải
/// tỉnh Hậu Giang`).
fn read_closing_sentence(rest: &str) -> (String, String) {
    // The sentence's first clause: up to `./.`, `. `, `;` or `, đề nghị ...`.
    let mut end = rest.len();
    for stop in ["./.", ". ", ";", ", "] {
        if let Some(i) = rest.find(stop) {
            end = end.min(i);
        }
    }
    let clause = rest[..end].trim().trim_end_matches(['.', '/', ' ']);
    let mut issuer = String::new();
    // The last `của` followed by a capitalised word names the issuing body.
    let mut search = clause;
    while let Some(pos) = search.rfind(" của ") {
        let after = &search[pos + " của ".len()..];
        if after.chars().next().is_some_and(char::is_uppercase) {
            let stop = [
                " năm ",
                " giai đoạn ",
                " đến ",
                " trong ",
                " về ",
                " để ",
                " nhằm ",
                " trên địa bàn ",
            ]
            .iter()
            .filter_map(|w| after.find(w))
            .min()
            .unwrap_or(after.len());
            issuer = after[..stop].trim().to_string();
            break;
        }
        search = &search[..pos];
    }
    let mut title = String::new();
    let mut cs = clause.chars();
    if let Some(f) = cs.next() {
        title = f.to_uppercase().chain(cs).collect();
    }
    (title, issuer)
}

/// The province most often named in the text (`tỉnh Đắk Nông`), when it is
/// named at least twice.
fn province_in_text(paras: &[Paragraph]) -> Option<String> {
    let mut counts: Vec<(String, String, usize)> = Vec::new();
    for p in paras {
        for c in TINH.captures_iter(&p.text) {
            let mut name = c.get(1).map_or("", |g| g.as_str()).trim().to_string();
            if is_upper_text(&name) {
                name = proper_name(&name);
            }
            let key = fold_key(&name);
            match counts.iter_mut().find(|(k, _, _)| *k == key) {
                Some(e) => e.2 += 1,
                None => counts.push((key, name, 1)),
            }
        }
    }
    // Ties go to the first named.
    let best = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, _, n))| (*n, std::cmp::Reverse(*i)))?
        .1;
    (best.2 >= 2).then(|| best.1.clone())
}

fn province_of(m: &Metadata) -> String {
    for s in [&m.issuer, &m.parent_issuer] {
        if let Some(c) = TINH_UPPER.captures(s.trim()) {
            return proper_name(c.get(1).map_or("", |g| g.as_str()));
        }
        if let Some(c) = TINH.captures(s) {
            return c.get(1).map_or("", |g| g.as_str()).to_string();
        }
    }
    m.place.clone()
}

fn outline(paras: &[Paragraph], start: usize, end: usize, s: &mut Structure) {
    s.section_of = vec![String::new(); paras.len()];
    // Stack of (rank, section index, decimal label).
    let mut stack: Vec<(u32, usize)> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    // Last value seen per parent, to warn about out-of-order numbers.
    let mut last_value: HashMap<(String, u32), (u32, String)> = HashMap::new();
    for (i, p) in paras.iter().enumerate().take(end).skip(start) {
        if p.kind != ParaKind::Body {
            if let Some(&(_, si)) = stack.last() {
                s.sections[si].paragraphs.push(i);
                s.section_of[i] = s.sections[si].section_id.clone();
            }
            continue;
        }
        let num = parse_numbering(&p.text);
        let r = num.as_ref().and_then(|n| rank(n.kind, n.depth));
        let (Some(n), Some(r)) = (num, r) else {
            if let Some(&(_, si)) = stack.last() {
                s.sections[si].paragraphs.push(i);
                s.section_of[i] = s.sections[si].section_id.clone();
            }
            continue;
        };
        // A decimal label whose parent is not open (e.g. `2.1` directly under
        // `I`) still nests by rank.
        while stack.last().is_some_and(|&(rr, _)| rr >= r) {
            stack.pop();
        }
        let parent_id = stack
            .last()
            .map(|&(_, si)| s.sections[si].section_id.clone())
            .unwrap_or_default();
        let component = match n.kind {
            NumberingKind::Decimal => n.label.rsplit('.').next().unwrap_or(&n.label).to_string(),
            _ => n.label.clone(),
        };
        let mut id = if parent_id.is_empty() {
            component
        } else {
            format!("{parent_id}.{component}")
        };
        if let Some(c) = ids.get_mut(&id) {
            *c += 1;
            id = format!("{id}~{c}");
        } else {
            ids.insert(id.clone(), 1);
        }
        if let Some(v) = n.value {
            let key = (parent_id.clone(), r);
            if let Some((prev, prev_label)) = last_value.get(&key) {
                // Letter lists are written both in the Vietnamese alphabet
                // (`d)`, `đ)`, `e)`) and in the Latin one (`d)`, `e)`).
                let skips_dd = n.kind == NumberingKind::Letter && *prev == 4 && v == 6;
                if v != prev + 1 && !skips_dd {
                    s.warnings.push(format!(
                        "section numbers out of order: {} after {} (page {})",
                        n.label, prev_label, p.page
                    ));
                }
            }
            last_value.insert(key, (v, n.label.clone()));
        }
        let level = stack.len() as u32 + 1;
        s.sections.push(Section {
            section_id: id.clone(),
            level,
            number: n.label.clone(),
            heading: heading_text(n.rest),
            page: p.page,
            paragraph: i,
            paragraphs: Vec::new(),
        });
        s.section_of[i] = id;
        stack.push((r, s.sections.len() - 1));
    }
}

/// A box in points rounded to tenths (what the document JSON records).
fn tenths(b: [f32; 4]) -> [f32; 4] {
    b.map(|v| (v * 10.0).round() / 10.0)
}

fn legal_refs(paras: &[Paragraph], footnotes: &[Footnote], s: &mut Structure) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut add = |r: crate::scan::legal::LegalRef,
                   page: u32,
                   bbox: Option<[f32; 4]>,
                   section: &str,
                   found_in: &str,
                   s: &mut Structure| {
        let key = r.dedup_key();
        if let Some(&k) = seen.get(&key) {
            // Fill fields a first, shorter mention lacked.
            let row: &mut LegalRefRow = &mut s.legal_refs[k];
            if row.ref_date.is_empty() && row.ref_date_text.is_empty() && !r.date_text.is_empty() {
                row.ref_date = r.date.iso().unwrap_or_default();
                row.ref_date_text = r.date_text;
            }
            if row.ref_issuer.is_empty() && !r.issuer.is_empty() {
                row.ref_issuer = r.issuer;
            }
            if row.subject.is_empty() && !r.subject.is_empty() {
                row.subject = r.subject;
            }
            return;
        }
        seen.insert(key, s.legal_refs.len());
        s.legal_refs.push(LegalRefRow {
            ref_type: r.ref_type,
            ref_number: r.number,
            ref_date: r.date.iso().unwrap_or_default(),
            ref_date_text: r.date_text,
            ref_issuer: r.issuer,
            subject: r.subject,
            page,
            bbox: bbox.map(tenths),
            section_id: section.to_string(),
            found_in: found_in.to_string(),
        });
    };
    let header_end = paras
        .iter()
        .position(|p| is_upper_text(&p.text) && doc_type_from_heading(&p.text).is_some())
        .unwrap_or(0);
    for (i, p) in paras.iter().enumerate() {
        if i < header_end {
            continue;
        }
        let section = s.section_of.get(i).cloned().unwrap_or_default();
        for r in find_legal_refs(&p.text) {
            add(r, p.page, p.bbox, &section, "body", s);
        }
    }
    for f in footnotes {
        // Link the footnote to the paragraph carrying its marker.
        let marker = if f.label.starts_with('(') {
            f.label.clone()
        } else {
            format!("({})", f.label)
        };
        let para = if f.label.is_empty() {
            None
        } else {
            paras
                .iter()
                .enumerate()
                .filter(|(_, p)| p.page <= f.page)
                .rev()
                .find(|(_, p)| p.text.contains(&marker))
                .map(|(i, _)| i)
        };
        let section = para
            .and_then(|i| s.section_of.get(i).cloned())
            .unwrap_or_default();
        for r in find_legal_refs(&f.text) {
            add(r, f.page, None, &section, "footnote", s);
        }
        s.footnotes.push(LinkedFootnote {
            label: f.label.clone(),
            text: f.text.clone(),
            page: f.page,
            paragraph: para,
            section_id: section,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text from lines: `#` bold heading, `^` centred bold, `~` centred.
    fn text(lines: &[&str]) -> Text {
        let paragraphs = lines
            .iter()
            .map(|l| {
                let (bold, centered, t) = match l.chars().next() {
                    Some('#') => (true, false, &l[1..]),
                    Some('^') => (true, true, &l[1..]),
                    Some('~') => (false, true, &l[1..]),
                    _ => (false, false, *l),
                };
                Paragraph {
                    text: t.to_string(),
                    kind: ParaKind::Body,
                    page: 1,
                    page_end: 1,
                    x0: 0.0,
                    top: 0.0,
                    size: 13.0,
                    bold,
                    italic: false,
                    centered,
                    bbox: None,
                }
            })
            .collect();
        Text {
            paragraphs,
            footnotes: Vec::new(),
            removed: Vec::new(),
        }
    }

    /// A công văn has no type line: its header runs to `Kính gửi` and its
    /// subject is the `V/v` line (the lines of real-dev d05).
    #[test]
    fn letter_header_with_letter_spaced_number_and_date() {
        let s = analyse(&text(&[
            "UBND TỈNH LÂM ĐỒNG",
            "TRUNG TÂM XÚC TIẾN ĐẦU TƯ THƯƠNG MẠI VÀ DU LỊCH",
            "Số: 6 4 4 /TTXT-ĐTDN",
            "V/v báo cáo tình hình cải thiện môi trường đầu tư",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Lâm Đồng, ngày 0 6 tháng 11 năm 2025",
            "Kính gửi:",
            "- Ủy ban nhân dân tỉnh;",
            "Trung tâm báo cáo như sau.",
        ]));
        let m = &s.metadata;
        assert_eq!(m.doc_type, "Công văn");
        assert_eq!(m.number, "644/TTXT-ĐTDN");
        assert_eq!(m.number_symbol, "TTXT-ĐTDN");
        assert_eq!(m.parent_issuer, "UBND TỈNH LÂM ĐỒNG");
        assert_eq!(m.issuer, "TRUNG TÂM XÚC TIẾN ĐẦU TƯ THƯƠNG MẠI VÀ DU LỊCH");
        assert_eq!(m.place, "Lâm Đồng");
        assert_eq!(m.date, "2025-11-06");
        assert_eq!(m.date_text, "ngày 0 6 tháng 11 năm 2025");
        assert_eq!(m.title, "Báo cáo tình hình cải thiện môi trường đầu tư");
        assert_eq!(m.source, "header");
    }

    /// Interleaved columns join body and motto, and number, date and subject
    /// (the lines of real-dev d13).
    #[test]
    fn letter_header_on_joined_lines() {
        let s = analyse(&text(&[
            "BẢO HIỂM XÃ HỘI VIỆT NAM CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 1 2 4 5 /BHXH-CNTT Hà Nội, ngày 0 3 tháng 0 5 năm 2024 V/v triển khai kiểm thử",
            "theo định dạng XML",
            "Kính gửi:",
            "- Bảo hiểm xã hội các tỉnh;",
        ]));
        let m = &s.metadata;
        assert_eq!(m.doc_type, "Công văn");
        assert_eq!(m.issuer, "BẢO HIỂM XÃ HỘI VIỆT NAM");
        assert_eq!(m.number, "1245/BHXH-CNTT");
        assert_eq!(m.place, "Hà Nội");
        assert_eq!(m.date, "2024-05-03");
        assert_eq!(m.title, "Triển khai kiểm thử theo định dạng XML");
    }

    /// A draft whose number is filled in by hand: empty number, the symbol
    /// kept, and the header (not an appendix caption) is the source.
    #[test]
    fn blank_number_keeps_symbol() {
        let s = analyse(&text(&[
            "ỦY BAN NHÂN DÂN",
            "TỈNH BẮC NINH",
            "Số:    /KH-UBND",
            "Bắc Ninh, ngày    tháng 3 năm 2023",
            "^KẾ HOẠCH",
            "^Chuyển đổi số",
            "#I. MỤC TIÊU",
            "(Kèm theo Kế hoạch số    /KH-UBND ngày    tháng 3 năm 2023 của UBND tỉnh)",
        ]));
        let m = &s.metadata;
        assert_eq!(m.number, "");
        assert_eq!(m.number_symbol, "KH-UBND");
        assert_eq!(m.doc_type, "Kế hoạch");
        assert_eq!(m.source, "header");
    }

    #[test]
    fn interleaved_header_and_collective_signature() {
        let s = analyse(&text(&[
            "ỦY BAN NHÂN DÂN",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "TỈNH BẮC NINH",
            "Độc lập – Tự do – Hạnh phúc",
            "Số: 123/KH-UBND",
            "Bắc Ninh, ngày 05 tháng 3 năm 2023",
            "^KẾ HOẠCH",
            "^Chuyển đổi số tỉnh Bắc Ninh",
            "^năm 2023",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
            "#Phần I. MỤC TIÊU",
            "#1. Mục tiêu chung",
            "Phấn đấu 90% hồ sơ được xử lý trực tuyến tại cấp tỉnh; 80% tại cấp huyện và 60% tại cấp xã.",
            "#Phần II. NHIỆM VỤ",
            "#1. Hạ tầng số",
            "a) Nâng cấp mạng.",
            "Nơi nhận:",
            "- Bộ TT&TT;",
            "- Lưu: VT.",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "Nguyễn Văn An",
        ]));
        let m = &s.metadata;
        assert_eq!(m.parent_issuer, "");
        assert_eq!(m.issuer, "ỦY BAN NHÂN DÂN TỈNH BẮC NINH");
        assert_eq!(m.number, "123/KH-UBND");
        assert_eq!(m.date, "2023-03-05");
        assert_eq!(m.place, "Bắc Ninh");
        assert_eq!(m.province, "Bắc Ninh");
        assert_eq!(m.title, "Chuyển đổi số tỉnh Bắc Ninh năm 2023");
        assert_eq!(m.signer_authority, "TM. ỦY BAN NHÂN DÂN");
        assert_eq!(m.signer_title, "CHỦ TỊCH");
        assert_eq!(m.signer_name, "Nguyễn Văn An");
        assert_eq!(m.recipients, ["Bộ TT&TT", "Lưu: VT"]);
        let ids: Vec<(&str, u32, &str)> = s
            .sections
            .iter()
            .map(|x| (x.section_id.as_str(), x.level, x.heading.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("I", 1, "MỤC TIÊU"),
                ("I.1", 2, "Mục tiêu chung"),
                ("II", 1, "NHIỆM VỤ"),
                ("II.1", 2, "Hạ tầng số"),
                ("II.1.a", 3, "Nâng cấp mạng"),
            ]
        );
        let t: Vec<(f64, &str)> = s
            .targets
            .iter()
            .map(|t| (t.value, t.comparator.as_str()))
            .collect();
        assert_eq!(t, [(90.0, "="), (80.0, "="), (60.0, "=")]);
        assert!(s.targets.iter().all(|t| t.year == Some(2023)));
    }

    /// `a) ... e)` without `đ)` is in order; a skipped letter is not.
    #[test]
    fn letter_lists_with_or_without_dd_are_in_order() {
        let warned = |lines: &[&str]| {
            analyse(&text(lines))
                .warnings
                .iter()
                .any(|w| w.contains("out of order"))
        };
        let mut lines = vec!["#I. MỤC TIÊU", "1. Chỉ tiêu"];
        lines.extend(["a) Một;", "b) Hai;", "c) Ba;", "d) Bốn;", "e) Năm."]);
        assert!(!warned(&lines));
        lines[6] = "đ) Năm;";
        lines.push("e) Sáu.");
        assert!(!warned(&lines));
        let skipped = ["#I. MỤC TIÊU", "1. Chỉ tiêu", "a) Một;", "c) Ba."];
        assert!(warned(&skipped));
    }

    #[test]
    fn no_header_no_type_line_uses_closing_sentence_and_caption() {
        let s = analyse(&text(&[
            "#Phần I",
            "#MỤC TIÊU",
            "1. Tỷ lệ hồ sơ đạt trên 50%.",
            "Trên đây là Kế hoạch ứng dụng công nghệ thông tin năm 2021 của Sở Tài chính tỉnh Cà Mau./.",
            "Nơi nhận:",
            "- Như trên;",
            "GIÁM ĐỐC",
            "Lê Văn Bình",
            "^PHỤ LỤC",
            "~(Kèm theo Kế hoạch số 12/KH-STC ngày 10/02/2021 của Sở Tài chính tỉnh Cà Mau)",
        ]));
        let m = &s.metadata;
        assert_eq!(m.doc_type, "Kế hoạch");
        assert_eq!(m.issuer, "Sở Tài chính tỉnh Cà Mau");
        assert_eq!(
            m.title,
            "Ứng dụng công nghệ thông tin năm 2021 của Sở Tài chính tỉnh Cà Mau"
        );
        assert_eq!(m.number, "12/KH-STC");
        assert_eq!(m.date, "2021-02-10");
        assert_eq!(m.province, "Cà Mau");
        assert_eq!(m.signer_title, "GIÁM ĐỐC");
        assert_eq!(m.signer_name, "Lê Văn Bình");
        assert_eq!(m.recipients, ["Như trên"]);
        assert!(!s.warnings.is_empty());
    }

    #[test]
    fn two_line_parent_nested_authority_interleaved_closing() {
        let s = analyse(&text(&[
            "ỦY BAN NHÂN DÂN",
            "TỈNH HẬU GIANG",
            "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            "Số: 07/KH-STTTT",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Vị Thanh, ngày 14/01/2022",
            "^KẾ HOẠCH",
            "^Phát triển hạ tầng số",
            "#I. MỤC TIÊU",
            "#II. NHIỆM VỤ",
            "Nơi nhận:",
            "TM. ỦY BAN NHÂN DÂN",
            "- UBND tỉnh;",
            "KT. CHỦ TỊCH",
            "- Lưu: VT.",
            "PHÓ CHỦ TỊCH",
            "Trần Thị Mai",
        ]));
        let m = &s.metadata;
        assert_eq!(m.parent_issuer, "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG");
        assert_eq!(m.issuer, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
        assert_eq!(m.place, "Vị Thanh");
        assert_eq!(m.date, "2022-01-14");
        assert_eq!(m.province, "Hậu Giang");
        assert_eq!(m.signer_authority, "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH");
        assert_eq!(m.signer_title, "PHÓ CHỦ TỊCH");
        assert_eq!(m.signer_name, "Trần Thị Mai");
        assert_eq!(m.recipients, ["UBND tỉnh", "Lưu: VT"]);
        assert_eq!(s.sections.len(), 2);
    }

    #[test]
    fn heading_text_rules() {
        assert_eq!(
            heading_text("Nguồn nhân lực: Số lượng: 01 người."),
            "Nguồn nhân lực"
        );
        assert_eq!(
            heading_text("Các phòng, ban trực thuộc Sở."),
            "Các phòng, ban trực thuộc Sở"
        );
        assert_eq!(
            heading_text("Phát huy vai trò. Mỗi công chức phải gương mẫu."),
            "Phát huy vai trò"
        );
        assert_eq!(
            heading_text("Theo tiêu chuẩn ISO 9001:2015 tại VP. UBND tỉnh"),
            "Theo tiêu chuẩn ISO 9001:2015 tại VP. UBND tỉnh"
        );
    }
}
