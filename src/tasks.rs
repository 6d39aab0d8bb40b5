//! Table meaning: page tables → document tables → task rows (nhiệm vụ).
//!
//! A table that runs over several pages is found once per page by the layout
//! stage; here the pieces become one [`DocTable`]: the header repeated on each
//! page is dropped and a row split by the page break (its continuation has an
//! empty STT cell) is merged back. Header cells are mapped to roles
//! (the [`HeaderVocab`]); roman-numeral (or parent-number) rows that
//! only carry a name are group rows; every other row of a table with an STT
//! column is a [`Task`].

use crate::layout::table::{column_number_row, join, HeaderSense, Method, Role};
pub use crate::layout::table::{CellRef, TableRow};
use crate::layout::{OcrStats, PageLayout};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

mod vocab;
pub use vocab::{fold_header, HeaderVocab, Meaning, VocabError};

/// The built-in header vocabulary, built once.
fn builtin_vocab() -> &'static HeaderVocab {
    static V: std::sync::OnceLock<HeaderVocab> = std::sync::OnceLock::new();
    V.get_or_init(HeaderVocab::builtin)
}

/// The role of a header cell under the built-in vocabulary (the stream
/// strategy's classifier).
pub fn header_role(header: &str) -> Role {
    builtin_vocab().role(header)
}

/// What kind of table a table is, from its roles and contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    /// Tasks: a subject with a lead, partners or a time frame.
    Task,
    /// Indicators / targets: a subject with numeric value columns.
    Indicator,
    /// Scores or rankings of units (`Điểm`, `Xếp hạng`, percentages).
    Score,
    /// Any other list of numbered rows (members, procedures, documents).
    List,
}

/// What the table stage knows about a task row (for review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum RowFlag {
    /// Joined from pieces on two pages.
    Stitched,
    /// Holds text of a cell merged over several rows or columns.
    MergedCell,
    /// The subject column was chosen by content, not by its header.
    RoleGuessed,
    /// A time frame is written but no dates were read from it.
    TimeframeUnparsed,
    /// Some of the row's text was read by OCR (a scanned page).
    Ocr,
    /// The row's [`Task::confidence`] is below [`LOW_CONFIDENCE`].
    LowConfidence,
    /// The OCR spelling repair (`ocr::ortho`) changed a letter of the row.
    Repaired,
    /// A reviewer changed a cell (`--corrections`); the original value is in
    /// the document's warnings.
    Corrected,
}

impl RowFlag {
    /// The name written in `tasks.csv`'s `flags` and the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RowFlag::Stitched => "stitched",
            RowFlag::MergedCell => "merged_cell",
            RowFlag::RoleGuessed => "role_guessed",
            RowFlag::TimeframeUnparsed => "timeframe_unparsed",
            RowFlag::Ocr => "ocr",
            RowFlag::LowConfidence => "low_confidence",
            RowFlag::Repaired => "repaired",
            RowFlag::Corrected => "corrected",
        }
    }
}

/// A row whose [`Task::confidence`] is below this is flagged
/// [`RowFlag::LowConfidence`]. Tesseract's confidence in a word it read
/// cleanly is mostly 85–96; a cell averaging under 60 is one a reviewer
/// should look at against the scan.
pub const LOW_CONFIDENCE: f64 = 0.6;

/// A row's confidence, 0–1: the lowest, over its cells with OCR'd words, of
/// the cell's mean Tesseract word confidence (÷ 100), rounded to 3 decimals.
/// None when no word of the row was OCR'd (a text-layer row).
///
/// The minimum over cells rather than a mean over the row's words: a row is
/// only as usable as its worst field, and a long, cleanly read task name
/// would otherwise hide a misread deadline or agency cell. Within a cell the
/// mean rather than the minimum: one doubtful word (a stray mark read as a
/// letter) should not condemn a paragraph.
pub fn row_confidence(cells: &[Option<OcrStats>]) -> Option<f64> {
    cells
        .iter()
        .flatten()
        .filter(|o| o.words > 0)
        .map(|o| o.mean() as f64 / 100.0)
        .reduce(f64::min)
        .map(|c| (c.clamp(0.0, 1.0) * 1000.0).round() / 1000.0)
}

/// The flags a row's OCR confidence gives: `ocr` when any of its cells has
/// an OCR'd word, `low_confidence` when [`row_confidence`] is below
/// [`LOW_CONFIDENCE`], `repaired` when the spelling repair changed one.
pub fn ocr_flags(cells: &[Option<OcrStats>]) -> Vec<RowFlag> {
    let mut flags = Vec::new();
    if cells.iter().flatten().next().is_some() {
        flags.push(RowFlag::Ocr);
    }
    if row_confidence(cells).is_some_and(|c| c < LOW_CONFIDENCE) {
        flags.push(RowFlag::LowConfidence);
    }
    if cells.iter().flatten().any(|o| o.repaired) {
        flags.push(RowFlag::Repaired);
    }
    flags
}

impl TableKind {
    /// The name written in `tasks.csv`'s `table_kind` and the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Task => "task",
            TableKind::Indicator => "indicator",
            TableKind::Score => "score",
            TableKind::List => "list",
        }
    }
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
    /// How the table was found: ruling lines or text alignment.
    pub method: Method,
    pub pages: Vec<u32>,
    /// Header cells (a header wrapped over two rows is joined); may be empty.
    pub header: Vec<String>,
    /// The printed header rows when there are several (merged cells
    /// repeated in each column they cover); `header[j]` joins column j's
    /// distinct texts top to bottom.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub header_rows: Vec<Vec<String>>,
    pub roles: Vec<Role>,
    /// Columns whose header names both lead and partners.
    #[serde(skip)]
    pub lead_partners: Vec<usize>,
    /// The column that ends the time frame when a table has a start and an
    /// end column (`Thời gian bắt đầu` / `Thời gian kết thúc`): the start
    /// column has the `timeframe` role, this one stays an extra column.
    #[serde(skip)]
    pub end_col: Option<usize>,
    /// Task, indicator, score or list; None for a table whose rows are not
    /// records (a layout table).
    pub table_kind: Option<TableKind>,
    /// The subject column was chosen by content.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub role_guessed: bool,
    pub rows: Vec<TableRow>,
    /// Where its pieces are: (page index, item index) in the laid-out pages.
    #[serde(skip)]
    pub fragments: Vec<(usize, usize)>,
    /// What a reviewer should know (a subject column chosen by content).
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// OCR'd cells this stage repaired (an identifier's underscores, an
    /// agency list's separators).
    #[serde(skip)]
    pub repairs: Vec<CellRepair>,
}

/// A repair of an OCR'd cell's text, for the document's warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct CellRepair {
    pub page: u32,
    pub from: String,
    pub to: String,
}

impl DocTable {
    /// Header first (when there is one), then every row: the table as found.
    pub fn csv_rows(&self) -> impl Iterator<Item = &[String]> {
        std::iter::once(self.header.as_slice())
            .filter(|h| !h.is_empty())
            .chain(self.rows.iter().map(|r| r.cells.as_slice()))
    }

    /// The table as the text stage writes it (None for a table with no
    /// piece on a page).
    pub fn text(&self) -> Option<crate::normalize::TableText<'_>> {
        Some(crate::normalize::TableText {
            at: *self.fragments.first()?,
            rows: self.csv_rows().collect(),
        })
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
    /// `{table_no}-{row_index}` (row index in the table's rows, from 1):
    /// stable within the document.
    pub row_id: String,
    /// The row's box on its first page.
    pub bbox: Option<[f32; 4]>,
    /// Where each field's cell is, keyed `stt`, `name`, `lead`, `partners`,
    /// `timeframe` or the header of another column.
    pub cells: std::collections::BTreeMap<String, CellRef>,
    pub table_kind: TableKind,
    pub flags: Vec<RowFlag>,
    /// OCR confidence of the row, 0–1 ([`row_confidence`]); None for a
    /// row read from the PDF's text layer.
    pub confidence: Option<f64>,
    /// Canonical names of the lead agencies, `; `-joined (set by the
    /// pipeline's records stage, `crate::agency`).
    pub lead_canonical: String,
    /// Canonical names of the partner agencies, `; `-joined.
    pub partners_canonical: String,
}

