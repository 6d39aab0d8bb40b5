//! Time frames of tasks (thời gian thực hiện / hoàn thành): `Quý III/2024`,
//! `Tháng 10/2024`, `Trước 30/6/2024`, `2023-2025`, `Năm 2024`, `Thường xuyên`,
//! `Định kỳ hàng tháng`.
//!
//! The text is always kept; `start`/`end` (ISO) and `recurrence` are filled only
//! where the text supports them. Nothing is guessed for text it cannot read.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::date::{days_in_month, find_dates};
use super::numbering::roman_value;
use crate::vn::{collapse_ws, fold_key};

/// How often a task repeats (tính lặp lại).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// `Thường xuyên`: continuous, no end.
    Ongoing,
    /// `hàng tuần`.
    Weekly,
    /// `hàng tháng`.
    Monthly,
    /// `hàng quý`.
    Quarterly,
    /// `6 tháng`, `hàng 6 tháng`.
    Semiannual,
    /// `hàng năm`.
    Yearly,
    /// `Định kỳ` without one period (`Định kỳ (Tháng/quý/năm)`).
    Periodic,
}

impl Recurrence {
    /// The lower-case name used in datasets (`ongoing`, `monthly`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            Recurrence::Ongoing => "ongoing",
            Recurrence::Weekly => "weekly",
            Recurrence::Monthly => "monthly",
            Recurrence::Quarterly => "quarterly",
            Recurrence::Semiannual => "semiannual",
            Recurrence::Yearly => "yearly",
            Recurrence::Periodic => "periodic",
        }
    }
}

/// A parsed time frame.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeframe {
    /// The text as written (spaces collapsed).
    pub text: String,
    /// First day, ISO, when the text gives one.
    pub start: Option<String>,
    /// Last day or deadline, ISO, when the text gives one.
    pub end: Option<String>,
    pub recurrence: Option<Recurrence>,
}

type Day = (u16, u8, u8);

static QUARTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)quý\s*(?P<q>[IV]+|[1-4])(?:\s*(?:,|-|–|và|đến)\s*(?:quý\s*)?(?P<q2>[IV]+|[1-4]))?\s*(?:/|năm|-)\s*(?P<y>(?:19|20)\d{2})")
        .expect("quarter")
});
static MONTH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)tháng\s*(?P<m>\d{1,2})(?:\s*(?:-|–|đến)\s*(?:tháng\s*)?(?P<m2>\d{1,2}))?\s*(?:/|năm|-)\s*(?P<y>(?:19|20)\d{2})\b")
        .expect("month")
});
static HALF_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:6|sáu)\s*tháng\s*(?P<h>đầu|cuối)\s*(?:năm\s*)?(?P<y>(?:19|20)\d{2})\b")
        .expect("half")
});
static RANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<a>(?:19|20)\d{2})\s*(?:-|–|đến)\s*(?:năm\s*)?(?P<b>(?:19|20)\d{2})\b")
        .expect("range")
});
static YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d/.-])(?P<y>(?:19|20)\d{2})(?:$|[^\d/.-])").expect("year")
});

