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
use crate::layout::geometry::{cluster, mean, merge_intervals, Linkage, UnionFind};

/// The inside of one ruled cell, in image pixels (`x1`, `y1` exclusive),
/// already shrunk past the rules' ink, and `outer`: the cell with its
/// rules, grown by their thickness (what the rest of the page is read
/// without).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellBox {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
    /// `[x0, y0, x1, y1]` (exclusive ends) of the cell with its rules.
    pub outer: [usize; 4],
    /// `[x0, y0, x1, y1]`: the grid lines the cell lies between (the mean
    /// positions of its rules), where its walls are drawn for the page's
    /// rules (see [`grid_rules`]).
    pub frame: [f32; 4],
}

impl CellBox {
    pub fn width(&self) -> usize {
        self.x1 - self.x0
    }
    pub fn height(&self) -> usize {
        self.y1 - self.y0
    }
}

/// One grid line: the mean position of the rules clustered on it, the
/// thickest of them, and the stretches they cover along it (merged, each
/// grown by the clustering tolerance at both ends).
#[derive(Debug, Clone)]
struct GridLine {
    pos: f32,
    thickness: f32,
    spans: Vec<(f32, f32)>,
}

fn grid_lines(rules: &[&PixelRule], tol: f32) -> Vec<GridLine> {
    let at: Vec<f32> = rules.iter().map(|r| r.pos).collect();
    cluster(&at, tol, Linkage::Mean)
        .iter()
        .map(|g| GridLine {
            pos: mean(&at, g),
            thickness: g
                .iter()
                .map(|&i| rules[i].thickness)
                .fold(f32::MIN, f32::max),
            spans: merge_intervals(
                g.iter()
                    .map(|&i| (rules[i].a as f32 - tol, rules[i].b as f32 + tol))
                    .collect(),
            ),
        })
        .collect()
}

/// The share of a wall that must be inked for it to count as a rule. Faint
/// or thin rules of a low-resolution scan break into pieces (JPEG and
/// thresholding drop stretches of them), and a skewed one drifts across
/// the grid line; the walls of merged cells carry no ink at all.
const WALL_INK: f32 = 0.4;

/// Whether the rules of grid line `line` cover enough of the span `u0..u1`
/// along it to make a wall there.
fn covered(line: &GridLine, u0: f32, u1: f32) -> bool {
    if u1 <= u0 {
        return false;
    }
    let ink: f32 = line
        .spans
        .iter()
        .map(|&(a, b)| (b.min(u1) - a.max(u0)).max(0.0))
        .sum();
    ink >= WALL_INK * (u1 - u0)
}

/// Which end of grid line `line` lies on the crossing line at `pos`: the
/// line starts there (runs on to higher positions only) or ends there
/// (comes from lower ones only), within `tol`; `None` when it passes
/// through or does not reach. Spans are grown by `tol` (see [`grid_lines`]).
fn end_at(line: &GridLine, pos: f32, tol: f32) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering::{Greater, Less};
    let covers = |u: f32| line.spans.iter().any(|&(a, b)| a <= u && u <= b);
    if covers(pos - 3.0 * tol) && covers(pos + 3.0 * tol) {
        return None;
    }
    line.spans.iter().find_map(|&(a, b)| {
        let (a, b) = (a + tol, b - tol);
        if (a - pos).abs() <= tol && b > pos + 3.0 * tol {
            Some(Greater)
        } else if (b - pos).abs() <= tol && a < pos - 3.0 * tol {
            Some(Less)
        } else {
            None
        }
    })
}

