//! Which way up a scanned page is: a landscape sheet fed through a
//! portrait-only scanner comes out with its text running down (or up) the
//! page and no `/Rotate` to say so, and Tesseract then reads symbols.
//!
//! A cheap test runs on every OCR'd page: upright text lines leave blank
//! rows between them, so the page's ink profile by rows has many runs and
//! its profile by columns few; a page turned a quarter has it the other way
//! round. Only a page that looks turned is shown to Tesseract's orientation
//! detection (`--psm 0`, about half a second), which says which quarter.
//!
//! Everything here but the Tesseract call is pure.

use super::image::GrayImage;

/// Runs of inked lines in a profile: stretches above `floor` separated by
/// at least one line at or below it.
fn runs(profile: &[usize], floor: usize) -> usize {
    let mut n = 0;
    let mut inked = false;
    for &p in profile {
        let now = p > floor;
        if now && !inked {
            n += 1;
        }
        inked = now;
    }
    n
}

/// Ink profiles of the image sampled every `step` pixels: (by rows, by
/// columns), each over the rows (columns) that hold ink.
fn profiles(img: &GrayImage, dark: u8, step: usize) -> (Vec<usize>, Vec<usize>) {
    let (w, h) = (img.width.div_ceil(step), img.height.div_ceil(step));
    let (mut rows, mut cols) = (vec![0usize; h], vec![0usize; w]);
    for (yi, y) in (0..img.height).step_by(step).enumerate() {
        let line = &img.pixels[y * img.width..(y + 1) * img.width];
        for (xi, &p) in line.iter().step_by(step).enumerate() {
            if p < dark {
                rows[yi] += 1;
                cols[xi] += 1;
            }
        }
    }
    let trim = |v: Vec<usize>| -> Vec<usize> {
        let a = v.iter().position(|&c| c > 0).unwrap_or(0);
        let b = v.iter().rposition(|&c| c > 0).map_or(0, |b| b + 1);
        v.get(a..b.max(a)).unwrap_or(&[]).to_vec()
    };
    (trim(rows), trim(cols))
}

/// Whether the page's text seems to run down or up the image (a quarter
/// turn): its ink by columns falls into at least twice as many runs as its
/// ink by rows, and into a dozen or more (lines of text, not a picture).
/// `dpi` is the image's resolution; it is sampled at about 75 dpi.
pub fn looks_sideways(img: &GrayImage, dark: u8, dpi: f32) -> bool {
    if img.width < 16 || img.height < 16 {
        return false;
    }
    let step = ((dpi / 75.0).round() as usize).max(1);
    let (rows, cols) = profiles(img, dark, step);
    // A line's gap keeps a speck or two; a line of text has far more.
    let floor = |len: usize| (len / 200).max(1);
    let by_rows = runs(&rows, floor(cols.len()));
    let by_cols = runs(&cols, floor(rows.len()));
    by_cols >= 12 && by_cols >= 2 * by_rows
}

/// The clockwise quarter turn (90, 180 or 270) that Tesseract's
/// orientation report (`--psm 0`) asks for, when it asks for one with some
/// confidence; None for upright pages and unclear reports.
pub fn turn_from_osd(report: &str) -> Option<u32> {
    let field = |name: &str| {
        report.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == name).then(|| v.trim().to_string())
        })
    };
    let rotate: u32 = field("Rotate")?.parse().ok()?;
    let confidence: f32 = field("Orientation confidence")?.parse().ok()?;
    (matches!(rotate, 90 | 180 | 270) && confidence >= 1.0).then_some(rotate)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of "text": `lines` dark bars `len` pixels long, 10 px thick,
    /// 30 px apart, running across (or, turned, down) a white image.
    fn page(lines: usize, len: usize, turned: bool) -> GrayImage {
        let (w, h) = (len + 40, lines * 30 + 40);
        let mut img = GrayImage::new(w, h);
        img.pixels.fill(255);
        for k in 0..lines {
            for y in 20 + k * 30..30 + k * 30 {
                // Words: 40 px of ink, 8 px of space, falling
                // differently on each line.
                for x in 20..20 + len {
                    if (x + 17 * k) % 48 < 40 {
                        img.pixels[y * w + x] = 0;
                    }
                }
            }
        }
        if turned {
            img.turned(1)
        } else {
            img
        }
    }

    #[test]
    fn text_lines_show_which_way_they_run() {
        assert!(!looks_sideways(&page(30, 1500, false), 128, 75.0));
        assert!(looks_sideways(&page(30, 1500, true), 128, 75.0));
        // A few lines (a picture, a stamp) decide nothing.
        assert!(!looks_sideways(&page(5, 1500, true), 128, 75.0));
        let blank = GrayImage::new(300, 300);
        assert!(!looks_sideways(&blank, 128, 75.0));
    }

    #[test]
    fn orientation_reports() {
        let report = "Page number: 0\nOrientation in degrees: 90\nRotate: 270\n\
                      Orientation confidence: 15.65\nScript: Latin\nScript confidence: 3.71\n";
        assert_eq!(turn_from_osd(report), Some(270));
        let upright = report.replace("Rotate: 270", "Rotate: 0");
        assert_eq!(turn_from_osd(&upright), None);
        let unsure = report.replace("15.65", "0.40");
        assert_eq!(turn_from_osd(&unsure), None);
        assert_eq!(
            turn_from_osd("Too few characters. Skipping this page"),
            None
        );
    }
}
