//! Ruling lines in a scanned page image: long, thin runs of dark pixels.
//!
//! Horizontal lines are found row by row: runs of dark pixels (small gaps
//! bridged) at least `seg_min` long; runs in neighbouring rows that overlap
//! are joined into one component, so a line two or three pixels thick, or a
//! slightly skewed one that steps down a row every few hundred pixels, is one
//! component. A component is a rule when it is long, thin on average and
//! nearly straight. Vertical lines are the same search on the transposed
//! image. Text never makes runs that long, so it does not take part.

use super::image::GrayImage;

/// Tuning of the line search. Lengths in pixels are derived from the image
/// size by [`RuleParams::for_image`].
#[derive(Debug, Clone, Copy)]
pub struct RuleParams {
    /// A pixel darker than this is ink.
    pub dark: u8,
    /// Minimum length of a rule (pixels) for horizontal / vertical lines.
    pub min_len_h: usize,
    pub min_len_v: usize,
    /// Light pixels bridged inside a run.
    pub max_gap: usize,
    /// Maximum mean thickness (pixels).
    pub max_thickness: f32,
    /// Collinear pieces this close (pixels, along the line) are merged.
    pub merge_gap: usize,
}

impl RuleParams {
    /// Defaults for an image rendered at `dpi`: rules at least 3% of the
    /// page width (horizontal) or height (vertical) and at most ~0.7 mm thick.
    pub fn for_image(width: usize, height: usize, dpi: f32) -> RuleParams {
        let px = |pt: f32| (pt * dpi / 72.0).round().max(1.0);
        RuleParams {
            dark: 128,
            min_len_h: ((width as f32 * 0.03) as usize).max(px(10.0) as usize),
            min_len_v: ((height as f32 * 0.03) as usize).max(px(10.0) as usize),
            max_gap: px(0.7) as usize,
            max_thickness: px(2.0),
            merge_gap: px(3.0) as usize,
        }
    }
}

/// A ruling line found in the image, in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct PixelRule {
    pub horizontal: bool,
    /// Mean position across the line (y for horizontal, x for vertical).
    pub pos: f32,
    /// Extent along the line, inclusive (x for horizontal, y for vertical).
    pub a: usize,
    pub b: usize,
    /// Mean thickness.
    pub thickness: f32,
    /// The runs that make it up: (across, along start, along end inclusive),
    /// used to erase the line before OCR.
    runs: Vec<(usize, usize, usize)>,
}

impl PixelRule {
    /// A rule drawn at a known place rather than found in the image (no
    /// pixels to erase): see [`super::cells::grid_rules`].
    pub fn drawn(horizontal: bool, pos: f32, a: usize, b: usize, thickness: f32) -> PixelRule {
        PixelRule {
            horizontal,
            pos,
            a,
            b: b.max(a),
            thickness,
            runs: Vec::new(),
        }
    }

    /// Where the line runs across at `along`: from a least-squares fit of
    /// its runs (a skewed scan's rule drifts a few pixels from one end to
    /// the other); its mean position when it has no runs.
    fn across_at(&self, along: f32) -> f32 {
        let (mut sw, mut su, mut sc, mut suu, mut suc) = (0f64, 0f64, 0f64, 0f64, 0f64);
        for &(c, a, b) in &self.runs {
            let w = (b + 1 - a) as f64;
            let u = (a + b) as f64 / 2.0;
            sw += w;
            su += w * u;
            sc += w * c as f64;
            suu += w * u * u;
            suc += w * u * c as f64;
        }
        if sw == 0.0 {
            return self.pos;
        }
        let var = suu / sw - (su / sw).powi(2);
        if var < 1.0 {
            return (sc / sw) as f32;
        }
        let slope = (suc / sw - su / sw * sc / sw) / var;
        let c = sc / sw + slope * (along as f64 - su / sw);
        c as f32
    }

    /// Length along the line, in pixels.
    pub fn length(&self) -> usize {
        self.b - self.a + 1
    }
}

/// A binary image stored along the search direction: `rows` of `len` cells.
struct Mask {
    rows: usize,
    len: usize,
    ink: Vec<bool>,
}

