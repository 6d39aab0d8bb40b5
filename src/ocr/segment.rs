//! Text lines of a table cell image, found by its horizontal ink profile.
//!
//! Tesseract reading a multi-line cell as one block (`--psm 6`) sometimes
//! takes two stacked lines for one and interleaves their letters
//! (`3T/h2á0n2g2` for `Tháng` over `3/2022`). So a cell is cut into its
//! text lines first, each read on its own as one line (`--psm 7`): rows of
//! the cell with ink form bands; a thin band (a row of tone marks above
//! capitals, a stray dot) joins the nearer neighbour; a band much taller than
//! a line of the page's text (two lines touching on a skewed page) is cut at
//! its faintest row.
//!
//! Everything here is pure: images in, pixel rows out.

use super::image::GrayImage;

/// A band of rows `y0..y1` (exclusive end) of a cell image, holding one text
/// line, and its ink (dark pixels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub y0: usize,
    pub y1: usize,
    pub ink: usize,
}

impl Band {
    pub fn height(&self) -> usize {
        self.y1 - self.y0
    }
}

/// Dark pixels per row of the image (`< dark`).
pub fn row_profile(img: &GrayImage, dark: u8) -> Vec<usize> {
    (0..img.height)
        .map(|y| {
            img.pixels[y * img.width..(y + 1) * img.width]
                .iter()
                .filter(|&&p| p < dark)
                .count()
        })
        .collect()
}

/// Whitens the traces of erased ruling lines along the edges of a cell
/// image: within `margin` pixels of a side, a column (or row) that is dark
/// over more than half the cell's height (width) is a rule's remnant, not
/// text. Returns how many columns and rows were whitened.
pub fn clean_edges(img: &mut GrayImage, dark: u8, margin: usize) -> usize {
    let (w, h) = (img.width, img.height);
    if w == 0 || h == 0 {
        return 0;
    }
    let mut n = 0;
    let m = margin.min(w / 4);
    let cols: Vec<usize> = (0..m).chain(w.saturating_sub(m)..w).collect();
    for x in cols {
        let ink = (0..h).filter(|&y| img.get(x, y) < dark).count();
        if ink * 2 > h {
            for y in 0..h {
                img.set(x, y, 255);
            }
            n += 1;
        }
    }
    let m = margin.min(h / 4);
    let rows: Vec<usize> = (0..m).chain(h.saturating_sub(m)..h).collect();
    for y in rows {
        let ink = (0..w).filter(|&x| img.get(x, y) < dark).count();
        if ink * 2 > w {
            img.pixels[y * w..(y + 1) * w].fill(255);
            n += 1;
        }
    }
    n
}

/// Whitens what is left of ruling lines inside a cell image: in any row, a
/// stretch of ink (gaps of up to 2 px bridged) at least `min_h` long, and
/// in any column a stretch at least `min_v` long. Letters never make such
/// long straight strokes; the thin remnants of an erased rule (a rule
/// drawn a pixel off, a doubled border) do, and would otherwise join the
/// text line next to them. Returns the length of the stretches whitened.
pub fn erase_long_runs(img: &mut GrayImage, dark: u8, min_h: usize, min_v: usize) -> usize {
    let (w, h) = (img.width, img.height);
    let mut n = 0;
    let runs = |len: usize, at: &dyn Fn(usize) -> bool| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < len {
            if !at(i) {
                i += 1;
                continue;
            }
            let s = i;
            let mut e = i;
            while i < len {
                if at(i) {
                    e = i;
                    i += 1;
                } else if i + 2 < len && (at(i + 1) || at(i + 2)) {
                    i += 1;
                } else {
                    break;
                }
            }
            out.push((s, e + 1));
            i = e + 1;
        }
        out
    };
    if min_h > 0 {
        for y in 0..h {
            let row = &img.pixels[y * w..(y + 1) * w];
            let found = runs(w, &|x| row[x] < dark);
            for (s, e) in found.into_iter().filter(|(s, e)| e - s >= min_h) {
                img.pixels[y * w + s..y * w + e].fill(255);
                n += e - s;
            }
        }
    }
    if min_v > 0 {
        for x in 0..w {
            let found = {
                let px = &img.pixels;
                runs(h, &|y| px[y * w + x] < dark)
            };
            for (s, e) in found.into_iter().filter(|(s, e)| e - s >= min_v) {
                for y in s..e {
                    img.pixels[y * w + x] = 255;
                }
                n += e - s;
            }
        }
    }
    n
}

