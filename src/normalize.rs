//! Normalisation stage: laid-out pages → clean paragraphs and footnotes.
//!
//! * characters: NFC, one kind of dash, straight quotes, no non-breaking or
//!   zero-width spaces, single spaces;
//! * page furniture: page numbers and running headers/footers are dropped
//!   (and listed in [`Text::removed`] so a reviewer can see what went);
//! * footnotes: lines below a short separator rule at the page bottom become
//!   [`Footnote`]s, out of the body;
//! * paragraphs: lines a paragraph or heading was wrapped over are re-joined.
//!   A new paragraph starts only at a numbering pattern or bullet, after a
//!   short line, at a first-line indent, at a change of style, or after a
//!   real vertical gap. Every paragraph keeps the pages it came from.

use crate::layout::{Item, Line, PageLayout};
pub use crate::vn::clean;
use crate::vn::join_wrapped;
use regex::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParaKind {
    /// Running text, a heading, a list item, a header-block line.
    Body,
    /// One row of a table: cells separated by TAB.
    TableRow,
}

/// A paragraph (đoạn) of normalised text with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    pub text: String,
    pub kind: ParaKind,
    /// Page of the first line (1-based).
    pub page: u32,
    /// Page of the last line.
    pub page_end: u32,
    /// Position of the first line (points, from the top-left).
    pub x0: f32,
    pub top: f32,
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
    /// Set centred in its column (titles, signature block).
    pub centered: bool,
    /// The box of its lines on its first page, `[x0, top, x1, bottom]` in
    /// points from the top left (none for a table row's text).
    #[serde(skip)]
    pub bbox: Option<[f32; 4]>,
}

/// A footnote (chú thích) separated from the body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Footnote {
    /// Marker as printed: `1`, `(1)`, `*`; empty when none was found.
    pub label: String,
    pub text: String,
    pub page: u32,
}

/// Text dropped as page furniture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Removed {
    pub page: u32,
    pub text: String,
    /// `page_number` or `running_header`.
    pub reason: &'static str,
}

/// The normalised text of a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Text {
    pub paragraphs: Vec<Paragraph>,
    pub footnotes: Vec<Footnote>,
    pub removed: Vec<Removed>,
}

impl Text {
    /// The text as `kehoach text` prints it: paragraphs separated by a blank
    /// line, footnotes after the body.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for p in &self.paragraphs {
            out.push_str(&p.text);
            out.push_str("\n\n");
        }
        for f in &self.footnotes {
            if f.label.is_empty() || f.text.starts_with(&f.label) {
                out.push_str(&f.text);
            } else {
                out.push_str(&f.label);
                out.push(' ');
                out.push_str(&f.text);
            }
            out.push_str("\n\n");
        }
        out
    }
}

/// Whether a line starts a new unit by its numbering or bullet.
pub fn starts_unit(text: &str) -> bool {
    crate::scan::numbering::parse_numbering(text).is_some()
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[-–—\s]*(?:trang\s*)?\d{1,4}(?:\s*(?:/|trên)\s*\d{1,4})?[-–—\s]*$")
        .expect("page number regex")
});

static FOOTNOTE_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\(\d{1,3}\)|\d{1,3}|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*").expect("footnote regex")
});

/// A margin line, with what it is needed for furniture detection.
fn furniture_key(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect::<String>()
        .to_lowercase()
}

/// A document table as this stage writes it: its rows, header first, put
/// where its first piece is (the table joined across pages is written once).
#[derive(Debug, Clone)]
pub struct TableText<'a> {
    /// (page index, item index) of its first piece in the laid-out pages.
    pub at: (usize, usize),
    pub rows: Vec<&'a [String]>,
}

/// Runs the normalisation stage over a document's pages.
pub fn normalize(pages: &[PageLayout], tables: &[TableText]) -> Text {
    let mut text = Text::default();
    let drop = furniture(pages, &mut text.removed);
    let mut builder = Builder::default();
    for (pi, page) in pages.iter().enumerate() {
        let foot_top = footnote_separator(page);
        let mut foot_lines: Vec<&Line> = Vec::new();
        for (ii, item) in page.items.iter().enumerate() {
            if drop.contains(&(pi, ii)) {
                continue;
            }
            match item {
                Item::Line(l) => {
                    if foot_top.is_some_and(|y| l.top >= y - 1.0) {
                        foot_lines.push(l);
                    } else {
                        builder.push_line(l, page);
                    }
                }
                Item::Table(_) => {
                    builder.flush();
                    // A table is written once, where its first piece is,
                    // after its pieces were joined across pages.
                    let Some(t) = tables.iter().find(|t| t.at == (pi, ii)) else {
                        continue;
                    };
                    for cells in &t.rows {
                        if cells.iter().all(|c| c.is_empty()) {
                            continue;
                        }
                        let text = cells
                            .iter()
                            .map(|c| glue_symbol_breaks(&c.replace('\n', " ")))
                            .collect::<Vec<_>>()
                            .join("\t");
                        builder.out.push(Paragraph {
                            text,
                            kind: ParaKind::TableRow,
                            page: page.number,
                            page_end: page.number,
                            x0: 0.0,
                            top: 0.0,
                            size: 0.0,
                            bold: false,
                            italic: false,
                            centered: false,
                            bbox: None,
                        });
                    }
                }
            }
        }
        text.footnotes.extend(footnotes(&foot_lines, page.number));
    }
    builder.flush();
    text.paragraphs = builder.out;
    text
}

