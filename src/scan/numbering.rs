//! Section numbering at the start of a paragraph (đánh số đề mục): `Phần I`,
//! `I.`, `1.`, `2.1.`, `a)`, `(1)`, bullets `-` and `+`.
//!
//! The structure stage decides nesting; this module only says what kind of label
//! a paragraph starts with, and refuses look-alikes that open ordinary sentences
//! (`2024, góp phần…`, `03/6/2020`, `100% …`, `1.000 hồ sơ`, `Hậu Giang, ngày …`).

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// Kind of label, from the outermost level down (Nghị định 30/2020 and usage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum NumberingKind {
    /// `Phần I`, `PHẦN II` (phần).
    Part,
    /// `I.`, `IV.` (La Mã).
    Roman,
    /// `1.`, `2.1.`, `4.2.1`, `3.2.Mục tiêu` (số Ả Rập, depth = components).
    Decimal,
    /// `a)`, `đ)` (chữ cái, Vietnamese order).
    Letter,
    /// `(1)`, `(a)` (trong ngoặc).
    Parenthesized,
    /// `-`, `–`, `•` (gạch đầu dòng).
    Bullet,
    /// `+` (dấu cộng), the level under `-`.
    PlusBullet,
}

/// A recognised label at the start of `text`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Numbering<'a> {
    pub kind: NumberingKind,
    /// Normalised label: `I`, `2.1`, `a`, `1` (for `(1)`), `-`, `+`; a part keeps
    /// its number only (`II` for `PHẦN II`).
    pub label: String,
    /// Components for decimals (`4.2.1` → 3), 1 otherwise.
    pub depth: u8,
    /// Value of the last component (`IV` → 4, `2.3` → 3, `đ` → 5); `None` for bullets.
    pub value: Option<u32>,
    /// Byte offset where the text after the label starts.
    pub offset: usize,
    /// Text after the label, leading spaces removed.
    pub rest: &'a str,
}

static PART_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?i:phần)\s+(?P<n>[IVXLC]+|\d{1,2})\b\s*[.:\-–]?\s*").expect("part")
});
static ROMAN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?P<n>[IVXL]+)\s*\.\s*").expect("roman"));
static DECIMAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<n>\d{1,2}(?:\.\d{1,3})*)(?P<end>\.|\))?").expect("decimal")
});
static LETTER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?P<n>[a-zđ])(?P<end>\)|\.\s)\s*").expect("letter"));
static PAREN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\((?P<n>\d{1,2}|[a-zđ])\)\s*").expect("paren"));
static BULLET_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<b>[-–—•●▪◦·∙*])(?:\s+|(?P<tight>\p{Lu}))").expect("bullet")
});
static PLUS_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\+(?:\s+|(?P<tight>\p{L}))").expect("plus"));

/// Recognises the label that opens `text` (a paragraph or line), or `None`.
///
/// Decimal rules (to refuse numbers that open sentences): components have at most
/// two digits for the first and three after; a single component needs `.` or `)`
/// after it; a dot must not be followed by a digit (`1.000`), and the label must
/// be followed by a space, a letter or the end (not `%`, `/`, `,`). A multi-level
/// label without a trailing dot must be followed by a space or a letter.
pub fn parse_numbering(text: &str) -> Option<Numbering<'_>> {
    if let Some(c) = PART_RE.captures(text) {
        let n = &c["n"];
        let value = roman_value(n).or_else(|| n.parse().ok());
        if value.is_some() {
            return Some(make(
                text,
                NumberingKind::Part,
                n.to_string(),
                1,
                value,
                c.get(0)?.end(),
            ));
        }
    }
    if let Some(c) = ROMAN_RE.captures(text) {
        let n = &c["n"];
        let end = c.get(0)?.end();
        let next = text[end..].chars().next();
        if let Some(v) = roman_value(n) {
            if next.is_none_or(|ch| !ch.is_ascii_digit()) {
                return Some(make(
                    text,
                    NumberingKind::Roman,
                    n.to_string(),
                    1,
                    Some(v),
                    end,
                ));
            }
        }
    }
    if let Some(c) = PAREN_RE.captures(text) {
        let n = &c["n"];
        let value = n.parse().ok().or_else(|| letter_value(n.chars().next()?));
        return Some(make(
            text,
            NumberingKind::Parenthesized,
            n.to_string(),
            1,
            value,
            c.get(0)?.end(),
        ));
    }
    if let Some(c) = DECIMAL_RE.captures(text) {
        if let Some(n) = decimal(text, &c) {
            return Some(n);
        }
    }
    if let Some(c) = LETTER_RE.captures(text) {
        let n = &c["n"];
        let ch = n.chars().next()?;
        let end = c.get(0)?.end();
        // `a.` only when a capital follows (`a. Mục đích`), not abbreviations.
        let ok = &c["end"] == ")" || text[end..].chars().next().is_some_and(char::is_uppercase);
        if ok {
            if let Some(v) = letter_value(ch) {
                return Some(make(
                    text,
                    NumberingKind::Letter,
                    n.to_string(),
                    1,
                    Some(v),
                    end,
                ));
            }
        }
    }
    if let Some(c) = BULLET_RE.captures(text) {
        let end = c.name("tight").map_or(c.get(0)?.end(), |t| t.start());
        return Some(make(text, NumberingKind::Bullet, "-".into(), 1, None, end));
    }
    if let Some(c) = PLUS_RE.captures(text) {
        let end = c.name("tight").map_or(c.get(0)?.end(), |t| t.start());
        return Some(make(
            text,
            NumberingKind::PlusBullet,
            "+".into(),
            1,
            None,
            end,
        ));
    }
    None
}

