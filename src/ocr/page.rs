//! OCR words and image rules → a [`Page`] in points.

use super::rules::PixelRule;
use super::tsv::{OcrLine, OcrWord};
use crate::pdf::{FontInfo, Glyph, OcrMark, Page, Rule};

/// The page being built: its number and size in points, and the size of the
/// image that was OCR'd (which covers the whole page).
#[derive(Debug, Clone, Copy)]
pub struct PageGeometry {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub rotate: i32,
    pub image_width: usize,
    pub image_height: usize,
}

/// The pseudo font every OCR glyph points at (index 0).
pub fn ocr_font() -> FontInfo {
    FontInfo {
        resource: "OCR".into(),
        base_font: "OCR".into(),
        subtype: "OCR".into(),
        encoding: "tesseract".into(),
        has_to_unicode: true,
    }
}

/// Share of the em that a typical word rises above the baseline (Times:
/// ascender 0.68; Vietnamese marks above x-height letters land about there).
const RISE_PER_EM: f32 = 0.68;

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

/// What Tesseract makes of ruling lines: `|`, `¦`, `_`.
fn is_rule_char(c: char) -> bool {
    matches!(c, '|' | '¦' | '_')
}

fn is_wordlike(w: &OcrWord) -> bool {
    w.text.chars().any(char::is_alphanumeric)
}

/// A text line's baseline `y = a + b·x` (pixels) and its font size (pixels).
///
/// Word boxes reach below the baseline for descenders (`g p q y`) and the
/// Vietnamese dot below (`ạ ệ ộ`), so the baseline is fitted to the word
/// bottoms that are not markedly lower than the fit, and words too short to
/// be letters (`—`, `,`) are ignored.
fn fit_line(words: &[&OcrWord]) -> (f32, f32, f32) {
    let heights: Vec<f32> = words.iter().map(|w| w.height as f32).collect();
    let medh = median(heights).unwrap_or(10.0).max(1.0);
    let mut cand: Vec<(f32, f32)> = words
        .iter()
        .filter(|w| is_wordlike(w) && w.height as f32 >= 0.5 * medh)
        .map(|w| ((w.left as f32 + w.right() as f32) / 2.0, w.bottom() as f32))
        .collect();
    if cand.is_empty() {
        cand = words
            .iter()
            .map(|w| ((w.left as f32 + w.right() as f32) / 2.0, w.bottom() as f32))
            .collect();
    }
    // Lower envelope: the slope (skew up to ~1.7°) that puts the most word
    // bottoms within `tol` of the lowest-reaching line; ties go to the
    // flattest. Bottoms below that line (descenders) do not count.
    let tol = (0.1 * medh).max(1.0);
    let (mut best_b, mut best_n) = (0.0f32, 0usize);
    for step in 0..=120 {
        let k = if step % 2 == 0 {
            step / 2
        } else {
            -(step + 1) / 2
        };
        let b = k as f32 * 0.0005;
        let m = cand
            .iter()
            .map(|&(x, y)| y - b * x)
            .fold(f32::INFINITY, f32::min);
        let n = cand.iter().filter(|&&(x, y)| y - b * x <= m + tol).count();
        // Two words fit any slope: a word with descenders (`Nguyễn`) next
        // to one without (`Minh`) is no skew. A slope needs three words.
        if n > best_n && (b == 0.0 || n >= 3) {
            (best_b, best_n) = (b, n);
        }
    }
    let b = best_b;
    let m = cand
        .iter()
        .map(|&(x, y)| y - b * x)
        .fold(f32::INFINITY, f32::min);
    let on: Vec<f32> = cand
        .iter()
        .map(|&(x, y)| y - b * x)
        .filter(|&r| r <= m + tol)
        .collect();
    let a = on.iter().sum::<f32>() / on.len().max(1) as f32;
    // Font size from how far words rise above the baseline.
    let rises: Vec<f32> = words
        .iter()
        .filter(|w| is_wordlike(w))
        .map(|w| {
            let xc = (w.left as f32 + w.right() as f32) / 2.0;
            a + b * xc - w.top as f32
        })
        .filter(|&r| r > 0.0)
        .collect();
    let size = median(rises).map_or(medh, |r| r / RISE_PER_EM);
    (a, b, size)
}

