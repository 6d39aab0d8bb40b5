//! Joining a document's tables across pages: the pieces that the table
//! strategies found page by page become one table each. A piece on the next
//! page continues the table above it when nothing came between them and it
//! repeats the header or, without one, its columns line up; a row cut by the
//! page break is joined cell by cell; a cell merged over rows that runs over
//! the break gives its text to every row it covers. Lattice, stream and OCR'd
//! tables are joined alike.
//!
//! Which rows are a header is a matter of words, known to the records stage:
//! it is asked through [`HeaderSense`]. This module only compares headers and
//! column rules.

use super::{Method, Table};
use crate::layout::{Item, OcrStats, PageLayout};
use serde::Serialize;

/// What the records stage knows of headers, asked while joining.
pub trait HeaderSense {
    /// How many leading rows of a piece are its header (0: none). `fresh`:
    /// the piece cannot continue a table above it (text came between them),
    /// so a row that is only weakly a header may be taken as one.
    fn header_rows(&self, rows: &[TableRow], fresh: bool) -> usize;
    /// The column that numbers the rows (STT) under `header`; 0 when the
    /// header names none.
    fn key_column(&self, header: &[String]) -> usize;
}

/// A table of the document after joining: its pieces, header and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinedTable {
    /// How its first piece was found.
    pub method: Method,
    /// The pages of its pieces, in the order they were joined.
    pub pages: Vec<u32>,
    /// One header cell per column (the header's rows joined); may be empty.
    pub header: Vec<String>,
    /// The printed header rows when there are several (a cell spanning
    /// columns repeated in each).
    pub header_rows: Vec<Vec<String>>,
    pub rows: Vec<TableRow>,
    /// Where its pieces are: (page index, item index) in the laid-out pages.
    pub fragments: Vec<(usize, usize)>,
    /// Column rules of the last piece (to line up a continuation).
    pub last_cols: Vec<f32>,
    /// Number of grid columns.
    pub n_cols: usize,
    /// The row number column ([`HeaderSense::key_column`]).
    pub key_col: usize,
    /// The text lines between the table and what came before it on its
    /// first page (title and caption are read from them).
    pub lines_before: Vec<String>,
}