/// Whether the wall on grid line `wall` between the crossing lines `from`
/// and `to` is closed by corners: both crossing lines end on it, on the
/// same side. A table's outer border faded out of a scan (a JPEG keeps a
/// grey rule as 253 on 255 paper) leaves the rows' rules ending at it in
/// a column of corners; a merged cell's missing wall has rules running
/// through it instead.
fn cornered(wall: &GridLine, from: &GridLine, to: &GridLine, tol: f32) -> bool {
    let side = end_at(from, wall.pos, tol);
    side.is_some() && side == end_at(to, wall.pos, tol)
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
    let ys = grid_lines(&hs, tol);
    let xs = grid_lines(&vs, tol);
    let (nc, nr) = (xs.len() - 1, ys.len() - 1);
    if nc == 0 || nr == 0 || nc * nr > 100_000 {
        return Vec::new();
    }
    let atom = |c: usize, r: usize| r * nc + c;
    // Rules between atoms: the vertical line right of column c in row r, the
    // horizontal line below row r in column c, and the outer sides.
    let v_wall = |line: usize, r: usize| {
        covered(&xs[line], ys[r].pos, ys[r + 1].pos) || cornered(&xs[line], &ys[r], &ys[r + 1], tol)
    };
    let h_wall = |line: usize, c: usize| {
        covered(&ys[line], xs[c].pos, xs[c + 1].pos) || cornered(&ys[line], &xs[c], &xs[c + 1], tol)
    };
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
        let inset = |g: &GridLine| g.thickness / 2.0 + 3.0;
        let x0 = xs[c0].pos + inset(&xs[c0]);
        let x1 = xs[c1 + 1].pos - inset(&xs[c1 + 1]);
        let y0 = ys[r0].pos + inset(&ys[r0]);
        let y1 = ys[r1 + 1].pos - inset(&ys[r1 + 1]);
        if x1 - x0 < min_w || y1 - y0 < min_h {
            continue;
        }
        let grow = |g: &GridLine| g.thickness + 3.0;
        let outer = [
            (xs[c0].pos - grow(&xs[c0])).max(0.0) as usize,
            (ys[r0].pos - grow(&ys[r0])).max(0.0) as usize,
            (xs[c1 + 1].pos + grow(&xs[c1 + 1])).ceil() as usize,
            (ys[r1 + 1].pos + grow(&ys[r1 + 1])).ceil() as usize,
        ];
        out.push(CellBox {
            x0: x0.ceil().max(0.0) as usize,
            y0: y0.ceil().max(0.0) as usize,
            x1: x1.floor().max(0.0) as usize,
            y1: y1.floor().max(0.0) as usize,
            outer,
            frame: [xs[c0].pos, ys[r0].pos, xs[c1 + 1].pos, ys[r1 + 1].pos],
        });
    }
    out.sort_by_key(|b| (b.y0, b.x0));
    out
}

