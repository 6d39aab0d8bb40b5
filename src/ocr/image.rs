//! 8-bit grey images as written by `pdftoppm -gray` (binary PGM, `P5`).

use std::io::Write;
use std::path::Path;

/// An 8-bit grey image, row-major, 0 = black, 255 = white.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrayImage {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl GrayImage {
    /// A white image.
    pub fn new(width: usize, height: usize) -> GrayImage {
        GrayImage {
            width,
            height,
            pixels: vec![255; width * height],
        }
    }

    #[inline]
    pub fn get(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }

    #[inline]
    pub fn set(&mut self, x: usize, y: usize, v: u8) {
        self.pixels[y * self.width + x] = v;
    }

    /// The image turned clockwise by `quarters` quarter turns.
    pub fn turned(&self, quarters: u32) -> GrayImage {
        let (w, h) = (self.width, self.height);
        match quarters % 4 {
            0 => self.clone(),
            2 => {
                let mut pixels = self.pixels.clone();
                pixels.reverse();
                GrayImage {
                    width: w,
                    height: h,
                    pixels,
                }
            }
            q => {
                // A quarter turn: the new image is h wide and w high.
                let mut out = GrayImage::new(h, w);
                for y in 0..h {
                    for x in 0..w {
                        let (nx, ny) = if q == 1 {
                            (h - 1 - y, x)
                        } else {
                            (y, w - 1 - x)
                        };
                        out.pixels[ny * h + nx] = self.pixels[y * w + x];
                    }
                }
                out
            }
        }
    }

    /// Sets every pixel of `x0..x1 × y0..y1` (clipped to the image) to `v`.
    pub fn fill(&mut self, x0: usize, y0: usize, x1: usize, y1: usize, v: u8) {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        for y in y0.min(y1)..y1 {
            self.pixels[y * self.width + x0.min(x1)..y * self.width + x1].fill(v);
        }
    }

    /// A copy of `x0..x1 × y0..y1` (clipped to the image) inside a white
    /// margin of `pad` pixels.
    pub fn crop_padded(&self, x0: usize, y0: usize, x1: usize, y1: usize, pad: usize) -> GrayImage {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        let (x0, y0) = (x0.min(x1), y0.min(y1));
        let mut out = GrayImage::new(x1 - x0 + 2 * pad, y1 - y0 + 2 * pad);
        for y in y0..y1 {
            let src = &self.pixels[y * self.width + x0..y * self.width + x1];
            let row = (y - y0 + pad) * out.width + pad;
            out.pixels[row..row + src.len()].copy_from_slice(src);
        }
        out
    }

    /// The image turned about its centre so that a line of slope `slope`
    /// (pixels down per pixel right; y grows downwards) becomes level, and
    /// lines square to it upright: nearest pixel, white where the turned
    /// image has no source. For the small angles of a scan on the glass.
    pub fn levelled(&self, slope: f32) -> GrayImage {
        let (w, h) = (self.width, self.height);
        let mut out = GrayImage::new(w, h);
        let norm = (1.0 + slope * slope).sqrt();
        let (sin, cos) = (slope / norm, 1.0 / norm);
        let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
        for y in 0..h {
            let dy = y as f32 - cy;
            let row = &mut out.pixels[y * w..(y + 1) * w];
            for (x, px) in row.iter_mut().enumerate() {
                let dx = x as f32 - cx;
                let sx = (cx + dx * cos - dy * sin).round();
                let sy = (cy + dx * sin + dy * cos).round();
                if sx >= 0.0 && sy >= 0.0 && (sx as usize) < w && (sy as usize) < h {
                    *px = self.pixels[sy as usize * w + sx as usize];
                }
            }
        }
        out
    }

    /// Number of pixels darker than `dark`.
    pub fn ink(&self, dark: u8) -> usize {
        self.pixels.iter().filter(|&&p| p < dark).count()
    }

    /// The ink threshold of the image: Otsu's threshold of its grey
    /// histogram (the level that best splits it into two classes), or 128
    /// for an image of one level. A pale colour scan (grey rules at 170, a
    /// paper background at 235) has it well above 128.
    pub fn otsu(&self) -> u8 {
        let mut hist = [0u64; 256];
        for &p in &self.pixels {
            hist[p as usize] += 1;
        }
        let total: u64 = hist.iter().sum();
        let sum_all: f64 = hist
            .iter()
            .enumerate()
            .map(|(i, &n)| i as f64 * n as f64)
            .sum();
        let (mut w0, mut sum0) = (0u64, 0f64);
        let (mut best, mut best_var) = (128u8, 0f64);
        for (t, &n) in hist.iter().enumerate() {
            w0 += n;
            sum0 += t as f64 * n as f64;
            let w1 = total - w0;
            if w0 == 0 || w1 == 0 {
                continue;
            }
            let (m0, m1) = (sum0 / w0 as f64, (sum_all - sum0) / w1 as f64);
            let var = w0 as f64 * w1 as f64 * (m0 - m1) * (m0 - m1);
            if var > best_var {
                best_var = var;
                best = (t as u8).saturating_add(1);
            }
        }
        best
    }

    /// Binary PGM (`P5`, maxval 255).
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }

    pub fn write_pgm(&self, path: &Path) -> std::io::Result<()> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
        f.write_all(&self.to_pgm())?;
        f.flush()
    }
}

