//! Layout stage: a page's glyphs → words → lines → reading order.
//!
//! The PDF stage gives glyphs in content-stream order, which is not reading
//! order (a two-column header block interleaves its columns, table cells come
//! in any order). This stage rebuilds what a reader sees:
//!
//! 1. glyphs are grouped into *rows* by vertical overlap (a superscript
//!    footnote marker stays on its line);
//! 2. each row is split into *words* at whitespace glyphs and gaps, and into
//!    *lines* (segments) at wide gaps or vertical ruling lines, so the two
//!    columns of a header block become separate lines;
//! 3. ruled tables are found from the ruling lines (see [`table`]) and
//!    their words assigned to cells;
//! 4. lines and tables are put in reading order: top to bottom, except in
//!    regions where a clear vertical gutter runs through consecutive rows
//!    (the header block, the `Nơi nhận` / signature block) — those are read
//!    column by column.

pub mod geometry;
pub mod table;

use crate::pdf::{Page, Rule};
use serde::Serialize;
use table::{Classify, Table};

/// A word: glyphs without a whitespace or a gap between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub top: f32,
    pub bottom: f32,
    pub baseline: f32,
    /// Largest glyph size in the word.
    pub size: f32,
    /// Font of the word's first glyph (index into `Page::fonts`).
    pub font: u16,
    /// How the OCR stage read the word's glyphs; None for text from the
    /// PDF's text layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrStats>,
}

/// Tesseract's word confidence gathered over some OCR'd words (a word, a
/// line, a table cell): enough to merge two gatherings without losing the
/// mean or the minimum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OcrStats {
    /// Words counted.
    pub words: u32,
    /// Sum of their confidences (0–100 each).
    pub conf_sum: f32,
    /// The lowest of their confidences (0–100).
    pub conf_min: f32,
    /// A spelling repair changed a glyph of one of them.
    pub repaired: bool,
}

impl OcrStats {
    /// One word of confidence `conf` (0–100).
    pub fn word(conf: f32, repaired: bool) -> OcrStats {
        let conf = if conf.is_finite() {
            conf.clamp(0.0, 100.0)
        } else {
            0.0
        };
        OcrStats {
            words: 1,
            conf_sum: conf,
            conf_min: conf,
            repaired,
        }
    }

    /// Words of confidences `confs` (0–100 each); None for no word.
    pub fn of_words(confs: &[f32], repaired: bool) -> Option<OcrStats> {
        confs
            .iter()
            .map(|&c| OcrStats::word(c, repaired))
            .reduce(OcrStats::merge)
    }

    /// Both gatherings together.
    pub fn merge(self, other: OcrStats) -> OcrStats {
        OcrStats {
            words: self.words + other.words,
            conf_sum: self.conf_sum + other.conf_sum,
            conf_min: self.conf_min.min(other.conf_min),
            repaired: self.repaired || other.repaired,
        }
    }

    /// Merges optional gatherings (None: no OCR'd word).
    pub fn merge_opt(a: Option<OcrStats>, b: Option<OcrStats>) -> Option<OcrStats> {
        match (a, b) {
            (Some(a), Some(b)) => Some(a.merge(b)),
            (a, None) => a,
            (None, b) => b,
        }
    }

    /// Mean word confidence, 0–100.
    pub fn mean(&self) -> f32 {
        if self.words == 0 {
            0.0
        } else {
            self.conf_sum / self.words as f32
        }
    }
}

/// A line: words on one baseline, not separated by a column gap or a ruling.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub page: u32,
    /// Words joined by single spaces (not yet normalised).
    pub text: String,
    pub words: Vec<Word>,
    pub x0: f32,
    pub x1: f32,
    pub top: f32,
    pub bottom: f32,
    pub baseline: f32,
    /// Dominant (largest) glyph size.
    pub size: f32,
    /// Most of the line is set in a bold face.
    pub bold: bool,
    /// Most of the line is set in an italic face.
    pub italic: bool,
    /// Horizontal extent of the column this line was read in (the page's
    /// text area, or one column of a header/signature block).
    pub col_x0: f32,
    pub col_x1: f32,
}

impl Line {
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// The OCR confidence of the line's words; None when none was OCR'd.
    pub fn ocr(&self) -> Option<OcrStats> {
        self.words
            .iter()
            .fold(None, |acc, w| OcrStats::merge_opt(acc, w.ocr))
    }
}

