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

use crate::layout::Line;
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
        let ys = cluster(hs.iter().map(|s| s.pos).collect());
        let xs = cluster(vs.iter().map(|s| s.pos).collect());
        if ys.len() < 2 || xs.len() < 2 {
            continue;
        }
        let (x0, x1) = (xs[0], xs[xs.len() - 1]);
        let (top, bottom) = (ys[0], ys[ys.len() - 1]);
        if x1 - x0 < 40.0 || bottom - top < 10.0 {
            continue;
        }
        tables.push(build_grid(page, &xs, &ys, &vs));
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

fn build_grid(page: u32, xs: &[f32], ys: &[f32], vs: &[Seg]) -> Table {
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

/// Orders each cell's lines and builds its text; drops empty sliver rows
/// (double borders).
fn finish(t: &mut Table) {
    for row in &mut t.rows {
        for c in row.iter_mut() {
            c.lines
                .sort_by(|a, b| a.top.total_cmp(&b.top).then(a.x0.total_cmp(&b.x0)));
            c.text = cell_text(c.lines.iter().map(|l| l.text.as_str()));
        }
    }
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

/// Joins a cell's lines: single spaces, a newline before each bullet item.
pub fn cell_text<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        if !out.is_empty() {
            let bullet = l.starts_with("- ")
                || l.starts_with("+ ")
                || l.starts_with('•')
                || l.starts_with("– ");
            out.push(if bullet { '\n' } else { ' ' });
        }
        out.push_str(l);
    }
    out
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
    fn a_lone_rule_is_not_a_table() {
        let (t, free) =
            find_lattice_tables(1, vec![line("x", 10.0, 10.0)], &[h(700.0, 50.0, 200.0)]);
        assert!(t.is_empty());
        assert_eq!(free.len(), 1);
    }
}