fn header_like(row: &TableRow, vocab: &HeaderVocab) -> bool {
    let known = row
        .cells
        .iter()
        .enumerate()
        .filter(|(j, c)| {
            !c.is_empty()
                && row.spans.get(*j) != Some(&0)
                && !matches!(vocab.meaning(c), None | Some(Meaning::Summary))
                && vocab.role(c) != Role::Other
        })
        .count();
    let first_numeric = row
        .cells
        .first()
        .is_some_and(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'));
    let short = row.cells.iter().all(|c| c.chars().count() <= 120);
    // `STT | Tên TC/TCTP | Cách chấm điểm | ...`: a row-number header over
    // short texts that are not values.
    let stt_first = row
        .cells
        .first()
        .is_some_and(|c| vocab.role(c) == Role::Stt)
        && row.cells.iter().filter(|c| !c.is_empty()).count() >= 3
        && row
            .cells
            .iter()
            .all(|c| c.chars().count() <= 60 && !numeric(c));
    (known >= 2 && !first_numeric && short) || stt_first
}

/// A first row that reads as a header although fewer than two of its cells
/// are in the vocabulary (`STT | Họ và tên | Chức vụ | Đơn vị công tác |
/// Chức danh`, or an OCR'd header whose `STT` came out as `STI`): at least
/// one cell names a column role, most cells are filled with short
/// non-numeric texts, and the first is not a row number.
fn weak_header(row: &TableRow, vocab: &HeaderVocab) -> bool {
    let filled: Vec<&String> = row
        .cells
        .iter()
        .enumerate()
        .filter(|(j, c)| !c.is_empty() && row.spans.get(*j) != Some(&0))
        .map(|(_, c)| c)
        .collect();
    let named = filled.iter().any(|c| {
        !matches!(vocab.meaning(c), None | Some(Meaning::Summary)) && vocab.role(c) != Role::Other
    });
    let first_label = row
        .cells
        .first()
        .is_some_and(|c| !c.is_empty() && is_row_label(c) && vocab.role(c) != Role::Stt);
    named
        && !first_label
        && filled.len() >= 2
        && filled.len() * 3 >= row.cells.len() * 2
        && filled
            .iter()
            .all(|c| c.chars().count() <= 100 && !numeric(c))
}

/// Whether `row` reads as a further header row under `above` (a header
/// row): short texts only, nothing that looks like a row label, and text
/// under a cell of `above` that spans columns (`Lâm Đồng` over `Điểm số |
/// Chỉ số | Thứ hạng`).
fn sub_header(row: &TableRow, above: &TableRow) -> bool {
    // A header cell merged over both rows is repeated in this one.
    let short = row
        .cells
        .iter()
        .zip(&above.cells)
        .all(|(c, a)| c.chars().count() <= 40 || c == a);
    let label = row
        .cells
        .first()
        .is_some_and(|c| is_row_label(c.trim_end_matches('.')));
    let under_span = above.spans.iter().enumerate().any(|(j, &s)| {
        s > 1 && (j..(j + s).min(row.cells.len())).all(|k| !row.cells[k].is_empty())
    });
    short && !label && under_span
}

/// A row number as printed in a first column: `1`, `1.2`, `IV`, `a`, `Bước 3`.
fn is_row_label(s: &str) -> bool {
    let s = s.trim().trim_end_matches(['.', ')']);
    if s.is_empty() || s.chars().count() > 10 {
        return false;
    }
    let digits = s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.starts_with(|c: char| c.is_ascii_digit());
    let k = fold_header(s);
    let step = k.split_once(' ').is_some_and(|(w, n)| {
        w.chars().count() <= 6 && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
    });
    digits || is_roman(s) || is_letter(s) || step
}

/// The number of leading rows of `rows` that are the table's header.
/// `fresh`: the table cannot be the continuation of one above (text came
/// between them), so a first row that is only weakly a header
/// ([`weak_header`]) is taken as one.
fn header_block(rows: &[TableRow], vocab: &HeaderVocab, fresh: bool) -> usize {
    let strong = rows.iter().take(3).position(|r| header_like(r, vocab));
    let weak = || {
        fresh
            .then(|| {
                rows.iter()
                    .take(3)
                    .position(|r| r.cells.iter().filter(|c| !c.is_empty()).count() >= 2)
                    .filter(|&i| weak_header(&rows[i], vocab))
            })
            .flatten()
    };
    let Some(first) = strong.or_else(weak) else {
        return 0;
    };
    let mut n = first + 1;
    while let Some(r) = rows.get(n) {
        if n >= 5 {
            break;
        }
        let above = &rows[n - 1];
        if column_number_row(r) || header_like(r, vocab) || sub_header(r, above) {
            n += 1;
        } else {
            break;
        }
    }
    n
}

/// Assembles the document's tables from its laid-out pages with the
/// built-in header vocabulary.
pub fn assemble(pages: &[PageLayout]) -> Vec<DocTable> {
    assemble_with(pages, builtin_vocab())
}

/// Assembles the document's tables from its laid-out pages: pieces joined
/// across pages by the layout stage, asked about headers through `vocab`,
/// then titled, given their column roles and classified.
pub fn assemble_with(pages: &[PageLayout], vocab: &HeaderVocab) -> Vec<DocTable> {
    let sense = Sense(vocab);
    join(pages, &sense)
        .into_iter()
        .enumerate()
        .map(|(k, j)| {
            let (title, caption) = title_and_caption(&j.lines_before);
            let mut dt = DocTable {
                table_no: k as u32 + 1,
                title,
                caption,
                method: j.method,
                pages: j.pages,
                roles: vec![Role::Other; j.n_cols],
                header: j.header,
                header_rows: j.header_rows,
                lead_partners: Vec::new(),
                end_col: None,
                table_kind: None,
                role_guessed: false,
                rows: j.rows,
                fragments: j.fragments,
                warnings: Vec::new(),
                repairs: Vec::new(),
            };
            if !dt.header.is_empty() {
                let (roles, lp) = assign_roles(&dt.header, vocab);
                dt.end_col = end_time_column(&dt.header, &roles, vocab);
                dt.roles = roles;
                dt.lead_partners = lp;
            }
            repair_identifier_columns(&mut dt);
            repair_agency_separators(&mut dt);
            repair_repeated_values(&mut dt);
            repair_year_range_spacing(&mut dt);
            repair_year_range_tails(&mut dt);
            repair_quarter_numerals(&mut dt);
            repair_roman_lists(&mut dt);
            repair_roman_columns(&mut dt);
            repair_row_labels(&mut dt);
            classify_table(&mut dt, vocab);
            dt
        })
        .collect()
}

/// In OCR'd lead and partners cells, a `;` between two agencies read as
/// `:` (`Bộ, ngành, địa phương: tổ chức, doanh nghiệp`): a colon followed by
/// a space and a lower-case word is a separator, never a label (`Chủ trì:
/// Sở Y tế` goes on in capitals). The cells changed are marked repaired.
fn repair_agency_separators(t: &mut DocTable) {
    repair_ocr_cells(
        t,
        |role| matches!(role, Some(Role::Lead | Role::Partners)),
        |c| COLON_SEPARATOR.replace_all(c, "; $1").into_owned(),
    );
}

/// Applies `fix` to every OCR'd cell of the columns whose role `column`
/// accepts (text-layer cells stay as printed); the cells it changes are
/// marked repaired and listed ([`repair_cell`]).
fn repair_ocr_cells(
    t: &mut DocTable,
    column: impl Fn(Option<&Role>) -> bool,
    fix: impl Fn(&str) -> String,
) {
    let n = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let cols: Vec<usize> = (0..n).filter(|&j| column(t.roles.get(j))).collect();
    for r in &mut t.rows {
        for &j in &cols {
            if !r.ocr.get(j).is_some_and(Option::is_some) {
                continue;
            }
            let Some(c) = r.cells.get(j) else {
                continue;
            };
            let fixed = fix(c);
            repair_cell(&mut t.repairs, r, j, fixed);
        }
    }
}

/// A value repeated down a scanned column (`Thành viên Hội đồng`, `Thường
/// xuyên`, `Sở Tài chính`) is read right in most rows and garbled in a few
/// (`Thâr:h viện Hê: đông`). An OCR'd cell that does not read as Vietnamese
/// ([`reads_as_vietnamese`]) becomes the one value the column holds, as
/// read, in at least three cells that do, when it lies within a quarter of
/// that value's length of it (edits over the folded text, at least one) and
/// nearer than to any other such value. A cell of real words is never
/// touched (`Chủ tịch Hội đồng` stays beside `Phó Chủ tịch Hội đồng`). The
/// cells changed are marked repaired.
fn repair_repeated_values(t: &mut DocTable) {
    const MIN_COUNT: usize = 3;
    let n = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    // Numbers, dates and codes differ by one character and mean another
    // thing (`Quý III/2024`, `Quý IV/2024`): never mended.
    let has_digit = |c: &str| c.chars().any(|ch| ch.is_ascii_digit());
    for j in 0..n {
        if matches!(t.roles.get(j), Some(Role::Stt | Role::Timeframe)) {
            continue;
        }
        let mut counts: Vec<(String, usize)> = Vec::new();
        for r in t.rows.iter().filter(|r| !r.spanning) {
            let Some(c) = r.cells.get(j).filter(|c| !c.is_empty()) else {
                continue;
            };
            match counts.iter_mut().find(|(v, _)| v == c) {
                Some((_, k)) => *k += 1,
                None => counts.push((c.clone(), 1)),
            }
        }
        let values: Vec<(String, String, usize)> = counts
            .into_iter()
            .filter(|(v, k)| *k >= MIN_COUNT && !has_digit(v) && reads_as_vietnamese(v))
            .map(|(v, k)| {
                let f = crate::vn::fold_key(&v);
                (v, f, k)
            })
            .collect();
        if values.is_empty() {
            continue;
        }
        for r in t.rows.iter_mut().filter(|r| !r.spanning) {
            if !r.ocr.get(j).is_some_and(Option::is_some) {
                continue;
            }
            let Some(c) = r.cells.get(j).filter(|c| !c.is_empty()) else {
                continue;
            };
            if has_digit(c) || reads_as_vietnamese(c) {
                continue;
            }
            let fc = crate::vn::fold_key(c);
            let mut by_distance: Vec<(usize, &(String, String, usize))> = values
                .iter()
                .map(|v| (crate::vn::edit_distance(&fc, &v.1), v))
                .collect();
            // Nearest first; among as near, the most used first.
            by_distance.sort_by_key(|(d, v)| (*d, std::cmp::Reverse(v.2)));
            let (d, (value, folded, count)) = by_distance[0];
            // Nearer than any other value, or as near as others that the
            // column uses far less (`Truyên` for `Truyền` three times in
            // twelve).
            // Two values that differ only in accents (folded alike) are one
            // value; the one the column uses more is taken.
            let unique = by_distance.get(1).is_none_or(|(d2, v2)| {
                *d2 > d || *count >= 3 * v2.2 || (v2.1 == *folded && *count > v2.2)
            });
            if unique && d <= (folded.chars().count() / 4).max(1) {
                let value = value.clone();
                repair_cell(&mut t.repairs, r, j, value);
            }
        }
    }
}

/// A range of years (`2022 - 2025`) is printed one way down a column, but
/// OCR reads the spaces around its dash in some cells and not in others
/// (`2022-2025`, `2022- 2030`). When most of a column's year ranges, at
/// least three, are written one way (spaced or tight), its OCR'd ranges
/// written otherwise are written that way; marked repaired. Text-layer
/// cells are as printed and never changed.
fn repair_year_range_spacing(t: &mut DocTable) {
    let n = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    for j in 0..n {
        // (row, spaced, tight, the two years) of each range in the column.
        let ranges: Vec<(usize, bool, bool, String, String)> = t
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let c = YEAR_RANGE.captures(r.cells.get(j)?)?;
                let (before, after) = (c[2].is_empty(), c[3].is_empty());
                Some((
                    i,
                    !before && !after,
                    before && after,
                    c[1].to_string(),
                    c[4].to_string(),
                ))
            })
            .collect();
        let spaced = ranges.iter().filter(|r| r.1).count();
        let tight = ranges.iter().filter(|r| r.2).count();
        let (want_spaced, most) = if spaced >= tight {
            (true, spaced)
        } else {
            (false, tight)
        };
        if most < 3 || most * 2 <= ranges.len() {
            continue;
        }
        for (i, _, _, a, b) in ranges {
            let r = &mut t.rows[i];
            if !r.ocr.get(j).is_some_and(Option::is_some) {
                continue;
            }
            let fixed = if want_spaced {
                format!("{a} - {b}")
            } else {
                format!("{a}-{b}")
            };
            repair_cell(&mut t.repairs, r, j, fixed);
        }
    }
}

