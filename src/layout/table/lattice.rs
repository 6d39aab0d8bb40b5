//! The "lattice" strategy: ruled tables from the page's ruling lines.
//!
//! Horizontal and vertical rules that touch form a connected component; a
//! component with at least two of each is a table. Its distinct rule
//! positions give the grid; a missing vertical rule inside a row means the
//! cell spans columns (a group row such as `I | Nhận thức số`). Lines of text
//! are assigned to the cell that contains their centre.

use super::model::{finish, Cell, Method, Table};
use crate::layout::geometry::{cluster, mean, merge_intervals, Linkage, UnionFind};
use crate::layout::{Line, Word};
use crate::pdf::Rule;

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

/// Clusters positions that lie within [`TOL`] of each other: each group's mean.
fn grid_lines(v: Vec<f32>) -> Vec<f32> {
    cluster(&v, TOL, Linkage::Chain)
        .iter()
        .map(|g| mean(&v, g))
        .collect()
}

/// Finds ruled tables and assigns lines to their cells. Returns the tables
/// and the lines that are not inside any table.
pub fn find_lattice_tables(page: u32, lines: Vec<Line>, rules: &[Rule]) -> (Vec<Table>, Vec<Line>) {
    let segs = segments(rules);
    if segs.len() < 4 {
        return (Vec::new(), lines);
    }
    let n = segs.len();
    let mut sets = UnionFind::new(n);
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
                sets.union(i, j);
            }
        }
    }
    let mut comps: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = sets.find(i);
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
        let mut ys = grid_lines(hs.iter().map(|s| s.pos).collect());
        let xs = grid_lines(vs.iter().map(|s| s.pos).collect());
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
        let (xs, alias) = unify_columns(&xs, &ys, &vs);
        tables.push(build_grid(page, &xs, &alias, &ys, &vs, &hs));
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
        split_unruled_spans(t);
        finish(t);
    }
    (tables, free)
}

/// A cell drawn over several columns whose text still stands in those
/// columns, each word inside one of them and set well apart from its
/// neighbour across each boundary, is a row whose inner rules were not
/// drawn (Aspose header rows: `Tên tham số   Kiểu dữ liệu   Bắt buộc`
/// under one border), not a merged cell: it is cut into the columns it
/// covers. A group title or a summary label keeps its span: it lies in
/// one column, or runs across a boundary.
fn split_unruled_spans(t: &mut Table) {
    let cols = t.cols.clone();
    for row in &mut t.rows {
        if !row.iter().any(|c| c.colspan > 1) {
            continue;
        }
        let mut out = Vec::with_capacity(row.len());
        for c in row.drain(..) {
            match split_span(&c, &cols) {
                Some(parts) => out.extend(parts),
                None => out.push(c),
            }
        }
        *row = out;
    }
}

/// A table of one row and one cell (a header row at the foot of a page,
/// drawn without its inner rules) cut into the columns `cols` of the table
/// that continues it on the next page: each cell's text, when its frame is
/// that table's and its words stand in those columns as in
/// [`split_unruled_spans`]; None otherwise.
pub(super) fn cut_by_columns(t: &Table, cols: &[f32]) -> Option<Vec<String>> {
    let (&first, &last) = (cols.first()?, cols.last()?);
    let frame = (t.x0 - first).abs() <= 2.0 * TOL && (t.x1 - last).abs() <= 2.0 * TOL;
    let [row] = t.rows.as_slice() else {
        return None;
    };
    let [cell] = row.as_slice() else {
        return None;
    };
    if !frame || cols.len() < 3 {
        return None;
    }
    let spanning = Cell {
        col: 0,
        colspan: cols.len() - 1,
        ..cell.clone()
    };
    let parts = split_span(&spanning, cols)?;
    Some(
        parts
            .into_iter()
            .map(|mut p| {
                super::model::reading_order(&mut p.lines);
                super::model::cell_text(p.lines.iter().map(|l| l.text.as_str()))
            })
            .collect(),
    )
}

