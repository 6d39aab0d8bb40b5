//! Table cells of a scanned page, found from its ruling lines (pixels).
//!
//! Tesseract's page layout analysis is made for running text: on a ruled
//! table it drops narrow columns (a `STT` column of single digits) and can
//! join the lines of neighbouring cells into one text line. So cells that
//! are closed on all four sides by ruling lines are read one by one, each as
//! a uniform block of text ([`super::Ocr`] does this), and only the rest of
//! the page goes through page layout analysis.
//!
//! The grid: the positions of all horizontal and all vertical rules,
//! clustered, cut the page into atoms; neighbouring atoms not separated by a
//! rule belong to the same cell (merged cells: a group row spanning the
//! whole table, a lead agency spanning several rows). A cell is kept when it
//! is a rectangle of atoms and every side of it lies on a rule.

use super::rules::PixelRule;
use crate::layout::geometry::{cluster, mean, Linkage, UnionFind};

/// The inside of one ruled cell, in image pixels (`x1`, `y1` exclusive),
/// already shrunk past the rules' ink, and `outer`: the cell with its
/// rules, grown by their thickness (what the rest of the page is read
/// without).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellBox {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
    /// `[x0, y0, x1, y1]` (exclusive ends) of the cell with its rules.
    pub outer: [usize; 4],
}

impl CellBox {
    pub fn width(&self) -> usize {
        self.x1 - self.x0
    }
    pub fn height(&self) -> usize {
        self.y1 - self.y0
    }
}

/// One grid line: the mean position of the rules clustered on it and the
/// thickest of them.
#[derive(Debug, Clone, Copy)]
struct GridLine {
    pos: f32,
    thickness: f32,
}

fn grid_lines(pos: Vec<(f32, f32)>, tol: f32) -> Vec<GridLine> {
    let at: Vec<f32> = pos.iter().map(|p| p.0).collect();
    cluster(&at, tol, Linkage::Mean)
        .iter()
        .map(|g| GridLine {
            pos: mean(&at, g),
            thickness: g.iter().map(|&i| pos[i].1).fold(f32::MIN, f32::max),
        })
        .collect()
}

/// Whether a rule of the given orientation lies on grid line `at` and covers
/// the span `u0..u1` along it (with `tol` slack at both ends).
fn covered(rules: &[&PixelRule], at: f32, u0: f32, u1: f32, tol: f32) -> bool {
    rules
        .iter()
        .any(|r| (r.pos - at).abs() <= tol && r.a as f32 <= u0 + tol && r.b as f32 + tol >= u1)
}