/// OCR'd year ranges of a time column that most often reads as bare year
/// ranges (at least three cells) lose what the scan added to them: specks
/// after the range (`2022 - 2030 T1 +`, `2022 - 2025 xà.`: at most two
/// words of at most three characters; a real tail, `2021 - 2025 và các
/// năm tiếp theo`, is longer) and a digit doubled in a year (`2022 -
/// 20350`), mended only when dropping one digit gives the one year that
/// the column's ranges use in that place. Marked repaired; text-layer
/// cells stay as printed.
fn repair_year_range_tails(t: &mut DocTable) {
    const MIN_COUNT: usize = 3;
    let cols: Vec<usize> = (0..t.roles.len())
        .filter(|&j| t.roles[j] == Role::Timeframe)
        .collect();
    for j in cols {
        let ranges: Vec<(String, String)> = t
            .rows
            .iter()
            .filter_map(|r| {
                let c = YEAR_RANGE.captures(r.cells.get(j)?)?;
                Some((c[1].to_string(), c[4].to_string()))
            })
            .collect();
        if ranges.len() < MIN_COUNT {
            continue;
        }
        for r in &mut t.rows {
            if !r.ocr.get(j).is_some_and(Option::is_some) {
                continue;
            }
            let Some(cell) = r.cells.get(j) else {
                continue;
            };
            let fixed = if let Some(c) = YEAR_RANGE_TAIL
                .captures(cell)
                .filter(|c| !c[2].contains(['(', ')']) && !c[2].bytes().all(|b| b.is_ascii_digit()))
            {
                Some(c[1].to_string())
            } else if let Some(c) = YEAR_RANGE_LONG.captures(cell) {
                let (a, b) = (&c[1], &c[4]);
                let used = |y: &str, end: bool| {
                    ranges
                        .iter()
                        .filter(|(s, e)| if end { e == y } else { s == y })
                        .count()
                };
                let mend = |y: &str, end: bool| -> Option<String> {
                    if y.len() == 4 {
                        return Some(y.to_string());
                    }
                    let mut found: Vec<(usize, String)> = (0..y.len())
                        .map(|k| format!("{}{}", &y[..k], &y[k + 1..]))
                        .map(|c| (used(&c, end), c))
                        .filter(|(n, _)| *n > 0)
                        .collect();
                    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                    found.dedup_by(|a, b| a.1 == b.1);
                    // The one year, or one the column uses at least three
                    // times as often as the other (`2030` twenty times,
                    // `2050` once).
                    match found.as_slice() {
                        [(_, y)] => Some(y.clone()),
                        [(n, y), (m, _), ..] if *n >= 3 * m => Some(y.clone()),
                        _ => None,
                    }
                };
                match (mend(a, false), mend(b, true)) {
                    (Some(a), Some(b)) => Some(format!("{a}{}-{}{b}", &c[2], &c[3])),
                    _ => None,
                }
            } else {
                None
            };
            if let Some(fixed) = fixed {
                repair_cell(&mut t.repairs, r, j, fixed);
            }
        }
    }
}

/// A quarter's numeral whose last `I` and the slash after it OCR reads as
/// one `L` (`Quý IIL2024` for `Quý III/2024`, six times on the scanned
/// fixture): in an OCR'd time cell, `Quý` + `I`/`II` + `L` + a year is
/// that quarter with the `I/` back (`Quý III/2024`, `Quý II/2024`). Marked
/// repaired; text-layer cells stay as printed.
fn repair_quarter_numerals(t: &mut DocTable) {
    repair_ocr_cells(
        t,
        |role| role == Some(&Role::Timeframe),
        |c| QUARTER_L.replace_all(c, "${1}${2}I/${3}").into_owned(),
    );
}

/// A column of roman numerals (a "Phân loại" column of `II`, `III`, s08)
/// whose OCR'd cells read `IH`, `HI`, `[II` or `LH` for `III`: at least five
/// cells, two in three of them roman numerals; a cell that reads as a
/// numeral with its slips undone ([`undo_roman_slips`]) takes that numeral,
/// when the column uses it, or else the one numeral of the column within one
/// letter of it. The STT column has its own repair; marked repaired.
fn repair_roman_columns(t: &mut DocTable) {
    let n = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    for j in 0..n {
        if matches!(t.roles.get(j), Some(Role::Stt)) {
            continue;
        }
        let cells: Vec<&str> = t
            .rows
            .iter()
            .filter(|r| !r.spanning)
            .filter_map(|r| r.cells.get(j).map(|c| c.trim()))
            .filter(|c| !c.is_empty())
            .collect();
        let numerals: Vec<&str> = cells
            .iter()
            .copied()
            .filter(|c| c.chars().count() <= 4 && is_roman(c))
            .collect();
        if numerals.len() < 5 || numerals.len() * 3 < cells.len() * 2 {
            continue;
        }
        let mut used: Vec<(String, usize)> = Vec::new();
        for v in &numerals {
            match used.iter_mut().find(|(u, _)| u == v) {
                Some((_, k)) => *k += 1,
                None => used.push((v.to_string(), 1)),
            }
        }
        for r in t.rows.iter_mut().filter(|r| !r.spanning) {
            if !r.ocr.get(j).is_some_and(Option::is_some) {
                continue;
            }
            let Some(c) = r.cells.get(j).map(|c| c.trim().to_string()) else {
                continue;
            };
            if is_roman(&c) {
                continue;
            }
            let Some(undone) = undo_roman_slips(&c) else {
                continue;
            };
            let fixed = if used.iter().any(|(u, _)| *u == undone) {
                Some(undone)
            } else {
                let mut near: Vec<&(String, usize)> = used
                    .iter()
                    .filter(|(u, _)| crate::vn::edit_distance(u, &undone) <= 1)
                    .collect();
                // One letter misread (`LII` for `III`) before one lost.
                if near.len() > 1 {
                    near.retain(|(u, _)| u.len() == undone.len());
                }
                (near.len() == 1).then(|| near[0].0.clone())
            };
            if let Some(f) = fixed {
                repair_cell(&mut t.repairs, r, j, f);
            }
        }
    }
}

/// A short OCR'd cell as the roman numeral it may stand for: a bold serif
/// `II` read as `H`, an `I` read as a bracket, bar, `!`, `l` or `1` or with a
/// stray mark. `None` when anything else is in it or nothing changes.
fn undo_roman_slips(s: &str) -> Option<String> {
    if s.chars().count() > 4 {
        return None;
    }
    let mut out = String::new();
    for c in s.chars() {
        match c {
            'H' => out.push_str("II"),
            '[' | ']' | '|' | '!' | 'l' | '1' | 'Ị' | 'Í' | 'Ì' | 'Ỉ' | 'Ĩ' => out.push('I'),
            'I' | 'V' | 'X' | 'L' => out.push(c),
            _ => return None,
        }
    }
    (is_roman(&out) && out != s).then_some(out)
}

/// A roman numeral of a list whose last `I` OCR reads with the comma's
/// tail as `IL` (`loại IL, II` for `loại I, II`, s02): `I`/`II`/`VI`
/// followed by `L` is no roman numeral (an `I` or `V` never stands before
/// an `L`), so next to another roman numeral of a list (`, II`, `I, `) the
/// `L` goes. Any OCR'd cell; marked repaired.
fn repair_roman_lists(t: &mut DocTable) {
    repair_ocr_cells(
        t,
        |_| true,
        |c| ROMAN_L_LIST.replace_all(c, "${1}${2}").into_owned(),
    );
}

/// `IL, II`: an `I`-ending numeral with an `L`, then `, ` and a numeral.
static ROMAN_L_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([VX]?I{1,3})L(,\s*(?:[IVX]{1,4})\b)").expect("roman list regex")
});

/// `Quý IIL2024`: a quarter numeral (`I`, `II`) glued by an `L` to a year.
static QUARTER_L: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\b(quý\s+))(I{1,2})L((?:19|20)\d\d)\b").expect("quarter regex")
});

