//! The table model: one [`Table`] of [`Cell`]s, whichever strategy found it
//! (as in Camelot): [`super::lattice`] builds the grid from the page's ruling
//! lines (also the rules the OCR stage finds in a scanned image),
//! [`super::stream`] from text alignment. [`super::join`] joins a table's
//! pieces across pages, on this same model.

use crate::layout::{Line, OcrStats};
use serde::Serialize;

/// A table cell (ô). Text lines keep their positions for provenance.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    /// Number of grid columns this cell covers (group rows span the table).
    pub colspan: usize,
    pub x0: f32,
    pub top: f32,
    pub x1: f32,
    pub bottom: f32,
    #[serde(skip)]
    pub lines: Vec<Line>,
    /// Cell text: lines joined with single spaces; a line that starts a
    /// bullet (`- `, `+ `, `•`) starts a new item after a newline.
    pub text: String,
    /// No rule closes the cell at its top / bottom: the drawn cell runs on
    /// into the row above / below (a vertical merge), or over the page break
    /// at the table's first / last row.
    pub open_top: bool,
    pub open_bottom: bool,
    /// The text is that of a cell drawn over several grid rows (repeated on
    /// each of them).
    pub merged_rows: bool,
}

impl Cell {
    /// The OCR confidence of the cell's words; None when no word of it was
    /// OCR'd (text from the PDF's text layer, or an empty cell).
    pub fn ocr(&self) -> Option<OcrStats> {
        self.lines
            .iter()
            .fold(None, |acc, l| OcrStats::merge_opt(acc, l.ocr()))
    }
}

/// How a table was found (serialised as `lattice`, `stream`; a scanned page's
/// table is found by lattice on the rules the OCR stage draws).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// From the page's ruling lines.
    Lattice,
    /// From text alignment, under a header that names known columns.
    Stream,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Lattice => "lattice",
            Method::Stream => "stream",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A table found on one page.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub page: u32,
    pub x0: f32,
    pub top: f32,
    pub x1: f32,
    pub bottom: f32,
    /// Column boundaries (x), left to right; `cols.len() - 1` grid columns.
    pub cols: Vec<f32>,
    /// Rows top to bottom; each row's cells left to right.
    pub rows: Vec<Vec<Cell>>,
    /// How the table was found.
    pub method: Method,
}

impl Table {
    pub fn n_cols(&self) -> usize {
        self.cols.len().saturating_sub(1)
    }
}

/// Joins a cell's lines: single spaces, a newline before each bullet item.
pub fn cell_text<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        let bullet =
            l.starts_with("- ") || l.starts_with("+ ") || l.starts_with('•') || l.starts_with("– ");
        if bullet && !out.is_empty() {
            out.push('\n');
            out.push_str(l);
        } else {
            // As printed: a line break is a space, also after a hyphen
            // (`QĐ-` / `TTg` is `QĐ- TTg`).
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(l);
        }
    }
    out
}

/// What a column means. Which header texts name which role is the records
/// stage's vocabulary (`tasks::HeaderVocab`), handed to the stream strategy
/// as a classifier: this module knows geometry, not words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// `STT`, `TT`: the row number (số thứ tự).
    Stt,
    /// `Tên nhiệm vụ`, `Nội dung`, `Chỉ tiêu`, ...: what the row is about.
    Name,
    /// `Đơn vị chủ trì`, `Chủ trì`, `Trách nhiệm thực hiện`: the lead unit.
    Lead,
    /// `Đơn vị phối hợp`, `Phối hợp`: partner units.
    Partners,
    /// `Thời gian thực hiện`, `Thời gian hoàn thành`: the time frame.
    Timeframe,
    /// Any other column (kept under its header in `extra`).
    Other,
}

/// Maps a header cell's text to its role.
pub type Classify<'a> = &'a dyn Fn(&str) -> Role;