/// Parses a time-frame cell or phrase (see the module doc). Several periods in
/// one text (`Quý I, II/2024`, `Tháng 10-12/2024`) give their union; `Trước` /
/// `chậm nhất` / `hoàn thành trước` turn the period into a deadline (end only:
/// the date itself, or the day before a month, quarter or year starts); `Từ`
/// alone gives a start only, `Đến` alone an end only; `6 tháng đầu/cuối năm` is a
/// half year.
pub fn parse_timeframe(text: &str) -> Timeframe {
    let folded = fold_key(text);
    let recurrence = recurrence_of(&folded);
    let mut periods: Vec<(Day, Day)> = Vec::new();
    let mut used: Vec<std::ops::Range<usize>> = Vec::new();
    let overlaps = |used: &[std::ops::Range<usize>], r: &std::ops::Range<usize>| {
        used.iter().any(|u| u.start < r.end && r.start < u.end)
    };

    for d in find_dates(text) {
        if d.date.iso().is_some() {
            let day = (
                d.date.year.unwrap_or(0),
                d.date.month.unwrap_or(0),
                d.date.day.unwrap_or(0),
            );
            periods.push((day, day));
            used.push(d.span.clone());
        } else if let (None, Some(m), Some(y)) = (d.date.day, d.date.month, d.date.year) {
            if let Some(last) = days_in_month(y, m) {
                periods.push(((y, m, 1), (y, m, last)));
                used.push(d.span.clone());
            }
        }
    }
    for c in HALF_RE.captures_iter(text) {
        let r = c.get(0).map(|m| m.range()).unwrap_or_default();
        if overlaps(&used, &r) {
            continue;
        }
        let Some(y) = c.name("y").and_then(|y| y.as_str().parse::<u16>().ok()) else {
            continue;
        };
        let first = c.name("h").is_some_and(|h| fold_key(h.as_str()) == "dau");
        periods.push(if first {
            ((y, 1, 1), (y, 6, 30))
        } else {
            ((y, 7, 1), (y, 12, 31))
        });
        used.push(r);
    }
    for c in QUARTER_RE.captures_iter(text) {
        let r = c.get(0).map(|m| m.range()).unwrap_or_default();
        if overlaps(&used, &r) {
            continue;
        }
        let Some(y) = c.name("y").and_then(|y| y.as_str().parse::<u16>().ok()) else {
            continue;
        };
        let q1 = quarter(c.name("q").map(|m| m.as_str()));
        let q2 = quarter(c.name("q2").map(|m| m.as_str())).or(q1);
        if let (Some(a), Some(b)) = (q1, q2) {
            let (a, b) = (a.min(b), a.max(b));
            let end_m = b * 3;
            periods.push((
                (y, a * 3 - 2, 1),
                (y, end_m, days_in_month(y, end_m).unwrap_or(30)),
            ));
            used.push(r);
        }
    }
    for c in MONTH_RE.captures_iter(text) {
        let r = c.get(0).map(|m| m.range()).unwrap_or_default();
        if overlaps(&used, &r) {
            continue;
        }
        let Some(y) = c.name("y").and_then(|y| y.as_str().parse::<u16>().ok()) else {
            continue;
        };
        let m1 = c
            .name("m")
            .and_then(|m| m.as_str().parse::<u8>().ok())
            .filter(|m| (1..=12).contains(m));
        let m2 = c
            .name("m2")
            .and_then(|m| m.as_str().parse::<u8>().ok())
            .filter(|m| (1..=12).contains(m))
            .or(m1);
        if let (Some(a), Some(b)) = (m1, m2) {
            let (a, b) = (a.min(b), a.max(b));
            periods.push(((y, a, 1), (y, b, days_in_month(y, b).unwrap_or(30))));
            used.push(r);
        }
    }
    for c in RANGE_RE.captures_iter(text) {
        let r = c.get(0).map(|m| m.range()).unwrap_or_default();
        if overlaps(&used, &r) {
            continue;
        }
        let (Some(a), Some(b)) = (
            c.name("a").and_then(|y| y.as_str().parse::<u16>().ok()),
            c.name("b").and_then(|y| y.as_str().parse::<u16>().ok()),
        ) else {
            continue;
        };
        if a <= b {
            periods.push(((a, 1, 1), (b, 12, 31)));
            used.push(r);
        }
    }
    for c in YEAR_RE.captures_iter(text) {
        let Some(m) = c.name("y") else { continue };
        if overlaps(&used, &m.range()) {
            continue;
        }
        if let Ok(y) = m.as_str().parse::<u16>() {
            periods.push(((y, 1, 1), (y, 12, 31)));
            used.push(m.range());
        }
    }

    let start = periods.iter().map(|p| p.0).min();
    let end = periods.iter().map(|p| p.1).max();
    let deadline = ["truoc ", "cham nhat", "han chot"]
        .iter()
        .any(|w| format!(" {folded}").contains(&format!(" {w}")));
    let from_only = folded.starts_with("tu ") && !folded.contains(" den ");
    // `Đến năm 2025`, `Đến hết tháng 6/2024`: an end only.
    let until = folded.starts_with("den ");
    let (start, end) = if deadline {
        // `Trước 30/6/2024` → end that day; `Trước tháng 6/2024` → the day before
        let single = periods.len() == 1 && periods[0].0 == periods[0].1;
        (
            None,
            if single {
                end
            } else {
                start.and_then(day_before)
            },
        )
    } else if from_only {
        (start, None)
    } else if until {
        (None, end)
    } else {
        (start, end)
    };
    Timeframe {
        text: collapse_ws(text),
        start: start.map(iso),
        end: end.map(iso),
        recurrence,
    }
}

fn quarter(s: Option<&str>) -> Option<u8> {
    let s = s?;
    let v = s
        .parse::<u32>()
        .ok()
        .or_else(|| roman_value(&s.to_uppercase()))?;
    u8::try_from(v).ok().filter(|q| (1..=4).contains(q))
}

fn iso((y, m, d): Day) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn day_before((y, m, d): Day) -> Option<Day> {
    if d > 1 {
        Some((y, m, d - 1))
    } else if m > 1 {
        Some((y, m - 1, days_in_month(y, m - 1)?))
    } else {
        Some((y.checked_sub(1)?, 12, 31))
    }
}

