//! Citations of other documents (căn cứ pháp lý, văn bản được viện dẫn):
//! `Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ về việc …`.
//!
//! A citation is anchored on its number and symbol (`749/QĐ-TTg`), which is the
//! most reliable part; the type word before it (`Quyết định`, OCR `Quvết định`),
//! the date, issuer and subject after it are read outward from there. Laws are
//! usually cited by name and date only (`Luật An toàn thông tin mạng 19/11/2015`)
//! and are found separately.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::date::{find_dates, parse_doc_number_text, PartialDate, DOC_NUMBER};
use crate::vn::{edit_distance, fold_key, starts_upper};

/// One cited document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegalRef {
    /// Canonical type (`Quyết định`, `Nghị quyết`, `Luật` …), even when the text
    /// has a typo (`Quvết định`).
    pub ref_type: String,
    /// Number and symbol (`749/QĐ-TTg`); a space written for the hyphen is
    /// repaired (`19/2018/QĐ-UBND`). Empty for a law cited by name.
    pub number: String,
    /// Date of issue, possibly partial.
    pub date: PartialDate,
    /// The date as written (`03/6/2020`, `ngày 14 tháng 10 năm 2024`), or empty.
    pub date_text: String,
    /// Issuing body after `của` (`Thủ tướng Chính phủ`, `UBND tỉnh Hậu Giang`), or empty.
    pub issuer: String,
    /// What the document is about (rest of the clause, `về việc` dropped), or the
    /// law's name for a law (`Luật Công nghệ thông tin`).
    pub subject: String,
    /// Byte span in the paragraph, from the type word to the end of the subject.
    pub span: Range<usize>,
}

impl LegalRef {
    /// Key to recognise the same citation repeated in a document: type plus
    /// folded number, or type plus folded name for a law cited without number.
    pub fn dedup_key(&self) -> String {
        let t = fold_key(&self.ref_type);
        if self.number.is_empty() {
            format!("{t}|{}", fold_key(&self.subject))
        } else {
            let n: String = fold_key(&self.number)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            format!("{t}|{n}")
        }
    }
}

/// Canonical types that may precede a number, longest first.
const REF_TYPES: &[&str] = &[
    "Thông tư liên tịch",
    "Quyết định",
    "Nghị định",
    "Nghị quyết",
    "Kế hoạch",
    "Thông tư",
    "Chỉ thị",
    "Công văn",
    "Văn bản",
    "Thông báo",
    "Bộ luật",
    "Luật",
    "Chương trình",
    "Hướng dẫn",
    "Quy định",
    "Đề án",
    "Quy chế",
    "Kết luận",
    "Báo cáo",
    "Công điện",
    "Tờ trình",
    "Pháp lệnh",
    "Thông cáo",
    "Phương án",
];

static TYPE_KEYS: LazyLock<Vec<(String, &'static str, usize)>> = LazyLock::new(|| {
    REF_TYPES
        .iter()
        .map(|t| (fold_key(t), *t, t.split_whitespace().count()))
        .collect()
});

static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(DOC_NUMBER).expect("number regex"));

// The name's length (2 to 100 after its capital) is checked in code by
// [`law_captures`]: a counted repetition of a Unicode class is compiled into
// that many copies of its automaton (see `PLACE_DATE_RE` in `scan::date`).
static LAW_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<t>Bộ luật|Luật)\s+(?P<name>\p{Lu}[^;,.()\d:]{2,}?)\s*,?\s*(?:(?i:ngày)\s*)?(?P<date>\d{1,2}/\d{1,2}/\d{4}|(?i:tháng)\s*\d{1,2}\s*(?i:năm)\s*\d{4})")
        .expect("law regex")
});

/// Most characters a law's name may have after its capital.
const LAW_NAME_MAX: usize = 100;