/// A cell's lines as read: top to bottom, and left to right among lines
/// that share a row (overlapping by half the lower one's height), so a
/// raised footnote mark set apart from its number (`39.202` `⁽¹⁾`) comes
/// after it, not before.
pub(super) fn reading_order(lines: &mut [Line]) {
    lines.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.x0.total_cmp(&b.x0)));
    let mut i = 0;
    while i < lines.len() {
        let (mut top, mut bottom) = (lines[i].top, lines[i].bottom);
        let mut j = i + 1;
        while j < lines.len() {
            let l = &lines[j];
            let overlap = bottom.min(l.bottom) - top.max(l.top);
            let h = (l.bottom - l.top).min(bottom - top).max(0.1);
            if overlap < 0.5 * h {
                break;
            }
            top = top.min(l.top);
            bottom = bottom.max(l.bottom);
            j += 1;
        }
        lines[i..j].sort_by(|a, b| a.x0.total_cmp(&b.x0));
        i = j;
    }
}

/// Orders each cell's lines and builds its text; a cell drawn over several
/// grid rows (no rule between them) gets its whole text on each of them;
/// drops empty sliver rows (double borders).
/// The last step of every strategy; renumbers the rows.
pub(super) fn finish(t: &mut Table) {
    for row in &mut t.rows {
        for c in row.iter_mut() {
            reading_order(&mut c.lines);
            c.text = cell_text(c.lines.iter().map(|l| l.text.as_str()));
        }
    }
    merge_vertical(t);
    t.rows.retain(|r| {
        let thin = r.first().is_some_and(|c| c.bottom - c.top < 4.0);
        !(thin && r.iter().all(|c| c.text.is_empty()))
    });
    for (i, row) in t.rows.iter_mut().enumerate() {
        for c in row.iter_mut() {
            c.row = i;
        }
    }
}

/// Vertical merges: a run of cells in the same columns, each open towards
/// the next, is one drawn cell; its text (all its lines, top to bottom) is
/// put on every row of the run.
fn merge_vertical(t: &mut Table) {
    if t.method != Method::Lattice {
        return;
    }
    let n = t.rows.len();
    for i in 0..n {
        for j in 0..t.rows[i].len() {
            let (col, span) = (t.rows[i][j].col, t.rows[i][j].colspan);
            // Only the top cell of a run starts one.
            let continues_above = i > 0
                && t.rows[i][j].open_top
                && t.rows[i - 1]
                    .iter()
                    .any(|c| c.col == col && c.colspan == span && c.open_bottom);
            if continues_above {
                continue;
            }
            let mut run = vec![(i, j)];
            let mut k = i;
            while k + 1 < n {
                let (r, c) = run[run.len() - 1];
                if !t.rows[r][c].open_bottom {
                    break;
                }
                let Some(next) = t.rows[k + 1]
                    .iter()
                    .position(|c| c.col == col && c.colspan == span && c.open_top)
                else {
                    break;
                };
                run.push((k + 1, next));
                k += 1;
            }
            if run.len() < 2 {
                continue;
            }
            let mut lines: Vec<Line> = run
                .iter()
                .flat_map(|&(r, c)| t.rows[r][c].lines.iter().cloned())
                .collect();
            reading_order(&mut lines);
            let text = cell_text(lines.iter().map(|l| l.text.as_str()));
            for &(r, c) in &run {
                let cell = &mut t.rows[r][c];
                cell.text.clone_from(&text);
                cell.merged_rows = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, top: f32, bottom: f32) -> Line {
        Line {
            page: 1,
            text: text.into(),
            words: Vec::new(),
            x0,
            x1: x0 + 30.0,
            top,
            bottom,
            baseline: bottom - 2.0,
            size: bottom - top,
            bold: false,
            italic: false,
            col_x0: 0.0,
            col_x1: 600.0,
        }
    }

    /// `39.202` with its footnote mark raised and set apart, over a second
    /// line: the mark follows its number, the next line comes after both.
    #[test]
    fn a_raised_mark_follows_its_number() {
        let mut lines = vec![
            line("tiếp", 100.0, 214.0, 227.0),
            line("(1)", 140.0, 196.0, 205.0),
            line("39.202", 100.0, 199.0, 212.0),
        ];
        reading_order(&mut lines);
        let text = cell_text(lines.iter().map(|l| l.text.as_str()));
        assert_eq!(text, "39.202 (1) tiếp");
    }
}