fn decimal<'a>(text: &'a str, c: &regex::Captures<'a>) -> Option<Numbering<'a>> {
    let n = c.name("n")?.as_str();
    let parts: Vec<&str> = n.split('.').collect();
    let depth = parts.len();
    let end_mark = c.name("end").map(|m| m.as_str());
    let mut end = c.get(0)?.end();
    let next = text[end..].chars().next();
    if depth > 1 && parts[1..].iter().any(|p| p.len() > 2) {
        return None; // 1.000 (thousands)
    }
    if depth == 1 && end_mark.is_none() {
        return None; // `01 máy chủ`, `2024, …`
    }
    match next {
        None => {}
        Some(ch) if ch.is_whitespace() => {}
        // `3.2.Mục tiêu`: tight only before a capital or with a dot
        Some(ch) if ch.is_alphabetic() && end_mark.is_none() && !ch.is_uppercase() => return None,
        Some(ch) if ch.is_alphabetic() => {}
        Some('(' | '"' | '“') => {}
        Some(_) => return None,
    }
    if end_mark == Some(")") && depth > 1 {
        return None;
    }
    while text[end..].starts_with(char::is_whitespace) {
        end += text[end..].chars().next().map_or(1, char::len_utf8);
    }
    if end_mark.is_none()
        && text[end..]
            .chars()
            .next()
            .is_some_and(|ch| !ch.is_uppercase())
    {
        return None; // `2.5 triệu đồng`: an undotted label must open a capitalised heading
    }
    let value = parts.last()?.parse().ok();
    Some(make(
        text,
        NumberingKind::Decimal,
        n.to_string(),
        depth.min(255) as u8,
        value,
        end,
    ))
}

fn make(
    text: &str,
    kind: NumberingKind,
    label: String,
    depth: u8,
    value: Option<u32>,
    end: usize,
) -> Numbering<'_> {
    let rest = text[end..].trim_start();
    Numbering {
        kind,
        label,
        depth,
        value,
        offset: text.len() - rest.len(),
        rest,
    }
}

/// Value of a Roman numeral in canonical form (`IV` = 4, `XIX` = 19); `None` for
/// anything else (`IIII`, `VX`, empty). Why: to warn when headings go out of order
/// (seed 000 has `VI.` before `V.`) without renumbering them.
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let val = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Vec<u32> = s.chars().map(val).collect::<Option<_>>()?;
    let mut total: i64 = 0;
    for (i, &d) in digits.iter().enumerate() {
        // a smaller digit before a larger one is subtracted (IV, XC)
        if digits.get(i + 1).is_some_and(|&n| n > d) {
            total -= i64::from(d);
        } else {
            total += i64::from(d);
        }
    }
    let total = u32::try_from(total).ok()?;
    (to_roman(total).as_deref() == Some(s)).then_some(total)
}

