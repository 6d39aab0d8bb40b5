//! Table meaning: page tables → document tables → task rows (nhiệm vụ).
//!
//! A table that runs over several pages is found once per page by the layout
//! stage; here the pieces become one [`DocTable`]: the header repeated on each
//! page is dropped and a row split by the page break (its continuation has an
//! empty STT cell) is merged back. Header cells are mapped to roles
//! ([`crate::table::header_role`]); roman-numeral (or parent-number) rows that
//! only carry a name are group rows; every other row of a table with an STT
//! column is a [`Task`].

use crate::layout::{Item, PageLayout};
use crate::table::{header_role, Role, Table};
use serde::Serialize;

/// One row of a document table, as found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    /// One string per column; a cell spanning columns is in its first column.
    pub cells: Vec<String>,
    /// Page of the row's first line.
    pub page: u32,
    /// A single cell spans (almost) the whole row.
    pub spanning: bool,
}

/// A table of the document (possibly over several pages).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocTable {
    /// 1-based, in document order.
    pub table_no: u32,
    /// `DANH MỤC CÁC NHIỆM VỤ ...`, `PHỤ LỤC ...` from the lines above it.
    pub title: String,
    /// `(Kèm theo Kế hoạch số ...)`.
    pub caption: String,
    /// `lattice` (ruled) or `stream` (text alignment).
    pub method: String,
    pub pages: Vec<u32>,
    /// Header cells (a header wrapped over two rows is joined); may be empty.
    pub header: Vec<String>,
    pub roles: Vec<Role>,
    pub rows: Vec<TableRow>,
    /// Where its pieces are: (page index, item index) in the laid-out pages.
    #[serde(skip)]
    pub fragments: Vec<(usize, usize)>,
}

impl DocTable {
    /// Header first (when there is one), then every row: the table as found.
    pub fn csv_rows(&self) -> impl Iterator<Item = &[String]> {
        std::iter::once(self.header.as_slice())
            .filter(|h| !h.is_empty())
            .chain(self.rows.iter().map(|r| r.cells.as_slice()))
    }
}

/// A task (nhiệm vụ): one data row of a table with an STT column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    pub table_no: u32,
    pub table_title: String,
    /// Group rows above it, outermost first, joined by ` > ` (`I. Nhận thức số`).
    pub group: String,
    pub stt: String,
    /// Tên nhiệm vụ / nội dung.
    pub name: String,
    /// Đơn vị chủ trì, as written; several separated by `;`.
    pub lead: String,
    /// Đơn vị phối hợp, as written; several separated by `;`.
    pub partners: String,
    /// Thời gian thực hiện, as written.
    pub timeframe: String,
    /// ISO start/end where the time frame supports them.
    pub start: String,
    pub end: String,
    /// `ongoing`, `monthly`, ... for `Thường xuyên` / `Định kỳ ...`.
    pub recurrence: String,
    pub page: u32,
    /// Other columns, keyed by their header text.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Canonical names of the lead agencies, `; `-joined (set by the
    /// pipeline's records stage, `crate::agency`).
    pub lead_canonical: String,
    /// Canonical names of the partner agencies, `; `-joined.
    pub partners_canonical: String,
}

fn grid(t: &Table) -> Vec<TableRow> {
    let n = t.n_cols();
    t.rows
        .iter()
        .map(|row| {
            let mut cells = vec![String::new(); n];
            for c in row {
                if let Some(slot) = cells.get_mut(c.col) {
                    *slot = clean_cell(&c.text);
                }
            }
            let page = t.page;
            TableRow {
                cells,
                page,
                spanning: row.len() == 1 && n > 2,
            }
        })
        .collect()
}

/// Cleans a cell's text line by line (keeps the newlines between bullets).
fn clean_cell(s: &str) -> String {
    s.split('\n')
        .map(clean)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text as written: NFC, runs of whitespace as one space, invisible
/// characters dropped; quotes and dashes are kept (unlike [`crate::vn::clean`],
/// which folds them for matching).
fn clean(s: &str) -> String {
    let s: String = crate::vn::nfc(s)
        .chars()
        .filter(|&c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            ) && (c.is_whitespace() || !c.is_control())
        })
        .collect();
    crate::vn::collapse_ws(&s)
}