/// Finds page numbers and running headers/footers: `(page index, item index)`.
fn furniture(
    pages: &[PageLayout],
    removed: &mut Vec<Removed>,
) -> std::collections::HashSet<(usize, usize)> {
    let mut drop = std::collections::HashSet::new();
    // Margin lines: the first/last lines of a page within the top/bottom 12%.
    let mut margin: Vec<(usize, usize, String)> = Vec::new();
    for (pi, page) in pages.iter().enumerate() {
        let h = page.height.max(1.0);
        for (ii, item) in page.items.iter().enumerate() {
            let Item::Line(l) = item else { continue };
            let in_margin = l.bottom < 0.12 * h || l.top > 0.90 * h;
            if !in_margin {
                continue;
            }
            let t = clean(&l.text);
            if PAGE_NUMBER.is_match(&t) {
                drop.insert((pi, ii));
                removed.push(Removed {
                    page: page.number,
                    text: t,
                    reason: "page_number",
                });
            } else {
                margin.push((pi, ii, furniture_key(&t)));
            }
        }
    }
    if pages.len() >= 3 {
        let mut count: HashMap<&str, std::collections::HashSet<usize>> = HashMap::new();
        for (pi, _, k) in &margin {
            count.entry(k.as_str()).or_default().insert(*pi);
        }
        let need = (pages.len() / 2).max(3);
        for (pi, ii, k) in &margin {
            if count.get(k.as_str()).is_some_and(|s| s.len() >= need) {
                drop.insert((*pi, *ii));
                if let Some(Item::Line(l)) = pages[*pi].items.get(*ii) {
                    removed.push(Removed {
                        page: pages[*pi].number,
                        text: clean(&l.text),
                        reason: "running_header",
                    });
                }
            }
        }
    }
    drop
}

/// The y of a footnote separator: a short horizontal rule in the lower half
/// of the page, starting near the left of the text, with text below it.
fn footnote_separator(page: &PageLayout) -> Option<f32> {
    let left = page.lines().map(|l| l.x0).fold(f32::MAX, f32::min);
    let lines: Vec<&Line> = page.lines().collect();
    page.rules
        .iter()
        .filter(|r| r.is_horizontal())
        .filter(|r| {
            let w = r.x1 - r.x0;
            w >= 0.08 * page.width
                && w <= 0.5 * page.width
                && r.y0 > 0.5 * page.height
                && (r.x0 - left).abs() < 0.1 * page.width
        })
        .filter(|r| !in_table(page, r.x0, r.y0))
        .filter(|r| {
            // text below the rule, and it is smaller or equal to the body
            lines.iter().any(|l| l.top >= r.y0 - 1.0)
                && !lines.iter().any(|l| l.top < r.y0 && l.bottom > r.y0 + 1.0)
        })
        .map(|r| r.y0)
        .fold(None, |acc: Option<f32>, y| {
            Some(acc.map_or(y, |a| a.min(y)))
        })
}

fn in_table(page: &PageLayout, x: f32, y: f32) -> bool {
    page.items.iter().any(|i| match i {
        Item::Table(t) => {
            x >= t.x0 - 2.0 && x <= t.x1 + 2.0 && y >= t.top - 2.0 && y <= t.bottom + 2.0
        }
        Item::Line(_) => false,
    })
}