/// Canonical Roman numeral for 1..=3999.
pub fn to_roman(mut n: u32) -> Option<String> {
    if n == 0 || n > 3999 {
        return None;
    }
    const T: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for &(v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    Some(s)
}

/// Position of a list letter in Vietnamese order (a b c d đ e g h i k l m n o p
/// q r s t u v x y): `a` = 1, `đ` = 5, `e` = 6, `g` = 7. Letters not used for
/// numbering (`f`, `j`, `w`, `z`) give `None`.
pub fn letter_value(c: char) -> Option<u32> {
    const ORDER: &str = "abcdđeghiklmnopqrstuvxy";
    ORDER.chars().position(|x| x == c).map(|p| p as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberingKind::*;

    fn k(s: &str) -> Option<(NumberingKind, String, u8, &str)> {
        parse_numbering(s).map(|n| (n.kind, n.label, n.depth, n.rest))
    }

    #[test]
    fn parts_and_romans() {
        assert_eq!(k("Phần I"), Some((Part, "I".into(), 1, "")));
        assert_eq!(
            k("PHẦN II. ĐÁNH GIÁ"),
            Some((Part, "II".into(), 1, "ĐÁNH GIÁ"))
        );
        assert_eq!(k("Phần mềm Quản lý văn bản:"), None);
        let n = parse_numbering("I. MỤC TIÊU XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ").unwrap();
        assert_eq!((n.kind, n.label.as_str(), n.value), (Roman, "I", Some(1)));
        assert_eq!(n.rest, "MỤC TIÊU XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ");
        assert_eq!(
            parse_numbering("VI. KINH PHÍ THỰC HIỆN").unwrap().value,
            Some(6)
        );
        assert_eq!(
            parse_numbering(" II. NỘI DUNG KẾ HOẠCH").unwrap().value,
            Some(2)
        );
        assert_eq!(
            parse_numbering("IV. GIẢI PHÁP THỰC HIỆN").unwrap().value,
            Some(4)
        );
    }

    #[test]
    fn decimals() {
        assert_eq!(
            k("1. Mục tiêu chung"),
            Some((Decimal, "1".into(), 1, "Mục tiêu chung"))
        );
        assert_eq!(
            k("2.1. Phần mềm dùng chung của tỉnh"),
            Some((Decimal, "2.1".into(), 2, "Phần mềm dùng chung của tỉnh"))
        );
        assert_eq!(
            k("4.2.1. Ứng dụng CNTT"),
            Some((Decimal, "4.2.1".into(), 3, "Ứng dụng CNTT"))
        );
        assert_eq!(
            k("4.2.2 Cung cấp dịch vụ công trực tuyến"),
            Some((
                Decimal,
                "4.2.2".into(),
                3,
                "Cung cấp dịch vụ công trực tuyến"
            ))
        );
        assert_eq!(
            k("3.2.Mục tiêu đến năm 2025"),
            Some((Decimal, "3.2".into(), 2, "Mục tiêu đến năm 2025"))
        );
        assert_eq!(
            k("10. Kế hoạch số 190/KH-UBND"),
            Some((Decimal, "10".into(), 1, "Kế hoạch số 190/KH-UBND"))
        );
        assert_eq!(k("1) Nội dung"), Some((Decimal, "1".into(), 1, "Nội dung")));
        let n = parse_numbering("3.3. Mục tiêuđến năm 2030").unwrap();
        assert_eq!((n.value, n.offset), (Some(3), 5));
    }

    #[test]
    fn decimal_false_positives() {
        for s in [
            "2024, góp phần hoàn thành nhiệm vụ",
            "03/6/2020 của Thủ tướng",
            "100% báo cáo được thực hiện",
            "1.000 hồ sơ được giải quyết",
            "39.392 hồ sơ",
            "01 máy chủ.",
            "Hậu Giang, ngày        tháng 10 năm 2024",
            "2.5 triệu đồng",
            "52,63%",
            "2023 - 2025",
        ] {
            assert_eq!(parse_numbering(s), None, "{s}");
        }
    }

    #[test]
    fn letters() {
        assert_eq!(
            k("a) Nâng cao nhận thức"),
            Some((Letter, "a".into(), 1, "Nâng cao nhận thức"))
        );
        let n = parse_numbering("đ) Tỷ lệ hồ sơ công việc").unwrap();
        assert_eq!((n.kind, n.value), (Letter, Some(5)));
        assert_eq!(
            parse_numbering("e) Tỷ lệ phê duyệt").unwrap().value,
            Some(6)
        );
        assert_eq!(k("a. Mục đích"), Some((Letter, "a".into(), 1, "Mục đích")));
        assert_eq!(k("b/c"), None);
        assert_eq!(letter_value('g'), Some(7));
        assert_eq!(letter_value('f'), None);
    }

    #[test]
    fn parens_and_bullets() {
        assert_eq!(
            k("(1) Nền tảng tích hợp"),
            Some((Parenthesized, "1".into(), 1, "Nền tảng tích hợp"))
        );
        assert_eq!(
            k("- Phần mềm Quản lý văn bản:"),
            Some((Bullet, "-".into(), 1, "Phần mềm Quản lý văn bản:"))
        );
        assert_eq!(k("– Lào"), Some((Bullet, "-".into(), 1, "Lào")));
        assert_eq!(k("• Nội dung"), Some((Bullet, "-".into(), 1, "Nội dung")));
        assert_eq!(k("-Tham gia"), Some((Bullet, "-".into(), 1, "Tham gia")));
        assert_eq!(
            k("+ 100% hồ sơ được cập nhật"),
            Some((PlusBullet, "+".into(), 1, "100% hồ sơ được cập nhật"))
        );
        assert_eq!(k("-5% so với"), None);
        assert_eq!(k(""), None);
        assert_eq!(k("Nâng cao nhận thức"), None);
    }

    #[test]
    fn romans() {
        assert_eq!(roman_value("I"), Some(1));
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("IX"), Some(9));
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("XL"), Some(40));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("VX"), None);
        assert_eq!(roman_value(""), None);
        assert_eq!(to_roman(1994).as_deref(), Some("MCMXCIV"));
    }
}