/// The raw bands of a profile: maximal runs of rows with at least `min_ink`
/// dark pixels, where a run of up to `bridge` faint rows inside does not
/// break a band.
pub fn raw_bands(profile: &[usize], min_ink: usize, bridge: usize) -> Vec<Band> {
    let mut out: Vec<Band> = Vec::new();
    let mut y = 0;
    while y < profile.len() {
        if profile[y] < min_ink {
            y += 1;
            continue;
        }
        let y0 = y;
        let mut end = y;
        let mut ink = 0;
        while y < profile.len() {
            if profile[y] >= min_ink {
                end = y + 1;
                y += 1;
                continue;
            }
            // A short faint stretch followed by ink continues the band.
            let next = (y..profile.len().min(y + bridge + 1)).find(|&k| profile[k] >= min_ink);
            match next {
                Some(k) => y = k,
                None => break,
            }
        }
        for p in &profile[y0..end] {
            ink += p;
        }
        out.push(Band { y0, y1: end, ink });
        y = end;
    }
    out
}

/// The text lines of one cell, from its raw bands, given the page's usual
/// line height `typical` (pixels): thin bands join the nearer neighbour (the
/// one below when as near: tone marks sit above their letters), isolated
/// specks are dropped, and bands taller than 1.7 lines are cut at their
/// faintest rows.
pub fn lines_of(profile: &[usize], bands: &[Band], typical: f32) -> Vec<Band> {
    let typical = typical.max(4.0);
    let mut b: Vec<Band> = bands.to_vec();
    // Thin bands, thinnest first, until none is left.
    loop {
        let thin = b
            .iter()
            .enumerate()
            .filter(|(_, x)| (x.height() as f32) < 0.45 * typical)
            .min_by_key(|(i, x)| (x.height(), *i))
            .map(|(i, _)| i);
        let Some(i) = thin else { break };
        if b.len() == 1 {
            break;
        }
        let gap_up = (i > 0).then(|| b[i].y0 - b[i - 1].y1);
        let gap_down = b.get(i + 1).map(|n| n.y0 - b[i].y1);
        let far = |g: Option<usize>| g.is_none_or(|g| g as f32 > 0.6 * typical);
        let speck = (b[i].ink as f32) < 0.5 * typical;
        if speck && far(gap_up) && far(gap_down) {
            b.remove(i);
            continue;
        }
        let into = match (gap_up, gap_down) {
            (Some(u), Some(d)) if u < d => i - 1,
            (Some(_), Some(_)) | (None, Some(_)) => i + 1,
            (Some(_), None) => i - 1,
            (None, None) => break,
        };
        let (lo, hi) = (i.min(into), i.max(into));
        let merged = Band {
            y0: b[lo].y0,
            y1: b[hi].y1,
            ink: b[lo].ink + b[hi].ink,
        };
        b[lo] = merged;
        b.remove(hi);
    }
    let mut out = Vec::new();
    for band in b {
        split_tall(profile, band, typical, &mut out);
    }
    out
}

fn split_tall(profile: &[usize], band: Band, typical: f32, out: &mut Vec<Band>) {
    if (band.height() as f32) <= 1.7 * typical {
        out.push(band);
        return;
    }
    let lo = band.y0 + (0.6 * typical) as usize;
    let hi = band.y1.saturating_sub((0.6 * typical) as usize);
    let want = band.y0 as f32 + typical;
    let cut = (lo..hi.max(lo)).min_by(|&a, &b| {
        let ka = (
            profile.get(a).copied().unwrap_or(0),
            (a as f32 - want).abs(),
        );
        let kb = (
            profile.get(b).copied().unwrap_or(0),
            (b as f32 - want).abs(),
        );
        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
    });
    let Some(cut) = cut.filter(|&c| c > band.y0 && c < band.y1) else {
        out.push(band);
        return;
    };
    let ink = |a: usize, b: usize| profile.get(a..b).map_or(0, |s| s.iter().sum());
    split_tall(
        profile,
        Band {
            y0: band.y0,
            y1: cut,
            ink: ink(band.y0, cut),
        },
        typical,
        out,
    );
    split_tall(
        profile,
        Band {
            y0: cut,
            y1: band.y1,
            ink: ink(cut, band.y1),
        },
        typical,
        out,
    );
}

