//! The table model, and the "lattice" strategy that finds ruled tables.
//!
//! One model ([`Table`] of [`Cell`]s), several ways to find it (as in
//! Camelot): the lattice strategy here builds the grid from the page's ruling
//! lines; a text-alignment ("stream") strategy and a scanned-image strategy
//! fill the same model.
//!
//! Lattice: horizontal and vertical rules that touch form a connected
//! component; a component with at least two of each is a table. Its distinct
//! rule positions give the grid; a missing vertical rule inside a row means
//! the cell spans columns (a group row such as `I | Nhận thức số`). Lines of
//! text are assigned to the cell that contains their centre.

use crate::layout::{Line, Word};
use crate::pdf::Rule;
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
    /// How the table was found: `lattice`, `stream`, `ocr`.
    pub method: &'static str,
}

impl Table {
    pub fn n_cols(&self) -> usize {
        self.cols.len().saturating_sub(1)
    }
}

const TOL: f32 = 2.0;

#[derive(Clone, Copy)]
struct Seg {
    horizontal: bool,
    /// Position across the segment (y for horizontal, x for vertical).
    pos: f32,
    a: f32,
    b: f32,
}

fn segments(rules: &[Rule]) -> Vec<Seg> {
    let mut out = Vec::new();
    for r in rules {
        if r.is_horizontal() && r.x1 - r.x0 > 4.0 {
            out.push(Seg {
                horizontal: true,
                pos: (r.y0 + r.y1) / 2.0,
                a: r.x0,
                b: r.x1,
            });
        } else if r.is_vertical() && r.y1 - r.y0 > 4.0 {
            out.push(Seg {
                horizontal: false,
                pos: (r.x0 + r.x1) / 2.0,
                a: r.y0,
                b: r.y1,
            });
        }
    }
    out
}

fn touches(h: &Seg, v: &Seg) -> bool {
    v.pos >= h.a - TOL && v.pos <= h.b + TOL && h.pos >= v.a - TOL && h.pos <= v.b + TOL
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Clusters positions that lie within [`TOL`] of each other.
fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    let mut group: Vec<f32> = Vec::new();
    for x in v {
        if let Some(&last) = group.last() {
            if x - last > TOL {
                out.push(group.iter().sum::<f32>() / group.len() as f32);
                group.clear();
            }
        }
        group.push(x);
    }
    if !group.is_empty() {
        out.push(group.iter().sum::<f32>() / group.len() as f32);
    }
    out
}

/// Finds ruled tables and assigns lines to their cells. Returns the tables
/// and the lines that are not inside any table.
pub fn find_lattice_tables(page: u32, lines: Vec<Line>, rules: &[Rule]) -> (Vec<Table>, Vec<Line>) {
    let segs = segments(rules);
    if segs.len() < 4 {
        return (Vec::new(), lines);
    }
    let n = segs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    // Sort-free O(n²) is fine for the few hundred rules of a page, but cap it.
    if n > 5000 {
        return (Vec::new(), lines);
    }
    for i in 0..n {
        for j in (i + 1)..n {
            let (a, b) = (&segs[i], &segs[j]);
            let joined = match (a.horizontal, b.horizontal) {
                (true, false) => touches(a, b),
                (false, true) => touches(b, a),
                // collinear pieces of one border
                (true, true) | (false, false) => {
                    (a.pos - b.pos).abs() <= TOL && a.a <= b.b + TOL && b.a <= a.b + TOL
                }
            };
            if joined {
                let (ra, rb) = (find(&mut parent, i), find(&mut parent, j));
                if ra != rb {
                    parent[ra] = rb;
                }
            }
        }
    }
    let mut comps: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().push(i);
    }
    let mut tables = Vec::new();
    for members in comps.values() {
        let hs: Vec<Seg> = members
            .iter()
            .map(|&i| segs[i])
            .filter(|s| s.horizontal)
            .collect();
        let vs: Vec<Seg> = members
            .iter()
            .map(|&i| segs[i])
            .filter(|s| !s.horizontal)
            .collect();
        let mut ys = cluster(hs.iter().map(|s| s.pos).collect());
        let xs = cluster(vs.iter().map(|s| s.pos).collect());
        if ys.is_empty() || xs.len() < 2 {
            continue;
        }
        // A row split by a page break may lack its closing (or opening)
        // border: the vertical rules still run to the end of the page's part.
        let v_top = vs.iter().map(|v| v.a).fold(f32::MAX, f32::min);
        let v_bottom = vs.iter().map(|v| v.b).fold(f32::MIN, f32::max);
        if v_bottom > ys[ys.len() - 1] + 4.0 {
            ys.push(v_bottom);
        }
        if v_top < ys[0] - 4.0 {
            ys.insert(0, v_top);
        }
        if ys.len() < 2 {
            continue;
        }
        let (x0, x1) = (xs[0], xs[xs.len() - 1]);
        let (top, bottom) = (ys[0], ys[ys.len() - 1]);
        if x1 - x0 < 40.0 || bottom - top < 10.0 {
            continue;
        }
        tables.push(build_grid(page, &xs, &ys, &vs, &hs));
    }
    if tables.is_empty() {
        return (tables, lines);
    }
    let mut free = Vec::new();
    for line in lines {
        let cx = (line.x0 + line.x1) / 2.0;
        let cy = (line.top + line.bottom) / 2.0;
        let hit = tables
            .iter_mut()
            .find(|t| cx >= t.x0 && cx <= t.x1 && cy >= t.top && cy <= t.bottom);
        match hit {
            Some(t) => place(t, line),
            None => free.push(line),
        }
    }
    for t in &mut tables {
        finish(t);
    }
    (tables, free)
}