/// A year range followed by specks: at most two words of at most three
/// characters (a footnote mark, `(1)`, or a number is kept: see the
/// caller).
static YEAR_RANGE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*((?:19|20)\d\d ?- ?(?:19|20)\d\d)\s+(\S{1,3}(?:\s+\S{1,3})?)\s*$")
        .expect("year range tail regex")
});

/// A year range with a year of five digits.
static YEAR_RANGE_LONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*((?:19|20)\d{2,3})( ?)-( ?)((?:19|20)\d{2,3})\s*$")
        .expect("long year range regex")
});

/// The row numbers of an OCR'd table joined across pages, mended from
/// their neighbours as one sequence ([`crate::scan::row_numbers`]): the
/// OCR stage mends each page's column, but a misread number at the foot of
/// a page (`l` above a `2` on the next) only has its neighbour here. Only
/// OCR'd cells change; marked repaired.
fn repair_row_labels(t: &mut DocTable) {
    let Some(j) = t.roles.iter().position(|r| *r == Role::Stt) else {
        return;
    };
    if !t
        .rows
        .iter()
        .any(|r| r.ocr.get(j).is_some_and(Option::is_some))
    {
        return;
    }
    let mut labels: Vec<String> = t
        .rows
        .iter()
        .map(|r| r.cells.get(j).cloned().unwrap_or_default())
        .collect();
    for i in crate::scan::row_numbers::repair_row_numbers(&mut labels) {
        let r = &mut t.rows[i];
        if r.ocr.get(j).is_some_and(Option::is_some) {
            let fixed = std::mem::take(&mut labels[i]);
            repair_cell(&mut t.repairs, r, j, fixed);
        }
    }
}

/// A cell that is a range of years: `2022 - 2025`, `2022-2025`.
static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*((?:19|20)\d\d)( ?)-( ?)((?:19|20)\d\d)\s*$").expect("year range regex")
});

/// Whether every word of `s` is Vietnamese as written: a syllable, a
/// number, or an abbreviation in capitals (`UBND`, `CQCSĐT`, `TP.HCM`,
/// `COVID-19`), with punctuation only around words (and `/` between them:
/// `III/2024`); a colon or digit inside a word (`Thâr:h`, `Thàn2`,
/// `IIL2024`) or a letter no syllable has is not.
fn reads_as_vietnamese(s: &str) -> bool {
    let number = |w: &str| w.chars().all(|c| c.is_ascii_digit() || ".,%".contains(c));
    let abbreviation = |w: &str| {
        let (letters, digits) = match w.rsplit_once('-') {
            Some((l, d)) if !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()) => (l, true),
            _ => (w, false),
        };
        (letters.chars().count() >= 2 || digits)
            && letters.chars().any(char::is_uppercase)
            && letters
                .chars()
                .all(|c| c.is_uppercase() || "&.-".contains(c))
    };
    s.split_whitespace().flat_map(|w| w.split('/')).all(|w| {
        let w = w.trim_matches(|c: char| ",.;()\"'“”‘’–-".contains(c));
        w.is_empty() || number(w) || abbreviation(w) || crate::legacy::is_valid_syllable(w)
    })
}

/// `: ` before a lower-case letter.
static COLON_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r": (\p{Ll})").expect("colon separator regex"));

/// Puts `fixed` in cell `j` of `row` when it differs: the cell is marked
/// repaired and the repair listed.
fn repair_cell(repairs: &mut Vec<CellRepair>, row: &mut TableRow, j: usize, fixed: String) {
    let Some(c) = row.cells.get_mut(j) else {
        return;
    };
    if *c == fixed {
        return;
    }
    repairs.push(CellRepair {
        page: row.page,
        from: std::mem::replace(c, fixed),
        to: c.clone(),
    });
    if let Some(Some(o)) = row.ocr.get_mut(j) {
        o.repaired = true;
    }
}

/// An OCR'd identifier (`ma_bn`, `t_tongchi`) as it should read: an
/// underscore lost under the cell's rule comes back where a space is, a
/// `t_` read as a dagger (`†`, `‡`) is `t_`, and accents that the
/// spelling repair or Tesseract put on an ASCII name are dropped. `lead`
/// is the one-letter prefix most of the column's names start with (`t` of
/// `t_xn`, `t_mau`): a lone symbol that takes the place of that letter
/// (`+ thuoc`, `¿ cdha`, `{ xuattoan`), a symbol glued to it (`t† kham`,
/// `†t kham`)
/// and the letter read as a capital (`T datuyen`) are that prefix.
fn as_identifier(cell: &str, lead: Option<char>) -> String {
    let mut out = String::with_capacity(cell.len());
    let words: Vec<&str> = cell.split_whitespace().collect();
    let symbol = |c: char| !c.is_alphanumeric() && c != '_';
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            out.push('_');
        }
        let mut w: &str = w;
        if k == 0 && words.len() > 1 {
            if let Some(l) = lead {
                let cs: Vec<char> = w.chars().collect();
                let is_lead = |c: char| c.to_ascii_lowercase() == l;
                let stands_for_lead = match cs[..] {
                    [a] => symbol(a) || is_lead(a),
                    [a, b] => is_lead(a) && symbol(b) || symbol(a) && is_lead(b),
                    _ => false,
                };
                if stands_for_lead {
                    out.push(l);
                    continue;
                }
            }
        }
        if let Some(c) = w.chars().next().filter(|c| matches!(c, '†' | '‡')) {
            w = &w[c.len_utf8()..];
            out.push('t');
            // `†tongchi`: the underscore is in the dagger; `† tongchi`
            // gets it from the space, `†_ngoai` has it already.
            if w.chars().next().is_some_and(|c| c != '_') {
                out.push('_');
            }
        }
        out.extend(w.chars().map(crate::vn::fold_char));
    }
    out
}

/// Whether an OCR'd cell reads as an identifier once repaired (`lead` as
/// for [`as_identifier`]): ASCII lower-case letters, digits and
/// underscores, starting with a letter; in lower case as read (but for a
/// leading capital `lead` letter), with an accented letter in at most half
/// its words (`gioi tĩnh`, not `tổ chức`).
fn identifier_like(cell: &str, lead: Option<char>) -> bool {
    let words = cell.split_whitespace().count();
    let accented = cell
        .chars()
        .filter(|c| c.is_alphabetic() && !c.is_ascii())
        .count();
    let rest = match (lead, cell.split_once(' ')) {
        (Some(l), Some((first, rest))) if first.chars().eq([l.to_ascii_uppercase()]) => rest,
        _ => cell,
    };
    if rest.chars().any(char::is_uppercase) || accented * 2 > words {
        return false;
    }
    let id = as_identifier(cell, lead);
    id.len() <= 40
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The one-letter prefix (`t` of `t_xn`, read `t xn`) that at least three
/// of `cells` and more than any other start with once repaired, when there
/// is one.
fn identifier_lead(cells: &[&str]) -> Option<char> {
    let mut counts: std::collections::BTreeMap<char, usize> = Default::default();
    for c in cells.iter().filter(|c| identifier_like(c, None)) {
        let id = as_identifier(c, None);
        let mut cs = id.chars();
        if let (Some(a), Some('_')) = (cs.next(), cs.next()) {
            if a.is_ascii_lowercase() {
                *counts.entry(a).or_default() += 1;
            }
        }
    }
    let best = counts
        .iter()
        .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))?;
    let second = counts.values().filter(|&&n| n == *best.1).count();
    (*best.1 >= 3 && second == 1).then_some(*best.0)
}

/// A column of field names in a scanned data-format table (`ma_bn`,
/// `ho_ten`, `ngay_sinh`): the underscores touch the rule under the text,
/// so OCR reads most of them as spaces (or a `t_` as `†`). A column of
/// OCR'd cells (four in five with words read), at least five of them and two in three reading as
/// identifiers once repaired (the rest misread past repair), one with an
/// underscore that survived, gets
/// those cells repaired ([`as_identifier`]) and marked so.
fn repair_identifier_columns(t: &mut DocTable) {
    let n = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    for j in 0..n {
        let cells: Vec<&str> = t
            .rows
            .iter()
            .filter(|r| !r.spanning)
            .filter_map(|r| r.cells.get(j).map(String::as_str))
            .filter(|c| !c.is_empty())
            .collect();
        // Read by OCR (a cell repeated from a merge has no words of its own).
        let read = t
            .rows
            .iter()
            .filter(|r| r.cells.get(j).is_some_and(|c| !c.is_empty()) && !r.spanning)
            .filter(|r| r.ocr.get(j).is_some_and(Option::is_some))
            .count();
        let ocr = read * 5 >= cells.len() * 4;
        let lead = identifier_lead(&cells);
        let like = cells.iter().filter(|c| identifier_like(c, lead)).count();
        let underscore = cells
            .iter()
            .any(|c| c.contains('_') && identifier_like(c, lead));
        if !(ocr && cells.len() >= 5 && like * 3 >= cells.len() * 2 && underscore) {
            continue;
        }
        for r in &mut t.rows {
            if r.spanning {
                continue;
            }
            let Some(c) = r.cells.get(j) else {
                continue;
            };
            if c.is_empty() || !identifier_like(c, lead) {
                continue;
            }
            let id = as_identifier(c, lead);
            repair_cell(&mut t.repairs, r, j, id);
        }
    }
}

/// The header vocabulary as the table joiner asks it.
struct Sense<'a>(&'a HeaderVocab);

impl HeaderSense for Sense<'_> {
    fn header_rows(&self, rows: &[TableRow], fresh: bool) -> usize {
        header_block(rows, self.0, fresh)
    }

    fn key_column(&self, header: &[String]) -> usize {
        let (roles, _) = assign_roles(header, self.0);
        roles.iter().position(|r| *r == Role::Stt).unwrap_or(0)
    }
}

