//! Dates (ngày tháng năm), the place-and-date line (địa danh, ngày … tháng … năm …)
//! and the number-and-symbol line (Số, ký hiệu) of the header block.
//!
//! Drafts leave the day or number blank (`ngày   tháng 10 năm 2024`, `Số:   /KH-STP`),
//! so every part is optional and an ISO date is only produced when complete.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// A date whose parts may be missing (ngày tháng năm, có thể để trống).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PartialDate {
    pub day: Option<u8>,
    pub month: Option<u8>,
    pub year: Option<u16>,
}

impl PartialDate {
    pub fn new(day: Option<u8>, month: Option<u8>, year: Option<u16>) -> Self {
        Self { day, month, year }
    }

    /// ISO `YYYY-MM-DD`, only when all three parts exist and form a real calendar
    /// date. Why: the dataset keeps partial dates as text and never invents a day.
    pub fn iso(&self) -> Option<String> {
        let (d, m, y) = (self.day?, self.month?, self.year?);
        if !(1000..=9999).contains(&y) || d == 0 || d > days_in_month(y, m)? {
            return None;
        }
        Some(format!("{y:04}-{m:02}-{d:02}"))
    }

    /// True when no part is known.
    pub fn is_empty(&self) -> bool {
        self.day.is_none() && self.month.is_none() && self.year.is_none()
    }
}

/// Days in a month of the Gregorian calendar; `None` for a month outside 1..=12.
pub fn days_in_month(year: u16, month: u8) -> Option<u8> {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

/// A date found in text: the parsed parts, the text as written and its byte span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateMatch {
    pub date: PartialDate,
    pub raw: String,
    pub span: Range<usize>,
}

/// Regex source for a numeric date `03/6/2020`, `05/04/2024`, `19.11.2015`.
pub(crate) const NUM_DATE: &str =
    r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}-\d{1,2}-\d{4}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b";
// Day, month and the words may be letter-spaced (`ngày 1 4 t h á n g 1 1 năm
// 2025`, a text layer that spaces every glyph): two single digits one space
// apart are one number.
static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    const NGAY: &str = "n ?g ?à ?y";
    const THANG: &str = "t ?h ?á ?n ?g";
    const NAM: &str = "n ?ă ?m";
    Regex::new(&format!(
        r"(?:{NUM_DATE})|(?:(?i:(?:{NGAY}\s*(?P<d>\d \d|\d{{1,2}})?\s*)?{THANG}\s*(?P<m>\d \d|\d{{1,2}})?\s*(?:{NAM}|{THANG})\s*(?P<y>\d{{4}}))\b)"
    ))
    .expect("date regex")
});

/// Every date in `s`, in order: numeric (`27/4/2021`) and worded
/// (`ngày 31 tháng 5 năm 2021`, `ngày   tháng 10 năm 2024`). Invalid numbers
/// (month 13) are still returned as partial dates with the impossible part dropped.
pub fn find_dates(s: &str) -> Vec<DateMatch> {
    DATE_RE
        .captures_iter(s)
        .filter_map(|c| {
            let m = c.get(0)?;
            let date = if let Some(y) = c.name("y") {
                let part = |m: regex::Match| m.as_str().replace(' ', "").parse().ok();
                PartialDate::new(
                    c.name("d").and_then(part),
                    c.name("m").and_then(part),
                    y.as_str().parse().ok(),
                )
            } else {
                let parts: Vec<&str> = m.as_str().split(['/', '-', '.']).collect();
                if parts.len() != 3 {
                    return None;
                }
                PartialDate::new(
                    parts[0].parse().ok(),
                    parts[1].parse().ok(),
                    parts[2].parse().ok(),
                )
            };
            Some(DateMatch {
                date: sanitize(date),
                raw: m.as_str().to_string(),
                span: m.range(),
            })
        })
        .collect()
}

/// Drops parts that cannot be a day or month (keeps what is plausible).
fn sanitize(mut d: PartialDate) -> PartialDate {
    if d.day.is_some_and(|x| x == 0 || x > 31) {
        d.day = None;
    }
    if d.month.is_some_and(|x| x == 0 || x > 12) {
        d.month = None;
    }
    d
}

/// The first date in `s` (see [`find_dates`]).
pub fn parse_date(s: &str) -> Option<PartialDate> {
    find_dates(s).into_iter().next().map(|m| m.date)
}