fn header_like(row: &TableRow) -> bool {
    let known = row
        .cells
        .iter()
        .filter(|c| !c.is_empty() && header_role(c) != Role::Other)
        .count();
    let first_numeric = row
        .cells
        .first()
        .is_some_and(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'));
    known >= 2 && !first_numeric
}

/// Whether two header rows are the same header (a header repeated on the
/// next page). Tolerant of OCR noise: each cell's folded text may differ
/// by up to a third of its length.
fn same_header(a: &[String], b: &[String]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            let (x, y) = (crate::vn::fold_key(x), crate::vn::fold_key(y));
            x == y || {
                let n = x.chars().count().max(y.chars().count());
                n >= 6 && crate::vn::edit_distance(&x, &y) * 3 <= n
            }
        })
}

/// Assembles the document's tables from its laid-out pages.
pub fn assemble(pages: &[PageLayout]) -> Vec<DocTable> {
    let mut out: Vec<DocTable> = Vec::new();
    // Whether the last table may continue onto the next page.
    let mut open = false;
    for (pi, page) in pages.iter().enumerate() {
        let mut before: Vec<(String, bool)> = Vec::new(); // (text, upper/caption-like)
        let mut content_before = false;
        for (ii, item) in page.items.iter().enumerate() {
            match item {
                Item::Line(l) => {
                    let t = clean(&l.text);
                    let margin = l.bottom < 0.12 * page.height
                        && t.chars()
                            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
                    if !margin && !t.is_empty() {
                        content_before = true;
                        before.push((t, false));
                    }
                }
                Item::Table(t) => {
                    let mut rows = grid(t);
                    let mut header: Vec<String> = Vec::new();
                    // A repeated header that shares its grid row with the
                    // continuation of a split row (no rule between them).
                    if let (Some(last), Some(first)) = (out.last(), rows.first_mut()) {
                        if open && !content_before && !last.header.is_empty() {
                            if let Some(rest) = strip_header(&first.cells, &last.header) {
                                header = last.header.clone();
                                first.cells = rest;
                            }
                        }
                    }
                    while header.is_empty() && rows.first().is_some_and(header_like) {
                        let r = rows.remove(0);
                        if header.is_empty() {
                            header = r.cells;
                        } else {
                            for (h, c) in header.iter_mut().zip(r.cells) {
                                if !c.is_empty() {
                                    h.push(' ');
                                    h.push_str(&c);
                                }
                            }
                        }
                        if header.len() < 2 {
                            break;
                        }
                    }
                    let continues = open
                        && !content_before
                        && out.last().is_some_and(|last| {
                            last.pages.last() == Some(&(page.number - 1))
                                && last.roles.len() == t.n_cols()
                                && (header.is_empty() || same_header(&header, &last.header))
                        });
                    if continues {
                        if let Some(last) = out.last_mut() {
                            last.pages.push(page.number);
                            last.fragments.push((pi, ii));
                            let stt_col =
                                last.roles.iter().position(|r| *r == Role::Stt).unwrap_or(0);
                            let mut rows = rows.into_iter();
                            if let Some(first) = rows.next() {
                                let split_row =
                                    first.cells.get(stt_col).is_some_and(|c| c.is_empty())
                                        && !first.spanning
                                        && !last.rows.is_empty();
                                if split_row {
                                    if let Some(prev) = last.rows.last_mut() {
                                        for (p, c) in prev.cells.iter_mut().zip(first.cells) {
                                            join_cell(p, &c);
                                        }
                                    }
                                } else {
                                    last.rows.push(first);
                                }
                            }
                            last.rows.extend(rows);
                        }
                    } else {
                        let (title, caption) = title_and_caption(&before);
                        let roles: Vec<Role> = if header.is_empty() {
                            vec![Role::Other; t.n_cols()]
                        } else {
                            assign_roles(&header)
                        };
                        out.push(DocTable {
                            table_no: out.len() as u32 + 1,
                            title,
                            caption,
                            method: t.method.to_string(),
                            pages: vec![page.number],
                            header,
                            roles,
                            rows,
                            fragments: vec![(pi, ii)],
                        });
                    }
                    open = true;
                    before.clear();
                    content_before = false;
                }
            }
        }
        if content_before {
            open = false;
        }
    }
    out
}

/// If every cell of `cells` starts with the matching header cell (and at
/// least one has more), the cells with the header text removed.
fn strip_header(cells: &[String], header: &[String]) -> Option<Vec<String>> {
    if cells.len() != header.len() {
        return None;
    }
    let mut rest = Vec::with_capacity(cells.len());
    let mut longer = false;
    for (c, h) in cells.iter().zip(header) {
        let r = c.strip_prefix(h.as_str())?;
        if !r.is_empty() && !r.starts_with([' ', '\n']) {
            return None;
        }
        longer |= !r.trim().is_empty();
        rest.push(r.trim().to_string());
    }
    longer.then_some(rest)
}