fn footnotes(lines: &[&Line], page: u32) -> Vec<Footnote> {
    let mut out: Vec<Footnote> = Vec::new();
    for l in lines {
        let t = clean(&l.text);
        if t.is_empty() || PAGE_NUMBER.is_match(&t) {
            continue;
        }
        // A marker at the start of the line starts a new note; so does a
        // first word set smaller (a superscript number).
        let small_first = l
            .words
            .first()
            .is_some_and(|w| w.size < 0.85 * l.size && w.text.chars().all(|c| c.is_ascii_digit()));
        if let Some(m) = FOOTNOTE_MARK
            .captures(&t)
            .filter(|_| small_first || out.is_empty() || t.starts_with('('))
        {
            let label = m.get(1).map_or("", |g| g.as_str()).to_string();
            let rest = t[m.get(0).map_or(0, |g| g.end())..].to_string();
            out.push(Footnote {
                label,
                text: rest,
                page,
            });
        } else if let Some(last) = out.last_mut() {
            join_wrapped(&mut last.text, &t);
        } else {
            out.push(Footnote {
                label: String::new(),
                text: t,
                page,
            });
        }
    }
    out
}

#[derive(Default)]
struct Builder {
    out: Vec<Paragraph>,
    cur: Option<(Paragraph, LineFacts)>,
    /// Typical baseline pitch per page (computed lazily).
    pitch: HashMap<u32, f32>,
}

#[derive(Clone, Copy)]
struct LineFacts {
    page: u32,
    x0: f32,
    x1: f32,
    top: f32,
    bottom: f32,
    baseline: f32,
    size: f32,
    bold: bool,
    col_x0: f32,
    col_x1: f32,
    centered: bool,
}

fn facts(l: &Line) -> LineFacts {
    let col_w = (l.col_x1 - l.col_x0).max(1.0);
    let left_space = l.x0 - l.col_x0;
    let right_space = l.col_x1 - l.x1;
    let centered = left_space > 2.0 * l.size
        && right_space > 0.5 * l.size
        && (left_space - right_space).abs() < 0.08 * col_w + l.size;
    LineFacts {
        page: l.page,
        x0: l.x0,
        x1: l.x1,
        top: l.top,
        bottom: l.bottom,
        baseline: l.baseline,
        size: l.size,
        bold: l.bold,
        col_x0: l.col_x0,
        col_x1: l.col_x1,
        centered,
    }
}

/// Typical distance between baselines of consecutive lines on a page.
fn typical_pitch(page: &PageLayout) -> f32 {
    let mut d: Vec<f32> = Vec::new();
    let lines: Vec<&Line> = page.lines().collect();
    for w in lines.windows(2) {
        let dy = w[1].baseline - w[0].baseline;
        if dy > 0.5 * w[0].size && dy < 3.0 * w[0].size && (w[1].size - w[0].size).abs() < 1.0 {
            d.push(dy);
        }
    }
    if d.is_empty() {
        return 0.0;
    }
    d.sort_by(f32::total_cmp);
    d[d.len() / 3]
}

impl Builder {
    fn flush(&mut self) {
        if let Some((p, _)) = self.cur.take() {
            if !p.text.is_empty() {
                self.out.push(p);
            }
        }
    }

    fn push_line(&mut self, l: &Line, page: &PageLayout) {
        let text = clean(&l.text);
        if text.is_empty() {
            return;
        }
        let pitch = *self
            .pitch
            .entry(page.number)
            .or_insert_with(|| typical_pitch(page));
        let f = facts(l);
        let join = match &self.cur {
            Some((para, prev)) => continues(prev, &f, &text, &para.text, pitch),
            None => false,
        };
        if join {
            if let Some((p, prev)) = self.cur.as_mut() {
                join_wrapped(&mut p.text, &text);
                if let Some(b) = p.bbox.as_mut().filter(|_| f.page == p.page) {
                    *b = [
                        b[0].min(f.x0),
                        b[1].min(f.top),
                        b[2].max(f.x1),
                        b[3].max(f.bottom),
                    ];
                }
                p.page_end = f.page;
                p.bold = p.bold && f.bold;
                *prev = f;
            }
            return;
        }
        self.flush();
        self.cur = Some((
            Paragraph {
                text,
                kind: ParaKind::Body,
                page: f.page,
                page_end: f.page,
                x0: f.x0,
                top: f.top,
                size: f.size,
                bold: f.bold,
                italic: l.italic,
                centered: f.centered,
                bbox: Some([f.x0, f.top, f.x1, f.bottom]),
            },
            f,
        ));
    }
}