/// One item of a page in reading order.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Item {
    Line(Line),
    Table(Table),
}

impl Item {
    fn bbox(&self) -> (f32, f32, f32, f32) {
        match self {
            Item::Line(l) => (l.x0, l.top, l.x1, l.bottom),
            Item::Table(t) => (t.x0, t.top, t.x1, t.bottom),
        }
    }
}

/// A page after layout: its content in reading order.
#[derive(Debug, Clone, Serialize)]
pub struct PageLayout {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
    /// Ruling lines of the page (kept for footnote separators and tables).
    pub rules: Vec<Rule>,
    /// The page has a text layer with words on it.
    pub has_text: bool,
}

impl PageLayout {
    /// All lines outside tables, in reading order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.items.iter().filter_map(|i| match i {
            Item::Line(l) => Some(l),
            Item::Table(_) => None,
        })
    }
}

/// Lays out one page whose fonts all map to Unicode. `classify` names the
/// role of a header cell (the records stage's vocabulary, e.g.
/// `tasks::header_role`): the stream strategy finds borderless tables under
/// headers it recognises.
pub fn layout_page(page: &Page, classify: Classify<'_>) -> PageLayout {
    layout_page_with(page, &WordDecoder::identity(), classify)
}

/// Turns a word's raw text into Unicode: identity for ordinary fonts,
/// TCVN3/VNI decoding for legacy ones (see [`crate::legacy`]).
pub struct WordDecoder<'a> {
    /// Per font index: whether the font uses a legacy encoding. A word that
    /// has any glyph in such a font is decoded with that font's decoder
    /// (Distiller puts TCVN3's `ư` in a separate font, inside words).
    pub legacy: &'a [bool],
    pub decode: &'a dyn Fn(u16, &str) -> String,
}

impl WordDecoder<'static> {
    pub fn identity() -> WordDecoder<'static> {
        WordDecoder {
            legacy: &[],
            decode: &|_, s| s.to_string(),
        }
    }
}

/// Like [`layout_page`], with a per-font text decoder applied to each word.
pub fn layout_page_with(page: &Page, decoder: &WordDecoder, classify: Classify<'_>) -> PageLayout {
    let styles: Vec<(bool, bool)> = page
        .fonts
        .iter()
        .map(|f| font_style(&f.base_font))
        .collect();
    let rows = build_rows(page);
    let verticals: Vec<Rule> = page
        .rules
        .iter()
        .copied()
        .filter(Rule::is_vertical)
        .collect();
    let mut lines = Vec::new();
    for row in rows {
        split_row(page, &row, &verticals, &styles, decoder, &mut lines);
    }
    let has_text = !lines.is_empty();
    let (mut tables, free) = table::find_lattice_tables(page.number, lines, &page.rules);
    let (stream, free) = table::find_stream_tables(page.number, free, classify);
    tables.extend(stream);
    let mut items: Vec<Item> = free.into_iter().map(Item::Line).collect();
    items.extend(tables.into_iter().map(Item::Table));
    let (left, right) = text_area(&items, page.width);
    let ordered = reading_order(items, left, right);
    PageLayout {
        number: page.number,
        width: page.width,
        height: page.height,
        items: ordered,
        rules: page.rules.clone(),
        has_text,
    }
}

/// (bold, italic) from a font's base name: `TimesNewRomanPS-BoldMT`,
/// `LiberationSerif-BoldItalic`, `Arial,Bold`, `.VnTimeH` (no style).
fn font_style(name: &str) -> (bool, bool) {
    let n = name.to_ascii_lowercase();
    let bold = n.contains("bold")
        || n.contains("black")
        || n.contains("heavy")
        || n.contains("semibold")
        || n.ends_with("-bd")
        || n.ends_with(",bd");
    let italic = n.contains("italic") || n.contains("oblique") || n.ends_with("-it");
    (bold, italic)
}

/// Vertical band of a glyph: ascent ~0.8 em above, descent ~0.2 em below.
fn band(y: f32, size: f32) -> (f32, f32) {
    (y - 0.8 * size, y + 0.22 * size)
}

struct Row {
    /// Glyph indices.
    glyphs: Vec<usize>,
    /// Reference band (of the largest glyph so far).
    top: f32,
    bottom: f32,
    size: f32,
}

