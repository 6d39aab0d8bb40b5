//! Splitting a lead/partner cell into the bodies it names.

use crate::vn::fold_key;
use regex::Regex;
use std::sync::OnceLock;

/// A cell split by role: the bodies before `phối hợp (với)` and those after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleSplit {
    /// Bodies in the cell's own role (the lead in a lead cell).
    pub main: Vec<String>,
    /// Bodies after `phối hợp`/`phối hợp với` (partners named in a lead cell).
    pub partners: Vec<String>,
}

/// The bodies named in a cell, as written (trimmed of bullets and separators),
/// in order. Separators: `;`, bullets and line breaks before a new body, `,`
/// and `và` only before a new body (see the module docs), and `phối hợp (với)`
/// (both sides are returned; [`split_roles`] tells them apart).
///
/// ```
/// use kehoach::agency::split_agencies;
/// assert_eq!(
///     split_agencies("Các sở, ban, ngành tỉnh; UBND các huyện, thị xã, thành phố"),
///     ["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"]
/// );
/// assert_eq!(split_agencies("Sở Nội vụ và Sở Tư pháp"), ["Sở Nội vụ", "Sở Tư pháp"]);
/// ```
pub fn split_agencies(cell: &str) -> Vec<String> {
    let r = split_roles(cell);
    r.main.into_iter().chain(r.partners).collect()
}

/// Splits a cell at `phối hợp (với)`: `Văn phòng Sở phối hợp Phòng Kế hoạch -
/// Tài chính` → main `[Văn phòng Sở]`, partners `[Phòng Kế hoạch - Tài chính]`.
/// A cell without the connector has everything in `main`; so has a cell that
/// starts with it (`Phối hợp với Sở Y tế`).
pub fn split_roles(cell: &str) -> RoleSplit {
    split_roles_with(cell, &super::builtin_known)
}

pub(super) fn split_roles_with(cell: &str, known: &dyn Fn(&str) -> bool) -> RoleSplit {
    static ROLE_NOTE: OnceLock<Regex> = OnceLock::new();
    static LEAD_MARK: OnceLock<Regex> = OnceLock::new();
    static CONNECTOR: OnceLock<Regex> = OnceLock::new();
    let role_note = ROLE_NOTE.get_or_init(|| {
        Regex::new(r"(?i)\(\s*(?:chủ\s+trì|phối\s+hợp|thường\s+trực)\s*\)").expect("regex")
    });
    let lead_mark = LEAD_MARK
        .get_or_init(|| Regex::new(r"(?i)(?:^|\s)chủ\s+trì\s*(?:[,:;]|$)").expect("regex"));
    let connector = CONNECTOR.get_or_init(|| {
        Regex::new(r"(?i)(?:^|[\s,;])phối\s+hợp(?:\s+(?:với|cùng))?\s*:?").expect("regex")
    });

    let text = join_lines(cell);
    let text = role_note.replace_all(&text, " ");
    let text = lead_mark.replace_all(&text, " ; ");
    let (main, partners) = match connector.find(&text) {
        Some(m) => (&text[..m.start()], &text[m.end()..]),
        None => (&text[..], ""),
    };
    let (main, partners) = if main.chars().any(char::is_alphabetic) {
        (main, partners)
    } else {
        (partners, "")
    };
    RoleSplit {
        main: split_list(main, known),
        partners: split_list(partners, known),
    }
}

/// Joins a cell's lines: a line break before a bullet or a new body becomes
/// `;`, any other is a wrapped line (a space).
fn join_lines(cell: &str) -> String {
    let mut acc = String::new();
    for line in cell.split(['\n', '\r', '\u{2028}']) {
        let l = crate::vn::clean(line);
        if l.is_empty() {
            continue;
        }
        if acc.is_empty() {
            acc = l;
        } else if l.starts_with(BULLETS) || acc.ends_with(';') || starts_body(&l) {
            acc.push_str("; ");
            acc.push_str(&l);
        } else {
            crate::vn::join_wrapped(&mut acc, &l);
        }
    }
    acc
}

const BULLETS: &[char] = &['-', '+', '•', '*', '·', '▪', '○', '●', '◦', '–', '—', '>'];