/// The matches of [`LAW_RE`] in `s` whose name is at most
/// [`LAW_NAME_MAX`] characters after its capital, in order and not
/// overlapping: what `[^…]{2,100}?` in the pattern would give. A match whose
/// shortest name is longer is no match at that place; the search goes on
/// from the next character.
fn law_captures(s: &str) -> Vec<regex::Captures<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = LAW_RE.captures_at(s, at) {
        let (Some(all), Some(name)) = (c.get(0), c.name("name")) else {
            break;
        };
        if name.as_str().chars().count() > LAW_NAME_MAX + 1 {
            at = all.start() + s[all.start()..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        at = all.end().max(all.start() + 1);
        out.push(c);
    }
    out
}

/// Provinces (tỉnh, thành phố trực thuộc trung ương), folded; used to end an
/// issuer such as `UBND tỉnh Hậu Giang` before a capitalised subject.
const PROVINCES: &[&str] = &[
    "an giang",
    "ba ria - vung tau",
    "ba ria vung tau",
    "bac lieu",
    "bac giang",
    "bac kan",
    "bac ninh",
    "ben tre",
    "binh duong",
    "binh dinh",
    "binh phuoc",
    "binh thuan",
    "ca mau",
    "cao bang",
    "can tho",
    "da nang",
    "dak lak",
    "dak nong",
    "dien bien",
    "dong nai",
    "dong thap",
    "gia lai",
    "ha giang",
    "ha nam",
    "ha noi",
    "ha tinh",
    "hai duong",
    "hai phong",
    "hau giang",
    "hoa binh",
    "ho chi minh",
    "hung yen",
    "khanh hoa",
    "kien giang",
    "kon tum",
    "lai chau",
    "lam dong",
    "lang son",
    "lao cai",
    "long an",
    "nam dinh",
    "nghe an",
    "ninh binh",
    "ninh thuan",
    "phu tho",
    "phu yen",
    "quang binh",
    "quang nam",
    "quang ngai",
    "quang ninh",
    "quang tri",
    "soc trang",
    "son la",
    "tay ninh",
    "thai binh",
    "thai nguyen",
    "thanh hoa",
    "thua thien hue",
    "hue",
    "tien giang",
    "tra vinh",
    "tuyen quang",
    "vinh long",
    "vinh phuc",
    "yen bai",
];

/// Lower-case words allowed inside an issuer's name (`Thủ tướng Chính phủ`,
/// `Ủy ban nhân dân tỉnh`, `Sở Giao thông vận tải`); any other lower-case word
/// ends the issuer (`phát triển`, `xây dựng` start the subject).
const ISSUER_LOWER: &[&str] = &[
    "tướng",
    "phủ",
    "ban",
    "nhân",
    "dân",
    "đồng",
    "hành",
    "bộ",
    "tỉnh",
    "thành",
    "phố",
    "huyện",
    "xã",
    "thị",
    "quận",
    "và",
    "thông",
    "tin",
    "truyền",
    "vận",
    "tải",
    "trưởng",
    "tư",
    "pháp",
    "vụ",
    "chính",
    "đầu",
    "dục",
    "đào",
    "tạo",
    "nguyên",
    "môi",
    "trường",
    "tế",
    "hóa",
    "hoá",
    "thể",
    "thao",
    "lịch",
    "thương",
    "nghiệp",
    "nông",
    "thôn",
    "động",
    "binh",
    "hội",
    "học",
    "nghệ",
    "dựng",
    "trung",
    "ương",
    "cục",
    "thuế",
    "an",
    "quốc",
    "gia",
    "trị",
    "thư",
    "chủ",
    "tịch",
    "liên",
    "đoàn",
    "kiểm",
    "sát",
    "phòng",
    "điện",
    "tử",
    "chỉ",
    "đạo",
    "ủy",
    "uỷ",
    "thường",
    "trực",
    "lao",
    "nhà",
    "nước",
    "hàng",
    "sản",
    "tài",
];

/// Folded phrases that end an issuer when written in lower case (`về`, `ban hành`).
const ISSUER_STOPS: &[&str] = &[
    "về",
    "phê",
    "ban hành",
    "thông qua",
    "triển khai",
    "thực hiện",
    "quy định",
    "hướng dẫn",
    "công bố",
    "tại",
    "theo",
    "nhằm",
    "để",
    "sửa đổi",
    "bổ sung",
    "giao",
    "đồng ý",
    "chỉ đạo",
    "kế hoạch",
    "quyết định",
];

/// Folded phrases that end an issuer even when capitalised (`Quy định`, `Phê duyệt`):
/// they open a subject, never continue an agency name.
const ISSUER_CAPITAL_STOPS: &[&str] = &[
    "về",
    "phê",
    "ban hành",
    "thông qua",
    "triển khai",
    "thực hiện",
    "quy định",
];

struct Core {
    ref_type: &'static str,
    start: usize,
    number: String,
    date: PartialDate,
    date_text: String,
    issuer: String,
    /// End of number/date/issuer: where the subject starts.
    end: usize,
}

/// Finds every citation in a paragraph, in text order (see the module doc).
///
/// Several citations separated by `;` each get their own subject; a citation
/// nested in another's subject (`Kế hoạch … thực hiện Nghị quyết số 17/NQ-CP …`)
/// is returned too. A number list continuing a citation (`Công văn số 1234/… ngày
/// 30/9/2023, 1646/… ngày 27/11/2023`) yields one citation per number. The
/// document's own `Số: 04/KH-SGTVT` has no type word and is not a citation. A bare
/// citation without date or issuer (`Nghị định số 42/2022/NĐ-CP đối với …`) gets
/// no subject unless `về` follows, since the rest of such a clause is not its subject.
pub fn find_legal_refs(paragraph: &str) -> Vec<LegalRef> {
    let s = paragraph;
    // Cheap pre-check: a citation's number and a law's date need a digit,
    // and a number needs `/` or `-`, a law the word `Luật`.
    if !(s.chars().any(char::is_numeric) && (s.contains(['/', '-']) || s.contains("uật"))) {
        return Vec::new();
    }
    let mut cores: Vec<Core> = Vec::new();
    let mut search = 0;
    while let Some(m) = NUMBER_RE.find_at(s, search) {
        search = m.end();
        let p = m.start();
        if s[..p]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | '&'))
        {
            continue;
        }
        let Some((num, used)) = parse_doc_number_text(&s[p..]) else {
            continue;
        };
        let (ref_type, start) = match type_before(s, p) {
            Some(t) => t,
            None => match cores.last() {
                Some(prev) if is_connector(&s[prev.end.min(p)..p]) && prev.end <= p => {
                    (prev.ref_type, p)
                }
                _ => continue,
            },
        };
        let mut end = p + used;
        search = end;
        let (date, date_text, after_date) = date_after(s, end);
        end = after_date;
        let (issuer, after_issuer) = issuer_after(s, end);
        end = after_issuer;
        cores.push(Core {
            ref_type,
            start,
            number: num.full,
            date,
            date_text,
            issuer,
            end,
        });
    }

    for c in law_captures(s) {
        let (Some(all), Some(t), Some(dm)) = (c.get(0), c.name("t"), c.name("date")) else {
            continue;
        };
        if cores
            .iter()
            .any(|k| k.start <= all.start() && all.start() < k.end)
        {
            continue;
        }
        let date = find_dates(dm.as_str())
            .into_iter()
            .next()
            .map(|d| d.date)
            .unwrap_or_default();
        cores.push(Core {
            ref_type: if t.as_str() == "Luật" {
                "Luật"
            } else {
                "Bộ luật"
            },
            start: all.start(),
            number: String::new(),
            date,
            date_text: dm.as_str().to_string(),
            issuer: String::new(),
            end: all.end(),
        });
    }
    cores.sort_by_key(|c| c.start);

    let starts: Vec<usize> = cores.iter().map(|c| c.start).collect();
    cores
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let is_law = c.number.is_empty();
            let (subject, end) = if is_law {
                let name = law_name(&s[c.start..c.end]);
                (name, c.end)
            } else {
                let next = starts.get(i + 1).copied();
                subject_after(s, c, next)
            };
            LegalRef {
                ref_type: c.ref_type.to_string(),
                number: c.number.clone(),
                date: c.date,
                date_text: c.date_text.clone(),
                issuer: c.issuer.clone(),
                subject,
                span: c.start..end,
            }
        })
        .collect()
}