fn usable(g: &crate::pdf::Glyph) -> bool {
    g.size.is_finite()
        && g.x.is_finite()
        && g.y.is_finite()
        && g.width.is_finite()
        && g.size > 0.5
        && !g.ch.is_control()
}

/// Groups glyphs into rows by vertical overlap with a row's reference band.
fn build_rows(page: &Page) -> Vec<Row> {
    let mut idx: Vec<usize> = (0..page.glyphs.len())
        .filter(|&i| usable(&page.glyphs[i]))
        .collect();
    idx.sort_by(|&a, &b| {
        let (ga, gb) = (&page.glyphs[a], &page.glyphs[b]);
        ga.y.total_cmp(&gb.y).then(ga.x.total_cmp(&gb.x))
    });
    let mut rows: Vec<Row> = Vec::new();
    // Rows that may still receive glyphs: their band reaches the current y.
    let mut open: Vec<usize> = Vec::new();
    for i in idx {
        let g = &page.glyphs[i];
        let (t, b) = band(g.y, g.size);
        open.retain(|&r| rows[r].bottom + rows[r].size > t);
        let mut best: Option<(usize, f32)> = None;
        for &r in &open {
            let row = &rows[r];
            let ov = b.min(row.bottom) - t.max(row.top);
            let h = (b - t).min(row.bottom - row.top);
            if h > 0.0 && ov / h >= 0.5 && best.is_none_or(|(_, o)| ov > o) {
                best = Some((r, ov));
            }
        }
        match best {
            Some((r, _)) => {
                let row = &mut rows[r];
                row.glyphs.push(i);
                if g.size > row.size * 1.05 {
                    row.top = t;
                    row.bottom = b;
                    row.size = g.size;
                }
            }
            None => {
                rows.push(Row {
                    glyphs: vec![i],
                    top: t,
                    bottom: b,
                    size: g.size,
                });
                open.push(rows.len() - 1);
            }
        }
    }
    rows
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Splits a row into words and lines.
fn split_row(
    page: &Page,
    row: &Row,
    verticals: &[Rule],
    styles: &[(bool, bool)],
    decoder: &WordDecoder,
    out: &mut Vec<Line>,
) {
    let mut gi = row.glyphs.clone();
    gi.sort_by(|&a, &b| page.glyphs[a].x.total_cmp(&page.glyphs[b].x));
    let mut words: Vec<Word> = Vec::new();
    // Word boundaries that are also line (segment) boundaries.
    let mut seg_starts: Vec<usize> = vec![0];
    let mut cur: Option<Word> = None;
    let mut raw = String::new();
    let mut last_end = f32::NEG_INFINITY;
    let mut last: Option<&crate::pdf::Glyph> = None;
    let mut pending_seg = false;
    let flush = |cur: &mut Option<Word>, raw: &mut String, words: &mut Vec<Word>| {
        if let Some(mut w) = cur.take() {
            w.text = (decoder.decode)(w.font, raw);
            raw.clear();
            if !w.text.trim().is_empty() {
                words.push(w);
            }
        }
    };
    for &i in &gi {
        let g = &page.glyphs[i];
        // Fake bold: the same glyph painted twice at almost the same spot.
        if let Some(p) = last {
            if p.ch == g.ch && (p.x - g.x).abs() < 0.6 && (p.y - g.y).abs() < 0.6 {
                continue;
            }
        }
        last = Some(g);
        if is_combining(g.ch) {
            if let Some(w) = cur.as_mut() {
                // A decomposed accent drawn as its own glyph belongs to the
                // letter before it, whatever its advance.
                raw.push(g.ch);
                note_ocr(w, g);
                w.x1 = w.x1.max(g.x + g.width.max(0.0));
                last_end = last_end.max(g.x + g.width.max(0.0));
                continue;
            }
        }
        let gap = g.x - last_end;
        let size = g.size.max(row.size * 0.5);
        let crosses_rule = last_end.is_finite()
            && verticals.iter().any(|r| {
                let x = (r.x0 + r.x1) / 2.0;
                x > last_end - 0.5 && x < g.x + 0.5 && r.y0 <= g.y && r.y1 >= g.y - 0.5 * g.size
            });
        if g.ch.is_whitespace() {
            flush(&mut cur, &mut raw, &mut words);
            if crosses_rule {
                pending_seg = true;
            }
            continue;
        }
        let new_seg = last_end.is_finite() && (gap > 2.0 * size || crosses_rule);
        let new_word = cur.is_none() || new_seg || gap > 0.16 * size;
        if new_word {
            flush(&mut cur, &mut raw, &mut words);
            if (new_seg || pending_seg)
                && !words.is_empty()
                && seg_starts.last() != Some(&words.len())
            {
                seg_starts.push(words.len());
            }
            pending_seg = false;
            let (t, b) = band(g.y, g.size);
            cur = Some(Word {
                text: String::new(),
                x0: g.x,
                x1: g.x + g.width.max(0.0),
                top: t,
                bottom: b,
                baseline: g.y,
                size: g.size,
                font: g.font,
                ocr: None,
            });
        }
        if let Some(w) = cur.as_mut() {
            let is_legacy = |f: u16| decoder.legacy.get(f as usize).copied().unwrap_or(false);
            if is_legacy(g.font) && !is_legacy(w.font) {
                w.font = g.font;
            }
            raw.push(g.ch);
            note_ocr(w, g);
            let (t, b) = band(g.y, g.size);
            w.x1 = w.x1.max(g.x + g.width.max(0.0));
            w.top = w.top.min(t);
            w.bottom = w.bottom.max(b);
            if g.size > w.size {
                w.size = g.size;
                w.baseline = g.y;
            }
        }
        last_end = last_end.max(g.x + g.width.max(0.0));
    }
    flush(&mut cur, &mut raw, &mut words);
    if words.is_empty() {
        return;
    }
    // A gap much wider than the row's usual word gap separates columns
    // (`NGÂN HÀNG NHÀ NƯỚC   CỘNG HOÀ XÃ HỘI ...` set with a narrow gutter).
    let mut gaps: Vec<f32> = words.windows(2).map(|w| w[1].x0 - w[0].x1).collect();
    if gaps.len() >= 3 {
        let mut sorted = gaps.clone();
        sorted.sort_by(f32::total_cmp);
        let median = sorted[sorted.len() / 2].max(0.5);
        for (k, g) in gaps.drain(..).enumerate() {
            let size = words[k].size.max(words[k + 1].size);
            if g > size && g > 3.5 * median && !seg_starts.contains(&(k + 1)) {
                seg_starts.push(k + 1);
            }
        }
        seg_starts.sort_unstable();
    }
    seg_starts.push(words.len());
    let mut iter = words.into_iter();
    for w in seg_starts.windows(2) {
        let n = w[1] - w[0];
        let seg: Vec<Word> = iter.by_ref().take(n).collect();
        if !seg.is_empty() {
            out.push(make_line(page.number, seg, styles));
        }
    }
}

/// Counts an OCR'd glyph in its word: the glyphs of one recognised word
/// share its confidence, and a layout word glued from two recognised words
/// keeps the lower (it still counts as one word).
fn note_ocr(w: &mut Word, g: &crate::pdf::Glyph) {
    let Some(m) = g.ocr else { return };
    w.ocr = Some(match w.ocr {
        Some(o) => {
            let conf = o.conf_min.min(m.conf);
            OcrStats {
                words: 1,
                conf_sum: conf,
                conf_min: conf,
                repaired: o.repaired || m.repaired,
            }
        }
        None => OcrStats::word(m.conf, m.repaired),
    });
}

/// Builds a line from words (in left-to-right order).
pub(crate) fn make_line(page: u32, words: Vec<Word>, styles: &[(bool, bool)]) -> Line {
    let mut text = String::new();
    let (mut x0, mut x1, mut top, mut bottom) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
    let mut size: f32 = 0.0;
    let mut baseline = 0.0;
    let (mut bold_chars, mut italic_chars, mut chars) = (0usize, 0usize, 0usize);
    for w in &words {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&w.text);
        x0 = x0.min(w.x0);
        x1 = x1.max(w.x1);
        top = top.min(w.top);
        bottom = bottom.max(w.bottom);
        if w.size > size {
            size = w.size;
            baseline = w.baseline;
        }
        let n = w.text.chars().count();
        chars += n;
        let (b, i) = styles
            .get(w.font as usize)
            .copied()
            .unwrap_or((false, false));
        if b {
            bold_chars += n;
        }
        if i {
            italic_chars += n;
        }
    }
    Line {
        page,
        text,
        words,
        x0,
        x1,
        top,
        bottom,
        baseline,
        size,
        bold: bold_chars * 2 > chars,
        italic: italic_chars * 2 > chars,
        col_x0: x0,
        col_x1: x1,
    }
}