/// Whether horizontal rules cover most of `(a, b)` at height `y`.
fn ruled_at(hs: &[Seg], y: f32, a: f32, b: f32) -> bool {
    let cover = merge_intervals(
        hs.iter()
            .filter(|h| (h.pos - y).abs() <= TOL)
            .map(|h| (h.a.max(a), h.b.min(b)))
            .filter(|(x, y)| y > x)
            .collect(),
    )
    .iter()
    .map(|(x, y)| y - x)
    .sum::<f32>();
    cover >= 0.5 * (b - a)
}

fn build_grid(page: u32, xs: &[f32], ys: &[f32], vs: &[Seg], hs: &[Seg]) -> Table {
    let mut rows = Vec::new();
    for i in 0..ys.len() - 1 {
        let (ya, yb) = (ys[i], ys[i + 1]);
        let h = yb - ya;
        let mut cells = Vec::new();
        let mut start = 0;
        for k in 1..xs.len() {
            let boundary_present = k == xs.len() - 1
                || vs.iter().any(|v| {
                    (v.pos - xs[k]).abs() <= TOL && {
                        let cover = v.b.min(yb) - v.a.max(ya);
                        cover >= 0.6 * h
                    }
                });
            if boundary_present {
                let (a, b) = (xs[start] + TOL, xs[k] - TOL);
                cells.push(Cell {
                    row: i,
                    col: start,
                    colspan: k - start,
                    x0: xs[start],
                    top: ya,
                    x1: xs[k],
                    bottom: yb,
                    lines: Vec::new(),
                    text: String::new(),
                    open_top: !ruled_at(hs, ya, a, b),
                    open_bottom: !ruled_at(hs, yb, a, b),
                    merged_rows: false,
                });
                start = k;
            }
        }
        rows.push(cells);
    }
    Table {
        page,
        x0: xs[0],
        top: ys[0],
        x1: xs[xs.len() - 1],
        bottom: ys[ys.len() - 1],
        cols: xs.to_vec(),
        rows,
        method: "lattice",
    }
}

fn place(t: &mut Table, line: Line) {
    let cx = (line.x0 + line.x1) / 2.0;
    let cy = (line.top + line.bottom) / 2.0;
    for row in &mut t.rows {
        let Some(first) = row.first() else { continue };
        if cy < first.top || cy > first.bottom {
            continue;
        }
        if let Some(c) = row.iter_mut().find(|c| cx >= c.x0 && cx <= c.x1) {
            c.lines.push(line);
            return;
        }
    }
    // Between rows (on a rule): nearest row by centre.
    let best = t.rows.iter_mut().filter(|r| !r.is_empty()).min_by(|a, b| {
        let da = ((a[0].top + a[0].bottom) / 2.0 - cy).abs();
        let db = ((b[0].top + b[0].bottom) / 2.0 - cy).abs();
        da.total_cmp(&db)
    });
    if let Some(row) = best {
        if let Some(c) = row
            .iter_mut()
            .find(|c| cx >= c.x0 - TOL && cx <= c.x1 + TOL)
        {
            c.lines.push(line);
        }
    }
}

