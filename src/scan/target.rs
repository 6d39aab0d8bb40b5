//! Measurable targets (chỉ tiêu): `Trên 95% văn bản đi được ký số`, `Tỷ lệ hồ sơ …
//! đạt 90%`, `tăng ít nhất 05 bậc`, `53,7 tỷ đồng`.
//!
//! Rule for what counts (see [`is_target_context`]): a quantity is a target when
//! it is a percentage, or a number with a known unit in a sentence that states a
//! goal (`đạt`, `phấn đấu`, `tối thiểu`, `ít nhất`, `trở lên`, `tăng`, `dự kiến` …).
//! Sentences that describe the present (`Hiện nay, …`, `Năm 2023, Sở đã …`, `có
//! 02 phòng họp`) are refused unless they also hold a goal word. Dates, years,
//! document numbers, fractions (`2424/2679`), quarters (`Quý III/2024`) are never
//! quantities. The caller still decides by section (Mục tiêu, Chỉ tiêu).

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::vn::{collapse_ws, fold_key, parse_vn_number};

/// How the value bounds the indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparator {
    /// `trên` (more than).
    #[serde(rename = ">")]
    Gt,
    /// `từ … trở lên`, `tối thiểu`, `ít nhất`, `không dưới`.
    #[serde(rename = ">=")]
    Ge,
    /// `đạt`, `phấn đấu`, or bare: the goal value.
    #[serde(rename = "=")]
    Eq,
    /// `dưới` (less than).
    #[serde(rename = "<")]
    Lt,
    /// `tối đa`, `không quá`, `không vượt quá`.
    #[serde(rename = "<=")]
    Le,
}

impl Comparator {
    /// The symbol used in the dataset (`>`, `>=`, `=`, `<`, `<=`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
            Comparator::Eq => "=",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
        }
    }
}

/// One measurable target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// What is measured: the clause without the quantity and goal words.
    pub indicator: String,
    /// Value, dot decimal (`52,63` → 52.63).
    pub value: f64,
    /// `%`, `tin, bài/tuần`, `bậc`, `tỷ đồng`, `hồ sơ` …
    pub unit: String,
    pub comparator: Comparator,
    /// The whole sentence as written.
    pub text: String,
}

/// Units recognised after a number (longest first). `%` is handled separately.
const UNITS: &[&str] = &[
    "tin, bài/tuần",
    "tin, bài/tháng",
    "tin bài/tuần",
    "tin bài/tháng",
    "tin/tuần",
    "bài/tuần",
    "tin/tháng",
    "bài/tháng",
    "nghìn tỷ đồng",
    "tỷ đồng",
    "triệu đồng",
    "nghìn đồng",
    "đồng",
    "bậc",
    "hồ sơ",
    "điểm",
    "lượt",
    "người",
    "lớp",
    "dịch vụ công",
    "thủ tục hành chính",
    "TTHC",
    "DVCTT",
    "cơ sở dữ liệu",
    "hệ thống",
    "doanh nghiệp",
    "tài khoản",
    "máy tính",
    "văn bản",
    "lần",
];

static QTY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<sym>>=|<=|≥|≤|>|<)?\s*(?P<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)\s*(?P<pct>%)?").expect("qty")
});

/// Goal words that make a non-percentage quantity a target and let a
/// status-looking sentence through. Compared with tones (`đạt`, not `đặt`).
const GOAL_WORDS: &[&str] = &[
    "đạt",
    "phấn đấu",
    "tối thiểu",
    "ít nhất",
    "trở lên",
    "tối đa",
    "không quá",
    "tăng",
    "giảm",
    "dự kiến",
    "mục tiêu",
    "chỉ tiêu",
    "đảm bảo",
    "bảo đảm",
];

/// Markers of a present-state description (hiện trạng), not a goal.
const STATUS_WORDS: &[&str] = &[
    "hiện nay",
    "hiện có",
    "đã",
    "chiếm tỉ lệ",
    "chiếm tỷ lệ",
    "trong năm",
];

/// Markers that refuse a sentence even with a goal word: evaluation results.
const STRONG_STATUS: &[&str] = &[
    "không đạt",
    "đạt điểm",
    "đạt điểm tối đa",
    "đạt điểm gần tối đa",
];

