//! PDF stage: bytes → pages of positioned glyphs and ruling lines.
//!
//! This is the only module that knows which PDF engine is used (lopdf 0.47
//! for the object model plus our own content-stream interpreter; see the
//! README's design notes). Everything downstream sees only the types below.
//!
//! Coordinates: PDF user space is converted to a *reading* page space with
//! the origin at the top-left corner, `x` to the right and `y` downwards,
//! after the page's `/Rotate` has been applied. A landscape page stored as a
//! rotated portrait page therefore comes out landscape here.

use crate::issue_kind::IssueKind;
use serde::Serialize;

/// One shown character, placed on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    /// Unicode as mapped by the font (ToUnicode CMap, encoding and
    /// differences, or Identity). For legacy TCVN3/VNI fonts this is the
    /// undecoded "Latin-1 garbage"; decoding happens in a later stage.
    /// A code that maps to several characters (ligatures) becomes several
    /// glyphs sharing the advance.
    pub ch: char,
    /// The raw character code from the content stream (one or two bytes).
    pub code: u32,
    /// Origin of the glyph (left end of the baseline), reading page space.
    pub x: f32,
    /// Baseline y, reading page space (grows downwards).
    pub y: f32,
    /// Horizontal advance in page units (already scaled).
    pub width: f32,
    /// Effective font size in page units (font size × text matrix × CTM).
    pub size: f32,
    /// Index into [`Page::fonts`].
    pub font: u16,
    /// Set by the OCR stage on the glyphs it recognised; None for text from
    /// the PDF's own text layer (which carries no confidence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrMark>,
}

/// What the OCR stage knows about one glyph it recognised.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OcrMark {
    /// Tesseract's confidence in the word the glyph is part of, 0–100.
    pub conf: f32,
    /// The spelling repair (`ocr::ortho`) changed this glyph.
    pub repaired: bool,
}

/// A straight ruling line (table border, footnote separator, underline),
/// from a thin filled rectangle (`re f`) or a stroked path (`m l S`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rule {
    /// Left/top end; `x0 <= x1`, `y0 <= y1`, reading page space.
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rule {
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0) <= 2.0 && (self.x1 - self.x0) > (self.y1 - self.y0)
    }
    pub fn is_vertical(&self) -> bool {
        (self.x1 - self.x0) <= 2.0 && (self.y1 - self.y0) > (self.x1 - self.x0)
    }
}

/// A font used on a page, as declared in its resources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FontInfo {
    /// Resource name (`F1`).
    pub resource: String,
    /// `/BaseFont` without a subset prefix (`ABCDEF+`): `.VnTime`, `TimesNewRomanPSMT`.
    pub base_font: String,
    /// `Type1`, `TrueType`, `Type0`, `Type3`.
    pub subtype: String,
    /// Encoding name (`WinAnsiEncoding`, `Identity-H`, `custom`, `builtin`).
    pub encoding: String,
    /// Whether a `/ToUnicode` CMap was present and used.
    pub has_to_unicode: bool,
}

/// One page of positioned content.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Page size after rotation, in points.
    pub width: f32,
    pub height: f32,
    /// The page dictionary's `/Rotate` (0, 90, 180, 270).
    pub rotate: i32,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub fonts: Vec<FontInfo>,
    /// Number of image XObjects / inline images painted on the page.
    pub images: u32,
    /// How many of `glyphs` are drawn invisibly (text render mode 3 or 7),
    /// typically a hidden OCR layer under a scanned image.
    pub invisible_glyphs: u32,
    /// Resolution (pixels per inch, as painted) of the largest image XObject
    /// on the page, if it covers a quarter of the page or more: a scan's own
    /// resolution, which the OCR stage renders at a whole multiple of.
    pub scan_dpi: Option<f32>,
    /// Problems met while reading this page (the page may be partial).
    pub warnings: Vec<String>,
}

impl Page {
    /// Whether the page has a text layer worth reading (at least a few
    /// non-space glyphs). Whether that text is *usable* Vietnamese is
    /// decided later (legacy-encoding / OCR work).
    pub fn has_text_layer(&self) -> bool {
        self.glyphs
            .iter()
            .filter(|g| !g.ch.is_whitespace())
            .take(8)
            .count()
            >= 8
    }
}

/// Document information (`/Info` dictionary and trailer facts).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocInfo {
    pub pages: u32,
    pub pdf_version: String,
    pub producer: Option<String>,
    pub creator: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    /// `/CreationDate` as ISO 8601 when it parses, else as written.
    pub creation_date: Option<String>,
    /// Encrypted with an empty user password (owner password only).
    pub encrypted: bool,
}

mod budget;
mod cmap;
mod content;
mod encoding;
mod file;
mod filters;
mod font;
mod glyphlist;
mod std14;
mod tables;
pub use file::PdfFile;

/// Why a PDF could not be opened at all. Page-level problems are not
/// errors: they become [`Page::warnings`] and the other pages go on.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("empty file (0 bytes)")]
    Empty,
    #[error("not a PDF: {0}")]
    NotPdf(String),
    #[error("damaged PDF, could not be repaired: {0}")]
    Damaged(String),
    #[error("encrypted, password required")]
    Encrypted,
    #[error("the PDF has no pages")]
    NoPages,
    #[error("PDF engine failure: {0}")]
    Internal(String),
}

impl PdfError {
    /// Short machine-readable kind for `errors.csv`.
    pub fn kind(&self) -> IssueKind {
        match self {
            PdfError::Empty => IssueKind::Empty,
            PdfError::NotPdf(_) => IssueKind::NotPdf,
            PdfError::Damaged(_) => IssueKind::Damaged,
            PdfError::Encrypted => IssueKind::Encrypted,
            PdfError::NoPages => IssueKind::NoPages,
            PdfError::Internal(_) => IssueKind::Internal,
        }
    }
}

/// Resource limits that keep hostile files from exhausting memory or time.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Content-stream operators interpreted per page (including forms).
    pub max_ops_per_page: usize,
    /// Glyphs kept per page.
    pub max_glyphs_per_page: usize,
    /// Nesting depth of form XObjects.
    pub max_form_depth: usize,
    /// When reading must stop (`--time-limit`): checked inside each page's
    /// operator loop, so a page stops at the deadline with a warning.
    pub deadline: Option<std::time::Instant>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_ops_per_page: 2_000_000,
            max_glyphs_per_page: 500_000,
            max_form_depth: 12,
            deadline: None,
        }
    }
}

/// Value of one hex digit of a PDF hex string (`<48656C6C6F>`); other bytes
/// (white space, junk) are skipped by the callers.
pub(crate) fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}