/// The median height of the bands at least `min_h` high: the usual height of
/// a text line.
pub fn typical_height(bands: &[Band], min_h: usize) -> Option<f32> {
    let mut h: Vec<usize> = bands
        .iter()
        .map(Band::height)
        .filter(|&h| h >= min_h)
        .collect();
    if h.is_empty() {
        return None;
    }
    h.sort_unstable();
    Some(h[h.len() / 2] as f32)
}

/// The dark pixels of an image as `(x, y)`, at most about `max` of them
/// (every k-th, in row order).
pub fn ink_points(img: &GrayImage, dark: u8, max: usize) -> Vec<(i32, i32)> {
    let n = img.ink(dark);
    let step = n.div_ceil(max.max(1)).max(1);
    let mut out = Vec::with_capacity(n / step + 1);
    let mut k = 0usize;
    for y in 0..img.height {
        for x in 0..img.width {
            if img.get(x, y) < dark {
                if k.is_multiple_of(step) {
                    out.push((x as i32, y as i32));
                }
                k += 1;
            }
        }
    }
    out
}

/// The skew of text lines (slope, pixels down per pixel right) that makes
/// the row profiles of the given point sets sharpest: for each candidate
/// slope in `-max..=max` (`steps` each side), every point is moved up by
/// `slope · x` and the squared row counts are summed over all sets (lines
/// of text stand out as high narrow peaks when level). Ties go to the
/// flattest slope.
pub fn text_skew(sets: &[Vec<(i32, i32)>], max: f32, steps: u32) -> f32 {
    let mut best = (0u64, 0.0f32);
    let steps = steps.max(1) as i32;
    for k in 0..=2 * steps {
        // 0, -1, 1, -2, 2, ...: the flattest first.
        let j = if k % 2 == 0 { k / 2 } else { -(k + 1) / 2 };
        let slope = max * j as f32 / steps as f32;
        let mut score = 0u64;
        let mut hist: Vec<u64> = Vec::new();
        for pts in sets {
            hist.clear();
            let shift = |x: i32| (slope * x as f32).round() as i32;
            let lo = pts.iter().map(|&(x, y)| y - shift(x)).min().unwrap_or(0);
            for &(x, y) in pts {
                let r = (y - shift(x) - lo) as usize;
                if r >= hist.len() {
                    hist.resize(r + 1, 0);
                }
                hist[r] += 1;
            }
            score += hist.iter().map(|c| c * c).sum::<u64>();
        }
        if score > best.0 {
            best = (score, slope);
        }
    }
    best.1
}