/// Trims bullets, separators and connector words around one body.
pub(super) fn trim_body(s: &str) -> String {
    let mut s = s.trim();
    loop {
        let before = s;
        s = s
            .trim_start_matches(|c: char| {
                BULLETS.contains(&c) || ":;,.".contains(c) || c.is_whitespace()
            })
            .trim_end_matches(|c: char| ";,:".contains(c) || c.is_whitespace());
        // One trailing full stop, but not an abbreviation's (`TP.`).
        if let Some(t) = s.strip_suffix('.') {
            if !t.ends_with(|c: char| c.is_uppercase()) {
                s = t;
            }
        }
        for w in ["với", "cùng", "và"] {
            let n = w.len();
            if s.len() > n + 1
                && s.is_char_boundary(n)
                && s[n..].starts_with(' ')
                && fold_key(&s[..n]) == fold_key(w)
            {
                s = s[n..].trim_start();
            }
        }
        if s == before {
            break;
        }
    }
    let s = s.trim_matches(|c| c == '"' || c == '\'');
    // A connector left alone.
    if matches!(fold_key(s).as_str(), "va" | "voi" | "cung") {
        return String::new();
    }
    // A parenthesis left open or closed by a split.
    let s = if s.ends_with('(') {
        s.trim_end_matches('(').trim_end()
    } else {
        s
    };
    s.to_string()
}

/// Splits a role part into bodies.
fn split_list(text: &str, known: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |s: &str| {
        let b = trim_body(s);
        if b.chars().any(char::is_alphabetic) {
            out.push(b);
        }
    };
    for chunk in text.split([';', '•', '\n']) {
        let chunk = trim_body(chunk);
        if chunk.is_empty() {
            continue;
        }
        if known(&chunk) {
            push(&chunk);
            continue;
        }
        if let Some(bodies) = colon_list(&chunk, known) {
            for b in bodies {
                push(&b);
            }
            continue;
        }
        for piece in comma_split(&chunk, known) {
            if known(&piece) {
                push(&piece);
                continue;
            }
            for body in va_split(&piece) {
                push(&body);
            }
        }
    }
    out
}

/// The compressed form `Các Sở: Nội vụ, Tài chính, Kế hoạch và Đầu tư` (also
/// `Bộ:`): each item gets the head word back (`Sở Nội vụ`, …); a last item
/// `Tài chính và Y tế` is two bodies when both halves are known.
fn colon_list(chunk: &str, known: &dyn Fn(&str) -> bool) -> Option<Vec<String>> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:[Cc]ác\s+)?(Sở|Bộ|SỞ|BỘ|sở|bộ)\s*:\s*(\S.*)$").expect("regex")
    });
    let caps = re.captures(chunk)?;
    let head = match fold_key(&caps[1]).as_str() {
        "so" => "Sở",
        _ => "Bộ",
    };
    let mut out = Vec::new();
    for item in caps[2].split(',') {
        let item = trim_body(item);
        if item.is_empty() {
            continue;
        }
        let whole = format!("{head} {item}");
        if !known(&whole) {
            let mut from = 0;
            let mut done = false;
            while let Some(pos) = find_word(&item, "và", from) {
                let left = format!("{head} {}", item[..pos].trim());
                let right = format!("{head} {}", item[pos + "và".len()..].trim());
                if known(&left) && known(&right) {
                    out.push(left);
                    out.push(right);
                    done = true;
                    break;
                }
                from = pos + "và".len();
            }
            if done {
                continue;
            }
        }
        out.push(whole);
    }
    Some(out)
}

/// Splits at the commas that separate bodies.
fn comma_split(chunk: &str, known: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut parts = chunk.split(',');
    let mut acc = parts.next().unwrap_or("").to_string();
    let mut out = Vec::new();
    for p in parts {
        if comma_separates(&acc, p, known) {
            out.push(std::mem::take(&mut acc));
            acc.push_str(p);
        } else {
            acc.push(',');
            acc.push_str(p);
        }
    }
    out.push(acc);
    out
}

/// Whether a comma between `before` and `after` (the next comma segment)
/// separates two bodies rather than items inside one name or collective
/// phrase (`Văn hóa, Thể thao`, `sở, ban, ngành`, `huyện, thị xã`).
fn comma_separates(before: &str, after: &str, known: &dyn Fn(&str) -> bool) -> bool {
    let a = after.trim();
    if a.is_empty() || !before.chars().any(char::is_alphabetic) {
        return false;
    }
    if starts_body(a) || known(a) {
        return true;
    }
    if a.starts_with(char::is_lowercase) {
        // `các sở, ban, ngành`: a list inside a collective phrase continues
        // after a lower-case word or a lone `Sở`; after a proper name
        // (`Sở TT&TT, doanh nghiệp viễn thông`) a new body starts.
        let mut words = before.split_whitespace();
        let last_lower = words
            .next_back()
            .is_some_and(|w| w.starts_with(char::is_lowercase));
        let one_word = words.next().is_none();
        return !(last_lower || one_word);
    }
    false
}