/// Place and date of issue (địa danh và thời gian ban hành) from the header line
/// `Tuyên Quang, ngày 14 tháng 01 năm 2022`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceDate {
    pub place: String,
    pub date: PartialDate,
    /// The date as printed, from `ngày` to the year (`ngày 14 tháng 01 năm 2022`).
    pub date_text: String,
    /// Byte offset in the line just after the date: interleaved columns may
    /// run on with the subject line (`..., ngày 03 tháng 5 năm 2024 V/v ...`).
    pub end: usize,
}

// The place's length is checked in code, not by `{0,40}`: a counted
// repetition of a Unicode class is compiled into that many copies of its
// automaton, which costs more at start-up than a one-page file's whole
// conversion. The repetition is lazy and anchored, so the shortest place is
// found: if it is too long, no shorter one exists.
static PLACE_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<place>\p{Lu}[\p{L}.\- ]*?)\s*,\s*(?P<rest>(?i:ngày)\b.*)$")
        .expect("place-date regex")
});

/// Most letters a place name (after its first) may have.
const PLACE_MAX: usize = 40;

/// Parses the place-date line; `None` when the line is not one. The place must be
/// capitalised and short, and a worded date must follow `ngày`.
pub fn parse_place_date(line: &str) -> Option<PlaceDate> {
    // Cheap pre-check: the pattern needs a comma.
    if !line.contains(',') {
        return None;
    }
    let c = PLACE_DATE_RE.captures(line)?;
    let place = c.name("place")?.as_str();
    if place.chars().count() > PLACE_MAX + 1 {
        return None;
    }
    let rest = c.name("rest")?;
    let dm = find_dates(rest.as_str()).into_iter().next()?;
    let lead = crate::vn::fold_key(&rest.as_str()[..dm.span.start]);
    if !(lead.is_empty() || lead == "ngay") {
        return None;
    }
    let end = rest.start() + dm.span.end;
    Some(PlaceDate {
        place: crate::vn::collapse_ws(place),
        date: dm.date,
        date_text: line[rest.start()..end].trim().to_string(),
        end,
    })
}

/// A document number and symbol (số và ký hiệu văn bản): `04/KH-SGTVT`,
/// `61/2018/NĐ-CP`, `52-NQ/TW`, `1193/STTTT-CNTT&BCVT`, or a draft's `/KH-STP`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocNumber {
    /// Whole number and symbol as normalised text (`04/KH-SGTVT`); empty when
    /// the number is blank (`Số:   /KH-STP`, filled in by hand after signing),
    /// because a symbol alone names no document. The symbol is in `symbol`.
    pub full: String,
    /// The serial number as written (`04`), `None` when blank in a draft.
    pub number: Option<String>,
    /// Year inside the symbol (`2018` in `61/2018/NĐ-CP`).
    pub year: Option<u16>,
    /// The symbol after number and year (`KH-SGTVT`, `NQ/TW`, `NĐ-CP`).
    pub symbol: String,
    /// Document-type abbreviation when the symbol starts with one (`KH`, `NĐ`);
    /// `None` for a công văn, whose symbol is the issuing body only.
    pub type_abbr: Option<String>,
}

/// Regex source for a number and symbol as cited in text (one group, no captures).
/// Allows a space instead of the hyphen only between upper-case groups
/// (`19/2018/QĐ UBND`), resolved by [`parse_doc_number_text`].
pub(crate) const DOC_NUMBER: &str =
    r"\d{1,5}(?:/(?:19|20)\d{2})?[/-]\p{Lu}[\p{L}&]*(?:[/-]\p{Lu}[\p{L}&]*)*";

// The number may be letter-spaced (`Số: 6 4 4 /TTXT-ĐTDN`, a text layer that
// spaces every glyph): single digits each one space apart are one number.
// `12 3/KH` is no such spacing and does not match.
static SO_LINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?i:số)\s*[:.]?\s*(?P<n>\d(?: \d){1,4}|\d{0,5})\s*(?P<rest>(?:/(?:19|20)\d{2})?[/-]\s*\p{Lu}[\p{L}&]*(?:\s*[/-]\s*\p{Lu}[\p{L}&]*)*)")
        .expect("so regex")
});

/// Parses the header line `Số: 04/KH-SGTVT` (also `Số:         /KH-STP` with a
/// blank number, `Số: 6 4 4 /TTXT-ĐTDN` letter-spaced). Why separate from
/// citations: this is the document's own number.
pub fn parse_so_line(line: &str) -> Option<DocNumber> {
    parse_so_line_at(line).map(|(n, _)| n)
}