/// The page's main text area: where most lines start and end.
fn text_area(items: &[Item], page_width: f32) -> (f32, f32) {
    let mut x0s: Vec<f32> = Vec::new();
    let mut x1s: Vec<f32> = Vec::new();
    for it in items {
        let (a, _, b, _) = it.bbox();
        x0s.push(a);
        x1s.push(b);
    }
    if x0s.is_empty() {
        return (0.0, page_width);
    }
    x0s.sort_by(f32::total_cmp);
    x1s.sort_by(f32::total_cmp);
    let left = x0s[x0s.len() / 10];
    let right = x1s[(x1s.len() * 9) / 10];
    (left.min(right), right.max(left))
}

/// Puts items in reading order (see the module docs).
fn reading_order(items: Vec<Item>, left: f32, right: f32) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len());
    order_region(items, left, right, 0, &mut out);
    out
}

/// Minimum width of a gutter between two columns of a block, in points.
const MIN_GUTTER: f32 = 12.0;

fn order_region(mut items: Vec<Item>, left: f32, right: f32, depth: usize, out: &mut Vec<Item>) {
    items.sort_by(|a, b| {
        let (ax, at, _, _) = a.bbox();
        let (bx, bt, _, _) = b.bbox();
        at.total_cmp(&bt).then(ax.total_cmp(&bx))
    });
    // Rows: items whose vertical extents overlap (by more than a sliver).
    let mut rows: Vec<(f32, f32, Vec<Item>)> = Vec::new();
    for it in items {
        let (_, t, _, b) = it.bbox();
        let h = (b - t).max(0.1);
        if let Some(last) = rows.last_mut() {
            let ov = b.min(last.1) - t.max(last.0);
            if ov > 0.3 * h.min(last.1 - last.0) {
                last.1 = last.1.max(b);
                last.2.push(it);
                continue;
            }
        }
        rows.push((t, b, vec![it]));
    }
    let mut i = 0;
    while i < rows.len() {
        // Grow a region of consecutive rows sharing a gutter; it starts at a
        // row that has items on both sides of it (so a short last line of a
        // paragraph does not open a two-column region).
        let mut gaps: Vec<(f32, f32)> = free_intervals(&rows[i].2, left, right)
            .into_iter()
            .filter(|&(a, b)| two_sided(&rows[i].2, a, b))
            .collect();
        let mut j = i + 1;
        while j < rows.len() && depth < 4 && !gaps.is_empty() {
            // A blank line ends a block (the header block before `KẾ HOẠCH`).
            let size = row_size(&rows[j - 1].2);
            if rows[j].0 - rows[j - 1].1 > 1.0 * size {
                break;
            }
            let g2 = intersect(&gaps, &free_intervals(&rows[j].2, left, right));
            if g2.is_empty() {
                break;
            }
            gaps = g2;
            j += 1;
        }
        // A gutter seen on one row only must be wide: the blanks of a draft's
        // `Số:        /KH-STP` are not a column gap.
        let gutter = gaps.iter().copied().find(|&(a, b)| {
            let sided = rows[i..j].iter().filter(|r| two_sided(&r.2, a, b)).count();
            sided >= 2 || b - a >= 3.5 * row_size(&rows[i].2)
        });
        match gutter {
            Some((a, b)) if j - i >= 1 => {
                let mut lhs = Vec::new();
                let mut rhs = Vec::new();
                for r in rows.drain(i..j) {
                    for it in r.2 {
                        if it.bbox().2 <= a {
                            lhs.push(it);
                        } else {
                            rhs.push(it);
                        }
                    }
                }
                // Each column spans from the region's edge to the gutter.
                order_region(lhs, left, a, depth + 1, out);
                order_region(rhs, b, right, depth + 1, out);
                // rows were drained; continue at the same index
                continue;
            }
            _ => {
                let r = &mut rows[i];
                r.2.sort_by(|a, b| a.bbox().0.total_cmp(&b.bbox().0));
                // Pieces of one row in one column are one line again (a gap
                // in `Số:      /KH-STP` is not a column).
                let mut pending: Option<Line> = None;
                for it in r.2.drain(..) {
                    match it {
                        Item::Line(mut l) => {
                            l.col_x0 = left.min(l.x0);
                            l.col_x1 = right.max(l.x1);
                            pending = Some(match pending.take() {
                                Some(p) => merge_lines(p, l),
                                None => l,
                            });
                        }
                        other => {
                            if let Some(p) = pending.take() {
                                out.push(Item::Line(p));
                            }
                            out.push(other);
                        }
                    }
                }
                if let Some(p) = pending.take() {
                    out.push(Item::Line(p));
                }
                i += 1;
            }
        }
    }
}