/// Orders each cell's lines and builds its text; a cell drawn over several
/// grid rows (no rule between them) gets its whole text on each of them;
/// drops empty sliver rows (double borders).
fn finish(t: &mut Table) {
    for row in &mut t.rows {
        for c in row.iter_mut() {
            c.lines
                .sort_by(|a, b| a.top.total_cmp(&b.top).then(a.x0.total_cmp(&b.x0)));
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
    if t.method != "lattice" {
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
            lines.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.x0.total_cmp(&b.x0)));
            let text = cell_text(lines.iter().map(|l| l.text.as_str()));
            for &(r, c) in &run {
                let cell = &mut t.rows[r][c];
                cell.text.clone_from(&text);
                cell.merged_rows = true;
            }
        }
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

/// Text-alignment ("stream") strategy for tables without borders: a header
/// row whose cells name known roles fixes the columns; the rows below are
/// cut into cells by word position; a new row starts where the first
/// column has text. Returns the tables and the lines left over.
pub fn find_stream_tables(
    page: u32,
    lines: Vec<Line>,
    classify: Classify<'_>,
) -> (Vec<Table>, Vec<Line>) {
    if lines.len() < 3 {
        return (Vec::new(), lines);
    }
    let mut lines = lines;
    lines.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.x0.total_cmp(&b.x0)));
    // Visual rows.
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut row_band: Vec<(f32, f32)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let (Some(r), Some(b)) = (rows.last_mut(), row_band.last_mut()) {
            let ov = l.bottom.min(b.1) - l.top.max(b.0);
            if ov > 0.3 * (l.bottom - l.top).min(b.1 - b.0) {
                r.push(i);
                b.1 = b.1.max(l.bottom);
                continue;
            }
        }
        rows.push(vec![i]);
        row_band.push((l.top, l.bottom));
    }
    let mut used = vec![false; lines.len()];
    let mut tables = Vec::new();
    let mut r = 0;
    while r < rows.len() {
        let Some((hdr_rows, cols)) = stream_header(&lines, &rows, r, classify) else {
            r += 1;
            continue;
        };
        let n = cols.len();
        let centers: Vec<f32> = cols.iter().map(|c| (c.0 + c.1) / 2.0).collect();
        let left = cols.first().map_or(0.0, |c| c.0) - 3.0;
        let right = cols.last().map_or(0.0, |c| c.1) + 3.0;
        // Which rows below the header belong to the table: while every pair
        // of neighbouring columns keeps a white gutter between their header
        // centres (columns are found from the data, not from the header text,
        // which is centred over wide columns).
        let mut coverage: Vec<(f32, f32)> = Vec::new();
        for row in &rows[r..r + hdr_rows] {
            for &i in row {
                coverage.extend(lines[i].words.iter().map(|w| (w.x0, w.x1)));
            }
        }
        // Left edges of the runs of text in the data rows: a column's text
        // starts at one x.
        let mut starts: Vec<f32> = Vec::new();
        let mut k = r + hdr_rows;
        let mut prev_bottom = row_band[k - 1].1;
        while k < rows.len() {
            let size = rows[k].iter().map(|&i| lines[i].size).fold(0.0, f32::max);
            if row_band[k].0 - prev_bottom > 3.0 * size.max(8.0) {
                break;
            }
            let words: Vec<(f32, f32)> = rows[k]
                .iter()
                .flat_map(|&i| lines[i].words.iter().map(|w| (w.x0, w.x1)))
                .collect();
            if words
                .iter()
                .any(|&(a, b)| a < left - 15.0 || b > right + 40.0)
            {
                break;
            }
            let mut tentative = coverage.clone();
            tentative.extend(words.iter().copied());
            let merged = merge_intervals(tentative);
            let keeps_gutters = centers
                .windows(2)
                .all(|w| widest_gap(&merged, w[0], w[1]).is_some());
            if keeps_gutters {
                starts.extend(run_starts(&words));
                coverage = merge_intervals(
                    std::mem::take(&mut coverage)
                        .into_iter()
                        .chain(words)
                        .collect(),
                );
            } else if !starts_with_label(&lines, &rows[k]) {
                break;
            }
            prev_bottom = row_band[k].1;
            k += 1;
        }
        let merged = merge_intervals(coverage);
        // Each boundary lies in a white gap between the header texts of the
        // two columns (header cells sit inside their columns); of those gaps
        // the gutter is the one where the next column's lines start (word
        // gaps of justified text can be wider than the gutter), else the
        // widest.
        let bounds: Vec<f32> = (0..n - 1)
            .map(|i| {
                gutter(&merged, &starts, cols[i].1, cols[i + 1].0)
                    .or_else(|| widest_gap(&merged, centers[i], centers[i + 1]))
                    .map_or((centers[i] + centers[i + 1]) / 2.0, |(a, b)| (a + b) / 2.0)
            })
            .collect();
        // Header cells.
        let mut header_cells: Vec<Vec<Line>> = vec![Vec::new(); n];
        for row in &rows[r..r + hdr_rows] {
            for &i in row {
                let c = column_of(&bounds, (lines[i].x0 + lines[i].x1) / 2.0);
                header_cells[c].push(lines[i].clone());
                used[i] = true;
            }
        }
        let mut trows: Vec<Vec<Vec<Line>>> = vec![header_cells];
        let mut left_edge = left;
        let mut right_edge = right;
        for row in &rows[r + hdr_rows..k] {
            // Words by column for this visual row.
            let mut cells: Vec<Vec<Word>> = vec![Vec::new(); n];
            for &i in row {
                for w in &lines[i].words {
                    cells[column_of(&bounds, (w.x0 + w.x1) / 2.0)].push(w.clone());
                }
            }
            // A new row starts where the first column has text.
            if !cells[0].is_empty() || trows.len() == 1 {
                trows.push(vec![Vec::new(); n]);
            }
            if let Some(cur) = trows.last_mut() {
                for (c, mut ws) in cells.into_iter().enumerate() {
                    if !ws.is_empty() {
                        ws.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                        cur[c].push(crate::layout::make_line(page, ws, &[]));
                    }
                }
            }
            for &i in row {
                used[i] = true;
                left_edge = left_edge.min(lines[i].x0);
                right_edge = right_edge.max(lines[i].x1);
            }
        }
        if trows.len() >= 3 {
            let top = row_band[r].0;
            let bottom = row_band[k - 1].1;
            let mut xs = vec![left_edge.min(left)];
            xs.extend(bounds.iter().copied());
            xs.push(right_edge.max(right));
            let mut t = Table {
                page,
                x0: xs[0],
                top,
                x1: xs[xs.len() - 1],
                bottom,
                cols: xs.clone(),
                rows: Vec::new(),
                method: "stream",
            };
            for (ri, cells) in trows.into_iter().enumerate() {
                let row_top = cells
                    .iter()
                    .flat_map(|c| c.iter().map(|l| l.top))
                    .fold(f32::MAX, f32::min);
                let row_bottom = cells
                    .iter()
                    .flat_map(|c| c.iter().map(|l| l.bottom))
                    .fold(f32::MIN, f32::max);
                t.rows.push(
                    cells
                        .into_iter()
                        .enumerate()
                        .map(|(ci, lines)| Cell {
                            row: ri,
                            col: ci,
                            colspan: 1,
                            x0: xs[ci],
                            top: row_top,
                            x1: xs[ci + 1],
                            bottom: row_bottom,
                            lines,
                            text: String::new(),
                            open_top: false,
                            open_bottom: false,
                            merged_rows: false,
                        })
                        .collect(),
                );
            }
            finish(&mut t);
            tables.push(t);
        } else {
            // Not a table after all: give the lines back.
            for row in &rows[r..k] {
                for &i in row {
                    used[i] = false;
                }
            }
            k = r + 1;
        }
        r = k;
    }
    let free = lines
        .into_iter()
        .zip(used)
        .filter_map(|(l, u)| (!u).then_some(l))
        .collect();
    (tables, free)
}