/// Whether line `l` (text `text`) continues the paragraph whose last line is `p`.
fn continues(p: &LineFacts, l: &LineFacts, text: &str, prev_text: &str, pitch: f32) -> bool {
    let size = p.size.max(l.size);
    if let Some(n) = crate::scan::numbering::parse_numbering(text) {
        // `giai đoạn 2021` / `- 2025;`: a dash after a full line that ends
        // mid-sentence is the line's continuation, not a bullet.
        let full = p.x1 >= p.col_x1 - 2.5 * size;
        let mid_sentence = !prev_text.ends_with(['.', ';', ':', '!', '?']);
        let dash_then_digit = n.kind == crate::scan::numbering::NumberingKind::Bullet
            && n.rest.starts_with(|c: char| c.is_ascii_digit());
        if !(full && mid_sentence && dash_then_digit) {
            return false;
        }
    }
    if p.bold != l.bold || (p.size - l.size).abs() > 0.15 * p.size.max(l.size) {
        return false;
    }
    let short = p.x1 < p.col_x1 - 2.5 * size;
    if p.centered || l.centered {
        // Centred lines (titles, header bodies) wrapped over lines: join when
        // they share a centre, after a long first line or when the next line
        // obviously continues the phrase.
        let col_w = (p.col_x1 - p.col_x0).max(1.0);
        let continues_phrase = text
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
        let centers_match = ((p.x0 + p.x1) - (l.x0 + l.x1)).abs() / 2.0 < 1.5 * size;
        // `CỘNG HÒA XÃ HỘI ...` / `Độc lập - Tự do - Hạnh phúc`: a change of
        // case starts a new line of a block.
        let case_change = crate::vn::is_upper_text(prev_text) != crate::vn::is_upper_text(text);
        return centers_match
            && (!case_change || continues_phrase)
            && l.page == p.page
            && ((p.x1 - p.x0) > 0.6 * col_w || continues_phrase)
            && l.top - p.bottom < 0.8 * size;
    }
    if short {
        return false;
    }
    // First-line indent of a new paragraph.
    if l.x0 > p.x0 + 0.8 * size && l.x0 > l.col_x0 + 0.8 * size {
        return false;
    }
    if (p.col_x0 - l.col_x0).abs() > 2.0 * size || (p.col_x1 - l.col_x1).abs() > 2.0 * size {
        return false;
    }
    if l.page != p.page {
        return true;
    }
    if l.top < p.top {
        return false;
    }
    let dy = l.baseline - p.baseline;
    let limit = if pitch > 0.0 {
        pitch * 1.3 + 1.0
    } else {
        1.8 * size
    };
    dy <= limit
}

/// Table cells keep a line break after a hyphen as `- ` (as printed:
/// `QĐ- TTg`); in running text a symbol cut there is one word again
/// (`QĐ-TTg`), so that legal references are read whole.
fn glue_symbol_breaks(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let glued = c == ' '
            && i >= 2
            && chars[i - 1] == '-'
            && chars[i - 2].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_uppercase());
        if !glued {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbol_breaks_are_glued_in_running_text() {
        assert_eq!(
            glue_symbol_breaks("số 38/2020/QĐ- TTg ngày"),
            "số 38/2020/QĐ-TTg ngày"
        );
        assert_eq!(glue_symbol_breaks("a - B và x- y"), "a - B và x- y");
    }

    #[test]
    fn clean_unifies_characters() {
        assert_eq!(
            clean("Độc lập – Tự do — Hạnh phúc"),
            "Độc lập - Tự do - Hạnh phúc"
        );
        assert_eq!(
            clean("“Chương trình”\u{00A0} số\u{200B}"),
            "\"Chương trình\" số"
        );
        // NFD → NFC
        assert_eq!(clean("Ke\u{302}\u{301} hoa\u{323}ch"), "Kế hoạch");
        assert_eq!(clean("  a \t b  "), "a b");
    }

    #[test]
    fn numbering_starts_units_without_look_alikes() {
        for s in [
            "I. MỤC TIÊU",
            "1. Mục tiêu chung",
            "2.1. Phần mềm",
            "3.2.Mục tiêu đến năm 2025",
            "4.2.1. Ứng dụng",
            "4.2.2 Cung cấp",
            "a) Nâng cao",
            "đ) Tỷ lệ",
            "- Phần mềm",
            "+ 100% Phòng",
            "Phần I",
            "(1) Nền tảng",
        ] {
            assert!(starts_unit(s), "{s}");
        }
        for s in [
            "2024, góp phần hoàn thành",
            "1.000 hồ sơ",
            "30/6/2024",
            "Giang về Xây dựng",
            "100% hồ sơ",
        ] {
            assert!(!starts_unit(s), "{s}");
        }
    }

    #[test]
    fn page_numbers_recognised() {
        for s in ["2", "- 3 -", "Trang 4", "5/12"] {
            assert!(PAGE_NUMBER.is_match(s), "{s}");
        }
        assert!(!PAGE_NUMBER.is_match("2. Chỉ tiêu"));
    }
}