/// Roles of a header row: each role once, the first matching column wins.
fn assign_roles(header: &[String]) -> Vec<Role> {
    let mut seen = Vec::new();
    header
        .iter()
        .map(|h| {
            let r = header_role(h);
            if r != Role::Other && seen.contains(&r) {
                Role::Other
            } else {
                seen.push(r);
                r
            }
        })
        .collect()
}

fn join_cell(acc: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    let bullet = more.starts_with("- ")
        || more.starts_with("+ ")
        || more.starts_with("– ")
        || more.starts_with('•');
    if bullet && !acc.is_empty() {
        acc.push('\n');
        acc.push_str(more);
    } else {
        crate::vn::join_wrapped(acc, more);
    }
}

/// Title and caption from the lines just above a table: a caption is a
/// parenthesised line (`(Kèm theo ...)`); the title is the run of upper-case
/// lines before it.
fn title_and_caption(before: &[(String, bool)]) -> (String, String) {
    let mut caption = String::new();
    let mut title_parts: Vec<&str> = Vec::new();
    // Lines without letters (`2024` wrapped off a title line) belong to the
    // title only below an upper-case line.
    let mut pending: Vec<&str> = Vec::new();
    let mut in_caption = false;
    for (t, _) in before.iter().rev().take(8) {
        let upper = crate::vn::is_upper_text(t);
        if t.ends_with(')') && caption.is_empty() && title_parts.is_empty() {
            caption = t.clone();
            in_caption = !t.starts_with('(');
            continue;
        }
        if in_caption {
            caption = format!("{t} {caption}");
            in_caption = !t.starts_with('(');
            continue;
        }
        if upper {
            title_parts.append(&mut pending);
            title_parts.push(t);
        } else if !t.chars().any(char::is_alphabetic) && t.chars().count() <= 20 {
            pending.push(t);
        } else {
            break;
        }
    }
    title_parts.reverse();
    (title_parts.join(" "), caption)
}

/// A short label of capitals that is not a number (`IH`, `VIH`): a roman
/// numeral garbled by OCR. Real task numbers are digits.
fn looks_like_misread_roman(s: &str) -> bool {
    let n = s.chars().count();
    (1..=4).contains(&n)
        && s.starts_with(['I', 'V', 'X', 'L'])
        && s.chars().all(|c| c.is_uppercase())
}

/// The roman numeral an OCR'd label stands for, when it is one with the
/// usual confusions undone: a bold serif `II` read as `H` (`IH` = `III`,
/// `VIH` = `VIII`), an `I` with a stray mark (`Ị`, `Í`, `Ì`).
fn repair_roman(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            'H' => out.push_str("II"),
            'Ị' | 'Í' | 'Ì' | 'Ỉ' | 'Ĩ' => out.push('I'),
            c => out.push(c),
        }
    }
    (is_roman(&out) && out != s).then_some(out)
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| "IVXLC".contains(c))
}

/// A group letter (`A`, `B`, ...): one capital that is not a roman `I`, `V`, `X`.
fn is_letter(s: &str) -> bool {
    let mut it = s.chars();
    matches!((it.next(), it.next()), (Some(c), None) if c.is_ascii_uppercase() && !"IVX".contains(c))
}

/// Nesting depth of a group label: `A` 0, `I` (or none) 1, `1` 2, `1.2` 3.
fn group_level(s: &str) -> usize {
    if is_letter(s) {
        0
    } else if is_roman(s) || s.is_empty() {
        1
    } else {
        s.split('.').count() + 1
    }
}

/// Splits `I Nhận thức số` / `I. Nhận thức số` into (`I`, `Nhận thức số`).
fn split_label(s: &str) -> (String, String) {
    let mut it = s.splitn(2, ' ');
    let first = it.next().unwrap_or("");
    let rest = it.next().unwrap_or("").trim();
    let f = first.trim_end_matches(['.', ')']);
    if !rest.is_empty()
        && (is_roman(f)
            || is_letter(f)
            || (!f.is_empty() && f.chars().all(|c| c.is_ascii_digit() || c == '.')))
    {
        (f.to_string(), rest.to_string())
    } else {
        (String::new(), s.to_string())
    }
}