/// [`parse_so_line`] with the byte offset where the number and symbol end:
/// interleaved columns may put the place and date after them on one line.
pub fn parse_so_line_at(line: &str) -> Option<(DocNumber, usize)> {
    let c = SO_LINE_RE.captures(line)?;
    let end = c.get(0)?.end();
    let n: String = c
        .name("n")
        .map(|m| m.as_str().chars().filter(|c| *c != ' ').collect())
        .unwrap_or_default();
    let rest: String = c["rest"].chars().filter(|c| !c.is_whitespace()).collect();
    split_number(if n.is_empty() { None } else { Some(&n) }, &rest).map(|n| (n, end))
}

static NUMBER_TEXT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:{DOC_NUMBER})(?: (?P<tail>\p{{Lu}}[\p{{Lu}}&]+)\b)?"
    ))
    .expect("num")
});

/// Parses a number and symbol at the start of `s` (`749/QĐ-TTg ngày …`) and
/// returns it with the byte length consumed. A space standing for the hyphen
/// (`19/2018/QĐ UBND`) is repaired when the symbol has no hyphen yet.
pub fn parse_doc_number_text(s: &str) -> Option<(DocNumber, usize)> {
    let c = NUMBER_TEXT_RE.captures(s)?;
    let whole = c.get(0)?;
    let mut text = s[..whole.end()].to_string();
    let mut used = whole.end();
    if let Some(tail) = c.name("tail") {
        let base = &s[..tail.start() - 1];
        let after_num = base.trim_start_matches(|c: char| c.is_ascii_digit());
        if after_num.contains('-') {
            text = base.to_string();
            used = base.len();
        } else {
            text = format!("{base}-{}", tail.as_str());
        }
    }
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let num = &text[..digits_end];
    Some((split_number(Some(num), &text[digits_end..])?, used))
}

/// Parses a whole number-and-symbol string (`52-NQ/TW`, `/KH-STP`).
pub fn parse_doc_number(s: &str) -> Option<DocNumber> {
    let s = s.trim();
    if s.starts_with('/') {
        return split_number(None, s);
    }
    let (n, used) = parse_doc_number_text(s)?;
    (used == s.len()).then_some(n)
}