/// Joins the tables of a document's laid-out pages.
pub fn join(pages: &[PageLayout], sense: &dyn HeaderSense) -> Vec<JoinedTable> {
    let mut out: Vec<JoinedTable> = Vec::new();
    // Whether the last table may continue onto the next page.
    let mut open = false;
    for (pi, page) in pages.iter().enumerate() {
        let mut before: Vec<String> = Vec::new();
        let mut content_before = false;
        for (ii, item) in page.items.iter().enumerate() {
            match item {
                Item::Line(l) => {
                    let t = clean(&l.text);
                    let margin = (l.bottom < 0.12 * page.height || l.top > 0.88 * page.height)
                        && is_margin_mark(&t, l.ocr().map(|o| o.mean()));
                    if !margin && !t.is_empty() {
                        content_before = true;
                        before.push(t);
                    }
                }
                Item::Table(t) => {
                    let mut rows = grid(t);
                    let mut header: Vec<String> = Vec::new();
                    let mut header_rows: Vec<Vec<String>> = Vec::new();
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
                    if header.is_empty() {
                        // Only a table right after one of as many columns
                        // on the page before may be its continuation.
                        let fresh = !open
                            || content_before
                            || !out.last().is_some_and(|l| {
                                l.pages.last() == Some(&(page.number - 1)) && l.n_cols == t.n_cols()
                            });
                        let n = sense.header_rows(&rows, fresh);
                        if n > 0 {
                            let hrows: Vec<TableRow> = rows.drain(..n).collect();
                            let g = header_grid(&hrows);
                            header = leaf_header(&g);
                            if g.len() > 1 {
                                header_rows = g;
                            }
                        }
                    }
                    if header.is_empty() && open && !content_before {
                        adopt_foot_header(&mut out, pages, page.number, t, sense);
                    }
                    // Column-number rows right under the header.
                    while rows.first().is_some_and(column_number_row) {
                        rows.remove(0);
                    }
                    let continues = open
                        && !content_before
                        && out.last().is_some_and(|last| {
                            last.pages.last() == Some(&(page.number - 1))
                                && last.n_cols == t.n_cols()
                                && if header.is_empty() {
                                    columns_align(&last.last_cols, &t.cols)
                                } else {
                                    same_header(&header, &last.header)
                                }
                        });
                    match out.last_mut().filter(|_| continues) {
                        Some(last) => {
                            last.pages.push(page.number);
                            last.fragments.push((pi, ii));
                            last.last_cols.clone_from(&t.cols);
                            continue_rows(&mut last.rows, rows, last.key_col);
                        }
                        None => out.push(JoinedTable {
                            method: t.method,
                            pages: vec![page.number],
                            key_col: sense.key_column(&header),
                            header,
                            header_rows,
                            rows,
                            fragments: vec![(pi, ii)],
                            last_cols: t.cols.clone(),
                            n_cols: t.n_cols(),
                            lines_before: std::mem::take(&mut before),
                        }),
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
    adopt_orphans(&mut out);
    out
}

/// A header row left alone at the foot of the page before, drawn under one
/// border without its inner rules (one column, one row, no header), above
/// a table of several columns without a header: the row is cut into that
/// table's columns ([`super::lattice::cut_by_columns`]) and, when it reads
/// as a header, becomes the header of a table of that many columns, so
/// that the table below continues it.
fn adopt_foot_header(
    out: &mut [JoinedTable],
    pages: &[PageLayout],
    page: u32,
    t: &Table,
    sense: &dyn HeaderSense,
) {
    let Some(last) = out.last_mut() else {
        return;
    };
    let alone = last.pages.last() == Some(&(page - 1))
        && last.n_cols == 1
        && t.n_cols() > 1
        && last.rows.len() == 1
        && last.header.is_empty();
    let Some(&(pi, ii)) = last.fragments.last().filter(|_| alone) else {
        return;
    };
    let Some(Item::Table(prev)) = pages.get(pi).and_then(|p| p.items.get(ii)) else {
        return;
    };
    let Some(cut) = super::lattice::cut_by_columns(prev, &t.cols) else {
        return;
    };
    let cut: Vec<String> = cut.iter().map(|c| clean(c)).collect();
    let row = TableRow::plain(cut.clone(), prev.page);
    if sense.header_rows(std::slice::from_ref(&row), true) != 1 {
        return;
    }
    last.key_col = sense.key_column(&cut);
    last.header = cut;
    last.n_cols = t.n_cols();
    last.last_cols.clone_from(&t.cols);
    last.rows.clear();
}

/// Whether a line in the top or bottom margin of a page is no text between
/// a table and its continuation: a page number (`2`, `- 3 -`, `Trang 4`,
/// `4/12`), an official's initials or a stamp's edge read by OCR (`c-`,
/// `-LẦ"`: at most four letters or digits), or OCR'd specks read with a
/// mean confidence under 40.
fn is_margin_mark(t: &str, ocr_confidence: Option<f32>) -> bool {
    let marks: String = t.chars().filter(|c| c.is_alphanumeric()).collect();
    let folded = crate::vn::fold_key(t);
    let page_number = folded
        .trim_start_matches("trang")
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | ' ' | '.'));
    page_number || marks.chars().count() <= 4 || ocr_confidence.is_some_and(|c| c < 40.0)
}

/// Where a cell is: PDF page and box `[x0, y0, x1, y1]` in points, origin
/// at the top left of the page as displayed; for a cell read by OCR, how
/// sure Tesseract was of its words.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CellRef {
    pub page: u32,
    pub bbox: [f32; 4],
    /// Mean Tesseract confidence of the cell's words, 0–1 (3 decimals);
    /// absent for a cell read from the text layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The lowest confidence of one of its words, 0–1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_confidence: Option<f64>,
    /// The OCR spelling repair changed a letter of the cell.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub repaired: bool,
}

impl CellRef {
    /// A cell at `bbox` on `page`, no OCR detail.
    pub fn at(page: u32, bbox: [f32; 4]) -> CellRef {
        CellRef {
            page,
            bbox,
            confidence: None,
            min_confidence: None,
            repaired: false,
        }
    }

    /// The same cell with the confidence of its OCR'd words, if any.
    pub fn with_ocr(self, ocr: Option<&OcrStats>) -> CellRef {
        let round = |c: f32| ((c as f64 / 100.0).clamp(0.0, 1.0) * 1000.0).round() / 1000.0;
        match ocr.filter(|o| o.words > 0) {
            Some(o) => CellRef {
                confidence: Some(round(o.mean())),
                min_confidence: Some(round(o.conf_min)),
                repaired: o.repaired,
                ..self
            },
            None => self,
        }
    }
}

/// One row of a document table, as found (joined across pages).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    /// One string per column; a cell spanning columns is in its first column.
    pub cells: Vec<String>,
    /// Page of the row's first line.
    pub page: u32,
    /// A single cell spans (almost) the whole row.
    pub spanning: bool,
    /// A total/average row (`Tổng cộng`, `Chỉ số chung`): not a task.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_summary: bool,
    /// Per column: how many columns the cell starting there covers (0 for
    /// a column covered by a cell to its left).
    #[serde(skip)]
    pub spans: Vec<usize>,
    /// Per column: where the cell is (None for a covered column), with the
    /// OCR confidence of its words; in the document JSON as `boxes` when
    /// the geometry is known.
    #[serde(skip_serializing_if = "no_boxes")]
    pub boxes: Vec<Option<CellRef>>,
    /// Per column: the cell is not closed by a rule at its top / bottom (a
    /// vertical merge that runs over the page break).
    #[serde(skip)]
    pub open_top: Vec<bool>,
    #[serde(skip)]
    pub open_bottom: Vec<bool>,
    /// Per column: the text comes from a cell merged over several rows.
    #[serde(skip)]
    pub merged: Vec<bool>,
    /// Joined from pieces on two pages.
    #[serde(skip)]
    pub stitched: bool,
    /// Per column: the OCR confidence of the cell's words (None for a cell
    /// read from the text layer, an empty or a covered one).
    #[serde(skip)]
    pub ocr: Vec<Option<OcrStats>>,
}

/// A row without any cell geometry (a table given as text).
fn no_boxes(boxes: &[Option<CellRef>]) -> bool {
    boxes.iter().all(Option::is_none)
}

impl TableRow {
    /// A row of plain cells (no geometry).
    pub fn plain(cells: Vec<String>, page: u32) -> Self {
        let n = cells.len();
        TableRow {
            spanning: false,
            is_summary: false,
            spans: vec![1; n],
            boxes: vec![None; n],
            open_top: vec![false; n],
            open_bottom: vec![false; n],
            merged: vec![false; n],
            stitched: false,
            ocr: vec![None; n],
            cells,
            page,
        }
    }

    /// The row's box on its first page (union of its cells there).
    pub fn bbox(&self) -> Option<[f32; 4]> {
        self.boxes
            .iter()
            .flatten()
            .filter(|b| b.page == self.page)
            .map(|b| b.bbox)
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            })
    }
}

