//! The "stream" strategy: tables without borders, from text alignment.

use super::model::{finish, Cell, Classify, Method, Role, Table};
use crate::layout::geometry::{gaps, merge_intervals};
use crate::layout::{Line, Word};

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
                method: Method::Stream,
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

/// The widest uncovered interval of `(lo, hi)` (at least 1.5 pt wide).
fn widest_gap(merged: &[(f32, f32)], lo: f32, hi: f32) -> Option<(f32, f32)> {
    let mut best: Option<(f32, f32)> = None;
    for (a, b) in gaps(merged, lo, hi) {
        if best.is_none_or(|(x, y)| b - a > y - x) {
            best = Some((a, b));
        }
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
    let aligned = |b: f32| starts.iter().filter(|&&x| (x - b).abs() < 1.0).count();
    gaps(merged, lo, hi)
        .into_iter()
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
}