fn recurrence_of(f: &str) -> Option<Recurrence> {
    // `6 tháng đầu năm 2024` is a period, not a repetition.
    let f = f
        .replace("6 thang dau", "")
        .replace("6 thang cuoi", "")
        .replace("sau thang dau", "")
        .replace("sau thang cuoi", "");
    let has = |w: &str| f.contains(w);
    let period = if has("hang tuan") {
        Some(Recurrence::Weekly)
    } else if has("hang thang") {
        Some(Recurrence::Monthly)
    } else if has("hang quy") {
        Some(Recurrence::Quarterly)
    } else if has("6 thang") || has("sau thang") {
        Some(Recurrence::Semiannual)
    } else if has("hang nam") {
        Some(Recurrence::Yearly)
    } else {
        None
    };
    if period.is_some() {
        return period;
    }
    if has("dinh ky") {
        return Some(Recurrence::Periodic);
    }
    if has("thuong xuyen") || has("lien tuc") {
        return Some(Recurrence::Ongoing);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn se(s: &str) -> (Option<String>, Option<String>, Option<Recurrence>) {
        let t = parse_timeframe(s);
        (t.start, t.end, t.recurrence)
    }

    fn some(a: &str, b: &str) -> (Option<String>, Option<String>, Option<Recurrence>) {
        (Some(a.into()), Some(b.into()), None)
    }

    #[test]
    fn quarters_months_years() {
        assert_eq!(se("Quý III/2024"), some("2024-07-01", "2024-09-30"));
        assert_eq!(se("Quý I/2024"), some("2024-01-01", "2024-03-31"));
        assert_eq!(se("Quý IV/2024"), some("2024-10-01", "2024-12-31"));
        assert_eq!(se("Quý I, II/2024"), some("2024-01-01", "2024-06-30"));
        assert_eq!(se("Tháng 10/2024"), some("2024-10-01", "2024-10-31"));
        assert_eq!(se("Tháng 12/2024"), some("2024-12-01", "2024-12-31"));
        assert_eq!(se("Tháng 2/2024"), some("2024-02-01", "2024-02-29"));
        assert_eq!(se("2023-2025"), some("2023-01-01", "2025-12-31"));
        assert_eq!(se("2024 - 2025"), some("2024-01-01", "2025-12-31"));
        assert_eq!(se("Năm 2024"), some("2024-01-01", "2024-12-31"));
    }

    #[test]
    fn deadlines() {
        assert_eq!(
            se("Trước 30/6/2024"),
            (None, Some("2024-06-30".into()), None)
        );
        assert_eq!(
            se("Trước tháng 6/2024"),
            (None, Some("2024-05-31".into()), None)
        );
        assert_eq!(
            se("Từ tháng 10/2024"),
            (Some("2024-10-01".into()), None, None)
        );
    }

    #[test]
    fn recurring() {
        assert_eq!(se("Thường xuyên"), (None, None, Some(Recurrence::Ongoing)));
        assert_eq!(
            se("Định kỳ hàng tháng"),
            (None, None, Some(Recurrence::Monthly))
        );
        assert_eq!(
            se("Định kỳ đánh giá hàng tháng"),
            (None, None, Some(Recurrence::Monthly))
        );
        assert_eq!(
            se("Định kỳ (Tháng/quý/năm)"),
            (None, None, Some(Recurrence::Periodic))
        );
        let t = parse_timeframe("Định kỳ hàng tháng theo Kế hoạch số 210/KH-UBND");
        assert_eq!(t.recurrence, Some(Recurrence::Monthly));
        assert_eq!((t.start, t.end), (None, None));
        assert_eq!(t.text, "Định kỳ hàng tháng theo Kế hoạch số 210/KH-UBND");
        assert_eq!(se("Thường xuyên, năm 2024").2, Some(Recurrence::Ongoing));
        assert_eq!(se("Hàng năm").2, Some(Recurrence::Yearly));
    }

    #[test]
    fn more_forms() {
        assert_eq!(
            se("Trước ngày 30 tháng 6 năm 2024"),
            (None, Some("2024-06-30".into()), None)
        );
        assert_eq!(se("Quý II, III/2024"), some("2024-04-01", "2024-09-30"));
        assert_eq!(se("Quý III năm 2024"), some("2024-07-01", "2024-09-30"));
        assert_eq!(
            se("Tháng 6/2024 - Tháng 12/2024"),
            some("2024-06-01", "2024-12-31")
        );
        assert_eq!(se("Năm 2024 - 2025"), some("2024-01-01", "2025-12-31"));
        assert_eq!(se("6 tháng đầu năm 2024"), some("2024-01-01", "2024-06-30"));
        assert_eq!(
            se("6 tháng cuối năm 2024"),
            some("2024-07-01", "2024-12-31")
        );
        assert_eq!(se("Đến năm 2025"), (None, Some("2025-12-31".into()), None));
        assert_eq!(
            se("Đến hết tháng 6/2024"),
            (None, Some("2024-06-30".into()), None)
        );
        assert_eq!(se("Định kỳ 6 tháng").2, Some(Recurrence::Semiannual));
        assert_eq!(se("Hằng năm").2, Some(Recurrence::Yearly));
        assert_eq!(se("Hằng quý").2, Some(Recurrence::Quarterly));
        assert_eq!(se("Trước 31/12"), (None, None, None));
    }

    #[test]
    fn nothing_invented() {
        assert_eq!(se("Theo tiến độ dự án"), (None, None, None));
        assert_eq!(se(""), (None, None, None));
        assert_eq!(se("Kế hoạch số 210/KH-UBND"), (None, None, None));
        assert_eq!(parse_timeframe("  Quý   III/2024 ").text, "Quý III/2024");
    }
}