/// `Luật An toàn thông tin mạng 19/11/2015` → `Luật An toàn thông tin mạng`.
fn law_name(text: &str) -> String {
    let cut = law_captures(text)
        .first()
        .and_then(|c| c.name("name").map(|n| n.end()))
        .unwrap_or(text.len());
    let name = text[..cut].trim_end_matches(|ch: char| ch.is_whitespace() || ch == ',');
    let name = name.strip_suffix(" ngày").unwrap_or(name);
    crate::vn::collapse_ws(name)
}

/// Whether text between two numbers only joins them (`, `, ` và `).
fn is_connector(between: &str) -> bool {
    let t = between.trim();
    t.is_empty() || t == "," || t == "và" || t == ", và"
}

/// The type word(s) ending right before the number at `p` (optionally followed
/// by `số`): exact on the folded key, or one edit away when `số` is present.
fn type_before(s: &str, p: usize) -> Option<(&'static str, usize)> {
    let before = s[..p].trim_end();
    let (before, has_so) = match strip_so(before) {
        Some(b) => (b.trim_end(), true),
        None => (before, false),
    };
    // up to three words of letters, right to left
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut end = before.len();
    while words.len() < 3 {
        let seg = &before[..end];
        let trimmed = seg.trim_end();
        if trimmed.len() == seg.len() && !words.is_empty() {
            break;
        }
        let wstart = trimmed
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map(|(i, _)| i);
        let Some(ws) = wstart else { break };
        if ws == trimmed.len() {
            break;
        }
        words.push((ws, &trimmed[ws..]));
        // the word must be separated from the previous one by whitespace only
        let pre = &trimmed[..ws];
        if !pre.ends_with(char::is_whitespace) {
            break;
        }
        end = pre.len();
    }
    if words.is_empty() {
        return None;
    }
    let mut best: Option<(&'static str, usize, usize)> = None; // (type, start, distance)
    for k in (1..=words.len()).rev() {
        let start = words[k - 1].0;
        let key = fold_key(&before[start..]);
        for (tkey, name, n) in TYPE_KEYS.iter() {
            if *n != k {
                continue;
            }
            if *tkey == key {
                // capitalised or lower-case running text both count
                return Some((name, start));
            }
            if has_so
                && key.chars().count() >= 5
                && edit_distance(tkey, &key) == 1
                && starts_upper(words[k - 1].1)
                && best.is_none_or(|b| b.2 > 1)
            {
                best = Some((name, start, 1));
            }
        }
    }
    best.map(|(n, st, _)| (n, st))
}

/// Strips a trailing `số` (not `Số:`, the header's own number) from `before`.
fn strip_so(before: &str) -> Option<&str> {
    let b = before
        .strip_suffix("số")
        .or_else(|| before.strip_suffix("Số"))?;
    (b.is_empty() || b.ends_with(char::is_whitespace)).then_some(b)
}

/// Date right after a number (`ngày 03/6/2020`, `, ngày 20/12/2018`,
/// `ngày 14 tháng 10 năm 2024`); returns the byte end.
fn date_after(s: &str, from: usize) -> (PartialDate, String, usize) {
    let rest = &s[from..];
    let window = &rest[..floor_char(rest, 60)];
    if let Some(dm) = find_dates(window).into_iter().next() {
        let lead = fold_key(&window[..dm.span.start]);
        let lead = lead.trim_matches(|c: char| c == ',' || c.is_whitespace());
        if lead.is_empty() || lead == "ngay" {
            // the window may cut a long worded date: re-find on the full rest
            if let Some(full) = find_dates(rest)
                .into_iter()
                .find(|d| d.span.start == dm.span.start)
            {
                return (full.date, full.raw, from + full.span.end);
            }
        }
    }
    (PartialDate::default(), String::new(), from)
}

fn floor_char(s: &str, n: usize) -> usize {
    let mut i = n.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Inline markup left by some extractions (`<i>`, `</i>`).
static TAG_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[a-zA-Z][ -;=?-~]{0,40}>").expect("tag regex"));

static CUA_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*,?\s*của\s+").expect("cua regex"));

/// Words that open an agency's name (folded). Without `của`, an issuer is
/// read after a citation's date only when it starts with one of these
/// (`Kế hoạch số 182/KH-UBND ngày 20/10/2021 UBND tỉnh Hậu Giang về …`), so a
/// capitalised subject (`Phát triển …`) is never taken for an issuer.
const ISSUER_HEADS: &[&str] = &[
    "ubnd",
    "hdnd",
    "uy ban",
    "hoi dong",
    "thu tuong",
    "chinh phu",
    "quoc hoi",
    "bo",
    "so",
    "ban",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "van phong",
    "ngan hang",
    "tong cuc",
    "cuc",
    "chu tich",
    "toa an",
    "vien kiem sat",
    "kiem toan",
    "bch",
    "btv",
];

/// Issuer after `của`, or directly after the date when it opens with an
/// agency word ([`ISSUER_HEADS`]); see [`read_issuer`].
fn issuer_after(s: &str, from: usize) -> (String, usize) {
    let start = match CUA_RE.find(&s[from..]) {
        Some(m) => from + m.end(),
        None => {
            let rest = &s[from..];
            let lead = rest.len() - rest.trim_start_matches([' ', ',']).len();
            let start = from + lead;
            if !opens_with_agency(&s[start..]) {
                return (String::new(), from);
            }
            start
        }
    };
    let (issuer, end) = read_issuer(&s[start..]);
    if issuer.is_empty() {
        return (String::new(), from);
    }
    let end = start + end;
    match qualifier_after(&s[end..]) {
        Some(q) => (format!("{issuer} {}", &s[end..end + q].trim()), end + q),
        None => (issuer, end),
    }
}

/// The text starts with an upper-case agency word ([`ISSUER_HEADS`]).
fn opens_with_agency(t: &str) -> bool {
    if !starts_upper(t) {
        return false;
    }
    let words: Vec<String> = t.split_whitespace().take(2).map(fold_key).collect();
    let one = words.first().map(String::as_str).unwrap_or("");
    let two = words.join(" ");
    ISSUER_HEADS.iter().any(|h| *h == one || *h == two)
}

/// A short parenthesis right after an issuer that belongs to its name
/// (`Ban Chấp hành Đảng bộ tỉnh Hậu Giang (khóa XIV)`, `(nhiệm kỳ 2021-2026)`);
/// returns its byte length with the leading space. Not `(sau đây gọi là …)`,
/// `(gọi tắt là …)` or a parenthesis holding a citation.
fn qualifier_after(t: &str) -> Option<usize> {
    let lead = t.len() - t.trim_start_matches(' ').len();
    let rest = t[lead..].strip_prefix('(')?;
    let close = rest.find(')')?;
    let inner = &rest[..close];
    if inner.chars().count() > 40 || inner.contains([';', '(']) || NUMBER_RE.is_match(inner) {
        return None;
    }
    let f = fold_key(inner);
    let explains = ["sau day", "goi tat", "viet tat", "kem theo", "duoi day"]
        .iter()
        .any(|w| f.starts_with(w));
    let names = ["khoa", "nhiem ky"].iter().any(|w| f.starts_with(w));
    (names && !explains).then_some(lead + 1 + close + 1)
}

/// Reads an agency name at the start of `t`; returns it and its byte length.
pub fn read_issuer(t: &str) -> (String, usize) {
    // words with byte positions, stopping at punctuation that ends a name
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    let bytes_end = t.len();
    'outer: while i < bytes_end && words.len() < 16 {
        let rest = &t[i..];
        let skip = rest.len() - rest.trim_start().len();
        i += skip;
        if i >= bytes_end {
            break;
        }
        let ws = i;
        for (off, ch) in t[i..].char_indices() {
            if ch.is_whitespace() {
                words.push((ws, i + off));
                i += off;
                continue 'outer;
            }
            let stop = matches!(ch, ';' | ',' | '(' | ')' | ':' | '"' | '“' | '”')
                || (ch == '.'
                    && t[i + off + 1..]
                        .chars()
                        .next()
                        .is_none_or(|c| c.is_whitespace() || c == '/'));
            if stop {
                if i + off > ws {
                    words.push((ws, i + off));
                }
                break 'outer;
            }
        }
        words.push((ws, bytes_end));
        break;
    }
    let mut taken = 0;
    let mut after_place_word = false;
    let mut k = 0;
    while k < words.len() {
        let w = &t[words[k].0..words[k].1];
        let f1 = fold_key(w);
        // NFC: decomposed input (`đô` + U+0300) must still match the word lists
        let l1 = crate::vn::nfc(&w.to_lowercase());
        let f2 = words
            .get(k + 1)
            .map(|n| format!("{l1} {}", crate::vn::nfc(&t[n.0..n.1].to_lowercase())));
        let stop = ISSUER_STOPS
            .iter()
            .any(|st| *st == l1 || f2.as_deref() == Some(st));
        let capital_stop = ISSUER_CAPITAL_STOPS
            .iter()
            .any(|st| *st == l1 || f2.as_deref() == Some(st));
        if k > 0 && ((stop && !starts_upper(w)) || capital_stop) {
            break;
        }
        if after_place_word {
            // `tỉnh Hậu Giang`: take a province name and stop
            if let Some(n) = province_len(t, &words[k..]) {
                taken = k + n;
                break;
            }
        }
        let ok = starts_upper(w) || ISSUER_LOWER.contains(&l1.as_str()) || w.contains('&');
        if !ok {
            break;
        }
        after_place_word = matches!(f1.as_str(), "tinh" | "pho" | "huyen" | "quan" | "xa");
        k += 1;
        taken = k;
    }
    while taken > 0 {
        let w = fold_key(&t[words[taken - 1].0..words[taken - 1].1]);
        if matches!(w.as_str(), "va" | "cua" | "cac") {
            taken -= 1;
        } else {
            break;
        }
    }
    if taken == 0 {
        return (String::new(), 0);
    }
    let end = words[taken - 1].1;
    (crate::vn::collapse_ws(&t[..end]), end)
}

fn province_len(t: &str, words: &[(usize, usize)]) -> Option<usize> {
    for n in (1..=words.len().min(4)).rev() {
        let key = fold_key(&t[words[0].0..words[n - 1].1]);
        if PROVINCES.contains(&key.as_str()) {
            return Some(n);
        }
    }
    None
}

/// Subject: rest of the clause after the issuer, up to `;`, `(sau đây …`, the end
/// of the sentence, or the next citation when only connectors lie between.
fn subject_after(s: &str, c: &Core, next: Option<usize>) -> (String, usize) {
    let from = c.end;
    let rest = &s[from..];
    let mut end = rest.len();
    if let Some(i) = rest.find(';') {
        end = end.min(i);
    }
    if let Some(i) = fold_key_find(rest, "(sau day") {
        end = end.min(i);
    }
    if let Some(i) = sentence_end(rest) {
        end = end.min(i);
    }
    // a citation inside parentheses ends at the unmatched `)`
    let mut depth = 0i32;
    for (i, ch) in rest[..end].char_indices() {
        match ch {
            '(' => depth += 1,
            ')' if depth == 0 => {
                end = i;
                break;
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    if let Some(n) = next {
        if n >= from && n - from <= end {
            let before = &rest[..n - from];
            let trimmed = before.trim_end();
            if is_connector(before) {
                end = n - from;
            } else if let Some(b) = trimmed
                .strip_suffix(',')
                .or_else(|| trimmed.strip_suffix(" và"))
            {
                // `…, Thông tư số 32/…`: a list of citations, not a nested one
                end = b.len();
            }
        }
    }
    let raw = &rest[..end];
    // `, số DVCTT …` after the issuer: the citation ended, what follows is not its subject
    if is_connector(raw) || raw.trim_start().starts_with(',') {
        return (String::new(), from);
    }
    let mut text = raw.trim().trim_end_matches(['.', ',', '/']).trim();
    // `(khóa XVII) về …`: a note on the issuer, not the subject
    if text.starts_with('(') {
        if let Some(i) = text.find(')') {
            text = text[i + 1..].trim_start();
        }
    }
    let lead = fold_key(text);
    let mut subject = text;
    for p in ["ve viec ", "v/v ", "ve "] {
        if lead.starts_with(p) {
            let words = p.split_whitespace().count();
            subject = text
                .splitn(words + 1, char::is_whitespace)
                .nth(words)
                .unwrap_or("")
                .trim();
            break;
        }
    }
    let has_about = subject.len() != text.len();
    if c.date.is_empty() && c.issuer.is_empty() && !has_about {
        return (String::new(), from);
    }
    let span_end = from + raw.trim_end().len();
    let subject = TAG_RE.replace_all(subject, " ");
    let subject = subject.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.'));
    (crate::vn::collapse_ws(subject), span_end)
}

/// Byte index of `needle` (folded) in `hay`, comparing folded text; only for
/// ASCII needles of words whose folding keeps byte lengths per char boundary.
fn fold_key_find(hay: &str, needle: &str) -> Option<usize> {
    let starts: Vec<usize> = hay
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| hay[i..].starts_with('('))
        .collect();
    starts.into_iter().find(|&i| {
        let end = floor_char(&hay[i..], needle.len() * 3);
        fold_key(&hay[i..i + end]).starts_with(needle)
    })
}

/// End of the first sentence: `.` followed by space and a capital (not after a
/// short upper-case abbreviation like `TP.`), or a final `.`.
fn sentence_end(t: &str) -> Option<usize> {
    for (i, _) in t.match_indices('.') {
        let after = &t[i + 1..];
        let word_before = t[..i].rsplit(char::is_whitespace).next().unwrap_or("");
        let abbrev = !word_before.is_empty()
            && word_before.chars().count() <= 3
            && word_before.chars().all(char::is_uppercase);
        if after.trim().is_empty() || after.trim_start() == "/." || after.starts_with("/.") {
            return Some(i);
        }
        if after.starts_with(char::is_whitespace)
            && after.trim_start().starts_with(char::is_uppercase)
            && !abbrev
        {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests;