/// The cells `c` is cut into, or None when it is one merged cell.
fn split_span(c: &Cell, cols: &[f32]) -> Option<Vec<Cell>> {
    let bounds = cols.get(c.col..=c.col + c.colspan)?;
    if c.colspan < 2 || c.lines.is_empty() {
        return None;
    }
    let col_of = |x0: f32, x1: f32| {
        bounds
            .windows(2)
            .position(|b| x0 >= b[0] - TOL && x1 <= b[1] + TOL)
    };
    let mut used = vec![false; c.colspan];
    for l in &c.lines {
        if l.words.is_empty() {
            return None;
        }
        let mut at: Vec<(f32, f32, usize)> = Vec::with_capacity(l.words.len());
        for w in &l.words {
            at.push((w.x0, w.x1, col_of(w.x0, w.x1)?));
        }
        at.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Across a boundary, words farther apart than a wide space.
        let apart = at
            .windows(2)
            .all(|p| p[0].2 == p[1].2 || p[1].0 - p[0].1 >= 0.5 * l.size.max(1.0));
        if !apart {
            return None;
        }
        for &(_, _, k) in &at {
            used[k] = true;
        }
    }
    if used.iter().filter(|&&u| u).count() < 2 {
        return None;
    }
    let parts = (0..c.colspan)
        .map(|k| Cell {
            col: c.col + k,
            colspan: 1,
            x0: bounds[k],
            x1: bounds[k + 1],
            lines: c
                .lines
                .iter()
                .filter_map(|l| part_of_line(l, |w| col_of(w.x0, w.x1) == Some(k)))
                .collect(),
            text: String::new(),
            row: c.row,
            top: c.top,
            bottom: c.bottom,
            open_top: c.open_top,
            open_bottom: c.open_bottom,
            merged_rows: c.merged_rows,
        })
        .collect();
    Some(parts)
}

/// The words of `l` that `keep` takes, as a line of their own (None when
/// there are none).
fn part_of_line(l: &Line, keep: impl Fn(&Word) -> bool) -> Option<Line> {
    let words: Vec<Word> = l.words.iter().filter(|w| keep(w)).cloned().collect();
    let first = words.first()?;
    let mut part = Line {
        text: String::new(),
        x0: first.x0,
        x1: first.x1,
        top: first.top,
        bottom: first.bottom,
        words: Vec::new(),
        ..l.clone()
    };
    for w in &words {
        if !part.text.is_empty() {
            part.text.push(' ');
        }
        part.text.push_str(&w.text);
        part.x0 = part.x0.min(w.x0);
        part.x1 = part.x1.max(w.x1);
        part.top = part.top.min(w.top);
        part.bottom = part.bottom.max(w.bottom);
    }
    part.words = words;
    Some(part)
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

/// Whether a vertical rule at `x` divides grid row `ya..yb` (covers most of
/// its height).
fn divides(vs: &[Seg], x: f32, ya: f32, yb: f32) -> bool {
    vs.iter()
        .any(|v| (v.pos - x).abs() <= TOL && v.b.min(yb) - v.a.max(ya) >= 0.6 * (yb - ya))
}

/// Column lines of a grid whose rows put a boundary a little apart (a Word
/// table whose rows were widened one by one: `Toàn bộ văn bản` ends at 255
/// pt in one row and at 300 pt in the next): two neighbouring inner lines
/// that no row has both of, closer than the columns beside them are wide,
/// are one column boundary, at the position more rows use. Returns the
/// lines and, per line, the positions it stands for.
fn unify_columns(xs: &[f32], ys: &[f32], vs: &[Seg]) -> (Vec<f32>, Vec<Vec<f32>>) {
    let rows_at = |x: f32| -> Vec<usize> {
        (0..ys.len().saturating_sub(1))
            .filter(|&i| divides(vs, x, ys[i], ys[i + 1]))
            .collect()
    };
    let mut lines: Vec<(f32, Vec<f32>, Vec<usize>)> =
        xs.iter().map(|&x| (x, vec![x], rows_at(x))).collect();
    let mut k = 1;
    while k + 2 < lines.len() {
        let (a, b) = (&lines[k], &lines[k + 1]);
        let disjoint = !a.2.is_empty() && !b.2.is_empty() && !a.2.iter().any(|r| b.2.contains(r));
        let gap = b.0 - a.0;
        let narrow = gap < (a.0 - lines[k - 1].0).min(lines[k + 2].0 - b.0);
        if disjoint && narrow {
            let b = lines.remove(k + 1);
            let a = &mut lines[k];
            if b.2.len() > a.2.len() {
                a.0 = b.0;
            }
            a.1.extend(b.1);
            a.2.extend(b.2);
        } else {
            k += 1;
        }
    }
    let xs = lines.iter().map(|l| l.0).collect();
    let alias = lines.into_iter().map(|l| l.1).collect();
    (xs, alias)
}

fn build_grid(
    page: u32,
    xs: &[f32],
    alias: &[Vec<f32>],
    ys: &[f32],
    vs: &[Seg],
    hs: &[Seg],
) -> Table {
    let mut rows = Vec::new();
    for i in 0..ys.len() - 1 {
        let (ya, yb) = (ys[i], ys[i + 1]);
        let mut cells = Vec::new();
        let mut start = 0;
        for k in 1..xs.len() {
            let boundary_present = k == xs.len() - 1
                || alias
                    .get(k)
                    .is_some_and(|at| at.iter().any(|&x| divides(vs, x, ya, yb)));
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
        method: Method::Lattice,
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