fn mask(img: &GrayImage, dark: u8, transpose: bool) -> Mask {
    let (w, h) = (img.width, img.height);
    if !transpose {
        Mask {
            rows: h,
            len: w,
            ink: img.pixels.iter().map(|&p| p < dark).collect(),
        }
    } else {
        let mut ink = vec![false; w * h];
        for y in 0..h {
            let row = &img.pixels[y * w..(y + 1) * w];
            for (x, &p) in row.iter().enumerate() {
                ink[x * h + y] = p < dark;
            }
        }
        Mask {
            rows: w,
            len: h,
            ink,
        }
    }
}

fn find_parent(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Line components along the rows of `m`.
fn find_lines(m: &Mask, min_len: usize, p: &RuleParams, horizontal: bool) -> Vec<PixelRule> {
    let seg_min = (min_len / 3).max(8);
    // Runs per row: (row, start, end inclusive); row_start[r] indexes runs.
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    let mut row_start = Vec::with_capacity(m.rows + 1);
    for r in 0..m.rows {
        row_start.push(runs.len());
        let row = &m.ink[r * m.len..(r + 1) * m.len];
        let mut start: Option<usize> = None;
        let mut last = 0usize;
        for (i, &on) in row.iter().enumerate() {
            if !on {
                continue;
            }
            match start {
                Some(s) if i - last - 1 > p.max_gap => {
                    if last + 1 - s >= seg_min {
                        runs.push((r, s, last));
                    }
                    start = Some(i);
                }
                None => start = Some(i),
                _ => {}
            }
            last = i;
        }
        if let Some(s) = start {
            if last + 1 - s >= seg_min {
                runs.push((r, s, last));
            }
        }
    }
    row_start.push(runs.len());
    // Join overlapping runs of neighbouring rows.
    let mut parent: Vec<usize> = (0..runs.len()).collect();
    for r in 1..m.rows {
        let (prev, cur) = (
            row_start[r - 1]..row_start[r],
            row_start[r]..row_start[r + 1],
        );
        let mut j = prev.start;
        for i in cur {
            let (_, a, b) = runs[i];
            while j < prev.end && runs[j].2 + p.max_gap < a {
                j += 1;
            }
            let mut k = j;
            while k < prev.end && runs[k].1 <= b + p.max_gap {
                let (ri, rk) = (find_parent(&mut parent, i), find_parent(&mut parent, k));
                if ri != rk {
                    parent[ri] = rk;
                }
                k += 1;
            }
        }
    }
    let mut comps: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..runs.len() {
        let root = find_parent(&mut parent, i);
        comps.entry(root).or_default().push(i);
    }
    let mut out = Vec::new();
    for members in comps.into_values() {
        let a = members.iter().map(|&i| runs[i].1).min().unwrap_or(0);
        let b = members.iter().map(|&i| runs[i].2).max().unwrap_or(0);
        let len = b + 1 - a;
        if len < min_len {
            continue;
        }
        let r0 = members.iter().map(|&i| runs[i].0).min().unwrap_or(0);
        let r1 = members.iter().map(|&i| runs[i].0).max().unwrap_or(0);
        let (mut ink, mut moment) = (0f64, 0f64);
        for &i in &members {
            let (r, s, e) = runs[i];
            let n = (e + 1 - s) as f64;
            ink += n;
            moment += n * r as f64;
        }
        let thickness = (ink / len as f64) as f32;
        let extent = (r1 + 1 - r0) as f32;
        // Thin on average, and straight: a skew of up to ~3° is tolerated.
        if thickness > p.max_thickness || extent > thickness * 2.0 + 2.0 + len as f32 * 0.05 {
            continue;
        }
        out.push(PixelRule {
            horizontal,
            pos: (moment / ink) as f32,
            a,
            b,
            thickness,
            runs: members.iter().map(|&i| runs[i]).collect(),
        });
    }
    merge_collinear(out, p)
}

/// Merges pieces of one broken line (same position, small gap between).
fn merge_collinear(mut v: Vec<PixelRule>, p: &RuleParams) -> Vec<PixelRule> {
    v.sort_by(|x, y| x.pos.total_cmp(&y.pos).then(x.a.cmp(&y.a)));
    let mut out: Vec<PixelRule> = Vec::new();
    for r in v {
        let tol = p.max_thickness.max(3.0);
        if let Some(m) = out.iter_mut().rev().take(8).find(|m| {
            (m.pos - r.pos).abs() <= tol && r.a <= m.b + p.merge_gap && m.a <= r.b + p.merge_gap
        }) {
            let (l1, l2) = (m.length() as f32, r.length() as f32);
            m.pos = (m.pos * l1 + r.pos * l2) / (l1 + l2);
            m.thickness = (m.thickness * l1 + r.thickness * l2) / (l1 + l2);
            m.a = m.a.min(r.a);
            m.b = m.b.max(r.b);
            m.runs.extend(r.runs);
        } else {
            out.push(r);
        }
    }
    out.sort_by(|x, y| x.pos.total_cmp(&y.pos).then(x.a.cmp(&y.a)));
    out
}

/// Horizontal and vertical ruling lines of the image.
pub fn find_rules(img: &GrayImage, p: &RuleParams) -> Vec<PixelRule> {
    let mut out = find_lines(&mask(img, p.dark, false), p.min_len_h, p, true);
    out.extend(find_lines(&mask(img, p.dark, true), p.min_len_v, p, false));
    drop_underscores(bridge_faint(img, out, p), p)
}

/// Leaves out the short lines that touch no rule across them at either
/// end: the underscores of field names (`giam_dinh`, `t_kham`: a line of
/// 20–25 pt under the text of a cell, s06), which as walls cut their row
/// in two and, erased as rules, leave the name read with a space. A wall
/// of a table meets the rules across it; a short piece of a broken one has
/// been joined to the rest by [`bridge_faint`].
fn drop_underscores(rules: Vec<PixelRule>, p: &RuleParams) -> Vec<PixelRule> {
    let px_per_pt = p.merge_gap as f32 / 3.0;
    let (short, tol) = (32.0 * px_per_pt, 3.0 * px_per_pt);
    let meets = |r: &PixelRule, end: usize| {
        rules.iter().any(|c| {
            c.horizontal != r.horizontal
                && (c.pos - end as f32).abs() <= tol
                && c.a as f32 - tol <= r.pos
                && r.pos <= c.b as f32 + tol
        })
    };
    let keep: Vec<bool> = rules
        .iter()
        .map(|r| r.length() as f32 >= short || meets(r, r.a) || meets(r, r.b))
        .collect();
    rules
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

/// The skew of a page from its long rules: the median slope (pixels down
/// per pixel right) of the horizontal rules and, turned, of the vertical
/// ones, each fitted to its runs, weighted by length; rules shorter than a
/// quarter of the page's width or height do not count. `None` without
/// such rules.
pub fn page_skew(rules: &[PixelRule], width: usize, height: usize) -> Option<f32> {
    let mut slopes: Vec<(f32, usize)> = Vec::new();
    for r in rules {
        let (len, span) = (r.length(), if r.horizontal { width } else { height });
        if len * 4 < span || r.runs.is_empty() {
            continue;
        }
        let (a, b) = (r.a as f32, r.b as f32);
        let s = (r.across_at(b) - r.across_at(a)) / (b - a).max(1.0);
        // A vertical rule leans the other way: x = x0 - slope·y.
        slopes.push((if r.horizontal { s } else { -s }, len));
    }
    if slopes.is_empty() {
        return None;
    }
    slopes.sort_by(|x, y| x.0.total_cmp(&y.0));
    let half = slopes.iter().map(|s| s.1).sum::<usize>() / 2;
    let mut acc = 0;
    slopes.iter().find_map(|&(s, n)| {
        acc += n;
        (acc > half).then_some(s)
    })
}

/// The paper's grey level: the median pixel (most of a page is paper).
fn paper_level(img: &GrayImage) -> u8 {
    let mut hist = [0usize; 256];
    for &v in img.pixels.iter().step_by(3) {
        hist[v as usize] += 1;
    }
    let half = hist.iter().sum::<usize>() / 2;
    let mut acc = 0;
    for (v, &n) in hist.iter().enumerate() {
        acc += n;
        if acc > half {
            return v as u8;
        }
    }
    255
}

/// Evidence of faint rules in an image: whether a stretch of pixels is a
/// line a little darker than the paper with paper on both sides of it.
struct FaintLine<'a> {
    img: &'a GrayImage,
    /// Anything darker than this is ink for certain.
    faint: u8,
    /// How far beside the line the paper is looked for (pixels).
    side: usize,
}

impl FaintLine<'_> {
    fn at(&self, horizontal: bool, along: usize, across: usize) -> Option<u8> {
        let (x, y) = if horizontal {
            (along, across)
        } else {
            (across, along)
        };
        (x < self.img.width && y < self.img.height).then(|| self.img.get(x, y))
    }

    /// Whether the stretch `u0..u1` along a line, running across from `p0`
    /// to `p1` (a skewed line drifts), is a faint line on at least 70 % of
    /// its length.
    fn stretch(
        &self,
        horizontal: bool,
        u0: usize,
        u1: usize,
        p0: f32,
        p1: f32,
        half: usize,
    ) -> bool {
        if u1 <= u0 {
            return true;
        }
        let side = half + self.side;
        let mut hits = 0usize;
        for u in u0..u1 {
            let t = (u - u0) as f32 / (u1 - u0) as f32;
            let c = (p0 + (p1 - p0) * t).round().max(0.0) as usize;
            let on = (c.saturating_sub(half)..=c + half)
                .filter_map(|k| self.at(horizontal, u, k))
                .min();
            let sides: Vec<u8> = [c.checked_sub(side), Some(c + side)]
                .into_iter()
                .filter_map(|k| k.and_then(|k| self.at(horizontal, u, k)))
                .collect();
            let beside = sides.iter().copied().min().unwrap_or(u8::MAX);
            // Paper beside it, and the line darker, however slightly.
            let line = beside >= self.faint && on.is_some_and(|g| g.saturating_add(3) < beside);
            hits += usize::from(line);
        }
        hits * 10 >= (u1 - u0) * 7
    }
}