/// The image sheared so that lines of slope `slope` become level: column
/// `x` moves up by `slope · x` (the image grows by the largest shift).
pub fn unskew(img: &GrayImage, slope: f32) -> GrayImage {
    let shift = |x: usize| (slope * x as f32).round() as i64;
    let shifts: Vec<i64> = (0..img.width).map(shift).collect();
    let lo = shifts.iter().copied().min().unwrap_or(0);
    let hi = shifts.iter().copied().max().unwrap_or(0);
    let mut out = GrayImage::new(img.width, img.height + (hi - lo) as usize);
    for (x, &s) in shifts.iter().enumerate() {
        let dy = hi - s; // >= 0
        for y in 0..img.height {
            let v = img.get(x, y);
            if v < 255 {
                out.set(x, (y as i64 + dy) as usize, v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(rows: &[(usize, usize, usize)], len: usize) -> Vec<usize> {
        let mut p = vec![0; len];
        for &(a, b, v) in rows {
            for x in &mut p[a..b] {
                *x = v;
            }
        }
        p
    }

    #[test]
    fn two_lines_with_tone_marks_above() {
        // Marks at 10..14, letters 16..40; a second line 50..76.
        let p = profile(&[(10, 14, 20), (16, 40, 200), (50, 76, 180)], 90);
        let raw = raw_bands(&p, 2, 1);
        assert_eq!(raw.len(), 3);
        let lines = lines_of(&p, &raw, 26.0);
        let spans: Vec<(usize, usize)> = lines.iter().map(|b| (b.y0, b.y1)).collect();
        assert_eq!(spans, vec![(10, 40), (50, 76)]);
    }

    #[test]
    fn touching_lines_are_cut_at_the_faintest_row() {
        // Two 26-row lines touching over rows 24..28 (faint, 3 px).
        let p = profile(&[(0, 24, 150), (24, 28, 3), (28, 54, 160)], 60);
        let raw = raw_bands(&p, 2, 1);
        assert_eq!(raw.len(), 1);
        let lines = lines_of(&p, &raw, 26.0);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!((24..=28).contains(&lines[0].y1), "{lines:?}");
        assert_eq!(lines[1].y1, 54);
    }

    #[test]
    fn isolated_specks_are_dropped_and_one_line_stays_whole() {
        let p = profile(&[(2, 4, 3), (30, 56, 120)], 80);
        let raw = raw_bands(&p, 2, 1);
        let lines = lines_of(&p, &raw, 26.0);
        assert_eq!(lines.len(), 1);
        assert_eq!((lines[0].y0, lines[0].y1), (30, 56));
        // One thin band alone is kept (a row of dashes, a short mark).
        let p = profile(&[(30, 34, 50)], 80);
        let raw = raw_bands(&p, 2, 1);
        assert_eq!(lines_of(&p, &raw, 26.0).len(), 1);
    }

    #[test]
    fn a_short_gap_inside_a_letter_row_does_not_split() {
        let p = profile(&[(0, 10, 50), (11, 30, 80)], 40);
        assert_eq!(raw_bands(&p, 2, 1).len(), 1);
        assert_eq!(raw_bands(&p, 2, 0).len(), 2);
    }

    #[test]
    fn edge_traces_are_whitened() {
        let mut img = GrayImage::new(100, 40);
        for y in 0..40 {
            img.set(0, y, 0);
            img.set(1, y, 0);
            img.set(98, y, 0);
        }
        for x in 30..50 {
            img.set(x, 20, 0); // text, not a trace
        }
        assert_eq!(clean_edges(&mut img, 128, 4), 3);
        assert_eq!(img.ink(128), 20);
    }

    #[test]
    fn skew_is_found_and_undone() {
        // Two text-like lines falling 1 px every 50 px (slope 0.02).
        let mut img = GrayImage::new(1000, 120);
        for x in (0..1000).filter(|x| x % 7 < 5) {
            let dy = x / 50;
            for y in [10 + dy, 11 + dy, 12 + dy, 50 + dy, 51 + dy] {
                img.set(x, y, 0);
            }
        }
        let pts = ink_points(&img, 128, 100_000);
        let slope = text_skew(&[pts], 0.035, 14);
        assert!((slope - 0.02).abs() < 0.0026, "{slope}");
        let flat = unskew(&img, slope);
        let p = row_profile(&flat, 128);
        let rows = p.iter().filter(|&&c| c > 0).count();
        assert!(rows <= 7, "{rows} rows with ink: {p:?}");
        // Level text stays level.
        let mut img = GrayImage::new(400, 40);
        for x in 0..400 {
            img.set(x, 20, 0);
        }
        assert_eq!(text_skew(&[ink_points(&img, 128, 1000)], 0.035, 14), 0.0);
    }

    #[test]
    fn long_straight_strokes_are_erased_and_letters_stay() {
        let mut img = GrayImage::new(400, 60);
        // A dashed remnant of a rule (gaps of 2 px) over the whole width.
        for x in (0..400).filter(|x| x % 10 < 8) {
            img.set(x, 3, 0);
        }
        // "Letters": short strokes, 30 px stems.
        for x in (20..380).step_by(12) {
            for y in 20..50 {
                img.set(x, y, 0);
            }
            img.set(x + 1, 35, 0);
        }
        let before = img.ink(128);
        // The whitened stretch: 0..398 (the last dash ends at 397).
        let n = erase_long_runs(&mut img, 128, 100, 45);
        assert_eq!(n, 398);
        assert_eq!(img.ink(128), before - 320);
        assert!((0..400).all(|x| img.get(x, 3) == 255));
    }

    #[test]
    fn typical_height_ignores_thin_bands() {
        let b = |y0, y1| Band { y0, y1, ink: 100 };
        let bands = [b(0, 4), b(10, 36), b(40, 66), b(70, 98)];
        assert_eq!(typical_height(&bands, 8), Some(26.0));
        assert_eq!(typical_height(&bands[..1], 8), None);
    }
}