/// Sorted, merged union of intervals.
fn merge_intervals(mut v: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The widest uncovered interval of `(lo, hi)` (at least 1.5 pt wide).
fn widest_gap(merged: &[(f32, f32)], lo: f32, hi: f32) -> Option<(f32, f32)> {
    let mut best: Option<(f32, f32)> = None;
    let mut cursor = lo;
    for &(a, b) in merged {
        if b <= lo {
            continue;
        }
        if a >= hi {
            break;
        }
        if a > cursor && best.is_none_or(|(x, y)| a - cursor > y - x) {
            best = Some((cursor, a));
        }
        cursor = cursor.max(b);
    }
    if hi > cursor && best.is_none_or(|(x, y)| hi - cursor > y - x) {
        best = Some((cursor, hi));
    }
    best.filter(|(a, b)| b - a >= 1.5)
}

/// Where runs of text start in a visual row (words as x-extents): the first
/// word, and each word whose gap before it differs from the gap before the
/// previous word (the spaces of a justified or plain line are all alike; a
/// column gutter is not one of them).
fn run_starts(words: &[(f32, f32)]) -> Vec<f32> {
    let mut w = words.to_vec();
    w.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut prev_gap: Option<f32> = None;
    for (j, &(x0, _)) in w.iter().enumerate() {
        let gap = (j > 0).then(|| x0 - w[j - 1].1);
        let start = match (gap, prev_gap) {
            (None, _) | (Some(_), None) => true,
            (Some(g), Some(p)) => (g - p).abs() > 0.5,
        };
        if start {
            out.push(x0);
        }
        prev_gap = gap;
    }
    out
}

/// The gutter between two columns among the uncovered intervals of
/// `(lo, hi)` (at least 1.5 pt wide): the one with the most words starting
/// at its right edge, then the widest.
fn gutter(merged: &[(f32, f32)], starts: &[f32], lo: f32, hi: f32) -> Option<(f32, f32)> {
    if hi <= lo {
        return None;
    }
    let mut gaps = Vec::new();
    let mut cursor = lo;
    for &(a, b) in merged {
        if b <= lo {
            continue;
        }
        if a >= hi {
            break;
        }
        if a > cursor {
            gaps.push((cursor, a));
        }
        cursor = cursor.max(b);
    }
    if hi > cursor {
        gaps.push((cursor, hi));
    }
    let aligned = |b: f32| starts.iter().filter(|&&x| (x - b).abs() < 1.0).count();
    gaps.into_iter()
        .filter(|(a, b)| b - a >= 1.5)
        .max_by(|x, y| {
            aligned(x.1)
                .cmp(&aligned(y.1))
                .then((x.1 - x.0).total_cmp(&(y.1 - y.0)))
        })
}

/// Whether a visual row starts with a row label (`1`, `2.1`, `IV`): group
/// rows may run across the columns.
fn starts_with_label(lines: &[Line], row: &[usize]) -> bool {
    let first = row
        .iter()
        .map(|&i| &lines[i])
        .min_by(|a, b| a.x0.total_cmp(&b.x0))
        .and_then(|l| l.words.first());
    first.is_some_and(|w| {
        let t = w.text.trim_end_matches(['.', ')']);
        !t.is_empty()
            && t.len() <= 8
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || "IVXLC".contains(c))
    })
}