/// Roles of a header row: each role once, the first matching column wins;
/// `Đơn vị` alone is the subject unless a subject column lies to its left
/// (then it is the lead). Also the columns that name lead and partners.
fn assign_roles(header: &[String], vocab: &HeaderVocab) -> (Vec<Role>, Vec<usize>) {
    let mut seen: Vec<Role> = Vec::new();
    let mut lead_partners = Vec::new();
    let roles = header
        .iter()
        .enumerate()
        .map(|(j, h)| {
            let wanted: Vec<Role> = match vocab.meaning(h) {
                Some(Meaning::Role(r)) => vec![r],
                Some(Meaning::LeadPartners) => {
                    if !seen.contains(&Role::Lead) {
                        lead_partners.push(j);
                    }
                    vec![Role::Lead]
                }
                Some(Meaning::NameOrLead) => vec![Role::Name, Role::Lead],
                Some(Meaning::Summary) | None => vec![Role::Other],
            };
            let r = wanted
                .iter()
                .copied()
                .find(|r| *r == Role::Other || !seen.contains(r))
                .unwrap_or(Role::Other);
            if r != Role::Other {
                seen.push(r);
            }
            r
        })
        .collect();
    (roles, lead_partners)
}

/// The column that ends a time frame begun in the `timeframe` column: a
/// later column whose header is a time too and names an end (`Thời gian kết
/// thúc`, `Thời gian hoàn thành`, `Thời hạn`). Why: with one `timeframe` per
/// record, the end of the period would otherwise be the start's.
fn end_time_column(header: &[String], roles: &[Role], vocab: &HeaderVocab) -> Option<usize> {
    let start = roles.iter().position(|r| *r == Role::Timeframe)?;
    (start + 1..header.len().min(roles.len())).find(|&j| {
        let h = format!(" {} ", fold_header(&header[j]));
        roles[j] == Role::Other
            && vocab.meaning(&header[j]) == Some(Meaning::Role(Role::Timeframe))
            && [" ket thuc ", " hoan thanh ", " han "]
                .iter()
                .any(|w| h.contains(w))
    })
}

/// Title and caption from the lines just above a table: a caption is a
/// parenthesised line (`(Kèm theo ...)`); the title is the run of upper-case
/// lines before it.
fn title_and_caption(before: &[String]) -> (String, String) {
    let mut caption = String::new();
    let mut title_parts: Vec<&str> = Vec::new();
    // Lines without letters (`2024` wrapped off a title line) belong to the
    // title only below an upper-case line.
    let mut pending: Vec<&str> = Vec::new();
    let mut in_caption = false;
    for t in before.iter().rev().take(8) {
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

/// A number as printed in a value column: `6,74`, `97,14%`, `1.200`, `58`.
fn numeric(s: &str) -> bool {
    let s = s.trim().trim_end_matches('%').trim();
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || ".,-+ ".contains(c))
}

/// Roles the header did not give, found from the contents; summary rows;
/// the table's kind.
fn classify_table(t: &mut DocTable, vocab: &HeaderVocab) {
    let n = t.roles.len();
    // Summary rows: a total's label (`Tổng cộng`, `Chỉ số chung`) where the
    // row number would be or in the first filled cell, or a label cell
    // spanning the first columns with values after it.
    for row in &mut t.rows {
        let first = row.cells.iter().position(|c| !c.is_empty());
        let Some(f) = first else { continue };
        let label = &row.cells[f];
        let labelled = !is_row_label(label) && vocab.is_summary_label(label);
        let spans_first = f == 0
            && row.spans.first().is_some_and(|&s| s >= 2 && s < n)
            && !is_row_label(label.split(' ').next().unwrap_or(""))
            && row.cells[row.spans[0]..].iter().any(|c| !c.is_empty());
        row.is_summary = labelled || spans_first;
    }
    if t.header.is_empty() {
        return;
    }
    let has = |roles: &[Role], r: Role| roles.contains(&r);
    let data: Vec<&TableRow> = t
        .rows
        .iter()
        .filter(|r| !r.is_summary && !r.spanning)
        .collect();
    // Row numbers in the first column without an STT header.
    if !has(&t.roles, Role::Stt) && t.roles.first() == Some(&Role::Other) && !data.is_empty() {
        // Rows added without a number (a member inserted after `3`) leave
        // the cell empty: most filled first cells must be labels, and most
        // rows have one.
        let filled = data
            .iter()
            .filter(|r| r.cells.first().is_some_and(|c| !c.is_empty()))
            .count();
        let labels = data
            .iter()
            .filter(|r| r.cells.first().is_some_and(|c| is_row_label(c)))
            .count();
        if labels * 5 >= filled * 4 && filled * 3 >= data.len() * 2 {
            t.roles[0] = Role::Stt;
        }
    }
    let detail = has(&t.roles, Role::Lead)
        || has(&t.roles, Role::Partners)
        || has(&t.roles, Role::Timeframe);
    if !has(&t.roles, Role::Name) && (detail || has(&t.roles, Role::Stt)) && !data.is_empty() {
        // The subject: the widest text column left of the agency and time
        // columns.
        let limit = t
            .roles
            .iter()
            .position(|r| matches!(r, Role::Lead | Role::Partners | Role::Timeframe))
            .unwrap_or(n);
        let best = (0..limit)
            .filter(|&j| t.roles[j] == Role::Other)
            .filter_map(|j| {
                let texts: Vec<&str> = data
                    .iter()
                    .filter_map(|r| r.cells.get(j).map(String::as_str))
                    .filter(|c| !c.is_empty())
                    .collect();
                let nums = texts.iter().filter(|c| numeric(c)).count();
                if texts.is_empty() || nums * 2 > texts.len() {
                    return None;
                }
                let mean = texts.iter().map(|c| c.chars().count()).sum::<usize>() as f32
                    / texts.len() as f32;
                Some((j, mean))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((j, _)) = best {
            t.roles[j] = Role::Name;
            t.role_guessed = true;
            t.warnings.push(format!(
                "table {}: no header names the subject; column {} ({:?}) chosen by its contents",
                t.table_no,
                j + 1,
                t.header.get(j).map_or("", String::as_str)
            ));
        }
    }
    let has_name = has(&t.roles, Role::Name);
    // A table whose header names its subject is a table of records even
    // without row numbers or agency columns (a criteria form, a member
    // list); one column alone is a framed paragraph.
    let named = has_name && n >= 2 && !t.role_guessed;
    if !(has(&t.roles, Role::Stt) || (has_name && detail) || named) || data.is_empty() {
        return;
    }
    let other_cols: Vec<usize> = (0..n).filter(|&j| t.roles[j] == Role::Other).collect();
    let scored = other_cols.iter().any(|&j| {
        let k = fold_header(&t.header[j]);
        k.split(' ')
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| matches!(w, ["xep", "hang"] | ["thu", "hang"]))
            || k.split(' ').any(|w| w == "diem")
    });
    let numeric_cols = other_cols
        .iter()
        .filter(|&&j| {
            let v: Vec<&str> = data
                .iter()
                .filter_map(|r| r.cells.get(j).map(String::as_str))
                .filter(|c| !c.is_empty())
                .collect();
            !v.is_empty() && v.iter().filter(|c| numeric(c)).count() * 5 >= v.len() * 4
        })
        .count();
    t.table_kind = Some(if detail {
        TableKind::Task
    } else if scored {
        TableKind::Score
    } else if numeric_cols > 0 && numeric_cols * 2 >= other_cols.len() {
        TableKind::Indicator
    } else {
        TableKind::List
    });
}

/// The record rows of every table that has a kind (see [`TableKind`]):
/// all data rows, not group, summary or empty rows.
pub fn tasks(tables: &[DocTable]) -> Vec<Task> {
    let mut out = Vec::new();
    for t in tables {
        let Some(kind) = t.table_kind else {
            continue;
        };
        let col = |role: Role| t.roles.iter().position(|r| *r == role);
        let stt_col = col(Role::Stt);
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
            if row.is_summary {
                continue;
            }
            let stt_raw = get(stt_col);
            let stt = stt_raw.trim_end_matches('.').to_string();
            let others_empty = row
                .cells
                .iter()
                .enumerate()
                .all(|(c, v)| Some(c) == stt_col || Some(c) == name_col || v.is_empty());
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
                    .find_map(|r| {
                        stt_col
                            .and_then(|s| r.cells.get(s))
                            .filter(|c| !c.is_empty())
                    })
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
            let mut tf = crate::scan::timeframe::parse_timeframe(&timeframe);
            // A separate end column ends the period the time column starts.
            let until = crate::scan::timeframe::parse_timeframe(&get(t.end_col));
            if let Some(end) = until.end.or(until.start) {
                if tf.start.as_ref().is_none_or(|s| *s <= end) {
                    tf.end = Some(end);
                }
            }
            let mut extra = serde_json::Map::new();
            let mut cells = std::collections::BTreeMap::new();
            let mut merged = false;
            for (c, r) in t.roles.iter().enumerate() {
                let key = match r {
                    Role::Stt => "stt".to_string(),
                    Role::Name => "name".to_string(),
                    Role::Lead => "lead".to_string(),
                    Role::Partners => "partners".to_string(),
                    Role::Timeframe => "timeframe".to_string(),
                    Role::Other => {
                        let mut key = t
                            .header
                            .get(c)
                            .filter(|h| !h.is_empty())
                            .cloned()
                            .unwrap_or_else(|| format!("col{}", c + 1));
                        let mut k = 2;
                        while extra.contains_key(&key) {
                            key = format!("{} ({k})", t.header.get(c).map_or("", String::as_str));
                            k += 1;
                        }
                        extra.insert(
                            key.clone(),
                            serde_json::Value::String(
                                row.cells.get(c).cloned().unwrap_or_default(),
                            ),
                        );
                        key
                    }
                };
                if let Some(Some(b)) = row.boxes.get(c) {
                    cells.insert(key, b.with_ocr(row.ocr.get(c).and_then(Option::as_ref)));
                }
                merged |= row.merged.get(c) == Some(&true) && !row.cells[c].is_empty();
            }
            let mut flags = Vec::new();
            if row.stitched {
                flags.push(RowFlag::Stitched);
            }
            if merged {
                flags.push(RowFlag::MergedCell);
            }
            if t.role_guessed {
                flags.push(RowFlag::RoleGuessed);
            }
            // A deadline (`Trước 30/6/2024`) has an end and no start.
            if !timeframe.is_empty()
                && tf.start.is_none()
                && tf.end.is_none()
                && tf.recurrence.is_none()
            {
                flags.push(RowFlag::TimeframeUnparsed);
            }
            flags.extend(ocr_flags(&row.ocr));
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
                row_id: format!("{}-{}", t.table_no, i + 1),
                bbox: row.bbox(),
                cells,
                table_kind: kind,
                flags,
                confidence: row_confidence(&row.ocr),
                lead_canonical: String::new(),
                partners_canonical: String::new(),
            });
        }
    }
    out
}