/// Largest text size of a row's lines (12 pt for a row of tables only).
fn row_size(items: &[Item]) -> f32 {
    let s = items
        .iter()
        .filter_map(|it| match it {
            Item::Line(l) => Some(l.size),
            Item::Table(_) => None,
        })
        .fold(0.0, f32::max);
    if s > 0.0 {
        s
    } else {
        12.0
    }
}

/// Whether the row has items entirely left of `a` and entirely right of `b`.
fn two_sided(items: &[Item], a: f32, b: f32) -> bool {
    items.iter().any(|it| it.bbox().2 <= a) && items.iter().any(|it| it.bbox().0 >= b)
}

/// Joins two lines of one row (left to right).
fn merge_lines(a: Line, b: Line) -> Line {
    let mut l = a;
    l.text.push(' ');
    l.text.push_str(&b.text);
    l.words.extend(b.words);
    l.x0 = l.x0.min(b.x0);
    l.x1 = l.x1.max(b.x1);
    l.top = l.top.min(b.top);
    l.bottom = l.bottom.max(b.bottom);
    if b.size > l.size {
        l.size = b.size;
        l.baseline = b.baseline;
    }
    l.bold = l.bold && b.bold;
    l.italic = l.italic && b.italic;
    l.col_x0 = l.col_x0.min(b.col_x0);
    l.col_x1 = l.col_x1.max(b.col_x1);
    l
}