/// The task rows of every table that has an STT column.
pub fn tasks(tables: &[DocTable]) -> Vec<Task> {
    let mut out = Vec::new();
    for t in tables {
        let Some(stt_col) = t.roles.iter().position(|r| *r == Role::Stt) else {
            continue;
        };
        let col = |role: Role| t.roles.iter().position(|r| *r == role);
        let name_col = col(Role::Name);
        let lead_col = col(Role::Lead);
        let partners_col = col(Role::Partners);
        let time_col = col(Role::Timeframe);
        // Group stack: (level, STT, label).
        let mut groups: Vec<(usize, String, String)> = Vec::new();
        for (i, row) in t.rows.iter().enumerate() {
            let get = |c: Option<usize>| {
                c.and_then(|c| row.cells.get(c))
                    .cloned()
                    .unwrap_or_default()
            };
            let stt_raw = row.cells.get(stt_col).cloned().unwrap_or_default();
            let stt = stt_raw.trim_end_matches('.').to_string();
            let others_empty = row
                .cells
                .iter()
                .enumerate()
                .all(|(c, v)| c == stt_col || Some(c) == name_col || v.is_empty());
            let group = if row.spanning {
                let (s, name) = split_label(&row.cells.concat());
                Some((s, name))
            } else if others_empty && (is_roman(&stt) || is_letter(&stt)) {
                Some((stt.clone(), get(name_col)))
            } else if others_empty && looks_like_misread_roman(&stt) {
                // `IH`, `VH` for `III`, `VII` (OCR): a short non-numeric label
                // over a name alone is a group row, not a task.
                Some((
                    repair_roman(&stt).unwrap_or_else(|| stt.clone()),
                    get(name_col),
                ))
            } else if others_empty && !stt.is_empty() {
                // A numbered parent (`1 Nhận thức số` above `1.1 ...`).
                let child = t.rows[i + 1..]
                    .iter()
                    .find_map(|r| r.cells.get(stt_col).filter(|c| !c.is_empty()))
                    .is_some_and(|next| next.starts_with(&format!("{stt}.")));
                child.then(|| (stt.clone(), get(name_col)))
            } else {
                None
            };
            if let Some((s, name)) = group {
                let level = group_level(&s);
                while groups.last().is_some_and(|(l, _, _)| *l >= level) {
                    groups.pop();
                }
                let label = if s.is_empty() {
                    name
                } else {
                    format!("{s}. {name}")
                };
                groups.push((level, s, label));
                continue;
            }
            if row.cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            // A numbered row leaves the numbered groups it is not part of
            // (`1.3` after the rows of group `1.2`).
            if !stt.is_empty() && stt.chars().all(|c| c.is_ascii_digit() || c == '.') {
                while groups
                    .last()
                    .is_some_and(|(l, g, _)| *l >= 2 && !stt.starts_with(&format!("{g}.")))
                {
                    groups.pop();
                }
            }
            let timeframe = get(time_col);
            let tf = crate::scan::timeframe::parse_timeframe(&timeframe);
            let mut extra = serde_json::Map::new();
            for (c, r) in t.roles.iter().enumerate() {
                if *r == Role::Other {
                    let key = t
                        .header
                        .get(c)
                        .cloned()
                        .unwrap_or_else(|| format!("col{}", c + 1));
                    extra.insert(
                        key,
                        serde_json::Value::String(row.cells.get(c).cloned().unwrap_or_default()),
                    );
                }
            }
            out.push(Task {
                table_no: t.table_no,
                table_title: t.title.clone(),
                group: groups
                    .iter()
                    .map(|(_, _, l)| l.as_str())
                    .collect::<Vec<_>>()
                    .join(" > "),
                stt: stt_raw,
                name: get(name_col),
                lead: agencies(&get(lead_col)),
                partners: agencies(&get(partners_col)),
                timeframe,
                start: tf.start.unwrap_or_default(),
                end: tf.end.unwrap_or_default(),
                recurrence: tf
                    .recurrence
                    .map(|r| r.as_str().to_string())
                    .unwrap_or_default(),
                page: row.page,
                extra,
                lead_canonical: String::new(),
                partners_canonical: String::new(),
            });
        }
    }
    out
}