/// The page's rules once its ruled cells are known: every cell's four walls
/// drawn straight on their grid lines (so broken, faint or skewed rules of
/// a scan become the closed, touching grid the lattice strategy reads),
/// plus the rules that lie outside every cell (underlines, separators).
pub fn grid_rules(rules: &[PixelRule], cells: &[CellBox]) -> Vec<PixelRule> {
    if cells.is_empty() {
        return rules.to_vec();
    }
    let inside = |r: &PixelRule| {
        let (x0, y0, x1, y1) = if r.horizontal {
            (r.a as f32, r.pos, r.b as f32, r.pos)
        } else {
            (r.pos, r.a as f32, r.pos, r.b as f32)
        };
        cells.iter().any(|c| {
            let [a, b, cc, d] = c.outer;
            x1 >= a as f32 && x0 <= cc as f32 && y1 >= b as f32 && y0 <= d as f32
        })
    };
    /// Per grid line (horizontal, position bits): its walls' spans and the
    /// thickness of the rules found there.
    type Walls = std::collections::BTreeMap<(bool, u32), (Vec<(f32, f32)>, f32)>;
    let mut walls: Walls = Default::default();
    let thick = |pos: f32, horizontal: bool| {
        rules
            .iter()
            .filter(|r| r.horizontal == horizontal && (r.pos - pos).abs() <= 8.0)
            .map(|r| r.thickness)
            .fold(1.0f32, f32::max)
    };
    for c in cells {
        let [x0, y0, x1, y1] = c.frame;
        for (horizontal, pos, a, b) in [
            (true, y0, x0, x1),
            (true, y1, x0, x1),
            (false, x0, y0, y1),
            (false, x1, y0, y1),
        ] {
            let e = walls
                .entry((horizontal, pos.to_bits()))
                .or_insert_with(|| (Vec::new(), thick(pos, horizontal)));
            e.0.push((a, b));
        }
    }
    let mut out: Vec<PixelRule> = rules.iter().filter(|r| !inside(r)).cloned().collect();
    for ((horizontal, bits), (spans, thickness)) in walls {
        let pos = f32::from_bits(bits);
        for (a, b) in merge_intervals(spans) {
            out.push(PixelRule::drawn(
                horizontal,
                pos,
                a.max(0.0).round() as usize,
                b.max(0.0).round() as usize,
                thickness,
            ));
        }
    }
    super::rules::sort_rules(&mut out);
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

    /// Walls of a table whose rules are skewed and broken (pieces a few
    /// pixels off the grid line, a gap of 40 % in one wall) come out as
    /// straight, touching rules on the grid lines; a rule outside the table
    /// is kept as it is.
    #[test]
    fn grid_rules_are_the_cells_walls() {
        let mut img = GrayImage::new(1500, 1200);
        hline(&mut img, 200, 100, 1302);
        hline(&mut img, 404, 100, 700); // skewed: 4 px lower on the left
        hline(&mut img, 400, 701, 1302);
        hline(&mut img, 600, 100, 1302);
        vline(&mut img, 100, 200, 602);
        vline(&mut img, 1300, 200, 602);
        vline(&mut img, 700, 200, 330); // broken: 330..410 missing
        vline(&mut img, 700, 410, 602);
        hline(&mut img, 1000, 400, 1100);
        let rules = find_rules(&img, &RuleParams::for_image(1500, 1200, 300.0));
        let cells = find_cells(&rules, 300.0);
        assert_eq!(cells.len(), 4, "{cells:?}");
        let walls = grid_rules(&rules, &cells);
        let h: Vec<(usize, usize, usize)> = walls
            .iter()
            .filter(|r| r.horizontal)
            .map(|r| (r.pos.round() as usize, r.a, r.b))
            .collect();
        let v: Vec<(usize, usize, usize)> = walls
            .iter()
            .filter(|r| !r.horizontal)
            .map(|r| (r.pos.round() as usize, r.a, r.b))
            .collect();
        assert_eq!(h.len(), 4, "{h:?}");
        assert_eq!(v.len(), 3, "{v:?}");
        // The middle rule: one line from the left border to the right one.
        let mid = h.iter().find(|w| w.0 > 300 && w.0 < 500).copied();
        let left = v[0].0;
        let right = v[2].0;
        assert_eq!(mid.map(|w| (w.1, w.2)), Some((left, right)), "{h:?} {v:?}");
        // The broken inner wall: one rule from the top border to the bottom.
        let (top, bottom) = (h[0].0, h[2].0);
        assert_eq!((v[1].1, v[1].2), (top, bottom), "{v:?}");
        // The underline, outside the table, as found.
        assert!(
            h.iter().any(|w| w.0 == 1001 && (w.1, w.2) == (400, 1100)),
            "{h:?}"
        );
    }

    /// s03's top rows: the table's left border faded out of the JPEG over
    /// the header and the first row; the rows' rules still end on it, in a
    /// column of corners, so the STT cells are closed. A merged cell's
    /// missing inner wall, with rules running through it, stays open.
    #[test]
    fn a_faded_outer_border_is_closed_by_its_corners() {
        let mut img = GrayImage::new(1500, 1200);
        let (x, y) = ([100, 300, 900, 1300], [200, 320, 440, 560, 700]);
        for &yy in &y {
            hline(&mut img, yy, x[0], x[3] + 2);
        }
        vline(&mut img, x[0], y[2], y[4] + 2); // faded above y[2]
        vline(&mut img, x[3], y[0], y[4] + 2);
        vline(&mut img, x[1], y[0], y[4] + 2);
        vline(&mut img, x[2], y[0], y[2] + 2); // merged in rows 2 and 3
        let rules = find_rules(&img, &RuleParams::for_image(1500, 1200, 300.0));
        let cells = find_cells(&rules, 300.0);
        let spans: Vec<(usize, usize, usize, usize)> =
            cells.iter().map(|c| (c.x0, c.y0, c.x1, c.y1)).collect();
        // Rows 0 and 1: three cells each, the STT cells included.
        for &top in &y[..2] {
            let row: Vec<_> = spans
                .iter()
                .filter(|s| s.1 > top && s.1 < top + 20)
                .collect();
            assert_eq!(row.len(), 3, "{spans:?}");
            assert!(row[0].0 < 120, "{spans:?}");
        }
        // Rows 2 and 3: the STT cell and one cell over the last two columns.
        for &top in &y[2..4] {
            let row: Vec<_> = spans
                .iter()
                .filter(|s| s.1 > top && s.1 < top + 20)
                .collect();
            assert_eq!(row.len(), 2, "{spans:?}");
            assert!(row[1].0 < 320 && row[1].2 > 1280, "{spans:?}");
        }
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