/// Splits a Tesseract line whose words lie on different text lines (it
/// sometimes joins a two-line table header cell with a one-line neighbour)
/// into groups of words that overlap vertically by at least half. A group
/// of specks (all words under 40% of the line's median height) left over
/// by the split is dropped as noise.
fn split_stacked(words: Vec<&OcrWord>) -> Vec<Vec<&OcrWord>> {
    let medh = median(words.iter().map(|w| w.height as f32).collect()).unwrap_or(0.0);
    let mut groups: Vec<(i32, i32, Vec<&OcrWord>)> = Vec::new();
    for w in words {
        let found = groups.iter_mut().find(|(t, b, _)| {
            let ov = (*b).min(w.bottom()) - (*t).max(w.top);
            let h = (*b - *t).min(w.height).max(1);
            ov * 2 >= h
        });
        match found {
            Some(g) => g.2.push(w),
            None => groups.push((w.top, w.bottom(), vec![w])),
        }
    }
    let n = groups.len();
    groups
        .into_iter()
        .map(|g| g.2)
        .filter(|g| n == 1 || g.iter().any(|w| w.height as f32 >= 0.4 * medh))
        .collect()
}

/// Builds the page: one glyph per character of each kept word (the word's
/// box split evenly), a space glyph between the words of a line, and the
/// rules converted to points. `images` and `invisible_glyphs` are left 0:
/// the caller keeps the PDF stage's values.
pub fn build_page(
    geom: &PageGeometry,
    lines: &[OcrLine],
    pixel_rules: &[PixelRule],
    min_conf: f32,
) -> Page {
    let sx = geom.width / geom.image_width.max(1) as f32;
    let sy = geom.height / geom.image_height.max(1) as f32;
    let mut glyphs = Vec::new();
    let (mut conf_sum, mut conf_n) = (0f64, 0usize);
    let kept = lines.iter().map(|line| {
        line.words
            .iter()
            .filter(|w| w.conf >= min_conf)
            .filter(|w| !w.text.chars().all(is_rule_char))
            .collect::<Vec<&OcrWord>>()
    });
    type Fitted<'w> = (Vec<&'w OcrWord>, (f32, f32, f32));
    let fitted: Vec<Fitted> = kept
        .flat_map(split_stacked)
        .filter(|words| !words.is_empty())
        .map(|words| {
            let fit = fit_line(&words);
            (words, fit)
        })
        .collect();
    // A line's size is estimated from how far its words rise above the
    // baseline, which varies with capitals and stacked marks (`Nội` rises
    // higher than `mưu`). Sizes within 30 % of the page's usual size are
    // taken as that size, so that neighbouring lines of one table row (a
    // one-line cell beside a two-line cell) stay apart in the layout.
    let usual = median(
        fitted
            .iter()
            .flat_map(|(w, (_, _, s))| std::iter::repeat_n(*s, w.len()))
            .collect(),
    )
    .unwrap_or(0.0);
    for (words, (a, b, size_px)) in fitted {
        let size_px = if (0.7 * usual..=1.3 * usual).contains(&size_px) {
            usual
        } else {
            size_px
        };
        let size = (size_px * sy).clamp(3.0, 96.0);
        for (k, w) in words.iter().enumerate() {
            conf_sum += w.conf as f64;
            conf_n += 1;
            let mark = OcrMark {
                conf: w.conf.clamp(0.0, 100.0),
                repaired: false,
            };
            let xc = (w.left as f32 + w.right() as f32) / 2.0;
            let y = ((a + b * xc) * sy).clamp(0.0, geom.height);
            // Bits of an erased ruling line stuck to a word (`_sinh`).
            let chars: Vec<char> = w.text.trim_matches(is_rule_char).chars().collect();
            let adv = w.width as f32 / chars.len() as f32;
            for (i, &ch) in chars.iter().enumerate() {
                glyphs.push(Glyph {
                    ch,
                    code: ch as u32,
                    x: (w.left as f32 + adv * i as f32) * sx,
                    y,
                    width: adv * sx,
                    size,
                    font: 0,
                    ocr: Some(mark),
                });
            }
            if let Some(next) = words.get(k + 1) {
                glyphs.push(Glyph {
                    ch: ' ',
                    code: 32,
                    x: w.right() as f32 * sx,
                    y,
                    width: (next.left - w.right()).max(0) as f32 * sx,
                    size,
                    font: 0,
                    ocr: Some(mark),
                });
            }
        }
    }
    let mut rules: Vec<Rule> = pixel_rules
        .iter()
        .map(|r| {
            if r.horizontal {
                let y = (r.pos + 0.5) * sy;
                let t = (r.thickness * sy).clamp(0.1, 1.5) / 2.0;
                Rule {
                    x0: r.a as f32 * sx,
                    y0: y - t,
                    x1: (r.b + 1) as f32 * sx,
                    y1: y + t,
                }
            } else {
                let x = (r.pos + 0.5) * sx;
                let t = (r.thickness * sx).clamp(0.1, 1.5) / 2.0;
                Rule {
                    x0: x - t,
                    y0: r.a as f32 * sy,
                    x1: x + t,
                    y1: (r.b + 1) as f32 * sy,
                }
            }
        })
        .collect();
    rules.sort_by(|p, q| {
        (p.is_vertical(), p.y0, p.x0)
            .partial_cmp(&(q.is_vertical(), q.y0, q.x0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut warnings = Vec::new();
    if conf_n > 0 && conf_sum / (conf_n as f64) < 50.0 {
        warnings.push(format!(
            "ocr: low mean word confidence {:.0}",
            conf_sum / conf_n as f64
        ));
    }
    Page {
        number: geom.number,
        width: geom.width,
        height: geom.height,
        rotate: geom.rotate,
        glyphs,
        rules,
        fonts: vec![ocr_font()],
        images: 0,
        invisible_glyphs: 0,
        scan_dpi: None,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::tsv::{group_lines, parse_tsv};

    fn geom() -> PageGeometry {
        // 300 dpi A4-ish: 1 px = 0.24 pt.
        PageGeometry {
            number: 2,
            width: 600.0,
            height: 840.0,
            rotate: 0,
            image_width: 2500,
            image_height: 3500,
        }
    }

    #[test]
    fn words_become_glyphs_on_a_shared_baseline() {
        // "Bước 6: phối hợp" — "phối" and "hợp" reach below the baseline.
        let tsv = "5\t1\t1\t1\t1\t1\t432\t230\t113\t37\t96\tBước
5\t1\t1\t1\t1\t2\t563\t231\t37\t36\t96\t6:
5\t1\t1\t1\t1\t3\t622\t223\t90\t57\t96\tphối
5\t1\t1\t1\t1\t4\t730\t232\t78\t48\t96\thợp
5\t1\t1\t1\t1\t5\t830\t231\t78\t36\t-5\tjunk
";
        let lines = group_lines(parse_tsv(tsv));
        let page = build_page(&geom(), &lines, &[], 0.0);
        let text: String = page.glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(text, "Bước 6: phối hợp");
        assert_eq!(page.fonts[0].base_font, "OCR");
        let b = page.glyphs[0].y;
        assert!((b - 267.0 * 0.24).abs() < 0.5, "baseline {b}");
        assert!(page.glyphs.iter().all(|g| (g.y - b).abs() < 0.5));
        let size = page.glyphs[0].size;
        assert!((10.0..16.0).contains(&size), "size {size}");
        // Glyphs of one word are contiguous, and the space fills the gap.
        let g = &page.glyphs;
        assert!((g[0].x - 432.0 * 0.24).abs() < 1e-3);
        assert!((g[1].x - (g[0].x + g[0].width)).abs() < 1e-3);
        assert_eq!(g[4].ch, ' ');
        assert!((g[4].x + g[4].width - 563.0 * 0.24).abs() < 1e-3);
    }

    #[test]
    fn stacked_words_in_one_tesseract_line_get_their_own_baselines() {
        // "Thời gian" over "thực hiện", next to a one-line cell "TT".
        let tsv = "5\t1\t7\t1\t2\t1\t420\t477\t65\t37\t96\tTT
5\t1\t7\t1\t2\t2\t1420\t455\t100\t48\t96\tThời
5\t1\t7\t1\t2\t3\t1530\t457\t90\t46\t96\tgian
5\t1\t7\t1\t2\t4\t1415\t515\t100\t45\t96\tthực
5\t1\t7\t1\t2\t5\t1525\t513\t95\t48\t96\thiện
";
        let lines = group_lines(parse_tsv(tsv));
        assert_eq!(lines.len(), 1);
        let page = build_page(&geom(), &lines, &[], 0.0);
        let layout = crate::layout::layout_page(&page, &crate::tasks::header_role);
        let texts: Vec<String> = layout.lines().map(|l| l.text.clone()).collect();
        assert!(texts.contains(&"Thời gian".to_string()), "{texts:?}");
        assert!(texts.contains(&"thực hiện".to_string()), "{texts:?}");
    }

    /// s03: a name cell `Nguyễn Minh` (descenders in one word only) beside
    /// a two-line cell. Two word bottoms fit any slope; taken as a skew
    /// they tilted the name's line and grew its size until it took in both
    /// lines of its neighbour, whose letters then interleaved.
    #[test]
    fn two_words_with_and_without_descenders_are_no_skew() {
        let tsv = "5\t1\t1\t1\t1\t1\t500\t853\t170\t58\t96\tNguyễn
5\t1\t1\t1\t1\t2\t760\t855\t130\t49\t96\tMinh
5\t2\t1\t1\t1\t1\t981\t824\t85\t44\t96\tPhó
5\t2\t1\t1\t1\t2\t1085\t823\t93\t45\t96\tChủ
5\t2\t1\t1\t1\t3\t1194\t825\t83\t50\t96\ttịch
5\t3\t1\t1\t1\t1\t997\t892\t160\t43\t96\tUBND
5\t3\t1\t1\t1\t2\t1174\t894\t88\t40\t96\ttỉnh
";
        let lines = group_lines(parse_tsv(tsv));
        // The cells' walls.
        let mut walls: Vec<PixelRule> = [800.0, 960.0]
            .iter()
            .map(|&y| PixelRule::drawn(true, y, 400, 1340, 3.0))
            .collect();
        for x in [400.0, 960.0, 1340.0] {
            walls.push(PixelRule::drawn(false, x, 800, 960, 3.0));
        }
        let page = build_page(&geom(), &lines, &walls, 0.0);
        let name: Vec<f32> = page
            .glyphs
            .iter()
            .filter(|g| g.x < 170.0)
            .map(|g| g.y)
            .collect();
        assert!(name.iter().all(|&y| (y - name[0]).abs() < 0.01), "{name:?}");
        // On the bottom of `Minh`, not between the two.
        assert!((name[0] - 904.0 * 0.24).abs() < 0.5, "{name:?}");
        let layout = crate::layout::layout_page(&page, &crate::tasks::header_role);
        let texts: Vec<String> = layout.lines().map(|l| l.text.clone()).collect();
        let cell: Vec<&String> = texts
            .iter()
            .filter(|t| t.contains("Chủ") || t.contains("UBND"))
            .collect();
        assert!(
            cell.iter()
                .all(|t| t.contains("Phó Chủ tịch") || t.contains("UBND tỉnh")),
            "{texts:?}"
        );
    }

    #[test]
    fn rules_in_points() {
        let img = {
            let mut i = crate::ocr::GrayImage::new(2500, 3500);
            for x in 100..2000 {
                i.set(x, 500, 0);
                i.set(x, 501, 0);
            }
            i
        };
        let found =
            crate::ocr::find_rules(&img, &crate::ocr::RuleParams::for_image(2500, 3500, 300.0));
        let page = build_page(&geom(), &[], &found, 0.0);
        assert_eq!(page.rules.len(), 1);
        let r = page.rules[0];
        assert!(r.is_horizontal());
        assert!((r.x0 - 24.0).abs() < 1e-3 && (r.x1 - 480.0).abs() < 1e-3);
        assert!(((r.y0 + r.y1) / 2.0 - 501.0 * 0.24).abs() < 1e-3);
    }
}