fn grid(t: &Table) -> Vec<TableRow> {
    let n = t.n_cols();
    t.rows
        .iter()
        .map(|row| {
            let mut r = TableRow::plain(vec![String::new(); n], t.page);
            r.spans = vec![0; n];
            for c in row {
                let Some(slot) = r.cells.get_mut(c.col) else {
                    continue;
                };
                *slot = clean_cell(&c.text);
                r.spans[c.col] = c.colspan;
                r.boxes[c.col] = Some(CellRef::at(t.page, [c.x0, c.top, c.x1, c.bottom]));
                r.open_top[c.col] = c.open_top;
                r.open_bottom[c.col] = c.open_bottom;
                r.merged[c.col] = c.merged_rows || c.colspan > 1;
                r.ocr[c.col] = c.ocr();
            }
            r.spanning = row.len() == 1 && n > 2;
            r
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

/// A row of column numbers or letters: `(1) (2) (3)`, `1 2 3`, `(A) (B)`;
/// from OCR some may be misread (`(@®—)`), so most of them is enough when
/// all are as short.
pub fn column_number_row(row: &TableRow) -> bool {
    let filled: Vec<&str> = row
        .cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let label = |c: &str| {
        let c = c.trim_start_matches('(').trim_end_matches(')');
        !c.is_empty()
            && c.chars().count() <= 3
            && (c.chars().all(|ch| ch.is_ascii_digit())
                || (c.chars().count() == 1 && c.chars().all(|ch| ch.is_ascii_alphabetic())))
    };
    let labels = filled.iter().filter(|c| label(c)).count();
    let short = filled
        .iter()
        .all(|c| c.chars().count() <= 6 && (label(c) || c.starts_with('(')));
    filled.len() >= 3
        && filled.len() * 2 > row.cells.len()
        && (labels == filled.len() || (short && labels * 5 >= filled.len() * 3))
}

/// The header rows with a cell spanning columns repeated in each of them;
/// column-number rows left out.
fn header_grid(rows: &[TableRow]) -> Vec<Vec<String>> {
    rows.iter()
        .filter(|r| !column_number_row(r))
        .map(|r| {
            let mut cells = r.cells.clone();
            for (j, &s) in r.spans.iter().enumerate() {
                for k in j + 1..(j + s).min(cells.len()) {
                    if cells[k].is_empty() {
                        cells[k] = r.cells[j].clone();
                    }
                }
            }
            cells
        })
        .collect()
}

/// One header cell per column: the distinct texts of each column of the
/// header grid, top to bottom, joined with a space, on one line (a header
/// line that starts with a dash, `Kiểu dữ liệu` / `– giá trị`, continues
/// the name; it starts no list item).
fn leaf_header(grid: &[Vec<String>]) -> Vec<String> {
    let n = grid.iter().map(Vec::len).max().unwrap_or(0);
    (0..n)
        .map(|j| {
            let mut parts: Vec<&str> = Vec::new();
            for row in grid {
                if let Some(c) = row.get(j).filter(|c| !c.is_empty()) {
                    if !parts.contains(&c.as_str()) {
                        parts.push(c);
                    }
                }
            }
            parts
                .iter()
                .flat_map(|p| p.split_whitespace())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Whether two header rows are the same header (a header repeated on the
/// next page). Tolerant of OCR noise: each cell's folded text may differ
/// by up to a third of its length.
/// One misread cell (`TT` read `ìN j`) does not make another header when
/// the table has three columns or more and every other cell agrees.
fn same_header(a: &[String], b: &[String]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let agree = a
        .iter()
        .zip(b)
        .filter(|(x, y)| {
            let (x, y) = (crate::vn::fold_key(x), crate::vn::fold_key(y));
            x == y || {
                let n = x.chars().count().max(y.chars().count());
                n >= 6 && crate::vn::edit_distance(&x, &y) * 3 <= n
            }
        })
        .count();
    agree == a.len() || (a.len() >= 3 && agree + 1 == a.len())
}

/// Whether two tables' column rules line up: the same number of columns,
/// each rule within 2 % of the table's width or 4 pt, whichever is more
/// (one inner rule of three
/// columns or more excepted), once the tables' left edges are put together
/// (consecutive scanned pages lie a few points apart on the glass).
fn columns_align(a: &[f32], b: &[f32]) -> bool {
    let (Some(&a0), Some(&b0)) = (a.first(), b.first()) else {
        return false;
    };
    let width = a.last().map_or(0.0, |x1| (x1 - a0).abs());
    let tol = (0.02 * width).max(4.0);
    let shift = if (a0 - b0).abs() <= 0.1 * width {
        b0 - a0
    } else {
        0.0
    };
    if a.len() != b.len() || a.len() < 2 {
        return false;
    }
    // The outer frame lines up; of the inner rules one may be elsewhere (a
    // Word table whose rows put one boundary apart, see the lattice's
    // `unify_columns`).
    let off: Vec<bool> = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x + shift - y).abs() > tol)
        .collect();
    let n = off.len();
    !off[0] && !off[n - 1] && off.iter().filter(|&&o| o).count() <= usize::from(n >= 4)
}

/// The first row number of a table (its STT column, else its first).
fn first_number(t: &JoinedTable, last: bool) -> Option<u32> {
    let mut nums = t.rows.iter().filter_map(|r| {
        let c = r.cells.get(t.key_col)?.trim().trim_end_matches('.');
        c.parse::<u32>().ok()
    });
    if last {
        nums.next_back()
    } else {
        nums.next()
    }
}

/// Tables without a header that continue a table on the page before or
/// after them although something came between (a page of the scan put out
/// of order: the list's second page before its first): same columns, and
/// row numbers that go on from the other table's. Their rows are added to
/// that table, after its own.
fn adopt_orphans(out: &mut Vec<JoinedTable>) {
    let mut i = 0;
    while i < out.len() {
        let orphan = &out[i];
        let page = orphan.pages.first().copied().unwrap_or(0);
        let start = first_number(orphan, false);
        let candidate = orphan.header.is_empty() && orphan.pages.len() == 1 && start.is_some();
        let parent = candidate
            .then(|| {
                (0..out.len()).find(|&j| {
                    let t = &out[j];
                    j != i
                        && !t.header.is_empty()
                        && t.n_cols == orphan.n_cols
                        && t.pages.iter().any(|&p| p.abs_diff(page) == 1)
                        && !t.pages.contains(&page)
                        && columns_align(&t.last_cols, &orphan.last_cols)
                        && first_number(t, true).is_some_and(|n| start == Some(n + 1))
                })
            })
            .flatten();
        let Some(j) = parent else {
            i += 1;
            continue;
        };
        let orphan = out.remove(i);
        let j = if j > i { j - 1 } else { j };
        let t = &mut out[j];
        t.pages.extend(orphan.pages);
        t.fragments.extend(orphan.fragments);
        t.rows.extend(orphan.rows);
    }
}

/// Appends a continuation piece's rows to the table: a first row that is
/// the rest of a row cut by the page break is joined to it cell by cell; a
/// cell merged over rows that runs over the break puts its text on the
/// rows above the break that it covers.
pub fn continue_rows(table: &mut Vec<TableRow>, rows: Vec<TableRow>, key_col: usize) {
    let mut rows: Vec<TableRow> = rows;
    if rows.is_empty() {
        return;
    }
    let first = rows.remove(0);
    let split_row = first.cells.get(key_col).is_some_and(|c| c.is_empty())
        && !first.spanning
        && !table.is_empty();
    if split_row {
        // Cells merged over rows on either side of the break, as read
        // before the join: each row of the run gets the joined text.
        let runs_above: Vec<(usize, String)> = (0..first.cells.len())
            .filter_map(|j| Some((j, table.last()?.cells.get(j)?.clone())))
            .collect();
        let runs_below: Vec<(usize, String)> = (0..first.cells.len())
            .filter(|&j| {
                first.merged.get(j) == Some(&true)
                    && first.spans.get(j) == Some(&1)
                    && first.open_bottom.get(j) == Some(&true)
            })
            .map(|j| (j, first.cells[j].clone()))
            .collect();
        if let Some(prev) = table.last_mut() {
            for (j, c) in first.cells.iter().enumerate() {
                if let Some(p) = prev.cells.get_mut(j) {
                    join_cell(p, c);
                }
                if let (Some(pm), Some(m)) = (prev.merged.get_mut(j), first.merged.get(j)) {
                    *pm |= *m;
                }
                if let (Some(po), Some(o)) = (prev.ocr.get_mut(j), first.ocr.get(j)) {
                    *po = OcrStats::merge_opt(*po, *o);
                }
            }
            prev.stitched = true;
        }
        let n = table.len();
        for (j, before) in runs_above {
            let joined = table[n - 1].cells[j].clone();
            if joined == before || table[n - 1].merged.get(j) != Some(&true) {
                continue;
            }
            // Up the run: rows above that show the same merged cell.
            for k in (0..n - 1).rev() {
                let (row, below) = (&table[k], &table[k + 1]);
                let same = row.merged.get(j) == Some(&true)
                    && row.spans.get(j) == Some(&1)
                    && row.open_bottom.get(j) == Some(&true)
                    && below.open_top.get(j) == Some(&true)
                    && row.cells.get(j) == Some(&before);
                if !same {
                    break;
                }
                table[k].cells[j].clone_from(&joined);
            }
        }
        for (j, before) in runs_below {
            let Some(joined) = table.last().and_then(|p| p.cells.get(j)).cloned() else {
                continue;
            };
            // Down the run: rows of the piece that show the same cell.
            for row in rows.iter_mut() {
                let same = row.merged.get(j) == Some(&true)
                    && row.spans.get(j) == Some(&1)
                    && row.open_top.get(j) == Some(&true)
                    && row.cells.get(j) == Some(&before);
                if !same {
                    break;
                }
                row.cells[j].clone_from(&joined);
                let last = row.open_bottom.get(j) != Some(&true);
                if last {
                    break;
                }
            }
        }
    } else {
        // A cell merged over rows at the top of the piece, empty in the
        // last row above the break: one drawn cell over the break whose
        // text is printed below it.
        if let Some(p) = table.last_mut() {
            let filled = p.cells.iter().filter(|c| !c.is_empty()).count();
            for j in 0..first.cells.len() {
                let vertical = first.merged.get(j) == Some(&true) && first.spans.get(j) == Some(&1);
                if vertical
                    && !first.cells[j].is_empty()
                    && filled >= 2
                    && p.cells.get(j).is_some_and(String::is_empty)
                    && p.spans.get(j) == Some(&1)
                {
                    p.cells[j].clone_from(&first.cells[j]);
                    p.merged[j] = true;
                    if let (Some(po), Some(o)) = (p.ocr.get_mut(j), first.ocr.get(j)) {
                        *po = *o;
                    }
                    p.stitched = true;
                }
            }
        }
        table.push(first);
    }
    let start = table.len();
    table.extend(rows);
    fill_down(table, start.saturating_sub(1).max(1), key_col);
}

/// Cells merged over rows that run on from the page before: a row of the
/// piece whose row number cell has no rule above it is a sub-row of the
/// row above (`1 | Luật Đất đai` over a dozen `Khoản … | Nghị định …` rows,
/// over many pages). Its empty cells without a rule above them take the
/// text of the cell above, as a vertical merge does on one page, so that
/// every row carries its facts.
fn fill_down(rows: &mut [TableRow], from: usize, key_col: usize) {
    for k in from..rows.len() {
        let (head, tail) = rows.split_at_mut(k);
        let (Some(above), Some(row)) = (head.last(), tail.first_mut()) else {
            continue;
        };
        let sub_row = row.cells.get(key_col).is_some_and(String::is_empty)
            && row.open_top.get(key_col) == Some(&true)
            && !row.spanning;
        if !sub_row {
            continue;
        }
        for j in 0..row.cells.len() {
            let open = row.open_top.get(j) == Some(&true)
                && row.spans.get(j) == Some(&1)
                && above.spans.get(j) == Some(&1);
            if open && row.cells[j].is_empty() {
                if let Some(text) = above.cells.get(j).filter(|c| !c.is_empty()) {
                    row.cells[j].clone_from(text);
                    row.merged[j] = true;
                }
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> TableRow {
        TableRow::plain(cells.iter().map(|c| c.to_string()).collect(), 1)
    }

    /// A cell's own confidence (mean and minimum of its words, ÷ 100) and
    /// repair mark reach its `cells` entry; a text-layer cell has none.
    #[test]
    fn cell_refs_carry_their_words_confidence() {
        let at = CellRef::at(3, [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(at.with_ocr(None), at);
        let s = OcrStats::of_words(&[90.0, 30.0, 84.0], true);
        let c = at.with_ocr(s.as_ref());
        assert_eq!(
            (c.confidence, c.min_confidence, c.repaired),
            (Some(0.68), Some(0.3), true)
        );
        assert_eq!(
            serde_json::to_value(at).expect("json"),
            serde_json::json!({"page": 3, "bbox": [1.0, 2.0, 3.0, 4.0]})
        );
        assert_eq!(
            serde_json::to_value(c).expect("json")["min_confidence"],
            serde_json::json!(0.3)
        );
    }

    /// Column letters under a header, some of them misread by OCR.
    #[test]
    fn column_letter_rows_with_misreadings() {
        assert!(column_number_row(&row(&[
            "(A)", "(B)", "(C)", "(D)", "(E)"
        ])));
        assert!(column_number_row(&row(&[
            "(A)", "(@®—)", "(O)", "(D)", "("
        ])));
        assert!(!column_number_row(&row(&[
            "1",
            "ma_bn",
            "Chuỗi",
            "15",
            "Mã số BN"
        ])));
        assert!(!column_number_row(&row(&["(A)", "(B)", "Số liệu", "", ""])));
    }

    fn piece(page: u32, header: &[&str], rows: &[&[&str]], cols: &[f32]) -> JoinedTable {
        JoinedTable {
            method: Method::Lattice,
            pages: vec![page],
            header: header.iter().map(|s| s.to_string()).collect(),
            header_rows: Vec::new(),
            rows: rows.iter().map(|r| row(r)).collect(),
            fragments: Vec::new(),
            last_cols: cols.to_vec(),
            n_cols: cols.len() - 1,
            key_col: 0,
            lines_before: Vec::new(),
        }
    }

    /// The list's second page scanned before its first: the headerless
    /// table on page 4 (rows 10-11) goes after the rows 1-9 of page 5; a
    /// headerless table whose numbers do not go on stays apart.
    #[test]
    fn out_of_order_pages_join_their_table() {
        let cols = [50.0, 80.0, 200.0, 500.0];
        let first = piece(
            5,
            &["STT", "Họ và tên", "Chức vụ"],
            &[&["8", "A", "x"], &["9", "B", "y"]],
            &cols,
        );
        let shifted: Vec<f32> = cols.iter().map(|x| x + 6.0).collect();
        let orphan = piece(4, &[], &[&["10", "C", "z"], &["11", "D", "w"]], &shifted);
        let mut other = orphan.clone();
        other.pages = vec![6];
        other.rows[0].cells[0] = "1".into();
        let mut v = vec![orphan, first, other];
        adopt_orphans(&mut v);
        assert_eq!(v.len(), 2);
        let names: Vec<&str> = v[0].rows.iter().map(|r| r.cells[1].as_str()).collect();
        assert_eq!(names, ["A", "B", "C", "D"]);
        assert_eq!(v[0].pages, [5, 4]);
        assert_eq!(v[1].pages, [6]);
    }

    /// A row cut by the page break is joined cell by cell to the row above
    /// it, and marked stitched; its words' confidence is merged.
    #[test]
    fn a_row_cut_by_the_page_break_is_joined() {
        let mut rows = vec![row(&["1", "Xây dựng kế hoạch", "Sở Nội vụ"])];
        let mut more = row(&["", "năm 2024", ""]);
        more.ocr = vec![None, OcrStats::of_words(&[20.0], true), None];
        continue_rows(
            &mut rows,
            vec![more, row(&["2", "Báo cáo", "Sở Tư pháp"])],
            0,
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cells[1], "Xây dựng kế hoạch năm 2024");
        assert!(rows[0].stitched && !rows[1].stitched);
        assert_eq!(rows[0].ocr[1], OcrStats::of_words(&[20.0], true));
    }

    /// d09: the evidence cell of rows 1.6.1 and 1.6.2 is one cell merged
    /// over both that runs over the page break; 1.6.1 is cut by the break.
    /// Joined, both rows carry the whole cell (the part above the break and
    /// the part below), not 1.6.2 only the part below.
    #[test]
    fn a_merged_cell_over_the_break_is_whole_on_every_row() {
        let mut above = row(&["1.6.1", "Tổ chức đối thoại", "- Tài liệu A"]);
        above.merged[2] = true;
        above.open_bottom[2] = true;
        let mut rows = vec![row(&["1.6", "Đối thoại", ""]), above];
        let mut rest = row(&["", "với người dân", "- Tài liệu B"]);
        rest.merged[2] = true;
        rest.open_bottom[2] = true;
        let mut next = row(&["1.6.2", "Xử lý kiến nghị", "- Tài liệu B"]);
        next.merged[2] = true;
        next.open_top[2] = true;
        let after = row(&["1.7", "Thu ngân sách", "- Văn bản"]);
        continue_rows(&mut rows, vec![rest, next, after], 0);
        let evidence: Vec<&str> = rows.iter().map(|r| r.cells[2].as_str()).collect();
        assert_eq!(
            evidence,
            [
                "",
                "- Tài liệu A\n- Tài liệu B",
                "- Tài liệu A\n- Tài liệu B",
                "- Văn bản"
            ]
        );
        assert_eq!(rows[1].cells[1], "Tổ chức đối thoại với người dân");
    }

    /// Page numbers, initials and specks in a page's margin do not stand
    /// between a table and its continuation; a footnote or a line of text
    /// does.
    #[test]
    fn margin_marks() {
        for t in [
            "2",
            "- 3 -",
            "Trang 4",
            "Trang 4/12",
            "4/12",
            "c-",
            "\\",
            "-LẦ\"",
            "",
        ] {
            assert!(is_margin_mark(t, None), "{t:?}");
        }
        assert!(is_margin_mark("Ký nháy của lãnh đạo", Some(31.0)));
        for t in [
            "Ghi chú: số liệu năm 2024",
            "(1) Theo Quyết định 749",
            "Phụ lục II",
        ] {
            assert!(!is_margin_mark(t, None), "{t:?}");
            assert!(!is_margin_mark(t, Some(85.0)), "{t:?}");
        }
    }

    #[test]
    fn cell_text_is_kept_as_written() {
        assert_eq!(
            clean_cell("  chuyên mục \u{201C}Chuyển đổi số\u{201D}\u{200B}  \n- một  hai"),
            "chuyên mục \u{201C}Chuyển đổi số\u{201D}\n- một hai"
        );
    }
}