/// Completes rules broken where their ink fades. A low-resolution or JPEG
/// scan keeps a thin rule as pixels only a little darker than the paper
/// (250 on 255), which the ink threshold drops for stretches of a hundred
/// pixels or more; the pieces left are too short, or too far apart, to
/// close the table's cells. Two collinear pieces are joined, and a piece
/// is extended to the next rule across its path, when the stretch between
/// is a faint line (see [`FaintLine::stretch`]): text crossing the path
/// has ink beside it, and a merged cell's missing wall has none on it.
fn bridge_faint(img: &GrayImage, mut v: Vec<PixelRule>, p: &RuleParams) -> Vec<PixelRule> {
    let px_per_pt = p.merge_gap as f32 / 3.0;
    let evidence = FaintLine {
        img,
        faint: paper_level(img).saturating_sub(8).max(p.dark),
        side: (1.5 * px_per_pt).ceil() as usize,
    };
    let max_gap = img.width.max(img.height) / 3;
    let tol = p.max_thickness.max(3.0) * 1.5;
    let half = |r: &PixelRule| (r.thickness / 2.0).ceil() as usize + 2;
    let reach = tol.ceil() as usize;
    // Pieces in order along their lines, so each is tried against the
    // last piece before it on its line.
    v.sort_by(|x, y| {
        (x.horizontal, x.a)
            .cmp(&(y.horizontal, y.a))
            .then(x.pos.total_cmp(&y.pos))
    });
    let mut out: Vec<PixelRule> = Vec::with_capacity(v.len());
    for r in v {
        let joined = out.iter_mut().rev().find(|m| {
            m.horizontal == r.horizontal
                && (m.pos - r.pos).abs() <= tol
                && r.a > m.b
                && r.a - m.b <= max_gap
        });
        match joined {
            Some(m)
                if evidence.stretch(
                    m.horizontal,
                    m.b + 1,
                    r.a,
                    m.pos,
                    r.pos,
                    half(m).max(half(&r)),
                ) =>
            {
                let (l1, l2) = (m.length() as f32, r.length() as f32);
                m.pos = (m.pos * l1 + r.pos * l2) / (l1 + l2);
                m.thickness = (m.thickness * l1 + r.thickness * l2) / (l1 + l2);
                m.b = m.b.max(r.b);
                m.runs.extend(r.runs);
            }
            _ => out.push(r),
        }
    }
    // Ends: on to the next rule across the path while the stretch up to it
    // is faintly inked (a header rule, then the table's top border), the
    // line followed as fitted or straight on its mean.
    // Twice: a rule extended in the first pass (a border faint near the
    // table's top) is a crossing for the rules along it in the second.
    for _ in 0..2 {
        let crossings: Vec<(bool, f32, usize, usize)> = out
            .iter()
            .map(|r| (r.horizontal, r.pos, r.a, r.b))
            .collect();
        for r in &mut out {
            let mut across: Vec<f32> = crossings
                .iter()
                .filter(|&&(h, _, a, b)| {
                    h != r.horizontal && a as f32 <= r.pos + tol && b as f32 + tol >= r.pos
                })
                .map(|c| c.1.max(0.0))
                .collect();
            across.sort_by(f32::total_cmp);
            let h = half(r);
            let (a0, b0) = (r.a as f32, r.b as f32);
            for &q in across.iter().rev().filter(|&&q| q < a0 - 1.0) {
                let q = q as usize;
                let (p0, p1) = (r.across_at(q as f32), r.across_at(r.a as f32));
                // A piece ending within a rule's width of the crossing rule
                // meets it (beside the crossing there is no paper to compare).
                let inked = r.a - q <= reach
                    || evidence.stretch(r.horizontal, q, r.a, p0, p1, h)
                    || evidence.stretch(r.horizontal, q, r.a, r.pos, r.pos, h);
                if r.a - q > max_gap || !inked {
                    break;
                }
                r.a = q;
            }
            for &q in across.iter().filter(|&&q| q > b0 + 1.0) {
                let q = q as usize;
                let (p0, p1) = (r.across_at(r.b as f32), r.across_at(q as f32));
                let inked = q - r.b <= reach
                    || evidence.stretch(r.horizontal, r.b + 1, q, p0, p1, h)
                    || evidence.stretch(r.horizontal, r.b + 1, q, r.pos, r.pos, h);
                if q - r.b > max_gap || !inked {
                    break;
                }
                r.b = q;
            }
        }
    }
    sort_rules(&mut out);
    out
}