/// Lower-case text with punctuation turned to spaces and padded, for word lookup.
fn words_text(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '%' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .to_lowercase();
    format!(" {} ", t.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn has_any(words: &str, list: &[&str]) -> bool {
    list.iter().any(|w| words.contains(&format!(" {w} ")))
}

/// Whether a sentence may hold targets (documented rule in the module doc; also
/// refuses a legal-basis paragraph starting with `Căn cứ`).
pub fn is_target_context(sentence: &str) -> bool {
    let w = words_text(sentence);
    if w.starts_with(" căn cứ ") {
        return false;
    }
    // evaluation results (`Không đạt: …`, `Đạt điểm tối đa: …`) describe the past
    if has_any(&w, STRONG_STATUS) {
        return false;
    }
    let has_goal = has_any(&w, GOAL_WORDS);
    if has_any(&w, STATUS_WORDS) && !has_goal {
        return false;
    }
    sentence.contains('%') || has_goal
}

struct Qty {
    value: f64,
    unit: String,
    comparator: Comparator,
    /// span of comparator words before the number (for the indicator)
    cmp_start: usize,
    /// whether the target word `trở lên` etc. follows and was consumed
    tail_end: usize,
}

/// All targets in one sentence, in order. A sentence holding several targets
/// (`90% … tại cấp tỉnh; 80% … tại cấp huyện và 60% … tại cấp xã`, or `Tỷ lệ …
/// đạt 100%, tỷ lệ … đạt 100%`) yields one target per quantity, each with the
/// indicator from its own clause.
pub fn find_targets(sentence: &str) -> Vec<Target> {
    if !is_target_context(sentence) {
        return Vec::new();
    }
    let sentence_has_goal = has_any(&words_text(sentence), GOAL_WORDS);
    let qs = quantities(sentence, sentence_has_goal);
    if qs.is_empty() {
        return Vec::new();
    }
    // clause boundaries between consecutive quantities
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    // a leading label (`b)`, `-`, `+`) is not part of the indicator
    let label_end = super::numbering::parse_numbering(sentence)
        .filter(|n| n.offset <= qs[0].cmp_start)
        .map_or(0, |n| n.offset);
    let mut seg_start = clause_start(sentence, qs[0].cmp_start).max(label_end);
    for i in 0..qs.len() {
        let q = &qs[i];
        let seg_end = match qs.get(i + 1) {
            Some(n) => split_between(sentence, q.tail_end, n.cmp_start, seg_start, q.cmp_start),
            None => clause_end(sentence, q.tail_end),
        };
        bounds.push((seg_start, seg_end));
        if let Some(n) = qs.get(i + 1) {
            seg_start = skip_sep(sentence, seg_end, n.cmp_start);
        }
    }
    let text = collapse_ws(sentence);
    qs.iter()
        .zip(bounds)
        .map(|(q, (a, b))| Target {
            indicator: indicator(sentence, a, b.max(q.tail_end.min(b.max(a))), q),
            value: q.value,
            unit: q.unit.clone(),
            comparator: q.comparator,
            text: text.clone(),
        })
        .collect()
}

fn quantities(s: &str, goal: bool) -> Vec<Qty> {
    let mut out = Vec::new();
    for c in QTY_RE.captures_iter(s) {
        let (Some(all), Some(n)) = (c.get(0), c.name("n")) else {
            continue;
        };
        let prev = s[..n.start()].chars().next_back();
        let next = s[n.end()..].chars().next();
        // glued to letters, digits, slashes: codes, dates, fractions, numbers
        if prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '/' | '-' | '.' | ',' | ':'))
            && c.name("sym").is_none()
        {
            continue;
        }
        if next.is_some_and(|p| p.is_alphanumeric() || matches!(p, '/' | '-' | ':')) {
            continue;
        }
        let Some(value) = parse_vn_number(n.as_str()) else {
            continue;
        };
        // `>` closing markup (`</i> 100%`) is not a comparator
        let sym = c.name("sym").filter(|m| {
            s[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|p| p.is_whitespace() || p == '(')
        });
        let (unit, unit_end) = if let Some(p) = c.name("pct") {
            ("%".to_string(), p.end())
        } else {
            if !goal {
                continue;
            }
            let after = &s[all.end()..];
            let Some(u) = UNITS.iter().find(|u| {
                after.starts_with(**u)
                    && after[u.len()..]
                        .chars()
                        .next()
                        .is_none_or(|ch| !ch.is_alphanumeric())
            }) else {
                continue;
            };
            // a bare year-like number is never a quantity
            if (1900.0..=2100.0).contains(&value)
                && !n.as_str().contains([',', '.'])
                && *u != "đồng"
            {
                continue;
            }
            (u.to_string(), all.end() + u.len())
        };
        let at = sym.map_or(n.start(), |m| m.start());
        let (mut comparator, cmp_start) = comparator_before(&s[..at], at);
        if let Some(sym) = sym {
            comparator = match sym.as_str() {
                ">" => Comparator::Gt,
                ">=" | "≥" => Comparator::Ge,
                "<" => Comparator::Lt,
                _ => Comparator::Le,
            };
        }
        let mut tail_end = unit_end;
        let after = &s[unit_end..];
        let fa = fold_key(after);
        if fa.starts_with("tro len") {
            comparator = Comparator::Ge;
            tail_end = unit_end + after.len() - after.trim_start().len()
                + byte_len_words(after.trim_start(), 2);
        } else if fa.starts_with("tro xuong") {
            comparator = Comparator::Le;
            tail_end = unit_end + after.len() - after.trim_start().len()
                + byte_len_words(after.trim_start(), 2);
        }
        out.push(Qty {
            value,
            unit,
            comparator,
            cmp_start: cmp_start.min(n.start()),
            tail_end,
        });
    }
    out
}