/// Agencies as written, `;`-separated: the items of a cell of several lines
/// (and two items on one printed line, `- Lãnh đạo UBND tỉnh; - Chuyên
/// viên`) are joined with `; `, each as printed, its bullet kept
/// (`- Lãnh đạo UBND tỉnh; - Chuyên viên UBND tỉnh`); the canonical columns
/// drop the bullets.
fn agencies(cell: &str) -> String {
    // One line is kept as written (`-1+1` is no list).
    if !cell.contains('\n') {
        return cell.to_string();
    }
    cell.split('\n')
        .flat_map(|l| l.split(';'))
        .map(|l| l.trim().trim_end_matches([';', ',']).trim_end())
        .filter(|l| !l.is_empty() && !matches!(*l, "-" | "+" | "•" | "–"))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    fn row(cells: &[&str]) -> TableRow {
        TableRow::plain(cells.iter().map(|c| c.to_string()).collect(), 1)
    }

    fn stats(words: &[f32], repaired: bool) -> Option<OcrStats> {
        OcrStats::of_words(words, repaired)
    }

    /// A table of rows `1 | A | cell`, one per cell, under `header`; with
    /// `ocr`, the third column read by OCR.
    fn third_column(header: &[&str], cells: &[&str], ocr: bool) -> DocTable {
        let rows: Vec<[&str; 3]> = cells.iter().map(|c| ["1", "A", *c]).collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let mut t = table(header, &rows);
        if ocr {
            for r in &mut t.rows {
                r.ocr = vec![None, None, stats(&[80.0], false)];
            }
        }
        t
    }

    /// The row's confidence is the lowest of its cells' means; text-layer
    /// cells count for nothing, and a row with none OCR'd has none.
    #[test]
    fn row_confidence_is_the_worst_cell_mean() {
        let cells = vec![
            stats(&[96.0], false),
            stats(&[90.0, 80.0, 70.0], false),
            None,
            stats(&[95.0, 91.0], false),
        ];
        assert_eq!(row_confidence(&cells), Some(0.8));
        assert_eq!(ocr_flags(&cells), vec![RowFlag::Ocr]);
        assert_eq!(row_confidence(&[None, None]), None);
        assert_eq!(ocr_flags(&[None, None]), Vec::<RowFlag>::new());
        // One poor cell makes the row low-confidence, whatever the others.
        let poor = vec![
            stats(&[96.0, 95.0, 97.0], false),
            stats(&[55.0, 60.0], true),
        ];
        assert_eq!(row_confidence(&poor), Some(0.575));
        assert_eq!(
            ocr_flags(&poor),
            vec![RowFlag::Ocr, RowFlag::LowConfidence, RowFlag::Repaired]
        );
        // At the threshold is not below it.
        assert_eq!(row_confidence(&[stats(&[60.0], false)]), Some(0.6));
        assert_eq!(ocr_flags(&[stats(&[60.0], false)]), vec![RowFlag::Ocr]);
    }

    /// A task row gets its confidence and flags from its cells, and a row
    /// split by the page break adds its continuation's words.
    #[test]
    fn task_rows_carry_ocr_confidence() {
        let mut t = table(
            &["STT", "Nội dung", "Đơn vị chủ trì", "Thời gian"],
            &[
                &["1", "Tổ chức hội nghị", "Sở Tư pháp", "Năm 2025"],
                &["2", "Xây dựng kế hoạch", "Sở Nội vụ", "Năm 2024"],
            ],
        );
        t.rows[1].ocr = vec![
            stats(&[95.0], false),
            stats(&[90.0, 70.0], false),
            stats(&[50.0], false),
            stats(&[85.0], false),
        ];
        let cells = ["", "năm 2024", "", ""].map(String::from).to_vec();
        let mut more = TableRow::plain(cells, 2);
        more.ocr = vec![None, stats(&[20.0], true), None, None];
        crate::layout::table::continue_rows(&mut t.rows, vec![more], 0);
        let v = tasks(&[t]);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].confidence, None);
        assert!(v[0].flags.is_empty(), "{:?}", v[0].flags);
        assert_eq!(v[1].name, "Xây dựng kế hoạch năm 2024");
        // name: (90 + 70 + 20) / 3 = 60; lead: 50, the lowest.
        assert_eq!(v[1].confidence, Some(0.5));
        assert_eq!(
            v[1].flags,
            vec![
                RowFlag::Stitched,
                RowFlag::Ocr,
                RowFlag::LowConfidence,
                RowFlag::Repaired
            ]
        );
    }

    /// A member list's header with its `STT` not read names one role only
    /// (`Họ và tên`); another OCR'd one has `STT` misread; both are headers
    /// of a table that starts fresh, never of a data row or of a possible
    /// continuation.
    #[test]
    fn weak_headers_of_fresh_tables() {
        let v = builtin_vocab();
        let members = row(&["", "Họ và tên", "Chức vụ", "Đơn vị công tác", "Chức danh"]);
        let ocr = row(&[
            "STI",
            "Chỉ tiêu",
            "",
            "liệu",
            "Kích thước tối đa",
            "Ghỉ chú ä",
        ]);
        let data = row(&[
            "1",
            "Nguyễn Minh",
            "Phó Chủ tịch UBND tỉnh",
            "Ủy ban nhân dân tỉnh",
            "Chủ tịch Hội đồng",
        ]);
        assert!(!header_like(&members, v));
        assert!(weak_header(&members, v) && weak_header(&ocr, v));
        assert!(!weak_header(&data, v));
        let body = [members.clone(), data.clone()];
        assert_eq!(header_block(&body, v, true), 1);
        assert_eq!(header_block(&body, v, false), 0);
        assert_eq!(header_block(&[data.clone(), data], v, true), 0);
    }

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
        let vocab = HeaderVocab::builtin();
        let (roles, lead_partners) = assign_roles(&header, &vocab);
        let end_col = end_time_column(&header, &roles, &vocab);
        let mut t = DocTable {
            table_no: 1,
            title: "DANH MỤC".into(),
            caption: String::new(),
            method: Method::Lattice,
            pages: vec![1],
            roles,
            header,
            header_rows: Vec::new(),
            lead_partners,
            end_col,
            table_kind: None,
            role_guessed: false,
            rows: rows
                .iter()
                .map(|r| {
                    let mut row = TableRow::plain(r.iter().map(|s| s.to_string()).collect(), 1);
                    row.spanning = r.len() == 1;
                    if row.spanning {
                        row.spans = vec![4];
                    }
                    row
                })
                .collect(),
            fragments: Vec::new(),
            warnings: Vec::new(),
            repairs: Vec::new(),
        };
        classify_table(&mut t, &vocab);
        t
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
        assert_eq!(k[0].lead, "- Sở TT&TT; - Báo Hậu Giang");
        assert_eq!(k[0].partners, "");
        assert_eq!(
            k[0].extra.get("Ghi chú").and_then(|v| v.as_str()),
            Some("x")
        );
    }

    /// Start and end columns (real-dev d03 table 2): `timeframe` is the
    /// start as written, `end` comes from the end column, which stays an
    /// extra column with its text.
    #[test]
    fn start_and_end_time_columns() {
        let t = table(
            &[
                "STT",
                "Nội dung",
                "Thời gian bắt đầu",
                "Thời gian kết thúc",
                "Công bố kết quả",
            ],
            &[
                &[
                    "1",
                    "Tuần 1",
                    "07g00 ngày 10/11/2025",
                    "17g00 ngày 16/11/2025",
                    "19/11/2025",
                ],
                &["2", "Tuần 2", "07g00 ngày 17/11/2025", "", ""],
            ],
        );
        assert_eq!(t.end_col, Some(3));
        let k = tasks(std::slice::from_ref(&t));
        assert_eq!(k.len(), 2);
        assert_eq!(k[0].timeframe, "07g00 ngày 10/11/2025");
        assert_eq!(k[0].start, "2025-11-10");
        assert_eq!(k[0].end, "2025-11-16");
        assert_eq!(
            k[0].extra
                .get("Thời gian kết thúc")
                .and_then(|v| v.as_str()),
            Some("17g00 ngày 16/11/2025")
        );
        // No end printed: the start column's own period.
        assert_eq!(
            (k[1].start.as_str(), k[1].end.as_str()),
            ("2025-11-17", "2025-11-17")
        );
        // One time column, or a second that names no end: no end column.
        let one = table(
            &["STT", "Nội dung", "Thời gian thực hiện"],
            &[&["1", "A", "2024"]],
        );
        assert_eq!(one.end_col, None);
        let two = table(
            &["STT", "Nội dung", "Thời gian", "Thời điểm báo cáo"],
            &[&["1", "A", "2024", "Quý I/2025"]],
        );
        assert_eq!(two.end_col, None);
    }

    /// `;` read as `:` between agencies of an OCR'd cell becomes `;`
    /// again; a label's colon, or a text-layer cell, stays.
    #[test]
    fn colons_between_ocr_agencies_are_semicolons() {
        let mut t = table(
            &["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"],
            &[
                &[
                    "1",
                    "A",
                    "Bộ, ngành, địa phương: tổ chức, doanh nghiệp",
                    "Chủ trì: Sở Y tế",
                ],
                &["2", "B", "Bộ Thông tin và Truyền thông: các cơ sở", "x"],
            ],
        );
        t.rows[0].ocr = vec![OcrStats::of_words(&[90.0], false); 4];
        repair_agency_separators(&mut t);
        assert_eq!(
            t.rows[0].cells[2],
            "Bộ, ngành, địa phương; tổ chức, doanh nghiệp"
        );
        assert!(t.rows[0].ocr[2].is_some_and(|o| o.repaired));
        assert_eq!(t.rows[0].cells[3], "Chủ trì: Sở Y tế");
        assert!(!t.rows[0].ocr[3].is_some_and(|o| o.repaired));
        // Read from a text layer: as written.
        assert_eq!(
            t.rows[1].cells[2],
            "Bộ Thông tin và Truyền thông: các cơ sở"
        );
    }

    /// A scanned column of field names gets its underscores back; a column
    /// of Vietnamese words, or one read from a text layer, is left alone.
    #[test]
    fn identifier_columns_of_scans_are_repaired() {
        assert_eq!(as_identifier("ma bn", None), "ma_bn");
        assert_eq!(as_identifier("† tongchi", None), "t_tongchi");
        assert_eq!(as_identifier("†_ngoa1ds", None), "t_ngoa1ds");
        assert_eq!(as_identifier("gioi tĩnh", None), "gioi_tinh");
        assert!(!identifier_like("Tổ chức hội nghị", None));
        assert!(!identifier_like("x * kết qua", None));
        // s06: in a column of `t_…` names, what took the place of the `t`.
        let t = Some('t');
        assert_eq!(as_identifier("+ thuoc", t), "t_thuoc");
        assert_eq!(as_identifier("¿ cdha", t), "t_cdha");
        assert_eq!(as_identifier("{ xuattoan", t), "t_xuattoan");
        assert_eq!(as_identifier("t† kham", t), "t_kham");
        assert_eq!(as_identifier("†t kham", t), "t_kham");
        assert_eq!(as_identifier("†tongchi", t), "t_tongchi");
        assert!(identifier_like("T datuyen", t));
        assert_eq!(as_identifier("T datuyen", t), "t_datuyen");
        assert!(!identifier_like("T datuyen", None));
        assert!(!identifier_like("Tổ chức", t));
        // A lone symbol before a word without such a column stays a symbol.
        assert!(!identifier_like("+ thuoc", None));
        assert_eq!(identifier_lead(&["t_xn", "t mau", "ma_bn", "† kham"]), t);
        assert_eq!(identifier_lead(&["t_xn", "ma_bn", "ho_ten"]), None);
        assert_eq!(
            identifier_lead(&["t_xn", "t_a", "t_b", "m_a", "m_b", "m_c"]),
            None
        );
        let names = [
            "ma bn",
            "ho ten",
            "ngay sinh",
            "gioi tĩnh",
            "ma_the",
            "† tongchi",
        ];
        let rows: Vec<Vec<&str>> = names.iter().map(|n| vec!["1", *n, "Chuỗi"]).collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let mut scanned = table(&["STT", "Chỉ tiêu", "Kiểu dữ liệu"], &rows);
        for r in &mut scanned.rows {
            r.ocr = vec![OcrStats::of_words(&[90.0], false); 3];
        }
        let text_layer = scanned.clone();
        repair_identifier_columns(&mut scanned);
        let got: Vec<&str> = scanned.rows.iter().map(|r| r.cells[1].as_str()).collect();
        assert_eq!(
            got,
            [
                "ma_bn",
                "ho_ten",
                "ngay_sinh",
                "gioi_tinh",
                "ma_the",
                "t_tongchi"
            ]
        );
        assert!(scanned.rows[0].ocr[1].is_some_and(|o| o.repaired));
        // Only the cells changed are marked.
        assert!(!scanned.rows[4].ocr[1].is_some_and(|o| o.repaired));
        // Each repair is listed for the document's warnings.
        assert_eq!(scanned.repairs.len(), 5);
        assert_eq!(
            (
                scanned.repairs[0].from.as_str(),
                scanned.repairs[0].to.as_str()
            ),
            ("ma bn", "ma_bn")
        );
        assert_eq!(scanned.rows[0].cells[2], "Chuỗi");
        let mut plain = text_layer.clone();
        for r in &mut plain.rows {
            r.ocr = vec![None; 3];
        }
        repair_identifier_columns(&mut plain);
        assert_eq!(plain.rows[0].cells[1], "ma bn");
    }

    /// A value repeated down an OCR'd column mends its garbled copies
    /// (as s01 and s03 read them), never a cell of real words.
    #[test]
    fn garbled_copies_of_a_repeated_value_are_mended() {
        let cells = [
            "Công an tỉnh",
            "Công an nh",
            "Công an tỉnh",
            "Công ar tírh",
            "Công an tỉnh",
            "Công an huyện",
            "Cục Thuế tỉnh",
            "Bộ Thông tn và Truyền thông",
        ];
        let rows: Vec<[&str; 2]> = cells.iter().map(|c| ["1", *c]).collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let plain = table(&["STT", "Đơn vị"], &rows);
        let mut t = plain.clone();
        for r in &mut t.rows {
            r.ocr = vec![None, stats(&[80.0], false)];
        }
        repair_repeated_values(&mut t);
        let got: Vec<&str> = t.rows.iter().map(|r| r.cells[1].as_str()).collect();
        assert_eq!(
            got,
            [
                "Công an tỉnh",
                "Công an tỉnh",
                "Công an tỉnh",
                "Công an tỉnh",
                "Công an tỉnh",
                "Công an huyện",
                "Cục Thuế tỉnh",
                "Bộ Thông tn và Truyền thông",
            ]
        );
        assert_eq!(t.repairs.len(), 2);
        assert!(t.rows[1].ocr[1].as_ref().is_some_and(|o| o.repaired));
        // Text-layer cells are never changed.
        let mut plain = plain;
        repair_repeated_values(&mut plain);
        assert_eq!(plain.rows[1].cells[1], "Công an nh");
        assert!(reads_as_vietnamese("Phó Giám đốc (Thủ trưởng CQ CSĐT CAT)"));
        assert!(reads_as_vietnamese("Trước 30/6/2024"));
        assert!(!reads_as_vietnamese("Thâr:h viện Hê: đông"));
        assert!(!reads_as_vietnamese("Thàn2 viên"));
        assert!(reads_as_vietnamese("Quý III/2024"));
        assert!(reads_as_vietnamese("Phòng chống COVID-19"));
        assert!(!reads_as_vietnamese("Quý IIL2024"));
        // Time frames (and any cell with a digit) are never mended: one
        // character makes another quarter.
        let quarters = ["Quý IIL2024", "Quý IIL2024", "Quý IIL2024", "Quý III/2024"];
        let mut t = third_column(&["STT", "Nội dung", "Đơn vị"], &quarters, true);
        repair_repeated_values(&mut t);
        assert_eq!(t.rows[3].cells[2], "Quý III/2024");
        // As near to two repeated values that differ in a tone only (s01
        // over its seven pages): the one the column uses more wins; as
        // often leaves the cell alone.
        for (copies, want) in [
            (4, "Bộ Thông tin và Truyền thông"),
            (3, "Bộ Thông tn và Truyền thông"),
        ] {
            let mut cells = vec!["Bộ Thông tin và Truyền thông"; copies];
            cells.extend(["Bộ Thông tin và Truyên thông"; 3]);
            cells.push("Bộ Thông tn và Truyền thông");
            let rows: Vec<[&str; 2]> = cells.iter().map(|c| ["1", *c]).collect();
            let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
            let mut t = table(&["STT", "Đơn vị"], &rows);
            for r in &mut t.rows {
                r.ocr = vec![None, stats(&[80.0], false)];
            }
            repair_repeated_values(&mut t);
            assert_eq!(t.rows[copies + 3].cells[1], want, "{copies} copies");
        }
    }

    /// OCR'd year ranges take the spacing most of their column has; a
    /// column without a clear majority, and text-layer cells, stay.
    #[test]
    fn year_ranges_take_their_column_spacing() {
        let cells = [
            "2022 - 2025",
            "2022-2025",
            "2022 - 2030",
            "2022- 2030",
            "2021 - 2030",
        ];
        let plain = third_column(&["STT", "Nội dung", "Thời gian"], &cells, false);
        let mut t = third_column(&["STT", "Nội dung", "Thời gian"], &cells, true);
        repair_year_range_spacing(&mut t);
        let got: Vec<&str> = t.rows.iter().map(|r| r.cells[2].as_str()).collect();
        assert_eq!(
            got,
            [
                "2022 - 2025",
                "2022 - 2025",
                "2022 - 2030",
                "2022 - 2030",
                "2021 - 2030"
            ]
        );
        assert_eq!(t.repairs.len(), 2);
        let mut plain = plain;
        repair_year_range_spacing(&mut plain);
        assert_eq!(plain.rows[1].cells[2], "2022-2025");
        // Two against two: no majority, nothing changed.
        let even = ["2022 - 2025", "2022-2025", "2023 - 2025", "2023-2025"];
        let mut t = third_column(&["STT", "Nội dung", "Thời gian"], &even, true);
        repair_year_range_spacing(&mut t);
        assert!(t.repairs.is_empty());
    }

    /// Specks after an OCR'd year range go, a doubled digit in a year goes
    /// when one year of the column is left; footnote marks, numbers, real
    /// tails and text-layer cells stay.
    #[test]
    fn year_ranges_lose_specks_and_doubled_digits() {
        let cells = [
            "2022 - 2030",
            "2021 - 2030",
            "2022 - 2030 T1 +",
            "2022 - 2025",
            "2022 - 2025 xà.",
            "2022 - 20350",
            "2022 - 2025 (1)",
            "2021 - 2025 và các năm tiếp theo",
            "2022 - 20255",
            "2021 - 2050",
            "2023 - 2030",
            "2022 - 20350",
        ];
        let plain = third_column(&["STT", "Nội dung", "Thời gian thực hiện"], &cells, false);
        let mut t = third_column(&["STT", "Nội dung", "Thời gian thực hiện"], &cells, true);
        repair_year_range_tails(&mut t);
        let got: Vec<&str> = t.rows.iter().map(|r| r.cells[2].as_str()).collect();
        assert_eq!(
            got,
            [
                "2022 - 2030",
                "2021 - 2030",
                "2022 - 2030",
                "2022 - 2025",
                "2022 - 2025",
                "2022 - 2030",
                "2022 - 2025 (1)",
                "2021 - 2025 và các năm tiếp theo",
                // `2025` (drop a 5) is the one year the column ends with.
                "2022 - 2025",
                "2021 - 2050",
                "2023 - 2030",
                // `2030` or `2050`: the column ends with 2030 three times
                // as often (3 against 1).
                "2022 - 2030",
            ]
        );
        assert_eq!(t.repairs.len(), 5);
        let mut plain = plain;
        repair_year_range_tails(&mut plain);
        assert!(plain.repairs.is_empty());
    }

    /// `Quý IIL2024` is `Quý III/2024` (the last `I` and the slash read as
    /// one `L`); a right reading, a text-layer cell and `IVL` stay.
    #[test]
    fn quarter_numerals_glued_to_their_year() {
        let cells = [
            "Quý IIL2024",
            "quý IL2025",
            "Quý IV/2024",
            "Quý IVL2024",
            "Quý III/2024",
        ];
        let plain = third_column(&["STT", "Nội dung", "Thời gian thực hiện"], &cells, false);
        let mut t = third_column(&["STT", "Nội dung", "Thời gian thực hiện"], &cells, true);
        repair_quarter_numerals(&mut t);
        let got: Vec<&str> = t.rows.iter().map(|r| r.cells[2].as_str()).collect();
        assert_eq!(
            got,
            [
                "Quý III/2024",
                "quý II/2025",
                "Quý IV/2024",
                "Quý IVL2024",
                "Quý III/2024"
            ]
        );
        assert_eq!(t.repairs.len(), 2);
        let mut plain = plain;
        repair_quarter_numerals(&mut plain);
        assert!(plain.repairs.is_empty());
    }

    /// s02's `loại IL, II` is `loại I, II`; `XL, L` (40, 50) and a word
    /// (`APRIL, MAY`) stay, and so does a text-layer cell.
    #[test]
    fn roman_numerals_of_a_list_lose_a_misread_l() {
        let cells = [
            "ma túy loại IL, II chiếm từ 3%",
            "nhóm IIL, III và IV",
            "cột XL, L",
            "APRIL, MAY",
            "loại I, II",
        ];
        let header = ["STT", "Nội dung", "Tiêu chí"];
        let plain = third_column(&header, &cells, false);
        let mut t = third_column(&header, &cells, true);
        repair_roman_lists(&mut t);
        let got: Vec<&str> = t.rows.iter().map(|r| r.cells[2].as_str()).collect();
        assert_eq!(
            got,
            [
                "ma túy loại I, II chiếm từ 3%",
                "nhóm II, III và IV",
                "cột XL, L",
                "APRIL, MAY",
                "loại I, II"
            ]
        );
        assert_eq!(t.repairs.len(), 2);
        let mut plain = plain;
        repair_roman_lists(&mut plain);
        assert!(plain.repairs.is_empty());
    }

    /// s08's "Phân loại" column: `IH` and `LH` are `III`; a text-layer
    /// column and a column of words stay.
    #[test]
    fn a_column_of_roman_numerals_mends_its_misread_ones() {
        let cells = [
            "II", "III", "IH", "III", "LH", "II", "III", "I", "[II", "HI", "HH", "II", "III",
            "III", "II",
        ];
        let header = ["STT", "Đơn vị", "Phân loại"];
        let plain = third_column(&header, &cells, false);
        let mut t = third_column(&header, &cells, true);
        repair_roman_columns(&mut t);
        let got: Vec<&str> = t.rows.iter().map(|r| r.cells[2].as_str()).collect();
        assert_eq!(
            got,
            [
                "II", "III", "III", "III", "III", "II", "III", "I", "III", "III", "III", "II",
                "III", "III", "II"
            ]
        );
        assert_eq!(t.repairs.len(), 5);
        let mut plain = plain;
        repair_roman_columns(&mut plain);
        assert!(plain.repairs.is_empty());
        let words = ["Đạt", "Không đạt", "IH", "Đạt", "Đạt", "Đạt"];
        let mut t = third_column(&header, &words, true);
        repair_roman_columns(&mut t);
        assert!(t.repairs.is_empty());
    }

    /// A misread row number at the foot of a page is mended from the
    /// number on the next page once the table is joined.
    #[test]
    fn row_numbers_are_mended_across_the_join() {
        let rows: &[&[&str]] = &[&["17", "A"], &["II. Phổ cập"], &["l", "B"], &["2", "C"]];
        let mut t = table(&["STT", "Nội dung"], rows);
        for r in &mut t.rows {
            r.ocr = vec![stats(&[60.0], false), stats(&[90.0], false)];
        }
        repair_row_labels(&mut t);
        let got: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(got, ["17", "II. Phổ cập", "1", "2"]);
        assert_eq!(t.repairs.len(), 1);
    }

    /// Bullet items become `;`-separated, however the lines fell, each as
    /// printed; a cell of one agency, or of a list written with `;` alone,
    /// stays as written.
    #[test]
    fn bulleted_agency_cells_become_lists() {
        let want = "- Lãnh đạo UBND tỉnh; - Lãnh đạo Văn phòng UBND tỉnh; - Chuyên viên UBND tỉnh";
        for cell in [
            "- Lãnh đạo UBND tỉnh;\n- Lãnh đạo Văn phòng UBND tỉnh;\n- Chuyên viên UBND tỉnh",
            "- Lãnh đạo UBND tỉnh; - Lãnh đạo Văn phòng UBND tỉnh;\n- Chuyên viên UBND tỉnh",
        ] {
            assert_eq!(agencies(cell), want, "{cell:?}");
        }
        assert_eq!(agencies("Sở Tư pháp"), "Sở Tư pháp");
        assert_eq!(agencies("-1+1"), "-1+1");
        assert_eq!(
            agencies("Sở Nội vụ; Sở Tài chính"),
            "Sở Nội vụ; Sở Tài chính"
        );
        assert_eq!(
            agencies("Sở Y tế,\n- Sở Tài chính"),
            "Sở Y tế; - Sở Tài chính"
        );
    }

    /// A time frame that gives a date, a deadline or a recurrence is
    /// parsed; one that gives none is flagged.
    #[test]
    fn unparsed_time_frames_are_flagged() {
        let t = table(
            &["STT", "Nội dung", "Thời gian"],
            &[
                &["1", "A", "Trước 30/6/2024"],
                &["2", "B", "Quý III/2024"],
                &["3", "C", "Thường xuyên"],
                &["4", "D", "Khi có yêu cầu"],
                &["5", "E", ""],
            ],
        );
        let flagged: Vec<(String, bool)> = tasks(std::slice::from_ref(&t))
            .into_iter()
            .map(|k| (k.stt, k.flags.contains(&RowFlag::TimeframeUnparsed)))
            .collect();
        let want: Vec<(String, bool)> = [
            ("1", false),
            ("2", false),
            ("3", false),
            ("4", true),
            ("5", false),
        ]
        .iter()
        .map(|(s, f)| (s.to_string(), *f))
        .collect();
        assert_eq!(flagged, want);
    }

    #[test]
    fn title_and_caption_from_lines_above() {
        let before: Vec<String> = [
            "Nội dung văn bản.",
            "PHỤ LỤC",
            "KẾT QUẢ THỰC HIỆN NĂM",
            "2024",
            "(Kèm theo Kế hoạch số 15/KH-STTTT",
            "ngày 25/01/2024)",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (title, caption) = title_and_caption(&before);
        assert_eq!(title, "PHỤ LỤC KẾT QUẢ THỰC HIỆN NĂM 2024");
        assert_eq!(
            caption,
            "(Kèm theo Kế hoạch số 15/KH-STTTT ngày 25/01/2024)"
        );
        let (title, _) = title_and_caption(&["12".to_string()]);
        assert_eq!(title, "");
    }
}