/// Splits at `và` where a new body follows (`Sở Nội vụ và Sở Tư pháp`), not
/// inside a name (`Sở Khoa học và Công nghệ`).
fn va_split(piece: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(pos) = find_word(piece, "và", search) {
        let rest = &piece[pos + "và".len()..];
        let before = &piece[start..pos];
        if before.chars().any(char::is_alphabetic) && starts_body(rest.trim_start()) {
            out.push(before.to_string());
            start = pos + "và".len();
        }
        search = pos + "và".len();
    }
    out.push(piece[start..].to_string());
    out
}

/// Byte offset of `word` as a whole word at or after `from`.
fn find_word(s: &str, word: &str, from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(p) = s.get(i..)?.find(word) {
        let at = i + p;
        let end = at + word.len();
        let ok_before = s[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let ok_after = s[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if ok_before && ok_after {
            return Some(at);
        }
        i = end;
    }
    None
}

/// Head words that start the name of a body: (folded words, needs a further
/// word, may be lower-case).
const HEADS: &[(&str, bool, bool)] = &[
    ("so", true, false),
    ("uy ban", true, false),
    ("ub", true, false),
    ("ubnd", false, false),
    ("hdnd", false, false),
    ("hoi dong", true, false),
    ("van phong", true, false),
    ("vp", true, false),
    ("phong", true, false),
    ("ban", true, false),
    ("bo", true, false),
    ("bch", true, false),
    ("cuc", true, false),
    ("chi cuc", true, false),
    ("tong cuc", true, false),
    ("cong an", false, false),
    ("ca", true, false),
    ("trung tam", true, false),
    ("bao", true, false),
    ("dai", true, false),
    ("buu dien", false, false),
    ("ngan hang", true, false),
    ("nhnn", false, false),
    ("kho bac", true, false),
    ("kbnn", false, false),
    ("bao hiem", true, false),
    ("bhxh", false, false),
    ("hoi", true, false),
    ("lien doan", true, false),
    ("lien minh", true, false),
    ("tinh doan", false, false),
    ("tinh uy", false, false),
    ("huyen uy", false, false),
    ("dang uy", false, false),
    ("doan", true, false),
    ("mat tran", true, false),
    ("ubmttq", false, false),
    ("mttq", false, false),
    ("thanh tra", true, false),
    ("vien", true, false),
    ("truong", true, false),
    ("benh vien", true, false),
    ("toa an", true, false),
    ("cong ty", true, false),
    ("tap doan", true, false),
    ("tong cong ty", true, false),
    ("chi nhanh", true, false),
    ("co quan", true, false),
    ("don vi", true, false),
    ("doanh nghiep", true, false),
    ("hop tac xa", true, false),
    ("quy", true, false),
    ("hoc vien", true, false),
    ("dai hoc", true, false),
    ("chinh phu", false, false),
    ("thu tuong", false, false),
    ("quoc hoi", false, false),
    ("giam doc", false, false),
    ("lanh dao", true, false),
    ("chu tich", true, false),
    ("chanh", true, false),
    ("thu truong", true, false),
    ("to", true, false),
    ("thanh pho", true, false),
    ("huyen", true, false),
    ("thi xa", true, false),
    ("xa", true, false),
    ("phuong", true, false),
    ("thi tran", true, false),
    ("kiem toan", true, false),
    ("cac", true, true),
    ("nhung", true, true),
    ("dia phuong", false, true),
    ("vnpt", false, false),
    ("viettel", false, false),
    ("mobifone", false, false),
    ("vinaphone", false, false),
    ("vietnamobile", false, false),
    ("vnpost", false, false),
    ("fpt", false, false),
    ("evn", false, false),
    ("agribank", false, false),
    ("vietcombank", false, false),
    ("vietinbank", false, false),
    ("bidv", false, false),
];

/// Whether `text` starts with the name of a new body (up to its first comma).
pub(super) fn starts_body(text: &str) -> bool {
    let seg = text.split(',').next().unwrap_or("").trim();
    let first_upper = seg.starts_with(char::is_uppercase);
    let words: Vec<String> = seg
        .split_whitespace()
        .take(4)
        .map(|w| fold_key(w.trim_matches(|c: char| !c.is_alphanumeric())))
        .collect();
    let total = seg.split_whitespace().take(6).count();
    if words.first().is_some_and(|w| w == "xa") && words.get(1).is_some_and(|w| w == "hoi") {
        return false;
    }
    HEADS.iter().any(|&(head, needs_more, lower_ok)| {
        let hw: Vec<&str> = head.split(' ').collect();
        (first_upper || lower_ok)
            && words.len() >= hw.len()
            && words.iter().zip(&hw).all(|(w, h)| w == h)
            && (!needs_more || total > hw.len())
    })
}