fn byte_len_words(s: &str, n: usize) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for (i, ch) in s.char_indices() {
        if ch.is_whitespace() {
            if in_word {
                count += 1;
                if count == n {
                    return i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    s.len()
}

/// Comparator words right before the number; returns it and where they start.
fn comparator_before(before: &str, at: usize) -> (Comparator, usize) {
    let words: Vec<(usize, &str)> = word_spans(before);
    let tail = |k: usize| -> Option<(String, usize)> {
        if words.len() < k {
            return None;
        }
        let first = words[words.len() - k].0;
        Some((fold_key(&before[first..]), first))
    };
    const TABLE: &[(&str, Comparator)] = &[
        ("khong vuot qua", Comparator::Le),
        ("khong thap hon", Comparator::Ge),
        ("khong duoi", Comparator::Ge),
        ("khong qua", Comparator::Le),
        ("toi thieu", Comparator::Ge),
        ("it nhat", Comparator::Ge),
        ("toi da", Comparator::Le),
        ("tren", Comparator::Gt),
        ("hon", Comparator::Gt),
        ("duoi", Comparator::Lt),
        ("tu", Comparator::Eq), // `từ 95% trở lên`: set to >= by the tail
        ("dat", Comparator::Eq),
    ];
    for k in (1..=3).rev() {
        if let Some((key, start)) = tail(k) {
            if let Some((_, c)) = TABLE.iter().find(|(w, _)| *w == key) {
                return (*c, start);
            }
        }
    }
    (Comparator::Eq, at)
}

fn word_spans(s: &str) -> Vec<(usize, &str)> {
    let mut v = Vec::new();
    let mut start = None;
    for (i, ch) in s.char_indices() {
        if ch.is_whitespace() {
            if let Some(st) = start.take() {
                v.push((st, &s[st..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        v.push((st, &s[st..]));
    }
    v
}

/// Start of the clause holding a position: after the last `;` before it.
fn clause_start(s: &str, at: usize) -> usize {
    s[..at].rfind(';').map_or(0, |i| i + 1)
}

/// End of the clause after a position: the next `;` or the end.
fn clause_end(s: &str, from: usize) -> usize {
    s[from..].find(';').map_or(s.len(), |i| from + i)
}

/// Where the clause of one quantity ends and the next begins. A `;` always
/// splits. Otherwise: if the first quantity opens its clause (`80% … và 60% …`)
/// the split is the last `, `/` và ` before the next one; if it closes its
/// clause (`… đạt 100%, tỷ lệ … đạt 100%`) the split is the first one after it.
fn split_between(
    s: &str,
    after_q: usize,
    next_q: usize,
    seg_start: usize,
    q_start: usize,
) -> usize {
    let mid = &s[after_q..next_q.max(after_q)];
    if let Some(i) = mid.rfind(';') {
        return after_q + i;
    }
    let opens = fold_key(&s[seg_start..q_start]).split_whitespace().count() <= 3;
    let seps: Vec<usize> = mid
        .match_indices(", ")
        .map(|(i, _)| i)
        .chain(mid.match_indices(" và ").map(|(i, _)| i))
        .collect();
    let pick = if opens {
        seps.iter().max()
    } else {
        seps.iter().min()
    };
    match pick {
        Some(&i) => after_q + i,
        None => next_q,
    }
}

fn skip_sep(s: &str, from: usize, limit: usize) -> usize {
    let rest = &s[from..limit.max(from)];
    let trimmed = rest.trim_start_matches(|c: char| c == ';' || c == ',' || c.is_whitespace());
    let trimmed = trimmed.strip_prefix("và ").unwrap_or(trimmed);
    from + rest.len() - trimmed.len()
}

/// Leading goal words removed from an indicator.
/// `phấn đấu` anywhere; the others only as the clause's first words.
const LEAD_DROP: &[&str] = &["phan dau", "dam bao", "bao dam"];
/// Trailing words removed before the quantity (`… đạt tỷ lệ trung bình`).
const TRAIL_DROP: &[&str] = &["dat", "ty le", "ti le", "trung binh", "la", "khoang"];

fn indicator(s: &str, a: usize, b: usize, q: &Qty) -> String {
    let a = a.min(s.len());
    let b = b.min(s.len()).max(a);
    let cmp = q.cmp_start.clamp(a, b);
    let tail = q.tail_end.clamp(cmp, b);
    let mut before = s[a..cmp].trim().to_string();
    let after = s[tail..b].trim();
    // goal words at the end of the part before the quantity
    loop {
        let f = fold_key(&before);
        let Some(w) = TRAIL_DROP
            .iter()
            .find(|w| f == **w || f.ends_with(&format!(" {w}")))
        else {
            break;
        };
        let n = w.split_whitespace().count();
        let spans = word_spans(&before);
        if spans.len() < n {
            break;
        }
        before = before[..spans[spans.len() - n].0].trim_end().to_string();
    }
    // start after the last `phấn đấu` / `đảm bảo`
    let f_words = word_spans(&before);
    for i in (0..f_words.len()).rev() {
        let two = if i + 1 < f_words.len() {
            format!("{} {}", fold_key(f_words[i].1), fold_key(f_words[i + 1].1))
        } else {
            String::new()
        };
        if LEAD_DROP.iter().any(|w| *w == two) && (i == 0 || two == "phan dau") {
            let cut = f_words.get(i + 2).map_or(before.len(), |w| w.0);
            before = before[cut..].to_string();
            break;
        }
    }
    // `(Bằng chữ: …)` spells the amount out
    let after = match fold_key(after).starts_with("(bang chu") {
        true => after.find(')').map_or("", |i| &after[i + 1..]),
        false => after,
    };
    let joined = format!("{} {}", before.trim(), after);
    let t = joined
        .trim()
        .trim_start_matches(|c: char| matches!(c, '-' | '+' | ',' | ';' | ':') || c.is_whitespace())
        .trim_end_matches(|c: char| matches!(c, '.' | ',' | ';' | ':' | '/') || c.is_whitespace());
    collapse_ws(t)
}

static YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<until>đến|tới)?\s*(?:hết\s+)?năm\s+(?P<y>(?:19|20)\d{2})\b|giai đoạn\s+(?:19|20)\d{2}\s*[-–]\s*(?P<end>(?:19|20)\d{2})")
        .expect("year")
});

/// The target year from a section heading or plan title (năm mục tiêu):
/// `Mục tiêu đến năm 2025` → 2025, `Mục tiêu năm 2022` → 2022, a title
/// `… năm 2024` → 2024, `giai đoạn 2021-2025` → 2025. An `đến năm` phrase wins
/// over a plain `năm`, which wins over a period's end.
pub fn target_year(text: &str) -> Option<u16> {
    // Cheap pre-check: every alternative needs a year `19xx` / `20xx`.
    if !(text.contains("19") || text.contains("20")) {
        return None;
    }
    let mut until = None;
    let mut plain = None;
    let mut period = None;
    for c in YEAR_RE.captures_iter(text) {
        if let Some(y) = c.name("y") {
            let y: u16 = y.as_str().parse().ok()?;
            if c.name("until").is_some() {
                until = until.or(Some(y));
            } else {
                plain = plain.or(Some(y));
            }
        } else if let Some(e) = c.name("end") {
            period = period.or(e.as_str().parse().ok());
        }
    }
    until.or(plain).or(period)
}

#[cfg(test)]
mod tests;