/// Parses a binary PGM (`P5`) with maxval ≤ 255 (16-bit PGMs are rejected).
/// Header comments (`# …`) are allowed.
pub fn parse_pgm(data: &[u8]) -> Result<GrayImage, String> {
    let mut pos = 0usize;
    let mut fields: Vec<usize> = Vec::with_capacity(3);
    if data.len() < 2 || &data[..2] != b"P5" {
        return Err("not a binary PGM (P5) image".into());
    }
    pos += 2;
    while fields.len() < 3 {
        // Skip whitespace and comments.
        loop {
            match data.get(pos) {
                Some(c) if c.is_ascii_whitespace() => pos += 1,
                Some(b'#') => {
                    while data.get(pos).is_some_and(|&c| c != b'\n') {
                        pos += 1;
                    }
                }
                Some(_) => break,
                None => return Err("truncated PGM header".into()),
            }
        }
        let start = pos;
        while data.get(pos).is_some_and(|c| c.is_ascii_digit()) {
            pos += 1;
        }
        if start == pos {
            return Err("bad PGM header".into());
        }
        let v: usize = std::str::from_utf8(&data[start..pos])
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or("bad number in PGM header")?;
        fields.push(v);
    }
    // Exactly one whitespace byte separates the header from the raster.
    if !data.get(pos).is_some_and(|c| c.is_ascii_whitespace()) {
        return Err("bad PGM header end".into());
    }
    pos += 1;
    let (width, height, maxval) = (fields[0], fields[1], fields[2]);
    if maxval == 0 || maxval > 255 {
        return Err(format!("unsupported PGM maxval {maxval}"));
    }
    if width == 0 || height == 0 {
        return Err("empty PGM image".into());
    }
    let n = width.checked_mul(height).ok_or("PGM image too large")?;
    let raster = data
        .get(pos..pos + n)
        .ok_or_else(|| format!("truncated PGM raster ({} of {n} bytes)", data.len() - pos))?;
    let pixels = if maxval == 255 {
        raster.to_vec()
    } else {
        raster
            .iter()
            .map(|&v| ((v.min(maxval as u8) as usize * 255) / maxval) as u8)
            .collect()
    };
    Ok(GrayImage {
        width,
        height,
        pixels,
    })
}

#[cfg(test)]
mod tests {
    /// Quarter turns clockwise: the top-left pixel goes to the top right,
    /// the bottom right, the bottom left; four turns are none.
    #[test]
    fn turns_go_clockwise() {
        let mut img = GrayImage::new(3, 2);
        img.set(0, 0, 0);
        let corners = |i: &GrayImage| (i.width, i.height, i.pixels.iter().position(|&p| p == 0));
        assert_eq!(corners(&img.turned(1)), (2, 3, Some(1)));
        assert_eq!(corners(&img.turned(2)), (3, 2, Some(5)));
        assert_eq!(corners(&img.turned(3)), (2, 3, Some(4)));
        assert_eq!(img.turned(1).turned(3), img);
        assert_eq!(img.turned(4), img);
    }

    use super::*;

    /// A line sloping 1 px in 50 comes out level; the turn keeps the size.
    #[test]
    fn levelling_a_skewed_line() {
        let mut img = GrayImage::new(600, 300);
        for x in 50..550 {
            let y = 150 + (x as i32 - 300) / 50;
            img.set(x, y as usize, 0);
        }
        let out = img.levelled(1.0 / 50.0);
        assert_eq!((out.width, out.height), (600, 300));
        let rows: std::collections::BTreeSet<usize> = (0..300)
            .flat_map(|y| (60..540).map(move |x| (x, y)))
            .filter(|&(x, y)| out.get(x, y) == 0)
            .map(|(_, y)| y)
            .collect();
        // The drawn line steps every 50 px (11 rows); levelled, it spans
        // the rows of one step.
        assert!(rows.len() <= 3, "{rows:?}");
    }

    #[test]
    fn otsu_splits_ink_from_paper() {
        let mut img = GrayImage::new(100, 100);
        img.pixels.fill(235);
        img.pixels[..1000].fill(160);
        let t = img.otsu();
        assert!((161..=235).contains(&t), "{t}");
        img.pixels[..1000].fill(20);
        let t = img.otsu();
        assert!((21..=235).contains(&t), "{t}");
        assert_eq!(GrayImage::new(4, 4).otsu(), 128);
    }

    #[test]
    fn pgm_round_trip() {
        let mut img = GrayImage::new(3, 2);
        img.set(1, 1, 7);
        let back = parse_pgm(&img.to_pgm()).unwrap();
        assert_eq!(back, img);
    }

    #[test]
    fn pgm_with_comment_and_maxval() {
        let mut data = b"P5\n# made by hand\n2 1\n# another\n15\n".to_vec();
        data.extend_from_slice(&[0, 15]);
        let img = parse_pgm(&data).unwrap();
        assert_eq!((img.width, img.height), (2, 1));
        assert_eq!(img.pixels, vec![0, 255]);
    }

    #[test]
    fn crop_fill_and_ink() {
        let mut img = GrayImage::new(10, 8);
        img.fill(2, 3, 5, 5, 0);
        assert_eq!(img.ink(128), 6);
        let c = img.crop_padded(1, 2, 6, 6, 2);
        assert_eq!((c.width, c.height), (9, 8));
        assert_eq!(c.ink(128), 6);
        assert_eq!(c.get(3, 3), 0);
        assert_eq!(c.get(2, 3), 255);
        // Clipped at the image edge, never out of bounds.
        let e = img.crop_padded(8, 6, 20, 20, 1);
        assert_eq!((e.width, e.height), (4, 4));
        img.fill(9, 7, 30, 30, 0);
        assert_eq!(img.ink(128), 7);
    }

    #[test]
    fn pgm_errors() {
        assert!(parse_pgm(b"P6\n1 1\n255\n\0\0\0").is_err());
        assert!(parse_pgm(b"P5\n2 2\n255\n\0").is_err());
        assert!(parse_pgm(b"P5\n2 2\n65535\n").is_err());
        assert!(parse_pgm(b"P5\n2").is_err());
    }
}