/// Horizontal intervals of `[left, right]` not covered by any item, at
/// least [`MIN_GUTTER`] wide, excluding the outer margins.
fn free_intervals(items: &[Item], left: f32, right: f32) -> Vec<(f32, f32)> {
    let mut spans: Vec<(f32, f32)> = items
        .iter()
        .map(|it| {
            let (a, _, b, _) = it.bbox();
            (a, b)
        })
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut cursor = left;
    for (a, b) in spans {
        if a - cursor >= MIN_GUTTER && cursor > left + 0.5 {
            out.push((cursor, a));
        } else if a - cursor >= MIN_GUTTER && cursor <= left + 0.5 && a > left + MIN_GUTTER {
            // a gap at the left margin is only a gutter if something is left of it
        }
        cursor = cursor.max(b);
    }
    if right - cursor >= MIN_GUTTER {
        out.push((cursor, right));
    }
    // A row with a single item: everything beside it is free.
    if items.len() == 1 {
        let (a, _, _, _) = items[0].bbox();
        if a - left >= MIN_GUTTER {
            out.insert(0, (left, a));
        }
    }
    out
}

fn intersect(a: &[(f32, f32)], b: &[(f32, f32)]) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let (lo, hi) = (a0.max(b0), a1.min(b1));
            if hi - lo >= MIN_GUTTER {
                out.push((lo, hi));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{FontInfo, Glyph};

    fn text_glyphs(page: &mut Page, s: &str, x: f32, y: f32, size: f32) {
        let mut x = x;
        for ch in s.chars() {
            let w = if ch == ' ' { 0.25 * size } else { 0.5 * size };
            page.glyphs.push(Glyph {
                ch,
                code: ch as u32,
                x,
                y,
                width: w,
                size,
                font: 0,
                ocr: None,
            });
            x += w;
        }
    }

    fn page() -> Page {
        Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            fonts: vec![FontInfo {
                resource: "F1".into(),
                base_font: "LiberationSerif".into(),
                subtype: "TrueType".into(),
                encoding: "WinAnsiEncoding".into(),
                has_to_unicode: true,
            }],
            ..Page::default()
        }
    }

    /// OCR'd glyphs keep their word's confidence into the line: a word is
    /// counted once whatever its length, the line has the words' mean and
    /// minimum, and a repaired glyph marks its word; text-layer glyphs give
    /// no confidence.
    #[test]
    fn ocr_confidence_reaches_the_line() {
        let mut p = page();
        text_glyphs(&mut p, "Sở Nội vụ", 72.0, 100.0, 12.0);
        let confs = [90.0, 90.0, 0.0, 80.0, 80.0, 80.0, 0.0, 40.0, 40.0];
        for (g, c) in p.glyphs.iter_mut().zip(confs) {
            g.ocr = Some(crate::pdf::OcrMark {
                conf: c,
                repaired: false,
            });
        }
        p.glyphs[8].ocr = Some(crate::pdf::OcrMark {
            conf: 40.0,
            repaired: true,
        });
        text_glyphs(&mut p, "Ban hành", 72.0, 200.0, 12.0);
        let l = layout_page(&p, &crate::tasks::header_role);
        let lines: Vec<&Line> = l.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "Sở Nội vụ");
        let o = lines[0].ocr().expect("OCR'd line");
        assert_eq!(o.words, 3);
        assert_eq!(o.conf_min, 40.0);
        assert!((o.mean() - 70.0).abs() < 1e-4, "{o:?}");
        assert!(o.repaired);
        assert_eq!(lines[0].words[1].ocr.map(|w| w.repaired), Some(false));
        assert_eq!(lines[1].ocr(), None);
    }

    fn texts(l: &PageLayout) -> Vec<String> {
        l.lines().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn words_from_spaces_and_gaps() {
        let mut p = page();
        text_glyphs(&mut p, "Kế hoạch", 72.0, 100.0, 13.0);
        // a word placed with a gap but no space glyph
        text_glyphs(&mut p, "số", 72.0 + 8.0 * 6.5 + 4.0, 100.0, 13.0);
        let l = layout_page(&p, &crate::tasks::header_role);
        assert_eq!(texts(&l), vec!["Kế hoạch số"]);
    }

    #[test]
    fn two_column_header_reads_left_column_first() {
        let mut p = page();
        text_glyphs(&mut p, "UBND TỈNH", 80.0, 60.0, 13.0);
        text_glyphs(&mut p, "CỘNG HÒA", 330.0, 60.0, 13.0);
        text_glyphs(&mut p, "SỞ GTVT", 80.0, 76.0, 13.0);
        text_glyphs(&mut p, "Độc lập", 330.0, 76.0, 13.0);
        text_glyphs(&mut p, "Số: 04/KH", 80.0, 100.0, 13.0);
        text_glyphs(&mut p, "Tuyên Quang, ngày 14", 300.0, 100.0, 13.0);
        // body line across the page ends the region
        text_glyphs(&mut p, &"x".repeat(70), 72.0, 140.0, 13.0);
        let l = layout_page(&p, &crate::tasks::header_role);
        assert_eq!(
            texts(&l)[..6],
            [
                "UBND TỈNH",
                "SỞ GTVT",
                "Số: 04/KH",
                "CỘNG HÒA",
                "Độc lập",
                "Tuyên Quang, ngày 14"
            ]
        );
    }

    #[test]
    fn superscript_marker_stays_on_its_line() {
        let mut p = page();
        text_glyphs(&mut p, "áp dụng", 72.0, 200.0, 13.0);
        text_glyphs(&mut p, "(1)", 72.0 + 6.0 * 6.5 + 3.25, 195.5, 8.0);
        text_glyphs(&mut p, "tiếp", 72.0, 215.0, 13.0);
        let l = layout_page(&p, &crate::tasks::header_role);
        assert_eq!(texts(&l), vec!["áp dụng(1)", "tiếp"]);
    }

    #[test]
    fn combining_marks_join_their_letter() {
        let mut p = page();
        // "Kế" stored decomposed: e + U+0302 + U+0301, marks with zero advance
        for (ch, x, w) in [
            ('K', 72.0, 6.0),
            ('e', 78.0, 6.0),
            ('\u{302}', 78.0, 0.0),
            ('\u{301}', 78.0, 0.0),
        ] {
            p.glyphs.push(Glyph {
                ch,
                code: 0,
                x,
                y: 100.0,
                width: w,
                size: 13.0,
                font: 0,
                ocr: None,
            });
        }
        let l = layout_page(&p, &crate::tasks::header_role);
        assert_eq!(texts(&l), vec!["Ke\u{302}\u{301}"]);
    }
}