fn split_number(number: Option<&str>, rest: &str) -> Option<DocNumber> {
    let mut sym = rest;
    let mut year = None;
    if let Some(after) = sym.strip_prefix('/') {
        if after.len() > 5
            && after.as_bytes()[4] == b'/'
            && after[..4].bytes().all(|b| b.is_ascii_digit())
        {
            year = after[..4].parse().ok();
            sym = &after[5..];
        } else {
            sym = after;
        }
    } else if let Some(after) = sym.strip_prefix('-') {
        sym = after;
    } else {
        return None;
    }
    if sym.is_empty() {
        return None;
    }
    let first = sym.split(['-', '/']).next().unwrap_or("");
    let type_abbr = crate::scan::signature::doc_type_from_abbr(first).map(|_| first.to_string());
    let full = match number {
        Some(n) => format!("{n}{rest}"),
        None => String::new(),
    };
    Some(DocNumber {
        full,
        number: number.map(str::to_string),
        year,
        symbol: sym.to_string(),
        type_abbr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u8, month: u8, year: u16) -> PartialDate {
        PartialDate::new(Some(day), Some(month), Some(year))
    }

    /// A place name is at most 41 letters (the capital and 40 more).
    #[test]
    fn place_names_have_a_length_limit() {
        let place = |n: usize| format!("H{}", "a".repeat(n));
        let line = |n: usize| format!("{}, ngày 14 tháng 01 năm 2022", place(n));
        assert_eq!(
            parse_place_date(&line(PLACE_MAX)).map(|p| p.place),
            Some(place(PLACE_MAX))
        );
        assert_eq!(parse_place_date(&line(PLACE_MAX + 1)), None);
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(parse_date("ngày 03/6/2020 của"), Some(d(3, 6, 2020)));
        assert_eq!(
            parse_date("05/04/2024").unwrap().iso().unwrap(),
            "2024-04-05"
        );
        assert_eq!(parse_date("19.11.2015"), Some(d(19, 11, 2015)));
    }

    #[test]
    fn worded_dates() {
        assert_eq!(
            parse_date("ngày 14 tháng 10 năm 2024"),
            Some(d(14, 10, 2024))
        );
        assert_eq!(
            parse_date("Hậu Giang, ngày        tháng 10 năm 2024"),
            Some(PartialDate::new(None, Some(10), Some(2024)))
        );
        // typo: tháng for năm (seed 002)
        assert_eq!(
            parse_date("ngày 31 tháng 3 tháng 2022 của"),
            Some(d(31, 3, 2022))
        );
        assert_eq!(
            parse_date("ngày  14  tháng 01 năm 2022"),
            Some(d(14, 1, 2022))
        );
        // letter-spaced text layer (real-dev d05)
        assert_eq!(
            parse_date("Lâm Đồng, ngày 0 6 tháng 11 năm 2025"),
            Some(d(6, 11, 2025))
        );
        assert_eq!(
            parse_date("ngày 6 tháng 1 1 năm 2025"),
            Some(d(6, 11, 2025))
        );
        // real-dev d03
        assert_eq!(
            parse_date("Thành phố Hồ Chí Minh, ngày 1 4 t h á n g 1 1 năm 2025"),
            Some(d(14, 11, 2025))
        );
        assert_eq!(parse_date("ngày 6 tháng 11 năm 2025"), Some(d(6, 11, 2025)));
    }

    #[test]
    fn iso_only_when_valid() {
        assert_eq!(d(29, 2, 2024).iso().as_deref(), Some("2024-02-29"));
        assert_eq!(d(29, 2, 2023).iso(), None);
        assert_eq!(d(31, 4, 2023).iso(), None);
        assert_eq!(PartialDate::new(None, Some(10), Some(2024)).iso(), None);
        assert_eq!(
            parse_date("45/13/2020"),
            Some(PartialDate::new(None, None, Some(2020)))
        );
    }

    #[test]
    fn finds_all_with_spans() {
        let s = "Kế hoạch số 78/KH-UBND ngày 27/4/2021 và ngày 31 tháng 5 năm 2021";
        let v = find_dates(s);
        assert_eq!(v.len(), 2);
        assert_eq!(&s[v[0].span.clone()], "27/4/2021");
        assert_eq!(v[1].raw, "ngày 31 tháng 5 năm 2021");
        assert!(find_dates("Quý III/2024, 2023-2025, 100%").is_empty());
    }

    #[test]
    fn place_date_lines() {
        let p = parse_place_date("Tuyên Quang, ngày  14  tháng 01 năm 2022").unwrap();
        assert_eq!(p.place, "Tuyên Quang");
        assert_eq!(p.date.iso().as_deref(), Some("2022-01-14"));
        let p = parse_place_date("Hậu Giang, ngày        tháng 10 năm 2024").unwrap();
        assert_eq!(p.place, "Hậu Giang");
        assert_eq!(p.date, PartialDate::new(None, Some(10), Some(2024)));
        let p = parse_place_date("TP. Hồ Chí Minh, ngày 05/04/2024").unwrap();
        assert_eq!(p.place, "TP. Hồ Chí Minh");
        assert_eq!(p.date_text, "ngày 05/04/2024");
        // Interleaved columns: the subject runs on after the date (real-dev d13).
        let line = "Hà Nội, ngày 0 3 tháng 0 5 năm 2024 V/v triển khai kiểm thử";
        let p = parse_place_date(line).unwrap();
        assert_eq!(p.place, "Hà Nội");
        assert_eq!(p.date.iso().as_deref(), Some("2024-05-03"));
        assert_eq!(p.date_text, "ngày 0 3 tháng 0 5 năm 2024");
        assert_eq!(line[p.end..].trim(), "V/v triển khai kiểm thử");
        assert!(parse_place_date("Căn cứ Kế hoạch, ngày này").is_none());
        assert!(parse_place_date("Sở Giao thông vận tải đã triển khai, theo đó").is_none());
    }

    #[test]
    fn so_lines() {
        let n = parse_so_line("Số:  04/KH-SGTVT").unwrap();
        assert_eq!(n.full, "04/KH-SGTVT");
        assert_eq!(n.number.as_deref(), Some("04"));
        assert_eq!(n.symbol, "KH-SGTVT");
        assert_eq!(n.type_abbr.as_deref(), Some("KH"));
        let n = parse_so_line("Số:         /KH-STP").unwrap();
        assert_eq!(n.full, "");
        assert_eq!(n.number, None);
        assert_eq!(n.symbol, "KH-STP");
        assert_eq!(n.type_abbr.as_deref(), Some("KH"));
        assert!(parse_so_line("Số lượng cán bộ CNTT chuyên trách: không có").is_none());
    }

    /// (line, full, number, symbol, type abbreviation).
    #[test]
    fn so_lines_blank_and_filled() {
        for (line, full, number, symbol, abbr) in [
            ("Số:    /KH-UBND", "", None, "KH-UBND", Some("KH")),
            ("Số: /QĐ-UBND", "", None, "QĐ-UBND", Some("QĐ")),
            (
                "Số: 04/KH-SGTVT",
                "04/KH-SGTVT",
                Some("04"),
                "KH-SGTVT",
                Some("KH"),
            ),
            (
                "Số: 329/BC-UBND",
                "329/BC-UBND",
                Some("329"),
                "BC-UBND",
                Some("BC"),
            ),
        ] {
            let n = parse_so_line(line).unwrap();
            assert_eq!(n.full, full, "{line}");
            assert_eq!(n.number.as_deref(), number, "{line}");
            assert_eq!(n.symbol, symbol, "{line}");
            assert_eq!(n.type_abbr.as_deref(), abbr, "{line}");
        }
    }

    #[test]
    fn so_line_letter_spaced_number() {
        let n = parse_so_line("Số: 6 4 4 /TTXT-ĐTDN").unwrap();
        assert_eq!(n.full, "644/TTXT-ĐTDN");
        assert_eq!(n.number.as_deref(), Some("644"));
        assert_eq!(n.symbol, "TTXT-ĐTDN");
        assert_eq!(n.type_abbr, None);
        let line = "Số: 1 2 4 5 /BHXH-CNTT Hà Nội, ngày 0 3 tháng 0 5 năm 2024";
        let (n, end) = parse_so_line_at(line).unwrap();
        assert_eq!(n.full, "1245/BHXH-CNTT");
        assert_eq!(line[end..].trim(), "Hà Nội, ngày 0 3 tháng 0 5 năm 2024");
        let n = parse_so_line("Số: 0 4/KH-SGTVT").unwrap();
        assert_eq!(n.full, "04/KH-SGTVT");
        // A number and a space before the slash: nothing to join.
        let n = parse_so_line("Số: 12 /KH-UBND").unwrap();
        assert_eq!(n.full, "12/KH-UBND");
        // Not one spaced number: two groups, or more than five digits.
        assert!(parse_so_line("Số: 12 3/KH-UBND").is_none());
        assert!(parse_so_line("Số: 1 2 3 4 5 6/KH-UBND").is_none());
    }

    #[test]
    fn number_shapes() {
        let n = parse_doc_number("1193/STTTT-CNTT&BCVT").unwrap();
        assert_eq!(n.number.as_deref(), Some("1193"));
        assert_eq!(n.symbol, "STTTT-CNTT&BCVT");
        assert_eq!(n.type_abbr, None);
        let n = parse_doc_number("52-NQ/TW").unwrap();
        assert_eq!(
            (n.number.as_deref(), n.symbol.as_str()),
            (Some("52"), "NQ/TW")
        );
        assert_eq!(n.type_abbr.as_deref(), Some("NQ"));
        let n = parse_doc_number("61/2018/NĐ-CP").unwrap();
        assert_eq!(n.year, Some(2018));
        assert_eq!(n.symbol, "NĐ-CP");
        assert_eq!(n.type_abbr.as_deref(), Some("NĐ"));
        let n = parse_doc_number("749/QĐ-TTg").unwrap();
        assert_eq!(n.full, "749/QĐ-TTg");
        assert!(parse_doc_number("03/6/2020").is_none());
        assert!(parse_doc_number("2424/2679").is_none());
    }

    #[test]
    fn number_with_space_for_hyphen() {
        let (n, used) = parse_doc_number_text("19/2018/QĐ UBND, ngày 20/12/2018").unwrap();
        assert_eq!(n.full, "19/2018/QĐ-UBND");
        assert_eq!(used, "19/2018/QĐ UBND".len());
        let (n, used) = parse_doc_number_text("190/KH-UBND UBND").unwrap();
        assert_eq!(n.full, "190/KH-UBND");
        assert_eq!(used, "190/KH-UBND".len());
    }
}