/// The ruled cells of a page image rendered at `dpi`, top to bottom, left to
/// right. Cells narrower or lower than a line of small text are left out
/// (they are read with the rest of the page).
pub fn find_cells(rules: &[PixelRule], dpi: f32) -> Vec<CellBox> {
    let px = |pt: f32| pt * dpi / 72.0;
    let tol = px(3.0).max(4.0);
    let hs: Vec<&PixelRule> = rules.iter().filter(|r| r.horizontal).collect();
    let vs: Vec<&PixelRule> = rules.iter().filter(|r| !r.horizontal).collect();
    if hs.len() < 2 || vs.len() < 2 {
        return Vec::new();
    }
    let ys = grid_lines(hs.iter().map(|r| (r.pos, r.thickness)).collect(), tol);
    let xs = grid_lines(vs.iter().map(|r| (r.pos, r.thickness)).collect(), tol);
    let (nc, nr) = (xs.len() - 1, ys.len() - 1);
    if nc == 0 || nr == 0 || nc * nr > 100_000 {
        return Vec::new();
    }
    let atom = |c: usize, r: usize| r * nc + c;
    // Rules between atoms: the vertical line right of column c in row r, the
    // horizontal line below row r in column c, and the outer sides.
    let v_wall = |line: usize, r: usize| covered(&vs, xs[line].pos, ys[r].pos, ys[r + 1].pos, tol);
    let h_wall = |line: usize, c: usize| covered(&hs, ys[line].pos, xs[c].pos, xs[c + 1].pos, tol);
    let mut sets = UnionFind::new(nc * nr);
    for r in 0..nr {
        for c in 0..nc {
            if c + 1 < nc && !v_wall(c + 1, r) {
                sets.union(atom(c, r), atom(c + 1, r));
            }
            if r + 1 < nr && !h_wall(r + 1, c) {
                sets.union(atom(c, r), atom(c, r + 1));
            }
        }
    }
    // Components as atom bounding boxes (c0, r0, c1, r1 inclusive) + size.
    let mut comps: std::collections::BTreeMap<usize, (usize, usize, usize, usize, usize)> =
        Default::default();
    for r in 0..nr {
        for c in 0..nc {
            let root = sets.find(atom(c, r));
            let e = comps.entry(root).or_insert((c, r, c, r, 0));
            e.0 = e.0.min(c);
            e.1 = e.1.min(r);
            e.2 = e.2.max(c);
            e.3 = e.3.max(r);
            e.4 += 1;
        }
    }
    let (min_w, min_h) = (px(6.0), px(7.0));
    let mut out = Vec::new();
    for (c0, r0, c1, r1, n) in comps.into_values() {
        if n != (c1 + 1 - c0) * (r1 + 1 - r0) {
            continue; // not a rectangle: the space around a table
        }
        let closed = (r0..=r1).all(|r| v_wall(c0, r) && v_wall(c1 + 1, r))
            && (c0..=c1).all(|c| h_wall(r0, c) && h_wall(r1 + 1, c));
        if !closed {
            continue;
        }
        let inset = |g: GridLine| g.thickness / 2.0 + 3.0;
        let x0 = xs[c0].pos + inset(xs[c0]);
        let x1 = xs[c1 + 1].pos - inset(xs[c1 + 1]);
        let y0 = ys[r0].pos + inset(ys[r0]);
        let y1 = ys[r1 + 1].pos - inset(ys[r1 + 1]);
        if x1 - x0 < min_w || y1 - y0 < min_h {
            continue;
        }
        let grow = |g: GridLine| g.thickness + 3.0;
        let outer = [
            (xs[c0].pos - grow(xs[c0])).max(0.0) as usize,
            (ys[r0].pos - grow(ys[r0])).max(0.0) as usize,
            (xs[c1 + 1].pos + grow(xs[c1 + 1])).ceil() as usize,
            (ys[r1 + 1].pos + grow(ys[r1 + 1])).ceil() as usize,
        ];
        out.push(CellBox {
            x0: x0.ceil().max(0.0) as usize,
            y0: y0.ceil().max(0.0) as usize,
            x1: x1.floor().max(0.0) as usize,
            y1: y1.floor().max(0.0) as usize,
            outer,
        });
    }
    out.sort_by_key(|b| (b.y0, b.x0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::image::GrayImage;
    use crate::ocr::rules::{find_rules, RuleParams};

    fn hline(img: &mut GrayImage, y: usize, x0: usize, x1: usize) {
        for yy in y..y + 3 {
            for x in x0..=x1 {
                img.set(x, yy, 0);
            }
        }
    }
    fn vline(img: &mut GrayImage, x: usize, y0: usize, y1: usize) {
        for xx in x..x + 3 {
            for y in y0..=y1 {
                img.set(xx, y, 0);
            }
        }
    }

    /// A 3-column table at 300 dpi: a header row, a group row spanning all
    /// columns, and a data row; plus a lone underline outside the table.
    #[test]
    fn cells_of_a_grid_with_a_merged_row() {
        let mut img = GrayImage::new(1500, 1200);
        let (x, y) = ([100, 300, 900, 1300], [200, 320, 440, 700]);
        for &yy in &y {
            hline(&mut img, yy, x[0], x[3] + 2);
        }
        for (i, &xx) in x.iter().enumerate() {
            if i == 0 || i == 3 {
                vline(&mut img, xx, y[0], y[3] + 2);
            } else {
                // Inner columns: broken by the group row (y[1]..y[2]).
                vline(&mut img, xx, y[0], y[1] + 2);
                vline(&mut img, xx, y[2], y[3] + 2);
            }
        }
        hline(&mut img, 1000, 400, 1100); // an underline, not a table
        let rules = find_rules(&img, &RuleParams::for_image(1500, 1200, 300.0));
        let cells = find_cells(&rules, 300.0);
        let spans: Vec<(usize, usize, usize, usize)> =
            cells.iter().map(|c| (c.x0, c.y0, c.x1, c.y1)).collect();
        // 3 header cells, 1 group cell across the table, 3 data cells.
        assert_eq!(cells.len(), 7, "{spans:?}");
        assert!(cells[0].x0 > 101 && cells[0].x0 < 110, "{spans:?}");
        assert!(cells[0].y0 > 201 && cells[0].y0 < 210, "{spans:?}");
        assert!(cells[0].x1 < 300 && cells[0].x1 > 290, "{spans:?}");
        let group = cells[3];
        assert!(group.x0 < 110 && group.x1 > 1290, "{spans:?}");
        assert!(group.y0 > 320 && group.y1 < 440, "{spans:?}");
        assert!(cells.iter().all(|c| c.y1 < 1000));
        // The outer box takes in the rules around the cell.
        assert!(
            cells[0].outer[0] < 100 && cells[0].outer[1] < 200,
            "{cells:?}"
        );
        assert!(
            cells[0].outer[2] > 303 && cells[0].outer[3] > 323,
            "{cells:?}"
        );
    }

    #[test]
    fn no_cells_without_a_closed_grid() {
        let mut img = GrayImage::new(1000, 800);
        hline(&mut img, 100, 100, 900);
        hline(&mut img, 300, 100, 900);
        vline(&mut img, 100, 100, 302); // only a left side
        let rules = find_rules(&img, &RuleParams::for_image(1000, 800, 300.0));
        assert!(find_cells(&rules, 300.0).is_empty());
    }
}