fn column_of(bounds: &[f32], x: f32) -> usize {
    bounds.iter().take_while(|&&b| x > b).count()
}

/// A header of at least three columns starting at visual row `r` (spanning
/// up to three rows, for header cells that wrap): the number of rows and
/// each column's x-extent.
/// Column extents (x0, x1) of a header.
type Columns = Vec<(f32, f32)>;

fn stream_header(
    lines: &[Line],
    rows: &[Vec<usize>],
    r: usize,
    classify: Classify<'_>,
) -> Option<(usize, Columns)> {
    // A header row has several cells side by side.
    if rows[r].len() < 2 {
        return None;
    }
    let mut best: Option<(usize, Columns, usize)> = None;
    for span in 1..=3usize {
        if r + span > rows.len() {
            break;
        }
        if span > 1 {
            // Header lines are set tight; a data row (`1`, `I`) ends the header.
            let prev_bottom = rows[r + span - 2]
                .iter()
                .map(|&i| lines[i].bottom)
                .fold(f32::MIN, f32::max);
            let row = &rows[r + span - 1];
            let top = row.iter().map(|&i| lines[i].top).fold(f32::MAX, f32::min);
            let size = row.iter().map(|&i| lines[i].size).fold(0.0, f32::max);
            if top - prev_bottom > 0.8 * size || starts_with_label(lines, row) {
                break;
            }
        }
        // Columns: segments whose x-ranges overlap are one column.
        let mut segs: Vec<(f32, f32, String)> = Vec::new();
        for row in &rows[r..r + span] {
            for &i in row {
                segs.push((lines[i].x0, lines[i].x1, lines[i].text.clone()));
            }
        }
        // Header cells are short phrases.
        if segs.iter().any(|s| s.2.chars().count() > 40) {
            break;
        }
        segs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut cols: Vec<(f32, f32, String)> = Vec::new();
        for (a, b, t) in segs {
            if let Some(last) = cols.last_mut() {
                if a < last.1 - 1.0 {
                    last.1 = last.1.max(b);
                    last.2.push(' ');
                    last.2.push_str(&t);
                    continue;
                }
            }
            cols.push((a, b, t));
        }
        if cols.len() < 3 {
            continue;
        }
        let roles: Vec<Role> = cols.iter().map(|c| classify(&c.2)).collect();
        let known = roles.iter().filter(|&&r| r != Role::Other).count();
        let has_core = roles.contains(&Role::Stt) || roles.contains(&Role::Name);
        let has_detail = roles.contains(&Role::Lead)
            || roles.contains(&Role::Timeframe)
            || roles.contains(&Role::Partners);
        if known >= 3 && has_core && has_detail {
            let unknown = cols.len() - known;
            // Prefer fewer unexplained columns, then the shorter span.
            if best.as_ref().is_none_or(|b| unknown < b.2) {
                best = Some((span, cols.iter().map(|c| (c.0, c.1)).collect(), unknown));
            }
        }
    }
    best.map(|(span, cols, _)| (span, cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, top: f32) -> Line {
        Line {
            page: 1,
            text: text.into(),
            words: Vec::new(),
            x0,
            x1: x0 + 6.0 * text.chars().count() as f32,
            top,
            bottom: top + 12.0,
            baseline: top + 10.0,
            size: 12.0,
            bold: false,
            italic: false,
            col_x0: 0.0,
            col_x1: 0.0,
        }
    }

    fn h(y: f32, x0: f32, x1: f32) -> Rule {
        Rule {
            x0,
            y0: y - 0.25,
            x1,
            y1: y + 0.25,
        }
    }
    fn v(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            x0: x - 0.25,
            y0,
            x1: x + 0.25,
            y1,
        }
    }

    #[test]
    fn grid_with_group_row_spanning_columns() {
        // 3 columns at x = 50, 100, 300, 400; rows at y = 100, 130, 160
        let rules = vec![
            h(100.0, 50.0, 400.0),
            h(130.0, 50.0, 400.0),
            h(160.0, 50.0, 400.0),
            v(50.0, 100.0, 160.0),
            v(400.0, 100.0, 160.0),
            // inner boundaries only in the second row
            v(100.0, 130.0, 160.0),
            v(300.0, 130.0, 160.0),
        ];
        let lines = vec![
            line("I Nhận thức số", 55.0, 108.0),
            line("1", 60.0, 138.0),
            line("Tuyên truyền", 110.0, 138.0),
            line("Sở TT&TT", 310.0, 138.0),
            line("outside", 50.0, 300.0),
        ];
        let (tables, free) = find_lattice_tables(1, lines, &rules);
        assert_eq!(tables.len(), 1);
        assert_eq!(free.len(), 1);
        let t = &tables[0];
        assert_eq!(t.n_cols(), 3);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].len(), 1);
        assert_eq!(t.rows[0][0].colspan, 3);
        assert_eq!(t.rows[0][0].text, "I Nhận thức số");
        let texts: Vec<&str> = t.rows[1].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec!["1", "Tuyên truyền", "Sở TT&TT"]);
    }

    #[test]
    fn cell_text_keeps_bullets_apart() {
        let t = cell_text(["- Duy trì hoạt động", "trang Zalo;", "- Tiếp tục"].into_iter());
        assert_eq!(t, "- Duy trì hoạt động trang Zalo;\n- Tiếp tục");
    }

    #[test]
    fn gutter_is_where_runs_of_text_start_not_the_widest_gap() {
        // Justified `Các doanh nghiệp viễn | Sở TT&TT;` with 8.7 pt spaces,
        // a 5.9 pt gutter; another row `Sở TT&TT | Các sở, ban`.
        let row1 = [
            (403.7, 422.3),
            (431.0, 460.3),
            (469.0, 501.6),
            (510.2, 530.8),
            (536.7, 549.7),
            (555.5, 596.8),
        ];
        let row2 = [
            (403.7, 416.7),
            (419.5, 450.0),
            (536.7, 555.3),
            (558.3, 572.3),
        ];
        assert_eq!(run_starts(&row1), vec![403.7, 431.0, 536.7]);
        let mut starts = run_starts(&row1);
        starts.extend(run_starts(&row2));
        let merged = merge_intervals(row1.iter().chain(&row2).copied().collect());
        let g = gutter(&merged, &starts, 500.0, 585.0).unwrap();
        assert!(
            (g.0 - 530.8).abs() < 0.01 && (g.1 - 536.7).abs() < 0.01,
            "{g:?}"
        );
    }

    #[test]
    fn a_lone_rule_is_not_a_table() {
        let (t, free) =
            find_lattice_tables(1, vec![line("x", 10.0, 10.0)], &[h(700.0, 50.0, 200.0)]);
        assert!(t.is_empty());
        assert_eq!(free.len(), 1);
    }
}