/// Agencies as written; bullet items of a cell become `;`-separated.
fn agencies(cell: &str) -> String {
    if !cell.contains('\n') {
        return cell.to_string();
    }
    cell.split('\n')
        .map(|l| {
            l.trim_start_matches(['-', '+', '•', '–'])
                .trim()
                .trim_end_matches([';', ','])
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misread_roman_labels_are_repaired() {
        assert_eq!(repair_roman("IH").as_deref(), Some("III"));
        assert_eq!(repair_roman("VIH").as_deref(), Some("VIII"));
        assert_eq!(repair_roman("VH").as_deref(), Some("VII"));
        assert_eq!(repair_roman("VỊ").as_deref(), Some("VI"));
        assert_eq!(repair_roman("IV"), None); // already right
        assert_eq!(repair_roman("IK"), None); // not a numeral
    }

    fn table(header: &[&str], rows: &[&[&str]]) -> DocTable {
        let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
        DocTable {
            table_no: 1,
            title: "DANH MỤC".into(),
            caption: String::new(),
            method: "lattice".into(),
            pages: vec![1],
            roles: assign_roles(&header),
            header,
            rows: rows
                .iter()
                .map(|r| TableRow {
                    cells: r.iter().map(|s| s.to_string()).collect(),
                    page: 1,
                    spanning: r.len() == 1,
                })
                .collect(),
            fragments: Vec::new(),
        }
    }

    fn groups_of(t: &DocTable) -> Vec<(String, String)> {
        tasks(std::slice::from_ref(t))
            .into_iter()
            .map(|k| (k.stt, k.group))
            .collect()
    }

    #[test]
    fn nested_groups_open_and_close() {
        let t = table(
            &["TT", "Nội dung", "Chủ trì", "Thời gian"],
            &[
                &["A", "Nhiệm vụ trọng tâm", "", ""],
                &["I", "Hạ tầng", "", ""],
                &["1", "Mạng", "", ""],
                &["1.1", "Cáp quang", "Sở TT&TT", "Năm 2024"],
                &["1.2", "Trạm 5G", "", ""],
                &["1.2.1", "Khảo sát", "Sở TT&TT", ""],
                &["1.3", "Wifi", "Sở TT&TT", ""],
                &["2", "Dữ liệu", "Sở TT&TT", ""],
                &["II", "Nhân lực", "", ""],
                &["3", "Đào tạo", "", "Quý III/2024"],
                &["B", "Nhiệm vụ khác", "", ""],
                &["4", "Báo cáo", "", ""],
                &["", "", "", ""],
            ],
        );
        let g = groups_of(&t);
        let want = [
            ("1.1", "A. Nhiệm vụ trọng tâm > I. Hạ tầng > 1. Mạng"),
            (
                "1.2.1",
                "A. Nhiệm vụ trọng tâm > I. Hạ tầng > 1. Mạng > 1.2. Trạm 5G",
            ),
            ("1.3", "A. Nhiệm vụ trọng tâm > I. Hạ tầng > 1. Mạng"),
            ("2", "A. Nhiệm vụ trọng tâm > I. Hạ tầng"),
            ("3", "A. Nhiệm vụ trọng tâm > II. Nhân lực"),
            ("4", "B. Nhiệm vụ khác"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(g, want);
    }

    #[test]
    fn spanning_group_rows_and_roles() {
        let t = table(
            &[
                "STT",
                "Tên nhiệm vụ",
                "Đơn vị chủ trì",
                "Phối hợp",
                "Ghi chú",
            ],
            &[
                &["I. Nhận thức số"],
                &["1", "Tuyên truyền", "- Sở TT&TT;\n- Báo Hậu Giang", "", "x"],
            ],
        );
        let k = tasks(std::slice::from_ref(&t));
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].group, "I. Nhận thức số");
        assert_eq!(k[0].lead, "Sở TT&TT; Báo Hậu Giang");
        assert_eq!(k[0].partners, "");
        assert_eq!(
            k[0].extra.get("Ghi chú").and_then(|v| v.as_str()),
            Some("x")
        );
    }

    #[test]
    fn title_and_caption_from_lines_above() {
        let before: Vec<(String, bool)> = [
            "Nội dung văn bản.",
            "PHỤ LỤC",
            "KẾT QUẢ THỰC HIỆN NĂM",
            "2024",
            "(Kèm theo Kế hoạch số 15/KH-STTTT",
            "ngày 25/01/2024)",
        ]
        .iter()
        .map(|s| (s.to_string(), false))
        .collect();
        let (title, caption) = title_and_caption(&before);
        assert_eq!(title, "PHỤ LỤC KẾT QUẢ THỰC HIỆN NĂM 2024");
        assert_eq!(
            caption,
            "(Kèm theo Kế hoạch số 15/KH-STTTT ngày 25/01/2024)"
        );
        let (title, _) = title_and_caption(&[("12".to_string(), false)]);
        assert_eq!(title, "");
    }

    #[test]
    fn cell_text_is_kept_as_written() {
        assert_eq!(
            clean_cell("  chuyên mục \u{201C}Chuyển đổi số\u{201D}\u{200B}  \n- một  hai"),
            "chuyên mục \u{201C}Chuyển đổi số\u{201D}\n- một hai"
        );
    }
}