/// Rules in the order the OCR stage hands them on: horizontal ones first,
/// each kind by position across, then along.
pub fn sort_rules(v: &mut [PixelRule]) {
    v.sort_by(|x, y| {
        (!x.horizontal, x.pos)
            .partial_cmp(&(!y.horizontal, y.pos))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(x.a.cmp(&y.a))
    });
}

/// Paints the rules white (one pixel wider on each side), so that OCR does
/// not read table borders as `|` or `_` and sees each cell's text alone.
pub fn erase_rules(img: &mut GrayImage, rules: &[PixelRule]) {
    for r in rules {
        for &(across, s, e) in &r.runs {
            // A margin of 2 px: no stroke of a rule's soft edge remains.
            for c in across.saturating_sub(2)..=across + 2 {
                for along in s..=e {
                    let (x, y) = if r.horizontal { (along, c) } else { (c, along) };
                    if x < img.width && y < img.height {
                        img.set(x, y, 255);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> RuleParams {
        RuleParams {
            dark: 128,
            min_len_h: 50,
            min_len_v: 50,
            max_gap: 2,
            max_thickness: 6.0,
            merge_gap: 10,
        }
    }

    fn hline(img: &mut GrayImage, y: usize, x0: usize, x1: usize, t: usize) {
        for yy in y..y + t {
            for x in x0..=x1 {
                img.set(x, yy, 0);
            }
        }
    }

    fn vline(img: &mut GrayImage, x: usize, y0: usize, y1: usize, t: usize) {
        for xx in x..x + t {
            for y in y0..=y1 {
                img.set(xx, y, 0);
            }
        }
    }

    /// A 3×2 grid, with a box of "text" and a thick blob that are not rules.
    #[test]
    fn finds_grid_lines() {
        let mut img = GrayImage::new(300, 200);
        for y in [20, 80, 150] {
            hline(&mut img, y, 10, 290, 3);
        }
        for x in [10, 100, 200, 288] {
            vline(&mut img, x, 20, 152, 2);
        }
        // Text-like marks: short strokes.
        hline(&mut img, 40, 20, 40, 2);
        vline(&mut img, 50, 30, 60, 3);
        // A solid block: long but thick.
        hline(&mut img, 170, 10, 290, 20);
        let rules = find_rules(&img, &params());
        let h: Vec<_> = rules.iter().filter(|r| r.horizontal).collect();
        let v: Vec<_> = rules.iter().filter(|r| !r.horizontal).collect();
        assert_eq!(h.len(), 3, "{h:?}");
        assert_eq!(v.len(), 4, "{v:?}");
        assert!((h[0].pos - 21.0).abs() < 0.01);
        assert_eq!((h[0].a, h[0].b), (10, 290));
        assert!((h[0].thickness - 3.0).abs() < 0.01);
        assert!((v[1].pos - 100.5).abs() < 0.01);
        assert_eq!((v[1].a, v[1].b), (20, 152));
    }

    #[test]
    fn bridges_gaps_and_follows_skew() {
        let mut img = GrayImage::new(400, 100);
        // A dashed-by-dropout line with 2-pixel holes.
        for x in 10..390 {
            if x % 30 != 0 && x % 30 != 1 {
                img.set(x, 20, 0);
                img.set(x, 21, 0);
            }
        }
        // A skewed line: steps down one row every 100 px, 2 px thick.
        for x in 0..400 {
            let y = 60 + x / 100;
            img.set(x, y, 0);
            img.set(x, y + 1, 0);
        }
        // A broken line: two pieces 8 px apart are one rule.
        hline(&mut img, 90, 10, 150, 1);
        hline(&mut img, 90, 159, 300, 1);
        let rules = find_rules(&img, &params());
        assert_eq!(rules.len(), 3, "{rules:?}");
        assert!(rules.iter().all(|r| r.horizontal));
        assert_eq!((rules[0].a, rules[0].b), (10, 389));
        assert_eq!((rules[1].a, rules[1].b), (0, 399));
        assert!((rules[1].pos - 62.0).abs() < 0.6, "{}", rules[1].pos);
        assert_eq!((rules[2].a, rules[2].b), (10, 300));
    }

    /// A scan's thin rule that fades to 249 on white paper for long
    /// stretches is one rule from end to end; a gap with nothing on it (a
    /// merged cell's missing wall) or with text across it stays a gap.
    #[test]
    fn faint_stretches_join_a_rule_and_empty_gaps_do_not() {
        let mut img = GrayImage::new(1200, 400);
        let faint = |img: &mut GrayImage, y: usize, x0: usize, x1: usize| {
            for x in x0..x1 {
                img.set(x, y, 249);
                img.set(x, y + 1, 249);
            }
        };
        // Line 1: dark pieces with faint stretches between and at its end.
        hline(&mut img, 50, 100, 400, 2);
        faint(&mut img, 50, 401, 600);
        hline(&mut img, 50, 601, 900, 2);
        faint(&mut img, 50, 901, 1000);
        // Line 2: the same pieces with a white gap between.
        hline(&mut img, 150, 100, 400, 2);
        hline(&mut img, 150, 601, 900, 2);
        // Line 3: a gap crossed by text (ink above and below the path).
        hline(&mut img, 250, 100, 400, 2);
        hline(&mut img, 250, 601, 900, 2);
        for x in (410..590).step_by(6) {
            vline(&mut img, x, 236, 262, 3);
        }
        // A vertical rule crossing line 1's end at x = 1000.
        vline(&mut img, 1000, 20, 380, 2);
        let mut p = params();
        p.merge_gap = 12;
        let rules = find_rules(&img, &p);
        let at = |y: f32| -> Vec<(usize, usize)> {
            rules
                .iter()
                .filter(|r| r.horizontal && (r.pos - y).abs() < 3.0)
                .map(|r| (r.a, r.b))
                .collect()
        };
        assert_eq!(at(50.5), vec![(100, 1000)], "{rules:?}");
        assert_eq!(at(150.5), vec![(100, 400), (601, 900)], "{rules:?}");
        assert_eq!(at(250.5), vec![(100, 400), (601, 900)], "{rules:?}");
    }

    /// s03's last row: a vertical rule found down to a pixel short of a
    /// row's rule goes on past it through the faint wall of the row below
    /// (beside the crossing there is no paper to show a faint line).
    #[test]
    fn a_rule_ending_at_a_crossing_goes_on_through_a_faint_stretch() {
        let mut img = GrayImage::new(600, 1000);
        hline(&mut img, 100, 50, 550, 3);
        hline(&mut img, 600, 50, 550, 3);
        hline(&mut img, 900, 50, 550, 3);
        vline(&mut img, 300, 100, 594, 3); // 4 px short of the crossing
        for y in 604..900 {
            for x in 300..303 {
                img.set(x, y, 246);
            }
        }
        let rules = find_rules(&img, &params());
        let v: Vec<(usize, usize)> = rules
            .iter()
            .filter(|r| !r.horizontal && (r.pos - 301.0).abs() < 3.0)
            .map(|r| (r.a, r.b))
            .collect();
        assert_eq!(v.len(), 1, "{rules:?}");
        assert!(v[0].0 <= 102 && v[0].1 >= 899, "{v:?}");
    }

    /// s08: the rule under the header reaches the table's left border only
    /// across its STT cell, where it is faint; the border itself is faint
    /// over the header. Extended first, the border is then the crossing that
    /// the header rule reaches.
    #[test]
    fn a_rule_reaches_a_border_that_was_extended_first() {
        let mut img = GrayImage::new(1200, 1000);
        let faint_h = |img: &mut GrayImage, y: usize, x0: usize, x1: usize| {
            for x in x0..x1 {
                for yy in y..y + 3 {
                    img.set(x, yy, 200);
                }
            }
        };
        let faint_v = |img: &mut GrayImage, x: usize, y0: usize, y1: usize| {
            for y in y0..y1 {
                for xx in x..x + 3 {
                    img.set(xx, y, 200);
                }
            }
        };
        hline(&mut img, 100, 100, 1100, 3);
        hline(&mut img, 900, 100, 1100, 3);
        hline(&mut img, 200, 300, 1100, 3);
        faint_h(&mut img, 200, 103, 300);
        vline(&mut img, 100, 300, 902, 3);
        faint_v(&mut img, 100, 103, 300);
        vline(&mut img, 300, 100, 902, 3);
        vline(&mut img, 1100, 100, 902, 3);
        let rules = find_rules(&img, &params());
        let header: Vec<(usize, usize)> = rules
            .iter()
            .filter(|r| r.horizontal && (r.pos - 201.0).abs() < 3.0)
            .map(|r| (r.a, r.b))
            .collect();
        assert_eq!(header.len(), 1, "{rules:?}");
        assert!(header[0].0 <= 103, "{header:?}");
    }

    /// s06: the underscore of `giam_dinh` in a cell (a 100 px line at
    /// 300 dpi touching no rule) is no rule; a short wall of a narrow STT
    /// cell, meeting the rules at its ends, is.
    #[test]
    fn underscores_are_no_rules() {
        let mut img = GrayImage::new(1200, 800);
        hline(&mut img, 100, 100, 1100, 3);
        hline(&mut img, 400, 100, 1100, 3);
        vline(&mut img, 100, 100, 402, 3);
        vline(&mut img, 200, 100, 402, 3);
        vline(&mut img, 1100, 100, 402, 3);
        hline(&mut img, 250, 100, 200, 3); // the STT cell's wall
        hline(&mut img, 300, 400, 500, 3); // `giam_dinh`
        let rules = find_rules(&img, &params());
        let h: Vec<(usize, usize, usize)> = rules
            .iter()
            .filter(|r| r.horizontal)
            .map(|r| (r.pos.round() as usize, r.a, r.b))
            .collect();
        assert_eq!(h.len(), 3, "{h:?}");
        assert!(h.iter().any(|r| r.0 == 251), "{h:?}");
        assert!(!h.iter().any(|r| r.0 == 301), "{h:?}");
    }

    #[test]
    fn erasing_whitens_the_rules_only() {
        let mut img = GrayImage::new(120, 60);
        hline(&mut img, 30, 0, 119, 2);
        img.set(5, 10, 0);
        let rules = find_rules(&img, &params());
        assert_eq!(rules.len(), 1);
        erase_rules(&mut img, &rules);
        assert!(img.pixels.iter().filter(|&&p| p < 128).count() == 1);
        assert_eq!(img.get(5, 10), 0);
    }
}
